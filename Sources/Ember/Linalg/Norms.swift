// Vector and matrix norms: `vector_norm` is one graph node (`LinalgVectorNormBackward0`);
// matrix norms compose it, the singular values and reductions, as PyTorch does.

extension Linalg {
    /// `torch.linalg.vector_norm(x, ord, dim, keepdim)`: `(Σ|x|^ord)^(1/ord)` over `dim`
    /// (all elements when nil); `ord` may be 0 (count of nonzeros), ±infinity (max/min |x|).
    public static func vectorNorm(_ x: Tensor, ord: Double = 2, dim: [Int]? = nil, keepdim: Bool = false,
                                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard x.dtype.isFloatingPoint else {
            emberFatal("linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(x.dtype.scalarTypeName)", file: file, line: line)
        }
        let dims = x.reductionDims(dim, file: file, line: line)
        if x.count == 0 && ord < 0 {
            emberFatal("linalg.vector_norm cannot compute the \(ord) norm on an empty tensor because the operation does not have an identity",
                       file: file, line: line)
        }
        let result: Tensor = noGrad {
            let a = x.abs()
            if ord == .infinity { return a.reduceKernel(.max, dims, keepdim: keepdim, dtype: x.dtype) }
            if ord == -.infinity { return a.reduceKernel(.min, dims, keepdim: keepdim, dtype: x.dtype) }
            if ord == 0 { return (a .!= 0).to(x.dtype).sum(dim: dims, keepdim: keepdim) }
            if ord == 1 { return a.sum(dim: dims, keepdim: keepdim) }
            if ord == 2 { return (a * a).sum(dim: dims, keepdim: keepdim).sqrt() }
            return (a ** ord).sum(dim: dims, keepdim: keepdim) ** (1 / ord)
        }
        let inputShape = x.shape
        Tensor.record("LinalgVectorNormBackward0", inputs: [x], saving: [x], savingOutputs: true,
                      outputs: [result], file: file, line: line) { ctx in
            let input = ctx.saved(0)
            let norm = ctx.saved(1).unsqueezeReduced(dims, keepdim: keepdim, to: inputShape)
            let g = ctx.grad.unsqueezeReduced(dims, keepdim: keepdim, to: inputShape)
            return [vectorNormBackward(g, input, norm, ord: ord, dims: dims)]
        }
        return result
    }

    /// PyTorch's `norm_backward`, with the gradient and the norm broadcast to x's shape.
    static func vectorNormBackward(_ g: Tensor, _ x: Tensor, _ norm: Tensor, ord: Double, dims: [Int]) -> Tensor {
        if ord == 0 { return Tensor.zeros(like: x) }
        if ord == 1 { return g * x.sign() }
        if ord == 2 { return Tensor.where(norm .== 0, 0.0, g * x / norm) }
        if ord.isInfinite {
            // Shared evenly among the entries that attain the max (or min), as amax does.
            let mask = (x.abs() .== norm).to(x.dtype)
            let count = mask.sum(dim: dims, keepdim: true)
            return g * x.sign() * mask / count
        }
        let scale = x.abs() ** (ord - 1) / norm ** (ord - 1)
        return Tensor.where(norm .== 0, 0.0, g * x.sign() * scale)
    }

    /// `torch.linalg.matrix_norm(A, ord:, dim:, keepdim:)` for "fro" (default) and "nuc".
    public static func matrixNorm(_ A: Tensor, ord: String = "fro", dim: [Int] = [-2, -1], keepdim: Bool = false,
                                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let (d0, d1) = matrixNormDims(A, dim, file: file, line: line)
        switch ord {
        case "fro":
            return vectorNorm(A, ord: 2, dim: [d0, d1], keepdim: keepdim, file: file, line: line)
        case "nuc":
            let s = svdvals(movedToEnd(A, d0, d1), file: file, line: line).sum(dim: -1, file: file, line: line)
            return keepdim ? s.unsqueeze(Swift.min(d0, d1)).unsqueeze(Swift.max(d0, d1)) : s
        default:
            emberFatal("linalg.matrix_norm: Order \(ord) not supported.", file: file, line: line)
        }
    }

    /// `torch.linalg.matrix_norm(A, ord:)` for ord ±1 (max/min column sum of |A|), ±2 (largest
    /// and smallest singular value) and ±infinity (max/min row sum).
    public static func matrixNorm(_ A: Tensor, ord: Double, dim: [Int] = [-2, -1], keepdim: Bool = false,
                                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let (d0, d1) = matrixNormDims(A, dim, file: file, line: line)
        let largest = ord > 0
        if Swift.abs(ord) == 2 {
            let s = svdvals(movedToEnd(A, d0, d1), file: file, line: line)
            let r = largest ? s.max(dim: -1, file: file, line: line).values : s.min(dim: -1, file: file, line: line).values
            return keepdim ? r.unsqueeze(Swift.min(d0, d1)).unsqueeze(Swift.max(d0, d1)) : r
        }
        guard Swift.abs(ord) == 1 || ord.isInfinite else {
            let shown = ord == ord.rounded() ? String(Int(ord)) : String(ord)
            emberFatal("linalg.matrix_norm: Order \(shown) not supported.", file: file, line: line)
        }
        // ord 1 sums down the columns (over d0), infinity along the rows (over d1).
        let (sumDim, extremeDim) = Swift.abs(ord) == 1 ? (d0, d1) : (d1, d0)
        let sums = A.abs(file: file, line: line).sum(dim: sumDim, keepdim: true, file: file, line: line)
        let r = largest ? sums.max(dim: extremeDim, keepdim: true, file: file, line: line).values
                        : sums.min(dim: extremeDim, keepdim: true, file: file, line: line).values
        return keepdim ? r : r.squeeze(Swift.max(d0, d1), file: file, line: line).squeeze(Swift.min(d0, d1), file: file, line: line)
    }

    /// `torch.linalg.norm(A, ord:, dim:, keepdim:)` with a numeric (or no) order: the 2-norm
    /// of all elements when both are nil; a vector norm over one dim; a matrix norm over two.
    public static func norm(_ A: Tensor, ord: Double? = nil, dim: [Int]? = nil, keepdim: Bool = false,
                            file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if let dim {
            guard dim.count == 1 || dim.count == 2 else {
                emberFatal("linalg.norm: If dim is specified, it must be of length 1 or 2. Got [\(dim.map(String.init).joined(separator: ", "))]",
                           file: file, line: line)
            }
            if dim.count == 2 {
                return ord.map { matrixNorm(A, ord: $0, dim: dim, keepdim: keepdim, file: file, line: line) }
                    ?? matrixNorm(A, ord: "fro", dim: dim, keepdim: keepdim, file: file, line: line)
            }
            return vectorNorm(A, ord: ord ?? 2, dim: dim, keepdim: keepdim, file: file, line: line)
        }
        guard let ord else { return vectorNorm(A, ord: 2, dim: nil, keepdim: keepdim, file: file, line: line) }
        guard A.ndim == 1 || A.ndim == 2 else {
            emberFatal("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got \(A.ndim)D.", file: file, line: line)
        }
        return A.ndim == 1 ? vectorNorm(A, ord: ord, dim: nil, keepdim: keepdim, file: file, line: line)
                           : matrixNorm(A, ord: ord, keepdim: keepdim, file: file, line: line)
    }

    /// `torch.linalg.norm(A, ord: "fro" | "nuc", dim:, keepdim:)`.
    public static func norm(_ A: Tensor, ord: String, dim: [Int]? = nil, keepdim: Bool = false,
                            file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if dim == nil && A.ndim != 2 {
            emberFatal("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got \(A.ndim)D.", file: file, line: line)
        }
        return matrixNorm(A, ord: ord, dim: dim ?? [-2, -1], keepdim: keepdim, file: file, line: line)
    }

    /// The two normalised, distinct dims of a matrix norm.
    private static func matrixNormDims(_ A: Tensor, _ dim: [Int], file: StaticString, line: UInt) -> (Int, Int) {
        guard A.ndim >= 2 else {
            emberFatal("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", file: file, line: line)
        }
        checkFloating(A, "linalg.matrix_norm", file: file, line: line)
        guard dim.count == 2 else {
            emberFatal("linalg.matrix_norm: dim must be a 2-tuple. Got \(dim.map(String.init).joined(separator: " "))", file: file, line: line)
        }
        let d0 = normalizeDim(dim[0], A.ndim, file: file, line: line), d1 = normalizeDim(dim[1], A.ndim, file: file, line: line)
        guard d0 != d1 else {
            emberFatal("linalg.matrix_norm: dims must be different. Got (\(dim[0]), \(dim[1]))", file: file, line: line)
        }
        return (d0, d1)
    }

    /// A with dims d0, d1 moved to the end (in that order), the others kept in order.
    private static func movedToEnd(_ A: Tensor, _ d0: Int, _ d1: Int) -> Tensor {
        let rest = (0..<A.ndim).filter { $0 != d0 && $0 != d1 }
        let order = rest + [d0, d1]
        return order == Array(0..<A.ndim) ? A : A.permute(order)
    }
}
