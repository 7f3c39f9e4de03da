import OrderedCollections

/// Thrown by `Module.loadStateDict` with PyTorch's message:
/// `Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc.bias". `
public struct StateDictError: Error, CustomStringConvertible, Sendable {
    /// The class name of the module being loaded.
    public let moduleName: String
    /// Keys the module has and the state dict lacks (reported when strict).
    public let missingKeys: [String]
    /// Keys the state dict has and the module lacks (reported when strict).
    public let unexpectedKeys: [String]
    /// `size mismatch for …` and other per-key messages.
    public let errorMessages: [String]

    public var description: String {
        "Error(s) in loading state_dict for \(moduleName):\n\t" + errorMessages.joined(separator: "\n\t")
    }
}

extension Module {
    /// `state_dict()`: every parameter and persistent buffer under its dotted key, in
    /// PyTorch's order (a module's own parameters, then its buffers, then each sub-module's,
    /// recursively). Values are detached aliases: they share storage with the module.
    /// Tied parameters appear under each of their names, as in PyTorch.
    public func stateDict(prefix: String = "", keepVars: Bool = false) -> OrderedDictionary<String, Tensor> {
        var result: OrderedDictionary<String, Tensor> = [:]
        saveStateDict(into: &result, prefix: prefix, keepVars: keepVars)
        return result
    }

    private func saveStateDict(into result: inout OrderedDictionary<String, Tensor>, prefix: String, keepVars: Bool) {
        let members = directMembers()
        for (name, member) in members {
            if case .parameter(let t?) = member { result[prefix + name] = keepVars ? t : t.detach() }
        }
        for (name, member) in members {
            if case .buffer(let t?, true) = member { result[prefix + name] = keepVars ? t : t.detach() }
        }
        for (name, member) in members {
            if case .module(let m?) = member { m.saveStateDict(into: &result, prefix: prefix + name + ".", keepVars: keepVars) }
        }
    }

    /// `load_state_dict(state_dict, strict=True)`: copies each value into the parameter or
    /// buffer of the same key, in place (the same Tensor objects) and outside autograd.
    /// Missing or unexpected keys (when `strict`) and shape mismatches (always) throw a
    /// `StateDictError` naming them, with PyTorch's wording; nothing is copied then.
    /// Returns the missing and unexpected keys.
    @discardableResult
    public func loadStateDict(_ stateDict: OrderedDictionary<String, Tensor>, strict: Bool = true) throws
        -> (missingKeys: [String], unexpectedKeys: [String]) {
        let local = self.stateDict(keepVars: true)
        var missing: [String] = []
        var errors: [String] = []
        var copies: [(target: Tensor, source: Tensor)] = []
        for (key, target) in local {
            guard let source = stateDict[key] else {
                missing.append(key)
                continue
            }
            if source.shape != target.shape {
                errors.append("size mismatch for \(key): copying a param with shape \(torchSize(source.shape)) from checkpoint, the shape in current model is \(torchSize(target.shape)).")
                continue
            }
            copies.append((target, source))
        }
        let unexpected: [String] = stateDict.keys.filter { local[$0] == nil }
        if strict {
            if !unexpected.isEmpty {
                errors.insert("Unexpected key(s) in state_dict: \(unexpected.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0)
            }
            if !missing.isEmpty {
                errors.insert("Missing key(s) in state_dict: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0)
            }
        }
        if !errors.isEmpty {
            throw StateDictError(moduleName: moduleName, missingKeys: missing, unexpectedKeys: unexpected, errorMessages: errors)
        }
        noGrad {
            for (target, source) in copies where target !== source {
                target.copy_(source)
            }
        }
        return (missing, unexpected)
    }

    /// `load_state_dict` from an ordered list of pairs.
    @discardableResult
    public func loadStateDict(_ pairs: [(String, Tensor)], strict: Bool = true) throws
        -> (missingKeys: [String], unexpectedKeys: [String]) {
        try loadStateDict(OrderedDictionary(pairs, uniquingKeysWith: { _, last in last }), strict: strict)
    }
}

/// `torch.Size([3, 4])`, as PyTorch prints shapes in messages.
func torchSize(_ shape: [Int]) -> String {
    "torch.Size([" + shape.map(String.init).joined(separator: ", ") + "])"
}
