import Ember

/// `F.dropout2d(input, p=0.5, training=True)`: zeroes whole channels (one Bernoulli(1 − p)
/// draw per `(n, c)`, PyTorch's `feature_dropout`) and scales the rest by 1/(1 − p). As in
/// PyTorch, a 3-D input is taken as `(N, C, L)`.
public func dropout2d(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator? = nil,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if p < 0 || p > 1 {
        emberFatal("dropout probability has to be between 0 and 1, but got \(p)", file: file, line: line)
    }
    guard training, p > 0, input.count > 0 else { return input }
    guard input.ndim >= 2 else {
        emberFatal("Feature dropout requires at least 2 dimensions in the input", file: file, line: line)
    }
    refuseCapture("dropout2d in training mode draws a random mask, which an exported graph cannot replay; call model.eval() (or pass training: false) before export",
                  file: file, line: line)
    if p == 1 { return input.mul(Tensor.zeros(like: input), file: file, line: line) }
    let noiseShape = [input.shape[0], input.shape[1]] + Array(repeating: 1, count: input.ndim - 2)
    let noise = Tensor.empty(noiseShape, dtype: input.dtype, device: input.device).bernoulli_(p: 1 - p, generator: generator)
    noGrad { noise.div_(1 - p) }
    return input.mul(noise, file: file, line: line)
}

/// `nn.Dropout2d(p=0.5)`: channel-wise dropout in training; the identity in eval mode.
open class Dropout2d: Module {
    public let p: Double
    public init(p: Double = 0.5, file: StaticString = #fileID, line: UInt = #line) {
        if p < 0 || p > 1 {
            emberFatal("dropout probability has to be between 0 and 1, but got \(p)", file: file, line: line)
        }
        self.p = p
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return dropout2d(input, p: p, training: isTraining, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "p=\(pythonFloat(p)), inplace=False" }
}
