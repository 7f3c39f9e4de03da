#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// PyTorch fills float tensors of 16 or more normals with its AVX2 kernel (also on AVX-512
// machines): cephes-style polynomial log and sincos in single precision, compiled by GCC
// with FMA contraction. Reproducing its bits means the same float operations in the same
// order, fused exactly where the shipped binary fuses them (read from its disassembly).

private let minNormPos = Float(bitPattern: 0x0080_0000)
private let sqrtHalf = Float(bitPattern: 0x3f35_04f3)
private let logP: [Float] = [0x3d90_21bb, 0xbdeb_d1b8, 0x3def_251a, 0xbdfe_5d4f, 0x3e11_e9bf,
                             0xbe2a_ae50, 0x3e4c_ceac, 0xbe7f_fffc, 0x3eaa_aaaa].map { Float(bitPattern: $0) }
private let logQ1 = Float(bitPattern: 0xb95e_8083)
private let logQ2 = Float(bitPattern: 0x3f31_8000)
private let fourOverPi = Float(bitPattern: 0x3fa2_f983)
private let dp1 = Float(bitPattern: 0xbf49_0000), dp2 = Float(bitPattern: 0xb97d_a000)
private let dp3 = Float(bitPattern: 0xb322_2169)
private let cosC0 = Float(bitPattern: 0x37cc_f5ce), cosC1 = Float(bitPattern: 0xbab6_061a)
private let cosC2 = Float(bitPattern: 0x3d2a_aaa5)
private let sinC0 = Float(bitPattern: 0xb94c_a1f9), sinC1 = Float(bitPattern: 0x3c08_839e)
private let sinC2 = Float(bitPattern: 0xbe2a_aaa3)
private let twoPiFloat = Float(bitPattern: 0x40c9_0fdb)

/// `log256_ps` for one lane (the input is in (0, 1] here, so the NaN mask never fires).
@inline(__always)
private func polyLog(_ input: Float) -> Float {
    let clamped = Swift.max(input, minNormPos)
    let exponent = Int32(bitPattern: clamped.bitPattern >> 23) &- 127
    var x = Float(bitPattern: (clamped.bitPattern & 0x807f_ffff) | 0x3f00_0000)
    var e = Float(exponent) + 1
    let small = x < sqrtHalf
    let tmp: Float = small ? x : 0
    x = x + -1
    e = e - (small ? 1 : 0)
    x = x + tmp
    let z = x * x
    var y = logP[0]
    for k in 1..<9 { y = logP[k].addingProduct(y, x) }
    y = x * y
    y = (e * logQ1).addingProduct(y, z)
    y = y.addingProduct(-z, 0.5)
    x = x + y
    return x.addingProduct(e, logQ2)
}

/// `sincos256_ps` for one lane.
@inline(__always)
private func polySinCos(_ theta: Float) -> (sin: Float, cos: Float) {
    var x = Float(bitPattern: theta.bitPattern & 0x7fff_ffff)
    var signSin = theta.bitPattern & 0x8000_0000
    var j = Int32(x * fourOverPi)  // truncates, as cvttps2dq does in range
    j = (j &+ 1) & ~1
    let y = Float(j)
    signSin ^= UInt32(bitPattern: j & 4) << 29
    let polyMask = j & 2 == 0
    let signCos = UInt32(bitPattern: ~(j &- 2) & 4) << 29
    x = x.addingProduct(y, dp1)
    x = x.addingProduct(y, dp2)
    x = x.addingProduct(y, dp3)
    let z = x * x
    var yc = cosC1.addingProduct(cosC0, z)
    yc = cosC2.addingProduct(yc, z)
    yc = z * yc
    yc = (-(z * 0.5)).addingProduct(z, yc)
    yc = yc + 1
    var ys = sinC1.addingProduct(sinC0, z)
    ys = sinC2.addingProduct(ys, z)
    ys = z * ys
    ys = x.addingProduct(x, ys)
    let sinPart: Float = polyMask ? ys : 0, cosPart: Float = polyMask ? 0 : yc
    let s = sinPart + cosPart
    let c = (ys - sinPart) + (yc - cosPart)
    return (Float(bitPattern: s.bitPattern ^ signSin), Float(bitPattern: c.bitPattern ^ signCos))
}

/// `normal_fill_16_AVX2` on `data[start..<start+16]`, holding uniforms in [0, 1).
@inline(__always)
private func fill16Float(_ data: UnsafeMutablePointer<Float>, _ mean: Float, _ std: Float) {
    for j in 0..<8 {
        let radius = (-2 * polyLog(1 - data[j])).squareRoot()
        let (s, c) = polySinCos(twoPiFloat * data[j + 8])
        data[j] = mean.addingProduct(radius * c, std)
        data[j + 8] = mean.addingProduct(radius * s, std)
    }
}

/// `normal_fill_16<double>`: libm log, sin and cos in double precision.
@inline(__always)
private func fill16Double(_ data: UnsafeMutablePointer<Double>, _ mean: Double, _ std: Double) {
    for j in 0..<8 {
        let radius = (-2 * log(1 - data[j])).squareRoot()
        let theta = 2 * Double.pi * data[j + 8]
        data[j] = mean.addingProduct(radius * cos(theta), std)
        data[j + 8] = mean.addingProduct(radius * sin(theta), std)
    }
}

/// PyTorch's `normal_fill`: all uniforms first, Box–Muller over blocks of 16; a ragged tail
/// is redone over the last 16 values with fresh uniforms. `count` must be at least 16.
/// Half tensors go through a 16-float buffer, so the ragged part draws no uniforms of its own.
func normalFillFloat(_ count: Int, mean: Float, std: Float, _ gen: Generator, chunked: Bool = false) -> [Float] {
    let drawn = chunked ? count - count % 16 : count
    var data = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count { buffer[i] = i < drawn ? gen.uniformFloat() : 0 }
        initialized = count
    }
    data.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        for start in stride(from: 0, to: count - 15, by: 16) { fill16Float(base + start, mean, std) }
        if count % 16 != 0 {
            for i in (count - 16)..<count { base[i] = gen.uniformFloat() }
            fill16Float(base + count - 16, mean, std)
        }
    }
    return data
}

func normalFillDouble(_ count: Int, mean: Double, std: Double, _ gen: Generator) -> [Double] {
    var data = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count { buffer[i] = gen.uniformDouble() }
        initialized = count
    }
    data.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        for start in stride(from: 0, to: count - 15, by: 16) { fill16Double(base + start, mean, std) }
        if count % 16 != 0 {
            for i in (count - 16)..<count { base[i] = gen.uniformDouble() }
            fill16Double(base + count - 16, mean, std)
        }
    }
    return data
}
