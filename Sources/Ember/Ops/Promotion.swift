extension Tensor {
    /// `torch.result_type`: tensors with dims outrank 0-d tensors, which outrank wrapped
    /// Swift numbers; a lower rank only matters when its category is higher (so
    /// `int32 tensor + 2` stays int32 but `int64 tensor + 2.5` is float32, and a complex
    /// number makes a float32 tensor complex64).
    static func resultType(_ operands: Tensor...) -> DType {
        var dims: DType?, zeroDim: DType?, wrapped: DType?
        for t in operands { classify(t, &dims, &zeroDim, &wrapped) }
        return combine(dims, combine(zeroDim, wrapped))!
    }

    /// The two-operand case of every binary op, without the variadic array.
    @inline(__always)
    static func resultType(_ a: Tensor, _ b: Tensor) -> DType {
        if a.dtype == b.dtype && !a.isWrappedNumber && !b.isWrappedNumber { return a.dtype }
        var dims: DType?, zeroDim: DType?, wrapped: DType?
        classify(a, &dims, &zeroDim, &wrapped)
        classify(b, &dims, &zeroDim, &wrapped)
        return combine(dims, combine(zeroDim, wrapped))!
    }

    @inline(__always)
    private static func classify(_ t: Tensor, _ dims: inout DType?, _ zeroDim: inout DType?, _ wrapped: inout DType?) {
        if t.isWrappedNumber {
            // A Swift Double takes the default dtype; a complex number its complex partner.
            let d = t.dtype.isFloatingPoint ? defaultDType : t.dtype
            wrapped = wrapped.map { DType.promote($0, d) } ?? d
        } else if t.ndim == 0 {
            zeroDim = zeroDim.map { DType.promote($0, t.dtype) } ?? t.dtype
        } else {
            dims = dims.map { DType.promote($0, t.dtype) } ?? t.dtype
        }
    }

    private static func combine(_ higher: DType?, _ lower: DType?) -> DType? {
        guard let higher else { return lower }
        guard let lower else { return higher }
        if lower.isComplex && !higher.isComplex {
            // The complex partner of a floating dtype (float32 -> complex64); integers and
            // bool take complex64 (the default complex dtype under the float32 default).
            if !higher.isFloatingPoint { return lower }
            guard let c = higher.complexCounterpart else {
                let name = higher == .float64 ? "complex128" : (higher == .float16 ? "complex32" : "bcomplex32")
                emberFatal("a complex operand with a \(higher) tensor gives \(name), which Ember does not support")
            }
            return c
        }
        if higher.isFloatingOrComplex { return higher }
        if higher == .bool || lower.isFloatingPoint { return DType.promote(higher, lower) }
        return higher
    }

    /// A Swift number as an operand: a 0-d tensor flagged for promotion by category.
    static func wrap<S: TensorScalar>(_ value: S, device: Device) -> Tensor {
        let dtype: DType = S.self == Bool.self ? .bool : (S._isComplex ? .complex64 : (S._isFloat ? .float64 : .int64))
        let t = Tensor(uninitializedShape: [], dtype: dtype, device: device)
        if device.kind == .cpu {
            // The hot path of every `x * 2`: store the one element directly.
            let address = t.storage.address
            switch dtype {
            case .bool: address.storeBytes(of: value._int64 != 0, as: Bool.self)
            case .float64: address.storeBytes(of: value._double, as: Double.self)
            case .complex64: address.storeBytes(of: Complex64(Float(value._double), Float(value._imag)), as: Complex64.self)
            default: address.storeBytes(of: value._int64, as: Int64.self)
            }
        } else {
            t.backend.fill(t.view, with: ScalarValue(value))
        }
        t.isWrappedNumber = true
        return t
    }

    /// Stops unless both tensors live on one device, with PyTorch's message.
    static func checkSameDevice(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) {
        guard a.device == b.device else {
            emberFatal("Expected all tensors to be on the same device, but found at least two devices, \(a.device) and \(b.device)!", file: file, line: line)
        }
    }

    /// This tensor's values in `dtype`, without recording (operands of a promoted op).
    func converted(to dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: device)
        backend.copy(view, into: out.view)
        return out
    }

    /// Runs a binary kernel: broadcast, convert both operands to `compute`, write `result`.
    static func binaryKernel(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, compute: DType, result: DType,
                             file: StaticString, line: UInt) -> Tensor {
        if compute == result, let out = CPUBackend.shared.denseBinary(op, a, b, dtype: compute) { return out }
        checkSameDevice(a, b, file: file, line: line)
        let shape = broadcastShapes(a.shape, b.shape, file: file, line: line)
        let out = Tensor(uninitializedShape: shape, dtype: result, device: a.device)
        let ac = a.converted(to: compute), bc = b.converted(to: compute)
        let av = ac.shape == shape ? ac.view : ac.view(broadcastTo: shape)
        let bv = bc.shape == shape ? bc.view : bc.view(broadcastTo: shape)
        a.backend.binary(op, av, bv, into: out.view)
        return out
    }
}

// MARK: - Operands as graph capture records them

extension Tensor {
    /// How capture records an operand: a Swift number the operators wrapped stays a number
    /// (`.int`, `.double`, `.bool`), so the graph keeps its promotion by category; any other
    /// tensor is recorded as itself. A wrapped complex number is recorded as its 0-d tensor.
    static func operandArgument(_ t: Tensor) -> OpArgument {
        guard t.isWrappedNumber else { return .tensor(t) }
        switch t.dtype {
        case .float64: return .double(t.item())
        case .int64: return .int(Int(t.item(Int64.self)))
        case .bool: return .bool(t.item() != 0)
        default: return .tensor(t)
        }
    }

    /// The operand a recorded argument stands for: its tensor, or the number wrapped exactly
    /// as the operators wrap a Swift number (what a replayed op must be given to match eager).
    package static func operand(_ argument: OpArgument, device: Device) -> Tensor {
        switch argument {
        case .tensor(let t): return t
        case .int(let v): return wrap(Int64(v), device: device)
        case .double(let v): return wrap(v, device: device)
        case .bool(let v): return wrap(v, device: device)
        default: emberFatal("expected a tensor or a number operand, got \(argument)")
        }
    }

    /// `torch.result_type` over operand descriptions instead of tensors (for lowerings that
    /// see only a graph): a dtype with whether it is 0-d, or a wrapped Swift number's dtype
    /// (int64, float64, bool).
    package static func resultType(_ operands: [(dtype: DType, zeroDim: Bool, wrapped: Bool)]) -> DType {
        var dims: DType?, zeroDim: DType?, wrapped: DType?
        for o in operands {
            if o.wrapped {
                let d = o.dtype.isFloatingPoint ? defaultDType : o.dtype
                wrapped = wrapped.map { DType.promote($0, d) } ?? d
            } else if o.zeroDim {
                zeroDim = zeroDim.map { DType.promote($0, o.dtype) } ?? o.dtype
            } else {
                dims = dims.map { DType.promote($0, o.dtype) } ?? o.dtype
            }
        }
        return combine(dims, combine(zeroDim, wrapped))!
    }
}

extension Tensor {
    /// A Swift number argument as capture records it: `.double` for floating types (its exact
    /// value), `.bool`, else `.int`. A complex number is recorded by its real part.
    static func scalarArgument<S: TensorScalar>(_ value: S) -> OpArgument {
        if S.literalDType == .bool { return .bool(value._double != 0) }
        return S._isFloat ? .double(value._double) : .int(Int(value._int64))
    }
}
