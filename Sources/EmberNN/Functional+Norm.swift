import Ember

/// `F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
/// momentum=0.1, eps=1e-5)` over `[N, C, ...]`: each channel is normalised with the batch
/// statistics (training) or the running ones (eval), then scaled and shifted.
///
/// In training the running statistics, when given, are updated in place as PyTorch does:
/// `running = (1 - momentum) * running + momentum * batch`, with the unbiased batch
/// variance. The normalisation itself uses the biased variance.
public func batchNorm(_ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor? = nil,
                      bias: Tensor? = nil, training: Bool = false, momentum: Double = 0.1, eps: Double = 1e-5,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if training && (runningMean != nil || runningVar != nil) {
        refuseCapture("batch_norm in training mode updates running_mean and running_var in place, which an exported (inference) graph cannot do; call model.eval() before export",
                      file: file, line: line)
    }
    return Tensor.traced("aten.batch_norm", [.tensor(input), .optional(runningMean), .optional(runningVar), .optional(weight),
                                             .optional(bias), .bool(training), .double(momentum), .double(eps)],
                         file: file, line: line) {
        batchNormBody(input, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                      training: training, momentum: momentum, eps: eps, file: file, line: line)
    }
}

private func batchNormBody(_ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                           training: Bool, momentum: Double, eps: Double, file: StaticString, line: UInt) -> Tensor {
    guard input.ndim >= 2 else {
        emberFatal("Expected 2D or higher input to batch_norm, but got input of size: \(shapeString(input.shape))", file: file, line: line)
    }
    let channels = input.shape[1]
    for (name, t) in [("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias)] {
        if let t, t.count != channels {
            emberFatal("\(name) should contain \(channels) elements not \(t.count)", file: file, line: line)
        }
    }
    let dims = [0] + Array(2..<input.ndim)
    let valuesPerChannel = input.count / Swift.max(channels, 1)
    let statShape = [1, channels] + Array(repeating: 1, count: input.ndim - 2)
    var normalized: Tensor
    if training {
        if valuesPerChannel <= 1 {
            emberFatal("Expected more than 1 value per channel when training, got input size torch.Size(\(shapeString(input.shape)))", file: file, line: line)
        }
        let mean = input.mean(dim: dims, keepdim: true, file: file, line: line)
        let centered = input.sub(mean, file: file, line: line)
        let variance = centered.mul(centered, file: file, line: line).mean(dim: dims, keepdim: true, file: file, line: line)
        normalized = centered.mul(variance.add(eps, file: file, line: line).rsqrt(file: file, line: line), file: file, line: line)
        noGrad {
            let unbiased = Double(valuesPerChannel) / Double(valuesPerChannel - 1)
            if let runningMean {
                runningMean.mul_(1 - momentum).add_(mean.detach().reshape([channels]).to(runningMean.dtype).mul(momentum))
            }
            if let runningVar {
                runningVar.mul_(1 - momentum).add_(variance.detach().reshape([channels]).to(runningVar.dtype).mul(momentum * unbiased))
            }
        }
    } else {
        guard let runningMean else { emberFatal("running_mean must be defined in evaluation mode", file: file, line: line) }
        guard let runningVar else { emberFatal("running_var must be defined in evaluation mode", file: file, line: line) }
        let mean = runningMean.view(statShape, file: file, line: line)
        let invStd = runningVar.view(statShape, file: file, line: line).add(eps, file: file, line: line).rsqrt(file: file, line: line)
        normalized = input.sub(mean, file: file, line: line).mul(invStd, file: file, line: line)
    }
    if let weight { normalized = normalized.mul(weight.view(statShape, file: file, line: line), file: file, line: line) }
    if let bias { normalized = normalized.add(bias.view(statShape, file: file, line: line), file: file, line: line) }
    return normalized
}
