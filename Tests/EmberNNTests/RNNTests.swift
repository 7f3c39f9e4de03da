import Foundation
import OrderedCollections
import Testing
import EmberNN

/// Fixtures/seq_layers.safetensors, written by Fixtures/gen_seq_layers.py from PyTorch:
/// each case's state dict under `case.state.<key>`, inputs and outputs under `case.<name>`.
enum SeqLayersFixture {
    /// The tensors, and in the metadata each case's state-dict keys in PyTorch's order
    /// (safetensors sorts its keys).
    static let file: (tensors: OrderedDictionary<String, Tensor>, metadata: [String: String]) = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/seq_layers.safetensors").path
        return try! loadSafetensors(from: path)
    }()

    static func t(_ name: String) -> Tensor {
        guard let t = file.tensors[name] else { fatalError("fixture has no \(name)") }
        return t
    }

    /// A bool mask stored as uint8.
    static func mask(_ name: String) -> Tensor { t(name).to(.bool) }

    /// The state dict of case `name`, in PyTorch's order.
    static func state(_ name: String) -> OrderedDictionary<String, Tensor> {
        var result = OrderedDictionary<String, Tensor>()
        for key in file.metadata[name]!.split(separator: ",") { result[String(key)] = t("\(name).state.\(key)") }
        return result
    }

    /// Loads case `name`'s weights into `module` (strict: the keys must be PyTorch's).
    @discardableResult
    static func loaded<M: Module>(_ module: M, _ name: String) throws -> M {
        try module.loadStateDict(state(name))
        return module
    }
}

/// Checks `actual` against a fixture tensor, element by element.
func expectSeqClose(_ actual: Tensor, _ expected: Tensor, atol: Double = 1e-5, rtol: Double = 1e-4,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    expectValues(actual, expected.toArray(Double.self), shape: expected.shape, atol: atol, rtol: rtol,
                 sourceLocation: sourceLocation)
}

/// Checks that a module's state dict has PyTorch's keys for case `name`, in order.
func expectSameKeys(_ module: Module, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Array(module.stateDict().keys) == Array(SeqLayersFixture.state(name).keys), sourceLocation: sourceLocation)
}

/// Why a freshly built module's weights differ from PyTorch's for case `name`, or nil.
/// Seeded construction runs in a child process (exit test): the default generator is
/// process-wide and other suites draw from it in parallel.
func initialStateMismatch(_ module: Module, _ name: String) -> String? {
    let expected = SeqLayersFixture.state(name)
    let actual = module.stateDict()
    if Array(actual.keys) != Array(expected.keys) { return "\(name): keys \(Array(actual.keys))" }
    for (k, v) in expected where !actual[k]!.equal(v) {
        return "\(name).\(k): \(actual[k]!.toArray(Double.self)) != \(v.toArray(Double.self))"
    }
    return nil
}

@Suite struct RNNTests {
    typealias F = SeqLayersFixture

    @Test func parameterNamesMatchPyTorch() {
        expectSameKeys(LSTM(3, 4, numLayers: 2, bidirectional: true), "init.lstm")
        expectSameKeys(RNNCell(3, 4), "init.rnncell")
        let noBias = RNN(2, 3, bias: false, bidirectional: true)
        #expect(noBias.stateDict().keys.elementsEqual(["weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse"]))
        #expect(noBias.allWeights.map(\.count) == [2, 2])
    }

    @Test func initialWeightsMatchPyTorchFromTheSameSeed() async {
        await #expect(processExitsWith: .success) {
            _ = manualSeed(0)
            if let m = initialStateMismatch(LSTM(3, 4, numLayers: 2, bidirectional: true), "init.lstm") { fatalError(m) }
            _ = manualSeed(1)
            if let m = initialStateMismatch(GRU(3, 4), "init.gru") { fatalError(m) }
            _ = manualSeed(2)
            if let m = initialStateMismatch(RNNCell(3, 4), "init.rnncell") { fatalError(m) }
        }
    }

    // print(nn.LSTM(3, 4, batch_first=True)); print(nn.RNN(3, 4, num_layers=2, nonlinearity="relu", dropout=0.5,
    // bidirectional=True)); print(nn.RNNCell(3, 4, bias=False, nonlinearity="relu"))
    @Test func description() {
        #expect(LSTM(3, 4, batchFirst: true).description == "LSTM(3, 4, batch_first=True)")
        #expect(RNN(3, 4, numLayers: 2, nonlinearity: "relu", dropout: 0.5, bidirectional: true).description
                == "RNN(3, 4, num_layers=2, dropout=0.5, bidirectional=True)")
        #expect(RNNCell(3, 4, bias: false, nonlinearity: "relu").description == "RNNCell(3, 4, bias=False, nonlinearity=relu)")
    }

    @Test func rnnForward() throws {
        let tanhRNN = try F.loaded(RNN(3, 4, numLayers: 2), "rnn_tanh")
        let (y, hn) = tanhRNN(F.t("rnn_tanh.x"), F.t("rnn_tanh.h0"))
        expectSeqClose(y, F.t("rnn_tanh.out"))
        expectSeqClose(hn, F.t("rnn_tanh.hn"))

        let reluRNN = try F.loaded(RNN(3, 4, nonlinearity: "relu", batchFirst: true, bidirectional: true), "rnn_relu")
        let (y2, hn2) = reluRNN(F.t("rnn_relu.x"))
        expectSeqClose(y2, F.t("rnn_relu.out"))
        expectSeqClose(hn2, F.t("rnn_relu.hn"))
    }

    @Test func bidirectionalTwoLayerLSTMAndGRUBatchFirst() throws {
        let lstm = try F.loaded(LSTM(3, 4, numLayers: 2, batchFirst: true, bidirectional: true), "lstm")
        let (y, (hn, cn)) = lstm(F.t("lstm.x"), (F.t("lstm.h0"), F.t("lstm.c0")))
        expectSeqClose(y, F.t("lstm.out"))
        expectSeqClose(hn, F.t("lstm.hn"))
        expectSeqClose(cn, F.t("lstm.cn"))

        let gru = try F.loaded(GRU(3, 4, numLayers: 2, batchFirst: true, bidirectional: true), "gru")
        let (y2, hn2) = gru(F.t("gru.x"), F.t("gru.h0"))
        expectSeqClose(y2, F.t("gru.out"))
        expectSeqClose(hn2, F.t("gru.hn"))
        // In a single-tensor context the output alone comes back.
        let single: Tensor = gru(F.t("gru.x"))
        #expect(single.shape == [2, 5, 8])
    }

    @Test func projectedLSTM() throws {
        let lstm = try F.loaded(LSTM(3, 5, numLayers: 2, batchFirst: true, bidirectional: true, projSize: 2), "lstm_proj")
        // print(nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2, batch_first=True))
        #expect(lstm.description == "LSTM(3, 5, proj_size=2, num_layers=2, batch_first=True, bidirectional=True)")
        let (y, (hn, cn)) = lstm(F.t("lstm_proj.x"), (F.t("lstm_proj.h0"), F.t("lstm_proj.c0")))
        expectSeqClose(y, F.t("lstm_proj.out"))
        expectSeqClose(hn, F.t("lstm_proj.hn"))
        expectSeqClose(cn, F.t("lstm_proj.cn"))
    }

    @Test func dropoutBetweenLayersMatchesPyTorchFromTheSameSeed() async {
        await #expect(processExitsWith: .success) {
            let lstm = try! SeqLayersFixture.loaded(LSTM(3, 4, numLayers: 2, dropout: 0.5), "lstm_dropout")
            _ = manualSeed(7)
            let (y, (hn, _)) = lstm(SeqLayersFixture.t("lstm_dropout.x"))
            if !y.allclose(SeqLayersFixture.t("lstm_dropout.out"), rtol: 1e-4, atol: 1e-5) { fatalError("output \(y)") }
            if !hn.allclose(SeqLayersFixture.t("lstm_dropout.hn"), rtol: 1e-4, atol: 1e-5) { fatalError("h_n \(hn)") }
        }
    }

    @Test func unbatchedLSTM() throws {
        let lstm = try F.loaded(LSTM(3, 4), "lstm_unbatched")
        let (y, (hn, cn)) = lstm(F.t("lstm_unbatched.x"))
        expectSeqClose(y, F.t("lstm_unbatched.out"))
        expectSeqClose(hn, F.t("lstm_unbatched.hn"))
        expectSeqClose(cn, F.t("lstm_unbatched.cn"))
    }

    @Test func packedUnsortedLSTMForwardAndBackward() throws {
        let lstm = try F.loaded(LSTM(3, 4, numLayers: 2, bidirectional: true), "lstm_packed")
        let x = F.t("lstm_packed.x").detach().requiresGrad_()
        let packed = packPaddedSequence(x, lengths: [2, 5, 3], enforceSorted: false)
        expectSeqClose(packed.data, F.t("lstm_packed.packed_data"), atol: 0, rtol: 0)
        #expect(packed.batchSizes.toArray(Int64.self) == F.t("lstm_packed.batch_sizes").toArray(Int64.self))
        #expect(packed.sortedIndices!.toArray(Int64.self) == F.t("lstm_packed.sorted_indices").toArray(Int64.self))
        #expect(packed.unsortedIndices!.toArray(Int64.self) == [2, 0, 1])

        let (y, (hn, cn)) = lstm(packed, (F.t("lstm_packed.h0"), F.t("lstm_packed.c0")))
        expectSeqClose(y.data, F.t("lstm_packed.out_data"))
        let (padded, lengths) = padPackedSequence(y, totalLength: 6)
        expectSeqClose(padded, F.t("lstm_packed.padded"))
        #expect(lengths.toArray(Int64.self) == [2, 5, 3])
        expectSeqClose(hn, F.t("lstm_packed.hn"))
        expectSeqClose(cn, F.t("lstm_packed.cn"))

        let loss = (padded * F.t("lstm_packed.wsum")).sum() + hn.sum() + (cn * cn).sum()
        loss.backward()
        expectSeqClose(x.grad!, F.t("lstm_packed.x_grad"))
        let params = Dictionary(uniqueKeysWithValues: lstm.namedParameters().map { ($0.name, $0.parameter) })
        expectSeqClose(params["weight_hh_l0"]!.grad!, F.t("lstm_packed.w_hh_l0_grad"))
        expectSeqClose(params["weight_ih_l1_reverse"]!.grad!, F.t("lstm_packed.w_ih_l1_reverse_grad"))
    }

    @Test func packedBatchFirstGRUWithoutState() throws {
        let gru = try F.loaded(GRU(3, 4, batchFirst: true, bidirectional: true), "gru_packed")
        let packed = packPaddedSequence(F.t("gru_packed.x"), lengths: Tensor([3, 1, 4]), batchFirst: true, enforceSorted: false)
        let (y, hn) = gru(packed)
        let (padded, _) = padPackedSequence(y, batchFirst: true, paddingValue: -1)
        expectSeqClose(padded, F.t("gru_packed.padded"))
        expectSeqClose(hn, F.t("gru_packed.hn"))
    }

    @Test func padAndPackSequences() {
        // pad_sequence([torch.ones(2, 1), 2 * torch.ones(3, 1)], batch_first=True, padding_value=9).squeeze(-1)
        // -> [[1, 1, 9], [2, 2, 2]]
        let padded = padSequence([Tensor.ones([2, 1]), Tensor.full([3, 1], 2.0)], batchFirst: true, paddingValue: 9)
        expectValues(padded, [1, 1, 9, 2, 2, 2], shape: [2, 3, 1])
        // pack_sequence([torch.tensor([1., 2, 3]), torch.tensor([4., 5])]) -> data [1, 4, 2, 5, 3], batch_sizes [2, 2, 1]
        let packed = packSequence([Tensor([1.0, 2, 3]), Tensor([4.0, 5])])
        expectValues(packed.data, [1, 4, 2, 5, 3], shape: [5])
        #expect(packed.batchSizeList == [2, 2, 1])
        #expect(packed.sortedIndices == nil)
        // unpack_sequence(pack_sequence(seqs, enforce_sorted=False)) gives seqs back.
        let seqs = [Tensor([1.0, 2]), Tensor([3.0, 4, 5]), Tensor([6.0])]
        let back = unpackSequence(packSequence(seqs, enforceSorted: false))
        #expect(back.map { $0.toArray(Double.self) } == seqs.map { $0.toArray(Double.self) })
        #expect(unpadSequence(padSequence(seqs), lengths: [2, 3, 1]).map(\.shape) == [[2], [3], [1]])
    }

    @Test func cells() throws {
        let rnnCell = try F.loaded(RNNCell(3, 4, nonlinearity: "relu"), "rnncell")
        expectSeqClose(rnnCell(F.t("rnncell.x"), F.t("rnncell.h")), F.t("rnncell.h1"))
        expectSeqClose(rnnCell(F.t("rnncell.x")[0]), F.t("rnncell.h1_unbatched"))

        let lstmCell = try F.loaded(LSTMCell(3, 4), "lstmcell")
        let (h1, c1) = lstmCell(F.t("lstmcell.x"), (F.t("lstmcell.h"), F.t("lstmcell.c")))
        expectSeqClose(h1, F.t("lstmcell.h1"))
        expectSeqClose(c1, F.t("lstmcell.c1"))
        expectSeqClose(lstmCell(F.t("lstmcell.x")[0]).h, F.t("lstmcell.h1_unbatched"))

        let gruCell = try F.loaded(GRUCell(3, 4), "grucell")
        expectSeqClose(gruCell(F.t("grucell.x"), F.t("grucell.h")), F.t("grucell.h1"))
        expectSeqClose(gruCell(F.t("grucell.x")[0]), F.t("grucell.h1_unbatched"))
    }

    @Test func cellGradcheck() throws {
        let x = Tensor.randn([2, 3], dtype: .float64).requiresGrad_()
        let h = Tensor.randn([2, 2], dtype: .float64).requiresGrad_()
        let c = Tensor.randn([2, 2], dtype: .float64).requiresGrad_()
        let rnn = RNNCell(3, 2).double(), lstm = LSTMCell(3, 2).double(), gru = GRUCell(3, 2).double()
        try gradcheck({ rnn($0[0], $0[1]) }, [x, h])
        try gradcheck({ xs in
            let (h1, c1) = lstm(xs[0], (xs[1], xs[2]))
            return h1 + c1 * 2
        }, [x, h, c])
        try gradcheck({ gru($0[0], $0[1]) }, [x, h])
        try gradcheck({ _ in gru(x, h) }, [gru.weightHh, gru.biasHh!])
        try gradgradcheck({ xs in lstm(xs[0], (xs[1], xs[2])).c }, [x, h, c])
    }

    @Test func packedGRUGradcheck() throws {
        let gru = GRU(2, 2, bidirectional: true).double()
        let x = Tensor.randn([3, 2, 2], dtype: .float64).requiresGrad_()
        let h0 = Tensor.randn([2, 2, 2], dtype: .float64).requiresGrad_()
        try gradcheck({ xs in
            let (y, hn) = gru(packPaddedSequence(xs[0], lengths: [1, 3], enforceSorted: false), xs[1])
            return y.data.sum() + hn.sum() * 3
        }, [x, h0])
    }

    @Test func wrongInputRankNamesPyTorchsMessage() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(3, 4)(Tensor.zeros([1, 2, 3, 3]))
        }
        #expect(stderrText(r).contains("LSTM: Expected input to be 2D or 3D, got 4D instead"))
    }

    @Test func unsortedLengthsNeedEnforceSortedFalse() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = packPaddedSequence(Tensor.zeros([4, 3, 2]), lengths: [4, 2, 3])
        }
        #expect(stderrText(r).contains("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True."))
    }
}
