@testable import Ember

// Complex numbers: building them from parts, taking them apart, and the conversions to the
// dtypes that arrived with them (int8, int16, bfloat16, complex64).

extension OpRegistry {
    static func addComplex(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, complex = DTypes.complex
        let f32 = DTypes.existing(["float32"]), wider = DTypes.existing(["float16", "float64"])
        let noWider = Dictionary(uniqueKeysWithValues: wider.map { ("\($0)", Gap.noComplex32Or128) })
        t.add("complex", [.x(s), .x(s)], f32 + wider, skip: noWider,
              ["Tensor.complex": { Tensor.complex($0[0], $0[1]) }])
        t.add("polar", [.x(s, .positive), .x(s)], f32 + wider, skip: noWider,
              ["Tensor.polar": { Tensor.polar($0[0], $0[1]) }])
        t.add("real", [.x(s)], all + complex, ["Tensor.real": { $0[0].real }, "real": { real($0[0]) }])
        t.add("imag", [.x(s)], complex, ["Tensor.imag": { $0[0].imag }, "imag": { imag($0[0]) }])
        t.add("conj", [.x(s)], all + complex, ["Tensor.conj": { $0[0].conj() }, "conj": { conj($0[0]) }])
        // Not gradchecked: Ember traps on autograd through angle of a real input (PyTorch: zero gradient).
        t.add("angle", [.x(s)], all + complex,
              ["Tensor.angle": { $0[0].angle() }, "angle": { angle($0[0]) }])
        t.add("viewAsReal", [.x([3, 2])], complex, layouts: [.contiguous, .transposed, .expanded, .scalar],
              ["viewAsReal": { viewAsReal($0[0]) }])
        t.add("viewAsComplex", [.x([3, 2])], f32 + wider, layouts: [.contiguous, .empty], skip: noWider,
              ["viewAsComplex": { viewAsComplex($0[0]) }])
        t.add("isComplex", [.x(s)], all + complex, layouts: [.contiguous],
              ["Tensor.isComplex": { Tensor($0[0].isComplex()) }])
        t.add("char", [.x(s, .positive)], all + DTypes.complex, ["Tensor.char": { $0[0].char() }])
        t.add("short", [.x(s, .positive)], all + DTypes.complex, ["Tensor.short": { $0[0].short() }])
        t.add("byte", [.x(s, .positive)], all + DTypes.complex, ["Tensor.byte": { $0[0].byte() }])
        t.add("bfloat16", [.x(s, .positive)], all + DTypes.complex, ["Tensor.bfloat16": { $0[0].bfloat16() }])
        t.add("cfloat", [.x(s, .positive)], all + complex, ["Tensor.cfloat": { $0[0].cfloat() }])
    }
}
