#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The CUDA driver, NVRTC and cuBLAS are opened at run time with dlopen, so the package
// builds and links on machines with no GPU toolkit (DESIGN.md, Backends). Nothing here is
// called unless a program asks for CUDA.

/// A shared library opened with `dlopen`; kept open for the life of the process.
struct DynamicLibrary: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    /// The name or path that loaded.
    let path: String

    /// Opens the first of `candidates` that loads; the error lists every name tried, each with
    /// the loader's reason, so "why is CUDA unavailable" has an answer.
    static func open(library: String, candidates: [String]) -> Result<DynamicLibrary, LibraryLoadError> {
        var reasons: [String] = []
        for path in candidates {
            _ = dlerror()  // clear a stale message
            if let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) {
                return .success(DynamicLibrary(handle: handle, path: path))
            }
            reasons.append(dlerror().map { String(cString: $0) } ?? "unknown dlopen error")
        }
        return .failure(LibraryLoadError(library: library, tried: candidates, reasons: reasons))
    }

    /// The address of `name` as the C function type `T`, or nil when the library lacks it.
    func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    /// As `symbol`, but a missing entry point is an error naming it.
    func require<T>(_ name: String, as type: T.Type) throws(LibraryLoadError) -> T {
        guard let f = symbol(name, as: type) else {
            throw LibraryLoadError(library: self.path, tried: [self.path], reasons: ["undefined symbol: \(name)"])
        }
        return f
    }
}

/// A library that did not load (or lacks an entry point): what was tried and why each failed.
struct LibraryLoadError: Error, Sendable, CustomStringConvertible {
    let library: String
    let tried: [String]
    let reasons: [String]

    var description: String {
        let attempts = zip(tried, reasons).map { "\($0.0): \($0.1)" }.joined(separator: "; ")
        return "Could not load \(library) (tried \(tried.joined(separator: ", "))): \(attempts)"
    }
}

/// The names tried for each library, in order. `EMBER_CUDA_PATH` may name a folder holding the
/// library or the library file itself; both forms are tried after the system's search path.
enum CUDALibraryNames {
    static var environmentPath: String? {
        guard let value = getenv("EMBER_CUDA_PATH") else { return nil }
        let path = String(cString: value)
        return path.isEmpty ? nil : path
    }

    static func driver(environmentPath: String? = environmentPath) -> [String] {
        var names = ["libcuda.so.1", "libcuda.so"]
        if let dir = environmentPath {
            names.append(dir.hasSuffix("/") ? "\(dir)libcuda.so.1" : "\(dir)/libcuda.so.1")
            names.append(dir)
        }
        return names
    }

    static let nvrtc = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"]
    static let cublas = ["libcublas.so.13", "libcublas.so.12"]
}

/// NVRTC and cuBLAS: only whether they load for now; their entry points are resolved when the
/// kernels that need them are written (on a GPU machine).
enum CUDAToolkitLibraries {
    static let nvrtc = DynamicLibrary.open(library: "NVRTC", candidates: CUDALibraryNames.nvrtc)
    static let cublas = DynamicLibrary.open(library: "cuBLAS", candidates: CUDALibraryNames.cublas)
}

/// `CUresult` values Ember branches on (cuda.h).
enum CUResultCode {
    static let success: Int32 = 0
    static let outOfMemory: Int32 = 2
    static let notInitialized: Int32 = 3
    static let noDevice: Int32 = 100
    static let invalidDevice: Int32 = 101
}

/// A driver call that returned something other than CUDA_SUCCESS.
struct CUDADriverError: Error, Sendable, CustomStringConvertible {
    let code: Int32
    /// `CUDA_ERROR_OUT_OF_MEMORY`, from cuGetErrorName.
    let name: String
    /// "out of memory", from cuGetErrorString.
    let message: String
    /// The entry point that failed.
    let call: String

    /// PyTorch's wording for driver-API failures.
    var description: String { "CUDA driver error: \(message) (\(name) = \(code) from \(call))" }
}

/// The CUDA driver API, loaded once per process (`shared` is a lazily initialised static,
/// which Swift makes thread-safe).
final class CUDADriver: @unchecked Sendable {
    typealias Device = Int32
    typealias Context = UnsafeMutableRawPointer
    typealias DevicePointer = UInt64

    typealias CuInit = @convention(c) (UInt32) -> Int32
    typealias CuDeviceGetCount = @convention(c) (UnsafeMutablePointer<Int32>?) -> Int32
    typealias CuDeviceGet = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias CuDeviceGetName = @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32) -> Int32
    typealias CuCtxCreate = @convention(c) (UnsafeMutablePointer<Context?>?, UInt32, Int32) -> Int32
    typealias CuDevicePrimaryCtxRetain = @convention(c) (UnsafeMutablePointer<Context?>?, Int32) -> Int32
    typealias CuCtxSetCurrent = @convention(c) (Context?) -> Int32
    typealias CuMemAlloc = @convention(c) (UnsafeMutablePointer<UInt64>?, Int) -> Int32
    typealias CuMemFree = @convention(c) (UInt64) -> Int32
    typealias CuMemcpyHtoD = @convention(c) (UInt64, UnsafeRawPointer?, Int) -> Int32
    typealias CuMemcpyDtoH = @convention(c) (UnsafeMutableRawPointer?, UInt64, Int) -> Int32
    typealias CuStreamSynchronize = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias CuCtxSynchronize = @convention(c) () -> Int32
    typealias CuGetErrorText = @convention(c) (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32

    let library: DynamicLibrary
    let cuInit: CuInit
    let cuDeviceGetCount: CuDeviceGetCount
    let cuDeviceGet: CuDeviceGet
    let cuDeviceGetName: CuDeviceGetName
    /// Optional: CUDA 13 renamed context creation; the primary context is what Ember uses.
    let cuCtxCreate: CuCtxCreate?
    let cuDevicePrimaryCtxRetain: CuDevicePrimaryCtxRetain
    let cuCtxSetCurrent: CuCtxSetCurrent
    let cuMemAlloc: CuMemAlloc
    let cuMemFree: CuMemFree
    let cuMemcpyHtoD: CuMemcpyHtoD
    let cuMemcpyDtoH: CuMemcpyDtoH
    let cuStreamSynchronize: CuStreamSynchronize
    let cuCtxSynchronize: CuCtxSynchronize
    let cuGetErrorString: CuGetErrorText?
    let cuGetErrorName: CuGetErrorText?

    /// cuInit's result: a driver with no GPU (or a broken install) loads but fails here.
    let initResult: Int32
    /// GPUs the driver sees (0 when cuInit failed).
    let deviceCount: Int

    private let contexts = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var primaryContexts: [Int: Context] = [:]

    /// The process-wide driver: loaded on first use from `CUDALibraryNames.driver()`.
    static let shared: Result<CUDADriver, LibraryLoadError> = load(candidates: CUDALibraryNames.driver())

    /// The driver when it loaded, initialised and sees at least one GPU.
    static var usable: CUDADriver? {
        guard case .success(let driver) = shared, driver.initResult == CUResultCode.success, driver.deviceCount > 0 else { return nil }
        return driver
    }

    /// Loads the driver from an explicit list of names (tests use this; `shared` uses the
    /// default list) and calls cuInit.
    static func load(candidates: [String]) -> Result<CUDADriver, LibraryLoadError> {
        switch DynamicLibrary.open(library: "the CUDA driver (libcuda)", candidates: candidates) {
        case .failure(let error): return .failure(error)
        case .success(let library):
            do { return .success(try CUDADriver(library)) } catch { return .failure(error) }
        }
    }

    private init(_ lib: DynamicLibrary) throws(LibraryLoadError) {
        library = lib
        cuInit = try lib.require("cuInit", as: CuInit.self)
        cuDeviceGetCount = try lib.require("cuDeviceGetCount", as: CuDeviceGetCount.self)
        cuDeviceGet = try lib.require("cuDeviceGet", as: CuDeviceGet.self)
        cuDeviceGetName = try lib.require("cuDeviceGetName", as: CuDeviceGetName.self)
        cuCtxCreate = lib.symbol("cuCtxCreate_v2", as: CuCtxCreate.self)
        cuDevicePrimaryCtxRetain = try lib.require("cuDevicePrimaryCtxRetain", as: CuDevicePrimaryCtxRetain.self)
        cuCtxSetCurrent = try lib.require("cuCtxSetCurrent", as: CuCtxSetCurrent.self)
        cuMemAlloc = try lib.require("cuMemAlloc_v2", as: CuMemAlloc.self)
        cuMemFree = try lib.require("cuMemFree_v2", as: CuMemFree.self)
        cuMemcpyHtoD = try lib.require("cuMemcpyHtoD_v2", as: CuMemcpyHtoD.self)
        cuMemcpyDtoH = try lib.require("cuMemcpyDtoH_v2", as: CuMemcpyDtoH.self)
        cuStreamSynchronize = try lib.require("cuStreamSynchronize", as: CuStreamSynchronize.self)
        cuCtxSynchronize = try lib.require("cuCtxSynchronize", as: CuCtxSynchronize.self)
        cuGetErrorString = lib.symbol("cuGetErrorString", as: CuGetErrorText.self)
        cuGetErrorName = lib.symbol("cuGetErrorName", as: CuGetErrorText.self)
        pthread_mutex_init(contexts, nil)

        initResult = cuInit(0)
        var count: Int32 = 0
        if initResult == CUResultCode.success, cuDeviceGetCount(&count) == CUResultCode.success {
            deviceCount = Int(count)
        } else {
            deviceCount = 0
        }
    }

    /// Throws a `CUDADriverError` for a failed call.
    func check(_ result: Int32, _ call: String) throws(CUDADriverError) {
        guard result != CUResultCode.success else { return }
        throw CUDADriverError(code: result, name: text(cuGetErrorName, result) ?? "CUresult",
                              message: text(cuGetErrorString, result) ?? "unknown error", call: call)
    }

    private func text(_ f: CuGetErrorText?, _ code: Int32) -> String? {
        var s: UnsafePointer<CChar>? = nil
        guard let f, f(code, &s) == CUResultCode.success, let s else { return nil }
        return String(cString: s)
    }

    /// `cuDeviceGetName` for ordinal `index` (the caller checks the range).
    func deviceName(_ index: Int) throws(CUDADriverError) -> String {
        var device: Int32 = 0
        try check(cuDeviceGet(&device, Int32(index)), "cuDeviceGet")
        var buffer = [CChar](repeating: 0, count: 256)
        try check(cuDeviceGetName(&buffer, Int32(buffer.count), device), "cuDeviceGetName")
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Makes device `index`'s primary context current on this thread (retained once, as the
    /// CUDA runtime and PyTorch do), so later calls on this thread target that GPU.
    func makeCurrent(_ index: Int) throws(CUDADriverError) {
        pthread_mutex_lock(contexts)
        defer { pthread_mutex_unlock(contexts) }
        if let ctx = primaryContexts[index] {
            try check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent")
            return
        }
        var device: Int32 = 0
        try check(cuDeviceGet(&device, Int32(index)), "cuDeviceGet")
        var ctx: Context? = nil
        try check(cuDevicePrimaryCtxRetain(&ctx, device), "cuDevicePrimaryCtxRetain")
        guard let ctx else { throw CUDADriverError(code: -1, name: "CUresult", message: "null primary context", call: "cuDevicePrimaryCtxRetain") }
        primaryContexts[index] = ctx
        try check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent")
    }

    /// Waits for all work queued on device `index`.
    func synchronize(_ index: Int) throws(CUDADriverError) {
        try makeCurrent(index)
        try check(cuCtxSynchronize(), "cuCtxSynchronize")
    }
}
