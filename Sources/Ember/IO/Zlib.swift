import CZlib

/// zlib's inflate for gzip files (MNIST's `.gz`), zip entries (`.npz`, `.pt`) and CRC-32.
/// Output is bounded by the caller's limit, so a lying or hostile stream cannot make us
/// allocate more than the caller expects.
package enum Zlib {
    /// Decompresses gzip data (all members, as `gunzip` does), or zlib-wrapped data.
    package static func gunzip(_ input: UnsafeRawBufferPointer, limit: Int) throws(EmberIOError) -> [UInt8] {
        try inflate(input, windowBits: 15 + 32, limit: limit, allMembers: true)
    }

    /// Decompresses a raw DEFLATE stream (a zip entry of method 8).
    package static func inflateRaw(_ input: UnsafeRawBufferPointer, limit: Int) throws(EmberIOError) -> [UInt8] {
        try inflate(input, windowBits: -15, limit: limit, allMembers: false)
    }

    /// Compresses `input` as a raw DEFLATE stream (zip method 8).
    package static func deflateRaw(_ input: UnsafeRawBufferPointer, level: Int32 = 6) throws(EmberIOError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw EmberIOError("zlib: could not start compression") }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        let status = out.withUnsafeMutableBytes { o in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = o.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(o.count)
            return CZlib.deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw EmberIOError("zlib: compression failed (\(status))") }
        out.removeLast(out.count - Int(stream.total_out))
        return out
    }

    package static func crc32(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        var crc = uLong(initial)
        var rest = bytes
        // zlib takes a 32-bit length; feed large buffers in pieces.
        while !rest.isEmpty {
            let n = Swift.min(rest.count, 1 << 30)
            crc = CZlib.crc32(crc, rest.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        return UInt32(crc)
    }

    private static func inflate(_ input: UnsafeRawBufferPointer, windowBits: Int32, limit: Int,
                                allMembers: Bool) throws(EmberIOError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw EmberIOError("zlib: could not start decompression") }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        while true {
            var status: Int32 = Z_OK
            var produced = 0
            chunk.withUnsafeMutableBytes { c in
                let rest = input.count - consumed
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map {
                    ($0 + consumed).assumingMemoryBound(to: Bytef.self)
                })
                stream.avail_in = uInt(Swift.min(rest, Int(UInt32.max)))
                stream.next_out = c.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(c.count)
                let before = stream.avail_in
                status = CZlib.inflate(&stream, Z_NO_FLUSH)
                consumed += Int(before - stream.avail_in)
                produced = c.count - Int(stream.avail_out)
            }
            if out.count + produced > limit {
                throw EmberIOError("compressed data expands beyond the expected \(limit) bytes")
            }
            out.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                // gzip files may hold several members; a zip entry ends here.
                if allMembers && consumed < input.count {
                    guard inflateReset(&stream) == Z_OK else { throw EmberIOError("zlib: reset failed") }
                    continue
                }
                return out
            case Z_OK:
                if consumed >= input.count && produced == 0 {
                    throw EmberIOError("compressed data is truncated")
                }
            case Z_BUF_ERROR:
                if consumed >= input.count { throw EmberIOError("compressed data is truncated") }
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw EmberIOError("compressed data is corrupt (\(detail))")
            }
        }
    }
}
