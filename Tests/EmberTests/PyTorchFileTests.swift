import Foundation
import Testing
@testable import Ember

/// Files written by torch.save (torch 2.15, make_serialization_fixtures.py).
@Suite struct PyTorchFileTests {
    static let keys = ["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "2.running_mean",
                       "2.running_var", "2.num_batches_tracked"]

    @Test func readsAZipStateDictAndAgreesWithSafetensors() throws {
        let state = try loadPyTorch(from: serializationFixture("pt_state_dict.pt"))
        #expect(Array(state.keys) == Self.keys)
        // Printed by the script: 0.weight[:3], 1.bias.
        #expect(state["0.weight"]!.shape == [2, 3] && state["0.weight"]!.dtype == .float32)
        #expect(Array(state["0.weight"]!.toArray(Double.self).prefix(3)) == [-0.004322517663240433, 0.3097158372402191, -0.4751853346824646])
        expectTensor(state["1.bias"]!, [0.19766759872436523, 0.30001139640808105], shape: [2], atol: 0)
        expectExact(state["2.num_batches_tracked"]!, [7], shape: [], dtype: .int64)
        let reference = try load(from: serializationFixture("pt_state_dict.safetensors"))
        for key in Self.keys {
            #expect(state[key]!.shape == reference[key]!.shape, "\(key)")
            #expect(state[key]!.dtype == reference[key]!.dtype, "\(key)")
            #expect(state[key]!.toArray(Double.self) == reference[key]!.toArray(Double.self), "\(key)")
        }
    }

    @Test func readsLegacyAndDeflatedFiles() throws {
        let reference = try loadPyTorch(from: serializationFixture("pt_state_dict.pt"))
        for name in ["pt_legacy.pt", "pt_deflate.pt"] {
            let state = try loadPyTorch(from: serializationFixture(name))
            #expect(Array(state.keys) == Self.keys, "\(name)")
            for key in Self.keys {
                #expect(state[key]!.toArray(Double.self) == reference[key]!.toArray(Double.self), "\(name) \(key)")
            }
        }
    }

    @Test func viewsKeepOffsetsAndStridesAndShareStorage() throws {
        // x = arange(12.).reshape(3, 4); t = x.t(); s = x[1:, ::2]
        let state = try loadPyTorch(from: serializationFixture("pt_views.pt"))
        expectTensor(state["x"]!, (0..<12).map(Double.init), shape: [3, 4], dtype: .float64, atol: 0)
        expectTensor(state["t"]!, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], shape: [4, 3], atol: 0)
        expectTensor(state["s"]!, [4, 6, 8, 10], shape: [2, 2], atol: 0)
        #expect(state["s"]!.storageOffset == 4 && state["s"]!.stride() == [4, 2])
        #expect(state["x"]!.storage === state["t"]!.storage)
    }

    @Test func refusesGlobalsThatWouldRunCode() {
        let message = ioErrorMessage { _ = try loadPyTorch(from: serializationFixture("pt_malicious.pt")) }
        #expect(message == "refusing to load global 'posix.system': only tensors and (ordered) dicts of them can be loaded, and nothing from the file is ever run")
    }

    @Test func rejectsViewsOutsideTheirStorageAndBadStorages() throws {
        // Hand-made pickles: {'w': _rebuild_tensor_v2(storage of 2 floats, offset 1, size (2,), stride (1,))}.
        func pickle(size: UInt8, storageCount: UInt8) -> [UInt8] {
            var p: [UInt8] = [0x80, 0x02, 0x7D, 0x58, 1, 0, 0, 0, UInt8(ascii: "w")]
            p += Array("ctorch._utils\n_rebuild_tensor_v2\n(".utf8)
            p += [0x28] + [0x58, 7, 0, 0, 0] + Array("storage".utf8) + Array("ctorch\nFloatStorage\n".utf8)
            p += [0x58, 1, 0, 0, 0, UInt8(ascii: "0"), 0x58, 3, 0, 0, 0] + Array("cpu".utf8) + [0x4B, storageCount, 0x74, 0x51]
            p += [0x4B, 1, 0x4B, size, 0x85, 0x4B, 1, 0x85, 0x89, 0x4E, 0x74, 0x52, 0x73, 0x2E]
            return p
        }
        func load(_ pickleBytes: [UInt8], storageBytes: Int = 8) -> String? {
            let dir = temporaryDirectory()
            let path = dir + "/x.pt"
            // A zip archive with data.pkl and one storage, through our own zip writer.
            var writer = try! AtomicFileWriter(path: path)
            var zip = ZipWriter()
            let storage = [UInt8](repeating: 0, count: storageBytes)
            pickleBytes.withUnsafeBytes { p in try! zip.add("x/data.pkl", parts: [p], to: &writer) }
            storage.withUnsafeBytes { s in try! zip.add("x/data/0", parts: [s], to: &writer) }
            try! zip.finish(to: &writer)
            try! writer.commit()
            return ioErrorMessage { _ = try loadPyTorch(from: path) }
        }
        #expect(load(pickle(size: 1, storageCount: 2)) == nil)
        #expect(load(pickle(size: 2, storageCount: 2))
                == "tensor of size [2], stride [1] and offset 1 lies outside its storage of 2 elements")
        #expect(load(pickle(size: 1, storageCount: 2), storageBytes: 4)
                == "storage '0' has 4 bytes, but 2 elements of float32 need 8")
        var evil = pickle(size: 1, storageCount: 2)
        evil.replaceSubrange(9..<(9 + 33), with: Array("cbuiltins\neval\n".utf8))
        #expect(load(evil) == "refusing to load global 'builtins.eval': only tensors and (ordered) dicts of them can be loaded, and nothing from the file is ever run")
    }

    @Test func deepOrCyclicPicklesDoNotCrash() {
        // 200 000 nested one-tuples, then a list that contains itself.
        var deep: [UInt8] = [0x80, 0x02, 0x4E] + [UInt8](repeating: 0x85, count: 200_000) + [0x2E]
        #expect(ioErrorMessage { _ = try deep.withUnsafeBytes { try PyTorchFile.decodePickle($0) } }
                == "the file holds no dict of tensors (torch.save of a state dict is supported)")
        deep = [0x80, 0x02, 0x5D, 0x71, 0, 0x68, 0, 0x61, 0x2E]
        #expect(ioErrorMessage { _ = try deep.withUnsafeBytes { try PyTorchFile.decodePickle($0) } }
                == "the file holds no dict of tensors (torch.save of a state dict is supported)")
    }
}
