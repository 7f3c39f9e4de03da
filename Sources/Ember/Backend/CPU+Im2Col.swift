// im2col / col2im: the unfold that turns convolution and pooling into matmuls and
// reductions (PyTorch's `Im2ColBackward0` / `Col2ImBackward0` nodes, `F.unfold` / `F.fold`).
// The CPU kernel and the two recorded Tensor ops live together here: the ops are each
// other's backward, so `createGraph` differentiates them again.

/// Where the sliding blocks of an unfold lie over the last two dims of `[N, C, H, W]`.
/// `blocks` is the number of block positions per dim; a block position whose window leaves
/// the image reads `padValue` (ceil-mode pooling and asymmetric "same" padding need more
/// blocks than the symmetric formula gives, which is why it is explicit).
struct Im2ColGeometry: Sendable {
    var batch: Int, channels: Int, height: Int, width: Int
    var kernel: (Int, Int), dilation: (Int, Int), padding: (Int, Int), stride: (Int, Int)
    var blocks: (Int, Int)
    var padValue: Double = 0

    var columnRows: Int { channels * kernel.0 * kernel.1 }
    var blockCount: Int { blocks.0 * blocks.1 }
}

extension Backend {
    /// Backends without an unfold kernel (test doubles) stop here rather than fail to conform.
    func im2col(_ image: StridedView, _ columns: StridedView, geometry: Im2ColGeometry, fold: Bool) {
        emberFatal("Could not run 'aten::im2col' with arguments from the '\(device)' backend.")
    }
}

extension CPUBackend {
    /// `fold == false`: writes the blocks of `image` into the contiguous `columns`
    /// (`[N, C*kh*kw, L]`). `fold == true`: adds each column entry back into the contiguous
    /// `image` at the position it came from (the caller zero-fills it first).
    func im2col(_ image: StridedView, _ columns: StridedView, geometry g: Im2ColGeometry, fold: Bool) {
        switch image.dtype {
        case .float16: im2colTyped(Float16.self, image, columns, g, fold)
        case .float32: im2colTyped(Float.self, image, columns, g, fold)
        case .float64: im2colTyped(Double.self, image, columns, g, fold)
        default: fatalError("im2col: unsupported dtype \(image.dtype)")
        }
    }

    /// One task per (image, channel) plane: a plane's column rows (unfold) or its image
    /// plane (fold) belong to it alone, so tasks never write the same element and each sum
    /// keeps its order at any thread count.
    private func im2colTyped<T: FloatScalar>(_: T.Type, _ image: StridedView, _ columns: StridedView,
                                             _ g: Im2ColGeometry, _ fold: Bool) {
        let x = image.pointer(T.self), col = columns.pointer(T.self)
        let (sn, sc) = (image.strides[0], image.strides[1])
        let planeColumns = g.kernel.0 * g.kernel.1 * g.blockCount
        func plane(_ t: Int) {
            let n = t / g.channels, c = t % g.channels
            im2colPlane(x + image.offset + n * sn + c * sc, rowStride: image.strides[2], colStride: image.strides[3],
                        col + columns.offset + t * planeColumns, g, fold: fold)
        }
        let planes = g.batch * g.channels
        if planes > 1 && planes * planeColumns >= 1 << 16 {
            ThreadPool.shared.parallelFor(planes, plane)
        } else {
            for t in 0..<planes { plane(t) }
        }
    }
}

/// The block columns j (of `blocks`) whose input column `j * stride + offset` lies in
/// `0..<width`: one contiguous range, so the copy inside it needs no bounds checks.
@inline(__always)
func blockColumnsInside(offset: Int, stride: Int, width: Int, blocks: Int) -> (Int, Int) {
    let lo = Swift.min(blocks, offset >= 0 ? 0 : (-offset + stride - 1) / stride)
    let hi = Swift.max(lo, Swift.min(blocks, width - offset <= 0 ? 0 : (width - offset + stride - 1) / stride))
    return (lo, hi)
}

/// Unfolds one image plane (`x` at its first element, strides `sh`, `sw`) into its
/// kh*kw column rows at `col`, or (`fold`) adds those rows back into the plane. Inside a
/// row, the positions whose window lies in the image are found once, so the copy between
/// them is a plain (vectorised) loop.
@inline(__always)
func im2colPlane<T: FloatScalar>(_ x: UnsafeMutablePointer<T>, rowStride sh: Int, colStride sw: Int,
                                 _ col: UnsafeMutablePointer<T>, _ g: Im2ColGeometry, fold: Bool) {
    let (kh, kw) = g.kernel, (oh, ow) = g.blocks
    let rowLength = oh * ow, s1 = g.stride.1
    let pad = T(g.padValue)
    var colBase = col
    for ki in 0..<kh {
        for kj in 0..<kw {
            var out = colBase
            let rowH = ki * g.dilation.0 - g.padding.0, rowW = kj * g.dilation.1 - g.padding.1
            let (jLo, jHi) = blockColumnsInside(offset: rowW, stride: s1, width: g.width, blocks: ow)
            for i in 0..<oh {
                let h = i * g.stride.0 + rowH
                if h < 0 || h >= g.height {
                    if !fold { out.update(repeating: pad, count: ow) }
                    out += ow
                    continue
                }
                let line = x + h * sh + rowW * sw
                if fold {
                    if s1 == 1 && sw == 1 {
                        for j in jLo..<jHi { line[j] += out[j] }
                    } else {
                        for j in jLo..<jHi { line[j * s1 * sw] += out[j] }
                    }
                } else {
                    for j in 0..<jLo { out[j] = pad }
                    if s1 == 1 && sw == 1 {
                        for j in jLo..<jHi { out[j] = line[j] }
                    } else {
                        for j in jLo..<jHi { out[j] = line[j * s1 * sw] }
                    }
                    for j in jHi..<ow { out[j] = pad }
                }
                out += ow
            }
            colBase += rowLength
        }
    }
}

extension Tensor {
    /// Unfolds the sliding blocks of a `[N, C, H, W]` tensor into `[N, C*kh*kw, L]`
    /// (`torch.nn.functional.unfold`; rows ordered channel, then kernel row, then column).
    ///
    /// - Parameters:
    ///   - blocks: block positions per dim; nil for PyTorch's
    ///     `(size + 2*padding - dilation*(kernel-1) - 1) / stride + 1`.
    ///   - paddingValue: what positions outside the image read (-inf for max pooling).
    public func im2col(kernelSize: (Int, Int), dilation: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                       stride: (Int, Int) = (1, 1), blocks: (Int, Int)? = nil, paddingValue: Double = 0,
                       file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard ndim == 4 else {
            emberFatal("Expected 3D or 4D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: \(shapeString(shape))", file: file, line: line)
        }
        guard dtype.isFloatingPoint else {
            emberFatal("\"im2col\" not implemented for '\(dtype == .int64 ? "Long" : dtype == .int32 ? "Int" : dtype == .uint8 ? "Byte" : "Bool")'", file: file, line: line)
        }
        let counted = (
            (shape[2] + 2 * padding.0 - dilation.0 * (kernelSize.0 - 1) - 1) / stride.0 + 1,
            (shape[3] + 2 * padding.1 - dilation.1 * (kernelSize.1 - 1) - 1) / stride.1 + 1)
        let g = Im2ColGeometry(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
                               kernel: kernelSize, dilation: dilation, padding: padding, stride: stride,
                               blocks: blocks ?? counted, padValue: paddingValue)
        guard g.blocks.0 > 0, g.blocks.1 > 0 else {
            emberFatal("Given input with spatial size (\(shape[2]), \(shape[3])), kernel_size=(\(kernelSize.0), \(kernelSize.1)), dilation=(\(dilation.0), \(dilation.1)), padding=(\(padding.0), \(padding.1)), calculated shape of the array of sliding blocks as (\(g.blocks.0), \(g.blocks.1)), but its components must be at least one.", file: file, line: line)
        }
        let out = Tensor(uninitializedShape: [g.batch, g.columnRows, g.blockCount], dtype: dtype, device: device)
        Tensor.im2colKernel(self, out, g, fold: false)
        let imageSize = (shape[2], shape[3])
        Tensor.record("Im2ColBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
            [ctx.grad.col2im(outputSize: imageSize, kernelSize: kernelSize, dilation: dilation, padding: padding,
                             stride: stride, blocks: g.blocks)]
        }
        return out
    }

    /// Sums the columns of a `[N, C*kh*kw, L]` tensor back into a `[N, C, H, W]` image
    /// (`torch.nn.functional.fold`; overlapping entries add up). The inverse layout of `im2col`.
    public func col2im(outputSize: (Int, Int), kernelSize: (Int, Int), dilation: (Int, Int) = (1, 1),
                       padding: (Int, Int) = (0, 0), stride: (Int, Int) = (1, 1), blocks: (Int, Int)? = nil,
                       file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard ndim == 3 else {
            emberFatal("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: \(shapeString(shape))", file: file, line: line)
        }
        let k = kernelSize.0 * kernelSize.1
        guard shape[1] % k == 0 else {
            emberFatal("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=\(shape[1]) and kernel_size=(\(kernelSize.0), \(kernelSize.1))", file: file, line: line)
        }
        let counted = (
            (outputSize.0 + 2 * padding.0 - dilation.0 * (kernelSize.0 - 1) - 1) / stride.0 + 1,
            (outputSize.1 + 2 * padding.1 - dilation.1 * (kernelSize.1 - 1) - 1) / stride.1 + 1)
        let g = Im2ColGeometry(batch: shape[0], channels: shape[1] / k, height: outputSize.0, width: outputSize.1,
                               kernel: kernelSize, dilation: dilation, padding: padding, stride: stride,
                               blocks: blocks ?? counted)
        guard g.blockCount == shape[2] else {
            emberFatal("Given output_size=(\(outputSize.0), \(outputSize.1)), kernel_size=(\(kernelSize.0), \(kernelSize.1)), dilation=(\(dilation.0), \(dilation.1)), padding=(\(padding.0), \(padding.1)), stride=(\(stride.0), \(stride.1)), expected size of input's dimension 2 to match the calculated number of sliding blocks \(g.blocks.0) * \(g.blocks.1) = \(g.blockCount), but got input.size(2)=\(shape[2]).", file: file, line: line)
        }
        let out = Tensor.zeros([g.batch, g.channels, g.height, g.width], dtype: dtype, device: device)
        Tensor.im2colKernel(out, self.contiguous(), g, fold: true)
        Tensor.record("Col2ImBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
            [ctx.grad.im2col(kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride,
                             blocks: g.blocks)]
        }
        return out
    }

    private static func im2colKernel(_ image: Tensor, _ columns: Tensor, _ g: Im2ColGeometry, fold: Bool) {
        if fold { image.bumpVersion() }
        image.backend.im2col(image.view, columns.view, geometry: g, fold: fold)
    }
}
