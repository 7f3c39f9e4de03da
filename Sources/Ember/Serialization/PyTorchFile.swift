import OrderedCollections

/// Reads a file written by `torch.save(model.state_dict(), path)`: the zip format of
/// PyTorch ≥ 1.6 (entries stored or deflated) and the legacy format
/// (`_use_new_zipfile_serialization=False`). The pickle is read by `PickleReader`, which
/// refuses every global but those that rebuild tensors and ordered dicts, so loading never
/// runs code from the file (`weights_only=True` semantics).
///
/// Tensors that shared a storage in PyTorch share it here too. Nested dicts (a checkpoint
/// `{"model": state_dict, …}`) are flattened with dotted keys (`model.fc.weight`); values
/// that are not tensors (an epoch number) are skipped.
///
/// - Throws: `EmberIOError` naming the file and the problem: a refused global, a tensor
///   whose view leaves its storage, a storage whose size does not match, a truncated file.
public func loadPyTorch(from path: String) throws -> OrderedDictionary<String, Tensor> {
    let file = try MappedFile(path: path)
    // The mapping must outlive the read (Swift may release `file` after its last use).
    do { return try withExtendedLifetime(file) { () throws(EmberIOError) in try PyTorchFile.decode(file.bytes) } } catch { throw error.at(path) }
}

package enum PyTorchFile {
    /// The legacy format begins with a pickled magic number (protocol 2, LONG1 of 10 bytes).
    static let legacyMagic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]

    /// A `.pt`/`.pth` file held in memory; the fuzz target's entry point.
    package static func decode(_ file: UnsafeRawBufferPointer) throws(EmberIOError) -> OrderedDictionary<String, Tensor> {
        if file.count >= legacyMagic.count && (0..<legacyMagic.count).allSatisfy({ file[$0] == legacyMagic[$0] }) {
            return try decodeLegacy(file)
        }
        guard ZipArchive.isZip(file) else {
            throw EmberIOError("not a PyTorch file (neither a zip archive nor the legacy pickle format)")
        }
        let zip = try ZipArchive(file)
        guard let pickle = zip.entries.first(where: { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }) else {
            throw EmberIOError("zip archive has no data.pkl (not a torch.save file)")
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        var bigEndian = false
        if let order = zip.entries.first(where: { $0.name == prefix + "byteorder" }) {
            let text = try zip.withData(order, maxSize: 16) { (b) throws(EmberIOError) in String(decoding: b, as: UTF8.self) }
            guard text == "little" || text == "big" else { throw EmberIOError("byteorder '\(text)' is not little or big") }
            bigEndian = text == "big"
        }
        let entries = Dictionary(zip.entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var reader: PickleReader?
        defer { reader?.teardown() }
        let root = try zip.withData(pickle, maxSize: file.count * 1032) { (b) throws(EmberIOError) -> PickleReader.Value in
            var r = PickleReader(b)
            defer { reader = r }
            return try r.load()
        }
        var storages: [String: Tensor] = [:]
        return try flatten(root) { (ref) throws(EmberIOError) -> Tensor in
            if let t = storages[ref.key] { return t }
            guard let entry = entries[prefix + "data/" + ref.key] else {
                throw EmberIOError("storage '\(ref.key)' is missing from the archive")
            }
            guard let bytes = checkedByteCount([ref.count], ref.dtype), bytes == entry.size else {
                throw EmberIOError("storage '\(ref.key)' has \(entry.size) bytes, but \(ref.count) elements of \(ref.dtype) need \(ref.count * ref.dtype.itemSize)")
            }
            let t = try zip.withData(entry, maxSize: bytes) { (b) throws(EmberIOError) in
                Tensor.fromRawBytes(b, shape: [ref.count], dtype: ref.dtype, bigEndian: bigEndian)
            }
            storages[ref.key] = t
            return t
        }
    }

    /// Legacy layout: pickles of the magic number, the protocol version and system info, the
    /// object itself, then the list of storage keys, then each storage as an int64 element
    /// count followed by its bytes.
    static func decodeLegacy(_ file: UnsafeRawBufferPointer) throws(EmberIOError) -> OrderedDictionary<String, Tensor> {
        var position = legacyMagic.count
        var readers: [PickleReader] = []
        defer { for i in readers.indices { readers[i].teardown() } }
        func next() throws(EmberIOError) -> PickleReader.Value {
            var r = PickleReader(file, at: position)
            defer { readers.append(r); position = r.position }
            return try r.load()
        }
        guard case .int(1001) = try next() else { throw EmberIOError("legacy file has an unsupported protocol version") }
        var bigEndian = false
        if case .box(let info) = try next() {
            for pair in info.pairs where pair.key.string == "little_endian" {
                if case .bool(let little) = pair.value { bigEndian = !little }
            }
        }
        let root = try next()
        guard case .box(let keyList) = try next(), keyList.kind == .list else {
            throw EmberIOError("legacy file has no storage key list")
        }
        // Storages are read in the listed order; their dtypes come from the references.
        var refs: [String: PickleReader.StorageRef] = [:]
        collectStorages(root, into: &refs, depth: 0)
        var storages: [String: Tensor] = [:]
        for item in keyList.items {
            guard let key = item.string, let ref = refs[key] else { throw EmberIOError("legacy storage key list names an unknown storage") }
            guard let count64 = file.littleEndian(at: position, width: 8) else { throw EmberIOError("legacy storage '\(key)' is truncated") }
            position += 8
            guard count64 == UInt64(ref.count), let bytes = checkedByteCount([ref.count], ref.dtype), bytes <= file.count - position else {
                throw EmberIOError("legacy storage '\(key)' of \(count64) elements does not match its reference or the file size")
            }
            storages[key] = Tensor.fromRawBytes(UnsafeRawBufferPointer(rebasing: file[position..<(position + bytes)]),
                                                shape: [ref.count], dtype: ref.dtype, bigEndian: bigEndian)
            position += bytes
        }
        return try flatten(root) { (ref) throws(EmberIOError) -> Tensor in
            guard let t = storages[ref.key] else { throw EmberIOError("legacy storage '\(ref.key)' has no data") }
            return t
        }
    }

    /// One bare pickle (no storages): what the tests and the fuzzer use to reach the
    /// unpickler directly. Any tensor reference fails as a missing storage.
    package static func decodePickle(_ bytes: UnsafeRawBufferPointer) throws(EmberIOError) -> OrderedDictionary<String, Tensor> {
        var reader = PickleReader(bytes)
        defer { reader.teardown() }
        let root = try reader.load()
        return try flatten(root) { (ref) throws(EmberIOError) -> Tensor in
            throw EmberIOError("storage '\(ref.key)' is missing")
        }
    }

    private static func collectStorages(_ v: PickleReader.Value, into refs: inout [String: PickleReader.StorageRef], depth: Int) {
        guard depth < 16 else { return }
        switch v {
        case .tensor(let t): refs[t.storage.key] = t.storage
        case .box(let b):
            for item in b.items { collectStorages(item, into: &refs, depth: depth + 1) }
            for pair in b.pairs { collectStorages(pair.value, into: &refs, depth: depth + 1) }
        default: break
        }
    }

    /// The state dict under `root`: tensors by key, nested dicts flattened with dots.
    private static func flatten(_ root: PickleReader.Value,
                                storage: (PickleReader.StorageRef) throws(EmberIOError) -> Tensor) throws(EmberIOError)
        -> OrderedDictionary<String, Tensor> {
        guard case .box(let top) = root, top.kind == .dict else {
            throw EmberIOError("the file holds no dict of tensors (torch.save of a state dict is supported)")
        }
        var result: OrderedDictionary<String, Tensor> = [:]
        var pending: [(prefix: String, box: PickleReader.Box, depth: Int)] = [("", top, 0)]
        while let (prefix, box, depth) = pending.popLast() {
            for pair in box.pairs {
                guard let key = pair.key.string else { throw EmberIOError("state dict key is not a string") }
                switch pair.value {
                case .tensor(let ref):
                    result[prefix + key] = try materialise(ref, base: try storage(ref.storage))
                case .box(let inner) where inner.kind == .dict && depth < 8:
                    pending.append((prefix + key + ".", inner, depth + 1))
                default:
                    continue
                }
            }
        }
        return result
    }

    /// A view of `base` as `_rebuild_tensor_v2` describes it, after checking it stays inside.
    private static func materialise(_ ref: PickleReader.TensorRef, base: Tensor) throws(EmberIOError) -> Tensor {
        guard base.dtype == ref.storage.dtype else { throw EmberIOError("storage '\(ref.storage.key)' is used with two dtypes") }
        guard ref.shape.count == ref.strides.count, ref.shape.count <= 64, ref.offset >= 0,
              ref.strides.allSatisfy({ $0 >= 0 }), let count = checkedElementCount(ref.shape) else {
            throw EmberIOError("tensor of size \(ref.shape) and stride \(ref.strides) is invalid")
        }
        var last = ref.offset
        if count > 0 {
            for (size, stride) in zip(ref.shape, ref.strides) {
                let (step, o1) = (size - 1).multipliedReportingOverflow(by: stride)
                let (sum, o2) = last.addingReportingOverflow(step)
                guard !o1 && !o2 else { throw EmberIOError("tensor of size \(ref.shape) and stride \(ref.strides) overflows") }
                last = sum
            }
        }
        guard count == 0 ? ref.offset <= base.count : last < base.count else {
            throw EmberIOError("tensor of size \(ref.shape), stride \(ref.strides) and offset \(ref.offset) lies outside its storage of \(base.count) elements")
        }
        return Tensor(storage: base.storage, shape: ref.shape, strides: ref.strides, offset: ref.offset, dtype: ref.dtype)
    }
}

private extension PickleReader.TensorRef {
    var dtype: DType { storage.dtype }
}
