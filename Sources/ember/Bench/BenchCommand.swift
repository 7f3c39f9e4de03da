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

    /// A figure run in a child process of its own (`mnist_mlp`, for a clean peak RSS): prints
    /// its values on one line.
    @Option(help: .hidden)
    var child: String?

    @Option(help: "Comma-separated keys (or key prefixes) to leave out, e.g. mnist_cnn.")
    var skip: String?

    func run() throws {
        if startupProbe {
            if !BenchFigure.startupProbe() { throw ExitCode(1) }
            return
        }
        if child == "mnist_mlp" {
            print(try BenchFigure.mnistMLP().map { "\($0)" }.joined(separator: " "))
            return
        }
        let filters = only?.split(separator: ",").map { String($0).trimmingSpaces } ?? []
        let skipped = skip?.split(separator: ",").map { String($0).trimmingSpaces } ?? []
        let figures = BenchFigure.all.filter { f in
            (filters.isEmpty || f.keys.contains { k in filters.contains { k.hasPrefix($0) } })
                && !f.keys.contains { k in skipped.contains { k.hasPrefix($0) } }
        }
        if figures.isEmpty { throw ValidationError("no bench figure matches --only \(only ?? "")") }
        let timer = BenchTimer(repeats: Swift.max(1, repeats))
        var fields: [(String, Double)] = []
        for figure in figures {
            let values = try figure.measure(timer)
            for (key, value) in zip(figure.keys, values) {
                if !json { printErr("\(key): \(BenchTimer.format(value))") }
                fields.append((key, value))
            }
        }
        print("{" + fields.map { "\"\($0.0)\": \(BenchTimer.format($0.1))" }.joined(separator: ", ") + "}")
    }
}

/// Keys of the JSON object and the work that measures them (one run may give several,
/// as a training run gives its time, accuracy and memory).
struct BenchFigure: Sendable {
    let keys: [String]
    let measure: @Sendable (BenchTimer) throws -> [Double]

    init(key: String, _ measure: @escaping @Sendable (BenchTimer) throws -> Double) {
        keys = [key]
        self.measure = { [try measure($0)] }
    }

    init(keys: [String], _ measure: @escaping @Sendable (BenchTimer) throws -> [Double]) {
        self.keys = keys
        self.measure = measure
    }

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
