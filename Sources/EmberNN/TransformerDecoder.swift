/// `nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
/// activation=relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True)`:
/// self-attention over the target, attention from the target to the encoder's `memory`,
/// then a feed-forward block; each with a residual connection and a LayerNorm.
///
/// Sub-modules carry PyTorch's names and order (`self_attn`, `multihead_attn`, `linear1`,
/// `dropout`, `linear2`, `norm1`…`norm3`, `dropout1`…`dropout3`).
open class TransformerDecoderLayer: Module {
    public let selfAttn: MultiheadAttention
    public let multiheadAttn: MultiheadAttention
    public let linear1: Linear
    public let dropout: Dropout
    public let linear2: Linear
    public let normFirst: Bool
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let norm3: LayerNorm
    public let dropout1: Dropout
    public let dropout2: Dropout
    public let dropout3: Dropout
    public let activation: TransformerActivation
    let config: (dimFeedforward: Int, dropout: Double, eps: Double, bias: Bool)

    public init(_ dModel: Int, _ nhead: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                activation: TransformerActivation = "relu", layerNormEps: Double = 1e-5, batchFirst: Bool = false,
                normFirst: Bool = false, bias: Bool = true, dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        selfAttn = MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst,
                                      dtype: dtype, device: device, file: file, line: line)
        multiheadAttn = MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst,
                                           dtype: dtype, device: device, file: file, line: line)
        linear1 = Linear(dModel, dimFeedforward, bias: bias, dtype: dtype, device: device)
        self.dropout = Dropout(p: dropout, file: file, line: line)
        linear2 = Linear(dimFeedforward, dModel, bias: bias, dtype: dtype, device: device)
        self.normFirst = normFirst
        norm1 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device)
        norm2 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device)
        norm3 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device)
        dropout1 = Dropout(p: dropout)
        dropout2 = Dropout(p: dropout)
        dropout3 = Dropout(p: dropout)
        self.activation = activation
        config = (dimFeedforward, dropout, layerNormEps, bias)
        super.init()
    }

    /// `layer(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    /// memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)`.
    public func callAsFunction(_ tgt: Tensor, _ memory: Tensor, tgtMask: Tensor? = nil, memoryMask: Tensor? = nil,
                               tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil,
                               tgtIsCausal: Bool = false, memoryIsCausal: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        func sa(_ x: Tensor) -> Tensor {
            let a = selfAttn(x, x, x, keyPaddingMask: tgtKeyPaddingMask, needWeights: false, attnMask: tgtMask,
                             isCausal: tgtIsCausal, file: file, line: line).output
            return dropout1(a, file: file, line: line)
        }
        func mha(_ x: Tensor) -> Tensor {
            let a = multiheadAttn(x, memory, memory, keyPaddingMask: memoryKeyPaddingMask, needWeights: false,
                                  attnMask: memoryMask, isCausal: memoryIsCausal, file: file, line: line).output
            return dropout2(a, file: file, line: line)
        }
        func ff(_ x: Tensor) -> Tensor {
            let h = dropout(activation.function(linear1(x, file: file, line: line)), file: file, line: line)
            return dropout3(linear2(h, file: file, line: line), file: file, line: line)
        }
        var x = tgt
        if normFirst {
            x = x.add(sa(norm1(x, file: file, line: line)), file: file, line: line)
            x = x.add(mha(norm2(x, file: file, line: line)), file: file, line: line)
            x = x.add(ff(norm3(x, file: file, line: line)), file: file, line: line)
        } else {
            x = norm1(x.add(sa(x), file: file, line: line), file: file, line: line)
            x = norm2(x.add(mha(x), file: file, line: line), file: file, line: line)
            x = norm3(x.add(ff(x), file: file, line: line), file: file, line: line)
        }
        return x
    }

    /// A copy with equal weights and mode, built without consuming the default generator.
    open func copy() -> TransformerDecoderLayer {
        let w = linear1.weight
        let layer = withPreservedRNG {
            TransformerDecoderLayer(norm1.normalizedShape[0], selfAttn.numHeads, dimFeedforward: config.dimFeedforward,
                                    dropout: config.dropout, activation: activation, layerNormEps: config.eps,
                                    batchFirst: selfAttn.batchFirst, normFirst: normFirst, bias: config.bias,
                                    dtype: w.dtype, device: w.device)
        }
        return layer.copyingState(of: self)
    }
}

/// `nn.TransformerDecoder(decoder_layer, num_layers, norm=None)`: `numLayers` copies of the
/// layer under `layers.0`, …, then the optional final norm.
open class TransformerDecoder: Module {
    public let layers: ModuleList
    public let norm: Module?
    public let numLayers: Int

    public init(_ decoderLayer: TransformerDecoderLayer, numLayers: Int, norm: Module? = nil) {
        layers = ModuleList((0..<numLayers).map { _ in decoderLayer.copy() })
        self.norm = norm
        self.numLayers = numLayers
        super.init()
    }

    /// `decoder(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    /// memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False)`.
    public func callAsFunction(_ tgt: Tensor, _ memory: Tensor, tgtMask: Tensor? = nil, memoryMask: Tensor? = nil,
                               tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil,
                               tgtIsCausal: Bool = false, memoryIsCausal: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        var x = tgt
        for layer in layers {
            x = (layer as! TransformerDecoderLayer)(x, memory, tgtMask: tgtMask, memoryMask: memoryMask,
                                                   tgtKeyPaddingMask: tgtKeyPaddingMask,
                                                   memoryKeyPaddingMask: memoryKeyPaddingMask, tgtIsCausal: tgtIsCausal,
                                                   memoryIsCausal: memoryIsCausal, file: file, line: line)
        }
        if let norm { x = norm(x, file: file, line: line) }
        return x
    }
}
