import Foundation
import OrderedCollections
import Testing
@testable import Ember

// int8, int16 and bfloat16, pinned to PyTorch 2.15: the PyTorch line that produced each
// expected value is in the comment above it.

@Suite struct Int8Int16Tests {
    // a = torch.tensor([100, -100, 127, -128], dtype=torch.int8)
    // b = torch.tensor([100, -100, 1, -1], dtype=torch.int8)
    let a = Tensor([100, -100, 127, -128], dtype: .int8)
    let b = Tensor([100, -100, 1, -1], dtype: .int8)

    @Test func int8ArithmeticWraps() {
        // a + b -> [-56, 56, -128, 127]; a * b -> [16, 16, 127, -128]; a - b -> [0, 0, 126, -127]
        expectExact(a + b, [-56, 56, -128, 127], shape: [4], dtype: .int8)
        expectExact(a * b, [16, 16, 127, -128], shape: [4], dtype: .int8)
        expectExact(a - b, [0, 0, 126, -127], shape: [4], dtype: .int8)
        // -a -> [-100, 100, -127, -128]; a.abs() -> [100, 100, 127, -128]
        expectExact(-a, [-100, 100, -127, -128], shape: [4], dtype: .int8)
        expectExact(a.abs(), [100, 100, 127, -128], shape: [4], dtype: .int8)
        // d = torch.tensor([7, 7, -7, 7], dtype=torch.int8); a // d -> [14, -15, -19, -19]; a % d -> [2, 5, -6, 5]
        let d = Tensor([7, 7, -7, 7], dtype: .int8)
        expectExact(floorDivide(a, d), [14, -15, -19, -19], shape: [4], dtype: .int8)
        expectExact(a % d, [2, 5, -6, 5], shape: [4], dtype: .int8)
        // a / 2 -> float32 [50, -50, 63.5, -64]
        expectTensor(a / 2, [50, -50, 63.5, -64], shape: [4], dtype: .float32)
        // a + 1000 -> int8 [76, -124, 103, 104] (the scalar wraps too)
        expectExact(a + 1000, [76, -124, 103, 104], shape: [4], dtype: .int8)
    }

    @Test func int8Reductions() {
        // a.sum() -> tensor(-1) (int64); a.prod() -> 162560000; a.max() -> 127 (int8); a.min() -> -128
        expectExact(a.sum(), [-1], shape: [], dtype: .int64)
        expectExact(a.prod(), [162_560_000], shape: [], dtype: .int64)
        expectExact(a.max(), [127], shape: [], dtype: .int8)
        expectExact(a.min(), [-128], shape: [], dtype: .int8)
        // a.argmax() -> 2; a.cumsum(0) -> int64 [100, 0, 127, -1]
        expectExact(a.argmax(), [2], shape: [], dtype: .int64)
        expectExact(a.cumsum(dim: 0), [100, 0, 127, -1], shape: [4], dtype: .int64)
    }

    @Test func int8Comparisons() {
        // a < b -> [False, False, False, True]
        #expect((a .< b).toArray(Bool.self) == [false, false, false, true])
        #expect((a .== a).toArray(Bool.self) == [true, true, true, true])
    }

    @Test func int8Matmul() {
        // torch.tensor([[1, 2], [3, 4]], dtype=torch.int8) @ torch.tensor([[100, 2], [3, 4]], dtype=torch.int8)
        // -> [[106, 10], [56, 22]] (362 wraps to 106)
        let m = matmul(Tensor([[1, 2], [3, 4]], dtype: .int8), Tensor([[100, 2], [3, 4]], dtype: .int8))
        expectExact(m, [106, 10, 56, 22], shape: [2, 2], dtype: .int8)
    }

    @Test func int16ArithmeticWraps() {
        // c = torch.tensor([30000, -30000, 32767, -32768], dtype=torch.int16)
        // d = torch.tensor([30000, -30000, 1, -1], dtype=torch.int16)
        let c = Tensor([30000, -30000, 32767, -32768], dtype: .int16)
        let d = Tensor([30000, -30000, 1, -1], dtype: .int16)
        // c + d -> [-5536, 5536, -32768, 32767]; c * d -> [-5888, -5888, 32767, -32768]
        expectExact(c + d, [-5536, 5536, -32768, 32767], shape: [4], dtype: .int16)
        expectExact(c * d, [-5888, -5888, 32767, -32768], shape: [4], dtype: .int16)
        // c.sum() -> tensor(-1) int64
        expectExact(c.sum(), [-1], shape: [], dtype: .int64)
        // c.to(torch.int8) -> [48, -48, -1, 0]
        expectExact(c.to(.int8), [48, -48, -1, 0], shape: [4], dtype: .int8)
    }

    @Test func conversions() {
        // torch.tensor([300.7, -300.7, 1e10], dtype=torch.float32).to(torch.int8) -> [44, -44, 0]
        expectExact(Tensor([300.7, -300.7, 1e10], dtype: .float32).to(.int8), [44, -44, 0], shape: [3], dtype: .int8)
        // torch.tensor([70000.5, -1e10], dtype=torch.float32).to(torch.int16) -> [4464, 0]
        expectExact(Tensor([70000.5, -1e10], dtype: .float32).to(.int16), [4464, 0], shape: [2], dtype: .int16)
        // a.to(torch.uint8) -> [100, 156, 127, 128]; torch.tensor([200, 255], dtype=torch.uint8).to(torch.int8) -> [-56, -1]
        expectExact(a.to(.uint8), [100, 156, 127, 128], shape: [4], dtype: .uint8)
        expectExact(Tensor([200, 255], dtype: .uint8).to(.int8), [-56, -1], shape: [2], dtype: .int8)
        // a.to(torch.float32) -> [100., -100., 127., -128.]
        expectTensor(a.to(.float32), [100, -100, 127, -128], shape: [4], dtype: .float32)
        #expect(a.char().dtype == .int8 && a.short().dtype == .int16)
    }

    @Test func indexing() {
        // x = torch.arange(6, dtype=torch.int16).reshape(2, 3)
        // x[:, 1] -> [1, 4]; x[1] -> [3, 4, 5]; x.t().contiguous().view(-1) -> [0, 3, 1, 4, 2, 5]
        let x = Tensor.arange(6, dtype: .int16).reshape([2, 3])
        expectExact(x[.all, 1], [1, 4], shape: [2], dtype: .int16)
        expectExact(x[1], [3, 4, 5], shape: [3], dtype: .int16)
        expectExact(x.t().contiguous().view([-1]), [0, 3, 1, 4, 2, 5], shape: [6], dtype: .int16)
    }

    @Test func printing() {
        // print(a) -> tensor([ 100, -100,  127, -128], dtype=torch.int8)
        #expect(String(describing: a) == "tensor([ 100, -100,  127, -128], dtype=int8)")
        // torch.tensor([30000, -30000, 32767, -32768], dtype=torch.int16)
        #expect(String(describing: Tensor([30000, -30000, 32767, -32768], dtype: .int16))
                == "tensor([ 30000, -30000,  32767, -32768], dtype=int16)")
        // torch.tensor(-5, dtype=torch.int8) -> tensor(-5, dtype=torch.int8)
        #expect(String(describing: Tensor(-5, dtype: .int8)) == "tensor(-5, dtype=int8)")
    }

    @Test func randintMatchesPyTorch() {
        // g = torch.Generator().manual_seed(3); torch.randint(0, 100, (6,), dtype=torch.int8, generator=g)
        // -> [86, 48, 37, 67, 60, 80] (int8; the same draws as int64)
        expectExact(Tensor.randint(0, 100, [6], dtype: .int8, generator: Generator(seed: 3)), [86, 48, 37, 67, 60, 80],
                    shape: [6], dtype: .int8)
        // g = torch.Generator().manual_seed(3); torch.randint(-300, 300, (6,), dtype=torch.int16, generator=g)
        // -> [286, -52, 37, -33, -140, 180]
        expectExact(Tensor.randint(-300, 300, [6], dtype: .int16, generator: Generator(seed: 3)), [286, -52, 37, -33, -140, 180],
                    shape: [6], dtype: .int16)
    }

    @Test func randomIntegerFill() {
        // torch.randint(0, 10, (3,), dtype=torch.int8).dtype -> torch.int8 (values in [0, 10))
        let r = Tensor.empty([50], dtype: .int8).random_(0, 10)
        #expect(r.dtype == .int8)
        #expect(r.toArray(Int64.self).allSatisfy { (0..<10).contains($0) })
    }
}

@Suite struct BFloat16Tests {
    // vals = [1.0, 1.00390625, 1.01171875, 1.0078125 + 1e-9, 3.14159265, -2.7182818, 65504.0,
    //         1e38, 3.4e38, 1e-40, nan, inf, -0.0, 0.1, 257.0, 1.99609375]
    // torch.tensor(vals, dtype=torch.bfloat16).view(torch.int16) (as unsigned):
    static let values: [Double] = [1.0, 1.00390625, 1.01171875, 1.0078125 + 1e-9, 3.14159265, -2.7182818, 65504.0,
                                   1e38, 3.4e38, 1e-40, .nan, .infinity, -0.0, 0.1, 257.0, 1.99609375]
    static let bits: [UInt16] = [0x3F80, 0x3F80, 0x3F82, 0x3F81, 0x4049, 0xC02E, 0x4780, 0x7E96, 0x7F80, 0x0001,
                                 0x7FC0, 0x7F80, 0x8000, 0x3DCD, 0x4380, 0x4000]

    @Test func roundsToNearestEven() {
        let t = Tensor(Self.values, shape: [16], dtype: .bfloat16)
        #expect(t.toArray(BFloat16.self).map(\.bitPattern) == Self.bits)
        // The same from float32 data: ties to even (1.00390625 -> 1.0, 1.01171875 -> 1.015625),
        // 3.4e38 overflows to inf, subnormals survive, NaN stays NaN.
        let f = Tensor(Self.values.map { Float($0) }, shape: [16]).to(.bfloat16)
        let fb = f.toArray(BFloat16.self)
        for i in 0..<16 where i != 10 { #expect(fb[i].bitPattern == Self.bits[i], "element \(i)") }
        #expect(fb[10].isNaN)
        // .tolist(): [1.0, 1.0, 1.015625, 1.0078125, 3.140625, -2.71875, 65536.0, 9.969209968386869e+37, inf,
        //             9.183549615799121e-41, nan, inf, -0.0, 0.10009765625, 256.0, 2.0]
        expectTensor(t, [1.0, 1.0, 1.015625, 1.0078125, 3.140625, -2.71875, 65536.0, 9.969209968386869e+37, .infinity,
                         9.183549615799121e-41, .nan, .infinity, -0.0, 0.10009765625, 256.0, 2.0],
                     shape: [16], dtype: .bfloat16, atol: 0, rtol: 0)
    }

    // a = torch.tensor([1.5, 2.25, -3.0, 100.0], dtype=torch.bfloat16)
    // b = torch.tensor([0.1, 3.0, 7.0, 0.3], dtype=torch.bfloat16)
    let a = Tensor([1.5, 2.25, -3.0, 100.0], dtype: .bfloat16)
    let b = Tensor([0.1, 3.0, 7.0, 0.3], dtype: .bfloat16)

    @Test func arithmeticRoundsEachResult() {
        // (a + b).tolist() -> [1.6015625, 5.25, 4.0, 100.5]; (a * b) -> [0.150390625, 6.75, -21.0, 30.125]
        // (a / b) -> [15.0, 0.75, -0.427734375, 332.0]; a.exp() -> [4.46875, 9.5, 0.0498046875, inf]
        expectTensor(a + b, [1.6015625, 5.25, 4.0, 100.5], shape: [4], dtype: .bfloat16, atol: 0, rtol: 0)
        expectTensor(a * b, [0.150390625, 6.75, -21.0, 30.125], shape: [4], dtype: .bfloat16, atol: 0, rtol: 0)
        expectTensor(a / b, [15.0, 0.75, -0.427734375, 332.0], shape: [4], dtype: .bfloat16, atol: 0, rtol: 0)
        expectTensor(a.exp(), [4.46875, 9.5, 0.0498046875, .infinity], shape: [4], dtype: .bfloat16, atol: 0, rtol: 0)
        // (a + 2.5).tolist() -> [4.0, 4.75, -0.5, 102.5] (bfloat16)
        expectTensor(a + 2.5, [4.0, 4.75, -0.5, 102.5], shape: [4], dtype: .bfloat16, atol: 0, rtol: 0)
    }

    @Test func reductionsAndComparisons() {
        // a.sum() -> tensor(101., dtype=torch.bfloat16); a.mean() -> 25.2500
        expectTensor(a.sum(), [101], shape: [], dtype: .bfloat16, atol: 0, rtol: 0)
        expectTensor(a.mean(), [25.25], shape: [], dtype: .bfloat16, atol: 0, rtol: 0)
        // a < b -> [False, True, True, False]
        #expect((a .< b).toArray(Bool.self) == [false, true, true, false])
        expectTensor(a.max(), [100], shape: [], dtype: .bfloat16, atol: 0, rtol: 0)
    }

    @Test func matmulInFloat32() {
        // (torch.tensor([[1.5, 2.0], [3.0, 0.1]], dtype=torch.bfloat16) @ torch.tensor([[0.3, 1.0], [2.0, 0.7]], dtype=torch.bfloat16)).tolist()
        // -> [[4.4375, 2.90625], [1.1015625, 3.0625]]
        let m = matmul(Tensor([[1.5, 2.0], [3.0, 0.1]], dtype: .bfloat16), Tensor([[0.3, 1.0], [2.0, 0.7]], dtype: .bfloat16))
        expectTensor(m, [4.4375, 2.90625, 1.1015625, 3.0625], shape: [2, 2], dtype: .bfloat16, atol: 0, rtol: 0)
    }

    @Test func conversions() {
        // a.to(torch.int8) -> [1, 2, -3, 100]; a.to(torch.float16) -> [1.5, 2.25, -3.0, 100.0]
        expectExact(a.to(.int8), [1, 2, -3, 100], shape: [4], dtype: .int8)
        expectTensor(a.to(.float16), [1.5, 2.25, -3, 100], shape: [4], dtype: .float16, atol: 0, rtol: 0)
        // torch.tensor([0.1, 0.2], dtype=torch.float64).to(torch.bfloat16).tolist() -> [0.10009765625, 0.2001953125]
        expectTensor(Tensor([0.1, 0.2], dtype: .float64).to(.bfloat16), [0.10009765625, 0.2001953125],
                     shape: [2], dtype: .bfloat16, atol: 0, rtol: 0)
        #expect(a.bfloat16() === a)
    }

    @Test func randomFills() {
        // g = torch.Generator().manual_seed(0); a = torch.rand(2000, dtype=torch.bfloat16, generator=g)
        // a.double().sum().item() -> 989.4218516349792; a.max() -> 0.99609375 (values rounding up to 1 become 0)
        let u = Tensor.rand(2000, dtype: .bfloat16, generator: Generator(seed: 0)).toArray(Double.self)
        #expect(u.reduce(0, +) == 989.4218516349792)
        #expect(u.max() == 0.99609375)
        // g = torch.Generator().manual_seed(0); a = torch.randn(40, dtype=torch.bfloat16, generator=g)
        // a.double().sum().item() -> -2.02001953125; a[:3] -> [-1.125, -1.15625, -0.25]
        let n = Tensor.randn(40, dtype: .bfloat16, generator: Generator(seed: 0)).toArray(Double.self)
        #expect(n.reduce(0, +) == -2.02001953125)
        #expect(Array(n.prefix(3)) == [-1.125, -1.15625, -0.25])
    }

    @Test func printing() {
        // print(torch.tensor(vals, dtype=torch.bfloat16))
        let t = Tensor(Self.values, shape: [16], dtype: .bfloat16)
        #expect(String(describing: t) == """
            tensor([ 1.0000e+00,  1.0000e+00,  1.0156e+00,  1.0078e+00,  3.1406e+00,
                    -2.7188e+00,  6.5536e+04,  9.9692e+37,         inf,  9.1835e-41,
                            nan,         inf, -0.0000e+00,  1.0010e-01,  2.5600e+02,
                     2.0000e+00], dtype=bfloat16)
            """)
        // print(a + b) -> tensor([  1.6016,   5.2500,   4.0000, 100.5000], dtype=torch.bfloat16)
        #expect(String(describing: a + b) == "tensor([  1.6016,   5.2500,   4.0000, 100.5000], dtype=bfloat16)")
    }
}

@Suite struct NewDTypeSerializationTests {
    private func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ember-dtypes-\(UUID().uuidString)-\(name)").path
    }

    @Test func safetensorsRoundTrip() throws {
        let path = tempPath("t.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tensors: OrderedDictionary<String, Tensor> = [
            "i8": Tensor([100, -100, 127, -128], dtype: .int8),
            "i16": Tensor([30000, -30000, 7], dtype: .int16),
            "bf16": Tensor([1.5, -0.1, 3.0e38], dtype: .bfloat16),
            "c64": Tensor([Complex<Float>(1, 2), Complex<Float>(3, -1)]),
        ]
        try save(tensors, to: path)
        let back = try load(from: path)
        for (name, t) in tensors {
            let r = try #require(back[name])
            #expect(r.dtype == t.dtype && r.shape == t.shape, "\(name)")
            #expect(r.equal(t), "\(name)")
        }
    }

    @Test func numpyRoundTrip() throws {
        for t in [Tensor([100, -100], dtype: .int8), Tensor([-30000, 2], dtype: .int16),
                  Tensor([Complex<Float>(1, 2), Complex<Float>(-0.5, 4)])] {
            let path = tempPath("t.npy")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try t.saveNumpy(to: path)
            let r = try Tensor.loadNumpy(from: path)
            #expect(r.dtype == t.dtype && r.equal(t), "\(t.dtype)")
        }
        // numpy has no bfloat16: saving one throws (t.numpy() raises in PyTorch).
        #expect(throws: (any Error).self) { try Tensor([1.0], dtype: .bfloat16).saveNumpy(to: tempPath("bf.npy")) }
    }
}
