import Ember

/// The pieces the shape family's lowerings share (a namespace of its own, so their names
/// cannot meet another family's helpers on `ONNXLowerings`).
enum ShapeLowering {
    /// The node's only output name.
    static func out(_ ctx: ONNXLoweringContext, _ node: GraphNode) -> String { ctx.outputNames(node)[0] }

    /// `x` under the node's output name.
    static func identity(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ x: String) {
        ctx.add1("Identity", [x], output: out(ctx, node))
    }

    /// A dim argument made non-negative for a tensor of `rank` dims.
    static func dim(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ i: Int, rank: Int) throws -> Int {
        try normalized(try ctx.int(node, i), rank, ctx, node)
    }

    /// `d` made non-negative for `rank` dims (0-d tensors take dim 0 and -1, as in Ember).
    static func normalized(_ d: Int, _ rank: Int, _ ctx: ONNXLoweringContext, _ node: GraphNode) throws -> Int {
        let r = Swift.max(rank, 1)
        guard d >= -r && d < r else { throw ctx.fail(node, "dim \(d) is out of range for a tensor of \(rank) dims") }
        return d < 0 ? d + r : d
    }

    /// `a + b` for affine sizes.
    static func plus(_ a: SymInt, _ b: SymInt) -> SymInt {
        SymInt(constant: a.constant + b.constant, terms: a.terms.merging(b.terms, uniquingKeysWith: +))
    }

    /// An optional integer argument, possibly symbolic; nil when absent.
    static func optionalSymInt(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ i: Int) throws -> SymInt? {
        guard i < node.arguments.count else { return nil }
        if case .none = node.arguments[i] { return nil }
        return try ctx.symInt(node, i)
    }

    /// The graph values of a tensor-list argument.
    static func tensorValues(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ i: Int) throws -> [Int] {
        guard i < node.arguments.count, case .values(let vs) = node.arguments[i] else {
            throw ctx.fail(node, "argument \(i) is not a tensor list")
        }
        return vs
    }

    /// Reshape of argument 0 to `sizes` (-1 kept). ONNX reads a 0 as "copy this dim" unless
    /// `allowzero` is set, so a real 0 sets it.
    static func reshape(_ ctx: ONNXLoweringContext, _ node: GraphNode, sizes: [SymInt]) throws {
        let zero = sizes.contains { $0.constantValue == 0 }
        ctx.add1("Reshape", [try ctx.input(node, 0), try ctx.shapeTensor(sizes)], output: out(ctx, node),
                 zero ? [("allowzero", .int(1))] : [])
    }

    /// Squeeze of `axes`, or Identity when there are none.
    static func squeeze(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ x: String, axes: [Int]) throws {
        if axes.isEmpty { return identity(ctx, node, x) }
        ctx.add1("Squeeze", [x, ctx.int64s(axes)], output: out(ctx, node))
    }

    /// One Slice along `axis`; ONNX clamps the bounds as Python does for positive steps.
    @discardableResult
    static func slice(_ ctx: ONNXLoweringContext, _ node: GraphNode, _ x: String, axis: Int, start: SymInt, end: SymInt,
                      step: Int, output: String? = nil) throws -> String {
        ctx.add1("Slice", [x, try ctx.symbolicScalar1D(start), try ctx.symbolicScalar1D(end), ctx.int64s([axis]), ctx.int64s([step])],
                 output: output)
    }

    /// split / split_with_sizes / chunk: one Split whose sizes are the outputs' sizes along
    /// the dim (computed at run time when they follow a dynamic dim).
    static func split(_ ctx: ONNXLoweringContext, _ node: GraphNode, dimArgument: Int) throws {
        let rank = ctx.shape(try ctx.value(node, 0)).count
        let d = try dim(ctx, node, dimArgument, rank: rank)
        let sizes = node.outputs.map { ctx.shape($0)[d] }
        ctx.add("Split", [try ctx.input(node, 0), try ctx.shapeTensor(sizes)], outputs: ctx.outputNames(node),
                [("axis", .int(d))])
    }

    /// `roll(shifts, dims)`: per dim, the last `shift` elements sliced off and put first; with
    /// no dims, the same over the flattened tensor.
    static func roll(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let inputShape = ctx.shape(try ctx.value(node, 0))
        let shifts = try ctx.ints(node, 1), dims = try ctx.ints(node, 2)
        var x = try ctx.input(node, 0)
        var sizes: [SymInt], axes: [Int]
        if dims.isEmpty {
            x = ctx.add1("Reshape", [x, ctx.int64s([-1])])
            guard inputShape.allSatisfy({ $0.constantValue != nil }) else {
                throw ctx.fail(node, "roll without dims over a tensor with a dynamic dimension is not supported")
            }
            sizes = [SymInt(inputShape.reduce(1) { $0 * $1.constant })]
            axes = [0]
        } else {
            axes = try dims.map { try normalized($0, inputShape.count, ctx, node) }
            sizes = axes.map { inputShape[$0] }
        }
        for (shift, (axis, size)) in zip(shifts, zip(axes, sizes)) {
            guard let n = size.constantValue else {
                throw ctx.fail(node, "roll along a dynamic dimension (\(size)) is not supported")
            }
            guard n > 0 else { continue }
            let s = ((shift % n) + n) % n
            if s == 0 { continue }
            let tail = try slice(ctx, node, x, axis: axis, start: SymInt(n - s), end: SymInt(Int.max), step: 1)
            let head = try slice(ctx, node, x, axis: axis, start: 0, end: SymInt(n - s), step: 1)
            x = ctx.add1("Concat", [tail, head], [("axis", .int(axis))])
        }
        if dims.isEmpty {
            ctx.add1("Reshape", [x, try ctx.shapeTensor(inputShape)], output: out(ctx, node),
                     inputShape.contains { $0.constantValue == 0 } ? [("allowzero", .int(1))] : [])
        } else {
            identity(ctx, node, x)
        }
    }

    /// `rot90(k, dims)` as Ember computes it: a flip of one or both dims, then for odd turns a
    /// transpose of the two.
    static func rot90(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let rank = ctx.shape(try ctx.value(node, 0)).count
        let dims = try ctx.ints(node, 2)
        guard dims.count == 2 else { throw ctx.fail(node, "expected two rotation dims") }
        let d0 = try normalized(dims[0], rank, ctx, node), d1 = try normalized(dims[1], rank, ctx, node)
        let turns = ((try ctx.int(node, 1) % 4) + 4) % 4
        let x = try ctx.input(node, 0)
        func flip(_ axes: [Int]) -> String {
            let n = axes.count
            return ctx.add1("Slice", [x, ctx.int64s(Array(repeating: -1, count: n)), ctx.int64s(Array(repeating: Int.min, count: n)),
                                      ctx.int64s(axes), ctx.int64s(Array(repeating: -1, count: n))])
        }
        var perm = Array(0..<rank)
        perm.swapAt(d0, d1)
        switch turns {
        case 1: ctx.add1("Transpose", [flip([d1])], output: out(ctx, node), [("perm", .ints(perm))])
        case 2: identity(ctx, node, flip([d0, d1]))
        case 3: ctx.add1("Transpose", [flip([d0])], output: out(ctx, node), [("perm", .ints(perm))])
        default: identity(ctx, node, x)
        }
    }

    /// tril / triu: Trilu with `k` the diagonal.
    static func trilu(_ ctx: ONNXLoweringContext, _ node: GraphNode, upper: Bool) throws {
        let k = ctx.constant(Tensor.full([], Int64(try ctx.int(node, 1)), dtype: .int64), hint: "k")
        ctx.add1("Trilu", [try ctx.input(node, 0), k], output: out(ctx, node), [("upper", .int(upper ? 1 : 0))])
    }

    /// `pad(input, pad, mode, value)`: Pad with ONNX's begins-then-ends order (Ember lists
    /// (left, right) pairs from the last dim). circular is ONNX's "wrap", from opset 19.
    static func pad(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let x = try ctx.value(node, 0)
        let rank = ctx.shape(x).count
        let amounts = try ctx.ints(node, 1)
        let mode = try ctx.string(node, 2)
        var begins = Array(repeating: 0, count: rank), ends = Array(repeating: 0, count: rank)
        for pair in 0..<(amounts.count / 2) {
            begins[rank - 1 - pair] = amounts[2 * pair]
            ends[rank - 1 - pair] = amounts[2 * pair + 1]
        }
        let onnxMode: String
        switch mode {
        case "constant": onnxMode = "constant"
        case "reflect": onnxMode = "reflect"
        case "replicate": onnxMode = "edge"
        case "circular":
            guard ctx.opset >= 19 else { throw ctx.fail(node, "circular padding needs Pad's \"wrap\" mode, opset 19 or later (exporting opset \(ctx.opset))") }
            onnxMode = "wrap"
        default: throw ctx.fail(node, "padding mode \"\(mode)\" has no ONNX form")
        }
        var inputs = [ctx.name(x), ctx.int64s(begins + ends)]
        if mode == "constant" {
            inputs.append(ctx.scalar(try ctx.optionalDouble(node, 3) ?? 0, dtype: ctx.dtype(x)))
        }
        ctx.add1("Pad", inputs, output: out(ctx, node), [("mode", .string(onnxMode))])
    }

    /// `index_put(self, indices, values, accumulate)` with integer indices on the leading dims:
    /// ScatterND, whose index tuples are the broadcast indices (negative ones wrapped) stacked
    /// on a last axis, and whose updates are the values broadcast to the picked slices.
    static func indexPut(_ ctx: ONNXLoweringContext, _ node: GraphNode) throws {
        let x = try ctx.value(node, 0)
        let shape = ctx.shape(x)
        let indices = try tensorValues(ctx, node, 1)
        let values = try ctx.value(node, 2)
        let accumulate = try ctx.bool(node, 3)
        guard !indices.isEmpty, indices.count <= shape.count else { throw ctx.fail(node, "expected 1 to \(shape.count) index tensors") }
        var broadcast: [SymInt] = []
        for index in indices {
            guard let b = broadcastShapes(broadcast, ctx.shape(index)) else {
                throw ctx.fail(node, "index shapes \(indices.map { ctx.shape($0) }) do not broadcast")
            }
            broadcast = b
        }
        let broadcastTensor = try ctx.shapeTensor(broadcast)
        let zero = ctx.constant(Tensor.full([], Int64(0), dtype: .int64), hint: "zero")
        var columns: [String] = []
        for (k, index) in indices.enumerated() {
            var i = try ctx.cast(ctx.name(index), from: ctx.dtype(index), to: .int64)
            let negative = ctx.add1("Less", [i, zero])
            let wrapped = ctx.add1("Add", [i, try ctx.symbolicScalar1D(shape[k])])
            i = ctx.add1("Where", [negative, wrapped, i])
            i = ctx.add1("Expand", [i, broadcastTensor])
            columns.append(ctx.add1("Unsqueeze", [i, ctx.int64s([broadcast.count])]))
        }
        let tuples = columns.count == 1 ? columns[0] : ctx.add1("Concat", columns, [("axis", .int(-1))])
        let slices = broadcast + Array(shape[indices.count...])
        let valuesName = try ctx.cast(ctx.name(values), from: ctx.dtype(values), to: ctx.dtype(x))
        let updates = ctx.add1("Expand", [valuesName, try ctx.shapeTensor(slices)])
        ctx.add1("ScatterND", [ctx.name(x), tuples, updates], output: out(ctx, node),
                 accumulate ? [("reduction", .string("add"))] : [])
    }

    /// The broadcast of two possibly symbolic shapes, or nil when they do not broadcast.
    static func broadcastShapes(_ a: [SymInt], _ b: [SymInt]) -> [SymInt]? {
        let n = Swift.max(a.count, b.count)
        var out: [SymInt] = []
        for i in 0..<n {
            let da = i < n - a.count ? SymInt(1) : a[i - (n - a.count)]
            let db = i < n - b.count ? SymInt(1) : b[i - (n - b.count)]
            if da == db || db.constantValue == 1 { out.append(da) }
            else if da.constantValue == 1 { out.append(db) }
            else { return nil }
        }
        return out
    }

    /// zeros_like / ones_like / full_like / empty_like: ConstantOfShape of the input's shape
    /// with the output's dtype.
    static func constantLike(_ ctx: ONNXLoweringContext, _ node: GraphNode, value: Double) throws {
        let dtype = ctx.dtype(node.outputs[0])
        _ = try ctx.elementType(dtype)
        let shape = ctx.add1("Shape", [try ctx.input(node, 0)])
        let fill = Tensor.full([1], value, dtype: dtype)
        ctx.add1("ConstantOfShape", [shape], output: out(ctx, node), [("value", .tensor(fill))])
    }
}
