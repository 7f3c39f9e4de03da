/// The element type of a tensor, chosen at run time as in PyTorch.
///
/// Kernels are specialised per dtype internally with generics; this enum is the dynamic tag.
/// int8, int16, bfloat16 and complex64 arrive with the core-breadth issue: each new case
/// needs a row in `promotionRank`, a `TensorScalar` conformance and a dispatch line.
public enum DType: Int, Sendable, CaseIterable, CustomStringConvertible {
    case bool, uint8, int32, int64, float16, float32, float64

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .uint8: 1
        case .float16: 2
        case .int32, .float32: 4
        case .int64, .float64: 8
        }
    }

    /// True for float16, float32 and float64 (`torch.is_floating_point`).
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .float32, .float64: true
        default: false
        }
    }

    /// True for the integer dtypes, bool excluded.
    public var isIntegral: Bool { self == .uint8 || self == .int32 || self == .int64 }

    /// PyTorch prints dtypes as `torch.float32`; Ember prints them bare (`float32`).
    public var description: String {
        switch self {
        case .bool: "bool"
        case .uint8: "uint8"
        case .int32: "int32"
        case .int64: "int64"
        case .float16: "float16"
        case .float32: "float32"
        case .float64: "float64"
        }
    }

    /// The category a dtype belongs to for scalar promotion (`bool < integer < floating`).
    enum Category: Int, Comparable {
        case bool, integer, floating
        static func < (a: Category, b: Category) -> Bool { a.rawValue < b.rawValue }
    }

    var category: Category {
        if self == .bool { return .bool }
        return isFloatingPoint ? .floating : .integer
    }

    /// `torch.promote_types`: the smallest dtype that holds both.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a.category != b.category { return a.category > b.category ? a : b }
        // Same category: the wider type (uint8 with a signed int widens to that int).
        return a.itemSize >= b.itemSize ? a : b
    }
}

// MARK: - Default dtype

/// Guards the process-wide default dtype (Swift 6 strict concurrency).
private let defaultDTypeLock = Mutex<DType>(.float32)

/// The dtype that floating-point data and factories get when none is named (float32).
public var defaultDType: DType { defaultDTypeLock.withLock { $0 } }

/// `torch.set_default_dtype`: only floating-point dtypes are accepted, as in PyTorch.
public func setDefaultDType(_ dtype: DType, file: StaticString = #fileID, line: UInt = #line) {
    guard dtype == .float32 || dtype == .float64 || dtype == .float16 else {
        emberFatal("only floating-point types are supported as the default type", file: file, line: line)
    }
    defaultDTypeLock.withLock { $0 = dtype }
}
