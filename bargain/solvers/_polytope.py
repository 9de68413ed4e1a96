"""Vertices and labels of the best-response polytopes of a bimatrix game (floating point).

Both best-response polytopes of a two-player game have the form

    P(C) = {x in R^d : x >= 0,  C x <= 1}          (C of shape (k, d), every entry > 0)

(von Stengel 2002, "Computing equilibria for two-person games", Handbook of Game Theory 3, sec. 3;
Avis, Rosenberg, Savani and von Stengel 2010, sec. 2).  ``P(C)`` is a full-dimensional polytope:
it is bounded because ``C > 0`` and contains the box ``[0, 1/(d max C)]^d``.  Its ``d + k``
inequalities are numbered ``0..d-1`` (``x_i >= 0``) and ``d..d+k-1`` (``(C x)_j <= 1``); the *label
set* of a point is the set of inequalities that hold with equality there.

:func:`polytope_vertices` returns every vertex of ``P(C)`` except the origin, with its label set
as a boolean row.  Two methods give the same answer:

* *basis enumeration* (small polytopes): every vertex is the unique solution of some ``d``
  linearly independent tight inequalities, so solving all ``C(d + k, d)`` square systems in one
  batched LU and keeping the feasible solutions finds every vertex, degenerate or not;
* *polar hull* (larger polytopes): with an interior point ``c``, the inequality ``a.x <= b``
  becomes the point ``a / (b - a.c)`` of the polar polytope, whose facets are in bijection with
  the vertices of ``P(C)`` (Ziegler 1995, "Lectures on Polytopes", sec. 2.3).  Qhull computes the
  hull; a facet with normal ``w`` and offset ``o`` (``w.z + o = 0``) is the vertex ``c - w / o``.
  Qhull triangulates non-simplicial facets (the polar of a degenerate vertex), so one vertex can
  come back several times and its simplex need not list every tight inequality: labels are
  therefore recomputed from the slacks of *all* inequalities, and vertices are de-duplicated by
  their label sets (a vertex is determined by its tight inequalities).

Labels use an absolute slack tolerance: :func:`normalise_payoffs` maps payoffs to ``[1, 2]``,
so vertex coordinates lie in ``[0, 1]`` and a slack of ``1e-10`` is rounding noise, never a gap
between two payoffs of a sane game.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

from bargain.linalg.batched import solve_square_systems

__all__ = ["LABEL_TOLERANCE", "BASIS_ENUMERATION_MAX", "normalise_payoffs", "polytope_vertices",
           "basis_subsets", "basis_enumeration", "polar_hull_vertices", "unique_rows"]

#: Slack at or below which an inequality counts as tight (payoffs normalised to [1, 2]).
LABEL_TOLERANCE = 1e-10
#: Largest number of candidate bases solved by brute force before switching to the polar hull.  Each
#: basis costs one small LAPACK solve (1-3 us); Qhull costs about 1 ms whatever the size up to 8x8:
#: measured for the vertex pairs of square games, bases are faster up to 5x5 (252 bases) and 3x
#: slower at 6x6 (924 bases).
BASIS_ENUMERATION_MAX = 300
#: Largest number of bases tried when Qhull fails (a precision error on a very flat polar).
BASIS_FALLBACK_MAX = 2_000_000
_BASIS_BLOCK = 50_000


def normalise_payoffs(M: np.ndarray) -> np.ndarray:
    """``1 + (M - min M) / (max M - min M)``: a positive matrix with entries in ``[1, 2]``.

    A positive affine change of a player's payoffs changes neither best responses nor equilibria,
    and keeps the label sets of the best-response polytope's vertices (its combinatorial type).
    A constant matrix becomes all ones.
    """
    M = np.asarray(M, dtype=float)
    lo, hi = float(M.min()), float(M.max())
    if hi - lo <= 0.0:
        return np.ones_like(M)
    return 1.0 + (M - lo) / (hi - lo)


def unique_rows(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the first occurrence of each distinct boolean row, and each row's group index."""
    packed = np.packbits(mask, axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def _constraints(C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The inequalities ``G z <= h`` of ``P(C)``: ``-x <= 0`` then ``C x <= 1``."""
    k, d = C.shape
    neg, h = _constraint_parts(k, d)
    return np.concatenate([neg, C]), h


@functools.lru_cache(maxsize=64)
def _constraint_parts(k: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """``-I_d`` (the rows ``-x <= 0``) and the right-hand sides ``h`` of :func:`_constraints` (read-only)."""
    neg, h = -np.eye(d), np.concatenate([np.zeros(d), np.ones(k)])
    neg.flags.writeable = h.flags.writeable = False
    return neg, h


def _labelled(G: np.ndarray, h: np.ndarray, X: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Keep the feasible, nonzero points of ``X``, de-duplicated; return them and their label rows.

    (The per-point tests are boolean products with a vector of ones rather than reductions along the
    short last axis, which cost several times as much on a few hundred points.)"""
    slack = h[None, :] - X @ G.T
    infeasible = ~(slack >= -tol)                                 # (a nan slack is infeasible)
    keep = ~(infeasible @ _trues(len(h))) & ((np.abs(X) > tol) @ _trues(X.shape[1]))
    X, slack = X[keep], slack[keep]
    tight = slack <= tol                      # feasible: slack >= -tol already
    if (tight @ _ones(len(h)) == X.shape[1]).all():
        # Every vertex is simple: it has one basis and lies on one facet of the polar, so it was
        # produced once by either method.
        return X, tight
    first, _ = unique_rows(tight)
    return X[first], tight[first]


@functools.lru_cache(maxsize=64)
def _trues(k: int) -> np.ndarray:
    """``k`` ones as booleans: ``M @ _trues(k)`` is ``M.any(axis=-1)`` for a boolean ``M``."""
    out = np.ones(k, dtype=bool)
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=64)
def _ones(k: int) -> np.ndarray:
    """``k`` float ones (read-only): ``M @ _ones(k)`` counts the true entries of each row of a boolean ``M``."""
    out = np.ones(k)
    out.flags.writeable = False
    return out


def _has_equal_rows(C: np.ndarray) -> bool:
    """Whether two rows of ``C`` may be equal: two equal projections on a fixed random direction (equal rows
    always have them; distinct rows almost never)."""
    if len(C) < 2:
        return False
    r = np.sort(C @ _direction(C.shape[1]))
    return bool((r[1:] == r[:-1]).any())


@functools.lru_cache(maxsize=64)
def _direction(d: int) -> np.ndarray:
    """A fixed pseudo-random direction in ``R^d``."""
    out = np.random.default_rng(2026).uniform(0.5, 1.5, d)
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=128)
def basis_subsets(d: int, k: int) -> np.ndarray:
    """Every ``d``-subset of the ``d + k`` inequalities but the first (all ``x_i >= 0``: the origin), ``(N, d)``."""
    out = np.array(list(itertools.combinations(range(d + k), d))[1:], dtype=np.intp).reshape(-1, d)
    out.flags.writeable = False
    return out


def basis_enumeration(C: np.ndarray, tol: float = LABEL_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """Every nonzero vertex of ``P(C)`` by solving all ``d``-subsets of its inequalities (batched)."""
    C = np.asarray(C, dtype=float)
    k, d = C.shape
    G, h = _constraints(C)
    if math.comb(d + k, d) <= BASIS_ENUMERATION_MAX:       # the common small case: one cached index array
        Z, ok = solve_square_systems(G[basis_subsets(d, k)], h[basis_subsets(d, k)])
        return _labelled(G, h, Z[ok], tol)
    # Subsets made only of x_i >= 0 inequalities give the origin; skip the single all-zero one.
    combos = itertools.islice(itertools.combinations(range(d + k), d), 1, None)
    found = []
    while True:   # blocks of bases keep memory bounded
        block = np.array(list(itertools.islice(combos, _BASIS_BLOCK)), dtype=np.intp).reshape(-1, d)
        if len(block) == 0:
            break
        Z, ok = solve_square_systems(G[block], h[block])
        found.append(Z[ok])
    return _labelled(G, h, np.concatenate(found) if found else np.zeros((0, d)), tol)


def polar_hull_vertices(C: np.ndarray, tol: float = LABEL_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """Every nonzero vertex of ``P(C)`` from Qhull's convex hull of the polar polytope (``d >= 2``)."""
    C = np.asarray(C, dtype=float)
    d = C.shape[1]
    G, h = _constraints(C)
    c = np.full(d, 1.0 / (4.0 * d * max(float(C.max()), 1.0)))  # C c <= 1/4: deep inside
    pts = G / (h - G @ c)[:, None]
    if _has_equal_rows(C):      # equal payoff columns: one point (np.unique costs more than the check)
        pts = np.unique(pts, axis=0)
    try:   # without Qhull's pre-merging ("Q0") first: faster; labels are recomputed from slacks anyway
        eq = _facet_equations(pts)
    except Exception:  # scipy.spatial.QhullError: a precision error without merging; retry with defaults
        from scipy.spatial import ConvexHull

        eq = ConvexHull(pts).equations
    X = c[None, :] - eq[:, :d] / eq[:, d:]
    return _labelled(G, h, X, tol)


def _facet_equations(pts: np.ndarray) -> np.ndarray:
    """The facet equations ``(w, o)`` of the triangulated convex hull of ``pts`` (Qhull options ``Qt Q0``).

    :class:`scipy.spatial.ConvexHull` also asks Qhull for the hull's volume and area, which in 8 to
    10 dimensions costs a third as much as the hull itself; Qhull's wrapper is called directly when
    the installed SciPy has it (the same calls ``ConvexHull`` makes, without ``volume_area``), else
    ``ConvexHull`` is.  Qhull's errors propagate.

    Parameters
    ----------
    pts : numpy.ndarray
        ``(N, d)`` points spanning ``R^d``.

    Returns
    -------
    numpy.ndarray
        ``(F, d + 1)``: one row ``(w, o)`` per facet, ``w.z + o = 0`` on it and ``<= 0`` inside.

    References
    ----------
    Barber, C. B., Dobkin, D. P. and Huhdanpaa, H. (1996). The Quickhull algorithm for convex hulls.
    *ACM Trans. Math. Software* 22(4), 469-483.
    """
    try:
        from scipy.spatial._qhull import _Qhull

        hull = _Qhull(b"i", np.ascontiguousarray(pts, dtype=float), b"Qt Q0", required_options=b"Qt")
    except (ImportError, TypeError):     # a SciPy whose private wrapper differs
        from scipy.spatial import ConvexHull

        return ConvexHull(pts, qhull_options="Qt Q0").equations
    try:
        hull.triangulate()
        return hull.get_simplex_facet_array()[2]
    finally:
        hull.close()


def polytope_vertices(C: np.ndarray, tol: float = LABEL_TOLERANCE,
                      method: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Nonzero vertices ``X`` (shape ``(V, d)``) of ``P(C)`` and their labels (``(V, d + k)`` bool).

    ``method`` is ``"basis"`` (brute-force basis enumeration), ``"hull"`` (Qhull on the polar) or
    ``"auto"``: basis enumeration when there are at most :data:`BASIS_ENUMERATION_MAX` candidate
    bases or ``d == 1``, else the polar hull (falling back to bases if Qhull reports an error).
    """
    k, d = np.shape(C)
    if method == "basis" or d == 1 or (method == "auto" and math.comb(d + k, d) <= BASIS_ENUMERATION_MAX):
        return basis_enumeration(C, tol)
    try:
        return polar_hull_vertices(C, tol)
    except Exception as exc:  # scipy.spatial.QhullError: a precision failure on a nearly flat hull
        if method == "hull" or math.comb(d + k, d) > BASIS_FALLBACK_MAX:
            raise RuntimeError(f"Qhull could not enumerate the vertices of a {d}-dimensional best-response "
                               f"polytope ({exc}); basis enumeration would need {math.comb(d + k, d)} bases") from exc
        return basis_enumeration(C, tol)
