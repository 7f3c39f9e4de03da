/// A node of the backward graph (`torch.autograd.graph.Node`): the op that produced a
/// tensor, with PyTorch's name (`AddBackward0`) and edges to the nodes of its inputs.
///
/// A node never holds the tensors it produced (that would be a cycle and every training
/// step would leak): saved outputs are kept as storage aliases and rebuilt on use.
public class Node: CustomStringConvertible, @unchecked Sendable {
    /// PyTorch's class name of the node, e.g. `MulBackward0`.
    public let name: String
    /// For each input of the forward op: the node its gradient flows to, and which of that
    /// node's outputs the input was. `nil` for inputs that do not require grad.
    public var nextFunctions: [(node: Node?, inputNr: Int)] { edges.map { ($0.node, $0.inputNr) } }
    /// `nextFunctions` as stored: an array of structs, whose destruction is compiled code
    /// (an array of tuples is destroyed through run-time type metadata, on every node).
    @exclusivity(unchecked) var edges: [Edge]
    /// Where the user's code built the op.
    public let location: CallSite
    let sequenceNr: Int
    /// The backward formula; takes the output grads, returns one grad per input.
    @exclusivity(unchecked) var formula: ((BackwardContext) -> [Tensor?])?
    /// Tensors the formula reads, with the storage version each had when saved.
    /// Nil where the op did not need that tensor (e.g. `a * b` keeps `a` only when `b` requires grad).
    @exclusivity(unchecked) var saved: [SavedTensor?]
    @exclusivity(unchecked) var savedWereReleased = false
    /// Hooks registered on the tensors this node produced, per output.
    @exclusivity(unchecked) var tensorPreHooks: [Int: [(id: Int, hook: (Tensor) -> Tensor?)]] = [:]
    /// Non-leaf outputs that asked for `retainGrad()`.
    @exclusivity(unchecked) var retainGradTargets: [Int: WeakTensor] = [:]
    /// The first output's shape and dtype (most ops have one), and the others': missing
    /// output grads are zero-filled to these. Inputs' are in `edges`.
    private let output0: TensorMeta
    private let moreOutputs: [TensorMeta]
    let outputCount: Int

    func outputShape(_ i: Int) -> [Int] { i == 0 ? output0.shape : moreOutputs[i - 1].shape }
    func outputDType(_ i: Int) -> DType { i == 0 ? output0.dtype : moreOutputs[i - 1].dtype }

    init(name: String, edges: [Edge], saved: [SavedTensor?], outputs: (first: TensorMeta, more: [TensorMeta], count: Int),
         location: CallSite, formula: ((BackwardContext) -> [Tensor?])?) {
        self.output0 = outputs.first
        self.moreOutputs = outputs.more
        self.outputCount = outputs.count
        self.name = name
        self.edges = edges
        self.saved = saved
        self.location = location
        self.formula = formula
        // Per thread, as in PyTorch: later nodes run first among those ready.
        let state = ThreadState.current
        state.sequenceNr &+= 1
        self.sequenceNr = state.sequenceNr
        MemoryDiagnostics.track(1, 1)
    }

    deinit {
        MemoryDiagnostics.track(1, -1)
        // Usually no next node dies with this one (leaves' accumulators live with the leaves;
        // a saved tensor that dies unrolls its own history): plain member release suffices.
        guard releasesNextNode else { return }
        var nodes = edges.compactMap(\.node)
        var tensors = saved.compactMap { $0?.tensor }
        edges = []
        saved = []
        formula = nil
        Node.releaseIteratively(&nodes, &tensors)
    }

    /// Whether releasing this node would free a next node too (this node holds its only
    /// reference), so a chain must be unrolled without recursion.
    var releasesNextNode: Bool {
        for i in edges.indices where isKnownUniquelyReferenced(&edges[i].node) { return true }
        return false
    }

    /// Drops a reference to `node` without recursion: nodes (and saved tensors) this was
    /// the last owner of are unlinked one by one, so a 100,000-op chain frees in a loop.
    static func releaseIteratively(_ nodes: inout [Node], _ tensors: inout [Tensor]) {
        while !nodes.isEmpty || !tensors.isEmpty {
            if var t = tensors.popLast() {
                if isKnownUniquelyReferenced(&t), let fn = t.gradFn {
                    t.gradFn = nil
                    nodes.append(fn)
                }
                continue
            }
            var n = nodes.removeLast()
            guard isKnownUniquelyReferenced(&n) else { continue }
            nodes += n.edges.compactMap(\.node)
            n.edges = []
            tensors += n.saved.compactMap { $0?.tensor }
            n.saved = []
            n.formula = nil
        }
    }

    /// `<MulBackward0 object>`, as PyTorch's repr reads.
    public var description: String { "<\(name) object>" }

    /// Runs the backward formula for the given output gradients.
    func apply(_ grads: [Tensor?]) -> [Tensor?] {
        if savedWereReleased {
            emberFatal("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
                       file: location.file, line: location.line)
        }
        for s in saved { s?.checkVersion(node: self) }
        guard let formula else { return Array(repeating: nil, count: edges.count) }
        var result = formula(BackwardContext(node: self, grads: grads))
        for i in result.indices where i < edges.count {
            guard var g = result[i], edges[i].node != nil else { result[i] = nil; continue }
            if g.shape != edges[i].shape { g = g.sumToShape(edges[i].shape) }
            if g.dtype != edges[i].dtype { g = g.to(edges[i].dtype) }
            result[i] = g
        }
        return result
    }

    /// Frees what the formula saved once backward has used it (unless retainGraph).
    func releaseSaved() {
        if !saved.isEmpty {
            saved = []
            savedWereReleased = true
        }
    }
}

/// Where a gradient flows: a node, and which of its outputs (`nextFunctions`' element).
/// With the input's shape and dtype: its grad is summed back to that shape and cast to that
/// dtype, as PyTorch's engine does.
struct Edge {
    var node: Node?
    var inputNr: Int
    let shape: [Int]
    let dtype: DType
}

/// The shape and dtype of one input or output of a node.
struct TensorMeta {
    let shape: [Int]
    let dtype: DType
}

/// What a backward formula sees: the output grads, and the tensors it saved.
package struct BackwardContext {
    let node: Node
    package let grads: [Tensor?]

    /// The gradient of the first (usually only) output.
    package var grad: Tensor { grads[0] ?? Tensor.zeros(node.outputShape(0), dtype: node.outputDType(0)) }

    /// The gradient of output `i`, zeros when that output got none.
    package func grad(_ i: Int) -> Tensor { grads[i] ?? Tensor.zeros(node.outputShape(i), dtype: node.outputDType(i)) }

    /// Whether input `i` needs a gradient (formulas skip work for the others).
    package func needs(_ i: Int) -> Bool { node.edges[i].node != nil }

    /// Saved tensor `i`: an input as it was given, or an output rebuilt as a graph tensor.
    package func saved(_ i: Int) -> Tensor { node.saved[i]!.unpack(node) }
}

/// A tensor saved for backward: inputs are held as they are; outputs are held as a storage
/// alias (no gradFn) and re-attached to the node when unpacked, which breaks the cycle.
final class SavedTensor {
    let tensor: Tensor
    let isOutput: Bool
    let outputNr: Int
    let version: Int

    init(_ tensor: Tensor, isOutput: Bool = false) {
        self.isOutput = isOutput
        self.outputNr = tensor.outputNr
        self.version = tensor.storage.version
        self.tensor = isOutput ? tensor.alias(shape: tensor.shape, strides: tensor.strides, offset: tensor.storageOffset) : tensor
    }

    func unpack(_ node: Node) -> Tensor {
        guard isOutput else { return tensor }
        let t = tensor.alias(shape: tensor.shape, strides: tensor.strides, offset: tensor.storageOffset)
        t.gradFn = node
        t.outputNr = outputNr
        return t
    }

    func checkVersion(node: Node) {
        let now = tensor.storage.version
        guard now != version else { return }
        // PyTorch names the op without its "Backward0" suffix here ("output 0 of Exp").
        let opName = node.name.replacingBackwardSuffix()
        let role = isOutput ? "output \(outputNr) of \(opName)" : "an input of \(opName)"
        emberFatal("one of the variables needed for gradient computation has been modified by an inplace operation: [\(tensor.typeName) \(shapeString(tensor.shape))], which is \(role), is at version \(now); expected version \(version) instead. Hint: \(opName) was called at \(node.location); enable anomaly detection to find the operation that failed to compute its gradient, with Autograd.detectAnomaly { }.",
                   file: node.location.file, line: node.location.line)
    }
}

/// The node that adds incoming gradients into a leaf's `.grad` (`AccumulateGrad`).
/// The leaf owns it (so it is made once, not per op); it points back without owning, and
/// the leaf's deinit clears that pointer.
final class AccumulateGrad: Node, @unchecked Sendable {
    @exclusivity(unchecked) unowned(unsafe) var variable: Tensor?

    init(variable: Tensor) {
        self.variable = variable
        super.init(name: "AccumulateGrad", edges: [], saved: [],
                   outputs: (TensorMeta(shape: variable.shape, dtype: variable.dtype), [], 1),
                   location: CallSite(file: #fileID, line: #line), formula: nil)
    }
}

/// A weak reference to a tensor, for hooks that must not keep it alive.
struct WeakTensor {
    weak var tensor: Tensor?
}

extension Tensor {
    /// `torch.FloatTensor`, as PyTorch names a tensor type in messages.
    var typeName: String {
        switch dtype {
        case .bool: "torch.BoolTensor"
        case .uint8: "torch.ByteTensor"
        case .int8: "torch.CharTensor"
        case .int16: "torch.ShortTensor"
        case .bfloat16: "torch.BFloat16Tensor"
        case .complex64: "torch.ComplexFloatTensor"
        case .int32: "torch.IntTensor"
        case .int64: "torch.LongTensor"
        case .float16: "torch.HalfTensor"
        case .float32: "torch.FloatTensor"
        case .float64: "torch.DoubleTensor"
        }
    }
}

extension String {
    /// `ExpBackward0` -> `Exp`.
    func replacingBackwardSuffix() -> String {
        // No Foundation: strip a trailing "Backward" plus digits by hand.
        var base = Substring(self)
        while let last = base.last, last.isNumber { base.removeLast() }
        return base.hasSuffix("Backward") ? String(base.dropLast(8)) : self
    }
}
