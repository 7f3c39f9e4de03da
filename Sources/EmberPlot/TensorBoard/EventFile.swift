#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `events.out.tfevents.*` file: TFRecord framing (length, masked CRC-32C of the length,
/// the serialised `Event`, masked CRC-32C of it), opened with the `brain.Event:2` version record.
final class EventFileWriter {
    let path: String
    var pending: [UInt8] = []

    /// Numbers the files this process opens, as TensorBoard's writer does, so two writers
    /// opened in the same second get distinct names.
    static let counter = FileCounter()

    init(directory: String, filenameSuffix: String, wallTime: Double) throws(EmberIOError) {
        try makeDirectories(directory)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let hostname = String(cString: host)
        let uid = EventFileWriter.counter.next()
        path = "\(directory)/events.out.tfevents.\(Int(wallTime)).\(hostname).\(getpid()).\(uid)\(filenameSuffix)"
        try FileIO.write([], to: path)
        add(Event(wallTime: wallTime, step: 0, what: .fileVersion("brain.Event:2")))
        try flush()
    }

    func add(_ event: Event) {
        let data = event.serialized()
        var length: [UInt8] = []
        for i in 0..<8 { length.append(UInt8(UInt64(data.count) >> (8 * UInt64(i)) & 0xff)) }
        pending += length
        appendLE(CRC32C.masked(length))
        pending += data
        appendLE(CRC32C.masked(data))
    }

    func appendLE(_ v: UInt32) {
        for i in 0..<4 { pending.append(UInt8(v >> (8 * UInt32(i)) & 0xff)) }
    }

    func flush() throws(EmberIOError) {
        guard !pending.isEmpty else { return }
        try FileIO.write(pending, to: path, append: true)
        pending = []
    }
}

/// `tensorflow.Event` and the parts of `Summary` we write.
struct Event {
    enum What {
        case fileVersion(String)
        case summary([SummaryValue])
    }
    var wallTime: Double
    var step: Int64
    var what: What

    func serialized() -> [UInt8] {
        var w = ProtoWriter()
        w.double(1, wallTime)
        w.int64(2, step)
        switch what {
        case .fileVersion(let v): w.string(3, v)
        case .summary(let values):
            w.message(5) { s in for v in values { s.message(1) { v.encode(into: &$0) } } }
        }
        return w.bytes
    }
}

/// `Summary.Value`: a tag and one kind of value.
struct SummaryValue {
    enum Kind {
        case simpleValue(Float)
        case image(height: Int, width: Int, colorspace: Int, png: [UInt8])
        case histogram(min: Double, max: Double, num: Double, sum: Double, sumSquares: Double,
                       bucketLimit: [Double], bucket: [Double])
        /// A one-element DT_STRING tensor with the text plugin's metadata (`add_text`).
        case text(String)
    }
    var tag: String
    var kind: Kind

    func encode(into w: inout ProtoWriter) {
        w.string(1, tag)
        switch kind {
        case .simpleValue(let v):
            // simple_value is always written, even 0, since it is the oneof's chosen member.
            w.key(2, 5)
            for i in 0..<4 { w.bytes.append(UInt8(v.bitPattern >> (8 * UInt32(i)) & 0xff)) }
        case .image(let h, let width, let c, let png):
            w.message(4) { m in
                m.int64(1, Int64(h)); m.int64(2, Int64(width)); m.int64(3, Int64(c)); m.data(4, png)
            }
        case .histogram(let lo, let hi, let num, let sum, let sq, let limits, let counts):
            w.message(5) { m in
                m.double(1, lo); m.double(2, hi); m.double(3, num); m.double(4, sum); m.double(5, sq)
                m.packedDoubles(6, limits); m.packedDoubles(7, counts)
            }
        case .text(let text):
            w.message(8) { t in
                t.int64(1, 7)  // DT_STRING
                t.message(2) { shape in shape.message(2) { $0.int64(1, 1) } }
                t.data(8, Array(text.utf8), always: true)
            }
            w.message(9) { meta in meta.message(1) { $0.string(1, "text") } }
        }
    }
}

/// A process-wide counter behind a pthread mutex.
final class FileCounter: @unchecked Sendable {
    private var value = 0
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    func next() -> Int {
        pthread_mutex_lock(&lock)
        defer { value += 1; pthread_mutex_unlock(&lock) }
        return value
    }
}
