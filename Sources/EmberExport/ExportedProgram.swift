import Ember
import OrderedCollections

/// A captured model: a functional graph of Ember ops with its parameters, buffers and
/// constants, as `torch.export.ExportedProgram`.
///
/// `program(x)` replays the graph with Ember's eager ops, so its outputs equal the model's
/// bit for bit (and gradients flow through it). `save(to:)` writes one file; `load(from:)`
/// reads it back without running any code from it.
public final class ExportedProgram: CustomStringConvertible {
    /// The graph: lifted state inputs, user inputs, nodes, outputs.
    public let graph: Graph
    /// Parameters, buffers and lifted constants by their state-dict name (`fc1.weight`).
    public let state: OrderedDictionary<String, Tensor>
    /// The dynamic dimensions by symbol, with the sizes the program accepts.
    public let rangeConstraints: OrderedDictionary<String, Dim>
    /// For each graph value, the index of the last node that reads it (outputs: `Int.max`),
    /// so the interpreter frees intermediates early.
    private let lastUse: [Int]

    /// A program over `graph` with its state tensors and dynamic dims.
    public init(graph: Graph, state: OrderedDictionary<String, Tensor>, dims: OrderedDictionary<String, Dim>) {
        self.graph = graph
        self.state = state
        self.rangeConstraints = dims
        var last = [Int](repeating: -1, count: graph.values.count)
        for (n, node) in graph.nodes.enumerated() {
            for argument in node.arguments {
                switch argument {
                case .value(let v): last[v] = n
                case .values(let vs): for v in vs { last[v] = n }
                default: break
                }
            }
        }
        for o in graph.outputs { last[o] = Int.max }
        lastUse = last
    }

    /// The names of the user inputs, in order.
    public var inputNames: [String] { graph.userInputs.map { graph.values[$0.value].name } }
    /// The names of the outputs, in order.
    public var outputNames: [String] { graph.outputs.map { graph.values[$0].name } }

    /// Runs a program with one input and one output.
    public func callAsFunction(_ input: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if graph.outputs.count != 1 {
            emberFatal("ExportedProgram has \(graph.outputs.count) outputs; call it with an array of inputs", file: file, line: line)
        }
        return run([input], file: file, line: line)[0]
    }

    /// Runs the program on its user inputs, in order; returns its outputs in order.
    public func callAsFunction(_ inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        run(inputs, file: file, line: line)
    }

    /// Replays the graph: binds the dynamic sizes from the inputs (checking every declared
    /// size and range), then calls each node's op.
    public func run(_ inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        let user = graph.userInputs
        if inputs.count != user.count {
            emberFatal("ExportedProgram expects \(user.count) input(s), got \(inputs.count)", file: file, line: line)
        }
        var env = [Tensor?](repeating: nil, count: graph.values.count)
        let sizes = bindSizes(inputs, file: file, line: line)
        var next = 0
        for input in graph.inputs {
            if input.kind == .userInput {
                env[input.value] = inputs[next]
                next += 1
            } else {
                env[input.value] = state[input.target ?? ""]
            }
        }
        for (n, node) in graph.nodes.enumerated() {
            guard let runner = ExportOps.runners[node.target] else {
                emberFatal("ExportedProgram: no op '\(node.target)' in this Ember version", file: file, line: line)
            }
            let arguments = node.arguments.map { resolve($0, env, sizes) }
            let outputs = runner(OpArguments(arguments, target: node.target))
            if outputs.count != node.outputs.count {
                emberFatal("ExportedProgram: \(node.target) returned \(outputs.count) outputs, the graph expects \(node.outputs.count)",
                           file: file, line: line)
            }
            for (v, t) in zip(node.outputs, outputs) {
                // An in-place op was recorded as its out-of-place form, whose result may be
                // promoted (`half.add_(float)` stays half): store the dtype the graph holds.
                let dtype = graph.values[v].dtype
                env[v] = t.dtype == dtype ? t : t.to(dtype)
            }
            for argument in node.arguments {
                switch argument {
                case .value(let v) where lastUse[v] == n: env[v] = nil
                case .values(let vs): for v in vs where lastUse[v] == n { env[v] = nil }
                default: break
                }
            }
        }
        return graph.outputs.map { env[$0]! }
    }

    private func resolve(_ argument: GraphArgument, _ env: [Tensor?], _ sizes: [String: Int]) -> OpArgument {
        switch argument {
        case .value(let v): .tensor(env[v]!)
        case .none: .none
        case .values(let vs): .tensors(vs.map { env[$0]! })
        case .int(let s): .int(s.evaluate(sizes)!)
        case .ints(let list): .ints(list.map { $0.evaluate(sizes)! })
        case .double(let d): .double(d)
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .dtype(let d): .dtype(d)
        }
    }

    /// The sizes of the dynamic dims, read from the inputs; stops with torch.export's wording
    /// when an input's rank, dtype, a static size or a dynamic range does not match.
    private func bindSizes(_ inputs: [Tensor], file: StaticString, line: UInt) -> [String: Int] {
        var sizes: [String: Int] = [:]
        for (i, (input, x)) in zip(graph.userInputs, inputs).enumerated() {
            let expected = graph.values[input.value]
            if x.ndim != expected.shape.count {
                emberFatal("Expected input at *args[\(i)] to have \(expected.shape.count) dimensions, but got \(x.ndim)", file: file, line: line)
            }
            if x.dtype != expected.dtype {
                emberFatal("Expected input at *args[\(i)] to have dtype \(expected.dtype), but got \(x.dtype)", file: file, line: line)
            }
            for (axis, dim) in expected.shape.enumerated() {
                let size = x.shape[axis]
                if let symbol = dim.singleSymbol {
                    if let bound = sizes[symbol], bound != size {
                        emberFatal("Expected input at *args[\(i)].shape[\(axis)] to be equal to \(bound) ('\(symbol)'), but got \(size)",
                                   file: file, line: line)
                    }
                    if let range = rangeConstraints[symbol], size < range.min || size > range.max {
                        let bound = size < range.min ? ">= \(range.min)" : "<= \(range.max)"
                        emberFatal("Expected input at *args[\(i)].shape[\(axis)] to be \(bound) ('\(symbol)'), but got \(size)",
                                   file: file, line: line)
                    }
                    sizes[symbol] = size
                } else if let value = dim.constantValue, value != size {
                    emberFatal("Expected input at *args[\(i)].shape[\(axis)] to be equal to \(value), but got \(size)", file: file, line: line)
                }
            }
        }
        for symbol in rangeConstraints.keys where sizes[symbol] == nil {
            emberFatal("ExportedProgram: no input gives the size of dynamic dim '\(symbol)'", file: file, line: line)
        }
        return sizes
    }
}
