import OrderedCollections

/// `nn.Sequential`: runs its modules in order, each on the previous one's output.
/// Names are `0`, `1`, …; indexable (`model[0]`).
open class Sequential: Module {
    public init(_ modules: Module...) {
        super.init()
        for (i, m) in modules.enumerated() { registerModule(String(i), m) }
    }

    public init(_ modules: [Module]) {
        super.init()
        for (i, m) in modules.enumerated() { registerModule(String(i), m) }
    }

    /// Named modules in order (`nn.Sequential(OrderedDict(...))`).
    public init(_ modules: OrderedDictionary<String, Module>) {
        super.init()
        for (name, m) in modules { registerModule(name, m) }
    }

    /// The modules in order.
    public var layers: [Module] { children() }
    public var count: Int { layers.count }

    public subscript(_ index: Int) -> Module {
        let all = layers
        let i = index < 0 ? index + all.count : index
        guard all.indices.contains(i) else { emberFatal("index \(index) is out of range") }
        return all[i]
    }

    /// `append(module)`.
    public func append(_ module: Module) {
        registerModule(String(count), module)
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let site = CallSite.current
        var x = input
        for m in layers {
            if let site { x = m(x, file: site.file, line: site.line) } else { x = m(x) }
        }
        return x
    }
}

/// `nn.ModuleList`: holds sub-modules under `0`, `1`, …; has no forward of its own.
open class ModuleList: Module, RandomAccessCollection {
    public init(_ modules: [Module] = []) {
        super.init()
        for (i, m) in modules.enumerated() { registerModule(String(i), m) }
    }

    private var items: [Module] { children() }
    public var startIndex: Int { 0 }
    public var endIndex: Int { items.count }

    public subscript(_ index: Int) -> Module {
        let all = items
        let i = index < 0 ? index + all.count : index
        guard all.indices.contains(i) else { emberFatal("index \(index) is out of range") }
        return all[i]
    }

    /// `append(module)`.
    public func append(_ module: Module) { registerModule(String(endIndex), module) }

    /// `extend(modules)`.
    public func extend(_ modules: [Module]) { for m in modules { append(m) } }

    /// Repeated identical entries print compressed, as PyTorch does (`(0-2): 3 x Linear(…)`).
    open override var description: String {
        let reprs = items.map(\.description)
        if reprs.isEmpty { return moduleName + "()" }
        var ranges: [(start: Int, end: Int, text: String)] = []
        for (i, r) in reprs.enumerated() {
            if let last = ranges.last, last.text == r {
                ranges[ranges.count - 1].end = i
            } else {
                ranges.append((i, i, r))
            }
        }
        let lines = ranges.map { range -> String in
            let local = range.start == range.end
                ? "(\(range.start)): \(range.text)"
                : "(\(range.start)-\(range.end)): \(range.end - range.start + 1) x \(range.text)"
            return Module.addIndent(local, 2)
        }
        return moduleName + "(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }
}

/// `nn.ModuleDict`: sub-modules by name, in insertion order.
open class ModuleDict: Module {
    public init(_ modules: OrderedDictionary<String, Module> = [:]) {
        super.init()
        for (name, m) in modules { registerModule(name, m) }
    }

    public subscript(_ key: String) -> Module? {
        get { namedChildren().first { $0.name == key }?.module }
        set { registerModule(key, newValue) }
    }

    public var keys: [String] { namedChildren().map(\.name) }
    public var values: [Module] { children() }
    public var count: Int { keys.count }
}
