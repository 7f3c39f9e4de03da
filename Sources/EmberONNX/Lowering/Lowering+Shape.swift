import Ember

// Views become Reshape / Transpose / Squeeze / Unsqueeze / Expand / Slice / Gather; sizes that
// follow a dynamic dim go through `ctx.shapeTensor` or `ctx.symbolicScalar1D`, so the file
// computes them from the inputs' shapes at run time.

private typealias L = ShapeLowering

extension ONNXLowerings {
    /// Lowerings of the shape family: views, joins, indexing, casts and like-factories.
    static let shape: [String: ONNXLowering] = [
        "aten.view": { ctx, node in try L.reshape(ctx, node, sizes: try ctx.symInts(node, 1)) },
        "aten.reshape": { ctx, node in try L.reshape(ctx, node, sizes: try ctx.symInts(node, 1)) },
        "aten.flatten": { ctx, node in try L.reshape(ctx, node, sizes: ctx.shape(node.outputs[0])) },
        "aten.squeeze": { ctx, node in
            let shape = ctx.shape(try ctx.value(node, 0))
            var axes = shape.indices.filter { shape[$0].constantValue == 1 }
            if node.arguments.count > 1 {
                // One dim, squeezed only when it is 1 (a dynamic dim is taken as not 1).
                let d = try L.dim(ctx, node, 1, rank: shape.count)
                axes = axes.filter { $0 == d }
            }
            try L.squeeze(ctx, node, try ctx.input(node, 0), axes: axes)
        },
        "aten.unsqueeze": { ctx, node in
            let rank = ctx.shape(try ctx.value(node, 0)).count
            let d = try L.dim(ctx, node, 1, rank: rank + 1)
            ctx.add1("Unsqueeze", [try ctx.input(node, 0), ctx.int64s([d])], output: L.out(ctx, node))
        },
        "aten.permute": { ctx, node in
            let rank = ctx.shape(try ctx.value(node, 0)).count
            let perm = try ctx.ints(node, 1).map { try L.normalized($0, rank, ctx, node) }
            ctx.add1("Transpose", [try ctx.input(node, 0)], output: L.out(ctx, node), [("perm", .ints(perm))])
        },
        "aten.transpose": { ctx, node in
            let rank = ctx.shape(try ctx.value(node, 0)).count
            guard rank > 0 else { return L.identity(ctx, node, try ctx.input(node, 0)) }
            var perm = Array(0..<rank)
            perm.swapAt(try L.dim(ctx, node, 1, rank: rank), try L.dim(ctx, node, 2, rank: rank))
            ctx.add1("Transpose", [try ctx.input(node, 0)], output: L.out(ctx, node), [("perm", .ints(perm))])
        },
        "aten.expand": { ctx, node in
            // Expand broadcasts both ways, so a kept size (-1) is written as 1.
            let sizes = try ctx.symInts(node, 1).map { $0.constantValue == -1 ? SymInt(1) : $0 }
            ctx.add1("Expand", [try ctx.input(node, 0), try ctx.shapeTensor(sizes)], output: L.out(ctx, node))
        },
        "aten.narrow": { ctx, node in
            let shape = ctx.shape(try ctx.value(node, 0))
            let d = try L.dim(ctx, node, 1, rank: shape.count)
            var start = try ctx.symInt(node, 2)
            if let s = start.constantValue, s < 0 { start = L.plus(shape[d], SymInt(s)) }
            let end = L.plus(start, try ctx.symInt(node, 3))
            try L.slice(ctx, node, try ctx.input(node, 0), axis: d, start: start, end: end, step: 1, output: L.out(ctx, node))
        },
        "aten.select": { ctx, node in
            let rank = ctx.shape(try ctx.value(node, 0)).count
            let d = try L.dim(ctx, node, 1, rank: rank)
            let index = try ctx.symInt(node, 2)
            if let i = index.constantValue {
                // A 0-d index drops the axis; ONNX's Gather counts negative indices from the end.
                let scalar = ctx.constant(Tensor.full([], Int64(i), dtype: .int64), hint: "index")
                ctx.add1("Gather", [try ctx.input(node, 0), scalar], output: L.out(ctx, node), [("axis", .int(d))])
            } else {
                let picked = ctx.add1("Gather", [try ctx.input(node, 0), try ctx.symbolicScalar1D(index)], [("axis", .int(d))])
                ctx.add1("Squeeze", [picked, ctx.int64s([d])], output: L.out(ctx, node))
            }
        },
        "aten.slice": { ctx, node in
            let d = try ctx.int(node, 1)
            let start = try L.optionalSymInt(ctx, node, 2) ?? 0
            let end = try L.optionalSymInt(ctx, node, 3) ?? SymInt(Int.max)
            try L.slice(ctx, node, try ctx.input(node, 0), axis: d, start: start, end: end, step: try ctx.int(node, 4),
                      output: L.out(ctx, node))
        },
        "aten.index": { ctx, node in
            // One integer index tensor at `dim`: exactly Gather's shape rule; negative indices
            // count from the end in both.
            let d = try ctx.int(node, 1)
            ctx.add1("Gather", [try ctx.input(node, 0), try ctx.input(node, 2)], output: L.out(ctx, node), [("axis", .int(d))])
        },
        "aten.alias": { ctx, node in L.identity(ctx, node, try ctx.input(node, 0)) },
        "aten.detach": { ctx, node in L.identity(ctx, node, try ctx.input(node, 0)) },
        "aten.clone": { ctx, node in L.identity(ctx, node, try ctx.input(node, 0)) },
        "aten._to_copy": { ctx, node in
            ctx.add1("Cast", [try ctx.input(node, 0)], output: L.out(ctx, node),
                     [("to", .int(try ctx.elementType(ctx.dtype(node.outputs[0]))))])
        },
        "aten.cat": { ctx, node in
            let values = try L.tensorValues(ctx, node, 0)
            let dtype = ctx.dtype(node.outputs[0])
            // Legacy empty 1-D tensors are skipped beside tensors of higher rank, as in Ember.
            let rank = values.map { ctx.shape($0).count }.first { $0 != 1 } ?? 1
            let parts = values.filter { ctx.shape($0).count == rank || ctx.shape($0) != [0] }
            let d = try L.dim(ctx, node, 1, rank: rank)
            let inputs = try parts.map { try ctx.cast(ctx.name($0), from: ctx.dtype($0), to: dtype) }
            ctx.add1("Concat", inputs, output: L.out(ctx, node), [("axis", .int(d))])
        },
        "aten.stack": { ctx, node in
            let values = try L.tensorValues(ctx, node, 0)
            let dtype = ctx.dtype(node.outputs[0])
            let rank = values.first.map { ctx.shape($0).count } ?? 0
            let d = try L.dim(ctx, node, 1, rank: rank + 1)
            let inputs = try values.map { v in
                ctx.add1("Unsqueeze", [try ctx.cast(ctx.name(v), from: ctx.dtype(v), to: dtype), ctx.int64s([d])])
            }
            ctx.add1("Concat", inputs, output: L.out(ctx, node), [("axis", .int(d))])
        },
        "aten.split": { ctx, node in try L.split(ctx, node, dimArgument: 2) },
        "aten.split_with_sizes": { ctx, node in try L.split(ctx, node, dimArgument: 2) },
        "aten.chunk": { ctx, node in try L.split(ctx, node, dimArgument: 2) },
        "aten.repeat": { ctx, node in
            var x = try ctx.input(node, 0)
            let rank = ctx.shape(try ctx.value(node, 0)).count
            let repeats = try ctx.symInts(node, 1)
            if repeats.count > rank {
                x = ctx.add1("Unsqueeze", [x, ctx.int64s(Array(0..<(repeats.count - rank)))])
            }
            ctx.add1("Tile", [x, try ctx.shapeTensor(repeats)], output: L.out(ctx, node))
        },
        "aten.flip": { ctx, node in
            let rank = ctx.shape(try ctx.value(node, 0)).count
            let axes = try ctx.ints(node, 1).map { try L.normalized($0, rank, ctx, node) }
            guard !axes.isEmpty else { return L.identity(ctx, node, try ctx.input(node, 0)) }
            // Step -1 from the last element; an end below -size clamps to "before the first".
            let n = axes.count
            ctx.add1("Slice", [try ctx.input(node, 0), ctx.int64s(Array(repeating: -1, count: n)),
                               ctx.int64s(Array(repeating: Int.min, count: n)), ctx.int64s(axes),
                               ctx.int64s(Array(repeating: -1, count: n))], output: L.out(ctx, node))
        },
        "aten.roll": { ctx, node in try L.roll(ctx, node) },
        "aten.rot90": { ctx, node in try L.rot90(ctx, node) },
        "aten.tril": { ctx, node in try L.trilu(ctx, node, upper: false) },
        "aten.triu": { ctx, node in try L.trilu(ctx, node, upper: true) },
        "aten.pad": { ctx, node in try L.pad(ctx, node) },
        "aten.one_hot": { ctx, node in
            let classes = try ctx.int(node, 1)
            ctx.add1("OneHot", [try ctx.input(node, 0), ctx.int64s([classes]), ctx.int64s([0, 1])], output: L.out(ctx, node),
                     [("axis", .int(-1))])
        },
        "aten.take": { ctx, node in
            let flat = ctx.add1("Reshape", [try ctx.input(node, 0), ctx.int64s([-1])])
            ctx.add1("Gather", [flat, try ctx.input(node, 1)], output: L.out(ctx, node), [("axis", .int(0))])
        },
        "aten.index_put": { ctx, node in try L.indexPut(ctx, node) },
        "aten.zeros_like": { ctx, node in try L.constantLike(ctx, node, value: 0) },
        "aten.ones_like": { ctx, node in try L.constantLike(ctx, node, value: 1) },
        // Uninitialised in Ember: zeros are one valid content.
        "aten.empty_like": { ctx, node in try L.constantLike(ctx, node, value: 0) },
        "aten.full_like": { ctx, node in
            let value: Double
            if case .bool(let b) = node.arguments[1] { value = b ? 1 : 0 } else { value = try ctx.double(node, 1) }
            try L.constantLike(ctx, node, value: value)
        },
    ]
}
