import Testing
@testable import ember
@testable import EmberData
import EmberNN

/// `ember train` stopped after epoch 1 and resumed ends with the same weights, bit for bit, as
/// an uninterrupted run: shuffle, Dropout and 2 workers included, on the shipped MNIST.
@Suite struct TrainResumeTests {
    /// Training seeds the process-wide default generator, which other suites draw from in
    /// parallel: it runs in a child process.
    @Test func resumedRunEqualsUninterruptedRun() async {
        await #expect(processExitsWith: .success) {
            func check(_ ok: Bool, _ what: String) { if !ok { fatalError(what) } }
            do {
                var config = TrainConfig(model: .mlp, epochs: 3, batchSize: 50, lr: 1e-3, optimizer: .adam, seed: 5,
                                         dropout: 0.5, dataRoot: nil, outDir: temporaryFolder(), resumeDir: nil,
                                         limit: 300, workers: 2, testLimit: 200, quiet: true)
                let (full, fullModel) = try runTraining(config)
                check(full.count == 3, "3 epochs")

                let dir = temporaryFolder()
                config.outDir = dir
                config.epochs = 1
                let (first, _) = try runTraining(config)
                check(first.count == 1 && first[0].trainLoss == full[0].trainLoss, "epoch 1 differs")
                config.epochs = 3
                config.resumeDir = dir
                let (rest, resumedModel) = try runTraining(config)
                check(rest.map(\.epoch) == [2, 3], "resumed epochs \(rest.map(\.epoch))")
                check(rest.map(\.trainLoss) == full.dropFirst().map(\.trainLoss), "resumed losses differ")
                let a = fullModel.stateDict(), b = resumedModel.stateDict()
                check(Array(a.keys) == Array(b.keys), "keys differ")
                for (k, v) in a { check(v.equal(b[k]!), "\(k) differs") }
                // The written model loads back to the same weights.
                let loaded = try loadTrainedModel(dir + "/model.safetensors")
                check(loaded.stateDict()["layer1.weight"]!.equal(b["layer1.weight"]!), "model file differs")
            } catch {
                fatalError("\(error)")
            }
        }
    }

    @Test func resumingFromAFolderWithoutCheckpointsIsOneClearError() throws {
        let dir = temporaryFolder()
        let config = TrainConfig(outDir: dir, resumeDir: dir, limit: 10, quiet: true)
        #expect { try runTraining(config) } throws: { error in
            "\(error)" == "\(dir): no checkpoint-epoch-N.safetensors to resume from"
        }
    }
}
