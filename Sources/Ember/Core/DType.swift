/// The element type of a tensor, chosen at run time as in PyTorch.
///
/// Kernels are specialised per dtype internally with generics; this enum is the dynamic tag.
/// Each case has a storage type (`TensorScalar`): `Int8`, `Int16`, `BFloat16` (ours: 16 bits,
/// computed in float32 as PyTorch does) and `Complex<Float>` (swift-numerics) for complex64.
public enum DType: Int, Sendable, CaseIterable, CustomStringConvertible {
    case bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64, complex64

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .uint8, .int8: 1
        case .int16, .float16, .bfloat16: 2
        case .int32, .float32: 4
        case .int64, .float64, .complex64: 8
        }
    }

    /// True for float16, bfloat16, float32 and float64 (`torch.is_floating_point`; complex is not).
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: true
        default: false
        }
    }

    /// True for complex64 (`torch.is_complex`).
    public var isComplex: Bool { self == .complex64 }

    /// True for the integer dtypes, bool excluded.
    public var isIntegral: Bool {
        switch self {
        case .uint8, .int8, .int16, .int32, .int64: true
        default: false
        }
    }

    /// Floating or complex: the dtypes that can require gradients in PyTorch and that
    /// float-only math keeps (an integer input goes to the default dtype instead).
    var isFloatingOrComplex: Bool { isFloatingPoint || isComplex }

    /// PyTorch prints dtypes as `torch.float32`; Ember prints them bare (`float32`).
    public var description: String {
        switch self {
        case .bool: "bool"
        case .uint8: "uint8"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .float32: "float32"
        case .float64: "float64"
        case .complex64: "complex64"
        }
    }

    /// PyTorch's scalar-type name as its kernels print it (`"max_all" not implemented for 'ComplexFloat'`).
    package var scalarTypeName: String {
        switch self {
        case .bool: "Bool"
        case .uint8: "Byte"
        case .int8: "Char"
        case .int16: "Short"
        case .int32: "Int"
        case .int64: "Long"
        case .float16: "Half"
        case .bfloat16: "BFloat16"
        case .float32: "Float"
        case .float64: "Double"
        case .complex64: "ComplexFloat"
        }
    }

    /// The category a dtype belongs to for scalar promotion (`bool < integer < floating < complex`).
    enum Category: Int, Comparable {
        case bool, integer, floating, complex
        static func < (a: Category, b: Category) -> Bool { a.rawValue < b.rawValue }
    }

    var category: Category {
        if self == .bool { return .bool }
        if isComplex { return .complex }
        return isFloatingPoint ? .floating : .integer
    }

    /// `torch.promote_types`: the smallest dtype that holds both. complex64 with float64
    /// would be complex128, which Ember lacks: that pair stops with a message.
    public static func promote(_ a: DType, _ b: DType, file: StaticString = #fileID, line: UInt = #line) -> DType {
        if a == b { return a }
        if a.isComplex || b.isComplex {
            let other = a.isComplex ? b : a
            if other == .float64 {
                emberFatal("promoting complex64 with float64 gives complex128, which Ember does not support", file: file, line: line)
            }
            return .complex64
        }
        if a.category != b.category { return a.category > b.category ? a : b }
        if a.category == .floating {
            // float16 and bfloat16 hold different ranges: neither holds the other.
            if a.itemSize == 2 && b.itemSize == 2 { return .float32 }
            return a.itemSize >= b.itemSize ? a : b
        }
        // Integers: uint8 with a signed type needs a wider signed one (uint8 + int8 is int16).
        if a == .uint8 || b == .uint8 {
            let signed = a == .uint8 ? b : a
            return signed.itemSize > 1 ? signed : .int16
        }
        return a.itemSize >= b.itemSize ? a : b
    }

    /// The complex dtype a floating dtype pairs with (`float32` -> `complex64`); nil where
    /// PyTorch's answer (complex32, bcomplex32, complex128) is a dtype Ember lacks.
    var complexCounterpart: DType? {
        switch self {
        case .float32, .complex64: .complex64
        default: nil
        }
    }

    /// The real dtype of a complex one's parts (`complex64` -> `float32`); self otherwise.
    public var realCounterpart: DType { self == .complex64 ? .float32 : self }
}

// MARK: - Default dtype

/// Guards the process-wide default dtype (Swift 6 strict concurrency).
private let defaultDTypeLock = Mutex<DType>(.float32)

/// The dtype that floating-point data and factories get when none is named (float32).
public var defaultDType: DType { defaultDTypeLock.withLock { $0 } }

/// `torch.set_default_dtype`: only floating-point dtypes are accepted, as in PyTorch.
public func setDefaultDType(_ dtype: DType, file: StaticString = #fileID, line: UInt = #line) {
    guard dtype == .float32 || dtype == .float64 || dtype == .float16 || dtype == .bfloat16 else {
        emberFatal("only floating-point types are supported as the default type", file: file, line: line)
    }
    defaultDTypeLock.withLock { $0 = dtype }
}
