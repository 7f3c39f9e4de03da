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

    var typeName: String {
        switch mode {
        case .rnnTanh, .rnnRelu: return "RNN"
        case .lstm: return "LSTM"
        case .gru: return "GRU"
        }
    }

    // MARK: Running

    /// Checks a padded input and turns it into time-major packed rows: `[seq·batch, feature]`
    /// with every batch size the batch; `batched` is false for an unbatched `[seq, feature]` input.
    func flattenPadded(_ input: Tensor, file: StaticString, line: UInt) -> (data: Tensor, seq: Int, batch: Int, batched: Bool) {
        if input.ndim != 2 && input.ndim != 3 {
            let tail = mode == .rnnTanh || mode == .rnnRelu ? "D tensor instead" : "D instead"
            emberFatal("\(typeName): Expected input to be 2D or 3D, got \(input.ndim)\(tail)", file: file, line: line)
        }
        let batched = input.ndim == 3
        var x = batched ? input : input.unsqueeze(batchFirst ? 0 : 1, file: file, line: line)
        if batchFirst { x = x.transpose(0, 1, file: file, line: line) }
        checkInput(x, expectedDim: 3, file: file, line: line)
        let (t, b) = (x.shape[0], x.shape[1])
        return (x.reshape([t * b, inputSize], file: file, line: line), t, b, batched)
    }

    func checkInput(_ x: Tensor, expectedDim: Int, file: StaticString, line: UInt) {
        let w = flatWeights[0]
        if x.dtype != w.dtype {
            emberFatal("RNN input dtype (torch.\(x.dtype)) does not match weight dtype (torch.\(w.dtype)). Convert input: input.to(torch.\(w.dtype)), or convert model: model.to(torch.\(x.dtype))", file: file, line: line)
        }
        if x.ndim != expectedDim { emberFatal("input must have \(expectedDim) dimensions, got \(x.ndim)", file: file, line: line) }
        if x.shape[x.ndim - 1] != inputSize {
            emberFatal("input.size(-1) must be equal to input_size. Expected \(inputSize), got \(x.shape[x.ndim - 1])", file: file, line: line)
        }
    }

    /// Batches an initial state (unsqueezing it for unbatched input), checks its shape, or
    /// makes zeros.
    func initialState(_ hx: Tensor?, batch: Int, batched: Bool, like x: Tensor, index: Int = 0,
                      file: StaticString, line: UInt) -> Tensor {
        let expected = [numLayers * numDirections, batch, index == 0 ? realHiddenSize : hiddenSize]
        guard let hx else { return Tensor.zeros(expected, dtype: x.dtype, device: x.device) }
        let h = batched ? hx : hx.unsqueeze(1, file: file, line: line)
        if h.shape != expected {
            let label = mode == .lstm ? "Expected hidden[\(index)] size" : "Expected hidden size"
            emberFatal("\(label) (\(expected.map(String.init).joined(separator: ", "))), got \(h.shape)", file: file, line: line)
        }
        return h
    }

    func checkStateRank(_ states: [Tensor], batched: Bool, file: StaticString, line: UInt) {
        let want = batched ? 3 : 2
        guard states.contains(where: { $0.ndim != want }) else { return }
        let kind = batched ? "batched 3-D" : "unbatched 2-D"
        if mode == .lstm {
            emberFatal("For \(kind) input, hx and cx should also be \(want)-D but got (\(states[0].ndim)-D, \(states[1].ndim)-D) tensors", file: file, line: line)
        }
        emberFatal("For \(kind) input, hx should also be \(want)-D but got \(states[0].ndim)-D tensor", file: file, line: line)
    }

    /// The whole stack over packed rows `data` `[Σ batchSizes, feature]`, time-major, whose
    /// step t has `batchSizes[t]` active rows. `h0`/`c0` are `[layers·directions, batch, hidden]`
    /// in the rows' (sorted) order. Returns the last layer's rows and the final states.
    func runPacked(_ data: Tensor, batchSizes: [Int], h0: Tensor, c0: Tensor?,
                   file: StaticString, line: UInt) -> (output: Tensor, h: Tensor, c: Tensor?) {
        var offsets: [Int] = []
        var total = 0
        for b in batchSizes { offsets.append(total); total += b }
        let weights = allWeights
        var layerInput = data
        var hs: [Tensor] = [], cs: [Tensor] = []
        for layer in 0..<numLayers {
            var outputs: [Tensor] = []
            for direction in 0..<numDirections {
                let idx = layer * numDirections + direction
                let w = weights[idx]
                let gi = linear(layerInput, w[0], bias ? w[2] : nil, file: file, line: line)
                let hInit = h0.select(0, idx, file: file, line: line)
                let cInit = c0?.select(0, idx, file: file, line: line)
                let r = runDirection(gi, reverse: direction == 1, batchSizes: batchSizes, offsets: offsets,
                                     h0: hInit, c0: cInit, wHH: w[1], bHH: bias ? w[3] : nil,
                                     wHR: projSize > 0 ? w[w.count - 1] : nil, file: file, line: line)
                outputs.append(r.output)
                hs.append(r.h)
                if let c = r.c { cs.append(c) }
            }
            layerInput = outputs.count == 1 ? outputs[0] : cat(outputs, dim: 1, file: file, line: line)
            if dropout > 0 && isTraining && layer < numLayers - 1 {
                layerInput = EmberNN.dropout(layerInput, p: dropout, training: true, file: file, line: line)
            }
        }
        let hN = stack(hs, dim: 0, file: file, line: line)
        let cN = cs.isEmpty ? nil : stack(cs, dim: 0, file: file, line: line)
        return (layerInput, hN, cN)
    }

    /// One direction of one layer. Forward: sequences that end drop off the bottom of the
    /// active batch and keep their state; reverse: the state of a sequence joins from `h0`
    /// at its last step.
    private func runDirection(_ gi: Tensor, reverse: Bool, batchSizes: [Int], offsets: [Int], h0: Tensor, c0: Tensor?,
                              wHH: Tensor, bHH: Tensor?, wHR: Tensor?, file: StaticString,
                              line: UInt) -> (output: Tensor, h: Tensor, c: Tensor?) {
        let steps = batchSizes.count
        let full = h0.shape[0]
        var outputs: [Tensor] = []
        outputs.reserveCapacity(steps)
        if !reverse {
            var h = h0, c = c0
            var active = full
            var doneH: [Tensor] = [], doneC: [Tensor] = []
            for t in 0..<steps {
                let bt = batchSizes[t]
                if bt < active {
                    doneH.append(h.narrow(0, bt, active - bt, file: file, line: line))
                    h = h.narrow(0, 0, bt, file: file, line: line)
                    if let cc = c {
                        doneC.append(cc.narrow(0, bt, active - bt, file: file, line: line))
                        c = cc.narrow(0, 0, bt, file: file, line: line)
                    }
                    active = bt
                }
                let x = bt == gi.shape[0] ? gi : gi.narrow(0, offsets[t], bt, file: file, line: line)
                (h, c) = mode.step(x, h, c, wHH: wHH, bHH: bHH, wHR: wHR, file: file, line: line)
                outputs.append(h)
            }
            if !doneH.isEmpty {
                h = cat([h] + doneH.reversed(), dim: 0, file: file, line: line)
                if let cc = c { c = cat([cc] + doneC.reversed(), dim: 0, file: file, line: line) }
            }
            return (cat(outputs, dim: 0, file: file, line: line), h, c)
        }
        var active = batchSizes[steps - 1]
        var h = active == full ? h0 : h0.narrow(0, 0, active, file: file, line: line)
        var c = active == full ? c0 : c0?.narrow(0, 0, active, file: file, line: line)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let bt = batchSizes[t]
            if bt > active {
                h = cat([h, h0.narrow(0, active, bt - active, file: file, line: line)], dim: 0, file: file, line: line)
                if let cc = c, let c0 {
                    c = cat([cc, c0.narrow(0, active, bt - active, file: file, line: line)], dim: 0, file: file, line: line)
                }
                active = bt
            }
            let x = bt == gi.shape[0] ? gi : gi.narrow(0, offsets[t], bt, file: file, line: line)
            (h, c) = mode.step(x, h, c, wHH: wHH, bHH: bHH, wHR: wHR, file: file, line: line)
            outputs.append(h)
        }
        return (cat(outputs.reversed(), dim: 0, file: file, line: line), h, c)
    }

    /// Runs padded input; `states` are h0 (and c0), possibly nil. Returns the output in the
    /// input's layout and the final states in the states' layout.
    func runPadded(_ input: Tensor, _ states: [Tensor?], file: StaticString, line: UInt) -> (output: Tensor, states: [Tensor]) {
        let (data, seq, batch, batched) = flattenPadded(input, file: file, line: line)
        let given = states.compactMap { $0 }
        if given.count == states.count { checkStateRank(given, batched: batched, file: file, line: line) }
        let h0 = initialState(states[0], batch: batch, batched: batched, like: data, file: file, line: line)
        let c0 = states.count > 1
            ? initialState(states[1], batch: batch, batched: batched, like: data, index: 1, file: file, line: line) : nil
        let r = runPacked(data, batchSizes: Array(repeating: batch, count: seq), h0: h0, c0: c0, file: file, line: line)
        var out = r.output.view([seq, batch, realHiddenSize * numDirections], file: file, line: line)
        if batchFirst { out = out.transpose(0, 1, file: file, line: line) }
        var finals = [r.h] + (r.c.map { [$0] } ?? [])
        if !batched {
            out = out.squeeze(batchFirst ? 0 : 1, file: file, line: line)
            finals = finals.map { $0.squeeze(1, file: file, line: line) }
        }
        return (out, finals)
    }

    /// Runs a packed sequence: states are permuted into the sorted order and back.
    func runPackedSequence(_ input: PackedSequence, _ states: [Tensor?], file: StaticString, line: UInt)
        -> (output: PackedSequence, states: [Tensor]) {
        checkInput(input.data, expectedDim: 2, file: file, line: line)
        let batch = input.batchSizeList[0]
        let prepared = states.enumerated().map { i, s -> Tensor in
            let h = initialState(s, batch: batch, batched: true, like: input.data, index: i,
                                 file: file, line: line)
            guard s != nil, let sorted = input.sortedIndices else { return h }
            return h.indexSelect(1, sorted, file: file, line: line)
        }
        let r = runPacked(input.data, batchSizes: input.batchSizeList, h0: prepared[0],
                          c0: prepared.count > 1 ? prepared[1] : nil, file: file, line: line)
        var finals = [r.h] + (r.c.map { [$0] } ?? [])
        if let unsorted = input.unsortedIndices {
            finals = finals.map { $0.indexSelect(1, unsorted, file: file, line: line) }
        }
        let out = PackedSequence(data: r.output, batchSizes: input.batchSizes,
                                 sortedIndices: input.sortedIndices, unsortedIndices: input.unsortedIndices)
        return (out, finals)
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
