import Ember
import EmberExport
import EmberNN
import Testing

// The models that must fail, outside the exit tests' closures so that their lines are
// their own (inside an exit test `#line` is the macro's line).

func branchesOnAValue(_ xs: [Tensor]) -> [Tensor] {
    if xs[0].sum().item() > 0 { return [xs[0] * 2] }  // line 10
    return [xs[0]]
}

func writesIntoItsInput(_ xs: [Tensor]) -> [Tensor] {
    xs[0].add_(Tensor.ones(2, 3))  // line 15
    return [xs[0] * 2]
}

func usesAnOpExportDoesNotKnow(_ xs: [Tensor]) -> [Tensor] {
    let (values, _) = xs[0].median(dim: 1)  // line 20
    return [values]
}

/// Capture stops, naming the user's line, wherever the graph would silently differ from the
/// model: a value read (`item()`), a write into an input, an op capture does not know.
@Suite struct CaptureErrorTests {
    @Test func valueDependentBranchNamesTheLine() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try export(branchesOnAValue, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("CaptureErrorTests.swift:10: Fatal error: export: item() reads the value of a traced tensor, so the captured graph would depend on the data"))
    }

    @Test func inPlaceWriteToAnInputNamesTheLine() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try export(writesIntoItsInput, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("CaptureErrorTests.swift:15: Fatal error: export: add_ writes in place into input 'args_0'"))
    }

    @Test func unsupportedOpNamesItsNameAndLine() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try export(usesAnOpExportDoesNotKnow, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("CaptureErrorTests.swift:20: Fatal error: export: median (MedianBackward1) is not supported by export"))
    }

    @Test func wrongStaticSizeAtRunTime() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let program = try export({ xs in [relu(xs[0])] }, args: [Tensor.ones(2, 3)])
            _ = program([Tensor.ones(2, 4)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Expected input at *args[0].shape[1] to be equal to 3, but got 4"))
    }

    @Test func dynamicSizeOutsideItsRange() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let program = try export({ xs in [relu(xs[0])] }, args: [Tensor.ones(2, 3)],
                                     dynamicShapes: [[0: Dim("batch", min: 1, max: 4)]])
            _ = program([Tensor.ones(5, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Expected input at *args[0].shape[0] to be <= 4 ('batch'), but got 5"))
    }
}
