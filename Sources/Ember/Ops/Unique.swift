// `unique` and `unique_consecutive`: the distinct elements (or slices along a dim) with, on
// request, where each input element went (`inverse`) and how often each value occurs
// (`counts`). Grouping runs on the host; values are gathered in the tensor's dtype. Not
// differentiable, as in PyTorch.

/// Groups positions `0..<n` by equality: in sorted order (stable, NaN last) for `unique`,
/// or in runs of the original order for `unique_consecutive`.
private func hostGroups(_ n: Int, sort: Bool, less: (Int, Int) -> Bool, equal: (Int, Int) -> Bool)
    -> (first: [Int64], inverse: [Int64], counts: [Int64]) {
    var order = Array(0..<n)
    if sort {
        order.sort { a, b in
            if less(a, b) { return true }
            if less(b, a) { return false }
            return a < b
        }
    }
    var first: [Int64] = [], counts: [Int64] = []
    var inverse = [Int64](repeating: 0, count: n)
    for (i, position) in order.enumerated() {
        if i == 0 || !equal(order[i - 1], position) {
            first.append(Int64(position))
            counts.append(0)
        }
        counts[counts.count - 1] += 1
        inverse[position] = Int64(first.count - 1)
    }
    return (first, inverse, counts)
}

/// The row-major keys of `rows` rows of `width` elements, compared lexicographically.
private struct HostRows<K: HostOrderKey> {
    let keys: [K], width: Int

    func less(_ a: Int, _ b: Int) -> Bool {
        for j in 0..<width {
            let (x, y) = (keys[a * width + j], keys[b * width + j])
            if hostKeyLess(x, y) { return true }
            if hostKeyLess(y, x) { return false }
        }
        return false
    }

    func equal(_ a: Int, _ b: Int) -> Bool {
        (0..<width).allSatisfy { keys[a * width + $0] == keys[b * width + $0] }
    }
}

extension Tensor {
    /// The groups of the flattened elements (width 1) or of the slices along `d`.
    private func uniqueGroups(_ d: Int?, sort: Bool) -> (first: [Int64], inverse: [Int64], counts: [Int64]) {
        let rows: Tensor, n: Int
        if let d {
            n = shape[d]
            rows = noGrad { transpose(0, d).contiguous().reshape([n, n == 0 ? 0 : count / n]) }
        } else {
            n = count
            rows = noGrad { reshape([count, 1]) }
        }
        let width = rows.shape[1]
        if dtype.isFloatingPoint {
            let r = HostRows(keys: rows.toArray(Double.self), width: width)
            return hostGroups(n, sort: sort, less: r.less, equal: r.equal)
        }
        let r = HostRows(keys: rows.toArray(Int64.self), width: width)
        return hostGroups(n, sort: sort, less: r.less, equal: r.equal)
    }

    private func uniqueImpl(_ op: String, sort: Bool, returnInverse: Bool, returnCounts: Bool, dim: Int?,
                            file: StaticString, line: UInt) -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        checkOrderable(op, file: file, line: line)
        var d: Int? = nil
        if let dim {
            guard ndim > 0 else { emberFatal("Dimension specified as \(dim) but tensor has no dimensions", file: file, line: line) }
            let nd = normalizeDim(dim, ndim, file: file, line: line)
            if shape[nd] > 0 && count == 0 {
                emberFatal("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied", file: file, line: line)
            }
            d = nd
        }
        let groups = uniqueGroups(d, sort: sort)
        let first = Tensor(groups.first, shape: [groups.first.count], device: device)
        let values = noGrad { () -> Tensor in
            if let d { return indexSelect(d, first, file: file, line: line) }
            return reshape([count]).indexSelect(0, first, file: file, line: line)
        }
        let inverseShape = d.map { [shape[$0]] } ?? shape
        let inverse = returnInverse ? Tensor(groups.inverse, shape: inverseShape, device: device) : nil
        let counts = returnCounts ? Tensor(groups.counts, shape: [groups.counts.count], device: device) : nil
        return (values, inverse, counts)
    }

    /// `unique(sorted, dim)`: the distinct elements in ascending order (NaNs each count as
    /// distinct and come last), flattened unless `dim` picks slices. PyTorch's CPU result is
    /// sorted whatever `sorted` says, and so is this one.
    public func unique(sorted: Bool = true, dim: Int? = nil,
                       file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        uniqueImpl("unique", sort: true, returnInverse: false, returnCounts: false, dim: dim, file: file, line: line).values
    }

    /// `unique(sorted, return_inverse, return_counts, dim)`: also, per input element (or
    /// slice), the index of its value in `values`, and how often each value occurs; each is
    /// nil unless asked for.
    @_disfavoredOverload
    public func unique(sorted: Bool = true, returnInverse: Bool = false, returnCounts: Bool = false, dim: Int? = nil,
                       file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        uniqueImpl("unique", sort: true, returnInverse: returnInverse, returnCounts: returnCounts, dim: dim, file: file, line: line)
    }

    /// `unique_consecutive(dim)`: drops each element (or slice) equal to the one before it.
    public func uniqueConsecutive(dim: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        uniqueImpl("unique_consecutive", sort: false, returnInverse: false, returnCounts: false, dim: dim, file: file, line: line).values
    }

    /// `unique_consecutive(return_inverse, return_counts, dim)`.
    @_disfavoredOverload
    public func uniqueConsecutive(returnInverse: Bool = false, returnCounts: Bool = false, dim: Int? = nil,
                                  file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        uniqueImpl("unique_consecutive", sort: false, returnInverse: returnInverse, returnCounts: returnCounts, dim: dim, file: file, line: line)
    }
}

/// `torch.unique(input, sorted, dim)`.
public func unique(_ input: Tensor, sorted: Bool = true, dim: Int? = nil,
                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.unique(sorted: sorted, dim: dim, file: file, line: line)
}

/// `torch.unique(input, sorted, return_inverse, return_counts, dim)`.
@_disfavoredOverload
public func unique(_ input: Tensor, sorted: Bool = true, returnInverse: Bool = false, returnCounts: Bool = false,
                   dim: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
    input.unique(sorted: sorted, returnInverse: returnInverse, returnCounts: returnCounts, dim: dim, file: file, line: line)
}

/// `torch.unique_consecutive(input, dim)`.
public func uniqueConsecutive(_ input: Tensor, dim: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.uniqueConsecutive(dim: dim, file: file, line: line)
}

/// `torch.unique_consecutive(input, return_inverse, return_counts, dim)`.
@_disfavoredOverload
public func uniqueConsecutive(_ input: Tensor, returnInverse: Bool = false, returnCounts: Bool = false, dim: Int? = nil,
                              file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
    input.uniqueConsecutive(returnInverse: returnInverse, returnCounts: returnCounts, dim: dim, file: file, line: line)
}
