import Testing
@testable import Ember

// Expected values from PyTorch 2.15 (CPU, LAPACK). Common inputs:
//   A  = torch.tensor([[4., 1, 2], [1, 3, 0.5], [2, 0.5, 5]], dtype=torch.float64)   # SPD
//   Ab = torch.stack([A, torch.tensor([[2., -1, 0], [-1, 2, -1], [0, -1, 2]], dtype=torch.float64)])
//   M  = torch.tensor([[1., 2, 3], [4, 5, 6], [7, 8, 10], [-1, 0, 2]], dtype=torch.float64)
// Singular and eigen vectors are unique only up to sign: they are compared through |V|
// (PyTorch's `.abs()`) and through reconstruction and orthonormality.
@Suite struct LinalgDecompositionTests {
    let A = Tensor([[4.0, 1, 2], [1, 3, 0.5], [2, 0.5, 5]], dtype: .float64)
    let A2 = Tensor([[2.0, -1, 0], [-1, 2, -1], [0, -1, 2]], dtype: .float64)
    let M = Tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 10], [-1, 0, 2]], dtype: .float64)

    /// max |x - y|.
    func maxDifference(_ x: Tensor, _ y: Tensor) -> Double { (x - y).abs().max().item() }

    @Test func cholesky() {
        // torch.linalg.cholesky(A), torch.linalg.cholesky(A, upper=True), torch.linalg.cholesky(Ab)
        expectTensor(Linalg.cholesky(A), [2, 0, 0, 0.5, 1.65831239518, 0, 1, 0, 2], shape: [3, 3], atol: 1e-10)
        expectTensor(Linalg.cholesky(A, upper: true), [2, 0.5, 1, 0, 1.65831239518, 0, 0, 0, 2], shape: [3, 3], atol: 1e-10)
        expectTensor(Linalg.cholesky(stack([A, A2])),
                     [2, 0, 0, 0.5, 1.65831239518, 0, 1, 0, 2, 1.41421356237, 0, 0, -0.707106781187, 1.22474487139, 0, 0, -0.816496580928, 1.15470053838],
                     shape: [2, 3, 3], atol: 1e-10)
        // Only the lower triangle is read: a non-symmetric transposed float32 view.
        let upperGarbage = A.triangle(upper: false) + Tensor([[0.0, 9, 9], [0, 0, 9], [0, 0, 0]], dtype: .float64)
        expectTensor(Linalg.cholesky(upperGarbage.float()), [2, 0, 0, 0.5, 1.65831239518, 0, 1, 0, 2], shape: [3, 3], dtype: .float32, atol: 1e-6)
        expectTensor(Linalg.cholesky(upperGarbage.mT.contiguous().mT), [2, 0, 0, 0.5, 1.65831239518, 0, 1, 0, 2], shape: [3, 3], atol: 1e-10)
    }

    @Test func qrMatchesLAPACKSigns() {
        // q, r = torch.linalg.qr(M)
        let (q, r) = Linalg.qr(M)
        expectTensor(q, [-0.122169444356, 0.564276492687, 0.477818482567, -0.488677777425, 0.231756416639, 0.518774352502,
                         -0.855186110494, -0.100763659408, -0.443688590956, 0.122169444356, 0.785956543385, -0.552904244114],
                     shape: [4, 3], atol: 1e-10)
        expectTensor(r, [-8.18535277187, -9.52921665979, -11.6060972138, 0, 1.4812257933, 3.64764447058, 0, 0, -0.996592835069],
                     shape: [3, 3], atol: 1e-10)
        // q, r = torch.linalg.qr(M, mode='complete')
        let (qc, rc) = Linalg.qr(M, mode: "complete")
        expectTensor(qc, [-0.122169444356, 0.564276492687, 0.477818482567, -0.662084710882, -0.488677777425, 0.231756416639, 0.518774352502, 0.662084710882,
                          -0.855186110494, -0.100763659408, -0.443688590956, -0.248281766581, 0.122169444356, 0.785956543385, -0.552904244114, 0.248281766581],
                     shape: [4, 4], atol: 1e-10)
        expectTensor(rc, [-8.18535277187, -9.52921665979, -11.6060972138, 0, 1.4812257933, 3.64764447058, 0, 0, -0.996592835069, 0, 0, 0],
                     shape: [4, 3], atol: 1e-10)
        // q, r = torch.linalg.qr(M.mT): wide and non-contiguous
        let (qw, rw) = Linalg.qr(M.mT)
        expectTensor(qw, [-0.267261241912, 0.872871560944, 0.408248290464, -0.534522483825, 0.218217890236, -0.816496580928,
                          -0.801783725737, -0.436435780472, 0.408248290464], shape: [3, 3], atol: 1e-10)
        expectTensor(rw, [-3.74165738677, -8.5523597412, -14.1648458214, -1.33630620956, 0, 1.96396101212, 3.49148624378, -1.74574312189,
                          0, 0, 0.408248290464, 0.408248290464], shape: [3, 4], atol: 1e-10)
        // q, r = torch.linalg.qr(M.float())
        let (qf, rf) = Linalg.qr(M.float())
        expectTensor(qf, [-0.122169494629, 0.5642760396, 0.477818876505, -0.488677799702, 0.231756344438, 0.518774271011,
                          -0.855186104774, -0.100763589144, -0.443688601255, 0.122169449925, 0.785956740379, -0.552903950214],
                     shape: [4, 3], dtype: .float32, atol: 2e-6)
        expectTensor(rf, [-8.18535327911, -9.52921676636, -11.6060972214, 0, 1.48122537136, 3.64764404297, 0, 0, -0.996591389179],
                     shape: [3, 3], dtype: .float32, atol: 1e-5)
        // q, r = torch.linalg.qr(torch.tensor([[0., 1], [0, 2], [0, 3]])): a zero column takes no reflection
        let (qz, rz) = Linalg.qr(Tensor([[0.0, 1], [0, 2], [0, 3]], dtype: .float64))
        expectTensor(qz, [1, 0, 0, -0.554700196225, 0, -0.832050294338], shape: [3, 2], atol: 1e-10)
        expectTensor(rz, [0, 1, 0, -3.60555127546], shape: [2, 2], atol: 1e-10)
        // torch.linalg.qr(M, mode='r') -> Q is empty
        let (qr, rr) = Linalg.qr(stack([M, M * 2]), mode: "r")
        #expect(qr.shape == [0])
        #expect(rr.shape == [2, 3, 3])
    }

    @Test func svd() {
        // u, s, vh = torch.linalg.svd(M); s, u[:, :3].abs(), vh.abs()
        let (u, s, vh) = Linalg.svd(M)
        #expect(u.shape == [4, 4] && vh.shape == [3, 3])
        expectTensor(s, [17.4369842827, 2.20286747714, 0.314569549728], shape: [3], atol: 1e-10)
        expectTensor(u.narrow(1, 0, 3).abs(), [0.209330673366, 0.362760687743, 0.621473401066, 0.503123039535, 0.0319272160593, 0.554519337426,
                                                0.836781474733, 0.130330042621, 0.470283965192, 0.0533351649472, 0.922171034187, 0.291739795487],
                     shape: [4, 3], atol: 1e-9)
        expectTensor(vh.abs(), [0.460283605212, 0.552189999495, 0.695144019057, 0.726067058335, 0.216424751249, 0.652676760616,
                                0.510847951521, 0.80513758545, 0.301310203813], shape: [3, 3], atol: 1e-9)
        #expect(maxDifference(matmul(u.mT, u), Tensor.eye(4, dtype: .float64)) < 1e-12)
        #expect(maxDifference(matmul(u.narrow(1, 0, 3) * s, vh), M) < 1e-12)
        // Thin, wide and float32: A = U diag(S) Vh.
        let (ut, st, vht) = Linalg.svd(M.mT.float(), fullMatrices: false)
        #expect(ut.shape == [3, 3] && st.shape == [3] && vht.shape == [3, 4] && vht.dtype == .float32)
        #expect(maxDifference(matmul(ut * st, vht), M.mT.float()) < 1e-5)
        // torch.linalg.svdvals(M.mT); torch.linalg.svdvals(torch.stack([M[:3], M[1:]]))
        expectTensor(Linalg.svdvals(M.mT), [17.4369842827, 2.20286747714, 0.314569549728], shape: [3], atol: 1e-10)
        expectTensor(Linalg.svdvals(stack([M.narrow(0, 0, 3), M.narrow(0, 1, 3)])),
                     [17.4125051668, 0.87516135011, 0.196866521117, 17.0515881427, 2.04714889034, 0.229179476132], shape: [2, 3], atol: 1e-10)
        // A rank-deficient matrix still gets orthonormal U.
        // torch.linalg.svdvals(torch.tensor([[1., 2], [2, 4], [3, 6]], dtype=torch.float64)) -> [8.36660026534, 4.1e-16]
        let (ur, sr, _) = Linalg.svd(Tensor([[1.0, 2], [2, 4], [3, 6]], dtype: .float64))
        expectTensor(sr, [8.36660026534, 0], shape: [2], atol: 1e-10)
        #expect(maxDifference(matmul(ur.mT, ur), Tensor.eye(3, dtype: .float64)) < 1e-12)
    }

    @Test func eigh() {
        // w, v = torch.linalg.eigh(A); w, v.abs()
        let (w, v) = Linalg.eigh(A)
        expectTensor(w, [2.0965216173, 3.07222395201, 6.8312544307], shape: [3], atol: 1e-10)
        expectTensor(v.abs(), [0.716743066289, 0.325767273303, 0.6165671582, 0.574872624825, 0.776501881372, 0.258004444638,
                               0.394716153905, 0.539370477381, 0.74382702692], shape: [3, 3], atol: 1e-9)
        #expect(maxDifference(matmul(v * w, v.mT), A) < 1e-12)
        // torch.linalg.eigvalsh(torch.tensor([[1., 100], [2, 3]]), UPLO=...): one triangle only
        let lopsided = Tensor([[1.0, 100], [2, 3]], dtype: .float64)
        expectTensor(Linalg.eigvalsh(lopsided), [-0.2360679775, 4.2360679775], shape: [2], atol: 1e-10)
        expectTensor(Linalg.eigvalsh(lopsided.mT, UPLO: "U"), [-0.2360679775, 4.2360679775], shape: [2], atol: 1e-10)
        expectTensor(Linalg.eigvalsh(lopsided, UPLO: "U"), [-98.004999875, 102.004999875], shape: [2], atol: 1e-8)
        // torch.linalg.eigvalsh(Ab), in float32
        expectTensor(Linalg.eigvalsh(stack([A, A2]).float()), [2.0965216173, 3.07222395201, 6.8312544307, 0.585786437627, 2, 3.41421356237],
                     shape: [2, 3], dtype: .float32, atol: 1e-5)
    }

    @Test func recordedGradients() {
        // X = A.clone().requires_grad_(); torch.linalg.cholesky(X).sum().backward(); X.grad
        let x = A.detach().requiresGrad_()
        Linalg.cholesky(x).sum().backward()
        expectTensor(x.grad!, [0.219222295181, 0.0238664915667, 0.0496221638556, 0.0238664915667, 0.301511344578, 0.301511344578,
                               0.0496221638556, 0.301511344578, 0.25], shape: [3, 3], atol: 1e-10)
        // X = M.clone().requires_grad_(); q, r = torch.linalg.qr(X); (q.sum() + (r * r).sum()).backward()
        let y = M.detach().requiresGrad_()
        let (q, r) = Linalg.qr(y)
        #expect(q.gradFn?.name == "LinalgQrBackward0")
        (q.sum() + (r * r).sum()).backward()
        expectTensor(y.grad!, [2.28306429893, 3.52218151743, 6, 8.43878602708, 9.4812256475, 12, 13.5910889418, 16.443688591, 20,
                               -2.82416899989, 0.552904244114, 4], shape: [4, 3], atol: 1e-9)
        // X = M.clone().requires_grad_(); torch.linalg.svdvals(X).sum().backward()
        let z = M.detach().requiresGrad_()
        Linalg.svdvals(z).sum().backward()
        expectTensor(z.grad!, [-0.484515522271, 0.537451506368, 0.195024159011, -0.0285144812554, 0.731193711161, 0.161822485252,
                               0.720028744875, 0.111625712954, 0.638321604792, -0.495974031165, -0.405020166496, 0.726859401483],
                     shape: [4, 3], atol: 1e-9)
        // X = A.clone().requires_grad_(); w, v = torch.linalg.eigh(X)
        // ((w * torch.tensor([1., 2, 3])).sum() + (v**2 * torch.arange(9.).reshape(3, 3)).sum()).backward()
        let e = A.detach().requiresGrad_()
        let (ew, ev) = Linalg.eigh(e)
        ((ew * Tensor([1.0, 2, 3], dtype: .float64)).sum() + (ev * ev * Tensor.arange(9.0, dtype: .float64).reshape([3, 3])).sum()).backward()
        expectTensor(e.grad!, [1.8664344375, 0.571113035076, 0.741529382644, 0.571113035076, 1.73608775868, -0.0350008324687,
                               0.741529382644, -0.0350008324687, 2.39747780382], shape: [3, 3], atol: 1e-9)
    }

    @Test func gradchecks() throws {
        let x = Tensor([[1.0, 0.2, -0.3], [0.4, 1.5, 0.1], [-0.2, 0.3, 0.8]], dtype: .float64).requiresGrad_()
        let tall = M.detach().requiresGrad_()
        let weights = Tensor([[0.5, -1, 2], [1.5, 0.25, -0.75], [1, 2, 3], [-2, 0.5, 1]], dtype: .float64)
        // Cholesky of a symmetric positive-definite function of x.
        #expect(try gradcheck({ Linalg.cholesky(matmul($0[0], $0[0].mT) + Tensor.eye(3, dtype: .float64)) }, [x], raiseException: false))
        #expect(try gradcheck({ Linalg.cholesky(matmul($0[0], $0[0].mT) + Tensor.eye(3, dtype: .float64), upper: true) }, [x], raiseException: false))
        // QR: tall, square and wide.
        #expect(try gradcheck({ Linalg.qr($0[0]).Q * weights }, [tall], raiseException: false))
        #expect(try gradcheck({ Linalg.qr($0[0]).R }, [tall], raiseException: false))
        #expect(try gradcheck({ let (q, r) = Linalg.qr($0[0].mT); return q.sum(dim: 0) + r.sum(dim: 1) }, [tall], raiseException: false))
        #expect(try gradcheck({ let (q, r) = Linalg.qr($0[0]); return matmul(q, r) }, [x], raiseException: false))
        // SVD through sign-invariant losses: S, |U|·S, U Uᵀ, Vhᵀ Vh.
        #expect(try gradcheck({ Linalg.svdvals($0[0]) }, [tall], raiseException: false))
        #expect(try gradcheck({ let (u, s, _) = Linalg.svd($0[0], fullMatrices: false); return u.abs() * s }, [tall], raiseException: false))
        #expect(try gradcheck({ let (u, _, _) = Linalg.svd($0[0], fullMatrices: false); return matmul(u, u.mT) }, [tall], raiseException: false))
        #expect(try gradcheck({ let (_, _, vh) = Linalg.svd($0[0].mT); return vh.narrow(0, 0, 3).abs() }, [tall], raiseException: false))
        // eigh of a symmetrised input, through eigenvalues and V∘V.
        #expect(try gradcheck({ Linalg.eigvalsh($0[0] + $0[0].mT) }, [x], raiseException: false))
        #expect(try gradcheck({ let (w, v) = Linalg.eigh($0[0] + $0[0].mT); return v * v + w }, [x], raiseException: false))
        // Second order through the saved factors.
        #expect(try gradgradcheck({ Linalg.cholesky(matmul($0[0], $0[0].mT) + Tensor.eye(3, dtype: .float64)) }, [x], raiseException: false))
        #expect(try gradgradcheck({ Linalg.eigvalsh($0[0] + $0[0].mT) }, [x], raiseException: false))
        #expect(try gradgradcheck({ Linalg.svdvals($0[0]) }, [tall], raiseException: false))
        #expect(try gradgradcheck({ let (q, r) = Linalg.qr($0[0]); return q.sum(dim: 0) + r.sum(dim: 0) }, [tall], raiseException: false))
    }

    @Test func errors() async {
        // torch.linalg.cholesky(torch.tensor([[1., 2], [2, 4]]))
        let notPD = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.cholesky(Tensor([[1.0, 2], [2, 4]], dtype: .float64))
        }
        #expect(linalgExitMessage(notPD).contains("linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite)."))
        // torch.linalg.qr(torch.eye(3), mode='foo')
        let mode = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.qr(Tensor.eye(3), mode: "foo")
        }
        #expect(linalgExitMessage(mode).contains("qr received unrecognized mode 'foo' but expected one of 'reduced' (default), 'r', or 'complete'"))
        // torch.linalg.svd(torch.ones(2, 2, dtype=torch.long))
        let integer = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.svd(Tensor.ones([2, 2], dtype: .int64))
        }
        #expect(linalgExitMessage(integer).contains("linalg.svd: Expected a floating point or complex tensor as input. Got Long"))
        // torch.linalg.eigh(torch.eye(3), UPLO='X')
        let uplo = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linalg.eigh(Tensor.eye(3), UPLO: "X")
        }
        #expect(linalgExitMessage(uplo).contains("Expected UPLO argument to be 'L' or 'U', but got X"))
    }
}
