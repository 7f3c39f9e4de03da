#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Median-of-repeats timing, after warm-up runs that are not counted.
struct BenchTimer: Sendable {
    let repeats: Int

    /// Seconds per call of `body`: the median over `repeats` samples, each sample running
    /// `body` `inner` times (for sub-microsecond work).
    func median(warmup: Int = 2, inner: Int = 1, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        // Warm up for at least a quarter second too: a fresh process's first 100 ms of
        // vector work run measurably slower (caches, page tables, the core's clock), which
        // a PyTorch script has long left behind by the time it times anything.
        let start = clock.now
        var runs = 0
        while runs < warmup || (warmup > 0 && clock.now - start < .milliseconds(250)) {
            body()
            runs += 1
        }
        var samples: [Double] = []
        for _ in 0..<repeats {
            let d = clock.measure { for _ in 0..<inner { body() } }
            samples.append((Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) / Double(inner))
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// Three significant decimals, as JSON.
    static func format(_ v: Double) -> String {
        if !v.isFinite { return "null" }
        return "\((v * 1000).rounded() / 1000)"
    }
}

/// Progress goes to stderr so stdout stays one JSON object.
func printErr(_ s: String) {
    let line = s + "\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}
