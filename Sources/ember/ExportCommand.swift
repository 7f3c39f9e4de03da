import ArgumentParser
import Ember
import EmberExport
import EmberONNX

/// `ember export`: a trained MNIST model as ONNX (or as an `.ember` exported program), with
/// a dynamic batch dimension.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a trained model to ONNX or to an Ember exported program.",
        discussion: "The model takes `image` [batch, 1, 28, 28] float32 (normalised as in training) and returns `logits` [batch, 10]; batch is dynamic.")

    /// The file formats `--format` takes.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case onnx, ember
    }

    @Option(help: "The model file (model.safetensors written by ember train).")
    var modelFile: String
    @Option(help: "onnx (an ONNX model) or ember (an ExportedProgram file).")
    var format: Format = .onnx
    @Option(name: .shortAndLong, help: "Where to write the exported model.")
    var output: String
    @Option(help: "The ONNX opset (17 to 21).")
    var opset: Int = 18

    func run() throws {
        let model = try loadTrainedModel(modelFile)
        let example = Tensor.zeros(2, 1, 28, 28)
        switch format {
        case .onnx:
            try ONNX.export(model, args: [example], to: output, inputNames: ["image"], outputNames: ["logits"],
                            dynamicAxes: ["image": [0: "batch"], "logits": [0: "batch"]], opsetVersion: opset)
        case .ember:
            let program = try EmberExport.export(model, args: [example], dynamicShapes: [[0: Dim("batch")]])
            try program.save(to: output)
        }
        let (input, out) = format == .onnx ? ("image", "logits") : ("x", "output 0")
        print("wrote \(output) (\(format.rawValue)\(format == .onnx ? ", opset \(opset)" : ""), input \(input) [batch, 1, 28, 28], \(out) [batch, 10])")
    }
}
