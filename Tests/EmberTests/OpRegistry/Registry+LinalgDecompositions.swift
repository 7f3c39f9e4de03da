@testable import Ember

// `Linalg`: inverses, determinants, solvers, decompositions and norms, with the methods that
// forward to them. Inputs are made well-conditioned inside the call (both here and in the
// PyTorch mirror): `A + 4·I` for square solves, `A·Aᵀ + I` for symmetric positive definite
// ones. Outputs that are unique only up to sign (Q of qr, U/V of svd, eigenvectors) are
// compared in a sign-free form: QR with R's diagonal made positive, singular vectors and
// eigenvectors through their absolute values, plus the reconstruction.

extension OpRegistry {
    /// `A + 4·I`: a random 3×3 (or batch) that is far from singular.
    static func wellConditioned(_ a: Tensor) -> Tensor { a + Tensor.eye(a.shape.last!, dtype: a.dtype) * 4 }
    /// `A·Aᵀ + I`: symmetric positive definite.
    static func spd(_ a: Tensor) -> Tensor { matmul(a, a.mT) + Tensor.eye(a.shape.last!, dtype: a.dtype) }

    /// Q and R with R's diagonal made positive (the factorisation is unique then).
    static func signFixedQR(_ q: Tensor, _ r: Tensor) -> [Tensor] {
        let signs = r.diagonal(dim1: -2, dim2: -1).sign()
        return [q * signs.unsqueeze(-2), r * signs.unsqueeze(-1)]
    }

    static func addLinalgDecompositions(to t: inout RegistryTable) {
        let f = DTypes.f32f64 + DTypes.complex
        // Listed, not run: Ember's Linalg takes float32 and float64 only.
        t.defaultSkip = ["complex64": Gap.linalgComplex]
        defer { t.defaultSkip = [:] }
        let sq = [3, 3], batch = [2, 3, 3]
        let strided = Layout.strided
        let half = ["float16": Gap.matrixNormLowPrecision, "bfloat16": Gap.matrixNormLowPrecision]
        t.add("linalg.inv", [.x(sq)], f, grad: true, layouts: strided + [.empty], empty: [[0, 3, 3]],
              ["Linalg.inv": { Linalg.inv(wellConditioned($0[0])) }, "Tensor.inverse": { wellConditioned($0[0]).inverse() },
               "inverse": { inverse(wellConditioned($0[0])) }])
        t.add("linalg.inv.batch", [.x(batch)], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.inv": { Linalg.inv(wellConditioned($0[0])) }])
        t.add("linalg.det", [.x(sq)], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.det": { Linalg.det($0[0]) }, "Tensor.det": { $0[0].det() }, "det": { det($0[0]) }])
        t.addMulti("linalg.slogdet", [.x(batch)], f, grad: true, layouts: strided + [.expanded], [
            ("Linalg.slogdet", { let r = Linalg.slogdet($0[0]); return [r.logabsdet, r.sign] }),
            ("Tensor.slogdet", { let r = $0[0].slogdet(); return [r.logabsdet, r.sign] }),
            ("slogdet", { let r = slogdet($0[0]); return [r.logabsdet, r.sign] }),
        ])
        t.add("linalg.logdet", [.x(sq)], f, grad: true, layouts: strided,
              ["Tensor.logdet": { spd($0[0]).logdet() }, "logdet": { logdet(spd($0[0])) }])
        t.add("linalg.solve", [.x(sq), .x([3, 2])], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.solve": { Linalg.solve(wellConditioned($0[0]), $0[1]) }])
        t.add("linalg.solve.right", [.x(batch), .x([2, 4, 3])], f, grad: true, layouts: strided,
              ["Linalg.solve": { Linalg.solve(wellConditioned($0[0]), $0[1], left: false) }])
        t.add("linalg.cholesky", [.x(sq)], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.cholesky": { Linalg.cholesky(spd($0[0])) }])
        t.add("linalg.cholesky.upper", [.x(batch)], f, grad: true, layouts: strided,
              ["Linalg.cholesky": { Linalg.cholesky(spd($0[0]), upper: true) }])
        t.addMulti("linalg.qr", [.x([4, 3])], f, grad: true, layouts: strided, [
            ("Linalg.qr", { let r = Linalg.qr($0[0]); return signFixedQR(r.Q, r.R) }),
        ])
        t.addMulti("linalg.qr.complete", [.x([2, 3, 2])], f, layouts: strided, [
            ("Linalg.qr", { let r = Linalg.qr($0[0], mode: "complete"); return [r.Q.abs(), r.R.abs()] }),
        ])
        t.addMulti("linalg.svd", [.x([4, 3])], f, grad: true, layouts: strided, [
            ("Linalg.svd", { let r = Linalg.svd($0[0], fullMatrices: false)
                return [r.S, matmul(r.U * r.S.unsqueeze(-2), r.Vh), r.U.abs(), r.Vh.abs()] }),
        ])
        t.add("linalg.svdvals", [.x([2, 3, 4])], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.svdvals": { Linalg.svdvals($0[0]) }])
        t.addMulti("linalg.eigh", [.x(sq)], f, grad: true, layouts: strided, [
            ("Linalg.eigh", { let r = Linalg.eigh(spd($0[0])); return [r.eigenvalues, r.eigenvectors.abs()] }),
        ])
        t.add("linalg.eigvalsh", [.x(batch)], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.eigvalsh": { Linalg.eigvalsh(spd($0[0]), UPLO: "U") }])
        t.add("linalg.vectorNorm", [.x([3, 4])], DTypes.floats + DTypes.complex, grad: true,
              ["Linalg.vectorNorm": { Linalg.vectorNorm($0[0]) }])
        t.add("linalg.vectorNorm.dim", [.x([3, 4])], DTypes.floats + DTypes.complex, grad: true,
              layouts: Layout.noScalar,
              ["Linalg.vectorNorm": { Linalg.vectorNorm($0[0], ord: 1, dim: [-1], keepdim: true) }])
        t.add("linalg.vectorNorm.inf", [.x([3, 4])], DTypes.floats + DTypes.complex, layouts: strided + [.expanded],
              ["Linalg.vectorNorm": { Linalg.vectorNorm($0[0], ord: .infinity, dim: [0]) }])
        t.add("linalg.matrixNorm", [.x([2, 3, 4])], DTypes.floats + DTypes.complex, grad: true,
              layouts: strided + [.expanded], skip: half,
              ["Linalg.matrixNorm": { Linalg.matrixNorm($0[0]) }])
        t.add("linalg.matrixNorm.nuc", [.x([3, 4])], f, grad: true, layouts: strided,
              ["Linalg.matrixNorm": { Linalg.matrixNorm($0[0], ord: "nuc") }])
        t.add("linalg.matrixNorm.ord", [.x([3, 4])], DTypes.floats + DTypes.complex, layouts: strided, skip: half,
              ["Linalg.matrixNorm": { Linalg.matrixNorm($0[0], ord: 1) }])
        t.add("linalg.norm", [.x([3, 4])], DTypes.floats + DTypes.complex, grad: true, layouts: strided,
              ["Linalg.norm": { Linalg.norm($0[0]) }])
        t.add("linalg.norm.ord", [.x([3, 4])], DTypes.floats + DTypes.complex, layouts: strided,
              ["Linalg.norm": { Linalg.norm($0[0], ord: -1, dim: [0]) }])
        t.add("linalg.norm.str", [.x([3, 4])], DTypes.floats + DTypes.complex, layouts: strided, skip: half,
              ["Linalg.norm": { Linalg.norm($0[0], ord: "fro") }])
        t.add("linalg.pinv", [.x([4, 3])], f, grad: true, layouts: strided + [.expanded],
              ["Linalg.pinv": { Linalg.pinv($0[0]) }, "Tensor.pinverse": { $0[0].pinverse() }, "pinverse": { pinverse($0[0]) }])
        t.add("linalg.lstsq", [.x([5, 3]), .x([5, 2])], f, grad: true, layouts: strided,
              ["Linalg.lstsq": { Linalg.lstsq($0[0], $0[1]).solution }])
    }
}
