import Testing
@testable import Ember

// masked_scatter, take, take_along_dim, index_add(alpha), bincount and histc, pinned to
// PyTorch 2.15.
//   x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
//   mask = torch.tensor([[True, False, True], [False, True, True]])
//   w6 = torch.arange(1., 7., dtype=torch.float64).reshape(2, 3)

@Suite struct ScatterMoreTests {
    let x = Tensor([[1.0, 2, 3], [4, 5, 6]])
    let mask = Tensor([[true, false, true], [false, true, true]])

    @Test func maskedScatterFillsInOrder() {
        // x.masked_scatter(mask, torch.tensor([10., 20., 30., 40., 50.]))
        expectTensor(x.maskedScatter(mask, Tensor([10.0, 20, 30, 40, 50])), [10, 2, 20, 4, 30, 40], shape: [2, 3], dtype: .float32)
        // x.masked_scatter(torch.tensor([False, True, False]), ...)  (broadcast mask)
        expectTensor(x.maskedScatter(Tensor([false, true, false]), Tensor([10.0, 20, 30, 40, 50])), [1, 10, 3, 4, 20, 6], shape: [2, 3])
        // x.t().masked_scatter(mask.t(), torch.tensor([[7., 8.], [9., 10.]]))
        expectTensor(x.t().maskedScatter(mask.t(), Tensor([[7.0, 8], [9, 10]])), [7, 4, 2, 8, 9, 10], shape: [3, 2])
        // torch.tensor([1, 2, 3]).masked_scatter(torch.tensor([True, False, True]), torch.tensor([9, 8]))
        expectExact(Tensor([1, 2, 3]).maskedScatter(Tensor([true, false, true]), Tensor([9, 8])), [9, 2, 8], shape: [3], dtype: .int64)
    }

    @Test func maskedScatterGradients() throws {
        // a = x.double().requires_grad_(); s = torch.tensor([10., 20., 30., 40., 50.], dtype=torch.float64, requires_grad=True)
        // (a.masked_scatter(mask, s) * w6).sum().backward(); a.grad; s.grad
        let a = Tensor([[1.0, 2, 3], [4, 5, 6]], dtype: .float64, requiresGrad: true)
        let s = Tensor([10.0, 20, 30, 40, 50], dtype: .float64, requiresGrad: true)
        (a.maskedScatter(mask, s) * Tensor.arange(1.0, 7.0, dtype: .float64).reshape(2, 3)).sum().backward()
        expectTensor(a.grad!, [0, 2, 0, 4, 0, 0], shape: [2, 3], dtype: .float64)
        expectTensor(s.grad!, [1, 3, 5, 6, 0], shape: [5], dtype: .float64)
        #expect(a.maskedScatter(mask, s).gradFn?.name == "MaskedScatterBackward0")
        #expect(try gradcheck({ $0[0].maskedScatter(mask, $0[1]) }, [a, s]))
        #expect(try gradcheck({ $0[0].maskedScatter(Tensor([true, false, true]), $0[1].reshape(5, 1)) }, [a, s]))
    }

    @Test func takeFlatPositions() {
        // x.take(torch.tensor([[0, 5], [-1, 2]])); x.t().take(torch.tensor([1, 2, 3]))
        expectTensor(x.take(Tensor([[0, 5], [-1, 2]])), [1, 6, 6, 3], shape: [2, 2], dtype: .float32)
        expectTensor(take(x.t(), Tensor([1, 2, 3])), [4, 2, 5], shape: [3])
        // x[:, ::2].take(torch.tensor([3, 0])); torch.tensor(7.).take(torch.tensor([0, -1]))
        expectTensor(x[.all, .slice(step: 2)].take(Tensor([3, 0])), [6, 1], shape: [2])
        expectTensor(Tensor(7.0).take(Tensor([0, -1])), [7, 7], shape: [2])
        // torch.tensor([5, 6, 7]).take(torch.tensor(1))
        expectExact(Tensor([5, 6, 7]).take(Tensor(1)), [6], shape: [], dtype: .int64)
    }

    @Test func takeAlongDimBroadcasts() {
        // torch.take_along_dim(x, torch.tensor([[2, 0], [1, 1]]), dim=1)
        expectTensor(x.takeAlongDim(Tensor([[2, 0], [1, 1]]), dim: 1), [3, 1, 5, 5], shape: [2, 2])
        // torch.take_along_dim(x, torch.tensor([5, 0, 3]))  (flattened)
        expectTensor(takeAlongDim(x, Tensor([5, 0, 3])), [6, 1, 4], shape: [3])
        // torch.take_along_dim(x, torch.tensor([[0], [2]]), dim=1); torch.take_along_dim(x, torch.tensor([[1, 0, 1]]), dim=0)
        expectTensor(x.takeAlongDim(Tensor([[0], [2]]), dim: 1), [1, 6], shape: [2, 1])
        expectTensor(x.takeAlongDim(Tensor([[1, 0, 1]]), dim: 0), [4, 2, 6], shape: [1, 3])
        // torch.take_along_dim(x.t(), x.t().argsort(dim=0, descending=True), dim=0)
        expectTensor(x.t().takeAlongDim(x.t().argsort(dim: 0, descending: true), dim: 0), [3, 6, 2, 5, 1, 4], shape: [3, 2])
        // torch.take_along_dim(torch.tensor([[1., 2., 3.]]), torch.tensor([[0], [2]]), dim=1)  (input broadcast)
        expectTensor(Tensor([[1.0, 2, 3]]).takeAlongDim(Tensor([[0], [2]]), dim: 1), [1, 3], shape: [2, 1])
    }

    @Test func takeGradients() throws {
        // a.grad = None; (a.take(torch.tensor([0, 0, 5, -2])) * torch.tensor([1., 2., 3., 4.])).sum().backward()
        let a = Tensor([[1.0, 2, 3], [4, 5, 6]], dtype: .float64, requiresGrad: true)
        (a.take(Tensor([0, 0, 5, -2])) * Tensor([1.0, 2, 3, 4], dtype: .float64)).sum().backward()
        expectTensor(a.grad!, [3, 0, 0, 0, 4, 3], shape: [2, 3], dtype: .float64)
        #expect(a.take(Tensor([0])).gradFn?.name == "TakeBackward0")
        #expect(a.takeAlongDim(Tensor([[2, 0], [1, 1]]), dim: 1).gradFn?.name == "GatherBackward0")
        #expect(try gradcheck({ $0[0].t().take(Tensor([[1, 4], [4, -1]])) }, [a]))
        #expect(try gradcheck({ $0[0].takeAlongDim(Tensor([[0], [2]]), dim: 1) }, [a]))
        #expect(try gradgradcheck({ $0[0].take(Tensor([0, 3, 3])) * $0[0].take(Tensor([1, 3, 2])) }, [a]))
    }

    @Test func indexAddWithAlpha() throws {
        // torch.zeros(3, 2).index_add(0, torch.tensor([0, 2, 0]), torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), alpha=2)
        expectTensor(Tensor.zeros(3, 2).indexAdd(0, Tensor([0, 2, 0]), Tensor([[1.0, 2], [3, 4], [5, 6]]), alpha: 2),
                     [12, 16, 0, 0, 6, 8], shape: [3, 2])
        // torch.ones(2, 3).index_add(1, torch.tensor([2, 0]), torch.tensor([[1., 2.], [3., 4.]]), alpha=-1.5)
        expectTensor(Tensor.ones(2, 3).indexAdd(1, Tensor([2, 0]), Tensor([[1.0, 2], [3, 4]]), alpha: -1.5),
                     [-2, 1, -0.5, -5, 1, -3.5], shape: [2, 3])
        // torch.zeros(3, dtype=torch.long).index_add(0, torch.tensor([1, 1]), torch.tensor([4, 5]))
        expectExact(Tensor.zeros(3, dtype: .int64).indexAdd(0, Tensor([1, 1]), Tensor([4, 5])), [0, 9, 0], shape: [3], dtype: .int64)
        // b = torch.zeros(3, 2, dtype=torch.float64, requires_grad=True); so = torch.tensor([[1., 2.], [3., 4.]], ..., requires_grad=True)
        // (b.index_add(0, torch.tensor([2, 2]), so, alpha=3) * torch.arange(1., 7.).reshape(3, 2)).sum().backward()
        let b = Tensor.zeros(3, 2, dtype: .float64, requiresGrad: true)
        let so = Tensor([[1.0, 2], [3, 4]], dtype: .float64, requiresGrad: true)
        (b.indexAdd(0, Tensor([2, 2]), so, alpha: 3) * Tensor.arange(1.0, 7.0, dtype: .float64).reshape(3, 2)).sum().backward()
        expectTensor(b.grad!, [1, 2, 3, 4, 5, 6], shape: [3, 2])
        expectTensor(so.grad!, [15, 18, 15, 18], shape: [2, 2])
        #expect(b.indexAdd(0, Tensor([0]), so[..<1]).gradFn?.name == "IndexAddBackward0")
        #expect(try gradcheck({ $0[0].indexAdd(0, Tensor([1, 0]), $0[1].t(), alpha: -0.5) }, [b, so]))
    }

    @Test func bincountCounts() {
        // torch.bincount(torch.tensor([1, 3, 1, 0, 3, 3])); torch.bincount(torch.tensor([1, 2]), minlength=5)
        expectExact(Tensor([1, 3, 1, 0, 3, 3]).bincount(), [1, 2, 0, 3], shape: [4], dtype: .int64)
        expectExact(bincount(Tensor([1, 2]), minlength: 5), [0, 1, 1, 0, 0], shape: [5])
        // torch.bincount(torch.tensor([0, 2, 2]), weights=torch.tensor([0.5, 1.25, 2.0]))  (float32 weights stay float32)
        expectTensor(Tensor([0, 2, 2]).bincount(weights: Tensor([0.5, 1.25, 2.0])), [0.5, 0, 3.25], shape: [3], dtype: .float32)
        // torch.bincount(torch.tensor([0, 2, 2]), weights=torch.tensor([1, 2, 3]))  (other weights give float64)
        expectTensor(Tensor([0, 2, 2]).bincount(weights: Tensor([1, 2, 3])), [1, 0, 5], shape: [3], dtype: .float64)
        // torch.bincount(torch.tensor([], dtype=torch.long), minlength=2); uint8 input; a strided slice
        expectExact(Tensor.zeros(0, dtype: .int64).bincount(minlength: 2), [0, 0], shape: [2], dtype: .int64)
        expectExact(Tensor([2, 0], dtype: .uint8).bincount(), [1, 0, 1], shape: [3], dtype: .int64)
        expectExact(Tensor([4, 1, 4, 0, 2])[.slice(step: 2)].bincount(), [0, 0, 1, 0, 2], shape: [5])
    }

    @Test func histcBins() {
        let h = Tensor([1.0, 2, 1, 2.5, 4, -1, 3.9999])
        // torch.histc(h, bins=4); torch.histc(h, bins=5, min=0, max=3)
        expectTensor(h.histc(bins: 4), [1, 2, 2, 2], shape: [4], dtype: .float32)
        expectTensor(histc(h, bins: 5, min: 0, max: 3), [0, 2, 0, 1, 1], shape: [5])
        // torch.histc(torch.tensor([1., 1.]), bins=4); torch.histc(torch.tensor([]), bins=3)
        expectTensor(Tensor([1.0, 1.0]).histc(bins: 4), [0, 0, 2, 0], shape: [4])
        expectTensor(Tensor.zeros(0).histc(bins: 3), [0, 0, 0], shape: [3])
        // torch.histc(torch.tensor([0.1, 0.2, 0.3, 0.7, 1.0], dtype=torch.float64), bins=10, min=0, max=1)
        expectTensor(Tensor([0.1, 0.2, 0.3, 0.7, 1.0], dtype: .float64).histc(bins: 10, min: 0, max: 1),
                     [0, 1, 1, 1, 0, 0, 0, 1, 0, 1], shape: [10], dtype: .float64)
        expectTensor(Tensor([0.1, 0.2, 0.3, 0.7, 1.0]).histc(bins: 10, min: 0, max: 1), [0, 1, 1, 1, 0, 0, 0, 1, 0, 1], shape: [10])
        // torch.histc(torch.tensor([[0., 1.], [2., 3.]]).t(), bins=3, min=0, max=3); NaN is skipped
        expectTensor(Tensor([[0.0, 1], [2, 3]]).t().histc(bins: 3, min: 0, max: 3), [1, 1, 2], shape: [3])
        expectTensor(Tensor([1.0, .nan, 2]).histc(bins: 2, min: 0, max: 2), [0, 2], shape: [2])
    }

    @Test func errors() async {
        // x.masked_scatter(mask, torch.ones(3))
        let few = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1.0, 2, 3], [4, 5, 6]]).maskedScatter(Tensor([[true, false, true], [false, true, true]]), Tensor.ones(3))
        }
        #expect(opsStderr(few).contains("Number of elements of source < number of ones in mask"))
        // torch.tensor([1., 2., 3.]).take(torch.tensor([3]))
        let tooFar = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2, 3]).take(Tensor([3]))
        }
        #expect(opsStderr(tooFar).contains("out of range: tried to access index 3 on a tensor of 3 elements."))
        // torch.bincount(torch.tensor([-1]))
        let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([-1]).bincount()
        }
        #expect(opsStderr(negative).contains("bincount only supports 1-d non-negative integral inputs."))
        // torch.histc(torch.tensor([1., float('inf')]), bins=4)
        let infinite = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, .infinity]).histc(bins: 4)
        }
        #expect(opsStderr(infinite).contains("torch.histc: range of [1, inf] is not finite"))
    }
}
