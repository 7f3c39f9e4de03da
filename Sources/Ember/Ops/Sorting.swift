// `sort`, `argsort`, `topk`: orderings along one dim. The permutation is worked out on the
// host (a stable O(n log n) sort of each line, read through the tensor's strides), then the
// values are gathered in the tensor's own dtype. NaN sorts above every number, as in PyTorch.

/// A host key that sorts in PyTorch's order: NaN above everything (so last ascending,
/// first descending), ties broken by position so every sort is stable.
protocol HostOrderKey: Comparable {
    var ordersAsNaN: Bool { get }
}

extension Double: HostOrderKey {
    var ordersAsNaN: Bool { isNaN }
}

extension Int64: HostOrderKey {
    var ordersAsNaN: Bool { false }
}

/// `a < b` with NaN above every number and NaNs equal to each other.
@inline(__always)
func hostKeyLess<K: HostOrderKey>(_ a: K, _ b: K) -> Bool {
    if a.ordersAsNaN { return false }
    if b.ordersAsNaN { return true }
    return a < b
}

/// The lines of a row-major buffer of `shape` along dim `d`: `outer * inner` lines of
/// `size` elements, element `i` of line `l` at `offset(l, i)`.
struct HostLines {
    let outer: Int, size: Int, inner: Int

    init(_ shape: [Int], _ d: Int) {
        outer = shape[..<d].reduce(1, *)
        size = shape[d]
        inner = shape[(d + 1)...].reduce(1, *)
    }

    var count: Int { outer * inner }

    @inline(__always)
    func offset(_ line: Int, _ i: Int) -> Int { (line / inner) * size * inner + i * inner + line % inner }
}

/// Calls `body(l, keys, order)` for each line: its keys, and its positions in stable
/// (ascending or descending) order, NaN last. `sort` and the order-based picks share it.
func hostForEachOrderedLine<K: HostOrderKey>(_ keys: [K], _ lines: HostLines, descending: Bool,
                                             _ body: (Int, [K], [Int]) -> Void) {
    var order = Array(0..<lines.size)
    var line = [K]()
    line.reserveCapacity(lines.size)
    for l in 0..<lines.count {
        line.removeAll(keepingCapacity: true)
        for i in 0..<lines.size { line.append(keys[lines.offset(l, i)]) }
        for i in 0..<lines.size { order[i] = i }
        order.sort { a, b in
            let (ka, kb) = (line[a], line[b])
            if descending ? hostKeyLess(kb, ka) : hostKeyLess(ka, kb) { return true }
            if descending ? hostKeyLess(ka, kb) : hostKeyLess(kb, ka) { return false }
            return a < b
        }
        body(l, line, order)
    }
}

/// The stable order of each line's positions (ascending or descending), row-major.
func hostStableOrder<K: HostOrderKey>(_ keys: [K], _ lines: HostLines, descending: Bool) -> [Int64] {
    var result = [Int64](repeating: 0, count: keys.count)
    hostForEachOrderedLine(keys, lines, descending: descending) { l, _, order in
        for i in 0..<lines.size { result[lines.offset(l, i)] = Int64(order[i]) }
    }
    return result
}

extension Tensor {
    /// Self as a tensor with at least one dim (0-d reads as `[1]`), for ops along a dim.
    var atLeast1D: Tensor { ndim == 0 ? noGrad { reshape([1]) } : self }

    /// Stops for dtypes that have no ordering (complex), with PyTorch's message for the op
    /// (`op` is PyTorch's kernel name, e.g. `kthvalue_cpu`).
    func checkOrderable(_ op: String, file: StaticString, line: UInt) {
        if dtype.isFloatingPoint || dtype.isIntegral || dtype == .bool { return }
        if op == "sort" || op == "topk" {
            emberFatal("\(op == "sort" ? "Sort" : "topk") does not support complex dtypes on CPU", file: file, line: line)
        }
        emberFatal("\"\(op)\" not implemented for '\(dtype.scalarTypeName)'", file: file, line: line)
    }

    /// The stable sorting permutation along `d` of a tensor with at least one dim, as an
    /// int64 tensor of the same shape (positions within each line).
    func sortPermutation(_ d: Int, descending: Bool) -> Tensor {
        let lines = HostLines(shape, d)
        let order = dtype.isFloatingPoint
            ? hostStableOrder(toArray(Double.self), lines, descending: descending)
            : hostStableOrder(toArray(Int64.self), lines, descending: descending)
        return Tensor(order, shape: shape, device: device)
    }

    /// The gradient of an op whose outputs pick elements of the input along `d` at `indices`
    /// (PyTorch's value_selecting_reduction_backward): zeros with `grad` scattered back.
    static func selectionBackward(_ grad: Tensor, _ indices: Tensor, dim d: Int, keepdim: Bool,
                                  inputShape: [Int]) -> Tensor {
        if inputShape.isEmpty { return grad.reshape([]) }
        let g = keepdim ? grad : grad.unsqueeze(d)
        let idx = keepdim ? indices : indices.unsqueeze(d)
        return Tensor.zeros(inputShape, dtype: g.dtype, device: g.device).scatter(d, idx, g)
    }

    /// Gathers the values at `indices` along `d` (no recording) and attaches the backward
    /// node `name`, whose gradient scatters back to those positions.
    func selectedValues(_ name: String, _ indices: Tensor, dim d: Int, keepdim: Bool, outputShape: [Int],
                        file: StaticString, line: UInt) -> (values: Tensor, indices: Tensor) {
        let source = atLeast1D
        let (values, idx) = noGrad { () -> (Tensor, Tensor) in
            let v = source.gather(d, indices, file: file, line: line)
            return (v.reshape(outputShape), indices.reshape(outputShape))
        }
        let inputShape = shape
        Tensor.record(name, inputs: [self], outputs: [values, idx], file: file, line: line) { ctx in
            [Tensor.selectionBackward(ctx.grad(0), idx, dim: d, keepdim: keepdim || inputShape.isEmpty, inputShape: inputShape)]
        }
        return (values, idx)
    }

    /// `sort(dim, descending, stable)`: the values along `dim` in order, and where each came
    /// from. Always stable (tied elements keep their order), which is what PyTorch gives
    /// with `stable=True`; NaN is last ascending and first descending. `SortBackward0`.
    public func sort(dim: Int = -1, descending: Bool = false, stable: Bool = false,
                     file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        checkOrderable("sort", file: file, line: line)
        let order = atLeast1D.sortPermutation(d, descending: descending)
        return selectedValues("SortBackward0", order, dim: d, keepdim: true, outputShape: shape, file: file, line: line)
    }

    /// `argsort(dim, descending, stable)`: the indices `sort` returns.
    public func argsort(dim: Int = -1, descending: Bool = false, stable: Bool = false,
                        file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        checkOrderable("sort", file: file, line: line)
        return noGrad { atLeast1D.sortPermutation(d, descending: descending).reshape(shape) }
    }

    /// `topk(k, dim, largest, sorted)`: the `k` largest (or smallest) elements along `dim`,
    /// largest first (smallest first with `largest: false`). NaN counts as the largest.
    /// Results always come sorted; which of several tied elements is picked may differ from
    /// PyTorch, whose order among ties is unspecified. `TopkBackward0`.
    public func topk(_ k: Int, dim: Int = -1, largest: Bool = true, sorted: Bool = true,
                     file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        let source = atLeast1D
        guard k >= 0 && k <= source.shape[d] else { emberFatal("selected index k out of range", file: file, line: line) }
        checkOrderable("topk", file: file, line: line)
        if dtype == .bool { emberFatal("topk does not support bool dtypes on CPU", file: file, line: line) }
        let order = source.sortPermutation(d, descending: largest)
        let picked = noGrad { order.narrow(d, 0, k).contiguous() }
        var outShape = source.shape
        outShape[d] = k
        if ndim == 0 { outShape = [] }
        return selectedValues("TopkBackward0", picked, dim: d, keepdim: true, outputShape: outShape, file: file, line: line)
    }
}

/// `torch.sort(input, dim, descending, stable)`.
public func sort(_ input: Tensor, dim: Int = -1, descending: Bool = false, stable: Bool = false,
                 file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
    input.sort(dim: dim, descending: descending, stable: stable, file: file, line: line)
}

/// `torch.argsort(input, dim, descending, stable)`.
public func argsort(_ input: Tensor, dim: Int = -1, descending: Bool = false, stable: Bool = false,
                    file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.argsort(dim: dim, descending: descending, stable: stable, file: file, line: line)
}

/// `torch.topk(input, k, dim, largest, sorted)`.
public func topk(_ input: Tensor, _ k: Int, dim: Int = -1, largest: Bool = true, sorted: Bool = true,
                 file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
    input.topk(k, dim: dim, largest: largest, sorted: sorted, file: file, line: line)
}
