/// `nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
/// dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-5,
/// batch_first=False, norm_first=False, bias=True)`: an encoder stack and a decoder stack,
/// each ending in a LayerNorm (`encoder.norm`, `decoder.norm`).
///
/// As in PyTorch, every parameter with more than one dimension is then redrawn from
/// xavier-uniform, in parameter order. Custom encoders and decoders are not supported.
open class Transformer: Module {
    public let encoder: TransformerEncoder
    public let decoder: TransformerDecoder
    public let dModel: Int
    public let nhead: Int
    public let batchFirst: Bool

    public init(dModel: Int = 512, nhead: Int = 8, numEncoderLayers: Int = 6, numDecoderLayers: Int = 6,
                dimFeedforward: Int = 2048, dropout: Double = 0.1, activation: TransformerActivation = "relu",
                layerNormEps: Double = 1e-5, batchFirst: Bool = false, normFirst: Bool = false, bias: Bool = true,
                dtype: DType? = nil, device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        let encoderLayer = TransformerEncoderLayer(dModel, nhead, dimFeedforward: dimFeedforward, dropout: dropout,
                                                   activation: activation, layerNormEps: layerNormEps,
                                                   batchFirst: batchFirst, normFirst: normFirst, bias: bias,
                                                   dtype: dtype, device: device, file: file, line: line)
        encoder = TransformerEncoder(encoderLayer, numLayers: numEncoderLayers,
                                     norm: LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device))
        let decoderLayer = TransformerDecoderLayer(dModel, nhead, dimFeedforward: dimFeedforward, dropout: dropout,
                                                   activation: activation, layerNormEps: layerNormEps,
                                                   batchFirst: batchFirst, normFirst: normFirst, bias: bias,
                                                   dtype: dtype, device: device, file: file, line: line)
        decoder = TransformerDecoder(decoderLayer, numLayers: numDecoderLayers,
                                     norm: LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device))
        self.dModel = dModel
        self.nhead = nhead
        self.batchFirst = batchFirst
        super.init()
        for p in parameters() where p.ndim > 1 { Init.xavierUniform_(p) }
    }

    /// `transformer(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
    /// src_key_padding_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None,
    /// src_is_causal=None, tgt_is_causal=None, memory_is_causal=False)`.
    public func callAsFunction(_ src: Tensor, _ tgt: Tensor, srcMask: Tensor? = nil, tgtMask: Tensor? = nil,
                               memoryMask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                               tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil,
                               srcIsCausal: Bool = false, tgtIsCausal: Bool = false, memoryIsCausal: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let batched = src.ndim == 3
        if batched && !batchFirst && src.shape[1] != tgt.shape[1] {
            emberFatal("the batch number of src and tgt must be equal", file: file, line: line)
        }
        if batched && batchFirst && src.shape[0] != tgt.shape[0] {
            emberFatal("the batch number of src and tgt must be equal", file: file, line: line)
        }
        if src.shape.last != dModel || tgt.shape.last != dModel {
            emberFatal("the feature number of src and tgt must be equal to d_model", file: file, line: line)
        }
        let memory = encoder(src, mask: srcMask, srcKeyPaddingMask: srcKeyPaddingMask, isCausal: srcIsCausal,
                             file: file, line: line)
        return decoder(tgt, memory, tgtMask: tgtMask, memoryMask: memoryMask, tgtKeyPaddingMask: tgtKeyPaddingMask,
                       memoryKeyPaddingMask: memoryKeyPaddingMask, tgtIsCausal: tgtIsCausal,
                       memoryIsCausal: memoryIsCausal, file: file, line: line)
    }

    /// `Transformer.generate_square_subsequent_mask(sz)`: −∞ above the diagonal, 0 elsewhere.
    public static func generateSquareSubsequentMask(_ sz: Int, dtype: DType? = nil, device: Device = .cpu) -> Tensor {
        EmberNN.generateSquareSubsequentMask(sz, dtype: dtype, device: device)
    }
}
