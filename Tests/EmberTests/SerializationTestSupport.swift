import Foundation
@testable import Ember

/// The path of a committed serialization fixture.
func serializationFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/serialization/\(name)").path
}

/// A fresh empty directory for a test's files.
func temporaryDirectory(_ label: String = #function) -> String {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("ember-\(label.filter { $0.isLetter })-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes raw bytes to a file (for hand-made corrupt inputs).
func writeBytes(_ bytes: [UInt8], to path: String) {
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

func readBytes(_ path: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: path)!)
}

/// Calls `body` with the thrown EmberIOError's message (nil when nothing was thrown).
func ioErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as EmberIOError {
        return error.message
    } catch {
        return "unexpected error type: \(error)"
    }
}
