"""Dominance: by a mixture of strategies (a linear program), and conditional on the others' supports.

A pure strategy ``a`` is strictly dominated by a mixed strategy ``sigma`` of the others if
``sigma . u(., s) > u(a, s)`` for every profile ``s`` of the opponents; weakly if ``>=`` everywhere
and ``>`` somewhere (Fudenberg and Tirole 1991, sec. 2.1).  :meth:`bargain.model.game.Game.dominated_strategies`
uses this for ``mixed=True``.  :class:`ConditionalDominance` prunes support enumeration: a strategy
beaten against every profile of the others' supports is in no equilibrium with those supports
(Porter, Nudelman and Shoham 2008, sec. 3); both the polynomial solver and the batch engine use it.

References
----------
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press.
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ConditionalDominance", "mixed_dominated"]


def mixed_dominated(m: np.ndarray, a: int, strict: bool, tol: float) -> bool:
    """Whether row ``a`` of ``m`` is dominated by a mixture of the other rows (linear program).

    Parameters
    ----------
    m:
        One row per own strategy, one column per profile of the opponents (a player's payoffs).
    a:
        The row to test.
    strict:
        Strict dominance (a positive margin against every column) or weak dominance.
    tol:
        The margin a dominance must exceed.

    Returns
    -------
    bool
        Whether some mixture of the other rows dominates row ``a``.
    """
    from scipy.optimize import linprog

    others = [b for b in range(m.shape[0]) if b != a]
    k, s = len(others), m.shape[1]
    mo = m[others]
    if strict:
        # max eps  s.t.  sigma @ mo >= m[a] + eps,  sum sigma = 1, sigma >= 0
        c = np.zeros(k + 1)
        c[-1] = -1.0
        a_ub = np.hstack([-mo.T, np.ones((s, 1))])
        res = linprog(c, A_ub=a_ub, b_ub=-m[a], A_eq=[[1.0] * k + [0.0]], b_eq=[1.0],
                      bounds=[(0, None)] * k + [(None, None)], method="highs")
        return bool(res.status == 0 and -res.fun > tol)
    # weak: max sum(sigma @ mo - m[a])  s.t.  sigma @ mo >= m[a], sum sigma = 1
    res = linprog(-mo.sum(axis=1), A_ub=-mo.T, b_ub=-m[a], A_eq=[[1.0] * k], b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    return bool(res.status == 0 and (-res.fun - m[a].sum()) > tol)


class ConditionalDominance:
    """Which strategies are conditionally dominated given the others' supports, for a batch of games.

    Strategy ``k`` of player ``i`` is conditionally dominated given the others' supports ``S_{-i}``
    when some other strategy ``k'`` beats it against every pure profile in ``S_{-i}``; then no
    equilibrium has ``k`` in ``i``'s support while the others use exactly ``S_{-i}`` (Porter,
    Nudelman and Shoham 2008, sec. 3).  "Beats" is strict (by more than ``tol`` everywhere) or,
    with ``strict=False``, weak with one strict inequality (never worse by more than ``tol``,
    better by more than ``tol`` somewhere): enough when the others use *every* strategy of their
    supports with positive probability.  Answers are cached per (player, others' supports).

    Parameters
    ----------
    payoffs : ndarray, shape (B, n, s_1, ..., s_n)
        ``B`` games' payoffs, ``payoffs[b, i]`` player ``i``'s payoff tensor in game ``b``.
    tol : float
        The margin a strategy must exceed to beat another.
    strict : bool, default True
        Strict dominance against every profile, or weak dominance with one strict inequality.
    better_tol : float, optional
        With ``strict=False``, the margin of the one strict inequality (default ``tol``): a test with
        ``tol <= t <= better_tol`` for a solver's margin ``t`` prunes only what that solver prunes.

    References
    ----------
    Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
    equilibrium. *Games and Economic Behavior* 63(2), 642-662.
    """

    def __init__(self, payoffs: np.ndarray, tol: float, *, strict: bool = True,
                 better_tol: float | None = None) -> None:
        self.tol = tol
        self.strict = strict
        self.shape = tuple(payoffs.shape[2:])
        batch = payoffs.shape[0]
        # Per player, relations between own strategies k', k at each of the others' flat profiles r:
        # rel[i] = (fails, better) with fails[b, k', k, r] when k' does not beat k there (strict: not
        # better by more than tol; weak: worse by more than tol), better[b, k', k, r] when k' is
        # better by more than tol.  Where the others have at most 62 profiles the r axis is packed
        # into the bits of one int64, so a query is a few integer operations per pair (k', k).
        self._rel: list[tuple[np.ndarray, np.ndarray, bool]] = []
        for i, s in enumerate(self.shape):
            own = np.moveaxis(payoffs[:, i], 1 + i, 1).reshape(batch, s, -1)
            diff = own[:, :, None, :] - own[:, None, :, :]          # diff[b, k', k, r] = u(k', r) - u(k, r)
            fails = diff <= tol if strict else diff < -tol
            better = fails if strict else diff > (tol if better_tol is None else better_tol)   # unused when strict
            packed = diff.shape[-1] <= 62
            if packed:
                fails = _pack(fails)
                better = fails if strict else _pack(better)
            self._rel.append((fails, better, packed))
        self._masks: dict[tuple[int, tuple[tuple[int, ...], ...]], np.ndarray] = {}
        self._bits: dict[tuple[int, tuple[tuple[int, ...], ...]], np.ndarray] = {}

    def mask(self, i: int, others: tuple[tuple[int, ...], ...]) -> np.ndarray:
        """Per game, which of player ``i``'s strategies are conditionally dominated.

        Parameters
        ----------
        i : int
            The player.
        others : tuple of tuple of int
            The other players' supports, in player order without ``i``.

        Returns
        -------
        ndarray of bool, shape (B, s_i)
            ``True`` where the strategy is conditionally dominated in that game.
        """
        key = (i, others)
        out = self._masks.get(key)
        if out is None:
            sizes = [s for j, s in enumerate(self.shape) if j != i]
            idx = np.ravel_multi_index(np.ix_(*others), sizes).ravel() if sizes else np.zeros(1, int)
            fails, better, packed = self._rel[i]
            if packed:
                rmask = np.int64(sum(1 << int(r) for r in idx))
                beats = (fails & rmask) == 0
                if not self.strict:
                    beats &= (better & rmask) != 0
            else:
                beats = ~fails[..., idx].any(axis=3)
                if not self.strict:
                    beats &= better[..., idx].any(axis=3)
            out = beats[:, 0].copy()
            for kp in range(1, beats.shape[1]):                   # any k' (a loop: s_i is small, B large)
                out |= beats[:, kp]
            self._masks[key] = out
        return out

    def not_beating(self, i: int) -> np.ndarray:
        """The packed strict relation: where strategy ``k'`` of player ``i`` does not beat ``k``.

        Parameters
        ----------
        i : int
            The player.

        Returns
        -------
        ndarray of int64, shape (B, s_i, s_i)
            Entry ``[b, k', k]`` has bit ``r`` set when ``u_i(k', r) - u_i(k, r) <= tol`` at the
            others' flat profile ``r`` (so bit ``r`` is always set for ``k' = k``).

        Raises
        ------
        ValueError
            If the dominance is weak, or the others have more than 62 profiles (nothing packed).
        """
        fails, _, packed = self._rel[i]
        if not (self.strict and packed):
            raise ValueError("the packed relation exists for strict dominance over at most 62 profiles")
        return fails

    def bits(self, i: int, others: tuple[tuple[int, ...], ...]) -> np.ndarray:
        """:meth:`mask` as integer bit masks (bit ``k`` set: strategy ``k`` is dominated; ``s_i <= 62``).

        Parameters
        ----------
        i : int
            The player.
        others : tuple of tuple of int
            The other players' supports, in player order without ``i``.

        Returns
        -------
        ndarray of int64, shape (B,)
            One bit mask per game.
        """
        key = (i, others)
        out = self._bits.get(key)
        if out is None:
            mask = self.mask(i, others)
            out = np.zeros(mask.shape[0], np.int64)
            for k in range(mask.shape[1]):
                out |= mask[:, k].astype(np.int64) << k
            self._bits[key] = out
        return out


def _pack(flags: np.ndarray) -> np.ndarray:
    """Pack the last axis (at most 62 flags) of a boolean array into the bits of int64 integers."""
    out = np.zeros(flags.shape[:-1], np.int64)
    for r in range(flags.shape[-1]):
        out |= flags[..., r].astype(np.int64) << r
    return out
