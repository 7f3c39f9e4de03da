import RealModule

// Per-element arithmetic the dtype-generic kernels are written in. Integers follow C
// (wrapping); floats follow IEEE with PyTorch's NaN propagation for maximum/minimum.

extension NumericScalar {
    @inline(__always) static func _max(_ a: Self, _ b: Self) -> Self {
        if a != a { return a }
        if b != b { return b }
        return a < b ? b : a
    }
    @inline(__always) static func _min(_ a: Self, _ b: Self) -> Self {
        if a != a { return a }
        if b != b { return b }
        return b < a ? b : a
    }
}

/// Operations whose meaning differs between integers and floats.
protocol ArithmeticScalar: NumericScalar {
    static func _neg(_ a: Self) -> Self
    static func _abs(_ a: Self) -> Self
    static func _sign(_ a: Self) -> Self
    static func _floor(_ a: Self) -> Self
    static func _ceil(_ a: Self) -> Self
    static func _round(_ a: Self) -> Self
    static func _div(_ a: Self, _ b: Self) -> Self
    static func _pow(_ a: Self, _ b: Self) -> Self
    static func _remainder(_ a: Self, _ b: Self) -> Self
    static func _floorDivide(_ a: Self, _ b: Self) -> Self
}

extension IntegerScalar {
    @inline(__always) static func _neg(_ a: Self) -> Self { 0 &- a }
    @inline(__always) static func _abs(_ a: Self) -> Self { a < 0 ? 0 &- a : a }
    @inline(__always) static func _sign(_ a: Self) -> Self { a > 0 ? 1 : (a < 0 ? 0 &- 1 : 0) }
    @inline(__always) static func _floor(_ a: Self) -> Self { a }
    @inline(__always) static func _ceil(_ a: Self) -> Self { a }
    @inline(__always) static func _round(_ a: Self) -> Self { a }
    /// Integer division truncates (C); the front end only uses it where PyTorch does.
    @inline(__always) static func _div(_ a: Self, _ b: Self) -> Self {
        if b == 0 { emberFatal("ZeroDivisionError") }
        return a.dividedReportingOverflow(by: b).partialValue
    }
    /// Python's modulo: the result takes the divisor's sign.
    @inline(__always) static func _remainder(_ a: Self, _ b: Self) -> Self {
        if b == 0 { emberFatal("ZeroDivisionError") }
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue
        return (r != 0 && ((r < 0) != (b < 0))) ? r &+ b : r
    }
    @inline(__always) static func _floorDivide(_ a: Self, _ b: Self) -> Self {
        if b == 0 { emberFatal("ZeroDivisionError") }
        let q = a.dividedReportingOverflow(by: b).partialValue
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue
        return (r != 0 && ((r < 0) != (b < 0))) ? q &- 1 : q
    }
    static func _pow(_ a: Self, _ b: Self) -> Self {
        if b < 0 {
            // PyTorch: 1 ** -n == 1, (-1) ** -n alternates, anything else truncates to 0.
            // (A negative Swift-number exponent is refused by the front end, as in PyTorch.)
            if a == 1 { return 1 }
            if a == 0 &- 1 { return b & 1 == 0 ? 1 : a }
            return 0
        }
        var result: Self = 1, base = a, e = b
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return result
    }
}

extension UInt8: ArithmeticScalar {}
extension Int8: ArithmeticScalar {}
extension Int16: ArithmeticScalar {}
extension Int32: ArithmeticScalar {}
extension Int64: ArithmeticScalar {}

extension FloatScalar {
    @inline(__always) static func _neg(_ a: Self) -> Self { -a }
    @inline(__always) static func _abs(_ a: Self) -> Self { Swift.abs(a) }
    /// torch.sign(nan) is 0.
    @inline(__always) static func _sign(_ a: Self) -> Self { a > 0 ? 1 : (a < 0 ? -1 : 0) }
    @inline(__always) static func _floor(_ a: Self) -> Self { a.rounded(.down) }
    @inline(__always) static func _ceil(_ a: Self) -> Self { a.rounded(.up) }
    /// torch.round rounds half to even.
    @inline(__always) static func _round(_ a: Self) -> Self { a.rounded(.toNearestOrEven) }
    @inline(__always) static func _div(_ a: Self, _ b: Self) -> Self { a / b }
    @inline(__always) static func _pow(_ a: Self, _ b: Self) -> Self {
        if b == 2 { return a * a }
        if b == 1 { return a }
        // Real.pow is NaN for a negative base; libm's pow is defined for integral exponents.
        if a < 0, b == b.rounded() {
            let m = Self.pow(-a, b)
            return b.truncatingRemainder(dividingBy: 2) == 0 ? m : -m
        }
        if a == 0 { return b == 0 ? 1 : (b > 0 ? 0 : .infinity) }
        return Self.pow(a, b)
    }
    @inline(__always) static func _remainder(_ a: Self, _ b: Self) -> Self {
        let r = a.truncatingRemainder(dividingBy: b)
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
    }
    /// Python's floor division, computed from fmod as PyTorch's `div_floor_floating` does, so
    /// that `1 // 0.1` is 9 (floor(1 / 0.1) would round the quotient up to 10 first).
    @inline(__always) static func _floorDivide(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return a / b }
        let mod = a.truncatingRemainder(dividingBy: b)
        var div = (a - mod) / b
        if mod != 0 && (b < 0) != (mod < 0) { div -= 1 }
        guard div != 0 else { return (a / b).sign == .minus ? -0.0 : 0 }
        var floored = div.rounded(.down)
        if div - floored > 0.5 { floored += 1 }
        return floored
    }
}

extension Float16: ArithmeticScalar {}
extension Float: ArithmeticScalar {}
extension Double: ArithmeticScalar {}

extension FloatScalar {
    /// The floating-point unary kernels; Float16 computes in Float, as PyTorch does.
    @inline(__always)
    static func _apply(_ op: UnaryOp, _ x: Self) -> Self {
        switch op {
        case .sqrt: return Self.sqrt(x)
        case .rsqrt: return 1 / Self.sqrt(x)
        case .exp: return Self.exp(x)
        case .log: return Self.log(x)
        case .log1p: return Self.log(onePlus: x)
        case .sin: return Self.sin(x)
        case .cos: return Self.cos(x)
        case .tan: return Self.tan(x)
        case .tanh: return Self.tanh(x)
        case .sigmoid: return 1 / (1 + Self.exp(-x))
        case .gelu: return x * (1 + Self.erf(x / Self.sqrt(2))) / 2
        case .erf: return Self.erf(x)
        case .softplus: return x > 20 ? x : Self.log(onePlus: Self.exp(x))
        default: return _applyNumeric(op, x)
        }
    }
}

extension ArithmeticScalar {
    @inline(__always)
    static func _applyNumeric(_ op: UnaryOp, _ x: Self) -> Self {
        switch op {
        case .neg: return _neg(x)
        case .abs: return _abs(x)
        case .sign: return _sign(x)
        case .relu: return x < zero ? zero : x  // keeps NaN and -0.0, as PyTorch does
        case .floor: return _floor(x)
        case .ceil: return _ceil(x)
        case .round: return _round(x)
        default: emberFatal("\(op) is not defined for \(Self.literalDType)")
        }
    }

    @inline(__always)
    static func _apply(_ op: BinaryOp, _ a: Self, _ b: Self) -> Self {
        switch op {
        case .add: return _add(a, b)
        case .sub: return _sub(a, b)
        case .mul: return _mul(a, b)
        case .div: return _div(a, b)
        case .pow: return _pow(a, b)
        case .maximum: return _max(a, b)
        case .minimum: return _min(a, b)
        case .remainder: return _remainder(a, b)
        case .floorDivide: return _floorDivide(a, b)
        default: emberFatal("\(op) does not produce \(Self.literalDType)")
        }
    }
}
