import OrderedCollections

/// One tensor's entry in a safetensors header, checked against the file.
struct SafetensorsEntry: Sendable {
    let name: String
    let dtype: DType
    let shape: [Int]
    /// Byte range within the data section (after the 8-byte length and the header).
    let begin: Int
    let end: Int
}

/// The parsed and validated header of a safetensors file: an 8-byte little-endian header
/// length, a UTF-8 JSON object (`{"name": {"dtype", "shape", "data_offsets"}, …,
/// "__metadata__": {string: string}}`), then the data section.
///
/// Nothing is trusted: the header length is checked against the file size before it is
/// read, each shape's byte count (overflow-checked) must equal its range, and the ranges
/// must tile the data section exactly (no overlap, gap, or byte outside it), as the
/// reference implementation requires.
struct SafetensorsHeader: Sendable {
    /// Entries in data order (by offset), which for files Ember writes is the saved order.
    let entries: [SafetensorsEntry]
    let metadata: OrderedDictionary<String, String>
    /// Where the data section starts in the file.
    let dataStart: Int

    /// The reference reader refuses headers over 100 MB; so do we.
    static let maxHeaderLength = 100_000_000

    init(parsing file: UnsafeRawBufferPointer) throws(EmberIOError) {
        guard let length64 = file.littleEndian(at: 0, width: 8) else {
            throw EmberIOError("file is too short for a safetensors header (\(file.count) bytes)")
        }
        guard length64 <= UInt64(Self.maxHeaderLength) else {
            throw EmberIOError("header length \(length64) exceeds the limit of \(Self.maxHeaderLength) bytes")
        }
        let length = Int(length64)
        guard length <= file.count - 8 else {
            throw EmberIOError("header length \(length) exceeds the file size (\(file.count) bytes)")
        }
        guard length >= 2, file[8] == UInt8(ascii: "{") else {
            throw EmberIOError("header does not start with a JSON object")
        }
        let json = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: file[8..<(8 + length)]))
        guard let top = json.object else { throw EmberIOError("header is not a JSON object") }
        dataStart = 8 + length
        let dataSize = file.count - dataStart

        var metadata: OrderedDictionary<String, String> = [:]
        var entries: [SafetensorsEntry] = []
        for (name, value) in top {
            if name == "__metadata__" {
                guard let members = value.object else { throw EmberIOError("__metadata__ is not an object") }
                for (key, v) in members {
                    guard let s = v.string else { throw EmberIOError("__metadata__ value for \"\(key)\" is not a string") }
                    metadata[key] = s
                }
                continue
            }
            entries.append(try Self.entry(name, value))
        }
        // Stable: equal offsets (empty tensors) keep header order.
        let ordered = entries.enumerated().sorted { ($0.element.begin, $0.offset) < ($1.element.begin, $1.offset) }.map(\.element)
        var position = 0
        var previous: String?
        for e in ordered {
            if e.begin < position {
                throw EmberIOError("tensor \"\(e.name)\" data_offsets [\(e.begin), \(e.end)] overlap tensor \"\(previous ?? "")\"")
            }
            if e.begin > position {
                throw EmberIOError("tensor \"\(e.name)\" data_offsets [\(e.begin), \(e.end)] leave a gap after byte \(position)")
            }
            if e.end > dataSize {
                throw EmberIOError("tensor \"\(e.name)\" data_offsets [\(e.begin), \(e.end)] exceed the data section (\(dataSize) bytes)")
            }
            position = e.end
            previous = e.name
        }
        if position != dataSize {
            throw EmberIOError("data section has \(dataSize - position) bytes that no tensor covers")
        }
        self.entries = ordered
        self.metadata = metadata
    }

    private static func entry(_ name: String, _ value: JSONValue) throws(EmberIOError) -> SafetensorsEntry {
        guard let fields = value.object else { throw EmberIOError("entry for tensor \"\(name)\" is not an object") }
        for key in fields.keys where !["dtype", "shape", "data_offsets"].contains(key) {
            throw EmberIOError("tensor \"\(name)\" has an unknown field \"\(key)\"")
        }
        guard let dtypeName = fields["dtype"]?.string else { throw EmberIOError("tensor \"\(name)\" has no dtype string") }
        guard let row = FormatDType.safetensors(dtypeName) else {
            if FormatDType.knownUnsupportedSafetensors.contains(dtypeName) {
                throw EmberIOError("tensor \"\(name)\" has dtype \(dtypeName), which Ember does not support yet")
            }
            throw EmberIOError("tensor \"\(name)\" has unknown dtype \"\(dtypeName)\"")
        }
        guard let dims = fields["shape"]?.array else { throw EmberIOError("tensor \"\(name)\" has no shape array") }
        var shape: [Int] = []
        for d in dims {
            guard let n = d.int, n >= 0 else {
                throw EmberIOError("tensor \"\(name)\" has an invalid dimension \(d.serialized) in its shape")
            }
            shape.append(n)
        }
        guard let offsets = fields["data_offsets"]?.array, offsets.count == 2,
              let begin = offsets[0].int, let end = offsets[1].int, begin >= 0, begin <= end else {
            throw EmberIOError("tensor \"\(name)\" has invalid data_offsets \(fields["data_offsets"]?.serialized ?? "(missing)")")
        }
        guard let bytes = checkedByteCount(shape, row.dtype) else {
            throw EmberIOError("tensor \"\(name)\" shape \(shape) overflows")
        }
        guard bytes == end - begin else {
            throw EmberIOError("tensor \"\(name)\" of dtype \(dtypeName) and shape \(shape) needs \(bytes) bytes, but data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        return SafetensorsEntry(name: name, dtype: row.dtype, shape: shape, begin: begin, end: end)
    }

    /// The header bytes for `tensors` (in their order) and `metadata`, padded with spaces to
    /// a multiple of 8 so the data section is aligned, as the reference writer does.
    static func encode(_ tensors: [(name: String, dtype: DType, shape: [Int], byteCount: Int)],
                       metadata: OrderedDictionary<String, String>) -> [UInt8] {
        var top: OrderedDictionary<String, JSONValue> = [:]
        if !metadata.isEmpty {
            top["__metadata__"] = .object(metadata.mapValues { .string($0) })
        }
        var offset = 0
        for t in tensors {
            top[t.name] = .object([
                "dtype": .string(FormatDType.row(t.dtype).safetensors),
                "shape": .array(t.shape.map { .int($0) }),
                "data_offsets": .array([.int(offset), .int(offset + t.byteCount)]),
            ])
            offset += t.byteCount
        }
        var bytes = Array(JSONValue.object(top).serialized.utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }
}
