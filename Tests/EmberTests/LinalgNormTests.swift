import Testing
@testable import Ember

// Expected values from PyTorch 2.15 (CPU). Common inputs:
//   M = torch.tensor([[1., 2, 3], [4, 5, 6], [7, 8, 10], [-1, 0, 2]], dtype=torch.float64)
//   Mb = torch.stack([M[:3], M[1:]])
//   x = torch.tensor([[3., -4, 0], [1, 2, -2]], dtype=torch.float64)
//   B = torch.tensor([[1., 0], [2, 1], [0, -1], [3, 3]], dtype=torch.float64)
@Suite struct LinalgNormTests {
    let M = Tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 10], [-1, 0, 2]], dtype: .float64)
    let x = Tensor([[3.0, -4, 0], [1, 2, -2]], dtype: .float64)
    let B = Tensor([[1.0, 0], [2, 1], [0, -1], [3, 3]], dtype: .float64)
    var Mb: Tensor { stack([M.narrow(0, 0, 3), M.narrow(0, 1, 3)]) }

    @Test func vectorNorms() {
        // L.vector_norm(x); L.vector_norm(x, ord=1, dim=1); L.vector_norm(x, ord=float('inf'), dim=0)
        expectTensor(Linalg.vectorNorm(x), [5.83095189485], shape: [], atol: 1e-10)
        expectTensor(Linalg.vectorNorm(x, ord: 1, dim: [1]), [7, 5], shape: [2])
        expectTensor(Linalg.vectorNorm(x, ord: .infinity, dim: [0]), [3, 4, 2], shape: [3])
        // L.vector_norm(x, ord=0, dim=[1], keepdim=True); L.vector_norm(x, ord=3)
        expectTensor(Linalg.vectorNorm(x, ord: 0, dim: [1], keepdim: true), [2, 3], shape: [2, 1])
        expectTensor(Linalg.vectorNorm(x, ord: 3), [4.7622031559], shape: [], atol: 1e-10)
        // L.vector_norm(x, ord=float('-inf'), dim=1); L.vector_norm(x, ord=0.5, dim=1)
        expectTensor(Linalg.vectorNorm(x, ord: -.infinity, dim: [1]), [0, 1], shape: [2])
        expectTensor(Linalg.vectorNorm(x, ord: 0.5, dim: [1]), [13.9282032303, 14.6568542495], shape: [2], atol: 1e-9)
        // L.vector_norm(x.mT, dim=0), in float32
        expectTensor(Linalg.vectorNorm(x.float().mT, dim: [0]), [5, 3], shape: [2], dtype: .float32)
        #expect(Linalg.vectorNorm(x.detach().requiresGrad_()).gradFn?.name == "LinalgVectorNormBackward0")
    }

    @Test func matrixNorms() {
        // L.matrix_norm(M, ord=o) for o in ['fro', 'nuc', 1, -1, 2, -2, inf, -inf]
        expectTensor(Linalg.matrixNorm(M), [17.5783958312], shape: [], atol: 1e-9)
        expectTensor(Linalg.matrixNorm(M, ord: "nuc"), [19.9544213096], shape: [], atol: 1e-9)
        let numeric: [(Double, Double)] = [(1, 21), (-1, 13), (2, 17.4369842827), (-2, 0.314569549728), (.infinity, 25), (-.infinity, 3)]
        for (ord, expected) in numeric {
            expectTensor(Linalg.matrixNorm(M, ord: ord), [expected], shape: [], atol: 1e-9)
        }
        // L.matrix_norm(Mb, ord='nuc'); L.matrix_norm(Mb, ord=1, dim=(0, 2), keepdim=True)
        expectTensor(Linalg.matrixNorm(Mb, ord: "nuc"), [18.484533038, 19.3279165092], shape: [2], atol: 1e-9)
        expectTensor(Linalg.matrixNorm(Mb, ord: 1, dim: [0, 2], keepdim: true), [9, 16, 12], shape: [1, 3, 1])
        // L.matrix_norm(Mb, ord=float('inf'), dim=(2, 0)); L.matrix_norm(Mb, ord=2, keepdim=True)
        expectTensor(Linalg.matrixNorm(Mb, ord: .infinity, dim: [2, 0]), [9, 16, 12], shape: [3])
        expectTensor(Linalg.matrixNorm(Mb.float(), ord: 2, keepdim: true), [17.4125051668, 17.0515881427], shape: [2, 1, 1], atol: 1e-4)
        // L.norm(Mb); L.norm(M, ord=1); L.norm(x[0], ord=3); L.norm(Mb, dim=[1]); L.norm(M, ord='nuc')
        expectTensor(Linalg.norm(Mb), [24.474476501], shape: [], atol: 1e-9)
        expectTensor(Linalg.norm(M, ord: 1), [21], shape: [])
        expectTensor(Linalg.norm(x[0], ord: 3), [4.49794144528], shape: [], atol: 1e-9)
        expectTensor(Linalg.norm(Mb, dim: [1]), [8.12403840464, 9.64365076099, 12.0415945788, 8.12403840464, 9.43398113206, 11.8321595662],
                     shape: [2, 3], atol: 1e-9)
        expectTensor(Linalg.norm(M, ord: "nuc"), [19.9544213096], shape: [], atol: 1e-9)
    }

    @Test func pseudoinverse() {
        // L.pinv(M); L.pinv(M.mT); M.pinverse()
        let expected = [-1.12328767123, -0.876712328767, 0.828767123288, 0.171232876712, 1.56164383562, 1.43835616438,
                        -1.16438356164, -0.835616438356, -0.479452054795, -0.520547945205, 0.445205479452, 0.554794520548]
        expectTensor(Linalg.pinv(M), expected, shape: [3, 4], atol: 1e-10)
        expectTensor(Linalg.pinv(M.mT).mT, expected, shape: [3, 4], atol: 1e-10)
        expectTensor(M.pinverse(), expected, shape: [3, 4], atol: 1e-10)
        expectTensor(pinverse(M), expected, shape: [3, 4], atol: 1e-10)
        expectTensor(Linalg.pinv(M.float()), expected, shape: [3, 4], dtype: .float32, atol: 1e-5)
        // L.pinv(torch.tensor([[1., 2], [2, 4], [3, 6]])): rank 1
        expectTensor(Linalg.pinv(Tensor([[1.0, 2], [2, 4], [3, 6]], dtype: .float64)),
                     [0.0142857142857, 0.0285714285714, 0.0428571428571, 0.0285714285714, 0.0571428571429, 0.0857142857143], shape: [2, 3], atol: 1e-12)
        // L.pinv(torch.tensor([[2., 1, 0], [1, 2, 0], [0, 0, 0]]), hermitian=True)
        expectTensor(Linalg.pinv(Tensor([[2.0, 1, 0], [1, 2, 0], [0, 0, 0]], dtype: .float64), hermitian: true),
                     [0.666666666667, -0.333333333333, 0, -0.333333333333, 0.666666666667, 0, 0, 0, 0], shape: [3, 3], atol: 1e-10)
    }

    @Test func leastSquares() {
        // r = L.lstsq(M, B): gelsy gives rank, no residuals, no singular values
        let r = Linalg.lstsq(M, B)
        expectTensor(r.solution, [-2.36301369863, -1.19178082192, 1.93150684932, 0.0958904109589, 0.143835616438, 0.698630136986],
                     shape: [3, 2], atol: 1e-10)
        #expect(r.residuals.shape == [0] && r.singularValues.shape == [0])
        expectExact(r.rank, [3], shape: [], dtype: .int64)
        // r = L.lstsq(M, B, driver='gelsd')
        let d = Linalg.lstsq(M, B, driver: "gelsd")
        expectTensor(d.residuals, [1.97945205479, 2.7397260274], shape: [2], atol: 1e-9)
        expectTensor(d.singularValues, [17.4369842827, 2.20286747714, 0.314569549728], shape: [3], atol: 1e-9)
        // L.lstsq(M, B[:, 0]).solution: B as a vector
        expectTensor(Linalg.lstsq(M, B.select(1, 0)).solution, [-2.36301369863, 1.93150684932, 0.143835616438], shape: [3], atol: 1e-10)
        // L.lstsq(M.mT, B[:3]).solution: underdetermined, the minimum-norm solution
        let wide = Linalg.lstsq(M.mT, B.narrow(0, 0, 3))
        expectTensor(wide.solution, [2, 2.04109589041, 2, 1.95890410959, -1.5, -1.6095890411, -1.5, -1.3904109589], shape: [4, 2], atol: 1e-9)
        #expect(wide.residuals.shape == [0])
        // Batched A against one B (broadcast).
        let batched = Linalg.lstsq(stack([M, M * 2]), B.unsqueeze(0))
        #expect(batched.solution.shape == [2, 3, 2])
        expectTensor(batched.solution.select(0, 1) * 2, r.solution.toArray(Double.self), shape: [3, 2], atol: 1e-10)
    }

    @Test func recordedGradients() {
        // X = M.clone().requires_grad_(); L.matrix_norm(X, 'nuc').backward(); X.grad
        let a = M.detach().requiresGrad_()
        Linalg.matrixNorm(a, ord: "nuc").backward()
        expectTensor(a.grad!, [-0.484515522271, 0.537451506368, 0.195024159011, -0.0285144812554, 0.731193711161, 0.161822485252,
                               0.720028744875, 0.111625712954, 0.638321604792, -0.495974031165, -0.405020166496, 0.726859401483],
                     shape: [4, 3], atol: 1e-9)
        // X = M.clone().requires_grad_(); (L.pinv(X) * torch.arange(12.).reshape(3, 4)).sum().backward()
        let p = M.detach().requiresGrad_()
        (Linalg.pinv(p) * Tensor.arange(12.0, dtype: .float64).reshape([3, 4])).sum().backward()
        expectTensor(p.grad!, [2.41461812723, -2.5258022143, 0.0918558829049, 1.58538187277, -1.4741977857, -0.0918558829048,
                               -1.25633327078, 1.47748170388, -0.219834865828, 1.25633327078, -1.47748170388, 0.219834865828],
                     shape: [4, 3], atol: 1e-9)
        // X, Bq = M.clone().requires_grad_(), B.clone().requires_grad_(); (L.lstsq(X, Bq).solution ** 2).sum().backward()
        let la = M.detach().requiresGrad_(), lb = B.detach().requiresGrad_()
        (Linalg.lstsq(la, lb).solution ** 2).sum().backward()
        expectTensor(la.grad!, [61.5680278754, -71.3128655046, 14.641911536, -7.82558088721, 30.8491762571, -20.3832326094,
                                -9.33140454016, -2.38749720449, 8.99283964454, -21.0457769198, 26.0144440988, -6.28614045145],
                     shape: [4, 3], atol: 1e-8)
        expectTensor(lb.grad!, [11.2034152749, 2.30699943704, 9.55000938262, 1.63820604241, -8.28673297054, -1.57665603303,
                                -3.87765059111, 0.206793019328], shape: [4, 2], atol: 1e-9)
    }

    @Test func gradchecks() throws {
        let v = Tensor([[3.0, -4, 0.5], [1, 2, -2.5]], dtype: .float64).requiresGrad_()
        let a = M.detach().requiresGrad_()
        for ord in [2.0, 1, 3, 0.5, .infinity, -.infinity] {
            #expect(try gradcheck({ Linalg.vectorNorm($0[0], ord: ord, dim: [1]) }, [v], raiseException: false), "ord \(ord)")
        }
        #expect(try gradcheck({ Linalg.vectorNorm($0[0], ord: 2, dim: [0, 1], keepdim: true) }, [v], raiseException: false))
        #expect(try gradcheck({ Linalg.matrixNorm($0[0]) }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.matrixNorm($0[0], ord: "nuc") }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.matrixNorm($0[0], ord: 2) }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.matrixNorm($0[0], ord: -.infinity) }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.pinv($0[0]) }, [a], raiseException: false))
        #expect(try gradcheck({ Linalg.pinv($0[0].mT) }, [a], raiseException: false))
        let b = B.detach().requiresGrad_()
        #expect(try gradcheck({ Linalg.lstsq($0[0], $0[1]).solution }, [a, b], raiseException: false))
        #expect(try gradgradcheck({ Linalg.vectorNorm($0[0], ord: 3, dim: [1]) }, [v], raiseException: false))
        #expect(try gradgradcheck({ Linalg.pinv($0[0]) }, [a], raiseException: false))
    }

    @Test func errors() async {
        // L.matrix_norm(torch.eye(3), ord=3)
        let order = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.matrixNorm(Tensor.eye(3), ord: 3)
        }
        #expect(linalgExitMessage(order).contains("linalg.matrix_norm: Order 3 not supported."))
        // L.vector_norm(torch.ones(3, dtype=torch.long))
        let integer = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.vectorNorm(Tensor.ones([3], dtype: .int64))
        }
        #expect(linalgExitMessage(integer).contains("linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long"))
        // L.lstsq(torch.eye(3), torch.ones(2, 2))
        let rows = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.lstsq(Tensor.eye(3), Tensor.ones([2, 2]))
        }
        #expect(linalgExitMessage(rows).contains("torch.linalg.lstsq: input.size(-2) should match other.size(-2)"))
        // L.norm(torch.ones(2, 2, 2), dim=(0, 1, 2))
        let dims = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.norm(Tensor.ones([2, 2, 2]), dim: [0, 1, 2])
        }
        #expect(linalgExitMessage(dims).contains("linalg.norm: If dim is specified, it must be of length 1 or 2. Got [0, 1, 2]"))
    }
}
