import Foundation
import Testing
@testable import EmberPlot

@Suite struct PNGTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixtures' pixel formula (make_png_fixtures.py).
    static func value(_ x: Int, _ y: Int, _ c: Int) -> UInt8 {
        let v: Int = x * 37 + y * 91
        let w: Int = c * 53 + x * y * 7
        return UInt8((v + w) % 256)
    }

    static func expected(channels: Int) -> [UInt8] {
        var out: [UInt8] = []
        for y in 0..<10 { for x in 0..<7 { for c in 0..<channels { out.append(value(x, y, c)) } } }
        return out
    }

    @Test func roundTripsEveryChannelCount() throws {
        for channels in 1...4 {
            let (w, h) = (13, 9)
            let count: Int = w * h * channels
            let pixels: [UInt8] = (0..<count).map { (i: Int) -> UInt8 in UInt8((i * 7 + i / 5) % 256) }
            let file = try PNG.encode(pixels, width: w, height: h, channels: channels)
            #expect(Array(file.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let image = try PNG.decode(file)
            #expect(image == PNGImage(width: w, height: h, channels: channels, pixels: pixels))
        }
    }

    @Test func tensorRoundTrip() throws {
        let bytes: [UInt8] = Array(0..<24)
        let t = Tensor(bytes, shape: [2, 4, 3], dtype: .uint8)
        let decoded = try PNG.decode(PNG.encode(t)).tensor
        #expect(decoded.shape == [2, 4, 3])
        #expect(decoded.toArray(UInt8.self) == [UInt8](0..<24))
        // Floats 0…1 scale to 0…255; C×H×W is transposed to rows of pixels.
        let chw = Tensor([0.0, 1.0, 0.5, 0.0], shape: [1, 2, 2])
        let gray = try PNG.decode(PNG.encode(chw, channelsFirst: true))
        #expect(gray.channels == 1 && gray.pixels == [0, 255, 128, 0])
    }

    @Test(arguments: [("gray8.png", 1), ("graya8.png", 2), ("rgb8.png", 3), ("rgba8.png", 4), ("rgb16.png", 3),
                      ("pillow_rgb.png", 3)])
    func decodesFixturesFromAnotherEncoder(name: String, channels: Int) throws {
        let image = try PNG.read(Self.fixtures.appendingPathComponent(name).path)
        #expect(image.width == 7 && image.height == 10 && image.channels == channels)
        #expect(image.pixels == Self.expected(channels: channels))
    }

    @Test func decodesOneBitGrayAndPaletteWithTransparency() throws {
        let gray = try PNG.read(Self.fixtures.appendingPathComponent("gray1.png").path)
        #expect(gray.channels == 1)
        for y in 0..<10 { for x in 0..<7 { #expect(gray.pixels[y * 7 + x] == ((x + y) % 3 == 0 ? 255 : 0)) } }
        let pal = try PNG.read(Self.fixtures.appendingPathComponent("palette4.png").path)
        #expect(pal.channels == 4)
        for y in 0..<10 {
            for x in 0..<7 {
                let i: Int = (x + 2 * y) % 16
                let p: Int = (y * 7 + x) * 4
                let r = UInt8(i * 16), g = UInt8(255 - i * 16)
                let b = UInt8((i * 40) % 256), a = UInt8(255 - i * 10)
                #expect(Array(pal.pixels[p..<(p + 4)]) == [r, g, b, a])
            }
        }
    }

    @Test func readPNGGivesHWorHWCTensors() throws {
        let gray = try readPNG(Self.fixtures.appendingPathComponent("gray8.png").path)
        #expect(gray.shape == [10, 7] && gray.dtype == .uint8)
        let rgb = try readPNG(Self.fixtures.appendingPathComponent("rgb8.png").path)
        #expect(rgb.shape == [10, 7, 3])
        #expect(rgb[9, 6].toArray(UInt8.self) == (0..<3).map { Self.value(6, 9, $0) })
    }

    @Test func rejectsCorruptFiles() throws {
        let good = try PNG.encode([UInt8](repeating: 100, count: 16), width: 4, height: 4, channels: 1)
        // A flipped byte in IHDR's data fails its CRC.
        var badCRC = good; badCRC[20] ^= 1
        #expect(throws: EmberIOError.self) { try PNG.decode(badCRC) }
        // Truncated: no IEND.
        #expect(throws: EmberIOError.self) { try PNG.decode(Array(good.prefix(good.count - 12))) }
        #expect(throws: EmberIOError.self) { try PNG.decode(Array("not a png at all".utf8)) }
        // A header claiming 60000×60000 pixels (with a valid CRC) is refused before allocating.
        var huge = good
        let size: [UInt8] = [0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60]
        for (i, b) in size.enumerated() { huge[16 + i] = b }
        let crc = huge.withUnsafeBytes { Zlib.crc32(UnsafeRawBufferPointer(rebasing: $0[12..<29])) }
        for i in 0..<4 { huge[29 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(24 - 8 * i)) }
        #expect { try PNG.decode(huge) } throws: { ($0 as? EmberIOError)?.message.contains("out of range") == true }
        // A chunk length running past the end of the file.
        var long = good; long[8] = 0x7f
        #expect(throws: EmberIOError.self) { try PNG.decode(long) }
        // Row filter type 9 does not exist.
        let rows: [UInt8] = [9, 1, 2]
        var bad = PNG.signature
        PNG.appendChunk(&bad, "IHDR", [0, 0, 0, 2, 0, 0, 0, 1, 8, 0, 0, 0, 0])
        PNG.appendChunk(&bad, "IDAT", try PNG.zlibCompress(rows))
        PNG.appendChunk(&bad, "IEND", [])
        #expect { try PNG.decode(bad) } throws: { ($0 as? EmberIOError)?.message.contains("filter type 9") == true }
        // Image data shorter than the header promises.
        var short = PNG.signature
        PNG.appendChunk(&short, "IHDR", [0, 0, 0, 4, 0, 0, 0, 4, 8, 0, 0, 0, 0])
        PNG.appendChunk(&short, "IDAT", try PNG.zlibCompress([0, 1, 2, 3, 4]))
        PNG.appendChunk(&short, "IEND", [])
        #expect(throws: EmberIOError.self) { try PNG.decode(short) }
    }

    @Test func adler32KnownValue() {
        // zlib.adler32(b"Wikipedia") == 0x11E60398
        #expect(PNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }
}
