#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A built-in single-stroke vector font, so PNGs carry text with no font files or system
/// libraries. Glyphs are drawn on a grid: baseline 0, x-height 7, cap height 10, descender
/// -3, 14 units to the em. Each is a list of strokes the rasteriser draws as round-capped
/// anti-aliased lines; SVG output names a real font instead and uses these metrics only
/// for layout.
struct StrokeFont: Sendable {
    struct Glyph: Sendable {
        var advance: Double
        var strokes: [[Point]]
    }

    static let unitsPerEm = 14.0
    /// Stroke width as a fraction of the font size (a regular weight).
    static let weight = 0.08
    static let shared = StrokeFont()

    let glyphs: [Character: Glyph]

    init() {
        var table: [Character: Glyph] = [:]
        for line in StrokeFont.source.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let advance = Double(fields[1]) else { continue }
            let key: Character = fields[0] == "space" ? " " : (fields[0] == "minus" ? "\u{2212}" :
                (fields[0] == "times" ? "\u{00D7}" : fields[0].first!))
            table[key] = Glyph(advance: advance, strokes: StrokeFont.parse(fields.count > 2 ? String(fields[2]) : ""))
        }
        glyphs = table
    }

    /// A run of text: its characters and whether it is a raised, smaller exponent.
    struct Run { var text: Substring; var superscript: Bool }

    /// Splits `10^{-3}` markup into runs.
    static func runs(_ text: String) -> [Run] {
        var result: [Run] = []
        var rest = text[...]
        while let caret = rest.firstRange(of: "^{"), let close = rest[caret.upperBound...].firstIndex(of: "}") {
            if caret.lowerBound > rest.startIndex { result.append(Run(text: rest[..<caret.lowerBound], superscript: false)) }
            result.append(Run(text: rest[caret.upperBound..<close], superscript: true))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { result.append(Run(text: rest, superscript: false)) }
        return result
    }

    static let superscriptScale = 0.7

    func advance(of c: Character) -> Double { glyphs[c]?.advance ?? 8 }

    /// The width of `text` at `size` pixels to the em.
    func width(_ text: String, size: Double) -> Double {
        var w = 0.0
        for run in StrokeFont.runs(text) {
            let s = run.superscript ? size * StrokeFont.superscriptScale : size
            for c in run.text { w += advance(of: c) * s / StrokeFont.unitsPerEm }
        }
        return w
    }

    /// The strokes of `text` in pixels, its baseline starting at the origin, y down.
    func outline(_ text: String, size: Double) -> [[Point]] {
        var strokes: [[Point]] = []
        var x = 0.0
        for run in StrokeFont.runs(text) {
            let s = (run.superscript ? size * StrokeFont.superscriptScale : size) / StrokeFont.unitsPerEm
            let rise = run.superscript ? size * 0.45 : 0
            for c in run.text {
                let glyph = glyphs[c] ?? StrokeFont.missing
                for stroke in glyph.strokes {
                    strokes.append(stroke.map { Point(x + $0.x * s, -rise - $0.y * s) })
                }
                x += glyph.advance * s
            }
        }
        return strokes
    }

    static let missing = Glyph(advance: 8, strokes: [[Point(1, 0), Point(7, 0), Point(7, 10), Point(1, 10), Point(1, 0)]])

    /// Parses the path language of `source`: `M x,y` starts a stroke, `L x,y` extends it,
    /// `A cx,cy,rx,ry,a0,a1` appends an elliptic arc (degrees, y up), `O cx,cy,rx,ry` is a
    /// closed ellipse.
    static func parse(_ path: String) -> [[Point]] {
        var strokes: [[Point]] = []
        var current: [Point] = []
        func flush() { if !current.isEmpty { strokes.append(current); current = [] } }
        for token in path.split(separator: " ") {
            let op = token.first!
            let v = token.dropFirst().split(separator: ",").compactMap { Double($0) }
            switch op {
            case "M": flush(); current = [Point(v[0], v[1])]
            case "L": current.append(Point(v[0], v[1]))
            case "A", "O":
                let (cx, cy, rx, ry) = (v[0], v[1], v[2], v[3])
                let (a0, a1) = op == "O" ? (0.0, 360.0) : (v[4], v[5])
                if op == "O" { flush() }
                let n = max(4, Int(abs(a1 - a0) / 10))
                for i in 0...n {
                    let a = (a0 + (a1 - a0) * Double(i) / Double(n)) * Double.pi / 180
                    current.append(Point(cx + rx * cos(a), cy + ry * sin(a)))
                }
                if op == "O" { flush() }
            default: continue
            }
        }
        flush()
        return strokes
    }

    // One glyph a line: character, advance, path.
    static let source = """
    space\t4.5\t
    A\t9\tM1,0 L4.5,10 L8,0 M2.3,3.5 L6.7,3.5
    B\t9\tM1.5,0 L1.5,10 L5.5,10 A5.5,7.5,2.5,2.5,90,-90 M1.5,5 L5.8,5 A5.8,2.5,2.6,2.5,90,-90 L1.5,0
    C\t9.5\tA5.2,5,4,5,45,315
    D\t9.5\tM1.5,0 L1.5,10 L4,10 A4,5,4.2,5,90,-90 L1.5,0
    E\t8.5\tM7.5,10 L1.5,10 L1.5,0 L7.5,0 M1.5,5 L7,5
    F\t8\tM7.5,10 L1.5,10 L1.5,0 M1.5,5 L7,5
    G\t10\tA5.2,5,4,5,50,350 L9.2,4.5 L5.7,4.5
    H\t9.5\tM1.5,0 L1.5,10 M8,0 L8,10 M1.5,5 L8,5
    I\t3\tM1.5,0 L1.5,10
    J\t6.5\tM4.5,10 L4.5,2 A2.5,2,2,2,360,200
    K\t8.5\tM1.5,0 L1.5,10 M8,10 L1.5,3.5 M3.8,5.8 L8.2,0
    L\t7.5\tM1.5,10 L1.5,0 L7.5,0
    M\t11\tM1.5,0 L1.5,10 L5.5,0 L9.5,10 L9.5,0
    N\t9.5\tM1.5,0 L1.5,10 L8,0 L8,10
    O\t11\tO5.5,5,4,5
    P\t8.5\tM1.5,0 L1.5,10 L5.5,10 A5.5,7.25,2.75,2.75,90,-90 L1.5,4.5
    Q\t11\tO5.5,5,4,5 M6.2,2.6 L9.2,-1
    R\t9\tM1.5,0 L1.5,10 L5.5,10 A5.5,7.5,2.5,2.5,90,-90 L1.5,5 M5,5 L8.5,0
    S\t9\tA4.5,7.5,3,2.5,30,270 A4.5,2.5,3.2,2.5,90,-150
    T\t9\tM0.5,10 L8.5,10 M4.5,10 L4.5,0
    U\t10\tM1.5,10 L1.5,3.5 A5,3.5,3.5,3.5,180,360 L8.5,10
    V\t9\tM0.5,10 L4.5,0 L8.5,10
    W\t12\tM0.5,10 L3.2,0 L6,10 L8.8,0 L11.5,10
    X\t9\tM1,10 L8,0 M8,10 L1,0
    Y\t9\tM0.5,10 L4.5,5 L8.5,10 M4.5,5 L4.5,0
    Z\t9\tM1,10 L8,10 L1,0 L8,0
    a\t8.3\tO3.9,3.5,2.9,3.5 M6.8,7 L6.8,0
    b\t8.3\tM1.3,10 L1.3,0 O4.2,3.5,2.9,3.5
    c\t7.5\tA4.2,3.5,3,3.5,45,315
    d\t8.3\tO4,3.5,2.9,3.5 M6.9,10 L6.9,0
    e\t8.2\tM1.2,3.5 L7.2,3.5 A4.2,3.5,3,3.5,0,315
    f\t5\tM5.5,10 L4,10 A4,8.5,1.5,1.5,90,180 L2.5,0 M0.7,7 L5,7
    g\t8.3\tO4,3.5,2.9,3.5 M6.9,7 L6.9,-0.5 A4,-0.5,2.9,2.5,360,200
    h\t7.6\tM1.3,10 L1.3,0 M1.3,4.5 A3.8,4.5,2.5,2.5,180,0 L6.3,0
    i\t3\tM1.5,0 L1.5,7 M1.5,9.3 L1.5,10
    j\t3\tM1.5,7 L1.5,-1.5 A0,-1.5,1.5,1.5,0,-90 M1.5,9.3 L1.5,10
    k\t7\tM1.3,0 L1.3,10 M6.5,7 L1.3,2.3 M3.2,4 L6.8,0
    l\t3\tM1.5,0 L1.5,10
    m\t10.6\tM1.3,0 L1.3,7 M1.3,5 A3.3,5,2,2,180,0 L5.3,0 M5.3,5 A7.3,5,2,2,180,0 L9.3,0
    n\t7.6\tM1.3,0 L1.3,7 M1.3,4.5 A3.8,4.5,2.5,2.5,180,0 L6.3,0
    o\t8.4\tO4.2,3.5,3,3.5
    p\t8.3\tM1.3,7 L1.3,-3 O4.2,3.5,2.9,3.5
    q\t8.3\tO4,3.5,2.9,3.5 M6.9,7 L6.9,-3
    r\t5.5\tM1.3,0 L1.3,7 M1.3,4 A4.3,4,3,3,180,75
    s\t7\tA3.7,5.25,2.4,1.75,30,270 A3.7,1.75,2.5,1.75,90,-150
    t\t5.5\tM2.5,9 L2.5,1.5 A4,1.5,1.5,1.5,180,270 L5,0 M0.7,7 L5,7
    u\t7.6\tM1.3,7 L1.3,2.5 A3.8,2.5,2.5,2.5,180,360 M6.3,7 L6.3,0
    v\t7\tM0.5,7 L3.5,0 L6.5,7
    w\t9.6\tM0.5,7 L2.6,0 L4.8,7 L7,0 L9.1,7
    x\t7\tM0.7,7 L6.3,0 M6.3,7 L0.7,0
    y\t7\tM0.5,7 L3.5,0 M6.5,7 L2.6,-2.2 L1.2,-3
    z\t7\tM1,7 L6,7 L1,0 L6,0
    0\t8.5\tO4.25,5,3,5
    1\t8.5\tM2,8 L4.5,10 L4.5,0 M2,0 L7,0
    2\t8.5\tA4.25,7,3,3,160,-30 L1.2,0 L7.3,0
    3\t8.5\tA4.2,7.5,2.7,2.5,150,-90 A4.2,2.5,3,2.5,90,-150
    4\t8.5\tM5.5,0 L5.5,10 L0.8,3 L7.5,3
    5\t8.5\tM6.8,10 L2,10 L1.8,5.4 A4.2,3.2,3,3.2,135,-150
    6\t8.5\tO4.3,3.2,3,3.2 M6.6,9.8 A5.5,4,4.2,6,75,180 L1.3,3.2
    7\t8.5\tM0.8,10 L7.3,10 L2.8,0
    8\t8.5\tO4.25,7.6,2.6,2.4 O4.25,2.6,3,2.6
    9\t8.5\tO4.2,6.8,3,3.2 M1.9,0.2 A3,6,4.2,6,255,360 L7.2,6.8
    .\t3.2\tM1.5,0 L1.5,0.5
    ,\t3.2\tM1.8,0.6 L1,-1.8
    -\t6\tM1,3.8 L5,3.8
    minus\t9.5\tM1.5,4.2 L8,4.2
    times\t9.5\tM2,1.5 L7.5,7 M7.5,1.5 L2,7
    +\t9.5\tM1.5,4.2 L8,4.2 M4.75,1 L4.75,7.4
    =\t9.5\tM1.5,5.5 L8,5.5 M1.5,3 L8,3
    (\t4.5\tA5.5,4,3.5,7,120,240
    )\t4.5\tA-1,4,3.5,7,60,-60
    [\t4.5\tM4,11 L1.5,11 L1.5,-2.5 L4,-2.5
    ]\t4.5\tM0.5,11 L3,11 L3,-2.5 L0.5,-2.5
    :\t3.2\tM1.5,0 L1.5,0.5 M1.5,6.5 L1.5,7
    ;\t3.2\tM1.8,0.6 L1,-1.8 M1.5,6.5 L1.5,7
    /\t5\tM5,10.5 L0.5,-1.5
    %\t11.5\tO2.5,7.5,1.8,2.5 O9,2.5,1.8,2.5 M9,10 L2.5,0
    _\t7\tM0,-2.5 L7,-2.5
    '\t3\tM1.5,10 L1.5,7
    "\t5.5\tM1.5,10 L1.5,7 M4,10 L4,7
    !\t3.6\tM1.8,10 L1.8,3 M1.8,0 L1.8,0.5
    ?\t7.5\tA4,7.3,2.8,2.7,150,-60 L4,3.5 L4,2.5 M4,0 L4,0.5
    *\t8\tM4,10 L4,5 M1.8,8.8 L6.2,6.2 M6.2,8.8 L1.8,6.2
    <\t9.5\tM8,7.5 L1.5,4.2 L8,1
    >\t9.5\tM1.5,7.5 L8,4.2 L1.5,1
    |\t3.6\tM1.8,11 L1.8,-3
    #\t9\tM3.5,10 L2.5,0 M6.5,10 L5.5,0 M1,6.5 L8,6.5 M1,3.5 L8,3.5
    """
}
