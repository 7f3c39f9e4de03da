extension Tensor {
    /// int32 and int64 indices are accepted, as in PyTorch; the kernels read int64.
    func checkIndexTensor(_ index: Tensor, _ op: String, file: StaticString, line: UInt) -> Tensor {
        guard index.dtype == .int64 || index.dtype == .int32 else {
            emberFatal("\(op)(): Expected dtype int32/int64 for index", file: file, line: line)
        }
        return index.dtype == .int64 ? index : index.converted(to: .int64)
    }

    /// Stops when an index falls outside `0..<size` (negative indices are not wrapped here).
    func checkIndexBounds(_ index: Tensor, size: Int, dim: Int, _ op: String, file: StaticString, line: UInt) {
        let values = index.toArray(Int64.self)
        if let bad = values.first(where: { $0 < 0 || $0 >= size }) {
            emberFatal("index \(bad) is out of bounds for dimension \(dim) with size \(size)", file: file, line: line)
        }
    }

    /// `gather(dim, index)`: `out[i][j] = self[index[i][j]][j]` for dim 0, and so on.
    public func gather(_ dim: Int, _ index: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.gather", [.tensor(self), .int(dim), .tensor(index)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            let index = checkIndexTensor(index, "gather", file: file, line: line)
            guard index.ndim == ndim else {
                emberFatal("Index tensor must have the same number of dimensions as input tensor", file: file, line: line)
            }
            checkIndexBounds(index, size: shape[d], dim: d, "gather", file: file, line: line)
            let out = Tensor(uninitializedShape: index.shape, dtype: dtype, device: device)
            backend.gather(view, dim: d, index: index.view, into: out.view)
            let inputShape = shape
            Tensor.record("GatherBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [Tensor.zeros(inputShape, dtype: ctx.grad.dtype).scatterAdd(d, index, ctx.grad)]
            }
            return out
        }
    }

    /// `scatter(dim, index, src)`: a copy with `src` written at `index` along `dim`.
    public func scatter(_ dim: Int, _ index: Tensor, _ src: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.scatter", [.tensor(self), .int(dim), .tensor(index), .tensor(src)], file: file, line: line) {
            scatterOp(dim, index, src, accumulate: false, file: file, line: line)
        }
    }

    /// `scatter(dim, index, value)`.
    public func scatter<S: TensorScalar>(_ dim: Int, _ index: Tensor, value: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.scatter", [.tensor(self), .int(dim), .tensor(index), Tensor.scalarArgument(value)], file: file, line: line) {
            scatterOp(dim, index, Tensor.full(index.shape, value, dtype: dtype, device: device), accumulate: false, file: file, line: line)
        }
    }

    /// `scatter_add(dim, index, src)`: adds `src` at `index` along `dim`.
    public func scatterAdd(_ dim: Int, _ index: Tensor, _ src: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.scatter_add", [.tensor(self), .int(dim), .tensor(index), .tensor(src)], file: file, line: line) {
            scatterOp(dim, index, src, accumulate: true, file: file, line: line)
        }
    }

    private func scatterOp(_ dim: Int, _ index: Tensor, _ src: Tensor, accumulate: Bool, file: StaticString, line: UInt) -> Tensor {
        let d = normalizeDim(dim, ndim, file: file, line: line)
        let index = checkIndexTensor(index, "scatter", file: file, line: line)
        checkIndexBounds(index, size: shape[d], dim: d, "scatter", file: file, line: line)
        let out = clone()
        let source = src.converted(to: dtype)
        noGrad { backend.scatter(source.view, dim: d, index: index.view, into: out.view, accumulate: accumulate) }
        let name = accumulate ? "ScatterAddBackward0" : "ScatterBackward0"
        Tensor.record(name, inputs: [self, src], outputs: [out], file: file, line: line) { ctx in
            let g = ctx.grad
            let gSelf = accumulate ? g : g.scatter(d, index, value: 0)
            return [gSelf, ctx.needs(1) ? g.gather(d, index) : nil]
        }
        return out
    }

    /// `index_select(dim, index)`: whole slices picked by a 1-D int64 index.
    public func indexSelect(_ dim: Int, _ index: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.index_select", [.tensor(self), .int(dim), .tensor(index)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            guard index.dtype == .int64 || index.dtype == .int32 else {
                emberFatal("index_select(): Expected dtype int32 or int64 for index", file: file, line: line)
            }
            guard index.ndim <= 1 else { emberFatal("index_select(): Index is supposed to be a vector", file: file, line: line) }
            let size = ndim == 0 ? 1 : shape[d]
            let idx = index.to(.int64)
            let wrapped = idx.toArray(Int64.self)
            if let bad = wrapped.first(where: { $0 < 0 || $0 >= size }) {
                emberFatal("index out of range in self: index \(bad) is out of bounds for dimension \(d) with size \(size)", file: file, line: line)
            }
            var outShape = shape
            if ndim > 0 { outShape[d] = idx.count }
            let out = Tensor(uninitializedShape: outShape, dtype: dtype, device: device)
            let flatIndex = idx.reshape([idx.count])
            if ndim == 0 { backend.copy(view, into: out.view) }
            else { backend.indexSelect(view, dim: d, index: flatIndex.view, into: out.view) }
            let inputShape = shape
            Tensor.record("IndexSelectBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [Tensor.zeros(inputShape, dtype: ctx.grad.dtype).indexAdd(d, flatIndex, ctx.grad)]
            }
            return out
        }
    }

    /// `index_add(dim, index, source, alpha)`: adds `alpha` times whole slices of `source`
    /// at `index` along `dim` (repeated indices add up). `IndexAddBackward0`.
    public func indexAdd(_ dim: Int, _ index: Tensor, _ source: Tensor, alpha: Double = 1,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.index_add", [.tensor(self), .int(dim), .tensor(index), .tensor(source)] + (alpha == 1 ? [] : [.double(alpha)]), file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            guard index.dtype == .int64 || index.dtype == .int32 else {
                emberFatal("index_add_(): Expected dtype int32/int64 for index but got: \(index.dtype.scalarTypeName)", file: file, line: line)
            }
            guard index.ndim <= 1 else {
                emberFatal("index_add_(): Index is supposed to be a vector, but got dim: \(index.ndim) with type: \(index.dtype.scalarTypeName) and size: \(shapeString(index.shape))", file: file, line: line)
            }
            guard source.dtype == dtype else {
                emberFatal("index_add_(): self (\(dtype.scalarTypeName)) and source (\(source.dtype.scalarTypeName)) must have the same scalar type", file: file, line: line)
            }
            let sourceSize = source.ndim == 0 ? 1 : source.shape[d]
            guard index.count == sourceSize else {
                emberFatal("index_add_(): Number of indices (\(index.count)) should be equal to source.size(dim): (\(sourceSize)), for dim: \(d)", file: file, line: line)
            }
            if source.ndim > 0 && (source.ndim != ndim || (0..<ndim).contains(where: { $0 != d && source.shape[$0] != shape[$0] })) {
                emberFatal("source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = \(shapeString(shape)) source.shape = \(shapeString(source.shape))", file: file, line: line)
            }
            let size = ndim == 0 ? 1 : shape[d]
            if index.toArray(Int64.self).contains(where: { $0 < 0 || $0 >= size }) {
                emberFatal("index out of range in self", file: file, line: line)
            }
            // Expand the 1-D index over source's shape, then scatter-add along d.
            var viewShape = Array(repeating: 1, count: source.ndim)
            viewShape[d] = index.count
            let flatIndex = index.to(.int64).reshape([index.count])
            let out = noGrad { () -> Tensor in
                let expanded = flatIndex.reshape(viewShape).expand(source.shape).contiguous()
                return scatterAdd(d, expanded, alpha == 1 ? source : source * alpha, file: file, line: line)
            }
            Tensor.record("IndexAddBackward0", inputs: [self, source], outputs: [out], file: file, line: line) { ctx in
                let g = ctx.grad
                let gSource = ctx.needs(1) ? g.indexSelect(d, flatIndex) : nil
                return [g, alpha == 1 ? gSource : gSource.map { $0 * alpha }]
            }
            return out
        }
    }

    /// `masked_fill(mask, value)`: `value` where `mask` is true.
    public func maskedFill<S: TensorScalar>(_ mask: Tensor, _ value: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.masked_fill", [.tensor(self), .tensor(mask), Tensor.scalarArgument(value)], file: file, line: line) {
            guard mask.dtype == .bool else {
                emberFatal("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cppName)", file: file, line: line)
            }
            let fill = Tensor.full([], value, dtype: dtype, device: device)
            return Tensor.where(mask, fill, self, file: file, line: line)
        }
    }

    /// `masked_fill(mask, value)` with a 0-d tensor value.
    public func maskedFill(_ mask: Tensor, _ value: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.masked_fill", [.tensor(self), .tensor(mask), .tensor(value)], file: file, line: line) {
            guard value.ndim == 0 else {
                emberFatal("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with \(value.ndim) dimension(s).", file: file, line: line)
            }
            return Tensor.where(mask, value.to(dtype), self, file: file, line: line)
        }
    }
}
