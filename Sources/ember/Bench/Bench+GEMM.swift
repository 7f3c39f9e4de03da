import Ember

extension BenchFigure {
    /// sgemm as `../shared/bench/reference/sgemm.py` measures it (square, 2n³ flop).
    static var gemm: [BenchFigure] {
        [512].map { n in
            BenchFigure(key: "sgemm_\(n)_gflops") { timer in
                let a = Tensor.randn(n, n), b = Tensor.randn(n, n)
                let c = a.matmul(b)
                let ref = (a.to(.float64).matmul(b.to(.float64)) - c.to(.float64)).abs().max().item()
                if !(ref < 1e-3 * Double(n)) { throw BenchCheckFailed("sgemm_\(n)", "max error \(ref)") }
                let t = timer.median { _ = a.matmul(b) }
                return 2 * Double(n * n * n) / t / 1e9
            }
        }
    }
}
