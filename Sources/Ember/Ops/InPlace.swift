// In-place ops: the result is written into this tensor's storage (through any view) and the
// storage version is bumped so autograd can detect stale saved tensors.

extension Tensor {
    /// Writes `value` (broadcast to this shape, converted to this dtype) into self.
    func assign(_ value: Tensor, _ op: String, file: StaticString, line: UInt) {
        checkInPlaceAllowed(file: file, line: line)
        Tensor.checkSameDevice(self, value, file: file, line: line)
        let target = broadcastShapes(shape, value.shape, file: file, line: line)
        guard target == shape else {
            emberFatal("output with shape \(shapeString(shape)) doesn't match the broadcast shape \(shapeString(target))", file: file, line: line)
        }
        // PyTorch's canCast: no float result into an integer tensor, nothing but bool into bool.
        if op != "copy_" && ((!dtype.isFloatingOrComplex && value.dtype.isFloatingPoint) || (dtype == .bool && value.dtype != .bool)
                             || (!dtype.isComplex && value.dtype.isComplex)) {
            emberFatal("result type \(value.dtype.scalarTypeName) can't be cast to the desired output type \(dtype.scalarTypeName)", file: file, line: line)
        }
        checkNoInternalOverlap(file: file, line: line)
        backend.copy(value.view(broadcastTo: shape), into: view)
        bumpVersion()
        guard ThreadState.current.gradEnabled else { return }
        if value.requiresGrad && op != "copy_" {
            // `value` was computed from self by a recorded op: self takes over its place in
            // the graph, so `a.add_(b)` reads AddBackward0 as in PyTorch.
            gradFn = value.gradFn
            outputNr = value.outputNr
        } else if value.requiresGrad {
            gradFn = nil
            Tensor.record("CopyBackwards", inputs: [value], outputs: [self], file: file, line: line) { ctx in [ctx.grad] }
        } else if gradFn != nil {
            // Overwritten by values outside the graph: no gradient flows to the old history.
            gradFn = nil
        }
        rebaseViewAfterWrite(file: file, line: line)
    }

    /// PyTorch refuses writes into a tensor whose elements share memory (an expanded view).
    func checkNoInternalOverlap(file: StaticString, line: UInt) {
        if zip(shape, strides).contains(where: { $0.0 > 1 && $0.1 == 0 }) {
            emberFatal("unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.", file: file, line: line)
        }
    }

    /// Self as the operand of an in-place op whose backward reads it: a recorded clone when
    /// autograd will save it (the write would otherwise change the saved value, as PyTorch's
    /// in-place ops save the original self).
    func operandForSaving(when saved: Bool) -> Tensor {
        saved && ThreadState.current.gradEnabled ? clone() : self
    }

    /// PyTorch refuses in-place writes into a leaf that requires grad, or into a view of one,
    /// while grad mode is on. `throughView`: the write goes through a view of self (a
    /// basic-index setter), which PyTorch reports as a view of a leaf.
    func checkInPlaceAllowed(throughView: Bool = false, file: StaticString, line: UInt) {
        guard ThreadState.current.gradEnabled else { return }
        let viewOfLeaf = viewBase.map { $0.isLeaf && $0.leafRequiresGrad } ?? false
        guard viewOfLeaf || (isLeaf && leafRequiresGrad) else { return }
        let what = viewOfLeaf || throughView ? "a view of a leaf Variable" : "a leaf Variable"
        emberFatal("\(what) that requires grad is being used in an in-place operation.", file: file, line: line)
    }

    /// `copy_(src)`: copies values (broadcast, converted) into self.
    @discardableResult
    public func copy_(_ src: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.copy", [.tensor(self), .tensor(src)], mutating: 0, file: file, line: line) {
            assign(src, "copy_", file: file, line: line)
            return self
        }
    }

    /// `self op= other` written straight into self, as PyTorch's in-place kernels do (no
    /// temporary result, no copy back), when nothing is recorded and nothing aliases: grad
    /// off (an optimizer's update) or no operand in a graph; a dense float self of the
    /// result's dtype; `other` on other storage and broadcasting to self. False: the caller
    /// takes the general path (out of place, then `assign`).
    func writeInPlace(_ op: BinaryOp, _ other: Tensor) -> Bool {
        guard dtype == .float32 || dtype == .float64, other.device == device, other.storage !== storage,
              isContiguous, other.ndim <= ndim, Tensor.resultType(self, other) == dtype else { return false }
        let lead = ndim - other.ndim
        for (d, size) in other.shape.enumerated() where size != 1 && size != shape[lead + d] { return false }
        if ThreadState.current.gradEnabled {
            guard !requiresGrad, !other.requiresGrad, gradFn == nil, viewBase == nil else { return false }
        }
        let operand = other.dtype == dtype ? other : other.converted(to: dtype)
        backend.binary(op, view, operand.shape == shape ? operand.view : operand.view(broadcastTo: shape), into: view)
        bumpVersion()
        return true
    }

    /// `add_(other, alpha:)`.
    @discardableResult
    public func add_(_ other: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.add", Tensor.binaryArguments(self, other, alpha: alpha), mutating: 0, file: file, line: line) {
            if alpha == 1 && writeInPlace(.add, other) { return self }
            assign(Ember.add(self, other, alpha: alpha, file: file, line: line), "add_", file: file, line: line)
            return self
        }
    }
    @discardableResult
    public func add_<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        add_(Tensor.wrap(other, device: device), file: file, line: line)
    }

    /// `sub_(other, alpha:)`.
    @discardableResult
    public func sub_(_ other: Tensor, alpha: Double = 1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.sub", Tensor.binaryArguments(self, other, alpha: alpha), mutating: 0, file: file, line: line) {
            if alpha == 1 && writeInPlace(.sub, other) { return self }
            assign(Ember.sub(self, other, alpha: alpha, file: file, line: line), "sub_", file: file, line: line)
            return self
        }
    }
    @discardableResult
    public func sub_<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sub_(Tensor.wrap(other, device: device), file: file, line: line)
    }

    /// `mul_(other)`.
    @discardableResult
    public func mul_(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.mul", Tensor.binaryArguments(self, other), mutating: 0, file: file, line: line) {
            if writeInPlace(.mul, other) { return self }
            assign(Ember.mul(operandForSaving(when: other.requiresGrad), other, file: file, line: line), "mul_", file: file, line: line)
            return self
        }
    }
    @discardableResult
    public func mul_<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        mul_(Tensor.wrap(other, device: device), file: file, line: line)
    }

    /// `div_(other)`.
    @discardableResult
    public func div_(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.div", Tensor.binaryArguments(self, other), mutating: 0, file: file, line: line) {
            if writeInPlace(.div, other) { return self }
            assign(Ember.div(operandForSaving(when: other.requiresGrad), other, file: file, line: line), "div_", file: file, line: line)
            return self
        }
    }
    @discardableResult
    public func div_<S: TensorScalar>(_ other: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        div_(Tensor.wrap(other, device: device), file: file, line: line)
    }

    /// `zero_()`.
    @discardableResult
    public func zero_(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        fill_(0, file: file, line: line)
    }

    /// `fill_(value)`.
    @discardableResult
    public func fill_<S: TensorScalar>(_ value: S, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.fill", [.tensor(self), Tensor.scalarArgument(value)], mutating: 0, file: file, line: line) {
            checkInPlaceAllowed(file: file, line: line)
            checkNoInternalOverlap(file: file, line: line)
            backend.fill(view, with: ScalarValue(value))
            bumpVersion()
            // The values no longer depend on the graph.
            if ThreadState.current.gradEnabled { gradFn = nil }
            rebaseViewAfterWrite(file: file, line: line)
            return self
        }
    }

    /// `clamp_(min:max:)`.
    @discardableResult
    public func clamp_(min: Double? = nil, max: Double? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.clamp", [.tensor(self), .optional(min), .optional(max)], mutating: 0, file: file, line: line) {
            assign(clamp(min: min, max: max, file: file, line: line), "clamp_", file: file, line: line)
            return self
        }
    }

    // MARK: Compound assignment: the inout forms write back through subscripts
    // (`t[mask] += 1`); the non-inout forms let a `let` tensor update in place.

    public static func += (a: inout Tensor, b: Tensor) { a.add_(b) }
    public static func += <S: TensorScalar>(a: inout Tensor, b: S) { a.add_(b) }
    public static func -= (a: inout Tensor, b: Tensor) { a.sub_(b) }
    public static func -= <S: TensorScalar>(a: inout Tensor, b: S) { a.sub_(b) }
    public static func *= (a: inout Tensor, b: Tensor) { a.mul_(b) }
    public static func *= <S: TensorScalar>(a: inout Tensor, b: S) { a.mul_(b) }
    public static func /= (a: inout Tensor, b: Tensor) { a.div_(b) }
    public static func /= <S: TensorScalar>(a: inout Tensor, b: S) { a.div_(b) }

    public static func **= (a: inout Tensor, b: Tensor) { powInPlace(a, b) }
    public static func **= <S: TensorScalar>(a: inout Tensor, b: S) { a **= wrap(b, device: a.device) }
    @_disfavoredOverload public static func **= (a: Tensor, b: Tensor) { powInPlace(a, b) }
    @_disfavoredOverload public static func **= <S: TensorScalar>(a: Tensor, b: S) { a **= wrap(b, device: a.device) }

    /// `a **= b`: recorded as the functional `aten.pow`, as `add_` is `aten.add`.
    private static func powInPlace(_ a: Tensor, _ b: Tensor) {
        _ = traced("aten.pow", binaryArguments(a, b), mutating: 0, file: #fileID, line: #line) {
            a.assign(Ember.pow(a.operandForSaving(when: a.requiresGrad || b.requiresGrad), b), "pow_", file: #fileID, line: #line)
            return a
        }
    }

    @_disfavoredOverload public static func += (a: Tensor, b: Tensor) { a.add_(b) }
    @_disfavoredOverload public static func += <S: TensorScalar>(a: Tensor, b: S) { a.add_(b) }
    @_disfavoredOverload public static func -= (a: Tensor, b: Tensor) { a.sub_(b) }
    @_disfavoredOverload public static func -= <S: TensorScalar>(a: Tensor, b: S) { a.sub_(b) }
    @_disfavoredOverload public static func *= (a: Tensor, b: Tensor) { a.mul_(b) }
    @_disfavoredOverload public static func *= <S: TensorScalar>(a: Tensor, b: S) { a.mul_(b) }
    @_disfavoredOverload public static func /= (a: Tensor, b: Tensor) { a.div_(b) }
    @_disfavoredOverload public static func /= <S: TensorScalar>(a: Tensor, b: S) { a.div_(b) }
}
