/// An n-dimensional array with a dtype and a device, recorded by autograd when it requires
/// gradients: PyTorch's `torch.Tensor`.
///
/// A reference type, as in PyTorch: views share storage, in-place ops are visible through
/// every view, and `let w` can be updated in place. `@unchecked Sendable`: a tensor may be
/// handed to another thread, but mutating one from two threads at once is not safe.
public final class Tensor: @unchecked Sendable {
    /// The buffer this tensor views; shared by every view of it.
    @exclusivity(unchecked) public internal(set) var storage: Storage
    /// The size of each dimension.
    @exclusivity(unchecked) public internal(set) var shape: [Int]
    /// Elements to skip per step in each dimension.
    @exclusivity(unchecked) public internal(set) var strides: [Int]
    /// The first element's offset into `storage`, in elements.
    @exclusivity(unchecked) public internal(set) var storageOffset: Int
    @exclusivity(unchecked) public internal(set) var dtype: DType

    // Hot fields are `@exclusivity(unchecked)`: every op reads them, a dynamic exclusivity
    // check costs a runtime call per access, and no code holds an inout access across a call.

    // MARK: Autograd metadata (see Autograd/)

    /// True for a leaf that asked for gradients; non-leaves require grad through `gradFn`.
    @exclusivity(unchecked) var leafRequiresGrad = false
    /// The node that produced this tensor, nil for leaves.
    @exclusivity(unchecked) public internal(set) var gradFn: Node?
    /// Which output of `gradFn` this tensor is.
    @exclusivity(unchecked) var outputNr = 0
    /// The gradient accumulated by `backward()`, for leaves (and non-leaves after `retainGrad()`).
    @exclusivity(unchecked) public var grad: Tensor?
    /// Created on first use in a graph and kept (PyTorch remakes it per graph: a weak
    /// reference, whose side table makes every retain of the node slow).
    @exclusivity(unchecked) var gradAccumulator: AccumulateGrad?
    @exclusivity(unchecked) var retainsGradFlag = false
    /// Hooks on a leaf's gradient (non-leaf hooks live on the node that made the tensor).
    var leafHooks: [(id: Int, hook: (Tensor) -> Tensor?)] = []
    /// The tensor this one is a view of (PyTorch's `_base`), so in-place writes through the
    /// view can update the base's autograd history. Nil for tensors that own their layout.
    @exclusivity(unchecked) var viewBase: Tensor?
    /// A Swift number wrapped as a 0-d operand: it joins type promotion by category only.
    @exclusivity(unchecked) var isWrappedNumber = false
    /// Non-zero while a graph capture knows this tensor as one of its values (Export/).
    @exclusivity(unchecked) var traceTag: UInt32 = 0

    init(storage: Storage, shape: [Int], strides: [Int], offset: Int, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.storageOffset = offset
        self.dtype = dtype
        MemoryDiagnostics.track(0, 1)
    }

    deinit {
        MemoryDiagnostics.track(0, -1)
        gradAccumulator?.variable = nil
        // gradFn is released with the other members: a node that frees a chain of further
        // nodes unrolls it without recursion (Node.deinit).
    }

    /// A new contiguous tensor with uninitialised contents.
    convenience init(uninitializedShape shape: [Int], dtype: DType, device: Device = .cpu,
                     file: StaticString = #fileID, line: UInt = #line) {
        let count = shape.reduce(1, *)
        let storage = Storage(byteCount: count * dtype.itemSize, backend: backendFor(device, file: file, line: line))
        self.init(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype)
    }

    /// The device holding the storage.
    public var device: Device { storage.device }
    /// `torch.Tensor.dim()`.
    public var ndim: Int { shape.count }
    /// `numel()`: the number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// `size()`: the shape.
    public func size() -> [Int] { shape }
    /// `size(d)`, negative `d` counting from the end.
    public func size(_ dim: Int, file: StaticString = #fileID, line: UInt = #line) -> Int {
        if ndim == 0 { emberFatal("Dimension specified as \(dim) but tensor has no dimensions", file: file, line: line) }
        return shape[normalizeDim(dim, ndim, file: file, line: line)]
    }
    /// `stride()`, in elements.
    public func stride() -> [Int] { strides }

    /// True when the elements are laid out row-major with no gaps.
    public var isContiguous: Bool {
        var expected = 1
        for d in Swift.stride(from: ndim - 1, through: 0, by: -1) where shape[d] != 1 {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        return true
    }

    /// The layout a kernel reads.
    var view: StridedView {
        if traceTag != 0 { Tensor.noteTracedRead() }
        return StridedView(storage: storage, shape: shape, strides: strides, offset: storageOffset, dtype: dtype)
    }

    /// The same layout broadcast to `shape` (stride 0 in expanded dims).
    func view(broadcastTo target: [Int]) -> StridedView {
        if traceTag != 0 { Tensor.noteTracedRead() }
        return StridedView(storage: storage, shape: target, strides: broadcastStrides(shape, strides, to: target),
                    offset: storageOffset, dtype: dtype)
    }

    var backend: any Backend { storage.backend }

    /// A tensor sharing this one's storage with another layout (no autograd recording).
    func alias(shape: [Int], strides: [Int], offset: Int) -> Tensor {
        if traceTag != 0 { Tensor.noteTracedRead() }
        return Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }

    /// Marks an in-place write through any view: autograd compares versions.
    func bumpVersion() { storage.version += 1 }
}

/// The backends by device kind. The CPU is always there; a device backend (CUDA) registers
/// itself when its driver loads, so the front end never names a device's implementation.
enum BackendRegistry {
    private static let backends = Mutex<[Device.Kind: any Backend]>([.cpu: CPUBackend.shared])

    static func register(_ backend: any Backend) {
        backends.withLock { $0[backend.device.kind] = backend }
    }

    static func backend(for kind: Device.Kind) -> (any Backend)? {
        backends.withLock { $0[kind] }
    }
}

/// The backend that owns memory on `device`; stops with PyTorch's message where none exists.
func backendFor(_ device: Device, file: StaticString = #fileID, line: UInt = #line) -> any Backend {
    if device.kind == .cpu { return CPUBackend.shared }  // every op allocates: skip the registry lock
    if let backend = BackendRegistry.backend(for: device.kind) { return backend }
    switch device.kind {
    case .mps: emberFatal("The MPS backend is supported on MacOS 12.3+. Current OS version can be queried using `sw_vers`", file: file, line: line)
    default: CUDA.noCUDA(file: file, line: line)
    }
}
