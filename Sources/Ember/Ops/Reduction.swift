extension Tensor {
    /// Normalised, sorted, de-duplicated reduction dims; nil or empty means all dims.
    func reductionDims(_ dims: [Int]?, file: StaticString, line: UInt) -> [Int] {
        guard let dims, !dims.isEmpty else { return Array(0..<ndim) }
        let normalized = dims.map { normalizeDim($0, ndim, file: file, line: line) }
        if Set(normalized).count != normalized.count {
            emberFatal("dim \(normalized.first { d in normalized.filter { $0 == d }.count > 1 }!) appears multiple times in the list of dims", file: file, line: line)
        }
        return normalized.filter { $0 < ndim }.sorted()
    }

    /// The output shape of a reduction, with the reduced dims kept as 1 or dropped.
    func reducedShape(_ dims: [Int], keepdim: Bool) -> [Int] {
        keepdim ? shape.enumerated().map { dims.contains($0.offset) ? 1 : $0.element }
                : shape.enumerated().filter { !dims.contains($0.offset) }.map(\.element)
    }

    /// Runs a reduce kernel into a tensor of `dtype`.
    func reduceKernel(_ op: ReduceOp, _ dims: [Int], keepdim: Bool, dtype: DType) -> Tensor {
        let kept = reducedShape(dims, keepdim: true)
        let out = Tensor(uninitializedShape: kept, dtype: dtype, device: device)
        backend.reduce(op, view, dims: dims, into: out.view)
        return keepdim ? out : out.alias(shape: reducedShape(dims, keepdim: false),
                                         strides: contiguousStrides(reducedShape(dims, keepdim: false)), offset: 0)
    }

    /// Re-inserts reduced dims as size 1, so a reduced gradient broadcasts back.
    func unsqueezeReduced(_ dims: [Int], keepdim: Bool, to shape: [Int]) -> Tensor {
        keepdim ? self : reshape(shape.enumerated().map { dims.contains($0.offset) ? 1 : $0.element })
    }

    /// Sums a broadcast gradient back to `target` (`sum_to_size`).
    public func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = ndim - target.count
        var dims = Array(0..<Swift.max(lead, 0))
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 { dims.append(lead + i) }
        var r = dims.isEmpty ? self : sum(dim: dims, keepdim: true)
        if lead > 0 || r.shape != target { r = r.reshape(target) }
        return r
    }

    // MARK: - sum, mean, prod

    /// `sum()`: bool and integer inputs sum to int64, as in PyTorch.
    public func sum(dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sum(dim: nil, keepdim: false, dtype: dtype, file: file, line: line)
    }

    /// `sum(dim:keepdim:)`.
    public func sum(dim: Int, keepdim: Bool = false, dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sum(dim: [dim], keepdim: keepdim, dtype: dtype, file: file, line: line)
    }

    public func sum(dim: [Int]?, keepdim: Bool = false, dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.sum", [.tensor(self), dim.map { .ints($0) } ?? .none, .bool(keepdim), dtype.map { .dtype($0) } ?? .none], file: file, line: line) {
            let dims = reductionDims(dim, file: file, line: line)
            let outType = dtype ?? (self.dtype.isFloatingOrComplex ? self.dtype : .int64)
            let out = converted(to: dtype ?? self.dtype).reduceKernel(.sum, dims, keepdim: keepdim, dtype: outType)
            let inputShape = shape
            Tensor.record("SumBackward\(dim == nil ? 0 : 1)", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [ctx.grad.unsqueezeReduced(dims, keepdim: keepdim, to: inputShape).expand(inputShape)]
            }
            return out
        }
    }

    /// `mean()`: floating inputs only, with PyTorch's message for others.
    public func mean(dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        mean(dim: nil, keepdim: false, dtype: dtype, file: file, line: line)
    }

    public func mean(dim: Int, keepdim: Bool = false, dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        mean(dim: [dim], keepdim: keepdim, dtype: dtype, file: file, line: line)
    }

    public func mean(dim: [Int]?, keepdim: Bool = false, dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.mean", [.tensor(self), dim.map { .ints($0) } ?? .none, .bool(keepdim), dtype.map { .dtype($0) } ?? .none], file: file, line: line) {
            let resolved = dtype ?? self.dtype
            guard resolved.isFloatingOrComplex else {
                emberFatal("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(resolved.scalarTypeName)", file: file, line: line)
            }
            let dims = reductionDims(dim, file: file, line: line)
            let n = dims.map { shape[$0] }.reduce(1, *)
            let total = converted(to: resolved).reduceKernel(.sum, dims, keepdim: keepdim, dtype: resolved)
            let out = Tensor.binaryKernel(.div, total, Tensor.wrap(Double(n), device: device), compute: resolved, result: resolved, file: file, line: line)
            let inputShape = shape
            Tensor.record("MeanBackward\(dim == nil ? 0 : 1)", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [(ctx.grad / Double(n)).unsqueezeReduced(dims, keepdim: keepdim, to: inputShape).expand(inputShape)]
            }
            return out
        }
    }

    /// `prod()`.
    public func prod(dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        prod(dims: nil, keepdim: false, dtype: dtype, file: file, line: line)
    }

    public func prod(dim: Int, keepdim: Bool = false, dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        prod(dims: [dim], keepdim: keepdim, dtype: dtype, file: file, line: line)
    }

    private func prod(dims dim: [Int]?, keepdim: Bool, dtype: DType?, file: StaticString, line: UInt) -> Tensor {
        Tensor.traced("aten.prod", [.tensor(self), dim.map { .int($0[0]) } ?? .none, .bool(keepdim), dtype.map { .dtype($0) } ?? .none], file: file, line: line) {
            let dims = reductionDims(dim, file: file, line: line)
            let outType = dtype ?? (self.dtype.isFloatingOrComplex ? self.dtype : .int64)
            let out = converted(to: dtype ?? self.dtype).reduceKernel(.prod, dims, keepdim: keepdim, dtype: outType)
            let inputShape = shape
            Tensor.record("ProdBackward\(dim == nil ? 0 : 1)", inputs: [self], saving: [self], savingOutputs: true,
                          outputs: [out], file: file, line: line) { ctx in
                let x = ctx.saved(0), y = ctx.saved(1)
                let g = ctx.grad.unsqueezeReduced(dims, keepdim: keepdim, to: inputShape)
                let p = y.unsqueezeReduced(dims, keepdim: keepdim, to: inputShape)
                // Product of the others: p / x where x != 0; exact recomputation where x == 0.
                let zeroSafe = Tensor.where(x .== 0, Tensor.ones(like: x), x)
                var others = p / zeroSafe
                if noGrad({ (x .== 0).any().item() != 0 }) {
                    let withOne = Tensor.where(x .== 0, Tensor.ones(like: x), x)
                    let zeros = (x .== 0).to(x.dtype).sum(dim: dims, keepdim: true)
                    let prodNonzero = withOne.prod(dims: dims, keepdim: true, dtype: nil, file: file, line: line)
                    let single = Tensor.where(zeros .== 1, prodNonzero, Tensor.zeros(like: prodNonzero))
                    others = Tensor.where(x .== 0, single.expand(inputShape), Tensor.where(zeros .> 0, Tensor.zeros(like: x), others))
                }
                return [g * others]
            }
            return out
        }
    }

    // MARK: - max, min, argmax, argmin

    /// `max()`: the largest element (NaN if any).
    public func max(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.max", [.tensor(self)], file: file, line: line) {
            extremum(.max, "MaxBackward1", file: file, line: line)
        }
    }

    /// `min()`: the smallest element (NaN if any).
    public func min(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.min", [.tensor(self)], file: file, line: line) {
            extremum(.min, "MinBackward1", file: file, line: line)
        }
    }

    private func extremum(_ op: ReduceOp, _ name: String, file: StaticString, line: UInt) -> Tensor {
        guard count > 0 else {
            emberFatal("\(op == .max ? "max" : "min")(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.", file: file, line: line)
        }
        if dtype.isComplex {
            emberFatal("\"\(op == .max ? "max" : "min")_all\" not implemented for 'ComplexFloat'", file: file, line: line)
        }
        let dims = Array(0..<ndim)
        let out = reduceKernel(op, dims, keepdim: false, dtype: dtype)
        Tensor.record(name, inputs: [self], saving: [self], savingOutputs: true, outputs: [out], file: file, line: line) { ctx in
            // The gradient is shared evenly among tied extremes, as PyTorch does.
            let mask = (ctx.saved(0) .== ctx.saved(1)).to(ctx.grad.dtype)
            return [mask * (ctx.grad / mask.sum())]
        }
        return out
    }

    /// `max(dim:keepdim:)`: values and the index of each maximum.
    public func max(dim: Int, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let r = Tensor.tracedMany("aten.max", [.tensor(self), .int(dim), .bool(keepdim)], file: file, line: line) {
            let (values, indices) = argExtremum(max: true, dim: dim, keepdim: keepdim, file: file, line: line)
            return [values, indices]
        }
        return (r[0], r[1])
    }

    /// `min(dim:keepdim:)`: values and the index of each minimum.
    public func min(dim: Int, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> (values: Tensor, indices: Tensor) {
        let r = Tensor.tracedMany("aten.min", [.tensor(self), .int(dim), .bool(keepdim)], file: file, line: line) {
            let (values, indices) = argExtremum(max: false, dim: dim, keepdim: keepdim, file: file, line: line)
            return [values, indices]
        }
        return (r[0], r[1])
    }

    private func argExtremum(max: Bool, dim: Int, keepdim: Bool, file: StaticString, line: UInt) -> (values: Tensor, indices: Tensor) {
        if dtype.isComplex {
            emberFatal("\(max ? "max" : "min")(): does not support complex input", file: file, line: line)
        }
        let source = ndim == 0 ? reshape([1]) : self
        let d = normalizeDim(dim, ndim, file: file, line: line)
        guard source.shape[d] > 0 else {
            emberFatal("\(max ? "max" : "min")(): Expected reduction dim \(d) to have non-zero size.", file: file, line: line)
        }
        var kept = source.shape
        kept[d] = 1
        let values = Tensor(uninitializedShape: kept, dtype: dtype, device: device)
        let indices = Tensor(uninitializedShape: kept, dtype: .int64, device: device)
        backend.argReduce(max: max, source.view, dim: d, values: values.view, indices: indices.view)
        let outShape = ndim == 0 ? [] : (keepdim ? kept : source.reducedShape([d], keepdim: false))
        let v = values.alias(shape: outShape, strides: contiguousStrides(outShape), offset: 0)
        let i = indices.alias(shape: outShape, strides: contiguousStrides(outShape), offset: 0)
        let inputShape = shape
        Tensor.record(max ? "MaxBackward0" : "MinBackward0", inputs: [self], outputs: [v, i], file: file, line: line) { ctx in
            let g = ctx.grad(0).unsqueezeReduced([d], keepdim: keepdim || inputShape.isEmpty, to: inputShape)
            let idx = i.unsqueezeReduced([d], keepdim: keepdim || inputShape.isEmpty, to: inputShape)
            let zeros = Tensor.zeros(inputShape.isEmpty ? [1] : inputShape, dtype: g.dtype)
            return [zeros.scatter(d, idx.reshape(idx.ndim == 0 ? [1] : idx.shape), g.reshape(g.ndim == 0 ? [1] : g.shape)).reshape(inputShape)]
        }
        return (v, i)
    }

    /// `argmax()` over all elements (flattened), or along `dim`.
    public func argmax(dim: Int? = nil, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.argmax", [.tensor(self), .optional(dim), .bool(keepdim)], file: file, line: line) {
            noGrad {
                guard let dim else {
                    guard count > 0 else {
                        emberFatal("argmax(): Expected reduction dim to be specified for input.numel() == 0.", file: file, line: line)
                    }
                    return flatten().max(dim: 0, file: file, line: line).indices
                }
                return max(dim: dim, keepdim: keepdim, file: file, line: line).indices
            }
        }
    }

    /// `argmin()` over all elements (flattened), or along `dim`.
    public func argmin(dim: Int? = nil, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.argmin", [.tensor(self), .optional(dim), .bool(keepdim)], file: file, line: line) {
            noGrad {
                guard let dim else {
                    guard count > 0 else {
                        emberFatal("argmin(): Expected reduction dim to be specified for input.numel() == 0.", file: file, line: line)
                    }
                    return flatten().min(dim: 0, file: file, line: line).indices
                }
                return min(dim: dim, keepdim: keepdim, file: file, line: line).indices
            }
        }
    }

    // MARK: - all, any

    /// `all()`: true when every element is nonzero.
    /// uint8 input gives uint8 output, as in PyTorch; every other dtype gives bool.
    public func all(dim: Int? = nil, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.all", [.tensor(self), .optional(dim), .bool(keepdim)], file: file, line: line) {
            reduceKernel(.all, reductionDims(dim.map { [$0] }, file: file, line: line), keepdim: keepdim,
                         dtype: dtype == .uint8 ? .uint8 : .bool)
        }
    }

    /// `any()`: true when some element is nonzero.
    /// uint8 input gives uint8 output, as in PyTorch; every other dtype gives bool.
    public func any(dim: Int? = nil, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.any", [.tensor(self), .optional(dim), .bool(keepdim)], file: file, line: line) {
            reduceKernel(.any, reductionDims(dim.map { [$0] }, file: file, line: line), keepdim: keepdim,
                         dtype: dtype == .uint8 ? .uint8 : .bool)
        }
    }
}

// Free-function forms.
public func sum(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.sum(file: file, line: line) }
public func mean(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.mean(file: file, line: line) }
