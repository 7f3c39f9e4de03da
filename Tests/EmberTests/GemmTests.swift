import Testing
@testable import Ember

// The packed GEMM (GemmDriver.swift + the C micro-kernels) against a float64 triple loop:
// odd shapes, shapes crossing every block boundary, strided operands read in place,
// batches, and bit-identical results at 1 and 2 threads.

/// Deterministic values in [-1, 1) that do not depend on the global generator.
private func values(_ count: Int, seed: Int) -> [Double] {
    var s = UInt64(truncatingIfNeeded: seed &* 7919 &+ 17)
    return (0..<count).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Double(Int64(bitPattern: s >> 11) % 2048) / 1024.0 - 1.0
    }
}

private func matrix(_ rows: Int, _ cols: Int, dtype: DType, seed: Int) -> Tensor {
    Tensor(values(rows * cols, seed: seed), shape: [rows, cols], dtype: dtype)
}

/// Checks `c = a · b` (2-D) on the given rows (all when nil) against a float64 triple loop.
private func expectProduct(_ a: Tensor, _ b: Tensor, _ c: Tensor, rows: [Int]? = nil,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    #expect(c.shape == [m, n], sourceLocation: sourceLocation)
    let av = a.toArray(Double.self), bv = b.toArray(Double.self), cv = c.toArray(Double.self)
    let tol = c.dtype == .float32 ? 2e-6 : 1e-13
    var worst = 0.0
    for i in rows ?? Array(0..<m) {
        for j in 0..<n {
            var sum = 0.0, mag = 0.0
            for p in 0..<k { sum += av[i * k + p] * bv[p * n + j]; mag += Swift.abs(av[i * k + p] * bv[p * n + j]) }
            worst = Swift.max(worst, Swift.abs(cv[i * n + j] - sum) / Swift.max(mag, 1))
        }
    }
    #expect(worst <= tol, "relative error \(worst) at \(m)x\(k)x\(n) \(c.dtype)", sourceLocation: sourceLocation)
}

@Suite struct GemmTests {
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (37, 300, 71), (1, 50, 40), (40, 50, 1), (29, 17, 33),
                                           (15, 1, 33), (2, 3, 4), (14, 256, 32), (15, 257, 33),
                                           (20, 9, 40), (46, 70, 50)]

    @Test(arguments: [DType.float32, .float64])
    func oddShapes(dtype: DType) {
        for (i, (m, k, n)) in Self.shapes.enumerated() {
            let a = matrix(m, k, dtype: dtype, seed: i), b = matrix(k, n, dtype: dtype, seed: 100 + i)
            expectProduct(a, b, a.matmul(b))
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func emptyInnerDimensionGivesZeros(dtype: DType) {
        let c = Tensor.ones([5, 0], dtype: dtype).matmul(Tensor.ones([0, 7], dtype: dtype))
        expectTensor(c, Array(repeating: 0, count: 35), shape: [5, 7], dtype: dtype)
    }

    /// Crosses KC (512 float / 256 double), MC (336 float / 224 double) and the
    /// micro-tile edges; rows are sampled so the float64 reference stays cheap in debug.
    @Test(arguments: [DType.float32, .float64])
    func blockBoundaries(dtype: DType) {
        let (m, k, n) = (350, 520, 530)
        let a = matrix(m, k, dtype: dtype, seed: 1), b = matrix(k, n, dtype: dtype, seed: 2)
        expectProduct(a, b, a.matmul(b), rows: [0, 13, 14, 223, 224, 335, 336, 349])
    }

    /// More columns than one packed block of B (4096).
    @Test func wideProductCrossesThePackedBlock() {
        let a = matrix(15, 3, dtype: .float32, seed: 3), b = matrix(3, 4100, dtype: .float32, seed: 4)
        expectProduct(a, b, a.matmul(b))
    }

    @Test(arguments: [DType.float32, .float64])
    func transposedOperands(dtype: DType) {
        let x = matrix(45, 31, dtype: dtype, seed: 5), y = matrix(60, 45, dtype: dtype, seed: 6)
        // x.T: [31, 45], y.T: [45, 60]
        expectProduct(x.t(), y.t(), x.t().matmul(y.t()))
        expectProduct(x.t(), x, x.t().matmul(x))
        expectProduct(y, y.t(), y.matmul(y.t()))
    }

    /// The backend reads a transposed view in place: no contiguous copy is made first.
    @Test func backendReadsStridedViewsInPlace() {
        let x = matrix(20, 30, dtype: .float32, seed: 7), y = matrix(40, 20, dtype: .float32, seed: 8)
        let a = x.t().unsqueeze(0), b = y.t().unsqueeze(0)        // [1, 30, 20], [1, 20, 40]
        #expect(!a.isContiguous && !b.isContiguous)
        let out = Tensor(uninitializedShape: [1, 30, 40], dtype: .float32, device: .cpu)
        a.backend.matmul(a.view, b.view, into: out.view)
        expectProduct(x.t(), y.t(), out.squeeze(0))
    }

    @Test(arguments: [DType.float32, .float64])
    func slicedOperands(dtype: DType) {
        let x = matrix(50, 70, dtype: dtype, seed: 9), y = matrix(80, 90, dtype: dtype, seed: 10)
        let a = x[3..<40, 5..<65], b = y[10..<70, 1..<80]              // row strides 70 and 90
        #expect(!a.isContiguous && !b.isContiguous)
        expectProduct(a, b, a.matmul(b))
        // Column-major slices (row stride 1, column strides 70 and 90).
        let c = x.t()[2..<40, 0..<30]                                   // strides (1, 70) -> [38, 30]
        let d = y.t()[0..<30, 3..<50]                                   // strides (1, 90) -> [30, 47]
        expectProduct(c, d, c.matmul(d))
        let e = x[0..<50, 0..<70].permute(1, 0)[0..<30, 0..<50]          // [30, 50]
        expectProduct(e.t(), e, e.t().matmul(e))
        // Neither stride is 1: a channel of a [rows, cols, 3] tensor (strides 21 and 3).
        let z = Tensor(values(6 * 7 * 3, seed: 30), shape: [6, 7, 3], dtype: dtype)[.all, .all, 1]
        let w = Tensor(values(7 * 5 * 2, seed: 31), shape: [7, 5, 2], dtype: dtype)[.all, .all, 0]
        expectProduct(z, w, z.matmul(w))
    }

    @Test(arguments: [DType.float32, .float64])
    func batchedWithBroadcastBatchDims(dtype: DType) {
        let (m, k, n) = (9, 21, 17)
        let a = Tensor(values(3 * m * k, seed: 11), shape: [3, 1, m, k], dtype: dtype)
        let b = Tensor(values(2 * k * n, seed: 12), shape: [2, k, n], dtype: dtype)
        let c = a.matmul(b)                                          // [3, 2, m, n]
        #expect(c.shape == [3, 2, m, n])
        for i in 0..<3 { for j in 0..<2 { expectProduct(a[i, 0], b[j], c[i, j]) } }
        // A stride-0 batch of B (expand) and a permuted batch of A.
        let w = matrix(k, n, dtype: dtype, seed: 13).unsqueeze(0).expand([4, k, n])
        let x = Tensor(values(4 * m * k, seed: 14), shape: [m, 4, k], dtype: dtype).permute(1, 0, 2)
        let y = x.bmm(w)
        for i in 0..<4 { expectProduct(x[i], w[i], y[i]) }
    }

    /// Many small products (one task each) and one large product (tasks inside it).
    @Test(arguments: [DType.float32, .float64])
    func batchOfSmallProducts(dtype: DType) {
        let a = Tensor(values(40 * 30 * 32, seed: 15), shape: [40, 30, 32], dtype: dtype)
        let b = Tensor(values(32 * 50, seed: 16), shape: [32, 50], dtype: dtype)
        let c = a.matmul(b)
        for i in [0, 17, 39] { expectProduct(a[i], b, c[i]) }
    }

    @Test func integerProductsStillWork() {
        let a = Tensor([Int64(1), 2, 3, 4, 5, 6], shape: [2, 3]), b = Tensor([Int64(1), 0, 2, 1, 0, 3], shape: [3, 2])
        expectExact(a.t().matmul(a), [17, 22, 27, 22, 29, 36, 27, 36, 45], shape: [3, 3])
        expectExact(a.matmul(b), [5, 11, 14, 23], shape: [2, 2])
    }
}

/// setNumThreads is process-wide: these run one at a time.
@Suite(.serialized) struct GemmThreadTests {
    @Test(arguments: [DType.float32, .float64])
    func oneAndTwoThreadsAreBitIdentical(dtype: DType) {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        // K = 600: two K blocks for float and three for double, so the threaded product packs
        // each next block of B while the current one multiplies.
        let a = matrix(150, 600, dtype: dtype, seed: 20), b = matrix(600, 260, dtype: dtype, seed: 21)
        let batchA = Tensor(values(24 * 40 * 64, seed: 22), shape: [24, 40, 64], dtype: dtype)
        let batchB = Tensor(values(24 * 64 * 48, seed: 23), shape: [24, 64, 48], dtype: dtype)  // one task per item
        setNumThreads(1)
        let c1 = a.matmul(b).toArray(Double.self), t1 = a.t().matmul(a).toArray(Double.self)
        let d1 = batchA.bmm(batchB).toArray(Double.self)
        setNumThreads(2)
        let before = ThreadPool.shared.workerTaskCount
        let c2 = a.matmul(b).toArray(Double.self), t2 = a.t().matmul(a).toArray(Double.self)
        let d2 = batchA.bmm(batchB).toArray(Double.self)
        #expect(c1 == c2)
        #expect(t1 == t2)
        #expect(d1 == d2)
        #expect(ThreadPool.shared.workerTaskCount > before, "the second thread ran no task")
        expectProduct(a, b, a.matmul(b), rows: [0, 14, 149])
    }
}
