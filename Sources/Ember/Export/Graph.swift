// The captured graph: what `export` records and what ExportedProgram, ONNX export and later
// `compile` read. Values are numbered; nodes name Ember's public ops (`aten.linear`, …).

/// An integer that may depend on dynamic dimensions: `constant + Σ coefficient·symbol`.
///
/// Capture records concrete sizes; where a size follows a dimension declared dynamic
/// (`Dim("batch")`), it is kept as an affine expression of that dimension, as torch.export
/// keeps `s0 * 4`.
public struct SymInt: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The part that does not depend on any symbol.
    public var constant: Int
    /// The coefficient of each symbol, by symbol name; no zero entries.
    public var terms: [String: Int]

    /// A constant.
    public init(_ value: Int) { constant = value; terms = [:] }
    /// A constant from an integer literal.
    public init(integerLiteral value: Int) { self.init(value) }
    /// `coefficient · symbol + constant`.
    public init(symbol: String, coefficient: Int = 1, constant: Int = 0) {
        self.constant = constant
        terms = coefficient == 0 ? [:] : [symbol: coefficient]
    }
    /// An affine expression from its terms.
    public init(constant: Int, terms: [String: Int]) {
        self.constant = constant
        self.terms = terms.filter { $0.value != 0 }
    }

    /// The value when it depends on no symbol.
    public var constantValue: Int? { terms.isEmpty ? constant : nil }
    /// The symbol itself when the expression is exactly one symbol (`batch`, not `2*batch`).
    public var singleSymbol: String? {
        guard constant == 0, terms.count == 1, let (name, c) = terms.first, c == 1 else { return nil }
        return name
    }

    /// The value for the given symbol sizes; nil when a symbol is unbound.
    public func evaluate(_ bindings: [String: Int]) -> Int? {
        var total = constant
        for (name, c) in terms {
            guard let v = bindings[name] else { return nil }
            total += c * v
        }
        return total
    }

    /// `batch`, `4*batch`, `batch + 1`, `7`.
    public var description: String {
        var text = ""
        func append(_ magnitude: String, negative: Bool) {
            text += text.isEmpty ? (negative ? "-" : "") + magnitude : (negative ? " - " : " + ") + magnitude
        }
        for (name, c) in terms.sorted(by: { $0.key < $1.key }) {
            append(c.magnitude == 1 ? name : "\(c.magnitude)*\(name)", negative: c < 0)
        }
        if constant != 0 || text.isEmpty { append(String(constant.magnitude), negative: constant < 0) }
        return text
    }
}

/// One argument of a node in a captured graph: a value, or a constant attribute.
public enum GraphArgument: Hashable, Sendable {
    /// A tensor value, by index into `Graph.values`.
    case value(Int)
    /// An optional tensor that was absent.
    case none
    /// A list of tensor values (`cat`'s inputs, an RNN's weights).
    case values([Int])
    /// An integer, possibly symbolic.
    case int(SymInt)
    /// A list of integers (sizes, dims), possibly symbolic.
    case ints([SymInt])
    /// A floating-point attribute.
    case double(Double)
    /// A flag.
    case bool(Bool)
    /// A string attribute (`approximate: "tanh"`, a reduction name).
    case string(String)
    /// A dtype attribute.
    case dtype(DType)
}

/// A tensor value of a captured graph: its name, shape (possibly symbolic) and dtype.
public struct GraphValue: Hashable, Sendable {
    /// The name it prints with (`linear_1`, `p_fc1_weight`, `x`).
    public var name: String
    /// The shape, symbolic where it follows a dynamic dimension.
    public var shape: [SymInt]
    /// The element type.
    public var dtype: DType

    /// A value description.
    public init(name: String, shape: [SymInt], dtype: DType) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
    }
}

/// One call of an Ember op in a captured graph.
public struct GraphNode: Hashable, Sendable {
    /// The op, in torch.export's naming (`aten.linear`, `aten.add`, `aten.lstm`).
    public var target: String
    /// Its arguments, in the op's order.
    public var arguments: [GraphArgument]
    /// The values it produces.
    public var outputs: [Int]
    /// The user's line that called it (for errors about this node after capture).
    public var file: String
    /// The line number of `file`.
    public var line: Int

    /// A node description.
    public init(target: String, arguments: [GraphArgument], outputs: [Int], file: String, line: Int) {
        self.target = target
        self.arguments = arguments
        self.outputs = outputs
        self.file = file
        self.line = line
    }

    /// `file:line` of the user's call.
    public var location: String { "\(file):\(line)" }
}

/// What a graph input is: torch.export's `InputKind`.
public enum GraphInputKind: String, Hashable, Sendable {
    /// A parameter of the module, lifted to an input.
    case parameter
    /// A buffer of the module (running statistics), lifted to an input.
    case buffer
    /// A tensor the forward function made or held that is not a parameter or buffer.
    case constant
    /// One of the caller's arguments.
    case userInput = "user_input"
}

/// A graph input: a value with its kind and, for lifted state, the state-dict key it came from.
public struct GraphInput: Hashable, Sendable {
    /// The value it binds.
    public var value: Int
    /// Parameter, buffer, constant or user input.
    public var kind: GraphInputKind
    /// The state-dict key (`fc1.weight`) for parameters, buffers and constants.
    public var target: String?

    /// An input description.
    public init(value: Int, kind: GraphInputKind, target: String?) {
        self.value = value
        self.kind = kind
        self.target = target
    }
}

/// A functional graph of Ember ops: inputs (lifted state first, then the user's), nodes in
/// execution order, and outputs.
public struct Graph: Hashable, Sendable {
    /// Every tensor value, indexed by the integers nodes refer to.
    public var values: [GraphValue] = []
    /// Graph inputs in signature order: parameters, buffers, constants, then user inputs.
    public var inputs: [GraphInput] = []
    /// Nodes in execution order.
    public var nodes: [GraphNode] = []
    /// The values returned, in order.
    public var outputs: [Int] = []

    /// An empty graph.
    public init() {}

    /// The user inputs, in the caller's order.
    public var userInputs: [GraphInput] { inputs.filter { $0.kind == .userInput } }
}
