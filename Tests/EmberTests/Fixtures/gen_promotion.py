"""Records PyTorch's type promotion for PromotionTableTests.swift.

Writes promotion_table.txt next to this script:
  promote A B R          torch.promote_types(A, B) == R for all 11 x 11 pairs
  scalar A KIND OP R     (torch.ones(2, dtype=A) OP scalar).dtype == R, KIND one of
                         bool (True), int (2), bigint (1000), float (2.5), complex (1j)
                         and OP one of add, mul, div
  zerodim A B R          (torch.ones(2, dtype=A) + torch.ones((), dtype=B)).dtype == R
R is "error" where PyTorch gives a dtype Ember lacks (complex128, complex32, bcomplex32)
or raises. Run with: /tmp/torch/bin/python gen_promotion.py
"""
import os
import warnings
import torch

warnings.filterwarnings("ignore")
DTYPES = {
    "bool": torch.bool, "uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16,
    "int32": torch.int32, "int64": torch.int64, "float16": torch.float16,
    "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64,
    "complex64": torch.complex64,
}
NAMES = {v: k for k, v in DTYPES.items()}
SCALARS = {"bool": True, "int": 2, "bigint": 1000, "float": 2.5, "complex": 1j}
OPS = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b}


def name(dtype):
    return NAMES.get(dtype, "error")


lines = [f"# torch {torch.__version__}"]
for a, da in DTYPES.items():
    for b, db in DTYPES.items():
        lines.append(f"promote {a} {b} {name(torch.promote_types(da, db))}")
for a, da in DTYPES.items():
    for kind, s in SCALARS.items():
        for op, f in OPS.items():
            try:
                r = name(f(torch.ones(2, dtype=da), s).dtype)
            except Exception:
                r = "error"
            lines.append(f"scalar {a} {kind} {op} {r}")
for a, da in DTYPES.items():
    for b, db in DTYPES.items():
        try:
            r = name((torch.ones(2, dtype=da) + torch.ones((), dtype=db)).dtype)
        except Exception:
            r = "error"
        lines.append(f"zerodim {a} {b} {r}")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "promotion_table.txt")
with open(out, "w") as fh:
    fh.write("\n".join(lines) + "\n")
print(f"wrote {len(lines) - 1} rows to {out}")
