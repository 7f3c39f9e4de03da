import Testing
@testable import Ember

// complex64, pinned to PyTorch 2.15: the PyTorch line that produced each expected value is
// in the comment above it (values from .tolist()).

/// Checks a complex tensor's parts against (real, imag) pairs recorded from PyTorch.
private func expectComplex(_ t: Tensor, _ expected: [(Double, Double)], shape: [Int], atol: Double = 1e-5,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(t.dtype == .complex64, "dtype \(t.dtype)", sourceLocation: sourceLocation)
    #expect(t.shape == shape, "shape \(t.shape) != \(shape)", sourceLocation: sourceLocation)
    let values = t.toArray(Complex<Double>.self)
    #expect(values.count == expected.count, sourceLocation: sourceLocation)
    for (i, (v, e)) in zip(values, expected).enumerated() {
        let ok = Swift.abs(v.real - e.0) <= atol + 1e-5 * Swift.abs(e.0) && Swift.abs(v.imaginary - e.1) <= atol + 1e-5 * Swift.abs(e.1)
        #expect(ok, "element \(i): \(v) != \(e)", sourceLocation: sourceLocation)
    }
}

@Suite struct ComplexTests {
    // x = torch.tensor([1+2j, 3-1j]); y = torch.tensor([0.5-1j, -2+0.25j])
    let x = Tensor([Complex<Float>(1, 2), Complex<Float>(3, -1)])
    let y = Tensor([Complex(0.5, -1.0), Complex(-2.0, 0.25)])

    @Test func creation() {
        #expect(x.dtype == .complex64 && y.dtype == .complex64)
        // torch.zeros(2, dtype=torch.complex64) -> [0j, 0j]; torch.ones(...) -> [1+0j, 1+0j]
        expectComplex(Tensor.zeros(2, dtype: .complex64), [(0, 0), (0, 0)], shape: [2])
        expectComplex(Tensor.ones(2, dtype: .complex64), [(1, 0), (1, 0)], shape: [2])
        // torch.full((2,), 1+2j) -> complex64 [1+2j, 1+2j]
        let f = Tensor.full([2], Complex(1.0, 2.0))
        expectComplex(f, [(1, 2), (1, 2)], shape: [2])
        // torch.complex(torch.tensor([1., 2.]), torch.tensor([3., -4.])) -> [1+3j, 2-4j]
        expectComplex(Tensor.complex(Tensor([1.0, 2.0]), Tensor([3.0, -4.0])), [(1, 3), (2, -4)], shape: [2])
        // torch.polar(torch.tensor([1., 2.]), torch.tensor([0.5, -1.0])).tolist()
        // -> [(0.8775825500488281+0.4794255495071411j), (1.0806045532226562-1.6829419136047363j)]
        expectComplex(Tensor.polar(Tensor([1.0, 2.0]), Tensor([0.5, -1.0])),
                      [(0.8775825500488281, 0.4794255495071411), (1.0806045532226562, -1.6829419136047363)], shape: [2])
    }

    @Test func arithmetic() {
        // (x + y) -> [(1.5+1j), (1-0.75j)]; (x - y) -> [(0.5+3j), (5-1.25j)]
        expectComplex(x + y, [(1.5, 1), (1, -0.75)], shape: [2])
        expectComplex(x - y, [(0.5, 3), (5, -1.25)], shape: [2])
        // (x * y) -> [(2.5+0j), (-5.75+2.75j)]
        expectComplex(x * y, [(2.5, 0), (-5.75, 2.75)], shape: [2])
        // (x / y) -> [(-1.2000000476837158+1.600000023841858j), (-1.5384615659713745+0.3076923191547394j)]
        expectComplex(x / y, [(-1.2000000476837158, 1.600000023841858), (-1.5384615659713745, 0.3076923191547394)], shape: [2])
        // -x -> [-1-2j, -3+1j]
        expectComplex(-x, [(-1, -2), (-3, 1)], shape: [2])
        // torch.tensor([1, 2]) + 1j -> [1+1j, 2+1j] (complex64)
        expectComplex(Tensor([1, 2]) + Complex(0.0, 1.0), [(1, 1), (2, 1)], shape: [2])
        // (torch.tensor([1.5, 2.]) * (2-1j)).tolist() -> [(3-1.5j), (4-2j)]
        expectComplex(Tensor([1.5, 2.0]) * Complex(2.0, -1.0), [(3, -1.5), (4, -2)], shape: [2])
    }

    @Test func realResults() {
        // x.abs() -> [2.2360680103302, 3.1622776985168457] (float32); x.angle() -> [1.1071487665176392, -0.32175055146217346]
        expectTensor(x.abs(), [2.2360680103302, 3.1622776985168457], shape: [2], dtype: .float32)
        expectTensor(x.angle(), [1.1071487665176392, -0.32175055146217346], shape: [2], dtype: .float32)
        // x.real -> [1., 3.]; x.imag -> [2., -1.]
        expectTensor(x.real, [1, 3], shape: [2], dtype: .float32)
        expectTensor(x.imag, [2, -1], shape: [2], dtype: .float32)
    }

    @Test func realAndImagAreViews() {
        // z = torch.tensor([1+2j, 3-1j]); z.real[0] = 10; z.imag.mul_(2) -> z == [10+4j, 3-2j]
        let z = Tensor([Complex<Float>(1, 2), Complex<Float>(3, -1)])
        z.real[0] = Tensor(10.0)
        z.imag.mul_(2)
        expectComplex(z, [(10, 4), (3, -2)], shape: [2])
        // torch.tensor([[1, 2], [3, 4]], dtype=torch.complex64).t().real -> [[1, 3], [2, 4]]
        let m = Tensor([[1, 2], [3, 4]], dtype: .complex64).t()
        expectTensor(m.real, [1, 3, 2, 4], shape: [2, 2], dtype: .float32)
    }

    @Test func conjExpAndReductions() {
        // x.conj() -> [1-2j, 3+1j]
        expectComplex(x.conj(), [(1, -2), (3, 1)], shape: [2])
        // x.exp() -> [(-1.13120436668396+2.471726655960083j), (10.852261543273926-16.901395797729492j)]
        expectComplex(x.exp(), [(-1.13120436668396, 2.471726655960083), (10.852261543273926, -16.901395797729492)], shape: [2], atol: 1e-4)
        // x.log() -> [(0.8047189712524414+1.1071487665176392j), (1.1512925624847412-0.32175055146217346j)]
        expectComplex(x.log(), [(0.8047189712524414, 1.1071487665176392), (1.1512925624847412, -0.32175055146217346)], shape: [2])
        // x.sqrt() -> [(1.272019624710083+0.7861514091491699j), (1.7553173303604126-0.28484877943992615j)]
        expectComplex(x.sqrt(), [(1.272019624710083, 0.7861514091491699), (1.7553173303604126, -0.28484877943992615)], shape: [2])
        // x.sum() -> (4+1j); x.mean() -> (2+0.5j); x.prod() -> (5+5j); x.cumsum(0) -> [(1+2j), (4+1j)]
        expectComplex(x.sum(), [(4, 1)], shape: [])
        expectComplex(x.mean(), [(2, 0.5)], shape: [])
        expectComplex(x.prod(), [(5, 5)], shape: [])
        expectComplex(x.cumsum(dim: 0), [(1, 2), (4, 1)], shape: [2])
    }

    @Test func equality() {
        // x == y -> [False, False]; x != x -> [False, False]; x == x -> [True, True]
        #expect((x .== y).toArray(Bool.self) == [false, false])
        #expect((x .!= x).toArray(Bool.self) == [false, false])
        #expect((x .== x).toArray(Bool.self) == [true, true])
        // torch.tensor([1+0j]) == 1 -> [True]
        #expect((Tensor([Complex<Float>(1, 0)]) .== 1).toArray(Bool.self) == [true])
    }

    @Test func matmul() {
        // A = torch.tensor([[1+1j, 2], [0, 1-1j]]); B = torch.tensor([[1j, 1], [2, 3+0.5j]])
        // (A @ B).tolist() -> [[(3+1j), (7+2j)], [(2-2j), (3.5-2.5j)]]
        let a = Tensor([[Complex(1.0, 1.0), Complex(2.0, 0.0)], [Complex(0.0, 0.0), Complex(1.0, -1.0)]])
        let b = Tensor([[Complex(0.0, 1.0), Complex(1.0, 0.0)], [Complex(2.0, 0.0), Complex(3.0, 0.5)]])
        expectComplex(Ember.matmul(a, b), [(3, 1), (7, 2), (2, -2), (3.5, -2.5)], shape: [2, 2])
    }

    @Test func conversions() {
        // x.to(torch.float32) -> [1., 3.] (PyTorch warns; the imaginary part is dropped); x.to(torch.int64) -> [1, 3]
        expectTensor(x.to(.float32), [1, 3], shape: [2], dtype: .float32)
        expectExact(x.to(.int64), [1, 3], shape: [2], dtype: .int64)
        // torch.tensor([1.5, -2.]).to(torch.complex64) -> [1.5+0j, -2+0j]
        expectComplex(Tensor([1.5, -2.0]).to(.complex64), [(1.5, 0), (-2, 0)], shape: [2])
        // torch.tensor([[1, 2], [3, 4]], dtype=torch.complex64)[1] -> [3+0j, 4+0j]
        expectComplex(Tensor([[1, 2], [3, 4]], dtype: .complex64)[1], [(3, 0), (4, 0)], shape: [2])
        // torch.tensor([1+2j, 3+4j])[torch.tensor([1, 0])] -> [3+4j, 1+2j]
        expectComplex(Tensor([Complex(1.0, 2.0), Complex(3.0, 4.0)])[Tensor([1, 0])], [(3, 4), (1, 2)], shape: [2])
    }

    @Test func printing() {
        // print(torch.tensor([1+2j, 3-1j])) -> tensor([1.+2.j, 3.-1.j])
        #expect(String(describing: x) == "tensor([1.+2.j, 3.-1.j])")
        // print(x + y) -> tensor([1.5000+1.0000j, 1.0000-0.7500j])
        #expect(String(describing: x + y) == "tensor([1.5000+1.0000j, 1.0000-0.7500j])")
        // print(torch.tensor([[1.25+0j, -3.5+100j], [0.001-0.5j, 2+2j]]))
        let m = Tensor([[Complex(1.25, 0.0), Complex(-3.5, 100.0)], [Complex(0.001, -0.5), Complex(2.0, 2.0)]])
        #expect(String(describing: m) == """
            tensor([[ 1.2500e+00+0.0000j, -3.5000e+00+100.0000j],
                    [ 1.0000e-03-0.5000j,  2.0000e+00+2.0000j]])
            """)
        // torch.tensor(1+2j) -> tensor(1.+2.j); torch.tensor([0j, 1e-5+1e5j]) -> tensor([0.0000e+00+0.j, 1.0000e-05+100000.j])
        #expect(String(describing: Tensor(Complex(1.0, 2.0))) == "tensor(1.+2.j)")
        #expect(String(describing: Tensor([Complex(0.0, 0.0), Complex(1e-5, 1e5)])) == "tensor([0.0000e+00+0.j, 1.0000e-05+100000.j])")
        // with torch.set_default_dtype(torch.float64): tensor([1.+2.j], dtype=torch.complex64)
        let printer = TensorPrinter(options: PrintOptions(), defaultDType: .float64)
        #expect(printer.repr(Tensor([Complex(1.0, 2.0)])) == "tensor([1.+2.j], dtype=complex64)")
    }
}

// Ops PyTorch does not define on complex stop with its message (str(exception) of each line).
@Suite struct ComplexErrorTests {
    private func stderr(_ r: ExitTest.Result?) -> String { String(decoding: r?.standardErrorContent ?? [], as: UTF8.self) }

    @Test func maxAll() async {
        // torch.tensor([1+2j]).max() -> "max_all" not implemented for 'ComplexFloat'
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([Complex(1.0, 2.0)]).max()
        }
        #expect(stderr(r).contains("\"max_all\" not implemented for 'ComplexFloat'"))
    }

    @Test func lessThan() async {
        // torch.tensor([1+2j]) < torch.tensor([1+2j]) -> "lt_cpu" not implemented for 'ComplexFloat'
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let z = Tensor([Complex(1.0, 2.0)])
            _ = z .< z
        }
        #expect(stderr(r).contains("\"lt_cpu\" not implemented for 'ComplexFloat'"))
    }

    @Test func relu() async {
        // torch.relu(torch.tensor([1+2j])) -> clamp is not supported for complex types
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([Complex(1.0, 2.0)]).relu()
        }
        #expect(stderr(r).contains("clamp is not supported for complex types"))
    }

    @Test func requiresGrad() async {
        // Ember's own limit: no complex autograd.
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([Complex(1.0, 2.0)], requiresGrad: true)
        }
        #expect(stderr(r).contains("Ember does not support autograd on complex tensors"))
    }
}

@Suite struct ComplexStatisticsTests {
    @Test func varianceIsReal() {
        // torch.tensor([1+2j, 3-1j]).var() -> tensor(6.5000); .std() -> tensor(2.5495)
        let x = Tensor([Complex<Float>(1, 2), Complex<Float>(3, -1)])
        expectTensor(x.var(), [6.5], shape: [], dtype: .float32)
        expectTensor(x.std(), [2.5495097], shape: [], dtype: .float32)
        // torch.tensor([[1+2j, 3-1j], [0.5j, 2]]).var(dim=0) -> tensor([1.6250, 1.0000])
        let m = Tensor([[Complex(1.0, 2.0), Complex(3.0, -1.0)], [Complex(0.0, 0.5), Complex(2.0, 0.0)]])
        expectTensor(m.var(dim: 0), [1.625, 1.0], shape: [2], dtype: .float32)
    }
}

@Suite struct ComplexViewAndRandomTests {
    @Test func viewAsRealAndComplex() {
        // torch.view_as_real(torch.tensor([1+2j, 3-1j])) -> [[1., 2.], [3., -1.]], stride (2, 1)
        let x = Tensor([Complex<Float>(1, 2), Complex<Float>(3, -1)])
        let r = viewAsReal(x)
        expectTensor(r, [1, 2, 3, -1], shape: [2, 2], dtype: .float32)
        #expect(r.strides == [2, 1])
        // torch.view_as_complex(torch.tensor([[1., 2.], [3., 4.]])) -> [1+2j, 3+4j]
        let c = viewAsComplex(Tensor([[1.0, 2.0], [3.0, 4.0]]))
        #expect(c.dtype == .complex64 && c.shape == [2])
        #expect(c.toArray(Complex<Double>.self) == [Complex(1, 2), Complex(3, 4)])
        // Writes through the real view reach the complex tensor.
        r[0, 1] = Tensor(9.0)
        #expect(x.toArray(Complex<Double>.self)[0] == Complex(1, 9))
    }

    @Test func randomFillsBothParts() {
        // g = torch.Generator().manual_seed(0); torch.rand(3, dtype=torch.complex64, generator=g).tolist()
        // -> [(0.49625658988952637+0.7682217955589294j), (0.08847743272781372+0.13203048706054688j),
        //     (0.30742281675338745+0.6340786814689636j)]
        let u = Tensor.rand(3, dtype: .complex64, generator: Generator(seed: 0))
        #expect(u.toArray(Complex<Double>.self) == [Complex(0.49625658988952637, 0.7682217955589294),
                                                    Complex(0.08847743272781372, 0.13203048706054688),
                                                    Complex(0.30742281675338745, 0.6340786814689636)])
        // g = torch.Generator().manual_seed(0); torch.randn(3, dtype=torch.complex64, generator=g).tolist()
        // -> [(1.0896488428115845-0.20748557150363922j), (-1.5406367778778076+0.40194159746170044j),
        //     (-0.7668731212615967-0.9889562726020813j)]
        let n = Tensor.randn(3, dtype: .complex64, generator: Generator(seed: 0))
        #expect(n.toArray(Complex<Double>.self) == [Complex(1.0896488428115845, -0.20748557150363922),
                                                    Complex(-1.5406367778778076, 0.40194159746170044),
                                                    Complex(-0.7668731212615967, -0.9889562726020813)])
        // 16 or more parts take the vectorised path: torch.randn(10, dtype=torch.complex64, generator=g)[-1]
        // -> (1.4177353382110596+0.03799772635102272j)
        let v = Tensor.randn(10, dtype: .complex64, generator: Generator(seed: 0))
        #expect(v.toArray(Complex<Double>.self)[9] == Complex(1.4177353382110596, 0.03799772635102272))
    }
}

@Suite struct ComplexTruthAndPowerTests {
    // x = torch.tensor([0+1j, 0j, 2+0j])
    let x = Tensor([Complex<Float>(0, 1), Complex<Float>(0, 0), Complex<Float>(2, 0)])

    @Test func truthOfComplex() {
        // x.bool() -> [True, False, True]; x.logical_not() -> [False, True, False]; x.any() -> True; x.all() -> False
        #expect(x.bool().toArray(Bool.self) == [true, false, true])
        #expect(x.logicalNot().toArray(Bool.self) == [false, true, false])
        #expect(x.any().item() == 1 && x.all().item() == 0)
    }

    @Test func powers() {
        // (x ** 2).tolist() -> [(-1+0j), 0j, (4+0j)]
        let sq = x ** 2
        #expect(sq.toArray(Complex<Double>.self) == [Complex(-1, 0), Complex(0, 0), Complex(4, 0)])
        // x ** -1 -> tensor([0.0000-1.j, inf+nanj, 0.5000+0.j])
        let inv = (x ** -1).toArray(Complex<Double>.self).map(\.rawStorage)
        #expect(Swift.abs(inv[0].x) < 1e-6 && Swift.abs(inv[0].y + 1) < 1e-6)
        #expect(inv[1].x == .infinity && inv[1].y.isNaN)
        #expect(Swift.abs(inv[2].x - 0.5) < 1e-6 && Swift.abs(inv[2].y) < 1e-6)
    }

    @Test func closeness() {
        // torch.isclose(torch.tensor([1+1j]), torch.tensor([1+1.000001j])) -> [True]
        // torch.allclose(torch.tensor([1+1j]), torch.tensor([1+1.1j])) -> False
        let a = Tensor([Complex(1.0, 1.0)])
        #expect(a.isclose(Tensor([Complex(1.0, 1.000001)])).toArray(Bool.self) == [true])
        #expect(!a.allclose(Tensor([Complex(1.0, 1.1)])))
    }
}
