// Activation functions of `torch.nn.functional` that Ember's core does not have.

/// `F.leaky_relu(input, negative_slope=0.01)`: x for x > 0, else slope·x.
public func leakyRelu(_ input: Tensor, negativeSlope: Double = 0.01,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.leaky_relu", [.tensor(input), .double(negativeSlope)], file: file, line: line) {
        Tensor.where(input .> 0, input, input.mul(negativeSlope, file: file, line: line), file: file, line: line)
    }
}

/// `F.gelu(input, approximate='none'|'tanh')`. With "tanh":
/// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
public func gelu(_ input: Tensor, approximate: String, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.gelu", [.tensor(input), .string(approximate)], file: file, line: line) {
        switch approximate {
        case "none":
            return input.gelu(file: file, line: line)
        case "tanh":
            let k = (2 / Double.pi).squareRoot()
            let cube = input.mul(input, file: file, line: line).mul(input, file: file, line: line)
            let inner = input.add(cube.mul(0.044715, file: file, line: line), file: file, line: line).mul(k, file: file, line: line)
            return input.mul(0.5, file: file, line: line)
                .mul(inner.tanh(file: file, line: line).add(1.0, file: file, line: line), file: file, line: line)
        default:
            emberFatal("approximate argument must be either none or tanh.", file: file, line: line)
        }
    }
}

/// `F.silu(input)`: x·σ(x).
public func silu(_ input: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.silu", [.tensor(input)], file: file, line: line) {
        input.mul(input.sigmoid(file: file, line: line), file: file, line: line)
    }
}

/// `F.elu(input, alpha=1.0)`: x for x > 0, else α(eˣ − 1).
public func elu(_ input: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.elu", [.tensor(input), .double(alpha)], file: file, line: line) {
        let negative = input.clamp(max: 0, file: file, line: line).exp(file: file, line: line).sub(1.0, file: file, line: line)
            .mul(alpha, file: file, line: line)
        return Tensor.where(input .> 0, input, negative, file: file, line: line)
    }
}

/// `F.hardtanh(input, min_val=-1, max_val=1)`.
public func hardtanh(_ input: Tensor, minVal: Double = -1, maxVal: Double = 1,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.hardtanh", [.tensor(input), .double(minVal), .double(maxVal)], file: file, line: line) {
        input.clamp(min: minVal, max: maxVal, file: file, line: line)
    }
}
