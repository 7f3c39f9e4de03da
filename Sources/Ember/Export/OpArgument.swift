/// One argument of an op call as the op itself takes it: what capture records at an op's
/// entry and what the graph interpreter hands back to the same op when it replays a node.
public enum OpArgument {
    /// A tensor operand.
    case tensor(Tensor)
    /// An optional tensor operand that was absent (a `bias: nil`).
    case none
    /// A list of tensor operands.
    case tensors([Tensor])
    /// An integer (a dim, a size).
    case int(Int)
    /// A list of integers (a shape, kernel sizes).
    case ints([Int])
    /// A floating-point attribute (a Swift number operand, eps, a slope).
    case double(Double)
    /// A flag.
    case bool(Bool)
    /// A string attribute.
    case string(String)
    /// A dtype attribute.
    case dtype(DType)

    /// An optional tensor: `.tensor` or `.none`.
    public static func optional(_ t: Tensor?) -> OpArgument { t.map { .tensor($0) } ?? .none }
    /// An optional integer: `.int` or `.none`.
    public static func optional(_ i: Int?) -> OpArgument { i.map { .int($0) } ?? .none }
    /// An optional float: `.double` or `.none`.
    public static func optional(_ d: Double?) -> OpArgument { d.map { .double($0) } ?? .none }
}

/// The arguments of one replayed node, with typed accessors that stop with a clear message
/// when a saved graph does not match the op (a corrupt or hand-edited file is caught on load;
/// this is the op's own check).
public struct OpArguments {
    /// The arguments in the op's order.
    public let items: [OpArgument]
    /// The op being replayed, for messages.
    public let target: String

    /// Arguments for `target`.
    public init(_ items: [OpArgument], target: String) {
        self.items = items
        self.target = target
    }

    /// The number of arguments.
    public var count: Int { items.count }

    private func bad(_ i: Int, _ kind: String) -> Never {
        emberFatal("\(target): argument \(i) is not \(kind) (got \(i < items.count ? String(describing: items[i]) : "nothing"))")
    }

    /// Argument `i` as a tensor.
    public func tensor(_ i: Int) -> Tensor {
        if i < items.count, case .tensor(let t) = items[i] { return t }
        bad(i, "a tensor")
    }
    /// Argument `i` as an optional tensor (absent past the end).
    public func optionalTensor(_ i: Int) -> Tensor? {
        guard i < items.count else { return nil }
        switch items[i] {
        case .tensor(let t): return t
        case .none: return nil
        default: bad(i, "a tensor or none")
        }
    }
    /// Argument `i` as a tensor list.
    public func tensors(_ i: Int) -> [Tensor] {
        if i < items.count, case .tensors(let t) = items[i] { return t }
        bad(i, "a tensor list")
    }
    /// Argument `i` as an integer.
    public func int(_ i: Int) -> Int {
        if i < items.count, case .int(let v) = items[i] { return v }
        bad(i, "an integer")
    }
    /// Argument `i` as an optional integer (absent past the end).
    public func optionalInt(_ i: Int) -> Int? {
        guard i < items.count else { return nil }
        switch items[i] {
        case .int(let v): return v
        case .none: return nil
        default: bad(i, "an integer or none")
        }
    }
    /// Argument `i` as an integer list.
    public func ints(_ i: Int) -> [Int] {
        if i < items.count, case .ints(let v) = items[i] { return v }
        bad(i, "an integer list")
    }
    /// Argument `i` as a float (integers convert).
    public func double(_ i: Int) -> Double {
        if i < items.count {
            if case .double(let v) = items[i] { return v }
            if case .int(let v) = items[i] { return Double(v) }
        }
        bad(i, "a number")
    }
    /// Argument `i` as an optional float (absent past the end).
    public func optionalDouble(_ i: Int) -> Double? {
        guard i < items.count else { return nil }
        if case .none = items[i] { return nil }
        return double(i)
    }
    /// Argument `i` as a flag.
    public func bool(_ i: Int) -> Bool {
        if i < items.count, case .bool(let v) = items[i] { return v }
        bad(i, "a bool")
    }
    /// Argument `i` as a string.
    public func string(_ i: Int) -> String {
        if i < items.count, case .string(let v) = items[i] { return v }
        bad(i, "a string")
    }
    /// Argument `i` as an optional string (absent past the end).
    public func optionalString(_ i: Int) -> String? {
        guard i < items.count else { return nil }
        if case .none = items[i] { return nil }
        return string(i)
    }
    /// Argument `i` as a dtype.
    public func dtype(_ i: Int) -> DType {
        if i < items.count, case .dtype(let v) = items[i] { return v }
        bad(i, "a dtype")
    }
    /// Argument `i` as an optional dtype (absent past the end).
    public func optionalDType(_ i: Int) -> DType? {
        guard i < items.count else { return nil }
        if case .none = items[i] { return nil }
        return dtype(i)
    }
}
