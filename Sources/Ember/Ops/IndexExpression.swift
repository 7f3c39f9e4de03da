// What can appear between the brackets of `t[...]`: Python's int, slice, None, Ellipsis,
// bool mask and index tensor, as Swift values (DESIGN.md, "Indexing").

/// Anything usable as one index in `t[...]`: `Int`, the range types, `Tensor` (a bool mask
/// or an int64/int32 index tensor), `[Int]`, and the markers `.all`, `.newAxis`,
/// `.ellipsis` and `.slice(start, end, step:)`.
///
/// | PyTorch          | Ember                         |
/// |------------------|-------------------------------|
/// | `t[0]`           | `t[0]`                        |
/// | `t[:, 1]`        | `t[.all, 1]`                  |
/// | `t[1:3]`         | `t[1..<3]` (or `t[1...2]`)    |
/// | `t[:2]`, `t[2:]` | `t[..<2]`, `t[2...]`          |
/// | `t[::2]`         | `t[.slice(step: 2)]`          |
/// | `t[None]`        | `t[.newAxis]`                 |
/// | `t[..., 0]`      | `t[.ellipsis, 0]`             |
/// | `t[t > 5]`       | `t[t .> 5]`                   |
/// | `t[[0, 2]]`      | `t[[0, 2]]` or `t[Tensor([0, 2])]` |
public protocol TensorIndexExpression {
    /// The index this expression stands for (used by the subscript; not meant to be called).
    var _tensorIndex: TensorIndex { get }
}

/// One resolved index of `t[...]`; also the type of the markers `.all`, `.newAxis`,
/// `.ellipsis` and `.slice(_:_:step:)`.
public struct TensorIndex: TensorIndexExpression {
    enum Kind {
        /// Selects one position and drops the dim (negative counts from the end).
        case int(Int)
        /// Python's `start:end:step`; nil bounds mean the ends of the dim.
        case slice(start: Int?, end: Int?, step: Int)
        /// `None`: inserts a dim of size 1.
        case newAxis
        /// `...`: as many `.all` as needed to index every dim.
        case ellipsis
        /// A bool/uint8 mask or an integer index tensor (advanced indexing).
        case tensor(Tensor)
        /// An index tensor that stays advanced even when 0-d (`index_put_`, backward).
        case indexTensor(Tensor)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    public var _tensorIndex: TensorIndex { self }
}

extension TensorIndexExpression where Self == TensorIndex {
    /// Python's `:`: the whole dim.
    public static var all: TensorIndex { TensorIndex(.slice(start: nil, end: nil, step: 1)) }

    /// Python's `None`: a new dim of size 1.
    public static var newAxis: TensorIndex { TensorIndex(.newAxis) }

    /// Python's `...`: every dim not otherwise indexed.
    public static var ellipsis: TensorIndex { TensorIndex(.ellipsis) }

    /// Python's `start:end:step` (`t[::2]` is `t[.slice(step: 2)]`, `t[1::2]` is
    /// `t[.slice(1, step: 2)]`). Bounds may be negative; the step must be positive, as in PyTorch.
    public static func slice(_ start: Int? = nil, _ end: Int? = nil, step: Int = 1) -> TensorIndex {
        TensorIndex(.slice(start: start, end: end, step: step))
    }
}

extension Int: TensorIndexExpression {
    public var _tensorIndex: TensorIndex { TensorIndex(.int(self)) }
}

extension Range: TensorIndexExpression where Bound == Int {
    public var _tensorIndex: TensorIndex { TensorIndex(.slice(start: lowerBound, end: upperBound, step: 1)) }
}

extension ClosedRange: TensorIndexExpression where Bound == Int {
    /// `a...b` includes `b`; `a...(-1)` runs to the last element.
    public var _tensorIndex: TensorIndex {
        TensorIndex(.slice(start: lowerBound, end: upperBound == -1 ? nil : upperBound + 1, step: 1))
    }
}

extension PartialRangeFrom: TensorIndexExpression where Bound == Int {
    public var _tensorIndex: TensorIndex { TensorIndex(.slice(start: lowerBound, end: nil, step: 1)) }
}

extension PartialRangeUpTo: TensorIndexExpression where Bound == Int {
    public var _tensorIndex: TensorIndex { TensorIndex(.slice(start: nil, end: upperBound, step: 1)) }
}

extension PartialRangeThrough: TensorIndexExpression where Bound == Int {
    /// `...b` includes `b`; `...(-1)` is the whole dim.
    public var _tensorIndex: TensorIndex {
        TensorIndex(.slice(start: nil, end: upperBound == -1 ? nil : upperBound + 1, step: 1))
    }
}

extension Tensor: TensorIndexExpression {
    public var _tensorIndex: TensorIndex { TensorIndex(.tensor(self)) }
}

extension Array: TensorIndexExpression where Element: TensorLiteral {
    /// Python's `t[[0, 2]]`: the list becomes an index tensor (a `[Bool]` list, a mask).
    public var _tensorIndex: TensorIndex { TensorIndex(.tensor(Tensor(self))) }
}
