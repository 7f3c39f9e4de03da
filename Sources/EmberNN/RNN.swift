/// PyTorch's `nn.RNNBase`: a stack of recurrent layers, optionally bidirectional, over a
/// padded `[seq, batch, feature]` tensor (`[batch, seq, feature]` with `batchFirst`), an
/// unbatched `[seq, feature]` one, or a `PackedSequence`.
///
/// Parameters are registered under PyTorch's names and in its order — `weight_ih_l0`,
/// `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, then `…_l0_reverse`, then layer 1 — so a
/// PyTorch state dict loads by name, and all are drawn from U(−1/√hidden, 1/√hidden) in
/// that order, as `reset_parameters()` does there.
///
/// Every input runs through one path: a padded batch is a packed one whose batch size is
/// the same at every step. Each step runs on the sequences still active (a prefix of the
/// sorted batch), as PyTorch's CPU kernel does; the input projection of a whole layer is one
/// matrix product.
open class RNNBase: Module {
    public let inputSize: Int
    public let hiddenSize: Int
    public let numLayers: Int
    public let bias: Bool
    public let batchFirst: Bool
    /// Dropout on the outputs of every layer but the last, in training only.
    public let dropout: Double
    public let bidirectional: Bool
    /// LSTM only: the size h is projected to by `weight_hr_l<k>` (0: no projection).
    public let projSize: Int
    let mode: RNNMode

    /// `_flat_weights_names`: the parameter names, in order.
    public private(set) var flatWeightsNames: [String] = []

    init(mode: RNNMode, _ inputSize: Int, _ hiddenSize: Int, numLayers: Int, bias: Bool, batchFirst: Bool,
         dropout: Double, bidirectional: Bool, projSize: Int = 0, dtype: DType?, device: Device,
         file: StaticString, line: UInt) {
        if dropout < 0 || dropout > 1 {
            emberFatal("dropout should be a number in range [0, 1] representing the probability of an element being zeroed", file: file, line: line)
        }
        if inputSize <= 0 { emberFatal("input_size must be greater than zero", file: file, line: line) }
        if hiddenSize <= 0 { emberFatal("hidden_size must be greater than zero", file: file, line: line) }
        if numLayers <= 0 { emberFatal("num_layers must be greater than zero", file: file, line: line) }
        if projSize < 0 {
            emberFatal("proj_size should be a positive integer or zero to disable projections", file: file, line: line)
        }
        if projSize >= hiddenSize { emberFatal("proj_size has to be smaller than hidden_size", file: file, line: line) }
        if projSize > 0 && mode != .lstm {
            emberFatal("proj_size argument is only supported for LSTM, not RNN or GRU", file: file, line: line)
        }
        self.mode = mode
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.bidirectional = bidirectional
        self.projSize = projSize
        super.init()
        let gates = mode.gateCount * hiddenSize
        let directions = bidirectional ? 2 : 1
        let realHidden = projSize > 0 ? projSize : hiddenSize
        for layer in 0..<numLayers {
            let layerInput = layer == 0 ? inputSize : realHidden * directions
            for direction in 0..<directions {
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                var pairs = [("weight_ih" + suffix, [gates, layerInput]), ("weight_hh" + suffix, [gates, realHidden])]
                if bias { pairs += [("bias_ih" + suffix, [gates]), ("bias_hh" + suffix, [gates])] }
                if projSize > 0 { pairs.append(("weight_hr" + suffix, [projSize, hiddenSize])) }
                for (name, shape) in pairs {
                    registerParameter(name, Tensor.empty(shape, dtype: dtype, device: device))
                    flatWeightsNames.append(name)
                }
            }
        }
        resetParameters()
    }

    /// `reset_parameters()`: every parameter from U(−1/√hidden, 1/√hidden), in order.
    open func resetParameters() {
        let stdv = 1 / Double(hiddenSize).squareRoot()
        for w in parameters() { Init.uniform_(w, a: -stdv, b: stdv) }
    }

    var numDirections: Int { bidirectional ? 2 : 1 }
    /// The size of h: `projSize` when projecting, else `hiddenSize`.
    var realHiddenSize: Int { projSize > 0 ? projSize : hiddenSize }

    /// `_flat_weights`: the parameters in `flatWeightsNames` order (looked up by name, so a
    /// parameter replaced through `registerParameter` is the one used).
    public var flatWeights: [Tensor] {
        let byName = Dictionary(namedParameters(recurse: false).map { ($0.name, $0.parameter) }, uniquingKeysWith: { a, _ in a })
        return flatWeightsNames.map { byName[$0]! }
    }

    /// `all_weights`: per layer and direction, `[w_ih, w_hh, b_ih, b_hh]` (no biases without
    /// `bias`), then `w_hr` with a projection.
    public var allWeights: [[Tensor]] {
        let flat = flatWeights
        let per = (bias ? 4 : 2) + (projSize > 0 ? 1 : 0)
        return stride(from: 0, to: flat.count, by: per).map { Array(flat[$0..<($0 + per)]) }
    }

    var typeName: String { mode.typeName }

    // MARK: Running

    /// The stack's configuration and current weights, as the shared recurrent code runs them.
    var stack: RecurrentStack {
        RecurrentStack(mode: mode, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
                       batchFirst: batchFirst, dropout: dropout, training: isTraining, bidirectional: bidirectional,
                       projSize: projSize, weights: allWeights)
    }

    /// Runs padded input as one captured op (`aten.lstm`, `aten.gru`, `aten.rnn_tanh`,
    /// `aten.rnn_relu`): `[output, h_n]` (and `c_n` for an LSTM). `states` are h0 (and c0),
    /// both nil or both given. The export interpreter replays the node through
    /// `recurrentLayers`, which runs the same `RecurrentStack` code.
    func runTraced(_ input: Tensor, _ states: [Tensor?], file: StaticString, line: UInt) -> [Tensor] {
        Tensor.tracedMany(mode.target, captureArguments(input, states, file: file, line: line), file: file, line: line) {
            let r = stack.runPadded(input, states, file: file, line: line)
            return [r.output] + r.states
        }
    }

    /// torch's `aten.lstm` argument order: input, hx list, flat params, has_biases,
    /// num_layers, dropout, train, bidirectional, batch_first. Built only while capturing.
    private func captureArguments(_ input: Tensor, _ states: [Tensor?], file: StaticString, line: UInt) -> [OpArgument] {
        if dropout > 0 && isTraining && numLayers > 1 && Tracing.current != nil {
            // Dropout between layers draws random masks: a replay could not reproduce it.
            emberFatal("export: \(typeName) applies dropout=\(pythonFloat(dropout)) between layers in training mode, which is random and cannot be captured; call model.eval() before export", file: file, line: line)
        }
        return [.tensor(input), .tensors(states.compactMap { $0 }), .tensors(flatWeights), .bool(bias), .int(numLayers),
                .double(dropout), .bool(isTraining), .bool(bidirectional), .bool(batchFirst)]
    }

    open override var extraRepr: String {
        var s = "\(inputSize), \(hiddenSize)"
        if projSize != 0 { s += ", proj_size=\(projSize)" }
        if numLayers != 1 { s += ", num_layers=\(numLayers)" }
        if !bias { s += ", bias=False" }
        if batchFirst { s += ", batch_first=True" }
        if dropout != 0 { s += ", dropout=\(pythonFloat(dropout))" }
        if bidirectional { s += ", bidirectional=True" }
        return s
    }
}
