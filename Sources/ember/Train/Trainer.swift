import Ember
import EmberData
import EmberNN

/// What `ember train` was asked to do (its flags, checked).
struct TrainConfig {
    var model: ModelKind = .mlp
    var epochs = 3
    var batchSize = 100
    var lr = 1e-3
    var optimizer: OptimizerKind = .adam
    var seed: UInt64 = 1
    var dropout = 0.0
    var dataRoot: String?
    var outDir: String
    var resumeDir: String?
    var limit: Int?
    var workers = 0
    /// Evaluate on the first N test images only (tests keep debug runs short).
    var testLimit: Int?
    /// Progress lines (the CLI prints them; tests pass a no-op).
    var quiet = false
}

enum OptimizerKind: String, CaseIterable, Sendable {
    case adam, sgd, adamw

    func make(_ params: [Tensor], lr: Double) -> Optimizer {
        switch self {
        case .adam: return Adam(params, lr: lr)
        case .adamw: return AdamW(params, lr: lr)
        case .sgd: return SGD(params, lr: lr, momentum: 0.9)
        }
    }
}

/// One epoch's figures, as written to metrics.jsonl.
struct EpochMetrics {
    let epoch: Int
    let trainLoss: Double
    let testLoss: Double
    let testAccuracy: Double
    let seconds: Double
    let samplesPerSecond: Double

    var json: String {
        "{\"epoch\": \(epoch), \"train_loss\": \(trainLoss), \"test_loss\": \(testLoss), \"test_accuracy\": \(testAccuracy), \"seconds\": \(fixed(seconds, 3)), \"samples_per_second\": \(fixed(samplesPerSecond, 1))}"
    }
}

/// The normalisation every MNIST model here is trained with (the tutorial's).
let mnistTransform = Compose([ToTensor(), Normalize(mean: [0.1307], std: [0.3081])])

/// Trains as configured, writing checkpoints, metrics and the final model to `outDir`.
/// Returns the epochs' metrics (only those run now, when resuming) and the model.
@discardableResult
func runTraining(_ config: TrainConfig) throws -> (metrics: [EpochMetrics], model: Module) {
    func log(_ line: String) { if !config.quiet { emit(line) } }
    let loadStart = monotonicSeconds()
    let fullTrain = try MNIST(root: config.dataRoot, train: true, transform: mnistTransform)
    let fullTest = try MNIST(root: config.dataRoot, train: false, transform: mnistTransform)
    let testSet = Subset(fullTest, indices: Array(0..<Swift.min(config.testLimit ?? fullTest.count, fullTest.count)))
    let trainSet = Subset(fullTrain, indices: Array(0..<Swift.min(config.limit ?? fullTrain.count, fullTrain.count)))
    log("data: \(trainSet.count) training and \(testSet.count) test images from \(fullTrain.root) (\(fixed(monotonicSeconds() - loadStart, 2)) s)")

    manualSeed(config.seed)
    let model = config.model.make(dropout: config.dropout)
    let optimizer = config.optimizer.make(model.parameters(), lr: config.lr)
    let criterion = CrossEntropyLoss()
    // The shuffle has its own generator, so its state is saved and restored on its own.
    let dataGenerator = Generator(seed: config.seed)
    let trainLoader = DataLoader(trainSet, batchSize: config.batchSize, shuffle: true,
                                 numWorkers: config.workers, generator: dataGenerator)
    let testLoader = DataLoader(testSet, batchSize: 1000, generator: Generator(seed: 0))

    var firstEpoch = 0
    if let resume = config.resumeDir {
        firstEpoch = try resumeFromLatestCheckpoint(in: resume, model: model, optimizer: optimizer,
                                                    dataGenerator: dataGenerator, kind: config.model)
        log("resuming from \(checkpointPath(resume, epoch: firstEpoch)) after epoch \(firstEpoch)")
    }
    try makeRunDirectory(config.outDir)

    var results: [EpochMetrics] = []
    for epoch in firstEpoch..<config.epochs {
        let start = monotonicSeconds()
        model.train()
        var progress = TrainProgress(epoch: epoch + 1, epochs: config.epochs, batches: trainLoader.count)
        if config.quiet { progress = TrainProgress(epoch: epoch + 1, epochs: config.epochs, batches: 0, isTerminal: false) }
        var lossSum = 0.0, seen = 0, done = 0
        for (images, labels) in trainLoader {
            let loss = criterion(model(images), labels)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            let n = labels.shape[0]
            lossSum += loss.item() * Double(n)
            seen += n
            done += 1
            if !config.quiet { progress.update(done: done, samples: seen, loss: lossSum / Double(seen)) }
        }
        progress.finish()
        let trainSeconds = monotonicSeconds() - start
        let (testLoss, accuracy, _, _) = evaluate(model, testLoader)
        let metrics = EpochMetrics(epoch: epoch + 1, trainLoss: lossSum / Double(Swift.max(seen, 1)), testLoss: testLoss,
                                   testAccuracy: accuracy, seconds: monotonicSeconds() - start,
                                   samplesPerSecond: Double(seen) / Swift.max(trainSeconds, 1e-9))
        log("epoch \(epoch + 1)/\(config.epochs): train loss \(fixed(metrics.trainLoss, 4)), test loss \(fixed(testLoss, 4)), test accuracy \(fixed(accuracy, 4)), \(fixed(metrics.seconds, 1)) s (\(Int(metrics.samplesPerSecond)) samples/s)")
        results.append(metrics)
        try appendLine(metrics.json, to: config.outDir + "/metrics.jsonl")
        try writeEpochReport(results, in: config.outDir)
        try saveCheckpoint(epoch: epoch + 1, model: model, optimizer: optimizer, dataGenerator: dataGenerator,
                           kind: config.model, in: config.outDir)
    }
    try save(model.stateDict(), to: config.outDir + "/model.safetensors",
             metadata: ["model": config.model.rawValue, "dropout": String(config.dropout)])
    return (results, model)
}

/// Mean cross-entropy, accuracy, the 10×10 confusion matrix (rows: true digit) and the
/// positions of the first 36 misclassified samples on an unshuffled `loader`.
func evaluate<D: Dataset>(_ model: Module, _ loader: DataLoader<D, (Tensor, Tensor)>)
    -> (loss: Double, accuracy: Double, confusion: [[Int]], misclassified: [(index: Int, predicted: Int)]) {
    model.eval()
    var lossSum = 0.0, correct = 0, total = 0
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
    var misclassified: [(index: Int, predicted: Int)] = []
    noGrad {
        for (images, labels) in loader {
            let logits = model(images)
            lossSum += crossEntropy(logits, labels, reduction: "sum").item()
            let predicted = logits.argmax(dim: 1).toArray(Int64.self)
            let truth = labels.toArray(Int64.self)
            for (k, (p, t)) in zip(predicted, truth).enumerated() {
                confusion[Int(t)][Int(p)] += 1
                if p == t { correct += 1 } else if misclassified.count < 36 { misclassified.append((total + k, Int(p))) }
            }
            total += truth.count
        }
    }
    return (lossSum / Double(Swift.max(total, 1)), Double(correct) / Double(Swift.max(total, 1)), confusion, misclassified)
}
