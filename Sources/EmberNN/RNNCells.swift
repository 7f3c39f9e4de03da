/// The recurrence of an Elman RNN, an LSTM or a GRU, as PyTorch names them in its modes.
/// One step of each is written once here and shared by the cells (`LSTMCell`, …) and the
/// sequence modules (`LSTM`, …), so both compute exactly PyTorch's formulas.
enum RNNMode: Sendable {
    case rnnTanh, rnnRelu, lstm, gru

    /// The mode of a captured op's target (`aten.lstm`), nil for any other target.
    init?(target: String) {
        switch target {
        case "aten.rnn_tanh": self = .rnnTanh
        case "aten.rnn_relu": self = .rnnRelu
        case "aten.lstm": self = .lstm
        case "aten.gru": self = .gru
        default: return nil
        }
    }

    /// The op a whole stack of this mode is captured as: torch's aten name.
    var target: String {
        switch self {
        case .rnnTanh: return "aten.rnn_tanh"
        case .rnnRelu: return "aten.rnn_relu"
        case .lstm: return "aten.lstm"
        case .gru: return "aten.gru"
        }
    }

    /// The op one cell step of this mode is captured as: torch's aten name.
    var cellTarget: String { target + "_cell" }

    /// The mode of a captured cell op's target (`aten.lstm_cell`), nil for any other target.
    init?(cellTarget: String) {
        guard cellTarget.hasSuffix("_cell") else { return nil }
        self.init(target: String(cellTarget.dropLast(5)))
    }

    /// The module's name in messages.
    var typeName: String {
        switch self {
        case .rnnTanh, .rnnRelu: return "RNN"
        case .lstm: return "LSTM"
        case .gru: return "GRU"
        }
    }

    /// Gates stacked in `weight_ih`/`weight_hh`: 1, 4 (i, f, g, o) or 3 (r, z, n).
    var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnRelu: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// One time step on a batch: `gi` is the input projection x W_ihᵀ + b_ih (precomputed
    /// for a whole sequence at once, as PyTorch does), `h`/`c` the state. Returns h′ (and
    /// c′ for an LSTM, whose h′ is then projected by `wHR` when given: `proj_size`).
    func step(_ gi: Tensor, _ h: Tensor, _ c: Tensor?, wHH: Tensor, bHH: Tensor?, wHR: Tensor? = nil,
              file: StaticString, line: UInt) -> (h: Tensor, c: Tensor?) {
        let gh = linear(h, wHH, bHH, file: file, line: line)
        switch self {
        case .rnnTanh:
            return (gh.add(gi, file: file, line: line).tanh(file: file, line: line), nil)
        case .rnnRelu:
            return (gh.add(gi, file: file, line: line).relu(file: file, line: line), nil)
        case .lstm:
            let gates = gh.add(gi, file: file, line: line).chunk(4, dim: 1, file: file, line: line)
            let i = gates[0].sigmoid(file: file, line: line)
            let f = gates[1].sigmoid(file: file, line: line)
            let g = gates[2].tanh(file: file, line: line)
            let o = gates[3].sigmoid(file: file, line: line)
            let c2 = f.mul(c!, file: file, line: line).add(i.mul(g, file: file, line: line), file: file, line: line)
            let h2 = o.mul(c2.tanh(file: file, line: line), file: file, line: line)
            guard let wHR else { return (h2, c2) }
            return (matmul(h2, wHR.t(file: file, line: line), file: file, line: line), c2)
        case .gru:
            let ig = gi.chunk(3, dim: 1, file: file, line: line)
            let hg = gh.chunk(3, dim: 1, file: file, line: line)
            let r = hg[0].add(ig[0], file: file, line: line).sigmoid(file: file, line: line)
            let z = hg[1].add(ig[1], file: file, line: line).sigmoid(file: file, line: line)
            // n = tanh(W_in x + b_in + r ∗ (W_hn h + b_hn)); h′ = (h − n) ∗ z + n.
            let n = ig[2].add(hg[2].mul(r, file: file, line: line), file: file, line: line).tanh(file: file, line: line)
            return (h.sub(n, file: file, line: line).mul(z, file: file, line: line).add(n, file: file, line: line), nil)
        }
    }
}

/// PyTorch's `nn.RNNCellBase`: the weights of one recurrent cell, `weight_ih`
/// `[gates·hidden, input]`, `weight_hh` `[gates·hidden, hidden]`, `bias_ih`, `bias_hh`,
/// all drawn from U(−1/√hidden, 1/√hidden) in that order.
open class RNNCellBase: Module {
    public let inputSize: Int
    public let hiddenSize: Int
    public let bias: Bool
    let mode: RNNMode
    @Parameter public var weightIh: Tensor
    @Parameter public var weightHh: Tensor
    @Parameter public var biasIh: Tensor?
    @Parameter public var biasHh: Tensor?

    init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool, mode: RNNMode, dtype: DType?, device: Device) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.bias = bias
        self.mode = mode
        let g = mode.gateCount * hiddenSize
        _weightIh = Parameter(wrappedValue: Tensor.empty([g, inputSize], dtype: dtype, device: device))
        _weightHh = Parameter(wrappedValue: Tensor.empty([g, hiddenSize], dtype: dtype, device: device))
        _biasIh = Parameter(wrappedValue: bias ? Tensor.empty([g], dtype: dtype, device: device) : nil)
        _biasHh = Parameter(wrappedValue: bias ? Tensor.empty([g], dtype: dtype, device: device) : nil)
        super.init()
        resetParameters()
    }

    /// `reset_parameters()`: every parameter from U(−1/√hidden, 1/√hidden), in order.
    open func resetParameters() {
        let stdv = hiddenSize > 0 ? 1 / Double(hiddenSize).squareRoot() : 0
        for w in parameters() { Init.uniform_(w, a: -stdv, b: stdv) }
    }

    var cellName: String { moduleName }

    /// One step as one captured op (`aten.lstm_cell`, `aten.gru_cell`, `aten.rnn_tanh_cell`,
    /// `aten.rnn_relu_cell`): `[h′]` (and `c′` for an LSTM cell). `states` are h (and c),
    /// nil for zeros. The export interpreter replays the node through `recurrentCell`, which
    /// runs the same `cellForward`.
    func runTraced(_ input: Tensor, _ states: [Tensor?], file: StaticString, line: UInt) -> [Tensor] {
        Tensor.tracedMany(mode.cellTarget,
                          [.tensor(input), .tensors(states.compactMap { $0 }), .tensor(weightIh), .tensor(weightHh),
                           .optional(biasIh), .optional(biasHh)],
                          file: file, line: line) {
            cellForward(mode, name: cellName, input, states, wIh: weightIh, wHh: weightHh, bIh: biasIh, bHh: biasHh,
                        file: file, line: line)
        }
    }

    open override var extraRepr: String {
        var s = "\(inputSize), \(hiddenSize)"
        if !bias { s += ", bias=False" }
        if mode == .rnnRelu { s += ", nonlinearity=relu" }
        return s
    }
}

/// `nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh')`:
/// h′ = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu).
open class RNNCell: RNNCellBase {
    public let nonlinearity: String

    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, nonlinearity: String = "tanh",
                dtype: DType? = nil, device: Device = .cpu, file: StaticString = #fileID, line: UInt = #line) {
        guard nonlinearity == "tanh" || nonlinearity == "relu" else {
            emberFatal("Unknown nonlinearity: \(nonlinearity)", file: file, line: line)
        }
        self.nonlinearity = nonlinearity
        super.init(inputSize, hiddenSize, bias: bias, mode: nonlinearity == "tanh" ? .rnnTanh : .rnnRelu,
                   dtype: dtype, device: device)
    }

    /// `cell(input, hx=None)`: the next hidden state, `[batch, hidden]` (or `[hidden]`).
    public func callAsFunction(_ input: Tensor, _ hx: Tensor?, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        runTraced(input, [hx], file: file, line: line)[0]
    }

    /// `cell(input)` from a single-tensor context (zero initial state).
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return self(input, nil, file: s.file, line: s.line)
    }
}

/// `nn.LSTMCell(input_size, hidden_size, bias=True)`: gates i, f, g, o (in that order in
/// the weights); c′ = f ∗ c + i ∗ g, h′ = o ∗ tanh(c′).
open class LSTMCell: RNNCellBase {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, dtype: DType? = nil, device: Device = .cpu) {
        super.init(inputSize, hiddenSize, bias: bias, mode: .lstm, dtype: dtype, device: device)
    }

    /// `cell(input, (h, c))`: the next `(h, c)`; zeros when `hx` is nil.
    public func callAsFunction(_ input: Tensor, _ hx: (Tensor, Tensor)? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> (h: Tensor, c: Tensor) {
        let r = runTraced(input, [hx?.0, hx?.1], file: file, line: line)
        return (r[0], r[1])
    }

    /// `cell(input)[0]` from a single-tensor context.
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return self(input, nil, file: s.file, line: s.line).h
    }
}

/// `nn.GRUCell(input_size, hidden_size, bias=True)`: gates r, z, n;
/// n = tanh(W_in x + b_in + r ∗ (W_hn h + b_hn)), h′ = (1 − z) ∗ n + z ∗ h.
open class GRUCell: RNNCellBase {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, dtype: DType? = nil, device: Device = .cpu) {
        super.init(inputSize, hiddenSize, bias: bias, mode: .gru, dtype: dtype, device: device)
    }

    /// `cell(input, hx=None)`: the next hidden state.
    public func callAsFunction(_ input: Tensor, _ hx: Tensor?, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        runTraced(input, [hx], file: file, line: line)[0]
    }

    /// `cell(input)` from a single-tensor context (zero initial state).
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return self(input, nil, file: s.file, line: s.line)
    }
}

/// One cell step on batched `[batch, input]` or unbatched `[input]` input, with PyTorch's
/// checks and messages (`name` is the cell's type name): `[h′]`, or `[h′, c′]` for an LSTM
/// cell. `states` are h (and c), nil for zeros.
func cellForward(_ mode: RNNMode, name: String, _ input: Tensor, _ states: [Tensor?], wIh: Tensor, wHh: Tensor,
                 bIh: Tensor?, bHh: Tensor?, file: StaticString, line: UInt) -> [Tensor] {
    let (inputSize, hiddenSize) = (wIh.shape[1], wHh.shape[1])
    if input.ndim != 1 && input.ndim != 2 {
        emberFatal("\(name): Expected input to be 1D or 2D, got \(input.ndim)D instead", file: file, line: line)
    }
    for s in states.compactMap({ $0 }) where s.ndim != 1 && s.ndim != 2 {
        emberFatal("\(name): Expected hidden to be 1D or 2D, got \(s.ndim)D instead", file: file, line: line)
    }
    let batched = input.ndim == 2
    let x = batched ? input : input.unsqueeze(0, file: file, line: line)
    if x.shape[1] != inputSize {
        emberFatal("input has inconsistent input_size: got \(x.shape[1]) expected \(inputSize)", file: file, line: line)
    }
    let hs = states.map { s -> Tensor in
        guard let s else { return Tensor.zeros([x.shape[0], hiddenSize], dtype: x.dtype, device: x.device) }
        let b = batched ? s : s.unsqueeze(0, file: file, line: line)
        if b.shape != [x.shape[0], hiddenSize] {
            emberFatal("Expected hidden size \(torchSize([x.shape[0], hiddenSize])), got \(torchSize(b.shape))", file: file, line: line)
        }
        return b
    }
    let gi = linear(x, wIh, bIh, file: file, line: line)
    let r = mode.step(gi, hs[0], hs.count > 1 ? hs[1] : nil, wHH: wHh, bHH: bHh, file: file, line: line)
    let outputs = [r.h] + (r.c.map { [$0] } ?? [])
    return batched ? outputs : outputs.map { $0.squeeze(0, file: file, line: line) }
}

/// torch's `_VF.lstm_cell` / `gru_cell` / `rnn_tanh_cell` / `rnn_relu_cell`: the replay of
/// a captured cell node. `hx` is `[h]` (`[h, c]` for an LSTM cell) or empty for zeros.
/// Returns `[h′]` (and `c′`), exactly as the cell module computes them.
package func recurrentCell(_ target: String, _ input: Tensor, hx: [Tensor], wIh: Tensor, wHh: Tensor, bIh: Tensor?,
                           bHh: Tensor?, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
    guard let mode = RNNMode(cellTarget: target) else { emberFatal("\(target) is not a recurrent cell op", file: file, line: line) }
    let states: [Tensor?] = hx.isEmpty ? Array(repeating: nil, count: mode == .lstm ? 2 : 1) : hx
    let name = mode == .lstm ? "LSTMCell" : mode == .gru ? "GRUCell" : "RNNCell"
    return cellForward(mode, name: name, input, states, wIh: wIh, wHh: wHh, bIh: bIh, bHh: bHh, file: file, line: line)
}
