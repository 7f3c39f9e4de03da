#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds an epoch's batches on `workers` threads, PyTorch's way: batch `k` goes to worker
/// `k % workers`, at most `window` batches are in flight ahead of the consumer, and batches
/// are handed out in order. A batch's error is handed out in that batch's place. When the
/// consumer drops its iterator early the workers finish their current batch and exit.
final class Prefetcher<Batch: Sendable>: BatchSource, @unchecked Sendable {
    private let batches: [[Int]]
    private let fetch: @Sendable ([Int]) throws -> Batch
    private let window: Int
    // Guarded by `lock`.
    private var results: [Int: Result<Batch, any Error>] = [:]
    private var nextToYield = 0
    private var stopped = false
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(batches: [[Int]], fetch: @escaping @Sendable ([Int]) throws -> Batch, workers: Int,
         window: Int, baseSeed: Int64) {
        self.batches = batches
        self.fetch = fetch
        self.window = Swift.max(window, 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
        let n = Swift.min(workers, batches.count)
        for id in 0..<n {
            // PyTorch seeds worker `id` with base_seed + id.
            let seed = UInt64(bitPattern: baseSeed) &+ UInt64(id)
            let info = WorkerInfo(id: id, numWorkers: n, seed: seed, generator: Generator(seed: seed))
            startThread { [self] in self.work(info) }
        }
    }

    deinit {
        pthread_mutex_destroy(lock)
        pthread_cond_destroy(changed)
        lock.deallocate()
        changed.deallocate()
    }

    /// Called when the consumer's iterator goes away: lets idle workers exit.
    func stop() {
        pthread_mutex_lock(lock)
        stopped = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    func next() throws -> Batch? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard !stopped, nextToYield < batches.count else { return nil }
        while results[nextToYield] == nil { pthread_cond_wait(changed, lock) }
        let result = results.removeValue(forKey: nextToYield)!
        nextToYield += 1
        pthread_cond_broadcast(changed)
        switch result {
        case .success(let batch):
            return batch
        case .failure(let error):
            // PyTorch re-raises a worker's error and the epoch ends there.
            stopped = true
            throw error
        }
    }

    private func work(_ info: WorkerInfo) {
        WorkerInfo.setCurrent(info)
        defer { WorkerInfo.setCurrent(nil) }
        for k in Swift.stride(from: info.id, to: batches.count, by: info.numWorkers) {
            pthread_mutex_lock(lock)
            while !stopped && k >= nextToYield + window { pthread_cond_wait(changed, lock) }
            let stop = stopped
            pthread_mutex_unlock(lock)
            if stop { return }
            let result = Result { try fetch(batches[k]) }
            pthread_mutex_lock(lock)
            results[k] = result
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
        }
    }
}

/// The iterator's hold on a prefetcher: when the last copy of the iterator goes, the workers stop.
final class PrefetchHandle<Batch: Sendable>: BatchSource {
    let prefetcher: Prefetcher<Batch>
    init(_ prefetcher: Prefetcher<Batch>) { self.prefetcher = prefetcher }
    deinit { prefetcher.stop() }
    func next() throws -> Batch? { try prefetcher.next() }
}

private final class ThreadStart {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` on a new detached thread.
private func startThread(_ body: @escaping @Sendable () -> Void) {
    let box = Unmanaged.passRetained(ThreadStart(body)).toOpaque()
    #if canImport(Darwin)
    var thread: pthread_t? = nil
    #else
    var thread = pthread_t()
    #endif
    let status = pthread_create(&thread, nil, { raw in
        Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, box)
    guard status == 0 else {
        Unmanaged<ThreadStart>.fromOpaque(box).release()
        emberFatal("DataLoader: could not start a worker thread (error \(status))")
    }
    #if canImport(Darwin)
    if let thread { pthread_detach(thread) }
    #else
    pthread_detach(thread)
    #endif
}
