import Ember

/// PyTorch's `_ConvTransposeNd`: what `ConvTranspose1d` and `ConvTranspose2d` share.
/// Parameters: `weight` `[in, out/groups, *kernel]`, `bias` `[out]`, initialised as
/// `_ConvNd` does (kaiming-uniform with a = √5 over the weight's fan-in, `out/groups · k`).
open class ConvTransposeNd: Module {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: [Int]
    public let stride: [Int]
    public let padding: [Int]
    public let outputPadding: [Int]
    public let dilation: [Int]
    public let groups: Int
    let spatial: Int
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?

    init(_ inChannels: Int, _ outChannels: Int, spatial: Int, kernelSize: any SizeArgument, stride: any SizeArgument,
         padding: any SizeArgument, outputPadding: any SizeArgument, groups: Int, bias: Bool, dilation: any SizeArgument,
         paddingMode: String, dtype: DType?, device: Device, file: StaticString, line: UInt) {
        if paddingMode != "zeros" {
            emberFatal("Only \"zeros\" padding mode is supported for ConvTranspose\(spatial)d", file: file, line: line)
        }
        if groups <= 0 { emberFatal("groups must be a positive integer", file: file, line: line) }
        if inChannels % groups != 0 { emberFatal("in_channels must be divisible by groups", file: file, line: line) }
        if outChannels % groups != 0 { emberFatal("out_channels must be divisible by groups", file: file, line: line) }
        self.spatial = spatial
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = expandSizes(kernelSize, spatial, name: "kernel_size", file: file, line: line)
        self.stride = expandSizes(stride, spatial, name: "stride", file: file, line: line)
        self.padding = expandSizes(padding, spatial, name: "padding", file: file, line: line)
        self.outputPadding = expandSizes(outputPadding, spatial, name: "output_padding", file: file, line: line)
        self.dilation = expandSizes(dilation, spatial, name: "dilation", file: file, line: line)
        self.groups = groups
        _weight = Parameter(wrappedValue: Tensor.empty([inChannels, outChannels / groups] + self.kernelSize, dtype: dtype, device: device))
        _bias = Parameter(wrappedValue: bias ? Tensor.empty([outChannels], dtype: dtype, device: device) : nil)
        super.init()
        resetParameters()
    }

    /// `reset_parameters()`: weight ~ kaiming-uniform(a = √5); bias ~ U(±1/√fan_in).
    open func resetParameters() {
        Init.kaimingUniform_(weight, a: 5.0.squareRoot())
        if let bias {
            let fanIn = Init.calculateFanInAndFanOut(weight).fanIn
            if fanIn != 0 {
                let bound = 1 / Double(fanIn).squareRoot()
                Init.uniform_(bias, a: -bound, b: bound)
            }
        }
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return convolutionTranspose(input, weight, bias: bias, spatial: spatial, stride: stride, padding: padding,
                                    outputPadding: outputPadding, groups: groups, dilation: dilation,
                                    file: site.file, line: site.line)
    }

    /// `forward(input, output_size)`: the output padding that gives `outputSize` (the
    /// trailing spatial sizes), which must lie within one stride of the smallest output.
    public func forward(_ input: Tensor, outputSize: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let sizes = Array(outputSize.suffix(spatial))
        let inSizes = Array(input.shape.suffix(spatial))
        var minSizes: [Int] = [], maxSizes: [Int] = []
        for i in 0..<spatial {
            let span: Int = dilation[i] * (kernelSize[i] - 1)
            let smallest: Int = (inSizes[i] - 1) * self.stride[i] - 2 * self.padding[i] + span + 1
            minSizes.append(smallest)
            maxSizes.append(smallest + self.stride[i] - 1)
        }
        if sizes.count != spatial || (0..<spatial).contains(where: { sizes[$0] < minSizes[$0] || sizes[$0] > maxSizes[$0] }) {
            emberFatal("requested an output size of \(shapeString(outputSize)), but valid sizes range from \(shapeString(minSizes)) to \(shapeString(maxSizes)) (for an input of \(torchSize(inSizes)))", file: file, line: line)
        }
        let padding = (0..<spatial).map { sizes[$0] - minSizes[$0] }
        return convolutionTranspose(input, weight, bias: bias, spatial: spatial, stride: stride, padding: self.padding,
                                    outputPadding: padding, groups: groups, dilation: dilation, file: file, line: line)
    }

    open override var extraRepr: String {
        var s = "\(inChannels), \(outChannels), kernel_size=\(pythonTuple(kernelSize)), stride=\(pythonTuple(stride))"
        if padding.contains(where: { $0 != 0 }) { s += ", padding=\(pythonTuple(padding))" }
        if dilation.contains(where: { $0 != 1 }) { s += ", dilation=\(pythonTuple(dilation))" }
        if outputPadding.contains(where: { $0 != 0 }) { s += ", output_padding=\(pythonTuple(outputPadding))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if bias == nil { s += ", bias=False" }
        return s
    }
}

/// `nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0,
/// output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`.
open class ConvTranspose1d: ConvTransposeNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: any SizeArgument, stride: any SizeArgument = 1,
                padding: any SizeArgument = 0, outputPadding: any SizeArgument = 0, groups: Int = 1, bias: Bool = true,
                dilation: any SizeArgument = 1, paddingMode: String = "zeros", dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(inChannels, outChannels, spatial: 1, kernelSize: kernelSize, stride: stride, padding: padding,
                   outputPadding: outputPadding, groups: groups, bias: bias, dilation: dilation, paddingMode: paddingMode,
                   dtype: dtype, device: device, file: file, line: line)
    }
}

/// `nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
/// output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`.
open class ConvTranspose2d: ConvTransposeNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: any SizeArgument, stride: any SizeArgument = 1,
                padding: any SizeArgument = 0, outputPadding: any SizeArgument = 0, groups: Int = 1, bias: Bool = true,
                dilation: any SizeArgument = 1, paddingMode: String = "zeros", dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(inChannels, outChannels, spatial: 2, kernelSize: kernelSize, stride: stride, padding: padding,
                   outputPadding: outputPadding, groups: groups, bias: bias, dilation: dilation, paddingMode: paddingMode,
                   dtype: dtype, device: device, file: file, line: line)
    }
}
