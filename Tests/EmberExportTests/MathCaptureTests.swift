import Ember
import EmberExport
import EmberNN
import Foundation
import Testing

/// Capture of the math family: each op is one node with its aten target (Swift numbers kept
/// as numbers), and replaying the program, at another batch size through a dynamic dim,
/// equals eager bit for bit in values and dtype.
@Suite struct MathCaptureTests {
    /// Same shape, dtype and values (NaN equal to NaN).
    static func same(_ a: Tensor, _ b: Tensor) -> Bool {
        guard a.shape == b.shape, a.dtype == b.dtype else { return false }
        let x = a.to(.float64).toArray(Double.self), y = b.to(.float64).toArray(Double.self)
        return zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    /// Exports `f` over `inputs[0]` with dim 0 of the inputs in `batched` (default: all)
    /// dynamic, checks the targets, then replays every input set against eager.
    @discardableResult
    static func check(_ inputs: [[Tensor]], module: Module? = nil, batched: [Int]? = nil, targets expected: [String],
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: @escaping ([Tensor]) -> [Tensor]) throws -> ExportedProgram {
        let dynamic = batched ?? Array(inputs[0].indices)
        let shapes: [[Int: Dim]] = inputs[0].indices.map { dynamic.contains($0) ? [0: Dim("batch")] : [:] }
        let program = try export(f, args: inputs[0], module: module, dynamicShapes: shapes)
        #expect(program.graph.nodes.map(\.target) == expected, sourceLocation: sourceLocation)
        for xs in inputs {
            let eager = noGrad { f(xs) }
            let replayed = noGrad { program.run(xs) }
            #expect(eager.count == replayed.count, sourceLocation: sourceLocation)
            for (i, (e, r)) in zip(eager, replayed).enumerated() {
                #expect(same(e, r), "output \(i) differs from eager at input shape \(xs[0].shape)", sourceLocation: sourceLocation)
            }
        }
        return program
    }

    static func randn(_ shape: Int...) -> Tensor { Tensor.randn(shape) }

    @Test func arithmeticWithTensorsAndNumbers() throws {
        _ = manualSeed(1)
        let p = try Self.check([[Self.randn(2, 3), Self.randn(2, 3)], [Self.randn(5, 3), Self.randn(5, 3)]],
                               targets: ["aten.add", "aten.sub", "aten.mul", "aten.div", "aten.pow", "aten.add", "aten.sub",
                                         "aten.div", "aten.mul", "aten.pow", "aten.remainder", "aten.div", "aten.div",
                                         "aten.neg", "aten.sub", "aten.abs", "aten.pow"]) { xs in
            let (x, y) = (xs[0], xs[1])
            return [x + y, x - y, x * y, x / y, x ** 2, x.add(y, alpha: 2), 2 - x, 3.0 / x, 0.5 * x, 2 ** x,
                    x % 0.7, floorDivide(x, y), x.div(y, roundingMode: "trunc"), -x, x.sub(y, alpha: 0.5), x.pow(y.abs())]
        }
        // Numbers stay numbers, in the order the op received them; alpha only when not 1.
        let nodes = p.graph.nodes
        #expect(nodes[4].arguments[1] == .int(2))
        #expect(nodes[5].arguments.count == 3 && nodes[5].arguments[2] == .double(2))
        #expect(nodes[6].arguments[0] == .int(2))
        #expect(nodes[7].arguments[0] == .double(3))
        #expect(nodes[11].arguments.last == .string("floor"))
        #expect(p.graph.inputs.allSatisfy { $0.kind != .constant })
    }

    @Test func integerPromotionIsKept() throws {
        _ = manualSeed(2)
        let a = Tensor.randint(-5, 6, [2, 3]), b = Tensor.randint(1, 4, [2, 3])
        let a2 = Tensor.randint(-5, 6, [4, 3]), b2 = Tensor.randint(1, 4, [4, 3])
        let p = try Self.check([[a, b], [a2, b2]],
                               targets: ["aten.add", "aten.mul", "aten.div", "aten.div", "aten.remainder", "aten.pow"]) { xs in
            let (x, y) = (xs[0], xs[1])
            return [x + 2, x * 2.5, x / y, floorDivide(x, y), x % y, x ** 2]
        }
        #expect(p.graph.values[p.graph.nodes[0].outputs[0]].dtype == .int64)
        #expect(p.graph.values[p.graph.nodes[1].outputs[0]].dtype == .float32)
    }

    @Test func comparisonsAndSelection() throws {
        _ = manualSeed(3)
        try Self.check([[Self.randn(2, 4), Self.randn(2, 4)], [Self.randn(3, 4), Self.randn(3, 4)]],
                       targets: ["aten.gt", "aten.lt", "aten.eq", "aten.ne", "aten.lt", "aten.le", "aten.gt", "aten.ge",
                                 "aten.logical_and", "aten.logical_or", "aten.logical_xor", "aten.logical_not",
                                 "aten.isnan", "aten.isfinite", "aten.where", "aten.where", "aten.clamp", "aten.clamp",
                                 "aten.maximum", "aten.minimum", "aten.gt", "aten.masked_fill", "aten.gt", "aten.masked_fill"]) { xs in
            let (x, y) = (xs[0], xs[1])
            let m = x .> y, n = x .< 0.5
            return [x .== y, x .!= y, x .< y, x .<= 0, x .> 1, x .>= y, m, n, m .& n, m .| n, m .^ n, .!m,
                    x.isnan(), x.isfinite(), Tensor.where(m, x, y), Tensor.where(n, x, 0.0), x.clamp(min: -0.5, max: 0.5),
                    x.clamp(max: 0.2), maximum(x, y), minimum(x, y), x.maskedFill(x .> 1, -1.0),
                    x.maskedFill(y .> 0, Tensor(7.0))]
        }
    }

    @Test func unaryMath() throws {
        _ = manualSeed(4)
        let names = ["sqrt", "rsqrt", "exp", "log", "log1p", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "gelu", "erf",
                     "softplus", "abs", "sign", "floor", "ceil", "round", "trunc"]
        try Self.check([[Tensor.rand([2, 3]) * 4], [Tensor.rand([3, 3]) * 4]], targets: names.map { "aten.\($0)" }) { xs in
            let x = xs[0]
            return [x.sqrt(), x.rsqrt(), x.exp(), x.log(), x.log1p(), x.sin(), x.cos(), x.tan(), x.tanh(), x.sigmoid(),
                    x.relu(), x.gelu(), x.erf(), x.softplus(), x.abs(), x.sign(), x.floor(), x.ceil(), x.round(), x.trunc()]
        }
        // Integer input to a float-only op: int64 in, float32 out, as eager.
        let i = Tensor.randint(0, 5, [2, 3])
        try Self.check([[i], [Tensor.randint(0, 5, [4, 3])]], targets: ["aten.exp", "aten.abs"]) { xs in [xs[0].exp(), xs[0].abs()] }
    }

    @Test func activationFunctionsAndModules() throws {
        _ = manualSeed(5)
        let prelu = PReLU(numParameters: 3)
        let model = Sequential(ReLU(), LeakyReLU(negativeSlope: 0.2), GELU(approximate: "tanh"), SiLU(), ELU(alpha: 0.5),
                               Hardtanh(minVal: -0.3, maxVal: 0.4), Mish(), Softplus(beta: 2, threshold: 1), prelu,
                               Sigmoid(), Tanh(), Softmax(dim: 1), LogSoftmax(dim: -1))
        try Self.check([[Self.randn(2, 3)], [Self.randn(4, 3)]], module: model,
                       targets: ["aten.relu", "aten.leaky_relu", "aten.gelu", "aten.silu", "aten.elu", "aten.hardtanh",
                                 "aten.mish", "aten.softplus", "aten.prelu", "aten.sigmoid", "aten.tanh", "aten.softmax",
                                 "aten.log_softmax"]) { xs in [model(xs[0])] }
        try Self.check([[Self.randn(2, 3, 4)], [Self.randn(3, 3, 4)]],
                       targets: ["aten.gelu", "aten.gelu", "aten.softplus", "aten.leaky_relu", "aten.prelu"]) { xs in
            [gelu(xs[0], approximate: "none"), gelu(xs[0]), softplus(xs[0], threshold: 0.5), leakyRelu(xs[0]),
             EmberNN.prelu(xs[0], Tensor([0.1, 0.2, 0.3], dtype: .float32))]
        }
    }

    @Test func reductions() throws {
        _ = manualSeed(6)
        let p = try Self.check([[Self.randn(2, 3, 4)], [Self.randn(5, 3, 4)]],
                               targets: ["aten.max", "aten.min", "aten.sum", "aten.sum", "aten.sum", "aten.mean", "aten.mean",
                                         "aten.prod", "aten.prod", "aten.max", "aten.min", "aten.argmax", "aten.argmin",
                                         "aten.argmax", "aten.gt", "aten.all", "aten.gt", "aten.any", "aten.var", "aten.std",
                                         "aten.var", "aten.logsumexp", "aten.norm", "aten.norm", "aten.norm", "aten.cumsum",
                                         "aten.softmax", "aten.log_softmax"]) { xs in
            let x = xs[0]
            let mx = x.max(dim: 1), mn = x.min(dim: -1, keepdim: true)
            return [x.sum(), x.sum(dim: 1), x.sum(dim: [0, 2], keepdim: true), x.mean(), x.mean(dim: -1, keepdim: true),
                    x.prod(), x.prod(dim: 2), x.max(), x.min(), mx.values, mx.indices, mn.values, mn.indices,
                    x.argmax(), x.argmin(dim: 1), x.argmax(dim: 2, keepdim: true), (x .> 0).all(dim: 1), (x .> 1).any(),
                    x.var(dim: 0), x.std(dim: 1, unbiased: false, keepdim: true), x.var(), x.logsumexp(dim: 2),
                    x.norm(), x.norm(p: 1, dim: 2), x.norm(p: 3, dim: 0, keepdim: true), x.cumsum(dim: 1),
                    x.softmax(dim: 0), x.logSoftmax(dim: 2)]
        }
        // max(dim:) is one node with two outputs.
        #expect(p.graph.nodes[0].outputs.count == 2)
        #expect(p.graph.nodes[0].arguments.dropFirst() == [.int(1), .bool(false)])
        #expect(p.graph.nodes[2].arguments.dropFirst() == [.none, .bool(false), .none])
        #expect(p.graph.nodes[4].arguments[1] == .ints([0, 2]))
        // Integer sums accumulate in int64; a dtype argument is kept.
        let i = Tensor.randint(0, 9, [2, 3], dtype: .int32)
        try Self.check([[i], [Tensor.randint(0, 9, [3, 3], dtype: .int32)]], targets: ["aten.sum", "aten.sum", "aten.cumsum"]) { xs in
            [xs[0].sum(dim: 1), xs[0].sum(dtype: .float64), xs[0].cumsum(dim: 0)]
        }
    }

    @Test func matrixProducts() throws {
        _ = manualSeed(7)
        let w = Self.randn(4, 5), v = Self.randn(4), b = Self.randn(5)
        try Self.check([[Self.randn(2, 3, 4), Self.randn(2, 4), Self.randn(2, 4, 2)],
                        [Self.randn(6, 3, 4), Self.randn(6, 4), Self.randn(6, 4, 2)]],
                       targets: ["aten.matmul", "aten.matmul", "aten.bmm", "aten.mm", "aten.mv", "aten.dot", "aten.outer",
                                 "aten.addmm", "aten.addmm"]) { xs in
            let (x, m) = (xs[0], xs[1])
            return [matmul(x, w), x.matmul(v), bmm(x, xs[2]), mm(m, w), mv(m, v), dot(v, v), outer(v, b),
                    addmm(b, m, w), addmm(b, m, w, beta: 0.5, alpha: 2)]
        }
    }

    @Test func inPlaceOpsAreRecordedFunctionally() throws {
        _ = manualSeed(8)
        let p = try Self.check([[Self.randn(2, 3), Self.randn(2, 3)], [Self.randn(4, 3), Self.randn(4, 3)]],
                               targets: ["aten.mul", "aten.add", "aten.mul", "aten.sub", "aten.div", "aten.clamp", "aten.add",
                                         "aten.pow", "aten.mul"]) { xs in
            let y = xs[0] * 1
            y.add_(xs[1], alpha: 2)
            y.mul_(xs[1])
            y.sub_(0.5)
            y.div_(3)
            y.clamp_(min: -1)
            y += xs[0]
            y **= 2
            return [y * 2]
        }
        // The tensor stands for the new value: each node reads the previous one's output.
        let nodes = p.graph.nodes
        for k in 1..<nodes.count { #expect(nodes[k].arguments[0] == .value(nodes[k - 1].outputs[0])) }
    }

    @Test func gatherScatterAndIndexSelect() throws {
        _ = manualSeed(9)
        let index = Tensor([[0, 2], [1, 0]]), rows = Tensor([2, 0]), source = Self.randn(2, 2)
        try Self.check([[Self.randn(2, 3)], [Self.randn(2, 3)]], batched: [],
                       targets: ["aten.gather", "aten.mul", "aten.scatter", "aten.scatter", "aten.scatter_add", "aten.index_select",
                                 "aten.index_add", "aten.index_add"]) { xs in
            let x = xs[0]
            return [x.gather(1, index), x.scatter(1, index, x * 10), x.scatter(1, index, value: 5.0), x.scatterAdd(1, index, x),
                    x.indexSelect(1, rows), x.indexAdd(1, rows, source), x.indexAdd(0, Tensor([1, 1]), x, alpha: 2)]
        }
    }

    /// A Swift integer that follows a dynamic size (`x * x.size(0)`) is fitted as a symbol
    /// and replays with the new size.
    @Test func numbersThatFollowTheBatchSize() throws {
        let p = try Self.check([[Self.randn(2, 3)], [Self.randn(5, 3)]], targets: ["aten.mul", "aten.add"]) { xs in
            [xs[0] * xs[0].size(0) + 1]
        }
        #expect(p.graph.nodes[0].arguments[1] == .int(SymInt(symbol: "batch")))
    }
}
