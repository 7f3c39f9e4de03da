/// A computation graph: nodes in topological order, initializers, inputs and outputs (onnx.proto `GraphProto`).
public struct GraphProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "GraphProto"

    /// The nodes, topologically sorted (field 1).
    public var node: [NodeProto]
    /// The graph's name (field 2).
    public var name: String
    /// Constant tensors (weights), each named like the value it provides (field 5).
    public var initializer: [TensorProto]
    /// Human-readable documentation (field 10).
    public var docString: String
    /// The graph's inputs (field 11).
    public var input: [ValueInfoProto]
    /// The graph's outputs (field 12).
    public var output: [ValueInfoProto]
    /// Types and shapes of intermediate values (field 13).
    public var valueInfo: [ValueInfoProto]

    /// Creates a graph; every field defaults to empty.
    public init(
        node: [NodeProto] = [], name: String = "", initializer: [TensorProto] = [], docString: String = "",
        input: [ValueInfoProto] = [], output: [ValueInfoProto] = [], valueInfo: [ValueInfoProto] = []
    ) {
        self.node = node
        self.name = name
        self.initializer = initializer
        self.docString = docString
        self.input = input
        self.output = output
        self.valueInfo = valueInfo
    }

    /// Decodes the fields this type keeps; sparse initializers and annotations are skipped.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: node.append(try reader.readMessage(wireType))
            case 2: name = try reader.readString(wireType)
            case 5: initializer.append(try reader.readMessage(wireType))
            case 10: docString = try reader.readString(wireType)
            case 11: input.append(try reader.readMessage(wireType))
            case 12: output.append(try reader.readMessage(wireType))
            case 13: valueInfo.append(try reader.readMessage(wireType))
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the graph's fields in field-number order.
    public func encode(to writer: inout ProtoWriter) {
        writer.writeMessages(node, field: 1)
        if !name.isEmpty { writer.writeString(name, field: 2) }
        writer.writeMessages(initializer, field: 5)
        if !docString.isEmpty { writer.writeString(docString, field: 10) }
        writer.writeMessages(input, field: 11)
        writer.writeMessages(output, field: 12)
        writer.writeMessages(valueInfo, field: 13)
    }
}

/// One operator application: op type, inputs, outputs and attributes (onnx.proto `NodeProto`).
public struct NodeProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "NodeProto"

    /// Input value names; an empty name marks an omitted optional input (field 1).
    public var input: [String]
    /// Output value names (field 2).
    public var output: [String]
    /// The node's name, for diagnostics (field 3).
    public var name: String
    /// The operator, e.g. `Gemm` (field 4).
    public var opType: String
    /// The operator's domain; empty means `ai.onnx` (field 7).
    public var domain: String
    /// The node's attributes (field 5).
    public var attribute: [AttributeProto]
    /// Human-readable documentation (field 6).
    public var docString: String

    /// Creates a node; every field but the op type defaults to empty.
    public init(
        opType: String, input: [String] = [], output: [String] = [], name: String = "",
        domain: String = "", attribute: [AttributeProto] = [], docString: String = ""
    ) {
        self.input = input
        self.output = output
        self.name = name
        self.opType = opType
        self.domain = domain
        self.attribute = attribute
        self.docString = docString
    }

    /// Decodes the fields this type keeps; overloads, metadata and device configurations are skipped.
    public init(from reader: inout ProtoReader) throws {
        self.init(opType: "")
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: input.append(try reader.readString(wireType))
            case 2: output.append(try reader.readString(wireType))
            case 3: name = try reader.readString(wireType)
            case 4: opType = try reader.readString(wireType)
            case 5: attribute.append(try reader.readMessage(wireType))
            case 6: docString = try reader.readString(wireType)
            case 7: domain = try reader.readString(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the node's fields in field-number order.
    public func encode(to writer: inout ProtoWriter) {
        writer.writeStrings(input, field: 1)
        writer.writeStrings(output, field: 2)
        if !name.isEmpty { writer.writeString(name, field: 3) }
        if !opType.isEmpty { writer.writeString(opType, field: 4) }
        writer.writeMessages(attribute, field: 5)
        if !docString.isEmpty { writer.writeString(docString, field: 6) }
        if !domain.isEmpty { writer.writeString(domain, field: 7) }
    }

    /// The attribute with the given name, if the node has one.
    public func attribute(named name: String) -> AttributeProto? {
        attribute.first { $0.name == name }
    }
}
