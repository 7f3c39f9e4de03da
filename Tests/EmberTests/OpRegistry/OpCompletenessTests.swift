import Foundation
import Testing
@testable import Ember

/// Every public op of `Ember` has a registry row: the public declarations of Sources/Ember are
/// read at test time, so an op added later without a row fails here, by name.
@Suite struct OpCompletenessTests {
    @Test func everyPublicOpHasARow() throws {
        let api = try PublicAPIScan.scan()
        #expect(api.count > 200, "the scan found only \(api.count) public names: is the source tree there?")
        let covered = Set(OpRegistry.rows.flatMap { $0.apis.map(\.name) })
        let missing = api.keys.filter { covered.contains($0) == false && OpExclusions.reasons[$0] == nil }.sorted()
        for name in missing {
            Issue.record("public op \(name) (\(api[name]!)) has no row in the op registry (Tests/EmberTests/OpRegistry)")
        }
        // The lists stay honest: no row or exclusion names something that is not public API,
        // and nothing is both tested and excluded.
        for name in covered.subtracting(api.keys).sorted() { Issue.record("registry row names \(name), which is not public API") }
        for name in Set(OpExclusions.reasons.keys).subtracting(api.keys).sorted() {
            Issue.record("exclusion \(name) is not public API any more")
        }
        for name in covered.intersection(OpExclusions.reasons.keys).sorted() { Issue.record("\(name) is both excluded and tested") }
        let byCategory = Dictionary(grouping: OpExclusions.reasons.keys, by: { OpExclusions.reasons[$0]! })
        print("op registry completeness: \(api.count) public names, \(covered.count) with rows, \(OpExclusions.reasons.count) excluded ("
              + byCategory.keys.sorted().map { "\($0) \(byCategory[$0]!.count)" }.joined(separator: ", ") + ")")
    }
}

/// The public functions, subscripts, operators, initialisers and properties declared at top
/// level, on `Tensor` and on `Linalg` in Sources/Ember (other types' members, such as
/// `Generator`'s or `DType`'s, are not tensor ops), keyed as the registry names them:
/// `exp`, `Tensor.exp`, `Linalg.inv`, `+`, `prefix -`, `Tensor.subscript`, `Tensor.init`.
enum PublicAPIScan {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Ember")

    /// name -> the file declaring it first.
    static func scan() throws -> [String: String] {
        let typeDecl = try Regex(#"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|final|open|indirect)\s+)*(?:extension|class|struct|enum|protocol|actor)\s+(\w+)"#)
        let function = try Regex(#"(?:^|\s)public\s+(?:(?:static|class|final|override|nonisolated|mutating)\s+)*(?:(prefix|postfix|infix)\s+)?func\s+([A-Za-z_`][\w`]*|[^\s(A-Za-z_`]+)"#)
        let subscriptDecl = try Regex(#"(?:^|\s)public\s+(?:(?:static|class|final|override|nonisolated)\s+)*subscript\b"#)
        let property = try Regex(#"(?:^|\s)public\s+(?:(?:static|class|final|override|nonisolated)\s+)*(?:(?:internal|private|fileprivate|package)\(set\)\s+)?(?:var|let)\s+(\w+)"#)
        let initializer = try Regex(#"(?:^|\s)public\s+(?:(?:convenience|required|override)\s+)*init\b"#)
        var names: [String: String] = [:]
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            var scopes: [String?] = []  // the type each open brace belongs to (nil: a body)
            var pending: String?
            // `_`-prefixed names are protocol plumbing (`_tensorIndex`), not API.
            func add(_ name: String) {
                if !name.split(separator: ".").last!.hasPrefix("_") && names[name] == nil { names[name] = file.lastPathComponent }
            }
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let code = stripCommentsAndStrings(String(raw))
                var scope = scopes.last ?? "TOP"
                if let m = code.firstMatch(of: typeDecl), let name = m.output[1].substring {
                    pending = String(name)
                    // `extension UInt8: … { public static var … }` on one line: its members.
                    if code.contains("{") { scope = pending }
                }
                if scope == "TOP" || scope == "Tensor" || scope == "Linalg" {
                    let owner = scope == "TOP" ? "" : scope! + "."
                    for m in code.matches(of: function) {
                        let name = String(m.output[2].substring!).replacingOccurrences(of: "`", with: "")
                        if name.first!.isLetter || name.first == "_" {
                            add(owner + name)
                        } else {
                            add((m.output[1].substring == "prefix" ? "prefix " : "") + name)
                        }
                    }
                    if code.contains(subscriptDecl) { add(owner + "subscript") }
                    for m in code.matches(of: property) { add(owner + String(m.output[1].substring!)) }
                    if code.contains(initializer) { add(owner + "init") }
                }
                for c in code {
                    if c == "{" { scopes.append(pending); pending = nil }
                    if c == "}", !scopes.isEmpty { scopes.removeLast() }
                }
            }
        }
        return names
    }

    /// The line without `//` comments and without the contents of string literals, so their
    /// braces and words do not count.
    static func stripCommentsAndStrings(_ line: String) -> String {
        var out = ""
        var inString = false, escaped = false
        var previous: Character = " "
        for c in line {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            if c == "/" && previous == "/" { out.removeLast(); break }
            if c == "\"" { inString = true } else { out.append(c) }
            previous = c
        }
        return out
    }
}

/// Public API that is not a tensor op, with why: each is tested by its own suite.
enum OpExclusions {
    static let reasons: [String: String] = {
        var r: [String: String] = [:]
        func put(_ category: String, _ names: [String]) { for n in names { r[n] = category } }
        // Layout and bookkeeping of a tensor, not computations.
        put("metadata", ["Tensor.size", "Tensor.stride", "Tensor.shape", "Tensor.strides", "Tensor.storage",
                         "Tensor.storageOffset", "Tensor.dtype", "Tensor.device", "Tensor.ndim", "Tensor.count",
                         "Tensor.isContiguous", "Tensor.description"])
        // Reading values out into Swift.
        put("readout", ["Tensor.item", "Tensor.toArray"])
        // Graph state and gradient machinery (AutogradTests, GradcheckTests).
        put("autograd", ["Tensor.grad", "Tensor.gradFn", "Tensor.requiresGrad", "Tensor.requiresGrad_", "Tensor.isLeaf",
                         "Tensor.retainsGrad", "Tensor.retainGrad", "Tensor.backward", "Tensor.registerHook",
                         "Tensor.detach_", "Tensor.data", "noGrad", "enableGrad", "setGradEnabled", "isGradEnabled",
                         "gradcheck", "gradgradcheck"])
        // Files (SafetensorsTests, NumpyTests, PyTorchFileTests).
        put("io", ["save", "load", "loadSafetensors", "loadPyTorch", "loadNumpyArchive", "saveNumpyArchive",
                   "Tensor.loadNumpy", "Tensor.saveNumpy"])
        // Generator state (RandomTests).
        put("rng-state", ["manualSeed", "initialSeed", "getRNGState", "setRNGState", "defaultGenerator"])
        // Process-wide settings.
        put("config", ["setNumThreads", "getNumThreads", "setPrintOptions", "printOptions", "setDefaultDType",
                       "defaultDType", "emberVersion"])
        // Error reporting.
        put("error", ["emberFatal"])
        return r
    }()
}
