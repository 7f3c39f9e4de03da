#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ember
import EmberNN

/// A user mistake or an environment problem, printed as one line with a non-zero exit.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Checkpoints

/// Writes `checkpoint-epoch-N.safetensors` into `dir` with EmberNN's `Checkpoint`: weights,
/// optimizer state, the default generator (init, Dropout) and the shuffle generator, so a
/// resumed run ends bit-equal to an uninterrupted one. Saving is atomic.
func saveCheckpoint(epoch: Int, model: Module, optimizer: Optimizer, dataGenerator: Generator,
                    kind: ModelKind, in dir: String) throws {
    try Checkpoint(model: model, optimizer: optimizer, epoch: epoch, generator: dataGenerator,
                   metadata: ["model": kind.rawValue]).save(to: checkpointPath(dir, epoch: epoch))
}

/// Restores the latest complete checkpoint in `dir` into the model, optimizer and generators;
/// returns the epochs it had completed.
func resumeFromLatestCheckpoint(in dir: String, model: Module, optimizer: Optimizer,
                                dataGenerator: Generator, kind: ModelKind) throws -> Int {
    guard let epoch = latestCheckpointEpoch(in: dir) else {
        throw CommandError("\(dir): no checkpoint-epoch-N.safetensors to resume from")
    }
    let path = checkpointPath(dir, epoch: epoch)
    let checkpoint = try Checkpoint.load(from: path)
    if let saved = checkpoint.metadata["model"], saved != kind.rawValue {
        throw CommandError("\(path): holds a \(saved) model, not --model \(kind.rawValue)")
    }
    do {
        try checkpoint.restore(model: model, optimizer: optimizer, generator: dataGenerator)
    } catch {
        let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
        throw CommandError("\(path): cannot resume from it (\(detail))")
    }
    return checkpoint.epoch
}

func checkpointPath(_ dir: String, epoch: Int) -> String { dir + "/checkpoint-epoch-\(epoch).safetensors" }

/// The highest N with a `checkpoint-epoch-N.safetensors` in `dir`.
func latestCheckpointEpoch(in dir: String) -> Int? {
    guard let d = opendir(dir) else { return nil }
    defer { closedir(d) }
    var best: Int?
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard name.hasPrefix("checkpoint-epoch-"), name.hasSuffix(".safetensors"),
              let n = Int(name.dropFirst(17).dropLast(12)) else { continue }
        best = Swift.max(best ?? n, n)
    }
    return best
}

// MARK: - Files

/// `mkdir -p` (Ember's), with the CLI's one-line error naming the folder asked for.
func makeRunDirectory(_ path: String) throws {
    do {
        try makeDirectories(path)
    } catch {
        throw CommandError("\(path): \(error.message)")
    }
}

/// Appends one line to a file (metrics.jsonl).
func appendLine(_ line: String, to path: String) throws {
    guard let f = fopen(path, "a") else {
        throw CommandError("\(path): cannot open for writing (\(String(cString: strerror(errno))))")
    }
    defer { fclose(f) }
    fputs(line + "\n", f)
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// `runs/20260101-120000`, from the UTC time now.
func timestampedRunDirectory() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "runs/\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
}

// MARK: - Formatting and time

/// `x` with `digits` decimals (no Foundation in the binary).
func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    guard scaled < 9e15 else { return "\(x)" }
    let n = Int(scaled)
    let whole = n / Int(scale), frac = n % Int(scale)
    var fracText = String(frac)
    while fracText.count < digits { fracText = "0" + fracText }
    let sign = x < 0 && n != 0 ? "-" : ""
    return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fracText)"
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Writes a line to stdout now (stdout is block-buffered when it is not a terminal).
func emit(_ line: String) {
    print(line)
    fflush(nil)  // all streams: `stdout` is a global Swift 6 will not touch
}
