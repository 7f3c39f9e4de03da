import Ember

// More activation modules: `nn.Softplus`, `nn.Hardtanh`, `nn.Mish`, `nn.PReLU`.

/// `nn.Softplus(beta=1.0, threshold=20.0)`.
open class Softplus: Module {
    public let beta: Double
    public let threshold: Double
    public init(beta: Double = 1, threshold: Double = 20) {
        self.beta = beta
        self.threshold = threshold
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return softplus(input, beta: beta, threshold: threshold, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "beta=\(pythonFloat(beta)), threshold=\(pythonFloat(threshold))" }
}

/// `nn.Hardtanh(min_val=-1.0, max_val=1.0)`: clamps to `[minVal, maxVal]`.
open class Hardtanh: Module {
    public let minVal: Double
    public let maxVal: Double
    public init(minVal: Double = -1, maxVal: Double = 1, file: StaticString = #fileID, line: UInt = #line) {
        if maxVal <= minVal { emberFatal("max_val must be greater than min_val", file: file, line: line) }
        self.minVal = minVal
        self.maxVal = maxVal
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return hardtanh(input, minVal: minVal, maxVal: maxVal, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "min_val=\(pythonFloat(minVal)), max_val=\(pythonFloat(maxVal))" }
}

/// `nn.Mish()`: `x·tanh(softplus(x))`.
open class Mish: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return mish(input, file: s.file, line: s.line)
    }
}

/// `nn.PReLU(num_parameters=1, init=0.25)`: a leaky ReLU whose negative slope is learned,
/// shared or one per channel. Parameter `weight` `[numParameters]`.
open class PReLU: Module {
    public let numParameters: Int
    @Parameter public var weight: Tensor

    public init(numParameters: Int = 1, init initial: Double = 0.25, dtype: DType? = nil, device: Device = .cpu) {
        self.numParameters = numParameters
        _weight = Parameter(wrappedValue: Tensor.full([numParameters], initial, dtype: dtype, device: device))
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return prelu(input, weight, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "num_parameters=\(numParameters)" }
}
