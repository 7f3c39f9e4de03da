import Ember

extension BenchFigure {
    /// Memory-bound work as `../shared/bench/reference/membw.py` measures it.
    static var memory: [BenchFigure] {
        let n = 1 << 22
        return [
            BenchFigure(key: "add_4m_gbps") { timer in
                let a = Tensor.randn(n), b = Tensor.randn(n)
                let c = a + b
                if c[7].item() != a[7].item() + b[7].item() { throw BenchCheckFailed("add", "c[7]") }
                return 12 * Double(n) / timer.median { _ = a + b } / 1e9
            },
            BenchFigure(key: "exp_4m_gelems") { timer in
                let a = Tensor.randn(n)
                return Double(n) / timer.median { _ = a.exp() } / 1e9
            },
            BenchFigure(key: "sum_4m_gelems") { timer in
                let a = Tensor.randn(n)
                return Double(n) / timer.median { _ = a.sum() } / 1e9
            },
        ]
    }
}
