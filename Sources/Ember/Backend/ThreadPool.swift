#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CEmberKernels

/// The number of threads Ember's CPU kernels use: the cores this process may run on, or
/// `EMBER_NUM_THREADS`, or what `setNumThreads(_:)` last set (`torch.set_num_threads`).
public func getNumThreads() -> Int { ThreadPool.shared.threadCount }

/// Sets the number of threads the CPU kernels use (1 disables threading). Results do not
/// depend on it: kernels split work into tasks fixed by the problem, never by the thread count.
public func setNumThreads(_ n: Int, file: StaticString = #fileID, line: UInt = #line) {
    if n <= 0 { emberFatal("set_num_threads expects a positive integer", file: file, line: line) }
    ThreadPool.shared.threadCount = n
}

/// One persistent pool of worker threads. `parallelFor` hands out task indices through an
/// atomic counter; the caller works too. Callers choose the tasks (their count and what each
/// covers) from the problem size alone, so every result is bit-identical at any thread count.
/// A call made while the pool is busy (a nested call, or another thread such as a DataLoader
/// worker) runs its tasks inline on the calling thread.
package final class ThreadPool: @unchecked Sendable {
    package static let shared = ThreadPool()

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let submit = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// [next task, generation, workers still running, tasks run by workers]
    private let counters = UnsafeMutablePointer<Int>.allocate(capacity: 4)
    private var taskCount = 0
    private var participants = 0
    private var body: ((Int) -> Void)?
    private var workers = 0
    private var requested: Int
    /// Pause instructions a thread spins (tens of microseconds) for the next job, or for the
    /// others to finish, before sleeping: back-to-back loops (a GEMM's packing and multiply,
    /// a training step's ops) then skip a futex sleep and wake-up each.
    private static let spinLimit = 2000

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_mutex_init(submit, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
        counters.initialize(repeating: 0, count: 4)
        var n = Int(ember_cpu_count())
        if let env = getenv("EMBER_NUM_THREADS"), let v = Int(String(cString: env)), v > 0 { n = v }
        requested = n
    }

    /// Threads used by `parallelFor` (the caller included).
    package var threadCount: Int {
        get { pthread_mutex_lock(submit); defer { pthread_mutex_unlock(submit) }; return requested }
        set { pthread_mutex_lock(submit); requested = newValue; pthread_mutex_unlock(submit) }
    }

    /// How many tasks worker threads (not callers) have run: tests use it to show that
    /// more than one thread really worked.
    package var workerTaskCount: Int { ember_atomic_load(counters + 3) }

    /// Runs `body(0) … body(tasks - 1)`, each exactly once, spread over the pool's threads,
    /// and returns when all are done. Tasks must write disjoint memory.
    package func parallelFor(_ tasks: Int, _ body: (Int) -> Void) {
        if tasks <= 0 { return }
        if tasks == 1 || pthread_mutex_trylock(submit) != 0 {
            for t in 0..<tasks { body(t) }
            return
        }
        defer { pthread_mutex_unlock(submit) }
        let helpers = Swift.min(requested, tasks) - 1
        if helpers <= 0 {
            for t in 0..<tasks { body(t) }
            return
        }
        while workers < helpers { spawnWorker() }
        withoutActuallyEscaping(body) { escaping in
            pthread_mutex_lock(lock)
            self.body = escaping
            taskCount = tasks
            participants = helpers
            ember_atomic_store(counters, 0)
            ember_atomic_store(counters + 2, helpers)
            ember_atomic_fetch_add(counters + 1, 1)
            pthread_cond_broadcast(wake)
            pthread_mutex_unlock(lock)

            runTasks(escaping, tasks, countAsWorker: false)

            var spins = 0
            while ember_atomic_load(counters + 2) > 0 && spins < Self.spinLimit { ember_cpu_relax(); spins += 1 }
            pthread_mutex_lock(lock)
            while ember_atomic_load(counters + 2) > 0 { pthread_cond_wait(done, lock) }
            self.body = nil
            pthread_mutex_unlock(lock)
        }
    }

    private func runTasks(_ body: (Int) -> Void, _ tasks: Int, countAsWorker: Bool) {
        while true {
            let t = ember_atomic_fetch_add(counters, 1)
            if t >= tasks { return }
            body(t)
            if countAsWorker { ember_atomic_fetch_add(counters + 3, 1) }
        }
    }

    private func runCurrentJob() {
        pthread_mutex_lock(lock)
        let job = body!
        let tasks = taskCount
        pthread_mutex_unlock(lock)
        runTasks(job, tasks, countAsWorker: true)
    }

    private func spawnWorker() {
        let index = workers
        workers += 1
        let box = Unmanaged.passRetained(WorkerStart(pool: self, index: index)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        pthread_create(&thread, nil, { raw in
            let start = Unmanaged<WorkerStart>.fromOpaque(raw!).takeRetainedValue()
            start.pool.workerLoop(index: start.index)
            return nil
        }, box)
        #if canImport(Darwin)
        if let thread { pthread_detach(thread) }
        #else
        pthread_detach(thread)
        #endif
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while ember_atomic_load(counters + 1) == seen && spins < Self.spinLimit { ember_cpu_relax(); spins += 1 }
            pthread_mutex_lock(lock)
            // Only the first `participants` workers join a job; the others keep sleeping.
            while ember_atomic_load(counters + 1) == seen || index >= participants || body == nil {
                if ember_atomic_load(counters + 1) != seen && (index >= participants || body == nil) {
                    seen = ember_atomic_load(counters + 1)
                }
                pthread_cond_wait(wake, lock)
            }
            seen = ember_atomic_load(counters + 1)
            pthread_mutex_unlock(lock)
            // The job's closure must be released before the caller is told we are done:
            // `withoutActuallyEscaping` checks that nothing kept it.
            runCurrentJob()

            pthread_mutex_lock(lock)
            if ember_atomic_fetch_add(counters + 2, -1) == 1 { pthread_cond_signal(done) }
            pthread_mutex_unlock(lock)
        }
    }
}

private final class WorkerStart {
    let pool: ThreadPool
    let index: Int
    init(pool: ThreadPool, index: Int) { self.pool = pool; self.index = index }
}
