import Ember
import EmberExport
import EmberNN
import Foundation
import Testing

/// Every element of `t`, exactly (float32 and int64 values of these sizes are exact as Double).
private func values(_ t: Tensor) -> [Double] { t.contiguous().toArray(Double.self) }

/// Exports `f`, checks the graph's targets, then replays it on `args` and on every set of
/// `replays` (other batch sizes) and compares each output with eager `f`: shape, dtype and
/// every element exactly.
@discardableResult
private func capture(_ f: @escaping ([Tensor]) -> [Tensor], _ args: [Tensor], batch: [Int] = [0],
                     replays: [[Tensor]] = [], targets: [String],
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> ExportedProgram {
    // Axis 0 of the inputs `batch` lists is one dynamic dim.
    let shapes: [[Int: Dim]] = args.indices.map { batch.contains($0) ? [0: Dim("batch", min: 1, max: 64)] : [:] }
    let program = try export(f, args: args, dynamicShapes: shapes)
    #expect(program.graph.nodes.map(\.target) == targets, sourceLocation: sourceLocation)
    for inputs in [args] + replays {
        let eager = f(inputs), replayed = program.run(inputs)
        #expect(replayed.count == eager.count, sourceLocation: sourceLocation)
        for (r, e) in zip(replayed, eager) {
            #expect(r.shape == e.shape && r.dtype == e.dtype, sourceLocation: sourceLocation)
            #expect(values(r) == values(e), sourceLocation: sourceLocation)
        }
    }
    return program
}

@Suite struct ShapeCaptureTests {
    @Test func viewReshapeFlattenKeepSizesAsPassed() throws {
        manualSeed(0)
        let program = try capture({ xs in
            let x = xs[0]
            return [x.view(-1, 12), x.reshape(x.size(0), 2, 6), x.flatten(startDim: 1), x.transpose(1, 2).reshape(-1)]
        }, [Tensor.randn(3, 3, 4)], replays: [[Tensor.randn(5, 3, 4)]],
           targets: ["aten.view", "aten.reshape", "aten.flatten", "aten.transpose", "aten.reshape"])
        let nodes = program.graph.nodes
        #expect(nodes[0].arguments[1] == .ints([-1, 12]))
        #expect(nodes[1].arguments[1] == .ints([SymInt(symbol: "batch"), 2, 6]))
        #expect(nodes[2].arguments[1] == .int(1) && nodes[2].arguments[2] == .int(-1))
    }

    @Test func permuteTransposeSqueezeUnsqueeze() throws {
        manualSeed(0)
        try capture({ xs in
            let x = xs[0]
            return [x.squeeze(1), x.unsqueeze(-1), x.permute(2, 0, 1), x.transpose(0, 2), x.mT]
        }, [Tensor.randn(3, 1, 4)], replays: [[Tensor.randn(6, 1, 4)]],
           targets: ["aten.squeeze", "aten.unsqueeze", "aten.permute", "aten.transpose", "aten.transpose"])
        // squeeze() of every size-1 dim: static shapes (a dynamic dim of size 1 would change it).
        try capture({ xs in [xs[0].squeeze(), xs[0].t()] }, [Tensor.randn(1, 4)], batch: [],
                    targets: ["aten.squeeze", "aten.transpose"])
    }

    @Test func expandKeepsMinusOne() throws {
        manualSeed(0)
        let program = try capture({ xs in [xs[0].expand(-1, 3, 4), xs[1].expand(as: xs[0])] },
                                  [Tensor.randn(2, 1, 4), Tensor.randn(4)], replays: [[Tensor.randn(7, 1, 4), Tensor.randn(4)]],
                                  targets: ["aten.expand", "aten.expand"])
        #expect(program.graph.nodes[0].arguments[1] == .ints([-1, 3, 4]))
        #expect(program.graph.nodes[1].arguments[1] == .ints([SymInt(symbol: "batch"), 1, 4]))
    }

    @Test func subscriptsBecomeSelectSliceUnsqueeze() throws {
        manualSeed(0)
        let program = try capture({ xs in
            let x = xs[0]
            return [x[.all, 1], x[.all, 0..<2, 2..<4], x[..<2], x[.newAxis], x[.ellipsis, 1], x[1...],
                    x.select(1, -1), x.narrow(2, 1, 3), x[.all, .slice(step: 2)]]
        }, [Tensor.randn(3, 4, 6)], replays: [[Tensor.randn(5, 4, 6)]],
           targets: ["aten.select", "aten.slice", "aten.slice", "aten.slice", "aten.unsqueeze", "aten.select",
                     "aten.slice", "aten.select", "aten.narrow", "aten.slice"])
        let nodes = program.graph.nodes
        // Bounds as written: `..<2` keeps end 2 (not min(2, batch)); `1...` has no end.
        #expect(nodes[3].arguments == [.value(program.graph.userInputs[0].value), .int(0), .none, .int(2), .int(1)])
        #expect(nodes[6].arguments[2] == .int(1) && nodes[6].arguments[3] == GraphArgument.none)
        #expect(nodes[9].arguments[4] == .int(2))
    }

    @Test func boundsThatFollowTheBatchAreSymbolic() throws {
        manualSeed(0)
        let program = try capture({ xs in
            let x = xs[0], n = x.size(0)
            return [x[1..<n], x.narrow(0, 1, n - 1), x.select(0, n - 1)]
        }, [Tensor.randn(3, 4)], replays: [[Tensor.randn(6, 4)]], targets: ["aten.slice", "aten.narrow", "aten.select"])
        let batch = SymInt(symbol: "batch"), batchMinusOne = SymInt(symbol: "batch", constant: -1)
        #expect(program.graph.nodes[0].arguments[3] == .int(batch))
        #expect(program.graph.nodes[1].arguments[3] == .int(batchMinusOne))
        #expect(program.graph.nodes[2].arguments[2] == .int(batchMinusOne))
    }

    @Test func integerTensorIndexIsOneIndexNode() throws {
        manualSeed(0)
        let index = Tensor([2, 0, -1])
        try capture({ xs in
            let x = xs[0]
            return [x[.all, index], x[.all, .all, xs[1]], x[0, .all, xs[1]]]
        }, [Tensor.randn(2, 4, 5), Tensor([[1, 0], [4, -2]])], replays: [[Tensor.randn(5, 4, 5), Tensor([[3, 3], [0, 1]])]],
           targets: ["aten.index", "aten.index", "aten.select", "aten.index"])
    }

    @Test func cloneCastsAndContiguous() throws {
        manualSeed(0)
        try capture({ xs in
            let x = xs[0]
            return [x.clone(), x.to(.float64), (x * 10).long(), x.transpose(0, 1).contiguous(), x.contiguous()]
        }, [Tensor.randn(3, 4)], replays: [[Tensor.randn(6, 4)]],
           targets: ["aten.clone", "aten._to_copy", "aten.mul", "aten._to_copy", "aten.transpose", "aten.clone"])
    }

    @Test func joinsAndSplits() throws {
        manualSeed(0)
        try capture({ xs in
            let (a, b) = (xs[0], xs[1])
            return [cat([a, b.long()], dim: 1), stack([a, a], dim: -1)] + a.split(2, dim: 1) + a.split([1, 3], dim: 1)
                + a.chunk(2, dim: 1)
        }, [Tensor.randn(3, 4), Tensor.randn(3, 2) * 5], batch: [0, 1], replays: [[Tensor.randn(5, 4), Tensor.randn(5, 2)]],
           targets: ["aten._to_copy", "aten.cat", "aten.stack", "aten.split", "aten.split_with_sizes", "aten.chunk"])
    }

    @Test func flipRepeatRoll() throws {
        manualSeed(0)
        try capture({ xs in
            let x = xs[0]
            return [x.flip(1, 2), x.repeat(1, 2, 1), x.repeat(2, 1, 1, 3), x.roll([1, -1], dims: [1, 2]), x.roll(2, dims: -1),
                    x.rot90(1, dims: [1, 2]), x.rot90(-2, dims: [2, 1])]
        }, [Tensor.randn(2, 3, 4)], replays: [[Tensor.randn(4, 3, 4)]],
           targets: ["aten.flip", "aten.repeat", "aten.repeat", "aten.roll", "aten.roll", "aten.rot90", "aten.rot90"])
        try capture({ xs in [xs[0].roll(5)] }, [Tensor.randn(2, 3)], batch: [], targets: ["aten.roll"])
    }

    @Test func trilTriuAndInPlace() throws {
        manualSeed(0)
        try capture({ xs in
            let x = xs[0]
            let y = x.clone()
            y.triu_(diagonal: 1)
            return [x.tril(), x.triu(diagonal: -1), tril(x, diagonal: 2), y]
        }, [Tensor.randn(2, 4, 4)], replays: [[Tensor.randn(3, 4, 4)]],
           targets: ["aten.clone", "aten.triu", "aten.tril", "aten.triu", "aten.tril"])
    }

    @Test func padModes() throws {
        manualSeed(0)
        try capture({ xs in
            let x = xs[0]
            return [pad(x, [1, 2]), pad(x, [1, 1, 2, 0], value: 3.5), pad(x, [-1, 1]), pad(x, [2, 1], mode: "reflect"),
                    pad(x, [1, 2, 1, 0], mode: "replicate"), pad(x, [1, 2], mode: "circular")]
        }, [Tensor.randn(2, 3, 4)], replays: [[Tensor.randn(5, 3, 4)]], targets: Array(repeating: "aten.pad", count: 6))
    }

    @Test func oneHotTakeIndexPut() throws {
        manualSeed(0)
        try capture({ xs in
            let (x, ids) = (xs[0], xs[1])
            let y = x.clone()
            y.indexPut_([Tensor([0, -1])], Tensor.ones(4), accumulate: true)
            return [oneHot(ids, numClasses: 5), x.take(Tensor([0, 5, -1])), x.indexPut([Tensor([1, 1]), Tensor([2, 0])], Tensor([7.0, 8.0])), y]
        }, [Tensor.randn(3, 4), Tensor([0, 4, 2])], batch: [0, 1], replays: [[Tensor.randn(6, 4), Tensor([1, 1, 3, 0, 2, 4])]],
           targets: ["aten.clone", "aten.index_put", "aten.one_hot", "aten.take", "aten.index_put"])
    }

    @Test func likeFactoriesFollowTheBatch() throws {
        manualSeed(0)
        let program = try capture({ xs in
            let x = xs[0]
            return [Tensor.zeros(like: x), Tensor.ones(like: x, dtype: .int64), Tensor.full(like: x, 2.5),
                    Tensor.full(like: x, 3), Tensor.full(like: x, true, dtype: .bool), x + Tensor.zeros(like: x)]
        }, [Tensor.randn(2, 3)], replays: [[Tensor.randn(5, 3)]],
           targets: ["aten.zeros_like", "aten.ones_like", "aten.full_like", "aten.full_like", "aten.full_like",
                     "aten.zeros_like", "aten.add"])
        #expect(program.graph.nodes[3].arguments[1] == .int(3))
        #expect(program.graph.nodes[2].arguments[1] == .double(2.5))
        let empty = try export({ xs in [Tensor.empty(like: xs[0])] }, args: [Tensor.randn(2, 3)],
                               dynamicShapes: [[0: Dim("batch")]])
        #expect(empty.graph.nodes.map(\.target) == ["aten.empty_like"])
        #expect(empty.run([Tensor.randn(4, 3)])[0].shape == [4, 3])
    }

    @Test func builtConstantsStayOutOfTheGraph() throws {
        // A mask filled in place inside forward is a constant, not a chain of traced views.
        manualSeed(0)
        try capture({ xs in
            let mask = Tensor.zeros(3, 3)
            mask[0] = Tensor.ones(3)
            mask[.all, 2] = Tensor(5.0)
            return [xs[0] * mask]
        }, [Tensor.randn(2, 3, 3)], replays: [[Tensor.randn(4, 3, 3)]], targets: ["aten.mul"])
    }

    @Test func savedProgramReplaysBitForBit() throws {
        // Every argument kind the family records: none (open slice ends), dtype, tensor lists,
        // strings, optional doubles.
        manualSeed(0)
        let f: ([Tensor]) -> [Tensor] = { xs in
            let x = xs[0]
            return [cat([x[1...], x[..<1]], dim: 0).to(.float64), pad(x, [1, 1], mode: "reflect"), Tensor.ones(like: x, dtype: .int32)]
        }
        let program = try export(f, args: [Tensor.randn(3, 4)], dynamicShapes: [[0: Dim("batch")]])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ember-shape-\(UUID().uuidString).ember").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        let loaded = try ExportedProgram.load(from: path)
        #expect(loaded.graph == program.graph)
        let x = Tensor.randn(6, 4)
        for (r, e) in zip(loaded.run([x]), f([x])) {
            #expect(r.shape == e.shape && r.dtype == e.dtype && values(r) == values(e))
        }
    }

    @Test func boolMaskIndexingStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try export({ xs in [xs[0][xs[0] .> 0]] }, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("export:"))
        #expect(stderr.contains("ShapeCaptureTests.swift"))
    }

    @Test func subscriptSetterIntoATracedTensorStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try export({ xs in
                let y = xs[0].clone()
                y[0] = Tensor(1.0)
                return [y]
            }, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("export cannot capture the subscript setter"))
        #expect(stderr.contains("ShapeCaptureTests.swift"))
    }

    @Test func oneHotWithoutClassCountStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try export({ xs in [oneHot(xs[0])] }, args: [Tensor([0, 2])])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("reads the value of a traced tensor"))
    }
}
