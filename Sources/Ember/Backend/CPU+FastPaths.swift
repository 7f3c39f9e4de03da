#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CEmberKernels

// Fast paths of the CPU backend: contiguous and scalar (stride-0) operands go to the C vector
// kernels, large work is split over the thread pool in chunks fixed by the size alone (so
// results are bit-identical at any thread count), and everything else falls through to the
// generic strided loops.

/// Elements per task when elementwise work is split over threads.
let elementwiseGrain = 1 << 16

/// Whether `strides` are exactly the row-major strides of `shape` (size-1 dims included).
@inline(__always)
func isDenseRowMajor(_ shape: [Int], _ strides: [Int]) -> Bool {
    var expected = 1
    for d in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
        if strides[d] != expected { return false }
        expected *= shape[d]
    }
    return true
}
/// Elements per block of a float sum: each block is summed alone, blocks in order.
let sumBlock = 1 << 16

extension StridedView {
    /// 1 when element i lives at `offset + i` (row-major, no gaps), 0 when every element is
    /// the one at `offset` (a broadcast scalar), nil otherwise. Size-1 dims are ignored.
    @inline(__always)
    var linearStep: Int? {
        var expected = 1, allZero = true
        var d = shape.count - 1
        while d >= 0 {
            let n = shape[d]
            if n != 1 {
                let s = strides[d]
                if s != 0 { allZero = false }
                if s != expected { expected = -1 } else { expected *= n }
            }
            d -= 1
        }
        if expected >= 0 { return 1 }
        return allZero ? 0 : nil
    }

    @inline(__always)
    var isContiguousLayout: Bool { linearStep == 1 }
}

/// Runs `body(start, count)` over `0..<n` in chunks of `grain`, on the pool when there are
/// at least two chunks. The chunks depend on `n` only, never on the thread count.
@inline(__always)
func parallelChunks(_ n: Int, grain: Int = elementwiseGrain, _ body: (Int, Int) -> Void) {
    if n < 2 * grain { if n > 0 { body(0, n) }; return }
    let tasks = (n + grain - 1) / grain
    ThreadPool.shared.parallelFor(tasks) { t in
        let start = t * grain
        body(start, Swift.min(grain, n - start))
    }
}

extension CPUBackend {
    /// The common case of a binary op, cut short: CPU operands of `dtype` (float32 or
    /// float64) with the same shape, both dense row-major, or one of them a wrapped Swift
    /// number (`x * 2`, read at stride 0). The result shares the tensor operand's shape and
    /// strides arrays: nothing to broadcast, convert or allocate but the storage. Nil when
    /// the operands are not of this kind.
    func denseBinary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, dtype: DType) -> Tensor? {
        guard let code = vectorOpCode(op), dtype == .float32 || dtype == .float64 else { return nil }
        let scalarSide = a.isWrappedNumber == b.isWrappedNumber ? 0 : (a.isWrappedNumber ? 1 : 2)
        let dense = scalarSide == 1 ? b : a
        guard dense.dtype == dtype, dense.storage.backend === self, isDenseRowMajor(dense.shape, dense.strides) else { return nil }
        if scalarSide == 0 {
            guard b.dtype == dtype, b.storage.backend === self, a.shape == b.shape, a.strides == b.strides else { return nil }
        }
        let n = dense.count, size = dtype.itemSize
        let out = Tensor(storage: Storage(byteCount: n * size, backend: self), shape: dense.shape, strides: dense.strides,
                         offset: 0, dtype: dtype)
        // The wrapped number converted to `dtype` as the general path converts it.
        var scalar = (0.0, 0.0)
        if scalarSide != 0 {
            let number = scalarSide == 1 ? a : b
            guard number.storage.backend === self else { return nil }
            let source = UnsafeRawPointer(number.storage.address) + number.storageOffset * number.dtype.itemSize
            let ok = withUnsafeMutableBytes(of: &scalar) { raw -> Bool in
                switch (number.dtype, dtype) {
                case (.float64, .float32): raw.storeBytes(of: Float(source.load(as: Double.self)), as: Float.self)
                case (.float64, _): raw.storeBytes(of: source.load(as: Double.self), as: Double.self)
                case (.int64, .float32): raw.storeBytes(of: Float(source.load(as: Int64.self)), as: Float.self)
                case (.int64, _): raw.storeBytes(of: Double(source.load(as: Int64.self)), as: Double.self)
                default: return false
                }
                return true
            }
            if !ok { return nil }
        }
        withUnsafeBytes(of: &scalar) { scalarBytes in
            func operand(_ t: Tensor, side: Int) -> (UnsafeRawPointer, Int) {
                side == scalarSide ? (scalarBytes.baseAddress!, 0)
                    : (UnsafeRawPointer(t.storage.address) + t.storageOffset * size, 1)
            }
            let (p, sa) = operand(a, side: 1), (q, sb) = operand(b, side: 2)
            vectorBinary(code, dtype, p, sa, q, sb, out.storage.address, n)
        }
        return out
    }

    /// The C kernel's code for `op`, nil for ops it does not have.
    private func vectorOpCode(_ op: BinaryOp) -> Int32? {
        switch op {
        case .add: Int32(EMBER_VOP_ADD)
        case .sub: Int32(EMBER_VOP_SUB)
        case .mul: Int32(EMBER_VOP_MUL)
        case .div: Int32(EMBER_VOP_DIV)
        default: nil
        }
    }

    /// `out[i] = a[i * sa] op b[i * sb]` for float32 or float64 (strides 0 or 1), in chunks.
    private func vectorBinary(_ code: Int32, _ dtype: DType, _ a: UnsafeRawPointer, _ sa: Int,
                              _ b: UnsafeRawPointer, _ sb: Int, _ out: UnsafeMutableRawPointer, _ n: Int) {
        if dtype == .float32 {
            let (p, q, d) = (a.assumingMemoryBound(to: Float.self), b.assumingMemoryBound(to: Float.self),
                             out.assumingMemoryBound(to: Float.self))
            parallelChunks(n) { s, c in ember_vbinary_f32(code, p + s * sa, sa, q + s * sb, sb, d + s, c) }
        } else {
            let (p, q, d) = (a.assumingMemoryBound(to: Double.self), b.assumingMemoryBound(to: Double.self),
                             out.assumingMemoryBound(to: Double.self))
            parallelChunks(n) { s, c in ember_vbinary_f64(code, p + s * sa, sa, q + s * sb, sb, d + s, c) }
        }
    }

    /// float32/float64 add, sub, mul and div through the C kernels. Returns false when the
    /// operands are not of a kind these kernels take.
    func fastBinary(_ op: BinaryOp, _ a: StridedView, _ b: StridedView, _ out: StridedView) -> Bool {
        guard let code = vectorOpCode(op) else { return false }
        let dtype = out.dtype
        guard dtype == .float32 || dtype == .float64, a.dtype == dtype, b.dtype == dtype else { return false }
        if let sa = a.linearStep, let sb = b.linearStep, out.isContiguousLayout {
            let size = dtype.itemSize
            vectorBinary(code, dtype, UnsafeRawPointer(a.storage.address) + a.offset * size, sa,
                         UnsafeRawPointer(b.storage.address) + b.offset * size, sb,
                         out.storage.address + out.offset * size, out.count)
            return true
        }
        // Strided or broadcast: coalesce dims; when the innermost run is contiguous or a
        // scalar for every operand, each run is one kernel call.
        if out.shape.contains(0) { return true }
        let plan = LoopPlan(shape: out.shape, strides: [a.strides, b.strides, out.strides])
        guard let inner = plan.shape.last else { return false }
        let last = plan.shape.count - 1
        let ia = plan.strides[0][last], ib = plan.strides[1][last]
        guard plan.strides[2][last] == 1, ia == 0 || ia == 1, ib == 0 || ib == 1, inner >= 8 else { return false }
        let outer = Array(plan.shape.dropLast())
        let sa = Array(plan.strides[0].dropLast()), sb = Array(plan.strides[1].dropLast())
        let sc = Array(plan.strides[2].dropLast())
        if dtype == .float32 {
            let p = a.pointer(Float.self), q = b.pointer(Float.self), d = out.pointer(Float.self)
            forEachOffset(outer, sa, a.offset, sb, b.offset, sc, out.offset) { i, j, k in
                ember_vbinary_f32(code, p + i, ia, q + j, ib, d + k, inner)
            }
        } else {
            let p = a.pointer(Double.self), q = b.pointer(Double.self), d = out.pointer(Double.self)
            forEachOffset(outer, sa, a.offset, sb, b.offset, sc, out.offset) { i, j, k in
                ember_vbinary_f64(code, p + i, ia, q + j, ib, d + k, inner)
            }
        }
        return true
    }

    /// float32 exp, log, tanh, sigmoid and relu of contiguous data through the C vector math.
    func fastUnary(_ op: UnaryOp, _ x: StridedView, _ out: StridedView) -> Bool {
        guard x.dtype == .float32, out.dtype == .float32 else { return false }
        let fn: Int32
        switch op {
        case .exp: fn = Int32(EMBER_VFN_EXP)
        case .log: fn = Int32(EMBER_VFN_LOG)
        case .tanh: fn = Int32(EMBER_VFN_TANH)
        case .sigmoid: fn = Int32(EMBER_VFN_SIGMOID)
        case .relu: fn = Int32(EMBER_VFN_RELU)
        default: return false
        }
        guard x.isContiguousLayout, out.isContiguousLayout else { return false }
        let s = x.pointer(Float.self) + x.offset, d = out.pointer(Float.self) + out.offset
        parallelChunks(x.count, grain: elementwiseGrain / 4) { start, c in ember_vunary_f32(fn, s + start, d + start, c) }
        return true
    }

    /// ReLU's backward on float32 contiguous data: `y <= 0 ? 0 : g`, one pass, no mask tensor.
    func fastReluBackward(_ g: StridedView, _ y: StridedView, _ out: StridedView) -> Bool {
        guard g.dtype == .float32, y.dtype == .float32, g.shape == y.shape, g.isContiguousLayout,
              y.isContiguousLayout, out.isContiguousLayout else { return false }
        let gp = g.pointer(Float.self) + g.offset, yp = y.pointer(Float.self) + y.offset
        let d = out.pointer(Float.self) + out.offset
        parallelChunks(g.count) { start, c in ember_vrelu_grad_f32(gp + start, yp + start, d + start, c) }
        return true
    }

    /// Same-dtype copies between contiguous layouts: one memmove per chunk.
    func fastCopy(_ src: StridedView, _ dst: StridedView) -> Bool {
        guard src.dtype == dst.dtype, src.isContiguousLayout, dst.isContiguousLayout else { return false }
        let size = src.dtype.itemSize, n = dst.count
        let s = UnsafeRawPointer(src.storage.address) + src.offset * size
        let d = dst.storage.address + dst.offset * size
        if s == UnsafeRawPointer(d) || n == 0 { return true }
        if src.storage === dst.storage { memmove(d, s, n * size); return true }
        parallelChunks(n, grain: elementwiseGrain * 4 / size) { start, c in
            memcpy(d + start * size, s + start * size, c * size)
        }
        return true
    }

    /// float32/float64 sums over trailing dims of contiguous data: blocks of `sumBlock`
    /// elements are summed in double by the C kernel, then added in block order.
    func fastSum(_ x: StridedView, _ dims: [Int], _ out: StridedView) -> Bool {
        guard x.dtype == .float32 || x.dtype == .float64, out.dtype == x.dtype,
              !dims.isEmpty, x.isContiguousLayout, out.isContiguousLayout else { return false }
        let n = x.shape.count
        for (k, d) in dims.enumerated() where d != n - dims.count + k { return fastOuterSum(x, dims, out) }
        var rowLength = 1
        for d in dims { rowLength *= x.shape[d] }
        let total = x.count
        if rowLength == 0 || total == 0 { return false }
        let rows = total / rowLength
        let isFloat = x.dtype == .float32
        let base = UnsafeRawPointer(x.storage.address) + x.offset * x.dtype.itemSize
        @inline(__always) func blockSum(_ start: Int, _ count: Int) -> Double {
            isFloat ? ember_vsum_f32(base.assumingMemoryBound(to: Float.self) + start, count)
                    : ember_vsum_f64(base.assumingMemoryBound(to: Double.self) + start, count)
        }
        @inline(__always) func store(_ r: Int, _ v: Double) {
            if isFloat { (out.pointer(Float.self) + out.offset)[r] = Float(v) }
            else { (out.pointer(Double.self) + out.offset)[r] = v }
        }
        @inline(__always) func rowSum(_ r: Int) -> Double {
            var acc = 0.0, start = 0
            while start < rowLength {
                let c = Swift.min(sumBlock, rowLength - start)
                acc += blockSum(r * rowLength + start, c)
                start += c
            }
            return acc
        }
        if rows == 1 {
            let blocks = (rowLength + sumBlock - 1) / sumBlock
            if blocks < 4 { store(0, rowSum(0)); return true }
            let partials = UnsafeMutablePointer<Double>.allocate(capacity: blocks)
            defer { partials.deallocate() }
            // Several blocks per task keeps the task count modest; partials add in block order.
            parallelChunks(blocks, grain: 4) { first, c in
                for k in first..<(first + c) {
                    partials[k] = blockSum(k * sumBlock, Swift.min(sumBlock, rowLength - k * sumBlock))
                }
            }
            var acc = 0.0
            for k in 0..<blocks { acc += partials[k] }
            store(0, acc)
            return true
        }
        let rowsPerTask = Swift.max(1, elementwiseGrain / rowLength)
        parallelChunks(rows, grain: rowsPerTask) { first, c in
            for r in first..<(first + c) { store(r, rowSum(r)) }
        }
        return true
    }
}

/// Which variant of the C vector math runs: 2 AVX-512, 1 AVX2+FMA, 0 portable. Tests lower
/// it to check every variant on one machine.
package enum VectorMath {
    package static var level: Int {
        get { Int(ember_vmath_level()) }
        set { _ = ember_vmath_set_level(Int32(newValue)) }
    }
    /// `fn` ("exp", "log", "tanh", "sigmoid", "relu") of `x` by one variant, on this thread only.
    package static func unary(_ fn: String, _ x: [Float], level: Int) -> [Float] {
        let code: Int32
        switch fn {
        case "exp": code = Int32(EMBER_VFN_EXP)
        case "log": code = Int32(EMBER_VFN_LOG)
        case "tanh": code = Int32(EMBER_VFN_TANH)
        case "relu": code = Int32(EMBER_VFN_RELU)
        default: code = Int32(EMBER_VFN_SIGMOID)
        }
        var out = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                ember_vunary_f32_at(Int32(level), code, src.baseAddress, dst.baseAddress, x.count)
            }
        }
        return out
    }

    /// The best variant this CPU supports.
    package static var detectedLevel: Int {
        ember_cpu_has_avx512() != 0 ? 2 : (ember_cpu_has_avx2_fma() != 0 ? 1 : 0)
    }
}
