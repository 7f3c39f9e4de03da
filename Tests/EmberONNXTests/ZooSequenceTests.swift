import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

/// An LSTM language model: Embedding(50, 16) → LSTM(16, 32, numLayers: 2) → Linear(32, 50)
/// over token ids `[seq, batch]`.
private final class LSTMLanguageModel: Module {
    let embedding = Embedding(50, 16)
    let lstm = LSTM(16, 32, numLayers: 2)
    let decoder = Linear(32, 50)

    override func forward(_ ids: Tensor) -> Tensor {
        decoder(lstm(embedding(ids), nil).output)
    }
}

/// A causal Transformer encoder language model over token ids `[batch, seq]`: token and
/// learned position embeddings, two encoder layers under a square subsequent mask, a head.
private final class TransformerLanguageModel: Module {
    let embedding = Embedding(50, 32)
    let positions = LearnedPositionalEncoding(32, dropout: 0.1, maxLen: 16, batchFirst: true)
    let encoder = TransformerEncoder(TransformerEncoderLayer(32, 4, dimFeedforward: 64, dropout: 0.1, batchFirst: true),
                                     numLayers: 2)
    let head = Linear(32, 50)

    /// Hidden states `[batch, seq, 32]`; `padding` (bool `[batch, seq]`, true = padded) hides keys.
    func encode(_ ids: Tensor, padding: Tensor? = nil) -> Tensor {
        let mask = generateSquareSubsequentMask(ids.shape[1])  // built in forward: a lifted constant
        return encoder(positions(embedding(ids)), mask: mask, srcKeyPaddingMask: padding)
    }

    override func forward(_ ids: Tensor) -> Tensor { head(encode(ids)) }
}

/// The sequence models of the export zoo, end to end: capture with a dynamic batch, replay
/// bit for bit (also after save → load), ONNX at several opsets through onnxruntime at two
/// batch sizes.
@Suite struct ZooSequenceTests {
    private func same(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.dtype == b.dtype && a.toArray(Float.self) == b.toArray(Float.self)
    }

    /// Saves `program`, loads it back and runs it on `inputs`.
    private func reloaded(_ program: ExportedProgram, _ inputs: [Tensor]) throws -> [Tensor] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-seq-\(UUID().uuidString).ember").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        return try ExportedProgram.load(from: path).run(inputs)
    }

    @Test func lstmLanguageModelCapturesAndReplays() throws {
        manualSeed(20)
        let model = LSTMLanguageModel()
        model.eval()
        let program = try export(model, args: [Tensor.randint(50, [7, 2])], dynamicShapes: [[1: Dim("batch", max: 4096)]])
        #expect(program.graph.nodes.map(\.target) == ["aten.embedding", "aten.lstm", "aten.linear"])
        for batch in [2, 3] {
            let ids = Tensor.randint(50, [7, batch])
            let eager = model(ids)
            #expect(same(program(ids), eager))
            #expect(same(try reloaded(program, [ids])[0], eager))
        }
    }

    @Test(.onnxRuntime) func lstmLanguageModelExportsToONNX() throws {
        manualSeed(21)
        let model = LSTMLanguageModel()
        model.eval()
        let sets = [2, 3].map { [Tensor.randint(50, [7, $0])] }
        try checkExportedONNX(reference: { [model($0[0])] }, inputSets: sets, inputNames: ["ids"], outputNames: ["logits"],
                              opsets: [17, 18, 21]) { path, opset in
            try ONNX.export(model, args: sets[0], to: path, inputNames: ["ids"], outputNames: ["logits"],
                            dynamicAxes: ["ids": [1: "batch"], "logits": [1: "batch"]], opsetVersion: opset)
        }
    }

    @Test func transformerLanguageModelCapturesAndReplays() throws {
        manualSeed(22)
        let model = TransformerLanguageModel()
        model.eval()
        let program = try export(model, args: [Tensor.randint(50, [2, 7])], dynamicShapes: [[0: Dim("batch", max: 4096)]])
        let targets = program.graph.nodes.map(\.target)
        #expect(targets.filter { $0 == "aten.scaled_dot_product_attention" }.count == 2)
        #expect(targets.last == "aten.linear")
        for batch in [2, 3] {
            let ids = Tensor.randint(50, [batch, 7])
            let eager = model(ids)
            #expect(same(program(ids), eager))
            #expect(same(try reloaded(program, [ids])[0], eager))
        }
    }

    @Test(.onnxRuntime) func transformerLanguageModelExportsToONNX() throws {
        manualSeed(23)
        let model = TransformerLanguageModel()
        model.eval()
        let sets = [2, 3].map { [Tensor.randint(50, [$0, 7])] }
        try checkExportedONNX(reference: { [model($0[0])] }, inputSets: sets, inputNames: ["ids"], outputNames: ["logits"],
                              opsets: [17, 18, 20]) { path, opset in
            try ONNX.export(model, args: sets[0], to: path, inputNames: ["ids"], outputNames: ["logits"],
                            dynamicAxes: ["ids": [0: "batch"], "logits": [0: "batch"]], opsetVersion: opset)
        }
    }

    /// Token ids plus a float attention mask (1 = token, 0 = padding at the end), two outputs:
    /// the masked hidden states and the logits of their mean over the tokens.
    private static func twoInputFunction(_ model: TransformerLanguageModel) -> ([Tensor]) -> [Tensor] {
        { xs in
            let (ids, mask) = (xs[0], xs[1])
            let hidden = model.encode(ids, padding: mask .== 0.0) * mask.unsqueeze(-1)
            let pooled = hidden.sum(dim: 1) / mask.sum(dim: 1, keepdim: true)
            return [hidden, model.head(pooled)]
        }
    }

    /// `[batch, 7]` masks whose row i keeps its first `7 - i` tokens.
    private static func attentionMask(_ batch: Int) -> Tensor {
        (Tensor.arange(Int64(7)).unsqueeze(0) .< (7 - Tensor.arange(Int64(batch)).unsqueeze(1))).to(.float32)
    }

    @Test func twoInputFunctionCapturesAndReplays() throws {
        manualSeed(24)
        let model = TransformerLanguageModel()
        model.eval()
        let f = Self.twoInputFunction(model)
        let program = try export(f, args: [Tensor.randint(50, [2, 7]), Self.attentionMask(2)], module: model,
                                 dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")]], inputNames: ["ids", "mask"])
        #expect(program.graph.outputs.count == 2)
        #expect(program.graph.inputs.contains { $0.target == "head.weight" })
        for batch in [2, 3] {
            let inputs = [Tensor.randint(50, [batch, 7]), Self.attentionMask(batch)]
            let eager = f(inputs)
            for (got, want) in zip(program.run(inputs), eager) { #expect(same(got, want)) }
            for (got, want) in zip(try reloaded(program, inputs), eager) { #expect(same(got, want)) }
        }
    }

    @Test(.onnxRuntime) func twoInputFunctionExportsToONNX() throws {
        manualSeed(25)
        let model = TransformerLanguageModel()
        model.eval()
        let f = Self.twoInputFunction(model)
        let sets = [2, 3].map { [Tensor.randint(50, [$0, 7]), Self.attentionMask($0)] }
        try checkRecurrentONNX(f, module: model, inputSets: sets, inputNames: ["ids", "mask"],
                               outputNames: ["hidden", "logits"],
                               dynamicAxes: ["ids": [0: "batch"], "mask": [0: "batch"], "hidden": [0: "batch"],
                                             "logits": [0: "batch"]],
                               opsets: [17, 18])
    }
}
