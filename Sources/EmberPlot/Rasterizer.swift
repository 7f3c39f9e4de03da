#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Our own rasteriser: draws the display list into an RGB float buffer with anti-aliasing
/// by exact-area coverage for rectangles and distance-to-shape coverage for strokes and
/// circles (a one-pixel box filter across each edge).
struct Canvas {
    let width: Int, height: Int
    /// Linear RGB in 0…1, three per pixel, row-major (sRGB values blended as matplotlib's Agg does).
    var pixels: [Float]
    var clip: Rect?

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [Float](repeating: 1, count: width * height * 3)
    }

    mutating func draw(_ commands: [DrawCommand]) {
        for command in commands {
            switch command {
            case .rect(let r, let fill, let stroke, let lw):
                if let fill { fillRect(r, fill) }
                if let stroke, lw > 0 {
                    let pts = [Point(r.x, r.y), Point(r.maxX, r.y), Point(r.maxX, r.maxY), Point(r.x, r.maxY), Point(r.x, r.y)]
                    strokePolylines([pts], color: stroke, width: lw)
                }
            case .polyline(let pts, let color, let lw, let dashes):
                strokePolylines(dashes.isEmpty ? [pts] : Canvas.dash(pts, dashes), color: color, width: lw)
            case .markers(let pts, let radius, let color):
                for p in pts { fillCircle(p, radius: radius, color) }
            case .text(let s, let at, let size, let color, let anchor, let baseline, let rotation):
                let strokes = StrokeFont.shared.place(s, at: at, size: size, anchor: anchor, baseline: baseline, rotation: rotation)
                strokePolylines(strokes, color: color, width: size * StrokeFont.weight, snap: false)
            case .image(let w, let h, let rgb, let dest):
                drawImage(w, h, rgb, dest)
            case .clip(let r):
                clip = r
            }
        }
    }

    /// Pixel bounds (half-open) of a box, cut to the canvas and the clip.
    func bounds(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Int, Int, Int, Int) {
        var a = x0, b = y0, c = x1, d = y1
        if let clip { a = max(a, clip.x); b = max(b, clip.y); c = min(c, clip.maxX); d = min(d, clip.maxY) }
        return (max(0, Int(a.rounded(.down))), max(0, Int(b.rounded(.down))),
                min(width, Int(c.rounded(.up))), min(height, Int(d.rounded(.up))))
    }

    mutating func blend(_ x: Int, _ y: Int, _ color: Color, _ coverage: Double) {
        let a = Float(color.a * min(coverage, 1))
        guard a > 0 else { return }
        let i = (y * width + x) * 3
        pixels.withUnsafeMutableBufferPointer { p in Canvas.mix(p.baseAddress! + i, color, a) }
    }

    @inline(__always)
    static func mix(_ p: UnsafeMutablePointer<Float>, _ color: Color, _ a: Float) {
        p[0] += (Float(color.r) - p[0]) * a
        p[1] += (Float(color.g) - p[1]) * a
        p[2] += (Float(color.b) - p[2]) * a
    }

    /// Fills by exact pixel-area coverage (separable for an axis-aligned box).
    mutating func fillRect(_ r: Rect, _ color: Color) {
        let (x0, y0, x1, y1) = bounds(r.x, r.y, r.maxX, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        let w = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for y in y0..<y1 {
                let cy = max(0, min(Double(y + 1), r.maxY) - max(Double(y), r.y))
                for x in x0..<x1 {
                    let cx = max(0, min(Double(x + 1), r.maxX) - max(Double(x), r.x))
                    let a = Float(color.a * min(cx * cy, 1))
                    if a > 0 { Canvas.mix(base + (y * w + x) * 3, color, a) }
                }
            }
        }
    }

    mutating func fillCircle(_ c: Point, radius: Double, _ color: Color) {
        let (x0, y0, x1, y1) = bounds(c.x - radius - 1, c.y - radius - 1, c.x + radius + 1, c.y + radius + 1)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 {
                let dx = Double(x) + 0.5 - c.x, dy = Double(y) + 0.5 - c.y
                let cov = radius + 0.5 - (dx * dx + dy * dy).squareRoot()
                if cov > 0 { blend(x, y, color, cov) }
            }
        }
    }

    /// Strokes polylines with round joins and caps. Coverage is the maximum over segments,
    /// so joints are not darkened twice; it is blended once per call.
    mutating func strokePolylines(_ lines: [[Point]], color: Color, width lw: Double, snap: Bool = true) {
        var lines = lines
        // Axis-aligned thin lines (spines, ticks, grids) snap to pixel centres, as Agg does, so they stay crisp.
        if snap && lw < 3 {
            lines = lines.map { pts in
                let aligned = zip(pts, pts.dropFirst()).allSatisfy { $0.0.x == $0.1.x || $0.0.y == $0.1.y }
                return aligned ? pts.map { Point(($0.x - 0.5).rounded() + 0.5, ($0.y - 0.5).rounded() + 0.5) } : pts
            }
        }
        let all = lines.flatMap { $0 }
        guard let first = all.first else { return }
        var minX = first.x, minY = first.y, maxX = first.x, maxY = first.y
        for p in all { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        let hw = max(lw, 1) / 2
        // Lines thinner than a pixel draw as one pixel at reduced strength.
        let strength = min(lw, 1)
        let (x0, y0, x1, y1) = bounds(minX - hw - 1, minY - hw - 1, maxX + hw + 1, maxY + hw + 1)
        guard x0 < x1, y0 < y1 else { return }
        let mw = x1 - x0
        var mask = [Double](repeating: 0, count: mw * (y1 - y0))
        for pts in lines {
            let segments = pts.count == 1 ? [(pts[0], pts[0])] : Array(zip(pts, pts.dropFirst()))
            for (a, b) in segments {
                let (sx0, sy0, sx1, sy1) = bounds(min(a.x, b.x) - hw - 1, min(a.y, b.y) - hw - 1,
                                                  max(a.x, b.x) + hw + 1, max(a.y, b.y) + hw + 1)
                guard sx0 < sx1, sy0 < sy1 else { continue }
                let dx = b.x - a.x, dy = b.y - a.y
                let len2 = dx * dx + dy * dy
                for y in sy0..<sy1 {
                    for x in sx0..<sx1 {
                        let px = Double(x) + 0.5 - a.x, py = Double(y) + 0.5 - a.y
                        let t = len2 > 0 ? min(1, max(0, (px * dx + py * dy) / len2)) : 0
                        let ex = px - t * dx, ey = py - t * dy
                        let cov = min(1, hw + 0.5 - (ex * ex + ey * ey).squareRoot())
                        let k = (y - y0) * mw + (x - x0)
                        if cov > mask[k] { mask[k] = cov }
                    }
                }
            }
        }
        let w = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let cov = mask[(y - y0) * mw + (x - x0)]
                    if cov > 0 { Canvas.mix(base + (y * w + x) * 3, color, Float(color.a * cov * strength)) }
                }
            }
        }
    }

    /// Splits a polyline into dashes (`on, off, on, off, …` lengths in pixels).
    static func dash(_ pts: [Point], _ pattern: [Double]) -> [[Point]] {
        guard pattern.count >= 2, pattern.allSatisfy({ $0 > 0 }) else { return [pts] }
        var out: [[Point]] = []
        var current: [Point] = []
        var index = 0, left = pattern[0]
        var on = true
        if let f = pts.first { current = [f] }
        for (a, b) in zip(pts, pts.dropFirst()) {
            var start = a
            var remaining = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            while remaining > 0 {
                let step = min(left, remaining)
                let t = step / remaining
                let p = Point(start.x + (b.x - start.x) * t, start.y + (b.y - start.y) * t)
                if on { current.append(p) }
                remaining -= step; left -= step; start = p
                if left <= 1e-9 {
                    if on { out.append(current); current = [] } else { current = [p] }
                    on.toggle(); index = (index + 1) % pattern.count; left = pattern[index]
                }
            }
        }
        if on && current.count > 1 { out.append(current) }
        return out
    }

    /// Nearest-neighbour sampling of an RGB image into `dest`.
    mutating func drawImage(_ w: Int, _ h: Int, _ rgb: [UInt8], _ dest: Rect) {
        let (x0, y0, x1, y1) = bounds(dest.x, dest.y, dest.maxX, dest.maxY)
        guard x0 < x1, y0 < y1, w > 0, h > 0 else { return }
        for y in y0..<y1 {
            let sy = Int((Double(y) + 0.5 - dest.y) / dest.height * Double(h))
            guard sy >= 0 && sy < h else { continue }
            for x in x0..<x1 {
                let sx = Int((Double(x) + 0.5 - dest.x) / dest.width * Double(w))
                guard sx >= 0 && sx < w else { continue }
                let s = (sy * w + sx) * 3, d = (y * width + x) * 3
                pixels[d] = Float(rgb[s]) / 255
                pixels[d + 1] = Float(rgb[s + 1]) / 255
                pixels[d + 2] = Float(rgb[s + 2]) / 255
            }
        }
    }

    func rgbBytes() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pixels.count) { out, count in
            pixels.withUnsafeBufferPointer { src in
                for i in 0..<src.count { out[i] = UInt8(min(max(src[i], 0), 1) * 255 + 0.5) }
            }
            count = pixels.count
        }
    }
}
