import Testing
@testable import Ember

// gather, scatter, scatter_add, index_select, index_add and masked_fill, pinned to PyTorch 2.15.
//   x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
//   idx = torch.tensor([[2, 0], [1, 1]])

@Suite struct GatherScatterTests {
    let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    let idx = Tensor([[2, 0], [1, 1]])

    @Test func gather() {
        // x.gather(1, idx)
        expectTensor(x.gather(1, idx), [3, 1, 5, 5], shape: [2, 2], dtype: .float32)
        // x.gather(0, torch.tensor([[1, 0, 1]]))
        expectTensor(x.gather(0, Tensor([[1, 0, 1]])), [4, 2, 6], shape: [1, 3], dtype: .float32)
        // x.t().gather(0, torch.tensor([[2, 0], [1, 1]]))  (transposed source)
        expectTensor(x.t().gather(0, idx), [3, 4, 2, 5], shape: [2, 2], dtype: .float32)
        // x.gather(1, torch.tensor([[0]], dtype=torch.int32))  (int32 indices are accepted)
        expectTensor(x.gather(1, Tensor([[0]], dtype: .int32)), [1], shape: [1, 1], dtype: .float32)
    }

    @Test func scatterAndScatterAdd() {
        // torch.zeros(2, 3).scatter(1, idx, torch.tensor([[10.0, 20.0], [30.0, 40.0]]))
        let s = Tensor.zeros(2, 3).scatter(1, idx, Tensor([[10.0, 20.0], [30.0, 40.0]]))
        expectTensor(s, [20, 0, 10, 0, 40, 0], shape: [2, 3], dtype: .float32)
        // torch.zeros(2, 3).scatter_add(1, torch.tensor([[0, 0], [2, 2]]), torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
        let a = Tensor.zeros(2, 3).scatterAdd(1, Tensor([[0, 0], [2, 2]]), Tensor([[1.0, 2.0], [3.0, 4.0]]))
        expectTensor(a, [3, 0, 0, 0, 0, 7], shape: [2, 3], dtype: .float32)
        // torch.zeros(2, 3, dtype=torch.int64).scatter(1, idx, 7)
        expectExact(Tensor.zeros(2, 3, dtype: .int64).scatter(1, idx, value: 7), [7, 0, 7, 0, 7, 0], shape: [2, 3], dtype: .int64)
        // x.scatter_add(1, torch.tensor([[0]], dtype=torch.int32), x)  -> [[2, 2, 3], [4, 5, 6]]
        expectTensor(x.scatterAdd(1, Tensor([[0]], dtype: .int32), x), [2, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float32)
        // Out of place: the source tensor is unchanged.
        expectTensor(x, [1, 2, 3, 4, 5, 6], shape: [2, 3])
    }

    @Test func indexSelectAndIndexAdd() {
        // x.index_select(1, torch.tensor([2, 0, 2]))
        expectTensor(x.indexSelect(1, Tensor([2, 0, 2])), [3, 1, 3, 6, 4, 6], shape: [2, 3], dtype: .float32)
        // x.index_select(0, torch.tensor([1], dtype=torch.int32))
        expectTensor(x.indexSelect(0, Tensor([1], dtype: .int32)), [4, 5, 6], shape: [1, 3], dtype: .float32)
        // x.t().index_select(0, torch.tensor([1, 0]))
        expectTensor(x.t().indexSelect(0, Tensor([1, 0])), [2, 5, 1, 4], shape: [2, 2], dtype: .float32)
        // torch.zeros(3).index_add(0, torch.tensor([0, 2, 0]), torch.tensor([1.0, 2.0, 3.0]))
        expectTensor(Tensor.zeros(3).indexAdd(0, Tensor([0, 2, 0]), Tensor([1.0, 2.0, 3.0])), [4, 0, 2], shape: [3], dtype: .float32)
    }

    @Test func maskedFill() {
        // x.masked_fill(torch.tensor([[True, False, True], [False, False, True]]), -1.0)
        expectTensor(x.maskedFill(Tensor([[true, false, true], [false, false, true]]), -1.0), [-1, 2, -1, 4, 5, -1], shape: [2, 3], dtype: .float32)
        // x.masked_fill(torch.tensor([True, False, False]), 9)  (broadcast mask)
        expectTensor(x.maskedFill(Tensor([true, false, false]), 9), [9, 2, 3, 9, 5, 6], shape: [2, 3], dtype: .float32)
        // torch.tensor([1, 2, 3]).masked_fill(torch.tensor([False, True, False]), torch.tensor(5))
        expectExact(Tensor([1, 2, 3]).maskedFill(Tensor([false, true, false]), Tensor(5)), [1, 5, 3], shape: [3], dtype: .int64)
        // torch.tensor([1, 2, 3]).masked_fill(torch.tensor([True, False, False]), 7.9)  -> [7, 2, 3]
        expectExact(Tensor([1, 2, 3]).maskedFill(Tensor([true, false, false]), 7.9), [7, 2, 3], shape: [3], dtype: .int64)
    }

    @Test func indexErrors() async {
        // x.gather(1, torch.tensor([[3]]))
        let bounds = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1.0, 2.0, 3.0]]).gather(1, Tensor([[3]]))
        }
        let boundsText = String(decoding: bounds?.standardErrorContent ?? [], as: UTF8.self)
        #expect(boundsText.contains("index 3 is out of bounds for dimension 1 with size 3"))
        // x.gather(1, torch.tensor([[0.0]]))
        let dtype = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1.0, 2.0, 3.0]]).gather(1, Tensor([[0.0]]))
        }
        let dtypeText = String(decoding: dtype?.standardErrorContent ?? [], as: UTF8.self)
        #expect(dtypeText.contains("gather(): Expected dtype int32/int64 for index"))
        // x.masked_fill(torch.tensor([1, 0, 0]), 1.0)
        let mask = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2.0, 3.0]).maskedFill(Tensor([1, 0, 0]), 1.0)
        }
        let maskText = String(decoding: mask?.standardErrorContent ?? [], as: UTF8.self)
        #expect(maskText.contains("masked_fill_ only supports boolean masks, but got mask with dtype long int"))
    }
}
