import Ember
import EmberExport
import EmberNN
import OrderedCollections

/// ONNX export and (later) import: `torch.onnx`.
public enum ONNX {
    /// The opsets export writes, with their IR versions (ONNX's versioning table).
    public static let supportedOpsets: ClosedRange<Int> = 17...21

    /// The IR version that goes with `opset`.
    public static func irVersion(forOpset opset: Int) -> Int {
        switch opset {
        case ...18: 8
        case 19, 20: 9
        default: 10
        }
    }

    /// `torch.onnx.export(model, (x,), path, input_names=…, output_names=…, dynamic_axes=…,
    /// opset_version=18)` for a module with one input: captures it (`export`) and writes the
    /// graph as one ONNX file.
    ///
    /// ```swift
    /// try ONNX.export(model, args: [x], to: "m.onnx", inputNames: ["x"], outputNames: ["y"],
    ///                 dynamicAxes: ["x": [0: "batch"], "y": [0: "batch"]], opsetVersion: 18)
    /// ```
    ///
    /// Axes named in `dynamicAxes` are symbolic in the file (`dim_param`); others are fixed
    /// at the example's sizes.
    ///
    /// - Throws: `ONNXExportError` naming the op and the user's line for an op ONNX cannot
    ///   express; `ExportError` from capture; `EmberIOError` when the file cannot be written.
    public static func export(_ model: Module, args: [Tensor], to path: String, inputNames: [String] = [],
                              outputNames: [String] = [], dynamicAxes: [String: [Int: String]] = [:],
                              opsetVersion: Int = 18, file: StaticString = #fileID, line: UInt = #line) throws {
        if args.count != 1 {
            emberFatal("ONNX.export: a Module takes one input, got \(args.count); export a function ([Tensor]) -> [Tensor] with module: for several",
                       file: file, line: line)
        }
        try export({ xs in [model(xs[0], file: file, line: line)] }, args: args, module: model, to: path,
                   inputNames: inputNames.isEmpty ? ["x"] : inputNames, outputNames: outputNames,
                   dynamicAxes: dynamicAxes, opsetVersion: opsetVersion, file: file, line: line)
    }

    /// `torch.onnx.export` for a function of several tensors returning several (the
    /// multi-input convention); `module`'s parameters and buffers become named initializers.
    ///
    /// - Throws: as the module form.
    public static func export(_ function: ([Tensor]) -> [Tensor], args: [Tensor], module: Module? = nil, to path: String,
                              inputNames: [String] = [], outputNames: [String] = [],
                              dynamicAxes: [String: [Int: String]] = [:], opsetVersion: Int = 18,
                              file: StaticString = #fileID, line: UInt = #line) throws {
        try checkOpset(opsetVersion)
        let names = inputNames.isEmpty ? args.indices.map { args.count == 1 ? "input" : "input_\($0)" } : inputNames
        if names.count != args.count {
            emberFatal("ONNX.export: \(names.count) input names for \(args.count) inputs", file: file, line: line)
        }
        var shapes: [[Int: Dim]] = []
        for (i, name) in names.enumerated() {
            var axes: [Int: Dim] = [:]
            for (axis, symbol) in dynamicAxes[name] ?? [:] {
                let a = axis < 0 ? axis + args[i].ndim : axis
                // dim_param may be any string; the capture symbol must be an identifier.
                let name = String(symbol.map { $0.isLetter || $0.isNumber ? $0 : "_" })
                axes[a] = Dim(name.isEmpty ? "dim" : name)
            }
            shapes.append(axes)
        }
        let program = try EmberExport.export(function, args: args, module: module, dynamicShapes: shapes,
                                             inputNames: names, file: file, line: line)
        try export(program, to: path, inputNames: names, outputNames: outputNames, dynamicAxes: dynamicAxes,
                   opsetVersion: opsetVersion)
    }

    /// Writes an `ExportedProgram` as ONNX: its dynamic dims become `dim_param`s, its state
    /// initializers named by state-dict key.
    ///
    /// - Throws: as the module form.
    public static func export(_ program: ExportedProgram, to path: String, inputNames: [String] = [],
                              outputNames: [String] = [], dynamicAxes: [String: [Int: String]] = [:],
                              opsetVersion: Int = 18) throws {
        let model = try self.model(program, inputNames: inputNames, outputNames: outputNames,
                                   dynamicAxes: dynamicAxes, opsetVersion: opsetVersion)
        try write(model, to: path)
    }

    /// Writes a model as one file; past `externalDataThreshold` bytes of weights (protobuf
    /// messages cannot pass 2 GiB) the weights go to `<file>.data` beside it, as torch.onnx does.
    static func write(_ model: ModelProto, to path: String, externalDataThreshold: Int = 2_000_000_000,
                      smallestExternalTensor: Int = 1024) throws {
        var model = model
        let weightBytes = model.graph?.initializer.reduce(0) { $0 + $1.rawData.count } ?? 0
        if weightBytes > externalDataThreshold { try moveToExternalData(&model, path: path, smallest: smallestExternalTensor) }
        try writeFileAtomically(model.serialized(), to: path)
    }

    /// Moves every initializer of at least `smallest` bytes into `<path>.data` (4 KiB-aligned,
    /// so a reader may map it) and points the model at it.
    static func moveToExternalData(_ model: inout ModelProto, path: String, smallest: Int) throws {
        guard var graph = model.graph else { return }
        let location = String(path.split(separator: "/").last ?? Substring(path)) + ".data"
        var data: [UInt8] = []
        for i in graph.initializer.indices where graph.initializer[i].rawData.count >= smallest {
            while data.count % 4096 != 0 { data.append(0) }
            let bytes = graph.initializer[i].rawData
            graph.initializer[i].externalData = [
                StringStringEntryProto(key: "location", value: location),
                StringStringEntryProto(key: "offset", value: String(data.count)),
                StringStringEntryProto(key: "length", value: String(bytes.count)),
            ]
            graph.initializer[i].dataLocation = .external
            graph.initializer[i].rawData = []
            data.append(contentsOf: bytes)
        }
        try writeFileAtomically(data, to: path + ".data")
        model.graph = graph
    }

    static func checkOpset(_ opset: Int) throws {
        guard supportedOpsets.contains(opset) else {
            throw ONNXExportError("Unsupported ONNX opset version: \(opset). Supported opsets are \(supportedOpsets.lowerBound) to \(supportedOpsets.upperBound)")
        }
    }

    /// The ONNX model of a program (what `export(_:to:…)` writes).
    public static func model(_ program: ExportedProgram, inputNames: [String] = [], outputNames: [String] = [],
                             dynamicAxes: [String: [Int: String]] = [:], opsetVersion: Int = 18) throws -> ModelProto {
        try checkOpset(opsetVersion)
        let graph = program.graph
        let user = graph.userInputs
        let inNames = inputNames.isEmpty ? program.inputNames : inputNames
        let outNames = outputNames.isEmpty
            ? graph.outputs.indices.map { graph.outputs.count == 1 ? "output" : "output_\($0)" } : outputNames
        guard inNames.count == user.count else {
            throw ONNXExportError("ONNX export: \(inNames.count) input names for \(user.count) inputs")
        }
        guard outNames.count == graph.outputs.count else {
            throw ONNXExportError("ONNX export: \(outNames.count) output names for \(graph.outputs.count) outputs")
        }
        for name in dynamicAxes.keys where !inNames.contains(name) && !outNames.contains(name) {
            throw ONNXExportError("ONNX export: dynamicAxes names '\(name)', which is not an input or output name")
        }

        // Names: user inputs and outputs as given, state by its state-dict key, the rest by
        // the graph's value names made unique.
        var names = [String?](repeating: nil, count: graph.values.count)
        var taken = Set<String>()
        for (input, name) in zip(user, inNames) { names[input.value] = name; taken.insert(name) }
        for input in graph.inputs where input.kind != .userInput {
            let name = input.target ?? graph.values[input.value].name
            names[input.value] = name
            taken.insert(name)
        }
        var identities: [(from: Int, to: String)] = []
        let produced = Set(graph.nodes.flatMap(\.outputs))
        for (v, name) in zip(graph.outputs, outNames) {
            if names[v] == nil, produced.contains(v), !taken.contains(name) {
                names[v] = name
            } else {
                identities.append((v, name))
            }
            taken.insert(name)
        }
        for (v, value) in graph.values.enumerated() where names[v] == nil {
            var name = value.name
            var k = 1
            while taken.contains(name) { name = "\(value.name)__\(k)"; k += 1 }
            names[v] = name
            taken.insert(name)
        }
        let valueNames = names.map { $0! }

        // Where each dynamic symbol can be read at run time.
        var sources: [String: (input: String, axis: Int)] = [:]
        for input in user {
            for (axis, dim) in graph.values[input.value].shape.enumerated() {
                if let s = dim.singleSymbol, sources[s] == nil { sources[s] = (valueNames[input.value], axis) }
            }
        }

        let ctx = ONNXLoweringContext(graph: graph, opset: opsetVersion, valueNames: valueNames, symbolSources: sources)
        // State no node reads (a BatchNorm's num_batches_tracked) is left out, as torch.onnx does.
        var read = Set(graph.outputs)
        for node in graph.nodes {
            for argument in node.arguments {
                if case .value(let v) = argument { read.insert(v) }
                if case .values(let vs) = argument { read.formUnion(vs) }
            }
        }
        for input in graph.inputs where input.kind != .userInput && read.contains(input.value) {
            ctx.addInitializer(name: valueNames[input.value], tensor: program.state[input.target ?? ""]!)
        }
        for node in graph.nodes {
            guard let lowering = ONNXLowerings.table[node.target] else {
                throw ONNXExportError("ONNX export: \(node.target) (called at \(node.location)) has no ONNX form in Ember yet")
            }
            try lowering(ctx, node)
        }
        for (v, name) in identities { ctx.add("Identity", [valueNames[v]], outputs: [name]) }

        func valueInfo(_ v: Int, name: String) throws -> ValueInfoProto {
            let value = graph.values[v]
            let axes = dynamicAxes[name] ?? [:]
            let dims: [TensorShapeProto.Dimension] = value.shape.enumerated().map { axis, d in
                if let c = d.constantValue { return .value(c) }
                if let given = axes[axis] ?? axes[axis - value.shape.count] { return .param(given) }
                if let s = d.singleSymbol { return .param(s) }
                return .unknown
            }
            return ValueInfoProto(name: name, type: .tensor(try elementType(value.dtype), shape: dims))
        }
        let graphProto = GraphProto(
            node: try ctx.nodes.map(nodeProto),
            name: "main_graph",
            initializer: try ctx.initializers.map { try tensorProto($0.tensor, name: $0.name) },
            input: try zip(user, inNames).map { try valueInfo($0.value, name: $1) },
            output: try zip(graph.outputs, outNames).map { try valueInfo($0, name: $1) })
        return ModelProto(irVersion: irVersion(forOpset: opsetVersion),
                          opsetImport: [OperatorSetIdProto(domain: "", version: opsetVersion)],
                          producerName: "ember", producerVersion: emberVersion, graph: graphProto)
    }

    static func nodeProto(_ spec: ONNXNodeSpec) throws -> NodeProto {
        NodeProto(opType: spec.opType, input: spec.inputs, output: spec.outputs, name: spec.name,
                  attribute: try spec.attributes.map { try attribute($0.name, $0.value) })
    }

    static func attribute(_ name: String, _ value: ONNXAttributeValue) throws -> AttributeProto {
        switch value {
        case .int(let i): .int(name, i)
        case .ints(let v): .ints(name, v)
        case .float(let f): .float(name, Float(f))
        case .floats(let v): .floats(name, v.map { Float($0) })
        case .string(let s): .string(name, s)
        case .strings(let v): .strings(name, v)
        case .tensor(let t): .tensor(name, try tensorProto(t, name: ""))
        }
    }

    /// ONNX's element type for an Ember dtype.
    public static func elementType(_ dtype: DType) throws -> TensorProto.DataType {
        switch dtype {
        case .bool: .bool
        case .uint8: .uint8
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .float16: .float16
        case .bfloat16: .bfloat16
        case .float32: .float
        case .float64: .double
        case .complex64: throw ONNXExportError("ONNX export: complex64 tensors have no ONNX type Ember writes")
        }
    }

    /// A tensor's initializer: dims, element type and little-endian raw data.
    public static func tensorProto(_ tensor: Tensor, name: String) throws -> TensorProto {
        TensorProto(name: name, dims: tensor.shape, dataType: try elementType(tensor.dtype), rawData: tensor.littleEndianBytes())
    }
}
