"""The fast method of :mod:`bargain.analysis.batch`: every support profile solved for a whole batch.

The games are normalised three-player games ``U`` of shape ``(B, 3, sa, sb, sc)`` with ``sc`` in
{1, 2} (a two-player game gets a dummy third player).  For each support profile the indifference
system is solved for all games at once (see the module docstring of
:mod:`bargain.analysis.batch` for the algebra), after pruning by iterated strict dominance and
conditional dominance; candidates are verified in one vectorised pass.  Points where any step is
unsure are reported, never guessed: the caller re-solves them with the full solver.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from bargain.analysis.batch_linalg import (
    ZERO,
    cheb_nodes,
    fit_poly,
    indiff_matrix,
    lstsq,
    real_roots,
    rhs_last,
    safe_solve,
    subsets,
)

__all__ = ["MARGIN", "REL_TOL", "fast_chunk", "verify_candidates"]

#: A candidate whose support probabilities or best-response slacks (payoffs scaled to [0, 1])
#: are below this is too close to a threshold to be decided by the fast method.
MARGIN = 1e-7
#: Relative verification tolerance (the same as ``Game.tolerance``: 1e-9 x payoff range).
REL_TOL = 1e-9


@dataclass
class _Candidates:
    rows: list[np.ndarray] = field(default_factory=list)
    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    z: list[np.ndarray] = field(default_factory=list)

    def add(self, rows: np.ndarray, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> None:
        if rows.size:
            self.rows.append(rows)
            self.x.append(x)
            self.y.append(y)
            self.z.append(z)


def _embed(w: np.ndarray, idx: tuple[int, ...], size: int) -> np.ndarray:
    out = np.zeros((w.shape[0], size))
    out[:, list(idx)] = w[:, :len(idx)]
    return out


def _overdetermined_feasible(M: np.ndarray, n_prob: int) -> np.ndarray:
    """Per row: does the over-determined ``M w = e_last`` have an (almost) nonnegative solution?"""
    B = M.shape[0]
    if B == 0:
        return np.zeros(0, bool)
    if n_prob == 1:
        # One (pure) strategy on the small side: the system says the big side's payoffs against
        # it are all equal - a tie.
        col = M[:, :-1, 0]
        return np.ptp(col, axis=1) <= 1e-7
    w, res = lstsq(M, rhs_last(B, M.shape[1]))
    return (res <= 1e-7) & np.all(w[:, :n_prob] >= -MARGIN, axis=1)


def _undominated(U: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """Per game, the strategies that survive iterated elimination of strictly dominated strategies.

    A strategy beaten by another pure strategy by more than ``MARGIN`` against every surviving
    profile of the others is never used in an equilibrium, and removing it keeps every equilibrium
    (Fudenberg and Tirole 1991, sec. 2.1).  Vectorised over the batch; returns one ``(B, s_i)``
    mask per player, and integer tensors ``packed[i][b, k', k]`` whose bit ``r`` says that ``k'``
    does not beat ``k`` by ``MARGIN`` at the others' profile ``r`` (for conditional dominance).  Supports using a dead
    strategy are skipped for that game.
    """
    B, n = U.shape[0], U.shape[1]
    shape = U.shape[2:]
    alive = [np.ones((B, s), bool) for s in shape]
    # packed[i][b, k', k]: bit r set when u_i(k', r) - u_i(k, r) <= MARGIN, i.e. k' does NOT beat k
    # at the others' profile r (r = flat index over the others' strategies); k never beats itself.
    packed: list[np.ndarray | None] = []
    for i in range(n):
        if shape[i] < 2:
            packed.append(None)
            continue
        own = np.moveaxis(U[:, i], 1 + i, 1).reshape(B, shape[i], -1)
        weak = own[:, :, None, :] - own[:, None, :, :] <= MARGIN
        weak[:, np.arange(shape[i]), np.arange(shape[i]), :] = True
        packed.append(weak @ (1 << np.arange(weak.shape[-1], dtype=np.int64)))
    todo = np.arange(B)                       # games whose alive sets changed in the last round
    for _ in range(sum(shape)):
        changed = np.zeros(B, bool)
        for i in range(n):
            w = packed[i]
            if w is None or todo.size == 0:
                continue
            others = [alive[j][todo] for j in range(n) if j != i]
            opp = others[0]
            for o in others[1:]:
                opp = (opp[:, :, None] & o[:, None, :]).reshape(todo.size, -1)
            opp_bits = opp @ (1 << np.arange(opp.shape[1], dtype=np.int64))
            wt = w if todo.size == B else w[todo]
            ai = alive[i][todo]
            dead = np.zeros_like(ai)
            for kp in range(shape[i]):
                beats = (wt[:, kp, :] & opp_bits[:, None]) == 0          # k' = kp beats k everywhere alive
                dead |= beats & ai[:, kp:kp + 1]
            dead &= ai
            hit = dead.any(axis=1)
            if hit.any():
                alive[i][todo[hit]] &= ~dead[hit]
                changed[todo[hit]] = True
        todo = np.flatnonzero(changed)
        if todo.size == 0:
            break
    return alive, packed


class _ConditionalDominance:
    """Conditional dominance (Porter, Nudelman and Shoham 2008, "Simple search methods for finding a
    Nash equilibrium", GEB 63): a strategy ``k`` of player ``i`` is conditionally dominated given the
    others' supports ``S_{-i}`` if some ``k'`` beats it (by more than ``MARGIN``) against every
    profile in ``S_{-i}``; then no equilibrium has ``k`` in ``i``'s support while the others use
    ``S_{-i}``.  Masks are computed once per (player, others' supports) and cached."""

    def __init__(self, packed: list[np.ndarray | None], shape: tuple[int, ...], batch: int) -> None:
        # packed[i][b, k', k] has bit r set when k' does not beat k at the others' profile r.
        self.packed = packed
        self.shape = shape
        self.none = np.zeros(batch, bool)
        self.cache: dict[tuple[int, tuple[tuple[int, ...], ...]], np.ndarray] = {}

    def bits(self, i: int, others: tuple[tuple[int, ...], ...]) -> np.ndarray:
        """``(B,)`` bit masks: bit ``k`` set if strategy ``k`` of player ``i`` is conditionally dominated."""
        key = (i, others)
        out = self.cache.get(key)
        if out is None:
            w = self.packed[i]
            if w is None:
                out = np.zeros(self.none.size, np.int64)
            else:
                sizes = [s for j, s in enumerate(self.shape) if j != i]
                idx = np.ravel_multi_index(np.ix_(*others), sizes).ravel()
                rmask = int(sum(1 << int(r) for r in idx))
                # k' beats k on every profile of the others' supports
                out = np.zeros(w.shape[0], np.int64)
                for k in range(self.shape[i]):
                    beaten = np.zeros(w.shape[0], bool)
                    for kp in range(self.shape[i]):
                        beaten |= (w[:, kp, k] & rmask) == 0
                    out |= beaten.astype(np.int64) << k
            self.cache[key] = out
        return out


def fast_chunk(U: np.ndarray) -> tuple[_Candidates, np.ndarray]:
    """Candidates for a chunk of normalised 3-player games ``U`` (B, 3, sa, sb, sc), ``sc`` in {1, 2}.

    Returns the candidates and a per-point ``unsure`` mask.  Each support profile is solved only
    for the games in which none of its strategies is iteratively strictly dominated.
    """
    B, _, sa, sb, sc = U.shape
    unsure = np.zeros(B, bool)
    cands = _Candidates()
    (alive_a, alive_b, alive_c), weak = _undominated(U)
    Ua, Ub, Uc = U[:, 0], U[:, 1], U[:, 2]
    cond = _ConditionalDominance(weak, (sa, sb, sc), B)
    # pure profiles that are equilibria up to MARGIN (the only pure candidates worth verifying)
    near_pure = ((Ua >= Ua.max(axis=1, keepdims=True) - MARGIN) & (Ub >= Ub.max(axis=2, keepdims=True) - MARGIN)
                 & (Uc >= Uc.max(axis=3, keepdims=True) - MARGIN))

    def bitmask(S: tuple[int, ...]) -> int:
        return sum(1 << k for k in S)

    dead = [(~al) @ (1 << np.arange(al.shape[1], dtype=np.int64)) for al in (alive_a, alive_b, alive_c)]

    def active(Si, Sj, Sc) -> np.ndarray:
        ok = ((dead[0] | cond.bits(0, (Sj, Sc))) & bitmask(Si)) == 0
        ok &= ((dead[1] | cond.bits(1, (Si, Sc))) & bitmask(Sj)) == 0
        ok &= ((dead[2] | cond.bits(2, (Si, Sj))) & bitmask(Sc)) == 0
        return np.flatnonzero(ok)

    def merge(rows: np.ndarray, sub: _Candidates, sub_unsure: np.ndarray) -> None:
        unsure[rows[sub_unsure]] = True
        for r, x, y, z in zip(sub.rows, sub.x, sub.y, sub.z, strict=True):
            cands.add(rows[r], x, y, z)

    # ---- c plays one pure strategy: a two-player game between a and b.
    for k in range(sc):
        for Si in subsets(sa):
            for Sj in subsets(sb):
                rows = active(Si, Sj, (k,))
                if len(Si) == 1 and len(Sj) == 1:
                    rows = rows[near_pure[rows, Si[0], Sj[0], k]]
                if rows.size == 0:
                    continue
                A = Ua[rows][..., k]                        # a's own rows x b's columns
                Bt = np.swapaxes(Ub[rows][..., k], 1, 2)   # b's own rows x a's columns
                sub, sub_unsure = _Candidates(), np.zeros(rows.size, bool)
                _pure_c(A, Bt, Si, Sj, k, sa, sb, sc, sub, sub_unsure, Uc[rows])
                merge(rows, sub, sub_unsure)
    if sc == 1:
        return cands, unsure
    # ---- c mixes: z(t) = (1 - t, t).
    Dall = Uc[..., 1] - Uc[..., 0]          # c's gain from strategy 1, rows a, cols b
    for Si in subsets(sa):
        for Sj in subsets(sb):
            rows = active(Si, Sj, (0, 1))
            if rows.size == 0:
                continue
            Ur = Ua[rows], Ub[rows]
            A0, A1 = Ur[0][..., 0], Ur[0][..., 1]
            B0, B1 = np.swapaxes(Ur[1][..., 0], 1, 2), np.swapaxes(Ur[1][..., 1], 1, 2)
            Dfull = Dall[rows]
            sub, sub_unsure = _Candidates(), np.zeros(rows.size, bool)
            m, k = len(Si), len(Sj)
            if m == k:
                _mixed_square(A0, A1, B0, B1, Dfull, Si, Sj, sa, sb, sub, sub_unsure)
            elif m == k + 1:
                _mixed_offbyone(A0, A1, B0, B1, Dfull, Si, Sj, sa, sb, sub, sub_unsure, swap=False)
            elif k == m + 1:
                _mixed_offbyone(B0, B1, A0, A1, np.swapaxes(Dfull, 1, 2), Sj, Si, sb, sa, sub, sub_unsure,
                                swap=True)
            else:
                _mixed_overdetermined(A0, A1, B0, B1, Si, Sj, sub_unsure)
            merge(rows, sub, sub_unsure)
    return cands, unsure


def _pure_c(A, Bt, Si, Sj, k, sa, sb, sc, cands, unsure, C=None) -> None:
    """``c`` plays pure ``k``: support enumeration of the two-player game ``(A, Bt^T)`` on ``(Si, Sj)``.

    ``C`` (rows, sa, sb, sc) are ``c``'s payoffs, used to decide whether a payoff tie on an
    over-determined support can be part of an equilibrium.
    """
    B = A.shape[0]
    if len(Si) == len(Sj):
        My = indiff_matrix(A, Si, Sj)
        Mx = indiff_matrix(Bt, Sj, Si)
        y, sy = safe_solve(My, rhs_last(B, len(Sj) + 1))
        x, sx = safe_solve(Mx, rhs_last(B, len(Si) + 1))
        sing = sy | sx
        if sing.any():
            unsure |= _consistent_singular(My, sy) | _consistent_singular(Mx, sx)
        ok = ~sing & np.all(y[:, :len(Sj)] > -MARGIN, axis=1) & np.all(x[:, :len(Si)] > -MARGIN, axis=1)
        r = np.flatnonzero(ok)
        z = np.zeros((r.size, sc))
        z[:, k] = 1.0
        cands.add(r, _embed(x[ok], Si, sa), _embed(y[ok], Sj, sb), z)
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


def _unbalanced_feasible(RP: np.ndarray, RQ: np.ndarray, C: np.ndarray | None, SP: tuple[int, ...],
                         SQ: tuple[int, ...], k: int) -> np.ndarray:
    """Can P (support ``SP``) and Q (the larger support ``SQ``) be in equilibrium with c at pure ``k``?

    ``RP``: P's own payoffs (P x Q), ``RQ``: Q's (Q x P), ``C``: c's payoffs as (P, Q, c) or None.
    Q's indifference over ``SQ`` over-determines P's mixture ``x``: it must be consistent,
    nonnegative, and leave Q's other strategies no better.  P's indifference over ``SP`` then fixes
    Q's mixture only up to a line ``y = y0 + lambda d`` when ``|SQ| = |SP| + 1``: the inequalities
    (``y >= 0``, P's other strategies no better, ``k`` c's best reply) cut an interval of
    ``lambda``, decided exactly.  A nonempty interval means a continuum of equilibria - the point
    is degenerate and goes to the full solver.  For larger gaps the consistency of ``x`` alone
    flags the point (conservative).
    """
    B = RP.shape[0]
    Mq = indiff_matrix(RQ, SQ, SP)                   # Q indifferent over SQ: unknowns (x on SP, v_Q)
    feas = _overdetermined_feasible(Mq, len(SP))
    if len(SQ) != len(SP) + 1 or not feas.any():
        return feas
    rows = np.flatnonzero(feas)
    n = rows.size
    xw, _ = lstsq(Mq[rows], rhs_last(n, Mq.shape[1]))
    x = np.clip(xw[:, :len(SP)], 0, None)
    vq = xw[:, -1]
    RQr = RQ[rows]
    # Q's strategies outside SQ must not beat v_Q
    outside_q = [q for q in range(RQ.shape[1]) if q not in SQ]
    ok = np.ones(n, bool)
    for q in outside_q:
        ok &= np.einsum("bi,bi->b", RQr[:, q][:, list(SP)], x) <= vq + MARGIN
    My = indiff_matrix(RP[rows], SP, SQ)             # P indifferent over SP: unknowns (y on SQ, v_P)
    y0, _ = lstsq(My, rhs_last(n, My.shape[1]))
    d = np.linalg.svd(My)[2][:, -1, :]               # null direction of the (|SP|+1) x (|SQ|+1) system
    lo = np.full(n, -np.inf)
    hi = np.full(n, np.inf)
    conds = [(y0[:, j], d[:, j]) for j in range(len(SQ))]             # y_j >= 0
    RPr = RP[rows]
    for p_alt in (p for p in range(RP.shape[1]) if p not in SP):       # P's other strategies no better
        row = RPr[:, p_alt][:, list(SQ)]
        conds.append((y0[:, -1] - np.einsum("bj,bj->b", row, y0[:, :-1]),
                      d[:, -1] - np.einsum("bj,bj->b", row, d[:, :-1])))
    if C is not None:
        Cr = C[rows][:, list(SP)][:, :, list(SQ)]                      # (n, |SP|, |SQ|, sc)
        for kk in range(Cr.shape[3]):
            if kk == k:
                continue
            G = np.einsum("bi,bij->bj", x, Cr[..., k] - Cr[..., kk])
            conds.append((np.einsum("bj,bj->b", G, y0[:, :-1]), np.einsum("bj,bj->b", G, d[:, :-1])))
    for alpha, beta in conds:
        # alpha + lambda beta >= -MARGIN
        with np.errstate(divide="ignore", invalid="ignore"):
            root = (-MARGIN - alpha) / beta
        lo = np.where(beta > 1e-15, np.maximum(lo, root), lo)
        hi = np.where(beta < -1e-15, np.minimum(hi, root), hi)
        hi = np.where((np.abs(beta) <= 1e-15) & (alpha < -MARGIN), -np.inf, hi)
    ok &= lo <= hi
    out = np.zeros(B, bool)
    out[rows[ok]] = True
    return out


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
    return np.linalg.det(stack), np.linalg.det(M)


def _mixed_square(A0, A1, B0, B1, Dfull, Si, Sj, sa, sb, cands, unsure) -> None:
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
    dy = np.linalg.det(My0[:, None] + nodes[None, :, None, None] * (My1 - My0)[:, None])
    dx = np.linalg.det(Mx0[:, None] + nodes[None, :, None, None] * (Mx1 - Mx0)[:, None])
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
            cands.add(rows[r], _embed(yo, Si, sa), _embed(xo, Sj, sb), z)
        else:
            cands.add(rows[r], _embed(xo, Si, sa), _embed(yo, Sj, sb), z)


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
    rows, roots, zero, double = real_roots(fit_poly(nodes, np.linalg.det(G)))
    unsure |= double
    if zero.any():
        unsure |= zero & _any_feasible_t(My0, My1, Mx0, Mx1, m, zero)
    keep = ~zero[rows]
    rows, roots = rows[keep], roots[keep]
    n = rows.size
    empty = np.zeros((0, m + 1))
    if n == 0:
        return rows, empty, empty, roots, unsure
    y, sy = safe_solve(_at(My0[rows], My1[rows], roots), rhs_last(n, m + 1))
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


def _mixed_offbyone(R0, R1, S0, S1, D, Si, Sj, s_own, s_other, cands, unsure, *, swap: bool) -> None:
    """``|Si| = |Sj| + 1``: player 1 (rows ``R``) over-determines player 2's mixture and ``t``."""
    B = R0.shape[0]
    m, k = len(Si), len(Sj)
    My0, My1 = indiff_matrix(R0, Si, Sj), indiff_matrix(R1, Si, Sj)     # (m+1) x (k+1) = (k+2) x (k+1)
    e = np.zeros((B, m + 1, 1))
    e[:, -1, 0] = 1.0
    Aug0, Aug1 = np.concatenate([My0, e], axis=2), np.concatenate([My1, e], axis=2)
    deg = m + 1
    nodes = cheb_nodes(deg + 1)
    dets = np.linalg.det(Aug0[:, None] + nodes[None, :, None, None] * (Aug1 - Aug0)[:, None])
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
    x, sing = safe_solve(M, rhs_last(n, m + 1))
    unsure[rows[_consistent_singular(M, sing)]] = True
    ok = ~sing
    z = np.stack([1 - roots, roots], axis=1)
    xo, yo = _embed(x[ok], Si, s_own), _embed(y[ok], Sj, s_other)
    if swap:
        cands.add(rows[ok], yo, xo, z[ok])
    else:
        cands.add(rows[ok], xo, yo, z[ok])


def _mixed_overdetermined(A0, A1, B0, B1, Si, Sj, unsure) -> None:
    """Supports whose sizes differ by two or more: solutions exist only at degenerate points.

    The larger side's equations ``M(t) w = e`` are consistent only where every maximal minor of
    ``[M(t) | e]`` vanishes: take the roots in [0, 1] of the minor with the largest coefficients
    and test the whole system there (a minor that vanishes identically is skipped; if all do, the
    system is tested on a grid of ``t``).
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
        dets = np.linalg.det(sub0[:, None] + nodes[None, :, None, None] * (sub1 - sub0)[:, None])
        coefs.append(fit_poly(nodes, dets))
    C = np.stack(coefs, axis=1)                               # (B, minors, degree + 1)
    norms = np.max(np.abs(C), axis=2)
    pick = np.argmax(norms, axis=1)
    all_zero = norms.max(axis=1) < ZERO
    rows, roots, _, _ = real_roots(C[np.arange(B), pick])
    hit = np.zeros(B, bool)
    if rows.size:
        feas = _overdetermined_feasible(_at(M0[rows], M1[rows], roots), len(small))
        hit[rows[feas]] = True
    if all_zero.any():
        z = np.flatnonzero(all_zero)
        for t in np.linspace(0.0, 1.0, 17):
            hit[z] |= _overdetermined_feasible(_at(M0[z], M1[z], np.full(z.size, t)), len(small))
    unsure |= hit


# --------------------------------------------------------------------------- verification
def verify_candidates(U: np.ndarray,
                      c: _Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised check of every candidate: returns (rows, x, y, z, status) with status
    1 = equilibrium robustly, 0 = not an equilibrium, -1 = too close to call."""
    if not c.rows:
        e = np.zeros((0, 0))
        return np.zeros(0, int), e, e, e, np.zeros(0, int)
    rows = np.concatenate(c.rows)
    x, y, z = np.concatenate(c.x), np.concatenate(c.y), np.concatenate(c.z)
    C = rows.size
    status = np.zeros(C, int)
    # Stage 1: regrets of every candidate (elementwise products: tiny matmuls are slow in numpy).
    keep = np.flatnonzero(np.all(x > -MARGIN, 1) & np.all(y > -MARGIN, 1) & np.all(z > -MARGIN, 1))
    Ur = U[rows[keep]]
    xk, yk, zk = x[keep], y[keep], z[keep]
    Az = (Ur[:, 0] * zk[:, None, None, :]).sum(-1)             # (C, sa, sb)
    va = (Az * yk[:, None, :]).sum(-1)
    Bz = (Ur[:, 1] * zk[:, None, None, :]).sum(-1)
    vb = (Bz * xk[:, :, None]).sum(1)
    Cx = (Ur[:, 2] * xk[:, :, None, None]).sum(1)               # (C, sb, sc)
    vc = (Cx * yk[:, :, None]).sum(1)
    regret = np.zeros(keep.size)
    for w, v in ((xk, va), (yk, vb), (zk, vc)):
        regret = np.maximum(regret, v.max(axis=1) - (np.clip(w, 0, None) * v).sum(axis=1))
    ok = regret <= MARGIN
    keep, regret = keep[ok], regret[ok]
    xk, yk, zk, va, vb, vc = xk[ok], yk[ok], zk[ok], va[ok], vb[ok], vc[ok]
    # Stage 2: survivors that are too close to a threshold to call.
    near = (regret > REL_TOL * 0.5)
    for w, v in ((xk, va), (yk, vb), (zk, vc)):
        used = w > MARGIN
        near |= ((w > -MARGIN) & ~used & (w != 0)).any(axis=1)      # a support probability next to 0
        vin = np.where(used, v, np.inf).min(axis=1)
        near |= (((vin[:, None] - v) < MARGIN) & ~used & (w == 0)).any(axis=1)   # an outside strategy ties
    status[keep] = np.where(near, -1, 1)
    xs, ys, zs = (np.clip(w, 0, None) for w in (x, y, z))
    return rows, xs / xs.sum(1, keepdims=True), ys / ys.sum(1, keepdims=True), zs / zs.sum(1, keepdims=True), status
