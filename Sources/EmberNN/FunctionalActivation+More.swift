// More activation functions of `torch.nn.functional`: `softplus` with β and threshold,
// `mish`, `prelu`. (`elu` and `hardtanh` are in FunctionalActivation.swift.)

/// `F.softplus(input, beta=1.0, threshold=20.0)`: `log(1 + exp(β·x)) / β`, and `x` itself
/// where `β·x > threshold` (for stability). `softplus(x)` with the defaults is Ember's.
public func softplus(_ input: Tensor, beta: Double, threshold: Double = 20,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.softplus", [.tensor(input), .double(beta), .double(threshold)], file: file, line: line) {
        let scaled = input.mul(beta, file: file, line: line)
        let smooth = scaled.softplus(file: file, line: line).div(beta, file: file, line: line)
        return Tensor.where(scaled .> threshold, input, smooth, file: file, line: line)
    }
}

/// `F.softplus(input, threshold=…)` with β = 1.
public func softplus(_ input: Tensor, threshold: Double, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    softplus(input, beta: 1, threshold: threshold, file: file, line: line)
}

/// `F.mish(input)`: `x·tanh(softplus(x))`.
public func mish(_ input: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.mish", [.tensor(input)], file: file, line: line) {
        input.mul(input.softplus(file: file, line: line).tanh(file: file, line: line), file: file, line: line)
    }
}

/// `F.prelu(input, weight)`: `x` where `x > 0`, else `weight·x`, with one weight shared by
/// all channels or one per channel (dim 1 of the input; inputs under 2-D have no channels).
public func prelu(_ input: Tensor, _ weight: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.prelu", [.tensor(input), .tensor(weight)], file: file, line: line) {
        let parameters = weight.count
        var w = weight
        if parameters != 1 {
            let channels = input.ndim >= 2 ? input.shape[1] : 1
            if input.ndim == 0 || channels != parameters {
                emberFatal("Mismatch of parameter numbers and input channel size. Found parameter numbers = \(parameters) and channel size = \(channels).", file: file, line: line)
            }
            var shape = [Int](repeating: 1, count: input.ndim)
            shape[1] = parameters
            w = weight.reshape(shape, file: file, line: line)
        } else {
            w = weight.reshape([], file: file, line: line)
        }
        return Tensor.where(input .> 0, input, input.mul(w, file: file, line: line), file: file, line: line)
    }
}
