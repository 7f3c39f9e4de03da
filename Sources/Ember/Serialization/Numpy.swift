// NumPy's `.npy` (one array) and `.npz` (a zip of `.npy` entries) files, read and written
// as `np.load`/`np.save`/`np.savez` do. C and Fortran order, either byte order, the dtypes
// Ember has; object arrays (which need pickle) are refused.

extension Tensor {
    /// `np.load(path)` for a `.npy` file: a CPU tensor of the file's dtype and shape
    /// (Fortran-order data is returned as the same array in row-major layout; big-endian
    /// data is converted to host order).
    ///
    /// - Throws: `EmberIOError` naming the file and the problem.
    public static func loadNumpy(from path: String) throws -> Tensor {
        let file = try MappedFile(path: path)
        // The mapping must outlive the read (Swift may release `file` after its last use).
        do { return try withExtendedLifetime(file) { () throws(EmberIOError) in try Numpy.decode(file.bytes) } } catch { throw error.at(path) }
    }

    /// `np.save(path, t)`: C order, little-endian, format 1.0; the file is written atomically.
    /// - Throws: `EmberIOError` when the file cannot be written.
    public func saveNumpy(to path: String) throws {
        var writer = try AtomicFileWriter(path: path)
        do {
            try writer.write(try NumpyHeader.encode(dtype: dtype, shape: shape))
            try withLittleEndianBytes { try writer.write($0) }
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }
}

/// `np.load(path)` for a `.npz` archive: each `name.npy` entry under `name`. Stored and
/// deflated (`np.savez_compressed`) entries both load.
/// - Throws: `EmberIOError` for a malformed archive or entry (the entry is named).
public func loadNumpyArchive(from path: String) throws -> [String: Tensor] {
    let file = try MappedFile(path: path)
    do { return try withExtendedLifetime(file) { () throws(EmberIOError) in try Numpy.decodeArchive(file.bytes) } } catch { throw error.at(path) }
}

/// `np.savez(path, **arrays)`: a zip of stored `name.npy` entries (sorted by name), written
/// atomically.
/// - Throws: `EmberIOError` when the file cannot be written.
public func saveNumpyArchive(_ arrays: [String: Tensor], to path: String) throws {
    var writer = try AtomicFileWriter(path: path)
    do {
        var zip = ZipWriter()
        for (name, t) in arrays.sorted(by: { $0.key < $1.key }) {
            let header = try NumpyHeader.encode(dtype: t.dtype, shape: t.shape)
            try header.withUnsafeBytes { h in
                try t.withLittleEndianBytes { data in try zip.add(name + ".npy", parts: [h, data], to: &writer) }
            }
        }
        try zip.finish(to: &writer)
        try writer.commit()
    } catch {
        writer.discard()
        throw error
    }
}

/// The readers behind the public functions; `package` so the fuzzer can drive them.
package enum Numpy {
    /// One `.npy` file held in memory.
    package static func decode(_ file: UnsafeRawBufferPointer) throws(EmberIOError) -> Tensor {
        let header = try NumpyHeader(parsing: file)
        let data = UnsafeRawBufferPointer(rebasing: file[header.dataStart...])
        guard header.fortranOrder && header.shape.count > 1 else {
            return Tensor.fromRawBytes(data, shape: header.shape, dtype: header.dtype, bigEndian: header.bigEndian)
        }
        // Fortran order is the row-major layout of the reversed shape, transposed back.
        let reversed = Tensor.fromRawBytes(data, shape: header.shape.reversed(), dtype: header.dtype, bigEndian: header.bigEndian)
        let permuted = reversed.permute(Array((0..<header.shape.count).reversed()))
        let out = Tensor(uninitializedShape: header.shape, dtype: header.dtype, device: .cpu)
        out.backend.copy(permuted.view, into: out.view)
        return out
    }

    /// A `.npz` archive held in memory.
    package static func decodeArchive(_ file: UnsafeRawBufferPointer) throws(EmberIOError) -> [String: Tensor] {
        let zip = try ZipArchive(file)
        var result: [String: Tensor] = [:]
        for entry in zip.entries {
            // np.savez adds ".npy"; other members (np.load would return raw bytes) are skipped.
            guard entry.name.hasSuffix(".npy") else { continue }
            let name = String(entry.name.dropLast(4))
            // An array cannot be larger than its archive, after deflate's best ratio (1032:1).
            let (limit, overflow) = file.count.multipliedReportingOverflow(by: 1032)
            do {
                result[name] = try zip.withData(entry, maxSize: overflow ? Int.max : limit) { (b) throws(EmberIOError) in try decode(b) }
            } catch {
                throw EmberIOError("entry \"\(entry.name)\": \(error.message)")
            }
        }
        return result
    }
}
