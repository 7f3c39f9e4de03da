/// Appends protobuf wire-format fields to a byte buffer.
///
/// Field-level methods always write their field, even when it holds the default value; the
/// messages decide what to omit, since for some fields (a zero `dim_value`, an empty shape)
/// presence carries meaning.
public struct ProtoWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer.
    public init() {
        bytes = []
    }

    // MARK: Raw encodings

    /// Appends an unsigned base-128 varint (1 to 10 bytes).
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends four little-endian bytes.
    public mutating func writeFixed32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    /// Appends eight little-endian bytes.
    public mutating func writeFixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Appends a field key: `(field << 3) | wireType`.
    public mutating func writeKey(field: Int, wireType: ProtoWireType) {
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// Appends raw bytes with no key or length (the payload of an already written key and length).
    public mutating func writeRaw(_ payload: [UInt8]) {
        bytes.append(contentsOf: payload)
    }

    // MARK: Scalar fields

    /// Writes an int64 field; negative values take ten bytes (two's complement, not zigzag).
    public mutating func writeInt(_ value: Int, field: Int) {
        writeKey(field: field, wireType: .varint)
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    /// Writes an int32 or enum field; negative values are sign-extended to ten bytes, as protobuf requires.
    public mutating func writeInt32(_ value: Int32, field: Int) {
        writeKey(field: field, wireType: .varint)
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    /// Writes a uint64 field.
    public mutating func writeUInt64(_ value: UInt64, field: Int) {
        writeKey(field: field, wireType: .varint)
        writeVarint(value)
    }

    /// Writes a float field (fixed32, little-endian IEEE 754).
    public mutating func writeFloat(_ value: Float, field: Int) {
        writeKey(field: field, wireType: .fixed32)
        writeFixed32(value.bitPattern)
    }

    /// Writes a double field (fixed64, little-endian IEEE 754).
    public mutating func writeDouble(_ value: Double, field: Int) {
        writeKey(field: field, wireType: .fixed64)
        writeFixed64(value.bitPattern)
    }

    // MARK: Length-delimited fields

    /// Writes a bytes field: key, length, payload.
    public mutating func writeBytes(_ value: [UInt8], field: Int) {
        writeKey(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a string field as UTF-8.
    public mutating func writeString(_ value: String, field: Int) {
        let utf8 = value.utf8
        writeKey(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Writes a nested message: it is encoded to its own buffer first, so its length is known.
    public mutating func writeMessage(_ message: some ProtoMessage, field: Int) {
        var inner = ProtoWriter()
        message.encode(to: &inner)
        writeBytes(inner.bytes, field: field)
    }

    /// Writes each message of a repeated message field.
    public mutating func writeMessages(_ messages: [some ProtoMessage], field: Int) {
        for message in messages { writeMessage(message, field: field) }
    }

    /// Writes each string of a repeated string field (empty strings included: they are elements).
    public mutating func writeStrings(_ values: [String], field: Int) {
        for value in values { writeString(value, field: field) }
    }

    // MARK: Packed repeated fields

    /// Writes a packed repeated int64 field; nothing when empty.
    public mutating func writePacked(_ values: [Int], field: Int) {
        writePackedVarints(values.lazy.map { UInt64(bitPattern: Int64($0)) }, field: field)
    }

    /// Writes a packed repeated int32 field; nothing when empty.
    public mutating func writePacked(_ values: [Int32], field: Int) {
        writePackedVarints(values.lazy.map { UInt64(bitPattern: Int64($0)) }, field: field)
    }

    /// Writes a packed repeated uint64 field; nothing when empty.
    public mutating func writePacked(_ values: [UInt64], field: Int) {
        writePackedVarints(values, field: field)
    }

    /// Writes a packed repeated float field; nothing when empty.
    public mutating func writePacked(_ values: [Float], field: Int) {
        guard !values.isEmpty else { return }
        writeKey(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(values.count * 4))
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { writeFixed32(value.bitPattern) }
    }

    /// Writes a packed repeated double field; nothing when empty.
    public mutating func writePacked(_ values: [Double], field: Int) {
        guard !values.isEmpty else { return }
        writeKey(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(values.count * 8))
        bytes.reserveCapacity(bytes.count + values.count * 8)
        for value in values { writeFixed64(value.bitPattern) }
    }

    /// Writes varints into a scratch writer so the payload length can precede them.
    private mutating func writePackedVarints(_ values: some Collection<UInt64>, field: Int) {
        guard !values.isEmpty else { return }
        var payload = ProtoWriter()
        for value in values { payload.writeVarint(value) }
        writeBytes(payload.bytes, field: field)
    }
}
