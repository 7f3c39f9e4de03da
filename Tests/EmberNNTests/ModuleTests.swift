import OrderedCollections
import Testing
import EmberNN

// The nested model of the PyTorch script below, in Swift:
//   class Block(nn.Module): fc = nn.Linear(3, 3); norm = nn.LayerNorm(3)
//   class Net(nn.Module):
//       scale = nn.Parameter(torch.ones(1)); register_buffer("running_mean", torch.zeros(3))
//       embed = nn.Embedding(5, 3, padding_idx=0)
//       blocks = nn.ModuleList([Block(), Block()])
//       head = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 5, bias=False), nn.Dropout(0.1))
//       head[2].weight = embed.weight   # tied
private final class Block: Module {
    let fc = Linear(3, 3)
    let norm = LayerNorm(3)
    override func forward(_ x: Tensor) -> Tensor { norm(fc(x)) }
}

private final class Net: Module {
    @Parameter var scale = Tensor.ones(1)
    @Buffer var runningMean = Tensor.zeros(3)
    let embed = Embedding(5, 3, paddingIdx: 0)
    let blocks = ModuleList([Block(), Block()])
    let head = Sequential(Linear(3, 3), ReLU(), Linear(3, 5, bias: false), Dropout(p: 0.1))
    override init() {
        super.init()
        (head[2] as! Linear).weight = embed.weight
    }
    override func forward(_ x: Tensor) -> Tensor {
        var h = embed(x)
        for b in blocks { h = b(h) }
        return head(h) * scale
    }
}

private final class Small: Module {
    let fc = Linear(2, 3)
    let out = Linear(3, 1, bias: false)
    override func forward(_ x: Tensor) -> Tensor { out(fc(x).relu()) }
}

@Suite struct ModuleTests {
    @Test func namedParametersInPyTorchOrderTiedOnce() {
        let net = Net()
        // [n for n, _ in net.named_parameters()]
        #expect(net.namedParameters().map(\.name) == [
            "scale", "embed.weight", "blocks.0.fc.weight", "blocks.0.fc.bias", "blocks.0.norm.weight",
            "blocks.0.norm.bias", "blocks.1.fc.weight", "blocks.1.fc.bias", "blocks.1.norm.weight",
            "blocks.1.norm.bias", "head.0.weight", "head.0.bias"])
        #expect(net.parameters().count == 12)
        #expect(net.parameters().allSatisfy { $0.requiresGrad && $0.isLeaf })
        #expect((net.head[2] as! Linear).weight === net.embed.weight)
    }

    @Test func stateDictKeysBuffersChildrenModules() {
        let net = Net()
        // list(net.state_dict().keys())
        #expect(Array(net.stateDict().keys) == [
            "scale", "running_mean", "embed.weight", "blocks.0.fc.weight", "blocks.0.fc.bias",
            "blocks.0.norm.weight", "blocks.0.norm.bias", "blocks.1.fc.weight", "blocks.1.fc.bias",
            "blocks.1.norm.weight", "blocks.1.norm.bias", "head.0.weight", "head.0.bias", "head.2.weight"])
        // [n for n, _ in net.named_buffers()]
        #expect(net.namedBuffers().map(\.name) == ["running_mean"])
        #expect(net.buffers().count == 1 && net.buffers()[0] === net.runningMean)
        // [n for n, _ in net.named_children()]
        #expect(net.namedChildren().map(\.name) == ["embed", "blocks", "head"])
        // [n for n, _ in net.named_modules()]
        #expect(net.namedModules().map(\.name) == [
            "", "embed", "blocks", "blocks.0", "blocks.0.fc", "blocks.0.norm", "blocks.1", "blocks.1.fc",
            "blocks.1.norm", "head", "head.0", "head.1", "head.2", "head.3"])
        #expect(net.modules().count == 14 && net.children().count == 3)
        // state_dict values share storage with the parameters but are detached
        let sd = net.stateDict()
        #expect(sd["scale"]!.storage === net.scale.storage && !sd["scale"]!.requiresGrad)
    }

    @Test func moduleListNamesMatchPyTorch() {
        final class Stack: Module {
            let blocks = ModuleList([Linear(2, 2), Linear(2, 2, bias: false)])
            let extra: Linear? = nil
            let maybe: Linear? = Linear(2, 1)
            let layers: [Module] = [Tanh(), Linear(1, 1, bias: false)]
        }
        // blocks = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2, bias=False)]); maybe = nn.Linear(2, 1)
        // layers = nn.ModuleList([nn.Tanh(), nn.Linear(1, 1, bias=False)])
        let stack = Stack()
        #expect(stack.namedParameters().map(\.name) == ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight",
                                                         "maybe.weight", "maybe.bias", "layers.1.weight"])
        // A Swift array of modules has no module of its own: its elements are direct children.
        #expect(stack.namedChildren().map(\.name) == ["blocks", "maybe", "layers.0", "layers.1"])
        // An empty optional is left out (PyTorch: `self.extra = None` is no module)
        #expect(!stack.description.contains("extra"))
        stack.registerModule("slot", nil)
        #expect(stack.description.hasSuffix("  (slot): None\n)"))
    }

    @Test func snakeCaseNamesAndSuperclassFirst() {
        class Base: Module {
            @Parameter var inputScale = Tensor.ones(2)
            @Buffer(persistent: false) var cacheHTTPValue: Tensor = Tensor.zeros(1)
        }
        final class Derived: Base {
            let outProj = Linear(2, 2)
            @Parameter var gateBias2: Tensor? = nil
            @Buffer var numBatchesTracked = Tensor(Int64(0))
        }
        let m = Derived()
        #expect(m.namedParameters().map(\.name) == ["input_scale", "out_proj.weight", "out_proj.bias"])
        #expect(m.namedBuffers().map(\.name) == ["cache_http_value", "num_batches_tracked"])
        // non-persistent buffers stay out of the state dict
        #expect(Array(m.stateDict().keys) == ["input_scale", "num_batches_tracked", "out_proj.weight", "out_proj.bias"])
        m.to(.float64)
        #expect(m.numBatchesTracked.dtype == .int64 && m.inputScale.dtype == .float64)
    }

    @Test func parameterAssignmentInInitAndLater() {
        final class Scaler: Module {
            @Parameter var gain: Tensor
            @Parameter var shift: Tensor?
            @Buffer var count: Tensor
            init(_ n: Int) {
                self.gain = Tensor.ones(n)
                self.count = Tensor.zeros(1)
                super.init()
            }
            override func forward(_ x: Tensor) -> Tensor { shift.map { x * gain + $0 } ?? x * gain }
        }
        let m = Scaler(2)
        #expect(m.gain.requiresGrad && !m.count.requiresGrad)
        #expect(m.namedParameters().map(\.name) == ["gain"])
        // a tensor with history becomes a new leaf (nn.Parameter detaches it)
        let source = Tensor([1.0, 2.0], requiresGrad: true)
        m.shift = source * 2
        #expect(m.shift!.isLeaf && m.shift!.requiresGrad)
        // a leaf is kept as the same object
        let g = Tensor([3.0, 4.0])
        m.gain = g
        #expect(m.gain === g && g.requiresGrad)
        #expect(m.namedParameters().map(\.name) == ["gain", "shift"])
        #expect(m(Tensor([1.0, 1.0])).toArray(Double.self) == [5, 8])
    }

    @Test func registeredMembersComeAfterReflected() {
        let m = Module()
        m.registerParameter("alpha", Tensor([1.0, 2.0]))
        m.registerBuffer("steps", Tensor([0.0]))
        m.registerModule("proj", Linear(2, 2))
        #expect(m.namedParameters().map(\.name) == ["alpha", "proj.weight", "proj.bias"])
        #expect(Array(m.stateDict().keys) == ["alpha", "steps", "proj.weight", "proj.bias"])
        #expect(m.description == "Module(\n  (proj): Linear(in_features=2, out_features=2, bias=True)\n)")
    }

    @Test func descriptionPrintsTreeAsPyTorch() {
        // print(repr(net))
        #expect(Net().description == """
            Net(
              (embed): Embedding(5, 3, padding_idx=0)
              (blocks): ModuleList(
                (0-1): 2 x Block(
                  (fc): Linear(in_features=3, out_features=3, bias=True)
                  (norm): LayerNorm((3,), eps=1e-05, elementwise_affine=True, bias=True)
                )
              )
              (head): Sequential(
                (0): Linear(in_features=3, out_features=3, bias=True)
                (1): ReLU()
                (2): Linear(in_features=3, out_features=5, bias=False)
                (3): Dropout(p=0.1, inplace=False)
              )
            )
            """)
        // repr(nn.ModuleList([nn.Linear(2,2), nn.Linear(2,2), nn.ReLU(), nn.Linear(2,2)]))
        #expect(ModuleList([Linear(2, 2), Linear(2, 2), ReLU(), Linear(2, 2)]).description == """
            ModuleList(
              (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)
              (2): ReLU()
              (3): Linear(in_features=2, out_features=2, bias=True)
            )
            """)
    }

    @Test func layerDescriptions() {
        // repr(nn.Sequential(nn.Flatten(), nn.Linear(784, 400), nn.ReLU(), nn.LeakyReLU(0.2),
        //   nn.GELU(approximate="tanh"), nn.SiLU(), nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1),
        //   nn.LogSoftmax(dim=-1), nn.Identity(), nn.Dropout(), nn.Embedding(10, 3), nn.LayerNorm(10),
        //   nn.LayerNorm([2,3], eps=1e-6, elementwise_affine=False), nn.Unflatten(1, (2, 5))))
        let model = Sequential(
            Flatten(), Linear(784, 400), ReLU(), LeakyReLU(negativeSlope: 0.2), GELU(approximate: "tanh"), SiLU(),
            Sigmoid(), Tanh(), Softmax(dim: 1), LogSoftmax(dim: -1), Identity(), Dropout(), Embedding(10, 3),
            LayerNorm(10), LayerNorm([2, 3], eps: 1e-6, elementwiseAffine: false), Unflatten(1, [2, 5]))
        #expect(model.description == """
            Sequential(
              (0): Flatten(start_dim=1, end_dim=-1)
              (1): Linear(in_features=784, out_features=400, bias=True)
              (2): ReLU()
              (3): LeakyReLU(negative_slope=0.2)
              (4): GELU(approximate='tanh')
              (5): SiLU()
              (6): Sigmoid()
              (7): Tanh()
              (8): Softmax(dim=1)
              (9): LogSoftmax(dim=-1)
              (10): Identity()
              (11): Dropout(p=0.5, inplace=False)
              (12): Embedding(10, 3)
              (13): LayerNorm((10,), eps=1e-05, elementwise_affine=True, bias=True)
              (14): LayerNorm((2, 3), eps=1e-06, elementwise_affine=False, bias=False)
              (15): Unflatten(dim=1, unflattened_size=(2, 5))
            )
            """)
        #expect(model.count == 16)
        #expect(model[-1] is Unflatten)
    }

    @Test func loadStateDictErrorsNameTheKeys() throws {
        let s = Small()
        var sd = s.stateDict()
        sd.removeValue(forKey: "fc.bias")
        sd["extra.weight"] = Tensor.zeros(1)
        sd["out.weight"] = Tensor.zeros(2, 3)
        // s.load_state_dict(sd)
        #expect(throws: StateDictError.self) { try s.loadStateDict(sd) }
        do {
            try s.loadStateDict(sd)
        } catch let error as StateDictError {
            #expect(error.description == "Error(s) in loading state_dict for Small:\n\tMissing key(s) in state_dict: \"fc.bias\". \n\tUnexpected key(s) in state_dict: \"extra.weight\". \n\tsize mismatch for out.weight: copying a param with shape torch.Size([2, 3]) from checkpoint, the shape in current model is torch.Size([1, 3]).")
        }
        // s.load_state_dict(sd, strict=False): the size mismatch still raises
        do {
            try s.loadStateDict(sd, strict: false)
            Issue.record("expected a throw")
        } catch let error as StateDictError {
            #expect(error.description == "Error(s) in loading state_dict for Small:\n\tsize mismatch for out.weight: copying a param with shape torch.Size([2, 3]) from checkpoint, the shape in current model is torch.Size([1, 3]).")
        }
        // sd["out.weight"] = torch.zeros(1, 3); s.load_state_dict(sd, strict=False)
        // -> _IncompatibleKeys(missing_keys=['fc.bias'], unexpected_keys=['extra.weight'])
        sd["out.weight"] = Tensor([[1.0, 2.0, 3.0]])
        let weight = s.out.weight
        let result = try s.loadStateDict(sd, strict: false)
        #expect(result.missingKeys == ["fc.bias"] && result.unexpectedKeys == ["extra.weight"])
        #expect(s.out.weight === weight && s.out.weight.requiresGrad && s.out.weight.isLeaf)
        #expect(s.out.weight.toArray(Double.self) == [1, 2, 3])
    }

    @Test func loadStateDictRoundTripCopiesInPlace() throws {
        let a = Small(), b = Small()
        let before = b.parameters()
        try b.loadStateDict(a.stateDict())
        for (p, q) in zip(a.parameters(), b.parameters()) { #expect(p.toArray(Float.self) == q.toArray(Float.self)) }
        #expect(zip(before, b.parameters()).allSatisfy { $0 === $1 })
        // copies, not aliases
        noGrad { _ = a.fc.weight.fill_(7.0) }
        #expect(b.fc.weight.toArray(Float.self) != a.fc.weight.toArray(Float.self))
    }

    @Test func hooksRunAndRemove() {
        let relu = ReLU()
        var seen: [[Double]] = []
        let pre = relu.registerForwardPreHook { _, input in input - 1 }
        let post = relu.registerForwardHook { _, input, output in
            seen.append(input.toArray(Double.self))
            return output * 10
        }
        let x = Tensor([0.5, 2.0, 3.0])
        #expect(relu(x).toArray(Double.self) == [0, 10, 20])
        #expect(seen == [[-0.5, 1, 2]])
        pre.remove()
        #expect(relu(x).toArray(Double.self) == [5, 20, 30])
        post.remove()
        #expect(relu(x).toArray(Double.self) == [0.5, 2, 3])
        #expect(seen.count == 2)
    }

    @Test func callSiteIsTheCallersLineDuringForward() {
        let relu = ReLU()
        var site: CallSite?
        relu.registerForwardHook { _, _, _ in
            site = CallSite.current
            return nil
        }
        #expect(CallSite.current == nil)
        let expectedLine: UInt = #line + 1
        _ = relu(Tensor([1.0]))
        #expect(site?.line == expectedLine)
        #expect("\(site!.file)".hasSuffix("ModuleTests.swift"))
        #expect(CallSite.current == nil)
    }

    @Test func trainEvalPropagates() {
        let net = Net()
        #expect(net.modules().allSatisfy { $0.isTraining })
        net.eval()
        #expect(net.modules().allSatisfy { !$0.isTraining })
        net.train()
        #expect(net.head[3].isTraining && (net.blocks[1] as! Block).norm.isTraining)
        net.train(false)
        #expect(!(net.blocks[0] as! Block).fc.isTraining)
    }

    @Test func toFloat64KeepsTensorIdentity() {
        let net = Net()
        let params = net.parameters()
        let buffers = net.buffers()
        let x = Tensor([[1, 2]])
        (net(x)).sum().backward()
        net.to(.float64)
        #expect(zip(params, net.parameters()).allSatisfy { $0 === $1 })
        #expect(zip(buffers, net.buffers()).allSatisfy { $0 === $1 })
        #expect(net.parameters().allSatisfy { $0.dtype == .float64 && $0.requiresGrad && $0.isLeaf })
        #expect(net.embed.weight.grad?.dtype == .float64)
        #expect(net.runningMean.dtype == .float64)
        // the tied weight is still one tensor, and the model runs in float64
        #expect((net.head[2] as! Linear).weight === net.embed.weight)
        #expect(net(x).dtype == .float64)
        net.float()
        #expect(net.scale.dtype == .float32)
    }

    @Test func zeroGradRequiresGradApply() {
        let s = Small()
        s(Tensor([[1.0, -2.0]])).sum().backward()
        #expect(s.fc.weight.grad != nil)
        s.zeroGrad(setToNone: false)
        #expect(s.fc.weight.grad!.toArray(Double.self).allSatisfy { $0 == 0 })
        s.zeroGrad()
        #expect(s.parameters().allSatisfy { $0.grad == nil })
        s.requiresGrad_(false)
        #expect(s.parameters().allSatisfy { !$0.requiresGrad })
        var visited: [String] = []
        s.apply { visited.append($0.moduleName) }
        // children first, then self
        #expect(visited == ["Linear", "Linear", "Small"])
        s.apply { m in if let l = m as? Linear { Init.zeros_(l.weight) } }
        #expect(s.out.weight.toArray(Double.self) == [0, 0, 0])
    }

    @Test func containersIndexAndAppend() {
        let list = ModuleList()
        list.append(Linear(2, 2))
        list.extend([ReLU(), Identity()])
        #expect(list.count == 3 && list[1] is ReLU && list[-1] is Identity)
        #expect(list.map(\.moduleName) == ["Linear", "ReLU", "Identity"])
        let dict = ModuleDict(["act": ReLU(), "fc": Linear(1, 1)])
        dict["out"] = Linear(1, 2)
        #expect(dict.keys == ["act", "fc", "out"])
        #expect(dict.namedParameters().map(\.name) == ["fc.weight", "fc.bias", "out.weight", "out.bias"])
        #expect(dict["act"] is ReLU)
        let seq = Sequential([Linear(2, 2), ReLU()])
        seq.append(Identity())
        #expect(seq.count == 3 && seq.layers.last is Identity)
        // nn.Sequential(OrderedDict(...)) keeps the names
        let named = Sequential(["fc": Linear(2, 1), "act": Sigmoid()] as OrderedDictionary<String, Module>)
        #expect(named.namedParameters().map(\.name) == ["fc.weight", "fc.bias"])
    }

    @Test func missingForwardIsFatal() async {
        // torch: NotImplementedError: Module [Module] is missing the required "forward" function
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Module()(Tensor([1.0]))
        }
        #expect(stderrText(r).contains("Module [Module] is missing the required \"forward\" function"))
    }

    @Test func errorInsideLayerNamesCallersLine() async {
        // torch: RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x3 and 2x4)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let fc = Linear(2, 4)
            _ = fc(Tensor.ones(1, 3))
        }
        let text = stderrText(r)
        #expect(text.contains("mat1 and mat2 shapes cannot be multiplied (1x3 and 2x4)"))
        #expect(text.contains("ModuleTests.swift:"))
    }
}
