extension CPUBackend {
    func indexSelect(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView) {
        dispatch(x.dtype) { indexSelectTyped($0, x, dim, index, out) }
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
        case .int32: body(Int32.self)
        case .int64: body(Int64.self)
        case .float16: body(Float16.self)
        case .float32: body(Float.self)
        case .float64: body(Double.self)
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
