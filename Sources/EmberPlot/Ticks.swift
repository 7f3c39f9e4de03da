#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick positions and labels, as matplotlib's `MaxNLocator`, `LogLocator` and
/// `ScalarFormatter` choose them, so axes read the same as the tutorial's figures.
public enum Ticks {
    /// matplotlib's `AutoLocator` steps, extended one decade down and one step up.
    static let extendedSteps: [Double] = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20]

    /// At most `nbins` intervals of a "nice" step (1, 2, 2.5 or 5 × 10ⁿ) covering
    /// `lower…upper`; the ticks returned are those inside the range (`MaxNLocator.tick_values`).
    /// With `integer`, steps below 1 are skipped when the range holds enough whole numbers
    /// (`MaxNLocator(integer=True)`, for epochs and class indices).
    public static func linear(_ lower: Double, _ upper: Double, nbins: Int = 9, minTicks: Int = 2,
                              integer: Bool = false) -> [Double] {
        var vmin = lower, vmax = upper
        if vmax < vmin { swap(&vmin, &vmax) }
        if vmax - vmin < 1e-300 * max(1, abs(vmin)) {
            // matplotlib's nonsingular: widen a degenerate range.
            let d = vmin == 0 ? 0.1 : abs(vmin) * 0.001
            vmin -= d; vmax += d
        }
        let nbins = max(1, nbins)
        let (scale, offset) = scaleRange(vmin, vmax, nbins)
        let lo = vmin - offset, hi = vmax - offset
        let rawStep = (hi - lo) / Double(nbins)
        let steps = extendedSteps.map { $0 * scale }
        let istep = steps.firstIndex { $0 >= rawStep } ?? (steps.count - 1)
        var ticks: [Double] = []
        for var step in steps[0...istep].reversed() {
            if integer && hi.rounded(.down) - lo.rounded(.up) >= Double(minTicks - 1) { step = max(1, step) }
            let best = (lo / step).rounded(.down) * step
            let low = edgeLE(lo - best, step: step, offset: offset)
            let high = edgeGE(hi - best, step: step, offset: offset)
            ticks = (Int(low)...max(Int(low), Int(high))).map { Double($0) * step + best }
            let inside = ticks.filter { $0 >= lo && $0 <= hi }.count
            if inside >= minTicks { break }
        }
        return ticks.map { $0 + offset }.filter { $0 >= vmin - 1e-10 * (vmax - vmin) && $0 <= vmax + 1e-10 * (vmax - vmin) }
    }

    /// Decades 10ⁿ inside `lower…upper` (positive), thinned so at most `maxTicks` remain.
    public static func log(_ lower: Double, _ upper: Double, maxTicks: Int = 9) -> [Double] {
        guard lower > 0, upper > 0 else { return [] }
        let a = Int((log10(min(lower, upper)) - 1e-9).rounded(.up))
        let b = Int((log10(max(lower, upper)) + 1e-9).rounded(.down))
        guard a <= b else { return [] }
        let stride = max(1, (b - a + maxTicks) / maxTicks)
        return Swift.stride(from: a, through: b, by: stride).map { pow(10, Double($0)) }
    }

    /// The labels `ScalarFormatter` gives evenly spaced ticks: the fewest decimals that keep
    /// every label exact to the step, with a Unicode minus.
    public static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count > 1 else { return ticks.map { format($0, decimals: decimalsFor(abs($0))) } }
        let step = abs(ticks[1] - ticks[0])
        var decimals = 0
        while decimals < 12 {
            let p = pow(10, Double(decimals))
            if ticks.allSatisfy({ abs(($0 * p).rounded() / p - $0) <= step * 1e-6 }) { break }
            decimals += 1
        }
        return ticks.map { format($0, decimals: decimals) }
    }

    /// `10^{n}` labels for decades (rendered with a raised exponent).
    public static func logLabels(_ ticks: [Double]) -> [String] {
        ticks.map { "10^{" + minus(String(Int(log10($0).rounded()))) + "}" }
    }

    static func decimalsFor(_ v: Double) -> Int {
        var d = 0
        while d < 12 && abs((v * pow(10, Double(d))).rounded() - v * pow(10, Double(d))) > 1e-9 { d += 1 }
        return d
    }

    /// Fixed-point text with `decimals` digits (no Foundation formatting in the library).
    public static func format(_ value: Double, decimals: Int) -> String {
        let p = pow(10, Double(decimals))
        var scaled = (abs(value) * p).rounded()
        if scaled == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let negative = value < 0
        var digits = ""
        if scaled >= 1e17 { return minus(String(value)) }
        var n = UInt64(scaled)
        scaled = 0
        while n > 0 { digits = String(n % 10) + digits; n /= 10 }
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        var text = digits
        if decimals > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals)) }
        return (negative ? "\u{2212}" : "") + text
    }

    static func minus(_ s: String) -> String { s.replacingOccurrences("-", "\u{2212}") }

    /// `scale_range`: the decade of the step and an offset for ranges far from zero.
    static func scaleRange(_ vmin: Double, _ vmax: Double, _ n: Int) -> (Double, Double) {
        let dv = abs(vmax - vmin)
        let meanv = (vmax + vmin) / 2
        var offset = 0.0
        if abs(meanv) / dv >= 100 {
            offset = (meanv < 0 ? -1 : 1) * pow(10, log10(abs(meanv)).rounded(.down))
        }
        let scale = pow(10, log10(dv / Double(n)).rounded(.down))
        return (scale, offset)
    }

    // `_Edge_integer`: floor/ceil that forgive rounding error relative to the step.
    static func closeTo(_ ms: Double, _ edge: Double, step: Double, offset: Double) -> Bool {
        let tol: Double
        if offset > 0 {
            let digits = log10(offset / step)
            tol = max(1e-10, pow(10, digits - 12))
            return abs(ms - edge) < min(0.4999, tol)
        }
        tol = 1e-10
        return abs(ms - edge) < tol
    }

    static func edgeLE(_ x: Double, step: Double, offset: Double) -> Double {
        let (d, m) = divmod(x, step)
        return closeTo(m / step, 1, step: step, offset: offset) ? d + 1 : d
    }

    static func edgeGE(_ x: Double, step: Double, offset: Double) -> Double {
        let (d, m) = divmod(x, step)
        return closeTo(m / step, 0, step: step, offset: offset) ? d : d + 1
    }

    static func divmod(_ x: Double, _ y: Double) -> (Double, Double) {
        let d = (x / y).rounded(.down)
        return (d, x - d * y)
    }
}

extension String {
    /// Plain substring replacement (Foundation's is not available in library targets).
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
