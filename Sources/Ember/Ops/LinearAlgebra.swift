/// `torch.matmul` with PyTorch's rules: 1-D·1-D is a dot product, 2-D·2-D a matrix product,
/// a 1-D operand gains (then loses) a dim, and batch dims broadcast.
public func matmul(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.matmul", [.tensor(a), .tensor(b)], file: file, line: line) {
        guard a.ndim > 0, b.ndim > 0 else {
            emberFatal("both arguments to matmul need to be at least 1D, but they are \(a.ndim)D and \(b.ndim)D", file: file, line: line)
        }
        if a.ndim == 1 && b.ndim == 1 { return dot(a, b, file: file, line: line) }
        if a.ndim == 2 && b.ndim == 2 { return mm(a, b, file: file, line: line) }
        if a.ndim == 2 && b.ndim == 1 { return mv(a, b, file: file, line: line) }
        if a.ndim == 1 && b.ndim == 2 { return mm(a.unsqueeze(0), b, file: file, line: line).squeeze(0) }
        if a.ndim >= 3 && b.ndim <= 2 {
            // Fold the batch of `a` into its rows: one mm (or mv) instead of a bmm, as PyTorch does
            // (so its errors are mm's and mv's, with the folded sizes).
            let rows = Array(a.shape.dropLast())
            let folded = a.reshape([rows.reduce(1, *), a.shape[a.ndim - 1]], file: file, line: line)
            let product = b.ndim == 1 ? mv(folded, b, file: file, line: line) : mm(folded, b, file: file, line: line)
            let shape = b.ndim == 1 ? rows : rows + [b.shape[1]], productShape = product.shape
            // PyTorch's `_unsafe_view` of the product (its node name).
            return product.makeView("UnsafeViewBackward0", shape: shape, strides: contiguousStrides(shape), file: file, line: line) { ctx in
                [ctx.grad.reshape(productShape)]
            }
        }
        // Broadcast batch dims, then a batched product over the flattened batch.
        let n = a.ndim > 1 ? a.shape[a.ndim - 2] : 1, k = a.shape[a.ndim - 1]
        let k2 = b.ndim > 1 ? b.shape[b.ndim - 2] : b.shape[0], p = b.ndim > 1 ? b.shape[b.ndim - 1] : 1
        let batch = broadcastShapes(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)), file: file, line: line)
        let count = batch.reduce(1, *)
        let a3 = a.expand(batch + [n, k], file: file, line: line).reshape([count, n, k], file: file, line: line)
        let b3 = (b.ndim == 1 ? b.unsqueeze(1) : b).expand(batch + [k2, p], file: file, line: line).reshape([count, k2, p], file: file, line: line)
        let outShape = batch + (a.ndim > 1 ? [n] : []) + (b.ndim > 1 ? [p] : [])
        return bmm(a3, b3, file: file, line: line).view(outShape, file: file, line: line)
    }
}

/// `torch.mm`: the product of two matrices.
public func mm(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.mm", [.tensor(a), .tensor(b)], file: file, line: line) {
        guard a.ndim == 2 else { emberFatal("mm: self must be a matrix, got \(a.ndim)-D tensor", file: file, line: line) }
        guard b.ndim == 2 else { emberFatal("mm: mat2 must be a matrix, got \(b.ndim)-D tensor", file: file, line: line) }
        guard a.shape[1] == b.shape[0] else {
            emberFatal("mm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))", file: file, line: line)
        }
        // A plain 2-D result (not a view of a 3-D one), so a weight gradient made by `mm` can
        // become `.grad` without a copy (Engine.accumulate).
        let product = batchedProduct(a.unsqueeze(0), b.unsqueeze(0), file: file, line: line)
        let out = product.alias(shape: [a.shape[0], b.shape[1]], strides: [product.strides[1], product.strides[2]], offset: product.storageOffset)
        Tensor.record("MmBackward0", inputs: [a, b], saving: [b.requiresGrad ? a : nil, a.requiresGrad ? b : nil], outputs: [out], file: file, line: line) { ctx in
            return [ctx.needs(0) ? mm(ctx.grad, ctx.saved(1).t()) : nil, ctx.needs(1) ? mm(ctx.saved(0).t(), ctx.grad) : nil]
        }
        return out
    }
}

/// `torch.mv`: matrix times vector.
public func mv(_ a: Tensor, _ v: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.mv", [.tensor(a), .tensor(v)], file: file, line: line) {
        guard a.ndim == 2, v.ndim == 1 else {
            emberFatal("vector + matrix @ vector expected, got 1, \(a.ndim), \(v.ndim)", file: file, line: line)
        }
        guard a.shape[1] == v.shape[0] else {
            emberFatal("size mismatch, got input (\(a.shape.first ?? 0)), mat (\(a.shape.map(String.init).joined(separator: "x"))), vec (\(v.shape.first ?? 0))", file: file, line: line)
        }
        let out = batchedProduct(a.unsqueeze(0), v.view([1, v.count, 1]), file: file, line: line).view([a.shape[0]])
        Tensor.record("MvBackward0", inputs: [a, v], saving: [v.requiresGrad ? a : nil, a.requiresGrad ? v : nil], outputs: [out], file: file, line: line) { ctx in
            return [ctx.needs(0) ? outer(ctx.grad, ctx.saved(1)) : nil, ctx.needs(1) ? mv(ctx.saved(0).t(), ctx.grad) : nil]
        }
        return out
    }
}

/// `torch.bmm`: batched matrix product of `[B, M, K]` and `[B, K, N]`.
public func bmm(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.bmm", [.tensor(a), .tensor(b)], file: file, line: line) {
        guard a.ndim == 3 else { emberFatal("batch1 must be a 3D tensor", file: file, line: line) }
        guard b.ndim == 3 else { emberFatal("batch2 must be a 3D tensor", file: file, line: line) }
        guard a.shape[0] == b.shape[0], a.shape[2] == b.shape[1] else {
            emberFatal("Expected size for first two dimensions of batch2 tensor to be: [\(a.shape[0]), \(a.shape[2])] but got: [\(b.shape[0]), \(b.shape[1])].", file: file, line: line)
        }
        guard a.dtype == b.dtype else {
            emberFatal("expected scalar type \(a.dtype.scalarTypeName) but found \(b.dtype.scalarTypeName)", file: file, line: line)
        }
        if a.dtype == .bool { emberFatal("\"bmm\" not implemented for 'Bool'", file: file, line: line) }
        let out = batchedProduct(a, b, file: file, line: line)
        Tensor.record("BmmBackward0", inputs: [a, b], saving: [b.requiresGrad ? a : nil, a.requiresGrad ? b : nil], outputs: [out], file: file, line: line) { ctx in
            return [ctx.needs(0) ? bmm(ctx.grad, ctx.saved(1).transpose(1, 2)) : nil, ctx.needs(1) ? bmm(ctx.saved(0).transpose(1, 2), ctx.grad) : nil]
        }
        return out
    }
}

/// The kernel call shared by mm, mv and bmm: same dtype required, as PyTorch requires.
private func batchedProduct(_ a: Tensor, _ b: Tensor, file: StaticString, line: UInt) -> Tensor {
    Tensor.checkSameDevice(a, b, file: file, line: line)
    guard a.dtype == b.dtype else {
        emberFatal("expected m1 and m2 to have the same dtype, but got: \(a.dtype.cppName) != \(b.dtype.cppName)", file: file, line: line)
    }
    // Float16 products accumulate in float32 and round once, as PyTorch's CPU path does.
    let compute: DType = a.dtype == .float16 ? .float32 : a.dtype
    // The backend reads strided operands in place (transposes, slices, stride-0 batches).
    let ac = a.converted(to: compute), bc = b.converted(to: compute)
    let out = Tensor(uninitializedShape: [a.shape[0], a.shape[1], b.shape[2]], dtype: compute, device: a.device)
    a.backend.matmul(ac.view, bc.view, into: out.view)
    return out.converted(to: a.dtype)
}

/// `torch.dot`: the inner product of two 1-D tensors.
public func dot(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.dot", [.tensor(a), .tensor(b)], file: file, line: line) {
        guard a.ndim == 1, b.ndim == 1 else {
            emberFatal("1D tensors expected, but got \(a.ndim)D and \(b.ndim)D tensors", file: file, line: line)
        }
        guard a.count == b.count else {
            emberFatal("inconsistent tensor size, expected tensor [\(a.count)] and src [\(b.count)] to have the same number of elements, but got \(a.count) and \(b.count) elements respectively", file: file, line: line)
        }
        guard a.dtype == b.dtype else {
            emberFatal("dot : expected both vectors to have same dtype, but found \(a.dtype.scalarTypeName) and \(b.dtype.scalarTypeName)", file: file, line: line)
        }
        let out = batchedProduct(a.view([1, 1, a.count]), b.view([1, b.count, 1]), file: file, line: line).view([])
        Tensor.record("DotBackward0", inputs: [a, b], saving: [b.requiresGrad ? a : nil, a.requiresGrad ? b : nil], outputs: [out], file: file, line: line) { ctx in
            return [ctx.needs(0) ? ctx.grad * ctx.saved(1) : nil, ctx.needs(1) ? ctx.grad * ctx.saved(0) : nil]
        }
        return out
    }
}

/// `torch.outer`: `a[i] * b[j]`.
public func outer(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.outer", [.tensor(a), .tensor(b)], file: file, line: line) {
        guard a.ndim == 1 else { emberFatal("outer: Expected 1-D argument self, but got \(a.ndim)-D", file: file, line: line) }
        guard b.ndim == 1 else { emberFatal("outer: Expected 1-D argument vec2, but got \(b.ndim)-D", file: file, line: line) }
        return a.unsqueeze(1) * b.unsqueeze(0)
    }
}

extension Tensor {
    /// Contiguous storage without recording (kernel operands).
    func contiguousData() -> Tensor {
        if isContiguous && storageOffset == 0 { return self }
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: device)
        backend.copy(view, into: out.view)
        return out
    }

    /// `matmul(other)`.
    public func matmul(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.matmul(self, other, file: file, line: line) }
    /// `mm(other)`.
    public func mm(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.mm(self, other, file: file, line: line) }
    /// `mv(vec)`.
    public func mv(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.mv(self, other, file: file, line: line) }
    /// `bmm(other)`.
    public func bmm(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.bmm(self, other, file: file, line: line) }
    /// `dot(other)`.
    public func dot(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.dot(self, other, file: file, line: line) }
    /// `outer(other)`.
    public func outer(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.outer(self, other, file: file, line: line) }
}

extension DType {
    /// The C++ type name PyTorch prints in some messages (`float != double`).
    var cppName: String {
        switch self {
        case .bool: "bool"
        case .uint8: "unsigned char"
        case .int8: "signed char"
        case .int16: "short int"
        case .bfloat16: "c10::BFloat16"
        case .complex64: "c10::complex<float>"
        case .int32: "int"
        case .int64: "long int"
        case .float16: "c10::Half"
        case .float32: "float"
        case .float64: "double"
        }
    }
}
