import OrderedCollections

/// `torch.optim.RAdam` (rectified Adam), PyTorch's single-tensor path:
///
///     m = m.lerp(g, 1 − β1);  v = β2 · v + (1 − β2) · g²
///     ρ∞ = 2 / (1 − β2) − 1;  ρ_t = ρ∞ − 2t · β2^t / (1 − β2^t)
///     ρ_t > 5:  p = p − lr · m̂ · sqrt(1 − β2^t) / (sqrt(v) + eps) · r_t   (r_t the rectification)
///     else:     p = p − lr · m̂                                            (m̂ = m / (1 − β1^t))
///
/// State per parameter: `step`, `exp_avg`, `exp_avg_sq`.
public final class RAdam: Optimizer {
    /// `RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, decoupledWeightDecay: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: RAdam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                                                    decoupled: decoupledWeightDecay, maximize: maximize, file: file, line: line),
                   file: file, line: line)
    }

    /// RAdam over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, decoupledWeightDecay: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: RAdam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                                                    decoupled: decoupledWeightDecay, maximize: maximize, file: file, line: line),
                   file: file, line: line)
    }

    private static func defaults(lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, decoupled: Bool,
                                 maximize: Bool, file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        if !(0 <= betas.0 && betas.0 < 1) { emberFatal("Invalid beta parameter at index 0: \(betas.0)", file: file, line: line) }
        if !(0 <= betas.1 && betas.1 < 1) { emberFatal("Invalid beta parameter at index 1: \(betas.1)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        return ["lr": .number(lr), "betas": .tuple([betas.0, betas.1]), "eps": .number(eps),
                "weight_decay": .number(weightDecay), "maximize": .flag(maximize),
                "decoupled_weight_decay": .flag(decoupled)]
    }

    /// `_single_tensor_radam` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, betas = group.tuple("betas"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay")
        let beta1 = betas[0], beta2 = betas[1]
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["exp_avg"] = Tensor.zeros(like: param)
            state["exp_avg_sq"] = Tensor.zeros(like: param)
        }
        let stepT = state["step"]!, expAvg = state["exp_avg"]!, expAvgSq = state["exp_avg_sq"]!
        stepT.add_(1)
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 {
            if group.flag("decoupled_weight_decay") {
                param.mul_(1 - lr * weightDecay)
            } else {
                grad = grad.add(param, alpha: weightDecay)
            }
        }
        OptimKernels.lerp_(expAvg, grad, weight: 1 - beta1)
        expAvgSq.mul_(beta2)
        OptimKernels.addcmul_(expAvgSq, grad, grad, value: 1 - beta2)
        let step = stepT.item()
        let biasCorrection1 = 1 - OptimMath.power(beta1, step)
        let biasCorrection2 = 1 - OptimMath.power(beta2, step)
        let corrected = expAvg / biasCorrection1
        let rhoInf = 2 / (1 - beta2) - 1
        let rhoT = rhoInf - 2 * step * OptimMath.power(beta2, step) / biasCorrection2
        if rhoT > 5.0 {
            let rect = OptimMath.power((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5)
            let adaptive = OptimMath.power(biasCorrection2, 0.5) / expAvgSq.sqrt().add_(eps)
            param.add_(corrected * lr * adaptive * rect, alpha: -1.0)
        } else {
            param.add_(corrected * lr, alpha: -1.0)
        }
    }
}
