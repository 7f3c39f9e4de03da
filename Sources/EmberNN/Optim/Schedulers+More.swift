// More learning-rate schedulers of `torch.optim.lr_scheduler`, in PyTorch's chainable form
// (each `getLr` computes the next lr from the groups' current ones), with the closed forms
// that `SequentialLR` uses when it switches schedulers at a milestone.

/// A scheduler with PyTorch's `_get_closed_form_lr`: the lr at `lastEpoch` from the base lrs.
protocol ClosedFormScheduler: LRScheduler {
    func closedFormLr() -> [Double]
}

/// `LambdaLR(optimizer, lr_lambda)`: each group's lr is its initial lr times `lrLambda(epoch)`.
public final class LambdaLR: LRScheduler {
    let lrLambdas: [(Int) -> Double]

    /// One function for every group.
    public init(_ optimizer: Optimizer, lrLambda: @escaping (Int) -> Double, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        lrLambdas = Array(repeating: lrLambda, count: optimizer.paramGroups.count)
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    /// One function per group.
    public init(_ optimizer: Optimizer, lrLambdas: [(Int) -> Double], lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        if lrLambdas.count != optimizer.paramGroups.count {
            emberFatal("Expected \(optimizer.paramGroups.count) lr_lambdas, but got \(lrLambdas.count)", file: file, line: line)
        }
        self.lrLambdas = lrLambdas
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        zip(lrLambdas, baseLrs).map { lambda, base in base * lambda(lastEpoch) }
    }
}

/// `MultiStepLR(optimizer, milestones, gamma=0.1)`: multiplies the lr by `gamma` at each
/// milestone (by `gamma^k` where a milestone is listed k times).
public final class MultiStepLR: LRScheduler, ClosedFormScheduler {
    public let milestones: [Int]
    public let gamma: Double

    public init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        self.milestones = milestones.sorted()
        self.gamma = gamma
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        let count = milestones.filter { $0 == lastEpoch }.count
        if count == 0 { return optimizer.paramGroups.map(\.lr) }
        return optimizer.paramGroups.map { $0.lr * OptimMath.power(gamma, Double(count)) }
    }

    func closedFormLr() -> [Double] {
        let passed = milestones.filter { $0 <= lastEpoch }.count
        return baseLrs.map { $0 * OptimMath.power(gamma, Double(passed)) }
    }
}

/// `ExponentialLR(optimizer, gamma)`: multiplies the lr by `gamma` every epoch.
public final class ExponentialLR: LRScheduler, ClosedFormScheduler {
    public let gamma: Double

    public init(_ optimizer: Optimizer, gamma: Double, lastEpoch: Int = -1, file: StaticString = #fileID, line: UInt = #line) {
        self.gamma = gamma
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        if isInitial { return optimizer.paramGroups.map(\.lr) }
        return optimizer.paramGroups.map { $0.lr * gamma }
    }

    func closedFormLr() -> [Double] { baseLrs.map { $0 * OptimMath.power(gamma, Double(lastEpoch)) } }
}

/// `LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)`: scales the lr by
/// a factor moving linearly from `startFactor` to `endFactor` over `totalIters` epochs.
public final class LinearLR: LRScheduler, ClosedFormScheduler {
    public let startFactor: Double
    public let endFactor: Double
    public let totalIters: Int

    public init(_ optimizer: Optimizer, startFactor: Double = 1.0 / 3, endFactor: Double = 1.0, totalIters: Int = 5,
                lastEpoch: Int = -1, file: StaticString = #fileID, line: UInt = #line) {
        if startFactor > 1.0 || startFactor <= 0 {
            emberFatal("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.", file: file, line: line)
        }
        if endFactor > 1.0 || endFactor < 0 {
            emberFatal("Ending multiplicative factor expected to be between 0 and 1.", file: file, line: line)
        }
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalIters = totalIters
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        if lastEpoch == 0 { return optimizer.paramGroups.map { $0.lr * startFactor } }
        if isInitial || lastEpoch > totalIters { return optimizer.paramGroups.map(\.lr) }
        let factor = 1.0 + (endFactor - startFactor)
            / (Double(totalIters) * startFactor + Double(lastEpoch - 1) * (endFactor - startFactor))
        return optimizer.paramGroups.map { $0.lr * factor }
    }

    func closedFormLr() -> [Double] {
        baseLrs.map { $0 * (startFactor + (endFactor - startFactor) * Double(Swift.min(totalIters, lastEpoch)) / Double(totalIters)) }
    }
}

/// `PolynomialLR(optimizer, total_iters=5, power=1.0)`: decays the lr as
/// `(1 − epoch / totalIters)^power`, reaching 0 at `totalIters`.
public final class PolynomialLR: LRScheduler, ClosedFormScheduler {
    public let totalIters: Int
    public let power: Double

    public init(_ optimizer: Optimizer, totalIters: Int = 5, power: Double = 1.0, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        self.totalIters = totalIters
        self.power = power
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        if isInitial || lastEpoch > totalIters { return optimizer.paramGroups.map(\.lr) }
        let t = Double(totalIters), e = Double(lastEpoch)
        let decay = OptimMath.power((1.0 - e / t) / (1.0 - (e - 1) / t), power)
        return optimizer.paramGroups.map { $0.lr * decay }
    }

    func closedFormLr() -> [Double] {
        let t = Double(totalIters)
        return baseLrs.map { $0 * OptimMath.power(1.0 - Double(Swift.min(totalIters, lastEpoch)) / t, power) }
    }
}

/// `CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0)`: cosine annealing from
/// the initial lr to `etaMin` over `t0` epochs, then a restart, each period `tMult` times
/// longer than the last (SGDR).
public final class CosineAnnealingWarmRestarts: LRScheduler {
    public let t0: Int
    public let tMult: Int
    public let etaMin: Double
    /// The current period (`T_i`) and the epochs since the last restart (`T_cur`).
    public private(set) var tI: Int
    public private(set) var tCur: Double

    public init(_ optimizer: Optimizer, t0: Int, tMult: Int = 1, etaMin: Double = 0, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        if t0 <= 0 { emberFatal("Expected positive integer T_0, but got \(t0)", file: file, line: line) }
        if tMult < 1 { emberFatal("Expected integer T_mult >= 1, but got \(tMult)", file: file, line: line) }
        self.t0 = t0
        self.tMult = tMult
        self.etaMin = etaMin
        tI = t0
        tCur = Double(lastEpoch)
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        baseLrs.map { etaMin + ($0 - etaMin) * (1 + OptimMath.cosine(Double.pi * tCur / Double(tI))) / 2 }
    }

    /// Advances one epoch (or a fraction of one with `step(epoch:)`), restarting at the end of a period.
    public override func step() {
        if lastEpoch < 0 {
            step(epoch: 0)
            return
        }
        stepCount += 1
        lastEpoch += 1
        tCur += 1
        if tCur >= Double(tI) {
            tCur = tCur.truncatingRemainder(dividingBy: Double(tI))
            tI *= tMult
        }
        apply(getLr())
    }

    /// `step(epoch)`: jumps to a (possibly fractional) epoch, e.g. `epoch + batch / batches`.
    public func step(epoch: Double, file: StaticString = #fileID, line: UInt = #line) {
        if epoch < 0 { emberFatal("Expected non-negative epoch, but got \(epoch)", file: file, line: line) }
        stepCount += 1
        let first = Double(t0)
        if epoch >= first {
            if tMult == 1 {
                tCur = epoch.truncatingRemainder(dividingBy: first)
            } else {
                let m = Double(tMult)
                let n = Int(NNMath.logarithm(epoch / first * (m - 1) + 1) / NNMath.logarithm(m))
                tCur = epoch - first * (OptimMath.power(m, Double(n)) - 1) / (m - 1)
                tI = t0 * Int(OptimMath.power(m, Double(n)))
            }
        } else {
            tI = t0
            tCur = epoch
        }
        lastEpoch = Int(epoch.rounded(.down))
        apply(getLr())
    }

    private func apply(_ values: [Double]) {
        for (g, lr) in zip(optimizer.paramGroups.indices, values) { optimizer.paramGroups[g].lr = lr }
        lastLrs = optimizer.paramGroups.map(\.lr)
    }
}

// PyTorch's closed forms of the schedulers in LRScheduler.swift.
extension StepLR: ClosedFormScheduler {
    func closedFormLr() -> [Double] {
        baseLrs.map { $0 * OptimMath.power(gamma, Double(lastEpoch / stepSize)) }
    }
}

extension CosineAnnealingLR: ClosedFormScheduler {
    func closedFormLr() -> [Double] {
        baseLrs.map { etaMin + ($0 - etaMin) * (1 + OptimMath.cosine(Double.pi * Double(lastEpoch) / Double(tMax))) / 2 }
    }
}
