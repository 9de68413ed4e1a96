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

__all__ = ["LABEL_TOLERANCE", "BASIS_ENUMERATION_MAX", "normalise_payoffs", "polytope_vertices",
           "basis_enumeration", "polar_hull_vertices", "solve_batch", "solve_label_systems", "unique_rows"]

#: Slack at or below which an inequality counts as tight (payoffs normalised to [1, 2]).
LABEL_TOLERANCE = 1e-10
#: Largest number of candidate bases solved by brute force before switching to the polar hull.
BASIS_ENUMERATION_MAX = 3000
#: Largest number of bases tried when Qhull fails (a precision error on a very flat polar).
BASIS_FALLBACK_MAX = 2_000_000
_BASIS_BLOCK = 50_000
#: Condition number above which a square system counts as singular.
SINGULAR_CONDITION = 1e11


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


@functools.lru_cache(maxsize=64)
def _probe(d: int) -> np.ndarray:
    """A fixed pseudo-random right-hand side with entries of both signs (condition estimation)."""
    r = np.random.default_rng(20261128).uniform(0.5, 1.5, size=d) * np.where(np.arange(d) % 2, 1.0, -1.0)
    r.flags.writeable = False
    return r


@functools.lru_cache(maxsize=64)
def _ones_and_probe(d: int) -> np.ndarray:
    """Columns ``1`` and ``r / max|r|`` (the probe of :func:`solve_batch`, scaled), shape ``(d, 2)``."""
    r = _probe(d)
    out = np.stack([np.ones(d), r / np.abs(r).max()], axis=1)
    out.flags.writeable = False
    return out


def solve_batch(G: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve a stack of square systems ``G[t] z = h[t]``; singular ones are flagged, not raised.

    Returns ``(Z, ok)``: ``Z[t]`` is the solution where ``ok[t]``, zeros elsewhere.  Each system is
    solved for ``h[t]`` and for a fixed random right-hand side ``r`` with one LU: a (numerically)
    singular matrix cannot map ``r`` back from a moderate vector, so ``||G|| ||G^{-1} r|| / ||r||``
    (a lower estimate of the condition number, as in Hager 1984 / LAPACK ``gecon``) above
    :data:`SINGULAR_CONDITION` flags the system.  A flagged system is never trusted, so a
    consistent singular system cannot return an arbitrary point of its solution set as if it were
    the unique one.  An exactly singular matrix (zero pivot) is caught and flagged the same way.
    """
    N, d = G.shape[0], G.shape[-1]
    Z = np.zeros((N, d))
    if N == 0:
        return Z, np.zeros(0, dtype=bool)
    r = _probe(d)
    rhs = np.empty((N, d, 2))
    rhs[:, :, 0] = h
    rhs[:, :, 1] = r
    try:
        sol = np.linalg.solve(G, rhs)
        ok = np.ones(N, dtype=bool)
    except np.linalg.LinAlgError:   # some matrix has an exact zero pivot (common in degenerate games)
        sol = np.zeros((N, d, 2))
        ok = np.linalg.slogdet(G)[0] != 0
        try:
            sol[ok] = np.linalg.solve(G[ok], rhs[ok])
        except np.linalg.LinAlgError:
            for t in np.flatnonzero(ok):
                try:
                    sol[t] = np.linalg.solve(G[t], rhs[t])
                except np.linalg.LinAlgError:
                    ok[t] = False
    norm_g = np.abs(G).sum(axis=2).max(axis=1)
    growth = np.abs(sol[:, :, 1]).max(axis=1) / np.abs(r).max()
    ok &= np.isfinite(growth) & (norm_g * growth < SINGULAR_CONDITION) & np.all(np.isfinite(sol[:, :, 0]), axis=1)
    Z[ok] = sol[ok, :, 0]
    return Z, ok


def solve_label_systems(M: np.ndarray, S: np.ndarray, R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``M[S_t, R_t] z_t = 1`` for many square index sets at once; singular ones are flagged.

    ``S`` and ``R`` are boolean masks of shape ``(N, rows of M)`` and ``(N, columns of M)`` with
    ``S[t].sum() == R[t].sum() >= 1``.  Returns ``(Z, ok)`` with ``Z`` of shape ``(N, columns)``:
    ``Z[t]`` is zero off ``R_t`` and solves the system where ``ok[t]``.  The test for singularity
    is that of :func:`solve_batch` (``||G|| ||G^{-1} r|| / ||r||`` with the same fixed probe
    ``r``), but systems of one size share one LU call and every check is done once over all of
    them, which matters when there are thousands of small systems.
    """
    N, ncols = R.shape
    k_all = np.count_nonzero(S, axis=1)
    Z = np.zeros((N, ncols))
    ok = np.zeros(N, dtype=bool)
    if N == 0:
        return Z, ok
    order = np.argsort(k_all, kind="stable")
    k_of = k_all[order]
    S_flat = np.nonzero(S[order])[1]
    R_flat = np.nonzero(R[order])[1]
    z = np.zeros(len(R_flat))
    probe = np.zeros(len(R_flat))       # G^{-1} (r / max|r|), entry by entry
    ok_s = np.ones(N, dtype=bool)
    ks, counts = np.unique(k_of, return_counts=True)
    v0 = f0 = 0
    for k, cnt in zip(ks.tolist(), counts.tolist(), strict=True):
        f1 = f0 + k * cnt
        G = M[S_flat[f0:f1].reshape(cnt, k)[:, :, None], R_flat[f0:f1].reshape(cnt, k)[:, None, :]]
        try:
            sol = np.linalg.solve(G, _ones_and_probe(k))      # (k, 2) right-hand side, broadcast
            z[f0:f1] = sol[:, :, 0].ravel()
            probe[f0:f1] = sol[:, :, 1].ravel()
        except np.linalg.LinAlgError:   # an exact zero pivot: let solve_batch sort the group out
            Zg, ok_s[v0:v0 + cnt] = solve_batch(G, np.ones((cnt, k)))
            z[f0:f1] = Zg.ravel()
        v0, f0 = v0 + cnt, f1
    starts = np.concatenate([[0], np.cumsum(k_of)[:-1]])
    rows = np.repeat(np.arange(N), k_of)
    growth = np.maximum.reduceat(np.abs(probe), starts)
    # ||G||_inf: the largest row sum of |M| over R_t among the rows in S_t.
    norm_g = ((R @ np.abs(M).T) * S).max(axis=1)[order]
    ok_s &= np.isfinite(growth) & (norm_g * growth < SINGULAR_CONDITION) & np.isfinite(np.add.reduceat(z, starts))
    Z[order[rows], R_flat] = z
    ok[order] = ok_s
    Z[~ok] = 0.0
    return Z, ok


def _constraints(C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The inequalities ``G z <= h`` of ``P(C)``: ``-x <= 0`` then ``C x <= 1``."""
    k, d = C.shape
    G = np.vstack([-np.eye(d), C])
    h = np.concatenate([np.zeros(d), np.ones(k)])
    return G, h


def _labelled(G: np.ndarray, h: np.ndarray, X: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Keep the feasible, nonzero points of ``X``, de-duplicated; return them and their label rows."""
    slack = h[None, :] - X @ G.T
    feasible = np.all(slack >= -tol, axis=1) & (np.abs(X).max(axis=1, initial=0.0) > tol)
    X, slack = X[feasible], slack[feasible]
    tight = slack <= tol                      # feasible: slack >= -tol already
    if np.all(tight.sum(axis=1) == X.shape[1]):
        # Every vertex is simple: it has one basis and lies on one facet of the polar, so it was
        # produced once by either method.
        return X, tight
    first, _ = unique_rows(tight)
    return X[first], tight[first]


def basis_enumeration(C: np.ndarray, tol: float = LABEL_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """Every nonzero vertex of ``P(C)`` by solving all ``d``-subsets of its inequalities (batched)."""
    C = np.asarray(C, dtype=float)
    k, d = C.shape
    G, h = _constraints(C)
    # Subsets made only of x_i >= 0 inequalities give the origin; skip the single all-zero one.
    combos = itertools.islice(itertools.combinations(range(d + k), d), 1, None)
    found = []
    while True:   # blocks of bases keep memory bounded
        block = np.array(list(itertools.islice(combos, _BASIS_BLOCK)), dtype=np.intp).reshape(-1, d)
        if len(block) == 0:
            break
        Z, ok = solve_batch(G[block], h[block])
        found.append(Z[ok])
    return _labelled(G, h, np.concatenate(found) if found else np.zeros((0, d)), tol)


def polar_hull_vertices(C: np.ndarray, tol: float = LABEL_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """Every nonzero vertex of ``P(C)`` from Qhull's convex hull of the polar polytope (``d >= 2``)."""
    from scipy.spatial import ConvexHull

    C = np.asarray(C, dtype=float)
    d = C.shape[1]
    G, h = _constraints(C)
    c = np.full(d, 1.0 / (4.0 * d * max(float(C.max()), 1.0)))  # C c <= 1/4: deep inside
    pts = G / (h - G @ c)[:, None]
    pts = np.unique(pts, axis=0)                                  # equal payoff columns: one point
    try:   # without Qhull's pre-merging ("Q0") first: faster; labels are recomputed from slacks anyway
        hull = ConvexHull(pts, qhull_options="Qt Q0")
    except Exception:  # scipy.spatial.QhullError: a precision error without merging; retry with defaults
        hull = ConvexHull(pts)
    eq = hull.equations
    X = c[None, :] - eq[:, :d] / eq[:, d:]
    return _labelled(G, h, X, tol)


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
