// `torch.nn.functional.one_hot`: class indices to int64 indicator vectors.

/// `F.one_hot(tensor, num_classes=-1)`: an int64 tensor of shape `tensor.shape + [numClasses]`
/// with a 1 at each index. `numClasses: -1` uses the largest index + 1. Only int64 indices
/// are accepted, as in PyTorch.
public func oneHot(_ tensor: Tensor, numClasses: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    // Without `numClasses` the result's size depends on the values: not a graph node, so
    // capture stops at the value read.
    if numClasses == -1 { return oneHotBody(tensor, numClasses: numClasses, file: file, line: line) }
    return Tensor.traced("aten.one_hot", [.tensor(tensor), .int(numClasses)], file: file, line: line) {
        oneHotBody(tensor, numClasses: numClasses, file: file, line: line)
    }
}

private func oneHotBody(_ tensor: Tensor, numClasses: Int, file: StaticString, line: UInt) -> Tensor {
    guard tensor.dtype == .int64 else {
        emberFatal("one_hot is only applicable to index tensor of type LongTensor.", file: file, line: line)
    }
    let values = tensor.toArray(Int64.self, file: file, line: line)
    var classes = numClasses
    if values.isEmpty {
        if classes <= 0 { emberFatal("Can not infer total number of classes from empty tensor.", file: file, line: line) }
    } else {
        if values.contains(where: { $0 < 0 }) { emberFatal("Class values must be non-negative.", file: file, line: line) }
        let largest = Int(values.max()!)
        if classes == -1 { classes = largest + 1 }
        if largest >= classes { emberFatal("Class values must be smaller than num_classes.", file: file, line: line) }
    }
    var out = [Int64](repeating: 0, count: values.count * classes)
    for (i, v) in values.enumerated() { out[i * classes + Int(v)] = 1 }
    return Tensor(out, shape: tensor.shape + [classes], device: tensor.device)
}
