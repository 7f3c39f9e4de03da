import Ember
import EmberExport
import EmberNN
import Foundation
import Testing

/// Capture and replay of the recurrent family: LSTM/GRU/RNN stacks as one node each,
/// scaled dot-product attention as one node, MultiheadAttention and the Transformer layers
/// through the ops they call. Every replay must equal eager bit for bit.
@Suite struct RecurrentCaptureTests {
    /// Equal shapes and bit-identical float values.
    private func same(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.dtype == b.dtype && a.toArray(Float.self) == b.toArray(Float.self)
    }

    private func targets(_ program: ExportedProgram) -> [String] { program.graph.nodes.map(\.target) }

    @Test func lstmIsOneNodeAndReplaysBitForBit() throws {
        manualSeed(0)
        let lstm = LSTM(3, 5, numLayers: 2)
        lstm.eval()
        let x = Tensor.randn([4, 2, 3])
        let program = try export(lstm, args: [x], dynamicShapes: [[1: Dim("batch")]])
        #expect(targets(program) == ["aten.lstm"])
        let node = program.graph.nodes[0]
        #expect(node.outputs.count == 3)
        #expect(node.arguments.count == 9)
        #expect(node.arguments[1] == .values([]))
        #expect(node.arguments[3] == .bool(true))
        #expect(node.arguments[4] == .int(2))
        guard case .values(let params) = node.arguments[2] else { Issue.record("params"); return }
        #expect(params.count == 8)
        // The output's batch follows the dynamic dim.
        #expect(program.graph.values[program.graph.outputs[0]].shape == [4, SymInt(symbol: "batch"), 5])
        for batch in [2, 3] {
            let xb = Tensor.randn([4, batch, 3])
            #expect(same(program(xb), lstm(xb).output))
        }
    }

    @Test func lstmWithStatesReturnsAllThreeOutputs() throws {
        manualSeed(1)
        let lstm = LSTM(3, 4, batchFirst: true, bidirectional: true)
        let x = Tensor.randn([2, 5, 3]), h0 = Tensor.randn([2, 2, 4]), c0 = Tensor.randn([2, 2, 4])
        let f: ([Tensor]) -> [Tensor] = { xs in
            let r = lstm(xs[0], (xs[1], xs[2]))
            return [r.output, r.state.h, r.state.c]
        }
        let program = try export(f, args: [x, h0, c0], module: lstm,
                                 dynamicShapes: [[0: Dim("batch")], [1: Dim("batch")], [1: Dim("batch")]])
        #expect(targets(program) == ["aten.lstm"])
        #expect(program.graph.nodes[0].arguments[7] == .bool(true))
        #expect(program.graph.nodes[0].arguments[8] == .bool(true))
        let xb = Tensor.randn([3, 5, 3]), hb = Tensor.randn([2, 3, 4]), cb = Tensor.randn([2, 3, 4])
        let got = program.run([xb, hb, cb]), want = f([xb, hb, cb])
        for (g, w) in zip(got, want) { #expect(same(g, w)) }
    }

    @Test func gruAndRNNAreOneNodeEach() throws {
        manualSeed(2)
        let model = RecurrentTrio()
        let (gru, tanhRNN, reluRNN) = (model.gru, model.tanhRNN, model.reluRNN)
        let x = Tensor.randn([5, 2, 3]), h0 = Tensor.randn([4, 2, 4])
        let f: ([Tensor]) -> [Tensor] = { xs in
            let g = gru(xs[0], xs[1])
            let t = tanhRNN(g.output, nil)
            let r = reluRNN(t.output.transpose(0, 1), nil)
            return [r.output, g.hN, t.hN, r.hN]
        }
        let program = try export(f, args: [x, h0], module: model,
                                 dynamicShapes: [[1: Dim("batch")], [1: Dim("batch")]])
        let t = targets(program)
        #expect(t.contains("aten.gru") && t.contains("aten.rnn_tanh") && t.contains("aten.rnn_relu"))
        #expect(t.filter { $0 == "aten.gru" }.count == 1)
        let xb = Tensor.randn([5, 3, 3]), hb = Tensor.randn([4, 3, 4])
        for (g, w) in zip(program.run([xb, hb]), f([xb, hb])) { #expect(same(g, w)) }
    }

    @Test func unbatchedInputReplays() throws {
        manualSeed(3)
        let gru = GRU(3, 4)
        let x = Tensor.randn([6, 3])
        let program = try export(gru, args: [x])
        #expect(targets(program) == ["aten.gru"])
        #expect(same(program(x), gru(x).output))
        // A projected LSTM (weight_hr) replays too, though ONNX has no form for it.
        let projected = LSTM(3, 4, projSize: 2)
        let p = try export(projected, args: [Tensor.randn([4, 2, 3])], dynamicShapes: [[1: Dim("batch")]])
        let xb = Tensor.randn([4, 3, 3])
        #expect(same(p(xb), projected(xb).output))
    }

    @Test func cellsAreOneNodeEach() throws {
        manualSeed(10)
        let cells = RecurrentCells()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let (h, c) = cells.lstm(xs[0])
            let g = cells.gru(xs[0], h)
            let r = cells.rnn(xs[0], g)
            let u = cells.lstm(xs[1], (xs[2], xs[2]))  // unbatched
            return [h, c, g, r, u.h, u.c]
        }
        let x = Tensor.randn([2, 3]), single = Tensor.randn([3]), state = Tensor.randn([4])
        let program = try export(f, args: [x, single, state], module: cells, dynamicShapes: [[0: Dim("batch")], [:], [:]])
        #expect(targets(program) == ["aten.lstm_cell", "aten.gru_cell", "aten.rnn_relu_cell", "aten.lstm_cell"])
        #expect(program.graph.nodes[0].arguments[1] == .values([]))
        #expect(program.graph.nodes[2].arguments[4] == .none)
        let inputs = [Tensor.randn([3, 3]), single, state]
        for (g, w) in zip(program.run(inputs), f(inputs)) { #expect(same(g, w)) }
    }

    @Test func scaledDotProductAttentionIsOneNode() throws {
        manualSeed(4)
        let q = Tensor.randn([2, 2, 4, 8]), k = Tensor.randn([2, 2, 5, 8]), v = Tensor.randn([2, 2, 5, 8])
        let boolMask = Tensor.rand([4, 5]) .> 0.3
        let floatMask = Tensor.randn([2, 1, 4, 5])
        let f: ([Tensor]) -> [Tensor] = { xs in
            [scaledDotProductAttention(xs[0], xs[1], xs[2]),
             scaledDotProductAttention(xs[0], xs[0], xs[0], isCausal: true),
             scaledDotProductAttention(xs[0], xs[1], xs[2], attnMask: xs[3], scale: 0.5),
             scaledDotProductAttention(xs[0], xs[1], xs[2], attnMask: xs[4])]
        }
        let program = try export(f, args: [q, k, v, boolMask, floatMask],
                                 dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")], [0: Dim("batch")], [:],
                                                 [0: Dim("batch")]])
        #expect(targets(program) == Array(repeating: "aten.scaled_dot_product_attention", count: 4))
        let third = program.graph.nodes[2]
        #expect(third.arguments[5] == .bool(false))
        #expect(third.arguments[6] == .double(0.5))
        #expect(program.graph.nodes[1].arguments[5] == .bool(true))
        let inputs = [Tensor.randn([3, 2, 4, 8]), Tensor.randn([3, 2, 5, 8]), Tensor.randn([3, 2, 5, 8]), boolMask,
                      Tensor.randn([3, 1, 4, 5])]
        for (g, w) in zip(program.run(inputs), f(inputs)) { #expect(same(g, w)) }
    }

    @Test func multiheadAttentionDecomposesAroundOneAttentionNode() throws {
        manualSeed(5)
        let mha = MultiheadAttention(8, 2, batchFirst: true)
        mha.eval()
        let x = Tensor.randn([2, 4, 8])
        let program = try export(mha, args: [x], dynamicShapes: [[0: Dim("batch")]])
        let t = targets(program)
        #expect(t.filter { $0 == "aten.scaled_dot_product_attention" }.count == 1)
        #expect(t.contains("aten.linear"))
        let xb = Tensor.randn([3, 4, 8])
        #expect(same(program(xb), mha.forward(xb)))
    }

    @Test func multiheadAttentionWithWeightsAndKeyPaddingMask() throws {
        manualSeed(6)
        let mha = MultiheadAttention(8, 2)
        mha.eval()
        let q = Tensor.randn([3, 2, 8]), kv = Tensor.randn([5, 2, 8])
        let padding = Tensor([[false, false, false, true, true], [false, false, false, false, false]])
        let f: ([Tensor]) -> [Tensor] = { xs in
            let r = mha(xs[0], xs[1], xs[1], keyPaddingMask: xs[2])
            return [r.output, r.weights!]
        }
        let program = try export(f, args: [q, kv, padding], module: mha,
                                 dynamicShapes: [[1: Dim("batch")], [1: Dim("batch")], [0: Dim("batch")]])
        let qb = Tensor.randn([3, 3, 8]), kvb = Tensor.randn([5, 3, 8])
        let pb = Tensor([[false, false, false, true, true], [false, false, false, false, false],
                         [false, true, false, false, false]])
        for (g, w) in zip(program.run([qb, kvb, pb]), f([qb, kvb, pb])) { #expect(same(g, w)) }
    }

    @Test func extraKeysFollowTheDynamicBatch() throws {
        manualSeed(11)
        let mha = MultiheadAttention(8, 2, addBiasKV: true, addZeroAttn: true, kdim: 6, vdim: 4)
        mha.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            [mha(xs[0], xs[1], xs[2], keyPaddingMask: xs[3], needWeights: false).output]
        }
        func inputs(_ b: Int) -> [Tensor] {
            [Tensor.randn([3, b, 8]), Tensor.randn([4, b, 6]), Tensor.randn([4, b, 4]),
             Tensor.arange(Int64(4)).unsqueeze(0) .>= Tensor.full([b, 1], 3, dtype: .int64)]
        }
        let program = try export(f, args: inputs(2), module: mha,
                                 dynamicShapes: [[1: Dim("batch")], [1: Dim("batch")], [1: Dim("batch")], [0: Dim("batch")]])
        #expect(!program.graph.inputs.contains { $0.kind == .constant })
        let xb = inputs(3)
        #expect(same(program.run(xb)[0], f(xb)[0]))
    }

    @Test func positionalEncodingsReplay() throws {
        manualSeed(12)
        let model = Sequential(PositionalEncoding(8, maxLen: 10), LearnedPositionalEncoding(8, maxLen: 10))
        model.eval()
        let program = try export(model, args: [Tensor.randn([5, 2, 8])], dynamicShapes: [[1: Dim("batch")]])
        let xb = Tensor.randn([5, 3, 8])
        #expect(same(program(xb), model(xb)))
    }

    @Test func fullTransformerReplays() throws {
        manualSeed(13)
        let model = Transformer(dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16)
        model.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            [model(xs[0], xs[1], tgtMask: Transformer.generateSquareSubsequentMask(3), tgtKeyPaddingMask: xs[2])]
        }
        func inputs(_ b: Int) -> [Tensor] {
            [Tensor.randn([4, b, 8]), Tensor.randn([3, b, 8]), Tensor.zeros([b, 3], dtype: .bool)]
        }
        let program = try export(f, args: inputs(2), module: model,
                                 dynamicShapes: [[1: Dim("batch")], [1: Dim("batch")], [0: Dim("batch")]])
        #expect(targets(program).filter { $0 == "aten.scaled_dot_product_attention" }.count == 3)
        let xb = inputs(3)
        #expect(same(program.run(xb)[0], f(xb)[0]))
    }

    @Test func transformerEncoderWithCausalMaskReplays() throws {
        manualSeed(7)
        let encoder = TransformerEncoder(TransformerEncoderLayer(8, 2, dimFeedforward: 16, activation: "gelu"), numLayers: 2)
        encoder.eval()
        let x = Tensor.randn([5, 2, 8])
        let f: ([Tensor]) -> [Tensor] = { xs in [encoder(xs[0], mask: generateSquareSubsequentMask(5))] }
        let program = try export(f, args: [x], module: encoder, dynamicShapes: [[1: Dim("batch")]])
        let t = targets(program)
        #expect(t.filter { $0 == "aten.scaled_dot_product_attention" }.count == 2)
        #expect(t.contains("aten.layer_norm") && t.contains("aten.gelu"))
        // The mask built in forward is lifted as one constant.
        #expect(program.graph.inputs.contains { $0.kind == .constant })
        let xb = Tensor.randn([5, 3, 8])
        #expect(same(program.run([xb])[0], f([xb])[0]))
    }

    @Test func transformerDecoderLayerReplays() throws {
        manualSeed(8)
        let layer = TransformerDecoderLayer(8, 2, dimFeedforward: 16, batchFirst: true, normFirst: true)
        layer.eval()
        let tgt = Tensor.randn([2, 3, 8]), memory = Tensor.randn([2, 4, 8])
        let f: ([Tensor]) -> [Tensor] = { xs in
            [layer(xs[0], xs[1], tgtMask: generateSquareSubsequentMask(3), tgtIsCausal: true)]
        }
        let program = try export(f, args: [tgt, memory], module: layer,
                                 dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")]])
        #expect(targets(program).filter { $0 == "aten.scaled_dot_product_attention" }.count == 2)
        let tb = Tensor.randn([3, 3, 8]), mb = Tensor.randn([3, 4, 8])
        #expect(same(program.run([tb, mb])[0], f([tb, mb])[0]))
    }

    @Test func recurrentDropoutInTrainingStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let lstm = LSTM(3, 4, numLayers: 2, dropout: 0.5)
            _ = try? export(lstm, args: [Tensor.randn([2, 1, 3])])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("export: LSTM applies dropout=0.5 between layers in training mode"))
        #expect(text.contains("call model.eval()"))
    }

    @Test func attentionDropoutInTrainingStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let mha = MultiheadAttention(8, 2, dropout: 0.1)
            _ = try? export(mha, args: [Tensor.randn([3, 2, 8])])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("export: scaled_dot_product_attention with dropout_p=0.1 is random"))
        #expect(text.contains("call model.eval()"))
    }

    @Test func savedProgramLoadsAndReplays() throws {
        manualSeed(9)
        let lstm = LSTM(3, 4, numLayers: 2, bidirectional: true)
        lstm.eval()
        let x = Tensor.randn([3, 2, 3])
        let program = try export(lstm, args: [x], dynamicShapes: [[1: Dim("batch")]])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recurrent-\(UUID().uuidString).ember").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        let loaded = try ExportedProgram.load(from: path)
        let xb = Tensor.randn([3, 4, 3])
        #expect(same(loaded(xb), lstm(xb).output))
    }
}

/// A GRU feeding a tanh RNN (no biases) feeding a batch-first relu RNN.
private final class RecurrentTrio: Module {
    let gru = GRU(3, 4, numLayers: 2, bidirectional: true)
    let tanhRNN = RNN(4 * 2, 3, bias: false)
    let reluRNN = RNN(3, 3, nonlinearity: "relu", batchFirst: true)
}

/// One cell of each kind: an LSTM cell, a GRU cell, a relu RNN cell without biases.
private final class RecurrentCells: Module {
    let lstm = LSTMCell(3, 4)
    let gru = GRUCell(3, 4)
    let rnn = RNNCell(3, 4, bias: false, nonlinearity: "relu")
}
