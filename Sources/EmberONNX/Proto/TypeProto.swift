/// A named, typed value: a graph input, output or intermediate (onnx.proto `ValueInfoProto`).
public struct ValueInfoProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "ValueInfoProto"

    /// The value's name (field 1).
    public var name: String
    /// The value's type; nil when absent (field 2).
    public var type: TypeProto?
    /// Human-readable documentation (field 3).
    public var docString: String

    /// Creates a value info.
    public init(name: String = "", type: TypeProto? = nil, docString: String = "") {
        self.name = name
        self.type = type
        self.docString = docString
    }

    /// Decodes the name, type and doc string; metadata is skipped.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: name = try reader.readString(wireType)
            case 2: type = try reader.readMessage(wireType)
            case 3: docString = try reader.readString(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the name, type and doc string.
    public func encode(to writer: inout ProtoWriter) {
        if !name.isEmpty { writer.writeString(name, field: 1) }
        if let type { writer.writeMessage(type, field: 2) }
        if !docString.isEmpty { writer.writeString(docString, field: 3) }
    }
}

/// The type of a value: a tensor type, or a sequence, map or optional of types (onnx.proto `TypeProto`).
public struct TypeProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "TypeProto"

    /// Which of onnx.proto's `oneof value` members is set.
    ///
    /// Indirect because a sequence's element type is itself a `TypeProto`.
    public indirect enum Value: Sendable, Equatable {
        /// None is set.
        case undefined
        /// A dense tensor (field 1).
        case tensor(Tensor)
        /// A sequence of values of one type (field 4).
        case sequence(TypeProto)
        /// A map from a scalar key type to a value type (field 5).
        case map(keyType: TensorProto.DataType, valueType: TypeProto)
        /// A value that may be absent (field 9).
        case optional(TypeProto)
        /// A sparse tensor, described like a dense one (field 8).
        case sparseTensor(Tensor)
        /// A type opaque to ONNX, named by domain and name (field 7).
        case opaque(domain: String, name: String)
    }

    /// A tensor's element type and, optionally, its shape (onnx.proto `TypeProto.Tensor`).
    public struct Tensor: ProtoMessage {
        /// The message's name in onnx.proto.
        public static let protoName = "TypeProto.Tensor"

        /// The element type (field 1).
        public var elemType: TensorProto.DataType
        /// The shape; nil means unknown rank, an empty shape a scalar (field 2).
        public var shape: TensorShapeProto?

        /// Creates a tensor type.
        public init(elemType: TensorProto.DataType = .undefined, shape: TensorShapeProto? = nil) {
            self.elemType = elemType
            self.shape = shape
        }

        /// Decodes the element type and shape.
        public init(from reader: inout ProtoReader) throws {
            self.init()
            while let (field, wireType) = try reader.nextField() {
                switch field {
                case 1: elemType = TensorProto.DataType(rawValue: try reader.readInt32(wireType))
                case 2: shape = try reader.readMessage(wireType)
                default: try reader.skipField(wireType)
                }
            }
        }

        /// Encodes the element type and shape (an empty shape too: it means a scalar).
        public func encode(to writer: inout ProtoWriter) {
            if elemType != .undefined { writer.writeInt32(elemType.rawValue, field: 1) }
            if let shape { writer.writeMessage(shape, field: 2) }
        }
    }

    /// The type itself.
    public var value: Value
    /// A standard denotation such as `IMAGE` (field 6).
    public var denotation: String

    /// Creates a type.
    public init(_ value: Value = .undefined, denotation: String = "") {
        self.value = value
        self.denotation = denotation
    }

    /// A tensor type of the given element type; `shape` nil means unknown rank.
    public static func tensor(_ elemType: TensorProto.DataType, shape: [TensorShapeProto.Dimension]?) -> TypeProto {
        TypeProto(.tensor(Tensor(elemType: elemType, shape: shape.map { TensorShapeProto(dim: $0) })))
    }

    /// The tensor type, when this is one.
    public var tensorType: Tensor? {
        if case .tensor(let tensor) = value { return tensor }
        return nil
    }

    /// Decodes the type; as in protobuf's `oneof`, the last member present wins.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: value = .tensor(try reader.readMessage(wireType))
            case 4: value = .sequence(try reader.readMessage(wireType, as: ElementType.self).elemType)
            case 5:
                let map = try reader.readMessage(wireType, as: MapType.self)
                value = .map(keyType: map.keyType, valueType: map.valueType)
            case 6: denotation = try reader.readString(wireType)
            case 7:
                let opaque = try reader.readMessage(wireType, as: OpaqueType.self)
                value = .opaque(domain: opaque.domain, name: opaque.name)
            case 8: value = .sparseTensor(try reader.readMessage(wireType))
            case 9: value = .optional(try reader.readMessage(wireType, as: ElementType.self).elemType)
            default: try reader.skipField(wireType)
            }
        }
    }

    /// Encodes the set member and the denotation.
    public func encode(to writer: inout ProtoWriter) {
        switch value {
        case .undefined: break
        case .tensor(let tensor): writer.writeMessage(tensor, field: 1)
        case .sequence(let element): writer.writeMessage(ElementType(elemType: element), field: 4)
        case .map(let keyType, let valueType): writer.writeMessage(MapType(keyType: keyType, valueType: valueType), field: 5)
        case .opaque(let domain, let name): writer.writeMessage(OpaqueType(domain: domain, name: name), field: 7)
        case .sparseTensor(let tensor): writer.writeMessage(tensor, field: 8)
        case .optional(let element): writer.writeMessage(ElementType(elemType: element), field: 9)
        }
        if !denotation.isEmpty { writer.writeString(denotation, field: 6) }
    }
}

/// `TypeProto.Sequence` and `TypeProto.Optional`, which share one layout: `elem_type = 1`.
private struct ElementType: ProtoMessage {
    static let protoName = "TypeProto.Sequence"
    var elemType = TypeProto()

    init(elemType: TypeProto) { self.elemType = elemType }

    init(from reader: inout ProtoReader) throws {
        while let (field, wireType) = try reader.nextField() {
            if field == 1 { elemType = try reader.readMessage(wireType) } else { try reader.skipField(wireType) }
        }
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeMessage(elemType, field: 1)
    }
}

/// `TypeProto.Map`: `key_type = 1`, `value_type = 2`.
private struct MapType: ProtoMessage {
    static let protoName = "TypeProto.Map"
    var keyType = TensorProto.DataType.undefined
    var valueType = TypeProto()

    init(keyType: TensorProto.DataType, valueType: TypeProto) {
        self.keyType = keyType
        self.valueType = valueType
    }

    init(from reader: inout ProtoReader) throws {
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: keyType = TensorProto.DataType(rawValue: try reader.readInt32(wireType))
            case 2: valueType = try reader.readMessage(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    func encode(to writer: inout ProtoWriter) {
        if keyType != .undefined { writer.writeInt32(keyType.rawValue, field: 1) }
        writer.writeMessage(valueType, field: 2)
    }
}

/// `TypeProto.Opaque`: `domain = 1`, `name = 2`.
private struct OpaqueType: ProtoMessage {
    static let protoName = "TypeProto.Opaque"
    var domain = ""
    var name = ""

    init(domain: String, name: String) {
        self.domain = domain
        self.name = name
    }

    init(from reader: inout ProtoReader) throws {
        while let (field, wireType) = try reader.nextField() {
            switch field {
            case 1: domain = try reader.readString(wireType)
            case 2: name = try reader.readString(wireType)
            default: try reader.skipField(wireType)
            }
        }
    }

    func encode(to writer: inout ProtoWriter) {
        if !domain.isEmpty { writer.writeString(domain, field: 1) }
        if !name.isEmpty { writer.writeString(name, field: 2) }
    }
}

/// A tensor's shape: one entry per dimension, each a size, a symbolic name or unknown (onnx.proto `TensorShapeProto`).
public struct TensorShapeProto: ProtoMessage {
    /// The message's name in onnx.proto.
    public static let protoName = "TensorShapeProto"

    /// One dimension of a shape (onnx.proto `TensorShapeProto.Dimension`).
    ///
    /// Reads like an enum (`.value(3)`, `.param("N")`, `.unknown`) but also carries the
    /// optional denotation, so every dimension round-trips.
    public struct Dimension: ProtoMessage {
        /// The message's name in onnx.proto.
        public static let protoName = "TensorShapeProto.Dimension"

        /// What is known of the dimension's size.
        public enum Size: Sendable, Equatable {
            /// A fixed size (`dim_value`, field 1); zero is a real size, not absence.
            case value(Int)
            /// A symbolic size such as `batch` (`dim_param`, field 2).
            case param(String)
            /// Neither is set.
            case unknown
        }

        /// The dimension's size.
        public var size: Size
        /// A standard denotation such as `DATA_BATCH` (field 3).
        public var denotation: String

        /// Creates a dimension.
        public init(_ size: Size = .unknown, denotation: String = "") {
            self.size = size
            self.denotation = denotation
        }

        /// A dimension of fixed size.
        public static func value(_ value: Int) -> Dimension { Dimension(.value(value)) }
        /// A dimension of symbolic size.
        public static func param(_ name: String) -> Dimension { Dimension(.param(name)) }
        /// A dimension of unknown size.
        public static var unknown: Dimension { Dimension(.unknown) }

        /// Decodes the size and denotation; as in protobuf's `oneof`, the last of value and param wins.
        public init(from reader: inout ProtoReader) throws {
            self.init()
            while let (field, wireType) = try reader.nextField() {
                switch field {
                case 1: size = .value(try reader.readInt(wireType))
                case 2: size = .param(try reader.readString(wireType))
                case 3: denotation = try reader.readString(wireType)
                default: try reader.skipField(wireType)
                }
            }
        }

        /// Encodes the size (a zero value or empty param too, since the `oneof` is set) and denotation.
        public func encode(to writer: inout ProtoWriter) {
            switch size {
            case .value(let value): writer.writeInt(value, field: 1)
            case .param(let name): writer.writeString(name, field: 2)
            case .unknown: break
            }
            if !denotation.isEmpty { writer.writeString(denotation, field: 3) }
        }
    }

    /// The dimensions, outermost first (field 1).
    public var dim: [Dimension]

    /// Creates a shape.
    public init(dim: [Dimension] = []) {
        self.dim = dim
    }

    /// Decodes the dimensions.
    public init(from reader: inout ProtoReader) throws {
        self.init()
        while let (field, wireType) = try reader.nextField() {
            if field == 1 { dim.append(try reader.readMessage(wireType)) } else { try reader.skipField(wireType) }
        }
    }

    /// Encodes the dimensions.
    public func encode(to writer: inout ProtoWriter) {
        writer.writeMessages(dim, field: 1)
    }
}
