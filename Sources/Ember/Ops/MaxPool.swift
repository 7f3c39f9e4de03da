/// `max_pool2d_with_indices` on float32/float64 CPU tensors `[N, C, H, W]`, after the caller
/// (EmberNN) has checked the arguments: the maxima `[N, C, blocks.0, blocks.1]` and their
/// int64 positions flat in each input plane, one node (`MaxPool2DWithIndicesBackward0`).
/// Nil when not applicable (the caller pools over an im2col unfold instead).
package func fusedMaxPool2d(_ x: Tensor, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
                            dilation: (Int, Int), blocks: (Int, Int),
                            file: StaticString, line: UInt) -> (values: Tensor, indices: Tensor)? {
    guard x.ndim == 4, x.device == .cpu, x.dtype == .float32 || x.dtype == .float64, x.count > 0,
          let cpu = x.backend as? CPUBackend else { return nil }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let plan = MaxPoolPlan(planes: n * c, height: h, width: w, kernel: kernel, stride: stride, padding: padding,
                           dilation: dilation, blocks: blocks)
    let outShape = [n, c, blocks.0, blocks.1]
    let values = Tensor(uninitializedShape: outShape, dtype: x.dtype)
    let indices = Tensor(uninitializedShape: outShape, dtype: .int64)
    cpu.maxPool2d(x.view, values: values.view, indices: indices.view, plan: plan)
    let inputShape = x.shape
    Tensor.record("MaxPool2DWithIndicesBackward0", inputs: [x], outputs: [values], file: file, line: line) { ctx in
        let g = ctx.grad
        if ThreadState.current.gradEnabled {
            // In Tensor ops, so createGraph differentiates it again.
            let flat = Tensor.zeros([n, c, h * w], dtype: g.dtype)
                .scatterAdd(2, indices.reshape([n, c, -1]), g.reshape([n, c, -1]))
            return [flat.view(inputShape)]
        }
        let gx = Tensor(uninitializedShape: inputShape, dtype: g.dtype)
        cpu.maxPool2dBackward(g.contiguous().view, indices: indices.view, gradInput: gx.view, plan: plan)
        return [gx]
    }
    return (values, indices)
}
