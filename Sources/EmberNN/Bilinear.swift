import Ember

/// `F.bilinear(input1, input2, weight, bias=None)`: `y[…, o] = x1ᵀ · W[o] · x2 + b[o]` for
/// `input1` `[*, in1]`, `input2` `[*, in2]`, `weight` `[out, in1, in2]`.
public func bilinear(_ input1: Tensor, _ input2: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard input1.ndim == input2.ndim else {
        emberFatal("bilinear(): input dimensions do not match: got \(input1.ndim) and \(input2.ndim)", file: file, line: line)
    }
    for i in 0..<Swift.max(input1.ndim - 1, 0) where input1.shape[i] != input2.shape[i] {
        emberFatal("bilinear(): input batch dimensions do not match at dim \(i): got \(input1.shape[i]) and \(input2.shape[i])", file: file, line: line)
    }
    guard weight.ndim == 3 else {
        emberFatal("bilinear(): weight must be three-dimensional, but got \(weight.ndim) dimensions", file: file, line: line)
    }
    let in1 = input1.shape.last ?? 0, in2 = input2.shape.last ?? 0
    let out = weight.shape[0]
    if in1 != weight.shape[1] {
        emberFatal("bilinear(): input1 size does not match weight size: got \(in1) but expected \(weight.shape[1])", file: file, line: line)
    }
    if in2 != weight.shape[2] {
        emberFatal("bilinear(): input2 size does not match weight size: got \(in2) but expected \(weight.shape[2])", file: file, line: line)
    }
    if let bias, bias.count != out {
        emberFatal("bilinear(): bias size does not match weight size: got \(bias.count) but expected \(out)", file: file, line: line)
    }
    let batch = Array(input1.shape.dropLast())
    let x1 = input1.reshape([-1, in1], file: file, line: line), x2 = input2.reshape([-1, in2], file: file, line: line)
    // (x1 · W viewed [in1, out·in2]) · x2, summed over in2.
    let w = weight.permute([1, 0, 2], file: file, line: line).reshape([in1, out * in2], file: file, line: line)
    let left = matmul(x1, w, file: file, line: line).view([-1, out, in2], file: file, line: line)
    var y = left.mul(x2.unsqueeze(1, file: file, line: line), file: file, line: line).sum(dim: 2, file: file, line: line)
    if let bias { y = y.add(bias, file: file, line: line) }
    return y.reshape(batch + [out], file: file, line: line)
}

/// `nn.Bilinear(in1_features, in2_features, out_features, bias=True)`. Parameters: `weight`
/// `[out, in1, in2]` and `bias` `[out]`, both U(±1/√in1), as PyTorch initialises them.
/// Called as `layer(x1, x2)`.
open class Bilinear: Module {
    public let in1Features: Int
    public let in2Features: Int
    public let outFeatures: Int
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?

    public init(_ in1Features: Int, _ in2Features: Int, _ outFeatures: Int, bias: Bool = true, dtype: DType? = nil,
                device: Device = .cpu) {
        self.in1Features = in1Features
        self.in2Features = in2Features
        self.outFeatures = outFeatures
        _weight = Parameter(wrappedValue: Tensor.empty([outFeatures, in1Features, in2Features], dtype: dtype, device: device))
        _bias = Parameter(wrappedValue: bias ? Tensor.empty([outFeatures], dtype: dtype, device: device) : nil)
        super.init()
        resetParameters()
    }

    /// `reset_parameters()`: U(−1/√in1, 1/√in1) for weight and bias.
    open func resetParameters() {
        let bound = 1 / Double(weight.shape[1]).squareRoot()
        Init.uniform_(weight, a: -bound, b: bound)
        if let bias { Init.uniform_(bias, a: -bound, b: bound) }
    }

    /// The bilinear form of `input1` and `input2`.
    public func callAsFunction(_ input1: Tensor, _ input2: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        bilinear(input1, input2, weight, bias, file: file, line: line)
    }

    open override var extraRepr: String {
        "in1_features=\(in1Features), in2_features=\(in2Features), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True")"
    }
}
