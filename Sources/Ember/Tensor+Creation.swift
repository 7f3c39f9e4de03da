extension Tensor {
    /// A tensor from a scalar or nested Swift arrays: `Tensor([[1, 2], [3, 4]])`, `Tensor(2.0)`.
    ///
    /// Int data is int64, Double data takes the default dtype (float32), Bool data is bool,
    /// unless `dtype` names another. Ragged nesting is an error with PyTorch's wording.
    public convenience init<Data: TensorLiteral>(_ data: Data, dtype: DType? = nil, device: Device = .cpu,
                                                 requiresGrad: Bool = false,
                                                 file: StaticString = #fileID, line: UInt = #line) {
        var values: [Data.Scalar] = []
        var shape: [Int] = []
        if let error = data._flatten(into: &values, shape: &shape, depth: 0) {
            emberFatal(error, file: file, line: line)
        }
        // An empty list nested deeper than its first level still has the shape recorded so far.
        self.init(values, shape: shape, dtype: dtype, device: device, requiresGrad: requiresGrad, file: file, line: line)
    }

    /// A tensor from row-major values and a shape (`torch.tensor(values).reshape(shape)`).
    public convenience init<T: TensorScalar>(_ values: [T], shape: [Int], dtype: DType? = nil, device: Device = .cpu,
                                             requiresGrad: Bool = false,
                                             file: StaticString = #fileID, line: UInt = #line) {
        let expected = shape.reduce(1, *)
        guard expected == values.count, !shape.contains(where: { $0 < 0 }) else {
            emberFatal("shape '\(shapeString(shape))' is invalid for input of size \(values.count)", file: file, line: line)
        }
        let resolved = dtype ?? T.literalDType
        self.init(uninitializedShape: shape, dtype: resolved, device: device.resolved, file: file, line: line)
        values.withUnsafeBufferPointer { backend.upload($0, into: view) }
        if requiresGrad { requireGradAtCreation(file: file, line: line) }
    }

    /// `requires_grad=True` at creation, with the wording PyTorch's factories use (capital O;
    /// setting `requiresGrad` later says "only Tensors …").
    func requireGradAtCreation(file: StaticString, line: UInt) {
        if dtype.isComplex { Tensor.complexAutogradUnsupported(file: file, line: line) }
        guard dtype.isFloatingPoint else {
            emberFatal("Only Tensors of floating point and complex dtype can require gradients", file: file, line: line)
        }
        setRequiresGrad(true, file: file, line: line)
    }

    // MARK: - Factories

    /// `torch.empty`: uninitialised contents.
    public static func empty(_ shape: Int..., dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false) -> Tensor {
        empty(shape, dtype: dtype, device: device, requiresGrad: requiresGrad)
    }

    public static func empty(_ shape: [Int], dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if let negative = shape.first(where: { $0 < 0 }) {
            emberFatal("Trying to create tensor with negative dimension \(negative): \(shapeString(shape))", file: file, line: line)
        }
        let t = Tensor(uninitializedShape: shape, dtype: dtype ?? defaultDType, device: device.resolved, file: file, line: line)
        if requiresGrad { t.requireGradAtCreation(file: file, line: line) }
        return t
    }

    /// `torch.full(shape, value)`: the dtype follows the value (bool, int64, or the default float).
    public static func full<S: TensorScalar>(_ shape: [Int], _ value: S, dtype: DType? = nil, device: Device = .cpu,
                                             requiresGrad: Bool = false,
                                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let t = empty(shape, dtype: dtype ?? S.literalDType, device: device, file: file, line: line)
        t.backend.fill(t.view, with: ScalarValue(value))
        if requiresGrad { t.requireGradAtCreation(file: file, line: line) }
        return t
    }

    /// `torch.zeros`.
    public static func zeros(_ shape: Int..., dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        full(shape, 0.0, dtype: dtype ?? defaultDType, device: device, requiresGrad: requiresGrad, file: file, line: line)
    }

    public static func zeros(_ shape: [Int], dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        full(shape, 0.0, dtype: dtype ?? defaultDType, device: device, requiresGrad: requiresGrad, file: file, line: line)
    }

    /// `torch.ones`.
    public static func ones(_ shape: Int..., dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                            file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        full(shape, 1.0, dtype: dtype ?? defaultDType, device: device, requiresGrad: requiresGrad, file: file, line: line)
    }

    public static func ones(_ shape: [Int], dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                            file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        full(shape, 1.0, dtype: dtype ?? defaultDType, device: device, requiresGrad: requiresGrad, file: file, line: line)
    }

    // The like-factories are graph nodes (`aten.zeros_like(self, dtype?)`, …) so that their
    // size follows a dynamic dim of `other`. They take no call site: a capture error names
    // the module call, or this file.

    /// `torch.zeros_like`, `ones_like`, `empty_like`, `full_like`: same shape, dtype and device.
    public static func zeros(like other: Tensor, dtype: DType? = nil) -> Tensor {
        traced("aten.zeros_like", [.tensor(other), dtype.map { .dtype($0) } ?? .none], file: #fileID, line: #line) {
            full(other.shape, 0, dtype: dtype ?? other.dtype, device: other.device)
        }
    }
    /// `torch.ones_like`.
    public static func ones(like other: Tensor, dtype: DType? = nil) -> Tensor {
        traced("aten.ones_like", [.tensor(other), dtype.map { .dtype($0) } ?? .none], file: #fileID, line: #line) {
            full(other.shape, 1, dtype: dtype ?? other.dtype, device: other.device)
        }
    }
    /// `torch.empty_like` (uninitialised contents).
    public static func empty(like other: Tensor, dtype: DType? = nil) -> Tensor {
        traced("aten.empty_like", [.tensor(other), dtype.map { .dtype($0) } ?? .none], file: #fileID, line: #line) {
            empty(other.shape, dtype: dtype ?? other.dtype, device: other.device)
        }
    }
    /// `torch.full_like`: the value is recorded as the Swift number it is (bool, int or float).
    public static func full<S: TensorScalar>(like other: Tensor, _ value: S, dtype: DType? = nil) -> Tensor {
        traced("aten.full_like", [.tensor(other), likeFillArgument(value), dtype.map { .dtype($0) } ?? .none],
               file: #fileID, line: #line) {
            full(other.shape, value, dtype: dtype ?? other.dtype, device: other.device)
        }
    }

    /// A Swift number as an op argument: `.bool`, `.int` or `.double` by its literal dtype.
    static func likeFillArgument<S: TensorScalar>(_ value: S) -> OpArgument {
        if S.literalDType == .bool { return .bool(value._double != 0) }
        return S._isFloat ? .double(value._double) : .int(Int(value._int64))
    }

    /// `torch.eye(n, m)`.
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType? = nil, device: Device = .cpu,
                           requiresGrad: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard n >= 0 else { emberFatal("n must be greater or equal to 0, got \(n)", file: file, line: line) }
        let cols = m ?? n
        guard cols >= 0 else { emberFatal("m must be greater or equal to 0, got \(cols)", file: file, line: line) }
        var values = [Double](repeating: 0, count: n * cols)
        for i in 0..<Swift.min(n, cols) { values[i * cols + i] = 1 }
        return Tensor(values, shape: [n, cols], dtype: dtype ?? defaultDType, device: device, requiresGrad: requiresGrad,
                      file: file, line: line)
    }

    /// `torch.arange(end)`, `arange(start, end, step)`: int64 for integer arguments, the
    /// default float dtype when any is a Double.
    public static func arange<S: TensorScalar>(_ end: S, dtype: DType? = nil, device: Device = .cpu,
                                               requiresGrad: Bool = false,
                                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        arange(S._from(int64: 0), end, step: S._from(int64: 1), dtype: dtype, device: device, requiresGrad: requiresGrad, file: file, line: line)
    }

    public static func arange<S: TensorScalar>(_ start: S, _ end: S, step: S = S._from(int64: 1), dtype: DType? = nil,
                                               device: Device = .cpu, requiresGrad: Bool = false,
                                               file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let resolved = dtype ?? (S._isFloat ? defaultDType : .int64)
        let (a, b, s) = (start._double, end._double, step._double)
        guard s != 0 else { emberFatal("step must be nonzero", file: file, line: line) }
        guard (s > 0 && b >= a) || (s < 0 && b <= a) else {
            emberFatal("upper bound and lower bound inconsistent with step sign", file: file, line: line)
        }
        let n = Int(((b - a) / s).rounded(.up))
        if S._isFloat || resolved.isFloatingPoint {
            // PyTorch computes start + i * step in double (accscalar) for float outputs.
            return Tensor((0..<n).map { a + Double($0) * s }, shape: [n], dtype: resolved, device: device, requiresGrad: requiresGrad)
        }
        let (ia, istep) = (start._int64, step._int64)
        return Tensor((0..<n).map { ia + Int64($0) * istep }, shape: [n], dtype: resolved, device: device, requiresGrad: requiresGrad)
    }

    /// `torch.linspace(start, end, steps)`: computed from both ends, as PyTorch does, so the
    /// endpoints are exact.
    public static func linspace(_ start: Double, _ end: Double, steps: Int, dtype: DType? = nil,
                                device: Device = .cpu, requiresGrad: Bool = false,
                                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard steps >= 0 else { emberFatal("number of steps must be non-negative", file: file, line: line) }
        let resolved = dtype ?? defaultDType
        // One step is the start, as PyTorch fills it (the two-ended formula would give the end).
        if steps == 1 { return Tensor([start], shape: [1], dtype: resolved, device: device, requiresGrad: requiresGrad) }
        let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
        let half = steps / 2
        let values: [Double] = (0..<steps).map { i in
            i < half ? start + step * Double(i) : end - step * Double(steps - i - 1)
        }
        if resolved.isFloatingPoint && resolved != .float64 {
            // Float outputs are computed in float, as PyTorch's kernel does.
            let fs = Float(start), fe = Float(end), fstep = steps > 1 ? (fe - fs) / Float(steps - 1) : 0
            let fv: [Float] = (0..<steps).map { i in i < half ? fs + fstep * Float(i) : fe - fstep * Float(steps - i - 1) }
            return Tensor(fv, shape: [steps], dtype: resolved, device: device, requiresGrad: requiresGrad)
        }
        return Tensor(values, shape: [steps], dtype: resolved, device: device, requiresGrad: requiresGrad)
    }
}
