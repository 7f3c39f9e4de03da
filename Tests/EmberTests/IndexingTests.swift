import Testing
@testable import Ember

// Expected values recorded from PyTorch 2.x; each check keeps its Python snippet above it.

@Suite struct IndexingTests {
    // MARK: - Seed program (01-tensors)

    @Test func seedProgramCases() {
        // tensor = torch.arange(12).reshape(3, 4)
        let tensor = Tensor.arange(12).reshape(3, 4)
        // tensor[0] -> [0, 1, 2, 3]
        expectExact(tensor[0], [0, 1, 2, 3], shape: [4], dtype: .int64)
        // tensor[:, 1] -> [1, 5, 9]
        expectExact(tensor[.all, 1], [1, 5, 9], shape: [3])
        // tensor[0:2, 2:4] -> [[2, 3], [6, 7]]
        expectExact(tensor[0..<2, 2..<4], [2, 3, 6, 7], shape: [2, 2])
        // tensor[tensor > 5] -> [6, 7, 8, 9, 10, 11]
        expectExact(tensor[tensor .> 5], [6, 7, 8, 9, 10, 11], shape: [6])
        // tensor[torch.tensor([0, 2])] -> [[0, 1, 2, 3], [8, 9, 10, 11]]
        expectExact(tensor[Tensor([0, 2])], [0, 1, 2, 3, 8, 9, 10, 11], shape: [2, 4])
        // tensor[1, 2].item() -> 6
        #expect(tensor[1, 2].item() == 6)

        let tensor3d = Tensor([[[5, 7, 2, 4], [1, 2, 3, 4]],
                               [[-5, -7, -2, -4], [-1, -2, -3, -4]],
                               [[15, 17, 12, 14], [11, 12, 13, 14]]])
        // t3d[0][1][3] -> tensor(4)
        expectExact(tensor3d[0][1][3], [4], shape: [])
        // t3d[:, 0, :2] -> [[5, 7], [-5, -7], [15, 17]]
        expectExact(tensor3d[.all, 0, ..<2], [5, 7, -5, -7, 15, 17], shape: [3, 2])
    }

    // MARK: - Basic indexing

    @Test func intsAndNegativeInts() {
        let t = Tensor.arange(12).reshape(3, 4)
        // t[-1] -> [8, 9, 10, 11]
        expectExact(t[-1], [8, 9, 10, 11], shape: [4])
        // t[-1, -1] -> 11 (0-d)
        expectExact(t[-1, -1], [11], shape: [])
        // t[1, -2] -> 6
        expectExact(t[1, -2], [6], shape: [])
        // t[torch.tensor(1)] -> [4, 5, 6, 7] (a 0-d int tensor is an int)
        expectExact(t[Tensor(1)], [4, 5, 6, 7], shape: [4])
    }

    @Test func rangeForms() {
        let t = Tensor.arange(12).reshape(3, 4)
        // t[1:3] -> rows 1, 2
        expectExact(t[1..<3], [4, 5, 6, 7, 8, 9, 10, 11], shape: [2, 4])
        expectExact(t[1...2], [4, 5, 6, 7, 8, 9, 10, 11], shape: [2, 4])
        // t[1:]
        expectExact(t[1...], [4, 5, 6, 7, 8, 9, 10, 11], shape: [2, 4])
        // t[:2]
        expectExact(t[..<2], [0, 1, 2, 3, 4, 5, 6, 7], shape: [2, 4])
        expectExact(t[...1], [0, 1, 2, 3, 4, 5, 6, 7], shape: [2, 4])
        // t[-2:-1] -> [[4, 5, 6, 7]]
        expectExact(t[(-2)..<(-1)], [4, 5, 6, 7], shape: [1, 4])
        // t[:, -3:] -> [[1, 2, 3], [5, 6, 7], [9, 10, 11]]
        expectExact(t[.all, (-3)...], [1, 2, 3, 5, 6, 7, 9, 10, 11], shape: [3, 3])
        expectExact(t[.all, (-3)...(-1)], [1, 2, 3, 5, 6, 7, 9, 10, 11], shape: [3, 3])
        // t[-100:100, 5:] -> shape [3, 0] (bounds clamp as Python slices do)
        expectExact(t[(-100)..<100, 5...], [], shape: [3, 0])
        // t[2:1] -> shape [0, 4]
        expectExact(t[.slice(2, 1)], [], shape: [0, 4])
    }

    @Test func steppedSlices() {
        let t = Tensor.arange(12).reshape(3, 4)
        // t[::2, 1::2] -> [[1, 3], [9, 11]]
        expectExact(t[.slice(step: 2), .slice(1, step: 2)], [1, 3, 9, 11], shape: [2, 2])
        // torch.arange(10)[1:8:3] -> [1, 4, 7]
        expectExact(Tensor.arange(10)[.slice(1, 8, step: 3)], [1, 4, 7], shape: [3])
        // torch.arange(10)[-3::2] -> [7, 9]
        expectExact(Tensor.arange(10)[.slice(-3, step: 2)], [7, 9], shape: [2])
        #expect(t[.slice(step: 2)].strides == [8, 1])
    }

    @Test func newAxisAndEllipsis() {
        let a = Tensor.arange(24).reshape(2, 3, 4)
        // a[None, ..., 1] -> shape [1, 2, 3]
        expectExact(a[.newAxis, .ellipsis, 1], [1, 5, 9, 13, 17, 21], shape: [1, 2, 3])
        // a[..., 0] -> [[0, 4, 8], [12, 16, 20]]
        expectExact(a[.ellipsis, 0], [0, 4, 8, 12, 16, 20], shape: [2, 3])
        // a[:, None, [0, 2]] -> shape [2, 1, 2, 4]
        expectExact(a[.all, .newAxis, Tensor([0, 2])],
                    [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23], shape: [2, 1, 2, 4])
        // a[..., [1, 3]] -> shape [2, 3, 2]
        expectExact(a[.ellipsis, Tensor([1, 3])], [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], shape: [2, 3, 2])
        // a[...] is a new tensor object viewing the same data
        let alias = a[.ellipsis]
        #expect(alias !== a && alias.storage === a.storage && alias.shape == a.shape)
    }

    @Test func basicIndexingMakesViews() {
        let t = Tensor.zeros(3, 4)
        let row = t[1]
        let column = t[.all, 2]
        let block = t[1..., .slice(step: 2)]
        #expect(row.storage === t.storage && column.storage === t.storage && block.storage === t.storage)
        #expect(row.storageOffset == 4 && column.strides == [4] && block.strides == [4, 2])
        // Writing through a view is seen in the base.
        row.fill_(1.0)
        column.fill_(2.0)
        // t[1] = 1; t[:, 2] = 2
        expectTensor(t, [0, 0, 2, 0, 1, 1, 2, 1, 0, 0, 2, 0], shape: [3, 4])
        block.mul_(10)
        expectTensor(t, [0, 0, 2, 0, 10, 1, 20, 1, 0, 0, 20, 0], shape: [3, 4])
    }

    // MARK: - Advanced indexing

    @Test func indexTensors() {
        let t = Tensor.arange(12).reshape(3, 4)
        // t[torch.tensor([-1, 0])] -> rows 2, 0
        expectExact(t[Tensor([-1, 0])], [8, 9, 10, 11, 0, 1, 2, 3], shape: [2, 4])
        // t[torch.tensor([1, 1, 0])]
        expectExact(t[Tensor([1, 1, 0])], [4, 5, 6, 7, 4, 5, 6, 7, 0, 1, 2, 3], shape: [3, 4])
        // t[torch.tensor([[0, 1], [2, 0]])] -> shape [2, 2, 4]
        expectExact(t[Tensor([[0, 1], [2, 0]])], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3], shape: [2, 2, 4])
        // t[torch.tensor([[0, 1], [1, 2]]), torch.tensor([1, 3])] -> [[1, 7], [5, 11]]
        expectExact(t[Tensor([[0, 1], [1, 2]]), Tensor([1, 3])], [1, 7, 5, 11], shape: [2, 2])
        // t[torch.tensor([2, 0], dtype=torch.int32)]
        expectExact(t[Tensor([2, 0], dtype: .int32)], [8, 9, 10, 11, 0, 1, 2, 3], shape: [2, 4], dtype: .int64)
        // t[[0, 2]] (a Python list)
        expectExact(t[[0, 2]], [0, 1, 2, 3, 8, 9, 10, 11], shape: [2, 4])
        // The result is a copy.
        #expect(t[[0, 2]].storage !== t.storage)
    }

    @Test func indexTensorsMixedWithSlices() {
        let a = Tensor.arange(24).reshape(2, 3, 4)
        // a[:, [0, 2], [1, 3]] -> adjacent indexed dims stay in place: [[1, 11], [13, 23]]
        expectExact(a[.all, Tensor([0, 2]), Tensor([1, 3])], [1, 11, 13, 23], shape: [2, 2])
        // a[[0, 1], :, [1, 3]] -> separated indexed dims go first: shape [2, 3]
        expectExact(a[Tensor([0, 1]), .all, Tensor([1, 3])], [1, 5, 9, 15, 19, 23], shape: [2, 3])
        // a[[[1], [0]], 1:, [1, 3]] -> broadcast [2, 1] with [2]: shape [2, 2, 2]
        expectExact(a[Tensor([[1], [0]]), 1..., Tensor([1, 3])], [17, 21, 19, 23, 5, 9, 7, 11], shape: [2, 2, 2])
        // a[0, :, [1, 3]] -> ints are basic in PyTorch: shape [3, 2]
        expectExact(a[0, .all, Tensor([1, 3])], [1, 3, 5, 7, 9, 11], shape: [3, 2])
    }

    @Test func boolMasks() {
        let t = Tensor.arange(12).reshape(3, 4)
        // t[t % 3 == 0] -> [0, 3, 6, 9]
        expectExact(t[t % 3 .== 0], [0, 3, 6, 9], shape: [4])
        // t[:, [True, False, True, False]] -> shape [3, 2]
        expectExact(t[.all, Tensor([true, false, true, false])], [0, 2, 4, 6, 8, 10], shape: [3, 2])
        // t[1:, [True, False, True, False]] -> [[4, 6], [8, 10]]
        expectExact(t[1..., Tensor([true, false, true, false])], [4, 6, 8, 10], shape: [2, 2])
        // t[[True, False, True]] (a Python list of bools)
        expectExact(t[[true, false, true]], [0, 1, 2, 3, 8, 9, 10, 11], shape: [2, 4])
        // t[torch.tensor([1, 0, 1], dtype=torch.uint8)] (deprecated byte mask)
        expectExact(t[Tensor([1, 0, 1], dtype: .uint8)], [0, 1, 2, 3, 8, 9, 10, 11], shape: [2, 4])
        // t[torch.tensor(True)] -> shape [1, 3, 4]; t[torch.tensor(False)] -> shape [0, 3, 4]
        expectExact(t[Tensor(true)], Array(0..<12), shape: [1, 3, 4])
        expectExact(t[Tensor(false)], [], shape: [0, 3, 4])
        let a = Tensor.arange(24).reshape(2, 3, 4)
        // a[a[:, :, 0] > 10] -> a 2-D mask over the leading dims: shape [3, 4]
        expectExact(a[a[.all, .all, 0] .> 10], Array(12..<24), shape: [3, 4])
        // a[torch.tensor([True, False])] -> shape [1, 3, 4]
        expectExact(a[Tensor([true, false])], Array(0..<12), shape: [1, 3, 4])
    }

    @Test func nonContiguousSources() {
        // t = torch.arange(12).reshape(3, 4).t()
        let t = Tensor.arange(12).reshape(3, 4).t()
        // t[torch.tensor([3, 0])] -> [[3, 7, 11], [0, 4, 8]]
        expectExact(t[Tensor([3, 0])], [3, 7, 11, 0, 4, 8], shape: [2, 3])
        // t[t % 2 == 1] -> [1, 5, 9, 3, 7, 11]
        expectExact(t[t % 2 .== 1], [1, 5, 9, 3, 7, 11], shape: [6])
        // t[torch.tensor([0, 3]), torch.tensor([2, 1])] -> [8, 7]
        expectExact(t[Tensor([0, 3]), Tensor([2, 1])], [8, 7], shape: [2])
        // t[:, torch.tensor([2, 0])] -> [[8, 0], [9, 1], [10, 2], [11, 3]]
        expectExact(t[.all, Tensor([2, 0])], [8, 0, 9, 1, 10, 2, 11, 3], shape: [4, 2])
        // torch.arange(12).reshape(3, 4)[torch.tensor([], dtype=torch.long)] -> shape [0, 4]
        expectExact(Tensor.arange(12).reshape(3, 4)[Tensor([Int]())], [], shape: [0, 4])
        // b = torch.arange(12).reshape(3, 4); v = b.t(); v[v > 6] = torch.tensor(-1)
        let b = Tensor.arange(12).reshape(3, 4)
        let v = b.t()
        v[v .> 6] = Tensor(-1)
        expectExact(b, [0, 1, 2, 3, 4, 5, 6, -1, -1, -1, -1, -1], shape: [3, 4])
        // b = torch.arange(12).reshape(3, 4); v = b.t(); v[torch.tensor([1, 2]), 1:] = torch.tensor([[10, 20], [30, 40]])
        let c = Tensor.arange(12).reshape(3, 4)
        let w = c.t()
        w[Tensor([1, 2]), 1...] = Tensor([[10, 20], [30, 40]])
        expectExact(c, [0, 1, 2, 3, 4, 10, 30, 7, 8, 20, 40, 11], shape: [3, 4])
    }

    // MARK: - Setters

    @Test func basicSetters() {
        let t = Tensor.zeros(3, 4)
        let before = t.storage.version
        // t[0] = torch.tensor([1., 2, 3, 4]); t[1, 2] = torch.tensor(5.); t[:, 3] = torch.tensor(7.)
        t[0] = Tensor([1.0, 2, 3, 4])
        t[1, 2] = Tensor(5.0)
        t[.all, 3] = Tensor(7.0)
        expectTensor(t, [1, 2, 3, 7, 0, 0, 5, 7, 0, 0, 0, 7], shape: [3, 4])
        #expect(t.storage.version > before)
        // t = torch.arange(12.).reshape(3, 4); t[0] = torch.ones(1, 1, 4) (leading 1s dropped)
        let u = Tensor.arange(12.0).reshape(3, 4)
        u[0] = Tensor.ones(1, 1, 4)
        expectTensor(u, [1, 1, 1, 1, 4, 5, 6, 7, 8, 9, 10, 11], shape: [3, 4])
        // u = torch.arange(12.).reshape(3, 4); u[1:, 1:3] = torch.tensor([[10.], [20.]])
        let v = Tensor.arange(12.0).reshape(3, 4)
        v[1..., 1..<3] = Tensor([[10.0], [20.0]])
        expectTensor(v, [0, 1, 2, 3, 4, 10, 10, 7, 8, 20, 20, 11], shape: [3, 4])
        // w = torch.arange(6.).reshape(2, 3); w[..., 1] = torch.tensor(-1.)
        let w = Tensor.arange(6.0).reshape(2, 3)
        w[.ellipsis, 1] = Tensor(-1.0)
        expectTensor(w, [0, -1, 2, 3, -1, 5], shape: [2, 3])
        // An overlapping source is read before it is overwritten.
        let x = Tensor.arange(5.0)
        x[1..<4] = x[0..<3]
        expectTensor(x, [0, 0, 1, 2, 4], shape: [5])
    }

    @Test func advancedSetters() {
        // t = torch.arange(12.).reshape(3, 4); t[t > 5] = torch.tensor(0.)
        let t = Tensor.arange(12.0).reshape(3, 4)
        t[t .> 5] = Tensor(0.0)
        expectTensor(t, [0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0], shape: [3, 4])
        // t = torch.arange(12).reshape(3, 4); t[t > 5] = torch.tensor(0.5) (a scalar converts)
        let i = Tensor.arange(12).reshape(3, 4)
        i[i .> 5] = Tensor(0.5)
        expectExact(i, [0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0], shape: [3, 4], dtype: .int64)
        // t[torch.tensor([0, 2])] = torch.tensor([[-1, -2, -3, -4], [-5, -6, -7, -8]])
        let r = Tensor.arange(12).reshape(3, 4)
        r[Tensor([0, 2])] = Tensor([[-1, -2, -3, -4], [-5, -6, -7, -8]])
        expectExact(r, [-1, -2, -3, -4, 4, 5, 6, 7, -5, -6, -7, -8], shape: [3, 4])
        // t[[0, 2]] = torch.tensor([1, 2, 3, 4]) (broadcast over the picked rows)
        let b = Tensor.arange(12).reshape(3, 4)
        b[[0, 2]] = Tensor([1, 2, 3, 4])
        expectExact(b, [1, 2, 3, 4, 4, 5, 6, 7, 1, 2, 3, 4], shape: [3, 4])
        // t[:, torch.tensor([0, 3])] = torch.tensor([100., 200.])
        let c = Tensor.arange(12.0).reshape(3, 4)
        let version = c.storage.version
        c[.all, Tensor([0, 3])] = Tensor([100.0, 200.0])
        expectTensor(c, [100, 1, 2, 200, 100, 5, 6, 200, 100, 9, 10, 200], shape: [3, 4])
        #expect(c.storage.version > version)
        // Writes into a view's storage go through to the base.
        let base = Tensor.zeros(2, 4)
        let row = base[1]
        row[Tensor([true, false, false, true])] = Tensor(3.0)
        expectTensor(base, [0, 0, 0, 0, 3, 0, 0, 3], shape: [2, 4])
    }

    @Test func compoundAssignmentWritesBack() {
        // t = torch.arange(12.).reshape(3, 4); t[t > 5] += 1
        let t = Tensor.arange(12.0).reshape(3, 4)
        t[t .> 5] += 1
        expectTensor(t, [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12], shape: [3, 4])
        // t = torch.arange(12.).reshape(3, 4); t[0] += 1
        let u = Tensor.arange(12.0).reshape(3, 4)
        u[0] += 1
        expectTensor(u, [1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11], shape: [3, 4])
        // t = torch.arange(12).reshape(3, 4); t[:, 1] *= 2
        let v = Tensor.arange(12).reshape(3, 4)
        v[.all, 1] *= 2
        expectExact(v, [0, 2, 2, 3, 4, 10, 6, 7, 8, 18, 10, 11], shape: [3, 4])
        // t = torch.zeros(4); t[[0, 0, 1]] += 1 -> [1, 1, 0, 0] (no accumulation, as in PyTorch)
        let w = Tensor.zeros(4)
        w[[0, 0, 1]] += 1
        expectTensor(w, [1, 1, 0, 0], shape: [4])
        // t = torch.arange(12.).reshape(3, 4); t[1:, ::2] -= torch.tensor([1., 2.])
        let x = Tensor.arange(12.0).reshape(3, 4)
        x[1..., .slice(step: 2)] -= Tensor([1.0, 2.0])
        expectTensor(x, [0, 1, 2, 3, 3, 5, 4, 7, 7, 9, 8, 11], shape: [3, 4])
    }

    // MARK: - Autograd

    @Test func gradFnNames() {
        let x = Tensor.randn(3, 4, requiresGrad: true)
        // x[0:2] -> SliceBackward0; x[0] -> SelectBackward0; x[None] -> UnsqueezeBackward0
        #expect(x[0..<2].gradFn?.name == "SliceBackward0")
        #expect(x[.all].gradFn?.name == "SliceBackward0")
        #expect(x[0].gradFn?.name == "SelectBackward0")
        #expect(x[.newAxis].gradFn?.name == "UnsqueezeBackward0")
        // x[...] -> AliasBackward0; x[:, 1] -> SelectBackward0 (the full slice is skipped)
        #expect(x[.ellipsis].gradFn?.name == "AliasBackward0")
        #expect(x[.all, 1].gradFn?.name == "SelectBackward0")
        // x[x > 0] -> IndexBackward0; x[1:, [0, 1]] -> IndexBackward0 after SliceBackward0
        #expect(x[x .> 0].gradFn?.name == "IndexBackward0")
        let mixed = x[1..., Tensor([0, 1])]
        #expect(mixed.gradFn?.name == "IndexBackward0")
        #expect(mixed.gradFn?.nextFunctions.first?.node?.name == "SliceBackward0")
        // x.masked_select(x > 0) -> MaskedSelectBackward0
        #expect(x.maskedSelect(x .> 0).gradFn?.name == "MaskedSelectBackward0")
    }

    @Test func gradientsThroughGetters() {
        // x = torch.tensor([1., 2., 3., 4.], requires_grad=True); x[0:2].sum().backward()
        let x = Tensor([1.0, 2.0, 3.0, 4.0], requiresGrad: true)
        x[0..<2].sum().backward()
        expectTensor(x.grad!, [1, 1, 0, 0], shape: [4])
        // x = torch.arange(12., requires_grad=True); (x.reshape(3, 4)[1:, ::2] * torch.tensor([1., 2.])).sum().backward()
        let y = Tensor.arange(12.0, requiresGrad: true)
        (y.reshape(3, 4)[1..., .slice(step: 2)] * Tensor([1.0, 2.0])).sum().backward()
        expectTensor(y.grad!, [0, 0, 0, 0, 1, 0, 2, 0, 1, 0, 2, 0], shape: [12])
        // x = torch.tensor([1., 2., 3., 4.], float64); (x[[0, 0, 2]] * torch.tensor([1., 2., 3.])).sum().backward()
        // -> repeated indices accumulate: [3, 0, 3, 0]
        let z = Tensor([1.0, 2.0, 3.0, 4.0], dtype: .float64, requiresGrad: true)
        (z[Tensor([0, 0, 2])] * Tensor([1.0, 2.0, 3.0], dtype: .float64)).sum().backward()
        expectTensor(z.grad!, [3, 0, 3, 0], shape: [4], dtype: .float64)
        // x = torch.tensor([[1., -2.], [-3., 4.]], requires_grad=True); (x[x > 0] ** 2).sum().backward()
        let m = Tensor([[1.0, -2.0], [-3.0, 4.0]], requiresGrad: true)
        (m[m .> 0] ** 2).sum().backward()
        expectTensor(m.grad!, [2, 0, 0, 8], shape: [2, 2])
        // x.masked_select(torch.tensor([True, False, True])).sum().backward() for x of shape [2, 3]
        let s = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requiresGrad: true)
        s.maskedSelect(Tensor([true, false, true])).sum().backward()
        expectTensor(s.grad!, [1, 0, 1, 1, 0, 1], shape: [2, 3])
    }

    @Test func gradientsThroughSetters() {
        // x = torch.tensor([1., 2., 3.], requires_grad=True); y = torch.tensor(10., requires_grad=True)
        // w = x * 1; w[1] = y * 2; (w * torch.tensor([1., 2., 3.])).sum().backward()
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let y = Tensor(10.0, requiresGrad: true)
        let w = x * 1
        w[1] = y * 2
        #expect(w.gradFn?.name == "CopySlices")
        (w * Tensor([1.0, 2.0, 3.0])).sum().backward()
        expectTensor(x.grad!, [1, 0, 3], shape: [3])
        expectTensor(y.grad!, [4], shape: [])
        // x = torch.tensor([1., 2., 3., 4.], requires_grad=True); v = torch.tensor([5., 6.], requires_grad=True)
        // w = x * 1; w[torch.tensor([3, 0])] = v; (w * torch.tensor([1., 2., 3., 4.])).sum().backward()
        let a = Tensor([1.0, 2.0, 3.0, 4.0], requiresGrad: true)
        let v = Tensor([5.0, 6.0], requiresGrad: true)
        let b = a * 1
        b[Tensor([3, 0])] = v
        #expect(b.gradFn?.name == "IndexPutBackward0")
        (b * Tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
        expectTensor(a.grad!, [0, 2, 3, 0], shape: [4])
        expectTensor(v.grad!, [4, 1], shape: [2])
        // x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); v = torch.tensor(7., requires_grad=True)
        // w = x * 1; w[:, 0] = v; w.sum().backward() -> x.grad [[0, 1], [0, 1]], v.grad 2
        let p = Tensor([[1.0, 2.0], [3.0, 4.0]], requiresGrad: true)
        let q = Tensor(7.0, requiresGrad: true)
        let r = p * 1
        r[.all, 0] = q
        r.sum().backward()
        expectTensor(p.grad!, [0, 1, 0, 1], shape: [2, 2])
        expectTensor(q.grad!, [2], shape: [])
    }

    @Test func gradientsThroughCompoundAssignment() {
        // x = torch.tensor([1., 2., 3., 4.], requires_grad=True); w = x * 1; w[w > 2] += 1; (w * w).sum().backward()
        let x = Tensor([1.0, 2.0, 3.0, 4.0], requiresGrad: true)
        let w = x * 1
        w[w .> 2] += 1
        #expect(w.gradFn?.name == "IndexPutBackward0")
        (w * w).sum().backward()
        expectTensor(x.grad!, [2, 4, 8, 10], shape: [4])
        // x = ...; w = x * 1; w[0] += 1; (w * w).sum().backward() -> [4, 4, 6, 8]
        let y = Tensor([1.0, 2.0, 3.0, 4.0], requiresGrad: true)
        let u = y * 1
        u[0] += 1
        #expect(u.gradFn?.name == "CopySlices")
        (u * u).sum().backward()
        expectTensor(y.grad!, [4, 4, 6, 8], shape: [4])
    }

    @Test func gradcheckIndexing() throws {
        let x = Tensor.randn([3, 4], dtype: .float64, requiresGrad: true)
        let v = Tensor.randn([2, 4], dtype: .float64, requiresGrad: true)
        #expect(try gradcheck({ $0[0][Tensor([2, 0, 2]), 1...] * $0[0][.slice(step: 2), .newAxis, -1].sum() }, [x]))
        #expect(try gradcheck({ $0[0][$0[0] .> 0] }, [x]))
        #expect(try gradcheck({ inputs in
            let w = inputs[0] * 1
            w[Tensor([2, 0])] = inputs[1] * inputs[1]
            return w
        }, [x, v]))
        #expect(try gradcheck({ $0[0].indexPut([Tensor([1, 1])], $0[1], accumulate: true) }, [x, v]))
    }

    @Test func secondDerivatives() {
        // x = torch.tensor([1., 2., 3., 4.], float64, requires_grad=True)
        // g, = torch.autograd.grad((x[[0, 0, 2]] ** 3).sum(), [x], create_graph=True) -> [6, 0, 27, 0]
        // (g * g).sum().backward() -> x.grad [144, 0, 972, 0]
        let x = Tensor([1.0, 2.0, 3.0, 4.0], dtype: .float64, requiresGrad: true)
        let g = Autograd.grad([(x[Tensor([0, 0, 2])] ** 3).sum()], [x], createGraph: true)[0]!
        expectTensor(g, [6, 0, 27, 0], shape: [4])
        (g * g).sum().backward()
        expectTensor(x.grad!, [144, 0, 972, 0], shape: [4])
        // v = torch.tensor([5., 6.], float64, requires_grad=True); w = x * x; w[[1, 3]] = v * v * v
        // gx, gv = torch.autograd.grad((w * w).sum(), [x, v], create_graph=True) -> [4, 0, 108, 0], [18750, 46656]
        // (gx.sum() + gv.sum()).backward() -> x.grad [12, 0, 108, 0], v.grad [18750, 38880]
        let y = Tensor([1.0, 2.0, 3.0, 4.0], dtype: .float64, requiresGrad: true)
        let v = Tensor([5.0, 6.0], dtype: .float64, requiresGrad: true)
        let w = y * y
        w[Tensor([1, 3])] = v * v * v
        let grads = Autograd.grad([(w * w).sum()], [y, v], createGraph: true)
        expectTensor(grads[0]!, [4, 0, 108, 0], shape: [4])
        expectTensor(grads[1]!, [18750, 46656], shape: [2])
        (grads[0]!.sum() + grads[1]!.sum()).backward()
        expectTensor(y.grad!, [12, 0, 108, 0], shape: [4])
        expectTensor(v.grad!, [18750, 38880], shape: [2])
        // s = torch.tensor(5., float64, requires_grad=True); w = x * x; w[1:3] = s * s
        // gx, gs -> [4, 0, 0, 256], 1000; (gx.sum() + gs.sum()).backward() -> x.grad [12, 0, 0, 192], s.grad 600
        let z = Tensor([1.0, 2.0, 3.0, 4.0], dtype: .float64, requiresGrad: true)
        let s = Tensor(5.0, dtype: .float64, requiresGrad: true)
        let u = z * z
        u[1..<3] = s * s
        let second = Autograd.grad([(u * u).sum()], [z, s], createGraph: true)
        expectTensor(second[0]!, [4, 0, 0, 256], shape: [4])
        expectTensor(second[1]!, [1000], shape: [])
        (second[0]!.sum() + second[1]!.sum()).backward()
        expectTensor(z.grad!, [12, 0, 0, 192], shape: [4])
        expectTensor(s.grad!, [600], shape: [])
    }

    // MARK: - index_put_, nonzero, masked_select

    @Test func indexPutNonzeroMaskedSelect() {
        // t = torch.zeros(3, 4); t.index_put_((tensor([0, 2, 0]), tensor([1, 3, 1])), tensor([1., 2., 3.]), accumulate=True)
        let t = Tensor.zeros(3, 4)
        t.indexPut_([Tensor([0, 2, 0]), Tensor([1, 3, 1])], Tensor([1.0, 2.0, 3.0]), accumulate: true)
        expectTensor(t, [0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], shape: [3, 4])
        // t = torch.zeros(3, 4); t.index_put_((tensor([0, 2]),), tensor(5.))
        let u = Tensor.zeros(3, 4)
        u.indexPut_([Tensor([0, 2])], Tensor(5.0))
        expectTensor(u, [5, 5, 5, 5, 0, 0, 0, 0, 5, 5, 5, 5], shape: [3, 4])
        // r = t.index_put((tensor([1]),), tensor([1., 2, 3, 4])) leaves t unchanged
        let z = Tensor.zeros(3, 4)
        let r = z.indexPut([Tensor([1])], Tensor([1.0, 2, 3, 4]))
        expectTensor(r, [0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0], shape: [3, 4])
        expectTensor(z, Array(repeating: 0, count: 12), shape: [3, 4])
        // torch.tensor([1., 2.]).index_put((tensor([0, 0]),), tensor([3., 4.]), accumulate=True) -> [8, 2]
        expectTensor(Tensor([1.0, 2.0]).indexPut([Tensor([0, 0])], Tensor([3.0, 4.0]), accumulate: true), [8, 2], shape: [2])
        // (torch.arange(12).reshape(3, 4) % 5 == 0).nonzero() -> [[0, 0], [1, 1], [2, 2]]
        let a = Tensor.arange(12).reshape(3, 4)
        expectExact((a % 5 .== 0).nonzero(), [0, 0, 1, 1, 2, 2], shape: [3, 2], dtype: .int64)
        // torch.tensor(0.).nonzero() -> shape [0, 0]; torch.tensor([0., 1.5, 0, -2]).nonzero() -> [[1], [3]]
        expectExact(Tensor(0.0).nonzero(), [], shape: [0, 0])
        expectExact(Tensor([0.0, 1.5, 0, -2]).nonzero(), [1, 3], shape: [2, 1])
        // a.masked_select(a > 7) -> [8, 9, 10, 11]
        expectExact(a.maskedSelect(a .> 7), [8, 9, 10, 11], shape: [4])
        // torch.arange(6).reshape(2, 3).masked_select(torch.tensor([True, False, True])) -> [0, 2, 3, 5]
        expectExact(Tensor.arange(6).reshape(2, 3).maskedSelect(Tensor([true, false, true])), [0, 2, 3, 5], shape: [4])
    }

    // MARK: - Errors (PyTorch's wording, the caller's line)

    @Test func intIndexOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3)[5]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("index 5 is out of bounds for dimension 0 with size 3"))
        #expect(stderr.contains("IndexingTests.swift:"))
    }

    @Test func intIndexOutOfBoundsInSecondDim() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3, 4)[.all, 5]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("index 5 is out of bounds for dimension 1 with size 4"))
    }

    @Test func tooManyIndices() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3, 4)[0, 1, 2]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("too many indices for tensor of dimension 2"))
    }

    @Test func maskShapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(4)[Tensor([true, false, true])]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [4] at index 0"))
    }

    @Test func indexTensorOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3, 4)[Tensor([0, 3])]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("index 3 is out of bounds for dimension 0 with size 3"))
    }

    @Test func floatIndexTensor() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3)[Tensor([0.0])]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("tensors used as indices must be long, int, byte or bool tensors"))
    }

    @Test func negativeStep() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3)[.slice(step: -1)]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("step must be greater than zero"))
    }

    @Test func indexTensorsThatDoNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(3, 4)[Tensor([0, 1]), Tensor([0, 1, 2])]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"))
    }

    @Test func valueThatDoesNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let y = Tensor.zeros(2, 3)
            y[Tensor([0])] = Tensor.ones(2, 3)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("shape mismatch: value tensor of shape [2, 3] cannot be broadcast to indexing result of shape [1, 3]"))
    }

    @Test func basicSetterShapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let y = Tensor.zeros(2, 3)
            y[0..<2] = Tensor.ones(3, 3)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [2, 3].  Tensor sizes: [3, 3]"))
    }

    @Test func indexPutDTypeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let y = Tensor.zeros(5)
            y[Tensor([1, 2])] = Tensor([5, 6])
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Index put requires the source and destination dtypes match, got Float for the destination and Long for the source."))
    }

    @Test func writeIntoLeafThatRequiresGrad() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor.ones(3, requiresGrad: true)
            x[0] = Tensor(1.0)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("a view of a leaf Variable that requires grad is being used in an in-place operation."))
    }

    @Test func indexZeroDimTensor() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(3)[0]
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("invalid index of a 0-dim tensor."))
    }
}
