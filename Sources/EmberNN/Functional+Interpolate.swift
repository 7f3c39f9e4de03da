import Ember

// `F.interpolate` for "nearest" (3-D and 4-D inputs), "linear" (3-D) and "bilinear" (4-D),
// with PyTorch's source-index rules. Each spatial dim is resampled in turn with
// `indexSelect` (whose backward scatters the gradient back), and the linear modes blend
// two neighbours with fixed weights.

/// `F.interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
/// recompute_scale_factor=None)`.
///
/// - Parameters:
///   - size: the output's spatial size (one Int for every dim, or one per dim).
///   - scaleFactor: multiplies each spatial size (one for every dim, or one per dim).
///   - alignCorners: for the linear modes: whether corner pixels' centres line up (PyTorch's
///     default is false).
///   - recomputeScaleFactor: index with `in / out` instead of `1 / scaleFactor`.
public func interpolate(_ input: Tensor, size: [Int]? = nil, scaleFactor: [Double]? = nil, mode: String = "nearest",
                        alignCorners: Bool? = nil, recomputeScaleFactor: Bool? = nil,
                        file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced(upsampleTarget(mode, spatial: input.ndim - 2),
                  [.tensor(input), size.map { .ints($0) } ?? .none, .string(mode), alignCorners.map { .bool($0) } ?? .none,
                   recomputeScaleFactor.map { .bool($0) } ?? .none] + (scaleFactor ?? []).map { .double($0) },
                  file: file, line: line) {
        interpolateBody(input, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners,
                        recomputeScaleFactor: recomputeScaleFactor, file: file, line: line)
    }
}

/// The aten op PyTorch records for an `interpolate` call. The node's arguments are
/// (input, size?, mode, align_corners?, recompute_scale_factor?, scale factors…): the scale
/// factors trail, one double each, as a graph argument holds no list of doubles.
private func upsampleTarget(_ mode: String, spatial: Int) -> String {
    // Literals only: this runs on every call, capturing or not.
    switch (mode, spatial) {
    case ("nearest", 1): "aten.upsample_nearest1d"
    case ("nearest", 2): "aten.upsample_nearest2d"
    case ("linear", _): "aten.upsample_linear1d"
    case ("bilinear", _): "aten.upsample_bilinear2d"
    default: "aten.interpolate"
    }
}

private func interpolateBody(_ input: Tensor, size: [Int]?, scaleFactor: [Double]?, mode: String, alignCorners: Bool?,
                             recomputeScaleFactor: Bool?, file: StaticString, line: UInt) -> Tensor {
    let modes = ["nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact"]
    let spatial = input.ndim - 2
    if alignCorners != nil && !["linear", "bilinear", "bicubic", "trilinear"].contains(mode) {
        emberFatal("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear", file: file, line: line)
    }
    guard spatial >= 1 else {
        emberFatal("Input Error: Only 3D, 4D and 5D input Tensors supported (got \(input.ndim)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got \(mode))", file: file, line: line)
    }
    if size != nil && scaleFactor != nil {
        emberFatal("only one of size or scale_factor should be defined", file: file, line: line)
    }
    guard size != nil || scaleFactor != nil else {
        emberFatal("either size or scale_factor should be defined", file: file, line: line)
    }
    if let size, size.count != 1 && size.count != spatial {
        emberFatal("Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(shapeString(Array(input.shape.dropFirst(2)))) and output size of \(shapeString(size)). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.", file: file, line: line)
    }
    if let scaleFactor, scaleFactor.count != 1 && scaleFactor.count != spatial {
        emberFatal("Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of \(shapeString(Array(input.shape.dropFirst(2)))) and scale_factor of shape \(scaleFactor). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.", file: file, line: line)
    }
    let inSizes = Array(input.shape.dropFirst(2))
    let scales = scaleFactor.map { s in s.count == 1 ? Array(repeating: s[0], count: spatial) : s }
    let outSizes = size.map { s in s.count == 1 ? Array(repeating: s[0], count: spatial) : s }
        ?? (0..<spatial).map { Int((Double(inSizes[$0]) * scales![$0]).rounded(.down)) }
    // The scale PyTorch indexes with: 1/scale_factor when given (and not recomputed).
    let indexScales: [Double?] = (0..<spatial).map { recomputeScaleFactor == true ? nil : scales?[$0] }
    switch (mode, spatial) {
    case ("nearest", 1), ("nearest", 2):
        var y = input
        for i in 0..<spatial {
            y = resampleNearest(y, dim: 2 + i, outSize: outSizes[i], scale: indexScales[i], file: file, line: line)
        }
        return y
    case ("linear", 1), ("bilinear", 2):
        var y = input
        for i in 0..<spatial {
            y = resampleLinear(y, dim: 2 + i, outSize: outSizes[i], scale: indexScales[i], alignCorners: alignCorners ?? false,
                               file: file, line: line)
        }
        return y
    case ("linear", _), ("bilinear", _), ("trilinear", _):
        let needed = mode == "linear" ? 3 : mode == "bilinear" ? 4 : 5
        emberFatal("Got \(input.ndim)D input, but \(mode) mode needs \(needed)D input", file: file, line: line)
    default:
        if !modes.contains(mode) {
            emberFatal("Input Error: Only 3D, 4D and 5D input Tensors supported (got \(input.ndim)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got \(mode))", file: file, line: line)
        }
        emberFatal("interpolate: mode '\(mode)' for \(input.ndim)D input is not implemented in Ember", file: file, line: line)
    }
}

/// `nearest_idx`: `min(floor(dst · scale), in − 1)` in float, as ATen computes it.
private func resampleNearest(_ x: Tensor, dim: Int, outSize: Int, scale: Double?, file: StaticString, line: UInt) -> Tensor {
    let inSize = x.shape[dim]
    if outSize == inSize { return x }
    let s = Float(scale.map { 1.0 / $0 } ?? Double(inSize) / Double(outSize))
    let indices: [Int64] = (0..<outSize).map { o in
        if outSize == 2 * inSize { return Int64(o >> 1) }
        return Int64(Swift.min(Int((Float(o) * s).rounded(.down)), inSize - 1))
    }
    return x.indexSelect(dim, Tensor(indices, shape: [outSize], dtype: .int64), file: file, line: line)
}

/// Linear resampling along one dim (`area_pixel_compute_source_index`): each output reads
/// `(1 − λ)·x[i0] + λ·x[i1]`.
private func resampleLinear(_ x: Tensor, dim: Int, outSize: Int, scale: Double?, alignCorners: Bool,
                            file: StaticString, line: UInt) -> Tensor {
    let inSize = x.shape[dim]
    let ratio: Double
    if alignCorners {
        ratio = outSize > 1 ? Double(inSize - 1) / Double(outSize - 1) : 0
    } else {
        ratio = scale.map { 1.0 / $0 } ?? Double(inSize) / Double(outSize)
    }
    var low: [Int64] = [], high: [Int64] = [], lambdas: [Double] = []
    for o in 0..<outSize {
        let source = alignCorners ? ratio * Double(o) : Swift.max(ratio * (Double(o) + 0.5) - 0.5, 0)
        let i0 = Swift.min(Int(source), inSize - 1)
        let i1 = i0 + (i0 < inSize - 1 ? 1 : 0)
        low.append(Int64(i0))
        high.append(Int64(i1))
        lambdas.append(Swift.min(source - Double(i0), 1))
    }
    var weightShape = Array(repeating: 1, count: x.ndim)
    weightShape[dim] = outSize
    let lambda = Tensor(lambdas, shape: weightShape, dtype: x.dtype, device: x.device)
    let a = x.indexSelect(dim, Tensor(low, shape: [outSize], dtype: .int64), file: file, line: line)
    let b = x.indexSelect(dim, Tensor(high, shape: [outSize], dtype: .int64), file: file, line: line)
    return a.mul(1 - lambda, file: file, line: line).add(b.mul(lambda, file: file, line: line), file: file, line: line)
}

/// `nn.Upsample(size=None, scale_factor=None, mode="nearest", align_corners=None)`.
/// See `interpolate`.
open class Upsample: Module {
    public let size: [Int]?
    public let scaleFactor: [Double]?
    public let mode: String
    public let alignCorners: Bool?

    public init(size: [Int]? = nil, scaleFactor: [Double]? = nil, mode: String = "nearest", alignCorners: Bool? = nil) {
        self.size = size
        self.scaleFactor = scaleFactor
        self.mode = mode
        self.alignCorners = alignCorners
        super.init()
    }

    /// `nn.Upsample(scale_factor=s)` with one factor for every spatial dim.
    public convenience init(scaleFactor: Double, mode: String = "nearest", alignCorners: Bool? = nil) {
        self.init(size: nil, scaleFactor: [scaleFactor], mode: mode, alignCorners: alignCorners)
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return interpolate(input, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners,
                           file: s.file, line: s.line)
    }

    open override var extraRepr: String {
        let info: String
        if let scaleFactor {
            info = "scale_factor=" + (scaleFactor.count == 1 ? pythonFloat(scaleFactor[0]) : "(" + scaleFactor.map(pythonFloat).joined(separator: ", ") + ")")
        } else {
            let s = size ?? []
            info = "size=" + (s.count == 1 ? "\(s[0])" : pythonTuple(s))
        }
        return info + ", mode='\(mode)'"
    }
}
