import OrderedCollections

/// `torch.optim.NAdam` (Adam with Nesterov momentum and momentum decay), PyTorch's
/// single-tensor path:
///
///     μ_t = β1 · (1 − 0.5 · 0.96^(t · momentum_decay));  Π = Π · μ_t   (mu_product, float32)
///     m = m.lerp(g, 1 − β1);  v = β2 · v + (1 − β2) · g²
///     denom = sqrt(v / (1 − β2^t)) + eps
///     p = p − lr · (1 − μ_t) / (1 − Π) · g / denom − lr · μ_{t+1} / (1 − Π · μ_{t+1}) · m / denom
///
/// State per parameter: `step`, `mu_product`, `exp_avg`, `exp_avg_sq`.
public final class NAdam: Optimizer {
    /// `NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
    /// decoupled_weight_decay=False, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, momentumDecay: Double = 4e-3, decoupledWeightDecay: Bool = false,
                maximize: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: NAdam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                                                    momentumDecay: momentumDecay, decoupled: decoupledWeightDecay,
                                                    maximize: maximize, file: file, line: line),
                   file: file, line: line)
    }

    /// NAdam over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, momentumDecay: Double = 4e-3, decoupledWeightDecay: Bool = false,
                maximize: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: NAdam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                                                    momentumDecay: momentumDecay, decoupled: decoupledWeightDecay,
                                                    maximize: maximize, file: file, line: line),
                   file: file, line: line)
    }

    private static func defaults(lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double,
                                 momentumDecay: Double, decoupled: Bool, maximize: Bool,
                                 file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        if !(0 <= betas.0 && betas.0 < 1) { emberFatal("Invalid beta parameter at index 0: \(betas.0)", file: file, line: line) }
        if !(0 <= betas.1 && betas.1 < 1) { emberFatal("Invalid beta parameter at index 1: \(betas.1)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        if momentumDecay < 0 { emberFatal("Invalid momentum_decay value: \(momentumDecay)", file: file, line: line) }
        return ["lr": .number(lr), "betas": .tuple([betas.0, betas.1]), "eps": .number(eps),
                "weight_decay": .number(weightDecay), "momentum_decay": .number(momentumDecay),
                "decoupled_weight_decay": .flag(decoupled), "maximize": .flag(maximize)]
    }

    /// `_single_tensor_nadam` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, betas = group.tuple("betas"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay"), momentumDecay = group.number("momentum_decay")
        let beta1 = betas[0], beta2 = betas[1]
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["mu_product"] = Tensor.ones([], dtype: .float32, device: param.device)
            state["exp_avg"] = Tensor.zeros(like: param)
            state["exp_avg_sq"] = Tensor.zeros(like: param)
        }
        let stepT = state["step"]!, muProduct = state["mu_product"]!
        let expAvg = state["exp_avg"]!, expAvgSq = state["exp_avg_sq"]!
        stepT.add_(1)
        let step = stepT.item()
        var grad = group.flag("maximize") ? -grad : grad
        let biasCorrection2 = 1 - OptimMath.power(beta2, step)
        if weightDecay != 0 {
            if group.flag("decoupled_weight_decay") {
                param.mul_(1 - lr * weightDecay)
            } else {
                grad = grad.add(param, alpha: weightDecay)
            }
        }
        let mu = beta1 * (1.0 - 0.5 * OptimMath.power(0.96, step * momentumDecay))
        let muNext = beta1 * (1.0 - 0.5 * OptimMath.power(0.96, (step + 1) * momentumDecay))
        muProduct.mul_(mu)
        OptimKernels.lerp_(expAvg, grad, weight: 1 - beta1)
        expAvgSq.mul_(beta2)
        OptimKernels.addcmul_(expAvgSq, grad, grad, value: 1 - beta2)
        let denom = expAvgSq.div(biasCorrection2).sqrt()
        let product = muProduct.item()
        let muProductNext = product * muNext
        denom.add_(eps)
        OptimKernels.addcdiv_(param, grad, denom, value: -lr * (1.0 - mu) / (1.0 - product))
        OptimKernels.addcdiv_(param, expAvg, denom, value: (-lr * muNext) / (1.0 - muProductNext))
    }
}
