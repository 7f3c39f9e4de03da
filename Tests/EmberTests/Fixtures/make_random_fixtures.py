# Records PyTorch's CPU random streams for RandomTests / RandomParityTests.
# Run: python make_random_fixtures.py > random_streams.txt   (torch 2.15, x86-64 wheel)
# Each line: key count fnv1a64(bit patterns) first-bits last-bits
import torch

SIZES = [1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 1000, 10000]
SEEDS = [0, 1, 42, 1234]
BITS = {torch.float32: (torch.int32, 0xffffffff), torch.float64: (torch.int64, 0xffffffffffffffff),
        torch.float16: (torch.int16, 0xffff), torch.int64: (torch.int64, 0xffffffffffffffff),
        torch.int32: (torch.int32, 0xffffffff), torch.uint8: (torch.uint8, 0xff)}

def bits(t):
    t = t.contiguous().reshape(-1)
    if t.dtype == torch.bool:
        t = t.to(torch.uint8)
    view, mask = BITS[t.dtype]
    return [v & mask for v in t.view(view).tolist()]

def fnv(ws):
    h = 0xcbf29ce484222325
    for w in ws:
        h = ((h ^ w) * 0x100000001b3) & 0xffffffffffffffff
    return h

def emit(key, t):
    b = bits(t)
    print(f"{key} {len(b)} {fnv(b):016x} {b[0]:x} {b[-1]:x}")

DT = {'f32': torch.float32, 'f64': torch.float64, 'f16': torch.float16}
for name, dt in DT.items():
    for s in SEEDS:
        torch.manual_seed(s)
        for n in SIZES:
            emit(f"randn.{name}.{s}.{n}", torch.randn(n, dtype=dt))
        for n in SIZES:
            emit(f"rand.{name}.{s}.{n}", torch.rand(n, dtype=dt))
    torch.manual_seed(7)
    for n in [5, 16, 100, 10000]:
        emit(f"normal.{name}.{n}", torch.empty(n, dtype=dt).normal_(0.5, 2.0))
        emit(f"uniform.{name}.{n}", torch.empty(n, dtype=dt).uniform_(-0.3, 0.7))
        emit(f"exponential.{name}.{n}", torch.empty(n, dtype=dt).exponential_(1.5))
    g = torch.Generator().manual_seed(99)
    emit(f"gen.{name}", torch.cat([torch.randn(5, dtype=dt, generator=g), torch.randn(40, dtype=dt, generator=g),
                                   torch.rand(7, dtype=dt, generator=g)]))

torch.manual_seed(3)
for lo, hi in [(0, 10), (-5, 5), (0, 2**31), (0, 2**32), (-2**40, 2**40), (0, 2**62)]:
    emit(f"randint.{lo}.{hi}", torch.randint(lo, hi, (1000,)))
emit("randint.i32", torch.randint(-100, 100, (100,), dtype=torch.int32))
emit("randint.f32", torch.randint(0, 2**20, (100,), dtype=torch.float32))
emit("randint.i32big", torch.randint(-2**30, 2**30, (100,), dtype=torch.int32))
emit("randint.u8", torch.randint(0, 256, (100,), dtype=torch.uint8))
for n in [1, 2, 10, 100, 1000, 10000]:
    emit(f"randperm.{n}", torch.randperm(n))

torch.manual_seed(5)
for p in [0.5, 0.1, 0.9]:
    for n in [1, 17, 10000]:
        emit(f"bernoulli.{p}.{n}", torch.empty(n).bernoulli_(p))
emit("bernoulli.f64self", torch.empty(100, dtype=torch.float64).bernoulli_(0.3))
probs32 = torch.linspace(0, 1, 1000)
probs64 = torch.linspace(0, 1, 1000, dtype=torch.float64)
emit("bernoulli.t32", torch.bernoulli(probs32))
emit("bernoulli.t64", torch.bernoulli(probs64))
emit("bernoulli.t32_", torch.zeros(1000).bernoulli_(probs32))

torch.manual_seed(11)
w32 = torch.tensor([0.1, 2.0, 0.0, 3.5, 1.0, 0.25, 0.7])
w2 = torch.tensor([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 1.0, 0.5], [5.0, 0.1, 0.1, 0.1]])
emit("multinomial.rep", torch.multinomial(w32, 1000, replacement=True))
emit("multinomial.rep2d", torch.multinomial(w2, 500, replacement=True))
emit("multinomial.rep64", torch.multinomial(w32.double(), 1000, replacement=True))
emit("multinomial.norep", torch.multinomial(w32, 6, replacement=False))
emit("multinomial.norep2d", torch.multinomial(w2, 2, replacement=False))
emit("multinomial.one", torch.multinomial(w32, 1))
emit("multinomial.one2d", torch.multinomial(w2, 1))
emit("multinomial.norep64", torch.multinomial(w32.double(), 5))
emit("multinomial.big", torch.multinomial(torch.rand(300), 100))

# state bytes after a partial stream (cached normal valid), and after a full twist
torch.manual_seed(8); torch.randn(3)
emit("state.cached", torch.get_rng_state())
torch.randn(1); torch.rand(700)
emit("state.later", torch.get_rng_state())
torch.manual_seed(2**40 + 5)
emit("state.seed64", torch.get_rng_state())
