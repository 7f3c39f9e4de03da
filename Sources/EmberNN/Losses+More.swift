// More loss modules (`nn.SmoothL1Loss`, `nn.KLDivLoss`, `nn.CTCLoss`, …): the settings of
// a loss, called as `criterion(input, target)`; each calls the function of the same name.

/// `nn.SmoothL1Loss(reduction="mean", beta=1.0)`. See `smoothL1Loss`.
open class SmoothL1Loss: Module {
    public let reduction: String
    public let beta: Double
    public init(reduction: String = "mean", beta: Double = 1.0) {
        self.reduction = reduction
        self.beta = beta
        super.init()
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        smoothL1Loss(input, target, reduction: reduction, beta: beta, file: file, line: line)
    }
}

/// `nn.HuberLoss(reduction="mean", delta=1.0)`. See `huberLoss`.
open class HuberLoss: Module {
    public let reduction: String
    public let delta: Double
    public init(reduction: String = "mean", delta: Double = 1.0) {
        self.reduction = reduction
        self.delta = delta
        super.init()
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        huberLoss(input, target, reduction: reduction, delta: delta, file: file, line: line)
    }
}

/// `nn.KLDivLoss(reduction="mean", log_target=False)`. See `klDiv`.
open class KLDivLoss: Module {
    public let reduction: String
    public let logTarget: Bool
    public init(reduction: String = "mean", logTarget: Bool = false) {
        self.reduction = reduction
        self.logTarget = logTarget
        super.init()
    }
    /// The divergence of `target` from `input` (log-probabilities).
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        klDiv(input, target, reduction: reduction, logTarget: logTarget, file: file, line: line)
    }
}

/// `nn.PoissonNLLLoss(log_input=True, full=False, eps=1e-8, reduction="mean")`. See `poissonNLLLoss`.
open class PoissonNLLLoss: Module {
    public let logInput: Bool
    public let full: Bool
    public let eps: Double
    public let reduction: String
    public init(logInput: Bool = true, full: Bool = false, eps: Double = 1e-8, reduction: String = "mean") {
        self.logInput = logInput
        self.full = full
        self.eps = eps
        self.reduction = reduction
        super.init()
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        poissonNLLLoss(input, target, logInput: logInput, full: full, eps: eps, reduction: reduction, file: file, line: line)
    }
}

/// `nn.GaussianNLLLoss(full=False, eps=1e-6, reduction="mean")`, called as
/// `criterion(input, target, var)`. See `gaussianNLLLoss`.
open class GaussianNLLLoss: Module {
    public let full: Bool
    public let eps: Double
    public let reduction: String
    public init(full: Bool = false, eps: Double = 1e-6, reduction: String = "mean") {
        self.full = full
        self.eps = eps
        self.reduction = reduction
        super.init()
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor, _ variance: Tensor,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        gaussianNLLLoss(input, target, variance, full: full, eps: eps, reduction: reduction, file: file, line: line)
    }
}

/// `nn.CosineEmbeddingLoss(margin=0.0, reduction="mean")`, called as
/// `criterion(input1, input2, target)`. See `cosineEmbeddingLoss`.
open class CosineEmbeddingLoss: Module {
    public let margin: Double
    public let reduction: String
    public init(margin: Double = 0, reduction: String = "mean") {
        self.margin = margin
        self.reduction = reduction
        super.init()
    }
    public func callAsFunction(_ input1: Tensor, _ input2: Tensor, _ target: Tensor,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        cosineEmbeddingLoss(input1, input2, target, margin: margin, reduction: reduction, file: file, line: line)
    }
}

/// `nn.MarginRankingLoss(margin=0.0, reduction="mean")`, called as
/// `criterion(input1, input2, target)`. See `marginRankingLoss`.
open class MarginRankingLoss: Module {
    public let margin: Double
    public let reduction: String
    public init(margin: Double = 0, reduction: String = "mean") {
        self.margin = margin
        self.reduction = reduction
        super.init()
    }
    public func callAsFunction(_ input1: Tensor, _ input2: Tensor, _ target: Tensor,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        marginRankingLoss(input1, input2, target, margin: margin, reduction: reduction, file: file, line: line)
    }
}

/// `nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-6, swap=False, reduction="mean")`, called
/// as `criterion(anchor, positive, negative)`. See `tripletMarginLoss`.
open class TripletMarginLoss: Module {
    public let margin: Double
    public let p: Double
    public let eps: Double
    public let swap: Bool
    public let reduction: String
    public init(margin: Double = 1.0, p: Double = 2, eps: Double = 1e-6, swap: Bool = false, reduction: String = "mean") {
        self.margin = margin
        self.p = p
        self.eps = eps
        self.swap = swap
        self.reduction = reduction
        super.init()
    }
    public func callAsFunction(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        tripletMarginLoss(anchor, positive, negative, margin: margin, p: p, eps: eps, swap: swap, reduction: reduction,
                          file: file, line: line)
    }
}

/// `nn.CTCLoss(blank=0, reduction="mean", zero_infinity=False)`, called as
/// `criterion(logProbs, targets, inputLengths, targetLengths)`. See `ctcLoss`.
open class CTCLoss: Module {
    public let blank: Int
    public let reduction: String
    public let zeroInfinity: Bool
    public init(blank: Int = 0, reduction: String = "mean", zeroInfinity: Bool = false) {
        self.blank = blank
        self.reduction = reduction
        self.zeroInfinity = zeroInfinity
        super.init()
    }
    public func callAsFunction(_ logProbs: Tensor, _ targets: Tensor, _ inputLengths: Tensor, _ targetLengths: Tensor,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        ctcLoss(logProbs, targets, inputLengths: inputLengths, targetLengths: targetLengths, blank: blank,
                reduction: reduction, zeroInfinity: zeroInfinity, file: file, line: line)
    }
}
