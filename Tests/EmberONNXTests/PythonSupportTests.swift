import Foundation
import Testing

/// The harness itself, without Ember: python writes a tiny Add model and its npz files, then
/// `onnx_check.py` passes it, and fails it when the expected outputs, the declared types or the
/// ops are wrong (so a passing export check means something).
@Suite struct PythonSupportTests {
    /// Writes model.onnx (y = a + b, a and b FLOAT [N, 3], N a dynamic axis) and two pairs:
    /// inputs.npz/expected.npz (N = 1) and inputs_2.npz/expected_2.npz (N = 4).
    /// argv: folder, then the expected-output offset, the declared output type and the op.
    static let writeAddModel = #"""
        import sys
        import numpy as np
        import onnx
        from onnx import helper, TensorProto
        folder, offset, out_type, op = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
        a = helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 3])
        b = helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N", 3])
        y = helper.make_tensor_value_info("y", getattr(TensorProto, out_type), ["N", 3])
        domain, _, op = op.rpartition(":")  # "com.example:Foo": an op of another domain
        graph = helper.make_graph([helper.make_node(op, ["a", "b"], ["y"], domain=domain)], "add", [a, b], [y])
        opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid(domain, 1)] if domain else [])
        model = helper.make_model(graph, opset_imports=opsets, ir_version=8,
                                  producer_name="PythonSupportTests")
        onnx.save(model, folder + "/model.onnx")
        rng = np.random.default_rng(0)
        for suffix, n in [("", 1), ("_2", 4)]:
            x1 = rng.standard_normal((n, 3), dtype=np.float32)
            x2 = rng.standard_normal((n, 3), dtype=np.float32)
            np.savez(f"{folder}/inputs{suffix}.npz", a=x1, b=x2)
            np.savez(f"{folder}/expected{suffix}.npz", y=(x1 + x2 + np.float32(offset)))
        """#

    static func writeAddModel(into folder: String, offset: Double = 0, outputType: String = "FLOAT",
                              op: String = "Add") throws {
        try ONNXPython.runPython(["-c", writeAddModel, folder, "\(offset)", outputType, op])
    }

    @Test(.onnxRuntime) func aCorrectModelPasses() throws {
        try ONNXPython.requirePython()
        try ONNXPython.withTempFolder { folder in
            try Self.writeAddModel(into: folder)
            let report = try ONNXPython.check(folder: folder)
            #expect(report.contains("checker: ok"))
            #expect(report.contains("ops: Add"))
            #expect(report.contains("run inputs.npz: output y ok"))
            #expect(report.contains("run inputs_2.npz: output y ok"))
            #expect(report.contains("opset ai.onnx 17"))

            let io = try ONNXPython.graphIO(folder: folder)
            #expect(io.inputs.map(\.name) == ["a", "b"])
            #expect(io.inputs[0].elem_type == "FLOAT")
            #expect(io.inputs[0].shape == [.param("N"), .value(3)])
            #expect(io.outputs.map(\.name) == ["y"])
            #expect(try ONNXPython.io(folder: folder).contains(#""shape":["N",3]"#))
        }
    }

    @Test(.onnxRuntime) func wrongExpectedOutputsThrowTheMismatch() throws {
        try ONNXPython.requirePython()
        try ONNXPython.withTempFolder { folder in
            try Self.writeAddModel(into: folder, offset: 1e-3)
            let error = #expect(throws: ONNXPython.Failure.self) { try ONNXPython.check(folder: folder) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("checker: ok"))
            #expect(text.contains("run inputs.npz: output y MISMATCH"))
            #expect(text.contains("run inputs_2.npz: output y MISMATCH"))
            #expect(text.contains("max abs"))
            #expect(text.contains("worst at"))
            #expect(error?.status == 1)
            // A looser tolerance lets the same files pass.
            #expect(throws: Never.self) { try ONNXPython.check(folder: folder, rtol: 0, atol: 2e-3) }
        }
    }

    /// full_check: the declared INT64 output of a FLOAT Add fails strict shape inference.
    @Test(.onnxRuntime) func aWronglyTypedOutputFailsTheChecker() throws {
        try ONNXPython.requirePython()
        try ONNXPython.withTempFolder { folder in
            try Self.writeAddModel(into: folder, outputType: "INT64")
            let error = #expect(throws: ONNXPython.Failure.self) { try ONNXPython.check(folder: folder) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("checker: FAILED"))
            #expect(text.contains("Inferred elem type differs"))
        }
    }

    /// An unknown op of the default domain fails the checker.
    @Test(.onnxRuntime) func anUnknownOpFailsTheChecker() throws {
        try ONNXPython.requirePython()
        try ONNXPython.withTempFolder { folder in
            try Self.writeAddModel(into: folder, op: "NoSuchOp")
            let error = #expect(throws: ONNXPython.Failure.self) { try ONNXPython.check(folder: folder) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("checker: FAILED"))
            #expect(text.contains("NoSuchOp"))
        }
    }

    /// An op of another domain passes the checker (it cannot know it) but fails onnxruntime's
    /// session, with onnxruntime's text.
    @Test(.onnxRuntime) func anOpOnnxruntimeLacksFailsTheSession() throws {
        try ONNXPython.requirePython()
        try ONNXPython.withTempFolder { folder in
            try Self.writeAddModel(into: folder, op: "com.example:NoSuchOp")
            let error = #expect(throws: ONNXPython.Failure.self) { try ONNXPython.check(folder: folder) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("checker: ok"))
            #expect(text.contains("onnxruntime: FAILED to load"))
            #expect(text.contains("NoSuchOp"))
        }
    }

    @Test func tempFoldersAreUniqueAndRemoved() throws {
        let a = try ONNXPython.makeTempFolder(), b = try ONNXPython.makeTempFolder()
        #expect(a != b)
        #expect(URL(fileURLWithPath: a).lastPathComponent.hasPrefix("ember-onnx-"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: a + "/f"))
        ONNXPython.removeTempFolder(a)
        ONNXPython.removeTempFolder(b)
        #expect(!FileManager.default.fileExists(atPath: a))
        #expect(!FileManager.default.fileExists(atPath: b))
    }
}
