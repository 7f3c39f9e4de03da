/// `torch.utils.data.DataLoader`: a `Sequence` of batches over a dataset. Each new iteration
/// is an epoch; with `shuffle` its order is PyTorch's for the same seed (see `epochBatches()`).
///
/// ```swift
/// let loader = DataLoader(trainSet, batchSize: 100, shuffle: true)
/// for (images, labels) in loader { … }
/// ```
/// Labelled samples — `(Tensor, Int)` as MNIST gives, or `(Tensor, Tensor)` — are stacked into
/// `(Tensor, Tensor)` batches (labels as int64), `Tensor` samples into a `Tensor`; any other
/// sample type takes a `collateFn`. With `numWorkers > 0`, batches are built on background
/// threads, at most `prefetchFactor * numWorkers` ahead, and handed out in order.
///
/// A dataset or collate error ends the iteration: `Iterator.nextBatch()` throws it (after the
/// batches before it); `for … in` (whose `next()` cannot throw) stops the program with it.
public struct DataLoader<D: Dataset, Batch: Sendable>: Sequence {
    public let dataset: D
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let numWorkers: Int
    public let prefetchFactor: Int
    /// Draws each epoch's seeds (and the shuffle); nil means the default generator.
    public let generator: Ember.Generator?
    let fetch: @Sendable ([Int]) throws -> Batch

    /// - Parameters:
    ///   - dataset: the samples.
    ///   - batchSize: samples per batch.
    ///   - shuffle: a new random order each epoch (PyTorch's `RandomSampler`).
    ///   - dropLast: drop a last batch smaller than `batchSize`.
    ///   - numWorkers: background threads building batches (0: on the consumer's thread).
    ///   - prefetchFactor: batches each worker may build ahead.
    ///   - generator: the generator for seeds and shuffling (default: the default generator).
    ///   - collateFn: builds a batch from its samples.
    public init(_ dataset: D, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                numWorkers: Int = 0, prefetchFactor: Int = 2, generator: Ember.Generator? = nil,
                collateFn: @escaping @Sendable ([D.Sample]) throws -> Batch,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, numWorkers: numWorkers,
                  prefetchFactor: prefetchFactor, generator: generator, file: file, line: line,
                  fetch: { indices in try collateFn(indices.map { try dataset[$0] }) })
    }

    init(_ dataset: D, batchSize: Int, shuffle: Bool, dropLast: Bool, numWorkers: Int, prefetchFactor: Int,
         generator: Ember.Generator?, file: StaticString, line: UInt, fetch: @escaping @Sendable ([Int]) throws -> Batch) {
        guard batchSize > 0 else {
            emberFatal("batch_size should be a positive integer value, but got batch_size=\(batchSize)", file: file, line: line)
        }
        guard numWorkers >= 0 else {
            emberFatal("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.", file: file, line: line)
        }
        guard prefetchFactor > 0 else {
            emberFatal("prefetch_factor option should be positive, but got prefetch_factor=\(prefetchFactor)", file: file, line: line)
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.numWorkers = numWorkers
        self.prefetchFactor = prefetchFactor
        self.generator = generator
        self.fetch = fetch
    }

    /// Batches per epoch (`len(loader)`).
    public var count: Int {
        let n = dataset.count
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    /// Starts an epoch: draws its seeds and order, as `iter(loader)` does in PyTorch.
    public func makeIterator() -> Iterator {
        let (baseSeed, batches) = epochBatches()
        if numWorkers == 0 || batches.isEmpty {
            return Iterator(source: SerialSource(batches: batches, fetch: fetch))
        }
        return Iterator(source: PrefetchHandle(Prefetcher(batches: batches, fetch: fetch, workers: numWorkers,
                                           window: prefetchFactor * numWorkers, baseSeed: baseSeed)))
    }

    /// One epoch's base seed and batches of indices, drawn exactly as PyTorch draws them:
    /// `_base_seed` from `generator` (or the default one) first, always; then, when shuffling,
    /// `randperm(n, generator)` — where with no generator, `RandomSampler` seeds a fresh one from
    /// the default generator (`torch.empty((), dtype=torch.int64).random_()`).
    /// Calling it consumes the same random numbers as a complete PyTorch epoch does (drawn
    /// up front here; an epoch left early in PyTorch would skip the sampler's last draw).
    public func epochBatches() -> (baseSeed: Int64, batches: [[Int]]) {
        let baseSeed = (generator ?? defaultGenerator).randomInt64()
        let n = dataset.count
        var order = Array(0..<n)
        if shuffle && n > 0 {
            let g = generator ?? Ember.Generator(seed: UInt64(defaultGenerator.randomInt64()))
            order = Tensor.randperm(n, generator: g).toArray(Int64.self).map { Int($0) }
            // RandomSampler ends with `randperm(n)[:num_samples % n]`, an empty slice of a
            // second full permutation, which a complete epoch draws from the generator too.
            if generator != nil { _ = Tensor.randperm(n, generator: g) }
        }
        var batches: [[Int]] = []
        batches.reserveCapacity(count)
        var start = 0
        while start < n {
            let end = Swift.min(start + batchSize, n)
            if end - start < batchSize && dropLast { break }
            batches.append(Array(order[start..<end]))
            start = end
        }
        return (baseSeed, batches)
    }

    /// An epoch's batches, in order.
    public struct Iterator: IteratorProtocol {
        let source: any BatchSource<Batch>

        /// The next batch, or nil at the end of the epoch; a dataset or collate error
        /// (from any worker) is thrown here, in its batch's place.
        public mutating func nextBatch() throws -> Batch? { try source.next() }

        /// `for … in`: stops the program with the error a batch threw (use `nextBatch()` to catch it).
        public mutating func next() -> Batch? {
            do {
                return try source.next()
            } catch {
                emberFatal("DataLoader: a batch failed: \(error)")
            }
        }
    }
}

/// Where an iterator's batches come from: built on demand, or by worker threads.
protocol BatchSource<Batch>: AnyObject {
    associatedtype Batch
    func next() throws -> Batch?
}

final class SerialSource<Batch>: BatchSource {
    let batches: [[Int]]
    let fetch: ([Int]) throws -> Batch
    var position = 0
    var failed = false

    init(batches: [[Int]], fetch: @escaping ([Int]) throws -> Batch) {
        self.batches = batches
        self.fetch = fetch
    }

    func next() throws -> Batch? {
        guard !failed, position < batches.count else { return nil }
        position += 1
        do {
            return try fetch(batches[position - 1])
        } catch {
            failed = true
            throw error
        }
    }
}

// MARK: - Default collation

extension DataLoader where Batch == (Tensor, Tensor) {
    /// Batches `(image, label)` samples (MNIST's) as `(stacked images, int64 labels)`.
    public init(_ dataset: D, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                numWorkers: Int = 0, prefetchFactor: Int = 2, generator: Ember.Generator? = nil,
                file: StaticString = #fileID, line: UInt = #line) where D.Sample == (Tensor, Int) {
        let gather = gatherer(dataset)
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, numWorkers: numWorkers,
                  prefetchFactor: prefetchFactor, generator: generator, file: file, line: line) { indices in
            if let gather, let batch = try gather(indices) { return batch }
            let samples = try indices.map { try dataset[$0] }
            return (stack(samples.map(\.0)), Tensor(samples.map { Int64($0.1) }, shape: [samples.count], dtype: .int64))
        }
    }

    /// Batches `(input, target)` tensor pairs as `(stacked inputs, stacked targets)`.
    public init(_ dataset: D, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                numWorkers: Int = 0, prefetchFactor: Int = 2, generator: Ember.Generator? = nil,
                file: StaticString = #fileID, line: UInt = #line) where D.Sample == (Tensor, Tensor) {
        let gather = gatherer(dataset)
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, numWorkers: numWorkers,
                  prefetchFactor: prefetchFactor, generator: generator, file: file, line: line) { indices in
            if let gather, let batch = try gather(indices) { return batch }
            let samples = try indices.map { try dataset[$0] }
            return (stack(samples.map(\.0)), stack(samples.map(\.1)))
        }
    }
}

extension DataLoader where Batch == Tensor, D.Sample == Tensor {
    /// Batches tensor samples by stacking them.
    public init(_ dataset: D, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                numWorkers: Int = 0, prefetchFactor: Int = 2, generator: Ember.Generator? = nil,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, numWorkers: numWorkers,
                  prefetchFactor: prefetchFactor, generator: generator, file: file, line: line) { indices in
            stack(try indices.map { try dataset[$0] })
        }
    }
}

/// The dataset's whole-batch path, when it has one.
private func gatherer<D: Dataset>(_ dataset: D) -> (@Sendable ([Int]) throws -> (Tensor, Tensor)?)? {
    guard let g = dataset as? any BatchGatherable else { return nil }
    return { try g.gatherBatch($0) }
}
