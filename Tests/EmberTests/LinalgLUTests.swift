import Testing
@testable import Ember

// Expected values from PyTorch 2.15 (CPU, LAPACK). Common inputs:
//   A  = torch.tensor([[4., 1, 2], [1, 3, 0.5], [2, 0.5, 5]], dtype=torch.float64)
//   N  = torch.tensor([[0., 2, 1], [1, 1, 0], [3, -1, 2]], dtype=torch.float64)   # needs pivoting
//   Bt = torch.tensor([[[2., -1], [1, 3]], [[0., 1], [-2, 0.5]], [[1., 1], [1, -1]]], dtype=torch.float64)
//   B  = torch.tensor([[1., 2], [0, -1], [3, 1]], dtype=torch.float64)
@Suite struct LinalgLUTests {
    let A = Tensor([[4.0, 1, 2], [1, 3, 0.5], [2, 0.5, 5]], dtype: .float64)
    let N = Tensor([[0.0, 2, 1], [1, 1, 0], [3, -1, 2]], dtype: .float64)
    let Bt = Tensor([[[2.0, -1], [1, 3]], [[0.0, 1], [-2, 0.5]], [[1.0, 1], [1, -1]]], dtype: .float64)
    let B = Tensor([[1.0, 2], [0, -1], [3, 1]], dtype: .float64)

    @Test func inverses() {
        // torch.linalg.inv(A), torch.linalg.inv(N)
        expectTensor(Linalg.inv(A), [0.335227272727, -0.0909090909091, -0.125, -0.0909090909091, 0.363636363636, 0, -0.125, 0, 0.25],
                     shape: [3, 3], dtype: .float64, atol: 1e-10)
        expectTensor(Linalg.inv(N), [-0.25, 0.625, 0.125, 0.25, 0.375, -0.125, 0.5, -0.75, 0.25], shape: [3, 3], atol: 1e-12)
        // torch.linalg.inv(Bt): a batch
        expectTensor(Linalg.inv(Bt), [0.428571428571, 0.142857142857, -0.142857142857, 0.285714285714, 0.25, -0.5, 1, 0, 0.5, 0.5, 0.5, -0.5],
                     shape: [3, 2, 2], atol: 1e-10)
        // torch.linalg.inv(N.mT): a non-contiguous input
        expectTensor(N.mT.inverse(), [-0.25, 0.25, 0.5, 0.625, 0.375, -0.75, 0.125, -0.125, 0.25], shape: [3, 3], atol: 1e-12)
        // torch.linalg.inv(N.float())
        expectTensor(Linalg.inv(N.float()), [-0.25, 0.625, 0.125, 0.25, 0.375, -0.125, 0.5, -0.75, 0.25], shape: [3, 3], dtype: .float32, atol: 1e-6)
        #expect(Linalg.inv(N.detach().requiresGrad_()).gradFn?.name == "LinalgInvExBackward0")
        // torch.inverse(N), torch.det(N), torch.logdet(N @ N.mT), torch.slogdet(N).logabsdet
        expectTensor(inverse(N), [-0.25, 0.625, 0.125, 0.25, 0.375, -0.125, 0.5, -0.75, 0.25], shape: [3, 3], atol: 1e-12)
        expectTensor(det(N), [-8], shape: [], atol: 1e-12)
        expectTensor(logdet(matmul(N, N.mT)), [4.15888308336], shape: [], atol: 1e-10)
        expectTensor(slogdet(N).logabsdet, [2.07944154168], shape: [], atol: 1e-10)
    }

    @Test func determinants() {
        // torch.linalg.det(N), torch.linalg.det(A), torch.linalg.det(Bt)
        expectTensor(Linalg.det(N), [-8], shape: [], atol: 1e-12)
        expectTensor(A.det(), [44], shape: [], atol: 1e-11)
        expectTensor(Linalg.det(Bt), [7, 2, -2], shape: [3], atol: 1e-12)
        expectTensor(Linalg.det(Bt.float().transpose(-2, -1)), [7, 2, -2], shape: [3], dtype: .float32, atol: 1e-5)
        // torch.linalg.det(torch.tensor([[1., 2], [2, 4]], dtype=torch.float64)) -> -0.
        expectTensor(Linalg.det(Tensor([[1.0, 2], [2, 4]], dtype: .float64)), [0], shape: [])
        // s = torch.linalg.slogdet(Bt); s.sign, s.logabsdet
        let (sign, logabs) = Linalg.slogdet(Bt)
        expectTensor(sign, [1, 1, -1], shape: [3])
        expectTensor(logabs, [1.94591014906, 0.69314718056, 0.69314718056], shape: [3], atol: 1e-10)
        // torch.linalg.slogdet(N)
        let s = N.slogdet()
        expectTensor(s.sign, [-1], shape: [])
        expectTensor(s.logabsdet, [2.07944154168], shape: [], atol: 1e-10)
        // torch.linalg.slogdet(torch.tensor([[1., 2], [2, 4]])) -> (sign=-0., logabsdet=-inf)
        let singular = Linalg.slogdet(Tensor([[1.0, 2], [2, 4]], dtype: .float64))
        expectTensor(singular.sign, [0], shape: [])
        expectTensor(singular.logabsdet, [-.infinity], shape: [])
        // torch.logdet(Bt)
        expectTensor(Bt.logdet(), [1.94591014906, 0.69314718056, .nan], shape: [3], atol: 1e-10)
    }

    @Test func solve() {
        // torch.linalg.solve(N, B)
        expectTensor(Linalg.solve(N, B), [0.125, -1, -0.125, 0, 1.25, 2], shape: [3, 2], atol: 1e-12)
        // torch.linalg.solve(N, torch.tensor([1., 2, 3], dtype=torch.float64))
        expectTensor(Linalg.solve(N, Tensor([1.0, 2, 3], dtype: .float64)), [1.375, 0.625, -0.25], shape: [3], atol: 1e-12)
        // torch.linalg.solve(N, B.mT, left=False)
        expectTensor(Linalg.solve(N, B.mT, left: false), [1.25, -1.625, 0.875, -0.25, 0.125, 0.625], shape: [2, 3], atol: 1e-12)
        // torch.linalg.solve(Bt, torch.tensor([[1., 2]], dtype=torch.float64).mT): B broadcast over the batch
        expectTensor(Linalg.solve(Bt, Tensor([[1.0, 2]], dtype: .float64).mT), [0.714285714286, 0.428571428571, -0.75, 1, 1.5, -0.5],
                     shape: [3, 2, 1], atol: 1e-10)
        // torch.linalg.solve(Bt, torch.tensor([[1., 2], [3, 4], [5, 6]], dtype=torch.float64)): a batch of vectors
        expectTensor(Linalg.solve(Bt, Tensor([[1.0, 2], [3, 4], [5, 6]], dtype: .float64)), [0.714285714286, 0.428571428571, -1.25, 3, 5.5, -0.5],
                     shape: [3, 2], atol: 1e-10)
        expectTensor(Linalg.solve(N.float(), B.float()), [0.125, -1, -0.125, 0, 1.25, 2], shape: [3, 2], dtype: .float32, atol: 1e-6)
    }

    @Test func recordedGradients() {
        // X = N.clone().requires_grad_(); (torch.linalg.det(X) * 2).backward(); X.grad
        let x = N.detach().requiresGrad_()
        (Linalg.det(x) * 2).backward()
        expectTensor(x.grad!, [4, -4, -8, -10, -6, 12, -2, 2, -4], shape: [3, 3], atol: 1e-10)
        // X = N.clone().requires_grad_(); (torch.linalg.inv(X) * torch.arange(9.).reshape(3, 3)).sum().backward()
        let y = N.detach().requiresGrad_()
        (Linalg.inv(y) * Tensor.arange(9.0).reshape([3, 3])).sum().backward()
        expectTensor(y.grad!, [-2.3125, -1.9375, 0.125, 1.46875, 1.65625, 0.0625, -0.78125, -0.59375, 0.0625], shape: [3, 3], atol: 1e-10)
    }

    @Test func singularDeterminantGradient() throws {
        // X = torch.tensor([[1., 2, 3], [2, 4, 6], [1, 0, 1]], dtype=torch.float64, requires_grad=True)
        // (torch.linalg.det(X) * 3).backward(); X.grad -> the adjugate, transposed, times 3
        let x = Tensor([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]], dtype: .float64).requiresGrad_()
        (Linalg.det(x) * 3).backward()
        expectTensor(x.grad!, [12, 12, -12, -6, -6, 6, 0, 0, 0], shape: [3, 3], atol: 1e-9)
        #expect(try gradcheck({ Linalg.det($0[0]) }, [x.detach().requiresGrad_()], raiseException: false))
    }

    @Test func gradchecks() throws {
        let a = (A + N * 0.25).detach().requiresGrad_()
        let batch = Bt.detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.inv($0[0]) }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.inv($0[0].mT) }, [batch], raiseException: false))
        #expect(try gradcheck({ Linalg.det($0[0]) }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.det($0[0]) }, [batch], raiseException: false))
        #expect(try gradcheck({ Linalg.slogdet($0[0]).logabsdet }, [batch], raiseException: false))
        let rhs = B.detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.solve($0[0], $0[1]) }, [a, rhs], raiseException: false))
        #expect(try gradcheck({ Linalg.solve($0[0], $0[1].mT, left: false) }, [a, rhs], raiseException: false))
        let vectors = Tensor([[1.0, 2], [3, 4], [5, 6]], dtype: .float64).requiresGrad_()
        #expect(try gradcheck({ Linalg.solve($0[0], $0[1]) }, [batch, vectors], raiseException: false))
        // Second order: inv and det differentiate their own backward.
        #expect(try gradgradcheck({ Linalg.inv($0[0]) }, [a], raiseException: false))
        #expect(try gradgradcheck({ Linalg.det($0[0]) }, [a], raiseException: false))
        #expect(try gradgradcheck({ Linalg.solve($0[0], $0[1]) }, [a, rhs], raiseException: false))
    }

    @Test func errors() async {
        // torch.linalg.inv(torch.tensor([[1., 2], [2, 4]]))
        let singular = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.inv(Tensor([[1.0, 2], [2, 4]], dtype: .float64))
        }
        #expect(linalgExitMessage(singular).contains("linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular."))
        // torch.linalg.inv(torch.stack([torch.eye(3), torch.tensor([[1., 2, 3], [2, 4, 6], [1, 1, 1]])]))
        let batched = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.inv(stack([Tensor.eye(3), Tensor([[1.0, 2, 3], [2, 4, 6], [1, 1, 1]], dtype: .float32)]))
        }
        #expect(linalgExitMessage(batched).contains("linalg.inv: (Batch element 1): The diagonal element 3 is zero, the inversion could not be completed because the input matrix is singular."))
        // torch.linalg.inv(torch.zeros(2, 3))
        let square = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.inv(Tensor.zeros([2, 3]))
        }
        #expect(linalgExitMessage(square).contains("linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices"))
        // torch.linalg.inv(torch.ones(2, 2, dtype=torch.long))
        let integer = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.inv(Tensor.ones([2, 2], dtype: .int64))
        }
        #expect(linalgExitMessage(integer).contains("linalg.inv: Expected a floating point or complex tensor as input. Got Long"))
        // torch.linalg.solve(torch.tensor([[1., 2], [2, 4]]), torch.tensor([[1., 2], [2, 4]]))
        let solveSingular = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.solve(Tensor([[1.0, 2], [2, 4]], dtype: .float64), Tensor([[1.0, 2], [2, 4]], dtype: .float64))
        }
        #expect(linalgExitMessage(solveSingular).contains("torch.linalg.solve: The solver failed because the input matrix is singular."))
        // torch.linalg.solve(torch.eye(3), torch.ones(4))
        let shapes = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.solve(Tensor.eye(3), Tensor.ones([4]))
        }
        #expect(linalgExitMessage(shapes).contains("linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x1)"))
    }
}

/// The standard error of an exit test, as text.
func linalgExitMessage(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
