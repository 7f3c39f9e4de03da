/// bfloat16: the upper 16 bits of a float32 (8 exponent bits, 7 mantissa bits).
///
/// Swift has no such type, so this one stores the bits and does every operation in float32,
/// as PyTorch's `c10::BFloat16` does: float32 -> bfloat16 rounds to nearest even and turns
/// any NaN into the quiet NaN 0x7FC0; a Double goes through float32 first (c10 has no
/// double constructor), so it can round twice, as in PyTorch.
public struct BFloat16: Sendable, Hashable, Comparable, CustomStringConvertible,
                        ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The raw bits.
    public var bitPattern: UInt16

    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Rounds to nearest even (NaN becomes 0x7FC0).
    public init(_ value: Float) {
        if value.isNaN { bitPattern = 0x7FC0; return }
        let bits = value.bitPattern
        let bias = ((bits >> 16) & 1) &+ 0x7FFF
        bitPattern = UInt16(truncatingIfNeeded: (bits &+ bias) >> 16)
    }

    /// Through float32, as c10 converts a double.
    public init(_ value: Double) { self.init(Float(value)) }
    public init(floatLiteral value: Double) { self.init(Float(value)) }
    public init(integerLiteral value: Int) { self.init(Float(value)) }

    /// The exact float32 value.
    public var float: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    public var isNaN: Bool { float.isNaN }
    public var isFinite: Bool { float.isFinite }

    public var description: String { float.description }

    // IEEE comparisons (NaN equals nothing), not bitwise ones.
    public static func == (a: BFloat16, b: BFloat16) -> Bool { a.float == b.float }
    public static func < (a: BFloat16, b: BFloat16) -> Bool { a.float < b.float }
    public func hash(into hasher: inout Hasher) { hasher.combine(float) }
}

extension BFloat16: TensorScalar, NumericScalar {
    public static var literalDType: DType { .bfloat16 }
    public var _double: Double { Double(float) }
    public var _int64: Int64 { float._int64 }
    public static func _from(double: Double) -> BFloat16 { BFloat16(Float(double)) }
    public static func _from(int64: Int64) -> BFloat16 { BFloat16(Float(int64)) }
    public static var _isFloat: Bool { true }
    @inline(__always) static func _add(_ a: Self, _ b: Self) -> Self { BFloat16(a.float + b.float) }
    @inline(__always) static func _sub(_ a: Self, _ b: Self) -> Self { BFloat16(a.float - b.float) }
    @inline(__always) static func _mul(_ a: Self, _ b: Self) -> Self { BFloat16(a.float * b.float) }
    static var zero: BFloat16 { BFloat16(bitPattern: 0) }
    static var one: BFloat16 { BFloat16(bitPattern: 0x3F80) }
}
