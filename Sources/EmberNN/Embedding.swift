/// `nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)`: a lookup table.
/// The weight starts N(0, 1), its padding row zero; the padding row gets no gradient.
open class Embedding: Module {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    /// Normalised to a non-negative index, as PyTorch stores it.
    public let paddingIdx: Int?
    /// Shape `[numEmbeddings, embeddingDim]`.
    @Parameter public var weight: Tensor

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil, dtype: DType? = nil,
                device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIdx = Embedding.checkedPadding(paddingIdx, numEmbeddings, file: file, line: line)
        _weight = Parameter(wrappedValue: Tensor.empty([numEmbeddings, embeddingDim], dtype: dtype, device: device))
        super.init()
        resetParameters()
    }

    /// `nn.Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None)`.
    public init(pretrained embeddings: Tensor, freeze: Bool = true, paddingIdx: Int? = nil,
                file: StaticString = #fileID, line: UInt = #line) {
        if embeddings.ndim != 2 { emberFatal("Embeddings parameter is expected to be 2-dimensional", file: file, line: line) }
        numEmbeddings = embeddings.shape[0]
        embeddingDim = embeddings.shape[1]
        self.paddingIdx = Embedding.checkedPadding(paddingIdx, embeddings.shape[0], file: file, line: line)
        _weight = Parameter(wrappedValue: embeddings.detach())
        super.init()
        weight.requiresGrad = !freeze
    }

    private static func checkedPadding(_ idx: Int?, _ n: Int, file: StaticString, line: UInt) -> Int? {
        guard let idx else { return nil }
        if idx >= n || idx < -n {
            emberFatal("Padding_idx must be within num_embeddings", file: file, line: line)
        }
        return idx < 0 ? idx + n : idx
    }

    /// `reset_parameters()`: N(0, 1), then the padding row zeroed.
    open func resetParameters() {
        Init.normal_(weight)
        if let paddingIdx { noGrad { _ = weight[paddingIdx].fill_(0.0) } }
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return embedding(input, weight, paddingIdx: paddingIdx, file: s.file, line: s.line)
    }

    open override var extraRepr: String {
        "\(numEmbeddings), \(embeddingDim)" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
    }
}
