/// The header of a `.npy` file: magic `\x93NUMPY`, a version, a little-endian header length
/// (2 bytes in version 1, 4 in versions 2 and 3), then a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces and a
/// newline so the data starts on a 64-byte boundary.
///
/// The dict is parsed by a tiny grammar (strings, True/False, tuples of integers), never
/// evaluated; the shape's byte count is overflow-checked and must equal the data's size.
struct NumpyHeader: Equatable {
    let dtype: DType
    let bigEndian: Bool
    let fortranOrder: Bool
    let shape: [Int]
    /// Where the array data starts.
    let dataStart: Int

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    init(parsing file: UnsafeRawBufferPointer) throws(EmberIOError) {
        guard file.count >= 10, (0..<6).allSatisfy({ file[$0] == Self.magic[$0] }) else {
            throw EmberIOError("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = file[6]
        let lengthWidth: Int
        switch major {
        case 1: lengthWidth = 2
        case 2, 3: lengthWidth = 4
        default: throw EmberIOError(".npy format version \(major).\(file[7]) is not supported")
        }
        guard let length = file.littleEndian(at: 8, width: lengthWidth) else { throw EmberIOError(".npy header is truncated") }
        let start = 8 + lengthWidth
        guard length <= UInt64(file.count - start) else {
            throw EmberIOError(".npy header length \(length) exceeds the file size (\(file.count) bytes)")
        }
        dataStart = start + Int(length)
        var parser = NumpyDictParser(bytes: UnsafeRawBufferPointer(rebasing: file[start..<dataStart]))
        let dict = try parser.parse()
        guard Set(dict.keys) == ["descr", "fortran_order", "shape"] else {
            throw EmberIOError(".npy header must have exactly the keys descr, fortran_order and shape, found \(dict.keys.sorted())")
        }
        guard case .string(let descr) = dict["descr"]! else {
            throw EmberIOError(".npy descr is not a string (structured dtypes are not supported)")
        }
        guard case .bool(let fortran) = dict["fortran_order"]! else { throw EmberIOError(".npy fortran_order is not True or False") }
        guard case .tuple(let shape) = dict["shape"]! else { throw EmberIOError(".npy shape is not a tuple of integers") }
        (dtype, bigEndian) = try Self.dtype(descr)
        fortranOrder = fortran
        self.shape = shape
        guard let bytes = checkedByteCount(shape, dtype) else { throw EmberIOError(".npy shape \(shape) overflows") }
        guard bytes == file.count - dataStart else {
            throw EmberIOError(".npy data has \(file.count - dataStart) bytes, but dtype \(descr) and shape \(shape) need \(bytes)")
        }
    }

    /// `<f4` → (float32, little-endian); `|u1`, `>i8`, `=f8` likewise.
    static func dtype(_ descr: String) throws(EmberIOError) -> (DType, Bool) {
        guard let order = descr.first, "<>|=".contains(order) else {
            throw EmberIOError(".npy dtype '\(descr)' is not supported")
        }
        let code = String(descr.dropFirst())
        guard let row = FormatDType.numpy(code) else {
            if code.hasPrefix("O") { throw EmberIOError(".npy object arrays are not supported (loading them would need pickle)") }
            throw EmberIOError(".npy dtype '\(descr)' is not supported")
        }
        return (row.dtype, order == ">" || (order == "=" && hostIsBigEndian))
    }

    /// numpy's own header bytes for a C-order little-endian array (format 1.0, or 2.0 when
    /// the header outgrows 65535 bytes), padded so the data starts at a multiple of 64.
    static func encode(dtype: DType, shape: [Int]) throws(EmberIOError) -> [UInt8] {
        guard let code = FormatDType.row(dtype).numpy else {
            throw EmberIOError("numpy has no \(dtype) dtype: convert the tensor (e.g. to float32) before saving it as .npy")
        }
        let descr = (dtype.itemSize == 1 ? "|" : "<") + code
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }".utf8)
        var version: UInt8 = 1
        var prefix = 10
        if dict.count + 1 + 64 > 65535 { version = 2; prefix = 12 }
        let padding = (64 - (prefix + dict.count + 1) % 64) % 64
        dict += repeatElement(UInt8(ascii: " "), count: padding)
        dict.append(UInt8(ascii: "\n"))
        var out = magic + [version, 0]
        for k in 0..<(prefix - 8) { out.append(UInt8(truncatingIfNeeded: dict.count >> (8 * k))) }
        return out + dict
    }
}

/// The values a `.npy` header dict holds.
enum NumpyHeaderValue: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
}

/// Parses `{'key': value, …}` with values `'str'`, `True`, `False` or `(int, …)`.
struct NumpyDictParser {
    let bytes: UnsafeRawBufferPointer
    var i = 0

    private func error(_ message: String) -> EmberIOError { EmberIOError(".npy header at byte \(i): \(message)") }
    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
    private mutating func skipSpace() { while let c = peek, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { i += 1 } }
    private mutating func take(_ c: Character) -> Bool {
        skipSpace()
        if peek == c.asciiValue { i += 1; return true }
        return false
    }

    mutating func parse() throws(EmberIOError) -> [String: NumpyHeaderValue] {
        guard take("{") else { throw error("expected '{'") }
        var result: [String: NumpyHeaderValue] = [:]
        while !take("}") {
            let key = try string()
            guard take(":") else { throw error("expected ':'") }
            skipSpace()
            let value = try self.value()
            guard result.updateValue(value, forKey: key) == nil else { throw error("duplicate key '\(key)'") }
            if !take(",") {
                guard take("}") else { throw error("expected ',' or '}'") }
                break
            }
            guard result.count <= 16 else { throw error("too many keys") }
        }
        skipSpace()
        guard i == bytes.count else { throw error("unexpected data after the dict") }
        return result
    }

    private mutating func string() throws(EmberIOError) -> String {
        skipSpace()
        guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { throw error("expected a string") }
        i += 1
        let start = i
        while let c = peek, c != quote {
            guard c >= 0x20 && c < 0x7f && c != UInt8(ascii: "\\") else { throw error("unsupported character in a string") }
            i += 1
        }
        guard peek == quote else { throw error("unterminated string") }
        defer { i += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    private mutating func value() throws(EmberIOError) -> NumpyHeaderValue {
        if let c = peek, c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { return .string(try string()) }
        if word("True") { return .bool(true) }
        if word("False") { return .bool(false) }
        guard take("(") else { throw error("expected a string, True, False or a tuple") }
        var dims: [Int] = []
        while !take(")") {
            skipSpace()
            let start = i
            while let c = peek, c >= 0x30 && c <= 0x39 { i += 1 }
            guard i > start, i - start <= 19,
                  let n = Int(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else {
                throw error("expected a non-negative integer dimension")
            }
            if peek == UInt8(ascii: "L") { i += 1 }  // Python 2 longs
            dims.append(n)
            guard dims.count <= 64 else { throw error("more than 64 dimensions") }
            if !take(",") {
                guard take(")") else { throw error("expected ',' or ')'") }
                break
            }
        }
        return .tuple(dims)
    }

    private mutating func word(_ w: String) -> Bool {
        let u = Array(w.utf8)
        guard bytes.count - i >= u.count, (0..<u.count).allSatisfy({ bytes[i + $0] == u[$0] }) else { return false }
        i += u.count
        return true
    }
}
