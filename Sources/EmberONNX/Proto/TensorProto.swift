/// A tensor: dims, element type and data, stored in one of several fields (onnx.proto `TensorProto`).
///
/// Exporters write ``rawData`` (little-endian); other writers use the typed fields
/// (``floatData``, ``int64Data``…). The decoder keeps all of them as they came.
public struct TensorProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "TensorProto"

    /// An element type (onnx.proto `TensorProto.DataType`).
    ///
    /// A struct over the raw value rather than an enum, so types newer than this code still decode.
    public struct DataType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The enum's number in onnx.proto.
        public var rawValue: Int32
        /// Wraps a raw enum number.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// No type set.
        public static let undefined = DataType(rawValue: 0)
        /// 32-bit IEEE float.
        public static let float = DataType(rawValue: 1)
        /// Unsigned 8-bit integer.
        public static let uint8 = DataType(rawValue: 2)
        /// Signed 8-bit integer.
        public static let int8 = DataType(rawValue: 3)
        /// Unsigned 16-bit integer.
        public static let uint16 = DataType(rawValue: 4)
        /// Signed 16-bit integer.
        public static let int16 = DataType(rawValue: 5)
        /// Signed 32-bit integer.
        public static let int32 = DataType(rawValue: 6)
        /// Signed 64-bit integer.
        public static let int64 = DataType(rawValue: 7)
        /// Byte string.
        public static let string = DataType(rawValue: 8)
        /// Boolean.
        public static let bool = DataType(rawValue: 9)
        /// 16-bit IEEE float.
        public static let float16 = DataType(rawValue: 10)
        /// 64-bit IEEE float.
        public static let double = DataType(rawValue: 11)
        /// Unsigned 32-bit integer.
        public static let uint32 = DataType(rawValue: 12)
        /// Unsigned 64-bit integer.
        public static let uint64 = DataType(rawValue: 13)
        /// Complex of two 32-bit floats.
        public static let complex64 = DataType(rawValue: 14)
        /// Complex of two 64-bit floats.
        public static let complex128 = DataType(rawValue: 15)
        /// Brain float (8-bit exponent, 7-bit mantissa).
        public static let bfloat16 = DataType(rawValue: 16)

        /// The name onnx.proto gives the type, e.g. `FLOAT`.
        public var description: String {
            let names = ["UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING",
                         "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
                         "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4",
                         "FLOAT4E2M1", "FLOAT8E8M0", "UINT2", "INT2", "FLOAT6E2M3", "FLOAT6E3M2"]
            return rawValue >= 0 && Int(rawValue) < names.count ? names[Int(rawValue)] : "DataType(\(rawValue))"
        }
    }

    /// Where a tensor's data lives (onnx.proto `TensorProto.DataLocation`).
    public struct DataLocation: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The enum's number in onnx.proto.
        public var rawValue: Int32
        /// Wraps a raw enum number.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// In this message's data fields.
        public static let `default` = DataLocation(rawValue: 0)
        /// In a separate file named by ``TensorProto/externalData``.
        public static let external = DataLocation(rawValue: 1)

        /// The name onnx.proto gives the location.
        public var description: String {
            switch rawValue {
            case 0: "DEFAULT"
            case 1: "EXTERNAL"
            default: "DataLocation(\(rawValue))"
            }
        }
    }

    /// The shape (field 1).
    public var dims: [Int]
    /// The element type (field 2).
    public var dataType: DataType
    /// FLOAT, COMPLEX64 elements (field 4).
    public var floatData: [Float]
    /// INT32 elements, and narrower types widened to int32 (field 5).
    public var int32Data: [Int32]
    /// STRING elements (field 6).
    public var stringData: [[UInt8]]
    /// INT64 elements (field 7).
    public var int64Data: [Int]
    /// The tensor's name; for an initializer, the value it provides (field 8).
    public var name: String
    /// Human-readable documentation (field 12).
    public var docString: String
    /// The elements as packed little-endian bytes (field 9).
    public var rawData: [UInt8]
    /// For external data: `location`, `offset`, `length`, `checksum` entries (field 13).
    public var externalData: [StringStringEntryProto]
    /// Whether the data is in this message or an external file (field 14).
    public var dataLocation: DataLocation
    /// DOUBLE, COMPLEX128 elements (field 10).
    public var doubleData: [Double]
    /// UINT32, UINT64 elements (field 11).
    public var uint64Data: [UInt64]

    /// Creates a tensor; every field defaults to empty.
    public init(
        name: String = "", dims: [Int] = [], dataType: DataType = .undefined, rawData: [UInt8] = [],
        floatData: [Float] = [], int32Data: [Int32] = [], int64Data: [Int] = [], doubleData: [Double] = [],
        uint64Data: [UInt64] = [], stringData: [[UInt8]] = [], docString: String = "",
        externalData: [StringStringEntryProto] = [], dataLocation: DataLocation = .default
    ) {
        self.dims = dims
        self.dataType = dataType
        self.floatData = floatData
        self.int32Data = int32Data
        self.stringData = stringData
        self.int64Data = int64Data
        self.name = name
        self.docString = docString
        self.rawData = rawData
        self.externalData = externalData
        self.dataLocation = dataLocation
        self.doubleData = doubleData
        self.uint64Data = uint64Data
    }

    /// Decodes every data field; segments and metadata are skipped.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: try reader.readRepeatedInt(wireType, into: &dims)
            case 2: dataType = DataType(rawValue: try reader.readInt32(wireType))
            case 4: try reader.readRepeatedFloat(wireType, into: &floatData)
            case 5: try reader.readRepeatedInt32(wireType, into: &int32Data)
            case 6: stringData.append(try reader.readBytes(wireType))
            case 7: try reader.readRepeatedInt(wireType, into: &int64Data)
            case 8: name = try reader.readString(wireType)
            case 9: rawData = try reader.readBytes(wireType)
            case 10: try reader.readRepeatedDouble(wireType, into: &doubleData)
            case 11: try reader.readRepeatedUInt64(wireType, into: &uint64Data)
            case 12: docString = try reader.readString(wireType)
            case 13: externalData.append(try reader.readMessage(wireType))
            case 14: dataLocation = DataLocation(rawValue: try reader.readInt32(wireType))
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the tensor's fields in field-number order, repeated scalars packed.
    public func encode(to writer: inout ProtoWriter) {
        writer.writePacked(dims, field: 1)
        if dataType != .undefined { writer.writeInt32(dataType.rawValue, field: 2) }
        writer.writePacked(floatData, field: 4)
        writer.writePacked(int32Data, field: 5)
        for value in stringData { writer.writeBytes(value, field: 6) }
        writer.writePacked(int64Data, field: 7)
        if !name.isEmpty { writer.writeString(name, field: 8) }
        if !rawData.isEmpty { writer.writeBytes(rawData, field: 9) }
        writer.writePacked(doubleData, field: 10)
        writer.writePacked(uint64Data, field: 11)
        if !docString.isEmpty { writer.writeString(docString, field: 12) }
        writer.writeMessages(externalData, field: 13)
        if dataLocation != .default { writer.writeInt32(dataLocation.rawValue, field: 14) }
    }
}
