import Ember
import OrderedCollections

// An `.ember` file is a safetensors file: the state tensors by name, and the graph as JSON
// in the header's `__metadata__` (key `ember.exported_program`). Loading parses data only and
// checks every index and op name, so a file can run no code but Ember's own ops.

extension ExportedProgram {
    static let metadataKey = "ember.exported_program"
    static let formatVersion = 1

    /// Writes the program to one file (atomically): `torch.export.save`.
    ///
    /// - Throws: `EmberIOError` when the file cannot be written.
    public func save(to path: String) throws {
        var tensors: OrderedDictionary<String, Tensor> = [:]
        for (name, t) in state { tensors[name] = t.isContiguous ? t : t.contiguous() }
        try Ember.save(tensors, to: path, metadata: [ExportedProgram.metadataKey: programJSON().serialized])
    }

    /// Reads a program `save(to:)` wrote: `torch.export.load`.
    ///
    /// - Throws: `EmberIOError` for a file that is not an exported program, is damaged, or
    ///   names an op this Ember version does not have.
    public static func load(from path: String) throws -> ExportedProgram {
        let (tensors, metadata) = try loadSafetensors(from: path)
        guard let text = metadata[metadataKey] else {
            throw EmberIOError("not an exported program (no '\(metadataKey)' metadata)", path: path)
        }
        do {
            return try ProgramDecoder(path: path, tensors: tensors).decode(JSONParser.parse(text))
        } catch let error as EmberIOError {
            throw EmberIOError(error.message, path: path)
        }
    }

    func programJSON() -> JSONValue {
        func sym(_ s: SymInt) -> JSONValue {
            if let v = s.constantValue { return .int(v) }
            var terms: OrderedDictionary<String, JSONValue> = [:]
            for (k, c) in s.terms.sorted(by: { $0.key < $1.key }) { terms[k] = .int(c) }
            return .object(["constant": .int(s.constant), "terms": .object(terms)])
        }
        func argument(_ a: GraphArgument) -> JSONValue {
            switch a {
            case .value(let v): .object(["value": .int(v)])
            case .none: .object(["none": .bool(true)])
            case .values(let vs): .object(["values": .array(vs.map { .int($0) })])
            case .int(let s): .object(["int": sym(s)])
            case .ints(let list): .object(["ints": .array(list.map(sym))])
            // Bit patterns: exact, and JSON has no infinity (masks use -inf).
            case .double(let d): .object(["double": .string(String(d.bitPattern, radix: 16))])
            case .bool(let b): .object(["bool": .bool(b)])
            case .string(let s): .object(["string": .string(s)])
            case .dtype(let d): .object(["dtype": .string(d.description)])
            }
        }
        let values: [JSONValue] = graph.values.map {
            .object(["name": .string($0.name), "shape": .array($0.shape.map(sym)), "dtype": .string($0.dtype.description)])
        }
        let inputs: [JSONValue] = graph.inputs.map {
            .object(["value": .int($0.value), "kind": .string($0.kind.rawValue), "target": $0.target.map { .string($0) } ?? .null])
        }
        let nodes: [JSONValue] = graph.nodes.map {
            .object(["target": .string($0.target), "arguments": .array($0.arguments.map(argument)),
                     "outputs": .array($0.outputs.map { .int($0) }), "file": .string($0.file), "line": .int($0.line)])
        }
        let ranges: [JSONValue] = rangeConstraints.values.map {
            .object(["name": .string($0.name), "min": .int($0.min), "max": .int($0.max)])
        }
        return .object(["version": .int(ExportedProgram.formatVersion), "values": .array(values), "inputs": .array(inputs),
                        "nodes": .array(nodes), "outputs": .array(graph.outputs.map { .int($0) }), "ranges": .array(ranges)])
    }
}

/// Reads the graph JSON back, checking everything a damaged or hand-written file could get
/// wrong before the interpreter relies on it.
private struct ProgramDecoder {
    let path: String
    let tensors: OrderedDictionary<String, Tensor>

    func fail(_ message: String) -> EmberIOError { EmberIOError("exported program: \(message)", path: path) }

    func decode(_ json: JSONValue) throws -> ExportedProgram {
        guard let root = json.object else { throw fail("the graph is not a JSON object") }
        guard root["version"]?.int == ExportedProgram.formatVersion else {
            throw fail("unsupported format version \(root["version"].map { $0.serialized } ?? "none") (this Ember reads \(ExportedProgram.formatVersion))")
        }
        var graph = Graph()
        for v in try array(root["values"], "values") {
            guard let o = v.object, let name = o["name"]?.string, let shape = o["shape"]?.array,
                  let dtype = o["dtype"]?.string.flatMap(dtypeNamed) else { throw fail("a value entry is malformed") }
            graph.values.append(GraphValue(name: name, shape: try shape.map(sym), dtype: dtype))
        }
        let count = graph.values.count
        func index(_ j: JSONValue?) throws -> Int {
            guard let i = j?.int, i >= 0, i < count else { throw fail("a value index is out of range") }
            return i
        }
        for i in try array(root["inputs"], "inputs") {
            guard let o = i.object, let kind = o["kind"]?.string.flatMap(GraphInputKind.init(rawValue:)) else {
                throw fail("an input entry is malformed")
            }
            let target = o["target"]?.string
            let input = GraphInput(value: try index(o["value"]), kind: kind, target: target)
            if kind != .userInput {
                guard let target, let t = tensors[target] else { throw fail("state tensor '\(target ?? "?")' is missing") }
                let expected = graph.values[input.value]
                guard t.dtype == expected.dtype, t.shape == expected.shape.map(\.constant), expected.shape.allSatisfy({ $0.terms.isEmpty }) else {
                    throw fail("state tensor '\(target)' has shape \(t.shape) \(t.dtype), the graph expects \(expected.shape) \(expected.dtype)")
                }
            }
            graph.inputs.append(input)
        }
        for n in try array(root["nodes"], "nodes") {
            guard let o = n.object, let target = o["target"]?.string, let arguments = o["arguments"]?.array,
                  let outputs = o["outputs"]?.array else { throw fail("a node entry is malformed") }
            guard ExportOps.isKnown(target) else { throw fail("unknown op '\(target)' (not an op of this Ember version)") }
            graph.nodes.append(GraphNode(target: target, arguments: try arguments.map { try argument($0, index) },
                                         outputs: try outputs.map { try index($0) },
                                         file: o["file"]?.string ?? "?", line: o["line"]?.int ?? 0))
        }
        graph.outputs = try array(root["outputs"], "outputs").map { try index($0) }
        try checkOrder(graph)
        var dims: OrderedDictionary<String, Dim> = [:]
        for r in try array(root["ranges"], "ranges") {
            guard let o = r.object, let name = o["name"]?.string, let lo = o["min"]?.int, let hi = o["max"]?.int,
                  !name.isEmpty, lo >= 0, lo <= hi else { throw fail("a range entry is malformed") }
            dims[name] = Dim(name, min: lo, max: hi)
        }
        for value in graph.values {
            for s in value.shape { for symbol in s.terms.keys where dims[symbol] == nil { throw fail("symbol '\(symbol)' has no range") } }
        }
        var state: OrderedDictionary<String, Tensor> = [:]
        for input in graph.inputs where input.kind != .userInput { state[input.target!] = tensors[input.target!] }
        return ExportedProgram(graph: graph, state: state, dims: dims)
    }

    /// Every value is defined once (an input or one node's output) before it is read.
    func checkOrder(_ graph: Graph) throws {
        var defined = [Bool](repeating: false, count: graph.values.count)
        for input in graph.inputs {
            if defined[input.value] { throw fail("value \(input.value) is defined twice") }
            defined[input.value] = true
        }
        for node in graph.nodes {
            for argument in node.arguments {
                var read: [Int] = []
                if case .value(let v) = argument { read = [v] }
                if case .values(let vs) = argument { read = vs }
                if let v = read.first(where: { !defined[$0] }) { throw fail("\(node.target) reads value \(v) before it is defined") }
            }
            for o in node.outputs {
                if defined[o] { throw fail("value \(o) is defined twice") }
                defined[o] = true
            }
        }
        if let o = graph.outputs.first(where: { !defined[$0] }) { throw fail("output value \(o) is never defined") }
    }

    func array(_ j: JSONValue?, _ name: String) throws -> [JSONValue] {
        guard let a = j?.array else { throw fail("'\(name)' is missing") }
        return a
    }

    func sym(_ j: JSONValue) throws -> SymInt {
        if let v = j.int { return SymInt(v) }
        guard let o = j.object, let c = o["constant"]?.int, let terms = o["terms"]?.object else { throw fail("a size is malformed") }
        var t: [String: Int] = [:]
        for (k, v) in terms {
            guard let c = v.int else { throw fail("a size is malformed") }
            t[k] = c
        }
        return SymInt(constant: c, terms: t)
    }

    func argument(_ j: JSONValue, _ index: (JSONValue?) throws -> Int) throws -> GraphArgument {
        guard let o = j.object, o.count == 1, let (key, v) = o.elements.first else { throw fail("an argument is malformed") }
        switch key {
        case "value": return .value(try index(v))
        case "none": return .none
        case "values": return .values(try array(v, "values").map { try index($0) })
        case "int": return .int(try sym(v))
        case "ints": return .ints(try array(v, "ints").map(sym))
        case "double":
            guard let s = v.string, let bits = UInt64(s, radix: 16) else { throw fail("a float argument is malformed") }
            return .double(Double(bitPattern: bits))
        case "bool":
            guard case .bool(let b) = v else { throw fail("a bool argument is malformed") }
            return .bool(b)
        case "string":
            guard let s = v.string else { throw fail("a string argument is malformed") }
            return .string(s)
        case "dtype":
            guard let d = v.string.flatMap(dtypeNamed) else { throw fail("a dtype argument is malformed") }
            return .dtype(d)
        default: throw fail("unknown argument kind '\(key)'")
        }
    }

    func dtypeNamed(_ name: String) -> DType? { DType.allCases.first { $0.description == name } }
}
