import Ember
import OrderedCollections

// Swift sizes are plain Ints, so `x.view(x.size(0), -1)` hands the op a number, not a
// symbol. Capture therefore traces once per dynamic dimension at another size and fits every
// integer of the graph (op arguments and value shapes) as an affine function of the symbols;
// a third trace with every symbol moved checks the fit. A graph whose structure, float
// attributes or constants change with a size specializes on it: that is an error.

enum GraphFit {
    typealias Variant = (graph: Graph, constants: OrderedDictionary<String, Tensor>, symbol: String, size: Int)
    typealias Check = (graph: Graph, constants: OrderedDictionary<String, Tensor>, sizes: [String: Int])

    static func fit(base: Graph, baseConstants: OrderedDictionary<String, Tensor>, baseSizes: [String: Int],
                    variants: [Variant], check: Check?) throws -> Graph {
        let baseInts = integers(base)
        var coefficients: [[String: Int]] = Array(repeating: [:], count: baseInts.count)
        for variant in variants {
            try sameStructure(base, baseConstants, variant.graph, variant.constants,
                              what: "'\(variant.symbol)' is \(baseSizes[variant.symbol]!) and \(variant.size)")
            let ints = integers(variant.graph)
            let step = variant.size - baseSizes[variant.symbol]!
            for (k, (b, v)) in zip(baseInts, ints).enumerated() where b.value != v.value {
                let delta = v.value - b.value
                guard delta % step == 0 else {
                    throw nonAffine(base, b.site, variant.symbol)
                }
                coefficients[k][variant.symbol] = delta / step
            }
        }
        let fitted = baseInts.indices.map { k -> SymInt in
            var constant = baseInts[k].value
            for (symbol, c) in coefficients[k] { constant -= c * baseSizes[symbol]! }
            return SymInt(constant: constant, terms: coefficients[k])
        }
        if let check {
            try sameStructure(base, baseConstants, check.graph, check.constants,
                              what: check.sizes.sorted { $0.key < $1.key }.map { "'\($0.key)' is \($0.value)" }.joined(separator: ", "))
            for (k, actual) in integers(check.graph).enumerated() where fitted[k].evaluate(check.sizes) != actual.value {
                throw nonAffine(base, actual.site, fitted[k].terms.keys.sorted().joined(separator: ", "))
            }
        }
        var index = 0
        return mapIntegers(base) { _ in
            defer { index += 1 }
            return fitted[index]
        }
    }

    /// Every integer in a fixed order, with the node it belongs to (nil for input shapes).
    static func integers(_ graph: Graph) -> [(value: Int, site: Int?)] {
        var out: [(Int, Int?)] = []
        var valueSite = [Int?](repeating: nil, count: graph.values.count)
        for (n, node) in graph.nodes.enumerated() { for o in node.outputs { valueSite[o] = n } }
        for (i, value) in graph.values.enumerated() { for d in value.shape { out.append((d.constant, valueSite[i])) } }
        for (n, node) in graph.nodes.enumerated() {
            for argument in node.arguments {
                switch argument {
                case .int(let s): out.append((s.constant, n))
                case .ints(let list): for s in list { out.append((s.constant, n)) }
                default: break
                }
            }
        }
        return out
    }

    /// The graph with every integer replaced, visiting them in `integers`' order.
    static func mapIntegers(_ graph: Graph, _ transform: (SymInt) -> SymInt) -> Graph {
        var g = graph
        for i in g.values.indices { g.values[i].shape = g.values[i].shape.map(transform) }
        for n in g.nodes.indices {
            g.nodes[n].arguments = g.nodes[n].arguments.map { argument in
                switch argument {
                case .int(let s): .int(transform(s))
                case .ints(let list): .ints(list.map(transform))
                default: argument
                }
            }
        }
        return g
    }

    /// Same nodes, arguments other than integers, and constants.
    static func sameStructure(_ a: Graph, _ aConstants: OrderedDictionary<String, Tensor>, _ b: Graph,
                              _ bConstants: OrderedDictionary<String, Tensor>, what: String) throws {
        let zero = { (_: SymInt) in SymInt(0) }
        let sa = mapIntegers(a, zero), sb = mapIntegers(b, zero)
        if sa != sb {
            let n = zip(sa.nodes, sb.nodes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(sa.nodes.count, sb.nodes.count)
            let at = n < a.nodes.count ? "\(a.nodes[n].target) called at \(a.nodes[n].location)"
                : n < b.nodes.count ? "\(b.nodes[n].target) called at \(b.nodes[n].location)" : "its outputs"
            throw ExportError("export: the captured graph changes when \(what) (first at node \(n): \(at)); the model specializes on that size, so it cannot be dynamic (declare it static, or remove the size-dependent branch or float)")
        }
        for ((name, x), (_, y)) in zip(aConstants, bConstants) where x.shape != y.shape || !equal(x, y) {
            let user = a.nodes.first { node in
                node.arguments.contains { if case .value(let v) = $0 { a.values[v].name == "c_" + name } else { false } }
            }
            throw ExportError("export: a tensor created in forward\(user.map { " (first used by \($0.target) at \($0.location))" } ?? "") changes when \(what); it cannot be baked into the graph as a constant (build it with an op on the inputs, such as zeros(like:), or pass it as an input)")
        }
    }

    static func nonAffine(_ graph: Graph, _ site: Int?, _ symbols: String) -> ExportError {
        let at = site.map { "\(graph.nodes[$0].target) called at \(graph.nodes[$0].location)" } ?? "an input shape"
        return ExportError("export: a size in \(at) is not an affine function of the dynamic dimension(s) \(symbols) (such as batch*batch); declare those dims static")
    }
}
