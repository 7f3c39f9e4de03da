import Foundation
import Testing
@testable import Ember

// Type promotion across all eleven dtypes, pinned to PyTorch 2.15 by
// Fixtures/gen_promotion.py, which records Fixtures/promotion_table.txt:
// torch.promote_types for every pair, (tensor OP Python scalar).dtype for bool/int/float/complex
// scalars and add/mul/div, and (tensor + 0-d tensor).dtype for every pair. Rows whose PyTorch
// result is a dtype Ember lacks (complex128, complex32, bcomplex32) read "error"; Ember stops
// there, checked by the exit tests below.

private struct PromotionFixture {
    var promote: [(DType, DType, DType?)] = []
    var scalar: [(DType, String, String, DType?)] = []
    var zeroDim: [(DType, DType, DType?)] = []

    static let shared: PromotionFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/promotion_table.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let byName = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0.description, $0) })
        var f = PromotionFixture()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let w = line.split(separator: " ").map(String.init)
            switch w[0] {
            case "promote": f.promote.append((byName[w[1]]!, byName[w[2]]!, byName[w[3]]))
            case "scalar": f.scalar.append((byName[w[1]]!, w[2], w[3], byName[w[4]]))
            case "zerodim": f.zeroDim.append((byName[w[1]]!, byName[w[2]]!, byName[w[3]]))
            default: Issue.record("unknown fixture row \(line)")
            }
        }
        return f
    }()
}

@Suite struct PromotionTableTests {
    @Test func fixtureCoversEveryPair() {
        let f = PromotionFixture.shared
        #expect(f.promote.count == 121)
        #expect(f.zeroDim.count == 121)
        #expect(f.scalar.count == 11 * 5 * 3)
    }

    @Test func promoteTypesAllPairs() {
        for (a, b, want) in PromotionFixture.shared.promote {
            guard let want else { continue }  // complex64 with float64: see the exit test
            #expect(DType.promote(a, b) == want, "promote(\(a), \(b))")
        }
    }

    @Test func tensorPlusTensorAllPairs() {
        for (a, b, want) in PromotionFixture.shared.promote {
            guard let want else { continue }
            let sum = Tensor.ones([2], dtype: a) + Tensor.ones([2], dtype: b)
            #expect(sum.dtype == want, "(\(a) + \(b)).dtype")
            #expect(sum.toArray(Double.self) == Array(repeating: want == .bool ? 1 : 2, count: 2), "\(a) + \(b)")
        }
    }

    @Test func tensorWithScalar() {
        for (a, kind, op, want) in PromotionFixture.shared.scalar {
            guard let want else { continue }
            let x = Tensor.ones([2], dtype: a)
            let r: Tensor
            switch (kind, op) {
            case ("bool", "add"): r = x + true
            case ("bool", "mul"): r = x * true
            case ("bool", _): r = x / true
            case ("int", "add"): r = x + 2
            case ("int", "mul"): r = x * 2
            case ("int", _): r = x / 2
            case ("bigint", "add"): r = x + 1000
            case ("bigint", "mul"): r = x * 1000
            case ("bigint", _): r = x / 1000
            case ("float", "add"): r = x + 2.5
            case ("float", "mul"): r = x * 2.5
            case ("float", _): r = x / 2.5
            case ("complex", "add"): r = x + Complex<Double>(0, 1)
            case ("complex", "mul"): r = x * Complex<Double>(0, 1)
            default: r = x / Complex<Double>(0, 1)
            }
            #expect(r.dtype == want, "(\(a) \(op) \(kind)).dtype")
        }
    }

    @Test func tensorWithZeroDimTensor() {
        for (a, b, want) in PromotionFixture.shared.zeroDim {
            guard let want else { continue }
            let r = Tensor.ones([2], dtype: a) + Tensor.ones([], dtype: b)
            #expect(r.dtype == want, "(\(a) + 0-d \(b)).dtype")
        }
    }

    // torch.promote_types(torch.complex64, torch.float64) -> torch.complex128 (not in Ember)
    @Test func complex64WithFloat64Stops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = DType.promote(.complex64, .float64)
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("complex128, which Ember does not support"), "\(stderr)")
    }

    // (torch.ones(2, dtype=torch.float16) + 1j).dtype -> torch.complex32 (not in Ember)
    @Test func float16WithComplexScalarStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones([2], dtype: .float16) + Complex<Double>(0, 1)
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("complex32, which Ember does not support"), "\(stderr)")
    }
}
