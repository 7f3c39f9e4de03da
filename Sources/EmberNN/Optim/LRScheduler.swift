/// The base of learning-rate schedulers (`torch.optim.lr_scheduler.LRScheduler`): each
/// `step()` advances `lastEpoch` and writes a new `lr` into every parameter group of the
/// optimizer, computed as PyTorch does (the chainable form of `get_lr`).
///
/// Call `scheduler.step()` after `optimizer.step()`. Construction performs PyTorch's initial
/// step (epoch 0), so `getLastLr()` is the first learning rate right away.
open class LRScheduler {
    public let optimizer: Optimizer
    /// The index of the current epoch (step); -1 before the initial step.
    public internal(set) var lastEpoch: Int
    /// Each group's `initial_lr`.
    public internal(set) var baseLrs: [Double]
    /// How many times `step()` ran, the initial step included (`_step_count`).
    public internal(set) var stepCount = 0
    /// True during the initial step (`_is_initial`).
    public internal(set) var isInitial = false
    var lastLrs: [Double] = []

    /// - Parameter lastEpoch: -1 to start; the epoch to resume from otherwise (the groups
    ///   must then hold `initial_lr`, e.g. from a loaded optimizer state).
    public init(_ optimizer: Optimizer, lastEpoch: Int = -1, file: StaticString = #fileID, line: UInt = #line) {
        self.optimizer = optimizer
        if lastEpoch == -1 {
            for g in optimizer.paramGroups.indices where optimizer.paramGroups[g]["initial_lr"] == nil {
                optimizer.paramGroups[g]["initial_lr"] = .number(optimizer.paramGroups[g].lr)
            }
        } else {
            for (i, group) in optimizer.paramGroups.enumerated() where group["initial_lr"] == nil {
                emberFatal("param 'initial_lr' is not specified in param_groups[\(i)] when resuming scheduler with last_epoch >= 0.",
                           file: file, line: line)
            }
        }
        baseLrs = optimizer.paramGroups.map { $0.number("initial_lr") }
        self.lastEpoch = lastEpoch
        isInitial = true
        step()
        isInitial = false
    }

    /// The learning rates of the next epoch, from the current ones (PyTorch's `get_lr`).
    open func getLr() -> [Double] {
        emberFatal("\(type(of: self)) does not implement getLr()")
    }

    /// `get_last_lr()`: the learning rate of each group after the latest step.
    public func getLastLr() -> [Double] { lastLrs }

    /// Advances one epoch (or batch, for OneCycleLR) and sets each group's `lr`.
    open func step() {
        stepCount += 1
        lastEpoch += 1
        let values = getLr()
        for (g, lr) in zip(optimizer.paramGroups.indices, values) { optimizer.paramGroups[g].lr = lr }
        lastLrs = optimizer.paramGroups.map(\.lr)
    }

    /// The scheduler's progress, for checkpoints (`state_dict()` without the optimizer).
    public func stateDict() -> LRSchedulerState {
        LRSchedulerState(lastEpoch: lastEpoch, stepCount: stepCount, baseLrs: baseLrs, lastLrs: lastLrs)
    }

    /// Restores the progress saved by `stateDict()`.
    public func loadStateDict(_ state: LRSchedulerState) {
        lastEpoch = state.lastEpoch
        stepCount = state.stepCount
        baseLrs = state.baseLrs
        lastLrs = state.lastLrs
    }
}

/// A scheduler's progress: what PyTorch's `LRScheduler.state_dict()` holds besides the
/// settings the scheduler was built with.
public struct LRSchedulerState: Equatable, Sendable {
    public var lastEpoch: Int
    public var stepCount: Int
    public var baseLrs: [Double]
    public var lastLrs: [Double]
    public init(lastEpoch: Int, stepCount: Int, baseLrs: [Double], lastLrs: [Double]) {
        self.lastEpoch = lastEpoch
        self.stepCount = stepCount
        self.baseLrs = baseLrs
        self.lastLrs = lastLrs
    }
}

/// `StepLR(optimizer, step_size, gamma=0.1)`: multiplies each group's lr by `gamma` every
/// `stepSize` epochs.
public final class StepLR: LRScheduler {
    public let stepSize: Int
    public let gamma: Double

    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        if lastEpoch == 0 || lastEpoch % stepSize != 0 { return optimizer.paramGroups.map(\.lr) }
        return optimizer.paramGroups.map { $0.lr * gamma }
    }
}

/// `CosineAnnealingLR(optimizer, T_max, eta_min=0)`: anneals each group's lr from its
/// initial value to `etaMin` along a half cosine over `tMax` epochs (and back, past it),
/// in PyTorch's recursive form.
public final class CosineAnnealingLR: LRScheduler {
    public let tMax: Int
    public let etaMin: Double

    public init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        self.tMax = tMax
        self.etaMin = etaMin
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    public override func getLr() -> [Double] {
        let pi = Double.pi, t = Double(tMax), epoch = Double(lastEpoch)
        let groups = optimizer.paramGroups
        if isInitial { return groups.map(\.lr) }
        if stepCount == 1 && lastEpoch > 0 {
            return baseLrs.map { etaMin + ($0 - etaMin) * (1 + OptimMath.cosine(epoch * pi / t)) / 2 }
        }
        if (lastEpoch - 1 - tMax) % (2 * tMax) == 0 {
            return zip(baseLrs, groups).map { base, group in
                group.lr + (base - etaMin) * (1 - OptimMath.cosine(pi / t)) / 2
            }
        }
        return groups.map { group in
            (1 + OptimMath.cosine(pi * epoch / t)) / (1 + OptimMath.cosine(pi * (epoch - 1) / t)) * (group.lr - etaMin) + etaMin
        }
    }
}

/// `OneCycleLR(optimizer, max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", …)`:
/// the 1cycle policy, stepped after every batch. The lr rises from `maxLr / divFactor` to
/// `maxLr` over `pctStart` of the steps, then falls to `initial_lr / finalDivFactor`; with
/// `cycleMomentum`, momentum (or Adam's β1) moves the opposite way between `maxMomentum`
/// and `baseMomentum`.
public final class OneCycleLR: LRScheduler {
    public let totalSteps: Int
    public let annealStrategy: String
    public let cycleMomentum: Bool
    let useBeta1: Bool
    /// Each phase: its last step, and the group keys of its start and end lr and momentum.
    let phases: [(endStep: Double, startLr: String, endLr: String, startMomentum: String, endMomentum: String)]

    public convenience init(_ optimizer: Optimizer, maxLr: Double, totalSteps: Int, pctStart: Double = 0.3,
                annealStrategy: String = "cos", cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
                maxMomentum: Double = 0.95, divFactor: Double = 25, finalDivFactor: Double = 1e4,
                threePhase: Bool = false, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(optimizer, maxLrs: Array(repeating: maxLr, count: optimizer.paramGroups.count), totalSteps: totalSteps,
                  pctStart: pctStart, annealStrategy: annealStrategy, cycleMomentum: cycleMomentum,
                  baseMomentum: baseMomentum, maxMomentum: maxMomentum, divFactor: divFactor,
                  finalDivFactor: finalDivFactor, threePhase: threePhase, lastEpoch: lastEpoch, file: file, line: line)
    }

    /// One maximum learning rate per parameter group.
    public init(_ optimizer: Optimizer, maxLrs: [Double], totalSteps: Int, pctStart: Double = 0.3,
                annealStrategy: String = "cos", cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
                maxMomentum: Double = 0.95, divFactor: Double = 25, finalDivFactor: Double = 1e4,
                threePhase: Bool = false, lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        if totalSteps <= 0 { emberFatal("Expected positive integer total_steps, but got \(totalSteps)", file: file, line: line) }
        self.totalSteps = totalSteps
        let total = Double(totalSteps)
        if threePhase {
            phases = [(pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                      (2 * pctStart * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                      (total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
        } else {
            phases = [(pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                      (total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")]
        }
        if pctStart < 0 || pctStart > 1 {
            emberFatal("Expected float between 0 and 1 pct_start, but got \(pctStart)", file: file, line: line)
        }
        guard annealStrategy == "cos" || annealStrategy == "linear" else {
            emberFatal("anneal_strategy must be one of 'cos' or 'linear', instead got \(annealStrategy)", file: file, line: line)
        }
        self.annealStrategy = annealStrategy
        if maxLrs.count != optimizer.paramGroups.count {
            emberFatal("expected \(optimizer.paramGroups.count) values for max_lr, got \(maxLrs.count)", file: file, line: line)
        }
        if lastEpoch == -1 {
            for g in optimizer.paramGroups.indices {
                let initial = maxLrs[g] / divFactor
                optimizer.paramGroups[g]["initial_lr"] = .number(initial)
                optimizer.paramGroups[g]["max_lr"] = .number(maxLrs[g])
                optimizer.paramGroups[g]["min_lr"] = .number(initial / finalDivFactor)
            }
        }
        self.cycleMomentum = cycleMomentum
        useBeta1 = optimizer.defaults["betas"] != nil
        if cycleMomentum {
            if optimizer.defaults["momentum"] == nil && !useBeta1 {
                emberFatal("optimizer must support momentum or beta1 with `cycle_momentum` option enabled", file: file, line: line)
            }
            if lastEpoch == -1 {
                for g in optimizer.paramGroups.indices {
                    if useBeta1 {
                        var betas = optimizer.paramGroups[g].tuple("betas")
                        betas[0] = maxMomentum
                        optimizer.paramGroups[g]["betas"] = .tuple(betas)
                    } else {
                        optimizer.paramGroups[g]["momentum"] = .number(maxMomentum)
                    }
                    optimizer.paramGroups[g]["max_momentum"] = .number(maxMomentum)
                    optimizer.paramGroups[g]["base_momentum"] = .number(baseMomentum)
                }
            }
        }
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    private func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        if annealStrategy == "cos" {
            let cosOut = OptimMath.cosine(Double.pi * pct) + 1
            return end + (start - end) / 2.0 * cosOut
        }
        return (end - start) * pct + start
    }

    public override func getLr() -> [Double] {
        let stepNum = Double(lastEpoch)
        if lastEpoch > totalSteps {
            emberFatal("Tried to step \(lastEpoch) times. The specified number of total steps is \(totalSteps)")
        }
        var lrs: [Double] = []
        for g in optimizer.paramGroups.indices {
            let group = optimizer.paramGroups[g]
            var startStep = 0.0
            for (i, phase) in phases.enumerated() {
                guard stepNum <= phase.endStep || i == phases.count - 1 else {
                    startStep = phase.endStep
                    continue
                }
                let pct = (stepNum - startStep) / (phase.endStep - startStep)
                lrs.append(anneal(group.number(phase.startLr), group.number(phase.endLr), pct))
                if cycleMomentum {
                    let momentum = anneal(group.number(phase.startMomentum), group.number(phase.endMomentum), pct)
                    if useBeta1 {
                        var betas = group.tuple("betas")
                        betas[0] = momentum
                        optimizer.paramGroups[g]["betas"] = .tuple(betas)
                    } else {
                        optimizer.paramGroups[g]["momentum"] = .number(momentum)
                    }
                }
                break
            }
        }
        return lrs
    }
}
