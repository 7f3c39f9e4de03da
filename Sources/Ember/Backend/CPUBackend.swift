#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The CPU backend: Swift loops generic over the element type, specialised per dtype by the
/// `switch`es below, with fast paths for contiguous and scalar operands (CPU+FastPaths.swift)
/// and vector math in C (CEmberKernels/vmath_*.c).
final class CPUBackend: Backend {
    static let shared = CPUBackend()
    let device = Device.cpu

    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        CPUAllocator.shared.allocate(byteCount: byteCount)
    }

    func deallocate(_ address: UnsafeMutableRawPointer, byteCount: Int) {
        CPUAllocator.shared.deallocate(address, byteCount: byteCount)
    }

    // MARK: - Copies

    func copy(_ src: StridedView, into dst: StridedView) {
        if fastCopy(src, dst) { return }
        switch src.dtype {
        case .bool: copy(from: Bool.self, src, dst)
        case .uint8: copy(from: UInt8.self, src, dst)
        case .int8: copy(from: Int8.self, src, dst)
        case .int16: copy(from: Int16.self, src, dst)
        case .int32: copy(from: Int32.self, src, dst)
        case .int64: copy(from: Int64.self, src, dst)
        case .float16: copy(from: Float16.self, src, dst)
        case .bfloat16: copy(from: BFloat16.self, src, dst)
        case .float32: copy(from: Float.self, src, dst)
        case .float64: copy(from: Double.self, src, dst)
        case .complex64: copy(from: Complex64.self, src, dst)
        }
    }

    private func copy<S: TensorScalar>(from: S.Type, _ src: StridedView, _ dst: StridedView) {
        switch dst.dtype {
        case .bool: copyTyped(S.self, Bool.self, src, dst)
        case .uint8: copyTyped(S.self, UInt8.self, src, dst)
        case .int8: copyTyped(S.self, Int8.self, src, dst)
        case .int16: copyTyped(S.self, Int16.self, src, dst)
        case .int32: copyTyped(S.self, Int32.self, src, dst)
        case .int64: copyTyped(S.self, Int64.self, src, dst)
        case .float16: copyTyped(S.self, Float16.self, src, dst)
        case .bfloat16: copyTyped(S.self, BFloat16.self, src, dst)
        case .float32: copyTyped(S.self, Float.self, src, dst)
        case .float64: copyTyped(S.self, Double.self, src, dst)
        case .complex64: copyTyped(S.self, Complex64.self, src, dst)
        }
    }

    private func copyTyped<S: TensorScalar, D: TensorScalar>(_: S.Type, _: D.Type, _ src: StridedView, _ dst: StridedView) {
        let s = src.pointer(S.self), d = dst.pointer(D.self)
        // Overlapping source and destination (x.copy_(x.flip(0))) must read before writing.
        if src.storage === dst.storage {
            let values: [S] = gatherValues(src)
            var i = 0
            forEachOffset(dst.shape, dst.strides, dst.offset) { o in d[o] = D._cast(values[i]); i += 1 }
            return
        }
        if let step = src.linearStep, dst.isContiguousLayout {
            let p = s + src.offset, q = d + dst.offset
            parallelChunks(dst.count) { st, c in for i in st..<(st + c) { q[i] = D._cast(p[i * step]) } }
            return
        }
        forEachOffset(dst.shape, src.strides, src.offset, dst.strides, dst.offset) { a, b in
            d[b] = D._cast(s[a])
        }
    }

    private func gatherValues<S: TensorScalar>(_ src: StridedView) -> [S] {
        let s = src.pointer(S.self)
        var values: [S] = []
        values.reserveCapacity(src.count)
        forEachOffset(src.shape, src.strides, src.offset) { o in values.append(s[o]) }
        return values
    }

    func fill(_ dst: StridedView, with value: ScalarValue) {
        switch dst.dtype {
        case .bool: fillTyped(dst, value.cast(to: Bool.self))
        case .uint8: fillTyped(dst, value.cast(to: UInt8.self))
        case .int8: fillTyped(dst, value.cast(to: Int8.self))
        case .int16: fillTyped(dst, value.cast(to: Int16.self))
        case .int32: fillTyped(dst, value.cast(to: Int32.self))
        case .int64: fillTyped(dst, value.cast(to: Int64.self))
        case .float16: fillTyped(dst, value.cast(to: Float16.self))
        case .bfloat16: fillTyped(dst, value.cast(to: BFloat16.self))
        case .float32: fillTyped(dst, value.cast(to: Float.self))
        case .float64: fillTyped(dst, value.cast(to: Double.self))
        case .complex64: fillTyped(dst, value.cast(to: Complex64.self))
        }
    }

    private func fillTyped<T: TensorScalar>(_ dst: StridedView, _ v: T) {
        let d = dst.pointer(T.self)
        if dst.isContiguousLayout {
            let q = d + dst.offset
            parallelChunks(dst.count) { st, c in (q + st).initialize(repeating: v, count: c) }
            return
        }
        forEachOffset(dst.shape, dst.strides, dst.offset) { o in d[o] = v }
    }

    func upload<T: TensorScalar>(_ values: UnsafeBufferPointer<T>, into dst: StridedView) {
        switch dst.dtype {
        case .bool: uploadTyped(values, Bool.self, dst)
        case .uint8: uploadTyped(values, UInt8.self, dst)
        case .int8: uploadTyped(values, Int8.self, dst)
        case .int16: uploadTyped(values, Int16.self, dst)
        case .int32: uploadTyped(values, Int32.self, dst)
        case .int64: uploadTyped(values, Int64.self, dst)
        case .float16: uploadTyped(values, Float16.self, dst)
        case .bfloat16: uploadTyped(values, BFloat16.self, dst)
        case .float32: uploadTyped(values, Float.self, dst)
        case .float64: uploadTyped(values, Double.self, dst)
        case .complex64: uploadTyped(values, Complex64.self, dst)
        }
    }

    private func uploadTyped<S: TensorScalar, D: TensorScalar>(_ values: UnsafeBufferPointer<S>, _: D.Type, _ dst: StridedView) {
        let d = dst.pointer(D.self)
        if dst.isContiguousLayout {
            let q = d + dst.offset
            if S.self == D.self {
                values.withMemoryRebound(to: D.self) { q.update(from: $0.baseAddress!, count: dst.count) }
            } else {
                for i in 0..<dst.count { q[i] = D._cast(values[i]) }
            }
            return
        }
        var i = 0
        forEachOffset(dst.shape, dst.strides, dst.offset) { o in d[o] = D._cast(values[i]); i += 1 }
    }

    func download<T: TensorScalar>(_ src: StridedView, as type: T.Type) -> [T] {
        switch src.dtype {
        case .bool: downloadTyped(src, Bool.self, T.self)
        case .uint8: downloadTyped(src, UInt8.self, T.self)
        case .int8: downloadTyped(src, Int8.self, T.self)
        case .int16: downloadTyped(src, Int16.self, T.self)
        case .int32: downloadTyped(src, Int32.self, T.self)
        case .int64: downloadTyped(src, Int64.self, T.self)
        case .float16: downloadTyped(src, Float16.self, T.self)
        case .bfloat16: downloadTyped(src, BFloat16.self, T.self)
        case .float32: downloadTyped(src, Float.self, T.self)
        case .float64: downloadTyped(src, Double.self, T.self)
        case .complex64: downloadTyped(src, Complex64.self, T.self)
        }
    }

    private func downloadTyped<S: TensorScalar, D: TensorScalar>(_ src: StridedView, _: S.Type, _: D.Type) -> [D] {
        let s = src.pointer(S.self)
        var out: [D] = []
        out.reserveCapacity(src.count)
        forEachOffset(src.shape, src.strides, src.offset) { o in out.append(D._cast(s[o])) }
        return out
    }
}
