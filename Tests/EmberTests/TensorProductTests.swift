import Testing
@testable import Ember

// meshgrid, cartesian_prod, tensordot, kron and cdist, pinned to PyTorch 2.15.
//   a = torch.tensor([1, 2, 3]); b = torch.tensor([4, 5])
//   x = torch.arange(24.).reshape(2, 3, 4); y = torch.arange(12.).reshape(4, 3)
//   p = torch.tensor([[0., 0.], [1., 2.], [-1., 0.5]]); q = torch.tensor([[1., 1.], [3., -2.]])

@Suite struct TensorProductTests {
    let a = Tensor([1, 2, 3]), b = Tensor([4, 5])
    let x = Tensor.arange(24.0).reshape(2, 3, 4), y = Tensor.arange(12.0).reshape(4, 3)
    let p = Tensor([[0.0, 0], [1, 2], [-1, 0.5]]), q = Tensor([[1.0, 1], [3, -2]])

    @Test func meshgridIndexing() {
        // torch.meshgrid(a, b, indexing='ij')
        let ij = Tensor.meshgrid([a, b])
        expectExact(ij[0], [1, 1, 2, 2, 3, 3], shape: [3, 2], dtype: .int64)
        expectExact(ij[1], [4, 5, 4, 5, 4, 5], shape: [3, 2])
        // torch.meshgrid(a, b, indexing='xy')
        let xy = Tensor.meshgrid([a, b], indexing: "xy")
        expectExact(xy[0], [1, 2, 3, 1, 2, 3], shape: [2, 3])
        expectExact(xy[1], [4, 4, 4, 5, 5, 5], shape: [2, 3])
        // torch.meshgrid(a, torch.tensor(7), b, indexing='xy')
        let three = Tensor.meshgrid([a, Tensor(7), b], indexing: "xy")
        expectExact(three[0], [1, 1, 2, 2, 3, 3], shape: [1, 3, 2])
        expectExact(three[1], [7, 7, 7, 7, 7, 7], shape: [1, 3, 2])
        expectExact(three[2], [4, 5, 4, 5, 4, 5], shape: [1, 3, 2])
        // torch.meshgrid(torch.tensor([1., 2., 3., 4.])[::2], indexing='ij')
        expectTensor(Tensor.meshgrid([Tensor([1.0, 2, 3, 4])[.slice(step: 2)]])[0], [1, 3], shape: [2])
    }

    @Test func cartesianProduct() {
        // torch.cartesian_prod(a, b)
        expectExact(cartesianProd([a, b]), [1, 4, 1, 5, 2, 4, 2, 5, 3, 4, 3, 5], shape: [6, 2], dtype: .int64)
        // torch.cartesian_prod(torch.tensor([0., 1.]), torch.tensor([2.]), torch.tensor([3., 4.]))
        expectTensor(cartesianProd([Tensor([0.0, 1]), Tensor([2.0]), Tensor([3.0, 4])]), [0, 2, 3, 0, 2, 4, 1, 2, 3, 1, 2, 4], shape: [4, 3])
    }

    @Test func tensordotForms() {
        // torch.tensordot(x, y, dims=1)
        expectTensor(tensordot(x, y, dims: 1), [42, 48, 54, 114, 136, 158, 186, 224, 262, 258, 312, 366, 330, 400, 470, 402, 488, 574],
                     shape: [2, 3, 3], dtype: .float32)
        // torch.tensordot(x, torch.arange(12.).reshape(3, 4), dims=2)
        expectTensor(tensordot(x, Tensor.arange(12.0).reshape(3, 4)), [506, 1298], shape: [2])
        // torch.tensordot(torch.tensor([1., 2.]), torch.tensor([3., 4., 5.]), dims=0)
        expectTensor(tensordot(Tensor([1.0, 2]), Tensor([3.0, 4, 5]), dims: 0), [3, 4, 5, 6, 8, 10], shape: [2, 3])
        // torch.tensordot(x, y, dims=([1, 2], [1, 0]))
        expectTensor(tensordot(x, y, dims: ([1, 2], [1, 0])), [440, 1232], shape: [2])
        // torch.tensordot(x.transpose(0, 2), y.t(), dims=([0], [1]))
        expectTensor(tensordot(x.transpose(0, 2), y.t(), dims: ([0], [1])),
                     [42, 48, 54, 258, 312, 366, 114, 136, 158, 330, 400, 470, 186, 224, 262, 402, 488, 574], shape: [3, 2, 3])
        // torch.tensordot(torch.ones(2, 1), torch.arange(6.).reshape(3, 2), dims=([1], [0]))  (size 1 sums the other side)
        expectTensor(tensordot(Tensor.ones(2, 1), Tensor.arange(6.0).reshape(3, 2), dims: ([1], [0])), [6, 9, 6, 9], shape: [2, 2])
        // torch.tensordot(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[5, 6], [7, 8]]), dims=1)
        expectExact(tensordot(Tensor([[1, 2], [3, 4]]), Tensor([[5, 6], [7, 8]]), dims: 1), [19, 22, 43, 50], shape: [2, 2], dtype: .int64)
    }

    @Test func kroneckerProduct() {
        // torch.kron(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[0., 5.], [6., 7.]]))
        expectTensor(kron(Tensor([[1.0, 2], [3, 4]]), Tensor([[0.0, 5], [6, 7]])),
                     [0, 5, 0, 10, 6, 7, 12, 14, 0, 15, 0, 20, 18, 21, 24, 28], shape: [4, 4])
        // torch.kron(torch.tensor([1, 2]), torch.tensor([[1], [2]]))
        expectExact(Tensor([1, 2]).kron(Tensor([[1], [2]])), [1, 2, 2, 4], shape: [2, 2], dtype: .int64)
        // torch.kron(torch.arange(4.).reshape(2, 2).t().contiguous(), torch.tensor([1., -1., 2.]))
        // (PyTorch's kron rejects the transposed view itself; ours takes it)
        expectTensor(kron(Tensor.arange(4.0).reshape(2, 2).t(), Tensor([1.0, -1, 2])), [0, 0, 0, 2, -2, 4, 1, -1, 2, 3, -3, 6], shape: [2, 6])
        // torch.kron(torch.tensor([1, 2]), torch.tensor([0.5, 1.5]))
        expectTensor(kron(Tensor([1, 2]), Tensor([0.5, 1.5])), [0.5, 1.5, 1, 3], shape: [4], dtype: .float32)
    }

    @Test func cdistNorms() {
        // torch.cdist(p, q, p=2.0), p=1.0, p=0.0, p=inf, p=3.0, p=0.5
        expectTensor(cdist(p, q), [1.4142135381698608, 3.605551242828369, 1, 4.4721360206604, 2.0615527629852295, 4.7169904708862305],
                     shape: [3, 2], dtype: .float32)
        expectTensor(cdist(p, q, p: 1), [2, 5, 1, 6, 2.5, 6.5], shape: [3, 2])
        expectTensor(cdist(p, q, p: 0), [2, 2, 1, 2, 2, 2], shape: [3, 2])
        expectTensor(cdist(p, q, p: .infinity), [1, 3, 1, 4, 2, 4], shape: [3, 2])
        expectTensor(cdist(p, q, p: 3), [1.2599210739135742, 3.271066427230835, 1, 4.160167694091797, 2.0103628635406494, 4.302126407623291],
                     shape: [3, 2])
        expectTensor(cdist(p, q, p: 0.5), [4, 9.898979187011719, 1, 11.656854629516602, 4.499999523162842, 12.824555397033691],
                     shape: [3, 2])
        // torch.cdist(torch.arange(12.).reshape(2, 3, 2), torch.tensor([[[0., 1.]]]))  (batch broadcast)
        expectTensor(cdist(Tensor.arange(12.0).reshape(2, 3, 2), Tensor([[[0.0, 1]]])),
                     [0, 2.8284270763397217, 5.656854152679443, 8.485280990600586, 11.313708305358887, 14.142135620117188], shape: [2, 3, 1])
        // torch.cdist(p.t()[:, :2], q.t())
        expectTensor(cdist(p.t()[.all, ..<2], q.t()), [2.2360680103302, 3.1622776985168457, 1.4142135381698608, 4.123105525970459], shape: [2, 2])
    }

    @Test func gradients() throws {
        // P, Q float64 requires_grad; (torch.cdist(P, Q) * torch.arange(1., 7.).reshape(2, 3)).sum().backward()
        let P = Tensor([[0.3, -1.2, 0.5], [1.1, 0.7, -0.4]], dtype: .float64, requiresGrad: true)
        let Q = Tensor([[0.9, 0.2, -0.6], [-0.5, 1.5, 0.25], [0.0, -0.3, 1.1]], dtype: .float64, requiresGrad: true)
        (cdist(P, Q) * Tensor.arange(1.0, 7.0, dtype: .float64).reshape(2, 3)).sum().backward()
        expectTensor(P.grad!, [1.0483867250719963, -5.060579861753807, -0.8412369088390457, 8.721067324735952, 4.221007712005292, -4.5765748134992075],
                     shape: [2, 3], dtype: .float64, atol: 1e-10, rtol: 1e-10)
        expectTensor(Q.grad!, [-1.0732734703981737, -2.736408305536667, -1.9780921725991667, -4.769206276524002, 4.011711620935634,
                               1.530712929169468, -3.926974302885771, -0.43573116565045167, 5.865190965767952],
                     shape: [3, 3], atol: 1e-10, rtol: 1e-10)
        #expect(cdist(P, Q).gradFn?.name == "CdistBackward0")
        for norm in [1.0, 2.0, 3.0, 0.5, .infinity] {
            #expect(try gradcheck({ cdist($0[0], $0[1], p: norm) }, [P, Q]))
        }
        #expect(try gradcheck({ cdist($0[0].reshape(1, 2, 3), $0[1].t().reshape(3, 1, 3)) }, [P, Q]))
        #expect(try gradgradcheck({ cdist($0[0], $0[1]) }, [P, Q]))
        #expect(try gradcheck({ tensordot($0[0], $0[1], dims: ([1], [1])) }, [P, Q]))
        #expect(try gradcheck({ kron($0[0], $0[1].t()) }, [P, Q]))
        #expect(try gradcheck({ cartesianProd([$0[0].flatten(), $0[1].select(0, 1)]) }, [P, Q]))
    }

    @Test func errors() async {
        // torch.cdist(torch.ones(2, 3), torch.ones(2, 4))
        let columns = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = cdist(Tensor.ones(2, 3), Tensor.ones(2, 4))
        }
        #expect(opsStderr(columns).contains("X1 and X2 must have the same number of columns. X1: 3 X2: 4"))
        // torch.tensordot(torch.ones(2, 3), torch.ones(2, 3), dims=1)
        let contracted = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = tensordot(Tensor.ones(2, 3), Tensor.ones(2, 3), dims: 1)
        }
        #expect(opsStderr(contracted).contains("contracted dimensions need to match, but first has size 3 in dim -1 and second has size 2 in dim 0"))
        // torch.meshgrid(torch.ones(3), torch.ones(3), indexing='ab')
        let indexing = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.meshgrid([Tensor.ones(3), Tensor.ones(3)], indexing: "ab")
        }
        #expect(opsStderr(indexing).contains("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: ab"))
    }
}
