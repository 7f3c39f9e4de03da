/// `nn.modules.linear.NonDynamicallyQuantizableLinear`: a `Linear` under the name PyTorch
/// gives `MultiheadAttention.out_proj` (it only affects quantization there).
open class NonDynamicallyQuantizableLinear: Linear {}

/// `nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
/// add_zero_attn=False, kdim=None, vdim=None, batch_first=False)`: attention with `numHeads` heads of `embedDim / numHeads`
/// features each, between inputs projected by `in_proj_weight` and merged by `out_proj`.
///
/// Parameters and initialisation are PyTorch's: `in_proj_weight` `[3·E, E]` (or
/// `q_proj_weight`, `k_proj_weight`, `v_proj_weight` when `kdim`/`vdim` differ from E) from
/// xavier-uniform, `in_proj_bias` `[3·E]` zeros, `out_proj` a Linear whose bias is then
/// zeroed, `bias_k`/`bias_v` (with `addBiasKV`) from xavier-normal. The random draws come in
/// PyTorch's order: `out_proj` first, then the projections, then `bias_k` and `bias_v`.
open class MultiheadAttention: Module {
    public let embedDim: Int
    public let kdim: Int
    public let vdim: Int
    public let numHeads: Int
    public let dropout: Double
    public let batchFirst: Bool
    public let headDim: Int
    /// Whether one packed `in_proj_weight` is used (kdim == vdim == embedDim).
    public let qkvSameEmbedDim: Bool

    @Parameter public var inProjWeight: Tensor?
    @Parameter public var qProjWeight: Tensor?
    @Parameter public var kProjWeight: Tensor?
    @Parameter public var vProjWeight: Tensor?
    @Parameter public var inProjBias: Tensor?
    /// `[1, 1, E]` key and value appended to every sequence, with `addBiasKV`.
    @Parameter public var biasK: Tensor?
    @Parameter public var biasV: Tensor?
    public let addZeroAttn: Bool
    public let outProj: NonDynamicallyQuantizableLinear

    public init(_ embedDim: Int, _ numHeads: Int, dropout: Double = 0, bias: Bool = true, addBiasKV: Bool = false,
                addZeroAttn: Bool = false, kdim: Int? = nil, vdim: Int? = nil, batchFirst: Bool = false,
                dtype: DType? = nil, device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        if embedDim <= 0 || numHeads <= 0 {
            emberFatal("embed_dim and num_heads must be greater than 0, got embed_dim=\(embedDim) and num_heads=\(numHeads) instead", file: file, line: line)
        }
        if embedDim % numHeads != 0 { emberFatal("embed_dim must be divisible by num_heads", file: file, line: line) }
        self.embedDim = embedDim
        self.kdim = kdim ?? embedDim
        self.vdim = vdim ?? embedDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.batchFirst = batchFirst
        headDim = embedDim / numHeads
        qkvSameEmbedDim = self.kdim == embedDim && self.vdim == embedDim
        if qkvSameEmbedDim {
            _inProjWeight = Parameter(wrappedValue: Tensor.empty([3 * embedDim, embedDim], dtype: dtype, device: device))
        } else {
            _qProjWeight = Parameter(wrappedValue: Tensor.empty([embedDim, embedDim], dtype: dtype, device: device))
            _kProjWeight = Parameter(wrappedValue: Tensor.empty([embedDim, self.kdim], dtype: dtype, device: device))
            _vProjWeight = Parameter(wrappedValue: Tensor.empty([embedDim, self.vdim], dtype: dtype, device: device))
        }
        if bias { _inProjBias = Parameter(wrappedValue: Tensor.empty([3 * embedDim], dtype: dtype, device: device)) }
        outProj = NonDynamicallyQuantizableLinear(embedDim, embedDim, bias: bias, dtype: dtype, device: device)
        if addBiasKV {
            _biasK = Parameter(wrappedValue: Tensor.empty([1, 1, embedDim], dtype: dtype, device: device))
            _biasV = Parameter(wrappedValue: Tensor.empty([1, 1, embedDim], dtype: dtype, device: device))
        }
        self.addZeroAttn = addZeroAttn
        super.init()
        resetParameters()
    }

    /// `_reset_parameters()`: xavier-uniform projections, zero biases.
    open func resetParameters() {
        if let inProjWeight {
            Init.xavierUniform_(inProjWeight)
        } else {
            for w in [qProjWeight, kProjWeight, vProjWeight] { Init.xavierUniform_(w!) }
        }
        if let inProjBias {
            Init.constant_(inProjBias, 0)
            Init.constant_(outProj.bias!, 0)
        }
        if let biasK { Init.xavierNormal_(biasK) }
        if let biasV { Init.xavierNormal_(biasV) }
    }

    /// `mha(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    /// average_attn_weights=True, is_causal=False)`: `(attn_output, attn_output_weights)`.
    ///
    /// Inputs are `[L, N, E]` (`[N, L, E]` with `batchFirst`) or unbatched `[L, E]`.
    /// `keyPaddingMask` `[N, S]` and `attnMask` `[L, S]` or `[N·heads, L, S]` are bool (true =
    /// not attended) or float (added). The weights, `[N, L, S]` averaged over heads or
    /// `[N, heads, L, S]`, are nil unless `needWeights`. `isCausal` is a hint that `attnMask`
    /// is the causal mask (PyTorch requires the mask with it).
    public func callAsFunction(_ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: Tensor? = nil,
                               needWeights: Bool = true, attnMask: Tensor? = nil, averageAttnWeights: Bool = true,
                               isCausal: Bool = false, file: StaticString = #fileID,
                               line: UInt = #line) -> (output: Tensor, weights: Tensor?) {
        let batched = query.ndim == 3
        var (q, k, v) = (query, key, value)
        if batchFirst && batched {
            // Keep identity (self-attention) through the transposes: it selects the packed projection.
            q = query.transpose(1, 0, file: file, line: line)
            k = key === query ? q : key.transpose(1, 0, file: file, line: line)
            v = value === key ? k : value.transpose(1, 0, file: file, line: line)
        }
        let r = attentionForward(q, k, v, keyPaddingMask: keyPaddingMask, needWeights: needWeights, attnMask: attnMask,
                                 averageAttnWeights: averageAttnWeights, isCausal: isCausal, file: file, line: line)
        return (batchFirst && batched ? r.output.transpose(1, 0, file: file, line: line) : r.output, r.weights)
    }

    /// Self-attention from a single-tensor context: `mha(x, x, x, need_weights=False)[0]`.
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return self(input, input, input, needWeights: false, file: s.file, line: s.line).output
    }

    /// PyTorch's `F.multi_head_attention_forward`, sequence-first.
    private func attentionForward(_ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: Tensor?,
                                  needWeights: Bool, attnMask: Tensor?, averageAttnWeights: Bool, isCausal: Bool,
                                  file: StaticString, line: UInt) -> (output: Tensor, weights: Tensor?) {
        let batched = checkShapes(query, key, value, keyPaddingMask, attnMask, file: file, line: line)
        var (q0, k0, v0) = (query, key, value)
        var kpm = canonicalMask(keyPaddingMask, name: "key_padding_mask", dtype: query.dtype, file: file, line: line)
        var mask = attnMask
        if !batched {
            q0 = query.unsqueeze(1, file: file, line: line)
            k0 = key === query ? q0 : key.unsqueeze(1, file: file, line: line)
            v0 = value === key ? k0 : value.unsqueeze(1, file: file, line: line)
            kpm = kpm?.unsqueeze(0, file: file, line: line)
        }
        let (tgtLen, bsz) = (q0.shape[0], q0.shape[1])
        var srcLen = k0.shape[0]
        var causal = isCausal
        if isCausal && mask == nil {
            emberFatal("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.", file: file, line: line)
        }
        if isCausal && kpm == nil && !needWeights {
            mask = nil
        } else {
            mask = canonicalMask(mask, name: "attn_mask", dtype: query.dtype, file: file, line: line)
            if kpm != nil { causal = false }
        }
        var (q, k, v) = inProjection(q0, k0, v0, file: file, line: line)
        if var m = mask {
            if m.ndim == 2 {
                if m.shape != [tgtLen, srcLen] {
                    emberFatal("The shape of the 2D attn_mask is \(torchSize(m.shape)), but should be (\(tgtLen), \(srcLen)).", file: file, line: line)
                }
                m = m.unsqueeze(0, file: file, line: line)
            } else if m.ndim == 3 {
                if m.shape != [bsz * numHeads, tgtLen, srcLen] {
                    emberFatal("The shape of the 3D attn_mask is \(torchSize(m.shape)), but should be (\(bsz * numHeads), \(tgtLen), \(srcLen)).", file: file, line: line)
                }
            } else {
                emberFatal("attn_mask's dimension \(m.ndim) is not supported", file: file, line: line)
            }
            mask = m
        }
        // One more key (and mask column, attended) per extra position: bias_k/bias_v, zero attention.
        func padMasks() {
            mask = mask.map { padLastDim($0, file: file, line: line) }
            kpm = kpm.map { padLastDim($0, file: file, line: line) }
        }
        if let biasK, let biasV {
            k = cat([k, biasK.expand([1, bsz, embedDim], file: file, line: line)], dim: 0, file: file, line: line)
            v = cat([v, biasV.expand([1, bsz, embedDim], file: file, line: line)], dim: 0, file: file, line: line)
            padMasks()
        }
        // [L, N, E] → [N·heads, L, headDim]
        func heads(_ t: Tensor, _ len: Int) -> Tensor {
            t.reshape([len, bsz * numHeads, headDim], file: file, line: line).transpose(0, 1, file: file, line: line)
        }
        q = heads(q, tgtLen)
        k = heads(k, k.shape[0])
        v = heads(v, v.shape[0])
        if addZeroAttn {
            // zeros(like:) of a slice of k: a captured graph follows a dynamic batch.
            let zeros = k.shape[1] > 0 ? Tensor.zeros(like: k.narrow(1, 0, 1, file: file, line: line))
                : Tensor.zeros([bsz * numHeads, 1, headDim], dtype: k.dtype, device: k.device)
            k = cat([k, zeros], dim: 1, file: file, line: line)
            v = cat([v, zeros], dim: 1, file: file, line: line)
            padMasks()
        }
        srcLen = k.shape[1]
        if let kpm {
            if kpm.shape != [bsz, srcLen] {
                emberFatal("expecting key_padding_mask shape of (\(bsz), \(srcLen)), but got \(torchSize(kpm.shape))", file: file, line: line)
            }
            let expanded = kpm.view([bsz, 1, 1, srcLen], file: file, line: line)
                .expand([bsz, numHeads, 1, srcLen], file: file, line: line)
                .reshape([bsz * numHeads, 1, srcLen], file: file, line: line)
            mask = mask.map { $0.add(expanded, file: file, line: line) } ?? expanded
        }
        let p = isTraining ? dropout : 0
        var output: Tensor
        var weights: Tensor? = nil
        if needWeights {
            let qScaled = q * (1 / Double(headDim)).squareRoot()
            var w = bmm(qScaled, k.transpose(-2, -1, file: file, line: line), file: file, line: line)
            if let mask { w = mask.add(w, file: file, line: line) }
            w = w.softmax(dim: -1, file: file, line: line)
            if p > 0 { w = EmberNN.dropout(w, p: p, training: true, file: file, line: line) }
            output = bmm(w, v, file: file, line: line)
            var wv = w.view([bsz, numHeads, tgtLen, srcLen], file: file, line: line)
            if averageAttnWeights { wv = wv.mean(dim: 1, file: file, line: line) }
            weights = batched ? wv : wv.squeeze(0, file: file, line: line)
            output = output.transpose(0, 1, file: file, line: line).reshape([tgtLen * bsz, embedDim], file: file, line: line)
        } else {
            var m4 = mask
            if let m = mask {
                m4 = m.shape[0] == 1 ? m.unsqueeze(0, file: file, line: line)
                    : m.view([bsz, numHeads, m.shape[1], srcLen], file: file, line: line)
            }
            let q4 = q.view([bsz, numHeads, tgtLen, headDim], file: file, line: line)
            let k4 = k.view([bsz, numHeads, srcLen, headDim], file: file, line: line)
            let v4 = v.view([bsz, numHeads, srcLen, headDim], file: file, line: line)
            let o = scaledDotProductAttention(q4, k4, v4, attnMask: m4, dropoutP: p, isCausal: causal, file: file, line: line)
            output = o.permute([2, 0, 1, 3], file: file, line: line).reshape([bsz * tgtLen, embedDim], file: file, line: line)
        }
        output = linear(output, outProj.weight, outProj.bias, file: file, line: line)
            .view([tgtLen, bsz, embedDim], file: file, line: line)
        if !batched { output = output.squeeze(1, file: file, line: line) }
        return (output, weights)
    }

    /// Query, key and value projections: one product for self-attention with the packed
    /// weight, else one per input.
    private func inProjection(_ q: Tensor, _ k: Tensor, _ v: Tensor, file: StaticString, line: UInt)
        -> (Tensor, Tensor, Tensor) {
        let e = embedDim
        if let w = inProjWeight, q === k && k === v {
            let all = linear(q, w, inProjBias, file: file, line: line).chunk(3, dim: -1, file: file, line: line)
            return (all[0], all[1], all[2])
        }
        // Split the bias only on the paths that use its parts (a captured graph keeps no dead chunk).
        let b = inProjBias?.chunk(3, dim: 0, file: file, line: line)
        if let w = inProjWeight {
            let ws = w.split(e, dim: 0, file: file, line: line)
            return (linear(q, ws[0], b?[0], file: file, line: line), linear(k, ws[1], b?[1], file: file, line: line),
                    linear(v, ws[2], b?[2], file: file, line: line))
        }
        return (linear(q, qProjWeight!, b?[0], file: file, line: line), linear(k, kProjWeight!, b?[1], file: file, line: line),
                linear(v, vProjWeight!, b?[2], file: file, line: line))
    }

    /// PyTorch's `_mha_shape_check`: whether the input is batched, with its messages.
    private func checkShapes(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ kpm: Tensor?, _ mask: Tensor?,
                             file: StaticString, line: UInt) -> Bool {
        if q.ndim == 3 {
            if k.ndim != 3 || v.ndim != 3 {
                emberFatal("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found \(k.ndim)-D and \(v.ndim)-D tensors respectively", file: file, line: line)
            }
            if let kpm, kpm.ndim != 2 {
                emberFatal("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found \(kpm.ndim)-D tensor instead", file: file, line: line)
            }
            if let mask, mask.ndim != 2 && mask.ndim != 3 {
                emberFatal("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found \(mask.ndim)-D tensor instead", file: file, line: line)
            }
            let e = q.shape[2]
            if e != embedDim { emberFatal("was expecting embedding dimension of \(embedDim), but got \(e)", file: file, line: line) }
            return true
        }
        if q.ndim == 2 {
            if k.ndim != 2 || v.ndim != 2 {
                emberFatal("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found \(k.ndim)-D and \(v.ndim)-D tensors respectively", file: file, line: line)
            }
            if let kpm, kpm.ndim != 1 {
                emberFatal("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found \(kpm.ndim)-D tensor instead", file: file, line: line)
            }
            if q.shape[1] != embedDim {
                emberFatal("was expecting embedding dimension of \(embedDim), but got \(q.shape[1])", file: file, line: line)
            }
            return false
        }
        emberFatal("query should be unbatched 2D or batched 3D tensor but received \(q.ndim)-D query tensor", file: file, line: line)
    }
}

/// PyTorch's `F.pad(mask, (0, 1))`: one more column of zeros (false: attended).
private func padLastDim(_ mask: Tensor, file: StaticString, line: UInt) -> Tensor {
    var shape = mask.shape
    shape[shape.count - 1] = 1
    // zeros(like:) of a column of the mask: a captured graph follows a dynamic batch.
    let zeros = mask.shape[mask.ndim - 1] > 0 ? Tensor.zeros(like: mask.narrow(-1, 0, 1, file: file, line: line))
        : Tensor.zeros(shape, dtype: mask.dtype, device: mask.device)
    return cat([mask, zeros], dim: -1, file: file, line: line)
}
