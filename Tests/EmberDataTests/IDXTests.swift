#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import EmberData

/// An IDX file's bytes: magic `0 0 type rank`, big-endian sizes, then `values`.
func idxBytes(_ shape: [UInt32], _ values: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
    for s in shape { bytes += [UInt8(s >> 24), UInt8(s >> 16 & 255), UInt8(s >> 8 & 255), UInt8(s & 255)] }
    return bytes + values
}

/// A gzip file holding `data` (one member: header, raw DEFLATE, CRC-32, size).
func gzipBytes(_ data: [UInt8]) throws -> [UInt8] {
    let body = try data.withUnsafeBytes { try Zlib.deflateRaw($0) }
    let crc = data.withUnsafeBytes { Zlib.crc32($0) }
    let size = UInt32(data.count)
    let le: (UInt32) -> [UInt8] = { v in (0..<4).map { UInt8(v >> (8 * UInt32($0)) & 255) } }
    return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + body + le(crc) + le(size)
}

func parse(_ bytes: [UInt8]) throws -> IDXArray {
    try bytes.withUnsafeBytes { try parseIDX($0) }
}

/// A fresh temporary folder.
func temporaryFolder() -> String {
    var template = Array("/tmp/ember-data-test-XXXXXX".utf8CString)
    return String(cString: mkdtemp(&template)!)
}

func write(_ bytes: [UInt8], to path: String) {
    let f = fopen(path, "wb")!
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

@Suite struct IDXTests {
    @Test func parsesAGoodFile() throws {
        let a = try parse(idxBytes([2, 3], [1, 2, 3, 4, 5, 6]))
        #expect(a.shape == [2, 3])
        #expect(a.values == [1, 2, 3, 4, 5, 6])
    }

    @Test(arguments: [
        ([UInt8]([0, 0, 8]), "shorter than the 4-byte magic"),
        ([1, 2, 8, 1, 0, 0, 0, 0], "wrong magic number 0x01020801"),
        ([0, 0, 0x0D, 1, 0, 0, 0, 0], "float32 is not supported"),
        ([0, 0, 0x42, 1, 0, 0, 0, 0], "unknown element type 0x42"),
        ([0, 0, 8, 3, 0, 0, 0, 1], "truncated IDX header"),
        (idxBytes([4], [1, 2, 3]), "truncated: it holds 3 of the 4 values"),
        (idxBytes([2], [1, 2, 3]), "has 1 bytes beyond the 2 values"),
        // Lying headers: a count far bigger than the file, and dims whose product overflows.
        (idxBytes([60000, 28, 28], [1, 2, 3]), "holds 3 of the 47040000 values"),
        (idxBytes([0xffff_ffff, 0xffff_ffff, 0xffff_ffff], [0]), "more than"),
    ])
    func rejectsBadFiles(bytes: [UInt8], message: String) {
        #expect {
            _ = try parse(bytes)
        } throws: { error in
            (error as? EmberIOError)?.message.contains(message) == true
        }
    }

    @Test func readsGzippedAndPlainFilesAndNamesTheFileInErrors() throws {
        let dir = temporaryFolder()
        let content = idxBytes([3], [7, 8, 9])
        write(content, to: dir + "/a")
        write(try gzipBytes(content), to: dir + "/a.gz")
        #expect(try readIDX(path: dir + "/a", limit: 100).values == [7, 8, 9])
        #expect(try readIDX(path: dir + "/a.gz", limit: 100).values == [7, 8, 9])
        // A gzip stream that expands beyond the limit stops early.
        #expect(throws: EmberIOError("compressed data expands beyond the expected 10 bytes", path: dir + "/a.gz")) {
            try readIDX(path: dir + "/a.gz", limit: 10)
        }
        // A truncated gzip file.
        let gz = try gzipBytes(idxBytes([400], [UInt8](repeating: 5, count: 400)))
        write(Array(gz.prefix(gz.count / 2)), to: dir + "/t.gz")
        #expect(throws: EmberIOError("compressed data is truncated", path: dir + "/t.gz")) {
            try readIDX(path: dir + "/t.gz", limit: 1000)
        }
        #expect { try readIDX(path: dir + "/missing", limit: 10) } throws: { error in
            (error as? EmberIOError)?.description.hasPrefix(dir + "/missing: cannot open") == true
        }
    }

    /// An MNIST folder of `n` images whose pixel values are `index + row`, and labels `index % 10`.
    func mnistFolder(n: Int, labels: [UInt8]? = nil, gzip: Bool) throws -> String {
        let dir = temporaryFolder()
        var pixels: [UInt8] = []
        for i in 0..<n { for r in 0..<28 { pixels += [UInt8](repeating: UInt8((i + r) % 256), count: 28) } }
        let images = idxBytes([UInt32(n), 28, 28], pixels)
        let labelFile = idxBytes([UInt32(labels?.count ?? n)], labels ?? (0..<n).map { UInt8($0 % 10) })
        for split in ["train", "t10k"] {
            if gzip {
                write(try gzipBytes(images), to: dir + "/\(split)-images-idx3-ubyte.gz")
                write(try gzipBytes(labelFile), to: dir + "/\(split)-labels-idx1-ubyte.gz")
            } else {
                write(images, to: dir + "/\(split)-images-idx3-ubyte")
                write(labelFile, to: dir + "/\(split)-labels-idx1-ubyte")
            }
        }
        return dir
    }

    @Test func mnistReadsAFixtureFolder() throws {
        for gzip in [false, true] {
            let dir = try mnistFolder(n: 12, gzip: gzip)
            let ds = try MNIST(root: dir, train: false)
            #expect(ds.count == 12)
            #expect(ds.data.shape == [12, 28, 28] && ds.data.dtype == .uint8)
            let (image, label) = ds[5]
            #expect(label == 5)
            #expect(image.shape == [28, 28])
            #expect(image[3, 0].item() == 8)
            let t = try MNIST(root: dir, train: true, transform: Compose([ToTensor(), Normalize(mean: [0.5], std: [2])]))
            let (x, _) = t[2]
            #expect(x.shape == [1, 28, 28])
            #expect(x[0, 1, 0].item(Float.self) == (Float(3) / 255 - 0.5) / 2)
            // The batch path equals stacked samples.
            let loader = DataLoader(t, batchSize: 5, shuffle: true, generator: Generator(seed: 1))
            let perSample = DataLoader(t, batchSize: 5, shuffle: true, generator: Generator(seed: 1),
                                       collateFn: { s in (stack(s.map(\.0)), Tensor(s.map { Int64($0.1) }, shape: [s.count])) })
            for (a, b) in zip(loader, perSample) { #expect(a.0.equal(b.0) && a.1.equal(b.1)) }
        }
    }

    @Test func mnistRejectsMismatchedAndBadLabels() throws {
        let dir = try mnistFolder(n: 4, labels: [1, 2, 3], gzip: false)
        #expect(throws: EmberIOError("3 labels for 4 images in \(dir)/train-images-idx3-ubyte", path: dir + "/train-labels-idx1-ubyte")) {
            try MNIST(root: dir)
        }
        let bad = try mnistFolder(n: 2, labels: [1, 12], gzip: true)
        #expect(throws: EmberIOError("label 12 at index 1 is not a class in 0...9", path: bad + "/train-labels-idx1-ubyte.gz")) {
            try MNIST(root: bad)
        }
        let empty = temporaryFolder()
        #expect { try MNIST(root: empty) } throws: { error in
            (error as? EmberIOError)?.description.contains("MNIST file missing") == true
        }
    }

    @Test func mnistTooManyImagesIsRefusedBeforeReading() throws {
        let dir = try mnistFolder(n: 10_001, gzip: true)
        #expect { try MNIST(root: dir, train: false) } throws: { error in
            (error as? EmberIOError)?.message.contains("expands beyond the expected 7840016 bytes") == true
        }
    }
}
