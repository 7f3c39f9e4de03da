// `F.scaled_dot_product_attention` and the mask conventions shared by the attention layers.

/// `F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
/// is_causal=False, scale=None, enable_gqa=False)`: softmax(Q Kᵀ · scale + mask) V over the
/// last two dims; `query` `[…, L, E]`, `key` `[…, S, E]`, `value` `[…, S, Ev]`.
///
/// A bool `attnMask` marks the pairs that take part (true = attend), a float one is added
/// to the scores; both broadcast to `[…, L, S]`. `isCausal` masks j > i (the top-left
/// aligned lower triangle, as `torch.ones(L, S).tril()`). As PyTorch's CPU kernels do, a
/// query row whose keys are all masked gives zeros, not NaN. Dropout, when `dropoutP > 0`,
/// always applies (the function knows no training mode; pass 0 in eval).
public func scaledDotProductAttention(_ query: Tensor, _ key: Tensor, _ value: Tensor, attnMask: Tensor? = nil,
                                      dropoutP: Double = 0, isCausal: Bool = false, scale: Double? = nil,
                                      enableGqa: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    // One captured node: its masks, scaling and safe softmax lower to one ONNX pattern.
    Tensor.traced("aten.scaled_dot_product_attention",
                  attentionArguments(query, key, value, attnMask, dropoutP, isCausal, scale, enableGqa, file: file, line: line),
                  file: file, line: line) {
        attentionBody(query, key, value, attnMask: attnMask, dropoutP: dropoutP, isCausal: isCausal, scale: scale,
                      enableGqa: enableGqa, file: file, line: line)
    }
}

/// `aten.scaled_dot_product_attention(query, key, value, attn_mask?, dropout_p, is_causal,
/// scale?, enable_gqa)`; built only while capturing.
private func attentionArguments(_ query: Tensor, _ key: Tensor, _ value: Tensor, _ attnMask: Tensor?, _ dropoutP: Double,
                                _ isCausal: Bool, _ scale: Double?, _ enableGqa: Bool,
                                file: StaticString, line: UInt) -> [OpArgument] {
    if dropoutP > 0 && Tracing.current != nil {
        // Random weights: a replay could not reproduce them.
        emberFatal("export: scaled_dot_product_attention with dropout_p=\(pythonFloat(dropoutP)) is random and cannot be captured; call model.eval() (or pass dropoutP: 0) before export", file: file, line: line)
    }
    return [.tensor(query), .tensor(key), .tensor(value), .optional(attnMask), .double(dropoutP), .bool(isCausal),
            .optional(scale), .bool(enableGqa)]
}

private func attentionBody(_ query: Tensor, _ key: Tensor, _ value: Tensor, attnMask: Tensor?, dropoutP: Double,
                           isCausal: Bool, scale: Double?, enableGqa: Bool, file: StaticString, line: UInt) -> Tensor {
    if query.ndim < 2 || key.ndim < 2 || value.ndim < 2 {
        emberFatal("scaled_dot_product_attention: expected query, key and value to have at least 2 dimensions", file: file, line: line)
    }
    if query.dtype != key.dtype || query.dtype != value.dtype {
        emberFatal("Expected query, key, and value to have the same dtype, but got query.dtype: \(cppTypeName(query.dtype)) key.dtype: \(cppTypeName(key.dtype)) and value.dtype: \(cppTypeName(value.dtype)) instead.", file: file, line: line)
    }
    if isCausal && attnMask != nil {
        emberFatal("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True", file: file, line: line)
    }
    var (k, v) = (key, value)
    if enableGqa && query.ndim >= 3 && key.ndim >= 3 {
        k = repeatHeads(key, to: query.shape[query.ndim - 3], file: file, line: line)
        v = repeatHeads(value, to: query.shape[query.ndim - 3], file: file, line: line)
    }
    let l = query.shape[query.ndim - 2], s = k.shape[k.ndim - 2]
    let factor = scale ?? 1 / Double(query.shape[query.ndim - 1]).squareRoot()
    var scores = matmul(query, k.transpose(-2, -1, file: file, line: line), file: file, line: line) * factor
    var masked = false
    if isCausal {
        scores = scores.maskedFill(causalMask(l, s, device: query.device).logicalNot(), -Double.infinity, file: file, line: line)
        masked = true
    }
    if let attnMask {
        if attnMask.dtype == .bool {
            scores = Tensor.where(attnMask, scores, -Double.infinity, file: file, line: line)
        } else {
            scores = scores.add(attnMask, file: file, line: line)
        }
        masked = true
    }
    var weights = masked ? safeSoftmax(scores, file: file, line: line) : scores.softmax(dim: -1, file: file, line: line)
    if dropoutP > 0 { weights = dropout(weights, p: dropoutP, training: true, file: file, line: line) }
    return matmul(weights, v, file: file, line: line)
}

/// Bool `[L, S]`, true where key j may be seen from query i (j ≤ i).
func causalMask(_ l: Int, _ s: Int, device: Device) -> Tensor {
    let rows = Tensor.arange(Int64(l), dtype: .int64, device: device).unsqueeze(1)
    let cols = Tensor.arange(Int64(s), dtype: .int64, device: device).unsqueeze(0)
    return rows .>= cols
}

/// Softmax over the last dim whose fully masked rows (all −∞) are zeros: PyTorch's
/// `_safe_softmax`. The masked rows are swapped for zeros before the softmax, so no NaN
/// reaches the backward pass either.
func safeSoftmax(_ scores: Tensor, file: StaticString, line: UInt) -> Tensor {
    let dead = (scores .== -Double.infinity).all(dim: -1, keepdim: true, file: file, line: line)
    guard dead.any().item(Bool.self) else { return scores.softmax(dim: -1, file: file, line: line) }
    let finite = Tensor.where(dead, 0.0, scores, file: file, line: line)
    return Tensor.where(dead, 0.0, finite.softmax(dim: -1, file: file, line: line), file: file, line: line)
}

/// Grouped-query attention: each of the `groups` key/value heads serves
/// `heads / groups` query heads (`repeat_interleave` on dim −3).
private func repeatHeads(_ t: Tensor, to heads: Int, file: StaticString, line: UInt) -> Tensor {
    let g = t.shape[t.ndim - 3]
    if g == heads { return t }
    if g == 0 || heads % g != 0 {
        emberFatal("number of heads in key and value must divide the number of heads in query", file: file, line: line)
    }
    var expanded = t.shape
    expanded.insert(heads / g, at: t.ndim - 2)
    var merged = t.shape
    merged[t.ndim - 3] = heads
    return t.unsqueeze(t.ndim - 2, file: file, line: line).expand(expanded, file: file, line: line)
        .reshape(merged, file: file, line: line)
}

/// PyTorch's `F._canonical_mask`: a bool mask becomes a float one (−∞ where true, i.e.
/// where attention is *not* allowed, the `nn.MultiheadAttention` convention); a float
/// mask is kept.
func canonicalMask(_ mask: Tensor?, name: String, dtype: DType, file: StaticString, line: UInt) -> Tensor? {
    guard let mask else { return nil }
    if mask.dtype == .bool {
        return Tensor.zeros(like: mask, dtype: dtype).maskedFill(mask, -Double.infinity, file: file, line: line)
    }
    if !mask.dtype.isFloatingPoint {
        emberFatal("only bool and floating types of \(name) are supported", file: file, line: line)
    }
    return mask
}

/// `nn.Transformer.generate_square_subsequent_mask(sz)`: a float `[sz, sz]` mask with −∞
/// above the diagonal and 0 elsewhere (query i sees keys 0…i).
public func generateSquareSubsequentMask(_ sz: Int, dtype: DType? = nil, device: Device = .cpu) -> Tensor {
    Tensor.zeros([sz, sz], dtype: dtype, device: device)
        .maskedFill(causalMask(sz, sz, device: device).logicalNot(), -Double.infinity)
}

/// The C++ type name PyTorch prints for a dtype in attention messages.
private func cppTypeName(_ dtype: DType) -> String {
    switch dtype {
    case .float32: return "float"
    case .float64: return "double"
    case .float16: return "c10::Half"
    default: return "\(dtype)"
    }
}
