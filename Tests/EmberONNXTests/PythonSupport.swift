import Foundation
import Testing

/// The Python side of the ONNX checks: a venv with numpy, onnx and onnxruntime (`.ci/run` makes
/// `<repo>/.venv-onnx`), and `onnx_check.py` beside this file, which runs onnx.checker (full
/// check) and onnxruntime on a folder that a test wrote:
///
///     model.onnx
///     inputs.npz    expected.npz      (graph input names -> arrays, graph output names -> arrays)
///     inputs_1.npz  expected_1.npz    (more pairs, e.g. other batch sizes, paired by suffix)
///
/// Without the venv a test is skipped locally but fails in CI (`CI=true`):
///
///     @Test(.onnxRuntime) func linearExports() throws {
///         try ONNXPython.requirePython()          // fails here in CI when the venv is missing
///         try ONNXPython.withTempFolder { folder in
///             // write folder/model.onnx, folder/inputs.npz, folder/expected.npz
///             let report = try ONNXPython.check(folder: folder)
///             #expect(report.contains("checker: ok"))
///         }
///     }
enum ONNXPython {
    /// The package root: this file is `<repo>/Tests/EmberONNXTests/PythonSupport.swift`.
    static let repoRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `onnx_check.py`, beside this file.
    static let script: String = repoRoot + "/Tests/EmberONNXTests/onnx_check.py"

    /// Why a test cannot run, and how to fix it.
    static let missingMessage: String =
        "onnx/onnxruntime venv missing: run .ci/run or "
        + "`python3 -m venv .venv-onnx && .venv-onnx/bin/pip install onnx onnxruntime numpy`"
        + " (or set EMBER_ONNX_PYTHON to a python that has them); \(located.diagnosis)"

    /// The venv's interpreter: `$EMBER_ONNX_PYTHON` if set, else `<repo>/.venv-onnx/bin/python`;
    /// nil unless it exists and `import onnx, onnxruntime, numpy` works. Looked up once.
    static var python: String? { located.path }

    /// Whether the interpreter is there (for `.enabled(if:)`; see `Trait.onnxRuntime`).
    static let available: Bool = python != nil

    /// Whether this is a CI run (`CI=true`): a missing venv then fails tests instead of skipping them.
    static let isCI: Bool = ProcessInfo.processInfo.environment["CI"] == "true"

    private static let located: (path: String?, diagnosis: String) = locate()

    private static func locate() -> (path: String?, diagnosis: String) {
        let environment = ProcessInfo.processInfo.environment
        let candidate: String
        let origin: String
        if let fromEnvironment = environment["EMBER_ONNX_PYTHON"], !fromEnvironment.isEmpty {
            candidate = fromEnvironment
            origin = "$EMBER_ONNX_PYTHON"
        } else {
            candidate = repoRoot + "/.venv-onnx/bin/python"
            origin = "the repo's venv"
        }
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            return (nil, "\(origin) \(candidate) does not exist")
        }
        do {
            let result = try runProcess(candidate, ["-c", "import onnx, onnxruntime, numpy"], timeout: 120)
            if result.status == 0 { return (candidate, "using \(candidate)") }
            let why = (result.stderr + result.stdout).split(separator: "\n").last.map(String.init) ?? "exit \(result.status)"
            return (nil, "\(origin) \(candidate) cannot import them: \(why)")
        } catch {
            return (nil, "\(origin) \(candidate) does not run: \(error)")
        }
    }

    // MARK: Skipping locally, failing in CI

    /// The interpreter, or a failed `#require` naming the fix. Call it first in every test that
    /// carries `.onnxRuntime`: locally the trait has already skipped the test when the venv is
    /// missing; in CI the trait lets it run, and this fails it.
    @discardableResult
    static func requirePython(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(python, Comment(rawValue: missingMessage), sourceLocation: sourceLocation)
    }

    /// The same rule without throwing: true when the interpreter is there; false when it is not,
    /// after recording an issue (a failure) in CI. Locally a missing venv just returns false:
    /// `guard ONNXPython.requireOrSkip() else { return }` (the `.onnxRuntime` trait normally
    /// skipped the test before it began).
    static func requireOrSkip(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if python != nil { return true }
        if isCI { Issue.record(Comment(rawValue: missingMessage), sourceLocation: sourceLocation) }
        return false
    }

    // MARK: Running onnx_check.py

    /// What `onnx_check.py` or another Python command printed when it failed (or could not run).
    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32?
        let output: String
        var description: String {
            let how = status.map { "exited with \($0)" } ?? "did not run"
            return "\(command) \(how):\n\(output)"
        }
    }

    /// Runs `onnx_check.py FOLDER --rtol --atol` (checker, onnxruntime, every inputs*/expected*
    /// pair) and returns its stdout (one line per check). Throws `Failure` with stdout and stderr
    /// when anything fails (exit 1) or the venv is missing.
    @discardableResult
    static func check(folder: String, rtol: Double = 1e-4, atol: Double = 1e-5) throws -> String {
        try runScript([folder, "--rtol", "\(rtol)", "--atol", "\(atol)"])
    }

    /// `onnx_check.py FOLDER --print-io`: the graph inputs (initializers left out) and outputs as
    /// JSON, without the `IO: ` prefix: `{"inputs":[{"name":"x","elem_type":"FLOAT","shape":["batch",3]}],
    /// "outputs":[...]}`; a shape item is an Int (dim_value), a String (dim_param) or null.
    static func io(folder: String) throws -> String {
        let output = try runScript([folder, "--print-io"])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("IO: ") }) else {
            throw Failure(command: "onnx_check.py \(folder) --print-io", status: 0, output: "no `IO: ` line in:\n\(output)")
        }
        return String(line.dropFirst(4))
    }

    /// `io(folder:)` decoded.
    static func graphIO(folder: String) throws -> GraphIO {
        try JSONDecoder().decode(GraphIO.self, from: Data(io(folder: folder).utf8))
    }

    /// The graph's inputs and outputs as `--print-io` prints them.
    struct GraphIO: Decodable, Equatable {
        struct Value: Decodable, Equatable {
            let name: String
            /// `TensorProto.DataType` name: "FLOAT", "INT64", "BOOL", ...
            let elem_type: String
            /// nil: rank unknown.
            let shape: [Dim]?
        }
        enum Dim: Decodable, Equatable, CustomStringConvertible {
            case value(Int)      // dim_value
            case param(String)   // dim_param: a named dynamic axis
            case unknown         // neither
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if c.decodeNil() { self = .unknown }
                else if let v = try? c.decode(Int.self) { self = .value(v) }
                else { self = .param(try c.decode(String.self)) }
            }
            var description: String {
                switch self {
                case .value(let v): "\(v)"
                case .param(let p): p
                case .unknown: "?"
                }
            }
        }
        let inputs: [Value]
        let outputs: [Value]
    }

    /// Runs the venv's python with `arguments` (e.g. `["-c", code, folder]`) and returns stdout;
    /// throws `Failure` with stdout and stderr on a non-zero exit or when the venv is missing.
    @discardableResult
    static func runPython(_ arguments: [String], timeout: Double = 600) throws -> String {
        guard let python else {
            throw Failure(command: "python", status: nil, output: missingMessage)
        }
        let result = try runProcess(python, arguments, timeout: timeout)
        guard result.status == 0 else {
            let shown = arguments.first == "-c" ? "python -c …" : "python " + arguments.joined(separator: " ")
            throw Failure(command: shown, status: result.status, output: result.combined)
        }
        return result.stdout
    }

    private static func runScript(_ arguments: [String]) throws -> String {
        do {
            return try runPython([script] + arguments)
        } catch let failure as Failure {
            throw Failure(command: "onnx_check.py " + arguments.joined(separator: " "),
                          status: failure.status, output: failure.output)
        }
    }

    // MARK: Temporary folders

    private static let tempPrefix = "ember-onnx-"

    /// A new, empty folder `<system temp>/ember-onnx-XXXXXX`.
    static func makeTempFolder() throws -> String {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base + "/" + tempPrefix + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(command: "mkdtemp in \(base)", status: nil, output: String(cString: strerror(errno)))
        }
        return String(cString: made)
    }

    /// Removes a folder that `makeTempFolder` made (anything else is left alone).
    /// `EMBER_ONNX_KEEP=1` keeps it, printing its path, to look at a failing export.
    static func removeTempFolder(_ folder: String) {
        guard URL(fileURLWithPath: folder).lastPathComponent.hasPrefix(tempPrefix) else { return }
        if ProcessInfo.processInfo.environment["EMBER_ONNX_KEEP"] == "1" {
            print("EMBER_ONNX_KEEP: kept \(folder)")
            return
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `body` with a new temp folder, removed afterwards even when `body` throws.
    static func withTempFolder<T>(_ body: (String) throws -> T) throws -> T {
        let folder = try makeTempFolder()
        defer { removeTempFolder(folder) }
        return try body(folder)
    }

    // MARK: Processes

    private struct ProcessResult {
        let status: Int32
        let stdout: String
        let stderr: String
        var combined: String {
            stderr.isEmpty ? stdout : stdout + (stdout.hasSuffix("\n") || stdout.isEmpty ? "" : "\n") + "[stderr]\n" + stderr
        }
    }

    /// Collects a pipe's bytes on another thread (stdout and stderr are drained together, so a
    /// chatty child cannot block on a full pipe).
    private final class Drain: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            DispatchQueue.global().async {
                let bytes = handle.readDataToEndOfFile()
                self.lock.withLock { self.data = bytes }
                self.done.signal()
            }
        }
        func wait() -> String {
            done.wait()
            return lock.withLock { String(decoding: data, as: UTF8.self) }
        }
    }

    private static func runProcess(_ executable: String, _ arguments: [String], timeout: Double) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let outDrain = Drain(out.fileHandleForReading), errDrain = Drain(err.fileHandleForReading)
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            finished.wait()
        }
        let stdout = outDrain.wait(), stderr = errDrain.wait()
        if timedOut {
            throw Failure(command: executable + " " + arguments.joined(separator: " "), status: nil,
                          output: "killed after \(Int(timeout)) s\n" + stdout + stderr)
        }
        return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test when the onnx/onnxruntime venv is there, or in CI (`CI=true`), where the
    /// test's `try ONNXPython.requirePython()` then fails it; skips it locally otherwise.
    static var onnxRuntime: Self {
        .enabled(if: ONNXPython.available || ONNXPython.isCI, Comment(rawValue: ONNXPython.missingMessage))
    }
}
