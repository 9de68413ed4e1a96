"""Batched small linear algebra for :mod:`bargain.solvers.batch`.

Every function works on a stack of small systems at once (leading axis = games of the batch):
Chebyshev interpolation of univariate polynomials and their real roots in [0, 1] (companion
matrices, Newton-polished), guarded square solves, regularised least squares, and the
indifference matrices of support enumeration.  Payoffs are assumed scaled to [0, 1] per game.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["ZERO", "cheb_nodes", "fit_poly", "indiff_matrix", "lstsq", "real_roots", "rhs_last", "safe_solve",
           "subsets"]

#: Absolute threshold (payoffs scaled to [0, 1]) below which a determinant or polynomial is zero.
ZERO = 1e-11


def subsets(s: int) -> list[tuple[int, ...]]:
    return [c for m in range(1, s + 1) for c in itertools.combinations(range(s), m)]


def cheb_nodes(k: int) -> np.ndarray:
    """``k`` Chebyshev nodes on [0, 1] (well-conditioned interpolation)."""
    if k == 1:
        return np.array([0.5])
    j = np.arange(k)
    return 0.5 - 0.5 * np.cos((2 * j + 1) * np.pi / (2 * k))


def fit_poly(nodes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Monomial coefficients (lowest first) of the interpolant of ``values[..., k]`` at ``nodes``."""
    V = np.vander(nodes, len(nodes), increasing=True)
    return values @ np.linalg.inv(V).T


def real_roots(coef: np.ndarray, lo: float = -1e-7, hi: float = 1 + 1e-7) -> tuple[np.ndarray, np.ndarray,
                                                                                      np.ndarray, np.ndarray]:
    """Real roots in ``[lo, hi]`` of a batch of polynomials (coefficients lowest first).

    Returns ``(rows, roots, identically_zero, double)``: the batch row of each root, the roots,
    and per batch row whether the polynomial vanishes identically or has a (near) double root in
    the interval (both signs of degeneracy).
    """
    B, k = coef.shape
    scale = np.max(np.abs(coef), axis=1)
    zero = scale < ZERO
    rows_out: list[np.ndarray] = []
    roots_out: list[np.ndarray] = []
    double = np.zeros(B, bool)
    nz = np.abs(coef) > 1e-11 * scale[:, None]
    deg = np.where(nz.any(axis=1), k - 1 - np.argmax(nz[:, ::-1], axis=1), 0)
    deg[zero] = 0
    for d in range(1, k):
        rows = np.flatnonzero(deg == d)
        if rows.size == 0:
            continue
        c = coef[rows, :d + 1] / coef[rows, d:d + 1]
        if d == 1:
            r = (-c[:, 0])[:, None].astype(complex)
        else:
            comp = np.zeros((rows.size, d, d))
            comp[:, 1:, :-1] = np.eye(d - 1)
            comp[:, :, -1] = -c[:, :d]
            r = np.linalg.eigvals(comp)
        re = r.real
        ok = (np.abs(r.imag) <= 1e-6) & (re >= lo) & (re <= hi)
        # Newton polish on the polynomial itself.
        for _ in range(3):
            pv = np.zeros_like(re)
            dv = np.zeros_like(re)
            for j in range(d, -1, -1):
                dv = dv * re + pv
                pv = pv * re + c[:, j:j + 1]
            step = np.where(np.abs(dv) > 1e-300, pv / np.where(dv == 0, 1, dv), 0.0)
            re = np.where(ok, re - step, re)
        ok &= (re >= lo) & (re <= hi)
        # Near-double roots (tangency) in the interval: a degenerate point.
        near = (np.abs(r.imag) <= 1e-4) & (r.real >= lo - 1e-4) & (r.real <= hi + 1e-4)
        if d >= 2:
            dist = np.abs(r[:, :, None] - r[:, None, :]) + np.eye(d)[None] * 1e9
            close = ((dist < 1e-5) & near[:, :, None] & near[:, None, :]).any(axis=(1, 2))
            double[rows] |= close
        rr, cc = np.nonzero(ok)
        rows_out.append(rows[rr])
        roots_out.append(re[rr, cc])
    if rows_out:
        return np.concatenate(rows_out), np.concatenate(roots_out), zero, double
    return np.zeros(0, int), np.zeros(0), zero, double


def safe_solve(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``M w = rhs`` for a batch; returns ``(w, singular)`` (w is 0 where singular)."""
    det = np.linalg.det(M) if M.shape[0] else np.zeros(0)
    rownorm = np.prod(np.linalg.norm(M, axis=2), axis=1) if M.shape[0] else np.zeros(0)
    singular = np.abs(det) <= ZERO * np.maximum(rownorm, 1.0)
    Ms = M.copy()
    Ms[singular] = np.eye(M.shape[1])
    w = np.linalg.solve(Ms, rhs[..., None] if rhs.ndim == 2 else rhs)[..., 0]
    w[singular] = 0.0
    return w, singular


def lstsq(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched least squares ``min |M w - rhs|`` by regularised normal equations; returns (w, residual)."""
    Mt = np.swapaxes(M, 1, 2)
    N = Mt @ M
    N = N + 1e-13 * (np.trace(N, axis1=1, axis2=2)[:, None, None] + 1.0) * np.eye(N.shape[1])
    w = np.linalg.solve(N, (Mt @ rhs[..., None]))[..., 0]
    res = np.linalg.norm((M @ w[..., None])[..., 0] - rhs, axis=1)
    return w, res


def indiff_matrix(R: np.ndarray, Si: tuple[int, ...], Sj: tuple[int, ...]) -> np.ndarray:
    """``[[R_IJ, -1], [1^T, 0]]``: rows of the own-payoff matrix ``R`` (own strategies x other's)."""
    B = R.shape[0]
    m, k = len(Si), len(Sj)
    M = np.zeros((B, m + 1, k + 1))
    M[:, :m, :k] = R[:, Si][:, :, Sj]
    M[:, :m, k] = -1.0
    M[:, m, :k] = 1.0
    return M


def rhs_last(B: int, size: int) -> np.ndarray:
    e = np.zeros((B, size))
    e[:, -1] = 1.0
    return e
