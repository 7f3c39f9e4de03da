extension Tensor {
    /// Attaches a backward node to the outputs of an op, when grad mode is on and an input
    /// requires grad. Each op calls this right after computing its forward.
    ///
    /// - Parameters:
    ///   - name: PyTorch's node name (`MulBackward0`).
    ///   - inputs: the forward op's tensor inputs, in the order the formula returns grads.
    ///   - saving: inputs the formula reads (version-checked at backward time); nil for an
    ///     input this call does not need, so writing to it later is no error.
    ///   - savingOutputs: whether the formula reads the outputs (`ctx.saved` after the inputs).
    ///   - formula: grads of the outputs to grads of the inputs, written in Tensor ops so
    ///     that `createGraph` differentiates it again.
    @discardableResult
    package static func record(_ name: String, inputs: [Tensor], saving: [Tensor?] = [], savingOutputs: Bool = false,
                       outputs: [Tensor], file: StaticString, line: UInt,
                       _ formula: @escaping (BackwardContext) -> [Tensor?]) -> Node? {
        let state = ThreadState.current
        guard state.gradEnabled, inputs.contains(where: { $0.requiresGrad }) else { return nil }
        // An op run by a layer names the user's `model(x)` line, not the layer's.
        var location = CallSite(file: file, line: line)
        if let site = state.callSite, CallSite.isLibrary(file) { location = site }
        let edges = inputs.map { $0.gradientEdge }
        var saved: [SavedTensor?] = saving.map { $0.map { SavedTensor($0) } }
        for (i, output) in outputs.enumerated() {
            output.gradFn = nil
            output.outputNr = i
        }
        if savingOutputs { saved += outputs.map { SavedTensor($0, isOutput: true) } }
        let node = Node(name: name, nextFunctions: edges, saved: saved, inputs: inputs, outputs: outputs,
                        location: location, formula: formula)
        for output in outputs where output.dtype.isFloatingPoint {
            output.gradFn = node
        }
        return node
    }

    /// The edge a gradient for this tensor flows along: its gradFn, or its leaf accumulator.
    var gradientEdge: (node: Node?, inputNr: Int) {
        if let gradFn { return (gradFn, outputNr) }
        guard leafRequiresGrad else { return (nil, 0) }
        if let accumulator = gradAccumulator { return (accumulator, 0) }
        let accumulator = AccumulateGrad(variable: self)
        gradAccumulator = accumulator
        return (accumulator, 0)
    }
}
