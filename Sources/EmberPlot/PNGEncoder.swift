/// PNG files: our encoder (here) and decoder (`PNGDecoder.swift`), on the toolchain's zlib.
public enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Encodes 8-bit pixels, row-major: 1 channel gray, 2 gray+alpha, 3 RGB, 4 RGBA.
    /// Each row takes the filter with the smallest sum of absolute values (libpng's heuristic).
    public static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws(EmberIOError) -> [UInt8] {
        guard width > 0, height > 0, (1...4).contains(channels), pixels.count == width * height * channels else {
            throw EmberIOError("PNG encode: \(pixels.count) bytes do not make a \(width)×\(height)×\(channels) image")
        }
        let colorType: UInt8 = [0, 4, 2, 6][channels - 1]
        var header: [UInt8] = []
        appendBE(&header, UInt32(width)); appendBE(&header, UInt32(height))
        header += [8, colorType, 0, 0, 0]

        let stride = width * channels
        var filtered = [UInt8](repeating: 0, count: height * (stride + 1))
        // Five candidate rows; the loops are written out per filter so debug builds stay fast.
        var candidates = [UInt8](repeating: 0, count: 5 * stride)
        pixels.withUnsafeBufferPointer { src in
            filtered.withUnsafeMutableBufferPointer { dst in
                candidates.withUnsafeMutableBufferPointer { cand in
                    let p = src.baseAddress!, c = cand.baseAddress!
                    for y in 0..<height {
                        let row = p + y * stride
                        let prior: UnsafePointer<UInt8>? = y > 0 ? UnsafePointer(row - stride) : nil
                        filterRow(row, prior, stride, channels, c)
                        var bestType = 0, bestScore = Int.max
                        for type in 0..<5 {
                            let f = c + type * stride
                            var score = 0
                            for i in 0..<stride { let v = Int(f[i]); score &+= v < 128 ? v : 256 - v }
                            if score < bestScore { bestScore = score; bestType = type }
                        }
                        let out = dst.baseAddress! + y * (stride + 1)
                        out[0] = UInt8(bestType)
                        (out + 1).update(from: c + bestType * stride, count: stride)
                    }
                }
            }
        }
        var out = signature
        appendChunk(&out, "IHDR", header)
        appendChunk(&out, "IDAT", try zlibCompress(filtered))
        appendChunk(&out, "IEND", [])
        return out
    }

    /// Encodes a uint8 (or 0–1 float) tensor: H×W gray, H×W×C (C = 1…4), or C×H×W when
    /// `channelsFirst` (`torchvision.utils.save_image`'s layout).
    public static func encode(_ image: Tensor, channelsFirst: Bool = false) throws(EmberIOError) -> [UInt8] {
        var shape = image.shape
        var values = image.toArray(Double.self)
        if channelsFirst && shape.count == 3 {
            let (c, h, w) = (shape[0], shape[1], shape[2])
            var hwc = [Double](repeating: 0, count: values.count)
            for ch in 0..<c { for p in 0..<(h * w) { hwc[p * c + ch] = values[ch * h * w + p] } }
            values = hwc; shape = [h, w, c]
        }
        guard shape.count == 2 || (shape.count == 3 && (1...4).contains(shape[2])) else {
            throw EmberIOError("PNG encode: expected an H×W or H×W×C image, got shape \(shape)")
        }
        let scale = image.dtype.isFloatingPoint ? 255.0 : 1.0
        let bytes = values.map { UInt8(min(max($0 * scale, 0), 255).rounded()) }
        return try encode(bytes, width: shape[1], height: shape[0], channels: shape.count == 3 ? shape[2] : 1)
    }

    /// Writes an image tensor as a PNG file (see `encode(_:channelsFirst:)`).
    public static func write(_ image: Tensor, to path: String, channelsFirst: Bool = false) throws(EmberIOError) {
        try FileIO.write(encode(image, channelsFirst: channelsFirst), to: path)
    }

    /// Writes the row filtered five ways (None, Sub, Up, Average, Paeth) into `out`.
    static func filterRow(_ row: UnsafePointer<UInt8>, _ prior: UnsafePointer<UInt8>?, _ n: Int, _ bpp: Int,
                          _ out: UnsafeMutablePointer<UInt8>) {
        let none = out, sub = out + n, up = out + 2 * n, avg = out + 3 * n, paeth = out + 4 * n
        for i in 0..<n {
            let x = row[i]
            let a: UInt8 = i >= bpp ? row[i - bpp] : 0
            let b: UInt8 = prior?[i] ?? 0
            let c: UInt8 = i >= bpp ? (prior?[i - bpp] ?? 0) : 0
            none[i] = x
            sub[i] = x &- a
            up[i] = x &- b
            avg[i] = x &- UInt8((UInt16(a) + UInt16(b)) >> 1)
            let pa = abs(Int(b) - Int(c)), pb = abs(Int(a) - Int(c)), pc = abs(Int(a) + Int(b) - 2 * Int(c))
            paeth[i] = x &- (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
        }
    }

    /// A zlib stream (RFC 1950): header, raw DEFLATE, Adler-32 of the input.
    static func zlibCompress(_ data: [UInt8]) throws(EmberIOError) -> [UInt8] {
        let raw = try data.withUnsafeBytes { p in Result { () throws(EmberIOError) in try Zlib.deflateRaw(p) } }.get()
        var out: [UInt8] = [0x78, 0x9C]
        out += raw
        appendBE(&out, adler32(data))
        return out
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        data.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                // 5552 bytes is the most that can be summed before the 32-bit sums overflow.
                let end = min(i + 5552, p.count)
                while i < end { a &+= UInt32(p[i]); b &+= a; i += 1 }
                a %= 65521; b %= 65521
            }
        }
        return b << 16 | a
    }

    static func appendBE(_ out: inout [UInt8], _ v: UInt32) {
        out += [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }

    static func appendChunk(_ out: inout [UInt8], _ type: String, _ data: [UInt8]) {
        appendBE(&out, UInt32(data.count))
        let typed = Array(type.utf8) + data
        out += typed
        appendBE(&out, typed.withUnsafeBytes { Zlib.crc32($0) })
    }
}
