/// How each file format names an Ember dtype. One row per dtype; every reader and writer
/// picks a row up. numpy has no bfloat16 (its code is nil: saving one to .npy throws, as
/// `t.numpy()` fails in PyTorch).
struct FormatDType: Sendable {
    let dtype: DType
    /// The safetensors `dtype` field.
    let safetensors: String
    /// numpy's type code without the byte-order character (`f4`); nil where numpy has none.
    let numpy: String?
    /// The legacy typed-storage class torch pickles name (`torch.FloatStorage`).
    let torchStorage: String
    /// The dtype name inside torch's pickles (`torch.float32`).
    let torchName: String

    static let table: [FormatDType] = [
        FormatDType(dtype: .bool, safetensors: "BOOL", numpy: "b1", torchStorage: "BoolStorage", torchName: "bool"),
        FormatDType(dtype: .uint8, safetensors: "U8", numpy: "u1", torchStorage: "ByteStorage", torchName: "uint8"),
        FormatDType(dtype: .int8, safetensors: "I8", numpy: "i1", torchStorage: "CharStorage", torchName: "int8"),
        FormatDType(dtype: .int16, safetensors: "I16", numpy: "i2", torchStorage: "ShortStorage", torchName: "int16"),
        FormatDType(dtype: .int32, safetensors: "I32", numpy: "i4", torchStorage: "IntStorage", torchName: "int32"),
        FormatDType(dtype: .int64, safetensors: "I64", numpy: "i8", torchStorage: "LongStorage", torchName: "int64"),
        FormatDType(dtype: .float16, safetensors: "F16", numpy: "f2", torchStorage: "HalfStorage", torchName: "float16"),
        FormatDType(dtype: .bfloat16, safetensors: "BF16", numpy: nil, torchStorage: "BFloat16Storage", torchName: "bfloat16"),
        FormatDType(dtype: .float32, safetensors: "F32", numpy: "f4", torchStorage: "FloatStorage", torchName: "float32"),
        FormatDType(dtype: .float64, safetensors: "F64", numpy: "f8", torchStorage: "DoubleStorage", torchName: "float64"),
        FormatDType(dtype: .complex64, safetensors: "C64", numpy: "c8", torchStorage: "ComplexFloatStorage", torchName: "complex64"),
    ]

    static func row(_ dtype: DType) -> FormatDType {
        table.first { $0.dtype == dtype }!
    }

    static func safetensors(_ name: String) -> FormatDType? { table.first { $0.safetensors == name } }
    static func numpy(_ code: String) -> FormatDType? { table.first { $0.numpy == code } }
    static func torchStorage(_ name: String) -> FormatDType? { table.first { $0.torchStorage == name } }

    /// Names the formats define that Ember has no dtype for yet: a clearer error than "unknown".
    static let knownUnsupportedSafetensors: Set<String> = [
        "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2",
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
