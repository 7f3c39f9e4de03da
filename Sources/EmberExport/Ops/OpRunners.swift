import Ember

/// How the graph interpreter replays one node: the op's public call with the recorded
/// arguments, returning its outputs in the recorded order.
public typealias OpRunner = @Sendable (OpArguments) -> [Tensor]

/// The ops a captured graph may hold, each with the call that replays it. A node's target
/// and argument order are fixed where the op calls `Tensor.traced`; the runner beside it in
/// its family's file reads them back in the same order.
public enum ExportOps {
    /// Every replayable op, by target (`aten.linear`).
    public static let runners: [String: OpRunner] = {
        var all: [String: OpRunner] = [:]
        for family in [math, shape, nn, recurrent] {
            all.merge(family) { first, _ in first }
        }
        return all
    }()

    /// Whether a graph may name `target`.
    public static func isKnown(_ target: String) -> Bool { runners[target] != nil }
}
