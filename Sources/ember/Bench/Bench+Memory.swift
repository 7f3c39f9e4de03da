#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ember

extension BenchFigure {
    /// Memory-bound work on 16M float32 as `../shared/bench/reference/membw.py` measures it:
    /// GB/s counts 12 bytes/element for add (read a, b; write c) and 8 for copy; exp, sigmoid
    /// and sum report elements/s. Results are fresh tensors (PyTorch's `*_alloc` variants;
    /// membw.py times exp and sigmoid with `out=`, which Ember has no spelling for).
    static var memory: [BenchFigure] {
        let n = 1 << 24
        let probes = [0, 7, 12345, n / 2 + 3, n - 1]
        return [
            BenchFigure(key: "add_16m_gbps") { timer in
                let a = Tensor.randn(n), b = Tensor.randn(n)
                let c = a + b
                for i in probes where c[i].item() != Double(Float(a[i].item() + b[i].item())) {
                    throw BenchCheckFailed("add", "c[\(i)]")
                }
                return 12 * Double(n) / timer.median { _ = a + b } / 1e9
            },
            BenchFigure(key: "copy_16m_gbps") { timer in
                let a = Tensor.randn(n), c = Tensor.zeros(n)
                c.copy_(a)
                for i in probes where c[i].item() != a[i].item() { throw BenchCheckFailed("copy", "c[\(i)]") }
                return 8 * Double(n) / timer.median { c.copy_(a) } / 1e9
            },
            BenchFigure(key: "exp_16m_gelems") { timer in
                let a = Tensor.randn(n)
                try checkUnary("exp", a, a.exp()) { exp($0) }
                return Double(n) / timer.median { _ = a.exp() } / 1e9
            },
            BenchFigure(key: "sigmoid_16m_gelems") { timer in
                let a = Tensor.randn(n)
                try checkUnary("sigmoid", a, a.sigmoid()) { 1 / (1 + exp(-$0)) }
                return Double(n) / timer.median { _ = a.sigmoid() } / 1e9
            },
            BenchFigure(key: "sum_16m_gelems") { timer in
                let a = Tensor.randn(n)
                let reference = a.toArray(Float.self).reduce(0.0) { $0 + Double($1) }
                let magnitude = a.toArray(Float.self).reduce(0.0) { $0 + Double(Swift.abs($1)) }
                if Swift.abs(a.sum().item() - reference) > 1e-6 * magnitude {
                    throw BenchCheckFailed("sum", "\(a.sum().item()) vs \(reference)")
                }
                return Double(n) / timer.median { _ = a.sum() } / 1e9
            },
        ]
    }

    /// Checks a few elements of a float32 unary result against the double formula.
    private static func checkUnary(_ key: String, _ x: Tensor, _ y: Tensor, _ f: (Double) -> Double) throws {
        for i in [0, 1, 999, x.count / 3, x.count - 1] {
            let want = f(x[i].item()), got = y[i].item()
            if Swift.abs(got - want) > 1e-6 * Swift.max(1, Swift.abs(want)) {
                throw BenchCheckFailed(key, "y[\(i)] = \(got), want \(want)")
            }
        }
    }
}
