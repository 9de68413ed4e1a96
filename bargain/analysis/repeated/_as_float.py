"""The Abreu–Sannikov operator in floats, vectorised over action profiles and polygon edges.

:mod:`.abreu_sannikov` iterates the operator in floats until its vertex count settles, solves the
fixed-point equations of the current structure by Newton's method, and then certifies the
polygon in rational arithmetic.  This module is that float stage.  The generic operator of
:mod:`.abreu_sannikov` (``_generate``) runs on Fractions and on mpmath numbers, one profile and edge
at a time; here the same operator, with the same comparisons and the same arithmetic (so the same
float results), acts on numpy arrays at once:

* the incentive corners ``T(a) = w + (1-δ)/δ (d(a) - u(a))`` of all profiles are one array sum;
* the tests "``u(a)`` can be played for ever" and "``T(a)`` lies in the polygon" are one
  point-in-polygon test over all profiles (:func:`._geometry.contains_points`);
* the crossings of every edge with both binding constraints of every profile are one
  ``(profiles, edges, 2)`` array;
* Newton's method on the fixed-point equations of a frozen structure uses the exact Jacobian,
  assembled by one scatter (``bincount``) of its few non-zero entries.

The profile data ``u(a)`` and the scaled deviation gains do not change between iterations and are
built once.

References
----------
Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. *Theoretical Economics* 9, 313-338.
Andrew, A. M. (1979). Another efficient algorithm for convex hulls in two dimensions.
*Information Processing Letters* 9, 216-219.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg.lapack import dgesv as gesv

from bargain.analysis.repeated._geometry import contains_points, hausdorff, hull_indices_float
from bargain.analysis.repeated._stage import best_deviation

__all__ = ["STATIONARY", "CORNER", "EDGE", "Profiles", "profile_arrays", "generate", "canonical", "FrozenMap",
           "newton", "gap", "fixed_point_gap", "FloatRun", "iterate"]

#: Kinds of generated point: a profile played for ever, the constraints' corner, an edge crossing.
STATIONARY, CORNER, EDGE = 0, 1, 2


@dataclass(frozen=True)
class Profiles:
    """The pure profiles' data, fixed across iterations.

    Attributes
    ----------
    u: stage payoffs ``(K, 2)``, profiles in row-major order.
    gain: scaled deviation gains ``(1-δ)/δ (d(a) - u(a))``, ``(K, 2)``.
    delta: the discount factor (float).
    stay: ``(1-δ) u(a)`` as ``(K, 1, 2)``, the current-period part of every generated point.
    """

    u: np.ndarray
    gain: np.ndarray
    delta: float
    stay: np.ndarray


def profile_arrays(u: np.ndarray, delta: float) -> Profiles:
    """:class:`Profiles` from a two-player payoff array ``u`` (``(2, s1, s2)``, float).

    Parameters
    ----------
    u : numpy.ndarray
        Stage payoffs, shape ``(2, s1, s2)``.
    delta : float
        Discount factor in (0, 1).

    Returns
    -------
    Profiles
        Payoffs and scaled gains ``(1-δ)/δ (d(a) - u(a))`` with ``d`` the best one-shot deviation
        payoffs (:func:`._stage.best_deviation`), one row per pure profile (row-major, as ``np.ndindex``).
    """
    u = np.asarray(u, dtype=float)
    U = np.ascontiguousarray(u.reshape(2, -1).T)
    D = best_deviation(u).reshape(2, -1).T
    return Profiles(U, ((1 - delta) / delta) * (D - U), float(delta), ((1 - delta) * U)[:, None, :])


def generate(P: np.ndarray, w: np.ndarray, pr: Profiles, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """One application of the Abreu–Sannikov operator: the generated points and how each arose.

    Parameters
    ----------
    P : numpy.ndarray
        The current polygon, ``(m, 2)``, counter-clockwise.
    w : numpy.ndarray
        The threat point (each player's punishment value), ``(2,)``.
    pr : Profiles
        The profiles' payoffs and gains.
    tol : float
        Comparison tolerance (absolute).

    Returns
    -------
    points : numpy.ndarray
        ``(N, 2)`` generated points, in the order profile, then corner, then edge ``j`` and
        binding player ``i`` (the order of the generic operator).
    records : numpy.ndarray
        ``(N, 4)`` integers ``(kind, profile, binding player, edge)`` per point.

    References
    ----------
    Abreu and Sannikov (2014), sec. 3 (each profile generates at most four extreme points).
    """
    U, dl = pr.u, pr.delta
    K, m = len(U), len(P)
    T = pr.gain + w
    B = np.concatenate((P[1:], P[:1])) if m > 1 else P
    den = B - P                                                   # (m, 2): column i for binding player i
    inside = contains_points(P, np.concatenate((U, T)), tol, edges=den)
    stat = inside[:K] & (T - tol <= U).all(axis=1)
    flat = np.abs(den) <= tol
    lo = tol * 1e-2
    Po, Bo = P[:, ::-1], B[:, ::-1]                               # the other player's coordinate
    if flat.any():
        s = (T[:, None, :] - P) / np.where(flat, 1.0, den)        # (K, m, 2)
        ok = np.where(flat, np.abs(B - T[:, None, :]) <= tol, (s > lo) & (s <= 1 + lo))
        x = np.where(flat, Bo, Po + s * (Bo - Po))
    else:
        s = (T[:, None, :] - P) / den
        ok = (s > lo) & (s <= 1 + lo)
        x = Po + s * (Bo - Po)
    ok &= x > T[:, None, ::-1] + tol
    # continuation points: the corner T, and per (edge j, binding i) c_i = T_i, c_o = the crossing
    E = np.where(_EYE, T[:, None, None, :], x[:, :, :, None])    # (K, m, 2, 2)
    pts = pr.stay + dl * np.concatenate((T[:, None, :], E.reshape(K, 2 * m, 2)), axis=1)
    pts[stat, 0] = U[stat]
    valid = np.concatenate((inside[K:, None] | stat[:, None], ok.reshape(K, 2 * m) & ~stat[:, None]), axis=1)
    corner, still = _records(K, m)
    return pts[valid], np.where(stat[:, None, None], still, corner)[valid]


_EYE = np.eye(2, dtype=bool)


@lru_cache(maxsize=64)
def _records(K: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Record templates ``(K, 1 + 2m, 4)``: slot 0 the corner (or the stationary point), then edge ``j``
    and binding player ``i``."""
    rec = np.zeros((K, 1 + 2 * m, 4), dtype=np.intp)
    rec[:, 0, 0] = CORNER
    rec[:, 1:, 0] = EDGE
    rec[:, :, 1] = np.arange(K)[:, None]
    rec[:, 1:, 2] = np.tile([0, 1], m)
    rec[:, 1:, 3] = np.repeat(np.arange(m), 2)
    still = rec.copy()
    still[:, 0, 0] = STATIONARY
    rec.flags.writeable = still.flags.writeable = False
    return rec, still


def canonical(pts: np.ndarray, recs: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Hull of the generated points with each vertex's record, rotated to start at the least record.

    Parameters
    ----------
    pts, recs : numpy.ndarray
        Generated points ``(N, 2)`` and their records ``(N, 4)`` (from :func:`generate`).
    tol : float
        Hull tolerance (relative; see :func:`._geometry.hull_indices_float`).

    Returns
    -------
    tuple of numpy.ndarray
        The hull's vertices ``(m, 2)`` counter-clockwise and their records ``(m, 4)``; the fixed
        starting vertex makes records of successive iterates comparable.
    """
    idx = hull_indices_float(pts, tol).tolist()
    if not idx:
        return pts[:0], recs[:0]
    r = recs[idx].tolist()
    start = r.index(min(r))                       # the lexicographically least record
    idx = idx[start:] + idx[:start]
    return pts[idx], recs[idx]


class FrozenMap:
    """The operator with its combinatorial structure frozen, as a smooth map of the stacked vertices.

    Each vertex keeps its record (kind, profile, binding player, edge) and the threat point keeps
    its two vertices, so the generated vertices are rational functions of the current ones: the
    incentive corner ``T = w + gain`` (``w`` two coordinates of the vector), and on an edge
    ``A -> B`` crossed by the line ``c_i = T_i`` the point ``c_o = A_o + s (B_o - A_o)`` with
    ``s = (T_i - A_i) / (B_i - A_i)``.  The index arrays are built once; :meth:`value` and
    :meth:`jacobian` (exact) are a few array operations each.

    Parameters
    ----------
    recs : numpy.ndarray
        ``(m, 4)`` records (kind, profile, binding player, edge) of the vertices.
    argmin : tuple of int
        The vertices that give each player's lowest payoff (the threat point).
    pr : Profiles
        The profiles' payoffs and gains.
    """

    def __init__(self, recs: np.ndarray, argmin: tuple[int, int], pr: Profiles) -> None:
        # built in plain Python: a polygon has a handful of vertices, so a loop over the records
        # costs less than the numpy calls it would replace
        rl = recs.tolist()
        m = len(rl)
        n = 2 * m
        wcol = (2 * argmin[0], 2 * argmin[1] + 1)
        gain = pr.gain.tolist()
        cols: list[list[int]] = [[], [], [], [], []]          # A_o, B_o, A_i, B_i, w_i of each crossing
        gi, out, still, still_u = [], [], [], []
        on_t = [True] * n
        for v, (kind, k, i, j) in enumerate(rl):
            if kind == EDGE:
                o, jb = 1 - i, 2 * ((j + 1) % m)
                for col, c in zip(cols, (2 * j + o, jb + o, 2 * j + i, jb + i, wcol[i]), strict=True):
                    col.append(c)
                gi.append(gain[k][i])
                out.append(2 * v + o)
                on_t[2 * v + o] = False
            elif kind == STATIONARY:
                still += (2 * v, 2 * v + 1)
                still_u += pr.u[k].tolist()
                on_t[2 * v] = on_t[2 * v + 1] = False
        rows = [r for r in range(n) if on_t[r]]
        # d out / d x: delta on the threat coordinate for every coordinate equal to T (corners, binding
        # coordinates of crossings); the crossings' other coordinates depend on A, B and T_i
        fixed = np.bincount(np.array([r * n + wcol[r % 2] for r in rows], dtype=np.intp), minlength=n * n)
        k_all = recs[:, 1]
        self.n, self.delta, self.wcol = n, pr.delta, np.array(wcol)
        self.gain, self.stay = pr.gain[k_all], pr.stay[k_all, 0].reshape(-1)
        self.ends = np.array(cols[:4], dtype=np.intp)                 # rows: A_o, B_o, A_i, B_i
        self.wi, self.gi = np.array(cols[4], dtype=np.intp), np.array(gi, dtype=float)
        self.out = np.array(out, dtype=np.intp)
        self.still, self.still_u = np.array(still, dtype=np.intp), np.array(still_u, dtype=float)
        # I - F'(x) = (I - the constant part) - the crossings' part, which depends on x
        self.constant = np.eye(n) - pr.delta * fixed.reshape(n, n)
        self.index = np.array([o * n + c for col in cols for o, c in zip(out, col, strict=True)], dtype=np.intp)

    def value(self, x: np.ndarray) -> np.ndarray:
        """``F(x)`` (``(2m,)``) for stacked vertices ``x = (x_0, y_0, x_1, ...)``; keeps what :meth:`jacobian` needs."""
        C = (x[self.wcol] + self.gain).reshape(-1)                     # the incentive corners
        Ao, Bo, Ai, Bi = x[self.ends]
        den, d, num = Bi - Ai, Bo - Ao, x[self.wi] + self.gi - Ai
        if den.all():
            s, q = num / den, d / den
        else:                                         # a flat edge: the crossing is its end B
            nz = den != 0
            safe = np.where(nz, den, 1.0)
            s, q = np.where(nz, num / safe, 1.0), np.where(nz, d / safe, 0.0)
        C[self.out] = Ao + s * d                                       # the crossing on the binding line
        y = self.stay + self.delta * C
        y[self.still] = self.still_u
        self._sq = (s, q)
        return y

    def jacobian(self) -> np.ndarray:
        """The matrix ``I - F'(x)`` at the ``x`` of the last :meth:`value` call."""
        s, q = self._sq
        qs = q * s
        w = np.concatenate((1 - s, s, qs - q, -qs, q))
        w *= self.delta
        return self.constant - np.bincount(self.index, weights=w, minlength=self.n * self.n).reshape(self.n, self.n)


def newton(P: np.ndarray, recs: np.ndarray, pr: Profiles, scale: float) -> np.ndarray | None:
    """Solve ``x = F(x)`` for the frozen structure, starting from ``P``; None when Newton does not settle.

    Newton's method with the exact Jacobian of :class:`FrozenMap` (one step when the structure
    has no edge crossings: the map is then affine).

    Parameters
    ----------
    P : numpy.ndarray
        The current polygon ``(m, 2)``.
    recs : numpy.ndarray
        Its vertices' records ``(m, 4)``, which refer to the edges of a polygon with ``m`` vertices.
    pr : Profiles
        The profiles' payoffs and gains.
    scale : float
        Payoff scale: the residual must fall to ``1e-14 * scale``.

    Returns
    -------
    numpy.ndarray or None
        The fixed point ``(m, 2)``, snapped onto simple rationals within 4 ulps; None when Newton
        stalls, diverges or meets a singular Jacobian.

    References
    ----------
    Abreu and Sannikov (2014), sec. 5 (the vertices of ``V*`` solve finitely many equations).
    """
    m = len(P)
    if len(recs) != m:
        return None
    fmap = FrozenMap(recs, (int(np.argmin(P[:, 0])), int(np.argmin(P[:, 1]))), pr)
    x = P.reshape(-1).astype(float)
    for step in range(9):
        f = x - fmap.value(x)
        err = float(np.abs(f).max())
        if err <= 1e-14 * scale or not (step < 4 or err <= 1e-6 * scale) or step == 8:
            break                         # converged, or not converging the way Newton does near a root
        # LAPACK's dgesv directly: numpy.linalg.solve's checks cost more than the solve at this size
        dx, info = gesv(fmap.jacobian(), f)[2:]
        if info != 0:                     # a singular Jacobian
            return None
        x = x - dx
    if not err <= 1e-11 * scale:          # also rejects a NaN
        return None
    return _snap(x).reshape(m, 2)


#: 2^4 3^2 5^2 7 11: a multiple of every denominator up to 12 and of 14, 15, 16, 18, 20, 22, 24, 25, 28, 30, 40,
#: 50, 80, 100, ... (the denominators of stage payoffs and of decimal discount factors)
_SNAP_BASE = 277200.0


def _snap(x: np.ndarray) -> np.ndarray:
    """Coordinates within 4 ulps of a multiple of ``1/277200`` set to that fraction's float.

    Newton's answer carries rounding noise of an ulp or two; where the fixed point is a simple
    rational (a stage payoff, a best-deviation payoff as the worst punishment) the noise could put
    it on the wrong side, e.g. a threat of exactly -1 at -0.9999999999999999.  An irrational
    coordinate lies that close to such a fraction with probability about 1e-9.
    """
    r = np.rint(x * _SNAP_BASE) / _SNAP_BASE
    return np.where(np.abs(r - x) <= 4 * np.spacing(np.maximum(np.abs(x), 1.0)), r, x)


def gap(P: np.ndarray, Q: np.ndarray, bound: float = 0.0) -> float:
    """Change between successive polygons: max vertex move when aligned, else the Hausdorff distance.

    Parameters
    ----------
    P, Q : numpy.ndarray
        Two convex polygons ``(m, 2)`` and ``(m', 2)``.
    bound : float, default 0.0
        The threshold the caller compares against (0: always the exact value).

    Returns
    -------
    float
        The change (see below for the bounds returned with ``bound > 0``).

    With ``bound > 0`` and unaligned polygons, a lower bound above ``bound`` (the largest change of
    a bounding-box side, a support-function difference) or an upper bound below it (the vertex-set
    distance) may be returned instead: either settles a test against ``bound`` without the full
    distance computation.
    """
    if len(P) == len(Q) and len(P):
        return float(np.abs(P - Q).max())
    if bound > 0 and len(P) and len(Q):
        # the largest change of a bounding-box side (plain floats: a polygon has a handful of vertices)
        (px, py), (qx, qy) = zip(*P.tolist(), strict=True), zip(*Q.tolist(), strict=True)
        lb = max(abs(min(px) - min(qx)), abs(min(py) - min(qy)), abs(max(px) - max(qx)), abs(max(py) - max(qy)))
        if lb > bound:
            return lb
        # each vertex to the nearest vertex of the other polygon: an upper bound on the Hausdorff
        # distance, enough when it is below the bound (vertices that merged, say)
        R = P[:, None, :] - Q[None, :, :]
        D = np.sqrt((R * R).sum(axis=2))
        ub = float(max(D.min(axis=1).max(), D.min(axis=0).max()))
        if ub <= bound:
            return ub
    return hausdorff(P, Q)


def fixed_point_gap(X: np.ndarray, pts: np.ndarray, tol: float) -> float:
    """How far the polygon ``X`` is from the hull of the points ``pts`` it generates; ``inf`` beyond ``tol``.

    Without computing the hull: every generated point must lie in ``X`` (up to ``tol``) and every
    vertex of ``X`` within ``tol`` of a generated point; then the two polygons are within about
    ``tol`` of each other (Hausdorff), and the vertices' distance is returned.

    Parameters
    ----------
    X : numpy.ndarray
        Candidate fixed point, a convex polygon ``(m, 2)`` (counter-clockwise).
    pts : numpy.ndarray
        The points ``(N, 2)`` the operator generates from ``X``.
    tol : float
        Absolute tolerance.

    Returns
    -------
    float
        The largest distance from a vertex of ``X`` to the generated points, or ``inf``.
    """
    edges = (np.concatenate((X[1:], X[:1])) - X) if len(X) >= 3 else None
    if not len(pts) or not contains_points(X, pts, tol, edges=edges).all():
        return float("inf")
    R = X[:, None, :] - pts[None, :, :]
    far = float(np.sqrt((R * R).sum(axis=2).min(axis=1).max()))
    return far if far <= tol else float("inf")


@dataclass(frozen=True)
class FloatRun:
    """Outcome of :func:`iterate`: the polygon (empty when no profile can be played) and how it was reached."""

    polygon: np.ndarray
    iterations: int
    gap: float
    notes: tuple[str, ...]


def iterate(pr: Profiles, w0: np.ndarray, scale: float, tol: float, max_iter: int, accelerate: bool) -> FloatRun:
    """Iterate the operator from the hull of the stage payoffs with threat point ``w0`` to its fixed point.

    Parameters
    ----------
    pr : Profiles
        The profiles' payoffs and gains.
    w0 : numpy.ndarray
        First threat point (the pure minmax values).
    scale : float
        Payoff scale (tolerances are relative to it).
    tol : float
        Convergence tolerance, relative to ``scale``.
    max_iter : int
        Most operator applications.
    accelerate : bool
        Solve the fixed-point equations by Newton's method once the vertex count settles.

    Returns
    -------
    FloatRun
        The last polygon (merged at ``1e-10``), iterations, last change and notes.

    References
    ----------
    Abreu and Sannikov (2014); Abreu, Pearce and Stacchetti (1990), Theorem 1 (monotone
    convergence of the iterates to the largest fixed point).
    """
    ftol = 1e-10 * scale
    K = len(pr.u)
    P, _ = canonical(pr.u, _records(K, 0)[1][:, 0], 1e-13)          # the hull of the stage payoffs
    w, P_prev = np.asarray(w0, dtype=float), P
    it, change, next_try, wait = 0, float("inf"), 3, 1
    notes: list[str] = []
    while it < max_iter:
        it += 1
        pts, recs = generate(P, w, pr, ftol)
        if not len(pts):
            return FloatRun(pts, it, 0.0, ("no pure-strategy subgame-perfect equilibrium at this discount factor",))
        Q, rq = canonical(pts, recs, 1e-13)
        w_new = np.maximum(w, pts.min(axis=0))
        change = gap(P, Q, tol * scale)
        stable_w = float(np.abs(w_new - w).max()) <= tol * scale
        P_prev, P, w = P, Q, w_new
        if change <= tol * scale and stable_w:
            break
        # Newton once the vertex count has settled (the records index the previous polygon's edges,
        # so the counts must agree); a failure backs off geometrically
        if accelerate and it >= next_try and len(P_prev) == len(Q):
            X = newton(Q, rq, pr, scale)
            if X is not None:
                # accept a fixed point of the operator itself: X (vertices that converge to one point
                # merged) against the points it generates, else against their hull (degenerate cases)
                X = X[hull_indices_float(X, 1e-10)]
                p2, r2 = generate(X, X.min(axis=0), pr, ftol)
                moved = fixed_point_gap(X, p2, 1e-11 * scale)
                if moved > 1e-11 * scale and len(p2):
                    Q2 = canonical(p2, r2, 1e-13)[0]
                    X, moved = Q2[hull_indices_float(Q2, 1e-10)], gap(Q2, X, 1e-11 * scale)
                if moved <= 1e-11 * scale:
                    notes.append(f"Newton on the fixed-point equations after {it} iterations")
                    return FloatRun(X, it, float(moved), tuple(notes))
            next_try, wait = it + wait, 2 * wait
    else:
        change = gap(P_prev, P)
        notes.append(f"stopped after {max_iter} iterations (gap {change:.3g})")
    return FloatRun(P[hull_indices_float(P, 1e-10)], it, float(change), tuple(notes))
