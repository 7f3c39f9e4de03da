/// Figures the `ember train` and `ember evaluate` commands write beside a run: loss curves,
/// a confusion matrix and a grid of misclassified digits.
public enum TrainingReport {
    /// Writes the loss curves (left) and, when given, test accuracy (right) per epoch.
    /// - Parameters:
    ///   - epochs: the x values (1, 2, 3, …); whole-number ticks.
    ///   - trainLoss: mean training loss per epoch.
    ///   - testLoss: mean test loss per epoch, drawn dashed.
    ///   - testAccuracy: fractions 0–1, drawn as percentages.
    ///   - path: `.png` or `.svg`.
    public static func plotLoss<E: PlotData>(epochs: E, trainLoss: [Double], testLoss: [Double]? = nil,
                                             testAccuracy: [Double]? = nil, to path: String) throws(EmberIOError) {
        let x = epochs.plotValues
        let figure = testAccuracy == nil ? Figure(width: 640, height: 480) : Figure(width: 1200, height: 400)
        let loss = figure.subplot(1, testAccuracy == nil ? 1 : 2, 1)
        loss.line(x: x, y: trainLoss, label: "Train loss")
        if let testLoss { loss.line(x: x, y: testLoss, label: "Test loss", linestyle: "--") }
        loss.xlabel("Epoch").ylabel("Loss").title("Loss").integerTicks(axis: "x").grid()
        if let testAccuracy {
            figure.subplot(1, 2, 2).line(x: x, y: testAccuracy.map { $0 * 100 }, label: "Test accuracy", color: "C2")
                .xlabel("Epoch").ylabel("Accuracy (%)").title("Test accuracy").integerTicks(axis: "x").grid()
                .legend(false)
        }
        try figure.save(path)
    }

    /// Counts of (true, predicted) pairs: row = true class, column = prediction
    /// (`sklearn.metrics.confusion_matrix`).
    public static func confusionMatrix<L: PlotData, P: PlotData>(labels: L, predictions: P, numClasses: Int) -> [[Int]] {
        var m = [[Int]](repeating: [Int](repeating: 0, count: numClasses), count: numClasses)
        for (t, p) in zip(labels.plotValues, predictions.plotValues) {
            let (i, j) = (Int(t), Int(p))
            if (0..<numClasses).contains(i) && (0..<numClasses).contains(j) { m[i][j] += 1 }
        }
        return m
    }

    /// Draws a confusion matrix as a heat map with the count in every cell.
    public static func confusionMatrixImage(_ matrix: [[Int]], classNames: [String]? = nil,
                                            to path: String) throws(EmberIOError) {
        let n = matrix.count
        let names = classNames ?? (0..<n).map(String.init)
        let figure = Figure(width: 640, height: 600)
        figure.subplotParams = (0.14, 0.95, 0.1, 0.92, 0.2, 0.2)
        let ax = figure.subplot(1, 1, 1)
        let values = matrix.flatMap { $0.map(Double.init) }
        let top = values.max() ?? 1
        ax.imshow(values, width: n, height: n, cmap: "Blues", vmin: 0, vmax: max(top, 1))
        let fontsize = n <= 10 ? 9.0 : max(4, 90 / Double(n))
        for i in 0..<n {
            for j in 0..<n {
                ax.text(Double(j), Double(i), String(matrix[i][j]), color: Double(matrix[i][j]) > top / 2 ? "white" : "black",
                        fontsize: fontsize)
            }
        }
        let ticks = (0..<n).map(Double.init)
        ax.xticks(ticks, labels: names).yticks(ticks, labels: names)
            .xlabel("Predicted label").ylabel("True label").title("Confusion matrix")
        try figure.save(path)
    }

    /// A grid of images, each titled with its true label and the model's prediction
    /// (at most `maxImages`, in order). `images` is N×1×H×W, N×H×W or N×H×W×3.
    public static func misclassifiedGrid<L: PlotData, P: PlotData>(images: Tensor, labels: L, predictions: P,
                                                                   maxImages: Int = 36, to path: String) throws(EmberIOError) {
        let truth = labels.plotValues, predicted = predictions.plotValues
        let n = min(maxImages, images.shape.first ?? 0, truth.count, predicted.count)
        let cols = max(1, Int(Double(n).squareRoot().rounded(.up)))
        let rows = max(1, (n + cols - 1) / cols)
        let figure = Figure(width: 110 * cols + 40, height: 125 * rows + 50)
        figure.subplotParams = (0.02, 0.98, 0.02, 1 - 50.0 / Double(125 * rows + 50), 0.1, 0.35)
        figure.suptitle(n == 0 ? "No misclassified images" : "Misclassified (true / predicted)")
        for k in 0..<n {
            var image = images[k]
            if image.shape.count == 3 && image.shape[0] == 1 { image = image[0] }
            let ax = figure.subplot(rows, cols, k + 1).imshow(image, cmap: "gray").axis("off")
            ax.title("\(Int(truth[k])) / \(Int(predicted[k]))", fontsize: 10)
        }
        try figure.save(path)
    }
}
