import Ember

// The math family's ONNX forms: arithmetic, comparisons, logical ops, where/clamp/masked_fill,
// gather/scatter, matrix products (this file); unary math, activations, reductions and
// softmax (Lowering+MathReductions.swift). ONNX wants both operands of a binary op in one
// type, so every operand is cast to the dtype Ember computed in (the node's output dtype for
// arithmetic, the promoted operand dtype for comparisons), and Swift numbers become 0-d
// constants of that dtype.

extension ONNXLowerings {
    /// Lowerings of the math family.
    static let math: [String: ONNXLowering] = {
        var all = mathElementwise
        all.merge(mathUnary) { first, _ in first }
        all.merge(mathReductions) { first, _ in first }
        return all
    }()

    private static let mathElementwise: [String: ONNXLowering] = [
        "aten.add": { ctx, node in try lowerAddSub(ctx, node, "Add") },
        "aten.sub": { ctx, node in try lowerAddSub(ctx, node, "Sub") },
        "aten.mul": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, t == .bool ? "And" : "Mul", [ctx.mathOperand(node, 0, as: t), ctx.mathOperand(node, 1, as: t)], computed: t)
        },
        "aten.maximum": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, t == .bool ? "Or" : "Max", [ctx.mathOperand(node, 0, as: t), ctx.mathOperand(node, 1, as: t)], computed: t)
        },
        "aten.minimum": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, t == .bool ? "And" : "Min", [ctx.mathOperand(node, 0, as: t), ctx.mathOperand(node, 1, as: t)], computed: t)
        },
        "aten.div": { ctx, node in try lowerDiv(ctx, node) },
        "aten.pow": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Pow", [ctx.mathOperand(node, 0, as: t), ctx.mathOperand(node, 1, as: t)], computed: t)
        },
        "aten.remainder": { ctx, node in try lowerRemainder(ctx, node) },
        "aten.neg": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Neg", [ctx.mathOperand(node, 0, as: t)], computed: t)
        },
        "aten.eq": { ctx, node in try lowerCompare(ctx, node, "Equal") },
        "aten.ne": { ctx, node in try lowerCompare(ctx, node, "Equal", negate: true) },
        "aten.lt": { ctx, node in try lowerCompare(ctx, node, "Less") },
        "aten.le": { ctx, node in try lowerCompare(ctx, node, "LessOrEqual") },
        "aten.gt": { ctx, node in try lowerCompare(ctx, node, "Greater") },
        "aten.ge": { ctx, node in try lowerCompare(ctx, node, "GreaterOrEqual") },
        // Ember's logical ops read any dtype as "nonzero": Cast to bool is that test.
        "aten.logical_and": { ctx, node in try lowerLogical(ctx, node, "And") },
        "aten.logical_or": { ctx, node in try lowerLogical(ctx, node, "Or") },
        "aten.logical_xor": { ctx, node in try lowerLogical(ctx, node, "Xor") },
        "aten.logical_not": { ctx, node in
            try ctx.mathFinish(node, "Not", [ctx.mathOperand(node, 0, as: .bool)], computed: .bool)
        },
        // IsNaN/IsInf take floats only; an integer is never NaN and always finite
        // (x == x, computed at run time, gives the right shape for either answer).
        "aten.isnan": { ctx, node in
            let x = try ctx.input(node, 0), d = ctx.dtype(try ctx.value(node, 0))
            if d.isFloatingPoint { try ctx.mathFinish(node, "IsNaN", [x], computed: .bool); return }
            try ctx.mathFinish(node, "Not", [ctx.add1("Equal", [x, x])], computed: .bool)
        },
        "aten.isfinite": { ctx, node in
            let x = try ctx.input(node, 0), d = ctx.dtype(try ctx.value(node, 0))
            guard d.isFloatingPoint else { try ctx.mathFinish(node, "Equal", [x, x], computed: .bool); return }
            let bad = ctx.add1("Or", [ctx.add1("IsNaN", [x]), ctx.add1("IsInf", [x])])
            try ctx.mathFinish(node, "Not", [bad], computed: .bool)
        },
        "aten.where": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Where", [ctx.mathOperand(node, 0, as: .bool), ctx.mathOperand(node, 1, as: t),
                                               ctx.mathOperand(node, 2, as: t)], computed: t)
        },
        "aten.clamp": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            guard t != .bool else { throw ctx.fail(node, "clamp of a bool tensor has no ONNX form") }
            let low = try ctx.optionalDouble(node, 1).map { ctx.scalar($0, dtype: t) } ?? ""
            let high = try ctx.optionalDouble(node, 2).map { ctx.scalar($0, dtype: t) } ?? ""
            try ctx.mathFinish(node, "Clip", [ctx.mathOperand(node, 0, as: t), low, high], computed: t)
        },
        "aten.masked_fill": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "Where", [ctx.mathOperand(node, 1, as: .bool), ctx.mathOperand(node, 2, as: t),
                                               ctx.mathOperand(node, 0, as: t)], computed: t)
        },
        // In-place fill_/copy_, captured as their functional forms: a tensor of self's shape.
        "aten.fill": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let shape = ctx.add1("Shape", [try ctx.input(node, 0)])
            try ctx.mathFinish(node, "Expand", [ctx.mathOperand(node, 1, as: t), shape], computed: t)
        },
        "aten.copy": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let shape = ctx.add1("Shape", [try ctx.input(node, 0)])
            try ctx.mathFinish(node, "Expand", [ctx.mathOperand(node, 1, as: t), shape], computed: t)
        },
        "aten.gather": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            try ctx.mathFinish(node, "GatherElements", [ctx.input(node, 0), ctx.input(node, 2)],
                               [("axis", .int(ctx.int(node, 1)))], computed: t)
        },
        "aten.scatter": { ctx, node in try lowerScatter(ctx, node, reduction: nil) },
        "aten.scatter_add": { ctx, node in try lowerScatter(ctx, node, reduction: "add") },
        "aten.index_select": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            var index = try ctx.input(node, 2)
            // A 0-d index keeps the dim (size 1) in Ember; ONNX Gather would drop it.
            if ctx.shape(try ctx.value(node, 2)).isEmpty { index = ctx.add1("Reshape", [index, ctx.int64s([1])]) }
            try ctx.mathFinish(node, "Gather", [ctx.input(node, 0), index], [("axis", .int(ctx.int(node, 1)))], computed: t)
        },
        // index_add: the 1-D index spread over source's shape along dim, then a scatter-add.
        "aten.index_add": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let dim = try ctx.int(node, 1), source = try ctx.value(node, 3)
            let rank = ctx.shape(source).count
            guard rank > 0 else { throw ctx.fail(node, "a 0-d source has no ONNX form here") }
            let axis = dim < 0 ? dim + rank : dim
            var viewShape = [Int](repeating: 1, count: rank)
            viewShape[axis] = -1
            let index = try ctx.cast(ctx.add1("Reshape", [ctx.input(node, 2), ctx.int64s(viewShape)]),
                                         from: ctx.dtype(try ctx.value(node, 2)), to: .int64)
            let spread = ctx.add1("Expand", [index, ctx.add1("Shape", [ctx.name(source)])])
            var updates = try ctx.mathOperand(node, 3, as: t)
            if let alpha = try ctx.optionalDouble(node, 4), alpha != 1 { updates = ctx.add1("Mul", [updates, ctx.scalar(alpha, dtype: t)]) }
            try ctx.mathFinish(node, "ScatterElements", [ctx.mathOperand(node, 0, as: t), spread, updates],
                               [("axis", .int(axis)), ("reduction", .string("add"))], computed: t)
        },
        "aten.matmul": { ctx, node in try lowerMatMul(ctx, node) },
        "aten.mm": { ctx, node in try lowerMatMul(ctx, node) },
        "aten.mv": { ctx, node in try lowerMatMul(ctx, node) },
        "aten.bmm": { ctx, node in try lowerMatMul(ctx, node) },
        "aten.dot": { ctx, node in try lowerMatMul(ctx, node) },
        "aten.outer": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            let a = ctx.add1("Reshape", [try ctx.mathOperand(node, 0, as: t), ctx.int64s([-1, 1])])
            let b = ctx.add1("Reshape", [try ctx.mathOperand(node, 1, as: t), ctx.int64s([1, -1])])
            try ctx.mathFinish(node, "Mul", [a, b], computed: t)
        },
        "aten.addmm": { ctx, node in
            let t = ctx.dtype(node.outputs[0])
            guard t.isFloatingPoint else { throw ctx.fail(node, "addmm of \(t) tensors has no ONNX Gemm form") }
            let beta = try ctx.optionalDouble(node, 3) ?? 1, alpha = try ctx.optionalDouble(node, 4) ?? 1
            try ctx.mathFinish(node, "Gemm", [ctx.mathOperand(node, 1, as: t), ctx.mathOperand(node, 2, as: t),
                                              ctx.mathOperand(node, 0, as: t)],
                               [("alpha", .float(alpha)), ("beta", .float(beta))], computed: t)
        },
    ]
}

// MARK: - Binary arithmetic

/// add/sub with an optional `alpha` scaling the second operand; bool add is logical or.
private func lowerAddSub(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ op: String) throws {
    let t = ctx.dtype(node.outputs[0])
    let a = try ctx.mathOperand(node, 0, as: t)
    var b = try ctx.mathOperand(node, 1, as: t)
    if let alpha = try ctx.optionalDouble(node, 2), alpha != 1 {
        guard t != .bool else { throw ctx.fail(node, "alpha on bool tensors has no ONNX form") }
        b = ctx.add1("Mul", [b, ctx.scalar(alpha, dtype: t)])
    }
    if t == .bool {
        guard op == "Add" else { throw ctx.fail(node, "subtraction of bool tensors is not defined") }
        try ctx.mathFinish(node, "Or", [a, b], computed: t)
        return
    }
    try ctx.mathFinish(node, op, [a, b], computed: t)
}

/// True division (integers become floats: the output dtype), or PyTorch's "trunc" and
/// "floor" rounding divisions. ONNX Div on integers truncates, so integer floor division
/// subtracts one where the remainder is nonzero and its sign differs from the divisor's.
private func lowerDiv(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let t = ctx.dtype(node.outputs[0])
    let mode = node.arguments.count > 2 ? try ctx.string(node, 2) : nil
    let a = try ctx.mathOperand(node, 0, as: t), b = try ctx.mathOperand(node, 1, as: t)
    switch mode {
    case nil:
        try ctx.mathFinish(node, "Div", [a, b], computed: t)
    case "trunc" where t.isFloatingPoint:
        let q = ctx.add1("Div", [a, b])
        try ctx.mathTrunc(q, dtype: t, output: ctx.outputNames(node)[0])
    case "trunc":
        try ctx.mathFinish(node, "Div", [a, b], computed: t)
    case "floor" where t.isFloatingPoint:
        try ctx.mathFinish(node, "Floor", [ctx.add1("Div", [a, b])], computed: t)
    case "floor":
        let q = ctx.add1("Div", [a, b])
        let r = ctx.add1("Mod", [a, b], [("fmod", .int(1))])
        let adjust = try ctx.cast(ctx.mathSignFix(r, divisor: b, dtype: t), from: .bool, to: t)
        try ctx.mathFinish(node, "Sub", [q, adjust], computed: t)
    default:
        throw ctx.fail(node, "unknown rounding mode '\(mode!)'")
    }
}

/// torch.remainder takes the divisor's sign (Python's %). ONNX Mod does that for integers
/// (fmod=0) but requires fmod=1 (the dividend's sign) for floats: add the divisor back
/// where the signs differ.
private func lowerRemainder(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let t = ctx.dtype(node.outputs[0])
    let a = try ctx.mathOperand(node, 0, as: t), b = try ctx.mathOperand(node, 1, as: t)
    guard t.isFloatingPoint else {
        try ctx.mathFinish(node, "Mod", [a, b], [("fmod", .int(0))], computed: t)
        return
    }
    let r = ctx.add1("Mod", [a, b], [("fmod", .int(1))])
    let fix = try ctx.mathSignFix(r, divisor: b, dtype: t)
    try ctx.mathFinish(node, "Where", [fix, ctx.add1("Add", [r, b]), r], computed: t)
}

/// Comparisons run in the operands' promoted dtype (bool orders as integers).
private func lowerCompare(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ op: String, negate: Bool = false) throws {
    var compute = try ctx.mathPromotedType(node, [0, 1])
    if compute == .bool && op != "Equal" { compute = .int32 }
    let inputs = [try ctx.mathOperand(node, 0, as: compute), try ctx.mathOperand(node, 1, as: compute)]
    if negate {
        try ctx.mathFinish(node, "Not", [ctx.add1(op, inputs)], computed: .bool)
    } else {
        try ctx.mathFinish(node, op, inputs, computed: .bool)
    }
}

private func lowerLogical(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ op: String) throws {
    try ctx.mathFinish(node, op, [ctx.mathOperand(node, 0, as: .bool), ctx.mathOperand(node, 1, as: .bool)], computed: .bool)
}

/// scatter/scatter_add: ONNX wants updates of exactly the index's shape, where PyTorch reads
/// the index-shaped corner of a larger `src` (sliced here) or a number (expanded here).
private func lowerScatter(_ ctx: ONNXLoweringContext, _ node: GraphNode, reduction: String?) throws {
    let t = ctx.dtype(node.outputs[0])
    let index = try ctx.input(node, 2), indexShape = ctx.shape(try ctx.value(node, 2))
    var updates = try ctx.mathOperand(node, 3, as: t)
    if case .value(let src) = node.arguments[3] {
        if ctx.shape(src) != indexShape {
            updates = ctx.add1("Slice", [updates, ctx.int64s([Int](repeating: 0, count: indexShape.count)), ctx.add1("Shape", [index])])
        }
    } else {
        updates = ctx.add1("Expand", [updates, ctx.add1("Shape", [index])])
    }
    var attributes: [(String, ONNXAttributeValue)] = [("axis", .int(try ctx.int(node, 1)))]
    if let reduction { attributes.append(("reduction", .string(reduction))) }
    try ctx.mathFinish(node, "ScatterElements", [ctx.input(node, 0), index, updates], attributes, computed: t)
}

/// matmul, mm, mv, bmm and dot all follow numpy's matmul, which ONNX MatMul implements.
private func lowerMatMul(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
    let t = ctx.dtype(node.outputs[0])
    try ctx.mathFinish(node, "MatMul", [ctx.mathOperand(node, 0, as: t), ctx.mathOperand(node, 1, as: t)], computed: t)
}

// MARK: - Shared helpers

extension ONNXLoweringContext {
    /// ONNX's element type number for `dtype` (a Cast's `to`).
    /// Argument `i` of `node` as an ONNX input of `dtype`: a graph value (cast when needed) or
    /// a recorded number as a 0-d constant. A number that follows a dynamic dimension
    /// (`x * x.shape[0]`) is computed from the inputs' shapes at run time.
    func mathOperand(_ node: GraphNode, _ i: Int, as dtype: DType) throws -> String {
        guard i < node.arguments.count else { throw fail(node, "argument \(i) is missing") }
        switch node.arguments[i] {
        case .value(let v):
            return try cast(name(v), from: self.dtype(v), to: dtype)
        case .int(let s):
            if let c = s.constantValue {
                if dtype == .int64 { return constant(Tensor.full([], Int64(c), dtype: .int64), hint: "scalar") }
                return scalar(Double(c), dtype: dtype)
            }
            let size = add1("Reshape", [try symbolicScalar1D(s), int64s([])])
            return try cast(size, from: .int64, to: dtype)
        case .double(let d):
            return scalar(d, dtype: dtype)
        case .bool(let b):
            return scalar(b ? 1 : 0, dtype: dtype)
        default:
            throw fail(node, "argument \(i) is not a tensor or a number")
        }
    }

    /// The dtype PyTorch's promotion gives the arguments `slots` (values by dtype and rank,
    /// recorded numbers by category).
    func mathPromotedType(_ node: GraphNode, _ slots: [Int]) throws -> DType {
        var operands: [(dtype: DType, zeroDim: Bool, wrapped: Bool)] = []
        for i in slots {
            switch node.arguments[i] {
            case .value(let v): operands.append((dtype(v), shape(v).isEmpty, false))
            case .int: operands.append((.int64, true, true))
            case .double: operands.append((.float64, true, true))
            case .bool: operands.append((.bool, true, true))
            default: throw fail(node, "argument \(i) is not a tensor or a number")
            }
        }
        return Tensor.resultType(operands)
    }

    /// Adds `opType` computing the node's single output in dtype `computed`, casting into the
    /// output's name when the output dtype differs.
    func mathFinish(_ node: GraphNode, _ opType: String, _ inputs: [String], _ attributes: [(String, ONNXAttributeValue)] = [],
                    computed: DType) throws {
        let out = outputNames(node)[0], t = dtype(node.outputs[0])
        if computed == t {
            _ = add1(opType, inputs, output: out, attributes)
        } else {
            let r = add1(opType, inputs, attributes)
            _ = add1("Cast", [r], output: out, [("to", .int(try elementType(t)))])
        }
    }

    /// Rounds toward zero (ONNX has no Trunc): ceil below zero, floor elsewhere.
    @discardableResult
    func mathTrunc(_ x: String, dtype: DType, output: String? = nil) throws -> String {
        let negative = add1("Less", [x, scalar(0, dtype: dtype)])
        return add1("Where", [negative, add1("Ceil", [x]), add1("Floor", [x])], output: output)
    }

    /// Where a truncated remainder `r` is nonzero with a sign other than the divisor's: where
    /// floor division and Python's modulo differ from their truncating forms.
    func mathSignFix(_ r: String, divisor: String, dtype: DType) throws -> String {
        let zero = scalar(0, dtype: dtype)
        let nonzero = add1("Not", [add1("Equal", [r, zero])])
        let signsDiffer = add1("Xor", [add1("Less", [r, zero]), add1("Less", [divisor, zero])])
        return add1("And", [nonzero, signsDiffer])
    }
}
