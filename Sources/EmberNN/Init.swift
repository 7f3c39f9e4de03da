/// `torch.nn.init`: in-place initialisers with PyTorch's fan and gain computations. Each
/// runs outside autograd and returns the tensor it filled.
public enum Init {
    /// `calculate_gain(nonlinearity, param)`: the recommended gain for a nonlinearity.
    public static func calculateGain(_ nonlinearity: String, param: Double? = nil,
                                     file: StaticString = #fileID, line: UInt = #line) -> Double {
        switch nonlinearity {
        case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid":
            return 1
        case "tanh": return 5.0 / 3
        case "relu": return 2.0.squareRoot()
        case "leaky_relu":
            let slope = param ?? 0.01
            return (2.0 / (1 + slope * slope)).squareRoot()
        case "selu": return 3.0 / 4
        default:
            emberFatal("Unsupported nonlinearity \(nonlinearity)", file: file, line: line)
        }
    }

    /// `_calculate_fan_in_and_fan_out`: fan_in = size(1) × receptive field, fan_out =
    /// size(0) × receptive field, where the receptive field is the product of dims 2….
    public static func calculateFanInAndFanOut(_ tensor: Tensor, file: StaticString = #fileID,
                                               line: UInt = #line) -> (fanIn: Int, fanOut: Int) {
        if tensor.ndim < 2 {
            emberFatal("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", file: file, line: line)
        }
        let receptive = tensor.shape.dropFirst(2).reduce(1, *)
        return (tensor.shape[1] * receptive, tensor.shape[0] * receptive)
    }

    static func correctFan(_ tensor: Tensor, mode: String, file: StaticString, line: UInt) -> Int {
        let fans = calculateFanInAndFanOut(tensor, file: file, line: line)
        switch mode.lowercased() {
        case "fan_in": return fans.fanIn
        case "fan_out": return fans.fanOut
        default: emberFatal("Mode \(mode) not supported, please use one of ['fan_in', 'fan_out']", file: file, line: line)
        }
    }

    /// `uniform_(tensor, a, b)`: U(a, b).
    @discardableResult
    public static func uniform_(_ tensor: Tensor, a: Double = 0, b: Double = 1, generator: Generator? = nil) -> Tensor {
        noGrad { tensor.uniform_(a, b, generator: generator) }
    }

    /// `normal_(tensor, mean, std)`: N(mean, std²).
    @discardableResult
    public static func normal_(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator? = nil) -> Tensor {
        noGrad { tensor.normal_(mean: mean, std: std, generator: generator) }
    }

    /// `constant_(tensor, val)`.
    @discardableResult
    public static func constant_(_ tensor: Tensor, _ val: Double) -> Tensor {
        noGrad { tensor.fill_(val) }
    }

    /// `zeros_(tensor)`.
    @discardableResult
    public static func zeros_(_ tensor: Tensor) -> Tensor { noGrad { tensor.zero_() } }

    /// `ones_(tensor)`.
    @discardableResult
    public static func ones_(_ tensor: Tensor) -> Tensor { noGrad { tensor.fill_(1.0) } }

    /// `eye_(tensor)`: the identity matrix for a 2-D tensor.
    @discardableResult
    public static func eye_(_ tensor: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if tensor.ndim != 2 { emberFatal("Only tensors with 2 dimensions are supported", file: file, line: line) }
        return noGrad { tensor.copy_(Tensor.eye(tensor.shape[0], tensor.shape[1], dtype: tensor.dtype, device: tensor.device)) }
    }

    /// `xavier_uniform_(tensor, gain)`: U(−a, a), a = gain·√(6 / (fan_in + fan_out)).
    @discardableResult
    public static func xavierUniform_(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil,
                                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let fans = calculateFanInAndFanOut(tensor, file: file, line: line)
        let std = gain * (2.0 / Double(fans.fanIn + fans.fanOut)).squareRoot()
        let a = 3.0.squareRoot() * std
        return uniform_(tensor, a: -a, b: a, generator: generator)
    }

    /// `xavier_normal_(tensor, gain)`: N(0, std²), std = gain·√(2 / (fan_in + fan_out)).
    @discardableResult
    public static func xavierNormal_(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil,
                                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let fans = calculateFanInAndFanOut(tensor, file: file, line: line)
        let std = gain * (2.0 / Double(fans.fanIn + fans.fanOut)).squareRoot()
        return normal_(tensor, mean: 0, std: std, generator: generator)
    }

    /// `kaiming_uniform_(tensor, a, mode, nonlinearity)`: U(−bound, bound),
    /// bound = gain·√(3 / fan).
    @discardableResult
    public static func kaimingUniform_(_ tensor: Tensor, a: Double = 0, mode: String = "fan_in",
                                       nonlinearity: String = "leaky_relu", generator: Generator? = nil,
                                       file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if tensor.shape.contains(0) { return tensor }  // PyTorch warns: a no-op
        let fan = correctFan(tensor, mode: mode, file: file, line: line)
        let gain = calculateGain(nonlinearity, param: a, file: file, line: line)
        let bound = 3.0.squareRoot() * gain / Double(fan).squareRoot()
        return uniform_(tensor, a: -bound, b: bound, generator: generator)
    }

    /// `kaiming_normal_(tensor, a, mode, nonlinearity)`: N(0, std²), std = gain / √fan.
    @discardableResult
    public static func kaimingNormal_(_ tensor: Tensor, a: Double = 0, mode: String = "fan_in",
                                      nonlinearity: String = "leaky_relu", generator: Generator? = nil,
                                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if tensor.shape.contains(0) { return tensor }
        let fan = correctFan(tensor, mode: mode, file: file, line: line)
        let gain = calculateGain(nonlinearity, param: a, file: file, line: line)
        return normal_(tensor, mean: 0, std: gain / Double(fan).squareRoot(), generator: generator)
    }
}
