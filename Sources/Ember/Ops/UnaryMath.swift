extension Tensor {
    /// Runs a unary kernel and records its node. Float-only ops promote integer inputs to
    /// the default dtype, as PyTorch does (`torch.exp(int_tensor)` is float32).
    func unaryOp(_ op: UnaryOp, _ name: String, floating: Bool = false, saveInput: Bool = false, saveOutput: Bool = false,
                 file: StaticString, line: UInt, _ formula: @escaping (BackwardContext) -> [Tensor?]) -> Tensor {
        if dtype.isComplex { Tensor.checkComplexUnary(op, file: file, line: line) }
        let input = floating && !dtype.isFloatingOrComplex ? converted(to: defaultDType) : self
        let out = Tensor(uninitializedShape: shape, dtype: input.dtype, device: device)
        backend.unary(op, input.view, into: out.view)
        guard requiresGrad else { return out }
        Tensor.record(name, inputs: [self], saving: saveInput ? [self] : [], savingOutputs: saveOutput, outputs: [out],
                      file: file, line: line, formula)
        return out
    }

    /// `sqrt()`.
    public func sqrt(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.sqrt", [.tensor(self)], file: file, line: line) {
            unaryOp(.sqrt, "SqrtBackward0", floating: true, saveOutput: true, file: file, line: line) { ctx in
                [ctx.grad / (2 * ctx.saved(0))]
            }
        }
    }
    /// `rsqrt()`: 1 / sqrt(x).
    public func rsqrt(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.rsqrt", [.tensor(self)], file: file, line: line) {
            unaryOp(.rsqrt, "RsqrtBackward0", floating: true, saveOutput: true, file: file, line: line) { ctx in
                let y = ctx.saved(0)
                return [-0.5 * ctx.grad * y * y * y]
            }
        }
    }
    /// `exp()`.
    public func exp(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.exp", [.tensor(self)], file: file, line: line) {
            unaryOp(.exp, "ExpBackward0", floating: true, saveOutput: true, file: file, line: line) { ctx in
                [ctx.grad * ctx.saved(0)]
            }
        }
    }
    /// `log()`: natural logarithm.
    public func log(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.log", [.tensor(self)], file: file, line: line) {
            unaryOp(.log, "LogBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                [ctx.grad / ctx.saved(0)]
            }
        }
    }
    /// `log1p()`: log(1 + x), accurate near 0.
    public func log1p(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.log1p", [.tensor(self)], file: file, line: line) {
            unaryOp(.log1p, "Log1PBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                [ctx.grad / (ctx.saved(0) + 1)]
            }
        }
    }
    /// `sin()`.
    public func sin(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.sin", [.tensor(self)], file: file, line: line) {
            unaryOp(.sin, "SinBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                [ctx.grad * ctx.saved(0).cos()]
            }
        }
    }
    /// `cos()`.
    public func cos(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.cos", [.tensor(self)], file: file, line: line) {
            unaryOp(.cos, "CosBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                [-ctx.grad * ctx.saved(0).sin()]
            }
        }
    }
    /// `tan()`.
    public func tan(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.tan", [.tensor(self)], file: file, line: line) {
            unaryOp(.tan, "TanBackward0", floating: true, saveOutput: true, file: file, line: line) { ctx in
                let y = ctx.saved(0)
                return [ctx.grad * (1 + y * y)]
            }
        }
    }
    /// `tanh()`.
    public func tanh(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.tanh", [.tensor(self)], file: file, line: line) {
            unaryOp(.tanh, "TanhBackward0", floating: true, saveOutput: true, file: file, line: line) { ctx in
                let y = ctx.saved(0)
                return [ctx.grad * (1 - y * y)]
            }
        }
    }
    /// `sigmoid()`: 1 / (1 + exp(-x)).
    public func sigmoid(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.sigmoid", [.tensor(self)], file: file, line: line) {
            unaryOp(.sigmoid, "SigmoidBackward0", floating: true, saveOutput: true, file: file, line: line) { ctx in
                let y = ctx.saved(0)
                return [ctx.grad * y * (1 - y)]
            }
        }
    }
    /// `relu()`: max(x, 0).
    public func relu(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.relu", [.tensor(self)], file: file, line: line) {
            if dtype == .bool { emberFatal("\"clamp_min_scalar_cpu\" not implemented for 'Bool'", file: file, line: line) }
            return unaryOp(.relu, "ReluBackward0", saveOutput: true, file: file, line: line) { ctx in
                let g = ctx.grad, y = ctx.saved(0)
                if !ThreadState.current.gradEnabled, g.device == .cpu, let cpu = g.backend as? CPUBackend {
                    let out = Tensor(uninitializedShape: g.shape, dtype: g.dtype)
                    if cpu.fastReluBackward(g.view, y.view, out.view) { return [out] }
                }
                return [g.maskedFill(y .<= 0, 0)]
            }
        }
    }
    /// `gelu()`: x Φ(x) with the exact erf form (PyTorch's default `approximate='none'`).
    public func gelu(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.gelu", [.tensor(self)], file: file, line: line) {
            unaryOp(.gelu, "GeluBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                let x = ctx.saved(0)
                let cdf = 0.5 * (1 + (x * 0.5.squareRoot()).erf())
                let pdf = (-0.5 * x * x).exp() * (1 / (2 * Double.pi).squareRoot())
                return [ctx.grad * (cdf + x * pdf)]
            }
        }
    }
    /// `erf()`: the error function.
    public func erf(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.erf", [.tensor(self)], file: file, line: line) {
            unaryOp(.erf, "ErfBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                let x = ctx.saved(0)
                return [ctx.grad * (2 / Double.pi.squareRoot()) * (-(x * x)).exp()]
            }
        }
    }
    /// `softplus()`: log(1 + exp(x)), linear above 20 (PyTorch's default threshold, beta 1).
    public func softplus(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.softplus", [.tensor(self)], file: file, line: line) {
            unaryOp(.softplus, "SoftplusBackward0", floating: true, saveInput: true, file: file, line: line) { ctx in
                let x = ctx.saved(0)
                return [ctx.grad * Tensor.where(x .> 20, Tensor.ones(like: x), x.sigmoid())]
            }
        }
    }
    /// `abs()`.
    public func abs(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.abs", [.tensor(self)], file: file, line: line) {
            if dtype == .bool { emberFatal("\"abs_cpu\" not implemented for 'Bool'", file: file, line: line) }
            if dtype.isComplex { return complexAbs() }  // |z| is float32; complex autograd is not supported
            return unaryOp(.abs, "AbsBackward0", saveInput: true, file: file, line: line) { ctx in
                [ctx.grad * ctx.saved(0).sign()]
            }
        }
    }
    /// `sign()`: -1, 0 or 1.
    public func sign(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.sign", [.tensor(self)], file: file, line: line) {
            if dtype == .bool { return self }
            return unaryOp(.sign, "SignBackward0", file: file, line: line) { ctx in [Tensor.zeros(like: ctx.grad)] }
        }
    }
    /// `floor()`.
    public func floor(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.floor", [.tensor(self)], file: file, line: line) {
            unaryOp(.floor, "FloorBackward0", file: file, line: line) { ctx in [Tensor.zeros(like: ctx.grad)] }
        }
    }
    /// `ceil()`.
    public func ceil(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.ceil", [.tensor(self)], file: file, line: line) {
            unaryOp(.ceil, "CeilBackward0", file: file, line: line) { ctx in [Tensor.zeros(like: ctx.grad)] }
        }
    }
    /// `round()`: half to even, as PyTorch rounds.
    public func round(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.round", [.tensor(self)], file: file, line: line) {
            unaryOp(.round, "RoundBackward0", file: file, line: line) { ctx in [Tensor.zeros(like: ctx.grad)] }
        }
    }
    /// `trunc()`: toward zero.
    public func trunc(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.trunc", [.tensor(self)], file: file, line: line) {
            noGrad { Tensor.where(self .< 0, self.ceil(), self.floor()) }
        }
    }
}

// Free-function forms (`exp(x)`), forwarding to the methods.
public func sqrt(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.sqrt(file: file, line: line) }
public func rsqrt(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.rsqrt(file: file, line: line) }
public func exp(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.exp(file: file, line: line) }
public func log(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.log(file: file, line: line) }
public func log1p(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.log1p(file: file, line: line) }
public func sin(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.sin(file: file, line: line) }
public func cos(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.cos(file: file, line: line) }
public func tan(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.tan(file: file, line: line) }
public func tanh(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.tanh(file: file, line: line) }
public func sigmoid(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.sigmoid(file: file, line: line) }
public func relu(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.relu(file: file, line: line) }
public func gelu(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.gelu(file: file, line: line) }
public func erf(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.erf(file: file, line: line) }
public func softplus(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.softplus(file: file, line: line) }
public func abs(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.abs(file: file, line: line) }
public func sign(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.sign(file: file, line: line) }
public func floor(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.floor(file: file, line: line) }
public func ceil(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.ceil(file: file, line: line) }
public func round(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.round(file: file, line: line) }
public func trunc(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor { x.trunc(file: file, line: line) }

extension Tensor {
    /// Stops, with PyTorch's message, for the unary ops PyTorch does not define on complex.
    static func checkComplexUnary(_ op: UnaryOp, file: StaticString, line: UInt) {
        switch op {
        case .neg, .exp, .log, .log1p, .sqrt, .rsqrt, .sin, .cos, .tan, .tanh, .sigmoid, .isnan, .isfinite, .logicalNot:
            return
        case .floor, .ceil: emberFatal("\(op) is not supported for complex inputs", file: file, line: line)
        case .round: emberFatal("\"round_vml_cpu\" not implemented for 'ComplexFloat'", file: file, line: line)
        case .sign:
            emberFatal("Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead.", file: file, line: line)
        case .relu: emberFatal("clamp is not supported for complex types", file: file, line: line)
        default: emberFatal("\"\(op)_cpu\" not implemented for 'ComplexFloat'", file: file, line: line)
        }
    }
}
