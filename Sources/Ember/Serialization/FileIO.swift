#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file: readers check the header against the file
/// size, then copy each tensor once from the mapping into its storage, so a large file is
/// never read into memory twice (the kernel pages it in once).
package final class MappedFile {
    package let path: String
    package let bytes: UnsafeRawBufferPointer
    private let mappedLength: Int

    package init(path: String) throws(EmberIOError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw EmberIOError(systemErrorMessage("cannot open"), path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw EmberIOError(systemErrorMessage("cannot stat"), path: path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw EmberIOError("not a regular file", path: path) }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mappedLength = 0
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw EmberIOError(systemErrorMessage("cannot map"), path: path)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        mappedLength = size
    }

    deinit {
        if mappedLength > 0 { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), mappedLength) }
    }
}

/// "cannot open: No such file or directory", from errno.
func systemErrorMessage(_ what: String) -> String {
    "\(what): \(String(cString: strerror(errno)))"
}

/// Writes a file so that a crash never leaves it half-written: the bytes go to a temporary
/// file in the same directory, which is flushed (`fsync`), renamed over the target, and the
/// directory is flushed so the rename itself survives a power loss.
///
/// `crashVariable` names an environment variable for tests: when it equals one of the
/// points (`mid-write`, `before-fsync`, `before-rename`, `before-dir-fsync`), the process
/// kills itself there with SIGKILL, as a crash would.
struct AtomicFileWriter {
    let path: String
    let crashVariable: String?
    private let tempPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private(set) var bytesWritten = 0

    init(path: String, crashVariable: String? = nil) throws {
        self.path = path
        self.crashVariable = crashVariable
        // Unique per process and per save, so concurrent saves to one path do not collide.
        let serial = temporaryFileSerial.withLock { n in
            n += 1
            return n
        }
        tempPath = path + ".tmp-\(getpid())-\(serial)"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw EmberIOError(systemErrorMessage("cannot create a temporary file"), path: path) }
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends bytes (buffered; large blocks go straight to the file).
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > (1 << 20) { try flush() }
        if bytes.count >= (1 << 20) {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
        bytesWritten += bytes.count
    }

    mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { b in try write(b) }
    }

    private mutating func flush() throws {
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        try pending.withUnsafeBytes { b in try writeAll(b) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw EmberIOError(systemErrorMessage("cannot write"), path: tempPath)
            }
            done += n
        }
    }

    /// Flushes, syncs and renames the temporary file over `path`.
    mutating func commit() throws {
        do {
            // Half the data reaches the file, the rest never does.
            if crashPoint == "mid-write" {
                let half = Array(buffer.prefix(buffer.count / 2))
                try half.withUnsafeBytes { b in try writeAll(b) }
                crash()
            }
            try flush()
            if crashPoint == "before-fsync" { crash() }
            guard fsync(fd) == 0 else { throw EmberIOError(systemErrorMessage("cannot sync"), path: tempPath) }
            guard close(fd) == 0 else { throw EmberIOError(systemErrorMessage("cannot close"), path: tempPath) }
            fd = -1
            if crashPoint == "before-rename" { crash() }
            guard rename(tempPath, path) == 0 else { throw EmberIOError(systemErrorMessage("cannot rename into place"), path: path) }
        } catch {
            discard()
            throw error
        }
        if crashPoint == "before-dir-fsync" { crash() }
        let dir = directoryOf(path)
        let dirFD = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            // Some file systems refuse fsync on directories; the rename is done either way.
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// Removes the temporary file after a failure.
    mutating func discard() {
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(tempPath)
    }

    private var crashPoint: String? {
        guard let crashVariable, let value = getenv(crashVariable) else { return nil }
        return String(cString: value)
    }

    private func crash() -> Never {
        raise(SIGKILL)
        _exit(137)
    }
}

private let temporaryFileSerial = Mutex(0)

/// The directory part of a path ("." when there is none).
package func directoryOf(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let dir = path[..<slash]
    return dir.isEmpty ? "/" : String(dir)
}

/// Creates `path` and its parents (`mkdir -p`); the error names the component that failed.
package func makeDirectories(_ path: String) throws(EmberIOError) {
    var current = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
        current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
        if mkdir(current, 0o755) != 0 && errno != EEXIST {
            throw EmberIOError("cannot create directory (\(String(cString: strerror(errno))))", path: current)
        }
    }
}

/// The C `write`, out of reach of the writer's own `write` method.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
