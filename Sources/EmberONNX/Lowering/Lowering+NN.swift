import Ember

// The nn family in ONNX: one ONNX op where ONNX has the same computation (Gemm, Conv,
// ConvTranspose, MaxPool, AveragePool, BatchNormalization, LayerNormalization,
// InstanceNormalization, Gather, DepthToSpace), a small decomposition where it does not or
// where its form changes across opsets 17–21 (group norm, batch statistics, pixel unshuffle).
// Unbatched inputs ([C, H, W]) get a batch axis around ops that require one.

extension ONNXLowerings {
    /// Lowerings of the nn family.
    static let nn: [String: ONNXLowering] = [
        "aten.linear": NNLowering.linear,
        "aten.conv1d": { ctx, node in try NNLowering.conv(ctx, node, spatial: 1) },
        "aten.conv2d": { ctx, node in try NNLowering.conv(ctx, node, spatial: 2) },
        "aten.conv_transpose1d": { ctx, node in try NNLowering.convTranspose(ctx, node, spatial: 1) },
        "aten.conv_transpose2d": { ctx, node in try NNLowering.convTranspose(ctx, node, spatial: 2) },
        "aten.max_pool1d": { ctx, node in try NNLowering.maxPool(ctx, node, spatial: 1) },
        "aten.max_pool2d": { ctx, node in try NNLowering.maxPool(ctx, node, spatial: 2) },
        "aten.avg_pool1d": { ctx, node in try NNLowering.avgPool(ctx, node, spatial: 1) },
        "aten.avg_pool2d": { ctx, node in try NNLowering.avgPool(ctx, node, spatial: 2) },
        "aten.adaptive_avg_pool1d": { ctx, node in try NNLowering.adaptiveAvgPool(ctx, node, spatial: 1) },
        "aten.adaptive_avg_pool2d": { ctx, node in try NNLowering.adaptiveAvgPool(ctx, node, spatial: 2) },
        "aten.batch_norm": NNLowering.batchNorm,
        "aten.instance_norm": NNLowering.instanceNorm,
        "aten.layer_norm": NNLowering.layerNorm,
        "aten.group_norm": NNLowering.groupNorm,
        "aten.embedding": NNLowering.embedding,
        "aten.upsample_nearest1d": NNLowering.resize,
        "aten.upsample_nearest2d": NNLowering.resize,
        "aten.upsample_linear1d": NNLowering.resize,
        "aten.upsample_bilinear2d": NNLowering.resize,
        "aten.pixel_shuffle": NNLowering.pixelShuffle,
        "aten.pixel_unshuffle": NNLowering.pixelUnshuffle,
    ]
}

/// The nn family's lowerings and the helpers they share.
private enum NNLowering {
    // MARK: Helpers

    /// The rank of tensor argument `i`.
    static func rank(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ i: Int) throws -> Int {
        ctx.shape(try ctx.value(node, i)).count
    }

    /// Fails unless the node's first input is floating point (ONNX's Conv, pooling and
    /// normalisation ops take float types only).
    static func requireFloat(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let dtype = ctx.dtype(try ctx.value(node, 0))
        guard [.float16, .bfloat16, .float32, .float64].contains(dtype) else {
            throw ctx.fail(node, "ONNX has no \(dtype) form of this op (floating-point inputs only)")
        }
    }

    /// Runs `body` on `x` with a leading batch axis when the input is unbatched
    /// (`rank == batchedRank - 1`), writing the node's output either way.
    static func withBatch(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ x: String, unbatched: Bool,
                          _ body: (_ x: String, _ output: String?) throws -> String) throws {
        let out = ctx.outputNames(node)[0]
        guard unbatched else { _ = try body(x, out); return }
        let axes = ctx.int64s([0])
        let y = try body(ctx.add1("Unsqueeze", [x, axes]), nil)
        ctx.add1("Squeeze", [y, axes], output: out)
    }

    /// `ReduceMean` with `axes` as an attribute before opset 18 and as an input from 18.
    static func reduceMean(_ ctx: ONNXLoweringContext, _ x: String, axes: [Int]) -> String {
        if ctx.opset >= 18 {
            return ctx.add1("ReduceMean", [x, ctx.int64s(axes)], [("keepdims", .int(1))])
        }
        return ctx.add1("ReduceMean", [x], [("axes", .ints(axes)), ("keepdims", .int(1))])
    }

    /// `(x − mean) / sqrt(var + eps)` over `axes` with the biased variance, as Ember computes
    /// batch, group and instance statistics.
    static func standardize(_ ctx: ONNXLoweringContext, _ x: String, axes: [Int], eps: Double, dtype: DType) -> String {
        let centered = ctx.add1("Sub", [x, reduceMean(ctx, x, axes: axes)])
        let variance = reduceMean(ctx, ctx.add1("Mul", [centered, centered]), axes: axes)
        let std = ctx.add1("Sqrt", [ctx.add1("Add", [variance, ctx.scalar(eps, dtype: dtype)])])
        return ctx.add1("Div", [centered, std])
    }

    /// Multiplies by `weight` and adds `bias` (per channel, dim 1 of a rank-`rank` tensor).
    static func channelAffine(_ ctx: ONNXLoweringContext, _ y: String, weight: String?, bias: String?, channels: Int,
                              rank: Int, output: String) {
        let shape = ctx.int64s([channels] + Array(repeating: 1, count: Swift.max(rank - 2, 0)))
        var y = y
        if let weight {
            let w = ctx.add1("Reshape", [weight, shape])
            y = ctx.add1("Mul", [y, w], output: bias == nil ? output : nil)
        }
        if let bias {
            ctx.add1("Add", [y, ctx.add1("Reshape", [bias, shape])], output: output)
        } else if weight == nil {
            ctx.add1("Identity", [y], output: output)
        }
    }

    /// A constant channel scale or shift when the op had none (ONNX requires the input).
    static func filled(_ ctx: ONNXLoweringContext, _ given: String?, _ value: Double, _ shape: [Int], _ dtype: DType) -> String {
        given ?? ctx.constant(Tensor.full(shape, value, dtype: dtype), hint: value == 1 ? "ones" : "zeros")
    }

    /// A constant dimension of a value, or an error naming it.
    static func staticDims(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ dims: [SymInt], _ what: String) throws -> [Int] {
        try dims.map { d in
            guard let v = d.constantValue else { throw ctx.fail(node, "\(what) depends on a dynamic dimension (\(d))") }
            return v
        }
    }

    /// PyTorch's pooling output size (ceil mode drops a last window that starts in the padding).
    static func torchPoolSize(_ size: Int, _ k: Int, _ p: Int, _ s: Int, _ d: Int, ceil: Bool) -> Int {
        let numerator = size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)
        var out = (numerator >= 0 ? numerator / s : -((-numerator + s - 1) / s)) + 1
        if ceil && (out - 1) * s >= size + p { out -= 1 }
        return out
    }

    /// ONNX's `ceil_mode` for a pooling node: 0 when ceil mode adds no window, 1 when ONNX's
    /// ceil rule gives PyTorch's sizes, else an error (the sizes would differ).
    static func ceilAttribute(_ ctx: ONNXLoweringContext, _ node: GraphNode, sizes: [SymInt], kernel: [Int], stride: [Int],
                              padding: [Int], dilation: [Int], ceilMode: Bool, allowOverhang: Bool) throws -> Int {
        guard ceilMode else { return 0 }
        let spatial = try staticDims(ctx, node, sizes, "ceil_mode pooling over a spatial size that")
        var overhang = false
        var mismatch: String?
        for i in spatial.indices {
            let torch = torchPoolSize(spatial[i], kernel[i], padding[i], stride[i], dilation[i], ceil: true)
            let floor = torchPoolSize(spatial[i], kernel[i], padding[i], stride[i], dilation[i], ceil: false)
            // ONNX's ceil rule without PyTorch's "last window starts inside" correction, which
            // older runtimes lack: emit ceil_mode only where both rules agree.
            let span = spatial[i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1
            let onnx = (span + stride[i] - 1) / stride[i] + 1
            if torch != floor { overhang = true }
            if torch != onnx { mismatch = "ceil_mode=True gives \(torch) windows in PyTorch but \(onnx) in ONNX for size \(spatial[i])" }
        }
        guard overhang else { return 0 }
        if let mismatch { throw ctx.fail(node, mismatch) }
        if !allowOverhang {
            throw ctx.fail(node, "ceil_mode=True with count_include_pad=True and a window past the padding has no ONNX equivalent")
        }
        return 1
    }

    // MARK: Linear and convolution

    /// `aten.linear(input, weight, bias?)`: Gemm (transB) for 2-D input, else MatMul with the
    /// transposed weight (+ Add).
    static func linear(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let x = try ctx.input(node, 0), w = try ctx.input(node, 1), b = try ctx.optionalInput(node, 2)
        let out = ctx.outputNames(node)[0]
        guard try rank(ctx, node, 1) == 2 else { throw ctx.fail(node, "the weight must be 2-D") }
        if try rank(ctx, node, 0) == 2 {
            ctx.add1("Gemm", [x, w] + (b.map { [$0] } ?? []), output: out, [("transB", .int(1))])
            return
        }
        let wt = ctx.add1("Transpose", [w], [("perm", .ints([1, 0]))])
        guard let b else { ctx.add1("MatMul", [x, wt], output: out); return }
        ctx.add1("Add", [ctx.add1("MatMul", [x, wt]), b], output: out)
    }

    /// `aten.conv1d/2d(input, weight, bias?, stride, padding, dilation, groups)`: Conv.
    static func conv(_ ctx: ONNXLoweringContext, _ node: GraphNode, spatial: Int) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0), w = try ctx.input(node, 1), b = try ctx.optionalInput(node, 2)
        let stride = try ctx.ints(node, 3), dilation = try ctx.ints(node, 5), groups = try ctx.int(node, 6)
        let kernel = try staticDims(ctx, node, Array(ctx.shape(try ctx.value(node, 1)).dropFirst(2)), "the kernel size")
        var pads: [Int]
        if case .string(let mode) = node.arguments[4] {
            if mode == "same" {
                let total = (0..<spatial).map { dilation[$0] * (kernel[$0] - 1) }
                // PyTorch pads the odd extra element at the end.
                pads = total.map { $0 / 2 } + total.map { $0 - $0 / 2 }
            } else {
                pads = Array(repeating: 0, count: 2 * spatial)
            }
        } else {
            let p = try ctx.ints(node, 4)
            pads = p + p
        }
        let unbatched = try rank(ctx, node, 0) == spatial + 1
        try withBatch(ctx, node, x, unbatched: unbatched) { x, output in
            ctx.add1("Conv", [x, w] + (b.map { [$0] } ?? []), output: output,
                     [("kernel_shape", .ints(kernel)), ("strides", .ints(stride)), ("pads", .ints(pads)),
                      ("dilations", .ints(dilation)), ("group", .int(groups))])
        }
    }

    /// `aten.conv_transpose1d/2d(input, weight, bias?, stride, padding, output_padding, groups,
    /// dilation)`: ConvTranspose.
    static func convTranspose(_ ctx: ONNXLoweringContext, _ node: GraphNode, spatial: Int) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0), w = try ctx.input(node, 1), b = try ctx.optionalInput(node, 2)
        let stride = try ctx.ints(node, 3), padding = try ctx.ints(node, 4), outputPadding = try ctx.ints(node, 5)
        let groups = try ctx.int(node, 6), dilation = try ctx.ints(node, 7)
        let kernel = try staticDims(ctx, node, Array(ctx.shape(try ctx.value(node, 1)).dropFirst(2)), "the kernel size")
        let unbatched = try rank(ctx, node, 0) == spatial + 1
        try withBatch(ctx, node, x, unbatched: unbatched) { x, output in
            ctx.add1("ConvTranspose", [x, w] + (b.map { [$0] } ?? []), output: output,
                     [("kernel_shape", .ints(kernel)), ("strides", .ints(stride)), ("pads", .ints(padding + padding)),
                      ("output_padding", .ints(outputPadding)), ("dilations", .ints(dilation)), ("group", .int(groups))])
        }
    }

    // MARK: Pooling

    /// `aten.max_pool1d/2d(input, kernel_size, stride, padding, dilation, ceil_mode)`: MaxPool.
    static func maxPool(_ ctx: ONNXLoweringContext, _ node: GraphNode, spatial: Int) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0)
        let kernel = try ctx.ints(node, 1), stride = try ctx.ints(node, 2), padding = try ctx.ints(node, 3)
        let dilation = try ctx.ints(node, 4), ceilMode = try ctx.bool(node, 5)
        let shape = ctx.shape(try ctx.value(node, 0))
        let ceil = try ceilAttribute(ctx, node, sizes: Array(shape.suffix(spatial)), kernel: kernel, stride: stride,
                                     padding: padding, dilation: dilation, ceilMode: ceilMode, allowOverhang: true)
        try withBatch(ctx, node, x, unbatched: shape.count == spatial + 1) { x, output in
            ctx.add1("MaxPool", [x], output: output,
                     [("kernel_shape", .ints(kernel)), ("strides", .ints(stride)), ("pads", .ints(padding + padding)),
                      ("dilations", .ints(dilation)), ("ceil_mode", .int(ceil))])
        }
    }

    /// `aten.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)` and
    /// `aten.avg_pool2d(…, divisor_override?)`: AveragePool.
    static func avgPool(_ ctx: ONNXLoweringContext, _ node: GraphNode, spatial: Int) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0)
        let kernel = try ctx.ints(node, 1), stride = try ctx.ints(node, 2), padding = try ctx.ints(node, 3)
        let ceilMode = try ctx.bool(node, 4), countIncludePad = try ctx.bool(node, 5)
        if spatial == 2, try ctx.optionalInt(node, 6) != nil {
            throw ctx.fail(node, "divisor_override has no ONNX equivalent")
        }
        let shape = ctx.shape(try ctx.value(node, 0))
        let ceil = try ceilAttribute(ctx, node, sizes: Array(shape.suffix(spatial)), kernel: kernel, stride: stride,
                                     padding: padding, dilation: Array(repeating: 1, count: spatial), ceilMode: ceilMode,
                                     allowOverhang: !countIncludePad || padding.allSatisfy { $0 == 0 })
        try withBatch(ctx, node, x, unbatched: shape.count == spatial + 1) { x, output in
            ctx.add1("AveragePool", [x], output: output,
                     [("kernel_shape", .ints(kernel)), ("strides", .ints(stride)), ("pads", .ints(padding + padding)),
                      ("ceil_mode", .int(ceil)), ("count_include_pad", .int(countIncludePad ? 1 : 0))])
        }
    }

    /// `aten.adaptive_avg_pool1d/2d(input, output_size)`: GlobalAveragePool for a 1×1 output,
    /// else AveragePool when the (static) input size divides evenly.
    static func adaptiveAvgPool(_ ctx: ONNXLoweringContext, _ node: GraphNode, spatial: Int) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0), outputSize = try ctx.ints(node, 1)
        let shape = ctx.shape(try ctx.value(node, 0))
        let unbatched = shape.count == spatial + 1
        if outputSize.allSatisfy({ $0 == 1 }) {
            try withBatch(ctx, node, x, unbatched: unbatched) { x, output in ctx.add1("GlobalAveragePool", [x], output: output) }
            return
        }
        let sizes = try staticDims(ctx, node, Array(shape.suffix(spatial)),
                                   "adaptive pooling to \(outputSize) over a spatial size that")
        guard outputSize.allSatisfy({ $0 > 0 }), (0..<spatial).allSatisfy({ sizes[$0] % outputSize[$0] == 0 }) else {
            throw ctx.fail(node, "adaptive pooling of size \(sizes) to \(outputSize) has uneven windows, which ONNX cannot express")
        }
        let kernel = (0..<spatial).map { sizes[$0] / outputSize[$0] }
        try withBatch(ctx, node, x, unbatched: unbatched) { x, output in
            ctx.add1("AveragePool", [x], output: output, [("kernel_shape", .ints(kernel)), ("strides", .ints(kernel))])
        }
    }

    // MARK: Normalisation

    /// `aten.batch_norm(input, running_mean?, running_var?, weight?, bias?, training, momentum,
    /// eps)`: BatchNormalization with the running statistics (inference), or the batch
    /// statistics decomposed when `training` (no running statistics to update).
    static func batchNorm(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0)
        let mean = try ctx.optionalInput(node, 1), variance = try ctx.optionalInput(node, 2)
        let weight = try ctx.optionalInput(node, 3), bias = try ctx.optionalInput(node, 4)
        let training = try ctx.bool(node, 5), eps = try ctx.double(node, 7)
        let xValue = try ctx.value(node, 0)
        let shape = ctx.shape(xValue), dtype = ctx.dtype(xValue)
        guard let channels = shape[1].constantValue else { throw ctx.fail(node, "the channel count is dynamic") }
        let out = ctx.outputNames(node)[0]
        if training || mean == nil || variance == nil {
            let axes = [0] + Array(2..<shape.count)
            let y = standardize(ctx, x, axes: axes, eps: eps, dtype: dtype)
            channelAffine(ctx, y, weight: weight, bias: bias, channels: channels, rank: shape.count, output: out)
            return
        }
        try inferenceBatchNorm(ctx, node, x, mean: mean!, variance: variance!, weight: weight, bias: bias, eps: eps,
                               channels: channels, dtype: dtype, output: out)
    }

    /// BatchNormalization with given statistics (BatchNorm and InstanceNorm in eval).
    static func inferenceBatchNorm(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ x: String, mean: String, variance: String,
                                   weight: String?, bias: String?, eps: Double, channels: Int, dtype: DType,
                                   output: String) throws {
        let scale = filled(ctx, weight, 1, [channels], dtype), shift = filled(ctx, bias, 0, [channels], dtype)
        // Before opset 15 every input shares one type; keep them so for any reader.
        var stats = [mean, variance]
        for i in 0..<2 {
            let value = try ctx.value(node, 1 + i)
            stats[i] = try ctx.cast(stats[i], from: ctx.dtype(value), to: dtype)
        }
        ctx.add1("BatchNormalization", [x, scale, shift, stats[0], stats[1]], output: output, [("epsilon", .float(eps))])
    }

    /// `aten.instance_norm(input, running_mean?, running_var?, weight?, bias?, use_input_stats,
    /// momentum, eps)`: InstanceNormalization, or BatchNormalization with the running
    /// statistics when `use_input_stats` is false.
    static func instanceNorm(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0)
        let mean = try ctx.optionalInput(node, 1), variance = try ctx.optionalInput(node, 2)
        let weight = try ctx.optionalInput(node, 3), bias = try ctx.optionalInput(node, 4)
        let useInputStats = try ctx.bool(node, 5), eps = try ctx.double(node, 7)
        let xValue = try ctx.value(node, 0)
        let shape = ctx.shape(xValue), dtype = ctx.dtype(xValue)
        guard let channels = shape[1].constantValue else { throw ctx.fail(node, "the channel count is dynamic") }
        let out = ctx.outputNames(node)[0]
        if !useInputStats, let mean, let variance {
            try inferenceBatchNorm(ctx, node, x, mean: mean, variance: variance, weight: weight, bias: bias, eps: eps,
                                   channels: channels, dtype: dtype, output: out)
            return
        }
        let scale = filled(ctx, weight, 1, [channels], dtype), shift = filled(ctx, bias, 0, [channels], dtype)
        ctx.add1("InstanceNormalization", [x, scale, shift], output: out, [("epsilon", .float(eps))])
    }

    /// `aten.layer_norm(input, normalized_shape, weight?, bias?, eps)`: LayerNormalization.
    static func layerNorm(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0), normalizedShape = try ctx.ints(node, 1)
        let weight = try ctx.optionalInput(node, 2), bias = try ctx.optionalInput(node, 3), eps = try ctx.double(node, 4)
        let dtype = ctx.dtype(try ctx.value(node, 0))
        let scale = filled(ctx, weight, 1, normalizedShape, dtype)
        ctx.add1("LayerNormalization", [x, scale] + (bias.map { [$0] } ?? []), output: ctx.outputNames(node)[0],
                 [("axis", .int(-normalizedShape.count)), ("epsilon", .float(eps))])
    }

    /// `aten.group_norm(input, num_groups, weight?, bias?, eps)`: Reshape to [N, G, -1],
    /// standardise over the last axis, Reshape back, then the per-channel affine. (ONNX's
    /// GroupNormalization changed its scale's shape in opset 21; this form holds for 17–21.)
    static func groupNorm(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0), groups = try ctx.int(node, 1)
        let weight = try ctx.optionalInput(node, 2), bias = try ctx.optionalInput(node, 3), eps = try ctx.double(node, 4)
        let xValue = try ctx.value(node, 0)
        let shape = ctx.shape(xValue), dtype = ctx.dtype(xValue)
        guard let channels = shape[1].constantValue else { throw ctx.fail(node, "the channel count is dynamic") }
        let grouped = ctx.add1("Reshape", [x, ctx.int64s([0, groups, -1])])
        let y = standardize(ctx, grouped, axes: [2], eps: eps, dtype: dtype)
        let restored = ctx.add1("Reshape", [y, ctx.add1("Shape", [x])])
        channelAffine(ctx, restored, weight: weight, bias: bias, channels: channels, rank: shape.count,
                      output: ctx.outputNames(node)[0])
    }

    // MARK: Resampling

    /// `interpolate` (`aten.upsample_*`: input, size?, mode, align_corners?,
    /// recompute_scale_factor?, scale factors…): Resize with PyTorch's coordinate rules
    /// (nearest: asymmetric + floor; linear: pytorch_half_pixel or align_corners). Given scale
    /// factors go in as scales (PyTorch indexes with 1/scale), else the output sizes.
    static func resize(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        try requireFloat(ctx, node)
        let x = try ctx.input(node, 0), mode = try ctx.string(node, 2)
        let alignCorners = if case .bool(let b) = node.arguments[3] { b } else { false }
        let recompute = if case .bool(let b) = node.arguments[4] { b } else { false }
        let factors = try (5..<node.arguments.count).map { try ctx.double(node, $0) }
        let spatial = try rank(ctx, node, 0) - 2
        var attributes: [(String, ONNXAttributeValue)]
        if mode == "nearest" {
            attributes = [("mode", .string("nearest")), ("coordinate_transformation_mode", .string("asymmetric")),
                          ("nearest_mode", .string("floor"))]
        } else {
            attributes = [("mode", .string("linear")),
                          ("coordinate_transformation_mode", .string(alignCorners ? "align_corners" : "pytorch_half_pixel"))]
        }
        let out = ctx.outputNames(node)[0]
        if !factors.isEmpty && !recompute {
            let perDim = factors.count == 1 ? Array(repeating: factors[0], count: spatial) : factors
            let scales = ctx.constant(Tensor([1, 1] + perDim.map { Float($0) }), hint: "scales")
            ctx.add1("Resize", [x, "", scales], output: out, attributes)
        } else {
            let sizes = try ctx.shapeTensor(ctx.shape(node.outputs[0]))
            ctx.add1("Resize", [x, "", "", sizes], output: out, attributes)
        }
    }

    // MARK: Embedding and pixel shuffles

    /// `aten.embedding(input, weight, padding_idx?)`: Gather(weight, input) on axis 0 (the
    /// padding index only changes gradients).
    static func embedding(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let ids = try ctx.input(node, 0), weight = try ctx.input(node, 1)
        ctx.add1("Gather", [weight, ids], output: ctx.outputNames(node)[0], [("axis", .int(0))])
    }

    /// `aten.pixel_shuffle(input, upscale_factor)`: DepthToSpace in CRD order (PyTorch's).
    static func pixelShuffle(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let x = try ctx.input(node, 0), r = try ctx.int(node, 1)
        let rank = try rank(ctx, node, 0)
        guard rank == 3 || rank == 4 else { throw ctx.fail(node, "ONNX's DepthToSpace takes 3-D or 4-D input only (got \(rank)-D)") }
        try withBatch(ctx, node, x, unbatched: rank == 3) { x, output in
            ctx.add1("DepthToSpace", [x], output: output, [("blocksize", .int(r)), ("mode", .string("CRD"))])
        }
    }

    /// `aten.pixel_unshuffle(input, downscale_factor)`: Reshape to [N, C, H/r, r, W/r, r],
    /// Transpose, Reshape (ONNX's SpaceToDepth orders channels otherwise).
    static func pixelUnshuffle(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let x = try ctx.input(node, 0), r = try ctx.int(node, 1)
        let shape = ctx.shape(try ctx.value(node, 0))
        guard shape.count == 3 || shape.count == 4 else {
            throw ctx.fail(node, "only 3-D or 4-D input is supported (got \(shape.count)-D)")
        }
        let chw = try staticDims(ctx, node, Array(shape.suffix(3)), "the channel or spatial size")
        let (c, h, w) = (chw[0], chw[1], chw[2])
        try withBatch(ctx, node, x, unbatched: shape.count == 3) { x, output in
            let split = ctx.add1("Reshape", [x, ctx.int64s([0, c, h / r, r, w / r, r])])
            let moved = ctx.add1("Transpose", [split], [("perm", .ints([0, 1, 3, 5, 2, 4]))])
            return ctx.add1("Reshape", [moved, ctx.int64s([0, c * r * r, h / r, w / r])], output: output)
        }
    }
}
