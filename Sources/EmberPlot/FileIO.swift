#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with C stdio (library targets do without Foundation).
enum FileIO {
    static func write(_ bytes: [UInt8], to path: String, append: Bool = false) throws(EmberIOError) {
        guard let f = fopen(path, append ? "ab" : "wb") else {
            throw EmberIOError("cannot open for writing (\(String(cString: strerror(errno))))", path: path)
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let closed = fclose(f)
        guard written == bytes.count, closed == 0 else { throw EmberIOError("write failed", path: path) }
    }

    /// Reads a file of at most `limit` bytes.
    static func read(_ path: String, limit: Int = 1 << 30) throws(EmberIOError) -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw EmberIOError("cannot open (\(String(cString: strerror(errno))))", path: path)
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n == 0 { break }
            if out.count + n > limit { throw EmberIOError("file is larger than \(limit) bytes", path: path) }
            out.append(contentsOf: chunk[0..<n])
        }
        if ferror(f) != 0 { throw EmberIOError("read failed", path: path) }
        return out
    }
}
