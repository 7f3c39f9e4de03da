import Foundation
import Testing
@testable import Ember

/// Seeded random matrices (square, batched, tall, wide) against PyTorch's results, from
/// Fixtures/linalg/gen_linalg.py. Singular and eigen vectors are compared as |V|.
@Suite struct LinalgRandomFixtureTests {
    let fixture: [String: Tensor]

    init() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/linalg/linalg_random.safetensors").path
        fixture = Dictionary(uniqueKeysWithValues: try loadSafetensors(from: path).tensors.map { ($0.key, $0.value) })
    }

    func expectClose(_ actual: Tensor, _ key: String, atol: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = fixture[key]!
        expectTensor(actual, expected.toArray(Double.self), shape: expected.shape, atol: atol, rtol: 1e-7, sourceLocation: sourceLocation)
    }

    /// The gradient of `loss` at `x`.
    func gradient(_ x: Tensor, _ loss: (Tensor) -> Tensor) -> Tensor {
        let leaf = x.detach().requiresGrad_()
        loss(leaf).backward()
        return leaf.grad!
    }

    @Test(arguments: ["sq5", "b3sq4", "sq8"])
    func squareMatrices(_ name: String) {
        let A = fixture["\(name).A"]!, rhs = fixture["\(name).rhs"]!
        let n = A.shape[A.ndim - 1]
        let eye = Tensor.eye(n, dtype: .float64)
        expectClose(Linalg.inv(A), "\(name).inv")
        expectClose(Linalg.det(A), "\(name).det")
        expectClose(Linalg.slogdet(A).logabsdet, "\(name).logabsdet")
        expectClose(Linalg.solve(A, rhs), "\(name).solve")
        expectClose(Linalg.cholesky(matmul(A, A.mT) + Double(n) * eye), "\(name).cholesky")
        let (w, v) = Linalg.eigh(A + A.mT)
        expectClose(w, "\(name).eigvals")
        expectClose(v.abs(), "\(name).eigvecs_abs", atol: 1e-8)
        expectClose(gradient(A) { Linalg.slogdet($0).logabsdet.sum() }, "\(name).grad_logabsdet")
        let weights = Tensor.arange(Double(n), dtype: .float64)
        expectClose(gradient(A) { x in
            let s = x + x.mT
            return (Linalg.eigh(s).eigenvectors ** 2 * weights).sum() + (Linalg.eigvalsh(s) ** 2).sum()
        }, "\(name).grad_eigh", atol: 1e-8)
        expectClose(gradient(A) { (Linalg.cholesky(matmul($0, $0.mT) + Double(n) * eye) ** 2).sum() }, "\(name).grad_cholesky", atol: 1e-8)
    }

    @Test(arguments: ["tall", "wide", "b2tall"])
    func rectangularMatrices(_ name: String) {
        let A = fixture["\(name).A"]!, rhs = fixture["\(name).rhs"]!
        let (q, r) = Linalg.qr(A)
        expectClose(q, "\(name).Q")
        expectClose(r, "\(name).R")
        let (u, s, vh) = Linalg.svd(A, fullMatrices: false)
        expectClose(s, "\(name).S")
        expectClose(u.abs(), "\(name).U_abs", atol: 1e-8)
        expectClose(vh.abs(), "\(name).Vh_abs", atol: 1e-8)
        expectClose(Linalg.pinv(A), "\(name).pinv", atol: 1e-8)
        expectClose(Linalg.matrixNorm(A, ord: "nuc"), "\(name).nuc")
        expectClose(Linalg.matrixNorm(A, ord: 1), "\(name).norm1")
        expectClose(Linalg.matrixNorm(A, ord: .infinity), "\(name).norminf")
        expectClose(Linalg.lstsq(A, rhs).solution, "\(name).lstsq", atol: 1e-8)
        let n = A.shape[A.ndim - 1]
        let weights = Tensor.arange(Double(n), dtype: .float64)
        expectClose(gradient(A) { x in
            let (u, s, vh) = Linalg.svd(x, fullMatrices: false)
            return (u.abs() * s.unsqueeze(-2)).sum() + ((vh ** 2).sum(dim: -2) * weights).sum()
        }, "\(name).grad_svd", atol: 1e-8)
        expectClose(gradient(A) { x in
            let (q, r) = Linalg.qr(x)
            return (q * q.detach().sign()).sum() + (r ** 2).sum()
        }, "\(name).grad_qr", atol: 1e-8)
        expectClose(gradient(A) { (Linalg.pinv($0) ** 2).sum() }, "\(name).grad_pinv", atol: 1e-8)
    }
}
