import Foundation
import Testing
@testable import Ember
import EmberNN

// DESIGN.md's determinism rule: the same seed gives bit-identical training at any thread
// count. The seed-06 MLP (784-400-10, CrossEntropyLoss, Adam) is trained on in-memory data
// in a fixed order with 1 and then 2 threads; the weights must be equal bit for bit, and
// the pool's counter shows that the second thread really ran tasks.
// A debug build runs 5 steps; .ci/run's release step sets EMBER_THREAD_STEPS=200.
@Suite struct ThreadDeterminismTests {
    @Test func seed06MLPTrainsBitIdenticallyOnOneAndTwoThreads() async {
        // setNumThreads and manualSeed are process-wide: run in a child.
        await #expect(processExitsWith: .success) {
            let steps = ProcessInfo.processInfo.environment["EMBER_THREAD_STEPS"].flatMap { Int($0) } ?? 5
            let g = Generator(seed: 7)
            let images = Tensor.rand([10, 100, 784], generator: g)
            let labels = Tensor.randint(0, 10, [10, 100], generator: g)
            func train(threads: Int) -> [Tensor] {
                setNumThreads(threads)
                manualSeed(1)
                let model = BasicNeuralNet(hiddenSize: 400)
                let criterion = CrossEntropyLoss()
                let optimizer = Adam(model.parameters(), lr: 1e-3)
                for step in 0..<steps {
                    let loss = criterion(model(images[step % 10]), labels[step % 10])
                    optimizer.zeroGrad()
                    loss.backward()
                    optimizer.step()
                }
                return model.parameters().map { $0.detach() }
            }
            let one = train(threads: 1)
            let workerTasks = ThreadPool.shared.workerTaskCount
            let two = train(threads: 2)
            if ThreadPool.shared.workerTaskCount == workerTasks { fatalError("no task ran on a second thread") }
            for (a, b) in zip(one, two) where !a.equal(b) {
                fatalError("weights differ between 1 and 2 threads (max |diff| \((a - b).abs().max().item()))")
            }
        }
    }
}
