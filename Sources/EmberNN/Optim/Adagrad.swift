import OrderedCollections

/// `torch.optim.Adagrad`, PyTorch's single-tensor path:
///
///     g = g + weight_decay · p
///     clr = lr / (1 + (step − 1) · lr_decay)
///     sum = sum + g²;  p = p − clr · g / (sqrt(sum) + eps)
///
/// State per parameter (created with the optimizer, as in PyTorch): `step`, `sum`.
public final class Adagrad: Optimizer {
    /// `Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: Adagrad.defaults(lr: lr, lrDecay: lrDecay, weightDecay: weightDecay,
                                                      initial: initialAccumulatorValue, eps: eps, maximize: maximize,
                                                      file: file, line: line),
                   file: file, line: line)
        initializeState()
    }

    /// Adagrad over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: Adagrad.defaults(lr: lr, lrDecay: lrDecay, weightDecay: weightDecay,
                                                      initial: initialAccumulatorValue, eps: eps, maximize: maximize,
                                                      file: file, line: line),
                   file: file, line: line)
        initializeState()
    }

    private static func defaults(lr: Double, lrDecay: Double, weightDecay: Double, initial: Double, eps: Double,
                                 maximize: Bool, file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if lrDecay < 0 { emberFatal("Invalid lr_decay value: \(lrDecay)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        if initial < 0 { emberFatal("Invalid initial_accumulator_value value: \(initial)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        return ["lr": .number(lr), "lr_decay": .number(lrDecay), "eps": .number(eps), "weight_decay": .number(weightDecay),
                "initial_accumulator_value": .number(initial), "maximize": .flag(maximize)]
    }

    /// PyTorch creates Adagrad's state in `__init__`, so a fresh state dict already has it.
    private func initializeState() {
        for group in paramGroups {
            let initial = group.number("initial_accumulator_value")
            for p in group.params {
                state[ObjectIdentifier(p)] = ["step": Tensor.zeros([], dtype: .float32, device: p.device),
                                              "sum": Tensor.full(like: p, initial)]
            }
        }
    }

    /// `_single_tensor_adagrad` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, lrDecay = group.number("lr_decay"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay")
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["sum"] = Tensor.full(like: param, group.number("initial_accumulator_value"))
        }
        let stepT = state["step"]!, sum = state["sum"]!
        stepT.add_(1)
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 { grad = grad.add(param, alpha: weightDecay) }
        let step = stepT.item()
        let clr = lr / (1 + (step - 1) * lrDecay)
        OptimKernels.addcmul_(sum, grad, grad, value: 1)
        let std = sum.sqrt().add_(eps)
        OptimKernels.addcdiv_(param, grad, std, value: -clr)
    }
}
