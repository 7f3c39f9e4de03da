#!/usr/bin/env python3
"""Records the op registry's expected values from PyTorch.

Reads registry_spec.json (the Swift table, exported by
`EMBER_REGISTRY_EXPORT=1 swift test --filter OpRegistryTests/specFile`), draws each row's
inputs for each dtype and recorded case (seeded), runs the PyTorch call that mirrors the row,
and writes inputs and outputs to op_registry.safetensors:

    <key>/<dtype>/<case>/in<i>, <key>/<dtype>/<case>/out<j>     case: base, expand, scalar, empty

Run with /tmp/torch/bin/python (torch 2.15, x86-64 CPU wheel: the random rows rely on its
generator streams). Exits non-zero, naming them, when a row has no PyTorch mirror here or
PyTorch rejects one of its cases.

`--probe bool,uint8,…` instead lists, per row, the named dtypes PyTorch accepts that the row
neither runs nor lists under `skip:` (the table should name every dtype PyTorch supports).
"""
import json
import math
import os
import sys

import torch
from safetensors.torch import save_file

from ops_basic import OPS as BASIC
from ops_more import OPS as MORE

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {
    "bool": torch.bool, "uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16, "int32": torch.int32,
    "int64": torch.int64, "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32,
    "float64": torch.float64, "complex64": torch.complex64,
}


def fnv(text):
    h = 0xCBF29CE484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


class Args(list):
    """What a row's PyTorch mirror gets: the inputs, the case's dtype and a generator."""

    def __init__(self, inputs, dtype, gen):
        super().__init__(inputs)
        self.dtype = dtype
        self.gen = gen


def draw(spec, shape, dtype, g):
    """An input's values, as `Domain` in OpRegistry.swift describes them."""
    domain = spec["domain"]
    if spec["dtype"] is not None:
        dtype = DTYPES[spec["dtype"]]
    if domain == "index":
        return torch.randint(spec["lo"], spec["hi"], shape, generator=g)
    if domain == "perm":
        dim, full = spec["dim"], list(shape)
        full[dim] = spec["hi"]
        return torch.rand(full, generator=g).argsort(dim=dim).narrow(dim, 0, shape[dim]).contiguous()
    if domain == "mask":
        return torch.rand(shape, generator=g) < 0.5
    u = torch.rand(shape, generator=g, dtype=torch.float64)
    if domain == "distinct":
        n = u.numel()
        v = torch.randperm(n, generator=g).reshape(shape).to(torch.float64)
        return (v if dtype == torch.uint8 else v - n // 2).to(dtype)
    if dtype == torch.bool:
        return torch.ones(shape, dtype=torch.bool) if domain in ("positive", "nonzero", "probs") else u < 0.5
    unsigned = dtype == torch.uint8
    if dtype.is_floating_point or dtype.is_complex:
        n = torch.randn(shape, generator=g, dtype=torch.float64)
        v = {
            "real": n * 2,
            "positive": 0.25 + 3.75 * u,
            "unit": (2 * u - 1) * 0.95,
            "nonzero": torch.where(n < 0, -1.0, 1.0) * (0.5 + 2.5 * u),
            "probs": 0.05 + 0.9 * u,
            "exponent": 0.5 + 1.5 * u,
            "coarse": torch.floor(u * 5) - 2,
            "special": n * 2,
        }[domain]
        if domain == "special" and v.numel() >= 8:
            flat = v.view(-1)
            flat[1], flat[4], flat[7] = math.nan, math.inf, -math.inf
        if dtype.is_complex:  # an imaginary part of the same size
            v = v + 1j * torch.randn(shape, generator=g, dtype=torch.float64)
        return v.to(dtype)
    lo, hi = {
        "real": (0, 16) if unsigned else (-8, 9),
        "positive": (1, 9),
        "unit": (0, 2) if unsigned else (-1, 2),
        "nonzero": (1, 6),
        "probs": (0, 2),
        "exponent": (0, 4),
        "coarse": (0, 3) if unsigned else (-2, 3),
        "special": (0, 16) if unsigned else (-8, 9),
    }[domain]
    v = torch.floor(lo + (hi - lo) * u)
    if domain == "nonzero" and not unsigned:
        v = v * torch.where(torch.rand(shape, generator=g) < 0.5, -1.0, 1.0)
    return v.to(dtype)


def outputs(result):
    if isinstance(result, torch.Tensor):
        return [result]
    return [r if isinstance(r, torch.Tensor) else torch.tensor(r) for r in result]


def probe(rows, ops, names):
    """Lists, per row, the dtypes among `names` that PyTorch accepts but the row does not
    list (`--probe`): the table should name every dtype PyTorch supports for an op."""
    for row in rows:
        fn = ops.get(row["key"])
        if row["inputs"] and all(i["dtype"] for i in row["inputs"]):
            continue  # every input has a fixed dtype: the case's dtype is not used
        extra = []
        for dtname in names:
            if dtname in row["dtypes"] or dtname in row["skipped"]:
                continue
            dt = DTYPES[dtname]
            try:
                g = torch.Generator().manual_seed(0)
                shapes = row["variants"]["base"]
                inputs = [draw(s, shape, dt, g) for s, shape in zip(row["inputs"], shapes)]
                fn(Args(inputs, dt, torch.Generator().manual_seed(0)))
                extra.append(dtname)
            except Exception:
                pass
        if extra:
            print(f"{row['key']}: PyTorch also takes {', '.join(extra)}")


def main():
    spec_text = open(os.path.join(HERE, "registry_spec.json")).read()
    rows = json.loads(spec_text)["rows"]
    ops = {**BASIC, **MORE}
    if "--probe" in sys.argv:
        names = sys.argv[sys.argv.index("--probe") + 1].split(",")
        probe(rows, ops, names)
        return
    tensors, problems = {}, []
    for row in rows:
        key = row["key"]
        fn = ops.get(key)
        if fn is None:
            problems.append(f"{key}: no PyTorch mirror in ops_*.py")
            continue
        for dtname in row["dtypes"]:
            dt = DTYPES[dtname]
            for case in row["recorded"]:
                prefix = f"{key}/{dtname}/{case}"
                seed = fnv(prefix) & 0xFFFFFFFF
                g = torch.Generator().manual_seed(seed)
                shapes = row["variants"][case]
                inputs = [draw(s, shape, dt, g) for s, shape in zip(row["inputs"], shapes)]
                call = [x.clone() for x in inputs]
                if case == "expand":
                    call = [x.expand(to) if list(x.shape) != to else x for x, to in zip(inputs, row["variants"]["expand_to"])]
                try:
                    args = Args(call, dt, torch.Generator().manual_seed(seed))
                    outs = outputs(fn(args))
                except Exception as e:  # PyTorch rejects the case: the table must not list it
                    problems.append(f"{prefix}: {type(e).__name__}: {str(e).splitlines()[0]}")
                    continue
                for i, x in enumerate(inputs):
                    tensors[f"{prefix}/in{i}"] = x.contiguous().clone()
                for j, o in enumerate(outs):
                    tensors[f"{prefix}/out{j}"] = o.detach().resolve_conj().resolve_neg().contiguous().clone()
    out = os.path.join(HERE, "op_registry.safetensors")
    save_file(tensors, out, metadata={"spec_fnv": format(fnv(spec_text), "x")})
    os.chmod(out, 0o644)
    print(f"{len(rows)} rows, {len(tensors)} tensors, {os.path.getsize(out)} bytes -> {out}")
    for p in problems:
        print("problem:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
