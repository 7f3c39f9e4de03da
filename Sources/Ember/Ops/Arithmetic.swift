precedencegroup PowerPrecedence {
    higherThan: MultiplicationPrecedence
    associativity: right
}

/// `x ** y`: power. Swift's prefix minus binds tighter, so `-x ** 2` is `(-x) ** 2`.
infix operator ** : PowerPrecedence
infix operator **= : AssignmentPrecedence

// MARK: - The ops, written once; operators and methods forward here.

/// `torch.add(a, b, alpha=1)`.
public func add(_ a: Tensor, _ b: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.add", Tensor.binaryArguments(a, b, alpha: alpha), file: file, line: line) {
        let dtype = Tensor.resultType(a, b)
        if a.dtype == .bool && b.dtype == .bool && alpha != 1 {
            emberFatal("Boolean alpha only supported for Boolean results.", file: file, line: line)
        }
        let scaled = alpha == 1 ? b : Tensor.binaryKernel(.mul, b, Tensor.wrap(alpha, device: b.device), compute: dtype, result: dtype, file: file, line: line)
        let out = Tensor.binaryKernel(.add, a, scaled, compute: dtype, result: dtype, file: file, line: line)
        guard a.requiresGrad || b.requiresGrad else { return out }
        if alpha == 1 {  // a formula capturing nothing: no closure context to allocate
            Tensor.record("AddBackward0", inputs: [a, b], outputs: [out], file: file, line: line) { ctx in [ctx.grad, ctx.grad] }
        } else {
            Tensor.record("AddBackward0", inputs: [a, b], outputs: [out], file: file, line: line) { ctx in [ctx.grad, ctx.grad * alpha] }
        }
        return out
    }
}

/// `torch.sub(a, b, alpha=1)`.
public func sub(_ a: Tensor, _ b: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.sub", Tensor.binaryArguments(a, b, alpha: alpha), file: file, line: line) {
        if a.dtype == .bool && b.dtype == .bool {
            emberFatal("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.", file: file, line: line)
        }
        if a.dtype == .bool || b.dtype == .bool {
            emberFatal("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.", file: file, line: line)
        }
        let dtype = Tensor.resultType(a, b)
        let scaled = alpha == 1 ? b : Tensor.binaryKernel(.mul, b, Tensor.wrap(alpha, device: b.device), compute: dtype, result: dtype, file: file, line: line)
        let out = Tensor.binaryKernel(.sub, a, scaled, compute: dtype, result: dtype, file: file, line: line)
        guard a.requiresGrad || b.requiresGrad else { return out }
        let name = a.isWrappedNumber ? "RsubBackward1" : "SubBackward0"
        Tensor.record(name, inputs: [a, b], outputs: [out], file: file, line: line) { ctx in
            [ctx.grad, -(alpha == 1 ? ctx.grad : ctx.grad * alpha)]
        }
        return out
    }
}

/// `torch.mul(a, b)`.
public func mul(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.mul", Tensor.binaryArguments(a, b), file: file, line: line) {
        let dtype = Tensor.resultType(a, b)
        let out = Tensor.binaryKernel(.mul, a, b, compute: dtype, result: dtype, file: file, line: line)
        guard a.requiresGrad || b.requiresGrad else { return out }
        // Each operand is kept only when the other's gradient needs it, as PyTorch does.
        Tensor.record("MulBackward0", inputs: [a, b], saving: [b.requiresGrad ? a : nil, a.requiresGrad ? b : nil],
                      outputs: [out], file: file, line: line) { ctx in
            [ctx.needs(0) ? ctx.grad * ctx.saved(1) : nil, ctx.needs(1) ? ctx.grad * ctx.saved(0) : nil]
        }
        return out
    }
}

/// `torch.div(a, b)`: true division; integer operands give the default float dtype.
/// `roundingMode` is `"trunc"` or `"floor"` for PyTorch's rounding divisions.
public func div(_ a: Tensor, _ b: Tensor, roundingMode: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.div", Tensor.binaryArguments(a, b) + (roundingMode.map { [.string($0)] } ?? []), file: file, line: line) {
        var dtype = Tensor.resultType(a, b)
        if let roundingMode {
            let op: BinaryOp
            switch roundingMode {
            case "floor": op = .floorDivide
            case "trunc": op = .div
            default:
                emberFatal("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '\(roundingMode)'", file: file, line: line)
            }
            if dtype == .bool { dtype = .int64 }
            var out = Tensor.binaryKernel(op, a, b, compute: dtype, result: dtype, file: file, line: line)
            if dtype.isFloatingPoint && op == .div { out = noGrad { trunc(out) } }
            return out
        }
        if !dtype.isFloatingOrComplex { dtype = defaultDType }
        let out = Tensor.binaryKernel(.div, a, b, compute: dtype, result: dtype, file: file, line: line)
        guard a.requiresGrad || b.requiresGrad else { return out }
        Tensor.record("DivBackward0", inputs: [a, b], saving: [b.requiresGrad ? a : nil, b], outputs: [out], file: file, line: line) { ctx in
            let y = ctx.saved(1)
            return [ctx.needs(0) ? ctx.grad / y : nil, ctx.needs(1) ? -ctx.grad * ctx.saved(0) / (y * y) : nil]
        }
        return out
    }
}

/// `torch.pow(a, b)`.
public func pow(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.pow", Tensor.binaryArguments(a, b), file: file, line: line) {
        let dtype = Tensor.resultType(a, b)
        if dtype == .bool { emberFatal("\"pow\" not implemented for 'Bool'", file: file, line: line) }
        // A negative number exponent of an integer tensor is refused; a tensor exponent is not.
        if b.isWrappedNumber && !dtype.isFloatingOrComplex && b.item() < 0 {
            emberFatal("Integers to negative integer powers are not allowed.", file: file, line: line)
        }
        let out = Tensor.binaryKernel(.pow, a, b, compute: dtype, result: dtype, file: file, line: line)
        guard a.requiresGrad || b.requiresGrad else { return out }
        if b.isWrappedNumber {
            let e = b.item()
            Tensor.record("PowBackward0", inputs: [a], saving: [a], outputs: [out], file: file, line: line) { ctx in
                let x = ctx.saved(0)
                if e == 0 { return [Tensor.zeros(like: x)] }
                return [ctx.grad * e * (e == 2 ? x : x ** (e - 1))]
            }
        } else {
            Tensor.record("PowBackward1", inputs: [a, b], saving: [a, b], savingOutputs: true, outputs: [out], file: file, line: line) { ctx in
                let (x, y, result) = (ctx.saved(0), ctx.saved(1), ctx.saved(2))
                let gx: Tensor? = ctx.needs(0) ? ctx.grad * y * x ** (y - 1) : nil
                // d/dy x^y = x^y log x, taken as 0 where x == 0 and y >= 0 (PyTorch's mask).
                let gy: Tensor? = ctx.needs(1)
                    ? Tensor.where((x .== 0) .& (y .>= 0), Tensor.zeros(like: result), ctx.grad * result * log(x)) : nil
                return [gx, gy]
            }
        }
        return out
    }
}

/// `torch.remainder(a, b)`: Python's modulo (the sign of the divisor).
public func remainder(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.remainder", Tensor.binaryArguments(a, b), file: file, line: line) {
        let dtype = Tensor.resultType(a, b)
        let out = Tensor.binaryKernel(.remainder, a, b, compute: dtype, result: dtype, file: file, line: line)
        Tensor.record("RemainderBackward0", inputs: [a, b], saving: [a, b], outputs: [out], file: file, line: line) { ctx in
            [ctx.grad, ctx.needs(1) ? -ctx.grad * div(ctx.saved(0), ctx.saved(1), roundingMode: "floor") : nil]
        }
        return out
    }
}

/// `torch.floor_divide(a, b)`.
public func floorDivide(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    div(a, b, roundingMode: "floor", file: file, line: line)
}

/// Unary minus (`torch.neg`).
public func neg(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.neg", [.tensor(x)], file: file, line: line) {
        if x.dtype == .bool {
            emberFatal("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.", file: file, line: line)
        }
        return x.unaryOp(.neg, "NegBackward0", file: file, line: line) { ctx in [-ctx.grad] }
    }
}

// MARK: - Operators and methods

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { Ember.add(a, b) }
    public static func + <S: TensorScalar>(a: Tensor, b: S) -> Tensor { Ember.add(a, wrap(b, device: a.device)) }
    public static func + <S: TensorScalar>(a: S, b: Tensor) -> Tensor { Ember.add(b, wrap(a, device: b.device)) }

    public static func - (a: Tensor, b: Tensor) -> Tensor { Ember.sub(a, b) }
    public static func - <S: TensorScalar>(a: Tensor, b: S) -> Tensor { Ember.sub(a, wrap(b, device: a.device)) }
    public static func - <S: TensorScalar>(a: S, b: Tensor) -> Tensor { Ember.sub(wrap(a, device: b.device), b) }

    public static func * (a: Tensor, b: Tensor) -> Tensor { Ember.mul(a, b) }
    public static func * <S: TensorScalar>(a: Tensor, b: S) -> Tensor { Ember.mul(a, wrap(b, device: a.device)) }
    public static func * <S: TensorScalar>(a: S, b: Tensor) -> Tensor { Ember.mul(b, wrap(a, device: b.device)) }

    public static func / (a: Tensor, b: Tensor) -> Tensor { Ember.div(a, b) }
    public static func / <S: TensorScalar>(a: Tensor, b: S) -> Tensor { Ember.div(a, wrap(b, device: a.device)) }
    public static func / <S: TensorScalar>(a: S, b: Tensor) -> Tensor { Ember.div(wrap(a, device: b.device), b) }

    public static func % (a: Tensor, b: Tensor) -> Tensor { Ember.remainder(a, b) }
    public static func % <S: TensorScalar>(a: Tensor, b: S) -> Tensor { Ember.remainder(a, wrap(b, device: a.device)) }
    public static func % <S: TensorScalar>(a: S, b: Tensor) -> Tensor { Ember.remainder(wrap(a, device: b.device), b) }

    public static func ** (a: Tensor, b: Tensor) -> Tensor { Ember.pow(a, b) }
    public static func ** <S: TensorScalar>(a: Tensor, b: S) -> Tensor { Ember.pow(a, wrap(b, device: a.device)) }
    public static func ** <S: TensorScalar>(a: S, b: Tensor) -> Tensor { Ember.pow(wrap(a, device: b.device), b) }

    public static prefix func - (x: Tensor) -> Tensor { Ember.neg(x) }

    /// `add(other, alpha:)`.
    public func add(_ other: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.add(self, other, alpha: alpha, file: file, line: line)
    }
    public func add<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.add(self, Tensor.wrap(other, device: device), file: file, line: line)
    }
    public func sub(_ other: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.sub(self, other, alpha: alpha, file: file, line: line)
    }
    public func sub<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.sub(self, Tensor.wrap(other, device: device), file: file, line: line)
    }
    public func mul(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.mul(self, other, file: file, line: line)
    }
    public func mul<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.mul(self, Tensor.wrap(other, device: device), file: file, line: line)
    }
    public func div(_ other: Tensor, roundingMode: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.div(self, other, roundingMode: roundingMode, file: file, line: line)
    }
    public func div<S: TensorScalar>(_ other: S, roundingMode: String? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.div(self, Tensor.wrap(other, device: device), roundingMode: roundingMode, file: file, line: line)
    }
    public func pow(_ exponent: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.pow(self, exponent, file: file, line: line)
    }
    public func pow<S: TensorScalar>(_ exponent: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.pow(self, Tensor.wrap(exponent, device: device), file: file, line: line)
    }
    public func neg(file: StaticString = #fileID, line: UInt = #line) -> Tensor { Ember.neg(self, file: file, line: line) }
}

/// `torch.pow(x, exponent)` with a number exponent.
public func pow<S: TensorScalar>(_ x: Tensor, _ exponent: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    pow(x, Tensor.wrap(exponent, device: x.device), file: file, line: line)
}

extension Tensor {
    /// A binary op's arguments as capture records them: wrapped Swift numbers as numbers, in
    /// the order the op received them (`2 - x` is `aten.sub(2, x)`), and `alpha` when not 1.
    static func binaryArguments(_ a: Tensor, _ b: Tensor, alpha: Double = 1) -> [OpArgument] {
        let operands = [operandArgument(a), operandArgument(b)]
        return alpha == 1 ? operands : operands + [.double(alpha)]
    }
}
