import Testing
@testable import Ember

// Views and joins, pinned to PyTorch 2.15 (values, shapes, strides, storage offsets).
//   x = torch.arange(6).reshape(2, 3)
//   y = torch.arange(24).reshape(2, 3, 4)

/// Shape, strides and offset, as `t.shape, t.stride(), t.storage_offset()` print them.
private func expectLayout(_ t: Tensor, shape: [Int], strides: [Int], offset: Int = 0,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(t.shape == shape, "shape", sourceLocation: sourceLocation)
    #expect(t.strides == strides, "strides \(t.strides) != \(strides)", sourceLocation: sourceLocation)
    #expect(t.storageOffset == offset, "offset", sourceLocation: sourceLocation)
}

@Suite struct ShapeOpsTests {
    let x = Tensor.arange(6).reshape(2, 3)
    let y = Tensor.arange(24).reshape(2, 3, 4)

    @Test func viewAndReshape() {
        // x.view(3, 2): stride (2, 1), shares storage
        let v = x.view(3, 2)
        expectLayout(v, shape: [3, 2], strides: [2, 1])
        #expect(v.storage === x.storage)
        // x.view(-1);  x.view(-1, 2)
        expectExact(x.view(-1), [0, 1, 2, 3, 4, 5], shape: [6])
        expectLayout(x.view(-1, 2), shape: [3, 2], strides: [2, 1])
        expectLayout(x.view(as: Tensor.zeros(6)), shape: [6], strides: [1])
        // x.t().reshape(6)  -> a copy: [0, 3, 1, 4, 2, 5]
        let r = x.t().reshape(6)
        expectExact(r, [0, 3, 1, 4, 2, 5], shape: [6], dtype: .int64)
        #expect(r.storage !== x.storage && r.isContiguous)
        // A contiguous reshape is a view.
        #expect(x.reshape(3, 2).storage === x.storage)
        #expect(x.reshape(as: Tensor.zeros(1, 6)).shape == [1, 6])
        // y.permute(1, 0, 2).reshape(3, 8)
        expectExact(y.permute(1, 0, 2).reshape(3, 8),
                    [0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23], shape: [3, 8])
        // y.transpose(1, 2).reshape(2, 12)
        expectExact(y.transpose(1, 2).reshape(2, 12),
                    [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23], shape: [2, 12])
        // y[:, 1] has stride (12, 1), so y[:, 1].reshape(8) copies:  [4, 5, 6, 7, 16, 17, 18, 19]
        expectExact(y.select(1, 1).reshape(8), [4, 5, 6, 7, 16, 17, 18, 19], shape: [8])
        // Size-1 dims may be inserted in a view of a non-contiguous tensor: x.t().view(3, 1, 2).stride()  -> (1, 6, 3)
        expectLayout(x.t().view(3, 1, 2), shape: [3, 1, 2], strides: [1, 6, 3])
        // torch.zeros(0, 3).view(0, 3, 1)
        #expect(Tensor.zeros(0, 3).view(0, 3, 1).shape == [0, 3, 1])
    }

    @Test func transposePermuteT() {
        // x.t(): shape [3, 2], stride (1, 3), values [0, 3, 1, 4, 2, 5]
        expectLayout(x.t(), shape: [3, 2], strides: [1, 3])
        expectExact(x.t(), [0, 3, 1, 4, 2, 5], shape: [3, 2])
        #expect(!x.t().isContiguous)
        // y.permute(2, 0, 1): stride (1, 12, 4)
        let p = y.permute(2, 0, 1)
        expectLayout(p, shape: [4, 2, 3], strides: [1, 12, 4])
        expectExact(p, [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23], shape: [4, 2, 3])
        // y.transpose(0, 2): stride (1, 4, 12);  y.transpose(-1, -2): stride (12, 1, 4)
        expectLayout(y.transpose(0, 2), shape: [4, 3, 2], strides: [1, 4, 12])
        expectLayout(y.transpose(-1, -2), shape: [2, 4, 3], strides: [12, 1, 4])
        // y.T reverses all dims; y.mT swaps the last two
        expectLayout(y.T, shape: [4, 3, 2], strides: [1, 4, 12])
        expectLayout(y.mT, shape: [2, 4, 3], strides: [12, 1, 4])
        // 1-D and 0-d t() are the tensor itself
        #expect(Tensor([1, 2]).t().shape == [2] && Tensor(1).t().shape == [])
    }

    @Test func squeezeUnsqueezeFlatten() {
        // x.unsqueeze(0): stride (6, 3, 1);  x.unsqueeze(-1): (3, 1, 1);  x.unsqueeze(1): (3, 3, 1)
        expectLayout(x.unsqueeze(0), shape: [1, 2, 3], strides: [6, 3, 1])
        expectLayout(x.unsqueeze(-1), shape: [2, 3, 1], strides: [3, 1, 1])
        expectLayout(x.unsqueeze(1), shape: [2, 1, 3], strides: [3, 3, 1])
        // torch.zeros(1, 2, 1, 3).squeeze()  -> [2, 3];  .squeeze(2)  -> [1, 2, 3];  .squeeze(1)  -> unchanged
        let z = Tensor.zeros(1, 2, 1, 3)
        expectLayout(z.squeeze(), shape: [2, 3], strides: [3, 1])
        expectLayout(z.squeeze(2), shape: [1, 2, 3], strides: [6, 3, 1])
        expectLayout(z.squeeze(1), shape: [1, 2, 1, 3], strides: [6, 3, 3, 1])
        expectLayout(z.squeeze(-2), shape: [1, 2, 3], strides: [6, 3, 1])
        // torch.tensor(5).unsqueeze(0)  -> [5];  torch.zeros(1).squeeze()  -> 0-d
        expectExact(Tensor(5).unsqueeze(0), [5], shape: [1])
        #expect(Tensor.zeros(1).squeeze().shape == [])
        // x.flatten();  y.flatten(1);  y.flatten(0, 1);  torch.tensor(7).flatten()
        expectLayout(x.flatten(), shape: [6], strides: [1])
        expectLayout(y.flatten(startDim: 1), shape: [2, 12], strides: [12, 1])
        expectLayout(y.flatten(startDim: 0, endDim: 1), shape: [6, 4], strides: [4, 1])
        expectExact(Tensor(7).flatten(), [7], shape: [1])
        // Flattening a transposed tensor copies: x.t().flatten()  -> [0, 3, 1, 4, 2, 5]
        expectExact(x.t().flatten(), [0, 3, 1, 4, 2, 5], shape: [6])
    }

    @Test func expand() {
        // torch.tensor([[1], [2]]).expand(2, 3): stride (1, 0)
        let e = Tensor([[1], [2]]).expand(2, 3)
        expectLayout(e, shape: [2, 3], strides: [1, 0])
        expectExact(e, [1, 1, 1, 2, 2, 2], shape: [2, 3])
        #expect(!e.isContiguous)
        // torch.tensor([1, 2, 3]).expand(2, -1): stride (0, 1)
        expectLayout(Tensor([1, 2, 3]).expand(2, -1), shape: [2, 3], strides: [0, 1])
        // torch.tensor([1, 2, 3]).expand(2, 2, 3): stride (0, 0, 1)
        expectExact(Tensor([1, 2, 3]).expand(2, 2, 3), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], shape: [2, 2, 3])
        // y.unsqueeze(0).expand(2, 2, 3, 4).reshape(-1, 4)  -> y twice
        let twice = y.unsqueeze(0).expand(2, 2, 3, 4).reshape(-1, 4)
        expectExact(twice, (0..<24).map(Int64.init) + (0..<24).map(Int64.init), shape: [12, 4])
        // expand_as; expanding a 0-d tensor
        expectExact(Tensor(7).expand(as: x), [7, 7, 7, 7, 7, 7], shape: [2, 3])
    }

    @Test func narrowSelectSlice() {
        // x.narrow(1, 1, 2): stride (3, 1), offset 1, values [1, 2, 4, 5]
        let n = x.narrow(1, 1, 2)
        expectLayout(n, shape: [2, 2], strides: [3, 1], offset: 1)
        expectExact(n, [1, 2, 4, 5], shape: [2, 2])
        #expect(n.storage === x.storage)
        // x.narrow(0, -1, 1): offset 3
        expectLayout(x.narrow(0, -1, 1), shape: [1, 3], strides: [3, 1], offset: 3)
        // y[:, :, ::2]: stride (12, 4, 2)
        let s = y.slice(2, 0, 4, step: 2, file: #fileID, line: #line)
        expectLayout(s, shape: [2, 3, 2], strides: [12, 4, 2])
        expectExact(s, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22], shape: [2, 3, 2])
        // y[:, 1]: offset 4;  y.select(2, -1): stride (12, 4), offset 3
        expectLayout(y.select(1, 1), shape: [2, 4], strides: [12, 1], offset: 4)
        expectExact(y.select(1, 1), [4, 5, 6, 7, 16, 17, 18, 19], shape: [2, 4])
        expectLayout(y.select(2, -1), shape: [2, 3], strides: [12, 4], offset: 3)
        expectExact(y.select(2, -1), [3, 7, 11, 15, 19, 23], shape: [2, 3])
        // A narrow of a narrow accumulates the offset: y.narrow(2, 1, 3).narrow(1, 1, 2).select(0, 1)
        let nn = y.narrow(2, 1, 3).narrow(1, 1, 2).select(0, 1)
        expectLayout(nn, shape: [2, 3], strides: [4, 1], offset: 17)
        expectExact(nn, [17, 18, 19, 21, 22, 23], shape: [2, 3])
    }

    @Test func cat() {
        // torch.cat([x, x * 10], 0);  torch.cat([x, x * 10], 1)
        expectExact(Ember.cat([x, x * 10], dim: 0), [0, 1, 2, 3, 4, 5, 0, 10, 20, 30, 40, 50], shape: [4, 3], dtype: .int64)
        expectExact(Ember.cat([x, x * 10], dim: 1), [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50], shape: [2, 6], dtype: .int64)
        expectExact(Ember.cat([x, x * 10], dim: -1), [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50], shape: [2, 6], dtype: .int64)
        // torch.cat([x.t(), x.t()], 1)  (non-contiguous parts)
        expectExact(Ember.cat([x.t(), x.t()], dim: 1), [0, 3, 0, 3, 1, 4, 1, 4, 2, 5, 2, 5], shape: [3, 4])
        // torch.cat([torch.zeros(2, 0), torch.ones(2, 2)], 1)
        expectTensor(Ember.cat([Tensor.zeros(2, 0), Tensor.ones(2, 2)], dim: 1), [1, 1, 1, 1], shape: [2, 2], dtype: .float32)
        // Legacy empty 1-D tensors are skipped: torch.cat([torch.tensor([[1, 2]]), torch.tensor([], dtype=torch.int64)])
        expectExact(Ember.cat([Tensor([[1, 2]]), Tensor([Int]())]), [1, 2], shape: [1, 2], dtype: .int64)
        // ... but still promote: torch.cat([torch.tensor([1, 2]), torch.tensor([], dtype=torch.float64)])  -> float64
        expectTensor(Ember.cat([Tensor([1, 2]), Tensor([Double](), dtype: .float64)]), [1, 2], shape: [2], dtype: .float64)
        expectTensor(Ember.cat([Tensor([[1, 2]]), Tensor([Double](), dtype: .float64)]), [1, 2], shape: [1, 2], dtype: .float64)
        // A broadcast part: torch.cat([torch.tensor([[1], [2]]).expand(2, 2), x], 1)
        expectExact(Ember.cat([Tensor([[1], [2]]).expand(2, 2), x], dim: 1), [1, 1, 0, 1, 2, 2, 2, 3, 4, 5], shape: [2, 5])
    }

    @Test func stack() {
        // torch.stack([torch.tensor([1, 2]), torch.tensor([3, 4])]);  dim 1;  dim -1
        let a = Tensor([1, 2]), b = Tensor([3, 4])
        expectExact(Ember.stack([a, b]), [1, 2, 3, 4], shape: [2, 2])
        expectExact(Ember.stack([a, b], dim: 1), [1, 3, 2, 4], shape: [2, 2])
        expectExact(Ember.stack([a, b], dim: -1), [1, 3, 2, 4], shape: [2, 2])
        // torch.stack([torch.tensor(1), torch.tensor(2)])
        expectExact(Ember.stack([Tensor(1), Tensor(2)]), [1, 2], shape: [2])
        // torch.stack([x, x * -1], 2)
        expectExact(Ember.stack([x, x * -1], dim: 2), [0, 0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5], shape: [2, 3, 2])
    }

    @Test func splitAndChunk() {
        // [t.tolist() for t in torch.arange(7).split(3)]  -> [[0, 1, 2], [3, 4, 5], [6]]
        let r = Tensor.arange(7)
        #expect(r.split(3).map { $0.toArray(Int64.self) } == [[0, 1, 2], [3, 4, 5], [6]])
        // torch.arange(7).split([2, 5])
        #expect(r.split([2, 5]).map { $0.toArray(Int64.self) } == [[0, 1], [2, 3, 4, 5, 6]])
        // torch.arange(7).chunk(3)  -> [[0, 1, 2], [3, 4, 5], [6]]
        #expect(r.chunk(3).map { $0.toArray(Int64.self) } == [[0, 1, 2], [3, 4, 5], [6]])
        // torch.arange(6).chunk(4)  -> [[0, 1], [2, 3], [4, 5]] (fewer than asked)
        #expect(Tensor.arange(6).chunk(4).map { $0.toArray(Int64.self) } == [[0, 1], [2, 3], [4, 5]])
        // torch.arange(5).chunk(2)
        #expect(Tensor.arange(5).chunk(2).map { $0.toArray(Int64.self) } == [[0, 1, 2], [3, 4]])
        // [t.shape for t in y.split(2, dim=-1)]  -> [2, 3, 2] twice;  y.chunk(2, 1)  -> [2, 2, 4], [2, 1, 4]
        #expect(y.split(2, dim: -1).map(\.shape) == [[2, 3, 2], [2, 3, 2]])
        #expect(y.chunk(2, dim: 1).map(\.shape) == [[2, 2, 4], [2, 1, 4]])
        // x.split(1, 1)  -> [[0], [3]], [[1], [4]], [[2], [5]] (views)
        let cols = x.split(1, dim: 1)
        #expect(cols.map { $0.toArray(Int64.self) } == [[0, 3], [1, 4], [2, 5]])
        #expect(cols.allSatisfy { $0.storage === x.storage && $0.shape == [2, 1] })
        #expect(cols[2].storageOffset == 2)
        // Empty: torch.arange(0).split(2)  -> one empty piece;  torch.arange(0).chunk(2)  -> two
        #expect(Tensor.arange(0).split(2).map(\.shape) == [[0]])
        #expect(Tensor.arange(0).chunk(2).map(\.shape) == [[0], [0]])
        // torch.zeros(0, 3).split(2)  -> [[0, 3]]
        #expect(Tensor.zeros(0, 3).split(2).map(\.shape) == [[0, 3]])
    }

    @Test func repeatTiles() {
        // x.repeat(2, 2)
        expectExact(x.repeat(2, 2), [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5], shape: [4, 6])
        // torch.tensor([1, 2]).repeat(2, 1, 2)
        expectExact(Tensor([1, 2]).repeat(2, 1, 2), [1, 2, 1, 2, 1, 2, 1, 2], shape: [2, 1, 4])
        // x.t().repeat(1, 2)
        expectExact(x.t().repeat(1, 2), [0, 3, 0, 3, 1, 4, 1, 4, 2, 5, 2, 5], shape: [3, 4])
        // torch.tensor(3).repeat(2)
        expectExact(Tensor(3).repeat(2), [3, 3], shape: [2])
        // repeat copies: writing into the result leaves x alone
        let rep = x.repeat(1, 1)
        #expect(rep.storage !== x.storage)
    }

    @Test func flipCopies() {
        // x.flip(0);  x.flip(1);  x.flip(0, 1)
        expectExact(x.flip(0), [3, 4, 5, 0, 1, 2], shape: [2, 3])
        expectExact(x.flip(1), [2, 1, 0, 5, 4, 3], shape: [2, 3])
        expectExact(x.flip(0, 1), [5, 4, 3, 2, 1, 0], shape: [2, 3])
        #expect(x.flip(0).storage !== x.storage)
        // x.t().flip(0)  -> [[2, 5], [1, 4], [0, 3]]
        expectExact(x.t().flip(0), [2, 5, 1, 4, 0, 3], shape: [3, 2])
        // y.flip(-1)[0]
        expectExact(y.flip(-1).select(0, 0), [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8], shape: [3, 4])
        // torch.zeros(0, 2).flip(0)
        #expect(Tensor.zeros(0, 2).flip(0).shape == [0, 2])
    }
}
