import OrderedCollections

// The optimizer base (`torch.optim.Optimizer`): parameter groups with their own settings,
// per-parameter state, `zeroGrad`, `step`, and a state dict that a checkpoint can store.

// MARK: - Settings

/// One hyper-parameter of a parameter group, as PyTorch's `param_groups` hold them: a number
/// (`lr`), a flag (`nesterov`, `amsgrad`) or a tuple (`betas`). Literals convert:
/// `["lr": 0.01, "nesterov": true, "betas": [0.8, 0.99]]`.
public enum OptimizerSetting: Equatable, Sendable, CustomStringConvertible,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    case number(Double)
    case flag(Bool)
    case tuple([Double])

    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    public init(arrayLiteral elements: Double...) { self = .tuple(elements) }

    /// The number, or nil for a flag or tuple.
    public var number: Double? { if case .number(let v) = self { v } else { nil } }
    /// The flag, or nil for a number or tuple.
    public var flag: Bool? { if case .flag(let v) = self { v } else { nil } }
    /// The tuple, or nil for a number or flag.
    public var tuple: [Double]? { if case .tuple(let v) = self { v } else { nil } }

    /// As Python prints it: `0.01`, `True`, `(0.9, 0.999)`.
    public var description: String {
        switch self {
        case .number(let v): "\(v)"
        case .flag(let v): v ? "True" : "False"
        case .tuple(let v): "(" + v.map { "\($0)" }.joined(separator: ", ") + ")"
        }
    }
}

/// A group of parameters optimized with the same settings (an entry of PyTorch's
/// `optimizer.param_groups`). Keys are PyTorch's: `lr`, `momentum`, `weight_decay`, `betas`…;
/// settings a group does not name come from the optimizer's defaults.
public struct ParamGroup {
    public var params: [Tensor]
    public var settings: OrderedDictionary<String, OptimizerSetting>

    /// A group with `settings` overriding the optimizer's defaults (`lr:` for the common case).
    public init(_ params: [Tensor], lr: Double? = nil, _ settings: OrderedDictionary<String, OptimizerSetting> = [:]) {
        self.params = params
        self.settings = settings
        if let lr { self.settings["lr"] = .number(lr) }
    }

    /// A setting by PyTorch's key (`group["momentum"]`).
    public subscript(key: String) -> OptimizerSetting? {
        get { settings[key] }
        set { settings[key] = newValue }
    }

    /// The learning rate (`group["lr"]`), which schedulers set.
    public var lr: Double {
        get { number("lr") }
        set { settings["lr"] = .number(newValue) }
    }

    /// A numeric setting; stops with a message when it is missing or not a number.
    public func number(_ key: String, file: StaticString = #fileID, line: UInt = #line) -> Double {
        guard let value = settings[key]?.number else { emberFatal("param group has no numeric setting '\(key)'", file: file, line: line) }
        return value
    }

    /// A flag setting; stops with a message when it is missing or not a flag.
    public func flag(_ key: String, file: StaticString = #fileID, line: UInt = #line) -> Bool {
        guard let value = settings[key]?.flag else { emberFatal("param group has no flag setting '\(key)'", file: file, line: line) }
        return value
    }

    /// A tuple setting (`betas`); stops with a message when it is missing or not a tuple.
    public func tuple(_ key: String, file: StaticString = #fileID, line: UInt = #line) -> [Double] {
        guard let value = settings[key]?.tuple else { emberFatal("param group has no tuple setting '\(key)'", file: file, line: line) }
        return value
    }
}

// MARK: - State dict

/// What `Optimizer.stateDict()` returns and `loadStateDict(_:)` takes (PyTorch's
/// `{"state": …, "param_groups": …}`): per-parameter state tensors keyed by the parameter's
/// index across all groups, and each group's settings with the indices of its parameters.
public struct OptimizerState {
    /// One parameter group's settings and the indices of its parameters.
    public struct Group: Equatable {
        public var settings: OrderedDictionary<String, OptimizerSetting>
        public var params: [Int]
        public init(settings: OrderedDictionary<String, OptimizerSetting>, params: [Int]) {
            self.settings = settings
            self.params = params
        }
    }

    /// Parameter index to its named state (`step`, `exp_avg`, `momentum_buffer`…).
    public var state: [Int: OrderedDictionary<String, Tensor>]
    public var paramGroups: [Group]

    public init(state: [Int: OrderedDictionary<String, Tensor>], paramGroups: [Group]) {
        self.state = state
        self.paramGroups = paramGroups
    }
}

/// A state dict that does not fit the optimizer it is loaded into (thrown, not fatal:
/// checkpoints come from outside the program).
public struct OptimizerStateError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

// MARK: - Optimizer

/// The base of every optimizer (`torch.optim.Optimizer`). Subclasses pass their defaults
/// and override `update(_:grad:group:state:)`, which `step()` calls for every parameter that
/// has a gradient, under `noGrad`, in group order.
open class Optimizer {
    /// The parameter groups, each with its full settings (defaults filled in).
    public var paramGroups: [ParamGroup]
    /// The settings a group gets for the keys it does not name.
    public let defaults: OrderedDictionary<String, OptimizerSetting>
    /// Per-parameter state, keyed by the parameter's identity.
    public var state: [ObjectIdentifier: OrderedDictionary<String, Tensor>] = [:]

    /// An optimizer of one group holding `params`.
    public init(_ params: [Tensor], defaults: OrderedDictionary<String, OptimizerSetting>,
                file: StaticString = #fileID, line: UInt = #line) {
        self.defaults = defaults
        self.paramGroups = []
        if params.isEmpty { emberFatal("optimizer got an empty parameter list", file: file, line: line) }
        addParamGroup(ParamGroup(params), file: file, line: line)
    }

    /// An optimizer of several groups, each overriding some defaults.
    public init(_ groups: [ParamGroup], defaults: OrderedDictionary<String, OptimizerSetting>,
                file: StaticString = #fileID, line: UInt = #line) {
        self.defaults = defaults
        self.paramGroups = []
        if groups.isEmpty { emberFatal("optimizer got an empty parameter list", file: file, line: line) }
        for group in groups { addParamGroup(group, file: file, line: line) }
    }

    /// `add_param_group`: fills in defaults and checks the parameters.
    public func addParamGroup(_ group: ParamGroup, file: StaticString = #fileID, line: UInt = #line) {
        var group = group
        if group.params.contains(where: { !$0.isLeaf }) {
            emberFatal("can't optimize a non-leaf Tensor", file: file, line: line)
        }
        var ordered: OrderedDictionary<String, OptimizerSetting> = [:]
        for (key, value) in defaults { ordered[key] = group.settings[key] ?? value }
        for (key, value) in group.settings where ordered[key] == nil { ordered[key] = value }
        group.settings = ordered
        if let lr = group.settings["lr"]?.number, lr < 0 {
            emberFatal("Invalid learning rate: \(lr)", file: file, line: line)
        }
        var seen = Set(paramGroups.flatMap { $0.params.map(ObjectIdentifier.init) })
        for p in group.params where !seen.insert(ObjectIdentifier(p)).inserted {
            emberFatal("some parameters appear in more than one parameter group", file: file, line: line)
        }
        paramGroups.append(group)
    }

    /// `zero_grad(set_to_none=True)`: drops every gradient, or zeroes it in place.
    public func zeroGrad(setToNone: Bool = true) {
        for group in paramGroups {
            for p in group.params {
                guard let grad = p.grad else { continue }
                if setToNone {
                    p.grad = nil
                } else {
                    noGrad { _ = grad.zero_() }
                }
            }
        }
    }

    /// One optimization step: `update` for every parameter with a gradient, under `noGrad`.
    /// A closure re-evaluates the loss first (with grad mode on) and its loss is returned.
    @discardableResult
    open func step(closure: (() -> Tensor)? = nil) -> Tensor? {
        let loss = closure.map { body in enableGrad { body() } }
        noGrad {
            for g in paramGroups.indices {
                let group = paramGroups[g]
                for param in group.params {
                    guard let grad = param.grad else { continue }
                    let key = ObjectIdentifier(param)
                    var paramState = state[key] ?? [:]
                    update(param, grad: grad, group: group, state: &paramState)
                    state[key] = paramState
                }
            }
        }
        return loss
    }

    /// Updates one parameter in place from its gradient; overridden by each optimizer.
    open func update(_ param: Tensor, grad: Tensor, group: ParamGroup, state: inout OrderedDictionary<String, Tensor>) {
        emberFatal("\(type(of: self)) does not implement update(_:grad:group:state:)")
    }

    // MARK: State dict

    /// `state_dict()`: copies of the per-parameter state keyed by parameter index (counted
    /// across groups in order), and each group's settings with its parameter indices.
    public func stateDict() -> OptimizerState {
        var packed: [Int: OrderedDictionary<String, Tensor>] = [:]
        var groups: [OptimizerState.Group] = []
        var index = 0
        for group in paramGroups {
            var indices: [Int] = []
            for p in group.params {
                if let s = state[ObjectIdentifier(p)] {
                    packed[index] = s.mapValues { t in noGrad { t.clone() } }
                }
                indices.append(index)
                index += 1
            }
            groups.append(OptimizerState.Group(settings: group.settings, params: indices))
        }
        return OptimizerState(state: packed, paramGroups: groups)
    }

    /// `load_state_dict(state_dict)`: restores settings and state (copied, cast to each
    /// parameter's dtype except `step`, which stays float32 as in PyTorch).
    ///
    /// - Throws: `OptimizerStateError` when the groups or their sizes differ.
    public func loadStateDict(_ saved: OptimizerState) throws {
        guard saved.paramGroups.count == paramGroups.count else {
            throw OptimizerStateError("loaded state dict has a different number of parameter groups")
        }
        for (mine, theirs) in zip(paramGroups, saved.paramGroups) where mine.params.count != theirs.params.count {
            throw OptimizerStateError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
        }
        var byIndex: [Int: Tensor] = [:]
        for (mine, theirs) in zip(paramGroups, saved.paramGroups) {
            for (p, i) in zip(mine.params, theirs.params) { byIndex[i] = p }
        }
        var restored: [ObjectIdentifier: OrderedDictionary<String, Tensor>] = [:]
        for (i, entries) in saved.state {
            guard let param = byIndex[i] else {
                throw OptimizerStateError("loaded state dict has state for parameter \(i), which no parameter group holds")
            }
            restored[ObjectIdentifier(param)] = OrderedDictionary(uniqueKeysWithValues: entries.map { key, value in
                let copy = noGrad { key == "step" ? value.clone() : value.to(param.dtype).clone() }
                return (key, copy)
            })
        }
        state = restored
        for g in paramGroups.indices {
            paramGroups[g].settings = saved.paramGroups[g].settings
        }
    }
}
