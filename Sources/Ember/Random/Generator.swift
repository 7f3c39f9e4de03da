#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-random generator: PyTorch's CPU generator, an mt19937 engine with the
/// transforms PyTorch applies per distribution. Every random function takes one
/// (`generator:`), or uses the default generator that `manualSeed` reseeds.
public final class Generator: @unchecked Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624
    /// The seed this generator was last seeded with (`initial_seed()`).
    public private(set) var initialSeed: UInt64
    /// Box–Muller yields values in pairs; PyTorch keeps the second for the next scalar draw.
    var nextDoubleNormal: Double?
    private let lock = Mutex(())

    public init(seed: UInt64 = 67280421310721) {
        initialSeed = seed
        manualSeed(seed)
    }

    /// Reseeds in place (`generator.manual_seed(seed)`).
    public func manualSeed(_ seed: UInt64) {
        initialSeed = seed
        state[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<624 {
            state[i] = 1812433253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
        nextDoubleNormal = nil
    }

    /// The engine state, restorable with `setState` (`get_state()`).
    public func getState() -> [UInt32] { state + [UInt32(index)] + (nextDoubleNormal.map { d in [1, UInt32(d.bitPattern >> 32), UInt32(truncatingIfNeeded: d.bitPattern)] } ?? [0, 0, 0]) }

    /// Restores a state from `getState()`.
    public func setState(_ saved: [UInt32], file: StaticString = #fileID, line: UInt = #line) {
        guard saved.count == 628 else { emberFatal("Expected a generator state of 628 words, got \(saved.count)", file: file, line: line) }
        state = Array(saved[0..<624])
        index = Int(saved[624])
        nextDoubleNormal = saved[625] == 1 ? Double(bitPattern: UInt64(saved[626]) << 32 | UInt64(saved[627])) : nil
    }

    /// The next 32 random bits.
    func random() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c5680
        y ^= (y << 15) & 0xefc60000
        y ^= y >> 18
        return y
    }

    /// 64 bits from two draws, the first as the high half (PyTorch's `random64`).
    func random64() -> UInt64 {
        let hi = UInt64(random()), lo = UInt64(random())
        return hi << 32 | lo
    }

    private func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7fff_ffff)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            state[i] = next
        }
        index = 0
    }

    /// Uniform in [0, 1) with 24 random bits (float) or 53 (double), as PyTorch draws them.
    func uniformFloat() -> Float { Float(random() & ((1 << 24) - 1)) * 0x1p-24 }
    func uniformDouble() -> Double { Double(random64() & ((1 << 53) - 1)) * 0x1p-53 }

    /// One standard normal draw by Box–Muller, caching the second value (the scalar path).
    func normalDouble() -> Double {
        if let cached = nextDoubleNormal {
            nextDoubleNormal = nil
            return cached
        }
        let u1 = uniformDouble(), u2 = uniformDouble()
        let r = (-2.0 * log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        nextDoubleNormal = r * sin(theta)
        return r * cos(theta)
    }

    /// Serialises use from several threads.
    func withLock<R>(_ body: () -> R) -> R { lock.withLock { _ in body() } }
}

private let defaultGeneratorStorage = Generator()

/// The generator random functions use when none is given.
public var defaultGenerator: Generator { defaultGeneratorStorage }

/// `torch.manual_seed`: reseeds the default generator.
@discardableResult
public func manualSeed(_ seed: UInt64) -> Generator {
    defaultGeneratorStorage.withLock { defaultGeneratorStorage.manualSeed(seed) }
    return defaultGeneratorStorage
}

/// `torch.initial_seed()`.
public func initialSeed() -> UInt64 { defaultGeneratorStorage.initialSeed }
