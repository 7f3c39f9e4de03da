import Synchronization
import Testing
@testable import Ember
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Device memory simulated on the host: hands out fake addresses up to `capacity` bytes and
/// counts calls, so the caching allocator's policy is tested without a GPU.
final class FakeDeviceMemory: DeviceMemorySource {
    struct Counts { var used = 0, next: UInt64 = 0x1000, allocations = 0, attempts = 0, frees = 0, live: [UInt64: Int] = [:] }
    struct Unrelated: Error {}
    let capacity: Int
    let failOtherwise: Bool
    let counts = Mutex(Counts())

    init(capacity: Int = .max, failOtherwise: Bool = false) {
        self.capacity = capacity
        self.failOtherwise = failOtherwise
    }

    func allocate(_ bytes: Int) throws -> UInt64 {
        try counts.withLock { c throws -> UInt64 in
            c.attempts += 1
            if failOtherwise { throw Unrelated() }
            guard bytes <= capacity - c.used else { throw DeviceMemoryError.outOfMemory(requested: bytes) }
            let address = c.next
            c.next += UInt64(bytes)
            c.used += bytes
            c.allocations += 1
            c.live[address] = bytes
            return address
        }
    }

    func free(_ address: UInt64) {
        counts.withLock { c in
            c.used -= c.live.removeValue(forKey: address)!
            c.frees += 1
        }
    }

    var snapshot: Counts { counts.withLock { $0 } }
}

@Suite struct CUDASupportTests {
    // MARK: Loader

    @Test func noDriverOnThisMachine() throws {
        #expect(!CUDA.isAvailable)
        #expect(CUDA.deviceCount == 0)
        guard case .failure(let error) = CUDADriver.shared else {
            Issue.record("libcuda loaded on a machine without a GPU driver")
            return
        }
        // The error says which names were tried, in order, and why each failed.
        #expect(Array(error.tried.prefix(2)) == ["libcuda.so.1", "libcuda.so"])
        #expect(error.reasons.count == error.tried.count)
        #expect(error.description.hasPrefix("Could not load the CUDA driver (libcuda) (tried libcuda.so.1, libcuda.so"))
    }

    @Test func toolkitLibrariesReportWhatTheyTried() {
        guard case .failure(let nvrtc) = CUDAToolkitLibraries.nvrtc,
              case .failure(let cublas) = CUDAToolkitLibraries.cublas else {
            Issue.record("NVRTC or cuBLAS loaded on a machine without a CUDA toolkit")
            return
        }
        #expect(nvrtc.tried == ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"])
        #expect(cublas.tried == ["libcublas.so.13", "libcublas.so.12"])
        #expect(nvrtc.description.hasPrefix("Could not load NVRTC"))
    }

    @Test func environmentPathAddsAFolderAndAFile() {
        #expect(CUDALibraryNames.driver(environmentPath: nil) == ["libcuda.so.1", "libcuda.so"])
        #expect(CUDALibraryNames.driver(environmentPath: "/opt/cuda/lib64") ==
                ["libcuda.so.1", "libcuda.so", "/opt/cuda/lib64/libcuda.so.1", "/opt/cuda/lib64"])
        #expect(CUDALibraryNames.driver(environmentPath: "/drv/").suffix(2) == ["/drv/libcuda.so.1", "/drv/"])
    }

    @Test func aFileThatIsNotALibraryIsAClearError() throws {
        let path = "/tmp/ember-cuda-test-\(getpid()).txt"
        let file = try #require(fopen(path, "w"))
        fputs("not a shared library\n", file)
        fclose(file)
        defer { unlink(path) }

        // EMBER_CUDA_PATH=<that file>: the last candidate is the file itself.
        let candidates = Array(CUDALibraryNames.driver(environmentPath: path).suffix(1))
        #expect(candidates == [path])
        guard case .failure(let error) = CUDADriver.load(candidates: candidates) else {
            Issue.record("a text file loaded as the CUDA driver")
            return
        }
        #expect(error.tried == [path])
        #expect(error.reasons.count == 1)
        #expect(error.reasons[0].contains(path))  // dlerror names the file and the cause
        #expect(error.description.contains("Could not load the CUDA driver (libcuda) (tried \(path))"))
    }

    @Test func aLibraryWithoutTheDriverEntryPointsIsAClearError() {
        guard case .failure(let error) = CUDADriver.load(candidates: ["libm.so.6"]) else {
            Issue.record("libm loaded as the CUDA driver")
            return
        }
        #expect(error.reasons == ["undefined symbol: cuInit"])
    }

    // torch.cuda.get_device_name() on a machine with no driver raises PyTorch's no-driver error.
    @Test func deviceNameWithoutADriverTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = CUDA.deviceName(0)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains(CUDA.noDriverMessage))
        #expect(stderr.contains("CUDASupportTests.swift:"))
    }

    @Test func synchronizeWithoutADriverTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            CUDA.synchronize()
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Found no NVIDIA driver on your system."))
    }

    // MARK: Caching allocator

    @Test func sizeClassesFollowPyTorchsPools() {
        typealias A = CUDACachingAllocator<FakeDeviceMemory>
        #expect(A.sizeClass(0) == 512)
        #expect(A.sizeClass(1) == 512)
        #expect(A.sizeClass(512) == 512)
        #expect(A.sizeClass(513) == 1024)
        #expect(A.sizeClass((1 << 20) - 1) == 1 << 20)
        #expect(A.sizeClass(1 << 20) == 2 << 20)
        #expect(A.sizeClass((2 << 20) + 1) == 4 << 20)
        #expect(A.sizeClass(3 << 20) == 4 << 20)
    }

    @Test func freedBlocksAreReusedBySizeClass() throws {
        let source = FakeDeviceMemory()
        let allocator = CUDACachingAllocator(source: source)
        let a = try allocator.allocate(1000)
        #expect(allocator.memoryAllocated == 1024 && allocator.memoryReserved == 1024)
        allocator.free(a)
        #expect(allocator.memoryAllocated == 0 && allocator.memoryReserved == 1024)
        let b = try allocator.allocate(700)  // same 1024-byte class: the cached block
        #expect(b == a)
        #expect(source.snapshot.allocations == 1 && allocator.cacheHits == 1)
        let c = try allocator.allocate(2000)  // another class: a new block
        #expect(c != a)
        #expect(source.snapshot.allocations == 2)
        #expect(allocator.memoryAllocated == 1024 + 2048 && allocator.memoryReserved == 1024 + 2048)
        #expect(source.snapshot.frees == 0)
    }

    @Test func emptyCacheReturnsEveryCachedBlock() throws {
        let source = FakeDeviceMemory()
        let allocator = CUDACachingAllocator(source: source)
        let blocks = try [100, 5000, 3 << 20].map { try allocator.allocate($0) }
        allocator.free(blocks[0])
        allocator.free(blocks[2])
        #expect(allocator.memoryAllocated == 5120)
        #expect(allocator.memoryReserved == 512 + 5120 + (4 << 20))
        allocator.emptyCache()
        #expect(source.snapshot.frees == 2)
        #expect(source.snapshot.used == 5120)
        #expect(allocator.memoryAllocated == 5120 && allocator.memoryReserved == 5120)
        allocator.free(blocks[1])
        allocator.emptyCache()
        #expect(source.snapshot.used == 0 && allocator.memoryReserved == 0)
    }

    @Test func outOfMemoryEmptiesTheCacheAndRetriesOnce() throws {
        let source = FakeDeviceMemory(capacity: 4 << 20)
        let allocator = CUDACachingAllocator(source: source)
        allocator.free(try allocator.allocate(2 << 20))  // 2 MiB cached, device half full
        let big = try allocator.allocate(3 << 20)        // 4 MiB: fits only once the cache is freed
        #expect(source.snapshot.frees == 1)
        #expect(source.snapshot.attempts == 3)  // first block, failed try, retry
        #expect(allocator.memoryAllocated == 4 << 20 && allocator.memoryReserved == 4 << 20)

        #expect {
            _ = try allocator.allocate(1 << 20)
        } throws: { error in
            "\(error)".hasPrefix("CUDA out of memory. Tried to allocate 2.00 MiB. Of the allocated memory 4.00 MiB is allocated by Ember, and 0 bytes is reserved by Ember but unallocated.")
        }
        #expect(source.snapshot.attempts == 5)  // one retry, not more
        allocator.free(big)
        #expect(allocator.memoryAllocated == 0 && allocator.memoryReserved == 4 << 20)
    }

    @Test func otherSourceErrorsAreNotRetried() {
        let source = FakeDeviceMemory(failOtherwise: true)
        let allocator = CUDACachingAllocator(source: source)
        #expect(throws: FakeDeviceMemory.Unrelated.self) { _ = try allocator.allocate(64) }
        #expect(source.snapshot.attempts == 1)
    }

    @Test func concurrentUseKeepsTheCountsExact() async throws {
        let source = FakeDeviceMemory()
        let allocator = CUDACachingAllocator(source: source)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<200 {
                        let block = try allocator.allocate(512 * (1 + (t + i) % 4))
                        allocator.free(block)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(allocator.memoryAllocated == 0)
        #expect(allocator.memoryReserved == source.snapshot.used)
        allocator.emptyCache()
        #expect(source.snapshot.used == 0 && source.snapshot.live.isEmpty)
    }

    @Test func byteSizesPrintAsPyTorch() {
        #expect(formatBytes(0) == "0 bytes")
        #expect(formatBytes(512) == "512 bytes")
        #expect(formatBytes(1536) == "1.50 KiB")
        #expect(formatBytes(2 << 20) == "2.00 MiB")
        #expect(formatBytes((1 << 30) + (1 << 30) / 20) == "1.05 GiB")
    }

    // MARK: Kernel source

    @Test func float32AddKernel() throws {
        let k = try #require(CUDAKernelSource.elementwise(.add, dtype: .float32))
        #expect(k.name == "ember_add_float32_contiguous")
        #expect(k.source.contains("extern \"C\" __global__ void ember_add_float32_contiguous(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ out, long long n)"))
        #expect(k.source.contains("out[i] = a[i] + b[i];"))
        #expect(!k.source.contains("double") && !k.source.contains("TensorInfo"))
    }

    @Test func dtypesGetTheirOwnTypesAndMath() throws {
        let f = try #require(CUDAKernelSource.elementwise(.exp, dtype: .float32))
        let d = try #require(CUDAKernelSource.elementwise(.exp, dtype: .float64))
        #expect(f.source != d.source && f.name != d.name)
        #expect(f.source.contains("const float x = a[i];") && f.source.contains("out[i] = expf(x);"))
        #expect(d.source.contains("const double x = a[i];") && d.source.contains("out[i] = exp(x);"))
        #expect(!d.source.contains("float ") && !d.source.contains("float*") && !d.source.contains("expf"))  // "float64" in the name only
        let sig = try #require(CUDAKernelSource.elementwise(.sigmoid, dtype: .float32))
        #expect(sig.source.contains("1.0f / (1.0f + expf(-x))"))
        let relu = try #require(CUDAKernelSource.elementwise(.relu, dtype: .float64))
        #expect(relu.source.contains("(x <= (double)0 ? (double)0 : x)"))
        #expect(CUDAKernelSource.elementwise(.add, dtype: .int32) == nil)
        #expect(CUDAKernelSource.elementwise(.add, dtype: .float16) == nil)
    }

    @Test func stridedKernelsIndexThroughTensorInfo() throws {
        let k = try #require(CUDAKernelSource.elementwise(.mul, dtype: .float64, layout: .strided))
        #expect(k.name == "ember_mul_float64_strided")
        #expect(k.source.contains("struct TensorInfo {"))
        #expect(k.source.contains("#define EMBER_MAX_DIMS 8"))
        #expect(k.source.contains("const double* __restrict__ a, TensorInfo a_info, const double* __restrict__ b, TensorInfo b_info, double* __restrict__ out, TensorInfo out_info, long long n"))
        #expect(k.source.contains("out[ember_offset(out_info, i)] = a[ember_offset(a_info, i)] * b[ember_offset(b_info, i)];"))

        let info = try #require(CUDAKernelSource.TensorInfo(sizes: [2, 3], strides: [0, 1]))
        #expect(info.packed.count == 17)
        #expect(Array(info.packed[0..<2]) == [2, 3] && Array(info.packed[8..<10]) == [0, 1] && info.packed[16] == 2)
        #expect(CUDAKernelSource.TensorInfo(sizes: Array(repeating: 1, count: 9), strides: Array(repeating: 1, count: 9)) == nil)
    }

    @Test func everyKernelIsDistinctAndBalanced() {
        var names = Set<String>(), sources = Set<String>()
        for op in CUDAKernelSource.Op.allCases {
            for dtype in [DType.float32, .float64] {
                for layout in CUDAKernelSource.Layout.allCases {
                    guard let k = CUDAKernelSource.elementwise(op, dtype: dtype, layout: layout) else {
                        Issue.record("no kernel for \(op) \(dtype) \(layout)")
                        continue
                    }
                    names.insert(k.name)
                    sources.insert(k.source)
                    for (open, close) in [("(", ")"), ("{", "}"), ("[", "]")] {
                        #expect(k.source.filter { String($0) == open }.count == k.source.filter { String($0) == close }.count, "\(k.name)")
                    }
                }
            }
        }
        #expect(names.count == 40 && sources.count == 40)
    }

    @Test func opsMapFromTheBackendsOps() {
        #expect(CUDAKernelSource.Op(BinaryOp.div) == .div)
        #expect(CUDAKernelSource.Op(BinaryOp.pow) == nil)
        #expect(CUDAKernelSource.Op(UnaryOp.tanh) == .tanh)
        #expect(CUDAKernelSource.Op(UnaryOp.sqrt) == nil)
    }

    @Test func cacheKeysNameTheKernelTheGPUAndTheSource() throws {
        let add = try #require(CUDAKernelSource.elementwise(.add, dtype: .float32))
        let sub = try #require(CUDAKernelSource.elementwise(.sub, dtype: .float32))
        let h100 = CUDAKernelSource.cacheKey(add, computeCapability: (9, 0))
        #expect(h100.hasPrefix("ember_add_float32_contiguous-sm_90-"))
        #expect(h100 == CUDAKernelSource.cacheKey(add, computeCapability: (9, 0)))
        #expect(h100 != CUDAKernelSource.cacheKey(add, computeCapability: (8, 0)))
        #expect(CUDAKernelSource.cacheKey(add, computeCapability: (9, 0)).split(separator: "-").last
                != CUDAKernelSource.cacheKey(sub, computeCapability: (9, 0)).split(separator: "-").last)
        #expect(CUDAKernelSource.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(CUDAKernelSource.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    }
}
