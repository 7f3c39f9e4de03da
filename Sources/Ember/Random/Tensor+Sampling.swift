import CEmberKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Bernoulli, exponential and multinomial as PyTorch 2.x's CPU kernels draw them: serial
// mt19937 draws in element order (this build's bernoulli_(p) no longer goes through MKL).

private func libmLog1p(_ x: Double) -> Double { log1p(x) }

extension Tensor {
    /// `bernoulli_(p)`: 1 where a 53-bit uniform draw is below `p`, else 0.
    @discardableResult
    public func bernoulli_(p: Double = 0.5, generator: Generator? = nil,
                           file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard p >= 0 && p <= 1 else {
            emberFatal("bernoulli_ expects p to be in [0, 1], but got p=\(p)", file: file, line: line)
        }
        let gen = generator ?? defaultGenerator
        let n = count
        if device == .cpu && isContiguous && (dtype == .float32 || dtype == .float64) {
            gen.withLock { bernoulliFill(gen, p) }
            bumpVersion()
            return self
        }
        gen.withLock { fillFromHost((0..<n).map { _ in gen.uniformDouble() < p ? 1.0 : 0.0 }) }
        return self
    }

    /// The same draws as the element loop above (two words per 53-bit uniform, `u < p`
    /// compared as the integer `bits < ceil(p * 2^53)`, which is exact), taken from the
    /// generator in blocks and written straight into this contiguous CPU tensor.
    private func bernoulliFill(_ gen: Generator, _ p: Double) {
        let threshold = UInt64((p * 0x1p53).rounded(.up))
        let base = storage.address, isFloat = dtype == .float32
        let block = 2048
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * block) { words in
            var start = 0
            while start < count {
                let m = Swift.min(block, count - start)
                gen.fill(words.baseAddress!, count: 2 * m)
                if isFloat {
                    ember_bernoulli_f32(words.baseAddress!, threshold, base.assumingMemoryBound(to: Float.self) + storageOffset + start, m)
                } else {
                    ember_bernoulli_f64(words.baseAddress!, threshold, base.assumingMemoryBound(to: Double.self) + storageOffset + start, m)
                }
                start += m
            }
        }
    }

    /// `bernoulli_(p)` with a tensor of probabilities broadcast to this shape: float64 `p`
    /// compares 53-bit draws, other dtypes 24-bit float draws.
    @discardableResult
    public func bernoulli_(p probs: Tensor, generator: Generator? = nil,
                           file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let gen = generator ?? defaultGenerator
        let expanded = probs.to(.cpu).expand(shape, file: file, line: line)
        let values = expanded.toArray(Double.self)
        if let bad = values.first(where: { !($0 >= 0 && $0 <= 1) }) {
            emberFatal("Expected p_in >= 0 && p_in <= 1 to be true, but got false. (p=\(bad))", file: file, line: line)
        }
        let double = probs.dtype == .float64
        gen.withLock {
            fillFromHost(values.map { p -> Double in
                (double ? gen.uniformDouble() < p : gen.uniformFloat() < Float(p)) ? 1 : 0
            })
        }
        return self
    }

    /// `exponential_(lambd)`: `-1/λ · log1p(-u)` in double from a 53-bit uniform.
    @discardableResult
    public func exponential_(lambd: Double = 1, generator: Generator? = nil,
                             file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard lambd > 0 else {
            emberFatal("exponential_ expects lambda > 0.0, but found lambda=\(lambd)", file: file, line: line)
        }
        let gen = generator ?? defaultGenerator
        let n = count
        gen.withLock {
            let values = (0..<n).map { _ in (-1.0 / lambd) * libmLog1p(-gen.uniformDouble()) }
            switch dtype {
            case .float64: fillFromHost(values)
            case .float16: fillFromHost(values.map { Float16(Float($0)) })
            default: fillFromHost(values.map { Float($0) })
            }
        }
        return self
    }

    /// `torch.normal(mean, std, size)`.
    public static func normal(mean: Double, std: Double, size: [Int], dtype: DType? = nil, device: Device = .cpu,
                              generator: Generator? = nil, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        empty(size, dtype: floatingDType(dtype, "normal_kernel_cpu", file, line), device: device)
            .normal_(mean: mean, std: std, generator: generator)
    }
}

/// `torch.bernoulli(probs)`: a 0/1 tensor of `probs`' dtype, element `i` drawn with `probs[i]`.
public func bernoulli(_ probs: Tensor, generator: Generator? = nil,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.empty(like: probs).bernoulli_(p: probs, generator: generator, file: file, line: line)
}

/// `torch.multinomial(probs, num_samples, replacement)`: indices drawn from each row of a 1-D
/// or 2-D tensor of non-negative weights.
public func multinomial(_ probs: Tensor, numSamples: Int, replacement: Bool = false, generator: Generator? = nil,
                        file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard probs.ndim == 1 || probs.ndim == 2 else {
        emberFatal("prob_dist must be 1 or 2 dim", file: file, line: line)
    }
    guard probs.dtype.isFloatingPoint else {
        emberFatal("multinomial only supports floating-point dtypes for input, got: \(probs.dtype.scalarTypeName)", file: file, line: line)
    }
    guard numSamples > 0 else { emberFatal("cannot sample n_sample <= 0 samples", file: file, line: line) }
    let categories = probs.shape.last!
    guard replacement || numSamples <= categories else {
        emberFatal("cannot sample n_sample > prob_dist.size(-1) samples without replacement", file: file, line: line)
    }
    let rows = probs.ndim == 2 ? probs.shape[0] : 1
    let weights = probs.to(.cpu).toArray(Double.self)
    for w in weights where !(w >= 0) || !w.isFinite {
        emberFatal("probability tensor contains either `inf`, `nan` or element < 0", file: file, line: line)
    }
    let gen = generator ?? defaultGenerator
    let isDouble = probs.dtype == .float64
    var result = [Int64]()
    result.reserveCapacity(rows * numSamples)
    if !replacement || numSamples == 1 {
        // PyTorch's fast path: top-k of p / q with q ~ Exp(1), drawn for the whole tensor first.
        let q = Tensor.empty(like: probs).exponential_(generator: gen).toArray(Double.self)
        for r in 0..<rows {
            let row = (0..<categories).map { j -> Double in
                let i = r * categories + j
                if isDouble { return weights[i] / q[i] }
                let ratio: Float = Float(weights[i]) / Float(q[i])
                return Double(ratio)
            }
            let order = (0..<categories).sorted { (a: Int, b: Int) -> Bool in
                row[a] > row[b] || (row[a] == row[b] && a < b)
            }
            result += order.prefix(numSamples).map(Int64.init)
        }
    } else {
        gen.withLock {
            for r in 0..<rows {
                let row = weights[(r * categories)..<((r + 1) * categories)]
                var cumulative = [Double](repeating: 0, count: categories)
                if isDouble {
                    var sum = 0.0
                    for (j, w) in row.enumerated() { sum += w; cumulative[j] = sum }
                    for j in 0..<categories { cumulative[j] /= sum }
                } else {
                    // Summed and normalised in float, as PyTorch does for float and half rows.
                    var sum: Float = 0
                    var partial = [Float](repeating: 0, count: categories)
                    for (j, w) in row.enumerated() { sum += Float(w); partial[j] = sum }
                    for j in 0..<categories { cumulative[j] = Double(partial[j] / sum) }
                }
                guard cumulative.last! > 0 || row.reduce(0, +) > 0 else {
                    emberFatal("invalid multinomial distribution (sum of probabilities <= 0)", file: file, line: line)
                }
                cumulative[categories - 1] = 1
                for _ in 0..<numSamples {
                    let u = gen.uniformDouble()
                    var lo = 0, hi = categories
                    while hi > lo {
                        let mid = lo + (hi - lo) / 2
                        if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
                    }
                    result.append(Int64(lo))
                }
            }
        }
    }
    return Tensor(result, shape: probs.ndim == 2 ? [rows, numSamples] : [numSamples], dtype: .int64, device: probs.device)
}
