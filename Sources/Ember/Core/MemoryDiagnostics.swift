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

    @inline(__always) static func track(_ which: Int32, _ delta: Int) { ember_count_add(which, delta) }
}
