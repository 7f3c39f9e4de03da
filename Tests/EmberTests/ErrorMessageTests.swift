import Testing
import Ember

// Each programming error stops the process with PyTorch's wording and the caller's
// file:line (the message is checked in the child's standard error).

@Suite struct ErrorMessageTests {
    @Test func broadcastMismatchNamesSizes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3) + Tensor.ones(4)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
    }

    @Test func viewErrorNamesCallerLine() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3).view(4, 2)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("shape '[4, 2]' is invalid for input of size 6"))
        #expect(stderr.contains("ErrorMessageTests.swift:"))
    }
}
