import OrderedCollections

// Capture records Ember's public ops as they run on real tensors. Each op that capture knows
// wraps its body in `Tensor.traced`, which records one node; ops it calls inside are not
// recorded. Nothing may escape the graph unseen: an op capture does not know that touches a
// traced tensor is caught either by autograd's `record` (every differentiable op; capture
// makes its float inputs require grad) or by the data-read check in `Tensor.view`, and a
// read of a value (`item()`) stops at once, naming the user's line.

/// Whether any thread is capturing now: one relaxed read on every op's fast path.
package enum Tracing {
    /// Written under `lock` by the capturing thread; other threads read it racily, and a
    /// stale answer only costs them the thread-local look-up that follows.
    /// Unchecked: a dynamic exclusivity check here would cost every op a runtime call.
    @exclusivity(unchecked) nonisolated(unsafe) package static var activeCount = 0
    private static let lock = Mutex<Void>(())
    private static let tagLock = Mutex<UInt32>(0)

    static func begin() { lock.withLock { _ in activeCount += 1 } }
    static func end() { lock.withLock { _ in activeCount -= 1 } }
    static func newTag() -> UInt32 { tagLock.withLock { $0 &+= 1; if $0 == 0 { $0 = 1 }; return $0 } }

    /// The tracer of this thread, when it is capturing.
    package static var current: Tracer? { activeCount == 0 ? nil : ThreadState.current.tracer }
}

/// A capture in progress on one thread: the graph being built and the map from live tensors
/// to its values.
package final class Tracer {
    /// The graph recorded so far.
    package private(set) var graph = Graph()
    /// Tensors the forward function made or held (not parameters, buffers or inputs), lifted
    /// to inputs of kind `.constant`, by their target name.
    package private(set) var constants: OrderedDictionary<String, Tensor> = [:]
    private var valueOf: [ObjectIdentifier: Int] = [:]
    /// Every tensor given a value, kept alive so object identities are not reused.
    private var live: [Tensor] = []
    private var userInputValues: Set<Int> = []
    private var stateValues: Set<Int> = []
    /// Storages that traced views share: an in-place write to one would change the others.
    private var viewedStorages: Set<ObjectIdentifier> = []
    private var nameCounts: [String: Int] = [:]
    private let tag = Tracing.newTag()
    var depth = 0
    /// An op capture does not know read a traced tensor: named by its autograd record, or
    /// reported at the end of capture near the op that followed it (`pendingNext`).
    var pendingRead: CallSite?
    private var pendingNext: (target: String, site: CallSite)?

    /// A tracer with an empty graph; `run` installs it on the calling thread.
    package init() {}

    /// Runs `body` with this tracer capturing on the calling thread.
    package func run<R>(_ body: () throws -> R) rethrows -> R {
        let state = ThreadState.current
        let saved = state.tracer
        state.tracer = self
        Tracing.begin()
        defer {
            Tracing.end()
            state.tracer = saved
        }
        return try body()
    }

    /// Declares a graph input bound to `tensor`.
    package func addInput(_ tensor: Tensor, name: String, kind: GraphInputKind, target: String?) {
        let id = newValue(for: tensor, name: name)
        graph.inputs.append(GraphInput(value: id, kind: kind, target: target))
        if kind == .userInput { userInputValues.insert(id) } else { stateValues.insert(id) }
    }

    /// The value `tensor` stands for, if it is part of the graph.
    package func value(of tensor: Tensor) -> Int? {
        tensor.traceTag == tag ? valueOf[ObjectIdentifier(tensor)] : nil
    }

    /// Ends the capture: `outputs` become the graph's outputs (a constant output is lifted).
    /// Clears the marks capture left on tensors that outlive it (parameters, inputs).
    package func finish(outputs: [Tensor], file: StaticString, line: UInt) -> Graph {
        reportPending()
        graph.outputs = outputs.map { valueOrConstant($0) }
        for t in live where t.traceTag == tag { t.traceTag = 0 }
        live.removeAll()
        valueOf.removeAll()
        return graph
    }

    // MARK: Recording

    /// An op call being recorded: what `enter` learned before the op's body ran.
    package struct PendingNode {
        let target: String
        let arguments: [GraphArgument]
        let inputs: [Tensor]
        let mutated: Tensor?
        let site: CallSite
    }

    /// Starts recording one op call (`Tensor.traced`); nil when the call is not recorded: an
    /// op inside a recorded op, or an op on constants only.
    func enter(_ target: String, _ arguments: () -> [OpArgument], mutating: Int?, file: StaticString,
               line: UInt) -> PendingNode? {
        if depth > 0 { return nil }
        // After an op capture does not know read a traced tensor, ops may still be running
        // inside it: its autograd record names it, else the end of capture reports it near
        // the first op that followed.
        if pendingRead != nil, pendingNext == nil { pendingNext = (target, userSite(file, line)) }
        let arguments = arguments()
        let inputs = arguments.flatMap { argument -> [Tensor] in
            switch argument {
            case .tensor(let t): [t]
            case .tensors(let ts): ts
            default: []
            }
        }
        // An op on constants only is folded: its result is another constant (lifted when a
        // traced op first uses it), and library code may read it freely.
        if !inputs.contains(where: { value(of: $0) != nil }) { return nil }
        let site = userSite(file, line)
        let graphArguments = arguments.map { graphArgument($0) }
        var mutated: Tensor?
        if let mutating { mutated = checkMutable(arguments[mutating], target, site) }
        depth += 1
        return PendingNode(target: target, arguments: graphArguments, inputs: inputs, mutated: mutated, site: site)
    }

    /// Finishes recording: the op's outputs become graph values of one new node.
    func exit(_ node: PendingNode, _ outputs: [Tensor]) {
        depth -= 1
        // An op that hands back its input unchanged (dropout in eval) adds nothing.
        if node.mutated == nil, outputs.allSatisfy({ out in node.inputs.contains { $0 === out } }) { return }
        let base = Tracer.baseName(node.target)
        var ids: [Int] = []
        for out in outputs {
            if let m = node.mutated, out === m { valueOf[ObjectIdentifier(m)] = nil }
            let id = newValue(for: out, name: base)
            ids.append(id)
            for input in node.inputs where input.storage === out.storage && input !== out {
                viewedStorages.insert(ObjectIdentifier(out.storage))
            }
        }
        graph.nodes.append(GraphNode(target: node.target, arguments: node.arguments, outputs: ids,
                                     file: String(describing: node.site.file), line: Int(node.site.line)))
    }

    private func graphArgument(_ argument: OpArgument) -> GraphArgument {
        switch argument {
        case .tensor(let t): .value(valueOrConstant(t))
        case .none: .none
        case .tensors(let ts): .values(ts.map { valueOrConstant($0) })
        case .int(let i): .int(SymInt(i))
        case .ints(let v): .ints(v.map { SymInt($0) })
        case .double(let d): .double(d)
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .dtype(let d): .dtype(d)
        }
    }

    /// The value of a traced tensor, or a new constant input holding a copy of an untraced one
    /// (made by a factory in forward, or held by the module outside its state dict).
    private func valueOrConstant(_ t: Tensor) -> Int {
        if let id = value(of: t) { return id }
        let name = "lifted_tensor_\(constants.count)"
        depth += 1  // the copy is the tracer's own, not the model's
        let copy = noGrad { t.detach().clone() }
        depth -= 1
        constants[name] = copy
        let id = newValue(for: t, name: "c_" + name)
        graph.inputs.append(GraphInput(value: id, kind: .constant, target: name))
        stateValues.insert(id)
        return id
    }

    private func newValue(for tensor: Tensor, name: String) -> Int {
        let count = nameCounts[name, default: 0]
        nameCounts[name] = count + 1
        let id = graph.values.count
        graph.values.append(GraphValue(name: count == 0 ? name : "\(name)_\(count)", shape: tensor.shape.map { SymInt($0) },
                                       dtype: tensor.dtype))
        valueOf[ObjectIdentifier(tensor)] = id
        tensor.traceTag = tag
        live.append(tensor)
        return id
    }

    private func checkMutable(_ argument: OpArgument, _ target: String, _ site: CallSite) -> Tensor? {
        guard case .tensor(let t) = argument else { return nil }
        let op = Tracer.baseName(target)
        if let id = value(of: t) {
            if userInputValues.contains(id) {
                fatalError("export: \(op)_ writes in place into input '\(graph.values[id].name)'; an exported graph cannot change its caller's tensors (use the out-of-place \(op))",
                           file: site.file, line: site.line)
            }
            if stateValues.contains(id) {
                fatalError("export: \(op)_ writes in place into '\(graph.values[id].name)', a parameter, buffer or constant of the captured program; export captures inference without state updates (call model.eval(), or use the out-of-place \(op))",
                           file: site.file, line: site.line)
            }
        }
        if viewedStorages.contains(ObjectIdentifier(t.storage)) || t.viewBase != nil {
            fatalError("export: \(op)_ writes in place into a tensor that shares storage with a view; export cannot follow the write into the other views (use the out-of-place \(op))",
                       file: site.file, line: site.line)
        }
        return t
    }

    // MARK: Escapes

    /// An op capture does not know read a traced tensor (through `Tensor.view`).
    func noteUntracedRead(_ state: ThreadState) {
        guard depth == 0, pendingRead == nil else { return }
        pendingRead = state.callSite ?? CallSite(file: "<the export call>", line: 0)
    }

    private func reportPending() {
        guard let site = pendingRead else { return }
        let near = pendingNext.map { "just before \($0.target) at \($0.site)" } ?? "in the forward call at \(site)"
        let at = pendingNext?.site ?? site
        fatalError("export: an op that export does not support read a traced tensor \(near) (it records no graph node, so its result would be baked in as a constant); compute it with ops export supports (docs/EXPORT.md)",
                   file: at.file, line: at.line)
    }

    /// Autograd recorded an op capture does not know on a traced input: name it and its line.
    func unsupported(_ nodeName: String, inputs: [Tensor], file: StaticString, line: UInt) {
        guard depth == 0, pendingRead != nil || inputs.contains(where: { value(of: $0) != nil }) else { return }
        let site = userSite(file, line)
        var op = nodeName
        if let r = op.firstRange(of: "Backward") { op = String(op[..<r.lowerBound]) }
        fatalError("export: \(Tracer.snakeCase(op)) (\(nodeName)) is not supported by export: it has no graph op yet",
                   file: site.file, line: site.line)
    }

    /// A value read (`item()`, `toArray()`) of a traced tensor: the graph would depend on data.
    func valueRead(_ what: String, _ tensor: Tensor, file: StaticString, line: UInt) {
        guard depth == 0, value(of: tensor) != nil else { return }
        // A read inside an op capture does not know: let the op finish, so autograd's record
        // names it and the user's line (or the next op reports it).
        if CallSite.isLibrary(file) { return noteUntracedRead(ThreadState.current) }
        let site = userSite(file, line)
        fatalError("export: \(what) reads the value of a traced tensor, so the captured graph would depend on the data (data-dependent control flow cannot be exported); use Tensor.where or pass the value as an input",
                   file: site.file, line: site.line)
    }

    /// The user's line for an op a layer ran: the module call site, as errors report it.
    private func userSite(_ file: StaticString, _ line: UInt) -> CallSite {
        if CallSite.isLibrary(file), let site = ThreadState.current.callSite { return site }
        return CallSite(file: file, line: line)
    }

    static func baseName(_ target: String) -> String {
        var name = Substring(target)
        if let dot = name.firstIndex(of: ".") { name = name[name.index(after: dot)...] }
        if let dot = name.firstIndex(of: ".") { name = name[..<dot] }
        return String(name)
    }

    static func snakeCase(_ camel: String) -> String {
        var out = ""
        for (i, ch) in camel.enumerated() {
            if ch.isUppercase {
                if i > 0 { out.append("_") }
                out += ch.lowercased()
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
