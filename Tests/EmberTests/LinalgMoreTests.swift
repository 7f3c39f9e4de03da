import Testing
@testable import Ember

// Expected values from PyTorch 2.15 (CPU). Common inputs:
//   M = torch.tensor([[1., 2, 3], [4, 5, 6], [7, 8, 10], [-1, 0, 2]], dtype=torch.float64)
//   N = torch.tensor([[0., 2, 1], [1, 1, 0], [3, -1, 2]], dtype=torch.float64)
//   U = torch.tensor([[2., 1, -1], [0, 3, 0.5], [0, 0, 4]], dtype=torch.float64)
//   B = torch.tensor([[1., 2], [3, 4], [5, 6]], dtype=torch.float64)
@Suite struct LinalgMoreTests {
    let M = Tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 10], [-1, 0, 2]], dtype: .float64)
    let N = Tensor([[0.0, 2, 1], [1, 1, 0], [3, -1, 2]], dtype: .float64)
    let U = Tensor([[2.0, 1, -1], [0, 3, 0.5], [0, 0, 4]], dtype: .float64)
    let B = Tensor([[1.0, 2], [3, 4], [5, 6]], dtype: .float64)

    @Test func triangularSolves() {
        // L.solve_triangular(U, B, upper=True); L.solve_triangular(U.mT, B, upper=False)
        expectTensor(Linalg.solveTriangular(U, B, upper: true), [0.729166666667, 1.20833333333, 0.791666666667, 1.08333333333, 1.25, 1.5],
                     shape: [3, 2], atol: 1e-10)
        expectTensor(Linalg.solveTriangular(U.mT, B, upper: false), [0.5, 1, 0.833333333333, 1, 1.27083333333, 1.625], shape: [3, 2], atol: 1e-10)
        // L.solve_triangular(U, B.mT, upper=True, left=False); L.solve_triangular(U, B, upper=True, unitriangular=True)
        expectTensor(Linalg.solveTriangular(U, B.mT, upper: true, left: false), [0.5, 0.833333333333, 1.27083333333, 1, 1, 1.625],
                     shape: [2, 3], atol: 1e-10)
        expectTensor(Linalg.solveTriangular(U, B, upper: true, unitriangular: true), [5.5, 7, 0.5, 1, 5, 6], shape: [3, 2], atol: 1e-12)
        // Garbage below the diagonal is not read; float32 and a batch broadcast against one B.
        let noisy = U + Tensor([[0.0, 0, 0], [7, 0, 0], [7, 7, 0]], dtype: .float64)
        expectTensor(Linalg.solveTriangular(stack([noisy, noisy]).float(), B.float(), upper: true),
                     [0.729166666667, 1.20833333333, 0.791666666667, 1.08333333333, 1.25, 1.5,
                      0.729166666667, 1.20833333333, 0.791666666667, 1.08333333333, 1.25, 1.5], shape: [2, 3, 2], dtype: .float32, atol: 1e-6)
    }

    @Test func triangularSolveGradients() throws {
        // X, Bq = U.clone().requires_grad_(), B.clone().requires_grad_()
        // (L.solve_triangular(X, Bq, upper=True) * torch.arange(6.).reshape(3, 2)).sum().backward()
        let x = U.detach().requiresGrad_(), b = B.detach().requiresGrad_()
        (Linalg.solveTriangular(x, b, upper: true) * Tensor.arange(6.0, dtype: .float64).reshape([3, 2])).sum().backward()
        expectTensor(x.grad!, [-0.604166666667, -0.541666666667, -0.75, 0, -1.43055555556, -2.08333333333, 0, 0, -3.05208333333],
                     shape: [3, 3], atol: 1e-10)
        expectTensor(b.grad!, [0, 0.5, 0.666666666667, 0.833333333333, 0.916666666667, 1.27083333333], shape: [3, 2], atol: 1e-10)
        let u = U.detach().requiresGrad_(), rhs = B.detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.solveTriangular($0[0], $0[1], upper: true) }, [u, rhs], raiseException: false))
        #expect(try gradcheck({ Linalg.solveTriangular($0[0].mT, $0[1].mT, upper: false, left: false) }, [u, rhs], raiseException: false))
        #expect(try gradcheck({ Linalg.solveTriangular($0[0], $0[1], upper: true, unitriangular: true) }, [u, rhs], raiseException: false))
        #expect(try gradgradcheck({ Linalg.solveTriangular($0[0], $0[1], upper: true) }, [u, rhs], raiseException: false))
    }

    @Test func rankAndCondition() {
        // L.matrix_rank(M); L.matrix_rank(torch.tensor([[1., 2], [2, 4], [3, 6]]))
        expectExact(Linalg.matrixRank(M), [3], shape: [], dtype: .int64)
        expectExact(Linalg.matrixRank(Tensor([[1.0, 2], [2, 4], [3, 6]], dtype: .float64)), [1], shape: [])
        // L.matrix_rank(torch.stack([M[:3], M[:3] * 0])); L.matrix_rank(M, atol=1.0)
        expectExact(Linalg.matrixRank(stack([M.narrow(0, 0, 3), M.narrow(0, 0, 3) * 0])), [3, 0], shape: [2])
        expectExact(Linalg.matrixRank(M, atol: 1), [2], shape: [])
        // L.matrix_rank(torch.tensor([[2., 1, 0], [1, 2, 0], [0, 0, 0]]), hermitian=True)
        expectExact(Linalg.matrixRank(Tensor([[2.0, 1, 0], [1, 2, 0], [0, 0, 0]], dtype: .float64), hermitian: true), [2], shape: [])
        // L.cond(M); L.cond(N); L.cond(N, 'fro'); L.cond(N, 1); L.cond(N, -2); L.cond(N, float('inf'))
        expectTensor(Linalg.cond(M), [55.4312529545], shape: [], atol: 1e-8)
        expectTensor(Linalg.cond(N), [4.35586497263], shape: [], atol: 1e-9)
        expectTensor(Linalg.cond(N, p: "fro"), [5.72821961869], shape: [], atol: 1e-9)
        expectTensor(Linalg.cond(N, p: 1), [7], shape: [], atol: 1e-12)
        expectTensor(Linalg.cond(N, p: -2), [0.229575527773], shape: [], atol: 1e-10)
        expectTensor(Linalg.cond(N, p: .infinity), [9], shape: [], atol: 1e-12)
        // L.cond(torch.tensor([[1., 2], [2, 4]]), 1) -> inf
        expectTensor(Linalg.cond(Tensor([[1.0, 2], [2, 4]], dtype: .float64), p: 1), [.infinity], shape: [])
    }

    @Test func powersAndProducts() throws {
        // L.matrix_power(N, 3); L.matrix_power(N, 0); L.matrix_power(N, -2)
        expectTensor(Linalg.matrixPower(N, 3), [7, 9, 9, 6, 4, 3, 24, 6, 19], shape: [3, 3], atol: 1e-12)
        expectTensor(Linalg.matrixPower(N, 0), [1, 0, 0, 0, 1, 0, 0, 0, 1], shape: [3, 3], dtype: .float64)
        expectTensor(Linalg.matrixPower(N, -2), [0.28125, -0.015625, -0.078125, -0.03125, 0.390625, -0.046875, -0.1875, -0.15625, 0.21875],
                     shape: [3, 3], atol: 1e-12)
        // v = torch.tensor([1., 2, 3]); L.multi_dot([v, N, N.mT, v]); L.multi_dot([M, N, N])
        let v = Tensor([1.0, 2, 3], dtype: .float64)
        expectTensor(Linalg.multiDot([v, N, N.mT, v]), [171], shape: [])
        expectTensor(Linalg.multiDot([M, N, N]), [22, 16, 25, 55, 37, 55, 93, 61, 92, 5, 5, 12], shape: [4, 3])
        // L.vecdot(M, M[0].unsqueeze(0)); L.vecdot(M, M, dim=0)
        expectTensor(Linalg.vecdot(M, M[0].unsqueeze(0)), [14, 32, 53, 5], shape: [4])
        expectTensor(Linalg.vecdot(M, M, dim: 0), [67, 93, 149], shape: [3])
        let x = N.detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.matrixPower($0[0], 3) }, [x], raiseException: false))
        #expect(try gradcheck({ Linalg.matrixPower($0[0], -2) }, [x], raiseException: false))
        #expect(try gradcheck({ Linalg.cond($0[0]) }, [x], raiseException: false))
        #expect(try gradcheck({ Linalg.cond($0[0], p: "fro") }, [x], raiseException: false))
    }

    @Test func matrixExponential() throws {
        // L.matrix_exp(N); L.matrix_exp(N * 0.01); L.matrix_exp(N * 3)
        expectTensor(Linalg.matrixExp(N), [7.65016292675282, 5.4679121759024, 5.88539020215036, 3.78443412601758, 5.1317288243721,
                                           2.10095607613277, 15.5552145303183, 4.6193901785135, 15.219031178788], shape: [3, 3], atol: 1e-12, rtol: 1e-12)
        expectTensor((N * 0.01).matrixExp(), [1.00025118174128, 0.0200515058843802, 0.0101015104886975, 0.0100510054576926, 1.01015067210596,
                                              5.05050310049316e-05, 0.0302540264350876, -0.00984898533367285, 1.02035319265666],
                     shape: [3, 3], atol: 1e-14, rtol: 1e-12)
        expectTensor(Linalg.matrixExp(N * 3), [3946.10981413907, 2106.71934530234, 3432.20821350087, 1846.30918626774, 1034.72191870742,
                                               1585.89902723313, 8710.72561326947, 4497.28692266478, 7638.72818667455], shape: [3, 3], rtol: 1e-11)
        // L.matrix_exp(torch.stack([N * 0.5, -N])); L.matrix_exp(N.float())
        expectTensor(Linalg.matrixExp(stack([N * 0.5, -N])),
                     [1.8964898714164, 1.36916891152828, 1.03227409070984, 0.800481000746041, 2.00159160227104, 0.231793089963802,
                      2.86502918216573, 0.126691359109167, 3.49745187290849, 3.4051768382985, -2.78954017538447, -0.931734277500186,
                      -1.24042481762822, 1.23868040028619, 0.308690540128032, -3.10389337262859, 2.47518697814035, 0.924327203042064],
                     shape: [2, 3, 3], atol: 1e-12, rtol: 1e-12)
        expectTensor(Linalg.matrixExp(N.float()), [7.65016269683838, 5.46791219711304, 5.88539028167725, 3.78443431854248, 5.1317286491394,
                                                   2.10095643997192, 15.5552158355713, 4.6193904876709, 15.219033241272], shape: [3, 3], dtype: .float32, atol: 1e-5)
        // X = N.clone().requires_grad_(); (L.matrix_exp(X) * torch.arange(9.).reshape(3, 3)).sum().backward()
        let x = N.detach().requiresGrad_()
        (Linalg.matrixExp(x) * Tensor.arange(9.0, dtype: .float64).reshape([3, 3])).sum().backward()
        expectTensor(x.grad!, [91.6221973552274, 72.8163359296532, 146.555100865744, 45.8592193972262, 35.2956180653949, 78.3917888247864,
                               111.258150102528, 83.8278917953001, 180.125143077594], shape: [3, 3], rtol: 1e-10)
        let small = (N * 0.3).detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.matrixExp($0[0]) }, [small], raiseException: false))
        #expect(try gradgradcheck({ Linalg.matrixExp($0[0]) }, [small], raiseException: false))
    }

    @Test func crossVanderAndAliases() throws {
        // a = torch.tensor([[1., 2, 3], [4, 5, 6]]); b = torch.tensor([[-1., 0.5, 2]]); L.cross(a, b)
        let a = Tensor([[1.0, 2, 3], [4, 5, 6]], dtype: .float64), b = Tensor([[-1.0, 0.5, 2]], dtype: .float64)
        expectTensor(Linalg.cross(a, b), [2.5, -5, 2.5, 7, -14, 7], shape: [2, 3])
        // L.cross(a.mT, torch.tensor([[1., 0], [0, 1], [2, 2]]), dim=0)
        expectTensor(Linalg.cross(a.mT, Tensor([[1.0, 0], [0, 1], [2, 2]], dtype: .float64), dim: 0), [4, 4, 1, -8, -2, 4], shape: [3, 2])
        #expect(try gradcheck({ Linalg.cross($0[0], $0[1]) }, [a.detach().requiresGrad_(), b.detach().requiresGrad_()], raiseException: false))
        // L.vander(torch.tensor([1., 2, 3])); L.vander(torch.tensor([2., -1]), N=4); L.vander(torch.tensor([1, 2, 3])).dtype
        expectTensor(Linalg.vander(Tensor([1.0, 2, 3])), [1, 1, 1, 1, 2, 4, 1, 3, 9], shape: [3, 3], dtype: .float32)
        expectTensor(Linalg.vander(Tensor([2.0, -1]), N: 4), [1, 2, 4, 8, 1, -1, 1, -1], shape: [2, 4])
        expectExact(Linalg.vander(Tensor([1, 2, 3])), [1, 1, 1, 1, 2, 4, 1, 3, 9], shape: [3, 3], dtype: .int64)
        // L.diagonal(torch.arange(8.).reshape(2, 2, 2))
        expectTensor(Linalg.diagonal(Tensor.arange(8.0).reshape([2, 2, 2])), [0, 3, 4, 7], shape: [2, 2])
        expectTensor(Linalg.matmul(M, N), matmul(M, N).toArray(Double.self), shape: [4, 3])
    }

    @Test func errors() async {
        // L.cross(torch.ones(2, 2), torch.ones(2, 2))
        let length = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.cross(Tensor.ones([2, 2]), Tensor.ones([2, 2]))
        }
        #expect(linalgExitMessage(length).contains("linalg.cross: inputs dimension -1 must have length 3. Got 2 and 2"))
        // L.matrix_power(M, 2)
        let square = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.matrixPower(Tensor.ones([4, 3]), 2)
        }
        #expect(linalgExitMessage(square).contains("linalg.matrix_power: A must be batches of square matrices, but they are 4 by 3 matrices"))
        // L.multi_dot([v])
        let count = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.multiDot([Tensor.ones([3])])
        }
        #expect(linalgExitMessage(count).contains("multi_dot(): expected at least 2 tensors but got 1"))
    }
}
