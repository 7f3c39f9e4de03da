/// `torch.cat(tensors, dim)`: joins along an existing dim; dtypes promote as PyTorch does.
public func cat(_ tensors: [Tensor], dim: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.cat", [.tensors(tensors), .int(dim)], file: file, line: line) {
        guard let first = tensors.first(where: { !($0.ndim == 1 && $0.count == 0) }) ?? tensors.first else {
            emberFatal("torch.cat(): expected a non-empty list of Tensors", file: file, line: line)
        }
        // PyTorch skips legacy empty 1-D tensors of shape [0].
        let parts = tensors.filter { !($0.ndim == 1 && $0.count == 0) || first.ndim == 1 }
        guard first.ndim > 0 else {
            emberFatal("zero-dimensional tensor (at position 0) cannot be concatenated", file: file, line: line)
        }
        let d = normalizeDim(dim, first.ndim, file: file, line: line)
        for (i, t) in parts.enumerated() {
            Tensor.checkSameDevice(first, t, file: file, line: line)
            guard t.ndim == first.ndim else {
                emberFatal("Tensors must have same number of dimensions: got \(first.ndim) and \(t.ndim)", file: file, line: line)
            }
            for k in 0..<first.ndim where k != d && t.shape[k] != first.shape[k] {
                emberFatal("Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[k]) but got size \(t.shape[k]) for tensor number \(i) in the list.", file: file, line: line)
            }
        }
        // Skipped empty tensors still take part in type promotion, as in PyTorch.
        let dtype = tensors.dropFirst().reduce(tensors[0].dtype) { DType.promote($0, $1.dtype) }
        var shape = first.shape
        shape[d] = parts.map { $0.shape[d] }.reduce(0, +)
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: first.device)
        var offset = 0
        for t in parts {
            let n = t.shape[d]
            var s = out.strides
            s[d] = out.strides[d]
            var partShape = shape
            partShape[d] = n
            let target = StridedView(storage: out.storage, shape: partShape, strides: out.strides,
                                     offset: offset * out.strides[d], dtype: dtype)
            out.backend.copy(t.view, into: target)
            offset += n
        }
        let sizes = parts.map { $0.shape[d] }
        Tensor.record("CatBackward0", inputs: parts, outputs: [out], file: file, line: line) { ctx in
            var start = 0
            return sizes.map { n in
                defer { start += n }
                return ctx.grad.narrow(d, start, n)
            }
        }
        return out
    }
}

/// `torch.stack(tensors, dim)`: joins along a new dim.
public func stack(_ tensors: [Tensor], dim: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.stack", [.tensors(tensors), .int(dim)], file: file, line: line) {
        guard let first = tensors.first else { emberFatal("stack expects a non-empty TensorList", file: file, line: line) }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            emberFatal("stack expects each tensor to be equal size, but got \(shapeString(first.shape)) at entry 0 and \(shapeString(t.shape)) at entry \(i)", file: file, line: line)
        }
        let d = normalizeDim(dim, first.ndim + 1, file: file, line: line)
        return cat(tensors.map { $0.unsqueeze(d) }, dim: d, file: file, line: line)
    }
}

extension Tensor {
    /// `split(size, dim)`: pieces of `size` along `dim` (the last may be smaller).
    public func split(_ size: Int, dim: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        Tensor.tracedMany("aten.split", [.tensor(self), .int(size), .int(dim)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            guard size > 0 || shape[d] == 0 else {
                emberFatal("split_size can only be 0 if dimension size is 0, but got dimension size of \(shape[d])", file: file, line: line)
            }
            if shape[d] == 0 { return [self] }
            return Swift.stride(from: 0, to: shape[d], by: size).map { narrow(d, $0, Swift.min(size, shape[d] - $0), file: file, line: line) }
        }
    }

    /// `split(sizes, dim)`: pieces with the given sizes, which must add up to the dim's size.
    public func split(_ sizes: [Int], dim: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        Tensor.tracedMany("aten.split_with_sizes", [.tensor(self), .ints(sizes), .int(dim)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            guard sizes.reduce(0, +) == shape[d] else {
                emberFatal("split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=\(shapeString(sizes))", file: file, line: line)
            }
            var start = 0
            return sizes.map { n in
                defer { start += n }
                return narrow(d, start, n, file: file, line: line)
            }
        }
    }

    /// `chunk(chunks, dim)`: up to `chunks` pieces of ceil(size / chunks).
    public func chunk(_ chunks: Int, dim: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        Tensor.tracedMany("aten.chunk", [.tensor(self), .int(chunks), .int(dim)], file: file, line: line) {
            guard chunks > 0 else { emberFatal("chunk expects `chunks` to be greater than 0, got: \(chunks)", file: file, line: line) }
            let d = normalizeDim(dim, ndim, file: file, line: line)
            // An empty dim gives `chunks` empty pieces, as in PyTorch.
            if shape[d] == 0 { return (0..<chunks).map { _ in narrow(d, 0, 0, file: file, line: line) } }
            let size = (shape[d] + chunks - 1) / chunks
            return split(size, dim: d, file: file, line: line)
        }
    }

    /// `repeat(sizes)`: tiles the tensor (`torch.Tensor.repeat`).
    public func `repeat`(_ sizes: Int..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        `repeat`(sizes, file: file, line: line)
    }

    public func `repeat`(_ sizes: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.repeat", [.tensor(self), .ints(sizes)], file: file, line: line) {
            guard sizes.count >= ndim else {
                emberFatal("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor", file: file, line: line)
            }
            let padded = Array(repeating: 1, count: sizes.count - ndim) + shape
            // View as [1, s0, 1, s1, ...], expand to [r0, s0, r1, s1, ...], then merge pairs.
            var interleaved: [Int] = [], expanded: [Int] = []
            for (r, s) in zip(sizes, padded) {
                interleaved += [1, s]
                expanded += [r, s]
            }
            let result = reshape(interleaved, file: file, line: line).expand(expanded, file: file, line: line)
            let tiled = result.reshape(zip(sizes, padded).map { $0 * $1 }, file: file, line: line)
            // repeat always copies, as in PyTorch (all-ones sizes would otherwise give a view).
            return tiled.storage === storage ? tiled.clone(file: file, line: line) : tiled
        }
    }

    /// `flip(dims)`: reverses the order along each dim (a copy, as in PyTorch).
    public func flip(_ dims: Int..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        flip(dims, file: file, line: line)
    }

    public func flip(_ dims: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.flip", [.tensor(self), .ints(dims)], file: file, line: line) {
            let ds = dims.map { normalizeDim($0, ndim, file: file, line: line) }
            var newStrides = strides
            var offset = storageOffset
            for d in ds where shape[d] > 0 {
                offset += (shape[d] - 1) * strides[d]
                newStrides[d] = -strides[d]
            }
            let reversed = alias(shape: shape, strides: newStrides, offset: offset)
            let out = reversed.contiguousData()
            Tensor.record("FlipBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in [ctx.grad.flip(ds)] }
            return out
        }
    }
}
