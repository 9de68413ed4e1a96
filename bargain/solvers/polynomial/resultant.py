"""Three players each mixing over three strategies: a resultant instead of a homotopy.

On a support where every one of three players mixes over three strategies, player 1's two
indifference equations are linear in ``x_2`` with coefficients linear in ``x_3``: ``M_1(x_3) x_2 = 0``
with ``M_1`` of size 2x3, so ``x_2`` is the cross product of the rows of ``M_1(x_3)`` (quadratic
in ``x_3``); likewise ``x_1`` from player 2's equations.  Player 3's two equations
``x_1^T C_k x_2 = 0`` become two quartic curves in the plane of ``x_3``.  They meet in 16 points:
the 10 solutions (the multihomogeneous Bezout number) and 6 spurious points where ``M_1`` or
``M_2`` loses rank (3 each: the degree of the 2x3 determinantal locus).

With ``x_3 = e_0 + u e_1 + v e_2`` the resultant in ``u`` of the two quartics (the determinant of
their 8x8 Sylvester matrix) is a polynomial of degree 16 in ``v`` (Cox, Little and O'Shea,
*Using Algebraic Geometry*, ch. 3).  Its coefficients come from values at 17 points of the unit
circle by a discrete Fourier transform, its roots from a batched companion eigenvalue problem;
for each root ``v``, ``u`` is the common root of the two quartics.  Every candidate is polished
by Newton's method in complex arithmetic, and the support's solution set is accepted only if
exactly 10 distinct nonsingular solutions result.  A degenerate game can put solutions on the
spurious points (where ``M_1`` or ``M_2`` loses rank, so the kernel formula sees nothing): when the
count falls short, those fibres are solved directly (:mod:`bargain.solvers.polynomial.fibres`) and
the count is taken again.  Otherwise (a badly conditioned or degenerate system) the caller falls
back to the homotopy.  That count check makes the fast route safe.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from bargain.solvers.polynomial.fibres import fibre_candidates_333
from bargain.solvers.polynomial.homotopy import MultilinearBatch, _solve, evaluate, jacobian

__all__ = ["solve_333", "solve_334", "solve_344", "solve_2222"]

_THETA = 0.7371            # a fixed, unremarkable rotation of the chart of x_3
_E0 = np.full(3, 1.0 / 3.0)
_B1 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0)
_B2 = np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)
_E1 = np.cos(_THETA) * _B1 + np.sin(_THETA) * _B2
_E2 = -np.sin(_THETA) * _B1 + np.cos(_THETA) * _B2


def _curves(C0, C1, C2, x3):
    """``(f_0, f_1)`` and the kernels at points ``x3`` (shape ``(B, ..., 3)``)."""
    extra = x3.ndim - 2
    shp = (slice(None),) + (None,) * extra
    M0 = np.einsum("bkxz,b...z->b...kx", C0, x3)      # player 1's equations in x_2
    M1 = np.einsum("bkxz,b...z->b...kx", C1, x3)      # player 2's equations in x_1
    y1 = np.cross(M0[..., 0, :], M0[..., 1, :])
    y0 = np.cross(M1[..., 0, :], M1[..., 1, :])
    f = np.einsum("b...x,bkxy,b...y->b...k", y0, C2, y1)
    del shp
    return f, y0, y1, M0, M1


def _sylvester_det(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Resultant of two polynomials with coefficients ``a, b`` (lowest degree first, last axis)."""
    m, n = a.shape[-1] - 1, b.shape[-1] - 1
    shape = a.shape[:-1]
    S = np.zeros((*shape, m + n, m + n), dtype=complex)
    ah = a[..., ::-1]
    bh = b[..., ::-1]
    for i in range(n):
        S[..., i, i:i + m + 1] = ah
    for i in range(m):
        S[..., n + i, i:i + n + 1] = bh
    return np.linalg.det(S)


def _roots(coef: np.ndarray) -> np.ndarray:
    """Roots of polynomials with coefficients ``coef`` (lowest first) along the last axis."""
    deg = coef.shape[-1] - 1
    size = np.abs(coef).max(axis=-1)
    lead = coef[..., -1].copy()
    tiny = np.abs(lead) < 1e-14 * np.maximum(size, 1e-300)
    lead[tiny] = 1e-14 * np.maximum(size[tiny], 1e-300)
    with np.errstate(all="ignore"):
        monic = coef[..., :-1] / lead[..., None]
    monic[~np.isfinite(monic)] = 0.0
    comp = np.zeros((*coef.shape[:-1], deg, deg), dtype=complex)
    if deg > 1:
        comp[..., 1:, :-1] = np.eye(deg - 1)
    comp[..., :, -1] = -monic
    return np.linalg.eigvals(comp)


def _scaled(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Each system's coefficient array divided by its largest entry (a zero array is left as is).

    The roots do not change; the conditioning of the resultants does.
    """
    out = []
    for a in arrays:
        a = a.astype(float)
        s = np.abs(a).reshape(a.shape[0], -1).max(axis=1)
        s[s == 0] = 1.0
        out.append(a / s.reshape((-1,) + (1,) * (a.ndim - 1)))
    return out


def solve_333(batch: MultilinearBatch, pencil: bool = False) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Real solutions of every system in a batch with block sizes ``(3, 3, 3)``.

    Returns ``(system, blocks, fallback)``: candidate ``k`` belongs to system ``system[k]``, with
    mixtures ``blocks[j][k]`` normalised to sum one; ``fallback[b]`` is True when system ``b`` did
    not yield exactly 10 distinct regular solutions, also with the solutions on its special fibres
    added (:func:`~bargain.solvers.polynomial.fibres.fibre_candidates_333`), and must be solved another way.  With
    ``pencil`` the roots in ``v`` are the eigenvalues of the 8x8 Sylvester matrix polynomial
    (:func:`_pencil_roots`) instead of the roots of its expanded determinant: slower, better
    conditioned (a retry for rejected systems).
    """
    if batch.sizes != (3, 3, 3):
        raise ValueError(f"solve_333 needs block sizes (3, 3, 3), got {batch.sizes}")
    B = batch.batch
    C0, C1, C2 = _scaled(list(batch.coeffs))   # (B, 2, x2, x3), (B, 2, x1, x3), (B, 2, x1, x2)
    nu = 5
    wu = np.exp(2j * np.pi * np.arange(nu) / nu)
    if pencil:
        x3 = _E0[None, None, None, :] + wu[None, None, :, None] * _E1 + wu[None, :, None, None] * _E2
        f, *_ = _curves(C0, C1, C2, np.broadcast_to(x3, (B, nu, nu, 3)))
        c = np.fft.fft(np.fft.fft(f, axis=2), axis=1) / nu ** 2       # (B, v power, u power, 2)
        vroots = _pencil_roots(_sylvester_matrix(c[..., 0], c[..., 1]), 16)
    else:
        nv = 17
        wv = np.exp(2j * np.pi * np.arange(nv) / nv)
        x3 = (_E0[None, None, None, :] + wu[None, None, :, None] * _E1 + wv[None, :, None, None] * _E2)
        x3 = np.broadcast_to(x3, (B, nv, nu, 3))
        f, *_ = _curves(C0, C1, C2, x3)                          # (B, nv, nu, 2)
        cu = np.fft.fft(f, axis=2) / nu                           # quartic coefficients in u
        res = _sylvester_det(cu[..., 0], cu[..., 1])              # (B, nv)
        cv = np.fft.fft(res, axis=1) / nv                         # degree-16 polynomial in v
        vroots = _roots(cv)                                       # (B, 16)
    # u for each v: common root of the two quartics
    x3v = _E0[None, None, None, :] + wu[None, None, :, None] * _E1 + vroots[:, :, None, None] * _E2
    fv, *_ = _curves(C0, C1, C2, x3v)                         # (B, 16, nu, 2)
    cuv = np.fft.fft(fv, axis=2) / nu
    uroots = _roots(cuv[..., 0])                              # (B, 16, 4)
    powers = uroots[..., None] ** np.arange(5)
    g = np.abs(np.einsum("bruj,brj->bru", powers, cuv[..., 1])) / np.maximum(
        np.abs(cuv[..., 1]).max(axis=-1, keepdims=True), 1e-300)
    u = np.take_along_axis(uroots, np.argmin(g, axis=2)[..., None], axis=2)[..., 0]
    pts = _E0 + u[..., None] * _E1 + vroots[..., None] * _E2  # (B, 16, 3)
    _, y0, y1, M0, M1 = _curves(C0, C1, C2, pts)
    # spurious: a kernel that vanishes (rank drop of M)
    n0 = np.linalg.norm(y0, axis=-1) / np.maximum(np.linalg.norm(M1, axis=(-2, -1)) ** 2, 1e-300)
    n1 = np.linalg.norm(y1, axis=-1) / np.maximum(np.linalg.norm(M0, axis=(-2, -1)) ** 2, 1e-300)
    blocks = [y0, y1, pts]
    sums = [b.sum(axis=-1) for b in blocks]
    valid = (n0 > 1e-6) & (n1 > 1e-6)
    for s in sums:
        valid &= np.abs(s) > 1e-10
    with np.errstate(all="ignore"):   # an invalid point starts at the barycentre: never counted, but its
        # Jacobian stays regular, so the stacked Newton solve below does not fall back to one system at a time
        xs = [np.where(valid[..., None], b / np.where(valid, s, 1.0)[..., None], 1.0 / 3.0)
              for b, s in zip(blocks, sums, strict=True)]
    # polish every candidate with complex Newton on the affine system
    flat = [x.reshape(B * 16, 3) for x in xs]
    rep = np.repeat(np.arange(B), 16)
    coeffs = tuple(c[rep] for c in (C0, C1, C2))
    srows = np.zeros((B * 16, 3, 9))
    for j in range(3):
        srows[:, j, 3 * j:3 * j + 3] = 1.0
    for _ in range(4):
        F = np.concatenate([evaluate(coeffs, flat), np.stack([x.sum(axis=1) - 1.0 for x in flat], axis=1)], axis=1)
        J = np.concatenate([jacobian(coeffs, flat), srows], axis=1)
        dlt, good = _solve(J, -F)
        dlt = np.where((good & np.all(np.isfinite(dlt), axis=1))[:, None], dlt, 0.0)
        flat = [x + dlt[:, 3 * j:3 * j + 3] for j, x in enumerate(flat)]
    F = np.concatenate([evaluate(coeffs, flat), np.stack([x.sum(axis=1) - 1.0 for x in flat], axis=1)], axis=1)
    J = np.concatenate([jacobian(coeffs, flat), srows], axis=1)
    with np.errstate(all="ignore"):
        sv = np.linalg.svd(np.nan_to_num(J), compute_uv=False)
    conv = (np.abs(F).max(axis=1) < 1e-10) & (sv[:, -1] > 1e-9 * sv[:, 0]) & valid.reshape(-1)
    z = np.concatenate(flat, axis=1).reshape(B, 16, 9)
    conv = conv.reshape(B, 16)
    fallback = np.zeros(B, dtype=bool)
    keep = np.zeros((B, 16), dtype=bool)
    for b in range(B):
        idx = np.flatnonzero(conv[b])
        distinct: list[int] = []
        for k in idx:
            if all(np.abs(z[b, k] - z[b, d]).max() > 1e-7 for d in distinct):
                distinct.append(k)
        if len(distinct) != 10:
            fallback[b] = True
            continue
        keep[b, distinct] = True
    real = keep & (np.abs(z.imag).max(axis=2) < 1e-8) & (z.real.min(axis=2) > -1e-9)
    sys_idx, r_idx = np.nonzero(real)
    zr = z.real[sys_idx, r_idx]
    found = (sys_idx, [zr[:, 0:3], zr[:, 3:6], zr[:, 6:9]])
    for b in np.flatnonzero(fallback):
        # solutions over the points where M_1 or M_2 drops rank are invisible to the resultant: add them
        # (special fibres; :mod:`bargain.solvers.polynomial.fibres`) and count again
        extra = fibre_candidates_333(C0[b], C1[b], C2[b])
        if extra.size == 0:
            continue
        cand = np.concatenate([z[b, conv[b]], extra])
        valid = np.ones((1, len(cand)), dtype=bool)
        sys_b, blocks_b, fail = _normalise_and_polish(
            MultilinearBatch(batch.sizes, (C0[b:b + 1], C1[b:b + 1], C2[b:b + 1])),
            (cand[None, :, 0:3], cand[None, :, 3:6], cand[None, :, 6:9]), valid, 1, len(cand), 10)
        if not fail[0]:
            fallback[b] = False
            found = (np.concatenate([found[0], np.full(len(sys_b), b)]),
                     [np.concatenate([x, y]) for x, y in zip(found[1], blocks_b, strict=True)])
    return found[0], found[1], fallback


def _polish_count(coeffs: tuple[np.ndarray, ...], flat: list[np.ndarray], valid: np.ndarray, B: int, R: int,
                  expected: int, iters: int = 4) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Complex Newton on the affine system; keep systems with exactly ``expected`` regular roots."""
    sizes = [x.shape[1] for x in flat]
    offs = np.cumsum((0, *sizes))
    srows = np.zeros((B * R, len(sizes), offs[-1]))
    for j in range(len(sizes)):
        srows[:, j, offs[j]:offs[j + 1]] = 1.0

    def system(fl):
        F = np.concatenate([evaluate(coeffs, fl), np.stack([x.sum(axis=1) - 1.0 for x in fl], axis=1)], axis=1)
        J = np.concatenate([jacobian(coeffs, fl), srows], axis=1)
        return F, J

    for _ in range(iters):
        F, J = system(flat)
        dlt, good = _solve(J, -F)
        dlt = np.where((good & np.all(np.isfinite(dlt), axis=1))[:, None], dlt, 0.0)
        flat = [x + dlt[:, offs[j]:offs[j + 1]] for j, x in enumerate(flat)]
    F, J = system(flat)
    with np.errstate(all="ignore"):
        sv = np.linalg.svd(np.nan_to_num(J), compute_uv=False)
    conv = (np.abs(F).max(axis=1) < 1e-10) & (sv[:, -1] > 1e-9 * sv[:, 0]) & valid.reshape(-1)
    z = np.concatenate(flat, axis=1).reshape(B, R, offs[-1])
    conv = conv.reshape(B, R)
    fallback = np.zeros(B, dtype=bool)
    keep = np.zeros((B, R), dtype=bool)
    for b in range(B):
        distinct: list[int] = []
        for k in np.flatnonzero(conv[b]):
            if all(np.abs(z[b, k] - z[b, d]).max() > 1e-7 for d in distinct):
                distinct.append(k)
        if len(distinct) != expected:
            fallback[b] = True
        else:
            keep[b, distinct] = True
    real = keep & (np.abs(z.imag).max(axis=2) < 1e-8) & (z.real.min(axis=2) > -1e-9)
    sys_idx, r_idx = np.nonzero(real)
    zr = z.real[sys_idx, r_idx]
    return sys_idx, [zr[:, offs[j]:offs[j + 1]] for j in range(len(sizes))], fallback


def solve_2222(batch: MultilinearBatch) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Real solutions of systems where four players each mix over two strategies.

    With ``x_3 = (1 - lam, lam)`` and ``x_4 = (1 - w, w)``, player 1's equation gives ``x_2`` and
    player 2's gives ``x_1`` (kernels of 1x2 rows, bilinear in ``lam, w``); players 3 and 4 then give
    ``f(lam, w)`` of degree (2, 3) and ``g(lam, w)`` of degree (3, 2).  Their resultant in ``lam`` has
    degree at most 13 in ``w``: the 9 solutions (the Bezout count) and spurious roots where a kernel
    vanishes.  As in :func:`solve_333`, a system is accepted only with exactly 9 regular solutions.
    """
    if batch.sizes != (2, 2, 2, 2):
        raise ValueError(f"solve_2222 needs block sizes (2, 2, 2, 2), got {batch.sizes}")
    B = batch.batch
    C = _scaled([arr[:, 0] for arr in batch.coeffs])   # (B, 2, 2, 2): axes = the other three blocks in order
    C1, C2, C3, C4 = C      # C1: (x2, x3, x4); C2: (x1, x3, x4); C3: (x1, x2, x4); C4: (x1, x2, x3)

    def curves(lam, w):
        x3 = np.stack([1 - lam, lam], axis=-1)
        x4 = np.stack([1 - w, w], axis=-1)
        r1 = np.einsum("baqc,b...q,b...c->b...a", C1, x3, x4)
        r2 = np.einsum("baqc,b...q,b...c->b...a", C2, x3, x4)
        x2 = np.stack([r1[..., 1], -r1[..., 0]], axis=-1)
        x1 = np.stack([r2[..., 1], -r2[..., 0]], axis=-1)
        f = np.einsum("bxyc,b...x,b...y,b...c->b...", C3, x1, x2, x4)
        g = np.einsum("bxyq,b...x,b...y,b...q->b...", C4, x1, x2, x3)
        return f, g, [x1, x2, x3, x4], r1, r2

    nw, nl = 14, 4
    mu = np.exp(2j * np.pi * np.arange(nl) / nl)
    nu = np.exp(2j * np.pi * np.arange(nw) / nw)
    lam = np.broadcast_to(0.5 + 0.5 * mu[None, None, :], (B, nw, nl))
    w = np.broadcast_to(0.5 + 0.5 * nu[None, :, None], (B, nw, nl))
    f, g, *_ = curves(lam, w)
    cf = np.fft.fft(f, axis=2) / nl            # cubic-length coefficients in mu (f has degree 2)
    cg = np.fft.fft(g, axis=2) / nl
    res = _sylvester_det(cf[..., :3], cg)      # (B, nw)
    cw = np.fft.fft(res, axis=1) / nw
    wroots = 0.5 + 0.5 * _roots(cw)            # (B, 13)
    R = wroots.shape[1]
    lam2 = np.broadcast_to(0.5 + 0.5 * mu[None, None, :], (B, R, nl))
    f2, g2, *_ = curves(lam2, np.broadcast_to(wroots[:, :, None], (B, R, nl)))
    cf2 = np.fft.fft(f2, axis=2) / nl
    cg2 = np.fft.fft(g2, axis=2) / nl
    mroots = _roots(cf2[..., :3])              # (B, R, 2) roots in mu
    powers = mroots[..., None] ** np.arange(nl)
    resid = np.abs(np.einsum("bruj,brj->bru", powers, cg2))
    m = np.take_along_axis(mroots, np.argmin(resid, axis=2)[..., None], axis=2)[..., 0]
    lam_r = 0.5 + 0.5 * m
    _, _, xs, _, _ = curves(lam_r, wroots)
    valid = np.ones((B, R), dtype=bool)
    scale = np.maximum(np.abs(C1).reshape(B, -1).max(axis=1), 1e-300)[:, None]
    for x in (xs[0], xs[1]):        # a vanishing kernel marks a spurious root
        valid &= np.linalg.norm(x, axis=-1) > 1e-7 * scale
    normed = []
    for x in xs:
        s = x.sum(axis=-1)
        valid &= np.abs(s) > 1e-10
        with np.errstate(all="ignore"):
            normed.append(np.where(valid[..., None], x / np.where(valid, s, 1.0)[..., None], 0.5))
    rep = np.repeat(np.arange(B), R)
    coeffs = tuple(c[rep] for c in batch.coeffs)
    flat = [x.reshape(B * R, 2) for x in normed]
    return _polish_count(tuple(c.astype(float) for c in coeffs), flat, valid, B, R, 9)


def solve_334(batch: MultilinearBatch, pencil: bool = False) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Real solutions of systems with block sizes ``(3, 3, 4)`` (two players mix over three strategies,
    one over four).

    Hide ``x_1`` in the plane (``x_1 = e_0 + u e_1 + v e_2``).  The four-strategy player's three
    equations ``x_1^T C_k x_2 = 0`` say ``N(x_1) x_2 = 0`` with ``N`` 3x3 and linear in ``x_1``: a cubic
    curve ``det N = 0``, with ``x_2`` the cross product of the first two rows (quadratic in ``x_1``).
    Player 2's two equations (linear in ``x_3``, coefficients linear in ``x_1``) and player 1's two
    (linear in ``x_3``, coefficients linear in ``x_2``) make a 4x4 matrix ``Q`` with ``Q x_3 = 0``:
    ``det Q`` is a sextic in ``x_1``.  Cubic and sextic meet in 18 points: the 12 solutions (the
    multihomogeneous Bezout number) and 6 spurious ones where ``x_2`` vanishes (the 3 points where
    the first two rows of ``N`` are dependent, each counted twice).  Resultant in ``u``: the
    determinant of a 9x9 Sylvester matrix, a degree-18 polynomial in ``v`` (expanded from 19 values,
    as in :func:`solve_333`: fast), or with ``pencil`` the 18 eigenvalues of that matrix polynomial
    (:func:`_pencil_roots`: twice the cost, better conditioned, so it certifies most systems the
    expansion cannot).  A system is accepted only with exactly 12 distinct regular solutions after
    Newton polishing, else ``fallback`` is set.
    """
    if batch.sizes != (3, 3, 4):
        raise ValueError(f"solve_334 needs block sizes (3, 3, 4), got {batch.sizes}")
    B = batch.batch
    C = _scaled(list(batch.coeffs))
    C0, C1, C2 = C      # C0: (B, 2, x2, x3); C1: (B, 2, x1, x3); C2: (B, 3, x1, x2)

    def curves(x1):
        N = np.einsum("bkxy,b...x->b...ky", C2, x1)                 # (B, ..., 3, 3)
        x2 = np.cross(N[..., 0, :], N[..., 1, :])
        cubic = np.einsum("b...y,b...y->b...", N[..., 2, :], x2)
        top = np.einsum("bkxz,b...x->b...kz", C1, x1)               # (B, ..., 2, 4)
        bottom = np.einsum("bkyz,b...y->b...kz", C0, x2)
        Q = np.concatenate([top, bottom], axis=-2)
        return cubic, np.linalg.det(Q), x2, Q, N

    nu = 7
    wu = np.exp(2j * np.pi * np.arange(nu) / nu)
    R = 18
    if pencil:
        x1 = _E0[None, None, None, :] + wu[None, None, :, None] * _E1 + wu[None, :, None, None] * _E2
        f, g, *_ = curves(np.broadcast_to(x1, (B, nu, nu, 3)))
        cf = np.fft.fft(np.fft.fft(f, axis=2), axis=1) / nu ** 2      # (B, v power, u power)
        cg = np.fft.fft(np.fft.fft(g, axis=2), axis=1) / nu ** 2
        vroots = _pencil_roots(_sylvester_matrix(cf[..., :4], cg), R)
    else:
        nv = 19
        wv = np.exp(2j * np.pi * np.arange(nv) / nv)
        x1 = _E0[None, None, None, :] + wu[None, None, :, None] * _E1 + wv[None, :, None, None] * _E2
        f, g, *_ = curves(np.broadcast_to(x1, (B, nv, nu, 3)))
        cf = np.fft.fft(f, axis=2) / nu
        cg = np.fft.fft(g, axis=2) / nu
        res = _sylvester_det(cf[..., :4], cg)                       # (B, nv)
        vroots = _roots(np.fft.fft(res, axis=1) / nv)               # (B, 18)
    x1v = _E0[None, None, None, :] + wu[None, None, :, None] * _E1 + vroots[:, :, None, None] * _E2
    fv, gv, *_ = curves(x1v)
    cfv = np.fft.fft(fv, axis=2) / nu
    cgv = np.fft.fft(gv, axis=2) / nu
    uroots = _roots(cfv[..., :4])                                   # (B, R, 3)
    powers = uroots[..., None] ** np.arange(nu)
    resid = np.abs(np.einsum("bruj,brj->bru", powers, cgv))
    u = np.take_along_axis(uroots, np.argmin(resid, axis=2)[..., None], axis=2)[..., 0]
    pts = _E0 + u[..., None] * _E1 + vroots[..., None] * _E2       # (B, R, 3)
    _, _, x2, Q, N = curves(pts)
    with np.errstate(all="ignore"):
        _, sv, vh = np.linalg.svd(np.nan_to_num(Q))
    x3 = vh[..., -1, :].conj()                                      # null vector of Q
    valid = (np.linalg.norm(x2, axis=-1) > 1e-6 * np.maximum(np.linalg.norm(N, axis=(-2, -1)) ** 2, 1e-300))
    valid &= sv[..., -2] > 1e-8 * np.maximum(sv[..., 0], 1e-300)   # a one-dimensional kernel
    return _normalise_and_polish(batch, (pts, x2, x3), valid, B, R, 12)


def _normalise_and_polish(batch: MultilinearBatch, points: tuple[np.ndarray, ...], valid: np.ndarray,
                          B: int, R: int, expected: int,
                          iters: int = 4) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Scale each player's candidate point to sum one, drop those that cannot be, and polish them.

    ``points`` are the three players' (complex) candidate vectors, each ``(B, R, s_i)``; ``valid``
    ``(B, R)`` is narrowed in place to the candidates whose sums are not (nearly) zero.  The rest
    goes to :func:`_polish_count` with ``expected`` and ``iters``.
    """
    normed = []
    for x in points:
        s = x.sum(axis=-1)
        valid &= np.abs(s) > 1e-10
        with np.errstate(all="ignore"):
            normed.append(np.where(valid[..., None], x / np.where(valid, s, 1.0)[..., None], 1.0 / x.shape[-1]))
    rep = np.repeat(np.arange(B), R)
    coeffs = tuple(c[rep].astype(float) for c in batch.coeffs)
    flat = [x.reshape(B * R, x.shape[-1]) for x in normed]
    return _polish_count(coeffs, flat, valid, B, R, expected, iters)


def _sylvester_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sylvester matrices of polynomials with coefficients ``a, b`` (lowest degree first, last axis)."""
    m, n = a.shape[-1] - 1, b.shape[-1] - 1
    S = np.zeros((*a.shape[:-1], m + n, m + n), dtype=complex)
    for i in range(n):
        S[..., i, i:i + m + 1] = a[..., ::-1]
    for i in range(m):
        S[..., n + i, i:i + n + 1] = b[..., ::-1]
    return S


def _pencil_roots(S: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` finite roots of ``det sum_d v^d S[:, d]`` (``S`` of shape ``(B, D + 1, n, n)``).

    The matrix polynomial is linearised as a companion pencil ``A - v E`` of size ``nD`` and solved by
    the QZ algorithm (Gohberg, Lancaster and Rodman, *Matrix Polynomials*, 1982, ch. 1): far better
    conditioned than expanding the determinant into a scalar polynomial of high degree.  The
    leading coefficient is singular (the determinant has degree ``count < nD``): the extra
    eigenvalues are infinite and dropped; missing roots are padded with a far point (which then
    fails the caller's checks).
    """
    B, D1, n, _ = S.shape
    D = D1 - 1
    out = np.full((B, count), 1e6 + 0j)
    A = np.zeros((n * D, n * D), dtype=complex)
    A[:n * (D - 1), n:] = np.eye(n * (D - 1))
    E = np.eye(n * D, dtype=complex)
    for b in range(B):
        for d in range(D):
            A[n * (D - 1):, n * d:n * (d + 1)] = -S[b, d]
        E[n * (D - 1):, n * (D - 1):] = S[b, D]
        try:
            ev = scipy.linalg.eigvals(A, E)
        except (ValueError, np.linalg.LinAlgError):
            continue
        ev = ev[np.isfinite(ev)]
        ev = ev[np.argsort(np.abs(ev))][:count]
        out[b, :ev.size] = ev
    return out


def _null_3x4(A: np.ndarray) -> np.ndarray:
    """The kernel vector of 3x4 matrices by signed 3x3 minors (Cramer): polynomial in the entries."""
    cols = [np.linalg.det(np.delete(A, j, axis=-1)) * (-1) ** j for j in range(4)]
    return np.stack(cols, axis=-1)


def solve_344(batch: MultilinearBatch, theta: float = _THETA) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Real solutions of systems with block sizes ``(3, 4, 4)`` (one player mixes over three
    strategies, two over four).

    Hide ``x_1`` in the plane.  Player 3's three equations are ``N(x_1) x_2 = 0`` and player 2's are
    ``M(x_1) x_3 = 0`` with ``N, M`` 3x4 and linear in ``x_1``: ``x_2`` and ``x_3`` are their kernel
    vectors of signed 3x3 minors, cubic in ``x_1``.  Player 1's two equations ``x_2^T C_k x_3 = 0``
    become two sextic curves, meeting in 36 points: the 24 solutions (the Bezout number) and 12
    spurious ones where ``N`` or ``M`` drops rank (6 each, the degree of the determinantal locus).
    The resultant in ``u`` is the determinant of a 12x12 Sylvester matrix whose entries are
    polynomials of degree 6 in ``v``; its 36 roots are the eigenvalues of that matrix polynomial
    (:func:`_pencil_roots`; expanding the degree-36 determinant loses too much accuracy).  A system
    is accepted only with exactly 24 distinct regular solutions after polishing; a rejected one can
    be retried in another chart (rotation ``theta`` of the plane of ``x_1``).
    """
    e0 = _E0
    e1 = np.cos(theta) * _B1 + np.sin(theta) * _B2
    e2 = -np.sin(theta) * _B1 + np.cos(theta) * _B2
    if batch.sizes != (3, 4, 4):
        raise ValueError(f"solve_344 needs block sizes (3, 4, 4), got {batch.sizes}")
    B = batch.batch
    C = _scaled(list(batch.coeffs))
    C0, C1, C2 = C      # C0: (B, 2, x2, x3); C1: (B, 3, x1, x3); C2: (B, 3, x1, x2)

    def curves(x1):
        N = np.einsum("bkxy,b...x->b...ky", C2, x1)
        M = np.einsum("bkxz,b...x->b...kz", C1, x1)
        x2 = _null_3x4(N)
        x3 = _null_3x4(M)
        f = np.einsum("b...y,bkyz,b...z->b...k", x2, C0, x3)
        return f, x2, x3, N, M

    nu = 7
    wu = np.exp(2j * np.pi * np.arange(nu) / nu)
    x1 = e0[None, None, None, :] + wu[None, None, :, None] * e1 + wu[None, :, None, None] * e2
    f, *_ = curves(np.broadcast_to(x1, (B, nu, nu, 3)))
    c = np.fft.fft(np.fft.fft(f, axis=2), axis=1) / nu ** 2        # (B, v power, u power, 2)
    R = 36
    vroots = _pencil_roots(_sylvester_matrix(c[..., 0], c[..., 1]), R)
    x1v = e0[None, None, None, :] + wu[None, None, :, None] * e1 + vroots[:, :, None, None] * e2
    fv, *_ = curves(x1v)
    cuv = np.fft.fft(fv, axis=2) / nu
    uroots = _roots(cuv[..., 0])                                    # (B, R, 6)
    powers = uroots[..., None] ** np.arange(nu)
    resid = np.abs(np.einsum("bruj,brj->bru", powers, cuv[..., 1]))
    u = np.take_along_axis(uroots, np.argmin(resid, axis=2)[..., None], axis=2)[..., 0]
    pts = e0 + u[..., None] * e1 + vroots[..., None] * e2       # (B, R, 3)
    _, x2, x3, N, M = curves(pts)
    valid = np.linalg.norm(x2, axis=-1) > 1e-6 * np.maximum(np.linalg.norm(N, axis=(-2, -1)) ** 3, 1e-300)
    valid &= np.linalg.norm(x3, axis=-1) > 1e-6 * np.maximum(np.linalg.norm(M, axis=(-2, -1)) ** 3, 1e-300)
    return _normalise_and_polish(batch, (pts, x2, x3), valid, B, R, 24, iters=6)
