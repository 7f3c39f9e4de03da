/// Writes the display list as SVG 1.1: one element per primitive, text as real `<text>`
/// (DejaVu Sans, matplotlib's default font, then any sans-serif), images as embedded PNGs.
enum SVGRenderer {
    static func render(_ commands: [DrawCommand], width: Int, height: Int) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \
        width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" version="1.1">

        """
        var clipCount = 0
        var inClip = false
        for command in commands {
            switch command {
            case .rect(let r, let fill, let stroke, let lw):
                out += "<rect x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(r.width))\" height=\"\(n(r.height))\""
                out += paint("fill", fill) + (stroke.map { paint("stroke", $0) + " stroke-width=\"\(n(lw))\"" } ?? "") + "/>\n"
            case .polyline(let pts, let color, let lw, let dashes):
                out += "<polyline points=\"" + pts.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ") + "\""
                out += " fill=\"none\"" + paint("stroke", color) + " stroke-width=\"\(n(lw))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
                if !dashes.isEmpty { out += " stroke-dasharray=\"" + dashes.map(n).joined(separator: ",") + "\"" }
                out += "/>\n"
            case .markers(let pts, let radius, let color):
                out += "<g class=\"markers\"" + paint("fill", color) + ">\n"
                for p in pts { out += "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"\(n(radius))\"/>\n" }
                out += "</g>\n"
            case .text(let s, let at, let size, let color, let anchor, let baseline, let rotation):
                let anchorName = switch anchor { case .start: "start"; case .middle: "middle"; case .end: "end" }
                // Baselines are shifted by our font's metrics, so SVG text lands where PNG text does.
                let cap = size * 10 / StrokeFont.unitsPerEm
                let dy: Double = switch baseline {
                case .baseline: 0; case .top: cap; case .center: cap / 2; case .bottom: -size * 3 / StrokeFont.unitsPerEm
                }
                out += "<text x=\"\(n(at.x))\" y=\"\(n(at.y))\" dy=\"\(n(dy))\" font-family=\"DejaVu Sans, Arial, sans-serif\""
                out += " font-size=\"\(n(size))\" text-anchor=\"\(anchorName)\"" + paint("fill", color)
                if rotation != 0 { out += " transform=\"rotate(\(n(-rotation)) \(n(at.x)) \(n(at.y)))\"" }
                out += ">"
                for run in StrokeFont.runs(s) {
                    out += run.superscript
                        ? "<tspan baseline-shift=\"super\" font-size=\"70%\">\(escape(String(run.text)))</tspan>"
                        : escape(String(run.text))
                }
                out += "</text>\n"
            case .image(let w, let h, let rgb, let dest):
                let data = (try? PNG.encode(rgb, width: w, height: h, channels: 3)) ?? []
                out += "<image x=\"\(n(dest.x))\" y=\"\(n(dest.y))\" width=\"\(n(dest.width))\" height=\"\(n(dest.height))\""
                out += " preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,\(base64(data))\"/>\n"
            case .clip(let r):
                if inClip { out += "</g>\n"; inClip = false }
                if let r {
                    clipCount += 1
                    out += "<clipPath id=\"clip\(clipCount)\"><rect x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(r.width))\" height=\"\(n(r.height))\"/></clipPath>\n"
                    out += "<g clip-path=\"url(#clip\(clipCount))\">\n"
                    inClip = true
                }
            }
        }
        if inClip { out += "</g>\n" }
        return out + "</svg>\n"
    }

    static func paint(_ attribute: String, _ color: Color?) -> String {
        guard let color else { return " \(attribute)=\"none\"" }
        var s = " \(attribute)=\"\(color.hexString)\""
        if color.a < 1 { s += " \(attribute)-opacity=\"\(n(color.a))\"" }
        return s
    }

    /// A coordinate with at most two decimals, no trailing zeros.
    static func n(_ v: Double) -> String {
        let s = Ticks.format(v, decimals: 2).replacingOccurrences("\u{2212}", "-")
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return t == "-0" ? "0" : String(t)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i]), b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(v >> 18 & 63)]); out.append(table[Int(v >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
