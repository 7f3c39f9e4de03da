extension Tensor {
    /// Whether gradients are computed for this tensor. Settable on leaves only, as in PyTorch.
    public var requiresGrad: Bool {
        get { leafRequiresGrad || gradFn != nil }
        set { setRequiresGrad(newValue) }
    }

    /// `requires_grad_()`: sets the flag and returns self.
    @discardableResult
    public func requiresGrad_(_ requiresGrad: Bool = true, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if requiresGrad && dtype.isComplex { Tensor.complexAutogradUnsupported(file: file, line: line) }
        if requiresGrad && !dtype.isFloatingPoint {
            emberFatal("only Tensors of floating point dtype can require gradients", file: file, line: line)
        }
        setRequiresGrad(requiresGrad, file: file, line: line)
        return self
    }

    func setRequiresGrad(_ value: Bool, file: StaticString = #fileID, line: UInt = #line) {
        if gradFn != nil {
            if value { return }
            emberFatal("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().", file: file, line: line)
        }
        if value && dtype.isComplex { Tensor.complexAutogradUnsupported(file: file, line: line) }
        if value && !dtype.isFloatingPoint {
            emberFatal("only Tensors of floating point and complex dtype can require gradients", file: file, line: line)
        }
        leafRequiresGrad = value
    }

    /// True for tensors not produced by a recorded op.
    public var isLeaf: Bool { gradFn == nil }

    /// A tensor sharing storage (and version counter) with this one, outside the graph.
    public func detach() -> Tensor {
        Tensor.traced("aten.detach", [.tensor(self)], file: #fileID, line: #line) {
            alias(shape: shape, strides: strides, offset: storageOffset)
        }
    }

    /// `detach_()`: takes this tensor out of the graph in place.
    @discardableResult
    public func detach_() -> Tensor {
        gradFn = nil
        leafRequiresGrad = false
        return self
    }

    /// Keeps `.grad` for a non-leaf after backward (`retain_grad()`).
    public func retainGrad(file: StaticString = #fileID, line: UInt = #line) {
        guard requiresGrad else {
            emberFatal("can't retain_grad on Tensor that has requires_grad=False", file: file, line: line)
        }
        guard let gradFn, !retainsGradFlag else { return }
        retainsGradFlag = true
        gradFn.retainGradTargets[outputNr] = WeakTensor(tensor: self)
    }

    /// Whether `.grad` is kept for this tensor (always for leaves that require grad).
    public var retainsGrad: Bool { isLeaf ? false : retainsGradFlag }

    /// Computes the gradient of this tensor with respect to the graph leaves (`backward()`).
    ///
    /// - Parameters:
    ///   - gradient: the gradient of this tensor; needed unless it has one element.
    ///   - retainGraph: keep saved tensors so that backward can run through the graph again.
    ///   - createGraph: record the backward itself, for higher-order gradients.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) {
        guard requiresGrad else {
            emberFatal("element 0 of tensors does not require grad and does not have a grad_fn", file: file, line: line)
        }
        let seed = Autograd.seedGradient(for: self, gradient, file: file, line: line)
        _ = Engine.run(roots: [(gradientEdge, seed)], retainGraph: retainGraph ?? createGraph,
                       createGraph: createGraph, captures: nil)
    }

    /// Registers a hook called with this tensor's gradient; it may return a replacement.
    /// The handle's `remove()` unregisters it.
    @discardableResult
    public func registerHook(file: StaticString = #fileID, line: UInt = #line,
                             _ hook: @escaping (Tensor) -> Tensor?) -> RemovableHandle {
        guard requiresGrad else {
            emberFatal("cannot register a hook on a tensor that doesn't require gradient", file: file, line: line)
        }
        let id = RemovableHandle.nextID()
        if isLeaf {
            leafHooks.append((id, hook))
            return RemovableHandle { [weak self] in self?.leafHooks.removeAll { $0.id == id } }
        }
        let node: Node = gradFn!
        node.tensorPreHooks[outputNr, default: []].append((id, hook))
        let index = outputNr
        return RemovableHandle { [weak node] in node?.tensorPreHooks[index]?.removeAll { $0.id == id } }
    }
}

/// Returned by `registerHook`: `remove()` unregisters the hook.
public final class RemovableHandle: @unchecked Sendable {
    private var removeAction: (() -> Void)?
    /// A handle that runs `remove` once when `remove()` is called (for hooks of other modules).
    public init(_ remove: @escaping () -> Void) { removeAction = remove }
    public func remove() {
        removeAction?()
        removeAction = nil
    }

    private static let counter = Mutex(0)
    static func nextID() -> Int { counter.withLock { $0 += 1; return $0 } }
}

/// `torch.autograd`: gradients without accumulation, anomaly detection.
public enum Autograd {
    /// `torch.autograd.grad`: the gradients of `outputs` with respect to `inputs`.
    public static func grad(_ outputs: [Tensor], _ inputs: [Tensor], gradOutputs: [Tensor?]? = nil,
                            retainGraph: Bool? = nil, createGraph: Bool = false, allowUnused: Bool = false,
                            file: StaticString = #fileID, line: UInt = #line) -> [Tensor?] {
        for input in inputs where !input.requiresGrad {
            emberFatal("One of the differentiated Tensors does not require grad", file: file, line: line)
        }
        var roots: [(edge: (node: Node?, inputNr: Int), grad: Tensor)] = []
        for (i, output) in outputs.enumerated() {
            guard output.requiresGrad else {
                emberFatal("element \(i) of tensors does not require grad and does not have a grad_fn", file: file, line: line)
            }
            let given = gradOutputs.flatMap { $0.indices.contains(i) ? $0[i] : nil }
            roots.append((output.gradientEdge, seedGradient(for: output, given, file: file, line: line)))
        }
        let result = Engine.run(roots: roots, retainGraph: retainGraph ?? createGraph, createGraph: createGraph,
                                captures: inputs.map(\.gradientEdge))
        for g in result {
            if g == nil && !allowUnused {
                emberFatal("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.", file: file, line: line)
            }
        }
        return zip(result, inputs).map { g, input in
            guard let g else { return nil }
            return g.shape == input.shape ? g : g.sumToShape(input.shape)
        }
    }

    static func seedGradient(for output: Tensor, _ gradient: Tensor?, file: StaticString, line: UInt) -> Tensor {
        if let gradient {
            guard gradient.shape == output.shape else {
                emberFatal("Mismatch in shape: grad_output[0] has a shape of \(shapeString(gradient.shape)) and output[0] has a shape of \(shapeString(output.shape)).", file: file, line: line)
            }
            return gradient
        }
        guard output.count == 1 else {
            emberFatal("grad can be implicitly created only for scalar outputs", file: file, line: line)
        }
        return Tensor.ones(like: output)
    }

    /// Runs `body` with anomaly detection: the first NaN produced in backward stops the
    /// program, naming the forward op and the user's line that built it.
    @discardableResult
    public static func detectAnomaly<R>(_ body: () throws -> R) rethrows -> R {
        let state = ThreadState.current
        let previous = state.anomalyEnabled
        state.anomalyEnabled = true
        defer { state.anomalyEnabled = previous }
        return try body()
    }

    /// Whether anomaly detection is on for this thread.
    public static var isAnomalyEnabled: Bool { ThreadState.current.anomalyEnabled }
}
