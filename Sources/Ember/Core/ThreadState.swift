#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread settings, as PyTorch keeps them: grad mode, anomaly mode and the call site of
/// the module running now. A pthread key is used because it is cheaper to read on every op
/// than a task-local, and it works the same in synchronous code.
final class ThreadState {
    // Read on every op: no dynamic exclusivity checks (never accessed overlappingly).
    @exclusivity(unchecked) var gradEnabled = true
    @exclusivity(unchecked) var anomalyEnabled = false
    @exclusivity(unchecked) var sequenceNr = 0
    /// Set while `Module.callAsFunction` runs, so errors inside a layer name the user's line.
    @exclusivity(unchecked) var callSite: CallSite?
    /// The graph capture running on this thread (`export`), if any.
    @exclusivity(unchecked) var tracer: Tracer?

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<ThreadState>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<ThreadState>.fromOpaque(pointer).release() }
            #endif
        }
        return key
    }()

    static var current: ThreadState {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<ThreadState>.fromOpaque(pointer).takeUnretainedValue()
        }
        let state = ThreadState()
        pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
        return state
    }
}
