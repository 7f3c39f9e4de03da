/// Wraps a possibly negative dim into `0..<ndim`, with PyTorch's error when out of range.
/// A 0-d tensor accepts dims -1 and 0, as in PyTorch.
func normalizeDim(_ dim: Int, _ ndim: Int, file: StaticString = #fileID, line: UInt = #line) -> Int {
    let n = Swift.max(ndim, 1)
    guard dim >= -n && dim < n else {
        emberFatal("Dimension out of range (expected to be in range of [\(-n), \(n - 1)], but got \(dim))", file: file, line: line)
    }
    return dim < 0 ? dim + n : dim
}

/// The broadcast shape of two shapes (numpy's rule), or PyTorch's error.
func broadcastShapes(_ a: [Int], _ b: [Int], file: StaticString = #fileID, line: UInt = #line) -> [Int] {
    if a == b { return a }
    let n = Swift.max(a.count, b.count)
    var out = Array(repeating: 0, count: n)
    for i in 0..<n {
        let da = i < n - a.count ? 1 : a[i - (n - a.count)]
        let db = i < n - b.count ? 1 : b[i - (n - b.count)]
        if da == db || db == 1 { out[i] = da }
        else if da == 1 { out[i] = db }
        else {
            emberFatal("The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i)", file: file, line: line)
        }
    }
    return out
}

/// Strides that read a tensor of `shape` as if it had `target` (stride 0 where broadcast).
func broadcastStrides(_ shape: [Int], _ strides: [Int], to target: [Int]) -> [Int] {
    let lead = target.count - shape.count
    var out = Array(repeating: 0, count: target.count)
    for i in 0..<shape.count where shape[i] != 1 || target[lead + i] == 1 {
        out[lead + i] = shape[i] == 1 ? 0 : strides[i]
    }
    return out
}

/// PyTorch's `[2, 3]` spelling of a shape in messages.
package func shapeString(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
