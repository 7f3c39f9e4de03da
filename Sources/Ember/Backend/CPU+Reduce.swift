import ComplexModule

extension CPUBackend {
    func reduce(_ op: ReduceOp, _ x: StridedView, dims: [Int], into out: StridedView) {
        if op == .sum, fastSum(x, dims, out) { return }
        switch op {
        case .all, .any:
            let xb = x.dtype == .bool ? x : converted(x, to: .bool)
            let isAll = op == .all
            reduceTyped(xb, dims, out, Bool.self, Bool.self, initial: isAll) { acc, v in isAll ? acc && v : acc || v }
        default:
            switch x.dtype {
            // max/min of bools are any/all (the output is bool); sum/prod count in int64.
            case .bool where op == .max: reduce(.any, x, dims: dims, into: out)
            case .bool where op == .min: reduce(.all, x, dims: dims, into: out)
            case .bool: reduce(op, converted(x, to: .int64), dims: dims, into: out)
            case .uint8: reduceNumeric(op, UInt8.self, x, dims, out)
            case .int8: reduceNumeric(op, Int8.self, x, dims, out)
            case .int16: reduceNumeric(op, Int16.self, x, dims, out)
            case .bfloat16: reduceNumeric(op, BFloat16.self, x, dims, out)
            case .complex64:
                // Complex sums and products accumulate in double precision (PyTorch's acc_type).
                switch op {
                case .sum:
                    reduceTyped(x, dims, out, Complex64.self, Complex<Double>.self, initial: Complex(0, 0)) { acc, v in
                        Complex(acc.rawStorage.x + Double(v.re), acc.rawStorage.y + Double(v.im))
                    }
                case .prod:
                    reduceTyped(x, dims, out, Complex64.self, Complex<Double>.self, initial: Complex(1, 0)) { acc, v in
                        let (a, b) = acc.rawStorage, (c, d) = (Double(v.re), Double(v.im))
                        return Complex(a * c - b * d, a * d + b * c)
                    }
                default: emberFatal("\"\(op == .max ? "max" : "min")_all\" not implemented for 'ComplexFloat'")
                }
            case .int32: reduceNumeric(op, Int32.self, x, dims, out)
            case .int64: reduceNumeric(op, Int64.self, x, dims, out)
            case .float16: reduceNumeric(op, Float16.self, x, dims, out)
            case .float32: reduceNumeric(op, Float.self, x, dims, out)
            case .float64: reduceNumeric(op, Double.self, x, dims, out)
            }
        }
    }

    private func reduceNumeric<T: NumericScalar>(_ op: ReduceOp, _: T.Type, _ x: StridedView, _ dims: [Int], _ out: StridedView) {
        switch op {
        case .sum where T._isFloat:
            // Floats accumulate in Double so float32 sums stay accurate for long rows.
            reduceTyped(x, dims, out, T.self, Double.self, initial: 0) { $0 + $1._double }
        case .sum:
            reduceTyped(x, dims, out, T.self, Int64.self, initial: 0) { $0 &+ $1._int64 }
        case .prod where T._isFloat:
            reduceTyped(x, dims, out, T.self, Double.self, initial: 1) { $0 * $1._double }
        case .prod:
            reduceTyped(x, dims, out, T.self, Int64.self, initial: 1) { $0 &* $1._int64 }
        case .max:
            extremum(x, dims, out, T.self) { T._max($0, $1) }
        default:
            extremum(x, dims, out, T.self) { T._min($0, $1) }
        }
    }

    /// Splits `x`'s dims into kept (matching `out`) and reduced ones, then folds each block.
    @inline(__always)
    private func reduceTyped<T: TensorScalar, A: TensorScalar>(
        _ x: StridedView, _ dims: [Int], _ out: StridedView, _: T.Type, _: A.Type,
        initial: A, _ combine: (A, T) -> A
    ) {
        let p = x.pointer(T.self)
        let reducedShape = dims.map { x.shape[$0] }, reducedStrides = dims.map { x.strides[$0] }
        var keptStrides = x.strides
        for d in dims { keptStrides[d] = 0 }
        storeReduced(out) { (store: (Int, A) -> Void) in
            forEachOffset(out.shape, keptStrides, x.offset, out.strides, out.offset) { base, o in
                var acc = initial
                forEachOffset(reducedShape, reducedStrides, base) { i in acc = combine(acc, p[i]) }
                store(o, acc)
            }
        }
    }

    /// Casts each accumulated value to out's dtype as it is written.
    @inline(__always)
    private func storeReduced<A: TensorScalar>(_ out: StridedView, _ body: ((Int, A) -> Void) -> Void) {
        switch out.dtype {
        case .bool: let d = out.pointer(Bool.self); body { d[$0] = Bool._cast($1) }
        case .uint8: let d = out.pointer(UInt8.self); body { d[$0] = UInt8._cast($1) }
        case .int8: let d = out.pointer(Int8.self); body { d[$0] = Int8._cast($1) }
        case .int16: let d = out.pointer(Int16.self); body { d[$0] = Int16._cast($1) }
        case .bfloat16: let d = out.pointer(BFloat16.self); body { d[$0] = BFloat16._cast($1) }
        case .complex64: let d = out.pointer(Complex64.self); body { d[$0] = Complex64._cast($1) }
        case .int32: let d = out.pointer(Int32.self); body { d[$0] = Int32._cast($1) }
        case .int64: let d = out.pointer(Int64.self); body { d[$0] = Int64._cast($1) }
        case .float16: let d = out.pointer(Float16.self); body { d[$0] = Float16._cast($1) }
        case .float32: let d = out.pointer(Float.self); body { d[$0] = Float._cast($1) }
        case .float64: let d = out.pointer(Double.self); body { d[$0] = Double._cast($1) }
        }
    }

    private func extremum<T: NumericScalar>(_ x: StridedView, _ dims: [Int], _ out: StridedView, _: T.Type, _ pick: (T, T) -> T) {
        let p = x.pointer(T.self), d = out.pointer(T.self)
        let reducedShape = dims.map { x.shape[$0] }, reducedStrides = dims.map { x.strides[$0] }
        var keptStrides = x.strides
        for dim in dims { keptStrides[dim] = 0 }
        forEachOffset(out.shape, keptStrides, x.offset, out.strides, out.offset) { base, o in
            var acc: T? = nil
            forEachOffset(reducedShape, reducedStrides, base) { i in acc = acc.map { pick($0, p[i]) } ?? p[i] }
            d[o] = acc!
        }
    }

    func argReduce(max: Bool, _ x: StridedView, dim: Int, values: StridedView, indices: StridedView) {
        switch x.dtype {
        case .bool: argReduce(max: max, converted(x, to: .uint8), dim: dim, values: values, indices: indices, boolOut: true)
        default: argReduce(max: max, x, dim: dim, values: values, indices: indices, boolOut: false)
        }
    }

    private func argReduce(max: Bool, _ x: StridedView, dim: Int, values: StridedView, indices: StridedView, boolOut: Bool) {
        switch x.dtype {
        case .uint8:
            if boolOut {
                let v = converted(values, to: .uint8)
                argTyped(max, UInt8.self, x, dim, v, indices)
                copy(v, into: values)
            } else { argTyped(max, UInt8.self, x, dim, values, indices) }
        case .int8: argTyped(max, Int8.self, x, dim, values, indices)
        case .int16: argTyped(max, Int16.self, x, dim, values, indices)
        case .bfloat16: argTyped(max, BFloat16.self, x, dim, values, indices)
        case .complex64: emberFatal("\(max ? "max" : "min")(): does not support complex input")
        case .int32: argTyped(max, Int32.self, x, dim, values, indices)
        case .int64: argTyped(max, Int64.self, x, dim, values, indices)
        case .float16: argTyped(max, Float16.self, x, dim, values, indices)
        case .float32: argTyped(max, Float.self, x, dim, values, indices)
        case .float64: argTyped(max, Double.self, x, dim, values, indices)
        case .bool: break
        }
    }

    private func argTyped<T: NumericScalar>(_ max: Bool, _: T.Type, _ x: StridedView, _ dim: Int, _ values: StridedView, _ indices: StridedView) {
        let p = x.pointer(T.self), v = values.pointer(T.self), ix = indices.pointer(Int64.self)
        var keptStrides = x.strides
        keptStrides[dim] = 0
        let n = x.shape[dim], s = x.strides[dim]
        var outer = x.shape
        outer[dim] = 1
        forEachOffset(outer, keptStrides, x.offset, values.strides, values.offset, indices.strides, indices.offset) { base, vo, io in
            var best = p[base], bestIndex = 0
            if best == best {
                for i in 1..<Swift.max(n, 1) {
                    let c = p[base + i * s]
                    if c != c { best = c; bestIndex = i; break }  // the first NaN wins
                    if max ? c > best : c < best { best = c; bestIndex = i }
                }
            }
            v[vo] = best
            ix[io] = Int64(bestIndex)
        }
    }

    func cumsum(_ x: StridedView, dim: Int, into out: StridedView) {
        switch x.dtype {
        case .uint8: cumsumTyped(UInt8.self, x, dim, out)
        case .int8: cumsumTyped(Int8.self, x, dim, out)
        case .int16: cumsumTyped(Int16.self, x, dim, out)
        case .bfloat16: cumsumTyped(BFloat16.self, x, dim, out)
        case .complex64: cumsumComplex(x, dim, out)
        case .int32: cumsumTyped(Int32.self, x, dim, out)
        case .int64: cumsumTyped(Int64.self, x, dim, out)
        case .float16: cumsumTyped(Float16.self, x, dim, out)
        case .float32: cumsumTyped(Float.self, x, dim, out)
        case .float64: cumsumTyped(Double.self, x, dim, out)
        case .bool: cumsum(converted(x, to: .int64), dim: dim, into: out)
        }
    }

    private func cumsumTyped<T: NumericScalar>(_: T.Type, _ x: StridedView, _ dim: Int, _ out: StridedView) {
        let p = x.pointer(T.self), d = out.pointer(T.self)
        var outer = x.shape
        outer[dim] = 1
        let n = x.shape[dim], s = x.strides[dim], so = out.strides[dim]
        forEachOffset(outer, x.strides, x.offset, out.strides, out.offset) { a, b in
            if T._isFloat {
                // Floats accumulate in double and round each output, as PyTorch's CPU kernel
                // does (a float16 running sum would drift).
                var acc = 0.0
                for i in 0..<n {
                    acc += p[a + i * s]._double
                    d[b + i * so] = T._from(double: acc)
                }
            } else {
                var acc = T.zero
                for i in 0..<n {
                    acc = T._add(acc, p[a + i * s])
                    d[b + i * so] = acc
                }
            }
        }
    }

    /// Complex running sums, accumulated in double and rounded per output like the floats.
    private func cumsumComplex(_ x: StridedView, _ dim: Int, _ out: StridedView) {
        let p = x.pointer(Complex64.self), d = out.pointer(Complex64.self)
        var outer = x.shape
        outer[dim] = 1
        let n = x.shape[dim], s = x.strides[dim], so = out.strides[dim]
        forEachOffset(outer, x.strides, x.offset, out.strides, out.offset) { a, b in
            var re = 0.0, im = 0.0
            for i in 0..<n {
                let v = p[a + i * s]
                re += Double(v.re); im += Double(v.im)
                d[b + i * so] = Complex(Float(re), Float(im))
            }
        }
    }
}
