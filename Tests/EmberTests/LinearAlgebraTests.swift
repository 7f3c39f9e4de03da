import Testing
@testable import Ember

// Linear algebra against values recorded from PyTorch 2.15 (`torch.` snippets above each
// expectation); error messages are checked in exit tests (PyTorch's exception beside them).

@Suite struct LinearAlgebraTests {
    /// 1-D · 1-D is a dot product: a 0-d result.
    @Test func matmulVectorVector() {
        // a = torch.arange(3.)
        let a = Tensor.arange(3, dtype: .float32)
        // b = torch.tensor([1.0, -2.0, 3.0])
        let b = Tensor([1.0, -2.0, 3.0])
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [4], shape: [], dtype: .float32)
    }

    @Test func matmulMatrixVector() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // v = torch.tensor([1.0, -2.0, 3.0])
        let v = Tensor([1.0, -2.0, 3.0])
        // torch.matmul(a, v)
        expectTensor(matmul(a, v), [4, 10], shape: [2], dtype: .float32)
    }

    /// 1-D · 2-D: the vector gains a leading dim, which is dropped again.
    @Test func matmulVectorMatrix() {
        // v = torch.tensor([1.0, -2.0])
        let v = Tensor([1.0, -2.0])
        // b = torch.arange(6.).reshape(2, 3)
        let b = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // torch.matmul(v, b)
        expectTensor(matmul(v, b), [-6, -7, -8], shape: [3], dtype: .float32)
    }

    @Test func matmulMatrixMatrix() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(12.) - 5).reshape(3, 4)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(3, 4)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4], dtype: .float32)
        // a.matmul(b)
        expectTensor(a.matmul(b), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4], dtype: .float32)
    }

    /// 3-D · 2-D: the matrix is broadcast over the batch.
    @Test func matmulBatchMatrix() {
        // a = torch.arange(12.).reshape(2, 2, 3)
        let a = Tensor.arange(12, dtype: .float32).reshape(2, 2, 3)
        // b = (torch.arange(6.) - 2).reshape(3, 2)
        let b = (Tensor.arange(6, dtype: .float32) - 2).reshape(3, 2)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [4, 7, 4, 16, 4, 25, 4, 34], shape: [2, 2, 2], dtype: .float32)
    }

    @Test func matmulMatrixBatch() {
        // a = (torch.arange(6.) - 2).reshape(2, 3)
        let a = (Tensor.arange(6, dtype: .float32) - 2).reshape(2, 3)
        // b = torch.arange(12.).reshape(2, 3, 2)
        let b = Tensor.arange(12, dtype: .float32).reshape(2, 3, 2)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [-2, -5, 16, 22, -20, -23, 52, 58], shape: [2, 2, 2], dtype: .float32)
    }

    /// 1-D · 3-D: a leading dim is added, then removed.
    @Test func matmulVectorBatch() {
        // v = torch.tensor([1.0, -1.0, 2.0])
        let v = Tensor([1.0, -1.0, 2.0])
        // b = torch.arange(12.).reshape(2, 3, 2)
        let b = Tensor.arange(12, dtype: .float32).reshape(2, 3, 2)
        // torch.matmul(v, b)
        expectTensor(matmul(v, b), [6, 8, 18, 20], shape: [2, 2], dtype: .float32)
    }

    /// 3-D · 1-D: a trailing dim is added, then removed.
    @Test func matmulBatchVector() {
        // a = torch.arange(12.).reshape(2, 2, 3)
        let a = Tensor.arange(12, dtype: .float32).reshape(2, 2, 3)
        // v = torch.tensor([1.0, -1.0, 2.0])
        let v = Tensor([1.0, -1.0, 2.0])
        // torch.matmul(a, v)
        expectTensor(matmul(a, v), [3, 9, 15, 21], shape: [2, 2], dtype: .float32)
    }

    /// 4-D · 3-D: batch dims [2, 1] and [3] broadcast to [2, 3].
    @Test func matmulBroadcastBatchDims() {
        // a = (torch.arange(12.) - 4).reshape(2, 1, 2, 3)
        let a = (Tensor.arange(12, dtype: .float32) - 4).reshape(2, 1, 2, 3)
        // b = torch.arange(18.).reshape(3, 3, 2)
        let b = Tensor.arange(18, dtype: .float32).reshape(3, 3, 2)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [-14, -23, 4, 4, -68, -77, 4, 4, -122, -131, 4, 4, 22, 31, 40, 58, 76, 85, 148, 166, 130, 139, 256, 274], shape: [2, 3, 2, 2], dtype: .float32)
    }

    @Test func matmulBatchBatch() {
        // a = torch.arange(6.).reshape(1, 2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(1, 2, 3)
        // b = (torch.arange(12.) - 6).reshape(4, 3, 1)
        let b = (Tensor.arange(12, dtype: .float32) - 6).reshape(4, 3, 1)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [-13, -58, -4, -22, 5, 14, 14, 50], shape: [4, 2, 1], dtype: .float32)
    }

    @Test func mmMatrixProduct() {
        // a = (torch.arange(6.) - 3).reshape(3, 2)
        let a = (Tensor.arange(6, dtype: .float32) - 3).reshape(3, 2)
        // b = torch.arange(8.).reshape(2, 4)
        let b = Tensor.arange(8, dtype: .float32).reshape(2, 4)
        // torch.mm(a, b)
        expectTensor(mm(a, b), [-8, -13, -18, -23, 0, -1, -2, -3, 8, 11, 14, 17], shape: [3, 4], dtype: .float32)
        // a.mm(b)
        expectTensor(a.mm(b), [-8, -13, -18, -23, 0, -1, -2, -3, 8, 11, 14, 17], shape: [3, 4], dtype: .float32)
    }

    /// Non-contiguous operands are read through their strides.
    @Test func mmOfTransposedViews() {
        // a = torch.arange(6.).reshape(3, 2)
        let a = Tensor.arange(6, dtype: .float32).reshape(3, 2)
        // b = (torch.arange(12.) - 5).reshape(4, 3)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(4, 3)
        // torch.mm(a.t(), b.t())
        expectTensor(mm(a.t(), b.t()), [-20, -2, 16, 34, -32, -5, 22, 49], shape: [2, 4], dtype: .float32)
    }

    @Test func mvMatrixVector() {
        // a = torch.arange(12.).reshape(3, 4)
        let a = Tensor.arange(12, dtype: .float32).reshape(3, 4)
        // v = torch.tensor([0.5, -1.0, 2.0, 1.5])
        let v = Tensor([0.5, -1.0, 2.0, 1.5])
        // torch.mv(a, v)
        expectTensor(mv(a, v), [7.5, 19.5, 31.5], shape: [3], dtype: .float32)
        // a.mv(v)
        expectTensor(a.mv(v), [7.5, 19.5, 31.5], shape: [3], dtype: .float32)
    }

    @Test func bmmBatchedProduct() {
        // a = torch.arange(12.).reshape(2, 2, 3)
        let a = Tensor.arange(12, dtype: .float32).reshape(2, 2, 3)
        // b = (torch.arange(12.) - 6).reshape(2, 3, 2)
        let b = (Tensor.arange(12, dtype: .float32) - 6).reshape(2, 3, 2)
        // torch.bmm(a, b)
        expectTensor(bmm(a, b), [-8, -5, -44, -32, 46, 67, 64, 94], shape: [2, 2, 2], dtype: .float32)
        // a.bmm(b)
        expectTensor(a.bmm(b), [-8, -5, -44, -32, 46, 67, 64, 94], shape: [2, 2, 2], dtype: .float32)
    }

    @Test func dotInnerProduct() {
        // a = torch.arange(4.)
        let a = Tensor.arange(4, dtype: .float32)
        // b = torch.tensor([2.0, -1.0, 0.5, 3.0])
        let b = Tensor([2.0, -1.0, 0.5, 3.0])
        // torch.dot(a, b)
        expectTensor(dot(a, b), [9], shape: [], dtype: .float32)
        // a.dot(b)
        expectTensor(a.dot(b), [9], shape: [], dtype: .float32)
    }

    @Test func outerProduct() {
        // a = torch.tensor([1.0, 2.0, 3.0])
        let a = Tensor([1.0, 2.0, 3.0])
        // b = torch.tensor([-1.0, 0.5])
        let b = Tensor([-1.0, 0.5])
        // torch.outer(a, b)
        expectTensor(outer(a, b), [-1, 0.5, -2, 1, -3, 1.5], shape: [3, 2], dtype: .float32)
        // a.outer(b)
        expectTensor(a.outer(b), [-1, 0.5, -2, 1, -3, 1.5], shape: [3, 2], dtype: .float32)
    }

    @Test func transposeViews() {
        // m = torch.arange(6.).reshape(2, 3)
        let m = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // c = torch.arange(24.).reshape(2, 3, 4)
        let c = Tensor.arange(24, dtype: .float32).reshape(2, 3, 4)
        // m.T
        #expect(m.T.stride() == [1, 3])
        expectTensor(m.T, [0, 3, 1, 4, 2, 5], shape: [3, 2], dtype: .float32)
        // m.mT
        #expect(m.mT.stride() == [1, 3])
        expectTensor(m.mT, [0, 3, 1, 4, 2, 5], shape: [3, 2], dtype: .float32)
        // m.t()
        #expect(m.t().stride() == [1, 3])
        expectTensor(m.t(), [0, 3, 1, 4, 2, 5], shape: [3, 2], dtype: .float32)
        // c.T
        #expect(c.T.stride() == [1, 4, 12])
        expectTensor(c.T, [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23], shape: [4, 3, 2], dtype: .float32)
        // c.mT
        #expect(c.mT.stride() == [12, 1, 4])
        expectTensor(c.mT, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23], shape: [2, 4, 3], dtype: .float32)
        // c.transpose(0, 2)
        #expect(c.transpose(0, 2).stride() == [1, 4, 12])
        expectTensor(c.transpose(0, 2), [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23], shape: [4, 3, 2], dtype: .float32)
        // c.transpose(-1, 0)
        #expect(c.transpose(-1, 0).stride() == [1, 4, 12])
        expectTensor(c.transpose(-1, 0), [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23], shape: [4, 3, 2], dtype: .float32)
    }

    @Test func tOfVectorIsItself() {
        // v = torch.arange(3.)
        let v = Tensor.arange(3, dtype: .float32)
        // v.t()
        expectTensor(v.t(), [0, 1, 2], shape: [3], dtype: .float32)
        // v.T
        expectTensor(v.T, [0, 1, 2], shape: [3], dtype: .float32)
    }

    @Test func matmulFloat64() {
        // a = torch.arange(6, dtype=torch.float64).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float64).reshape(2, 3)
        // b = torch.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], dtype=torch.float64)
        let b = Tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], dtype: .float64)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [1.3, 1.6, 4, 5.2], shape: [2, 2], dtype: .float64, atol: 1e-12, rtol: 1e-12)
    }

    @Test func matmulInt64() {
        // a = torch.arange(12, dtype=torch.int64).reshape(2, 2, 3)
        let a = Tensor.arange(12, dtype: .int64).reshape(2, 2, 3)
        // b = (torch.arange(6, dtype=torch.int64) - 3).reshape(3, 2)
        let b = (Tensor.arange(6, dtype: .int64) - 3).reshape(3, 2)
        // torch.matmul(a, b)
        expectExact(matmul(a, b), [1, 4, -8, 4, -17, 4, -26, 4], shape: [2, 2, 2], dtype: .int64)
        // torch.mm(a.select(0, 1), b)
        expectExact(mm(a.select(0, 1), b), [-17, 4, -26, 4], shape: [2, 2], dtype: .int64)
        // torch.dot(b.select(1, 0), b.select(1, 1))
        expectExact(dot(b.select(1, 0), b.select(1, 1)), [8], shape: [], dtype: .int64)
    }

    @Test func matmulFloat16() {
        // a = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], dtype=torch.float16)
        let a = Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], dtype: .float16)
        // b = torch.tensor([[1.5, -2.0], [0.25, 3.0], [-1.0, 0.75]], dtype=torch.float16)
        let b = Tensor([[1.5, -2.0], [0.25, 3.0], [-1.0, 0.75]], dtype: .float16)
        // torch.matmul(a, b)
        expectTensor(matmul(a, b), [-0.10009766, 0.625, 0.12475586, 1.1503906], shape: [2, 2], dtype: .float16, atol: 0.001, rtol: 0.001)
        // torch.matmul(a, b.select(1, 0))
        expectTensor(matmul(a, b.select(1, 0)), [-0.10009766, 0.12475586], shape: [2], dtype: .float16, atol: 0.001, rtol: 0.001)
    }

    @Test func mmGradients() {
        // x = torch.arange(6.).reshape(2, 3).requires_grad_()
        let x = Tensor.arange(6, dtype: .float32).reshape(2, 3).requiresGrad_()
        // w = (torch.arange(12.) - 6).reshape(3, 4).requires_grad_()
        let w = (Tensor.arange(12, dtype: .float32) - 6).reshape(3, 4).requiresGrad_()
        // g = torch.arange(8.).reshape(2, 4)
        let g = Tensor.arange(8, dtype: .float32).reshape(2, 4)
        // (torch.mm(x, w) * g).sum().backward()
        (mm(x, w) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [-22, 2, 26, -94, -6, 82], shape: [2, 3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [12, 15, 18, 21, 16, 21, 26, 31, 20, 27, 34, 41], shape: [3, 4], dtype: .float32)
    }

    @Test func bmmGradients() {
        // x = torch.arange(12.).reshape(2, 2, 3).requires_grad_()
        let x = Tensor.arange(12, dtype: .float32).reshape(2, 2, 3).requiresGrad_()
        // w = (torch.arange(12.) - 5).reshape(2, 3, 2).requires_grad_()
        let w = (Tensor.arange(12, dtype: .float32) - 5).reshape(2, 3, 2).requiresGrad_()
        // g = torch.arange(8.).reshape(2, 2, 2)
        let g = Tensor.arange(8, dtype: .float32).reshape(2, 2, 2)
        // (torch.bmm(x, w) * g).sum().backward()
        (bmm(x, w) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [-4, -2, 0, -22, -12, -2, 14, 32, 50, 20, 46, 72], shape: [2, 2, 3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [6, 9, 8, 13, 10, 17, 78, 93, 88, 105, 98, 117], shape: [2, 3, 2], dtype: .float32)
    }

    /// Grads of broadcast batch dims are summed back to each operand's shape.
    @Test func matmulBroadcastGradients() {
        // x = torch.arange(12.).reshape(2, 1, 2, 3).requires_grad_()
        let x = Tensor.arange(12, dtype: .float32).reshape(2, 1, 2, 3).requiresGrad_()
        // w = (torch.arange(18.) - 4).reshape(3, 3, 2).requires_grad_()
        let w = (Tensor.arange(18, dtype: .float32) - 4).reshape(3, 3, 2).requiresGrad_()
        // g = torch.arange(24.).reshape(2, 3, 2, 2)
        let g = Tensor.arange(24, dtype: .float32).reshape(2, 3, 2, 2)
        // (torch.matmul(x, w) * g).sum().backward()
        (matmul(x, w) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [165, 219, 273, 195, 273, 351, 345, 543, 741, 375, 597, 819], shape: [2, 1, 2, 3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [204, 222, 232, 254, 260, 286, 276, 294, 320, 342, 364, 390, 348, 366, 408, 430, 468, 494], shape: [3, 3, 2], dtype: .float32)
    }

    @Test func matmulFoldedGradients() {
        // x = torch.arange(12.).reshape(2, 2, 3).requires_grad_()
        let x = Tensor.arange(12, dtype: .float32).reshape(2, 2, 3).requiresGrad_()
        // w = (torch.arange(6.) - 1).reshape(3, 2).requires_grad_()
        let w = (Tensor.arange(6, dtype: .float32) - 1).reshape(3, 2).requiresGrad_()
        // g = torch.arange(8.).reshape(2, 2, 2)
        let g = Tensor.arange(8, dtype: .float32).reshape(2, 2, 2)
        // (torch.matmul(x, w) * g).sum().backward()
        (matmul(x, w) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [0, 2, 4, -2, 8, 18, -4, 14, 32, -6, 20, 46], shape: [2, 2, 3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [84, 102, 96, 118, 108, 134], shape: [3, 2], dtype: .float32)
    }

    @Test func matmulVectorGradients() {
        // v = torch.tensor([1.0, -1.0, 2.0], requires_grad=True)
        let v = Tensor([1.0, -1.0, 2.0], requiresGrad: true)
        // w = torch.arange(12.).reshape(2, 3, 2).requires_grad_()
        let w = Tensor.arange(12, dtype: .float32).reshape(2, 3, 2).requiresGrad_()
        // g = torch.arange(4.).reshape(2, 2)
        let g = Tensor.arange(4, dtype: .float32).reshape(2, 2)
        // (torch.matmul(v, w) * g).sum().backward()
        (matmul(v, w) * g).sum().backward()
        // v.grad
        expectTensor(v.grad!, [34, 46, 58], shape: [3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [0, 1, 0, -1, 0, 2, 2, 3, -2, -3, 4, 6], shape: [2, 3, 2], dtype: .float32)
    }
}
