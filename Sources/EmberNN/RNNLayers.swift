/// `nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True,
/// batch_first=False, dropout=0.0, bidirectional=False)`: an Elman RNN,
/// hₜ = tanh(W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh) (or relu).
///
/// `let (output, hN) = rnn(x, h0)`: output `[seq, batch, directions·hidden]` (batch first
/// with `batchFirst`), hN `[layers·directions, batch, hidden]`. Where one tensor is expected
/// (`let y: Tensor = rnn(x)`, `Sequential`), the output alone is returned.
open class RNN: RNNBase {
    public let nonlinearity: String

    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, nonlinearity: String = "tanh", bias: Bool = true,
                batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false,
                dtype: DType? = nil, device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        guard nonlinearity == "tanh" || nonlinearity == "relu" else {
            emberFatal("Unknown nonlinearity '\(nonlinearity)'. Select from 'tanh' or 'relu'.", file: file, line: line)
        }
        self.nonlinearity = nonlinearity
        super.init(mode: nonlinearity == "tanh" ? .rnnTanh : .rnnRelu, inputSize, hiddenSize, numLayers: numLayers,
                   bias: bias, batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional,
                   dtype: dtype, device: device, file: file, line: line)
    }

    /// `rnn(input, hx=None)`: `(output, h_n)`; `hx` zeros when nil.
    public func callAsFunction(_ input: Tensor, _ hx: Tensor? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> (output: Tensor, hN: Tensor) {
        let r = runTraced(input, [hx], file: file, line: line)
        return (r[0], r[1])
    }

    /// `rnn(packed, hx=None)`: a packed output with the input's batch sizes and permutation.
    public func callAsFunction(_ input: PackedSequence, _ hx: Tensor? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> (output: PackedSequence, hN: Tensor) {
        let r = stack.runPackedSequence(input, [hx], file: file, line: line)
        return (r.output, r.states[0])
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return runTraced(input, [nil], file: s.file, line: s.line)[0]
    }
}

/// `nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
/// dropout=0.0, bidirectional=False, proj_size=0)`: gates i, f, g, o (in that order in the
/// weights); cₜ = f ∗ cₜ₋₁ + i ∗ g, hₜ = o ∗ tanh(cₜ), then hₜ = W_hr hₜ with `projSize`.
///
/// `let (output, (hN, cN)) = lstm(x, (h0, c0))`. Where one tensor is expected, the output
/// alone is returned.
open class LSTM: RNNBase {
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Double = 0, bidirectional: Bool = false, projSize: Int = 0, dtype: DType? = nil,
                device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        super.init(mode: .lstm, inputSize, hiddenSize, numLayers: numLayers, bias: bias, batchFirst: batchFirst,
                   dropout: dropout, bidirectional: bidirectional, projSize: projSize, dtype: dtype, device: device,
                   file: file, line: line)
    }

    /// `lstm(input, (h_0, c_0)=None)`: `(output, (h_n, c_n))`.
    public func callAsFunction(_ input: Tensor, _ hx: (Tensor, Tensor)? = nil, file: StaticString = #fileID,
                               line: UInt = #line) -> (output: Tensor, state: (h: Tensor, c: Tensor)) {
        let r = runTraced(input, [hx?.0, hx?.1], file: file, line: line)
        return (r[0], (r[1], r[2]))
    }

    /// `lstm(packed, (h_0, c_0)=None)`.
    public func callAsFunction(_ input: PackedSequence, _ hx: (Tensor, Tensor)? = nil, file: StaticString = #fileID,
                               line: UInt = #line) -> (output: PackedSequence, state: (h: Tensor, c: Tensor)) {
        let r = stack.runPackedSequence(input, [hx?.0, hx?.1], file: file, line: line)
        return (r.output, (r.states[0], r.states[1]))
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return runTraced(input, [nil, nil], file: s.file, line: s.line)[0]
    }
}

/// `nn.GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
/// dropout=0.0, bidirectional=False)`: gates r, z, n;
/// n = tanh(W_in x + b_in + r ∗ (W_hn h + b_hn)), h′ = (1 − z) ∗ n + z ∗ h.
open class GRU: RNNBase {
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Double = 0, bidirectional: Bool = false, dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(mode: .gru, inputSize, hiddenSize, numLayers: numLayers, bias: bias, batchFirst: batchFirst,
                   dropout: dropout, bidirectional: bidirectional, dtype: dtype, device: device, file: file, line: line)
    }

    /// `gru(input, hx=None)`: `(output, h_n)`.
    public func callAsFunction(_ input: Tensor, _ hx: Tensor? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> (output: Tensor, hN: Tensor) {
        let r = runTraced(input, [hx], file: file, line: line)
        return (r[0], r[1])
    }

    /// `gru(packed, hx=None)`.
    public func callAsFunction(_ input: PackedSequence, _ hx: Tensor? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> (output: PackedSequence, hN: Tensor) {
        let r = stack.runPackedSequence(input, [hx], file: file, line: line)
        return (r.output, r.states[0])
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return runTraced(input, [nil], file: s.file, line: s.line)[0]
    }
}
