// Loss functions, as `torch.nn.functional` has them: `crossEntropy`, `nllLoss`, `mseLoss`,
// `l1Loss`, `binaryCrossEntropy`, `binaryCrossEntropyWithLogits`. Each takes
// `reduction:` "mean" | "sum" | "none" and follows PyTorch's formulas and error messages.

// MARK: - Reduction

/// PyTorch's `reduction` argument, validated with PyTorch's message.
enum LossReduction {
    case none, mean, sum

    init(_ name: String, file: StaticString, line: UInt) {
        switch name {
        case "none": self = .none
        case "mean": self = .mean
        case "sum": self = .sum
        default: emberFatal("\(name) is not a valid value for reduction", file: file, line: line)
        }
    }

    /// `apply_loss_reduction`: the elementwise loss, its sum, or its mean.
    func apply(_ loss: Tensor, file: StaticString, line: UInt) -> Tensor {
        switch self {
        case .none: loss
        case .sum: loss.sum(file: file, line: line)
        case .mean: loss.mean(file: file, line: line)
        }
    }
}

/// How PyTorch's loss messages print dtypes and shapes.
enum LossFormat {

    /// `torch.Size([2, 3])`, as PyTorch's Python-level messages print shapes.
    static func torchSize(_ shape: [Int]) -> String { "torch.Size(\(shapeString(shape)))" }
}

// MARK: - Negative log likelihood and cross entropy

/// `F.nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean")`: the
/// negative log likelihood of class indices, given log-probabilities.
///
/// - Parameters:
///   - input: log-probabilities, `(C)`, `(N, C)` or `(N, C, d1, d2, …)`.
///   - target: class indices (int64 or uint8), `()`, `(N)` or `(N, d1, d2, …)`.
///   - weight: a rescaling weight per class, `(C)`.
///   - ignoreIndex: targets equal to it contribute nothing (nor to the mean's divisor).
///   - reduction: "mean" divides by the sum of the weights of non-ignored targets.
public func nllLoss(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
                    reduction: String = "mean", file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    let flat = NLLTargets(input, target, weight: weight, ignoreIndex: ignoreIndex, file: file, line: line)
    // -input[i, target[i]] * weight[target[i]], zero where the target is ignored.
    let picked = flat.input.gather(1, flat.safeTarget.unsqueeze(1, file: file, line: line), file: file, line: line)
        .squeeze(1, file: file, line: line)
    var loss = -picked
    if let w = flat.weight { loss = loss * w }
    loss = Tensor.where(flat.valid, loss, 0, file: file, line: line)
    switch reduction {
    case .none:
        return loss.reshape(target.shape, file: file, line: line)
    case .sum:
        return loss.sum(file: file, line: line)
    case .mean:
        let totalWeight = noGrad { flat.weight.map { $0.sum() } ?? flat.valid.to(input.dtype).sum() }
        return loss.sum(file: file, line: line) / totalWeight
    }
}

/// The checks of `nll_loss_nd`, and the input flattened to `(M, C)` with targets `(M)`.
private struct NLLTargets {
    /// `(M, C)` log-probabilities.
    let input: Tensor
    /// `(M)` class indices, 0 where ignored (safe to gather).
    let safeTarget: Tensor
    /// `(M)` bool: the target is not `ignoreIndex`.
    let valid: Tensor
    /// `(M)` weight of each target's class, 0 where ignored; nil without class weights.
    let weight: Tensor?

    init(_ input: Tensor, _ target: Tensor, weight: Tensor?, ignoreIndex: Int, file: StaticString, line: UInt) {
        if input.ndim < 1 { emberFatal("Expected 1 or more dimensions (got \(input.ndim))", file: file, line: line) }
        if input.ndim != 1 && (target.ndim == 0 || input.shape[0] != target.shape[0]) {
            emberFatal("Expected input batch_size (\(input.shape[0])) to match target batch_size (\(target.shape.first ?? 0)).",
                       file: file, line: line)
        }
        let classes = input.ndim == 1 ? input.shape[0] : input.shape[1]
        switch input.ndim {
        case 1, 2:
            if target.ndim > 1 {
                emberFatal("0D or 1D target tensor expected, multi-target not supported", file: file, line: line)
            }
            if input.ndim == 1 && target.ndim == 1 && target.shape[0] != 1 {
                emberFatal("For 1D input, 1D target must have size 1, but got target size: \(target.shape[0])", file: file, line: line)
            }
        default:
            let expected = [input.shape[0]] + Array(input.shape[2...])
            if target.shape != expected {
                emberFatal("Expected target size \(shapeString(expected)), got \(shapeString(target.shape))", file: file, line: line)
            }
        }
        if target.dtype != .int64 && target.dtype != .uint8 {
            emberFatal("expected target dtype to be Long or Byte, but got \(target.dtype.scalarTypeName)", file: file, line: line)
        }
        if let weight, weight.ndim != 1 || weight.count != classes {
            emberFatal("weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor of shape: \(shapeString(weight.shape))",
                       file: file, line: line)
        }
        // Class dimension last, then flattened: (M, C).
        switch input.ndim {
        case 1: self.input = input.unsqueeze(0, file: file, line: line)
        case 2: self.input = input
        default:
            let order = [0] + Array(2..<input.ndim) + [1]
            self.input = input.permute(order, file: file, line: line).reshape([-1, classes], file: file, line: line)
        }
        let flatTarget = target.to(.int64).reshape([-1])
        for t in flatTarget.toArray(Int64.self) where t != Int64(ignoreIndex) && (t < 0 || t >= Int64(classes)) {
            emberFatal("Target \(t) is out of bounds.", file: file, line: line)
        }
        let valid = flatTarget .!= Int64(ignoreIndex)
        let safeTarget = Tensor.where(valid, flatTarget, Int64(0))
        self.valid = valid
        self.safeTarget = safeTarget
        self.weight = weight.map { w in
            noGrad { Tensor.where(valid, w.gather(0, safeTarget), 0) }
        }
    }
}

/// `F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean",
/// label_smoothing=0.0)`: log-softmax over the class dimension, then the negative log
/// likelihood.
///
/// - Parameters:
///   - input: unnormalised scores, `(C)`, `(N, C)` or `(N, C, d1, …)`.
///   - target: class indices (int64) of shape `()`, `(N)`, `(N, d1, …)`; or class
///     probabilities (float) of the input's shape.
///   - weight: a rescaling weight per class, `(C)`.
///   - ignoreIndex: for class indices only.
///   - labelSmoothing: in [0, 1]: the target becomes `(1 - ε) · target + ε / C`.
public func crossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
                         reduction: String = "mean", labelSmoothing: Double = 0.0,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    let classDim = input.ndim == 1 ? 0 : 1
    if input.ndim == 0 { emberFatal("Expected 1 or more dimensions (got 0)", file: file, line: line) }
    let classes = input.shape[classDim]
    if input.shape == target.shape {
        return crossEntropyOfProbabilities(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction,
                                           labelSmoothing: labelSmoothing, classDim: classDim, file: file, line: line)
    }
    let logProbabilities = input.logSoftmax(dim: classDim, file: file, line: line)
    let reductionName = reduction == .none ? "none" : reduction == .sum ? "sum" : "mean"
    guard labelSmoothing > 0 else {
        return nllLoss(logProbabilities, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reductionName,
                       file: file, line: line)
    }
    if labelSmoothing > 1 {
        emberFatal("label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)", file: file, line: line)
    }
    // cross_entropy_loss_label_smoothing in ATen's LossNLL.cpp.
    let nll = nllLoss(logProbabilities, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reductionName,
                      file: file, line: line)
    let ignoreMask = target .== Int64(ignoreIndex)
    var smooth: Tensor
    if let weight {
        smooth = -(logProbabilities * classWeightView(weight, ndim: input.ndim, classDim: classDim)).sum(dim: classDim)
    } else {
        smooth = -logProbabilities.sum(dim: classDim)
    }
    smooth = Tensor.where(ignoreMask, 0, smooth)
    let ret: Tensor
    switch reduction {
    case .mean:
        if let weight {
            let kept = target.maskedSelect(.!ignoreMask).flatten()
            ret = smooth.sum() / noGrad { weight.gather(0, kept).sum() }
        } else {
            ret = smooth.sum() / (.!ignoreMask).sum()
        }
    case .sum: ret = smooth.sum()
    case .none: ret = smooth
    }
    return (1 - labelSmoothing) * nll + ret * (labelSmoothing / Double(classes))
}

/// `weight` viewed as `(1, C, 1, …)` to broadcast against the input.
private func classWeightView(_ weight: Tensor, ndim: Int, classDim: Int) -> Tensor {
    var shape = [Int](repeating: 1, count: ndim)
    shape[classDim] = weight.count
    return weight.view(shape)
}

/// cross_entropy_loss_prob_target in ATen: targets are class probabilities.
private func crossEntropyOfProbabilities(_ input: Tensor, _ target: Tensor, weight: Tensor?, ignoreIndex: Int,
                                         reduction: LossReduction, labelSmoothing: Double, classDim: Int,
                                         file: StaticString, line: UInt) -> Tensor {
    guard target.dtype.isFloatingPoint else {
        emberFatal("Expected floating point type for target with class probabilities, got \(target.dtype.scalarTypeName)",
                   file: file, line: line)
    }
    if ignoreIndex >= 0 { emberFatal("ignore_index is not supported for floating point target", file: file, line: line) }
    let classes = input.shape[classDim]
    if let weight, weight.ndim != 1 || weight.count != classes {
        emberFatal("cross_entropy: weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor of shape: \(shapeString(weight.shape))",
                   file: file, line: line)
    }
    let logProbabilities = input.logSoftmax(dim: classDim, file: file, line: line)
    var smoothed = target
    if labelSmoothing > 0 {
        if labelSmoothing > 1 {
            emberFatal("label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)", file: file, line: line)
        }
        smoothed = target * (1 - labelSmoothing) + labelSmoothing / Double(classes)
    }
    var product = logProbabilities * smoothed
    if let weight { product = product * classWeightView(weight, ndim: input.ndim, classDim: classDim) }
    switch reduction {
    case .mean:
        // PyTorch divides by numel / C in integers; an empty input gives nan.
        if input.count == 0 { return -product.sum() * Double.nan }
        return -product.sum() / (input.count / classes)
    case .sum: return -product.sum()
    case .none: return -product.sum(dim: classDim)
    }
}

// MARK: - Regression losses

/// `F.mse_loss(input, target, reduction="mean")`: the squared error, broadcast as PyTorch does.
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: String = "mean",
                    file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    let difference = sub(input, target, file: file, line: line)
    return reduction.apply(difference * difference, file: file, line: line)
}

/// `F.l1_loss(input, target, reduction="mean")`: the absolute error.
public func l1Loss(_ input: Tensor, _ target: Tensor, reduction: String = "mean",
                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    return reduction.apply(sub(input, target, file: file, line: line).abs(), file: file, line: line)
}

// MARK: - Binary cross entropy

/// `F.binary_cross_entropy(input, target, weight=None, reduction="mean")`: the input holds
/// probabilities in [0, 1]; each log is clamped to ≥ -100, as in PyTorch.
///
/// - Parameter weight: a rescaling weight broadcast against the loss.
public func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: String = "mean",
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    if target.shape != input.shape {
        emberFatal("Using a target size (\(LossFormat.torchSize(target.shape))) that is different to the input size (\(LossFormat.torchSize(input.shape))) is deprecated. Please ensure they have the same size.",
                   file: file, line: line)
    }
    let inRange = noGrad { ((input .>= 0) .& (input .<= 1)).all().item() != 0 }
    if !inRange { emberFatal("all elements of input should be between 0 and 1", file: file, line: line) }
    // (t - 1) · max(log(1 - x), -100) - t · max(log(x), -100). The logs read a safe operand
    // where x is 0 or 1, so a saturated probability gives a finite gradient, not 0 · ∞.
    let positive = input .> 0, belowOne = input .< 1
    let logX = Tensor.where(positive, Tensor.where(positive, input, 1).log(), -100).clamp(min: -100)
    let log1mX = Tensor.where(belowOne, (-Tensor.where(belowOne, input, 0)).log1p(), -100).clamp(min: -100)
    var loss = (target - 1) * log1mX - target * logX
    if let weight { loss = mul(loss, weight, file: file, line: line) }
    return reduction.apply(loss, file: file, line: line)
}

/// `F.binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean",
/// pos_weight=None)`: sigmoid and binary cross entropy in one, in the stable form
/// `(1 - t) · x - (1 + (p - 1) · t) · logsigmoid(x)`.
///
/// - Parameters:
///   - weight: a rescaling weight broadcast against the loss.
///   - posWeight: a weight of positive examples, broadcast against the target (per class
///     when it has the size of the last dimension).
public func binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                         reduction: String = "mean", posWeight: Tensor? = nil,
                                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    if target.shape != input.shape {
        emberFatal("Target size (\(LossFormat.torchSize(target.shape))) must be the same as input size (\(LossFormat.torchSize(input.shape)))",
                   file: file, line: line)
    }
    // log(sigmoid(x)) = -softplus(-x), stable for both signs.
    var logSigmoid = -(-input).softplus()
    if let posWeight {
        let logWeight = mul(posWeight - 1, target, file: file, line: line) + 1
        logSigmoid = logSigmoid * logWeight
    }
    var loss = (1 - target) * input - logSigmoid
    if let weight { loss = mul(loss, weight, file: file, line: line) }
    return reduction.apply(loss, file: file, line: line)
}
