"""Plane geometry shared by the repeated-game algorithms: convex polygons, exact or in floats.

A polygon is a list of vertices in counter-clockwise order (no three collinear), or a numpy
array of shape ``(m, 2)`` in that order.  The exact functions take ``Fraction`` coordinates and
compare exactly; the float ones take a tolerance.  Everything here is two-dimensional: the
payoff sets of two-player games.

References
----------
Andrew, A. M. (1979). Another efficient algorithm for convex hulls in two dimensions.
*Information Processing Letters* 9, 216-219 (the monotone chain).
de Berg, M., Cheong, O., van Kreveld, M. and Overmars, M. (2008). *Computational Geometry*,
3rd ed., Springer, ch. 1 (hulls) and 4.2 (half-plane clipping).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["hull", "hull_indices", "hull_indices_float", "hull_exact", "hull_float", "clip", "contains",
           "contains_points", "contains_exact", "contains_float", "point_polygon_distance", "distances", "hausdorff",
           "polygon_area", "rationalise"]


def _cross(o: Sequence[Any], a: Sequence[Any], b: Sequence[Any]) -> Any:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _chain_ring(order: Sequence[Any], eps: Any, cyclic: bool) -> list[Any]:
    """Andrew's monotone chain over lexicographically sorted points: the ccw ring of extreme points.

    Turns whose cross product is ``<= eps`` are dropped; ``cyclic`` also drops such turns around
    the ring's start (a near-tie can leave a chain's start on a side).
    """
    def chain(seq: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for p in seq:
            px, py = p
            while len(out) >= 2:                  # the turn out[-2] -> out[-1] -> p (_cross, inlined)
                (ox, oy), (ax, ay) = out[-2], out[-1]
                if (ax - ox) * (py - oy) - (ay - oy) * (px - ox) > eps:
                    break
                out.pop()
            out.append(p)
        return out

    ring = chain(order)[:-1] + chain(order[::-1])[:-1]
    changed = cyclic
    while changed and len(ring) > 2:
        changed = False
        n = len(ring)
        (ox, oy), (ax, ay) = ring[-1], ring[0]
        for k in range(n):                        # the turn ring[k-1] -> ring[k] -> ring[k+1]
            px, py = ring[(k + 1) % n]
            if (ax - ox) * (py - oy) - (ay - oy) * (px - ox) <= eps:
                del ring[k]
                changed = True
                break
            ox, oy, ax, ay = ax, ay, px, py
    return ring


_TRUE = np.ones(1, dtype=bool)
#: Below this many points :func:`hull_indices_float` loops over plain floats.
_SMALL = 64


def _hull_small(pl: list[list[float]], tol: float) -> list[int]:
    """:func:`hull_indices_float` on a list of ``[x, y]`` floats (snapped as there: ``round`` is half to even)."""
    scale = max(1.0, max(map(abs, itertools.chain.from_iterable(pl))))
    q = tol * scale
    first: dict[tuple[float, float], int] = {}
    for k, (x, y) in enumerate(pl):
        first.setdefault((round(x / q) * q, round(y / q) * q), k)
    order = sorted(first)
    if len(order) <= 2:
        return [first[k] for k in order]
    return [first[k] for k in _chain_ring(order, tol * scale * scale, True)]


def hull_indices_float(points: np.ndarray, tol: float) -> np.ndarray:
    """:func:`hull_indices` of a float array ``(k, 2)`` with ``tol > 0``, as an index array.

    The snapping to the grid and the removal of repeated points are vectorised (a stable
    lexicographic sort keeps the first of equal snapped points); the chain itself runs over the
    few distinct points in plain floats.  Up to ``_SMALL`` points everything runs on plain floats
    (numpy's per-call overhead then costs more than the loop; same snapping, same result).
    """
    X = points if isinstance(points, np.ndarray) and points.dtype == float else np.asarray(points, dtype=float)
    X = X.reshape(-1, 2)
    if len(X) == 0:
        return np.zeros(0, dtype=np.intp)
    if len(X) <= _SMALL:
        return np.array(_hull_small(X.tolist(), tol), dtype=np.intp)
    scale = max(1.0, float(np.abs(X).max()))
    q = tol * scale
    K = np.rint(X / q) * q                               # half to even, as Python's round
    order = np.lexsort(K.T[::-1])                        # stable: equal keys keep their input order
    Ks = K[order]
    new = np.concatenate((_TRUE, (Ks[1:] != Ks[:-1]).any(axis=1)))
    first, keys = order[new], Ks[new]
    if len(first) <= 2:
        return first
    pos = {key: r for r, key in enumerate(map(tuple, keys.tolist()))}
    ring = _chain_ring(list(pos), tol * scale * scale, True)
    return first[[pos[p] for p in ring]]


def hull_indices(points: Sequence[Sequence[Any]], tol: float = 0.0) -> list[int]:
    """Indices of the extreme points of ``points``, counter-clockwise from the lowest-leftmost.

    Andrew's monotone chain.  ``tol = 0`` is exact (use Fractions): collinear points are dropped,
    so every returned point is an extreme point.  ``tol > 0`` (floats) compares the points snapped
    to a grid of spacing ``tol`` times their scale (so rounding noise cannot reorder near-ties)
    and drops turns whose cross product is within ``tol`` times the squared scale (see
    :func:`hull_indices_float`).  Of equal (snapped) points the first is returned.  One point gives
    one index, a segment two.
    """
    if len(points) == 0:
        return []
    if tol > 0:
        return hull_indices_float(np.array([(float(p[0]), float(p[1])) for p in points]), tol).tolist()
    first: dict[Any, int] = {}
    for k, p in enumerate(points):
        first.setdefault((p[0], p[1]), k)
    order = sorted(first)
    if len(order) <= 2:
        return [first[k] for k in order]
    return [first[k] for k in _chain_ring(order, 0, False)]


def hull(points: Sequence[Sequence[Any]], tol: float = 0.0) -> list[tuple[Any, Any]]:
    """Extreme points of ``points`` as tuples, counter-clockwise (see :func:`hull_indices`)."""
    return [(points[k][0], points[k][1]) for k in hull_indices(points, tol)]


def hull_exact(points: Sequence[Sequence[Any]]) -> list[tuple[Fraction, Fraction]]:
    """:func:`hull` of points converted to Fractions (exact)."""
    return hull([(Fraction(p[0]), Fraction(p[1])) for p in points])


def hull_float(points: np.ndarray, tol: float) -> np.ndarray:
    """:func:`hull` of a float array ``(k, 2)``, as an array."""
    X = np.asarray(points, dtype=float).reshape(-1, 2)
    return X[hull_indices_float(X, tol)]


def contains(poly: Sequence[Sequence[Any]], x: Sequence[Any], tol: float = 0.0) -> bool:
    """True when ``x`` lies in the closed convex polygon (exact with ``tol = 0``; degenerate polygons allowed)."""
    m = len(poly)
    if m == 0:
        return False
    if m >= 3:
        for k in range(m):
            a, b = poly[k], poly[(k + 1) % m]
            if _cross(a, b, x) < -tol * (abs(b[0] - a[0]) + abs(b[1] - a[1])):
                return False
        return True
    if m == 1:
        return abs(poly[0][0] - x[0]) <= tol and abs(poly[0][1] - x[1]) <= tol
    a, b = poly
    if abs(_cross(a, b, x)) > tol * (abs(b[0] - a[0]) + abs(b[1] - a[1])):
        return False
    return (min(a[0], b[0]) - tol <= x[0] <= max(a[0], b[0]) + tol
            and min(a[1], b[1]) - tol <= x[1] <= max(a[1], b[1]) + tol)


def contains_points(poly: np.ndarray, X: np.ndarray, tol: float, edges: np.ndarray | None = None) -> np.ndarray:
    """:func:`contains` for many points at once: a boolean per row of ``X`` (``(k, 2)``, floats).

    The same tests as :func:`contains` (left of every edge up to ``tol`` times the edge's L1
    length; a point or a segment for degenerate polygons), vectorised over points and edges.
    ``edges``, when given, are the polygon's edge vectors ``poly[k+1] - poly[k]`` (cyclic), and ``poly``
    and ``X`` must then be float arrays ``(m, 2)`` and ``(k, 2)``.
    """
    if edges is None:
        P = np.asarray(poly, dtype=float).reshape(-1, 2)
        X = np.asarray(X, dtype=float).reshape(-1, 2)
    else:
        P = poly
    m = len(P)
    if m == 0:
        return np.zeros(len(X), dtype=bool)
    if m == 1:
        return (np.abs(P[0, 0] - X[:, 0]) <= tol) & (np.abs(P[0, 1] - X[:, 1]) <= tol)
    A = P if m >= 3 else P[:1]
    E = edges if (edges is not None and m >= 3) else (np.concatenate((P[1:], P[:1])) if m >= 3 else P[1:]) - A
    cross = E[:, 0] * (X[:, 1:2] - A[:, 1]) - E[:, 1] * (X[:, :1] - A[:, 0])
    slack = tol * np.abs(E).sum(axis=1)
    if m >= 3:
        return (cross >= -slack).all(axis=1)
    lo, hi = np.minimum(P[0], P[1]) - tol, np.maximum(P[0], P[1]) + tol
    return (np.abs(cross[:, 0]) <= slack[0]) & np.all((lo <= X) & (hi >= X), axis=1)


def clip(poly: Sequence[Sequence[Any]], normal: Sequence[Any], offset: Any) -> list[tuple[Any, Any]]:
    """The part of a convex polygon (ccw vertex list) in ``{x : normal . x <= offset}``; exact for Fractions.

    Sutherland–Hodgman clipping against one half-plane: vertices inside are kept and each edge
    crossing the line contributes its crossing point.
    """
    m = len(poly)
    if m == 0:
        return []
    s = [normal[0] * p[0] + normal[1] * p[1] - offset for p in poly]
    if all(x <= 0 for x in s):
        return [tuple(p) for p in poly]
    out: list[tuple[Any, Any]] = []
    for k in range(m):
        p, q = poly[k], poly[(k + 1) % m]
        sp, sq = s[k], s[(k + 1) % m]
        if sp <= 0:
            out.append(tuple(p))
        if (sp <= 0) != (sq <= 0):
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    # drop repeated points (a vertex on the line is both kept and crossed)
    uniq: list[tuple[Any, Any]] = []
    for p in out:
        if not uniq or p != uniq[-1]:
            uniq.append(p)
    if len(uniq) > 1 and uniq[0] == uniq[-1]:
        uniq.pop()
    return uniq


def contains_exact(poly: Sequence[Sequence[Fraction]], x: Sequence[Fraction]) -> bool:
    """:func:`contains` with exact comparisons."""
    return contains(poly, x, 0.0)


def contains_float(poly: np.ndarray, x: Sequence[float], tol: float) -> bool:
    """True when ``x`` is within ``tol`` of the convex polygon ``poly``."""
    return point_polygon_distance(poly, np.asarray(x, dtype=float)) <= tol


def point_polygon_distance(poly: np.ndarray, x: np.ndarray) -> float:
    """Euclidean distance from ``x`` to the closed convex polygon ``poly`` (0 inside)."""
    poly = np.asarray(poly, dtype=float)
    m = len(poly)
    if m == 0:
        return float("inf")
    if m == 1:
        return float(np.hypot(*(x - poly[0])))
    a = poly
    b = np.roll(poly, -1, axis=0)
    if m >= 3:
        e = b - a
        cross = e[:, 0] * (x[1] - a[:, 1]) - e[:, 1] * (x[0] - a[:, 0])
        if np.all(cross >= 0):
            return 0.0
    e = b - a
    ll = np.einsum("ij,ij->i", e, e)
    t = np.clip(np.einsum("ij,ij->i", x - a, e) / np.where(ll > 0, ll, 1.0), 0.0, 1.0)
    proj = a + t[:, None] * e
    return float(np.min(np.hypot(*(x - proj).T)))


def distances(poly: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Distance from each row of ``X`` (``(k, 2)``) to the convex polygon ``poly`` (0 inside), vectorised."""
    P = np.asarray(poly, dtype=float)
    X = np.asarray(X, dtype=float).reshape(-1, 2)
    m = len(P)
    if m == 0:
        return np.full(len(X), np.inf)
    if m == 1:
        return np.hypot(X[:, 0] - P[0, 0], X[:, 1] - P[0, 1])
    E = np.concatenate([P[1:], P[:1]]) - P
    ll = (E * E).sum(axis=1)
    rel = X[:, None, :] - P[None, :, :]                                  # (k, m, 2)
    t = np.clip((rel[..., 0] * E[:, 0] + rel[..., 1] * E[:, 1]) / np.where(ll > 0, ll, 1.0), 0.0, 1.0)
    dx = rel[..., 0] - t * E[:, 0]
    dy = rel[..., 1] - t * E[:, 1]
    d = np.sqrt(np.min(dx * dx + dy * dy, axis=1))
    if m >= 3:
        # inside: left of every edge, up to rounding (zero-length edges from repeated vertices pass)
        cross = E[:, 0] * rel[..., 1] - E[:, 1] * rel[..., 0]
        slack = 1e-12 * np.sqrt(ll) * (1.0 + np.abs(rel).max(axis=2))
        d = np.where(np.all(cross >= -slack, axis=1), 0.0, d)
    return d


def hausdorff(p: np.ndarray, q: np.ndarray) -> float:
    """Hausdorff distance between two convex polygons (attained at a vertex of one of them)."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if len(p) == 0 or len(q) == 0:
        return 0.0 if len(p) == len(q) else float("inf")
    return float(max(distances(q, p).max(), distances(p, q).max()))


def polygon_area(poly: Sequence[Sequence[Any]]) -> Any:
    """Area of a counter-clockwise polygon by the shoelace formula (exact for Fractions)."""
    m = len(poly)
    if m < 3:
        return 0 * poly[0][0] if m else 0
    s = sum(poly[k][0] * poly[(k + 1) % m][1] - poly[(k + 1) % m][0] * poly[k][1] for k in range(m))
    return s / 2


def rationalise(x: float, max_denominator: int, tol: float) -> Fraction | None:
    """The simplest fraction within ``tol`` of ``x`` with denominator at most ``max_denominator``, or None."""
    f = Fraction(x).limit_denominator(max_denominator)
    return f if abs(float(f) - x) <= tol else None
