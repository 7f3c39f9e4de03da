// `torch.cdist`: p-norm distances between every row of one batch of row vectors and every
// row of another. One graph node (`CdistBackward0`) whose gradient is written with Tensor
// ops, so it can be differentiated again.

/// `torch.cdist(x1, x2, p)`: for `x1` of shape `[…, P, M]` and `x2` of shape `[…, R, M]`
/// (batch dims broadcast), the `[…, P, R]` distances `‖x1[i] - x2[j]‖_p`. `p` may be 0
/// (count of differing coordinates), any positive value, or `.infinity`.
///
/// PyTorch computes p = 2 through a matrix product for more than 25 rows (recorded as view
/// ops); here every case is the direct formula and one `CdistBackward0` node.
public func cdist(_ x1: Tensor, _ x2: Tensor, p: Double = 2.0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    for (name, x) in [("X1", x1), ("X2", x2)] where !x.dtype.isFloatingPoint {
        emberFatal("cdist only supports floating-point dtypes, \(name) got: \(x.dtype.scalarTypeName)", file: file, line: line)
    }
    guard p >= 0 else { emberFatal("cdist only supports non-negative p values", file: file, line: line) }
    for (name, x) in [("X1", x1), ("X2", x2)] where x.ndim < 2 {
        emberFatal("cdist only supports at least 2D tensors, \(name) got: \(x.ndim)D", file: file, line: line)
    }
    let (c1, c2) = (x1.shape[x1.ndim - 1], x2.shape[x2.ndim - 1])
    guard c1 == c2 else { emberFatal("X1 and X2 must have the same number of columns. X1: \(c1) X2: \(c2)", file: file, line: line) }
    guard x1.dtype == x2.dtype else {
        emberFatal("expected scalar type \(x1.dtype.scalarTypeName) but found \(x2.dtype.scalarTypeName)", file: file, line: line)
    }
    guard x1.dtype == .float32 || x1.dtype == .float64 else {
        emberFatal("\"cdist\" not implemented for '\(x1.dtype.scalarTypeName)'", file: file, line: line)
    }
    Tensor.checkSameDevice(x1, x2, file: file, line: line)
    let batch = broadcastShapes(Array(x1.shape.dropLast(2)), Array(x2.shape.dropLast(2)), file: file, line: line)
    let out = noGrad { cdistForward(x1, x2, p: p, batch: batch) }
    Tensor.record("CdistBackward0", inputs: [x1, x2], saving: [x1, x2], savingOutputs: true,
                  outputs: [out], file: file, line: line) { ctx in
        let term = cdistGradTerm(ctx.grad, ctx.saved(0), ctx.saved(1), ctx.saved(2), p: p)
        return [ctx.needs(0) ? term.sum(dim: -2) : nil, ctx.needs(1) ? -term.sum(dim: -3) : nil]
    }
    return out
}

/// The distances, from the `[…, P, R, M]` differences.
private func cdistForward(_ x1: Tensor, _ x2: Tensor, p: Double, batch: [Int]) -> Tensor {
    let (rows, cols, m) = (x1.shape[x1.ndim - 2], x2.shape[x2.ndim - 2], x1.shape[x1.ndim - 1])
    if m == 0 { return Tensor.zeros(batch + [rows, cols], dtype: x1.dtype, device: x1.device) }
    let diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    let dist: Tensor
    switch p {
    case 0: dist = (diff .!= 0).to(x1.dtype).sum(dim: -1)
    case 1: dist = diff.abs().sum(dim: -1)
    case 2: dist = (diff * diff).sum(dim: -1).sqrt()
    case .infinity: dist = diff.abs().max(dim: -1).values
    default: dist = (diff.abs() ** p).sum(dim: -1) ** (1 / p)
    }
    // A batch dim that broadcast in the difference already has its full size.
    return dist.shape == batch + [rows, cols] ? dist : dist.expand(batch + [rows, cols]).contiguous()
}

/// `grad[i, j] * ∂dist[i, j] / ∂(x1[i] - x2[j])`, shape `[…, P, R, M]`: the gradient of
/// x1 sums it over R, that of x2 is minus its sum over P. Zero where the distance is 0.
private func cdistGradTerm(_ grad: Tensor, _ x1: Tensor, _ x2: Tensor, _ dist: Tensor, p: Double) -> Tensor {
    let diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    let g = grad.unsqueeze(-1), d = dist.unsqueeze(-1)
    let zero = d .== 0
    let safe = Tensor.where(zero, Tensor.ones([], dtype: d.dtype, device: d.device), d)
    let direction: Tensor
    switch p {
    case 0: return diff * 0
    case 1: direction = diff.sign()
    case 2: direction = diff / safe
    case .infinity: direction = diff.sign() * (diff.abs() .== d).to(diff.dtype)
    default:
        // sign(diff) |diff|^(p-1) / dist^(p-1); for p < 1 a zero difference gives 0.
        let magnitude = diff.abs()
        var powered = magnitude ** (p - 1)
        if p < 1 {
            powered = Tensor.where(magnitude .== 0, Tensor.zeros([], dtype: d.dtype, device: d.device),
                                   Tensor.where(magnitude .== 0, Tensor.ones(like: magnitude), magnitude) ** (p - 1))
        }
        direction = diff.sign() * powered / (safe ** (p - 1))
    }
    return Tensor.where(zero, Tensor.zeros([], dtype: d.dtype, device: d.device), g * direction)
}
