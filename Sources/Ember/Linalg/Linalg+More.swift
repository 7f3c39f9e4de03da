// The rest of torch.linalg that composes the decompositions: triangular solves, rank,
// condition numbers, matrix powers, chained products and batched dot products.

extension Linalg {
    /// `torch.linalg.solve_triangular(A, B, upper:, left:, unitriangular:)`: X with
    /// `A X = B` (or `X A = B`), reading only A's upper or lower triangle (and taking its
    /// diagonal as ones with `unitriangular`). Batch dims broadcast.
    public static func solveTriangular(_ A: Tensor, _ B: Tensor, upper: Bool, left: Bool = true, unitriangular: Bool = false,
                                       file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(A, "linalg.solve_triangular", square: true, file: file, line: line)
        checkFloating(B, "linalg.solve_triangular", file: file, line: line)
        guard A.dtype == B.dtype, B.ndim >= 2 else {
            emberFatal("linalg.solve_triangular: Expected A and B to have the same dtype and B to have at least 2 dimensions, but got \(A.dtype.scalarTypeName) and \(B.dtype.scalarTypeName) with B of \(B.ndim) dimensions",
                       file: file, line: line)
        }
        // X A = B is Aᵀ Xᵀ = Bᵀ, with the other triangle.
        if !left {
            return solveTriangular(A.mT, B.mT, upper: !upper, unitriangular: unitriangular, file: file, line: line).mT
        }
        let n = A.shape[A.ndim - 1]
        guard B.shape[B.ndim - 2] == n else {
            emberFatal("linalg.solve_triangular: Incompatible shapes of A and B for the equation AX = B (\(n)x\(n) and \(B.shape[B.ndim - 2])x\(B.shape[B.ndim - 1]))",
                       file: file, line: line)
        }
        let batch = broadcastShapes(Array(A.shape.dropLast(2)), Array(B.shape.dropLast(2)), file: file, line: line)
        let a = A.expand(batch + [n, n], file: file, line: line), b = B.expand(batch + Array(B.shape.suffix(2)), file: file, line: line)
        let hostA = HostMatrices(a), hostB = HostMatrices(b), k = hostB.cols
        var out: [Double] = []
        out.reserveCapacity(hostB.data.count)
        for i in 0..<hostA.count {
            out += substitute(hostA.matrix(i), hostB.matrix(i), n: n, k: k, upper: upper, unit: unitriangular)
        }
        let result = Tensor.linalgResult(out, b.shape, like: b)
        Tensor.record("LinalgSolveTriangularBackward0", inputs: [a, b], saving: [a], savingOutputs: true,
                      outputs: [result], file: file, line: line) { ctx in
            // gB = A⁻ᵀ gX; gA = -gB Xᵀ on A's triangle (its strict part when unitriangular).
            let gB = solveTriangular(ctx.saved(0).mT, ctx.grad, upper: !upper, unitriangular: unitriangular)
            let gA = ctx.needs(0) ? (-matmul(gB, ctx.saved(1).mT)).triangle(upper: upper, offset: unitriangular ? (upper ? 1 : -1) : 0) : nil
            return [gA, gB]
        }
        return result
    }

    /// Forward or back substitution for one n×n triangular matrix and an n×k right side.
    private static func substitute(_ a: [Double], _ b: [Double], n: Int, k: Int, upper: Bool, unit: Bool) -> [Double] {
        var x = b
        let rows = upper ? Array((0..<n).reversed()) : Array(0..<n)
        for i in rows {
            let others = upper ? Array((i + 1)..<Swift.max(n, i + 1)) : Array(0..<i)
            for j in others where a[i * n + j] != 0 {
                let aij = a[i * n + j]
                for c in 0..<k { x[i * k + c] -= aij * x[j * k + c] }
            }
            if !unit {
                let d = a[i * n + i]
                for c in 0..<k { x[i * k + c] /= d }
            }
        }
        return x
    }

    /// `torch.linalg.matrix_rank(A, atol:, rtol:, hermitian:)`: the number of singular values
    /// (|eigenvalues| when `hermitian`) above `max(atol, rtol · σ_max)`, as int64; the
    /// tolerances default as in `pinv`.
    public static func matrixRank(_ A: Tensor, atol: Double? = nil, rtol: Double? = nil, hermitian: Bool = false,
                                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(A, "linalg.matrix_rank", square: hermitian, file: file, line: line)
        let host = HostMatrices(A), m = host.rows, n = host.cols
        let relative = rtol ?? ((atol ?? 0) > 0 ? 0 : epsilon(A.dtype) * Double(Swift.max(m, n)))
        let ranks = (0..<host.count).map { b -> Int64 in
            let values: [Double] = hermitian ? jacobiEigen(host.matrix(b), n: n, lower: true).values.map { Swift.abs($0) }
                                             : JacobiSVD(host.matrix(b), rows: m, cols: n).s
            let cutoff = Swift.max(atol ?? 0, relative * (values.max() ?? 0))
            // The singular values of a float32 input are compared as float32 ones.
            let rounded = A.dtype == .float32 ? values.map { Double(Float($0)) } : values
            return Int64(rounded.filter { $0 > cutoff }.count)
        }
        return Tensor(ranks, shape: host.batchShape, dtype: .int64, device: A.device)
    }

    /// `torch.linalg.cond(A, p:)` for p nil or ±2: the ratio of the extreme singular values.
    /// Other numeric p (±1, ±infinity) give ‖A‖ₚ‖A⁻¹‖ₚ, infinite for singular matrices.
    public static func cond(_ A: Tensor, p: Double? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard A.ndim >= 2 else { emberFatal("linalg.cond: The input tensor must have at least 2 dimensions.", file: file, line: line) }
        checkFloating(A, "linalg.cond", file: file, line: line)
        guard let p, Swift.abs(p) != 2 else {
            let s = svdvals(A, file: file, line: line)
            let k = s.shape[s.ndim - 1]
            let largest = s.narrow(-1, 0, 1).squeeze(-1), smallest = s.narrow(-1, k - 1, 1).squeeze(-1)
            return p == -2 ? smallest / largest : largest / smallest
        }
        return normTimesInverseNorm(A, file: file, line: line) { matrixNorm($0, ord: p, file: file, line: line) }
    }

    /// `torch.linalg.cond(A, p: "fro" | "nuc")`: ‖A‖ₚ‖A⁻¹‖ₚ, infinite for singular matrices.
    public static func cond(_ A: Tensor, p: String, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard A.ndim >= 2 else { emberFatal("linalg.cond: The input tensor must have at least 2 dimensions.", file: file, line: line) }
        checkFloating(A, "linalg.cond", file: file, line: line)
        return normTimesInverseNorm(A, file: file, line: line) { matrixNorm($0, ord: p, file: file, line: line) }
    }

    /// ‖A‖ ‖A⁻¹‖ with the given norm, inf where a matrix of the batch is singular.
    private static func normTimesInverseNorm(_ A: Tensor, file: StaticString, line: UInt, _ norm: (Tensor) -> Tensor) -> Tensor {
        checkInput(A, "linalg.cond", square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        let singular = (0..<host.count).map { LUFactors(host.matrix($0), n: n).zeroPivot != nil }
        guard singular.contains(true) else { return norm(A) * norm(inv(A, file: file, line: line)) }
        // Singular matrices are swapped for the identity, then their result for infinity.
        let mask = Tensor(singular, shape: host.batchShape, dtype: .bool, device: A.device)
        let safe = Tensor.where(mask.unsqueeze(-1).unsqueeze(-1), Tensor.eye(n, dtype: A.dtype, device: A.device), A)
        return Tensor.where(mask, Double.infinity, norm(safe) * norm(inv(safe, file: file, line: line)))
    }

    /// `torch.linalg.matrix_power(A, n)`: A multiplied by itself n times (by squaring); n = 0
    /// gives the identity, negative n powers of the inverse.
    public static func matrixPower(_ A: Tensor, _ n: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard A.ndim >= 2 else { emberFatal("linalg.matrix_power: The input tensor A must have at least 2 dimensions.", file: file, line: line) }
        let size = A.shape[A.ndim - 1]
        guard A.shape[A.ndim - 2] == size else {
            emberFatal("linalg.matrix_power: A must be batches of square matrices, but they are \(A.shape[A.ndim - 2]) by \(size) matrices",
                       file: file, line: line)
        }
        if n == 0 { return Tensor.eye(size, dtype: A.dtype, device: A.device).expand(A.shape).contiguous() }
        var base = n < 0 ? inv(A, file: file, line: line) : A
        var remaining = Swift.abs(n)
        var result: Tensor? = nil
        while remaining > 0 {
            if remaining & 1 == 1 { result = result.map { matmul($0, base, file: file, line: line) } ?? base }
            remaining >>= 1
            if remaining > 0 { base = matmul(base, base, file: file, line: line) }
        }
        return result!
    }

    /// `torch.linalg.multi_dot(tensors)`: the chained product; the first may be a row vector
    /// and the last a column vector (1-D), whose dims are then dropped from the result.
    public static func multiDot(_ tensors: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard tensors.count >= 2 else {
            emberFatal("multi_dot(): expected at least 2 tensors but got \(tensors.count)", file: file, line: line)
        }
        for (i, t) in tensors.enumerated() {
            let allowed = (i == 0 || i == tensors.count - 1) ? [1, 2] : [2]
            guard allowed.contains(t.ndim) else {
                emberFatal(i == 0 ? "multi_dot(): the first tensor must be 1D or 2D but got \(t.ndim)D"
                           : i == tensors.count - 1 ? "multi_dot(): the last tensor must be 1D or 2D but got \(t.ndim)D"
                           : "multi_dot(): tensor \(i) must be 2D but got \(t.ndim)D", file: file, line: line)
            }
        }
        let first = tensors[0].ndim == 1 ? tensors[0].unsqueeze(0) : tensors[0]
        let lastIndex = tensors.count - 1
        let last = tensors[lastIndex].ndim == 1 ? tensors[lastIndex].unsqueeze(1) : tensors[lastIndex]
        var result = first
        for t in tensors[1..<lastIndex] + [last] { result = matmul(result, t, file: file, line: line) }
        if tensors[0].ndim == 1 { result = result.squeeze(0) }
        if tensors[lastIndex].ndim == 1 { result = result.squeeze(-1) }
        return result
    }

    /// `torch.linalg.vecdot(x, y, dim:)`: the dot product along `dim`, batch dims broadcast.
    public static func vecdot(_ x: Tensor, _ y: Tensor, dim: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        (x * y).sum(dim: dim, file: file, line: line)
    }

    /// `torch.linalg.cross(x, y, dim:)`: the cross product of 3-vectors along `dim`, batch
    /// dims broadcast.
    public static func cross(_ x: Tensor, _ y: Tensor, dim: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let dx = normalizeDim(dim, x.ndim, file: file, line: line), dy = normalizeDim(dim, y.ndim, file: file, line: line)
        guard x.shape[dx] == 3, y.shape[dy] == 3 else {
            emberFatal("linalg.cross: inputs dimension \(dim) must have length 3. Got \(x.shape[dx]) and \(y.shape[dy])", file: file, line: line)
        }
        let shape = broadcastShapes(x.shape, y.shape, file: file, line: line)
        let d = normalizeDim(dim, shape.count, file: file, line: line)
        let a = x.expand(shape, file: file, line: line), b = y.expand(shape, file: file, line: line)
        func part(_ t: Tensor, _ i: Int) -> Tensor { t.narrow(d, i, 1) }
        return cat([part(a, 1) * part(b, 2) - part(a, 2) * part(b, 1),
                    part(a, 2) * part(b, 0) - part(a, 0) * part(b, 2),
                    part(a, 0) * part(b, 1) - part(a, 1) * part(b, 0)], dim: d, file: file, line: line)
    }

    /// `torch.linalg.vander(x, N:)`: the Vandermonde matrix, columns x⁰, x¹, …, x^(N-1)
    /// (N defaults to x's last size).
    public static func vander(_ x: Tensor, N: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard x.ndim >= 1 else { emberFatal("linalg.vander: x must have at least one dimension.", file: file, line: line) }
        let count = N ?? x.shape[x.ndim - 1]
        guard count > 1 else { emberFatal("N must be greater than 1.", file: file, line: line) }
        let column = x.unsqueeze(-1, file: file, line: line)
        var powers = [Tensor.ones(like: column), column]
        while powers.count < count { powers.append(powers[powers.count - 1] * column) }
        return cat(powers, dim: -1, file: file, line: line)
    }

    /// `torch.linalg.matmul(a, b)`: `matmul`.
    public static func matmul(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Ember.matmul(a, b, file: file, line: line)
    }

    /// `torch.linalg.diagonal(A, offset:, dim1:, dim2:)`: `diagonal` over the last two dims by default.
    public static func diagonal(_ A: Tensor, offset: Int = 0, dim1: Int = -2, dim2: Int = -1,
                                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        A.diagonal(offset: offset, dim1: dim1, dim2: dim2, file: file, line: line)
    }
}
