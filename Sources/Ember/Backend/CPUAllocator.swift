#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A caching allocator for CPU buffers: freed blocks of 64 KiB and more are kept by size
/// class and handed out again, so `c = a + b` on big tensors reuses warm pages instead of
/// mapping (and page-faulting) fresh ones every call. Smaller blocks go straight to malloc,
/// whose per-thread caches are already fast. Thread-safe (DataLoader workers allocate
/// concurrently); the cache is bounded by `limit`, beyond which the largest blocks are
/// returned to the OS.
package final class CPUAllocator: @unchecked Sendable {
    package static let shared = CPUAllocator()

    /// Blocks below this many bytes are not cached.
    package static let minimumCachedSize = 64 << 10

    /// Blocks below this many bytes come from malloc (16-byte aligned), the rest 64-byte aligned.
    package static let alignedSize = 1024

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var blocks: [Int: [UnsafeMutableRawPointer]] = [:]
    private var cached = 0
    private var cap: Int
    private var hits = 0

    private init() {
        pthread_mutex_init(lock, nil)
        var megabytes = 1024
        if let env = getenv("EMBER_CPU_CACHE_MB"), let v = Int(String(cString: env)), v >= 0 { megabytes = v }
        cap = megabytes << 20
    }

    /// The size class of a request: the next of 2^k x {1, 1.25, 1.5, 1.75}, so a reused block
    /// wastes at most a quarter of its size.
    package static func sizeClass(_ byteCount: Int) -> Int {
        if byteCount < minimumCachedSize { return Swift.max(byteCount, 1) }
        let k = Int.bitWidth - 1 - (byteCount - 1).leadingZeroBitCount  // 2^k < byteCount <= 2^(k+1)
        let quarter = 1 << (k - 2)
        return ((byteCount + quarter - 1) / quarter) * quarter
    }

    package func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = CPUAllocator.sizeClass(byteCount)
        if size >= CPUAllocator.minimumCachedSize {
            pthread_mutex_lock(lock)
            if let block = blocks[size]?.popLast() {
                cached -= size
                hits += 1
                pthread_mutex_unlock(lock)
                return block
            }
            pthread_mutex_unlock(lock)
        }
        // Tiny blocks (scalars, small vectors) take plain malloc, much faster than an aligned
        // allocation; larger ones are 64-byte aligned for AVX-512 loads.
        if size < CPUAllocator.alignedSize { return malloc(size)! }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    package func deallocate(_ address: UnsafeMutableRawPointer, byteCount: Int) {
        let size = CPUAllocator.sizeClass(byteCount)
        if size < CPUAllocator.alignedSize { free(address); return }
        if size < CPUAllocator.minimumCachedSize { address.deallocate(); return }
        var evicted: [UnsafeMutableRawPointer] = []
        pthread_mutex_lock(lock)
        if size > cap {
            pthread_mutex_unlock(lock)
            address.deallocate()
            return
        }
        blocks[size, default: []].append(address)
        cached += size
        while cached > cap, let largest = blocks.keys.filter({ !blocks[$0]!.isEmpty }).max() {
            evicted.append(blocks[largest]!.removeLast())
            cached -= largest
        }
        pthread_mutex_unlock(lock)
        for block in evicted { block.deallocate() }
    }

    /// Bytes held in the cache now (not in use by any tensor).
    package var cachedBytes: Int { withLock { cached } }
    /// Allocations served from the cache since the process started.
    package var cacheHits: Int { withLock { hits } }

    /// The most bytes the cache keeps; lowering it frees blocks at once.
    package var limit: Int {
        get { withLock { cap } }
        set {
            pthread_mutex_lock(lock)
            cap = Swift.max(newValue, 0)
            var evicted: [UnsafeMutableRawPointer] = []
            while cached > cap, let largest = blocks.keys.filter({ !blocks[$0]!.isEmpty }).max() {
                evicted.append(blocks[largest]!.removeLast())
                cached -= largest
            }
            pthread_mutex_unlock(lock)
            for block in evicted { block.deallocate() }
        }
    }

    /// Returns every cached block to the OS (`torch.cuda.empty_cache`'s CPU analogue).
    package func emptyCache() {
        pthread_mutex_lock(lock)
        let all = blocks.values.flatMap { $0 }
        blocks = [:]
        cached = 0
        pthread_mutex_unlock(lock)
        for block in all { block.deallocate() }
    }

    private func withLock<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }
}
