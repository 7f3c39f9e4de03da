import Testing
@testable import Ember

// + - * / ** % with tensors and Swift numbers on either side, pinned to PyTorch 2.15.
//   a = torch.tensor([[1.5, -2.0, 3.0], [0.0, 4.5, -6.0]])
//   b = torch.tensor([2.0, -0.5, 4.0])
//   i = torch.tensor([7, -7, 5, -5]);  j = torch.tensor([2, 2, -3, -3])

/// Whether each element is negative zero or negative (the sign bit), for -0.0 checks.
private func signBits(_ t: Tensor) -> [Bool] { t.toArray(Double.self).map { $0.sign == .minus } }

@Suite struct ArithmeticTests {
    let a = Tensor([[1.5, -2.0, 3.0], [0.0, 4.5, -6.0]])
    let b = Tensor([2.0, -0.5, 4.0])
    let i = Tensor([7, -7, 5, -5])
    let j = Tensor([2, 2, -3, -3])

    @Test func floatTensorTensorBroadcast() {
        // a + b
        expectTensor(a + b, [3.5, -2.5, 7.0, 2.0, 4.0, -2.0], shape: [2, 3], dtype: .float32)
        // a - b
        expectTensor(a - b, [-0.5, -1.5, -1.0, -2.0, 5.0, -10.0], shape: [2, 3], dtype: .float32)
        // a * b
        expectTensor(a * b, [3.0, 1.0, 12.0, 0.0, -2.25, -24.0], shape: [2, 3], dtype: .float32)
        // a / b
        expectTensor(a / b, [0.75, 4.0, 0.75, 0.0, -9.0, -1.5], shape: [2, 3], dtype: .float32)
        // a % b  -> [1.5, -0.0, 3.0, 0.0, 0.0, 2.0] (the result takes the divisor's sign)
        let r = a % b
        expectTensor(r, [1.5, -0.0, 3.0, 0.0, 0.0, 2.0], shape: [2, 3], dtype: .float32)
        #expect(signBits(r)[1])
        // a ** 2
        expectTensor(a ** 2, [2.25, 4.0, 9.0, 0.0, 20.25, 36.0], shape: [2, 3], dtype: .float32)
        // The free functions and methods are the same ops.
        expectTensor(add(a, b, alpha: 2), [5.5, -3.0, 11.0, 4.0, 3.5, 2.0], shape: [2, 3], dtype: .float32)
        expectTensor(a.sub(b, alpha: -1), [3.5, -2.5, 7.0, 2.0, 4.0, -2.0], shape: [2, 3], dtype: .float32)
        expectTensor(a.mul(b), [3.0, 1.0, 12.0, 0.0, -2.25, -24.0], shape: [2, 3], dtype: .float32)
        expectTensor(a.div(b), [0.75, 4.0, 0.75, 0.0, -9.0, -1.5], shape: [2, 3], dtype: .float32)
        expectTensor(a.pow(2), [2.25, 4.0, 9.0, 0.0, 20.25, 36.0], shape: [2, 3], dtype: .float32)
        expectTensor(remainder(a, b), [1.5, 0.0, 3.0, 0.0, 0.0, 2.0], shape: [2, 3], dtype: .float32)
    }

    @Test func swiftNumberOnEitherSide() {
        // 2 + a
        expectTensor(2 + a, [3.5, 0.0, 5.0, 2.0, 6.5, -4.0], shape: [2, 3], dtype: .float32)
        // 2 - a;  a - 2
        expectTensor(2 - a, [0.5, 4.0, -1.0, 2.0, -2.5, 8.0], shape: [2, 3], dtype: .float32)
        expectTensor(a - 2, [-0.5, -4.0, 1.0, -2.0, 2.5, -8.0], shape: [2, 3], dtype: .float32)
        // 2 * a
        expectTensor(2 * a, [3.0, -4.0, 6.0, 0.0, 9.0, -12.0], shape: [2, 3], dtype: .float32)
        // 2 / a  (1 / 0 is inf)
        expectTensor(2 / a, [1.3333333730697632, -1.0, 0.6666666865348816, .infinity, 0.4444444477558136, -0.3333333432674408],
                     shape: [2, 3], dtype: .float32)
        // a / 2
        expectTensor(a / 2, [0.75, -1.0, 1.5, 0.0, 2.25, -3.0], shape: [2, 3], dtype: .float32)
        // 2 ** b
        expectTensor(2 ** b, [4.0, 0.7071067690849304, 16.0], shape: [3], dtype: .float32)
        // b ** 0.5  (a negative base to a fractional power is nan)
        expectTensor(b ** 0.5, [1.4142135381698608, .nan, 2.0], shape: [3], dtype: .float32)
        // a % 2.5
        expectTensor(a % 2.5, [1.5, 0.5, 0.5, 0.0, 2.0, 1.5], shape: [2, 3], dtype: .float32)
        // -5.5 % b
        let r = -5.5 % b
        expectTensor(r, [0.5, -0.0, 2.5], shape: [3], dtype: .float32)
        #expect(signBits(r) == [false, true, false])
        // torch.tensor([-3.0, -0.0]) % 2  -> [1.0, -0.0];  torch.tensor([5.0, -5.0]) % -3  -> [-1, -2]
        expectTensor(Tensor([-3.0, -0.0]) % 2, [1, -0.0], shape: [2], dtype: .float32)
        expectTensor(Tensor([5.0, -5.0]) % -3, [-1, -2], shape: [2], dtype: .float32)
    }

    @Test func unaryMinus() {
        // -a
        let n = -a
        expectTensor(n, [-1.5, 2.0, -3.0, -0.0, -4.5, 6.0], shape: [2, 3], dtype: .float32)
        #expect(signBits(n)[3])
        // -i
        expectExact(-i, [-7, 7, -5, 5], shape: [4], dtype: .int64)
        expectExact(i.neg(), [-7, 7, -5, 5], shape: [4], dtype: .int64)
        // -torch.tensor([3], dtype=torch.uint8)  -> [253]
        expectExact(-Tensor([3], dtype: .uint8), [253], shape: [1], dtype: .uint8)
        // torch.tensor([0.0, -0.0]) * -1  -> [-0.0, 0.0]
        #expect(signBits(Tensor([0.0, -0.0]) * -1) == [true, false])
    }

    @Test func integerArithmetic() {
        // i + j;  i * j;  i - 3;  10 - i
        expectExact(i + j, [9, -5, 2, -8], shape: [4], dtype: .int64)
        expectExact(i * j, [14, -14, -15, 15], shape: [4], dtype: .int64)
        expectExact(i - 3, [4, -10, 2, -8], shape: [4], dtype: .int64)
        expectExact(10 - i, [3, 17, 5, 15], shape: [4], dtype: .int64)
        // i // j  -> floor division;  i % j  -> Python modulo
        expectExact(floorDivide(i, j), [3, -4, -2, 1], shape: [4], dtype: .int64)
        expectExact(i % j, [1, 1, -1, -2], shape: [4], dtype: .int64)
        // i % 3
        expectExact(i % 3, [1, 2, 2, 1], shape: [4], dtype: .int64)
        // i / j  -> true division in float32
        expectTensor(i / j, [3.5, -3.5, -1.6666666269302368, 1.6666666269302368], shape: [4], dtype: .float32)
        // i * 2.5
        expectTensor(i * 2.5, [17.5, -17.5, 12.5, -12.5], shape: [4], dtype: .float32)
        // i ** 2;  j ** 3;  2 ** j.abs()
        expectExact(i ** 2, [49, 49, 25, 25], shape: [4], dtype: .int64)
        expectExact(j ** 3, [8, 8, -27, -27], shape: [4], dtype: .int64)
        expectExact(2 ** j.abs(), [4, 4, 8, 8], shape: [4], dtype: .int64)
        // torch.tensor([3], dtype=torch.uint8) ** 2;  torch.tensor([2], dtype=torch.int32) ** 31  (wraps)
        expectExact(Tensor([3], dtype: .uint8) ** 2, [9], shape: [1], dtype: .uint8)
        expectExact(Tensor([2], dtype: .int32) ** 31, [-2147483648], shape: [1], dtype: .int32)
        // torch.tensor([2, 3]) ** 2.0;  torch.tensor([2, 3]) ** 0.5  -> float32
        expectTensor(Tensor([2, 3]) ** 2.0, [4, 9], shape: [2], dtype: .float32)
        expectTensor(Tensor([2, 3]) ** 0.5, [1.4142135381698608, 1.7320508075688772], shape: [2], dtype: .float32)
        // torch.tensor([True]) ** 2  -> int64 [1]
        expectExact(Tensor([true]) ** 2, [1], shape: [1], dtype: .int64)
    }

    @Test func integerPowerWithNegativeTensorExponent() {
        // torch.tensor([2, 1, -1, 0, -2]) ** torch.tensor([-1, -1, -3, -1, -2])  -> [0, 1, -1, 0, 0]
        expectExact(Tensor([2, 1, -1, 0, -2]) ** Tensor([-1, -1, -3, -1, -2]), [0, 1, -1, 0, 0], shape: [5], dtype: .int64)
        // 2 ** torch.tensor([-1, 2])  -> [0, 4]
        expectExact(2 ** Tensor([-1, 2]), [0, 4], shape: [2], dtype: .int64)
        // torch.tensor([2]) ** torch.tensor(-1)  -> [0]
        expectExact(Tensor([2]) ** Tensor(-1), [0], shape: [1], dtype: .int64)
        // torch.tensor([0, 0]) ** torch.tensor([0, 5])  -> [1, 0]
        expectExact(Tensor([0, 0]) ** Tensor([0, 5]), [1, 0], shape: [2], dtype: .int64)
    }

    @Test func floatPowerEdgeCases() {
        // torch.tensor([-8.0, -2.0, 4.0]) ** (1/3)
        expectTensor(Tensor([-8.0, -2.0, 4.0]) ** (1.0 / 3.0), [.nan, .nan, 1.587401032447815], shape: [3], dtype: .float32)
        // torch.tensor([-2.0, -2.0, 0.0, 0.0]) ** torch.tensor([3.0, -2.0, 0.0, -1.0])
        expectTensor(Tensor([-2.0, -2.0, 0.0, 0.0]) ** Tensor([3.0, -2.0, 0.0, -1.0]), [-8.0, 0.25, 1.0, .infinity], shape: [4], dtype: .float32)
        // torch.tensor([-1.5, 2.5]) ** torch.tensor([2, 3])
        expectTensor(Tensor([-1.5, 2.5]) ** Tensor([2, 3]), [2.25, 15.625], shape: [2], dtype: .float32)
        expectTensor(pow(Tensor([-1.5, 2.5]), 3), [-3.375, 15.625], shape: [2], dtype: .float32)
    }

    @Test func infNanAndSignedZero() {
        // torch.tensor([1.0, -1.0, 0.0, -0.0]) / torch.tensor([0.0, 0.0, 0.0, 0.0])
        expectTensor(Tensor([1.0, -1.0, 0.0, -0.0]) / Tensor([0.0, 0.0, 0.0, 0.0]), [.infinity, -.infinity, .nan, .nan], shape: [4], dtype: .float32)
        // torch.tensor([inf, -inf, nan, 1.0]) + 1
        expectTensor(Tensor([Double.infinity, -.infinity, .nan, 1.0]) + 1, [.infinity, -.infinity, .nan, 2.0], shape: [4], dtype: .float32)
        // torch.tensor([inf, -inf]) - torch.tensor([inf, -inf])  -> nan
        expectTensor(Tensor([Double.infinity, -.infinity]) - Tensor([Double.infinity, -.infinity]), [.nan, .nan], shape: [2], dtype: .float32)
        // Float division and modulo by zero do not raise:
        // torch.tensor([5, -5]) / 0  -> [inf, -inf];  torch.tensor([5.0, -5.0]) % 0  -> [nan, nan]
        expectTensor(Tensor([5, -5]) / 0, [.infinity, -.infinity], shape: [2], dtype: .float32)
        expectTensor(Tensor([5.0, -5.0]) % 0, [.nan, .nan], shape: [2], dtype: .float32)
        // torch.tensor([5.0, -5.0, 0.0]) // 0.0  -> [inf, -inf, nan]
        expectTensor(floorDivide(Tensor([5.0, -5.0, 0.0]), Tensor(0.0)), [.infinity, -.infinity, .nan], shape: [3], dtype: .float32)
        // torch.tensor([1000.0], dtype=torch.float16) * 100  -> inf (float16 overflow)
        expectTensor(Tensor([1000.0], dtype: .float16) * 100, [.infinity], shape: [1], dtype: .float16)
    }

    @Test func integerOverflowWraps() {
        // torch.tensor([2**62]) * 4  -> [0]
        expectExact(Tensor([Int64(1) << 62]) * 4, [0], shape: [1], dtype: .int64)
        // torch.tensor([9223372036854775807]) + 1  -> [-9223372036854775808]
        expectExact(Tensor([Int64.max]) + 1, [Int64.min], shape: [1], dtype: .int64)
        // torch.tensor([2147483647], dtype=torch.int32) + 1
        expectExact(Tensor([2147483647], dtype: .int32) + 1, [-2147483648], shape: [1], dtype: .int32)
        // torch.tensor([200], dtype=torch.uint8) + torch.tensor([100], dtype=torch.uint8)  -> [44]
        expectExact(Tensor([200], dtype: .uint8) + Tensor([100], dtype: .uint8), [44], shape: [1], dtype: .uint8)
        // torch.tensor([3], dtype=torch.uint8) - torch.tensor([5], dtype=torch.uint8)  -> [254]
        expectExact(Tensor([3], dtype: .uint8) - Tensor([5], dtype: .uint8), [254], shape: [1], dtype: .uint8)
        // torch.tensor([2**31]) * torch.tensor([2**32])  -> [-9223372036854775808]
        expectExact(Tensor([Int64(1) << 31]) * Tensor([Int64(1) << 32]), [Int64.min], shape: [1], dtype: .int64)
    }

    @Test func boolArithmetic() {
        // torch.tensor([True, False]) + torch.tensor([True, True])  -> bool [True, True]
        expectExact(Tensor([true, false]) + Tensor([true, true]), [1, 1], shape: [2], dtype: .bool)
        // torch.tensor([True, False]) * torch.tensor([True, True])  -> bool [True, False]
        expectExact(Tensor([true, false]) * Tensor([true, true]), [1, 0], shape: [2], dtype: .bool)
    }

    @Test func roundingDivision() {
        // torch.tensor([7.0, -7.0, 7.5]).div(2, rounding_mode='trunc')
        expectTensor(Tensor([7.0, -7.0, 7.5]).div(2, roundingMode: "trunc"), [3, -3, 3], shape: [3], dtype: .float32)
        // torch.tensor([7.0, -7.0, 7.5]).div(2, rounding_mode='floor')
        expectTensor(Tensor([7.0, -7.0, 7.5]).div(2, roundingMode: "floor"), [3, -4, 3], shape: [3], dtype: .float32)
        // Python floor division from fmod: torch.tensor([1.0], dtype=torch.float64) // 0.1  -> 9 (not floor(10.0))
        expectTensor(floorDivide(Tensor([1.0], dtype: .float64), Tensor(0.1)), [9], shape: [1], dtype: .float64)
        expectTensor(Tensor([1.0]).div(0.1, roundingMode: "floor"), [9], shape: [1], dtype: .float32)
        // torch.tensor([-7.5, 7.5, -0.0, 0.5]) // 2  -> [-4, 3, -0.0, 0];  torch.tensor([0.5, -0.5]) // -2  -> [-1, 0]
        let q = floorDivide(Tensor([-7.5, 7.5, -0.0, 0.5]), Tensor(2.0))
        expectTensor(q, [-4, 3, -0.0, 0], shape: [4], dtype: .float32)
        #expect(signBits(q) == [true, false, true, false])
        expectTensor(floorDivide(Tensor([0.5, -0.5]), Tensor(-2.0)), [-1, 0], shape: [2], dtype: .float32)
        // torch.tensor([7, -7]).div(2, rounding_mode='trunc')
        expectExact(Tensor([7, -7]).div(2, roundingMode: "trunc"), [3, -3], shape: [2], dtype: .int64)
        // torch.tensor([7, -7]).div(2, rounding_mode='floor')
        expectExact(Tensor([7, -7]).div(2, roundingMode: "floor"), [3, -4], shape: [2], dtype: .int64)
    }

    @Test func nonContiguousOperands() {
        // x = torch.arange(6.).reshape(2, 3)
        let x = Tensor.arange(6.0).reshape(2, 3)
        // x.t() + torch.tensor([10., 20.])  -> [[10, 23], [11, 24], [12, 25]]
        expectTensor(x.t() + Tensor([10.0, 20.0]), [10, 23, 11, 24, 12, 25], shape: [3, 2], dtype: .float32)
        // x.t() * x.t()
        expectTensor(x.t() * x.t(), [0, 9, 1, 16, 4, 25], shape: [3, 2], dtype: .float32)
        // x[:, ::2] - 1  -> [[-1, 1], [2, 4]]
        let stepped = x.slice(1, 0, 3, step: 2, file: #fileID, line: #line)
        expectTensor(stepped - 1, [-1, 1, 2, 4], shape: [2, 2], dtype: .float32)
        // torch.tensor([[1.], [2.]]).expand(2, 3) * torch.tensor([1., 2., 3.])
        let e = Tensor([[1.0], [2.0]]).expand(2, 3)
        expectTensor(e * Tensor([1.0, 2.0, 3.0]), [1, 2, 3, 2, 4, 6], shape: [2, 3], dtype: .float32)
        // x.t() % e.t()  -> [[0, 1], [0, 0], [0, 1]]
        expectTensor(x.t() % e.t(), [0, 1, 0, 0, 0, 1], shape: [3, 2], dtype: .float32)
        // a narrowed view with an offset: x[1, 1:] / 2  -> [2.0, 2.5]
        expectTensor(x.select(0, 1).narrow(0, 1, 2) / 2, [2.0, 2.5], shape: [2], dtype: .float32)
        // 0-d with 0-d and empty with broadcast
        expectTensor(Tensor(2.0) * Tensor(3.0), [6], shape: [], dtype: .float32)
        expectTensor(Tensor.zeros(0, 3) + Tensor([1.0, 2.0, 3.0]), [], shape: [0, 3], dtype: .float32)
        expectTensor(Tensor.zeros(2, 1) + Tensor.zeros(0), [], shape: [2, 0], dtype: .float32)
    }
}
