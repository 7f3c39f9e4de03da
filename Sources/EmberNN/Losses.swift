// Loss modules (`torch.nn.CrossEntropyLoss`, …): the settings of a loss, called as
// `criterion(input, target)`. Class weights are buffers, as in PyTorch, so they appear in
// `stateDict()` and move with `to(_:)`.

/// `nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0)`.
/// See `crossEntropy(_:_:weight:ignoreIndex:reduction:labelSmoothing:)`.
open class CrossEntropyLoss: Module {
    @Buffer public var weight: Tensor?
    public let ignoreIndex: Int
    public let reduction: String
    public let labelSmoothing: Double

    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = "mean", labelSmoothing: Double = 0.0) {
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
        self.labelSmoothing = labelSmoothing
        super.init()
        self.weight = weight
    }

    /// The loss of `input` (scores) against `target` (class indices or probabilities).
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        crossEntropy(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction,
                     labelSmoothing: labelSmoothing, file: file, line: line)
    }
}

/// `nn.NLLLoss(weight=None, ignore_index=-100, reduction="mean")`.
/// See `nllLoss(_:_:weight:ignoreIndex:reduction:)`.
open class NLLLoss: Module {
    @Buffer public var weight: Tensor?
    public let ignoreIndex: Int
    public let reduction: String

    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = "mean") {
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
        super.init()
        self.weight = weight
    }

    /// The loss of `input` (log-probabilities) against `target` (class indices).
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        nllLoss(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction, file: file, line: line)
    }
}

/// `nn.MSELoss(reduction="mean")`. See `mseLoss(_:_:reduction:)`.
open class MSELoss: Module {
    public let reduction: String

    public init(reduction: String = "mean") {
        self.reduction = reduction
        super.init()
    }

    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        mseLoss(input, target, reduction: reduction, file: file, line: line)
    }
}

/// `nn.L1Loss(reduction="mean")`. See `l1Loss(_:_:reduction:)`.
open class L1Loss: Module {
    public let reduction: String

    public init(reduction: String = "mean") {
        self.reduction = reduction
        super.init()
    }

    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        l1Loss(input, target, reduction: reduction, file: file, line: line)
    }
}

/// `nn.BCELoss(weight=None, reduction="mean")`. See `binaryCrossEntropy(_:_:weight:reduction:)`.
open class BCELoss: Module {
    @Buffer public var weight: Tensor?
    public let reduction: String

    public init(weight: Tensor? = nil, reduction: String = "mean") {
        self.reduction = reduction
        super.init()
        self.weight = weight
    }

    /// The loss of `input` (probabilities) against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        binaryCrossEntropy(input, target, weight: weight, reduction: reduction, file: file, line: line)
    }
}

/// `nn.BCEWithLogitsLoss(weight=None, reduction="mean", pos_weight=None)`.
/// See `binaryCrossEntropyWithLogits(_:_:weight:reduction:posWeight:)`.
open class BCEWithLogitsLoss: Module {
    @Buffer public var weight: Tensor?
    @Buffer public var posWeight: Tensor?
    public let reduction: String

    public init(weight: Tensor? = nil, reduction: String = "mean", posWeight: Tensor? = nil) {
        self.reduction = reduction
        super.init()
        self.weight = weight
        self.posWeight = posWeight
    }

    /// The loss of `input` (logits) against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        binaryCrossEntropyWithLogits(input, target, weight: weight, reduction: reduction, posWeight: posWeight,
                                     file: file, line: line)
    }
}
