import OrderedCollections

/// PyTorch's `torch.nn.Module`: the base class of layers and models.
///
/// Subclasses declare sub-modules and parameters as stored properties and override
/// `forward(_:)`:
///
/// ```swift
/// final class Net: Module {
///     let layer1 = Linear(784, 400)
///     let blocks: [Block]                     // names: blocks.0.fc.weight, …
///     @Parameter var scale: Tensor            // a parameter (PyTorch's nn.Parameter)
///     @Buffer var runningMean: Tensor         // a buffer: state-dict key "running_mean"
///     override func forward(_ x: Tensor) -> Tensor { layer1(x) * scale }
/// }
/// ```
///
/// Parameters, buffers and sub-modules are found by reflection (`Mirror`), superclass
/// properties first, then in declaration order; arrays and optionals of modules are
/// followed. Swift names are snake_cased (`runningMean` → `running_mean`), so PyTorch
/// state dicts load by name. Containers and dynamic models can also register members by
/// name (`registerModule`, `registerParameter`, `registerBuffer`); those come after the
/// reflected ones.
///
/// Modules whose inputs or outputs are not one tensor (losses, …) declare their own
/// `callAsFunction`; `forward(_:)` is for single-tensor modules.
open class Module: CustomStringConvertible {
    /// Whether the module is in training mode (`training` in PyTorch); `train()`/`eval()` set it.
    public private(set) var isTraining = true

    private var registeredParameters: OrderedDictionary<String, Tensor?> = [:]
    private var registeredBuffers: OrderedDictionary<String, (tensor: Tensor?, persistent: Bool)> = [:]
    private var registeredModules: OrderedDictionary<String, Module?> = [:]
    private var forwardPreHooks: [(id: Int, hook: (Module, Tensor) -> Tensor?)] = []
    private var forwardHooks: [(id: Int, hook: (Module, Tensor, Tensor) -> Tensor?)] = []
    private var nextHookID = 0

    public init() {}

    // MARK: Forward

    /// The computation of a single-tensor module. Subclasses override it.
    open func forward(_ input: Tensor) -> Tensor {
        emberFatal("Module [\(moduleName)] is missing the required \"forward\" function")
    }

    /// `module(x)`: runs the forward pre-hooks, `forward`, then the forward hooks. The
    /// caller's location is the current call site (`CallSite.current`) while they run.
    public func callAsFunction(_ input: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        // A call from inside the library (Sequential running its layers) keeps the user's
        // outer call site; a call from user code (a custom forward) names that line.
        let site = CallSite.isLibrary(file) ? (CallSite.current ?? CallSite(file: file, line: line)) : CallSite(file: file, line: line)
        return CallSite.withCurrent(site) {
            var x = input
            for entry in forwardPreHooks {
                if let replaced = entry.hook(self, x) { x = replaced }
            }
            var y = forward(x)
            for entry in forwardHooks {
                if let replaced = entry.hook(self, x, y) { y = replaced }
            }
            return y
        }
    }

    /// `register_forward_pre_hook`: `hook(module, input)` runs before `forward`; a non-nil
    /// result replaces the input.
    @discardableResult
    public func registerForwardPreHook(_ hook: @escaping (Module, Tensor) -> Tensor?) -> RemovableHandle {
        nextHookID += 1
        let id = nextHookID
        forwardPreHooks.append((id, hook))
        return RemovableHandle { [weak self] in self?.forwardPreHooks.removeAll { $0.id == id } }
    }

    /// `register_forward_hook`: `hook(module, input, output)` runs after `forward`; a
    /// non-nil result replaces the output.
    @discardableResult
    public func registerForwardHook(_ hook: @escaping (Module, Tensor, Tensor) -> Tensor?) -> RemovableHandle {
        nextHookID += 1
        let id = nextHookID
        forwardHooks.append((id, hook))
        return RemovableHandle { [weak self] in self?.forwardHooks.removeAll { $0.id == id } }
    }

    // MARK: Registration by name (PyTorch's register_* / add_module)

    /// `register_module` / `add_module`: a sub-module under `name` (nil keeps the slot empty).
    public func registerModule(_ name: String, _ module: Module?, file: StaticString = #fileID, line: UInt = #line) {
        checkName(name, kind: "module", file: file, line: line)
        registeredModules[name] = .some(module)
    }

    /// `register_parameter`: the tensor becomes a parameter (a leaf that requires grad).
    public func registerParameter(_ name: String, _ parameter: Tensor?, file: StaticString = #fileID, line: UInt = #line) {
        checkName(name, kind: "parameter", file: file, line: line)
        registeredParameters[name] = .some(parameter.map { Tensor._asParameter($0) })
    }

    /// `register_buffer`: state that is not trained (running statistics); non-persistent
    /// buffers are left out of `stateDict()`.
    public func registerBuffer(_ name: String, _ tensor: Tensor?, persistent: Bool = true,
                               file: StaticString = #fileID, line: UInt = #line) {
        checkName(name, kind: "buffer", file: file, line: line)
        registeredBuffers[name] = (tensor, persistent)
    }

    private func checkName(_ name: String, kind: String, file: StaticString, line: UInt) {
        if name.isEmpty { emberFatal("\(kind) name can't be empty string \"\"", file: file, line: line) }
        if name.contains(".") { emberFatal("\(kind) name can't contain \".\", got: \(name)", file: file, line: line) }
    }

    // MARK: Members (reflection)

    /// One direct member of a module.
    enum Member {
        case parameter(Tensor?)
        case buffer(Tensor?, persistent: Bool)
        case module(Module?)
    }

    /// This module's direct parameters, buffers and sub-modules, in declaration order
    /// (superclass properties first), then the registered ones.
    func directMembers() -> [(name: String, member: Member)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror, m.subjectType != Module.self {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        var result: [(name: String, member: Member)] = []
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label, !label.hasPrefix("$") else { continue }
                Module.collect(child.value, label: label, into: &result)
            }
        }
        for (name, p) in registeredParameters { result.append((name, .parameter(p))) }
        for (name, b) in registeredBuffers { result.append((name, .buffer(b.tensor, persistent: b.persistent))) }
        for (name, m) in registeredModules { result.append((name, .module(m))) }
        return result
    }

    private static func collect(_ value: Any, label: String, into result: inout [(name: String, member: Member)]) {
        if let slot = value as? any ReflectedTensorSlot {
            let name = snakeCase(label.hasPrefix("_") ? String(label.dropFirst()) : label)
            if slot.isBuffer {
                result.append((name, .buffer(slot.slotTensor, persistent: slot.isPersistent)))
            } else {
                result.append((name, .parameter(slot.slotTensor)))
            }
            return
        }
        collectModules(value, name: snakeCase(label), into: &result)
    }

    private static func collectModules(_ value: Any, name: String, into result: inout [(name: String, member: Member)]) {
        if let module = value as? Module {
            result.append((name, .module(module)))
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            // An empty optional is left out, as PyTorch leaves out `self.downsample = None`.
            if let some = mirror.children.first {
                collectModules(some.value, name: name, into: &result)
            }
        case .collection:
            // Only arrays of modules are walked (a large array of numbers is not reflected).
            if let modules = value as? [Module?] {
                for (i, m) in modules.enumerated() {
                    if let m { result.append(("\(name).\(i)", .module(m))) }
                }
            } else if let nested = value as? [[Module]] {
                for (i, inner) in nested.enumerated() { collectModules(inner, name: "\(name).\(i)", into: &result) }
            }
        case .tuple:
            for (i, child) in mirror.children.enumerated() {
                collectModules(child.value, name: "\(name).\(i)", into: &result)
            }
        default:
            break
        }
    }

    // MARK: Traversal

    /// `named_children()`: direct sub-modules with their names, each module once.
    public func namedChildren() -> [(name: String, module: Module)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, module: Module)] = []
        for (name, member) in directMembers() {
            if case .module(let m?) = member, seen.insert(ObjectIdentifier(m)).inserted {
                result.append((name, m))
            }
        }
        return result
    }

    /// `children()`: direct sub-modules.
    public func children() -> [Module] { namedChildren().map(\.module) }

    /// `named_modules()`: this module (named "") and every sub-module, pre-order, each once.
    public func namedModules(prefix: String = "") -> [(name: String, module: Module)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, module: Module)] = []
        visitModules(prefix: prefix, seen: &seen, into: &result)
        return result
    }

    private func visitModules(prefix: String, seen: inout Set<ObjectIdentifier>,
                              into result: inout [(name: String, module: Module)]) {
        guard seen.insert(ObjectIdentifier(self)).inserted else { return }
        result.append((prefix, self))
        for (name, member) in directMembers() {
            if case .module(let m?) = member {
                m.visitModules(prefix: prefix.isEmpty ? name : "\(prefix).\(name)", seen: &seen, into: &result)
            }
        }
    }

    /// `modules()`: this module and every sub-module, pre-order, each once.
    public func modules() -> [Module] { namedModules().map(\.module) }

    /// `named_parameters()`: every parameter with its dotted name (`layer1.weight`); a
    /// module's own parameters before its sub-modules'; a tied parameter is listed once.
    public func namedParameters(prefix: String = "", recurse: Bool = true) -> [(name: String, parameter: Tensor)] {
        namedTensors(prefix: prefix, recurse: recurse) { member in
            if case .parameter(let t?) = member { return t }
            return nil
        }.map { ($0.name, $0.tensor) }
    }

    /// `parameters()`: every parameter, each once (what an optimizer takes).
    public func parameters(recurse: Bool = true) -> [Tensor] { namedParameters(recurse: recurse).map(\.parameter) }

    /// `named_buffers()`: every buffer (persistent or not) with its dotted name, each once.
    public func namedBuffers(prefix: String = "", recurse: Bool = true) -> [(name: String, buffer: Tensor)] {
        namedTensors(prefix: prefix, recurse: recurse) { member in
            if case .buffer(let t?, _) = member { return t }
            return nil
        }.map { ($0.name, $0.tensor) }
    }

    /// `buffers()`: every buffer, each once.
    public func buffers(recurse: Bool = true) -> [Tensor] { namedBuffers(recurse: recurse).map(\.buffer) }

    private func namedTensors(prefix: String, recurse: Bool,
                              _ select: (Member) -> Tensor?) -> [(name: String, tensor: Tensor)] {
        let modules = recurse ? namedModules(prefix: prefix) : [(prefix, self)]
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, tensor: Tensor)] = []
        for (modulePrefix, module) in modules {
            for (name, member) in module.directMembers() {
                guard let t = select(member), seen.insert(ObjectIdentifier(t)).inserted else { continue }
                result.append((modulePrefix.isEmpty ? name : "\(modulePrefix).\(name)", t))
            }
        }
        return result
    }

    // MARK: Modes and gradients

    /// `train(mode)`: sets training mode here and in every sub-module; returns self.
    @discardableResult
    open func train(_ mode: Bool = true) -> Self {
        isTraining = mode
        for child in children() { child.train(mode) }
        return self
    }

    /// `eval()`: `train(false)`.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// `zero_grad(set_to_none=True)`: drops (or zeroes) every parameter's gradient.
    public func zeroGrad(setToNone: Bool = true) {
        for p in parameters() {
            guard let g = p.grad else { continue }
            if setToNone {
                p.grad = nil
            } else {
                if g.gradFn != nil { g.detach_() } else { g.requiresGrad = false }
                g.zero_()
            }
        }
    }

    /// `requires_grad_(requires_grad)`: sets the flag on every parameter; returns self.
    @discardableResult
    public func requiresGrad_(_ requiresGrad: Bool = true) -> Self {
        for p in parameters() { p.requiresGrad_(requiresGrad) }
        return self
    }

    /// `apply(fn)`: calls `fn` on every sub-module (children first), then on self.
    @discardableResult
    public func apply(_ fn: (Module) -> Void) -> Self {
        for child in children() { child.apply(fn) }
        fn(self)
        return self
    }

    // MARK: Device and dtype (in place)

    /// `to(device)`: moves every parameter and buffer (and gradient) to `device` in place:
    /// the same Tensor objects, so an optimizer built before the move follows.
    @discardableResult
    public func to(_ device: Device, file: StaticString = #fileID, line: UInt = #line) -> Self {
        convertTensors(file: file, line: line) { t in t.to(device, file: file, line: line) }
    }

    /// `to(dtype)`: converts every floating-point parameter and buffer (and gradient) in
    /// place; integer buffers (BatchNorm's `num_batches_tracked`) keep their dtype.
    @discardableResult
    public func to(_ dtype: DType, file: StaticString = #fileID, line: UInt = #line) -> Self {
        if !dtype.isFloatingPoint {
            emberFatal("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=\(dtype)", file: file, line: line)
        }
        return convertTensors(file: file, line: line) { t in t.dtype.isFloatingPoint ? t.to(dtype, file: file, line: line) : t }
    }

    /// `to(device, dtype)`.
    @discardableResult
    public func to(_ device: Device, _ dtype: DType, file: StaticString = #fileID, line: UInt = #line) -> Self {
        to(device, file: file, line: line).to(dtype, file: file, line: line)
    }

    /// `double()`: `to(.float64)`.
    @discardableResult
    public func double() -> Self { to(.float64) }
    /// `float()`: `to(.float32)`.
    @discardableResult
    public func float() -> Self { to(.float32) }
    /// `half()`: `to(.float16)`.
    @discardableResult
    public func half() -> Self { to(.float16) }
    /// `cpu()`: `to(.cpu)`.
    @discardableResult
    public func cpu() -> Self { to(.cpu) }

    private func convertTensors(file: StaticString, line: UInt, _ convert: (Tensor) -> Tensor) -> Self {
        var seen = Set<ObjectIdentifier>()
        noGrad {
            for module in modules() {
                for (_, member) in module.directMembers() {
                    let tensor: Tensor
                    switch member {
                    case .parameter(let t?): tensor = t
                    case .buffer(let t?, _): tensor = t
                    default: continue
                    }
                    guard seen.insert(ObjectIdentifier(tensor)).inserted else { continue }
                    let converted = convert(tensor)
                    if converted !== tensor { tensor.data = converted }
                    if let g = tensor.grad {
                        let convertedGrad = convert(g)
                        if convertedGrad !== g { g.data = convertedGrad }
                    }
                }
            }
        }
        return self
    }

    // MARK: Description

    /// The class name used in `description` (PyTorch's `_get_name()`).
    open var moduleName: String { String(describing: type(of: self)) }

    /// PyTorch's `extra_repr()`: the text inside the parentheses of this module's line
    /// (`in_features=784, out_features=400, bias=True`). Empty by default.
    open var extraRepr: String { "" }

    /// The module tree as PyTorch prints it.
    open var description: String {
        let extraLines = extraRepr.isEmpty ? [] : extraRepr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var childLines: [String] = []
        for (name, member) in directMembers() {
            guard case .module(let m) = member else { continue }
            let text = m.map(\.description) ?? "None"
            childLines.append("(\(name)): " + Module.addIndent(text, 2))
        }
        return Module.formatRepr(name: moduleName, extraLines: extraLines, childLines: childLines)
    }

    static func formatRepr(name: String, extraLines: [String], childLines: [String]) -> String {
        let lines = extraLines + childLines
        var main = name + "("
        if !lines.isEmpty {
            if extraLines.count == 1 && childLines.isEmpty {
                main += extraLines[0]
            } else {
                main += "\n  " + lines.joined(separator: "\n  ") + "\n"
            }
        }
        return main + ")"
    }

    /// PyTorch's `_addindent`: indents every line but the first.
    static func addIndent(_ text: String, _ spaces: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else { return text }
        let pad = String(repeating: " ", count: spaces)
        return ([String(lines[0])] + lines.dropFirst().map { pad + $0 }).joined(separator: "\n")
    }
}

/// `snake_case` of a Swift camelCase name: `runningMean` → `running_mean`,
/// `layer1` → `layer1`, `convBlock2` → `conv_block2`, `HTTPServer` → `http_server`.
func snakeCase(_ name: String) -> String {
    let chars = Array(name)
    var out = ""
    for (i, c) in chars.enumerated() {
        if c.isUppercase {
            if i > 0 {
                let prev = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if prev.isLowercase || prev.isNumber || (prev.isUppercase && nextIsLower) { out.append("_") }
            }
            out += c.lowercased()
        } else {
            out.append(c)
        }
    }
    return out
}
