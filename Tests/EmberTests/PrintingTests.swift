import Testing
@testable import Ember

// Every expected string below was printed by PyTorch 2.15 (`repr(t)` of the tensor built by
// the Python line in the comment above it), with one change that is Ember's convention:
// dtypes are printed bare (`dtype=float64`, not `dtype=torch.float64`). To keep line wrapping
// exact, the recording script stripped `torch.` from the suffixes before PyTorch's own
// `_add_suffixes` joined them, so the wrapping is PyTorch's applied to Ember's suffixes.
//
// Tests that need other print options or another default dtype call `TensorPrinter`
// directly instead of changing process-wide state, since tests run in parallel.

@Suite struct PrintingTests {
    // t = torch.tensor([[1.5, -2.25], [1e-5, 3.0]])
    @Test func fixedAndSciMixed() {
        let t = Tensor([[1.5, -2.25], [1e-5, 3.0]])
        #expect(String(describing: t) == """
            tensor([[ 1.5000e+00, -2.2500e+00],
                    [ 1.0000e-05,  3.0000e+00]])
            """)
    }

    // t = torch.linspace(0, 10, steps=5)
    @Test func linspace() {
        let t = Tensor.linspace(0, 10, steps: 5)
        #expect(String(describing: t) == "tensor([ 0.0000,  2.5000,  5.0000,  7.5000, 10.0000])")
    }

    // t = torch.tensor([1., 2., 3.])
    @Test func intMode() {
        let t = Tensor([1.0, 2.0, 3.0])
        #expect(String(describing: t) == "tensor([1., 2., 3.])")
    }

    // t = torch.tensor([-3., -3., -3.])
    @Test func intModeNegative() {
        let t = Tensor([-3.0, -3.0, -3.0])
        #expect(String(describing: t) == "tensor([-3., -3., -3.])")
    }

    // t = torch.tensor([4., 10., 18.])
    @Test func intModeWidth() {
        let t = Tensor([4.0, 10.0, 18.0])
        #expect(String(describing: t) == "tensor([ 4., 10., 18.])")
    }

    // t = torch.tensor([0.25, 0.4, 0.5])
    @Test func fractions() {
        let t = Tensor([0.25, 0.4, 0.5])
        #expect(String(describing: t) == "tensor([0.2500, 0.4000, 0.5000])")
    }

    // t = torch.tensor([-1.5, 0.0, 2.75, -0.125])
    @Test func mixedSigns() {
        let t = Tensor([-1.5, 0.0, 2.75, -0.125])
        #expect(String(describing: t) == "tensor([-1.5000,  0.0000,  2.7500, -0.1250])")
    }

    // t = torch.tensor([1e10, 1.0])
    @Test func sciLarge() {
        let t = Tensor([1e10, 1.0])
        #expect(String(describing: t) == "tensor([1.0000e+10, 1.0000e+00])")
    }

    // t = torch.tensor([1e-5, 2e-6])
    @Test func sciTiny() {
        let t = Tensor([1e-5, 2e-6])
        #expect(String(describing: t) == "tensor([1.0000e-05, 2.0000e-06])")
    }

    // t = torch.tensor([0.5, 1234.5])
    @Test func sciRatio() {
        let t = Tensor([0.5, 1234.5])
        #expect(String(describing: t) == "tensor([5.0000e-01, 1.2345e+03])")
    }

    // t = torch.tensor([1., 2000.])
    @Test func intModeSciRatio() {
        let t = Tensor([1.0, 2000.0])
        #expect(String(describing: t) == "tensor([1.0000e+00, 2.0000e+03])")
    }

    // t = torch.tensor([1e9, 3e9])
    @Test func intModeSciHuge() {
        let t = Tensor([1e9, 3e9])
        #expect(String(describing: t) == "tensor([1.0000e+09, 3.0000e+09])")
    }

    // t = torch.tensor([-1e-8, 3.5, -123456.0])
    @Test func sciNegative() {
        let t = Tensor([-1e-8, 3.5, -123456.0])
        #expect(String(describing: t) == "tensor([-1.0000e-08,  3.5000e+00, -1.2346e+05])")
    }

    // t = torch.tensor([1e-4, 0.1])
    @Test func sciSmallestFixed() {
        let t = Tensor([1e-4, 0.1])
        #expect(String(describing: t) == "tensor([1.0000e-04, 1.0000e-01])")
    }

    // t = torch.tensor([99999999.0, 123456.0])
    @Test func intModeBelow1e8() {
        let t = Tensor([99999999.0, 123456.0])
        #expect(String(describing: t) == "tensor([100000000.,    123456.])")
    }

    // t = torch.tensor([0.00005, 0.00015, 2.675, 1.00005], dtype=torch.float64)
    @Test func sciHalfEvenOnExactBinary() {
        let t = Tensor([0.00005, 0.00015, 2.675, 1.00005], dtype: .float64)
        #expect(String(describing: t) == "tensor([5.0000e-05, 1.5000e-04, 2.6750e+00, 1.0001e+00], dtype=float64)")
    }

    // t = torch.tensor([9.99995, 0.99999], dtype=torch.float64)
    @Test func fixedRoundingCarries() {
        let t = Tensor([9.99995, 0.99999], dtype: .float64)
        #expect(String(describing: t) == "tensor([10.0000,  1.0000], dtype=float64)")
    }

    // t = torch.tensor([9.99996e-7, 1.0], dtype=torch.float64)
    @Test func sciRoundingCarries() {
        let t = Tensor([9.99996e-7, 1.0], dtype: .float64)
        #expect(String(describing: t) == "tensor([1.0000e-06, 1.0000e+00], dtype=float64)")
    }

    // t = torch.tensor([0.125, 0.375, 2.5, 0.00005], dtype=torch.float64) * 1
    @Test func fixedHalfEven() {
        let t = Tensor([0.125, 0.375, 2.5, 0.00005], dtype: .float64) * 1
        #expect(String(describing: t) == "tensor([1.2500e-01, 3.7500e-01, 2.5000e+00, 5.0000e-05], dtype=float64)")
    }

    // t = torch.tensor([float('inf'), float('-inf'), float('nan'), 1.5])
    @Test func infNanFixed() {
        let t = Tensor([Double.infinity, -Double.infinity, Double.nan, 1.5])
        #expect(String(describing: t) == "tensor([   inf,   -inf,    nan, 1.5000])")
    }

    // t = torch.tensor([float('nan'), 1., float('-inf')])
    @Test func infNanIntMode() {
        let t = Tensor([Double.nan, 1.0, -Double.infinity])
        #expect(String(describing: t) == "tensor([nan, 1., -inf])")
    }

    // t = torch.tensor([float('nan'), -1.5])
    @Test func nanPaddedToWidth() {
        let t = Tensor([Double.nan, -1.5])
        #expect(String(describing: t) == "tensor([    nan, -1.5000])")
    }

    // t = torch.tensor([float('nan'), float('inf'), 0.0])
    @Test func onlyNonFinite() {
        let t = Tensor([Double.nan, Double.infinity, 0.0])
        #expect(String(describing: t) == "tensor([nan, inf, 0.])")
    }

    // t = torch.tensor([float('inf'), 1e-6, 1.0])
    @Test func infWithSci() {
        let t = Tensor([Double.infinity, 1e-6, 1.0])
        #expect(String(describing: t) == "tensor([       inf, 1.0000e-06, 1.0000e+00])")
    }

    // t = torch.tensor([float('nan')] * 30 + [1.])
    @Test func nanWiderThanWidthWraps() {
        let t = Tensor(Array(repeating: Double.nan, count: 30) + [1.0])
        #expect(String(describing: t) == """
            tensor([nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                    nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, 1.])
            """)
    }

    // t = torch.zeros(2, 3)
    @Test func zeros() {
        let t = Tensor.zeros(2, 3)
        #expect(String(describing: t) == """
            tensor([[0., 0., 0.],
                    [0., 0., 0.]])
            """)
    }

    // t = torch.tensor([-0.0, 1.0])
    @Test func negativeZeroIntMode() {
        let t = Tensor([-0.0, 1.0])
        #expect(String(describing: t) == "tensor([-0., 1.])")
    }

    // t = torch.tensor([-0.0, 1.5])
    @Test func negativeZeroFixed() {
        let t = Tensor([-0.0, 1.5])
        #expect(String(describing: t) == "tensor([-0.0000, 1.5000])")
    }

    // t = torch.tensor([-0.00001, 1.5e-4, 2.0])
    @Test func negativeRoundsToZero() {
        let t = Tensor([-0.00001, 1.5e-4, 2.0])
        #expect(String(describing: t) == "tensor([-1.0000e-05,  1.5000e-04,  2.0000e+00])")
    }

    // t = torch.tensor(-0.0)
    @Test func scalarNegativeZero() {
        let t = Tensor(-0.0)
        #expect(String(describing: t) == "tensor(-0.)")
    }

    // t = torch.tensor(32.)
    @Test func scalarFloat32() {
        let t = Tensor(32.0)
        #expect(String(describing: t) == "tensor(32.)")
    }

    // t = torch.tensor(-0.5)
    @Test func scalarFraction() {
        let t = Tensor(-0.5)
        #expect(String(describing: t) == "tensor(-0.5000)")
    }

    // t = torch.tensor(1.5e-7)
    @Test func scalarSci() {
        let t = Tensor(1.5e-7)
        #expect(String(describing: t) == "tensor(1.5000e-07)")
    }

    // t = torch.tensor(4)
    @Test func scalarInt64() {
        let t = Tensor(4)
        #expect(String(describing: t) == "tensor(4)")
    }

    // t = torch.tensor(True)
    @Test func scalarBool() {
        let t = Tensor(true)
        #expect(String(describing: t) == "tensor(True)")
    }

    // t = torch.tensor(2.5, dtype=torch.float64)
    @Test func scalarFloat64() {
        let t = Tensor(2.5, dtype: .float64)
        #expect(String(describing: t) == "tensor(2.5000, dtype=float64)")
    }

    // t = torch.tensor(0.1, dtype=torch.float16)
    @Test func scalarFloat16() {
        let t = Tensor(0.1, dtype: .float16)
        #expect(String(describing: t) == "tensor(0.1000, dtype=float16)")
    }

    // t = torch.tensor(-7, dtype=torch.int32)
    @Test func scalarInt32() {
        let t = Tensor(-7, dtype: .int32)
        #expect(String(describing: t) == "tensor(-7, dtype=int32)")
    }

    // t = torch.tensor(200, dtype=torch.uint8)
    @Test func scalarUInt8() {
        let t = Tensor(200, dtype: .uint8)
        #expect(String(describing: t) == "tensor(200, dtype=uint8)")
    }

    // t = torch.tensor(float('nan'))
    @Test func scalarNan() {
        let t = Tensor(Double.nan)
        #expect(String(describing: t) == "tensor(nan)")
    }

    // t = torch.tensor([[1, 2], [3, 4]])
    @Test func int64Matrix() {
        let t = Tensor([[1, 2], [3, 4]])
        #expect(String(describing: t) == """
            tensor([[1, 2],
                    [3, 4]])
            """)
    }

    // t = torch.tensor([-5, 100, 7])
    @Test func int64PaddedNegative() {
        let t = Tensor([-5, 100, 7])
        #expect(String(describing: t) == "tensor([ -5, 100,   7])")
    }

    // t = torch.arange(12).reshape(3, 4)
    @Test func arangeReshaped() {
        let t = Tensor.arange(12).reshape(3, 4)
        #expect(String(describing: t) == """
            tensor([[ 0,  1,  2,  3],
                    [ 4,  5,  6,  7],
                    [ 8,  9, 10, 11]])
            """)
    }

    // t = torch.tensor([1, -20, 300], dtype=torch.int32)
    @Test func int32() {
        let t = Tensor([1, -20, 300], dtype: .int32)
        #expect(String(describing: t) == "tensor([  1, -20, 300], dtype=int32)")
    }

    // t = torch.tensor([0, 17, 255], dtype=torch.uint8)
    @Test func uint8() {
        let t = Tensor([0, 17, 255], dtype: .uint8)
        #expect(String(describing: t) == "tensor([  0,  17, 255], dtype=uint8)")
    }

    // t = torch.tensor([9007199254740993, -1])
    @Test func int64BeyondDoublePrecision() {
        let t = Tensor([Int64(9007199254740993), -1])
        #expect(String(describing: t) == "tensor([9007199254740993,               -1])")
    }

    // t = torch.tensor([True, False])
    @Test func bool() {
        let t = Tensor([true, false])
        #expect(String(describing: t) == "tensor([ True, False])")
    }

    // t = torch.tensor([[True, True], [True, True]])
    @Test func boolAllTrue() {
        let t = Tensor([[true, true], [true, true]])
        #expect(String(describing: t) == """
            tensor([[True, True],
                    [True, True]])
            """)
    }

    // t = torch.tensor([1.0, 2.0], dtype=torch.float16)
    @Test func float16IntMode() {
        let t = Tensor([1.0, 2.0], dtype: .float16)
        #expect(String(describing: t) == "tensor([1., 2.], dtype=float16)")
    }

    // t = torch.tensor([0.1, -3.14159, 1000.0], dtype=torch.float16)
    @Test func float16Values() {
        let t = Tensor([0.1, -3.14159, 1000.0], dtype: .float16)
        #expect(String(describing: t) == "tensor([ 9.9976e-02, -3.1406e+00,  1.0000e+03], dtype=float16)")
    }

    // t = torch.tensor([6e-5, 1.0, 65504.0], dtype=torch.float16)
    @Test func float16Extremes() {
        let t = Tensor([6e-5, 1.0, 65504.0], dtype: .float16)
        #expect(String(describing: t) == "tensor([6.0022e-05, 1.0000e+00, 6.5504e+04], dtype=float16)")
    }

    // t = torch.tensor([0.5, -1.25, 3.3], dtype=torch.float16)
    @Test func float16Fixed() {
        let t = Tensor([0.5, -1.25, 3.3], dtype: .float16)
        #expect(String(describing: t) == "tensor([ 0.5000, -1.2500,  3.3008], dtype=float16)")
    }

    // t = torch.tensor([0.1, 0.2, 0.3])
    @Test func float32Fixed() {
        let t = Tensor([0.1, 0.2, 0.3])
        #expect(String(describing: t) == "tensor([0.1000, 0.2000, 0.3000])")
    }

    // t = torch.tensor([1.00005, 0.33333334, 123.45678])
    @Test func float32ExactValueRounding() {
        let t = Tensor([1.00005, 0.33333334, 123.45678])
        #expect(String(describing: t) == "tensor([  1.0000,   0.3333, 123.4568])")
    }

    // t = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
    @Test func float64IntMode() {
        let t = Tensor([[1.0, 2.0], [3.0, 4.0]], dtype: .float64)
        #expect(String(describing: t) == """
            tensor([[1., 2.],
                    [3., 4.]], dtype=float64)
            """)
    }

    // t = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
    @Test func float64Fixed() {
        let t = Tensor([0.1, 0.2, 0.3], dtype: .float64)
        #expect(String(describing: t) == "tensor([0.1000, 0.2000, 0.3000], dtype=float64)")
    }

    // t = torch.tensor([1e-300, 5e-324, 1.7976931348623157e308], dtype=torch.float64)
    @Test func float64ExtremeSci() {
        let t = Tensor([1e-300, Double.leastNonzeroMagnitude, 1.7976931348623157e308], dtype: .float64)
        #expect(String(describing: t) == "tensor([1.0000e-300, 4.9407e-324, 1.7977e+308], dtype=float64)")
    }

    // t = torch.tensor([])
    @Test func emptyFloat() {
        let t = Tensor([Double]())
        #expect(String(describing: t) == "tensor([])")
    }

    // t = torch.tensor([], dtype=torch.int64)
    @Test func emptyInt64() {
        let t = Tensor([Int]())
        #expect(String(describing: t) == "tensor([], dtype=int64)")
    }

    // t = torch.zeros(0, 3)
    @Test func empty2D() {
        let t = Tensor.zeros(0, 3)
        #expect(String(describing: t) == "tensor([], size=(0, 3))")
    }

    // t = torch.zeros(2, 0, 4, dtype=torch.int32)
    @Test func empty3DInt32() {
        let t = Tensor.zeros(2, 0, 4, dtype: .int32)
        #expect(String(describing: t) == "tensor([], size=(2, 0, 4), dtype=int32)")
    }

    // t = torch.zeros(0, dtype=torch.float64)
    @Test func emptyFloat64() {
        let t = Tensor.zeros(0, dtype: .float64)
        #expect(String(describing: t) == "tensor([], dtype=float64)")
    }

    // t = torch.zeros(3, 0, dtype=torch.bool)
    @Test func emptyBool2D() {
        let t = Tensor.zeros(3, 0, dtype: .bool)
        #expect(String(describing: t) == "tensor([], size=(3, 0), dtype=bool)")
    }

    // t = torch.arange(24.).reshape(2, 3, 4)
    @Test func threeD() {
        let t = Tensor.arange(24.0).reshape(2, 3, 4)
        #expect(String(describing: t) == """
            tensor([[[ 0.,  1.,  2.,  3.],
                     [ 4.,  5.,  6.,  7.],
                     [ 8.,  9., 10., 11.]],

                    [[12., 13., 14., 15.],
                     [16., 17., 18., 19.],
                     [20., 21., 22., 23.]]])
            """)
    }

    // t = torch.arange(16).reshape(2, 2, 2, 2) - 5
    @Test func fourDInt() {
        let t = Tensor.arange(16).reshape(2, 2, 2, 2) - 5
        #expect(String(describing: t) == """
            tensor([[[[-5, -4],
                      [-3, -2]],

                     [[-1,  0],
                      [ 1,  2]]],


                    [[[ 3,  4],
                      [ 5,  6]],

                     [[ 7,  8],
                      [ 9, 10]]]])
            """)
    }

    // t = torch.arange(24.).reshape(2, 3, 2, 2) / 4
    @Test func fourDFloat() {
        let t = Tensor.arange(24.0).reshape(2, 3, 2, 2) / 4
        #expect(String(describing: t) == """
            tensor([[[[0.0000, 0.2500],
                      [0.5000, 0.7500]],

                     [[1.0000, 1.2500],
                      [1.5000, 1.7500]],

                     [[2.0000, 2.2500],
                      [2.5000, 2.7500]]],


                    [[[3.0000, 3.2500],
                      [3.5000, 3.7500]],

                     [[4.0000, 4.2500],
                      [4.5000, 4.7500]],

                     [[5.0000, 5.2500],
                      [5.5000, 5.7500]]]])
            """)
    }

    // t = torch.tensor([[[1.5]]])
    @Test func singletonDims() {
        let t = Tensor([[[1.5]]])
        #expect(String(describing: t) == "tensor([[[1.5000]]])")
    }

    // t = torch.arange(6.).reshape(2, 3).t()
    @Test func transposedView() {
        let t = Tensor.arange(6.0).reshape(2, 3).t()
        #expect(String(describing: t) == """
            tensor([[0., 3.],
                    [1., 4.],
                    [2., 5.]])
            """)
    }

    // t = torch.arange(2000)
    @Test func summarizedArange() {
        let t = Tensor.arange(2000)
        #expect(String(describing: t) == "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])")
    }

    // t = torch.arange(2000.) / 7
    @Test func summarizedFloatWraps() {
        let t = Tensor.arange(2000.0) / 7
        #expect(String(describing: t) == """
            tensor([0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 2.8529e+02, 2.8543e+02,
                    2.8557e+02])
            """)
    }

    // t = torch.arange(10000.).reshape(100, 100) / 100
    @Test func summarizedMatrix() {
        let t = Tensor.arange(10000.0).reshape(100, 100) / 100
        #expect(String(describing: t) == """
            tensor([[0.0000e+00, 1.0000e-02, 2.0000e-02,  ..., 9.7000e-01, 9.8000e-01,
                     9.9000e-01],
                    [1.0000e+00, 1.0100e+00, 1.0200e+00,  ..., 1.9700e+00, 1.9800e+00,
                     1.9900e+00],
                    [2.0000e+00, 2.0100e+00, 2.0200e+00,  ..., 2.9700e+00, 2.9800e+00,
                     2.9900e+00],
                    ...,
                    [9.7000e+01, 9.7010e+01, 9.7020e+01,  ..., 9.7970e+01, 9.7980e+01,
                     9.7990e+01],
                    [9.8000e+01, 9.8010e+01, 9.8020e+01,  ..., 9.8970e+01, 9.8980e+01,
                     9.8990e+01],
                    [9.9000e+01, 9.9010e+01, 9.9020e+01,  ..., 9.9970e+01, 9.9980e+01,
                     9.9990e+01]])
            """)
    }

    // t = torch.arange(10000).reshape(100, 100)
    @Test func summarizedIntMatrix() {
        let t = Tensor.arange(10000).reshape(100, 100)
        #expect(String(describing: t) == """
            tensor([[   0,    1,    2,  ...,   97,   98,   99],
                    [ 100,  101,  102,  ...,  197,  198,  199],
                    [ 200,  201,  202,  ...,  297,  298,  299],
                    ...,
                    [9700, 9701, 9702,  ..., 9797, 9798, 9799],
                    [9800, 9801, 9802,  ..., 9897, 9898, 9899],
                    [9900, 9901, 9902,  ..., 9997, 9998, 9999]])
            """)
    }

    // t = torch.arange(2400.).reshape(10, 12, 20) - 1200
    @Test func summarized3D() {
        let t = Tensor.arange(2400.0).reshape(10, 12, 20) - 1200
        #expect(String(describing: t) == """
            tensor([[[-1200., -1199., -1198.,  ..., -1183., -1182., -1181.],
                     [-1180., -1179., -1178.,  ..., -1163., -1162., -1161.],
                     [-1160., -1159., -1158.,  ..., -1143., -1142., -1141.],
                     ...,
                     [-1020., -1019., -1018.,  ..., -1003., -1002., -1001.],
                     [-1000.,  -999.,  -998.,  ...,  -983.,  -982.,  -981.],
                     [ -980.,  -979.,  -978.,  ...,  -963.,  -962.,  -961.]],

                    [[ -960.,  -959.,  -958.,  ...,  -943.,  -942.,  -941.],
                     [ -940.,  -939.,  -938.,  ...,  -923.,  -922.,  -921.],
                     [ -920.,  -919.,  -918.,  ...,  -903.,  -902.,  -901.],
                     ...,
                     [ -780.,  -779.,  -778.,  ...,  -763.,  -762.,  -761.],
                     [ -760.,  -759.,  -758.,  ...,  -743.,  -742.,  -741.],
                     [ -740.,  -739.,  -738.,  ...,  -723.,  -722.,  -721.]],

                    [[ -720.,  -719.,  -718.,  ...,  -703.,  -702.,  -701.],
                     [ -700.,  -699.,  -698.,  ...,  -683.,  -682.,  -681.],
                     [ -680.,  -679.,  -678.,  ...,  -663.,  -662.,  -661.],
                     ...,
                     [ -540.,  -539.,  -538.,  ...,  -523.,  -522.,  -521.],
                     [ -520.,  -519.,  -518.,  ...,  -503.,  -502.,  -501.],
                     [ -500.,  -499.,  -498.,  ...,  -483.,  -482.,  -481.]],

                    ...,

                    [[  480.,   481.,   482.,  ...,   497.,   498.,   499.],
                     [  500.,   501.,   502.,  ...,   517.,   518.,   519.],
                     [  520.,   521.,   522.,  ...,   537.,   538.,   539.],
                     ...,
                     [  660.,   661.,   662.,  ...,   677.,   678.,   679.],
                     [  680.,   681.,   682.,  ...,   697.,   698.,   699.],
                     [  700.,   701.,   702.,  ...,   717.,   718.,   719.]],

                    [[  720.,   721.,   722.,  ...,   737.,   738.,   739.],
                     [  740.,   741.,   742.,  ...,   757.,   758.,   759.],
                     [  760.,   761.,   762.,  ...,   777.,   778.,   779.],
                     ...,
                     [  900.,   901.,   902.,  ...,   917.,   918.,   919.],
                     [  920.,   921.,   922.,  ...,   937.,   938.,   939.],
                     [  940.,   941.,   942.,  ...,   957.,   958.,   959.]],

                    [[  960.,   961.,   962.,  ...,   977.,   978.,   979.],
                     [  980.,   981.,   982.,  ...,   997.,   998.,   999.],
                     [ 1000.,  1001.,  1002.,  ...,  1017.,  1018.,  1019.],
                     ...,
                     [ 1140.,  1141.,  1142.,  ...,  1157.,  1158.,  1159.],
                     [ 1160.,  1161.,  1162.,  ...,  1177.,  1178.,  1179.],
                     [ 1180.,  1181.,  1182.,  ...,  1197.,  1198.,  1199.]]])
            """)
    }
}
