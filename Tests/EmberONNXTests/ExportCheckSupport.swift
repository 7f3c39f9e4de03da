import Ember
import EmberExport
import EmberNN
import EmberONNX
import Foundation
import Testing

extension ONNXPython {
    /// Exports `f` at every opset in `opsets` with the given names and dynamic axes, writes
    /// each input set (the first is the export example) and Ember's eager outputs as npz
    /// pairs, and runs onnx.checker + onnxruntime over them. Returns the last opset's report.
    @discardableResult
    static func exportAndCheck(_ inputs: [[Tensor]], module: Module?, opsets: [Int], inputNames: [String],
                               outputNames: (Int) -> String, dynamicAxes: (_ inputNames: [String], _ outputNames: [String]) -> [String: [Int: String]],
                               rtol: Double, atol: Double, sourceLocation: SourceLocation,
                               _ f: @escaping ([Tensor]) -> [Tensor]) throws -> String {
        let expected = inputs.map { xs in noGrad { f(xs) } }
        let outNames = expected[0].indices.map(outputNames)
        let axes = dynamicAxes(inputNames, outNames)
        var report = ""
        for opset in opsets {
            report = try withTempFolder { folder in
                try ONNX.export(f, args: inputs[0], module: module, to: folder + "/model.onnx", inputNames: inputNames,
                                outputNames: outNames, dynamicAxes: axes, opsetVersion: opset)
                for (k, xs) in inputs.enumerated() {
                    let suffix = k == 0 ? "" : "_\(k)"
                    try saveNumpyArchive(Dictionary(uniqueKeysWithValues: zip(inputNames, xs.map { $0.detach() })),
                                         to: folder + "/inputs\(suffix).npz")
                    try saveNumpyArchive(Dictionary(uniqueKeysWithValues: zip(outNames, expected[k].map { $0.detach() })),
                                         to: folder + "/expected\(suffix).npz")
                }
                return try check(folder: folder, rtol: rtol, atol: atol)
            }
            #expect(report.contains("checker: ok"), "opset \(opset): \(report)", sourceLocation: sourceLocation)
            #expect(report.contains("opset ai.onnx \(opset)"), sourceLocation: sourceLocation)
        }
        return report
    }

    /// The `ops:` line of a report.
    static func ops(_ report: String) -> String {
        report.split(separator: "\n").first { $0.hasPrefix("ops:") }.map(String.init) ?? ""
    }
}
