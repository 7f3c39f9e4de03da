import Ember

/// `nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`.
open class MaxPool1d: Module {
    public let kernelSize: any SizeArgument
    /// Defaults to `kernelSize`.
    public let stride: any SizeArgument
    public let padding: any SizeArgument
    public let dilation: any SizeArgument
    public let ceilMode: Bool

    public init(kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil, padding: any SizeArgument = 0,
                dilation: any SizeArgument = 1, ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        super.init()
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return maxPool1d(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
                         ceilMode: ceilMode, file: site.file, line: site.line)
    }

    open override var extraRepr: String {
        "kernel_size=\(kernelSize.pythonRepr), stride=\(stride.pythonRepr), padding=\(padding.pythonRepr), dilation=\(dilation.pythonRepr), ceil_mode=\(ceilMode ? "True" : "False")"
    }
}

/// `nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`:
/// `MaxPool2d(kernelSize: 2)`.
open class MaxPool2d: MaxPool1d {
    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return maxPool2d(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
                         ceilMode: ceilMode, file: site.file, line: site.line)
    }
}

/// `nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`.
open class AvgPool1d: Module {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public let ceilMode: Bool
    public let countIncludePad: Bool

    public init(kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil, padding: any SizeArgument = 0,
                ceilMode: Bool = false, countIncludePad: Bool = true, file: StaticString = #fileID, line: UInt = #line) {
        let message = "avg_pool1d() argument must be an int or a tuple of one int"
        self.kernelSize = poolSizes(kernelSize, 1, message: message, file: file, line: line)[0]
        self.stride = poolSizes(stride, 1, default: [self.kernelSize], message: message, file: file, line: line)[0]
        self.padding = poolSizes(padding, 1, message: message, file: file, line: line)[0]
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        super.init()
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return avgPool1d(input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                         countIncludePad: countIncludePad, file: site.file, line: site.line)
    }

    /// PyTorch stores AvgPool1d's arguments as 1-tuples: `kernel_size=(2,)`.
    open override var extraRepr: String {
        "kernel_size=\(pythonTuple([kernelSize])), stride=\(pythonTuple([stride])), padding=\(pythonTuple([padding]))"
    }
}

/// `nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False,
/// count_include_pad=True, divisor_override=None)`.
open class AvgPool2d: Module {
    public let kernelSize: any SizeArgument
    public let stride: any SizeArgument
    public let padding: any SizeArgument
    public let ceilMode: Bool
    public let countIncludePad: Bool
    public let divisorOverride: Int?

    public init(kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil, padding: any SizeArgument = 0,
                ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        self.divisorOverride = divisorOverride
        super.init()
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return avgPool2d(input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                         countIncludePad: countIncludePad, divisorOverride: divisorOverride, file: site.file, line: site.line)
    }

    open override var extraRepr: String {
        "kernel_size=\(kernelSize.pythonRepr), stride=\(stride.pythonRepr), padding=\(padding.pythonRepr)"
    }
}

/// `nn.AdaptiveAvgPool1d(output_size)`.
open class AdaptiveAvgPool1d: Module {
    public let outputSize: any SizeArgument
    public init(_ outputSize: any SizeArgument) {
        self.outputSize = outputSize
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return adaptiveAvgPool1d(input, outputSize: outputSize, file: site.file, line: site.line)
    }
    open override var extraRepr: String { "output_size=\(outputSize.pythonRepr)" }
}

/// `nn.AdaptiveAvgPool2d(output_size)`: `AdaptiveAvgPool2d(1)`, `AdaptiveAvgPool2d([2, 3])`.
open class AdaptiveAvgPool2d: Module {
    public let outputSize: any SizeArgument
    public init(_ outputSize: any SizeArgument) {
        self.outputSize = outputSize
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        return adaptiveAvgPool2d(input, outputSize: outputSize, file: site.file, line: site.line)
    }
    open override var extraRepr: String { "output_size=\(outputSize.pythonRepr)" }
}
