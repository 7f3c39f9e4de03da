import Testing
@testable import Ember

// Type promotion, pinned to PyTorch 2.15: torch.promote_types, (a + b).dtype for every pair
// of dtypes, and the rules for 0-d tensors and Swift numbers (Python scalars in PyTorch).

@Suite struct PromotionTests {
    static let dtypes: [DType] = [.bool, .uint8, .int32, .int64, .float16, .float32, .float64]

    // dts = [torch.bool, torch.uint8, torch.int32, torch.int64, torch.float16, torch.float32, torch.float64]
    // for a in dts: print([torch.promote_types(a, b) for b in dts])
    // (the same table comes out of (torch.ones(2, dtype=a) + torch.ones(2, dtype=b)).dtype)
    static let table: [[DType]] = [
        [.bool, .uint8, .int32, .int64, .float16, .float32, .float64],
        [.uint8, .uint8, .int32, .int64, .float16, .float32, .float64],
        [.int32, .int32, .int32, .int64, .float16, .float32, .float64],
        [.int64, .int64, .int64, .int64, .float16, .float32, .float64],
        [.float16, .float16, .float16, .float16, .float16, .float32, .float64],
        [.float32, .float32, .float32, .float32, .float32, .float32, .float64],
        [.float64, .float64, .float64, .float64, .float64, .float64, .float64],
    ]

    @Test func promoteTypesTable() {
        for (i, a) in Self.dtypes.enumerated() {
            for (j, b) in Self.dtypes.enumerated() {
                #expect(DType.promote(a, b) == Self.table[i][j], "promote(\(a), \(b))")
            }
        }
    }

    @Test func tensorPlusTensorEveryPair() {
        for (i, a) in Self.dtypes.enumerated() {
            for (j, b) in Self.dtypes.enumerated() {
                let x = Tensor.ones([2], dtype: a), y = Tensor.ones([2], dtype: b)
                let sum = x + y
                #expect(sum.dtype == Self.table[i][j], "(\(a) + \(b)).dtype")
                // 1 + 1 is 2 in every result dtype but bool (True | True).
                #expect(sum.toArray(Double.self) == Array(repeating: Self.table[i][j] == .bool ? 1 : 2, count: 2))
                #expect((x * y).dtype == Self.table[i][j], "(\(a) * \(b)).dtype")
                let m = Ember.maximum(x, y)
                #expect(m.dtype == Self.table[i][j], "maximum(\(a), \(b)).dtype")
                // Comparisons compute in the promoted dtype and return bool.
                #expect((x .== y).dtype == .bool)
                #expect((x .== y).toArray(Bool.self) == [true, true])
            }
        }
    }

    @Test func tensorWithSwiftNumber() {
        // (torch.tensor([1, 2]) + 2.5).dtype  -> float32
        expectTensor(Tensor([1, 2]) + 2.5, [3.5, 4.5], shape: [2], dtype: .float32)
        // (torch.tensor([1, 2], dtype=torch.int32) + 2).dtype  -> int32
        expectExact(Tensor([1, 2], dtype: .int32) + 2, [3, 4], shape: [2], dtype: .int32)
        // (torch.tensor([True, False]) + 1).dtype  -> int64
        expectExact(Tensor([true, false]) + 1, [2, 1], shape: [2], dtype: .int64)
        // (torch.tensor([1.5], dtype=torch.float16) + 2.0).dtype  -> float16
        expectTensor(Tensor([1.5], dtype: .float16) + 2.0, [3.5], shape: [1], dtype: .float16)
        // (torch.tensor([True, False]) * 2.5).dtype  -> float32
        expectTensor(Tensor([true, false]) * 2.5, [2.5, 0], shape: [2], dtype: .float32)
        // (torch.tensor([True]) + True).dtype  -> bool
        #expect((Tensor([true]) + true).dtype == .bool)
        // (torch.tensor([1, 2], dtype=torch.int32) * 2.5).dtype  -> float32
        expectTensor(Tensor([1, 2], dtype: .int32) * 2.5, [2.5, 5], shape: [2], dtype: .float32)
        // A uint8 tensor keeps uint8 with an int scalar: torch.tensor([250], dtype=torch.uint8) + 10  -> [4]
        expectExact(Tensor([250], dtype: .uint8) + 10, [4], shape: [1], dtype: .uint8)
        // Swift Float and Int32 scalars promote by category, like Python numbers.
        #expect((Tensor([1, 2]) + Float(2.5)).dtype == .float32)
        #expect((Tensor([1, 2], dtype: .uint8) + Int32(1)).dtype == .uint8)
        #expect((Tensor([1.0], dtype: .float64) + Float(1)).dtype == .float64)
        // Scalar on the left: 2.5 + torch.tensor([1, 2])
        expectTensor(2.5 + Tensor([1, 2]), [3.5, 4.5], shape: [2], dtype: .float32)
        // 0-d tensors follow the same rule: (torch.tensor(3) + 2.5)  -> tensor(5.5), float32
        expectTensor(Tensor(3) + 2.5, [5.5], shape: [], dtype: .float32)
    }

    @Test func integerTrueDivisionIsFloat() {
        // torch.tensor([1, 2]) / torch.tensor([2, 2])  -> float32
        expectTensor(Tensor([1, 2]) / Tensor([2, 2]), [0.5, 1], shape: [2], dtype: .float32)
        // torch.tensor([True, False]) / torch.tensor([True, True])  -> float32
        expectTensor(Tensor([true, false]) / Tensor([true, true]), [1, 0], shape: [2], dtype: .float32)
        // torch.tensor([7], dtype=torch.uint8) / 2  -> float32
        expectTensor(Tensor([7], dtype: .uint8) / 2, [3.5], shape: [1], dtype: .float32)
        // float64 stays float64: torch.tensor([1.0], dtype=torch.float64) / torch.tensor([3])
        expectTensor(Tensor([1.0], dtype: .float64) / Tensor([3]), [1.0 / 3.0], shape: [1], dtype: .float64, atol: 0, rtol: 1e-15)
    }

    @Test func zeroDimTensorsRankBelowDimensionedOnes() {
        // torch.tensor([3, 4], dtype=torch.uint8) + torch.tensor(300, dtype=torch.int32)  -> uint8 [47, 48]
        expectExact(Tensor([3, 4], dtype: .uint8) + Tensor(300, dtype: .int32), [47, 48], shape: [2], dtype: .uint8)
        // (torch.tensor([1], dtype=torch.uint8) + torch.tensor(5.0, dtype=torch.float64)).dtype  -> float64
        #expect((Tensor([1], dtype: .uint8) + Tensor(5.0, dtype: .float64)).dtype == .float64)
        // (torch.tensor([1], dtype=torch.int32) + torch.tensor(5.0, dtype=torch.float64)).dtype  -> float64
        #expect((Tensor([1], dtype: .int32) + Tensor(5.0, dtype: .float64)).dtype == .float64)
        // (torch.tensor([True]) + torch.tensor(5, dtype=torch.int32)).dtype  -> int32
        #expect((Tensor([true]) + Tensor(5, dtype: .int32)).dtype == .int32)
        // (torch.tensor([1.], dtype=torch.float16) * torch.tensor(2.0, dtype=torch.float64)).dtype  -> float16
        #expect((Tensor([1.0], dtype: .float16) * Tensor(2.0, dtype: .float64)).dtype == .float16)
        // (torch.tensor([1], dtype=torch.int32) * torch.tensor(2)).dtype  -> int32
        #expect((Tensor([1], dtype: .int32) * Tensor(2)).dtype == .int32)
        // Two 0-d tensors promote normally: (torch.tensor(1, dtype=torch.int32) + torch.tensor(2)).dtype  -> int64
        #expect((Tensor(1, dtype: .int32) + Tensor(2)).dtype == .int64)
        // (torch.tensor(1.0, dtype=torch.float16) + 1.5).dtype  -> float16
        #expect((Tensor(1.0, dtype: .float16) + 1.5).dtype == .float16)
        // Comparisons use the same rule: torch.tensor([255], dtype=torch.uint8) == -1  -> [True]
        expectExact(Tensor([255], dtype: .uint8) .== -1, [1], shape: [1], dtype: .bool)
    }

    @Test func resultTypeOfWhereAndCat() {
        // torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int32), torch.tensor([3, 4]))  -> int64
        expectExact(Tensor.where(Tensor([true, false]), Tensor([1, 2], dtype: .int32), Tensor([3, 4])), [1, 4], shape: [2], dtype: .int64)
        // torch.cat([torch.tensor([True]), torch.tensor([2], dtype=torch.uint8)])  -> uint8 [1, 2]
        expectExact(cat([Tensor([true]), Tensor([2], dtype: .uint8)]), [1, 2], shape: [2], dtype: .uint8)
        // torch.cat([torch.tensor([1, 2]), torch.tensor([3.5])])  -> float32
        expectTensor(cat([Tensor([1, 2]), Tensor([3.5])]), [1, 2, 3.5], shape: [3], dtype: .float32)
    }

    /// The default dtype is process-wide, so it is changed only in a child process, where no
    /// other suite runs beside it.
    @Test func setDefaultDTypeFloat64() async {
        await #expect(processExitsWith: .success) {
            setDefaultDType(.float64)
            func check(_ ok: Bool, _ what: String) { if !ok { fatalError("default float64: \(what)") } }
            // torch.set_default_dtype(torch.float64)
            check(defaultDType == .float64, "defaultDType")
            check(Tensor([1.5]).dtype == .float64, "torch.tensor([1.5]).dtype == float64")
            check(Tensor(2.0).dtype == .float64, "torch.tensor(2.0).dtype == float64")
            check(Tensor.zeros(2).dtype == .float64, "torch.zeros(2).dtype == float64")
            check(Tensor.full([2], 2.5).dtype == .float64, "torch.full((2,), 2.5).dtype == float64")
            check(Tensor.eye(2).dtype == .float64, "torch.eye(2).dtype == float64")
            check(Tensor.arange(0.0, 3.0).dtype == .float64, "torch.arange(0., 3.).dtype == float64")
            check(Tensor.linspace(0, 1, steps: 3).dtype == .float64, "torch.linspace(0, 1, 3).dtype == float64")
            check(Tensor.rand(2).dtype == .float64, "torch.rand(2).dtype == float64")
            check((Tensor([1, 2]) + 2.5).dtype == .float64, "(torch.tensor([1, 2]) + 2.5).dtype == float64")
            check((Tensor([1]) / Tensor([2])).dtype == .float64, "int / int == float64")
            check(Tensor([1, 2]).sqrt().dtype == .float64, "torch.tensor([1, 2]).sqrt().dtype == float64")
            // torch.tensor([1.5], dtype=torch.float32) + 2.5  -> float32 stays float32
            check((Tensor([1.5], dtype: .float32) + 2.5).dtype == .float32, "float32 + 2.5 == float32")
            check((Tensor([1.0], dtype: .float16) + 2.0).dtype == .float16, "float16 + 2.0 == float16")
            // (torch.tensor([1, 2]) * torch.tensor(2.5, dtype=torch.float32)).dtype  -> float32
            check((Tensor([1, 2]) * Tensor(2.5, dtype: .float32)).dtype == .float32, "int * 0-d float32 == float32")
            setDefaultDType(.float16)
            // torch.set_default_dtype(torch.float16); (torch.tensor([1, 2]) + 2.5).dtype  -> float16
            check((Tensor([1, 2]) + 2.5).dtype == .float16, "int + 2.5 with float16 default")
            check(Tensor([1.5]).dtype == .float16, "torch.tensor([1.5]) with float16 default")
        }
    }
}
