/// `torch.linalg`: decompositions, solvers, inverses and norms of matrices and batches of
/// matrices (`[*, m, n]`), float32 and float64, differentiable where PyTorch's are.
///
/// The factorisations run on the host over contiguous float64 copies of each matrix (float32
/// inputs are computed in float64 and rounded once), so strided and batched inputs need no
/// special paths. Each op records PyTorch's node (`LinalgInvExBackward0`, …) with a backward
/// written in Tensor ops, so `createGraph` differentiates it again.
public enum Linalg {
    /// The checks every linalg op makes first, with PyTorch's wording.
    static func checkInput(_ A: Tensor, _ name: String, square: Bool = false,
                           file: StaticString, line: UInt) {
        guard A.ndim >= 2 else {
            emberFatal("\(name): The input tensor A must have at least 2 dimensions.", file: file, line: line)
        }
        checkFloating(A, name, file: file, line: line)
        if square, A.shape[A.ndim - 1] != A.shape[A.ndim - 2] {
            emberFatal("\(name): A must be batches of square matrices, but they are \(A.shape[A.ndim - 2]) by \(A.shape[A.ndim - 1]) matrices",
                       file: file, line: line)
        }
    }

    /// float32 and float64 only: integers are refused, low-precision floats too (as LAPACK's).
    static func checkFloating(_ A: Tensor, _ name: String, file: StaticString, line: UInt) {
        if A.dtype == .float32 || A.dtype == .float64 { return }
        if A.dtype.isFloatingPoint {
            emberFatal("\(name): Low precision dtypes not supported. Got \(A.dtype.scalarTypeName)", file: file, line: line)
        }
        emberFatal("\(name): Expected a floating point or complex tensor as input. Got \(A.dtype.scalarTypeName)", file: file, line: line)
    }

    /// PyTorch's prefix for an error in one matrix of a batch.
    static func batchPrefix(_ A: Tensor, _ index: Int) -> String {
        A.ndim > 2 ? "(Batch element \(index)): " : ""
    }

    /// Machine epsilon of a float dtype (the default tolerances of pinv and lstsq).
    static func epsilon(_ dtype: DType) -> Double {
        dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne)
    }
}

/// The matrices of a `[*, m, n]` tensor as float64 row-major copies: the work buffers the
/// host algorithms read and write.
struct HostMatrices {
    let batchShape: [Int]
    let rows: Int
    let cols: Int
    var data: [Double]

    init(_ t: Tensor) {
        batchShape = Array(t.shape.dropLast(2))
        rows = t.shape[t.ndim - 2]
        cols = t.shape[t.ndim - 1]
        data = t.toArray(Double.self)
    }

    /// The number of matrices in the batch.
    var count: Int { batchShape.reduce(1, *) }

    /// Matrix `b`, row-major.
    func matrix(_ b: Int) -> [Double] {
        Array(data[(b * rows * cols)..<((b + 1) * rows * cols)])
    }
}

extension Tensor {
    /// A tensor of `values` with `like`'s dtype and device (the host results going back).
    static func linalgResult(_ values: [Double], _ shape: [Int], like: Tensor) -> Tensor {
        Tensor(values, shape: shape, dtype: like.dtype, device: like.device)
    }

    /// The lower (`upper: false`) or upper triangle of the last two dims, above/below the
    /// diagonal `offset`, as a product with a constant mask so that it stays differentiable.
    func triangle(upper: Bool, offset: Int = 0) -> Tensor {
        let m = shape[ndim - 2], n = shape[ndim - 1]
        var mask = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n where upper ? j - i >= offset : j - i <= offset { mask[i * n + j] = 1 }
        }
        return self * Tensor(mask, shape: [m, n], dtype: dtype, device: device)
    }

    /// `diag_embed` of the last dim: `[*, k]` to `[*, k, k]` with the values on the diagonal.
    func diagonalMatrix() -> Tensor {
        let k = shape[ndim - 1]
        return unsqueeze(-1) * Tensor.eye(k, dtype: dtype, device: device)
    }
}
