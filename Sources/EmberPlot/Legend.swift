/// The legend box, laid out with matplotlib's defaults (in units of the legend font size):
/// border pad 0.4, label spacing 0.5, handle length 2, handle–text pad 0.8, 0.5 from the axes.
extension Axes {
    static let legendLocations = ["upper right", "upper left", "lower left", "lower right", "right",
                                  "center left", "center right", "lower center", "upper center", "center"]

    func drawLegend(_ g: AxesGeometry, style: Style, into out: inout [DrawCommand]) {
        let entries = series.filter { $0.label != nil }
        guard !entries.isEmpty else { return }
        let em = style.legendSize
        let font = StrokeFont.shared
        let rowHeight = em * 0.8
        let labelWidth = entries.map { font.width($0.label!, size: em) }.max() ?? 0
        let w = em * (0.4 * 2 + 2 + 0.8) + labelWidth
        let h = em * 0.4 * 2 + Double(entries.count) * rowHeight + Double(entries.count - 1) * em * 0.5
        let f = g.frame
        let pad = em * 0.5
        func box(_ loc: String) -> Rect {
            let left = f.x + pad, right = f.maxX - pad - w, cx = f.x + (f.width - w) / 2
            let top = f.y + pad, bottom = f.maxY - pad - h, cy = f.y + (f.height - h) / 2
            let x = loc.hasSuffix("left") ? left : (loc.hasSuffix("right") ? right : cx)
            let y = loc.hasPrefix("upper") ? top : (loc.hasPrefix("lower") ? bottom : cy)
            return Rect(x: x, y: y, width: w, height: h)
        }
        var rect: Rect
        if let loc = legendLocation, loc != "best", Axes.legendLocations.contains(loc) {
            rect = box(loc)
        } else {
            rect = bestBox(g, candidates: Axes.legendLocations.map(box))
        }
        out.append(.rect(rect, fill: Color(1, 1, 1, alpha: 0.8), stroke: Color(0.8, 0.8, 0.8), lineWidth: style.px(1)))
        var y = rect.y + em * 0.4 + rowHeight / 2
        let hx = rect.x + em * 0.4
        for s in entries {
            switch s {
            case .line(_, _, let color, let width, let dashes, _):
                out.append(.polyline([Point(hx, y), Point(hx + 2 * em, y)], color: color, lineWidth: style.px(width),
                                     dashes: dashes.map { style.px($0 * width) }))
            case .scatter(_, _, let color, let size, _):
                out.append(.markers([Point(hx + em, y)], radius: style.px(size.squareRoot() + 1) / 2, color: color))
            case .bars(_, _, _, _, let color, _):
                out.append(.rect(Rect(x: hx, y: y - 0.35 * em, width: 2 * em, height: 0.7 * em), fill: color, stroke: nil, lineWidth: 0))
            case .image, .text: break
            }
            out.append(.text(s.label!, at: Point(hx + 2.8 * em, y), size: em, color: .black, anchor: .start,
                             baseline: .center, rotation: 0))
            y += rowHeight + em * 0.5
        }
    }

    /// matplotlib's `loc="best"`: the candidate covering the fewest data points, first on ties.
    func bestBox(_ g: AxesGeometry, candidates: [Rect]) -> Rect {
        var points: [Point] = []
        for s in series {
            switch s {
            case .line(let x, let y, _, _, _, _):
                let pts = zip(x, y).map { Point(g.x($0.0), g.y($0.1)) }
                // Sample along segments too, so a line crossing a box counts against it.
                for (a, b) in zip(pts, pts.dropFirst()) {
                    for k in 0..<4 { let t = Double(k) / 4; points.append(Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)) }
                }
                if let last = pts.last { points.append(last) }
            case .scatter(let x, let y, _, _, _):
                points += zip(x, y).map { Point(g.x($0.0), g.y($0.1)) }
            case .bars(let x, let h, _, let bottom, _, _):
                points += zip(x, h).map { Point(g.x($0.0), g.y(bottom + $0.1)) }
            case .image, .text: break
            }
        }
        var best = candidates[0], bestCount = Int.max
        for c in candidates {
            let n = points.filter { c.contains($0) }.count
            if n < bestCount { best = c; bestCount = n }
        }
        return best
    }
}
