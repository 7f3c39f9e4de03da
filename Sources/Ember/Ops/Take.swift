// `take` (elements by flat position) and `take_along_dim` (gather with broadcasting).

extension Tensor {
    /// `take(index)`: the elements at the int64 flat (row-major) positions `index`, shaped
    /// like `index`; negative positions count from the end. `TakeBackward0`.
    public func take(_ index: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.take", [.tensor(self), .tensor(index)], file: file, line: line) {
            guard index.dtype == .int64 else {
                emberFatal("take(): Expected a long tensor for index, but got \(index.dtype.scalarTypeName)", file: file, line: line)
            }
            let n = count
            var positions = index.toArray(Int64.self)
            for i in positions.indices {
                let p = positions[i]
                guard p >= -Int64(n) && p < Int64(n) else {
                    emberFatal("out of range: tried to access index \(p) on a tensor of \(n) elements.", file: file, line: line)
                }
                if p < 0 { positions[i] = p + Int64(n) }
            }
            let flatIndex = Tensor(positions, shape: [positions.count], device: device)
            let out = noGrad { reshape([n]).gather(0, flatIndex, file: file, line: line).reshape(index.shape) }
            let inputShape = shape
            Tensor.record("TakeBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                let g = ctx.grad.reshape([flatIndex.count])
                return [Tensor.zeros([n], dtype: g.dtype, device: g.device)
                    .indexPut([flatIndex], g, accumulate: true, file: file, line: line).reshape(inputShape)]
            }
            return out
        }
    }

    /// `take_along_dim(indices, dim)`: `gather` along `dim` after `self` and `indices` are
    /// broadcast against each other in every other dim; with no `dim`, over the flattened
    /// tensor. Recorded as `GatherBackward0`, as in PyTorch.
    public func takeAlongDim(_ indices: Tensor, dim: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard indices.dtype == .int64 else {
            emberFatal("torch.take_along_dim(): dtype of indices should be Long but got \(indices.dtype.scalarTypeName)", file: file, line: line)
        }
        guard let dim else {
            return reshape([count], file: file, line: line).gather(0, indices.reshape([indices.count]), file: file, line: line)
        }
        guard ndim == indices.ndim else {
            emberFatal("torch.take_along_dim(): input and indices should have the same number of dimensions, but got \(ndim) dimensions for input, and \(indices.ndim) dimensions for indices", file: file, line: line)
        }
        let d = normalizeDim(dim, ndim, file: file, line: line)
        if ndim == 0 { return reshape([1]).gather(0, indices.reshape([1]), file: file, line: line).reshape([]) }
        var selfSizes = shape
        selfSizes[d] = indices.shape[d]
        var common = broadcastShapes(selfSizes, indices.shape, file: file, line: line)
        let expandedIndices = noGrad { indices.expand(common, file: file, line: line) }
        common[d] = shape[d]
        let expandedSelf = expand(common, file: file, line: line)
        return expandedSelf.gather(d, expandedIndices, file: file, line: line)
    }
}

/// `torch.take(input, index)`.
public func take(_ input: Tensor, _ index: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.take(index, file: file, line: line)
}

/// `torch.take_along_dim(input, indices, dim)`.
public func takeAlongDim(_ input: Tensor, _ indices: Tensor, dim: Int? = nil,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.takeAlongDim(indices, dim: dim, file: file, line: line)
}
