"""Small polytopes of beliefs and mixtures: their vertices (exactly) and a feasible point.

The belief sets of this package live in a simplex of low dimension (the nodes of one information
set, or a sender's types), cut by a few linear inequalities (an action is a best response).  Their
vertices are found by the definition of a vertex (Ziegler 1995, Lecture 0; Schrijver 1986,
sec. 8.5): a feasible point where the equalities and ``n - rank`` tight inequalities determine
the point uniquely.  Every choice of tight inequalities is tried, so this is for small ``n``; the
count is bounded by :data:`MAX_VERTEX_SYSTEMS` and :func:`feasible_point` (HiGHS linear
programming) answers beyond it.

References
----------
Schrijver, A. (1986). *Theory of Linear and Integer Programming*, sec. 8.5.  Ziegler, G. M. (1995).
*Lectures on Polytopes*, Lecture 0.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.linalg.exact import solve_rational

__all__ = ["MAX_VERTEX_SYSTEMS", "feasible_point", "simplex_cut_vertices", "vertex_count_bound", "vertices"]

#: Largest number of candidate active sets :func:`vertices` tries.
MAX_VERTEX_SYSTEMS = 20_000


def vertex_count_bound(n: int, n_eq: int, n_ub: int) -> int:
    """The number of active sets :func:`vertices` would try for ``n`` variables."""
    k = n - n_eq
    return math.comb(n + n_ub, k) if k >= 0 else 0


def vertices(A_eq: Sequence[Sequence[Any]], b_eq: Sequence[Any], A_ub: Sequence[Sequence[Any]],
             b_ub: Sequence[Any], n: int, *, exact: bool = True) -> list[tuple[Any, ...]] | None:
    """Every vertex of ``{x in R^n : A_eq x = b_eq, A_ub x <= b_ub, x >= 0}``.

    Parameters
    ----------
    A_eq, b_eq: equality rows (linearly independent, e.g. ``sum x = 1``).
    A_ub, b_ub: inequality rows.
    n: the number of variables.
    exact: Fractions (default) or floats (tolerance 1e-9).

    Returns
    -------
    The vertices (tuples), without repeats, or None when more than :data:`MAX_VERTEX_SYSTEMS`
    active sets would have to be tried.  An empty list means the polytope is empty.
    """
    ineq = [([-int(i == j) for j in range(n)], 0) for i in range(n)] + list(zip(A_ub, b_ub, strict=True))
    k = n - len(A_eq)
    if vertex_count_bound(n, len(A_eq), len(A_ub)) > MAX_VERTEX_SYSTEMS:
        return None
    out: list[tuple[Any, ...]] = []
    seen: set[tuple[Any, ...]] = set()
    for active in itertools.combinations(range(len(ineq)), k):
        rows = [list(r) for r in A_eq] + [list(ineq[a][0]) for a in active]
        rhs = list(b_eq) + [ineq[a][1] for a in active]
        if exact:
            x = solve_rational(rows, rhs)
            if x is None:
                continue
            ok = all(sum((Fraction(c) * v for c, v in zip(r, x, strict=True)), Fraction(0)) <= Fraction(b)
                     for r, b in ineq)
        else:
            M = np.array(rows, dtype=float)
            if np.linalg.matrix_rank(M) < n:
                continue
            sol, *_ = np.linalg.lstsq(M, np.array(rhs, dtype=float), rcond=None)
            if np.max(np.abs(M @ sol - np.array(rhs, dtype=float))) > 1e-9:
                continue
            x = [float(v) for v in sol]
            ok = all(float(np.dot(r, x)) <= float(b) + 1e-9 for r, b in ineq)
            x = [0.0 if abs(v) < 1e-12 else v for v in x]
        if ok:
            key = tuple(x) if exact else tuple(round(v, 9) for v in x)
            if key not in seen:
                seen.add(key)
                out.append(tuple(x))
    return out


def simplex_cut_vertices(a: Sequence[Any], *, exact: bool = True) -> list[tuple[Any, ...]]:
    """Vertices of ``{x in the simplex : a . x <= 0}`` in closed form.

    A vertex of a simplex cut by one half-space is a vertex ``e_i`` of the simplex inside it
    (``a_i <= 0``) or the point where an edge ``[e_i, e_j]`` with ``a_i < 0 < a_j`` crosses the
    hyperplane: ``x_i = a_j / (a_j - a_i)``, ``x_j = -a_i / (a_j - a_i)`` (Ziegler 1995, Lecture 0).
    """
    n = len(a)
    zero = Fraction(0) if exact else 0.0
    vals = [Fraction(v) if exact else float(v) for v in a]
    out = []
    for i in range(n):
        if vals[i] <= 0:
            out.append(tuple(Fraction(int(k == i)) if exact else float(k == i) for k in range(n)))
    for i in range(n):
        for j in range(n):
            if vals[i] < 0 < vals[j]:
                x = [zero] * n
                d = vals[j] - vals[i]
                x[i], x[j] = vals[j] / d, -vals[i] / d
                out.append(tuple(x))
    return out


def feasible_point(A_eq: Sequence[Sequence[Any]], b_eq: Sequence[Any], A_ub: Sequence[Sequence[Any]],
                   b_ub: Sequence[Any], n: int) -> np.ndarray | None:
    """A point of ``{x >= 0 : A_eq x = b_eq, A_ub x <= b_ub}`` by linear programming, or None if empty."""
    from scipy.optimize import linprog

    res = linprog(np.zeros(n), A_ub=np.array(A_ub, dtype=float).reshape(len(A_ub), n) if len(A_ub) else None,
                  b_ub=np.array(b_ub, dtype=float) if len(A_ub) else None,
                  A_eq=np.array(A_eq, dtype=float).reshape(len(A_eq), n) if len(A_eq) else None,
                  b_eq=np.array(b_eq, dtype=float) if len(A_eq) else None, bounds=(0, None), method="highs")
    return res.x if res.status == 0 else None
