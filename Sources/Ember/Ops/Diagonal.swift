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
            [Tensor.diagonalBackward(ctx.grad, inputShape: original, offset: offset, dim1: d1, dim2: d2, file: file, line: line)]
        }
    }

    /// The gradient of `diagonal`: `grad` placed along the diagonal of zeros. Built from
    /// recorded ops (no in-place write into a view), so `createGraph` differentiates it again.
    static func diagonalBackward(_ grad: Tensor, inputShape: [Int], offset: Int, dim1 d1: Int, dim2 d2: Int,
                                 file: StaticString, line: UInt) -> Tensor {
        let s1 = inputShape[d1], s2 = inputShape[d2], n = grad.shape[grad.ndim - 1]
        if n == 0 { return Tensor.zeros(inputShape, dtype: grad.dtype, device: grad.device) }
        let rest = Array(grad.shape.dropLast())
        // Rows: the grad padded to the length of dim1 (diagonal element k sits in row k + front).
        let front = Swift.max(-offset, 0), back = s1 - front - n
        var parts: [Tensor] = []
        if front > 0 { parts.append(Tensor.zeros(rest + [front], dtype: grad.dtype, device: grad.device)) }
        parts.append(grad)
        if back > 0 { parts.append(Tensor.zeros(rest + [back], dtype: grad.dtype, device: grad.device)) }
        let rows = parts.count == 1 ? grad : cat(parts, dim: rest.count, file: file, line: line)
        // Spread each row along dim2 and keep only the diagonal's column (j - i == offset).
        var mask = Array(repeating: 0.0, count: s1 * s2)
        for i in 0..<s1 where i + offset >= 0 && i + offset < s2 { mask[i * s2 + i + offset] = 1 }
        let full = rows.unsqueeze(-1, file: file, line: line)
            * Tensor(mask, shape: [s1, s2], dtype: grad.dtype, device: grad.device)
        // Move the two trailing dims back to dim1 and dim2.
        var order: [Int] = [], next = 0
        for d in 0..<inputShape.count {
            if d == d1 { order.append(rest.count) } else if d == d2 { order.append(rest.count + 1) } else { order.append(next); next += 1 }
        }
        return full.permute(order, file: file, line: line)
    }
}

/// `torch.diagonal(x, offset, dim1, dim2)`.
public func diagonal(_ x: Tensor, offset: Int = 0, dim1: Int = 0, dim2: Int = 1,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.diagonal(offset: offset, dim1: dim1, dim2: dim2, file: file, line: line)
}
