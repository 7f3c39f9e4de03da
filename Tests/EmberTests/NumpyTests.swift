import Foundation
import Testing
@testable import Ember

/// Fixtures written by numpy 2.4 (make_serialization_fixtures.py); base = arange(6).reshape(2, 3).
@Suite struct NumpyTests {
    @Test func readsEveryDTypeNumpyWrote() throws {
        expectExact(try Tensor.loadNumpy(from: serializationFixture("np_b1.npy")), [1, 0, 1, 0, 1, 0], shape: [2, 3], dtype: .bool)
        expectExact(try Tensor.loadNumpy(from: serializationFixture("np_u1.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .uint8)
        expectExact(try Tensor.loadNumpy(from: serializationFixture("np_i4.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .int32)
        expectExact(try Tensor.loadNumpy(from: serializationFixture("np_i8.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .int64)
        expectTensor(try Tensor.loadNumpy(from: serializationFixture("np_f2.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float16, atol: 0)
        expectTensor(try Tensor.loadNumpy(from: serializationFixture("np_f4.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float32, atol: 0)
        expectTensor(try Tensor.loadNumpy(from: serializationFixture("np_f8.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float64, atol: 0)
        expectTensor(try Tensor.loadNumpy(from: serializationFixture("np_scalar_f8.npy")), [2.5], shape: [], dtype: .float64, atol: 0)
    }

    @Test func readsFortranOrderAndBigEndian() throws {
        expectTensor(try Tensor.loadNumpy(from: serializationFixture("np_fortran_f8.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float64, atol: 0)
        expectTensor(try Tensor.loadNumpy(from: serializationFixture("np_3d_f4.npy")), (0..<24).map(Double.init), shape: [2, 3, 4], atol: 0)
        expectExact(try Tensor.loadNumpy(from: serializationFixture("np_big_i4.npy")), [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .int32)
    }

    @Test func writesTheBytesNumpyWrites() throws {
        // np.save of the same arrays gave these files; ours must be byte-identical.
        let dir = temporaryDirectory()
        let cases: [(String, Tensor)] = [
            ("np_f4.npy", Tensor([0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float32)),
            ("np_i8.npy", Tensor([0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .int64)),
            ("np_b1.npy", Tensor([true, false, true, false, true, false], shape: [2, 3])),
            ("np_u1.npy", Tensor([0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .uint8)),
            ("np_f2.npy", Tensor([0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float16)),
            ("np_scalar_f8.npy", Tensor(2.5, dtype: .float64)),
            // Fortran-order input is written in C order; numpy's C-order file of arange(24) differs only in the flag.
        ]
        for (name, t) in cases {
            try t.saveNumpy(to: dir + "/" + name)
            #expect(readBytes(dir + "/" + name) == readBytes(serializationFixture(name)), "\(name)")
        }
        let oneD = dir + "/one.npy"
        try Tensor([1, 2, 3], dtype: .int32).saveNumpy(to: oneD)
        #expect(String(decoding: readBytes(oneD)[10..<70], as: UTF8.self).hasPrefix("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"))
        #expect(readBytes(oneD).count == 128 + 12)
    }

    @Test func readsArchivesStoredAndCompressed() throws {
        for name in ["np_savez.npz", "np_savez_compressed.npz"] {
            let arrays = try loadNumpyArchive(from: serializationFixture(name))
            #expect(Set(arrays.keys) == ["a", "b", "c"])
            expectTensor(arrays["a"]!, [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .float32, atol: 0)
            expectExact(arrays["b"]!, [1, 0], shape: [2], dtype: .bool)
            expectExact(arrays["c"]!, [0, 1, 2, 3, 4, 5], shape: [2, 3], dtype: .int64)
        }
    }

    @Test func archiveRoundTrips() throws {
        let path = temporaryDirectory() + "/arrays.npz"
        try saveNumpyArchive(["x": Tensor([[1.0, 2.0], [3.0, 4.0]]).t(), "y": Tensor([Int64(-1), 5])], to: path)
        let arrays = try loadNumpyArchive(from: path)
        expectTensor(arrays["x"]!, [1, 3, 2, 4], shape: [2, 2], dtype: .float32, atol: 0)
        expectExact(arrays["y"]!, [-1, 5], shape: [2], dtype: .int64)
    }

    @Test func rejectsMalformedFiles() throws {
        func message(_ bytes: [UInt8]) -> String? {
            bytes.withUnsafeBytes { (b) -> String? in
                do { _ = try Numpy.decode(b); return nil } catch let error as EmberIOError { return error.message } catch { return "\(error)" }
            }
        }
        func npy(_ header: String, data: [UInt8] = []) -> [UInt8] {
            let h = Array(header.utf8)
            return NumpyHeader.magic + [1, 0, UInt8(h.count & 0xff), UInt8(h.count >> 8)] + h + data
        }
        #expect(message([1, 2, 3]) == "not a .npy file (no \\x93NUMPY magic)")
        #expect(message(NumpyHeader.magic + [1, 0, 0xff, 0xff]) == ".npy header length 65535 exceeds the file size (10 bytes)")
        #expect(message(NumpyHeader.magic + [9, 0, 0, 0]) == ".npy format version 9.0 is not supported")
        #expect(message(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"))
                == ".npy object arrays are not supported (loading them would need pickle)")
        #expect(message(npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }")) == ".npy dtype '<c16' is not supported")
        #expect(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: [0, 0, 0, 0]))
                == ".npy data has 4 bytes, but dtype <f4 and shape [2] need 8")
        #expect(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"))
                == ".npy header at byte 51: expected a non-negative integer dimension")
        #expect(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"))
                == ".npy shape [4294967296, 4294967296] overflows")
        #expect(message(npy("{'descr': '<f4', 'shape': (1,), }", data: [0, 0, 0, 0]))
                == ".npy header must have exactly the keys descr, fortran_order and shape, found [\"descr\", \"shape\"]")
        #expect(message(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"))
                == ".npy header at byte 10: expected a string, True, False or a tuple")
        #expect(message(npy("__import__('os').system('x')")) == ".npy header at byte 0: expected '{'")
    }

    @Test func archiveErrorsNameTheEntry() throws {
        var bytes = readBytes(serializationFixture("np_savez.npz"))
        // Corrupt a data byte of the first entry: its CRC no longer matches.
        bytes[200] ^= 0xff
        let message = bytes.withUnsafeBytes { (b) -> String in
            do { _ = try Numpy.decodeArchive(b); return "" } catch let error as EmberIOError { return error.message } catch { return "" }
        }
        #expect(message == "entry \"a.npy\": zip: CRC mismatch in entry \"a.npy\"")
        #expect(ioErrorMessage { _ = try [UInt8](repeating: 0, count: 30).withUnsafeBytes { try Numpy.decodeArchive($0) } }
                == "zip: no end of central directory record (not a zip file, or truncated)")
    }
}
