import Testing
import EmberNN

/// Runs `steps` optimizer steps on the loss of OptimizerValueTests.swift (PyTorch's recorded
/// setting), from fresh copies of P1 and P2.
func runOptimizer(steps: Int, params: [Tensor]? = nil, optimizer existing: Optimizer? = nil,
                  _ make: ([Tensor]) -> Optimizer) -> (params: [Tensor], optimizer: Optimizer) {
    let ps = params ?? [OptimData.P1.requiresGrad_(), OptimData.P2.requiresGrad_()]
    let optimizer = existing ?? make(ps)
    let c1 = OptimData.C1, c2 = OptimData.C2, s1 = OptimData.S1
    for _ in 0..<steps {
        optimizer.zeroGrad()
        let loss = ((ps[0] - c1) * (ps[0] - c1) * s1).sum() + ((ps[1] - c2) * (ps[1] - c2)).sum()
        loss.backward()
        optimizer.step()
    }
    return (ps, optimizer)
}

@Suite struct OptimizerTests {
    // MARK: State dict: 3 steps, save, load into a fresh optimizer, 2 more = 5 uninterrupted

    private func expectResumesExactly(_ make: @escaping ([Tensor]) -> Optimizer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (straight, straightOptimizer) = runOptimizer(steps: 5, make)
        let (first, firstOptimizer) = runOptimizer(steps: 3, make)
        let saved = firstOptimizer.stateDict()
        let resumedParams = first.map { $0.detach().clone().requiresGrad_() }
        let fresh = make(resumedParams)
        try fresh.loadStateDict(saved)
        let (resumed, resumedOptimizer) = runOptimizer(steps: 2, params: resumedParams, optimizer: fresh, make)
        for (a, b) in zip(straight, resumed) {
            #expect(a.toArray(Float.self) == b.toArray(Float.self), sourceLocation: sourceLocation)
        }
        let s1 = straightOptimizer.stateDict(), s2 = resumedOptimizer.stateDict()
        #expect(s1.paramGroups == s2.paramGroups, sourceLocation: sourceLocation)
        for (index, entries) in s1.state {
            for (key, value) in entries {
                #expect(s2.state[index]?[key]?.toArray(Float.self) == value.toArray(Float.self), "\(index).\(key)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func sgdResumesExactly() throws {
        try expectResumesExactly { SGD($0, lr: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true) }
    }

    @Test func adamResumesExactly() throws {
        try expectResumesExactly { Adam($0, lr: 0.1, amsgrad: true) }
        try expectResumesExactly { AdamW([ParamGroup([$0[0]], lr: 0.2), ParamGroup([$0[1]])], lr: 0.05) }
    }

    @Test func stateDictLayout() {
        // torch.optim.Adam([p], lr=0.1).state_dict()["param_groups"][0] (without foreach, capturable,
        // differentiable, fused): {'lr': 0.1, 'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0,
        // 'amsgrad': False, 'maximize': False, 'decoupled_weight_decay': False, 'params': [0]}
        let (_, adam) = runOptimizer(steps: 2) { Adam($0, lr: 0.1) }
        let state = adam.stateDict()
        #expect(state.paramGroups.count == 1)
        #expect(state.paramGroups[0].params == [0, 1])
        #expect(Array(state.paramGroups[0].settings.keys) == ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"])
        #expect(state.paramGroups[0].settings["betas"] == [0.9, 0.999])
        #expect(state.paramGroups[0].settings["amsgrad"] == false)
        #expect(Array(state.state[0]!.keys) == ["step", "exp_avg", "exp_avg_sq"])
        #expect(state.state[0]!["step"]!.dtype == .float32 && state.state[0]!["step"]!.item() == 2)
        // The saved tensors are copies: more steps do not change them.
        let before = state.state[0]!["exp_avg"]!.toArray(Float.self)
        _ = runOptimizer(steps: 1, params: adam.paramGroups[0].params, optimizer: adam) { _ in adam }
        #expect(state.state[0]!["exp_avg"]!.toArray(Float.self) == before)
        // torch.optim.SGD([p], lr=0.1, momentum=0.9).state_dict()["param_groups"][0] keys
        let sgd = SGD([Tensor.zeros(2, requiresGrad: true)], lr: 0.1, momentum: 0.9)
        #expect(Array(sgd.stateDict().paramGroups[0].settings.keys) == ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"])
        #expect(sgd.stateDict().state.isEmpty)
    }

    @Test func loadStateDictRejectsMismatchedGroups() {
        let a = SGD([ParamGroup([Tensor.zeros(2, requiresGrad: true)]), ParamGroup([Tensor.zeros(2, requiresGrad: true)])], lr: 0.1)
        let b = SGD([Tensor.zeros(2, requiresGrad: true)], lr: 0.1)
        #expect(throws: OptimizerStateError("loaded state dict has a different number of parameter groups")) {
            try b.loadStateDict(a.stateDict())
        }
        let c = SGD([Tensor.zeros(2, requiresGrad: true), Tensor.zeros(2, requiresGrad: true)], lr: 0.1)
        #expect(throws: OptimizerStateError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")) {
            try b.loadStateDict(c.stateDict())
        }
    }

    @Test func loadStateDictRestoresSettingsAndCastsState() throws {
        let (_, adam) = runOptimizer(steps: 1) { Adam($0, lr: 0.1) }
        var saved = adam.stateDict()
        saved.paramGroups[0].settings["lr"] = 0.5
        let p = [OptimData.P1.double().requiresGrad_(), OptimData.P2.double().requiresGrad_()]
        let other = Adam(p, lr: 0.1)
        try other.loadStateDict(saved)
        #expect(other.paramGroups[0].lr == 0.5)
        #expect(other.state[ObjectIdentifier(p[0])]?["exp_avg"]?.dtype == .float64)
        #expect(other.state[ObjectIdentifier(p[0])]?["step"]?.dtype == .float32)
    }

    // MARK: zeroGrad, groups, closure

    @Test func zeroGradSetsToNoneOrZeroes() {
        let p = Tensor.ones(3, requiresGrad: true)
        let sgd = SGD([p], lr: 0.1)
        (p * 2).sum().backward()
        sgd.zeroGrad(setToNone: false)
        #expect(p.grad?.toArray(Float.self) == [0, 0, 0])
        sgd.zeroGrad()
        #expect(p.grad == nil)
    }

    @Test func paramGroupsFillDefaultsAndStepSkipsMissingGrads() {
        let a = Tensor.ones(2, requiresGrad: true), b = Tensor.ones(2, requiresGrad: true)
        let sgd = SGD([ParamGroup([a]), ParamGroup([b], lr: 0.5, ["momentum": 0.9])], lr: 0.1, momentum: 0.2)
        #expect(sgd.paramGroups[0].lr == 0.1 && sgd.paramGroups[0]["momentum"] == 0.2)
        #expect(sgd.paramGroups[1].lr == 0.5 && sgd.paramGroups[1]["momentum"] == 0.9)
        #expect(sgd.paramGroups[1]["nesterov"] == false)
        (a * 3).sum().backward()
        sgd.step()
        // torch: a <- 1 - 0.1 * 3; b has no grad and is left alone
        expectValues(a, [0.7, 0.7], shape: [2])
        #expect(b.toArray(Float.self) == [1, 1])
    }

    @Test func stepWithClosureReturnsLoss() {
        let p = Tensor([1.0, 2.0], dtype: .float32).requiresGrad_()
        let sgd = SGD([p], lr: 0.1)
        let loss = sgd.step {
            sgd.zeroGrad()
            let l = (p * p).sum()
            l.backward()
            return l
        }
        #expect(loss?.item() == 5)
        expectValues(p, [0.8, 1.6], shape: [2])
    }

    // MARK: Errors, with PyTorch's messages

    @Test func emptyParameterList() async {
        // torch.optim.SGD([], lr=0.1)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = SGD([Tensor](), lr: 0.1) }
        #expect(stderrText(r).contains("optimizer got an empty parameter list"))
    }

    @Test func invalidLearningRate() async {
        // torch.optim.SGD([p], lr=-0.1)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD([Tensor.zeros(2, requiresGrad: true)], lr: -0.1)
        }
        #expect(stderrText(r).contains("Invalid learning rate: -0.1"))
    }

    @Test func nesterovNeedsMomentum() async {
        // torch.optim.SGD([p], lr=0.1, nesterov=True)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD([Tensor.zeros(2, requiresGrad: true)], lr: 0.1, nesterov: true)
        }
        #expect(stderrText(r).contains("Nesterov momentum requires a momentum and zero dampening"))
    }

    @Test func invalidBeta() async {
        // torch.optim.Adam([p], betas=(1.0, 0.9))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adam([Tensor.zeros(2, requiresGrad: true)], betas: (1.0, 0.9))
        }
        #expect(stderrText(r).contains("Invalid beta parameter at index 0: 1.0"))
    }

    @Test func nonLeafParameter() async {
        // torch.optim.SGD([torch.zeros(2, requires_grad=True) * 2], lr=0.1)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD([Tensor.zeros(2, requiresGrad: true) * 2], lr: 0.1)
        }
        #expect(stderrText(r).contains("can't optimize a non-leaf Tensor"))
    }

    @Test func parameterInTwoGroups() async {
        // torch.optim.SGD([{'params': [p]}, {'params': [p]}], lr=0.1)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let p = Tensor.zeros(2, requiresGrad: true)
            _ = SGD([ParamGroup([p]), ParamGroup([p])], lr: 0.1)
        }
        #expect(stderrText(r).contains("some parameters appear in more than one parameter group"))
    }
}

// MARK: - Gradient clipping

@Suite struct ClipGradTests {
    /// Two parameters with gradients g1 = [[0.5, -1.5, 2.0], [3.0, -0.25, 1.0]], g2 = [-4.0, 0.5, 2.5].
    private func parameters() -> [Tensor] {
        let a = Tensor.zeros(2, 3, requiresGrad: true), b = Tensor.zeros(3, requiresGrad: true)
        a.grad = Tensor([[0.5, -1.5, 2.0], [3.0, -0.25, 1.0]], dtype: .float32)
        b.grad = Tensor([-4.0, 0.5, 2.5], dtype: .float32)
        return [a, b]
    }

    @Test(arguments: [
        // torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.0, norm_type=2.0)
        (1.0, 2.0, 6.249999523162842, [0.07999999076128006, -0.23999997973442078, 0.31999996304512024, 0.47999995946884155, -0.03999999538064003, 0.15999998152256012], [-0.6399999260902405, 0.07999999076128006, 0.3999999463558197]),
        // max_norm=100.0: no change
        (100.0, 2.0, 6.249999523162842, [0.5, -1.5, 2.0, 3.0, -0.25, 1.0], [-4.0, 0.5, 2.5]),
        // max_norm=2.0, norm_type=inf
        (2.0, Double.infinity, 4.0, [0.24999994039535522, -0.7499998211860657, 0.9999997615814209, 1.4999996423721313, -0.12499997019767761, 0.49999988079071045], [-1.9999995231628418, 0.24999994039535522, 1.249999761581421]),
        // max_norm=3.0, norm_type=1.0
        (3.0, 1.0, 15.25, [0.09836065024137497, -0.2950819432735443, 0.3934426009654999, 0.5901638865470886, -0.049180325120687485, 0.19672130048274994], [-0.7868852019309998, 0.09836065024137497, 0.49180325865745544]),
        // max_norm=1.0, norm_type=3.0
        (1.0, 3.0, 4.922342300415039, [0.10157763957977295, -0.30473291873931885, 0.4063105583190918, 0.6094658374786377, -0.050788819789886475, 0.2031552791595459], [-0.8126211166381836, 0.10157763957977295, 0.5078881978988647]),
    ])
    func clipGradNorm(maxNorm: Double, normType: Double, total: Double, g1: [Double], g2: [Double]) {
        let ps = parameters()
        let norm = clipGradNorm_(ps, maxNorm: maxNorm, normType: normType)
        expectValues(norm, [total], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[0].grad, g1, shape: [2, 3], atol: 1e-7, rtol: 1e-6)
        expectValues(ps[1].grad, g2, shape: [3], atol: 1e-7, rtol: 1e-6)
    }

    @Test func clipGradNormWithoutGradients() {
        // torch.nn.utils.clip_grad_norm_([torch.zeros(2, requires_grad=True)], 1.0) -> tensor(0.)
        expectValues(clipGradNorm_([Tensor.zeros(2, requiresGrad: true)], maxNorm: 1), [0], shape: [])
    }

    @Test func clipGradValue() {
        // torch.nn.utils.clip_grad_value_([a, b], clip_value=1.2)
        let ps = parameters()
        clipGradValue_(ps, clipValue: 1.2)
        expectValues(ps[0].grad, [0.5, -1.2000000476837158, 1.2000000476837158, 1.2000000476837158, -0.25, 1.0], shape: [2, 3], atol: 0, rtol: 0)
        expectValues(ps[1].grad, [-1.2000000476837158, 0.5, 1.2000000476837158], shape: [3], atol: 0, rtol: 0)
    }

    @Test func nonFiniteNorm() async {
        // a.grad = [[inf, 0, 0], [0, 0, 0]]; clip_grad_norm_([a], 1.0, error_if_nonfinite=True)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let a = Tensor.zeros(2, 3, requiresGrad: true)
            a.grad = Tensor([[Double.infinity, 0, 0], [0, 0, 0]], dtype: .float32)
            clipGradNorm_([a], maxNorm: 1, errorIfNonfinite: true)
        }
        #expect(stderrText(r).contains("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"))
    }
}
