import ArgumentParser
import Ember
import EmberData
import EmberNN

/// Loads a model written by `ember train` (its kind is in the file's metadata).
func loadTrainedModel(_ path: String) throws -> Module {
    let (tensors, metadata) = try loadSafetensors(from: path)
    guard let kind = metadata["model"].flatMap(ModelKind.init(rawValue:)) else {
        throw CommandError("\(path): not a model written by ember train (no model kind in its metadata)")
    }
    let model = kind.make(dropout: Double(metadata["dropout"] ?? "0") ?? 0)
    do {
        try model.loadStateDict(tensors)
    } catch {
        throw CommandError("\(path): does not fit the \(kind.rawValue) model (\(error))")
    }
    return model.eval()
}

/// `ember evaluate`: test accuracy and confusion matrix of a trained model.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Report a trained model's MNIST test accuracy and confusion matrix.")

    @Option(help: "The model file (model.safetensors written by ember train).")
    var modelFile: String
    @Option(help: "Folder holding the MNIST IDX files (default: data/mnist).")
    var data: String?

    func run() throws {
        let model = try loadTrainedModel(modelFile)
        let testSet = try MNIST(root: data, train: false, transform: mnistTransform)
        let (loss, accuracy, confusion) = evaluate(model, DataLoader(testSet, batchSize: 1000, generator: Generator(seed: 0)))
        emit("test images: \(testSet.count)")
        emit("test loss: \(fixed(loss, 4))")
        emit("test accuracy: \(fixed(accuracy, 4))")
        emit("confusion matrix (rows: true digit, columns: predicted):")
        emit("     " + (0..<10).map { pad(String($0), 6) }.joined())
        for (digit, row) in confusion.enumerated() {
            emit(pad(String(digit), 4) + " " + row.map { pad(String($0), 6) }.joined())
        }
    }
}

/// `ember predict --index N`: the digit a trained model reads in test image N.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the digit a trained model reads in one MNIST test image, with its probabilities.")

    @Option(help: "The model file (model.safetensors written by ember train).")
    var modelFile: String
    @Option(help: "The test image's index (0..<10000).")
    var index: Int
    @Option(help: "Folder holding the MNIST IDX files (default: data/mnist).")
    var data: String?

    func run() throws {
        let model = try loadTrainedModel(modelFile)
        let testSet = try MNIST(root: data, train: false, transform: mnistTransform)
        guard (0..<testSet.count).contains(index) else {
            throw CommandError("--index \(index) is out of range: the test set has images 0..<\(testSet.count)")
        }
        let (image, label) = testSet[index]
        let probabilities = noGrad { softmax(model(image.unsqueeze(0)), dim: 1) }.toArray(Float.self)
        let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        emit("test image \(index): predicted \(predicted), label \(label)")
        for (digit, p) in probabilities.enumerated() {
            emit("  \(digit): \(fixed(Double(p), 4))")
        }
    }
}

private func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - s.count)) + s
}
