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

from dataclasses import dataclass

import numpy as np

from bargain.errors import GameError

__all__ = ["Batch2x2x2", "closed_form_2x2x2"]


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


def _bilinear(D: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(a, b, c, e)`` of ``Delta(x, y) = a + b x + c y + e x y`` from ``D[s, t]`` (``x``, ``y`` = P(first))."""
    a = D[..., 1, 1]
    b = D[..., 0, 1] - D[..., 1, 1]
    c = D[..., 1, 0] - D[..., 1, 1]
    e = D[..., 0, 0] - D[..., 0, 1] - D[..., 1, 0] + D[..., 1, 1]
    return a, b, c, e


def _regrets(coef, p, q, r) -> np.ndarray:
    """Largest regret of the three players at ``(p, q, r)`` (arrays of equal shape)."""
    out = np.zeros(np.shape(p))
    for (a, b, c, e), own, x, y in ((coef[0], p, q, r), (coef[1], q, p, r), (coef[2], r, p, q)):
        a, b, c, e = (np.expand_dims(v, tuple(range(1, np.ndim(x)))) for v in (a, b, c, e))
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
    coef = [_bilinear(D1), _bilinear(D2), _bilinear(D3)]
    degenerate = np.zeros(B, dtype=bool)
    for D in (D1, D2, D3):                       # a payoff tie at a pure profile
        degenerate |= np.any(np.abs(D.reshape(B, -1)) <= eps[:, None], axis=1)

    cands = []                                   # list of (B, 3) arrays of (p, q, r)
    for s in np.ndindex(2, 2, 2):
        cands.append(np.broadcast_to(np.array([1.0 - v for v in s]), (B, 3)).copy())

    def solve_lin(cf, fixed):
        """Root of Delta(x, fixed) = 0 in x (x is the first argument)."""
        a, b, c, e = cf
        num = -(a + c * fixed)
        den = b + e * fixed
        bad = np.abs(den) <= eps
        with np.errstate(all="ignore"):
            x = np.where(bad, np.nan, num / np.where(bad, 1.0, den))
        return x, bad & (np.abs(num) <= eps)

    # two mixers: (mixers, pure player)
    for pure in range(3):
        for val in (1.0, 0.0):
            if pure == 2:     # p, q mix; r fixed: Delta_1(q, r) gives q, Delta_2(p, r) gives p
                q, bq = solve_lin(coef[0], val)
                p, bp = solve_lin(coef[1], val)
                trip = (p, q, np.full(B, val))
            elif pure == 1:   # p, r mix; q fixed: Delta_1(q, r) = 0 is linear in r; Delta_3(p, q) in p
                a, b, c, e = coef[0]
                r, bq = solve_lin((a, c, b, e), val)
                p, bp = solve_lin(coef[2], val)
                trip = (p, np.full(B, val), r)
            else:             # q, r mix; p fixed: Delta_2(p, r) linear in r; Delta_3(p, q) linear in q
                a, b, c, e = coef[1]
                r, br = solve_lin((a, c, b, e), val)
                a, b, c, e = coef[2]
                q, bq = solve_lin((a, c, b, e), val)
                bp = br
                trip = (np.full(B, val), q, r)
            degenerate |= bp | bq
            cands.append(np.stack(trip, axis=1))

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
            cands.append(np.stack([p, q, r], axis=1))

    X = np.stack(cands, axis=1)                       # (B, 16, 3)
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
