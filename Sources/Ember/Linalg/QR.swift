// Householder QR with LAPACK's conventions (geqrf + orgqr), so that Q and R match PyTorch's
// signs: each reflector makes R's diagonal entry -sign(α)·‖x‖, and a column already zero
// below the diagonal gets no reflection (its diagonal entry keeps its sign).

/// The Householder factorisation of one m×n matrix (given row-major). Works column-major,
/// so every inner loop runs down a contiguous column.
struct HouseholderQR {
    let rows: Int
    let cols: Int
    /// Column-major: R on and above the diagonal, the reflectors' tails (v, with v₀ = 1
    /// implied) below.
    var factored: [Double]
    var tau: [Double]

    init(_ a: [Double], rows m: Int, cols n: Int) {
        rows = m
        cols = n
        var f = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { f[j * m + i] = a[i * n + j] } }
        let k = Swift.min(m, n)
        var t = [Double](repeating: 0, count: k)
        f.withUnsafeMutableBufferPointer { p in
            for j in 0..<k {
                let cj = j * m
                let alpha = p[cj + j]
                let xnorm = columnNorm(p, from: cj + j + 1, to: cj + m)
                if xnorm == 0 { continue }   // H = I, as dlarfg
                let beta = -linalgHypot(alpha, xnorm) * (alpha >= 0 ? 1 : -1)
                t[j] = (beta - alpha) / beta
                let scale = 1 / (alpha - beta)
                for i in (j + 1)..<m { p[cj + i] *= scale }
                p[cj + j] = beta
                // Apply H = I - τ v vᵀ to the columns on the right.
                for c in (j + 1)..<Swift.max(n, j + 1) {
                    let cc = c * m
                    var w = p[cc + j]
                    for i in (j + 1)..<m { w += p[cj + i] * p[cc + i] }
                    w *= t[j]
                    p[cc + j] -= w
                    for i in (j + 1)..<m { p[cc + i] -= p[cj + i] * w }
                }
            }
        }
        factored = f
        tau = t
    }

    /// R: the first `r` rows of the upper triangle (r×n, row-major).
    func r(rows r: Int) -> [Double] {
        var out = [Double](repeating: 0, count: r * cols)
        for i in 0..<Swift.min(r, rows) { for j in i..<Swift.max(cols, i) { out[i * cols + j] = factored[j * rows + i] } }
        return out
    }

    /// Q's first `q` columns (m×q, row-major): H₀ H₁ … applied to the identity, as orgqr.
    func q(columns q: Int) -> [Double] {
        let m = rows
        var work = [Double](repeating: 0, count: m * q)
        for i in 0..<Swift.min(m, q) { work[i * m + i] = 1 }
        factored.withUnsafeBufferPointer { f in
            work.withUnsafeMutableBufferPointer { p in
                for j in stride(from: tau.count - 1, through: 0, by: -1) where tau[j] != 0 {
                    let cj = j * m
                    // Columns before j are still unit vectors that H_j leaves alone.
                    for c in j..<q {
                        let cc = c * m
                        var w = p[cc + j]
                        for i in (j + 1)..<m { w += f[cj + i] * p[cc + i] }
                        w *= tau[j]
                        p[cc + j] -= w
                        for i in (j + 1)..<m { p[cc + i] -= f[cj + i] * w }
                    }
                }
            }
        }
        var out = [Double](repeating: 0, count: m * q)
        for i in 0..<m { for c in 0..<q { out[i * q + c] = work[c * m + i] } }
        return out
    }
}

/// The 2-norm of `p[from..<to]`, scaled so that it neither overflows nor underflows.
private func columnNorm(_ p: UnsafeMutableBufferPointer<Double>, from: Int, to: Int) -> Double {
    var largest = 0.0
    for i in from..<Swift.max(to, from) { largest = Swift.max(largest, Swift.abs(p[i])) }
    if largest == 0 { return 0 }
    let inverse = 1 / largest
    var sum = 0.0
    for i in from..<Swift.max(to, from) {
        let x = p[i] * inverse
        sum += x * x
    }
    return largest * sum.squareRoot()
}

/// √(a² + b²) without overflow.
func linalgHypot(_ a: Double, _ b: Double) -> Double {
    let x = Swift.abs(a), y = Swift.abs(b)
    let big = Swift.max(x, y), small = Swift.min(x, y)
    if big == 0 { return 0 }
    let r = small / big
    return big * (1 + r * r).squareRoot()
}

extension Linalg {
    /// `torch.linalg.qr(A, mode:)`: Q with orthonormal columns and upper-triangular R,
    /// `A = Q R`. Modes: "reduced" (Q m×k, R k×n, k = min(m, n)), "complete" (Q m×m,
    /// R m×n) and "r" (R only; Q is empty).
    public static func qr(_ A: Tensor, mode: String = "reduced",
                          file: StaticString = #fileID, line: UInt = #line) -> (Q: Tensor, R: Tensor) {
        guard ["reduced", "complete", "r"].contains(mode) else {
            emberFatal("qr received unrecognized mode '\(mode)' but expected one of 'reduced' (default), 'r', or 'complete'", file: file, line: line)
        }
        checkInput(A, "linalg.qr", file: file, line: line)
        let host = HostMatrices(A), m = host.rows, n = host.cols, k = Swift.min(m, n)
        let qCols = mode == "complete" ? m : k, rRows = mode == "complete" ? m : k
        var qValues: [Double] = [], rValues: [Double] = []
        for b in 0..<host.count {
            let f = HouseholderQR(host.matrix(b), rows: m, cols: n)
            if mode != "r" { qValues += f.q(columns: qCols) }
            rValues += f.r(rows: rRows)
        }
        let Q = Tensor.linalgResult(qValues, mode == "r" ? [0] : host.batchShape + [m, qCols], like: A)
        let R = Tensor.linalgResult(rValues, host.batchShape + [rRows, n], like: A)
        Tensor.record("LinalgQrBackward0", inputs: [A], savingOutputs: true, outputs: [Q, R], file: file, line: line) { ctx in
            guard mode != "r" else {
                emberFatal("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
                           file: file, line: line)
            }
            if m > n && mode == "complete" {
                emberFatal("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.", file: file, line: line)
            }
            let q = ctx.saved(0), r = ctx.saved(1)
            if m >= n { return [qrBackward(ctx.grads[0], ctx.grads[1], q, r)] }
            // Wide A = Q [R₁ R₂]: the square part X = Q R₁ takes the m ≥ n formula with the
            // rest Y = Q R₂ folded into gQ; gY = Q gR₂.
            let r1 = r.narrow(-1, 0, m), r2 = r.narrow(-1, m, n - m)
            let gR = ctx.grads[1]
            var gQ = ctx.grads[0]
            if let gR { gQ = (gQ ?? Tensor.zeros(like: q)) + matmul(matmul(q, r2), gR.narrow(-1, m, n - m).mT) }
            let gX = qrBackward(gQ, gR?.narrow(-1, 0, m), q, r1)
            let gY = gR.map { matmul(q, $0.narrow(-1, m, n - m)) } ?? Tensor.zeros(Array(r2.shape), dtype: r.dtype, device: r.device)
            return [cat([gX, gY.expand(Array(gX.shape.dropLast()) + [n - m])], dim: -1)]
        }
        return (Q, R)
    }

    /// For m ≥ n: with M = R gRᵀ - gQᵀ Q, gA = (gQ + Q copyltu(M)) R⁻ᵀ, where copyltu
    /// mirrors the lower triangle onto the upper one (Walter & Lehmann; PyTorch's formula).
    static func qrBackward(_ gQ: Tensor?, _ gR: Tensor?, _ Q: Tensor, _ R: Tensor) -> Tensor {
        var M = Tensor.zeros(Array(R.shape.dropFirst(R.ndim - 2)), dtype: R.dtype, device: R.device)
        if let gR { M = M + matmul(R, gR.mT) }
        if let gQ { M = M - matmul(gQ.mT, Q) }
        let lower = M.triangle(upper: false)
        let copyltu = lower + M.triangle(upper: false, offset: -1).mT
        var left = matmul(Q, copyltu)
        if let gQ { left = left + gQ }
        return matmul(left, inv(R).mT)
    }
}
