import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ember
import EmberData
import EmberPlot

/// `ember predict --image`: a user's PNG becomes the tensor the models were trained on.
@Suite struct PredictImageTests {
    @Test func darkOnLightPNGMatchesTheTestImageAsTrained() throws {
        let test = try MNIST(root: nil, train: false, transform: mnistTransform)
        let digit = test.data[0]                       // 28×28 uint8, light digit on dark
        let path = "/tmp/ember-predict-test-\(getpid()).png"
        defer { unlink(path) }
        // Saved the way a user draws it: dark ink on white (inverted back by digitFromPNG).
        try PNG.write((255 - digit.to(.int32)).to(.uint8), to: path)
        let input = try digitFromPNG(path)
        let (expected, _) = test[0]
        #expect(input.shape == [1, 1, 28, 28])
        #expect(input.allclose(expected.unsqueeze(0), atol: 1e-5))
    }

    @Test func aFileThatIsNotPNGIsAnError() throws {
        let path = "/tmp/ember-predict-test-bad-\(getpid()).png"
        defer { unlink(path) }
        let f = fopen(path, "w")!
        fputs("not a png", f)
        fclose(f)
        #expect(throws: EmberIOError.self) { try digitFromPNG(path) }
    }
}
