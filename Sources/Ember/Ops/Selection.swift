// `kthvalue`, `median`, `mode`: one element picked per line along a dim (or of the whole
// tensor), by rank or by frequency. Each line is ordered on the host with the same stable,
// NaN-last order `sort` uses.

extension Tensor {
    /// Per line along `d`: the position (within the line) an order-based pick chooses,
    /// given the keys of the line in stable ascending order.
    private func pickAlong<K: HostOrderKey>(_ keys: [K], _ d: Int, _ choose: ([K], [Int]) -> Int) -> Tensor {
        let source = atLeast1D
        let lines = HostLines(source.shape, d)
        var kept = source.shape
        kept[d] = 1
        var picks = [Int64](repeating: 0, count: lines.count)
        hostForEachOrderedLine(keys, lines, descending: false) { l, line, order in
            picks[l] = Int64(choose(line, order))
        }
        return Tensor(picks, shape: kept, device: device)
    }

    /// The picked positions along `d` for a rule written once for both key types.
    private func pick(_ d: Int, _ rule: PickRule) -> Tensor {
        dtype.isFloatingPoint ? pickAlong(toArray(Double.self), d, rule.choose)
                              : pickAlong(toArray(Int64.self), d, rule.choose)
    }

    /// The output shape of a reduction along `d` (0-d inputs stay 0-d).
    private func selectionShape(_ d: Int, keepdim: Bool) -> [Int] {
        ndim == 0 ? [] : reducedShape([d], keepdim: keepdim)
    }

    /// PyTorch's CPU kernels for these ops have no bool version.
    private func rejectBool(_ kernel: String, file: StaticString, line: UInt) {
        if dtype == .bool { emberFatal("\"\(kernel)\" not implemented for 'Bool'", file: file, line: line) }
    }

    /// Stops when the reduced dim is empty, with PyTorch's message.
    private func checkReductionDim(_ d: Int, _ op: String, file: StaticString, line: UInt) {
        if ndim > 0 && shape[d] == 0 {
            emberFatal("\(op)(): Expected reduction dim \(d) to have non-zero size.", file: file, line: line)
        }
    }

    /// `kthvalue(k, dim, keepdim)`: the `k`-th smallest element along `dim` (k counts from 1)
    /// and its index. NaN counts as the largest. Among tied elements the index may differ
    /// from PyTorch's, which leaves it unspecified. `KthvalueBackward0`.
    public func kthvalue(_ k: Int, dim: Int = -1, keepdim: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        checkReductionDim(d, "kthvalue", file: file, line: line)
        guard k >= 1 && k <= atLeast1D.shape[d] else {
            emberFatal("kthvalue(): selected number k out of range for dimension \(d)", file: file, line: line)
        }
        checkOrderable("kthvalue_cpu", file: file, line: line)
        rejectBool("kthvalue_cpu", file: file, line: line)
        let picks = pick(d, .rank(k - 1))
        return selectedValues("KthvalueBackward0", picks, dim: d, keepdim: keepdim,
                              outputShape: selectionShape(d, keepdim: keepdim), file: file, line: line)
    }

    /// `median(dim, keepdim)`: the lower median along `dim` and its index; NaN (and the index
    /// of the first NaN) where a line holds one, as in PyTorch. `MedianBackward1`.
    public func median(dim: Int, keepdim: Bool = false,
                       file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        checkReductionDim(d, "median", file: file, line: line)
        checkOrderable("median_cpu", file: file, line: line)
        rejectBool("median_out", file: file, line: line)
        let picks = pick(d, .median)
        return selectedValues("MedianBackward1", picks, dim: d, keepdim: keepdim,
                              outputShape: selectionShape(d, keepdim: keepdim), file: file, line: line)
    }

    /// `median()`: the lower median of all elements (NaN if any element is NaN, or if there
    /// are none). The gradient is shared evenly among the elements equal to the result, as
    /// in PyTorch. `MedianBackward0`.
    public func median(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkOrderable("median_cpu", file: file, line: line)
        rejectBool("median_cpu", file: file, line: line)
        let out: Tensor
        if count == 0 {
            // PyTorch reads its NaN fill back as the dtype: the int64 minimum for integers.
            out = dtype.isFloatingPoint ? Tensor.full([], Double.nan, dtype: dtype, device: device)
                                        : Tensor.full([], Int64.min, device: device).to(dtype)
        } else {
            let flat = noGrad { reshape([count]) }
            let index = flat.pick(0, .median)
            out = noGrad { flat.gather(0, index).reshape([]) }
        }
        Tensor.record("MedianBackward0", inputs: [self], saving: [self], savingOutputs: true,
                      outputs: [out], file: file, line: line) { ctx in
            let x = ctx.saved(0), y = ctx.saved(1)
            let hit = (x .== y) .| (x.isnan() .& y.isnan())
            let mask = hit.to(ctx.grad.dtype)
            return [mask * (ctx.grad / mask.sum())]
        }
        return out
    }

    /// `mode(dim, keepdim)`: the most frequent value along `dim` (the smallest among equally
    /// frequent ones) and the index of its last occurrence, as PyTorch's CPU kernel gives.
    /// NaNs never equal each other, so each counts once. `ModeBackward0`.
    public func mode(dim: Int = -1, keepdim: Bool = false,
                     file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        checkReductionDim(d, "mode", file: file, line: line)
        checkOrderable("mode_cpu", file: file, line: line)
        let picks = pick(d, .mode)
        return selectedValues("ModeBackward0", picks, dim: d, keepdim: keepdim,
                              outputShape: selectionShape(d, keepdim: keepdim), file: file, line: line)
    }
}

/// Which element of a stably sorted line an order-based reduction picks.
private enum PickRule {
    case rank(Int), median, mode

    func choose<K: HostOrderKey>(_ line: [K], _ order: [Int]) -> Int {
        switch self {
        case .rank(let r):
            return order[r]
        case .median:
            // NaNs sort last, in index order: the first of them is the first NaN.
            if let firstNaN = order.firstIndex(where: { line[$0].ordersAsNaN }) { return order[firstNaN] }
            return order[(order.count - 1) / 2]
        case .mode:
            var best = order[0], bestCount = 0
            var start = 0
            while start < order.count {
                var end = start + 1
                while end < order.count && line[order[end]] == line[order[start]] { end += 1 }
                if end - start > bestCount {
                    bestCount = end - start
                    best = order[end - 1]
                }
                start = end
            }
            return best
        }
    }
}

/// `torch.kthvalue(input, k, dim, keepdim)`.
public func kthvalue(_ input: Tensor, _ k: Int, dim: Int = -1, keepdim: Bool = false,
                     file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
    input.kthvalue(k, dim: dim, keepdim: keepdim, file: file, line: line)
}

/// `torch.median(input)`.
public func median(_ input: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.median(file: file, line: line)
}

/// `torch.median(input, dim, keepdim)`.
public func median(_ input: Tensor, dim: Int, keepdim: Bool = false,
                   file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
    input.median(dim: dim, keepdim: keepdim, file: file, line: line)
}

/// `torch.mode(input, dim, keepdim)`.
public func mode(_ input: Tensor, dim: Int = -1, keepdim: Bool = false,
                 file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
    input.mode(dim: dim, keepdim: keepdim, file: file, line: line)
}
