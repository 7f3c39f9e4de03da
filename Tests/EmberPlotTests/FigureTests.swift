import Foundation
import Testing
@testable import EmberPlot

/// Geometry of fixed figures, computed from matplotlib's defaults (figure 640×480 px at
/// 100 dpi; subplot left 0.125, right 0.9, bottom 0.11, top 0.88; 5% data margins), then
/// checked in the display list and in the rasterised pixels.
@Suite struct FigureTests {
    static func pixel(_ rgb: [UInt8], _ width: Int, _ x: Int, _ y: Int) -> [UInt8] {
        let i: Int = (y * width + x) * 3
        return Array(rgb[i..<(i + 3)])
    }
    static let blue: [UInt8] = [0x1f, 0x77, 0xb4]
    static let white: [UInt8] = [255, 255, 255]

    @Test func lineGeometry() throws {
        let figure = Figure()
        let ax = figure.subplot(1, 1, 1).line(x: [0, 1, 2, 3, 4], y: [0, 2, 4, 6, 8])
        let g = try #require(figure.geometry(of: ax))
        // Frame: x = 0.125·640, y = (1 − 0.88)·480, width 0.775·640, height 0.77·480.
        #expect(abs(g.frame.x - 80) < 1e-9 && abs(g.frame.y - 57.6) < 1e-9)
        #expect(abs(g.frame.width - 496) < 1e-9 && abs(g.frame.height - 369.6) < 1e-9)
        // Limits: 0…4 and 0…8 widened by 5% each side.
        #expect(abs(g.xLimits.0 + 0.2) < 1e-12 && abs(g.xLimits.1 - 4.2) < 1e-12)
        #expect(abs(g.yLimits.0 + 0.4) < 1e-12 && abs(g.yLimits.1 - 8.4) < 1e-12)
        // Data (2, 4) lands at x = 80 + 2.2/4.4·496 = 328, y = 427.2 − 4.4/8.8·369.6 = 242.4.
        #expect(abs(g.x(2) - 328) < 1e-9 && abs(g.y(4) - 242.4) < 1e-9)
        // x ticks every 0.5 (nbins = min(9, 496 / (3·13.9)) = 9), labelled with one decimal; y every 1.
        #expect(g.xTicks == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4] && g.xTickLabels.first == "0.0")
        #expect(g.yTicks == [0, 1, 2, 3, 4, 5, 6, 7, 8] && g.yTickLabels.last == "8")

        let rgb = figure.rasterize()
        // The line (tab:blue, 1.5 pt = 2.08 px) covers the pixel at (328, 242) fully.
        #expect(Self.pixel(rgb, 640, 328, 242) == Self.blue)
        // Its next vertex (3, 6): x = 80 + 3.2/4.4·496 = 440.7, y = 427.2 − 6.4/8.8·369.6 = 158.4.
        #expect(Self.pixel(rgb, 640, 440, 158) == Self.blue)
        // Well away from the line: white.
        #expect(Self.pixel(rgb, 640, 328, 200) == Self.white)
        // Spines (0.8 pt) snap to pixel centres: column 80 and row 427 are black, their neighbours not.
        #expect(Self.pixel(rgb, 640, 80, 300) == [0, 0, 0])
        #expect(Self.pixel(rgb, 640, 78, 300) == Self.white)
        #expect(Self.pixel(rgb, 640, 200, 427) == [0, 0, 0])
        #expect(Self.pixel(rgb, 640, 575, 57) != Self.white)  // top-right corner region of the frame
        // The x tick at 2.0 points down from the bottom spine (3.5 pt = 4.9 px).
        #expect(Self.pixel(rgb, 640, 328, 430) == [0, 0, 0])
        #expect(Self.pixel(rgb, 640, 326, 430) == Self.white)
        #expect(Self.pixel(rgb, 640, 328, 437) == Self.white)  // past the tick, before its label's glyphs
    }

    @Test func displayListPlacesTicksLabelsAndTitle() {
        let figure = Figure()
        figure.subplot(1, 1, 1).line([1.0, 3.0, 2.0]).title("Loss").xlabel("Epoch").ylabel("Value")
        let texts: [(String, Point, TextBaseline, Double)] = figure.render().compactMap {
            if case .text(let s, let at, _, _, _, let baseline, let rotation) = $0 { return (s, at, baseline, rotation) }
            return nil
        }
        let title = texts.first { $0.0 == "Loss" }!
        // Centred over the frame, 6 pt above it.
        #expect(abs(title.1.x - 328) < 1e-9 && abs(title.1.y - (57.6 - 6 * 100 / 72)) < 1e-9)
        let ylabel = texts.first { $0.0 == "Value" }!
        #expect(ylabel.3 == 90 && abs(ylabel.1.y - (57.6 + 369.6 / 2)) < 1e-9)
        // Tick labels sit tick length + pad (7 pt) below the frame, top-aligned.
        let tick = texts.first { $0.0 == "1.00" || $0.0 == "1.0" }!
        #expect(tick.2 == .top && abs(tick.1.y - (427.2 + 7 * 100 / 72)) < 1e-9)
    }

    @Test func scatterMarkersAndLegend() throws {
        let figure = Figure(width: 400, height: 300)
        let ax = figure.subplot(1, 1, 1).scatter(x: [0, 10], y: [0, 10], label: "points")
        let g = try #require(figure.geometry(of: ax))
        let commands = figure.render()
        var markers: [Point] = []
        var radius = 0.0
        for case .markers(let pts, let r, _) in commands where pts.count == 2 { markers = pts; radius = r }
        #expect(markers == [Point(g.x(0), g.y(0)), Point(g.x(10), g.y(10))])
        // s = 36 pt² → 6 pt across, plus the 1 pt edge → 7 pt = 9.72 px at 100 dpi.
        #expect(abs(radius - 3.5 * 100 / 72) < 1e-9)
        let rgb = figure.rasterize()
        #expect(Self.pixel(rgb, 400, Int(g.x(0)), Int(g.y(0))) == Self.blue)
        // The legend box ('best') avoids both points: upper left, since the upper right holds (10, 10).
        let legendRect = commands.compactMap { c -> Rect? in
            if case .rect(let r, let fill, let stroke, _) = c, fill?.a == 0.8, stroke != nil { return r }
            return nil
        }.first!
        #expect(abs(legendRect.x - (g.frame.x + 5 * 100 / 72)) < 1e-9)
        #expect(abs(legendRect.y - (g.frame.y + 5 * 100 / 72)) < 1e-9)
    }

    @Test func barsStickToZeroAndImagesKeepSquarePixels() throws {
        let figure = Figure()
        let bars = figure.subplot(1, 2, 1).bar(["a", "b", "c"], [1.0, 3.0, 2.0])
        let g = try #require(figure.geometry(of: bars))
        // Bars' bottom edge is sticky: the view starts at 0, ends 5% above 3.
        #expect(g.yLimits.0 == 0 && abs(g.yLimits.1 - 3.15) < 1e-12)
        #expect(g.xTickLabels == ["a", "b", "c"] && g.xTicks == [0, 1, 2])
        let image = figure.subplot(1, 2, 2).imshow(Tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]), cmap: "gray")
        let gi = try #require(figure.geometry(of: image))
        // Extent −0.5…2.5 by 2.5…−0.5 (row 0 on top), with square pixels.
        #expect(gi.xLimits == (-0.5, 2.5) && gi.yLimits == (1.5, -0.5))
        #expect(abs(gi.frame.width / 3 - gi.frame.height / 2) < 1e-9)
        let rgb = figure.rasterize()
        // The centre of pixel (row 1, col 2) is white (the maximum), of (0, 0) black.
        #expect(Self.pixel(rgb, 640, Int(gi.x(2)), Int(gi.y(1))) == Self.white)
        #expect(Self.pixel(rgb, 640, Int(gi.x(0)), Int(gi.y(0))) == [0, 0, 0])
        #expect(Self.pixel(rgb, 640, Int(gi.x(1)), Int(gi.y(0))) == [51, 51, 51])
    }

    @Test func histogramCountsLikeNumPy() {
        let ax = Figure().subplot(1, 1, 1)
        // np.histogram([1, 2, 2, 3, 3, 3, 4], bins=3) → [1, 2, 4], edges 1, 2, 3, 4.
        let (counts, edges) = ax.histogram([1, 2, 2, 3, 3, 3, 4], bins: 3)
        #expect(counts == [1, 2, 4] && edges == [1, 2, 3, 4])
    }

    @Test func logScaleTicksAndPositions() throws {
        let figure = Figure()
        let ax = figure.subplot(1, 1, 1).line(x: [1, 10, 100, 1000], y: [1, 2, 3, 4]).xscale("log")
        let g = try #require(figure.geometry(of: ax))
        #expect(g.xTicks == [1, 10, 100, 1000])
        #expect(g.xTickLabels == ["10^{0}", "10^{1}", "10^{2}", "10^{3}"])
        // Decades are evenly spaced: 1→10 spans the same pixels as 100→1000.
        #expect(abs((g.x(10) - g.x(1)) - (g.x(1000) - g.x(100))) < 1e-9)
    }

    @Test func svgStructure() {
        let figure = Figure(width: 300, height: 200)
        figure.subplot(1, 1, 1).line([1.0, 2.0, 4.0], label: "a & b").scatter(x: [0, 1], y: [1, 2]).title("T<1>")
        let svg = figure.svg()
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(svg.contains("width=\"300\" height=\"200\" viewBox=\"0 0 300 200\""))
        #expect(svg.hasSuffix("</svg>\n"))
        func count(_ s: String) -> Int { svg.split(separator: "\n").filter { $0.contains(s) }.count }
        // Two scatter points; the legend has only the labelled line, whose handle is a polyline.
        #expect(count("<circle ") == 2)
        #expect(count("<clipPath ") == 1)
        #expect(count("<g") == count("</g>"))
        // Escaped text: the title and the legend label.
        #expect(svg.contains(">T&lt;1&gt;</text>") && svg.contains(">a &amp; b</text>"))
        // The data line: 3 points, tab:blue, 1.5 pt wide.
        let line = svg.split(separator: "\n").first { $0.hasPrefix("<polyline") && $0.contains("#1f77b4") }!
        #expect(line.contains("stroke-width=\"2.08\""))
        #expect(line.split(separator: "\"")[1].split(separator: " ").count == 3)
    }

    @Test func savesByExtension() throws {
        let figure = Figure(width: 120, height: 90)
        figure.subplot(1, 1, 1).line([0.0, 1.0])
        let base = "/tmp/ember-plot-test-\(getpid())"
        try figure.save(base + ".png")
        let image = try PNG.read(base + ".png")
        #expect(image.width == 120 && image.height == 90 && image.channels == 3)
        #expect(image.pixels == figure.rasterize())
        try figure.save(base + ".svg")
        #expect(try FileIO.read(base + ".svg").starts(with: Array("<?xml".utf8)))
        #expect(throws: EmberIOError.self) { try figure.save(base + ".jpg") }
        unlink(base + ".png"); unlink(base + ".svg")
    }

    @Test func subplotsGcaSuptitleAndColors() throws {
        let figure = Figure(width: 800, height: 600)
        let a = figure.subplot(2, 2, 1), b = figure.subplot(2, 2, 4)
        #expect(figure.subplot(2, 2, 1) === a && figure.gca() === b && figure.axes.count == 2)
        // Cell 4 of 2×2: right column, bottom row; cells are (0.775·800)/(2 + 0.2) wide, gaps 0.2 of that.
        let f = figure.frame(rows: 2, cols: 2, index: 4)
        let cellW = 0.775 * 800 / 2.2, cellH = 0.77 * 600 / 2.2
        #expect(abs(f.x - (100 + 1.2 * cellW)) < 1e-9 && abs(f.y - (72 + 1.2 * cellH)) < 1e-9)
        figure.suptitle("All")
        let hasTitle = figure.render().contains { if case .text("All", _, _, _, _, _, _) = $0 { true } else { false } }
        #expect(hasTitle)
        #expect(Color("C1") == Color(hex: 0xff7f0e) && Color("tab:green") == Color(hex: 0x2ca02c) && Color("nope") == nil)
        // viridis runs from #440154 to #fde725; gray is the identity.
        #expect(Colormap.viridis(0) == Color(hex: 0x440154) && Colormap.viridis(1) == Color(hex: 0xfde725))
        #expect(Colormap.gray(0.25) == Color(0.25, 0.25, 0.25))
    }

    @Test func pngWriteOfATensor() throws {
        let path = "/tmp/ember-plot-write-\(getpid()).png"
        defer { unlink(path) }
        let values: [Double] = [0, 0.5, 1, 0.25, 0.75, 1, 0, 0, 1, 1, 1, 0]
        try PNG.write(Tensor(values, shape: [3, 2, 2]), to: path, channelsFirst: true)
        let image = try PNG.read(path)
        #expect(image.width == 2 && image.height == 2 && image.channels == 3)
        // Pixel (0, 0) takes element 0 of each channel plane: 0, 0.75, 1 → 0, 191, 255.
        #expect(Array(image.pixels.prefix(3)) == [0, 191, 255])
    }
}
