import Foundation
import Testing
@testable import EmberPlot

@Suite struct ReportTests {
    @Test func makeGridTilesLikeTorchvision() {
        // make_grid(torch.arange(8.).reshape(2, 1, 2, 2), nrow=2, padding=1) → 1×4×7:
        let values: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
        let grid = makeGrid(Tensor(values, shape: [2, 1, 2, 2]), nrow: 2, padding: 1)
        #expect(grid.shape == [1, 4, 7])
        #expect(grid.toArray(Double.self) == [0, 0, 0, 0, 0, 0, 0,
                                              0, 0, 1, 0, 4, 5, 0,
                                              0, 2, 3, 0, 6, 7, 0,
                                              0, 0, 0, 0, 0, 0, 0])
    }

    @Test func confusionMatrixCounts() {
        let m = TrainingReport.confusionMatrix(labels: [0, 1, 2, 2, 1], predictions: [0, 2, 2, 2, 1], numClasses: 3)
        #expect(m == [[1, 0, 0], [0, 1, 1], [0, 0, 2]])
    }

    @Test func reportsWritePNGs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ember-report-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TrainingReport.plotLoss(epochs: [1, 2, 3], trainLoss: [0.9, 0.5, 0.3], testLoss: [0.8, 0.55, 0.4],
                                    testAccuracy: [0.8, 0.9, 0.95], to: dir + "/loss.png")
        let loss = try PNG.read(dir + "/loss.png")
        #expect(loss.width == 1200 && loss.height == 400)
        let m = TrainingReport.confusionMatrix(labels: [0, 1, 1, 2], predictions: [0, 1, 2, 2], numClasses: 3)
        try TrainingReport.confusionMatrixImage(m, to: dir + "/confusion.png")
        #expect(try PNG.read(dir + "/confusion.png").width == 640)
        let values: [Double] = (0..<3920).map { (i: Int) -> Double in Double(i % 255) / 255 }
        let images = Tensor(values, shape: [5, 1, 28, 28])
        try TrainingReport.misclassifiedGrid(images: images, labels: [1, 2, 3, 4, 5], predictions: [7, 7, 8, 9, 0],
                                             to: dir + "/misclassified.png")
        // 5 images → 3 columns × 2 rows of 110×125 px cells plus margins.
        let grid = try PNG.read(dir + "/misclassified.png")
        #expect(grid.width == 370 && grid.height == 300)
    }

    @Test func integerEpochTicks() throws {
        let figure = Figure()
        let ax = figure.subplot(1, 1, 1).line(x: [1, 2, 3], y: [3.0, 2.0, 1.0]).integerTicks(axis: "x")
        #expect(try #require(figure.geometry(of: ax)).xTicks == [1, 2, 3])
    }
}
