"""All complex solutions of a batch of multilinear support systems, by multihomogeneous homotopy.

For a support profile in which ``m >= 3`` players mix, player ``i``'s indifference equations are

    E_{i,k}(y) = sum_a C_i[k, a] prod_{j != i} y_j[a_j] = 0,      k = 1..d_i,

with ``d_i = |S_i| - 1`` and ``y_j`` player ``j``'s (unnormalised) mixture on ``S_j``.  Each equation
is *multilinear*: of degree one in every other mixing player's block and degree zero in its own.
Homogeneous coordinates ``y_j`` in ``P^{d_j}`` with a random affine patch ``c_j . y_j = 1`` make
the system square (``sum_j (d_j + 1)`` equations and unknowns) and keep every path finite.

The start system replaces ``E_{i,k}`` by a product of random linear forms,
``G_{i,k}(y) = prod_{j != i} (L_{i,k,j} . y_j)``; its solutions are found by choosing, for every
equation, one factor to vanish, such that block ``j`` receives exactly ``d_j`` equations (then each
block is a linear system).  Their number is the multihomogeneous Bezout number of the system,
which for games is the McKelvey-McLennan bound on the number of totally mixed equilibria
(McKelvey and McLennan 1997, "The maximal number of regular totally mixed Nash equilibria",
J. Econ. Theory 72): 2 for 2x2x2, 10 for 3x3x3, 56 for 4x4x4, 9 for 2x2x2x2.

The homotopy ``H(y, t) = gamma (1 - t) G(y) + t E(y)`` with a random complex ``gamma`` (the
"gamma trick") has, with probability one, smooth paths for ``t`` in ``[0, 1)`` that end at *every*
isolated solution of ``E`` (Morgan and Sommese 1987, "A homotopy for solving general polynomial
systems that respects m-homogeneous structures", Appl. Math. Comput. 24; Sommese and Wampler
2005, *The Numerical Solution of Systems of Polynomials*, ch. 8).  Paths of every system in the
batch are tracked together as one numpy array: a fourth-order Runge-Kutta predictor on
``dy/dt = -H_y^{-1} H_t``, three Newton corrector steps, and a per-path adaptive step size.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover - a core dependency; without it BLAS keeps its own thread count
    ThreadpoolController = None

__all__ = ["MultilinearBatch", "HomotopyResult", "assignments", "bezout_number", "track_paths",
           "track_paths_many", "permuted_batch", "evaluate", "jacobian", "one_blas_thread"]

_LETTERS = "abcdefgh"
_CONTROLLER: Any = None


def one_blas_thread() -> contextlib.AbstractContextManager:
    """A context in which BLAS runs on one thread (threadpoolctl; a no-op without it).

    The solvers' linear algebra is many small products and solves: split over BLAS threads it
    waits on them, and on a loaded machine a 4x4x4 solve took four times the CPU time (3.6 s
    against 0.9 s with one thread, and three times the wall time).

    Returns
    -------
    contextlib.AbstractContextManager
        The limit, restored on exit.
    """
    global _CONTROLLER
    if ThreadpoolController is None:
        return contextlib.nullcontext()
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


@dataclass(frozen=True)
class MultilinearBatch:
    """``B`` multilinear systems with the same block structure.

    ``sizes[j]`` is the length of block ``j`` (a mixing player's support size ``s_j``);
    ``coeffs[i]`` has shape ``(B, s_i - 1, *[s_j for j != i])``: equation ``k`` of block ``i`` is
    ``sum_a coeffs[i][b, k, a] prod_{j != i} y_j[a_j]``.
    """

    sizes: tuple[int, ...]
    coeffs: tuple[np.ndarray, ...]

    @property
    def batch(self) -> int:
        return self.coeffs[0].shape[0]

    @property
    def degrees(self) -> tuple[int, ...]:
        return tuple(s - 1 for s in self.sizes)


@dataclass(frozen=True)
class HomotopyResult:
    """Endpoints ``y`` of shape ``(B, R, V)`` (``V = sum(sizes)``), and per path whether tracking
    succeeded (``ok``) and the endpoint is nonsingular (``regular``)."""

    y: np.ndarray
    ok: np.ndarray
    regular: np.ndarray
    paths: int


def assignments(degrees: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every way to give each equation ``(i, k)`` a block ``j != i`` so that block ``j`` gets ``d_j``.

    Equations are numbered block by block.  The count is the multihomogeneous Bezout number.
    """
    m = len(degrees)
    owners = [i for i in range(m) for _ in range(degrees[i])]
    out: list[tuple[int, ...]] = []
    need = list(degrees)
    choice = [0] * len(owners)

    def rec(e: int) -> None:
        if e == len(owners):
            out.append(tuple(choice))
            return
        for j in range(m):
            if j != owners[e] and need[j] > 0:
                need[j] -= 1
                choice[e] = j
                rec(e + 1)
                need[j] += 1

    rec(0)
    return out


def bezout_number(degrees: tuple[int, ...]) -> int:
    """Multihomogeneous Bezout number of a multilinear support system with block degrees ``d_j``."""
    return len(assignments(tuple(degrees)))


def _split(y: np.ndarray, sizes: tuple[int, ...]) -> list[np.ndarray]:
    offs = np.cumsum((0, *sizes))
    return [y[..., offs[j]:offs[j + 1]] for j in range(len(sizes))]


def evaluate(coeffs: tuple[np.ndarray, ...], blocks: list[np.ndarray]) -> np.ndarray:
    """Values of all equations, shape ``(P, sum d_i)``; ``coeffs[i]`` has a leading path axis ``P``."""
    m = len(blocks)
    out = []
    for i in range(m):
        others = [j for j in range(m) if j != i]
        spec = "pk" + "".join(_LETTERS[j] for j in others) + "," + ",".join("p" + _LETTERS[j] for j in others) + "->pk"
        out.append(np.einsum(spec, coeffs[i], *[blocks[j] for j in others]))
    return np.concatenate(out, axis=1)


def jacobian(coeffs: tuple[np.ndarray, ...], blocks: list[np.ndarray]) -> np.ndarray:
    """Jacobian of :func:`evaluate` with respect to all blocks, shape ``(P, sum d_i, sum s_j)``."""
    m = len(blocks)
    sizes = [b.shape[-1] for b in blocks]
    rows = []
    for i in range(m):
        others = [j for j in range(m) if j != i]
        cols = []
        for j in range(m):
            if j == i:
                cols.append(np.zeros((blocks[0].shape[0], coeffs[i].shape[1], sizes[j]),
                                     dtype=np.result_type(coeffs[i], blocks[0])))
                continue
            rest = [o for o in others if o != j]
            spec = ("pk" + "".join(_LETTERS[o] for o in others) + ("," if rest else "")
                    + ",".join("p" + _LETTERS[o] for o in rest) + "->pk" + _LETTERS[j])
            cols.append(np.einsum(spec, coeffs[i], *[blocks[o] for o in rest]))
        rows.append(np.concatenate(cols, axis=2))
    return np.concatenate(rows, axis=1)


#: Largest ``paths x equations x V^(m-1)`` for which the systems are tracked as dense symmetric tensors.
DENSE_LIMIT = 4_000_000
#: Largest ``equations x V^(m-1)`` of one path for the dense form: above it the form's entries are nearly
#: all zero and its contractions cost far more than the block-sparse route (2x2x2x2x2: 50,000 entries a
#: path, x26 slower; (2,2,2,2): 2,048, about x2 faster; 3x3x3: 486).
DENSE_PATH_LIMIT = 4096


def _symmetrise(T: np.ndarray, lead: int) -> np.ndarray:
    """Mean of ``T`` over every permutation of its axes after the first ``lead``."""
    perms = list(itertools.permutations(range(lead, T.ndim)))
    out = np.zeros_like(T)
    for perm in perms:
        out += np.transpose(T, (*range(lead), *perm))
    return out / len(perms)


def dense_form(coeffs: tuple[np.ndarray, ...], sizes: tuple[int, ...]) -> np.ndarray:
    """The multilinear equations as symmetric forms of degree ``m - 1`` in all ``V = sum(sizes)`` unknowns.

    Returns ``T`` of shape ``(P, E, V, ..., V)`` (``m - 1`` trailing axes) with
    ``E_e(y) = T[e] . y^(m - 1)``; the Jacobian is then ``(m - 1) T[e] . y^(m - 2)`` (one tensor
    contraction for every equation and path at once instead of one per pair of blocks).
    """
    m = len(sizes)
    V = sum(sizes)
    offs = np.cumsum((0, *sizes))
    P = coeffs[0].shape[0]
    E = sum(s - 1 for s in sizes)
    T = np.zeros((P, E) + (V,) * (m - 1), dtype=np.result_type(*coeffs, complex))
    e0 = 0
    for i in range(m):
        d = sizes[i] - 1
        others = [j for j in range(m) if j != i]
        T[(slice(None), slice(e0, e0 + d), *[slice(offs[j], offs[j + 1]) for j in others])] = coeffs[i]
        e0 += d
    return _symmetrise(T, 2)


def _dense_jacobian(T: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``(m - 1) T . y^(m - 2)`` for ``T`` of shape ``(P, E, V, ..., V)`` and ``y`` of shape ``(P, V)``.

    Each contraction is one batched matrix-vector product over the paths (no broadcasting).
    """
    P, V = y.shape
    col = y[:, :, None]
    X = T
    for _ in range(T.ndim - 3):
        X = np.matmul(X.reshape(P, -1, V), col)
    return (T.ndim - 2) * X.reshape(P, T.shape[1], V)


class _StartSystem:
    """Random linear-product start system with the system's multihomogeneous structure."""

    def __init__(self, sizes: tuple[int, ...], rng: np.random.Generator) -> None:
        self.sizes = sizes
        m = len(sizes)
        deg = tuple(s - 1 for s in sizes)

        def crandn(*shape: int) -> np.ndarray:
            return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)

        # L[i][j]: (d_i, s_j) linear forms of block i's equations in block j (unused for j == i).
        self.L = [[crandn(deg[i], sizes[j]) for j in range(m)] for i in range(m)]
        self.c = [crandn(s) for s in sizes]
        self.gamma = np.exp(2j * np.pi * rng.random())
        starts = []
        eq_owner = [(i, k) for i in range(m) for k in range(deg[i])]
        for assign in assignments(deg):
            y = []
            for j in range(m):
                rows = [self.L[i][j][k] for (i, k), a in zip(eq_owner, assign, strict=True) if a == j]
                mat = np.vstack([*rows, self.c[j]]) if rows else self.c[j][None, :]
                rhs = np.zeros(sizes[j], dtype=complex)
                rhs[-1] = 1.0
                y.append(np.linalg.solve(mat, rhs))
            starts.append(np.concatenate(y))
        self.starts = np.array(starts).reshape(len(starts), sum(sizes))
        offs = np.cumsum((0, *sizes))
        self.patch_jac = np.zeros((m, sum(sizes)), dtype=complex)   # rows of the patches c_j . y_j = 1
        for j in range(m):
            self.patch_jac[j, offs[j]:offs[j + 1]] = self.c[j]
        # the start system as one symmetric form (see dense_form): the product of linear forms is their outer product
        V = sum(sizes)
        forms = []
        for i in range(m):
            for k in range(deg[i]):
                outer = np.ones((), dtype=complex)
                for j in range(m):
                    if j != i:
                        lin = np.zeros(V, dtype=complex)
                        lin[offs[j]:offs[j + 1]] = self.L[i][j][k]
                        outer = np.multiply.outer(outer, lin)
                forms.append(outer)
        self.dense = _symmetrise(np.array(forms).reshape(len(forms), *(V,) * (m - 1))[None], 2)[0]
        # the start system's Jacobian is (m - 1) G . y^(m - 2): one matrix product with G flattened
        self.dense_flat = np.ascontiguousarray(self.dense.reshape(-1, V).T)
        self.patch_t = np.ascontiguousarray(self.patch_jac.T)

    def dense_jacobian(self, y: np.ndarray) -> np.ndarray:
        """Jacobian of the start system at every path's ``y`` (shape ``(P, E, V)``), from its dense form."""
        P, V = y.shape
        X = y @ self.dense_flat                      # (P, E * V^(m - 2)): the last axis contracted
        for _ in range(len(self.sizes) - 3):
            X = np.matmul(X.reshape(P, -1, V), y[:, :, None])[..., 0]
        return (len(self.sizes) - 1) * X.reshape(P, -1, V)

    def values_and_jacobian(self, blocks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        m = len(blocks)
        vals, jac_rows = [], []
        for i in range(m):
            others = [j for j in range(m) if j != i]
            lin = {j: blocks[j] @ self.L[i][j].T for j in others}          # (P, d_i)
            prod = np.ones_like(lin[others[0]])
            for j in others:
                prod = prod * lin[j]
            vals.append(prod)
            cols = []
            for j in range(m):
                if j == i:
                    cols.append(np.zeros((prod.shape[0], prod.shape[1], self.sizes[j]), dtype=complex))
                    continue
                part = np.ones_like(prod)
                for o in others:
                    if o != j:
                        part = part * lin[o]
                cols.append(part[:, :, None] * self.L[i][j][None, :, :])
            jac_rows.append(np.concatenate(cols, axis=2))
        return np.concatenate(vals, axis=1), np.concatenate(jac_rows, axis=1)


def _homotopy(coeffs, start: _StartSystem, y: np.ndarray, t: np.ndarray, values: bool = True):
    """``H``, ``H_y`` and ``H_t`` at ``(y, t)`` for every path (patch rows last).

    ``coeffs`` is the per-path coefficient tuple, or (one array) the dense symmetric form of
    :func:`dense_form`, which takes two tensor contractions per call.  With ``values=False``, ``H``
    is not computed (None): the predictor needs only the derivatives.  The outputs are written into
    arrays allocated once per call (this runs several times per step of every path).
    """
    sizes = start.sizes
    deg = len(sizes) - 1
    col = y[:, :, None]
    if isinstance(coeffs, np.ndarray):
        fy = _dense_jacobian(coeffs, y)
        gy = start.dense_jacobian(y)
        g = np.matmul(gy, col)[..., 0] / deg
    else:
        blocks = _split(y, sizes)
        fy = jacobian(coeffs, blocks)
        g, gy = start.values_and_jacobian(blocks)
    # Euler: every equation is homogeneous of degree m - 1 in y, so f = (f_y y) / (m - 1).
    f = np.matmul(fy, col)[..., 0] / deg
    P, E, V = fy.shape
    tt = t[:, None]
    a = start.gamma * (1.0 - tt)
    Hy = np.empty((P, E + len(sizes), V), dtype=complex)
    np.multiply(a[:, :, None], gy, out=Hy[:, :E])
    Hy[:, :E] += tt[:, :, None] * fy
    Hy[:, E:] = start.patch_jac
    Ht = np.zeros((P, E + len(sizes)), dtype=complex)
    np.subtract(f, start.gamma * g, out=Ht[:, :E])
    if not values:
        return None, Hy, Ht
    H = np.empty_like(Ht)
    np.multiply(a, g, out=H[:, :E])
    H[:, :E] += tt * f
    np.matmul(y, start.patch_t, out=H[:, E:])
    H[:, E:] -= 1.0
    return H, Hy, Ht


def _solve(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched ``a x = b`` (``b`` one vector or, 3-d, several columns per system); rows whose matrix is
    singular get NaN and ``False`` in the mask."""
    if b.ndim == 3:
        try:
            return np.linalg.solve(a, b), np.ones(a.shape[0], dtype=bool)
        except np.linalg.LinAlgError:
            cols = [_solve(a, b[..., c]) for c in range(b.shape[2])]
            return np.stack([x for x, _ in cols], axis=2), np.logical_and.reduce([g for _, g in cols])
    try:
        return np.linalg.solve(a, b[..., None])[..., 0], np.ones(a.shape[0], dtype=bool)
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan, dtype=np.result_type(a, b, float))   # real systems stay real
        good = np.zeros(a.shape[0], dtype=bool)
        for p in range(a.shape[0]):
            try:
                out[p] = np.linalg.solve(a[p], b[p])
                good[p] = True
            except np.linalg.LinAlgError:
                pass
        return out, good


def _track(coeffs, start: _StartSystem, y0: np.ndarray, max_steps: int = 4000):
    """Track every path from ``t = 0`` to ``t = 1``; returns endpoints and a success mask."""
    P = y0.shape[0]
    y = y0.astype(complex).copy()
    t = np.zeros(P)
    h = np.full(P, 0.05)
    done = np.zeros(P, dtype=bool)
    failed = np.zeros(P, dtype=bool)
    idx = np.arange(P)                          # paths still being tracked
    # coefficients of the paths in idx (cast once): a tuple per block, or one dense form
    cur = coeffs.astype(complex) if isinstance(coeffs, np.ndarray) else tuple(c.astype(complex) for c in coeffs)
    K1 = np.zeros_like(y)                       # dy/dt at y, from the last corrector step
    have = np.zeros(P, dtype=bool)
    for _ in range(max_steps):
        if idx.size == 0:
            break
        yi, ti, hi = y[idx], t[idx], h[idx]
        hi = np.minimum(hi, 1.0 - ti)

        def rhs(yy, tt, cur=cur):
            _, Hy, Ht = _homotopy(cur, start, yy, tt, values=False)
            return _solve(Hy, -Ht)

        if have[idx].all():
            k1, g1 = K1[idx], np.ones(idx.size, dtype=bool)
        else:
            k1, g1 = rhs(yi, ti)
        k2, g2 = rhs(yi + 0.5 * hi[:, None] * k1, ti + 0.5 * hi)
        k3, g3 = rhs(yi + 0.5 * hi[:, None] * k2, ti + 0.5 * hi)
        t_new = ti + hi
        k4, g4 = rhs(yi + hi[:, None] * k3, t_new)
        yp = yi + (hi[:, None] / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
        good = g1 & g2 & g3 & g4 & np.all(np.isfinite(yp), axis=1)
        scale = 1.0 + np.linalg.norm(yi, axis=1)
        first = None
        last = None
        for it in range(3):
            H, Hy, Ht = _homotopy(cur, start, yp, t_new)
            if it < 2:
                dlt, g = _solve(Hy, -H)
            else:
                # the last Newton step also gives the next step's first Runge-Kutta slope
                # -H_y^{-1} H_t at (nearly, within the accepted 1e-7) the new point, for one solve
                both, g = _solve(Hy, -np.stack([H, Ht], axis=2))
                dlt, k_next = both[..., 0], both[..., 1]
            good &= g & np.all(np.isfinite(dlt), axis=1)
            dlt = np.where(good[:, None], dlt, 0.0)
            yp = yp + dlt
            nrm = np.linalg.norm(dlt, axis=1)
            if it == 0:
                first = nrm
            last = nrm
        ok = good & (first < 0.02 * scale) & (last < 1e-7 * scale)
        # accept
        y[idx[ok]] = yp[ok]
        K1[idx[ok]] = k_next[ok]
        have[idx[ok]] = True
        t[idx[ok]] = t_new[ok]
        h[idx[ok]] = np.minimum(hi[ok] * 1.6, 0.2)
        h[idx[~ok]] = hi[~ok] * 0.5
        finished = ok & (t_new >= 1.0)
        big = np.linalg.norm(y[idx], axis=1) > 1e8
        tiny = h[idx] < 1e-13
        stop_fail = (big | tiny) & ~finished
        done[idx[finished]] = True
        failed[idx[stop_fail]] = True
        keep = ~(finished | stop_fail)
        if keep.sum() < 0.7 * idx.size or not keep.all():
            idx = idx[keep]
            cur = cur[keep] if isinstance(cur, np.ndarray) else tuple(c[keep] for c in cur)
    failed[~done] = True
    return y, ~failed


def track_paths(batch: MultilinearBatch, seed: int = 20260101) -> HomotopyResult:
    """Track all multihomogeneous-homotopy paths of every system in ``batch``.

    Returns endpoints of shape ``(B, R, V)`` with ``R`` the Bezout number.  An endpoint whose
    tracking failed, or whose Jacobian is numerically singular (a multiple root, or a point on a
    positive-dimensional solution set), is flagged in ``ok`` / ``regular``.
    """
    rng = np.random.default_rng(seed)
    sizes = batch.sizes
    start = _StartSystem(sizes, rng)
    R = start.starts.shape[0]
    B = batch.batch
    V = sum(sizes)
    if R == 0:
        return HomotopyResult(np.zeros((B, 0, V), dtype=complex), np.zeros((B, 0), bool), np.zeros((B, 0), bool), 0)
    # Scale every system so its coefficients are O(1): the solutions do not change.
    coeffs = []
    for c in batch.coeffs:
        s = np.abs(c).reshape(B, -1).max(axis=1)
        s[s == 0] = 1.0
        coeffs.append(c / s.reshape((B,) + (1,) * (c.ndim - 1)))
    rep = np.repeat(np.arange(B), R)
    E = sum(s - 1 for s in sizes)
    if E * V ** (len(sizes) - 1) <= DENSE_PATH_LIMIT and B * R * E * V ** (len(sizes) - 1) <= DENSE_LIMIT:
        per_path = dense_form(tuple(coeffs), sizes)[rep]
    else:
        per_path = tuple(c[rep] for c in coeffs)
    y0 = np.tile(start.starts, (B, 1))
    with one_blas_thread():
        y, ok = _track(per_path, start, y0)
    # Polish at t = 1 and measure conditioning.
    tt = np.ones(y.shape[0])
    for _ in range(4):
        H, Hy, _ = _homotopy(per_path, start, y, tt)
        dlt, g = _solve(Hy, -H)
        dlt = np.where((g & np.all(np.isfinite(dlt), axis=1))[:, None], dlt, 0.0)
        y = y + dlt
    _, Hy, _ = _homotopy(per_path, start, y, tt)
    with np.errstate(all="ignore"):
        sv = np.linalg.svd(np.nan_to_num(Hy), compute_uv=False)
    regular = sv[:, -1] > 1e-8 * sv[:, 0]
    return HomotopyResult(y.reshape(B, R, V), ok.reshape(B, R), regular.reshape(B, R), R)


def permuted_batch(batch: MultilinearBatch, perm: tuple[int, ...]) -> MultilinearBatch:
    """The same systems with the blocks reordered: new block ``q`` is old block ``perm[q]``."""
    m = len(perm)
    coeffs = []
    for q in range(m):
        i = perm[q]
        old = [j for j in range(m) if j != i]
        new = [perm[r] for r in range(m) if r != q]
        coeffs.append(np.transpose(batch.coeffs[i], (0, 1, *[2 + old.index(j) for j in new])))
    return MultilinearBatch(tuple(batch.sizes[i] for i in perm), tuple(coeffs))


def track_paths_many(batches: list[MultilinearBatch], seed: int = 20260101) -> list[HomotopyResult]:
    """:func:`track_paths` for several batches at once.

    Batches whose block sizes are permutations of each other (e.g. ``(3, 3, 4)``, ``(3, 4, 3)`` and
    ``(4, 3, 3)``) are the same kind of system up to renaming the blocks: they are put in one block
    order, tracked as one array (one pass of the tracker instead of one per batch) and the
    endpoints are put back in each batch's own block order.
    """
    groups: dict[tuple[int, ...], list[tuple[int, tuple[int, ...]]]] = {}
    for k, b in enumerate(batches):
        perm = tuple(int(q) for q in np.argsort(b.sizes, kind="stable"))
        groups.setdefault(tuple(sorted(b.sizes)), []).append((k, perm))
    out: list[HomotopyResult | None] = [None] * len(batches)
    for sizes, members in groups.items():
        parts = [permuted_batch(batches[k], perm) for k, perm in members]
        merged = MultilinearBatch(sizes, tuple(np.concatenate([p.coeffs[q] for p in parts])
                                               for q in range(len(sizes))))
        res = track_paths(merged, seed=seed)
        offs = np.cumsum((0, *sizes))
        lo = 0
        for (k, perm), p in zip(members, parts, strict=True):
            B = p.batch
            # column c of the batch's own order sits at position cols[c] of the merged order
            inv = np.argsort(perm)
            cols = np.concatenate([np.arange(offs[inv[j]], offs[inv[j] + 1]) for j in range(len(sizes))])
            out[k] = HomotopyResult(res.y[lo:lo + B][:, :, cols], res.ok[lo:lo + B], res.regular[lo:lo + B],
                                    res.paths)
            lo += B
    return out  # type: ignore[return-value]
