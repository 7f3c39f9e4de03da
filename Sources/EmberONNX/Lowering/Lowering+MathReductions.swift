import Ember

// The math family's ONNX forms, continued: unary math, activations, reductions, softmax.
// Float-only ops run on the node's output dtype (Ember promotes integer input to float
// first); reductions take `axes` as an attribute before opset 18 and as an input from 18
// (ReduceSum: from 13).

extension ONNXLowerings {
    /// Unary math and activation functions.
    static let mathUnary: [String: ONNXLowering] = {
        var table: [String: ONNXLowering] = [:]
        let direct = ["sqrt": "Sqrt", "exp": "Exp", "log": "Log", "sin": "Sin", "cos": "Cos", "tan": "Tan",
                      "tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "Relu", "erf": "Erf", "abs": "Abs", "sign": "Sign"]
        for (name, op) in direct {
            table["aten.\(name)"] = { ctx, node in try lowerUnary(ctx, node, op) }
        }
        // Rounding ops are the identity on integers (Floor/Ceil/Round take floats only).
        for (name, op) in ["floor": "Floor", "ceil": "Ceil", "round": "Round"] {
            table["aten.\(name)"] = { ctx, node in
                try lowerUnary(ctx, node, ctx.dtype(node.outputs[0]).isFloatingPoint ? op : "Identity")
            }
        }
        table["aten.trunc"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            guard t.isFloatingPoint else { try lowerUnary(ctx, node, "Identity"); return }
            try ctx.mathTrunc(ctx.mathOperand(node, 0, as: t), dtype: t, output: ctx.outputNames(node)[0])
        }
        table["aten.rsqrt"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Reciprocal", [ctx.add1("Sqrt", [ctx.mathOperand(node, 0, as: t)])], computed: t)
        }
        table["aten.log1p"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Log", [ctx.add1("Add", [ctx.mathOperand(node, 0, as: t), ctx.scalar(1, dtype: t)])], computed: t)
        }
        table["aten.gelu"] = { ctx, node in try lowerGelu(ctx, node) }
        table["aten.softplus"] = { ctx, node in try lowerSoftplus(ctx, node) }
        table["aten.leaky_relu"] = { ctx, node in
            try lowerUnary(ctx, node, "LeakyRelu", [("alpha", .float(ctx.double(node, 1)))])
        }
        table["aten.elu"] = { ctx, node in try lowerUnary(ctx, node, "Elu", [("alpha", .float(ctx.double(node, 1)))]) }
        table["aten.hardtanh"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Clip", [ctx.mathOperand(node, 0, as: t), ctx.scalar(ctx.double(node, 1), dtype: t),
                                              ctx.scalar(ctx.double(node, 2), dtype: t)], computed: t)
        }
        table["aten.silu"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let x = try ctx.mathOperand(node, 0, as: t)
            try ctx.mathFinish(node, "Mul", [x, ctx.add1("Sigmoid", [x])], computed: t)
        }
        // Mish is an operator from opset 18.
        table["aten.mish"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let x = try ctx.mathOperand(node, 0, as: t)
            if ctx.opset >= 18 { try ctx.mathFinish(node, "Mish", [x], computed: t); return }
            try ctx.mathFinish(node, "Mul", [x, ctx.add1("Tanh", [ctx.add1("Softplus", [x])])], computed: t)
        }
        // PRelu broadcasts its slope from the right: one weight per channel (dim 1) becomes [C, 1, …].
        table["aten.prelu"] = { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let rank = ctx.shape(try ctx.value(node, 0)).count
            let weight = try ctx.value(node, 1)
            let count = ctx.shape(weight).compactMap(\.constantValue).reduce(1, *)
            let slopeShape = count == 1 || rank < 2 ? [1] : [count] + [Int](repeating: 1, count: rank - 2)
            let slope = ctx.add1("Reshape", [try ctx.mathOperand(node, 1, as: t), ctx.int64s(slopeShape)])
            try ctx.mathFinish(node, "PRelu", [ctx.mathOperand(node, 0, as: t), slope], computed: t)
        }
        return table
    }()

    /// Reductions, softmax, cumulative sums and norms.
    static let mathReductions: [String: ONNXLowering] = [
        "aten.sum": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let x = try ctx.mathOperand(node, 0, as: t)
            try ctx.mathReduce(node, "ReduceSum", x, axes: ctx.mathOptionalAxes(node, 1), keepdims: ctx.bool(node, 2), computed: t)
        },
        "aten.mean": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let x = try ctx.mathOperand(node, 0, as: t)
            try ctx.mathReduce(node, "ReduceMean", x, axes: ctx.mathOptionalAxes(node, 1), keepdims: ctx.bool(node, 2), computed: t)
        },
        "aten.prod": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let x = try ctx.mathOperand(node, 0, as: t)
            try ctx.mathReduce(node, "ReduceProd", x, axes: ctx.optionalInt(node, 1).map { [$0] }, keepdims: ctx.bool(node, 2),
                               computed: t)
        },
        "aten.max": { ctx, node in try lowerExtremum(ctx, node, max: true) },
        "aten.min": { ctx, node in try lowerExtremum(ctx, node, max: false) },
        "aten.argmax": { ctx, node in try lowerArgExtremum(ctx, node, "ArgMax") },
        "aten.argmin": { ctx, node in try lowerArgExtremum(ctx, node, "ArgMin") },
        // all/any: nonzero as 0/1 int32, then the min or max (Cast to bool first: 0.5 is true).
        "aten.all": { ctx, node in try lowerAllAny(ctx, node, "ReduceMin") },
        "aten.any": { ctx, node in try lowerAllAny(ctx, node, "ReduceMax") },
        "aten.softmax": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Softmax", [ctx.mathOperand(node, 0, as: t)], [("axis", .int(ctx.int(node, 1)))], computed: t)
        },
        "aten.log_softmax": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "LogSoftmax", [ctx.mathOperand(node, 0, as: t)], [("axis", .int(ctx.int(node, 1)))], computed: t)
        },
        "aten.logsumexp": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let x = try ctx.mathOperand(node, 0, as: t)
            try ctx.mathReduce(node, "ReduceLogSumExp", x, axes: [ctx.int(node, 1)], keepdims: ctx.bool(node, 2), computed: t)
        },
        "aten.var": { ctx, node in try lowerVariance(ctx, node, std: false) },
        "aten.std": { ctx, node in try lowerVariance(ctx, node, std: true) },
        "aten.cumsum": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            guard !ctx.shape(try ctx.value(node, 0)).isEmpty else { throw ctx.fail(node, "cumsum of a 0-d tensor has no ONNX CumSum form") }
            let axis = ctx.constant(Tensor.full([], Int64(try ctx.int(node, 1)), dtype: .int64), hint: "axis")
            try ctx.mathFinish(node, "CumSum", [ctx.mathOperand(node, 0, as: t), axis], computed: t)
        },
        "aten.norm": { ctx, node in try lowerNorm(ctx, node) },
    ]
}

// MARK: - Unary

private func lowerUnary(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ op: String,
                        _ attributes: [(String, ONNXAttributeValue)] = []) throws {
    let t = ctx.dtype(node.outputs[0])
    try ctx.mathFinish(node, op, [ctx.mathOperand(node, 0, as: t)], attributes, computed: t)
}

/// GELU: the Gelu operator from opset 20, else its erf (or tanh) formula.
private func lowerGelu(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let t = ctx.dtype(node.outputs[0])
    let approximate = node.arguments.count > 1 ? try ctx.string(node, 1) : "none"
    guard approximate == "none" || approximate == "tanh" else { throw ctx.fail(node, "unknown approximation '\(approximate)'") }
    let x = try ctx.mathOperand(node, 0, as: t)
    if ctx.opset >= 20 {
        try ctx.mathFinish(node, "Gelu", [x], [("approximate", .string(approximate))], computed: t)
        return
    }
    let inner: String
    if approximate == "none" {
        inner = ctx.add1("Erf", [ctx.add1("Mul", [x, ctx.scalar(0.5.squareRoot(), dtype: t)])])
    } else {
        let cube = ctx.add1("Mul", [ctx.add1("Mul", [x, x]), x])
        let poly = ctx.add1("Add", [x, ctx.add1("Mul", [cube, ctx.scalar(0.044715, dtype: t)])])
        inner = ctx.add1("Tanh", [ctx.add1("Mul", [poly, ctx.scalar((2 / Double.pi).squareRoot(), dtype: t)])])
    }
    let half = ctx.add1("Mul", [x, ctx.scalar(0.5, dtype: t)])
    try ctx.mathFinish(node, "Mul", [half, ctx.add1("Add", [inner, ctx.scalar(1, dtype: t)])], computed: t)
}

/// softplus: the operator for `x.softplus()`; with β and a threshold, `softplus(βx)/β`, and x
/// itself where βx exceeds the threshold.
private func lowerSoftplus(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let t = ctx.dtype(node.outputs[0])
    let x = try ctx.mathOperand(node, 0, as: t)
    guard node.arguments.count > 1 else { try ctx.mathFinish(node, "Softplus", [x], computed: t); return }
    let beta = ctx.scalar(try ctx.double(node, 1), dtype: t)
    let scaled = ctx.add1("Mul", [x, beta])
    let smooth = ctx.add1("Div", [ctx.add1("Softplus", [scaled]), beta])
    let linear = ctx.add1("Greater", [scaled, ctx.scalar(try ctx.double(node, 2), dtype: t)])
    try ctx.mathFinish(node, "Where", [linear, x, smooth], computed: t)
}

// MARK: - Reductions

/// max()/min() over everything, or values and indices along one dim (ArgMax keeps the first
/// of equal extremes, as Ember does).
private func lowerExtremum(_ ctx: ONNXLoweringContext, _ node: GraphNode, max: Bool) throws {
    let t = ctx.dtype(node.outputs[0])
    let x = try ctx.input(node, 0)
    let reduce = max ? "ReduceMax" : "ReduceMin"
    guard node.arguments.count > 1 else {
        try ctx.mathReduce(node, reduce, x, axes: nil, keepdims: false, computed: t)
        return
    }
    guard !ctx.shape(try ctx.value(node, 0)).isEmpty else { throw ctx.fail(node, "a 0-d input has no ONNX form here") }
    let dim = try ctx.int(node, 1), keep = try ctx.bool(node, 2)
    let outs = ctx.outputNames(node)
    _ = ctx.mathReduceNode(reduce, x, axes: [dim], keepdims: keep, output: outs[0])
    _ = ctx.add1(max ? "ArgMax" : "ArgMin", [x], output: outs[1],
                 [("axis", .int(dim)), ("keepdims", .int(keep ? 1 : 0)), ("select_last_index", .int(0))])
}

/// argmax/argmin along a dim, or of the flattened input (a 0-d result).
private func lowerArgExtremum(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ op: String) throws {
    var x = try ctx.input(node, 0)
    var attributes: [(String, ONNXAttributeValue)] = [("select_last_index", .int(0))]
    if let dim = try ctx.optionalInt(node, 1) {
        attributes += [("axis", .int(dim)), ("keepdims", .int(try ctx.bool(node, 2) ? 1 : 0))]
    } else {
        x = ctx.add1("Reshape", [x, ctx.int64s([-1])])
        attributes += [("axis", .int(0)), ("keepdims", .int(0))]
    }
    try ctx.mathFinish(node, op, [x], attributes, computed: .int64)
}

private func lowerAllAny(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ reduce: String) throws {
    let flags = try ctx.cast(ctx.mathOperand(node, 0, as: .bool), from: .bool, to: .int32)
    let reduced = ctx.mathReduceNode(reduce, flags, axes: try ctx.optionalInt(node, 1).map { [$0] }, keepdims: try ctx.bool(node, 2))
    try ctx.mathFinish(node, "Cast", [reduced], [("to", .int(ctx.elementType(.bool)))], computed: .bool)
}

/// var/std: the mean of squared deviations times n / (n - correction); n is read from the
/// input's shape at run time when a reduced dim is dynamic.
private func lowerVariance(_ ctx: ONNXLoweringContext, _ node: GraphNode, std: Bool) throws {
    let t = ctx.dtype(node.outputs[0])
    guard t.isFloatingPoint else { throw ctx.fail(node, "var/std of \(t) tensors has no ONNX form") }
    let xValue = try ctx.value(node, 0)
    let x = try ctx.mathOperand(node, 0, as: t), shape = ctx.shape(xValue)
    let dims = try ctx.optionalInt(node, 1).map { [$0 < 0 ? $0 + shape.count : $0] }
    let correction = try ctx.bool(node, 2) ? 1 : 0, keep = try ctx.bool(node, 3)
    let mean = ctx.mathReduceNode("ReduceMean", x, axes: dims, keepdims: true)
    let deviation = ctx.add1("Sub", [x, mean])
    let squares = ctx.mathReduceNode("ReduceSum", ctx.add1("Mul", [deviation, deviation]), axes: dims, keepdims: keep)
    let reducedDims = (dims ?? Array(shape.indices)).map { shape[$0] }
    let divisor: String
    if reducedDims.allSatisfy({ $0.constantValue != nil }) {
        let n = reducedDims.reduce(1) { $0 * $1.constant }
        divisor = ctx.scalar(Double(max(n - correction, 0)), dtype: t)
    } else {
        let sizes = ctx.add1("Shape", [x])
        let picked = dims.map { ctx.add1("Gather", [sizes, ctx.int64s($0)], [("axis", .int(0))]) } ?? sizes
        let n = ctx.mathReduceNode("ReduceProd", picked, axes: nil, keepdims: false)
        let nFloat = try ctx.cast(n, from: .int64, to: t)
        divisor = correction == 0 ? nFloat : ctx.add1("Sub", [nFloat, ctx.scalar(Double(correction), dtype: t)])
    }
    if std {
        try ctx.mathFinish(node, "Sqrt", [ctx.add1("Div", [squares, divisor])], computed: t)
    } else {
        try ctx.mathFinish(node, "Div", [squares, divisor], computed: t)
    }
}

/// The p-norm: ReduceL2/ReduceL1 for p = 2 and 1, the largest |x| for ∞, a count of
/// nonzeros for 0, else (Σ|x|^p)^(1/p). Ember's ∞-norm of everything is 0-d whatever keepdim.
private func lowerNorm(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let t = ctx.dtype(node.outputs[0])
    let x = try ctx.mathOperand(node, 0, as: t)
    let p = try ctx.double(node, 1)
    let axes = try ctx.optionalInt(node, 2).map { [$0] }, keep = try ctx.bool(node, 3)
    switch p {
    case 2: try ctx.mathReduce(node, "ReduceL2", x, axes: axes, keepdims: keep, computed: t)
    case 1: try ctx.mathReduce(node, "ReduceL1", x, axes: axes, keepdims: keep, computed: t)
    case .infinity: try ctx.mathReduce(node, "ReduceMax", ctx.add1("Abs", [x]), axes: axes, keepdims: axes == nil ? false : keep, computed: t)
    case 0:
        let nonzero = try ctx.cast(ctx.add1("Not", [ctx.add1("Equal", [x, ctx.scalar(0, dtype: t)])]), from: .bool, to: t)
        try ctx.mathReduce(node, "ReduceSum", nonzero, axes: axes, keepdims: keep, computed: t)
    default:
        let powered = ctx.add1("Pow", [ctx.add1("Abs", [x]), ctx.scalar(p, dtype: t)])
        let total = ctx.mathReduceNode("ReduceSum", powered, axes: axes, keepdims: keep)
        try ctx.mathFinish(node, "Pow", [total, ctx.scalar(1 / p, dtype: t)], computed: t)
    }
}

extension ONNXLoweringContext {
    /// A reduction's dims argument: nil (everything) when absent or empty.
    func mathOptionalAxes(_ node: GraphNode, _ i: Int) throws -> [Int]? {
        guard i < node.arguments.count else { return nil }
        if case .none = node.arguments[i] { return nil }
        let axes = try ints(node, i)
        return axes.isEmpty ? nil : axes
    }

    /// A Reduce* node over `axes` (nil: every axis), with axes as an attribute or an input
    /// as `opset` requires.
    func mathReduceNode(_ op: String, _ x: String, axes: [Int]?, keepdims: Bool, output: String? = nil) -> String {
        var inputs = [x]
        var attributes: [(String, ONNXAttributeValue)] = [("keepdims", .int(keepdims ? 1 : 0))]
        if let axes, !axes.isEmpty {
            if op == "ReduceSum" || opset >= 18 { inputs.append(int64s(axes)) } else { attributes.append(("axes", .ints(axes))) }
        }
        return add1(op, inputs, output: output, attributes)
    }

    /// A reduction writing the node's output (cast from `computed` when its dtype differs).
    func mathReduce(_ node: GraphNode, _ op: String, _ x: String, axes: [Int]?, keepdims: Bool, computed: DType) throws {
        let t = dtype(node.outputs[0])
        if computed == t {
            _ = mathReduceNode(op, x, axes: axes, keepdims: keepdims, output: outputNames(node)[0])
        } else {
            let r = mathReduceNode(op, x, axes: axes, keepdims: keepdims)
            _ = add1("Cast", [r], output: outputNames(node)[0], [("to", .int(try elementType(t)))])
        }
    }
}
