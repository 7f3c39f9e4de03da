#if canImport(Glibc)
import Glibc
#endif
import Ember
import EmberData
import OrderedCollections

/// A reader under test: how to run it on bytes, its seed inputs, and format hints.
struct FuzzReader: @unchecked Sendable {
    let name: String
    /// Nil when the input loaded; the error message when it threw.
    let run: (UnsafeRawBufferPointer) -> String?
    let seeds: () -> [[UInt8]]
    var lengthFields: [(offset: Int, width: Int)] = []
    var tokens: [String] = []
    /// Optionally repairs a length field after a mutation, so deeper checks get reached.
    var fixup: ((inout [UInt8]) -> Void)?
}

enum FuzzReaders {
    static let all: [FuzzReader] = [safetensors, npy, npz, pytorch, idx]

    static let safetensors = FuzzReader(
        name: "safetensors",
        run: { bytes in
            do {
                _ = try Safetensors.decode(bytes)
                return nil
            } catch { return "\(error)" }
        },
        seeds: { sampleStateDicts().map { try! encodeSafetensors($0, metadata: ["format": "pt", "note": "seed"]) } },
        lengthFields: [(0, 8)],
        tokens: ["\"F32\"", "\"BF16\"", "\"BOOL\"", "\"I64\"", "\"U8\"", "\"F16\"", "__metadata__", "\"shape\"", "\"data_offsets\"",
                 "\"dtype\"", "[]", "[0,0]", "{}", "\\u0000", "\\ud800", "null", "-0", "1e400"],
        fixup: { data in
            // Set the header length to where the JSON object closes, as a valid writer would.
            guard data.count > 8, let close = data[8...].firstIndex(where: { $0 == UInt8(ascii: "}") }) else { return }
            var end = close
            // The last '}' before the first byte that is not ASCII text is the header's end.
            var k = 8
            while k < data.count && data[k] >= 0x20 && data[k] < 0x7f { if data[k] == UInt8(ascii: "}") { end = k }; k += 1 }
            let length = UInt64(end - 7)
            for b in 0..<8 { data[b] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(b))) }
        })

    static let npy = FuzzReader(
        name: "npy",
        run: { bytes in
            do {
                _ = try Numpy.decode(bytes)
                return nil
            } catch { return "\(error)" }
        },
        seeds: { sampleStateDicts().flatMap { $0.values }.map { t in roundTrip("npy") { try t.saveNumpy(to: $0) } } },
        lengthFields: [(8, 2)],
        tokens: ["'<f4'", "'>f8'", "'|b1'", "'<f2'", "'|O'", "True", "False", "(,)", "()", "'shape'", "'descr'",
                 "'fortran_order'", "L", "(0,)", "\\x93NUMPY"],
        fixup: { data in
            // Keep the 2-byte header length pointing at the first newline.
            guard data.count > 10, let newline = data[10...].firstIndex(of: 0x0A) else { return }
            let length = newline - 9
            data[8] = UInt8(truncatingIfNeeded: length)
            data[9] = UInt8(truncatingIfNeeded: length >> 8)
        })

    static let npz = FuzzReader(
        name: "npz",
        run: { bytes in
            do {
                _ = try Numpy.decodeArchive(bytes)
                return nil
            } catch { return "\(error)" }
        },
        seeds: { sampleStateDicts().map { sd in
            roundTrip("npz") { try saveNumpyArchive(Dictionary(uniqueKeysWithValues: sd.map { ($0.key, $0.value) }), to: $0) }
        } },
        tokens: ["PK\u{03}\u{04}", "PK\u{01}\u{02}", "PK\u{05}\u{06}", ".npy"])

    static let pytorch = FuzzReader(
        name: "pytorch",
        run: { bytes in
            do {
                _ = try PyTorchFile.decode(bytes)
                return nil
            } catch { return "\(error)" }
        },
        seeds: { [] },
        tokens: ["ctorch._utils\n_rebuild_tensor_v2\n", "cos\nsystem\n", "cbuiltins\neval\n", "torch\nFloatStorage",
                 "q\u{00}", "h\u{00}", "R", "b", "s", "u", "t", ")", "(", "."])

    /// EmberData's IDX reader (MNIST files): magic 0 0 type ndim, big-endian dims, data.
    static let idx = FuzzReader(
        name: "idx",
        run: { bytes in
            do {
                _ = try parseIDX(bytes)
                return nil
            } catch { return "\(error)" }
        },
        seeds: {
            [[0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9],
             [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2] + (0..<8).map { UInt8($0) },
             [0, 0, 8, 0, 42]]
        },
        lengthFields: [(4, 4), (8, 4), (12, 4)],
        tokens: ["\u{00}\u{00}\u{08}\u{03}", "\u{00}\u{00}\u{0D}\u{01}", "\u{FF}\u{FF}\u{FF}\u{FF}"])

    /// A file written by the library's own writer, read back as bytes.
    static func roundTrip(_ ext: String, _ write: (String) throws -> Void) -> [UInt8] {
        let path = "/tmp/ember-fuzz-seed-\(getpid()).\(ext)"
        try! write(path)
        defer { unlink(path) }
        let file = try! MappedFile(path: path)
        return withExtendedLifetime(file) { Array(file.bytes) }
    }

    /// Small state dicts of every dtype, including empty and 0-d tensors.
    static func sampleStateDicts() -> [OrderedDictionary<String, Tensor>] {
        [
            ["w": Tensor([[1.0, 2.0], [3.0, 4.0]]), "b": Tensor([0.5, -0.5])],
            ["i": Tensor([1, 2, 3], dtype: .int32), "l": Tensor([Int64.max, -1]), "u": Tensor([UInt8(0), 255]),
             "m": Tensor([true, false, true])],
            ["h": Tensor([1.5, -2.0], dtype: .float16), "d": Tensor([3.25], dtype: .float64), "s": Tensor(7.0),
             "e": Tensor.zeros([0, 3])],
        ]
    }

    /// A safetensors file's bytes, through the library's own writer.
    static func encodeSafetensors(_ tensors: OrderedDictionary<String, Tensor>, metadata: [String: String]) throws -> [UInt8] {
        let path = "/tmp/ember-fuzz-seed-\(getpid()).safetensors"
        try save(tensors, to: path, metadata: metadata)
        defer { unlink(path) }
        let file = try MappedFile(path: path)
        return withExtendedLifetime(file) { Array(file.bytes) }
    }
}
