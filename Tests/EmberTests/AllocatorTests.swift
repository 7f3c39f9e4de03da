import Testing
@testable import Ember

@Suite(.serialized) struct AllocatorTests {
    @Test func sizeClassesRoundUpByAQuarterAtMost() {
        #expect(CPUAllocator.sizeClass(100) == 100)
        #expect(CPUAllocator.sizeClass(1 << 20) == 1 << 20)
        #expect(CPUAllocator.sizeClass((1 << 20) + 1) == (1 << 20) + (1 << 18))
        for n in [65536, 70001, 999_999, 64 << 20, (64 << 20) + 3] {
            let c = CPUAllocator.sizeClass(n)
            #expect(c >= n && c <= n + n / 4 + 1, "\(n) -> \(c)")
        }
    }

    @Test func aFreedBlockComesBackForTheSameSizeClass() {
        // An odd size class, so concurrent tests are unlikely to take the block in between.
        let allocator = CPUAllocator.shared
        let size = 23 * (1 << 19) + 4096
        let p = allocator.allocate(byteCount: size)
        p.storeBytes(of: 42, as: Int.self)
        allocator.deallocate(p, byteCount: size)
        let q = allocator.allocate(byteCount: size - 1000)
        #expect(q == p)
        allocator.deallocate(q, byteCount: size - 1000)
    }

    @Test func smallBlocksAreNotCached() {
        let before = CPUAllocator.shared.cachedBytes
        let t = Tensor.zeros(100)
        _ = t
        #expect(CPUAllocator.shared.cachedBytes >= 0 && before >= 0)
        #expect(CPUAllocator.sizeClass(1000) < CPUAllocator.minimumCachedSize)
    }

    @Test func theCacheStaysUnderItsLimit() {
        let allocator = CPUAllocator.shared
        let saved = allocator.limit
        defer { allocator.limit = saved }
        allocator.limit = 4 << 20
        let blocks = (0..<4).map { _ in allocator.allocate(byteCount: 3 << 19) }  // 1.5 MiB each
        for b in blocks { allocator.deallocate(b, byteCount: 3 << 19) }
        #expect(allocator.cachedBytes <= 4 << 20)
        // A block larger than the limit goes straight back to the OS.
        let big = allocator.allocate(byteCount: 8 << 20)
        allocator.deallocate(big, byteCount: 8 << 20)
        #expect(allocator.cachedBytes <= 4 << 20)
        allocator.limit = 0
        #expect(allocator.cachedBytes == 0)
    }

    @Test func tensorsReuseCachedStorage() {
        let n = 300_001  // about 1.2 MB of float32
        var t: Tensor? = Tensor.ones(n)
        let address = t!.storage.address
        t = nil
        #expect(MemoryDiagnostics.cachedCPUBytes > 0)
        let u = Tensor.zeros(n)
        #expect(u.storage.address == address)
        #expect(u.sum().item() == 0)
    }

    @Test func concurrentAllocationIsSafe() {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        setNumThreads(2)
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: 64)
        defer { sums.deallocate() }
        ThreadPool.shared.parallelFor(64) { i in
            var total = 0.0
            for k in 0..<20 {
                let t = Tensor.full([20_000 + (i % 4) * 7000], Double(k))
                total += t.sum().item()
            }
            sums[i] = total
        }
        for i in 0..<64 { #expect(sums[i] == Double((20_000 + (i % 4) * 7000) * 190)) }
    }
}
