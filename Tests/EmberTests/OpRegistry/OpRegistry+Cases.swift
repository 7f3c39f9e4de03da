import Foundation
@testable import Ember

// How the walker turns a row and a recording into inputs in each layout, and compares.

enum RegistryCases {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/op_registry")
    static let specURL = directory.appendingPathComponent("registry_spec.json")
    static let fixtureURL = directory.appendingPathComponent("op_registry.safetensors")

    /// The recordings by name (`key/dtype/variant/in0`, `.../out0`) and the fingerprint of the
    /// spec they were made from; nil when the file is missing or unreadable.
    static let fixture: (tensors: [String: Tensor], spec: String)? = {
        guard let loaded = try? loadSafetensors(from: fixtureURL.path) else { return nil }
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in loaded.tensors { tensors[name] = tensor }
        return (tensors, loaded.metadata["spec_fnv"] ?? "")
    }()

    /// FNV-1a 64 (the script computes the same): fingerprints and generator seeds.
    static func fnv(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The seed of the `torch.Generator` a recording was made with.
    static func seed(_ prefix: String) -> UInt64 { fnv(prefix) & 0xffff_ffff }

    /// The table as the generator script reads it: one JSON object per row and line.
    static func specJSON(_ rows: [OpRow]) -> String {
        func shapes(_ s: [[Int]]) -> String { "[" + s.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]" }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines: [String] = []
        for row in rows {
            let inputs = row.inputs.map { spec in
                "{\"domain\":\"\(spec.domain.rawValue)\",\"lo\":\(spec.lo),\"hi\":\(spec.hi),\"dim\":\(spec.dim),\"dtype\":"
                    + (spec.dtype.map { "\"\($0)\"" } ?? "null") + "}"
            }.joined(separator: ",")
            let variants = row.variants.keys.sorted().map { "\(quoted($0)):\(shapes(row.variants[$0]!))" }.joined(separator: ",")
            let recorded = Set(row.layouts.map(\.variant)).sorted().map(quoted).joined(separator: ",")
            lines.append("{\"key\":\(quoted(row.key)),\"apis\":[\(row.apis.map { quoted($0.name) }.joined(separator: ","))],"
                + "\"dtypes\":[\(row.dtypes.map { quoted("\($0)") }.joined(separator: ","))],\"grad\":\(row.grad),"
                + "\"random\":\(row.random),\"skipped\":[\(row.skipped.keys.sorted().map(quoted).joined(separator: ","))],\"recorded\":[\(recorded)],\"inputs\":[\(inputs)],\"variants\":{\(variants)}}")
        }
        return "{\"rows\":[\n" + lines.joined(separator: ",\n") + "\n]}\n"
    }

    /// The stored contiguous inputs laid out as `layout`, with the same logical values.
    static func inputs(_ stored: [Tensor], _ layout: Layout, _ row: OpRow) -> [Tensor] {
        noGrad {
            switch layout {
            case .transposed: stored.map(transposedStorage)
            case .sliced: stored.map(everyOther)
            case .expanded: zip(stored, row.variants["expand_to"]!).map { t, to in t.shape == to ? t.clone() : t.expand(to) }
            default: stored.map { $0.clone() }
            }
        }
    }

    /// A tensor whose storage is the transpose of its logical layout (dims reversed).
    static func transposedStorage(_ t: Tensor) -> Tensor {
        guard t.ndim >= 2 else { return t.clone() }
        let reversed = Array((0..<t.ndim).reversed())
        return t.permute(reversed).contiguous().permute(reversed)
    }

    /// `t` at the even positions of a buffer twice as long in the last dim: `buffer[..., ::2]`.
    static func everyOther(_ t: Tensor) -> Tensor {
        guard t.ndim >= 1, t.shape.last! > 0 else { return t.clone() }
        var shape = t.shape
        shape[shape.count - 1] *= 2
        let buffer = Tensor.zeros(shape, dtype: t.dtype)
        let view = buffer[.ellipsis, .slice(nil, nil, step: 2)]
        view.copy_(t)
        return view
    }

    /// (atol, rtol) for comparing results of `dtype`.
    static func tolerance(_ dtype: DType, scale: Double) -> (Double, Double) {
        switch "\(dtype)" {
        case "float16": (2e-3 * scale, 2e-3 * scale)
        case "bfloat16": (1.6e-2 * scale, 1.6e-2 * scale)
        case "float32": (1e-5 * scale, 1e-5 * scale)
        default: (1e-10 * scale, 1e-9 * scale)
        }
    }

    /// nil when `got` matches the recording: shape, dtype, then every element (exactly for
    /// integers and bools, within the dtype's tolerance for floats, NaN matching NaN).
    static func mismatch(_ got: Tensor, _ want: Tensor, scale: Double) -> String? {
        if got.shape != want.shape { return "shape \(got.shape), PyTorch \(want.shape)" }
        if got.dtype != want.dtype { return "dtype \(got.dtype), PyTorch \(want.dtype)" }
        if want.dtype.isComplex {  // real and imaginary parts, as float32 pairs
            return mismatch(viewAsReal(got.contiguous()), viewAsReal(want), scale: scale)
        }
        if !want.dtype.isFloatingPoint {
            let a = got.toArray(Int64.self), e = want.toArray(Int64.self)
            return a == e ? nil : "values \(a), PyTorch \(e)"
        }
        let a = got.toArray(Double.self), e = want.toArray(Double.self)
        let (atol, rtol) = tolerance(want.dtype, scale: scale)
        for (i, (g, w)) in zip(a, e).enumerated() {
            let ok = w.isNaN ? g.isNaN : (w.isInfinite ? g == w : Swift.abs(g - w) <= atol + rtol * Swift.abs(w))
            if !ok { return "element \(i): \(g), PyTorch \(w) (all: \(a.prefix(12)) vs \(e.prefix(12)))" }
        }
        return nil
    }
}
