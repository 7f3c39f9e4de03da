// The recurrence of a whole `RNN`/`LSTM`/`GRU` stack, written once and run both by the
// modules and by the export interpreter (`recurrentLayers`, the replay of `aten.lstm` and
// its siblings), so a replayed node is bit-identical to the eager call.

/// A configured stack of recurrent layers with its weights, as `nn.RNNBase` runs it.
struct RecurrentStack {
    let mode: RNNMode
    let inputSize: Int
    let hiddenSize: Int
    let numLayers: Int
    let bias: Bool
    let batchFirst: Bool
    let dropout: Double
    let training: Bool
    let bidirectional: Bool
    let projSize: Int
    /// Per layer and direction: `[w_ih, w_hh, b_ih, b_hh]` (no biases without `bias`), then
    /// `w_hr` with a projection (`all_weights`).
    let weights: [[Tensor]]

    var typeName: String { mode.typeName }
    var numDirections: Int { bidirectional ? 2 : 1 }
    /// The size of h: `projSize` when projecting, else `hiddenSize`.
    var realHiddenSize: Int { projSize > 0 ? projSize : hiddenSize }

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
        let w = weights[0][0]
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
            if dropout > 0 && training && layer < numLayers - 1 {
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

}

/// torch's `_VF.lstm` / `_VF.gru` / `_VF.rnn_tanh` / `_VF.rnn_relu` on padded input: the
/// replay of a captured `aten.lstm` (…) node. `hx` is `[h0]` (`[h0, c0]` for an LSTM) or
/// empty for zeros; `params` are the flat weights in PyTorch's order (`w_ih, w_hh, b_ih,
/// b_hh` per layer and direction, then `w_hr` with a projection). Returns `[output, h_n]`
/// (and `c_n` for an LSTM), exactly as the module computes them.
package func recurrentLayers(_ target: String, _ input: Tensor, hx: [Tensor], params: [Tensor], hasBiases: Bool,
                             numLayers: Int, dropout: Double, train: Bool, bidirectional: Bool, batchFirst: Bool,
                             file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
    guard let mode = RNNMode(target: target) else { emberFatal("\(target) is not a recurrent op", file: file, line: line) }
    let directions = bidirectional ? 2 : 1
    let per = hasBiases ? 4 : 2
    let stacks = numLayers * directions
    guard stacks > 0, params.count == stacks * per || params.count == stacks * (per + 1) else {
        emberFatal("\(target): expected \(stacks * per) parameters for \(numLayers) layer(s), got \(params.count)", file: file, line: line)
    }
    let group = params.count / stacks
    let weights = stride(from: 0, to: params.count, by: group).map { Array(params[$0..<($0 + group)]) }
    let stack = RecurrentStack(mode: mode, inputSize: params[0].shape[1], hiddenSize: params[0].shape[0] / mode.gateCount,
                               numLayers: numLayers, bias: hasBiases, batchFirst: batchFirst, dropout: dropout,
                               training: train, bidirectional: bidirectional,
                               projSize: group > per ? params[group - 1].shape[0] : 0, weights: weights)
    let states: [Tensor?] = hx.isEmpty ? Array(repeating: nil, count: mode == .lstm ? 2 : 1) : hx
    let r = stack.runPadded(input, states, file: file, line: line)
    return [r.output] + r.states
}
