import Testing
@testable import Ember

/// Checks a tensor against values recorded from PyTorch: shape, dtype (when given) and
/// every element within `atol + rtol * |expected|` (NaNs must match NaNs).
func expectTensor(_ t: Tensor, _ expected: [Double], shape: [Int], dtype: DType? = nil,
                  atol: Double = 1e-5, rtol: Double = 1e-5,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(t.shape == shape, "shape \(t.shape) != \(shape)", sourceLocation: sourceLocation)
    if let dtype { #expect(t.dtype == dtype, "dtype \(t.dtype) != \(dtype)", sourceLocation: sourceLocation) }
    let actual = t.toArray(Double.self)
    #expect(actual.count == expected.count, "count \(actual.count) != \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        if e.isNaN { #expect(a.isNaN, "element \(i): \(a) is not nan", sourceLocation: sourceLocation); continue }
        if e.isInfinite { #expect(a == e, "element \(i): \(a) != \(e)", sourceLocation: sourceLocation); continue }
        #expect(Swift.abs(a - e) <= atol + rtol * Swift.abs(e), "element \(i): \(a) != \(e)", sourceLocation: sourceLocation)
    }
}

/// Exact integer/bool comparison for non-float results.
func expectExact(_ t: Tensor, _ expected: [Int64], shape: [Int], dtype: DType? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(t.shape == shape, "shape \(t.shape) != \(shape)", sourceLocation: sourceLocation)
    if let dtype { #expect(t.dtype == dtype, "dtype \(t.dtype) != \(dtype)", sourceLocation: sourceLocation) }
    #expect(t.toArray(Int64.self) == expected, sourceLocation: sourceLocation)
}
