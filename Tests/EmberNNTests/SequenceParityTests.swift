import Foundation
import OrderedCollections
import Testing
import EmberNN

// Issue 11's "done when": an LSTM language model and a 2-layer TransformerEncoder language
// model, started from weights PyTorch drew, train on fixed token batches and their loss at
// each step matches PyTorch's to 1e-4 relative. Fixtures/gen_seq_parity.py wrote the
// weights, the batches and PyTorch's losses (20 steps).
//
// All 20 steps take about 5 s in a debug build; EMBER_SEQ_STEPS=n checks the first n only.

private let vocab = 50, seqLen = 12

/// gen_seq_parity.py's LSTMLM, with the same state-dict keys.
final class LSTMLanguageModel: Module {
    let embedding = Embedding(50, 16)
    let lstm = LSTM(16, 32, batchFirst: true)
    let head = Linear(32, 50)

    override func forward(_ input: Tensor) -> Tensor {
        let (h, _) = lstm(embedding(input))
        return head(h)
    }
}

/// gen_seq_parity.py's TransformerLM: scaled embeddings, the tutorial's positions, two
/// causal encoder layers, a linear head.
final class TransformerLanguageModel: Module {
    let embedding = Embedding(50, 16)
    let posEncoder = PositionalEncoding(16, dropout: 0, maxLen: 64, batchFirst: true)
    let encoder = TransformerEncoder(TransformerEncoderLayer(16, 2, dimFeedforward: 32, dropout: 0, batchFirst: true),
                                     numLayers: 2)
    let head = Linear(16, 50)

    override func forward(_ input: Tensor) -> Tensor {
        let mask = generateSquareSubsequentMask(input.shape[1])
        let h = posEncoder(embedding(input) * 16.0.squareRoot())
        return head(encoder(h, mask: mask, isCausal: true))
    }
}

private enum SeqParityFixture {
    /// The tensors, and in the metadata each model's state-dict keys in PyTorch's order.
    static let file: (tensors: OrderedDictionary<String, Tensor>, metadata: [String: String]) = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/seq_parity.safetensors").path
        return try! loadSafetensors(from: path)
    }()
    static var tensors: OrderedDictionary<String, Tensor> { file.tensors }

    static func state(_ model: String) -> OrderedDictionary<String, Tensor> {
        var result = OrderedDictionary<String, Tensor>()
        for key in file.metadata[model]!.split(separator: ",") { result[String(key)] = tensors["\(model).\(key)"]! }
        return result
    }

    /// 20 steps; EMBER_SEQ_STEPS=n runs the first n.
    static var steps: Int {
        ProcessInfo.processInfo.environment["EMBER_SEQ_STEPS"].flatMap { Int($0) }.map { min($0, 20) } ?? 20
    }

    /// Trains `model` and checks each step's loss against PyTorch's `losses`.
    static func expectParity(_ model: Module, _ optimizer: Optimizer, _ losses: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let tokens = tensors["tokens"]!
        let expected = tensors[losses]!.toArray(Double.self)
        for i in 0..<steps {
            let x = tokens[i, .all, 0..<seqLen], y = tokens[i, .all, 1..<(seqLen + 1)]
            let loss = crossEntropy(model(x).reshape([-1, vocab]), y.reshape([-1]))
            optimizer.zeroGrad()
            loss.backward()
            _ = optimizer.step()
            let (ember, torch) = (loss.item(), expected[i])
            #expect(Swift.abs(ember - torch) <= 1e-4 * Swift.abs(torch), "step \(i): Ember \(ember), PyTorch \(torch)",
                    sourceLocation: sourceLocation)
        }
    }
}

@Suite struct SequenceParityTests {
    @Test func stateDictKeysMatchPyTorch() {
        #expect(Array(LSTMLanguageModel().stateDict().keys) == Array(SeqParityFixture.state("lstm").keys))
        #expect(Array(TransformerLanguageModel().stateDict().keys) == Array(SeqParityFixture.state("tf").keys))
    }

    @Test func lstmLanguageModelSGD() throws {
        let model = LSTMLanguageModel()
        try model.loadStateDict(SeqParityFixture.state("lstm"))
        SeqParityFixture.expectParity(model, SGD(model.parameters(), lr: 0.5, momentum: 0.9), "lstm_losses_sgd")
    }

    @Test func lstmLanguageModelAdam() throws {
        let model = LSTMLanguageModel()
        try model.loadStateDict(SeqParityFixture.state("lstm"))
        SeqParityFixture.expectParity(model, Adam(model.parameters(), lr: 1e-2), "lstm_losses_adam")
    }

    @Test func transformerLanguageModelAdam() throws {
        let model = TransformerLanguageModel()
        try model.loadStateDict(SeqParityFixture.state("tf"))
        SeqParityFixture.expectParity(model, Adam(model.parameters(), lr: 1e-2), "tf_losses_adam")
    }
}
