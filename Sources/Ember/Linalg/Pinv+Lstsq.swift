// The pseudoinverse and least squares, both from the SVD (or eigh for Hermitian input).

extension Linalg {
    /// `torch.linalg.pinv(A, atol:, rtol:, hermitian:)`: the Moore–Penrose pseudoinverse,
    /// dropping singular values below `max(atol, rtol · σ_max)`. With neither tolerance
    /// given, rtol is ε·max(m, n); with only `atol` > 0, rtol is 0, as in PyTorch.
    public static func pinv(_ A: Tensor, atol: Double? = nil, rtol: Double? = nil, hermitian: Bool = false,
                            file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard A.ndim >= 2, A.dtype == .float32 || A.dtype == .float64 else {
            emberFatal("linalg.pinv(\(A.dtype.scalarTypeName){[\(A.shape.map(String.init).joined(separator: ", "))]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types",
                       file: file, line: line)
        }
        let host = HostMatrices(A), m = host.rows, n = host.cols
        if hermitian { checkInput(A, "linalg.pinv", square: true, file: file, line: line) }
        let relative = rtol ?? ((atol ?? 0) > 0 ? 0 : epsilon(A.dtype) * Double(Swift.max(m, n)))
        var out: [Double] = []
        out.reserveCapacity(host.data.count)
        for b in 0..<host.count {
            out += pseudoinverse(host.matrix(b), rows: m, cols: n, atol: atol ?? 0, rtol: relative, hermitian: hermitian).values
        }
        let result = Tensor.linalgResult(out, host.batchShape + [n, m], like: A)
        Tensor.record("LinalgPinvBackward0", inputs: [A], saving: [A], savingOutputs: true, outputs: [result], file: file, line: line) { ctx in
            [pinvBackward(ctx.grad, ctx.saved(1), ctx.saved(0))]
        }
        return result
    }

    /// One matrix's pseudoinverse (n×m, row-major), its rank and singular values.
    static func pseudoinverse(_ a: [Double], rows m: Int, cols n: Int, atol: Double, rtol: Double,
                              hermitian: Bool) -> (values: [Double], rank: Int, singular: [Double]) {
        var out = [Double](repeating: 0, count: n * m)
        if hermitian {
            let e = jacobiEigen(a, n: n, lower: true)
            let largest = e.values.map { Swift.abs($0) }.max() ?? 0
            let cutoff = Swift.max(atol, rtol * largest)
            var rank = 0
            for (j, lambda) in e.values.enumerated() where Swift.abs(lambda) > cutoff {
                rank += 1
                for r in 0..<n { for c in 0..<n { out[r * n + c] += e.vectors[r * n + j] * e.vectors[c * n + j] / lambda } }
            }
            return (out, rank, e.values.map { Swift.abs($0) }.sorted(by: >))
        }
        let svd = JacobiSVD(a, rows: m, cols: n), k = Swift.min(m, n)
        let cutoff = Swift.max(atol, rtol * (svd.s.first ?? 0))
        var rank = 0
        // pinv = V diag(1/s) Uᵀ over the singular values kept.
        for j in 0..<k where svd.s[j] > cutoff {
            rank += 1
            for r in 0..<n { for c in 0..<m { out[r * m + c] += svd.v[r * k + j] * svd.u[c * k + j] / svd.s[j] } }
        }
        return (out, rank, svd.s)
    }

    /// The pseudoinverse's derivative (constant rank):
    /// dP = -P dA P + P Pᵀ dAᵀ (I - A P) + (I - P A) dAᵀ Pᵀ P, whose adjoint is
    /// gA = -Pᵀ g Pᵀ + (I - A P) gᵀ P Pᵀ + Pᵀ P gᵀ (I - P A).
    static func pinvBackward(_ g: Tensor, _ P: Tensor, _ A: Tensor) -> Tensor {
        let first = -matmul(matmul(P.mT, g), P.mT)
        let y = matmul(g.mT, matmul(P, P.mT))
        let z = matmul(matmul(P.mT, P), g.mT)
        return first + (y - matmul(A, matmul(P, y))) + (z - matmul(matmul(z, P), A))
    }

    /// `torch.linalg.lstsq(A, B, rcond:, driver:)`: the least-squares solution of `A X = B`
    /// (minimum norm when A is rank-deficient), with PyTorch's CPU drivers' extras: `rank`
    /// for gelsy (default), gelsd and gelss; `singularValues` for gelsd and gelss; `residuals`
    /// (squared, per column) for gels, gelsd and gelss when m > n and A has full rank.
    public static func lstsq(_ A: Tensor, _ B: Tensor, rcond: Double? = nil, driver: String? = nil,
                             file: StaticString = #fileID, line: UInt = #line)
        -> (solution: Tensor, residuals: Tensor, rank: Tensor, singularValues: Tensor) {
        let drive = driver ?? "gelsy"
        guard ["gels", "gelsy", "gelsd", "gelss"].contains(drive) else {
            emberFatal("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)", file: file, line: line)
        }
        guard A.ndim >= 2 else { emberFatal("torch.linalg.lstsq: input must have at least 2 dimensions.", file: file, line: line) }
        guard A.dtype == B.dtype else {
            emberFatal("torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype \(A.dtype.scalarTypeName) and other's dtype \(B.dtype.scalarTypeName)",
                       file: file, line: line)
        }
        guard A.dtype == .float32 || A.dtype == .float64 else {
            emberFatal("This function doesn't handle types other than float and double", file: file, line: line)
        }
        guard A.ndim >= B.ndim, A.ndim - B.ndim <= 1 else {
            emberFatal("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1", file: file, line: line)
        }
        let vectorCase = B.ndim == A.ndim - 1
        let b = vectorCase ? B.unsqueeze(-1) : B
        let m = A.shape[A.ndim - 2], n = A.shape[A.ndim - 1], k = b.shape[b.ndim - 1]
        guard b.shape[b.ndim - 2] == m else {
            emberFatal("torch.linalg.lstsq: input.size(-2) should match other.size(-2)", file: file, line: line)
        }
        let batch = broadcastShapes(Array(A.shape.dropLast(2)), Array(b.shape.dropLast(2)), file: file, line: line)
        let a = A.expand(batch + [m, n], file: file, line: line), rhs = b.expand(batch + [m, k], file: file, line: line)
        let hostA = HostMatrices(a), hostB = HostMatrices(rhs)
        let relative = rcond ?? epsilon(A.dtype) * Double(Swift.max(m, n))
        var solution: [Double] = [], ranks: [Int64] = [], singular: [Double] = [], residuals: [Double] = []
        var fullRank = true
        for i in 0..<hostA.count {
            let matrix = hostA.matrix(i), rhsMatrix = hostB.matrix(i)
            let p = pseudoinverse(matrix, rows: m, cols: n, atol: 0, rtol: drive == "gels" ? 0 : relative, hermitian: false)
            let x = product(p.values, rhsMatrix, n, m, k)
            solution += x
            ranks.append(Int64(p.rank))
            singular += p.singular
            fullRank = fullRank && p.rank == n
            let fitted = product(matrix, x, m, n, k)
            for c in 0..<k { residuals.append((0..<m).reduce(0.0) { $0 + (fitted[$1 * k + c] - rhsMatrix[$1 * k + c]) * (fitted[$1 * k + c] - rhsMatrix[$1 * k + c]) }) }
        }
        let X = Tensor.linalgResult(solution, batch + [n, k], like: A)
        Tensor.record("LinalgLstsqBackward0", inputs: [a, rhs], saving: [a, rhs], outputs: [X], file: file, line: line) { ctx in
            // X = pinv(A) B: gB = pinv(A)ᵀ gX; gA through pinv with gP = gX Bᵀ.
            let pinvA = pinv(ctx.saved(0))
            return [ctx.needs(0) ? pinvBackward(matmul(ctx.grad, ctx.saved(1).mT), pinvA, ctx.saved(0)) : nil,
                    ctx.needs(1) ? matmul(pinvA.mT, ctx.grad) : nil]
        }
        let withResiduals = drive != "gelsy" && m > n && (drive == "gels" || fullRank)
        let residualTensor = Tensor.linalgResult(withResiduals ? residuals : [], withResiduals ? batch + [k] : [0], like: A)
        let rankTensor = drive == "gels" ? Tensor([Int64](), shape: [0], dtype: .int64, device: A.device)
                                         : Tensor(ranks, shape: batch, dtype: .int64, device: A.device)
        let withSingular = drive == "gelsd" || drive == "gelss"
        let singularTensor = Tensor.linalgResult(withSingular ? singular : [], withSingular ? batch + [Swift.min(m, n)] : [0], like: A)
        return (vectorCase ? X.squeeze(-1, file: file, line: line) : X, residualTensor, rankTensor, singularTensor)
    }

    /// The row-major product of an r×inner and an inner×c matrix.
    private static func product(_ a: [Double], _ b: [Double], _ r: Int, _ inner: Int, _ c: Int) -> [Double] {
        var out = [Double](repeating: 0, count: r * c)
        for i in 0..<r {
            for t in 0..<inner where a[i * inner + t] != 0 {
                let x = a[i * inner + t]
                for j in 0..<c { out[i * c + j] += x * b[t * c + j] }
            }
        }
        return out
    }
}

extension Tensor {
    /// `pinverse(rcond:)`: `torch.linalg.pinv` with `rtol = rcond`.
    public func pinverse(rcond: Double = 1e-15, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Linalg.pinv(self, rtol: rcond, file: file, line: line)
    }
}

/// `torch.pinverse(x, rcond)`.
public func pinverse(_ x: Tensor, rcond: Double = 1e-15, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.pinverse(rcond: rcond, file: file, line: line)
}
