import Testing
@testable import Ember

// In-place writes through views update the base's history (PyTorch's CopySlices).

@Suite struct ViewWriteTests {
    // x = torch.tensor([1.,2.,3.], requires_grad=True); y = x * 2; y[1:].mul_(3)
    // y -> tensor([ 2., 12., 18.], grad_fn=<CopySlices>); y.sum().backward(); x.grad -> [2., 6., 6.]
    @Test func inPlaceOnSliceOfNonLeaf() {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let y = x * 2
        y.narrow(0, 1, 2).mul_(3)
        expectTensor(y, [2, 12, 18], shape: [3])
        #expect(y.gradFn?.name == "CopySlices")
        y.sum().backward()
        expectTensor(x.grad!, [2, 6, 6], shape: [3])
    }

    // t = torch.zeros(3); w = torch.tensor([1.,2.], requires_grad=True); t[0:2].copy_(w*3)
    // (t*torch.tensor([1.,10.,100.])).sum().backward(); w.grad -> [3., 30.]
    @Test func copyIntoViewGivesBaseHistory() {
        let t = Tensor.zeros(3)
        let w = Tensor([1.0, 2.0], requiresGrad: true)
        t.narrow(0, 0, 2).copy_(w * 3)
        expectTensor(t, [3, 6, 0], shape: [3])
        #expect(t.gradFn?.name == "CopySlices")
        (t * Tensor([1.0, 10.0, 100.0])).sum().backward()
        expectTensor(w.grad!, [3, 30], shape: [2])
    }

    // a = torch.tensor([[1.,2.],[3.,4.]], requires_grad=True); b = a.clone(); row = b[0]
    // row.add_(a[1]*a[1]) -> row.grad_fn AsStridedBackward0, b.grad_fn CopySlices
    // (b*b).sum().backward(); a.grad -> [[20., 36.], [126., 296.]]
    @Test func viewBecomesViewOfUpdatedBase() {
        let a = Tensor([[1.0, 2.0], [3.0, 4.0]], requiresGrad: true)
        let b = a.clone()
        let row = b.select(0, 0)
        row.add_(a.select(0, 1) * a.select(0, 1))
        #expect(row.gradFn?.name == "AsStridedBackward0")
        #expect(b.gradFn?.name == "CopySlices")
        (b * b).sum().backward()
        expectTensor(a.grad!, [20, 36, 126, 296], shape: [2, 2])
    }

    @Test func secondDerivativeThroughSliceBackward() throws {
        // SliceBackward0 builds its gradient by a write into a view of zeros; with
        // createGraph that write is recorded, so gradgradcheck sees the dependence.
        let x = gcInput([2, 3])
        #expect(try gradgradcheck({ ($0[0].narrow(1, 1, 2) ** 2).sum(dim: 0) }, [x]))
        #expect(try gradgradcheck({ $0[0].select(1, 0) ** 3 }, [x]))
    }

    @Test func viewOfLeafInPlaceIsAnError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0], requiresGrad: true)
            x.narrow(0, 0, 1).add_(1)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("a view of a leaf Variable that requires grad is being used in an in-place operation."))
    }
}
