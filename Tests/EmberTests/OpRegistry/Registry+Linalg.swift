@testable import Ember

// Products, einsum and the unfold/fold pair (im2col/col2im). `Linalg` rows (decompositions,
// norms, solvers) are in Registry+LinalgDecompositions.swift.

extension OpRegistry {
    static func addLinalg(to t: inout RegistryTable) {
        let numeric = DTypes.numeric
        let mats: [Layout] = [.contiguous, .transposed, .sliced, .expanded, .empty]
        t.add("matmul", [.x([3, 4]), .x([4, 5])], numeric + DTypes.complex, grad: true, layouts: mats,
              empty: [[0, 4], [4, 5]],
              ["matmul": { matmul($0[0], $0[1]) }, "Tensor.matmul": { $0[0].matmul($0[1]) },
               "Linalg.matmul": { Linalg.matmul($0[0], $0[1]) }])
        t.add("matmul.batched", [.x([2, 3, 4]), .x([4, 2])], numeric + DTypes.complex, grad: true, layouts: mats,
              empty: [[0, 3, 4], [4, 2]],
              ["matmul": { matmul($0[0], $0[1]) }])
        t.add("matmul.broadcast", [.x([2, 1, 3, 4]), .x([3, 4, 2])], numeric + DTypes.complex, grad: true,
              layouts: Layout.strided,
              ["matmul": { matmul($0[0], $0[1]) }])
        t.add("matmul.vecmat", [.x([4]), .x([4, 3])], numeric + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced],
              ["matmul": { matmul($0[0], $0[1]) }])
        t.add("matmul.matvec", [.x([3, 4]), .x([4])], numeric + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced],
              ["matmul": { matmul($0[0], $0[1]) }])
        t.add("matmul.dot", [.x([4]), .x([4])], numeric + DTypes.complex, grad: true, layouts: [.contiguous, .sliced],
              ["matmul": { matmul($0[0], $0[1]) }])
        t.add("mm", [.x([3, 4]), .x([4, 5])], numeric + DTypes.complex, grad: true, layouts: mats,
              empty: [[0, 4], [4, 5]],
              ["mm": { mm($0[0], $0[1]) }, "Tensor.mm": { $0[0].mm($0[1]) }])
        t.add("addmm", [.x([5]), .x([3, 4]), .x([4, 5])], numeric + DTypes.complex, grad: true, layouts: Layout.strided,
              ["addmm": { addmm($0[0], $0[1], $0[2]) }])
        t.add("addmm.scaled", [.x([3, 5]), .x([3, 4]), .x([4, 5])], numeric + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded],
              known: Dictionary(uniqueKeysWithValues: DTypes.ints.map { ("\($0)/*", Gap.addmmIntScaled) }),
              ["addmm": { addmm($0[0], $0[1], $0[2], beta: 0.5, alpha: 2) }])
        t.add("mv", [.x([3, 4]), .x([4])], numeric + DTypes.complex, grad: true, layouts: mats, empty: [[0, 4], [4]],
              ["mv": { mv($0[0], $0[1]) }, "Tensor.mv": { $0[0].mv($0[1]) }])
        t.add("bmm", [.x([2, 3, 4]), .x([2, 4, 5])], numeric + DTypes.complex, grad: true, layouts: mats,
              ["bmm": { bmm($0[0], $0[1]) }, "Tensor.bmm": { $0[0].bmm($0[1]) }])
        t.add("dot", [.x([5]), .x([5])], numeric + DTypes.complex, grad: true, layouts: [.contiguous, .sliced, .empty],
              ["dot": { dot($0[0], $0[1]) }, "Tensor.dot": { $0[0].dot($0[1]) }])
        t.add("outer", [.x([3]), .x([4])], DTypes.all + DTypes.complex, grad: true,
              layouts: [.contiguous, .sliced, .empty],
              ["outer": { outer($0[0], $0[1]) }, "Tensor.outer": { $0[0].outer($0[1]) }])
        t.add("einsum", [.x([3, 4]), .x([4, 5])], numeric + DTypes.complex, grad: true, layouts: mats,
              empty: [[0, 4], [4, 5]],
              ["einsum": { einsum("ij,jk->ik", $0[0], $0[1]) }])
        t.add("einsum.array", [.x([2, 3, 4]), .x([2, 4])], numeric + DTypes.complex, grad: true,
              layouts: Layout.strided,
              ["einsum": { einsum("bij,bj->bi", [$0[0], $0[1]]) }])
        t.add("einsum.trace", [.x([4, 4])], DTypes.all + DTypes.complex, grad: true, layouts: Layout.strided,
              ["einsum": { einsum("ii", $0[0]) }])
        t.add("im2col", [.x([1, 2, 4, 4])], DTypes.floats + DTypes.existing(["bool"]) + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced],
              skip: ["bool": Gap.foldBool, "bfloat16": Gap.foldBF16, "complex64": Gap.foldComplex],
              ["Tensor.im2col": { $0[0].im2col(kernelSize: (2, 2)) }])
        t.add("im2col.strided", [.x([2, 1, 4, 5])], DTypes.floats + DTypes.existing(["bool"]) + DTypes.complex,
              grad: true, layouts: [.contiguous, .transposed, .sliced],
              skip: ["bool": Gap.foldBool, "bfloat16": Gap.foldBF16, "complex64": Gap.foldComplex],
              ["Tensor.im2col": { $0[0].im2col(kernelSize: (2, 3), dilation: (1, 2), padding: (1, 1), stride: (2, 1)) }])
        t.add("col2im", [.x([1, 8, 9])], DTypes.floats + DTypes.existing(["bool"]) + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced],
              skip: ["bool": Gap.foldBool, "bfloat16": Gap.foldBF16, "complex64": Gap.foldComplex],
              ["Tensor.col2im": { $0[0].col2im(outputSize: (4, 4), kernelSize: (2, 2)) }])
    }
}
