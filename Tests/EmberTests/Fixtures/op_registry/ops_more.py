"""PyTorch mirrors of the registry rows for issue 4's new ops and `Linalg`, by row key
(Registry+NewOps.swift, Registry+LinalgDecompositions.swift). Same conventions as ops_basic.py.
"""
import torch
import torch.nn.functional as F

LA = torch.linalg


def _vi(r):
    return [r.values, r.indices]


def _inplace(f):
    def run(a):
        f(a)
        return a[0]
    return run


def well_conditioned(a):
    return a + torch.eye(a.shape[-1], dtype=a.dtype) * 4


def spd(a):
    return a @ a.mT + torch.eye(a.shape[-1], dtype=a.dtype)


def sign_fixed_qr(q, r):
    signs = torch.sign(r.diagonal(dim1=-2, dim2=-1))
    return [q * signs.unsqueeze(-2), r * signs.unsqueeze(-1)]


def _svd(a):
    u, s, vh = LA.svd(a, full_matrices=False)
    return [s, (u * s.unsqueeze(-2)) @ vh, u.abs(), vh.abs()]


def _eigh(a):
    w, v = LA.eigh(spd(a))
    return [w, v.abs()]


def _qr_complete(a):
    q, r = LA.qr(a, mode="complete")
    return [q.abs(), r.abs()]


def _lu(a):
    p, l, u = LA.lu(well_conditioned(a))
    return [u, l, p]


def _lu_solve(a, b, **kw):
    lu, piv = LA.lu_factor(well_conditioned(a))
    return LA.lu_solve(lu, piv, b, **kw)


OPS = {
    # Sorting and selection (Registry+NewOps.swift).
    "sort": lambda a: _vi(a[0].sort()),
    "sort.stable": lambda a: _vi(a[0].sort(dim=0, descending=True, stable=True)),
    "argsort": lambda a: a[0].argsort(descending=True),
    "argsort.stable": lambda a: a[0].argsort(dim=0, stable=True),
    "topk": lambda a: _vi(a[0].topk(2)),
    "topk.smallest": lambda a: _vi(a[0].topk(2, dim=0, largest=False)),
    "kthvalue": lambda a: _vi(a[0].kthvalue(2)),
    "median": lambda a: a[0].median(),
    "median.dim": lambda a: _vi(a[0].median(dim=-1)),
    "mode": lambda a: _vi(a[0].mode()),
    "unique": lambda a: torch.unique(a[0]),
    "unique.all": lambda a: list(torch.unique(a[0], return_inverse=True, return_counts=True)),
    "unique.dim": lambda a: torch.unique(a[0], dim=0),
    "uniqueConsecutive": lambda a: torch.unique_consecutive(a[0]),
    "uniqueConsecutive.all": lambda a: list(torch.unique_consecutive(a[0], return_inverse=True, return_counts=True)),
    "argwhere": lambda a: torch.argwhere(a[0]),
    "nonzero.tuple": lambda a: list(torch.nonzero(a[0], as_tuple=True)),
    # Triangular, one-hot, padding.
    "tril": lambda a: torch.tril(a[0]),
    "triu": lambda a: torch.triu(a[0], diagonal=1),
    "tril.diagonal": lambda a: torch.tril(a[0], diagonal=-1),
    "tril_": _inplace(lambda a: a[0].tril_(diagonal=1)),
    "triu_": _inplace(lambda a: a[0].triu_()),
    "oneHot": lambda a: F.one_hot(a[0], num_classes=5),
    "pad": lambda a: F.pad(a[0], [1, 2]),
    "pad.value": lambda a: F.pad(a[0], [1, 0, 0, 2], value=0.5),
    "pad.reflect": lambda a: F.pad(a[0], [2, 1], mode="reflect"),
    "pad.replicate": lambda a: F.pad(a[0], [1, 2], mode="replicate"),
    "pad.circular": lambda a: F.pad(a[0], [2, 1], mode="circular"),
    # Rolling and differences.
    "roll": lambda a: a[0].roll(1, dims=0),
    "roll.flat": lambda a: a[0].roll(5),
    "roll.dims": lambda a: a[0].roll([1, -3], dims=[0, 1]),
    "rot90": lambda a: a[0].rot90(),
    "rot90.k": lambda a: a[0].rot90(-1, dims=[2, 0]),
    "diff": lambda a: a[0].diff(),
    "diff.n": lambda a: a[0].diff(n=2, dim=0),
    "diff.prepend": lambda a: a[0].diff(prepend=a[1], append=a[2]),
    # Counting.
    "bincount": lambda a: a[0].bincount(),
    "bincount.minlength": lambda a: a[0].bincount(minlength=7),
    "bincount.weights": lambda a: torch.bincount(a[0], weights=a[1]),
    "histc": lambda a: a[0].histc(bins=4, min=-2, max=2),
    "histc.range": lambda a: torch.histc(a[0], bins=5),
    # Products and distances.
    "meshgrid": lambda a: list(torch.meshgrid(a[0], a[1], indexing="ij")),
    "meshgrid.xy": lambda a: list(torch.meshgrid(a[0], a[1], a[2], indexing="xy")),
    "cartesianProd": lambda a: torch.cartesian_prod(a[0], a[1]),
    "tensordot": lambda a: torch.tensordot(a[0], a[1]),
    "tensordot.dims": lambda a: torch.tensordot(a[0], a[1], dims=([0, 2], [1, 0])),
    "kron": lambda a: torch.kron(a[0], a[1]),
    "cdist": lambda a: torch.cdist(a[0], a[1]),
    "cdist.p1": lambda a: torch.cdist(a[0], a[1], p=1),
    "take": lambda a: a[0].take(a[1]),
    "takeAlongDim": lambda a: a[0].take_along_dim(a[1], dim=1),
    "takeAlongDim.flat": lambda a: a[0].take_along_dim(a[1]),
    "maskedScatter": lambda a: a[0].masked_scatter(a[1], a[2]),
    # Linalg (Registry+LinalgDecompositions.swift).
    "linalg.inv": lambda a: LA.inv(well_conditioned(a[0])),
    "linalg.inv.batch": lambda a: LA.inv(well_conditioned(a[0])),
    "linalg.det": lambda a: LA.det(a[0]),
    "linalg.slogdet": lambda a: list(reversed(LA.slogdet(a[0]))),
    "linalg.logdet": lambda a: spd(a[0]).logdet(),
    "linalg.solve": lambda a: LA.solve(well_conditioned(a[0]), a[1]),
    "linalg.solve.right": lambda a: LA.solve(well_conditioned(a[0]), a[1], left=False),
    "linalg.cholesky": lambda a: LA.cholesky(spd(a[0])),
    "linalg.cholesky.upper": lambda a: LA.cholesky(spd(a[0]), upper=True),
    "linalg.qr": lambda a: sign_fixed_qr(*LA.qr(a[0])),
    "linalg.qr.complete": lambda a: _qr_complete(a[0]),
    "linalg.svd": lambda a: _svd(a[0]),
    "linalg.svdvals": lambda a: LA.svdvals(a[0]),
    "linalg.eigh": lambda a: _eigh(a[0]),
    "linalg.eigvalsh": lambda a: LA.eigvalsh(spd(a[0]), UPLO="U"),
    "linalg.vectorNorm": lambda a: LA.vector_norm(a[0]),
    "linalg.vectorNorm.dim": lambda a: LA.vector_norm(a[0], ord=1, dim=[-1], keepdim=True),
    "linalg.vectorNorm.inf": lambda a: LA.vector_norm(a[0], ord=float("inf"), dim=[0]),
    "linalg.matrixNorm": lambda a: LA.matrix_norm(a[0]),
    "linalg.matrixNorm.nuc": lambda a: LA.matrix_norm(a[0], ord="nuc"),
    "linalg.matrixNorm.ord": lambda a: LA.matrix_norm(a[0], ord=1),
    "linalg.norm": lambda a: LA.norm(a[0]),
    "linalg.norm.ord": lambda a: LA.norm(a[0], ord=-1, dim=[0]),
    "linalg.norm.str": lambda a: LA.norm(a[0], ord="fro"),
    "linalg.pinv": lambda a: LA.pinv(a[0]),
    "linalg.lstsq": lambda a: LA.lstsq(a[0], a[1]).solution,
    # Factorisations and solvers (Registry+LinalgSolvers.swift).
    "linalg.lu": lambda a: _lu(a[0]),
    "linalg.luFactor": lambda a: list(LA.lu_factor(a[0])),
    "linalg.luFactorEx": lambda a: list(LA.lu_factor_ex(a[0])),
    "linalg.luSolve": lambda a: _lu_solve(a[0], a[1]),
    "linalg.luSolve.adjoint": lambda a: _lu_solve(a[0], a[1], left=False, adjoint=True),
    "linalg.choleskyEx": lambda a: list(LA.cholesky_ex(spd(a[0]))),
    "choleskySolve": lambda a: torch.cholesky_solve(a[0], LA.cholesky(spd(a[1]))),
    "choleskySolve.upper": lambda a: torch.cholesky_solve(a[0], LA.cholesky(spd(a[1]), upper=True), upper=True),
    "linalg.solveTriangular": lambda a: LA.solve_triangular(well_conditioned(a[0]).triu(), a[1], upper=True),
    "linalg.solveTriangular.right": lambda a: LA.solve_triangular(well_conditioned(a[0]).tril(), a[1], upper=False,
                                                                  left=False, unitriangular=True),
    "linalg.cond": lambda a: LA.cond(a[0]),
    "linalg.cond.fro": lambda a: LA.cond(well_conditioned(a[0]), p="fro"),
    "linalg.cond.p1": lambda a: LA.cond(well_conditioned(a[0]), p=1),
    "linalg.matrixRank": lambda a: LA.matrix_rank(a[0][:, :2] @ a[0][:2]),
    "linalg.matrixPower": lambda a: LA.matrix_power(a[0], 3),
    "linalg.matrixPower.neg": lambda a: LA.matrix_power(well_conditioned(a[0]), -2),
    "linalg.matrixExp": lambda a: LA.matrix_exp(a[0]),
    "linalg.multiDot": lambda a: LA.multi_dot([a[0], a[1], a[2]]),
    "linalg.vecdot": lambda a: LA.vecdot(a[0], a[1]),
    "linalg.cross": lambda a: LA.cross(a[0], a[1]),
    "linalg.vander": lambda a: LA.vander(a[0]),
    "linalg.vander.N": lambda a: LA.vander(a[0], N=3),
    # Complex numbers and the newer dtypes (Registry+Complex.swift).
    "complex": lambda a: torch.complex(a[0], a[1]),
    "polar": lambda a: torch.polar(a[0], a[1]),
    "real": lambda a: torch.real(a[0]),
    "imag": lambda a: torch.imag(a[0]),
    "conj": lambda a: torch.conj(a[0]).resolve_conj(),
    "angle": lambda a: torch.angle(a[0]),
    "viewAsReal": lambda a: torch.view_as_real(a[0]),
    "viewAsComplex": lambda a: torch.view_as_complex(a[0]),
    "isComplex": lambda a: torch.tensor(a[0].is_complex()),
    "char": lambda a: a[0].char(),
    "short": lambda a: a[0].short(),
    "byte": lambda a: a[0].byte(),
    "bfloat16": lambda a: a[0].bfloat16(),
    "cfloat": lambda a: a[0].cfloat(),
}
