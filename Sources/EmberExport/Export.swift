import Ember
import EmberNN
import OrderedCollections

// The multi-input convention (docs/EXPORT.md), shared by export, ONNX, compile and serving:
// a model is either a `Module` with one input and one output, or a function of several
// tensors returning several, `([Tensor]) -> [Tensor]`, with positional inputs and outputs
// (names are given where a format needs them: `inputNames`, `outputNames`).

/// A capture failure that is not a programming error in one line: a dynamic dimension the
/// model specializes on, or declared shapes that contradict the example inputs.
public struct ExportError: Error, CustomStringConvertible, Equatable {
    /// What went wrong and how to fix it.
    public let message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// `torch.export.export(model, (x,), dynamic_shapes=…)` for a module with one input: runs
/// `model` on `args` and records the ops it calls as a functional graph, with parameters and
/// buffers lifted to named inputs.
///
/// ```swift
/// let program = try export(model, args: [x], dynamicShapes: [[0: Dim("batch", min: 1, max: 4096)]])
/// print(program)             // the graph, its signature and range constraints
/// let y = program(x)         // replays the graph
/// ```
///
/// Sizes are static unless declared in `dynamicShapes` (by input position, then axis). A
/// model that reads a tensor's value (`x.sum().item() > 0`) stops with a message naming that
/// line: the graph would silently keep one branch.
///
/// - Throws: `ExportError` when the graph changes with a dynamic dimension's size.
public func export(_ model: Module, args: [Tensor], dynamicShapes: [[Int: Dim]] = [],
                   file: StaticString = #fileID, line: UInt = #line) throws -> ExportedProgram {
    if args.count != 1 {
        emberFatal("export: a Module takes one input, got \(args.count); export a function ([Tensor]) -> [Tensor] with module: for several",
                   file: file, line: line)
    }
    return try Capture(module: model, args: args, dynamicShapes: dynamicShapes, inputNames: ["x"], file: file, line: line)
        .run { xs in [model(xs[0], file: file, line: line)] }
}

/// `torch.export.export` for a function of several tensors returning several (the
/// multi-input convention). `module`'s parameters and buffers become named inputs of the
/// graph; other tensors the function holds are lifted as constants.
///
/// ```swift
/// let program = try export({ xs in [model.encode(xs[0], mask: xs[1])] }, args: [ids, mask], module: model,
///                          dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")]])
/// ```
///
/// - Throws: `ExportError` when the graph changes with a dynamic dimension's size.
public func export(_ function: ([Tensor]) -> [Tensor], args: [Tensor], module: Module? = nil,
                   dynamicShapes: [[Int: Dim]] = [], inputNames: [String]? = nil,
                   file: StaticString = #fileID, line: UInt = #line) throws -> ExportedProgram {
    let names = inputNames ?? args.indices.map { "args_\($0)" }
    if names.count != args.count {
        emberFatal("export: \(names.count) input names for \(args.count) inputs", file: file, line: line)
    }
    return try Capture(module: module, args: args, dynamicShapes: dynamicShapes, inputNames: names, file: file, line: line)
        .run(function)
}

/// One export: checks the declared dynamic dims, traces at several sizes and fits sizes.
struct Capture {
    let module: Module?
    let args: [Tensor]
    let inputNames: [String]
    let file: StaticString
    let line: UInt
    /// Declared dims by symbol, in first-use order.
    var dims: OrderedDictionary<String, Dim> = [:]
    /// (input, axis, symbol) for every declared dynamic axis.
    var axes: [(input: Int, axis: Int, symbol: String)] = []

    init(module: Module?, args: [Tensor], dynamicShapes: [[Int: Dim]], inputNames: [String],
         file: StaticString, line: UInt) throws {
        self.module = module
        self.args = args
        self.inputNames = inputNames
        self.file = file
        self.line = line
        if dynamicShapes.count > args.count {
            emberFatal("export: dynamicShapes has \(dynamicShapes.count) entries for \(args.count) inputs", file: file, line: line)
        }
        var sizes: [String: Int] = [:]
        for (i, spec) in dynamicShapes.enumerated() {
            for (axis, dim) in spec.sorted(by: { $0.key < $1.key }) {
                let rank = args[i].ndim
                guard axis >= -rank && axis < rank else {
                    emberFatal("export: dynamicShapes[\(i)] names axis \(axis) of an input with \(rank) dimensions", file: file, line: line)
                }
                let a = axis < 0 ? axis + rank : axis
                if let known = dims[dim.name], known != dim {
                    throw ExportError("export: Dim '\(dim.name)' is declared twice with different ranges (\(known) and \(dim))")
                }
                let size = args[i].shape[a]
                if let other = sizes[dim.name], other != size {
                    throw ExportError("export: inputs that share Dim '\(dim.name)' have different sizes (\(other) and \(size) at input \(i), axis \(a))")
                }
                if size < dim.min || size > dim.max {
                    throw ExportError("export: input \(i) has size \(size) at axis \(a), outside Dim '\(dim.name)' \(dim)")
                }
                sizes[dim.name] = size
                dims[dim.name] = dim
                axes.append((i, a, dim.name))
            }
        }
    }

    func run(_ function: ([Tensor]) -> [Tensor]) throws -> ExportedProgram {
        // Sizes per trace: the base, one trace per symbol at another size, then all at a third
        // size to check that every fitted size is affine in the symbols.
        var base: [String: Int] = [:], second: [String: Int] = [:], third: [String: Int] = [:]
        for (name, dim) in dims {
            let declared = axes.first { $0.symbol == name }!
            let example = args[declared.input].shape[declared.axis]
            let candidates = Capture.sizes(example: example, dim: dim)
            guard candidates.count >= 2 else {
                throw ExportError("export: Dim '\(name)' \(dim) allows fewer than two sizes of at least 2; declare it static instead")
            }
            base[name] = candidates[0]
            second[name] = candidates[1]
            third[name] = candidates.count > 2 ? candidates[2] : nil
        }
        let (graph0, constants0) = trace(function, sizes: base)
        if dims.isEmpty {
            return ExportedProgram(graph: graph0, state: state(constants0), dims: dims)
        }
        var variants: [(graph: Graph, constants: OrderedDictionary<String, Tensor>, symbol: String)] = []
        for name in dims.keys {
            var sizes = base
            sizes[name] = second[name]
            let (g, c) = trace(function, sizes: sizes)
            variants.append((g, c, name))
        }
        var check: (Graph, OrderedDictionary<String, Tensor>)?
        if third.count == dims.count { check = trace(function, sizes: third) }
        let fitted = try GraphFit.fit(base: graph0, baseConstants: constants0, baseSizes: base,
                                      variants: variants.map { ($0.graph, $0.constants, $0.symbol, second[$0.symbol]!) },
                                      check: check.map { ($0.0, $0.1, third) })
        return ExportedProgram(graph: fitted, state: state(constants0), dims: dims)
    }

    /// Up to three distinct sizes of at least 2 inside `dim`'s range, the example's first
    /// when it qualifies (sizes 0 and 1 are special cases of broadcasting, as torch.export
    /// also assumes).
    static func sizes(example: Int, dim: Dim) -> [Int] {
        var out: [Int] = []
        let low = Swift.max(dim.min, 2)
        for candidate in [example, example + 1, example + 2, example - 1, low, low + 1, low + 2] where
            candidate >= low && candidate <= dim.max && !out.contains(candidate) {
            out.append(candidate)
            if out.count == 3 { break }
        }
        return out
    }

    /// The parameters, buffers and lifted constants by target name.
    func state(_ constants: OrderedDictionary<String, Tensor>) -> OrderedDictionary<String, Tensor> {
        var state: OrderedDictionary<String, Tensor> = [:]
        if let module {
            for (name, p) in module.namedParameters() { state[name] = p.detach() }
            for (name, b) in module.namedBuffers() { state[name] = b.detach() }
        }
        for (name, c) in constants { state[name] = c }
        return state
    }

    /// The example inputs resized along their dynamic axes (rows repeated cyclically).
    func inputs(sizes: [String: Int]) -> [Tensor] {
        var inputs = args
        for (i, axis, symbol) in axes {
            let size = sizes[symbol]!
            let current = inputs[i].shape[axis]
            if size == current { continue }
            let index = Tensor((0..<size).map { Int64($0 % current) })
            inputs[i] = noGrad { inputs[i].indexSelect(axis, index) }
        }
        return inputs
    }

    /// One traced run at `sizes`.
    func trace(_ function: ([Tensor]) -> [Tensor], sizes: [String: Int]) -> (Graph, OrderedDictionary<String, Tensor>) {
        let tracer = Tracer()
        let examples = inputs(sizes: sizes)
        let graph: Graph = tracer.run {
            if let module {
                for (name, p) in module.namedParameters() {
                    tracer.addInput(p, name: "p_" + Capture.identifier(name), kind: .parameter, target: name)
                }
                for (name, b) in module.namedBuffers() {
                    tracer.addInput(b, name: "b_" + Capture.identifier(name), kind: .buffer, target: name)
                }
            }
            // Float inputs require grad while tracing, so autograd's record sees every
            // differentiable op on them (an op capture does not know is then named).
            let inputs = examples.map { x in x.dtype.isFloatingPoint ? x.detach().requiresGrad_() : x.detach() }
            for (x, name) in zip(inputs, inputNames) {
                tracer.addInput(x, name: name, kind: .userInput, target: nil)
            }
            let outputs = enableGrad { function(inputs) }
            return tracer.finish(outputs: outputs, file: file, line: line)
        }
        return (graph, tracer.constants)
    }

    static func identifier(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
