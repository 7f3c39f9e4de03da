import OrderedCollections

/// `torch.optim.RMSprop`, PyTorch's single-tensor path:
///
///     g = g + weight_decay · p
///     v = α · v + (1 − α) · g²
///     avg = sqrt(v − ḡ²) + eps    (centered: ḡ = ḡ.lerp(g, 1 − α)),  else sqrt(v) + eps
///     b = momentum · b + g / avg;  p = p − lr · b    (momentum > 0),  else p = p − lr · g / avg
///
/// State per parameter: `step`, `square_avg`, `momentum_buffer` (momentum > 0), `grad_avg` (centered).
public final class RMSprop: Optimizer {
    /// `RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
                momentum: Double = 0, centered: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: RMSprop.defaults(lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay, momentum: momentum,
                                                      centered: centered, maximize: maximize, file: file, line: line),
                   file: file, line: line)
    }

    /// RMSprop over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
                momentum: Double = 0, centered: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: RMSprop.defaults(lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay, momentum: momentum,
                                                      centered: centered, maximize: maximize, file: file, line: line),
                   file: file, line: line)
    }

    private static func defaults(lr: Double, alpha: Double, eps: Double, weightDecay: Double, momentum: Double,
                                 centered: Bool, maximize: Bool,
                                 file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        if momentum < 0 { emberFatal("Invalid momentum value: \(momentum)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        if alpha < 0 { emberFatal("Invalid alpha value: \(alpha)", file: file, line: line) }
        return ["lr": .number(lr), "momentum": .number(momentum), "alpha": .number(alpha), "eps": .number(eps),
                "centered": .flag(centered), "weight_decay": .number(weightDecay), "maximize": .flag(maximize)]
    }

    /// `_single_tensor_rmsprop` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, alpha = group.number("alpha"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay"), momentum = group.number("momentum")
        let centered = group.flag("centered")
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["square_avg"] = Tensor.zeros(like: param)
            if momentum > 0 { state["momentum_buffer"] = Tensor.zeros(like: param) }
            if centered { state["grad_avg"] = Tensor.zeros(like: param) }
        }
        state["step"]!.add_(1)
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 { grad = grad.add(param, alpha: weightDecay) }
        let squareAvg = state["square_avg"]!
        squareAvg.mul_(alpha)
        OptimKernels.addcmul_(squareAvg, grad, grad, value: 1 - alpha)
        let avg: Tensor
        if centered {
            let gradAvg = state["grad_avg"]!
            OptimKernels.lerp_(gradAvg, grad, weight: 1 - alpha)
            avg = (squareAvg - gradAvg * gradAvg).sqrt()
        } else {
            avg = squareAvg.sqrt()
        }
        avg.add_(eps)
        if momentum > 0 {
            let buffer = state["momentum_buffer"]!
            buffer.mul_(momentum)
            OptimKernels.addcdiv_(buffer, grad, avg, value: 1)
            param.add_(buffer, alpha: -lr)
        } else {
            OptimKernels.addcdiv_(param, grad, avg, value: -lr)
        }
    }
}
