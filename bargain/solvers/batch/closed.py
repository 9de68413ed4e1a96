"""Closed-form support enumeration for a batch of small two-player games (sides up to 4).

For every support pair ``(I, J)`` of equal size ``m <= 4`` the indifference systems are solved by
Cramer's rule written out as elementwise array arithmetic, for all games of the batch and all
pairs of one size at once (no LAPACK call per small matrix, no Python loop over points):

* ``y`` (column player's mixture on ``J``) makes the row player indifferent on ``I``:
  ``A_IJ y = v 1``, ``1^T y = 1``.  Its solution is ``y_j = det(A_IJ with column j replaced by 1)
  / s`` with ``s`` the sum of those numerators; ``s`` is, up to sign, the determinant of the
  bordered matrix ``[[A_IJ, -1], [1^T, 0]]``, so ``s = 0`` exactly when the support system is
  singular.  ``x`` is the same with the column player's matrix.
* a candidate is kept when ``x, y >= -MARGIN`` and no strategy outside the supports pays more
  than the support's value by ``MARGIN`` (payoffs scaled to [0, 1] per player).

The enumeration is complete at *nondegenerate* points (Nash 1951; von Stengel 2002, sec. 2-3):
there every equilibrium has supports of equal size and a nonsingular system.  A point is
*suspect* (and left to the general method) when some system is singular, or when for some
supports ``|S_Q| = |S_P| + 1`` the over-determined indifference system of ``Q`` is consistent -
``det [R_{S_Q, S_P} | 1]`` is small against the Hadamard bound of its columns.  Every degenerate
equilibrium needs such a consistent system (a larger consistent system contains a consistent
one of this size), so a point that is not suspect has only the equilibria found here.

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54, 286-295.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, sec. 2-3 (support enumeration; nondegeneracy).
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63, 642-662.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

from bargain.linalg.batched import det_entries
from bargain.solvers.batch.common import MARGIN

__all__ = ["MAX_SIDE", "closed_form_supported", "two_player_candidates"]

#: Largest number of strategies of either player the closed forms cover.
MAX_SIDE = 4
#: Fewest points solved per pass (see :func:`blocks`).
BLOCK = 2048
#: Support pairs x points of one pass, beyond which a batch is cut into blocks: it bounds the working
#: arrays, since fresh pages cost more than the arithmetic on them (a few thousand first-touch page
#: faults of ~2 us per 8,192-point sweep otherwise), while small games keep one pass.
WORK = 9 * BLOCK
#: Relative size (against the Hadamard bound of its columns) below which a bordered determinant
#: counts as zero: 10x the residual 1e-7 at which the general method calls a system consistent.
SUSPECT = 1e-6

Mat = list[list[np.ndarray]]


def blocks(B: int, pairs: int) -> range:
    """Start points of the passes over a batch of ``B`` points with ``pairs`` support pairs each."""
    return range(0, B, max(BLOCK, WORK // max(pairs, 1)))


def _pairs_per_point(sa: int, sb: int, sizes: range) -> int:
    """The most support pairs of one size in ``sizes`` (equal sizes for both players)."""
    return max((math.comb(sa, m) * math.comb(sb, m) for m in sizes), default=1)


def closed_form_supported(sa: int, sb: int) -> bool:
    """Whether the closed forms cover two-player games with ``sa`` x ``sb`` strategies (the smaller side
    up to :data:`MAX_SIDE`, the larger up to 8)."""
    return 1 <= min(sa, sb) <= MAX_SIDE and max(sa, sb) <= 8


def _ones_replaced(M: Mat, ones: np.ndarray) -> list[np.ndarray]:
    """Cramer numerators ``det(M with column j replaced by 1)`` for every column ``j``."""
    n = len(M)
    if n == 1:
        return [ones]
    if n == 2:
        return [M[1][1] - M[0][1], M[0][0] - M[1][0]]
    return [det_entries([[ones if c == j else row[c] for c in range(n)] for row in M]) for j in range(n)]


@functools.lru_cache(maxsize=64)
def _pairs(sa: int, sb: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays ``(C(sa, m), m)`` and ``(C(sb, m), m)`` of the supports of size ``m``."""
    rows = np.array(list(itertools.combinations(range(sa), m)), dtype=np.intp).reshape(-1, m)
    cols = np.array(list(itertools.combinations(range(sb), m)), dtype=np.intp).reshape(-1, m)
    return rows, cols


@functools.lru_cache(maxsize=64)
def _outside(s: int, m: int) -> np.ndarray:
    """``(C(s, m), s - m)``: the strategies outside each support of size ``m`` (same order as :func:`_pairs`)."""
    return np.array([[i for i in range(s) if i not in c] for c in itertools.combinations(range(s), m)],
                    dtype=np.intp).reshape(-1, s - m)


def _gather(Rt: np.ndarray, own: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``(len(own[0]), len(other[0]), n_own, n_other, B)`` entries ``Rt[own[p, i], other[q, j], :]``."""
    return Rt[own.T[:, None, :, None], other.T[None, :, None, :]]


def _solve_side(Rt: np.ndarray, own: np.ndarray, other: np.ndarray) -> tuple[list[np.ndarray], np.ndarray,
                                                                             np.ndarray]:
    """Mixtures of the *other* player making the owner of ``Rt`` indifferent on ``own``.

    ``Rt``: (s_own, s_other, B) the owner's payoffs, batch last; ``own`` (n_own, m), ``other``
    (n_other, m) supports.  Returns the other player's probabilities on ``other`` (m arrays of
    shape (n_own, n_other, B)), the owner's value ``v`` and a mask of singular systems (``m >= 2``).
    """
    m = own.shape[1]
    sub = _gather(Rt, own, other)
    M = [[sub[i, j] for j in range(m)] for i in range(m)]
    w = _ones_replaced(M, np.ones(sub.shape[2:]))            # fresh arrays: scaled in place below
    # Every step in place on two buffers (fresh arrays of this size cost more than the arithmetic).
    s = w[0].copy()
    for n in w[1:]:
        s += n
    v = np.abs(s)
    singular = v <= SUSPECT * 1e-3 * (m + 1) ** ((m + 1) / 2)     # entries in [0, 1]
    s[singular] = 1.0
    inv = np.reciprocal(s, out=s)
    for n in w:
        n *= inv
    np.multiply(M[0][0], w[0], out=v)
    for j in range(1, m):
        v += np.multiply(M[0][j], w[j], out=inv)
    return w, v, singular


def _best(Rt: np.ndarray, own: np.ndarray, other: np.ndarray, w: list[np.ndarray], v: np.ndarray) -> np.ndarray:
    """No strategy outside ``own`` pays more than ``v + MARGIN`` against ``w`` on ``other``."""
    s_own, m = Rt.shape[0], own.shape[1]
    ok = np.ones(v.shape, bool)
    if s_own == m:
        return ok
    sub = _gather(Rt, _outside(s_own, m), other)                      # (s_own - m, m, n_own, n_other, B)
    top = v + MARGIN
    acc, tmp = np.empty_like(v), np.empty_like(v)
    for r in range(s_own - m):
        np.multiply(sub[r, 0], w[0], out=acc)
        for j in range(1, m):
            acc += np.multiply(sub[r, j], w[j], out=tmp)
        ok &= acc <= top
    return ok


def _suspect(Rt: np.ndarray) -> np.ndarray:
    """Per game: is some over-determined system ``det [R_{S_Q, S_P} | 1]`` (|S_Q| = |S_P| + 1) small?

    ``Rt`` (s_Q, s_P, B) are Q's payoffs (Q's strategies x P's), batch last.  A consistent system
    of this shape is what every equilibrium with unequal support sizes needs (see the module
    docstring).  The bordered determinant is that of the ``p x p`` differences of the first ``p``
    rows and the last (subtracting the last row clears the column of ones): for ``p = 1`` a payoff
    difference, a tie.
    """
    sq, sp, B = Rt.shape
    out = np.zeros(B, bool)
    for p in range(1, min(sp, sq - 1) + 1):
        big, small = _pairs(sq, sp, p + 1)[0], _pairs(sq, sp, p)[1]
        sub = _gather(Rt, big, small)                                     # (p+1, p, nQ, nP, B)
        diff = sub[:p] - sub[p]
        small_det = np.abs(det_entries([[diff[i, j] for j in range(p)] for i in range(p)])) \
            <= SUSPECT * (p + 2) ** ((p + 1) / 2)
        out |= small_det.reshape(-1, B).any(axis=0)
    return out


def two_player_candidates(A: np.ndarray, Bt: np.ndarray,
                          pure: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every equal-size support candidate of a batch of two-player games, and the suspect points.

    Parameters
    ----------
    A : ndarray, shape (B, sa, sb)
        Row player's payoffs, scaled to [0, 1].
    Bt : ndarray, shape (B, sb, sa)
        Column player's payoffs, transposed (own strategies first), scaled to [0, 1].
    pure : bool, default True
        Whether to include the pure profiles (a caller may have them from another route).

    Returns
    -------
    rows, x, y, suspect
        ``rows`` (C,) the game of each candidate, ``x`` (C, sa) and ``y`` (C, sb) its mixtures,
        and ``suspect`` (B,) the points where the closed forms may miss equilibria (degenerate
        or near-degenerate); candidates are returned for every point, suspect or not.
    """
    B, sa, sb = A.shape
    starts = blocks(B, _pairs_per_point(sa, sb, range(2, min(sa, sb) + 1)))
    if len(starts) > 1:
        step = starts.step
        parts = [two_player_candidates(A[s:s + step], Bt[s:s + step], pure) for s in starts]
        rows = np.concatenate([p[0] + s for p, s in zip(parts, starts, strict=True)])
        return (rows, np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]),
                np.concatenate([p[3] for p in parts]))
    At = np.ascontiguousarray(np.moveaxis(A, 0, -1))                      # (sa, sb, B)
    Btt = np.ascontiguousarray(np.moveaxis(Bt, 0, -1))                    # (sb, sa, B)
    suspect = _suspect(Btt) | _suspect(At)
    # Pure supports: no system to solve (never singular); both pure strategies must be best replies.
    ok = (At.max(axis=0)[None] <= At + MARGIN) & np.swapaxes(Btt.max(axis=0)[None] <= Btt + MARGIN, 0, 1)
    ok &= pure
    i, j, b = np.unravel_index(np.flatnonzero(ok), ok.shape)
    xf, yf = np.zeros((b.size, sa)), np.zeros((b.size, sb))
    xf[np.arange(b.size), i] = 1.0
    yf[np.arange(b.size), j] = 1.0
    rows_out, x_out, y_out = [b], [xf], [yf]
    for m in range(2, min(sa, sb) + 1):
        Si, Sj = _pairs(sa, sb, m)
        y, va, sy = _solve_side(At, Si, Sj)                                 # m x (nI, nJ, B)
        ok = ~sy
        for w in y:
            ok &= w >= -MARGIN
        xt, vb, sx = _solve_side(Btt, Sj, Si)                               # m x (nJ, nI, B)
        sing = sy | np.swapaxes(sx, 0, 1)
        suspect |= sing.reshape(-1, B).any(axis=0)
        okt = np.swapaxes(ok, 0, 1) & ~sx
        for w in xt:
            okt &= w >= -MARGIN
        okt &= _best(Btt, Sj, Si, xt, vb)
        ok = np.swapaxes(okt, 0, 1) & _best(At, Si, Sj, y, va)
        idx = np.flatnonzero(ok)                                            # into (nI, nJ, B)
        if idx.size == 0:
            continue
        pi, pj, b = np.unravel_index(idx, ok.shape)
        idx_t = (pj * ok.shape[0] + pi) * B + b                             # the same into (nJ, nI, B)
        xf = np.zeros((b.size, sa))
        yf = np.zeros((b.size, sb))
        np.put_along_axis(xf, Si[pi], np.stack([w.ravel()[idx_t] for w in xt], axis=1), axis=1)
        np.put_along_axis(yf, Sj[pj], np.stack([w.ravel()[idx] for w in y], axis=1), axis=1)
        rows_out.append(b)
        x_out.append(xf)
        y_out.append(yf)
    if not rows_out:
        return np.zeros(0, np.intp), np.zeros((0, sa)), np.zeros((0, sb)), suspect
    return np.concatenate(rows_out), np.concatenate(x_out), np.concatenate(y_out), suspect
