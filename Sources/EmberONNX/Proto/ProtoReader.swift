/// Reads protobuf wire-format fields from a byte buffer, one field at a time.
///
/// Every length and varint is checked against the bytes that remain, so malformed input
/// throws ``ONNXError`` instead of trapping, and nothing is allocated beyond what the
/// remaining input could hold. Nested messages share the parent's buffer (no copy) and
/// report byte offsets into the whole input.
///
/// A message decoder loops over ``nextField()`` and hands each field's wire type to a
/// typed read, which checks it:
/// ```swift
/// while let (field, wireType) = try reader.nextField() {
///     switch field {
///     case 1: name = try reader.readString(wireType)
///     default: try reader.skipField(wireType)
///     }
/// }
/// ```
public struct ProtoReader: Sendable {
    /// How deeply messages may nest (graphs inside attributes inside nodes inside graphs…);
    /// protobuf's own parsers use 100. Deeper input would otherwise overflow the stack.
    public static let maxDepth = 100

    private let bytes: [UInt8]
    private let end: Int
    private let depth: Int
    private let message: String
    /// The field being read, named in error messages.
    private var field = 0
    /// The offset of the next unread byte, counted from the start of the whole input.
    public private(set) var offset: Int

    /// Creates a reader over a whole buffer; `message` names the top-level message in errors.
    public init(_ bytes: [UInt8], message: String = "message") {
        self.init(bytes, range: 0..<bytes.count, message: message, depth: 0)
    }

    private init(_ bytes: [UInt8], range: Range<Int>, message: String, depth: Int) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.message = message
        self.depth = depth
    }

    /// Whether every byte of the current message has been read.
    public var isAtEnd: Bool { offset >= end }

    /// How many bytes of the current message remain unread.
    public var remainingCount: Int { end - offset }

    /// An error naming the problem, the message and field being read, and the byte offset.
    public func error(_ what: String, at position: Int? = nil) -> ONNXError {
        let place = field > 0 ? "\(message) field \(field)" : message
        return ONNXError("malformed ONNX protobuf: \(what) (in \(place), at byte \(position ?? offset))")
    }

    // MARK: Keys

    /// Reads the next field key, or returns nil at the end of the message.
    ///
    /// Groups (wire types 3 and 4) are rejected: ONNX never uses them, and skipping them
    /// correctly would need a nesting-aware scan for no benefit.
    public mutating func nextField() throws -> (number: Int, wireType: ProtoWireType)? {
        guard offset < end else { return nil }
        let start = offset
        field = 0
        let key = try readVarint()
        guard key <= UInt64(UInt32.max) else { throw error("field key \(key) is out of range", at: start) }
        let number = Int(key >> 3)
        guard number != 0 else { throw error("field number 0 is invalid", at: start) }
        field = number
        guard let wireType = ProtoWireType(rawValue: UInt8(key & 7)) else {
            throw error("invalid wire type \(key & 7)", at: start)
        }
        if wireType == .startGroup || wireType == .endGroup {
            throw error("group wire type \(wireType.rawValue) is not supported", at: start)
        }
        return (number, wireType)
    }

    /// Skips the current field's value, whatever its wire type.
    public mutating func skipField(_ wireType: ProtoWireType) throws {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try advance(8)
        case .fixed32: try advance(4)
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup: throw error("group wire type \(wireType.rawValue) is not supported")
        }
    }

    // MARK: Raw encodings

    /// Reads a base-128 varint of at most ten bytes; bits beyond 64 are an error.
    public mutating func readVarint() throws -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw error("truncated varint", at: start) }
            let byte = bytes[offset]
            offset += 1
            // The tenth byte holds bit 63 only; anything more would not fit in 64 bits.
            if shift == 63 && byte > 1 { throw error("varint overflows 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads four little-endian bytes.
    public mutating func readFixed32() throws -> UInt32 {
        let start = try advance(4)
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[start + i]) << UInt32(8 * i) }
        return value
    }

    /// Reads eight little-endian bytes.
    public mutating func readFixed64() throws -> UInt64 {
        let start = try advance(8)
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[start + i]) << UInt64(8 * i) }
        return value
    }

    /// Reads a length prefix and returns the range of the payload (offsets into the whole input).
    public mutating func readLengthDelimited() throws -> Range<Int> {
        let start = offset
        let length = try readVarint()
        guard length <= UInt64(end - offset) else {
            throw error("length \(length) runs past the end of the message (\(end - offset) bytes left)", at: start)
        }
        let payloadStart = offset
        offset += Int(length)
        return payloadStart..<offset
    }

    /// Moves past `count` bytes after checking they exist; returns where they start.
    @discardableResult
    private mutating func advance(_ count: Int) throws -> Int {
        guard end - offset >= count else {
            throw error("truncated \(count)-byte value (\(end - offset) bytes left)")
        }
        defer { offset += count }
        return offset
    }

    private func expect(_ wireType: ProtoWireType, _ expected: ProtoWireType, _ type: String) throws {
        guard wireType == expected else {
            throw error("\(type) field has wire type \(wireType), expected \(expected)")
        }
    }

    // MARK: Scalar fields

    /// Reads an int64 field (a varint read as two's complement).
    public mutating func readInt(_ wireType: ProtoWireType) throws -> Int {
        try expect(wireType, .varint, "int64")
        return Int(truncatingIfNeeded: Int64(bitPattern: try readVarint()))
    }

    /// Reads an int32 or enum field; protobuf keeps the low 32 bits of the varint.
    public mutating func readInt32(_ wireType: ProtoWireType) throws -> Int32 {
        try expect(wireType, .varint, "int32")
        return Int32(truncatingIfNeeded: try readVarint())
    }

    /// Reads a uint64 field.
    public mutating func readUInt64(_ wireType: ProtoWireType) throws -> UInt64 {
        try expect(wireType, .varint, "uint64")
        return try readVarint()
    }

    /// Reads a float field (fixed32).
    public mutating func readFloat(_ wireType: ProtoWireType) throws -> Float {
        try expect(wireType, .fixed32, "float")
        return Float(bitPattern: try readFixed32())
    }

    /// Reads a double field (fixed64).
    public mutating func readDouble(_ wireType: ProtoWireType) throws -> Double {
        try expect(wireType, .fixed64, "double")
        return Double(bitPattern: try readFixed64())
    }

    // MARK: Length-delimited fields

    /// Reads a bytes field.
    public mutating func readBytes(_ wireType: ProtoWireType) throws -> [UInt8] {
        try expect(wireType, .lengthDelimited, "bytes")
        return Array(bytes[try readLengthDelimited()])
    }

    /// Reads a string field. Invalid UTF-8 is repaired with U+FFFD rather than rejected:
    /// onnx.proto is proto2, whose C++ parser lets such strings through, so real files may hold them.
    public mutating func readString(_ wireType: ProtoWireType) throws -> String {
        try expect(wireType, .lengthDelimited, "string")
        return String(decoding: bytes[try readLengthDelimited()], as: UTF8.self)
    }

    /// Reads a nested message, sharing this reader's buffer.
    public mutating func readMessage<M: ProtoMessage>(_ wireType: ProtoWireType, as type: M.Type = M.self) throws -> M {
        try expect(wireType, .lengthDelimited, M.protoName)
        guard depth < Self.maxDepth else {
            throw error("messages nest more than \(Self.maxDepth) deep")
        }
        let range = try readLengthDelimited()
        var inner = ProtoReader(bytes, range: range, message: M.protoName, depth: depth + 1)
        return try M(from: &inner)
    }

    // MARK: Repeated scalar fields, packed or not

    // Protobuf requires parsers to accept both encodings for any repeated scalar field, and ONNX
    // files in the wild use both (onnx.proto declares `dims` and `ints` unpacked, `int64_data` packed).

    /// Appends one int64 element (unpacked) or a packed run of them.
    public mutating func readRepeatedInt(_ wireType: ProtoWireType, into values: inout [Int]) throws {
        try readRepeatedVarints(wireType, "int64") { values.append(Int(truncatingIfNeeded: Int64(bitPattern: $0))) }
    }

    /// Appends one int32 element (unpacked) or a packed run of them.
    public mutating func readRepeatedInt32(_ wireType: ProtoWireType, into values: inout [Int32]) throws {
        try readRepeatedVarints(wireType, "int32") { values.append(Int32(truncatingIfNeeded: $0)) }
    }

    /// Appends one uint64 element (unpacked) or a packed run of them.
    public mutating func readRepeatedUInt64(_ wireType: ProtoWireType, into values: inout [UInt64]) throws {
        try readRepeatedVarints(wireType, "uint64") { values.append($0) }
    }

    /// Appends one float element (unpacked) or a packed run of them.
    public mutating func readRepeatedFloat(_ wireType: ProtoWireType, into values: inout [Float]) throws {
        switch wireType {
        case .fixed32:
            values.append(Float(bitPattern: try readFixed32()))
        case .lengthDelimited:
            let range = try packedRange(elementSize: 4)
            values.reserveCapacity(values.count + range.count / 4)
            for start in stride(from: range.lowerBound, to: range.upperBound, by: 4) {
                values.append(Float(bitPattern: littleEndian32(at: start)))
            }
        default:
            try expect(wireType, .fixed32, "repeated float")
        }
    }

    /// Appends one double element (unpacked) or a packed run of them.
    public mutating func readRepeatedDouble(_ wireType: ProtoWireType, into values: inout [Double]) throws {
        switch wireType {
        case .fixed64:
            values.append(Double(bitPattern: try readFixed64()))
        case .lengthDelimited:
            let range = try packedRange(elementSize: 8)
            values.reserveCapacity(values.count + range.count / 8)
            for start in stride(from: range.lowerBound, to: range.upperBound, by: 8) {
                let low = UInt64(littleEndian32(at: start)), high = UInt64(littleEndian32(at: start + 4))
                values.append(Double(bitPattern: high << 32 | low))
            }
        default:
            try expect(wireType, .fixed64, "repeated double")
        }
    }

    /// Reads a packed payload of fixed-size elements, whose length must be a whole number of them.
    private mutating func packedRange(elementSize: Int) throws -> Range<Int> {
        let start = offset
        let range = try readLengthDelimited()
        guard range.count % elementSize == 0 else {
            throw error("packed field of \(range.count) bytes is not a whole number of \(elementSize)-byte elements", at: start)
        }
        return range
    }

    /// Reads four little-endian bytes at an offset already checked to be in bounds.
    private func littleEndian32(at start: Int) -> UInt32 {
        UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
    }

    /// Reads one varint, or every varint of a packed payload (which must end exactly at its length).
    private mutating func readRepeatedVarints(
        _ wireType: ProtoWireType, _ type: String, _ append: (UInt64) -> Void
    ) throws {
        switch wireType {
        case .varint:
            append(try readVarint())
        case .lengthDelimited:
            let range = try readLengthDelimited()
            var packed = ProtoReader(bytes, range: range, message: message, depth: depth)
            packed.field = field
            while !packed.isAtEnd { append(try packed.readVarint()) }
        default:
            try expect(wireType, .varint, "repeated \(type)")
        }
    }
}
