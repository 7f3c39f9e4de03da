import Testing
@testable import Ember

// einsum and diagonal against values recorded from PyTorch 2.15 (`torch.` snippets above
// each expectation); error messages are checked in exit tests (PyTorch's exception beside them).

@Suite struct EinsumTests {
    @Test func matrixProduct() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(12.) - 5).reshape(3, 4)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(3, 4)
        // torch.einsum('ij,jk->ik', a, b)
        expectTensor(einsum("ij,jk->ik", a, b), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4], dtype: .float32)
    }

    @Test func batchMatrixProduct() {
        // a = torch.arange(12.).reshape(2, 2, 3)
        let a = Tensor.arange(12, dtype: .float32).reshape(2, 2, 3)
        // b = (torch.arange(12.) - 6).reshape(2, 3, 2)
        let b = (Tensor.arange(12, dtype: .float32) - 6).reshape(2, 3, 2)
        // torch.einsum('bij,bjk->bik', a, b)
        expectTensor(einsum("bij,bjk->bik", a, b), [-8, -5, -44, -32, 46, 67, 64, 94], shape: [2, 2, 2], dtype: .float32)
    }

    /// An implicit output sorts its labels, so `ji` transposes too.
    @Test func transpose() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // torch.einsum('ij->ji', a)
        expectTensor(einsum("ij->ji", a), [0, 3, 1, 4, 2, 5], shape: [3, 2], dtype: .float32)
        // torch.einsum('ji', a)
        expectTensor(einsum("ji", a), [0, 3, 1, 4, 2, 5], shape: [3, 2], dtype: .float32)
    }

    @Test func traceOfSquareMatrix() {
        // a = torch.arange(9.).reshape(3, 3)
        let a = Tensor.arange(9, dtype: .float32).reshape(3, 3)
        // torch.einsum('ii->', a)
        expectTensor(einsum("ii->", a), [12], shape: [], dtype: .float32)
        // torch.einsum('ii', a)
        expectTensor(einsum("ii", a), [12], shape: [], dtype: .float32)
    }

    @Test func diagonalOfSquareMatrix() {
        // a = torch.arange(9.).reshape(3, 3)
        let a = Tensor.arange(9, dtype: .float32).reshape(3, 3)
        // torch.einsum('ii->i', a)
        expectTensor(einsum("ii->i", a), [0, 4, 8], shape: [3], dtype: .float32)
    }

    @Test func diagonalOfNonAdjacentDims() {
        // a = torch.arange(18.).reshape(3, 3, 2)
        let a = Tensor.arange(18, dtype: .float32).reshape(3, 3, 2)
        // c = torch.arange(18.).reshape(3, 2, 3)
        let c = Tensor.arange(18, dtype: .float32).reshape(3, 2, 3)
        // d = torch.arange(36.).reshape(3, 2, 3, 2)
        let d = Tensor.arange(36, dtype: .float32).reshape(3, 2, 3, 2)
        // torch.einsum('iij->ij', a)
        expectTensor(einsum("iij->ij", a), [0, 1, 8, 9, 16, 17], shape: [3, 2], dtype: .float32)
        // torch.einsum('iji->ji', c)
        expectTensor(einsum("iji->ji", c), [0, 7, 14, 3, 10, 17], shape: [2, 3], dtype: .float32)
        // torch.einsum('ijij->ij', d)
        expectTensor(einsum("ijij->ij", d), [0, 7, 14, 21, 28, 35], shape: [3, 2], dtype: .float32)
    }

    @Test func outerProduct() {
        // u = torch.tensor([1.0, 2.0, 3.0])
        let u = Tensor([1.0, 2.0, 3.0])
        // v = torch.tensor([-1.0, 0.5])
        let v = Tensor([-1.0, 0.5])
        // torch.einsum('i,j->ij', u, v)
        expectTensor(einsum("i,j->ij", u, v), [-1, 0.5, -2, 1, -3, 1.5], shape: [3, 2], dtype: .float32)
        // torch.einsum('i,j', u, v)
        expectTensor(einsum("i,j", u, v), [-1, 0.5, -2, 1, -3, 1.5], shape: [3, 2], dtype: .float32)
    }

    @Test func dotProduct() {
        // u = torch.arange(4.)
        let u = Tensor.arange(4, dtype: .float32)
        // v = torch.tensor([2.0, -1.0, 0.5, 3.0])
        let v = Tensor([2.0, -1.0, 0.5, 3.0])
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(6.) - 3).reshape(2, 3)
        let b = (Tensor.arange(6, dtype: .float32) - 3).reshape(2, 3)
        // torch.einsum('i,i->', u, v)
        expectTensor(einsum("i,i->", u, v), [9], shape: [], dtype: .float32)
        // torch.einsum('i,i', u, v)
        expectTensor(einsum("i,i", u, v), [9], shape: [], dtype: .float32)
        // torch.einsum('ij,ij->', a, b)
        expectTensor(einsum("ij,ij->", a, b), [10], shape: [], dtype: .float32)
    }

    @Test func sums() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // torch.einsum('ij->', a)
        expectTensor(einsum("ij->", a), [15], shape: [], dtype: .float32)
        // torch.einsum('ij->i', a)
        expectTensor(einsum("ij->i", a), [3, 12], shape: [2], dtype: .float32)
        // torch.einsum('ij->j', a)
        expectTensor(einsum("ij->j", a), [3, 5, 7], shape: [3], dtype: .float32)
    }

    @Test func elementwiseProduct() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(6.) - 3).reshape(2, 3)
        let b = (Tensor.arange(6, dtype: .float32) - 3).reshape(2, 3)
        // torch.einsum('ij,ij->ij', a, b)
        expectTensor(einsum("ij,ij->ij", a, b), [0, -2, -2, 0, 4, 10], shape: [2, 3], dtype: .float32)
    }

    @Test func implicitOutput() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(12.) - 5).reshape(3, 4)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(3, 4)
        // torch.einsum('ij,jk', a, b)
        expectTensor(einsum("ij,jk", a, b), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4], dtype: .float32)
        // torch.einsum('ij,kj', a, a)
        expectTensor(einsum("ij,kj", a, a), [5, 14, 14, 50], shape: [2, 2], dtype: .float32)
    }

    @Test func uppercaseLabelsSortFirst() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = torch.arange(12.).reshape(3, 4)
        let b = Tensor.arange(12, dtype: .float32).reshape(3, 4)
        // torch.einsum('bA,Ac', a, b)
        expectTensor(einsum("bA,Ac", a, b), [20, 23, 26, 29, 56, 68, 80, 92], shape: [2, 4], dtype: .float32)
        // torch.einsum('Ab,bc', a, b)
        expectTensor(einsum("Ab,bc", a, b), [20, 23, 26, 29, 56, 68, 80, 92], shape: [2, 4], dtype: .float32)
    }

    /// Ellipsis dims broadcast like matmul's batch dims.
    @Test func ellipsisBatchProduct() {
        // a = (torch.arange(12.) - 4).reshape(2, 1, 2, 3)
        let a = (Tensor.arange(12, dtype: .float32) - 4).reshape(2, 1, 2, 3)
        // b = torch.arange(18.).reshape(3, 3, 2)
        let b = Tensor.arange(18, dtype: .float32).reshape(3, 3, 2)
        // torch.einsum('...ij,...jk->...ik', a, b)
        expectTensor(einsum("...ij,...jk->...ik", a, b), [-14, -23, 4, 4, -68, -77, 4, 4, -122, -131, 4, 4, 22, 31, 40, 58, 76, 85, 148, 166, 130, 139, 256, 274], shape: [2, 3, 2, 2], dtype: .float32)
        // torch.einsum('...ij,...jk', a, b)
        expectTensor(einsum("...ij,...jk", a, b), [-14, -23, 4, 4, -68, -77, 4, 4, -122, -131, 4, 4, 22, 31, 40, 58, 76, 85, 148, 166, 130, 139, 256, 274], shape: [2, 3, 2, 2], dtype: .float32)
    }

    @Test func ellipsisInOtherPositions() {
        // a = torch.arange(24.).reshape(2, 3, 4)
        let a = Tensor.arange(24, dtype: .float32).reshape(2, 3, 4)
        // torch.einsum('i...->...', a)
        expectTensor(einsum("i...->...", a), [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34], shape: [3, 4], dtype: .float32)
        // torch.einsum('...j->j...', a)
        expectTensor(einsum("...j->j...", a), [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23], shape: [4, 2, 3], dtype: .float32)
        // torch.einsum('i...k->ki...', a)
        expectTensor(einsum("i...k->ki...", a), [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23], shape: [4, 2, 3], dtype: .float32)
        // torch.einsum('...->...', a)
        expectTensor(einsum("...->...", a), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], shape: [2, 3, 4], dtype: .float32)
    }

    @Test func threeOperands() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(12.) - 5).reshape(3, 4)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(3, 4)
        // c = (torch.arange(8.) - 3).reshape(4, 2)
        let c = (Tensor.arange(8, dtype: .float32) - 3).reshape(4, 2)
        // torch.einsum('ij,jk,kl->il', a, b, c)
        expectTensor(einsum("ij,jk,kl->il", a, b, c), [30, 68, 120, 176], shape: [2, 2], dtype: .float32)
    }

    @Test func bilinear() {
        // l = torch.arange(6.).reshape(2, 3)
        let l = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // a = (torch.arange(24.) - 10).reshape(4, 3, 2)
        let a = (Tensor.arange(24, dtype: .float32) - 10).reshape(4, 3, 2)
        // r = (torch.arange(4.) - 1).reshape(2, 2)
        let r = (Tensor.arange(4, dtype: .float32) - 1).reshape(2, 2)
        // torch.einsum('bn,anm,bm->ba', l, a, r)
        expectTensor(einsum("bn,anm,bm->ba", l, a, r), [20, 2, -16, -34, -252, -36, 180, 396], shape: [2, 4], dtype: .float32)
    }

    @Test func spacesAreIgnored() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(12.) - 5).reshape(3, 4)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(3, 4)
        // torch.einsum(' i j , j k -> i k ', a, b)
        expectTensor(einsum(" i j , j k -> i k ", a, b), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4], dtype: .float32)
    }

    @Test func sizeOneDimsBroadcast() {
        // u = torch.tensor([1.0, 2.0, 3.0])
        let u = Tensor([1.0, 2.0, 3.0])
        // s = torch.tensor([2.0])
        let s = Tensor([2.0])
        // a = torch.arange(3.).reshape(3, 1)
        let a = Tensor.arange(3, dtype: .float32).reshape(3, 1)
        // b = torch.arange(4.).reshape(1, 4)
        let b = Tensor.arange(4, dtype: .float32).reshape(1, 4)
        // torch.einsum('i,i->i', u, s)
        expectTensor(einsum("i,i->i", u, s), [2, 4, 6], shape: [3], dtype: .float32)
        // torch.einsum('ij,ij->ij', a, b)
        expectTensor(einsum("ij,ij->ij", a, b), [0, 0, 0, 0, 0, 1, 2, 3, 0, 2, 4, 6], shape: [3, 4], dtype: .float32)
        // torch.einsum('ij,ij->', a, b)
        expectTensor(einsum("ij,ij->", a, b), [18], shape: [], dtype: .float32)
    }

    @Test func scalarOperands() {
        // x = torch.tensor(3.)
        let x = Tensor(3.0)
        // a = torch.arange(4.).reshape(2, 2)
        let a = Tensor.arange(4, dtype: .float32).reshape(2, 2)
        // torch.einsum('->', x)
        expectTensor(einsum("->", x), [3], shape: [], dtype: .float32)
        // torch.einsum(',ij->ij', x, a)
        expectTensor(einsum(",ij->ij", x, a), [0, 3, 6, 9], shape: [2, 2], dtype: .float32)
    }

    @Test func int64Operands() {
        // a = torch.arange(6, dtype=torch.int64).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .int64).reshape(2, 3)
        // b = (torch.arange(6, dtype=torch.int64) - 2).reshape(3, 2)
        let b = (Tensor.arange(6, dtype: .int64) - 2).reshape(3, 2)
        // s = a.narrow(1, 0, 2)
        let s = a.narrow(1, 0, 2)
        // torch.einsum('ij,jk->ik', a, b)
        expectExact(einsum("ij,jk->ik", a, b), [4, 7, 4, 16], shape: [2, 2], dtype: .int64)
        // torch.einsum('ij->', a)
        expectExact(einsum("ij->", a), [15], shape: [], dtype: .int64)
        // torch.einsum('ii->i', s)
        expectExact(einsum("ii->i", s), [0, 4], shape: [2], dtype: .int64)
        // torch.einsum('ij,jk->ik', s, s)
        expectExact(einsum("ij,jk->ik", s, s), [3, 4, 12, 19], shape: [2, 2], dtype: .int64)
    }

    @Test func float64Operands() {
        // a = torch.arange(6, dtype=torch.float64).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float64).reshape(2, 3)
        // b = torch.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], dtype=torch.float64)
        let b = Tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], dtype: .float64)
        // torch.einsum('ij,jk->ki', a, b)
        expectTensor(einsum("ij,jk->ki", a, b), [1.3, 4, 1.6, 5.2], shape: [2, 2], dtype: .float64, atol: 1e-12, rtol: 1e-12)
    }

    @Test func zeroSizedOperand() {
        // a = torch.ones(2, 0)
        let a = Tensor.ones(2, 0)
        // b = torch.ones(0, 3)
        let b = Tensor.ones(0, 3)
        // torch.einsum('ij,jk->ik', a, b)
        expectTensor(einsum("ij,jk->ik", a, b), [0, 0, 0, 0, 0, 0], shape: [2, 3], dtype: .float32)
    }

    @Test func arrayOfOperands() {
        // a = torch.arange(6.).reshape(2, 3)
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3)
        // b = (torch.arange(12.) - 5).reshape(3, 4)
        let b = (Tensor.arange(12, dtype: .float32) - 5).reshape(3, 4)
        // torch.einsum('ij,jk->ik', [a, b])
        expectTensor(einsum("ij,jk->ik", [a, b]), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4], dtype: .float32)
    }

    /// `diagonal` is a view: dims removed, the diagonal appended last.
    @Test func diagonalView() {
        // a = torch.arange(12.).reshape(3, 4)
        let a = Tensor.arange(12, dtype: .float32).reshape(3, 4)
        // c = torch.arange(24.).reshape(2, 3, 4)
        let c = Tensor.arange(24, dtype: .float32).reshape(2, 3, 4)
        // a.diagonal()
        #expect(a.diagonal().stride() == [5])
        expectTensor(a.diagonal(), [0, 5, 10], shape: [3], dtype: .float32)
        // a.diagonal(1)
        #expect(a.diagonal(offset: 1).stride() == [5])
        expectTensor(a.diagonal(offset: 1), [1, 6, 11], shape: [3], dtype: .float32)
        // a.diagonal(-1)
        #expect(a.diagonal(offset: -1).stride() == [5])
        expectTensor(a.diagonal(offset: -1), [4, 9], shape: [2], dtype: .float32)
        // a.diagonal(5)
        expectTensor(a.diagonal(offset: 5), [], shape: [0], dtype: .float32)
        // torch.diagonal(c, 0, 0, 2)
        #expect(diagonal(c, offset: 0, dim1: 0, dim2: 2).stride() == [4, 13])
        expectTensor(diagonal(c, offset: 0, dim1: 0, dim2: 2), [0, 13, 4, 17, 8, 21], shape: [3, 2], dtype: .float32)
        // c.diagonal(1, -1, 1)
        #expect(c.diagonal(offset: 1, dim1: -1, dim2: 1).stride() == [12, 5])
        expectTensor(c.diagonal(offset: 1, dim1: -1, dim2: 1), [4, 9, 16, 21], shape: [2, 2], dtype: .float32)
    }

    @Test func matrixProductGradients() {
        // x = torch.arange(6.).reshape(2, 3).requires_grad_()
        let x = Tensor.arange(6, dtype: .float32).reshape(2, 3).requiresGrad_()
        // w = (torch.arange(12.) - 6).reshape(3, 4).requires_grad_()
        let w = (Tensor.arange(12, dtype: .float32) - 6).reshape(3, 4).requiresGrad_()
        // g = torch.arange(8.).reshape(2, 4)
        let g = Tensor.arange(8, dtype: .float32).reshape(2, 4)
        // (torch.einsum('ij,jk->ik', x, w) * g).sum().backward()
        (einsum("ij,jk->ik", x, w) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [-22, 2, 26, -94, -6, 82], shape: [2, 3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [12, 15, 18, 21, 16, 21, 26, 31, 20, 27, 34, 41], shape: [3, 4], dtype: .float32)
    }

    @Test func diagonalAndTraceGradients() {
        // x = torch.arange(9.).reshape(3, 3).requires_grad_()
        let x = Tensor.arange(9, dtype: .float32).reshape(3, 3).requiresGrad_()
        // g = torch.tensor([1.0, -2.0, 3.0])
        let g = Tensor([1.0, -2.0, 3.0])
        // (torch.einsum('ii->i', x) * g).sum().backward()
        (einsum("ii->i", x) * g).sum().backward()
        // torch.einsum('ii', x * x).backward()
        einsum("ii", x * x).backward()
        // x.grad
        expectTensor(x.grad!, [1, 0, 0, 0, 6, 0, 0, 0, 19], shape: [3, 3], dtype: .float32)
    }

    @Test func diagonalViewGradients() {
        // x = torch.arange(12.).reshape(3, 4).requires_grad_()
        let x = Tensor.arange(12, dtype: .float32).reshape(3, 4).requiresGrad_()
        // g = torch.tensor([1.0, -2.0, 3.0])
        let g = Tensor([1.0, -2.0, 3.0])
        // (x.diagonal(1) * g).sum().backward()
        (x.diagonal(offset: 1) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [0, 1, 0, 0, 0, 0, -2, 0, 0, 0, 0, 3], shape: [3, 4], dtype: .float32)
    }

    @Test func bilinearGradients() {
        // l = torch.arange(6.).reshape(2, 3).requires_grad_()
        let l = Tensor.arange(6, dtype: .float32).reshape(2, 3).requiresGrad_()
        // a = (torch.arange(24.) - 10).reshape(4, 3, 2).requires_grad_()
        let a = (Tensor.arange(24, dtype: .float32) - 10).reshape(4, 3, 2).requiresGrad_()
        // r = (torch.arange(4.) - 1).reshape(2, 2).requires_grad_()
        let r = (Tensor.arange(4, dtype: .float32) - 1).reshape(2, 2).requiresGrad_()
        // g = torch.arange(8.).reshape(2, 4)
        let g = Tensor.arange(8, dtype: .float32).reshape(2, 4)
        // (torch.einsum('bn,anm,bm->ba', l, a, r) * g).sum().backward()
        (einsum("bn,anm,bm->ba", l, a, r) * g).sum().backward()
        // l.grad
        expectTensor(l.grad!, [-24, -36, -48, 68, 200, 332], shape: [2, 3], dtype: .float32)
        // a.grad
        expectTensor(a.grad!, [12, 24, 16, 32, 20, 40, 15, 30, 19, 40, 23, 50, 18, 36, 22, 48, 26, 60, 21, 42, 25, 56, 29, 70], shape: [4, 3, 2], dtype: .float32)
        // r.grad
        expectTensor(r.grad!, [132, 150, 712, 976], shape: [2, 2], dtype: .float32)
    }

    @Test func ellipsisBroadcastGradients() {
        // x = torch.arange(12.).reshape(2, 1, 2, 3).requires_grad_()
        let x = Tensor.arange(12, dtype: .float32).reshape(2, 1, 2, 3).requiresGrad_()
        // w = (torch.arange(18.) - 4).reshape(3, 3, 2).requires_grad_()
        let w = (Tensor.arange(18, dtype: .float32) - 4).reshape(3, 3, 2).requiresGrad_()
        // g = torch.arange(24.).reshape(2, 3, 2, 2)
        let g = Tensor.arange(24, dtype: .float32).reshape(2, 3, 2, 2)
        // (torch.einsum('...ij,...jk->...ik', x, w) * g).sum().backward()
        (einsum("...ij,...jk->...ik", x, w) * g).sum().backward()
        // x.grad
        expectTensor(x.grad!, [165, 219, 273, 195, 273, 351, 345, 543, 741, 375, 597, 819], shape: [2, 1, 2, 3], dtype: .float32)
        // w.grad
        expectTensor(w.grad!, [204, 222, 232, 254, 260, 286, 276, 294, 320, 342, 364, 390, 348, 366, 408, 430, 468, 494], shape: [3, 3, 2], dtype: .float32)
    }

    @Test func outerAndSumGradients() {
        // u = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        let u = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        // v = torch.tensor([-1.0, 0.5], requires_grad=True)
        let v = Tensor([-1.0, 0.5], requiresGrad: true)
        // g = torch.arange(6.).reshape(3, 2)
        let g = Tensor.arange(6, dtype: .float32).reshape(3, 2)
        // (torch.einsum('i,j->ij', u, v) * g).sum().backward()
        (einsum("i,j->ij", u, v) * g).sum().backward()
        // torch.einsum('i->', u).backward()
        einsum("i->", u).backward()
        // u.grad
        expectTensor(u.grad!, [1.5, 0.5, -0.5], shape: [3], dtype: .float32)
        // v.grad
        expectTensor(v.grad!, [16, 22], shape: [2], dtype: .float32)
    }

    @Test func subscriptCountMismatch() async {
        // torch.einsum('ij,jk->ik', torch.ones(2, 3, 4), torch.ones(3, 4))
        // -> RuntimeError: einsum(): the number of subscripts in the equation (2) does not match the number of dimensions (3) for operand 0 and no ellipsis was given
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk->ik", Tensor.ones(2, 3, 4), Tensor.ones(3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): the number of subscripts in the equation (2) does not match the number of dimensions (3) for operand 0 and no ellipsis was given"))
        #expect(stderr.contains("EinsumTests.swift:"))
    }

    @Test func subscriptCountMismatchWithEllipsis() async {
        // torch.einsum('...ijk->i', torch.ones(2, 3))
        // -> RuntimeError: einsum(): the number of subscripts in the equation (3) is more than the number of dimensions (2) for operand 0
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("...ijk->i", Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): the number of subscripts in the equation (3) is more than the number of dimensions (2) for operand 0"))
    }

    @Test func moreOperandsThanSubscripts() async {
        // torch.einsum('ij,jk', torch.ones(2, 3), torch.ones(3, 4), torch.ones(4))
        // -> RuntimeError: einsum(): more operands were provided than specified in the equation
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk", Tensor.ones(2, 3), Tensor.ones(3, 4), Tensor.ones(4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): more operands were provided than specified in the equation"))
    }

    @Test func fewerOperandsThanSubscripts() async {
        // torch.einsum('ij,jk,kl', torch.ones(2, 3), torch.ones(3, 4))
        // -> RuntimeError: einsum(): fewer operands were provided than specified in the equation
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk,kl", Tensor.ones(2, 3), Tensor.ones(3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): fewer operands were provided than specified in the equation"))
    }

    @Test func invalidSubscript() async {
        // torch.einsum('i1,jk', torch.ones(2, 3), torch.ones(3, 4))
        // -> RuntimeError: einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("i1,jk", Tensor.ones(2, 3), Tensor.ones(3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]"))
    }

    @Test func invalidOutputSubscript() async {
        // torch.einsum('ij,jk->i1', torch.ones(2, 3), torch.ones(3, 4))
        // -> RuntimeError: einsum(): invalid subscript given at index 8 in the equation string, subscripts must be in [a-zA-Z]
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk->i1", Tensor.ones(2, 3), Tensor.ones(3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): invalid subscript given at index 8 in the equation string, subscripts must be in [a-zA-Z]"))
    }

    @Test func outputSubscriptNotInInputs() async {
        // torch.einsum('ij,jk->iz', torch.ones(2, 3), torch.ones(3, 4))
        // -> RuntimeError: einsum(): output subscript z does not appear in the equation for any input operand
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk->iz", Tensor.ones(2, 3), Tensor.ones(3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): output subscript z does not appear in the equation for any input operand"))
    }

    @Test func outputSubscriptRepeated() async {
        // torch.einsum('ij,jk->ii', torch.ones(2, 3), torch.ones(3, 4))
        // -> RuntimeError: einsum(): output subscript i appears more than once in the output
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk->ii", Tensor.ones(2, 3), Tensor.ones(3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): output subscript i appears more than once in the output"))
    }

    @Test func dotNotPartOfEllipsis() async {
        // torch.einsum('i..j', torch.ones(2, 3))
        // -> RuntimeError: einsum(): found '.' for operand 0 that is not part of any ellipsis
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("i..j", Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): found '.' for operand 0 that is not part of any ellipsis"))
    }

    @Test func twoEllipsesInOperand() async {
        // torch.einsum('...i...', torch.ones(2, 3))
        // -> RuntimeError: einsum(): found '.' for operand 0 for which an ellipsis was already found
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("...i...", Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): found '.' for operand 0 for which an ellipsis was already found"))
    }

    @Test func dotNotPartOfOutputEllipsis() async {
        // torch.einsum('ij->..', torch.ones(2, 3))
        // -> RuntimeError: einsum(): found '.' for output that is not part of any ellipsis (...)
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij->..", Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): found '.' for output that is not part of any ellipsis (...)"))
    }

    @Test func twoEllipsesInOutput() async {
        // torch.einsum('...ij->......', torch.ones(2, 3))
        // -> RuntimeError: einsum(): found '.' for output but an ellipsis (...) was already found
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("...ij->......", Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): found '.' for output but an ellipsis (...) was already found"))
    }

    @Test func subscriptSizesDoNotBroadcast() async {
        // torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(4, 5))
        // -> RuntimeError: einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk->ik", Tensor.ones(2, 3), Tensor.ones(4, 5))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3"))
    }

    @Test func ellipsisSizesDoNotBroadcast() async {
        // torch.einsum('i...,i...', torch.ones(4, 2, 3), torch.ones(4, 5, 3))
        // -> RuntimeError: einsum(): dimension 1 covered by ellipsis in operand 1has size 5 which does not broadcast with previously seen ellipsis with size 2 for the respective dimension
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("i...,i...", Tensor.ones(4, 2, 3), Tensor.ones(4, 5, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): dimension 1 covered by ellipsis in operand 1has size 5 which does not broadcast with previously seen ellipsis with size 2 for the respective dimension"))
    }

    @Test func repeatedSubscriptSizesDiffer() async {
        // torch.einsum('ii->i', torch.ones(2, 3))
        // -> RuntimeError: einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ii->i", Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2"))
    }

    @Test func contractionDTypeMismatch() async {
        // torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(3, 4, dtype=torch.float64))
        // -> RuntimeError: expected scalar type Float but found Double
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = einsum("ij,jk->ik", Tensor.ones(2, 3), Tensor.ones(3, 4, dtype: .float64))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("expected scalar type Float but found Double"))
    }

    @Test func diagonalDimsIdentical() async {
        // torch.ones(2, 3).diagonal(0, 0, -2)
        // -> RuntimeError: diagonal dimensions cannot be identical 0, -2
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3).diagonal(offset: 0, dim1: 0, dim2: -2)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("diagonal dimensions cannot be identical 0, -2"))
    }

    /// Node names as in PyTorch (`torch.einsum(...).grad_fn.name()`).
    @Test func gradFnNames() {
        // x = torch.arange(9.).reshape(3, 3).requires_grad_(); w = torch.arange(12.).reshape(3, 4).requires_grad_()
        let x = Tensor.arange(9, dtype: .float32).reshape(3, 3).requiresGrad_()
        let w = Tensor.arange(12, dtype: .float32).reshape(3, 4).requiresGrad_()
        // x.diagonal(1).grad_fn.name() == 'DiagonalBackward0'
        #expect(x.diagonal(offset: 1).gradFn?.name == "DiagonalBackward0")
        // torch.einsum('ij->ji', x).grad_fn.name() == 'PermuteBackward0'
        #expect(einsum("ij->ji", x).gradFn?.name == "PermuteBackward0")
        // torch.einsum('ii->i', x).grad_fn.name() == 'PermuteBackward0'
        #expect(einsum("ii->i", x).gradFn?.name == "PermuteBackward0")
        // torch.einsum('ij->', x).grad_fn.name() == 'SumBackward1'
        #expect(einsum("ij->", x).gradFn?.name == "SumBackward1")
        // torch.einsum('ij,jk->ik', x, w).grad_fn.name() == 'ViewBackward0'
        #expect(einsum("ij,jk->ik", x, w).gradFn?.name == "ViewBackward0")
        // torch.einsum('ij,ij->ij', x, x).grad_fn.name() == 'MulBackward0'
        #expect(einsum("ij,ij->ij", x, x).gradFn?.name == "MulBackward0")
    }

    /// Finite differences in float64: first and second order through einsum's pieces
    /// (diagonal, permute, sum, mul, bmm).
    @Test func einsumGradcheck() throws {
        let a = (Tensor.arange(6, dtype: .float64) * 0.3 - 0.7).reshape(2, 3).requiresGrad_()
        let b = (Tensor.arange(12, dtype: .float64) * 0.2 - 1.1).reshape(3, 4).requiresGrad_()
        let c = (Tensor.arange(9, dtype: .float64) * 0.25 - 1).reshape(3, 3).requiresGrad_()
        let l = (Tensor.arange(4, dtype: .float64) * 0.5 - 0.9).reshape(2, 2).requiresGrad_()
        let t = (Tensor.arange(16, dtype: .float64) * 0.1 - 0.8).reshape(4, 2, 2).requiresGrad_()
        // Distinct storages: gradcheck perturbs each input in place.
        let d = (Tensor.arange(12, dtype: .float64) * 0.3 - 1.7).reshape(4, 3).requiresGrad_()
        let r = (Tensor.arange(4, dtype: .float64) * -0.4 + 0.6).reshape(2, 2).requiresGrad_()
        let e = (Tensor.arange(9, dtype: .float64) * -0.2 + 0.9).reshape(3, 3).requiresGrad_()
        let s = (Tensor.arange(18, dtype: .float64) * 0.15 - 1.2).reshape(3, 2, 3).requiresGrad_()
        let cases: [(String, [Tensor])] = [
            ("ij,jk->ik", [a, b]), ("ii->i", [c]), ("ii", [c]), ("ij,jk,kl->il", [a, b, d]),
            ("bn,anm,bm->ba", [l, t, r]), ("...ij,...jk->...ik", [t, l]), ("ij,ij->", [c, e]), ("iji->ij", [s]),
        ]
        for (equation, inputs) in cases {
            #expect(try gradcheck({ einsum(equation, $0) }, inputs, raiseException: false), "\(equation)")
            // Squared, so that linear equations have a second derivative too.
            #expect(try gradgradcheck({ einsum(equation, $0) ** 2 }, inputs, raiseException: false), "\(equation)")
        }
        #expect(try gradcheck({ $0[0].diagonal(offset: -1) }, [b]))
        #expect(try gradgradcheck({ $0[0].diagonal(offset: 1, dim1: 1, dim2: 0) ** 2 }, [b]))
    }
}
