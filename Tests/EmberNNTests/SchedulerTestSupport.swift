import Testing
import EmberNN

// What the scheduler suites share: the parameters they schedule, the recorded sequence
// (get_last_lr() after construction, then after each of n rounds of
// `optimizer.step(); scheduler.step()`), and its comparison with PyTorch's values.

func schedulerParams() -> [Tensor] { [Tensor.zeros(2, requiresGrad: true)] }
func schedulerGroups() -> [ParamGroup] {
    [ParamGroup([Tensor.zeros(2, requiresGrad: true)]), ParamGroup([Tensor.zeros(2, requiresGrad: true)], lr: 0.5)]
}

/// get_last_lr() (and momentum or beta1 of each group) after construction and after each of `steps` steps.
func lrSequence(steps: Int, _ o: Optimizer, _ s: LRScheduler) -> (lrs: [[Double]], momenta: [[Double]]) {
    func momenta() -> [Double] { o.paramGroups.map { $0["betas"]?.tuple?[0] ?? $0["momentum"]?.number ?? .nan } }
    var lrs = [s.getLastLr()], ms = [momenta()]
    for _ in 0..<steps {
        o.step()
        s.step()
        lrs.append(s.getLastLr())
        ms.append(momenta())
    }
    return (lrs, ms)
}

/// Every value within `1e-15 + rtol * |expected|`.
func expectLrs(_ actual: [[Double]], _ expected: [[Double]], rtol: Double,
               sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        #expect(a.count == e.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a, e) {
            #expect(Swift.abs(x - y) <= 1e-15 + rtol * Swift.abs(y), "step \(i): \(x) != \(y)", sourceLocation: sourceLocation)
        }
    }
}
