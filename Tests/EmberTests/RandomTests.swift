import Foundation
import Testing
@testable import Ember

// Bit-exact parity with PyTorch 2.15's CPU generator (x86-64 wheel). Streams are recorded by
// Fixtures/make_random_fixtures.py as FNV-1a hashes of every element's bit pattern, so one
// line pins thousands of values. Explicit generators keep these tests independent of others
// that use the default generator in parallel.

/// The recorded streams: key -> (count, hash, first bits, last bits).
let randomFixtures: [String: (count: Int, hash: UInt64, first: UInt64, last: UInt64)] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/random_streams.txt")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    var table: [String: (Int, UInt64, UInt64, UInt64)] = [:]
    for line in text.split(separator: "\n") {
        let f = line.split(separator: " ").map(String.init)
        guard f.count == 5 else { continue }
        table[f[0]] = (Int(f[1])!, UInt64(f[2], radix: 16)!, UInt64(f[3], radix: 16)!, UInt64(f[4], radix: 16)!)
    }
    return table
}()

/// Each element's bit pattern, as the fixture script reads them.
func bitPatterns(_ t: Tensor) -> [UInt64] {
    switch t.dtype {
    case .float32: t.toArray(Float.self).map { UInt64($0.bitPattern) }
    case .float64: t.toArray(Double.self).map { $0.bitPattern }
    case .float16: t.toArray(Float16.self).map { UInt64($0.bitPattern) }
    case .int32: t.toArray(Int32.self).map { UInt64(UInt32(bitPattern: $0)) }
    case .uint8, .bool: t.toArray(UInt8.self).map { UInt64($0) }
    case .int64: t.toArray(Int64.self).map { UInt64(bitPattern: $0) }
    case .int8: t.toArray(Int8.self).map { UInt64(UInt8(bitPattern: $0)) }
    case .int16: t.toArray(Int16.self).map { UInt64(UInt16(bitPattern: $0)) }
    case .bfloat16: t.toArray(BFloat16.self).map { UInt64($0.bitPattern) }
    case .complex64: t.toArray(Complex<Float>.self).map { UInt64($0.real.bitPattern) << 32 | UInt64($0.imaginary.bitPattern) }
    }
}

func expectStream(_ key: String, _ t: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let want = randomFixtures[key] else {
        Issue.record("no fixture \(key)", sourceLocation: sourceLocation)
        return
    }
    let bits = bitPatterns(t)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bits { hash = (hash ^ b) &* 0x100_0000_01b3 }
    #expect(bits.count == want.count, "\(key): \(bits.count) values, PyTorch \(want.count)", sourceLocation: sourceLocation)
    #expect(hash == want.hash,
            "\(key): stream differs (first \(String(bits.first ?? 0, radix: 16)) vs \(String(want.first, radix: 16)), last \(String(bits.last ?? 0, radix: 16)) vs \(String(want.last, radix: 16)))",
            sourceLocation: sourceLocation)
}

let streamSizes = [1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 1000, 10000]
let streamDTypes: [(String, DType)] = [("f32", .float32), ("f64", .float64), ("f16", .float16)]

@Suite struct RandomTests {
    @Test func fixturesAreThere() { #expect(randomFixtures.count > 300) }

    // torch.manual_seed(s); torch.randn(n) for each size in turn, then torch.rand(n): one
    // continuous stream per seed, crossing the scalar path (cached normal), the 16-wide fill
    // and its recomputed tail.
    @Test(arguments: [0, 1, 42, 1234])
    func randnAndRandStreams(seed: Int) {
        for (name, dtype) in streamDTypes {
            let g = Generator(seed: UInt64(seed))
            for n in streamSizes { expectStream("randn.\(name).\(seed).\(n)", Tensor.randn([n], dtype: dtype, generator: g)) }
            for n in streamSizes { expectStream("rand.\(name).\(seed).\(n)", Tensor.rand([n], dtype: dtype, generator: g)) }
        }
    }

    // torch.manual_seed(7); then per n: normal_(0.5, 2.0), uniform_(-0.3, 0.7), exponential_(1.5)
    @Test func normalUniformExponentialWithParameters() {
        for (name, dtype) in streamDTypes {
            let g = Generator(seed: 7)
            for n in [5, 16, 100, 10000] {
                expectStream("normal.\(name).\(n)", Tensor.empty([n], dtype: dtype).normal_(mean: 0.5, std: 2.0, generator: g))
                expectStream("uniform.\(name).\(n)", Tensor.empty([n], dtype: dtype).uniform_(from: -0.3, to: 0.7, generator: g))
                expectStream("exponential.\(name).\(n)", Tensor.empty([n], dtype: dtype).exponential_(lambd: 1.5, generator: g))
            }
            // g = torch.Generator().manual_seed(99); randn(5), randn(40), rand(7) with generator=g
            let h = Generator().manualSeed(99)
            expectStream("gen.\(name)", cat([Tensor.randn([5], dtype: dtype, generator: h),
                                             Tensor.randn([40], dtype: dtype, generator: h),
                                             Tensor.rand([7], dtype: dtype, generator: h)]))
        }
    }

    // torch.manual_seed(3); randint over ranges below and above 2^32, other dtypes; randperm
    @Test func randintAndRandperm() {
        let g = Generator(seed: 3)
        for (lo, hi) in [(0, 10), (-5, 5), (0, 1 << 31), (0, 1 << 32), (-(1 << 40), 1 << 40), (0, 1 << 62)] {
            expectStream("randint.\(lo).\(hi)", Tensor.randint(lo, hi, [1000], generator: g))
        }
        expectStream("randint.i32", Tensor.randint(-100, 100, [100], dtype: .int32, generator: g))
        expectStream("randint.f32", Tensor.randint(0, 1 << 20, [100], dtype: .float32, generator: g))
        expectStream("randint.i32big", Tensor.randint(-(1 << 30), 1 << 30, [100], dtype: .int32, generator: g))
        expectStream("randint.u8", Tensor.randint(0, 256, [100], dtype: .uint8, generator: g))
        for n in [1, 2, 10, 100, 1000, 10000] { expectStream("randperm.\(n)", Tensor.randperm(n, generator: g)) }
    }

    // torch.manual_seed(5); bernoulli_(p) for scalar p, then torch.bernoulli(probs) and
    // bernoulli_(probs) with probs = linspace(0, 1, 1000)
    @Test func bernoulliMasks() {
        let g = Generator(seed: 5)
        for p in [0.5, 0.1, 0.9] {
            for n in [1, 17, 10000] {
                expectStream("bernoulli.\(p).\(n)", Tensor.empty([n]).bernoulli_(p: p, generator: g))
            }
        }
        expectStream("bernoulli.f64self", Tensor.empty([100], dtype: .float64).bernoulli_(p: 0.3, generator: g))
        let probs32 = Tensor.linspace(0, 1, steps: 1000)
        let probs64 = Tensor.linspace(0, 1, steps: 1000, dtype: .float64)
        expectStream("bernoulli.t32", bernoulli(probs32, generator: g))
        expectStream("bernoulli.t64", bernoulli(probs64, generator: g))
        expectStream("bernoulli.t32_", Tensor.zeros([1000]).bernoulli_(p: probs32, generator: g))
    }

    // torch.manual_seed(11); multinomial with and without replacement, 1-D and 2-D
    @Test func multinomialSamples() {
        let g = Generator(seed: 11)
        let w = Tensor([0.1, 2.0, 0.0, 3.5, 1.0, 0.25, 0.7] as [Float], shape: [7])
        let w2 = Tensor([1, 2, 3, 4, 0, 0, 1, 0.5, 5, 0.1, 0.1, 0.1] as [Float], shape: [3, 4])
        expectStream("multinomial.rep", multinomial(w, numSamples: 1000, replacement: true, generator: g))
        expectStream("multinomial.rep2d", multinomial(w2, numSamples: 500, replacement: true, generator: g))
        expectStream("multinomial.rep64", multinomial(w.to(.float64), numSamples: 1000, replacement: true, generator: g))
        expectStream("multinomial.norep", multinomial(w, numSamples: 6, generator: g))
        expectStream("multinomial.norep2d", multinomial(w2, numSamples: 2, generator: g))
        expectStream("multinomial.one", multinomial(w, numSamples: 1, generator: g))
        expectStream("multinomial.one2d", multinomial(w2, numSamples: 1, generator: g))
        expectStream("multinomial.norep64", multinomial(w.to(.float64), numSamples: 5, generator: g))
        expectStream("multinomial.big", multinomial(Tensor.rand([300], generator: g), numSamples: 100, generator: g))
    }

    // torch.manual_seed(8); randn(3); get_rng_state()  (cached normal valid), then after
    // randn(1); rand(700) (a twist later), and right after manual_seed(2**40 + 5)
    @Test func stateIsPyTorchsBytes() {
        let g = Generator(seed: 8)
        _ = Tensor.randn([3], generator: g)
        expectStream("state.cached", g.getState())
        _ = Tensor.randn([1], generator: g)
        _ = Tensor.rand([700], generator: g)
        expectStream("state.later", g.getState())
        g.manualSeed(1 << 40 + 5)
        expectStream("state.seed64", g.getState())
        #expect(g.initialSeed == 1 << 40 + 5)
    }

    @Test func stateRoundTripsMidStreamWithTheCachedNormal() {
        let g = Generator(seed: 21)
        _ = Tensor.randn([3], generator: g)  // leaves a cached normal
        let saved = g.getState()
        let first = Tensor.randn([1], generator: g).toArray(Float.self) + Tensor.randn([20], generator: g).toArray(Float.self)
        let other = Generator(seed: 0)
        other.setState(saved)
        let again = Tensor.randn([1], generator: other).toArray(Float.self) + Tensor.randn([20], generator: other).toArray(Float.self)
        #expect(first.map(\.bitPattern) == again.map(\.bitPattern))
        #expect(other.initialSeed == 21)
        // a fresh seed clears the cache: randn(1) then recomputes from new draws
        g.setState(saved)
        g.manualSeed(21)
        #expect(g.nextDoubleNormal == nil)
    }

    @Test func defaultGeneratorAPI() {
        #expect(manualSeed(17) === defaultGenerator)
        let state = getRNGState()
        #expect(state.shape == [5056] && state.dtype == .uint8)
        #expect(Generator().initialSeed == 67280421310721)
    }
}

// Seed program 04 (linear regression) without its plot: PyTorch prints these numbers from
// torch.manual_seed(42) (04-linear-regression.expected).
@Test func seed04LinearRegressionPrintsPyTorchsNumbers() {
    let g = Generator(seed: 42)
    let X = Tensor.randn([100, 1], generator: g)
    let yTrue = 3 * X + 2 + 0.5 * Tensor.randn([100, 1], generator: g)
    let w = Tensor.randn([1], requiresGrad: true, generator: g)
    let b = Tensor.zeros(1, requiresGrad: true)
    #expect(String(format: "%.4f", w.item()) == "0.3932")
    var losses: [String] = []
    for epoch in 0..<100 {
        let loss = ((w * X + b - yTrue) ** 2).mean()
        loss.backward()
        noGrad {
            w -= 0.01 * w.grad!
            b -= 0.01 * b.grad!
        }
        w.grad!.zero_()
        b.grad!.zero_()
        if (epoch + 1) % 10 == 0 { losses.append(String(format: "%.4f", loss.item())) }
    }
    #expect(losses == ["7.9428", "5.2890", "3.5448", "2.3981", "1.6443", "1.1485", "0.8225", "0.6080", "0.4669", "0.3741"])
    #expect(String(format: "%.4f %.4f", w.item(), b.item()) == "2.6663 1.7920")
}
