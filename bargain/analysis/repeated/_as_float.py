"""The Abreu–Sannikov operator in floats, vectorised over action profiles and polygon edges.

:mod:`.abreu_sannikov` iterates the operator in floats until its combinatorial structure repeats,
solves the fixed-point equations of that structure by Newton's method, and then certifies the
polygon in rational arithmetic.  This module is that float stage.  The generic operator of
:mod:`.abreu_sannikov` (``_generate``) runs on Fractions and on mpmath numbers, one profile and edge
at a time; here the same operator, with the same comparisons and the same arithmetic (so the same
float results), acts on numpy arrays at once:

* the incentive corners ``T(a) = w + (1-δ)/δ (d(a) - u(a))`` of all profiles are one array sum;
* the tests "``u(a)`` can be played for ever" and "``T(a)`` lies in the polygon" are one
  point-in-polygon test over all profiles (:func:`._geometry.contains_points`);
* the crossings of every edge with both binding constraints of every profile are one
  ``(profiles, edges, 2)`` array;
* the Newton step evaluates the frozen-structure map at the point and at its ``2m`` perturbations
  in one batched call (a forward-difference Jacobian).

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

from bargain.analysis.repeated._geometry import contains_points, hausdorff, hull_indices_float

__all__ = ["STATIONARY", "CORNER", "EDGE", "Profiles", "profile_arrays", "generate", "canonical", "FrozenMap",
           "newton", "gap", "FloatRun", "iterate"]

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


def profile_arrays(u: np.ndarray, d: np.ndarray, delta: float) -> Profiles:
    """:class:`Profiles` from the stage arrays ``u`` and best deviations ``d`` (``(2, s1, s2)``, float).

    Parameters
    ----------
    u, d : numpy.ndarray
        Payoffs and best one-shot deviation payoffs, shape ``(2, s1, s2)``.
    delta : float
        Discount factor in (0, 1).

    Returns
    -------
    Profiles
        Payoffs and scaled gains, one row per pure profile (row-major, as ``np.ndindex``).
    """
    U = np.asarray(u, dtype=float).reshape(2, -1).T
    D = np.asarray(d, dtype=float).reshape(2, -1).T
    U = np.ascontiguousarray(U)
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
    inside = contains_points(P, np.concatenate((U, T)), tol)
    stat = inside[:K] & (T - tol <= U).all(axis=1)
    B = np.concatenate((P[1:], P[:1])) if m > 1 else P
    den = B - P                                                   # (m, 2): column i for binding player i
    flat = np.abs(den) <= tol
    s = (T[:, None, :] - P) / np.where(flat, 1.0, den)            # (K, m, 2)
    lo = tol * 1e-2
    ok = np.where(flat, np.abs(B - T[:, None, :]) <= tol, (s > lo) & (s <= 1 + lo))
    Po, Bo = P[:, ::-1], B[:, ::-1]                               # the other player's coordinate
    x = np.where(flat, Bo, Po + s * (Bo - Po))
    ok &= x > T[:, None, ::-1] + tol
    C = np.empty((K, 1 + 2 * m, 2))
    C[:, 0] = T
    E = C[:, 1:]
    E.shape = (K, m, 2, 2)                    # in place (a view): (profile, edge, binding i, coordinate)
    E[:, :, 0, 0] = T[:, None, 0]
    E[:, :, 1, 1] = T[:, None, 1]
    E[:, :, 0, 1] = x[:, :, 0]
    E[:, :, 1, 0] = x[:, :, 1]                # c_i = T_i on the binding line, c_o = the crossing
    pts = pr.stay + dl * C
    pts[stat, 0] = U[stat]
    valid = np.empty((K, 1 + 2 * m), dtype=bool)
    valid[:, 0] = inside[K:] | stat
    valid[:, 1:] = ok.reshape(K, 2 * m)
    valid[stat, 1:] = False
    rec = _records(K, m)[valid]
    rec[:, 0] = np.where(stat[rec[:, 1]] & (rec[:, 0] == CORNER), STATIONARY, rec[:, 0])
    return pts[valid], rec


@lru_cache(maxsize=64)
def _records(K: int, m: int) -> np.ndarray:
    """Record template ``(K, 1 + 2m, 4)``: slot 0 the corner, then edge ``j`` and binding player ``i``."""
    rec = np.zeros((K, 1 + 2 * m, 4), dtype=np.intp)
    rec[:, 0, 0] = CORNER
    rec[:, 1:, 0] = EDGE
    rec[:, :, 1] = np.arange(K)[:, None]
    rec[:, 1:, 2] = np.tile([0, 1], m)
    rec[:, 1:, 3] = np.repeat(np.arange(m), 2)
    rec.flags.writeable = False
    return rec


def canonical(pts: np.ndarray, recs: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Hull of the generated points with each vertex's record, rotated to start at the least record."""
    idx = hull_indices_float(pts, tol)
    if len(idx) == 0:
        return pts[:0], recs[:0]
    r = recs[idx]
    start = int(np.lexsort(r.T[::-1])[0])
    idx = np.concatenate((idx[start:], idx[:start]))
    return pts[idx], recs[idx]


class FrozenMap:
    """The operator with its combinatorial structure frozen, as a map on batches of stacked vertex vectors.

    Each vertex keeps its record (kind, profile, binding player, edge) and the threat point keeps
    its two vertices, so the generated vertices are smooth functions of the current ones; the
    index arrays of the records are built once and every call is a few array operations.

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
        kind, k, i, j = recs.T
        m = len(recs)
        wcol = np.array([2 * argmin[0], 2 * argmin[1] + 1])
        e = np.flatnonzero(kind == EDGE)
        ie, oe, je, jn = i[e], 1 - i[e], j[e], (j[e] + 1) % m
        self.m, self.delta, self.wcol, self.gain = m, pr.delta, wcol, pr.gain[k]
        self.stay = pr.stay[k, 0].reshape(-1)
        self.edges = len(e) > 0
        self.ai, self.ao, self.bi, self.bo = 2 * je + ie, 2 * je + oe, 2 * jn + ie, 2 * jn + oe
        self.wi, self.gi, self.out = wcol[ie], pr.gain[k[e], ie], 2 * e + oe
        still = np.flatnonzero(kind == STATIONARY)
        self.still = np.stack([2 * still, 2 * still + 1], axis=1).reshape(-1)
        self.still_u = pr.u[k[still]].reshape(-1)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """The generated vertices ``(b, 2m)`` of each row of ``X`` (``(b, 2m)``, rows ``(x_0, y_0, x_1, ...)``)."""
        C = (X[:, self.wcol][:, None, :] + self.gain).reshape(len(X), 2 * self.m)    # the incentive corners
        if self.edges:
            Ai, Ao, Bi, Bo = X[:, self.ai], X[:, self.ao], X[:, self.bi], X[:, self.bo]
            den = Bi - Ai
            nz = den != 0
            s = np.where(nz, (X[:, self.wi] + self.gi - Ai) / np.where(nz, den, 1.0), 1.0)
            C[:, self.out] = Ao + s * (Bo - Ao)                   # the crossing on the binding line
        out = self.stay + self.delta * C
        out[:, self.still] = self.still_u
        return out


def newton(P: np.ndarray, recs: np.ndarray, pr: Profiles, scale: float) -> np.ndarray | None:
    """Solve ``x = F(x)`` for the frozen structure, starting from ``P``; None when Newton does not settle.

    The Jacobian is a forward difference, all ``2m`` columns from one batched evaluation.
    """
    m = len(P)
    if len(recs) != m:
        return None
    fmap = FrozenMap(recs, (int(np.argmin(P[:, 0])), int(np.argmin(P[:, 1]))), pr)
    x = P.reshape(-1).astype(float)
    n = len(x)
    h = 1e-7 * scale
    steps = np.vstack([np.zeros(n), h * np.eye(n)])
    for step in range(8):
        F = fmap(x[None] + steps)
        f = x - F[0]
        err = float(np.abs(f).max())
        if err <= 1e-14 * scale or (step >= 3 and err > 1e-6 * scale):
            break                         # converged, or not converging the way Newton does near a root
        J = np.eye(n) - ((F[1:] - F[0]) / h).T
        try:
            x = x - np.linalg.solve(J, f)
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(x)):
            return None
    else:
        err = float(np.abs(x - fmap(x[None])[0]).max())
    if err > 1e-11 * scale:
        return None
    return _snap(x).reshape(m, 2)


_DENOMINATORS = np.arange(1, 1001, dtype=float)


def _snap(x: np.ndarray) -> np.ndarray:
    """Coordinates within 4 ulps of a fraction with denominator <= 1000 set to that fraction's float.

    Newton's answer carries rounding noise of an ulp or two; where the fixed point is a simple
    rational (a stage payoff, a best-deviation payoff as the worst punishment) the noise could put
    it on the wrong side, e.g. a threat of exactly -1 at -0.9999999999999999.  An irrational
    coordinate lies that close to such a fraction with probability about 1e-9.
    """
    r = np.round(x[:, None] * _DENOMINATORS) / _DENOMINATORS
    close = np.abs(r - x[:, None]) <= 4 * np.spacing(np.maximum(np.abs(x), 1.0))[:, None]
    hit = close.any(axis=1)
    return np.where(hit, r[np.arange(len(x)), close.argmax(axis=1)], x)


def gap(P: np.ndarray, Q: np.ndarray, bound: float = 0.0) -> float:
    """Change between successive polygons: max vertex move when aligned, else the Hausdorff distance.

    With ``bound > 0`` and unaligned polygons, a lower bound above ``bound`` may be returned instead
    (the largest change of a bounding-box side, a support-function difference), which settles a
    convergence test without the full distance computation.
    """
    if len(P) == len(Q) and len(P):
        return float(np.abs(P - Q).max())
    if bound > 0 and len(P) and len(Q):
        lb = float(max(np.abs(P.min(axis=0) - Q.min(axis=0)).max(), np.abs(P.max(axis=0) - Q.max(axis=0)).max()))
        if lb > bound:
            return lb
    return hausdorff(P, Q)


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
        Solve the fixed-point equations by Newton's method once the structure repeats.

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
    P, _ = canonical(pr.u, np.column_stack([np.full(K, STATIONARY), np.arange(K), np.zeros((K, 2), int)]), 1e-13)
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
                p2, r2 = generate(X, X.min(axis=0), pr, ftol)
                Q2 = canonical(p2, r2, 1e-13)[0] if len(p2) else p2
                moved = gap(Q2, X) if len(Q2) else float("inf")
                if moved <= 1e-11 * scale:
                    P, change = Q2, moved
                    notes.append(f"Newton on the fixed-point equations after {it} iterations")
                    break
            next_try, wait = it + wait, 2 * wait
    else:
        change = gap(P_prev, P)
        notes.append(f"stopped after {max_iter} iterations (gap {change:.3g})")
    return FloatRun(P[hull_indices_float(P, 1e-10)], it, float(change), tuple(notes))
