import Testing
@testable import Ember

// Elementwise math, clamp, maximum/minimum and where, pinned to PyTorch 2.15.
//   import torch.nn.functional as F
//   x = torch.tensor([-2.5, -1.0, -0.0, 0.0, 0.5, 1.5, 2.5, 3.7])
//   p = torch.tensor([0.25, 1.0, 4.0, 0.0, 1e-8, 100.0])
//   e = torch.tensor([inf, -inf, nan])
//   t = torch.arange(6.).reshape(2, 3).t()     (non-contiguous)

private func signBits(_ t: Tensor) -> [Bool] { t.toArray(Double.self).map { $0.sign == .minus } }

@Suite struct UnaryMathTests {
    let x = Tensor([-2.5, -1.0, -0.0, 0.0, 0.5, 1.5, 2.5, 3.7])
    let p = Tensor([0.25, 1.0, 4.0, 0.0, 1e-8, 100.0])
    let e = Tensor([Double.infinity, -.infinity, .nan])
    let t = Tensor.arange(6.0).reshape(2, 3).t()

    @Test func roundingFamily() {
        // x.floor()
        expectTensor(x.floor(), [-3.0, -1.0, -0.0, 0.0, 0.0, 1.0, 2.0, 3.0], shape: [8], dtype: .float32)
        // x.ceil()
        expectTensor(x.ceil(), [-2.0, -1.0, -0.0, 0.0, 1.0, 2.0, 3.0, 4.0], shape: [8], dtype: .float32)
        // x.trunc()
        expectTensor(x.trunc(), [-2.0, -1.0, -0.0, 0.0, 0.0, 1.0, 2.0, 3.0], shape: [8], dtype: .float32)
        // x.round()  (half to even)
        expectTensor(x.round(), [-2.0, -1.0, -0.0, 0.0, 0.0, 2.0, 2.0, 4.0], shape: [8], dtype: .float32)
        // torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999]).round()
        let r = round(Tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999]))
        expectTensor(r, [0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 2.0], shape: [7], dtype: .float32)
        #expect(signBits(r)[3])
        // torch.tensor([-0.5]).ceil()  -> -0.0
        #expect(signBits(Tensor([-0.5]).ceil()) == [true])
        // e.floor(); e.round()
        expectTensor(e.floor(), [.infinity, -.infinity, .nan], shape: [3], dtype: .float32)
        expectTensor(e.round(), [.infinity, -.infinity, .nan], shape: [3], dtype: .float32)
        // torch.tensor([-3, 0, 4]).floor() / .round()  -> int64, unchanged
        expectExact(Tensor([-3, 0, 4]).floor(), [-3, 0, 4], shape: [3], dtype: .int64)
        expectExact(Tensor([-3, 0, 4]).round(), [-3, 0, 4], shape: [3], dtype: .int64)
        // torch.tensor([0.5, 2.5], dtype=torch.float16).round()
        expectTensor(Tensor([0.5, 2.5], dtype: .float16).round(), [0, 2], shape: [2], dtype: .float16)
    }

    @Test func absSignRelu() {
        // x.abs()
        expectTensor(abs(x), [2.5, 1.0, 0.0, 0.0, 0.5, 1.5, 2.5, 3.700000047683716], shape: [8], dtype: .float32)
        #expect(!signBits(x.abs())[2])
        // x.sign()
        expectTensor(sign(x), [-1.0, -1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0], shape: [8], dtype: .float32)
        // x.relu()  -> [0, 0, -0.0, 0, 0.5, 1.5, 2.5, 3.7]
        let r = relu(x)
        expectTensor(r, [0.0, 0.0, -0.0, 0.0, 0.5, 1.5, 2.5, 3.700000047683716], shape: [8], dtype: .float32)
        #expect(signBits(r)[2])
        // e.abs(); e.sign(); e.relu()  -> sign(nan) is 0
        expectTensor(e.abs(), [.infinity, .infinity, .nan], shape: [3], dtype: .float32)
        expectTensor(e.sign(), [1.0, -1.0, 0.0], shape: [3], dtype: .float32)
        expectTensor(e.relu(), [.infinity, 0.0, .nan], shape: [3], dtype: .float32)
        // torch.tensor([-3, 0, 4]).abs() / .sign() / .relu()
        expectExact(Tensor([-3, 0, 4]).abs(), [3, 0, 4], shape: [3], dtype: .int64)
        expectExact(Tensor([-3, 0, 4]).sign(), [-1, 0, 1], shape: [3], dtype: .int64)
        expectExact(Tensor([-3, 0, 4]).relu(), [0, 0, 4], shape: [3], dtype: .int64)
        // torch.tensor([-2147483648], dtype=torch.int32).abs()  -> wraps to itself
        expectExact(Tensor([-2147483648], dtype: .int32).abs(), [-2147483648], shape: [1], dtype: .int32)
        // torch.tensor([True, False]).sign()  -> bool
        expectExact(Tensor([true, false]).sign(), [1, 0], shape: [2], dtype: .bool)
    }

    @Test func transcendentals() {
        // x.sigmoid()
        expectTensor(sigmoid(x), [0.07585817575454712, 0.2689414322376251, 0.5, 0.5, 0.622459352016449, 0.8175744414329529,
                                  0.9241418242454529, 0.9758729934692383], shape: [8], dtype: .float32)
        // x.tanh()
        expectTensor(tanh(x), [-0.9866142868995667, -0.7615941762924194, -0.0, 0.0, 0.46211716532707214, 0.9051482677459717,
                               0.9866142868995667, 0.998778223991394], shape: [8], dtype: .float32)
        // x.sin()
        expectTensor(sin(x), [-0.5984721183776855, -0.8414709568023682, -0.0, 0.0, 0.4794255495071411, 0.9974949955940247,
                              0.5984721183776855, -0.5298361778259277], shape: [8], dtype: .float32)
        // x.cos()
        expectTensor(cos(x), [-0.8011435866355896, 0.5403023362159729, 1.0, 1.0, 0.8775825500488281, 0.07073719799518585,
                              -0.8011435866355896, -0.8481000065803528], shape: [8], dtype: .float32)
        // x.tan()
        expectTensor(tan(x), [0.747022271156311, -1.5574077367782593, -0.0, 0.0, 0.5463024973869324, 14.101420402526855,
                              -0.747022271156311, 0.6247331500053406], shape: [8], dtype: .float32)
        // x.exp()
        expectTensor(exp(x), [0.08208499848842621, 0.3678794503211975, 1.0, 1.0, 1.6487212181091309, 4.481688976287842,
                              12.182494163513184, 40.44730758666992], shape: [8], dtype: .float32)
        // F.gelu(x)  (exact erf form)
        expectTensor(gelu(x), [-0.015524178743362427, -0.15865525603294373, -0.0, 0.0, 0.3457312285900116, 1.3997890949249268,
                               2.48447585105896, 3.699601411819458], shape: [8], dtype: .float32)
        // F.softplus(x)
        expectTensor(softplus(x), [0.07888973504304886, 0.3132616877555847, 0.6931471824645996, 0.6931471824645996,
                                   0.9740769863128662, 1.7014132738113403, 2.578889846801758, 3.7244229316711426], shape: [8], dtype: .float32)
        // torch.erf(x)
        expectTensor(erf(x), [-0.9995930194854736, -0.8427007794380188, -0.0, 0.0, 0.5204998850822449, 0.9661051630973816,
                              0.9995930194854736, 0.9999998211860657], shape: [8], dtype: .float32)
    }

    @Test func rootsAndLogs() {
        // p.sqrt()
        expectTensor(sqrt(p), [0.5, 1.0, 2.0, 0.0, 9.999999747378752e-05, 10.0], shape: [6], dtype: .float32)
        // p.rsqrt()
        expectTensor(rsqrt(p), [2.0, 1.0, 0.5, .infinity, 10000.0, 0.10000000149011612], shape: [6], dtype: .float32)
        // p.log()
        expectTensor(log(p), [-1.3862943649291992, 0.0, 1.3862943649291992, -.infinity, -18.42068099975586, 4.605170249938965],
                     shape: [6], dtype: .float32)
        // p.log1p()
        expectTensor(log1p(p), [0.2231435477733612, 0.6931471824645996, 1.6094379425048828, 0.0, 9.99999993922529e-09, 4.6151204109191895],
                     shape: [6], dtype: .float32, atol: 1e-12)
        // torch.tensor([-1.0, -0.0]).sqrt()  -> [nan, -0.0]
        let s = Tensor([-1.0, -0.0]).sqrt()
        expectTensor(s, [.nan, -0.0], shape: [2], dtype: .float32)
        #expect(signBits(s)[1])
        // torch.tensor([-1.0, -0.0]).log()  -> [nan, -inf]
        expectTensor(Tensor([-1.0, -0.0]).log(), [.nan, -.infinity], shape: [2], dtype: .float32)
        // torch.tensor([-1.0, -2.0]).log1p()  -> [-inf, nan]
        expectTensor(Tensor([-1.0, -2.0]).log1p(), [-.infinity, .nan], shape: [2], dtype: .float32)
        // torch.tensor([1e-10, -0.5]).log1p()  (accurate near 0)
        expectTensor(Tensor([1e-10, -0.5]).log1p(), [1.000000013351432e-10, -0.6931471824645996], shape: [2], dtype: .float32, atol: 1e-16)
        // e.sqrt()
        expectTensor(e.sqrt(), [.infinity, .nan, .nan], shape: [3], dtype: .float32)
    }

    @Test func saturationAndSpecialValues() {
        // e.exp(); e.sigmoid(); e.tanh(); F.softplus(e)
        expectTensor(e.exp(), [.infinity, 0.0, .nan], shape: [3], dtype: .float32)
        expectTensor(e.sigmoid(), [1.0, 0.0, .nan], shape: [3], dtype: .float32)
        expectTensor(e.tanh(), [1.0, -1.0, .nan], shape: [3], dtype: .float32)
        expectTensor(e.softplus(), [.infinity, 0.0, .nan], shape: [3], dtype: .float32)
        // F.gelu(torch.tensor([-inf, nan]))  -> [nan, nan]
        expectTensor(Tensor([-Double.infinity, .nan]).gelu(), [.nan, .nan], shape: [2], dtype: .float32)
        // F.softplus(torch.tensor([20.0, 20.5, 30.0, -30.0, -100.0]))  (linear above the threshold 20)
        expectTensor(Tensor([20.0, 20.5, 30.0, -30.0, -100.0]).softplus(), [20.0, 20.5, 30.0, 9.357622912219837e-14, 3.783505853677006e-44],
                     shape: [5], dtype: .float32, atol: 1e-20)
        // torch.tensor([-100.0, 100.0, 89.0, -89.0]).sigmoid()
        expectTensor(Tensor([-100.0, 100.0, 89.0, -89.0]).sigmoid(), [0, 1, 1, 0], shape: [4], dtype: .float32)
        // torch.tensor([-100.0, 100.0, 89.0, -89.0]).exp()  (float32 overflows past 88.7; subnormals below)
        expectTensor(Tensor([-100.0, 100.0, 89.0, -89.0]).exp(), [3.783505853677006e-44, .infinity, .infinity, 2.2273639090442967e-39],
                     shape: [4], dtype: .float32, atol: 1e-45)
    }

    @Test func integerAndBoolInputsPromoteToFloat() {
        // torch.tensor([1, 4, 9]).sqrt()  -> float32
        expectTensor(Tensor([1, 4, 9]).sqrt(), [1, 2, 3], shape: [3], dtype: .float32)
        // torch.tensor([0, 1]).exp()
        expectTensor(Tensor([0, 1]).exp(), [1.0, 2.7182817459106445], shape: [2], dtype: .float32)
        // torch.tensor([1, 2], dtype=torch.int32).sigmoid()
        expectTensor(Tensor([1, 2], dtype: .int32).sigmoid(), [0.7310585975646973, 0.8807970285415649], shape: [2], dtype: .float32)
        // torch.tensor([True, False]).sqrt()  -> float32
        expectTensor(Tensor([true, false]).sqrt(), [1, 0], shape: [2], dtype: .float32)
    }

    @Test func otherFloatDTypes() {
        // torch.tensor([0.5, -1.5], dtype=torch.float16).exp()
        expectTensor(Tensor([0.5, -1.5], dtype: .float16).exp(), [1.6484375, 0.22314453125], shape: [2], dtype: .float16, atol: 0, rtol: 0)
        // torch.tensor([-1.0, 0.5], dtype=torch.float16).tanh()
        expectTensor(Tensor([-1.0, 0.5], dtype: .float16).tanh(), [-0.76171875, 0.462158203125], shape: [2], dtype: .float16, atol: 0, rtol: 0)
        // torch.tensor([0.5, -1.5], dtype=torch.float64).exp()
        expectTensor(Tensor([0.5, -1.5], dtype: .float64).exp(), [1.6487212707001282, 0.22313016014842982], shape: [2], dtype: .float64,
                     atol: 0, rtol: 1e-15)
        // torch.tensor([0.5, -1.5], dtype=torch.float64).sigmoid()
        expectTensor(Tensor([0.5, -1.5], dtype: .float64).sigmoid(), [0.6224593312018546, 0.18242552380635635], shape: [2], dtype: .float64,
                     atol: 0, rtol: 1e-15)
    }

    @Test func nonContiguousInputs() {
        // t.exp()
        expectTensor(t.exp(), [1.0, 20.08553695678711, 2.7182817459106445, 54.598148345947266, 7.389056205749512, 148.4131622314453],
                     shape: [3, 2], dtype: .float32)
        // t.sigmoid()
        expectTensor(t.sigmoid(), [0.5, 0.9525741338729858, 0.7310585975646973, 0.9820137619972229, 0.8807970285415649, 0.9933071732521057],
                     shape: [3, 2], dtype: .float32)
        // (t - 2.5).round()
        expectTensor((t - 2.5).round(), [-2.0, 0.0, -2.0, 2.0, -0.0, 2.0], shape: [3, 2], dtype: .float32)
        // torch.tensor([[1.5], [-0.5]]).expand(2, 3).tanh()
        expectTensor(Tensor([[1.5], [-0.5]]).expand(2, 3).tanh(),
                     [0.9051482677459717, 0.9051482677459717, 0.9051482677459717, -0.46211716532707214, -0.46211716532707214, -0.46211716532707214],
                     shape: [2, 3], dtype: .float32)
        // torch.arange(8.)[1::3].log()
        expectTensor(Tensor.arange(8.0).slice(0, 1, 8, step: 3, file: #fileID, line: #line).log(),
                     [0.0, 1.3862943649291992, 1.945910096168518], shape: [3], dtype: .float32)
        // torch.tensor(0.25).sqrt();  torch.tensor([]).exp()
        expectTensor(Tensor(0.25).sqrt(), [0.5], shape: [], dtype: .float32)
        expectTensor(Tensor([Double]()).exp(), [], shape: [0], dtype: .float32)
    }

    @Test func clamp() {
        // torch.tensor([-1.5, 0.5, 2.5]).clamp(min=-1.0, max=1.0)
        expectTensor(Tensor([-1.5, 0.5, 2.5]).clamp(min: -1.0, max: 1.0), [-1, 0.5, 1], shape: [3], dtype: .float32)
        // .clamp(min=0.0);  .clamp(max=0.0)
        expectTensor(Tensor([-1.5, 0.5, 2.5]).clamp(min: 0.0), [0, 0.5, 2.5], shape: [3], dtype: .float32)
        expectTensor(Ember.clamp(Tensor([-1.5, 0.5, 2.5]), max: 0.0), [-1.5, 0, 0], shape: [3], dtype: .float32)
        // torch.tensor([nan, inf, -inf]).clamp(min=-1.0, max=1.0)  -> nan stays
        expectTensor(Tensor([Double.nan, .infinity, -.infinity]).clamp(min: -1.0, max: 1.0), [.nan, 1, -1], shape: [3], dtype: .float32)
        // torch.tensor([0.5, 2.0]).clamp(min=1.0, max=0.0)  -> max wins
        expectTensor(Tensor([0.5, 2.0]).clamp(min: 1.0, max: 0.0), [0, 0], shape: [2], dtype: .float32)
        // torch.tensor([-5, 0, 5]).clamp(min=-1, max=3)  -> int64
        expectExact(Tensor([-5, 0, 5]).clamp(min: -1, max: 3), [-1, 0, 3], shape: [3], dtype: .int64)
        // torch.tensor([-5, 0, 5]).clamp(min=-1.5, max=3)  -> float32
        expectTensor(Tensor([-5, 0, 5]).clamp(min: -1.5, max: 3), [-1.5, 0, 3], shape: [3], dtype: .float32)
        // t.clamp(min=1.0, max=4.0)  (non-contiguous)
        expectTensor(t.clamp(min: 1.0, max: 4.0), [1.0, 3.0, 1.0, 4.0, 2.0, 4.0], shape: [3, 2], dtype: .float32)
        // torch.tensor([1.0, 4.0]).expand(3, 2).clamp(max=2.0)
        expectTensor(Tensor([1.0, 4.0]).expand(3, 2).clamp(max: 2.0), [1, 2, 1, 2, 1, 2], shape: [3, 2], dtype: .float32)
        // Tensor bounds: torch.clamp(torch.tensor([-2., 0., 2.]), min=torch.tensor([-1., 1., 1.]), max=torch.tensor(1.5))
        expectTensor(Tensor([-2.0, 0.0, 2.0]).clamp(min: Tensor([-1.0, 1.0, 1.0]), max: Tensor(1.5)), [-1, 1, 1.5], shape: [3], dtype: .float32)
    }

    @Test func maximumMinimumPropagateNaN() {
        let l = Tensor([1.0, .nan, 3.0, -0.0]), r = Tensor([2.0, 0.0, .nan, 0.0])
        // torch.maximum(l, r)  -> [2, nan, nan, -0.0] (of equal zeros, the first operand's)
        expectTensor(maximum(l, r), [2.0, .nan, .nan, -0.0], shape: [4], dtype: .float32)
        #expect(signBits(maximum(l, r))[3])
        // torch.minimum(l, r)  -> [1, nan, nan, -0.0]
        expectTensor(minimum(l, r), [1.0, .nan, .nan, -0.0], shape: [4], dtype: .float32)
        #expect(signBits(minimum(l, r))[3])
        // torch.maximum(torch.tensor([1, 5]), torch.tensor([3.5, 2.0]))  -> float32
        expectTensor(Tensor([1, 5]).maximum(Tensor([3.5, 2.0])), [3.5, 5], shape: [2], dtype: .float32)
        // torch.minimum(torch.tensor([[1], [5]]), torch.tensor([3, 2, 7]))  -> broadcast, int64
        expectExact(Tensor([[1], [5]]).minimum(Tensor([3, 2, 7])), [1, 1, 1, 3, 2, 5], shape: [2, 3], dtype: .int64)
        // torch.maximum(t, torch.tensor([1.0, 4.0]))
        expectTensor(maximum(t, Tensor([1.0, 4.0])), [1.0, 4.0, 1.0, 4.0, 2.0, 5.0], shape: [3, 2], dtype: .float32)
    }

    @Test func whereSelects() {
        // torch.where(torch.tensor([True, False, True]), torch.tensor([1., 2., 3.]), torch.tensor([-1., -2., -3.]))
        expectTensor(Tensor.where(Tensor([true, false, true]), Tensor([1.0, 2.0, 3.0]), Tensor([-1.0, -2.0, -3.0])),
                     [1, -2, 3], shape: [3], dtype: .float32)
        // torch.where(torch.tensor([[True], [False]]), torch.tensor([1, 2]), 0.5)  -> float32 [2, 2]
        expectTensor(Tensor.where(Tensor([[true], [false]]), Tensor([1, 2]), 0.5), [1, 2, 0.5, 0.5], shape: [2, 2], dtype: .float32)
        // torch.where(torch.tensor([True, False]), 7, torch.tensor([1.5, 2.5]))
        expectTensor(Tensor.where(Tensor([true, false]), 7, Tensor([1.5, 2.5])), [7, 2.5], shape: [2], dtype: .float32)
        // torch.where(torch.tensor([1, 0], dtype=torch.uint8), torch.tensor([1, 2]), torch.tensor([3, 4]))  (deprecated uint8 mask)
        expectExact(Tensor.where(Tensor([1, 0], dtype: .uint8), Tensor([1, 2]), Tensor([3, 4])), [1, 4], shape: [2], dtype: .int64)
        // torch.where(t > 2, t, -t)  (non-contiguous operands)
        let w = Tensor.where(t .> 2, t, -t)
        expectTensor(w, [-0.0, 3.0, -1.0, 4.0, -2.0, 5.0], shape: [3, 2], dtype: .float32)
        #expect(signBits(w)[0])
    }
}
