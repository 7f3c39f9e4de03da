// Ops that change layout only: the result shares storage with the input.

extension Tensor {
    /// A recorded view: same storage, new layout.
    package func makeView(_ name: String, shape: [Int], strides: [Int], offset: Int? = nil,
                  file: StaticString, line: UInt, _ formula: @escaping (BackwardContext) -> [Tensor?]) -> Tensor {
        let out = alias(shape: shape, strides: strides, offset: offset ?? storageOffset)
        out.viewBase = viewBase ?? self
        Tensor.record(name, inputs: [self], outputs: [out], file: file, line: line, formula)
        return out
    }

    /// Resolves one `-1` in a requested shape, with PyTorch's errors.
    func inferShape(_ requested: [Int], file: StaticString, line: UInt) -> [Int] {
        var shape = requested
        let unknown = requested.indices.filter { requested[$0] == -1 }
        if unknown.count > 1 { emberFatal("only one dimension can be inferred", file: file, line: line) }
        if let bad = requested.first(where: { $0 < -1 }) { emberFatal("invalid shape dimension \(bad)", file: file, line: line) }
        let known = requested.filter { $0 != -1 }.reduce(1, *)
        if let u = unknown.first {
            guard known != 0, count % known == 0 else {
                emberFatal("shape '\(shapeString(requested))' is invalid for input of size \(count)", file: file, line: line)
            }
            shape[u] = count / known
        } else if known != count {
            emberFatal("shape '\(shapeString(requested))' is invalid for input of size \(count)", file: file, line: line)
        }
        return shape
    }

    /// Strides that view this layout as `newShape` without copying, or nil (PyTorch's
    /// `computeStride`: each run of merged dims must be contiguous within itself).
    func viewStrides(for newShape: [Int]) -> [Int]? {
        if count == 0 || shape.isEmpty { return contiguousStrides(newShape) }
        var newStrides = Array(repeating: 0, count: newShape.count)
        var viewD = newShape.count - 1
        var chunkBase = strides.last!
        var tensorNumel = 1, viewNumel = 1
        for tensorD in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
            tensorNumel *= shape[tensorD]
            if tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBase) {
                while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                    newStrides[viewD] = viewNumel * chunkBase
                    viewNumel *= newShape[viewD]
                    viewD -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if tensorD > 0 {
                    chunkBase = strides[tensorD - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewD == -1 ? newStrides : nil
    }

    /// `view(shape)`: a view with another shape; one dim may be -1.
    public func view(_ shape: Int..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        view(shape, file: file, line: line)
    }

    public func view(_ shape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        // The sizes as passed (-1 kept): capture fits them against the dynamic dims.
        Tensor.traced("aten.view", [.tensor(self), .ints(shape)], file: file, line: line) {
            let target = inferShape(shape, file: file, line: line)
            guard let newStrides = viewStrides(for: target) else {
                emberFatal("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.", file: file, line: line)
            }
            let original = self.shape
            return makeView("ViewBackward0", shape: target, strides: newStrides, file: file, line: line) { ctx in
                [ctx.grad.reshape(original)]
            }
        }
    }

    /// `reshape(shape)`: a view when the layout allows, a copy otherwise.
    public func reshape(_ shape: Int..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        reshape(shape, file: file, line: line)
    }

    public func reshape(_ shape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.reshape", [.tensor(self), .ints(shape)], file: file, line: line) {
            let target = inferShape(shape, file: file, line: line)
            if viewStrides(for: target) != nil { return view(target, file: file, line: line) }
            let copy = clone(file: file, line: line)
            let original = self.shape
            return copy.makeView("UnsafeViewBackward0", shape: target, strides: contiguousStrides(target), file: file, line: line) { ctx in
                [ctx.grad.reshape(original)]
            }
        }
    }

    /// `view_as` / `reshape_as`.
    public func view(as other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { view(other.shape, file: file, line: line) }
    public func reshape(as other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { reshape(other.shape, file: file, line: line) }

    /// `flatten(startDim, endDim)`.
    public func flatten(startDim: Int = 0, endDim: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.flatten", [.tensor(self), .int(startDim), .int(endDim)], file: file, line: line) {
            if ndim == 0 { return reshape([1], file: file, line: line) }
            let s = normalizeDim(startDim, ndim, file: file, line: line), e = normalizeDim(endDim, ndim, file: file, line: line)
            guard s <= e else { emberFatal("flatten() has invalid args: start_dim cannot come after end_dim", file: file, line: line) }
            if s == e { return self }
            let merged = shape[s...e].reduce(1, *)
            return reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]), file: file, line: line)
        }
    }

    /// `squeeze()`: drops every size-1 dim.
    public func squeeze(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.squeeze", [.tensor(self)], file: file, line: line) {
            let keep = shape.indices.filter { shape[$0] != 1 }
            let original = self.shape
            return makeView("SqueezeBackward0", shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] }, file: file, line: line) { ctx in
                [ctx.grad.reshape(original)]
            }
        }
    }

    /// `squeeze(dim)`: drops `dim` if its size is 1.
    public func squeeze(_ dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.squeeze", [.tensor(self), .int(dim)], file: file, line: line) {
            if ndim == 0 { _ = normalizeDim(dim, 0, file: file, line: line); return self }
            let d = normalizeDim(dim, ndim, file: file, line: line)
            var newShape = shape, newStrides = strides
            if shape[d] == 1 { newShape.remove(at: d); newStrides.remove(at: d) }
            let original = self.shape
            return makeView("SqueezeBackward1", shape: newShape, strides: newStrides, file: file, line: line) { ctx in
                [ctx.grad.reshape(original)]
            }
        }
    }

    /// `unsqueeze(dim)`: inserts a size-1 dim; `dim` may be `ndim` (or -1 for the end).
    public func unsqueeze(_ dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.unsqueeze", [.tensor(self), .int(dim)], file: file, line: line) {
            let d = normalizeDim(dim, ndim + 1, file: file, line: line)
            var newShape = shape, newStrides = strides
            newShape.insert(1, at: d)
            newStrides.insert(d < ndim ? strides[d] * shape[d] : 1, at: d)
            return makeView("UnsqueezeBackward0", shape: newShape, strides: newStrides, file: file, line: line) { ctx in
                [ctx.grad.squeeze(d)]
            }
        }
    }

    /// `permute(dims)`: reorders dims.
    public func permute(_ dims: Int..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        permute(dims, file: file, line: line)
    }

    public func permute(_ dims: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.permute", [.tensor(self), .ints(dims)], file: file, line: line) {
            guard dims.count == ndim else {
                emberFatal("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(ndim) is not equal to len(dims) = \(dims.count)", file: file, line: line)
            }
            let order = dims.map { normalizeDim($0, ndim, file: file, line: line) }
            guard Set(order).count == order.count else { emberFatal("permute(): duplicate dims are not allowed.", file: file, line: line) }
            var inverse = Array(repeating: 0, count: ndim)
            for (i, d) in order.enumerated() { inverse[d] = i }
            return makeView("PermuteBackward0", shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, file: file, line: line) { ctx in
                [ctx.grad.permute(inverse)]
            }
        }
    }

    /// `transpose(dim0, dim1)`.
    public func transpose(_ dim0: Int, _ dim1: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.transpose", [.tensor(self), .int(dim0), .int(dim1)], file: file, line: line) {
            let a = normalizeDim(dim0, ndim, file: file, line: line), b = normalizeDim(dim1, ndim, file: file, line: line)
            if ndim == 0 { return self }
            var newShape = shape, newStrides = strides
            newShape.swapAt(a, b)
            newStrides.swapAt(a, b)
            return makeView("TransposeBackward0", shape: newShape, strides: newStrides, file: file, line: line) { ctx in
                [ctx.grad.transpose(a, b)]
            }
        }
    }

    /// `t()`: transposes a tensor of at most 2 dims.
    public func t(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard ndim <= 2 else { emberFatal("t() expects a tensor with <= 2 dimensions, but self is \(ndim)D", file: file, line: line) }
        return ndim < 2 ? self : transpose(0, 1, file: file, line: line)
    }

    /// `.T`: reverses all dims (PyTorch deprecates it beyond 2-D but still does this).
    public var T: Tensor { ndim < 2 ? self : permute(Array((0..<ndim).reversed())) }

    /// `.mT`: transposes the last two dims.
    public var mT: Tensor {
        if ndim < 2 { emberFatal("tensor.mT is only supported on matrices or batches of matrices. Got \(ndim)-D tensor.") }
        return transpose(-2, -1)
    }

    /// `expand(sizes)`: broadcasts size-1 dims without copying; -1 keeps a size.
    public func expand(_ sizes: Int..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        expand(sizes, file: file, line: line)
    }

    public func expand(_ sizes: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.expand", [.tensor(self), .ints(sizes)], file: file, line: line) {
            guard sizes.count >= ndim else {
                emberFatal("expand(\(typeName){\(shapeString(shape))}, size=\(shapeString(sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(ndim))", file: file, line: line)
            }
            let lead = sizes.count - ndim
            var target = sizes
            for i in 0..<sizes.count {
                if i < lead {
                    if sizes[i] < 0 { emberFatal("The expanded size of the tensor (\(sizes[i])) isn't allowed in a leading, non-existing dimension \(i)", file: file, line: line) }
                    continue
                }
                let own = shape[i - lead]
                if sizes[i] == -1 { target[i] = own }
                else if own != 1 && own != sizes[i] {
                    emberFatal("The expanded size of the tensor (\(sizes[i])) must match the existing size (\(own)) at non-singleton dimension \(i).  Target sizes: \(shapeString(sizes)).  Tensor sizes: \(shapeString(shape))", file: file, line: line)
                }
            }
            if target == shape { return self }
            let original = shape
            return makeView("ExpandBackward0", shape: target, strides: broadcastStrides(shape, strides, to: target), file: file, line: line) { ctx in
                [ctx.grad.sumToShape(original)]
            }
        }
    }

    /// `expand_as(other)`.
    public func expand(as other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        expand(other.shape, file: file, line: line)
    }

    /// `narrow(dim, start, length)`: a slice view.
    public func narrow(_ dim: Int, _ start: Int, _ length: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.narrow", [.tensor(self), .int(dim), .int(start), .int(length)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            let begin = start < 0 ? start + shape[d] : start
            guard begin >= 0, length >= 0, begin + length <= shape[d] else {
                emberFatal("start (\(start)) + length (\(length)) exceeds dimension size (\(shape[d])).", file: file, line: line)
            }
            return slice(d, begin, begin + length, step: 1, file: file, line: line)
        }
    }

    /// A strided slice view along `dim` (what `t[a..<b]` and `narrow` build).
    func slice(_ d: Int, _ start: Int, _ end: Int, step: Int, file: StaticString, line: UInt) -> Tensor {
        var newShape = shape, newStrides = strides
        newShape[d] = Swift.max(0, (end - start + step - 1) / step)
        newStrides[d] = strides[d] * step
        let original = shape
        return makeView("SliceBackward0", shape: newShape, strides: newStrides, offset: storageOffset + start * strides[d],
                        file: file, line: line) { ctx in
            let g = Tensor.zeros(original, dtype: ctx.grad.dtype)
            g.slice(d, start, end, step: step, file: file, line: line).copy_(ctx.grad)
            return [g]
        }
    }

    /// A view of index `i` along `d`, dropping that dim (`t[i]`).
    func selectIndex(_ d: Int, _ i: Int, file: StaticString, line: UInt) -> Tensor {
        guard i >= -shape[d] && i < shape[d] else {
            emberFatal("index \(i) is out of bounds for dimension \(d) with size \(shape[d])", file: file, line: line)
        }
        let index = i < 0 ? i + shape[d] : i
        var newShape = shape, newStrides = strides
        newShape.remove(at: d)
        newStrides.remove(at: d)
        let original = shape
        return makeView("SelectBackward0", shape: newShape, strides: newStrides, offset: storageOffset + index * strides[d],
                        file: file, line: line) { ctx in
            let g = Tensor.zeros(original, dtype: ctx.grad.dtype)
            g.selectIndex(d, index, file: file, line: line).copy_(ctx.grad)
            return [g]
        }
    }

    /// `select(dim, index)`.
    public func select(_ dim: Int, _ index: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.select", [.tensor(self), .int(dim), .int(index)], file: file, line: line) {
            selectIndex(normalizeDim(dim, ndim, file: file, line: line), index, file: file, line: line)
        }
    }
}
