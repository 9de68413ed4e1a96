"""Convex polytopes in n dimensions for the n-player payoff-set algorithms (floats).

A polytope is held either by half-spaces ``{x : A x <= b}`` (H-representation, the outer
approximations) or as the convex hull of points (V-representation, the inner ones).  What the
set operators need is the *support* of a polytope cut by a lower orthant,
``max h . x`` over ``{x in W : x >= t}`` in many directions ``h`` at once: the cut polytope's
vertices are found once (half-space intersection from its Chebyshev centre) and every direction
is a matrix product; flat (lower-dimensional) cuts fall back to one linear program per
direction (HiGHS).

References
----------
Barber, C. B., Dobkin, D. P. and Huhdanpaa, H. (1996). The Quickhull algorithm for convex hulls.
*ACM Transactions on Mathematical Software* 22, 469-483 (scipy's ``ConvexHull`` and
``HalfspaceIntersection``).
Boyd, S. and Vandenberghe, L. (2004). *Convex Optimization*. Cambridge UP, sec. 8.5.1 (the
Chebyshev centre of a polyhedron).
Lawson, C. L. and Hanson, R. J. (1974). *Solving Least Squares Problems*. Prentice-Hall, ch. 23
(non-negative least squares, for the distance to a convex hull).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog, nnls
from scipy.spatial import ConvexHull, HalfspaceIntersection, QhullError

__all__ = ["hrep", "cut_points", "cut_points_v", "support_h", "vertices", "extreme_points", "hull_distance",
           "hausdorff_nd"]


def _chebyshev(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float] | None:
    """Centre and radius of the largest ball in ``{A x <= b}``; None when the set is empty."""
    n = A.shape[1]
    norms = np.linalg.norm(A, axis=1)
    r = linprog(np.r_[np.zeros(n), -1.0], A_ub=np.c_[A, norms], b_ub=b, bounds=[(None, None)] * n + [(0, None)],
                method="highs")
    return None if r.status != 0 else (r.x[:n], float(r.x[-1]))


def vertices(A: np.ndarray, b: np.ndarray, centre: tuple[np.ndarray, float] | None = None) -> np.ndarray | None:
    """Vertices of the bounded polytope ``{A x <= b}``; None when it is empty or flat (no interior).

    Parameters
    ----------
    A, b : numpy.ndarray
        The half-spaces ``A x <= b`` (``A`` of shape ``(m, n)``).
    centre : tuple, optional
        Its Chebyshev centre and radius, when already known.

    Returns
    -------
    numpy.ndarray or None
        The vertices ``(k, n)``, rounded to 12 decimals and deduplicated.
    """
    c = centre if centre is not None else _chebyshev(A, b)
    if c is None or c[1] <= 1e-9 * max(1.0, float(np.abs(b).max())):
        return None
    try:
        hs = HalfspaceIntersection(np.c_[A, -b], c[0])
    except (QhullError, ValueError):
        return None
    return np.unique(np.round(hs.intersections, 12), axis=0)


def cut_points(A: np.ndarray, b: np.ndarray, H: np.ndarray, lower: np.ndarray | None = None) -> np.ndarray | None:
    """Points of ``{A x <= b, x >= lower}`` holding its maximiser in every direction (row) of ``H``.

    Parameters
    ----------
    A, b : numpy.ndarray
        The polytope's half-spaces (bounded).
    H : numpy.ndarray
        Directions ``(L, n)``.
    lower : numpy.ndarray, optional
        A lower bound on every coordinate (the incentive constraints of a profile).

    Returns
    -------
    numpy.ndarray or None
        All vertices of the cut polytope (so every tied maximiser is there), or for a flat cut
        one LP maximiser per direction; None when the cut is empty.
    """
    n = A.shape[1]
    if lower is not None:
        A = np.r_[A, -np.eye(n)]
        b = np.r_[b, -np.asarray(lower, dtype=float)]
    c = _chebyshev(A, b)
    if c is None:
        return None
    V = vertices(A, b, c)
    if V is not None:
        return V
    pts = np.empty((len(H), n))
    for li, h in enumerate(H):                          # flat: one LP per direction
        r = linprog(-h, A_ub=A, b_ub=b, bounds=[(None, None)] * n, method="highs")
        if r.status != 0:
            return None
        pts[li] = r.x
    return pts


def support_h(A: np.ndarray, b: np.ndarray, H: np.ndarray, lower: np.ndarray | None = None) -> np.ndarray | None:
    """Support values of ``{A x <= b, x >= lower}`` in each direction of ``H`` (None when empty)."""
    pts = cut_points(A, b, H, lower)
    return None if pts is None else (pts @ H.T).max(axis=0)


def hrep(P: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Half-spaces ``(A, b)`` of the convex hull of the points ``P``; None when it is flat."""
    P = np.asarray(P, dtype=float)
    if len(P) <= P.shape[1]:
        return None
    try:
        h = ConvexHull(P)
    except (QhullError, ValueError):
        return None
    return h.equations[:, :-1], -h.equations[:, -1]


def extreme_points(P: np.ndarray) -> np.ndarray:
    """The extreme points among the rows of ``P`` (all of them when their hull is flat)."""
    P = np.asarray(P, dtype=float)
    if len(P) <= P.shape[1]:
        return P
    try:
        return P[np.sort(ConvexHull(P).vertices)]
    except (QhullError, ValueError):
        return P


def cut_points_v(P: np.ndarray, H: np.ndarray, lower: np.ndarray) -> np.ndarray | None:
    """:func:`cut_points` for the convex hull of the points ``P`` (rows), cut by ``x >= lower``.

    A full-dimensional hull goes through its half-spaces; a flat one through one LP per direction
    over the convex weights of the points.
    """
    P = np.asarray(P, dtype=float)
    if np.all(P.min(axis=0) >= lower):
        return P
    hr = hrep(P)
    if hr is not None:
        return cut_points(hr[0], hr[1] + 1e-12 * max(1.0, float(np.abs(P).max())), H, lower)
    m = len(P)
    pts = np.empty((len(H), P.shape[1]))
    for li, h in enumerate(H):
        r = linprog(-(P @ h), A_ub=-P.T, b_ub=-np.asarray(lower, dtype=float), A_eq=np.ones((1, m)), b_eq=[1.0],
                    bounds=[(0, None)] * m, method="highs")
        if r.status != 0:
            return None
        pts[li] = P.T @ r.x
    return pts


def hull_distance(P: np.ndarray, x: np.ndarray) -> float:
    """Euclidean distance from ``x`` to the convex hull of the points ``P`` (0 inside, up to ~1e-9).

    Non-negative least squares on the convex weights, the constraint ``sum = 1`` as a heavily
    weighted extra row.
    """
    P = np.asarray(P, dtype=float)
    x = np.asarray(x, dtype=float)
    big = 1e4 * max(1.0, float(np.abs(P).max()), float(np.abs(x).max()))
    lam, _ = nnls(np.r_[P.T, big * np.ones((1, len(P)))], np.r_[x, big])
    return float(np.linalg.norm(P.T @ lam - x))


def hausdorff_nd(P: np.ndarray, Q: np.ndarray) -> float:
    """Hausdorff distance between the convex hulls of the points ``P`` and ``Q`` (attained at a vertex)."""
    P = np.asarray(P, dtype=float)
    Q = np.asarray(Q, dtype=float)
    if len(P) == 0 or len(Q) == 0:
        return 0.0 if len(P) == len(Q) else float("inf")
    return max(max(hull_distance(Q, p) for p in P), max(hull_distance(P, q) for q in Q))
