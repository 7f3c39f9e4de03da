/// A strided window onto a storage: what a backend kernel reads or writes.
/// Strides and offset count elements, as in PyTorch.
struct StridedView {
    let storage: Storage
    let shape: [Int]
    let strides: [Int]
    let offset: Int
    let dtype: DType

    var count: Int { shape.reduce(1, *) }
}

/// A scalar operand kept exact for every dtype (int64 beyond 2^53 included).
enum ScalarValue: Sendable {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case complex(Double, Double)

    init<S: TensorScalar>(_ s: S) {
        if S.self == Bool.self { self = .bool(s._int64 != 0) }
        else if S._isComplex { self = .complex(s._double, s._imag) }
        else if S._isFloat { self = .double(s._double) }
        else { self = .int(s._int64) }
    }

    var category: DType.Category {
        switch self {
        case .bool: .bool
        case .int: .integer
        case .double: .floating
        case .complex: .complex
        }
    }

    func cast<T: TensorScalar>(to: T.Type) -> T {
        switch self {
        case .bool(let b): T._from(int64: b ? 1 : 0)
        case .int(let i): T._from(int64: i)
        case .double(let d): T._from(double: d)
        case .complex(let re, let im): T._from(real: re, imag: im)
        }
    }
}

enum UnaryOp: Sendable {
    // Any numeric dtype, result of the same dtype.
    case neg, abs, sign, relu, floor, ceil, round
    // Floating dtypes only (integers are promoted to the default dtype first).
    case sqrt, rsqrt, exp, log, log1p, sin, cos, tan, tanh, sigmoid, gelu, softplus, erf
    // Results are bool.
    case isnan, isfinite, logicalNot
}

enum BinaryOp: Sendable {
    case add, sub, mul, div, pow, maximum, minimum, remainder, floorDivide
    // Results are bool.
    case eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor
}

enum ReduceOp: Sendable {
    case sum, prod, max, min, all, any
}

/// The narrow interface a device implements (DESIGN.md: candle's short trait). Every kernel
/// takes views that already have the output's shape (inputs broadcast with stride 0) and
/// operands already converted to the dtype the kernel computes in; the front end does
/// promotion, broadcasting and autograd.
protocol Backend: AnyObject, Sendable {
    var device: Device { get }
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer
    func deallocate(_ address: UnsafeMutableRawPointer, byteCount: Int)

    /// Copies `src` into `dst` (same shape), converting dtypes with C-cast semantics.
    func copy(_ src: StridedView, into dst: StridedView)
    func fill(_ dst: StridedView, with value: ScalarValue)
    /// Writes host values (row-major) into a contiguous `dst`; and reads them back.
    func upload<T: TensorScalar>(_ values: UnsafeBufferPointer<T>, into dst: StridedView)
    func download<T: TensorScalar>(_ src: StridedView, as type: T.Type) -> [T]

    func unary(_ op: UnaryOp, _ x: StridedView, into out: StridedView)
    func binary(_ op: BinaryOp, _ a: StridedView, _ b: StridedView, into out: StridedView)
    /// `where(cond, a, b)`: all three broadcast to `out.shape`.
    func select(_ cond: StridedView, _ a: StridedView, _ b: StridedView, into out: StridedView)
    func clamp(_ x: StridedView, min: ScalarValue?, max: ScalarValue?, into out: StridedView)

    /// Reduces `x` over `dims` into `out`, which has x's shape with those dims set to 1.
    func reduce(_ op: ReduceOp, _ x: StridedView, dims: [Int], into out: StridedView)
    /// max/min along one dim with the index of the first extreme (NaN wins, as in PyTorch).
    func argReduce(max: Bool, _ x: StridedView, dim: Int, values: StridedView, indices: StridedView)
    func cumsum(_ x: StridedView, dim: Int, into out: StridedView)

    /// Batched product of `[B, M, K]` and `[B, K, N]` views (any strides, batch stride 0
    /// broadcasts) into a contiguous `[B, M, N]`; with `accumulate`, added to what `out` holds.
    func matmul(_ a: StridedView, _ b: StridedView, into out: StridedView, accumulate: Bool)

    /// `out[..., i, ...] = x[..., index[i], ...]` along `dim`.
    func indexSelect(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView)
    /// torch.gather / scatter(_add) along `dim`; index has the shape of out (gather) or src.
    func gather(_ x: StridedView, dim: Int, index: StridedView, into out: StridedView)
    func scatter(_ src: StridedView, dim: Int, index: StridedView, into out: StridedView, accumulate: Bool)
    /// Unfolds image blocks into columns, or (`fold`) adds columns back (CPU+Im2Col.swift).
    func im2col(_ image: StridedView, _ columns: StridedView, geometry: Im2ColGeometry, fold: Bool)
}

extension Backend {
    /// `out = a · b` (batched), overwriting `out`.
    func matmul(_ a: StridedView, _ b: StridedView, into out: StridedView) {
        matmul(a, b, into: out, accumulate: false)
    }
}
