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

    /// `uniform_(from, to)`: PyTorch's serial uniform draws.
    @discardableResult
    public func uniform_(_ from: Double = 0, _ to: Double = 1, generator: Generator? = nil) -> Tensor {
        let gen = generator ?? defaultGenerator
        let n = count
        gen.withLock {
            if dtype == .float64 {
                fillFromHost((0..<n).map { _ in gen.uniformDouble() * (to - from) + from })
            } else {
                let f = Float(from), t = Float(to)
                fillFromHost((0..<n).map { _ in gen.uniformFloat() * (t - f) + f })
            }
        }
        return self
    }

    /// `normal_(mean, std)`: the 16-wide Box–Muller fill for 16 or more elements, the scalar
    /// path (with its cached second value) below that, as PyTorch's CPU kernel does.
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator? = nil) -> Tensor {
        let gen = generator ?? defaultGenerator
        let n = count
        gen.withLock {
            if n >= 16 && dtype != .float16 {
                fillFromHost(normalFill(n, mean: mean, std: std, double: dtype == .float64, gen))
            } else {
                fillFromHost((0..<n).map { _ in gen.normalDouble() * std + mean })
            }
        }
        return self
    }

    /// `random_(from, to)`: integers uniform in `from..<to`.
    @discardableResult
    public func random_(_ from: Int, _ to: Int, generator: Generator? = nil) -> Tensor {
        let gen = generator ?? defaultGenerator
        let range = UInt64(to - from)
        gen.withLock {
            fillFromHost((0..<count).map { _ -> Int64 in
                let r = range >= 1 << 32 ? gen.random64() % range : UInt64(gen.random()) % range
                return Int64(from) + Int64(r)
            })
        }
        return self
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

    /// `torch.randperm(n)`: a random permutation of `0..<n` (PyTorch's CPU swap loop).
    public static func randperm(_ n: Int, dtype: DType = .int64, device: Device = .cpu,
                                generator: Generator? = nil) -> Tensor {
        let gen = generator ?? defaultGenerator
        var values = (0..<n).map(Int64.init)
        gen.withLock {
            for i in 0..<Swift.max(n - 1, 0) {
                let z = Int(UInt64(gen.random()) % UInt64(n - i))
                values.swapAt(i, z + i)
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
        guard d.isFloatingPoint else {
            emberFatal("\"\(op)\" not implemented for '\(d.scalarTypeName)'", file: file, line: line)
        }
        return d
    }
}

extension DType {
    /// PyTorch's C++ scalar type name, used in "not implemented for 'Long'" messages.
    var scalarTypeName: String {
        switch self {
        case .bool: "Bool"
        case .uint8: "Byte"
        case .int32: "Int"
        case .int64: "Long"
        case .float16: "Half"
        case .float32: "Float"
        case .float64: "Double"
        }
    }
}

/// PyTorch's `normal_fill`: uniforms first, then Box–Muller over blocks of 16.
private func normalFill(_ n: Int, mean: Double, std: Double, double: Bool, _ gen: Generator) -> [Double] {
    var data = (0..<n).map { _ in double ? gen.uniformDouble() : Double(gen.uniformFloat()) }
    func fill16(_ start: Int) {
        for j in 0..<8 {
            let u1 = 1 - data[start + j], u2 = data[start + j + 8]
            let radius = (-2 * log(u1)).squareRoot(), theta = 2 * Double.pi * u2
            data[start + j] = radius * cos(theta) * std + mean
            data[start + j + 8] = radius * sin(theta) * std + mean
        }
    }
    for start in stride(from: 0, to: n - 15, by: 16) { fill16(start) }
    if n % 16 != 0 {
        // The tail is redone over the last 16 values with fresh uniforms, as PyTorch does.
        for i in (n - 16)..<n { data[i] = double ? gen.uniformDouble() : Double(gen.uniformFloat()) }
        fill16(n - 16)
    }
    return data
}
