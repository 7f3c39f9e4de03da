import ComplexModule

extension CPUBackend {
    /// Batched product of `[B, M, K]` and `[B, K, N]` views (any strides; a batch stride of 0
    /// broadcasts) into a contiguous `[B, M, N]`. Floats go through the packed GEMM
    /// (GemmDriver.swift), which reads transposed and sliced operands in place.
    func matmul(_ a: StridedView, _ b: StridedView, into out: StridedView, accumulate: Bool) {
        if accumulate && out.dtype != .float32 && out.dtype != .float64 {
            // Only the float GEMM accumulates in place; other dtypes add a separate product.
            let product = StridedView(storage: Storage(byteCount: out.count * out.dtype.itemSize, backend: self),
                                      shape: out.shape, strides: contiguousStrides(out.shape), offset: 0, dtype: out.dtype)
            matmul(a, b, into: product, accumulate: false)
            binary(.add, out, product, into: out)
            return
        }
        switch out.dtype {
        case .uint8: naiveGemm(UInt8.self, a, b, out)
        case .int8: naiveGemm(Int8.self, a, b, out)
        case .int16: naiveGemm(Int16.self, a, b, out)
        case .bfloat16:
            // Products and sums in float32, rounded once at the end, as PyTorch's CPU bf16 GEMM.
            let c = StridedView(storage: Storage(byteCount: out.count * 4, backend: self), shape: out.shape,
                                strides: contiguousStrides(out.shape), offset: 0, dtype: .float32)
            packedGemm(Float.self, converted(a, to: .float32), converted(b, to: .float32), c, false)
            copy(c, into: out)
        case .complex64: complexGemm(a, b, out)
        case .int32: naiveGemm(Int32.self, a, b, out)
        case .int64: naiveGemm(Int64.self, a, b, out)
        case .float32: packedGemm(Float.self, a, b, out, accumulate)
        case .float64: packedGemm(Double.self, a, b, out, accumulate)
        case .float16, .bool:
            emberFatal("\"addmm_impl_cpu_\" not implemented for '\(out.dtype == .bool ? "Bool" : "Half")'")
        }
    }

    private func packedGemm<T: GemmScalar>(_: T.Type, _ a: StridedView, _ b: StridedView, _ out: StridedView, _ accumulate: Bool) {
        let batch = out.shape[0], m = out.shape[1], n = out.shape[2], k = a.shape[2]
        let pa = GemmMatrix(base: UnsafePointer(a.pointer(T.self) + a.offset), rowStride: a.strides[1], colStride: a.strides[2])
        let pb = GemmMatrix(base: UnsafePointer(b.pointer(T.self) + b.offset), rowStride: b.strides[1], colStride: b.strides[2])
        gemmBatched(batch: batch, m: m, n: n, k: k, pa, aBatchStride: a.strides[0], pb, bBatchStride: b.strides[0],
                    out.pointer(T.self) + out.offset, ldc: out.strides[1], cBatchStride: out.strides[0], accumulate: accumulate)
    }

    /// Integer products (rare): i-k-j loops over strided operands, wrapping as in C.
    private func naiveGemm<T: NumericScalar>(_: T.Type, _ a: StridedView, _ b: StridedView, _ out: StridedView) {
        let batch = out.shape[0], m = out.shape[1], n = out.shape[2], k = a.shape[2]
        let pa = a.pointer(T.self) + a.offset, pb = b.pointer(T.self) + b.offset, pc = out.pointer(T.self) + out.offset
        let (ab, ar, ac) = (a.strides[0], a.strides[1], a.strides[2])
        let (bb, br, bc) = (b.strides[0], b.strides[1], b.strides[2])
        let (cb, cr) = (out.strides[0], out.strides[1])
        for bi in 0..<batch {
            let A = pa + bi * ab, B = pb + bi * bb, C = pc + bi * cb
            for i in 0..<m {
                let row = C + i * cr
                for j in 0..<n { row[j] = T.zero }
                for p in 0..<k {
                    let aip = A[i * ar + p * ac]
                    let brow = B + p * br
                    for j in 0..<n { row[j] = T._add(row[j], T._mul(aip, brow[j * bc])) }
                }
            }
        }
    }

    /// complex64 products: a plain i-k-j loop, each term accumulated in float32 as it comes.
    private func complexGemm(_ a: StridedView, _ b: StridedView, _ out: StridedView) {
        let batch = out.shape[0], m = out.shape[1], n = out.shape[2], k = a.shape[2]
        let pa = a.pointer(Complex64.self) + a.offset, pb = b.pointer(Complex64.self) + b.offset
        let pc = out.pointer(Complex64.self) + out.offset
        let (ab, ar, ac) = (a.strides[0], a.strides[1], a.strides[2])
        let (bb, br, bc) = (b.strides[0], b.strides[1], b.strides[2])
        let (cb, cr) = (out.strides[0], out.strides[1])
        for bi in 0..<batch {
            let A = pa + bi * ab, B = pb + bi * bb, C = pc + bi * cb
            for i in 0..<m {
                for j in 0..<n {
                    var re: Float = 0, im: Float = 0
                    for p in 0..<k {
                        let x = A[i * ar + p * ac], y = B[p * br + j * bc]
                        re += x.re * y.re - x.im * y.im
                        im += x.re * y.im + x.im * y.re
                    }
                    C[i * cr + j] = Complex(re, im)
                }
            }
        }
    }
}
