"""Writes the serialization fixtures for SafetensorsTests, NumpyTests and PyTorchFileTests.

    /tmp/torch/bin/python Tests/EmberTests/Fixtures/serialization/make_serialization_fixtures.py

torch 2.15, numpy 2.4, safetensors 0.8 (pip). Values are small and deterministic so the
tests can state them: `base` below is arange(6) reshaped (2, 3), cast per dtype.

- st_all_dtypes.safetensors: safetensors.torch.save_file of one tensor per Ember dtype, a
  0-d and an empty tensor, with metadata {"format": "pt", "source": "ember-fixtures"}.
- np_<dtype>.npy: np.save of base.astype(dtype) for b1, u1, i4, i8, f2, f4, f8 (C order);
  np_fortran_f8.npy: np.asfortranarray(base as float64); np_big_i4.npy: base as '>i4';
  np_scalar_f8.npy: np.float64(2.5) as a 0-d array; np_3d_f4.npy: arange(24) (2, 3, 4) float32
  in Fortran order.
- np_savez.npz: np.savez(a=base f4, b=[True, False], c=base i8);
  np_savez_compressed.npz: np.savez_compressed of the same.
- pt_state_dict.pt: torch.save of a seeded Sequential(Linear(3, 2), Conv2d(1, 2, 2),
  BatchNorm2d(2)) state dict; pt_state_dict.safetensors: the same state dict through
  safetensors.torch.save_file (the tests check the two readers agree);
  pt_legacy.pt: the same through _use_new_zipfile_serialization=False;
  pt_deflate.pt: pt_state_dict.pt with every zip entry re-compressed with deflate;
  pt_views.pt: {"x": arange(12) float64 reshaped (3, 4), "t": x.t(), "s": x[1:, ::2]}
  (views sharing one storage, with offset and strides);
  pt_malicious.pt: torch.save of an object whose __reduce__ calls os.system (must be refused).
"""
import os
import zipfile

import numpy as np
import safetensors.torch
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def safetensors_fixture():
    base = torch.arange(6).reshape(2, 3)
    tensors = {
        "bool": base % 2 == 0,
        "uint8": base.to(torch.uint8) * 40,
        "int32": base.to(torch.int32) - 3,
        "int64": base.to(torch.int64) * 1_000_000_000_000,
        "float16": base.to(torch.float16) / 4,
        "float32": base.to(torch.float32) / 3,
        "float64": base.to(torch.float64) / 7,
        "scalar": torch.tensor(1.5, dtype=torch.float32),
        "empty": torch.zeros(0, 4, dtype=torch.float32),
    }
    safetensors.torch.save_file(tensors, path("st_all_dtypes.safetensors"),
                                metadata={"format": "pt", "source": "ember-fixtures"})


def numpy_fixtures():
    base = np.arange(6).reshape(2, 3)
    for code in ["b1", "u1", "i4", "i8", "f2", "f4", "f8"]:
        values = base % 2 == 0 if code == "b1" else base.astype(code)
        np.save(path(f"np_{code}.npy"), values)
    np.save(path("np_fortran_f8.npy"), np.asfortranarray(base.astype("f8")))
    np.save(path("np_big_i4.npy"), base.astype(">i4"))
    np.save(path("np_scalar_f8.npy"), np.array(2.5))
    np.save(path("np_3d_f4.npy"), np.asfortranarray(np.arange(24, dtype="f4").reshape(2, 3, 4)))
    arrays = dict(a=base.astype("f4"), b=np.array([True, False]), c=base.astype("i8"))
    np.savez(path("np_savez.npz"), **arrays)
    np.savez_compressed(path("np_savez_compressed.npz"), **arrays)


class Evil:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def pytorch_fixtures():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Conv2d(1, 2, 2), torch.nn.BatchNorm2d(2))
    model[2].running_mean.fill_(0.25)
    model[2].running_var.fill_(2.0)
    model[2].num_batches_tracked.fill_(7)
    state = model.state_dict()
    torch.save(state, path("pt_state_dict.pt"))
    safetensors.torch.save_file(dict(state), path("pt_state_dict.safetensors"))
    torch.save(state, path("pt_legacy.pt"), _use_new_zipfile_serialization=False)
    with zipfile.ZipFile(path("pt_state_dict.pt")) as src, \
            zipfile.ZipFile(path("pt_deflate.pt"), "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    x = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    torch.save({"x": x, "t": x.t(), "s": x[1:, ::2]}, path("pt_views.pt"))
    torch.save({"x": Evil()}, path("pt_malicious.pt"))
    for k, v in state.items():
        print(k, list(v.shape), v.flatten()[:3].tolist())


if __name__ == "__main__":
    safetensors_fixture()
    numpy_fixtures()
    pytorch_fixtures()
