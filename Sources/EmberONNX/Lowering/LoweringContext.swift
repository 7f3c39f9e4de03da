import Ember

/// An attribute value of an ONNX node being built.
public enum ONNXAttributeValue {
    /// `INT`.
    case int(Int)
    /// `INTS`.
    case ints([Int])
    /// `FLOAT`.
    case float(Double)
    /// `FLOATS`.
    case floats([Double])
    /// `STRING`.
    case string(String)
    /// `STRINGS`.
    case strings([String])
    /// `TENSOR` (a `Constant`'s value).
    case tensor(Tensor)
}

/// An ONNX node as lowering builds it; the exporter encodes it.
public struct ONNXNodeSpec {
    /// The operator (`Gemm`).
    public var opType: String
    /// Input value names; "" for an absent optional input.
    public var inputs: [String]
    /// Output value names.
    public var outputs: [String]
    /// Attributes, in a stable order.
    public var attributes: [(name: String, value: ONNXAttributeValue)]
    /// A unique node name (`/fc1/Gemm_3`-style names are not needed by ONNX).
    public var name: String
}

/// An export failure with a clear message (an op ONNX cannot express, an opset too old).
public struct ONNXExportError: Error, CustomStringConvertible {
    /// What went wrong, naming the op and the user's line where it applies.
    public let message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// What a lowering reads and writes: the captured graph's values by ONNX name, and the ONNX
/// nodes and initializers built so far.
public final class ONNXLoweringContext {
    /// The ONNX opset being written (17–21).
    public let opset: Int
    /// The captured graph.
    public let graph: Graph
    /// Nodes in order.
    public private(set) var nodes: [ONNXNodeSpec] = []
    /// Initializers (weights and constants), by name, in order.
    public private(set) var initializers: [(name: String, tensor: Tensor)] = []
    private var valueNames: [String]
    private var usedNames: Set<String>
    /// Where each dynamic symbol's size can be read: a graph input's name and axis.
    private let symbolSources: [String: (input: String, axis: Int)]
    private var symbolScalars: [String: String] = [:]
    private var int64Constants: [[Int]: String] = [:]
    private var counter = 0

    /// A context over `graph` whose values are named `valueNames` in the ONNX model.
    public init(graph: Graph, opset: Int, valueNames: [String], symbolSources: [String: (input: String, axis: Int)]) {
        self.graph = graph
        self.opset = opset
        self.valueNames = valueNames
        self.usedNames = Set(valueNames)
        self.symbolSources = symbolSources
    }

    // MARK: Reading the node

    /// The ONNX name of graph value `value`.
    public func name(_ value: Int) -> String { valueNames[value] }
    /// The ONNX names of a node's outputs, in order.
    public func outputNames(_ node: GraphNode) -> [String] { node.outputs.map { valueNames[$0] } }
    /// The shape of a graph value (symbolic where dynamic).
    public func shape(_ value: Int) -> [SymInt] { graph.values[value].shape }
    /// The dtype of a graph value.
    public func dtype(_ value: Int) -> DType { graph.values[value].dtype }

    /// The value of tensor argument `i` of `node`.
    public func value(_ node: GraphNode, _ i: Int) throws -> Int {
        guard i < node.arguments.count, case .value(let v) = node.arguments[i] else {
            throw fail(node, "argument \(i) is not a tensor")
        }
        return v
    }
    /// The ONNX name of tensor argument `i` of `node`.
    public func input(_ node: GraphNode, _ i: Int) throws -> String { name(try value(node, i)) }
    /// The ONNX name of an optional tensor argument, nil when absent.
    public func optionalInput(_ node: GraphNode, _ i: Int) throws -> String? {
        guard i < node.arguments.count else { return nil }
        if case .none = node.arguments[i] { return nil }
        return try input(node, i)
    }
    /// A tensor-list argument's ONNX names.
    public func inputs(_ node: GraphNode, _ i: Int) throws -> [String] {
        guard i < node.arguments.count, case .values(let vs) = node.arguments[i] else {
            throw fail(node, "argument \(i) is not a tensor list")
        }
        return vs.map { name($0) }
    }
    /// A constant integer argument (an error when it depends on a dynamic dimension).
    public func int(_ node: GraphNode, _ i: Int) throws -> Int {
        guard i < node.arguments.count, case .int(let s) = node.arguments[i] else { throw fail(node, "argument \(i) is not an integer") }
        guard let v = s.constantValue else { throw fail(node, "argument \(i) (\(s)) depends on a dynamic dimension") }
        return v
    }
    /// An optional constant integer argument.
    public func optionalInt(_ node: GraphNode, _ i: Int) throws -> Int? {
        guard i < node.arguments.count else { return nil }
        if case .none = node.arguments[i] { return nil }
        return try int(node, i)
    }
    /// A possibly symbolic integer argument.
    public func symInt(_ node: GraphNode, _ i: Int) throws -> SymInt {
        guard i < node.arguments.count, case .int(let s) = node.arguments[i] else { throw fail(node, "argument \(i) is not an integer") }
        return s
    }
    /// A constant integer-list argument.
    public func ints(_ node: GraphNode, _ i: Int) throws -> [Int] {
        try symInts(node, i).map { s in
            guard let v = s.constantValue else { throw fail(node, "argument \(i) depends on a dynamic dimension") }
            return v
        }
    }
    /// A possibly symbolic integer-list argument.
    public func symInts(_ node: GraphNode, _ i: Int) throws -> [SymInt] {
        guard i < node.arguments.count, case .ints(let v) = node.arguments[i] else { throw fail(node, "argument \(i) is not an integer list") }
        return v
    }
    /// A float argument (integers convert).
    public func double(_ node: GraphNode, _ i: Int) throws -> Double {
        guard i < node.arguments.count else { throw fail(node, "argument \(i) is missing") }
        switch node.arguments[i] {
        case .double(let d): return d
        case .int(let s): if let v = s.constantValue { return Double(v) }
        default: break
        }
        throw fail(node, "argument \(i) is not a number")
    }
    /// An optional float argument.
    public func optionalDouble(_ node: GraphNode, _ i: Int) throws -> Double? {
        guard i < node.arguments.count else { return nil }
        if case .none = node.arguments[i] { return nil }
        return try double(node, i)
    }
    /// A flag argument.
    public func bool(_ node: GraphNode, _ i: Int) throws -> Bool {
        guard i < node.arguments.count, case .bool(let b) = node.arguments[i] else { throw fail(node, "argument \(i) is not a bool") }
        return b
    }
    /// A string argument.
    public func string(_ node: GraphNode, _ i: Int) throws -> String {
        guard i < node.arguments.count, case .string(let s) = node.arguments[i] else { throw fail(node, "argument \(i) is not a string") }
        return s
    }
    /// A dtype argument.
    public func dtype(_ node: GraphNode, _ i: Int) throws -> DType {
        guard i < node.arguments.count, case .dtype(let d) = node.arguments[i] else { throw fail(node, "argument \(i) is not a dtype") }
        return d
    }

    /// An error naming the node's op and the user's line.
    public func fail(_ node: GraphNode, _ message: String) -> ONNXExportError {
        ONNXExportError("ONNX export of \(node.target) (called at \(node.location)): \(message)")
    }

    // MARK: Building

    /// A fresh value name starting with `hint`.
    public func fresh(_ hint: String) -> String {
        counter += 1
        var name = "/\(hint)_\(counter)"
        while usedNames.contains(name) { counter += 1; name = "/\(hint)_\(counter)" }
        usedNames.insert(name)
        return name
    }

    /// Adds a node; its outputs are `outputs` or, when nil, `outputCount` fresh names.
    /// Returns the output names.
    @discardableResult
    public func add(_ opType: String, _ inputs: [String], outputs: [String]? = nil, outputCount: Int = 1,
                    _ attributes: [(String, ONNXAttributeValue)] = []) -> [String] {
        let outs = outputs ?? (0..<outputCount).map { _ in fresh(opType) }
        counter += 1
        nodes.append(ONNXNodeSpec(opType: opType, inputs: inputs, outputs: outs,
                                  attributes: attributes.map { (name: $0.0, value: $0.1) }, name: "\(opType)_\(counter)"))
        return outs
    }

    /// Adds a one-output node and returns its output name.
    public func add1(_ opType: String, _ inputs: [String], output: String? = nil, _ attributes: [(String, ONNXAttributeValue)] = []) -> String {
        add(opType, inputs, outputs: output.map { [$0] }, attributes)[0]
    }

    /// ONNX's element-type code for `dtype` (a `Cast`'s `to`).
    public func elementType(_ dtype: DType) throws -> Int { Int(try ONNX.elementType(dtype).rawValue) }

    /// `name`, of dtype `from`, as `to`: itself, or through a Cast.
    public func cast(_ name: String, from: DType, to: DType) throws -> String {
        from == to ? name : add1("Cast", [name], [("to", .int(try elementType(to)))])
    }

    /// Adds an initializer holding `tensor` and returns its name.
    public func constant(_ tensor: Tensor, hint: String = "const") -> String {
        let name = fresh(hint)
        initializers.append((name, tensor))
        return name
    }

    /// Registers a graph input or state tensor as an initializer under its own name.
    public func addInitializer(name: String, tensor: Tensor) {
        initializers.append((name, tensor))
        usedNames.insert(name)
    }

    /// A 1-D int64 constant (shapes, axes, starts), shared between uses.
    public func int64s(_ values: [Int]) -> String {
        if let name = int64Constants[values] { return name }
        let name = constant(Tensor(values.map { Int64($0) }, dtype: .int64).reshape(values.count), hint: "ints")
        int64Constants[values] = name
        return name
    }

    /// A 0-d constant of `dtype` (a Swift number operand).
    public func scalar(_ value: Double, dtype: DType) -> String {
        constant(Tensor.full([], value, dtype: dtype), hint: "scalar")
    }

    /// A 1-D int64 tensor of `dims`: a constant when no dim is symbolic, else computed from
    /// the inputs' runtime shapes (`Shape`, `Gather`, `Mul`, `Add`, `Concat`).
    public func shapeTensor(_ dims: [SymInt]) throws -> String {
        if dims.allSatisfy({ $0.constantValue != nil }) { return int64s(dims.map { $0.constant }) }
        var parts: [String] = []
        var pendingConstants: [Int] = []
        func flushConstants() {
            if !pendingConstants.isEmpty { parts.append(int64s(pendingConstants)); pendingConstants = [] }
        }
        for dim in dims {
            if let v = dim.constantValue { pendingConstants.append(v); continue }
            flushConstants()
            parts.append(try symbolicScalar1D(dim))
        }
        flushConstants()
        return parts.count == 1 ? parts[0] : add1("Concat", parts, [("axis", .int(0))])
    }

    /// A 1-element int64 tensor holding a symbolic size.
    public func symbolicScalar1D(_ dim: SymInt) throws -> String {
        var total: String?
        for (symbol, coefficient) in dim.terms.sorted(by: { $0.key < $1.key }) {
            var term = try symbolSize(symbol)
            if coefficient != 1 { term = add1("Mul", [term, int64s([coefficient])]) }
            total = total.map { add1("Add", [$0, term]) } ?? term
        }
        guard var result = total else { return int64s([dim.constant]) }
        if dim.constant != 0 { result = add1("Add", [result, int64s([dim.constant])]) }
        return result
    }

    /// The runtime size of a dynamic symbol as a 1-element int64 tensor.
    private func symbolSize(_ symbol: String) throws -> String {
        if let name = symbolScalars[symbol] { return name }
        guard let source = symbolSources[symbol] else {
            throw ONNXExportError("ONNX export: the dynamic dimension '\(symbol)' is not a dimension of any graph input")
        }
        let shape = add1("Shape", [source.input])
        let name = add1("Gather", [shape, int64s([source.axis])], [("axis", .int(0))])
        symbolScalars[symbol] = name
        return name
    }
}
