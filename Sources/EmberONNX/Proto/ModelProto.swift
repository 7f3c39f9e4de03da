/// A whole ONNX model: IR version, operator sets, producer, metadata and the main graph (onnx.proto `ModelProto`).
public struct ModelProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "ModelProto"

    /// The ONNX IR version the model follows (field 1).
    public var irVersion: Int
    /// The operator sets the model's nodes use, by domain (field 8).
    public var opsetImport: [OperatorSetIdProto]
    /// The tool that wrote the model (field 2).
    public var producerName: String
    /// The writing tool's version (field 3).
    public var producerVersion: String
    /// A reverse-DNS namespace for the model (field 4).
    public var domain: String
    /// The model's own version (field 5).
    public var modelVersion: Int
    /// Human-readable documentation (field 6).
    public var docString: String
    /// The model's graph (field 7); nil when absent.
    public var graph: GraphProto?
    /// Free-form key/value metadata (field 14).
    public var metadataProps: [StringStringEntryProto]

    /// Creates a model; every field defaults to empty.
    public init(
        irVersion: Int = 0, opsetImport: [OperatorSetIdProto] = [], producerName: String = "",
        producerVersion: String = "", domain: String = "", modelVersion: Int = 0, docString: String = "",
        graph: GraphProto? = nil, metadataProps: [StringStringEntryProto] = []
    ) {
        self.irVersion = irVersion
        self.opsetImport = opsetImport
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.domain = domain
        self.modelVersion = modelVersion
        self.docString = docString
        self.graph = graph
        self.metadataProps = metadataProps
    }

    /// Decodes the fields this type keeps; the rest (functions, training info…) are skipped.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: irVersion = try reader.readInt(wireType)
            case 2: producerName = try reader.readString(wireType)
            case 3: producerVersion = try reader.readString(wireType)
            case 4: domain = try reader.readString(wireType)
            case 5: modelVersion = try reader.readInt(wireType)
            case 6: docString = try reader.readString(wireType)
            case 7: graph = try reader.readMessage(wireType)
            case 8: opsetImport.append(try reader.readMessage(wireType))
            case 14: metadataProps.append(try reader.readMessage(wireType))
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the model's fields in field-number order.
    public func encode(to writer: inout ProtoWriter) {
        if irVersion != 0 { writer.writeInt(irVersion, field: 1) }
        if !producerName.isEmpty { writer.writeString(producerName, field: 2) }
        if !producerVersion.isEmpty { writer.writeString(producerVersion, field: 3) }
        if !domain.isEmpty { writer.writeString(domain, field: 4) }
        if modelVersion != 0 { writer.writeInt(modelVersion, field: 5) }
        if !docString.isEmpty { writer.writeString(docString, field: 6) }
        if let graph { writer.writeMessage(graph, field: 7) }
        writer.writeMessages(opsetImport, field: 8)
        writer.writeMessages(metadataProps, field: 14)
    }
}

/// An operator set a model uses: a domain and its version (onnx.proto `OperatorSetIdProto`).
public struct OperatorSetIdProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "OperatorSetIdProto"

    /// The operator domain; empty means the default `ai.onnx` domain (field 1).
    public var domain: String
    /// The opset version (field 2).
    public var version: Int

    /// Creates an opset import.
    public init(domain: String = "", version: Int = 0) {
        self.domain = domain
        self.version = version
    }

    /// Decodes the domain and version.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: domain = try reader.readString(wireType)
            case 2: version = try reader.readInt(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the domain (always, as onnx.helper does: the empty default domain is explicit) and version.
    public func encode(to writer: inout ProtoWriter) {
        writer.writeString(domain, field: 1)
        if version != 0 { writer.writeInt(version, field: 2) }
    }
}

/// A string key/value pair (onnx.proto `StringStringEntryProto`), used for metadata and external-data locations.
public struct StringStringEntryProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "StringStringEntryProto"

    /// The key (field 1).
    public var key: String
    /// The value (field 2).
    public var value: String

    /// Creates a key/value pair.
    public init(key: String = "", value: String = "") {
        self.key = key
        self.value = value
    }

    /// Decodes the key and value.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: key = try reader.readString(wireType)
            case 2: value = try reader.readString(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the key and value, omitting empty ones.
    public func encode(to writer: inout ProtoWriter) {
        if !key.isEmpty { writer.writeString(key, field: 1) }
        if !value.isEmpty { writer.writeString(value, field: 2) }
    }
}
