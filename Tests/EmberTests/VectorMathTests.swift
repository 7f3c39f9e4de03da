#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Ember

/// The C vector math (exp, log, tanh, sigmoid in float32) against libm in double, rounded
/// to float: every variant this CPU has (AVX-512, AVX2+FMA, portable), over a dense sweep
/// of the float range and the edge cases.
@Suite(.serialized) struct VectorMathTests {
    /// Monotone integer image of a float, so ULP distance is a subtraction.
    static func ordinal(_ f: Float) -> Int64 {
        let i = Int32(bitPattern: f.bitPattern)
        return i < 0 ? Int64(Int32.min) - Int64(i) : Int64(i)
    }

    static let edges: [Float] = [0, -0, .infinity, -.infinity, .nan, 1, -1, 88.72283, 88.72284, 89, -87.33655,
                                 -87.4, -103.27893, -103.97, -104, -150, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                 0.625, -0.625, 0.62499994, 9, -9, 1e-8, -1e-8, 0.7071067, 1.0000001, 0.99999994]

    /// Every 16411th bit pattern (both signs, subnormals to NaN), plus the edges.
    static let sweep: [Float] = {
        var values = edges
        var bits: UInt64 = 0
        while bits < (1 << 32) { values.append(Float(bitPattern: UInt32(bits))); bits += 16411 }
        return values
    }()

    static func reference(_ name: String, _ x: Float) -> Float {
        let d = Double(x)
        switch name {
        case "exp": return Float(Glibc.exp(d))
        case "log": return Float(Glibc.log(d))
        case "tanh": return Float(Glibc.tanh(d))
        case "relu": return x < 0 ? 0 : x
        default: return Float(1 / (1 + Glibc.exp(-d)))
        }
    }

    static func apply(_ name: String, _ t: Tensor) -> Tensor {
        switch name {
        case "exp": t.exp()
        case "log": t.log()
        case "tanh": t.tanh()
        case "relu": t.relu()
        default: t.sigmoid()
        }
    }

    @Test(arguments: ["exp", "log", "tanh", "sigmoid", "relu"])
    func maxULPErrorOfEveryVariant(_ name: String) {
        for level in stride(from: VectorMath.detectedLevel, through: 0, by: -1) {
            let got = VectorMath.unary(name, VectorMathTests.sweep, level: level)
            var worst: Int64 = 0, worstAt: Float = 0
            for (x, y) in zip(VectorMathTests.sweep, got) {
                let want = VectorMathTests.reference(name, x)
                if want.isNaN { #expect(y.isNaN, "\(name)(\(x)) = \(y), want nan (level \(level))"); continue }
                let d = Swift.abs(VectorMathTests.ordinal(want) - VectorMathTests.ordinal(y))
                if d > worst { worst = d; worstAt = x }
            }
            #expect(worst <= 2, "\(name) level \(level): \(worst) ULP at \(worstAt)")
        }
    }

    @Test func tensorOpsUseTheKernels() {
        // Through Tensor ops (threaded chunks, tails) the results equal the kernel's own.
        let x = Array(VectorMathTests.sweep.prefix(200_003))
        let want = VectorMath.unary("exp", x, level: VectorMath.level)
        let got = Tensor(x).exp().toArray(Float.self)
        #expect(zip(want, got).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
    }

    @Test func edgeCasesAreExact() {
        let x = Tensor(VectorMathTests.edges)
        for name in ["exp", "log", "tanh", "sigmoid", "relu"] {
            let got = VectorMathTests.apply(name, x).toArray(Float.self)
            for (v, y) in zip(VectorMathTests.edges, got) where v.isInfinite || v == 0 || v.isNaN {
                let want = VectorMathTests.reference(name, v)
                if want.isNaN { #expect(y.isNaN, "\(name)(\(v))"); continue }
                #expect(y.bitPattern == want.bitPattern, "\(name)(\(v)) = \(y), want \(want)")
            }
        }
    }

    @Test func stridedInputsAgreeWithContiguous() {
        // A transposed view takes the generic loop; its results must match the kernel's
        // to within the same few ULP.
        let base = Tensor.randn(37, 19) * 4
        let t = base.T
        for name in ["exp", "log", "tanh", "sigmoid"] {
            let input = name == "log" ? t.abs() : t
            let strided = VectorMathTests.apply(name, input).toArray(Float.self)
            let contiguous = VectorMathTests.apply(name, input.contiguous()).toArray(Float.self)
            for (a, b) in zip(strided, contiguous) {
                #expect(Swift.abs(VectorMathTests.ordinal(a) - VectorMathTests.ordinal(b)) <= 3, "\(name): \(a) vs \(b)")
            }
        }
    }
}
