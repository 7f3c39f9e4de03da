#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sizes in points, as matplotlib's rcParams give them; the figure converts to pixels.
struct Style {
    var pointsToPixels: Double
    func px(_ pt: Double) -> Double { pt * pointsToPixels }
    var tickLabelSize: Double { px(10) }
    var labelSize: Double { px(10) }
    var titleSize: Double { px(12) }
    var legendSize: Double { px(10) }
    var tickLength: Double { px(3.5) }
    var tickPad: Double { px(3.5) }
    var tickWidth: Double { px(0.8) }
    var spineWidth: Double { px(0.8) }
    var labelPad: Double { px(4) }
    var titlePad: Double { px(6) }
}

/// Where an axes' data lands in pixels: its frame, view limits and ticks.
public struct AxesGeometry: Sendable {
    public var frame: Rect
    public var xLimits: (Double, Double)
    public var yLimits: (Double, Double)
    public var xTicks: [Double], yTicks: [Double]
    public var xTickLabels: [String], yTickLabels: [String]
    var xLog: Bool, yLog: Bool

    /// The pixel column of data x.
    public func x(_ v: Double) -> Double {
        frame.x + (t(v, xLog) - t(xLimits.0, xLog)) / (t(xLimits.1, xLog) - t(xLimits.0, xLog)) * frame.width
    }
    /// The pixel row of data y (rows grow downwards).
    public func y(_ v: Double) -> Double {
        frame.maxY - (t(v, yLog) - t(yLimits.0, yLog)) / (t(yLimits.1, yLog) - t(yLimits.0, yLog)) * frame.height
    }
    func t(_ v: Double, _ log: Bool) -> Double { log ? log10(v) : v }
}

extension Axes {
    /// The data range of every series along one axis, and the sticky edges margins stop at.
    func dataRange(xAxis: Bool, log: Bool) -> (lo: Double, hi: Double, sticky: [Double])? {
        var lo = Double.infinity, hi = -Double.infinity
        var sticky: [Double] = []
        func take(_ v: Double) { if v.isFinite && (!log || v > 0) { lo = min(lo, v); hi = max(hi, v) } }
        for s in series {
            switch s {
            case .line(let x, let y, _, _, _, _), .scatter(let x, let y, _, _, _):
                (xAxis ? x : y).forEach(take)
            case .bars(let x, let h, let w, let bottom, _, _):
                if xAxis { for c in x { take(c - w / 2); take(c + w / 2) } } else {
                    for v in h { take(bottom); take(bottom + v) }
                    sticky.append(bottom)
                }
            case .text: break
            case .image(let w, let h, _):
                let extent = xAxis ? (-0.5, Double(w) - 0.5) : (-0.5, Double(h) - 0.5)
                take(extent.0); take(extent.1); sticky += [extent.0, extent.1]
            }
        }
        return lo <= hi ? (lo, hi, sticky) : nil
    }

    /// View limits: the data range widened by matplotlib's 5% margins, stopping at sticky edges.
    func viewLimits(xAxis: Bool) -> (Double, Double) {
        if let fixed = xAxis ? xLimits : yLimits { return fixed }
        let log = (xAxis ? xScale : yScale) == .log
        guard let (lo, hi, sticky) = dataRange(xAxis: xAxis, log: log) else { return log ? (1, 10) : (0, 1) }
        let f: (Double) -> Double = log ? { log10($0) } : { $0 }
        let g: (Double) -> Double = log ? { pow(10, $0) } : { $0 }
        var a = f(lo), b = f(hi)
        if a == b { let d = a == 0 ? 0.05 : abs(a) * 0.05; a -= d; b += d } else {
            let m = (b - a) * 0.05
            var na = a - m, nb = b + m
            for s in sticky.map(f) {
                if s <= a && s > na { na = s }
                if s >= b && s < nb { nb = s }
            }
            a = na; b = nb
        }
        let hasImage = series.contains { if case .image = $0 { true } else { false } }
        // imshow puts row 0 at the top: the y axis runs downwards.
        if hasImage && !xAxis { return (g(b), g(a)) }
        return (g(a), g(b))
    }

    /// Lays the axes out in `frame`: limits, ticks and the data-to-pixel mapping.
    func geometry(in frame: Rect, style: Style) -> AxesGeometry {
        var frame = frame
        let xl = viewLimits(xAxis: true), yl = viewLimits(xAxis: false)
        if equalAspect {
            let dx = abs(xl.1 - xl.0), dy = abs(yl.1 - yl.0)
            let scale = min(frame.width / dx, frame.height / dy)
            let w = dx * scale, h = dy * scale
            frame = Rect(x: frame.x + (frame.width - w) / 2, y: frame.y + (frame.height - h) / 2, width: w, height: h)
        }
        func ticks(_ lim: (Double, Double), _ log: Bool, _ override: (positions: [Double], labels: [String]?)?,
                   lengthPx: Double, perLabel: Double, integer: Bool) -> ([Double], [String]) {
            let lo = min(lim.0, lim.1), hi = max(lim.0, lim.1)
            if let override {
                let labels = override.labels ?? Ticks.labels(override.positions)
                let kept = zip(override.positions, labels).filter { $0.0 >= lo - 1e-9 && $0.0 <= hi + 1e-9 }
                return (kept.map(\.0), kept.map(\.1))
            }
            if log { let t = Ticks.log(lo, hi); return (t, Ticks.logLabels(t)) }
            // matplotlib's get_tick_space: axis length over 3 (x) or 2 (y) label heights.
            let nbins = min(9, max(1, Int(lengthPx / (style.tickLabelSize * perLabel))))
            let t = Ticks.linear(lo, hi, nbins: nbins, integer: integer)
            return (t, Ticks.labels(t))
        }
        let (xt, xlabels) = ticks(xl, xScale == .log, xTickOverride, lengthPx: frame.width, perLabel: 3,
                                 integer: integerAxes.contains("x"))
        let (yt, ylabels) = ticks(yl, yScale == .log, yTickOverride, lengthPx: frame.height, perLabel: 2,
                                 integer: integerAxes.contains("y"))
        return AxesGeometry(frame: frame, xLimits: xl, yLimits: yl, xTicks: xt, yTicks: yt,
                            xTickLabels: xlabels, yTickLabels: ylabels, xLog: xScale == .log, yLog: yScale == .log)
    }

    /// Draws the axes into `frame` (its position from the figure's subplot grid).
    func draw(in frame: Rect, style: Style, into out: inout [DrawCommand]) {
        let g = geometry(in: frame, style: style)
        let f = g.frame
        let font = StrokeFont.shared
        if axisShown { out.append(.rect(f, fill: .white, stroke: nil, lineWidth: 0)) }
        out.append(.clip(f))
        if gridShown && axisShown {
            let grid = Color(hex: 0xb0b0b0)
            for t in g.xTicks { out.append(.polyline([Point(g.x(t), f.y), Point(g.x(t), f.maxY)], color: grid, lineWidth: style.px(0.8), dashes: [])) }
            for t in g.yTicks { out.append(.polyline([Point(f.x, g.y(t)), Point(f.maxX, g.y(t))], color: grid, lineWidth: style.px(0.8), dashes: [])) }
        }
        // matplotlib's z-order: images, then patches and collections (bars, scatter), then lines.
        func rank(_ s: Series) -> Int {
            switch s { case .image: 0; case .bars, .scatter: 1; case .line: 2; case .text: 3 }
        }
        let ordered = series.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
        for s in ordered.map(\.element) {
            switch s {
            case .text(let x, let y, let text, let color, let size):
                out.append(.text(text, at: Point(g.x(x), g.y(y)), size: style.px(size), color: color, anchor: .middle,
                                 baseline: .center, rotation: 0))
            case .image(let w, let h, let rgb):
                let x0 = g.x(-0.5), x1 = g.x(Double(w) - 0.5), y0 = g.y(-0.5), y1 = g.y(Double(h) - 0.5)
                out.append(.image(width: w, height: h, rgb: rgb,
                                  dest: Rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0))))
            case .bars(let x, let heights, let w, let bottom, let color, _):
                for (c, h) in zip(x, heights) where h != 0 {
                    let xa = g.x(c - w / 2), xb = g.x(c + w / 2), ya = g.y(bottom), yb = g.y(bottom + h)
                    out.append(.rect(Rect(x: min(xa, xb), y: min(ya, yb), width: abs(xb - xa), height: abs(yb - ya)),
                                     fill: color, stroke: nil, lineWidth: 0))
                }
            case .scatter(let x, let y, let color, let size, _):
                let pts = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { Point(g.x($0.0), g.y($0.1)) }
                // s is the marker's area in points²: √s points across, plus matplotlib's 1 pt edge in the face colour.
                out.append(.markers(pts, radius: style.px(size.squareRoot() + 1) / 2, color: color))
            case .line(let x, let y, let color, let width, let dashes, _):
                // NaNs break the line, as in matplotlib.
                var run: [Point] = []
                for (a, b) in zip(x, y) {
                    if a.isFinite && b.isFinite && (!g.xLog || a > 0) && (!g.yLog || b > 0) {
                        run.append(Point(g.x(a), g.y(b)))
                    } else if !run.isEmpty {
                        out.append(.polyline(run, color: color, lineWidth: style.px(width), dashes: dashes.map { style.px($0 * width) })); run = []
                    }
                }
                if !run.isEmpty { out.append(.polyline(run, color: color, lineWidth: style.px(width), dashes: dashes.map { style.px($0 * width) })) }
            }
        }
        out.append(.clip(nil))
        var yLabelX = f.x
        var xLabelY = f.maxY
        if axisShown {
            let spine = style.spineWidth
            // Spines sit on the frame's edges.
            out.append(.rect(f, fill: nil, stroke: .black, lineWidth: spine))
            let tl = style.tickLength
            for (t, label) in zip(g.xTicks, g.xTickLabels) {
                let px = g.x(t)
                out.append(.polyline([Point(px, f.maxY), Point(px, f.maxY + tl)], color: .black, lineWidth: style.tickWidth, dashes: []))
                out.append(.text(label, at: Point(px, f.maxY + tl + style.tickPad), size: style.tickLabelSize,
                                 color: .black, anchor: .middle, baseline: .top, rotation: 0))
            }
            var widest = 0.0
            for (t, label) in zip(g.yTicks, g.yTickLabels) {
                let py = g.y(t)
                out.append(.polyline([Point(f.x - tl, py), Point(f.x, py)], color: .black, lineWidth: style.tickWidth, dashes: []))
                out.append(.text(label, at: Point(f.x - tl - style.tickPad, py), size: style.tickLabelSize,
                                 color: .black, anchor: .end, baseline: .center, rotation: 0))
                widest = max(widest, font.width(label, size: style.tickLabelSize))
            }
            let hasSuper = g.xTickLabels.contains { $0.contains("^{") }
            xLabelY = f.maxY + tl + style.tickPad + style.tickLabelSize * (hasSuper ? 1.15 : 0.85)
            yLabelX = f.x - tl - style.tickPad - widest
        }
        if let xlabelText {
            out.append(.text(xlabelText, at: Point(f.x + f.width / 2, xLabelY + style.labelPad), size: style.labelSize,
                             color: .black, anchor: .middle, baseline: .top, rotation: 0))
        }
        if let ylabelText {
            out.append(.text(ylabelText, at: Point(yLabelX - style.labelPad, f.y + f.height / 2), size: style.labelSize,
                             color: .black, anchor: .middle, baseline: .bottom, rotation: 90))
        }
        if let titleText {
            out.append(.text(titleText, at: Point(f.x + f.width / 2, f.y - style.titlePad), size: style.px(titleSize),
                             color: .black, anchor: .middle, baseline: .bottom, rotation: 0))
        }
        let labelled = series.contains { $0.label != nil }
        if legendShown ?? labelled { drawLegend(g, style: style, into: &out) }
    }
}
