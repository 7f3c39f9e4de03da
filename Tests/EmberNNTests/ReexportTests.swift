import Testing
import EmberNN

@Suite struct ReexportTests {
    /// `import EmberNN` alone gives the tensor API, as `import torch.nn` users expect torch.
    @Test func tensorsAreAvailable() {
        let t = Tensor([1.0, 2.0]) * 2
        #expect(t.toArray(Double.self) == [2, 4])
    }
}
