"""Every equilibrium of a batch of 2x2x2 games in closed form, vectorised over the batch.

Write ``p, q, r`` for the probabilities that players 1, 2, 3 play their *first* strategy.  Player
1's payoff advantage of strategy 1 over strategy 2 is bilinear in the others' mixtures,

    Delta_1(q, r) = a_1 + b_1 q + c_1 r + e_1 q r,

and likewise ``Delta_2(p, r)``, ``Delta_3(p, q)``.  ``p`` is a best response iff ``p = 1`` when
``Delta_1 > 0``, ``p = 0`` when ``Delta_1 < 0``, anything when ``Delta_1 = 0``.  So the equilibria are

* pure: the 8 corners, checked by the signs of ``Delta_i`` at pure profiles;
* two players mixing, one pure (6 cases): each mixer's indifference is linear in the other
  mixer's probability, e.g. ``q = -(a_1 + c_1 r) / (b_1 + e_1 r)`` with ``r`` in ``{0, 1}``;
* all three mixing: ``q = N_1(r) / M_1(r)``, ``p = N_2(r) / M_2(r)`` from players 1 and 2, and
  player 3's indifference times ``M_1 M_2`` is the quadratic
  ``a_3 M_1 M_2 + b_3 N_2 M_1 + c_3 N_1 M_2 + e_3 N_1 N_2 = 0`` in ``r``: at most 2 totally mixed
  equilibria, the McKelvey-McLennan (1997) bound for 2x2x2 games.

A generic 2x2x2 game has at most 9 equilibria (McKelvey and McLennan 1997).  Games on which the
closed form is not valid (a payoff tie at a pure profile, a vanishing denominator, a double root,
or an identically zero quadratic: the cases where continua can occur) are flagged
``degenerate``; :func:`bargain.solvers.polynomial.solve_2x2x2_batch` solves those one by one with
the general polynomial solver, which reports continua.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bargain.errors import GameError

__all__ = ["CLOSED_FORM_NOTE", "Batch2x2x2", "closed_form_2x2x2", "closed_form_one"]

#: What a solve of one nondegenerate 2x2x2 game by the closed form says it did.
CLOSED_FORM_NOTE = ("2x2x2 closed form (pure corners, two-mixer linear cases, the totally mixed quadratic); the "
                    "game is nondegenerate, so this is every equilibrium")


@dataclass(frozen=True)
class Batch2x2x2:
    """Equilibria of a batch of ``B`` 2x2x2 games.

    ``profiles[b, k]`` (shape ``(B, K, 6)``, the layout of every batch result, as
    :class:`bargain.solvers.batch.BatchEquilibria`) is game ``b``'s ``k``-th equilibrium: the
    three players' probability vectors one after the other, for ``k < count[b]``; the rest is NaN.
    ``K = max(count)``.
    ``degenerate[b]`` says game ``b`` was solved by the general solver (payoff ties and the
    like); ``continuum[b]`` that it has a positive-dimensional set of equilibria (not in
    ``profiles``: solve that game with :func:`bargain.solve` to see it).

    Parameters
    ----------
    profiles : ndarray
        Shape ``(B, K, 6)``: game ``b``'s ``k``-th equilibrium, players one after the other (NaN padding).
    count : ndarray
        Shape ``(B,)``: the number of equilibria of each game.
    degenerate : ndarray
        Shape ``(B,)``: True where the general solver answered.
    continuum : ndarray
        Shape ``(B,)``: True where the game has a positive-dimensional set of equilibria.
    tol : ndarray
        Shape ``(B,)``: the regret tolerance each game was verified to.
    """

    profiles: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray
    continuum: np.ndarray
    tol: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[np.ndarray], count: np.ndarray, degenerate: np.ndarray, continuum: np.ndarray,
                  tol: np.ndarray) -> Batch2x2x2:
        """Pack per-game rows of first-strategy probabilities (each ``(count[b], 3)``) into a batch.

        Parameters
        ----------
        rows : list of numpy.ndarray
            ``rows[b][k, i]``: the probability player ``i`` puts on their first strategy in game
            ``b``'s ``k``-th equilibrium.
        count, degenerate, continuum, tol : numpy.ndarray
            Per-game fields of the result (see the class docstring).

        Returns
        -------
        Batch2x2x2
            The packed batch, NaN past each game's count.
        """
        B = len(rows)
        K = max(int(count.max()) if B else 0, 1)
        first = np.full((B, K, 3), np.nan)
        for b in range(B):
            first[b, : count[b]] = rows[b]
        profiles = np.stack([first, 1.0 - first], axis=-1).reshape(B, K, 6)
        return cls(profiles, count, degenerate, continuum, tol)

    @property
    def first(self) -> np.ndarray:
        """``(B, K, 3)``: the probability each player puts on their first strategy."""
        return self.profiles[..., 0::2]

    def equilibria(self, b: int) -> np.ndarray:
        """Game ``b``'s equilibria, shape ``(count[b], 6)``.

        Parameters
        ----------
        b : int
            Index of the game in the batch.

        Returns
        -------
        numpy.ndarray
            One row per equilibrium: the three players' mixed strategies, one after the other.
        """
        return self.profiles[b, : self.count[b]]


#: The 8 pure profiles as ``(p, q, r)`` (probabilities of the first strategies), in ``ndindex`` order.
_PURE_CORNERS = np.array([[1.0 - v for v in s] for s in np.ndindex(2, 2, 2)])
#: The 6 two-mixer cases ``(pure player, its value)``: player 1 at 1 and 0, then player 2, then player 3.
_TWO_PURE = np.array([0, 0, 1, 1, 2, 2])
_TWO_PURE_VALUE = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
#: The 12 linear equations of those cases, two a case: case, coordinate solved for, whose ``Delta`` gives it
#: and whether the unknown is that ``Delta``'s first argument (``Delta_1(q, r)``, ``Delta_2(p, r)``,
#: ``Delta_3(p, q)``); the other argument is the pure player's value.  Player 1 pure: ``r`` from
#: ``Delta_2``, ``q`` from ``Delta_3``; player 2 pure: ``r`` from ``Delta_1``, ``p`` from ``Delta_3``;
#: player 3 pure: ``q`` from ``Delta_1``, ``p`` from ``Delta_2``.
_TWO_CASE = np.repeat(np.arange(6), 2)
_TWO_COORD = np.array([2, 1, 2, 1, 2, 0, 2, 0, 1, 0, 1, 0])
_TWO_PLAYER = np.array([1, 2, 1, 2, 0, 2, 0, 2, 0, 1, 0, 1])
_TWO_FIRST = np.array([False, False, False, False, False, True, False, True, True, True, True, True])
_TWO_VALUE = _TWO_PURE_VALUE[_TWO_CASE]


def _bilinear(D: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(a, b, c, e)`` of ``Delta(x, y) = a + b x + c y + e x y`` from ``D[s, t]`` (``x``, ``y`` = P(first))."""
    a = D[..., 1, 1]
    b = D[..., 0, 1] - D[..., 1, 1]
    c = D[..., 1, 0] - D[..., 1, 1]
    e = D[..., 0, 0] - D[..., 0, 1] - D[..., 1, 0] + D[..., 1, 1]
    return a, b, c, e


def _regrets(coef, p, q, r) -> np.ndarray:
    """Largest regret of the three players at ``(p, q, r)`` (arrays of shape ``(B, K)``)."""
    out = np.zeros(np.shape(p))
    for (a, b, c, e), own, x, y in ((coef[0], p, q, r), (coef[1], q, p, r), (coef[2], r, p, q)):
        a, b, c, e = (v[:, None] for v in (a, b, c, e))
        d = a + b * x + c * y + e * x * y
        reg = (1 - own) * np.maximum(d, 0) + own * np.maximum(-d, 0)
        out = np.maximum(out, reg)
    return out


def closed_form_2x2x2(payoffs: np.ndarray, tol: float | None = None) -> Batch2x2x2:
    """All equilibria of each game in ``payoffs`` (shape ``(B, 3, 2, 2, 2)``, or one game ``(3, 2, 2, 2)``).

    ``payoffs[b, i, s1, s2, s3]`` is player ``i``'s payoff in game ``b``.  ``tol`` is the absolute
    regret tolerance (default ``1e-9`` times each game's payoff range, as :attr:`Game.tolerance`).
    Every returned equilibrium has regret at most ``tol``.  Degenerate games are only flagged (their
    rows hold what the closed form found, which may be incomplete).
    """
    U = np.asarray(payoffs, dtype=float)
    if U.shape == (3, 2, 2, 2):
        U = U[None]
    if U.ndim != 5 or U.shape[1:] != (3, 2, 2, 2):
        raise GameError(f"a batch of 2x2x2 games needs payoffs of shape (batch, 3, 2, 2, 2); got {U.shape}")
    if not np.all(np.isfinite(U)):
        raise GameError("payoffs contain NaN or infinite values; every payoff must be a finite number")
    B = U.shape[0]
    rng = np.ptp(U.reshape(B, -1), axis=1)
    rng[rng == 0] = 1.0
    t = 1e-9 * rng if tol is None else np.full(B, float(tol))
    eps = 1e-12 * rng
    D1 = U[:, 0, 0] - U[:, 0, 1]                 # over (s2, s3)
    D2 = U[:, 1, :, 0] - U[:, 1, :, 1]           # over (s1, s3)
    D3 = U[:, 2, :, :, 0] - U[:, 2, :, :, 1]     # over (s1, s2)
    D = np.stack([D1, D2, D3])                   # (player, B, 2, 2)
    degenerate = np.any(np.abs(D.reshape(3, B, 4)) <= eps[:, None], axis=(0, 2))   # a payoff tie at a pure profile
    C = np.stack(_bilinear(D))                   # ((a, b, c, e), player, B): every row contiguous over the batch
    coef = [tuple(C[k, i] for k in range(4)) for i in range(3)]

    # two mixers, one pure player: each unknown solves one linear equation Delta = 0 (all 12 at once)
    G = C[:, _TWO_PLAYER]                        # (4, 12, B)
    first = _TWO_FIRST[:, None]
    value = _TWO_VALUE[:, None]
    slope = np.where(first, G[2], G[1])          # the coefficient of the fixed argument
    den = np.where(first, G[1], G[2]) + G[3] * value
    num = -(G[0] + slope * value)
    bad = np.abs(den) <= eps
    with np.errstate(all="ignore"):
        root = np.where(bad, np.nan, num / np.where(bad, 1.0, den))
    degenerate |= np.any(bad & (np.abs(num) <= eps), axis=0)
    two = np.empty((B, 6, 3))                    # column by column: a fancy-index scatter is slow on large batches
    for k in range(6):
        two[:, k, _TWO_PURE[k]] = _TWO_PURE_VALUE[k]
    for k in range(12):
        two[:, _TWO_CASE[k], _TWO_COORD[k]] = root[k]
    cands = [np.broadcast_to(_PURE_CORNERS, (B, 8, 3)), two]

    # three mixers: quadratic in r
    a1, b1, c1, e1 = coef[0]
    a2, b2, c2, e2 = coef[1]
    a3, b3, c3, e3 = coef[2]
    N1 = (-a1, -c1)          # q = N1(r) / M1(r)
    M1 = (b1, e1)
    N2 = (-a2, -c2)          # p = N2(r) / M2(r)
    M2 = (b2, e2)

    def mul(u, v):
        return (u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[1] * v[1])

    terms = [(a3, mul(M1, M2)), (b3, mul(N2, M1)), (c3, mul(N1, M2)), (e3, mul(N1, N2))]
    C0 = sum(k * m[0] for k, m in terms)
    C1 = sum(k * m[1] for k, m in terms)
    C2 = sum(k * m[2] for k, m in terms)
    scale = np.maximum.reduce([np.abs(C0), np.abs(C1), np.abs(C2)])
    small = 1e-12 * (rng ** 3)
    degenerate |= scale <= small                      # identically zero: a curve of solutions
    quad = np.abs(C2) > 1e-12 * np.maximum(scale, small)
    disc = C1 * C1 - 4 * C2 * C0
    degenerate |= quad & (np.abs(disc) <= 1e-10 * np.maximum(C1 * C1, small * small))   # double root
    with np.errstate(all="ignore"):
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        qq = -0.5 * (C1 + np.copysign(sq, C1))        # stable quadratic formula
        r1 = np.where(quad, qq / C2, -C0 / np.where(C1 != 0, C1, np.nan))
        r2 = np.where(quad, C0 / qq, np.nan)
        for r in (r1, r2):
            m1 = M1[0] + M1[1] * r
            m2 = M2[0] + M2[1] * r
            bad = (np.abs(m1) <= eps) | (np.abs(m2) <= eps)
            inside = (r > 0) & (r < 1)
            degenerate |= bad & inside
            q = (N1[0] + N1[1] * r) / m1
            p = (N2[0] + N2[1] * r) / m2
            cands.append(np.stack([p, q, r], axis=1)[:, None])

    X = np.concatenate(cands, axis=1)                 # (B, 16, 3)
    finite = np.all(np.isfinite(X), axis=2)
    inside = np.all((X >= -1e-12) & (X <= 1 + 1e-12), axis=2) & finite
    # a mixed root on the boundary coincides with another support: a degenerate coincidence
    mixed_part = X[:, 8:, :]
    is_mixed_coord = np.ones_like(mixed_part, dtype=bool)
    for k, pure in enumerate([0, 0, 1, 1, 2, 2]):
        is_mixed_coord[:, k, pure] = False
    edge_mixed = np.any(((np.abs(mixed_part) <= 1e-9) | (np.abs(mixed_part - 1) <= 1e-9)) & is_mixed_coord, axis=2)
    degenerate |= np.any(edge_mixed & inside[:, 8:], axis=1)
    Xc = np.clip(np.where(finite[..., None], X, 0.5), 0.0, 1.0)
    reg = _regrets(coef, Xc[..., 0], Xc[..., 1], Xc[..., 2])
    ok = inside & (reg <= t[:, None])
    # drop mixed candidates that are really pure (coordinates exactly 0/1 handled by the pure slots)
    ok[:, 8:] &= ~edge_mixed
    count = ok.sum(axis=1)
    continuum = np.zeros(B, dtype=bool)
    rows = [Xc[b, ok[b]] for b in range(B)]
    return Batch2x2x2.from_rows(rows, count, degenerate, continuum, t)


def _div(a: float, b: float) -> float:
    """``a / b`` with IEEE semantics (``±inf`` or NaN for a zero ``b``), as numpy divides."""
    if b != 0.0:
        return a / b
    with np.errstate(all="ignore"):
        return float(np.float64(a) / np.float64(b))


def closed_form_one(U: np.ndarray, tol: float) -> tuple[bool, list[tuple[float, float, float]]]:
    """:func:`closed_form_2x2x2` of one game in Python floats: ``(degenerate, rows)``.

    The same operations in the same order on scalars (each correctly rounded, as numpy's elementwise
    operations are), so ``rows`` (each ``(p, q, r)``, probabilities of the first strategies, clipped to
    [0, 1]) and the ``degenerate`` flag are bit for bit those of the batch routine with ``B = 1``, without
    its hundred numpy calls on arrays of one element.

    Parameters
    ----------
    U : numpy.ndarray
        Float payoffs of shape ``(3, 2, 2, 2)`` (finite).
    tol : float
        The absolute regret tolerance.

    Returns
    -------
    tuple
        ``(degenerate, rows)``.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. *J. Economic Theory* 72, 411-425 (see the module docstring for the algebra).
    """
    flat = U.ravel().tolist()
    rng = max(flat) - min(flat)
    if rng == 0:
        rng = 1.0
    eps = 1e-12 * rng
    u = [flat[8 * i: 8 * i + 8] for i in range(3)]          # each player's block in (s1, s2, s3) order
    # D_i[s, t]: the others' strategies (s, t) in player order; first strategy minus second
    D = [[u[0][2 * s + t] - u[0][4 + 2 * s + t] for s in (0, 1) for t in (0, 1)],
         [u[1][4 * s + t] - u[1][4 * s + 2 + t] for s in (0, 1) for t in (0, 1)],
         [u[2][4 * s + 2 * t] - u[2][4 * s + 2 * t + 1] for s in (0, 1) for t in (0, 1)]]
    degenerate = any(abs(d) <= eps for Di in D for d in Di)
    coef = [(d11, d01 - d11, d10 - d11, d00 - d01 - d10 + d11) for d00, d01, d10, d11 in D]

    cands: list[list[float]] = [list(x) for x in _PURE_CORNERS.tolist()]
    two = [[0.0, 0.0, 0.0] for _ in range(6)]
    for k in range(6):
        two[k][int(_TWO_PURE[k])] = float(_TWO_PURE_VALUE[k])
    for k in range(12):
        a, b, c, e = coef[int(_TWO_PLAYER[k])]
        value = float(_TWO_VALUE[k])
        first = bool(_TWO_FIRST[k])
        slope = c if first else b
        den = (b if first else c) + e * value
        num = -(a + slope * value)
        bad = abs(den) <= eps
        degenerate |= bad and abs(num) <= eps
        two[int(_TWO_CASE[k])][int(_TWO_COORD[k])] = math.nan if bad else num / den
    cands += two

    (a1, b1, c1, e1), (a2, b2, c2, e2), (a3, b3, c3, e3) = coef
    N1, M1, N2, M2 = (-a1, -c1), (b1, e1), (-a2, -c2), (b2, e2)

    def mul(x: tuple[float, float], y: tuple[float, float]) -> tuple[float, float, float]:
        return x[0] * y[0], x[0] * y[1] + x[1] * y[0], x[1] * y[1]

    terms = [(a3, mul(M1, M2)), (b3, mul(N2, M1)), (c3, mul(N1, M2)), (e3, mul(N1, N2))]
    C0 = sum(k * m[0] for k, m in terms)
    C1 = sum(k * m[1] for k, m in terms)
    C2 = sum(k * m[2] for k, m in terms)
    scale = max(abs(C0), abs(C1), abs(C2))
    small = float(1e-12 * (np.full(1, rng) ** 3)[0])        # numpy's power, as the batch computes it
    degenerate |= scale <= small
    quad = abs(C2) > 1e-12 * max(scale, small)
    disc = C1 * C1 - 4 * C2 * C0
    degenerate |= quad and abs(disc) <= 1e-10 * max(C1 * C1, small * small)
    sq = math.sqrt(disc) if disc >= 0 else math.nan
    qq = -0.5 * (C1 + math.copysign(sq, C1))
    r1 = _div(qq, C2) if quad else _div(-C0, C1 if C1 != 0 else math.nan)
    r2 = _div(C0, qq) if quad else math.nan
    for r in (r1, r2):
        m1 = M1[0] + M1[1] * r
        m2 = M2[0] + M2[1] * r
        bad = abs(m1) <= eps or abs(m2) <= eps
        degenerate |= bad and 0 < r < 1
        cands.append([_div(N2[0] + N2[1] * r, m2), _div(N1[0] + N1[1] * r, m1), r])

    def clip(v: float) -> float:
        return 0.0 if v < 0.0 else 1.0 if v > 1.0 else v

    rows = []
    for k, x in enumerate(cands):
        finite = all(math.isfinite(v) for v in x)
        inside = finite and all(-1e-12 <= v <= 1 + 1e-12 for v in x)
        edge = k >= 8 and any((abs(v) <= 1e-9 or abs(v - 1) <= 1e-9) and (k >= 14 or j != int(_TWO_PURE[k - 8]))
                              for j, v in enumerate(x))
        degenerate |= edge and inside
        # numpy's clip: v unless strictly beyond a bound (so -0.0 stays -0.0)
        xc = [clip(v) for v in x] if finite else [0.5, 0.5, 0.5]
        if inside and not edge and _regret_one(coef, xc) <= tol:
            rows.append((xc[0], xc[1], xc[2]))
    return degenerate, rows


def _regret_one(coef: list[tuple[float, float, float, float]], x: list[float]) -> float:
    """:func:`_regrets` at one point ``x = (p, q, r)``."""
    out = 0.0
    p, q, r = x
    for (a, b, c, e), own, u, v in ((coef[0], p, q, r), (coef[1], q, p, r), (coef[2], r, p, q)):
        d = a + b * u + c * v + e * u * v
        reg = (1 - own) * max(d, 0.0) + own * max(-d, 0.0)
        out = max(out, reg)
    return out
