import Ember

/// PyTorch's `_ConvNd`: what `Conv1d` and `Conv2d` share (arguments, parameters, default
/// initialisation, description). Parameters: `weight` `[out, in/groups, *kernel]`, `bias` `[out]`.
open class ConvNd: Module {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: [Int]
    public let stride: [Int]
    /// Explicit padding per dim, or `"same"` / `"valid"`.
    public let padding: any PaddingArgument
    public let dilation: [Int]
    public let groups: Int
    /// "zeros", "reflect", "replicate" or "circular".
    public let paddingMode: String
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?

    /// PyTorch's `_reversed_padding_repeated_twice`: the `pad` list of non-zeros modes.
    let reversedPaddingRepeatedTwice: [Int]

    init(_ inChannels: Int, _ outChannels: Int, spatial: Int, kernelSize: any SizeArgument, stride: any SizeArgument,
         padding: any PaddingArgument, dilation: any SizeArgument, groups: Int, bias: Bool, paddingMode: String,
         dtype: DType?, device: Device, file: StaticString, line: UInt) {
        if groups <= 0 { emberFatal("groups must be a positive integer", file: file, line: line) }
        if inChannels % groups != 0 { emberFatal("in_channels must be divisible by groups", file: file, line: line) }
        if outChannels % groups != 0 { emberFatal("out_channels must be divisible by groups", file: file, line: line) }
        let k = expandSizes(kernelSize, spatial, name: "kernel_size", file: file, line: line)
        let s = expandSizes(stride, spatial, name: "stride", file: file, line: line)
        let d = expandSizes(dilation, spatial, name: "dilation", file: file, line: line)
        if let mode = padding as? String {
            guard mode == "same" || mode == "valid" else {
                emberFatal("Invalid padding string '\(mode)', should be one of {'valid', 'same'}", file: file, line: line)
            }
            if mode == "same" && s.contains(where: { $0 != 1 }) {
                emberFatal("padding='same' is not supported for strided convolutions", file: file, line: line)
            }
            self.padding = mode
        } else {
            self.padding = expandSizes(padding as! any SizeArgument, spatial, name: "padding", file: file, line: line)
        }
        guard ["zeros", "reflect", "replicate", "circular"].contains(paddingMode) else {
            emberFatal("padding_mode must be one of {'zeros', 'reflect', 'circular', 'replicate'}, but got padding_mode='\(paddingMode)'", file: file, line: line)
        }
        let pads = resolveConvPadding(self.padding, spatial: spatial, kernel: k, stride: s, dilation: d, file: file, line: line)
        reversedPaddingRepeatedTwice = (0..<spatial).reversed().flatMap { [pads.before[$0], pads.after[$0]] }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = k
        self.stride = s
        self.dilation = d
        self.groups = groups
        self.paddingMode = paddingMode
        _weight = Parameter(wrappedValue: Tensor.empty([outChannels, inChannels / groups] + k, dtype: dtype, device: device))
        _bias = Parameter(wrappedValue: bias ? Tensor.empty([outChannels], dtype: dtype, device: device) : nil)
        super.init()
        resetParameters()
    }

    /// `reset_parameters()`: weight ~ kaiming-uniform(a = √5), i.e. U(±1/√fan_in); bias ~ U(±1/√fan_in).
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

    /// The convolution with this layer's settings (`_conv_forward`).
    func convForward(_ input: Tensor, spatial: Int) -> Tensor {
        let site = currentSite()
        if paddingMode != "zeros" {
            let padded = pad(input, reversedPaddingRepeatedTwice, mode: paddingMode, file: site.file, line: site.line)
            return convolution(padded, weight, bias: bias, spatial: spatial, stride: stride, padding: 0,
                               dilation: dilation, groups: groups, file: site.file, line: site.line)
        }
        return convolution(input, weight, bias: bias, spatial: spatial, stride: stride, padding: padding,
                           dilation: dilation, groups: groups, file: site.file, line: site.line)
    }

    open override var extraRepr: String {
        var s = "\(inChannels), \(outChannels), kernel_size=\(pythonTuple(kernelSize)), stride=\(pythonTuple(stride))"
        if let mode = padding as? String {
            s += ", padding=\(mode)"
        } else if let values = padding as? [Int], values.contains(where: { $0 != 0 }) {
            s += ", padding=\(pythonTuple(values))"
        }
        if dilation.contains(where: { $0 != 1 }) { s += ", dilation=\(pythonTuple(dilation))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if bias == nil { s += ", bias=False" }
        if paddingMode != "zeros" { s += ", padding_mode=\(paddingMode)" }
        return s
    }
}

/// `nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
/// groups=1, bias=True, padding_mode='zeros')` over `[N, C, L]` or `[C, L]`.
open class Conv1d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: any SizeArgument, stride: any SizeArgument = 1,
                padding: any PaddingArgument = 0, dilation: any SizeArgument = 1, groups: Int = 1, bias: Bool = true,
                paddingMode: String = "zeros", dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(inChannels, outChannels, spatial: 1, kernelSize: kernelSize, stride: stride, padding: padding,
                   dilation: dilation, groups: groups, bias: bias, paddingMode: paddingMode, dtype: dtype,
                   device: device, file: file, line: line)
    }

    open override func forward(_ input: Tensor) -> Tensor { convForward(input, spatial: 1) }
}

/// `nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
/// groups=1, bias=True, padding_mode='zeros')` over `[N, C, H, W]` or `[C, H, W]`:
/// `Conv2d(1, 32, kernelSize: 3, stride: 1)`; tuples are arrays (`kernelSize: [3, 5]`).
open class Conv2d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: any SizeArgument, stride: any SizeArgument = 1,
                padding: any PaddingArgument = 0, dilation: any SizeArgument = 1, groups: Int = 1, bias: Bool = true,
                paddingMode: String = "zeros", dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(inChannels, outChannels, spatial: 2, kernelSize: kernelSize, stride: stride, padding: padding,
                   dilation: dilation, groups: groups, bias: bias, paddingMode: paddingMode, dtype: dtype,
                   device: device, file: file, line: line)
    }

    open override func forward(_ input: Tensor) -> Tensor { convForward(input, spatial: 2) }
}
