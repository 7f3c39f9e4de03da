import Ember
import EmberNN

// The math family: elementwise arithmetic and comparisons, unary math, reductions, softmax,
// matrix products and the activation functions. Each runner calls the public op the node was
// recorded from, with the same arguments, so a replay matches eager bit for bit. Number
// operands (`x + 2`) come back as numbers and are wrapped again exactly as the operators
// wrap them (`Tensor.operand`).

extension ExportOps {
    /// Runners of the math family.
    static let math: [String: OpRunner] = {
        var all = mathElementwise
        all.merge(mathUnary) { first, _ in first }
        all.merge(mathReductions) { first, _ in first }
        return all
    }()

    /// Binary arithmetic, comparisons, logical ops, where/clamp/masked_fill, gather/scatter,
    /// in-place ops (replayed out of place), matrix products.
    private static let mathElementwise: [String: OpRunner] = [
        "aten.add": { a in let (x, y) = mathOperands(a); return [Ember.add(x, y, alpha: a.optionalDouble(2) ?? 1)] },
        "aten.sub": { a in let (x, y) = mathOperands(a); return [Ember.sub(x, y, alpha: a.optionalDouble(2) ?? 1)] },
        "aten.mul": { a in let (x, y) = mathOperands(a); return [Ember.mul(x, y)] },
        "aten.div": { a in let (x, y) = mathOperands(a); return [Ember.div(x, y, roundingMode: a.optionalString(2))] },
        "aten.pow": { a in let (x, y) = mathOperands(a); return [Ember.pow(x, y)] },
        "aten.remainder": { a in let (x, y) = mathOperands(a); return [Ember.remainder(x, y)] },
        "aten.maximum": { a in let (x, y) = mathOperands(a); return [Ember.maximum(x, y)] },
        "aten.minimum": { a in let (x, y) = mathOperands(a); return [Ember.minimum(x, y)] },
        "aten.neg": { a in [Ember.neg(a.tensor(0))] },
        "aten.eq": { a in let (x, y) = mathOperands(a); return [x .== y] },
        "aten.ne": { a in let (x, y) = mathOperands(a); return [x .!= y] },
        "aten.lt": { a in let (x, y) = mathOperands(a); return [x .< y] },
        "aten.le": { a in let (x, y) = mathOperands(a); return [x .<= y] },
        "aten.gt": { a in let (x, y) = mathOperands(a); return [x .> y] },
        "aten.ge": { a in let (x, y) = mathOperands(a); return [x .>= y] },
        "aten.logical_and": { a in let (x, y) = mathOperands(a); return [Ember.logicalAnd(x, y)] },
        "aten.logical_or": { a in let (x, y) = mathOperands(a); return [Ember.logicalOr(x, y)] },
        "aten.logical_xor": { a in let (x, y) = mathOperands(a); return [Ember.logicalXor(x, y)] },
        "aten.logical_not": { a in [Ember.logicalNot(a.tensor(0))] },
        "aten.isnan": { a in [Ember.isnan(a.tensor(0))] },
        "aten.isfinite": { a in [Ember.isfinite(a.tensor(0))] },
        "aten.where": { a in
            let c = a.tensor(0)
            return [Tensor.where(c, Tensor.operand(a.items[1], device: c.device), Tensor.operand(a.items[2], device: c.device))]
        },
        "aten.clamp": { a in [a.tensor(0).clamp(min: a.optionalDouble(1), max: a.optionalDouble(2))] },
        "aten.masked_fill": { a in
            let x = a.tensor(0), mask = a.tensor(1)
            switch a.items[2] {
            case .tensor(let v): return [x.maskedFill(mask, v)]
            case .int(let v): return [x.maskedFill(mask, v)]
            case .bool(let v): return [x.maskedFill(mask, v)]
            default: return [x.maskedFill(mask, a.double(2))]
            }
        },
        "aten.fill": { a in
            let x = a.tensor(0).clone()
            switch a.items[1] {
            case .int(let v): return [x.fill_(v)]
            case .bool(let v): return [x.fill_(v)]
            default: return [x.fill_(a.double(1))]
            }
        },
        "aten.copy": { a in [a.tensor(0).clone().copy_(a.tensor(1))] },
        "aten.gather": { a in [a.tensor(0).gather(a.int(1), a.tensor(2))] },
        "aten.scatter": { a in
            let x = a.tensor(0), dim = a.int(1), index = a.tensor(2)
            switch a.items[3] {
            case .tensor(let src): return [x.scatter(dim, index, src)]
            case .int(let v): return [x.scatter(dim, index, value: v)]
            case .bool(let v): return [x.scatter(dim, index, value: v)]
            default: return [x.scatter(dim, index, value: a.double(3))]
            }
        },
        "aten.scatter_add": { a in [a.tensor(0).scatterAdd(a.int(1), a.tensor(2), a.tensor(3))] },
        "aten.index_select": { a in [a.tensor(0).indexSelect(a.int(1), a.tensor(2))] },
        "aten.index_add": { a in [a.tensor(0).indexAdd(a.int(1), a.tensor(2), a.tensor(3), alpha: a.optionalDouble(4) ?? 1)] },
        "aten.matmul": { a in [Ember.matmul(a.tensor(0), a.tensor(1))] },
        "aten.mm": { a in [Ember.mm(a.tensor(0), a.tensor(1))] },
        "aten.mv": { a in [Ember.mv(a.tensor(0), a.tensor(1))] },
        "aten.bmm": { a in [Ember.bmm(a.tensor(0), a.tensor(1))] },
        "aten.dot": { a in [Ember.dot(a.tensor(0), a.tensor(1))] },
        "aten.outer": { a in [Ember.outer(a.tensor(0), a.tensor(1))] },
        "aten.addmm": { a in
            [Ember.addmm(a.tensor(0), a.tensor(1), a.tensor(2), beta: a.optionalDouble(3) ?? 1, alpha: a.optionalDouble(4) ?? 1)]
        },
    ]

    /// Unary math and activations.
    private static let mathUnary: [String: OpRunner] = [
        "aten.sqrt": { a in [a.tensor(0).sqrt()] },
        "aten.rsqrt": { a in [a.tensor(0).rsqrt()] },
        "aten.exp": { a in [a.tensor(0).exp()] },
        "aten.log": { a in [a.tensor(0).log()] },
        "aten.log1p": { a in [a.tensor(0).log1p()] },
        "aten.sin": { a in [a.tensor(0).sin()] },
        "aten.cos": { a in [a.tensor(0).cos()] },
        "aten.tan": { a in [a.tensor(0).tan()] },
        "aten.tanh": { a in [a.tensor(0).tanh()] },
        "aten.sigmoid": { a in [a.tensor(0).sigmoid()] },
        "aten.relu": { a in [a.tensor(0).relu()] },
        "aten.erf": { a in [a.tensor(0).erf()] },
        "aten.abs": { a in [a.tensor(0).abs()] },
        "aten.sign": { a in [a.tensor(0).sign()] },
        "aten.floor": { a in [a.tensor(0).floor()] },
        "aten.ceil": { a in [a.tensor(0).ceil()] },
        "aten.round": { a in [a.tensor(0).round()] },
        "aten.trunc": { a in [a.tensor(0).trunc()] },
        // `x.gelu()` records one argument, `gelu(x, approximate:)` two.
        "aten.gelu": { a in
            let x = a.tensor(0)
            return [a.count > 1 ? EmberNN.gelu(x, approximate: a.string(1)) : x.gelu()]
        },
        // `x.softplus()` records one argument, `softplus(x, beta:threshold:)` three.
        "aten.softplus": { a in
            let x = a.tensor(0)
            return [a.count > 1 ? EmberNN.softplus(x, beta: a.double(1), threshold: a.double(2)) : x.softplus()]
        },
        "aten.leaky_relu": { a in [leakyRelu(a.tensor(0), negativeSlope: a.double(1))] },
        "aten.silu": { a in [silu(a.tensor(0))] },
        "aten.elu": { a in [elu(a.tensor(0), alpha: a.double(1))] },
        "aten.hardtanh": { a in [hardtanh(a.tensor(0), minVal: a.double(1), maxVal: a.double(2))] },
        "aten.mish": { a in [mish(a.tensor(0))] },
        "aten.prelu": { a in [prelu(a.tensor(0), a.tensor(1))] },
    ]

    /// Reductions, softmax, cumulative sums and norms.
    private static let mathReductions: [String: OpRunner] = [
        "aten.sum": { a in [a.tensor(0).sum(dim: mathOptionalInts(a, 1), keepdim: a.bool(2), dtype: a.optionalDType(3))] },
        "aten.mean": { a in [a.tensor(0).mean(dim: mathOptionalInts(a, 1), keepdim: a.bool(2), dtype: a.optionalDType(3))] },
        "aten.prod": { a in
            let x = a.tensor(0)
            guard let dim = a.optionalInt(1) else { return [x.prod(dtype: a.optionalDType(3))] }
            return [x.prod(dim: dim, keepdim: a.bool(2), dtype: a.optionalDType(3))]
        },
        // One argument: the global extreme; three: values and indices along a dim.
        "aten.max": { a in
            let x = a.tensor(0)
            guard a.count > 1 else { return [x.max()] }
            let r = x.max(dim: a.int(1), keepdim: a.bool(2))
            return [r.values, r.indices]
        },
        "aten.min": { a in
            let x = a.tensor(0)
            guard a.count > 1 else { return [x.min()] }
            let r = x.min(dim: a.int(1), keepdim: a.bool(2))
            return [r.values, r.indices]
        },
        "aten.argmax": { a in [a.tensor(0).argmax(dim: a.optionalInt(1), keepdim: a.bool(2))] },
        "aten.argmin": { a in [a.tensor(0).argmin(dim: a.optionalInt(1), keepdim: a.bool(2))] },
        "aten.all": { a in [a.tensor(0).all(dim: a.optionalInt(1), keepdim: a.bool(2))] },
        "aten.any": { a in [a.tensor(0).any(dim: a.optionalInt(1), keepdim: a.bool(2))] },
        "aten.softmax": { a in [a.tensor(0).softmax(dim: a.int(1))] },
        "aten.log_softmax": { a in [a.tensor(0).logSoftmax(dim: a.int(1))] },
        "aten.logsumexp": { a in [a.tensor(0).logsumexp(dim: a.int(1), keepdim: a.bool(2))] },
        "aten.var": { a in [a.tensor(0).var(dim: a.optionalInt(1), unbiased: a.bool(2), keepdim: a.bool(3))] },
        "aten.std": { a in [a.tensor(0).std(dim: a.optionalInt(1), unbiased: a.bool(2), keepdim: a.bool(3))] },
        "aten.cumsum": { a in [a.tensor(0).cumsum(dim: a.int(1), dtype: a.optionalDType(2))] },
        "aten.norm": { a in [a.tensor(0).norm(p: a.double(1), dim: a.optionalInt(2), keepdim: a.bool(3))] },
    ]
}

/// The two operands of a binary node: tensors, or numbers wrapped as the operators wrap them
/// (on the device of the node's first tensor).
private func mathOperands(_ a: OpArguments) -> (Tensor, Tensor) {
    var device = Device.cpu
    for item in a.items { if case .tensor(let t) = item { device = t.device; break } }
    return (Tensor.operand(a.items[0], device: device), Tensor.operand(a.items[1], device: device))
}

/// An optional list of dims (`sum(dim: nil)` reduces everything).
private func mathOptionalInts(_ a: OpArguments, _ i: Int) -> [Int]? {
    if i < a.count, case .none = a.items[i] { return nil }
    return a.ints(i)
}
