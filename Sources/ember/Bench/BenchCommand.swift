import ArgumentParser
import Ember

/// `ember bench`: times the work of `../shared/bench/reference/` and prints one JSON object
/// (medians of repeats after warm-up). Each figure checks its own result first: a wrong
/// answer is not a fast one.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time core tensor ops; prints one JSON object.")

    @Option(help: "Timed repetitions per figure (the median is reported).")
    var repeats = 5

    @Option(help: "Comma-separated keys (or key prefixes) to run, e.g. sgemm_1024,add_16m_gbps.")
    var only: String?

    @Flag(help: "Print only the JSON object (no progress lines on stderr).")
    var json = false

    /// The child process `startup_ms` spawns: one tensor op, then exit.
    @Flag(help: .hidden)
    var startupProbe = false

    func run() throws {
        if startupProbe {
            if !BenchFigure.startupProbe() { throw ExitCode(1) }
            return
        }
        let filters = only?.split(separator: ",").map { String($0).trimmingSpaces } ?? []
        let figures = BenchFigure.all.filter { f in filters.isEmpty || filters.contains { f.key.hasPrefix($0) } }
        if figures.isEmpty { throw ValidationError("no bench figure matches --only \(only ?? "")") }
        let timer = BenchTimer(repeats: Swift.max(1, repeats))
        var fields: [(String, Double)] = []
        for figure in figures {
            let value = try figure.measure(timer)
            if !json { printErr("\(figure.key): \(BenchTimer.format(value))") }
            fields.append((figure.key, value))
        }
        print("{" + fields.map { "\"\($0.0)\": \(BenchTimer.format($0.1))" }.joined(separator: ", ") + "}")
    }
}

/// One key of the JSON object and the work that measures it.
struct BenchFigure: Sendable {
    let key: String
    let measure: @Sendable (BenchTimer) throws -> Double

    /// Every figure, in output order. Each topic adds its list in its own file.
    static var all: [BenchFigure] { gemm + memory + overhead + training }
}

/// A figure whose result was wrong: the bench stops rather than report its speed.
struct BenchCheckFailed: Error, CustomStringConvertible {
    let description: String
    init(_ key: String, _ detail: String) { description = "bench \(key): wrong result (\(detail))" }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
