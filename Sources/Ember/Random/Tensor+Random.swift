#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Fills with values drawn on the host, then uploads (random kernels run on the CPU
    /// generator; a device backend receives the values).
    func fillFromHost<T: TensorScalar>(_ values: [T]) {
        values.withUnsafeBufferPointer { backend.upload($0, into: view) }
        bumpVersion()
    }

    /// `uniform_(from, to)`: PyTorch's serial uniform draws (`x * (to - from) + from`, fused as
    /// its build compiles it).
    @discardableResult
    public func uniform_(_ from: Double = 0, _ to: Double = 1, generator: Generator? = nil) -> Tensor {
        // complex64: both parts drawn as one float32 stream (PyTorch fills view_as_real).
        if dtype.isComplex { viewAsRealParts(file: #fileID, line: #line).uniform_(from, to, generator: generator); return self }
        let gen = generator ?? defaultGenerator
        let n = count
        gen.withLock {
            switch dtype {
            case .float64:
                fillFromHost((0..<n).map { _ in from.addingProduct(gen.uniformDouble(), to - from) })
            case .float16:
                // Half draws a float (24 bits) and rounds it; a value rounded up to `to` becomes
                // `from`, keeping [from, to) (measured on this build).
                let f = Float(from), t = Float(to), top = Float16(t)
                fillFromHost((0..<n).map { _ -> Float16 in
                    let v = Float16(f.addingProduct(gen.uniformFloat(), t - f))
                    return v == top ? Float16(f) : v
                })
            case .bfloat16:
                // As half: a float draw rounded, a value rounded up to `to` becoming `from`.
                let f = Float(from), t = Float(to), top = BFloat16(t)
                fillFromHost((0..<n).map { _ -> BFloat16 in
                    let v = BFloat16(f.addingProduct(gen.uniformFloat(), t - f))
                    return v == top ? BFloat16(f) : v
                })
            default:
                let f = Float(from), t = Float(to)
                fillFromHost((0..<n).map { _ in f.addingProduct(gen.uniformFloat(), t - f) })
            }
        }
        return self
    }

    /// `uniform_(from=, to=)`.
    @discardableResult
    public func uniform_(from: Double, to: Double, generator: Generator? = nil) -> Tensor {
        uniform_(from, to, generator: generator)
    }

    /// `normal_(mean, std)`: the 16-wide Box–Muller fill for 16 or more contiguous elements
    /// (float and half through PyTorch's AVX2 polynomials), the scalar double path (with its
    /// cached second value) below that, as PyTorch's CPU kernel does.
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator? = nil) -> Tensor {
        // complex64: each part normal with std / sqrt(2), so |z| has the requested spread (PyTorch).
        if dtype.isComplex {
            viewAsRealParts(file: #fileID, line: #line).normal_(mean: mean, std: std / 2.0.squareRoot(), generator: generator)
            return self
        }
        let gen = generator ?? defaultGenerator
        let n = count
        gen.withLock {
            if n >= 16 && isContiguous {
                switch dtype {
                case .float64: fillFromHost(normalFillDouble(n, mean: mean, std: std, gen))
                case .float16: fillFromHost(normalFillFloat(n, mean: Float(mean), std: Float(std), gen, chunked: true).map(Float16.init))
                case .bfloat16: fillFromHost(normalFillFloat(n, mean: Float(mean), std: Float(std), gen, chunked: true).map { BFloat16($0) })
                default: fillFromHost(normalFillFloat(n, mean: Float(mean), std: Float(std), gen))
                }
            } else {
                let values = (0..<n).map { _ in mean.addingProduct(gen.normalDouble(), std) }
                switch dtype {
                case .float64: fillFromHost(values)
                case .float16: fillFromHost(values.map { Float16(Float($0)) })
                default: fillFromHost(values.map { Float($0) })
                }
            }
        }
        return self
    }

    /// `random_(from, to)`: integers uniform in `from..<to`; this PyTorch build takes 64-bit draws
    /// for ranges of 2^28 or more (measured).
    @discardableResult
    public func random_(_ from: Int, _ to: Int, generator: Generator? = nil) -> Tensor {
        let gen = generator ?? defaultGenerator
        let range = UInt64(bitPattern: Int64(to) &- Int64(from))
        gen.withLock {
            fillFromHost((0..<count).map { _ -> Int64 in
                let r = range >= 1 << 28 ? gen.random64() % range : UInt64(gen.random()) % range
                return Int64(bitPattern: r &+ UInt64(bitPattern: Int64(from)))
            })
        }
        return self
    }

    /// `random_(to)`: integers uniform in `0..<to`.
    @discardableResult
    public func random_(_ to: Int, generator: Generator? = nil) -> Tensor {
        random_(0, to, generator: generator)
    }

    /// `torch.rand`: uniform in [0, 1).
    public static func rand(_ shape: Int..., dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                            generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        rand(shape, dtype: dtype, device: device, requiresGrad: requiresGrad, generator: generator, file: file, line: line)
    }

    public static func rand(_ shape: [Int], dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                            generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let t = empty(shape, dtype: floatingDType(dtype, "rand", file, line), device: device, file: file, line: line).uniform_(generator: generator)
        return t.requiresGrad_(requiresGrad, file: file, line: line)
    }

    /// `torch.randn`: standard normal.
    public static func randn(_ shape: Int..., dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                             generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        randn(shape, dtype: dtype, device: device, requiresGrad: requiresGrad, generator: generator, file: file, line: line)
    }

    public static func randn(_ shape: [Int], dtype: DType? = nil, device: Device = .cpu, requiresGrad: Bool = false,
                             generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let t = empty(shape, dtype: floatingDType(dtype, "randn", file, line), device: device, file: file, line: line).normal_(generator: generator)
        return t.requiresGrad_(requiresGrad, file: file, line: line)
    }

    /// `torch.randint(low, high, size)`: int64 unless `dtype` says otherwise.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int], dtype: DType = .int64, device: Device = .cpu,
                               generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard low < high else {
            emberFatal("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)", file: file, line: line)
        }
        let t = empty(shape, dtype: .int64).random_(low, high, generator: generator)
        return t.to(dtype).to(device)
    }

    /// `torch.randint(high, size)`.
    public static func randint(_ high: Int, _ shape: [Int], dtype: DType = .int64, device: Device = .cpu,
                               generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        randint(0, high, shape, dtype: dtype, device: device, generator: generator, file: file, line: line)
    }

    /// `torch.randperm(n)`: PyTorch's CPU swap loop; from n = 2^32 / 20 on, its inside-out
    /// shuffle with 64-bit draws.
    public static func randperm(_ n: Int, dtype: DType = .int64, device: Device = .cpu,
                                generator: Generator? = nil) -> Tensor {
        let gen = generator ?? defaultGenerator
        var values = [Int64](repeating: 0, count: n)
        gen.withLock {
            if n < Int(UInt32.max / 20) {
                for i in 0..<n { values[i] = Int64(i) }
                for i in 0..<Swift.max(n - 1, 0) {
                    let z = Int(UInt64(gen.random()) % UInt64(n - i))
                    values.swapAt(i, z + i)
                }
            } else {
                for i in 0..<n {
                    let z = Int(gen.random64() % UInt64(i + 1))
                    values[i] = values[z]
                    values[z] = Int64(i)
                }
            }
        }
        return Tensor(values, shape: [n], dtype: dtype, device: device)
    }

    /// `torch.rand_like` / `randn_like`.
    public static func rand(like other: Tensor, generator: Generator? = nil) -> Tensor {
        empty(like: other).uniform_(generator: generator)
    }
    public static func randn(like other: Tensor, generator: Generator? = nil) -> Tensor {
        empty(like: other).normal_(generator: generator)
    }

    static func floatingDType(_ dtype: DType?, _ op: String, _ file: StaticString, _ line: UInt) -> DType {
        let d = dtype ?? defaultDType
        guard d.isFloatingOrComplex else {
            emberFatal("\"\(op)\" not implemented for '\(d.scalarTypeName)'", file: file, line: line)
        }
        return d
    }
}
