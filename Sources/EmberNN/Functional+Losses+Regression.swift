import Ember

// Regression and distribution losses of `torch.nn.functional`: `smoothL1Loss`,
// `huberLoss`, `klDiv`, `poissonNLLLoss`, `gaussianNLLLoss`. Each takes `reduction:`
// "mean" | "sum" | "none" (klDiv also "batchmean") with PyTorch's formulas and messages.

/// `F.smooth_l1_loss(input, target, reduction="mean", beta=1.0)`: `0.5·d²/β` where
/// `|d| < β`, else `|d| − 0.5·β`; β = 0 is the L1 loss.
public func smoothL1Loss(_ input: Tensor, _ target: Tensor, reduction: String = "mean", beta: Double = 1.0,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    if beta < 0 { emberFatal("smooth_l1_loss does not support negative values for beta.", file: file, line: line) }
    let d = sub(input, target, file: file, line: line).abs()
    if beta == 0 { return reduction.apply(d, file: file, line: line) }
    let loss = Tensor.where(d .< beta, d * d * (0.5 / beta), d - 0.5 * beta, file: file, line: line)
    return reduction.apply(loss, file: file, line: line)
}

/// `F.huber_loss(input, target, reduction="mean", delta=1.0)`: `0.5·d²` where `|d| < δ`,
/// else `δ·(|d| − 0.5·δ)`.
public func huberLoss(_ input: Tensor, _ target: Tensor, reduction: String = "mean", delta: Double = 1.0,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    if delta <= 0 { emberFatal("huber_loss does not support non-positive values for delta.", file: file, line: line) }
    let d = sub(input, target, file: file, line: line).abs()
    let loss = Tensor.where(d .< delta, d * d * 0.5, (d - 0.5 * delta) * delta, file: file, line: line)
    return reduction.apply(loss, file: file, line: line)
}

/// `F.kl_div(input, target, reduction="mean", log_target=False)`: the pointwise KL
/// divergence `target · (log target − input)` with `input` holding log-probabilities
/// (0 where the target is 0, as `xlogy`); with `logTarget`, `exp(target) · (target − input)`.
///
/// - Parameter reduction: "batchmean" divides the sum by the batch size (the mathematically
///   correct KL divergence); "mean" divides by the element count, as in PyTorch.
public func klDiv(_ input: Tensor, _ target: Tensor, reduction: String = "mean", logTarget: Bool = false,
                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let batchmean = reduction == "batchmean"
    let mode = LossReduction(batchmean ? "sum" : reduction, file: file, line: line)
    let loss: Tensor
    if logTarget {
        loss = target.exp() * sub(target, input, file: file, line: line)
    } else {
        // xlogy(t, t): the log reads 1 where t is 0, so the masked branch has a finite gradient.
        let positive = target .> 0
        let safe = Tensor.where(positive, target, 1.0)
        let xlogx = Tensor.where(positive, target * safe.log(), 0.0)
        loss = xlogx - mul(target, input, file: file, line: line)
    }
    if batchmean && input.ndim != 0 { return mode.apply(loss, file: file, line: line) / Double(input.shape[0]) }
    return mode.apply(loss, file: file, line: line)
}

/// `F.poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction="mean")`:
/// `exp(input) − target·input` (log input), else `input − target·log(input + eps)`; `full`
/// adds Stirling's approximation `t·log t − t + 0.5·log(2πt)` where `t > 1`.
public func poissonNLLLoss(_ input: Tensor, _ target: Tensor, logInput: Bool = true, full: Bool = false,
                           eps: Double = 1e-8, reduction: String = "mean",
                           file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    var loss: Tensor
    if logInput {
        loss = input.exp() - mul(target, input, file: file, line: line)
    } else {
        loss = input - mul(target, (input + eps).log(), file: file, line: line)
    }
    if full {
        let above = target .> 1
        let t = Tensor.where(above, target, 1.0)
        let stirling = t * t.log() - t + (t * (2 * Double.pi)).log() * 0.5
        loss = loss + Tensor.where(above, stirling, 0.0)
    }
    return reduction.apply(loss, file: file, line: line)
}

/// `F.gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean")`:
/// `0.5·(log var + (input − target)² / var)`, plus `0.5·log 2π` with `full`.
///
/// `var` has the input's shape, or one dimension less / a last dimension of 1 (one variance
/// shared across the last dimension). Values below `eps` are clamped for stability; as in
/// PyTorch the clamp does not stop the gradient.
public func gaussianNLLLoss(_ input: Tensor, _ target: Tensor, _ variance: Tensor, full: Bool = false, eps: Double = 1e-6,
                            reduction: String = "mean", file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    var v = variance
    if v.shape != input.shape {
        let leading = Array(input.shape.dropLast())
        if input.ndim > 0 && leading == v.shape {
            v = v.unsqueeze(-1, file: file, line: line)
        } else if input.ndim > 0 && v.ndim > 0 && leading == Array(v.shape.dropLast()) && v.shape.last == 1 {
            // One variance per row, broadcast over the last dimension.
        } else {
            emberFatal("var is of incorrect size", file: file, line: line)
        }
    }
    guard reduction == "none" || reduction == "mean" || reduction == "sum" else {
        emberFatal("\(reduction) is not valid", file: file, line: line)
    }
    let negative = noGrad { (v .< 0).any().item() != 0 }
    if negative { emberFatal("var has negative entry/entries", file: file, line: line) }
    // PyTorch clamps a clone in place under no_grad: the value is clamped, the gradient
    // passes as through the identity.
    let clamped = v + noGrad { v.clamp(min: eps) - v }
    let diff = sub(input, target, file: file, line: line)
    var loss = (clamped.log() + diff * diff / clamped) * 0.5
    if full { loss = loss + 0.5 * NNMath.logarithm(2 * Double.pi) }
    return LossReduction(reduction, file: file, line: line).apply(loss, file: file, line: line)
}
