@testable import Ember

// Ops added by issue 4's breadth work: sorting and selection, unique, nonzero forms,
// triangular, padding, rolling, counting, tensor products, distances, take, masked scatter.
// Sorting rows draw distinct values (`.distinct`) so the indices of ties are not at stake;
// `mode` and `unique` draw few values (`.coarse`) so there are repeats.

extension OpRegistry {
    static func addNewOps(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, numeric = DTypes.numeric, floats = DTypes.floats
        let noBool = numeric
        t.addMulti("sort", [.x(s, .distinct)], all, grad: true,
                   skip: ["bool": Gap.unstableTies], [
            ("Tensor.sort", { let r = $0[0].sort(); return [r.values, r.indices] }),
            ("sort", { let r = sort($0[0]); return [r.values, r.indices] }),
        ])
        t.addMulti("sort.stable", [.x(s, .coarse)], all, layouts: Layout.noScalar, [
            ("Tensor.sort", { let r = $0[0].sort(dim: 0, descending: true, stable: true); return [r.values, r.indices] }),
        ])
        t.add("argsort", [.x(s, .distinct)], all, skip: ["bool": Gap.unstableTies],
              ["Tensor.argsort": { $0[0].argsort(descending: true) }, "argsort": { argsort($0[0], descending: true) }])
        t.add("argsort.stable", [.x(s, .coarse)], all, layouts: Layout.noScalar,
              ["Tensor.argsort": { $0[0].argsort(dim: 0, stable: true) }])
        t.addMulti("topk", [.x(s, .distinct)], noBool, grad: true, layouts: Layout.noScalar, [
            ("Tensor.topk", { let r = $0[0].topk(2); return [r.values, r.indices] }),
            ("topk", { let r = topk($0[0], 2); return [r.values, r.indices] }),
        ])
        t.addMulti("topk.smallest", [.x(s, .distinct)], noBool, layouts: Layout.strided + [.expanded], [
            ("Tensor.topk", { let r = $0[0].topk(2, dim: 0, largest: false); return [r.values, r.indices] }),
        ])
        t.addMulti("kthvalue", [.x(s, .distinct)], noBool, grad: true, layouts: Layout.noScalar, [
            ("Tensor.kthvalue", { let r = $0[0].kthvalue(2); return [r.values, r.indices] }),
            ("kthvalue", { let r = kthvalue($0[0], 2, keepdim: true); return [r.values.squeeze(-1), r.indices.squeeze(-1)] }),
        ])
        t.add("median", [.x(s, .distinct)], noBool, grad: true, layouts: Layout.strided + [.expanded, .scalar],
              ["Tensor.median": { $0[0].median() }, "median": { median($0[0]) }])
        t.addMulti("median.dim", [.x(s, .distinct)], noBool, grad: true, layouts: Layout.noScalar, [
            ("Tensor.median", { let r = $0[0].median(dim: -1); return [r.values, r.indices] }),
            ("median", { let r = median($0[0], dim: -1); return [r.values, r.indices] }),
        ])
        t.addMulti("mode", [.x([3, 7], .coarse)], all, layouts: Layout.noScalar, [
            ("Tensor.mode", { let r = $0[0].mode(); return [r.values, r.indices] }),
            ("mode", { let r = mode($0[0], dim: -1); return [r.values, r.indices] }),
        ])
        t.add("unique", [.x([10], .coarse)], all, layouts: Layout.allCases,
              ["Tensor.unique": { $0[0].unique() }, "unique": { unique($0[0]) }])
        t.addMulti("unique.all", [.x([10], .coarse)], all, layouts: Layout.noScalar, [
            ("Tensor.unique", { let r = $0[0].unique(returnInverse: true, returnCounts: true); return [r.values, r.inverse!, r.counts!] }),
            ("unique", { let r = unique($0[0], returnInverse: true, returnCounts: true); return [r.values, r.inverse!, r.counts!] }),
        ])
        t.add("unique.dim", [.x([5, 2], .coarse)], all, layouts: Layout.strided,
              ["Tensor.unique": { $0[0].unique(dim: 0) }])
        t.add("uniqueConsecutive", [.x([10], .coarse)], all, layouts: Layout.noScalar,
              ["Tensor.uniqueConsecutive": { $0[0].uniqueConsecutive() }, "uniqueConsecutive": { uniqueConsecutive($0[0]) }])
        t.addMulti("uniqueConsecutive.all", [.x([10], .coarse)], all, layouts: Layout.noScalar, [
            ("Tensor.uniqueConsecutive", { let r = $0[0].uniqueConsecutive(returnInverse: true, returnCounts: true); return [r.values, r.inverse!, r.counts!] }),
            ("uniqueConsecutive", { let r = uniqueConsecutive($0[0], returnInverse: true, returnCounts: true); return [r.values, r.inverse!, r.counts!] }),
        ])
        t.add("argwhere", [.x(s, .coarse)], all + DTypes.complex, layouts: Layout.noScalar,
              ["Tensor.argwhere": { $0[0].argwhere() }, "argwhere": { argwhere($0[0]) }, "nonzero": { nonzero($0[0]) }])
        t.addMulti("nonzero.tuple", [.x(s, .coarse)], all + DTypes.complex, layouts: Layout.noScalar, [
            ("Tensor.nonzero", { $0[0].nonzero(asTuple: true) }), ("nonzero", { nonzero($0[0], asTuple: true) }),
        ])
        t.add("tril", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.tril": { $0[0].tril() }, "tril": { tril($0[0]) }])
        t.add("triu", [.x([2, 3, 4])], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.triu": { $0[0].triu(diagonal: 1) }, "triu": { triu($0[0], diagonal: 1) }])
        t.add("tril.diagonal", [.x(s)], all + DTypes.complex, layouts: Layout.strided,
              ["tril": { tril($0[0], diagonal: -1) }])
        t.add("tril_", [.x(s)], all + DTypes.complex, layouts: [.contiguous, .transposed, .sliced, .empty],
              ["Tensor.tril_": { $0[0].tril_(diagonal: 1) }])
        t.add("triu_", [.x(s)], all + DTypes.complex, layouts: [.contiguous, .transposed, .sliced, .empty],
              ["Tensor.triu_": { $0[0].triu_() }])
        t.add("oneHot", [.idx([6], 0, 5)], DTypes.existing(["int64"]), layouts: [.contiguous, .sliced, .empty],
              ["oneHot": { oneHot($0[0], numClasses: 5) }])
        t.add("pad", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["pad": { pad($0[0], [1, 2]) }])
        t.add("pad.value", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.strided,
              ["pad": { pad($0[0], [1, 0, 0, 2], value: 0.5) }])
        t.add("pad.reflect", [.x([2, 5])], numeric + DTypes.complex, grad: true, layouts: Layout.strided,
              ["pad": { pad($0[0], [2, 1], mode: "reflect") }])
        t.add("pad.replicate", [.x([1, 2, 4])], numeric + DTypes.complex, grad: true, layouts: Layout.strided,
              ["pad": { pad($0[0], [1, 2], mode: "replicate") }])
        t.add("pad.circular", [.x([1, 2, 4])], all + DTypes.complex, grad: true, layouts: Layout.strided,
              ["pad": { pad($0[0], [2, 1], mode: "circular") }])
        t.add("roll", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.roll": { $0[0].roll(1, dims: 0) }, "roll": { roll($0[0], 1, dims: 0) }])
        t.add("roll.flat", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.roll": { $0[0].roll(5) }])
        t.add("roll.dims", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.roll": { $0[0].roll([1, -3], dims: [0, 1]) }, "roll": { roll($0[0], [1, -3], dims: [0, 1]) }])
        t.add("rot90", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.rot90": { $0[0].rot90() }, "rot90": { rot90($0[0]) }])
        t.add("rot90.k", [.x([2, 3, 4])], all + DTypes.complex, layouts: Layout.noScalar,
              ["Tensor.rot90": { $0[0].rot90(-1, dims: [2, 0]) }, "rot90": { rot90($0[0], -1, dims: [2, 0]) }])
        t.add("diff", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.diff": { $0[0].diff() }, "diff": { diff($0[0]) }])
        t.add("diff.n", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.diff": { $0[0].diff(n: 2, dim: 0) }])
        t.add("diff.prepend", [.x(s), .x([3, 1]), .x([3, 2])], all + DTypes.complex, grad: true,
              layouts: Layout.strided,
              ["Tensor.diff": { $0[0].diff(prepend: $0[1], append: $0[2]) }])
        t.add("bincount", [.x([8], .positive)], DTypes.ints, layouts: [.contiguous, .sliced, .empty],
              ["Tensor.bincount": { $0[0].bincount() }, "bincount": { bincount($0[0]) }])
        t.add("bincount.minlength", [.x([8], .positive)], DTypes.ints, layouts: [.contiguous, .empty],
              ["Tensor.bincount": { $0[0].bincount(minlength: 7) }])
        t.add("bincount.weights", [.idx([8], 0, 5), .fixed([8], .real, .float64)], DTypes.existing(["int64"]),
              layouts: [.contiguous, .sliced], ["bincount": { bincount($0[0], weights: $0[1]) }])
        t.add("histc", [.x([12])], floats, layouts: [.contiguous, .sliced, .expanded, .empty],
              ["Tensor.histc": { $0[0].histc(bins: 4, min: -2, max: 2) }, "histc": { histc($0[0], bins: 4, min: -2, max: 2) }])
        t.add("histc.range", [.x([3, 4])], floats, layouts: Layout.strided, ["histc": { histc($0[0], bins: 5) }])
        t.addMulti("meshgrid", [.x([3]), .x([4])], all + DTypes.complex, grad: true,
              layouts: [.contiguous, .sliced, .empty], [
            ("Tensor.meshgrid", { Tensor.meshgrid([$0[0], $0[1]]) }),
        ])
        t.addMulti("meshgrid.xy", [.x([3]), .x([2]), .x([4])], all + DTypes.complex, layouts: [.contiguous, .sliced], [
            ("Tensor.meshgrid", { Tensor.meshgrid([$0[0], $0[1], $0[2]], indexing: "xy") }),
        ])
        t.add("cartesianProd", [.x([3]), .x([2])], all + DTypes.complex, grad: true, layouts: [.contiguous, .sliced],
              ["cartesianProd": { cartesianProd([$0[0], $0[1]]) }])
        t.add("tensordot", [.x([2, 3, 4]), .x([3, 4, 2])], numeric + DTypes.complex, grad: true,
              layouts: Layout.strided + [.expanded],
              ["tensordot": { tensordot($0[0], $0[1]) }, "Tensor.tensordot": { $0[0].tensordot($0[1]) }])
        t.add("tensordot.dims", [.x([2, 3, 4]), .x([4, 2])], numeric + DTypes.complex, grad: true,
              layouts: Layout.strided,
              ["tensordot": { tensordot($0[0], $0[1], dims: ([0, 2], [1, 0])) },
               "Tensor.tensordot": { $0[0].tensordot($0[1], dims: ([0, 2], [1, 0])) }])
        t.add("kron", [.x([2, 3]), .x([3, 2])], all + DTypes.complex, grad: true, layouts: Layout.strided + [.expanded],
              ["kron": { kron($0[0], $0[1]) }, "Tensor.kron": { $0[0].kron($0[1]) }])
        t.add("cdist", [.x([3, 4]), .x([5, 4])], DTypes.f32f64, grad: true, layouts: Layout.strided + [.expanded],
              ["cdist": { cdist($0[0], $0[1]) }])
        t.add("cdist.p1", [.x([2, 3, 2]), .x([2, 4, 2])], DTypes.f32f64, grad: true, layouts: Layout.strided,
              ["cdist": { cdist($0[0], $0[1], p: 1) }])
        t.add("take", [.x(s), .idx([2, 3], -12, 12)], all + DTypes.complex, grad: true,
              layouts: Layout.strided + [.expanded],
              ["Tensor.take": { $0[0].take($0[1]) }, "take": { take($0[0], $0[1]) }])
        t.add("takeAlongDim", [.x(s), .idx([3, 2], 0, 4)], all + DTypes.complex, grad: true,
              layouts: Layout.strided + [.expanded],
              ["Tensor.takeAlongDim": { $0[0].takeAlongDim($0[1], dim: 1) },
               "takeAlongDim": { takeAlongDim($0[0], $0[1], dim: 1) }])
        t.add("takeAlongDim.flat", [.x(s), .idx([5], 0, 12)], all + DTypes.complex, layouts: Layout.strided,
              ["Tensor.takeAlongDim": { $0[0].takeAlongDim($0[1]) }])
        t.add("maskedScatter", [.x(s), .mask(s), .x([12])], all + DTypes.complex, grad: true,
              layouts: Layout.strided + [.expanded],
              ["Tensor.maskedScatter": { $0[0].maskedScatter($0[1], $0[2]) }])
    }
}
