import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

/// Exports `function` at each opset and checks the file with onnx.checker and onnxruntime
/// against eager outputs on every input set (the first is the export example; the others
/// other sizes of the dynamic axes).
func checkRecurrentONNX(_ function: ([Tensor]) -> [Tensor], module: Module?, inputSets: [[Tensor]],
                        inputNames: [String], outputNames: [String], dynamicAxes: [String: [Int: String]],
                        opsets: [Int], sourceLocation: SourceLocation = #_sourceLocation) throws {
    try checkExportedONNX(reference: function, inputSets: inputSets, inputNames: inputNames, outputNames: outputNames,
                          opsets: opsets, sourceLocation: sourceLocation) { path, opset in
        try ONNX.export(function, args: inputSets[0], module: module, to: path, inputNames: inputNames,
                        outputNames: outputNames, dynamicAxes: dynamicAxes, opsetVersion: opset)
    }
}

/// Runs `exporting(path, opset)` at each opset, then onnx.checker and onnxruntime on the file
/// against `reference` (eager) on every input set.
func checkExportedONNX(reference: ([Tensor]) -> [Tensor], inputSets: [[Tensor]], inputNames: [String],
                       outputNames: [String], opsets: [Int], sourceLocation: SourceLocation = #_sourceLocation,
                       exporting: (String, Int) throws -> Void) throws {
    try ONNXPython.requirePython(sourceLocation: sourceLocation)
    let expected = inputSets.map { inputs in noGrad { reference(inputs) } }
    for opset in opsets {
        try ONNXPython.withTempFolder { folder in
            try exporting(folder + "/model.onnx", opset)
            for (i, inputs) in inputSets.enumerated() {
                let suffix = i == 0 ? "" : "_\(i)"
                let named = Dictionary(uniqueKeysWithValues: zip(inputNames, inputs.map { $0.detach().contiguous() }))
                let outs = Dictionary(uniqueKeysWithValues: zip(outputNames, expected[i].map { $0.detach().contiguous() }))
                try saveNumpyArchive(named, to: folder + "/inputs\(suffix).npz")
                try saveNumpyArchive(outs, to: folder + "/expected\(suffix).npz")
            }
            let report = try ONNXPython.check(folder: folder)
            #expect(report.contains("checker: ok"), "opset \(opset):\n\(report)", sourceLocation: sourceLocation)
            #expect(report.contains("opset ai.onnx \(opset)"), sourceLocation: sourceLocation)
        }
    }
}

/// ONNX export of the recurrent family through onnxruntime: LSTM/GRU/RNN stacks (gate
/// reordering, bidirectional, batch-first, initial states, several layers) and scaled
/// dot-product attention (causal, bool and float masks), plus the attention layers.
@Suite struct RecurrentONNXTests {
    @Test(.onnxRuntime) func lstmTwoLayers() throws {
        manualSeed(10)
        let lstm = LSTM(3, 5, numLayers: 2)
        lstm.eval()
        try checkRecurrentONNX({ xs in [lstm(xs[0]).output] }, module: lstm,
                               inputSets: [[Tensor.randn([4, 2, 3])], [Tensor.randn([4, 3, 3])]],
                               inputNames: ["x"], outputNames: ["y"],
                               dynamicAxes: ["x": [1: "batch"], "y": [1: "batch"]], opsets: [17, 18])
    }

    @Test(.onnxRuntime) func lstmBidirectionalBatchFirstWithStates() throws {
        manualSeed(11)
        let lstm = LSTM(3, 4, numLayers: 2, batchFirst: true, bidirectional: true)
        lstm.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let r = lstm(xs[0], (xs[1], xs[2]))
            return [r.output, r.state.h, r.state.c]
        }
        let sets = [2, 3].map { b in [Tensor.randn([b, 5, 3]), Tensor.randn([4, b, 4]), Tensor.randn([4, b, 4])] }
        try checkRecurrentONNX(f, module: lstm, inputSets: sets, inputNames: ["x", "h0", "c0"],
                               outputNames: ["y", "hn", "cn"],
                               dynamicAxes: ["x": [0: "batch"], "h0": [1: "batch"], "c0": [1: "batch"],
                                             "y": [0: "batch"], "hn": [1: "batch"], "cn": [1: "batch"]],
                               opsets: [17, 21])
    }

    @Test(.onnxRuntime) func gruBidirectionalWithState() throws {
        manualSeed(12)
        let gru = GRU(3, 4, numLayers: 2, bidirectional: true)
        gru.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let r = gru(xs[0], xs[1])
            return [r.output, r.hN]
        }
        let sets = [2, 3].map { b in [Tensor.randn([5, b, 3]), Tensor.randn([4, b, 4])] }
        try checkRecurrentONNX(f, module: gru, inputSets: sets, inputNames: ["x", "h0"], outputNames: ["y", "hn"],
                               dynamicAxes: ["x": [1: "batch"], "h0": [1: "batch"], "y": [1: "batch"], "hn": [1: "batch"]],
                               opsets: [17, 18])
    }

    @Test(.onnxRuntime) func rnnTanhAndReluLayers() throws {
        manualSeed(13)
        let tanhRNN = RNN(3, 4, numLayers: 2, bias: false)
        let reluRNN = RNN(3, 4, nonlinearity: "relu", batchFirst: true, bidirectional: true)
        let f: ([Tensor]) -> [Tensor] = { xs in
            let a = tanhRNN(xs[0], nil)
            let b = reluRNN(xs[0].transpose(0, 1), nil)
            return [a.output, a.hN, b.output, b.hN]
        }
        let sets = [2, 3].map { b in [Tensor.randn([5, b, 3])] }
        try checkRecurrentONNX(f, module: Sequential(tanhRNN, reluRNN), inputSets: sets, inputNames: ["x"],
                               outputNames: ["a", "ha", "b", "hb"],
                               dynamicAxes: ["x": [1: "batch"], "a": [1: "batch"], "ha": [1: "batch"],
                                             "b": [0: "batch"], "hb": [1: "batch"]],
                               opsets: [17, 18])
    }

    @Test(.onnxRuntime) func unbatchedGRU() throws {
        manualSeed(14)
        let gru = GRU(3, 4, batchFirst: true)
        let f: ([Tensor]) -> [Tensor] = { xs in
            let r = gru(xs[0], xs[1])
            return [r.output, r.hN]
        }
        try checkRecurrentONNX(f, module: gru, inputSets: [[Tensor.randn([5, 3]), Tensor.randn([1, 4])]],
                               inputNames: ["x", "h0"], outputNames: ["y", "hn"], dynamicAxes: [:], opsets: [18])
    }

    @Test(.onnxRuntime) func cellsRunAsOneStepSequences() throws {
        manualSeed(19)
        let cells = ONNXRecurrentCells()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let (h, c) = cells.lstm(xs[0], (xs[1], xs[1]))
            let g = cells.gru(xs[0], h)
            let r = cells.rnn(xs[0], nil)
            let t = cells.tanh(xs[2], nil)  // unbatched
            return [h, c, g, r, t]
        }
        let sets = [2, 3].map { b in [Tensor.randn([b, 3]), Tensor.randn([b, 4]), Tensor.randn([3])] }
        try checkRecurrentONNX(f, module: cells, inputSets: sets, inputNames: ["x", "h", "u"],
                               outputNames: ["h1", "c1", "g", "r", "t"],
                               dynamicAxes: ["x": [0: "batch"], "h": [0: "batch"], "h1": [0: "batch"], "c1": [0: "batch"],
                                             "g": [0: "batch"], "r": [0: "batch"]],
                               opsets: [17, 18])
    }

    @Test(.onnxRuntime) func scaledDotProductAttentionVariants() throws {
        manualSeed(15)
        let boolMask = Tensor.rand([4, 5]) .> 0.3
        // A fully masked query row gives zeros (PyTorch's safe softmax), not NaN.
        boolMask[1] = Tensor([false, false, false, false, false])
        let f: ([Tensor]) -> [Tensor] = { xs in
            [scaledDotProductAttention(xs[0], xs[1], xs[2]),
             scaledDotProductAttention(xs[0], xs[0], xs[0], isCausal: true),
             scaledDotProductAttention(xs[0], xs[1], xs[2], attnMask: xs[3], scale: 0.5),
             scaledDotProductAttention(xs[0], xs[1], xs[2], attnMask: xs[4])]
        }
        let sets = [2, 3].map { b in
            [Tensor.randn([b, 2, 4, 8]), Tensor.randn([b, 2, 5, 8]), Tensor.randn([b, 2, 5, 8]), boolMask,
             Tensor.randn([b, 1, 4, 5])]
        }
        try checkRecurrentONNX(f, module: nil, inputSets: sets, inputNames: ["q", "k", "v", "mask", "bias"],
                               outputNames: ["plain", "causal", "masked", "biased"],
                               dynamicAxes: ["q": [0: "batch"], "k": [0: "batch"], "v": [0: "batch"], "bias": [0: "batch"],
                                             "plain": [0: "batch"], "causal": [0: "batch"], "masked": [0: "batch"],
                                             "biased": [0: "batch"]],
                               opsets: [17, 18])
    }

    /// Sequence length and batch both dynamic: the LSTM node does not depend on them, and the
    /// causal mask is built at run time (ConstantOfShape, Trilu).
    @Test(.onnxRuntime) func dynamicSequenceLength() throws {
        manualSeed(22)
        let lstm = LSTM(8, 8)
        lstm.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let y = lstm(xs[0], nil).output                              // [seq, batch, 8]
            let heads = y.permute([1, 0, 2]).unsqueeze(1)                 // [batch, 1, seq, 8]
            return [scaledDotProductAttention(heads, heads, heads, isCausal: true)]
        }
        let sets = [(5, 2), (3, 3)].map { seq, b in [Tensor.randn([seq, b, 8])] }
        try checkRecurrentONNX(f, module: lstm, inputSets: sets, inputNames: ["x"], outputNames: ["y"],
                               dynamicAxes: ["x": [0: "seq", 1: "batch"], "y": [0: "batch", 2: "seq"]], opsets: [18])
    }

    @Test(.onnxRuntime) func multiheadAttentionWithPaddingMaskAndWeights() throws {
        manualSeed(16)
        let mha = MultiheadAttention(8, 2)
        mha.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let r = mha(xs[0], xs[1], xs[1], keyPaddingMask: xs[2])
            let selfAttention = mha(xs[0], xs[0], xs[0], needWeights: false).output
            return [r.output, r.weights!, selfAttention]
        }
        let sets = [2, 3].map { b -> [Tensor] in
            let padding = Tensor.arange(Int64(5)).unsqueeze(0) .>= Tensor.arange(Int64(b)).unsqueeze(1) + 3
            return [Tensor.randn([3, b, 8]), Tensor.randn([5, b, 8]), padding]
        }
        try checkRecurrentONNX(f, module: mha, inputSets: sets, inputNames: ["q", "kv", "padding"],
                               outputNames: ["y", "w", "s"],
                               dynamicAxes: ["q": [1: "batch"], "kv": [1: "batch"], "padding": [0: "batch"],
                                             "y": [1: "batch"], "w": [0: "batch"], "s": [1: "batch"]],
                               opsets: [17, 18])
    }

    @Test(.onnxRuntime) func multiheadAttentionExtraKeysAndSeparateProjections() throws {
        manualSeed(20)
        let mha = MultiheadAttention(8, 2, addBiasKV: true, addZeroAttn: true, kdim: 6, vdim: 4, batchFirst: true)
        mha.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            [mha(xs[0], xs[1], xs[2], keyPaddingMask: xs[3], needWeights: false).output]
        }
        let sets = [2, 3].map { b -> [Tensor] in
            [Tensor.randn([b, 3, 8]), Tensor.randn([b, 4, 6]), Tensor.randn([b, 4, 4]),
             Tensor.arange(Int64(4)).unsqueeze(0) .>= Tensor.full([b, 1], 3, dtype: .int64)]
        }
        try checkRecurrentONNX(f, module: mha, inputSets: sets, inputNames: ["q", "k", "v", "padding"], outputNames: ["y"],
                               dynamicAxes: ["q": [0: "batch"], "k": [0: "batch"], "v": [0: "batch"], "padding": [0: "batch"],
                                             "y": [0: "batch"]],
                               opsets: [17, 18])
    }

    @Test(.onnxRuntime) func fullTransformerWithPositionalEncoding() throws {
        manualSeed(21)
        let model = Transformer(dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16)
        let positions = PositionalEncoding(8, maxLen: 10)
        let holder = Sequential(model, positions)
        holder.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            [model(positions(xs[0]), positions(xs[1]), tgtMask: Transformer.generateSquareSubsequentMask(3))]
        }
        let sets = [2, 3].map { b in [Tensor.randn([4, b, 8]), Tensor.randn([3, b, 8])] }
        try checkRecurrentONNX(f, module: holder, inputSets: sets, inputNames: ["src", "tgt"], outputNames: ["y"],
                               dynamicAxes: ["src": [1: "batch"], "tgt": [1: "batch"], "y": [1: "batch"]],
                               opsets: [17, 18])
    }

    @Test(.onnxRuntime) func transformerDecoderLayer() throws {
        manualSeed(17)
        let layer = TransformerDecoderLayer(8, 2, dimFeedforward: 16, batchFirst: true, normFirst: true)
        layer.eval()
        let f: ([Tensor]) -> [Tensor] = { xs in
            [layer(xs[0], xs[1], tgtMask: generateSquareSubsequentMask(3), tgtIsCausal: true)]
        }
        let sets = [2, 3].map { b in [Tensor.randn([b, 3, 8]), Tensor.randn([b, 4, 8])] }
        try checkRecurrentONNX(f, module: layer, inputSets: sets, inputNames: ["tgt", "memory"], outputNames: ["y"],
                               dynamicAxes: ["tgt": [0: "batch"], "memory": [0: "batch"], "y": [0: "batch"]],
                               opsets: [17, 18])
    }

    @Test func projectedLSTMFailsClearly() throws {
        manualSeed(18)
        let lstm = LSTM(3, 4, projSize: 2)
        let program = try export(lstm, args: [Tensor.randn([2, 1, 3])])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proj-\(UUID().uuidString).onnx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try ONNX.export(program, to: path, inputNames: ["x"], outputNames: ["y"], opsetVersion: 18)
            Issue.record("expected a failure")
        } catch let error as ONNXExportError {
            #expect(error.message.contains("aten.lstm"))
            #expect(error.message.contains("proj_size"))
        }
    }
}

/// Cells of each kind for the ONNX cell test.
private final class ONNXRecurrentCells: Module {
    let lstm = LSTMCell(3, 4)
    let gru = GRUCell(3, 4)
    let rnn = RNNCell(3, 4, bias: false, nonlinearity: "relu")
    let tanh = RNNCell(3, 2)
}
