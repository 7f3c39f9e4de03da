@testable import Ember

// Comparisons, logical ops, where, clamp, maximum/minimum, nan checks. Inputs drawn from
// a few small integers (`.coarse`) make ties, so equality and `<=` see both outcomes.

extension OpRegistry {
    static func addComparison(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, numeric = DTypes.numeric, floats = DTypes.floats
        let ab: [InputSpec] = [.x(s, .coarse), .x(s, .coarse)]
        t.add("eq", ab, all + DTypes.complex, [".==": { $0[0] .== $0[1] }, "Tensor.eq": { $0[0].eq($0[1]) }])
        t.add("ne", ab, all + DTypes.complex, [".!=": { $0[0] .!= $0[1] }, "Tensor.ne": { $0[0].ne($0[1]) }])
        t.add("lt", ab, all, [".<": { $0[0] .< $0[1] }, "Tensor.lt": { $0[0].lt($0[1]) }])
        t.add("le", ab, all, [".<=": { $0[0] .<= $0[1] }, "Tensor.le": { $0[0].le($0[1]) }])
        t.add("gt", ab, all, [".>": { $0[0] .> $0[1] }, "Tensor.gt": { $0[0].gt($0[1]) }])
        t.add("ge", ab, all, [".>=": { $0[0] .>= $0[1] }, "Tensor.ge": { $0[0].ge($0[1]) }])
        // Scalar operands on either side (PyTorch: `x == 1`, `1 < x`).
        t.add("eq.scalar", [.x(s, .coarse)], all + DTypes.complex, [".==": { $0[0] .== 1 }, ".!=": { .!($0[0] .!= 1) }])
        t.add("lt.scalar", [.x(s, .coarse)], all, [".<": { $0[0] .< 1 }, ".>": { 1 .> $0[0] }])
        t.add("le.scalar", [.x(s, .coarse)], all, [".<=": { $0[0] .<= 1 }, ".>=": { 1 .>= $0[0] }])
        t.add("gt.rscalar", [.x(s, .coarse)], all,
              [".<": { 1 .< $0[0] }, ".>": { $0[0] .> 1 }, ".==": { .!(1 .== $0[0]) .& ($0[0] .>= 1) }])
        t.add("ge.rscalar", [.x(s, .coarse)], all,
              [".<=": { 1 .<= $0[0] }, ".>=": { $0[0] .>= 1 }, ".!=": { .!(1 .!= $0[0]) .| ($0[0] .> 1) }])
        t.add("logicalAnd", ab, all + DTypes.complex,
              [".&": { $0[0] .& $0[1] }, "logicalAnd": { logicalAnd($0[0], $0[1]) },
               "Tensor.logicalAnd": { $0[0].logicalAnd($0[1]) }])
        t.add("logicalOr", ab, all + DTypes.complex,
              [".|": { $0[0] .| $0[1] }, "logicalOr": { logicalOr($0[0], $0[1]) },
               "Tensor.logicalOr": { $0[0].logicalOr($0[1]) }])
        t.add("logicalXor", ab, all + DTypes.complex,
              [".^": { $0[0] .^ $0[1] }, "logicalXor": { logicalXor($0[0], $0[1]) }])
        t.add("logicalNot", [.x(s, .coarse)], all + DTypes.complex,
              ["prefix .!": { .!$0[0] }, "logicalNot": { logicalNot($0[0]) }, "Tensor.logicalNot": { $0[0].logicalNot() }])
        t.add("isnan", [.x(s, .special)], all + DTypes.complex,
              ["isnan": { isnan($0[0]) }, "Tensor.isnan": { $0[0].isnan() }])
        t.add("isfinite", [.x(s, .special)], all + DTypes.complex,
              ["isfinite": { isfinite($0[0]) }, "Tensor.isfinite": { $0[0].isfinite() }])
        t.add("isclose", ab, all + DTypes.complex,
              ["Tensor.isclose": { $0[0].isclose($0[1]) }])
        // equal/allclose return Swift Bools: wrapped as 0-d bool tensors, checked both ways.
        t.addMulti("equal", ab, all + DTypes.complex, [
            ("equal", { [Tensor(equal($0[0], $0[0].clone())), Tensor(equal($0[0], $0[1]))] }),
            ("Tensor.equal", { [Tensor($0[0].equal($0[0].clone())), Tensor($0[0].equal($0[1]))] }),
        ])
        t.addMulti("allclose", [.x(s), .x(s)], floats + DTypes.complex, [
            ("allclose", { [Tensor(allclose($0[0], $0[0] + 1e-9)), Tensor(allclose($0[0], $0[1]))] }),
            ("Tensor.allclose", { [Tensor($0[0].allclose($0[0] + 1e-9)), Tensor($0[0].allclose($0[1]))] }),
        ])
        t.add("where", [.mask(s), .x(s), .x(s)], all + DTypes.complex, grad: true,
              expand: [[3, 4], [1, 4], [3, 1]], scalar: [[], [], []],
              ["Tensor.where": { Tensor.where($0[0], $0[1], $0[2]) }])
        t.add("where.scalar", [.mask(s), .x(s)], all + DTypes.complex, grad: true,
              ["Tensor.where": { Tensor.where($0[0], $0[1], 0.5) }])
        t.add("where.rscalar", [.mask(s), .x(s)], all + DTypes.complex, grad: true,
              ["Tensor.where": { Tensor.where($0[0], -0.5, $0[1]) }])
        t.add("clamp", [.x(s)], all, grad: true, skip: ["bool": Gap.clampBool],
              ["Tensor.clamp": { $0[0].clamp(min: -1, max: 2) }, "clamp": { clamp($0[0], min: -1, max: 2) }])
        t.add("clamp.min", [.x(s)], all, grad: true, skip: ["bool": Gap.clampBool],
              ["Tensor.clamp": { $0[0].clamp(min: 0.5) }])
        t.add("clamp.tensor", [.x(s), .x(s), .x(s)], numeric, grad: true,
              ["Tensor.clamp": { $0[0].clamp(min: $0[1], max: $0[1] + $0[2].abs()) }])
        t.add("maximum", [.x(s), .x(s)], all, grad: true,
              ["maximum": { maximum($0[0], $0[1]) }, "Tensor.maximum": { $0[0].maximum($0[1]) }])
        t.add("minimum", [.x(s), .x(s)], all, grad: true,
              ["minimum": { minimum($0[0], $0[1]) }, "Tensor.minimum": { $0[0].minimum($0[1]) }])
    }
}
