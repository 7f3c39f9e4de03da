// `bincount` and `histc`: counts of values (or sums of weights) per integer bin or per
// equal-width interval. Counted on the host; neither is differentiable, as in PyTorch.

extension Tensor {
    /// `bincount(weights, minlength)`: how often each value `0...max` occurs in this 1-D
    /// non-negative integer tensor (int64), or the sum of `weights` per value: float32 for
    /// float32 weights, float64 for any other weights, as in PyTorch. At least `minlength` bins.
    public func bincount(weights: Tensor? = nil, minlength: Int = 0,
                         file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard dtype.isIntegral else {
            emberFatal("\"bincount_cpu\" not implemented for '\(dtype.scalarTypeName)'", file: file, line: line)
        }
        guard minlength >= 0 else { emberFatal("minlength should be >= 0", file: file, line: line) }
        if ndim == 1 && count == 0 { return Tensor.zeros([minlength], dtype: .int64, device: device) }
        let values = toArray(Int64.self)
        guard ndim == 1, let largest = values.max(), values.min()! >= 0 else {
            emberFatal("bincount only supports 1-d non-negative integral inputs.", file: file, line: line)
        }
        let bins = Swift.max(Int(largest) + 1, minlength)
        guard let weights else {
            var counts = [Int64](repeating: 0, count: bins)
            for v in values { counts[Int(v)] += 1 }
            return Tensor(counts, shape: [bins], device: device)
        }
        guard weights.ndim == 1 && weights.shape[0] == shape[0] else {
            emberFatal("weights should be 1-d and have the same length as input", file: file, line: line)
        }
        let w = weights.toArray(Double.self)
        let outType: DType = weights.dtype == .float32 ? .float32 : .float64
        if outType == .float32 {
            // Summed in float32, as PyTorch's kernel does for float weights.
            var sums = [Float](repeating: 0, count: bins)
            for (v, x) in zip(values, w) { sums[Int(v)] += Float(x) }
            return Tensor(sums, shape: [bins], device: device)
        }
        var sums = [Double](repeating: 0, count: bins)
        for (v, x) in zip(values, w) { sums[Int(v)] += x }
        return Tensor(sums, shape: [bins], dtype: .float64, device: device)
    }

    /// `histc(bins, min, max)`: counts of the elements in `bins` equal-width intervals of
    /// `[min, max]` (the data's own range when `min == max`; widened by 1 each way when that
    /// is a single value). Elements outside are skipped; `max` falls in the last bin. Floating
    /// tensors only; the result has the input's dtype.
    public func histc(bins: Int = 100, min: Double = 0, max: Double = 0,
                      file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard bins > 0 else {
            emberFatal("torch.histogram(): bins must be > 0, but got \(bins) for dimension 0", file: file, line: line)
        }
        var (low, high) = (min, max)
        let values = toArray(Double.self)
        if low == high && !values.isEmpty {
            // The data's extremes, NaN if any element is NaN (as aminmax gives).
            if values.contains(where: \.isNaN) { (low, high) = (.nan, .nan) }
            else { (low, high) = (values.min()!, values.max()!) }
        }
        if low == high { (low, high) = (low - 1, high + 1) }
        guard low.isFinite && high.isFinite else {
            emberFatal("torch.histc: range of [\(cppDouble(low)), \(cppDouble(high))] is not finite", file: file, line: line)
        }
        guard low < high else { emberFatal("torch.histc: max must be larger than min", file: file, line: line) }
        guard dtype.isFloatingPoint else {
            emberFatal("\"histogram_cpu\" not implemented for '\(dtype.scalarTypeName)'", file: file, line: line)
        }
        // Bin positions computed in the input's precision, as PyTorch's kernel does.
        let counts = dtype == .float64 ? histogramCounts(values, bins, low, high)
                                       : histogramCounts(values.map { Float($0) }, bins, Float(low), Float(high))
        return Tensor(counts, shape: [bins], dtype: dtype, device: device)
    }
}

/// Counts per bin: `bin = Int((x - low) * bins / (high - low))` in `T`, the last bin
/// closed on the right, elements outside `[low, high]` (and NaN) skipped.
private func histogramCounts<T: BinaryFloatingPoint>(_ values: [T], _ bins: Int, _ low: T, _ high: T) -> [Double] {
    var counts = [Double](repeating: 0, count: bins)
    for x in values where x >= low && x <= high {
        let position = Int((x - low) * T(bins) / (high - low))
        counts[Swift.min(position, bins - 1)] += 1
    }
    return counts
}

/// A double as C++'s `ostream <<` writes it in messages (`%g`: 6 significant digits).
func cppDouble(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    let scientific = PythonFloatFormat.scientific(x, precision: 5)
    let parts = scientific.split(separator: "e")
    let exponent = Int(parts[1])!
    func trimmed(_ s: Substring) -> String {
        guard s.contains(".") else { return String(s) }
        var t = String(s)
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
    if exponent >= -4 && exponent < 6 {
        return trimmed(Substring(PythonFloatFormat.fixed(x, precision: 5 - exponent)))
    }
    let e = exponent.magnitude < 10 ? "0\(exponent.magnitude)" : "\(exponent.magnitude)"
    return trimmed(parts[0]) + "e" + (exponent < 0 ? "-" : "+") + e
}

/// `torch.bincount(input, weights, minlength)`.
public func bincount(_ input: Tensor, weights: Tensor? = nil, minlength: Int = 0,
                     file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.bincount(weights: weights, minlength: minlength, file: file, line: line)
}

/// `torch.histc(input, bins, min, max)`.
public func histc(_ input: Tensor, bins: Int = 100, min: Double = 0, max: Double = 0,
                  file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.histc(bins: bins, min: min, max: max, file: file, line: line)
}
