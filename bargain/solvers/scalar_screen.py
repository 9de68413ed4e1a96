"""The completely labelled pairs of a very small two-player game, screened in Python floats.

:func:`~bargain.solvers.simple_pairs.screen` decides every basis of the best-response polytope ``P`` (and
its complement in ``Q``) from the cofactors of all square submatrices, a few dozen array operations.
On games with a few dozen bases (up to 4x4) each of those numpy calls costs more than its arithmetic:
:func:`scalar_screen` takes the same decisions basis by basis in plain Python floats, with closed-form
Cramer's rule for supports of one to three strategies and Gaussian elimination with partial pivoting for
larger ones, and it stops at the first sign that settles a basis (a negative coordinate makes it
infeasible before any slack is computed; the partner in ``Q`` is solved only for vertices of ``P``).

The decisions are those of :func:`~bargain.solvers.simple_pairs.screen`, with its thresholds: a basis
whose determinant is below ``_SCREEN_DET`` in absolute value, or with a coordinate or slack within
``_SCREEN_MARGIN`` of zero, is *in doubt*, and then no pairs are named (the caller solves every basis
by LU).  Otherwise the pairs named are exactly those an LU solve of every basis finds, and the caller
re-solves them by LU (:func:`~bargain.solvers.simple_pairs.simple_pairs`), so the numbers are the LU's.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759 (sec. 3.2-3.4: bases, vertices and complementary pairs).
Golub, G. H. and Van Loan, C. F. (2013). *Matrix Computations*, 4th ed., Johns Hopkins University Press,
sec. 3.4 (Gaussian elimination with partial pivoting).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable

import numpy as np

from bargain.solvers._polytope import basis_subsets
from bargain.solvers.simple_pairs import _SCREEN_DET, _SCREEN_MARGIN

__all__ = ["SCALAR_MAX", "scalar_screen"]

#: Most bases of ``P`` for which :func:`scalar_screen` is used (a 4x4 game has 69).
SCALAR_MAX = 70


def _getter(positions: tuple[int, ...]) -> Callable[[list[float]], tuple[float, ...]]:
    """A function picking the entries ``positions`` of a list, as a tuple (however many there are)."""
    if len(positions) >= 2:
        return operator.itemgetter(*positions)
    return lambda flat: tuple(flat[k] for k in positions)


@functools.lru_cache(maxsize=64)
def _supports(m: int, n: int) -> tuple[tuple[int, int, tuple[int, ...], tuple[int, ...], Callable, Callable,
                                             Callable, Callable], ...]:
    """Every basis ``(I, T)`` of ``P``, ascending by its index in :func:`~bargain.solvers._polytope.basis_subsets`
    (``x_i = 0`` off ``I``, ``(B^T x)_t = 1`` on ``T``), as ``(index, s, I, T, P, P_off, Q, Q_off)``: getters of
    the entries of ``B.ravel()`` in the rows of ``B[I, T]^T`` and in ``B[I, j]`` for each column ``j`` off ``T``
    (one after the other), and of those of ``A.ravel()`` in the rows of ``A[I, T]`` and in ``A[i, T]`` for each
    row ``i`` off ``I``."""
    where = {tuple(b): k for k, b in enumerate(basis_subsets(m, n).tolist())}
    out = []
    for s in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), s):
            for cols in itertools.combinations(range(n), s):
                labels = tuple(sorted([i for i in range(m) if i not in rows] + [m + t for t in cols]))
                off_rows = [i for i in range(m) if i not in rows]
                off_cols = [j for j in range(n) if j not in cols]
                p_sys = _getter(tuple(i * n + t for t in cols for i in rows))
                p_off = _getter(tuple(i * n + j for j in off_cols for i in rows))
                q_sys = _getter(tuple(i * n + t for i in rows for t in cols))
                q_off = _getter(tuple(i * n + t for i in off_rows for t in cols))
                out.append((where[labels], s, rows, cols, p_sys, p_off, q_sys, q_off))
    out.sort(key=lambda row: row[0])
    return tuple(out)


def _solve_ones(M: list[float], s: int) -> tuple[float, list[float]]:
    """``det M`` and the solution of ``M z = 1`` (``M`` square of size ``s``, given row by row in one list);
    the solution is meaningless when the determinant is 0 (the caller checks it first)."""
    if s == 1:
        a = M[0]
        return a, [1.0 / a if a != 0.0 else 0.0]
    if s == 2:
        a, b, c, d = M
        det = a * d - b * c
        if det == 0.0:
            return 0.0, [0.0, 0.0]
        return det, [(d - b) / det, (a - c) / det]
    if s == 3:
        a, b, c, d, e, f, g, h, i = M
        c00, c01, c02 = e * i - f * h, f * g - d * i, d * h - e * g       # cofactors of the first row
        det = a * c00 + b * c01 + c * c02
        if det == 0.0:
            return 0.0, [0.0, 0.0, 0.0]
        c10, c11, c12 = c * h - b * i, a * i - c * g, b * g - a * h
        c20, c21, c22 = b * f - c * e, c * d - a * f, a * e - b * d
        return det, [(c00 + c10 + c20) / det, (c01 + c11 + c21) / det, (c02 + c12 + c22) / det]
    # Gaussian elimination with partial pivoting on [M | 1]
    W = [[*M[r * s:(r + 1) * s], 1.0] for r in range(s)]
    det = 1.0
    for k in range(s):
        p = max(range(k, s), key=lambda r: abs(W[r][k]))
        if W[p][k] == 0.0:
            return 0.0, [0.0] * s
        if p != k:
            W[k], W[p] = W[p], W[k]
            det = -det
        pivot = W[k]
        det *= pivot[k]
        for r in range(k + 1, s):
            row = W[r]
            f = row[k] / pivot[k]
            if f != 0.0:
                for c in range(k + 1, s + 1):
                    row[c] -= f * pivot[c]
    z = [0.0] * s
    for k in range(s - 1, -1, -1):
        row = W[k]
        z[k] = (row[s] - sum(row[c] * z[c] for c in range(k + 1, s))) / row[k]
    return det, z


def _decide(flat: list[float], system: Callable, others: Callable, det_min: float, margin: float, s: int,
            ) -> list[float] | bool | None:
    """The solution ``z`` of ``M z = 1`` (``M`` the entries ``system(flat)``) when it is *clearly* a simple
    vertex (every ``z > margin`` and every slack ``1 - r.z > margin``, ``r`` the rows of ``s`` entries of
    ``others(flat)``); False when it is *clearly* infeasible (a value below ``-margin``); None when in doubt
    (``|det M| < det_min`` or a value within ``margin`` of zero)."""
    det, z = _solve_ones(system(flat), s)
    if not abs(det) >= det_min:           # (a nan determinant is in doubt too)
        return None
    doubt = False
    for v in z:
        if v < -margin:
            return False
        if v <= margin:
            doubt = True
    r = others(flat)
    if s == 1:
        z0 = z[0]
        slacks = [1.0 - w * z0 for w in r]
    elif s == 2:
        z0, z1 = z
        slacks = [1.0 - (r[t] * z0 + r[t + 1] * z1) for t in range(0, len(r), 2)]
    else:
        slacks = [1.0 - sum(w * v for w, v in zip(r[t:t + s], z, strict=True)) for t in range(0, len(r), s)]
    for v in slacks:
        if v < -margin:
            return False
        if v <= margin:
            doubt = True
    return None if doubt else z


def scalar_screen(A: np.ndarray, B: np.ndarray, det_min: float = _SCREEN_DET, margin: float = _SCREEN_MARGIN,
                  ) -> tuple[list[int], list[list[float]], list[list[float]]] | None:
    """The completely labelled pairs of ``(A, B)`` when no basis is in doubt, else None.

    For each basis ``(I, T)`` of ``P`` (``|I| = |T|``): ``x_I`` solves ``B[I, T]^T x_I = 1``; the basis is a
    clearly simple vertex when ``x_I`` and the slacks ``1 - (B^T x)_j`` off ``T`` all exceed ``margin``, and
    clearly no vertex when one is below ``-margin``.  A vertex's complement in ``Q``, ``y_T`` with
    ``A[I, T] y_T = 1``, is judged the same way with the slacks ``1 - (A y)_i`` off ``I``.  The pair is
    completely labelled when both are clearly simple vertices.

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive ``m x n`` payoff matrices (entries in ``[1, 2]``), ``m <= n``.
    det_min : float, optional
        Smallest ``|det|`` of a basis at which its solution is trusted (the cofactor screen's).
    margin : float, optional
        A coordinate or slack within ``margin`` of zero puts its basis in doubt (the cofactor screen's).

    Returns
    -------
    tuple or None
        ``(pairs, X, Y)``: the indices (into :func:`~bargain.solvers._polytope.basis_subsets`, ascending) of
        the bases of the completely labelled pairs, and their vertices ``x`` of ``P`` and ``y`` of ``Q`` as
        lists (zero off ``I`` and off ``T``); None when some decision is in doubt.

    References
    ----------
    von Stengel (2002), sec. 3.4; Golub and Van Loan (2013), sec. 3.4.
    """
    m, n = A.shape
    a, b = A.ravel().tolist(), B.ravel().tolist()
    pairs, X, Y = [], [], []
    for k, s, rows, cols, p_sys, p_off, q_sys, q_off in _supports(m, n):
        # P: B[I, T]^T x_I = 1 (for s = 1, x_i = 1 / b_it: a vertex when b_it beats the rest of row i of B)
        x = _JUDGES.get(s, _decide)(b, p_sys, p_off, det_min, margin, s)
        if x is None:
            return None
        if x is False:
            continue
        y = _JUDGES.get(s, _decide)(a, q_sys, q_off, det_min, margin, s)
        if y is None:
            return None
        if y is not False:
            pairs.append(k)
            X.append(dict(zip(rows, x, strict=True)))
            Y.append(dict(zip(cols, y, strict=True)))
    return pairs, [[d.get(i, 0.0) for i in range(m)] for d in X], [[d.get(j, 0.0) for j in range(n)] for d in Y]


def _judged_two(flat: list[float], system: Callable, others: Callable, det_min: float, margin: float,
                s: int = 2) -> list[float] | bool | None:
    """:func:`_decide` for a ``2 x 2`` system, by Cramer's rule (one call: this is most bases of a 4x4 game)."""
    p, q, u, w = system(flat)
    det = p * w - q * u
    if not abs(det) >= det_min:
        return None
    z0, z1 = (w - q) / det, (p - u) / det
    if z0 < -margin or z1 < -margin:
        return False
    doubt = z0 <= margin or z1 <= margin
    r = others(flat)
    for t in range(0, len(r), 2):
        v = 1.0 - (r[t] * z0 + r[t + 1] * z1)
        if v < -margin:
            return False
        if v <= margin:
            doubt = True
    return None if doubt else [z0, z1]


def _judged_one(flat: list[float], system: Callable, others: Callable, det_min: float, margin: float,
                s: int = 1) -> list[float] | bool | None:
    """:func:`_decide` for a ``1 x 1`` system ``w z = 1``."""
    w = system(flat)[0]
    if not abs(w) >= det_min:
        return None
    z = 1.0 / w
    if z < -margin:
        return False
    doubt = z <= margin
    for w in others(flat):
        v = 1.0 - w * z
        if v < -margin:
            return False
        if v <= margin:
            doubt = True
    return None if doubt else [z]


#: The judges of the small systems by size (:func:`_decide` for the others).
_JUDGES = {1: _judged_one, 2: _judged_two}
