import Testing
import EmberNN

// Values recorded from PyTorch 2.15 (the snippet above each check).

@Suite struct PoolTests {
    /// (torch.arange(100.).reshape(2,2,5,5) * 7 % 11): many ties, so the first maximum must win.
    static func tiedInput() -> Tensor {
        (Tensor.arange(100, dtype: .float32).reshape(2, 2, 5, 5) * 7 % 11).requiresGrad_()
    }

    @Test func maxPool2dWithPaddingRoutesGradToFirstMax() {
        // y = F.max_pool2d(x, 3, stride=2, padding=1); y.backward(torch.arange(36.).reshape(y.shape) + 1)
        let x = Self.tiedInput()
        let y = maxPool2d(x, kernelSize: 3, stride: 2, padding: 1)
        y.backward(Tensor.arange(36, dtype: .float32).reshape(y.shape) + 1)
        expectValues(y, [9, 10, 10, 9, 9, 10, 8, 9, 7, 10, 9, 9, 10, 10, 9, 7, 10, 6, 9, 10, 10, 9, 10, 10, 6, 9, 10, 10, 9, 9, 10, 10, 9, 10, 10, 9],
                     shape: [2, 2, 3, 3])
        expectValues(x.grad, [0, 0, 0, 5, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 8, 0, 0, 7, 0, 0, 9, 0, 10, 0, 0, 23, 0, 0, 0, 0, 0, 0, 0, 27, 0, 0, 15, 0, 0, 0, 0, 0, 16, 0, 17, 18, 0, 19, 0, 0, 0, 0, 0, 0, 0, 88, 0, 0, 22, 0, 0, 0, 0, 0, 0, 0, 27, 25, 0, 26, 0, 0, 0, 0, 0, 0, 0, 59, 0, 0, 92, 0, 0, 0, 0, 0, 0, 0, 101, 0, 0, 36, 0, 0, 0, 0, 0],
                     shape: [2, 2, 5, 5])
    }

    @Test func maxPool2dCeilModeWithIndices() {
        // y, idx = F.max_pool2d(x, 2, stride=2, ceil_mode=True, return_indices=True); y.sum().backward()
        let x = Self.tiedInput()
        let (y, idx) = maxPool2dWithIndices(x, kernelSize: 2, stride: 2, ceilMode: true)
        y.sum().backward()
        expectValues(y, [9, 10, 8, 6, 9, 10, 8, 7, 3, 10, 9, 7, 10, 8, 9, 7, 10, 2, 9, 10, 6, 9, 7, 10, 6, 9, 1, 10, 9, 5, 10, 6, 9, 5, 8, 0],
                     shape: [2, 2, 3, 3])
        #expect(idx.dtype == .int64)
        #expect(idx.toArray(Int64.self) == [6, 3, 9, 15, 17, 14, 20, 23, 24, 0, 3, 9, 11, 17, 14, 20, 22, 24, 0, 8, 9, 11, 17, 19, 20, 22, 24, 5, 8, 9, 16, 17, 19, 20, 22, 24])
        expectValues(x.grad, [0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1],
                     shape: [2, 2, 5, 5])
    }

    @Test func maxPool2dDilationOverlappingWindows() {
        // x = (torch.arange(36.).reshape(1,1,6,6) / 5).sin().requires_grad_()
        // y = F.max_pool2d(x, (2,3), stride=(1,2), dilation=(2,1)); y.sum().backward()
        let x = (Tensor.arange(36, dtype: .float32).reshape(1, 1, 6, 6) / 5).sin().requiresGrad_()
        let y = maxPool2d(x, kernelSize: [2, 3], stride: [1, 2], dilation: [2, 1])
        y.sum().backward()
        expectValues(y, [0.6754631, 0.7173561, 0.9995736, 0.9995736, 0.6754631, 0.3349882, 0.1165493, 0.4941135], shape: [1, 1, 4, 2])
        expectValues(x.grad, [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0],
                     shape: [1, 1, 6, 6])
    }

    @Test func maxPool1dCeilMode() {
        // x = (torch.arange(54.).reshape(2,3,9) / 4).cos().requires_grad_()
        // y = F.max_pool1d(x, 3, stride=2, padding=1, ceil_mode=True); y.sum().backward()
        let x = (Tensor.arange(54, dtype: .float32).reshape(2, 3, 9) / 4).cos().requiresGrad_()
        let y = maxPool1d(x, kernelSize: 3, stride: 2, padding: 1, ceilMode: true)
        y.sum().backward()
        expectValues(y, [1, 0.9689124, 0.7316889, 0.3153224, -0.1782461, -0.6281736, -0.8011436, -0.9364567, -0.6536436, -0.4460875, 0.03760215, 0.5120855, 0.8611924, 0.9994494, 0.9994494, 0.8930063, 0.7539023, 0.3466353, -0.1455, -0.6020119, -0.9111302, -0.9475798, -0.6783938, -0.2431134, 0.004425698, 0.4833048, 0.843854, 0.9977983, 0.9977983, 0.9074468],
                     shape: [2, 3, 5])
        expectValues(x.grad, [1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 2, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 2, 0, 1, 0],
                     shape: [2, 3, 9])
        // Unbatched [C, L] works too.
        #expect(maxPool1d(Tensor.ones(3, 8), kernelSize: 2).shape == [3, 4])
    }

    @Test func avgPool2dPaddingCountsPad() {
        // x = (torch.arange(50.).reshape(1,2,5,5) / 3).requires_grad_()
        // y = F.avg_pool2d(x, 3, stride=2, padding=1); y.backward(torch.arange(18.).reshape(y.shape) + 1)
        let x = (Tensor.arange(50, dtype: .float32).reshape(1, 2, 5, 5) / 3).requiresGrad_()
        let y = avgPool2d(x, kernelSize: 3, stride: 2, padding: 1)
        y.backward(Tensor.arange(18, dtype: .float32).reshape(y.shape) + 1)
        expectValues(y, [0.4444444, 1, 0.8888889, 2.333333, 4, 3, 2.666667, 4.333333, 3.111111, 4.148148, 6.555555, 4.592592, 7.888889, 12.33333, 8.555555, 6.37037, 9.888889, 6.814815],
                     shape: [1, 2, 3, 3])
        expectValues(x.grad, [0.1111111, 0.3333333, 0.2222222, 0.5555556, 0.3333333, 0.5555556, 1.333333, 0.7777778, 1.777778, 1, 0.4444444, 1, 0.5555556, 1.222222, 0.6666667, 1.222222, 2.666667, 1.444444, 3.111111, 1.666667, 0.7777778, 1.666667, 0.8888889, 1.888889, 1, 1.111111, 2.333333, 1.222222, 2.555556, 1.333333, 2.555556, 5.333333, 2.777778, 5.777778, 3, 1.444444, 3, 1.555556, 3.222222, 1.666667, 3.222222, 6.666667, 3.444444, 7.111111, 3.666667, 1.777778, 3.666667, 1.888889, 3.888889, 2],
                     shape: [1, 2, 5, 5])
    }

    @Test func avgPool2dDivisors() {
        let x = Tensor.arange(50, dtype: .float32).reshape(1, 2, 5, 5) / 3
        // F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        expectValues(avgPool2d(x, kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
                     [1, 1.5, 2, 3.5, 4, 4.5, 6, 6.5, 7, 9.333333, 9.833333, 10.33333, 11.83333, 12.33333, 12.83333, 14.33333, 14.83333, 15.33333],
                     shape: [1, 2, 3, 3])
        // F.avg_pool2d(x, 2, stride=2, padding=1, ceil_mode=True)   # the last window is clipped to the padded input
        expectValues(avgPool2d(x, kernelSize: 2, stride: 2, padding: 1, ceilMode: true),
                     [0, 0.25, 0.5833334, 1.25, 3, 3.666667, 2.916667, 6.333333, 7, 2.083333, 4.416667, 4.75, 5.416667, 11.33333, 12, 7.083333, 14.66667, 15.33333],
                     shape: [1, 2, 3, 3])
        // F.avg_pool2d(x, 2, divisor_override=3)
        expectValues(avgPool2d(x, kernelSize: 2, divisorOverride: 3),
                     [1.333333, 2.222222, 5.777778, 6.666667, 12.44444, 13.33333, 16.88889, 17.77778], shape: [1, 2, 2, 2])
    }

    @Test func avgPool1dExcludingPad() {
        // x = torch.arange(28.).reshape(2,2,7).requires_grad_()
        // y = F.avg_pool1d(x, 3, stride=2, padding=1, count_include_pad=False); y.sum().backward()
        let x = Tensor.arange(28, dtype: .float32).reshape(2, 2, 7).requiresGrad_()
        let y = avgPool1d(x, kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)
        y.sum().backward()
        expectValues(y, [0.5, 2, 4, 5.5, 7.5, 9, 11, 12.5, 14.5, 16, 18, 19.5, 21.5, 23, 25, 26.5], shape: [2, 2, 4])
        expectValues(x.grad, [0.5, 0.8333334, 0.3333333, 0.6666667, 0.3333333, 0.8333334, 0.5, 0.5, 0.8333334, 0.3333333, 0.6666667, 0.3333333, 0.8333334, 0.5, 0.5, 0.8333334, 0.3333333, 0.6666667, 0.3333333, 0.8333334, 0.5, 0.5, 0.8333334, 0.3333333, 0.6666667, 0.3333333, 0.8333334, 0.5],
                     shape: [2, 2, 7])
    }

    @Test func adaptiveAveragePooling() {
        // x = (torch.arange(70.).reshape(1,2,5,7) / 6).sin().requires_grad_()
        // y = F.adaptive_avg_pool2d(x, (3, 4)); y.backward(torch.arange(24.).reshape(y.shape) / 10)
        let x = (Tensor.arange(70, dtype: .float32).reshape(1, 2, 5, 7) / 6).sin().requiresGrad_()
        let y = adaptiveAvgPool2d(x, outputSize: [3, 4])
        y.backward(Tensor.arange(24, dtype: .float32).reshape(y.shape) / 10)
        expectValues(y, [0.5143198, 0.6562262, 0.7847354, 0.8296514, 0.3934801, 0.2697808, 0.08325771, -0.06420437, -0.7109276, -0.7910261, -0.8263362, -0.7975708, 0.1789228, 0.3721509, 0.5932822, 0.7215275, 0.5474851, 0.47109, 0.3289488, 0.1987034, -0.4524813, -0.6075376, -0.7576459, -0.8208125],
                     shape: [1, 2, 3, 4])
        expectValues(x.grad, [0, 0.01666667, 0.01666667, 0.05, 0.03333334, 0.1083333, 0.075, 0.06666667, 0.1388889, 0.07222223, 0.1722222, 0.1, 0.2916667, 0.1916667, 0.06666667, 0.1222222, 0.05555556, 0.1222222, 0.06666667, 0.1833333, 0.1166667, 0.2666667, 0.4722222, 0.2055555, 0.4388889, 0.2333333, 0.625, 0.3916667, 0.2, 0.35, 0.15, 0.3166667, 0.1666667, 0.4416667, 0.275, 0.3, 0.5166667, 0.2166667, 0.45, 0.2333333, 0.6083333, 0.375, 0.5666667, 0.9722222, 0.4055555, 0.8388889, 0.4333333, 1.125, 0.6916667, 0.2666667, 0.4555556, 0.1888889, 0.3888889, 0.2, 0.5166667, 0.3166667, 0.7666667, 1.305556, 0.5388889, 1.105556, 0.5666667, 1.458333, 0.8916667, 0.5, 0.85, 0.35, 0.7166667, 0.3666667, 0.9416667, 0.575],
                     shape: [1, 2, 5, 7])
        // F.adaptive_avg_pool2d(x, 1)
        expectValues(adaptiveAvgPool2d(x, outputSize: 1), [0.02322756, 0.05263716], shape: [1, 2, 1, 1])
        // F.adaptive_avg_pool2d(torch.arange(16.).reshape(1,4,4), 2)
        expectValues(adaptiveAvgPool2d(Tensor.arange(16, dtype: .float32).reshape(1, 4, 4), outputSize: 2), [2.5, 4.5, 10.5, 12.5], shape: [1, 2, 2])
    }

    // MARK: gradcheck (float64)

    @Test func poolingGradcheck() throws {
        // Distinct values (no ties within a window), so max pooling is differentiable here.
        let x = (Tensor.arange(2 * 2 * 5 * 6, dtype: .float64).reshape(2, 2, 5, 6) * 0.37).sin().requiresGrad_()
        try gradcheck({ maxPool2d($0[0], kernelSize: 3, stride: 2, padding: 1, ceilMode: true) }, [x])
        try gradcheck({ maxPool2d($0[0], kernelSize: [2, 3], stride: 1, dilation: [2, 1]) }, [x])
        try gradcheck({ avgPool2d($0[0], kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false) }, [x])
        try gradcheck({ adaptiveAvgPool2d($0[0], outputSize: [3, 4]) }, [x])
        let x1 = (Tensor.arange(2 * 3 * 7, dtype: .float64).reshape(2, 3, 7) * 0.61).cos().requiresGrad_()
        try gradcheck({ maxPool1d($0[0], kernelSize: 3, stride: 2, padding: 1) }, [x1])
        try gradcheck({ avgPool1d($0[0], kernelSize: 2, stride: 1, padding: 1) }, [x1])
    }

    // MARK: errors

    @Test func maxPool2dErrors() async {
        // F.max_pool2d(torch.ones(1,1,4,4), 2, padding=2)
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = maxPool2d(Tensor.ones(1, 1, 4, 4), kernelSize: 2, padding: 2)
        }
        #expect(stderrText(r1).contains("pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"))
        // F.max_pool2d(torch.ones(1,1,1,1), 2)
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = maxPool2d(Tensor.ones(1, 1, 1, 1), kernelSize: 2)
        }
        #expect(stderrText(r2).contains("Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small"))
        // F.max_pool2d(torch.ones(2,3), 2)
        let r3 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = maxPool2d(Tensor.ones(2, 3), kernelSize: 2)
        }
        #expect(stderrText(r3).contains("non-empty 3D or 4D (batch mode) tensor expected for input"))
    }

    @Test func pool1dErrors() async {
        // F.max_pool1d(torch.ones(2,3,4,5), 2)
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = maxPool1d(Tensor.ones(2, 3, 4, 5), kernelSize: 2)
        }
        #expect(stderrText(r1).contains("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 4, 5]"))
        // F.avg_pool1d(torch.ones(2,3,4,5), 2)
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = avgPool1d(Tensor.ones(2, 3, 4, 5), kernelSize: 2)
        }
        #expect(stderrText(r2).contains("Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)"))
    }

    @Test func adaptiveAvgPoolError() async {
        // F.adaptive_avg_pool2d(torch.ones(3), 2)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = adaptiveAvgPool2d(Tensor.ones(3), outputSize: 2)
        }
        #expect(stderrText(r).contains("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [3]"))
    }
}

extension PoolTests {
    @Suite struct Modules {
        @Test func descriptionsMatchPyTorch() {
            // print(nn.MaxPool2d(2)); print(nn.MaxPool2d((2,3), stride=1, padding=1, dilation=2, ceil_mode=True))
            #expect(MaxPool2d(kernelSize: 2).description == "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
            #expect(MaxPool2d(kernelSize: [2, 3], stride: 1, padding: 1, dilation: 2, ceilMode: true).description
                    == "MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)")
            // print(nn.MaxPool1d(2))
            #expect(MaxPool1d(kernelSize: 2).description == "MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
            // print(nn.AvgPool2d(2)); print(nn.AvgPool1d(2)); print(nn.AvgPool1d(3, 2, 1, True, False))
            #expect(AvgPool2d(kernelSize: 2).description == "AvgPool2d(kernel_size=2, stride=2, padding=0)")
            #expect(AvgPool1d(kernelSize: 2).description == "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))")
            #expect(AvgPool1d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false).description
                    == "AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))")
            // print(nn.AdaptiveAvgPool2d(1)); print(nn.AdaptiveAvgPool2d((2,3)))
            #expect(AdaptiveAvgPool2d(1).description == "AdaptiveAvgPool2d(output_size=1)")
            #expect(AdaptiveAvgPool2d([2, 3]).description == "AdaptiveAvgPool2d(output_size=(2, 3))")
            #expect(MaxPool2d(kernelSize: 2).stateDict().isEmpty)
        }

        @Test func modulesMatchFunctional() {
            let x = (Tensor.arange(2 * 3 * 7 * 6, dtype: .float32).reshape(2, 3, 7, 6) * 0.37).sin()
            #expect(MaxPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true)(x)
                .equal(maxPool2d(x, kernelSize: 3, stride: 2, padding: 1, ceilMode: true)))
            #expect(AvgPool2d(kernelSize: 2, countIncludePad: false)(x).equal(avgPool2d(x, kernelSize: 2)))
            #expect(AdaptiveAvgPool2d([3, 2])(x).shape == [2, 3, 3, 2])
            let x1 = x.reshape(2, 3, 42)
            #expect(MaxPool1d(kernelSize: 4, stride: 3)(x1).equal(maxPool1d(x1, kernelSize: 4, stride: 3)))
            #expect(AvgPool1d(kernelSize: 4)(x1).shape == [2, 3, 10])
            #expect(AdaptiveAvgPool1d(5)(x1).shape == [2, 3, 5])
        }
    }
}
