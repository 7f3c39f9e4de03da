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
    ///
    /// Inlined so the `inputs`/`outputs` array literals of the call never escape (the
    /// optimizer keeps them on the stack); the node itself is made out of line.
    @discardableResult @inline(__always)
    package static func record(_ name: String, inputs: [Tensor], saving: [Tensor?] = [], savingOutputs: Bool = false,
                       outputs: [Tensor], file: StaticString, line: UInt,
                       _ formula: @escaping (BackwardContext) -> [Tensor?]) -> Node? {
        let state = ThreadState.current
        if let tracer = state.tracer { tracer.unsupported(name, inputs: inputs, file: file, line: line) }
        guard state.gradEnabled, inputs.contains(where: { $0.requiresGrad }) else { return nil }
        var edges: [Edge] = []
        edges.reserveCapacity(inputs.count)
        for input in inputs {
            let edge = input.gradientEdge
            edges.append(Edge(node: edge.node, inputNr: edge.inputNr, shape: input.shape, dtype: input.dtype))
        }
        var saved: [SavedTensor?] = saving.map { $0.map { SavedTensor($0) } }
        var first = TensorMeta(shape: [], dtype: .float32), more: [TensorMeta] = []
        for (i, output) in outputs.enumerated() {
            output.gradFn = nil
            output.outputNr = i
            let meta = TensorMeta(shape: output.shape, dtype: output.dtype)
            if i == 0 { first = meta } else { more.append(meta) }
            if savingOutputs { saved.append(SavedTensor(output, isOutput: true)) }
        }
        let node = makeNode(name, edges: edges, saved: saved, outputs: (first, more, outputs.count),
                            file: file, line: line, state: state, formula)
        for output in outputs where output.dtype.isFloatingPoint {
            output.gradFn = node
        }
        return node
    }

    @inline(never)
    private static func makeNode(_ name: String, edges: [Edge], saved: [SavedTensor?],
                                 outputs: (first: TensorMeta, more: [TensorMeta], count: Int), file: StaticString,
                                 line: UInt, state: ThreadState, _ formula: @escaping (BackwardContext) -> [Tensor?]) -> Node {
        // An op run by a layer names the user's `model(x)` line, not the layer's.
        var location = CallSite(file: file, line: line)
        if let site = state.callSite, CallSite.isLibrary(file) { location = site }
        return Node(name: name, edges: edges, saved: saved, outputs: outputs, location: location, formula: formula)
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
