"""Writes linalg_random.safetensors: seeded random inputs for Ember's torch.linalg and
PyTorch's results on them (LinalgRandomFixtureTests). Run with torch 2.15:
    python gen_linalg.py
Singular/eigen vectors are stored as absolute values (their signs are not unique)."""
import torch
from safetensors.torch import save_file

L = torch.linalg
g = torch.Generator().manual_seed(1234)
out = {}


def randn(*shape):
    return torch.randn(*shape, generator=g, dtype=torch.float64)


def grad_of(f, x):
    x = x.clone().requires_grad_()
    f(x).backward()
    return x.grad


for name, shape in [("sq5", (5, 5)), ("b3sq4", (3, 4, 4)), ("sq8", (8, 8))]:
    A = randn(*shape)
    rhs = randn(*shape[:-1], 2)
    sym = A + A.mT
    spd = A @ A.mT + shape[-1] * torch.eye(shape[-1], dtype=torch.float64)
    out[f"{name}.A"] = A
    out[f"{name}.rhs"] = rhs
    out[f"{name}.inv"] = L.inv(A)
    out[f"{name}.det"] = L.det(A)
    out[f"{name}.logabsdet"] = L.slogdet(A).logabsdet
    out[f"{name}.solve"] = L.solve(A, rhs)
    out[f"{name}.cholesky"] = L.cholesky(spd)
    w, v = L.eigh(sym)
    out[f"{name}.eigvals"] = w
    out[f"{name}.eigvecs_abs"] = v.abs()
    out[f"{name}.grad_logabsdet"] = grad_of(lambda x: L.slogdet(x).logabsdet.sum(), A)
    out[f"{name}.grad_eigh"] = grad_of(lambda x: (L.eigh(x + x.mT)[1] ** 2 * torch.arange(x.shape[-1], dtype=torch.float64)).sum()
                                       + L.eigvalsh(x + x.mT).pow(2).sum(), A)
    out[f"{name}.grad_cholesky"] = grad_of(lambda x: (L.cholesky(x @ x.mT + x.shape[-1] * torch.eye(x.shape[-1], dtype=torch.float64)) ** 2).sum(), A)

for name, shape in [("tall", (7, 4)), ("wide", (3, 6)), ("b2tall", (2, 5, 3))]:
    A = randn(*shape)
    out[f"{name}.A"] = A
    q, r = L.qr(A)
    out[f"{name}.Q"] = q
    out[f"{name}.R"] = r
    u, s, vh = L.svd(A, full_matrices=False)
    out[f"{name}.S"] = s
    out[f"{name}.U_abs"] = u.abs()
    out[f"{name}.Vh_abs"] = vh.abs()
    out[f"{name}.pinv"] = L.pinv(A)
    out[f"{name}.nuc"] = L.matrix_norm(A, "nuc")
    out[f"{name}.norm1"] = L.matrix_norm(A, 1)
    out[f"{name}.norminf"] = L.matrix_norm(A, float("inf"))
    out[f"{name}.grad_svd"] = grad_of(lambda x: (L.svd(x, full_matrices=False)[0].abs() * L.svdvals(x).unsqueeze(-2)).sum()
                                      + (L.svd(x, full_matrices=False)[2] ** 2).sum(-2).mul(torch.arange(x.shape[-1], dtype=torch.float64)).sum(), A)
    out[f"{name}.grad_qr"] = grad_of(lambda x: (L.qr(x)[0] * L.qr(x)[0].detach().sign()).sum() + (L.qr(x)[1] ** 2).sum(), A)
    out[f"{name}.grad_pinv"] = grad_of(lambda x: (L.pinv(x) ** 2).sum(), A)
    rhs = randn(*shape[:-1], 2)
    out[f"{name}.rhs"] = rhs
    out[f"{name}.lstsq"] = L.lstsq(A, rhs).solution

save_file({k: v.contiguous() for k, v in out.items()}, "linalg_random.safetensors")
