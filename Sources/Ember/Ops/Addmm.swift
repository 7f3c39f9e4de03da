/// `torch.addmm(input, mat1, mat2, beta=1, alpha=1)`: `beta·input + alpha·(mat1 @ mat2)`,
/// `input` broadcast to the product's shape.
///
/// With beta = alpha = 1 on float tensors (what `nn.Linear` does), `input` is written into
/// the result first and the GEMM accumulates onto it: one pass and one node
/// (`AddmmBackward0`), as in PyTorch, instead of a product, a broadcast add and their two
/// result tensors.
public func addmm(_ input: Tensor, _ mat1: Tensor, _ mat2: Tensor, beta: Double = 1, alpha: Double = 1,
                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.addmm", [.tensor(input), .tensor(mat1), .tensor(mat2)] + (beta == 1 && alpha == 1 ? [] : [.double(beta), .double(alpha)]), file: file, line: line) {
        guard mat1.ndim == 2 else { emberFatal("mat1 must be a matrix, got \(mat1.ndim)-D tensor", file: file, line: line) }
        guard mat2.ndim == 2 else { emberFatal("mat2 must be a matrix, got \(mat2.ndim)-D tensor", file: file, line: line) }
        guard mat1.shape[1] == mat2.shape[0] else {
            emberFatal("mat1 and mat2 shapes cannot be multiplied (\(mat1.shape[0])x\(mat1.shape[1]) and \(mat2.shape[0])x\(mat2.shape[1]))", file: file, line: line)
        }
        let outShape = [mat1.shape[0], mat2.shape[1]]
        _ = broadcastShapes(input.shape, outShape, file: file, line: line)
        guard beta == 1, alpha == 1, input.dtype == mat1.dtype, mat1.dtype == mat2.dtype,
              mat1.dtype == .float32 || mat1.dtype == .float64 else {
            let product = mm(mat1, mat2, file: file, line: line)
            let scaledInput = beta == 1 ? input : input.mul(Tensor.wrap(beta, device: input.device), file: file, line: line)
            let scaledProduct = alpha == 1 ? product : product.mul(Tensor.wrap(alpha, device: product.device), file: file, line: line)
            return scaledInput.add(scaledProduct, file: file, line: line)
        }
        Tensor.checkSameDevice(mat1, mat2, file: file, line: line)
        Tensor.checkSameDevice(input, mat1, file: file, line: line)
        let out = Tensor(uninitializedShape: outShape, dtype: mat1.dtype, device: mat1.device)
        mat1.backend.copy(input.view(broadcastTo: outShape), into: out.view)
        mat1.backend.matmul(batchView(mat1), batchView(mat2), into: batchView(out), accumulate: true)
        Tensor.record("AddmmBackward0", inputs: [input, mat1, mat2],
                      saving: [nil, mat2.requiresGrad ? mat1 : nil, mat1.requiresGrad ? mat2 : nil],
                      outputs: [out], file: file, line: line) { ctx in
            let g = ctx.grad
            return [ctx.needs(0) ? g : nil,
                    ctx.needs(1) ? g.mm(ctx.saved(2).t()) : nil,
                    ctx.needs(2) ? ctx.saved(1).t().mm(g) : nil]
        }
        return out
    }
}

/// `F.linear`'s fused form on 2-D float input, `x Wᵀ + b` in one GEMM pass: the weight's
/// gradient is computed as `gᵀ x`, already in the weight's layout, so it reaches `.grad`
/// without the transposed copy the `x @ W.t()` path needs. Nil when not applicable (the
/// caller composes `matmul` and `add`, as before).
package func fusedLinear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?, file: StaticString, line: UInt) -> Tensor? {
    guard x.ndim == 2, weight.ndim == 2, x.shape[1] == weight.shape[1], x.dtype == weight.dtype,
          x.dtype == .float32 || x.dtype == .float64, x.device == weight.device else { return nil }
    if let bias, bias.ndim != 1 || bias.count != weight.shape[0] || bias.dtype != x.dtype || bias.device != x.device {
        return nil
    }
    let outShape = [x.shape[0], weight.shape[0]]
    let out = Tensor(uninitializedShape: outShape, dtype: x.dtype, device: x.device)
    if let bias { x.backend.copy(bias.view(broadcastTo: outShape), into: out.view) }
    x.backend.matmul(batchView(x), batchView(weight.t()), into: batchView(out), accumulate: bias != nil)
    let inputs = bias.map { [$0, x, weight] } ?? [x, weight]
    let offset = bias == nil ? 0 : 1
    Tensor.record(bias == nil ? "MmBackward0" : "AddmmBackward0", inputs: inputs,
                  saving: (bias == nil ? [] : [nil]) + [weight.requiresGrad ? x : nil, x.requiresGrad ? weight : nil],
                  outputs: [out], file: file, line: line) { ctx in
        let g = ctx.grad
        let gx = ctx.needs(offset) ? g.mm(ctx.saved(offset + 1)) : nil
        let gw = ctx.needs(offset + 1) ? g.t().mm(ctx.saved(offset)) : nil
        return bias == nil ? [gx, gw] : [ctx.needs(0) ? g.sum(dim: 0) : nil, gx, gw]
    }
    return out
}

/// A matrix as the backend's `[1, M, N]` batch.
private func batchView(_ t: Tensor) -> StridedView {
    StridedView(storage: t.storage, shape: [1] + t.shape, strides: [0] + t.strides, offset: t.storageOffset, dtype: t.dtype)
}
