import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

/// Exports `f` (inputs `x0`, `x1`, …; outputs `y0`, `y1`, …) at each opset and checks every
/// input set (the first is the export example) through onnx.checker and onnxruntime against
/// eager Ember. Axis 0 of an input or output is dynamic ("batch") where its size differs
/// between the input sets. Returns the last report.
@discardableResult
private func onnxCheck(_ inputs: [[Tensor]], opsets: [Int] = [17, 18], sourceLocation: SourceLocation = #_sourceLocation,
                       _ f: @escaping ([Tensor]) -> [Tensor]) throws -> String {
    try ONNXPython.requirePython()
    let expected = inputs.map { xs in noGrad { f(xs) } }
    let inNames = inputs[0].indices.map { "x\($0)" }
    let outNames = expected[0].indices.map { "y\($0)" }
    func varies(_ sets: [[Tensor]], _ i: Int) -> Bool {
        sets[0][i].ndim > 0 && sets.contains { $0[i].shape[0] != sets[0][i].shape[0] }
    }
    var axes: [String: [Int: String]] = [:]
    for (i, name) in inNames.enumerated() where varies(inputs, i) { axes[name] = [0: "batch"] }
    for (i, name) in outNames.enumerated() where varies(expected, i) { axes[name] = [0: "batch"] }
    var report = ""
    for opset in opsets {
        report = try ONNXPython.withTempFolder { folder in
            try ONNX.export(f, args: inputs[0], to: folder + "/model.onnx", inputNames: inNames, outputNames: outNames,
                            dynamicAxes: axes, opsetVersion: opset)
            for (k, xs) in inputs.enumerated() {
                let suffix = k == 0 ? "" : "_\(k)"
                try saveNumpyArchive(Dictionary(uniqueKeysWithValues: zip(inNames, xs.map { $0.detach() })),
                                     to: folder + "/inputs\(suffix).npz")
                try saveNumpyArchive(Dictionary(uniqueKeysWithValues: zip(outNames, expected[k].map { $0.detach().contiguous() })),
                                     to: folder + "/expected\(suffix).npz")
            }
            return try ONNXPython.check(folder: folder)
        }
        #expect(report.contains("checker: ok"), "opset \(opset): \(report)", sourceLocation: sourceLocation)
    }
    return report
}

/// The shape family through onnxruntime, at two batch sizes through a dynamic axis, at
/// opsets 17 and 18 (19 for circular padding, which needs Pad's "wrap").
@Suite(.onnxRuntime) struct ShapeONNXTests {
    @Test func viewsReshapesAndTransposes() throws {
        manualSeed(0)
        try onnxCheck([[Tensor.randn(2, 3, 4)], [Tensor.randn(5, 3, 4)]]) { xs in
            let x = xs[0]
            return [x.view(-1, 12), x.reshape(x.size(0), 2, 6), x.flatten(startDim: 1), x.transpose(1, 2).reshape(-1),
                    x.unsqueeze(1).squeeze(1), x.permute(2, 0, 1), x.mT, x[.all, .newAxis].squeeze(), x.clone(),
                    x.unsqueeze(2).expand(-1, 3, 5, 4)]
        }
    }

    @Test func zeroSizedReshape() throws {
        try onnxCheck([[Tensor.ones(2, 0, 3)], [Tensor.ones(4, 0, 3)]]) { xs in [xs[0].reshape(xs[0].size(0), 0, 3, 1)] }
    }

    @Test func subscriptsSelectNarrowAndIndexTensors() throws {
        manualSeed(0)
        let index = Tensor([2, 0, -1])
        try onnxCheck([[Tensor.randn(3, 4, 6), Tensor([[1, 0], [5, -2]])], [Tensor.randn(5, 4, 6), Tensor([[3, 3], [0, 1]])]]) { xs in
            let x = xs[0]
            return [x[.all, 1], x[.all, 0..<2, 2..<4], x[..<2], x[1...], x[.ellipsis, -1], x[.newAxis],
                    x.select(1, -1), x.narrow(2, -3, 2), x[.all, .slice(1, step: 2)], x[.all, index], x[.all, .all, xs[1]],
                    x[0, .all, xs[1]], x[..<(-1)], x[.ellipsis]]
        }
    }

    @Test func boundsThatFollowTheBatch() throws {
        // Fitted as `batch - 1`: the file computes them from the input's shape at run time.
        manualSeed(0)
        try onnxCheck([[Tensor.randn(3, 4)], [Tensor.randn(6, 4)]]) { xs in
            let x = xs[0], n = x.size(0)
            return [x[1..<n], x.narrow(0, 1, n - 1), x.select(0, n - 1), x.view(n * 2, 2), x.expand(2, n, 4)]
        }
    }

    @Test func castsJoinsAndSplits() throws {
        manualSeed(0)
        try onnxCheck([[Tensor.randn(2, 4), Tensor.randn(2, 2) * 5], [Tensor.randn(5, 4), Tensor.randn(5, 2) * 5]]) { xs in
            let (a, b) = (xs[0], xs[1])
            return [a.to(.float64), (a * 10).long(), b.int().bool(), cat([a, b.long()], dim: 1), cat([a, a], dim: 0),
                    stack([a, a], dim: -1), stack([a, (a * 3).long(), a], dim: 0)]
                + a.split(3, dim: 1) + a.split([1, 3], dim: 1) + a.chunk(2, dim: 1)
        }
    }

    @Test func flipRepeatRollTriangles() throws {
        manualSeed(0)
        try onnxCheck([[Tensor.randn(2, 3, 4)], [Tensor.randn(4, 3, 4)]]) { xs in
            let x = xs[0]
            let y = x.clone()
            y.tril_(diagonal: -1)
            return [x.flip(1, 2), x.flip(0), x.repeat(1, 2, 1), x.repeat(2, 1, 1, 3), x.roll([1, -5], dims: [1, 2]),
                    x.roll(2, dims: -1), x.tril(), x.triu(diagonal: 1), x.triu(diagonal: -2), y, (x .> 0).tril(),
                    x.rot90(1, dims: [1, 2]), x.rot90(2, dims: [1, 2]), x.rot90(3, dims: [2, 1]), x.rot90(4, dims: [1, 2])]
        }
        try onnxCheck([[Tensor.randn(2, 3)], [Tensor.randn(2, 3)]]) { xs in [xs[0].roll(4)] }
    }

    @Test func padModes() throws {
        manualSeed(0)
        let inputs = [[Tensor.randn(2, 3, 4)], [Tensor.randn(5, 3, 4)]]
        try onnxCheck(inputs) { xs in
            let x = xs[0]
            return [pad(x, [1, 2]), pad(x, [1, 1, 2, 0], value: 3.5), pad(x, [-1, 1]), pad(x, [2, 1], mode: "reflect"),
                    pad(x, [1, 2, 1, 0], mode: "replicate"), pad(x.long(), [1, 1], value: 7)]
        }
        try onnxCheck(inputs, opsets: [19, 21]) { xs in [pad(xs[0], [1, 2, 1, 1], mode: "circular")] }
    }

    @Test func circularPadNeedsOpset19() throws {
        let error = #expect(throws: ONNXExportError.self) {
            try ONNX.export({ xs in [pad(xs[0], [1, 1], mode: "circular")] }, args: [Tensor.ones(2, 3)],
                            to: FileManager.default.temporaryDirectory.path + "/ember-shape-never.onnx", opsetVersion: 18)
        }
        #expect(error?.message.contains("ONNX export of aten.pad") == true)
        #expect(error?.message.contains("opset 19") == true)
    }

    @Test func oneHotTakeIndexPut() throws {
        manualSeed(0)
        try onnxCheck([[Tensor.randn(3, 4), Tensor([0, 4, 2])], [Tensor.randn(6, 4), Tensor([1, 1, 3, 0, 2, 4])]]) { xs in
            let (x, ids) = (xs[0], xs[1])
            let y = x.clone()
            y.indexPut_([Tensor([0, -1, 0])], Tensor.ones(4), accumulate: true)
            return [oneHot(ids, numClasses: 5), x.take(Tensor([0, 5, -1])), y,
                    x.indexPut([Tensor([1, 1]), Tensor([2, -4])], Tensor([7.0, 8.0])),
                    x.indexPut([Tensor([[0], [2]]), Tensor([1, 3])], Tensor(9.0))]
        }
    }

    @Test func likeFactories() throws {
        manualSeed(0)
        try onnxCheck([[Tensor.randn(2, 3)], [Tensor.randn(5, 3)]]) { xs in
            let x = xs[0]
            return [Tensor.zeros(like: x), Tensor.ones(like: x, dtype: .int64), Tensor.full(like: x, 2.5),
                    Tensor.full(like: x, 3), Tensor.full(like: x, true, dtype: .bool), x + Tensor.ones(like: x)]
        }
    }
}
