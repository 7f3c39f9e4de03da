"""Records PyTorch values for the EmberNN breadth tests and writes the Swift test files.

Run with PyTorch 2.15:  /tmp/torch/bin/python Tests/EmberNNTests/Fixtures/nn_breadth_gen.py
Each test's PyTorch snippet is written above it as a comment; ⟪expr⟫ in a Swift template is
replaced by the value of `expr` after the snippet ran ("[values], shape: [dims]").
"""
import math, os, re, sys
import torch, torch.nn as nn, torch.nn.functional as F

torch.set_printoptions(precision=10)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


def num(v):
    v = float(v)
    if math.isnan(v): return ".nan"
    if math.isinf(v): return ".infinity" if v > 0 else "-.infinity"
    return repr(v)


def values(t):
    if isinstance(t, str):
        return t
    if isinstance(t, (list, tuple)) and t and isinstance(t[0], str):
        return "[" + ", ".join('"' + v + '"' for v in t) + "]"
    if isinstance(t, (list, tuple)):
        return "[" + ", ".join(num(v) for v in t) + "]"
    t = t.detach()
    flat = t.reshape(-1).tolist()
    return "[" + ", ".join(num(v) for v in flat) + "], shape: [" + ", ".join(str(s) for s in t.shape) + "]"


def data_enum(name, tensors):
    lines = [f"enum {name} {{"]
    for k, t in tensors.items():
        dt = {torch.float32: ".float32", torch.float64: ".float64", torch.int64: ".int64"}[t.dtype]
        flat = ", ".join(num(v) if t.is_floating_point() else str(int(v)) for v in t.reshape(-1).tolist())
        lines.append(f"    static var {k}: Tensor {{ Tensor([{flat}], shape: [{', '.join(map(str, t.shape))}], dtype: {dt}) }}")
    lines.append("}")
    return "\n".join(lines)


class Suite:
    def __init__(self, name, header, env):
        self.name, self.header, self.env, self.tests = name, header, env, []

    def test(self, fn_name, py, swift, signature="func {name}()"):
        ns = dict(self.env)
        exec(py, ns)
        def sub(m):
            return values(eval(m.group(1), ns))
        body = re.sub(r"⟪(.+?)⟫", sub, swift.strip("\n"))
        comment = "\n".join("    // " + l for l in py.strip("\n").split("\n"))
        indented = "\n".join(("        " + l) if l else "" for l in body.split("\n"))
        self.tests.append(f"{comment}\n    @Test {signature.format(name=fn_name)} {{\n{indented}\n    }}")

    def raw(self, text):
        self.tests.append(text.strip("\n"))

    def write(self):
        path = os.path.join(OUT, self.name + ".swift")
        with open(path, "w") as f:
            f.write(self.header.strip("\n") + "\n\n@Suite struct " + self.name + " {\n")
            f.write("\n\n".join(self.tests))
            f.write("\n}\n")
        print("wrote", path)


sys.path.insert(0, HERE)
for module in sys.argv[1:] or ["gen_losses", "gen_layers", "gen_optim", "gen_sched"]:
    __import__(module).build(Suite, data_enum, values, num)
