import Ember
import EmberExport
import EmberNN
import Testing

/// Capture stops, naming the user's file and line (inside an exit test `#line` is the
/// macro's line, so only the file is asserted), wherever the graph would silently differ from the
/// model: a value read (`item()`), a write into an input, an op capture does not know.
@Suite struct CaptureErrorTests {
    @Test func valueDependentBranchNamesTheLine() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let f: ([Tensor]) -> [Tensor] = { xs in
                if xs[0].sum().item() > 0 { return [xs[0] * 2] }
                return [xs[0]]
            }
            _ = try export(f, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("export: item() reads the value of a traced tensor, so the captured graph would depend on the data"))
        #expect(stderr.contains("CaptureErrorTests.swift:"))
    }

    @Test func inPlaceWriteToAnInputNamesTheLine() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let f: ([Tensor]) -> [Tensor] = { xs in
                xs[0].add_(Tensor.ones(2, 3))
                return [xs[0] * 2]
            }
            _ = try export(f, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("export: add_ writes in place into input 'args_0'"))
        #expect(stderr.contains("CaptureErrorTests.swift:"))
    }

    @Test func unsupportedOpNamesItsNameAndLine() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let f: ([Tensor]) -> [Tensor] = { xs in
                let (values, _) = xs[0].median(dim: 1)
                return [values]
            }
            _ = try export(f, args: [Tensor.ones(2, 3)])
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("is not supported by export"))
        #expect(stderr.contains("CaptureErrorTests.swift:"))
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
