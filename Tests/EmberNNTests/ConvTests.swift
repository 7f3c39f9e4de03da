import Testing
import EmberNN

// Values recorded from PyTorch 2.15 (the snippet above each check); float32 unless noted.

@Suite struct ConvTests {
    @Test func conv2dPaddingForwardAndGradients() {
        // x = (torch.arange(50.).reshape(1,2,5,5) / 10).requires_grad_()
        // w = (torch.arange(54.).reshape(3,2,3,3) / 100 - 0.2).requires_grad_()
        // b = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
        // y = F.conv2d(x, w, bias=b, padding=1); y.backward(torch.arange(75.).reshape(y.shape) / 50 - 0.5)
        let x = (Tensor.arange(50, dtype: .float32).reshape(1, 2, 5, 5) / 10).requiresGrad_()
        let w = (Tensor.arange(54, dtype: .float32).reshape(3, 2, 3, 3) / 100 - 0.2).requiresGrad_()
        let b = Tensor([0.1, -0.2, 0.3], requiresGrad: true)
        let y = conv2d(x, w, bias: b, padding: 1)
        y.backward(Tensor.arange(75, dtype: .float32).reshape(y.shape) / 50 - 0.5)
        expectValues(y, [-0.596, -1.092, -1.212, -1.332, -0.972, -1.478, -2.525, -2.732, -2.939, -2.126, -2.138, -3.56, -3.767, -3.974, -2.846, -2.798, -4.594999, -4.802001, -5.009, -3.566, -2.468, -4.008, -4.164, -4.32, -3.036, 1.336, 2.064, 2.16, 2.256, 1.392, 2.11, 3.169, 3.286, 3.403, 2.11, 2.53, 3.753999, 3.871, 3.988, 2.47, 2.95, 4.339, 4.456, 4.573, 2.83, 1.624, 2.388, 2.448, 2.508, 1.488, 4.068, 6.02, 6.332, 6.644, 4.556, 6.498, 9.662999, 10.104, 10.545, 7.146, 7.998, 11.868, 12.309, 12.75, 8.586, 9.498, 14.073, 14.514, 14.955, 10.026, 6.516, 9.584, 9.86, 10.136, 6.812],
                     shape: [1, 3, 5, 5], rtol: 1e-5)
        expectValues(x.grad, [0.7104, 1.0704, 1.0722, 1.074, 0.7248, 1.0728, 1.6272, 1.638, 1.6488, 1.1196, 1.0998, 1.6812, 1.692, 1.7028, 1.1646, 1.1268, 1.7352, 1.746, 1.7568, 1.2096, 0.8399999, 1.2972, 1.3098, 1.3224, 0.912, 0.7752, 1.1838, 1.218, 1.2522, 0.8543999, 1.251, 1.9188, 1.9782, 2.0376, 1.395, 1.44, 2.2158, 2.2752, 2.3346, 1.602, 1.629, 2.5128, 2.5722, 2.6316, 1.809, 1.2288, 1.8966, 1.9416, 1.9866, 1.3656],
                     shape: [1, 2, 5, 5])
        expectValues(w.grad, [-1.84, -2.66, -2.48, -3.7, -5.2, -4.7, -5.68, -7.66, -6.64, -9.84, -13.16, -11.28, -16.2, -21.45, -18.2, -17.68, -23.16, -19.44, 5.36, 6.84, 5.52, 7.8, 9.800001, 7.8, 5.52, 6.84, 5.36, 17.36, 21.34, 16.72, 20.3, 24.8, 19.3, 13.52, 16.34, 12.56, 12.56, 16.34, 13.52, 19.3, 24.8, 20.3, 16.72, 21.34, 17.36, 44.56, 55.84, 44.72, 56.8, 71.05, 56.8, 44.72, 55.84, 44.56],
                     shape: [3, 2, 3, 3], atol: 1e-4)
        expectValues(b.grad, [-6.5, 6, 18.5], shape: [3], atol: 1e-4)
    }

    @Test func conv2dStrideDilationGroups() {
        // x = (torch.arange(336.).reshape(2,4,6,7) / 100).sin().requires_grad_()
        // w = (torch.arange(48.).reshape(4,2,3,2) / 10).cos().requires_grad_()
        // y = F.conv2d(x, w, stride=2, padding=(1,2), dilation=(2,1), groups=2)
        // y.backward((torch.arange(80.).reshape(y.shape) / 7).sin())
        let x = (Tensor.arange(336, dtype: .float32).reshape(2, 4, 6, 7) / 100).sin().requiresGrad_()
        let w = (Tensor.arange(48, dtype: .float32).reshape(4, 2, 3, 2) / 10).cos().requiresGrad_()
        let y = conv2d(x, w, stride: 2, padding: [1, 2], dilation: [2, 1], groups: 2)
        y.backward((Tensor.arange(80, dtype: .float32).reshape(y.shape) / 7).sin())
        expectValues(y, [0, 1.743519, 1.856119, 1.967978, 1.080808, 0, 3.419146, 3.593213, 3.765842, 2.03177, 0, -1.199159, -1.233605, -1.267557, -0.5778724, 0, -1.644649, -1.672441, -1.699565, -0.7372517, 0, -6.885403, -6.937288, -6.986398, -3.4988, 0, -10.34332, -10.40282, -10.45817, -5.2033, 0, -2.898055, -2.930781, -2.962335, -1.652309, 0, -5.351128, -5.400404, -5.447521, -2.969438, 0, 5.424189, 5.376133, 5.325928, 2.735264, 0, 8.313411, 8.22473, 8.132763, 4.138869, 0, -1.593378, -1.56544, -1.536876, -0.6013022, 0, -1.218544, -1.182541, -1.146064, -0.3326565, 0, -1.896985, -1.753922, -1.610157, -0.7342978, 0, -1.933339, -1.720622, -1.507215, -0.6436081, 0, -1.339637, -1.278128, -1.216106, -0.6127893, 0, -1.919288, -1.80704, -1.694067, -0.823835],
                     shape: [2, 4, 2, 5], atol: 1e-5, rtol: 1e-5)
        // x.grad[0, 0, 1] and x.grad[1, 3, 5] (rows 0, 2, 4 get no gradient: stride 2 with dilation 2)
        expectValues(x.grad![0, 0, 1], [1.33911, 1.16095, 1.522942, 1.351509, 1.675747, 1.514534, 1.794412], shape: [7])
        expectValues(x.grad![1, 3, 5], [0.1147475, 0.015823, 0.2534252, 0.1492287, 0.3869405, 0.279595, 0.5125718], shape: [7])
        expectValues(x.grad![.all, .all, 0], Array(repeating: 0, count: 56), shape: [2, 4, 7])
        expectValues(w.grad, [2.210357, 1.470053, 1.949491, 1.040756, 2.521187, 1.45004, 3.258238, 2.251797, 3.506354, 2.176032, 3.900547, 2.478534, 3.839734, 2.984124, 8.027715, 6.090622, 8.521698, 6.489633, 4.154269, 3.274419, 9.003003, 6.901364, 8.980907, 6.906027, -2.677606, -1.792915, -2.068613, -1.086827, -2.368263, -1.340666, -2.809248, -1.950656, -2.823579, -1.765188, -2.970336, -1.927563, -4.505781, -3.503825, -8.999806, -6.820602, -8.55042, -6.502069, -3.484273, -2.748979, -7.161771, -5.492028, -6.249681, -4.820285],
                     shape: [4, 2, 3, 2], atol: 1e-5, rtol: 1e-5)
    }

    @Test func conv2dSamePaddingEvenKernel() {
        // x = (torch.arange(20.).reshape(1,1,4,5) / 3).cos().requires_grad_()
        // w = (torch.arange(16.).reshape(2,1,2,4) / 5 - 0.8).requires_grad_()
        // y = F.conv2d(x, w, padding="same"); y.sum().backward()   # extra padding goes after
        let x = (Tensor.arange(20, dtype: .float32).reshape(1, 1, 4, 5) / 3).cos().requiresGrad_()
        let w = (Tensor.arange(16, dtype: .float32).reshape(2, 1, 2, 4) / 5 - 0.8).requiresGrad_()
        let y = conv2d(x, w, padding: "same")
        y.sum().backward()
        expectValues(y, [-1.735218, -2.682518, -2.578544, -1.620849, -0.7713829, -0.5725912, 0.1238948, 0.9949316, 1.389908, 1.296316, 1.844839, 2.658798, 2.388067, 1.354755, 0.523207, -0.566098, -1.094404, -1.538797, -1.628316, -1.367382, 0.7099266, -0.7958119, -3.346288, -3.234689, -2.53743, -6.497764, -7.81627, -6.878515, -4.433245, -2.375795, 0.5340518, 2.292214, 4.66316, 4.08342, 2.992269, 2.124081, 3.132047, 3.831784, 2.811379, 1.766879],
                     shape: [1, 2, 4, 5])
        expectValues(x.grad, [0.3999999, 1.2, 2.4, 2.4, 2.4, 4, 7.2, 11.2, 11.2, 9.6, 4, 7.2, 11.2, 11.2, 9.6, 4, 7.2, 11.2, 11.2, 9.6],
                     shape: [1, 1, 4, 5])
        expectValues(w.grad, [0.9500763, 1.148358, 0.9420929, 0.6967661, -2.32107, -2.358027, -1.564291, -0.8646615, 0.9500763, 1.148358, 0.9420929, 0.6967661, -2.32107, -2.358027, -1.564291, -0.8646615],
                     shape: [2, 1, 2, 4])
        // padding="valid" is no padding.
        #expect(conv2d(x, w, padding: "valid").shape == [1, 2, 3, 2])
    }

    @Test func conv1dForwardAndGradients() {
        // x = (torch.arange(48.).reshape(2,3,8) / 9).sin().requires_grad_()
        // w = (torch.arange(36.).reshape(4,3,3) / 11).cos().requires_grad_()
        // b = torch.tensor([0.5, -0.5, 0.25, 0.0], requires_grad=True)
        // y = F.conv1d(x, w, bias=b, stride=2, padding=1); y.backward((torch.arange(32.).reshape(y.shape) / 5).cos())
        let x = (Tensor.arange(48, dtype: .float32).reshape(2, 3, 8) / 9).sin().requiresGrad_()
        let w = (Tensor.arange(36, dtype: .float32).reshape(4, 3, 3) / 11).cos().requiresGrad_()
        let b = Tensor([0.5, -0.5, 0.25, 0.0], requiresGrad: true)
        let y = conv1d(x, w, bias: b, stride: 2, padding: 1)
        y.backward((Tensor.arange(32, dtype: .float32).reshape(y.shape) / 5).cos())
        expectValues(y, [3.5873, 5.828457, 6.391715, 6.665219, 0.2390442, 1.214943, 1.653599, 1.986342, -1.826954, -2.73396, -2.697531, -2.516144, -3.578446, -5.794312, -6.183166, -6.267934, -1.034341, -2.798265, -3.871619, -4.729975, -0.4633986, -1.027545, -1.61502, -2.147658, 1.834379, 2.827059, 3.097276, 3.227465, 2.129401, 4.05064, 5.007527, 5.718146],
                     shape: [2, 4, 4])
        expectValues(x.grad, [2.038722, 4.039122, 2.052506, 3.985775, 1.984463, 3.773529, 1.837306, 1.913978, 1.910147, 3.888211, 2.0279, 4.040894, 2.064807, 4.03248, 2.019397, 2.047274, 1.640373, 3.449883, 1.853391, 3.79731, 1.99252, 3.99335, 2.052213, 2.029234, -2.051237, -4.040216, -2.041035, -3.93996, -1.949464, -3.682629, -1.780173, -1.865981, -1.952676, -3.949216, -2.047164, -4.055199, -2.060037, -3.999514, -1.990783, -2.028746, -1.709774, -3.566289, -1.901965, -3.870677, -2.018331, -4.020753, -2.054233, -2.041546],
                     shape: [2, 3, 8])
        expectValues(w.grad, [0.4384617, 0.5475715, 1.312931, 4.255488, 5.727617, 6.129675, 4.925795, 6.672377, 6.413831, 0.0593217, -0.02948156, 0.3208379, 1.510947, 2.432993, 2.641212, 1.845303, 3.096392, 3.008542, -0.355802, -0.5886514, -0.8658714, -2.150115, -2.337451, -2.449376, -2.354525, -2.357823, -2.221689, -0.555101, -0.7907532, -1.527355, -4.506946, -5.69003, -6.054204, -5.126129, -6.381814, -6.104273],
                     shape: [4, 3, 3])
        expectValues(b.grad, [0.0736444, 0.2059441, 0.2133213, 0.09130049], shape: [4])
    }

    @Test func conv2dUnbatched() {
        // F.conv2d(torch.arange(32.).reshape(2,4,4) / 8, torch.arange(8.).reshape(1,2,2,2) - 3)
        let y = conv2d(Tensor.arange(32, dtype: .float32).reshape(2, 4, 4) / 8, Tensor.arange(8, dtype: .float32).reshape(1, 2, 2, 2) - 3)
        expectValues(y, [23.5, 24, 24.5, 25.5, 26, 26.5, 27.5, 28, 28.5], shape: [1, 3, 3])
    }

    @Test func unfoldAndFold() {
        // x = torch.arange(18.).reshape(1,2,3,3)
        // u = F.unfold(x, kernel_size=2, padding=1, stride=2); F.fold(u, output_size=(3,3), kernel_size=2, padding=1, stride=2)
        let x = Tensor.arange(18, dtype: .float32).reshape(1, 2, 3, 3)
        let u = unfold(x, kernelSize: 2, padding: 1, stride: 2)
        expectValues(u, [0, 0, 0, 4, 0, 0, 3, 5, 0, 1, 0, 7, 0, 2, 6, 8, 0, 0, 0, 13, 0, 0, 12, 14, 0, 10, 0, 16, 9, 11, 15, 17], shape: [1, 8, 4])
        expectValues(fold(u, outputSize: [3, 3], kernelSize: 2, padding: 1, stride: 2), (0..<18).map(Double.init), shape: [1, 2, 3, 3])
        // u2 = F.unfold(x, kernel_size=(2,3)); F.fold(u2, (3,3), kernel_size=(2,3))   # overlaps add up
        let u2 = unfold(x, kernelSize: [2, 3])
        expectValues(u2, [0, 3, 1, 4, 2, 5, 3, 6, 4, 7, 5, 8, 9, 12, 10, 13, 11, 14, 12, 15, 13, 16, 14, 17], shape: [1, 12, 2])
        expectValues(fold(u2, outputSize: [3, 3], kernelSize: [2, 3]), [0, 1, 2, 6, 8, 10, 6, 7, 8, 9, 10, 11, 24, 26, 28, 15, 16, 17], shape: [1, 2, 3, 3])
        #expect(u.gradFn == nil)
        let xg = x.double().requiresGrad_()
        #expect(unfold(xg, kernelSize: 2).gradFn?.name == "Im2ColBackward0")
        #expect(fold(unfold(xg, kernelSize: 2), outputSize: 3, kernelSize: 2).gradFn?.name == "Col2ImBackward0")
    }

    @Test func integerConvolution() {
        // F.conv2d(torch.arange(16).reshape(1,1,4,4), torch.ones(1,1,2,2, dtype=torch.long))
        let y = conv2d(Tensor.arange(16).reshape(1, 1, 4, 4), Tensor.ones([1, 1, 2, 2], dtype: .int64))
        #expect(y.dtype == .int64)
        #expect(y.toArray(Int64.self) == [10, 14, 18, 26, 30, 34, 42, 46, 50])
    }

    // MARK: gradcheck (float64, small sizes)

    @Test func conv2dGradcheck() throws {
        let x = (Tensor.arange(2 * 4 * 5 * 4, dtype: .float64).reshape(2, 4, 5, 4) / 17).sin().requiresGrad_()
        let w = (Tensor.arange(4 * 2 * 2 * 3, dtype: .float64).reshape(4, 2, 2, 3) / 7).cos().requiresGrad_()
        let b = Tensor([0.1, 0.2, -0.3, 0.4], dtype: .float64, requiresGrad: true)
        try gradcheck({ conv2d($0[0], $0[1], bias: $0[2], stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2) }, [x, w, b])
        try gradcheck({ conv2d($0[0], $0[1], padding: "same", groups: 2) }, [x, w])
    }

    @Test func conv1dGradcheck() throws {
        let x = (Tensor.arange(2 * 2 * 7, dtype: .float64).reshape(2, 2, 7) / 5).cos().requiresGrad_()
        let w = (Tensor.arange(3 * 2 * 3, dtype: .float64).reshape(3, 2, 3) / 4).sin().requiresGrad_()
        let b = Tensor([0.5, -0.5, 1.0], dtype: .float64, requiresGrad: true)
        try gradcheck({ conv1d($0[0], $0[1], bias: $0[2], stride: 2, padding: 2, dilation: 2) }, [x, w, b])
    }

    @Test func unfoldFoldGradgradcheck() throws {
        let x = (Tensor.arange(2 * 3 * 3, dtype: .float64).reshape(1, 2, 3, 3) / 5).cos().requiresGrad_()
        try gradcheck({ unfold($0[0], kernelSize: 2, padding: 1) }, [x])
        try gradgradcheck({ unfold($0[0], kernelSize: 2, padding: 1) * unfold($0[0], kernelSize: 2, padding: 1) }, [x])
        let cols = (Tensor.arange(8 * 4, dtype: .float64).reshape(1, 8, 4) / 9).sin().requiresGrad_()
        try gradcheck({ fold($0[0], outputSize: 3, kernelSize: 2) }, [cols])
    }

    // MARK: errors (PyTorch's messages)

    @Test func conv2dRejectsTwoDimensionalInput() async {
        // F.conv2d(torch.ones(2,3), torch.ones(8,3,3,3))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(2, 3), Tensor.ones(8, 3, 3, 3))
        }
        #expect(stderrText(r).contains("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 3]"))
        #expect(stderrText(r).contains("ConvTests.swift:"))
    }

    @Test func conv2dChannelMismatch() async {
        // F.conv2d(torch.ones(1,4,5,5), torch.ones(8,3,3,3))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 4, 5, 5), Tensor.ones(8, 3, 3, 3))
        }
        #expect(stderrText(r).contains("Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 5, 5] to have 3 channels, but got 4 channels instead"))
    }

    @Test func conv2dKernelLargerThanInput() async {
        // F.conv2d(torch.ones(1,3,2,2), torch.ones(8,3,3,3))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 3, 2, 2), Tensor.ones(8, 3, 3, 3))
        }
        #expect(stderrText(r).contains("Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size"))
    }

    @Test func conv2dGroupsAndBiasErrors() async {
        // F.conv2d(torch.ones(1,4,5,5), torch.ones(6,2,3,3), groups=4)
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 4, 5, 5), Tensor.ones(6, 2, 3, 3), groups: 4)
        }
        #expect(stderrText(r1).contains("Given groups=4, expected weight to be divisible by 4 at dimension 0, but got weight of size [[6, 2, 3, 3]] instead"))
        // F.conv2d(torch.ones(1,4,5,5), torch.ones(8,2,3,3), groups=2, bias=torch.ones(4))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 4, 5, 5), Tensor.ones(8, 2, 3, 3), bias: Tensor.ones(4), groups: 2)
        }
        #expect(stderrText(r2).contains("Given weight of size [8, 2, 3, 3], expected bias to be 1-dimensional with 8 elements, but got bias of size [4] instead"))
    }

    @Test func conv2dPaddingErrors() async {
        // F.conv2d(torch.ones(1,3,5,5), torch.ones(8,3,3,3), stride=2, padding="same")
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 3, 5, 5), Tensor.ones(8, 3, 3, 3), stride: 2, padding: "same")
        }
        #expect(stderrText(r1).contains("padding='same' is not supported for strided convolutions"))
        // F.conv2d(torch.ones(1,3,5,5), torch.ones(8,3,3,3), padding="foo")
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 3, 5, 5), Tensor.ones(8, 3, 3, 3), padding: "foo")
        }
        #expect(stderrText(r2).contains("Invalid padding string: 'foo'"))
        // F.conv2d(torch.ones(1,3,5,5), torch.ones(8,3,3,3), stride=[1,1,1])
        let r3 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.ones(1, 3, 5, 5), Tensor.ones(8, 3, 3, 3), stride: [1, 1, 1])
        }
        #expect(stderrText(r3).contains("expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]"))
    }

    @Test func conv1dErrors() async {
        // F.conv1d(torch.ones(2,3,4,5), torch.ones(8,3,3))
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv1d(Tensor.ones(2, 3, 4, 5), Tensor.ones(8, 3, 3))
        }
        #expect(stderrText(r1).contains("Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [2, 3, 4, 5]"))
        // F.conv1d(torch.ones(1,4,5), torch.ones(8,3,3))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv1d(Tensor.ones(1, 4, 5), Tensor.ones(8, 3, 3))
        }
        #expect(stderrText(r2).contains("Given groups=1, weight of size [8, 3, 3], expected input[1, 4, 5] to have 3 channels, but got 4 channels instead"))
    }
}

extension ConvTests {
    @Suite struct Modules {
        @Test func descriptionsMatchPyTorch() {
            // print(nn.Conv2d(1, 32, 3, stride=1))
            #expect(Conv2d(1, 32, kernelSize: 3, stride: 1).description == "Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))")
            // print(nn.Conv2d(1, 32, (3, 5), stride=2, padding=1, dilation=2, bias=False))
            #expect(Conv2d(1, 32, kernelSize: [3, 5], stride: 2, padding: 1, dilation: 2, bias: false).description
                    == "Conv2d(1, 32, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)")
            // print(nn.Conv2d(4, 8, 3, padding="same", groups=2, padding_mode="reflect"))
            #expect(Conv2d(4, 8, kernelSize: 3, padding: "same", groups: 2, paddingMode: "reflect").description
                    == "Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), padding=same, groups=2, padding_mode=reflect)")
            // print(nn.Conv1d(1, 4, 3)); print(nn.Conv1d(1, 4, 3, padding="valid"))
            #expect(Conv1d(1, 4, kernelSize: 3).description == "Conv1d(1, 4, kernel_size=(3,), stride=(1,))")
            #expect(Conv1d(1, 4, kernelSize: 3, padding: "valid").description == "Conv1d(1, 4, kernel_size=(3,), stride=(1,), padding=valid)")
        }

        @Test func parametersAndDefaultInit() {
            let conv = Conv2d(6, 16, kernelSize: 5, groups: 2)
            #expect(Array(conv.stateDict().keys) == ["weight", "bias"])
            #expect(conv.weight.shape == [16, 3, 5, 5])
            #expect(conv.bias?.shape == [16])
            // kaiming_uniform_(a=√5) on fan_in = 3*5*5 = 75 gives U(±1/√75); the bias uses the same bound.
            let bound = 1 / 75.0.squareRoot()
            #expect(conv.weight.abs().max().item() <= bound)
            #expect(conv.bias!.abs().max().item() <= bound)
            #expect(conv.weight.abs().max().item() > bound * 0.9)
            #expect(Conv1d(2, 3, kernelSize: 4, bias: false).bias == nil)
        }

        @Test func forwardMatchesFunctional() {
            let conv = Conv2d(2, 3, kernelSize: [2, 3], stride: [1, 2], padding: 1, dilation: [2, 1])
            let x = Tensor.arange(2 * 2 * 6 * 7, dtype: .float32).reshape(2, 2, 6, 7).sin()
            let expected = conv2d(x, conv.weight, bias: conv.bias, stride: [1, 2], padding: 1, dilation: [2, 1])
            #expect(conv(x).allclose(expected))
            #expect(conv(x).shape == [2, 3, 6, 4])
        }

        @Test func paddingModes() {
            // conv = nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode, bias=False); conv.weight.data = torch.arange(9.).reshape(1,1,3,3)
            // conv(torch.arange(12.).reshape(1,1,3,4))
            let x = Tensor.arange(12, dtype: .float32).reshape(1, 1, 3, 4)
            let expected: [String: [Double]] = [
                "reflect": [120, 138, 174, 180, 240, 258, 294, 300, 216, 234, 270, 276],
                "replicate": [99, 126, 162, 183, 231, 258, 294, 315, 291, 318, 354, 375],
                "circular": [150, 150, 186, 162, 258, 258, 294, 270, 150, 150, 186, 162],
                "zeros": [73, 121, 154, 103, 171, 258, 294, 186, 91, 127, 142, 81],
            ]
            for (mode, values) in expected {
                let conv = Conv2d(1, 1, kernelSize: 3, padding: 1, bias: false, paddingMode: mode)
                noGrad { _ = conv.weight.copy_(Tensor.arange(9, dtype: .float32).reshape(1, 1, 3, 3)) }
                expectValues(conv(x), values, shape: [1, 1, 3, 4])
            }
        }

        @Test func padFunction() {
            let x = Tensor.arange(6, dtype: .float32).reshape(1, 2, 3)
            // F.pad(x, [2, 1], value=-1.0)
            expectValues(pad(x, [2, 1], value: -1), [-1, -1, 0, 1, 2, -1, -1, -1, 3, 4, 5, -1], shape: [1, 2, 6])
            // F.pad(x, [-1, 1, 1, 0])
            expectValues(pad(x, [-1, 1, 1, 0]), [0, 0, 0, 1, 2, 0, 4, 5, 0], shape: [1, 3, 3])
            // F.pad(x, [2, 2], mode="reflect")
            expectValues(pad(x, [2, 2], mode: "reflect"), [2, 1, 0, 1, 2, 1, 0, 5, 4, 3, 4, 5, 4, 3], shape: [1, 2, 7])
        }

        @Test func moduleErrors() async {
            // nn.Conv2d(4, 6, 3, groups=3)
            let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                _ = Conv2d(4, 6, kernelSize: 3, groups: 3)
            }
            #expect(stderrText(r1).contains("in_channels must be divisible by groups"))
            // nn.Conv2d(4, 6, 3, padding_mode="foo")
            let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                _ = Conv2d(4, 6, kernelSize: 3, paddingMode: "foo")
            }
            #expect(stderrText(r2).contains("padding_mode must be one of {'zeros', 'reflect', 'circular', 'replicate'}, but got padding_mode='foo'"))
            // nn.Conv2d(1, 8, 3)(torch.ones(1, 4, 5, 5)): the message names the caller's line
            let r3 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                let conv = Conv2d(1, 8, kernelSize: 3)
                _ = conv(Tensor.ones(1, 4, 5, 5))
            }
            #expect(stderrText(r3).contains("Given groups=1, weight of size [8, 1, 3, 3], expected input[1, 4, 5, 5] to have 1 channels, but got 4 channels instead"))
            #expect(stderrText(r3).contains("ConvTests.swift:"))
        }
    }
}
