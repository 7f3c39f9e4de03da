import Testing
import EmberNN

// Expected values: Fixtures/gen_seq_layers.py (PyTorch, eval mode with grad enabled, i.e.
// PyTorch's reference path rather than its fused inference kernels).

@Suite struct TransformerTests {
    typealias F = SeqLayersFixture

    @Test func parameterNamesMatchPyTorch() {
        expectSameKeys(TransformerEncoder(TransformerEncoderLayer(8, 2, dimFeedforward: 16), numLayers: 2), "init.encoder")
        expectSameKeys(TransformerDecoderLayer(8, 2, dimFeedforward: 16), "init.decoder_layer")
        // print(nn.TransformerEncoderLayer(8, 2, 16))
        #expect(TransformerEncoderLayer(8, 2, dimFeedforward: 16).description == """
            TransformerEncoderLayer(
              (self_attn): MultiheadAttention(
                (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)
              )
              (linear1): Linear(in_features=8, out_features=16, bias=True)
              (dropout): Dropout(p=0.1, inplace=False)
              (linear2): Linear(in_features=16, out_features=8, bias=True)
              (norm1): LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)
              (norm2): LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)
              (dropout1): Dropout(p=0.1, inplace=False)
              (dropout2): Dropout(p=0.1, inplace=False)
            )
            """)
    }

    /// The encoder's layers are copies of one layer (PyTorch deep-copies it), made without
    /// drawing from the generator, so later modules' weights match too.
    @Test func initialWeightsMatchPyTorchFromTheSameSeed() async {
        await #expect(processExitsWith: .success) {
            _ = manualSeed(5)
            let encoder = TransformerEncoder(TransformerEncoderLayer(8, 2, dimFeedforward: 16), numLayers: 2)
            if let m = initialStateMismatch(encoder, "init.encoder") { fatalError(m) }
            _ = manualSeed(6)
            if let m = initialStateMismatch(TransformerDecoderLayer(8, 2, dimFeedforward: 16), "init.decoder_layer") { fatalError(m) }
            // nn.Transformer redraws every matrix from xavier-uniform after building its stacks.
            _ = manualSeed(8)
            let transformer = Transformer(dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16)
            if let m = initialStateMismatch(transformer, "transformer") { fatalError(m) }
        }
    }

    @Test func wholeTransformer() throws {
        let model = try F.loaded(Transformer(dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1,
                                             dimFeedforward: 16), "transformer").eval()
        let kpm = F.mask("enc_layer.kpm")
        let out = model(F.t("transformer.src"), F.t("transformer.tgt"), tgtMask: Transformer.generateSquareSubsequentMask(3),
                        srcKeyPaddingMask: kpm, memoryKeyPaddingMask: kpm)
        expectSeqClose(out, F.t("transformer.out"))
    }

    @Test func singleTensorCallsRunTheLayers() throws {
        // layer(src) and encoder(src) from a single-tensor context (Sequential) reach forward.
        let layer = try F.loaded(TransformerEncoderLayer(8, 2, dimFeedforward: 16, activation: "gelu", batchFirst: true,
                                                         normFirst: true), "enc_layer_pre").eval()
        let y: Tensor = Sequential(layer)(F.t("enc_layer_pre.src"))
        expectSeqClose(y, F.t("enc_layer_pre.out"))
    }

    @Test func encoderLayerWithMasks() throws {
        let layer = try F.loaded(TransformerEncoderLayer(8, 2, dimFeedforward: 16), "enc_layer").eval()
        let out = layer(F.t("enc_layer.src"), srcMask: generateSquareSubsequentMask(4),
                        srcKeyPaddingMask: F.mask("enc_layer.kpm"))
        expectSeqClose(out, F.t("enc_layer.out"))
    }

    @Test func normFirstGeluBatchFirstEncoderLayer() throws {
        let layer = try F.loaded(TransformerEncoderLayer(8, 2, dimFeedforward: 16, activation: "gelu", batchFirst: true,
                                                         normFirst: true), "enc_layer_pre").eval()
        expectSeqClose(layer(F.t("enc_layer_pre.src")), F.t("enc_layer_pre.out"))
    }

    @Test func encoderStackWithFinalNorm() throws {
        let encoder = try F.loaded(TransformerEncoder(TransformerEncoderLayer(8, 2, dimFeedforward: 16), numLayers: 2,
                                                      norm: LayerNorm(8)), "encoder").eval()
        let out = encoder(F.t("encoder.src"), mask: generateSquareSubsequentMask(4),
                          srcKeyPaddingMask: F.mask("enc_layer.kpm"))
        expectSeqClose(out, F.t("encoder.out"))
    }

    @Test func decoderLayerAndStack() throws {
        let layer = try F.loaded(TransformerDecoderLayer(8, 2, dimFeedforward: 16), "dec_layer").eval()
        let out = layer(F.t("dec_layer.tgt"), F.t("dec_layer.memory"), tgtMask: generateSquareSubsequentMask(3),
                        memoryKeyPaddingMask: F.mask("enc_layer.kpm"))
        expectSeqClose(out, F.t("dec_layer.out"))

        let decoder = try F.loaded(TransformerDecoder(TransformerDecoderLayer(8, 2, dimFeedforward: 16, batchFirst: true,
                                                                              normFirst: true), numLayers: 2), "decoder").eval()
        let out2 = decoder(F.t("decoder.tgt"), F.t("decoder.memory"), tgtMask: generateSquareSubsequentMask(3),
                           tgtIsCausal: true)
        expectSeqClose(out2, F.t("decoder.out"))
    }

    @Test func sinusoidalAndLearnedPositions() {
        let pe = PositionalEncoding(6, dropout: 0, maxLen: 10)
        expectSeqClose(pe.pe, F.t("pos.pe"), atol: 1e-6, rtol: 0)
        #expect(Array(pe.stateDict().keys) == ["pe"])
        let x = Tensor.zeros([3, 2, 6])
        expectSeqClose(pe(x)[.all, 1], F.t("pos.pe")[0..<3, 0], atol: 1e-6, rtol: 0)
        // Batch-first adds the same rows along dim 1.
        let bf = PositionalEncoding(6, dropout: 0, maxLen: 10, batchFirst: true)
        expectSeqClose(bf(Tensor.zeros([2, 3, 6]))[1], F.t("pos.pe")[0..<3, 0], atol: 1e-6, rtol: 0)

        let learned = LearnedPositionalEncoding(6, dropout: 0, maxLen: 10)
        #expect(Array(learned.stateDict().keys) == ["embedding.weight"])
        let y = learned(Tensor.ones([3, 2, 6]))
        expectSeqClose(y[.all, 0], learned.embedding.weight[0..<3].detach() + 1)
    }

    @Test func transformerActivationRejectsUnknownNames() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TransformerEncoderLayer(8, 2, activation: TransformerActivation("tanh"))
        }
        #expect(stderrText(r).contains("activation should be relu/gelu, not tanh"))
    }
}
