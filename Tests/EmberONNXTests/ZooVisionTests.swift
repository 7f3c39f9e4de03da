import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

/// Acceptance tests of export and ONNX export on the vision zoo: the seed MLP and LeNet with
/// batch norm, with a dynamic batch; ONNX checked by onnxruntime at batch sizes 2 and 5, and
/// the saved program reloaded and replayed against eager bit for bit.
@Suite struct ZooVisionTests {
    /// The seed MLP: 784 → 400 → relu → 10.
    final class MLP: Module {
        let layer1 = Linear(784, 400)
        let layer2 = Linear(400, 10)
        override func forward(_ x: Tensor) -> Tensor { layer2(relu(layer1(x))) }
    }

    /// LeNet-5 with batch norm after each convolution.
    final class LeNet: Module {
        let conv1 = Conv2d(1, 6, kernelSize: 5, padding: 2)
        let bn1 = BatchNorm2d(6)
        let pool1 = MaxPool2d(kernelSize: 2)
        let conv2 = Conv2d(6, 16, kernelSize: 5)
        let bn2 = BatchNorm2d(16)
        let pool2 = MaxPool2d(kernelSize: 2)
        let fc1 = Linear(400, 120)
        let fc2 = Linear(120, 84)
        let fc3 = Linear(84, 10)
        override func forward(_ x: Tensor) -> Tensor {
            var h = pool1(relu(bn1(conv1(x))))
            h = pool2(relu(bn2(conv2(h))))
            h = h.flatten(startDim: 1)
            return fc3(relu(fc2(relu(fc1(h)))))
        }
    }

    static let batch = Dim("batch", min: 1, max: 4096)

    /// Same shape and bits.
    static func same(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.toArray(Float.self) == b.toArray(Float.self)
    }

    /// Export with a dynamic batch, save → load, and replay at batch sizes 2 and 5.
    static func checkProgram(_ model: Module, _ inputs: [Tensor], targets: Set<String>) throws {
        let program = try export(model, args: [inputs[0]], dynamicShapes: [[0: batch]])
        #expect(Set(program.graph.nodes.map(\.target)) == targets)
        #expect(program.rangeConstraints["batch"] == batch)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-\(UUID().uuidString).ember").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        let loaded = try ExportedProgram.load(from: path)
        for x in inputs {
            let eager = noGrad { model(x) }
            #expect(same(noGrad { program(x) }, eager))
            #expect(same(noGrad { loaded(x) }, eager))
        }
    }

    static func lenet() -> LeNet {
        _ = manualSeed(0)
        let model = LeNet()
        // Non-trivial running statistics: a few training-mode passes.
        for _ in 0..<3 { noGrad { _ = model(Tensor.randn([8, 1, 28, 28]) * 1.5 + 0.3) } }
        return model.eval()
    }

    @Test func mlpExportsAndReplays() throws {
        _ = manualSeed(0)
        let model = MLP()
        try Self.checkProgram(model, [Tensor.randn([2, 784]), Tensor.randn([5, 784])], targets: ["aten.linear", "aten.relu"])
    }

    @Test func lenetExportsAndReplays() throws {
        let model = Self.lenet()
        try Self.checkProgram(model, [Tensor.randn([2, 1, 28, 28]), Tensor.randn([5, 1, 28, 28])],
                              targets: ["aten.conv2d", "aten.batch_norm", "aten.relu", "aten.max_pool2d", "aten.flatten",
                                        "aten.linear"])
    }

    @Test(.onnxRuntime) func mlpRunsInONNXRuntime() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(0)
        let model = MLP()
        let r = try NNONNXCheck.run([[Tensor.randn([2, 784])], [Tensor.randn([5, 784])]], module: model, opsets: [17, 18, 21]) { xs in
            [model(xs[0])]
        }
        #expect(NNONNXCheck.ops(r).contains("Gemm"))
        #expect(NNONNXCheck.ops(r).contains("Relu"))
    }

    @Test(.onnxRuntime) func lenetRunsInONNXRuntime() throws {
        try ONNXPython.requirePython()
        let model = Self.lenet()
        let r = try NNONNXCheck.run([[Tensor.randn([2, 1, 28, 28])], [Tensor.randn([5, 1, 28, 28])]], module: model,
                                    opsets: [17, 18]) { xs in [model(xs[0])] }
        for op in ["Conv", "BatchNormalization", "MaxPool", "Gemm"] { #expect(NNONNXCheck.ops(r).contains(op)) }
    }

    /// The module form of `ONNX.export`, as a user calls it.
    @Test(.onnxRuntime) func lenetModuleFormWritesAFile() throws {
        try ONNXPython.requirePython()
        let model = Self.lenet()
        try ONNXPython.withTempFolder { folder in
            let x = Tensor.randn([3, 1, 28, 28])
            try ONNX.export(model, args: [x], to: folder + "/model.onnx", inputNames: ["x"], outputNames: ["y"],
                            dynamicAxes: ["x": [0: "batch"], "y": [0: "batch"]], opsetVersion: 18)
            try saveNumpyArchive(["x": x], to: folder + "/inputs.npz")
            try saveNumpyArchive(["y": noGrad { model(x) }], to: folder + "/expected.npz")
            let report = try ONNXPython.check(folder: folder)
            #expect(report.contains("checker: ok"))
            let io = try ONNXPython.graphIO(folder: folder)
            #expect(io.inputs.map(\.name) == ["x"])
            #expect(io.inputs[0].shape == [.param("batch"), .value(1), .value(28), .value(28)])
            #expect(io.outputs[0].shape == [.param("batch"), .value(10)])
        }
    }
}
