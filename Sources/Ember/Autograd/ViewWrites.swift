// In-place writes through views (PyTorch's CopySlices): after `base[0].add_(y)` or
// `view.copy_(src)`, the base's history must include the write, and the view becomes a
// view of the updated base.

extension Tensor {
    /// Updates autograd history after an in-place write into self when self is a view.
    func rebaseViewAfterWrite(file: StaticString, line: UInt) {
        guard let base = viewBase, ThreadState.current.gradEnabled, requiresGrad || base.requiresGrad,
              let region = regionIndex(in: base) else { return }
        let baseShape = base.shape, baseCount = base.count
        // Gradient of the new base: the old base keeps the grad outside the written region;
        // the written values get the grad inside it. Only indices are captured (no tensors),
        // so the base's node never holds the view that holds the base.
        Tensor.record("CopySlices", inputs: [base, self], outputs: [base], file: file, line: line) { ctx in
            let flat = ctx.grad.reshape([baseCount])
            let outside = ctx.needs(0) ? flat.scatter(0, region, value: 0).reshape(baseShape) : nil
            let inside = ctx.needs(1) ? flat.gather(0, region) : nil
            return [outside, inside.map { $0.reshape(region.shape) }]
        }
        Tensor.record("AsStridedBackward0", inputs: [base], outputs: [self], file: file, line: line) { ctx in
            let zeros = Tensor.zeros([baseCount], dtype: ctx.grad.dtype, device: ctx.grad.device)
            return [zeros.scatterAdd(0, region, ctx.grad.reshape([region.count])).reshape(baseShape)]
        }
    }

    /// For each element of self (row-major), its flat position in `base`; nil when self
    /// reaches storage outside the base.
    func regionIndex(in base: Tensor) -> Tensor? {
        var position: [Int: Int64] = [:]
        position.reserveCapacity(base.count)
        var flat: Int64 = 0
        forEachOffset(base.shape, base.strides, base.storageOffset) { offset in
            position[offset] = flat
            flat += 1
        }
        var indices: [Int64] = []
        indices.reserveCapacity(count)
        var outside = false
        forEachOffset(shape, strides, storageOffset) { offset in
            if let p = position[offset] { indices.append(p) } else { outside = true }
        }
        return outside ? nil : Tensor(indices, shape: [count], device: device)
    }
}
