import Testing
@testable import Ember

// Comparisons, logical ops, isnan/isfinite, equal and allclose, pinned to PyTorch 2.15.
//   a = torch.tensor([1.0, 2.0, nan, -0.0, inf])
//   b = torch.tensor([2.0, 2.0, nan, 0.0, inf])
//   i = torch.tensor([1, 2, 3])
//   p = torch.tensor([True, True, False, False]);  q = torch.tensor([True, False, True, False])

@Suite struct ComparisonTests {
    let a = Tensor([1.0, 2.0, .nan, -0.0, .infinity])
    let b = Tensor([2.0, 2.0, .nan, 0.0, .infinity])
    let i = Tensor([1, 2, 3])
    let p = Tensor([true, true, false, false])
    let q = Tensor([true, false, true, false])

    @Test func elementwiseComparisonsWithNaNAndSignedZero() {
        // a == b;  a != b;  a < b;  a <= b;  a > b;  a >= b
        expectExact(a .== b, [0, 1, 0, 1, 1], shape: [5], dtype: .bool)
        expectExact(a .!= b, [1, 0, 1, 0, 0], shape: [5], dtype: .bool)
        expectExact(a .< b, [1, 0, 0, 0, 0], shape: [5], dtype: .bool)
        expectExact(a .<= b, [1, 1, 0, 1, 1], shape: [5], dtype: .bool)
        expectExact(a .> b, [0, 0, 0, 0, 0], shape: [5], dtype: .bool)
        expectExact(a .>= b, [0, 1, 0, 1, 1], shape: [5], dtype: .bool)
        // The method spellings are the same ops.
        expectExact(a.eq(b), [0, 1, 0, 1, 1], shape: [5], dtype: .bool)
        expectExact(a.ne(b), [1, 0, 1, 0, 0], shape: [5], dtype: .bool)
        expectExact(a.lt(b), [1, 0, 0, 0, 0], shape: [5], dtype: .bool)
        expectExact(a.le(b), [1, 1, 0, 1, 1], shape: [5], dtype: .bool)
        expectExact(a.gt(b), [0, 0, 0, 0, 0], shape: [5], dtype: .bool)
        expectExact(a.ge(b), [0, 1, 0, 1, 1], shape: [5], dtype: .bool)
    }

    @Test func comparisonsWithSwiftNumbersAndBroadcast() {
        // i == 2;  i < 2.5;  2 < i
        expectExact(i .== 2, [0, 1, 0], shape: [3], dtype: .bool)
        expectExact(i .< 2.5, [1, 1, 0], shape: [3], dtype: .bool)
        expectExact(2 .< i, [0, 0, 1], shape: [3], dtype: .bool)
        expectExact(2 .>= i, [1, 1, 0], shape: [3], dtype: .bool)
        expectExact(3 .!= i, [1, 1, 0], shape: [3], dtype: .bool)
        // i >= torch.tensor([[1], [3]])
        expectExact(i .>= Tensor([[1], [3]]), [1, 1, 1, 0, 0, 1], shape: [2, 3], dtype: .bool)
        // torch.tensor([1, 2], dtype=torch.uint8) < torch.tensor([-1, 5])  -> compared in int64
        expectExact(Tensor([1, 2], dtype: .uint8) .< Tensor([-1, 5]), [0, 1], shape: [2], dtype: .bool)
        // torch.tensor([True, False]) == 1;  torch.tensor([True, False]) < torch.tensor([False, True])
        expectExact(Tensor([true, false]) .== 1, [1, 0], shape: [2], dtype: .bool)
        expectExact(Tensor([true, false]) .< Tensor([false, true]), [0, 1], shape: [2], dtype: .bool)
        // Non-contiguous: torch.arange(6).reshape(2, 3).t() > 2  -> [[F, T], [F, T], [F, T]]
        expectExact(Tensor.arange(6).reshape(2, 3).t() .> 2, [0, 1, 0, 1, 0, 1], shape: [3, 2], dtype: .bool)
        // torch.tensor([[1], [2]]).expand(2, 3) == torch.tensor([1, 2, 1])
        expectExact(Tensor([[1], [2]]).expand(2, 3) .== Tensor([1, 2, 1]), [1, 0, 1, 0, 1, 0], shape: [2, 3], dtype: .bool)
        // 0-d and empty
        expectExact(Tensor(2.0) .> 1, [1], shape: [], dtype: .bool)
        expectExact(Tensor.zeros(0) .== 0, [], shape: [0], dtype: .bool)
    }

    @Test func logicalOps() {
        // p & q;  p | q;  p ^ q;  ~p
        expectExact(p .& q, [1, 0, 0, 0], shape: [4], dtype: .bool)
        expectExact(p .| q, [1, 1, 1, 0], shape: [4], dtype: .bool)
        expectExact(p .^ q, [0, 1, 1, 0], shape: [4], dtype: .bool)
        expectExact(.!p, [0, 0, 1, 1], shape: [4], dtype: .bool)
        // torch.logical_and(torch.tensor([1, 0, 2]), torch.tensor([3.0, 1.0, 0.0]))
        expectExact(logicalAnd(Tensor([1, 0, 2]), Tensor([3.0, 1.0, 0.0])), [1, 0, 0], shape: [3], dtype: .bool)
        // torch.logical_not(torch.tensor([0.0, -0.0, nan, 2.0]))  -> nan is truthy
        expectExact(logicalNot(Tensor([0.0, -0.0, .nan, 2.0])), [1, 1, 0, 0], shape: [4], dtype: .bool)
        // torch.logical_xor(torch.tensor([1, 0]), torch.tensor([True, True]))
        expectExact(logicalXor(Tensor([1, 0]), Tensor([true, true])), [0, 1], shape: [2], dtype: .bool)
        expectExact(Tensor([1, 0]).logicalOr(Tensor([0, 0])), [1, 0], shape: [2], dtype: .bool)
        expectExact(Tensor([1, 0]).logicalNot(), [0, 1], shape: [2], dtype: .bool)
        // Broadcast and a transposed operand: torch.tensor([[True], [False]]) & torch.tensor([[True, False], [True, True]]).t()
        let m = Tensor([[true, false], [true, true]]).t()
        expectExact(Tensor([[true], [false]]) .& m, [1, 1, 0, 0], shape: [2, 2], dtype: .bool)
    }

    @Test func isnanIsfinite() {
        // torch.isnan(a);  torch.isfinite(a)
        expectExact(isnan(a), [0, 0, 1, 0, 0], shape: [5], dtype: .bool)
        expectExact(a.isfinite(), [1, 1, 0, 1, 0], shape: [5], dtype: .bool)
        expectExact(isfinite(Tensor([-Double.infinity, 1e38], dtype: .float64)), [0, 1], shape: [2], dtype: .bool)
        // torch.isfinite(torch.tensor([1, 2]));  torch.isnan(torch.tensor([1, 2]))
        expectExact(Tensor([1, 2]).isfinite(), [1, 1], shape: [2], dtype: .bool)
        expectExact(Tensor([1, 2]).isnan(), [0, 0], shape: [2], dtype: .bool)
        expectExact(Tensor([true]).isnan(), [0], shape: [1], dtype: .bool)
        // float16: torch.tensor([nan, 65504.], dtype=torch.float16).isfinite()
        expectExact(Tensor([Double.nan, 65504], dtype: .float16).isfinite(), [0, 1], shape: [2], dtype: .bool)
        // Non-contiguous: torch.tensor([[nan, 1.], [2., inf]]).t().isnan()  -> [[T, F], [F, F]]
        expectExact(Tensor([[Double.nan, 1], [2, .infinity]]).t().isnan(), [1, 0, 0, 0], shape: [2, 2], dtype: .bool)
    }

    @Test func equal() {
        // torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))  -> True
        let same = Ember.equal(Tensor([1, 2]), Tensor([1, 2]))
        #expect(same)
        // torch.equal(torch.tensor([1, 2]), torch.tensor([[1, 2]]))  -> False (shapes differ)
        #expect(!Tensor([1, 2]).equal(Tensor([[1, 2]])))
        // torch.equal(torch.tensor([1.0, nan]), torch.tensor([1.0, nan]))  -> False
        #expect(!Tensor([1.0, .nan]).equal(Tensor([1.0, .nan])))
        // torch.equal(torch.tensor([1, 2]), torch.tensor([1.0, 2.0]))  -> True
        #expect(Tensor([1, 2]).equal(Tensor([1.0, 2.0])))
        // torch.equal(torch.tensor([]), torch.tensor([]))  -> True
        #expect(Tensor([Double]()).equal(Tensor([Double]())))
        // A transposed view equals its contiguous copy.
        let t = Tensor([[1, 2], [3, 4]]).t()
        #expect(t.equal(t.contiguous()) && t.equal(Tensor([[1, 3], [2, 4]])))
    }

    @Test func allclose() {
        // torch.allclose(torch.tensor([1.0, 2.0]), torch.tensor([1.0 + 1e-6, 2.0]))  -> True
        let close = Ember.allclose(Tensor([1.0, 2.0]), Tensor([1.0 + 1e-6, 2.0]))
        #expect(close)
        // ... 1.0 + 1e-3  -> False;  with atol=1e-2  -> True
        #expect(!Tensor([1.0, 2.0]).allclose(Tensor([1.0 + 1e-3, 2.0])))
        #expect(Tensor([1.0, 2.0]).allclose(Tensor([1.0 + 1e-3, 2.0]), atol: 1e-2))
        // NaNs: False by default, True with equal_nan=True
        #expect(!Tensor([1.0, .nan]).allclose(Tensor([1.0, .nan])))
        #expect(Tensor([1.0, .nan]).allclose(Tensor([1.0, .nan]), equalNan: true))
        // torch.allclose(torch.tensor([inf]), torch.tensor([inf]))  -> True; inf vs -inf  -> False
        #expect(Tensor([Double.infinity]).allclose(Tensor([Double.infinity])))
        #expect(!Tensor([Double.infinity]).allclose(Tensor([-Double.infinity])))
        // torch.allclose(torch.tensor([1, 2]), torch.tensor([1, 2]))  -> True
        #expect(Tensor([1, 2]).allclose(Tensor([1, 2])))
        // torch.allclose(torch.tensor([1.0]), torch.tensor([1.0, 1.0]))  -> True (broadcast)
        #expect(Tensor([1.0]).allclose(Tensor([1.0, 1.0])))
        // torch.isclose(torch.tensor([1.0, 1.1, inf]), torch.tensor([1.0, 1.0, inf]), rtol=0.05)
        expectExact(Tensor([1.0, 1.1, .infinity]).isclose(Tensor([1.0, 1.0, .infinity]), rtol: 0.05), [1, 0, 1], shape: [3], dtype: .bool)
    }
}
