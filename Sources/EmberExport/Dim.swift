import Ember

/// A dynamic dimension for `export`'s `dynamicShapes`: torch.export's `Dim`.
///
/// Inputs whose dimensions share a `Dim` (by name) must have equal sizes there; sizes are
/// checked against `min...max` when the program runs.
public struct Dim: Hashable, Sendable, CustomStringConvertible {
    /// The symbol the graph prints (`batch`).
    public let name: String
    /// The smallest size the program accepts.
    public let min: Int
    /// The largest size the program accepts.
    public let max: Int

    /// `Dim("batch", min: 1, max: 4096)`.
    public init(_ name: String, min: Int = 1, max: Int = Int.max, file: StaticString = #fileID, line: UInt = #line) {
        if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            emberFatal("Dim name must be an identifier, got '\(name)'", file: file, line: line)
        }
        if min < 0 || min > max {
            emberFatal("Dim '\(name)': expected 0 <= min <= max, got min=\(min), max=\(max)", file: file, line: line)
        }
        self.name = name
        self.min = min
        self.max = max
    }

    /// `VR[1, 4096]`, as torch.export prints range constraints (`int_oo` for no bound).
    public var description: String { "VR[\(min), \(max == Int.max ? "int_oo" : String(max))]" }
}
