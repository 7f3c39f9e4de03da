import Testing
import Ember

// Autograd's errors, with PyTorch 2.15's wording (each recorded from PyTorch) and the
// user's source line.

@Suite struct AutogradErrorTests {
    // x = torch.tensor([1.,2.], requires_grad=True); y = x.exp(); y.add_(1); y.sum().backward()
    // -> one of the variables needed for gradient computation has been modified by an inplace
    //    operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead.
    @Test func savedTensorModifiedInPlace() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0], requiresGrad: true)
            let y = x.exp()
            y.add_(1)
            y.sum().backward()
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead."))
        #expect(stderr.contains("Exp was called at EmberTests/AutogradErrorTests.swift:"))
    }

    @Test func backwardTwice() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0], requiresGrad: true)
            let y = (x * x).sum()
            y.backward()
            y.backward()
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed)."))
    }

    @Test func implicitGradientNeedsScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0], requiresGrad: true)
            (x * 2).backward()
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("grad can be implicitly created only for scalar outputs"))
        #expect(stderr.contains("AutogradErrorTests.swift:"))
    }

    @Test func leafInPlace() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0], requiresGrad: true)
            x.add_(1)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("a leaf Variable that requires grad is being used in an in-place operation."))
    }

    @Test func backwardWithoutGraph() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor([1.0, 2.0]).sum().backward()
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("element 0 of tensors does not require grad and does not have a grad_fn"))
    }

    // with torch.autograd.detect_anomaly(): x = torch.tensor([0.,1.], requires_grad=True)
    // (x.sqrt() * 0).sum().backward() -> Function 'SqrtBackward0' returned nan values in its 0th output.
    @Test func anomalyModeNamesTheForwardOp() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Autograd.detectAnomaly {
                let x = Tensor([0.0, 1.0], requiresGrad: true)
                let y = x.sqrt() * 0
                y.sum().backward()
            }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Function 'SqrtBackward0' returned nan values in its 0th output."))
        #expect(stderr.contains("AutogradErrorTests.swift:"))
    }

    @Test func anomalyModeOffLetsNaNThrough() {
        let x = Tensor([0.0, 1.0], requiresGrad: true)
        (x.sqrt() * 0).sum().backward()
        #expect(x.grad!.toArray(Double.self)[0].isNaN)
    }

    @Test func requiresGradOnNonLeaf() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0], requiresGrad: true)
            let y = x * 2
            y.requiresGrad = false
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("you can only change requires_grad flags of leaf variables."))
    }
}
