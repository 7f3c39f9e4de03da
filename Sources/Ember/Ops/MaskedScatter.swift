// `masked_scatter`: the elements of `source`, in order, written where a bool mask is true.

extension Tensor {
    /// `masked_scatter(mask, source)`: a copy of self (broadcast with `mask`) whose elements
    /// at the true positions of `mask`, in row-major order, are the first elements of
    /// `source`. `MaskedScatterBackward0`: self gets the gradient where the mask is false,
    /// `source` the gradient of the positions it filled (zeros for elements it had over).
    public func maskedScatter(_ mask: Tensor, _ source: Tensor,
                              file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let target = broadcastShapes(mask.shape, shape, file: file, line: line)
        guard mask.dtype == .bool else {
            emberFatal("masked_scatter_ only supports boolean masks, but got mask with dtype \(mask.dtype.scalarTypeName)", file: file, line: line)
        }
        guard source.dtype == dtype else {
            emberFatal("masked_scatter: expected self and source to have same dtypes but got\(dtype.scalarTypeName) and \(source.dtype.scalarTypeName)", file: file, line: line)
        }
        Tensor.checkSameDevice(self, mask, file: file, line: line)
        Tensor.checkSameDevice(self, source, file: file, line: line)
        let m = noGrad { mask.expand(target, file: file, line: line).contiguous() }
        let filled = m.toArray(Bool.self).reduce(0) { $0 + ($1 ? 1 : 0) }
        guard filled <= source.count else {
            emberFatal("Number of elements of source < number of ones in mask", file: file, line: line)
        }
        let out = noGrad { () -> Tensor in
            let copy = expand(target, file: file, line: line).contiguous().clone()
            if filled > 0 { copy[m] = source.reshape([source.count]).narrow(0, 0, filled) }
            return copy
        }
        let sourceShape = source.shape, sourceCount = source.count
        Tensor.record("MaskedScatterBackward0", inputs: [self, source], outputs: [out], file: file, line: line) { ctx in
            let g = ctx.grad
            let gSelf = ctx.needs(0) ? g.maskedFill(m, 0) : nil
            var gSource: Tensor? = nil
            if ctx.needs(1) {
                var picked = g.maskedSelect(m)
                if sourceCount > filled {
                    picked = cat([picked, Tensor.zeros([sourceCount - filled], dtype: g.dtype, device: g.device)])
                }
                gSource = picked.reshape(sourceShape)
            }
            return [gSelf, gSource]
        }
        return out
    }
}
