/// Element-offset iteration over strided operands, shared by every CPU kernel.
///
/// Dimensions of size 1 are dropped and adjacent dimensions that are contiguous for every
/// operand are merged, so the innermost loop is as long as the layouts allow.
struct LoopPlan {
    var shape: [Int]
    var strides: [[Int]]  // per operand

    init(shape: [Int], strides: [[Int]]) {
        var dims: [Int] = []
        for d in 0..<shape.count where shape[d] != 1 { dims.append(d) }
        var outShape: [Int] = []
        var outStrides = Array(repeating: [Int](), count: strides.count)
        for d in dims {
            if let last = outShape.last,
               strides.indices.allSatisfy({ outStrides[$0].last! == strides[$0][d] * shape[d] }) {
                outShape[outShape.count - 1] = last * shape[d]
                for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][d] }
            } else {
                outShape.append(shape[d])
                for k in strides.indices { outStrides[k].append(strides[k][d]) }
            }
        }
        self.shape = outShape
        self.strides = outStrides
    }
}

/// Calls `body(offsetA, offsetB)` for every index of `shape`.
@inline(__always)
func forEachOffset(_ shape: [Int], _ sa: [Int], _ oa: Int, _ sb: [Int], _ ob: Int,
                   _ body: (Int, Int) -> Void) {
    if shape.contains(0) { return }
    let plan = LoopPlan(shape: shape, strides: [sa, sb])
    let n = plan.shape.count
    if n == 0 { body(oa, ob); return }
    let inner = plan.shape[n - 1], ia = plan.strides[0][n - 1], ib = plan.strides[1][n - 1]
    var index = Array(repeating: 0, count: n)
    var a = oa, b = ob
    while true {
        var pa = a, pb = b
        for _ in 0..<inner { body(pa, pb); pa += ia; pb += ib }
        var d = n - 2
        while d >= 0 {
            index[d] += 1
            a += plan.strides[0][d]; b += plan.strides[1][d]
            if index[d] < plan.shape[d] { break }
            a -= plan.strides[0][d] * plan.shape[d]; b -= plan.strides[1][d] * plan.shape[d]
            index[d] = 0
            d -= 1
        }
        if d < 0 { return }
    }
}

/// Calls `body(offsetA, offsetB, offsetC)` for every index of `shape`.
@inline(__always)
func forEachOffset(_ shape: [Int], _ sa: [Int], _ oa: Int, _ sb: [Int], _ ob: Int,
                   _ sc: [Int], _ oc: Int, _ body: (Int, Int, Int) -> Void) {
    if shape.contains(0) { return }
    let plan = LoopPlan(shape: shape, strides: [sa, sb, sc])
    let n = plan.shape.count
    if n == 0 { body(oa, ob, oc); return }
    let inner = plan.shape[n - 1]
    let ia = plan.strides[0][n - 1], ib = plan.strides[1][n - 1], ic = plan.strides[2][n - 1]
    var index = Array(repeating: 0, count: n)
    var a = oa, b = ob, c = oc
    while true {
        var pa = a, pb = b, pc = c
        for _ in 0..<inner { body(pa, pb, pc); pa += ia; pb += ib; pc += ic }
        var d = n - 2
        while d >= 0 {
            index[d] += 1
            a += plan.strides[0][d]; b += plan.strides[1][d]; c += plan.strides[2][d]
            if index[d] < plan.shape[d] { break }
            a -= plan.strides[0][d] * plan.shape[d]
            b -= plan.strides[1][d] * plan.shape[d]
            c -= plan.strides[2][d] * plan.shape[d]
            index[d] = 0
            d -= 1
        }
        if d < 0 { return }
    }
}

/// Calls `body(offset)` for every index of one strided operand.
@inline(__always)
func forEachOffset(_ shape: [Int], _ s: [Int], _ o: Int, _ body: (Int) -> Void) {
    forEachOffset(shape, s, o, s, o) { a, _ in body(a) }
}

extension StridedView {
    /// The typed base pointer of the storage (CPU only).
    @inline(__always)
    func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.address.assumingMemoryBound(to: T.self)
    }
}
