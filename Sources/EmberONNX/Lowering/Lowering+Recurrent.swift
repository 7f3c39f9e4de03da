import Ember

extension ONNXLowerings {
    /// Lowerings of the recurrent family: whole recurrent stacks become one ONNX `LSTM`,
    /// `GRU` or `RNN` node per layer, a cell step one such node over a sequence of one; `aten.scaled_dot_product_attention` becomes
    /// MatMul/Mul/mask/Softmax/MatMul. MultiheadAttention and the Transformer layers are
    /// captured as the ops they call, which other families lower.
    static let recurrent: [String: ONNXLowering] = [
        "aten.lstm": { ctx, node in try lowerRecurrent(ctx, node, .lstm) },
        "aten.gru": { ctx, node in try lowerRecurrent(ctx, node, .gru) },
        "aten.rnn_tanh": { ctx, node in try lowerRecurrent(ctx, node, .rnnTanh) },
        "aten.rnn_relu": { ctx, node in try lowerRecurrent(ctx, node, .rnnRelu) },
        "aten.lstm_cell": { ctx, node in try lowerCell(ctx, node, .lstm) },
        "aten.gru_cell": { ctx, node in try lowerCell(ctx, node, .gru) },
        "aten.rnn_tanh_cell": { ctx, node in try lowerCell(ctx, node, .rnnTanh) },
        "aten.rnn_relu_cell": { ctx, node in try lowerCell(ctx, node, .rnnRelu) },
        "aten.scaled_dot_product_attention": { ctx, node in try lowerAttention(ctx, node) },
    ]
}

/// The ONNX form of one recurrent mode.
private enum RecurrentKind {
    case lstm, gru, rnnTanh, rnnRelu

    var opType: String {
        switch self {
        case .lstm: "LSTM"
        case .gru: "GRU"
        case .rnnTanh, .rnnRelu: "RNN"
        }
    }

    /// For each ONNX gate block, the PyTorch block it comes from: ONNX stacks LSTM gates as
    /// [i, o, f, c] where PyTorch has [i, f, g, o], and GRU gates as [z, r, h] where
    /// PyTorch has [r, z, n].
    var gateOrder: [Int] {
        switch self {
        case .lstm: [0, 3, 1, 2]
        case .gru: [1, 0, 2]
        case .rnnTanh, .rnnRelu: [0]
        }
    }
}

/// The value ids of a tensor-list argument (their shapes give the hidden size).
private func valueIds(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ i: Int) throws -> [Int] {
    guard i < node.arguments.count, case .values(let ids) = node.arguments[i] else {
        throw ctx.fail(node, "argument \(i) is not a tensor list")
    }
    return ids
}

/// `aten.lstm(input, hx, params, has_biases, num_layers, dropout, train, bidirectional,
/// batch_first)` and its siblings: one ONNX node per layer, chained, in time-major layout.
private func lowerRecurrent(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ kind: RecurrentKind) throws {
    let inputId = try ctx.value(node, 0)
    let hx = try ctx.inputs(node, 1)
    let paramIds = try valueIds(ctx, node, 2)
    let params = paramIds.map { ctx.name($0) }
    let hasBiases = try ctx.bool(node, 3)
    let numLayers = try ctx.int(node, 4)
    let dropout = try ctx.double(node, 5)
    let train = try ctx.bool(node, 6)
    let bidirectional = try ctx.bool(node, 7)
    let batchFirst = try ctx.bool(node, 8)
    let directions = bidirectional ? 2 : 1
    let per = hasBiases ? 4 : 2
    if params.count == numLayers * directions * (per + 1) {
        throw ctx.fail(node, "an LSTM with proj_size > 0 has no ONNX form (ONNX LSTM has no projection)")
    }
    guard numLayers > 0, params.count == numLayers * directions * per else {
        throw ctx.fail(node, "expected \(numLayers * directions * per) parameters, got \(params.count)")
    }
    if train && dropout > 0 && numLayers > 1 {
        throw ctx.fail(node, "dropout between layers in training mode is random; call model.eval() before export")
    }
    let dtype = ctx.dtype(inputId)
    guard [.float16, .float32, .float64].contains(dtype) else {
        throw ctx.fail(node, "ONNX \(kind.opType) takes float16, float32 or float64 input, not \(dtype)")
    }
    guard let hidden = ctx.shape(paramIds[1]).last?.constantValue else {
        throw ctx.fail(node, "the hidden size is not static")
    }
    let rank = ctx.shape(inputId).count
    guard rank == 2 || rank == 3 else { throw ctx.fail(node, "expected 2-D or 3-D input, got \(rank)-D") }
    let batched = rank == 3

    // ONNX runs [seq, batch, feature]; states [layers·directions, batch, hidden].
    var x = try ctx.input(node, 0)
    if !batched { x = ctx.add1("Unsqueeze", [x, ctx.int64s([batchFirst ? 0 : 1])]) }
    if batchFirst { x = ctx.add1("Transpose", [x], [("perm", .ints([1, 0, 2]))]) }
    let states = batched ? hx : hx.map { ctx.add1("Unsqueeze", [$0, ctx.int64s([1])]) }

    var finalH: [String] = [], finalC: [String] = []
    for layer in 0..<numLayers {
        let first = layer * directions * per
        let groups = (0..<directions).map { first + $0 * per }
        let slice = { (state: String) in
            ctx.add1("Slice", [state, ctx.int64s([layer * directions]), ctx.int64s([(layer + 1) * directions]), ctx.int64s([0])])
        }
        let outs = emitRecurrentNode(ctx, kind, x: x, hidden: hidden,
                                     weights: groups.map { g in (params[g], params[g + 1], hasBiases ? params[g + 2] : nil,
                                                                 hasBiases ? params[g + 3] : nil) },
                                     initialH: states.isEmpty ? nil : slice(states[0]),
                                     initialC: kind == .lstm && states.count > 1 ? slice(states[1]) : nil)
        finalH.append(outs[1])
        if kind == .lstm { finalC.append(outs[2]) }
        // Y is [seq, directions, batch, hidden]: the next layer reads [seq, batch, directions·hidden].
        if directions == 1 {
            x = ctx.add1("Squeeze", [outs[0], ctx.int64s([1])])
        } else {
            let t = ctx.add1("Transpose", [outs[0]], [("perm", .ints([0, 2, 1, 3]))])
            x = ctx.add1("Reshape", [t, ctx.int64s([0, 0, directions * hidden])])  // 0: copy seq and batch
        }
    }

    let names = ctx.outputNames(node)
    if batchFirst { x = ctx.add1("Transpose", [x], [("perm", .ints([1, 0, 2]))]) }
    if batched {
        ctx.add1("Identity", [x], output: names[0])
    } else {
        ctx.add1("Squeeze", [x, ctx.int64s([batchFirst ? 0 : 1])], output: names[0])
    }
    for (finals, name) in zip([finalH, finalC], names.dropFirst()) {
        let all = finals.count == 1 ? finals[0] : ctx.add1("Concat", finals, [("axis", .int(0))])
        if batched {
            ctx.add1("Identity", [all], output: name)
        } else {
            ctx.add1("Squeeze", [all, ctx.int64s([1])], output: name)
        }
    }
}

/// One ONNX `LSTM`/`GRU`/`RNN` node over time-major `x`, with `weights` per direction in
/// PyTorch's layout (`w_ih`, `w_hh`, `b_ih?`, `b_hh?`); returns its outputs (Y, Y_h[, Y_c]).
private func emitRecurrentNode(_ ctx: ONNXLoweringContext, _ kind: RecurrentKind, x: String, hidden: Int,
                               weights: [(wIh: String, wHh: String, bIh: String?, bHh: String?)],
                               initialH: String?, initialC: String?) -> [String] {
    /// A weight or bias with its gate blocks in ONNX's order (Split on axis 0, Concat).
    func reordered(_ name: String) -> String {
        let gates = kind.gateOrder.count
        if gates == 1 { return name }
        let parts = ctx.add("Split", [name, ctx.int64s(Array(repeating: hidden, count: gates))], outputCount: gates,
                            [("axis", .int(0))])
        return ctx.add1("Concat", kind.gateOrder.map { parts[$0] }, [("axis", .int(0))])
    }
    /// Per-direction tensors stacked on a new leading num_directions axis.
    func stacked(_ perDirection: [String]) -> String {
        let parts = perDirection.map { ctx.add1("Unsqueeze", [$0, ctx.int64s([0])]) }
        return parts.count == 1 ? parts[0] : ctx.add1("Concat", parts, [("axis", .int(0))])
    }
    /// ONNX's B is [Wb, Rb]; a missing PyTorch bias is zeros.
    func bias(_ bIh: String?, _ bHh: String?) -> String? {
        switch (bIh, bHh) {
        case (nil, nil): return nil
        case let (bi?, bh?): return ctx.add1("Concat", [reordered(bi), reordered(bh)], [("axis", .int(0))])
        default:
            let present = reordered((bIh ?? bHh)!)
            let zeros = ctx.add1("Sub", [present, present])
            return ctx.add1("Concat", bIh != nil ? [present, zeros] : [zeros, present], [("axis", .int(0))])
        }
    }
    let directions = weights.count
    var attributes: [(String, ONNXAttributeValue)] = [("hidden_size", .int(hidden))]
    if directions == 2 { attributes.append(("direction", .string("bidirectional"))) }
    switch kind {
    case .gru: attributes.append(("linear_before_reset", .int(1)))  // PyTorch applies r after W_hn h + b_hn
    case .rnnRelu: attributes.append(("activations", .strings(Array(repeating: "Relu", count: directions))))
    case .lstm, .rnnTanh: break
    }
    let w = stacked(weights.map { reordered($0.wIh) })
    let r = stacked(weights.map { reordered($0.wHh) })
    let biases = weights.map { bias($0.bIh, $0.bHh) }
    let b = biases.allSatisfy { $0 != nil } ? stacked(biases.map { $0! }) : ""  // absent B: zeros
    var inputs = [x, w, r, b, "", initialH ?? ""]
    if let initialC { inputs.append(initialC) }
    while inputs.last == "" { inputs.removeLast() }
    return ctx.add(kind.opType, inputs, outputCount: kind == .lstm ? 3 : 2, attributes)
}

/// `aten.lstm_cell(input, hx, w_ih, w_hh, b_ih?, b_hh?)` and its siblings: the ONNX
/// recurrent op over a sequence of one step; its final states are the cell's outputs.
private func lowerCell(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ kind: RecurrentKind) throws {
    let inputId = try ctx.value(node, 0)
    let hx = try ctx.inputs(node, 1)
    let wHhId = try ctx.value(node, 3)
    let dtype = ctx.dtype(inputId)
    guard [.float16, .float32, .float64].contains(dtype) else {
        throw ctx.fail(node, "ONNX \(kind.opType) takes float16, float32 or float64 input, not \(dtype)")
    }
    guard let hidden = ctx.shape(wHhId).last?.constantValue else { throw ctx.fail(node, "the hidden size is not static") }
    let rank = ctx.shape(inputId).count
    guard rank == 1 || rank == 2 else { throw ctx.fail(node, "expected 1-D or 2-D input, got \(rank)-D") }
    // [batch, input] → [seq 1, batch, input]; states [batch, hidden] → [directions 1, batch, hidden].
    let lead = rank == 2 ? [0] : [0, 1]
    let x = ctx.add1("Unsqueeze", [try ctx.input(node, 0), ctx.int64s(lead)])
    let states = hx.map { ctx.add1("Unsqueeze", [$0, ctx.int64s(lead)]) }
    let weights = (wIh: try ctx.input(node, 2), wHh: ctx.name(wHhId), bIh: try ctx.optionalInput(node, 4),
                   bHh: try ctx.optionalInput(node, 5))
    let outs = emitRecurrentNode(ctx, kind, x: x, hidden: hidden, weights: [weights], initialH: states.first,
                                 initialC: states.count > 1 ? states[1] : nil)
    for (name, out) in zip(ctx.outputNames(node), outs.dropFirst()) {
        ctx.add1("Squeeze", [out, ctx.int64s(lead)], output: name)
    }
}

/// `aten.scaled_dot_product_attention(query, key, value, attn_mask?, dropout_p, is_causal,
/// scale?, enable_gqa)`: softmax(Q Kᵀ · scale + mask) V, with PyTorch's safe softmax (a
/// query row whose keys are all masked gives zeros, not NaN) where a mask applies.
private func lowerAttention(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let qId = try ctx.value(node, 0), kId = try ctx.value(node, 1), vId = try ctx.value(node, 2)
    let (q, k, v) = (ctx.name(qId), ctx.name(kId), ctx.name(vId))
    let mask = try ctx.optionalInput(node, 3)
    let dropoutP = try ctx.double(node, 4)
    let isCausal = try ctx.bool(node, 5)
    let scale = try ctx.optionalDouble(node, 6)
    let enableGqa = try ctx.bool(node, 7)
    if dropoutP > 0 { throw ctx.fail(node, "dropout_p > 0 is random; call model.eval() (or pass dropoutP: 0) before export") }
    let dtype = ctx.dtype(qId)
    let qShape = ctx.shape(qId), kShape = ctx.shape(kId)
    if enableGqa && qShape.count >= 3 && kShape.count >= 3 && qShape[qShape.count - 3] != kShape[kShape.count - 3] {
        throw ctx.fail(node, "grouped-query attention (enable_gqa with fewer key/value heads) is not supported by ONNX export")
    }
    let factor: Double
    if let scale {
        factor = scale
    } else {
        guard let e = qShape.last?.constantValue else { throw ctx.fail(node, "the head size is not static") }
        factor = 1 / Double(e).squareRoot()
    }

    var kPerm = Array(0..<kShape.count)
    kPerm.swapAt(kShape.count - 1, kShape.count - 2)
    let kT = ctx.add1("Transpose", [k], [("perm", .ints(kPerm))])
    var scores = ctx.add1("Mul", [ctx.add1("MatMul", [q, kT]), ctx.scalar(factor, dtype: dtype)])
    let negInf = ctx.scalar(-.infinity, dtype: dtype)
    let masked = isCausal || mask != nil
    if isCausal {
        let l = qShape[qShape.count - 2], s = kShape[kShape.count - 2]
        scores = ctx.add1("Where", [try causalMask(ctx, l, s), scores, negInf])
    }
    if let mask, let maskId = try? ctx.value(node, 3) {
        let maskType = ctx.dtype(maskId)
        if maskType == .bool {
            scores = ctx.add1("Where", [mask, scores, negInf])  // true: attend
        } else {
            let m = try ctx.cast(mask, from: maskType, to: dtype)
            scores = ctx.add1("Add", [scores, m])
        }
    }
    var weights: String
    if masked {
        // Rows with every key masked (all −∞) are zeros, as PyTorch's `_safe_softmax` gives.
        let zero = ctx.scalar(0, dtype: dtype)
        let alive = ctx.add1("Cast", [ctx.add1("Not", [ctx.add1("Equal", [scores, negInf])])],
                             [("to", .int(try ctx.elementType(dtype)))])
        let count = ctx.add1("ReduceSum", [alive, ctx.int64s([-1])], [("keepdims", .int(1))])
        let dead = ctx.add1("Equal", [count, zero])
        let finite = ctx.add1("Where", [dead, zero, scores])
        weights = ctx.add1("Where", [dead, zero, ctx.add1("Softmax", [finite], [("axis", .int(-1))])])
    } else {
        weights = ctx.add1("Softmax", [scores], [("axis", .int(-1))])
    }
    ctx.add1("MatMul", [weights, v], output: ctx.outputNames(node)[0])
}

/// Bool `[L, S]`, true where key j may be seen from query i (j ≤ i): a constant when both
/// sizes are static, else the lower triangle of ones of the run-time size.
private func causalMask(_ ctx: ONNXLoweringContext, _ l: SymInt, _ s: SymInt) throws -> String {
    if let l = l.constantValue, let s = s.constantValue {
        let rows = Tensor.arange(Int64(l), dtype: .int64).unsqueeze(1)
        let cols = Tensor.arange(Int64(s), dtype: .int64).unsqueeze(0)
        return ctx.constant((rows .>= cols).contiguous(), hint: "causal_mask")
    }
    let ones = ctx.add1("ConstantOfShape", [try ctx.shapeTensor([l, s])], [("value", .tensor(Tensor.full([1], 1.0, dtype: .float32)))])
    let lower = ctx.add1("Trilu", [ones], [("upper", .int(0))])
    return ctx.add1("Cast", [lower], [("to", .int(try ctx.elementType(.bool)))])
}
