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

@Suite struct PrintingMoreTests {
    // t = torch.arange(1600).reshape(2, 2, 2, 200)
    @Test func summarized4D() {
        let t = Tensor.arange(1600).reshape(2, 2, 2, 200)
        #expect(String(describing: t) == """
            tensor([[[[   0,    1,    2,  ...,  197,  198,  199],
                      [ 200,  201,  202,  ...,  397,  398,  399]],

                     [[ 400,  401,  402,  ...,  597,  598,  599],
                      [ 600,  601,  602,  ...,  797,  798,  799]]],


                    [[[ 800,  801,  802,  ...,  997,  998,  999],
                      [1000, 1001, 1002,  ..., 1197, 1198, 1199]],

                     [[1200, 1201, 1202,  ..., 1397, 1398, 1399],
                      [1400, 1401, 1402,  ..., 1597, 1598, 1599]]]])
            """)
    }

    // t = torch.arange(1004).reshape(251, 4)
    @Test func summarizedRowsOnly() {
        let t = Tensor.arange(1004).reshape(251, 4)
        #expect(String(describing: t) == """
            tensor([[   0,    1,    2,    3],
                    [   4,    5,    6,    7],
                    [   8,    9,   10,   11],
                    ...,
                    [ 992,  993,  994,  995],
                    [ 996,  997,  998,  999],
                    [1000, 1001, 1002, 1003]])
            """)
    }

    // t = torch.arange(1200.).reshape(6, 200) * 0.5
    @Test func summarizedColumnsOnly() {
        let t = Tensor.arange(1200.0).reshape(6, 200) * 0.5
        #expect(String(describing: t) == """
            tensor([[0.0000e+00, 5.0000e-01, 1.0000e+00,  ..., 9.8500e+01, 9.9000e+01,
                     9.9500e+01],
                    [1.0000e+02, 1.0050e+02, 1.0100e+02,  ..., 1.9850e+02, 1.9900e+02,
                     1.9950e+02],
                    [2.0000e+02, 2.0050e+02, 2.0100e+02,  ..., 2.9850e+02, 2.9900e+02,
                     2.9950e+02],
                    [3.0000e+02, 3.0050e+02, 3.0100e+02,  ..., 3.9850e+02, 3.9900e+02,
                     3.9950e+02],
                    [4.0000e+02, 4.0050e+02, 4.0100e+02,  ..., 4.9850e+02, 4.9900e+02,
                     4.9950e+02],
                    [5.0000e+02, 5.0050e+02, 5.0100e+02,  ..., 5.9850e+02, 5.9900e+02,
                     5.9950e+02]])
            """)
    }

    // t = torch.arange(2000).reshape(2, 1000).t()
    @Test func summarizedTransposed() {
        let t = Tensor.arange(2000).reshape(2, 1000).t()
        #expect(String(describing: t) == """
            tensor([[   0, 1000],
                    [   1, 1001],
                    [   2, 1002],
                    ...,
                    [ 997, 1997],
                    [ 998, 1998],
                    [ 999, 1999]])
            """)
    }

    // t = torch.cat([torch.tensor([1.5]), torch.full((1000,), 1e6), torch.tensor([2.5])])
    @Test func summarizedWidthFromCornersOnly() {
        let t = cat([Tensor([1.5]), Tensor.full([1000], 1e6), Tensor([2.5])])
        #expect(String(describing: t) == """
            tensor([1.5000e+00, 1.0000e+06, 1.0000e+06,  ..., 1.0000e+06, 1.0000e+06,
                    2.5000e+00])
            """)
    }

    // t = torch.arange(1000) % 7
    @Test func thousandElementsNotSummarized() {
        let t = Tensor.arange(1000) % 7
        #expect(String(describing: t) == """
            tensor([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2,
                    3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5,
                    6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
                    2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
                    5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0,
                    1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3,
                    4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6,
                    0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2,
                    3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5,
                    6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
                    2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
                    5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0,
                    1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3,
                    4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6,
                    0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2,
                    3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5,
                    6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
                    2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
                    5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0,
                    1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3,
                    4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6,
                    0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2,
                    3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5,
                    6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
                    2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
                    5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0,
                    1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3,
                    4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6,
                    0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2,
                    3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5,
                    6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
                    2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
                    5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0,
                    1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3,
                    4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6,
                    0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2,
                    3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5,
                    6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
                    2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
                    5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0,
                    1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3,
                    4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5])
            """)
    }

    // t = torch.tensor([0.4967, -0.1383, 0.6477, 1.5230, -0.2342, -0.2341, 1.5792, 0.7674, -0.4695, 0.5426,
    //                   -0.4634, -0.4657, 0.2420, -1.9133, -1.7249, -0.5623, -1.0128, 0.3142, -0.9080, -1.4123])
    @Test func wrapFloats() {
        let t = Tensor([0.4967, -0.1383, 0.6477, 1.5230, -0.2342, -0.2341, 1.5792, 0.7674, -0.4695, 0.5426,
                        -0.4634, -0.4657, 0.2420, -1.9133, -1.7249, -0.5623, -1.0128, 0.3142, -0.9080, -1.4123])
        #expect(String(describing: t) == """
            tensor([ 0.4967, -0.1383,  0.6477,  1.5230, -0.2342, -0.2341,  1.5792,  0.7674,
                    -0.4695,  0.5426, -0.4634, -0.4657,  0.2420, -1.9133, -1.7249, -0.5623,
                    -1.0128,  0.3142, -0.9080, -1.4123])
            """)
    }

    // t = torch.arange(60.).reshape(2, 30) * 1.25
    @Test func wrapMatrixRows() {
        let t = Tensor.arange(60.0).reshape(2, 30) * 1.25
        #expect(String(describing: t) == """
            tensor([[ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,
                     10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500,
                     20.0000, 21.2500, 22.5000, 23.7500, 25.0000, 26.2500, 27.5000, 28.7500,
                     30.0000, 31.2500, 32.5000, 33.7500, 35.0000, 36.2500],
                    [37.5000, 38.7500, 40.0000, 41.2500, 42.5000, 43.7500, 45.0000, 46.2500,
                     47.5000, 48.7500, 50.0000, 51.2500, 52.5000, 53.7500, 55.0000, 56.2500,
                     57.5000, 58.7500, 60.0000, 61.2500, 62.5000, 63.7500, 65.0000, 66.2500,
                     67.5000, 68.7500, 70.0000, 71.2500, 72.5000, 73.7500]])
            """)
    }

    // t = torch.tensor([1e-5 * (i + 1) for i in range(12)])
    @Test func wrapSci() {
        let t = Tensor((0..<12).map { 1e-5 * Double($0 + 1) })
        #expect(String(describing: t) == """
            tensor([1.0000e-05, 2.0000e-05, 3.0000e-05, 4.0000e-05, 5.0000e-05, 6.0000e-05,
                    7.0000e-05, 8.0000e-05, 9.0000e-05, 1.0000e-04, 1.1000e-04, 1.2000e-04])
            """)
    }

    // t = torch.arange(40) * 1000
    @Test func wrapInts() {
        let t = Tensor.arange(40) * 1000
        #expect(String(describing: t) == """
            tensor([    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,  9000,
                    10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000,
                    20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000,
                    30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000])
            """)
    }

    // t = torch.arange(30) % 3 == 0
    @Test func wrapBools() {
        let t = Tensor.arange(30) % 3 .== 0
        #expect(String(describing: t) == """
            tensor([ True, False, False,  True, False, False,  True, False, False,  True,
                    False, False,  True, False, False,  True, False, False,  True, False,
                    False,  True, False, False,  True, False, False,  True, False, False])
            """)
    }

    // t = torch.arange(60.).reshape(2, 1, 30) - 0.5
    @Test func wrap3DIndentsDeeper() {
        let t = Tensor.arange(60.0).reshape(2, 1, 30) - 0.5
        #expect(String(describing: t) == """
            tensor([[[-0.5000,  0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,
                       6.5000,  7.5000,  8.5000,  9.5000, 10.5000, 11.5000, 12.5000,
                      13.5000, 14.5000, 15.5000, 16.5000, 17.5000, 18.5000, 19.5000,
                      20.5000, 21.5000, 22.5000, 23.5000, 24.5000, 25.5000, 26.5000,
                      27.5000, 28.5000]],

                    [[29.5000, 30.5000, 31.5000, 32.5000, 33.5000, 34.5000, 35.5000,
                      36.5000, 37.5000, 38.5000, 39.5000, 40.5000, 41.5000, 42.5000,
                      43.5000, 44.5000, 45.5000, 46.5000, 47.5000, 48.5000, 49.5000,
                      50.5000, 51.5000, 52.5000, 53.5000, 54.5000, 55.5000, 56.5000,
                      57.5000, 58.5000]]])
            """)
    }

    // t = torch.tensor([1.0, 2.0], requires_grad=True)
    @Test func requiresGradLeaf() {
        let t = Tensor([1.0, 2.0], requiresGrad: true)
        #expect(String(describing: t) == "tensor([1., 2.], requires_grad=True)")
    }

    // t = torch.tensor([1.0, 2.0], requires_grad=True) * 2
    @Test func gradFnMul() {
        let t = Tensor([1.0, 2.0], requiresGrad: true) * 2
        #expect(String(describing: t) == "tensor([2., 4.], grad_fn=<MulBackward0>)")
    }

    // t = torch.tensor([1.0, 2.0], requires_grad=True) + torch.tensor([0.5, 0.25])
    @Test func gradFnAdd() {
        let t = Tensor([1.0, 2.0], requiresGrad: true) + Tensor([0.5, 0.25])
        #expect(String(describing: t) == "tensor([1.5000, 2.2500], grad_fn=<AddBackward0>)")
    }

    // t = torch.tensor([1.0, 2.0], requires_grad=True).sum()
    @Test func gradFnScalar() {
        let t = Tensor([1.0, 2.0], requiresGrad: true).sum()
        #expect(String(describing: t) == "tensor(3., grad_fn=<SumBackward0>)")
    }

    // t = torch.tensor([[1.0, 2.0]], dtype=torch.float64, requires_grad=True)
    @Test func dtypeThenRequiresGrad() {
        let t = Tensor([[1.0, 2.0]], dtype: .float64, requiresGrad: true)
        #expect(String(describing: t) == "tensor([[1., 2.]], dtype=float64, requires_grad=True)")
    }

    // t = torch.arange(30., dtype=torch.float64).reshape(3, 10).requires_grad_() * 1.5
    @Test func suffixesAfterWrappedRows() {
        let t = Tensor.arange(30.0, dtype: .float64).reshape(3, 10).requiresGrad_() * 1.5
        #expect(String(describing: t) == """
            tensor([[ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,
                     12.0000, 13.5000],
                    [15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000, 24.0000, 25.5000,
                     27.0000, 28.5000],
                    [30.0000, 31.5000, 33.0000, 34.5000, 36.0000, 37.5000, 39.0000, 40.5000,
                     42.0000, 43.5000]], dtype=float64, grad_fn=<MulBackward0>)
            """)
    }

    // t = torch.tensor([123456.7890, 2.5, 3.25, 4.125, -5.0, 6.5, 7.75], dtype=torch.float64, requires_grad=True) * 1
    @Test func suffixesAfterSci() {
        let t = Tensor([123456.7890, 2.5, 3.25, 4.125, -5.0, 6.5, 7.75], dtype: .float64, requiresGrad: true) * 1
        #expect(String(describing: t) == """
            tensor([ 1.2346e+05,  2.5000e+00,  3.2500e+00,  4.1250e+00, -5.0000e+00,
                     6.5000e+00,  7.7500e+00], dtype=float64, grad_fn=<MulBackward0>)
            """)
    }

    // t = torch.arange(14., dtype=torch.float64).requires_grad_() + 100.25
    @Test func suffixOnNewLine() {
        let t = Tensor.arange(14.0, dtype: .float64).requiresGrad_() + 100.25
        #expect(String(describing: t) == """
            tensor([100.2500, 101.2500, 102.2500, 103.2500, 104.2500, 105.2500, 106.2500,
                    107.2500, 108.2500, 109.2500, 110.2500, 111.2500, 112.2500, 113.2500],
                   dtype=float64, grad_fn=<AddBackward0>)
            """)
    }

    // PyTorch's `dtype=torch.float64` would not fit; Ember's `dtype=float64` does.
    // t = torch.arange(14., dtype=torch.float64) * 0.75 + 10.5
    @Test func bareDTypeFitsOnLine() {
        let t = Tensor.arange(14.0, dtype: .float64) * 0.75 + 10.5
        #expect(String(describing: t) == """
            tensor([10.5000, 11.2500, 12.0000, 12.7500, 13.5000, 14.2500, 15.0000, 15.7500,
                    16.5000, 17.2500, 18.0000, 18.7500, 19.5000, 20.2500], dtype=float64)
            """)
    }

    // t = torch.zeros(0, 2, dtype=torch.float64, requires_grad=True)
    @Test func emptyRequiresGrad() {
        let t = Tensor.zeros(0, 2, dtype: .float64, requiresGrad: true)
        #expect(String(describing: t) == "tensor([], size=(0, 2), dtype=float64, requires_grad=True)")
    }

    // with torch._tensor_str.printoptions(precision=2):
    // t = torch.tensor([1.12345, -2.5, 1e-3])
    @Test func optionsPrecision2() {
        var o = PrintOptions()
        o.precision = 2
        let t = Tensor([1.12345, -2.5, 1e-3])
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([ 1.12e+00, -2.50e+00,  1.00e-03])")
    }

    // with torch._tensor_str.printoptions(precision=0):
    // t = torch.tensor([1.5, 2.5, 1e-5])
    @Test func optionsPrecision0() {
        var o = PrintOptions()
        o.precision = 0
        let t = Tensor([1.5, 2.5, 1e-5])
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([2e+00, 2e+00, 1e-05])")
    }

    // with torch._tensor_str.printoptions(sci_mode=False):
    // t = torch.tensor([1e-5, 1e5])
    @Test func optionsSciModeOff() {
        var o = PrintOptions()
        o.sciMode = false
        let t = Tensor([1e-5, 1e5])
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([     0.0000, 100000.0000])")
    }

    // with torch._tensor_str.printoptions(sci_mode=True):
    // t = torch.tensor([1., 2.])
    @Test func optionsSciModeOn() {
        var o = PrintOptions()
        o.sciMode = true
        let t = Tensor([1.0, 2.0])
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([1.0000e+00, 2.0000e+00])")
    }

    // with torch._tensor_str.printoptions(threshold=5, edgeitems=2):
    // t = torch.arange(10)
    @Test func optionsThresholdEdgeitems() {
        var o = PrintOptions()
        o.threshold = 5
        o.edgeitems = 2
        let t = Tensor.arange(10)
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([0, 1,  ..., 8, 9])")
    }

    // with torch._tensor_str.printoptions(threshold=5, edgeitems=0):
    // t = torch.arange(10)
    @Test func optionsEdgeitemsZero() {
        var o = PrintOptions()
        o.threshold = 5
        o.edgeitems = 0
        let t = Tensor.arange(10)
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([...], size=(10,))")
    }

    // with torch._tensor_str.printoptions(threshold=5, edgeitems=0):
    // t = torch.arange(12.).reshape(3, 4)
    @Test func optionsEdgeitemsZero2D() {
        var o = PrintOptions()
        o.threshold = 5
        o.edgeitems = 0
        let t = Tensor.arange(12.0).reshape(3, 4)
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == "tensor([...], size=(3, 4))")
    }

    // with torch._tensor_str.printoptions(linewidth=40):
    // t = torch.arange(20.) / 3
    @Test func optionsLinewidth40() {
        var o = PrintOptions()
        o.linewidth = 40
        let t = Tensor.arange(20.0) / 3
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == """
            tensor([0.0000, 0.3333, 0.6667, 1.0000,
                    1.3333, 1.6667, 2.0000, 2.3333,
                    2.6667, 3.0000, 3.3333, 3.6667,
                    4.0000, 4.3333, 4.6667, 5.0000,
                    5.3333, 5.6667, 6.0000, 6.3333])
            """)
    }

    // with torch._tensor_str.printoptions(threshold=100, edgeitems=2):
    // t = torch.arange(125.).reshape(5, 5, 5)
    @Test func optionsShortSummary3D() {
        var o = PrintOptions()
        o.threshold = 100
        o.edgeitems = 2
        let t = Tensor.arange(125.0).reshape(5, 5, 5)
        #expect(TensorPrinter(options: o, defaultDType: .float32).repr(t) == """
            tensor([[[  0.,   1.,  ...,   3.,   4.],
                     [  5.,   6.,  ...,   8.,   9.],
                     ...,
                     [ 15.,  16.,  ...,  18.,  19.],
                     [ 20.,  21.,  ...,  23.,  24.]],

                    [[ 25.,  26.,  ...,  28.,  29.],
                     [ 30.,  31.,  ...,  33.,  34.],
                     ...,
                     [ 40.,  41.,  ...,  43.,  44.],
                     [ 45.,  46.,  ...,  48.,  49.]],

                    ...,

                    [[ 75.,  76.,  ...,  78.,  79.],
                     [ 80.,  81.,  ...,  83.,  84.],
                     ...,
                     [ 90.,  91.,  ...,  93.,  94.],
                     [ 95.,  96.,  ...,  98.,  99.]],

                    [[100., 101.,  ..., 103., 104.],
                     [105., 106.,  ..., 108., 109.],
                     ...,
                     [115., 116.,  ..., 118., 119.],
                     [120., 121.,  ..., 123., 124.]]])
            """)
    }

    // with torch.set_default_dtype(torch.float64):
    // t = torch.tensor([1.5, 2.0], dtype=torch.float32)
    @Test func defaultFloat64ShowsFloat32() {
        let o = PrintOptions()
        let t = Tensor([1.5, 2.0], dtype: .float32)
        #expect(TensorPrinter(options: o, defaultDType: .float64).repr(t) == "tensor([1.5000, 2.0000], dtype=float32)")
    }

    // with torch.set_default_dtype(torch.float64):
    // t = torch.tensor([1.5, 2.0])
    @Test func defaultFloat64HidesFloat64() {
        let o = PrintOptions()
        let t = Tensor([1.5, 2.0], dtype: .float64)
        #expect(TensorPrinter(options: o, defaultDType: .float64).repr(t) == "tensor([1.5000, 2.0000])")
    }

    // with torch.set_default_dtype(torch.float64):
    // t = torch.zeros(0, dtype=torch.float32)
    @Test func defaultFloat64EmptyFloat32() {
        let o = PrintOptions()
        let t = Tensor.zeros(0, dtype: .float32)
        #expect(TensorPrinter(options: o, defaultDType: .float64).repr(t) == "tensor([], dtype=float32)")
    }

    // with torch.set_default_dtype(torch.float64):
    // t = torch.zeros(2, 0)
    @Test func defaultFloat64EmptyFloat64() {
        let o = PrintOptions()
        let t = Tensor.zeros(2, 0, dtype: .float64)
        #expect(TensorPrinter(options: o, defaultDType: .float64).repr(t) == "tensor([], size=(2, 0))")
    }

    // with torch.set_default_dtype(torch.float64):
    // t = torch.tensor([1, 2])
    @Test func defaultFloat64Int64() {
        let o = PrintOptions()
        let t = Tensor([1, 2])
        #expect(TensorPrinter(options: o, defaultDType: .float64).repr(t) == "tensor([1, 2])")
    }

    // with torch.set_default_dtype(torch.float16):
    // t = torch.tensor([1.5, 2.0], dtype=torch.float32)
    @Test func defaultFloat16ShowsFloat32() {
        let o = PrintOptions()
        let t = Tensor([1.5, 2.0], dtype: .float32)
        #expect(TensorPrinter(options: o, defaultDType: .float16).repr(t) == "tensor([1.5000, 2.0000], dtype=float32)")
    }

    // Python's own float formatting, recorded with
    // f"{v:.4f}", f"{v:.4e}", f"{v:.0f}", f"{v:.2e}" for each value v.
    @Test func pythonFloatFormat() {
        let table: [(Double, String, String, String, String)] = [
            (0.0, "0.0000", "0.0000e+00", "0", "0.00e+00"),
            (-0.0, "-0.0000", "-0.0000e+00", "-0", "-0.00e+00"),
            (0.5, "0.5000", "5.0000e-01", "0", "5.00e-01"),
            (1.5, "1.5000", "1.5000e+00", "2", "1.50e+00"),
            (2.5, "2.5000", "2.5000e+00", "2", "2.50e+00"),
            (-2.5, "-2.5000", "-2.5000e+00", "-2", "-2.50e+00"),
            (0.125, "0.1250", "1.2500e-01", "0", "1.25e-01"),
            (2.675, "2.6750", "2.6750e+00", "3", "2.67e+00"),
            (1.00005, "1.0001", "1.0001e+00", "1", "1.00e+00"),
            (0.00015, "0.0001", "1.5000e-04", "0", "1.50e-04"),
            (9.99995, "10.0000", "1.0000e+01", "10", "1.00e+01"),
            (99999.99995, "99999.9999", "1.0000e+05", "100000", "1.00e+05"),
            (0.0001, "0.0001", "1.0000e-04", "0", "1.00e-04"),
            (1e-05, "0.0000", "1.0000e-05", "0", "1.00e-05"),
            (123456789.0, "123456789.0000", "1.2346e+08", "123456789", "1.23e+08"),
            (1e+16, "10000000000000000.0000", "1.0000e+16", "10000000000000000", "1.00e+16"),
            (1e+22, "10000000000000000000000.0000", "1.0000e+22", "10000000000000000000000", "1.00e+22"),
            (1e+23, "99999999999999991611392.0000", "1.0000e+23", "99999999999999991611392", "1.00e+23"),
            (Double.leastNonzeroMagnitude, "0.0000", "4.9407e-324", "0", "4.94e-324"),
            (2.2250738585072014e-308, "0.0000", "2.2251e-308", "0", "2.23e-308"),
            (0.1, "0.1000", "1.0000e-01", "0", "1.00e-01"),
            (0.3333333333333333, "0.3333", "3.3333e-01", "0", "3.33e-01"),
            (-0.3333333333333333, "-0.3333", "-3.3333e-01", "-0", "-3.33e-01"),
            (6.02214076e+23, "602214075999999987023872.0000", "6.0221e+23", "602214075999999987023872", "6.02e+23"),
            (Double.infinity, "inf", "inf", "inf", "inf"),
            (-Double.infinity, "-inf", "-inf", "-inf", "-inf"),
            (Double.nan, "nan", "nan", "nan", "nan"),
            (0.99995, "1.0000", "9.9995e-01", "1", "1.00e+00"),
            (0.999949, "0.9999", "9.9995e-01", "1", "1.00e+00"),
            (9.5, "9.5000", "9.5000e+00", "10", "9.50e+00"),
            (10.5, "10.5000", "1.0500e+01", "10", "1.05e+01"),
            (-4e-05, "-0.0000", "-4.0000e-05", "-0", "-4.00e-05"),
            (4.35, "4.3500", "4.3500e+00", "4", "4.35e+00"),
            (1e+100, "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104.0000", "1.0000e+100", "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104", "1.00e+100"),
            (1234.5, "1234.5000", "1.2345e+03", "1234", "1.23e+03"),
    
        ]
        for (v, f4, e4, f0, e2) in table {
            #expect(PythonFloatFormat.fixed(v, precision: 4) == f4, "\(v)")
            #expect(PythonFloatFormat.scientific(v, precision: 4) == e4, "\(v)")
            #expect(PythonFloatFormat.fixed(v, precision: 0) == f0, "\(v)")
            #expect(PythonFloatFormat.scientific(v, precision: 2) == e2, "\(v)")
        }
    }

    // torch._tensor_str.PRINT_OPTS defaults
    @Test func defaultPrintOptions() {
        let o = PrintOptions()
        #expect(o.precision == 4 && o.threshold == 1000 && o.edgeitems == 3 && o.linewidth == 80 && o.sciMode == nil)
    }

    // print(t) and "\(t)" go through `description`.
    @Test func interpolationUsesDescription() {
        let t = Tensor([1, 2, 3])
        #expect("\(t)" == "tensor([1, 2, 3])")
        #expect(String(reflecting: t) == "tensor([1, 2, 3])")
    }
}
