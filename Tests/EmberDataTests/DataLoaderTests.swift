import Testing
@testable import EmberData

/// Orders recorded from PyTorch 2.15 by record_dataloader.py (beside this file).
@Suite struct DataLoaderOrderTests {
    let ds = TensorDataset(Tensor.arange(10), Tensor.arange(10) * 10)

    func firsts(_ loader: DataLoader<TensorDataset, (Tensor, Tensor)>) -> [[Int64]] {
        loader.map { $0.0.toArray(Int64.self) }
    }

    @Test func randomInt64MatchesTorchRandom_() {
        let g = Generator(seed: 3)
        #expect([g.randomInt64(), g.randomInt64(), g.randomInt64()] == [937055941807507096, 3839649608876091011, 5366245355481424840])
    }

    /// manualSeed is process-wide and other suites draw from the default generator in
    /// parallel: these run in a child process.
    @Test func shuffleWithDefaultGeneratorMatchesPyTorch() async {
        await #expect(processExitsWith: .success) {
            let ds = TensorDataset(Tensor.arange(10), Tensor.arange(10) * 10)
            manualSeed(7)
            let loader = DataLoader(ds, batchSize: 3, shuffle: true)
            let epoch1 = loader.map { $0.0.toArray(Int64.self) }, epoch2 = loader.map { $0.0.toArray(Int64.self) }
            guard epoch1 == [[3, 2, 7], [8, 6, 1], [5, 9, 0], [4]], epoch2 == [[1, 3, 5], [2, 8, 9], [6, 7, 4], [0]],
                  // The default generator was consumed exactly as PyTorch consumes it.
                  Tensor.rand(2).toArray(Float.self) == [0.36531615257263184, 0.8512683510780334]
            else { fatalError("order differs from PyTorch's: \(epoch1) \(epoch2)") }
        }
    }

    @Test func unshuffledStillDrawsTheBaseSeed() async {
        await #expect(processExitsWith: .success) {
            let ds = TensorDataset(Tensor.arange(10), Tensor.arange(10) * 10)
            manualSeed(7)
            let batches = DataLoader(ds, batchSize: 3).map { $0.0.toArray(Int64.self) }
            guard batches == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]],
                  Tensor.rand(2).toArray(Float.self) == [0.6592116951942444, 0.6568902730941772]
            else { fatalError("unshuffled epoch differs from PyTorch's") }
        }
    }

    @Test func shuffleWithOwnGeneratorAndDropLastMatchesPyTorch() {
        let g = Generator(seed: 5)
        let loader = DataLoader(ds, batchSize: 4, shuffle: true, dropLast: true, generator: g)
        #expect(loader.count == 2)
        #expect(firsts(loader) == [[7, 4, 8, 1], [2, 3, 6, 5]])
        #expect(firsts(loader) == [[2, 1, 6, 3], [5, 9, 4, 7]])
        #expect(Tensor.randperm(5, generator: g).toArray(Int64.self) == [1, 2, 0, 4, 3])
    }
}

/// A dataset read sample by sample (no batch path), so collation is exercised.
struct Squares: Dataset {
    let n: Int
    var count: Int { n }
    subscript(index: Int) -> (Tensor, Int) { (Tensor([Float(index), Float(index * index)]), index % 3) }
}

struct Failing: Dataset {
    struct Broken: Error, Equatable { let index: Int }
    let badIndex: Int
    var count: Int { 20 }
    subscript(index: Int) -> Tensor {
        get throws {
            if index == badIndex { throw Broken(index: index) }
            return Tensor([Float(index)])
        }
    }
}

@Suite struct DataLoaderBatchingTests {
    @Test func stacksSamplesAndLabels() {
        let loader = DataLoader(Squares(n: 5), batchSize: 2)
        let batches = Array(loader)
        #expect(batches.count == 3)
        #expect(batches[0].0.shape == [2, 2])
        #expect(batches[1].0.toArray(Float.self) == [2, 4, 3, 9])
        #expect(batches[1].1.dtype == .int64)
        #expect(batches[1].1.toArray(Int64.self) == [2, 0])
        #expect(batches[2].0.shape == [1, 2])
        #expect(DataLoader(Squares(n: 5), batchSize: 2, dropLast: true).map { $0.1.shape[0] } == [2, 2])
    }

    @Test func gatherPathEqualsPerSamplePath() {
        let x = Tensor.randn(7, 3), y = Tensor.arange(7)
        let ds = TensorDataset(x, y)
        let fast = Array(DataLoader(ds, batchSize: 3))
        let slow = Array(DataLoader(ds, batchSize: 3, collateFn: { s in (stack(s.map(\.0)), stack(s.map(\.1))) }))
        #expect(fast.count == slow.count)
        for (a, b) in zip(fast, slow) {
            #expect(a.0.equal(b.0) && a.1.equal(b.1))
        }
    }

    @Test func subsetConcatAndRandomSplit() throws {
        let ds = TensorDataset(Tensor.arange(10), Tensor.arange(10))
        let sub = Subset(ds, indices: [9, 0, 4])
        #expect(try sub[0].0.item() == 9)
        #expect(Array(DataLoader(sub, batchSize: 3)).first!.0.toArray(Int64.self) == [9, 0, 4])
        let cat = ConcatDataset([sub, Subset(ds, indices: [1, 2])])
        #expect(cat.count == 5)
        #expect(try cat[3].0.item() == 1)
        // torch.utils.data.random_split(range(10), [7, 3], torch.Generator().manual_seed(0)):
        // randperm(10) = [4, 1, 7, 5, 3, 9, 0, 8, 6, 2].
        let parts = randomSplit(ds, lengths: [7, 3], generator: Generator(seed: 0))
        #expect(parts[0].indices == [4, 1, 7, 5, 3, 9, 0])
        #expect(parts[1].indices == [8, 6, 2])
        #expect(randomSplit(ds, fractions: [0.55, 0.45], generator: Generator(seed: 0)).map(\.count) == [6, 4])
    }
}

@Suite struct DataLoaderWorkerTests {
    @Test func workersGiveTheSerialBatchesInOrder() {
        for workers in [1, 2, 3] {
            let serial = DataLoader(Squares(n: 23), batchSize: 4, shuffle: true, generator: Generator(seed: 11))
            let threaded = DataLoader(Squares(n: 23), batchSize: 4, shuffle: true, numWorkers: workers,
                                      prefetchFactor: 1, generator: Generator(seed: 11))
            let a = Array(serial), b = Array(threaded)
            #expect(a.count == 6 && b.count == 6)
            for (x, y) in zip(a, b) { #expect(x.0.equal(y.0) && x.1.equal(y.1)) }
        }
    }

    @Test func randomTransformsOnWorkersAreReproducible() {
        let flip = RandomHorizontalFlip()
        let ds = TensorDataset(Tensor.arange(40).reshape(20, 2).to(.float32), Tensor.arange(20))
        func run() -> [[Float]] {
            let loader = DataLoader(ds, batchSize: 2, numWorkers: 3, generator: Generator(seed: 4),
                                    collateFn: { s in (stack(s.map { flip($0.0) }), stack(s.map(\.1))) })
            return loader.map { $0.0.toArray(Float.self) }
        }
        let first = run()
        #expect(first == run())
        #expect(first != Array(DataLoader(ds, batchSize: 2)).map { $0.0.toArray(Float.self) })  // some were flipped
    }

    @Test func workerErrorIsThrownInItsBatchsPlace() throws {
        for workers in [0, 2] {
            let loader = DataLoader(Failing(badIndex: 13), batchSize: 5, numWorkers: workers)
            var it = loader.makeIterator()
            var firsts: [Float] = []
            var caught: (any Error)?
            do {
                while let batch = try it.nextBatch() { firsts.append(batch.toArray(Float.self)[0]) }
            } catch {
                caught = error
            }
            #expect(firsts == [0, 5])
            #expect(caught as? Failing.Broken == Failing.Broken(index: 13))
            #expect(try it.nextBatch() == nil)
        }
    }

    @Test func droppingTheIteratorEarlyStopsTheWorkers() {
        let loader = DataLoader(Squares(n: 1000), batchSize: 1, numWorkers: 2)
        for _ in 0..<3 {
            var it = loader.makeIterator()
            #expect(it.next()!.0.toArray(Float.self) == [0, 0])
        }
    }
}
