import Testing
import EmberNN

// Loss modules, gradcheck in float64, and PyTorch's error messages (exit tests; messages
// recorded from PyTorch 2.15 as `str(exception)` of the line in each comment).

@Suite struct LossTests {
    // MARK: Gradcheck (float64)

    private func double(_ t: Tensor) -> Tensor { t.double().requiresGrad_() }

    @Test func crossEntropyGradcheck() throws {
        let x = double(LossData.X), x3 = double(LossData.X3), w = LossData.W.double()
        try gradcheck({ crossEntropy($0[0], LossData.T) }, [x])
        try gradcheck({ crossEntropy($0[0], LossData.T, weight: w, ignoreIndex: 0, labelSmoothing: 0.2) }, [x])
        try gradcheck({ crossEntropy($0[0], LossData.T3, weight: w, reduction: "none", labelSmoothing: 0.1) }, [x3])
        try gradcheck({ crossEntropy($0[0], LossData.P.double(), weight: w, labelSmoothing: 0.3) }, [x])
        try gradcheck({ crossEntropy($0[0], LossData.T1, reduction: "sum") }, [double(LossData.X1)])
    }

    @Test func probabilityTargetGradcheck() throws {
        // Soft targets get gradients too.
        let p = double(LossData.P)
        try gradcheck({ crossEntropy(LossData.X.double(), $0[0], reduction: "sum") }, [p])
    }

    @Test func nllGradcheck() throws {
        let w = LossData.W.double()
        try gradcheck({ nllLoss($0[0], LossData.T, weight: w, ignoreIndex: 1) }, [double(LossData.X)])
        try gradcheck({ nllLoss($0[0], LossData.T3, reduction: "none") }, [double(LossData.X3)])
    }

    @Test func regressionGradcheck() throws {
        let x = double(LossData.PR), r = double(LossData.R)
        try gradcheck({ mseLoss($0[0], $0[1]) }, [x, r])
        try gradcheck({ mseLoss($0[0], $0[1], reduction: "none") }, [x, r])
        try gradcheck({ l1Loss($0[0], $0[1], reduction: "sum") }, [x, r])
    }

    @Test func binaryCrossEntropyGradcheck() throws {
        let x = double(LossData.PR), y = double(LossData.Y), bw = LossData.BW.double()
        try gradcheck({ binaryCrossEntropy($0[0], $0[1], weight: bw) }, [x, y])
        try gradcheck({ binaryCrossEntropyWithLogits($0[0], $0[1], weight: bw, posWeight: LossData.PW.double()) },
                      [double(LossData.L), y])
        try gradcheck({ binaryCrossEntropyWithLogits($0[0], $0[1], reduction: "none") }, [double(LossData.L), y])
    }

    @Test func secondOrderGradients() throws {
        try gradgradcheck({ crossEntropy($0[0], LossData.T, labelSmoothing: 0.1) }, [double(LossData.X)])
        try gradgradcheck({ binaryCrossEntropyWithLogits($0[0], LossData.Y.double()) }, [double(LossData.L)])
    }

    // MARK: Modules

    @Test func modulesMatchFunctions() {
        let x = LossData.X, t = LossData.T, w = LossData.W
        // nn.CrossEntropyLoss(weight=W, ignore_index=0, label_smoothing=0.1)(X, T)
        let ce = CrossEntropyLoss(weight: w, ignoreIndex: 0, labelSmoothing: 0.1)
        #expect(ce(x, t).item() == crossEntropy(x, t, weight: w, ignoreIndex: 0, labelSmoothing: 0.1).item())
        #expect(NLLLoss(reduction: "sum")(x, t).item() == nllLoss(x, t, reduction: "sum").item())
        #expect(MSELoss()(LossData.PR, LossData.R).item() == mseLoss(LossData.PR, LossData.R).item())
        #expect(L1Loss(reduction: "sum")(LossData.PR, LossData.R).item() == l1Loss(LossData.PR, LossData.R, reduction: "sum").item())
        #expect(BCELoss(weight: LossData.BW)(LossData.PR, LossData.Y).item()
                == binaryCrossEntropy(LossData.PR, LossData.Y, weight: LossData.BW).item())
        let bce = BCEWithLogitsLoss(posWeight: LossData.PW)
        #expect(bce(LossData.L, LossData.Y).item() == binaryCrossEntropyWithLogits(LossData.L, LossData.Y, posWeight: LossData.PW).item())
    }

    @Test func moduleWeightsAreBuffers() {
        // nn.CrossEntropyLoss(weight=W).state_dict().keys() -> ['weight']; nn.CrossEntropyLoss() -> []
        #expect(Array(CrossEntropyLoss(weight: LossData.W).stateDict().keys) == ["weight"])
        #expect(CrossEntropyLoss().stateDict().isEmpty)
        // nn.BCEWithLogitsLoss(weight=BW, pos_weight=PW).state_dict().keys() -> ['weight', 'pos_weight']
        #expect(Array(BCEWithLogitsLoss(weight: LossData.BW, posWeight: LossData.PW).stateDict().keys) == ["weight", "pos_weight"])
        #expect(CrossEntropyLoss().parameters().isEmpty)
    }

    @Test func moduleDescriptions() {
        // repr(nn.CrossEntropyLoss()), repr(nn.MSELoss())
        #expect("\(CrossEntropyLoss())" == "CrossEntropyLoss()")
        #expect("\(MSELoss())" == "MSELoss()")
    }

    // MARK: Error messages

    @Test func targetOutOfBounds() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 5]))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor([0, 5]))
        }
        #expect(stderrText(r).contains("Target 5 is out of bounds."))
        #expect(stderrText(r).contains("LossTests.swift:"))
    }

    @Test func negativeTargetOutOfBounds() async {
        // F.nll_loss(torch.zeros(2, 3), torch.tensor([0, -1]))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = nllLoss(Tensor.zeros(2, 3), Tensor([0, -1]))
        }
        #expect(stderrText(r).contains("Target -1 is out of bounds."))
    }

    @Test func invalidReduction() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), reduction='mean2')
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor([0, 1]), reduction: "mean2")
        }
        #expect(stderrText(r).contains("mean2 is not a valid value for reduction"))
    }

    @Test func batchSizeMismatch() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1, 2]))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor([0, 1, 2]))
        }
        #expect(stderrText(r).contains("Expected input batch_size (2) to match target batch_size (3)."))
    }

    @Test func targetDType() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1], dtype=torch.int32))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor([0, 1], dtype: .int32))
        }
        #expect(stderrText(r).contains("expected target dtype to be Long or Byte, but got Int"))
    }

    @Test func probabilityTargetMustBeFloat() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3, dtype=torch.long))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 3, dtype: .int64))
        }
        #expect(stderrText(r).contains("Expected floating point type for target with class probabilities, got Long"))
    }

    @Test func ignoreIndexWithProbabilities() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3), ignore_index=1)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 3), ignoreIndex: 1)
        }
        #expect(stderrText(r).contains("ignore_index is not supported for floating point target"))
    }

    @Test func weightSize() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(4))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor([0, 1]), weight: Tensor.ones(4))
        }
        #expect(stderrText(r).contains("weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [4]"))
    }

    @Test func labelSmoothingRange() async {
        // F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=1.5)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(Tensor.zeros(2, 3), Tensor([0, 1]), labelSmoothing: 1.5)
        }
        #expect(stderrText(r).contains("label_smoothing must be between 0.0 and 1.0. Got: 1.5"))
    }

    @Test func spatialTargetSize() async {
        // F.nll_loss(torch.zeros(2, 3, 4), torch.tensor([0, 1]))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = nllLoss(Tensor.zeros(2, 3, 4), Tensor([0, 1]))
        }
        #expect(stderrText(r).contains("Expected target size [2, 4], got [2]"))
    }

    @Test func multiTarget() async {
        // F.nll_loss(torch.zeros(2, 3), torch.tensor([[0], [1]]))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = nllLoss(Tensor.zeros(2, 3), Tensor([[0], [1]]))
        }
        #expect(stderrText(r).contains("0D or 1D target tensor expected, multi-target not supported"))
    }

    @Test func scalarInput() async {
        // F.nll_loss(torch.zeros(()), torch.tensor(0))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = nllLoss(Tensor.zeros([]), Tensor(0))
        }
        #expect(stderrText(r).contains("Expected 1 or more dimensions (got 0)"))
    }

    @Test func mseShapeMismatch() async {
        // F.mse_loss(torch.zeros(2, 3), torch.zeros(2, 4))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mseLoss(Tensor.zeros(2, 3), Tensor.zeros(2, 4))
        }
        #expect(stderrText(r).contains("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
        #expect(stderrText(r).contains("LossTests.swift:"))
    }

    @Test func bceTargetSize() async {
        // F.binary_cross_entropy(torch.zeros(2, 3), torch.zeros(2, 4))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 4))
        }
        #expect(stderrText(r).contains("Using a target size (torch.Size([2, 4])) that is different to the input size (torch.Size([2, 3])) is deprecated. Please ensure they have the same size."))
    }

    @Test func bceInputRange() async {
        // F.binary_cross_entropy(torch.full((2,), 2.), torch.zeros(2))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropy(Tensor.full([2], 2.0), Tensor.zeros(2))
        }
        #expect(stderrText(r).contains("all elements of input should be between 0 and 1"))
    }

    @Test func bceWithLogitsTargetSize() async {
        // F.binary_cross_entropy_with_logits(torch.zeros(2, 3), torch.zeros(2, 4))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropyWithLogits(Tensor.zeros(2, 3), Tensor.zeros(2, 4))
        }
        #expect(stderrText(r).contains("Target size (torch.Size([2, 4])) must be the same as input size (torch.Size([2, 3]))"))
    }
}
