// Ember: PyTorch's programming model in Swift.
//
// `import Ember` gives `Tensor` with its dtypes, devices, strided views, ops and autograd.
// Layers, optimizers and data loading are in `EmberNN` and `EmberData`.

/// The library version.
public let emberVersion = "0.1.0"
