import OrderedCollections

/// `torch.optim.Adadelta`, PyTorch's single-tensor path:
///
///     g = g + weight_decay · p
///     v = ρ · v + (1 − ρ) · g²
///     δ = sqrt(u + eps) / sqrt(v + eps) · g
///     u = ρ · u + (1 − ρ) · δ²;  p = p − lr · δ
///
/// State per parameter: `step`, `square_avg`, `acc_delta`.
public final class Adadelta: Optimizer {
    /// `Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 1.0, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0,
                maximize: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: Adadelta.defaults(lr: lr, rho: rho, eps: eps, weightDecay: weightDecay, maximize: maximize,
                                                       file: file, line: line),
                   file: file, line: line)
    }

    /// Adadelta over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 1.0, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0,
                maximize: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: Adadelta.defaults(lr: lr, rho: rho, eps: eps, weightDecay: weightDecay, maximize: maximize,
                                                       file: file, line: line),
                   file: file, line: line)
    }

    private static func defaults(lr: Double, rho: Double, eps: Double, weightDecay: Double, maximize: Bool,
                                 file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if rho < 0 || rho > 1 { emberFatal("Invalid rho value: \(rho)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        return ["lr": .number(lr), "rho": .number(rho), "eps": .number(eps), "weight_decay": .number(weightDecay),
                "maximize": .flag(maximize)]
    }

    /// `_single_tensor_adadelta` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, rho = group.number("rho"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay")
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["square_avg"] = Tensor.zeros(like: param)
            state["acc_delta"] = Tensor.zeros(like: param)
        }
        state["step"]!.add_(1)
        let squareAvg = state["square_avg"]!, accDelta = state["acc_delta"]!
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 { grad = grad.add(param, alpha: weightDecay) }
        squareAvg.mul_(rho)
        OptimKernels.addcmul_(squareAvg, grad, grad, value: 1 - rho)
        let std = squareAvg.add(eps).sqrt()
        let delta = accDelta.add(eps).sqrt()
        delta.div_(std).mul_(grad)
        accDelta.mul_(rho)
        OptimKernels.addcmul_(accDelta, delta, delta, value: 1 - rho)
        param.add_(delta, alpha: -lr)
    }
}
