/// A 2-D convolution's arguments after the caller (EmberNN's `conv2d`) has checked and
/// resolved them: symmetric `padding` before each dim, `blocks` output positions per dim
/// (more than the symmetric formula gives for an asymmetric "same" padding).
package struct Conv2dArguments: Sendable {
    package var stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), blocks: (Int, Int)
    package var groups: Int

    package init(stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), blocks: (Int, Int), groups: Int) {
        (self.stride, self.padding, self.dilation, self.blocks, self.groups) = (stride, padding, dilation, blocks, groups)
    }
}

/// `F.conv2d` as one op and one node (`ConvolutionBackward0`, as in PyTorch) for float32 and
/// float64 CPU tensors: `x` `[N, C, H, W]`, contiguous `weight` `[O, C/groups, kh, kw]`,
/// `bias` `[O]`. Nil when not applicable (the caller composes im2col and matmul instead).
///
/// The backward writes the weight's gradient straight into one buffer and folds each
/// image's column gradient at once; under `createGraph` it is written in Tensor ops instead,
/// so it can be differentiated again.
package func fusedConv2d(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?, _ args: Conv2dArguments,
                         file: StaticString, line: UInt) -> Tensor? {
    guard x.ndim == 4, weight.ndim == 4, x.device == .cpu, weight.device == .cpu, weight.isContiguous,
          x.dtype == .float32 || x.dtype == .float64, weight.dtype == x.dtype, x.count > 0 else { return nil }
    if let bias, bias.dtype != x.dtype || bias.device != .cpu || !bias.isContiguous { return nil }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let kernel = (weight.shape[2], weight.shape[3]), outChannels = weight.shape[0]
    let geometry = Im2ColGeometry(batch: n, channels: c, height: h, width: w, kernel: kernel, dilation: args.dilation,
                                  padding: args.padding, stride: args.stride, blocks: args.blocks)
    let plan = ConvPlan(geometry: geometry, groups: args.groups, outChannels: outChannels)
    guard let cpu = x.backend as? CPUBackend else { return nil }
    let out = Tensor(uninitializedShape: [n, outChannels, args.blocks.0, args.blocks.1], dtype: x.dtype)
    // The columns are kept only for a weight gradient.
    let recording = ThreadState.current.gradEnabled && (x.requiresGrad || weight.requiresGrad || bias?.requiresGrad == true)
    let columns = recording && weight.requiresGrad
        ? Tensor(uninitializedShape: [n, geometry.columnRows, geometry.blockCount], dtype: x.dtype) : nil
    cpu.convolutionForward(x.view, weight: weight.view, bias: bias?.view, columns: columns?.view, out: out.view, plan: plan)
    guard recording else { return out }
    let inputs = [x, weight] + (bias.map { [$0] } ?? []), hasBias = bias != nil
    Tensor.record("ConvolutionBackward0", inputs: inputs, saving: [x, weight], outputs: [out], file: file, line: line) { ctx in
        let g = ctx.grad
        if ThreadState.current.gradEnabled {
            return conv2dBackwardComposite(g, ctx.saved(0), ctx.saved(1), hasBias: hasBias, args, needs: ctx.needs)
        }
        let gradOut = g.contiguous()
        let gx = ctx.needs(0) ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gw = ctx.needs(1) ? Tensor(uninitializedShape: weight.shape, dtype: x.dtype) : nil
        let gb = hasBias && ctx.needs(2) ? Tensor(uninitializedShape: [outChannels], dtype: x.dtype) : nil
        cpu.convolutionBackward(gradOut.view, columns: (columns ?? gradOut).view, weight: ctx.saved(1).view,
                                gradInput: gx?.view, gradWeight: gw?.view, gradBias: gb?.view, plan: plan)
        return [gx, gw] + (hasBias ? [gb] : [])
    }
    return out
}

/// The convolution's backward in differentiable Tensor ops (for `createGraph`).
private func conv2dBackwardComposite(_ g: Tensor, _ x: Tensor, _ weight: Tensor, hasBias: Bool, _ args: Conv2dArguments,
                                     needs: (Int) -> Bool) -> [Tensor?] {
    let (n, groups, outChannels) = (x.shape[0], args.groups, weight.shape[0])
    let kernel = (weight.shape[2], weight.shape[3])
    let perGroup = weight.shape[1] * kernel.0 * kernel.1
    let blockCount = args.blocks.0 * args.blocks.1
    let gradOut = g.reshape([n, groups, outChannels / groups, blockCount])
    var gx: Tensor?, gw: Tensor?, gb: Tensor?
    if needs(0) {
        let w = weight.reshape([groups, outChannels / groups, perGroup])
        let gradColumns = w.transpose(-1, -2).matmul(gradOut).reshape([n, groups * perGroup, blockCount])
        gx = gradColumns.col2im(outputSize: (x.shape[2], x.shape[3]), kernelSize: kernel, dilation: args.dilation,
                                padding: args.padding, stride: args.stride, blocks: args.blocks)
    }
    if needs(1) {
        let columns = x.im2col(kernelSize: kernel, dilation: args.dilation, padding: args.padding, stride: args.stride,
                               blocks: args.blocks).view([n, groups, perGroup, blockCount])
        gw = gradOut.matmul(columns.transpose(-1, -2)).sum(dim: 0).reshape(weight.shape)
    }
    if hasBias && needs(2) { gb = g.sum(dim: [0, 2, 3]) }
    return [gx, gw] + (hasBias ? [gb] : [])
}
