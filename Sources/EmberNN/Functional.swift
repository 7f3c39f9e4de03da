// `torch.nn.functional`, camelCased: the layers' computations as free functions.
// `relu`, `gelu` (exact), `sigmoid`, `tanh`, `softmax` and `logSoftmax` come from Ember.

/// The location layers pass to the ops in their `forward`: the user's `model(x)` line
/// while a module call runs, else the given one.
func currentSite(_ file: StaticString = #fileID, _ line: UInt = #line) -> (file: StaticString, line: UInt) {
    if let site = CallSite.current { return (site.file, site.line) }
    return (file, line)
}

/// `F.linear(input, weight, bias)`: input Wᵀ + b.
public func linear(_ input: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.linear", [.tensor(input), .tensor(weight), .optional(bias)], file: file, line: line) {
        // 2-D float input: one fused GEMM pass and one node (PyTorch's addmm).
        if let y = fusedLinear(input, weight, bias, file: file, line: line) { return y }
        let y = matmul(input, weight.t(file: file, line: line), file: file, line: line)
        guard let bias else { return y }
        return y.add(bias, file: file, line: line)
    }
}

/// `F.dropout(input, p=0.5, training=True)`: zeroes elements with probability `p` and
/// scales the rest by 1/(1−p), in training only.
public func dropout(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator? = nil,
                    file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if p < 0 || p > 1 {
        emberFatal("dropout probability has to be between 0 and 1, but got \(p)", file: file, line: line)
    }
    guard training, p > 0 else { return input }
    refuseCapture("dropout in training mode draws a random mask, which an exported graph cannot replay; call model.eval() (or pass training: false) before export",
                  file: file, line: line)
    if p == 1 { return input.mul(Tensor.zeros(like: input), file: file, line: line) }
    // PyTorch's draw: a Bernoulli(1 - p) mask scaled by 1/(1 - p), so masks from the same
    // seed are PyTorch's.
    let noise = Tensor.empty(like: input).bernoulli_(p: 1 - p, generator: generator)
    noGrad { noise.div_(1 - p) }
    return input.mul(noise, file: file, line: line)
}

/// `F.embedding(input, weight, padding_idx=None)`: rows of `weight` picked by the
/// integer tensor `input`; output shape `input.shape + [embedding_dim]`. The padding row
/// gets no gradient.
public func embedding(_ input: Tensor, _ weight: Tensor, paddingIdx: Int? = nil,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.embedding", [.tensor(input), .tensor(weight), .optional(paddingIdx)], file: file, line: line) {
        if input.dtype != .int64 && input.dtype != .int32 {
            emberFatal("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(input.dtype.scalarTypeName) instead (while checking arguments for embedding)", file: file, line: line)
        }
        let flat = input.reshape([-1], file: file, line: line)
        var rows = weight.indexSelect(0, flat, file: file, line: line)
        if let paddingIdx {
            let pad = paddingIdx < 0 ? paddingIdx + weight.shape[0] : paddingIdx
            let isPad = (flat .== pad).unsqueeze(1, file: file, line: line)
            let frozen = weight.detach().indexSelect(0, flat, file: file, line: line)
            rows = Tensor.where(isPad, frozen, rows, file: file, line: line)
        }
        return rows.view(input.shape + [weight.shape[1]], file: file, line: line)
    }
}

/// `F.layer_norm(input, normalized_shape, weight, bias, eps=1e-5)`: normalises over the
/// last `normalizedShape.count` dims with the biased variance.
public func layerNorm(_ input: Tensor, _ normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil,
                      eps: Double = 1e-5, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.layer_norm", [.tensor(input), .ints(normalizedShape), .optional(weight), .optional(bias), .double(eps)],
                  file: file, line: line) {
        layerNormBody(input, normalizedShape, weight: weight, bias: bias, eps: eps, file: file, line: line)
    }
}

private func layerNormBody(_ input: Tensor, _ normalizedShape: [Int], weight: Tensor?, bias: Tensor?, eps: Double,
                           file: StaticString, line: UInt) -> Tensor {
    let k = normalizedShape.count
    if k == 0 || input.ndim < k || Array(input.shape.suffix(k)) != normalizedShape {
        let expected = "[*, " + normalizedShape.map(String.init).joined(separator: ", ") + "]"
        emberFatal("Given normalized_shape=\(normalizedShape), expected input with shape \(expected), but got input of size\(torchSize(input.shape).dropFirst(10).dropLast(1))", file: file, line: line)
    }
    let dims = Array((input.ndim - k)..<input.ndim)
    let mean = input.mean(dim: dims, keepdim: true, file: file, line: line)
    let centered = input.sub(mean, file: file, line: line)
    let variance = centered.mul(centered, file: file, line: line).mean(dim: dims, keepdim: true, file: file, line: line)
    var y = centered.mul(variance.add(eps, file: file, line: line).rsqrt(file: file, line: line), file: file, line: line)
    if let weight { y = y.mul(weight, file: file, line: line) }
    if let bias { y = y.add(bias, file: file, line: line) }
    return y
}

/// Stops a capture in progress on this thread with `message` at the user's line: for ops whose
/// result an exported graph cannot reproduce (random masks, in-place updates of running
/// statistics). Outside capture it costs one global load.
@inline(__always)
func refuseCapture(_ message: @autoclosure () -> String, file: StaticString, line: UInt) {
    if Tracing.activeCount != 0, Tracing.current != nil { emberFatal("export: " + message(), file: file, line: line) }
}

/// `F.flatten` is `input.flatten(startDim:endDim:)` in Ember.

/// `F.normalize(input, p=2, dim=1, eps=1e-12)`: divides by the p-norm along `dim`.
public func normalize(_ input: Tensor, p: Double = 2, dim: Int = 1, eps: Double = 1e-12,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let norm = input.norm(p: p, dim: dim, keepdim: true, file: file, line: line)
    return input.div(norm.clamp(min: eps, file: file, line: line).expand(as: input, file: file, line: line), file: file, line: line)
}
