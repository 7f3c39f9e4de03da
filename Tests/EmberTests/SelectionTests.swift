import Testing
@testable import Ember

// kthvalue, median and mode, pinned to PyTorch 2.15. kthvalue/median cases avoid ties,
// whose index PyTorch leaves unspecified.
//   nan = float('nan')
//   a = torch.tensor([[0.5, -1.0, 2.0, 3.5], [4.0, 0.0, -2.5, 1.0], [9.0, 7.0, 8.0, -3.0]])

@Suite struct SelectionTests {
    let a = Tensor([[0.5, -1.0, 2.0, 3.5], [4.0, 0.0, -2.5, 1.0], [9.0, 7.0, 8.0, -3.0]])

    @Test func kthvalueAlongDims() {
        // a.kthvalue(2)
        let (v, i) = a.kthvalue(2)
        expectTensor(v, [0.5, 0, 7], shape: [3], dtype: .float32)
        expectExact(i, [0, 1, 1], shape: [3], dtype: .int64)
        // a.kthvalue(3, dim=0, keepdim=True)
        let (v0, i0) = a.kthvalue(3, dim: 0, keepdim: true)
        expectTensor(v0, [9, 7, 8, 3.5], shape: [1, 4])
        expectExact(i0, [2, 2, 2, 0], shape: [1, 4])
        // a.t().kthvalue(1, dim=1)
        let (tv, ti) = kthvalue(a.t(), 1, dim: 1)
        expectTensor(tv, [0.5, -1, -2.5, -3], shape: [4])
        expectExact(ti, [0, 0, 1, 2], shape: [4])
        // a[::2].kthvalue(4)
        let (sv, si) = a[.slice(step: 2)].kthvalue(4)
        expectTensor(sv, [3.5, 9], shape: [2])
        expectExact(si, [3, 0], shape: [2])
        // torch.tensor([3, 1, 2, 7]).kthvalue(3)
        let (iv, ii) = Tensor([3, 1, 2, 7]).kthvalue(3)
        expectExact(iv, [3], shape: [], dtype: .int64)
        expectExact(ii, [0], shape: [])
        // torch.tensor([1., nan, 0.]).kthvalue(3)  (NaN ranks last)
        let (nv, ni) = Tensor([1.0, .nan, 0.0]).kthvalue(3)
        expectTensor(nv, [.nan], shape: [])
        expectExact(ni, [1], shape: [])
    }

    @Test func medianOfAllElements() {
        // a.median(); torch.tensor([4., 1., 3., 2.]).median()  (the lower of the two middles)
        expectTensor(a.median(), [1], shape: [], dtype: .float32)
        expectTensor(median(Tensor([4.0, 1, 3, 2])), [2], shape: [])
        // torch.tensor([1., nan, 2.]).median(); torch.tensor([]).median()
        expectTensor(Tensor([1.0, .nan, 2]).median(), [.nan], shape: [])
        expectTensor(Tensor.zeros(0).median(), [.nan], shape: [])
        // torch.tensor([[5, 1], [3, 9]]).median()
        expectExact(Tensor([[5, 1], [3, 9]]).median(), [3], shape: [], dtype: .int64)
    }

    @Test func medianAlongDim() {
        // a.median(dim=1)
        let (v, i) = a.median(dim: 1)
        expectTensor(v, [0.5, 0, 7], shape: [3])
        expectExact(i, [0, 1, 1], shape: [3])
        // a.t().median(dim=0, keepdim=True)
        let (tv, ti) = median(a.t(), dim: 0, keepdim: true)
        expectTensor(tv, [0.5, 0, 7], shape: [1, 3])
        expectExact(ti, [0, 1, 1], shape: [1, 3])
        // torch.tensor([[1., nan, 3., nan], [2., 0., 1., 5.]]).median(dim=1)  (NaN: the first one)
        let (nv, ni) = Tensor([[1.0, .nan, 3, .nan], [2, 0, 1, 5]]).median(dim: 1)
        expectTensor(nv, [.nan, 1], shape: [2])
        expectExact(ni, [1, 2], shape: [2])
        // torch.tensor(4.).median(dim=0)
        let (zv, zi) = Tensor(4.0).median(dim: 0)
        expectTensor(zv, [4], shape: [])
        expectExact(zi, [0], shape: [])
    }

    @Test func modeCountsAndLastIndex() {
        // torch.tensor([2., 1., 1., 2., 3., 1., 2.]).mode()  (1 and 2 tie: the smaller wins)
        let (v, i) = Tensor([2.0, 1, 1, 2, 3, 1, 2]).mode()
        expectTensor(v, [1], shape: [])
        expectExact(i, [5], shape: [])
        // torch.tensor([[1, 2, 2], [3, 3, 4]]).mode(1, keepdim=True)
        let (kv, ki) = Tensor([[1, 2, 2], [3, 3, 4]]).mode(dim: 1, keepdim: true)
        expectExact(kv, [2, 3], shape: [2, 1], dtype: .int64)
        expectExact(ki, [2, 1], shape: [2, 1])
        // torch.tensor([[1, 2], [3, 4], [1, 4]]).t().mode(dim=1)
        let (tv, ti) = mode(Tensor([[1, 2], [3, 4], [1, 4]]).t(), dim: 1)
        expectExact(tv, [1, 4], shape: [2])
        expectExact(ti, [2, 2], shape: [2])
        // torch.tensor([1., nan, nan, 2.]).mode()  (NaNs never equal: each counts once)
        let (nv, ni) = Tensor([1.0, .nan, .nan, 2]).mode()
        expectTensor(nv, [1], shape: [])
        expectExact(ni, [0], shape: [])
    }

    @Test func gradients() throws {
        let x = Tensor([[0.9, -0.1, 0.35, 1.7], [-2.0, 0.6, 0.15, -0.8], [0.4, 1.2, -1.1, 0.05]], dtype: .float64, requiresGrad: true)
        // x.median().backward(); x.grad
        x.median().backward()
        expectTensor(x.grad!, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0], shape: [3, 4], dtype: .float64)
        // g = torch.tensor([1., 2., 2., 3.], dtype=torch.float64, requires_grad=True); g.median().backward()
        let ties = Tensor([1.0, 2, 2, 3], dtype: .float64, requiresGrad: true)
        ties.median().backward()
        expectTensor(ties.grad!, [0, 0.5, 0.5, 0], shape: [4])
        // g = torch.tensor([1., nan, 2., nan], dtype=torch.float64, requires_grad=True); g.median().backward()
        let nans = Tensor([1.0, .nan, 2, .nan], dtype: .float64, requiresGrad: true)
        nans.median().backward()
        expectTensor(nans.grad!, [0, 0.5, 0, 0.5], shape: [4])
        // v, i = x.kthvalue(2, dim=0); (v * torch.tensor([1., 2, 3, 4])).sum().backward()
        x.grad = nil
        (x.kthvalue(2, dim: 0).values * Tensor([1.0, 2, 3, 4], dtype: .float64)).sum().backward()
        expectTensor(x.grad!, [0, 0, 0, 0, 0, 2, 3, 0, 1, 0, 0, 4], shape: [3, 4])
        // grad_fn names
        #expect(x.median().gradFn?.name == "MedianBackward0")
        #expect(x.median(dim: 0).values.gradFn?.name == "MedianBackward1")
        #expect(x.kthvalue(1).values.gradFn?.name == "KthvalueBackward0")
        #expect(x.mode().values.gradFn?.name == "ModeBackward0")

        #expect(try gradcheck({ $0[0].kthvalue(3, dim: 1).values }, [x]))
        #expect(try gradcheck({ $0[0].t().median(dim: 1, keepdim: true).values }, [x]))
        #expect(try gradcheck({ $0[0].median() }, [x]))
        #expect(try gradcheck({ $0[0].mode(dim: 0).values }, [x]))
        #expect(try gradgradcheck({ $0[0].median(dim: 0).values * $0[0].median(dim: 0).values }, [x]))
    }

    @Test func errors() async {
        // torch.tensor([1., 2., 3.]).kthvalue(4)
        let k = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2, 3]).kthvalue(4)
        }
        #expect(opsStderr(k).contains("kthvalue(): selected number k out of range for dimension 0"))
        // torch.zeros(0, 3).median(0)
        let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(0, 3).median(dim: 0)
        }
        #expect(opsStderr(empty).contains("median(): Expected reduction dim 0 to have non-zero size."))
    }
}
