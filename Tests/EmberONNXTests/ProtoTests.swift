import Foundation
import Testing
@testable import EmberONNX

/// The protobuf codec for ONNX messages: wire encodings, round trips of every message type,
/// packed and unpacked repeated fields, malformed input, and a file written by the onnx package.
@Suite struct ProtoTests {
    // MARK: Helpers

    /// A key byte sequence: `(field << 3) | wireType` as a varint.
    static func key(_ field: Int, _ wireType: ProtoWireType) -> [UInt8] {
        var w = ProtoWriter()
        w.writeKey(field: field, wireType: wireType)
        return w.bytes
    }

    /// A varint's bytes.
    static func varint(_ value: UInt64) -> [UInt8] {
        var w = ProtoWriter()
        w.writeVarint(value)
        return w.bytes
    }

    /// A length-delimited field: key, length, payload.
    static func lengthDelimited(_ field: Int, _ payload: [UInt8]) -> [UInt8] {
        key(field, .lengthDelimited) + varint(UInt64(payload.count)) + payload
    }

    /// Decodes, re-encodes and decodes again; both decodes must equal the original.
    static func expectRoundTrip<M: ProtoMessage>(_ message: M, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = message.serialized()
        let decoded = try M(serializedBytes: bytes)
        #expect(decoded == message, sourceLocation: sourceLocation)
        #expect(decoded.serialized() == bytes, sourceLocation: sourceLocation)
    }

    /// Expects decoding to throw an ``ONNXError`` whose message contains `text`.
    static func expectMalformed<M: ProtoMessage>(
        _ type: M.Type, _ bytes: [UInt8], _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: ONNXError.self, sourceLocation: sourceLocation) { _ = try M(serializedBytes: bytes) }
        #expect(error?.message.contains(text) == true, "\(error?.message ?? "no error")", sourceLocation: sourceLocation)
        #expect(error?.message.hasPrefix("malformed ONNX protobuf") == true, sourceLocation: sourceLocation)
    }

    static let fixturePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/proto_small.onnx").path

    static func fixtureBytes() throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: fixturePath) else {
            throw ONNXError("fixture missing: \(fixturePath) (run Fixtures/make_proto_fixtures.py)")
        }
        return [UInt8](data)
    }

    /// A graph exercising every field of the graph-level messages.
    static func sampleGraph() -> GraphProto {
        let weight = TensorProto(name: "W", dims: [2, 3], dataType: .float, rawData: (0..<24).map { UInt8($0) })
        let shape = TensorProto(name: "shape", dims: [2], dataType: .int64, int64Data: [-1, 6])
        let branch = GraphProto(
            node: [NodeProto(opType: "Identity", input: ["a"], output: ["b"])], name: "branch",
            output: [ValueInfoProto(name: "b", type: .tensor(.float, shape: nil))])
        var node = NodeProto(
            opType: "Reshape", input: ["x", "shape", ""], output: ["y"], name: "reshape", domain: "",
            attribute: [.int("allowzero", 0), .ints("axes", [-1, 0, Int.max, Int.min]), .graph("then_branch", branch)],
            docString: "reshapes")
        node.attribute.append(.float("alpha", -0.5))
        return GraphProto(
            node: [node, NodeProto(opType: "Custom", domain: "ai.ember", attribute: [.string("mode", "")])],
            name: "main", initializer: [weight, shape], docString: "a graph",
            input: [ValueInfoProto(name: "x", type: .tensor(.float, shape: [.param("N"), .value(0), .unknown]), docString: "in")],
            output: [ValueInfoProto(name: "y", type: .tensor(.float, shape: []))],
            valueInfo: [ValueInfoProto(name: "mid")])
    }

    // MARK: Wire encodings

    @Test func varintEncodings() throws {
        #expect(Self.varint(0) == [0x00])
        #expect(Self.varint(1) == [0x01])
        #expect(Self.varint(127) == [0x7F])
        #expect(Self.varint(128) == [0x80, 0x01])
        #expect(Self.varint(300) == [0xAC, 0x02])
        #expect(Self.varint(UInt64.max) == [UInt8](repeating: 0xFF, count: 9) + [0x01])
        // Negative int64 and int32 are ten-byte two's complement varints, not zigzag.
        var w = ProtoWriter()
        w.writeInt(-1, field: 1)
        #expect(w.bytes == [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        w = ProtoWriter()
        w.writeInt32(-2, field: 2)
        #expect(w.bytes == [0x10, 0xFE] + [UInt8](repeating: 0xFF, count: 8) + [0x01])
        for value: UInt64 in [0, 1, 127, 128, 16383, 16384, 1 << 35, UInt64(Int64.max), UInt64.max] {
            var r = ProtoReader(Self.varint(value))
            #expect(try r.readVarint() == value)
            #expect(r.isAtEnd)
        }
    }

    @Test func keysAndFixedWidths() throws {
        #expect(Self.key(1, .varint) == [0x08])
        #expect(Self.key(20, .varint) == [0xA0, 0x01])
        #expect(Self.key(2, .fixed32) == [0x15])
        var w = ProtoWriter()
        w.writeFloat(1.0, field: 2)
        w.writeDouble(-2.0, field: 3)
        #expect(w.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F, 0x19, 0, 0, 0, 0, 0, 0, 0x00, 0xC0])
        var r = ProtoReader(w.bytes)
        let first = try #require(try r.nextField())
        #expect(first.number == 2 && first.wireType == .fixed32)
        #expect(try r.readFloat(first.wireType) == 1.0)
        let second = try #require(try r.nextField())
        #expect(second.number == 3 && second.wireType == .fixed64)
        #expect(try r.readDouble(second.wireType) == -2.0)
        #expect(try r.nextField() == nil)
    }

    @Test func packedWriterLayout() {
        var w = ProtoWriter()
        w.writePacked([1, -1] as [Int], field: 8)
        #expect(w.bytes == [0x42, 11, 0x01] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        w = ProtoWriter()
        w.writePacked([Float](), field: 7)
        w.writePacked([Int](), field: 8)
        #expect(w.bytes.isEmpty)
        w.writePacked([0.5] as [Float], field: 4)
        #expect(w.bytes == [0x22, 4, 0, 0, 0, 0x3F])
    }

    // MARK: Round trips

    @Test func smallMessagesRoundTrip() throws {
        try Self.expectRoundTrip(OperatorSetIdProto(domain: "", version: 17))
        try Self.expectRoundTrip(OperatorSetIdProto(domain: "com.microsoft", version: 1))
        try Self.expectRoundTrip(StringStringEntryProto(key: "k", value: ""))
        try Self.expectRoundTrip(StringStringEntryProto(key: "ключ", value: "値"))
        try Self.expectRoundTrip(StringStringEntryProto())
        try Self.expectRoundTrip(ValueInfoProto(name: "v"))
        try Self.expectRoundTrip(ValueInfoProto(name: "v", type: TypeProto(), docString: "d"))
    }

    @Test func tensorRoundTripsEveryField() throws {
        let tensor = TensorProto(
            name: "t", dims: [0, 3, -1], dataType: .int64, rawData: [1, 2, 3],
            floatData: [0, -1.5, .infinity, .leastNonzeroMagnitude], int32Data: [-7, 0, .max, .min],
            int64Data: [-1, 0, .max, .min], doubleData: [-0.25, .greatestFiniteMagnitude],
            uint64Data: [0, .max], stringData: [[], [0xFF, 0x00]], docString: "doc",
            externalData: [StringStringEntryProto(key: "location", value: "w.bin")], dataLocation: .external)
        try Self.expectRoundTrip(tensor)
        try Self.expectRoundTrip(TensorProto())
        // Element types newer than this code survive.
        try Self.expectRoundTrip(TensorProto(name: "f8", dims: [1], dataType: TensorProto.DataType(rawValue: 17), rawData: [0x38]))
        #expect(TensorProto.DataType(rawValue: 17).description == "FLOAT8E4M3FN")
        #expect(TensorProto.DataType.bfloat16.description == "BFLOAT16")
    }

    @Test func attributesRoundTripEveryKind() throws {
        let tensor = TensorProto(name: "c", dims: [1], dataType: .float, floatData: [2])
        let graph = GraphProto(node: [NodeProto(opType: "Neg", input: ["a"], output: ["b"])], name: "g")
        var typed = AttributeProto(name: "tp", type: .typeProto)
        typed.tp = .tensor(.int64, shape: [.value(2)])
        var tensors = AttributeProto(name: "ts", type: .tensors)
        tensors.tensors = [tensor, TensorProto(name: "empty")]
        var graphs = AttributeProto(name: "gs", type: .graphs)
        graphs.graphs = [graph, GraphProto()]
        var reference = AttributeProto(name: "alpha", type: .float, refAttrName: "outer_alpha", docString: "ref")
        reference.typeProtos = [TypeProto(.sequence(.tensor(.float, shape: nil)))]
        let all: [AttributeProto] = [
            .int("axis", -1), .int("zero", 0), .int("min", .min), .float("alpha", 0.2), .float("zero", 0),
            .string("mode", "constant"), .string("empty", ""), .ints("perm", [2, 0, -1]), .ints("none", []),
            .floats("scales", [1, 0.5, -3]), .strings("names", ["a", "", "ü"]), .tensor("value", tensor),
            .graph("body", graph), typed, tensors, graphs, reference,
        ]
        for attribute in all { try Self.expectRoundTrip(attribute) }
        #expect(AttributeProto.string("mode", "reflect").stringValue == "reflect")
        #expect(AttributeProto.strings("s", ["x", "y"]).stringValues == ["x", "y"])
        #expect(AttributeProto.AttributeType.typeProtos.description == "TYPE_PROTOS")
        // A zero-valued FLOAT attribute keeps its value field; a zero INTS attribute writes no `i`.
        #expect(AttributeProto.float("z", 0).serialized().contains(0x15))
        #expect(AttributeProto.ints("z", [1]).serialized() == Self.lengthDelimited(1, Array("z".utf8))
            + Self.lengthDelimited(8, [1]) + Self.key(20, .varint) + [7])
    }

    @Test func typesAndShapesRoundTrip() throws {
        let shapes: [TensorShapeProto] = [
            TensorShapeProto(),
            TensorShapeProto(dim: [.value(0), .value(-1), .param(""), .param("batch"), .unknown]),
            TensorShapeProto(dim: [TensorShapeProto.Dimension(.value(3), denotation: "DATA_CHANNEL")]),
        ]
        for shape in shapes { try Self.expectRoundTrip(shape) }
        let types: [TypeProto] = [
            TypeProto(),
            .tensor(.float, shape: nil),
            .tensor(.float, shape: []),
            .tensor(.uint8, shape: [.param("N"), .value(3), .unknown]),
            TypeProto(.sequence(.tensor(.int64, shape: [.value(2)]))),
            TypeProto(.optional(TypeProto(.sequence(TypeProto())))),
            TypeProto(.map(keyType: .string, valueType: .tensor(.float, shape: nil))),
            TypeProto(.sparseTensor(TypeProto.Tensor(elemType: .float, shape: TensorShapeProto(dim: [.value(4)])))),
            TypeProto(.opaque(domain: "ai.ember", name: "Handle")),
            TypeProto(.tensor(TypeProto.Tensor(elemType: .float)), denotation: "IMAGE"),
        ]
        for type in types { try Self.expectRoundTrip(type) }
        // Unknown rank (no shape) and scalar (empty shape) stay different.
        #expect(TypeProto.tensor(.float, shape: nil).serialized() != TypeProto.tensor(.float, shape: []).serialized())
        #expect(TypeProto.tensor(.float, shape: []).tensorType?.shape == TensorShapeProto())
        #expect(TypeProto(.optional(TypeProto())).tensorType == nil)
    }

    @Test func graphNodeAndModelRoundTrip() throws {
        let graph = Self.sampleGraph()
        try Self.expectRoundTrip(graph)
        for node in graph.node { try Self.expectRoundTrip(node) }
        try Self.expectRoundTrip(NodeProto(opType: "", input: ["", ""], output: [""]))
        #expect(graph.node[0].attribute(named: "axes")?.ints == [-1, 0, Int.max, Int.min])
        #expect(graph.node[0].attribute(named: "missing") == nil)
        let model = ModelProto(
            irVersion: 8, opsetImport: [OperatorSetIdProto(version: 17), OperatorSetIdProto(domain: "ai.ember", version: 1)],
            producerName: "ember", producerVersion: "0.1", domain: "ai.ember", modelVersion: -3, docString: "model",
            graph: graph, metadataProps: [StringStringEntryProto(key: "author", value: "")])
        try Self.expectRoundTrip(model)
        try Self.expectRoundTrip(ModelProto())
        try Self.expectRoundTrip(ModelProto(irVersion: 9, graph: GraphProto()))
        // Raw memory decodes the same as an array.
        let bytes = model.serialized()
        #expect(try bytes.withUnsafeBytes { try ModelProto(serializedBytes: $0) } == model)
    }

    @Test func graphsNestThroughAttributes() throws {
        var graph = GraphProto(name: "leaf")
        for level in 0..<10 {
            graph = GraphProto(node: [NodeProto(opType: "Loop", attribute: [.graph("body", graph)])], name: "level\(level)")
        }
        try Self.expectRoundTrip(ModelProto(irVersion: 8, graph: graph))
    }

    // MARK: Packed and unpacked repeated fields

    @Test func packedAndUnpackedIntsDecodeAlike() throws {
        let name = Self.lengthDelimited(1, Array("axes".utf8))
        let type = Self.key(20, .varint) + [7]
        let minusOne = Self.varint(UInt64(bitPattern: -1))
        // Unpacked (as onnx.proto's proto2 `repeated int64 ints = 8;` is written by the onnx package).
        let unpacked = name + Self.key(8, .varint) + minusOne + Self.key(8, .varint) + [2] + type
        // Packed (as proto3 writers, and this encoder, write it).
        let packed = name + Self.lengthDelimited(8, minusOne + [2]) + type
        // Protobuf also allows a field split over several packed and unpacked runs.
        let mixed = name + Self.lengthDelimited(8, minusOne) + Self.key(8, .varint) + [2] + type
        let expected = AttributeProto.ints("axes", [-1, 2])
        #expect(try AttributeProto(serializedBytes: unpacked) == expected)
        #expect(try AttributeProto(serializedBytes: packed) == expected)
        #expect(try AttributeProto(serializedBytes: mixed) == expected)
        #expect(expected.serialized() == packed)
        // An empty packed run adds nothing.
        #expect(try AttributeProto(serializedBytes: name + Self.lengthDelimited(8, []) + type) == .ints("axes", []))
    }

    @Test func packedAndUnpackedScalarsDecodeAlike() throws {
        func floatBytes(_ v: Float) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        func doubleBytes(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        let floats: [Float] = [1.5, -2]
        let unpackedFloats = floats.flatMap { Self.key(7, .fixed32) + floatBytes($0) }
        let packedFloats = Self.lengthDelimited(7, floats.flatMap(floatBytes))
        #expect(try AttributeProto(serializedBytes: unpackedFloats).floats == floats)
        #expect(try AttributeProto(serializedBytes: packedFloats).floats == floats)

        // TensorProto: dims unpacked (onnx.proto declares them so), data fields either way.
        let dimsUnpacked = Self.key(1, .varint) + [2] + Self.key(1, .varint) + [3]
        let dimsPacked = Self.lengthDelimited(1, [2, 3])
        let doubles: [Double] = [0.25, -8]
        let unpacked = dimsUnpacked
            + floats.flatMap { Self.key(4, .fixed32) + floatBytes($0) }
            + Self.key(5, .varint) + Self.varint(UInt64(bitPattern: -5)) + Self.key(5, .varint) + [5]
            + Self.key(7, .varint) + Self.varint(UInt64(bitPattern: -1))
            + doubles.flatMap { Self.key(10, .fixed64) + doubleBytes($0) }
            + Self.key(11, .varint) + Self.varint(.max)
        let packed = dimsPacked + Self.lengthDelimited(4, floats.flatMap(floatBytes))
            + Self.lengthDelimited(5, Self.varint(UInt64(bitPattern: -5)) + [5])
            + Self.lengthDelimited(7, Self.varint(UInt64(bitPattern: -1)))
            + Self.lengthDelimited(10, doubles.flatMap(doubleBytes))
            + Self.lengthDelimited(11, Self.varint(.max))
        let expected = TensorProto(
            dims: [2, 3], floatData: floats, int32Data: [-5, 5], int64Data: [-1], doubleData: doubles, uint64Data: [.max])
        #expect(try TensorProto(serializedBytes: unpacked) == expected)
        #expect(try TensorProto(serializedBytes: packed) == expected)
        #expect(expected.serialized() == packed)
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let node = NodeProto(opType: "Relu", input: ["x"], output: ["y"], attribute: [.int("k", 1)])
        let unknown = Self.key(99, .varint) + Self.varint(UInt64.max)
            + Self.key(100, .fixed64) + [UInt8](repeating: 7, count: 8)
            + Self.lengthDelimited(101, [1, 2, 3])
            + Self.key(102, .fixed32) + [1, 2, 3, 4]
            + Self.lengthDelimited(9, Self.lengthDelimited(1, Array("key".utf8)))  // metadata_props: not kept
        let bytes = node.serialized()
        #expect(try NodeProto(serializedBytes: unknown + bytes + unknown) == node)
        // ModelProto.functions (25) and training_info (20) are skipped, not rejected.
        let function = Self.lengthDelimited(25, Self.lengthDelimited(1, Array("f".utf8)) + Self.lengthDelimited(7, bytes))
        let model = ModelProto(irVersion: 8)
        #expect(try ModelProto(serializedBytes: model.serialized() + function + Self.lengthDelimited(20, [])) == model)
    }

    // MARK: Malformed input

    @Test func truncatedInputThrows() {
        Self.expectMalformed(ModelProto.self, [0x08, 0xFF], "truncated varint")
        Self.expectMalformed(ModelProto.self, [0x08], "truncated varint")
        Self.expectMalformed(ModelProto.self, [0x88], "truncated varint")  // the key itself
        Self.expectMalformed(AttributeProto.self, [0x15, 0x00, 0x00], "truncated 4-byte value")
        Self.expectMalformed(TensorProto.self, [0x51, 1, 2, 3], "truncated 8-byte value")
        Self.expectMalformed(NodeProto.self, [0x22, 0x05, 0x61], "length 5 runs past the end of the message (1 bytes left)")
    }

    @Test func hugeLengthsAreRejectedBeforeAllocating() {
        let huge = [0x4A] + Self.varint(UInt64.max)  // raw_data with an 18-exabyte length
        Self.expectMalformed(TensorProto.self, huge, "runs past the end")
        Self.expectMalformed(TensorProto.self, [0x4A] + Self.varint(1 << 40) + [1, 2, 3], "length 1099511627776 runs past")
        // A nested message's length may not reach past its parent's end, even if the input goes on.
        let node = Self.lengthDelimited(1, [0x22, 0x10] + Array("Relu".utf8))
        Self.expectMalformed(GraphProto.self, node + [UInt8](repeating: 0, count: 32), "in NodeProto field 4")
        // A packed field's element count is bounded by its byte length.
        Self.expectMalformed(TensorProto.self, Self.lengthDelimited(4, [0, 0, 0]), "not a whole number of 4-byte elements")
        Self.expectMalformed(TensorProto.self, Self.lengthDelimited(10, [0, 0, 0, 0]), "not a whole number of 8-byte elements")
        Self.expectMalformed(TensorProto.self, Self.lengthDelimited(7, [0x80]), "truncated varint")
    }

    @Test func badKeysAndWireTypesThrow() {
        Self.expectMalformed(NodeProto.self, [0x0B], "group wire type 3 is not supported")
        Self.expectMalformed(NodeProto.self, [0x0C], "group wire type 4 is not supported")
        Self.expectMalformed(NodeProto.self, Self.key(50, .startGroup) + [0x0C], "group wire type 3")
        Self.expectMalformed(NodeProto.self, [0x0E], "invalid wire type 6")
        Self.expectMalformed(NodeProto.self, [0x0F], "invalid wire type 7")
        Self.expectMalformed(NodeProto.self, [0x00, 0x00], "field number 0 is invalid")
        Self.expectMalformed(NodeProto.self, Self.varint(1 << 40), "out of range")
        Self.expectMalformed(TensorProto.self, [0x10] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "varint overflows 64 bits")
        Self.expectMalformed(TensorProto.self, [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x02], "varint overflows 64 bits")
        // A known field with the wrong wire type names the field.
        Self.expectMalformed(NodeProto.self, [0x20, 0x01], "string field has wire type varint, expected length-delimited (in NodeProto field 4")
        Self.expectMalformed(AttributeProto.self, Self.lengthDelimited(2, [0, 0, 0, 0]), "float field has wire type length-delimited")
        Self.expectMalformed(TensorProto.self, Self.key(1, .fixed32) + [0, 0, 0, 0], "repeated int64 field has wire type fixed32")
    }

    @Test func errorsInsideNestedMessagesNameThem() {
        let attribute = Self.lengthDelimited(5, Self.key(20, .varint) + [0xFF])  // a truncated type enum
        let node = Self.lengthDelimited(1, attribute)
        let graph = Self.lengthDelimited(7, node)
        let error = #expect(throws: ONNXError.self) { _ = try ModelProto(serializedBytes: graph) }
        #expect(error?.message == "malformed ONNX protobuf: truncated varint (in AttributeProto field 20, at byte 8)")
        #expect(error?.description == error?.message)
    }

    @Test func nestingDepthIsBounded() throws {
        func nested(_ levels: Int) -> GraphProto {
            var graph = GraphProto(name: "leaf")
            for _ in 0..<levels { graph = GraphProto(node: [NodeProto(opType: "If", attribute: [.graph("g", graph)])]) }
            return graph
        }
        // Each level is a node, an attribute and a graph: 33 levels stay within 100, 40 do not.
        #expect(try GraphProto(serializedBytes: nested(33).serialized()) == nested(33))
        Self.expectMalformed(GraphProto.self, nested(40).serialized(), "nest more than 100 deep")
    }

    @Test func corruptedFixtureNeverTraps() throws {
        let bytes = try Self.fixtureBytes()
        // Every truncation either decodes or throws.
        for length in 0..<bytes.count { _ = try? ModelProto(serializedBytes: Array(bytes[..<length])) }
        // Seeded single-byte mutations, likewise.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var mutated = bytes
            mutated[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 7)
            _ = try? ModelProto(serializedBytes: mutated)
        }
    }

    // MARK: A file written by the onnx package

    @Test func decodesOnnxPackageFixture() throws {
        let bytes = try Self.fixtureBytes()
        let model = try ModelProto(serializedBytes: bytes)
        #expect(model.irVersion == 8)
        #expect(model.producerName == "ember-fixtures" && model.producerVersion == "1.0")
        #expect(model.domain == "ai.ember.test" && model.modelVersion == 3 && model.docString == "proto fixture")
        #expect(model.opsetImport == [OperatorSetIdProto(domain: "", version: 17), OperatorSetIdProto(domain: "ai.ember.test", version: 1)])
        #expect(model.metadataProps == [StringStringEntryProto(key: "author", value: "ember"), StringStringEntryProto(key: "empty", value: "")])

        let graph = try #require(model.graph)
        #expect(graph.name == "fixture" && graph.docString == "graph doc")
        #expect(graph.node.map(\.opType) == ["Gemm", "Reshape", "ReduceMean", "Pad", "If", "AllKinds"])
        #expect(graph.node.map(\.name) == ["gemm", "reshape", "mean", "pad", "if", "custom"])
        #expect(graph.input == [ValueInfoProto(name: "X", type: .tensor(.float, shape: [.param("N"), .value(3)]))])
        #expect(graph.output == [
            ValueInfoProto(name: "Y", type: .tensor(.float, shape: [.param("N"), .unknown])),
            ValueInfoProto(name: "Z", type: .tensor(.float, shape: [])),
        ])

        let gemm = graph.node[0]
        #expect(gemm.input == ["X", "W", "B"] && gemm.output == ["H"] && gemm.docString == "a Gemm")
        #expect(gemm.attribute == [.float("alpha", 0.5), .float("beta", 1), .int("transB", 0)])
        #expect(graph.node[2].attribute == [.ints("axes", [-1]), .int("keepdims", 1)])
        #expect(graph.node[3].input == ["M", "pads", ""])
        #expect(graph.node[3].attribute(named: "mode")?.stringValue == "constant")

        let branches = graph.node[4].attribute
        #expect(branches.map(\.name) == ["else_branch", "then_branch"])
        #expect(branches.map(\.type) == [.graph, .graph])
        #expect(branches[0].g?.node.map(\.opType) == ["Neg"])
        #expect(branches[1].g?.node == [NodeProto(opType: "Identity", input: ["T"], output: ["then_out"])])
        #expect(branches[1].g?.output == [ValueInfoProto(name: "then_out", type: .tensor(.float, shape: nil))])

        let custom = graph.node[5]
        #expect(custom.domain == "ai.ember.test")
        #expect(custom.attribute(named: "big")?.ints == [1 << 40, -(1 << 40), .max, .min])
        #expect(custom.attribute(named: "floats")?.floats == [1.5, -2.25])
        #expect(custom.attribute(named: "strings")?.stringValues == ["a", ""])
        #expect(custom.attribute(named: "zero") == .float("zero", 0))
        #expect(custom.attribute(named: "value")?.t == TensorProto(name: "c", dims: [2], dataType: .double, doubleData: [3.5, -1]))
        #expect(custom.attribute(named: "ints32")?.t?.int32Data == [-7, 0, 7])
        #expect(custom.attribute(named: "u64")?.t?.uint64Data == [.max])

        let initializers = Dictionary(uniqueKeysWithValues: graph.initializer.map { ($0.name, $0) })
        let w = try #require(initializers["W"])
        #expect(w.dims == [3, 2] && w.dataType == .float)
        #expect(w.rawData == [Float(1), 2, 3, 4, 5, 6].flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } })
        #expect(initializers["B"] == TensorProto(name: "B", dims: [2], dataType: .float, floatData: [0.5, -0.25]))
        #expect(initializers["shape"] == TensorProto(name: "shape", dims: [2], dataType: .int64, int64Data: [-1, 1]))
        #expect(initializers["cond"] == TensorProto(name: "cond", dims: [], dataType: .bool, int32Data: [1]))
        #expect(initializers["pads"]?.int64Data == [0, 1, 0, 0])

        // Our encoding (packed where onnx wrote unpacked) decodes to the same values.
        let reencoded = model.serialized()
        #expect(try ModelProto(serializedBytes: reencoded) == model)
    }
}
