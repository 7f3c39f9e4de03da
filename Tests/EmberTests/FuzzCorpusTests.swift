import Foundation
import Testing
@testable import Ember

/// Replays the inputs EmberFuzz kept (Fixtures/fuzz-corpus/<reader>/, each a distinct error
/// or an input that loaded): every one must load or throw an EmberIOError, never crash.
@Suite struct FuzzCorpusTests {
    static let readers: [(String, @Sendable (UnsafeRawBufferPointer) throws -> Void)] = [
        ("safetensors", { _ = try Safetensors.decode($0) }),
        ("npy", { _ = try Numpy.decode($0) }),
        ("npz", { _ = try Numpy.decodeArchive($0) }),
        ("pytorch", { _ = try PyTorchFile.decode($0) }),
    ]

    @Test(arguments: readers.map(\.0))
    func corpusInputsLoadOrThrow(reader: String) throws {
        let run = Self.readers.first { $0.0 == reader }!.1
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz-corpus/\(reader)").path
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty)
        var threw = 0
        for name in names {
            let bytes = [UInt8](FileManager.default.contents(atPath: dir + "/" + name)!)
            do {
                try bytes.withUnsafeBytes { try run($0) }
            } catch is EmberIOError {
                threw += 1
            } catch {
                Issue.record("\(name): unexpected error \(error)")
            }
        }
        // Most kept inputs are distinct failures; a few are mutations that still load.
        #expect(threw > 0)
    }
}
