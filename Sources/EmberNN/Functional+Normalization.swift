import Ember

// Group and instance normalisation of `torch.nn.functional` (batch and layer norm are in
// Functional+Norm.swift and Functional.swift). Both use the biased variance.

/// `F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5)`: normalises each
/// sample over groups of `C / numGroups` channels (and all spatial positions), then scales
/// and shifts per channel.
public func groupNorm(_ input: Tensor, _ numGroups: Int, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.group_norm", [.tensor(input), .int(numGroups), .optional(weight), .optional(bias), .double(eps)],
                  file: file, line: line) {
        groupNormBody(input, numGroups, weight: weight, bias: bias, eps: eps, file: file, line: line)
    }
}

private func groupNormBody(_ input: Tensor, _ numGroups: Int, weight: Tensor?, bias: Tensor?, eps: Double,
                           file: StaticString, line: UInt) -> Tensor {
    guard input.ndim >= 2 else {
        emberFatal("Expected at least 2 dimensions for input tensor but received \(input.ndim)", file: file, line: line)
    }
    let n = input.shape[0], channels = input.shape[1]
    guard numGroups > 0, channels % numGroups == 0 else {
        emberFatal("Expected number of channels in input to be divisible by num_groups, but got input of shape \(shapeString(input.shape)) and num_groups=\(numGroups)", file: file, line: line)
    }
    for (name, t) in [("weight", weight), ("bias", bias)] {
        if let t, t.ndim != 1 || t.count != channels {
            emberFatal("Expected \(name) to be a vector of size equal to the number of channels in input, but got \(name) of shape \(shapeString(t.shape)) and input of shape \(shapeString(input.shape))", file: file, line: line)
        }
    }
    let grouped = input.reshape([n, numGroups, -1], file: file, line: line)
    let mean = grouped.mean(dim: 2, keepdim: true, file: file, line: line)
    let centered = grouped.sub(mean, file: file, line: line)
    let variance = centered.mul(centered, file: file, line: line).mean(dim: 2, keepdim: true, file: file, line: line)
    var y = centered.mul(variance.add(eps, file: file, line: line).rsqrt(file: file, line: line), file: file, line: line)
        .reshape(input.shape, file: file, line: line)
    let affineShape = [1, channels] + Array(repeating: 1, count: input.ndim - 2)
    if let weight { y = y.mul(weight.view(affineShape, file: file, line: line), file: file, line: line) }
    if let bias { y = y.add(bias.view(affineShape, file: file, line: line), file: file, line: line) }
    return y
}

/// `F.instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
/// use_input_stats=True, momentum=0.1, eps=1e-5)` over `[N, C, ...]`: each sample's channels
/// normalised over their spatial positions.
///
/// With `useInputStats` and running statistics, those are updated in place as PyTorch does:
/// with the batch mean of the per-instance means and unbiased variances. Without
/// `useInputStats`, the running statistics normalise (eval with `track_running_stats`).
public func instanceNorm(_ input: Tensor, runningMean: Tensor? = nil, runningVar: Tensor? = nil, weight: Tensor? = nil,
                         bias: Tensor? = nil, useInputStats: Bool = true, momentum: Double = 0.1, eps: Double = 1e-5,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if useInputStats && (runningMean != nil || runningVar != nil) {
        refuseCapture("instance_norm with use_input_stats updates running_mean and running_var in place, which an exported (inference) graph cannot do; call model.eval() before export",
                      file: file, line: line)
    }
    return Tensor.traced("aten.instance_norm", [.tensor(input), .optional(runningMean), .optional(runningVar), .optional(weight),
                                                .optional(bias), .bool(useInputStats), .double(momentum), .double(eps)],
                         file: file, line: line) {
        instanceNormBody(input, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                         useInputStats: useInputStats, momentum: momentum, eps: eps, file: file, line: line)
    }
}

private func instanceNormBody(_ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                              useInputStats: Bool, momentum: Double, eps: Double, file: StaticString, line: UInt) -> Tensor {
    guard input.ndim >= 2 else {
        emberFatal("Expected 2D or higher input to instance_norm, but got input of size: \(shapeString(input.shape))", file: file, line: line)
    }
    let channels = input.shape[1]
    let statShape = [1, channels] + Array(repeating: 1, count: input.ndim - 2)
    var y: Tensor
    if useInputStats {
        let dims = Array(2..<input.ndim)
        let perInstance = input.count / Swift.max(input.shape[0] * channels, 1)
        if perInstance <= 1 {
            emberFatal("Expected more than 1 spatial element when training, got input size \(torchSize(input.shape))", file: file, line: line)
        }
        let mean = input.mean(dim: dims, keepdim: true, file: file, line: line)
        let centered = input.sub(mean, file: file, line: line)
        let variance = centered.mul(centered, file: file, line: line).mean(dim: dims, keepdim: true, file: file, line: line)
        y = centered.mul(variance.add(eps, file: file, line: line).rsqrt(file: file, line: line), file: file, line: line)
        noGrad {
            let unbiased = Double(perInstance) / Double(perInstance - 1)
            if let runningMean {
                runningMean.mul_(1 - momentum).add_(mean.detach().reshape([-1, channels]).mean(dim: 0).to(runningMean.dtype).mul(momentum))
            }
            if let runningVar {
                runningVar.mul_(1 - momentum).add_(variance.detach().reshape([-1, channels]).mean(dim: 0).to(runningVar.dtype).mul(momentum * unbiased))
            }
        }
    } else {
        guard let runningMean, let runningVar else {
            emberFatal("Expected running_mean and running_var to be defined when use_input_stats is false", file: file, line: line)
        }
        y = input.sub(runningMean.view(statShape), file: file, line: line)
            .mul(runningVar.view(statShape).add(eps).rsqrt(), file: file, line: line)
    }
    if let weight { y = y.mul(weight.view(statShape, file: file, line: line), file: file, line: line) }
    if let bias { y = y.add(bias.view(statShape, file: file, line: line), file: file, line: line) }
    return y
}
