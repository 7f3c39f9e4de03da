/// `nn.GroupNorm(num_groups, num_channels, eps=1e-5, affine=True)` over `[N, C, *]`:
/// per-sample normalisation over channel groups. Parameters `weight` (ones) and `bias`
/// (zeros), `[numChannels]`, when affine.
open class GroupNorm: Module {
    public let numGroups: Int
    public let numChannels: Int
    public let eps: Double
    public let affine: Bool
    @Parameter public var weight: Tensor?
    @Parameter public var bias: Tensor?

    public init(_ numGroups: Int, _ numChannels: Int, eps: Double = 1e-5, affine: Bool = true, dtype: DType? = nil,
                device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        if numGroups <= 0 || numChannels % numGroups != 0 {
            emberFatal("num_channels (\(numChannels)) must be divisible by num_groups (\(numGroups))", file: file, line: line)
        }
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        self.affine = affine
        _weight = Parameter(wrappedValue: affine ? Tensor.ones([numChannels], dtype: dtype, device: device) : nil)
        _bias = Parameter(wrappedValue: affine ? Tensor.zeros([numChannels], dtype: dtype, device: device) : nil)
        super.init()
    }

    /// `reset_parameters()`: weight ones, bias zeros.
    open func resetParameters() {
        if let weight { Init.ones_(weight) }
        if let bias { Init.zeros_(bias) }
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return groupNorm(input, numGroups, weight: weight, bias: bias, eps: eps, file: s.file, line: s.line)
    }

    open override var extraRepr: String {
        "\(numGroups), \(numChannels), eps=\(pythonFloat(eps)), affine=\(affine ? "True" : "False")"
    }
}
