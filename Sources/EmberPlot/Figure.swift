/// A figure of one or more axes (`matplotlib.figure.Figure`), saved as SVG or PNG.
///
/// ```swift
/// let figure = Figure(width: 1200, height: 400)
/// figure.subplot(1, 2, 1).line(losses, label: "Training loss").title("Training Loss")
/// try figure.save("loss.png")
/// ```
/// Sizes are pixels at `dpi` (100, as matplotlib's default), so `Figure(width: 1200,
/// height: 400)` is `plt.figure(figsize=(12, 4))`; font sizes and line widths are points.
public final class Figure {
    public let width: Int
    public let height: Int
    public let dpi: Double
    /// matplotlib's `figure.subplot.*` fractions: left, right, bottom, top, wspace, hspace.
    public var subplotParams = (left: 0.125, right: 0.9, bottom: 0.11, top: 0.88, wspace: 0.2, hspace: 0.2)
    var cells: [(rows: Int, cols: Int, index: Int, axes: Axes)] = []
    var suptitleText: String?

    /// - Parameters:
    ///   - width: in pixels (matplotlib's 6.4 inches at 100 dpi by default).
    ///   - height: in pixels.
    ///   - dpi: pixels per inch; a point is dpi/72 pixels.
    public init(width: Int = 640, height: Int = 480, dpi: Double = 100) {
        precondition(width > 0 && height > 0 && width <= 16384 && height <= 16384, "Figure size must be 1…16384 pixels")
        self.width = width
        self.height = height
        self.dpi = dpi
    }

    /// The axes in cell `index` (1-based, row-major) of a `rows`×`cols` grid
    /// (`plt.subplot(rows, cols, index)`); asking again for the same cell returns the same axes.
    @discardableResult
    public func subplot(_ rows: Int, _ cols: Int, _ index: Int) -> Axes {
        precondition(rows > 0 && cols > 0 && (1...rows * cols).contains(index),
                     "subplot: index \(index) is outside 1…\(rows * cols)")
        if let cell = cells.first(where: { $0.rows == rows && $0.cols == cols && $0.index == index }) { return cell.axes }
        let axes = Axes()
        cells.append((rows, cols, index, axes))
        return axes
    }

    /// The current axes (`plt.gca()`): the last one made, or a single full-figure one.
    public func gca() -> Axes { cells.last?.axes ?? subplot(1, 1, 1) }

    /// Every axes, in the order made (`fig.axes`).
    public var axes: [Axes] { cells.map(\.axes) }

    /// A title above all the axes (`fig.suptitle`).
    @discardableResult public func suptitle(_ text: String) -> Figure { suptitleText = text; return self }

    var style: Style { Style(pointsToPixels: dpi / 72) }

    /// The pixel frame of a grid cell, from `subplotParams`, y down.
    public func frame(rows: Int, cols: Int, index: Int) -> Rect {
        let p = subplotParams
        let W = Double(width), H = Double(height)
        let cellW = (p.right - p.left) * W / (Double(cols) + p.wspace * Double(cols - 1))
        let cellH = (p.top - p.bottom) * H / (Double(rows) + p.hspace * Double(rows - 1))
        let row = (index - 1) / cols, col = (index - 1) % cols
        return Rect(x: p.left * W + Double(col) * cellW * (1 + p.wspace),
                    y: (1 - p.top) * H + Double(row) * cellH * (1 + p.hspace), width: cellW, height: cellH)
    }

    /// Where each axes' data lands, in pixels, as the renderers draw it.
    public func geometry(of axes: Axes) -> AxesGeometry? {
        guard let cell = cells.first(where: { $0.axes === axes }) else { return nil }
        return axes.geometry(in: frame(rows: cell.rows, cols: cell.cols, index: cell.index), style: style)
    }

    /// The figure as drawing commands in pixels (what both SVG and PNG output draw).
    public func render() -> [DrawCommand] {
        var out: [DrawCommand] = [.rect(Rect(x: 0, y: 0, width: Double(width), height: Double(height)),
                                        fill: .white, stroke: nil, lineWidth: 0)]
        for cell in cells {
            cell.axes.draw(in: frame(rows: cell.rows, cols: cell.cols, index: cell.index), style: style, into: &out)
        }
        if let suptitleText {
            out.append(.text(suptitleText, at: Point(Double(width) / 2, style.px(6)), size: style.px(12),
                             color: .black, anchor: .middle, baseline: .top, rotation: 0))
        }
        return out
    }

    /// The figure as an SVG document.
    public func svg() -> String { SVGRenderer.render(render(), width: width, height: height) }

    /// The figure rasterised: RGB bytes, row-major, `width`×`height`.
    public func rasterize() -> [UInt8] {
        var canvas = Canvas(width: width, height: height)
        canvas.draw(render())
        return canvas.rgbBytes()
    }

    /// The figure as PNG file bytes.
    public func png() throws(EmberIOError) -> [UInt8] {
        try PNG.encode(rasterize(), width: width, height: height, channels: 3)
    }

    /// Writes the figure to `path`: SVG for `.svg`, PNG for `.png` (`plt.savefig`).
    public func save(_ path: String) throws(EmberIOError) {
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") {
            try FileIO.write(Array(svg().utf8), to: path)
        } else if lower.hasSuffix(".png") {
            try FileIO.write(png(), to: path)
        } else {
            throw EmberIOError("unsupported figure format (use .png or .svg)", path: path)
        }
    }
}
