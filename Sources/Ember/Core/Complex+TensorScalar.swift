// Re-exported so `Tensor([Complex(1, 2)])` needs no second import.
@_exported import ComplexModule
import RealModule

/// swift-numerics' `Complex` as a tensor element: `Complex<Float>` is complex64's storage
/// type; `Complex<Double>` (what `Complex(1.0, 2.0)` infers) is accepted as data and as an
/// operand and stored as complex64, as a Python complex becomes complex64 under the float32
/// default. Conversions read and write the raw parts (`rawStorage`), never swift-numerics'
/// normalised `real`/`imaginary`, so infinities and NaNs survive as PyTorch keeps them.
extension Complex: TensorScalar where RealType: TensorScalar {
    public static var literalDType: DType { .complex64 }
    public var _double: Double { rawStorage.x._double }
    public var _imag: Double { rawStorage.y._double }
    public var _int64: Int64 { rawStorage.x._int64 }
    public static func _from(double: Double) -> Complex { Complex(RealType._from(double: double), 0) }
    public static func _from(int64: Int64) -> Complex { Complex(RealType._from(int64: int64), 0) }
    public static func _from(real: Double, imag: Double) -> Complex {
        Complex(RealType._from(double: real), RealType._from(double: imag))
    }
    public static var _isFloat: Bool { true }
    public static var _isComplex: Bool { true }
}

extension Complex: TensorLiteral where RealType: TensorScalar {
    public typealias Scalar = Complex<RealType>
}

/// complex64's element, with the arithmetic the CPU kernels use: the textbook formulas on
/// the raw parts (PyTorch's CPU kernels use them too), and swift-numerics for the
/// transcendental functions.
typealias Complex64 = Complex<Float>

extension Complex where RealType == Float {
    @inline(__always) var re: Float { rawStorage.x }
    @inline(__always) var im: Float { rawStorage.y }

    @inline(__always) static func _add(_ a: Self, _ b: Self) -> Self { Complex(a.re + b.re, a.im + b.im) }
    @inline(__always) static func _sub(_ a: Self, _ b: Self) -> Self { Complex(a.re - b.re, a.im - b.im) }
    @inline(__always) static func _mul(_ a: Self, _ b: Self) -> Self {
        Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }
    /// Smith's division (scales by the larger part of the divisor), as c10::complex does.
    @inline(__always) static func _div(_ a: Self, _ b: Self) -> Self {
        let (c, d) = (b.re, b.im)
        if Swift.abs(c) >= Swift.abs(d) {
            if c == 0 && d == 0 { return Complex(a.re / Swift.abs(c), a.im / Swift.abs(d)) }
            let r = d / c, den = c + d * r
            return Complex((a.re + a.im * r) / den, (a.im - a.re * r) / den)
        }
        let r = c / d, den = d + c * r
        return Complex((a.re * r + a.im) / den, (a.im * r - a.re) / den)
    }
    /// IEEE equality of both parts (swift-numerics' `==` calls all NaNs equal).
    @inline(__always) static func _equal(_ a: Self, _ b: Self) -> Bool { a.re == b.re && a.im == b.im }
    /// |z| as std::abs (hypot), and arg z as std::arg (atan2, 0 for 0).
    @inline(__always) var magnitude64: Float { Float.hypot(re, im) }
    @inline(__always) var argument: Float { Float.atan2(y: im, x: re) }

    /// The unary ops PyTorch defines on complex inputs.
    static func _apply(_ op: UnaryOp, _ z: Self) -> Self {
        switch op {
        case .neg: return Complex(-z.re, -z.im)
        case .exp: return Complex.exp(z)
        case .log: return Complex.log(z)
        case .log1p: return Complex.log(onePlus: z)
        case .sqrt: return Complex.sqrt(z)
        case .rsqrt: return _div(Complex(1, 0), Complex.sqrt(z))
        case .sin: return Complex.sin(z)
        case .cos: return Complex.cos(z)
        case .tan: return Complex.tan(z)
        case .tanh: return Complex.tanh(z)
        case .sigmoid: return _div(Complex(1, 0), _add(Complex(1, 0), Complex.exp(Complex(-z.re, -z.im))))
        case .floor, .ceil: emberFatal("\(op) is not supported for complex inputs")
        case .round: emberFatal("\"round_vml_cpu\" not implemented for 'ComplexFloat'")
        case .sign:
            emberFatal("Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead.")
        case .relu: emberFatal("clamp is not supported for complex types")
        default: emberFatal("\"\(op)_cpu\" not implemented for 'ComplexFloat'")
        }
    }

    static func _apply(_ op: BinaryOp, _ a: Self, _ b: Self) -> Self {
        switch op {
        case .add: return _add(a, b)
        case .sub: return _sub(a, b)
        case .mul: return _mul(a, b)
        case .div: return _div(a, b)
        case .pow:
            if b.im == 0 {
                if b.re == 0 { return Complex(1, 0) }
                if b.re == 1 { return a }
                if b.re == 2 { return _mul(a, a) }
            }
            if a.re == 0 && a.im == 0 {
                // 0 ** w: 0 for Re w > 0, else inf + nan j (std::pow's answer).
                return b.re > 0 ? Complex(0, 0) : Complex(.infinity, .nan)
            }
            return Complex.exp(_mul(b, Complex.log(a)))
        case .maximum, .minimum: emberFatal("\(op == .maximum ? "maximum" : "minimum") not implemented for complex tensors.")
        case .remainder: emberFatal("\"remainder_cpu\" not implemented for 'ComplexFloat'")
        case .floorDivide: emberFatal("\"div_floor_cpu\" not implemented for 'ComplexFloat'")
        default: emberFatal("\(op) does not produce complex64")
        }
    }
}
