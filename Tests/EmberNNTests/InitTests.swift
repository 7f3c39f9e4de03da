import Testing
import EmberNN

/// Initialisers are checked by their bounds and statistics: values cannot match PyTorch's
/// bit for bit until the generators agree; the fan and gain formulas are checked exactly.
@Suite struct InitTests {
    private func stats(_ t: Tensor) -> (min: Double, max: Double, mean: Double, std: Double) {
        let v = t.toArray(Double.self)
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
        return (v.min()!, v.max()!, mean, variance.squareRoot())
    }

    @Test func gains() {
        // [nn.init.calculate_gain(n) for n in ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]]
        // -> [1, 1, 1, 1.6666666666666667, 1.4142135623730951, 1.4141428569978354, 0.75]
        #expect(Init.calculateGain("linear") == 1)
        #expect(Init.calculateGain("conv2d") == 1)
        #expect(Init.calculateGain("sigmoid") == 1)
        #expect(Init.calculateGain("tanh") == 5.0 / 3)
        #expect(Init.calculateGain("relu") == 1.4142135623730951)
        #expect(Init.calculateGain("leaky_relu") == 1.4141428569978354)
        #expect(Init.calculateGain("selu") == 0.75)
        // nn.init.calculate_gain("leaky_relu", math.sqrt(5)) -> 0.5773502691896257
        #expect(Swift.abs(Init.calculateGain("leaky_relu", param: 5.0.squareRoot()) - 0.5773502691896257) < 1e-15)
    }

    @Test func fans() {
        // nn.init._calculate_fan_in_and_fan_out(torch.empty(16, 3, 5, 5)) -> (75, 400)
        #expect(Init.calculateFanInAndFanOut(Tensor.empty(16, 3, 5, 5)) == (75, 400))
        // (torch.empty(400, 784)) -> (784, 400)
        #expect(Init.calculateFanInAndFanOut(Tensor.empty(400, 784)) == (784, 400))
    }

    @Test func fanOfVectorIsFatal() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Init.xavierUniform_(Tensor.empty(5))
        }
        #expect(stderrText(r).contains("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"))
    }

    @Test func uniformNormalConstant() {
        let t = Tensor.empty(4000)
        let u = stats(Init.uniform_(t, a: -2, b: 3))
        #expect(u.min >= -2 && u.max <= 3 && Swift.abs(u.mean - 0.5) < 0.1)
        let n = stats(Init.normal_(Tensor.empty(4000), mean: 1, std: 2))
        #expect(Swift.abs(n.mean - 1) < 0.15 && Swift.abs(n.std - 2) < 0.1)
        #expect(Init.constant_(Tensor.empty(3), 0.25).toArray(Double.self) == [0.25, 0.25, 0.25])
        #expect(Init.zeros_(Tensor.ones(2)).toArray(Double.self) == [0, 0])
        #expect(Init.ones_(Tensor.zeros(2)).toArray(Double.self) == [1, 1])
        #expect(Init.eye_(Tensor.empty(2, 3)).toArray(Double.self) == [1, 0, 0, 0, 1, 0])
    }

    @Test func initialisersLeaveParametersLeaves() {
        // under no_grad: a parameter that requires grad stays a leaf with no history
        let w = Tensor.empty(8, 4, requiresGrad: true)
        Init.kaimingUniform_(w)
        Init.xavierNormal_(w)
        #expect(w.isLeaf && w.requiresGrad && w.gradFn == nil)
    }

    @Test func kaimingAndXavierBounds() {
        // kaiming_uniform_(w, a=0, mode="fan_in", nonlinearity="leaky_relu") on [200, 50]:
        // bound = sqrt(3) * gain / sqrt(fan_in) = sqrt(3) * sqrt(2) / sqrt(50)
        let w = Tensor.empty(200, 50)
        let bound = 3.0.squareRoot() * 2.0.squareRoot() / 50.0.squareRoot()
        var s = stats(Init.kaimingUniform_(w))
        #expect(s.min >= -bound && s.max <= bound && s.max > 0.95 * bound && s.min < -0.95 * bound)
        #expect(Swift.abs(s.std - bound / 3.0.squareRoot()) < 0.01)
        // mode="fan_out", nonlinearity="relu": bound = sqrt(3) * sqrt(2) / sqrt(200)
        let outBound = 3.0.squareRoot() * 2.0.squareRoot() / 200.0.squareRoot()
        s = stats(Init.kaimingUniform_(w, mode: "fan_out", nonlinearity: "relu"))
        #expect(s.min >= -outBound && s.max <= outBound && s.max > 0.95 * outBound)
        // kaiming_normal_: std = gain / sqrt(fan_in)
        s = stats(Init.kaimingNormal_(w, nonlinearity: "relu"))
        #expect(Swift.abs(s.std - 2.0.squareRoot() / 50.0.squareRoot()) < 0.01 && Swift.abs(s.mean) < 0.01)
        // xavier_uniform_(w, gain=2): a = 2 * sqrt(6 / (50 + 200))
        let a = 2 * (6.0 / 250).squareRoot()
        s = stats(Init.xavierUniform_(w, gain: 2))
        #expect(s.min >= -a && s.max <= a && s.max > 0.95 * a)
        // xavier_normal_: std = sqrt(2 / (fan_in + fan_out))
        s = stats(Init.xavierNormal_(w))
        #expect(Swift.abs(s.std - (2.0 / 250).squareRoot()) < 0.005)
        // conv-shaped weights use the receptive field: [8, 4, 3, 3] -> fan_in 36
        let conv = Tensor.empty(8, 4, 3, 3)
        let convBound = 3.0.squareRoot() * Init.calculateGain("leaky_relu", param: 5.0.squareRoot()) / 36.0.squareRoot()
        s = stats(Init.kaimingUniform_(conv, a: 5.0.squareRoot()))
        #expect(s.min >= -convBound && s.max <= convBound && s.max > 0.9 * convBound)
    }

    @Test func linearDefaultInitialisation() {
        // nn.Linear(in, out): weight and bias both U(-1/sqrt(in), 1/sqrt(in))
        let lin = Linear(64, 300)
        let bound = 1 / 64.0.squareRoot()
        let w = stats(lin.weight), b = stats(lin.bias!)
        #expect(w.min >= -bound && w.max <= bound && w.max > 0.99 * bound && w.min < -0.99 * bound)
        #expect(Swift.abs(w.std - bound / 3.0.squareRoot()) < 0.005)
        #expect(b.min >= -bound && b.max <= bound && b.max > 0.8 * bound)
        #expect(lin.weight.shape == [300, 64] && lin.weight.dtype == .float32)
        #expect(Linear(2, 2, dtype: .float64).weight.dtype == .float64)
        // an explicit generator makes initialisation reproducible
        let first = Init.kaimingUniform_(Tensor.empty(3, 2), generator: Generator(seed: 7)).toArray(Float.self)
        #expect(Init.kaimingUniform_(Tensor.empty(3, 2), generator: Generator(seed: 7)).toArray(Float.self) == first)
    }
}
