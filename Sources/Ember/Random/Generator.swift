import CEmberKernels
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
    // PyTorch's engine counters: `left` reaching 0 triggers the twist; `next` indexes state.
    private var left = 1
    private var next = 0
    /// The seed this generator was last seeded with (`initial_seed()`).
    public private(set) var initialSeed: UInt64
    /// Box–Muller yields values in pairs; PyTorch keeps the second for the next scalar draw.
    var nextDoubleNormal: Double?
    /// PyTorch's float cache: part of the state, unused by the CPU kernels.
    var nextFloatNormal: Float?
    private let lock = Mutex(())

    public init(seed: UInt64 = 67280421310721) {
        initialSeed = seed
        manualSeed(seed)
    }

    /// Reseeds in place (`generator.manual_seed(seed)`); the engine takes the low 32 bits.
    @discardableResult
    public func manualSeed(_ seed: UInt64) -> Generator {
        initialSeed = seed
        state[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<624 {
            state[i] = 1812433253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        left = 1
        next = 0
        nextDoubleNormal = nil
        nextFloatNormal = nil
        return self
    }

    /// The state as PyTorch's 5056-byte uint8 tensor (`get_state()`), byte-identical to it.
    public func getState() -> Tensor {
        var bytes = [UInt8](repeating: 0, count: Generator.stateSize)
        func put(_ value: UInt64, at offset: Int, width: Int) {
            for k in 0..<width { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        }
        withLock {
            put(initialSeed, at: 0, width: 8)
            put(UInt64(left), at: 8, width: 4)
            put(1, at: 12, width: 4)  // seeded
            put(UInt64(next), at: 16, width: 8)
            for i in 0..<624 { put(UInt64(state[i]), at: 24 + 8 * i, width: 8) }
            if let cached = nextDoubleNormal {
                put(cached.bitPattern, at: 5024, width: 8)  // normal_y
                put(1, at: 5040, width: 4)                  // normal_is_valid
            }
            if let cached = nextFloatNormal {
                put(UInt64(cached.bitPattern), at: 5048, width: 4)
                bytes[5052] = 1
            }
        }
        return Tensor(bytes, shape: [bytes.count], dtype: .uint8)
    }

    /// Restores a state from `getState()` (PyTorch's, or its older 5048-byte layout).
    public func setState(_ saved: Tensor, file: StaticString = #fileID, line: UInt = #line) {
        let bytes = saved.toArray(UInt8.self)
        guard saved.dtype == .uint8, bytes.count == Generator.stateSize || bytes.count == 5048 else {
            emberFatal("Expected either a CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 but found the input RNG state size to be \(bytes.count)",
                       file: file, line: line)
        }
        func get(_ offset: Int, _ width: Int) -> UInt64 {
            (0..<width).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        }
        withLock {
            initialSeed = get(0, 8)
            left = Int(Int32(truncatingIfNeeded: get(8, 4)))
            next = Int(get(16, 8))
            for i in 0..<624 { state[i] = UInt32(truncatingIfNeeded: get(24 + 8 * i, 8)) }
            nextDoubleNormal = get(5040, 4) != 0 ? Double(bitPattern: get(5024, 8)) : nil
            nextFloatNormal = bytes.count == Generator.stateSize && bytes[5052] != 0
                ? Float(bitPattern: UInt32(get(5048, 4))) : nil
        }
    }

    static let stateSize = 5056

    /// The next 32 random bits.
    func random() -> UInt32 {
        left -= 1
        if left == 0 { twist() }
        let y = state[next]
        next += 1
        return Generator.temper(y)
    }

    /// 64 bits from two draws, the first as the high half (PyTorch's `random64`).
    func random64() -> UInt64 {
        let hi = UInt64(random()), lo = UInt64(random())
        return hi << 32 | lo
    }

    /// The next `count` draws of `random()`, in order, without a call (and an exclusivity
    /// check) per draw: the same stream, from the C loop over the state words.
    func fill(_ out: UnsafeMutablePointer<UInt32>, count: Int) {
        var l = left, n = next
        state.withUnsafeMutableBufferPointer { ember_mt19937_fill($0.baseAddress!, &l, &n, out, count) }
        left = l
        next = n
    }

    @inline(__always)
    private static func temper(_ word: UInt32) -> UInt32 {
        var y = word
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c5680
        y ^= (y << 15) & 0xefc60000
        y ^= y >> 18
        return y
    }

    private func twist() {
        state.withUnsafeMutableBufferPointer { ember_mt19937_twist($0.baseAddress!) }
        left = 624
        next = 0
    }

    /// Uniform in [0, 1) with 24 random bits (float and half) or 53 (double), as PyTorch draws them.
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
    defaultGeneratorStorage.withLock { _ = defaultGeneratorStorage.manualSeed(seed) }
    return defaultGeneratorStorage
}

/// `torch.initial_seed()`.
public func initialSeed() -> UInt64 { defaultGeneratorStorage.initialSeed }

/// `torch.get_rng_state()`: the default generator's state as a uint8 tensor.
public func getRNGState() -> Tensor { defaultGeneratorStorage.getState() }

/// `torch.set_rng_state(state)`.
public func setRNGState(_ state: Tensor, file: StaticString = #fileID, line: UInt = #line) {
    defaultGeneratorStorage.setState(state, file: file, line: line)
}
