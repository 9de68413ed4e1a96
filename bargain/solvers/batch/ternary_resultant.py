"""The totally mixed equilibria of a batch of 3x3x3 games: an eliminant per point, certified by a count.

Players ``a, b, c`` mix ``x, y, z`` over all three strategies.  Write each player's indifference
between a strategy and their first as a bilinear form in the others' mixtures:

* ``b``: ``G_j(x) . z = 0`` for ``j = 1, 2``, with ``G_j(x)_k = sum_i (u_b(i, j, k) - u_b(i, 0, k)) x_i``;
* ``c``: ``H_k(x) . y = 0`` for ``k = 1, 2``, with ``H_k(x)_j = sum_i (u_c(i, j, k) - u_c(i, j, 0)) x_i``;
* ``a``: ``F_i = y^T D_i z = 0`` for ``i = 1, 2``, with ``D_i = u_a(i, ., .) - u_a(0, ., .)``.

For given ``x`` the first two fix ``z`` and the next two ``y`` up to scale: ``z ~ N_z(x) = G_1(x) x
G_2(x)`` and ``y ~ N_y(x) = H_1(x) x H_2(x)`` (cross products, quadratic in ``x``), so the totally
mixed equilibria are the common zeros of the two plane quartics ``F_i(x) = N_y(x)^T D_i N_z(x)``
with ``x = (1 - x_1 - x_2, x_1, x_2)``.  By Bezout they meet in 16 points; six of them are
extraneous, the three points where ``H_1 || H_2`` and the three where ``G_1 || G_2``, which leaves
the bound of 10 totally mixed solutions of McKelvey and McLennan (1997).  The resultant of ``F_1, F_2``
in ``x_2``, the determinant of their 4x4 Bezout matrix, has degree 16 in ``x_1`` (Cox, Little and O'Shea
2005, ch. 3); the extraneous ``x_1`` (3x3 generalized eigenproblems) are divided out by evaluating
``R / S`` at :data:`NODES` points of the circle ``|x_1 - 1/2| = 1`` and reading the degree-10 quotient
``T`` off by one FFT (Trefethen 2013, ch. 18).

``T``'s coefficients carry rounding that can turn two nearby real roots into a complex pair or move
a root far, so no root of ``T`` is trusted as it stands.  *Every* root, real or complex, is carried
back to a complex solution of the six equations (``x_2`` from a quartic, ``y`` and ``z`` from the
cross products) and polished by Newton's method on the equations themselves.  A point is certified
only when all ten polish to ten distinct regular solutions: the system has at most ten (McKelvey and
McLennan 1997), so none is missing, real or not.  Its real solutions inside the simplex are the
candidates.  The points that fail (a degree drop, a singular pencil, a root Newton cannot settle, two
roots polishing onto one solution, a solution neither clearly real nor clearly complex, one at the
simplex's edge) go to :func:`~bargain.solvers.polynomial.resultant.solve_333` (the general route's
resultant, also certified by its count of 10), and those it cannot certify are *unsure*, for the full
solver.

References
----------
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
*Journal of Economic Theory* 72, 411-425.
Cox, D., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., Springer, ch. 3.
Trefethen, L. N. (2013). *Approximation Theory and Approximation Practice*, SIAM, ch. 18.
"""

from __future__ import annotations

import numpy as np

from bargain.solvers.batch.common import MARGIN
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.one_pass import EDGE
from bargain.solvers.polynomial.resultant import solve_333

__all__ = ["totally_mixed_3x3x3"]

#: Nodes on the circle ``|x_1 - 1/2| = 1`` (FFT interpolation) and the degree of ``T``.
NODES, DEGREE = 16, 10
NODE_X1 = 0.5 + np.exp(2j * np.pi * np.arange(NODES) / NODES)
#: Nodes computed (the others are their complex conjugates: ``R`` and ``S`` have real coefficients).
HALF = NODES // 2 + 1
#: The Bezout matrix of two quartics ``f, g``: entry ``(i, j)`` is the sum of ``f_a g_b - f_b g_a`` over these
#: ``(a, b)`` (Cayley's expression of ``(f(s) g(t) - f(t) g(s)) / (s - t)``); its determinant is the
#: resultant up to sign (Cox, Little and O'Shea 2005, ch. 3).
BEZOUT = {(i, j): tuple((j + k + 1, i - k) for k in range(min(i, 3 - j) + 1)) for i in range(4) for j in range(4)}
#: Relative size of ``T``'s coefficients above :data:`DEGREE` (and of imaginary parts) that betrays a
#: division by the extraneous factor not exact to the precision needed.
INEXACT = 1e-8
#: Determinant relative to the Hadamard bound of the Bezout matrix's rows below which ``R`` vanishes at a node.
VANISH = 1e-12
#: Newton steps, and the residual and last step they must reach.
NEWTON, RESIDUAL, STEP = 4, 1e-11, 1e-10
#: Smallest ``|det J|`` of the six equations' Jacobian at an accepted solution.
SINGULAR = 1e-12
#: Two solutions closer than this (relative to their size) at one point are one solution found twice.
CLOSE = 1e-6
#: A solution whose largest imaginary part is at most ``REAL`` is real, above ``COMPLEX`` complex; between
#: them it is neither for sure.
REAL, COMPLEX = 1e-9, 1e-6
#: ``|det|`` of both matrices of an extraneous pencil, relative to the cube of the largest payoff difference,
#: below which the extraneous points are not computed (the point is unsure).
SINGULAR_PENCIL = 1e-9
#: Points per pass (bounds the (nodes, points, 4, 4) complex determinants).
BLOCK = 4096


def _forms(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``Gb (B, 2, 3i, 3k)``, ``Hc (B, 2, 3i, 3j)``, ``Da (B, 2, 3j, 3k)``: the payoff differences above."""
    Gb = U[:, 1, :, 1:, :] - U[:, 1, :, :1, :]                       # (B, i, j=1..2, k)
    Hc = U[:, 2, :, :, 1:] - U[:, 2, :, :, :1]                       # (B, i, j, k=1..2)
    Da = U[:, 0, 1:] - U[:, 0, :1]                                   # (B, i=1..2, j, k)
    return np.moveaxis(Gb, 2, 1), np.moveaxis(Hc, 3, 1), Da


#: Exponents ``(a, b)`` of ``x_1^a x_2^b`` in the linear and quadratic forms, and their positions.
LINEAR = ((0, 0), (1, 0), (0, 1))


def _cross(P: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """``P_1(x) x P_2(x)`` as a polynomial in ``(x_1, x_2)`` at ``x = (1 - x_1 - x_2, x_1, x_2)``:
    exponents to coefficient vectors ``(B, 3)``; ``P`` (B, 2, 3, 3) holds the forms ``P_r(x) = x @ P[:, r]``."""
    g = [[P[:, r, 0], P[:, r, 1] - P[:, r, 0], P[:, r, 2] - P[:, r, 0]] for r in (0, 1)]
    out: dict[tuple[int, int], np.ndarray] = {}
    for p, ep in enumerate(LINEAR):
        for q, eq in enumerate(LINEAR):
            e = (ep[0] + eq[0], ep[1] + eq[1])
            c = np.cross(g[0][p], g[1][q])
            out[e] = out[e] + c if e in out else c
    return out


def _quartic_coefficients(forms: tuple[np.ndarray, ...]) -> np.ndarray:
    """``(2, 5, 5, B)``: the coefficient of ``x_2^d x_1^e`` in ``F_i`` at ``[i, d, e]`` (zero for ``d + e > 4``)."""
    Gb, Hc, Da = forms
    nz, ny = _cross(Gb), _cross(Hc)
    out = np.zeros((2, 5, 5, Gb.shape[0]))
    for i in range(2):
        Dz = {e: np.einsum("bjk,bk->bj", Da[:, i], v) for e, v in nz.items()}
        for e1, v in ny.items():
            for e2, w in Dz.items():
                out[i, e1[1] + e2[1], e1[0] + e2[0]] += np.einsum("bj,bj->b", v, w)
    return out


def _in_x2(c: np.ndarray, x1: np.ndarray) -> np.ndarray:
    """``(2, 5, ..., B)``: the coefficients in ``x_2`` of ``F_1, F_2`` at ``x1`` (broadcast ``(..., B)``)."""
    out = np.zeros((2, 5, *x1.shape), dtype=np.result_type(x1, float))
    power = np.ones_like(x1)
    for e in range(5):
        out += c[:, :, e].reshape(2, 5, *(1,) * (x1.ndim - 1), -1) * power
        power = power * x1
    return out


def _extraneous_x1(P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(B, 3)``: ``x_1`` at the three points where ``P_1(x) || P_2(x)`` (complex in general), and where
    they cannot be computed (both matrices below nearly singular).

    There ``w_0 P_1(x) + w_1 P_2(x) = 0`` for some ``w``: ``(K_0 + lambda K_1) x = 0`` with ``K_r[k, i] =
    P[r, i, k]``, a generalized eigenproblem whose three eigenvectors are the points.
    """
    K0, K1 = np.swapaxes(P[:, 0], 1, 2), np.swapaxes(P[:, 1], 1, 2)
    d0, d1 = np.abs(np.linalg.det(K0)), np.abs(np.linalg.det(K1))
    swap = d1 < d0
    top, bottom = np.where(swap[:, None, None], K1, K0), np.where(swap[:, None, None], K0, K1)
    scale = np.max(np.abs(P), axis=(1, 2, 3))
    bad = ~(np.maximum(d0, d1) > SINGULAR_PENCIL * scale ** 3)
    bottom[bad] = np.eye(3)
    with np.errstate(all="ignore"):
        _, v = np.linalg.eig(np.linalg.solve(bottom, top))
        return v[:, 1] / np.sum(v, axis=1), bad


def _resultant(forms: tuple[np.ndarray, ...], c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``T``'s coefficients in ``u = x_1 - 1/2`` (B, 11), scaled to largest 1, and the points where it
    cannot be trusted."""
    B = c.shape[-1]
    x1 = np.broadcast_to(NODE_X1[:HALF, None], (HALF, B))            # the others are their conjugates
    f = _in_x2(c, x1)                                                 # (2, 5, HALF, B)
    bez = np.zeros((HALF, B, 4, 4), complex)
    for (i, j), terms in BEZOUT.items():
        for a, b in terms:
            bez[:, :, i, j] += f[0, a] * f[1, b] - f[0, b] * f[1, a]
    half = np.linalg.det(bez)
    det = np.concatenate([half, np.conj(half[1:NODES - HALF + 1][::-1])])
    rows = np.sum(np.abs(bez) ** 2, axis=3)                           # Hadamard's bound: row norms
    vanish = np.all(np.abs(half) <= VANISH * np.sqrt(np.prod(rows, axis=2)), axis=0)
    (rz, bz), (ry, by) = _extraneous_x1(forms[0]), _extraneous_x1(forms[1])
    roots = np.concatenate([rz, ry], axis=1)                                             # (B, 6)
    with np.errstate(all="ignore"):
        spurious = np.prod(NODE_X1[:, None, None] - roots[None], axis=2)
        tau = np.fft.fft(det / spurious, axis=0) / NODES
        size = np.max(np.abs(tau), axis=0)
        rel = np.abs(tau) / size
        imag = np.abs(tau[:DEGREE + 1].imag) / size
    bad = vanish | bz | by | ~np.isfinite(size) | ~(size > 0)
    bad |= ~(np.max(rel[DEGREE + 1:], axis=0) <= INEXACT) | ~(np.max(imag, axis=0) <= INEXACT)
    coef = np.where(bad[:, None], 0.0, (tau[:DEGREE + 1].real / np.where(bad, 1.0, size)).T)
    return coef, bad


def _equations(forms: tuple[np.ndarray, ...], rows: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The six indifference equations at the (complex) profiles ``X`` (C, 9) of the games ``rows``, and their
    Jacobian ``(C, 6, 6)`` in ``(x_1, x_2, y_1, y_2, z_1, z_2)`` (each first probability is 1 minus the others)."""
    Gb, Hc, Da = (f[rows] for f in forms)
    x, y, z = X[:, :3], X[:, 3:6], X[:, 6:]
    C = rows.size
    f = np.empty((C, 6), X.dtype)
    J = np.zeros((C, 6, 6), X.dtype)
    # (form, left mixture, right mixture, the unknowns' blocks of the left and right mixtures)
    for e, (M, left, right, bl, br) in enumerate(((Da, y, z, 2, 4), (Gb, x, z, 0, 4), (Hc, x, y, 0, 2))):
        for r in range(2):
            Mr = M[:, r]
            Mright = np.einsum("bpq,bq->bp", Mr, right)
            Mleft = np.einsum("bp,bpq->bq", left, Mr)
            f[:, 2 * e + r] = np.einsum("bp,bp->b", left, Mright)
            J[:, 2 * e + r, bl:bl + 2] = Mright[:, 1:] - Mright[:, :1]
            J[:, 2 * e + r, br:br + 2] = Mleft[:, 1:] - Mleft[:, :1]
    return f, J


def _newton(forms: tuple[np.ndarray, ...], rows: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Newton's method from the complex profiles ``X`` (C, 9); returns the profiles and where it failed."""
    good = np.all(np.isfinite(X), axis=1)
    X = np.where(good[:, None], X, 1.0 / 3.0)
    regular = np.ones(rows.size, bool)
    step = np.zeros((rows.size, 6), X.dtype)
    with np.errstate(all="ignore"):
        for _ in range(NEWTON):
            f, J = _equations(forms, rows, X)
            regular = np.abs(np.linalg.det(J)) > SINGULAR
            Js = np.where(regular[:, None, None], J, np.eye(6))
            step = np.linalg.solve(Js, -f[:, :, None])[:, :, 0]
            for p in range(3):
                X[:, 3 * p + 1:3 * p + 3] += step[:, 2 * p:2 * p + 2]
                X[:, 3 * p] = 1.0 - X[:, 3 * p + 1] - X[:, 3 * p + 2]
        size = 1.0 + np.max(np.abs(X), axis=1)
        residual = np.max(np.abs(_equations(forms, rows, X)[0]), axis=1)
        failed = ~good | ~regular | ~(residual <= RESIDUAL * size ** 2) | ~(np.max(np.abs(step), axis=1) <= STEP * size)
    return X, failed


def _back_substitute(forms: tuple[np.ndarray, ...], c: np.ndarray, rows: np.ndarray, x1: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Complex profiles ``(C, 9)`` over the (complex) roots ``x1`` of the games ``rows`` (``c`` the quartics'
    coefficients at those games), and where the quartics' leading coefficients both (nearly) vanish."""
    C = rows.size
    f = _in_x2(c, x1)                                                 # (2, 5, C)
    lead = np.abs(f[:, 4]) / np.maximum(np.max(np.abs(f), axis=1), 1e-300)
    first = lead[0] >= lead[1]
    g = np.where(first, f[0], f[1])                                   # (5, C): the quartic solved
    h = np.where(first, f[1], f[0])                                   # the other, which picks the root
    unsure = ~(np.maximum(lead[0], lead[1]) > 1e-8)
    comp = np.zeros((C, 4, 4), complex)
    comp[:, 1:, :-1] = np.eye(3)
    with np.errstate(all="ignore"):
        comp[:, :, -1] = -(g[:4] / np.where(unsure, 1.0, g[4])).T
    comp[unsure] = np.eye(4)
    r = np.linalg.eigvals(comp)                                       # (C, 4)
    hv = np.zeros(r.shape, complex)
    for d in range(4, -1, -1):
        hv = hv * r + h[d][:, None]
    x2 = r[np.arange(C), np.argmin(np.abs(hv), axis=1)]
    x = np.stack([1.0 - x1 - x2, x1, x2], axis=1)
    X = np.empty((C, 9), complex)
    X[:, :3] = x
    for P, blk in ((forms[1][rows], 3), (forms[0][rows], 6)):            # Hc gives y, Gb gives z
        n = np.cross(np.einsum("bi,bik->bk", x, P[:, 0]), np.einsum("bi,bik->bk", x, P[:, 1]))
        with np.errstate(all="ignore"):
            X[:, blk:blk + 3] = n / np.sum(n, axis=1, keepdims=True)
    return X, unsure


def _all_roots(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x_1`` at the ten roots of ``T`` (``coef`` (B, 11) in ``u = x_1 - 1/2``, lowest first), by batched
    companion matrices, and where ``T`` has dropped degree."""
    top = np.abs(coef[:, DEGREE])
    dropped = ~(top > 1e-8 * np.max(np.abs(coef), axis=1))
    comp = np.zeros((coef.shape[0], DEGREE, DEGREE))
    comp[:, 1:, :-1] = np.eye(DEGREE - 1)
    with np.errstate(all="ignore"):
        comp[:, :, -1] = -coef[:, :DEGREE] / np.where(dropped, 1.0, coef[:, DEGREE])[:, None]
    comp[dropped] = np.eye(DEGREE)
    return np.linalg.eigvals(comp) + 0.5, dropped


def _certified(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The eliminant's route (see the module docstring): candidates ``(rows, X)`` and the points it could not
    certify."""
    B = U.shape[0]
    forms = _forms(U)
    c = _quartic_coefficients(forms)
    coef, unsure = _resultant(forms, c)
    x1, dropped = _all_roots(coef)
    unsure |= dropped
    rows = np.repeat(np.arange(B), DEGREE)
    X, doubt = _back_substitute(forms, c[..., rows], rows, x1.reshape(-1))
    X, failed = _newton(forms, rows, X)
    bad = np.zeros(B, bool)
    np.logical_or.at(bad, rows, doubt | failed)
    unsure |= bad
    S = X.reshape(B, DEGREE, 9)
    size = 1.0 + np.max(np.abs(S), axis=2)
    gap = np.max(np.abs(S[:, :, None] - S[:, None]), axis=3) / np.maximum(size[:, :, None], size[:, None])
    gap[:, np.arange(DEGREE), np.arange(DEGREE)] = np.inf
    with np.errstate(invalid="ignore"):
        unsure |= ~(np.min(gap, axis=(1, 2)) > CLOSE)
        imag = np.max(np.abs(S.imag), axis=2) / size
        unsure |= np.any((imag > REAL) & ~(imag > COMPLEX), axis=1)
    real = (imag <= REAL).reshape(-1) & ~unsure[rows]
    R = X[real].real
    rows = rows[real]
    unsure[rows[np.any(np.abs(R) <= EDGE, axis=1)]] = True
    inside = np.all(R >= -MARGIN, axis=1) & ~unsure[rows]
    return rows[inside], R[inside], unsure


def _resultant_333(forms: tuple[np.ndarray, ...], pencil: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    Gb, Hc, Da = forms
    system, blocks, fallback = solve_333(MultilinearBatch((3, 3, 3), (Da, Gb, Hc)), pencil=pencil)
    X = np.concatenate([np.asarray(b).real for b in blocks], axis=1) if len(system) else np.zeros((0, 9))
    return np.asarray(system, np.intp), X, np.asarray(fallback, bool)


def _general(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The general route's certified resultant (with its matrix-pencil retry) on the points ``U``."""
    forms = _forms(U)
    rows, X, unsure = _resultant_333(forms, pencil=False)
    retry = np.flatnonzero(unsure)
    if retry.size:
        r2, X2, u2 = _resultant_333(tuple(f[retry] for f in forms), pencil=True)
        keep = ~unsure[rows]
        rows, X = np.concatenate([rows[keep], retry[r2]]), np.concatenate([X[keep], X2])
        unsure[retry] = u2
    unsure[rows[np.any(np.abs(X) <= EDGE, axis=1)]] = True
    inside = np.all(X >= -MARGIN, axis=1) & ~unsure[rows]
    return rows[inside], X[inside], unsure


def totally_mixed_3x3x3(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The totally mixed equilibrium candidates of a batch of 3x3x3 games (see the module docstring).

    Parameters
    ----------
    U : ndarray, shape (B, 3, 3, 3, 3)
        Normalised payoffs (each player's in [0, 1]).

    Returns
    -------
    rows, profiles, unsure
        The game of each candidate (sorted), its profile ``(C, 9)`` (player after player, every
        probability above ``-MARGIN``; not yet verified) and the per-point mask of points whose totally
        mixed solutions neither route could certify.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. *Journal of Economic Theory* 72, 411-425.
    """
    B = U.shape[0]
    if B > BLOCK:
        parts = [totally_mixed_3x3x3(U[s:s + BLOCK]) for s in range(0, B, BLOCK)]
        return (np.concatenate([p[0] + s for p, s in zip(parts, range(0, B, BLOCK), strict=True)]),
                np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]))
    rows, X, unsure = _certified(U)
    retry = np.flatnonzero(unsure)
    if retry.size:
        r2, X2, u2 = _general(U[retry])
        rows, X = np.concatenate([rows, retry[r2]]), np.concatenate([X, X2])
        unsure[retry] = u2
    order = np.argsort(rows, kind="stable")
    return rows[order], X[order], unsure
