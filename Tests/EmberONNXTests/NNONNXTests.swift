import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

/// Shared by the nn family's ONNX tests and the vision zoo: export a function, write its
/// inputs and Ember's outputs as npz pairs, and run onnx.checker + onnxruntime over them.
enum NNONNXCheck {
    /// Exports `f` (inputs named `x`, `x1`, …; outputs `y`, `y1`, …) at every opset, with axis 0
    /// of every input and output dynamic as "batch" when `dynamic`, then checks every input set
    /// (the first is the export example) against eager Ember. Returns the ONNX op types of
    /// the last opset's model, from the checker's report.
    @discardableResult
    static func run(_ inputs: [[Tensor]], module: Module? = nil, opsets: [Int] = [17, 18], dynamic: Bool = true,
                    rtol: Double = 1e-4, atol: Double = 1e-5, sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: @escaping ([Tensor]) -> [Tensor]) throws -> String {
        try ONNXPython.exportAndCheck(
            inputs, module: module, opsets: opsets, inputNames: inputs[0].indices.map { $0 == 0 ? "x" : "x\($0)" },
            outputNames: { $0 == 0 ? "y" : "y\($0)" },
            dynamicAxes: { inNames, outNames in
                var axes: [String: [Int: String]] = [:]
                if dynamic { for name in inNames + outNames { axes[name] = [0: "batch"] } }
                return axes
            }, rtol: rtol, atol: atol, sourceLocation: sourceLocation, f)
    }

    /// The `ops:` line of a report.
    static func ops(_ report: String) -> String { ONNXPython.ops(report) }
}

/// The nn family through onnxruntime, at two batch sizes through a dynamic axis, at opsets
/// 17 and 18 (the ReduceMean form changes there) and 21 where the form could differ.
@Suite(.onnxRuntime) struct NNONNXTests {
    static func randn(_ shape: [Int]) -> Tensor { Tensor.randn(shape) }
    static func batches(_ shape: [Int]) -> [[Tensor]] {
        [[randn([2] + shape)], [randn([5] + shape)]]
    }

    @Test func linearLayers() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(11)
        let fc = Linear(6, 4)
        let r = try NNONNXCheck.run(Self.batches([6]), module: fc) { xs in [fc(xs[0])] }
        #expect(NNONNXCheck.ops(r).contains("Gemm"))
        let w = Self.randn([3, 6])
        let r3 = try NNONNXCheck.run(Self.batches([2, 6]), module: fc, opsets: [18]) { xs in
            [fc(xs[0]), EmberNN.linear(xs[0], w)]
        }
        #expect(NNONNXCheck.ops(r3).contains("MatMul"))
    }

    @Test func convolutions() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(12)
        let conv = Conv2d(4, 6, kernelSize: [3, 2], stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2)
        let same = Conv2d(6, 2, kernelSize: 4, padding: "same", bias: false)
        try NNONNXCheck.run(Self.batches([4, 7, 8]), module: Sequential(conv, same), opsets: [17]) { xs in
            let a = conv(xs[0])
            return [a, same(a)]
        }
        let conv1 = Conv1d(3, 5, kernelSize: 3, stride: 2, padding: 2)
        try NNONNXCheck.run(Self.batches([3, 9]), module: conv1, opsets: [18]) { xs in [conv1(xs[0])] }
        // Unbatched.
        try NNONNXCheck.run([[Self.randn([3, 9])]], module: conv1, opsets: [18], dynamic: false) { xs in [conv1(xs[0])] }
    }

    @Test func transposedConvolutions() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(13)
        let up = ConvTranspose2d(4, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)
        try NNONNXCheck.run(Self.batches([4, 3, 4]), module: up, opsets: [17]) { xs in [up(xs[0])] }
        let up1 = ConvTranspose1d(2, 4, kernelSize: 2, stride: 3, groups: 2, dilation: 2)
        try NNONNXCheck.run(Self.batches([2, 5]), module: up1, opsets: [18]) { xs in [up1(xs[0])] }
    }

    @Test func pools() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(14)
        let mp = MaxPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true)
        let ap = AvgPool2d(kernelSize: [3, 2], stride: [2, 2], padding: [1, 0], countIncludePad: false)
        let ap2 = AvgPool2d(kernelSize: 2, padding: 1)
        let r = try NNONNXCheck.run(Self.batches([3, 7, 6]), opsets: [17, 18]) { xs in
            [mp(xs[0]), ap(xs[0]), ap2(xs[0]), adaptiveAvgPool2d(xs[0], outputSize: 1),
             adaptiveAvgPool2d(xs[0], outputSize: [7, 3]), avgPool2d(xs[0], kernelSize: 2, ceilMode: true),
             avgPool2d(xs[0], kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false)]
        }
        #expect(NNONNXCheck.ops(r).contains("GlobalAveragePool"))
        try NNONNXCheck.run(Self.batches([3, 9]), opsets: [18]) { xs in
            [maxPool1d(xs[0], kernelSize: 2, dilation: 2), avgPool1d(xs[0], kernelSize: 3, stride: 2, padding: 1),
             adaptiveAvgPool1d(xs[0], outputSize: 3), adaptiveAvgPool1d(xs[0], outputSize: 1)]
        }
    }

    @Test func unevenAdaptivePoolingFailsClearly() throws {
        let x = Self.randn([1, 2, 5, 5])
        let program = try export({ xs in [adaptiveAvgPool2d(xs[0], outputSize: 2)] }, args: [x])
        let error = #expect(throws: ONNXExportError.self) { try ONNX.model(program) }
        #expect(error?.message.contains("ONNX export of aten.adaptive_avg_pool2d") == true)
        #expect(error?.message.contains("uneven windows") == true)
    }

    @Test func normalizations() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(15)
        let bn = BatchNorm2d(3), bn1 = BatchNorm1d(3, affine: false)
        for _ in 0..<3 { _ = bn(Self.randn([4, 3, 4, 5]) * 2 + 1); _ = bn1(Self.randn([6, 3]) - 1) }
        noGrad { bn.weight!.copy_(Tensor([1.5, 0.5, -1])); bn.bias!.copy_(Tensor([0.1, 0.2, 0.3])) }
        _ = bn.eval(); _ = bn1.eval()
        let inorm = InstanceNorm2d(3, affine: true)
        noGrad { inorm.weight!.copy_(Tensor([2, 1, 0.5])); inorm.bias!.copy_(Tensor([0, 1, -1])) }
        let ln = LayerNorm([4, 5])
        noGrad { ln.weight!.copy_(Tensor.randn([4, 5])); ln.bias!.copy_(Tensor.randn([4, 5])) }
        let gn = GroupNorm(3, 3)
        noGrad { gn.weight!.copy_(Tensor.randn([3])); gn.bias!.copy_(Tensor.randn([3])) }
        let model = Sequential(bn, inorm, ln, gn)
        let r = try NNONNXCheck.run(Self.batches([3, 4, 5]), module: model, opsets: [17, 18, 21]) { xs in
            [bn(xs[0]), inorm(xs[0]), ln(xs[0]), gn(xs[0]), groupNorm(xs[0], 1), layerNorm(xs[0], [5]),
             batchNorm(xs[0], runningMean: nil, runningVar: nil, training: true)]
        }
        for op in ["BatchNormalization", "InstanceNormalization", "LayerNormalization", "ReduceMean"] {
            #expect(NNONNXCheck.ops(r).contains(op))
        }
        try NNONNXCheck.run(Self.batches([3]), module: bn1, opsets: [17]) { xs in [bn1(xs[0])] }
    }

    @Test func embeddingLookup() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(16)
        let emb = Embedding(10, 4, paddingIdx: 0)
        let ids = [[Tensor([[1, 0, 9], [3, 3, 2]] as [[Int64]])], [Tensor([[5, 6, 0], [1, 2, 3], [9, 9, 9]] as [[Int64]])]]
        let r = try NNONNXCheck.run(ids, module: emb, opsets: [17]) { xs in [emb(xs[0])] }
        #expect(NNONNXCheck.ops(r).contains("Gather"))
    }

    @Test func pixelShuffles() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(17)
        let r = try NNONNXCheck.run(Self.batches([8, 3, 2]), opsets: [17]) { xs in
            [pixelShuffle(xs[0], upscaleFactor: 2), pixelUnshuffle(pixelShuffle(xs[0], upscaleFactor: 2), downscaleFactor: 2)]
        }
        #expect(NNONNXCheck.ops(r).contains("DepthToSpace"))
    }
}

/// `interpolate` through Resize.
@Suite(.onnxRuntime) struct NNResizeONNXTests {
    @Test func nearestAndBilinear() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(18)
        let inputs = [[Tensor.randn([2, 3, 4, 5])], [Tensor.randn([5, 3, 4, 5])]]
        let r = try NNONNXCheck.run(inputs, opsets: [17, 18]) { xs in
            [interpolate(xs[0], scaleFactor: [2], mode: "nearest"),
             interpolate(xs[0], size: [7, 9], mode: "nearest"),
             interpolate(xs[0], scaleFactor: [2, 3], mode: "bilinear"),
             interpolate(xs[0], size: [6, 8], mode: "bilinear", alignCorners: true),
             interpolate(xs[0], size: [3, 7], mode: "bilinear")]
        }
        #expect(NNONNXCheck.ops(r).contains("Resize"))
    }

    @Test func oneSpatialDim() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(19)
        let inputs = [[Tensor.randn([2, 3, 5])], [Tensor.randn([4, 3, 5])]]
        try NNONNXCheck.run(inputs, opsets: [18]) { xs in
            [interpolate(xs[0], size: [8], mode: "nearest"), interpolate(xs[0], scaleFactor: [2], mode: "linear"),
             interpolate(xs[0], size: [7], mode: "linear", alignCorners: true)]
        }
    }
}
