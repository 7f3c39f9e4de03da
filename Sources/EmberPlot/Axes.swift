/// One plotting area of a figure (`matplotlib.axes.Axes`): what `subplot` returns.
///
/// Calls chain, as the seed programs use them:
/// `figure.subplot(1, 2, 1).line(losses, label: "loss").xlabel("Epoch").title("Loss")`.
/// A legend appears when any series has a label (pyplot waits for `legend()`; a labelled
/// series asks for one here, and `legend(false)` hides it).
public final class Axes {
    public enum Scale: String, Sendable { case linear, log }

    enum Series {
        case line(x: [Double], y: [Double], color: Color, width: Double, dashes: [Double], label: String?)
        case scatter(x: [Double], y: [Double], color: Color, size: Double, label: String?)
        case bars(x: [Double], heights: [Double], width: Double, bottom: Double, color: Color, label: String?)
        case image(width: Int, height: Int, rgb: [UInt8])
        case text(x: Double, y: Double, String, color: Color, size: Double)

        var label: String? {
            switch self {
            case .line(_, _, _, _, _, let l), .scatter(_, _, _, _, let l), .bars(_, _, _, _, _, let l): l
            case .image, .text: nil
            }
        }
    }

    var series: [Series] = []
    var titleText: String?
    var xlabelText: String?
    var ylabelText: String?
    var xScale = Scale.linear, yScale = Scale.linear
    var xLimits: (Double, Double)?, yLimits: (Double, Double)?
    var xTickOverride: (positions: [Double], labels: [String]?)?
    var yTickOverride: (positions: [Double], labels: [String]?)?
    var legendLocation: String?
    var legendShown: Bool?
    var gridShown = false
    var axisShown = true
    var equalAspect = false
    var cycleIndex = 0
    var titleSize = 12.0
    var integerAxes: Set<String> = []

    init() {}

    func nextColor(_ explicit: String?) -> Color {
        if let explicit, let c = Color(explicit) { return c }
        defer { cycleIndex += 1 }
        return Color.cycle[cycleIndex % Color.cycle.count]
    }

    // MARK: - Series

    /// A line through `y` against 0, 1, 2, … (`plt.plot(y)`).
    /// - Parameters:
    ///   - label: the legend entry.
    ///   - color: a matplotlib colour (`"C1"`, `"red"`, `"#1f77b4"`); the cycle's next by default.
    ///   - linewidth: in points (matplotlib's 1.5 by default).
    ///   - linestyle: `"-"`, `"--"`, `":"` or `"-."`.
    @discardableResult
    public func line<Y: PlotData>(_ y: Y, label: String? = nil, color: String? = nil,
                                  linewidth: Double = 1.5, linestyle: String = "-") -> Axes {
        let ys = y.plotValues
        return line(x: (0..<ys.count).map(Double.init), y: ys, label: label, color: color,
                    linewidth: linewidth, linestyle: linestyle)
    }

    /// A line through the points (x[i], y[i]) (`plt.plot(x, y)`).
    @discardableResult
    public func line<X: PlotData, Y: PlotData>(x: X, y: Y, label: String? = nil, color: String? = nil,
                                               linewidth: Double = 1.5, linestyle: String = "-") -> Axes {
        let (xs, ys) = Axes.paired(x.plotValues, y.plotValues, "line")
        let dashes: [Double] = switch linestyle {
        case "--", "dashed": [3.7, 1.6]
        case ":", "dotted": [1, 1.65]
        case "-.", "dashdot": [6.4, 1.6, 1, 1.6]
        default: []
        }
        series.append(.line(x: xs, y: ys, color: nextColor(color), width: linewidth, dashes: dashes, label: label))
        return self
    }

    /// `plt.plot(x, y)`: the same as `line(x:y:)`.
    @discardableResult
    public func plot<X: PlotData, Y: PlotData>(_ x: X, _ y: Y, label: String? = nil, color: String? = nil,
                                               linewidth: Double = 1.5, linestyle: String = "-") -> Axes {
        line(x: x, y: y, label: label, color: color, linewidth: linewidth, linestyle: linestyle)
    }

    /// Filled circular markers at (x[i], y[i]) (`plt.scatter(x, y, s=36)`); `s` is the
    /// marker area in points², as in matplotlib.
    @discardableResult
    public func scatter<X: PlotData, Y: PlotData>(x: X, y: Y, s: Double = 36, label: String? = nil,
                                                  color: String? = nil) -> Axes {
        let (xs, ys) = Axes.paired(x.plotValues, y.plotValues, "scatter")
        series.append(.scatter(x: xs, y: ys, color: nextColor(color), size: s, label: label))
        return self
    }

    /// Bars of `height` centred on `x` (`plt.bar(x, height, width=0.8)`).
    @discardableResult
    public func bar<X: PlotData, H: PlotData>(_ x: X, _ height: H, width: Double = 0.8, bottom: Double = 0,
                                              label: String? = nil, color: String? = nil) -> Axes {
        let (xs, hs) = Axes.paired(x.plotValues, height.plotValues, "bar")
        series.append(.bars(x: xs, heights: hs, width: width, bottom: bottom, color: nextColor(color), label: label))
        return self
    }

    /// Bars for named categories, placed at 0, 1, 2, … with the names as x tick labels.
    @discardableResult
    public func bar<H: PlotData>(_ categories: [String], _ height: H, width: Double = 0.8,
                                 label: String? = nil, color: String? = nil) -> Axes {
        let positions = (0..<categories.count).map(Double.init)
        xTickOverride = (positions, categories)
        return bar(positions, height, width: width, label: label, color: color)
    }

    /// A histogram of `values` in `bins` equal bins over `range` (the data's by default),
    /// drawn as touching bars (`plt.hist(x, bins=10)`); returns the counts and bin edges.
    @discardableResult
    public func histogram<V: PlotData>(_ values: V, bins: Int = 10, range: (Double, Double)? = nil,
                                       label: String? = nil, color: String? = nil) -> (counts: [Double], edges: [Double]) {
        let (counts, edges) = Axes.histogramCounts(values.plotValues.filter { $0.isFinite }, bins: bins, range: range)
        let centers = (0..<counts.count).map { (edges[$0] + edges[$0 + 1]) / 2 }
        let width = edges.count > 1 ? edges[1] - edges[0] : 1
        series.append(.bars(x: centers, heights: counts, width: width, bottom: 0, color: nextColor(color), label: label))
        return (counts, edges)
    }

    /// NumPy's `histogram`: equal bins, the last one closed on the right.
    static func histogramCounts(_ v: [Double], bins: Int, range: (Double, Double)?) -> ([Double], [Double]) {
        let bins = max(1, bins)
        var (lo, hi) = range ?? (v.min() ?? 0, v.max() ?? 1)
        if lo == hi { lo -= 0.5; hi += 0.5 }
        let edges = (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) }
        var counts = [Double](repeating: 0, count: bins)
        for x in v where x >= lo && x <= hi {
            let i = min(bins - 1, Int((x - lo) / (hi - lo) * Double(bins)))
            counts[i] += 1
        }
        return (counts, edges)
    }

    /// An image (`plt.imshow`): a 2-D grayscale array or tensor (H×W) mapped through `cmap`
    /// between `vmin` and `vmax` (the data's range by default), or an RGB tensor H×W×3
    /// (uint8 0–255 or floats 0–1). Pixel (i, j) covers x j−0.5…j+0.5 and y i−0.5…i+0.5,
    /// y down, and the axes keep square pixels, as matplotlib's defaults do.
    @discardableResult
    public func imshow(_ image: Tensor, cmap: String = "viridis", vmin: Double? = nil, vmax: Double? = nil) -> Axes {
        let shape = image.shape
        let values = image.toArray(Double.self)
        if shape.count == 3 && (shape[2] == 3 || shape[2] == 4) {
            let scale = image.dtype == .uint8 ? 1.0 : 255.0
            var rgb: [UInt8] = []
            rgb.reserveCapacity(shape[0] * shape[1] * 3)
            for p in 0..<(shape[0] * shape[1]) {
                for c in 0..<3 { rgb.append(UInt8(min(max(values[p * shape[2] + c] * scale, 0), 255).rounded())) }
            }
            return imshowRGB(width: shape[1], height: shape[0], rgb: rgb)
        }
        let dims = shape.filter { $0 != 1 }
        let (h, w) = shape.count == 2 ? (shape[0], shape[1]) : (dims.count == 2 ? (dims[0], dims[1]) : (1, values.count))
        return imshow(values, width: w, height: h, cmap: cmap, vmin: vmin, vmax: vmax)
    }

    /// A grayscale image from row-major values (`height` rows of `width`).
    @discardableResult
    public func imshow(_ values: [Double], width: Int, height: Int, cmap: String = "viridis",
                       vmin: Double? = nil, vmax: Double? = nil) -> Axes {
        let finite = values.filter { $0.isFinite }
        let lo = vmin ?? finite.min() ?? 0, hi = vmax ?? finite.max() ?? 1
        let map = Colormap(rawValue: cmap) ?? .viridis
        var rgb: [UInt8] = []
        rgb.reserveCapacity(values.count * 3)
        for v in values {
            let c = map(hi > lo ? (v - lo) / (hi - lo) : 0)
            rgb += [UInt8((c.r * 255).rounded()), UInt8((c.g * 255).rounded()), UInt8((c.b * 255).rounded())]
        }
        return imshowRGB(width: width, height: height, rgb: rgb)
    }

    func imshowRGB(width: Int, height: Int, rgb: [UInt8]) -> Axes {
        series.append(.image(width: width, height: height, rgb: rgb))
        equalAspect = true
        return self
    }

    static func paired(_ x: [Double], _ y: [Double], _ what: String) -> ([Double], [Double]) {
        guard x.count == y.count else {
            fatalError("\(what): x and y must be the same size (got \(x.count) and \(y.count))")
        }
        return (x, y)
    }

    // MARK: - Labels and scales

    /// The title above the axes (`ax.set_title`).
    @discardableResult public func title(_ text: String, fontsize: Double = 12) -> Axes {
        titleText = text; titleSize = fontsize; return self
    }
    /// Text centred on data point (x, y) (`ax.text(x, y, s, ha="center", va="center")`); `fontsize` in points.
    @discardableResult public func text(_ x: Double, _ y: Double, _ s: String, color: String = "black",
                                        fontsize: Double = 10) -> Axes {
        series.append(.text(x: x, y: y, s, color: Color(color) ?? .black, size: fontsize)); return self
    }
    /// Whole-number ticks only on `axis` ("x", "y" or "both"), as `MaxNLocator(integer=True)`.
    @discardableResult public func integerTicks(axis: String = "x") -> Axes {
        if axis == "both" { integerAxes = ["x", "y"] } else { integerAxes.insert(axis) }
        return self
    }
    /// The x axis label (`ax.set_xlabel`).
    @discardableResult public func xlabel(_ text: String) -> Axes { xlabelText = text; return self }
    /// The y axis label (`ax.set_ylabel`).
    @discardableResult public func ylabel(_ text: String) -> Axes { ylabelText = text; return self }
    /// `"linear"` or `"log"` (`ax.set_xscale`).
    @discardableResult public func xscale(_ scale: String) -> Axes { xScale = Scale(rawValue: scale) ?? .linear; return self }
    /// `"linear"` or `"log"` (`ax.set_yscale`).
    @discardableResult public func yscale(_ scale: String) -> Axes { yScale = Scale(rawValue: scale) ?? .linear; return self }
    /// Fixes the x range (`ax.set_xlim(left, right)`).
    @discardableResult public func xlim(_ left: Double, _ right: Double) -> Axes { xLimits = (left, right); return self }
    /// Fixes the y range (`ax.set_ylim(bottom, top)`).
    @discardableResult public func ylim(_ bottom: Double, _ top: Double) -> Axes { yLimits = (bottom, top); return self }
    /// Ticks at `ticks`, labelled by `labels` or by their values (`ax.set_xticks`).
    @discardableResult public func xticks(_ ticks: [Double], labels: [String]? = nil) -> Axes {
        xTickOverride = (ticks, labels); return self
    }
    /// Ticks at `ticks`, labelled by `labels` or by their values (`ax.set_yticks`).
    @discardableResult public func yticks(_ ticks: [Double], labels: [String]? = nil) -> Axes {
        yTickOverride = (ticks, labels); return self
    }
    /// Shows the legend at `loc` (`"best"`, `"upper right"`, `"lower left"`, `"center"`, …).
    @discardableResult public func legend(loc: String = "best") -> Axes {
        legendShown = true; legendLocation = loc; return self
    }
    /// Shows or hides the legend.
    @discardableResult public func legend(_ shown: Bool) -> Axes { legendShown = shown; return self }
    /// Grid lines at the major ticks (`ax.grid(True)`).
    @discardableResult public func grid(_ shown: Bool = true) -> Axes { gridShown = shown; return self }
    /// `"off"` hides spines, ticks and labels; `"on"` shows them; `"equal"` keeps square data units.
    @discardableResult public func axis(_ mode: String) -> Axes {
        switch mode {
        case "off": axisShown = false
        case "on": axisShown = true
        case "equal", "scaled", "image": equalAspect = true
        default: break
        }
        return self
    }
}
