/// How each file format names an Ember dtype. One row per dtype: when int8, int16 and
/// bfloat16 arrive, each is one more row here (safetensors `I8`/`I16`/`BF16`, numpy
/// `i1`/`i2`, torch `CharStorage`/`ShortStorage`/`BFloat16Storage`) and every reader and
/// writer picks it up.
struct FormatDType: Sendable {
    let dtype: DType
    /// The safetensors `dtype` field.
    let safetensors: String
    /// numpy's type code without the byte-order character (`f4`).
    let numpy: String
    /// The legacy typed-storage class torch pickles name (`torch.FloatStorage`).
    let torchStorage: String
    /// The dtype name inside torch's pickles (`torch.float32`).
    let torchName: String

    static let table: [FormatDType] = [
        FormatDType(dtype: .bool, safetensors: "BOOL", numpy: "b1", torchStorage: "BoolStorage", torchName: "bool"),
        FormatDType(dtype: .uint8, safetensors: "U8", numpy: "u1", torchStorage: "ByteStorage", torchName: "uint8"),
        FormatDType(dtype: .int32, safetensors: "I32", numpy: "i4", torchStorage: "IntStorage", torchName: "int32"),
        FormatDType(dtype: .int64, safetensors: "I64", numpy: "i8", torchStorage: "LongStorage", torchName: "int64"),
        FormatDType(dtype: .float16, safetensors: "F16", numpy: "f2", torchStorage: "HalfStorage", torchName: "float16"),
        FormatDType(dtype: .float32, safetensors: "F32", numpy: "f4", torchStorage: "FloatStorage", torchName: "float32"),
        FormatDType(dtype: .float64, safetensors: "F64", numpy: "f8", torchStorage: "DoubleStorage", torchName: "float64"),
    ]

    static func row(_ dtype: DType) -> FormatDType {
        table.first { $0.dtype == dtype }!
    }

    static func safetensors(_ name: String) -> FormatDType? { table.first { $0.safetensors == name } }
    static func numpy(_ code: String) -> FormatDType? { table.first { $0.numpy == code } }
    static func torchStorage(_ name: String) -> FormatDType? { table.first { $0.torchStorage == name } }

    /// Names the formats define that Ember has no dtype for yet: a clearer error than "unknown".
    static let knownUnsupportedSafetensors: Set<String> = [
        "I8", "I16", "U16", "U32", "U64", "BF16", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64",
    ]
}

// MARK: - Checked arithmetic on sizes read from files

/// The element count of `shape`, or nil when a dimension is negative or the product overflows.
func checkedElementCount(_ shape: [Int]) -> Int? {
    var count = 1
    for d in shape {
        guard d >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        if overflow { return nil }
        count = product
    }
    return count
}

/// The byte count of `shape` elements of `dtype`, or nil on a negative dimension or overflow.
func checkedByteCount(_ shape: [Int], _ dtype: DType) -> Int? {
    guard let count = checkedElementCount(shape) else { return nil }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    return overflow ? nil : bytes
}
