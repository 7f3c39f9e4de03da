import Ember

// Convolution as im2col + matmul: the input's sliding blocks are unfolded into columns, then
// one (grouped) matrix product with the flattened weight gives every output position. Float
// CPU tensors take the one-node `fusedConv2d` (ConvolutionBackward0); other cases compose
// `Tensor.im2col` (Im2ColBackward0, whose backward folds with col2im) and `matmul`.

/// `torch.nn.functional.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
///
/// `input` is `[N, C, L]` (or unbatched `[C, L]`), `weight` `[O, C/groups, k]`; `padding`
/// is an int, `[Int]`, `"same"` or `"valid"`.
public func conv1d(_ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: any SizeArgument = 1,
                   padding: any PaddingArgument = 0, dilation: any SizeArgument = 1, groups: Int = 1,
                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    convolution(input, weight, bias: bias, spatial: 1, stride: stride, padding: padding, dilation: dilation,
                groups: groups, file: file, line: line)
}

/// `torch.nn.functional.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`.
///
/// `input` is `[N, C, H, W]` (or unbatched `[C, H, W]`), `weight` `[O, C/groups, kh, kw]`;
/// `padding` is an int, `[Int]` (Python's tuple), `"same"` or `"valid"`.
public func conv2d(_ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: any SizeArgument = 1,
                   padding: any PaddingArgument = 0, dilation: any SizeArgument = 1, groups: Int = 1,
                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    convolution(input, weight, bias: bias, spatial: 2, stride: stride, padding: padding, dilation: dilation,
                groups: groups, file: file, line: line)
}

/// `F.unfold(input, kernel_size, dilation=1, padding=0, stride=1)`: `[N, C, H, W]` to
/// `[N, C*kh*kw, L]` columns (recorded as `Im2ColBackward0`).
public func unfold(_ input: Tensor, kernelSize: any SizeArgument, dilation: any SizeArgument = 1,
                   padding: any SizeArgument = 0, stride: any SizeArgument = 1,
                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let k = expandSizes(kernelSize, 2, name: "kernel_size", file: file, line: line)
    let d = expandSizes(dilation, 2, name: "dilation", file: file, line: line)
    let p = expandSizes(padding, 2, name: "padding", file: file, line: line)
    let s = expandSizes(stride, 2, name: "stride", file: file, line: line)
    let batched = input.ndim == 3 ? input.unsqueeze(0) : input
    let cols = batched.im2col(kernelSize: (k[0], k[1]), dilation: (d[0], d[1]), padding: (p[0], p[1]),
                              stride: (s[0], s[1]), file: file, line: line)
    return input.ndim == 3 ? cols.squeeze(0) : cols
}

/// `F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1)`: sums
/// `[N, C*kh*kw, L]` columns into `[N, C, H, W]` (recorded as `Col2ImBackward0`).
public func fold(_ input: Tensor, outputSize: any SizeArgument, kernelSize: any SizeArgument,
                 dilation: any SizeArgument = 1, padding: any SizeArgument = 0, stride: any SizeArgument = 1,
                 file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let o = expandSizes(outputSize, 2, name: "output_size", file: file, line: line)
    let k = expandSizes(kernelSize, 2, name: "kernel_size", file: file, line: line)
    let d = expandSizes(dilation, 2, name: "dilation", file: file, line: line)
    let p = expandSizes(padding, 2, name: "padding", file: file, line: line)
    let s = expandSizes(stride, 2, name: "stride", file: file, line: line)
    let batched = input.ndim == 2 ? input.unsqueeze(0) : input
    let image = batched.col2im(outputSize: (o[0], o[1]), kernelSize: (k[0], k[1]), dilation: (d[0], d[1]),
                               padding: (p[0], p[1]), stride: (s[0], s[1]), file: file, line: line)
    return input.ndim == 2 ? image.squeeze(0) : image
}

/// The padding of one spatial dim: before and after (they differ for an even kernel with
/// "same"), and the output size.
struct ConvPadding {
    var before: [Int]
    var after: [Int]
}

/// Resolves `padding` (ints or "same"/"valid") for `spatial` dims with PyTorch's checks.
func resolveConvPadding(_ padding: any PaddingArgument, spatial: Int, kernel: [Int], stride: [Int],
                        dilation: [Int], file: StaticString, line: UInt) -> ConvPadding {
    if let mode = padding as? String {
        switch mode {
        case "valid":
            return ConvPadding(before: Array(repeating: 0, count: spatial), after: Array(repeating: 0, count: spatial))
        case "same":
            if stride.contains(where: { $0 != 1 }) {
                emberFatal("padding='same' is not supported for strided convolutions", file: file, line: line)
            }
            // PyTorch puts the odd extra element after (its F.pad of [0, 1]).
            let total = (0..<spatial).map { dilation[$0] * (kernel[$0] - 1) }
            return ConvPadding(before: total.map { $0 / 2 }, after: total.map { $0 - $0 / 2 })
        default:
            emberFatal("Invalid padding string: '\(mode)'", file: file, line: line)
        }
    }
    guard let sizes = padding as? any SizeArgument else {
        emberFatal("padding must be an int, a list of ints, 'same' or 'valid'", file: file, line: line)
    }
    let values = expandSizes(sizes, spatial, name: "padding", file: file, line: line)
    return ConvPadding(before: values, after: values)
}

/// The C type name of a dtype (`float`, `double`) as some PyTorch messages print it.
func cTypeName(_ dtype: DType) -> String {
    switch dtype {
    case .float16: "c10::Half"
    case .float32: "float"
    case .float64: "double"
    case .int64: "long int"
    case .int32: "int"
    case .uint8: "unsigned char"
    case .int8: "signed char"
    case .int16: "short int"
    case .bfloat16: "c10::BFloat16"
    case .complex64: "c10::complex<float>"
    case .bool: "bool"
    }
}

/// A size argument as capture records it: one int per dim (an invalid one, which the op
/// itself rejects, as none).
func sizesOpArgument(_ argument: (any SizeArgument)?, _ n: Int) -> OpArgument {
    argument?.sizes(n).map { .ints($0) } ?? .none
}

/// A convolution padding as capture records it: "same"/"valid", or one int per dim.
func paddingOpArgument(_ padding: any PaddingArgument, _ n: Int) -> OpArgument {
    if let mode = padding as? String { return .string(mode) }
    return sizesOpArgument(padding as? any SizeArgument, n)
}

/// conv1d and conv2d, recorded as one `aten.conv1d`/`aten.conv2d` node
/// (input, weight, bias?, stride, padding, dilation, groups) whichever entry (functional or
/// `Conv1d`/`Conv2d`) called it.
func convolution(_ input: Tensor, _ weight: Tensor, bias: Tensor?, spatial: Int, stride: any SizeArgument,
                 padding: any PaddingArgument, dilation: any SizeArgument, groups: Int,
                 file: StaticString, line: UInt) -> Tensor {
    Tensor.traced(spatial == 1 ? "aten.conv1d" : "aten.conv2d",
                  [.tensor(input), .tensor(weight), .optional(bias), sizesOpArgument(stride, spatial),
                   paddingOpArgument(padding, spatial), sizesOpArgument(dilation, spatial), .int(groups)],
                  file: file, line: line) {
        convolutionBody(input, weight, bias: bias, spatial: spatial, stride: stride, padding: padding, dilation: dilation,
                        groups: groups, file: file, line: line)
    }
}

/// conv1d and conv2d: checks as PyTorch's `_convolution`, then im2col + grouped matmul.
private func convolutionBody(_ input: Tensor, _ weight: Tensor, bias: Tensor?, spatial: Int, stride: any SizeArgument,
                             padding: any PaddingArgument, dilation: any SizeArgument, groups: Int,
                             file: StaticString, line: UInt) -> Tensor {
    let name = "conv\(spatial)d"
    guard input.ndim == spatial + 1 || input.ndim == spatial + 2 else {
        emberFatal("Expected \(spatial + 1)D (unbatched) or \(spatial + 2)D (batched) input to \(name), but got input of size: \(shapeString(input.shape))", file: file, line: line)
    }
    let unbatched = input.ndim == spatial + 1
    let x = unbatched ? input.unsqueeze(0, file: file, line: line) : input
    let s = expandSizes(stride, spatial, name: "stride", file: file, line: line)
    let d = expandSizes(dilation, spatial, name: "dilation", file: file, line: line)
    if s.contains(where: { $0 <= 0 }) { emberFatal("non-positive stride is not supported", file: file, line: line) }
    if d.contains(where: { $0 <= 0 }) { emberFatal("dilation should be greater than zero, but got \(shapeString(d))", file: file, line: line) }
    guard weight.ndim == spatial + 2 else {
        // PyTorch infers the spatial dims from the weight, then rejects the expanded stride.
        emberFatal("expected stride to be a single integer value or a list of \(weight.ndim - 2) values to match the convolution dimensions, but got stride=\(shapeString(s))", file: file, line: line)
    }
    let kernel = Array(weight.shape[2...])
    let pads = resolveConvPadding(padding, spatial: spatial, kernel: kernel, stride: s, dilation: d, file: file, line: line)
    if pads.before.contains(where: { $0 < 0 }) { emberFatal("negative padding is not supported", file: file, line: line) }
    if groups <= 0 { emberFatal("non-positive groups is not supported", file: file, line: line) }
    let outChannels = weight.shape[0], channels = x.shape[1]
    guard outChannels % groups == 0 else {
        emberFatal("Given groups=\(groups), expected weight to be divisible by \(groups) at dimension 0, but got weight of size [\(shapeString(weight.shape))] instead", file: file, line: line)
    }
    guard channels == weight.shape[1] * groups else {
        emberFatal("Given groups=\(groups), weight of size \(shapeString(weight.shape)), expected input\(shapeString(x.shape)) to have \(weight.shape[1] * groups) channels, but got \(channels) channels instead", file: file, line: line)
    }
    if let bias, bias.ndim != 1 || bias.count != outChannels {
        emberFatal("Given weight of size \(shapeString(weight.shape)), expected bias to be 1-dimensional with \(outChannels) elements, but got bias of size \(shapeString(bias.shape)) instead", file: file, line: line)
    }
    guard input.dtype == weight.dtype else {
        emberFatal("expected scalar type \(input.dtype.scalarTypeName) but found \(weight.dtype.scalarTypeName)", file: file, line: line)
    }
    if let bias, bias.dtype != input.dtype {
        emberFatal("Input type (\(cTypeName(input.dtype))) and bias type (\(cTypeName(bias.dtype))) should be the same", file: file, line: line)
    }
    let spatialSizes = Array(x.shape[2...])
    let padded = (0..<spatial).map { spatialSizes[$0] + pads.before[$0] + pads.after[$0] }
    let effective = (0..<spatial).map { d[$0] * (kernel[$0] - 1) + 1 }
    if (0..<spatial).contains(where: { padded[$0] < effective[$0] }) {
        emberFatal("Calculated padded input size per channel: (\(padded.map(String.init).joined(separator: " x "))). Kernel size: (\(effective.map(String.init).joined(separator: " x "))). Kernel size can't be greater than actual input size", file: file, line: line)
    }
    let outSizes = (0..<spatial).map { (padded[$0] - effective[$0]) / s[$0] + 1 }
    // Integer convolutions (PyTorch allows them on the CPU) run in float64 and convert back.
    if !input.dtype.isFloatingPoint {
        let y = convolutionBody(input.to(.float64), weight.to(.float64), bias: bias?.to(.float64), spatial: spatial,
                                stride: stride, padding: padding, dilation: dilation, groups: groups, file: file, line: line)
        return y.to(input.dtype)
    }

    // One spatial dim is the 2-D case with a height of 1.
    func pair(_ v: [Int], _ one: Int) -> (Int, Int) { spatial == 1 ? (one, v[0]) : (v[0], v[1]) }
    let x4 = spatial == 1 ? x.unsqueeze(2, file: file, line: line) : x
    let n = x.shape[0], kernelCount = kernel.reduce(1, *)
    let args = Conv2dArguments(stride: pair(s, 1), padding: pair(pads.before, 0), dilation: pair(d, 1),
                               blocks: pair(outSizes, 1), groups: groups)
    let w4 = spatial == 1 ? weight.unsqueeze(2, file: file, line: line) : weight
    if let y = fusedConv2d(x4, w4, bias, args, file: file, line: line) {
        let shaped = spatial == 1 ? y.squeeze(2, file: file, line: line) : y
        return unbatched ? shaped.squeeze(0, file: file, line: line) : shaped
    }
    let columns = x4.im2col(kernelSize: pair(kernel, 1), dilation: pair(d, 1), padding: pair(pads.before, 0),
                            stride: pair(s, 1), blocks: pair(outSizes, 1), file: file, line: line)
    let blockCount = outSizes.reduce(1, *)
    let perGroup = channels / groups * kernelCount
    // [g, O/g, C/g*k] x [N, g, C/g*k, L] -> [N, g, O/g, L]
    let w = weight.reshape([groups, outChannels / groups, perGroup], file: file, line: line)
    let cols = columns.view([n, groups, perGroup, blockCount], file: file, line: line)
    var y = matmul(w, cols, file: file, line: line).view([n, outChannels] + outSizes, file: file, line: line)
    if let bias {
        y = y.add(bias.view([1, outChannels] + Array(repeating: 1, count: spatial), file: file, line: line), file: file, line: line)
    }
    return unbatched ? y.squeeze(0, file: file, line: line) : y
}
