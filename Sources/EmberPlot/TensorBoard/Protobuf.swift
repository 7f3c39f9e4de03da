/// A minimal protocol-buffer encoder for the few TensorFlow messages an event file needs.
/// Fields are written in field-number order and proto3 defaults (0, empty) are left out,
/// as Python's protobuf serialises them, so our bytes match TensorBoard's own writer.
struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: Int, _ wireType: Int) { varint(UInt64(field << 3 | wireType)) }

    mutating func int64(_ field: Int, _ v: Int64) {
        guard v != 0 else { return }
        key(field, 0); varint(UInt64(bitPattern: v))
    }

    mutating func double(_ field: Int, _ v: Double) {
        guard v != 0 || v.sign == .minus else { return }
        key(field, 1); fixed64(v.bitPattern)
    }

    mutating func float(_ field: Int, _ v: Float) {
        guard v != 0 || v.sign == .minus else { return }
        key(field, 5)
        let b = v.bitPattern
        for i in 0..<4 { bytes.append(UInt8(b >> (8 * UInt32(i)) & 0xff)) }
    }

    mutating func fixed64(_ b: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(b >> (8 * UInt64(i)) & 0xff)) }
    }

    mutating func data(_ field: Int, _ v: [UInt8], always: Bool = false) {
        guard always || !v.isEmpty else { return }
        key(field, 2); varint(UInt64(v.count)); bytes += v
    }

    mutating func string(_ field: Int, _ v: String) { data(field, Array(v.utf8)) }

    /// A nested message (written even when empty: a set sub-message is present in proto3).
    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        build(&inner)
        data(field, inner.bytes, always: true)
    }

    mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        guard !values.isEmpty else { return }
        key(field, 2); varint(UInt64(values.count * 8))
        for v in values { fixed64(v.bitPattern) }
    }
}
