/// A point in pixels, origin at the figure's top left, y down (as SVG and PNG rows run).
public struct Point: Equatable, Sendable {
    public var x, y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A rectangle in pixels, y down.
public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

/// How text sits on its anchor point.
public enum TextAnchor: Sendable { case start, middle, end }
public enum TextBaseline: Sendable { case baseline, top, center, bottom }

/// One drawing primitive. A figure lays itself out into a list of these; the SVG writer and
/// the rasteriser each draw the same list, so geometry is decided once and can be tested
/// without decoding an image.
public enum DrawCommand: Sendable {
    case rect(Rect, fill: Color?, stroke: Color?, lineWidth: Double)
    case polyline([Point], color: Color, lineWidth: Double, dashes: [Double])
    /// Filled circles of one radius and colour (a scatter series).
    case markers([Point], radius: Double, color: Color)
    /// `rotation` is 0 or 90 (counter-clockwise, as matplotlib's vertical y label).
    case text(String, at: Point, size: Double, color: Color, anchor: TextAnchor, baseline: TextBaseline, rotation: Double)
    /// RGB pixels, row-major, drawn nearest-neighbour into `dest`.
    case image(width: Int, height: Int, rgb: [UInt8], dest: Rect)
    /// Starts clipping to a rect (the axes' data area); `nil` ends it.
    case clip(Rect?)
}

extension StrokeFont {
    /// Where a text command's outline lands: its strokes in figure pixels.
    func place(_ text: String, at p: Point, size: Double, anchor: TextAnchor, baseline: TextBaseline,
               rotation: Double) -> [[Point]] {
        let w = width(text, size: size)
        let dx: Double = anchor == .start ? 0 : (anchor == .middle ? -w / 2 : -w)
        // Cap height is 10/14 em; "center" centres on it, as matplotlib's center_baseline does closely.
        let cap = size * 10 / StrokeFont.unitsPerEm
        let dy: Double
        switch baseline {
        case .baseline: dy = 0
        case .top: dy = cap
        case .center: dy = cap / 2
        case .bottom: dy = -size * 3 / StrokeFont.unitsPerEm
        }
        let vertical = rotation != 0
        return outline(text, size: size).map { stroke in
            stroke.map { q in
                let lx = q.x + dx, ly = q.y + dy
                // 90° counter-clockwise on screen (y down): (x, y) → (y, -x).
                return vertical ? Point(p.x + ly, p.y - lx) : Point(p.x + lx, p.y + ly)
            }
        }
    }
}
