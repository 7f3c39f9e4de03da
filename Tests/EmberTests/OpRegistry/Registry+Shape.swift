@testable import Ember

// Views and shape ops, joins and splits. Sizes use -1 and negative dims where that lets the
// same call run on the expanded and empty cases too.

extension OpRegistry {
    static func addShape(to t: inout RegistryTable) {
        let s = [3, 4], s3 = [2, 3, 4]
        let all = DTypes.all
        // `view` needs a compatible (here: contiguous) layout, as in PyTorch.
        t.add("view", [.x(s)], all + DTypes.complex, grad: true, layouts: [.contiguous, .empty],
              ["Tensor.view": { $0[0].view([-1, 2]) }])
        t.add("view.variadic", [.x(s)], all + DTypes.complex, layouts: [.contiguous],
              ["Tensor.view": { $0[0].view(2, 6) }])
        t.add("reshape", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.reshape": { $0[0].reshape([-1, 2]) }])
        t.add("reshape.variadic", [.x(s)], all + DTypes.complex, layouts: Layout.strided,
              ["Tensor.reshape": { $0[0].reshape(2, 2, 3) }])
        t.add("viewAs", [.x(s), .x([6, 2])], all + DTypes.complex, layouts: [.contiguous],
              ["Tensor.view": { $0[0].view(as: $0[1]) }])
        t.add("reshapeAs", [.x(s), .x([6, 2])], all + DTypes.complex, layouts: [.contiguous, .transposed, .sliced],
              ["Tensor.reshape": { $0[0].reshape(as: $0[1]) }])
        t.add("flatten", [.x(s3)], all + DTypes.complex, grad: true, ["Tensor.flatten": { $0[0].flatten() }])
        t.add("flatten.start", [.x(s3)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.flatten": { $0[0].flatten(startDim: 1) }])
        t.add("squeeze", [.x([3, 1, 4])], all + DTypes.complex, grad: true, ["Tensor.squeeze": { $0[0].squeeze() }])
        t.add("squeeze.dim", [.x([3, 1, 4])], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.squeeze": { $0[0].squeeze(1) }])
        t.add("unsqueeze", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.unsqueeze": { $0[0].unsqueeze(-1) }])
        t.add("permute", [.x(s3)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.permute": { $0[0].permute([2, 0, 1]) }])
        t.add("permute.variadic", [.x(s3)], all + DTypes.complex, layouts: Layout.strided,
              ["Tensor.permute": { $0[0].permute(1, 2, 0) }])
        t.add("transpose", [.x(s3)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.transpose": { $0[0].transpose(0, -1) }])
        t.add("t", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.t": { $0[0].t() }, "Tensor.T": { $0[0].T }])
        t.add("mT", [.x(s3)], all + DTypes.complex, grad: true, layouts: Layout.noScalar, ["Tensor.mT": { $0[0].mT }])
        t.add("expand", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.expand": { $0[0].expand([2, -1, -1]) }])
        t.add("expand.variadic", [.x([3, 1])], all + DTypes.complex, layouts: [.contiguous, .transposed, .scalar],
              ["Tensor.expand": { $0[0].expand(3, 4) }])
        t.add("expandAs", [.x([3, 1]), .x(s)], all + DTypes.complex, grad: true, layouts: [.contiguous, .transposed],
              ["Tensor.expand": { $0[0].expand(as: $0[1]) }])
        t.add("narrow", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.narrow": { $0[0].narrow(-1, 1, 2) }])
        t.add("select", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.select": { $0[0].select(-1, 2) }])
        t.addMulti("split", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
                   [("Tensor.split", { $0[0].split(2, dim: -1) })])
        t.addMulti("split.sizes", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
                   [("Tensor.split", { $0[0].split([1, 3], dim: -1) })])
        t.addMulti("chunk", [.x([3, 5])], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
                   [("Tensor.chunk", { $0[0].chunk(2, dim: -1) })])
        t.add("repeat", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.repeat": { $0[0].repeat([2, 1]) }])
        t.add("repeat.variadic", [.x(s)], all + DTypes.complex, layouts: Layout.strided,
              ["Tensor.repeat": { $0[0].repeat(1, 2, 1) }])
        t.add("flip", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.flip": { $0[0].flip([0]) }])
        t.add("flip.variadic", [.x(s3)], all + DTypes.complex, layouts: Layout.noScalar,
              ["Tensor.flip": { $0[0].flip(0, 2) }])
        t.add("cat", [.x(s), .x([3, 2])], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["cat": { cat([$0[0], $0[1]], dim: -1) }])
        t.add("stack", [.x(s), .x(s)], all + DTypes.complex, grad: true, ["stack": { stack([$0[0], $0[1]]) }])
        t.add("stack.dim", [.x(s), .x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["stack": { stack([$0[0], $0[1]], dim: -1) }])
        t.add("diagonal", [.x(s)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.diagonal": { $0[0].diagonal(offset: 1) }, "diagonal": { diagonal($0[0], offset: 1) },
               "Linalg.diagonal": { Linalg.diagonal($0[0], offset: 1) }])
        t.add("diagonal.dims", [.x(s3)], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.diagonal": { $0[0].diagonal(offset: -1, dim1: 1, dim2: 2) }])
    }
}
