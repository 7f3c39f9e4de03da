import Ember

extension BenchFigure {
    /// Per-op cost on tiny tensors, as `overhead.py` and `autograd_small.py` measure it.
    static var overhead: [BenchFigure] {
        [
            BenchFigure(key: "op_overhead_100elem_us") { timer in
                let a = Tensor.randn(100), b = Tensor.randn(100)
                return timer.median(inner: 1000) { _ = a + b } * 1e6
            },
            BenchFigure(key: "autograd_scalar_step_us") { timer in
                let x = Tensor(2.0, requiresGrad: true)
                let y = x ** 2 + 3 * x + 1
                y.backward()
                if x.grad?.item() != 7 { throw BenchCheckFailed("autograd_scalar_step", "dy/dx at 2 is not 7") }
                return timer.median(inner: 1000) {
                    x.grad = nil
                    let y = x ** 2 + 3 * x + 1
                    y.backward()
                } * 1e6
            },
        ]
    }

    /// Training-level figures (linreg, MNIST) arrive with the training-speed issue.
    static var training: [BenchFigure] { [] }
}
