#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress within an epoch: a redrawn bar on a terminal (batches, loss, samples/s, ETA),
/// or a plain line every tenth of the epoch when stdout is a file or a pipe.
struct TrainProgress {
    let epoch: Int
    let epochs: Int
    let batches: Int
    let isTerminal: Bool
    let start = monotonicSeconds()
    private var lastDraw = 0.0
    private var nextPlainLine = 1

    init(epoch: Int, epochs: Int, batches: Int, isTerminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.epoch = epoch
        self.epochs = epochs
        self.batches = batches
        self.isTerminal = isTerminal
    }

    /// After batch `done` (1-based) of `samples` samples so far, with the running mean loss.
    mutating func update(done: Int, samples: Int, loss: Double) {
        let now = monotonicSeconds()
        let elapsed = now - start
        let rate = elapsed > 0 ? Double(samples) / elapsed : 0
        let eta = done > 0 ? elapsed / Double(done) * Double(batches - done) : 0
        if isTerminal {
            guard now - lastDraw >= 0.1 || done == batches else { return }
            lastDraw = now
            let width = 24
            let filled = batches > 0 ? width * done / batches : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = "epoch \(epoch)/\(epochs) [\(bar)] \(done)/\(batches) loss \(fixed(loss, 4)) \(Int(rate)) samples/s ETA \(fixed(eta, 0))s"
            print("\r\u{1B}[K" + line, terminator: "")
            fflush(nil)
        } else if done * 10 >= nextPlainLine * batches {
            while done * 10 >= nextPlainLine * batches { nextPlainLine += 1 }
            emit("epoch \(epoch)/\(epochs) batch \(done)/\(batches) loss \(fixed(loss, 4)) \(Int(rate)) samples/s ETA \(fixed(eta, 0))s")
        }
    }

    /// Clears the bar before the epoch's summary line.
    func finish() {
        if isTerminal {
            print("\r\u{1B}[K", terminator: "")
            fflush(nil)
        }
    }
}
