extension Tensor {
    /// `softmax(dim)`: exp(x - max) normalised along `dim`.
    public func softmax(dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.softmax", [.tensor(self), .int(dim)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            if dtype.isComplex {
                emberFatal("\"softmax_\(d == Swift.max(ndim - 1, 0) ? "lastdim_" : "")kernel_impl\" not implemented for 'ComplexFloat'", file: file, line: line)
            }
            let x = dtype.isFloatingPoint ? self : converted(to: defaultDType)
            let out: Tensor = noGrad {
                let shifted = x - x.amax(d)
                let e = shifted.exp()
                return e / e.sum(dim: d, keepdim: true)
            }
            Tensor.record("SoftmaxBackward0", inputs: [self], savingOutputs: true, outputs: [out], file: file, line: line) { ctx in
                let y = ctx.saved(0)
                let gy = ctx.grad * y
                return [gy - y * gy.sum(dim: d, keepdim: true)]
            }
            return out
        }
    }

    /// `log_softmax(dim)`: x - logsumexp(x) along `dim`, computed stably.
    public func logSoftmax(dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.log_softmax", [.tensor(self), .int(dim)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            if dtype.isComplex {
                emberFatal("\"log_softmax_\(d == Swift.max(ndim - 1, 0) ? "lastdim_" : "")kernel_impl\" not implemented for 'ComplexFloat'", file: file, line: line)
            }
            let x = dtype.isFloatingPoint ? self : converted(to: defaultDType)
            let out: Tensor = noGrad {
                let shifted = x - x.amax(d)
                return shifted - shifted.exp().sum(dim: d, keepdim: true).log()
            }
            Tensor.record("LogSoftmaxBackward0", inputs: [self], savingOutputs: true, outputs: [out], file: file, line: line) { ctx in
                let y = ctx.saved(0)
                return [ctx.grad - y.exp() * ctx.grad.sum(dim: d, keepdim: true)]
            }
            return out
        }
    }

    /// `logsumexp(dim, keepdim)`: log(sum(exp(x))) without overflow.
    public func logsumexp(dim: Int, keepdim: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.logsumexp", [.tensor(self), .int(dim), .bool(keepdim)], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            if dtype.isComplex { emberFatal("logsumexp of complex tensors is not supported in Ember yet", file: file, line: line) }
            let x = dtype.isFloatingPoint ? self : converted(to: defaultDType)
            let m = noGrad { x.amax(d) }
            // An all -inf row keeps its -inf instead of producing NaN.
            let safe = noGrad { Tensor.where(m.isfinite(), m, Tensor.zeros(like: m)) }
            let r = (x - safe).exp().sum(dim: d, keepdim: true).log() + safe
            return keepdim ? r : r.squeeze(d)
        }
    }

    /// The max along one dim with keepdim, values only and unrecorded (for stabilising).
    func amax(_ d: Int) -> Tensor {
        noGrad { reduceKernel(.max, ndim == 0 ? [] : [d], keepdim: true, dtype: dtype) }  // a 0-d tensor is its own max
    }

    /// `var(dim:unbiased:keepdim:)`: unbiased (Bessel's correction) by default, as in PyTorch.
    public func `var`(dim: Int? = nil, unbiased: Bool = true, keepdim: Bool = false,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.var", [.tensor(self), .optional(dim), .bool(unbiased), .bool(keepdim)], file: file, line: line) {
            guard dtype.isFloatingOrComplex else {
                emberFatal("std and var only support floating point and complex dtypes", file: file, line: line)
            }
            let dims = dim.map { [normalizeDim($0, ndim, file: file, line: line)] }
            let n = (dims ?? Array(0..<ndim)).map { shape[$0] }.reduce(1, *)
            let centered = self - mean(dim: dims ?? Array(0..<ndim), keepdim: true, file: file, line: line)
            // Complex input: |x - mean|^2, a float32 result as in PyTorch (no autograd on complex).
            let magnitudes = dtype.isComplex ? centered.abs() : centered
            let squares = (magnitudes * magnitudes).sum(dim: dims, keepdim: keepdim, file: file, line: line)
            return squares / Double(Swift.max(n - (unbiased ? 1 : 0), 0))
        }
    }

    /// `std(dim:unbiased:keepdim:)`: the square root of `var`.
    public func std(dim: Int? = nil, unbiased: Bool = true, keepdim: Bool = false,
                    file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.std", [.tensor(self), .optional(dim), .bool(unbiased), .bool(keepdim)], file: file, line: line) {
            self.var(dim: dim, unbiased: unbiased, keepdim: keepdim, file: file, line: line).sqrt()
        }
    }

    /// `cumsum(dim)`: running sums; integer inputs accumulate in int64.
    public func cumsum(dim: Int, dtype: DType? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.cumsum", [.tensor(self), .int(dim), dtype.map { .dtype($0) } ?? .none], file: file, line: line) {
            let d = normalizeDim(dim, ndim, file: file, line: line)
            let outType = dtype ?? (self.dtype.isFloatingOrComplex ? self.dtype : .int64)
            let input = converted(to: outType)
            let out = Tensor(uninitializedShape: shape, dtype: outType, device: device)
            if ndim == 0 { backend.copy(input.view, into: out.view) }
            else { backend.cumsum(input.view, dim: d, into: out.view) }
            Tensor.record("CumsumBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                // Reverse cumulative sum of the gradient.
                [ctx.grad.ndim == 0 ? ctx.grad : ctx.grad.flip(d).cumsum(dim: d).flip(d)]
            }
            return out
        }
    }

    /// `norm(p)`: the p-norm of all elements (2 by default), or along `dim`.
    public func norm(p: Double = 2, dim: Int? = nil, keepdim: Bool = false,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.norm", [.tensor(self), .double(p), .optional(dim), .bool(keepdim)], file: file, line: line) {
            guard dtype.isFloatingPoint else {
                emberFatal("linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(dtype.scalarTypeName)", file: file, line: line)
            }
            let dims = dim.map { [$0] }
            if p == .infinity { return abs().amaxRecorded(dims, keepdim: keepdim) }
            // The 0-"norm" counts nonzero elements (no gradient flows, as in PyTorch).
            if p == 0 { return noGrad { (self .!= 0).to(dtype).sum(dim: dims, keepdim: keepdim, file: file, line: line) } }
            if p == 1 { return abs().sum(dim: dims, keepdim: keepdim, file: file, line: line) }
            if p == 2 { return (self * self).sum(dim: dims, keepdim: keepdim, file: file, line: line).sqrt() }
            return (abs() ** p).sum(dim: dims, keepdim: keepdim, file: file, line: line) ** (1 / p)
        }
    }

    private func amaxRecorded(_ dims: [Int]?, keepdim: Bool) -> Tensor {
        guard let dims else { return self.max() }
        return self.max(dim: dims[0], keepdim: keepdim).values
    }
}

/// `torch.softmax(x, dim)`.
public func softmax(_ x: Tensor, dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.softmax(dim: dim, file: file, line: line)
}

/// `torch.log_softmax(x, dim)`.
public func logSoftmax(_ x: Tensor, dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.logSoftmax(dim: dim, file: file, line: line)
}
