import Testing
@testable import Ember

// dtype conversion (C-cast semantics), item(), toArray, clone/contiguous, pinned to PyTorch 2.15.
//   f = torch.tensor([-2.7, -0.5, 0.0, 0.5, 1.9, 255.9, 256.0, 300.7, -1.0])

@Suite struct ConversionTests {
    let f = Tensor([-2.7, -0.5, 0.0, 0.5, 1.9, 255.9, 256.0, 300.7, -1.0])

    @Test func floatToIntegerTruncatesTowardZero() {
        // f.to(torch.int64);  f.long()
        expectExact(f.to(.int64), [-2, 0, 0, 0, 1, 255, 256, 300, -1], shape: [9], dtype: .int64)
        expectExact(f.long(), [-2, 0, 0, 0, 1, 255, 256, 300, -1], shape: [9], dtype: .int64)
        // f.to(torch.int32);  f.int()
        expectExact(f.to(.int32), [-2, 0, 0, 0, 1, 255, 256, 300, -1], shape: [9], dtype: .int32)
        expectExact(f.int(), [-2, 0, 0, 0, 1, 255, 256, 300, -1], shape: [9], dtype: .int32)
        // f.to(torch.uint8)  -> through int64, then wraps: [254, 0, 0, 0, 1, 255, 0, 44, 255]
        expectExact(f.to(.uint8), [254, 0, 0, 0, 1, 255, 0, 44, 255], shape: [9], dtype: .uint8)
    }

    @Test func outOfRangeFloatToInteger() {
        let big = Tensor([3e9, -3e9, 1e20, .nan, .infinity, 2.5e9])
        // big.int()  -> all -2147483648 (x86's cvttss2si answer)
        expectExact(big.int(), Array(repeating: -2147483648, count: 6), shape: [6], dtype: .int32)
        // big.long()  -> [3000000000, -3000000000, INT64_MIN, INT64_MIN, INT64_MIN, 2500000000]
        expectExact(big.long(), [3000000000, -3000000000, Int64.min, Int64.min, Int64.min, 2500000000], shape: [6], dtype: .int64)
        // big.to(torch.uint8)  -> all 0
        expectExact(big.to(.uint8), [0, 0, 0, 0, 0, 0], shape: [6], dtype: .uint8)
        // torch.tensor([nan], dtype=torch.float64).to(torch.int32);  torch.tensor([1e10], dtype=torch.float64).to(torch.int32)
        expectExact(Tensor([Double.nan, 1e10], dtype: .float64).int(), [-2147483648, -2147483648], shape: [2], dtype: .int32)
        // torch.tensor([nan, inf], dtype=torch.float16).long()
        expectExact(Tensor([Double.nan, .infinity], dtype: .float16).long(), [Int64.min, Int64.min], shape: [2], dtype: .int64)
    }

    @Test func toBool() {
        // f.to(torch.bool);  f.bool()  -> nonzero is True
        expectExact(f.to(.bool), [1, 1, 0, 1, 1, 1, 1, 1, 1], shape: [9], dtype: .bool)
        expectExact(f.bool(), [1, 1, 0, 1, 1, 1, 1, 1, 1], shape: [9], dtype: .bool)
        // torch.tensor([nan, inf, -inf, -0.0]).to(torch.bool)  -> [True, True, True, False]
        expectExact(Tensor([Double.nan, .infinity, -.infinity, -0.0]).bool(), [1, 1, 1, 0], shape: [4], dtype: .bool)
        // torch.tensor([0, 2, -3]).to(torch.bool)
        expectExact(Tensor([0, 2, -3]).bool(), [0, 1, 1], shape: [3], dtype: .bool)
        // torch.tensor([True, False]).float() / .long()
        expectTensor(Tensor([true, false]).float(), [1, 0], shape: [2], dtype: .float32)
        expectExact(Tensor([true, false]).long(), [1, 0], shape: [2], dtype: .int64)
    }

    @Test func integerNarrowingWraps() {
        // torch.tensor([-1, 256, 257, 1000, -129]).to(torch.uint8)  -> [255, 0, 1, 232, 127]
        expectExact(Tensor([-1, 256, 257, 1000, -129]).to(.uint8), [255, 0, 1, 232, 127], shape: [5], dtype: .uint8)
        // torch.tensor([2**31, -2**31 - 1, 2**40 + 5]).to(torch.int32)  -> [-2147483648, 2147483647, 5]
        expectExact(Tensor([Int64(1) << 31, -(Int64(1) << 31) - 1, (Int64(1) << 40) + 5]).to(.int32),
                    [-2147483648, 2147483647, 5], shape: [3], dtype: .int32)
        // torch.tensor([200], dtype=torch.uint8).to(torch.int32);  torch.tensor([-1], dtype=torch.int32).to(torch.uint8)
        expectExact(Tensor([200], dtype: .uint8).int(), [200], shape: [1], dtype: .int32)
        expectExact(Tensor([-1], dtype: .int32).to(.uint8), [255], shape: [1], dtype: .uint8)
    }

    @Test func floatPrecisionConversions() {
        // f.to(torch.float16);  f.half()
        let half: [Double] = [-2.69921875, -0.5, 0.0, 0.5, 1.900390625, 255.875, 256.0, 300.75, -1.0]
        expectTensor(f.to(.float16), half, shape: [9], dtype: .float16, atol: 0, rtol: 0)
        expectTensor(f.half(), half, shape: [9], dtype: .float16, atol: 0, rtol: 0)
        // f.double()  -> the float32 values widened exactly
        expectTensor(f.double(), [-2.700000047683716, -0.5, 0.0, 0.5, 1.899999976158142, 255.89999389648438, 256.0, 300.70001220703125, -1.0],
                     shape: [9], dtype: .float64, atol: 0, rtol: 0)
        // torch.tensor([65504.0, 65520.0, 1e-8, 70000.0]).half()  -> [65504, inf, 0, inf]
        expectTensor(Tensor([65504.0, 65520.0, 1e-8, 70000.0]).half(), [65504, .infinity, 0, .infinity], shape: [4], dtype: .float16, atol: 0, rtol: 0)
        // torch.tensor([0.1], dtype=torch.float64).float()  -> 0.10000000149011612
        expectTensor(Tensor([0.1], dtype: .float64).float(), [0.10000000149011612], shape: [1], dtype: .float32, atol: 0, rtol: 0)
        // torch.tensor([2**24 + 1]).float().long()  -> 16777216
        expectExact(Tensor([(Int64(1) << 24) + 1]).float().long(), [16777216], shape: [1], dtype: .int64)
        // torch.tensor([2**53 + 1]).to(torch.float64).to(torch.int64)  -> 9007199254740992
        expectExact(Tensor([(Int64(1) << 53) + 1]).double().long(), [9007199254740992], shape: [1], dtype: .int64)
    }

    @Test func nonContiguousConversions() {
        // torch.tensor([[1.5, -2.5], [3.5, 4.5]]).t().long()  -> [[1, 3], [-2, 4]]
        let t = Tensor([[1.5, -2.5], [3.5, 4.5]]).t()
        let l = t.long()
        expectExact(l, [1, 3, -2, 4], shape: [2, 2], dtype: .int64)
        #expect(l.isContiguous)
        // An expanded source: torch.tensor([[0.5], [1.5]]).expand(2, 2).to(torch.int32)
        expectExact(Tensor([[0.5], [1.5]]).expand(2, 2).int(), [0, 0, 1, 1], shape: [2, 2], dtype: .int32)
    }

    @Test func sameDTypeReturnsSelf() {
        // x = torch.tensor([1.0, 2.0]): x.to(torch.float32) is x  -> True; x.float() is x  -> True
        let x = Tensor([1.0, 2.0])
        #expect(x.to(.float32) === x && x.float() === x)
        // x.to(torch.float64) is x  -> False; x.clone() is x  -> False; x.contiguous() is x  -> True
        #expect(x.to(.float64) !== x)
        #expect(x.clone() !== x && x.clone().storage !== x.storage)
        #expect(x.contiguous() === x)
        // t = torch.tensor([[1., 2.], [3., 4.]]).t(); c = t.contiguous()  -> contiguous, stride (2, 1), new storage
        let t = Tensor([[1.0, 2.0], [3.0, 4.0]]).t()
        let c = t.contiguous()
        #expect(c.isContiguous && c.strides == [2, 1] && c.storage !== t.storage)
        expectTensor(c, [1, 3, 2, 4], shape: [2, 2])
        #expect(x.to(.cpu) === x && x.cpu() === x && x.device == .cpu)
    }

    @Test func itemAndToArray() {
        // torch.tensor([3.75]).item()  -> 3.75;  torch.tensor([[7]]).item()  -> 7
        #expect(Tensor([3.75]).item() == 3.75)
        #expect(Tensor([[7]]).item() == 7)
        // torch.tensor(2**62 + 1).item()  -> 4611686018427387905 (exact with item(Int64.self))
        #expect(Tensor((Int64(1) << 62) + 1).item(Int64.self) == (Int64(1) << 62) + 1)
        // torch.tensor(True).item()  -> True
        #expect(Tensor(true).item(Bool.self) == true && Tensor(true).item() == 1)
        #expect(Tensor(2.5).item(Float.self) == 2.5)
        // torch.tensor([1.7, -1.7]).float().tolist()  -> [1.7000000476837158, -1.7000000476837158]
        #expect(Tensor([1.7, -1.7]).toArray(Double.self) == [1.7000000476837158, -1.7000000476837158])
        #expect(Tensor([1.7, -1.7]).toArray(Float.self) == [1.7, -1.7])
        // toArray reads a view in row-major order and converts with C casts.
        let t = Tensor.arange(6).reshape(2, 3).t()
        #expect(t.toArray(Int64.self) == [0, 3, 1, 4, 2, 5])
        #expect(t.toArray(Int32.self) == [0, 3, 1, 4, 2, 5])
        #expect(Tensor([-1.5, 2.5]).toArray(Int.self) == [-1, 2])
        #expect(Tensor([0.0, 0.5]).toArray(Bool.self) == [false, true])
        #expect(Tensor([300]).toArray(UInt8.self) == [44])
        #expect(Tensor.zeros(0, 2).toArray(Double.self) == [])
    }
}
