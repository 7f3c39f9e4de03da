import Testing
import EmberNN

// State dicts of the optimizers added with the breadth work: PyTorch's param-group keys,
// and 3 steps + save + load into a fresh optimizer + 2 steps == 5 uninterrupted steps.

@Suite struct OptimizerBreadthStateTests {
    private func expectResumes(_ make: @escaping ([Tensor]) -> Optimizer, sourceLocation: SourceLocation = #_sourceLocation) throws {
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
            #expect(Array(entries.keys) == Array(s2.state[index]?.keys ?? []), sourceLocation: sourceLocation)
            for (key, value) in entries {
                #expect(s2.state[index]?[key]?.toArray(Float.self) == value.toArray(Float.self), "\(index).\(key)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func resumeExactly() throws {
        try expectResumes { RMSprop($0, lr: 0.01, weightDecay: 0.1, momentum: 0.8, centered: true) }
        try expectResumes { Adagrad($0, lr: 0.1, lrDecay: 0.05, initialAccumulatorValue: 0.5) }
        try expectResumes { Adadelta($0, lr: 0.5, rho: 0.8) }
        try expectResumes { Adamax($0, lr: 0.02, weightDecay: 0.1) }
        try expectResumes { NAdam($0, lr: 0.02, decoupledWeightDecay: true) }
        try expectResumes { RAdam([ParamGroup([$0[0]], lr: 0.05), ParamGroup([$0[1]])], lr: 0.02) }
    }

    @Test func paramGroupKeysInPyTorchOrder() {
        // [k for k in O.X([p]).state_dict()['param_groups'][0] if k not in
        //  ('foreach', 'capturable', 'differentiable', 'fused', 'params')]
        let p = [Tensor.zeros(2, requiresGrad: true)]
        func keys(_ o: Optimizer) -> [String] { Array(o.stateDict().paramGroups[0].settings.keys) }
        #expect(keys(RMSprop(p)) == ["lr", "momentum", "alpha", "eps", "centered", "weight_decay", "maximize"])
        #expect(keys(Adagrad(p)) == ["lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value", "maximize"])
        #expect(keys(Adadelta(p)) == ["lr", "rho", "eps", "weight_decay", "maximize"])
        #expect(keys(Adamax(p)) == ["lr", "betas", "eps", "weight_decay", "maximize"])
        #expect(keys(NAdam(p)) == ["lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay", "maximize"])
        #expect(keys(RAdam(p)) == ["lr", "betas", "eps", "weight_decay", "maximize", "decoupled_weight_decay"])
        #expect(keys(LBFGS(p)) == ["lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size",
                                   "strong_wolfe", "maximize"])
        #expect(LBFGS(p).paramGroups[0].number("max_eval") == 25)
    }

    @Test func adagradStateExistsBeforeTheFirstStep() {
        // O.Adagrad([p], initial_accumulator_value=0.3).state_dict()['state'][0]
        //   -> {'step': tensor(0.), 'sum': tensor([0.3000, 0.3000])}
        let adagrad = Adagrad([Tensor.zeros(2, requiresGrad: true)], initialAccumulatorValue: 0.3)
        let state = adagrad.stateDict().state[0]!
        #expect(Array(state.keys) == ["step", "sum"])
        #expect(state["step"]!.item() == 0)
        expectValues(state["sum"], [0.3, 0.3], shape: [2], rtol: 1e-6)
    }

    @Test func lbfgsNeedsAClosure() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LBFGS([Tensor.zeros(2, requiresGrad: true)]).step()
        }
        #expect(stderrText(r).contains("step() missing 1 required positional argument: 'closure'"))
    }

    @Test func instanceNorm1dUnbatched() {
        // nn.InstanceNorm1d(2)(torch.tensor([[1., 2., 4.], [0., -1., 1.]]))
        let y = InstanceNorm1d(2)(Tensor([[1.0, 2.0, 4.0], [0.0, -1.0, 1.0]], dtype: .float32))
        expectValues(y, [-1.0690414905548096, -0.2672603130340576, 1.3363019227981567, 0.0, -1.2247356176376343, 1.2247356176376343],
                     shape: [2, 3], rtol: 1e-5)
    }
}
