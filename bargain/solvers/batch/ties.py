"""Payoff ties of one player against the others' pure strategies, resolved for a whole batch at once.

At a degenerate point of an n-player game the commonest connected sets of equilibria are those on
which one player ``i`` mixes over strategies ``T`` that tie as best replies against a pure profile
``s_-i`` of the others, while every other player stays pure.  Against ``s_-i`` player ``i`` is
indifferent over ``T`` whatever the mixture ``sigma`` on ``T``, so the profile is an equilibrium iff
each other player's strategy ``s_j`` stays a best reply, a linear condition on ``sigma``:

    sum_t sigma_t (u_j(s_j, t, s_-ij) - u_j(k, t, s_-ij)) >= 0   for every other strategy k of j.

The set is the polytope these conditions cut from the simplex on ``T`` (McKelvey and McLennan
1996, sec. 6; the vertices of such a polytope are its extreme equilibria, as the full solver lists
them: Ziegler 1995, ch. 1).  For ``|T| = 2`` it is an interval of ``s = sigma_t1``: each condition
``(1 - s) h_0 + s h_1 >= 0`` keeps a half-line ending at its root ``h_0 / (h_0 - h_1)``, and the
interval's ends are computed for every point at once.  A point is *unsure* here, and left to the
full solver, where a best reply nearly ties (a payoff gap in ``(TIE, MARGIN]``), where a condition
nearly vanishes (a coefficient in that band) or vanishes at both ends of ``T`` (another player then
ties along the whole set: connected sets on which two players mix), where an interval is nearly a
point, or where three or more strategies tie (polytopes of higher dimension).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.
Ziegler, G. M. (1995). *Lectures on Polytopes*, Springer, ch. 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from bargain.model.scale import RELATIVE_TOLERANCE, ROUNDING_ALLOWANCE
from bargain.solvers.batch.common import MARGIN, TIE

__all__ = ["TIE", "TieSets", "indifferent_slice", "matched", "one_mixer_sets"]

#: Interval ends closer than this are one point (the roots of two conditions at the same rational).
SAME = 1e-12
#: How far the full solver relaxes each best-reply condition when it enumerates a polytope's vertices in floating
#: point: half the tolerance of a game scaled to [0, 1].
RELAXED = (RELATIVE_TOLERANCE + ROUNDING_ALLOWANCE) / 2
#: A candidate within this (max-norm) of an extreme point of a tie set is that point (the tolerance at
#: which the engine merges duplicates).
MATCH = 1e-7


@dataclass
class TieSets:
    """The one-mixer sets of a batch: their extreme points and the per-point flags.

    Attributes
    ----------
    rows : ndarray of int
        The point of each extreme point.
    profiles : ndarray, shape (C, S)
        The extreme points, player after player.
    tied : ndarray of bool
        Points where some player has two or more tied best replies against a pure profile.
    continuum : ndarray of bool
        Points where some such set is an interval (not a single point).
    unsure : ndarray of bool
        Points where a near tie or a set of another kind leaves the decision to the full solver.
    """

    rows: np.ndarray
    profiles: np.ndarray
    tied: np.ndarray
    continuum: np.ndarray
    unsure: np.ndarray


def _at(U: np.ndarray, player: int, profile: dict[int, int | slice]) -> np.ndarray:
    """``player``'s payoffs at ``profile`` (one index or slice per player) for every point."""
    n = U.ndim - 2
    return U[(slice(None), player, *(profile[j] for j in range(n)))]


def one_mixer_sets(U: np.ndarray) -> TieSets:
    """Every set on which one player mixes over tied best replies while the others play pure.

    Parameters
    ----------
    U : ndarray, shape (B, n, s_1, ..., s_n)
        Each player's payoffs scaled to [0, 1].

    Returns
    -------
    TieSets
        The extreme points of every such set (an interval's two ends, or its single point), and the
        per-point masks ``tied``, ``continuum`` and ``unsure`` (see the module docstring).

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
    Computational Economics* I, sec. 6.
    """
    B, n = U.shape[0], U.shape[1]
    shape = U.shape[2:]
    offsets = np.concatenate([[0], np.cumsum(shape)[:-1]]).astype(int)
    S = int(sum(shape))
    tied = np.zeros(B, bool)
    continuum = np.zeros(B, bool)
    unsure = np.zeros(B, bool)
    rows_out: list[np.ndarray] = []
    prof_out: list[np.ndarray] = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for pure in itertools.product(*(range(shape[j]) for j in others)):
            fixed = dict(zip(others, pure, strict=True))
            g = _at(U, i, {**fixed, i: slice(None)})                     # (B, s_i)
            gap = g.max(axis=1, keepdims=True) - g
            tie = gap <= TIE
            unsure |= np.any((gap > TIE) & (gap <= MARGIN), axis=1)
            count = tie.sum(axis=1)
            tied |= count >= 2
            unsure |= count >= 4
            for size in (2, 3):
                for T in itertools.combinations(range(shape[i]), size):
                    b = np.flatnonzero(np.all(tie[:, list(T)], axis=1) & (count == size))
                    if b.size == 0:
                        continue
                    H, doubt = _conditions(U, i, fixed, T, b)
                    unsure[b] |= doubt
                    if size == 2:
                        at, sigma, doubt, span = _interval(H)
                    else:
                        at, sigma, doubt, span = _polygon(H)
                    unsure[b] |= doubt
                    continuum[b[span]] = True
                    prof = np.zeros((at.size, S))
                    for j in others:
                        prof[:, offsets[j] + fixed[j]] = 1.0
                    prof[:, offsets[i] + np.array(T)] = sigma
                    rows_out.append(b[at])
                    prof_out.append(prof)
    rows = np.concatenate(rows_out) if rows_out else np.zeros(0, np.intp)
    profiles = np.concatenate(prof_out) if prof_out else np.zeros((0, S))
    return TieSets(rows, profiles, tied, continuum, unsure)


def _conditions(U: np.ndarray, i: int, fixed: dict[int, int], T: tuple[int, ...],
                b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(b, C, |T|)``: every other player's gain from its pure strategy over each alternative, against
    each strategy of ``T`` (player ``i``'s) with the rest at ``fixed``, at the points ``b``; coefficients
    within :data:`TIE` of zero are set to zero.  Also the points where one is within ``MARGIN`` of zero
    but not within ``TIE`` (too close to call)."""
    H = []
    for j, k in [(o, k) for o in fixed for k in range(U.shape[2 + o]) if k != fixed[o]]:
        H.append(np.stack([_at(U, j, {**fixed, i: t})[b] - _at(U, j, {**fixed, i: t, j: k})[b] for t in T], axis=1))
    H = np.stack(H, axis=1)
    size = np.abs(H)
    doubt = np.any((size > TIE) & (size <= MARGIN), axis=(1, 2))
    return np.where(size <= TIE, 0.0, H), doubt


def _interval(H: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two tied strategies: the interval of ``s`` (the second one's probability) on which every condition
    ``(1 - s) h_0 + s h_1 >= 0`` of ``H`` (b, C, 2) holds.  Returns the extreme points as (index into the
    points, mixture), the points too close to call and those where the interval is not a single point.
    The ends of an interval of positive length are given as the full solver computes them, each condition
    relaxed by :data:`RELAXED` (``h >= -RELAXED``): at small slopes that moves an end by more than 1e-8."""
    lo, hi = np.zeros(H.shape[0]), np.ones(H.shape[0])
    lo_r, hi_r = lo.copy(), hi.copy()
    for h0, h1 in zip(H[:, :, 0].T, H[:, :, 1].T, strict=True):
        with np.errstate(divide="ignore", invalid="ignore"):
            root = h0 / (h0 - h1)
            relaxed = (h0 + RELAXED) / (h0 - h1)
        hi = np.where((h0 < 0) & (h1 < 0), -1.0, hi)                        # no mixture keeps j's strategy
        up, down = (h0 < 0) & (h1 >= 0), (h0 >= 0) & (h1 < 0)
        lo, lo_r = np.where(up, np.maximum(lo, root), lo), np.where(up, np.maximum(lo_r, relaxed), lo_r)
        hi, hi_r = np.where(down, np.minimum(hi, root), hi), np.where(down, np.minimum(hi_r, relaxed), hi_r)
    width = hi - lo
    doubt = (np.abs(width) > SAME) & (np.abs(width) <= MARGIN)
    point = np.abs(width) <= SAME
    span = width > MARGIN
    at = np.concatenate([np.flatnonzero(point), np.flatnonzero(span), np.flatnonzero(span)])
    s = np.concatenate([lo[point], lo_r[span], hi_r[span]])
    return at, np.stack([1.0 - s, s], axis=1), doubt, span


def _polygon(H: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Three tied strategies: the vertices of the polygon ``{sigma in the simplex : H sigma >= 0}`` (``H``
    (b, C, 3)), by basis enumeration - every pair of its lines (the simplex's sides and the conditions)
    meets at a candidate, kept where every inequality holds (Ziegler 1995, ch. 1).  Returns as
    :func:`_interval`; a point is too close to call where two lines are nearly parallel, a vertex nearly
    satisfies or nearly leaves a further inequality or lies on a third line (a degenerate vertex), or two
    vertices nearly coincide."""
    b = H.shape[0]
    G = np.concatenate([np.broadcast_to(np.eye(3), (b, 3, 3)), H], axis=1)          # (b, m, 3): G sigma >= 0
    m = G.shape[1]
    doubt = np.zeros(b, bool)
    found: list[np.ndarray] = []
    for p, q in itertools.combinations(range(m), 2):
        A = np.stack([G[:, p], G[:, q], np.ones((b, 3))], axis=1)
        det = np.linalg.det(A)
        regular = np.abs(det) > SAME
        doubt |= regular & (np.abs(det) <= MARGIN)
        rhs = np.broadcast_to(np.array([0.0, 0.0, 1.0])[:, None], (b, 3, 1))
        sigma = np.linalg.solve(np.where(regular[:, None, None], A, np.eye(3)), rhs)[:, :, 0]
        slack = np.einsum("bmk,bk->bm", G, sigma)
        slack[:, [p, q]] = 0.0
        low = slack.min(axis=1)
        feasible = regular & (low >= -TIE)
        doubt |= regular & (low < -TIE) & (low >= -MARGIN)
        doubt |= feasible & np.any((np.abs(slack) > TIE) & (np.abs(slack) <= MARGIN), axis=1)
        slack[:, [p, q]] = np.inf
        doubt |= _split_vertex(G, A, sigma, p, q, (np.abs(slack) <= TIE) & feasible[:, None])
        found.append(np.where(feasible[:, None], sigma, np.nan))
    V = np.stack(found, axis=1)                                                      # (b, pairs, 3), NaN: none
    keep = np.all(np.isfinite(V), axis=2)
    for k in range(1, V.shape[1]):
        with np.errstate(invalid="ignore"):
            dist = np.max(np.abs(V[:, :k] - V[:, k:k + 1]), axis=2)                  # to the earlier ones
        near = np.min(np.where(keep[:, :k], np.nan_to_num(dist, nan=np.inf), np.inf), axis=1)
        doubt |= keep[:, k] & (near > SAME) & (near <= MARGIN)
        keep[:, k] &= near > SAME
    at, pair = np.nonzero(keep)
    return at, V[at, pair], doubt, keep.sum(axis=1) >= 2


def _split_vertex(G: np.ndarray, A: np.ndarray, sigma: np.ndarray, p: int, q: int, tight: np.ndarray) -> np.ndarray:
    """Per point: at a polygon vertex ``sigma`` (lines ``p, q`` of ``G``, matrix ``A``) on which a third line is
    ``tight`` as well, does the full solver's enumeration find a second, spurious vertex?

    The full solver relaxes each best-reply condition (not the simplex's sides) by :data:`RELAXED` and merges
    vertices within 1e-9 (:func:`bargain.solvers.polynomial.low_dim._basis_vertices`).  Relaxed, lines
    ``p, q`` meet at ``sigma + RELAXED d``; where that point still satisfies every relaxed inequality and lies
    more than 0.8 times that merging distance away, the full solver lists a near copy of the vertex, which may fail
    its verification, and where it breaks a third condition by more than 1.5 :data:`RELAXED` (its feasibility
    test allows 1e-9, its verification the tolerance, 2 :data:`RELAXED`), the relaxed vertex may fail it; the full
    solver then leaves the set undecided, and such points are too close to call here.
    """
    third = tight.any(axis=1)
    out = np.zeros(sigma.shape[0], bool)
    if not third.any():
        return out
    cond = np.arange(G.shape[1]) >= 3                                   # the conditions (not the sides)
    rhs = np.zeros((sigma.shape[0], 3, 1))
    rhs[:, 0, 0], rhs[:, 1, 0] = -float(cond[p]), -float(cond[q])
    with np.errstate(all="ignore"):
        d = np.linalg.solve(np.where(third[:, None, None], A, np.eye(3)), rhs)[:, :, 0]
        moved = sigma + RELAXED * d
        slack = np.einsum("bmk,bk->bm", G, moved) + RELAXED * cond
        regret = np.max(np.where(cond, -np.einsum("bmk,bk->bm", G, moved), -np.inf), axis=1)
    kept = np.all(slack >= -1e-9, axis=1) & np.all(moved >= -1e-9, axis=1)
    # a copy, or the relaxed vertex itself breaking a third condition by nearly the tolerance (2 RELAXED)
    return third & kept & ((RELAXED * np.abs(d).max(axis=1) > 0.8e-9) | (regret > 1.5 * RELAXED))


def indifferent_slice(U: np.ndarray) -> np.ndarray:
    """Per point: is some player exactly indifferent between two strategies on a whole interior slice?

    A slice is the set of profiles in which one other player ``j`` mixes two strategies ``k, k'`` in a
    fixed proportion ``(1 - lam, lam)`` with ``0 < lam < 1`` and the rest mix over two of their pure
    profiles.  Player ``i``'s payoff difference is then ``(1 - lam) d_k + lam d_k'`` with ``d_k, d_k'``
    its differences at ``k`` and ``k'`` (one entry per pure profile of the rest), and it vanishes on
    the whole slice iff one ``lam`` zeroes both entries.  On such a fibre the support systems on which
    three players mix are not regular, and the full solver's elimination may leave them to a second
    route that does not certify completeness (McKelvey and McLennan 1996, sec. 6): points where it
    holds are left to it.

    Parameters
    ----------
    U : ndarray, shape (B, n, s_1, ..., s_n)
        Each player's payoffs scaled to [0, 1].

    Returns
    -------
    ndarray of bool
        True where some player is indifferent on an interior slice.
    """
    B, n = U.shape[0], U.shape[1]
    shape = U.shape[2:]
    out = np.zeros(B, bool)
    for i in range(n):
        for a, a2 in itertools.combinations(range(shape[i]), 2):
            D = np.take(U[:, i], a, axis=1 + i) - np.take(U[:, i], a2, axis=1 + i)       # (B, others...)
            for axis, j in enumerate(j for j in range(n) if j != i):
                for k, k2 in itertools.combinations(range(shape[j]), 2):
                    d0 = np.take(D, k, axis=1 + axis).reshape(B, -1)
                    d1 = np.take(D, k2, axis=1 + axis).reshape(B, -1)
                    zero = (np.abs(d0) <= TIE) & (np.abs(d1) <= TIE)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        lam = np.where(zero, np.nan, d0 / (d0 - d1))
                    inner = (lam > TIE) & (lam < 1.0 - TIE)
                    # any two of the rest's pure profiles (the support of a system on which it mixes)
                    for r, r2 in itertools.combinations(range(d0.shape[1]), 2):
                        with np.errstate(invalid="ignore"):
                            same = np.abs(lam[:, r] - lam[:, r2]) <= TIE
                        out |= (inner[:, r] & (same | zero[:, r2])) | (inner[:, r2] & zero[:, r])
    return out


def matched(rows: np.ndarray, profiles: np.ndarray, sets: TieSets) -> np.ndarray:
    """Per candidate: is it (within :data:`MATCH`) an extreme point of a tie set at its point?

    Parameters
    ----------
    rows : ndarray of int
        The candidates' points.
    profiles : ndarray, shape (C, S)
        The candidates, player after player.
    sets : TieSets
        The tie sets of the same points.

    Returns
    -------
    ndarray of bool
        True where the candidate is one of the listed extreme points.
    """
    out = np.zeros(rows.size, bool)
    if rows.size == 0 or sets.rows.size == 0:
        return out
    order = np.argsort(sets.rows, kind="stable")
    vr, vp = sets.rows[order], sets.profiles[order]
    first = np.searchsorted(vr, rows, side="left")
    last = np.searchsorted(vr, rows, side="right")
    for k in range(int((last - first).max(initial=0))):
        has = first + k < last
        idx = np.minimum(first + k, vr.size - 1)
        out |= has & (np.max(np.abs(vp[idx] - profiles), axis=1) <= MATCH)
    return out
