@testable import Ember

// Reductions, scans and normalisations. Dims are negative so the same call runs on 0-d
// inputs (PyTorch accepts dim 0/-1 there). Reductions without an identity (max, argmax)
// skip empty inputs, where PyTorch raises.

extension OpRegistry {
    static func addReductions(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all, numeric = DTypes.numeric, floats = DTypes.floats
        let normComplex = ["complex64": Gap.normComplex]
        let noEmpty: [Layout] = [.contiguous, .transposed, .sliced, .expanded, .scalar]
        t.add("sum", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.sum": { $0[0].sum() }, "sum": { Ember.sum($0[0]) }])
        t.add("sum.dim", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.sum": { $0[0].sum(dim: -1) }])
        t.add("sum.dims", [.x([2, 3, 4])], all + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.sum": { $0[0].sum(dim: [0, 2], keepdim: true) }])
        t.add("sum.dtype", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.sum": { $0[0].sum(dtype: .float64) }])
        t.add("sumToShape", [.x(s)], all + DTypes.complex, grad: true,
              layouts: [.contiguous, .transposed, .sliced, .expanded],
              ["Tensor.sumToShape": { $0[0].sumToShape([1, 4]) }])
        t.add("mean", [.x(s)], floats + DTypes.complex, grad: true,
              ["Tensor.mean": { $0[0].mean() }, "mean": { Ember.mean($0[0]) }])
        t.add("mean.dim", [.x(s)], floats + DTypes.complex, grad: true,
              ["Tensor.mean": { $0[0].mean(dim: -1, keepdim: true) }])
        t.add("mean.dims", [.x([2, 3, 4])], floats + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.mean": { $0[0].mean(dim: [0, 1]) }])
        t.add("prod", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.prod": { $0[0].prod() }])
        t.add("prod.dim", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.prod": { $0[0].prod(dim: -1) }])
        t.add("max", [.x(s)], all, grad: true, layouts: noEmpty, ["Tensor.max": { $0[0].max() }])
        t.add("min", [.x(s)], all, grad: true, layouts: noEmpty, ["Tensor.min": { $0[0].min() }])
        t.addMulti("max.dim", [.x(s)], all, grad: true,
              [("Tensor.max", { let r = $0[0].max(dim: -1); return [r.values, r.indices] })])
        t.addMulti("min.dim", [.x(s)], all, grad: true,
                   [("Tensor.min", { let r = $0[0].min(dim: -1, keepdim: true); return [r.values, r.indices] })])
        t.add("argmax", [.x(s)], numeric, layouts: noEmpty, ["Tensor.argmax": { $0[0].argmax() }])
        t.add("argmax.dim", [.x(s)], numeric, ["Tensor.argmax": { $0[0].argmax(dim: -1) }])
        t.add("argmin", [.x(s)], numeric, layouts: noEmpty, ["Tensor.argmin": { $0[0].argmin() }])
        t.add("argmin.dim", [.x(s)], numeric, ["Tensor.argmin": { $0[0].argmin(dim: -1, keepdim: true) }])
        t.add("all", [.x(s, .coarse)], all + DTypes.complex,
              ["Tensor.all": { $0[0].all() }])
        t.add("all.dim", [.x(s, .coarse)], all + DTypes.complex,
              ["Tensor.all": { $0[0].all(dim: -1) }])
        t.add("any", [.x(s, .coarse)], all + DTypes.complex, ["Tensor.any": { $0[0].any() }])
        t.add("any.dim", [.x(s, .coarse)], all + DTypes.complex, ["Tensor.any": { $0[0].any(dim: -1, keepdim: true) }])
        t.add("logsumexp", [.x(s)], all + DTypes.complex, grad: true,
              skip: ["complex64": Gap.logsumexpComplex], ["Tensor.logsumexp": { $0[0].logsumexp(dim: -1) }])
        t.add("softmax", [.x(s)], floats, grad: true,
              ["Tensor.softmax": { $0[0].softmax(dim: -1) }, "softmax": { softmax($0[0], dim: -1) }])
        t.add("logSoftmax", [.x(s)], floats, grad: true,
              ["Tensor.logSoftmax": { $0[0].logSoftmax(dim: -1) }, "logSoftmax": { logSoftmax($0[0], dim: -1) }])
        t.add("var", [.x(s)], floats + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.var": { $0[0].var() }])
        t.add("var.dim", [.x(s)], floats + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.var": { $0[0].var(dim: -1, unbiased: false, keepdim: true) }])
        t.add("std", [.x(s)], floats + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.std": { $0[0].std() }])
        t.add("std.dim", [.x(s)], floats + DTypes.complex, grad: true, layouts: Layout.noScalar,
              ["Tensor.std": { $0[0].std(dim: 0) }])
        t.add("cumsum", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.cumsum": { $0[0].cumsum(dim: -1) }])
        t.add("cumsum.dtype", [.x(s)], all + DTypes.complex,
              ["Tensor.cumsum": { $0[0].cumsum(dim: 0, dtype: .float64) }])
        t.add("norm", [.x(s)], floats + DTypes.complex, grad: true, skip: normComplex,
              ["Tensor.norm": { $0[0].norm() }])
        t.add("norm.p1dim", [.x(s)], floats + DTypes.complex, grad: true, skip: normComplex,
              ["Tensor.norm": { $0[0].norm(p: 1, dim: -1, keepdim: true) }])
        t.add("norm.p3", [.x(s)], floats + DTypes.complex, grad: true, skip: normComplex,
              ["Tensor.norm": { $0[0].norm(p: 3, dim: 0) }])
    }
}
