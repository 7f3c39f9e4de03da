import Testing
@testable import Ember

// In-place ops through views and aliases, version counters and compound assignment,
// pinned to PyTorch 2.15 (`t._version` is `t.storage.version` here).

@Suite struct InPlaceTests {
    @Test func writesThroughViewsReachTheBase() {
        // x = torch.zeros(2, 3); v = x[:, 1]; v.add_(5)  -> x [[0, 5, 0], [0, 5, 0]], versions 1 and 1
        let x = Tensor.zeros(2, 3)
        let v = x.select(1, 1)
        v.add_(5)
        expectTensor(x, [0, 5, 0, 0, 5, 0], shape: [2, 3])
        #expect(x.storage.version == 1 && v.storage.version == 1)
        // x = torch.arange(6.).reshape(2, 3); x.t().mul_(2)  -> [0, 2, 4, 6, 8, 10]
        let y = Tensor.arange(6.0).reshape(2, 3)
        y.t().mul_(2)
        expectTensor(y, [0, 2, 4, 6, 8, 10], shape: [2, 3])
        #expect(y.storage.version == 1)
        // x = torch.arange(6.).reshape(2, 3); x.t()[0].fill_(-1)  -> [-1, 1, 2, -1, 4, 5]
        let z = Tensor.arange(6.0).reshape(2, 3)
        z.t().select(0, 0).fill_(-1)
        expectTensor(z, [-1, 1, 2, -1, 4, 5], shape: [2, 3])
        // x = torch.arange(4.); x[::2].sub_(torch.tensor([10., 20.]))  -> [-10, 1, -18, 3]
        let w = Tensor.arange(4.0)
        w.slice(0, 0, 4, step: 2, file: #fileID, line: #line).sub_(Tensor([10.0, 20.0]))
        expectTensor(w, [-10, 1, -18, 3], shape: [4])
        // A narrowed view with an offset: x = torch.arange(6.).reshape(2, 3); x[1, 1:].div_(2)  -> [0, 1, 2, 3, 2, 2.5]
        let n = Tensor.arange(6.0).reshape(2, 3)
        n.select(0, 1).narrow(0, 1, 2).div_(2)
        expectTensor(n, [0, 1, 2, 3, 2, 2.5], shape: [2, 3])
    }

    @Test func detachSharesStorageAndVersion() {
        // x = torch.ones(3); d = x.detach(); d.add_(1)  -> x [2, 2, 2], x._version 1
        let x = Tensor.ones(3)
        let d = x.detach()
        d.add_(1)
        expectTensor(x, [2, 2, 2], shape: [3])
        #expect(x.storage.version == 1 && d.storage === x.storage)
    }

    @Test func versionCounterBumps() {
        // x = torch.ones(3); x._version  -> 0; x.zero_()  -> 1; x.fill_(2.5)  -> 2; x.clamp_(min=3.0)  -> 3
        let x = Tensor.ones(3)
        #expect(x.storage.version == 0)
        x.zero_()
        expectTensor(x, [0, 0, 0], shape: [3])
        #expect(x.storage.version == 1)
        x.fill_(2.5)
        #expect(x.storage.version == 2)
        x.clamp_(min: 3.0)
        expectTensor(x, [3, 3, 3], shape: [3])
        #expect(x.storage.version == 3)
        x.copy_(Tensor([1.0, 2.0, 3.0]))
        #expect(x.storage.version == 4)
        x.add_(1); x.sub_(1); x.mul_(2); x.div_(2)
        #expect(x.storage.version == 8)
        // Out-of-place ops leave the version alone.
        _ = x + 1
        _ = x.t()
        #expect(x.storage.version == 8)
    }

    @Test func broadcastAndTypedInPlaceOps() {
        // x = torch.ones(2, 2); x.add_(torch.tensor([1., 2.]))  -> [2, 3, 2, 3]
        let b = Tensor.ones(2, 2)
        b.add_(Tensor([1.0, 2.0]))
        expectTensor(b, [2, 3, 2, 3], shape: [2, 2])
        // x = torch.tensor([1, 2, 3]); x.add_(2)  -> int64 [3, 4, 5]
        let i = Tensor([1, 2, 3])
        i.add_(2)
        expectExact(i, [3, 4, 5], shape: [3], dtype: .int64)
        // x = torch.tensor([1.0, 2.0]); x.add_(torch.tensor([1, 2]))  -> float32 [2, 4]
        let f = Tensor([1.0, 2.0])
        f.add_(Tensor([1, 2]))
        expectTensor(f, [2, 4], shape: [2], dtype: .float32)
        // x = torch.tensor([1., 2.], dtype=torch.float16); x.mul_(torch.tensor([3.], dtype=torch.float64))  -> float16 [3, 6]
        let h = Tensor([1.0, 2.0], dtype: .float16)
        h.mul_(Tensor([3.0], dtype: .float64))
        expectTensor(h, [3, 6], shape: [2], dtype: .float16)
        // x = torch.tensor([1, 2], dtype=torch.int32); x.add_(torch.tensor([2**32 + 1]))  -> int32 [2, 3] (wraps)
        let i32 = Tensor([1, 2], dtype: .int32)
        i32.add_(Tensor([(Int64(1) << 32) + 1]))
        expectExact(i32, [2, 3], shape: [2], dtype: .int32)
        // x = torch.tensor([True, False]); x.mul_(torch.tensor([True, True]))  -> [True, False]
        let m = Tensor([true, false])
        m.mul_(Tensor([true, true]))
        expectExact(m, [1, 0], shape: [2], dtype: .bool)
        // x = torch.tensor([4.0, 9.0]); x.div_(2)  -> [2, 4.5]; x.sub_(torch.tensor([1., 1.]), alpha=2)  -> [0, 2.5]
        let d = Tensor([4.0, 9.0])
        d.div_(2)
        expectTensor(d, [2, 4.5], shape: [2])
        d.sub_(Tensor([1.0, 1.0]), alpha: 2)
        expectTensor(d, [0, 2.5], shape: [2])
        // x.add_(torch.tensor([1., 1.]), alpha=-3)  -> [-3, -0.5]
        d.add_(Tensor([1.0, 1.0]), alpha: -3)
        expectTensor(d, [-3, -0.5], shape: [2])
        // x = torch.tensor([7, -7]); x.fill_(2.9)  -> [2, 2]
        let filled = Tensor([7, -7])
        filled.fill_(2.9)
        expectExact(filled, [2, 2], shape: [2], dtype: .int64)
    }

    @Test func copyBroadcastsCastsAndHandlesOverlap() {
        // x = torch.zeros(2, 2); x.copy_(torch.tensor([1, 2]))  -> float32 [1, 2, 1, 2]
        let x = Tensor.zeros(2, 2)
        x.copy_(Tensor([1, 2]))
        expectTensor(x, [1, 2, 1, 2], shape: [2, 2], dtype: .float32)
        // x = torch.zeros(2, dtype=torch.int64); x.copy_(torch.tensor([1.7, -2.7]))  -> [1, -2]
        let i = Tensor.zeros(2, dtype: .int64)
        i.copy_(Tensor([1.7, -2.7]))
        expectExact(i, [1, -2], shape: [2], dtype: .int64)
        // x = torch.arange(4.); x.copy_(x.flip(0))  -> [3, 2, 1, 0]
        let r = Tensor.arange(4.0)
        r.copy_(r.flip(0))
        expectTensor(r, [3, 2, 1, 0], shape: [4])
        // Shifting within one tensor: x = torch.arange(5.); x[1:].copy_(x[:-1].clone())  -> [0, 0, 1, 2, 3]
        // (PyTorch refuses the partially overlapping copy without clone(); Ember reads before writing.)
        let s = Tensor.arange(5.0)
        s.narrow(0, 1, 4).copy_(s.narrow(0, 0, 4).clone())
        expectTensor(s, [0, 0, 1, 2, 3], shape: [5])
        // Into a transposed destination: torch.zeros(2, 3).t().copy_(torch.arange(6.).reshape(3, 2))
        let dst = Tensor.zeros(2, 3)
        dst.t().copy_(Tensor.arange(6.0).reshape(3, 2))
        expectTensor(dst, [0, 2, 4, 1, 3, 5], shape: [2, 3])
    }

    @Test func letTensorCompoundAssignmentUpdatesInPlace() {
        // w = torch.tensor([1.0, 2.0]); alias = w; w -= 0.5 * torch.tensor([2., 4.])  -> both [0, 0]
        let w = Tensor([1.0, 2.0])
        let alias = w
        w -= 0.5 * Tensor([2.0, 4.0])
        expectTensor(alias, [0, 0], shape: [2])
        w += 1
        w *= Tensor([3.0, 4.0])
        w /= 2
        expectTensor(alias, [1.5, 2], shape: [2])
        #expect(w.storage.version == 4)
        // Through a view held in a `let`: the base sees it.
        let base = Tensor.zeros(2, 2)
        let row = base.select(0, 1)
        row += Tensor([1.0, 2.0])
        expectTensor(base, [0, 0, 1, 2], shape: [2, 2])
    }

    @Test func varTensorCompoundAssignmentIsInPlaceToo() {
        // x = torch.ones(3); y = x; y += 1  -> x [2, 2, 2], and y is x
        let x = Tensor.ones(3)
        var y = x
        y += 1
        expectTensor(x, [2, 2, 2], shape: [3])
        #expect(y === x)
        var a = Tensor([1, 2])
        a += 1
        a -= Tensor([1, 1])
        a *= 3
        expectExact(a, [3, 6], shape: [2], dtype: .int64)
        var f = Tensor([2.0, 4.0])
        f /= Tensor([2.0, 8.0])
        expectTensor(f, [1, 0.5], shape: [2])
    }
}
