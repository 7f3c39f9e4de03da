extension Tensor {
    /// `to(dtype)`: a converted copy, or self when the dtype already matches.
    public func to(_ dtype: DType, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if dtype == self.dtype { return self }
        return Tensor.traced("aten._to_copy", [.tensor(self), .dtype(dtype)], file: file, line: line) {
            let out = Tensor(uninitializedShape: shape, dtype: dtype, device: device)
            backend.copy(view, into: out.view)
            let source = self.dtype
            Tensor.record("ToCopyBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
                [ctx.grad.to(source)]
            }
            return out
        }
    }

    /// `to(device)`: a copy on `device`, or self when already there. With no GPU, moving to
    /// CUDA stops with PyTorch's message, as in PyTorch.
    public func to(_ device: Device, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let target = device.resolved
        if target == self.device { return self }
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: target, file: file, line: line)
        // Host values cross devices; a device backend's upload receives them.
        if dtype.isComplex {
            // Both parts cross; a Double would carry the real part only.
            let values = backend.download(view, as: Complex<Double>.self)
            values.withUnsafeBufferPointer { out.backend.upload($0, into: out.view) }
        } else {
            let values = backend.download(view, as: Double.self)
            values.withUnsafeBufferPointer { out.backend.upload($0, into: out.view) }
        }
        let source = self.device
        Tensor.record("ToCopyBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
            [ctx.grad.to(source)]
        }
        return out
    }

    /// `to(device, dtype)`.
    public func to(_ device: Device, _ dtype: DType, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        to(device, file: file, line: line).to(dtype, file: file, line: line)
    }

    /// `cpu()`.
    public func cpu() -> Tensor { to(.cpu) }
    /// `float()`: float32.
    public func float() -> Tensor { to(.float32) }
    /// `double()`: float64.
    public func double() -> Tensor { to(.float64) }
    /// `half()`: float16.
    public func half() -> Tensor { to(.float16) }
    /// `long()`: int64.
    public func long() -> Tensor { to(.int64) }
    /// `int()`: int32.
    public func int() -> Tensor { to(.int32) }
    /// `bool()`.
    public func bool() -> Tensor { to(.bool) }
    /// `char()`: int8.
    public func char() -> Tensor { to(.int8) }
    /// `short()`: int16.
    public func short() -> Tensor { to(.int16) }
    /// `bfloat16()`.
    public func bfloat16() -> Tensor { to(.bfloat16) }
    /// `byte()`: uint8.
    public func byte() -> Tensor { to(.uint8) }
    /// `cfloat()`: complex64.
    public func cfloat() -> Tensor { to(.complex64) }

    /// `clone()`: a contiguous copy that stays in the graph.
    public func clone(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        // Only a traced tensor's clone is a node: capture itself clones the untraced tensors it
        // lifts to constants (a node there would lift again), and a constant's copy is a constant.
        if traceTag == 0 { return cloneBody(file: file, line: line) }
        return Tensor.traced("aten.clone", [.tensor(self)], file: file, line: line) { cloneBody(file: file, line: line) }
    }

    private func cloneBody(file: StaticString, line: UInt) -> Tensor {
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: device)
        backend.copy(view, into: out.view)
        Tensor.record("CloneBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in [ctx.grad] }
        return out
    }

    /// `contiguous()`: self when already row-major, else a copy.
    public func contiguous(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        isContiguous ? self : clone(file: file, line: line)
    }

    /// The only element as a Double (`item()`); stops unless there is exactly one.
    public func item(file: StaticString = #fileID, line: UInt = #line) -> Double {
        if traceTag != 0 { Tracing.current?.valueRead("item()", self, file: file, line: line) }
        guard count == 1 else {
            emberFatal("a Tensor with \(count) elements cannot be converted to Scalar", file: file, line: line)
        }
        // CPU: read the one element in place (backward formulas call this per op).
        if storage.device.kind == .cpu {
            let p = UnsafeRawPointer(storage.address) + storageOffset * dtype.itemSize
            switch dtype {
            case .bool: return Double._cast(p.load(as: Bool.self))
            case .uint8: return Double._cast(p.load(as: UInt8.self))
            case .int8: return Double._cast(p.load(as: Int8.self))
            case .int16: return Double._cast(p.load(as: Int16.self))
            case .bfloat16: return Double._cast(p.load(as: BFloat16.self))
            case .complex64: return Double._cast(p.load(as: Complex64.self))
            case .int32: return Double._cast(p.load(as: Int32.self))
            case .int64: return Double._cast(p.load(as: Int64.self))
            case .float16: return Double._cast(p.load(as: Float16.self))
            case .float32: return Double._cast(p.load(as: Float.self))
            case .float64: return p.load(as: Double.self)
            }
        }
        return backend.download(view, as: Double.self)[0]
    }

    /// The only element as `T` (`item()` for a chosen Swift type, exact for int64).
    public func item<T: TensorScalar>(_ type: T.Type, file: StaticString = #fileID, line: UInt = #line) -> T {
        if traceTag != 0 { Tracing.current?.valueRead("item()", self, file: file, line: line) }
        guard count == 1 else {
            emberFatal("a Tensor with \(count) elements cannot be converted to Scalar", file: file, line: line)
        }
        return backend.download(view, as: T.self)[0]
    }

    /// The elements in row-major order, converted to `T` (`tolist()` flattened).
    public func toArray<T: TensorScalar>(_ type: T.Type = T.self, file: StaticString = #fileID, line: UInt = #line) -> [T] {
        if traceTag != 0 { Tracing.current?.valueRead("toArray()", self, file: file, line: line) }
        return backend.download(view, as: T.self)
    }
}
