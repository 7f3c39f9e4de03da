import ArgumentParser
import Ember

/// The `ember` command line: train, evaluate and predict with MNIST models; info; bench.
struct EmberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ember",
        abstract: "Ember: PyTorch's programming model in Swift.",
        version: emberVersion,
        subcommands: [Train.self, Evaluate.self, Predict.self, Export.self, Info.self, Bench.self])
}

/// `ember info`: what this build sees.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the version, devices and a tensor round trip.")

    func run() {
        print("Ember \(emberVersion)")
        print("CUDA available: \(CUDA.isAvailable) (devices: \(CUDA.deviceCount))")
        print("MPS available: \(MPS.isAvailable)")
        print("default dtype: \(defaultDType)")
        let x = Tensor.arange(6).reshape(2, 3)
        print("x =", x)
        print("x.T @ x =", x.T.matmul(x))
    }
}
