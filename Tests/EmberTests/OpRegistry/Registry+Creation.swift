@testable import Ember

// Factories and random sampling. Random rows get a `Generator(seed:)` equal to the
// recording's `torch.Generator().manual_seed(seed)`: Ember's CPU generator reproduces
// PyTorch's streams bit for bit (RandomTests), so samples are compared exactly.

extension OpRegistry {
    static func addCreation(to t: inout RegistryTable) {
        let all = DTypes.all, numeric = DTypes.numeric, floats = DTypes.floats
        let none: [InputSpec] = []
        let only: [Layout] = [.contiguous]
        // `empty`'s values are undefined: its shape and dtype are checked after `zero_()`.
        t.add("empty", none, all + DTypes.complex, layouts: only,
              ["Tensor.empty": { Tensor.empty([2, 3], dtype: $0.dtype).zero_() },
               "Tensor.empty": { Tensor.empty(2, 3, dtype: $0.dtype).zero_() }])
        t.add("zeros", none, all + DTypes.complex, layouts: only,
              ["Tensor.zeros": { Tensor.zeros([2, 3], dtype: $0.dtype) }])
        t.add("zeros.variadic", none, all + DTypes.complex, layouts: only,
              ["Tensor.zeros": { Tensor.zeros(2, 0, 3, dtype: $0.dtype) }])
        t.add("ones", none, all + DTypes.complex, layouts: only,
              ["Tensor.ones": { Tensor.ones([2, 3], dtype: $0.dtype) }])
        t.add("ones.variadic", none, all + DTypes.complex, layouts: only,
              ["Tensor.ones": { Tensor.ones(4, dtype: $0.dtype) }])
        t.add("full", none, all + DTypes.complex, layouts: only,
              ["Tensor.full": { Tensor.full([2, 3], 1, dtype: $0.dtype) }])
        t.add("full.float", none, all + DTypes.complex, layouts: only,
              ["Tensor.full": { Tensor.full([3], 2.5, dtype: $0.dtype) }])
        let likes: [Layout] = [.contiguous, .transposed, .sliced, .expanded, .scalar, .empty]
        t.add("zerosLike", [.x([3, 4])], all + DTypes.complex, layouts: likes,
              ["Tensor.zeros": { Tensor.zeros(like: $0[0]) }])
        t.add("onesLike", [.x([3, 4])], all + DTypes.complex, layouts: likes,
              ["Tensor.ones": { Tensor.ones(like: $0[0]) }])
        t.add("onesLike.dtype", [.x([3, 4])], all + DTypes.complex, layouts: [.contiguous],
              ["Tensor.ones": { Tensor.ones(like: $0[0], dtype: .float64) }])
        t.add("emptyLike", [.x([3, 4])], all + DTypes.complex, layouts: likes,
              ["Tensor.empty": { Tensor.empty(like: $0[0]).zero_() }])
        t.add("fullLike", [.x([3, 4])], all + DTypes.complex, layouts: likes,
              ["Tensor.full": { Tensor.full(like: $0[0], 1) }])
        t.add("eye", none, all + DTypes.complex, layouts: only, ["Tensor.eye": { Tensor.eye(3, dtype: $0.dtype) }])
        t.add("eye.rect", none, all + DTypes.complex, layouts: only,
              ["Tensor.eye": { Tensor.eye(2, 4, dtype: $0.dtype) }])
        t.add("arange", none, numeric, layouts: only, ["Tensor.arange": { Tensor.arange(5, dtype: $0.dtype) }])
        t.add("arange.step", none, numeric, layouts: only,
              ["Tensor.arange": { Tensor.arange(1, 8, step: 2, dtype: $0.dtype) }])
        // PyTorch casts start and step to an integer dtype before stepping (step 0.375 -> 0).
        t.add("arange.float", none, numeric, layouts: only,
              known: Dictionary(uniqueKeysWithValues: DTypes.ints.map { ("\($0)/contiguous", Gap.intArange) }),
              ["Tensor.arange": { Tensor.arange(-1.0, 1.0, step: 0.375, dtype: $0.dtype) }])
        t.add("init.literal", none, all + DTypes.complex, layouts: only,
              ["Tensor.init": { Tensor([[1, 0, 3], [4, 5, 0]], dtype: $0.dtype) }])
        t.add("init.values", none, floats + DTypes.signedInts + DTypes.existing(["bool"]) + DTypes.complex,
              layouts: only,
              ["Tensor.init": { Tensor([1.5, -2.25, 0, 3], shape: [2, 2], dtype: $0.dtype) }])
        t.add("linspace", none, numeric + DTypes.complex, layouts: only,
              known: ["uint8/contiguous": Gap.uint8Linspace],
              ["Tensor.linspace": { Tensor.linspace(-1, 2, steps: 7, dtype: $0.dtype) }])
    }

    static func addRandom(to t: inout RegistryTable) {
        let numeric = DTypes.numeric, floats = DTypes.floats
        let none: [InputSpec] = []
        let only: [Layout] = [.contiguous]
        t.add("rand", none, floats + DTypes.complex, layouts: only, random: true,
              ["Tensor.rand": { Tensor.rand([2, 9], dtype: $0.dtype, generator: $0.generator) },
               "Tensor.uniform_": { Tensor.empty([2, 9], dtype: $0.dtype).uniform_(generator: $0.generator) }])
        t.add("rand.variadic", none, floats + DTypes.complex, layouts: only, random: true,
              ["Tensor.rand": { Tensor.rand(20, dtype: $0.dtype, generator: $0.generator) }])
        t.add("randn", none, floats + DTypes.complex, layouts: only, random: true,
              ["Tensor.randn": { Tensor.randn([3, 7], dtype: $0.dtype, generator: $0.generator) },
               "Tensor.normal_": { Tensor.empty([3, 7], dtype: $0.dtype).normal_(generator: $0.generator) }])
        t.add("randn.variadic", none, floats + DTypes.complex, layouts: only, random: true,
              ["Tensor.randn": { Tensor.randn(2, 17, dtype: $0.dtype, generator: $0.generator) }])
        t.add("randLike", [.x([3, 4])], floats + DTypes.complex, layouts: [.contiguous, .transposed], random: true,
              ["Tensor.rand": { Tensor.rand(like: $0[0], generator: $0.generator) }])
        t.add("randnLike", [.x([3, 4])], floats + DTypes.complex, layouts: [.contiguous, .transposed], random: true,
              ["Tensor.randn": { Tensor.randn(like: $0[0], generator: $0.generator) }])
        t.add("randint", none, DTypes.signedInts + floats, layouts: only, random: true,
              ["Tensor.randint": { Tensor.randint(-3, 10, [2, 5], dtype: $0.dtype, generator: $0.generator) },
               "Tensor.random_": { Tensor.empty([2, 5], dtype: $0.dtype).random_(-3, 10, generator: $0.generator) }])
        t.add("randint.high", none, numeric, layouts: only, random: true,
              ["Tensor.randint": { Tensor.randint(7, [9], dtype: $0.dtype, generator: $0.generator) },
               "Tensor.random_": { Tensor.empty([9], dtype: $0.dtype).random_(7, generator: $0.generator) }])
        t.add("randperm", none, numeric, layouts: only, random: true,
              ["Tensor.randperm": { Tensor.randperm(12, dtype: $0.dtype, generator: $0.generator) }])
        t.add("normal", none, floats + DTypes.complex, layouts: only, random: true,
              ["Tensor.normal": { Tensor.normal(mean: 1, std: 2, size: [2, 5], dtype: $0.dtype, generator: $0.generator) },
               "Tensor.normal_": { Tensor.empty([2, 5], dtype: $0.dtype).normal_(mean: 1, std: 2, generator: $0.generator) }])
        t.add("uniform_", none, floats + DTypes.complex, layouts: only, random: true,
              ["Tensor.uniform_": { Tensor.empty([11], dtype: $0.dtype).uniform_(-1, 2, generator: $0.generator) },
               "Tensor.uniform_": { Tensor.empty([11], dtype: $0.dtype).uniform_(from: -1, to: 2, generator: $0.generator) }])
        t.add("exponential_", none, floats, layouts: only, random: true,
              ["Tensor.exponential_": { Tensor.empty([10], dtype: $0.dtype).exponential_(lambd: 1.5, generator: $0.generator) }])
        t.add("bernoulli_", none, DTypes.all, layouts: only, random: true,
              ["Tensor.bernoulli_": { Tensor.empty([3, 6], dtype: $0.dtype).bernoulli_(p: 0.3, generator: $0.generator) }])
        t.add("bernoulli_.tensor", [.x([3, 4], .probs)], floats, layouts: [.contiguous, .transposed, .sliced],
              random: true,
              ["Tensor.bernoulli_": { Tensor.zeros([3, 4], dtype: $0.dtype).bernoulli_(p: $0[0], generator: $0.generator) }])
        t.add("bernoulli", [.x([3, 4], .probs)], floats, layouts: [.contiguous, .transposed, .sliced], random: true,
              ["bernoulli": { bernoulli($0[0], generator: $0.generator) }])
        t.add("multinomial", [.x([2, 6], .probs)], floats, layouts: [.contiguous, .transposed, .sliced], random: true,
              ["multinomial": { multinomial($0[0], numSamples: 3, generator: $0.generator) }])
        t.add("multinomial.replacement", [.x([5], .probs)], floats, layouts: [.contiguous, .sliced], random: true,
              ["multinomial": { multinomial($0[0], numSamples: 8, replacement: true, generator: $0.generator) }])
    }
}
