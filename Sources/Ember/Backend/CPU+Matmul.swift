extension CPUBackend {
    func matmul(_ a: StridedView, _ b: StridedView, into out: StridedView) {
        switch out.dtype {
        case .uint8: gemm(UInt8.self, a, b, out)
        case .int32: gemm(Int32.self, a, b, out)
        case .int64: gemm(Int64.self, a, b, out)
        case .float32: gemm(Float.self, a, b, out)
        case .float64: gemm(Double.self, a, b, out)
        case .float16, .bool:
            emberFatal("\"addmm_impl_cpu_\" not implemented for '\(out.dtype == .bool ? "Bool" : "Half")'")
        }
    }

    /// i-k-j loop over contiguous operands: the inner loop is a unit-stride axpy the
    /// optimizer vectorises. The fast-CPU issue replaces this with packed micro-kernels.
    private func gemm<T: NumericScalar>(_: T.Type, _ a: StridedView, _ b: StridedView, _ out: StridedView) {
        let batch = out.shape[0], m = out.shape[1], n = out.shape[2], k = a.shape[2]
        let pa = a.pointer(T.self) + a.offset, pb = b.pointer(T.self) + b.offset, pc = out.pointer(T.self) + out.offset
        for bi in 0..<batch {
            let A = pa + bi * m * k, B = pb + bi * k * n, C = pc + bi * m * n
            for i in 0..<m {
                let row = C + i * n
                for j in 0..<n { row[j] = T.zero }
                for p in 0..<k {
                    let aip = A[i * k + p]
                    let brow = B + p * n
                    for j in 0..<n { row[j] = T._add(row[j], T._mul(aip, brow[j])) }
                }
            }
        }
    }
}
