// `roll`, `rot90`, `diff`: rearrangements along dims. roll and rot90 are graph nodes of
// their own in PyTorch (`RollBackward0`, `Rot90Backward0`), whose gradients are the inverse
// rearrangement; diff is composed of slices and a subtraction (`SubBackward0`).

extension Tensor {
    /// `roll(shifts, dims)`: elements shifted along each dim, wrapping around. With no dims
    /// the tensor is rolled as if flattened and keeps its shape. `RollBackward0`.
    public func roll(_ shifts: [Int], dims: [Int] = [], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.roll", [.tensor(self), .ints(shifts), .ints(dims)], file: file, line: line) {
            guard !shifts.isEmpty else { emberFatal("`shifts` required", file: file, line: line) }
            guard shifts.count == dims.count || (dims.isEmpty && shifts.count == 1) else {
                emberFatal("shifts and dimensions must align. shifts: \(shifts.count), dims:\(dims.count)", file: file, line: line)
            }
            let normalized = dims.map { normalizeDim($0, ndim, file: file, line: line) }
            let out = noGrad { () -> Tensor in
                var x = self
                if dims.isEmpty {
                    x = reshape([count]).rolled(shifts[0], 0).reshape(shape)
                } else {
                    for (shift, d) in zip(shifts, normalized) { x = x.rolled(shift, d) }
                }
                // Always a new tensor, as in PyTorch, even when nothing moved.
                return x.storage === storage ? x.clone() : x
            }
            Tensor.record("RollBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [ctx.grad.roll(shifts.map { -$0 }, dims: dims, file: file, line: line)]
            }
            return out
        }
    }

    /// `roll(shifts, dims)` for one shift along one dim (or over the flattened tensor).
    public func roll(_ shifts: Int, dims: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        roll([shifts], dims: dims.map { [$0] } ?? [], file: file, line: line)
    }

    /// One roll along `d`, as an index_select of the source positions (no recording).
    private func rolled(_ shift: Int, _ d: Int) -> Tensor {
        let size = ndim == 0 ? 1 : shape[d]
        guard size > 0, ndim > 0 else { return self }
        let s = ((shift % size) + size) % size
        if s == 0 { return self }
        let index = (0..<size).map { Int64((($0 - s) % size + size) % size) }
        return indexSelect(d, Tensor(index, shape: [size], device: device))
    }

    /// `rot90(k, dims)`: rotated by 90° `k` times in the plane of `dims`, from the first dim
    /// towards the second. `Rot90Backward0`.
    public func rot90(_ k: Int = 1, dims: [Int] = [0, 1], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.rot90", [.tensor(self), .int(k), .ints(dims)], file: file, line: line) {
            guard dims.count == 2 else {
                emberFatal("expected total rotation dims == 2, but got dims = \(dims.count)", file: file, line: line)
            }
            guard ndim >= 2 else { emberFatal("expected total dims >= 2, but got total dims = \(ndim)", file: file, line: line) }
            guard dims[0] != dims[1] && (dims[0] - dims[1]).magnitude != ndim else {
                emberFatal("expected rotation dims to be different, but got dim0 = \(dims[0]) and dim1 = \(dims[1])", file: file, line: line)
            }
            let d0 = normalizeDim(dims[0], ndim, file: file, line: line)
            let d1 = normalizeDim(dims[1], ndim, file: file, line: line)
            let turns = ((k % 4) + 4) % 4
            let out = noGrad { () -> Tensor in
                switch turns {
                case 1: return flip([d1]).transpose(d0, d1).contiguous()
                case 2: return flip([d0, d1])
                case 3: return flip([d0]).transpose(d0, d1).contiguous()
                default: return clone()
                }
            }
            Tensor.record("Rot90Backward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [ctx.grad.rot90(-k, dims: dims, file: file, line: line)]
            }
            return out
        }
    }

    /// `diff(n, dim, prepend, append)`: the `n`-th forward difference along `dim`, after
    /// `prepend` and `append` are concatenated on that dim. Bool tensors give `!=`.
    public func diff(n: Int = 1, dim: Int = -1, prepend: Tensor? = nil, append: Tensor? = nil,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard ndim >= 1 else { emberFatal("diff expects input to be at least one-dimensional", file: file, line: line) }
        guard n >= 0 else { emberFatal("order must be non-negative but got \(n)", file: file, line: line) }
        let d = normalizeDim(dim, ndim, file: file, line: line)
        for extra in [prepend, append].compactMap({ $0 }) where extra.ndim != ndim {
            emberFatal("diff expects prepend or append to be the same dimension as input", file: file, line: line)
        }
        var x = self
        if prepend != nil || append != nil {
            x = cat([prepend, self, append].compactMap { $0 }, dim: d, file: file, line: line)
        }
        for _ in 0..<n {
            let length = x.shape[d]
            if length == 0 { break }
            let later = x.narrow(d, 1, length - 1, file: file, line: line)
            let earlier = x.narrow(d, 0, length - 1, file: file, line: line)
            x = x.dtype == .bool ? later .!= earlier : Ember.sub(later, earlier, file: file, line: line)
        }
        return x
    }
}

/// `torch.roll(input, shifts, dims)`.
public func roll(_ input: Tensor, _ shifts: [Int], dims: [Int] = [], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.roll(shifts, dims: dims, file: file, line: line)
}

/// `torch.roll(input, shifts, dims)` with one shift.
public func roll(_ input: Tensor, _ shifts: Int, dims: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.roll(shifts, dims: dims, file: file, line: line)
}

/// `torch.rot90(input, k, dims)`.
public func rot90(_ input: Tensor, _ k: Int = 1, dims: [Int] = [0, 1], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.rot90(k, dims: dims, file: file, line: line)
}

/// `torch.diff(input, n, dim, prepend, append)`.
public func diff(_ input: Tensor, n: Int = 1, dim: Int = -1, prepend: Tensor? = nil, append: Tensor? = nil,
                 file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.diff(n: n, dim: dim, prepend: prepend, append: append, file: file, line: line)
}
