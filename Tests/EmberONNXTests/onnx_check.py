#!/usr/bin/env python3
"""Checks an ONNX model that Ember exported against onnx's checker and onnxruntime.

    onnx_check.py FOLDER [--rtol 1e-4] [--atol 1e-5]
    onnx_check.py FOLDER --print-io

FOLDER holds model.onnx and one or more input/expected pairs: inputs.npz with expected.npz,
inputs_1.npz with expected_1.npz, ... (paired by the suffix after "inputs"). Inputs are keyed by
the graph input names, expected outputs by the graph output names.

Steps, each printed on its own line; the first step that fails prints why and exits 1:
  1. onnx.load, then the IR version, opsets and ops used;
  2. onnx.checker.check_model(model, full_check=True) (strict shape inference included);
  3. an onnxruntime.InferenceSession on the CPU provider;
  4. every pair: run, then every output compared with expected: shape and dtype exactly;
     floating point as numpy.allclose(actual, expected, rtol, atol) (NaN matches NaN), with the
     max abs and rel differences and the worst element; bool, integer and string outputs exactly.
     All pairs and outputs are compared, every mismatch printed, before exiting 1.
Exits 0 when everything passed, 1 otherwise (2: bad command line).

--print-io prints only one line, `IO: ` then JSON: the graph inputs (initializers left out) and
outputs, each {"name", "elem_type" (e.g. "FLOAT"), "shape"}; shape is a list whose items are
an int (dim_value), a string (dim_param) or null (neither), or null when the rank is unknown.

Needs numpy, onnx and onnxruntime only (no torch).
"""

import argparse
import glob
import json
import os
import re
import sys

import numpy as np


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def elem_type_name(onnx, elem_type):
    try:
        return onnx.TensorProto.DataType.Name(elem_type)
    except ValueError:
        return f"UNKNOWN({elem_type})"


def describe_type(onnx, type_proto):
    """(elem_type, shape) of a ValueInfo's type, for --print-io."""
    kind = type_proto.WhichOneof("value")
    if kind in ("tensor_type", "sparse_tensor_type"):
        tensor = getattr(type_proto, kind)
        elem = elem_type_name(onnx, tensor.elem_type)
        if kind == "sparse_tensor_type":
            elem = f"SPARSE_{elem}"
        if not tensor.HasField("shape"):
            return elem, None
        dims = []
        for d in tensor.shape.dim:
            which = d.WhichOneof("value")
            if which == "dim_value":
                dims.append(int(d.dim_value))
            elif which == "dim_param":
                dims.append(d.dim_param)
            else:
                dims.append(None)
        return elem, dims
    return (kind or "undefined"), None


def print_io(onnx, model):
    graph = model.graph
    initializers = {t.name for t in graph.initializer} | {t.values.name for t in graph.sparse_initializer}

    def entry(value_info):
        elem, shape = describe_type(onnx, value_info.type)
        return {"name": value_info.name, "elem_type": elem, "shape": shape}

    io = {
        "inputs": [entry(v) for v in graph.input if v.name not in initializers],
        "outputs": [entry(v) for v in graph.output],
    }
    print("IO: " + json.dumps(io, separators=(",", ":")))


def ops_used(graph, found):
    """Op types of a graph, its subgraphs (If, Loop, Scan bodies) included, as domain-qualified names."""
    for node in graph.node:
        domain = node.domain if node.domain not in ("", "ai.onnx") else ""
        found.add(f"{domain}::{node.op_type}" if domain else node.op_type)
        for attr in node.attribute:
            if attr.HasField("g"):
                ops_used(attr.g, found)
            for g in attr.graphs:
                ops_used(g, found)
    return found


def suffix_key(suffix):
    """Natural order: "" first, then _1, _2, ..., _10."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", suffix)]


def find_pairs(folder):
    pairs = []
    for path in glob.glob(os.path.join(folder, "inputs*.npz")):
        name = os.path.basename(path)
        suffix = name[len("inputs"):-len(".npz")]
        expected = os.path.join(folder, f"expected{suffix}.npz")
        pairs.append((suffix, path, expected))
    pairs.sort(key=lambda p: suffix_key(p[0]))
    return pairs


def load_npz(path):
    with np.load(path, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def fmt_index(index):
    return "(" + ", ".join(str(int(i)) for i in index) + ")" if index else "()"


def fmt_value(v):
    if isinstance(v, (np.floating, float)):
        return f"{float(v):.9g}"
    if isinstance(v, (np.complexfloating, complex)):
        return f"{complex(v):.9g}"
    return repr(v.item() if hasattr(v, "item") else v)


def compare(name, actual, expected, rtol, atol):
    """(ok, detail) for one output."""
    if not isinstance(actual, np.ndarray):
        return False, f"onnxruntime returned {type(actual).__name__}, not a tensor"
    if actual.shape != expected.shape:
        return False, f"shape {list(actual.shape)} from onnxruntime, expected {list(expected.shape)}"
    if actual.dtype != expected.dtype:
        return False, f"dtype {actual.dtype} from onnxruntime, expected {expected.dtype}"
    if actual.size == 0:
        return True, "empty"

    kind = actual.dtype.kind
    if kind not in "fc":
        # bool, integers, strings: exact.
        differ = actual != expected
        count = int(np.count_nonzero(differ))
        if count == 0:
            return True, "exact"
        index = tuple(np.argwhere(differ)[0])
        return False, (f"{count} of {actual.size} elements differ (compared exactly); first at "
                       f"{fmt_index(index)}: got {fmt_value(actual[index])}, expected {fmt_value(expected[index])}")

    wide = np.complex128 if kind == "c" else np.float64
    a = actual.astype(wide)
    e = expected.astype(wide)
    a_nan, e_nan = np.isnan(a), np.isnan(e)
    both_nan = a_nan & e_nan
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(a - e)
        # Equal infinities differ by nan: count them as equal, like numpy.allclose.
        diff = np.where(a == e, 0.0, diff)
        diff = np.where(both_nan, 0.0, diff)
        diff = np.where(a_nan ^ e_nan, np.inf, diff)
        mag = np.abs(e)
        rel = np.where(diff == 0, 0.0, np.where(mag > 0, diff / np.where(mag > 0, mag, 1.0), np.inf))
        tolerance = atol + rtol * np.where(np.isfinite(mag), mag, 0.0)
        excess = np.where(np.isfinite(diff), diff - tolerance, np.inf)
    bad = excess > 0
    count = int(np.count_nonzero(bad))
    max_abs = float(np.max(diff))
    max_rel = float(np.max(rel))
    nan_note = f", {int(np.count_nonzero(both_nan))} NaN in both" if both_nan.any() else ""
    if count == 0:
        return True, f"max abs {max_abs:.3g}, max rel {max_rel:.3g}{nan_note}"
    worst = np.unravel_index(int(np.argmax(excess)), excess.shape)
    worst = tuple(int(i) for i in worst)
    return False, (f"{count} of {actual.size} elements exceed atol={atol:g} + rtol={rtol:g}*|expected|; "
                   f"max abs {max_abs:.3g}, max rel {max_rel:.3g}; worst at {fmt_index(worst)}: "
                   f"got {fmt_value(actual[worst])}, expected {fmt_value(expected[worst])}{nan_note}")


def main():
    parser = argparse.ArgumentParser(description="Check an exported ONNX model with onnx.checker and onnxruntime.")
    parser.add_argument("folder", help="folder with model.onnx, inputs*.npz and expected*.npz")
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument("--print-io", action="store_true",
                        help="print the graph inputs and outputs as one `IO: {json}` line and exit")
    args = parser.parse_args()

    try:
        import onnx
    except ImportError as e:
        fail(f"cannot import onnx ({e}); install it with `pip install onnx onnxruntime numpy`")

    model_path = os.path.join(args.folder, "model.onnx")
    if not os.path.isfile(model_path):
        fail(f"no model.onnx in {args.folder}")
    try:
        model = onnx.load(model_path)
    except Exception as e:  # noqa: BLE001 - any parse error is the message
        fail(f"onnx.load({model_path}): {type(e).__name__}: {e}")

    if args.print_io:
        print_io(onnx, model)
        return 0

    try:
        import onnxruntime as ort
    except ImportError as e:
        fail(f"cannot import onnxruntime ({e}); install it with `pip install onnx onnxruntime numpy`")

    print(f"versions: numpy {np.__version__}, onnx {onnx.__version__}, onnxruntime {ort.__version__}")
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    print(f"model: ir_version {model.ir_version}, opset {opsets}, "
          f"producer {model.producer_name or '?'} {model.producer_version}".rstrip())
    print("ops: " + ", ".join(sorted(ops_used(model.graph, set()))))

    # 1. The checker, shape inference strict.
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # noqa: BLE001 - ValidationError, InferenceError, ...
        print("checker: FAILED")
        fail(f"onnx.checker.check_model(full_check=True): {type(e).__name__}: {e}")
    print("checker: ok")

    # 2. onnxruntime loads it.
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # tests run many of these side by side
    options.inter_op_num_threads = 1
    try:
        session = ort.InferenceSession(model_path, sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as e:  # noqa: BLE001
        print("onnxruntime: FAILED to load")
        fail(f"onnxruntime.InferenceSession: {type(e).__name__}: {e}")
    input_names = [i.name for i in session.get_inputs()]
    output_names = [o.name for o in session.get_outputs()]
    print(f"onnxruntime: session ok (CPUExecutionProvider); inputs {input_names}, outputs {output_names}")

    # 3. Every input/expected pair.
    pairs = find_pairs(args.folder)
    if not pairs:
        fail(f"no inputs*.npz in {args.folder}")
    failures = []
    for suffix, inputs_path, expected_path in pairs:
        inputs_name = os.path.basename(inputs_path)
        label = f"run {inputs_name}"
        if not os.path.isfile(expected_path):
            failures.append(f"{label}: no {os.path.basename(expected_path)} beside it")
            print(f"{label}: FAILED, no {os.path.basename(expected_path)}")
            continue
        try:
            feeds = load_npz(inputs_path)
            expected = load_npz(expected_path)
        except Exception as e:  # noqa: BLE001
            failures.append(f"{label}: cannot read npz: {type(e).__name__}: {e}")
            print(f"{label}: FAILED to read npz")
            continue
        missing = [n for n in input_names if n not in feeds]
        extra = [n for n in feeds if n not in input_names]
        if missing or extra:
            message = f"{label}: {inputs_name} keys {sorted(feeds)} do not match the graph inputs {input_names}"
            failures.append(message)
            print(f"{label}: FAILED, input names")
            continue
        missing = [n for n in output_names if n not in expected]
        extra = [n for n in expected if n not in output_names]
        if missing or extra:
            message = (f"{label}: {os.path.basename(expected_path)} keys {sorted(expected)} "
                       f"do not match the graph outputs {output_names}")
            failures.append(message)
            print(f"{label}: FAILED, output names")
            continue
        try:
            results = session.run(output_names, feeds)
        except Exception as e:  # noqa: BLE001
            failures.append(f"{label}: onnxruntime run: {type(e).__name__}: {e}")
            print(f"{label}: FAILED in onnxruntime")
            continue
        shapes = ", ".join(f"{n} {feeds[n].dtype} {list(feeds[n].shape)}" for n in input_names)
        print(f"{label}: ran ({shapes})")
        for name, actual in zip(output_names, results):
            ok, detail = compare(name, actual, expected[name], args.rtol, args.atol)
            if ok:
                print(f"{label}: output {name} ok ({detail})")
            else:
                print(f"{label}: output {name} MISMATCH: {detail}")
                failures.append(f"{label}: output {name} MISMATCH: {detail}")

    if failures:
        print(f"FAIL: {len(failures)} problem(s):")
        for f in failures:
            print(f"  {f}")
        return 1
    print(f"OK: checker, onnxruntime and {len(pairs)} input pair(s) passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
