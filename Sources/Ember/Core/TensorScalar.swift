import RealModule

/// A Swift value that can be an element of a tensor or a scalar operand.
///
/// The storage types (`Bool`, `UInt8`, `Int8`, `Int16`, `Int32`, `Int64`, `Float16`,
/// `BFloat16`, `Float`, `Double`, `Complex<Float>`) conform, and `Int` (stored as int64) and
/// `Complex<Double>` (stored as complex64) as operands and literals. The underscored requirements are the conversions and
/// arithmetic the dtype-generic kernels are written in; they follow C casts as PyTorch does
/// (integers wrap, floats truncate toward zero).
public protocol TensorScalar: Sendable, Equatable {
    /// The dtype data of this Swift type gets when none is named.
    static var literalDType: DType { get }
    var _double: Double { get }
    var _int64: Int64 { get }
    static func _from(double: Double) -> Self
    static func _from(int64: Int64) -> Self
    static var _isFloat: Bool { get }
    /// The imaginary part (0 for real types); complex-to-complex casts keep it.
    var _imag: Double { get }
    static func _from(real: Double, imag: Double) -> Self
    static var _isComplex: Bool { get }
}

extension TensorScalar {
    public var _imag: Double { 0 }
    /// A real type keeps the real part only, as PyTorch's complex-to-real copy does.
    public static func _from(real: Double, imag: Double) -> Self { _from(double: real) }
    public static var _isComplex: Bool { false }
}

extension TensorScalar {
    /// Converts with C-cast semantics (the path PyTorch's `.to(dtype)` takes).
    @inline(__always)
    static func _cast<S: TensorScalar>(_ s: S) -> Self {
        if S._isComplex { return _from(real: s._double, imag: s._imag) }
        return S._isFloat ? _from(double: s._double) : _from(int64: s._int64)
    }
}

/// Floating-point storage types: the math kernels are generic over these.
protocol FloatScalar: TensorScalar, BinaryFloatingPoint, Real, ArithmeticScalar {}

/// Storage types with +, -, *, and ordering (every dtype but bool).
protocol NumericScalar: TensorScalar, Comparable {
    static func _add(_ a: Self, _ b: Self) -> Self
    static func _sub(_ a: Self, _ b: Self) -> Self
    static func _mul(_ a: Self, _ b: Self) -> Self
    static var zero: Self { get }
    static var one: Self { get }
}

/// Integer storage types: division floors, arithmetic wraps as in C.
protocol IntegerScalar: NumericScalar, FixedWidthInteger {}

extension IntegerScalar {
    @inline(__always) static func _add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) static func _sub(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) static func _mul(_ a: Self, _ b: Self) -> Self { a &* b }
    static var one: Self { 1 }
    public var _double: Double { Double(self) }
    public var _int64: Int64 { Int64(truncatingIfNeeded: self) }
    public static func _from(int64: Int64) -> Self { Self(truncatingIfNeeded: int64) }
    public static func _from(double: Double) -> Self {
        // C's cast is undefined out of range; x86 yields the target's minimum (INT32_MIN
        // for int32, INT64_MIN for int64), which we mirror. uint8 goes through int64, as in
        // PyTorch's c10::convert.
        if Self.isSigned && Self.bitWidth <= 32 {
            guard double.isFinite, double > -2147483649.0, double < 2147483648.0 else {
                return Self(truncatingIfNeeded: Int32.min)
            }
            return Self(truncatingIfNeeded: Int32(double))
        }
        guard double.isFinite, double >= -0x1p63, double < 0x1p63 else { return _from(int64: .min) }
        return Self(truncatingIfNeeded: Int64(double))
    }
    public static var _isFloat: Bool { false }
}

extension FloatScalar {
    @inline(__always) static func _add(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func _sub(_ a: Self, _ b: Self) -> Self { a - b }
    @inline(__always) static func _mul(_ a: Self, _ b: Self) -> Self { a * b }
    static var one: Self { 1 }
    public var _double: Double { Double(self) }
    public var _int64: Int64 {
        let d = Double(self)
        guard d.isFinite, d >= -0x1p63, d < 0x1p63 else { return .min }
        return Int64(d)
    }
    public static func _from(int64: Int64) -> Self { Self(int64) }
    public static func _from(double: Double) -> Self { Self(double) }
    public static var _isFloat: Bool { true }
}

extension Bool: TensorScalar {
    public static var literalDType: DType { .bool }
    public var _double: Double { self ? 1 : 0 }
    public var _int64: Int64 { self ? 1 : 0 }
    public static func _from(double: Double) -> Bool { double != 0 }
    public static func _from(int64: Int64) -> Bool { int64 != 0 }
    public static var _isFloat: Bool { false }
    /// A complex value is true when either part is nonzero.
    public static func _from(real: Double, imag: Double) -> Bool { real != 0 || imag != 0 }
}

extension UInt8: TensorScalar, IntegerScalar { public static var literalDType: DType { .uint8 } }
extension Int8: TensorScalar, IntegerScalar { public static var literalDType: DType { .int8 } }
extension Int16: TensorScalar, IntegerScalar { public static var literalDType: DType { .int16 } }
extension Int32: TensorScalar, IntegerScalar { public static var literalDType: DType { .int32 } }
extension Int64: TensorScalar, IntegerScalar { public static var literalDType: DType { .int64 } }
extension Int: TensorScalar, IntegerScalar { public static var literalDType: DType { .int64 } }
extension Float16: TensorScalar, FloatScalar, NumericScalar {
    public static var literalDType: DType { .float16 }
}
extension Float: TensorScalar, FloatScalar, NumericScalar { public static var literalDType: DType { .float32 } }
extension Double: TensorScalar, FloatScalar, NumericScalar {
    /// Swift's `1.0` is a Double; like a Python float it takes the default dtype.
    public static var literalDType: DType { defaultDType }
}

// MARK: - Nested literals

/// Nested Swift arrays of scalars: `Tensor([[1, 2], [3, 4]])`.
public protocol TensorLiteral {
    associatedtype Scalar: TensorScalar
    /// Appends the elements in row-major order and records the shape; ragged input is an error.
    func _flatten(into values: inout [Scalar], shape: inout [Int], depth: Int) -> String?
}

extension TensorLiteral where Self: TensorScalar, Scalar == Self {
    public func _flatten(into values: inout [Scalar], shape: inout [Int], depth: Int) -> String? {
        if depth < shape.count { return "expected sequence of length \(shape[depth]) at dim \(depth) (got scalar)" }
        values.append(self)
        return nil
    }
}

extension Bool: TensorLiteral { public typealias Scalar = Bool }
extension UInt8: TensorLiteral { public typealias Scalar = UInt8 }
extension Int8: TensorLiteral { public typealias Scalar = Int8 }
extension Int16: TensorLiteral { public typealias Scalar = Int16 }
extension BFloat16: TensorLiteral { public typealias Scalar = BFloat16 }
extension Int32: TensorLiteral { public typealias Scalar = Int32 }
extension Int64: TensorLiteral { public typealias Scalar = Int64 }
extension Int: TensorLiteral { public typealias Scalar = Int }
extension Float16: TensorLiteral { public typealias Scalar = Float16 }
extension Float: TensorLiteral { public typealias Scalar = Float }
extension Double: TensorLiteral { public typealias Scalar = Double }

extension Array: TensorLiteral where Element: TensorLiteral {
    public typealias Scalar = Element.Scalar
    public func _flatten(into values: inout [Scalar], shape: inout [Int], depth: Int) -> String? {
        if depth == shape.count {
            // The first array met at this depth fixes the length of the dimension.
            shape.append(count)
        } else if shape[depth] != count {
            return "expected sequence of length \(shape[depth]) at dim \(depth) (got \(count))"
        }
        for element in self {
            if let error = element._flatten(into: &values, shape: &shape, depth: depth + 1) { return error }
        }
        // An empty array at the deepest level still sets the shape only once.
        return nil
    }
}
