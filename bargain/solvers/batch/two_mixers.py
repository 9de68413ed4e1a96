"""Sets on which two players mix over two strategies each while the third plays pure, for a whole batch.

In a three-player game let players ``p`` and ``q`` mix over two strategies each, ``T_p`` and ``T_q``, with
probabilities ``s`` and ``u`` of their second ones, while ``r`` plays a pure ``k``.  Against ``k`` this is a
2x2 bimatrix game: ``p`` is indifferent over ``T_p`` where ``(1 - u) f_0 + u f_1 = 0`` and ``q`` over
``T_q`` where ``(1 - s) g_0 + s g_1 = 0``; each mixer's other strategies must pay no more (a linear
condition on the other's mixture), and ``r``'s best reply ``k`` is a bilinear condition in ``(s, u)``
(McKelvey and McLennan 1996, sec. 6).  Where both indifference conditions depend on the other's mixture
the support has at most one solution, a candidate for the verification.  Where one does not (a degenerate
2x2 subgame) the equilibria form a segment or a rectangle, computed here as the full solver computes it
(:func:`bargain.solvers.polynomial.low_dim._polytope_support`): each mixer's interval from its own
conditions, relaxed by :data:`~bargain.solvers.batch.ties.RELAXED` as it relaxes them, then, where one
interval is a point, the other cut by ``r``'s conditions at that point; its extreme points are listed
(Ziegler 1995, ch. 1).  A point is *unsure* here where a coefficient, a slope or an interval's length is
too close to zero to call, and where both intervals have positive length and ``r``'s conditions are
bilinear (a *cut set*, whose extreme points the full solver does not compute either).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.
Ziegler, G. M. (1995). *Lectures on Polytopes*, Springer, ch. 1.
"""

from __future__ import annotations

import itertools

import numpy as np

from bargain.solvers.batch.common import MARGIN, TIE
from bargain.solvers.batch.ties import RELAXED, TieSets

__all__ = ["two_mixer_sets"]

#: The full solver's thresholds for a two-strategy polytope (:func:`bargain.solvers.polynomial.low_dim._vertices`):
#: an equality whose slope is below ``FLAT`` times its size is constant, and inconsistent when its value
#: exceeds ``CONSISTENT`` times its size; interval ends closer than ``POINT`` are one point.
FLAT, CONSISTENT, POINT = 1e-12, 1e-9, 1e-12
#: Relaxed ends of a point (two conditions meeting there) lie about 1e-9 apart; up to this they are one point.
TINY = 1e-8


def _interval(eq: list[tuple[np.ndarray, np.ndarray]], ub: list[tuple[np.ndarray, np.ndarray]]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The interval of ``s`` in [0, 1] with ``(1 - s) a + s b = 0`` for each ``(a, b)`` of ``eq`` and
    ``<= RELAXED`` for each of ``ub``, as the full solver computes it; returns ``lo, hi, empty, doubt, tiny``
    (``tiny``: two ends at most :data:`TINY` apart, one point to the full solver, which merges equilibria
    within 1e-7)."""
    lo, hi = np.zeros(eq[0][0].shape), np.ones(eq[0][0].shape)
    empty, doubt = np.zeros(lo.shape, bool), np.zeros(lo.shape, bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for a, b in eq:
            size = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
            slope = b - a
            flat = np.abs(slope) <= FLAT * size
            empty |= flat & (np.abs(a) > CONSISTENT * size)
            doubt |= flat & (np.abs(a) > TIE) & (np.abs(a) <= MARGIN)
            doubt |= ~flat & (np.abs(slope) <= MARGIN)
            root = -a / slope
            lo = np.where(flat, lo, np.maximum(lo, root))
            hi = np.where(flat, hi, np.minimum(hi, root))
        for a, b in ub:
            slope, const = b - a, a - RELAXED
            flat = np.abs(slope) <= TIE
            empty |= flat & (const > 0)
            doubt |= flat & (np.abs(a) > TIE) & (np.abs(a) <= MARGIN)
            doubt |= ~flat & (np.abs(slope) <= MARGIN)
            root = -const / slope
            hi = np.where(~flat & (slope > 0), np.minimum(hi, root), hi)
            lo = np.where(~flat & (slope < 0), np.maximum(lo, root), lo)
    gap = lo - hi
    doubt |= (gap > POINT) & (gap <= MARGIN)                             # nearly empty
    doubt |= (-gap > TINY) & (-gap <= MARGIN)                            # nearly a point
    empty |= gap > POINT
    tiny = (-gap > POINT) & (-gap <= TINY)
    return lo, np.maximum(lo, hi), empty, doubt, tiny


def two_mixer_sets(U: np.ndarray) -> tuple[TieSets, np.ndarray, np.ndarray]:
    """Every set on which two players mix over two strategies each while the third plays pure.

    Parameters
    ----------
    U : ndarray, shape (B, 3, s_1, s_2, s_3)
        Each player's payoffs scaled to [0, 1].

    Returns
    -------
    sets, rows, profiles
        The degenerate supports' sets as :class:`~bargain.solvers.batch.ties.TieSets` (extreme points, the
        points with a set of positive length, the points too close to call or with a cut set), and the
        regular supports' candidates (not yet verified): their points and profiles, player after player.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
    Computational Economics* I, sec. 6.
    """
    B = U.shape[0]
    shape = U.shape[2:]
    offsets = np.concatenate([[0], np.cumsum(shape)[:-1]]).astype(int)
    S = int(sum(shape))
    continuum, unsure = np.zeros(B, bool), np.zeros(B, bool)
    set_rows: list[np.ndarray] = [np.zeros(0, np.intp)]
    set_prof: list[np.ndarray] = [np.zeros((0, S))]
    cand_rows: list[np.ndarray] = [np.zeros(0, np.intp)]
    cand_prof: list[np.ndarray] = [np.zeros((0, S))]

    def emit(rows_: list[np.ndarray], prof_: list[np.ndarray], b: np.ndarray, s: np.ndarray, u: np.ndarray,
             p: int, q: int, r: int, Tp: tuple[int, int], Tq: tuple[int, int], k: int) -> None:
        prof = np.zeros((b.size, S))
        prof[:, offsets[p] + Tp[0]], prof[:, offsets[p] + Tp[1]] = 1.0 - s, s
        prof[:, offsets[q] + Tq[0]], prof[:, offsets[q] + Tq[1]] = 1.0 - u, u
        prof[:, offsets[r] + k] = 1.0
        rows_.append(b)
        prof_.append(prof)

    for p, q in itertools.combinations(range(3), 2):
        r = 3 - p - q
        for k in range(shape[r]):
            for Tp in itertools.combinations(range(shape[p]), 2):
                for Tq in itertools.combinations(range(shape[q]), 2):
                    def pay(i: int, a: int, c: int, kk: int = k, p=p, q=q, r=r) -> np.ndarray:
                        idx = [0, 0, 0]
                        idx[p], idx[q], idx[r] = a, c, kk
                        v = U[(slice(None), i, *idx)]
                        return v
                    # p's gain from Tp[1] over Tp[0] against Tq[j]; q's from Tq[1] against Tp[j]
                    f = [_zeroed(pay(p, Tp[1], c) - pay(p, Tp[0], c)) for c in Tq]
                    g = [_zeroed(pay(q, a, Tq[1]) - pay(q, a, Tq[0])) for a in Tp]
                    sing_q, sing_p = np.abs(f[1] - f[0]), np.abs(g[1] - g[0])
                    doubt = ((sing_q > TIE) & (sing_q <= MARGIN)) | ((sing_p > TIE) & (sing_p <= MARGIN))
                    regular = (sing_q > TIE) & (sing_p > TIE)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        u0, s0 = f[0] / (f[0] - f[1]), g[0] / (g[0] - g[1])
                    inside = regular & (u0 >= -MARGIN) & (u0 <= 1 + MARGIN) & (s0 >= -MARGIN) & (s0 <= 1 + MARGIN)
                    b = np.flatnonzero(inside)
                    emit(cand_rows, cand_prof, b, s0[b], u0[b], p, q, r, Tp, Tq, k)
                    b = np.flatnonzero(~regular & ~doubt)
                    unsure[np.flatnonzero(doubt)] = True
                    if b.size == 0:
                        continue
                    lin_p = [(pay(q, Tp[0], c) - pay(q, Tp[0], Tq[0]), pay(q, Tp[1], c) - pay(q, Tp[1], Tq[0]))
                             for c in range(shape[q]) if c not in Tq] + [(g[0], g[1])]
                    lin_q = [(pay(p, a, Tq[0]) - pay(p, Tp[0], Tq[0]), pay(p, a, Tq[1]) - pay(p, Tp[0], Tq[1]))
                             for a in range(shape[p]) if a not in Tp] + [(f[0], f[1])]
                    forms = np.stack([np.stack([np.stack([pay(r, a, c, kk) - pay(r, a, c) for c in Tq], axis=1)
                                                for a in Tp], axis=1) for kk in range(shape[r]) if kk != k], axis=1)
                    _degenerate(forms[b], [(f[0][b], f[1][b])], [(g[0][b], g[1][b])],
                                [(x[b], y[b]) for x, y in lin_p], [(x[b], y[b]) for x, y in lin_q],
                                b, lambda bb, s, u, p=p, q=q, r=r, Tp=Tp, Tq=Tq, k=k:
                                emit(set_rows, set_prof, bb, s, u, p, q, r, Tp, Tq, k), continuum, unsure)
    sets = TieSets(np.concatenate(set_rows), np.concatenate(set_prof), np.zeros(B, bool), continuum, unsure)
    return sets, np.concatenate(cand_rows), np.concatenate(cand_prof)


def _zeroed(v: np.ndarray) -> np.ndarray:
    """``v`` with entries within :data:`~bargain.solvers.batch.common.TIE` of zero set to zero (exact ties)."""
    return np.where(np.abs(v) <= TIE, 0.0, v)


def _degenerate(D: np.ndarray, eq_q: list, eq_p: list, ub_p: list, ub_q: list, b: np.ndarray, emit,
                continuum: np.ndarray, unsure: np.ndarray) -> None:
    """The set of one degenerate support at the points ``b``: ``D`` (b, K, 2, 2) ``r``'s bilinear conditions
    (gain of each other strategy, ``<= 0``), ``eq_q``/``eq_p`` the indifference conditions fixing ``u``/``s``,
    ``ub_p``/``ub_q`` the linear conditions on ``s``/``u``; extreme points go to ``emit(points, s, u)``."""
    dq = np.abs(D[:, :, 0, :] - D[:, :, 1, :]).max(axis=2)              # does a condition depend on s?
    dp = np.abs(D[:, :, :, 0] - D[:, :, :, 1]).max(axis=2)              # on u?
    in_q = dq <= 1e-12                                                   # a condition on u alone
    in_p = (dp <= 1e-12) & ~in_q                                         # on s alone
    bil = ~(in_p | in_q)
    doubt = np.any(((dq > 1e-12) & (dq <= MARGIN)) | ((dp > 1e-12) & (dp <= MARGIN)), axis=1)
    never = np.full(b.size, -1.0)                                        # a condition that always holds
    for j in range(D.shape[1]):
        ub_p = [*ub_p, (np.where(in_p[:, j], D[:, j, 0, 0], never), np.where(in_p[:, j], D[:, j, 1, 0], never))]
        ub_q = [*ub_q, (np.where(in_q[:, j], D[:, j, 0, 0], never), np.where(in_q[:, j], D[:, j, 0, 1], never))]
    lo_p, hi_p, empty_p, doubt_p, tiny_p = _interval(eq_p, ub_p)
    lo_q, hi_q, empty_q, doubt_q, tiny_q = _interval(eq_q, ub_q)
    doubt |= doubt_p | doubt_q
    empty = empty_p | empty_q
    point_p, point_q = hi_p - lo_p <= POINT, hi_q - lo_q <= POINT
    cut = bil.any(axis=1) & ~empty
    # a tiny interval has two vertices to the full solver: with bilinear conditions it is not sliced there
    doubt |= cut & (tiny_p | tiny_q)
    hi_p, hi_q = np.where(tiny_p, lo_p, hi_p), np.where(tiny_q, lo_q, hi_q)
    # one mixture fixed: r's conditions are linear in the other one (the full solver slices p's point first)
    for fixed_p in (True, False):
        sel = cut & (point_p if fixed_p else point_q & ~point_p)
        if not sel.any():
            continue
        v = lo_p if fixed_p else lo_q
        rows = []
        for j in range(D.shape[1]):
            if fixed_p:                                                  # (1 - s) D[0, :] + s D[1, :] over u
                a, c = (1 - v) * D[:, j, 0, 0] + v * D[:, j, 1, 0], (1 - v) * D[:, j, 0, 1] + v * D[:, j, 1, 1]
            else:
                a, c = (1 - v) * D[:, j, 0, 0] + v * D[:, j, 0, 1], (1 - v) * D[:, j, 1, 0] + v * D[:, j, 1, 1]
            rows.append((np.where(bil[:, j], a, never), np.where(bil[:, j], c, never)))
        lo, hi, e, d, tiny = _interval(eq_q if fixed_p else eq_p, (ub_q if fixed_p else ub_p) + rows)
        hi = np.where(tiny, lo, hi)
        if fixed_p:
            lo_q, hi_q = np.where(sel, lo, lo_q), np.where(sel, hi, hi_q)
        else:
            lo_p, hi_p = np.where(sel, lo, lo_p), np.where(sel, hi, hi_p)
        empty |= sel & e
        doubt |= sel & d
    two_p, two_q = hi_p - lo_p > POINT, hi_q - lo_q > POINT
    doubt |= cut & two_p & two_q                                         # a cut set: left to the full solver
    unsure[b[doubt]] = True
    ok = ~empty & ~doubt
    continuum[b[ok & (two_p | two_q)]] = True
    for s_end, u_end, has in ((lo_p, lo_q, ok), (hi_p, lo_q, ok & two_p), (lo_p, hi_q, ok & two_q),
                              (hi_p, hi_q, ok & two_p & two_q)):
        i = np.flatnonzero(has)
        emit(b[i], s_end[i], u_end[i])
