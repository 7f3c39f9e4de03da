extension CPUBackend {
    func indexSelect(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView) {
        if dim == 0 && indexSelectRows(x, index: index, into: out) { return }
        dispatch(x.dtype) { indexSelectTyped($0, x, dim, index, out) }
    }

    /// Whole rows of a row-contiguous source into a contiguous result (a DataLoader batch
    /// from an in-memory dataset): one memcpy per index.
    private func indexSelectRows(_ x: StridedView, index: StridedView, into out: StridedView) -> Bool {
        guard x.shape.count > 0 else { return false }
        let rowShape = Array(x.shape.dropFirst())
        let rowStrides = contiguousStrides(rowShape)
        for d in rowShape.indices where rowShape[d] != 1 && x.strides[d + 1] != rowStrides[d] { return false }
        let outStrides = contiguousStrides(out.shape)
        for d in out.shape.indices where out.shape[d] != 1 && out.strides[d] != outStrides[d] { return false }
        let size = x.dtype.itemSize, rowBytes = rowShape.reduce(1, *) * size
        let src = x.storage.address + x.offset * size, dst = out.storage.address + out.offset * size
        let idx: [Int64] = download(index, as: Int64.self)
        for (i, j) in idx.enumerated() {
            (dst + i * rowBytes).copyMemory(from: src + Int(j) * x.strides[0] * size, byteCount: rowBytes)
        }
        return true
    }

    func gather(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView) {
        dispatch(x.dtype) { gatherTyped($0, x, dim, index, out) }
    }

    func scatter(_ src: StridedView, dim: Int, index: StridedView, into out: StridedView, accumulate: Bool) {
        dispatch(out.dtype) { scatterTyped($0, src, dim, index, out, accumulate) }
    }

    /// Calls `body` with the storage type of `dtype`; for kernels that only move values.
    private func dispatch(_ dtype: DType, _ body: (any TensorScalar.Type) -> Void) {
        switch dtype {
        case .bool: body(Bool.self)
        case .uint8: body(UInt8.self)
        case .int8: body(Int8.self)
        case .int16: body(Int16.self)
        case .int32: body(Int32.self)
        case .int64: body(Int64.self)
        case .float16: body(Float16.self)
        case .bfloat16: body(BFloat16.self)
        case .float32: body(Float.self)
        case .float64: body(Double.self)
        case .complex64: body(Complex64.self)
        }
    }

    private func indexSelectTyped<T: TensorScalar>(_: T.Type, _ x: StridedView, _ dim: Int, _ index: StridedView, _ out: StridedView) {
        let p = x.pointer(T.self), d = out.pointer(T.self)
        let idx: [Int64] = download(index, as: Int64.self)
        var outer = out.shape
        outer[dim] = 1
        for (i, j) in idx.enumerated() {
            forEachOffset(outer, x.strides, x.offset + Int(j) * x.strides[dim],
                          out.strides, out.offset + i * out.strides[dim]) { a, b in d[b] = p[a] }
        }
    }

    private func gatherTyped<T: TensorScalar>(_: T.Type, _ x: StridedView, _ dim: Int, _ index: StridedView, _ out: StridedView) {
        let p = x.pointer(T.self), d = out.pointer(T.self), ix = index.pointer(Int64.self)
        var xs = x.strides
        xs[dim] = 0
        let sd = x.strides[dim]
        forEachOffset(out.shape, xs, x.offset, index.strides, index.offset, out.strides, out.offset) { a, i, o in
            d[o] = p[a + Int(ix[i]) * sd]
        }
    }

    private func scatterTyped<T: TensorScalar>(_: T.Type, _ src: StridedView, _ dim: Int, _ index: StridedView,
                                               _ out: StridedView, _ accumulate: Bool) {
        let s = src.pointer(T.self), d = out.pointer(T.self), ix = index.pointer(Int64.self)
        var os = out.strides
        os[dim] = 0
        let sd = out.strides[dim]
        forEachOffset(index.shape, src.strides, src.offset, index.strides, index.offset, os, out.offset) { a, i, o in
            let target = o + Int(ix[i]) * sd
            if !accumulate { d[target] = s[a] }
            else if T._isFloat { d[target] = T._from(double: d[target]._double + s[a]._double) }
            else { d[target] = T._from(int64: d[target]._int64 &+ s[a]._int64) }
        }
    }
}
