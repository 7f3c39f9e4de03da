extension Tensor {
    /// A comparison kernel: operands promoted to their common dtype, bool result.
    static func compare(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        traced(Tensor.comparisonTarget(op), binaryArguments(a, b), file: file, line: line) {
            let compute = resultType(a, b)
            if compute.isComplex && op != .eq && op != .ne {
                emberFatal("\"\(op)_cpu\" not implemented for 'ComplexFloat'", file: file, line: line)
            }
            return binaryKernel(op, a, b, compute: compute, result: .bool, file: file, line: line)
        }
    }

    public static func .== (a: Tensor, b: Tensor) -> Tensor { compare(.eq, a, b) }
    public static func .== <S: TensorScalar>(a: Tensor, b: S) -> Tensor { compare(.eq, a, wrap(b, device: a.device)) }
    public static func .== <S: TensorScalar>(a: S, b: Tensor) -> Tensor { compare(.eq, wrap(a, device: b.device), b) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { compare(.ne, a, b) }
    public static func .!= <S: TensorScalar>(a: Tensor, b: S) -> Tensor { compare(.ne, a, wrap(b, device: a.device)) }
    public static func .!= <S: TensorScalar>(a: S, b: Tensor) -> Tensor { compare(.ne, wrap(a, device: b.device), b) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { compare(.lt, a, b) }
    public static func .< <S: TensorScalar>(a: Tensor, b: S) -> Tensor { compare(.lt, a, wrap(b, device: a.device)) }
    public static func .< <S: TensorScalar>(a: S, b: Tensor) -> Tensor { compare(.lt, wrap(a, device: b.device), b) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { compare(.le, a, b) }
    public static func .<= <S: TensorScalar>(a: Tensor, b: S) -> Tensor { compare(.le, a, wrap(b, device: a.device)) }
    public static func .<= <S: TensorScalar>(a: S, b: Tensor) -> Tensor { compare(.le, wrap(a, device: b.device), b) }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { compare(.gt, a, b) }
    public static func .> <S: TensorScalar>(a: Tensor, b: S) -> Tensor { compare(.gt, a, wrap(b, device: a.device)) }
    public static func .> <S: TensorScalar>(a: S, b: Tensor) -> Tensor { compare(.gt, wrap(a, device: b.device), b) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { compare(.ge, a, b) }
    public static func .>= <S: TensorScalar>(a: Tensor, b: S) -> Tensor { compare(.ge, a, wrap(b, device: a.device)) }
    public static func .>= <S: TensorScalar>(a: S, b: Tensor) -> Tensor { compare(.ge, wrap(a, device: b.device), b) }

    /// `logical_and` (`&` on bool tensors).
    public static func .& (a: Tensor, b: Tensor) -> Tensor { Ember.logicalAnd(a, b) }
    /// `logical_or` (`|` on bool tensors).
    public static func .| (a: Tensor, b: Tensor) -> Tensor { Ember.logicalOr(a, b) }
    /// `logical_xor` (`^` on bool tensors).
    public static func .^ (a: Tensor, b: Tensor) -> Tensor { Ember.logicalXor(a, b) }
    /// `logical_not` (`~` on bool tensors).
    public static prefix func .! (x: Tensor) -> Tensor { Ember.logicalNot(x) }

    /// `eq`, `ne`, `lt`, `le`, `gt`, `ge` as methods.
    public func eq(_ other: Tensor) -> Tensor { self .== other }
    public func ne(_ other: Tensor) -> Tensor { self .!= other }
    public func lt(_ other: Tensor) -> Tensor { self .< other }
    public func le(_ other: Tensor) -> Tensor { self .<= other }
    public func gt(_ other: Tensor) -> Tensor { self .> other }
    public func ge(_ other: Tensor) -> Tensor { self .>= other }

    /// `isnan()`.
    public func isnan() -> Tensor { Ember.isnan(self) }
    /// `isfinite()`.
    public func isfinite() -> Tensor { Ember.isfinite(self) }

    /// `torch.where(condition, x, y)`: x where the condition holds, else y (broadcast).
    public static func `where`(_ condition: Tensor, _ x: Tensor, _ y: Tensor,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        traced("aten.where", [.tensor(condition), operandArgument(x), operandArgument(y)], file: file, line: line) {
            checkSameDevice(condition, x, file: file, line: line)
            checkSameDevice(x, y, file: file, line: line)
            guard condition.dtype == .bool || condition.dtype == .uint8 else {
                emberFatal("where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype.scalarTypeName)", file: file, line: line)
            }
            let shape = broadcastShapes(condition.shape, broadcastShapes(x.shape, y.shape, file: file, line: line), file: file, line: line)
            let dtype = resultType(x, y)
            let out = Tensor(uninitializedShape: shape, dtype: dtype, device: x.device)
            let xc = x.converted(to: dtype), yc = y.converted(to: dtype)
            x.backend.select(condition.view(broadcastTo: shape), xc.view(broadcastTo: shape), yc.view(broadcastTo: shape), into: out.view)
            let cond = condition
            record("WhereBackward0", inputs: [x, y], outputs: [out], file: file, line: line) { ctx in
                let zero = Tensor.zeros(like: ctx.grad)
                return [ctx.needs(0) ? Tensor.where(cond, ctx.grad, zero) : nil,
                        ctx.needs(1) ? Tensor.where(cond, zero, ctx.grad) : nil]
            }
            return out
        }
    }

    public static func `where`<S: TensorScalar>(_ condition: Tensor, _ x: Tensor, _ y: S,
                                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.where(condition, x, wrap(y, device: x.device), file: file, line: line)
    }

    public static func `where`<S: TensorScalar>(_ condition: Tensor, _ x: S, _ y: Tensor,
                                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.where(condition, wrap(x, device: y.device), y, file: file, line: line)
    }

    /// `clamp(min:max:)`: at least one bound is required, as in PyTorch.
    public func clamp(min: Double? = nil, max: Double? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.clamp", [.tensor(self), .optional(min), .optional(max)], file: file, line: line) {
            guard min != nil || max != nil else {
                emberFatal("torch.clamp: At least one of 'min' or 'max' must not be None", file: file, line: line)
            }
            if self.dtype.isComplex { emberFatal("clamp is not supported for complex types", file: file, line: line) }
            var dtype = self.dtype
            // A float bound on an integer tensor promotes, as a wrapped number does.
            if !dtype.isFloatingPoint, [min, max].contains(where: { $0.map { $0 != $0.rounded() } ?? false }) { dtype = defaultDType }
            let input = converted(to: dtype)
            let out = Tensor(uninitializedShape: shape, dtype: dtype, device: device)
            backend.clamp(input.view, min: min.map(ScalarValue.double), max: max.map(ScalarValue.double), into: out.view)
            Tensor.record("ClampBackward1", inputs: [self], saving: [self], outputs: [out], file: file, line: line) { ctx in
                let x = ctx.saved(0)
                var mask = Tensor.ones(like: x, dtype: .bool)
                if let min { mask = mask .& (x .>= min) }
                if let max { mask = mask .& (x .<= max) }
                return [ctx.grad * mask]
            }
            return out
        }
    }

    /// `clamp(min:max:)` with tensor bounds.
    public func clamp(min: Tensor?, max: Tensor? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        var r = self
        if let min { r = Ember.maximum(r, min, file: file, line: line) }
        if let max { r = Ember.minimum(r, max, file: file, line: line) }
        return r
    }
}

/// `torch.maximum`: elementwise max; NaN propagates.
public func maximum(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.maximum", Tensor.binaryArguments(a, b), file: file, line: line) {
        extremum(.maximum, "MaximumBackward0", a, b, file: file, line: line)
    }
}

/// `torch.minimum`: elementwise min; NaN propagates.
public func minimum(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.minimum", Tensor.binaryArguments(a, b), file: file, line: line) {
        extremum(.minimum, "MinimumBackward0", a, b, file: file, line: line)
    }
}

private func extremum(_ op: BinaryOp, _ name: String, _ a: Tensor, _ b: Tensor, file: StaticString, line: UInt) -> Tensor {
    let dtype = Tensor.resultType(a, b)
    if dtype.isComplex {
        emberFatal("\(op == .maximum ? "maximum" : "minimum") not implemented for complex tensors.", file: file, line: line)
    }
    let out = Tensor.binaryKernel(op, a, b, compute: dtype, result: dtype, file: file, line: line)
    Tensor.record(name, inputs: [a, b], saving: [a, b], outputs: [out], file: file, line: line) { ctx in
        let (x, y) = (ctx.saved(0), ctx.saved(1))
        // Ties split the gradient evenly, as PyTorch's formula does.
        let wins = op == .maximum ? x .> y : x .< y
        let ties = (x .== y).to(ctx.grad.dtype) * 0.5
        let share = wins.to(ctx.grad.dtype) + ties
        return [ctx.grad * share, ctx.grad * (1 - share)]
    }
    return out
}

/// `torch.logical_and`.
public func logicalAnd(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.logical_and", Tensor.binaryArguments(a, b), file: file, line: line) {
        Tensor.binaryKernel(.logicalAnd, a, b, compute: Tensor.resultType(a, b), result: .bool, file: file, line: line)
    }
}
/// `torch.logical_or`.
public func logicalOr(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.logical_or", Tensor.binaryArguments(a, b), file: file, line: line) {
        Tensor.binaryKernel(.logicalOr, a, b, compute: Tensor.resultType(a, b), result: .bool, file: file, line: line)
    }
}
/// `torch.logical_xor`.
public func logicalXor(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.logical_xor", Tensor.binaryArguments(a, b), file: file, line: line) {
        Tensor.binaryKernel(.logicalXor, a, b, compute: Tensor.resultType(a, b), result: .bool, file: file, line: line)
    }
}
/// `torch.logical_not`.
public func logicalNot(_ x: Tensor) -> Tensor {
    Tensor.traced("aten.logical_not", [.tensor(x)], file: #fileID, line: #line) {
        let out = Tensor(uninitializedShape: x.shape, dtype: .bool, device: x.device)
        x.backend.unary(.logicalNot, x.view, into: out.view)
        return out
    }
}
/// `torch.isnan`.
public func isnan(_ x: Tensor) -> Tensor {
    Tensor.traced("aten.isnan", [.tensor(x)], file: #fileID, line: #line) {
        let out = Tensor(uninitializedShape: x.shape, dtype: .bool, device: x.device)
        x.backend.unary(.isnan, x.view, into: out.view)
        return out
    }
}
/// `torch.isfinite`.
public func isfinite(_ x: Tensor) -> Tensor {
    Tensor.traced("aten.isfinite", [.tensor(x)], file: #fileID, line: #line) {
        let out = Tensor(uninitializedShape: x.shape, dtype: .bool, device: x.device)
        x.backend.unary(.isfinite, x.view, into: out.view)
        return out
    }
}

/// `torch.equal`: same shape and the same values.
public func equal(_ a: Tensor, _ b: Tensor) -> Bool {
    a.shape == b.shape && (a .== b).all().item() != 0
}

/// `torch.allclose`: |a - b| <= atol + rtol * |b| elementwise (NaNs equal only with `equalNan`).
public func allclose(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> Bool {
    a.isclose(b, rtol: rtol, atol: atol, equalNan: equalNan).all().item() != 0
}

extension Tensor {
    /// `isclose`: the elementwise test behind `allclose`.
    public func isclose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> Tensor {
        noGrad {
            let dtype = Tensor.resultType(self, other).isFloatingOrComplex ? Tensor.resultType(self, other) : .float64
            let a = self.to(dtype), b = other.to(dtype)
            // An infinite error is never close (inf vs -inf), as in PyTorch.
            let error = (a - b).abs()
            var close = (a .== b) .| (error.isfinite() .& (error .<= atol + rtol * b.abs()))
            if equalNan { close = close .| (a.isnan() .& b.isnan()) }
            return close
        }
    }

    /// `equal(other)`.
    public func equal(_ other: Tensor) -> Bool { Ember.equal(self, other) }
    /// `allclose(other)`.
    public func allclose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) -> Bool {
        Ember.allclose(self, other, rtol: rtol, atol: atol, equalNan: equalNan)
    }
    /// `maximum(other)` / `minimum(other)`.
    public func maximum(_ other: Tensor) -> Tensor { Ember.maximum(self, other) }
    public func minimum(_ other: Tensor) -> Tensor { Ember.minimum(self, other) }
    /// `logical_not()` etc. as methods.
    public func logicalNot() -> Tensor { Ember.logicalNot(self) }
    public func logicalAnd(_ other: Tensor) -> Tensor { Ember.logicalAnd(self, other) }
    public func logicalOr(_ other: Tensor) -> Tensor { Ember.logicalOr(self, other) }
}

/// `torch.clamp` as a free function.
public func clamp(_ x: Tensor, min: Double? = nil, max: Double? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.clamp(min: min, max: max, file: file, line: line)
}

extension Tensor {
    /// The graph target of a comparison kernel (`aten.lt` for `.<`).
    static func comparisonTarget(_ op: BinaryOp) -> String {
        switch op {
        case .eq: "aten.eq"
        case .ne: "aten.ne"
        case .lt: "aten.lt"
        case .le: "aten.le"
        case .gt: "aten.gt"
        default: "aten.ge"
        }
    }
}
