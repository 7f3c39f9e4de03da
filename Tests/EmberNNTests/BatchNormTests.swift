import Testing
import EmberNN

// Values recorded from PyTorch 2.15 (the snippet above each check).

@Suite struct BatchNormTests {
    static func input() -> Tensor {
        // (torch.arange(24.).reshape(2,3,2,2) / 5).sin().mul(3)
        ((Tensor.arange(24, dtype: .float32).reshape(2, 3, 2, 2) / 5).sin() * 3).requiresGrad_()
    }

    @Test func functionalTrainingThenEval() {
        // w = torch.tensor([1.0, 2.0, -0.5], requires_grad=True); b = torch.tensor([0.0, 0.1, 0.2], requires_grad=True)
        // rm = torch.tensor([0.1, 0.2, 0.3]); rv = torch.tensor([1.0, 2.0, 0.5])
        // y = F.batch_norm(x, rm, rv, weight=w, bias=b, training=True, momentum=0.2)
        // y.backward(torch.arange(24.).reshape(y.shape).cos())
        let x = Self.input()
        let w = Tensor([1.0, 2.0, -0.5], requiresGrad: true), b = Tensor([0.0, 0.1, 0.2], requiresGrad: true)
        let rm = Tensor([0.1, 0.2, 0.3]), rv = Tensor([1.0, 2.0, 0.5])
        let g = Tensor.arange(24, dtype: .float32).reshape(2, 3, 2, 2).cos()
        let y = batchNorm(x, runningMean: rm, runningVar: rv, weight: w, bias: b, training: true, momentum: 0.2)
        y.backward(g)
        expectValues(y, [-1.638625, -0.7150297, 0.1717445, 0.986345, 1.547493, 1.943337, 2.23219, 2.402535, -0.3400496, -0.325943, -0.2905475, -0.2352742, 1.501539, 0.7578927, -0.08129619, -0.9825711, -0.9265753, -1.555408, -2.151748, -2.691823, 0.6230419, 0.6859766, 0.7298584, 0.7529374],
                     shape: [2, 3, 2, 2], atol: 1e-5, rtol: 1e-4)
        expectValues(x.grad, [1.183595, 0.5397055, -0.8766971, -1.705555, -0.955335, 0.03387679, 0.7477907, 0.5253841, -0.05726811, 0.08273757, 0.06972662, -0.08419804, 1.174434, 1.217847, -0.03868876, -1.49464, -1.23322, -0.4961309, 0.509314, 0.8683203, -0.1540995, 0.02088813, 0.1037453, 0.01846801],
                     shape: [2, 3, 2, 2], atol: 1e-5, rtol: 1e-4)
        expectValues(w.grad, [-0.3827436, 0.275677, -0.09889819], shape: [3], atol: 1e-5, rtol: 1e-4)
        expectValues(b.grad, [1.262513, 1.76029, -3.563717], shape: [3], atol: 1e-5, rtol: 1e-4)
        // rm, rv after the call: updated in place, rv with the unbiased batch variance
        expectValues(rm, [0.2914852, 0.3181017, 0.2488158], shape: [3])
        expectValues(rv, [0.8951815, 2.40895, 2.110424], shape: [3], rtol: 1e-5)

        // y = F.batch_norm(x, rm, rv, weight=w, bias=b, training=False); y.backward(...)
        x.grad = nil
        w.grad = nil
        let e = batchNorm(x, runningMean: rm, runningVar: rv, weight: w, bias: b, training: false)
        e.backward(g)
        expectValues(e, [-0.3080765, 0.3218561, 0.9266753, 1.482269, 2.463234, 2.943034, 3.29315, 3.499623, -0.7464589, -0.7198959, -0.6532454, -0.5491647, 1.833654, 1.326454, 0.7540904, 0.139381, -0.5355646, -1.297768, -2.020587, -2.675207, 1.067063, 1.185571, 1.268201, 1.311659],
                     shape: [2, 3, 2, 2], rtol: 1e-4)
        expectValues(x.grad, [1.05692, 0.5710562, -0.4398338, -1.046343, -0.8422795, 0.3655247, 1.237267, 0.971472, 0.05007802, 0.3135917, 0.2887906, -0.001523231, 0.8918859, 0.9590985, 0.1445203, -0.8029292, -1.234032, -0.3545731, 0.8508784, 1.274036, -0.1404532, 0.1885168, 0.3441653, 0.1833898],
                     shape: [2, 3, 2, 2], rtol: 1e-4)
        expectValues(w.grad, [0.7610042, 0.8699248, 0.3160146], shape: [3], rtol: 1e-4)
        // The running stats are not updated in eval.
        expectValues(rm, [0.2914852, 0.3181017, 0.2488158], shape: [3])
    }

    @Test func functionalWithoutStats() {
        // F.batch_norm(torch.arange(12.).reshape(4,3) ** 1.5, None, None, training=True)
        let x = Tensor.arange(12, dtype: .float32).reshape(4, 3) ** 1.5
        expectValues(batchNorm(x, runningMean: nil, runningVar: nil, training: true),
                     [-1.141009, -1.193667, -1.222108, -0.6352751, -0.5875582, -0.5615216, 0.2894226, 0.3233591, 0.3438731, 1.486862, 1.457866, 1.439756],
                     shape: [4, 3], rtol: 1e-4)
    }

    @Test func batchNorm2dModuleCumulativeAverageAndEval() {
        // m = nn.BatchNorm2d(2, momentum=None)
        // x1 = torch.arange(16.).reshape(2,2,2,2).sin() * 2; x2 = torch.arange(16.).reshape(2,2,2,2).cos() + 1
        // m(x1); m(x2); m.running_mean, m.running_var, m.num_batches_tracked; m.eval(); m(x1)
        let m = BatchNorm2d(2, momentum: nil)
        let x1 = Tensor.arange(16, dtype: .float32).reshape(2, 2, 2, 2).sin() * 2
        let x2 = Tensor.arange(16, dtype: .float32).reshape(2, 2, 2, 2).cos() + 1
        _ = m(x1)
        _ = m(x2)
        expectValues(m.runningMean, [0.6088496, 0.6778193], shape: [2])
        expectValues(m.runningVar, [1.291587, 1.345027], shape: [2], rtol: 1e-5)
        #expect(m.numBatchesTracked?.dtype == .int64)
        #expect(m.numBatchesTracked?.item(Int64.self) == 2)
        m.eval()
        expectValues(m(x1), [-0.5357307, 0.9451008, 1.064463, -0.2873859, -1.889554, -2.238113, -1.066301, 0.5485234, 1.205355, 0.1895207, -1.493106, -2.295527, -1.509769, 0.1401283, 1.123852, 0.5369714],
                     shape: [2, 2, 2, 2], rtol: 1e-4)
        #expect(m.numBatchesTracked?.item(Int64.self) == 2)
    }

    @Test func batchNorm1dModule() {
        // m = nn.BatchNorm1d(3); y = m(torch.arange(12.).reshape(4,3) ** 1.5); m.running_mean, m.running_var
        let m = BatchNorm1d(3)
        let y = m(Tensor.arange(12, dtype: .float32).reshape(4, 3) ** 1.5)
        expectValues(y, [-1.141009, -1.193667, -1.222108, -0.6352751, -0.5875582, -0.5615216, 0.2894226, 0.3233591, 0.3438731, 1.486862, 1.457866, 1.439756],
                     shape: [4, 3], rtol: 1e-4)
        expectValues(m.runningMean, [1.172327, 1.478576, 1.827976], shape: [3], rtol: 1e-5)
        expectValues(m.runningVar, [14.97532, 18.68418, 22.21336], shape: [3], rtol: 1e-5)
        // nn.BatchNorm1d(3, track_running_stats=False).eval() still uses batch statistics
        let untracked = BatchNorm1d(3, trackRunningStats: false)
        untracked.eval()
        expectValues(untracked(Tensor.arange(12, dtype: .float32).reshape(4, 3) ** 1.5),
                     [-1.141009, -1.193667, -1.222108, -0.6352751, -0.5875582, -0.5615216, 0.2894226, 0.3233591, 0.3438731, 1.486862, 1.457866, 1.439756],
                     shape: [4, 3], rtol: 1e-4)
    }

    @Test func stateDictKeysAndDescription() {
        // list(nn.BatchNorm2d(6).state_dict().keys())
        let m = BatchNorm2d(6)
        #expect(Array(m.stateDict().keys) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        #expect(m.parameters().count == 2)
        #expect(m.buffers().count == 3)
        // nn.BatchNorm2d(6, affine=False, track_running_stats=False).state_dict()
        #expect(BatchNorm2d(6, affine: false, trackRunningStats: false).stateDict().isEmpty)
        // print(nn.BatchNorm2d(6)); print(nn.BatchNorm1d(6, eps=1e-3, momentum=None, affine=False, track_running_stats=False))
        #expect(m.description == "BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)")
        #expect(BatchNorm1d(6, eps: 1e-3, momentum: nil, affine: false, trackRunningStats: false).description
                == "BatchNorm1d(6, eps=0.001, momentum=None, affine=False, bias=False, track_running_stats=False)")
    }

    @Test func batchNormGradcheck() throws {
        let x = (Tensor.arange(3 * 2 * 2 * 3, dtype: .float64).reshape(3, 2, 2, 3) * 0.7).sin().requiresGrad_()
        let w = Tensor([1.5, -0.5], dtype: .float64, requiresGrad: true)
        let b = Tensor([0.2, 0.3], dtype: .float64, requiresGrad: true)
        try gradcheck({ batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true) }, [x, w, b])
        let rm = Tensor([0.1, -0.2], dtype: .float64), rv = Tensor([0.5, 2.0], dtype: .float64)
        try gradcheck({ batchNorm($0[0], runningMean: rm, runningVar: rv, weight: $0[1], bias: $0[2]) }, [x, w, b])
        let m = BatchNorm2d(2, dtype: .float64)
        try gradcheck({ m($0[0]) }, [x])
    }

    // MARK: errors

    @Test func trainingNeedsMoreThanOneValuePerChannel() async {
        // F.batch_norm(torch.ones(1,3), torch.zeros(3), torch.ones(3), training=True)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = batchNorm(Tensor.ones(1, 3), runningMean: Tensor.zeros(3), runningVar: Tensor.ones(3), training: true)
        }
        #expect(stderrText(r).contains("Expected more than 1 value per channel when training, got input size torch.Size([1, 3])"))
    }

    @Test func runningStatsSizeMismatch() async {
        // nn.BatchNorm2d(3)(torch.ones(2,4,2,2))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BatchNorm2d(3)(Tensor.ones(2, 4, 2, 2))
        }
        #expect(stderrText(r).contains("running_mean should contain 4 elements not 3"))
        #expect(stderrText(r).contains("BatchNormTests.swift:"))
    }

    @Test func moduleInputRank() async {
        // nn.BatchNorm2d(3)(torch.ones(2,3))
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BatchNorm2d(3)(Tensor.ones(2, 3))
        }
        #expect(stderrText(r1).contains("expected 4D input (got 2D input)"))
        // nn.BatchNorm1d(3)(torch.ones(2,3,4,5))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BatchNorm1d(3)(Tensor.ones(2, 3, 4, 5))
        }
        #expect(stderrText(r2).contains("expected 2D or 3D input (got 4D input)"))
    }
}
