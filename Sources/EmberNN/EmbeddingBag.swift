import Ember

/// `F.embedding_bag(input, weight, offsets=None, mode="mean", per_sample_weights=None,
/// include_last_offset=False, padding_idx=None)`: the sum, mean or max of the embeddings
/// of each bag of indices, without materialising the per-index rows' bags.
///
/// - Parameters:
///   - input: `(B, L)` (B bags of L indices) or `(M)` with `offsets`.
///   - offsets: where each bag starts in a 1-D `input` (the first is 0).
///   - perSampleWeights: one weight per index, multiplying its row ("sum" mode only).
///   - includeLastOffset: `offsets` has one more entry, the end of the last bag.
///   - paddingIdx: entries equal to it are left out of their bag (and its mean's count).
/// - Returns: `(B, embedding_dim)`; an empty bag gives zeros.
public func embeddingBag(_ input: Tensor, _ weight: Tensor, offsets: Tensor? = nil, mode: String = "mean",
                         perSampleWeights: Tensor? = nil, includeLastOffset: Bool = false, paddingIdx: Int? = nil,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if let perSampleWeights, perSampleWeights.shape != input.shape {
        emberFatal("embedding_bag: If per_sample_weights (\(torchSize(perSampleWeights.shape))) is not None, then it must have the same shape as the input (\(torchSize(input.shape)))", file: file, line: line)
    }
    guard weight.ndim == 2 else {
        emberFatal("weight has to be a 2D Tensor, but got Tensor of dimension \(weight.ndim)", file: file, line: line)
    }
    if input.dtype != .int64 && input.dtype != .int32 {
        emberFatal("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(input.dtype.scalarTypeName) instead (while checking arguments for embedding_bag)", file: file, line: line)
    }
    var starts: [Int]
    var includeLast = includeLastOffset
    switch input.ndim {
    case 2:
        if offsets != nil {
            emberFatal("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>", file: file, line: line)
        }
        starts = stride(from: 0, to: input.count, by: Swift.max(input.shape[1], 1)).map { $0 }
        if input.shape[1] == 0 { starts = Array(repeating: 0, count: input.shape[0]) }
        includeLast = false
    case 1:
        guard let offsets else { emberFatal("offsets has to be a 1D Tensor but got None", file: file, line: line) }
        guard offsets.ndim == 1 else { emberFatal("offsets has to be a 1D Tensor", file: file, line: line) }
        starts = offsets.to(.int64).toArray(Int64.self).map { Int($0) }
    default:
        emberFatal("input has to be 1D or 2D Tensor, but got Tensor of dimension \(input.ndim)", file: file, line: line)
    }
    let modes = ["sum": 0, "mean": 1, "max": 2]
    guard modes[mode] != nil else { emberFatal("mode has to be one of sum, mean or max", file: file, line: line) }
    if perSampleWeights != nil && mode != "sum" {
        emberFatal("embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='\(mode)'). Please open a feature request on the Pytorch GitHub.", file: file, line: line)
    }
    if let first = starts.first, first != 0 {
        emberFatal("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got \(first)", file: file, line: line)
    }
    let indices = input.to(.int64).reshape([-1]).toArray(Int64.self).map { Int($0) }
    let total = indices.count
    if let last = starts.last, last > total {
        emberFatal("offsets[-1] can not be greater than input's length (\(total)), but got offsets[-1] of \(last)", file: file, line: line)
    }
    let bags = includeLast ? Swift.max(starts.count - 1, 0) : starts.count
    let pad = paddingIdx.map { $0 < 0 ? $0 + weight.shape[0] : $0 }
    // Each kept position and its bag.
    var kept: [Int64] = [], keptRows: [Int64] = [], bagOf: [Int64] = []
    var counts = [Int](repeating: 0, count: bags)
    for b in 0..<bags {
        let end = b + 1 < starts.count ? starts[b + 1] : total
        for position in starts[b]..<Swift.max(end, starts[b]) where indices[position] != pad {
            kept.append(Int64(position))
            keptRows.append(Int64(indices[position]))
            bagOf.append(Int64(b))
            counts[b] += 1
        }
    }
    let dim = weight.shape[1]
    var rows = weight.indexSelect(0, Tensor(keptRows, shape: [keptRows.count], dtype: .int64), file: file, line: line)
    if let perSampleWeights {
        let picked = perSampleWeights.reshape([-1]).indexSelect(0, Tensor(kept, shape: [kept.count], dtype: .int64))
        rows = rows.mul(picked.unsqueeze(1), file: file, line: line)
    }
    if mode == "max" {
        // One reduction per bag (a composition; no fused kernel in Ember yet).
        var outputs: [Tensor] = []
        var position = 0
        for b in 0..<bags {
            if counts[b] == 0 {
                outputs.append(Tensor.zeros([dim], dtype: weight.dtype, device: weight.device))
            } else {
                outputs.append(rows.narrow(0, position, counts[b], file: file, line: line).max(dim: 0, file: file, line: line).values)
            }
            position += counts[b]
        }
        if outputs.isEmpty { return Tensor.zeros([0, dim], dtype: weight.dtype, device: weight.device) }
        return stack(outputs, dim: 0, file: file, line: line)
    }
    let sums = Tensor.zeros([bags, dim], dtype: weight.dtype, device: weight.device)
        .indexAdd(0, Tensor(bagOf, shape: [bagOf.count], dtype: .int64), rows, file: file, line: line)
    if mode == "sum" { return sums }
    let divisors = Tensor(counts.map { Double(Swift.max($0, 1)) }, shape: [bags, 1], dtype: weight.dtype, device: weight.device)
    return sums.div(divisors, file: file, line: line)
}

/// `nn.EmbeddingBag(num_embeddings, embedding_dim, mode="mean", include_last_offset=False,
/// padding_idx=None)`: sums, averages or maxes bags of embeddings. The weight starts
/// N(0, 1), its padding row zero. Called as `bag(input, offsets: …)`.
open class EmbeddingBag: Module {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    public let mode: String
    public let includeLastOffset: Bool
    public let paddingIdx: Int?
    @Parameter public var weight: Tensor

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, mode: String = "mean", includeLastOffset: Bool = false,
                paddingIdx: Int? = nil, dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        if let paddingIdx, paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings {
            emberFatal("padding_idx must be within num_embeddings", file: file, line: line)
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.mode = mode
        self.includeLastOffset = includeLastOffset
        self.paddingIdx = paddingIdx.map { $0 < 0 ? $0 + numEmbeddings : $0 }
        _weight = Parameter(wrappedValue: Tensor.empty([numEmbeddings, embeddingDim], dtype: dtype, device: device))
        super.init()
        resetParameters()
    }

    /// `reset_parameters()`: N(0, 1), then the padding row zeroed.
    open func resetParameters() {
        Init.normal_(weight)
        if let paddingIdx { noGrad { _ = weight[paddingIdx].fill_(0.0) } }
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return embeddingBag(input, weight, mode: mode, includeLastOffset: includeLastOffset, paddingIdx: paddingIdx,
                            file: s.file, line: s.line)
    }

    /// `bag(input, offsets, per_sample_weights)`.
    public func callAsFunction(_ input: Tensor, offsets: Tensor?, perSampleWeights: Tensor? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        embeddingBag(input, weight, offsets: offsets, mode: mode, perSampleWeights: perSampleWeights,
                     includeLastOffset: includeLastOffset, paddingIdx: paddingIdx, file: file, line: line)
    }

    open override var extraRepr: String {
        "\(numEmbeddings), \(embeddingDim), mode='\(mode)'" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
    }
}
