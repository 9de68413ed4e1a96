"""The support systems of the batch method, solved for a whole batch at once.

For a support profile of a (normalised) three-player game whose third player has at most two
strategies, each function below solves the indifference system for every game of the batch in
array operations, adds the candidate equilibria to a :class:`~bargain.solvers.batch.supports.Candidates`
list and marks the points where it is unsure (see :mod:`bargain.solvers.batch.engine` for the
algebra).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.  Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple
search methods for finding a Nash equilibrium. *Games and Economic Behavior* 63, 642-662.
"""

from __future__ import annotations

import itertools

import numpy as np

from bargain.linalg.batched import (
    ZERO,
    cheb_nodes,
    det,
    fit_poly,
    indiff_matrix,
    lstsq,
    real_roots,
    rhs_last,
    solve_square_systems,
)
from bargain.solvers.batch.common import MARGIN, TIE, embed, overdetermined_feasible


def pure_candidates(A, Bt, Si, Sj, k, sa, sb, sc, cands, unsure, C=None) -> None:
    """``c`` plays pure ``k``: support enumeration of the two-player game ``(A, Bt^T)`` on ``(Si, Sj)``.

    ``C`` (rows, sa, sb, sc) are ``c``'s payoffs, used to decide whether a payoff tie on an
    over-determined support can be part of an equilibrium.
    """
    B = A.shape[0]
    if len(Si) == len(Sj):
        My = indiff_matrix(A, Si, Sj)
        Mx = indiff_matrix(Bt, Sj, Si)
        y, oky = solve_square_systems(My, rhs_last(B, len(Sj) + 1))
        x, okx = solve_square_systems(Mx, rhs_last(B, len(Si) + 1))
        sy, sx = ~oky, ~okx
        sing = sy | sx
        if sing.any():
            # A line of solutions on one side matters only if the other side's unique mixture can be
            # used: all of it positive (one exactly zero, or one negative beyond MARGIN, puts the
            # equilibria of this system on smaller supports, or nowhere).
            unsure |= _singular_side(My, sy, sx, x, Bt, A, C, Si, Sj, k)
            Cb = None if C is None else np.swapaxes(C, 1, 2)
            unsure |= _singular_side(Mx, sx, sy, y, A, Bt, Cb, Sj, Si, k)
        ok = ~sing & np.all(y[:, :len(Sj)] > -MARGIN, axis=1) & np.all(x[:, :len(Si)] > -MARGIN, axis=1)
        r = np.flatnonzero(ok)
        z = np.zeros((r.size, sc))
        z[:, k] = 1.0
        cands.add(r, embed(x[ok], Si, sa), embed(y[ok], Sj, sb), z)
    elif len(Si) < len(Sj):
        # Over-determined on one side: a solution exists only at a degenerate point.
        Cb = None if C is None else np.swapaxes(C, 1, 2)              # c's payoffs as (b, a, c)
        if len(Si) == 1:
            unsure |= _tie_feasible(Bt, A, Cb, Sj, Si[0], k)
        else:
            unsure |= _unbalanced_feasible(A, Bt, C, Si, Sj, k)
    else:
        if len(Sj) == 1:
            unsure |= _tie_feasible(A, Bt, C, Si, Sj[0], k)
        else:
            Cb = None if C is None else np.swapaxes(C, 1, 2)
            unsure |= _unbalanced_feasible(Bt, A, Cb, Sj, Si, k)


def _singular_side(Mq: np.ndarray, sq: np.ndarray, sp: np.ndarray, wp: np.ndarray, RQ: np.ndarray, RP: np.ndarray,
                   C: np.ndarray | None, SP: tuple[int, ...], SQ: tuple[int, ...], k: int) -> np.ndarray:
    """Square supports ``(SP, SQ)``, c on pure ``k``: where P's system ``Mq`` (solving Q's mixture) is
    singular but consistent, is there possibly a set of equilibria on exactly this support?

    Where Q's system is singular too, yes (conservative).  Else Q's system gives P's mixture ``wp`` (its
    first ``|SP|`` entries, then ``v_Q``) uniquely: it must be usable on ``SP`` (:func:`_usable`), leave
    Q's other strategies no better than ``v_Q`` (``RQ``: Q's payoffs, Q x P) and let the line of Q's
    mixtures meet every inequality (:func:`_line_feasible`; ``RP``: P's payoffs, ``C``: c's as (P, Q, c)).
    """
    out = _consistent_singular(Mq, sq)
    rows = np.flatnonzero(out & ~sp)
    if rows.size == 0:
        return out
    x = wp[rows, :len(SP)]
    keep = _usable(wp[rows], len(SP))
    vq = wp[rows, -1]
    for q in (q for q in range(RQ.shape[1]) if q not in SQ):           # Q's other strategies no better
        with np.errstate(invalid="ignore"):
            keep &= ~(np.einsum("bi,bi->b", RQ[rows][:, q][:, list(SP)], x) > vq + MARGIN)
    sub = np.flatnonzero(keep)
    keep[sub] = _line_feasible(RP[rows[sub]], None if C is None else C[rows[sub]], SP, SQ, k, np.clip(x[sub], 0, None))
    out[rows] = keep
    return out


def _usable(w: np.ndarray, m: int) -> np.ndarray:
    """Per row: could the first ``m`` entries of ``w`` be a mixture with that support - none zero (within
    :data:`ZERO_P`) and none below ``-MARGIN``?  Rows that are not finite count as usable."""
    p = w[:, :m]
    with np.errstate(invalid="ignore"):
        bad = np.any(np.abs(p) <= ZERO_P, axis=1) | np.any(p < -MARGIN, axis=1)
    return ~bad | ~np.all(np.isfinite(p), axis=1)


def _unbalanced_feasible(RP: np.ndarray, RQ: np.ndarray, C: np.ndarray | None, SP: tuple[int, ...],
                         SQ: tuple[int, ...], k: int) -> np.ndarray:
    """Can P (support ``SP``) and Q (the larger support ``SQ``) be in equilibrium with c at pure ``k``?

    ``RP``: P's own payoffs (P x Q), ``RQ``: Q's (Q x P), ``C``: c's payoffs as (P, Q, c) or None.
    Q's indifference over ``SQ`` over-determines P's mixture ``x``: it must be consistent,
    nonnegative with no exact zero, and leave Q's other strategies no better.  P's indifference over ``SP`` then fixes
    Q's mixture only up to a line ``y = y0 + lambda d`` when ``|SQ| = |SP| + 1``: the inequalities
    (``y >= 0``, P's other strategies no better, ``k`` c's best reply) cut an interval of
    ``lambda``, decided exactly.  A nonempty interval means a continuum of equilibria - the point
    is degenerate and goes to the full solver.  For larger gaps the consistency of ``x`` alone
    flags the point (conservative).  Where Q's indifference does not determine ``x`` (its system is
    rank-deficient: a tie makes Q indifferent along a line of P's mixtures) the point is flagged too:
    both mixtures then range over polytopes cut by c's bilinear conditions, which only the full solver
    decides.
    """
    Mq = indiff_matrix(RQ, SQ, SP)                   # Q indifferent over SQ: unknowns (x on SP, v_Q)
    sv = np.linalg.svd(Mq, compute_uv=False)
    loose = sv[:, -1] <= 1e-9 * sv[:, 0]             # x not determined by Q's indifference
    feas = overdetermined_feasible(Mq, len(SP)) | loose
    if len(SQ) != len(SP) + 1 or not feas.any():
        return feas
    rows = np.flatnonzero(feas)
    xw = _pinv_solve(Mq[rows])
    x = np.clip(xw[:, :len(SP)], 0, None)
    vq = xw[:, -1]
    RQr = RQ[rows]
    # Q's strategies outside SQ must not beat v_Q
    outside_q = [q for q in range(RQ.shape[1]) if q not in SQ]
    ok = _usable(xw, len(SP))                        # an exact zero: the equilibria have smaller supports
    for q in outside_q:
        ok &= np.einsum("bi,bi->b", RQr[:, q][:, list(SP)], x) <= vq + MARGIN
    ok &= _line_feasible(RP[rows], None if C is None else C[rows], SP, SQ, k, x)
    out = loose.copy()
    out[rows[ok]] = True
    return out


#: Interval ends closer than this are one point (the roots of two conditions at the same rational).
SAME = 1e-12
#: A computed probability within this of zero is zero: the solutions of exactly tied systems, solved by
#: pseudo-inverse, are zero to about 1e-14 there; values up to ``MARGIN`` above it are too close to call.
ZERO_P = 1e-10


def _pinv_solve(M: np.ndarray) -> np.ndarray:
    """Minimum-norm least-squares solutions of ``M w = e_last`` for a stack of small systems (by SVD:
    accurate where the regularised normal equations of :func:`~bargain.linalg.batched.lstsq` are not)."""
    return (np.linalg.pinv(M) @ rhs_last(M.shape[0], M.shape[1])[..., None])[..., 0]


def _line_feasible(RP: np.ndarray, C: np.ndarray | None, SP: tuple[int, ...], SQ: tuple[int, ...], k: int,
                   x: np.ndarray) -> np.ndarray:
    """Per row: with P playing ``x`` on ``SP`` (c on pure ``k``), P's indifference over ``SP`` fixes Q's
    mixture only up to a line ``y = y0 + lambda d`` (a one-dimensional kernel); do the inequalities
    (``y >= 0``, P's other strategies no better, ``k`` c's best reply, each up to ``MARGIN``) leave a
    set of ``lambda`` on which every ``y_j`` is positive?  ``RP``: P's own payoffs (P x Q), ``C``: c's
    payoffs as (P, Q, c) or None.  No, where some ``y_j`` vanishes along the whole line or the interval is
    empty or a single point at which some ``y_j`` is exactly zero (equilibria there have smaller supports);
    yes where it is longer, or a point inside, or too close to call (within ``MARGIN``), or the kernel has
    two or more dimensions (conservative)."""
    n = RP.shape[0]
    My = indiff_matrix(RP, SP, SQ)                   # P indifferent over SP: unknowns (y on SQ, v_P)
    y0 = _pinv_solve(My)
    _, sv, vt = np.linalg.svd(My)
    d = vt[:, -1, :]                                 # null direction of the system
    wide = sv[:, -2] <= 1e-9 * np.maximum(sv[:, 0], 1.0) if min(My.shape[1:]) >= 2 else np.zeros(n, bool)
    if My.shape[1] < My.shape[2]:                    # more unknowns than equations: the last direction is free
        wide = sv[:, -1] <= 1e-9 * np.maximum(sv[:, 0], 1.0) if My.shape[2] - My.shape[1] == 1 else np.ones(n, bool)
    lo = np.full(n, -np.inf)
    hi = np.full(n, np.inf)
    conds = [(y0[:, j], d[:, j]) for j in range(len(SQ))]             # y_j >= 0
    for p_alt in (p for p in range(RP.shape[1]) if p not in SP):       # P's other strategies no better
        row = RP[:, p_alt][:, list(SQ)]
        conds.append((y0[:, -1] - np.einsum("bj,bj->b", row, y0[:, :-1]),
                      d[:, -1] - np.einsum("bj,bj->b", row, d[:, :-1])))
    if C is not None:
        Cr = C[:, list(SP)][:, :, list(SQ)]                            # (n, |SP|, |SQ|, sc)
        for kk in range(Cr.shape[3]):
            if kk == k:
                continue
            G = np.einsum("bi,bij->bj", x, Cr[..., k] - Cr[..., kk])
            conds.append((np.einsum("bj,bj->b", G, y0[:, :-1]), np.einsum("bj,bj->b", G, d[:, :-1])))
    doubt = wide.copy()
    off = np.zeros(n, bool)                          # some y_j is zero along the whole line: not this support
    for c, (alpha, beta) in enumerate(conds):
        # alpha + lambda beta >= 0
        flat = np.abs(beta) <= TIE
        with np.errstate(divide="ignore", invalid="ignore"):
            root = -alpha / beta
        lo = np.where(beta > TIE, np.maximum(lo, root), lo)
        hi = np.where(beta < -TIE, np.minimum(hi, root), hi)
        hi = np.where(flat & (alpha < -MARGIN), -np.inf, hi)
        doubt |= flat & (alpha < -TIE) & (alpha >= -MARGIN)
        if c < len(SQ):
            off |= flat & (np.abs(alpha) <= TIE)
    width = hi - lo
    doubt |= (width >= -MARGIN) & (width < -SAME)
    # a single point: an equilibrium on exactly this support only if every y_j there is positive
    with np.errstate(invalid="ignore"):
        y_min = np.min(y0[:, :len(SQ)] + lo[:, None] * d[:, :len(SQ)], axis=1)
    point = np.abs(width) <= SAME
    doubt |= point & ~(y_min <= ZERO_P)
    return (doubt | (width > SAME)) & ~(off & ~wide)


def _tie_feasible(R: np.ndarray, S: np.ndarray, C: np.ndarray | None, big: tuple[int, ...], q: int,
                  k: int) -> np.ndarray:
    """Can player P mix over ``big`` (|big| >= 2) against Q's pure ``q`` (and c's pure ``k``)?

    ``R``: P's own payoffs (P's strategies x Q's), ``S``: Q's own payoffs (Q's x P's), ``C``: c's
    payoffs indexed (P, Q, c) or None (two players).  Needs a payoff tie of ``big`` against ``q``
    that is also P's best; for ``|big| = 2`` also a mixture ``x = (1 - s, s)`` on ``big`` against
    which ``q`` is Q's best response and ``k`` is c's (an interval of ``s``, intersected exactly);
    for larger ``big`` the tie alone flags the point (conservative).
    """
    col = R[:, list(big), q]
    tie = (np.ptp(col, axis=1) <= 1e-7) & (col.min(axis=1) >= R[:, :, q].max(axis=1) - MARGIN)
    if len(big) != 2 or not tie.any():
        return tie
    b0, b1 = big
    lo = np.zeros(R.shape[0])
    hi = np.ones(R.shape[0])
    conds = [(S[:, q, b0] - S[:, alt, b0], S[:, q, b1] - S[:, alt, b1]) for alt in range(S.shape[1]) if alt != q]
    if C is not None:
        conds += [(C[:, b0, q, k] - C[:, b0, q, kk], C[:, b1, q, k] - C[:, b1, q, kk])
                  for kk in range(C.shape[3]) if kk != k]
    for g0, g1 in conds:
        # g(s) = (1 - s) g0 + s g1 >= -MARGIN on [lo, hi]
        slope = g1 - g0
        with np.errstate(divide="ignore", invalid="ignore"):
            root = (-MARGIN - g0) / slope
        up = slope > 0
        down = slope < 0
        lo = np.where(up, np.maximum(lo, root), lo)
        hi = np.where(down, np.minimum(hi, root), hi)
        flat_bad = (slope == 0) & (g0 < -MARGIN)
        hi = np.where(flat_bad, -1.0, hi)
    return tie & (lo <= hi + 1e-12)


def _consistent_singular(M: np.ndarray, sing: np.ndarray) -> np.ndarray:
    """For the rows where the square system ``M w = e_last`` is singular: is it consistent?

    A consistent singular support system has a line (or more) of solutions: a possible continuum
    of equilibria, which only the full solver reports properly.
    """
    out = np.zeros(M.shape[0], bool)
    rows = np.flatnonzero(sing)
    if rows.size:
        _, res = lstsq(M[rows], rhs_last(rows.size, M.shape[1]))
        out[rows] = res <= 1e-7
    return out


def _at(M0: np.ndarray, M1: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``M0 + t (M1 - M0)`` with one ``t`` per batch row."""
    return M0 + t[:, None, None] * (M1 - M0)


def _cramer(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Numerators and determinant of Cramer's rule for ``M w = e_last`` (batch)."""
    n = M.shape[-1]
    stack = np.repeat(M[..., None, :, :], n, axis=-3)   # (..., n, n, n): copy j has column j replaced
    for j in range(n):
        stack[..., j, :, j] = 0.0
        stack[..., j, -1, j] = 1.0
    return det(stack), det(M)


def mixed_square(A0, A1, B0, B1, Dfull, Si, Sj, sa, sb, cands, unsure) -> None:
    """``|Si| = |Sj| = m`` while ``c`` mixes.

    Player ``b``'s indifference on ``Sj``, the sum of ``x`` and ``c``'s indifference are ``m + 2``
    linear equations in ``(x, v_b)`` once ``y`` is known; they are consistent iff
    ``q(t) = det [[M_x(t), e], [(D N_y(t))^T, 0, 0]] = 0``, where ``N_y(t)`` are the Cramer
    numerators of ``y`` from ``a``'s indifference.  Where ``M_x`` is invertible ``q = +-p`` with
    ``p = N_x^T D N_y``; unlike ``p``, ``q`` stays right when ``M_x(t)`` is singular for every
    ``t`` (a player whose payoff does not depend on the other's mixture).  If ``a``'s matrix
    ``M_y(t)`` is singular for every ``t`` the roles of ``a`` and ``b`` are swapped.
    """
    m = len(Si)
    D = Dfull[:, Si][:, :, Sj]
    if m == 1:
        # x, y pure: c must be indifferent, D = 0; else no equilibrium on this support.
        flat = np.abs(D[:, 0, 0]) <= ZERO * 10
        if flat.any():
            unsure |= flat
        return
    nodes = cheb_nodes(2 * m)
    My0, My1 = indiff_matrix(A0, Si, Sj), indiff_matrix(A1, Si, Sj)
    Mx0, Mx1 = indiff_matrix(B0, Sj, Si), indiff_matrix(B1, Sj, Si)
    dy = det(My0[:, None] + nodes[None, :, None, None] * (My1 - My0)[:, None])
    dx = det(Mx0[:, None] + nodes[None, :, None, None] * (Mx1 - Mx0)[:, None])
    dead_y = np.max(np.abs(fit_poly(nodes, dy)), axis=1) < ZERO
    dead_x = np.max(np.abs(fit_poly(nodes, dx)), axis=1) < ZERO
    both = dead_y & dead_x
    if both.any():
        unsure |= both & _any_feasible_t(My0, My1, Mx0, Mx1, m, both)
    normal = np.flatnonzero(~dead_y)
    swapped = np.flatnonzero(dead_y & ~dead_x)
    for rows, swap in ((normal, False), (swapped, True)):
        if rows.size == 0:
            continue
        if swap:
            args = (Mx0[rows], Mx1[rows], My0[rows], My1[rows], np.swapaxes(D[rows], 1, 2))
        else:
            args = (My0[rows], My1[rows], Mx0[rows], Mx1[rows], D[rows])
        r, xo, yo, t, bad = _square_oriented(*args, m, nodes)
        unsure[rows[bad]] = True
        z = np.stack([1 - t, t], axis=1)
        if swap:
            cands.add(rows[r], embed(yo, Si, sa), embed(xo, Sj, sb), z)
        else:
            cands.add(rows[r], embed(xo, Si, sa), embed(yo, Sj, sb), z)


def _square_oriented(My0, My1, Mx0, Mx1, D, m, nodes):
    """Roots of ``q(t)`` and the profiles there, for one orientation (see :func:`_mixed_square`).

    Returns ``(rows, x, y, t, unsure)``: candidate rows (into the given batch), player 1's
    mixture ``x`` (from the ``G`` system), player 2's ``y`` (from ``M_y``), ``t``, and a per-row
    unsure mask.
    """
    B = My0.shape[0]
    unsure = np.zeros(B, bool)
    Myt = My0[:, None] + nodes[None, :, None, None] * (My1 - My0)[:, None]
    Mxt = Mx0[:, None] + nodes[None, :, None, None] * (Mx1 - Mx0)[:, None]
    Ny, _ = _cramer(Myt)                                  # (B, nodes, m+1)
    k = nodes.size
    G = np.zeros((B, k, m + 2, m + 2))
    G[..., :m + 1, :m + 1] = Mxt
    G[..., m, m + 1] = 1.0
    G[..., m + 1, :m] = np.einsum("bij,bkj->bki", D, Ny[..., :m])
    rows, roots, zero, double = real_roots(fit_poly(nodes, det(G)))
    unsure |= double
    if zero.any():
        unsure |= zero & _any_feasible_t(My0, My1, Mx0, Mx1, m, zero)
    keep = ~zero[rows]
    rows, roots = rows[keep], roots[keep]
    n = rows.size
    empty = np.zeros((0, m + 1))
    if n == 0:
        return rows, empty, empty, roots, unsure
    y, oky = solve_square_systems(_at(My0[rows], My1[rows], roots), rhs_last(n, m + 1))
    sy = ~oky
    unsure[rows[sy & _consistent_singular(_at(My0[rows], My1[rows], roots), sy)]] = True
    H = np.zeros((n, m + 2, m + 1))
    H[:, :m + 1] = _at(Mx0[rows], Mx1[rows], roots)
    H[:, m + 1, :m] = np.einsum("bij,bj->bi", D[rows], y[:, :m])
    rhs = rhs_last(n, m + 1)
    rhs = np.concatenate([rhs, np.zeros((n, 1))], axis=1)
    sv = np.linalg.svd(H, compute_uv=False)
    rank_def = sv[:, -1] <= 1e-9 * np.maximum(sv[:, 0], 1.0)
    x, _ = lstsq(H, rhs)
    res = np.linalg.norm(np.einsum("bij,bj->bi", H, x) - rhs, axis=1)
    consistent = res <= 1e-7
    unsure[rows[rank_def & consistent & ~sy]] = True
    ok = ~sy & ~rank_def & consistent
    return rows[ok], x[ok], y[ok], roots[ok], unsure


def _any_feasible_t(My0, My1, Mx0, Mx1, m, mask) -> np.ndarray:
    """Conservative check on a grid of ``t``: can both sides of the support system be nonnegative?

    ``m`` is the number of probabilities (the first ``m`` unknowns) on each side.
    """
    out = np.zeros(My0.shape[0], bool)
    rows = np.flatnonzero(mask)
    for t in np.linspace(0.0, 1.0, 33):
        tt = np.full(rows.size, t)
        ok = np.ones(rows.size, bool)
        for M0, M1 in ((My0, My1), (Mx0, Mx1)):
            M = _at(M0[rows], M1[rows], tt)
            w, _ = lstsq(M, rhs_last(rows.size, M.shape[1]))
            ok &= np.all(w[:, :m] >= -1e-3, axis=1)
        out[rows] |= ok
    return out


def mixed_offbyone(R0, R1, S0, S1, D, Si, Sj, s_own, s_other, cands, unsure, *, swap: bool) -> None:
    """``|Si| = |Sj| + 1``: player 1 (rows ``R``) over-determines player 2's mixture and ``t``."""
    B = R0.shape[0]
    m, k = len(Si), len(Sj)
    My0, My1 = indiff_matrix(R0, Si, Sj), indiff_matrix(R1, Si, Sj)     # (m+1) x (k+1) = (k+2) x (k+1)
    e = np.zeros((B, m + 1, 1))
    e[:, -1, 0] = 1.0
    Aug0, Aug1 = np.concatenate([My0, e], axis=2), np.concatenate([My1, e], axis=2)
    deg = m + 1
    nodes = cheb_nodes(deg + 1)
    dets = det(Aug0[:, None] + nodes[None, :, None, None] * (Aug1 - Aug0)[:, None])
    rows, roots, zero, double = real_roots(fit_poly(nodes, dets))
    unsure |= double
    if zero.any():
        unsure |= zero & _any_feasible_t(My0, My1, My0, My1, k, zero)
    keep = ~zero[rows]
    rows, roots = rows[keep], roots[keep]
    if rows.size == 0:
        return
    n = rows.size
    My = _at(My0[rows], My1[rows], roots)
    w, _ = lstsq(My, rhs_last(n, m + 1))                                    # (y on Sj, v)
    y = w[:, :k]
    # x: player 2's indifference on Sj plus c's indifference, square (m+1) x (m+1).
    Mx = _at(indiff_matrix(S0, Sj, Si)[rows], indiff_matrix(S1, Sj, Si)[rows], roots)   # (k+1) x (m+1)
    crow = np.zeros((n, 1, m + 1))
    crow[:, 0, :m] = np.einsum("bij,bj->bi", D[rows][:, Si][:, :, Sj], y)
    M = np.concatenate([Mx[:, :k], crow, Mx[:, k:]], axis=1)
    x, okx = solve_square_systems(M, rhs_last(n, m + 1))
    sing = ~okx
    unsure[rows[_consistent_singular(M, sing)]] = True
    ok = ~sing
    z = np.stack([1 - roots, roots], axis=1)
    xo, yo = embed(x[ok], Si, s_own), embed(y[ok], Sj, s_other)
    if swap:
        cands.add(rows[ok], yo, xo, z[ok])
    else:
        cands.add(rows[ok], xo, yo, z[ok])


def mixed_overdetermined(A0, A1, B0, B1, Si, Sj, unsure) -> None:
    """Supports whose sizes differ by two or more: solutions exist only at degenerate points.

    The larger side's equations ``M(t) w = e`` are consistent only where every maximal minor of
    ``[M(t) | e]`` vanishes: take the roots in [0, 1] of the minor with the largest coefficients
    and test the whole system there (a minor that vanishes identically is skipped; if all do, the
    system is tested on a grid of ``t``).  A simple root at ``t = 0`` or ``1`` is not one of this
    support (``c`` is pure there).
    """
    big, small, R0, R1 = (Si, Sj, A0, A1) if len(Si) > len(Sj) else (Sj, Si, B0, B1)
    M0, M1 = indiff_matrix(R0, big, small), indiff_matrix(R1, big, small)
    B = M0.shape[0]
    e = np.zeros((B, M0.shape[1], 1))
    e[:, -1, 0] = 1.0
    Aug0, Aug1 = np.concatenate([M0, e], axis=2), np.concatenate([M1, e], axis=2)
    ncol = Aug0.shape[2]
    nodes = cheb_nodes(ncol + 1)
    coefs = []
    for rows_sel in itertools.combinations(range(Aug0.shape[1]), ncol):
        sub0, sub1 = Aug0[:, list(rows_sel)], Aug1[:, list(rows_sel)]
        dets = det(sub0[:, None] + nodes[None, :, None, None] * (sub1 - sub0)[:, None])
        coefs.append(fit_poly(nodes, dets))
    C = np.stack(coefs, axis=1)                               # (B, minors, degree + 1)
    norms = np.max(np.abs(C), axis=2)
    pick = np.argmax(norms, axis=1)
    all_zero = norms.max(axis=1) < ZERO
    poly = C[np.arange(B), pick]
    rows, roots, _, double = real_roots(poly)
    # a simple root at t = 0 or 1 where the minor vanishes there: c plays a pure strategy, so the
    # equilibria there (if any) have smaller supports
    size = np.max(np.abs(poly), axis=1)
    for end, value in ((0.0, poly[:, 0]), (1.0, poly.sum(axis=1))):
        snap = (np.abs(roots - end) <= 1e-6) & (np.abs(value[rows]) <= 1e-12 * size[rows]) & ~double[rows]
        rows, roots = rows[~snap], roots[~snap]
    hit = np.zeros(B, bool)
    if rows.size:
        feas = overdetermined_feasible(_at(M0[rows], M1[rows], roots), len(small))
        hit[rows[feas]] = True
    if all_zero.any():
        z = np.flatnonzero(all_zero)
        for t in np.linspace(0.0, 1.0, 17):
            hit[z] |= overdetermined_feasible(_at(M0[z], M1[z], np.full(z.size, t)), len(small))
    unsure |= hit


