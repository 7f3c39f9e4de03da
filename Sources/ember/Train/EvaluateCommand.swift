import ArgumentParser
import Ember
import EmberData
import EmberNN
import EmberPlot

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
        let (loss, accuracy, confusion, misclassified) = evaluate(model, DataLoader(testSet, batchSize: 1000, generator: Generator(seed: 0)))
        emit("test images: \(testSet.count)")
        emit("test loss: \(fixed(loss, 4))")
        emit("test accuracy: \(fixed(accuracy, 4))")
        emit("confusion matrix (rows: true digit, columns: predicted):")
        emit("     " + (0..<10).map { pad(String($0), 6) }.joined())
        for (digit, row) in confusion.enumerated() {
            emit(pad(String(digit), 4) + " " + row.map { pad(String($0), 6) }.joined())
        }
        // The figures go beside the model file, with the run's other outputs.
        let folder = directoryOf(modelFile)
        try TrainingReport.confusionMatrixImage(confusion, to: folder + "/confusion.png")
        let indices = Tensor(misclassified.map { Int64($0.index) })
        try TrainingReport.misclassifiedGrid(images: testSet.data.indexSelect(0, indices),
                                             labels: testSet.targets.indexSelect(0, indices),
                                             predictions: misclassified.map(\.predicted),
                                             to: folder + "/misclassified.png")
        emit("wrote \(folder)/confusion.png and \(folder)/misclassified.png")
    }
}

/// `ember predict --index N` or `--image FILE.png`: the digit a trained model reads in a
/// test image or in the user's own image.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the digit a trained model reads in an MNIST test image or a PNG file, with its probabilities.")

    @Option(help: "The model file (model.safetensors written by ember train).")
    var modelFile: String
    @Option(help: "The test image's index (0..<10000).")
    var index: Int?
    @Option(help: "A PNG image of one digit (any size; gray, RGB or RGBA).")
    var image: String?
    @Option(help: "Folder holding the MNIST IDX files (default: data/mnist).")
    var data: String?

    func validate() throws {
        if (index == nil) == (image == nil) { throw ValidationError("give exactly one of --index and --image") }
    }

    func run() throws {
        let model = try loadTrainedModel(modelFile)
        let input: Tensor
        let heading: String
        if let image {
            input = try digitFromPNG(image)
            heading = "\(image): predicted"
        } else {
            let index = index!
            let testSet = try MNIST(root: data, train: false, transform: mnistTransform)
            guard (0..<testSet.count).contains(index) else {
                throw CommandError("--index \(index) is out of range: the test set has images 0..<\(testSet.count)")
            }
            let (sample, label) = testSet[index]
            input = sample.unsqueeze(0)
            heading = "test image \(index): label \(label), predicted"
        }
        let probabilities = noGrad { softmax(model(input), dim: 1) }.toArray(Float.self)
        let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        emit("\(heading) \(predicted)")
        for (digit, p) in probabilities.enumerated() {
            emit("  \(digit): \(fixed(Double(p), 4))")
        }
    }
}

/// A user's PNG as the models expect it: gray, 28×28, a light digit on a dark background
/// (MNIST's convention; dark-on-light images are inverted), normalised as in training.
func digitFromPNG(_ path: String) throws -> Tensor {
    var pixels = try readPNG(path).to(.float32)
    if pixels.shape.count == 3 {
        // Drop alpha; average the colour channels.
        let channels = min(pixels.shape[2], 3)
        pixels = pixels[.ellipsis, 0..<channels].mean(dim: 2)
    }
    var x = pixels.reshape(1, 1, pixels.shape[0], pixels.shape[1]) / 255
    if x.mean().item() > 0.5 { x = 1 - x }
    x = interpolate(x, size: [28, 28], mode: "bilinear", alignCorners: false)
    return (x - 0.1307) / 0.3081
}

private func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - s.count)) + s
}
