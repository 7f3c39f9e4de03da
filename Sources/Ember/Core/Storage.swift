/// A device-opaque buffer: the backend that allocated it is the only code that reads its
/// address, so a CUDA backend adds a conformance instead of changing the front end.
///
/// The version counter lives here, shared by every view and by `detach()`, as in PyTorch:
/// each in-place write bumps it, and autograd compares it with the version it saved.
public final class Storage: @unchecked Sendable {
    public let device: Device
    public let byteCount: Int
    let backend: any Backend
    let address: UnsafeMutableRawPointer
    /// Bumped by every in-place write through any view.
    @exclusivity(unchecked) public internal(set) var version: Int = 0

    init(byteCount: Int, backend: any Backend) {
        self.byteCount = byteCount
        self.backend = backend
        self.device = backend.device
        self.address = backend.allocate(byteCount: byteCount)
        MemoryDiagnostics.track(2, 1)
    }

    deinit {
        backend.deallocate(address, byteCount: byteCount)
        MemoryDiagnostics.track(2, -1)
    }
}
