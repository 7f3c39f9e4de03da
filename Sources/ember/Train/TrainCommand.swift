import ArgumentParser
import Ember
import EmberData
import EmberNN

extension ModelKind: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}

/// `ember train`: trains an MNIST classifier and reports its test accuracy. With no flags,
/// the tutorial's MLP (784-400-10, Adam at 1e-3, batch 100, 3 epochs).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train an MNIST classifier (default: the tutorial's 784-400-10 MLP) and print its test accuracy.",
        discussion: "Writes model.safetensors, a checkpoint per epoch and metrics.jsonl to --out (default runs/<timestamp>/).")

    @Option(help: "The model: mlp (784-400-10) or cnn (2 conv + 2 fc, PyTorch's examples/mnist).")
    var model: ModelKind = .mlp
    @Option(help: "Epochs to train (when resuming: the total, counting those already done).")
    var epochs = 3
    @Option(help: "Samples per batch.")
    var batchSize = 100
    @Option(help: "Learning rate.")
    var lr = 1e-3
    @Option(help: "The optimizer: adam, sgd (momentum 0.9) or adamw.")
    var optimizer: OptimizerKind = .adam
    @Option(help: "Seed for weight initialisation, Dropout and shuffling.")
    var seed: UInt64 = 1
    @Option(help: "Dropout after the MLP's hidden layer (0: none, the tutorial's model).")
    var dropout = 0.0
    @Option(help: "Threads for tensor ops (default: all cores).")
    var threads: Int?
    @Option(help: "Device: cpu (cuda is refused when no GPU is present).")
    var device = "cpu"
    @Option(help: "Folder holding the MNIST IDX files (default: data/mnist, found from here or the executable).")
    var data: String?
    @Option(help: "Output folder (default: runs/<timestamp>, or the --resume folder).")
    var out: String?
    @Option(help: "Continue from the latest checkpoint in this folder.")
    var resume: String?
    @Option(help: "Use only the first N training images (for quick checks).")
    var limit: Int?
    @Option(help: "DataLoader worker threads preparing batches ahead.")
    var workers = 0

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive, got \(epochs)") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive number, got \(lr)") }
        guard dropout >= 0, dropout < 1 else { throw ValidationError("--dropout must be in [0, 1), got \(dropout)") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more, got \(workers)") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive, got \(limit)") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive, got \(threads)") }
        if dropout > 0 && model == .cnn { throw ValidationError("--dropout applies to the mlp model (the cnn has its own)") }
    }

    func run() throws {
        try checkDevice(device)
        if let threads { setNumThreads(threads) }
        let config = TrainConfig(model: model, epochs: epochs, batchSize: batchSize, lr: lr, optimizer: optimizer,
                                 seed: seed, dropout: dropout, dataRoot: data,
                                 outDir: out ?? resume ?? timestampedRunDirectory(), resumeDir: resume,
                                 limit: limit, workers: workers)
        emit("training \(model.rawValue) for \(epochs) epochs (batch \(batchSize), \(optimizer.rawValue) lr \(lr), seed \(seed), \(getNumThreads()) threads) -> \(config.outDir)")
        let (metrics, _) = try runTraining(config)
        if let last = metrics.last {
            emit("test accuracy: \(fixed(last.testAccuracy, 4))")
        } else {
            emit("nothing to train: the checkpoint already holds \(epochs) epochs")
        }
        emit("model written to \(config.outDir)/model.safetensors")
    }
}

/// `--device`: cpu works; a CUDA device is refused clearly when none is present.
func checkDevice(_ device: String) throws {
    switch device {
    case "cpu": return
    case _ where device == "cuda" || device.hasPrefix("cuda:"):
        guard CUDA.isAvailable else {
            throw CommandError("--device \(device): CUDA is not available on this machine (see `ember info`); use --device cpu")
        }
        throw CommandError("--device \(device): training on CUDA is not supported yet; use --device cpu")
    default:
        throw CommandError("--device \(device): unknown device (expected cpu or cuda)")
    }
}
