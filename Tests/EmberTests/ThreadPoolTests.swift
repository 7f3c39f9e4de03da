import Testing
@testable import Ember

@Suite(.serialized) struct ThreadPoolTests {
    @Test func everyTaskRunsExactlyOnce() {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        setNumThreads(2)
        let tasks = 1000
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: tasks)
        hits.initialize(repeating: 0, count: tasks)
        defer { hits.deallocate() }
        let before = ThreadPool.shared.workerTaskCount
        for _ in 0..<20 {
            ThreadPool.shared.parallelFor(tasks) { t in
                // Enough work per task that the worker thread gets some of them.
                var x = 0.0
                for i in 0..<2000 { x += Double(i & 7) }
                if x >= 0 { hits[t] += 1 }
            }
        }
        #expect((0..<tasks).allSatisfy { hits[$0] == 20 })
        #expect(ThreadPool.shared.workerTaskCount > before, "the second thread ran no task")
    }

    @Test func nestedCallsRunInline() {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        setNumThreads(2)
        let cells = UnsafeMutablePointer<Int>.allocate(capacity: 16)
        cells.initialize(repeating: 0, count: 16)
        defer { cells.deallocate() }
        ThreadPool.shared.parallelFor(4) { outer in
            ThreadPool.shared.parallelFor(4) { inner in cells[outer * 4 + inner] = outer * 4 + inner + 1 }
        }
        #expect((0..<16).map { cells[$0] } == Array(1...16))
    }

    @Test func oneThreadRunsOnTheCaller() {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        setNumThreads(1)
        #expect(getNumThreads() == 1)
        let before = ThreadPool.shared.workerTaskCount
        var sum = 0
        ThreadPool.shared.parallelFor(100) { sum += $0 }
        #expect(sum == 4950)
        #expect(ThreadPool.shared.workerTaskCount == before)
    }

    @Test func nonPositiveThreadCountTraps() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            setNumThreads(0)
        } .map { result in
            #expect(String(decoding: result.standardErrorContent, as: UTF8.self)
                .contains("set_num_threads expects a positive integer"))
        }
    }
}

struct ZlibTests {
    // python3 -c "import gzip; print(list(gzip.compress(b'hello ember '*3, mtime=0)))"
    static let gz: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x48, 0xcd, 0x4d, 0x4a, 0x2d, 0x52, 0xc8, 0xc0, 0xc1, 0x06, 0x00, 0x77, 0xe5, 0xcf, 0xdf, 0x24,
        0x00, 0x00, 0x00,
    ]

    @Test func gunzipsAFileMadeByPython() throws {
        let out = try Self.gz.withUnsafeBytes { try Zlib.gunzip($0, limit: 100) }
        #expect(String(decoding: out, as: UTF8.self) == String(repeating: "hello ember ", count: 3))
    }

    @Test func truncatedAndOversizedStreamsAreErrors() {
        let cut = Array(Self.gz.prefix(20))
        #expect(throws: EmberIOError("compressed data is truncated")) {
            try cut.withUnsafeBytes { try Zlib.gunzip($0, limit: 100) }
        }
        #expect(throws: EmberIOError("compressed data expands beyond the expected 10 bytes")) {
            try Self.gz.withUnsafeBytes { try Zlib.gunzip($0, limit: 10) }
        }
        var bad = Self.gz
        bad[12] ^= 0xff
        #expect(throws: EmberIOError.self) { try bad.withUnsafeBytes { try Zlib.gunzip($0, limit: 100) } }
    }

    @Test func rawDeflateRoundTripsAndCRCMatchesZip() throws {
        let text = Array(String(repeating: "ember tensors ", count: 50).utf8)
        let packed = try text.withUnsafeBytes { try Zlib.deflateRaw($0) }
        #expect(packed.count < text.count / 4)
        let back = try packed.withUnsafeBytes { try Zlib.inflateRaw($0, limit: text.count) }
        #expect(back == text)
        // python3 -c "import zlib; print(zlib.crc32(b'hello ember '*3))"
        let crc = Array(String(repeating: "hello ember ", count: 3).utf8).withUnsafeBytes { Zlib.crc32($0) }
        #expect(crc == 0xdfcfe577)
    }
}
