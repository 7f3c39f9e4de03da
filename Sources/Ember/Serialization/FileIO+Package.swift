// File helpers the other Ember products share (ONNX export writes its model with them).

/// Writes `bytes` to `path` atomically: a synced temporary file renamed over `path`, so a
/// crash leaves either the old file or the new one.
///
/// - Throws: `EmberIOError` when the file cannot be written.
package func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    var writer = try AtomicFileWriter(path: path)
    do {
        try writer.write(bytes)
        try writer.commit()
    } catch {
        writer.discard()
        throw error
    }
}

extension Tensor {
    /// The elements in row-major order as little-endian bytes of the tensor's dtype (a copy;
    /// views and other devices are handled): what file formats store.
    package func littleEndianBytes() -> [UInt8] {
        contiguousHostCopy().withLittleEndianBytes { [UInt8]($0) }
    }

    /// A tensor of `dtype` and `shape` from little-endian bytes (a copy).
    package static func fromLittleEndianBytes(_ bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType) -> Tensor {
        fromRawBytes(bytes, shape: shape, dtype: dtype)
    }
}
