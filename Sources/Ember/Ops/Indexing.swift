// `t[...]`, getter and setter, with PyTorch's semantics (DESIGN.md, "Indexing").
//
// Basic indices (ints, ranges, steps, `.all`, `.newAxis`, `.ellipsis`) make a view that
// shares storage, recorded as SelectBackward0 / SliceBackward0 / UnsqueezeBackward0.
// Tensor indices (bool masks, int64/int32 index tensors) then pick elements of that view
// into a copy (IndexBackward0), with NumPy's rule for where the broadcast index dims go.
// The setter writes through the same selection in place: `copy_` semantics for basic
// indices (CopySlices), `index_put_` for tensor indices (IndexPutBackward0).

extension Tensor {
    /// `t[i, j, ...]`: PyTorch's indexing. Ints select (dropping the dim), ranges and
    /// `.slice(_:_:step:)` slice, `.all` keeps a dim, `.newAxis` inserts one, `.ellipsis`
    /// stands for the dims not named; these give views sharing storage. A bool mask picks the
    /// elements where it is true, an int tensor picks positions along a dim; these copy.
    ///
    /// The setter writes in place into the selected elements (the value broadcasts), so
    /// `t[mask] = Tensor(0.0)` and `t[mask] += 1` change `t`, as in PyTorch.
    public subscript(_ indices: any TensorIndexExpression..., file file: StaticString = #fileID,
                     line line: UInt = #line) -> Tensor {
        get { index(indices.map(\._tensorIndex), file: file, line: line) }
        set { indexAssign(indices.map(\._tensorIndex), newValue, file: file, line: line) }
    }

    /// The getter behind `t[...]`.
    ///
    /// Capture records it as torch does: one `aten.select` / `aten.slice` / `aten.unsqueeze`
    /// node per basic index, then `aten.index` for one integer index tensor (bool masks and
    /// several index tensors are not recorded: a mask's result size depends on the data).
    func index(_ items: [TensorIndex], file: StaticString, line: UInt) -> Tensor {
        let selection = applyBasicIndices(items, recording: true, file: file, line: line)
        if selection.hasAdvanced {
            let view = selection.view
            if let dim = selection.singleIndexDim {
                let index = selection.advanced[dim]!
                return Tensor.traced("aten.index", [.tensor(view), .int(dim), .tensor(index)], file: file, line: line) {
                    view.advancedIndex(selection.advanced, file: file, line: line)
                }
            }
            return view.advancedIndex(selection.advanced, file: file, line: line)
        }
        if selection.view !== self { return selection.view }
        return alias(file: file, line: line)
    }

    /// `t[...]`, `t[]`: a new tensor object sharing everything, as PyTorch's alias.
    private func alias(file: StaticString, line: UInt) -> Tensor {
        Tensor.traced("aten.alias", [.tensor(self)], file: file, line: line) {
            makeView("AliasBackward0", shape: shape, strides: strides, file: file, line: line) { ctx in [ctx.grad] }
        }
    }

    /// The setter behind `t[...] = value`.
    func indexAssign(_ items: [TensorIndex], _ value: Tensor, file: StaticString, line: UInt) {
        if Tracing.activeCount != 0 { checkNotCapturedWrite(value, file: file, line: line) }
        let selection = noGrad { applyBasicIndices(items, file: file, line: line) }
        checkInPlaceAllowed(throughView: !selection.hasAdvanced, file: file, line: line)
        writeSelection(selection, value, accumulate: false, convertScalar: true, file: file, line: line)
        let name = selection.hasAdvanced ? "IndexPutBackward0" : "CopySlices"
        Tensor.recordIndexPut(name, items, input: self, value: value, output: self, accumulate: false, file: file, line: line)
        rebaseViewAfterWrite(file: file, line: line)
    }
}

/// The outcome of the basic part of an index: a view of the indexed tensor, and the tensor
/// indices (bool masks expanded to int64 positions) left to apply to that view's dims.
struct IndexSelection {
    var view: Tensor
    /// Per dim of `view`: the int64 index for it, or nil; empty when the index is basic only.
    var advanced: [Tensor?]
    /// The dim of the only index when it is one integer index tensor of the caller's (not
    /// one made from a mask): the case capture records as `aten.index`.
    var singleIndexDim: Int?
    var hasAdvanced: Bool { !advanced.isEmpty }
}

extension Tensor {
    /// Applies ints, slices, `.newAxis` and `.ellipsis` as views (recorded when grad mode is
    /// on) and collects the tensor indices, as PyTorch's `applySlicing` does. `recording`:
    /// each view is a node of a graph capture (the getter); the setter and `index_put` write
    /// through the views, which capture must not see as graph values.
    func applyBasicIndices(_ items: [TensorIndex], recording: Bool = false, file: StaticString, line: UInt) -> IndexSelection {
        let specified = countIndexedDims(items, file: file, line: line)
        // A lone slice is always applied (PyTorch's `x[:]` is SliceBackward0); inside a
        // longer index a full slice is skipped, as PyTorch's slice optimisation does.
        let keepFullSlices = items.count == 1
        var result = self
        var dim = 0
        var recorded: [(dim: Int, index: Tensor)] = []
        for item in items {
            switch item.kind {
            case .int(let i):
                result = result.selectStep(dim, i, recording: recording, file: file, line: line)
            case .slice(let start, let end, let step):
                result = result.sliceStep(dim, start, end, step, keepFull: keepFullSlices, recording: recording,
                                          file: file, line: line)
                dim += 1
            case .newAxis:
                result = recording ? result.unsqueeze(dim, file: file, line: line)
                    : noTrace { result.unsqueeze(dim, file: file, line: line) }
                dim += 1
            case .ellipsis:
                dim += ndim - specified
            case .tensor(let t), .indexTensor(let t):
                let isMask = t.dtype == .bool || t.dtype == .uint8
                if t.ndim == 0 && isMask {
                    // `t[True]` adds a dim of size 1 and keeps it (or nothing, for False).
                    result = result.unsqueeze(dim, file: file, line: line)
                    let keep: [Int64] = t.item(Bool.self) ? [0] : []
                    recorded.append((dim, Tensor(keep, shape: [keep.count], device: t.device)))
                    dim += 1
                } else if t.ndim == 0, case .tensor = item.kind {
                    // A 0-d integer tensor is an int (a view), as in PyTorch.
                    result = result.selectStep(dim, Int(t.item(Int64.self, file: file, line: line)), recording: recording,
                                               file: file, line: line)
                } else {
                    recorded.append((dim, t))
                    dim += isMask ? t.ndim : 1
                }
            }
        }
        let advanced = result.expandIndexTensors(recorded, file: file, line: line)
        var single: Int?
        if recorded.count == 1, let only = recorded.first, only.index.dtype == .int64 || only.index.dtype == .int32 {
            single = only.dim
        }
        return IndexSelection(view: result, advanced: advanced, singleIndexDim: single)
    }

    /// `t[i]` along `dim`: an `aten.select` node when recording.
    private func selectStep(_ dim: Int, _ i: Int, recording: Bool, file: StaticString, line: UInt) -> Tensor {
        guard recording else { return selectIndex(dim, i, file: file, line: line) }
        return Tensor.traced("aten.select", [.tensor(self), .int(dim), .int(i)], file: file, line: line) {
            selectIndex(dim, i, file: file, line: line)
        }
    }

    /// `t[a..<b]` along `dim`: an `aten.slice(self, dim, start, end, step)` node when
    /// recording, with the bounds as the caller wrote them (nil for an open end), so that
    /// capture fits them and ONNX's Slice clamps them as Python does.
    private func sliceStep(_ dim: Int, _ start: Int?, _ end: Int?, _ step: Int, keepFull: Bool, recording: Bool,
                           file: StaticString, line: UInt) -> Tensor {
        guard recording else { return applySlice(dim, start, end, step, keepFull: keepFull, file: file, line: line) }
        return Tensor.traced("aten.slice", [.tensor(self), .int(dim), .optional(start), .optional(end), .int(step)],
                             file: file, line: line) {
            applySlice(dim, start, end, step, keepFull: keepFull, file: file, line: line)
        }
    }

    /// Under capture, `t[...] = v` into or from a traced tensor has no graph op: stop here with
    /// the fix, rather than at the first view the write makes.
    private func checkNotCapturedWrite(_ value: Tensor, file: StaticString, line: UInt) {
        guard let tracer = Tracing.current, tracer.depth == 0,
              tracer.value(of: self) != nil || tracer.value(of: value) != nil else { return }
        emberFatal("export: t[...] = value writes in place into a traced tensor or from one; export cannot capture the subscript setter (build the result out of place: Tensor.where, cat, indexPut, maskedFill)",
                   file: file, line: line)
    }

    /// `body` with capture off on this thread's op hooks (the setter's views are not values).
    func noTrace<R>(_ body: () -> R) -> R {
        guard Tracing.activeCount != 0, let tracer = ThreadState.current.tracer else { return body() }
        tracer.depth += 1
        defer { tracer.depth -= 1 }
        return body()
    }

    /// `aten.slice`'s replay: `self[.all, …, .slice(start, end, step: step)]` with the slice
    /// at `dim` (always a view, even of the whole dim).
    package func sliceForExport(_ dim: Int, _ start: Int?, _ end: Int?, step: Int,
                                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        applySlice(dim, start, end, step, keepFull: true, file: file, line: line)
    }

    /// `aten.index`'s replay: `self[.all, …, index]` with the integer index tensor at `dim`.
    package func indexForExport(_ dim: Int, _ index: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        advancedIndex(Array(repeating: nil, count: dim) + [index], file: file, line: line)
    }

    /// How many of this tensor's dims the items index, with PyTorch's errors for too many.
    private func countIndexedDims(_ items: [TensorIndex], file: StaticString, line: UInt) -> Int {
        var specified = 0
        var ellipses = 0
        for item in items {
            switch item.kind {
            case .int, .slice: specified += 1
            case .newAxis: break
            case .ellipsis: ellipses += 1
            case .tensor(let t), .indexTensor(let t):
                guard [.bool, .uint8, .int32, .int64].contains(t.dtype) else {
                    emberFatal("tensors used as indices must be long, int, byte or bool tensors", file: file, line: line)
                }
                specified += t.dtype == .bool || t.dtype == .uint8 ? t.ndim : 1
            }
        }
        if ellipses > 1 { emberFatal("an index can only have a single ellipsis ('...')", file: file, line: line) }
        if specified > ndim {
            if ndim == 0 {
                emberFatal("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number", file: file, line: line)
            }
            emberFatal("too many indices for tensor of dimension \(ndim)", file: file, line: line)
        }
        return specified
    }

    /// Python's slice bounds resolved as PyTorch's `slice` does: negative bounds count from
    /// the end, then both clamp to `0...size`, and an end before the start is empty.
    private func applySlice(_ dim: Int, _ start: Int?, _ end: Int?, _ step: Int, keepFull: Bool,
                            file: StaticString, line: UInt) -> Tensor {
        if step == 0 { emberFatal("slice step cannot be zero", file: file, line: line) }
        if step < 0 { emberFatal("step must be greater than zero", file: file, line: line) }
        let size = shape[dim]
        var s = start ?? 0, e = end ?? size
        if s < 0 { s += size }
        if e < 0 { e += size }
        s = Swift.min(Swift.max(s, 0), size)
        e = Swift.min(Swift.max(e, s), size)
        if !keepFull && s == 0 && e == size && step == 1 { return self }
        return slice(dim, s, e, step: step, file: file, line: line)
    }

    /// Turns the recorded tensor indices into one int64 index per dim: a k-dim mask becomes
    /// the k columns of its `nonzero()`, after checking its shape against the dims it covers.
    func expandIndexTensors(_ recorded: [(dim: Int, index: Tensor)], file: StaticString, line: UInt) -> [Tensor?] {
        guard !recorded.isEmpty else { return [] }
        var out: [Tensor?] = []
        for (dim, index) in recorded {
            while out.count < dim { out.append(nil) }
            guard index.dtype == .bool || index.dtype == .uint8 else {
                out.append(index)
                continue
            }
            for j in 0..<index.ndim where index.shape[j] != shape[dim + j] {
                emberFatal("The shape of the mask \(shapeString(index.shape)) at index \(j) does not match the shape of the indexed tensor \(shapeString(shape)) at index \(dim + j)", file: file, line: line)
            }
            let positions = index.truePositions(file: file, line: line)
            for column in positions {
                out.append(Tensor(column, shape: [column.count], device: index.device))
            }
        }
        return out
    }

    /// For each dim, the positions of the true (nonzero) elements, in row-major order.
    func truePositions(file: StaticString = #fileID, line: UInt = #line) -> [[Int64]] {
        // The caller's line: under capture, reading a traced mask stops there.
        let flags = toArray(Bool.self, file: file, line: line)
        var columns = Array(repeating: [Int64](), count: ndim)
        let strides = contiguousStrides(shape)
        for (flat, flag) in flags.enumerated() where flag {
            var rest = flat
            for d in 0..<ndim {
                columns[d].append(Int64(rest / strides[d]))
                rest %= strides[d]
            }
        }
        return columns
    }

    /// Writes `value` into the selection in place (no autograd recording) and bumps the
    /// storage version. `convertScalar`: a 0-d value of another dtype is converted, as a
    /// Python scalar would be; otherwise tensor indices need matching dtypes (`index_put_`).
    func writeSelection(_ selection: IndexSelection, _ value: Tensor, accumulate: Bool, convertScalar: Bool,
                        file: StaticString, line: UInt) {
        Tensor.checkSameDevice(self, value, file: file, line: line)
        let target = selection.view
        if selection.hasAdvanced {
            if value.dtype != dtype && !(convertScalar && value.ndim == 0) {
                emberFatal("Index put requires the source and destination dtypes match, got \(dtype.scalarTypeName) for the destination and \(value.dtype.scalarTypeName) for the source.", file: file, line: line)
            }
            target.indexPutAdvanced(selection.advanced, value, accumulate: accumulate, file: file, line: line)
        } else {
            let source = value.droppingLeadingOnes(toAtMost: target.ndim)
            // Not a graph node: a forward may fill a constant tensor it made (`m[0] = v`).
            let expanded = noGrad { noTrace { source.expand(target.shape, file: file, line: line) } }
            let sameView = value.storage === storage && value.storageOffset == target.storageOffset
                && value.shape == target.shape && value.strides == target.strides
            if accumulate {
                backend.binary(.add, target.view, expanded.converted(to: dtype).view, into: target.view)
            } else if !sameView {
                // A source overlapping the destination is read in full before writing.
                let safe = value.storage === storage ? noGrad { expanded.clone() } : expanded
                backend.copy(safe.view, into: target.view)
            }
        }
        bumpVersion()
    }

    /// This tensor without leading size-1 dims beyond `count` dims (PyTorch's setitem
    /// accepts `x[0] = ones(1, 1, 3)` for a 3-element row).
    func droppingLeadingOnes(toAtMost count: Int) -> Tensor {
        var drop = 0
        while ndim - drop > count && shape[drop] == 1 { drop += 1 }
        if drop == 0 { return self }
        return alias(shape: Array(shape.dropFirst(drop)), strides: Array(strides.dropFirst(drop)), offset: storageOffset)
    }

    /// Records an index write (`t[i] = v`, `index_put`) when grad mode is on and an input
    /// requires grad: the grad of the old values is the output grad with the written
    /// elements zeroed (kept whole when accumulating), the value's is the output grad at
    /// those elements, summed back to the value's shape. Written with the subscript itself,
    /// so `createGraph` differentiates it again.
    static func recordIndexPut(_ name: String, _ items: [TensorIndex], input: Tensor, value: Tensor, output: Tensor,
                               accumulate: Bool, file: StaticString, line: UInt) {
        let valueShape = value.shape
        Tensor.record(name, inputs: [input, value], outputs: [output], file: file, line: line) { ctx in
            let g = ctx.grad
            var gInput: Tensor? = nil
            if ctx.needs(0) {
                if accumulate {
                    gInput = g
                } else {
                    let kept = g.clone(file: file, line: line)
                    kept.indexAssign(items, Tensor.zeros([], dtype: g.dtype, device: g.device), file: file, line: line)
                    gInput = kept
                }
            }
            var gValue: Tensor? = nil
            if ctx.needs(1) {
                let picked = g.index(items, file: file, line: line)
                gValue = picked.sumToShape(reducibleShape(valueShape, to: picked.shape)).reshape(valueShape)
            }
            return [gInput, gValue]
        }
    }

    /// `shape` without the leading size-1 dims that `target` lacks (so `sumToShape` can
    /// reduce `target` to it).
    static func reducibleShape(_ shape: [Int], to target: [Int]) -> [Int] {
        var s = shape
        while s.count > target.count && s.first == 1 { s.removeFirst() }
        return s
    }
}
