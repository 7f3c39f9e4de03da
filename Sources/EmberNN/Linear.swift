/// `nn.Linear(in_features, out_features, bias=True)`: y = x Wᵀ + b.
///
/// Initialised as PyTorch does: W ~ kaiming-uniform with a = √5 (U(−1/√in, 1/√in)),
/// b ~ U(−1/√in, 1/√in).
open class Linear: Module {
    public let inFeatures: Int
    public let outFeatures: Int
    /// Shape `[outFeatures, inFeatures]`.
    @Parameter public var weight: Tensor
    /// Shape `[outFeatures]`, nil when built with `bias: false`.
    @Parameter public var bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, dtype: DType? = nil, device: Device = .cpu) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        _weight = Parameter(wrappedValue: Tensor.empty([outFeatures, inFeatures], dtype: dtype, device: device))
        _bias = Parameter(wrappedValue: bias ? Tensor.empty([outFeatures], dtype: dtype, device: device) : nil)
        super.init()
        resetParameters()
    }

    /// `reset_parameters()`: PyTorch's default initialisation.
    open func resetParameters() {
        Init.kaimingUniform_(weight, a: 5.0.squareRoot())
        if let bias {
            let fanIn = Init.calculateFanInAndFanOut(weight).fanIn
            let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
            Init.uniform_(bias, a: -bound, b: bound)
        }
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return linear(input, weight, bias, file: s.file, line: s.line)
    }

    open override var extraRepr: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True")"
    }
}

/// `nn.Identity()`: returns its input.
open class Identity: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) -> Tensor { input }
}

/// `nn.Flatten(start_dim=1, end_dim=-1)`.
open class Flatten: Module {
    public let startDim: Int
    public let endDim: Int
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return input.flatten(startDim: startDim, endDim: endDim, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "start_dim=\(startDim), end_dim=\(endDim)" }
}

/// `nn.Unflatten(dim, unflattened_size)`.
open class Unflatten: Module {
    public let dim: Int
    public let unflattenedSize: [Int]
    public init(_ dim: Int, _ unflattenedSize: [Int]) {
        self.dim = dim
        self.unflattenedSize = unflattenedSize
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let (file, line) = currentSite()
        let d = dim < 0 ? dim + input.ndim : dim
        guard d >= 0 && d < input.ndim else {
            emberFatal("Dimension out of range (expected to be in range of [\(-input.ndim), \(input.ndim - 1)], but got \(dim))", file: file, line: line)
        }
        var shape = input.shape
        shape.replaceSubrange(d...d, with: unflattenedSize)
        return input.view(shape, file: file, line: line)
    }
    open override var extraRepr: String {
        "dim=\(dim), unflattened_size=(" + unflattenedSize.map(String.init).joined(separator: ", ") + (unflattenedSize.count == 1 ? ",)" : ")")
    }
}
