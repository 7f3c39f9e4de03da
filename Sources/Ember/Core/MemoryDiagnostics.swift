import CEmberKernels

/// Counts of live tensors and graph nodes, for finding leaks (a graph that is never
/// freed grows these every training step).
public enum MemoryDiagnostics {
    /// Tensor objects alive now (views and aliases count separately).
    public static var liveTensors: Int { ember_count_get(0) }
    /// Autograd graph nodes alive now.
    public static var liveNodes: Int { ember_count_get(1) }
    /// Storage buffers alive now.
    public static var liveStorages: Int { ember_count_get(2) }

    /// Bytes of freed CPU buffers the caching allocator holds for reuse.
    public static var cachedCPUBytes: Int { CPUAllocator.shared.cachedBytes }
    /// Returns the CPU allocator's cached buffers to the OS.
    public static func emptyCPUCache() { CPUAllocator.shared.emptyCache() }

    @inline(__always) static func track(_ which: Int32, _ delta: Int) { ember_count_add(which, delta) }
}
