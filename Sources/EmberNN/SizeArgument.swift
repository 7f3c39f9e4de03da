import Ember

// Size arguments (PyTorch's `_size_2_t`: an int or a tuple), moved here from Functional+Pad.swift
// when `pad` moved to the core.

/// A kernel size, stride, padding or dilation argument: an `Int` (the same in every
/// spatial dim) or an `[Int]` with one value per dim, as PyTorch's int-or-tuple arguments:
/// `kernelSize: 3`, `kernelSize: [3, 5]` (Python's `(3, 5)`).
public protocol SizeArgument: PaddingArgument {
    /// The values for `n` spatial dims, nil when an array has another count.
    func sizes(_ n: Int) -> [Int]?
}

/// A `padding:` argument of a convolution: a `SizeArgument`, or `"same"` / `"valid"`.
public protocol PaddingArgument: Sendable {
    /// Python's repr of the argument as given (`2`, `(2, 3)`, `same`), for module descriptions.
    var pythonRepr: String { get }
}

extension Int: SizeArgument {
    public func sizes(_ n: Int) -> [Int]? { Array(repeating: self, count: n) }
    public var pythonRepr: String { String(self) }
}

extension Array: SizeArgument, PaddingArgument where Element == Int {
    public func sizes(_ n: Int) -> [Int]? { count == n ? self : nil }
    public var pythonRepr: String { pythonTuple(self) }
}

extension String: PaddingArgument {
    public var pythonRepr: String { self }
}

/// Python's tuple repr: `(3, 3)`, `(3,)`.
func pythonTuple(_ values: [Int]) -> String {
    values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
}

/// Expands a size argument to `n` dims with PyTorch's convolution error.
func expandSizes(_ argument: any SizeArgument, _ n: Int, name: String, file: StaticString, line: UInt) -> [Int] {
    guard let values = argument.sizes(n) else {
        let given = (argument as? [Int]).map(shapeString) ?? argument.pythonRepr
        emberFatal("expected \(name) to be a single integer value or a list of \(n) values to match the convolution dimensions, but got \(name)=\(given)", file: file, line: line)
    }
    return values
}
