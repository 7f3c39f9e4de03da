import Ember

// Transposed convolution as the adjoint of im2col convolution: a matrix product of the
// transposed weight with the input gives, for every input position, the kernel-sized patch
// it contributes to; `col2im` (recorded as `Col2ImBackward0`) sums the patches into the
// output. Its gradient is the ordinary convolution of the output gradient, by autograd.

/// `F.conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
/// groups=1, dilation=1)`: `input` `[N, C, L]` (or `[C, L]`), `weight` `[C, O/groups, k]`.
public func convTranspose1d(_ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: any SizeArgument = 1,
                            padding: any SizeArgument = 0, outputPadding: any SizeArgument = 0, groups: Int = 1,
                            dilation: any SizeArgument = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    convolutionTranspose(input, weight, bias: bias, spatial: 1, stride: stride, padding: padding, outputPadding: outputPadding,
                         groups: groups, dilation: dilation, file: file, line: line)
}

/// `F.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
/// groups=1, dilation=1)`: `input` `[N, C, H, W]` (or `[C, H, W]`), `weight` `[C, O/groups, kh, kw]`.
/// Output size per dim: `(in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1`.
public func convTranspose2d(_ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: any SizeArgument = 1,
                            padding: any SizeArgument = 0, outputPadding: any SizeArgument = 0, groups: Int = 1,
                            dilation: any SizeArgument = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    convolutionTranspose(input, weight, bias: bias, spatial: 2, stride: stride, padding: padding, outputPadding: outputPadding,
                         groups: groups, dilation: dilation, file: file, line: line)
}

/// conv_transpose1d and conv_transpose2d, recorded as one `aten.conv_transpose1d`/`2d` node
/// (input, weight, bias?, stride, padding, output_padding, groups, dilation), PyTorch's order.
func convolutionTranspose(_ input: Tensor, _ weight: Tensor, bias: Tensor?, spatial: Int, stride: any SizeArgument,
                          padding: any SizeArgument, outputPadding: any SizeArgument, groups: Int,
                          dilation: any SizeArgument, file: StaticString, line: UInt) -> Tensor {
    Tensor.traced(spatial == 1 ? "aten.conv_transpose1d" : "aten.conv_transpose2d",
                  [.tensor(input), .tensor(weight), .optional(bias), sizesOpArgument(stride, spatial),
                   sizesOpArgument(padding, spatial), sizesOpArgument(outputPadding, spatial), .int(groups),
                   sizesOpArgument(dilation, spatial)],
                  file: file, line: line) {
        convolutionTransposeBody(input, weight, bias: bias, spatial: spatial, stride: stride, padding: padding,
                                 outputPadding: outputPadding, groups: groups, dilation: dilation, file: file, line: line)
    }
}

/// conv_transpose1d and conv_transpose2d: PyTorch's checks, then matmul + col2im.
private func convolutionTransposeBody(_ input: Tensor, _ weight: Tensor, bias: Tensor?, spatial: Int, stride: any SizeArgument,
                                      padding: any SizeArgument, outputPadding: any SizeArgument, groups: Int,
                                      dilation: any SizeArgument, file: StaticString, line: UInt) -> Tensor {
    let name = "conv_transpose\(spatial)d"
    guard input.ndim == spatial + 1 || input.ndim == spatial + 2 else {
        emberFatal("Expected \(spatial + 1)D (unbatched) or \(spatial + 2)D (batched) input to \(name), but got input of size: \(shapeString(input.shape))", file: file, line: line)
    }
    let unbatched = input.ndim == spatial + 1
    let x = unbatched ? input.unsqueeze(0, file: file, line: line) : input
    let s = expandSizes(stride, spatial, name: "stride", file: file, line: line)
    let p = expandSizes(padding, spatial, name: "padding", file: file, line: line)
    let op = expandSizes(outputPadding, spatial, name: "output_padding", file: file, line: line)
    let d = expandSizes(dilation, spatial, name: "dilation", file: file, line: line)
    if s.contains(where: { $0 <= 0 }) { emberFatal("non-positive stride is not supported", file: file, line: line) }
    if d.contains(where: { $0 <= 0 }) { emberFatal("dilation should be greater than zero, but got \(shapeString(d))", file: file, line: line) }
    if p.contains(where: { $0 < 0 }) { emberFatal("negative padding is not supported", file: file, line: line) }
    if groups <= 0 { emberFatal("non-positive groups is not supported", file: file, line: line) }
    guard weight.ndim == spatial + 2 else {
        emberFatal("weight should have at least three dimensions", file: file, line: line)
    }
    if (0..<spatial).contains(where: { op[$0] >= s[$0] && op[$0] >= d[$0] }) {
        let names = spatial == 2 ? ["height", "width"] : ["width"]
        func describe(_ label: String, _ v: [Int]) -> String {
            (0..<spatial).map { "\(label)_\(names[$0]): \(v[$0])" }.joined(separator: " ")
        }
        emberFatal("output padding must be smaller than either stride or dilation, but got \(describe("output_padding", op)) \(describe("stride", s)) \(describe("dilation", d))", file: file, line: line)
    }
    let channels = x.shape[1], inPerGroup = weight.shape[0] / groups
    guard weight.shape[0] == channels, weight.shape[0] % groups == 0 else {
        emberFatal("Given transposed=1, weight of size \(shapeString(weight.shape)), expected input\(shapeString(x.shape)) to have \(weight.shape[0]) channels, but got \(channels) channels instead", file: file, line: line)
    }
    let outChannels = weight.shape[1] * groups
    if let bias, bias.ndim != 1 || bias.count != outChannels {
        emberFatal("Given transposed=1, weight of size \(shapeString(weight.shape)), expected bias to be 1-dimensional with \(outChannels) elements, but got bias of size \(shapeString(bias.shape)) instead", file: file, line: line)
    }
    guard input.dtype == weight.dtype else {
        emberFatal("expected scalar type \(input.dtype.scalarTypeName) but found \(weight.dtype.scalarTypeName)", file: file, line: line)
    }
    let kernel = Array(weight.shape[2...])
    let inSizes = Array(x.shape[2...])
    var outSizes: [Int] = []
    for i in 0..<spatial {
        let span: Int = d[i] * (kernel[i] - 1)
        outSizes.append((inSizes[i] - 1) * s[i] - 2 * p[i] + span + op[i] + 1)
    }
    if outSizes.contains(where: { $0 <= 0 }) {
        emberFatal("Given input size per channel: (\(inSizes.map(String.init).joined(separator: " x "))). Calculated output size per channel: (\(outSizes.map(String.init).joined(separator: " x "))). Output size is too small", file: file, line: line)
    }
    // One spatial dim is the 2-D case with a height of 1.
    func pair(_ v: [Int], _ one: Int) -> (Int, Int) { spatial == 1 ? (one, v[0]) : (v[0], v[1]) }
    let n = x.shape[0], kernelCount = kernel.reduce(1, *), positions = inSizes.reduce(1, *)
    let patchRows = weight.shape[1] * kernelCount
    // [g, (O/g)·k, C/g] x [N, g, C/g, L] -> [N, g, (O/g)·k, L]: each input position's patch.
    let w = weight.reshape([groups, inPerGroup, patchRows], file: file, line: line).transpose(1, 2, file: file, line: line)
    let columns = matmul(w, x.reshape([n, groups, inPerGroup, positions], file: file, line: line), file: file, line: line)
        .reshape([n, outChannels * kernelCount, positions], file: file, line: line)
    var y = columns.col2im(outputSize: pair(outSizes, 1), kernelSize: pair(kernel, 1), dilation: pair(d, 1),
                           padding: pair(p, 0), stride: pair(s, 1), blocks: pair(inSizes, 1), file: file, line: line)
    y = y.view([n, outChannels] + outSizes, file: file, line: line)
    if let bias {
        y = y.add(bias.view([1, outChannels] + Array(repeating: 1, count: spatial), file: file, line: line), file: file, line: line)
    }
    return unbatched ? y.squeeze(0, file: file, line: line) : y
}
