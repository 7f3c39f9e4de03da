@testable import Ember

// `Linalg` factorisations and solvers beyond Registry+LinalgDecompositions.swift: LU and its
// solves, triangular and Cholesky solves, condition numbers, ranks, powers, chained products.
// Inputs are made well-conditioned inside the call, as there (`wellConditioned`, `spd`).

extension OpRegistry {
    static func addLinalgSolvers(to t: inout RegistryTable) {
        let f = DTypes.f32f64 + DTypes.complex
        // Listed, not run: Ember's Linalg takes float32 and float64 only.
        t.defaultSkip = ["complex64": Gap.linalgComplex]
        defer { t.defaultSkip = [:] }
        let sq = [3, 3], batch = [2, 3, 3]
        let strided = Layout.strided
        t.addMulti("linalg.lu", [.x(sq)], f, grad: true, layouts: strided + [.expanded], [
            ("Linalg.lu", { let r = Linalg.lu(wellConditioned($0[0])); return [r.U, r.L, r.P] }),
        ])
        t.addMulti("linalg.luFactor", [.x(batch)], f, grad: true, layouts: strided, [
            ("Linalg.luFactor", { let r = Linalg.luFactor($0[0]); return [r.LU, r.pivots] }),
            ("Linalg.luFactorEx", { let r = Linalg.luFactorEx($0[0]); return [r.LU, r.pivots] }),
        ])
        t.addMulti("linalg.luFactorEx", [.x(sq)], f, layouts: strided, [
            ("Linalg.luFactorEx", { let r = Linalg.luFactorEx($0[0]); return [r.LU, r.pivots, r.info] }),
        ])
        t.add("linalg.luSolve", [.x(sq), .x([3, 2])], f, grad: true, layouts: strided, [
            "Linalg.luSolve": { a in let r = Linalg.luFactor(wellConditioned(a[0])); return Linalg.luSolve(r.LU, r.pivots, a[1]) },
        ])
        t.add("linalg.luSolve.adjoint", [.x(batch), .x([2, 2, 3])], f, layouts: strided, [
            "Linalg.luSolve": { a in let r = Linalg.luFactor(wellConditioned(a[0]))
                return Linalg.luSolve(r.LU, r.pivots, a[1], left: false, adjoint: true) },
        ])
        t.addMulti("linalg.choleskyEx", [.x(sq)], f, grad: true, layouts: strided, [
            ("Linalg.choleskyEx", { let r = Linalg.choleskyEx(spd($0[0])); return [r.L, r.info] }),
        ])
        t.add("choleskySolve", [.x([3, 2]), .x(sq)], f, grad: true, layouts: strided, [
            "choleskySolve": { choleskySolve($0[0], Linalg.cholesky(spd($0[1]))) },
            "Tensor.choleskySolve": { $0[0].choleskySolve(Linalg.cholesky(spd($0[1]))) },
        ])
        t.add("choleskySolve.upper", [.x([3, 2]), .x(sq)], f, layouts: strided, [
            "Tensor.choleskySolve": { $0[0].choleskySolve(Linalg.cholesky(spd($0[1]), upper: true), upper: true) },
        ])
        t.add("linalg.solveTriangular", [.x(sq), .x([3, 2])], f, grad: true, layouts: strided + [.expanded], [
            "Linalg.solveTriangular": { Linalg.solveTriangular(wellConditioned($0[0]).triu(), $0[1], upper: true) },
        ])
        t.add("linalg.solveTriangular.right", [.x(sq), .x([2, 3])], f, layouts: strided, [
            "Linalg.solveTriangular": { Linalg.solveTriangular(wellConditioned($0[0]).tril(), $0[1], upper: false,
                                                               left: false, unitriangular: true) },
        ])
        t.add("linalg.cond", [.x(batch)], f, grad: true, layouts: strided, ["Linalg.cond": { Linalg.cond($0[0]) }])
        t.add("linalg.cond.fro", [.x(sq)], f, layouts: strided,
              ["Linalg.cond": { Linalg.cond(wellConditioned($0[0]), p: "fro") }])
        t.add("linalg.cond.p1", [.x(sq)], f, layouts: strided,
              ["Linalg.cond": { Linalg.cond(wellConditioned($0[0]), p: 1) }])
        t.add("linalg.matrixRank", [.x([4, 3])], f, layouts: strided + [.expanded],
              ["Linalg.matrixRank": { Linalg.matrixRank(matmul($0[0][.all, ..<2], $0[0][..<2])) }])
        t.add("linalg.matrixPower", [.x(sq)], DTypes.numeric, grad: true, layouts: strided + [.expanded],
              ["Linalg.matrixPower": { Linalg.matrixPower($0[0], 3) }])
        t.add("linalg.matrixPower.neg", [.x(sq)], f, layouts: strided,
              ["Linalg.matrixPower": { Linalg.matrixPower(wellConditioned($0[0]), -2) }])
        t.add("linalg.matrixExp", [.x(batch)], DTypes.floats + DTypes.complex, grad: true, layouts: strided + [.expanded], tol: 10,
              skip: ["float16": Gap.linalgLowPrecision, "bfloat16": Gap.linalgLowPrecision],
              ["Linalg.matrixExp": { Linalg.matrixExp($0[0]) }, "Tensor.matrixExp": { $0[0].matrixExp() }])
        t.add("linalg.multiDot", [.x([2, 3]), .x([3, 4]), .x([4, 2])], DTypes.numeric, grad: true, layouts: strided,
              ["Linalg.multiDot": { Linalg.multiDot([$0[0], $0[1], $0[2]]) }])
        t.add("linalg.cross", [.x([2, 3]), .x([2, 3])], DTypes.numeric, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded, .empty],
              ["Linalg.cross": { Linalg.cross($0[0], $0[1]) }])
        // PyTorch's vander promotes integer inputs to int64 (it is a cumulative product).
        let vanderInt = Dictionary(uniqueKeysWithValues: DTypes.ints.filter { $0 != .int64 }.map {
            ("\($0)/*", Gap.vanderInt)
        })
        t.add("linalg.vander", [.x([4])], DTypes.f32f64 + DTypes.ints + DTypes.complex, grad: true,
              layouts: [.contiguous, .sliced, .expanded],
              expand: [[1]], known: vanderInt, ["Linalg.vander": { Linalg.vander($0[0]) }])
        t.add("linalg.vander.N", [.x([4])], DTypes.f32f64 + DTypes.ints + DTypes.complex,
              layouts: [.contiguous, .sliced, .empty], known: vanderInt,
              ["Linalg.vander": { Linalg.vander($0[0], N: 3) }])
        t.add("linalg.vecdot", [.x([3, 4]), .x([3, 4])], DTypes.floats + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded, .empty],
              ["Linalg.vecdot": { Linalg.vecdot($0[0], $0[1]) }])
    }
}
