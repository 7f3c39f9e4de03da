import Testing
import EmberNN

/// Forward values and input/weight gradients against PyTorch 2.15 with weights set
/// explicitly; gradcheck in float64 for each layer.
@Suite struct LayerTests {
    @Test func linearForwardBackward() {
        // lin = nn.Linear(3, 2); weight = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]; bias = [0.05, -0.1]
        // x = [[1, 2, 3], [-1, 0.5, 2]]; (lin(x) * [[1, -2], [0.5, 3]]).sum().backward()
        let lin = Linear(3, 2)
        noGrad {
            lin.weight.copy_(Tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
            lin.bias!.copy_(Tensor([0.05, -0.1]))
        }
        let x = Tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], dtype: .float32, requiresGrad: true)
        let y = lin(x)
        (y * Tensor([[1.0, -2.0], [0.5, 3.0]], dtype: .float32)).sum().backward()
        expectValues(y, [0.65, -0.5000001, 0.45, -1.45], shape: [2, 2])
        expectValues(x.grad, [-0.7, -1.2, 1.5, 1.25, 1.4, -1.6500001], shape: [2, 3])
        expectValues(lin.weight.grad, [0.5, 2.25, 4.0, -5.0, -2.5, 0.0], shape: [2, 3])
        expectValues(lin.bias!.grad, [1.5, 1.0], shape: [2])
    }

    @Test func linearWithoutBiasOn3DInput() {
        // lin2 = nn.Linear(3, 2, bias=False); x3 = torch.arange(6.).reshape(2, 1, 3); (lin2(x3) ** 2).sum().backward()
        let lin = Linear(3, 2, bias: false)
        #expect(lin.bias == nil && lin.parameters().count == 1)
        noGrad { lin.weight.copy_(Tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]])) }
        let x = Tensor.arange(6.0).reshape(2, 1, 3).requiresGrad_()
        let y = lin(x)
        (y * y).sum().backward()
        expectValues(y, [0.4, -0.7, 0.9999999, 0.2], shape: [2, 1, 2])
        expectValues(x.grad, [-0.48, -0.8600001, 1.0800002, 0.36, -0.1999999, 0.3599999], shape: [2, 1, 3])
        expectValues(lin.weight.grad, [5.9999995, 8.7999992, 11.5999994, 1.2000003, 0.2000003, -0.7999997], shape: [2, 3])
    }

    @Test func linearGradcheck() throws {
        let lin = Linear(3, 2).to(.float64)
        let x = Tensor.randn(4, 3, dtype: .float64, requiresGrad: true)
        try gradcheck({ inputs in lin(inputs[0]) }, [x, lin.weight, lin.bias!])
    }

    @Test func layerNormForwardBackward() {
        // ln = nn.LayerNorm(3); weight = [1, 2, -1]; bias = [0.1, 0, -0.2]
        // x = [[1, 2, 4], [-1, 0.5, 0.25]]; (ln(x) * [[1, -2, 0.5], [0.3, 3, -1]]).sum().backward()
        let ln = LayerNorm(3)
        expectValues(ln.weight, [1, 1, 1], shape: [3])
        expectValues(ln.bias, [0, 0, 0], shape: [3])
        noGrad {
            ln.weight!.copy_(Tensor([1.0, 2.0, -1.0]))
            ln.bias!.copy_(Tensor([0.1, 0.0, -0.2]))
        }
        let x = Tensor([[1.0, 2.0, 4.0], [-1.0, 0.5, 0.25]], dtype: .float32, requiresGrad: true)
        let y = ln(x)
        (y * Tensor([[1.0, -2.0, 0.5], [0.3, 3.0, -1.0]], dtype: .float32)).sum().backward()
        expectValues(y, [-0.9690413, -0.5345206, -1.5363019, -1.2969851, 1.777981, -0.7079946], shape: [2, 3], atol: 1e-5)
        expectValues(x.grad, [1.5462933, -2.3194377, 0.7731445, 0.5972142, 2.9865732, -3.5837874], shape: [2, 3], atol: 1e-4)
        expectValues(ln.weight!.grad, [-1.488137, 3.2014923, 0.1601563], shape: [3], atol: 1e-5)
        expectValues(ln.bias!.grad, [1.3, 1.0, -0.5], shape: [3])
    }

    @Test func layerNormWithoutAffine() {
        // ln2 = nn.LayerNorm([2, 2], eps=1e-3, elementwise_affine=False); x = [[[1, 2], [4, 8]]]
        // (ln2(x) * [[[1, 2], [3, 4]]]).sum().backward()
        let ln = LayerNorm([2, 2], eps: 1e-3, elementwiseAffine: false)
        #expect(ln.parameters().isEmpty)
        let x = Tensor([[[1.0, 2.0], [4.0, 8.0]]], dtype: .float32, requiresGrad: true)
        let y = ln(x)
        (y * Tensor([[[1.0, 2.0], [3.0, 4.0]]], dtype: .float32)).sum().backward()
        expectValues(y, [-1.0256839, -0.6527079, 0.093244, 1.5851479], shape: [1, 2, 2])
        expectValues(x.grad, [-0.1492475, 0.0745589, 0.1491956, -0.0745069], shape: [1, 2, 2], atol: 1e-5)
    }

    @Test func layerNormGradcheck() throws {
        let ln = LayerNorm(4).to(.float64)
        noGrad {
            ln.weight!.normal_()
            ln.bias!.normal_()
        }
        let x = Tensor.randn(3, 4, dtype: .float64, requiresGrad: true)
        try gradcheck({ inputs in ln(inputs[0]) }, [x, ln.weight!, ln.bias!])
    }

    @Test func embeddingWithPaddingIndex() {
        // emb = nn.Embedding(4, 2, padding_idx=1): the padding row starts zero
        let emb = Embedding(4, 2, paddingIdx: 1)
        expectValues(emb.weight[1], [0, 0], shape: [2])
        // weight = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]]; idx = [[0, 1], [3, 1], [0, 0]]
        // (emb(idx) * torch.arange(12.).reshape(3, 2, 2)).sum().backward()
        noGrad { emb.weight.copy_(Tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]])) }
        let y = emb(Tensor([[0, 1], [3, 1], [0, 0]]))
        (y * Tensor.arange(12.0).reshape(3, 2, 2)).sum().backward()
        expectValues(y, [0.1, 0.2, 0.3, 0.4, 0.7, 0.8, 0.3, 0.4, 0.1, 0.2, 0.1, 0.2], shape: [3, 2, 2])
        // the padding row gets no gradient
        expectValues(emb.weight.grad, [18.0, 21.0, 0.0, 0.0, 0.0, 0.0, 4.0, 5.0], shape: [4, 2])
        // negative padding index is stored normalised, as PyTorch does
        #expect(Embedding(4, 2, paddingIdx: -1).paddingIdx == 3)
    }

    @Test func embeddingInitAndGradcheck() throws {
        // 4000 draws: the sample variance is within 0.2 of 1 by about nine standard errors
        // (400 draws made this fail about once in 300 runs).
        let emb = Embedding(500, 8)
        let w = emb.weight.toArray(Double.self)
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)
        #expect(Swift.abs(mean) < 0.15 && Swift.abs(variance - 1) < 0.2)  // N(0, 1)
        // (with a padding index the padding row's gradient is zero by design, so no gradcheck there)
        let small = Embedding(5, 3).to(.float64)
        let idx = Tensor([[0, 2, 4], [1, 1, 3]])
        try gradcheck({ _ in small(idx) }, [small.weight])
        let pretrained = Embedding(pretrained: Tensor([[1.0, 2.0], [3.0, 4.0]]))
        #expect(!pretrained.weight.requiresGrad)
        expectValues(pretrained(Tensor([1])), [3, 4], shape: [1, 2])
    }

    // x = torch.tensor([-2, -0.5, 0, 0.5, 2.]); (f(x) * [1, -1, 2, 0.5, 3]).sum().backward()
    private func checkActivation(_ f: (Tensor) -> Tensor, _ y: [Double], _ dx: [Double],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let x = Tensor([-2.0, -0.5, 0.0, 0.5, 2.0], dtype: .float32, requiresGrad: true)
        let out = f(x)
        (out * Tensor([1.0, -1.0, 2.0, 0.5, 3.0], dtype: .float32)).sum().backward()
        expectValues(out, y, shape: [5], atol: 2e-6, sourceLocation: sourceLocation)
        expectValues(x.grad, dx, shape: [5], atol: 2e-6, sourceLocation: sourceLocation)
    }

    @Test func activationsMatchPyTorch() {
        // F.relu
        checkActivation({ ReLU()($0) }, [0.0, 0.0, 0.0, 0.5, 2.0], [0.0, 0.0, 0.0, 0.5, 3.0])
        // F.leaky_relu(x, 0.2)
        checkActivation({ LeakyReLU(negativeSlope: 0.2)($0) }, [-0.4, -0.1, 0.0, 0.5, 2.0], [0.2, -0.2, 0.4, 0.5, 3.0])
        // F.gelu
        checkActivation({ GELU()($0) }, [-0.0455003, -0.1542688, 0.0, 0.3457312, 1.9544997],
                        [-0.0852319, -0.1325049, 1.0, 0.4337475, 3.2556958])
        // F.gelu(x, approximate="tanh")
        checkActivation({ GELU(approximate: "tanh")($0) }, [-0.0454023, -0.154286, 0.0, 0.345714, 1.9545977],
                        [-0.0860992, -0.1326301, 1.0, 0.4336849, 3.2582979])
        // F.silu
        checkActivation({ SiLU()($0) }, [-0.2384058, -0.1887703, 0.0, 0.3112297, 1.7615941],
                        [-0.0907843, -0.2600388, 1.0, 0.3699806, 3.2723529])
        // torch.sigmoid
        checkActivation({ Sigmoid()($0) }, [0.1192029, 0.3775407, 0.5, 0.6224594, 0.880797],
                        [0.1049936, -0.2350037, 0.5, 0.1175019, 0.3149809])
        // torch.tanh
        checkActivation({ Tanh()($0) }, [-0.9640276, -0.4621172, 0.0, 0.4621172, 0.9640276],
                        [0.0706508, -0.7864477, 2.0, 0.3932239, 0.2119524])
        // functional forms
        checkActivation({ leakyRelu($0, negativeSlope: 0.2) }, [-0.4, -0.1, 0.0, 0.5, 2.0], [0.2, -0.2, 0.4, 0.5, 3.0])
        checkActivation({ silu($0) }, [-0.2384058, -0.1887703, 0.0, 0.3112297, 1.7615941],
                        [-0.0907843, -0.2600388, 1.0, 0.3699806, 3.2723529])
    }

    @Test func softmaxModules() {
        // x = [[1, 2, 3], [-1, 0, 1]]; g = [[1, -2, 0.5], [0.3, 3, -1]]
        let g = Tensor([[1.0, -2.0, 0.5], [0.3, 3.0, -1.0]], dtype: .float32)
        let x = Tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]], dtype: .float32, requiresGrad: true)
        // (nn.Softmax(dim=1)(x) * g).sum().backward()
        let y = Softmax(dim: 1)(x)
        (y * g).sum().backward()
        expectValues(y, [0.0900306, 0.2447285, 0.6652409, 0.0900306, 0.2447285, 0.6652409], shape: [2, 3])
        expectValues(x.grad, [0.0960451, -0.4731077, 0.3770625, 0.0183704, 0.7107028, -0.7290733], shape: [2, 3])
        x.grad = nil
        // (nn.LogSoftmax(dim=0)(x) * g).sum().backward()
        let z = LogSoftmax(dim: 0)(x)
        (z * g).sum().backward()
        expectValues(z, [-0.126928, -0.126928, -0.126928, -2.1269281, -2.1269281, -2.1269281], shape: [2, 3])
        expectValues(x.grad, [-0.1450361, -2.8807969, 0.9403985, 0.1450362, 2.8807971, -0.9403986], shape: [2, 3])
    }

    @Test func activationGradchecks() throws {
        let x = Tensor([[-1.3, -0.4, 0.7], [1.9, 0.2, -2.2]], dtype: .float64, requiresGrad: true)
        let modules: [Module] = [ReLU(), LeakyReLU(negativeSlope: 0.1), GELU(), GELU(approximate: "tanh"), SiLU(),
                                 Sigmoid(), Tanh(), ELU(), Softmax(dim: 1), LogSoftmax(dim: 0), Flatten(startDim: 0), Identity()]
        for m in modules {
            try gradcheck({ inputs in m(inputs[0]) }, [x])
        }
    }

    @Test func flattenUnflattenIdentity() {
        // nn.Flatten()(torch.zeros(2, 3, 4, 5)).shape, nn.Flatten(0, 2)(...).shape
        #expect(Flatten()(Tensor.zeros(2, 3, 4, 5)).shape == [2, 60])
        #expect(Flatten(startDim: 0, endDim: 2)(Tensor.zeros(2, 3, 4, 5)).shape == [24, 5])
        #expect(Unflatten(1, [3, 4])(Tensor.zeros(2, 12)).shape == [2, 3, 4])
        let x = Tensor([1.0])
        #expect(Identity()(x) === x)
    }

    @Test func dropoutTrainEval() {
        let drop = Dropout(p: 0.3)
        let x = Tensor.ones(20000)
        let y = drop(x).toArray(Double.self)
        let zeros = y.filter { $0 == 0 }.count
        #expect(Swift.abs(Double(zeros) / 20000 - 0.3) < 0.02)
        // survivors are scaled by 1 / (1 - p)
        #expect(y.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })
        drop.eval()
        #expect(drop(x) === x)
        #expect(dropout(x, p: 0) === x)
        #expect(dropout(x, p: 1).toArray(Double.self).allSatisfy { $0 == 0 })
        // gradients flow through the same mask, scaled
        let xg = Tensor.ones(1000, requiresGrad: true)
        let out = dropout(xg, p: 0.5)
        out.sum().backward()
        #expect(xg.grad!.toArray(Double.self) == out.detach().toArray(Double.self))
    }

    @Test func dropoutGradcheck() throws {
        let x = Tensor.randn(10, dtype: .float64, requiresGrad: true)
        // a fresh generator per call keeps the mask fixed across finite differences
        try gradcheck({ inputs in dropout(inputs[0], p: 0.4, generator: Generator(seed: 3)) }, [x])
    }

    @Test func normalizeAndGeluErrors() async {
        expectValues(normalize(Tensor([[3.0, 4.0]])), [0.6, 0.8], shape: [1, 2])
        // F.gelu(x, approximate="bad") -> approximate argument must be either none or tanh.
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = GELU(approximate: "bad")(Tensor([1.0]))
        }
        #expect(stderrText(r).contains("approximate argument must be either none or tanh."))
    }
}
