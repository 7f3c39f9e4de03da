import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

/// Exports a function, writes its inputs and Ember's eager outputs as npz pairs, and runs
/// onnx.checker + onnxruntime over them (the math family's harness).
enum MathONNXCheck {
    /// Exports `f` (inputs `x0`, `x1`, …; outputs `y0`, `y1`, …) at every opset in `opsets`,
    /// with axis 0 of the inputs in `batched` (default: all) dynamic as "batch", then checks
    /// every input set (the first is the export example) against eager Ember. Returns the
    /// checker's report of the last opset.
    @discardableResult
    static func run(_ inputs: [[Tensor]], module: Module? = nil, opsets: [Int] = [17, 18], batched: [Int]? = nil,
                    rtol: Double = 1e-4, atol: Double = 1e-5, sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: @escaping ([Tensor]) -> [Tensor]) throws -> String {
        try ONNXPython.exportAndCheck(
            inputs, module: module, opsets: opsets, inputNames: inputs[0].indices.map { "x\($0)" }, outputNames: { "y\($0)" },
            dynamicAxes: { inNames, _ in
                var axes: [String: [Int: String]] = [:]
                for i in batched ?? Array(inputs[0].indices) { axes[inNames[i]] = [0: "batch"] }
                return axes
            }, rtol: rtol, atol: atol, sourceLocation: sourceLocation, f)
    }

    /// The `ops:` line of a report.
    static func ops(_ report: String) -> String { ONNXPython.ops(report) }
}

/// The math family through onnxruntime, at two batch sizes through a dynamic axis, at
/// opsets 17 and 18 (where Reduce* axes move from attribute to input) and 20 for Gelu.
@Suite(.onnxRuntime) struct MathONNXTests {
    static func randn(_ shape: Int...) -> Tensor { Tensor.randn(shape) }
    /// Nonzero integers of both signs, |v| ≤ 3.
    static func signedDivisors(_ shape: [Int]) -> Tensor {
        Tensor.randint(1, 4, shape) * (Tensor.randint(0, 2, shape) * 2 - 1)
    }

    @Test func floatArithmetic() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(21)
        let r = try MathONNXCheck.run([[Self.randn(2, 3), Self.randn(2, 3)], [Self.randn(5, 3), Self.randn(5, 3)]]) { xs in
            let (x, y) = (xs[0], xs[1])
            return [x + y, x - y, x * y, x / y, x ** 2, x.add(y, alpha: 2), 2 - x, 3.0 / x, 0.5 * x, 2 ** x, x % 0.7,
                    x % y, floorDivide(x, y), x.div(y, roundingMode: "trunc"), -x, x.sub(y, alpha: 0.5), maximum(x, y),
                    minimum(x, y), x * x.size(0)]
        }
        #expect(MathONNXCheck.ops(r).contains("Mod"))
    }

    @Test func integerArithmetic() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(22)
        let sets = [[Tensor.randint(-9, 10, [2, 4]), Self.signedDivisors([2, 4])],
                    [Tensor.randint(-9, 10, [5, 4]), Self.signedDivisors([5, 4])]]
        try MathONNXCheck.run(sets) { xs in
            let (x, y) = (xs[0], xs[1])
            return [x + 2, x * 2.5, x / y, floorDivide(x, y), x % y, x ** 2, x.div(y, roundingMode: "trunc"), -x, x - y,
                    maximum(x, y)]
        }
    }

    @Test func comparisonsAndSelection() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(23)
        let i = Tensor.randint(-2, 3, [2, 4]), i2 = Tensor.randint(-2, 3, [3, 4])
        try MathONNXCheck.run([[Self.randn(2, 4), Self.randn(2, 4), i], [Self.randn(3, 4), Self.randn(3, 4), i2]]) { xs in
            let (x, y, k) = (xs[0], xs[1], xs[2])
            let m = x .> y, n = x .< 0.5
            return [x .== y, x .!= y, x .< y, x .<= 0, x .> 1, x .>= y, k .== 1, k .< x, m .& n, m .| n, m .^ n, .!m,
                    logicalAnd(k, x), x.isnan(), (x / 0).isfinite(), k.isnan(), Tensor.where(m, x, y), Tensor.where(n, x, 0.0),
                    Tensor.where(m, k, 2), x.clamp(min: -0.5, max: 0.5), x.clamp(max: 0.2), k.clamp(min: 0),
                    x.maskedFill(x .> 1, -1.0), x.maskedFill(y .> 0, Tensor(7.0)), k.maskedFill(m, 5)]
        }
    }

    @Test func unaryMath() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(24)
        let positive = [[Tensor.rand([2, 3]) * 4 + 0.1], [Tensor.rand([5, 3]) * 4 + 0.1]]
        try MathONNXCheck.run(positive) { xs in
            let x = xs[0]
            return [x.sqrt(), x.rsqrt(), x.log(), x.log1p(), x.exp()]
        }
        let signed = [[Self.randn(2, 3) * 3], [Self.randn(5, 3) * 3]]
        try MathONNXCheck.run(signed) { xs in
            let x = xs[0]
            return [x.sin(), x.cos(), x.tan(), x.tanh(), x.sigmoid(), x.relu(), x.gelu(), x.erf(), x.softplus(), x.abs(),
                    x.sign(), x.floor(), x.ceil(), x.round(), x.trunc()]
        }
        let ints = [[Tensor.randint(-4, 5, [2, 3])], [Tensor.randint(-4, 5, [4, 3])]]
        try MathONNXCheck.run(ints, opsets: [18]) { xs in
            [xs[0].exp(), xs[0].abs(), xs[0].relu(), xs[0].floor(), xs[0].sign(), xs[0].sqrt()]
        }
    }

    @Test func activations() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(25)
        let prelu = PReLU(numParameters: 3)
        let model = Sequential(LeakyReLU(negativeSlope: 0.2), SiLU(), ELU(alpha: 0.5), Hardtanh(minVal: -0.3, maxVal: 0.4),
                               Mish(), Softplus(beta: 2, threshold: 1), prelu, Softmax(dim: 1), LogSoftmax(dim: -1))
        let sets = [[Self.randn(2, 3, 4)], [Self.randn(5, 3, 4)]]
        let r = try MathONNXCheck.run(sets, module: model) { xs in [model(xs[0])] }
        #expect(MathONNXCheck.ops(r).contains("Mish"))
        let w = Tensor([0.1, 0.2, 0.3], dtype: .float32)
        let g = try MathONNXCheck.run(sets, opsets: [17, 18, 20]) { xs in
            [gelu(xs[0], approximate: "tanh"), gelu(xs[0], approximate: "none"), EmberNN.prelu(xs[0], w),
             softplus(xs[0], threshold: 0.5), PReLU()(xs[0])]
        }
        #expect(MathONNXCheck.ops(g).contains("Gelu"))
    }

    @Test func reductions() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(26)
        try MathONNXCheck.run([[Self.randn(2, 3, 4)], [Self.randn(5, 3, 4)]]) { xs in
            let x = xs[0]
            let mx = x.max(dim: 1), mn = x.min(dim: -1, keepdim: true)
            return [x.sum(), x.sum(dim: 1), x.sum(dim: [0, 2], keepdim: true), x.mean(), x.mean(dim: -1, keepdim: true),
                    (x * 0.5 + 1).prod(), x.prod(dim: 2), x.max(), x.min(), mx.values, mx.indices, mn.values, mn.indices,
                    x.argmax(), x.argmin(dim: 1), x.argmax(dim: 2, keepdim: true), (x .> 0).all(dim: 1), (x .> 1).any(),
                    x.var(dim: 0), x.std(dim: 1, unbiased: false, keepdim: true), x.var(), x.std(dim: 2),
                    x.logsumexp(dim: 2), x.logsumexp(dim: 0, keepdim: true), x.norm(), x.norm(p: 1, dim: 2),
                    x.norm(p: 3, dim: 0, keepdim: true), x.norm(p: .infinity, dim: 1), x.norm(p: 0, dim: 1),
                    x.cumsum(dim: 1), x.softmax(dim: 0), x.logSoftmax(dim: 2)]
        }
        let ints = [[Tensor.randint(-5, 9, [2, 3], dtype: .int32)], [Tensor.randint(-5, 9, [4, 3], dtype: .int32)]]
        try MathONNXCheck.run(ints) { xs in
            [xs[0].sum(dim: 1), xs[0].sum(dtype: .float64), xs[0].cumsum(dim: 0), xs[0].max(dim: 1).indices,
             xs[0].softmax(dim: 1), xs[0].any(dim: 0)]
        }
    }

    @Test func matrixProducts() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(27)
        let w = Self.randn(4, 5), v = Self.randn(4), b = Self.randn(5)
        let sets = [[Self.randn(2, 3, 4), Self.randn(2, 4), Self.randn(2, 4, 2)],
                    [Self.randn(6, 3, 4), Self.randn(6, 4), Self.randn(6, 4, 2)]]
        let r = try MathONNXCheck.run(sets) { xs in
            let (x, m) = (xs[0], xs[1])
            return [matmul(x, w), x.matmul(v), bmm(x, xs[2]), mm(m, w), mv(m, v), dot(v, v), outer(v, b),
                    addmm(b, m, w), addmm(b, m, w, beta: 0.5, alpha: 2)]
        }
        #expect(MathONNXCheck.ops(r).contains("Gemm"))
    }

    @Test func inPlaceOps() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(28)
        try MathONNXCheck.run([[Self.randn(2, 3), Self.randn(2, 3)], [Self.randn(4, 3), Self.randn(4, 3)]]) { xs in
            let y = xs[0] * 1
            y.add_(xs[1], alpha: 2)
            y.mul_(xs[1])
            y.sub_(0.5)
            y.div_(3)
            y.clamp_(min: -1)
            y += xs[0]
            y **= 2
            let z = xs[1] + 0
            z.fill_(2.5)
            let c = xs[1] * 0
            c.copy_(xs[0])
            return [y, z, c]
        }
    }

    @Test func gatherScatterAndIndexSelect() throws {
        try ONNXPython.requirePython()
        _ = manualSeed(29)
        let index = Tensor([[0, 2], [1, 0]]), rows = Tensor([2, 0]), source = Self.randn(2, 2)
        try MathONNXCheck.run([[Self.randn(2, 3)]], batched: []) { xs in
            let x = xs[0]
            return [x.gather(1, index), x.scatter(1, index, x * 10), x.scatter(1, index, value: 5.0), x.scatterAdd(1, index, x),
                    x.indexSelect(1, rows), x.indexSelect(0, Tensor(1)), x.indexAdd(1, rows, source),
                    x.indexAdd(0, Tensor([1, 1]), x, alpha: 2)]
        }
    }

    @Test func unsupportedFormsFailClearly() throws {
        let a = Tensor.randint(0, 5, [2, 3]), b = Tensor.randint(0, 5, [3, 2]), c = Tensor.randint(0, 5, [2])
        let program = try export({ xs in [addmm(xs[0], xs[1], xs[2])] }, args: [c, a, b])
        let error = #expect(throws: ONNXExportError.self) { try ONNX.model(program) }
        #expect(error?.message.contains("ONNX export of aten.addmm") == true)
        #expect(error?.message.contains("int64") == true)
    }
}
