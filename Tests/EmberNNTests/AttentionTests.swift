import Testing
import EmberNN

// Expected values: Fixtures/gen_seq_layers.py (PyTorch) wrote them to seq_layers.safetensors.

@Suite struct AttentionTests {
    typealias F = SeqLayersFixture

    @Test func scaledDotProductAttentionMatchesPyTorch() {
        let (q, k, v) = (F.t("sdpa.q"), F.t("sdpa.k"), F.t("sdpa.v"))
        expectSeqClose(scaledDotProductAttention(q, k, v, isCausal: true), F.t("sdpa.causal"))
        // A bool mask marks the pairs that attend; row 1 is fully masked and gives zeros.
        let out = scaledDotProductAttention(q, k, v, attnMask: F.mask("sdpa.bool_mask"))
        expectSeqClose(out, F.t("sdpa.bool"))
        #expect(out[0, 0, 1].toArray(Double.self) == [0, 0, 0, 0])
        expectSeqClose(scaledDotProductAttention(q, k, v, attnMask: F.t("sdpa.float_mask"), scale: 0.5),
                    F.t("sdpa.float_scaled"))
    }

    @Test func scaledDotProductAttentionGradcheck() throws {
        let q = Tensor.randn([2, 3, 4], dtype: .float64).requiresGrad_()
        let k = Tensor.randn([2, 5, 4], dtype: .float64).requiresGrad_()
        let v = Tensor.randn([2, 5, 3], dtype: .float64).requiresGrad_()
        let m = Tensor.randn([3, 5], dtype: .float64).requiresGrad_()
        try gradcheck({ scaledDotProductAttention($0[0], $0[1], $0[2], attnMask: $0[3]) }, [q, k, v, m])
        try gradcheck({ scaledDotProductAttention($0[0], $0[1], $0[2], isCausal: true) }, [q, k, v])
        try gradgradcheck({ scaledDotProductAttention($0[0], $0[1], $0[2], isCausal: true) }, [q, k, v])
        // A fully masked row stays zero and passes no NaN back.
        let bool = Tensor([[true, false, true, true, false], [false, false, false, false, false], [true, true, true, true, true]])
        try gradcheck({ scaledDotProductAttention($0[0], $0[1], $0[2], attnMask: bool) }, [q, k, v])
    }

    @Test func initialWeightsMatchPyTorchFromTheSameSeed() async {
        await #expect(processExitsWith: .success) {
            _ = manualSeed(3)
            if let m = initialStateMismatch(MultiheadAttention(8, 2), "init.mha") { fatalError(m) }
            _ = manualSeed(4)
            if let m = initialStateMismatch(MultiheadAttention(8, 2, kdim: 5, vdim: 6), "init.mha_kv") { fatalError(m) }
            _ = manualSeed(9)
            let biasKV = MultiheadAttention(8, 2, addBiasKV: true, addZeroAttn: true)
            if let m = initialStateMismatch(biasKV, "mha_bias_kv") { fatalError(m) }
        }
    }

    @Test func parameterNamesAndDescription() {
        expectSameKeys(MultiheadAttention(8, 2), "init.mha")
        expectSameKeys(MultiheadAttention(8, 2, kdim: 5, vdim: 6), "init.mha_kv")
        // print(nn.MultiheadAttention(8, 2))
        #expect(MultiheadAttention(8, 2).description == """
            MultiheadAttention(
              (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)
            )
            """)
    }

    @Test func keyPaddingAndAttentionMasksWithWeights() throws {
        let mha = try F.loaded(MultiheadAttention(8, 2), "mha")
        let (q, k, v) = (F.t("mha.q"), F.t("mha.k"), F.t("mha.v"))
        let (out, weights) = mha(q, k, v, keyPaddingMask: F.mask("mha.kpm"), attnMask: F.mask("mha.am"))
        expectSeqClose(out, F.t("mha.out"))
        expectSeqClose(weights!, F.t("mha.weights"))
        let (out2, heads) = mha(q, k, v, keyPaddingMask: F.mask("mha.kpm"), averageAttnWeights: false)
        expectSeqClose(out2, F.t("mha.out_heads"))
        expectSeqClose(heads!, F.t("mha.weights_heads"))
        let (out3, none) = mha(q, k, v, needWeights: false, attnMask: F.t("mha.float_mask"))
        expectSeqClose(out3, F.t("mha.out_float"))
        #expect(none == nil)
    }

    @Test func batchFirstCausalSelfAttentionAndUnbatched() throws {
        let mha = try F.loaded(MultiheadAttention(8, 2, batchFirst: true), "mha_self")
        let x = F.t("mha_self.x")
        let (out, _) = mha(x, x, x, needWeights: false, attnMask: generateSquareSubsequentMask(4), isCausal: true)
        expectSeqClose(out, F.t("mha_self.out"))
        let xu = F.t("mha_self.xu")
        let (outU, weightsU) = mha(xu, xu, xu)
        expectSeqClose(outU, F.t("mha_self.out_unbatched"))
        expectSeqClose(weightsU!, F.t("mha_self.weights_unbatched"))
    }

    @Test func biasKVAndZeroAttention() throws {
        let mha = try F.loaded(MultiheadAttention(8, 2, addBiasKV: true, addZeroAttn: true), "mha_bias_kv")
        let (q, k, v) = (F.t("mha_bias_kv.q"), F.t("mha_bias_kv.k"), F.t("mha_bias_kv.v"))
        let (out, weights) = mha(q, k, v, keyPaddingMask: F.mask("mha.kpm"), attnMask: F.mask("mha.am"))
        expectSeqClose(out, F.t("mha_bias_kv.out"))
        expectSeqClose(weights!, F.t("mha_bias_kv.weights"))
        let (out2, _) = mha(q, k, v, keyPaddingMask: F.mask("mha.kpm"), needWeights: false)
        expectSeqClose(out2, F.t("mha_bias_kv.out_sdpa"))
    }

    @Test func separateKeyAndValueSizesWithoutBias() throws {
        let mha = try F.loaded(MultiheadAttention(8, 2, bias: false, kdim: 5, vdim: 6), "mha_kv")
        let (out, weights) = mha(F.t("mha_kv.q"), F.t("mha_kv.k"), F.t("mha_kv.v"))
        expectSeqClose(out, F.t("mha_kv.out"))
        expectSeqClose(weights!, F.t("mha_kv.weights"))
    }

    @Test func multiheadAttentionGradcheck() throws {
        let mha = MultiheadAttention(4, 2).double()
        let q = Tensor.randn([2, 2, 4], dtype: .float64).requiresGrad_()
        let kv = Tensor.randn([3, 2, 4], dtype: .float64).requiresGrad_()
        let kpm = Tensor([[false, true, false], [false, false, false]])
        try gradcheck({ xs in
            let (o, w) = mha(xs[0], xs[1], xs[1], keyPaddingMask: kpm)
            return o.sum() + w!.sum(dim: 0).pow(2).sum()
        }, [q, kv])
        try gradcheck({ _ in mha(q, kv, kv, needWeights: false).output }, [mha.inProjWeight!, mha.outProj.weight])
    }

    @Test func isCausalNeedsAMask() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor.zeros([3, 1, 4])
            _ = MultiheadAttention(4, 2)(x, x, x, isCausal: true)
        }
        #expect(stderrText(r).contains("Need attn_mask if specifying the is_causal hint."))
    }
}
