import Testing
@testable import Ember

/// A second Backend conformance that keeps its memory on the host but reports itself as
/// `cuda:0` (registered only inside the tests that use it; exit tests run in a fresh process): proof that the front end is device-opaque (the CUDA backend will be another
/// conformance), and a way to test the device checks on a machine with no GPU.
final class HostBackedFakeGPU: Backend, @unchecked Sendable {
    static let shared = HostBackedFakeGPU()
    let device = Device.cuda(0)
    private let host = CPUBackend.shared
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer { host.allocate(byteCount: byteCount) }
    func deallocate(_ address: UnsafeMutableRawPointer, byteCount: Int) { host.deallocate(address, byteCount: byteCount) }
    func copy(_ src: StridedView, into dst: StridedView) { host.copy(src, into: dst) }
    func fill(_ dst: StridedView, with value: ScalarValue) { host.fill(dst, with: value) }
    func upload<T: TensorScalar>(_ values: UnsafeBufferPointer<T>, into dst: StridedView) { host.upload(values, into: dst) }
    func download<T: TensorScalar>(_ src: StridedView, as type: T.Type) -> [T] { host.download(src, as: type) }
    func unary(_ op: UnaryOp, _ x: StridedView, into out: StridedView) { host.unary(op, x, into: out) }
    func binary(_ op: BinaryOp, _ a: StridedView, _ b: StridedView, into out: StridedView) { host.binary(op, a, b, into: out) }
    func select(_ c: StridedView, _ a: StridedView, _ b: StridedView, into out: StridedView) { host.select(c, a, b, into: out) }
    func clamp(_ x: StridedView, min: ScalarValue?, max: ScalarValue?, into out: StridedView) { host.clamp(x, min: min, max: max, into: out) }
    func reduce(_ op: ReduceOp, _ x: StridedView, dims: [Int], into out: StridedView) { host.reduce(op, x, dims: dims, into: out) }
    func argReduce(max: Bool, _ x: StridedView, dim: Int, values: StridedView, indices: StridedView) {
        host.argReduce(max: max, x, dim: dim, values: values, indices: indices)
    }
    func cumsum(_ x: StridedView, dim: Int, into out: StridedView) { host.cumsum(x, dim: dim, into: out) }
    func matmul(_ a: StridedView, _ b: StridedView, into out: StridedView, accumulate: Bool) {
        host.matmul(a, b, into: out, accumulate: accumulate)
    }
    func indexSelect(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView) { host.indexSelect(x, dim: dim, index: index, into: out) }
    func gather(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView) { host.gather(x, dim: dim, index: index, into: out) }
    func scatter(_ src: StridedView, dim: Int, index: StridedView, into out: StridedView, accumulate: Bool) {
        host.scatter(src, dim: dim, index: index, into: out, accumulate: accumulate)
    }

    /// A tensor on the fake device holding `values`.
    static func tensor(_ values: [Float]) -> Tensor {
        let storage = Storage(byteCount: values.count * 4, backend: shared)
        let t = Tensor(storage: storage, shape: [values.count], strides: [1], offset: 0, dtype: .float32)
        values.withUnsafeBufferPointer { shared.upload($0, into: t.view) }
        return t
    }
}

@Suite struct DeviceTests {
    @Test func devicesPrintAsPyTorch() {
        #expect(Device.cpu.description == "cpu")
        #expect(Device.cuda.description == "cuda")
        #expect(Device.cuda(1).description == "cuda:1")
        #expect(Tensor.zeros(2).device == .cpu)
    }

    @Test func noGPUOnThisMachine() {
        #expect(!CUDA.isAvailable)
        #expect(CUDA.deviceCount == 0)
        #expect(!MPS.isAvailable)
    }

    @Test func movingToTheSameDeviceIsIdentity() {
        let t = Tensor([1.0, 2.0])
        #expect(t.to(.cpu) === t)
        #expect(t.cpu() === t)
    }

    @Test func opsRunOnAnotherBackendAndPrintTheDevice() {
        BackendRegistry.register(HostBackedFakeGPU.shared)
        let g = HostBackedFakeGPU.tensor([1, 2, 3])
        let r = g * 2 + 1
        #expect(r.device == .cuda(0))
        #expect(String(describing: r) == "tensor([3., 5., 7.], device='cuda:0')")
        let back = r.to(.cpu)
        #expect(back.device == .cpu && back.toArray(Double.self) == [3, 5, 7])
    }

    // torch.zeros(2).to('cuda') on a machine with no driver:
    // RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx
    @Test func movingToCUDAWithoutAGPU() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(2).to(.cuda)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx"))
        #expect(stderr.contains("DeviceTests.swift:"))
    }

    @Test func creatingOnCUDAWithoutAGPU() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.randn(2, 2, device: .cuda)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Found no NVIDIA driver on your system."))
    }

    // torch.ones(2, device='cuda') + torch.ones(2):
    // Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!
    @Test func mixingDevicesIsAnError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            BackendRegistry.register(HostBackedFakeGPU.shared)
            _ = HostBackedFakeGPU.tensor([1, 2]) + Tensor.ones(2)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"))
    }
}
