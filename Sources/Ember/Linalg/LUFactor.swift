// The LU factorisation as a result (lu_factor, lu, lu_solve), with LAPACK getrf's layout:
// L (unit diagonal implied) and U packed in one matrix, and 1-based pivots where pivots[i]
// is the row exchanged with row i at step i.

/// getrf on one m×n row-major matrix: packed factors, pivots (1-based) and info (the first
/// zero diagonal element of U, 1-based, or 0).
func luFactorHost(_ a: [Double], rows m: Int, cols n: Int) -> (lu: [Double], pivots: [Int32], info: Int) {
    var lu = a
    let k = Swift.min(m, n)
    var pivots: [Int32] = []
    var info = 0
    for j in 0..<k {
        var p = j, best = Swift.abs(lu[j * n + j])
        for i in (j + 1)..<m where Swift.abs(lu[i * n + j]) > best {
            best = Swift.abs(lu[i * n + j])
            p = i
        }
        pivots.append(Int32(p + 1))
        if p != j { for c in 0..<n { lu.swapAt(j * n + c, p * n + c) } }
        let pivot = lu[j * n + j]
        if pivot == 0 {
            if info == 0 { info = j + 1 }
            continue
        }
        for i in (j + 1)..<m {
            let l = lu[i * n + j] / pivot
            lu[i * n + j] = l
            if l == 0 { continue }
            for c in (j + 1)..<n { lu[i * n + c] -= l * lu[j * n + c] }
        }
    }
    return (lu, pivots, info)
}

extension Linalg {
    /// `torch.linalg.lu_factor_ex(A)`: the packed LU factors, the pivots (int32, 1-based) and
    /// `info` (int32: the first zero diagonal element of U, 1-based, or 0), with no error.
    public static func luFactorEx(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> (LU: Tensor, pivots: Tensor, info: Tensor) {
        if A.dtype != .float32 && A.dtype != .float64 {
            emberFatal("\"lu_cpu\" not implemented for '\(A.dtype.scalarTypeName)'", file: file, line: line)
        }
        checkInput(A, "linalg.lu_factor", file: file, line: line)
        let host = HostMatrices(A), m = host.rows, n = host.cols, k = Swift.min(m, n)
        var packed: [Double] = [], pivots: [Int32] = [], infos: [Int32] = []
        for b in 0..<host.count {
            let f = luFactorHost(host.matrix(b), rows: m, cols: n)
            packed += f.lu
            pivots += f.pivots
            infos.append(Int32(f.info))
        }
        let LU = Tensor.linalgResult(packed, A.shape, like: A)
        let pivotTensor = Tensor(pivots, shape: host.batchShape + [k], dtype: .int32, device: A.device)
        let info = Tensor(infos, shape: host.batchShape, dtype: .int32, device: A.device)
        Tensor.record("LinalgLuFactorExBackward0", inputs: [A], savingOutputs: true, outputs: [LU, pivotTensor, info],
                      file: file, line: line) { ctx in
            let lu = ctx.saved(0)
            let P = permutationMatrix(ctx.saved(1), rows: m, like: lu)
            let (L, U) = unpackLU(lu, m: m, n: n)
            let g = ctx.grad(0)
            return [luBackward(g.narrow(-1, 0, k).triangle(upper: false, offset: -1), g.narrow(-2, 0, k).triangle(upper: true), P, L, U)]
        }
        return (LU, pivotTensor, info)
    }

    /// `torch.linalg.lu_factor(A)`: the packed LU factors and pivots; stops with PyTorch's
    /// message when U has a zero on its diagonal.
    public static func luFactor(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> (LU: Tensor, pivots: Tensor) {
        let (LU, pivots, info) = luFactorEx(A, file: file, line: line)
        if let zero = info.toArray(Int64.self).first(where: { $0 != 0 }) {
            emberFatal("torch.linalg.lu_factor: U[\(zero),\(zero)] is zero and using it on lu_solve would result in a division by zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)",
                       file: file, line: line)
        }
        return (LU, pivots)
    }

    /// `torch.linalg.lu(A)`: `A = P L U` with P a permutation (m×m), L unit lower
    /// trapezoidal (m×k) and U upper trapezoidal (k×n), k = min(m, n).
    public static func lu(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> (P: Tensor, L: Tensor, U: Tensor) {
        let (packed, pivots, _) = noGrad { luFactorEx(A, file: file, line: line) }
        let m = A.shape[A.ndim - 2], n = A.shape[A.ndim - 1]
        let (L, U) = unpackLU(packed, m: m, n: n)
        let P = permutationMatrix(pivots, rows: m, like: packed)
        Tensor.record("LinalgLuBackward0", inputs: [A], savingOutputs: true, outputs: [P, L, U], file: file, line: line) { ctx in
            [luBackward(ctx.grads[1], ctx.grads[2], ctx.saved(0), ctx.saved(1), ctx.saved(2))]
        }
        return (P, L, U)
    }

    /// `torch.linalg.lu_solve(LU, pivots, B, left:, adjoint:)`: solves `A X = B` (`Aᵀ X = B`
    /// with `adjoint`, `X A = B` when not `left`) from `lu_factor`'s result. Composed of
    /// triangular solves, so it differentiates through LU and B.
    public static func luSolve(_ LU: Tensor, _ pivots: Tensor, _ B: Tensor, left: Bool = true, adjoint: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(LU, "linalg.lu_solve", square: true, file: file, line: line)
        if !left { return luSolve(LU, pivots, B.mT, adjoint: !adjoint, file: file, line: line).mT }
        let P = permutationMatrix(pivots, rows: LU.shape[LU.ndim - 1], like: LU)
        if adjoint {
            // Aᵀ = Uᵀ Lᵀ Pᵀ: X = P L⁻ᵀ U⁻ᵀ B.
            let y = solveTriangular(LU.mT, B, upper: false, file: file, line: line)
            return matmul(P, solveTriangular(LU.mT, y, upper: true, unitriangular: true, file: file, line: line), file: file, line: line)
        }
        // A = P L U: X = U⁻¹ L⁻¹ Pᵀ B.
        let y = solveTriangular(LU, matmul(P.mT, B, file: file, line: line), upper: false, unitriangular: true, file: file, line: line)
        return solveTriangular(LU, y, upper: true, file: file, line: line)
    }

    /// L (m×k, unit diagonal) and U (k×n) from packed factors, as differentiable ops.
    static func unpackLU(_ packed: Tensor, m: Int, n: Int) -> (L: Tensor, U: Tensor) {
        let k = Swift.min(m, n)
        let lower = packed.narrow(-1, 0, k).triangle(upper: false, offset: -1) + Tensor.eye(m, k, dtype: packed.dtype, device: packed.device)
        return (lower, packed.narrow(-2, 0, k).triangle(upper: true))
    }

    /// The m×m permutation P (as `like`'s dtype) with A = P L U, from LAPACK pivots.
    static func permutationMatrix(_ pivots: Tensor, rows m: Int, like: Tensor) -> Tensor {
        let k = pivots.shape[pivots.ndim - 1], batch = Array(pivots.shape.dropLast())
        let values = pivots.toArray(Int64.self)
        var out: [Double] = []
        for b in 0..<batch.reduce(1, *) {
            var perm = Array(0..<m)
            for i in 0..<k { perm.swapAt(i, Int(values[b * k + i]) - 1) }
            var p = [Double](repeating: 0, count: m * m)
            for i in 0..<m { p[perm[i] * m + i] = 1 }
            out += p
        }
        return Tensor(out, shape: batch + [m, m], dtype: like.dtype, device: like.device)
    }

    /// The LU backward (PyTorch's): for square A = P L U,
    /// gA = P L⁻ᵀ [tril₋₁(Lᵀ gL) + triu(gU Uᵀ)] U⁻ᵀ; a tall or wide A splits off the rows
    /// (columns) beyond k, which are L₂ = A₂ U⁻¹ (U₂ = L⁻¹ A₂).
    static func luBackward(_ gL: Tensor?, _ gU: Tensor?, _ P: Tensor, _ L: Tensor, _ U: Tensor) -> Tensor {
        let m = L.shape[L.ndim - 2], k = L.shape[L.ndim - 1], n = U.shape[U.ndim - 1]
        let gLower = gL ?? Tensor.zeros(like: L), gUpper = gU ?? Tensor.zeros(like: U)
        /// The square case, with P left out.
        func square(_ gL: Tensor, _ gU: Tensor, _ L: Tensor, _ U: Tensor) -> Tensor {
            let phi = matmul(L.mT, gL).triangle(upper: false, offset: -1) + matmul(gU, U.mT).triangle(upper: true)
            let left = solveTriangular(L.mT, phi, upper: true, unitriangular: true)
            return solveTriangular(U.mT, left, upper: false, left: false)
        }
        if m == n { return matmul(P, square(gLower, gUpper, L, U)) }
        if m > n {
            let L1 = L.narrow(-2, 0, k), L2 = L.narrow(-2, k, m - k)
            let gL1 = gLower.narrow(-2, 0, k), gL2 = gLower.narrow(-2, k, m - k)
            let gL2UinvT = solveTriangular(U.mT, gL2, upper: false, left: false)
            let top = square(gL1, gUpper - matmul(L2.mT, gL2UinvT), L1, U)
            return matmul(P, cat([top, gL2UinvT], dim: -2))
        }
        let U1 = U.narrow(-1, 0, k), U2 = U.narrow(-1, k, n - k)
        let gU1 = gUpper.narrow(-1, 0, k), gU2 = gUpper.narrow(-1, k, n - k)
        let LinvTgU2 = solveTriangular(L.mT, gU2, upper: true, unitriangular: true)
        let left = square(gLower - matmul(LinvTgU2, U2.mT), gU1, L, U1)
        return matmul(P, cat([left, LinvTgU2], dim: -1))
    }
}
