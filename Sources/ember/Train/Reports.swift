#if canImport(Glibc)
import Glibc
#endif
import Ember
import EmberPlot

/// After each epoch: `loss.png` (train/test loss and test accuracy per epoch, every epoch in
/// metrics.jsonl, so a resumed run's figure covers the whole run) and TensorBoard scalars
/// under `tensorboard/` (`tensorboard --logdir DIR/tensorboard`).
func writeEpochReport(_ latest: [EpochMetrics], in outDir: String) throws {
    let all = (try? readMetrics(outDir + "/metrics.jsonl")) ?? latest
    guard !all.isEmpty else { return }
    do {
        try TrainingReport.plotLoss(epochs: all.map { Double($0.epoch) }, trainLoss: all.map(\.trainLoss),
                                    testLoss: all.map(\.testLoss), testAccuracy: all.map(\.testAccuracy),
                                    to: outDir + "/loss.png")
        let m = latest[latest.count - 1]
        let writer = try SummaryWriter(logDir: outDir + "/tensorboard")
        try writer.addScalars("loss", ["train": m.trainLoss, "test": m.testLoss], globalStep: m.epoch)
        writer.addScalar("accuracy/test", m.testAccuracy, globalStep: m.epoch)
        writer.addScalar("throughput/samples_per_second", m.samplesPerSecond, globalStep: m.epoch)
        try writer.close()
    } catch {
        throw CommandError("\(outDir): cannot write the training report (\(error))")
    }
}

/// The epochs recorded in metrics.jsonl, in order.
private func readMetrics(_ path: String) throws -> [EpochMetrics] {
    guard let f = fopen(path, "r") else { return [] }
    defer { fclose(f) }
    var out: [EpochMetrics] = []
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, f) > 0, let line {
        guard let object = try JSONParser.parse(String(cString: line)).object,
              let epoch = object["epoch"]?.int, let train = object["train_loss"]?.number,
              let test = object["test_loss"]?.number, let accuracy = object["test_accuracy"]?.number
        else { continue }
        out.append(EpochMetrics(epoch: epoch, trainLoss: train, testLoss: test, testAccuracy: accuracy,
                                seconds: object["seconds"]?.number ?? 0,
                                samplesPerSecond: object["samples_per_second"]?.number ?? 0))
    }
    return out
}
