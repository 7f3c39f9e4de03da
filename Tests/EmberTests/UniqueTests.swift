import Testing
@testable import Ember

// unique, unique_consecutive, argwhere and nonzero(as_tuple=True), pinned to PyTorch 2.15.
//   nan = float('nan')
//   u = torch.tensor([[3, 1, 2], [1, 3, 3]])
//   r = torch.tensor([[1, 2], [1, 2], [0, 5], [1, 0]])

@Suite struct UniqueTests {
    let u = Tensor([[3, 1, 2], [1, 3, 3]])
    let r = Tensor([[1, 2], [1, 2], [0, 5], [1, 0]])

    @Test func uniqueFlattened() {
        // u.unique(return_inverse=True, return_counts=True)
        let (v, inv, c) = u.unique(returnInverse: true, returnCounts: true)
        expectExact(v, [1, 2, 3], shape: [3], dtype: .int64)
        expectExact(inv!, [2, 0, 1, 0, 2, 2], shape: [2, 3], dtype: .int64)
        expectExact(c!, [2, 1, 3], shape: [3], dtype: .int64)
        // u.t().unique(return_inverse=True, return_counts=True)
        let (tv, tinv, tc) = unique(u.t(), returnInverse: true, returnCounts: true)
        expectExact(tv, [1, 2, 3], shape: [3])
        expectExact(tinv!, [2, 0, 0, 2, 1, 2], shape: [3, 2])
        expectExact(tc!, [2, 1, 3], shape: [3])
        // torch.tensor([nan, 1., nan, 1., -0.5]).unique(return_inverse=True, return_counts=True)
        let (nv, ninv, nc) = Tensor([.nan, 1.0, .nan, 1, -0.5]).unique(returnInverse: true, returnCounts: true)
        expectTensor(nv, [-0.5, 1, .nan, .nan], shape: [4], dtype: .float32)
        expectExact(ninv!, [2, 1, 3, 1, 0], shape: [5])
        expectExact(nc!, [1, 2, 1, 1], shape: [4])
        // torch.tensor([2.5, -1.0, 2.5, 0.0]).unique()
        expectTensor(Tensor([2.5, -1.0, 2.5, 0.0]).unique(), [-1, 0, 2.5], shape: [3], dtype: .float32)
        // Only what was asked for comes back.
        let (_, noInverse, counts) = u.unique(returnCounts: true)
        #expect(noInverse == nil && counts != nil)
    }

    @Test func uniqueZeroDimAndEmpty() {
        // torch.tensor(7).unique(return_inverse=True, return_counts=True)
        let (v, inv, c) = Tensor(7).unique(returnInverse: true, returnCounts: true)
        expectExact(v, [7], shape: [1])
        expectExact(inv!, [0], shape: [])
        expectExact(c!, [1], shape: [1])
        // torch.tensor([]).unique(return_inverse=True, return_counts=True)
        let (ev, einv, ec) = Tensor.zeros(0).unique(returnInverse: true, returnCounts: true)
        expectTensor(ev, [], shape: [0], dtype: .float32)
        expectExact(einv!, [], shape: [0])
        expectExact(ec!, [], shape: [0])
    }

    @Test func uniqueAlongDim() {
        // r.unique(dim=0, return_inverse=True, return_counts=True)
        let (v, inv, c) = r.unique(returnInverse: true, returnCounts: true, dim: 0)
        expectExact(v, [0, 5, 1, 0, 1, 2], shape: [3, 2])
        expectExact(inv!, [2, 2, 0, 1], shape: [4])
        expectExact(c!, [1, 1, 2], shape: [3])
        // r.unique(dim=1, return_inverse=True, return_counts=True)
        let (v1, inv1, c1) = r.unique(returnInverse: true, returnCounts: true, dim: 1)
        expectExact(v1, [1, 2, 1, 2, 0, 5, 1, 0], shape: [4, 2])
        expectExact(inv1!, [0, 1], shape: [2])
        expectExact(c1!, [1, 1], shape: [2])
    }

    @Test func uniqueConsecutiveRuns() {
        // torch.tensor([1, 1, 2, 2, 3, 1, 1, 2]).unique_consecutive(return_inverse=True, return_counts=True)
        let (v, inv, c) = Tensor([1, 1, 2, 2, 3, 1, 1, 2]).uniqueConsecutive(returnInverse: true, returnCounts: true)
        expectExact(v, [1, 2, 3, 1, 2], shape: [5])
        expectExact(inv!, [0, 0, 1, 1, 2, 3, 3, 4], shape: [8])
        expectExact(c!, [2, 2, 1, 2, 1], shape: [5])
        // r.unique_consecutive(dim=0, return_inverse=True, return_counts=True)
        let (dv, dinv, dc) = uniqueConsecutive(r, returnInverse: true, returnCounts: true, dim: 0)
        expectExact(dv, [1, 2, 0, 5, 1, 0], shape: [3, 2])
        expectExact(dinv!, [0, 0, 1, 2], shape: [4])
        expectExact(dc!, [2, 1, 1], shape: [3])
        // torch.tensor([[1., 1.], [1., 2.]]).unique_consecutive()
        expectTensor(Tensor([[1.0, 1], [1, 2]]).uniqueConsecutive(), [1, 2], shape: [2], dtype: .float32)
    }

    @Test func argwhereAndNonzeroTuple() {
        let z = Tensor([[0, 3, 0], [5, 0, 6]])
        // z.argwhere(); z.t().argwhere()
        expectExact(z.argwhere(), [0, 1, 1, 0, 1, 2], shape: [3, 2], dtype: .int64)
        expectExact(argwhere(z.t()), [0, 1, 1, 0, 2, 1], shape: [3, 2])
        // z.nonzero(as_tuple=True)
        let parts = z.nonzero(asTuple: true)
        #expect(parts.count == 2)
        expectExact(parts[0], [0, 1, 1], shape: [3], dtype: .int64)
        expectExact(parts[1], [1, 0, 2], shape: [3], dtype: .int64)
        // z[z.nonzero(as_tuple=True)]
        expectExact(z[parts[0], parts[1]], [3, 5, 6], shape: [3])
        // torch.tensor(5).nonzero(as_tuple=True); torch.tensor(0.).nonzero(as_tuple=True)
        let scalar = Tensor(5).nonzero(asTuple: true)
        #expect(scalar.count == 1)
        expectExact(scalar[0], [0], shape: [1])
        expectExact(nonzero(Tensor(0.0), asTuple: true)[0], [], shape: [0])
        // as_tuple=False is nonzero() itself
        expectExact(z.nonzero(asTuple: false)[0], [0, 1, 1, 0, 1, 2], shape: [3, 2])
    }

    @Test func errors() async {
        // torch.ones(2, 3).unique(dim=2)
        let dim = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3).unique(dim: 2)
        }
        #expect(opsStderr(dim).contains("Dimension out of range (expected to be in range of [-2, 1], but got 2)"))
        // torch.zeros(2, 0).unique(dim=0)
        let zero = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(2, 0).unique(dim: 0)
        }
        #expect(opsStderr(zero).contains("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied"))
    }
}
