import Ember
import EmberExport
@testable import EmberONNX
import EmberNN
import Foundation
import Testing

/// A small model whose view size follows the batch (exported through Shape/Gather/Concat).
final class ONNXTestMLP: Module {
    let layer1 = Linear(12, 8)
    let layer2 = Linear(8, 3)
    override func forward(_ x: Tensor) -> Tensor {
        layer2(relu(layer1(x.view(x.size(0), -1))))
    }
}

@Suite struct ONNXExportTests {
    /// Writes inputs/expected pairs for each batch and runs the checker and onnxruntime.
    func checkWithRuntime(_ folder: String, model: Module, batches: [Int]) throws -> String {
        for (i, batch) in batches.enumerated() {
            let x = Tensor.randn(batch, 3, 4)
            let y = noGrad { model(x) }
            try saveNumpyArchive(["x": x], to: "\(folder)/inputs_\(i).npz")
            try saveNumpyArchive(["y": y], to: "\(folder)/expected_\(i).npz")
        }
        return try ONNXPython.check(folder: folder)
    }

    @Test(.onnxRuntime, arguments: [17, 18, 19, 20, 21])
    func everyOpsetPassesCheckerAndRuntime(opset: Int) throws {
        try ONNXPython.requirePython()
        manualSeed(0)
        let model = ONNXTestMLP().eval()
        try ONNXPython.withTempFolder { folder in
            try ONNX.export(model, args: [Tensor.randn(2, 3, 4)], to: "\(folder)/model.onnx", inputNames: ["x"],
                            outputNames: ["y"], dynamicAxes: ["x": [0: "batch"], "y": [0: "batch"]], opsetVersion: opset)
            let report = try checkWithRuntime(folder, model: model, batches: [2, 5])
            #expect(report.contains("checker: ok"))
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(folder)/model.onnx")))
            let decoded = try ModelProto(serializedBytes: bytes)
            #expect(decoded.irVersion == ONNX.irVersion(forOpset: opset))
            #expect(decoded.opsetImport.map(\.version) == [opset])
            #expect(decoded.graph?.initializer.map(\.name).filter { !$0.hasPrefix("/") }.sorted() == ["layer1.bias", "layer1.weight", "layer2.bias", "layer2.weight"])
            let io = try ONNXPython.graphIO(folder: folder)
            #expect(io.inputs.first?.shape?.first == .param("batch"))
            #expect(io.outputs.first?.shape?.first == .param("batch"))
        }
    }

    @Test func irVersionsFollowTheOpset() {
        #expect([17, 18, 19, 20, 21].map(ONNX.irVersion(forOpset:)) == [8, 8, 9, 9, 10])
    }

    @Test func unsupportedOpsetIsAnError() throws {
        manualSeed(0)
        #expect(throws: ONNXExportError.self) {
            try ONNX.export(ONNXTestMLP(), args: [Tensor.randn(2, 3, 4)], to: "/nonexistent/m.onnx", opsetVersion: 16)
        }
        do {
            try ONNX.export(ONNXTestMLP(), args: [Tensor.randn(2, 3, 4)], to: "/nonexistent/m.onnx", opsetVersion: 22)
        } catch let error as ONNXExportError {
            #expect(error.message == "Unsupported ONNX opset version: 22. Supported opsets are 17 to 21")
        }
    }

    @Test func stateNoNodeReadsIsNotWritten() throws {
        manualSeed(0)
        let model = Sequential(Conv2d(1, 2, kernelSize: 3), BatchNorm2d(2)).eval()
        let program = try export(model, args: [Tensor.randn(2, 1, 5, 5)])
        #expect(program.state.keys.contains("1.num_batches_tracked"))
        let names = try ONNX.model(program).graph?.initializer.map(\.name) ?? []
        #expect(names.filter { !$0.hasPrefix("/") }.sorted()
                == ["0.bias", "0.weight", "1.bias", "1.running_mean", "1.running_var", "1.weight"])
    }

    @Test func anOpWithNoONNXFormNamesItsLine() throws {
        var graph = Graph()
        graph.values = [GraphValue(name: "x", shape: [2], dtype: .float32), GraphValue(name: "y", shape: [2], dtype: .float32)]
        graph.inputs = [GraphInput(value: 0, kind: .userInput, target: nil)]
        graph.nodes = [GraphNode(target: "aten.made_up", arguments: [.value(0)], outputs: [1], file: "Model.swift", line: 42)]
        graph.outputs = [1]
        let program = ExportedProgram(graph: graph, state: [:], dims: [:])
        do {
            _ = try ONNX.model(program)
            Issue.record("expected an error")
        } catch let error as ONNXExportError {
            #expect(error.message == "ONNX export: aten.made_up (called at Model.swift:42) has no ONNX form in Ember yet")
        }
    }

    @Test(.onnxRuntime) func weightsPastTheThresholdGoToExternalData() throws {
        try ONNXPython.requirePython()
        manualSeed(0)
        let model = ONNXTestMLP().eval()
        let program = try export(model, args: [Tensor.randn(2, 3, 4)], dynamicShapes: [[0: Dim("batch")]])
        try ONNXPython.withTempFolder { folder in
            let proto = try ONNX.model(program, inputNames: ["x"], outputNames: ["y"])
            try ONNX.write(proto, to: "\(folder)/model.onnx", externalDataThreshold: 0, smallestExternalTensor: 1)
            #expect(FileManager.default.fileExists(atPath: "\(folder)/model.onnx.data"))
            let report = try checkWithRuntime(folder, model: model, batches: [3])
            #expect(report.contains("checker: ok"))
        }
    }
}
