import Ember
import EmberExport
import EmberNN
import Foundation
import Testing

/// Capture of the nn family: each layer or functional call is one node with its aten target,
/// and replaying the program (at another batch size through a dynamic dim) equals eager
/// bit for bit.
@Suite struct NNCaptureTests {
    /// Same shape and the same float32 bits.
    static func same(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.dtype == b.dtype && a.to(.float64).toArray(Double.self) == b.to(.float64).toArray(Double.self)
    }

    /// Exports `f` over `inputs[0]` with the batch dim dynamic (when `dynamic`), checks the
    /// targets, then replays every input set against eager.
    @discardableResult
    static func check(_ inputs: [[Tensor]], module: Module? = nil, dynamic: Bool = true, targets expected: [String],
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: @escaping ([Tensor]) -> [Tensor]) throws -> ExportedProgram {
        let shapes: [[Int: Dim]] = dynamic ? inputs[0].map { _ in [0: Dim("batch")] } : []
        let program = try export(f, args: inputs[0], module: module, dynamicShapes: shapes)
        #expect(program.graph.nodes.map(\.target) == expected, sourceLocation: sourceLocation)
        for xs in inputs {
            let eager = noGrad { f(xs) }
            let replayed = noGrad { program.run(xs) }
            #expect(eager.count == replayed.count, sourceLocation: sourceLocation)
            for (e, r) in zip(eager, replayed) {
                #expect(same(e, r), "replay differs from eager at input shape \(xs[0].shape)", sourceLocation: sourceLocation)
            }
        }
        return program
    }

    static func randn(_ shape: [Int]) -> Tensor { Tensor.randn(shape) }

    @Test func linearIsOneNode() throws {
        _ = manualSeed(1)
        let fc = Linear(5, 3)
        try Self.check([[Self.randn([2, 5])], [Self.randn([7, 5])]], module: fc, targets: ["aten.linear"]) { xs in [fc(xs[0])] }
        // 3-D input and no bias, functional.
        let w = Self.randn([4, 5])
        try Self.check([[Self.randn([2, 3, 5])], [Self.randn([6, 3, 5])]], targets: ["aten.linear"]) { xs in [linear(xs[0], w)] }
        // Arguments as recorded: input, weight, bias (none).
        let program = try export({ xs in [linear(xs[0], w)] }, args: [Self.randn([2, 5])])
        #expect(program.graph.nodes[0].arguments.count == 3)
        #expect(program.graph.nodes[0].arguments[2] == .none)
    }

    @Test func convolutionsAreOneNode() throws {
        _ = manualSeed(2)
        let conv = Conv2d(4, 6, kernelSize: [3, 2], stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2)
        try Self.check([[Self.randn([2, 4, 7, 8])], [Self.randn([3, 4, 7, 8])]], module: conv, targets: ["aten.conv2d"]) { xs in
            [conv(xs[0])]
        }
        let same = Conv2d(3, 2, kernelSize: 4, padding: "same", bias: false)
        let p = try Self.check([[Self.randn([1, 3, 6, 5])], [Self.randn([2, 3, 6, 5])]], module: same, targets: ["aten.conv2d"]) { xs in
            [same(xs[0])]
        }
        #expect(p.graph.nodes[0].arguments[4] == .string("same"))
        let conv1 = Conv1d(3, 5, kernelSize: 3, stride: 2, padding: 2)
        try Self.check([[Self.randn([2, 3, 9])], [Self.randn([4, 3, 9])]], module: conv1, targets: ["aten.conv1d"]) { xs in
            [conv1(xs[0])]
        }
        // Unbatched input keeps one node.
        try Self.check([[Self.randn([3, 9])]], module: conv1, dynamic: false, targets: ["aten.conv1d"]) { xs in [conv1(xs[0])] }
    }

    @Test func transposedConvolutionsAreOneNode() throws {
        _ = manualSeed(3)
        let up = ConvTranspose2d(4, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)
        try Self.check([[Self.randn([2, 4, 3, 4])], [Self.randn([5, 4, 3, 4])]], module: up, targets: ["aten.conv_transpose2d"]) { xs in
            [up(xs[0])]
        }
        let up1 = ConvTranspose1d(2, 4, kernelSize: 2, stride: 3, groups: 2, dilation: 2)
        try Self.check([[Self.randn([2, 2, 5])], [Self.randn([3, 2, 5])]], module: up1, targets: ["aten.conv_transpose1d"]) { xs in
            [up1(xs[0])]
        }
    }

    @Test func poolsAreOneNode() throws {
        _ = manualSeed(4)
        let x = [[Self.randn([2, 3, 7, 6])], [Self.randn([3, 3, 7, 6])]]
        let mp = MaxPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true)
        try Self.check(x, module: mp, targets: ["aten.max_pool2d"]) { xs in [mp(xs[0])] }
        let ap = AvgPool2d(kernelSize: [3, 2], stride: [2, 2], padding: [1, 0], countIncludePad: false)
        try Self.check(x, module: ap, targets: ["aten.avg_pool2d"]) { xs in [ap(xs[0])] }
        try Self.check(x, targets: ["aten.adaptive_avg_pool2d", "aten.adaptive_avg_pool2d"]) { xs in
            [adaptiveAvgPool2d(xs[0], outputSize: 1), adaptiveAvgPool2d(xs[0], outputSize: [3, 4])]
        }
        let x1 = [[Self.randn([2, 3, 9])], [Self.randn([4, 3, 9])]]
        try Self.check(x1, targets: ["aten.max_pool1d", "aten.avg_pool1d", "aten.adaptive_avg_pool1d"]) { xs in
            [maxPool1d(xs[0], kernelSize: 2, dilation: 2), avgPool1d(xs[0], kernelSize: 3, stride: 2, padding: 1),
             adaptiveAvgPool1d(xs[0], outputSize: 3)]
        }
        // The default stride is recorded as the kernel size.
        let program = try export({ xs in [maxPool2d(xs[0], kernelSize: 2)] }, args: [Self.randn([1, 1, 4, 4])])
        #expect(program.graph.nodes[0].arguments[2] == .ints([2, 2]))
    }

    @Test func normalizationsAreOneNode() throws {
        _ = manualSeed(5)
        let bn = BatchNorm2d(3)
        noGrad {
            bn.runningMean!.copy_(Tensor([0.5, -1, 2]))
            bn.runningVar!.copy_(Tensor([2, 0.5, 1.5]))
            bn.weight!.copy_(Tensor([1.5, 0.5, -1]))
            bn.bias!.copy_(Tensor([0.1, 0.2, 0.3]))
        }
        _ = bn.eval()
        let x = [[Self.randn([2, 3, 4, 5])], [Self.randn([5, 3, 4, 5])]]
        try Self.check(x, module: bn, targets: ["aten.batch_norm"]) { xs in [bn(xs[0])] }
        let inorm = InstanceNorm2d(3, affine: true)
        try Self.check(x, module: inorm, targets: ["aten.instance_norm"]) { xs in [inorm(xs[0])] }
        let ln = LayerNorm([4, 5])
        try Self.check(x, module: ln, targets: ["aten.layer_norm"]) { xs in [ln(xs[0])] }
        let gn = GroupNorm(3, 6)
        noGrad { gn.weight!.copy_(Tensor.randn([6])); gn.bias!.copy_(Tensor.randn([6])) }
        try Self.check([[Self.randn([2, 6, 5])], [Self.randn([4, 6, 5])]], module: gn, targets: ["aten.group_norm"]) { xs in
            [gn(xs[0])]
        }
    }

    @Test func dropoutInEvalRecordsNothing() throws {
        _ = manualSeed(6)
        let model = Sequential(Linear(4, 3), Dropout(p: 0.3), Dropout2d(p: 0.2)).eval()
        try Self.check([[Self.randn([2, 4])], [Self.randn([3, 4])]], module: model, targets: ["aten.linear"]) { xs in
            [model(xs[0])]
        }
        // Training with p = 0 is the identity too.
        try Self.check([[Self.randn([2, 4])]], targets: []) { xs in [dropout(xs[0], p: 0, training: true)] }
    }

    /// `F.normalize` is not one aten op in PyTorch either: it decomposes into its hooked parts.
    @Test func normalizeDecomposes() throws {
        _ = manualSeed(12)
        let program = try export({ xs in [normalize(xs[0], dim: 1)] }, args: [Self.randn([2, 5])],
                                 dynamicShapes: [[0: Dim("batch")]])
        #expect(program.graph.nodes.count > 1)
        let x = Self.randn([4, 5])
        #expect(Self.same(noGrad { program(x) }, normalize(x, dim: 1)))
    }

    @Test func embeddingIsOneNode() throws {
        _ = manualSeed(7)
        let emb = Embedding(10, 4, paddingIdx: 0)
        let ids = [[Tensor([[1, 0, 9], [3, 3, 2]] as [[Int64]])], [Tensor([[5, 6, 0], [1, 2, 3], [9, 9, 9]] as [[Int64]])]]
        let p = try Self.check(ids, module: emb, targets: ["aten.embedding"]) { xs in [emb(xs[0])] }
        #expect(p.graph.nodes[0].arguments[2] == .int(0))
    }

    @Test func pixelShufflesAreOneNode() throws {
        _ = manualSeed(8)
        try Self.check([[Self.randn([2, 8, 3, 2])], [Self.randn([3, 8, 3, 2])]],
                       targets: ["aten.pixel_shuffle", "aten.pixel_unshuffle"]) { xs in
            [pixelShuffle(xs[0], upscaleFactor: 2), pixelUnshuffle(xs[0], downscaleFactor: 1)]
        }
        try Self.check([[Self.randn([1, 2, 4, 6])], [Self.randn([2, 2, 4, 6])]], targets: ["aten.pixel_unshuffle"]) { xs in
            [PixelUnshuffle(2)(xs[0])]
        }
    }

    @Test func savedProgramReplaysBitForBit() throws {
        _ = manualSeed(9)
        let model = Sequential(Conv2d(2, 4, kernelSize: 3, padding: 1), BatchNorm2d(4), MaxPool2d(kernelSize: 2)).eval()
        let program = try export(model, args: [Self.randn([2, 2, 6, 6])], dynamicShapes: [[0: Dim("batch")]])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nn-capture-\(UUID().uuidString).ember").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        let loaded = try ExportedProgram.load(from: path)
        #expect(loaded.graph.nodes.map(\.target) == ["aten.conv2d", "aten.batch_norm", "aten.max_pool2d"])
        let x = Self.randn([3, 2, 6, 6])
        #expect(Self.same(noGrad { loaded(x) }, noGrad { model(x) }))
    }

    @Test func dropoutInTrainingStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Sequential(Linear(4, 3), Dropout(p: 0.3))
            _ = try? export(model, args: [Tensor.randn([2, 4])])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("export: dropout in training mode"))
        #expect(text.contains("call model.eval()"))
    }

    /// A BatchNorm layer left in training mode: capture stops at its first in-place state update.
    @Test func batchNormLayerInTrainingStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Sequential(Conv2d(1, 2, kernelSize: 3), BatchNorm2d(2))
            _ = try? export(model, args: [Tensor.randn([2, 1, 5, 5])])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("export: "))
        #expect(text.contains("call model.eval()"))
    }

    @Test func batchNormInTrainingStopsCapture() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor.randn([4, 3])
            let mean = Tensor.zeros([3]), variance = Tensor.ones([3])
            _ = try? export({ xs in [batchNorm(xs[0], runningMean: mean, runningVar: variance, training: true)] }, args: [x])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("export: batch_norm in training mode updates running_mean and running_var in place"))
    }
}

/// `interpolate` as one `aten.upsample_*` node.
@Suite struct NNInterpolateCaptureTests {
    @Test func interpolateIsOneNode() throws {
        _ = manualSeed(10)
        let x = [[Tensor.randn([2, 3, 4, 5])], [Tensor.randn([3, 3, 4, 5])]]
        try NNCaptureTests.check(x, targets: ["aten.upsample_nearest2d", "aten.upsample_bilinear2d", "aten.upsample_bilinear2d"]) { xs in
            [interpolate(xs[0], scaleFactor: [2], mode: "nearest"),
             interpolate(xs[0], size: [6, 8], mode: "bilinear", alignCorners: true),
             interpolate(xs[0], scaleFactor: [1.5, 2], mode: "bilinear", recomputeScaleFactor: true)]
        }
        let x1 = [[Tensor.randn([2, 3, 5])], [Tensor.randn([4, 3, 5])]]
        try NNCaptureTests.check(x1, targets: ["aten.upsample_nearest1d", "aten.upsample_linear1d"]) { xs in
            [Upsample(size: [7])(xs[0]), interpolate(xs[0], scaleFactor: [2.5], mode: "linear")]
        }
    }
}
