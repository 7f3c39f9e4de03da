import RealModule

// The matrix exponential by scaling and squaring with the degree-13 Padé approximant
// (Higham 2005), accurate to double precision for any norm.

/// exp(A) of one n×n row-major matrix.
func matrixExponential(_ a: [Double], n: Int) -> [Double] {
    let b: [Double] = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
                       10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1]
    let theta13 = 5.371920351148152
    var norm1 = 0.0
    for j in 0..<n { norm1 = Swift.max(norm1, (0..<n).reduce(0.0) { $0 + Swift.abs(a[$1 * n + j]) }) }
    let s = norm1 > theta13 ? Swift.max(0, Int(Double.log2(norm1 / theta13).rounded(.up))) : 0
    let scale = Double.pow(2, -Double(s))
    let x = a.map { $0 * scale }
    func product(_ p: [Double], _ q: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n where p[i * n + k] != 0 {
                let v = p[i * n + k]
                for j in 0..<n { out[i * n + j] += v * q[k * n + j] }
            }
        }
        return out
    }
    /// c₆ X6 + c₄ X4 + c₂ X2 + c₀ I.
    func combination(_ c6: Double, _ x6: [Double], _ c4: Double, _ x4: [Double], _ c2: Double, _ x2: [Double], _ c0: Double) -> [Double] {
        var out = (0..<(n * n)).map { c6 * x6[$0] + c4 * x4[$0] + c2 * x2[$0] }
        for i in 0..<n { out[i * n + i] += c0 }
        return out
    }
    let x2 = product(x, x), x4 = product(x2, x2), x6 = product(x4, x2)
    let innerU = product(x6, combination(b[13], x6, b[11], x4, b[9], x2, 0))
    let u = product(x, zip(innerU, combination(b[7], x6, b[5], x4, b[3], x2, b[1])).map { $0 + $1 })
    let innerV = product(x6, combination(b[12], x6, b[10], x4, b[8], x2, 0))
    let v = zip(innerV, combination(b[6], x6, b[4], x4, b[2], x2, b[0])).map { $0 + $1 }
    // R = (V - U)⁻¹ (V + U), then squared s times.
    let lu = LUFactors(zip(v, u).map { $0 - $1 }, n: n)
    var r = lu.solve(zip(v, u).map { $0 + $1 }, n: n, k: n)
    for _ in 0..<s { r = product(r, r) }
    return r
}

extension Linalg {
    /// `torch.linalg.matrix_exp(A)`: the exponential of each square matrix.
    public static func matrixExp(_ A: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInput(A, "linalg.matrix_exp", square: true, file: file, line: line)
        let host = HostMatrices(A), n = host.rows
        var out: [Double] = []
        out.reserveCapacity(host.data.count)
        for b in 0..<host.count { out += matrixExponential(host.matrix(b), n: n) }
        let result = Tensor.linalgResult(out, A.shape, like: A)
        Tensor.record("LinalgMatrixExpBackward0", inputs: [A], saving: [A], outputs: [result], file: file, line: line) { ctx in
            // The adjoint of the Fréchet derivative: the upper-right block of
            // exp([[Aᵀ, G], [0, Aᵀ]]), as PyTorch computes it.
            let at = ctx.saved(0).mT, g = ctx.grad
            let zeros = Tensor.zeros(like: at)
            let block = cat([cat([at, g], dim: -1), cat([zeros, at], dim: -1)], dim: -2)
            return [matrixExp(block).narrow(-2, 0, n).narrow(-1, n, n)]
        }
        return result
    }
}

extension Tensor {
    /// `matrix_exp()`: `torch.linalg.matrix_exp`.
    public func matrixExp(file: StaticString = #fileID, line: UInt = #line) -> Tensor { Linalg.matrixExp(self, file: file, line: line) }
}
