// Schedulers that do not follow the one-formula pattern: `CyclicLR` (cycles between two
// bounds, per batch), `SequentialLR` (runs schedulers one after another) and
// `ReduceLROnPlateau` (reacts to a metric).

/// `CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None,
/// mode="triangular", gamma=1.0, cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)`:
/// the lr cycles between `baseLr` and `maxLr` (stepped after every batch); with
/// `cycleMomentum`, momentum (or Adam's β1) cycles the opposite way.
///
/// Modes: "triangular" (constant amplitude), "triangular2" (halved each cycle),
/// "exp_range" (scaled by `gamma^iteration`); or a custom `scaleFn` with `scaleMode`.
public final class CyclicLR: LRScheduler {
    public let maxLrs: [Double]
    public let totalSize: Double
    public let stepRatio: Double
    public let mode: String
    public let gamma: Double
    public let scaleMode: String
    public let cycleMomentum: Bool
    let scaleFn: (Double) -> Double
    let useBeta1: Bool
    let baseMomentums: [Double]
    let maxMomentums: [Double]

    public init(_ optimizer: Optimizer, baseLr: Double, maxLr: Double, stepSizeUp: Int = 2000, stepSizeDown: Int? = nil,
                mode: String = "triangular", gamma: Double = 1.0, scaleFn: ((Double) -> Double)? = nil,
                scaleMode: String = "cycle", cycleMomentum: Bool = true, baseMomentum: Double = 0.8,
                maxMomentum: Double = 0.9, lastEpoch: Int = -1, file: StaticString = #fileID, line: UInt = #line) {
        let groups = optimizer.paramGroups.count
        if lastEpoch == -1 {
            for g in optimizer.paramGroups.indices { optimizer.paramGroups[g].lr = baseLr }
        }
        maxLrs = Array(repeating: maxLr, count: groups)
        let up = Double(stepSizeUp), down = stepSizeDown.map(Double.init) ?? up
        totalSize = up + down
        stepRatio = up / totalSize
        if !["triangular", "triangular2", "exp_range"].contains(mode) && scaleFn == nil {
            emberFatal("mode is invalid and scale_fn is None", file: file, line: line)
        }
        self.mode = mode
        self.gamma = gamma
        if let scaleFn {
            self.scaleFn = scaleFn
            self.scaleMode = scaleMode
        } else {
            switch mode {
            case "triangular": self.scaleFn = { _ in 1.0 }; self.scaleMode = "cycle"
            case "triangular2": self.scaleFn = { x in 1 / OptimMath.power(2.0, x - 1) }; self.scaleMode = "cycle"
            default: self.scaleFn = { x in OptimMath.power(gamma, x) }; self.scaleMode = "iterations"
            }
        }
        self.cycleMomentum = cycleMomentum
        useBeta1 = optimizer.defaults["betas"] != nil
        baseMomentums = Array(repeating: baseMomentum, count: groups)
        maxMomentums = Array(repeating: maxMomentum, count: groups)
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
        baseLrs = Array(repeating: baseLr, count: groups)
    }

    public override func getLr() -> [Double] {
        let epoch = Double(lastEpoch)
        let cycle = (1 + epoch / totalSize).rounded(.down)
        let x = 1.0 + epoch / totalSize - cycle
        let scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1)
        let scale = scaleFn(scaleMode == "cycle" ? cycle : epoch)
        let lrs = zip(baseLrs, maxLrs).map { base, top in base + (top - base) * scaleFactor * scale }
        if cycleMomentum {
            for g in optimizer.paramGroups.indices {
                let momentum = maxMomentums[g] - (maxMomentums[g] - baseMomentums[g]) * scaleFactor * scale
                if useBeta1 {
                    var betas = optimizer.paramGroups[g].tuple("betas")
                    betas[0] = momentum
                    optimizer.paramGroups[g]["betas"] = .tuple(betas)
                } else {
                    optimizer.paramGroups[g]["momentum"] = .number(momentum)
                }
            }
        }
        return lrs
    }
}

/// `SequentialLR(optimizer, schedulers, milestones)`: runs `schedulers[0]` until
/// `milestones[0]`, then `schedulers[1]` (restarted at its epoch 0) and so on.
public final class SequentialLR: LRScheduler {
    public let schedulers: [LRScheduler]
    public let milestones: [Int]

    public init(_ optimizer: Optimizer, schedulers: [LRScheduler], milestones: [Int], lastEpoch: Int = -1,
                file: StaticString = #fileID, line: UInt = #line) {
        if schedulers.isEmpty {
            emberFatal("SequentialLR expects at least one scheduler, but got no scheduler.", file: file, line: line)
        }
        for (i, s) in schedulers.enumerated() where s.optimizer !== optimizer {
            emberFatal("SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler \(type(of: s)) at index \(i) has a different optimizer.", file: file, line: line)
        }
        if milestones.count != schedulers.count - 1 {
            emberFatal("Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers \(schedulers.count) and the number of milestones to be equal to \(milestones.count)", file: file, line: line)
        }
        self.schedulers = schedulers
        self.milestones = milestones
        super.init(optimizer, lastEpoch: lastEpoch, file: file, line: line)
    }

    /// Which scheduler runs at `epoch` (`bisect_right(milestones, epoch)`).
    private func index(at epoch: Int) -> Int { milestones.filter { $0 <= epoch }.count }

    public override func step() {
        if isInitial {
            // PyTorch's __init__: undo the schedulers' own initial steps and restart the first.
            lastEpoch += 1
            for g in optimizer.paramGroups.indices {
                optimizer.paramGroups[g].lr = optimizer.paramGroups[g].number("initial_lr")
            }
            SequentialLR.undo(schedulers)
            let first = schedulers[index(at: 0)]
            first.stepCount = 0
            first.isInitial = true
            first.step()
            first.isInitial = false
            lastLrs = first.getLastLr()
            return
        }
        stepCount += 1
        lastEpoch += 1
        let i = index(at: lastEpoch)
        let scheduler = schedulers[i]
        if i > 0 && milestones[i - 1] == lastEpoch {
            // `_update_lr(0)`: the next scheduler starts at its epoch 0, in closed form.
            scheduler.lastEpoch = 0
            let values = (scheduler as? any ClosedFormScheduler)?.closedFormLr() ?? scheduler.getLr()
            for (g, lr) in zip(optimizer.paramGroups.indices, values) { optimizer.paramGroups[g].lr = lr }
            scheduler.lastLrs = optimizer.paramGroups.map(\.lr)
        } else {
            scheduler.step()
        }
        lastLrs = scheduler.getLastLr()
    }

    /// `recursive_undo`: one epoch back for every scheduler, nested ones included.
    private static func undo(_ schedulers: [LRScheduler]) {
        for s in schedulers {
            if let nested = s as? SequentialLR { undo(nested.schedulers) } else { s.lastEpoch -= 1 }
        }
    }
}

/// `ReduceLROnPlateau(optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4,
/// threshold_mode="rel", cooldown=0, min_lr=0, eps=1e-8)`: multiplies the lr by `factor`
/// when a metric has not improved for more than `patience` epochs. Call `step(metric)`.
public final class ReduceLROnPlateau {
    public let optimizer: Optimizer
    public let mode: String
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: String
    public let cooldown: Int
    public let minLrs: [Double]
    public let eps: Double
    public private(set) var best: Double
    public private(set) var numBadEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var lastEpoch = 0
    private var lastLrs: [Double]

    public convenience init(_ optimizer: Optimizer, mode: String = "min", factor: Double = 0.1, patience: Int = 10,
                            threshold: Double = 1e-4, thresholdMode: String = "rel", cooldown: Int = 0, minLr: Double = 0,
                            eps: Double = 1e-8, file: StaticString = #fileID, line: UInt = #line) {
        self.init(optimizer, mode: mode, factor: factor, patience: patience, threshold: threshold,
                  thresholdMode: thresholdMode, cooldown: cooldown,
                  minLrs: Array(repeating: minLr, count: optimizer.paramGroups.count), eps: eps, file: file, line: line)
    }

    /// One minimum lr per parameter group.
    public init(_ optimizer: Optimizer, mode: String = "min", factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: String = "rel", cooldown: Int = 0, minLrs: [Double],
                eps: Double = 1e-8, file: StaticString = #fileID, line: UInt = #line) {
        if factor >= 1.0 { emberFatal("Factor should be < 1.0.", file: file, line: line) }
        if minLrs.count != optimizer.paramGroups.count {
            emberFatal("expected \(optimizer.paramGroups.count) min_lrs, got \(minLrs.count)", file: file, line: line)
        }
        if mode != "min" && mode != "max" { emberFatal("mode \(mode) is unknown!", file: file, line: line) }
        if thresholdMode != "rel" && thresholdMode != "abs" {
            emberFatal("threshold mode \(thresholdMode) is unknown!", file: file, line: line)
        }
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLrs = minLrs
        self.eps = eps
        best = mode == "min" ? .infinity : -.infinity
        lastLrs = optimizer.paramGroups.map(\.lr)
    }

    /// `get_last_lr()`.
    public func getLastLr() -> [Double] { lastLrs }

    /// One epoch with the metric's latest value (a loss in "min" mode, an accuracy in "max").
    public func step(_ metric: Double) {
        lastEpoch += 1
        if isBetter(metric) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            for g in optimizer.paramGroups.indices {
                let old = optimizer.paramGroups[g].lr
                let new = Swift.max(old * factor, minLrs[g])
                if old - new > eps { optimizer.paramGroups[g].lr = new }
            }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLrs = optimizer.paramGroups.map(\.lr)
    }

    private func isBetter(_ a: Double) -> Bool {
        switch (mode, thresholdMode) {
        case ("min", "rel"): a < best * (1.0 - threshold)
        case ("min", _): a < best - threshold
        case (_, "rel"): a > best * (threshold + 1.0)
        default: a > best + threshold
        }
    }
}
