import ArgumentParser
import Ember

/// `ember bench`: times core ops and prints one JSON object (medians of repeated runs).
/// The fast-CPU issue adds GEMM, bandwidth and overhead figures beside PyTorch's scripts.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time core tensor ops; prints JSON.")

    @Option(help: "Repetitions per figure (the median is reported).")
    var repeats = 5

    func run() {
        let clock = ContinuousClock()
        func median(_ body: () -> Void) -> Double {
            var samples: [Double] = []
            for _ in 0..<repeats {
                let d = clock.measure(body)
                samples.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
            }
            return samples.sorted()[samples.count / 2]
        }
        let n = 512
        let a = Tensor.randn(n, n), b = Tensor.randn(n, n)
        let matmul = median { _ = a.matmul(b) }
        let big = Tensor.randn(1 << 22), other = Tensor.randn(1 << 22)
        let add = median { _ = big + other }
        let expTime = median { _ = big.exp() }
        let sum = median { _ = big.sum() }
        let small = Tensor.randn(100), small2 = Tensor.randn(100)
        let overhead = median { for _ in 0..<1000 { _ = small + small2 } } / 1000
        // The same work as ../shared/bench/reference/autograd_small.py.
        let x = Tensor(2.0, requiresGrad: true)
        let autogradStep = median {
            for _ in 0..<1000 {
                let y = x ** 2 + 3 * x + 1
                y.backward()
                x.grad = nil
            }
        } / 1000
        let fields: [(String, Double)] = [
            ("sgemm_512_gflops", 2 * Double(n * n * n) / matmul / 1e9),
            ("add_4M_gbps", 12 * Double(1 << 22) / add / 1e9),
            ("exp_4M_gbps", 8 * Double(1 << 22) / expTime / 1e9),
            ("sum_4M_gbps", 4 * Double(1 << 22) / sum / 1e9),
            ("add_100_overhead_us", overhead * 1e6),
            ("autograd_small_step_us", autogradStep * 1e6),
        ]
        print("{" + fields.map { "\"\($0.0)\": \(($0.1 * 1000).rounded() / 1000)" }.joined(separator: ", ") + "}")
    }
}
