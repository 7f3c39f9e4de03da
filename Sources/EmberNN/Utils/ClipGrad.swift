/// `torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=2.0)`: scales the
/// gradients of `parameters` in place so that their total norm (the norm of the per-tensor
/// norms) is at most `maxNorm`, by `min(1, maxNorm / (total + 1e-6))`.
///
/// - Parameters:
///   - normType: the p of the p-norm; `.infinity` for the max norm.
///   - errorIfNonfinite: stop when the total norm is nan or infinite.
/// - Returns: the total norm before clipping (a 0-d tensor).
@discardableResult
public func clipGradNorm_(_ parameters: [Tensor], maxNorm: Double, normType: Double = 2.0,
                          errorIfNonfinite: Bool = false,
                          file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let grads = parameters.compactMap(\.grad)
    if grads.isEmpty { return Tensor(0.0, dtype: .float32) }
    return noGrad {
        let norms = grads.map { $0.norm(p: normType, file: file, line: line) }
        let totalNorm = stack(norms).norm(p: normType, file: file, line: line)
        if errorIfNonfinite && !totalNorm.isfinite().all().item(Bool.self) {
            let order = normType == .infinity ? "inf" : "\(normType)"
            emberFatal("The total norm of order \(order) for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
                       file: file, line: line)
        }
        let clipCoefficient = maxNorm / (totalNorm + 1e-6)
        let clamped = clipCoefficient.clamp(max: 1.0)
        for g in grads { g.mul_(clamped.to(g.dtype)) }
        return totalNorm
    }
}

/// `torch.nn.utils.clip_grad_value_(parameters, clip_value)`: clamps every gradient of
/// `parameters` in place to `[-clipValue, clipValue]`.
public func clipGradValue_(_ parameters: [Tensor], clipValue: Double) {
    noGrad {
        for p in parameters {
            guard let g = p.grad else { continue }
            g.clamp_(min: -clipValue, max: clipValue)
        }
    }
}
