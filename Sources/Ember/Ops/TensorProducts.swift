// Products and grids of whole tensors: `meshgrid`, `cartesian_prod`, `tensordot`, `kron`.
// All are composed of views, reshapes and matmul, as in PyTorch, so their gradients come
// from those ops.

extension Tensor {
    /// `torch.meshgrid(*tensors, indexing)`: for 0-d or 1-d tensors of sizes n0, n1, …, one
    /// tensor per input, each of shape `[n0, n1, …]` (`"ij"`, the default here as in PyTorch)
    /// or `[n1, n0, …]` (`"xy"`, Cartesian), holding its input's values along its own dim.
    /// The results are expanded views.
    public static func meshgrid(_ tensors: [Tensor], indexing: String = "ij",
                                file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        guard !tensors.isEmpty else { emberFatal("meshgrid expects a non-empty TensorList", file: file, line: line) }
        for t in tensors where t.ndim > 1 {
            emberFatal("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: \(t)", file: file, line: line)
        }
        for t in tensors.dropFirst() {
            guard t.dtype == tensors[0].dtype else { emberFatal("meshgrid expects all tensors to have the same dtype", file: file, line: line) }
            guard t.device == tensors[0].device else { emberFatal("meshgrid expects all tensors to have the same device", file: file, line: line) }
        }
        guard indexing == "ij" || indexing == "xy" else {
            emberFatal("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: \(indexing)", file: file, line: line)
        }
        // "xy" is "ij" with the first two inputs' dims swapped.
        var position = Array(tensors.indices)
        if indexing == "xy" && tensors.count >= 2 { position.swapAt(0, 1) }
        var gridShape = Array(repeating: 0, count: tensors.count)
        for (i, t) in tensors.enumerated() { gridShape[position[i]] = t.count }
        return tensors.enumerated().map { i, t in
            var viewShape = Array(repeating: 1, count: tensors.count)
            viewShape[position[i]] = t.count
            return t.reshape(viewShape, file: file, line: line).expand(gridShape, file: file, line: line)
        }
    }
}

/// `torch.cartesian_prod(*tensors)`: every combination of one element from each 1-D
/// tensor, as the rows of an `[n0 * n1 * …, count]` tensor (one tensor gives itself).
public func cartesianProd(_ tensors: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    for t in tensors where t.ndim != 1 {
        emberFatal("Expect a 1D vector, but got shape \(shapeString(t.shape))", file: file, line: line)
    }
    if tensors.count == 1 { return tensors[0] }
    let grids = Tensor.meshgrid(tensors, indexing: "ij", file: file, line: line)
    return stack(grids.map { $0.flatten(file: file, line: line) }, dim: 1, file: file, line: line)
}

/// `torch.tensordot(a, b, dims=n)`: contracts the last `n` dims of `a` with the first `n`
/// dims of `b` (the default 2 is PyTorch's).
public func tensordot(_ a: Tensor, _ b: Tensor, dims: Int = 2, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard dims >= 0 else { emberFatal("tensordot expects dims >= 0, but got dims=\(dims)", file: file, line: line) }
    guard dims <= a.ndim && dims <= b.ndim else {
        emberFatal("tensordot expects dims < ndim_a or ndim_b, but got dims=\(dims)", file: file, line: line)
    }
    return tensordot(a, b, dims: (Array(-dims..<0), Array(0..<dims)), file: file, line: line)
}

/// `torch.tensordot(a, b, dims=(dims_a, dims_b))`: contracts `a`'s dims `dims.0` with
/// `b`'s dims `dims.1`, pairwise. The result has `a`'s other dims, then `b`'s. A contracted
/// dim of size 1 on one side is summed over the other side's, as in PyTorch.
public func tensordot(_ a: Tensor, _ b: Tensor, dims: ([Int], [Int]), file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard dims.0.count == dims.1.count else { emberFatal("both dimension lists should have same length", file: file, line: line) }
    guard a.dtype == b.dtype else { emberFatal("both inputs should have same dtype", file: file, line: line) }
    var x = a, y = b
    var contractedA: [Int] = [], contractedB: [Int] = []
    for (da, db) in zip(dims.0, dims.1) {
        let i = normalizeDim(da, a.ndim, file: file, line: line), j = normalizeDim(db, b.ndim, file: file, line: line)
        for (list, d) in [(contractedA, i), (contractedB, j)] where list.contains(d) {
            emberFatal("dim \(d) appears multiple times in the list of dims", file: file, line: line)
        }
        let (sa, sb) = (a.shape[i], b.shape[j])
        if sa != sb {
            // A size-1 dim broadcasts: the other side is summed over that dim instead.
            if sa == 1 { y = y.sum(dim: j, keepdim: true, file: file, line: line) }
            else if sb == 1 { x = x.sum(dim: i, keepdim: true, file: file, line: line) }
            else {
                emberFatal("contracted dimensions need to match, but first has size \(sa) in dim \(da) and second has size \(sb) in dim \(db)", file: file, line: line)
            }
        }
        contractedA.append(i)
        contractedB.append(j)
    }
    let freeA = (0..<a.ndim).filter { !contractedA.contains($0) }
    let freeB = (0..<b.ndim).filter { !contractedB.contains($0) }
    let k = contractedA.map { x.shape[$0] }.reduce(1, *)
    let rows = freeA.map { x.shape[$0] }.reduce(1, *), cols = freeB.map { y.shape[$0] }.reduce(1, *)
    let left = x.permute(freeA + contractedA, file: file, line: line).reshape([rows, k], file: file, line: line)
    let right = y.permute(contractedB + freeB, file: file, line: line).reshape([k, cols], file: file, line: line)
    let outShape = freeA.map { a.shape[$0] } + freeB.map { b.shape[$0] }
    return mm(left, right, file: file, line: line).reshape(outShape, file: file, line: line)
}

/// `torch.kron(a, b)`: the Kronecker product; the shorter shape is padded with leading 1s
/// and dim `i` of the result has size `a.shape[i] * b.shape[i]`.
public func kron(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let n = Swift.max(a.ndim, b.ndim)
    let shapeA = Array(repeating: 1, count: n - a.ndim) + a.shape
    let shapeB = Array(repeating: 1, count: n - b.ndim) + b.shape
    // a as [a0, 1, a1, 1, …] times b as [1, b0, 1, b1, …], then each pair merged.
    let interleavedA = shapeA.flatMap { [$0, 1] }, interleavedB = shapeB.flatMap { [1, $0] }
    let product = a.reshape(interleavedA, file: file, line: line) * b.reshape(interleavedB, file: file, line: line)
    return product.reshape(zip(shapeA, shapeB).map { $0 * $1 }, file: file, line: line)
}

extension Tensor {
    /// `tensordot(other, dims)`: the free function as a method (PyTorch has only
    /// `torch.tensordot`; Ember gives math both spellings).
    public func tensordot(_ other: Tensor, dims: Int = 2, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.tensordot(self, other, dims: dims, file: file, line: line)
    }

    /// `tensordot(other, dims: (dimsA, dimsB))`.
    public func tensordot(_ other: Tensor, dims: ([Int], [Int]), file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.tensordot(self, other, dims: dims, file: file, line: line)
    }

    /// `kron(other)`.
    public func kron(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.kron(self, other, file: file, line: line)
    }
}
