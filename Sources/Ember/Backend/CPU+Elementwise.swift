extension CPUBackend {
    func unary(_ op: UnaryOp, _ x: StridedView, into out: StridedView) {
        if fastUnary(op, x, out) { return }
        switch op {
        case .isnan, .isfinite:
            switch x.dtype {
            case .float16: floatPredicate(op, Float16.self, x, out)
            case .bfloat16:
                if op == .isnan { map(x, out, BFloat16.self, Bool.self) { $0.isNaN } }
                else { map(x, out, BFloat16.self, Bool.self) { $0.isFinite } }
            case .complex64:
                // A complex value is NaN when either part is, finite when both are.
                if op == .isnan { map(x, out, Complex64.self, Bool.self) { $0.re.isNaN || $0.im.isNaN } }
                else { map(x, out, Complex64.self, Bool.self) { $0.re.isFinite && $0.im.isFinite } }
            case .float32: floatPredicate(op, Float.self, x, out)
            case .float64: floatPredicate(op, Double.self, x, out)
            default: fill(out, with: .bool(op == .isfinite))
            }
        case .logicalNot:
            // Reads any dtype as "nonzero", writes bool.
            let xb = x.dtype == .bool ? x : converted(x, to: .bool)
            map(xb, out, Bool.self, Bool.self) { !$0 }
        default:
            switch x.dtype {
            case .uint8: map(x, out, UInt8.self, UInt8.self) { UInt8._applyNumeric(op, $0) }
            case .int8: map(x, out, Int8.self, Int8.self) { Int8._applyNumeric(op, $0) }
            case .int16: map(x, out, Int16.self, Int16.self) { Int16._applyNumeric(op, $0) }
            case .int32: map(x, out, Int32.self, Int32.self) { Int32._applyNumeric(op, $0) }
            case .int64: map(x, out, Int64.self, Int64.self) { Int64._applyNumeric(op, $0) }
            case .float16: map(x, out, Float16.self, Float16.self) { Float16(Float._apply(op, Float($0))) }
            case .bfloat16: map(x, out, BFloat16.self, BFloat16.self) { BFloat16(Float._apply(op, $0.float)) }
            case .complex64: map(x, out, Complex64.self, Complex64.self) { Complex64._apply(op, $0) }
            case .float32: map(x, out, Float.self, Float.self) { Float._apply(op, $0) }
            case .float64: map(x, out, Double.self, Double.self) { Double._apply(op, $0) }
            case .bool: emberFatal("\(op) is not implemented for bool tensors")
            }
        }
    }

    private func floatPredicate<F: FloatScalar>(_ op: UnaryOp, _: F.Type, _ x: StridedView, _ out: StridedView) {
        if op == .isnan { map(x, out, F.self, Bool.self) { $0.isNaN } }
        else { map(x, out, F.self, Bool.self) { $0.isFinite } }
    }

    /// A contiguous copy of `x` in another dtype, for kernels that read one dtype only.
    func converted(_ x: StridedView, to dtype: DType) -> StridedView {
        let storage = Storage(byteCount: x.count * dtype.itemSize, backend: self)
        let view = StridedView(storage: storage, shape: x.shape, strides: contiguousStrides(x.shape), offset: 0, dtype: dtype)
        copy(x, into: view)
        return view
    }

    @inline(__always)
    private func map<A: TensorScalar, B: TensorScalar>(_ x: StridedView, _ out: StridedView, _: A.Type, _: B.Type, _ f: (A) -> B) {
        let s = x.pointer(A.self), d = out.pointer(B.self)
        // Contiguous operands (or a broadcast scalar) need no index bookkeeping.
        if let step = x.linearStep, out.isContiguousLayout {
            let p = s + x.offset, q = d + out.offset
            if step == 1 { parallelChunks(out.count) { st, c in for i in st..<(st + c) { q[i] = f(p[i]) } } }
            else { let v = f(p[0]); parallelChunks(out.count) { st, c in for i in st..<(st + c) { q[i] = v } } }
            return
        }
        forEachOffset(out.shape, x.strides, x.offset, out.strides, out.offset) { a, b in d[b] = f(s[a]) }
    }

    func binary(_ op: BinaryOp, _ a: StridedView, _ b: StridedView, into out: StridedView) {
        if fastBinary(op, a, b, out) { return }
        switch op {
        case .eq, .ne, .lt, .le, .gt, .ge:
            switch a.dtype {
            case .bool: compare(op, UInt8.self, converted(a, to: .uint8), converted(b, to: .uint8), out)
            case .uint8: compare(op, UInt8.self, a, b, out)
            case .int8: compare(op, Int8.self, a, b, out)
            case .int16: compare(op, Int16.self, a, b, out)
            case .bfloat16: compare(op, BFloat16.self, a, b, out)
            case .complex64:
                switch op {
                case .eq: zip(a, b, out, Complex64.self, Bool.self) { Complex64._equal($0, $1) }
                case .ne: zip(a, b, out, Complex64.self, Bool.self) { !Complex64._equal($0, $1) }
                default: emberFatal("\"\(op)_cpu\" not implemented for 'ComplexFloat'")
                }
            case .int32: compare(op, Int32.self, a, b, out)
            case .int64: compare(op, Int64.self, a, b, out)
            case .float16: compare(op, Float16.self, a, b, out)
            case .float32: compare(op, Float.self, a, b, out)
            case .float64: compare(op, Double.self, a, b, out)
            }
        case .logicalAnd, .logicalOr, .logicalXor:
            let ab = a.dtype == .bool ? a : converted(a, to: .bool)
            let bb = b.dtype == .bool ? b : converted(b, to: .bool)
            switch op {
            case .logicalAnd: zip(ab, bb, out, Bool.self, Bool.self) { $0 && $1 }
            case .logicalOr: zip(ab, bb, out, Bool.self, Bool.self) { $0 || $1 }
            default: zip(ab, bb, out, Bool.self, Bool.self) { $0 != $1 }
            }
        default:
            switch a.dtype {
            case .bool:
                // PyTorch keeps bool for + (or), * (and), max (or) and min (and).
                switch op {
                case .add, .maximum: zip(a, b, out, Bool.self, Bool.self) { $0 || $1 }
                case .mul, .minimum: zip(a, b, out, Bool.self, Bool.self) { $0 && $1 }
                default: emberFatal("\(op) is not implemented for bool tensors")
                }
            case .uint8: zip(a, b, out, UInt8.self, UInt8.self) { UInt8._apply(op, $0, $1) }
            case .int8: zip(a, b, out, Int8.self, Int8.self) { Int8._apply(op, $0, $1) }
            case .int16: zip(a, b, out, Int16.self, Int16.self) { Int16._apply(op, $0, $1) }
            case .bfloat16:
                zip(a, b, out, BFloat16.self, BFloat16.self) { BFloat16(Float._apply(op, $0.float, $1.float)) }
            case .complex64: zip(a, b, out, Complex64.self, Complex64.self) { Complex64._apply(op, $0, $1) }
            case .int32: zip(a, b, out, Int32.self, Int32.self) { Int32._apply(op, $0, $1) }
            case .int64: zip(a, b, out, Int64.self, Int64.self) { Int64._apply(op, $0, $1) }
            case .float16:
                zip(a, b, out, Float16.self, Float16.self) { Float16(Float._apply(op, Float($0), Float($1))) }
            case .float32: zip(a, b, out, Float.self, Float.self) { Float._apply(op, $0, $1) }
            case .float64: zip(a, b, out, Double.self, Double.self) { Double._apply(op, $0, $1) }
            }
        }
    }

    private func compare<T: NumericScalar>(_ op: BinaryOp, _: T.Type, _ a: StridedView, _ b: StridedView, _ out: StridedView) {
        switch op {
        case .eq: zip(a, b, out, T.self, Bool.self) { $0 == $1 }
        case .ne: zip(a, b, out, T.self, Bool.self) { $0 != $1 }
        case .lt: zip(a, b, out, T.self, Bool.self) { $0 < $1 }
        case .le: zip(a, b, out, T.self, Bool.self) { $0 <= $1 }
        case .gt: zip(a, b, out, T.self, Bool.self) { $0 > $1 }
        default: zip(a, b, out, T.self, Bool.self) { $0 >= $1 }
        }
    }

    @inline(__always)
    private func zip<A: TensorScalar, B: TensorScalar>(_ x: StridedView, _ y: StridedView, _ out: StridedView,
                                                       _: A.Type, _: B.Type, _ f: (A, A) -> B) {
        let p = x.pointer(A.self), q = y.pointer(A.self), d = out.pointer(B.self)
        // Contiguous operands and broadcast scalars need no index bookkeeping.
        if let sx = x.linearStep, let sy = y.linearStep, out.isContiguousLayout {
            let pp = p + x.offset, qq = q + y.offset, dd = d + out.offset
            parallelChunks(out.count) { st, c in
                switch (sx, sy) {
                case (1, 1): for i in st..<(st + c) { dd[i] = f(pp[i], qq[i]) }
                case (1, _): let v = qq[0]; for i in st..<(st + c) { dd[i] = f(pp[i], v) }
                case (_, 1): let u = pp[0]; for i in st..<(st + c) { dd[i] = f(u, qq[i]) }
                default: let r = f(pp[0], qq[0]); for i in st..<(st + c) { dd[i] = r }
                }
            }
            return
        }
        forEachOffset(out.shape, x.strides, x.offset, y.strides, y.offset, out.strides, out.offset) { i, j, k in
            d[k] = f(p[i], q[j])
        }
    }

    func select(_ cond: StridedView, _ a: StridedView, _ b: StridedView, into out: StridedView) {
        switch out.dtype {
        case .bool: selectTyped(Bool.self, cond, a, b, out)
        case .uint8: selectTyped(UInt8.self, cond, a, b, out)
        case .int8: selectTyped(Int8.self, cond, a, b, out)
        case .int16: selectTyped(Int16.self, cond, a, b, out)
        case .bfloat16: selectTyped(BFloat16.self, cond, a, b, out)
        case .complex64: selectTyped(Complex64.self, cond, a, b, out)
        case .int32: selectTyped(Int32.self, cond, a, b, out)
        case .int64: selectTyped(Int64.self, cond, a, b, out)
        case .float16: selectTyped(Float16.self, cond, a, b, out)
        case .float32: selectTyped(Float.self, cond, a, b, out)
        case .float64: selectTyped(Double.self, cond, a, b, out)
        }
    }

    private func selectTyped<T: TensorScalar>(_: T.Type, _ cond: StridedView, _ a: StridedView, _ b: StridedView, _ out: StridedView) {
        // Materialise the condition in the output's layout, then pick per element.
        // The converted copy must outlive the loop that reads its pointer.
        let mask = converted(cond, to: .bool)
        let c = mask.pointer(Bool.self)
        let p = a.pointer(T.self), q = b.pointer(T.self), d = out.pointer(T.self)
        var i = 0
        withExtendedLifetime(mask) {
            forEachOffset(out.shape, a.strides, a.offset, b.strides, b.offset, out.strides, out.offset) { x, y, z in
                d[z] = c[i] ? p[x] : q[y]
                i += 1
            }
        }
    }

    func clamp(_ x: StridedView, min: ScalarValue?, max: ScalarValue?, into out: StridedView) {
        switch x.dtype {
        case .uint8: clampTyped(UInt8.self, x, min, max, out)
        case .int8: clampTyped(Int8.self, x, min, max, out)
        case .int16: clampTyped(Int16.self, x, min, max, out)
        case .bfloat16: clampTyped(BFloat16.self, x, min, max, out)
        case .complex64: emberFatal("clamp is not supported for complex types")
        case .int32: clampTyped(Int32.self, x, min, max, out)
        case .int64: clampTyped(Int64.self, x, min, max, out)
        case .float16: clampTyped(Float16.self, x, min, max, out)
        case .float32: clampTyped(Float.self, x, min, max, out)
        case .float64: clampTyped(Double.self, x, min, max, out)
        case .bool: emberFatal("\"clamp_cpu\" not implemented for 'Bool'")
        }
    }

    private func clampTyped<T: NumericScalar>(_: T.Type, _ x: StridedView, _ lo: ScalarValue?, _ hi: ScalarValue?, _ out: StridedView) {
        let low = lo?.cast(to: T.self), high = hi?.cast(to: T.self)
        map(x, out, T.self, T.self) { v in
            if v != v { return v }
            var r = v
            if let low, r < low { r = low }
            if let high, r > high { r = high }
            return r
        }
    }
}

/// Row-major strides for a shape.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var acc = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[d] = acc
        acc *= Swift.max(shape[d], 1)
    }
    return strides
}
