// Seeded mutation fuzzing of Ember's file readers. Every input must either load or throw
// an EmberIOError; a crash (trap, bad access) stops the run and the input that caused it is
// written to the output folder first, so it can be replayed.
//
//   swift run -c release EmberFuzz <safetensors|npy|npz|pytorch|idx> --minutes 10 [--seed N] [--corpus DIR] [--out DIR]
//
// pytorch has no built-in seeds: pass --corpus Tests/EmberTests/Fixtures/serialization (its .pt files).
//
// Inputs that give an error message not seen before (digits ignored) are kept in --out:
// a cheap stand-in for coverage feedback, and the regression corpus the tests replay.
#if canImport(Glibc)
import Glibc
#endif
import Ember

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}
let minutes = Double(option("--minutes") ?? "1") ?? 1
let seed = UInt64(option("--seed") ?? "1") ?? 1
let corpusDir = option("--corpus")
let readerName = arguments.first ?? ""
guard let reader = FuzzReaders.all.first(where: { $0.name == readerName }) else {
    print("usage: EmberFuzz <\(FuzzReaders.all.map(\.name).joined(separator: "|"))> --minutes N [--seed N] [--corpus DIR] [--out DIR]")
    exit(2)
}
// The default output folder is git-ignored (.build-*/).
let outDir = option("--out") ?? ".build-fuzz-out/\(reader.name)"
mkdir(".build-fuzz-out", 0o755)
mkdir(outDir, 0o755)

var corpus = reader.seeds()
if let corpusDir { corpus += readDirectory(corpusDir) }
guard !corpus.isEmpty else {
    print("\(reader.name) has no built-in seeds: pass --corpus DIR")
    exit(2)
}
print("\(reader.name): \(corpus.count) seed inputs, \(minutes) minutes, seed \(seed), out \(outDir)")

// The input under test, kept where the crash handler can reach it without allocating.
nonisolated(unsafe) var crashBuffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 24, alignment: 8)
nonisolated(unsafe) var crashLength = 0
nonisolated(unsafe) var crashPath: UnsafeMutablePointer<CChar> = strdup(outDir + "/crash-seed\(seed).bin")!
installCrashHandler()

var mutator = Mutator(random: SeededRandom(state: seed), corpus: corpus, lengthFields: reader.lengthFields,
                      tokens: reader.tokens.map { Array($0.utf8) })
var seenErrors: Set<String> = []
var kept = 0, loaded = 0, iterations = 0
let start = now()
let deadline = start + minutes * 60
var lastReport = start
while now() < deadline {
    for _ in 0..<64 {
        var input = mutator.mutate(corpus[mutator.random.below(corpus.count)])
        if mutator.random.chance(50) { reader.fixup?(&input) }
        if input.count > (1 << 24) { continue }
        crashLength = input.count
        input.withUnsafeBytes { crashBuffer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(crashBuffer), byteCount: $0.count) }
        iterations += 1
        let outcome = input.withUnsafeBytes { reader.run($0) }
        let key = outcome.map { normalise($0) } ?? "loaded"
        if outcome == nil { loaded += 1 }
        if seenErrors.insert(key).inserted && kept < 400 {
            kept += 1
            writeFile("\(outDir)/\(String(kept, radix: 10))-\(String(stableHash(key), radix: 16)).bin", input)
            if input.count < 4096 { corpus.append(input) }
        }
    }
    let t = now()
    if t - lastReport > 30 {
        lastReport = t
        print("\(Int(t - start))s: \(iterations) inputs, \(loaded) loaded, \(seenErrors.count) distinct outcomes")
    }
}
print("done: \(iterations) inputs in \(Int(now() - start))s, \(loaded) loaded, \(seenErrors.count) distinct outcomes, no crash")

// MARK: - Helpers

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Error messages with numbers and quoted names removed, so "byte 17" and "byte 18" count once.
func normalise(_ message: String) -> String {
    var out = ""
    var inQuote = false
    for c in message {
        if c == "\"" { inQuote.toggle(); out.append(c); continue }
        if inQuote || c.isHexDigit { continue }
        out.append(c)
    }
    return out
}

func stableHash(_ s: String) -> UInt32 {
    var h: UInt32 = 2166136261
    for b in s.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
    return h
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return }
    bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

func readDirectory(_ dir: String) -> [[UInt8]] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var result: [[UInt8]] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name.hasPrefix(".") { continue }
        if let file = try? MappedFile(path: dir + "/" + name) { withExtendedLifetime(file) { result.append(Array(file.bytes)) } }
    }
    return result
}

func installCrashHandler() {
    for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
        signal(sig) { sig in
            let fd = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd >= 0 {
                _ = write(fd, crashBuffer, crashLength)
                close(fd)
            }
            let message = "EmberFuzz: crash (signal), input saved\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(128 + sig)
        }
    }
}
