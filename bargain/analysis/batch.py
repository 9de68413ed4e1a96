"""All Nash equilibria of a whole *batch* of small games at once (the engine of every sweep).

A sweep over 10,000 parameter values is 10,000 games of the same shape.  Solving them one by one
is what Gambit does; here every support profile's indifference system is solved for the *whole
batch* in one array operation, the candidates are verified in one array operation, and only the
points where this fast method is unsure are handed to the full solver (:func:`bargain.solve`).

Which games
-----------
* Two players, any (small) number of strategies: support enumeration (Nash 1951; Porter,
  Nudelman and Shoham 2008).  For supports ``Si, Sj`` of equal size ``m`` the mixture ``y`` of the
  column player solves the linear system ``[A_IJ, -1; 1^T, 0] [y; v] = e_{m+1}`` (the row player
  is indifferent on ``Si`` at value ``v``), and symmetrically for ``x``.
* Three players of whom one, ``c``, has two strategies (``2x2x2``, ``3x3x2``, ``4x3x2`` ...).
  Write ``c``'s mixture as ``z(t) = (1 - t, t)``.  Then every payoff matrix of ``a`` and ``b`` is
  affine in ``t``, and for supports with ``|Si| = |Sj| = m`` Cramer's rule gives ``x(t) = N_x(t) /
  d_x(t)`` and ``y(t) = N_y(t) / d_y(t)`` with polynomial numerators of degree at most ``m - 1``.
  ``c``'s indifference ``x^T (C_1 - C_0) y = 0`` becomes the univariate polynomial
  ``p(t) = N_x(t)^T D N_y(t)`` of degree at most ``2(m - 1)``, whose coefficients are fitted at
  Chebyshev nodes and whose roots are the eigenvalues of its companion matrix - for the whole
  batch at once.  For ``|Si| = |Sj| + 1`` the row player's equations over-determine ``(y, v)`` and
  ``t`` solves ``det[M_y(t) | e] = 0``; then ``x`` solves a square linear system.  (The
  elimination is the classical one for three-player games with a binary player; see McKelvey and
  McLennan 1996, "Computation of equilibria in finite games", Handbook of Computational
  Economics, sec. 6.)

When it is unsure
-----------------
The method is exact for *nondegenerate* points.  A point is marked *unsure*, and re-solved by
:func:`bargain.solve`, when any of these happens there: a constant game; a singular support
system that is consistent; a support whose sizes make it over-determined (possible only in a
degenerate game) yet whose equations have a nonnegative solution; a univariate polynomial that
vanishes identically; a double root; a candidate whose probabilities or best-response slacks
are within ``MARGIN`` of zero (a point at or next to a threshold, where a tolerance decides); a
candidate whose regret is small but above the verification tolerance.  So the fast path answers
only where the equilibrium set is robust, and it gives the same set as the full solver there.
Games it does not cover (four or more players, or three players none of whom has exactly two
strategies) are solved point by point by the full solver.

The result, :class:`BatchEquilibria`, stores every point's equilibria in padded arrays.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.errors import GameError

__all__ = ["MARGIN", "BatchEquilibria", "batch_supported", "solve_batch"]

#: A candidate whose support probabilities or best-response slacks (payoffs scaled to [0, 1])
#: are below this is too close to a threshold to be decided by the fast method.
MARGIN = 1e-7
#: Relative verification tolerance (the same as ``Game.tolerance``: 1e-9 x payoff range).
REL_TOL = 1e-9
#: Absolute threshold (payoffs scaled to [0, 1]) below which a determinant or polynomial is zero.
ZERO = 1e-11
#: Points solved per array operation (bounds the memory of the support loop).
CHUNK = 8192


@dataclass
class BatchEquilibria:
    """The equilibria of every game in a batch, as padded arrays.

    Attributes
    ----------
    shape: number of strategies of each player.
    profiles: ``batch_shape + (K, sum(shape))`` probabilities, player after player (NaN padding);
        ``K`` is the largest number of equilibria at any point.
    payoffs: ``batch_shape + (K, n)`` expected payoffs (NaN padding).
    supports: ``batch_shape + (K, sum(shape))`` booleans: strategy used (False padding).
    count: ``batch_shape`` number of equilibria at each point.
    fallback: ``batch_shape`` True where the point was solved by the full solver.
    continuum: ``batch_shape`` True where the full solver reported a connected set of
        equilibria (a continuum or a non-isolated component): ``profiles`` then holds its extreme
        or sample points.
    complete: ``batch_shape`` True where the method that answered is complete.
    method: the fast method's name and the full solver's (``"batch+enumeration"`` ...).
    """

    shape: tuple[int, ...]
    profiles: np.ndarray
    payoffs: np.ndarray
    supports: np.ndarray
    count: np.ndarray
    fallback: np.ndarray
    continuum: np.ndarray
    complete: np.ndarray
    method: str
    notes: list[str] = field(default_factory=list)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.count.shape)

    @property
    def max_count(self) -> int:
        return int(self.profiles.shape[-2])

    def offsets(self) -> np.ndarray:
        """Start index of each player's block in the last axis of ``profiles``."""
        return np.concatenate([[0], np.cumsum(self.shape)[:-1]]).astype(int)

    def strategy(self, player: int) -> np.ndarray:
        """``batch_shape + (K, s_player)``: the mixed strategy of one player in every equilibrium."""
        o = self.offsets()[player]
        return self.profiles[..., o:o + self.shape[player]]

    def equilibria_at(self, index: int | tuple[int, ...]) -> list[tuple[np.ndarray, ...]]:
        """The equilibria at one batch point, each as a tuple of per-player arrays."""
        idx = index if isinstance(index, tuple) else (index,)
        k = int(self.count[idx])
        cuts = np.cumsum(self.shape)[:-1]
        return [tuple(np.split(self.profiles[(*idx, e)], cuts)) for e in range(k)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of lists (NaN padding becomes None)."""
        return {
            "shape": list(self.shape),
            "profiles": _nan_to_none(self.profiles),
            "payoffs": _nan_to_none(self.payoffs),
            "supports": self.supports.tolist(),
            "count": self.count.tolist(),
            "fallback": self.fallback.tolist(),
            "continuum": self.continuum.tolist(),
            "complete": self.complete.tolist(),
            "method": self.method,
            "notes": list(self.notes),
        }


def _nan_to_none(a: np.ndarray) -> Any:
    obj = a.astype(object)
    obj[np.isnan(a)] = None
    return obj.tolist()


# --------------------------------------------------------------------------- helpers
def _subsets(s: int) -> list[tuple[int, ...]]:
    return [c for m in range(1, s + 1) for c in itertools.combinations(range(s), m)]


def _cheb_nodes(k: int) -> np.ndarray:
    """``k`` Chebyshev nodes on [0, 1] (well-conditioned interpolation)."""
    if k == 1:
        return np.array([0.5])
    j = np.arange(k)
    return 0.5 - 0.5 * np.cos((2 * j + 1) * np.pi / (2 * k))


def _fit(nodes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Monomial coefficients (lowest first) of the interpolant of ``values[..., k]`` at ``nodes``."""
    V = np.vander(nodes, len(nodes), increasing=True)
    return values @ np.linalg.inv(V).T


def _real_roots(coef: np.ndarray, lo: float = -1e-7, hi: float = 1 + 1e-7) -> tuple[np.ndarray, np.ndarray,
                                                                                      np.ndarray, np.ndarray]:
    """Real roots in ``[lo, hi]`` of a batch of polynomials (coefficients lowest first).

    Returns ``(rows, roots, identically_zero, double)``: the batch row of each root, the roots,
    and per batch row whether the polynomial vanishes identically or has a (near) double root in
    the interval (both signs of degeneracy).
    """
    B, k = coef.shape
    scale = np.max(np.abs(coef), axis=1)
    zero = scale < ZERO
    rows_out: list[np.ndarray] = []
    roots_out: list[np.ndarray] = []
    double = np.zeros(B, bool)
    nz = np.abs(coef) > 1e-11 * scale[:, None]
    deg = np.where(nz.any(axis=1), k - 1 - np.argmax(nz[:, ::-1], axis=1), 0)
    deg[zero] = 0
    for d in range(1, k):
        rows = np.flatnonzero(deg == d)
        if rows.size == 0:
            continue
        c = coef[rows, :d + 1] / coef[rows, d:d + 1]
        if d == 1:
            r = (-c[:, 0])[:, None].astype(complex)
        else:
            comp = np.zeros((rows.size, d, d))
            comp[:, 1:, :-1] = np.eye(d - 1)
            comp[:, :, -1] = -c[:, :d]
            r = np.linalg.eigvals(comp)
        re = r.real
        ok = (np.abs(r.imag) <= 1e-6) & (re >= lo) & (re <= hi)
        # Newton polish on the polynomial itself.
        for _ in range(3):
            pv = np.zeros_like(re)
            dv = np.zeros_like(re)
            for j in range(d, -1, -1):
                dv = dv * re + pv
                pv = pv * re + c[:, j:j + 1]
            step = np.where(np.abs(dv) > 1e-300, pv / np.where(dv == 0, 1, dv), 0.0)
            re = np.where(ok, re - step, re)
        ok &= (re >= lo) & (re <= hi)
        # Near-double roots (tangency) in the interval: a degenerate point.
        near = (np.abs(r.imag) <= 1e-4) & (r.real >= lo - 1e-4) & (r.real <= hi + 1e-4)
        if d >= 2:
            dist = np.abs(r[:, :, None] - r[:, None, :]) + np.eye(d)[None] * 1e9
            close = ((dist < 1e-5) & near[:, :, None] & near[:, None, :]).any(axis=(1, 2))
            double[rows] |= close
        rr, cc = np.nonzero(ok)
        rows_out.append(rows[rr])
        roots_out.append(re[rr, cc])
    if rows_out:
        return np.concatenate(rows_out), np.concatenate(roots_out), zero, double
    return np.zeros(0, int), np.zeros(0), zero, double


def _safe_solve(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``M w = rhs`` for a batch; returns ``(w, singular)`` (w is 0 where singular)."""
    det = np.linalg.det(M) if M.shape[0] else np.zeros(0)
    rownorm = np.prod(np.linalg.norm(M, axis=2), axis=1) if M.shape[0] else np.zeros(0)
    singular = np.abs(det) <= ZERO * np.maximum(rownorm, 1.0)
    Ms = M.copy()
    Ms[singular] = np.eye(M.shape[1])
    w = np.linalg.solve(Ms, rhs[..., None] if rhs.ndim == 2 else rhs)[..., 0]
    w[singular] = 0.0
    return w, singular


def _lstsq(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched least squares ``min |M w - rhs|`` by regularised normal equations; returns (w, residual)."""
    Mt = np.swapaxes(M, 1, 2)
    N = Mt @ M
    N = N + 1e-13 * (np.trace(N, axis1=1, axis2=2)[:, None, None] + 1.0) * np.eye(N.shape[1])
    w = np.linalg.solve(N, (Mt @ rhs[..., None]))[..., 0]
    res = np.linalg.norm((M @ w[..., None])[..., 0] - rhs, axis=1)
    return w, res


def _indiff_matrix(R: np.ndarray, Si: tuple[int, ...], Sj: tuple[int, ...]) -> np.ndarray:
    """``[[R_IJ, -1], [1^T, 0]]``: rows of the own-payoff matrix ``R`` (own strategies x other's)."""
    B = R.shape[0]
    m, k = len(Si), len(Sj)
    M = np.zeros((B, m + 1, k + 1))
    M[:, :m, :k] = R[:, Si][:, :, Sj]
    M[:, :m, k] = -1.0
    M[:, m, :k] = 1.0
    return M


def _rhs(B: int, size: int) -> np.ndarray:
    e = np.zeros((B, size))
    e[:, -1] = 1.0
    return e


# --------------------------------------------------------------------------- the fast method
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
    w, res = _lstsq(M, _rhs(B, M.shape[1]))
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


def _fast_chunk(U: np.ndarray) -> tuple[_Candidates, np.ndarray]:
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
        for Si in _subsets(sa):
            for Sj in _subsets(sb):
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
    for Si in _subsets(sa):
        for Sj in _subsets(sb):
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
        My = _indiff_matrix(A, Si, Sj)
        Mx = _indiff_matrix(Bt, Sj, Si)
        y, sy = _safe_solve(My, _rhs(B, len(Sj) + 1))
        x, sx = _safe_solve(Mx, _rhs(B, len(Si) + 1))
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
    Mq = _indiff_matrix(RQ, SQ, SP)                   # Q indifferent over SQ: unknowns (x on SP, v_Q)
    feas = _overdetermined_feasible(Mq, len(SP))
    if len(SQ) != len(SP) + 1 or not feas.any():
        return feas
    rows = np.flatnonzero(feas)
    n = rows.size
    xw, _ = _lstsq(Mq[rows], _rhs(n, Mq.shape[1]))
    x = np.clip(xw[:, :len(SP)], 0, None)
    vq = xw[:, -1]
    RQr = RQ[rows]
    # Q's strategies outside SQ must not beat v_Q
    outside_q = [q for q in range(RQ.shape[1]) if q not in SQ]
    ok = np.ones(n, bool)
    for q in outside_q:
        ok &= np.einsum("bi,bi->b", RQr[:, q][:, list(SP)], x) <= vq + MARGIN
    My = _indiff_matrix(RP[rows], SP, SQ)             # P indifferent over SP: unknowns (y on SQ, v_P)
    y0, _ = _lstsq(My, _rhs(n, My.shape[1]))
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
        _, res = _lstsq(M[rows], _rhs(rows.size, M.shape[1]))
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
    nodes = _cheb_nodes(2 * m)
    My0, My1 = _indiff_matrix(A0, Si, Sj), _indiff_matrix(A1, Si, Sj)
    Mx0, Mx1 = _indiff_matrix(B0, Sj, Si), _indiff_matrix(B1, Sj, Si)
    dy = np.linalg.det(My0[:, None] + nodes[None, :, None, None] * (My1 - My0)[:, None])
    dx = np.linalg.det(Mx0[:, None] + nodes[None, :, None, None] * (Mx1 - Mx0)[:, None])
    dead_y = np.max(np.abs(_fit(nodes, dy)), axis=1) < ZERO
    dead_x = np.max(np.abs(_fit(nodes, dx)), axis=1) < ZERO
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
    rows, roots, zero, double = _real_roots(_fit(nodes, np.linalg.det(G)))
    unsure |= double
    if zero.any():
        unsure |= zero & _any_feasible_t(My0, My1, Mx0, Mx1, m, zero)
    keep = ~zero[rows]
    rows, roots = rows[keep], roots[keep]
    n = rows.size
    empty = np.zeros((0, m + 1))
    if n == 0:
        return rows, empty, empty, roots, unsure
    y, sy = _safe_solve(_at(My0[rows], My1[rows], roots), _rhs(n, m + 1))
    unsure[rows[sy & _consistent_singular(_at(My0[rows], My1[rows], roots), sy)]] = True
    H = np.zeros((n, m + 2, m + 1))
    H[:, :m + 1] = _at(Mx0[rows], Mx1[rows], roots)
    H[:, m + 1, :m] = np.einsum("bij,bj->bi", D[rows], y[:, :m])
    rhs = _rhs(n, m + 1)
    rhs = np.concatenate([rhs, np.zeros((n, 1))], axis=1)
    sv = np.linalg.svd(H, compute_uv=False)
    rank_def = sv[:, -1] <= 1e-9 * np.maximum(sv[:, 0], 1.0)
    x, _ = _lstsq(H, rhs)
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
            w, _ = _lstsq(M, _rhs(rows.size, M.shape[1]))
            ok &= np.all(w[:, :m] >= -1e-3, axis=1)
        out[rows] |= ok
    return out


def _mixed_offbyone(R0, R1, S0, S1, D, Si, Sj, s_own, s_other, cands, unsure, *, swap: bool) -> None:
    """``|Si| = |Sj| + 1``: player 1 (rows ``R``) over-determines player 2's mixture and ``t``."""
    B = R0.shape[0]
    m, k = len(Si), len(Sj)
    My0, My1 = _indiff_matrix(R0, Si, Sj), _indiff_matrix(R1, Si, Sj)     # (m+1) x (k+1) = (k+2) x (k+1)
    e = np.zeros((B, m + 1, 1))
    e[:, -1, 0] = 1.0
    Aug0, Aug1 = np.concatenate([My0, e], axis=2), np.concatenate([My1, e], axis=2)
    deg = m + 1
    nodes = _cheb_nodes(deg + 1)
    dets = np.linalg.det(Aug0[:, None] + nodes[None, :, None, None] * (Aug1 - Aug0)[:, None])
    rows, roots, zero, double = _real_roots(_fit(nodes, dets))
    unsure |= double
    if zero.any():
        unsure |= zero & _any_feasible_t(My0, My1, My0, My1, k, zero)
    keep = ~zero[rows]
    rows, roots = rows[keep], roots[keep]
    if rows.size == 0:
        return
    n = rows.size
    My = _at(My0[rows], My1[rows], roots)
    w, _ = _lstsq(My, _rhs(n, m + 1))                                    # (y on Sj, v)
    y = w[:, :k]
    # x: player 2's indifference on Sj plus c's indifference, square (m+1) x (m+1).
    Mx = _at(_indiff_matrix(S0, Sj, Si)[rows], _indiff_matrix(S1, Sj, Si)[rows], roots)   # (k+1) x (m+1)
    crow = np.zeros((n, 1, m + 1))
    crow[:, 0, :m] = np.einsum("bij,bj->bi", D[rows][:, Si][:, :, Sj], y)
    M = np.concatenate([Mx[:, :k], crow, Mx[:, k:]], axis=1)
    x, sing = _safe_solve(M, _rhs(n, m + 1))
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
    M0, M1 = _indiff_matrix(R0, big, small), _indiff_matrix(R1, big, small)
    B = M0.shape[0]
    e = np.zeros((B, M0.shape[1], 1))
    e[:, -1, 0] = 1.0
    Aug0, Aug1 = np.concatenate([M0, e], axis=2), np.concatenate([M1, e], axis=2)
    ncol = Aug0.shape[2]
    nodes = _cheb_nodes(ncol + 1)
    coefs = []
    for rows_sel in itertools.combinations(range(Aug0.shape[1]), ncol):
        sub0, sub1 = Aug0[:, list(rows_sel)], Aug1[:, list(rows_sel)]
        coefs.append(_fit(nodes, np.linalg.det(sub0[:, None] + nodes[None, :, None, None] * (sub1 - sub0)[:, None])))
    C = np.stack(coefs, axis=1)                               # (B, minors, degree + 1)
    norms = np.max(np.abs(C), axis=2)
    pick = np.argmax(norms, axis=1)
    all_zero = norms.max(axis=1) < ZERO
    rows, roots, _, _ = _real_roots(C[np.arange(B), pick])
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
def _verify(U: np.ndarray, c: _Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
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


# --------------------------------------------------------------------------- public entry
def batch_supported(shape: Sequence[int]) -> bool:
    """Whether the fast batch method covers games of this shape (else every point uses the full solver)."""
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0] * shape[1] >= 1 and max(shape) <= 8
    if len(shape) == 3:
        return 2 in shape and max(shape) <= 6
    return False


def _infer_players(P: np.ndarray) -> int:
    for lead in range(P.ndim):
        if P.shape[lead] == P.ndim - lead - 1:
            return P.shape[lead]
    raise GameError(f"payoff array of shape {P.shape} has no (n, s_1, ..., s_n) tail; pass n_players=")


def solve_batch(
    payoffs: Any,
    *,
    n_players: int | None = None,
    method: str = "auto",
    fallback: bool = True,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchEquilibria:
    """All equilibria of every game in a batch of payoff tensors.

    Parameters
    ----------
    payoffs: array of shape ``batch_shape + (n, s_1, ..., s_n)``.
    n_players: ``n`` (inferred from the shape when omitted; give it when the batch shape could be
        mistaken for a game axis).
    method: the full solver (:func:`bargain.solve` ``method``) used where the fast method is
        unsure or does not apply.
    fallback: if False, unsure points are left empty and marked in ``fallback`` - for tests.
    progress: optional callback receiving the number of points finished after each chunk.

    Returns a :class:`BatchEquilibria`; at every point the equilibria are sorted in decreasing
    lexicographic order of their profile vectors (so the same set always prints the same way).
    """
    P = np.asarray(payoffs, dtype=float)
    n = _infer_players(P) if n_players is None else int(n_players)
    if P.ndim < n + 1 or P.shape[P.ndim - n - 1] != n:
        raise GameError(f"payoffs of shape {P.shape} do not end in (n={n}, s_1, ..., s_{n})")
    if not np.all(np.isfinite(P)):
        raise GameError("payoffs contain NaN or infinite values: every payoff must be a finite number")
    shape = tuple(P.shape[P.ndim - n:])
    batch_shape = P.shape[:P.ndim - n - 1]
    flat = P.reshape((-1, n, *shape))
    total = flat.shape[0]
    S = int(sum(shape))
    cand_rows: list[np.ndarray] = []
    cand_prof: list[np.ndarray] = []
    unsure_all = np.ones(total, bool)
    fast = batch_supported(shape)
    if fast:
        for start in range(0, total, CHUNK):
            stop = min(total, start + CHUNK)
            Pn, scale_ok = _normalise(flat[start:stop])
            perm, U = _canonical(Pn, shape)
            cands, unsure = _fast_chunk(U)
            unsure |= ~scale_ok
            rows, x, y, z, status = _verify(U, cands)
            unsure[rows[status < 0]] = True
            good = status > 0
            cand_rows.append(start + rows[good])
            cand_prof.append(_original_order(x[good], y[good], z[good], perm, shape))
            unsure_all[start:stop] = unsure
            if progress is not None:
                progress(stop - start)
    fb = unsure_all.copy()
    continuum = np.zeros(total, bool)
    complete = np.ones(total, bool)
    from bargain.model.game import Game
    from bargain.solvers.registry import choose_method, solve

    full_name = choose_method(Game(flat[0])) if method == "auto" else method
    # Points the fast method is unsure of keep nothing from it.
    if cand_rows:
        keep = [~fb[r] for r in cand_rows]
        cand_rows = [r[k] for r, k in zip(cand_rows, keep, strict=True)]
        cand_prof = [q[k] for q, k in zip(cand_prof, keep, strict=True)]
    if fallback:
        for b in np.flatnonzero(fb):
            eqs = solve(Game(flat[b], players, strategies), method=method, exact=False)
            full_name = eqs.method
            if len(eqs):
                cand_rows.append(np.full(len(eqs), b))
                cand_prof.append(np.array([np.concatenate(e.profile) for e in eqs]))
            continuum[b] = bool(eqs.continua) or any(not c.is_isolated for c in eqs.components)
            complete[b] = bool(eqs.complete)
            if not fast and progress is not None:
                progress(1)
    else:
        complete[fb] = False
    profiles, count = _assemble(cand_rows, cand_prof, total, S)
    K = profiles.shape[1]
    pay = _expected_payoffs(flat, profiles, shape)
    used = np.nan_to_num(profiles, nan=0.0) > 1e-9
    name = f"batch+{full_name}" if fast else full_name
    return BatchEquilibria(
        shape=shape,
        profiles=profiles.reshape((*batch_shape, K, S)),
        payoffs=pay.reshape((*batch_shape, K, n)),
        supports=used.reshape((*batch_shape, K, S)),
        count=count.reshape(batch_shape),
        fallback=fb.reshape(batch_shape),
        continuum=continuum.reshape(batch_shape),
        complete=complete.reshape(batch_shape),
        method=name,
    )


def _assemble(rows_list: list[np.ndarray], prof_list: list[np.ndarray], total: int,
              S: int) -> tuple[np.ndarray, np.ndarray]:
    """Padded ``(total, K, S)`` profiles and counts from (row, profile) pairs, without a loop over points.

    At each point the equilibria are sorted in decreasing lexicographic order of their profiles
    (rounded to 1e-8, so that the two methods order the same set the same way) and duplicates
    (max-norm within 1e-7) are dropped.
    """
    rows = np.concatenate(rows_list) if rows_list else np.zeros(0, int)
    prof = np.concatenate(prof_list).reshape(-1, S) if prof_list else np.zeros((0, S))
    if rows.size == 0:
        return np.full((total, 1, S), np.nan), np.zeros(total, int)
    keys = [-np.round(prof[:, c], 8) for c in range(S - 1, -1, -1)]
    order = np.lexsort((*keys, rows))
    rows, prof = rows[order], prof[order]
    dup = np.zeros(rows.size, bool)
    dup[1:] = (rows[1:] == rows[:-1]) & (np.abs(prof[1:] - prof[:-1]).max(axis=1) <= 1e-7)
    rows, prof = rows[~dup], prof[~dup]
    count = np.bincount(rows, minlength=total)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    slot = np.arange(rows.size) - first[rows]
    K = max(int(count.max()), 1)
    out = np.full((total, K, S), np.nan)
    out[rows, slot] = prof
    return out, count


def _canonical(P: np.ndarray, shape: tuple[int, ...]) -> tuple[tuple[int, ...], np.ndarray]:
    """Reorder players to ``(a, b, c)`` with ``c`` binary (two-player games get a dummy ``c``)."""
    if len(shape) == 2:
        U = np.zeros((P.shape[0], 3, shape[0], shape[1], 1))
        U[:, :2, :, :, 0] = P
        return (0, 1), U
    c = max(i for i, s in enumerate(shape) if s == 2)
    perm = tuple([i for i in range(3) if i != c] + [c])
    U = P[:, list(perm)]
    U = np.transpose(U, (0, 1, *(2 + p for p in perm)))
    return perm, U


def _normalise(U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs scaled to [0, 1] per game (equilibria are invariant); flags constant games."""
    axes = tuple(range(1, U.ndim))
    lo = U.min(axis=axes, keepdims=True)
    rng = U.max(axis=axes, keepdims=True) - lo
    ok = rng.reshape(-1) > 0
    return (U - lo) / np.where(rng > 0, rng, 1.0), ok


def _original_order(x: np.ndarray, y: np.ndarray, z: np.ndarray, perm: tuple[int, ...],
                    shape: tuple[int, ...]) -> np.ndarray:
    if len(shape) == 2:
        return np.concatenate([x, y], axis=1)
    blocks = {perm[0]: x, perm[1]: y, perm[2]: z}
    return np.concatenate([blocks[i] for i in range(3)], axis=1)


def _expected_payoffs(P: np.ndarray, profiles: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``(B, K, n)`` expected payoffs of every filled slot: contract one player's axis at a time."""
    n = len(shape)
    B, K, _ = profiles.shape
    out = np.full((B, K, n), np.nan)
    rows, slots = np.nonzero(~np.isnan(profiles[..., 0]))
    if rows.size == 0:
        return out
    prof = profiles[rows, slots]
    parts = np.split(prof, np.cumsum(shape)[:-1], axis=-1)
    G = P[rows]                                                   # (C, n, s_1, ..., s_n)
    for j in range(n - 1, -1, -1):
        G = (G * parts[j].reshape((rows.size,) + (1,) * (j + 1) + (shape[j],))).sum(axis=-1)
    out[rows, slots] = G
    return out
