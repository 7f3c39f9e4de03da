import Testing
import Ember

/// The README's tour, run as written, so the first code a user copies works.
@Suite struct ReadmeTourTests {
    @Test func tourRunsAndPrintsWhatItSays() {
        let a = Tensor([[1, 2], [3, 4]])
        let b = Tensor([[1.0, 2.0], [3.0, 4.0]])
        #expect((a + b).dtype == .float32)
        #expect(b.matmul(b.T).equal(einsum("ij,kj->ik", b, b)))

        let t = Tensor.arange(12).reshape(3, 4)
        #expect(t[.all, 1].toArray(Int64.self) == [1, 5, 9])
        #expect(t[t .> 5].toArray(Int64.self) == [6, 7, 8, 9, 10, 11])
        var m = t.clone()
        m[m .> 5] += 100
        #expect(m.toArray(Int64.self) == [0, 1, 2, 3, 4, 5, 106, 107, 108, 109, 110, 111])

        let x = Tensor(2.0, requiresGrad: true)
        let y = x ** 2 + 3 * x + 1
        y.backward()
        #expect(String(describing: x.grad!) == "tensor(7.)")
        #expect(y.gradFn!.name == "AddBackward0")

        let w = Tensor.randn([3, 1], requiresGrad: true)
        let before = w.toArray(Double.self)
        let loss = (Tensor.ones(4, 3).matmul(w) ** 2).mean()
        loss.backward()
        noGrad { w -= 0.1 * w.grad! }
        #expect(w.toArray(Double.self) != before)
        #expect(w.isLeaf && w.requiresGrad)
    }
}
