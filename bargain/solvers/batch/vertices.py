"""Degenerate two-player points in batch: extreme equilibria by vertex enumeration of both polytopes.

Support enumeration (:mod:`.closed`, :mod:`.supports`) is exact only at nondegenerate points.  Many
games built from trees are degenerate at *every* parameter value: the reduced normal form repeats
payoffs (a player's payoff that does not depend on the other's move, two plans that agree after
a move the other cuts off), so payoff ties and continua of equilibria are structural.  Such points
are solved here for the whole batch, with the answer the full solver
(:func:`bargain.solvers.enumeration.enumeration_solve`) gives: every *extreme* equilibrium, i.e.
every completely labelled pair of vertices of the best-response polytopes

    P = {x >= 0 : B^T x <= 1},        Q = {y >= 0 : A y <= 1}

of the game reduced by iterated strict dominance, with payoffs scaled to ``[1, 2]`` (von Stengel
2002, thm. 3.6; Avis, Rosenberg, Savani and von Stengel 2010).  This holds at degenerate points
too, where a vertex has more labels than the dimension and an equilibrium need not be isolated.

Every vertex of ``P`` with support ``S`` is the solution of ``|S|`` linearly independent tight
column constraints ``(B^T x)_R = 1`` restricted to ``S`` (extend the tight ``x_i = 0``, ``i`` off
``S``, to a basis), so the vertices are found by solving the square systems ``B_{S,R}^T x_S = 1``
for every pair of equal-size index sets, ``|S| <= min(m, n) <= 4``: Cramer's rule written out as
array arithmetic over all points and all pairs of one size at once (no LAPACK call per matrix, no
loop over points); likewise for ``Q``.  Labels come from the slacks of all inequalities, vertices
are merged by label set, and the pairs whose labels cover every strategy are matched per point
with one boolean broadcast.  A point is left to the full solver (``unsure``) when a slack lies in
the grey zone just above the label tolerance, when a basis is nearly singular, when no pair is
found, or when a resulting profile fails verification.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, sec. 3 (best-response polytopes; thm. 3.6 on extreme equilibria of degenerate games).
Avis, D., Rosenberg, G., Savani, R. and von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42, 9-37.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 2.1 (iterated strict dominance).
"""

from __future__ import annotations

import numpy as np

from bargain.linalg.batched import det_entries
from bargain.model.scale import RELATIVE_TOLERANCE, ROUNDING_ALLOWANCE
from bargain.solvers._polytope import LABEL_TOLERANCE
from bargain.solvers.batch.closed import _ones_replaced, _pairs

__all__ = ["MAX_SMALL_SIDE", "extreme_equilibria", "vertices_supported"]

#: Largest smaller side: the bases are at most this size (Cramer's rule written out).
MAX_SMALL_SIDE = 4
#: The full solver's strict-dominance tolerance on a game normalised per player to [0, 1]
#: (``Game.tolerance``: 1e-9 times the range plus 64 eps times the largest payoff, both 1 there).
DOMINANCE_TOL = RELATIVE_TOLERANCE + ROUNDING_ALLOWANCE
#: Slacks between the label tolerance and this are too close to call: the point goes to the full solver.
GREY = 1e-7
#: A basis whose determinant is below this times its Hadamard bound is skipped (singular); between
#: this and :data:`NEAR_SINGULAR` the point goes to the full solver.
SINGULAR = 1e-12
NEAR_SINGULAR = 1e-7


def vertices_supported(sa: int, sb: int) -> bool:
    """Whether :func:`extreme_equilibria` covers ``sa x sb`` games (smaller side up to 4, larger up to 8).

    Parameters
    ----------
    sa, sb : int
        The players' numbers of strategies.

    Returns
    -------
    bool
        True when the bases are small enough for the written-out Cramer's rule.
    """
    return 1 <= min(sa, sb) <= MAX_SMALL_SIDE and max(sa, sb) <= 8


def _undominated(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns surviving iterated strict dominance by a pure strategy, per point.

    The batched twin of :func:`bargain.solvers.enumeration.strictly_undominated`, with the same
    tolerance and the same rounds (rows and columns judged on the same surviving game, then removed
    together), so that both reduce every point to the same game.
    """
    D, m, n = A.shape
    rows, cols = np.ones((D, m), bool), np.ones((D, n), bool)
    while True:
        # beats[b, k', k]: k' beats k by more than the tolerance at every surviving opposing strategy
        ra = (A[:, :, None, :] > A[:, None, :, :] + DOMINANCE_TOL) | ~cols[:, None, None, :]
        dom_r = (ra.all(axis=3) & rows[:, :, None]).any(axis=1) & rows
        cb = (B[:, :, :, None] > B[:, :, None, :] + DOMINANCE_TOL) | ~rows[:, :, None, None]   # (D, m, n', n)
        dom_c = (cb.all(axis=1) & cols[:, :, None]).any(axis=1) & cols
        if not (dom_r.any() or dom_c.any()):
            return rows, cols
        rows &= ~dom_r
        cols &= ~dom_c


def _to_unit_interval(M: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """Each point's matrix mapped to ``[1, 2]`` by its surviving entries (as ``normalise_payoffs``)."""
    lo = np.where(alive, M, np.inf).min(axis=(1, 2), keepdims=True)
    hi = np.where(alive, M, -np.inf).max(axis=(1, 2), keepdims=True)
    span = hi - lo
    return np.where(span > 0, 1.0 + (M - lo) / np.where(span > 0, span, 1.0), 1.0)


def _vertices(C: np.ndarray, own: np.ndarray, cons: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                         np.ndarray]:
    """Nonzero vertices of ``{z >= 0 : C z <= 1}`` at every point, with their label rows.

    ``C`` (D, k, d) per point; ``own`` (D, d) the coordinates that exist (surviving strategies;
    the others are fixed at 0), ``cons`` (D, k) the constraints that exist.  Returns the point of
    each vertex, the vertices (V, d), their labels (V, d + k: ``z_i = 0`` then ``(C z)_j = 1``; a
    missing coordinate or constraint counts as labelled) and a per-point ``unsure`` mask.
    """
    D, k, d = C.shape
    Ct = np.ascontiguousarray(np.moveaxis(C, 0, -1))                    # (k, d, D)
    unsure = np.zeros(D, bool)
    pts, zs, labs = [], [], []
    for size in range(1, min(k, d) + 1):
        R, S = _pairs(k, d, size)                                        # tight constraints, support
        sub = Ct[R.T[:, None, :, None], S.T[None, :, None, :]]           # (size, size, nR, nS, D)
        M = [[sub[r, c] for c in range(size)] for r in range(size)]
        det = det_entries(M)
        num = _ones_replaced(M, np.ones(det.shape))
        bound = (2.0 * np.sqrt(size)) ** size                          # Hadamard bound, entries in [1, 2]
        exists = cons.T[R].all(axis=1)[:, None, :] & own.T[S].all(axis=1)[None, :, :]
        regular = exists & (np.abs(det) > SINGULAR * bound)
        inv = 1.0 / np.where(regular, det, 1.0)
        z = [nu * inv for nu in num]
        ok = regular.copy()
        for w in z:
            ok &= w >= -LABEL_TOLERANCE
        iR, iS, b = np.nonzero(ok)
        if b.size == 0:
            continue
        unsure[b[np.abs(det[iR, iS, b]) <= NEAR_SINGULAR * bound]] = True
        Z = np.zeros((b.size, d))
        np.put_along_axis(Z, S[iS], np.stack([w[iR, iS, b] for w in z], axis=1), axis=1)
        slack = 1.0 - np.einsum("vkd,vd->vk", C[b], Z)
        slack = np.where(cons[b], slack, 0.0)
        feas = np.all(slack >= -LABEL_TOLERANCE, axis=1) & (np.abs(Z).max(axis=1) > LABEL_TOLERANCE)
        allsl = np.concatenate([np.where(own[b], Z, 0.0), slack], axis=1)[feas]
        grey = ((np.abs(allsl) > LABEL_TOLERANCE) & (np.abs(allsl) <= GREY)).any(axis=1)
        unsure[b[feas][grey]] = True
        pts.append(b[feas])
        zs.append(Z[feas])
        labs.append(np.abs(allsl) <= LABEL_TOLERANCE)
    if not pts:
        return np.zeros(0, np.intp), np.zeros((0, d)), np.zeros((0, d + k), bool), unsure
    pt, Z, L = np.concatenate(pts), np.concatenate(zs), np.concatenate(labs)
    # One vertex per (point, label set): a degenerate vertex has several bases.
    key = pt.astype(np.int64) << (d + k)
    key |= L.astype(np.int64) @ (np.int64(1) << np.arange(d + k, dtype=np.int64))
    _, first = np.unique(key, return_index=True)
    return pt[first], Z[first], L[first], unsure


def _match(pp: np.ndarray, LP: np.ndarray, pq: np.ndarray, LQ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(i, j)`` of the vertex pairs of one point whose labels cover every label (sorted inputs)."""
    D = int(max(pp.max(initial=-1), pq.max(initial=-1))) + 1
    nq = np.bincount(pq, minlength=D)
    start = np.concatenate([[0], np.cumsum(nq)[:-1]])
    reps = nq[pp]
    i = np.repeat(np.arange(pp.size), reps)
    off = np.arange(i.size) - np.repeat(np.cumsum(reps) - reps, reps)
    j = start[pp][i] + off
    full = (LP[i] | LQ[j]).all(axis=1)
    return i[full], j[full]


def extreme_equilibria(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every extreme equilibrium of a batch of (degenerate) two-player games, as the full solver reports them.

    Parameters
    ----------
    U : ndarray, shape (D, 2, m, n)
        Payoffs normalised per player to ``[0, 1]`` (:func:`bargain.model.scale.normalise_per_player`),
        ``min(m, n) <= 4``, ``max(m, n) <= 8``.

    Returns
    -------
    rows, profiles, continuum, unsure
        ``rows`` (E,) the point of each equilibrium and ``profiles`` (E, m + n) its mixtures (row
        player first); ``continuum`` (D,) whether the point's equilibria form a connected set with
        more than one extreme point (a vertex shared by two pairs); ``unsure`` (D,) the points
        this method cannot decide (their rows are dropped): the caller solves them in full.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
    ch. 45, thm. 3.6.
    """
    D, _, m, n = U.shape
    rows, cols = _undominated(U[:, 0], U[:, 1])
    alive = rows[:, :, None] & cols[:, None, :]
    A, B = _to_unit_interval(U[:, 0], alive), _to_unit_interval(U[:, 1], alive)
    pp, X, LP, unsure_p = _vertices(np.swapaxes(B, 1, 2), rows, cols)   # labels: rows then columns
    pq, Y, LQr, unsure_q = _vertices(A, cols, rows)                      # labels: columns then rows
    LQ = np.concatenate([LQr[:, n:], LQr[:, :n]], axis=1)
    unsure = unsure_p | unsure_q
    i, j = _match(pp, LP, pq, LQ)
    b = pp[i]
    x = np.where(LP[i, :m], 0.0, X[i])
    y = np.where(LQ[j, m:], 0.0, Y[j])
    prof = np.concatenate([x / x.sum(axis=1, keepdims=True), y / y.sum(axis=1, keepdims=True)], axis=1)
    prof = np.clip(prof, 0.0, None)
    # A connected set with several extreme points: some vertex is in two pairs.
    continuum = np.zeros(D, bool)
    for v in (i, j):
        _, c = np.unique(v, return_counts=True)
        continuum[b[np.isin(v, np.unique(v)[c > 1])]] = True
    found = np.bincount(b, minlength=D) > 0
    unsure |= ~found
    unsure[b[_regret(U[b], prof, m) > DOMINANCE_TOL]] = True
    keep = ~unsure[b]
    return b[keep], prof[keep], continuum & ~unsure, unsure


def _regret(U: np.ndarray, prof: np.ndarray, m: int) -> np.ndarray:
    """Largest regret of either player at each profile ``prof[e]`` of the game ``U[e]``."""
    x, y = prof[:, :m], prof[:, m:]
    va = (U[:, 0] @ y[:, :, None])[..., 0]
    vb = (x[:, None, :] @ U[:, 1])[:, 0]
    return np.maximum(va.max(axis=1) - (x * va).sum(axis=1), vb.max(axis=1) - (y * vb).sum(axis=1))
