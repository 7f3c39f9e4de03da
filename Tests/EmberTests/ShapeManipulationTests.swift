import Testing
@testable import Ember

// tril/triu, roll, rot90, diff, pad (now in the core) and one_hot, pinned to PyTorch 2.15.
//   import torch.nn.functional as F
//   m = torch.arange(1., 13.).reshape(3, 4)
//   r = torch.arange(10).reshape(2, 5)
//   d = torch.tensor([[1., 4., 9., 16.], [2., 3., 5., 7.]])

@Suite struct ShapeManipulationTests {
    let m = Tensor.arange(1.0, 13.0).reshape(3, 4)
    let r = Tensor.arange(10).reshape(2, 5)
    let d = Tensor([[1.0, 4, 9, 16], [2, 3, 5, 7]])

    @Test func trilAndTriu() {
        // m.tril(); m.tril(1); m.triu(-1); m.triu(diagonal=2)
        expectTensor(m.tril(), [1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0], shape: [3, 4], dtype: .float32)
        expectTensor(m.tril(diagonal: 1), [1, 2, 0, 0, 5, 6, 7, 0, 9, 10, 11, 12], shape: [3, 4])
        expectTensor(triu(m, diagonal: -1), [1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12], shape: [3, 4])
        expectTensor(m.triu(diagonal: 2), [0, 0, 3, 4, 0, 0, 0, 8, 0, 0, 0, 0], shape: [3, 4])
        // m.t().tril(); m[:, ::2].triu()
        expectTensor(tril(m.t()), [1, 0, 0, 2, 6, 0, 3, 7, 11, 4, 8, 12], shape: [4, 3])
        expectTensor(m[.all, .slice(step: 2)].triu(), [1, 3, 0, 7, 0, 0], shape: [3, 2])
        // b = torch.arange(1, 13).reshape(2, 2, 3); b.tril(-1); b.triu()
        let b = Tensor.arange(1, 13).reshape(2, 2, 3)
        expectExact(b.tril(diagonal: -1), [0, 0, 0, 4, 0, 0, 0, 0, 0, 10, 0, 0], shape: [2, 2, 3], dtype: .int64)
        expectExact(b.triu(), [1, 2, 3, 0, 5, 6, 7, 8, 9, 0, 11, 12], shape: [2, 2, 3])
        // torch.ones(3, 3, dtype=torch.bool).tril(); torch.zeros(0, 3).tril()
        expectExact(Tensor.ones(3, 3, dtype: .bool).tril(), [1, 0, 0, 1, 1, 0, 1, 1, 1], shape: [3, 3], dtype: .bool)
        expectTensor(Tensor.zeros(0, 3).tril(), [], shape: [0, 3])
    }

    @Test func trilTriuInPlace() {
        // c = m.clone(); c.triu_(1)
        let c = m.clone()
        c.triu_(diagonal: 1)
        expectTensor(c, [0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12], shape: [3, 4])
        // c = m.clone(); c.t().tril_()  (written through the transposed view)
        let v = m.clone()
        v.t().tril_()
        expectTensor(v, [1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12], shape: [3, 4])
    }

    @Test func trilGradients() throws {
        // x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
        // (x.tril() * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward(); x.grad
        let x = Tensor([[1.0, 2, 3], [4, 5, 6]], requiresGrad: true)
        (x.tril() * Tensor([[1.0, 2, 3], [4, 5, 6]])).sum().backward()
        expectTensor(x.grad!, [1, 0, 0, 4, 5, 0], shape: [2, 3])
        #expect(x.tril().gradFn?.name == "TrilBackward0")
        #expect(x.triu().gradFn?.name == "TriuBackward0")
        let y = Tensor([[0.3, -1.2, 2.2], [1.1, 0.7, -0.4], [0.5, 0.25, -2.0]], dtype: .float64, requiresGrad: true)
        #expect(try gradcheck({ $0[0].tril(diagonal: -1) }, [y]))
        #expect(try gradcheck({ $0[0].t().triu(diagonal: 1) }, [y]))
        #expect(try gradcheck({ $0[0].clone().tril_() }, [y]))
    }

    @Test func rollShifts() {
        // r.roll(2); r.roll(-1, 1); r.roll([1, 3], [0, 1]); r.t().roll(1, 0)
        expectExact(r.roll(2), [8, 9, 0, 1, 2, 3, 4, 5, 6, 7], shape: [2, 5], dtype: .int64)
        expectExact(r.roll(-1, dims: 1), [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], shape: [2, 5])
        expectExact(roll(r, [1, 3], dims: [0, 1]), [7, 8, 9, 5, 6, 2, 3, 4, 0, 1], shape: [2, 5])
        expectExact(r.t().roll(1, dims: 0), [4, 9, 0, 5, 1, 6, 2, 7, 3, 8], shape: [5, 2])
        // r[:, ::2].roll(1, 1); torch.tensor([0.5, 1.5, 2.5]).roll(4); torch.tensor(5).roll(1)
        expectExact(r[.all, .slice(step: 2)].roll(1, dims: 1), [4, 0, 2, 9, 5, 7], shape: [2, 3])
        expectTensor(Tensor([0.5, 1.5, 2.5]).roll(4), [2.5, 0.5, 1.5], shape: [3], dtype: .float32)
        let scalar = Tensor(5)
        let rolled = scalar.roll(1)
        expectExact(rolled, [5], shape: [])
        #expect(rolled.storage !== scalar.storage)
    }

    @Test func rot90Turns() {
        // m.rot90(); m.rot90(2); m.rot90(3); m.rot90(-1, [1, 0])
        expectTensor(m.rot90(), [4, 8, 12, 3, 7, 11, 2, 6, 10, 1, 5, 9], shape: [4, 3])
        expectTensor(m.rot90(2), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], shape: [3, 4])
        expectTensor(rot90(m, 3), [9, 5, 1, 10, 6, 2, 11, 7, 3, 12, 8, 4], shape: [4, 3])
        expectTensor(m.rot90(-1, dims: [1, 0]), [4, 8, 12, 3, 7, 11, 2, 6, 10, 1, 5, 9], shape: [4, 3])
        // torch.arange(8).reshape(2, 2, 2).rot90(1, [1, 2]); m.t().rot90(1)
        expectExact(Tensor.arange(8).reshape(2, 2, 2).rot90(1, dims: [1, 2]), [1, 3, 0, 2, 5, 7, 4, 6], shape: [2, 2, 2])
        expectTensor(m.t().rot90(1), [9, 10, 11, 12, 5, 6, 7, 8, 1, 2, 3, 4], shape: [3, 4])
    }

    @Test func diffOrders() {
        // d.diff(); d.diff(n=2); d.diff(dim=0)
        expectTensor(d.diff(), [3, 5, 7, 1, 2, 2], shape: [2, 3], dtype: .float32)
        expectTensor(d.diff(n: 2), [2, 2, 1, 0], shape: [2, 2])
        expectTensor(diff(d, dim: 0), [1, -1, -4, -9], shape: [1, 4])
        // d.diff(prepend=torch.zeros(2, 1), append=torch.tensor([[20.], [10.]]))
        expectTensor(d.diff(prepend: Tensor.zeros(2, 1), append: Tensor([[20.0], [10.0]])), [1, 3, 5, 7, 4, 2, 1, 2, 2, 3], shape: [2, 5])
        // d.t().diff(dim=0); d[:, ::2].diff()
        expectTensor(d.t().diff(dim: 0), [3, 1, 5, 2, 7, 2], shape: [3, 2])
        expectTensor(d[.all, .slice(step: 2)].diff(), [8, 3], shape: [2, 1])
        // torch.tensor([1, 5, 2]).diff(); torch.tensor([True, False, False, True]).diff()
        expectExact(Tensor([1, 5, 2]).diff(), [4, -3], shape: [2], dtype: .int64)
        expectExact(Tensor([true, false, false, true]).diff(), [1, 0, 1], shape: [3], dtype: .bool)
        // torch.tensor([1., 2.]).diff(n=5)
        expectTensor(Tensor([1.0, 2.0]).diff(n: 5), [], shape: [0])
    }

    @Test func padInCore() {
        let x = Tensor([[1.0, 2], [3, 4]])
        // F.pad(x, [1, 2], value=-1.)
        expectTensor(Ember.pad(x, [1, 2], value: -1), [-1, 1, 2, -1, -1, -1, 3, 4, -1, -1], shape: [2, 5])
        // F.pad(x.reshape(1, 2, 2), [1, 1], mode='reflect')
        expectTensor(pad(x.reshape(1, 2, 2), [1, 1], mode: "reflect"), [2, 1, 2, 1, 4, 3, 4, 3], shape: [1, 2, 4])
        // F.pad(x.reshape(1, 2, 2), [2, 0, 0, 1], mode='replicate')
        expectTensor(pad(x.reshape(1, 2, 2), [2, 0, 0, 1], mode: "replicate"), [1, 1, 1, 2, 3, 3, 3, 4, 3, 3, 3, 4], shape: [1, 3, 4])
        // F.pad(x.reshape(1, 2, 2), [1, 1], mode='circular')
        expectTensor(pad(x.reshape(1, 2, 2), [1, 1], mode: "circular"), [2, 1, 2, 1, 4, 3, 4, 3], shape: [1, 2, 4])
        // F.pad(x.t(), [0, 1, 1, 0])
        expectTensor(pad(x.t(), [0, 1, 1, 0]), [0, 0, 0, 1, 3, 0, 2, 4, 0], shape: [3, 3])
    }

    @Test func oneHotEncoding() {
        // F.one_hot(torch.tensor([0, 2, 1]))
        expectExact(oneHot(Tensor([0, 2, 1])), [1, 0, 0, 0, 0, 1, 0, 1, 0], shape: [3, 3], dtype: .int64)
        // F.one_hot(torch.tensor([[0, 2], [1, 3]]), 5)
        expectExact(oneHot(Tensor([[0, 2], [1, 3]]), numClasses: 5),
                    [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0], shape: [2, 2, 5])
        // F.one_hot(torch.tensor(2), 4); F.one_hot(torch.tensor([], dtype=torch.long), 3)
        expectExact(oneHot(Tensor(2), numClasses: 4), [0, 0, 1, 0], shape: [4])
        expectExact(oneHot(Tensor.zeros(0, dtype: .int64), numClasses: 3), [], shape: [0, 3])
        // F.one_hot(torch.tensor([[0, 2], [1, 0]]).t())
        expectExact(oneHot(Tensor([[0, 2], [1, 0]]).t()), [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0], shape: [2, 2, 3])
    }

    @Test func rearrangementGradients() throws {
        let y = Tensor([[0.3, -1.2, 2.2], [1.1, 0.7, -0.4]], dtype: .float64, requiresGrad: true)
        #expect(y.roll(1).gradFn?.name == "RollBackward0")
        #expect(y.rot90().gradFn?.name == "Rot90Backward0")
        #expect(y.diff().gradFn?.name == "SubBackward0")
        #expect(try gradcheck({ $0[0].roll([1, -2], dims: [0, 1]) }, [y]))
        #expect(try gradcheck({ $0[0].t().roll(2) }, [y]))
        #expect(try gradcheck({ $0[0].rot90(1) }, [y]))
        #expect(try gradcheck({ $0[0].rot90(3, dims: [1, 0]) }, [y]))
        #expect(try gradcheck({ $0[0].diff(n: 2, prepend: $0[1]) }, [y, Tensor([[0.5], [-0.5]], dtype: .float64, requiresGrad: true)]))
        #expect(try gradgradcheck({ $0[0].rot90(2) * $0[0].roll(1) }, [y]))
    }

    @Test func errors() async {
        // torch.tensor([3., 1., 2.]).tril()
        let tri = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([3.0, 1, 2]).tril()
        }
        #expect(opsStderr(tri).contains("tril: input tensor must have at least 2 dimensions"))
        // F.one_hot(torch.tensor([3]), 2)
        let hot = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = oneHot(Tensor([3]), numClasses: 2)
        }
        #expect(opsStderr(hot).contains("Class values must be smaller than num_classes."))
        // torch.ones(2, 3).rot90(1, [0, 0])
        let rot = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3).rot90(1, dims: [0, 0])
        }
        #expect(opsStderr(rot).contains("expected rotation dims to be different, but got dim0 = 0 and dim1 = 0"))
    }
}
