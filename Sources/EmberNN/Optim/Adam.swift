import OrderedCollections

/// `torch.optim.Adam`, PyTorch's single-tensor path with its order of float operations:
///
///     g = g + weight_decay · p                  (AdamW: p = p · (1 - lr · weight_decay))
///     m = m.lerp(g, 1 - β1);  v = v · β2 + (1 - β2) · g · g
///     denom = sqrt(v) / sqrt(1 - β2^t) + eps    (amsgrad: max of all v so far)
///     p = p + (-lr / (1 - β1^t)) · m / denom
///
/// State per parameter: `step` (a float32 scalar), `exp_avg`, `exp_avg_sq`, and
/// `max_exp_avg_sq` with amsgrad.
public class Adam: Optimizer {
    /// `Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False)`.
    public init(_ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(params, defaults: Adam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                                                   maximize: maximize, decoupled: false, file: file, line: line),
                   file: file, line: line)
    }

    /// Adam over parameter groups; each group's settings override these defaults.
    public init(_ groups: [ParamGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        super.init(groups, defaults: Adam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                                                   maximize: maximize, decoupled: false, file: file, line: line),
                   file: file, line: line)
    }

    init(params: [Tensor]?, groups: [ParamGroup]?, defaults: OrderedDictionary<String, OptimizerSetting>,
         file: StaticString, line: UInt) {
        if let params { super.init(params, defaults: defaults, file: file, line: line) }
        else { super.init(groups ?? [], defaults: defaults, file: file, line: line) }
    }

    static func defaults(lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, amsgrad: Bool,
                         maximize: Bool, decoupled: Bool,
                         file: StaticString, line: UInt) -> OrderedDictionary<String, OptimizerSetting> {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if eps < 0 { emberFatal("Invalid epsilon value: \(eps)", file: file, line: line) }
        if !(0 <= betas.0 && betas.0 < 1) { emberFatal("Invalid beta parameter at index 0: \(betas.0)", file: file, line: line) }
        if !(0 <= betas.1 && betas.1 < 1) { emberFatal("Invalid beta parameter at index 1: \(betas.1)", file: file, line: line) }
        if weightDecay < 0 { emberFatal("Invalid weight_decay value: \(weightDecay)", file: file, line: line) }
        return ["lr": .number(lr), "betas": .tuple([betas.0, betas.1]), "eps": .number(eps),
                "weight_decay": .number(weightDecay), "amsgrad": .flag(amsgrad), "maximize": .flag(maximize),
                "decoupled_weight_decay": .flag(decoupled)]
    }

    /// `_single_tensor_adam` for one parameter.
    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup,
                                state: inout OrderedDictionary<String, Tensor>) {
        let lr = group.lr, betas = group.tuple("betas"), eps = group.number("eps")
        let weightDecay = group.number("weight_decay"), amsgrad = group.flag("amsgrad")
        let beta1 = betas[0], beta2 = betas[1]
        if state.isEmpty {
            state["step"] = Tensor.zeros([], dtype: .float32, device: param.device)
            state["exp_avg"] = Tensor.zeros(like: param)
            state["exp_avg_sq"] = Tensor.zeros(like: param)
            if amsgrad { state["max_exp_avg_sq"] = Tensor.zeros(like: param) }
        }
        let stepT = state["step"]!, expAvg = state["exp_avg"]!, expAvgSq = state["exp_avg_sq"]!
        stepT.add_(1)
        var grad = group.flag("maximize") ? -grad : grad
        if weightDecay != 0 {
            if group.settings["decoupled_weight_decay"]?.flag == true {
                param.mul_(1 - lr * weightDecay)
            } else {
                grad = grad.add(param, alpha: weightDecay)
            }
        }
        if !amsgrad && !group.flag("maximize") && (weightDecay == 0 || group.settings["decoupled_weight_decay"]?.flag == true) {
            let step = stepT.item()
            let stepSize = lr / (1 - OptimMath.power(beta1, step))
            let biasCorrection2Sqrt = OptimMath.power(1 - OptimMath.power(beta2, step), 0.5)
            if FusedOptimizers.adam(param: param, grad: grad, expAvg: expAvg, expAvgSq: expAvgSq, lerpWeight: 1 - beta1,
                                    beta2: beta2, biasCorrection2Sqrt: biasCorrection2Sqrt, eps: eps, stepSize: stepSize) {
                return
            }
        }
        OptimKernels.lerp_(expAvg, grad, weight: 1 - beta1)
        expAvgSq.mul_(beta2)
        OptimKernels.addcmul_(expAvgSq, grad, grad, value: 1 - beta2)
        let step = stepT.item()
        let biasCorrection1 = 1 - OptimMath.power(beta1, step)
        let biasCorrection2 = 1 - OptimMath.power(beta2, step)
        let stepSize = lr / biasCorrection1
        let biasCorrection2Sqrt = OptimMath.power(biasCorrection2, 0.5)
        let denom: Tensor
        if amsgrad {
            let maxExpAvgSq = state["max_exp_avg_sq"]!
            maxExpAvgSq.copy_(maximum(maxExpAvgSq, expAvgSq))
            denom = (maxExpAvgSq.sqrt() / biasCorrection2Sqrt).add_(eps)
        } else {
            denom = (expAvgSq.sqrt() / biasCorrection2Sqrt).add_(eps)
        }
        OptimKernels.addcdiv_(param, expAvg, denom, value: -stepSize)
    }
}

/// `torch.optim.AdamW`: Adam with decoupled weight decay (`p = p · (1 - lr · weight_decay)`
/// before the moments), weight decay 1e-2 by default.
public final class AdamW: Adam {
    /// `AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False)`.
    public override init(_ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                         weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) {
        super.init(params: params, groups: nil,
                   defaults: Adam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                                           maximize: maximize, decoupled: true, file: file, line: line),
                   file: file, line: line)
    }

    /// AdamW over parameter groups; each group's settings override these defaults.
    public override init(_ groups: [ParamGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                         weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false,
                         file: StaticString = #fileID, line: UInt = #line) {
        super.init(params: nil, groups: groups,
                   defaults: Adam.defaults(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                                           maximize: maximize, decoupled: true, file: file, line: line),
                   file: file, line: line)
    }

    /// A loaded state dict keeps AdamW decoupled, as PyTorch's `__setstate__` does.
    public override func loadStateDict(_ saved: OptimizerState) throws {
        try super.loadStateDict(saved)
        for g in paramGroups.indices { paramGroups[g]["decoupled_weight_decay"] = .flag(true) }
    }
}
