import Ember

/// How one captured op becomes ONNX nodes: it reads the node's arguments and adds nodes to
/// the context whose outputs carry the node's output names (`ctx.outputNames(node)`).
public typealias ONNXLowering = @Sendable (ONNXLoweringContext, GraphNode) throws -> Void

/// The ONNX form of every op ONNX export supports, by target.
public enum ONNXLowerings {
    /// Every lowering, by target (`aten.linear`).
    public static let table: [String: ONNXLowering] = {
        var all: [String: ONNXLowering] = [:]
        for family in [math, shape, nn, recurrent] {
            all.merge(family) { first, _ in first }
        }
        return all
    }()
}
