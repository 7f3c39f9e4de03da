import Testing
@testable import Ember

// Expected values from PyTorch 2.15 (CPU, LAPACK). Common inputs:
//   N = torch.tensor([[0., 2, 1], [1, 1, 0], [3, -1, 2]], dtype=torch.float64)
//   M = torch.tensor([[1., 2, 3], [4, 5, 6], [7, 8, 10], [-2, 1, 2]], dtype=torch.float64)   # no pivot ties
//   A = torch.tensor([[4., 1, 2], [1, 3, 0.5], [2, 0.5, 5]], dtype=torch.float64)
//   B = torch.tensor([[1., 2], [3, 4], [5, 6]], dtype=torch.float64)
@Suite struct LinalgLUFactorTests {
    let N = Tensor([[0.0, 2, 1], [1, 1, 0], [3, -1, 2]], dtype: .float64)
    let M = Tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 10], [-2, 1, 2]], dtype: .float64)
    let A = Tensor([[4.0, 1, 2], [1, 3, 0.5], [2, 0.5, 5]], dtype: .float64)
    let B = Tensor([[1.0, 2], [3, 4], [5, 6]], dtype: .float64)

    @Test func factorsMatchGetrf() {
        // LU, piv = L.lu_factor(N)
        let (lu, piv) = Linalg.luFactor(N)
        expectTensor(lu, [3, -1, 2, 0, 2, 1, 0.333333333333, 0.666666666667, -1.33333333333], shape: [3, 3], atol: 1e-10)
        expectExact(piv, [3, 3, 3], shape: [3], dtype: .int32)
        // L.lu_factor(M); L.lu_factor(M.mT)
        let (luM, pivM) = Linalg.luFactor(M)
        expectTensor(luM, [7, 8, 10, -0.285714285714, 3.28571428571, 4.85714285714, 0.571428571429, 0.130434782609, -0.347826086957, 0.142857142857, 0.260869565217, -0.875],
                     shape: [4, 3], atol: 1e-10)
        expectExact(pivM, [3, 4, 4], shape: [3])
        let (luW, pivW) = Linalg.luFactor(M.mT)
        expectTensor(luW, [3, 6, 10, 2, 0.333333333333, 2, 3.66666666667, -2.66666666667, 0.666666666667, 0.5, -0.5, 1],
                     shape: [3, 4], atol: 1e-10)
        expectExact(pivW, [3, 3, 3], shape: [3])
        // P, L, U = L.lu(M)
        let (p, l, u) = Linalg.lu(M)
        expectTensor(p, [0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0], shape: [4, 4])
        expectTensor(l, [1, 0, 0, -0.285714285714, 1, 0, 0.571428571429, 0.130434782609, 1, 0.142857142857, 0.260869565217, -0.875], shape: [4, 3], atol: 1e-10)
        expectTensor(u, [7, 8, 10, 0, 3.28571428571, 4.85714285714, 0, 0, -0.347826086957], shape: [3, 3], atol: 1e-10)
        // L.lu_factor_ex(torch.tensor([[1., 2], [2, 4]])) -> LU [[2, 4], [0.5, 0]], pivots [2, 2], info 2
        let ex = Linalg.luFactorEx(Tensor([[1.0, 2], [2, 4]], dtype: .float64))
        expectTensor(ex.LU, [2, 4, 0.5, 0], shape: [2, 2])
        expectExact(ex.pivots, [2, 2], shape: [2])
        expectExact(ex.info, [2], shape: [], dtype: .int32)
    }

    @Test func solvesFromFactors() {
        // LU, piv = L.lu_factor(N); L.lu_solve(LU, piv, B); ... adjoint=True; L.lu_solve(LU, piv, B.mT, left=False)
        let (lu, piv) = Linalg.luFactor(N)
        expectTensor(Linalg.luSolve(lu, piv, B), [2.25, 2.75, 0.75, 1.25, -0.5, -0.5], shape: [3, 2], atol: 1e-12)
        expectTensor(Linalg.luSolve(lu, piv, B, adjoint: true), [3, 3.5, -2, -1.75, 1, 1.25], shape: [3, 2], atol: 1e-12)
        expectTensor(Linalg.luSolve(lu, piv, B.mT, left: false), [3, -2, 1, 3.5, -1.75, 1.25], shape: [2, 3], atol: 1e-12)
        // Lc, info = L.cholesky_ex(A); L.cholesky_ex(torch.stack([A, -A, [[1., 2, 0], [2, 1, 0], [0, 0, 1]]])).info
        let (lc, info) = Linalg.choleskyEx(A)
        expectTensor(lc, [2, 0, 0, 0.5, 1.65831239518, 0, 1, 0, 2], shape: [3, 3], atol: 1e-10)
        expectExact(info, [0], shape: [], dtype: .int32)
        let indefinite = Tensor([[1.0, 2, 0], [2, 1, 0], [0, 0, 1]], dtype: .float64)
        expectExact(Linalg.choleskyEx(stack([A, -A, indefinite])).info, [0, 1, 2], shape: [3])
        // torch.cholesky_solve(B, L.cholesky(A)); torch.cholesky_solve(B, L.cholesky(A, upper=True), upper=True)
        let expected = [-0.5625, -0.443181818182, 1, 1.27272727273, 1.125, 1.25]
        expectTensor(choleskySolve(B, Linalg.cholesky(A)), expected, shape: [3, 2], atol: 1e-10)
        expectTensor(B.choleskySolve(Linalg.cholesky(A, upper: true), upper: true), expected, shape: [3, 2], atol: 1e-10)
    }

    @Test func gradients() throws {
        // X = N.clone().requires_grad_(); LU, piv = L.lu_factor(X); (LU * torch.arange(9.).reshape(3, 3)).sum().backward()
        let x = N.detach().requiresGrad_()
        let (lu, _) = Linalg.luFactor(x)
        #expect(lu.gradFn?.name == "LinalgLuFactorExBackward0")
        (lu * Tensor.arange(9.0, dtype: .float64).reshape([3, 3])).sum().backward()
        expectTensor(x.grad!, [2.66666666667, 4.33333333333, -0.333333333333, -3.5, -0.5, 8, 1.16666666667, 1.16666666667, -0.666666666667],
                     shape: [3, 3], atol: 1e-10)
        // X = M.clone().requires_grad_(); P, Lo, U = L.lu(X); ((Lo ** 2).sum() + (U * 2).sum()).backward()
        let y = M.detach().requiresGrad_()
        let (_, l, u) = Linalg.lu(y)
        ((l ** 2).sum() + (u * 2).sum()).backward()
        expectTensor(y.grad!, [1.17184184638, -7.27870982987, 5.03125, 1.74270469648, -9.38493915406, 6.40234375, -0.799109737488, 9.86632845431,
                               -2.41940023292, -5.72555376506, 5.12291636702, -0.147588315217], shape: [4, 3], atol: 1e-9)
        let tall = M.detach().requiresGrad_(), square = N.detach().requiresGrad_(), rhs = B.detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.luFactor($0[0]).LU }, [square], raiseException: false))
        #expect(try gradcheck({ let (_, l, u) = Linalg.lu($0[0]); return cat([l.flatten(), u.flatten()]) }, [tall], raiseException: false))
        #expect(try gradcheck({ let (_, l, u) = Linalg.lu($0[0].mT); return cat([l.flatten(), u.flatten()]) }, [tall], raiseException: false))
        #expect(try gradcheck({ xs in
            let (lu, piv) = Linalg.luFactor(xs[0])
            return Linalg.luSolve(lu, piv, xs[1])
        }, [square, rhs], raiseException: false))
        #expect(try gradcheck({ Linalg.choleskyEx(matmul($0[0], $0[0].mT) + Tensor.eye(3, dtype: .float64)).L }, [square], raiseException: false))
        #expect(try gradcheck({ $0[1].choleskySolve(Linalg.cholesky(matmul($0[0], $0[0].mT) + Tensor.eye(3, dtype: .float64))) },
                              [square, rhs], raiseException: false))
        #expect(try gradgradcheck({ Linalg.luFactor($0[0]).LU }, [square], raiseException: false))
    }

    @Test func errors() async {
        // L.lu_factor(torch.tensor([[1., 2], [2, 4]]))
        let singular = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.luFactor(Tensor([[1.0, 2], [2, 4]]))
        }
        #expect(linalgExitMessage(singular).contains("torch.linalg.lu_factor: U[2,2] is zero and using it on lu_solve would result in a division by zero."))
        // L.cholesky_ex(-A, check_errors=True)
        let checked = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.choleskyEx(-Tensor.eye(3), checkErrors: true)
        }
        #expect(linalgExitMessage(checked).contains("linalg.cholesky_ex: The factorization could not be completed because the input is not positive-definite (the leading minor of order 1 is not positive-definite)."))
    }
}
