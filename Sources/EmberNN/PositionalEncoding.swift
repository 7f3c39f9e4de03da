/// The sinusoidal positional encoding of "Attention Is All You Need", as PyTorch's
/// transformer tutorial writes it (PyTorch has no such layer):
///
///     PE[pos, 2i]   = sin(pos / 10000^(2i / dModel))
///     PE[pos, 2i+1] = cos(pos / 10000^(2i / dModel))
///
/// `forward(x)` adds the first `seq` rows to `x` (`[seq, batch, dModel]`, or
/// `[batch, seq, dModel]` with `batchFirst`) and applies dropout. The table is a persistent
/// buffer `pe` of shape `[maxLen, 1, dModel]`, as in the tutorial, so its state dict loads;
/// it is computed in the default dtype with the tutorial's operations.
open class PositionalEncoding: Module {
    public let dModel: Int
    public let maxLen: Int
    public let batchFirst: Bool
    public let dropout: Dropout
    @Buffer public var pe: Tensor

    public init(_ dModel: Int, dropout: Double = 0.1, maxLen: Int = 5000, batchFirst: Bool = false,
                dtype: DType? = nil, device: Device = .cpu) {
        self.dModel = dModel
        self.maxLen = maxLen
        self.batchFirst = batchFirst
        self.dropout = Dropout(p: dropout)
        // position · exp(arange(0, d, 2) · (−ln 10000 / d)), as the tutorial computes it.
        let position = Tensor.arange(Int64(maxLen), dtype: .int64, device: device).unsqueeze(1)
        let divTerm = (Tensor.arange(Int64(0), Int64(dModel), step: 2, dtype: .int64, device: device)
            * (-NNMath.logarithm(10000) / Double(dModel))).exp()
        let angles = position * divTerm                          // [maxLen, ceil(d/2)]
        let interleaved = stack([angles.sin(), angles.cos()], dim: -1).reshape([maxLen, -1])
        let table = interleaved.narrow(1, 0, dModel)
        _pe = Buffer(wrappedValue: (dtype.map { table.to($0) } ?? table).unsqueeze(1).contiguous())
        super.init()
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        let seqDim = batchFirst ? 1 : 0
        let seq = input.shape[seqDim]
        if seq > maxLen {
            emberFatal("The size of tensor a (\(seq)) must match the size of tensor b (\(maxLen)) at non-singleton dimension 0", file: s.file, line: s.line)
        }
        var table = pe.narrow(0, 0, seq, file: s.file, line: s.line)        // [seq, 1, d]
        if batchFirst { table = table.transpose(0, 1, file: s.file, line: s.line) }  // [1, seq, d]
        return dropout(input.add(table, file: s.file, line: s.line), file: s.file, line: s.line)
    }

    open override var extraRepr: String { "d_model=\(dModel), max_len=\(maxLen)" }
}

/// Learned absolute positions: an `Embedding(maxLen, dModel)` row per position added to the
/// input (as BERT and GPT-2 do; in PyTorch one writes `nn.Embedding(max_len, d_model)` and
/// indexes it with `torch.arange(seq)`). Its weight is `embedding.weight`, drawn N(0, 1)
/// like any `Embedding`.
open class LearnedPositionalEncoding: Module {
    public let batchFirst: Bool
    public let embedding: Embedding
    public let dropout: Dropout

    public init(_ dModel: Int, dropout: Double = 0.1, maxLen: Int = 512, batchFirst: Bool = false,
                dtype: DType? = nil, device: Device = .cpu) {
        self.batchFirst = batchFirst
        embedding = Embedding(maxLen, dModel, dtype: dtype, device: device)
        self.dropout = Dropout(p: dropout)
        super.init()
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        let seq = input.shape[batchFirst ? 1 : 0]
        if seq > embedding.numEmbeddings {
            emberFatal("index out of range in self", file: s.file, line: s.line)
        }
        let positions = Tensor.arange(Int64(seq), dtype: .int64, device: input.device)
        var table = embedding(positions, file: s.file, line: s.line)           // [seq, d]
        table = batchFirst ? table.unsqueeze(0, file: s.file, line: s.line) : table.unsqueeze(1, file: s.file, line: s.line)
        return dropout(input.add(table, file: s.file, line: s.line), file: s.file, line: s.line)
    }
}
