extension Tensor {
    /// Runs an op's body and, while `export` captures on this thread, records it as one graph
    /// node `target` with `arguments` (ops the body calls are not recorded). The arguments
    /// are built only while capturing. `mutating` names the argument an in-place op writes:
    /// capture records the out-of-place op and the tensor stands for its result afterwards.
    ///
    /// The interpreter replays a node by calling the same public op with the same arguments,
    /// so a node's `target` and argument order are the op's contract with its runner.
    @inline(__always)
    package static func traced(_ target: String, _ arguments: @autoclosure () -> [OpArgument], mutating: Int? = nil,
                               file: StaticString, line: UInt, _ body: () -> Tensor) -> Tensor {
        if _fastPath(Tracing.activeCount == 0) { return body() }
        return tracedSlow(target, arguments, mutating: mutating, file: file, line: line) { [body()] }[0]
    }

    /// `traced` for an op with several outputs (values and indices, an RNN's output and state).
    @inline(__always)
    package static func tracedMany(_ target: String, _ arguments: @autoclosure () -> [OpArgument], mutating: Int? = nil,
                                   file: StaticString, line: UInt, _ body: () -> [Tensor]) -> [Tensor] {
        if _fastPath(Tracing.activeCount == 0) { return body() }
        return tracedSlow(target, arguments, mutating: mutating, file: file, line: line, body)
    }

    /// Out of line, with the arguments still a closure, so an op's fast path stays small.
    @inline(never)
    private static func tracedSlow(_ target: String, _ arguments: () -> [OpArgument], mutating: Int?,
                                   file: StaticString, line: UInt, _ body: () -> [Tensor]) -> [Tensor] {
        guard let tracer = ThreadState.current.tracer,
              let node = tracer.enter(target, arguments, mutating: mutating, file: file, line: line) else { return body() }
        let outputs = body()
        tracer.exit(node, outputs)
        return outputs
    }

    /// A kernel read a traced tensor: fine inside a recorded op, an escape outside one.
    @inline(never)
    static func noteTracedRead() {
        let state = ThreadState.current
        state.tracer?.noteUntracedRead(state)
    }
}
