/// The wire type in the low three bits of a protobuf field key.
public enum ProtoWireType: UInt8, Sendable, Equatable, CustomStringConvertible {
    /// A base-128 varint (int32, int64, uint64, bool, enum).
    case varint = 0
    /// Eight little-endian bytes (double, fixed64).
    case fixed64 = 1
    /// A varint length followed by that many bytes (string, bytes, message, packed repeated).
    case lengthDelimited = 2
    /// The start of a proto2 group (deprecated; never used by ONNX).
    case startGroup = 3
    /// The end of a proto2 group (deprecated; never used by ONNX).
    case endGroup = 4
    /// Four little-endian bytes (float, fixed32).
    case fixed32 = 5

    /// The wire type's name as protobuf's documentation spells it.
    public var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "fixed32"
        }
    }
}

/// A protobuf message that can be written with ``ProtoWriter`` and read with ``ProtoReader``.
public protocol ProtoMessage: Sendable, Equatable {
    /// The message's name in onnx.proto, used in error messages.
    static var protoName: String { get }
    /// Decodes the message from a reader positioned over exactly the message's bytes.
    init(from reader: inout ProtoReader) throws
    /// Appends the message's fields (without a length prefix) to a writer.
    func encode(to writer: inout ProtoWriter)
}

extension ProtoMessage {
    /// The message in protobuf wire format, as `SerializeToString` would give it.
    public func serialized() -> [UInt8] {
        var writer = ProtoWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes a message from protobuf wire format; throws ``ONNXError`` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        var reader = ProtoReader(bytes, message: Self.protoName)
        try self.init(from: &reader)
    }

    /// Decodes a message from raw memory (a mapped file, say); the bytes are copied once.
    public init(serializedBytes buffer: UnsafeRawBufferPointer) throws {
        try self.init(serializedBytes: [UInt8](buffer))
    }
}
