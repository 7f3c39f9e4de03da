import Foundation
import Testing
@testable import EmberPlot

@Suite struct TensorBoardTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/events.out.tfevents.fixture")

    static func tempDir() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ember-tb-\(UUID().uuidString)").path
        return dir
    }

    /// The run the fixture holds: every summary kind, at fixed wall times.
    static func writeFixtureRun(_ dir: String) throws -> String {
        let writer = try SummaryWriter(logDir: dir, clock: { 1_700_000_000.5 })
        writer.addScalar("Loss/train", 0.75, globalStep: 0, walltime: 1_700_000_001)
        writer.addScalar("Loss/train", 0.5, globalStep: 1, walltime: 1_700_000_002)
        writer.addScalar("Loss/train", 0.25, globalStep: 2, walltime: 1_700_000_003.25)
        writer.addHistogram("weights", [0.1, 0.2, 0.2, 0.5, 0.9, -0.3], globalStep: 1, bins: 4, walltime: 1_700_000_004)
        let pixels: [UInt8] = (0..<20).map { (i: Int) -> UInt8 in UInt8(i * 12) }
        let digit = Tensor(pixels, shape: [1, 4, 5], dtype: .uint8)
        try writer.addImage("digit", digit, globalStep: 2, walltime: 1_700_000_005)
        writer.addText("notes", "Ember **run** 1", globalStep: 3, walltime: 1_700_000_006)
        try writer.close()
        return writer.eventFilePath
    }

    /// Reads TFRecord framing back, checking both masked CRCs of every record.
    static func records(_ bytes: [UInt8]) -> [[UInt8]]? {
        var out: [[UInt8]] = []
        var pos = 0
        func le32(_ i: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[i + k]) << UInt32(8 * k) }
            return v
        }
        while pos < bytes.count {
            guard pos + 12 <= bytes.count else { return nil }
            var length = 0
            for k in 0..<8 { length |= Int(bytes[pos + k]) << (8 * k) }
            guard CRC32C.masked(bytes[pos..<(pos + 8)]) == le32(pos + 8), pos + 16 + length <= bytes.count else { return nil }
            let data = Array(bytes[(pos + 12)..<(pos + 12 + length)])
            guard CRC32C.masked(data) == le32(pos + 12 + length) else { return nil }
            out.append(data)
            pos += 16 + length
        }
        return out
    }

    @Test func crc32cKnownValues() {
        // The CRC-32C check value (RFC 3720): "123456789" → 0xE3069283.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    }

    @Test func protobufEncoding() {
        var w = ProtoWriter()
        w.int64(2, 300)      // key 0x10, varint 300 = ac 02
        w.string(3, "hi")    // key 0x1a, length 2
        w.double(1, 0)       // proto3 default: omitted
        w.float(4, 1.0)      // key 0x25, 00 00 80 3f
        #expect(w.bytes == [0x10, 0xAC, 0x02, 0x1A, 0x02, 0x68, 0x69, 0x25, 0x00, 0x00, 0x80, 0x3F])
    }

    /// The fixture was written by this code and read back by TensorBoard's own
    /// EventAccumulator (Fixtures/make_tensorboard_fixture.sh); we must reproduce it exactly.
    @Test func writerReproducesTensorBoardVerifiedFixture() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.writeFixtureRun(dir)
        let ours = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        if let out = ProcessInfo.processInfo.environment["EMBER_TB_FIXTURE_OUT"] {
            try Data(ours).write(to: URL(fileURLWithPath: out))
            return
        }
        let expected = try [UInt8](Data(contentsOf: Self.fixture))
        #expect(ours == expected)
        let records = try #require(Self.records(ours))
        #expect(records.count == 7)  // file_version + 3 scalars + histogram + image + text
        // The first record is Event(wall_time=1700000000.5, file_version="brain.Event:2").
        let wallTime: [UInt8] = withUnsafeBytes(of: (1_700_000_000.5 as Double).bitPattern.littleEndian, Array.init)
        var first: [UInt8] = [0x09]
        first += wallTime
        first += [0x1A, 13]
        first += Array("brain.Event:2".utf8)
        #expect(records[0] == first)
        #expect(path.contains("/events.out.tfevents.1700000000."))
    }

    @Test func addScalarsWritesOneRunPerKey() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try SummaryWriter(logDir: dir, clock: { 1_700_000_000 })
        try writer.addScalars("loss", ["train": 0.5, "test": 0.75], globalStep: 1)
        try writer.addScalars("loss", ["train": 0.25, "test": 0.5], globalStep: 2)
        try writer.close()
        for key in ["train", "test"] {
            let sub = dir + "/loss_" + key
            let files = try FileManager.default.contentsOfDirectory(atPath: sub)
            #expect(files.count == 1 && files[0].hasPrefix("events.out.tfevents.1700000000."))
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: sub + "/" + files[0])))
            let records = try #require(Self.records(bytes))
            #expect(records.count == 3)
            // Event{wall_time, step=2, summary{value{tag="loss", simple_value}}}: the tag is the main tag.
            let value: [UInt8] = withUnsafeBytes(of: Float(key == "train" ? 0.25 : 0.5).bitPattern.littleEndian, Array.init)
            var tail: [UInt8] = [0x0A, 0x04]
            tail += Array("loss".utf8)
            tail.append(0x15)
            tail += value
            #expect(Array(records[2].suffix(11)) == tail)
            #expect(records[2].contains(0x10) && records[2][9...10] == [0x10, 0x02])
        }
    }
}
