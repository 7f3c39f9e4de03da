import Foundation
import OrderedCollections
import Testing
import EmberNN

/// The net of make_interop_fixtures.py, with PyTorch's attribute names.
private final class InteropNet: Module {
    let conv = Conv2d(1, 3, kernelSize: 3, padding: 1)
    let bn = BatchNorm2d(3)
    let fc = Linear(48, 5)

    override func forward(_ x: Tensor) -> Tensor {
        fc(relu(bn(conv(x))).flatten(startDim: 1))
    }
}

private func interopFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// Weights saved by PyTorch (safetensors.torch.save_file and torch.save) load by name into
/// the Ember model of the same architecture and give PyTorch's outputs.
@Suite struct InteropTests {
    @Test(arguments: ["interop_net.safetensors", "interop_net.pt"])
    func pytorchWeightsLoadByNameAndMatchPyTorchOutputs(file: String) throws {
        let model = InteropNet()
        let state = file.hasSuffix(".pt") ? try loadPyTorch(from: interopFixture(file)) : try load(from: interopFixture(file))
        try model.loadStateDict(state)
        model.eval()
        let io = try load(from: interopFixture("interop_io.safetensors"))
        let y = noGrad { model(io["x"]!) }
        expectClose(y, io["y"]!, atol: 1e-6)
        #expect(model.bn.numBatchesTracked!.item(Int64.self) == 12)
    }

    @Test func emberStateDictRoundTripsThroughSafetensors() throws {
        let model = InteropNet()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interop-\(UUID().uuidString).safetensors").path
        try save(model.stateDict(), to: path)
        let restored = InteropNet()
        try restored.loadStateDict(load(from: path))
        for (key, t) in model.stateDict() { #expect(restored.stateDict()[key]!.equal(t), "\(key)") }
    }
}

private func expectClose(_ a: Tensor, _ b: Tensor, atol: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, sourceLocation: sourceLocation)
    for (x, y) in zip(a.toArray(Double.self), b.toArray(Double.self)) {
        #expect(abs(x - y) <= atol, "\(x) != \(y)", sourceLocation: sourceLocation)
    }
}
