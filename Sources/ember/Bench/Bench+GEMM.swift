import Ember

extension BenchFigure {
    /// sgemm as `../shared/bench/reference/sgemm.py` measures it: square randn float32,
    /// 2n³ flop over the median time, at 1 and 2 threads (restored afterwards).
    static var gemm: [BenchFigure] {
        [256, 512, 1024, 2048, 4096].flatMap { n in
            [1, 2].map { threads in
                BenchFigure(key: "sgemm_\(n)_t\(threads)_gflops") { timer in
                    let saved = getNumThreads()
                    setNumThreads(threads)
                    defer { setNumThreads(saved) }
                    let a = Tensor.randn(n, n), b = Tensor.randn(n, n)
                    try checkSgemm(a, b, a.matmul(b), key: "sgemm_\(n)_t\(threads)")
                    // As sgemm.py: each sample repeats the product for at least 50 ms.
                    let t = timer.median(inner: Swift.max(1, Int(0.05 / (2 * Double(n * n * n) / 100e9)))) { _ = a.matmul(b) }
                    return 2 * Double(n * n * n) / t / 1e9
                }
            }
        }
    }

    /// Compares a few rows (first, last and some between: every block edge of the kernel is
    /// covered by some row for large n) against a float64 product, so the check stays cheap.
    private static func checkSgemm(_ a: Tensor, _ b: Tensor, _ c: Tensor, key: String) throws {
        let n = a.shape[0]
        let b64 = b.to(.float64)
        for start in Set([0, n / 3, n / 2 + 5, Swift.max(0, n - 8)]).sorted() {
            let rows = start..<Swift.min(n, start + 8)
            let ref = a[rows].to(.float64).matmul(b64)
            let err = (ref - c[rows].to(.float64)).abs().max().item()
            if !(err < 1e-4 * Double(n)) { throw BenchCheckFailed(key, "max error \(err) in rows \(rows)") }
        }
    }
}
