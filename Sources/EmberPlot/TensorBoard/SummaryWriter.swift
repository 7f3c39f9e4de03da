#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes TensorBoard event files (`torch.utils.tensorboard.SummaryWriter`).
///
/// ```swift
/// let writer = try SummaryWriter(logDir: "runs/mnist")
/// try writer.addScalar("Loss/train", loss, globalStep: step)
/// try writer.close()
/// ```
/// Records are buffered and written by `flush()`, `close()`, or when the writer goes away.
public final class SummaryWriter {
    /// The run directory (`log_dir`).
    public let logDir: String
    let filenameSuffix: String
    let clock: @Sendable () -> Double
    let main: EventFileWriter
    /// The per-tag writers of `addScalars`, by directory.
    var children: [(String, EventFileWriter)] = []

    /// - Parameters:
    ///   - logDir: where event files go; by default `runs/<date>_<hostname><comment>`, as PyTorch.
    ///   - comment: appended to the default directory name.
    ///   - filenameSuffix: appended to every event file's name.
    ///   - clock: the wall time in seconds since 1970 for records given no `walltime`
    ///     (the system clock; tests inject a fixed one).
    public init(logDir: String? = nil, comment: String = "", filenameSuffix: String = "",
                clock: @escaping @Sendable () -> Double = SummaryWriter.systemTime) throws(EmberIOError) {
        self.logDir = logDir ?? "runs/" + SummaryWriter.defaultRunName() + comment
        self.filenameSuffix = filenameSuffix
        self.clock = clock
        main = try EventFileWriter(directory: self.logDir, filenameSuffix: filenameSuffix, wallTime: clock())
    }

    deinit { try? flush() }

    /// The path of the main event file.
    public var eventFilePath: String { main.path }

    /// Seconds since 1970 from the system clock.
    public static let systemTime: @Sendable () -> Double = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func defaultRunName() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, 64, "%b%d_%H-%M-%S", &parts)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        return String(cString: buffer) + "_" + String(cString: host)
    }

    func write(_ values: [SummaryValue], step: Int?, walltime: Double?, to writer: EventFileWriter? = nil) {
        (writer ?? main).add(Event(wallTime: walltime ?? clock(), step: Int64(step ?? 0), what: .summary(values)))
    }

    // MARK: - Summaries

    /// One point of a scalar curve (`add_scalar`).
    public func addScalar(_ tag: String, _ scalarValue: Double, globalStep: Int? = nil, walltime: Double? = nil) {
        write([SummaryValue(tag: tag, kind: .simpleValue(Float(scalarValue)))], step: globalStep, walltime: walltime)
    }

    /// Several curves on one chart (`add_scalars`): each key gets its own run directory
    /// `<logDir>/<mainTag>_<key>`, the values are logged under `mainTag`.
    public func addScalars(_ mainTag: String, _ tagScalarDict: KeyValuePairs<String, Double>, globalStep: Int? = nil,
                           walltime: Double? = nil) throws(EmberIOError) {
        let time = walltime ?? clock()
        for (tag, value) in tagScalarDict {
            let dir = logDir + "/" + mainTag.replacingOccurrences("/", "_") + "_" + tag
            let writer: EventFileWriter
            if let existing = children.first(where: { $0.0 == dir }) { writer = existing.1 } else {
                writer = try EventFileWriter(directory: dir, filenameSuffix: filenameSuffix, wallTime: time)
                children.append((dir, writer))
            }
            write([SummaryValue(tag: mainTag, kind: .simpleValue(Float(value)))], step: globalStep, walltime: time, to: writer)
        }
    }

    /// A histogram of `values` in `bins` equal bins (`add_histogram`). As PyTorch's writer
    /// does, an empty bucket at the lower edge precedes the first, so every bucket has both edges.
    public func addHistogram<V: PlotData>(_ tag: String, _ values: V, globalStep: Int? = nil, bins: Int = 30,
                                          walltime: Double? = nil) {
        let v = values.plotValues.filter { $0.isFinite }
        guard let lo = v.min(), let hi = v.max() else { return }
        let (counts, edges) = Axes.histogramCounts(v, bins: bins, range: nil)
        let kind = SummaryValue.Kind.histogram(
            min: lo, max: hi, num: Double(v.count), sum: v.reduce(0, +), sumSquares: v.reduce(0) { $0 + $1 * $1 },
            bucketLimit: edges, bucket: [0] + counts)
        write([SummaryValue(tag: tag, kind: kind)], step: globalStep, walltime: walltime)
    }

    /// An image (`add_image`): uint8 0–255 or float 0–1, laid out as `dataformats` says
    /// (`"CHW"` by default, also `"HWC"` and `"HW"`); stored PNG-encoded.
    public func addImage(_ tag: String, _ image: Tensor, globalStep: Int? = nil, walltime: Double? = nil,
                         dataformats: String = "CHW") throws(EmberIOError) {
        let shape = image.shape
        let chw = dataformats == "CHW" && shape.count == 3
        let (h, w, c): (Int, Int, Int) = switch (dataformats, shape.count) {
        case ("CHW", 3): (shape[1], shape[2], shape[0])
        case ("HWC", 3): (shape[0], shape[1], shape[2])
        case (_, 2): (shape[0], shape[1], 1)
        default: throw EmberIOError("addImage: shape \(shape) does not match dataformats \(dataformats)")
        }
        let png = try PNG.encode(image, channelsFirst: chw)
        write([SummaryValue(tag: tag, kind: .image(height: h, width: w, colorspace: c, png: png))],
              step: globalStep, walltime: walltime)
    }

    /// Text (`add_text`), shown by TensorBoard's text plugin under `<tag>/text_summary`.
    public func addText(_ tag: String, _ textString: String, globalStep: Int? = nil, walltime: Double? = nil) {
        write([SummaryValue(tag: tag + "/text_summary", kind: .text(textString))], step: globalStep, walltime: walltime)
    }

    /// Writes buffered records to disk.
    public func flush() throws(EmberIOError) {
        try main.flush()
        for (_, child) in children { try child.flush() }
    }

    /// Flushes; the writer may still be used afterwards (records go to the same files).
    public func close() throws(EmberIOError) { try flush() }
}
