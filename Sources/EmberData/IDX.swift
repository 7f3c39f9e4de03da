#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One array read from an IDX file (the MNIST format): its dims and its uint8 values.
public struct IDXArray: Sendable, Equatable {
    public let shape: [Int]
    public let values: [UInt8]
}

/// Parses an IDX file's bytes: a magic of `0 0 type ndim`, `ndim` big-endian uint32 sizes,
/// then the values. Only uint8 arrays (type 0x08, what MNIST holds) are read. Every size is
/// checked against the bytes present before anything is allocated, so a corrupt or lying
/// header is a thrown error, never a crash or a huge allocation.
package func parseIDX(_ bytes: UnsafeRawBufferPointer) throws(EmberIOError) -> IDXArray {
    guard bytes.count >= 4 else {
        throw EmberIOError("not an IDX file: \(bytes.count) bytes, shorter than the 4-byte magic number")
    }
    guard bytes[0] == 0, bytes[1] == 0 else {
        throw EmberIOError("not an IDX file: wrong magic number 0x\(hex(bytes[0..<4])) (expected 0x0000 followed by type and rank)")
    }
    let type = bytes[2], rank = Int(bytes[3])
    guard type == 0x08 else {
        let known: [UInt8: String] = [0x09: "int8", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"]
        throw EmberIOError(known[type].map { "IDX element type \($0) is not supported (only uint8)" }
                           ?? "not an IDX file: unknown element type 0x\(hex(bytes[2..<3]))")
    }
    guard rank >= 1 else { throw EmberIOError("IDX header declares 0 dimensions") }
    let header = 4 + 4 * rank
    guard bytes.count >= header else {
        throw EmberIOError("truncated IDX header: \(rank) dimensions need \(header) bytes, the file has \(bytes.count)")
    }
    var shape: [Int] = []
    var total = 1
    var overflow = false
    for d in 0..<rank {
        let o = 4 + 4 * d
        let size = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
        shape.append(size)
        if !overflow {
            let (p, o) = total.multipliedReportingOverflow(by: size)
            overflow = o
            total = p
        }
    }
    let present = bytes.count - header
    guard !overflow, total == present else {
        let claim = overflow ? "more than \(Int.max)" : "\(total)"
        let what = !overflow && total < present ? "has \(present - total) bytes beyond" : "is truncated: it holds \(present) of"
        throw EmberIOError("IDX data \(what) the \(claim) values its header declares (shape \(shapeString(shape)))")
    }
    return IDXArray(shape: shape, values: Array(UnsafeRawBufferPointer(rebasing: bytes[header...])))
}

/// Reads an IDX file, gzipped or not, decompressing at most `limit` bytes (callers pass what
/// the data should need, so a lying stream is stopped early). Errors name the file.
package func readIDX(path: String, limit: Int) throws(EmberIOError) -> IDXArray {
    // gzip adds a header and trailer to the data it holds.
    let file = try readFileBytes(path, limit: limit > Int.max - 65536 ? limit : limit + 65536)
    do {
        return try file.withUnsafeBytes { raw in
            if raw.count >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
                // A DEFLATE stream expands at most ~1032:1, so the file size bounds the output too.
                let bound = raw.count > (Int.max - 64) / 1032 ? limit : Swift.min(limit, raw.count * 1032 + 64)
                let inflated = try Zlib.gunzip(raw, limit: bound)
                return try inflated.withUnsafeBytes { try parseIDX($0) }
            }
            return try parseIDX(raw)
        }
    } catch let error as EmberIOError {
        throw error.path == nil ? error.at(path) : error
    } catch {
        throw EmberIOError("\(error)", path: path)
    }
}

/// The bytes of a file, refusing files larger than `limit`.
func readFileBytes(_ path: String, limit: Int) throws(EmberIOError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw EmberIOError("cannot open (\(String(cString: strerror(errno))))", path: path) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw EmberIOError("cannot stat (\(String(cString: strerror(errno))))", path: path) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw EmberIOError("not a regular file", path: path) }
    let size = Int(info.st_size)
    guard size <= limit else {
        throw EmberIOError("file is \(size) bytes, more than the \(limit) expected", path: path)
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { throw EmberIOError("read failed after \(done) of \(size) bytes", path: path) }
        done += n
    }
    return bytes
}

private func hex(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}
