// `diagonal`: a view of the elements `x[..., i, ..., i + offset, ...]` of two dims.

extension Tensor {
    /// `diagonal(offset:dim1:dim2:)`: a view with `dim1` and `dim2` removed and the
    /// diagonal appended as the last dim, as in PyTorch (`DiagonalBackward0`).
    /// `offset > 0` is above the main diagonal, `offset < 0` below.
    public func diagonal(offset: Int = 0, dim1: Int = 0, dim2: Int = 1,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let d1 = normalizeDim(dim1, ndim, file: file, line: line)
        let d2 = normalizeDim(dim2, ndim, file: file, line: line)
        guard d1 != d2 else { emberFatal("diagonal dimensions cannot be identical \(dim1), \(dim2)", file: file, line: line) }
        let size = offset >= 0 ? Swift.max(Swift.min(shape[d1], shape[d2] - offset), 0)
                               : Swift.max(Swift.min(shape[d1] + offset, shape[d2]), 0)
        var start = storageOffset
        if size > 0 { start += offset >= 0 ? offset * strides[d2] : -offset * strides[d1] }
        var newShape = shape, newStrides = strides
        for d in [Swift.max(d1, d2), Swift.min(d1, d2)] {
            newShape.remove(at: d)
            newStrides.remove(at: d)
        }
        newShape.append(size)
        newStrides.append(strides[d1] + strides[d2])
        let original = shape
        return makeView("DiagonalBackward0", shape: newShape, strides: newStrides, offset: start, file: file, line: line) { ctx in
            // PyTorch's diagonal_backward: zeros with the grad written along the diagonal.
            let g = Tensor.zeros(original, dtype: ctx.grad.dtype, device: ctx.grad.device)
            g.diagonal(offset: offset, dim1: d1, dim2: d2, file: file, line: line).copy_(ctx.grad, file: file, line: line)
            return [g]
        }
    }
}

/// `torch.diagonal(x, offset, dim1, dim2)`.
public func diagonal(_ x: Tensor, offset: Int = 0, dim1: Int = 0, dim2: Int = 1,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.diagonal(offset: offset, dim1: dim1, dim2: dim2, file: file, line: line)
}
