import Ember
import EmberNN

/// The models `ember train` knows, by `--model` name.
enum ModelKind: String, CaseIterable, Sendable {
    case mlp, cnn

    /// A fresh model, initialised from the default generator (seeded by `--seed`).
    func make(dropout: Double) -> Module {
        switch self {
        case .mlp: return MNISTMLP(hiddenSize: 400, dropout: dropout)
        case .cnn: return mnistCNN()
        }
    }
}

/// The tutorial's MLP: 784-400-10 with a ReLU (and, with `--dropout`, a Dropout after it).
final class MNISTMLP: Module {
    let layer1: Linear
    let dropout: Dropout?
    let layer2: Linear

    init(hiddenSize: Int, dropout p: Double) {
        layer1 = Linear(784, hiddenSize)
        dropout = p > 0 ? Dropout(p: p) : nil
        layer2 = Linear(hiddenSize, 10)
        super.init()
    }

    override func forward(_ x: Tensor) -> Tensor {
        var out = relu(layer1(x.reshape(-1, 28 * 28)))
        if let dropout { out = dropout(out) }
        return layer2(out)
    }
}

/// PyTorch's examples/mnist CNN (`bench/reference/mnist_cnn.py`): two 3×3 convolutions, a
/// 2×2 max pool, and two linear layers, with Dropout(0.25) and Dropout(0.5). A plain
/// Sequential, so its state-dict keys are PyTorch's (`0.weight`, …, `7.weight`).
func mnistCNN() -> Sequential {
    Sequential(
        Conv2d(1, 32, kernelSize: 3), ReLU(), Conv2d(32, 64, kernelSize: 3), ReLU(), MaxPool2d(kernelSize: 2),
        Dropout(p: 0.25), Flatten(), Linear(9216, 128), ReLU(), Dropout(p: 0.5), Linear(128, 10))
}
