import Testing
@testable import Ember

// Creation from Swift data, factories and attributes, pinned to PyTorch 2.15.
// Each check carries the PyTorch line that produced its expected values.

@Suite struct CreationTests {
    // MARK: - From Swift data

    @Test func nestedArraysTakePyTorchsDTypes() {
        // torch.tensor([[1, 2], [3, 4]])  -> int64 [2, 2]
        expectExact(Tensor([[1, 2], [3, 4]]), [1, 2, 3, 4], shape: [2, 2], dtype: .int64)
        // torch.tensor([[1.5, 2], [3, 4]])  -> float32 (the default dtype)
        expectTensor(Tensor([[1.5, 2], [3, 4]]), [1.5, 2, 3, 4], shape: [2, 2], dtype: .float32)
        // torch.tensor([[True, False]])  -> bool
        expectExact(Tensor([[true, false]]), [1, 0], shape: [1, 2], dtype: .bool)
        // Float data is float32; Int32/UInt8/Float16 data keep their own dtype.
        expectTensor(Tensor([Float(1.25), 2]), [1.25, 2], shape: [2], dtype: .float32)
        expectExact(Tensor([Int32(7), -1]), [7, -1], shape: [2], dtype: .int32)
        expectExact(Tensor([UInt8(255), 0]), [255, 0], shape: [2], dtype: .uint8)
        expectTensor(Tensor([Float16(0.5)]), [0.5], shape: [1], dtype: .float16)
        // torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])  -> [2, 2, 2]
        expectExact(Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2], dtype: .int64)
    }

    @Test func emptyAndScalarData() {
        // torch.tensor([])  -> float32 [0]
        expectTensor(Tensor([Double]()), [], shape: [0], dtype: .float32)
        // torch.tensor(4)  -> int64 0-d
        expectExact(Tensor(4), [4], shape: [], dtype: .int64)
        // torch.tensor(2.0)  -> float32 0-d
        expectTensor(Tensor(2.0), [2], shape: [], dtype: .float32)
        // torch.tensor(True)  -> bool 0-d
        expectExact(Tensor(true), [1], shape: [], dtype: .bool)
        #expect(Tensor(4).ndim == 0 && Tensor(4).count == 1)
    }

    @Test func dtypeAndRequiresGradLabels() {
        // torch.tensor([1, 2], dtype=torch.float64)
        expectTensor(Tensor([1, 2], dtype: .float64), [1, 2], shape: [2], dtype: .float64)
        // torch.tensor([1.7, -1.7], dtype=torch.int64)  -> C cast: [1, -1]
        expectExact(Tensor([1.7, -1.7], dtype: .int64), [1, -1], shape: [2], dtype: .int64)
        // torch.tensor([0, 2], dtype=torch.bool)  -> [False, True]
        expectExact(Tensor([0, 2], dtype: .bool), [0, 1], shape: [2], dtype: .bool)
        let w = Tensor([1.0, 2.0], requiresGrad: true)
        #expect(w.requiresGrad && w.isLeaf && w.gradFn == nil)
        #expect(!Tensor([1.0]).requiresGrad)
        #expect(Tensor.zeros(2, requiresGrad: true).requiresGrad)
        #expect(Tensor.full([2], 1.5, requiresGrad: true).requiresGrad)
    }

    @Test func flatBufferAndShape() {
        // torch.tensor([1, 2, 3, 4, 5, 6]).reshape(2, 3)
        let t = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        expectExact(t, [1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .int64)
        #expect(t.strides == [3, 1] && t.isContiguous)
        expectTensor(Tensor([1.5, 2.5], shape: [2, 1], dtype: .float64), [1.5, 2.5], shape: [2, 1], dtype: .float64)
        expectTensor(Tensor([3.0], shape: []), [3], shape: [], dtype: .float32)
        expectTensor(Tensor([Double](), shape: [2, 0]), [], shape: [2, 0], dtype: .float32)
    }

    // MARK: - Factories

    @Test func zerosOnesFullEmpty() {
        // torch.zeros(2, 3)
        expectTensor(Tensor.zeros(2, 3), [0, 0, 0, 0, 0, 0], shape: [2, 3], dtype: .float32)
        // torch.ones(2, dtype=torch.int32)
        expectExact(Tensor.ones(2, dtype: .int32), [1, 1], shape: [2], dtype: .int32)
        expectTensor(Tensor.ones([1, 2], dtype: .float64), [1, 1], shape: [1, 2], dtype: .float64)
        // torch.full((2,), 7)  -> int64; torch.full((2,), 2.5)  -> float32; torch.full((2,), True)  -> bool
        expectExact(Tensor.full([2], 7), [7, 7], shape: [2], dtype: .int64)
        expectTensor(Tensor.full([2], 2.5), [2.5, 2.5], shape: [2], dtype: .float32)
        expectExact(Tensor.full([2], true), [1, 1], shape: [2], dtype: .bool)
        expectTensor(Tensor.full([], -1.5, dtype: .float16), [-1.5], shape: [], dtype: .float16)
        let e = Tensor.empty(3, 2)
        #expect(e.shape == [3, 2] && e.dtype == .float32 && e.isContiguous)
        #expect(Tensor.empty([0], dtype: .int64).count == 0)
        #expect(Tensor.zeros(0, 4).shape == [0, 4])
    }

    @Test func likeFactories() {
        let i = Tensor([[1, 2]])
        // torch.zeros_like(torch.tensor([[1, 2]]))  -> int64 [1, 2]
        expectExact(Tensor.zeros(like: i), [0, 0], shape: [1, 2], dtype: .int64)
        expectExact(Tensor.ones(like: i), [1, 1], shape: [1, 2], dtype: .int64)
        expectTensor(Tensor.ones(like: i, dtype: .float64), [1, 1], shape: [1, 2], dtype: .float64)
        // torch.full_like(torch.tensor([1.5, 2]), 7)  -> float32 [7, 7]
        expectTensor(Tensor.full(like: Tensor([1.5, 2]), 7), [7, 7], shape: [2], dtype: .float32)
        // torch.full_like(torch.tensor([1, 2]), 2.7)  -> int64 [2, 2]
        expectExact(Tensor.full(like: Tensor([1, 2]), 2.7), [2, 2], shape: [2], dtype: .int64)
        let e = Tensor.empty(like: Tensor.ones(2, 3, dtype: .float16))
        #expect(e.shape == [2, 3] && e.dtype == .float16)
        let r = Tensor.rand(like: Tensor.zeros(4, dtype: .float64))
        #expect(r.shape == [4] && r.dtype == .float64)
        let n = Tensor.randn(like: Tensor.zeros(2, 2))
        #expect(n.shape == [2, 2] && n.dtype == .float32)
        // A transposed source still gives a fresh contiguous result.
        #expect(Tensor.zeros(like: Tensor.ones(2, 3).t()).isContiguous)
    }

    @Test func eye() {
        // torch.eye(3)
        expectTensor(Tensor.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], shape: [3, 3], dtype: .float32)
        // torch.eye(2, 3)
        expectTensor(Tensor.eye(2, 3), [1, 0, 0, 0, 1, 0], shape: [2, 3], dtype: .float32)
        // torch.eye(3, 2, dtype=torch.int64)
        expectExact(Tensor.eye(3, 2, dtype: .int64), [1, 0, 0, 1, 0, 0], shape: [3, 2], dtype: .int64)
        // torch.eye(0)
        expectTensor(Tensor.eye(0), [], shape: [0, 0], dtype: .float32)
    }

    @Test func arange() {
        // torch.arange(5)
        expectExact(Tensor.arange(5), [0, 1, 2, 3, 4], shape: [5], dtype: .int64)
        // torch.arange(0)
        expectExact(Tensor.arange(0), [], shape: [0], dtype: .int64)
        // torch.arange(1, 2.5, 0.5)  -> float32 [1, 1.5, 2]
        expectTensor(Tensor.arange(1, 2.5, step: 0.5), [1, 1.5, 2], shape: [3], dtype: .float32)
        // torch.arange(5, 0, -2)
        expectExact(Tensor.arange(5, 0, step: -2), [5, 3, 1], shape: [3], dtype: .int64)
        // torch.arange(1.0, -1.0, -0.5)
        expectTensor(Tensor.arange(1.0, -1.0, step: -0.5), [1, 0.5, 0, -0.5], shape: [4], dtype: .float32)
        // torch.arange(0.0, 1.0, 0.1)  -> 10 elements, start + i * step computed in double
        expectTensor(Tensor.arange(0.0, 1.0, step: 0.1),
                     [0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5,
                      0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421],
                     shape: [10], dtype: .float32, atol: 0, rtol: 0)
        // torch.arange(0, 1, 0.1, dtype=torch.float64)
        expectTensor(Tensor.arange(0.0, 1.0, step: 0.1, dtype: .float64),
                     [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9],
                     shape: [10], dtype: .float64, atol: 0, rtol: 0)
        // torch.arange(0, 5, 2, dtype=torch.float32)
        expectTensor(Tensor.arange(0, 5, step: 2, dtype: .float32), [0, 2, 4], shape: [3], dtype: .float32)
    }

    @Test func linspace() {
        // torch.linspace(0, 10, steps=5)
        expectTensor(Tensor.linspace(0, 10, steps: 5), [0, 2.5, 5, 7.5, 10], shape: [5], dtype: .float32)
        // torch.linspace(-1, 1, steps=7)
        expectTensor(Tensor.linspace(-1, 1, steps: 7),
                     [-1.0, -0.6666666269302368, -0.3333333134651184, -2.9802322387695312e-08, 0.3333333134651184, 0.6666666269302368, 1.0],
                     shape: [7], dtype: .float32, atol: 1e-7, rtol: 1e-6)
        // torch.linspace(0, 1, steps=10, dtype=torch.float64)
        expectTensor(Tensor.linspace(0, 1, steps: 10, dtype: .float64),
                     [0.0, 0.1111111111111111, 0.2222222222222222, 0.3333333333333333, 0.4444444444444444, 0.5555555555555556,
                      0.6666666666666667, 0.7777777777777778, 0.8888888888888888, 1.0],
                     shape: [10], dtype: .float64, atol: 1e-15, rtol: 1e-15)
        // torch.linspace(0, 1, steps=1); torch.linspace(0, 1, steps=0)
        expectTensor(Tensor.linspace(0, 1, steps: 1), [0], shape: [1], dtype: .float32)
        expectTensor(Tensor.linspace(0, 1, steps: 0), [], shape: [0], dtype: .float32)
        // torch.linspace(0, 10, steps=4, dtype=torch.int64)  -> [0, 3, 6, 10]
        expectExact(Tensor.linspace(0, 10, steps: 4, dtype: .int64), [0, 3, 6, 10], shape: [4], dtype: .int64)
    }

    // MARK: - Random factories (shapes, dtypes and ranges; the streams are tested elsewhere)

    @Test func randRandnShapesAndRanges() {
        let g = Generator(seed: 7)
        let u = Tensor.rand(3, 4, generator: g)
        #expect(u.shape == [3, 4] && u.dtype == .float32)
        #expect(u.toArray(Double.self).allSatisfy { $0 >= 0 && $0 < 1 })
        let u64 = Tensor.rand([50], dtype: .float64, generator: g)
        #expect(u64.dtype == .float64 && u64.toArray(Double.self).allSatisfy { $0 >= 0 && $0 < 1 })
        let n = Tensor.randn(2, 20, generator: g)
        #expect(n.shape == [2, 20] && n.dtype == .float32)
        #expect(n.toArray(Double.self).allSatisfy { $0.isFinite && Swift.abs($0) < 10 })
        #expect(Tensor.rand(0, generator: g).count == 0)
        #expect(Tensor.rand(2, requiresGrad: true, generator: g).requiresGrad)
    }

    @Test func randintAndRandperm() {
        let g = Generator(seed: 11)
        // torch.randint(0, 10, (3,)).dtype  -> int64
        let r = Tensor.randint(-3, 4, [200], generator: g)
        #expect(r.shape == [200] && r.dtype == .int64)
        let values = r.toArray(Int64.self)
        #expect(values.allSatisfy { $0 >= -3 && $0 < 4 })
        #expect(Set(values).count == 7)  // 200 draws from 7 values hit every one
        #expect(Tensor.randint(5, [2, 2], dtype: .int32, generator: g).dtype == .int32)
        // torch.randperm(5).dtype  -> int64, a permutation of 0..<5
        let p = Tensor.randperm(10, generator: g)
        #expect(p.shape == [10] && p.dtype == .int64)
        #expect(p.toArray(Int64.self).sorted() == Array(0..<10))
        #expect(Tensor.randperm(0, generator: g).shape == [0])
        #expect(Tensor.randperm(1, generator: g).toArray(Int64.self) == [0])
    }

    @Test func sameSeedSameValues() {
        let a = Tensor.rand(6, generator: Generator(seed: 42))
        let b = Tensor.rand(6, generator: Generator(seed: 42))
        let c = Tensor.rand(6, generator: Generator(seed: 43))
        #expect(a.toArray(Double.self) == b.toArray(Double.self))
        #expect(a.toArray(Double.self) != c.toArray(Double.self))
        let g = Generator(seed: 5)
        let first = Tensor.randn(3, generator: g).toArray(Double.self)
        g.manualSeed(5)
        #expect(Tensor.randn(3, generator: g).toArray(Double.self) == first)
    }

    /// `manualSeed` reseeds the process-wide generator; checked in a child process so that
    /// suites drawing from the default generator in parallel cannot interleave.
    @Test func manualSeedRepeatsTheDefaultStream() async {
        await #expect(processExitsWith: .success) {
            manualSeed(123)
            let a = Tensor.rand(5).toArray(Double.self), p = Tensor.randperm(8).toArray(Int64.self)
            manualSeed(123)
            let b = Tensor.rand(5).toArray(Double.self), q = Tensor.randperm(8).toArray(Int64.self)
            guard a == b, p == q, initialSeed() == 123 else { fatalError("manualSeed did not repeat the stream") }
        }
    }

    // MARK: - Attributes

    @Test func attributes() {
        let x = Tensor.zeros(2, 3, 4)
        // torch.zeros(2, 3, 4).stride()  -> (12, 4, 1)
        #expect(x.shape == [2, 3, 4] && x.size() == [2, 3, 4])
        #expect(x.size(0) == 2 && x.size(-1) == 4 && x.size(1) == 3)
        #expect(x.ndim == 3 && x.count == 24)
        #expect(x.dtype == .float32 && x.device == .cpu)
        #expect(x.strides == [12, 4, 1] && x.stride() == [12, 4, 1])
        #expect(x.isContiguous && x.storageOffset == 0)
        // x.transpose(0, 2).stride()  -> (1, 4, 12), not contiguous
        let t = x.transpose(0, 2)
        #expect(t.strides == [1, 4, 12] && !t.isContiguous)
        // x[:, :, ::2] is not contiguous
        #expect(!x.slice(2, 0, 4, step: 2, file: #fileID, line: #line).isContiguous)
        // torch.zeros(2, 1, 3).transpose(0, 1).is_contiguous()  -> True (size-1 dims do not count)
        #expect(Tensor.zeros(2, 1, 3).transpose(0, 1).isContiguous)
        // Stride-0 expansion is not contiguous.
        #expect(!Tensor.zeros(3, 1).expand(3, 4).isContiguous)
        let s = Tensor(3.5)
        #expect(s.shape == [] && s.ndim == 0 && s.count == 1 && s.strides == [] && s.isContiguous)
        let empty = Tensor.zeros(0, 3)
        #expect(empty.count == 0 && empty.isContiguous && empty.strides == [3, 1])
    }
}
