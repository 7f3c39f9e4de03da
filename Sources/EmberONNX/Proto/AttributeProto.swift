/// A named attribute of a node: one value of the kind its ``type`` names (onnx.proto `AttributeProto`).
///
/// The fields mirror onnx.proto one for one, so any attribute round-trips; the static
/// constructors (`.int("axis", 1)`, `.ints("perm", [0, 2, 1])`…) build well-formed ones.
public struct AttributeProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "AttributeProto"

    /// Which value field an attribute uses (onnx.proto `AttributeProto.AttributeType`).
    ///
    /// A struct over the raw value rather than an enum, so types newer than this code still decode.
    public struct AttributeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The enum's number in onnx.proto.
        public var rawValue: Int32
        /// Wraps a raw enum number.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// No type set.
        public static let undefined = AttributeType(rawValue: 0)
        /// A single float in ``f``.
        public static let float = AttributeType(rawValue: 1)
        /// A single int64 in ``i``.
        public static let int = AttributeType(rawValue: 2)
        /// A single byte string in ``s``.
        public static let string = AttributeType(rawValue: 3)
        /// A tensor in ``t``.
        public static let tensor = AttributeType(rawValue: 4)
        /// A graph in ``g``.
        public static let graph = AttributeType(rawValue: 5)
        /// Floats in ``floats``.
        public static let floats = AttributeType(rawValue: 6)
        /// Int64s in ``ints``.
        public static let ints = AttributeType(rawValue: 7)
        /// Byte strings in ``strings``.
        public static let strings = AttributeType(rawValue: 8)
        /// Tensors in ``tensors``.
        public static let tensors = AttributeType(rawValue: 9)
        /// Graphs in ``graphs``.
        public static let graphs = AttributeType(rawValue: 10)
        /// A sparse tensor (not kept by this decoder).
        public static let sparseTensor = AttributeType(rawValue: 11)
        /// Sparse tensors (not kept by this decoder).
        public static let sparseTensors = AttributeType(rawValue: 12)
        /// A type in ``tp``.
        public static let typeProto = AttributeType(rawValue: 13)
        /// Types in ``typeProtos``.
        public static let typeProtos = AttributeType(rawValue: 14)

        /// The name onnx.proto gives the type, e.g. `INTS`.
        public var description: String {
            let names = ["UNDEFINED", "FLOAT", "INT", "STRING", "TENSOR", "GRAPH", "FLOATS", "INTS", "STRINGS",
                         "TENSORS", "GRAPHS", "SPARSE_TENSOR", "SPARSE_TENSORS", "TYPE_PROTO", "TYPE_PROTOS"]
            return rawValue >= 0 && Int(rawValue) < names.count ? names[Int(rawValue)] : "AttributeType(\(rawValue))"
        }
    }

    /// The attribute's name (field 1).
    public var name: String
    /// Inside a function body, the caller's attribute this one refers to (field 21).
    public var refAttrName: String
    /// Human-readable documentation (field 13).
    public var docString: String
    /// Which value field is in use (field 20).
    public var type: AttributeType
    /// A float value (field 2).
    public var f: Float
    /// An int64 value (field 3).
    public var i: Int
    /// A byte-string value, UTF-8 for text (field 4).
    public var s: [UInt8]
    /// A tensor value (field 5).
    public var t: TensorProto?
    /// A graph value, e.g. a branch of `If` (field 6).
    public var g: GraphProto?
    /// A type value (field 14).
    public var tp: TypeProto?
    /// Float values (field 7).
    public var floats: [Float]
    /// Int64 values (field 8).
    public var ints: [Int]
    /// Byte-string values (field 9).
    public var strings: [[UInt8]]
    /// Tensor values (field 10).
    public var tensors: [TensorProto]
    /// Graph values (field 11).
    public var graphs: [GraphProto]
    /// Type values (field 15).
    public var typeProtos: [TypeProto]

    /// Creates an attribute with every value field empty.
    public init(name: String = "", type: AttributeType = .undefined, refAttrName: String = "", docString: String = "") {
        self.name = name
        self.refAttrName = refAttrName
        self.docString = docString
        self.type = type
        f = 0
        i = 0
        s = []
        t = nil
        g = nil
        tp = nil
        floats = []
        ints = []
        strings = []
        tensors = []
        graphs = []
        typeProtos = []
    }

    /// An INT attribute.
    public static func int(_ name: String, _ value: Int) -> AttributeProto {
        var a = AttributeProto(name: name, type: .int)
        a.i = value
        return a
    }

    /// A FLOAT attribute.
    public static func float(_ name: String, _ value: Float) -> AttributeProto {
        var a = AttributeProto(name: name, type: .float)
        a.f = value
        return a
    }

    /// A STRING attribute holding the string's UTF-8 bytes.
    public static func string(_ name: String, _ value: String) -> AttributeProto {
        var a = AttributeProto(name: name, type: .string)
        a.s = Array(value.utf8)
        return a
    }

    /// An INTS attribute.
    public static func ints(_ name: String, _ values: [Int]) -> AttributeProto {
        var a = AttributeProto(name: name, type: .ints)
        a.ints = values
        return a
    }

    /// A FLOATS attribute.
    public static func floats(_ name: String, _ values: [Float]) -> AttributeProto {
        var a = AttributeProto(name: name, type: .floats)
        a.floats = values
        return a
    }

    /// A STRINGS attribute holding each string's UTF-8 bytes.
    public static func strings(_ name: String, _ values: [String]) -> AttributeProto {
        var a = AttributeProto(name: name, type: .strings)
        a.strings = values.map { Array($0.utf8) }
        return a
    }

    /// A TENSOR attribute.
    public static func tensor(_ name: String, _ value: TensorProto) -> AttributeProto {
        var a = AttributeProto(name: name, type: .tensor)
        a.t = value
        return a
    }

    /// A GRAPH attribute.
    public static func graph(_ name: String, _ value: GraphProto) -> AttributeProto {
        var a = AttributeProto(name: name, type: .graph)
        a.g = value
        return a
    }

    /// ``s`` decoded as UTF-8.
    public var stringValue: String { String(decoding: s, as: UTF8.self) }

    /// ``strings`` decoded as UTF-8.
    public var stringValues: [String] { strings.map { String(decoding: $0, as: UTF8.self) } }

    /// Decodes the fields this type keeps; sparse-tensor values are skipped.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: name = try reader.readString(wireType)
            case 2: f = try reader.readFloat(wireType)
            case 3: i = try reader.readInt(wireType)
            case 4: s = try reader.readBytes(wireType)
            case 5: t = try reader.readMessage(wireType)
            case 6: g = try reader.readMessage(wireType)
            case 7: try reader.readRepeatedFloat(wireType, into: &floats)
            case 8: try reader.readRepeatedInt(wireType, into: &ints)
            case 9: strings.append(try reader.readBytes(wireType))
            case 10: tensors.append(try reader.readMessage(wireType))
            case 11: graphs.append(try reader.readMessage(wireType))
            case 13: docString = try reader.readString(wireType)
            case 14: tp = try reader.readMessage(wireType)
            case 15: typeProtos.append(try reader.readMessage(wireType))
            case 20: type = AttributeType(rawValue: try reader.readInt32(wireType))
            case 21: refAttrName = try reader.readString(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the attribute. A singular value is written when non-default or when ``type`` selects it
    /// (so `.float("alpha", 0)` keeps its value field), and never otherwise: onnx.checker rejects
    /// an attribute with more than one value field set.
    public func encode(to writer: inout ProtoWriter) {
        if !name.isEmpty { writer.writeString(name, field: 1) }
        if f != 0 || type == .float { writer.writeFloat(f, field: 2) }
        if i != 0 || type == .int { writer.writeInt(i, field: 3) }
        if !s.isEmpty || type == .string { writer.writeBytes(s, field: 4) }
        if let t { writer.writeMessage(t, field: 5) }
        if let g { writer.writeMessage(g, field: 6) }
        writer.writePacked(floats, field: 7)
        writer.writePacked(ints, field: 8)
        for value in strings { writer.writeBytes(value, field: 9) }
        writer.writeMessages(tensors, field: 10)
        writer.writeMessages(graphs, field: 11)
        if !docString.isEmpty { writer.writeString(docString, field: 13) }
        if let tp { writer.writeMessage(tp, field: 14) }
        writer.writeMessages(typeProtos, field: 15)
        if type != .undefined { writer.writeInt32(type.rawValue, field: 20) }
        if !refAttrName.isEmpty { writer.writeString(refAttrName, field: 21) }
    }
}
