#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CEmberKernels

// Which C micro-kernel runs (chosen once by CPU probe) and the tile it computes.

/// The instruction set of the GEMM micro-kernels on this CPU.
enum GemmISA: Sendable {
    case avx512, avx2, portable

    static let current: GemmISA =
        ember_cpu_has_avx512() != 0 ? .avx512 : ember_cpu_has_avx2_fma() != 0 ? .avx2 : .portable
}

/// Float types with a packed GEMM: the tile of the current micro-kernel and the call into it.
protocol GemmScalar: FloatScalar {
    /// Rows (MR) and columns (NR) of one micro-tile; the packed panels use these widths.
    static var gemmTile: (mr: Int, nr: Int) { get }
    /// `C[0..<mr, 0..<nr] (+)= Apanel · Bpanel` over `kc` steps (see ember_gemm.h).
    static func gemmMicroKernel(_ kc: Int, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
                                _ c: UnsafeMutablePointer<Self>, _ ldc: Int, _ mr: Int, _ nr: Int, _ accumulate: Bool)
}

extension Float: GemmScalar {
    static let gemmTile: (mr: Int, nr: Int) =
        switch GemmISA.current { case .avx512: (14, 32) case .avx2: (6, 16) case .portable: (4, 8) }

    @inline(__always)
    static func gemmMicroKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ mr: Int, _ nr: Int, _ accumulate: Bool) {
        let acc: Int32 = accumulate ? 1 : 0
        switch GemmISA.current {
        case .avx512: ember_sgemm_kernel_avx512(kc, a, b, c, ldc, mr, nr, acc)
        case .avx2: ember_sgemm_kernel_avx2(kc, a, b, c, ldc, mr, nr, acc)
        case .portable: ember_sgemm_kernel_portable(kc, a, b, c, ldc, mr, nr, acc)
        }
    }
}

extension Double: GemmScalar {
    static let gemmTile: (mr: Int, nr: Int) =
        switch GemmISA.current { case .avx512: (14, 16) case .avx2: (6, 8) case .portable: (4, 8) }

    @inline(__always)
    static func gemmMicroKernel(_ kc: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ mr: Int, _ nr: Int, _ accumulate: Bool) {
        let acc: Int32 = accumulate ? 1 : 0
        switch GemmISA.current {
        case .avx512: ember_dgemm_kernel_avx512(kc, a, b, c, ldc, mr, nr, acc)
        case .avx2: ember_dgemm_kernel_avx2(kc, a, b, c, ldc, mr, nr, acc)
        case .portable: ember_dgemm_kernel_portable(kc, a, b, c, ldc, mr, nr, acc)
        }
    }
}

/// Packing buffers kept across calls: a GEMM in steady state allocates nothing. Tasks of a
/// parallel GEMM (and GEMMs on other threads) each take a buffer and give it back.
final class GemmBufferPool: @unchecked Sendable {
    static let shared = GemmBufferPool()

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var free: [(address: UnsafeMutableRawPointer, bytes: Int)] = []
    /// Idle buffers kept; more are freed on return (bursts of concurrent GEMMs).
    private let keep = 8

    private init() {
        pthread_mutex_init(lock, nil)
        free.reserveCapacity(keep)
    }

    /// A 64-byte aligned buffer of at least `bytes` (the smallest idle one that fits).
    func take(bytes: Int) -> (address: UnsafeMutableRawPointer, bytes: Int) {
        pthread_mutex_lock(lock)
        var best = -1
        for (i, f) in free.enumerated() where f.bytes >= bytes && (best < 0 || f.bytes < free[best].bytes) { best = i }
        if best >= 0 {
            let f = free.remove(at: best)
            pthread_mutex_unlock(lock)
            return f
        }
        pthread_mutex_unlock(lock)
        return (UnsafeMutableRawPointer.allocate(byteCount: Swift.max(bytes, 64), alignment: 64), Swift.max(bytes, 64))
    }

    func give(_ buffer: (address: UnsafeMutableRawPointer, bytes: Int)) {
        pthread_mutex_lock(lock)
        if free.count < keep {
            free.append(buffer)
            pthread_mutex_unlock(lock)
            return
        }
        // Full: drop the smallest buffer (the larger one is more likely to be reused).
        var smallest = 0
        for (i, f) in free.enumerated() where f.bytes < free[smallest].bytes { smallest = i }
        var drop = buffer
        if free[smallest].bytes < buffer.bytes { drop = free[smallest]; free[smallest] = buffer }
        pthread_mutex_unlock(lock)
        drop.address.deallocate()
    }

    /// Runs `body` with a typed buffer of `count` elements.
    @inline(__always)
    func with<T, R>(_: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> R) -> R {
        let buffer = take(bytes: count * MemoryLayout<T>.stride)
        defer { give(buffer) }
        return body(buffer.address.bindMemory(to: T.self, capacity: count))
    }
}
