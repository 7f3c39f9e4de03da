import Testing
@testable import Ember

// sort, argsort and topk, pinned to PyTorch 2.15. Sorts are compared with stable=True (our
// sort is always stable); topk cases avoid ties, whose order PyTorch leaves unspecified.
//   nan = float('nan')
//   x = torch.tensor([2., nan, 1., 2., -0., 0., nan, 1., 2.])
//   m = torch.tensor([[3., 1., 2., 1.], [0., 5., 5., -1.], [4., 4., 4., 4.]])
//   w = torch.tensor([[0.5, -1.25, 3.0, 2.5, 0.0], [7.0, 6.0, -2.0, 1.5, 4.0]])

@Suite struct SortingTests {
    let x = Tensor([2.0, .nan, 1, 2, -0.0, 0, .nan, 1, 2])
    let m = Tensor([[3.0, 1, 2, 1], [0, 5, 5, -1], [4, 4, 4, 4]])
    let w = Tensor([[0.5, -1.25, 3.0, 2.5, 0.0], [7.0, 6.0, -2.0, 1.5, 4.0]])

    @Test func sortPutsNaNLastAndKeepsTiesInOrder() {
        // x.sort(stable=True)
        let (v, i) = x.sort(stable: true)
        expectTensor(v, [0, 0, 1, 1, 2, 2, 2, .nan, .nan], shape: [9], dtype: .float32)
        expectExact(i, [4, 5, 2, 7, 0, 3, 8, 1, 6], shape: [9], dtype: .int64)
        // x.sort(descending=True, stable=True)
        let (dv, di) = x.sort(descending: true)
        expectTensor(dv, [.nan, .nan, 2, 2, 2, 1, 1, 0, 0], shape: [9], dtype: .float32)
        expectExact(di, [1, 6, 0, 3, 8, 2, 7, 4, 5], shape: [9], dtype: .int64)
    }

    @Test func sortNonContiguousAndAlongDims() {
        // m.t().sort(dim=0, stable=True)
        let (tv, ti) = m.t().sort(dim: 0)
        expectTensor(tv, [1, -1, 4, 1, 0, 4, 2, 5, 4, 3, 5, 4], shape: [4, 3])
        expectExact(ti, [1, 3, 0, 3, 0, 1, 2, 1, 2, 0, 2, 3], shape: [4, 3])
        // m[:, ::2].sort(dim=1, descending=True, stable=True)
        let (sv, si) = m[.all, .slice(step: 2)].sort(dim: 1, descending: true)
        expectTensor(sv, [3, 2, 5, 0, 4, 4], shape: [3, 2])
        expectExact(si, [0, 1, 1, 0, 0, 1], shape: [3, 2])
        // m.sort(dim=0, stable=True)
        let (v0, i0) = m.sort(dim: 0, stable: true)
        expectTensor(v0, [0, 1, 2, -1, 3, 4, 4, 1, 4, 5, 5, 4], shape: [3, 4])
        expectExact(i0, [1, 0, 0, 1, 0, 2, 2, 0, 2, 1, 1, 2], shape: [3, 4])
        // m.argsort(dim=1, stable=True); m.argsort(dim=-1, descending=True, stable=True)
        expectExact(m.argsort(dim: 1), [1, 3, 2, 0, 3, 0, 1, 2, 0, 1, 2, 3], shape: [3, 4], dtype: .int64)
        expectExact(argsort(m, descending: true), [0, 2, 1, 3, 1, 2, 0, 3, 0, 1, 2, 3], shape: [3, 4])
    }

    @Test func sortIntegerAndBoolDtypes() {
        let n = Tensor([[5, -3, 5, 0], [2, 2, 9, -7]])
        // n.sort(stable=True)
        let (v, i) = n.sort()
        expectExact(v, [-3, 0, 5, 5, -7, 2, 2, 9], shape: [2, 4], dtype: .int64)
        expectExact(i, [1, 3, 0, 2, 3, 0, 1, 2], shape: [2, 4])
        // n.sort(dim=0, descending=True, stable=True)
        let (v0, i0) = sort(n, dim: 0, descending: true)
        expectExact(v0, [5, 2, 9, 0, 2, -3, 5, -7], shape: [2, 4])
        expectExact(i0, [0, 1, 1, 0, 1, 0, 0, 1], shape: [2, 4])
        // torch.tensor([2**62 + 1, 2**62, -5]).sort()  (exact beyond 2**53)
        let (bv, bi) = Tensor([Int64(1) << 62 + 1, Int64(1) << 62, -5]).sort()
        expectExact(bv, [-5, 4611686018427387904, 4611686018427387905], shape: [3])
        expectExact(bi, [2, 1, 0], shape: [3])
        // torch.tensor([3, 1, 2], dtype=torch.uint8).sort(descending=True)
        let (uv, ui) = Tensor([3, 1, 2], dtype: .uint8).sort(descending: true)
        expectExact(uv, [3, 2, 1], shape: [3], dtype: .uint8)
        expectExact(ui, [0, 2, 1], shape: [3])
        // torch.tensor([True, False, True, False]).sort(stable=True)
        let (bov, boi) = Tensor([true, false, true, false]).sort()
        expectExact(bov, [0, 0, 1, 1], shape: [4], dtype: .bool)
        expectExact(boi, [1, 3, 0, 2], shape: [4])
        // torch.tensor([4, -1, 4], dtype=torch.int32).sort(stable=True)
        let (iv, ii) = Tensor([4, -1, 4], dtype: .int32).sort()
        expectExact(iv, [-1, 4, 4], shape: [3], dtype: .int32)
        expectExact(ii, [1, 0, 2], shape: [3])
    }

    @Test func sortNarrowDtypes() {
        // torch.tensor([3, -1, 2], dtype=torch.int8).sort()
        let (iv, ii) = Tensor([3, -1, 2], dtype: .int8).sort()
        expectExact(iv, [-1, 2, 3], shape: [3], dtype: .int8)
        expectExact(ii, [1, 2, 0], shape: [3])
        // torch.tensor([1.5, -2.0, 0.25], dtype=torch.bfloat16).sort(descending=True)
        let (bv, bi) = Tensor([1.5, -2.0, 0.25], dtype: .bfloat16).sort(descending: true)
        expectTensor(bv, [1.5, 0.25, -2], shape: [3], dtype: .bfloat16)
        expectExact(bi, [0, 2, 1], shape: [3])
        // torch.tensor([7, -300, 5, 2], dtype=torch.int16).median()
        expectExact(Tensor([7, -300, 5, 2], dtype: .int16).median(), [2], shape: [], dtype: .int16)
        // torch.tensor([0.5, 0.5, 1.0], dtype=torch.bfloat16).unique(return_counts=True)
        let (uv, _, uc) = Tensor([0.5, 0.5, 1.0], dtype: .bfloat16).unique(returnCounts: true)
        expectTensor(uv, [0.5, 1], shape: [2], dtype: .bfloat16)
        expectExact(uc!, [2, 1], shape: [2])
    }

    @Test func sortZeroDimAndEmpty() {
        // torch.tensor(5.).sort() -> (tensor(5.), tensor(0))
        let (v, i) = Tensor(5.0).sort()
        expectTensor(v, [5], shape: [])
        expectExact(i, [0], shape: [], dtype: .int64)
        // torch.zeros(2, 0).sort()
        let (ev, ei) = Tensor.zeros(2, 0).sort()
        expectTensor(ev, [], shape: [2, 0], dtype: .float32)
        expectExact(ei, [], shape: [2, 0], dtype: .int64)
    }

    @Test func topkPicksLargestOrSmallest() {
        // w.topk(3)
        let (v, i) = w.topk(3)
        expectTensor(v, [3, 2.5, 0.5, 7, 6, 4], shape: [2, 3])
        expectExact(i, [2, 3, 0, 0, 1, 4], shape: [2, 3])
        // w.topk(2, dim=0, largest=False)
        let (v0, i0) = w.topk(2, dim: 0, largest: false)
        expectTensor(v0, [0.5, -1.25, -2, 1.5, 0, 7, 6, 3, 2.5, 4], shape: [2, 5])
        expectExact(i0, [0, 0, 1, 1, 0, 1, 1, 0, 0, 1], shape: [2, 5])
        // w.t().topk(2, dim=0)
        let (tv, ti) = topk(w.t(), 2, dim: 0)
        expectTensor(tv, [3, 7, 2.5, 6], shape: [2, 2])
        expectExact(ti, [2, 0, 3, 1], shape: [2, 2])
        // w[:, ::2].topk(1, largest=False)
        let (sv, si) = w[.all, .slice(step: 2)].topk(1, largest: false)
        expectTensor(sv, [0, -2], shape: [2, 1])
        expectExact(si, [2, 1], shape: [2, 1])
        // torch.tensor([1., nan, 3.]).topk(2)  (NaN is the largest)
        let (nv, ni) = Tensor([1.0, .nan, 3.0]).topk(2)
        expectTensor(nv, [.nan, 3], shape: [2])
        expectExact(ni, [1, 2], shape: [2])
        // torch.tensor([10, 30, 20]).topk(2)
        let (iv, ii) = Tensor([10, 30, 20]).topk(2)
        expectExact(iv, [30, 20], shape: [2], dtype: .int64)
        expectExact(ii, [1, 2], shape: [2])
        // w.topk(0); torch.tensor(5.).topk(1)
        expectTensor(w.topk(0).values, [], shape: [2, 0])
        let (zv, zi) = Tensor(5.0).topk(1)
        expectTensor(zv, [5], shape: [])
        expectExact(zi, [0], shape: [])
    }

    @Test func gradients() throws {
        let x = Tensor([[0.3, -1.2, 2.2], [1.1, 0.7, -0.4]], dtype: .float64, requiresGrad: true)
        let weights = Tensor([[1.0, 2, 3], [4, 5, 6]], dtype: .float64)
        // v, i = x.sort(dim=1, descending=True); (v * weights).sum().backward(); x.grad
        (x.sort(dim: 1, descending: true).values * weights).sum().backward()
        expectTensor(x.grad!, [2, 3, 1, 4, 5, 6], shape: [2, 3], dtype: .float64)
        x.grad = nil
        // v, i = x.topk(2, dim=0, largest=False); (v * weights[:2]).sum().backward(); x.grad
        (x.topk(2, dim: 0, largest: false).values * weights).sum().backward()
        expectTensor(x.grad!, [1, 2, 6, 4, 5, 3], shape: [2, 3], dtype: .float64)
        // x.sort()[0].grad_fn, x.topk(1)[0].grad_fn
        #expect(x.sort().values.gradFn?.name == "SortBackward0")
        #expect(x.topk(1).values.gradFn?.name == "TopkBackward0")
        #expect(x.sort().indices.gradFn == nil)

        let y = Tensor([[0.9, -0.1, 0.35, 1.7], [-2.0, 0.6, 0.15, -0.8], [0.4, 1.2, -1.1, 0.05]], dtype: .float64, requiresGrad: true)
        #expect(try gradcheck({ $0[0].sort(dim: 0).values }, [y]))
        #expect(try gradcheck({ $0[0].t().sort(descending: true).values }, [y]))
        #expect(try gradcheck({ $0[0].topk(2, dim: 1, largest: false).values }, [y]))
        #expect(try gradgradcheck({ $0[0].topk(3).values * $0[0].topk(3).values }, [y]))
    }

    @Test func errors() async {
        // torch.tensor([3., 1., 2.]).sort(dim=1)
        let dim = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([3.0, 1, 2]).sort(dim: 1)
        }
        #expect(opsStderr(dim).contains("Dimension out of range (expected to be in range of [-1, 0], but got 1)"))
        // torch.tensor([3., 1., 2.]).topk(4)
        let k = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([3.0, 1, 2]).topk(4)
        }
        #expect(opsStderr(k).contains("selected index k out of range"))
        // torch.tensor([True, False]).topk(1)
        let bool = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([true, false]).topk(1)
        }
        #expect(opsStderr(bool).contains("topk does not support bool dtypes on CPU"))
    }
}

/// The standard error of an exit test, as text ("" when the test did not run).
func opsStderr(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
