import OrderedCollections

/// `torch.optim.SGD`: stochastic gradient descent with optional momentum (heavy-ball or
/// Nesterov), dampening and L2 weight decay, with PyTorch's update order:
///
///     g = g + weight_decay · p
///     b = momentum · b + (1 - dampening) · g        (b = g on the first step)
///     g = nesterov ? g + momentum · b : b
///     p = p - lr · g
///
/// State per parameter: `momentum_buffer` (when momentum is not 0).
public final class SGD: Optimizer {
    /// `SGD(params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        let defaults = SGD.defaults(lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
                                    nesterov: nesterov, maximize: maximize, file: file, line: line)
        super.init(params, defaults: defaults, file: file, line: line)
    }

    /// SGD over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        let defaults = SGD.defaults(lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
                                    nesterov: nesterov, maximize: maximize, file: file, line: line)
        super.init(groups, defaults: defaults, file: file, line: line)
    }

    private static func defaults(lr: Double, momentum: Double, dampening: Double, weightDecay: Double,
                                 nesterov: Bool, maximize: Bool,
                                 file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if momentum < 0 { emberFatal("Invalid momentum value: \(momentum)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        if nesterov && (momentum <= 0 || dampening != 0) {
            emberFatal("Nesterov momentum requires a momentum and zero dampening", file: file, line: line)
        }
        return ["lr": .number(lr), "momentum": .number(momentum), "dampening": .number(dampening),
                "weight_decay": .number(weightDecay), "nesterov": .flag(nesterov), "maximize": .flag(maximize)]
    }

    /// `_single_tensor_sgd` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, momentum = group.number("momentum"), dampening = group.number("dampening")
        let weightDecay = group.number("weight_decay")
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 { grad = grad.add(param, alpha: weightDecay) }
        if momentum != 0 {
            let buffer: Tensor
            if let existing = state["momentum_buffer"] {
                buffer = existing
                buffer.mul_(momentum).add_(grad, alpha: 1 - dampening)
            } else {
                buffer = grad.detach().clone()
                state["momentum_buffer"] = buffer
            }
            grad = group.flag("nesterov") ? grad.add(buffer, alpha: momentum) : buffer
        }
        param.add_(grad, alpha: -lr)
    }
}
