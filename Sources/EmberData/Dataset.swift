/// `torch.utils.data.Dataset`: a sized collection of samples read by index.
///
/// Datasets are `Sendable` because a `DataLoader` with `numWorkers > 0` reads them from
/// background threads. The subscript may throw (a file read lazily can fail); a dataset
/// whose reads cannot fail implements it without `throws`, and its own callers need no `try`.
public protocol Dataset<Sample>: Sendable {
    associatedtype Sample
    /// The number of samples (`len(dataset)`).
    var count: Int { get }
    /// The sample at `index`, in `0..<count`.
    subscript(index: Int) -> Sample { get throws }
}

/// A dataset that can build a whole labelled batch at once, faster than reading samples one by
/// one and stacking them. `gatherBatch` must return exactly what the default collation of
/// `indices.map { self[$0] }` returns, or nil when it cannot (the DataLoader then reads
/// samples one by one).
public protocol BatchGatherable: Dataset {
    func gatherBatch(_ indices: [Int]) throws -> (Tensor, Tensor)?
}

// MARK: - TensorDataset

/// `TensorDataset(inputs, targets)`: sample `i` is `(inputs[i], targets[i])`; both tensors
/// share dim 0. (PyTorch takes any number of tensors; the labelled pair is the case Ember's
/// DataLoader batches, so that is the one this type models.)
public struct TensorDataset: Dataset, BatchGatherable {
    public let inputs: Tensor
    public let targets: Tensor

    public init(_ inputs: Tensor, _ targets: Tensor, file: StaticString = #fileID, line: UInt = #line) {
        guard inputs.ndim > 0, targets.ndim > 0, inputs.shape[0] == targets.shape[0] else {
            emberFatal("Size mismatch between tensors", file: file, line: line)
        }
        self.inputs = inputs
        self.targets = targets
    }

    /// The tensors, as PyTorch's `dataset.tensors`.
    public var tensors: [Tensor] { [inputs, targets] }

    public var count: Int { inputs.shape[0] }

    public subscript(index: Int) -> (Tensor, Tensor) { (inputs[index], targets[index]) }

    public func gatherBatch(_ indices: [Int]) throws -> (Tensor, Tensor)? {
        let idx = Tensor(indices.map(Int64.init), shape: [indices.count], dtype: .int64)
        return (inputs.indexSelect(0, idx), targets.indexSelect(0, idx))
    }
}

// MARK: - Subset, ConcatDataset, randomSplit

/// `Subset(dataset, indices)`: the samples of `base` at `indices`, in that order.
public struct Subset<Base: Dataset>: Dataset {
    public let dataset: Base
    public let indices: [Int]

    public init(_ dataset: Base, indices: [Int]) {
        self.dataset = dataset
        self.indices = indices
    }

    public var count: Int { indices.count }

    public subscript(index: Int) -> Base.Sample {
        get throws { try dataset[indices[index]] }
    }
}

extension Subset: BatchGatherable where Base: BatchGatherable {
    public func gatherBatch(_ indices: [Int]) throws -> (Tensor, Tensor)? {
        try dataset.gatherBatch(indices.map { self.indices[$0] })
    }
}

/// `ConcatDataset(datasets)`: the datasets one after another.
public struct ConcatDataset<Base: Dataset>: Dataset {
    public let datasets: [Base]
    /// Running totals of the datasets' sizes (`cumulative_sizes`).
    public let cumulativeSizes: [Int]

    public init(_ datasets: [Base]) {
        self.datasets = datasets
        var total = 0
        cumulativeSizes = datasets.map { total += $0.count; return total }
    }

    public var count: Int { cumulativeSizes.last ?? 0 }

    public subscript(index: Int) -> Base.Sample {
        get throws {
            let i = index < 0 ? index + count : index
            guard i >= 0 && i < count else {
                emberFatal("absolute value of index should not exceed dataset length")
            }
            // The first dataset whose running total passes i (bisect_right).
            var lo = 0, hi = cumulativeSizes.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulativeSizes[mid] <= i { lo = mid + 1 } else { hi = mid }
            }
            return try datasets[lo][i - (lo == 0 ? 0 : cumulativeSizes[lo - 1])]
        }
    }
}

/// `random_split(dataset, lengths, generator)`: disjoint subsets of the given lengths, drawn by
/// `randperm(len(dataset), generator=generator)` as PyTorch does, so the split is PyTorch's.
/// - Parameters:
///   - lengths: sizes that add up to `dataset.count`.
///   - generator: the generator for the permutation (default: the default generator).
public func randomSplit<D: Dataset>(_ dataset: D, lengths: [Int], generator: Generator? = nil,
                                    file: StaticString = #fileID, line: UInt = #line) -> [Subset<D>] {
    guard lengths.reduce(0, +) == dataset.count else {
        emberFatal("Sum of input lengths does not equal the length of the input dataset!", file: file, line: line)
    }
    let perm = Tensor.randperm(dataset.count, generator: generator).toArray(Int64.self).map { Int($0) }
    var offset = 0
    return lengths.map { n in
        defer { offset += n }
        return Subset(dataset, indices: Array(perm[offset..<offset + n]))
    }
}

/// `random_split` with fractions that add up to 1: PyTorch floors each share and hands the
/// remainder out one by one, round-robin, from the first subset on.
public func randomSplit<D: Dataset>(_ dataset: D, fractions: [Double], generator: Generator? = nil,
                                    file: StaticString = #fileID, line: UInt = #line) -> [Subset<D>] {
    guard abs(fractions.reduce(0, +) - 1) < 1e-9, fractions.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
        emberFatal("Sum of input lengths does not equal the length of the input dataset!", file: file, line: line)
    }
    var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
    let remainder = dataset.count - lengths.reduce(0, +)
    for i in 0..<remainder { lengths[i % lengths.count] += 1 }
    return randomSplit(dataset, lengths: lengths, generator: generator, file: file, line: line)
}
