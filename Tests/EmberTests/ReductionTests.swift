import Testing
@testable import Ember

// Reductions, softmax family, cumsum and norm, pinned to PyTorch 2.15.
//   x = torch.tensor([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
//   i = torch.tensor([[1, -2, 3], [4, 5, -6]])
//   t = torch.arange(12.0).reshape(3, 4).t()              (transposed)
//   ex = torch.tensor([[1.0], [2.0]]).expand(2, 3)         (stride 0)
//   st = torch.arange(10.0)[::3]                           (stepped: [0, 3, 6, 9])

@Suite struct ReductionTests {
    let x = Tensor([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    let i = Tensor([[1, -2, 3], [4, 5, -6]])
    let t = Tensor.arange(12.0).reshape(3, 4).t()
    let ex = Tensor([[1.0], [2.0]]).expand(2, 3)
    let st = Tensor.arange(10.0).slice(0, 0, 10, step: 3, file: #fileID, line: #line)

    @Test func sum() {
        // x.sum();  x.sum(0);  x.sum(1);  x.sum(-1, keepdim=True);  x.sum((0, 1))
        expectTensor(x.sum(), [5], shape: [], dtype: .float32)
        expectTensor(x.sum(dim: 0), [5, 3, -3], shape: [3], dtype: .float32)
        expectTensor(x.sum(dim: 1), [2, 3], shape: [2], dtype: .float32)
        expectTensor(x.sum(dim: -1, keepdim: true), [2, 3], shape: [2, 1], dtype: .float32)
        expectTensor(x.sum(dim: [0, 1]), [5], shape: [], dtype: .float32)
        expectTensor(Ember.sum(x), [5], shape: [], dtype: .float32)
        // i.sum();  i.sum(0)  -> int64
        expectExact(i.sum(), [5], shape: [], dtype: .int64)
        expectExact(i.sum(dim: 0), [5, 3, -3], shape: [3], dtype: .int64)
        // torch.tensor([True, True, False]).sum()  -> int64 2
        expectExact(Tensor([true, true, false]).sum(), [2], shape: [], dtype: .int64)
        // torch.tensor([200, 100], dtype=torch.uint8).sum()  -> int64 300
        expectExact(Tensor([200, 100], dtype: .uint8).sum(), [300], shape: [], dtype: .int64)
        // torch.tensor([2**62, 2**62, 2**62]).sum()  -> wraps
        expectExact(Tensor([Int64(1) << 62, Int64(1) << 62, Int64(1) << 62]).sum(), [-4611686018427387904], shape: [], dtype: .int64)
        // torch.tensor([1, 2]).sum(dtype=torch.float32)
        expectTensor(Tensor([1, 2]).sum(dtype: .float32), [3], shape: [], dtype: .float32)
        // Empty: torch.tensor([]).sum()  -> 0;  torch.zeros(2, 0).sum(1)  -> [0, 0];  .sum(0)  -> shape [0]
        expectTensor(Tensor([Double]()).sum(), [0], shape: [], dtype: .float32)
        expectTensor(Tensor.zeros(2, 0).sum(dim: 1), [0, 0], shape: [2], dtype: .float32)
        expectTensor(Tensor.zeros(2, 0).sum(dim: 0), [], shape: [0], dtype: .float32)
        // 0-d: torch.tensor(3.5).sum();  torch.tensor(3.5).sum(0)
        expectTensor(Tensor(3.5).sum(), [3.5], shape: [], dtype: .float32)
        expectTensor(Tensor(3.5).sum(dim: 0), [3.5], shape: [], dtype: .float32)
    }

    @Test func meanAndProd() {
        // x.mean();  x.mean(0);  x.mean(1, keepdim=True)
        expectTensor(x.mean(), [0.8333333134651184], shape: [], dtype: .float32)
        expectTensor(x.mean(dim: 0), [2.5, 1.5, -1.5], shape: [3], dtype: .float32)
        expectTensor(x.mean(dim: 1, keepdim: true), [0.6666666865348816, 1.0], shape: [2, 1], dtype: .float32)
        expectTensor(Ember.mean(x), [0.8333333134651184], shape: [], dtype: .float32)
        // torch.tensor([]).mean()  -> nan
        expectTensor(Tensor([Double]()).mean(), [.nan], shape: [], dtype: .float32)
        // i.mean(dtype=torch.float64)
        expectTensor(i.mean(dtype: .float64), [0.8333333333333334], shape: [], dtype: .float64, atol: 0, rtol: 1e-15)
        // x.prod();  x.prod(1);  i.prod(0)
        expectTensor(x.prod(), [720], shape: [], dtype: .float32)
        expectTensor(x.prod(dim: 1), [-6, -120], shape: [2], dtype: .float32)
        expectExact(i.prod(dim: 0), [4, -10, -18], shape: [3], dtype: .int64)
        // torch.tensor([True, True]).prod()  -> int64 1;  torch.tensor([]).prod()  -> 1
        expectExact(Tensor([true, true]).prod(), [1], shape: [], dtype: .int64)
        expectTensor(Tensor([Double]()).prod(), [1], shape: [], dtype: .float32)
    }

    @Test func maxMinWholeAndAlongDim() {
        // x.max();  x.min();  i.max()
        expectTensor(x.max(), [5], shape: [], dtype: .float32)
        expectTensor(x.min(), [-6], shape: [], dtype: .float32)
        expectExact(i.max(), [5], shape: [], dtype: .int64)
        // torch.tensor([1.0, nan, 3.0]).max() / .min()  -> nan
        expectTensor(Tensor([1.0, .nan, 3.0]).max(), [.nan], shape: [], dtype: .float32)
        expectTensor(Tensor([1.0, .nan, 3.0]).min(), [.nan], shape: [], dtype: .float32)
        // torch.tensor([True, False, True]).max()  -> bool True
        expectExact(Tensor([true, false, true]).max(), [1], shape: [], dtype: .bool)
        expectExact(Tensor([true, false, true]).min(), [0], shape: [], dtype: .bool)
        // x.max(1)  -> values [3, 5], indices [2, 1]
        let m = x.max(dim: 1)
        expectTensor(m.values, [3, 5], shape: [2], dtype: .float32)
        expectExact(m.indices, [2, 1], shape: [2], dtype: .int64)
        // x.min(0)  -> values [1, -2, -6], indices [0, 0, 1]
        let n = x.min(dim: 0)
        expectTensor(n.values, [1, -2, -6], shape: [3], dtype: .float32)
        expectExact(n.indices, [0, 0, 1], shape: [3], dtype: .int64)
        // x.max(1, keepdim=True);  x.max(-1, keepdim=True).indices
        expectTensor(x.max(dim: 1, keepdim: true).values, [3, 5], shape: [2, 1], dtype: .float32)
        expectExact(x.max(dim: -1, keepdim: true).indices, [2, 1], shape: [2, 1], dtype: .int64)
        // Ties pick the first: torch.tensor([[1., 3., 3., 2.]]).max(1).indices  -> [1]
        expectExact(Tensor([[1.0, 3.0, 3.0, 2.0]]).max(dim: 1).indices, [1], shape: [1], dtype: .int64)
        expectExact(Tensor([[3.0, 1.0, 1.0]]).min(dim: 1).indices, [1], shape: [1], dtype: .int64)
        // The first nan wins: torch.tensor([1.0, nan, 5.0, nan]).max(0)  -> (nan, 1)
        let nanMax = Tensor([1.0, .nan, 5.0, .nan]).max(dim: 0)
        expectTensor(nanMax.values, [.nan], shape: [], dtype: .float32)
        expectExact(nanMax.indices, [1], shape: [], dtype: .int64)
        // torch.tensor([False, True]).max(0)  -> (True, 1)
        let b = Tensor([false, true]).max(dim: 0)
        expectExact(b.values, [1], shape: [], dtype: .bool)
        expectExact(b.indices, [1], shape: [], dtype: .int64)
        // 0-d: torch.tensor(4.0).max(0)  -> (4.0, 0)
        let z = Tensor(4.0).max(dim: 0)
        expectTensor(z.values, [4], shape: [], dtype: .float32)
        expectExact(z.indices, [0], shape: [], dtype: .int64)
    }

    @Test func argmaxArgmin() {
        // x.argmax();  x.argmin()  (over the flattened tensor)
        expectExact(x.argmax(), [4], shape: [], dtype: .int64)
        expectExact(x.argmin(), [5], shape: [], dtype: .int64)
        // x.argmax(1);  x.argmin(0, keepdim=True)
        expectExact(x.argmax(dim: 1), [2, 1], shape: [2], dtype: .int64)
        expectExact(x.argmin(dim: 0, keepdim: true), [0, 0, 1], shape: [1, 3], dtype: .int64)
        // torch.tensor([[1, 5], [5, 1]]).argmax()  -> 1 (the first)
        expectExact(Tensor([[1, 5], [5, 1]]).argmax(), [1], shape: [], dtype: .int64)
        // torch.tensor([2.0, nan, nan]).argmax()  -> 1;  torch.tensor([2.0, nan]).argmin()  -> 1
        expectExact(Tensor([2.0, .nan, .nan]).argmax(), [1], shape: [], dtype: .int64)
        expectExact(Tensor([2.0, .nan]).argmin(), [1], shape: [], dtype: .int64)
        // Transposed: t.argmax(0)  -> [3, 3, 3]; t.argmax()  -> 11 (t is [[0, 4, 8], [1, 5, 9], ...])
        expectExact(t.argmax(dim: 0), [3, 3, 3], shape: [3], dtype: .int64)
        expectExact(t.argmax(), [11], shape: [], dtype: .int64)
    }

    @Test func stdVar() {
        // x.std();  x.var()  (unbiased by default)
        expectTensor(x.std(), [4.167333126068115], shape: [], dtype: .float32)
        expectTensor(x.var(), [17.366666793823242], shape: [], dtype: .float32)
        // x.std(0);  x.var(1);  x.var(1, unbiased=False);  x.std(1, keepdim=True)
        expectTensor(x.std(dim: 0), [2.1213202476501465, 4.949747562408447, 6.363961219787598], shape: [3], dtype: .float32)
        expectTensor(x.var(dim: 1), [6.333333492279053, 37.0], shape: [2], dtype: .float32)
        expectTensor(x.var(dim: 1, unbiased: false), [4.222222328186035, 24.66666603088379], shape: [2], dtype: .float32)
        expectTensor(x.std(dim: 1, keepdim: true), [2.5166115760803223, 6.082762718200684], shape: [2, 1], dtype: .float32)
        // torch.tensor([3.0]).var()  -> nan (with a warning);  unbiased=False  -> 0;  torch.tensor([]).var()  -> nan
        expectTensor(Tensor([3.0]).var(), [.nan], shape: [], dtype: .float32)
        expectTensor(Tensor([3.0]).var(unbiased: false), [0], shape: [], dtype: .float32)
        expectTensor(Tensor([Double]()).var(), [.nan], shape: [], dtype: .float32)
    }

    @Test func cumsum() {
        // x.cumsum(0);  x.cumsum(1);  x.cumsum(-1)
        expectTensor(x.cumsum(dim: 0), [1, -2, 3, 5, 3, -3], shape: [2, 3], dtype: .float32)
        expectTensor(x.cumsum(dim: 1), [1, -1, 2, 4, 9, 3], shape: [2, 3], dtype: .float32)
        expectTensor(x.cumsum(dim: -1), [1, -1, 2, 4, 9, 3], shape: [2, 3], dtype: .float32)
        // i.cumsum(1)
        expectExact(i.cumsum(dim: 1), [1, -1, 2, 4, 9, 3], shape: [2, 3], dtype: .int64)
        // torch.tensor([True, True, False]).cumsum(0)  -> int64
        expectExact(Tensor([true, true, false]).cumsum(dim: 0), [1, 2, 2], shape: [3], dtype: .int64)
        // torch.tensor([1, 2], dtype=torch.int32).cumsum(0)  -> int64
        expectExact(Tensor([1, 2], dtype: .int32).cumsum(dim: 0), [1, 3], shape: [2], dtype: .int64)
        // torch.tensor([200, 100], dtype=torch.uint8).cumsum(0)  -> int64 [200, 300]
        expectExact(Tensor([200, 100], dtype: .uint8).cumsum(dim: 0), [200, 300], shape: [2], dtype: .int64)
        // torch.tensor(2.5).cumsum(0);  torch.tensor([1.0, nan, 2.0]).cumsum(0)
        expectTensor(Tensor(2.5).cumsum(dim: 0), [2.5], shape: [], dtype: .float32)
        expectTensor(Tensor([1.0, .nan, 2.0]).cumsum(dim: 0), [1, .nan, .nan], shape: [3], dtype: .float32)
    }

    @Test func logsumexpSoftmaxLogSoftmax() {
        // x.logsumexp(1);  x.logsumexp(0, keepdim=True)
        expectTensor(x.logsumexp(dim: 1), [3.132845163345337, 5.313273906707764], shape: [2], dtype: .float32)
        expectTensor(x.logsumexp(dim: 0, keepdim: true), [4.048587322235107, 5.000911235809326, 3.0001232624053955], shape: [1, 3], dtype: .float32)
        // torch.tensor([[1000., 1000.], [-1000., -1000.]]).logsumexp(1)  (no overflow)
        expectTensor(Tensor([[1000.0, 1000.0], [-1000.0, -1000.0]]).logsumexp(dim: 1), [1000.6931762695312, -999.3068237304688], shape: [2], dtype: .float32)
        // torch.tensor([[-inf, -inf], [inf, 1.0]]).logsumexp(1)  -> [-inf, inf]
        expectTensor(Tensor([[-Double.infinity, -.infinity], [.infinity, 1.0]]).logsumexp(dim: 1), [-.infinity, .infinity], shape: [2], dtype: .float32)
        // torch.tensor([1, 2, 3]).logsumexp(0)  -> float32
        expectTensor(Tensor([1, 2, 3]).logsumexp(dim: 0), [3.4076058864593506], shape: [], dtype: .float32)
        // x.softmax(1);  x.softmax(0)
        expectTensor(x.softmax(dim: 1), [0.11849965155124664, 0.0058997501619160175, 0.8756005764007568, 0.2689381539821625,
                                         0.731049656867981, 1.2209772648930084e-05], shape: [2, 3], dtype: .float32, atol: 1e-7)
        expectTensor(softmax(x, dim: 0), [0.04742587357759476, 0.0009110512328334153, 0.9998766183853149, 0.9525741338729858,
                                          0.9990890026092529, 0.00012339458044152707], shape: [2, 3], dtype: .float32, atol: 1e-7)
        // x.log_softmax(1);  x.log_softmax(0)
        expectTensor(x.logSoftmax(dim: 1), [-2.132845163345337, -5.132845401763916, -0.13284526765346527, -1.3132739067077637,
                                            -0.3132738471031189, -11.313273429870605], shape: [2, 3], dtype: .float32)
        expectTensor(logSoftmax(x, dim: 0), [-3.0485873222351074, -7.000911235809326, -0.00012337400403339416, -0.04858732968568802,
                                             -0.0009114163694903255, -9.000123023986816], shape: [2, 3], dtype: .float32)
        // torch.tensor([1000., 0., -1000.]).softmax(0) / .log_softmax(0)
        expectTensor(Tensor([1000.0, 0.0, -1000.0]).softmax(dim: 0), [1, 0, 0], shape: [3], dtype: .float32)
        expectTensor(Tensor([1000.0, 0.0, -1000.0]).logSoftmax(dim: 0), [0, -1000, -2000], shape: [3], dtype: .float32)
        // torch.tensor([-inf, 0.]).softmax(0)  -> [0, 1];  all -inf  -> nan;  an inf  -> nan
        expectTensor(Tensor([-Double.infinity, 0.0]).softmax(dim: 0), [0, 1], shape: [2], dtype: .float32)
        expectTensor(Tensor([-Double.infinity, -.infinity]).softmax(dim: 0), [.nan, .nan], shape: [2], dtype: .float32)
        expectTensor(Tensor([Double.infinity, 0.0]).softmax(dim: 0), [.nan, .nan], shape: [2], dtype: .float32)
    }

    @Test func allAny() {
        let m = Tensor([[true, false], [true, true]])
        // m.all();  m.all(1);  m.any(0)
        expectExact(m.all(), [0], shape: [], dtype: .bool)
        expectExact(m.all(dim: 1), [0, 1], shape: [2], dtype: .bool)
        expectExact(m.any(dim: 0), [1, 1], shape: [2], dtype: .bool)
        // torch.tensor([[True, False], [False, False]]).any(1, keepdim=True)
        expectExact(Tensor([[true, false], [false, false]]).any(dim: 1, keepdim: true), [1, 0], shape: [2, 1], dtype: .bool)
        // torch.tensor([1.0, 0.0]).all();  torch.tensor([nan, 0.0]).any()
        expectExact(Tensor([1.0, 0.0]).all(), [0], shape: [], dtype: .bool)
        expectExact(Tensor([Double.nan, 0.0]).any(), [1], shape: [], dtype: .bool)
        // Empty: all()  -> True;  any()  -> False
        expectExact(Tensor([Bool]()).all(), [1], shape: [], dtype: .bool)
        expectExact(Tensor([Bool]()).any(), [0], shape: [], dtype: .bool)
        // torch.tensor([[2, 0], [1, 3]], dtype=torch.uint8).all(1)  -> uint8 [0, 1]
        expectExact(Tensor([[2, 0], [1, 3]], dtype: .uint8).all(dim: 1), [0, 1], shape: [2], dtype: .uint8)
        // Transposed: m.t().all(1)  -> [True, False]
        expectExact(m.t().all(dim: 1), [1, 0], shape: [2], dtype: .bool)
    }

    @Test func norm() {
        // x.norm();  x.norm(1);  x.norm(inf);  x.norm(3);  x.norm(0)
        expectTensor(x.norm(), [9.539392471313477], shape: [], dtype: .float32)
        expectTensor(x.norm(p: 1), [21], shape: [], dtype: .float32)
        expectTensor(x.norm(p: .infinity), [6], shape: [], dtype: .float32)
        expectTensor(x.norm(p: 3), [7.611662864685059], shape: [], dtype: .float32)
        expectTensor(x.norm(p: 0), [6], shape: [], dtype: .float32)
        // x.norm(dim=1);  x.norm(p=1, dim=0, keepdim=True)
        expectTensor(x.norm(dim: 1), [3.7416574954986572, 8.774964332580566], shape: [2], dtype: .float32)
        expectTensor(x.norm(p: 1, dim: 0, keepdim: true), [5, 7, 9], shape: [1, 3], dtype: .float32)
        // torch.tensor([]).norm()  -> 0
        expectTensor(Tensor([Double]()).norm(), [0], shape: [], dtype: .float32)
    }

    @Test func transposedInput() {
        // t  -> [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]
        expectTensor(t.sum(dim: 0), [6, 22, 38], shape: [3], dtype: .float32)
        expectTensor(t.sum(dim: 1), [12, 15, 18, 21], shape: [4], dtype: .float32)
        expectTensor(t.max(dim: 0).values, [3, 7, 11], shape: [3], dtype: .float32)
        expectExact(t.max(dim: 0).indices, [3, 3, 3], shape: [3], dtype: .int64)
        expectTensor(t.cumsum(dim: 1), [0, 4, 12, 1, 6, 15, 2, 8, 18, 3, 10, 21], shape: [4, 3], dtype: .float32)
        let rowSoftmax = [0.00032932040630839765, 0.017980286851525307, 0.9816903471946716]
        expectTensor(t.softmax(dim: 1), rowSoftmax + rowSoftmax + rowSoftmax + rowSoftmax, shape: [4, 3], dtype: .float32, atol: 1e-7)
        expectTensor(t.prod(dim: 0), [0, 840, 7920], shape: [3], dtype: .float32)
        expectTensor(t.var(dim: 0), [1.6666666269302368, 1.6666666269302368, 1.6666666269302368], shape: [3], dtype: .float32)
        expectTensor(t.mean(), [5.5], shape: [], dtype: .float32)
    }

    @Test func expandedAndSteppedInput() {
        // ex  -> [[1, 1, 1], [2, 2, 2]]
        expectTensor(ex.sum(dim: 1), [3, 6], shape: [2], dtype: .float32)
        expectTensor(ex.sum(dim: 0), [3, 3, 3], shape: [3], dtype: .float32)
        expectTensor(ex.cumsum(dim: 1), [1, 2, 3, 2, 4, 6], shape: [2, 3], dtype: .float32)
        expectExact(ex.max(dim: 1).indices, [0, 0], shape: [2], dtype: .int64)
        expectTensor(ex.softmax(dim: 1), Array(repeating: 0.3333333432674408, count: 6), shape: [2, 3], dtype: .float32)
        // st  -> [0, 3, 6, 9]
        expectTensor(st.sum(), [18], shape: [], dtype: .float32)
        expectTensor(st.cumsum(dim: 0), [0, 3, 9, 18], shape: [4], dtype: .float32)
        expectTensor(st.var(), [15], shape: [], dtype: .float32)
    }

    @Test func multipleDimsAndEmptyInputs() {
        // y = torch.arange(24.).reshape(2, 3, 4)
        let y = Tensor.arange(24.0).reshape(2, 3, 4)
        // y.mean((0, 2));  y.sum((-1, 0), keepdim=True);  y.permute(2, 0, 1).sum((1, 2))
        expectTensor(y.mean(dim: [0, 2]), [7.5, 11.5, 15.5], shape: [3], dtype: .float32)
        expectTensor(y.sum(dim: [-1, 0], keepdim: true), [60, 92, 124], shape: [1, 3, 1], dtype: .float32)
        expectTensor(y.permute(2, 0, 1).sum(dim: [1, 2]), [60, 66, 72, 78], shape: [4], dtype: .float32)
        // y.transpose(0, 2).max(1).values;  y.transpose(0, 2).max(1, keepdim=True).indices
        expectTensor(y.transpose(0, 2).max(dim: 1).values, [8, 20, 9, 21, 10, 22, 11, 23], shape: [4, 2], dtype: .float32)
        expectExact(y.transpose(0, 2).max(dim: 1, keepdim: true).indices, [2, 2, 2, 2, 2, 2, 2, 2], shape: [4, 1, 2], dtype: .int64)
        // torch.zeros(0, 3).max(1).values;  .sum(1);  .softmax(1);  .cumsum(0)
        expectTensor(Tensor.zeros(0, 3).max(dim: 1).values, [], shape: [0], dtype: .float32)
        expectTensor(Tensor.zeros(0, 3).sum(dim: 1), [], shape: [0], dtype: .float32)
        expectTensor(Tensor.zeros(0, 3).softmax(dim: 1), [], shape: [0, 3], dtype: .float32)
        expectTensor(Tensor.zeros(0, 3).cumsum(dim: 0), [], shape: [0, 3], dtype: .float32)
        // 0-d: torch.tensor(3.0).logsumexp(0);  .softmax(0);  .log_softmax(0)
        expectTensor(Tensor(3.0).logsumexp(dim: 0), [3], shape: [], dtype: .float32)
        expectTensor(Tensor(3.0).softmax(dim: 0), [1], shape: [], dtype: .float32)
        expectTensor(Tensor(3.0).logSoftmax(dim: 0), [0], shape: [], dtype: .float32)
    }

    @Test func otherDTypes() {
        // h = torch.tensor([[0.1, 0.2, 0.3], [1000.0, 2000.0, 0.5]], dtype=torch.float16)
        let h = Tensor([[0.1, 0.2, 0.3], [1000.0, 2000.0, 0.5]], dtype: .float16)
        expectTensor(h.sum(), [3002], shape: [], dtype: .float16, atol: 0, rtol: 0)
        expectTensor(h.sum(dim: 1), [0.60009765625, 3000.0], shape: [2], dtype: .float16, atol: 0, rtol: 0)
        expectTensor(h.mean(dim: 0), [500.0, 1000.0, 0.39990234375], shape: [3], dtype: .float16, atol: 0, rtol: 0)
        expectTensor(h.softmax(dim: 1), [0.300537109375, 0.332275390625, 0.3671875, 0.0, 1.0, 0.0], shape: [2, 3], dtype: .float16, atol: 1e-3)
        expectTensor(h.max(dim: 1).values, [0.300048828125, 2000.0], shape: [2], dtype: .float16, atol: 0, rtol: 0)
        expectExact(h.max(dim: 1).indices, [2, 1], shape: [2], dtype: .int64)
        // h.cumsum(1)  (accumulated in a wider type, rounded per output)
        expectTensor(h.cumsum(dim: 1), [0.0999755859375, 0.2998046875, 0.60009765625, 1000.0, 3000.0, 3000.0], shape: [2, 3],
                     dtype: .float16, atol: 0, rtol: 0)
        expectTensor(h.prod(dim: 0), [100.0, 400.0, 0.1500244140625], shape: [3], dtype: .float16, atol: 0, rtol: 0)
        // h.var(1)  -> [0.010009765625, inf] (the squares overflow float16)
        expectTensor(h.var(dim: 1), [0.010009765625, .infinity], shape: [2], dtype: .float16, atol: 1e-4)
        // torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64).var() / .logsumexp(1)
        let d = Tensor([[1.0, 2.0], [3.0, 4.0]], dtype: .float64)
        expectTensor(d.var(), [1.6666666666666667], shape: [], dtype: .float64, atol: 0, rtol: 1e-15)
        expectTensor(d.logsumexp(dim: 1), [2.313261687518223, 4.313261687518223], shape: [2], dtype: .float64, atol: 0, rtol: 1e-15)
        // torch.tensor([3, 1, 2], dtype=torch.int32).max(0).values  -> int32;  .sum()  -> int64
        expectExact(Tensor([3, 1, 2], dtype: .int32).max(dim: 0).values, [3], shape: [], dtype: .int32)
        expectExact(Tensor([3, 1, 2], dtype: .int32).sum(), [6], shape: [], dtype: .int64)
        // torch.tensor([3, 1, 2], dtype=torch.uint8).max();  .argmin()
        expectExact(Tensor([3, 1, 2], dtype: .uint8).max(), [3], shape: [], dtype: .uint8)
        expectExact(Tensor([3, 1, 2], dtype: .uint8).argmin(), [1], shape: [], dtype: .int64)
        // torch.tensor([2**40, 2**30]).prod()  -> wraps to 0
        expectExact(Tensor([Int64(1) << 40, Int64(1) << 30]).prod(), [0], shape: [], dtype: .int64)
        // torch.tensor([True, False, True]).min(0).indices  -> 1;  torch.tensor([True, True]).min(0).values  -> True
        expectExact(Tensor([true, false, true]).min(dim: 0).indices, [1], shape: [], dtype: .int64)
        expectExact(Tensor([true, true]).min(dim: 0).values, [1], shape: [], dtype: .bool)
    }

    @Test func moreTransposedReductions() {
        // m = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).t()
        let m = Tensor([[1.0, 2.0], [3.0, 4.0]]).t()
        expectTensor(m.logsumexp(dim: 1), [3.1269280910491943, 4.126927852630615], shape: [2], dtype: .float32)
        expectTensor(m.logSoftmax(dim: 1), [-2.1269280910491943, -0.12692804634571075, -2.1269280910491943, -0.12692804634571075],
                     shape: [2, 2], dtype: .float32)
        expectTensor(m.norm(dim: 0), [2.2360680103302, 5.0], shape: [2], dtype: .float32)
        expectTensor(m.std(dim: 1), [1.4142135381698608, 1.4142135381698608], shape: [2], dtype: .float32)
        expectTensor(m.mean(dim: 1), [2, 3], shape: [2], dtype: .float32)
        // torch.tensor([[True, False], [True, True]]).t().any(1)
        expectExact(Tensor([[true, false], [true, true]]).t().any(dim: 1), [1, 1], shape: [2], dtype: .bool)
    }
}
