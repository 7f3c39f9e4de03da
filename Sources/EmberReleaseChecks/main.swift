// Checks too heavy for a debug build, run by .ci/run in release mode:
// a 100,000-op chain backpropagates (no recursion in the engine or in freeing the graph),
// 1,000 training steps of a small model leave the count of live tensors/nodes constant, and
// the live counts (kept per thread) add up across threads.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ember

var passed = 0, failed = 0

@MainActor func check(_ name: String, _ body: () -> String?) {
    if let problem = body() {
        failed += 1
        print("FAIL \(name): \(problem)")
    } else {
        passed += 1
        print("ok   \(name)")
    }
}

check("deep chain of 100,000 ops backpropagates") {
    let x = Tensor(1.0, dtype: .float64, requiresGrad: true)
    var y = x
    for _ in 0..<100_000 { y = y * 1.00001 }
    y.backward()
    let expected = pow1p(1e-5, 100_000)
    let got = x.grad!.item()
    y = Tensor(0.0)  // frees the chain; must not overflow the stack
    return Swift.abs(got - expected) < 1e-9 * expected ? nil : "grad \(got), expected \(expected)"
}

check("a 100,000-op chain never backpropagated frees without recursion") {
    let (tensors, nodes) = (MemoryDiagnostics.liveTensors, MemoryDiagnostics.liveNodes)
    do {
        let x = Tensor(0.5, dtype: .float64, requiresGrad: true)
        var y = x
        // sin saves its input, so the chain runs through saved tensors as well as edges.
        for _ in 0..<100_000 { y = (y * 0.5).sin() }
    }
    let now = (MemoryDiagnostics.liveTensors, MemoryDiagnostics.liveNodes)
    return now == (tensors, nodes) ? nil : "live tensors, nodes \(now), before \((tensors, nodes))"
}

check("1,000 training steps leak no tensors or nodes") {
    manualSeed(0)
    let w1 = Tensor.randn(8, 16, requiresGrad: true), w2 = Tensor.randn(16, 4, requiresGrad: true)
    let x = Tensor.randn(32, 8)
    let target = Tensor.randint(0, 4, [32])
    func step() {
        let logits = x.matmul(w1).relu().matmul(w2)
        let logp = logits.logSoftmax(dim: 1)
        let loss = -logp.gather(1, target.unsqueeze(1)).mean()
        loss.backward()
        noGrad {
            w1 -= 0.01 * w1.grad!
            w2 -= 0.01 * w2.grad!
        }
        w1.grad = nil
        w2.grad = nil
    }
    for _ in 0..<10 { step() }
    let (tensors, nodes, storages) = (MemoryDiagnostics.liveTensors, MemoryDiagnostics.liveNodes, MemoryDiagnostics.liveStorages)
    for _ in 0..<1_000 { step() }
    let now = (MemoryDiagnostics.liveTensors, MemoryDiagnostics.liveNodes, MemoryDiagnostics.liveStorages)
    return now == (tensors, nodes, storages) ? nil
        : "live tensors/nodes/storages \(tensors)/\(nodes)/\(storages) after 10 steps, \(now) after 1,010"
}

final class TensorBox: @unchecked Sendable { var tensors: [Tensor] = [] }

/// A plain thread's body (not main-actor code): makes 1,000 tensors into the box.
nonisolated func makeTensorsOnThread(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let box = Unmanaged<TensorBox>.fromOpaque(raw!).takeRetainedValue()
    box.tensors = (0..<1000).map { _ in Tensor.zeros([2]) }
    return nil
}

check("live counts add up across threads, also after a thread exits") {
    let before = MemoryDiagnostics.liveTensors
    let box = TensorBox()
    #if canImport(Darwin)
    var thread: pthread_t? = nil
    #else
    var thread = pthread_t()
    #endif
    pthread_create(&thread, nil, makeTensorsOnThread, Unmanaged.passRetained(box).toOpaque())
    #if canImport(Darwin)
    pthread_join(thread!, nil)
    #else
    pthread_join(thread, nil)
    #endif
    let during = MemoryDiagnostics.liveTensors
    box.tensors = []  // freed on this thread: its own count goes down
    let after = MemoryDiagnostics.liveTensors
    return during == before + 1000 && after == before ? nil
        : "live tensors \(before) before, \(during) with the exited thread's 1,000, \(after) after freeing them"
}

/// (1 + h)^n by repeated multiplication in Double, the same rounding as the chain.
func pow1p(_ h: Double, _ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= 1 + h }
    return r
}

print("\(passed) passed, \(failed) failed")
if failed > 0 { fatalError("release checks failed") }
