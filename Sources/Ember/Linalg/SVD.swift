// Singular value decomposition by one-sided Jacobi (Hestenes): rotate pairs of columns
// until all are orthogonal; their norms are the singular values. Accurate to high relative
// precision, which suits the small and medium matrices it runs on.

/// The thin SVD of one m×n row-major matrix: U m×k, S (descending), V n×k, k = min(m, n),
/// all row-major.
struct JacobiSVD {
    var u: [Double]
    var s: [Double]
    var v: [Double]

    init(_ a: [Double], rows m: Int, cols n: Int) {
        if m < n {
            // A = U S Vᵀ ⇔ Aᵀ = V S Uᵀ.
            var t = [Double](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { t[j * m + i] = a[i * n + j] } }
            let svd = JacobiSVD(t, rows: n, cols: m)
            u = svd.v
            s = svd.s
            v = svd.u
            return
        }
        // Column-major work copy: column j is w[j*m ..< (j+1)*m].
        var w = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { w[j * m + i] = a[i * n + j] } }
        var vc = [Double](repeating: 0, count: n * n)
        for j in 0..<n { vc[j * n + j] = 1 }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<Swift.max(n, p + 1) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        let x = w[p * m + i], y = w[q * m + i]
                        alpha += x * x
                        beta += y * y
                        gamma += x * y
                    }
                    if gamma == 0 || Swift.abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), sn = c * t
                    for i in 0..<m {
                        let x = w[p * m + i], y = w[q * m + i]
                        w[p * m + i] = c * x - sn * y
                        w[q * m + i] = sn * x + c * y
                    }
                    for i in 0..<n {
                        let x = vc[p * n + i], y = vc[q * n + i]
                        vc[p * n + i] = c * x - sn * y
                        vc[q * n + i] = sn * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        var norms = (0..<n).map { j in (0..<m).reduce(0.0) { $0 + w[j * m + $1] * w[j * m + $1] }.squareRoot() }
        let order = (0..<n).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        norms = order.map { norms[$0] }
        s = norms
        let largest = norms.first ?? 0
        var uColumns: [[Double]] = [], vColumns: [[Double]] = []
        var accepting = true
        for (rank, j) in order.enumerated() {
            vColumns.append(Array(vc[(j * n)..<((j + 1) * n)]))
            // A column of (numerically) no weight has no direction of its own: once its
            // direction is mostly rounding error, it and the rest are completed below.
            guard accepting, norms[rank] > 0, norms[rank] > largest * 1e-300 else { accepting = false; continue }
            var x = (0..<m).map { w[j * m + $0] / norms[rank] }
            for _ in 0..<2 {
                for c in uColumns {
                    let d = zip(c, x).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<m { x[i] -= d * c[i] }
                }
            }
            let r = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard r > 0.5 else { accepting = false; continue }
            uColumns.append(x.map { $0 / r })
        }
        uColumns = completeOrthonormal(uColumns, dimension: m, count: n)
        u = [Double](repeating: 0, count: m * n)
        v = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in 0..<m { u[i * n + j] = uColumns[j][i] }
            for i in 0..<n { v[i * n + j] = vColumns[j][i] }
        }
    }
}

/// Extends orthonormal `columns` (vectors of length `dimension`) to `count` of them, by
/// Gram–Schmidt (twice, for stability) on the standard basis vectors.
func completeOrthonormal(_ columns: [[Double]], dimension: Int, count: Int) -> [[Double]] {
    var result = columns
    var e = 0
    while result.count < count && e < dimension {
        var x = [Double](repeating: 0, count: dimension)
        x[e] = 1
        e += 1
        for _ in 0..<2 {
            for c in result {
                let d = zip(c, x).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<dimension { x[i] -= d * c[i] }
            }
        }
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm < 1e-8 { continue }
        result.append(x.map { $0 / norm })
    }
    return result
}

/// Columns of a row-major rows×cols matrix, and back.
func matrixColumns(_ a: [Double], rows: Int, cols: Int) -> [[Double]] {
    (0..<cols).map { j in (0..<rows).map { a[$0 * cols + j] } }
}

func matrixFromColumns(_ columns: [[Double]], rows: Int) -> [Double] {
    var out = [Double](repeating: 0, count: rows * columns.count)
    for (j, c) in columns.enumerated() { for i in 0..<rows { out[i * columns.count + j] = c[i] } }
    return out
}

extension Linalg {
    /// `torch.linalg.svd(A, full_matrices:)`: `A = U diag(S) Vh` with S descending. With
    /// `fullMatrices` U is m×m and Vh n×n, else m×k and k×n (k = min(m, n)). The signs of
    /// singular vectors are not unique; differentiate only losses that do not depend on them.
    public static func svd(_ A: Tensor, fullMatrices: Bool = true,
                           file: StaticString = #fileID, line: UInt = #line) -> (U: Tensor, S: Tensor, Vh: Tensor) {
        checkInput(A, "linalg.svd", file: file, line: line)
        let host = HostMatrices(A), m = host.rows, n = host.cols, k = Swift.min(m, n)
        let uCols = fullMatrices ? m : k, vRows = fullMatrices ? n : k
        var uValues: [Double] = [], sValues: [Double] = [], vhValues: [Double] = []
        for b in 0..<host.count {
            let svd = JacobiSVD(host.matrix(b), rows: m, cols: n)
            var uColumns = matrixColumns(svd.u, rows: m, cols: k)
            var vColumns = matrixColumns(svd.v, rows: n, cols: k)
            if fullMatrices {
                uColumns = completeOrthonormal(uColumns, dimension: m, count: m)
                vColumns = completeOrthonormal(vColumns, dimension: n, count: n)
            }
            uValues += matrixFromColumns(uColumns, rows: m)
            sValues += svd.s
            for column in vColumns { vhValues += column }   // Vh's rows are V's columns
        }
        let U = Tensor.linalgResult(uValues, host.batchShape + [m, uCols], like: A)
        let S = Tensor.linalgResult(sValues, host.batchShape + [k], like: A)
        let Vh = Tensor.linalgResult(vhValues, host.batchShape + [vRows, n], like: A)
        Tensor.record("LinalgSvdBackward0", inputs: [A], savingOutputs: true, outputs: [U, S, Vh], file: file, line: line) { ctx in
            [svdBackward(ctx.grads[0], ctx.grads[1], ctx.grads[2], ctx.saved(0), ctx.saved(1), ctx.saved(2), k: k)]
        }
        return (U, S, Vh)
    }

    /// `torch.linalg.svdvals(A)`: the singular values, descending. When A needs a gradient
    /// the singular vectors are kept by the node (as PyTorch's), so it differentiates twice.
    public static func svdvals(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        svd(A, fullMatrices: false, file: file, line: line).S
    }

    /// The SVD's backward for distinct nonzero singular values (Townsend's formula, as
    /// PyTorch's): with E_jk = s_k² - s_j² and skew(X) = X - Xᵀ,
    /// gA = U [skew(Uᵀ gU)/E · S + S · skew(Vᵀ gV)/E + diag(gS)] Vh
    ///      + (I - U Uᵀ) gU S⁻¹ Vh + U ((I - V Vᵀ) gV S⁻¹)ᵀ, the last two only when m or n > k.
    static func svdBackward(_ gU: Tensor?, _ gS: Tensor?, _ gVh: Tensor?, _ fullU: Tensor, _ S: Tensor, _ fullVh: Tensor,
                            k: Int) -> Tensor {
        // Extra columns of full matrices do not depend on A smoothly: only the thin parts count.
        let U = fullU.shape[fullU.ndim - 1] == k ? fullU : fullU.narrow(-1, 0, k)
        let Vh = fullVh.shape[fullVh.ndim - 2] == k ? fullVh : fullVh.narrow(-2, 0, k)
        let gUk = gU.map { $0.shape[$0.ndim - 1] == k ? $0 : $0.narrow(-1, 0, k) }
        let gVhk = gVh.map { $0.shape[$0.ndim - 2] == k ? $0 : $0.narrow(-2, 0, k) }
        var inner = gS.map { $0.diagonalMatrix() } ?? Tensor.zeros(S.shape + [k], dtype: S.dtype, device: S.device)
        guard gUk != nil || gVhk != nil else { return matmul(matmul(U, inner), Vh) }
        let V = Vh.mT
        let s2 = S * S
        let offDiagonal = Tensor.ones([k, k], dtype: S.dtype, device: S.device) - Tensor.eye(k, dtype: S.dtype, device: S.device)
        // E with ones on the diagonal (the skew parts are zero there).
        let E = (s2.unsqueeze(-2) - s2.unsqueeze(-1)) * offDiagonal + Tensor.eye(k, dtype: S.dtype, device: S.device)
        let m = U.shape[U.ndim - 2], n = V.shape[V.ndim - 2]
        if let gUk {
            let uhgu = matmul(U.mT, gUk)
            inner = inner + (uhgu - uhgu.mT) / E * S.unsqueeze(-2)
        }
        if let gVhk {
            let vhgv = matmul(V.mT, gVhk.mT)
            inner = inner + S.unsqueeze(-1) * ((vhgv - vhgv.mT) / E)
        }
        var result = matmul(matmul(U, inner), Vh)
        if let gUk, m > k {
            let gUSinv = gUk / S.unsqueeze(-2)
            result = result + matmul(gUSinv - matmul(U, matmul(U.mT, gUSinv)), Vh)
        }
        if let gVhk, n > k {
            let gVSinv = gVhk.mT / S.unsqueeze(-2)
            result = result + matmul(U, (gVSinv - matmul(V, matmul(V.mT, gVSinv))).mT)
        }
        return result
    }
}
