import Ember
import EmberExport
import EmberNN
import Foundation
import Testing

/// The tutorial's MLP with a view whose size follows the batch.
final class CaptureMLP: Module {
    let layer1 = Linear(12, 8)
    let layer2 = Linear(8, 3)
    override func forward(_ x: Tensor) -> Tensor {
        let h = relu(layer1(x.view(x.size(0), -1)))
        return layer2(h)
    }
}

func bits(_ t: Tensor) -> [UInt32] { t.contiguous().toArray(Float.self).map(\.bitPattern) }

func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ember-export-\(UUID().uuidString)-\(name)").path
}

@Suite struct CaptureTests {
    @Test func moduleCaptureReplaysBitForBitAtOtherBatchSizes() throws {
        manualSeed(0)
        let model = CaptureMLP()
        let x = Tensor.randn(2, 3, 4)
        let program = try export(model, args: [x], dynamicShapes: [[0: Dim("batch", min: 1, max: 4096)]])
        #expect(program.graph.nodes.map(\.target) == ["aten.view", "aten.linear", "aten.relu", "aten.linear"])
        #expect(program.inputNames == ["x"])
        // The view's size follows the batch: fitted as the symbol, not baked in as 2.
        #expect(program.graph.nodes[0].arguments[1] == .ints([SymInt(symbol: "batch"), SymInt(-1)]))
        for batch in [1, 2, 5, 9] {
            let input = Tensor.randn(batch, 3, 4)
            #expect(bits(program(input)) == bits(model(input)))
        }
    }

    @Test func printsLikeTorchExport() throws {
        manualSeed(0)
        let program = try export(CaptureMLP(), args: [Tensor.randn(2, 3, 4)], dynamicShapes: [[0: Dim("batch", min: 1, max: 4096)]])
        let text = program.description
        #expect(text.contains("def forward(self, p_layer1_weight: \"f32[8, 12]\", p_layer1_bias: \"f32[8]\", p_layer2_weight: \"f32[3, 8]\", p_layer2_bias: \"f32[3]\", x: \"f32[batch, 3, 4]\"):"))
        #expect(text.contains("view: \"f32[batch, 12]\" = aten.view(x, [batch, -1])"))
        #expect(text.contains("linear: \"f32[batch, 8]\" = aten.linear(view, p_layer1_weight, p_layer1_bias)"))
        #expect(text.contains("return (linear_1,)"))
        #expect(text.contains("p_layer1_weight: PARAMETER target='layer1.weight'"))
        #expect(text.contains("x: USER_INPUT"))
        #expect(text.contains("Range constraints: {batch: VR[1, 4096]}"))
    }

    @Test func symbolicSizesPrintAsAffineExpressions() {
        #expect(SymInt(symbol: "batch", constant: -1).description == "batch - 1")
        #expect(SymInt(constant: 3, terms: ["b": -2]).description == "-2*b + 3")
        #expect(SymInt(constant: 0, terms: ["a": 4, "b": 1]).description == "4*a + b")
        #expect(SymInt(symbol: "s", coefficient: -1).description == "-s")
        #expect(SymInt(-4).description == "-4")
        #expect(SymInt(0).description == "0")
    }

    @Test func staticShapesStayStatic() throws {
        manualSeed(0)
        let program = try export(CaptureMLP(), args: [Tensor.randn(2, 3, 4)])
        #expect(program.graph.values[program.graph.userInputs[0].value].shape == [2, 3, 4])
        #expect(program.rangeConstraints.isEmpty)
    }

    @Test func saveLoadRunsBitForBit() throws {
        manualSeed(0)
        let model = CaptureMLP()
        let program = try export(model, args: [Tensor.randn(2, 3, 4)], dynamicShapes: [[0: Dim("batch")]])
        let path = temporaryPath("mlp.ember")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        let loaded = try ExportedProgram.load(from: path)
        #expect(loaded.graph == program.graph)
        #expect(loaded.description == program.description)
        let x = Tensor.randn(7, 3, 4)
        #expect(bits(loaded(x)) == bits(model(x)))
    }

    @Test func functionWithSeveralInputsAndOutputs() throws {
        manualSeed(0)
        let model = CaptureMLP()
        let f: ([Tensor]) -> [Tensor] = { xs in
            let y = model(xs[0]) * xs[1]
            return [y, relu(y)]
        }
        let a = Tensor.randn(2, 3, 4), b = Tensor.randn(2, 3)
        let program = try export(f, args: [a, b], module: model,
                                 dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")]])
        #expect(program.inputNames == ["args_0", "args_1"])
        #expect(program.graph.outputs.count == 2)
        #expect(program.graph.inputs.filter { $0.kind == .parameter }.compactMap(\.target)
                == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"])
        let a2 = Tensor.randn(4, 3, 4), b2 = Tensor.randn(4, 3)
        let out = program([a2, b2]), eager = f([a2, b2])
        #expect(bits(out[0]) == bits(eager[0]))
        #expect(bits(out[1]) == bits(eager[1]))
    }

    @Test func tensorsMadeInForwardAreLiftedConstants() throws {
        let f: ([Tensor]) -> [Tensor] = { xs in [xs[0] * Tensor([1.0, 2.0, 3.0])] }
        let program = try export(f, args: [Tensor.ones(2, 3)], dynamicShapes: [[0: Dim("batch")]])
        let constants = program.graph.inputs.filter { $0.kind == .constant }
        #expect(constants.count == 1)
        #expect(program.state["lifted_tensor_0"]?.toArray(Float.self) == [1, 2, 3])
        #expect(program([Tensor.ones(3, 3)])[0].toArray(Float.self) == [1, 2, 3, 1, 2, 3, 1, 2, 3])
    }

    @Test func inPlaceOpKeepsItsTensorsDtype() throws {
        // An in-place add into a float16 intermediate computes in float32 and stores float16;
        // the recorded out-of-place add is cast back.
        let f: ([Tensor]) -> [Tensor] = { xs in
            let y = xs[0].to(.float16)
            y.add_(xs[1])
            return [y * 2]
        }
        manualSeed(0)
        let a = Tensor.randn(2, 3), b = Tensor.randn(2, 3)
        let program = try export(f, args: [a, b], dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")]])
        #expect(program.graph.nodes.map(\.target) == ["aten._to_copy", "aten.add", "aten.mul"])
        let a2 = Tensor.randn(5, 3), b2 = Tensor.randn(5, 3)
        let out = program([a2, b2])[0], eager = f([a2, b2])[0]
        #expect(out.dtype == .float16)
        #expect(out.to(.float32).toArray(Float.self) == eager.to(.float32).toArray(Float.self))
    }

    @Test func sizeDependentConstantIsAnError() throws {
        let f: ([Tensor]) -> [Tensor] = { xs in [xs[0] + Tensor.ones(xs[0].size(0), 3)] }
        #expect(throws: ExportError.self) {
            _ = try export(f, args: [Tensor.ones(2, 3)], dynamicShapes: [[0: Dim("batch")]])
        }
        // Static, the same function exports.
        _ = try export(f, args: [Tensor.ones(2, 3)])
    }

    @Test func sharedDimMustAgree() throws {
        let f: ([Tensor]) -> [Tensor] = { xs in [xs[0] + xs[1]] }
        #expect(throws: ExportError("export: inputs that share Dim 'batch' have different sizes (2 and 3 at input 1, axis 0)")) {
            _ = try export(f, args: [Tensor.ones(2, 3), Tensor.ones(3, 3)], dynamicShapes: [[0: Dim("batch")], [0: Dim("batch")]])
        }
    }

    @Test func loadRejectsUnknownOpsAndDamage() throws {
        manualSeed(0)
        let program = try export(CaptureMLP(), args: [Tensor.randn(2, 3, 4)])
        let path = temporaryPath("bad.ember")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try program.save(to: path)
        let (tensors, metadata) = try loadSafetensors(from: path)
        var text = metadata["ember.exported_program"]!
        text = text.replacingOccurrences(of: "aten.relu", with: "os.system")
        try save(tensors, to: path, metadata: ["ember.exported_program": text])
        #expect(throws: EmberIOError.self) { _ = try ExportedProgram.load(from: path) }
        do {
            _ = try ExportedProgram.load(from: path)
        } catch let error as EmberIOError {
            #expect(error.message.contains("unknown op 'os.system'"))
        }
        try save(tensors, to: path)
        #expect(throws: EmberIOError.self) { _ = try ExportedProgram.load(from: path) }
    }
}
