import Foundation
import OrderedCollections
import Testing
@testable import Ember

/// A safetensors file from a header text and data bytes (the length field is computed).
private func safetensorsBytes(_ header: String, data: [UInt8] = []) -> [UInt8] {
    let h = Array(header.utf8)
    return (0..<8).map { UInt8(truncatingIfNeeded: h.count >> (8 * $0)) } + h + data
}

private func decodeError(_ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBytes { (b) -> String? in
        do {
            _ = try Safetensors.decode(b)
            return nil
        } catch let error as EmberIOError { return error.message } catch { return "\(error)" }
    }
}

@Suite struct SafetensorsTests {
    // Written by safetensors.torch.save_file (make_serialization_fixtures.py); base = arange(6).reshape(2, 3).
    @Test func readsEveryDTypeWrittenByPyTorch() throws {
        let (tensors, metadata) = try loadSafetensors(from: serializationFixture("st_all_dtypes.safetensors"))
        #expect(metadata == ["format": "pt", "source": "ember-fixtures"])
        // save_file orders data by alignment, then name; load returns data order.
        #expect(Array(tensors.keys) == ["int64", "float64", "empty", "float32", "scalar", "int32", "float16", "uint8", "bool"])
        expectExact(tensors["bool"]!, [1, 0, 1, 0, 1, 0], shape: [2, 3], dtype: .bool)
        expectExact(tensors["uint8"]!, [0, 40, 80, 120, 160, 200], shape: [2, 3], dtype: .uint8)
        expectExact(tensors["int32"]!, [-3, -2, -1, 0, 1, 2], shape: [2, 3], dtype: .int32)
        expectExact(tensors["int64"]!, [0, 1, 2, 3, 4, 5].map { $0 * 1_000_000_000_000 }, shape: [2, 3], dtype: .int64)
        expectTensor(tensors["float16"]!, [0, 0.25, 0.5, 0.75, 1, 1.25], shape: [2, 3], dtype: .float16, atol: 0)
        expectTensor(tensors["float32"]!, [0, 1, 2, 3, 4, 5].map { Double(Float($0) / 3) }, shape: [2, 3], dtype: .float32, atol: 0, rtol: 0)
        expectTensor(tensors["float64"]!, [0, 1, 2, 3, 4, 5].map { Double($0) / 7 }, shape: [2, 3], dtype: .float64, atol: 0, rtol: 0)
        expectTensor(tensors["scalar"]!, [1.5], shape: [], dtype: .float32)
        #expect(tensors["empty"]!.shape == [0, 4])
    }

    @Test func roundTripsAStateDictInOrderWithMetadata() throws {
        let dir = temporaryDirectory()
        let path = dir + "/model.safetensors"
        let weight = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        let state: OrderedDictionary<String, Tensor> = [
            "z.weight": weight.t(),                       // a non-contiguous view is written as its elements
            "a.bias": Tensor([0.5, -0.25], dtype: .float64),
            "mask": Tensor([true, false]),
            "count": Tensor(Int64(7)),
            "half": Tensor([1.0, 65504.0], dtype: .float16),
        ]
        try save(state, to: path, metadata: ["epoch": "3", "note": "quote \" and \\ and \n"])
        let (loaded, metadata) = try loadSafetensors(from: path)
        #expect(Array(loaded.keys) == ["z.weight", "a.bias", "mask", "count", "half"])
        #expect(metadata == ["epoch": "3", "note": "quote \" and \\ and \n"])
        expectTensor(loaded["z.weight"]!, [1, 4, 2, 5, 3, 6], shape: [3, 2], dtype: .float32, atol: 0)
        expectTensor(loaded["a.bias"]!, [0.5, -0.25], shape: [2], dtype: .float64, atol: 0)
        expectExact(loaded["mask"]!, [1, 0], shape: [2], dtype: .bool)
        expectExact(loaded["count"]!, [7], shape: [], dtype: .int64)
        expectTensor(loaded["half"]!, [1, 65504], shape: [2], dtype: .float16, atol: 0)
        // The header is padded to 8 bytes and no temporary file is left behind.
        let bytes = readBytes(path)
        #expect(Int(bytes[0]) % 8 == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.safetensors"])
    }

    @Test func writesTheBytesPyTorchWrites() throws {
        // save_file({"a": torch.tensor([1., 2.])}) wrote exactly this file (no metadata).
        let path = temporaryDirectory() + "/a.safetensors"
        try save(["a": Tensor([1.0, 2.0])], to: path)
        let expected = safetensorsBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ",
                                        data: [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40])
        #expect(readBytes(path) == expected)
    }

    @Test func safetensorsFileReadsOneTensorLazily() throws {
        let file = try SafetensorsFile(path: serializationFixture("st_all_dtypes.safetensors"))
        #expect(file.names.count == 9)
        #expect(file.info("int32")! == (.int32, [2, 3]))
        #expect(file.info("missing") == nil)
        expectExact(try file.tensor("uint8"), [0, 40, 80, 120, 160, 200], shape: [2, 3])
        #expect(ioErrorMessage { _ = try file.tensor("nope") } == "no tensor named \"nope\"")
    }

    @Test func rejectsMalformedHeadersWithTheReason() {
        #expect(decodeError([1, 2, 3]) == "file is too short for a safetensors header (3 bytes)")
        #expect(decodeError([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b])
                == "header length 9223372036854775807 exceeds the limit of 100000000 bytes")
        #expect(decodeError([100, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8)) == "header length 100 exceeds the file size (10 bytes)")
        #expect(decodeError(safetensorsBytes("{\"a\":1,}")) == "invalid JSON at byte 7: expected a string key")
        #expect(decodeError(safetensorsBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}", data: [0, 0, 0, 0]))
                == "invalid JSON at byte 60: duplicate key \"a\"")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))
                == "tensor \"w\" has unknown dtype \"Q7\"")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[0,2]}}", data: [0, 0]))
                == "tensor \"w\" has dtype U16, which Ember does not support yet")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))
                == "tensor \"w\" has an invalid dimension -1 in its shape")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))
                == "tensor \"w\" has an invalid dimension 1.5 in its shape")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))
                == "tensor \"w\" shape [4294967296, 4294967296] overflows")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))
                == "tensor \"w\" of dtype F32 and shape [2] needs 8 bytes, but data_offsets [0, 4] hold 4")
        #expect(decodeError(safetensorsBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: [0, 0, 0, 0]))
                == "tensor \"w\" data_offsets [0, 8] exceed the data section (4 bytes)")
        #expect(decodeError(safetensorsBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", data: [0, 0, 0]))
                == "tensor \"b\" data_offsets [1, 3] overlap tensor \"a\"")
        #expect(decodeError(safetensorsBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", data: [0, 0]))
                == "tensor \"a\" data_offsets [1, 2] leave a gap after byte 0")
        #expect(decodeError(safetensorsBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0, 0]))
                == "data section has 1 bytes that no tensor covers")
        #expect(decodeError(safetensorsBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,0]}}", data: [0]))
                == "tensor \"a\" has invalid data_offsets [1,0]")
        #expect(decodeError(safetensorsBytes("{\"__metadata__\":{\"k\":1}}")) == "__metadata__ value for \"k\" is not a string")
        #expect(decodeError(safetensorsBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],\"x\":1}}"))
                == "tensor \"a\" has an unknown field \"x\"")
    }

    @Test func errorsNameTheFile() throws {
        let path = temporaryDirectory() + "/bad.safetensors"
        writeBytes([1, 2, 3], to: path)
        do {
            _ = try load(from: path)
            Issue.record("expected an error")
        } catch let error as EmberIOError {
            #expect(error.description == "\(path): file is too short for a safetensors header (3 bytes)")
        }
        #expect(ioErrorMessage { _ = try load(from: path + ".missing") } == "cannot open: No such file or directory")
    }

    @Test func boolBytesOtherThanZeroOrOneReadAsTrue() throws {
        let bytes = safetensorsBytes("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}", data: [0, 2, 255])
        let t = try bytes.withUnsafeBytes { try Safetensors.decode($0) }.tensors["m"]!
        expectExact(t, [0, 1, 1], shape: [3], dtype: .bool)
    }
}

@Suite struct JSONTests {
    @Test func parsesAndWritesStrictJSON() throws {
        let v = try JSONParser.parse("{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\ud83d\\ude00\\n\"], \"b\": {}}")
        #expect(v == .object(["a": .array([.int(1), .double(-2500), .bool(true), .null, .string("xé😀\n")]), "b": .object([:])]))
        #expect(v.serialized == "{\"a\":[1,-2500.0,true,null,\"xé😀\\n\"],\"b\":{}}")
        #expect(try JSONParser.parse(JSONValue.double(0.1).serialized) == .double(0.1))
    }

    @Test func rejectsWhatTheGrammarForbids() {
        func message(_ text: String) -> String? { ioErrorMessage { _ = try JSONParser.parse(text) } }
        #expect(message("[1,]") == "invalid JSON at byte 3: unexpected character ']'")
        #expect(message("01") == "invalid JSON at byte 1: unexpected data after the JSON value")
        #expect(message("\"\\ud800\"") == "invalid JSON at byte 7: lone surrogate in \\u escape")
        #expect(message("\"a\u{01}\"") == "invalid JSON at byte 3: control character in a string")
        #expect(message("99999999999999999999") == "invalid JSON at byte 20: integer 99999999999999999999 out of range")
        #expect(message("1e999") == "invalid JSON at byte 5: number 1e999 out of range")
        #expect(message(String(repeating: "[", count: 100)) == "invalid JSON at byte 64: nesting deeper than 64")
        #expect(message("{\"a\":1} x") == "invalid JSON at byte 8: unexpected data after the JSON value")
    }
}
