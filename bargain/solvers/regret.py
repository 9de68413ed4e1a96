"""Regrets of one game at many profiles, with the per-game work done once (float and exact).

:class:`RegretChecker` keeps each player's payoffs as a matrix (own strategies by the others' pure
profiles), and for an exact game also scaled to integers, so that a float regret is one outer product
and one matrix-vector product a player and an exact regret runs on integers.  :func:`regret_checker`
gives the checker of a game, built once and kept with the (immutable) game, so the verification gate
(:func:`bargain.solvers.result.make_equilibrium`) and the solvers' screens share it.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
*Handbook of Computational Economics* 1, ch. 2 (the deviation payoffs ``v_i(k; x_-i)``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from bargain.model.game import Game

__all__ = ["RegretChecker", "others_product", "payoff_matrices", "regret_checker"]

#: Games with at most this many payoffs (players x pure profiles) run the exact regret on Python integers.
SMALL = 256


def payoff_matrices(payoffs: np.ndarray) -> list[np.ndarray]:
    """Each player's payoffs ``payoffs[i]`` as a matrix: own strategies by the others' pure profiles (C order).

    Parameters
    ----------
    payoffs : numpy.ndarray
        The payoff tensor, shape ``(n, s_1, ..., s_n)``.

    Returns
    -------
    list of numpy.ndarray
        ``M_i`` of shape ``(s_i, prod_{j != i} s_j)``, so that ``v_i = M_i @ others_product(x, i)``.
    """
    n = payoffs.shape[0]
    return [np.moveaxis(payoffs[i], i, 0).reshape(payoffs.shape[1 + i], -1) for i in range(n)]


def others_product(profile: Sequence[Any], i: int) -> np.ndarray:
    """The others' product distribution ``x_j (x) x_k ...`` (``j, k != i``), flattened in C order.

    Parameters
    ----------
    profile : sequence of numpy.ndarray
        One probability vector per player (floats, or integers for the exact check).
    i : int
        The player left out.

    Returns
    -------
    numpy.ndarray
        The column :func:`payoff_matrices`' ``M_i`` multiplies; ``[1]`` in a one-player game.
    """
    out = None
    for j, x in enumerate(profile):
        if j != i:
            out = x if out is None else np.multiply.outer(out, x).ravel()
    # a one-player game: no one else, each payoff matrix has one column
    return np.ones(1, dtype=np.asarray(profile[i]).dtype) if out is None else out


def regret_checker(game: Game) -> RegretChecker:
    """The :class:`RegretChecker` of ``game``, built on first use and kept with the game.

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    RegretChecker
        The same object for every call on the same game.
    """
    return game.memo("regret_checker", lambda: RegretChecker(game))


class RegretChecker:
    """Regrets of one game at many profiles, with the per-game work done once.

    Each player's payoffs are kept as a matrix ``M_i`` (own strategies by the others' pure profiles,
    in C order), so ``v_i = M_i (x_j (x) x_k ...)``: one outer product and one matrix-vector product
    a player, instead of validating the profile and contracting axis by axis.  For exact games the
    payoffs are also scaled to integers (``L_i M_i`` with ``L_i`` the common denominator of player
    ``i``'s payoffs), so an exact check of a rational profile runs on integers: with ``x_j = n_j / d_j``
    and ``N_i = L_i M_i (n_j (x) n_k ...)`` (int64 when no product can overflow, Python integers
    otherwise), ``v_i(k) = N_i(k) / D_i`` with ``D_i = L_i prod_{j != i} d_j``, player ``i``'s payoff is
    ``n_i . N_i / (d_i D_i)`` and the regret ``(d_i max_k N_i(k) - n_i . N_i) / (d_i D_i)``.

    Parameters
    ----------
    game : Game
        The game (float or exact).

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2 (the deviation payoffs ``v_i(k; x_-i)``).
    """

    def __init__(self, game: Game) -> None:
        self.n = game.n_players
        self.shape = game.shape
        self.mats = payoff_matrices(game.payoffs)
        self._exact = game.exact_payoffs
        self._ints: tuple[list[np.ndarray], list[np.ndarray] | None, int, list[int]] | None = None
        #: each player's integer payoff matrix as lists of Python ints, for a small game (:data:`SMALL`)
        self._rows: list[list[list[int]]] | None = None
        #: the integer form and terms of the last profile :meth:`exact_nash_integers` accepted
        self._last: tuple[tuple, list[tuple[int, int, int, int]]] | None = None

    def _integer_mats(self) -> tuple[list[np.ndarray], list[np.ndarray] | None, int, list[int]]:
        """Each player's payoff matrix times the common denominator ``L_i`` of its entries: Python integers,
        int64 when they fit, the largest absolute entry, and the ``L_i`` (built on the first exact check)."""
        if self._ints is None:
            if self._exact is None:
                raise ValueError("an exact check needs an exact game")
            mats, big, dens = [], 0, []
            for i in range(self.n):
                m = [v if type(v) is Fraction else Fraction(v) for v in np.moveaxis(self._exact[i], i, 0).ravel()]
                den = lcm(*(v.denominator for v in m))
                ints = [v.numerator * (den // v.denominator) for v in m]
                big = max(big, max(abs(v) for v in ints))
                mats.append(np.array(ints, dtype=object).reshape(self.shape[i], -1))
                dens.append(den)
            self._ints = (mats, [m.astype(np.int64) for m in mats] if big < 2 ** 62 else None, big, dens)
            if len(mats[0].flat) * self.n <= SMALL:
                self._rows = [[[int(v) for v in row] for row in m] for m in mats]
        return self._ints

    def max_regret(self, profile: list[np.ndarray]) -> float:
        """The largest player's regret at the float ``profile`` (no validation: the caller cleaned it).

        Parameters
        ----------
        profile : list of numpy.ndarray
            One probability vector per player.

        Returns
        -------
        float
            ``max_i (max_k v_i(k) - x_i . v_i)``.
        """
        worst = -np.inf
        for i in range(self.n):
            v = self.mats[i] @ others_product(profile, i)
            worst = max(worst, float(v.max() - v @ profile[i]))
        return worst

    @staticmethod
    def _integer_form(profile: Sequence[Sequence[Any]]) -> tuple[list[list[int]], list[int]]:
        """``(nums, dens)`` of the rational ``profile``: ``x_i = nums[i] / dens[i]``, ``dens[i]`` the lcm."""
        profile = [[p if type(p) is Fraction else Fraction(p) for p in x] for x in profile]
        dens = [lcm(*(p.denominator for p in x)) for x in profile]
        return [[p.numerator * (d // p.denominator) for p in x] for x, d in zip(profile, dens, strict=True)], dens

    def _integer_terms(self, profile: Sequence[Sequence[Any]]) -> Iterator[tuple[int, int, int, int]]:
        """Per player ``(d_i max_k N_i(k), n_i . N_i, d_i, D_i)`` of the rational ``profile`` (see the class)."""
        return self.integer_terms(*self._integer_form(profile))

    def integer_terms(self, nums: Sequence[Sequence[int]], dens: Sequence[int]) -> Iterator[tuple[int, int, int, int]]:
        """Per player ``(d_i max_k N_i(k), n_i . N_i, d_i, D_i)`` of the profile ``x_i = nums[i] / dens[i]``.

        Parameters
        ----------
        nums : sequence of sequence of int
            Each player's probabilities times ``dens[i]`` (integers).
        dens : sequence of int
            Each player's common denominator (positive).

        Returns
        -------
        iterator of tuple of int
            The terms of the exact regret of each player (see the class docstring).
        """
        mats_obj, mats_64, big, lden = self._integer_mats()
        if self._rows is not None:
            yield from self._small_terms(nums, dens, lden)
            return
        bound = big
        for s in self.shape:
            bound *= s
        for d in dens:
            bound *= d
        mats = mats_64 if bound < 2 ** 62 and mats_64 is not None else mats_obj
        vecs = [np.array(x, dtype=mats[0].dtype) for x in nums]
        total = 1
        for d in dens:
            total *= d
        for i in range(self.n):
            N = mats[i] @ others_product(vecs, i)
            yield (dens[i] * int(max(N)), int(sum(int(a) * int(b) for a, b in zip(vecs[i], N, strict=True))),
                   dens[i], lden[i] * (total // dens[i]))

    def _small_terms(self, nums: Sequence[Sequence[int]], dens: Sequence[int], lden: list[int]
                     ) -> Iterator[tuple[int, int, int, int]]:
        """:meth:`integer_terms` of a small game on Python integers (numpy's per-call cost dominates there)."""
        total = 1
        for d in dens:
            total *= d
        for i, rows in enumerate(self._rows):
            col = [1]
            for j, x in enumerate(nums):
                if j != i:
                    col = [a * b for a in col for b in x]          # the others' product, C order
            N = [sum(a * b for a, b in zip(row, col, strict=True)) for row in rows]
            yield (dens[i] * max(N), sum(a * b for a, b in zip(nums[i], N, strict=True)), dens[i],
                   lden[i] * (total // dens[i]))

    def exact_nash(self, profile: Sequence[Sequence[Any]]) -> bool:
        """Whether the rational ``profile`` has exactly zero regret for every player (exact games only).

        Parameters
        ----------
        profile : sequence of sequence of Fraction
            One rational probability vector per player, each summing to one.

        Returns
        -------
        bool
            True when no player gains by a pure deviation, in exact arithmetic.
        """
        return self.exact_nash_integers(*self._integer_form(profile))

    def exact_nash_integers(self, nums: Sequence[Sequence[int]], dens: Sequence[int]) -> bool:
        """:meth:`exact_nash` of the profile ``x_i = nums[i] / dens[i]`` given by integers (no Fractions built).

        Parameters
        ----------
        nums : sequence of sequence of int
            Each player's probabilities times ``dens[i]``.
        dens : sequence of int
            Each player's common denominator (positive).

        Returns
        -------
        bool
            True when no player gains by a pure deviation, in exact arithmetic.
        """
        terms = []
        for t in self.integer_terms(nums, dens):
            if t[0] != t[1]:
                return False
            terms.append(t)
        # an accepted profile is usually verified next (make_equilibrium): keep its terms for exact_regrets
        self._last = ((tuple(map(tuple, nums)), tuple(dens)), terms)
        return True

    def exact_regrets(self, profile: Sequence[Sequence[Any]]) -> tuple[list[Fraction], list[Fraction]]:
        """Every player's exact regret and expected payoff at the rational ``profile`` (exact games only).

        Parameters
        ----------
        profile : sequence of sequence of Fraction
            One rational probability vector per player, each summing to one (not re-validated).

        Returns
        -------
        tuple of list of Fraction
            The regrets ``max_k v_i(k) - u_i`` and the payoffs ``u_i``, player by player.
        """
        nums, dens = self._integer_form(profile)
        if self._last is not None and self._last[0] == (tuple(map(tuple, nums)), tuple(dens)):
            terms: Any = self._last[1]
        else:
            terms = self.integer_terms(nums, dens)
        regrets, pays = [], []
        for best, got, d, D in terms:
            regrets.append(Fraction(best - got, d * D))
            pays.append(Fraction(got, d * D))
        return regrets, pays
