import Synchronization

/// Where device memory comes from: the CUDA driver on a GPU, a fake in tests. The allocator's
/// policy (size classes, reuse, out-of-memory retry) is tested without a GPU through it.
protocol DeviceMemorySource: AnyObject, Sendable {
    /// A fresh block of exactly `bytes` bytes; throws `DeviceMemoryError.outOfMemory` when the
    /// device is full (other errors pass through the allocator untouched).
    func allocate(_ bytes: Int) throws -> UInt64
    func free(_ address: UInt64)
}

enum DeviceMemoryError: Error, Equatable {
    case outOfMemory(requested: Int)
}

/// Out of memory even after the cache was returned to the device, worded as PyTorch's.
struct CUDAOutOfMemoryError: Error, Sendable, CustomStringConvertible {
    let requested: Int
    let allocated: Int
    let reserved: Int

    var description: String {
        "CUDA out of memory. Tried to allocate \(formatBytes(requested)). Of the allocated memory "
            + "\(formatBytes(allocated)) is allocated by Ember, and \(formatBytes(reserved - allocated)) "
            + "is reserved by Ember but unallocated."
    }
}

/// PyTorch's `format_size`: bytes below 1 KiB, then KiB, MiB, GiB with two decimals.
func formatBytes(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) bytes" }
    let units: [(Int, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
    let (scale, unit) = units.first { bytes >= $0.0 } ?? (1 << 10, "KiB")
    let hundredths = (bytes * 100 + scale / 2) / scale
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) \(unit)"
}

/// The caching allocator in the spirit of PyTorch's: cudaMalloc/cuMemAlloc synchronise the
/// device and cost tens of microseconds, so freed blocks are kept by size class and handed
/// out again. Small requests round up to 512 bytes; requests of 1 MiB and more round up to
/// 2 MiB (PyTorch's small and large pools), which keeps the number of distinct classes low.
/// Thread-safe: every path takes one lock (the source is called under it, as PyTorch holds its
/// lock around cudaMalloc).
final class CUDACachingAllocator<Source: DeviceMemorySource>: Sendable {
    static var minimumBlock: Int { 512 }
    static var largeThreshold: Int { 1 << 20 }
    static var largeRounding: Int { 2 << 20 }

    let source: Source

    private struct State {
        /// Cached (free) blocks by size class.
        var cached: [Int: [UInt64]] = [:]
        /// Blocks in use, address to size class.
        var live: [UInt64: Int] = [:]
        var allocatedBytes = 0
        var cachedBytes = 0
        /// Allocations served from the cache.
        var hits = 0
    }

    private let state = Mutex(State())

    init(source: Source) {
        self.source = source
    }

    /// The size of the block that serves a request of `bytes`.
    static func sizeClass(_ bytes: Int) -> Int {
        let rounding = bytes >= largeThreshold ? largeRounding : minimumBlock
        let n = Swift.max(bytes, 1)
        return (n + rounding - 1) / rounding * rounding
    }

    /// A device address of at least `bytes` bytes: a cached block of the same class, or a new
    /// one from the source. When the source is out of memory, the cache is returned to it and
    /// the request retried once.
    func allocate(_ bytes: Int) throws -> UInt64 {
        let size = Self.sizeClass(bytes)
        return try state.withLock { s throws -> UInt64 in
            if let block = s.cached[size]?.popLast() {
                s.cachedBytes -= size
                s.hits += 1
                s.live[block] = size
                s.allocatedBytes += size
                return block
            }
            let block: UInt64
            do {
                block = try source.allocate(size)
            } catch DeviceMemoryError.outOfMemory {
                Self.release(&s, to: source)
                do {
                    block = try source.allocate(size)
                } catch DeviceMemoryError.outOfMemory {
                    throw CUDAOutOfMemoryError(requested: size, allocated: s.allocatedBytes,
                                               reserved: s.allocatedBytes + s.cachedBytes)
                }
            }
            s.live[block] = size
            s.allocatedBytes += size
            return block
        }
    }

    /// Returns a block to the cache (not to the device). Freeing an address this allocator did
    /// not hand out is a programming error.
    func free(_ address: UInt64) {
        state.withLock { s in
            guard let size = s.live.removeValue(forKey: address) else {
                emberFatal("CUDACachingAllocator: free of unknown device pointer 0x\(String(address, radix: 16))")
            }
            s.allocatedBytes -= size
            s.cached[size, default: []].append(address)
            s.cachedBytes += size
        }
    }

    /// `torch.cuda.empty_cache()`: every cached block goes back to the source.
    func emptyCache() {
        state.withLock { s in Self.release(&s, to: source) }
    }

    private static func release(_ s: inout State, to source: Source) {
        for block in s.cached.values.joined() { source.free(block) }
        s.cached = [:]
        s.cachedBytes = 0
    }

    /// `torch.cuda.memory_allocated()`: bytes in blocks held by live tensors (size classes).
    var memoryAllocated: Int { state.withLock { $0.allocatedBytes } }
    /// `torch.cuda.memory_reserved()`: live plus cached bytes, all obtained from the device.
    var memoryReserved: Int { state.withLock { $0.allocatedBytes + $0.cachedBytes } }
    /// Allocations served from the cache.
    var cacheHits: Int { state.withLock { $0.hits } }
}

/// Device memory from the CUDA driver. The calling thread must have the device's context
/// current (`CUDADriver.makeCurrent`).
final class CUDADriverMemory: DeviceMemorySource {
    let driver: CUDADriver

    init(driver: CUDADriver) {
        self.driver = driver
    }

    func allocate(_ bytes: Int) throws -> UInt64 {
        var address: UInt64 = 0
        let result = driver.cuMemAlloc(&address, bytes)
        if result == CUResultCode.outOfMemory { throw DeviceMemoryError.outOfMemory(requested: bytes) }
        try driver.check(result, "cuMemAlloc_v2")
        return address
    }

    func free(_ address: UInt64) {
        // A failing free means a corrupted context; PyTorch aborts there too.
        do { try driver.check(driver.cuMemFree(address), "cuMemFree_v2") } catch { emberFatal("\(error)") }
    }
}
