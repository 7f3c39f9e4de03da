#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `torch.utils.data.get_worker_info()`: on a DataLoader worker thread, which worker this is
/// and its generator; nil on any other thread.
///
/// PyTorch seeds each worker process's RNG with `base_seed + worker_id`; Ember's workers are
/// threads sharing one default generator, so each gets its own `generator`, seeded the same
/// way, and the random transforms use it. Batch `k` goes to worker `k % numWorkers` as in
/// PyTorch, so random augmentation is reproducible whatever the threads' timing.
public struct WorkerInfo: Sendable {
    public let id: Int
    public let numWorkers: Int
    /// `base_seed + id`.
    public let seed: UInt64
    public let generator: Generator

    /// The worker running on this thread, or nil outside DataLoader workers.
    public static var current: WorkerInfo? {
        guard let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(p).takeUnretainedValue().info
    }

    /// Installs `info` for the calling thread (a worker thread's first act).
    static func setCurrent(_ info: WorkerInfo?) {
        if let old = pthread_getspecific(key) {
            Unmanaged<Box>.fromOpaque(old).release()
        }
        pthread_setspecific(key, info.map { Unmanaged.passRetained(Box($0)).toOpaque() })
    }

    private final class Box {
        let info: WorkerInfo
        init(_ info: WorkerInfo) { self.info = info }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// The generator a random transform draws from: its own, else its worker's, else the default.
func transformGenerator(_ own: Generator?) -> Generator? {
    own ?? WorkerInfo.current?.generator
}
