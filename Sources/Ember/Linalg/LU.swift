import RealModule

// LU with partial pivoting, and what it gives: inv, det, slogdet, solve.

/// An LU factorisation `P A = L U` of one n×n matrix, row-major, L's unit diagonal implied.
struct LUFactors {
    var lu: [Double]
    /// `perm[i]`: the row of A that became row i.
    var perm: [Int]
    /// +1 or -1: the parity of the row exchanges.
    var parity: Double
    /// LAPACK getrf's `info`: the first zero diagonal element of U (1-based), if any.
    var zeroPivot: Int?

    /// Factors `a` choosing as pivot the first entry of largest magnitude, as getrf does.
    init(_ a: [Double], n: Int) {
        lu = a
        perm = Array(0..<n)
        parity = 1
        for j in 0..<n {
            var p = j, best = Swift.abs(lu[j * n + j])
            for i in (j + 1)..<Swift.max(n, j + 1) where Swift.abs(lu[i * n + j]) > best {
                best = Swift.abs(lu[i * n + j])
                p = i
            }
            if p != j {
                for c in 0..<n { lu.swapAt(j * n + c, p * n + c) }
                perm.swapAt(j, p)
                parity = -parity
            }
            let pivot = lu[j * n + j]
            if pivot == 0 {
                if zeroPivot == nil { zeroPivot = j + 1 }
                continue
            }
            for i in (j + 1)..<Swift.max(n, j + 1) {
                let l = lu[i * n + j] / pivot
                lu[i * n + j] = l
                if l == 0 { continue }
                for c in (j + 1)..<n { lu[i * n + c] -= l * lu[j * n + c] }
            }
        }
    }

    /// Solves `A X = B` for an n×k row-major B.
    func solve(_ b: [Double], n: Int, k: Int) -> [Double] {
        var x = [Double](repeating: 0, count: n * k)
        for i in 0..<n { for c in 0..<k { x[i * k + c] = b[perm[i] * k + c] } }
        for i in 0..<n {
            for j in 0..<i where lu[i * n + j] != 0 {
                let l = lu[i * n + j]
                for c in 0..<k { x[i * k + c] -= l * x[j * k + c] }
            }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in (i + 1)..<Swift.max(n, i + 1) where lu[i * n + j] != 0 {
                let u = lu[i * n + j]
                for c in 0..<k { x[i * k + c] -= u * x[j * k + c] }
            }
            let d = lu[i * n + i]
            for c in 0..<k { x[i * k + c] /= d }
        }
        return x
    }

    /// `det(A)`: the product of U's diagonal times the parity.
    func determinant(n: Int) -> Double {
        var d = parity
        for i in 0..<n { d *= lu[i * n + i] }
        return d
    }

    /// `(sign, log|det|)`, summed in logs so that large matrices do not overflow.
    func logDeterminant(n: Int) -> (sign: Double, logabsdet: Double) {
        var sign = parity, logabs = 0.0
        for i in 0..<n {
            let u = lu[i * n + i]
            if u == 0 { return (0, -.infinity) }
            if u < 0 { sign = -sign }
            logabs += Double.log(Swift.abs(u))
        }
        return (sign, logabs)
    }
}

extension Linalg {
    /// `torch.linalg.inv(A)`: the inverse of each square matrix; stops with PyTorch's message
    /// when one is singular.
    public static func inv(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(A, "linalg.inv", square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        var out: [Double] = []
        out.reserveCapacity(host.data.count)
        for b in 0..<host.count {
            let lu = LUFactors(host.matrix(b), n: n)
            if let k = lu.zeroPivot {
                emberFatal("linalg.inv: \(batchPrefix(A, b))The diagonal element \(k) is zero, the inversion could not be completed because the input matrix is singular.",
                           file: file, line: line)
            }
            out += lu.solve(identity, n: n, k: n)
        }
        let result = Tensor.linalgResult(out, A.shape, like: A)
        Tensor.record("LinalgInvExBackward0", inputs: [A], savingOutputs: true, outputs: [result], file: file, line: line) { ctx in
            // d(A⁻¹) = -A⁻¹ dA A⁻¹, so gA = -A⁻ᵀ g A⁻ᵀ.
            let inverseT = ctx.saved(0).mT
            return [-matmul(matmul(inverseT, ctx.grad), inverseT)]
        }
        return result
    }

    /// `torch.linalg.det(A)`.
    public static func det(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(A, "linalg.det", square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        let values = (0..<host.count).map { LUFactors(host.matrix($0), n: n).determinant(n: n) }
        let result = Tensor.linalgResult(values, host.batchShape, like: A)
        Tensor.record("LinalgDetBackward0", inputs: [A], saving: [A], savingOutputs: true, outputs: [result], file: file, line: line) { ctx in
            // d det = det · tr(A⁻¹ dA): gA = g · det · A⁻ᵀ when A is invertible.
            let a = ctx.saved(0), d = ctx.saved(1)
            if noGrad({ (d .== 0).any().item() == 0 }) {
                return [(ctx.grad * d).unsqueeze(-1).unsqueeze(-1) * inv(a).mT]
            }
            return [singularDetBackward(ctx.grad, a)]
        }
        return result
    }

    /// det's gradient that also holds for singular A (the adjugate, transposed), from the SVD
    /// A = U S Vh: ∂det/∂A = det(U) det(Vh) · U diag(∏_{j≠i} s_j) Vh.
    static func singularDetBackward(_ g: Tensor, _ A: Tensor) -> Tensor {
        let (U, S, Vh) = svd(A)
        let n = S.shape[S.ndim - 1]
        let sign = noGrad { det(U) * det(Vh) }
        // ∏_{j≠i} s_j: the product of each row of S repeated, with its own entry set to 1.
        let eye = Tensor.eye(n, dtype: S.dtype, device: S.device)
        let others = (S.unsqueeze(-2) * (1 - eye) + eye).prod(dim: -1)
        return (g * sign).unsqueeze(-1).unsqueeze(-1) * matmul(U * others.unsqueeze(-2), Vh)
    }

    /// `torch.linalg.slogdet(A)`: the sign and the log of the absolute value of the
    /// determinant (sign 0 and -inf for a singular matrix).
    public static func slogdet(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> (sign: Tensor, logabsdet: Tensor) {
        checkInput(A, "linalg.slogdet", square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        let pairs = (0..<host.count).map { LUFactors(host.matrix($0), n: n).logDeterminant(n: n) }
        let sign = Tensor.linalgResult(pairs.map(\.sign), host.batchShape, like: A)
        let logabs = Tensor.linalgResult(pairs.map(\.logabsdet), host.batchShape, like: A)
        Tensor.record("LinalgSlogdetBackward0", inputs: [A], saving: [A], outputs: [sign, logabs], file: file, line: line) { ctx in
            // d log|det A| = tr(A⁻¹ dA); the sign is locally constant.
            [ctx.grad(1).unsqueeze(-1).unsqueeze(-1) * inv(ctx.saved(0)).mT]
        }
        return (sign, logabs)
    }

    /// `torch.linalg.solve(A, B, left:)`: X with `A X = B` (or `X A = B` when `left` is
    /// false). B is a batch of vectors when it is 1-D or has A's batch shape with one dim
    /// fewer; batch dims broadcast.
    public static func solve(_ A: Tensor, _ B: Tensor, left: Bool = true,
                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(A, "linalg.solve", square: true, file: file, line: line)
        checkFloating(B, "linalg.solve", file: file, line: line)
        guard A.dtype == B.dtype else {
            emberFatal("linalg.solve: Expected A and B to have the same dtype, but found A of type \(A.dtype.scalarTypeName) and B of type \(B.dtype.scalarTypeName) instead",
                       file: file, line: line)
        }
        let n = A.shape[A.ndim - 1]
        let vectorCase = B.ndim == 1 || (B.ndim == A.ndim - 1 && Array(B.shape) == Array(A.shape.dropLast()))
        // X A = B is Aᵀ Xᵀ = Bᵀ.
        if !left { return vectorCase ? solve(A.mT, B, file: file, line: line) : solve(A.mT, B.mT, file: file, line: line).mT }
        let b = vectorCase ? B.unsqueeze(-1) : B
        if b.ndim < 2 || b.shape[b.ndim - 2] != n {
            let shown = vectorCase ? "\(b.shape[b.ndim - 2])x1" : "\(b.shape[b.ndim - 2])x\(b.shape[b.ndim - 1])"
            emberFatal("linalg.solve: Incompatible shapes of A and B for the equation AX = B (\(n)x\(n) and \(shown))", file: file, line: line)
        }
        let batch = broadcastShapes(Array(A.shape.dropLast(2)), Array(b.shape.dropLast(2)), file: file, line: line)
        let a = A.expand(batch + [n, n], file: file, line: line)
        let rhs = b.expand(batch + Array(b.shape.suffix(2)), file: file, line: line)
        let x = solveSquare(a, rhs, file: file, line: line)
        return vectorCase ? x.squeeze(-1) : x
    }

    /// The solve of same-batch `A` `[*, n, n]` and `B` `[*, n, k]`, as one graph node.
    private static func solveSquare(_ A: Tensor, _ B: Tensor, file: StaticString, line: UInt) -> Tensor {
        let hostA = HostMatrices(A), hostB = HostMatrices(B), n = hostA.rows, k = hostB.cols
        var out: [Double] = []
        out.reserveCapacity(hostB.data.count)
        for i in 0..<hostA.count {
            let lu = LUFactors(hostA.matrix(i), n: n)
            if lu.zeroPivot != nil {
                emberFatal("torch.linalg.solve: \(batchPrefix(A, i))The solver failed because the input matrix is singular.", file: file, line: line)
            }
            out += lu.solve(hostB.matrix(i), n: n, k: k)
        }
        let result = Tensor.linalgResult(out, B.shape, like: B)
        Tensor.record("LinalgSolveExBackward0", inputs: [A, B], saving: [A], savingOutputs: true,
                      outputs: [result], file: file, line: line) { ctx in
            // gB = A⁻ᵀ gX; gA = -gB Xᵀ.
            let gB = solve(ctx.saved(0).mT, ctx.grad)
            return [ctx.needs(0) ? -matmul(gB, ctx.saved(1).mT) : nil, gB]
        }
        return result
    }
}

extension Tensor {
    /// `inverse()`: `torch.linalg.inv`.
    public func inverse(file: StaticString = #fileID, line: UInt = #line) -> Tensor { Linalg.inv(self, file: file, line: line) }
    /// `det()`: `torch.linalg.det`.
    public func det(file: StaticString = #fileID, line: UInt = #line) -> Tensor { Linalg.det(self, file: file, line: line) }
    /// `slogdet()`: `torch.linalg.slogdet`.
    public func slogdet(file: StaticString = #fileID, line: UInt = #line) -> (sign: Tensor, logabsdet: Tensor) {
        Linalg.slogdet(self, file: file, line: line)
    }
    /// `logdet()`: log det A, NaN where the determinant is negative (as in PyTorch).
    public func logdet(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let (sign, logabs) = Linalg.slogdet(self, file: file, line: line)
        return Tensor.where(sign .== -1, Double.nan, logabs, file: file, line: line)
    }
}

/// `torch.inverse(x)`: `torch.linalg.inv`.
public func inverse(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Linalg.inv(x, file: file, line: line) }
/// `torch.det(x)`: `torch.linalg.det`.
public func det(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { Linalg.det(x, file: file, line: line) }
/// `torch.logdet(x)`.
public func logdet(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.logdet(file: file, line: line) }
/// `torch.slogdet(x)`: `torch.linalg.slogdet`.
public func slogdet(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> (sign: Tensor, logabsdet: Tensor) {
    Linalg.slogdet(x, file: file, line: line)
}
