#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Raw bytes in and out of tensors, for every format: one copy from the file (or mapping)
// into a fresh storage, byte-swapped when the file's order is not the host's.

extension Tensor {
    /// A new contiguous CPU tensor holding `bytes` (exactly `shape`'s byte count), stored in
    /// `bigEndian` order or little-endian. Bool bytes are normalised to 0/1, since any other
    /// value is not a valid Swift `Bool`.
    static func fromRawBytes(_ bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType,
                             bigEndian: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape, dtype: dtype, device: .cpu)
        precondition(bytes.count == t.storage.byteCount, "byte count checked by the caller")
        if let base = bytes.baseAddress, !bytes.isEmpty {
            t.storage.address.copyMemory(from: base, byteCount: bytes.count)
        }
        let swap = bigEndian != hostIsBigEndian
        if swap && dtype.itemSize > 1 { byteSwap(t.storage.address, count: t.count * dtype.itemSize / dtype.swapWidth, width: dtype.swapWidth) }
        if dtype == .bool {
            let p = t.storage.address.assumingMemoryBound(to: UInt8.self)
            for i in 0..<t.count where p[i] > 1 { p[i] = 1 }
        }
        return t
    }

    /// This tensor's elements in row-major order as a contiguous CPU tensor that owns its
    /// storage from offset 0, so `storage.address` holds exactly the bytes to write. No
    /// autograd record: serialization reads values only.
    func contiguousHostCopy() -> Tensor {
        let host = device == .cpu ? self : noGrad { self.detach().to(.cpu) }
        if host.isContiguous && host.storageOffset == 0 && host.storage.byteCount == host.count * dtype.itemSize {
            return host
        }
        let out = Tensor(uninitializedShape: shape, dtype: dtype, device: .cpu)
        host.backend.copy(host.view, into: out.view)
        return out
    }

    /// Calls `body` with the tensor's little-endian bytes in row-major order.
    func withLittleEndianBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let host = contiguousHostCopy()
        let byteCount = host.count * dtype.itemSize
        if hostIsBigEndian && dtype.itemSize > 1 {
            var copy = [UInt8](repeating: 0, count: byteCount)
            return try copy.withUnsafeMutableBytes { c in
                c.baseAddress!.copyMemory(from: host.storage.address, byteCount: byteCount)
                byteSwap(c.baseAddress!, count: host.count * dtype.itemSize / dtype.swapWidth, width: dtype.swapWidth)
                return try body(UnsafeRawBufferPointer(c))
            }
        }
        return try withExtendedLifetime(host) {
            try body(UnsafeRawBufferPointer(start: host.storage.address, count: byteCount))
        }
    }
}

let hostIsBigEndian: Bool = 1.bigEndian == 1

extension DType {
    /// The width of the numbers a byte-order swap reverses: a complex64 is two float32s.
    var swapWidth: Int { self == .complex64 ? 4 : itemSize }
}

/// Reverses the bytes of each of `count` elements of `width` bytes.
func byteSwap(_ p: UnsafeMutableRawPointer, count: Int, width: Int) {
    let b = p.assumingMemoryBound(to: UInt8.self)
    for i in 0..<count {
        var lo = i * width, hi = lo + width - 1
        while lo < hi {
            b.swapAt(lo, hi)
            lo += 1
            hi -= 1
        }
    }
}

private extension UnsafeMutablePointer where Pointee == UInt8 {
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}

// MARK: - Bounds-checked little-endian reads

extension UnsafeRawBufferPointer {
    /// An unsigned little-endian integer of `width` bytes at `offset`, or nil past the end.
    func littleEndian(at offset: Int, width: Int) -> UInt64? {
        guard offset >= 0, width <= 8, offset <= count - width else { return nil }
        var value: UInt64 = 0
        for k in 0..<width { value |= UInt64(self[offset + k]) << (8 * UInt64(k)) }
        return value
    }
}
