import OrderedCollections

// safetensors (https://github.com/huggingface/safetensors): the format PyTorch users share
// weights in. `save`/`load` take and return state dicts; `SafetensorsFile` reads lazily.

/// Writes `tensors` to a safetensors file in their order, with optional string `metadata`
/// (the header's `__metadata__`), as `safetensors.torch.save_file(tensors, path, metadata)`.
///
/// The file is written atomically: a temporary file in the same directory is synced and
/// renamed over `path`, so a crash leaves either the old file or the new one.
/// Tensors on other devices are copied to the host; views are written as their elements.
///
/// - Throws: `EmberIOError` when the file cannot be written.
public func save(_ tensors: OrderedDictionary<String, Tensor>, to path: String,
                 metadata: [String: String] = [:]) throws {
    try Safetensors.write(tensors, metadata: OrderedDictionary(uniqueKeysWithValues: metadata.sorted { $0.key < $1.key }),
                          to: path, crashVariable: nil)
}

/// Reads a safetensors file into a state dict, in the order the tensors' data lies in the
/// file (the saved order for files Ember writes; PyTorch's `save_file` sorts by dtype and
/// name). `model.loadStateDict(try load(from: path))` matches keys by name.
///
/// The file is memory-mapped and each tensor copied once into its own storage.
///
/// - Throws: `EmberIOError` naming the file and the problem (truncated file, bad header,
///   unknown dtype, ranges that overlap or leave the file).
public func load(from path: String) throws -> OrderedDictionary<String, Tensor> {
    try SafetensorsFile(path: path).tensors()
}

/// Reads a safetensors file's tensors and its `__metadata__`.
public func loadSafetensors(from path: String) throws -> (tensors: OrderedDictionary<String, Tensor>, metadata: [String: String]) {
    let file = try SafetensorsFile(path: path)
    return (try file.tensors(), file.metadata)
}

/// An open safetensors file: the header is read and checked on opening; tensors are copied
/// out of the memory mapping only when asked for, so one tensor of a large file costs only
/// its own bytes.
///
/// ```swift
/// let file = try SafetensorsFile(path: "model.safetensors")
/// print(file.names, file.metadata)
/// let w = try file.tensor("fc.weight")
/// ```
public final class SafetensorsFile {
    public let path: String
    /// Tensor names in data order.
    public let names: [String]
    /// The header's `__metadata__` (empty when absent).
    public let metadata: [String: String]
    private let header: SafetensorsHeader
    private let mapping: MappedFile
    private let index: [String: Int]

    /// Opens and validates `path`.
    /// - Throws: `EmberIOError` for a missing, truncated or malformed file.
    public init(path: String) throws {
        do {
            mapping = try MappedFile(path: path)
            header = try SafetensorsHeader(parsing: mapping.bytes)
        } catch {
            throw error.path == nil ? error.at(path) : error
        }
        self.path = path
        names = header.entries.map(\.name)
        metadata = Dictionary(header.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        index = Dictionary(header.entries.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The dtype and shape of a tensor, without reading its data.
    public func info(_ name: String) -> (dtype: DType, shape: [Int])? {
        index[name].map { (header.entries[$0].dtype, header.entries[$0].shape) }
    }

    /// One tensor, copied from the file.
    /// - Throws: `EmberIOError` when the file has no tensor of that name.
    public func tensor(_ name: String) throws -> Tensor {
        guard let i = index[name] else { throw EmberIOError("no tensor named \"\(name)\"", path: path) }
        return Safetensors.tensor(header.entries[i], header: header, file: mapping.bytes)
    }

    /// Every tensor, in data order.
    public func tensors() throws -> OrderedDictionary<String, Tensor> {
        Safetensors.tensors(header, file: mapping.bytes)
    }
}

/// The reader and writer behind the public functions; `package` so the fuzzer can drive the
/// reader on bytes in memory.
package enum Safetensors {
    /// Parses a whole file held in memory; the fuzz target's entry point.
    package static func decode(_ file: UnsafeRawBufferPointer) throws(EmberIOError)
        -> (tensors: OrderedDictionary<String, Tensor>, metadata: OrderedDictionary<String, String>) {
        let header = try SafetensorsHeader(parsing: file)
        return (tensors(header, file: file), header.metadata)
    }

    static func tensors(_ header: SafetensorsHeader, file: UnsafeRawBufferPointer) -> OrderedDictionary<String, Tensor> {
        var result: OrderedDictionary<String, Tensor> = [:]
        for e in header.entries { result[e.name] = tensor(e, header: header, file: file) }
        return result
    }

    static func tensor(_ e: SafetensorsEntry, header: SafetensorsHeader, file: UnsafeRawBufferPointer) -> Tensor {
        let range = (header.dataStart + e.begin)..<(header.dataStart + e.end)
        return Tensor.fromRawBytes(UnsafeRawBufferPointer(rebasing: file[range]), shape: e.shape, dtype: e.dtype)
    }

    /// Streams the header, then each tensor's bytes, into an atomically committed file.
    package static func write(_ tensors: OrderedDictionary<String, Tensor>, metadata: OrderedDictionary<String, String>,
                      to path: String, crashVariable: String?) throws {
        if tensors.keys.contains("__metadata__") {
            emberFatal("a tensor cannot be named \"__metadata__\" in a safetensors file")
        }
        let layout = tensors.map { (name: $0.key, dtype: $0.value.dtype, shape: $0.value.shape,
                                    byteCount: $0.value.count * $0.value.dtype.itemSize) }
        let header = SafetensorsHeader.encode(layout, metadata: metadata)
        var writer = try AtomicFileWriter(path: path, crashVariable: crashVariable)
        do {
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try writer.write($0) }
            try writer.write(header)
            for t in tensors.values {
                try t.withLittleEndianBytes { try writer.write($0) }
            }
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }
}
