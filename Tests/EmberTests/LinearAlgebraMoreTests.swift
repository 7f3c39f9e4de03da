import Testing
@testable import Ember

// Linear algebra against values recorded from PyTorch 2.15 (`torch.` snippets above each
// expectation); error messages are checked in exit tests (PyTorch's exception beside them).

@Suite struct LinearAlgebraMoreTests {
    @Test func mvAndOuterGradients() {
        // a = torch.arange(6.).reshape(2, 3).requires_grad_()
        let a = Tensor.arange(6, dtype: .float32).reshape(2, 3).requiresGrad_()
        // v = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
        let v = Tensor([1.0, -2.0, 0.5], requiresGrad: true)
        // u = torch.tensor([3.0, -1.0], requires_grad=True)
        let u = Tensor([3.0, -1.0], requiresGrad: true)
        // (torch.mv(a, v) * u).sum().backward()
        (mv(a, v) * u).sum().backward()
        // (torch.outer(u, v) * a).sum().backward()
        (outer(u, v) * a).sum().backward()
        // a.grad
        expectTensor(a.grad!, [6, -12, 3, -2, 4, -1], shape: [2, 3], dtype: .float32)
        // v.grad
        expectTensor(v.grad!, [-6, -2, 2], shape: [3], dtype: .float32)
        // u.grad
        expectTensor(u.grad!, [-2, -5], shape: [2], dtype: .float32)
    }

    @Test func dotGradients() {
        // a = torch.arange(3.).requires_grad_()
        let a = Tensor.arange(3, dtype: .float32).requiresGrad_()
        // b = torch.tensor([2.0, -1.0, 0.5], requires_grad=True)
        let b = Tensor([2.0, -1.0, 0.5], requiresGrad: true)
        // torch.dot(a, b).backward()
        dot(a, b).backward()
        // a.grad
        expectTensor(a.grad!, [2, -1, 0.5], shape: [3], dtype: .float32)
        // b.grad
        expectTensor(b.grad!, [0, 1, 2], shape: [3], dtype: .float32)
    }

    @Test func matmulFloat64Gradients() {
        // x = torch.arange(6, dtype=torch.float64).reshape(2, 3).requires_grad_()
        let x = Tensor.arange(6, dtype: .float64).reshape(2, 3).requiresGrad_()
        // w = torch.tensor([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], dtype=torch.float64, requires_grad=True)
        let w = Tensor([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], dtype: .float64, requiresGrad: true)
        // (torch.matmul(x, w) ** 2).sum().backward()
        (matmul(x, w) ** 2).sum().backward()
        // x.grad
        expectTensor(x.grad!, [-6, 3.625, 9, -5.25, 25.75, 7.875], shape: [2, 3], dtype: .float64, atol: 1e-12, rtol: 1e-12)
        // w.grad
        expectTensor(w.grad!, [34.5, 33, 47, 50.5, 59.5, 68], shape: [3, 2], dtype: .float64, atol: 1e-12, rtol: 1e-12)
    }

    @Test func mmShapeError() async {
        // torch.mm(torch.ones(2, 3), torch.ones(4, 5))
        // -> RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mm(Tensor.ones(2, 3), Tensor.ones(4, 5))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"))
        #expect(stderr.contains("LinearAlgebraMoreTests.swift:"))
    }

    @Test func mmNeedsMatrices() async {
        // torch.mm(torch.ones(3), torch.ones(3, 2))
        // -> RuntimeError: mm: self must be a matrix, got 1-D tensor
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mm(Tensor.ones(3), Tensor.ones(3, 2))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("mm: self must be a matrix, got 1-D tensor"))
    }

    @Test func mmNeedsMatrixMat2() async {
        // torch.mm(torch.ones(2, 3), torch.ones(3))
        // -> RuntimeError: mm: mat2 must be a matrix, got 1-D tensor
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mm(Tensor.ones(2, 3), Tensor.ones(3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("mm: mat2 must be a matrix, got 1-D tensor"))
    }

    @Test func mmDTypeMismatch() async {
        // torch.mm(torch.ones(2, 3), torch.ones(3, 2, dtype=torch.float64))
        // -> RuntimeError: expected m1 and m2 to have the same dtype, but got: float != double
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mm(Tensor.ones(2, 3), Tensor.ones(3, 2, dtype: .float64))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("expected m1 and m2 to have the same dtype, but got: float != double"))
    }

    @Test func mvSizeMismatch() async {
        // torch.mv(torch.ones(2, 3), torch.ones(4))
        // -> RuntimeError: size mismatch, got input (2), mat (2x3), vec (4)
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mv(Tensor.ones(2, 3), Tensor.ones(4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("size mismatch, got input (2), mat (2x3), vec (4)"))
    }

    @Test func mvNeedsVector() async {
        // torch.mv(torch.ones(2, 3), torch.ones(3, 1))
        // -> RuntimeError: vector + matrix @ vector expected, got 1, 2, 2
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mv(Tensor.ones(2, 3), Tensor.ones(3, 1))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("vector + matrix @ vector expected, got 1, 2, 2"))
    }

    @Test func bmmNeeds3D() async {
        // torch.bmm(torch.ones(2, 3), torch.ones(2, 3, 4))
        // -> RuntimeError: batch1 must be a 3D tensor
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = bmm(Tensor.ones(2, 3), Tensor.ones(2, 3, 4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("batch1 must be a 3D tensor"))
    }

    @Test func bmmSizeMismatch() async {
        // torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 5, 6))
        // -> RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = bmm(Tensor.ones(2, 3, 4), Tensor.ones(2, 5, 6))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5]."))
    }

    @Test func bmmBatchMismatch() async {
        // torch.bmm(torch.ones(2, 3, 4), torch.ones(3, 4, 6))
        // -> RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = bmm(Tensor.ones(2, 3, 4), Tensor.ones(3, 4, 6))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4]."))
    }

    @Test func bmmDTypeMismatch() async {
        // torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 4, 6, dtype=torch.float64))
        // -> RuntimeError: expected scalar type Float but found Double
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = bmm(Tensor.ones(2, 3, 4), Tensor.ones(2, 4, 6, dtype: .float64))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("expected scalar type Float but found Double"))
    }

    @Test func dotNeedsVectors() async {
        // torch.dot(torch.ones(2, 3), torch.ones(3))
        // -> RuntimeError: 1D tensors expected, but got 2D and 1D tensors
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = dot(Tensor.ones(2, 3), Tensor.ones(3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("1D tensors expected, but got 2D and 1D tensors"))
    }

    @Test func dotSizeMismatch() async {
        // torch.dot(torch.ones(3), torch.ones(4))
        // -> RuntimeError: inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = dot(Tensor.ones(3), Tensor.ones(4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively"))
    }

    @Test func dotDTypeMismatch() async {
        // torch.dot(torch.ones(3), torch.ones(3, dtype=torch.float64))
        // -> RuntimeError: dot : expected both vectors to have same dtype, but found Float and Double
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = dot(Tensor.ones(3), Tensor.ones(3, dtype: .float64))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("dot : expected both vectors to have same dtype, but found Float and Double"))
    }

    @Test func outerNeedsVectors() async {
        // torch.outer(torch.ones(3), torch.ones(2, 3))
        // -> RuntimeError: outer: Expected 1-D argument vec2, but got 2-D
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = outer(Tensor.ones(3), Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("outer: Expected 1-D argument vec2, but got 2-D"))
    }

    @Test func matmulNeeds1D() async {
        // torch.matmul(torch.tensor(1.), torch.ones(2, 3))
        // -> RuntimeError: both arguments to matmul need to be at least 1D, but they are 0D and 2D
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor(1.0), Tensor.ones(2, 3))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("both arguments to matmul need to be at least 1D, but they are 0D and 2D"))
    }

    @Test func matmulVectorSizeMismatch() async {
        // torch.matmul(torch.ones(3), torch.ones(4))
        // -> RuntimeError: inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.ones(3), Tensor.ones(4))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively"))
    }

    @Test func matmulFoldedShapeError() async {
        // torch.matmul(torch.ones(2, 3, 4), torch.ones(5, 6))
        // -> RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.ones(2, 3, 4), Tensor.ones(5, 6))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("mm: mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)"))
    }

    @Test func matmulFoldedVectorError() async {
        // torch.matmul(torch.ones(2, 3, 4), torch.ones(5))
        // -> RuntimeError: size mismatch, got input (6), mat (6x4), vec (5)
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.ones(2, 3, 4), Tensor.ones(5))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("size mismatch, got input (6), mat (6x4), vec (5)"))
    }

    @Test func matmulBatchedShapeError() async {
        // torch.matmul(torch.ones(3, 4), torch.ones(2, 5, 6))
        // -> RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.ones(3, 4), Tensor.ones(2, 5, 6))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5]."))
    }

    @Test func matmulBatchDimsDoNotBroadcast() async {
        // torch.matmul(torch.ones(2, 3, 4), torch.ones(3, 4, 6))
        // -> RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.ones(2, 3, 4), Tensor.ones(3, 4, 6))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"))
    }

    @Test func tOf3DTensor() async {
        // torch.ones(2, 3, 4).t()
        // -> RuntimeError: t() expects a tensor with <= 2 dimensions, but self is 3D
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3, 4).t()
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("t() expects a tensor with <= 2 dimensions, but self is 3D"))
    }

    @Test func mTOfVector() async {
        // torch.ones(3).mT
        // -> RuntimeError: tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3).mT
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."))
    }

    /// Node names as in PyTorch (`y.grad_fn.name()`).
    @Test func gradFnNames() {
        // x = torch.arange(6.).reshape(2, 3).requires_grad_(); w = torch.arange(12.).reshape(3, 4).requires_grad_()
        let x = Tensor.arange(6, dtype: .float32).reshape(2, 3).requiresGrad_()
        let w = Tensor.arange(12, dtype: .float32).reshape(3, 4).requiresGrad_()
        // torch.matmul(x, w).grad_fn.name() == 'MmBackward0'
        #expect(matmul(x, w).gradFn?.name == "MmBackward0")
        // torch.matmul(x.expand(2, 2, 3), w).grad_fn.name() == 'UnsafeViewBackward0'
        #expect(matmul(x.expand(2, 2, 3), w).gradFn?.name == "UnsafeViewBackward0")
        // torch.bmm(x.expand(2, 2, 3), w.expand(2, 3, 4)).grad_fn.name() == 'BmmBackward0'
        #expect(bmm(x.expand(2, 2, 3), w.expand(2, 3, 4)).gradFn?.name == "BmmBackward0")
        // torch.mv(w.t(), x[0]).grad_fn.name() == 'MvBackward0'; torch.dot(x[0], x[1]).grad_fn.name() == 'DotBackward0'
        #expect(mv(w.t(), x.select(0, 0)).gradFn?.name == "MvBackward0")
        #expect(dot(x.select(0, 0), x.select(0, 1)).gradFn?.name == "DotBackward0")
    }

    /// Finite differences in float64, first and second order, over every matmul form.
    @Test func matmulGradcheck() throws {
        let v = Tensor([0.5, -1.25, 2.0], dtype: .float64, requiresGrad: true)
        let w = Tensor([1.5, 0.75, -1.0], dtype: .float64, requiresGrad: true)
        let m = (Tensor.arange(6, dtype: .float64) * 0.3 - 0.7).reshape(2, 3).requiresGrad_()
        let n = (Tensor.arange(12, dtype: .float64) * 0.2 - 1.1).reshape(3, 4).requiresGrad_()
        let b3 = (Tensor.arange(18, dtype: .float64) * 0.1 - 0.8).reshape(2, 3, 3).requiresGrad_()
        let b4 = (Tensor.arange(12, dtype: .float64) * 0.15 - 0.6).reshape(2, 1, 2, 3).requiresGrad_()
        let pairs: [(String, Tensor, Tensor)] = [
            ("1-D·1-D", v, w), ("2-D·1-D", m, v), ("1-D·2-D", v, n), ("2-D·2-D", m, n), ("3-D·2-D", b3, n),
            ("2-D·3-D", m, b3), ("1-D·3-D", v, b3), ("3-D·1-D", b3, v), ("4-D·3-D", b4, b3),
        ]
        for (name, x, y) in pairs {
            #expect(try gradcheck({ matmul($0[0], $0[1]) }, [x, y], raiseException: false), "\(name)")
            #expect(try gradgradcheck({ matmul($0[0], $0[1]) ** 2 }, [x, y], raiseException: false), "\(name)")
        }
    }
}
