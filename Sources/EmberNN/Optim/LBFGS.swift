import OrderedCollections

/// `torch.optim.LBFGS`: limited-memory BFGS, a port of PyTorch's implementation (two-loop
/// recursion over `historySize` curvature pairs, optional strong-Wolfe line search).
/// `step(closure:)` needs a closure that zeroes the gradients, computes the loss, calls
/// `backward()` and returns the loss; it may call it up to `maxEval` times.
///
/// One parameter group only, as in PyTorch. The search history (directions, steps,
/// `H_diag`, …) lives in the optimizer; `stateDict()` holds only `func_evals` and `n_iter`
/// (float64 scalars) for the first parameter.
public final class LBFGS: Optimizer {
    private var direction: Tensor?
    private var stepLength = 0.0
    private var oldDirs: [Tensor] = []
    private var oldSteps: [Tensor] = []
    private var ro: [Double] = []
    private var hDiag = 1.0
    private var prevFlatGrad: Tensor?
    private var prevLoss = 0.0
    /// Closure evaluations and iterations so far (`func_evals`, `n_iter`).
    public private(set) var funcEvals = 0
    public private(set) var nIter = 0

    /// `LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
    /// history_size=100, line_search_fn=None)`; `lineSearchFn: "strong_wolfe"` for the line search.
    public init(_ params: [Tensor], lr: Double = 1, maxIter: Int = 20, maxEval: Int? = nil, toleranceGrad: Double = 1e-7,
                toleranceChange: Double = 1e-9, historySize: Int = 100, lineSearchFn: String? = nil, maximize: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        if lr < 0 { emberFatal("Invalid learning rate: \(lr)", file: file, line: line) }
        if let lineSearchFn, lineSearchFn != "strong_wolfe" {
            emberFatal("only 'strong_wolfe' is supported", file: file, line: line)
        }
        // PyTorch's `line_search_fn` (None or "strong_wolfe") is the flag `strong_wolfe` here.
        let defaults: OrderedDictionary<String, OptimizerSetting> = [
            "lr": .number(lr), "max_iter": .number(Double(maxIter)), "max_eval": .number(Double(maxEval ?? maxIter * 5 / 4)),
            "tolerance_grad": .number(toleranceGrad), "tolerance_change": .number(toleranceChange),
            "history_size": .number(Double(historySize)), "strong_wolfe": .flag(lineSearchFn != nil),
            "maximize": .flag(maximize)]
        super.init(params, defaults: defaults, file: file, line: line)
    }

    private var params: [Tensor] { paramGroups[0].params }
    private var maximize: Bool { paramGroups[0].flag("maximize") }

    /// The gradients of all parameters as one vector (zeros for a parameter without one).
    private func gatherFlatGrad() -> Tensor {
        let flat = cat(params.map { p in p.grad.map { $0.reshape([-1]) } ?? Tensor.zeros([p.count], dtype: p.dtype, device: p.device) })
        return maximize ? -flat : flat
    }

    private func addGrad(_ stepSize: Double, _ update: Tensor) {
        var offset = 0
        for p in params {
            p.add_(update.narrow(0, offset, p.count).view(p.shape), alpha: stepSize)
            offset += p.count
        }
    }

    private func evaluate(_ closure: () -> Tensor) -> Double {
        let loss = enableGrad { closure() }.item()
        return maximize ? -loss : loss
    }

    /// Loss and gradient at `x + t·d` (then restores `x`).
    private func directionalEvaluate(_ closure: () -> Tensor, _ x: [Tensor], _ t: Double, _ d: Tensor) -> (Double, Tensor) {
        addGrad(t, d)
        let loss = evaluate(closure)
        let flatGrad = gatherFlatGrad()
        for (p, saved) in zip(params, x) { p.copy_(saved) }
        return (loss, flatGrad)
    }

    /// One optimization step (up to `max_iter` iterations); returns the closure's first loss.
    @discardableResult
    public override func step(closure: (() -> Tensor)? = nil) -> Tensor? {
        guard let closure else { emberFatal("step() missing 1 required positional argument: 'closure'") }
        let group = paramGroups[0]
        let lr = group.lr, maxIter = Int(group.number("max_iter")), maxEval = Int(group.number("max_eval"))
        let toleranceGrad = group.number("tolerance_grad"), toleranceChange = group.number("tolerance_change")
        let historySize = Int(group.number("history_size")), strongWolfe = group.flag("strong_wolfe")
        let origLoss = enableGrad { closure() }
        return noGrad {
            var loss = maximize ? -origLoss.item() : origLoss.item()
            var currentEvals = 1
            funcEvals += 1
            var flatGrad = gatherFlatGrad()
            if flatGrad.abs().max().item() <= toleranceGrad { return origLoss }
            var iteration = 0
            while iteration < maxIter {
                iteration += 1
                nIter += 1
                var d: Tensor
                if nIter == 1 {
                    d = -flatGrad
                    oldDirs = []
                    oldSteps = []
                    ro = []
                    hDiag = 1
                } else {
                    let y = flatGrad - prevFlatGrad!
                    let s = direction! * stepLength
                    let ys = y.dot(s).item()
                    if ys > 1e-10 {
                        if oldDirs.count == historySize {
                            oldDirs.removeFirst()
                            oldSteps.removeFirst()
                            ro.removeFirst()
                        }
                        oldDirs.append(y)
                        oldSteps.append(s)
                        ro.append(1.0 / ys)
                        hDiag = ys / y.dot(y).item()
                    }
                    // The two-loop recursion: d = −H·g.
                    var al = [Double](repeating: 0, count: oldDirs.count)
                    let q = -flatGrad
                    for i in stride(from: oldDirs.count - 1, through: 0, by: -1) {
                        al[i] = oldSteps[i].dot(q).item() * ro[i]
                        q.add_(oldDirs[i], alpha: -al[i])
                    }
                    d = q * hDiag
                    for i in 0..<oldDirs.count {
                        let beta = oldDirs[i].dot(d).item() * ro[i]
                        d.add_(oldSteps[i], alpha: al[i] - beta)
                    }
                }
                prevFlatGrad = flatGrad.clone()
                prevLoss = loss
                var t = nIter == 1 ? Swift.min(1.0, 1.0 / flatGrad.abs().sum().item()) * lr : lr
                let gtd = flatGrad.dot(d).item()
                if gtd > -toleranceChange {
                    direction = d
                    break
                }
                var lsFuncEvals = 0
                var optimal = false
                if strongWolfe {
                    let xInit = params.map { $0.clone() }
                    let search = StrongWolfe(objective: { x, t, d in self.directionalEvaluate(closure, x, t, d) },
                                             toleranceChange: toleranceChange)
                    let result = search.run(xInit, t, d, loss, flatGrad, gtd, maxLineSearch: maxEval - currentEvals)
                    loss = result.loss
                    flatGrad = result.grad
                    t = result.t
                    lsFuncEvals = result.evals
                    addGrad(t, d)
                    optimal = flatGrad.abs().max().item() <= toleranceGrad
                } else {
                    addGrad(t, d)
                    if iteration != maxIter {
                        loss = evaluate(closure)
                        flatGrad = gatherFlatGrad()
                        optimal = flatGrad.abs().max().item() <= toleranceGrad
                        lsFuncEvals = 1
                    }
                }
                direction = d
                stepLength = t
                currentEvals += lsFuncEvals
                funcEvals += lsFuncEvals
                if iteration == maxIter || currentEvals >= maxEval || optimal { break }
                if (d * t).abs().max().item() <= toleranceChange { break }
                if Swift.abs(loss - prevLoss) < toleranceChange { break }
            }
            state[ObjectIdentifier(params[0])] = [
                "func_evals": Tensor(Double(funcEvals), dtype: .float64), "n_iter": Tensor(Double(nIter), dtype: .float64)]
            return origLoss
        }
    }

    public override func update(_ param: Tensor, grad: Tensor, group: ParamGroup, state: inout OrderedDictionary<String, Tensor>) {
        emberFatal("LBFGS updates all parameters together in step(closure:)")
    }
}

/// PyTorch's `_strong_wolfe` line search (with `_cubic_interpolate`), c1 = 1e-4, c2 = 0.9.
private struct StrongWolfe {
    let objective: ([Tensor], Double, Tensor) -> (Double, Tensor)
    let toleranceChange: Double
    let c1 = 1e-4, c2 = 0.9

    func run(_ x: [Tensor], _ t0: Double, _ d: Tensor, _ f: Double, _ g: Tensor, _ gtd: Double,
             maxLineSearch: Int) -> (loss: Double, grad: Tensor, t: Double, evals: Int) {
        var t = t0
        let dNorm = d.abs().max().item()
        var (fNew, gNew) = objective(x, t, d)
        var evals = 1
        var gtdNew = gNew.dot(d).item()
        var tPrev = 0.0, fPrev = f, gPrev = g.clone(), gtdPrev = gtd
        var done = false
        var iteration = 0
        var bracket: [Double] = [], bracketF: [Double] = [], bracketG: [Tensor] = [], bracketGtd: [Double] = []
        while iteration < maxLineSearch {
            if fNew > f + c1 * t * gtd || (iteration > 1 && fNew >= fPrev) {
                bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew]
                break
            }
            if Swift.abs(gtdNew) <= -c2 * gtd {
                bracket = [t]; bracketF = [fNew]; bracketG = [gNew]
                done = true
                break
            }
            if gtdNew >= 0 {
                bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew]
                break
            }
            let minStep = t + 0.01 * (t - tPrev), maxStep = t * 10
            let previous = t
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, bounds: (minStep, maxStep))
            tPrev = previous
            fPrev = fNew
            gPrev = gNew.clone()
            gtdPrev = gtdNew
            (fNew, gNew) = objective(x, t, d)
            evals += 1
            gtdNew = gNew.dot(d).item()
            iteration += 1
        }
        if iteration == maxLineSearch {
            bracket = [0, t]; bracketF = [f, fNew]; bracketG = [g, gNew]
        }
        var insufficientProgress = false
        var (low, high) = bracketF[0] <= bracketF[bracketF.count - 1] ? (0, 1) : (1, 0)
        while !done && iteration < maxLineSearch {
            if Swift.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange { break }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], bounds: nil)
            let top = bracket.max()!, bottom = bracket.min()!
            let eps = 0.1 * (top - bottom)
            if Swift.min(top - t, t - bottom) < eps {
                if insufficientProgress || t >= top || t <= bottom {
                    t = Swift.abs(t - top) < Swift.abs(t - bottom) ? top - eps : bottom + eps
                    insufficientProgress = false
                } else {
                    insufficientProgress = true
                }
            } else {
                insufficientProgress = false
            }
            (fNew, gNew) = objective(x, t, d)
            evals += 1
            gtdNew = gNew.dot(d).item()
            iteration += 1
            if fNew > f + c1 * t * gtd || fNew >= bracketF[low] {
                bracket[high] = t; bracketF[high] = fNew; bracketG[high] = gNew.clone(); bracketGtd[high] = gtdNew
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0)
            } else {
                if Swift.abs(gtdNew) <= -c2 * gtd {
                    done = true
                } else if gtdNew * (bracket[high] - bracket[low]) >= 0 {
                    bracket[high] = bracket[low]; bracketF[high] = bracketF[low]
                    bracketG[high] = bracketG[low]; bracketGtd[high] = bracketGtd[low]
                }
                bracket[low] = t; bracketF[low] = fNew; bracketG[low] = gNew.clone(); bracketGtd[low] = gtdNew
            }
        }
        return (bracketF[low], bracketG[low], bracket[low], evals)
    }

    /// The minimiser of the cubic through two points with their derivatives, within bounds.
    func cubicInterpolate(_ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double, _ f2: Double, _ g2: Double,
                          bounds: (Double, Double)?) -> Double {
        let (lower, upper) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
        let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        let d2Square = d1 * d1 - g1 * g2
        guard d2Square >= 0 else { return (lower + upper) / 2.0 }
        let d2 = d2Square.squareRoot()
        let minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                              : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return Swift.min(Swift.max(minPos, lower), upper)
    }
}
