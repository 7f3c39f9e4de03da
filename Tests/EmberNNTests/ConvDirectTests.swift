import Testing
import EmberNN

// conv2d (im2col + the packed GEMM) against a direct seven-loop convolution and its
// hand-written gradients, in float64 and float32, with stride, padding, dilation and groups.

private struct DirectConv {
    let n: Int, c: Int, h: Int, w: Int, o: Int, groups: Int, kh: Int, kw: Int
    let stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
    var oh: Int { (h + 2 * padding.0 - dilation.0 * (kh - 1) - 1) / stride.0 + 1 }
    var ow: Int { (w + 2 * padding.1 - dilation.1 * (kw - 1) - 1) / stride.1 + 1 }

    /// Calls body(outIndex, inIndex, weightIndex) for every multiply of the convolution.
    func forEachTap(_ body: (Int, Int, Int) -> Void) {
        let cg = c / groups, og = o / groups
        for b in 0..<n { for oc in 0..<o { for y in 0..<oh { for x in 0..<ow {
            let g = oc / og
            for ic in 0..<cg { for i in 0..<kh { for j in 0..<kw {
                let hy = y * stride.0 - padding.0 + i * dilation.0, wx = x * stride.1 - padding.1 + j * dilation.1
                if hy < 0 || hy >= h || wx < 0 || wx >= w { continue }
                let out = ((b * o + oc) * oh + y) * ow + x
                let input = ((b * c + g * cg + ic) * h + hy) * w + wx
                let weight = ((oc * cg + ic) * kh + i) * kw + j
                body(out, input, weight)
            } } }
        } } } }
    }
}

@Suite struct ConvDirectTests {
    @Test(arguments: [DType.float64, .float32])
    func conv2dMatchesDirectConvolution(dtype: DType) {
        let d = DirectConv(n: 3, c: 4, h: 9, w: 8, o: 6, groups: 2, kh: 3, kw: 2,
                           stride: (2, 1), padding: (1, 2), dilation: (1, 2))
        let xs = (0..<(d.n * d.c * d.h * d.w)).map { Double($0 % 23) / 11 - 1 }
        let ws = (0..<(d.o * d.c / d.groups * d.kh * d.kw)).map { Double($0 % 13) / 7 - 0.9 }
        let bs = (0..<d.o).map { Double($0) / 10 - 0.2 }
        let outCount = d.n * d.o * d.oh * d.ow
        let gs = (0..<outCount).map { Double($0 % 17) / 9 - 0.8 }

        var y = bs.isEmpty ? [] : (0..<outCount).map { bs[($0 / (d.oh * d.ow)) % d.o] }
        var gx = [Double](repeating: 0, count: xs.count), gw = [Double](repeating: 0, count: ws.count)
        d.forEachTap { o, i, k in
            y[o] += xs[i] * ws[k]
            gx[i] += gs[o] * ws[k]
            gw[k] += gs[o] * xs[i]
        }
        let gb = (0..<d.o).map { oc in
            (0..<d.n).reduce(0.0) { s, b in s + (0..<(d.oh * d.ow)).reduce(0.0) { $0 + gs[(b * d.o + oc) * d.oh * d.ow + $1] } }
        }

        let x = Tensor(xs, shape: [d.n, d.c, d.h, d.w], dtype: dtype).requiresGrad_()
        let w = Tensor(ws, shape: [d.o, d.c / d.groups, d.kh, d.kw], dtype: dtype).requiresGrad_()
        let b = Tensor(bs, shape: [d.o], dtype: dtype).requiresGrad_()
        let out = conv2d(x, w, bias: b, stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2)
        out.backward(Tensor(gs, shape: out.shape, dtype: dtype))
        let tol = dtype == .float32 ? 1e-4 : 1e-12
        expectValues(out, y, shape: [d.n, d.o, d.oh, d.ow], atol: tol, rtol: tol)
        expectValues(x.grad, gx, shape: x.shape, atol: tol, rtol: tol)
        expectValues(w.grad, gw, shape: w.shape, atol: tol, rtol: tol)
        expectValues(b.grad, gb, shape: [d.o], atol: tol, rtol: tol)
    }
}
