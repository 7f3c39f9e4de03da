import Ember

/// `torch.nn.utils.parameters_to_vector(parameters)`: every parameter flattened and
/// concatenated into one vector (differentiable, as in PyTorch).
public func parametersToVector(_ parameters: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if let first = parameters.first {
        for p in parameters where p.device != first.device {
            emberFatal("Found two parameters on different devices, this is currently not supported.", file: file, line: line)
        }
    }
    return cat(parameters.map { $0.reshape([-1], file: file, line: line) }, dim: 0, file: file, line: line)
}

/// `torch.nn.utils.vector_to_parameters(vec, parameters)`: copies consecutive slices of
/// `vec` into the parameters, in place and unrecorded (PyTorch replaces `param.data`).
public func vectorToParameters(_ vec: Tensor, _ parameters: [Tensor], file: StaticString = #fileID, line: UInt = #line) {
    var offset = 0
    for p in parameters {
        let n = p.count
        let slice = vec.narrow(0, offset, n, file: file, line: line).view(p.shape, file: file, line: line)
        noGrad { _ = p.copy_(slice, file: file, line: line) }
        offset += n
    }
}
