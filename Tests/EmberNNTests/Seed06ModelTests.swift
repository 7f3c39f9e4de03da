import Testing
import EmberNN

/// The seed-06 model, as the tutorial writes it.
final class BasicNeuralNet: Module {
    let layer1: Linear
    let layer2: Linear

    init(inputSize: Int = 784, hiddenSize: Int) {
        layer1 = Linear(inputSize, hiddenSize)
        layer2 = Linear(hiddenSize, 10)
        super.init()
    }

    override func forward(_ x: Tensor) -> Tensor {
        var out = layer1(x)
        out = relu(out)
        out = layer2(out)
        return out
    }
}

@Suite struct Seed06ModelTests {
    /// Names and shapes as the seed prints them (recorded from PyTorch's named_parameters()).
    @Test func parameterNamesMatchTheSeed() {
        let model = BasicNeuralNet(hiddenSize: 400)
        let lines = model.namedParameters().map { "\($0.name) \($0.parameter.shape)" }
        #expect(lines == ["layer1.weight [400, 784]", "layer1.bias [400]", "layer2.weight [10, 400]", "layer2.bias [10]"])
        #expect(model.stateDict().keys.elements == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"])
    }

    /// Trains on in-memory tensors (a learnable linear labelling of random inputs) with the
    /// seed's loss and optimizer; small sizes keep the debug build fast.
    @Test func trainsOnInMemoryTensors() {
        let g = Generator(seed: 7)
        let inputs = Tensor.randn([64, 32], generator: g)
        let labels = inputs.matmul(Tensor.randn([32, 10], generator: g)).argmax(dim: 1)
        let model = BasicNeuralNet(inputSize: 32, hiddenSize: 24)
        let criterion = CrossEntropyLoss()
        let optimizer = Adam(model.parameters(), lr: 0.01)
        var losses: [Double] = []
        for step in 0..<60 {
            let start = (step % 4) * 16
            let batch = Tensor.arange(start, start + 16)
            let loss = criterion(model(inputs.indexSelect(0, batch)), labels.indexSelect(0, batch))
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        }
        model.eval()
        let accuracy = noGrad { (model(inputs).argmax(dim: 1) .== labels).to(.float64).mean().item() }
        let early: Double = losses.prefix(4).reduce(0, +) / 4
        let late: Double = losses.suffix(4).reduce(0, +) / 4
        #expect(late < 0.5 * early, "loss \(early) -> \(late)")
        #expect(accuracy > 0.8, "training accuracy \(accuracy)")
    }
}

/// The README's EmberNN example, run as written.
@Suite struct ReadmeModelTests {
    final class Net: Module {
        let layer1 = Linear(784, 400)
        let layer2 = Linear(400, 10)
        override func forward(_ x: Tensor) -> Tensor { layer2(relu(layer1(x))) }
    }

    @Test func readmeExampleRuns() {
        let model = Net()
        let optimizer = Adam(model.parameters(), lr: 1e-3)
        let before = model.layer2.bias!.toArray(Double.self)
        let loss = CrossEntropyLoss()(model(Tensor.randn(4, 784)), Tensor.randint(0, 10, [4]))
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
        #expect(model.layer2.bias!.toArray(Double.self) != before)
        #expect(String(describing: model).hasPrefix("Net(\n  (layer1): Linear(in_features=784, out_features=400, bias=True)"))
        #expect(model.stateDict().keys.elements == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"])
    }
}
