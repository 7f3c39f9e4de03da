/// `nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, bias=True)`.
open class LayerNorm: Module {
    public let normalizedShape: [Int]
    public let eps: Double
    public let elementwiseAffine: Bool
    /// Ones at first; nil without elementwise affine.
    @Parameter public var weight: Tensor?
    /// Zeros at first; nil without elementwise affine or bias.
    @Parameter public var bias: Tensor?

    public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true,
                dtype: DType? = nil, device: Device = .cpu) {
        self.normalizedShape = normalizedShape
        self.eps = eps
        self.elementwiseAffine = elementwiseAffine
        _weight = Parameter(wrappedValue: elementwiseAffine ? Tensor.ones(normalizedShape, dtype: dtype, device: device) : nil)
        _bias = Parameter(wrappedValue: elementwiseAffine && bias ? Tensor.zeros(normalizedShape, dtype: dtype, device: device) : nil)
        super.init()
    }

    /// `nn.LayerNorm(n)`: one normalised dimension.
    public convenience init(_ normalizedShape: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true,
                            dtype: DType? = nil, device: Device = .cpu) {
        self.init([normalizedShape], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias, dtype: dtype, device: device)
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return layerNorm(input, normalizedShape, weight: weight, bias: bias, eps: eps, file: s.file, line: s.line)
    }

    open override var extraRepr: String {
        let shape = "(" + normalizedShape.map(String.init).joined(separator: ", ") + (normalizedShape.count == 1 ? ",)" : ")")
        return "\(shape), eps=\(pythonFloat(eps)), elementwise_affine=\(elementwiseAffine ? "True" : "False"), bias=\(bias == nil ? "False" : "True")"
    }
}
