import Ember

// Pooling over the same im2col unfold as convolution: each window becomes a column, then a
// max (whose backward routes the gradient to the argmax, and `Im2ColBackward0` adds the
// overlapping windows back) or a sum divided by PyTorch's divisor. Float CPU max pooling
// takes the direct kernel of `fusedMaxPool2d` instead.

/// The window geometry of a pooling call in 2-D form (1-D pools have a height of 1).
struct PoolGeometry {
    var kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
    var inSize: (Int, Int), outSize: (Int, Int)
    var windowCount: Int { kernel.0 * kernel.1 }
    var blockCount: Int { outSize.0 * outSize.1 }
}

/// PyTorch's `pooling_output_shape`: floor (or ceil) of the window count, and in ceil mode
/// the last window must start inside the input or its left padding.
func poolingOutputSize(_ size: Int, kernel: Int, padding: Int, stride: Int, dilation: Int, ceilMode: Bool) -> Int {
    let numerator = size + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)
    var out = (numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)) + 1
    if ceilMode && (out - 1) * stride >= size + padding { out -= 1 }
    return out
}

/// Expands an int-or-tuple pooling argument to `n` values, or stops with `message`.
func poolSizes(_ argument: (any SizeArgument)?, _ n: Int, default fallback: [Int]? = nil, message: String,
               file: StaticString, line: UInt) -> [Int] {
    if let array = argument as? [Int], array.isEmpty, let fallback { return fallback }
    guard let argument else { return fallback! }
    guard let values = argument.sizes(n) else { emberFatal(message, file: file, line: line) }
    return values
}

// MARK: Max pooling

/// `F.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`
/// on `[N, C, L]` or `[C, L]`.
public func maxPool1d(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil,
                      padding: any SizeArgument = 0, dilation: any SizeArgument = 1, ceilMode: Bool = false,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.max_pool1d", maxPoolOpArguments(input, 1, kernelSize, stride, padding, dilation, ceilMode),
                  file: file, line: line) {
        maxPool(input, spatial: 1, kernelSize, stride, padding, dilation, ceilMode, indices: false, file: file, line: line).output
    }
}

/// `F.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)`
/// on `[N, C, H, W]` or `[C, H, W]`; padding reads as -inf.
public func maxPool2d(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil,
                      padding: any SizeArgument = 0, dilation: any SizeArgument = 1, ceilMode: Bool = false,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.max_pool2d", maxPoolOpArguments(input, 2, kernelSize, stride, padding, dilation, ceilMode),
                  file: file, line: line) {
        maxPool(input, spatial: 2, kernelSize, stride, padding, dilation, ceilMode, indices: false, file: file, line: line).output
    }
}

/// A pooling call's window arguments as capture records them: one int per dim, the stride
/// defaulting to the kernel size as the op does.
func poolWindowOpArguments(_ n: Int, _ kernelSize: any SizeArgument, _ stride: (any SizeArgument)?) -> [OpArgument] {
    let kernel = kernelSize.sizes(n)
    let strides: [Int]?
    if let stride, (stride as? [Int])?.isEmpty != true { strides = stride.sizes(n) } else { strides = kernel }
    return [kernel.map { .ints($0) } ?? .none, strides.map { .ints($0) } ?? .none]
}

/// max_pool1d/2d arguments: (input, kernel_size, stride, padding, dilation, ceil_mode).
private func maxPoolOpArguments(_ input: Tensor, _ n: Int, _ kernelSize: any SizeArgument, _ stride: (any SizeArgument)?,
                                _ padding: any SizeArgument, _ dilation: any SizeArgument, _ ceilMode: Bool) -> [OpArgument] {
    [.tensor(input)] + poolWindowOpArguments(n, kernelSize, stride)
        + [sizesOpArgument(padding, n), sizesOpArgument(dilation, n), .bool(ceilMode)]
}

/// `F.max_pool1d(..., return_indices=True)`: the maxima and their flat positions in each
/// input row (int64).
public func maxPool1dWithIndices(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil,
                                 padding: any SizeArgument = 0, dilation: any SizeArgument = 1, ceilMode: Bool = false,
                                 file: StaticString = #fileID, line: UInt = #line) -> (output: Tensor, indices: Tensor) {
    let r = maxPool(input, spatial: 1, kernelSize, stride, padding, dilation, ceilMode, indices: true, file: file, line: line)
    return (r.output, r.indices!)
}

/// `F.max_pool2d(..., return_indices=True)`: the maxima and their flat positions in each
/// input plane (`h * W + w`, int64), as `max_unpool2d` reads them.
public func maxPool2dWithIndices(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil,
                                 padding: any SizeArgument = 0, dilation: any SizeArgument = 1, ceilMode: Bool = false,
                                 file: StaticString = #fileID, line: UInt = #line) -> (output: Tensor, indices: Tensor) {
    let r = maxPool(input, spatial: 2, kernelSize, stride, padding, dilation, ceilMode, indices: true, file: file, line: line)
    return (r.output, r.indices!)
}

private func maxPool(_ input: Tensor, spatial: Int, _ kernelSize: any SizeArgument, _ stride: (any SizeArgument)?,
                     _ padding: any SizeArgument, _ dilation: any SizeArgument, _ ceilMode: Bool, indices: Bool,
                     file: StaticString, line: UInt) -> (output: Tensor, indices: Tensor?) {
    let g: PoolGeometry
    if spatial == 1 {
        guard input.ndim == 2 || input.ndim == 3 else {
            emberFatal("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:\(shapeString(input.shape))", file: file, line: line)
        }
        let message = "max_pool1d() argument must be an int or a tuple of one int"
        let k = poolSizes(kernelSize, 1, message: message, file: file, line: line)[0]
        let s = poolSizes(stride, 1, default: [k], message: message, file: file, line: line)[0]
        let p = poolSizes(padding, 1, message: message, file: file, line: line)[0]
        let d = poolSizes(dilation, 1, message: message, file: file, line: line)[0]
        if k <= 0 { emberFatal("max_pool1d() kernel_size must be greater than zero, but got \(k)", file: file, line: line) }
        if s <= 0 { emberFatal("max_pool1d() stride must be greater than zero, but got \(s)", file: file, line: line) }
        if p < 0 { emberFatal("max_pool1d() padding must be non-negative, but got \(p)", file: file, line: line) }
        if p > k / 2 {
            emberFatal("max_pool1d() padding should be at most half of kernel size, but got padding=\(p) and kernel_size=\(k)", file: file, line: line)
        }
        if d <= 0 { emberFatal("max_pool1d() dilation must be greater than zero, but got \(d)", file: file, line: line) }
        let size = input.shape[input.ndim - 1]
        let out = poolingOutputSize(size, kernel: k, padding: p, stride: s, dilation: d, ceilMode: ceilMode)
        if out <= 0 { emberFatal("max_pool1d() Invalid computed output size: \(out)", file: file, line: line) }
        g = PoolGeometry(kernel: (1, k), stride: (1, s), padding: (0, p), dilation: (1, d), inSize: (1, size), outSize: (1, out))
    } else {
        let k = poolSizes(kernelSize, 2, message: "max_pool2d: kernel_size must either be a single int, or a tuple of two ints", file: file, line: line)
        let s = poolSizes(stride, 2, default: k, message: "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints", file: file, line: line)
        let p = poolSizes(padding, 2, message: "max_pool2d: padding must either be a single int, or a tuple of two ints", file: file, line: line)
        let d = poolSizes(dilation, 2, message: "max_pool2d: dilation must be either a single int, or a tuple of two ints", file: file, line: line)
        g = checkedPool2d(input, "non-empty 3D or 4D (batch mode) tensor expected for input", k, s, p, d, ceilMode,
                          file: file, line: line)
    }
    let batched = input.ndim == spatial + 1 ? input.unsqueeze(0, file: file, line: line) : input
    let x = spatial == 1 ? batched.unsqueeze(2, file: file, line: line) : batched
    let outShape = Array(input.shape.dropLast(spatial)) + (spatial == 1 ? [g.outSize.1] : [g.outSize.0, g.outSize.1])
    if let fused = fusedMaxPool2d(x, kernel: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation,
                                  blocks: g.outSize, file: file, line: line) {
        // A 4-D input keeps the node as PyTorch names it (no view on top).
        func shaped(_ t: Tensor) -> Tensor { t.shape == outShape ? t : t.view(outShape, file: file, line: line) }
        return (shaped(fused.values), indices ? shaped(fused.indices) : nil)
    }
    // Integer inputs (PyTorch pools them too) go through float64, exact below 2^53.
    let source = x.dtype.isFloatingPoint ? x : x.to(.float64)
    let (n, c) = (x.shape[0], x.shape[1])
    let columns = source.im2col(kernelSize: g.kernel, dilation: g.dilation, padding: g.padding, stride: g.stride,
                                blocks: g.outSize, paddingValue: -.infinity, file: file, line: line)
        .view([n, c, g.windowCount, g.blockCount], file: file, line: line)
    let (values, argmax) = columns.max(dim: 2, file: file, line: line)
    var output = values.view(outShape, file: file, line: line)
    if !x.dtype.isFloatingPoint { output = output.to(x.dtype) }
    guard indices else { return (output, nil) }
    // Window slot k of block l sits at flat input position table[k, l].
    var table: [Int64] = []
    table.reserveCapacity(g.windowCount * g.blockCount)
    for ki in 0..<g.kernel.0 {
        for kj in 0..<g.kernel.1 {
            for i in 0..<g.outSize.0 {
                for j in 0..<g.outSize.1 {
                    let h = i * g.stride.0 - g.padding.0 + ki * g.dilation.0
                    let w = j * g.stride.1 - g.padding.1 + kj * g.dilation.1
                    table.append(Int64(h * g.inSize.1 + w))
                }
            }
        }
    }
    let positions = Tensor(table, shape: [1, 1, g.windowCount, g.blockCount])
        .expand([n, c, g.windowCount, g.blockCount])
        .gather(2, argmax.unsqueeze(2))
    return (output, positions.reshape(outShape))
}

/// The checks of PyTorch's 2-D pooling shape check, then the geometry.
private func checkedPool2d(_ input: Tensor, _ dimMessage: String, _ k: [Int], _ s: [Int], _ p: [Int], _ d: [Int],
                           _ ceilMode: Bool, file: StaticString, line: UInt) -> PoolGeometry {
    if k.contains(where: { $0 <= 0 }) && s.contains(where: { $0 > 0 }) {
        emberFatal("kernel size should be greater than zero, but got kH: \(k[0]) kW: \(k[1])", file: file, line: line)
    }
    if s.contains(where: { $0 == 0 }) { emberFatal("stride should not be zero", file: file, line: line) }
    if s.contains(where: { $0 < 0 }) {
        emberFatal("stride should be greater than zero, but got dH: \(s[0]) dW: \(s[1])", file: file, line: line)
    }
    if d.contains(where: { $0 <= 0 }) {
        emberFatal("dilation should be greater than zero, but got dilationH: \(d[0]) dilationW: \(d[1])", file: file, line: line)
    }
    guard input.ndim == 3 || input.ndim == 4 else { emberFatal(dimMessage, file: file, line: line) }
    for i in 0..<2 where p[i] < 0 || p[i] > ((k[i] - 1) * d[i] + 1) / 2 {
        emberFatal("pad should be at most half of effective kernel size, but got pad=\(p[i]), kernel_size=\(k[i]) and dilation=\(d[i])", file: file, line: line)
    }
    let h = input.shape[input.ndim - 2], w = input.shape[input.ndim - 1], c = input.shape[input.ndim - 3]
    let oh = poolingOutputSize(h, kernel: k[0], padding: p[0], stride: s[0], dilation: d[0], ceilMode: ceilMode)
    let ow = poolingOutputSize(w, kernel: k[1], padding: p[1], stride: s[1], dilation: d[1], ceilMode: ceilMode)
    if oh < 1 || ow < 1 {
        emberFatal("Given input size: (\(c)x\(h)x\(w)). Calculated output size: (\(c)x\(oh)x\(ow)). Output size is too small", file: file, line: line)
    }
    return PoolGeometry(kernel: (k[0], k[1]), stride: (s[0], s[1]), padding: (p[0], p[1]), dilation: (d[0], d[1]),
                        inSize: (h, w), outSize: (oh, ow))
}

// MARK: Average pooling

/// `F.avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
/// count_include_pad=True)` on `[N, C, L]` or `[C, L]`.
public func avgPool1d(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil,
                      padding: any SizeArgument = 0, ceilMode: Bool = false, countIncludePad: Bool = true,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.avg_pool1d", [.tensor(input)] + poolWindowOpArguments(1, kernelSize, stride)
                    + [sizesOpArgument(padding, 1), .bool(ceilMode), .bool(countIncludePad)], file: file, line: line) {
        avgPool1dBody(input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                      countIncludePad: countIncludePad, file: file, line: line)
    }
}

private func avgPool1dBody(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)?,
                           padding: any SizeArgument, ceilMode: Bool, countIncludePad: Bool,
                           file: StaticString, line: UInt) -> Tensor {
    guard input.ndim == 2 || input.ndim == 3 else {
        emberFatal("Expected 2 to 3 dimensions, but got \(input.ndim)-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)", file: file, line: line)
    }
    let message = "avg_pool1d() argument must be an int or a tuple of one int"
    let k = poolSizes(kernelSize, 1, message: message, file: file, line: line)[0]
    let s = poolSizes(stride, 1, default: [k], message: message, file: file, line: line)[0]
    let p = poolSizes(padding, 1, message: message, file: file, line: line)[0]
    let y = avgPool2d(input.unsqueeze(-2, file: file, line: line), kernelSize: [1, k], stride: [1, s], padding: [0, p],
                      ceilMode: ceilMode, countIncludePad: countIncludePad, file: file, line: line)
    return y.squeeze(-2, file: file, line: line)
}

/// `F.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
/// count_include_pad=True, divisor_override=None)` on `[N, C, H, W]` or `[C, H, W]`.
public func avgPool2d(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)? = nil,
                      padding: any SizeArgument = 0, ceilMode: Bool = false, countIncludePad: Bool = true,
                      divisorOverride: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.avg_pool2d", [.tensor(input)] + poolWindowOpArguments(2, kernelSize, stride)
                    + [sizesOpArgument(padding, 2), .bool(ceilMode), .bool(countIncludePad), .optional(divisorOverride)],
                  file: file, line: line) {
        avgPool2dBody(input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                      countIncludePad: countIncludePad, divisorOverride: divisorOverride, file: file, line: line)
    }
}

private func avgPool2dBody(_ input: Tensor, kernelSize: any SizeArgument, stride: (any SizeArgument)?,
                           padding: any SizeArgument, ceilMode: Bool, countIncludePad: Bool,
                           divisorOverride: Int?, file: StaticString, line: UInt) -> Tensor {
    let k = poolSizes(kernelSize, 2, message: "avg_pool2d: kernel_size must either be a single int, or a tuple of two ints", file: file, line: line)
    let s = poolSizes(stride, 2, default: k, message: "avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints", file: file, line: line)
    let p = poolSizes(padding, 2, message: "avg_pool2d: padding must either be a single int, or a tuple of two ints", file: file, line: line)
    if input.ndim < 3 {
        emberFatal("Dimension out of range (expected to be in range of [\(-Swift.max(input.ndim, 1)), \(Swift.max(input.ndim, 1) - 1)], but got -3)", file: file, line: line)
    }
    if let divisorOverride, divisorOverride == 0 { emberFatal("divisor must be not zero", file: file, line: line) }
    let g = checkedPool2d(input, "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:\(shapeString(input.shape))",
                          k, s, p, [1, 1], ceilMode, file: file, line: line)
    let unbatched = input.ndim == 3
    let x = unbatched ? input.unsqueeze(0, file: file, line: line) : input
    let source = x.dtype.isFloatingPoint ? x : x.to(.float64)
    let (n, c) = (x.shape[0], x.shape[1])
    let sums = source.im2col(kernelSize: g.kernel, dilation: (1, 1), padding: g.padding, stride: g.stride,
                             blocks: g.outSize, file: file, line: line)
        .view([n, c, g.windowCount, g.blockCount], file: file, line: line)
        .sum(dim: 2, file: file, line: line)
    // PyTorch's divisor: the window clipped to the padded input, or to the input itself
    // without count_include_pad.
    var divisors: [Double] = []
    for i in 0..<g.outSize.0 {
        for j in 0..<g.outSize.1 {
            if let divisorOverride { divisors.append(Double(divisorOverride)); continue }
            var h0 = i * g.stride.0 - g.padding.0, w0 = j * g.stride.1 - g.padding.1
            var h1 = Swift.min(h0 + g.kernel.0, g.inSize.0 + g.padding.0)
            var w1 = Swift.min(w0 + g.kernel.1, g.inSize.1 + g.padding.1)
            let poolSize = (h1 - h0) * (w1 - w0)
            h0 = Swift.max(h0, 0); w0 = Swift.max(w0, 0)
            h1 = Swift.min(h1, g.inSize.0); w1 = Swift.min(w1, g.inSize.1)
            divisors.append(Double(countIncludePad ? poolSize : (h1 - h0) * (w1 - w0)))
        }
    }
    let averaged = sums.div(Tensor(divisors, shape: [g.blockCount], dtype: source.dtype), file: file, line: line)
    var y = averaged.view([n, c, g.outSize.0, g.outSize.1], file: file, line: line)
    if !x.dtype.isFloatingPoint { y = y.to(x.dtype) }
    return unbatched ? y.squeeze(0, file: file, line: line) : y
}

// MARK: Adaptive average pooling

/// `F.adaptive_avg_pool1d(input, output_size)` on `[N, C, L]` or `[C, L]`.
public func adaptiveAvgPool1d(_ input: Tensor, outputSize: any SizeArgument,
                              file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.adaptive_avg_pool1d", [.tensor(input), sizesOpArgument(outputSize, 1)], file: file, line: line) {
        guard input.ndim == 2 || input.ndim == 3 else {
            emberFatal("adaptive_avg_pool1d(): Expected 2D or 3D tensor, but got \(shapeString(input.shape))", file: file, line: line)
        }
        let o = poolSizes(outputSize, 1, message: "adaptive_avg_pool1d: output_size must be 1", file: file, line: line)[0]
        return adaptiveAvgPool2d(input.unsqueeze(-2, file: file, line: line), outputSize: [1, o], file: file, line: line)
            .squeeze(-2, file: file, line: line)
    }
}

/// `F.adaptive_avg_pool2d(input, output_size)` on `[N, C, H, W]` or `[C, H, W]`: output
/// cell `i` averages rows `floor(i*H/Oh) ..< ceil((i+1)*H/Oh)` (and likewise columns).
public func adaptiveAvgPool2d(_ input: Tensor, outputSize: any SizeArgument,
                              file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.adaptive_avg_pool2d", [.tensor(input), sizesOpArgument(outputSize, 2)], file: file, line: line) {
        adaptiveAvgPool2dBody(input, outputSize: outputSize, file: file, line: line)
    }
}

private func adaptiveAvgPool2dBody(_ input: Tensor, outputSize: any SizeArgument, file: StaticString, line: UInt) -> Tensor {
    guard input.ndim == 3 || input.ndim == 4 else {
        emberFatal("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got \(shapeString(input.shape))", file: file, line: line)
    }
    let o = poolSizes(outputSize, 2, message: "adaptive_avg_pool2d: output_size must be 2", file: file, line: line)
    if o.contains(where: { $0 < 0 }) {
        emberFatal("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {\(o[0]), \(o[1])}", file: file, line: line)
    }
    let h = input.shape[input.ndim - 2], w = input.shape[input.ndim - 1]
    if o[0] == 1 && o[1] == 1 {
        return input.mean(dim: [-2, -1], keepdim: true, file: file, line: line)
    }
    if o[0] > 0, o[1] > 0, h % o[0] == 0, w % o[1] == 0 {
        // Equal windows: an average pool with kernel = stride.
        return avgPool2d(input, kernelSize: [h / o[0], w / o[1]], file: file, line: line)
    }
    // Separable: out = Ph · x · Pwᵀ with Ph[i, r] = 1/|window i| on the rows of window i.
    func averaging(_ outCount: Int, _ inCount: Int) -> Tensor {
        var m = [Double](repeating: 0, count: outCount * inCount)
        for i in 0..<outCount {
            let start = (i * inCount) / outCount, end = ((i + 1) * inCount + outCount - 1) / outCount
            for r in start..<end { m[i * inCount + r] = 1 / Double(end - start) }
        }
        return Tensor(m, shape: [outCount, inCount], dtype: input.dtype, device: input.device)
    }
    let rows = matmul(input, averaging(o[1], w).t(), file: file, line: line)          // [.., H, Ow]
    return matmul(averaging(o[0], h), rows, file: file, line: line).contiguous()      // [.., Oh, Ow]
}
