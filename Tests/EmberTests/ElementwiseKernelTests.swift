import Testing
@testable import Ember

/// The CPU fast paths (C kernels for contiguous and scalar operands, inner-run dispatch for
/// strided ones, threaded chunks) against plain per-element references.
@Suite(.serialized) struct ElementwiseKernelTests {
    static let sizes = [0, 1, 15, 17, 1000]

    static func values(_ n: Int, seed: Int) -> [Double] {
        (0..<n).map { i in Double(((i * 7919 + seed * 104_729) % 2001) - 1000) / 64 + (seed.isMultiple(of: 2) ? 0.5 : 0.25) }
    }

    static func reference(_ op: String, _ x: Double, _ y: Double) -> Double {
        switch op {
        case "+": x + y
        case "-": x - y
        case "*": x * y
        default: x / y
        }
    }

    static func apply(_ op: String, _ a: Tensor, _ b: Tensor) -> Tensor {
        switch op {
        case "+": a + b
        case "-": a - b
        case "*": a * b
        default: a / b
        }
    }

    @Test(arguments: [DType.float32, .float64, .float16, .int32, .int64, .uint8])
    func contiguousBinaryOpsMatchTheReference(_ dtype: DType) {
        for n in ElementwiseKernelTests.sizes {
            let xs = ElementwiseKernelTests.values(n, seed: 1), ys = ElementwiseKernelTests.values(n, seed: 2)
            let a = Tensor(xs).to(dtype), b = Tensor(ys).to(dtype)
            let ax = a.toArray(Double.self), bx = b.toArray(Double.self)
            for op in ["+", "-", "*", "/"] {
                let got = ElementwiseKernelTests.apply(op, a, b)
                #expect(got.shape == [n])
                let outType = got.dtype
                for (i, v) in got.toArray(Double.self).enumerated() where !(op == "/" && bx[i] == 0) {
                    let exact = ElementwiseKernelTests.reference(op, ax[i], bx[i])
                    let want = Tensor([exact]).to(.float64).to(outType).toArray(Double.self)[0]
                    if dtype.isFloatingPoint || op == "/" {
                        #expect(Swift.abs(v - want) <= 1e-3 * Swift.max(1, Swift.abs(want)), "\(dtype) \(op) at \(i): \(v) vs \(want)")
                    } else if op != "/" {
                        #expect(v == want || outType == .uint8, "\(dtype) \(op) at \(i): \(v) vs \(want)")
                    }
                }
            }
        }
    }

    @Test func float32KernelsAreExactlyIEEE() {
        // The C kernels compute each element with one IEEE operation, as the scalar code does.
        let n = 1037
        let xs = ElementwiseKernelTests.values(n, seed: 3).map(Float.init)
        let ys = ElementwiseKernelTests.values(n, seed: 4).map(Float.init)
        let a = Tensor(xs), b = Tensor(ys)
        #expect((a + b).toArray(Float.self) == zip(xs, ys).map { $0 + $1 })
        #expect((a - b).toArray(Float.self) == zip(xs, ys).map { $0 - $1 })
        #expect((a * b).toArray(Float.self) == zip(xs, ys).map { $0 * $1 })
        #expect((a / b).toArray(Float.self) == zip(xs, ys).map { $0 / $1 })
        #expect((a + 2.5).toArray(Float.self) == xs.map { $0 + 2.5 })
        #expect((2.5 - a).toArray(Float.self) == xs.map { 2.5 - $0 })
        #expect((a / Tensor(Float(3))).toArray(Float.self) == xs.map { $0 / 3 })
    }

    @Test func denseShortPathWithSwiftNumbers() {
        // Dense same-shape operands, and a Swift number on either side, take the short path
        // (CPUBackend.denseBinary): one IEEE operation after the number is converted to the
        // tensor's dtype, as the general path does.
        let f = ElementwiseKernelTests.values(37, seed: 9).map(Float.init)
        let a = Tensor(f).reshape(37, 1)
        #expect((a * 3).toArray(Float.self) == f.map { $0 * 3 })
        #expect((3 - a).toArray(Float.self) == f.map { 3 - $0 })
        #expect((a / 0.1).toArray(Float.self) == f.map { $0 / Float(0.1) })
        #expect((a * 3).shape == [37, 1] && (a * 3).stride() == [1, 1] && (a * 3).dtype == .float32)
        let d = a.to(.float64) * 1.1
        let dv = d.toArray(Double.self)
        #expect((d - 0.1).toArray(Double.self) == dv.map { $0 - 0.1 })
        #expect((7 / d).toArray(Double.self) == dv.map { 7 / $0 })
        #expect((d * d).toArray(Double.self) == dv.map { $0 * $0 })
        let s = Tensor(Float(2.5))
        #expect((s * s).item() == 6.25 && (s * s).shape == [])
        // Same values in another layout go the general way and agree.
        let wide = Tensor(f + f).reshape(2, 37)
        let t = wide.T.contiguous().T
        #expect((t + wide).toArray(Float.self) == (wide + wide).toArray(Float.self))
        // Results are new storage: writing one leaves the operands alone.
        let r = a + a
        r.zero_()
        #expect(a.toArray(Float.self) == f)
    }

    @Test(arguments: [DType.float32, .float64, .int64])
    func stridedAndBroadcastOperands(_ dtype: DType) {
        let m = Tensor(ElementwiseKernelTests.values(17 * 33, seed: 5)).to(dtype).reshape(17, 33)
        let row = Tensor(ElementwiseKernelTests.values(33, seed: 6)).to(dtype)
        let col = Tensor(ElementwiseKernelTests.values(17, seed: 7)).to(dtype).reshape(17, 1)
        let mv = m.toArray(Double.self), rv = row.toArray(Double.self), cv = col.toArray(Double.self)
        func check(_ t: Tensor, _ f: (Int, Int) -> Double, _ label: String) {
            let got = t.toArray(Double.self)
            #expect(t.shape == [17, 33])
            for i in 0..<17 { for j in 0..<33 {
                let want = f(i, j)
                #expect(Swift.abs(got[i * 33 + j] - want) <= 1e-4 * Swift.max(1, Swift.abs(want)), "\(label) [\(i), \(j)]")
            } }
        }
        check(m + row, { mv[$0 * 33 + $1] + rv[$1] }, "m + row")
        check(row * m, { rv[$1] * mv[$0 * 33 + $1] }, "row * m")
        check(m - col, { mv[$0 * 33 + $1] - cv[$0] }, "m - col")
        check(col + row, { cv[$0] + rv[$1] }, "col + row")
        let t = m.T.contiguous().T  // same values, column-major layout
        check(t * m, { mv[$0 * 33 + $1] * mv[$0 * 33 + $1] }, "t * m")
        check(t + row, { mv[$0 * 33 + $1] + rv[$1] }, "t + row")
        let sliced = Tensor(ElementwiseKernelTests.values(17 * 66, seed: 5)).to(dtype).reshape(17, 66)[.all, Tensor.arange(0, 66, step: 2)]
        let sv = sliced.toArray(Double.self)
        check(sliced + m, { sv[$0 * 33 + $1] + mv[$0 * 33 + $1] }, "sliced + m")
    }

    @Test func copiesAndConversions() {
        let m = Tensor(ElementwiseKernelTests.values(15 * 17, seed: 8)).reshape(15, 17)
        let c = Tensor.zeros(15, 17)
        c.copy_(m)
        #expect(c.toArray(Float.self) == m.toArray(Float.self))
        c.copy_(m.T.contiguous().T)
        #expect(c.toArray(Float.self) == m.toArray(Float.self))
        let d = m.to(.float64)
        #expect(d.toArray(Double.self) == m.toArray(Float.self).map(Double.init))
        let ints = m.to(.int32)
        #expect(ints.toArray(Int32.self) == m.toArray(Float.self).map { Int32($0) })
        let e = Tensor.zeros(0)
        e.copy_(Tensor.ones(0))
        #expect(e.count == 0)
        // An overlapping copy reads before it writes.
        let r = Tensor.arange(10).to(.float32)
        r[1...].copy_(r[..<9])
        #expect(r.toArray(Float.self) == [0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func largeSumsAreAccurate() {
        let n = 1 << 24
        #expect(Tensor.ones(n).sum().item() == Double(n))
        let tenth = Tensor.full([n], Float(0.1))
        let want = Double(n) * Double(Float(0.1))
        #expect(Swift.abs(tenth.sum().item() - want) <= 1e-7 * want)
        let d = Tensor.full([n + 3], 0.1, dtype: .float64)
        #expect(Swift.abs(d.sum().item() - Double(n + 3) * 0.1) <= 1e-9 * Double(n))
        // Rows of a matrix sum over their trailing dim.
        let m = Tensor.ones(300, 1001)
        #expect(m.sum(dim: 1).toArray(Float.self) == Array(repeating: 1001, count: 300))
        #expect(m.mean(dim: [0, 1]).item() == 1)
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        let x = Tensor.randn(1_000_003) * 3
        func run() -> ([UInt32], [UInt32], UInt32, UInt64) {
            let e = x.exp().toArray(Float.self).map(\.bitPattern)
            let a = (x + 1.5).toArray(Float.self).map(\.bitPattern)
            let s = x.sum().item(Float.self).bitPattern
            let d = x.to(.float64).sum().item(Double.self).bitPattern
            return (e, a, s, d)
        }
        setNumThreads(1)
        let one = run()
        setNumThreads(2)
        let two = run()
        // Compared as Bools: a failing array comparison would print millions of elements.
        let sameExp = one.0 == two.0, sameAdd = one.1 == two.1
        #expect(sameExp)
        #expect(sameAdd)
        #expect(one.2 == two.2)
        #expect(one.3 == two.3)
    }
}
