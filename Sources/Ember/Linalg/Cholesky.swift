// Cholesky: A = L Lᵀ for symmetric positive-definite A (only A's lower triangle is read).

/// The lower Cholesky factor of one n×n row-major matrix, or the order of the first leading
/// minor that is not positive-definite (LAPACK potrf's `info`).
func choleskyFactor(_ a: [Double], n: Int) -> (factor: [Double], failedOrder: Int?) {
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
        var d = a[j * n + j]
        for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
        if !(d > 0) { return (l, j + 1) }
        let ljj = d.squareRoot()
        l[j * n + j] = ljj
        for i in (j + 1)..<Swift.max(n, j + 1) {
            var s = a[i * n + j]
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            l[i * n + j] = s / ljj
        }
    }
    return (l, nil)
}

extension Linalg {
    /// `torch.linalg.cholesky(A, upper:)`: L with `A = L Lᵀ` (or U = Lᵀ with `upper`); stops
    /// with PyTorch's message when a matrix is not positive-definite.
    public static func cholesky(_ A: Tensor, upper: Bool = false,
                                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        factorCholesky(A, upper: upper, checkErrors: true, name: "linalg.cholesky", file: file, line: line).L
    }

    /// `torch.linalg.cholesky_ex(A, upper:, check_errors:)`: the factor and `info` (int32: the
    /// order of the first leading minor that is not positive-definite, or 0), without
    /// stopping unless `checkErrors`.
    public static func choleskyEx(_ A: Tensor, upper: Bool = false, checkErrors: Bool = false,
                                  file: StaticString = #fileID, line: UInt = #line) -> (L: Tensor, info: Tensor) {
        factorCholesky(A, upper: upper, checkErrors: checkErrors, name: "linalg.cholesky_ex", file: file, line: line)
    }

    private static func factorCholesky(_ A: Tensor, upper: Bool, checkErrors: Bool, name: String,
                                       file: StaticString, line: UInt) -> (L: Tensor, info: Tensor) {
        checkInput(A, name, square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        var out: [Double] = [], infos: [Int32] = []
        out.reserveCapacity(host.data.count)
        for b in 0..<host.count {
            let (factor, failed) = choleskyFactor(host.matrix(b), n: n)
            if let failed, checkErrors {
                emberFatal("\(name): \(batchPrefix(A, b))The factorization could not be completed because the input is not positive-definite (the leading minor of order \(failed) is not positive-definite).",
                           file: file, line: line)
            }
            out += factor
            infos.append(Int32(failed ?? 0))
        }
        let lower = Tensor.linalgResult(out, A.shape, like: A)
        let info = Tensor(infos, shape: host.batchShape, dtype: .int32, device: A.device)
        Tensor.record("LinalgCholeskyExBackward0", inputs: [A], savingOutputs: true, outputs: [lower, info], file: file, line: line) { ctx in
            [choleskyBackward(ctx.grad, ctx.saved(0))]
        }
        return (upper ? lower.mT : lower, info)
    }

    /// From A = L Lᵀ: L⁻¹ dL = Φ(L⁻¹ dA L⁻ᵀ), Φ the lower triangle with half the diagonal.
    /// Its adjoint gives gA = L⁻ᵀ Φ(Lᵀ gL) L⁻¹, symmetrised as A is.
    static func choleskyBackward(_ gL: Tensor, _ L: Tensor) -> Tensor {
        let phi = matmul(L.mT, gL.triangle(upper: false))
        let n = L.shape[L.ndim - 1]
        var halfDiagonal = [Double](repeating: 1, count: n * n)
        for i in 0..<n { halfDiagonal[i * n + i] = 0.5 }
        let projected = phi.triangle(upper: false) * Tensor(halfDiagonal, shape: [n, n], dtype: L.dtype, device: L.device)
        let inverse = inv(L)
        let g = matmul(matmul(inverse.mT, projected), inverse)
        return 0.5 * (g + g.mT)
    }
}

extension Tensor {
    /// `cholesky_solve(L, upper:)`: X with `A X = self`, where `A = L Lᵀ` (`Uᵀ U` with
    /// `upper`), by two triangular solves.
    public func choleskySolve(_ L: Tensor, upper: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let lower = upper ? L.mT : L
        let y = Linalg.solveTriangular(lower, self, upper: false, file: file, line: line)
        return Linalg.solveTriangular(lower.mT, y, upper: true, file: file, line: line)
    }
}

/// `torch.cholesky_solve(B, L, upper)`.
public func choleskySolve(_ B: Tensor, _ L: Tensor, upper: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    B.choleskySolve(L, upper: upper, file: file, line: line)
}
