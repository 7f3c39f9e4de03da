import Ember

// Margin and embedding losses of `torch.nn.functional`: `cosineEmbeddingLoss`,
// `marginRankingLoss`, `tripletMarginLoss` (and `pairwiseDistance`, which it uses).

/// `F.cosine_embedding_loss(input1, input2, target, margin=0, reduction="mean")`:
/// `1 − cos(x1, x2)` where the target is 1, `max(0, cos(x1, x2) − margin)` where it is −1.
///
/// - Parameters:
///   - input1, input2: `(N, D)` or `(D)`.
///   - target: `(N)` or `()`, holding 1 or −1.
public func cosineEmbeddingLoss(_ input1: Tensor, _ input2: Tensor, _ target: Tensor, margin: Double = 0,
                                reduction: String = "mean", file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    if target.ndim == 1 && input1.ndim != 2 {
        emberFatal("1D target tensor expects 2D input tensors, but found inputs with sizes \(shapeString(input1.shape)) and \(shapeString(input2.shape)).", file: file, line: line)
    }
    if target.ndim == 0 && input1.ndim != 1 {
        emberFatal("0D target tensor expects 1D input tensors, but found inputs with sizes \(shapeString(input1.shape)) and \(shapeString(input2.shape)).", file: file, line: line)
    }
    if target.ndim > 1 {
        emberFatal("0D or 1D target tensor expected, multi-target not supported", file: file, line: line)
    }
    // ATen's cosine_embedding_loss, EPSILON = 1e-12 added to each squared magnitude.
    let dim = input1.ndim - 1
    let prodSum = mul(input1, input2, file: file, line: line).sum(dim: dim)
    let mag1 = (input1 * input1).sum(dim: dim) + 1e-12
    let mag2 = (input2 * input2).sum(dim: dim) + 1e-12
    let cosine = prodSum / (mag1 * mag2).sqrt()
    let zeros = Tensor.zeros(like: cosine)
    let positive = Tensor.where(target .== 1, 1 - cosine, zeros, file: file, line: line)
    let negative = Tensor.where(target .== -1, (cosine - margin).clamp(min: 0), zeros, file: file, line: line)
    return reduction.apply(positive + negative, file: file, line: line)
}

/// `F.margin_ranking_loss(input1, input2, target, margin=0, reduction="mean")`:
/// `max(0, −target·(input1 − input2) + margin)`.
public func marginRankingLoss(_ input1: Tensor, _ input2: Tensor, _ target: Tensor, margin: Double = 0,
                              reduction: String = "mean", file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    if input1.ndim != input2.ndim || input1.ndim != target.ndim {
        emberFatal("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: \(torchSize(input1.shape)), input2: \(torchSize(input2.shape)), target: \(torchSize(target.shape)) ", file: file, line: line)
    }
    let difference = sub(input1, input2, file: file, line: line)
    let loss = (mul(-target, difference, file: file, line: line) + margin).clamp(min: 0)
    return reduction.apply(loss, file: file, line: line)
}

/// `F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False)`: `‖x1 − x2 + eps‖_p`
/// along the last dimension.
public func pairwiseDistance(_ x1: Tensor, _ x2: Tensor, p: Double = 2, eps: Double = 1e-6, keepdim: Bool = false,
                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let difference = sub(x1, x2, file: file, line: line) + eps
    let dim = Swift.max(x1.ndim, x2.ndim) - 1
    if dim < 0 { return difference.abs() }
    return difference.norm(p: p, dim: dim, keepdim: keepdim, file: file, line: line)
}

/// `F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
/// reduction="mean")`: `max(d(a, p) − d(a, n) + margin, 0)` with the pairwise p-norm
/// distance; `swap` uses `min(d(a, n), d(p, n))` as the negative distance.
public func tripletMarginLoss(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor, margin: Double = 1.0,
                              p: Double = 2, eps: Double = 1e-6, swap: Bool = false, reduction: String = "mean",
                              file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let reduction = LossReduction(reduction, file: file, line: line)
    let a = anchor.ndim, pd = positive.ndim, n = negative.ndim
    if a != pd || a != n {
        emberFatal("The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor \(a)D, positive \(pd)D, and negative \(n)D inputs", file: file, line: line)
    }
    let positiveDistance = pairwiseDistance(anchor, positive, p: p, eps: eps, file: file, line: line)
    var negativeDistance = pairwiseDistance(anchor, negative, p: p, eps: eps, file: file, line: line)
    if swap {
        let swapped = pairwiseDistance(positive, negative, p: p, eps: eps, file: file, line: line)
        negativeDistance = minimum(negativeDistance, swapped)
    }
    let loss = (positiveDistance - negativeDistance + margin).clamp(min: 0)
    return reduction.apply(loss, file: file, line: line)
}
