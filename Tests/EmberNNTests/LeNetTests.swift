import Foundation
import OrderedCollections
import Testing
import EmberNN

// The "done when": a LeNet-style CNN started from weights exported from PyTorch
// trains on a fixed batch sequence, and its loss at each step matches PyTorch's to 1e-4
// relative. Fixtures/make_lenet_fixture.py wrote the weights, the batches and PyTorch's
// losses (SGD(lr=0.05, momentum=0.9) and Adam(lr=1e-3), 20 steps of 8 images each).
//
// A debug build runs the first 3 steps; `swift test -c release --filter LeNetTests` runs
// all 20 (EMBER_LENET_STEPS overrides either).

/// The model of make_lenet_fixture.py, with the same state-dict keys.
final class LeNet: Module {
    let conv1 = Conv2d(1, 6, kernelSize: 5)
    let conv2 = Conv2d(6, 16, kernelSize: 5)
    let fc1 = Linear(256, 120)
    let fc2 = Linear(120, 84)
    let fc3 = Linear(84, 10)

    override func forward(_ input: Tensor) -> Tensor {
        var x = maxPool2d(relu(conv1(input)), kernelSize: 2)
        x = maxPool2d(relu(conv2(x)), kernelSize: 2)
        x = x.flatten(startDim: 1)
        x = relu(fc1(x))
        x = relu(fc2(x))
        return fc3(x)
    }
}

/// Reads a safetensors file (F32, F64, I64, U8) into tensors, in file order.
func readSafetensors(_ url: URL) throws -> [String: Tensor] {
    let data = try Data(contentsOf: url)
    let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + headerLength))) as! [String: Any]
    let base = 8 + headerLength
    var result: [String: Tensor] = [:]
    for (name, value) in header where name != "__metadata__" {
        let entry = value as! [String: Any]
        let shape = entry["shape"] as! [Int]
        let offsets = entry["data_offsets"] as! [Int]
        let bytes = data.subdata(in: (base + offsets[0])..<(base + offsets[1]))
        func values<T>(_: T.Type) -> [T] {
            bytes.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
        }
        switch entry["dtype"] as! String {
        case "F32": result[name] = Tensor(values(Float.self), shape: shape)
        case "F64": result[name] = Tensor(values(Double.self), shape: shape)
        case "I64": result[name] = Tensor(values(Int64.self), shape: shape)
        case "U8": result[name] = Tensor(values(UInt8.self), shape: shape)
        default: throw CocoaError(.fileReadCorruptFile)
        }
    }
    return result
}

/// The fixture: PyTorch's initial weights, batches and per-step losses.
struct LeNetFixture {
    let tensors: [String: Tensor]

    init() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/lenet_fixture.safetensors")
        tensors = try readSafetensors(url)
    }

    static let weightKeys = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                             "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"]

    func model() throws -> LeNet {
        let model = LeNet()
        var state = OrderedDictionary<String, Tensor>()
        for key in Self.weightKeys { state[key] = tensors[key]! }
        try model.loadStateDict(state)
        return model
    }

    /// Trains `steps` steps and returns (Ember loss, PyTorch loss) per step.
    func train(optimizer kind: String, steps: Int) throws -> [(ember: Double, torch: Double)] {
        let model = try model()
        let optimizer: Optimizer = kind == "sgd" ? SGD(model.parameters(), lr: 0.05, momentum: 0.9)
                                                 : Adam(model.parameters(), lr: 1e-3)
        let images = tensors["images"]!, labels = tensors["labels"]!
        let expected = tensors["losses_\(kind)"]!.toArray(Double.self)
        var result: [(ember: Double, torch: Double)] = []
        for i in 0..<steps {
            let x = images[i].to(.float32) / 255
            let loss = crossEntropy(model(x), labels[i])
            optimizer.zeroGrad()
            loss.backward()
            _ = optimizer.step()
            result.append((loss.item(), expected[i]))
        }
        return result
    }
}

/// 3 steps in a debug build, 20 in release; EMBER_LENET_STEPS overrides.
private var lenetSteps: Int {
    if let value = ProcessInfo.processInfo.environment["EMBER_LENET_STEPS"], let n = Int(value) { return min(n, 20) }
    #if DEBUG
    return 3
    #else
    return 20
    #endif
}

@Suite struct LeNetTests {
    @Test func stateDictKeysMatchPyTorch() throws {
        let fixture = try LeNetFixture()
        #expect(Array(LeNet().stateDict().keys) == LeNetFixture.weightKeys)
        let model = try fixture.model()
        #expect(model.conv1.weight.equal(fixture.tensors["conv1.weight"]!))
        #expect(model.fc3.bias!.equal(fixture.tensors["fc3.bias"]!))
        #expect(fixture.tensors["images"]!.shape == [20, 8, 1, 28, 28])
    }

    @Test func sgdLossesMatchPyTorch() throws {
        for (step, pair) in try LeNetFixture().train(optimizer: "sgd", steps: lenetSteps).enumerated() {
            #expect(Swift.abs(pair.ember - pair.torch) <= 1e-4 * Swift.abs(pair.torch),
                    "step \(step): Ember \(pair.ember), PyTorch \(pair.torch)")
        }
    }

    @Test func adamLossesMatchPyTorch() throws {
        for (step, pair) in try LeNetFixture().train(optimizer: "adam", steps: lenetSteps).enumerated() {
            #expect(Swift.abs(pair.ember - pair.torch) <= 1e-4 * Swift.abs(pair.torch),
                    "step \(step): Ember \(pair.ember), PyTorch \(pair.torch)")
        }
    }
}
