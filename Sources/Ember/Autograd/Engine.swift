/// Walks the backward graph from the roots, without recursion (a chain of 100,000 ops
/// must not overflow the stack): dependencies are counted by an explicit-stack DFS, then
/// nodes run once all the gradients flowing into them have arrived.
enum Engine {
    /// - Parameters:
    ///   - roots: the graph outputs with their starting gradients.
    ///   - captures: when non-nil (`Autograd.grad`), the edges whose incoming gradient is
    ///     returned instead of accumulated into leaves.
    /// - Returns: the captured gradients, in `captures` order.
    static func run(roots: [(edge: (node: Node?, inputNr: Int), grad: Tensor)], retainGraph: Bool,
                    createGraph: Bool, captures: [(node: Node?, inputNr: Int)]?) -> [Tensor?] {
        var dependencies: [ObjectIdentifier: Int] = [:]
        var stack: [Node] = roots.compactMap(\.edge.node)
        var seen = Set(stack.map(ObjectIdentifier.init))
        while let node = stack.popLast() {
            for edge in node.edges {
                guard let next = edge.node else { continue }
                let id = ObjectIdentifier(next)
                dependencies[id, default: 0] += 1
                if seen.insert(id).inserted { stack.append(next) }
            }
        }

        var buffers: [ObjectIdentifier: [Tensor?]] = [:]
        var captured = Array<Tensor?>(repeating: nil, count: captures?.count ?? 0)
        var captureIndex: [ObjectIdentifier: [(inputNr: Int, slot: Int)]] = [:]
        for (slot, edge) in (captures ?? []).enumerated() {
            if let node = edge.node { captureIndex[ObjectIdentifier(node), default: []].append((edge.inputNr, slot)) }
        }

        func add(_ grad: Tensor, to node: Node, at inputNr: Int) {
            let id = ObjectIdentifier(node)
            var buffer = buffers[id] ?? Array(repeating: nil, count: max(node.outputCount, inputNr + 1))
            buffer[inputNr] = buffer[inputNr].map { $0 + grad } ?? grad
            buffers[id] = buffer
        }

        return withGradMode(createGraph) {
            var ready: [Node] = []
            for root in roots {
                guard let node = root.edge.node else { continue }
                add(root.grad, to: node, at: root.edge.inputNr)
                if dependencies[ObjectIdentifier(node), default: 0] == 0, !ready.contains(where: { $0 === node }) {
                    ready.append(node)
                }
            }
            while !ready.isEmpty {
                // The most recently created ready node first, as PyTorch orders its queue.
                let pick = ready.indices.max { ready[$0].sequenceNr < ready[$1].sequenceNr }!
                let node = ready.remove(at: pick)
                let id = ObjectIdentifier(node)
                var grads = buffers.removeValue(forKey: id) ?? []
                grads = applyHooks(node, grads)
                if let slots = captureIndex[id] {
                    for (inputNr, slot) in slots where inputNr < grads.count { captured[slot] = grads[inputNr] }
                }
                let inputGrads: [Tensor?]
                if let accumulator = node as? AccumulateGrad {
                    if captures == nil, let variable = accumulator.variable, var g = grads.first ?? nil {
                        grads = []  // so `accumulate` can tell whether `g` is the only reference
                        accumulate(&g, into: variable, createGraph: createGraph)
                    }
                    inputGrads = []
                } else {
                    inputGrads = node.apply(grads)
                    checkAnomaly(node, inputGrads)
                    if !retainGraph { node.releaseSaved() }
                }
                for (edge, grad) in zip(node.edges, inputGrads) {
                    guard let next = edge.node else { continue }
                    if let grad { add(grad, to: next, at: edge.inputNr) }
                    let nid = ObjectIdentifier(next)
                    dependencies[nid]! -= 1
                    if dependencies[nid] == 0 { ready.append(next) }
                }
            }
            return captured
        }
    }

    /// Tensor hooks may replace a gradient; `retainGrad()` stores the final one.
    private static func applyHooks(_ node: Node, _ grads: [Tensor?]) -> [Tensor?] {
        var grads = grads
        if let accumulator = node as? AccumulateGrad, let variable = accumulator.variable, let g = grads.first ?? nil {
            var current = g
            for entry in variable.leafHooks {
                if let replaced = entry.hook(current) { current = replaced }
            }
            grads[0] = current
        }
        for (output, hooks) in node.tensorPreHooks where output < grads.count {
            for entry in hooks {
                if let g = grads[output], let replaced = entry.hook(g) { grads[output] = replaced }
            }
        }
        for (output, target) in node.retainGradTargets where output < grads.count {
            guard let tensor = target.tensor, let g = grads[output] else { continue }
            tensor.grad = tensor.grad.map { $0 + g.detach() } ?? g.detach().clone()
        }
        return grads
    }

    /// Adds into `.grad` in place, as PyTorch does, or out of place when building a graph.
    private static func accumulate(_ g: inout Tensor, into variable: Tensor, createGraph: Bool) {
        if g.shape != variable.shape { g = g.sumToShape(variable.shape) }
        if let existing = variable.grad {
            if createGraph { variable.grad = existing + g }
            else { noGrad { existing.add_(g) } }
        } else if !createGraph && canAdopt(&g, for: variable) {
            // PyTorch's AccumulateGrad steals a gradient nothing else references: no copy.
            variable.grad = g
        } else {
            // A fresh copy: the incoming gradient may be shared with another leaf or be an
            // expanded (stride-0) view that in-place accumulation could not write.
            variable.grad = createGraph ? g.clone() : noGrad { g.detach().clone() }
        }
    }

    /// True when `g` can become `.grad` as it is: the only reference to a plain tensor that
    /// owns all of its storage (no view, no other tensor on that storage), laid out densely,
    /// of the variable's dtype, and not part of a graph.
    private static func canAdopt(_ g: inout Tensor, for variable: Tensor) -> Bool {
        guard g.gradFn == nil, !g.leafRequiresGrad, g.viewBase == nil, g.dtype == variable.dtype,
              g.device == variable.device, g.storageOffset == 0, g.isContiguous,
              g.storage.byteCount == g.count * g.dtype.itemSize else { return false }
        return isKnownUniquelyReferenced(&g) && isKnownUniquelyReferenced(&g.storage)
    }

    private static func checkAnomaly(_ node: Node, _ grads: [Tensor?]) {
        guard ThreadState.current.anomalyEnabled else { return }
        for (i, g) in grads.enumerated() {
            guard let g, g.dtype.isFloatingPoint else { continue }
            if noGrad({ isnan(g).any().item() != 0 }) {
                emberFatal("Function '\(node.name)' returned nan values in its \(i)th output. The forward op was built at \(node.location).",
                           file: node.location.file, line: node.location.line)
            }
        }
    }
}
