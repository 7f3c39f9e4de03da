import Testing
import EmberNN

// The one-node convolution (ConvolutionBackward0) and max pool (MaxPool2DWithIndicesBackward0)
// that float CPU tensors take, checked against the composed unfold + matmul path, a naive
// max pool, and themselves at 1 and 2 threads. ConvDirectTests and PoolTests check their
// values against a direct convolution and PyTorch's recordings.

@Suite(.serialized) struct FusedConvPoolTests {
    /// conv2d by unfold + grouped matmul: the composed path the fused op replaces.
    static func unfoldConv(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride: [Int], padding: [Int], dilation: [Int],
                           groups: Int) -> Tensor {
        let (n, o) = (x.shape[0], w.shape[0])
        let cols = unfold(x, kernelSize: [w.shape[2], w.shape[3]], dilation: dilation, padding: padding, stride: stride)
        let oh = (x.shape[2] + 2 * padding[0] - dilation[0] * (w.shape[2] - 1) - 1) / stride[0] + 1
        let ow = (x.shape[3] + 2 * padding[1] - dilation[1] * (w.shape[3] - 1) - 1) / stride[1] + 1
        let y = w.reshape([groups, o / groups, -1]).matmul(cols.view([n, groups, -1, oh * ow]))
        return y.reshape([n, o, oh, ow]) + b.view([1, o, 1, 1])
    }

    @Test(arguments: [
        // n, c, o, groups, kernel, stride, padding, dilation: 9 and 17 images cross the
        // 8-image chunks of the weight gradient; one image runs threaded GEMMs instead.
        (9, 4, 6, 2, [3, 2], [2, 1], [1, 0], [1, 2]),
        (17, 3, 5, 1, [3, 3], [1, 1], [1, 1], [1, 1]),
        (1, 2, 4, 2, [1, 1], [1, 1], [0, 0], [1, 1]),
    ])
    func convolutionEqualsUnfoldMatmul(_ n: Int, _ c: Int, _ o: Int, _ groups: Int, _ k: [Int], _ s: [Int],
                                       _ p: [Int], _ d: [Int]) {
        // A transposed (non-contiguous) input, float64.
        let x = Tensor.randn(n, c, 8, 7, dtype: .float64).transpose(2, 3).requiresGrad_()
        let w = Tensor.randn(o, c / groups, k[0], k[1], dtype: .float64, requiresGrad: true)
        let b = Tensor.randn(o, dtype: .float64, requiresGrad: true)
        let y = conv2d(x, w, bias: b, stride: s, padding: p, dilation: d, groups: groups)
        #expect(y.gradFn?.name == "ConvolutionBackward0")
        let xr = x.detach().requiresGrad_(), wr = w.detach().requiresGrad_(), br = b.detach().requiresGrad_()
        let reference = Self.unfoldConv(xr, wr, br, stride: s, padding: p, dilation: d, groups: groups)
        #expect(y.shape == reference.shape)
        #expect(allclose(y, reference, rtol: 1e-12, atol: 1e-12))
        let r = Tensor.randn(y.shape, dtype: .float64)
        (y * r).sum().backward()
        (reference * r).sum().backward()
        #expect(allclose(x.grad!, xr.grad!, rtol: 1e-12, atol: 1e-12))
        #expect(allclose(w.grad!, wr.grad!, rtol: 1e-12, atol: 1e-12))
        #expect(allclose(b.grad!, br.grad!, rtol: 1e-12, atol: 1e-12))
    }

    @Test func convolutionGradgradcheck() throws {
        // createGraph takes the Tensor-op backward, which is differentiated again.
        let x = Tensor.randn(2, 2, 5, 4, dtype: .float64, requiresGrad: true)
        let w = Tensor.randn(4, 1, 2, 3, dtype: .float64, requiresGrad: true)
        let b = Tensor.randn(4, dtype: .float64, requiresGrad: true)
        #expect(try gradgradcheck({ conv2d($0[0], $0[1], bias: $0[2], stride: [1, 2], padding: 1, groups: 2) }, [x, w, b]))
    }

    @Test func convolutionWithoutGradKeepsNoColumnsAndAgrees() {
        let x = Tensor.randn(3, 2, 6, 6), w = Tensor.randn(4, 2, 3, 3), b = Tensor.randn(4)
        let y = noGrad { conv2d(x, w, bias: b, padding: 1) }
        #expect(y.gradFn == nil)
        let reference = Self.unfoldConv(x, w, b, stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1)
        #expect(allclose(y, reference, rtol: 1e-5, atol: 1e-5))
    }

    /// The forward and all three gradients of a float32 conv + max pool at `threads`.
    static func convPoolRun(threads: Int) -> [[Float]] {
        let saved = getNumThreads()
        defer { setNumThreads(saved) }
        setNumThreads(threads)
        manualSeed(3)
        let x = Tensor.randn(20, 3, 12, 12, requiresGrad: true)
        let w = Tensor.randn(8, 3, 3, 3, requiresGrad: true), b = Tensor.randn(8, requiresGrad: true)
        let y = maxPool2d(conv2d(x, w, bias: b).relu(), kernelSize: 2)
        (y * Tensor.randn(y.shape)).sum().backward()
        return [y, x.grad!, w.grad!, b.grad!].map { $0.toArray(Float.self) }
    }

    @Test func sameBitsAtOneAndTwoThreads() {
        let one = Self.convPoolRun(threads: 1), two = Self.convPoolRun(threads: 2)
        for (a, b) in zip(one, two) { #expect(a.map(\.bitPattern) == b.map(\.bitPattern)) }
    }

    /// Max pooling by definition: the first maximum of each window in (h, w) order, a NaN
    /// winning (PyTorch's `val > max || isnan(val)`), padding never chosen.
    static func naiveMaxPool(_ x: [Double], _ h: Int, _ w: Int, k: Int, s: Int, p: Int, d: Int,
                             out: (Int, Int)) -> (values: [Double], indices: [Int64]) {
        var values: [Double] = [], indices: [Int64] = []
        for i in 0..<out.0 {
            for j in 0..<out.1 {
                var best = -Double.infinity, at: Int64 = -1
                for ki in 0..<k {
                    for kj in 0..<k {
                        let y = i * s - p + ki * d, z = j * s - p + kj * d
                        guard y >= 0, y < h, z >= 0, z < w else { continue }
                        let v = x[y * w + z]
                        if at < 0 { at = Int64(y * w + z) }
                        if v > best || v.isNaN { best = v; at = Int64(y * w + z) }
                    }
                }
                values.append(best)
                indices.append(at)
            }
        }
        return (values, indices)
    }

    @Test(arguments: [(2, 2, 0, 1, false), (3, 2, 1, 1, false), (2, 1, 1, 2, true), (3, 3, 1, 1, true)])
    func maxPoolEqualsNaive(_ k: Int, _ s: Int, _ p: Int, _ d: Int, _ ceil: Bool) {
        // Ties (values from a small set), a NaN, and -inf: the cases where the index is a choice.
        var data = (0..<(9 * 10)).map { Double(($0 * 7) % 5) - 2 }
        data[13] = .nan
        data[40] = -.infinity
        for dtype in [DType.float32, .float64] {
            let x = Tensor(data, shape: [1, 1, 9, 10]).to(dtype)
            let (y, idx) = maxPool2dWithIndices(x, kernelSize: k, stride: s, padding: p, dilation: d, ceilMode: ceil)
            let want = Self.naiveMaxPool(data, 9, 10, k: k, s: s, p: p, d: d, out: (y.shape[2], y.shape[3]))
            let got = y.toArray(Double.self)
            #expect(got.count == want.values.count)
            #expect(zip(got, want.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(dtype) k\(k) s\(s) p\(p) d\(d)")
            #expect(idx.toArray(Int64.self) == want.indices, "\(dtype) k\(k) s\(s) p\(p) d\(d)")
        }
    }

    @Test func maxPoolBackwardAddsAtTheIndices() throws {
        // Overlapping windows (stride 1) send several gradients to one input.
        let x = Tensor([3.0, 1, 2, 0, 5, 4, 9, 8, 7], shape: [1, 1, 3, 3]).requiresGrad_()
        let y = maxPool2d(x, kernelSize: 2, stride: 1)
        #expect(y.gradFn?.name == "MaxPool2DWithIndicesBackward0")
        y.backward(Tensor([1.0, 2, 3, 4], shape: [1, 1, 2, 2]))
        // torch: F.max_pool2d(x, 2, stride=1) = [[5, 5], [9, 8]]; x.grad = [0,0,0, 0,3,0, 3,4,0]
        #expect(y.toArray(Double.self) == [5, 5, 9, 8])
        #expect(x.grad!.toArray(Double.self) == [0, 0, 0, 0, 3, 0, 3, 4, 0])
        let z = Tensor.randn(2, 2, 5, 6, dtype: .float64, requiresGrad: true)
        #expect(try gradgradcheck({ maxPool2d($0[0], kernelSize: 2, stride: 1, padding: 1) }, [z]))
    }

    @Test func bernoulliBlocksDrawTheElementStream() {
        // A contiguous float tensor is filled from blocks of draws; a transposed one element by
        // element. Both read the same stream (across several twists), and leave the same state.
        for dtype in [DType.float32, .float64] {
            let g1 = Generator(seed: 7), g2 = Generator(seed: 7)
            let fast = Tensor.empty([3000], dtype: dtype).bernoulli_(p: 0.3, generator: g1)
            let slow = Tensor.empty([1000, 3], dtype: dtype).t().bernoulli_(p: 0.3, generator: g2)
            #expect(fast.toArray(Double.self) == slow.contiguous().reshape([3000]).toArray(Double.self))
            #expect(Tensor.rand(5, generator: g1).toArray(Float.self) == Tensor.rand(5, generator: g2).toArray(Float.self))
            let ones = fast.sum().item(Double.self)
            #expect(ones > 800 && ones < 1000)
        }
    }

    @Test func reluGradientPassesAtNaNAsPyTorch() {
        // torch.relu(torch.tensor([nan, -1., 0., 2., -0.])).backward(torch.ones(5)) -> grad [1, 0, 0, 1, 0]
        for dtype in [DType.float32, .float64] {
            let x = Tensor([Double.nan, -1, 0, 2, -0.0]).to(dtype).requiresGrad_()
            let y = x.relu()
            y.backward(Tensor.ones(5, dtype: dtype))
            #expect(x.grad!.toArray(Double.self) == [1, 0, 0, 1, 0], "\(dtype)")
            #expect(y.toArray(Double.self)[4].sign == .minus, "relu(-0.0) is -0.0")
        }
    }
}
