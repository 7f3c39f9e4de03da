import ComplexModule

// complex64's own ops: building complex tensors from parts, the float32 views of those parts,
// and the ops whose result is real (abs, angle). Autograd on complex tensors is not supported
// (PyTorch's is Wirtinger calculus): a complex tensor cannot require gradients, so these
// record no backward.

extension Tensor {
    /// `torch.complex(real, imag)`: float32 parts (broadcast together) make complex64.
    public static func complex(_ real: Tensor, _ imag: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard real.dtype == imag.dtype else {
            emberFatal("Expected object of scalar type \(real.dtype.scalarTypeName) but got scalar type \(imag.dtype.scalarTypeName) for second argument", file: file, line: line)
        }
        guard real.dtype.isFloatingPoint else {
            emberFatal("Expected both inputs to be Half, Float or Double tensors but got \(real.dtype.scalarTypeName) and \(imag.dtype.scalarTypeName)", file: file, line: line)
        }
        guard let dtype = real.dtype.complexCounterpart else {
            emberFatal("torch.complex of \(real.dtype) parts gives \(real.dtype == .float64 ? "complex128" : "complex32"), which Ember does not support", file: file, line: line)
        }
        checkSameDevice(real, imag, file: file, line: line)
        let shape = broadcastShapes(real.shape, imag.shape, file: file, line: line)
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: real.device)
        let re = out.partView(imaginary: false), im = out.partView(imaginary: true)
        out.backend.copy(real.shape == shape ? real.view : real.view(broadcastTo: shape), into: re.view)
        out.backend.copy(imag.shape == shape ? imag.view : imag.view(broadcastTo: shape), into: im.view)
        return out
    }

    /// `torch.polar(abs, angle)`: `abs * (cos(angle) + i sin(angle))`.
    public static func polar(_ abs: Tensor, _ angle: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard abs.dtype == angle.dtype else {
            emberFatal("Expected object of scalar type \(abs.dtype.scalarTypeName) but got scalar type \(angle.dtype.scalarTypeName) for second argument", file: file, line: line)
        }
        return noGrad { complex(abs * angle.cos(), abs * angle.sin(), file: file, line: line) }
    }

    /// A float32 view of the real or imaginary parts of a complex64 tensor: the same storage,
    /// strides doubled, offset doubled (plus one for the imaginary part).
    func partView(imaginary: Bool) -> Tensor {
        let out = Tensor(storage: storage, shape: shape, strides: strides.map { $0 * 2 },
                         offset: storageOffset * 2 + (imaginary ? 1 : 0), dtype: dtype.realCounterpart)
        out.viewBase = viewBase ?? self
        return out
    }

    /// `real`: for complex64, a float32 view of the real parts (writes go through, as in
    /// PyTorch); for a real tensor, the tensor itself.
    public var real: Tensor { dtype.isComplex ? partView(imaginary: false) : self }

    /// `imag`: a float32 view of the imaginary parts; real tensors have none (PyTorch's error).
    public var imag: Tensor { imagPart() }

    func imagPart(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard dtype.isComplex else {
            emberFatal("imag is not implemented for tensors with non-complex dtypes.", file: file, line: line)
        }
        return partView(imaginary: true)
    }

    /// `conj()`: the complex conjugate. PyTorch returns a lazy view (a conjugate bit); this
    /// is a copy. A real tensor is returned as is, as in PyTorch.
    public func conj(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard dtype.isComplex else { return self }
        let out = clone(file: file, line: line)
        let im = out.partView(imaginary: true)
        backend.unary(.neg, im.view, into: im.view)
        return out
    }

    /// `isComplex()` (`torch.is_complex`).
    public func isComplex() -> Bool { dtype.isComplex }

    /// |z| of each element of a complex tensor, as float32 (std::abs: hypot of the parts).
    func complexAbs() -> Tensor { complexToReal { $0.magnitude64 } }

    /// `angle()`: arg z in (-pi, pi] for complex input (float32); for real input, pi where
    /// x < 0, 0 elsewhere and NaN for NaN (integers give the default float dtype).
    public func angle(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if dtype.isComplex { return complexToReal { $0.argument } }
        if requiresGrad { emberFatal("angle: autograd of real inputs is not supported in Ember", file: file, line: line) }
        return noGrad {
            let x = dtype.isFloatingPoint ? self : to(defaultDType, file: file, line: line)
            let pi = Tensor.where(x .< 0, Tensor.full(like: x, Double.pi), Tensor.zeros(like: x))
            return Tensor.where(x.isnan(), x, pi)
        }
    }

    private func complexToReal(_ f: (Complex64) -> Float) -> Tensor {
        let values = toArray(Complex64.self).map(f)
        return Tensor(values, shape: shape, dtype: .float32, device: device)
    }
}

extension Tensor {
    /// `torch.view_as_real`: a float32 view with a trailing dim of 2 (real, imaginary).
    func viewAsRealParts(file: StaticString, line: UInt) -> Tensor {
        guard dtype.isComplex else {
            emberFatal("view_as_real is only supported for complex tensors", file: file, line: line)
        }
        let out = Tensor(storage: storage, shape: shape + [2], strides: strides.map { $0 * 2 } + [1],
                         offset: storageOffset * 2, dtype: dtype.realCounterpart)
        out.viewBase = viewBase ?? self
        return out
    }

    /// `torch.view_as_complex`: a float32 tensor whose last dim is 2 with stride 1 (and every
    /// other stride even) seen as complex64, sharing storage.
    func viewAsComplexParts(file: StaticString, line: UInt) -> Tensor {
        guard dtype == .float32 else {
            emberFatal("view_as_complex is only supported for float32 tensors in Ember (complex64), but got a tensor of scalar type: \(dtype.scalarTypeName)", file: file, line: line)
        }
        guard shape.last == 2 else { emberFatal("Tensor must have a last dimension of size 2", file: file, line: line) }
        guard strides.last == 1 else { emberFatal("Tensor must have a last dimension with stride 1", file: file, line: line) }
        guard strides.dropLast().allSatisfy({ $0 % 2 == 0 }) else {
            emberFatal("Tensor must have a stride divisible by 2 for all but last dimension", file: file, line: line)
        }
        guard storageOffset % 2 == 0 else { emberFatal("Tensor must have a storage_offset divisible by 2", file: file, line: line) }
        let out = Tensor(storage: storage, shape: Array(shape.dropLast()), strides: strides.dropLast().map { $0 / 2 },
                         offset: storageOffset / 2, dtype: .complex64)
        out.viewBase = viewBase ?? self
        return out
    }
}

/// `torch.view_as_real(x)`: complex64 `[...]` as float32 `[..., 2]`, sharing storage.
public func viewAsReal(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.viewAsRealParts(file: file, line: line)
}

/// `torch.view_as_complex(x)`: float32 `[..., 2]` as complex64 `[...]`, sharing storage.
public func viewAsComplex(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    x.viewAsComplexParts(file: file, line: line)
}

/// `torch.real(x)`, `torch.imag(x)`, `torch.conj(x)`, `torch.angle(x)`.
public func real(_ x: Tensor) -> Tensor { x.real }
public func imag(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.imagPart(file: file, line: line) }
public func conj(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.conj(file: file, line: line) }
public func angle(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.angle(file: file, line: line) }

extension Tensor {
    /// PyTorch differentiates complex functions with Wirtinger calculus; Ember does not.
    static func complexAutogradUnsupported(file: StaticString, line: UInt) -> Never {
        emberFatal("Ember does not support autograd on complex tensors (PyTorch's Wirtinger calculus): complex64 tensors cannot require gradients", file: file, line: line)
    }
}
