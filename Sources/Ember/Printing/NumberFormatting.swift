/// Python's float formatting, without Foundation: `format(x, '.4f')`, `format(x, '.4e')`
/// and `format(x, '.0f')`, correctly rounded half-to-even on the exact binary value, as
/// CPython's dtoa does (so `2.675` → `2.67`, because the double is 2.67499999…).
///
/// Every finite double has a finite decimal expansion; we compute it exactly with a small
/// big-integer and round that digit string, so there is no double rounding.
enum PythonFloatFormat {
    /// `format(x, '.{precision}f')`: `nan`, `inf`, `-inf`, `-0.0000` as Python writes them.
    static func fixed(_ x: Double, precision: Int) -> String {
        if let special = nonFinite(x) { return special }
        let sign = x.sign == .minus ? "-" : ""
        let exact = ExactDecimal(x.magnitude)
        // Keep the digits down to the 10^-precision place.
        var digits = exact.isZero ? [] : exact.rounded(keeping: exact.pointPosition + precision).digits
        // `digits` is the value times 10^precision; pad so there is an integer digit.
        if digits.count < precision + 1 {
            digits.insert(contentsOf: repeatElement(0, count: precision + 1 - digits.count), at: 0)
        }
        let integerCount = digits.count - precision
        var out = sign
        out.reserveCapacity(digits.count + 2)
        for d in digits[..<integerCount] { out.append(Character(Unicode.Scalar(48 + d))) }
        if precision > 0 {
            out.append(".")
            for d in digits[integerCount...] { out.append(Character(Unicode.Scalar(48 + d))) }
        }
        return out
    }

    /// `format(x, '.{precision}e')`: one digit, a point, `precision` digits, then `e±XX`
    /// (at least two exponent digits), e.g. `1.0000e+00`, `-2.5000e-05`, `1.0000e+100`.
    static func scientific(_ x: Double, precision: Int) -> String {
        if let special = nonFinite(x) { return special }
        let sign = x.sign == .minus ? "-" : ""
        let exact = ExactDecimal(x.magnitude)
        var digits: [UInt8]
        var exponent: Int
        if exact.isZero {
            digits = Array(repeating: 0, count: precision + 1)
            exponent = 0
        } else {
            let r = exact.rounded(keeping: precision + 1)
            digits = r.digits
            exponent = exact.pointPosition - 1
            if r.carried {
                // 9.99995 → 10.0000: one more digit than asked; it is a trailing zero.
                digits.removeLast()
                exponent += 1
            }
        }
        var out = sign
        out.append(Character(Unicode.Scalar(48 + digits[0])))
        if precision > 0 {
            out.append(".")
            for d in digits[1...] { out.append(Character(Unicode.Scalar(48 + d))) }
        }
        out.append("e")
        out.append(exponent < 0 ? "-" : "+")
        let e = exponent.magnitude
        if e < 10 { out.append("0") }
        out.append(String(e))
        return out
    }

    /// Python writes NaN without its sign bit.
    private static func nonFinite(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return nil
    }
}

/// The exact decimal expansion of a non-negative finite double:
/// value = 0.d₁d₂…dₙ × 10^pointPosition, with d₁ ≠ 0 and dₙ ≠ 0 (no digits for zero).
struct ExactDecimal {
    var digits: [UInt8]
    var pointPosition: Int

    var isZero: Bool { digits.isEmpty }

    init(_ x: Double) {
        precondition(x.isFinite && x >= 0)
        if x == 0 {
            digits = []
            pointPosition = 0
            return
        }
        // x = m × 2^e with m an integer.
        var m: UInt64
        var e: Int
        if x.exponentBitPattern == 0 {
            m = UInt64(x.significandBitPattern)
            e = -1074
        } else {
            m = UInt64(x.significandBitPattern) | (1 << 52)
            e = Int(x.exponentBitPattern) - 1075
        }
        let zeros = m.trailingZeroBitCount
        m >>= UInt64(zeros)
        e += zeros

        var big = BigDigits(m)
        var decimalShift = 0
        if e >= 0 {
            // An integer: m × 2^e.
            var k = e
            while k >= 31 { big.multiply(by: 1 << 31); k -= 31 }
            if k > 0 { big.multiply(by: 1 << UInt32(k)) }
        } else {
            // m / 2^-e = m × 5^-e / 10^-e.
            var k = -e
            while k >= 13 { big.multiply(by: 1_220_703_125); k -= 13 }  // 5^13
            var p: UInt32 = 1
            for _ in 0..<k { p *= 5 }
            if p > 1 { big.multiply(by: p) }
            decimalShift = e
        }
        var ds = big.decimalDigits()
        pointPosition = ds.count + decimalShift
        while ds.last == 0 { ds.removeLast() }
        digits = ds
    }

    /// The first `keep` digits (a `keep` ≤ 0 counts places above d₁), rounded half-to-even
    /// on the exact value. The result has `keep` digits, or `keep + 1` with `carried` set when
    /// rounding up overflowed (999 → 1000); it is empty when the value rounds to zero.
    func rounded(keeping keep: Int) -> (digits: [UInt8], carried: Bool) {
        if keep < 0 { return ([], false) }  // below a tenth of the last place: rounds to 0
        if keep >= digits.count {
            return (digits + Array(repeating: 0, count: keep - digits.count), false)
        }
        var kept = Array(digits[..<keep])
        let next = digits[keep]
        let restNonzero = digits.count > keep + 1  // trailing zeros were stripped
        let lastOdd = (kept.last ?? 0) % 2 == 1
        let roundUp = next > 5 || (next == 5 && (restNonzero || lastOdd))
        guard roundUp else { return (kept, false) }  // empty when keep == 0: zero
        var i = kept.count - 1
        while i >= 0 {
            if kept[i] == 9 {
                kept[i] = 0
                i -= 1
            } else {
                kept[i] += 1
                return (kept, false)
            }
        }
        kept.insert(1, at: 0)
        return (kept, true)
    }
}

/// A minimal unsigned big integer (little-endian 32-bit limbs): just enough to expand a
/// double exactly in decimal.
struct BigDigits {
    private var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    private mutating func trim() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    /// Divides in place and returns the remainder.
    private mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            let current = (remainder << 32) | UInt64(limbs[i])
            limbs[i] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
            i -= 1
        }
        trim()
        return UInt32(remainder)
    }

    /// The decimal digits, most significant first (`[0]` for zero).
    func decimalDigits() -> [UInt8] {
        var n = self
        var reversed: [UInt8] = []
        while !n.limbs.isEmpty {
            var chunk = n.divide(by: 1_000_000_000)
            if n.limbs.isEmpty {
                while chunk > 0 { reversed.append(UInt8(chunk % 10)); chunk /= 10 }
            } else {
                for _ in 0..<9 { reversed.append(UInt8(chunk % 10)); chunk /= 10 }
            }
        }
        if reversed.isEmpty { return [0] }
        return reversed.reversed()
    }
}
