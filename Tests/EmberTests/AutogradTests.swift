import Testing
@testable import Ember

// Expected values from PyTorch 2.15; each snippet is above its check.

@Suite struct AutogradTests {
    // x = torch.tensor(2., requires_grad=True); y = torch.tensor(3., requires_grad=True)
    // z = x * y + y ** 2  -> tensor(15., grad_fn=<AddBackward0>); z.backward() -> x.grad 3, y.grad 8
    @Test func seedGraphAndGrads() {
        let x = Tensor(2.0, requiresGrad: true), y = Tensor(3.0, requiresGrad: true)
        let z = x * y + y ** 2
        #expect(z.item() == 15)
        #expect(z.gradFn?.name == "AddBackward0")
        #expect(x.isLeaf && !z.isLeaf && x.gradFn == nil)
        #expect(z.gradFn!.nextFunctions.map { $0.node?.name } == ["MulBackward0", "PowBackward0"])
        z.backward()
        #expect(x.grad!.item() == 3)
        #expect(y.grad!.item() == 8)
    }

    // x = torch.tensor([1., 2.], requires_grad=True); y1, y2 = x * 2, x * 3
    // y1.grad_fn.next_functions[0][0] is y2.grad_fn.next_functions[0][0] -> True
    // (y1.sum() + y2.sum()).backward() -> x.grad [5., 5.]
    @Test func leafAccumulatorIsSharedAndMayOutliveItsLeaf() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let y1 = x * 2, y2 = x * 3
        #expect(y1.gradFn!.nextFunctions[0].node === y2.gradFn!.nextFunctions[0].node)
        #expect(y1.gradFn!.nextFunctions[0].node?.name == "AccumulateGrad")
        (y1.sum() + y2.sum()).backward()
        expectTensor(x.grad!, [5, 5], shape: [2])
        // A graph whose leaf is gone backpropagates without touching it (the accumulator's
        // pointer to it was cleared when it died).
        func orphan() -> Tensor {
            let w = Tensor([3.0], requiresGrad: true)
            return (w * w).sum()
        }
        let z = orphan()
        z.backward()
        #expect(z.item() == 9)
    }

    // a=3, b=4: f = a**2*b + b**3 -> a.grad 24, b.grad 57
    @Test func twoInputs() {
        let a = Tensor(3.0, requiresGrad: true), b = Tensor(4.0, requiresGrad: true)
        (a ** 2 * b + b ** 3).backward()
        #expect(a.grad!.item() == 24)
        #expect(b.grad!.item() == 57)
    }

    // xv = torch.tensor([1.,2.,3.], requires_grad=True); (xv**2).backward(torch.ones(3)) -> [2,4,6]
    @Test func vectorJacobianProduct() {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        (x ** 2).backward(Tensor([1.0, 1.0, 1.0]))
        expectTensor(x.grad!, [2, 4, 6], shape: [3])
    }

    // Accumulation: (x**2).backward() -> 4; (x**3).backward() -> 16; zero_; (x**3).backward() -> 12
    @Test func gradientsAccumulateUntilZeroed() {
        let x = Tensor(2.0, requiresGrad: true)
        (x ** 2).backward()
        #expect(x.grad!.item() == 4)
        (x ** 3).backward()
        #expect(x.grad!.item() == 16)
        x.grad!.zero_()
        (x ** 3).backward()
        #expect(x.grad!.item() == 12)
        x.grad = nil
        (x ** 2).backward()
        #expect(x.grad!.item() == 4)
    }

    // xs = 2: d/dx 3*sigmoid(x)+5 = 3*s*(1-s) = 0.31498075...
    @Test func sigmoidGradient() {
        let x = Tensor(2.0, requiresGrad: true)
        (3 * sigmoid(x) + 5).backward()
        #expect(Swift.abs(x.grad!.item() - 0.3149807) < 1e-6)
    }

    @Test func detachAndNoGrad() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let y = x ** 2
        #expect(!y.detach().requiresGrad && y.requiresGrad)
        #expect(!noGrad { x ** 2 }.requiresGrad)
        #expect(enableGrad { x * 2 }.requiresGrad)
        noGrad { #expect(!isGradEnabled) }
        #expect(isGradEnabled)
        y.sum().backward()
        noGrad { x -= 0.1 * x.grad! }
        expectTensor(x, [0.8, 1.6], shape: [2])
        #expect(x.requiresGrad && x.isLeaf)
        // detach shares storage and the version counter
        let d = x.detach()
        let before = x.storage.version
        noGrad { d.add_(1) }
        #expect(x.storage.version == before + 1)
        expectTensor(x, [1.8, 2.6], shape: [2])
    }

    // Broadcasting is reduced back to each input's shape:
    // a = torch.ones(2,3, requires_grad=True); b = torch.ones(3, requires_grad=True)
    // (a*b*torch.tensor([[1.],[2.]])).sum().backward() -> a.grad [[1,1,1],[2,2,2]], b.grad [3,3,3]
    @Test func broadcastGradsReduceToInputShape() {
        let a = Tensor.ones(2, 3, requiresGrad: true), b = Tensor.ones(3, requiresGrad: true)
        (a * b * Tensor([[1.0], [2.0]])).sum().backward()
        expectTensor(a.grad!, [1, 1, 1, 2, 2, 2], shape: [2, 3])
        expectTensor(b.grad!, [3, 3, 3], shape: [3])
    }

    // PyTorch's node names for common ops.
    @Test func nodeNames() {
        let x = Tensor([[1.0, 2.0], [3.0, 4.0]], requiresGrad: true)
        #expect((x + 1).gradFn?.name == "AddBackward0")
        #expect((x - 1).gradFn?.name == "SubBackward0")
        #expect((x * x).gradFn?.name == "MulBackward0")
        #expect((x / 2).gradFn?.name == "DivBackward0")
        #expect((x ** 2).gradFn?.name == "PowBackward0")
        #expect(x.mm(x).gradFn?.name == "MmBackward0")
        #expect(x.sum().gradFn?.name == "SumBackward0")
        #expect(x.sum(dim: 0).gradFn?.name == "SumBackward1")
        #expect(x.mean().gradFn?.name == "MeanBackward0")
        #expect(x.view(4).gradFn?.name == "ViewBackward0")
        #expect(x.permute(1, 0).gradFn?.name == "PermuteBackward0")
        #expect(x.unsqueeze(0).gradFn?.name == "UnsqueezeBackward0")
        #expect(x.relu().gradFn?.name == "ReluBackward0")
        #expect(x.sigmoid().gradFn?.name == "SigmoidBackward0")
        #expect(x.select(0, 1).gradFn?.name == "SelectBackward0")
        #expect(x.narrow(0, 0, 1).gradFn?.name == "SliceBackward0")
        #expect(x.exp().gradFn?.name == "ExpBackward0")
        #expect((-x).gradFn?.name == "NegBackward0")
        #expect(x.t().gradFn?.name == "TransposeBackward0")
        #expect(x.to(.float64).gradFn?.name == "ToCopyBackward0")
        #expect(cat([x, x]).gradFn?.name == "CatBackward0")
        #expect(x.softmax(dim: 1).gradFn?.name == "SoftmaxBackward0")
        #expect(x.logSoftmax(dim: 1).gradFn?.name == "LogSoftmaxBackward0")
    }

    // x = torch.tensor(2., requires_grad=True); y = x**3
    // g, = torch.autograd.grad(y, x, create_graph=True) -> 12; g2, = torch.autograd.grad(g, x) -> 12
    @Test func higherOrderGradients() {
        let x = Tensor(2.0, requiresGrad: true)
        let y = x ** 3
        let g = Autograd.grad([y], [x], createGraph: true)[0]!
        #expect(g.item() == 12)
        #expect(g.requiresGrad)
        let g2 = Autograd.grad([g], [x])[0]!
        #expect(g2.item() == 12)
        // Third derivative through exp: d3/dx3 exp(x) = exp(x)
        let e = x.exp()
        let d1 = Autograd.grad([e], [x], createGraph: true)[0]!
        let d2 = Autograd.grad([d1], [x], createGraph: true)[0]!
        let d3 = Autograd.grad([d2], [x])[0]!
        #expect(Swift.abs(d3.item() - 7.38905609893065) < 1e-5)
    }

    @Test func retainGradKeepsNonLeafGrad() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let y = x * 3
        y.retainGrad()
        #expect(y.retainsGrad)
        (y * y).sum().backward()
        // y.grad = 2y = [6, 12]; x.grad = 3 * 2y = [18, 36]
        expectTensor(y.grad!, [6, 12], shape: [2])
        expectTensor(x.grad!, [18, 36], shape: [2])
        let z = x * 2
        (z * z).sum().backward()
        #expect(z.grad == nil)
    }

    @Test func hooksSeeAndReplaceGradients() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        var seen: [Double] = []
        let handle = x.registerHook { g in seen = g.toArray(); return g * 10 }
        (x * x).sum().backward()
        #expect(seen == [2, 4])
        expectTensor(x.grad!, [20, 40], shape: [2])
        handle.remove()
        x.grad = nil
        (x * x).sum().backward()
        expectTensor(x.grad!, [2, 4], shape: [2])
        // A hook on a non-leaf changes what flows further back.
        let y = x * 1
        y.registerHook { g in g * 0 }
        x.grad = nil
        (y * y).sum().backward()
        expectTensor(x.grad!, [0, 0], shape: [2])
    }

    @Test func retainGraphAllowsSecondBackward() {
        let x = Tensor(2.0, requiresGrad: true)
        let y = x.exp()
        y.backward(retainGraph: true)
        y.backward()
        #expect(Swift.abs(x.grad!.item() - 2 * 7.38905609893065) < 1e-5)
    }

    @Test func autogradGradDoesNotAccumulate() {
        let x = Tensor([1.0, 2.0], requiresGrad: true), w = Tensor([3.0, 4.0], requiresGrad: true)
        let grads = Autograd.grad([(x * w).sum()], [x, w])
        expectTensor(grads[0]!, [3, 4], shape: [2])
        expectTensor(grads[1]!, [1, 2], shape: [2])
        #expect(x.grad == nil && w.grad == nil)
        let unused = Tensor(1.0, requiresGrad: true)
        let r = Autograd.grad([(x * 2).sum()], [x, unused], allowUnused: true)
        #expect(r[1] == nil)
    }
}
