/// A zip archive read from memory (a mapped file): the central directory is parsed and
/// every entry's range checked against the archive before any data is read. Stored
/// (method 0) entries are returned without copying; deflated (method 8) ones are inflated
/// with their declared size as the limit. CRCs are checked. Zip64 is understood (numpy
/// writes it), multi-disk archives and encryption are refused.
struct ZipArchive {
    struct Entry {
        let name: String
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        /// Offset of the entry's data in the archive (after its local header).
        let dataOffset: Int
    }

    let bytes: UnsafeRawBufferPointer
    /// Entries in central-directory order.
    let entries: [Entry]

    static func isZip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.littleEndian(at: 0, width: 4) == 0x0403_4b50 || bytes.littleEndian(at: 0, width: 4) == 0x0605_4b50
    }

    init(_ bytes: UnsafeRawBufferPointer) throws(EmberIOError) {
        self.bytes = bytes
        func u(_ offset: Int, _ width: Int) throws(EmberIOError) -> Int {
            guard let v = bytes.littleEndian(at: offset, width: width), v <= UInt64(Int.max) else {
                throw EmberIOError("zip: field at byte \(offset) lies outside the archive")
            }
            return Int(v)
        }
        // The end-of-central-directory record sits within the last 64 KiB + 22 bytes.
        var eocd = -1
        var k = bytes.count - 22
        while k >= 0 && k >= bytes.count - 22 - 65535 {
            if try u(k, 4) == 0x0605_4b50 { eocd = k; break }
            k -= 1
        }
        guard eocd >= 0 else { throw EmberIOError("zip: no end of central directory record (not a zip file, or truncated)") }
        guard try u(eocd + 4, 2) == 0, try u(eocd + 6, 2) == 0 else { throw EmberIOError("zip: multi-disk archives are not supported") }
        var count = try u(eocd + 10, 2)
        var directorySize = try u(eocd + 12, 4)
        var directoryOffset = try u(eocd + 16, 4)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points at the zip64 end record.
            guard eocd >= 20, try u(eocd - 20, 4) == 0x0706_4b50 else { throw EmberIOError("zip: zip64 locator missing") }
            let record = try u(eocd - 20 + 8, 8)
            guard try u(record, 4) == 0x0606_4b50 else { throw EmberIOError("zip: zip64 end record missing") }
            count = try u(record + 32, 8)
            directorySize = try u(record + 40, 8)
            directoryOffset = try u(record + 48, 8)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw EmberIOError("zip: central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the archive")
        }
        guard count <= directorySize / 46 else { throw EmberIOError("zip: \(count) entries cannot fit in a \(directorySize)-byte directory") }
        var entries: [Entry] = []
        var seen: Set<String> = []
        var p = directoryOffset
        for _ in 0..<count {
            guard try u(p, 4) == 0x0201_4b50 else { throw EmberIOError("zip: bad central directory entry at byte \(p)") }
            let flags = try u(p + 8, 2), method = try u(p + 10, 2), crc = try u(p + 16, 4)
            var compressed = try u(p + 20, 4), size = try u(p + 24, 4)
            let nameLength = try u(p + 28, 2), extraLength = try u(p + 30, 2), commentLength = try u(p + 32, 2)
            var localOffset = try u(p + 42, 4)
            let nameStart = p + 46
            guard nameStart + nameLength + extraLength + commentLength <= directoryOffset + directorySize else {
                throw EmberIOError("zip: central directory entry at byte \(p) overruns the directory")
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + nameLength)]), as: UTF8.self)
            // Zip64 extra field: the 64-bit values of whichever fields were saturated, in order.
            var e = nameStart + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = try u(e, 2), length = try u(e + 2, 2)
                guard e + 4 + length <= extraEnd else { throw EmberIOError("zip: extra field of \"\(name)\" overruns its entry") }
                if id == 1 {
                    var q = e + 4
                    for field in [0, 1, 2] {
                        let saturated = field == 0 ? size == 0xFFFF_FFFF : field == 1 ? compressed == 0xFFFF_FFFF : localOffset == 0xFFFF_FFFF
                        guard saturated else { continue }
                        guard q + 8 <= e + 4 + length else { throw EmberIOError("zip: zip64 field of \"\(name)\" is too short") }
                        let v = try u(q, 8)
                        if field == 0 { size = v } else if field == 1 { compressed = v } else { localOffset = v }
                        q += 8
                    }
                }
                e += 4 + length
            }
            p = extraEnd + commentLength
            guard flags & 1 == 0 else { throw EmberIOError("zip: entry \"\(name)\" is encrypted") }
            guard method == 0 || method == 8 else { throw EmberIOError("zip: entry \"\(name)\" uses compression method \(method); only stored (0) and deflate (8) are supported") }
            guard seen.insert(name).inserted else { throw EmberIOError("zip: duplicate entry \"\(name)\"") }
            guard try u(localOffset, 4) == 0x0403_4b50 else { throw EmberIOError("zip: entry \"\(name)\" has no local header at byte \(localOffset)") }
            let dataOffset = localOffset + 30 + (try u(localOffset + 26, 2)) + (try u(localOffset + 28, 2))
            guard dataOffset <= bytes.count, compressed <= bytes.count - dataOffset else {
                throw EmberIOError("zip: data of entry \"\(name)\" (\(compressed) bytes at byte \(dataOffset)) lies outside the archive")
            }
            if method == 0 && compressed != size {
                throw EmberIOError("zip: stored entry \"\(name)\" has compressed size \(compressed) but size \(size)")
            }
            entries.append(Entry(name: name, method: UInt16(method), crc: UInt32(crc), compressedSize: compressed,
                                 size: size, dataOffset: dataOffset))
        }
        self.entries = entries
    }

    /// Calls `body` with an entry's uncompressed bytes, after checking its CRC.
    /// `maxSize` bounds what a deflated entry may claim to expand to.
    func withData<R>(_ entry: Entry, maxSize: Int = 1 << 40,
                     _ body: (UnsafeRawBufferPointer) throws(EmberIOError) -> R) throws(EmberIOError) -> R {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
        if entry.method == 0 {
            try check(entry, raw)
            return try body(raw)
        }
        guard entry.size <= maxSize else { throw EmberIOError("zip: entry \"\(entry.name)\" claims \(entry.size) bytes") }
        let inflated: [UInt8]
        do { inflated = try Zlib.inflateRaw(raw, limit: entry.size) } catch {
            throw EmberIOError("zip: entry \"\(entry.name)\": \(error.message)")
        }
        guard inflated.count == entry.size else {
            throw EmberIOError("zip: entry \"\(entry.name)\" inflates to \(inflated.count) bytes, not the declared \(entry.size)")
        }
        var result: Result<R, EmberIOError>?
        inflated.withUnsafeBytes { b in
            result = Result { () throws(EmberIOError) in
                try check(entry, b)
                return try body(b)
            }
        }
        return try result!.get()
    }

    private func check(_ entry: Entry, _ data: UnsafeRawBufferPointer) throws(EmberIOError) {
        guard Zlib.crc32(data) == entry.crc else { throw EmberIOError("zip: CRC mismatch in entry \"\(entry.name)\"") }
    }
}

/// Writes a zip of stored entries, streamed: each entry's CRC is known before its local
/// header is written because the caller hands over the whole entry at once.
struct ZipWriter {
    private var central: [UInt8] = []
    private var count = 0
    private(set) var offset = 0

    /// Writes one stored entry whose bytes are the concatenation of `parts`.
    mutating func add(_ name: String, parts: [UnsafeRawBufferPointer], to writer: inout AtomicFileWriter) throws {
        let size = parts.reduce(0) { $0 + $1.count }
        guard size < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else { throw EmberIOError("zip entries over 4 GiB are not supported", path: writer.path) }
        var crc: UInt32 = 0
        for part in parts { crc = Zlib.crc32(part, initial: crc) }
        let nameBytes = Array(name.utf8)
        var local: [UInt8] = []
        func put(_ v: Int, _ width: Int, into out: inout [UInt8]) {
            for k in 0..<width { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
        }
        // Local header: version 20, flag bit 11 (UTF-8 names), stored, DOS time 1980-01-01.
        put(0x0403_4b50, 4, into: &local); put(20, 2, into: &local); put(0x0800, 2, into: &local); put(0, 2, into: &local)
        put(0, 2, into: &local); put(0x21, 2, into: &local); put(Int(crc), 4, into: &local)
        put(size, 4, into: &local); put(size, 4, into: &local); put(nameBytes.count, 2, into: &local); put(0, 2, into: &local)
        local += nameBytes
        put(0x0201_4b50, 4, into: &central); put(20, 2, into: &central); put(20, 2, into: &central); put(0x0800, 2, into: &central)
        put(0, 2, into: &central); put(0, 2, into: &central); put(0x21, 2, into: &central); put(Int(crc), 4, into: &central)
        put(size, 4, into: &central); put(size, 4, into: &central); put(nameBytes.count, 2, into: &central)
        put(0, 2, into: &central); put(0, 2, into: &central); put(0, 2, into: &central); put(0, 2, into: &central)
        put(0, 4, into: &central); put(offset, 4, into: &central)
        central += nameBytes
        try writer.write(local)
        for part in parts { try writer.write(part) }
        offset += local.count + size
        count += 1
    }

    /// Writes the central directory and its end record.
    mutating func finish(to writer: inout AtomicFileWriter) throws {
        guard count < 0xFFFF else { throw EmberIOError("zip archives of over 65534 entries are not supported", path: writer.path) }
        var end: [UInt8] = []
        func put(_ v: Int, _ width: Int) { for k in 0..<width { end.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        put(0x0605_4b50, 4); put(0, 2); put(0, 2); put(count, 2); put(count, 2)
        put(central.count, 4); put(offset, 4); put(0, 2)
        try writer.write(central)
        try writer.write(end)
    }
}
