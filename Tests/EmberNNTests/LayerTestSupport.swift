import Testing
import EmberNN

/// Checks a tensor against values recorded from PyTorch: shape and every element within
/// `atol + rtol * |expected|`.
func expectValues(_ t: Tensor?, _ expected: [Double], shape: [Int], atol: Double = 1e-5, rtol: Double = 1e-5,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    guard let t else {
        Issue.record("tensor is nil", sourceLocation: sourceLocation)
        return
    }
    #expect(t.shape == shape, "shape \(t.shape) != \(shape)", sourceLocation: sourceLocation)
    let actual = t.toArray(Double.self)
    #expect(actual.count == expected.count, "count \(actual.count) != \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        #expect(Swift.abs(a - e) <= atol + rtol * Swift.abs(e), "element \(i): \(a) != \(e)", sourceLocation: sourceLocation)
    }
}

/// An exit test's stderr as text.
func stderrText(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
