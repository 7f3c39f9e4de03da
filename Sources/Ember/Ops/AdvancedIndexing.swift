// Tensor indices (advanced indexing): `t[mask]`, `t[indexTensor]`, `index_put_`, `nonzero`,
// `masked_select`. The index tensors broadcast together; the result puts their broadcast
// shape where the indexed dims were when those dims are adjacent, first otherwise (NumPy's
// rule, as PyTorch applies it after ints and slices have made a view).

/// Where the elements picked by tensor indices live in the indexed tensor.
struct AdvancedIndexPlan {
    /// Per dim of the indexed tensor: its int64 index, wrapped into `0..<size`, or nil.
    let indices: [Tensor?]
    /// The indexed dims, in order, and their indices' values (row-major, wrapped).
    let positions: [Int]
    let values: [[Int64]]
    /// The shape the indices broadcast to.
    let broadcastShape: [Int]
    /// Whether the broadcast dims replace the indexed ones in place (else they go first).
    let adjacent: Bool

    /// The indices as subscript items (`.all` for dims not indexed), for backward formulas.
    var items: [TensorIndex] {
        indices.map { $0.map { TensorIndex(.indexTensor($0)) } ?? .all }
    }

    /// The dims of a tensor with `ndim` dims that are not indexed, split into those before
    /// the broadcast dims of the result and those after them.
    func restDims(_ ndim: Int) -> (before: [Int], after: [Int]) {
        let rest = (0..<ndim).filter { !positions.contains($0) }
        guard adjacent, let first = positions.first else { return ([], rest) }
        let before: [Int] = rest.filter { $0 < first }
        let after: [Int] = rest.filter { $0 > first }
        return (before, after)
    }

    /// The shape of `t[indices]` for a tensor of `shape`.
    func resultShape(_ shape: [Int]) -> [Int] {
        let (before, after) = restDims(shape.count)
        return before.map { shape[$0] } + broadcastShape + after.map { shape[$0] }
    }

    /// The storage offset of each element of `t[indices]`, in the result's row-major order.
    func offsets(in t: Tensor) -> [Int64] {
        let count = broadcastShape.reduce(1, *)
        var picked = [Int](repeating: 0, count: count)
        for (k, p) in positions.enumerated() {
            let indexShape = indices[p]!.shape
            let source = layoutOffsets(broadcastShape, broadcastStrides(indexShape, contiguousStrides(indexShape), to: broadcastShape))
            let stride = t.strides[p], vals = values[k]
            for i in 0..<count { picked[i] += Int(vals[source[i]]) * stride }
        }
        let (before, after) = restDims(t.ndim)
        let pre = layoutOffsets(before.map { t.shape[$0] }, before.map { t.strides[$0] })
        let post = layoutOffsets(after.map { t.shape[$0] }, after.map { t.strides[$0] })
        var out: [Int64] = []
        out.reserveCapacity(pre.count * count * post.count)
        for a in pre {
            for b in picked {
                for c in post { out.append(Int64(t.storageOffset + a + b + c)) }
            }
        }
        return out
    }
}

/// The offsets of every element of a strided layout, in row-major order.
func layoutOffsets(_ shape: [Int], _ strides: [Int]) -> [Int] {
    var result = [0]
    for (size, stride) in zip(shape, strides) {
        var next: [Int] = []
        next.reserveCapacity(result.count * size)
        for base in result {
            for i in 0..<size { next.append(base + i * stride) }
        }
        result = next
    }
    return result
}

extension Tensor {
    /// Checks and wraps the index tensors (one per dim, nil where not indexed) and works out
    /// where the result's dims come from.
    func advancedIndexPlan(_ indices: [Tensor?], file: StaticString, line: UInt) -> AdvancedIndexPlan {
        let positions = indices.indices.filter { indices[$0] != nil }
        var broadcast: [Int] = []
        for p in positions {
            guard let shape = broadcastedShape(broadcast, indices[p]!.shape) else {
                let shapes = positions.map { shapeString(indices[$0]!.shape) }.joined(separator: ", ")
                emberFatal("shape mismatch: indexing tensors could not be broadcast together with shapes \(shapes)", file: file, line: line)
            }
            broadcast = shape
        }
        var normalized = indices
        var values: [[Int64]] = []
        for p in positions {
            let index = indices[p]!
            var vals = index.toArray(Int64.self)
            let size = shape[p]
            var changed = index.dtype != .int64
            for i in vals.indices where vals[i] < 0 || vals[i] >= size {
                guard vals[i] >= -size && vals[i] < size else {
                    emberFatal("index \(vals[i]) is out of bounds for dimension \(p) with size \(size)", file: file, line: line)
                }
                vals[i] += Int64(size)
                changed = true
            }
            if changed { normalized[p] = Tensor(vals, shape: index.shape, device: index.device) }
            values.append(vals)
        }
        let adjacent = positions.isEmpty || positions.last! - positions.first! + 1 == positions.count
        return AdvancedIndexPlan(indices: normalized, positions: positions, values: values,
                                 broadcastShape: broadcast, adjacent: adjacent)
    }

    /// This tensor's storage seen as one flat run of elements (for offset-based kernels).
    var flatStorageView: StridedView {
        let count = storage.byteCount / dtype.itemSize
        return StridedView(storage: storage, shape: [count], strides: [1], offset: 0, dtype: dtype)
    }

    /// `self[indices]` for int64 indices per dim: a copy, recorded as IndexBackward0 (whose
    /// backward accumulates into zeros, so repeated indices add up).
    func advancedIndex(_ indices: [Tensor?], file: StaticString, line: UInt) -> Tensor {
        let plan = advancedIndexPlan(indices, file: file, line: line)
        let resultShape = plan.resultShape(shape)
        let out = Tensor(uninitializedShape: resultShape, dtype: dtype, device: device)
        let count = out.count
        if count > 0 && plan.positions.count == 1 {
            // One indexed dim: whole slices, as index_select moves them.
            let d = plan.positions[0]
            let flat = Tensor(plan.values[0], shape: [plan.values[0].count], device: device)
            var selected = shape
            selected[d] = flat.count
            let into = StridedView(storage: out.storage, shape: selected, strides: contiguousStrides(selected), offset: 0, dtype: dtype)
            backend.indexSelect(view, dim: d, index: flat.view, into: into)
        } else if count > 0 {
            let offsets = Tensor(plan.offsets(in: self), shape: [count], device: device)
            let into = StridedView(storage: out.storage, shape: [count], strides: [1], offset: 0, dtype: dtype)
            backend.gather(flatStorageView, dim: 0, index: offsets.view, into: into)
        }
        let inputShape = shape
        let items = plan.items
        Tensor.record("IndexBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
            let g = ctx.grad
            return [Tensor.zeros(inputShape, dtype: g.dtype, device: g.device).indexPut(items, g, accumulate: true, file: file, line: line)]
        }
        return out
    }

    /// Writes `value` (broadcast to the indexing result) at the elements `indices` pick, or
    /// adds it there (repeated indices add up) when accumulating. No autograd recording.
    func indexPutAdvanced(_ indices: [Tensor?], _ value: Tensor, accumulate: Bool, file: StaticString, line: UInt) {
        let plan = advancedIndexPlan(indices, file: file, line: line)
        let resultShape = plan.resultShape(shape)
        let source = value.droppingLeadingOnes(toAtMost: resultShape.count)
        guard broadcastedShape(source.shape, resultShape) == resultShape else {
            emberFatal("shape mismatch: value tensor of shape \(shapeString(value.shape)) cannot be broadcast to indexing result of shape \(shapeString(resultShape))", file: file, line: line)
        }
        let count = resultShape.reduce(1, *)
        guard count > 0 else { return }
        // A contiguous copy first: also makes a value that overlaps self safe to read.
        let src = Tensor(uninitializedShape: resultShape, dtype: dtype, device: device)
        backend.copy(source.view(broadcastTo: resultShape), into: src.view)
        let offsets = Tensor(plan.offsets(in: self), shape: [count], device: device)
        let flatSource = StridedView(storage: src.storage, shape: [count], strides: [1], offset: 0, dtype: dtype)
        backend.scatter(flatSource, dim: 0, index: offsets.view, into: flatStorageView, accumulate: accumulate)
    }
}

/// The broadcast of two shapes, or nil when they do not broadcast.
func broadcastedShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let n = Swift.max(a.count, b.count)
    var out = Array(repeating: 1, count: n)
    for i in 0..<n {
        let da = i < n - a.count ? 1 : a[i - (n - a.count)]
        let db = i < n - b.count ? 1 : b[i - (n - b.count)]
        guard da == db || da == 1 || db == 1 else { return nil }
        out[i] = da == 1 ? db : da
    }
    return out
}

// MARK: - Public ops

extension Tensor {
    /// `index_put_(indices, values, accumulate)`: writes `values` (broadcast) at the
    /// positions the index tensors pick, one index per leading dim; with `accumulate`,
    /// adds them (repeated indices add up). Bool masks are allowed.
    @discardableResult
    public func indexPut_(_ indices: [Tensor], _ values: Tensor, accumulate: Bool = false,
                          file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        // Integer indices only: a mask's positions are data (capture stops at their read).
        if indices.contains(where: { $0.dtype == .bool || $0.dtype == .uint8 }) {
            return indexPutInPlace(indices, values, accumulate: accumulate, file: file, line: line)
        }
        return Tensor.traced("aten.index_put", [.tensor(self), .tensors(indices), .tensor(values), .bool(accumulate)],
                             mutating: 0, file: file, line: line) {
            indexPutInPlace(indices, values, accumulate: accumulate, file: file, line: line)
        }
    }

    private func indexPutInPlace(_ indices: [Tensor], _ values: Tensor, accumulate: Bool,
                                 file: StaticString, line: UInt) -> Tensor {
        checkInPlaceAllowed(file: file, line: line)
        let items = indexPutItems(indices, values, file: file, line: line)
        let selection = noGrad { applyBasicIndices(items, file: file, line: line) }
        writeSelection(selection, values, accumulate: accumulate, convertScalar: false, file: file, line: line)
        Tensor.recordIndexPut("IndexPutBackward0", items, input: self, value: values, output: self,
                              accumulate: accumulate, file: file, line: line)
        rebaseViewAfterWrite(file: file, line: line)
        return self
    }

    /// `index_put(indices, values, accumulate)`: the out-of-place `index_put_`.
    public func indexPut(_ indices: [Tensor], _ values: Tensor, accumulate: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if indices.contains(where: { $0.dtype == .bool || $0.dtype == .uint8 }) {
            return indexPut(indexPutItems(indices, values, file: file, line: line), values, accumulate: accumulate, file: file, line: line)
        }
        return Tensor.traced("aten.index_put", [.tensor(self), .tensors(indices), .tensor(values), .bool(accumulate)],
                             file: file, line: line) {
            indexPut(indexPutItems(indices, values, file: file, line: line), values, accumulate: accumulate, file: file, line: line)
        }
    }

    /// The subscript items for `index_put`'s index list, after PyTorch's checks.
    private func indexPutItems(_ indices: [Tensor], _ values: Tensor, file: StaticString, line: UInt) -> [TensorIndex] {
        if values.dtype != dtype {
            emberFatal("Index put requires the source and destination dtypes match, got \(dtype.scalarTypeName) for the destination and \(values.dtype.scalarTypeName) for the source.", file: file, line: line)
        }
        let dims = indices.reduce(0) { $0 + ($1.dtype == .bool || $1.dtype == .uint8 ? $1.ndim : 1) }
        if dims > ndim {
            emberFatal("too many indices for tensor of dimension \(ndim) (got \(dims))", file: file, line: line)
        }
        return indices.map { TensorIndex(.indexTensor($0)) }
    }

    /// A copy of self with `values` written (or added) at `items`, recorded as IndexPutBackward0.
    func indexPut(_ items: [TensorIndex], _ values: Tensor, accumulate: Bool, file: StaticString, line: UInt) -> Tensor {
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: device)
        backend.copy(view, into: out.view)
        let selection = noGrad { out.applyBasicIndices(items, file: file, line: line) }
        out.writeSelection(selection, values, accumulate: accumulate, convertScalar: true, file: file, line: line)
        Tensor.recordIndexPut("IndexPutBackward0", items, input: self, value: values, output: out,
                              accumulate: accumulate, file: file, line: line)
        return out
    }

    /// `nonzero()`: the positions of the nonzero elements, int64 of shape `[n, ndim]`, in
    /// row-major order.
    public func nonzero() -> Tensor {
        let flags = toArray(Bool.self)
        let strides = contiguousStrides(shape)
        var values: [Int64] = []
        var n = 0
        for (flat, flag) in flags.enumerated() where flag {
            var rest = flat
            for d in 0..<ndim {
                values.append(Int64(rest / strides[d]))
                rest %= strides[d]
            }
            n += 1
        }
        return Tensor(values, shape: [n, ndim], device: device)
    }

    /// `masked_select(mask)`: the elements where the (broadcast) bool mask is true, as a 1-D
    /// copy (MaskedSelectBackward0).
    public func maskedSelect(_ mask: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard mask.dtype == .bool else { emberFatal("masked_select: expected BoolTensor for mask", file: file, line: line) }
        Tensor.checkSameDevice(self, mask, file: file, line: line)
        let common = broadcastShapes(shape, mask.shape, file: file, line: line)
        let target = common.isEmpty ? [1] : common
        let (x, m) = noGrad { (expand(target, file: file, line: line), mask.expand(target, file: file, line: line)) }
        let indices: [Tensor?] = m.truePositions(file: file, line: line).map { Tensor($0, shape: [$0.count], device: device) }
        let out = noGrad { x.advancedIndex(indices, file: file, line: line) }
        let items = indices.map { TensorIndex(.indexTensor($0!)) }
        Tensor.record("MaskedSelectBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
            let g = ctx.grad
            return [Tensor.zeros(target, dtype: g.dtype, device: g.device).indexPut(items, g, accumulate: true, file: file, line: line)]
        }
        return out
    }
}
