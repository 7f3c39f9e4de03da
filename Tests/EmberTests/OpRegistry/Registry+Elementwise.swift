@testable import Ember

// Unary math and binary arithmetic. Float-only math accepts integer and bool inputs and
// computes in the default float dtype, as PyTorch does.

extension OpRegistry {
    static func addElementwise(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, numeric = DTypes.numeric, floats = DTypes.floats
        t.add("sqrt", [.x(s, .positive)], all + DTypes.complex, grad: true,
              ["Tensor.sqrt": { $0[0].sqrt() }, "sqrt": { Ember.sqrt($0[0]) }])
        t.add("rsqrt", [.x(s, .positive)], all + DTypes.complex, grad: true,
              ["Tensor.rsqrt": { $0[0].rsqrt() }, "rsqrt": { Ember.rsqrt($0[0]) }])
        t.add("exp", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.exp": { $0[0].exp() }, "exp": { Ember.exp($0[0]) }])
        t.add("log", [.x(s, .positive)], all + DTypes.complex, grad: true,
              ["Tensor.log": { $0[0].log() }, "log": { Ember.log($0[0]) }])
        t.add("log1p", [.x(s, .positive)], all + DTypes.complex, grad: true,
              ["Tensor.log1p": { $0[0].log1p() }, "log1p": { Ember.log1p($0[0]) }])
        t.add("sin", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.sin": { $0[0].sin() }, "sin": { Ember.sin($0[0]) }])
        t.add("cos", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.cos": { $0[0].cos() }, "cos": { Ember.cos($0[0]) }])
        t.add("tan", [.x(s, .unit)], all + DTypes.complex, grad: true,
              ["Tensor.tan": { $0[0].tan() }, "tan": { Ember.tan($0[0]) }])
        t.add("tanh", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.tanh": { $0[0].tanh() }, "tanh": { Ember.tanh($0[0]) }])
        t.add("sigmoid", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.sigmoid": { $0[0].sigmoid() }, "sigmoid": { Ember.sigmoid($0[0]) }])
        t.add("erf", [.x(s)], all, grad: true, ["Tensor.erf": { $0[0].erf() }, "erf": { Ember.erf($0[0]) }])
        t.add("relu", [.x(s)], numeric, grad: true, ["Tensor.relu": { $0[0].relu() }, "relu": { Ember.relu($0[0]) }])
        t.add("gelu", [.x(s)], floats, grad: true, ["Tensor.gelu": { $0[0].gelu() }, "gelu": { Ember.gelu($0[0]) }])
        t.add("softplus", [.x(s)], floats, grad: true,
              ["Tensor.softplus": { $0[0].softplus() }, "softplus": { Ember.softplus($0[0]) }])
        t.add("abs", [.x(s)], numeric + DTypes.complex, grad: true,
              ["Tensor.abs": { $0[0].abs() }, "abs": { Ember.abs($0[0]) }])
        t.add("sign", [.x(s)], all, grad: true, ["Tensor.sign": { $0[0].sign() }, "sign": { Ember.sign($0[0]) }])
        t.add("floor", [.x(s)], numeric, grad: true,
              ["Tensor.floor": { $0[0].floor() }, "floor": { Ember.floor($0[0]) }])
        t.add("ceil", [.x(s)], numeric, grad: true, ["Tensor.ceil": { $0[0].ceil() }, "ceil": { Ember.ceil($0[0]) }])
        t.add("round", [.x(s)], numeric, grad: true,
              ["Tensor.round": { $0[0].round() }, "round": { Ember.round($0[0]) }])
        t.add("trunc", [.x(s)], numeric, grad: true,
              ["Tensor.trunc": { $0[0].trunc() }, "trunc": { Ember.trunc($0[0]) }])
        t.add("neg", [.x(s)], numeric + DTypes.complex, grad: true,
              ["Tensor.neg": { $0[0].neg() }, "neg": { Ember.neg($0[0]) }, "prefix -": { -$0[0] }])
    }

    static func addBinary(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, numeric = DTypes.numeric
        let ab: [InputSpec] = [.x(s), .x(s)]
        t.add("add", ab, all + DTypes.complex, grad: true,
              ["+": { $0[0] + $0[1] }, "add": { Ember.add($0[0], $0[1]) }, "Tensor.add": { $0[0].add($0[1]) }])
        t.add("add.broadcast", [.x(s), .x([4])], all + DTypes.complex, grad: true, empty: [[0, 4], [4]],
              ["+": { $0[0] + $0[1] }])
        t.add("add.alpha", ab, all + DTypes.complex, grad: true, skip: ["bool": Gap.boolAlpha],
              ["add": { Ember.add($0[0], $0[1], alpha: 2) }, "Tensor.add": { $0[0].add($0[1], alpha: 2) }])
        t.add("add.scalar", [.x(s)], all + DTypes.complex, grad: true,
              ["+": { $0[0] + 3 }, "Tensor.add": { $0[0].add(3) }])
        t.add("add.rscalar", [.x(s)], all + DTypes.complex, grad: true, ["+": { 2.5 + $0[0] }])
        t.add("sub", ab, numeric + DTypes.complex, grad: true,
              ["-": { $0[0] - $0[1] }, "sub": { Ember.sub($0[0], $0[1]) }, "Tensor.sub": { $0[0].sub($0[1]) }])
        t.add("sub.alpha", ab, numeric + DTypes.complex, grad: true,
              ["sub": { Ember.sub($0[0], $0[1], alpha: 2) }, "Tensor.sub": { $0[0].sub($0[1], alpha: 2) }])
        t.add("sub.scalar", [.x(s)], numeric + DTypes.complex, grad: true,
              ["-": { $0[0] - 3 }, "Tensor.sub": { $0[0].sub(3) }])
        t.add("sub.rscalar", [.x(s)], numeric + DTypes.complex, grad: true, ["-": { 2.5 - $0[0] }])
        t.add("mul", ab, all + DTypes.complex, grad: true,
              ["*": { $0[0] * $0[1] }, "mul": { Ember.mul($0[0], $0[1]) }, "Tensor.mul": { $0[0].mul($0[1]) }])
        t.add("mul.scalar", [.x(s)], all + DTypes.complex, grad: true,
              ["*": { $0[0] * 3 }, "Tensor.mul": { $0[0].mul(3) }])
        t.add("mul.rscalar", [.x(s)], all + DTypes.complex, grad: true, ["*": { 2.5 * $0[0] }])
        t.add("div", [.x(s), .x(s, .nonzero)], all + DTypes.complex, grad: true,
              ["/": { $0[0] / $0[1] }, "div": { Ember.div($0[0], $0[1]) }, "Tensor.div": { $0[0].div($0[1]) }])
        t.add("div.scalar", [.x(s)], all + DTypes.complex, grad: true,
              ["/": { $0[0] / 4 }, "Tensor.div": { $0[0].div(4) }])
        t.add("div.rscalar", [.x(s, .nonzero)], all + DTypes.complex, grad: true, ["/": { 2.5 / $0[0] }])
        t.add("div.floor", [.x(s), .x(s, .nonzero)], numeric, grad: true,
              ["div": { Ember.div($0[0], $0[1], roundingMode: "floor") },
               "Tensor.div": { $0[0].div($0[1], roundingMode: "floor") }])
        t.add("div.trunc", [.x(s), .x(s, .nonzero)], numeric, grad: true,
              ["div": { Ember.div($0[0], $0[1], roundingMode: "trunc") }])
        t.add("div.scalar_trunc", [.x(s)], all, grad: true, ["Tensor.div": { $0[0].div(3, roundingMode: "trunc") }])
        t.add("pow", [.x(s, .positive), .x(s, .exponent)], numeric + DTypes.complex, grad: true,
              ["**": { $0[0] ** $0[1] }, "pow": { Ember.pow($0[0], $0[1]) }, "Tensor.pow": { $0[0].pow($0[1]) }])
        t.add("pow.scalar", [.x(s)], all + DTypes.complex, grad: true,
              ["**": { $0[0] ** 2 }, "pow": { Ember.pow($0[0], 2) }, "Tensor.pow": { $0[0].pow(2) }])
        t.add("pow.rscalar", [.x(s, .exponent)], all + DTypes.complex, grad: true, ["**": { 2.5 ** $0[0] }])
        t.add("remainder", [.x(s), .x(s, .nonzero)], numeric, grad: true,
              ["%": { $0[0] % $0[1] }, "remainder": { Ember.remainder($0[0], $0[1]) }])
        t.add("remainder.scalar", [.x(s)], all, grad: true, ["%": { $0[0] % 3 }])
        t.add("remainder.rscalar", [.x(s, .nonzero)], all, grad: true, ["%": { 5 % $0[0] }])
        t.add("floorDivide", [.x(s), .x(s, .nonzero)], numeric, ["floorDivide": { Ember.floorDivide($0[0], $0[1]) }])
    }
}
