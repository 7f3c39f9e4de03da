import OrderedCollections

/// `torch.optim.Adamax` (Adam with the infinity norm), PyTorch's single-tensor path:
///
///     g = g + weight_decay · p
///     m = m.lerp(g, 1 − β1);  u = max(β2 · u, |g| + eps)
///     p = p − lr / (1 − β1^t) · m / u
///
/// State per parameter: `step`, `exp_avg`, `exp_inf`.
public final class Adamax: Optimizer {
    /// `Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, maximize: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: Adamax.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, maximize: maximize,
                                                     file: file, line: line),
                   file: file, line: line)
    }

    /// Adamax over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, maximize: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: Adamax.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, maximize: maximize,
                                                     file: file, line: line),
                   file: file, line: line)
    }

    private static func defaults(lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, maximize: Bool,
                                 file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        if !(0 <= betas.0 && betas.0 < 1) { emberFatal("Invalid beta parameter at index 0: \(betas.0)", file: file, line: line) }
        if !(0 <= betas.1 && betas.1 < 1) { emberFatal("Invalid beta parameter at index 1: \(betas.1)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        return ["lr": .number(lr), "betas": .tuple([betas.0, betas.1]), "eps": .number(eps),
                "weight_decay": .number(weightDecay), "maximize": .flag(maximize)]
    }

    /// `_single_tensor_adamax` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, betas = group.tuple("betas"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay")
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["exp_avg"] = Tensor.zeros(like: param)
            state["exp_inf"] = Tensor.zeros(like: param)
        }
        let stepT = state["step"]!, expAvg = state["exp_avg"]!, expInf = state["exp_inf"]!
        stepT.add_(1)
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 { grad = grad.add(param, alpha: weightDecay) }
        OptimKernels.lerp_(expAvg, grad, weight: 1 - betas[0])
        expInf.mul_(betas[1])
        expInf.copy_(maximum(expInf, grad.abs().add_(eps)))
        let biasCorrection = 1 - OptimMath.power(betas[0], stepT.item())
        OptimKernels.addcdiv_(param, expAvg, expInf, value: -(lr / biasCorrection))
    }
}
