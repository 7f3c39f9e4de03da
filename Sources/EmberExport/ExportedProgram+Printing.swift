import Ember

extension ExportedProgram {
    /// The graph as torch.export prints it: the forward function with typed inputs, one line
    /// per node, the graph signature and the range constraints.
    public var description: String {
        var out = "ExportedProgram:\n    class GraphModule(torch.nn.Module):\n"
        let inputs = graph.inputs.map { "\(graph.values[$0.value].name): \"\(typeText(graph.values[$0.value]))\"" }
        out += "        def forward(self, \(inputs.joined(separator: ", "))):\n"
        for node in graph.nodes {
            let outputs = node.outputs.map { graph.values[$0] }
            let lhs = outputs.count == 1
                ? "\(outputs[0].name): \"\(typeText(outputs[0]))\""
                : outputs.map(\.name).joined(separator: ", ")
            out += "            \(lhs) = \(node.target)(\(node.arguments.map(argumentText).joined(separator: ", ")))\n"
        }
        out += "            return (\(graph.outputs.map { graph.values[$0].name }.joined(separator: ", ")),)\n"
        out += "\nGraph signature:\n    # inputs\n"
        for input in graph.inputs {
            let name = graph.values[input.value].name
            switch input.kind {
            case .userInput: out += "    \(name): USER_INPUT\n"
            case .parameter: out += "    \(name): PARAMETER target='\(input.target ?? "")'\n"
            case .buffer: out += "    \(name): BUFFER target='\(input.target ?? "")' persistent=True\n"
            case .constant: out += "    \(name): CONSTANT_TENSOR target='\(input.target ?? "")'\n"
            }
        }
        out += "\n    # outputs\n"
        for o in graph.outputs { out += "    \(graph.values[o].name): USER_OUTPUT\n" }
        let ranges = rangeConstraints.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        out += "\nRange constraints: {\(ranges)}\n"
        return out
    }

    private func typeText(_ value: GraphValue) -> String {
        "\(ExportedProgram.shortName(value.dtype))[\(value.shape.map(\.description).joined(separator: ", "))]"
    }

    private func argumentText(_ argument: GraphArgument) -> String {
        switch argument {
        case .value(let v): graph.values[v].name
        case .none: "None"
        case .values(let vs): "[" + vs.map { graph.values[$0].name }.joined(separator: ", ") + "]"
        case .int(let s): s.description
        case .ints(let list): "[" + list.map(\.description).joined(separator: ", ") + "]"
        case .double(let d): d.isInfinite ? (d < 0 ? "-inf" : "inf") : d.isNaN ? "nan" : "\(d)"
        case .bool(let b): b ? "True" : "False"
        case .string(let s): "'\(s)'"
        case .dtype(let d): "torch.\(d)"
        }
    }

    /// torch.export's short dtype names (`f32`, `i64`, `b8`).
    static func shortName(_ dtype: DType) -> String {
        switch dtype {
        case .bool: "b8"
        case .uint8: "ui8"
        case .int8: "i8"
        case .int16: "i16"
        case .int32: "i32"
        case .int64: "i64"
        case .float16: "f16"
        case .bfloat16: "bf16"
        case .float32: "f32"
        case .float64: "f64"
        case .complex64: "c64"
        }
    }
}
