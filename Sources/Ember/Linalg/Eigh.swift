// Symmetric eigendecomposition by cyclic Jacobi rotations: slow for large n but accurate,
// and the eigenvectors come out orthonormal to working precision.

/// Eigenvalues (ascending) and eigenvectors (columns, row-major n×n) of the symmetric matrix
/// whose `lower` (or upper) triangle is given in `a`.
func jacobiEigen(_ a: [Double], n: Int, lower: Bool) -> (values: [Double], vectors: [Double]) {
    var s = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0..<n {
            let fromLower = i >= j ? a[i * n + j] : a[j * n + i]
            let fromUpper = i <= j ? a[i * n + j] : a[j * n + i]
            s[i * n + j] = lower ? fromLower : fromUpper
        }
    }
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0, total = 0.0
        for i in 0..<n {
            for j in 0..<n {
                total += s[i * n + j] * s[i * n + j]
                if i != j { off += s[i * n + j] * s[i * n + j] }
            }
        }
        if off == 0 || off <= 1e-32 * total { break }
        for p in 0..<n {
            for q in (p + 1)..<Swift.max(n, p + 1) {
                let apq = s[p * n + q]
                if apq == 0 { continue }
                let theta = (s[q * n + q] - s[p * n + p]) / (2 * apq)
                let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), sn = t * c
                // S ← Jᵀ S J with J the rotation in the (p, q) plane; V ← V J.
                for k in 0..<n {
                    let kp = s[k * n + p], kq = s[k * n + q]
                    s[k * n + p] = c * kp - sn * kq
                    s[k * n + q] = sn * kp + c * kq
                }
                for k in 0..<n {
                    let pk = s[p * n + k], qk = s[q * n + k]
                    s[p * n + k] = c * pk - sn * qk
                    s[q * n + k] = sn * pk + c * qk
                }
                s[p * n + q] = 0
                s[q * n + p] = 0
                for k in 0..<n {
                    let kp = v[k * n + p], kq = v[k * n + q]
                    v[k * n + p] = c * kp - sn * kq
                    v[k * n + q] = sn * kp + c * kq
                }
            }
        }
    }
    let order = (0..<n).sorted { s[$0 * n + $0] < s[$1 * n + $1] || (s[$0 * n + $0] == s[$1 * n + $1] && $0 < $1) }
    var vectors = [Double](repeating: 0, count: n * n)
    for (col, j) in order.enumerated() { for i in 0..<n { vectors[i * n + col] = v[i * n + j] } }
    return (order.map { s[$0 * n + $0] }, vectors)
}

extension Linalg {
    /// `torch.linalg.eigh(A, UPLO:)`: eigenvalues (ascending) and orthonormal eigenvectors
    /// (columns) of symmetric matrices, reading only the lower ("L") or upper ("U")
    /// triangle. Eigenvector signs are not unique; differentiate losses that do not use them.
    public static func eigh(_ A: Tensor, UPLO: String = "L",
                            file: StaticString = #fileID, line: UInt = #line) -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        let (values, vectors) = eighForward(A, UPLO: UPLO, name: "linalg.eigh", file: file, line: line)
        Tensor.record("LinalgEighBackward0", inputs: [A], savingOutputs: true, outputs: [values, vectors], file: file, line: line) { ctx in
            [eighBackward(ctx.grads[0], ctx.grads[1], ctx.saved(0), ctx.saved(1))]
        }
        return (values, vectors)
    }

    /// `torch.linalg.eigvalsh(A, UPLO:)`: the eigenvalues only, ascending. When A needs a
    /// gradient the eigenvectors are kept by the node (as PyTorch's), so it differentiates twice.
    public static func eigvalsh(_ A: Tensor, UPLO: String = "L",
                                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if A.requiresGrad && isGradEnabled { return eigh(A, UPLO: UPLO, file: file, line: line).eigenvalues }
        return eighForward(A, UPLO: UPLO, name: "linalg.eigvalsh", file: file, line: line).0
    }

    static func eighForward(_ A: Tensor, UPLO: String, name: String,
                            file: StaticString, line: UInt) -> (Tensor, Tensor) {
        guard UPLO == "L" || UPLO == "U" || UPLO == "l" || UPLO == "u" else {
            emberFatal("Expected UPLO argument to be 'L' or 'U', but got \(UPLO)", file: file, line: line)
        }
        if A.dtype != .float32 && A.dtype != .float64 {
            emberFatal("\"linalg_eigh_cpu\" not implemented for '\(A.dtype.scalarTypeName)'", file: file, line: line)
        }
        checkInput(A, name, square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        var values: [Double] = [], vectors: [Double] = []
        for b in 0..<host.count {
            let e = jacobiEigen(host.matrix(b), n: n, lower: UPLO.uppercased() == "L")
            values += e.values
            vectors += e.vectors
        }
        return (Tensor.linalgResult(values, host.batchShape + [n], like: A), Tensor.linalgResult(vectors, A.shape, like: A))
    }

    /// For distinct eigenvalues (PyTorch's Hermitian formula): with E_ij = λ_j - λ_i,
    /// gA = V (diag(gλ) + ½(Vᵀ gV - gVᵀ V) / E) Vᵀ, which is symmetric as A is.
    static func eighBackward(_ gL: Tensor?, _ gV: Tensor?, _ L: Tensor, _ V: Tensor) -> Tensor {
        let n = L.shape[L.ndim - 1]
        var inner = gL.map { $0.diagonalMatrix() } ?? Tensor.zeros(L.shape + [n], dtype: L.dtype, device: L.device)
        if let gV {
            let eye = Tensor.eye(n, dtype: L.dtype, device: L.device)
            let E = (L.unsqueeze(-2) - L.unsqueeze(-1)) * (1 - eye) + eye
            let vhgv = matmul(V.mT, gV)
            inner = inner + 0.5 * (vhgv - vhgv.mT) / E
        }
        return matmul(matmul(V, inner), V.mT)
    }
}
