@testable import Ember

// In-place ops and compound assignment: each closure writes into its (fresh) first input
// and returns it. Not on expanded inputs: PyTorch refuses to write through stride 0.
// Both forms of compound assignment are called: the `inout` one (on a `var`) and the
// disfavoured non-`inout` one (on a `let`, writing through the class reference).

extension OpRegistry {
    static func addInPlace(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, numeric = DTypes.numeric, floats = DTypes.floats
        let w = Layout.noExpand
        t.add("copy_", [.x(s), .x([4])], all + DTypes.complex, layouts: Layout.strided,
              ["Tensor.copy_": { $0[0].copy_($0[1]) }])
        t.add("copy_.convert", [.x(s), .fixed([3, 4], .positive, .float64)], all + DTypes.complex, layouts: w,
              scalar: [[], []],
              ["Tensor.copy_": { $0[0].copy_($0[1]) }])
        t.add("add_", [.x(s), .x(s)], all + DTypes.complex, layouts: w,
              ["Tensor.add_": { $0[0].add_($0[1]) }, "+=": { var a = $0[0]; a += $0[1]; return a },
               "+=": { let a = $0[0]; a += $0[1]; return a }])
        t.add("add_.alpha", [.x(s), .x(s)], all + DTypes.complex, layouts: w, skip: ["bool": Gap.boolAlpha],
              ["Tensor.add_": { $0[0].add_($0[1], alpha: 2) }])
        t.add("add_.scalar", [.x(s)], numeric + DTypes.complex, layouts: w,
              ["Tensor.add_": { $0[0].add_(2) }, "+=": { var a = $0[0]; a += 2; return a },
               "+=": { let a = $0[0]; a += 2; return a }])
        t.add("sub_", [.x(s), .x(s)], numeric + DTypes.complex, layouts: w,
              ["Tensor.sub_": { $0[0].sub_($0[1]) }, "-=": { var a = $0[0]; a -= $0[1]; return a },
               "-=": { let a = $0[0]; a -= $0[1]; return a }])
        t.add("sub_.alpha", [.x(s), .x(s)], numeric + DTypes.complex, layouts: w,
              ["Tensor.sub_": { $0[0].sub_($0[1], alpha: 2) }])
        t.add("sub_.scalar", [.x(s)], numeric + DTypes.complex, layouts: w,
              ["Tensor.sub_": { $0[0].sub_(2) }, "-=": { var a = $0[0]; a -= 2; return a },
               "-=": { let a = $0[0]; a -= 2; return a }])
        t.add("mul_", [.x(s), .x(s)], all + DTypes.complex, layouts: w,
              ["Tensor.mul_": { $0[0].mul_($0[1]) }, "*=": { var a = $0[0]; a *= $0[1]; return a },
               "*=": { let a = $0[0]; a *= $0[1]; return a }])
        t.add("mul_.scalar", [.x(s)], numeric + DTypes.complex, layouts: w,
              ["Tensor.mul_": { $0[0].mul_(3) }, "*=": { var a = $0[0]; a *= 3; return a },
               "*=": { let a = $0[0]; a *= 3; return a }])
        t.add("div_", [.x(s), .x(s, .nonzero)], floats + DTypes.complex, layouts: w,
              ["Tensor.div_": { $0[0].div_($0[1]) }, "/=": { var a = $0[0]; a /= $0[1]; return a },
               "/=": { let a = $0[0]; a /= $0[1]; return a }])
        t.add("div_.scalar", [.x(s)], floats + DTypes.complex, layouts: w,
              ["Tensor.div_": { $0[0].div_(4) }, "/=": { var a = $0[0]; a /= 4; return a },
               "/=": { let a = $0[0]; a /= 4; return a }])
        t.add("pow_", [.x(s, .positive), .x(s, .exponent)], numeric + DTypes.complex, layouts: w,
              ["**=": { var a = $0[0]; a **= $0[1]; return a }, "**=": { let a = $0[0]; a **= $0[1]; return a }])
        t.add("pow_.scalar", [.x(s)], numeric + DTypes.complex, layouts: w,
              ["**=": { var a = $0[0]; a **= 2; return a }, "**=": { let a = $0[0]; a **= 2; return a }])
        t.add("zero_", [.x(s)], all + DTypes.complex, layouts: w, ["Tensor.zero_": { $0[0].zero_() }])
        t.add("fill_", [.x(s)], all + DTypes.complex, layouts: w, ["Tensor.fill_": { $0[0].fill_(1) }])
        t.add("fill_.float", [.x(s)], floats + DTypes.signedInts + DTypes.existing(["bool"]) + DTypes.complex,
              layouts: w, ["Tensor.fill_": { $0[0].fill_(-2.5) }])
        t.add("clamp_", [.x(s)], numeric, layouts: w, ["Tensor.clamp_": { $0[0].clamp_(min: -1, max: 2) }])
    }
}
