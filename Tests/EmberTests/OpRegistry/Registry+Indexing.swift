@testable import Ember

// Subscripts (getter and setter), gather/scatter, index_select/index_add, masks. Index
// tensors are int64 in range; scatter-like writes use indices distinct along the written dim
// (`perm`), since PyTorch leaves the winner of duplicate writes unspecified.

extension OpRegistry {
    static func addIndexing(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all
        let strided = Layout.strided
        t.add("index.int", [.x(s)], all + DTypes.complex, grad: true, layouts: strided + [.expanded],
              ["Tensor.subscript": { $0[0][1] }])
        t.add("index.ints", [.x(s)], all + DTypes.complex, layouts: [.contiguous, .transposed, .sliced, .expanded],
              ["Tensor.subscript": { $0[0][2, -1] }])
        t.add("index.range", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.subscript": { $0[0][1..<3, 1...] }])
        t.add("index.step", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.subscript": { $0[0][.all, .slice(1, nil, step: 2)] }])
        t.add("index.newAxis", [.x(s)], all + DTypes.complex, layouts: Layout.noScalar,
              ["Tensor.subscript": { $0[0][.newAxis, .ellipsis, ..<2] }])
        t.add("index.mask", [.x(s), .mask(s)], all + DTypes.complex, grad: true, layouts: strided + [.expanded],
              ["Tensor.subscript": { $0[0][$0[1]] }])
        t.add("index.tensor", [.x(s), .idx([5], 0, 3)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.subscript": { $0[0][$0[1]] }])
        t.add("index.tensors", [.x(s), .idx([2, 2], 0, 3), .idx([2, 2], 0, 4)], all + DTypes.complex, grad: true,
              layouts: strided,
              ["Tensor.subscript": { $0[0][$0[1], $0[2]] }])
        // Setters write into the (fresh) input and return it.
        t.add("indexSet.basic", [.x(s), .x([3])], all + DTypes.complex, layouts: strided,
              ["Tensor.subscript": { a in a[0][.all, 1] = a[1]; return a[0] }])
        t.add("indexSet.mask", [.x(s), .mask(s)], all + DTypes.complex, layouts: strided,
              ["Tensor.subscript": { a in a[0][a[1]] = Tensor(1); return a[0] }])
        t.add("indexSet.tensor", [.x(s), .perm([2], dim: 0, hi: 3), .x([2, 4])], all + DTypes.complex, layouts: strided,
              ["Tensor.subscript": { a in a[0][a[1]] = a[2]; return a[0] }])
        t.add("gather", [.x(s), .idx([3, 2], 0, 4)], all + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded, .empty],
              ["Tensor.gather": { $0[0].gather(1, $0[1]) }])
        t.add("scatter", [.x(s), .perm([3, 2], dim: 1, hi: 4), .x([3, 2])], all + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded, .empty],
              ["Tensor.scatter": { $0[0].scatter(1, $0[1], $0[2]) }])
        t.add("scatter.value", [.x(s), .perm([3, 2], dim: 1, hi: 4)], all + DTypes.complex, grad: true,
              layouts: strided,
              ["Tensor.scatter": { $0[0].scatter(1, $0[1], value: 1) }])
        t.add("scatterAdd", [.x(s), .idx([3, 5], 0, 4), .x([3, 5])], all + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded, .empty],
              known: knownIn("complex64", [.contiguous, .transposed, .sliced, .expanded], Gap.complexAccumulate),
              ["Tensor.scatterAdd": { $0[0].scatterAdd(1, $0[1], $0[2]) }])
        t.add("indexSelect", [.x(s), .idx([5], 0, 3)], all + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded],
              ["Tensor.indexSelect": { $0[0].indexSelect(0, $0[1]) }])
        t.add("indexAdd", [.x(s), .idx([5], 0, 3), .x([5, 4])], all + DTypes.complex, grad: true,
              layouts: strided + [.expanded],
              known: knownIn("complex64", [.contiguous, .transposed, .sliced, .expanded], Gap.complexAccumulate),
              ["Tensor.indexAdd": { $0[0].indexAdd(0, $0[1], $0[2]) }])
        t.add("maskedFill", [.x(s), .mask(s)], all + DTypes.complex, grad: true, layouts: strided + [.expanded],
              ["Tensor.maskedFill": { $0[0].maskedFill($0[1], 1) }])
        t.add("maskedFill.tensor", [.x(s), .mask(s), .x([])], all + DTypes.complex, grad: true, layouts: strided,
              ["Tensor.maskedFill": { $0[0].maskedFill($0[1], $0[2]) }])
        t.add("indexPut", [.x(s), .perm([3], dim: 0, hi: 3), .idx([3], 0, 4), .x([3])], all + DTypes.complex,
              grad: true,
              layouts: strided, ["Tensor.indexPut": { $0[0].indexPut([$0[1], $0[2]], $0[3]) }])
        t.add("indexPut.accumulate", [.x(s), .idx([5], 0, 3), .idx([5], 0, 4), .x([5])], all + DTypes.complex,
              grad: true,
              layouts: strided, known: knownIn("complex64", [.contiguous, .transposed, .sliced], Gap.complexAccumulate),
              ["Tensor.indexPut": { $0[0].indexPut([$0[1], $0[2]], $0[3], accumulate: true) }])
        t.add("indexPut_", [.x(s), .perm([3], dim: 0, hi: 3), .idx([3], 0, 4), .x([3])], all + DTypes.complex,
              layouts: strided,
              ["Tensor.indexPut_": { $0[0].indexPut_([$0[1], $0[2]], $0[3]) }])
        t.add("nonzero", [.x(s, .coarse)], all + DTypes.complex,
              layouts: [.contiguous, .transposed, .sliced, .expanded, .empty],
              ["Tensor.nonzero": { $0[0].nonzero() }])
        t.add("maskedSelect", [.x(s), .mask(s)], all + DTypes.complex, grad: true, layouts: strided + [.expanded],
              ["Tensor.maskedSelect": { $0[0].maskedSelect($0[1]) }])
        t.add("maskedSelect.broadcast", [.x(s), .mask([4])], all + DTypes.complex, layouts: strided,
              ["Tensor.maskedSelect": { $0[0].maskedSelect($0[1]) }])
    }
}
