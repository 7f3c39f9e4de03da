"""Writes proto_small.onnx, the fixture ProtoTests.swift decodes.

Run with a python that has onnx and numpy:  python make_proto_fixtures.py
The model is written by the onnx package itself (proto2 serializer), so repeated int64 fields
such as `dims` and attribute `ints` come out unpacked and `int64_data`/`float_data` packed:
the decoder must read both encodings. Values are chosen to exercise negative int64s,
zero-valued attributes, empty strings, graph attributes and every tensor data field.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))

# Initializers: raw_data (as exporters write), packed float_data, packed int64_data with -1.
w = numpy_helper.from_array(np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32), name="W")
b = helper.make_tensor("B", TensorProto.FLOAT, [2], [0.5, -0.25], raw=False)
shape = helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 1], raw=False)
cond = helper.make_tensor("cond", TensorProto.BOOL, [], [True], raw=False)
pads = helper.make_tensor("pads", TensorProto.INT64, [4], [0, 1, 0, 0], raw=False)

then_graph = helper.make_graph(
    [helper.make_node("Identity", ["T"], ["then_out"])], "then_branch", [],
    [helper.make_tensor_value_info("then_out", TensorProto.FLOAT, None)])
else_graph = helper.make_graph(
    [helper.make_node("Neg", ["T"], ["else_out"])], "else_branch", [],
    [helper.make_tensor_value_info("else_out", TensorProto.FLOAT, None)])

nodes = [
    helper.make_node("Gemm", ["X", "W", "B"], ["H"], name="gemm", alpha=0.5, beta=1.0, transB=0,
                     doc_string="a Gemm"),
    helper.make_node("Reshape", ["H", "shape"], ["R"], name="reshape"),
    helper.make_node("ReduceMean", ["R"], ["M"], name="mean", axes=[-1], keepdims=1),
    helper.make_node("Pad", ["M", "pads", ""], ["T"], name="pad", mode="constant"),
    helper.make_node("If", ["cond"], ["Y"], name="if", then_branch=then_graph, else_branch=else_graph),
    helper.make_node(
        "AllKinds", [], ["Z"], name="custom", domain="ai.ember.test",
        floats=[1.5, -2.25], strings=["a", ""], big=[2**40, -(2**40), 2**63 - 1, -(2**63)],
        zero=0.0, value=helper.make_tensor("c", TensorProto.DOUBLE, [2], [3.5, -1.0]),
        ints32=helper.make_tensor("i32", TensorProto.INT32, [3], [-7, 0, 7]),
        u64=helper.make_tensor("u64", TensorProto.UINT64, [1], [2**64 - 1])),
]

graph = helper.make_graph(
    nodes, "fixture", [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 3])],
    [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", None]),
     helper.make_tensor_value_info("Z", TensorProto.FLOAT, [])],
    initializer=[w, b, shape, cond, pads], doc_string="graph doc")

model = helper.make_model(
    graph, producer_name="ember-fixtures", producer_version="1.0", domain="ai.ember.test",
    model_version=3, doc_string="proto fixture",
    opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.ember.test", 1)])
model.ir_version = 8
helper.set_model_props(model, {"author": "ember", "empty": ""})
onnx.checker.check_model(model)
with open(os.path.join(here, "proto_small.onnx"), "wb") as f:
    f.write(model.SerializeToString())
