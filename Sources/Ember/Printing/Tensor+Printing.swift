import ComplexModule

/// `print(t)` writes what `repr(t)` writes in PyTorch (`torch/_tensor_str.py`), character
/// for character: the same number formats, widths, summarisation, line wrapping and
/// suffixes, except that dtypes are printed bare (`dtype=float64`, not `torch.float64`).
extension Tensor: CustomStringConvertible {
    public var description: String {
        TensorPrinter(options: printOptions, defaultDType: defaultDType).repr(self)
    }
}

// MARK: - Print options

/// `torch.set_printoptions`' settings.
public struct PrintOptions: Sendable, Equatable {
    /// Digits after the decimal point for floating-point output.
    public var precision = 4
    /// Tensors with more elements than this are summarised (`...`).
    public var threshold: Double = 1000
    /// Items shown at the start and at the end of each summarised dimension.
    public var edgeitems = 3
    /// Characters per line used to wrap rows.
    public var linewidth = 80
    /// `true` or `false` forces scientific notation on or off; nil lets each tensor decide.
    public var sciMode: Bool? = nil

    public init() {}
}

/// `set_printoptions(profile=…)`.
public enum PrintProfile: Sendable {
    /// precision 4, threshold 1000, edgeitems 3, linewidth 80.
    case `default`
    /// precision 2, threshold 1000, edgeitems 2, linewidth 80.
    case short
    /// precision 4, no summarisation, edgeitems 3, linewidth 80.
    case full
}

private let printOptionsLock = Mutex(PrintOptions())

/// The current print options (`torch._tensor_str.get_printoptions()`).
public var printOptions: PrintOptions { printOptionsLock.withLock { $0 } }

/// `torch.set_printoptions`: arguments left nil keep their value, except `sciMode`, which is
/// always set (nil meaning automatic), as in PyTorch.
public func setPrintOptions(precision: Int? = nil, threshold: Double? = nil, edgeitems: Int? = nil,
                            linewidth: Int? = nil, profile: PrintProfile? = nil, sciMode: Bool? = nil) {
    printOptionsLock.withLock { o in
        switch profile {
        case .default?: o.precision = 4; o.threshold = 1000; o.edgeitems = 3; o.linewidth = 80
        case .short?: o.precision = 2; o.threshold = 1000; o.edgeitems = 2; o.linewidth = 80
        case .full?: o.precision = 4; o.threshold = .infinity; o.edgeitems = 3; o.linewidth = 80
        case nil: break
        }
        if let precision { o.precision = precision }
        if let threshold { o.threshold = threshold }
        if let edgeitems { o.edgeitems = edgeitems }
        if let linewidth { o.linewidth = linewidth }
        o.sciMode = sciMode
    }
}

// MARK: - The printer

/// Builds a tensor's repr for given options and default dtype (both passed in, so tests can
/// vary them without touching process-wide state).
struct TensorPrinter {
    var options: PrintOptions
    var defaultDType: DType

    func repr(_ t: Tensor) -> String {
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        if t.device.kind != .cpu {
            suffixes.append("device='\(t.device.resolved)'")
        }
        // complex64 is the default complex dtype while float32 is the default (no suffix).
        let hasDefaultDType = t.dtype == defaultDType || t.dtype == .int64 || t.dtype == .bool
            || (t.dtype == .complex64 && defaultDType == .float32)
        let body: String
        if t.count == 0 {
            // NumPy's convention: the shape is shown unless it is (0,); the dtype is shown
            // unless it is the default float dtype, since nothing else says what it is.
            if t.ndim != 1 { suffixes.append("size=" + tupleString(t.shape)) }
            if t.dtype != defaultDType { suffixes.append("dtype=\(t.dtype)") }
            body = "[]"
        } else {
            if options.edgeitems == 0 { suffixes.append("size=" + tupleString(t.shape)) }
            if !hasDefaultDType { suffixes.append("dtype=\(t.dtype)") }
            body = contents(t, indent: indent)
        }
        if let node = t.gradFn {
            suffixes.append("grad_fn=<\(node.name)>")
        } else if t.requiresGrad {
            suffixes.append("requires_grad=True")
        }
        return addSuffixes(prefix + body, suffixes, indent: indent)
    }

    /// `_add_suffixes`: `, suffix` on the last line while it fits in the line width, else on
    /// a new line indented under the opening bracket.
    func addSuffixes(_ text: String, _ suffixes: [String], indent: Int) -> String {
        var out = text
        let utf8 = text.utf8
        // PyTorch's `len(s) - s.rfind("\n") + 1`: two more than the last line's length.
        var lastLineLength: Int
        if let newline = utf8.lastIndex(of: UInt8(ascii: "\n")) {
            lastLineLength = utf8.distance(from: newline, to: utf8.endIndex) + 1
        } else {
            lastLineLength = utf8.count + 2
        }
        for suffix in suffixes {
            let length = suffix.utf8.count
            if lastLineLength + length + 2 > options.linewidth {
                out += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLineLength = indent + length
            } else {
                out += ", " + suffix
                lastLineLength += length + 2
            }
        }
        return out + ")"
    }

    /// `_tensor_str`: the bracketed values of a non-empty tensor.
    func contents(_ t: Tensor, indent: Int) -> String {
        let summarize = Double(t.count) > options.threshold
        let edge = options.edgeitems
        if summarize && edge <= 0 && t.ndim > 0 { return "[...]" }

        // Only the corners that will be printed (`get_summarized_data`): at most 2·edge
        // items along each summarised dimension. They also set the common format.
        let shown: Tensor = summarize ? corners(t, edge: edge) : t
        // Every item formatted and padded to the formatter's width. That width counts the
        // finite non-zero values only, so a `nan` may be wider; rows still wrap by it.
        let strings: [String]
        let width: Int
        if t.dtype.isComplex {
            // One formatter for the real parts and one for the imaginary parts; the imaginary
            // text loses its padding and gets a sign and a `j` (`_val_formatter`).
            let values = shown.toArray(Complex<Double>.self)
            let real = FloatFormatter(values.map { $0.rawStorage.x }, options: options)
            let imag = FloatFormatter(values.map { $0.rawStorage.y }, options: options)
            strings = values.map { z in
                let re = real.format(z.rawStorage.x)
                var im = Substring(imag.format(z.rawStorage.y) + "j")
                while im.first == " " { im.removeFirst() }
                return im.first == "+" || im.first == "-" ? re + im : re + "+" + im
            }
            width = real.maxWidth + imag.maxWidth + 1
        } else if t.dtype.isFloatingPoint {
            let values = shown.toArray(Double.self)
            let formatter = FloatFormatter(values, options: options)
            strings = values.map(formatter.format)
            width = formatter.maxWidth
        } else if t.dtype == .bool {
            let values = shown.toArray(Bool.self)
            width = values.contains(false) ? 5 : 4
            strings = values.map { padLeft($0 ? "True" : "False", width) }
        } else {
            let texts = shown.toArray(Int64.self).map { String($0) }
            width = texts.reduce(1) { Swift.max($0, $1.utf8.count) }
            strings = texts.map { padLeft($0, width) }
        }
        if t.ndim == 0 { return strings[0] }
        let layout = Layout(strings: strings, originalShape: t.shape, shownShape: shown.shape,
                            summarize: summarize, edge: edge, width: width, linewidth: options.linewidth)
        return layout.render(indent: indent)
    }

    /// The summarised tensor: each dimension longer than 2·edge keeps its first and last
    /// `edge` items.
    private func corners(_ t: Tensor, edge: Int) -> Tensor {
        noGrad {
            var r = t
            for d in 0..<t.ndim where t.shape[d] > 2 * edge {
                r = cat([r.narrow(d, 0, edge), r.narrow(d, t.shape[d] - edge, edge)], dim: d)
            }
            return r
        }
    }

    /// Python's `str(tuple(shape))`: `(0, 3)`, `(0,)`.
    func tupleString(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

/// Left-pads to a width (PyTorch's `(max_width - len(ret)) * " " + ret`).
@inline(__always)
func padLeft(_ s: String, _ width: Int) -> String {
    let n = width - s.utf8.count
    return n > 0 ? String(repeating: " ", count: n) + s : s
}

/// `_Formatter` for floating-point dtypes: picks integer mode (`1.`), fixed (`1.5000`) or
/// scientific (`1.5000e+00`) from the finite non-zero values, and a common width.
struct FloatFormatter {
    var intMode = true
    var sciMode = false
    var maxWidth = 1
    let precision: Int

    init(_ values: [Double], options: PrintOptions) {
        precision = options.precision
        var minAbs = Double.infinity, maxAbs = 0.0, any = false
        for v in values where v.isFinite && v != 0 {
            any = true
            let a = v.magnitude
            if a < minAbs { minAbs = a }
            if a > maxAbs { maxAbs = a }
            if intMode && v != v.rounded(.up) { intMode = false }
        }
        guard any else { return }  // no finite non-zero value: `0.`, `nan`, `inf`
        sciMode = options.sciMode ?? (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4)
        for v in values where v.isFinite && v != 0 {
            let length: Int
            if sciMode {
                length = PythonFloatFormat.scientific(v, precision: precision).utf8.count
            } else if intMode {
                length = PythonFloatFormat.fixed(v, precision: 0).utf8.count + 1
            } else {
                length = PythonFloatFormat.fixed(v, precision: precision).utf8.count
            }
            if length > maxWidth { maxWidth = length }
        }
    }

    func format(_ v: Double) -> String {
        let s: String
        if sciMode {
            s = PythonFloatFormat.scientific(v, precision: precision)
        } else if intMode {
            s = PythonFloatFormat.fixed(v, precision: 0) + (v.isFinite ? "." : "")
        } else {
            s = PythonFloatFormat.fixed(v, precision: precision)
        }
        return padLeft(s, maxWidth)
    }
}

/// `_tensor_str_with_formatter` and `_vector_str`: nests the formatted items in brackets,
/// wraps rows to the line width and puts `...` where items were left out.
private struct Layout {
    let strings: [String]
    let originalShape: [Int]
    let shownShape: [Int]
    let summarize: Bool
    let edge: Int
    /// The formatter's width (every item is padded to it), which sets items per line.
    let width: Int
    let linewidth: Int
    private var strides: [Int]

    init(strings: [String], originalShape: [Int], shownShape: [Int], summarize: Bool, edge: Int,
         width: Int, linewidth: Int) {
        self.strings = strings
        self.originalShape = originalShape
        self.shownShape = shownShape
        self.summarize = summarize
        self.edge = edge
        self.width = width
        self.linewidth = linewidth
        var s = Array(repeating: 1, count: shownShape.count)
        var acc = 1
        for d in stride(from: shownShape.count - 1, through: 0, by: -1) {
            s[d] = acc
            acc *= shownShape[d]
        }
        strides = s
    }

    /// The nested rows, the first opening bracket `indent` characters into its line.
    func render(indent: Int) -> String { block(dim: 0, offset: 0, indent: indent) }

    /// Whether the dimension prints as its first and last `edge` items around `...`.
    private func elided(_ d: Int) -> Bool { summarize && originalShape[d] > 2 * edge }

    private func block(dim d: Int, offset: Int, indent: Int) -> String {
        let ndim = shownShape.count
        if d == ndim - 1 {
            var items: [String] = []
            if elided(d) {
                items += strings[offset..<offset + edge]
                items.append(" ...")
                items += strings[offset + edge..<offset + 2 * edge]
            } else {
                items += strings[offset..<offset + shownShape[d]]
            }
            let perLine = Swift.max(1, (linewidth - indent) / (width + 2))
            var lines: [String] = []
            var i = 0
            while i < items.count {
                lines.append(items[i..<Swift.min(i + perLine, items.count)].joined(separator: ", "))
                i += perLine
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        let rows: [Int] = elided(d) ? Array(0..<edge) + [-1] + Array(edge..<2 * edge) : Array(0..<shownShape[d])
        let slices = rows.map { r in
            r < 0 ? "..." : block(dim: d + 1, offset: offset + r * strides[d], indent: indent + 1)
        }
        let separator = "," + String(repeating: "\n", count: ndim - d - 1) + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: separator) + "]"
    }
}
