import Foundation
import Testing
@testable import Ember

// The fused paths a training step takes (issue 10): addmm, the in-place kernels that write
// straight into self, and gradients adopted as `.grad` without a copy. Values from PyTorch 2.15:
//   inp = torch.tensor([0.5, -1.0, 2.0]); m1 = torch.tensor([[1.0, 2.0], [3.0, -4.0]])
//   m2 = torch.tensor([[0.5, -1.5, 2.0], [1.0, 0.25, -3.0]])

@Suite struct FusedTrainingOpsTests {
    let inp = Tensor([0.5, -1.0, 2.0])
    let m1 = Tensor([[1.0, 2.0], [3.0, -4.0]])
    let m2 = Tensor([[0.5, -1.5, 2.0], [1.0, 0.25, -3.0]])

    @Test func addmmValuesAndNode() {
        // torch.addmm(inp, m1, m2)
        expectTensor(addmm(inp, m1, m2), [3, -2, -2, -2, -6.5, 20], shape: [2, 3], dtype: .float32)
        // torch.addmm(inp, m1, m2, beta=0.5, alpha=2.0)
        expectTensor(addmm(inp, m1, m2, beta: 0.5, alpha: 2), [5.25, -2.5, -7, -4.75, -11.5, 37], shape: [2, 3])
        // a = torch.addmm(inp.requires_grad_(), m1.requires_grad_(), m2); a.sum().backward()
        let i = inp.detach().requiresGrad_(), a = m1.detach().requiresGrad_()
        let y = addmm(i, a, m2)
        #expect(y.gradFn?.name == "AddmmBackward0")
        y.sum().backward()
        expectTensor(i.grad!, [2, 2, 2], shape: [3])
        expectTensor(a.grad!, [1, -1.75, 1, -1.75], shape: [2, 2])
        // A transposed operand is read in place.
        expectTensor(addmm(inp, m1.t().contiguous().t(), m2), [3, -2, -2, -2, -6.5, 20], shape: [2, 3])
    }

    @Test func addmmGradcheck() throws {
        let i = Tensor.randn(3, dtype: .float64, requiresGrad: true)
        let a = Tensor.randn(4, 2, dtype: .float64, requiresGrad: true)
        let b = Tensor.randn(3, 2, dtype: .float64).t().requiresGrad_()
        #expect(try gradcheck({ addmm($0[0], $0[1], $0[2]) }, [i, a, b]))
        #expect(try gradgradcheck({ addmm($0[0], $0[1], $0[2]) }, [i, a, b]))
    }

    @Test func inPlaceWritesEqualOutOfPlace() {
        let x = Tensor.randn(5, 7, dtype: .float32), row = Tensor.randn(7, dtype: .float32)
        for (name, inPlace, outOfPlace) in [
            ("add_", { (t: Tensor) in t.add_(row) }, { (t: Tensor) in t + row }),
            ("sub_", { $0.sub_(row) }, { $0 - row }),
            ("mul_", { $0.mul_(row) }, { $0 * row }),
            ("div_", { $0.div_(row) }, { $0 / row }),
            ("div_ scalar", { $0.div_(0.3081) }, { $0 / 0.3081 }),
        ] as [(String, (Tensor) -> Tensor, (Tensor) -> Tensor)] {
            let t = x.clone(), versionBefore = t.storage.version
            let expected = outOfPlace(t).toArray(Float.self)
            #expect(inPlace(t) === t, "\(name)")
            #expect(t.toArray(Float.self) == expected, "\(name): bit-identical to the out-of-place op")
            #expect(t.storage.version > versionBefore, "\(name): version bumped")
        }
    }

    @Test func adoptedGradientIsNotShared() {
        // y = a + b with both leaves: the same incoming gradient reaches both, so at most one
        // may take it as is; writing into one .grad must not change the other.
        let a = Tensor.zeros(4, requiresGrad: true), b = Tensor.zeros(4, requiresGrad: true)
        (a + b).sum().backward()
        #expect(a.grad!.storage !== b.grad!.storage)
        noGrad { a.grad!.add_(1) }
        expectTensor(b.grad!, [1, 1, 1, 1], shape: [4])
        // A weight gradient made by mm is adopted as it is (no copy) and accumulates after.
        let w = Tensor.ones(3, 2, requiresGrad: true), x = Tensor([[1.0, 2.0, 3.0]])
        x.mm(w).sum().backward()
        expectTensor(w.grad!, [1, 1, 2, 2, 3, 3], shape: [3, 2])
        x.mm(w).sum().backward()
        expectTensor(w.grad!, [2, 2, 4, 4, 6, 6], shape: [3, 2])
    }

    @Test func fusedAdamMatchesTensorOpPath() {
        // FusedOptimizers.adam against the unfused ops it replaces, bit for bit, over
        // several steps and both lerp branches (weight < 0.5 and > 0.5), float32 and float64.
        for dtype in [DType.float32, .float64] {
            for weight in [0.1, 0.7] {
                manualSeed(3)
                let n = 70_001  // several tasks and a ragged tail
                let p1 = Tensor.randn(n, dtype: dtype), g = Tensor.randn(n, dtype: dtype)
                let m1 = Tensor.randn(n, dtype: dtype) * 0.1, v1 = Tensor.rand(n, dtype: dtype) * 0.01
                let p2 = p1.clone(), m2 = m1.clone(), v2 = v1.clone()
                for step in 1...3 {
                    let stepSize = 1e-3 / (1 - pow(0.9, Double(step)))
                    let bc2 = (1 - pow(0.999, Double(step))).squareRoot()
                    #expect(FusedOptimizers.adam(param: p1, grad: g, expAvg: m1, expAvgSq: v1, lerpWeight: weight,
                                                 beta2: 0.999, biasCorrection2Sqrt: bc2, eps: 1e-8, stepSize: stepSize))
                    noGrad {
                        let w = dtype == .float64 ? weight : Double(Float(weight))
                        if w < 0.5 { m2.add_((g - m2) * weight) } else {
                            let oneMinus = dtype == .float64 ? 1 - weight : Double(1 - Float(weight))
                            m2.copy_(g - (g - m2) * oneMinus)
                        }
                        v2.mul_(0.999)
                        v2.add_(g * (1 - 0.999) * g)
                        let denom = (v2.sqrt() / bc2).add_(1e-8)
                        p2.add_(m2 * -stepSize / denom)
                    }
                }
                #expect(p1.toArray(Double.self) == p2.toArray(Double.self), "\(dtype) weight \(weight)")
                #expect(m1.toArray(Double.self) == m2.toArray(Double.self))
                #expect(v1.toArray(Double.self) == v2.toArray(Double.self))
            }
        }
        // Not applicable (strided): declines, leaving the caller its tensor-op path.
        let p = Tensor.zeros(4, 2).t()
        #expect(!FusedOptimizers.adam(param: p, grad: p.clone(), expAvg: p.clone(), expAvgSq: p.clone(), lerpWeight: 0.1,
                                      beta2: 0.999, biasCorrection2Sqrt: 1, eps: 1e-8, stepSize: 1e-3))
    }
}
