/// A decoded PNG: 8-bit samples, row-major, `channels` per pixel (1 gray, 2 gray+alpha,
/// 3 RGB, 4 RGBA; palette images expand to RGB, or RGBA when they carry transparency).
public struct PNGImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var pixels: [UInt8]

    /// A uint8 tensor: H×W for gray, H×W×C otherwise (the layout of `np.array(PIL.Image)`).
    public var tensor: Tensor {
        Tensor(pixels, shape: channels == 1 ? [height, width] : [height, width, channels], dtype: .uint8)
    }
}

/// Reads a PNG file as a uint8 tensor, H×W (gray) or H×W×C (see `PNGImage`), so
/// `ember predict digit.png` can classify a user's own image.
public func readPNG(_ path: String) throws(EmberIOError) -> Tensor {
    try PNG.read(path).tensor
}

extension PNG {
    /// The most pixels a file may claim; larger headers are refused before anything is allocated.
    public static let maxPixels = 1 << 26

    /// Reads and decodes a PNG file.
    public static func read(_ path: String) throws(EmberIOError) -> PNGImage {
        do { return try decode(FileIO.read(path, limit: 1 << 28)) } catch { throw error.path == nil ? error.at(path) : error }
    }

    /// Decodes PNG bytes: gray, gray+alpha, RGB, RGBA at 8 or 16 bits, gray and palette at
    /// 1/2/4/8 bits, every filter type; 16-bit samples keep their high byte. CRCs, chunk
    /// lengths and the decompressed size are checked; Adam7-interlaced files are refused.
    public static func decode(_ bytes: [UInt8]) throws(EmberIOError) -> PNGImage {
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw EmberIOError("not a PNG file (bad signature)") }
        var pos = 8
        var header: (w: Int, h: Int, depth: Int, type: Int)?
        var palette: [UInt8] = []
        var paletteAlpha: [UInt8] = []
        var idat: [UInt8] = []
        var ended = false
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        while !ended {
            guard pos + 12 <= bytes.count else { throw EmberIOError("PNG is truncated (no IEND chunk)") }
            let length = be32(pos)
            guard length <= 0x7fff_ffff, length <= bytes.count - pos - 12 else {
                throw EmberIOError("PNG chunk length \(length) runs past the end of the file")
            }
            let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
            let data = bytes[(pos + 8)..<(pos + 8 + length)]
            let crc = bytes.withUnsafeBytes { Zlib.crc32(UnsafeRawBufferPointer(rebasing: $0[(pos + 4)..<(pos + 8 + length)])) }
            guard crc == UInt32(be32(pos + 8 + length)) else { throw EmberIOError("PNG chunk \(type) has a bad CRC") }
            pos += 12 + length
            if header == nil && type != "IHDR" { throw EmberIOError("PNG does not start with IHDR") }
            switch type {
            case "IHDR":
                guard length == 13 else { throw EmberIOError("PNG IHDR has length \(length), not 13") }
                let s = data.startIndex
                let w = be32(s), h = be32(s + 4), depth = Int(bytes[s + 8]), colorType = Int(bytes[s + 9])
                guard w > 0, h > 0, w <= 1 << 24, h <= 1 << 24, w * h <= maxPixels else {
                    throw EmberIOError("PNG size \(w)×\(h) is out of range (at most \(maxPixels) pixels)")
                }
                let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
                guard let depths = allowed[colorType], depths.contains(depth) else {
                    throw EmberIOError("PNG color type \(colorType) with bit depth \(depth) is invalid")
                }
                guard bytes[s + 10] == 0, bytes[s + 11] == 0 else { throw EmberIOError("PNG compression or filter method is unknown") }
                guard bytes[s + 12] == 0 else { throw EmberIOError("interlaced (Adam7) PNGs are not supported") }
                header = (w, h, depth, colorType)
            case "PLTE":
                guard length % 3 == 0, length > 0, length <= 768 else { throw EmberIOError("PNG palette has length \(length)") }
                palette = Array(data)
            case "tRNS": paletteAlpha = Array(data)
            case "IDAT": idat += data
            case "IEND": ended = true
            default:
                // Unknown critical chunks (uppercase first letter) cannot be skipped safely.
                if let f = type.utf8.first, f >= 65 && f <= 90 { throw EmberIOError("PNG has an unknown critical chunk \(type)") }
            }
        }
        guard let (w, h, depth, colorType) = header else { throw EmberIOError("PNG has no IHDR") }
        let samples = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]!
        let bitsPerPixel = samples * depth
        let stride = (w * bitsPerPixel + 7) / 8
        let bpp = max(1, bitsPerPixel / 8)
        let expected = h * (stride + 1)
        var raw = try idat.withUnsafeBytes { p in Result { () throws(EmberIOError) in try Zlib.gunzip(p, limit: expected) } }.get()
        guard raw.count == expected else { throw EmberIOError("PNG image data has \(raw.count) bytes, expected \(expected)") }
        try unfilter(&raw, height: h, stride: stride, bpp: bpp)
        return try expand(raw, w: w, h: h, depth: depth, colorType: colorType, stride: stride,
                          palette: palette, paletteAlpha: paletteAlpha)
    }

    /// Undoes the per-row filters in place (row r's filter byte at r × (stride + 1)).
    static func unfilter(_ raw: inout [UInt8], height: Int, stride: Int, bpp: Int) throws(EmberIOError) {
        var failed: Int?
        raw.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for y in 0..<height {
                let type = Int(base[y * (stride + 1)])
                let row = base + y * (stride + 1) + 1
                let prior: UnsafeMutablePointer<UInt8>? = y > 0 ? row - stride - 1 : nil
                // One loop per filter type, so debug builds decode at a usable speed.
                switch (type, prior) {
                case (0, _): break
                case (1, _): for i in bpp..<max(bpp, stride) { row[i] = row[i] &+ row[i - bpp] }
                case (2, let up?): for i in 0..<stride { row[i] = row[i] &+ up[i] }
                case (2, nil): break
                case (3, let up?):
                    for i in 0..<stride {
                        let a: UInt16 = i >= bpp ? UInt16(row[i - bpp]) : 0
                        row[i] = row[i] &+ UInt8((a + UInt16(up[i])) >> 1)
                    }
                case (3, nil): for i in bpp..<max(bpp, stride) { row[i] = row[i] &+ (row[i - bpp] >> 1) }
                case (4, let up?):
                    for i in 0..<stride {
                        let a: UInt8 = i >= bpp ? row[i - bpp] : 0, b = up[i], c: UInt8 = i >= bpp ? up[i - bpp] : 0
                        let pa = abs(Int(b) - Int(c)), pb = abs(Int(a) - Int(c)), pc = abs(Int(a) + Int(b) - 2 * Int(c))
                        row[i] = row[i] &+ (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
                    }
                case (4, nil): for i in bpp..<max(bpp, stride) { row[i] = row[i] &+ row[i - bpp] }
                default: failed = type; return
                }
            }
        }
        if let failed { throw EmberIOError("PNG row has unknown filter type \(failed)") }
    }

    /// Unpacks rows to 8-bit samples and expands palettes.
    static func expand(_ raw: [UInt8], w: Int, h: Int, depth: Int, colorType: Int, stride: Int,
                       palette: [UInt8], paletteAlpha: [UInt8]) throws(EmberIOError) -> PNGImage {
        let samples = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]!
        var values = [UInt8](repeating: 0, count: w * h * samples)
        if depth == 8 {
            values.withUnsafeMutableBufferPointer { out in
                raw.withUnsafeBufferPointer { src in
                    for y in 0..<h {
                        (out.baseAddress! + y * w * samples).update(from: src.baseAddress! + y * (stride + 1) + 1, count: w * samples)
                    }
                }
            }
        } else {
        for y in 0..<h {
            let row = y * (stride + 1) + 1
            for i in 0..<(w * samples) {
                switch depth {
                case 8: values[y * w * samples + i] = raw[row + i]
                case 16: values[y * w * samples + i] = raw[row + 2 * i]
                default:
                    let bit = i * depth
                    let v = (raw[row + bit / 8] >> UInt8(8 - depth - bit % 8)) & UInt8((1 << depth) - 1)
                    // Gray below 8 bits scales to 0…255; palette indices stay indices.
                    values[y * w * samples + i] = colorType == 3 ? v : UInt8(Int(v) * 255 / ((1 << depth) - 1))
                }
            }
        }
        }
        guard colorType == 3 else { return PNGImage(width: w, height: h, channels: samples, pixels: values) }
        guard !palette.isEmpty else { throw EmberIOError("palette PNG has no PLTE chunk") }
        let channels = paletteAlpha.isEmpty ? 3 : 4
        var out = [UInt8](repeating: 0, count: w * h * channels)
        for (k, index) in values.enumerated() {
            let i = Int(index)
            guard i * 3 + 2 < palette.count else { throw EmberIOError("PNG pixel uses palette entry \(i) of \(palette.count / 3)") }
            for c in 0..<3 { out[k * channels + c] = palette[i * 3 + c] }
            if channels == 4 { out[k * channels + 3] = i < paletteAlpha.count ? paletteAlpha[i] : 255 }
        }
        return PNGImage(width: w, height: h, channels: channels, pixels: out)
    }
}
