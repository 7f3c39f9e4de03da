/// An sRGB colour with alpha, 0–1 components, as matplotlib's colours are.
public struct Color: Equatable, Sendable {
    public var r, g, b, a: Double

    public init(_ r: Double, _ g: Double, _ b: Double, alpha: Double = 1) {
        self.r = r; self.g = g; self.b = b; self.a = alpha
    }

    /// `Color(hex: 0x1f77b4)`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(Double((hex >> 16) & 0xff) / 255, Double((hex >> 8) & 0xff) / 255,
                  Double(hex & 0xff) / 255, alpha: alpha)
    }

    /// A matplotlib colour name or `#rrggbb`: "C0"…"C9", "tab:blue", "red", "k", …
    public init?(_ name: String) {
        if name.hasPrefix("#"), name.count == 7, let v = UInt32(name.dropFirst(), radix: 16) {
            self.init(hex: v); return
        }
        if name.count == 2, name.first == "C", let i = Int(String(name.last!)) {
            self = Color.cycle[i]; return
        }
        guard let v = Color.named[name] else { return nil }
        self.init(hex: v)
    }

    public static let black = Color(0, 0, 0)
    public static let white = Color(1, 1, 1)

    /// matplotlib's default property cycle (tab10), in order.
    public static let cycle: [Color] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { Color(hex: $0) }

    static let named: [String: UInt32] = [
        "b": 0x0000ff, "g": 0x008000, "r": 0xff0000, "c": 0x00bfbf, "m": 0xbf00bf, "y": 0xbfbf00,
        "k": 0x000000, "w": 0xffffff, "blue": 0x0000ff, "green": 0x008000, "red": 0xff0000,
        "black": 0x000000, "white": 0xffffff, "gray": 0x808080, "grey": 0x808080, "orange": 0xffa500,
        "purple": 0x800080, "tab:blue": 0x1f77b4, "tab:orange": 0xff7f0e, "tab:green": 0x2ca02c,
        "tab:red": 0xd62728, "tab:purple": 0x9467bd, "tab:brown": 0x8c564b, "tab:pink": 0xe377c2,
        "tab:gray": 0x7f7f7f, "tab:olive": 0xbcbd22, "tab:cyan": 0x17becf,
    ]

    /// `#rrggbb` for SVG.
    var hexString: String {
        func h(_ v: Double) -> String {
            let n = Int((min(max(v, 0), 1) * 255).rounded())
            let s = String(n, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + h(r) + h(g) + h(b)
    }
}

/// Maps a value in 0…1 to a colour (matplotlib's `cmap`).
public enum Colormap: String, Sendable {
    case viridis, gray, grayReversed = "gray_r", blues = "Blues"

    public func callAsFunction(_ t: Double) -> Color {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        switch self {
        case .gray: return Color(t, t, t)
        case .grayReversed: return Color(1 - t, 1 - t, 1 - t)
        case .viridis: return Colormap.interpolate(Colormap.viridisStops, t)
        case .blues: return Colormap.interpolate(Colormap.bluesStops, t)
        }
    }

    // Eleven evenly spaced samples of each map; linear interpolation between them is within
    // a few levels of matplotlib's 256-entry tables.
    static let viridisStops: [Color] = [
        0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725,
    ].map { Color(hex: $0) }
    static let bluesStops: [Color] = [
        0xf7fbff, 0xe3eef9, 0xcfe1f2, 0xb5d4e9, 0x93c3df, 0x6daed5, 0x4b97c9, 0x2f7ebc, 0x1864aa, 0x0a4a90, 0x08306b,
    ].map { Color(hex: $0) }

    static func interpolate(_ stops: [Color], _ t: Double) -> Color {
        let x = t * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        return Color(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f)
    }
}
