import Ember

// The connectionist temporal classification loss (`F.ctc_loss`). The forward runs the
// alpha recursion of Graves et al. in log space per sample; the backward is PyTorch's
// (`ctc_loss_backward_cpu`): with the beta recursion,
//     grad[t, n, c] = exp(lp[t, n, c]) − exp(log Σ_{s: l'(s) = c} α_t(s)·β_t(s) + nll_n − lp[t, n, c])
// for t < input_length[n], else 0. The exp(lp) term makes it the gradient with respect to
// the logits before a log_softmax (PyTorch's convention); through log_softmax it equals the
// exact gradient. The per-sample loss is one graph node, `CtcLossBackward0`, as in PyTorch;
// the reduction is composed after it.

/// `F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
/// zero_infinity=False)`.
///
/// - Parameters:
///   - logProbs: `(T, N, C)` (or unbatched `(T, C)`) log-probabilities, e.g. from `logSoftmax(dim: 2)`.
///   - targets: `(N, S)` padded class indices, or all targets concatenated `(sum(targetLengths))`.
///   - inputLengths, targetLengths: one length per sample.
///   - reduction: "mean" divides each loss by its target length, then averages over the batch.
///   - zeroInfinity: infinite losses (no alignment possible) and their gradients become 0.
public func ctcLoss(_ logProbs: Tensor, _ targets: Tensor, inputLengths: [Int], targetLengths: [Int], blank: Int = 0,
                    reduction: String = "mean", zeroInfinity: Bool = false,
                    file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let mode = LossReduction(reduction, file: file, line: line)
    let unbatched = logProbs.ndim == 2
    let lp = unbatched ? logProbs.unsqueeze(1, file: file, line: line) : logProbs
    let tg = unbatched && targets.ndim == 1 && inputLengths.count == 1 && targets.count == targetLengths.first
        ? targets.unsqueeze(0, file: file, line: line) : targets
    guard lp.ndim == 3 else {
        emberFatal("ctc_loss expects log_probs to be 2D (unbatched) or 3D, but got \(logProbs.ndim)D", file: file, line: line)
    }
    guard lp.dtype.isFloatingPoint else {
        emberFatal("\"ctc_loss_cpu\" not implemented for '\(lp.dtype.scalarTypeName)'", file: file, line: line)
    }
    let nll = ctcNegativeLogLikelihood(lp, tg, inputLengths: inputLengths, targetLengths: targetLengths, blank: blank,
                                       zeroInfinity: zeroInfinity, file: file, line: line)
    var loss = nll
    if zeroInfinity {
        loss = Tensor.where(nll .== Double.infinity, Tensor.zeros(like: nll), nll, file: file, line: line)
    }
    switch mode {
    case .none: return unbatched ? loss.squeeze(0, file: file, line: line) : loss
    case .sum: return loss.sum(file: file, line: line)
    case .mean:
        let lengths = Tensor(targetLengths.map { Double(Swift.max($0, 1)) }, shape: [targetLengths.count], dtype: lp.dtype)
        return (loss / lengths).mean(file: file, line: line)
    }
}

/// `F.ctc_loss` with lengths as int tensors.
public func ctcLoss(_ logProbs: Tensor, _ targets: Tensor, inputLengths: Tensor, targetLengths: Tensor, blank: Int = 0,
                    reduction: String = "mean", zeroInfinity: Bool = false,
                    file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let inputs = inputLengths.to(.int64).reshape([-1]).toArray(Int64.self).map { Int($0) }
    let lengths = targetLengths.to(.int64).reshape([-1]).toArray(Int64.self).map { Int($0) }
    return ctcLoss(logProbs, targets, inputLengths: inputs, targetLengths: lengths, blank: blank, reduction: reduction,
                   zeroInfinity: zeroInfinity, file: file, line: line)
}

/// `torch._ctc_loss`: the `(N)` negative log likelihoods, one `CtcLossBackward0` node.
private func ctcNegativeLogLikelihood(_ logProbs: Tensor, _ targets: Tensor, inputLengths: [Int], targetLengths: [Int],
                                      blank: Int, zeroInfinity: Bool, file: StaticString, line: UInt) -> Tensor {
    let maxTime = logProbs.shape[0], batch = logProbs.shape[1], classes = logProbs.shape[2]
    let checks = "(while checking arguments for ctc_loss_allocate_outputs)"
    if blank < 0 || blank >= classes { emberFatal("blank must be in label range", file: file, line: line) }
    if inputLengths.count != batch { emberFatal("input_lengths must be of size batch_size", file: file, line: line) }
    if targetLengths.count != batch { emberFatal("target_lengths must be of size batch_size", file: file, line: line) }
    if targets.dtype.isFloatingPoint {
        emberFatal("Expected tensor for argument #2 'targets' to have one of the following scalar types: Long, Int; but got \(targets.dtype.scalarTypeName) instead \(checks)", file: file, line: line)
    }
    // Where each sample's targets start in the flat target array.
    let flatTargets = targets.to(.int64).reshape([-1]).toArray(Int64.self).map { Int($0) }
    var starts: [Int] = []
    if targets.ndim == 1 {
        var position = 0
        for length in targetLengths { starts.append(position); position += length }
        if position > flatTargets.count {
            emberFatal("Expected tensor to have size at least \(position) at dimension 0, but got size \(flatTargets.count) for argument #2 'targets' \(checks)", file: file, line: line)
        }
    } else {
        let stride = targets.shape[1]
        for (n, length) in targetLengths.enumerated() {
            if length > stride {
                emberFatal("Expected tensor to have size at least \(length) at dimension 1, but got size \(stride) for argument #2 'targets' \(checks)", file: file, line: line)
            }
            starts.append(n * stride)
        }
    }
    for length in inputLengths where length > maxTime {
        emberFatal("Expected input_lengths to have value at most \(maxTime), but got value \(length) \(checks)", file: file, line: line)
    }
    for length in inputLengths + targetLengths where length < 0 {
        emberFatal("input_lengths and target_lengths must be non-negative", file: file, line: line)
    }
    let lp = logProbs.detach().to(.float64).contiguous().toArray(Double.self)
    let wantsGrad = logProbs.requiresGrad && isGradEnabled
    var losses = [Double](repeating: 0, count: batch)
    var gradient = wantsGrad ? [Double](repeating: 0, count: maxTime * batch * classes) : []
    for n in 0..<batch {
        let labels = Array(flatTargets[starts[n]..<(starts[n] + targetLengths[n])])
        let sample = CTCSample(lp: lp, batch: batch, classes: classes, n: n, time: inputLengths[n], labels: labels, blank: blank)
        losses[n] = sample.negativeLogLikelihood
        if wantsGrad {
            sample.addGradient(into: &gradient, zeroInfinity: zeroInfinity)
        }
    }
    let out = Tensor(losses, shape: [batch], dtype: logProbs.dtype, device: logProbs.device)
    if wantsGrad {
        let perUnit = Tensor(gradient, shape: [maxTime, batch, classes], dtype: logProbs.dtype, device: logProbs.device)
        Tensor.record("CtcLossBackward0", inputs: [logProbs], outputs: [out], file: file, line: line) { ctx in
            [perUnit * ctx.grad.view([1, batch, 1])]
        }
    }
    return out
}

/// One sample's alpha and beta recursions over the extended label sequence
/// `l' = (blank, l1, blank, l2, …, blank)`.
private struct CTCSample {
    let lp: [Double]
    let batch: Int, classes: Int, n: Int, time: Int
    let extended: [Int]
    let blank: Int
    var alpha: [[Double]] = []
    var negativeLogLikelihood = Double.infinity

    init(lp: [Double], batch: Int, classes: Int, n: Int, time: Int, labels: [Int], blank: Int) {
        self.lp = lp
        self.batch = batch
        self.classes = classes
        self.n = n
        self.time = time
        self.blank = blank
        var e = [blank]
        for label in labels { e += [label, blank] }
        extended = e
        guard time > 0 else { return }
        let s = extended.count
        alpha = Array(repeating: Array(repeating: -Double.infinity, count: s), count: time)
        alpha[0][0] = logProb(0, extended[0])
        if s > 1 { alpha[0][1] = logProb(0, extended[1]) }
        for t in 1..<Swift.max(time, 1) {
            for i in 0..<s {
                var terms = [alpha[t - 1][i]]
                if i >= 1 { terms.append(alpha[t - 1][i - 1]) }
                if i >= 2 && extended[i] != blank && extended[i] != extended[i - 2] { terms.append(alpha[t - 1][i - 2]) }
                alpha[t][i] = logSumExp(terms) + logProb(t, extended[i])
            }
        }
        let last = s > 1 ? [alpha[time - 1][s - 1], alpha[time - 1][s - 2]] : [alpha[time - 1][s - 1]]
        negativeLogLikelihood = -logSumExp(last)
    }

    func logProb(_ t: Int, _ c: Int) -> Double { lp[(t * batch + n) * classes + c] }

    /// Adds this sample's gradient (per unit output gradient) into the `(T, N, C)` array.
    func addGradient(into gradient: inout [Double], zeroInfinity: Bool) {
        guard time > 0 else { return }
        let nll = negativeLogLikelihood
        if zeroInfinity && nll == .infinity { return }
        let s = extended.count
        var beta = Array(repeating: Array(repeating: -Double.infinity, count: s), count: time)
        beta[time - 1][s - 1] = logProb(time - 1, extended[s - 1])
        if s > 1 { beta[time - 1][s - 2] = logProb(time - 1, extended[s - 2]) }
        if time >= 2 {
            for t in stride(from: time - 2, through: 0, by: -1) {
                for i in 0..<s {
                    var terms = [beta[t + 1][i]]
                    if i + 1 < s { terms.append(beta[t + 1][i + 1]) }
                    if i + 2 < s && extended[i] != blank && extended[i + 2] != extended[i] { terms.append(beta[t + 1][i + 2]) }
                    beta[t][i] = logSumExp(terms) + logProb(t, extended[i])
                }
            }
        }
        for t in 0..<time {
            var perClass = [[Double]](repeating: [], count: classes)
            for i in 0..<s { perClass[extended[i]].append(alpha[t][i] + beta[t][i]) }
            for c in 0..<classes {
                let lpc = logProb(t, c)
                let lcab = perClass[c].isEmpty ? -Double.infinity : logSumExp(perClass[c])
                gradient[(t * batch + n) * classes + c] = NNMath.exponential(lpc) - NNMath.exponential(lcab + nll - lpc)
            }
        }
    }
}

/// log Σ exp(xᵢ), −∞ when every term is −∞.
private func logSumExp(_ xs: [Double]) -> Double {
    let m = xs.max() ?? -Double.infinity
    if m == -Double.infinity { return m }
    var sum = 0.0
    for x in xs { sum += NNMath.exponential(x - m) }
    return m + NNMath.logarithm(sum)
}
