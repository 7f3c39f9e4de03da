// Activations as modules (`nn.ReLU`, …); each calls the function of the same name.

/// `nn.ReLU()`.
open class ReLU: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return input.relu(file: s.file, line: s.line)
    }
}

/// `nn.LeakyReLU(negative_slope=0.01)`.
open class LeakyReLU: Module {
    public let negativeSlope: Double
    public init(negativeSlope: Double = 0.01) {
        self.negativeSlope = negativeSlope
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return leakyRelu(input, negativeSlope: negativeSlope, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "negative_slope=\(pythonFloat(negativeSlope))" }
}

/// `nn.GELU(approximate='none')`; "tanh" for the tanh approximation.
open class GELU: Module {
    public let approximate: String
    public init(approximate: String = "none") {
        self.approximate = approximate
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return gelu(input, approximate: approximate, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "approximate='\(approximate)'" }
}

/// `nn.SiLU()`: x·σ(x).
open class SiLU: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return silu(input, file: s.file, line: s.line)
    }
}

/// `nn.Sigmoid()`.
open class Sigmoid: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return input.sigmoid(file: s.file, line: s.line)
    }
}

/// `nn.Tanh()`.
open class Tanh: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return input.tanh(file: s.file, line: s.line)
    }
}

/// `nn.ELU(alpha=1.0)`.
open class ELU: Module {
    public let alpha: Double
    public init(alpha: Double = 1) {
        self.alpha = alpha
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return elu(input, alpha: alpha, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "alpha=\(pythonFloat(alpha))" }
}

/// `nn.Softmax(dim)`.
open class Softmax: Module {
    public let dim: Int
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return input.softmax(dim: dim, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "dim=\(dim)" }
}

/// `nn.LogSoftmax(dim)`.
open class LogSoftmax: Module {
    public let dim: Int
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return input.logSoftmax(dim: dim, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "dim=\(dim)" }
}

/// A Double as Python's `repr(float)` writes it in module descriptions: Swift's shortest
/// round-trip form agrees (`0.01`, `1e-05`, `1.0`, `inf`).
func pythonFloat(_ x: Double) -> String { "\(x)" }
