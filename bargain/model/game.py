"""The normal-form game.

A finite game in strategic form (von Neumann and Morgenstern 1944; Osborne and Rubinstein 1994,
ch. 2) is a list of players ``i = 1..n``, a finite strategy set ``S_i`` for each, and payoff
functions ``u_i : S_1 x ... x S_n -> R``.  :class:`Game` stores the payoffs as one array of shape
``(n, s_1, ..., s_n)``: ``payoffs[i][a_1, ..., a_n] = u_i(a_1, ..., a_n)``.

A mixed profile is a tuple ``(x_1, ..., x_n)`` of probability vectors.  Player ``i``'s payoff to
pure strategy ``k`` against the others' mixtures (the *deviation payoff*) is

    v_i(k; x_{-i}) = sum_{a_{-i}} u_i(k, a_{-i}) prod_{j != i} x_j(a_j),

their expected payoff is ``u_i(x) = x_i . v_i(.; x_{-i})``, and their *regret* is
``max_k v_i(k; x_{-i}) - u_i(x)``.  A profile is a Nash equilibrium iff every regret is zero
(Nash 1951); numerically, iff every regret is at most a tolerance scaled to the payoff range.

Games are immutable: their arrays are read-only and attributes cannot be reassigned.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.dominance import mixed_dominated
from bargain.model.labels import player_position
from bargain.model.numbers import (
    check_float_range,
    contract,
    format_number,
    is_distribution,
    is_exact_input,
    is_number,
    to_fraction_array,
)
from bargain.model.rich import RichDisplay
from bargain.model.scale import (
    MAX_PAYOFF_ENTRIES,
    MAX_PLAYERS,
    RELATIVE_TOLERANCE,
    check_game_size,
    normalise_exact,
    normalise_per_player,
    player_tolerances,
)

__all__ = ["MAX_PAYOFF_ENTRIES", "MAX_PLAYERS", "RELATIVE_TOLERANCE", "Game", "Profile", "check_game_size",
           "contract", "normalise_per_player"]

Profile = tuple[np.ndarray, ...]

def _as_labels(labels: Sequence[str] | None, count: int, default_prefix: str, what: str) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"{default_prefix}{k + 1}" for k in range(count))
    if isinstance(labels, str):
        raise GameError(f"{what} must be a sequence of {count} names, not the single string {labels!r}")
    labels = tuple(str(x) for x in labels)
    if len(labels) != count:
        raise GameError(f"{what} has {len(labels)} names but the payoff array needs {count}: give one name each")
    if len(set(labels)) != len(labels):
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        raise GameError(f"{what} has duplicate names {dupes}: each name must be unique")
    return labels


class Game(RichDisplay):
    """A finite n-player game in normal (strategic) form.

    Parameters
    ----------
    payoffs : Any
        Array-like of shape ``(n_players, s_1, ..., s_n)``; ``payoffs[i][a_1, ..., a_n]`` is player
        ``i``'s payoff when each player ``j`` plays strategy ``a_j``.  Ints and
        ``fractions.Fraction`` give an *exact* game (rational equilibria); floats a float game.
    players : Sequence[str] | None, optional
        Player names (default ``P1..Pn``).
    strategies : Sequence[Sequence[str]] | None, optional
        One sequence of strategy names per player (default ``S1..Sk``).

    Raises
    ------
    GameError
        For payoffs that are not a real array of shape ``(n_players, s_1, ..., s_n)`` (ragged,
        complex, boolean, non-numeric or non-finite entries, an empty strategy set), or player or
        strategy names of the wrong number or with duplicates.

    Examples
    --------
    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # Prisoner's Dilemma
    >>> g.shape
    (2, 2)
    """

    __slots__ = ("_exact", "_frozen", "_hash", "_memo", "_payoffs", "_players", "_scales", "_strategies")

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> None:
        raw = payoffs.payoffs if isinstance(payoffs, Game) else payoffs
        if isinstance(raw, np.ndarray) and raw.ndim >= 1:
            check_game_size(raw.shape[1:])
        try:
            arr = np.array(raw)
        except (ValueError, TypeError, MemoryError) as exc:
            raise GameError(f"payoffs could not be read as an array ({exc}): give a nested list or numpy array "
                            "of shape (n_players, s_1, ..., s_n)") from None
        # A ragged nested list becomes an object array of lists: catch it here.
        if arr.dtype == object and any(isinstance(x, list | tuple | np.ndarray) for x in arr.flat):
            raise GameError("payoffs are ragged (rows of different lengths): every player's payoff array must "
                            "have the same shape (s_1, ..., s_n)")
        if arr.ndim < 2:
            raise GameError(f"payoffs have shape {arr.shape}; expected (n_players, s_1, ..., s_n) with one strategy "
                            "axis per player, e.g. (2, 3, 4) for a 3x4 two-player game")
        n = arr.shape[0]
        if arr.ndim - 1 != n:
            raise GameError(f"payoffs have shape {arr.shape}: {n} player(s) on the first axis but {arr.ndim - 1} "
                            f"strategy axes; the shape must be (n_players, s_1, ..., s_n) with n_players = number "
                            f"of strategy axes (for two players use Game.from_matrices(A, B))")
        check_game_size(arr.shape[1:])
        if any(s == 0 for s in arr.shape[1:]):
            empty = [k + 1 for k, s in enumerate(arr.shape[1:]) if s == 0]
            raise GameError(f"player(s) {empty} have an empty strategy set (shape {arr.shape}); every player needs "
                            "at least one strategy")
        exact = None
        if arr.dtype.kind == "b":
            raise GameError("payoffs are booleans; give numbers")
        if arr.dtype.kind in "cO" and (bad := next((x for x in arr.flat if isinstance(x, complex | np.complexfloating)),
                                                   None)) is not None:
            raise GameError(f"payoff {bad!r} is a complex number: payoffs must be real (ints, floats or Fractions)")
        if is_exact_input(arr):
            exact = to_fraction_array(arr)
            exact.flags.writeable = False
            flt = np.array([check_float_range(x, "a payoff") for x in exact.flat], dtype=float).reshape(arr.shape)
        else:
            try:
                flt = arr.astype(float)
            except OverflowError:
                flt = np.array([check_float_range(x, "a payoff") for x in arr.flat], dtype=float).reshape(arr.shape)
            except (TypeError, ValueError):
                bad = next((x for x in arr.flat if not is_number(x)), None)
                raise GameError(f"payoff {bad!r} is not a number: payoffs must be ints, floats or Fractions") from None
        if not np.all(np.isfinite(flt)):
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(flt))[0])
            raise GameError(f"payoff at index {where} (player {where[0] + 1}, profile {where[1:]}) is "
                            f"{flt[where]}; payoffs must be finite numbers")
        flt.flags.writeable = False
        self._payoffs = flt
        self._exact = exact
        self._players = _as_labels(players, n, "P", "players")
        if strategies is None:
            self._strategies = tuple(_as_labels(None, s, "S", "") for s in flt.shape[1:])
        else:
            if isinstance(strategies, str) or len(strategies) != n:
                raise GameError(f"strategies must give one list of names per player ({n} lists), "
                                f"got {len(strategies) if not isinstance(strategies, str) else 'a string'}")
            self._strategies = tuple(
                _as_labels(strats, s, "S", f"strategies of {self._players[i]}")
                for i, (strats, s) in enumerate(zip(strategies, flt.shape[1:], strict=True))
            )
        self._hash = None
        self._scales = None
        self._memo: dict[str, Any] = {}
        self._frozen = True

    # ----------------------------------------------------------------- immutability
    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError("Game is immutable; build a new Game instead")
        object.__setattr__(self, name, value)

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_matrices(
        cls,
        A: Any,
        B: Any | None = None,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> Game:
        """A two-player game from the row player's matrix ``A`` and column player's ``B``.

        With ``B`` omitted the game is zero-sum, ``B = -A`` (as in nashpy).
        """
        try:
            a = np.array(A)
            b = -a if B is None else np.array(B)
        except (ValueError, TypeError) as exc:
            raise GameError(f"payoff matrices could not be read ({exc})") from None
        if a.ndim != 2 or b.ndim != 2:
            raise GameError(f"payoff matrices must be 2-D; got A with shape {a.shape} and B with shape {b.shape}")
        if a.shape != b.shape:
            raise GameError(f"A has shape {a.shape} but B has shape {b.shape}: both must be (rows, columns)")
        if a.dtype == object or b.dtype == object:
            payoffs = np.empty((2, *a.shape), dtype=object)
            payoffs[0], payoffs[1] = a, b
        else:
            payoffs = np.stack([a, b])
        return cls(payoffs, players=players, strategies=strategies)

    def to_exact(self) -> Game:
        """This game with rational payoffs (floats read by their decimal repr: 0.1 -> 1/10)."""
        if self._exact is not None:
            return self
        return Game(to_fraction_array(self._payoffs), self._players, self._strategies)

    def to_float(self) -> Game:
        """This game with float payoffs (solvers then return float equilibria)."""
        if self._exact is None:
            return self
        return Game(self._payoffs, self._players, self._strategies)

    # ----------------------------------------------------------------- properties
    @property
    def payoffs(self) -> np.ndarray:
        """Float payoff array of shape ``(n_players, s_1, ..., s_n)`` (read-only)."""
        return self._payoffs

    @property
    def exact_payoffs(self) -> np.ndarray | None:
        """Object array of Fractions when the game is exact, else None."""
        return self._exact

    @property
    def is_exact(self) -> bool:
        """True when all payoffs were given as rationals (ints or Fractions)."""
        return self._exact is not None

    @property
    def n_players(self) -> int:
        return self._payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self._payoffs.shape[1:]

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self._strategies

    @property
    def num_profiles(self) -> int:
        return int(np.prod(self.shape))

    @property
    def tolerances(self) -> np.ndarray:
        """Each player's regret tolerance: ``1e-9`` times *that player's own* payoff range (see
        :func:`bargain.model.scale.player_tolerances`), so no player's large payoffs hide another's regret."""
        return player_tolerances(*self._player_scales())

    @property
    def payoff_magnitudes(self) -> np.ndarray:
        """Each player's largest absolute payoff (the scale their regrets are computed on)."""
        return self._player_scales()[0]

    def _player_scales(self) -> tuple[np.ndarray, np.ndarray]:
        if self._scales is None:
            _, mag, spread = normalise_per_player(self._payoffs, self.n_players)
            mag.flags.writeable = False
            spread.flags.writeable = False
            object.__setattr__(self, "_scales", (mag, spread))
        return self._scales

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A structure derived from this (immutable) game, e.g. a solver's per-game matrices: ``build()``
        on the first call with ``key``, the kept object after."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    @property
    def tolerance(self) -> float:
        """The largest of :attr:`tolerances`, a scale for ties; regrets are checked against :attr:`tolerances`."""
        return float(np.max(self.tolerances))

    def normalised(self) -> Game:
        """The same game, each player's payoffs mapped affinely onto [0, 1] (exactly when exact): the same
        equilibria, every player's regret on one scale, no overflow (see :mod:`bargain.model.scale`); built once, then
        kept with this (immutable) game."""
        return self.memo("normalised", lambda: Game(
            normalise_exact(self._exact) if self._exact is not None else
            normalise_per_player(self._payoffs, self.n_players)[0], self._players, self._strategies))

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` float matrices of a two-player game."""
        self._require_players(2, "matrices()")
        return self._payoffs[0], self._payoffs[1]

    def exact_matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` Fraction matrices of an exact two-player game."""
        self._require_players(2, "exact_matrices()")
        if self._exact is None:
            raise GameError("this game has float payoffs; call game.to_exact() first for exact matrices")
        return self._exact[0], self._exact[1]

    def _require_players(self, n: int, what: str) -> None:
        if self.n_players != n:
            raise GameError(f"{what} needs a {n}-player game; this game has {self.n_players} players")

    # ----------------------------------------------------------------- labels
    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        return player_position(self._players, player)

    def strategy_index(self, player: int | str, strategy: int | str) -> int:
        """Index of one of a player's strategies given by index or name."""
        i = self.player_index(player)
        labels = self._strategies[i]
        if isinstance(strategy, str):
            if strategy not in labels:
                from bargain.errors import did_you_mean

                raise GameError(f"{self._players[i]} has no strategy {strategy!r}; strategies are {list(labels)}"
                                f"{did_you_mean(strategy, labels)}")
            return labels.index(strategy)
        k = int(strategy)
        if not 0 <= k < len(labels):
            raise GameError(f"strategy index {k} out of range 0..{len(labels) - 1} for {self._players[i]}")
        return k

    # ----------------------------------------------------------------- profiles
    def check_profile(self, profile: Any, tol: float = 1e-9) -> Profile:
        """Validate a mixed profile and return it as a tuple of float arrays.

        Each entry may be a probability vector, or an int (or strategy name) for a pure strategy.
        Raises :class:`GameError` if the profile has the wrong number of players, a vector of the
        wrong length, a negative or non-finite entry, or a vector that does not sum to 1.
        """
        if isinstance(profile, np.ndarray) and profile.ndim == 1 and self.n_players == 1:
            profile = (profile,)
        try:
            items = list(profile)
        except TypeError:
            raise GameError(f"a profile must be a sequence of {self.n_players} probability vectors") from None
        if len(items) != self.n_players:
            raise GameError(f"profile has {len(items)} strategies but the game has {self.n_players} players: "
                            "give one probability vector per player")
        out = []
        for i, (x, s) in enumerate(zip(items, self.shape, strict=True)):
            if isinstance(x, int | np.integer | str) and not isinstance(x, bool):
                v = np.zeros(s)
                v[self.strategy_index(i, x)] = 1.0
                out.append(v)
                continue
            try:
                v = np.array([float(t) for t in np.asarray(x, dtype=object).ravel()], dtype=float)
            except (TypeError, ValueError):
                raise GameError(f"strategy of {self._players[i]} ({x!r}) is not a vector of numbers") from None
            if np.asarray(x, dtype=object).ndim != 1 or v.size != s:
                raise GameError(f"strategy of {self._players[i]} has {v.size} entries but they have {s} strategies")
            if not np.all(np.isfinite(v)):
                raise GameError(f"strategy of {self._players[i]} has a non-finite entry: {v}")
            if np.any(v < -tol):
                raise GameError(f"strategy of {self._players[i]} has a negative probability: {v}")
            if abs(v.sum() - 1.0) > max(tol, 1e-12) * s:
                raise GameError(f"strategy of {self._players[i]} sums to {v.sum():.12g}, not 1: "
                                "probabilities must add up to one")
            v = np.clip(v, 0.0, None)
            out.append(v / v.sum())
        return tuple(out)

    def check_exact_profile(self, profile: Any) -> tuple[np.ndarray, ...]:
        """Validate a profile of rationals that sums exactly to one per player (object arrays)."""
        if len(profile) != self.n_players:
            raise GameError(f"profile has {len(profile)} strategies but the game has {self.n_players} players")
        out = []
        for i, (x, s) in enumerate(zip(profile, self.shape, strict=True)):
            if type(x) in (tuple, list) and len(x) == s and all(type(t) is Fraction for t in x):
                v = np.empty(s, dtype=object)       # the solvers' form, Fractions already: no conversion
                v[:] = x
            elif isinstance(x, int | np.integer) and not isinstance(x, bool):
                v = np.array([Fraction(int(k == x)) for k in range(s)], dtype=object)
            else:
                v = to_fraction_array(np.asarray(x, dtype=object).ravel())
            if v.size != s:
                raise GameError(f"strategy of {self._players[i]} has {v.size} entries but they have {s} strategies")
            if not is_distribution(v):
                raise GameError(f"strategy of {self._players[i]} is not an exact probability vector: "
                                f"{[format_number(t) for t in v]}")
            out.append(v)
        return tuple(out)

    def pure_profile(self, indices: Sequence[int | str]) -> Profile:
        """The degenerate mixed profile that plays the given pure strategies."""
        return self.check_profile(list(indices))

    # ----------------------------------------------------------------- payoffs of profiles
    def _payoff_tensor(self, exact: bool) -> np.ndarray:
        if exact:
            if self._exact is None:
                raise GameError("exact evaluation needs an exact game; call game.to_exact() first")
            return self._exact
        return self._payoffs

    def deviation_payoffs(self, profile: Any, player: int | str, *, exact: bool = False) -> np.ndarray:
        """``v_i(k; x_{-i})`` for every pure strategy ``k`` of ``player`` against the others' mixtures."""
        i = self.player_index(player)
        prof = self.check_exact_profile(profile) if exact else self.check_profile(profile)
        return contract(self._payoff_tensor(exact)[i], prof, [i])

    def expected_payoffs(self, profile: Any, *, exact: bool = False) -> np.ndarray:
        """Expected payoff ``u_i(x)`` of each player under the mixed profile."""
        prof = self.check_exact_profile(profile) if exact else self.check_profile(profile)
        tensor = self._payoff_tensor(exact)
        return np.array([contract(tensor[i], prof, [i]) @ prof[i] for i in range(self.n_players)],
                        dtype=object if exact else float)

    def regrets(self, profile: Any, *, exact: bool = False) -> np.ndarray:
        """Each player's gain from their best pure deviation (all zero at a Nash equilibrium)."""
        prof = self.check_exact_profile(profile) if exact else self.check_profile(profile)
        tensor = self._payoff_tensor(exact)
        out = []
        for i in range(self.n_players):
            v = contract(tensor[i], prof, [i])
            out.append(max(v) - v @ prof[i])
        return np.array(out, dtype=object if exact else float)

    def regret(self, profile: Any, *, exact: bool = False) -> Any:
        """Maximum regret over players: how much the best deviation gains (0 at equilibrium)."""
        return max(self.regrets(profile, exact=exact))

    def is_nash(self, profile: Any, tol: float | None = None, *, exact: bool = False) -> bool:
        """Whether ``profile`` is a Nash equilibrium: every player's regret at most their own tolerance.

        The default tolerance is :attr:`tolerances` (player by player); a number ``tol`` bounds every
        player's regret; with ``exact`` every regret must be exactly 0.
        """
        if exact:
            return self.regret(profile, exact=True) == 0
        t = self.tolerances if tol is None else tol
        return bool(np.all(self.regrets(profile) <= t))

    def pairwise_payoffs(self, profile: Any, player: int | str, other: int | str) -> np.ndarray:
        """``M[k, l]``: ``player``'s payoff from pure ``k`` when ``other`` plays pure ``l`` and the rest mix.

        This is ``d v_i(k; x_{-i}) / d x_j(l)``, the block of the Jacobian of the deviation payoffs
        used by the replicator field, regularity and comparative statics.  For two players it is
        the payoff matrix (``A`` or ``B^T``).
        """
        i, j = self.player_index(player), self.player_index(other)
        if i == j:
            raise GameError("pairwise_payoffs needs two different players")
        return contract(self._payoffs[i], self.check_profile(profile), [i, j])

    def best_responses(self, profile: Any, player: int | str, tol: float | None = None) -> tuple[int, ...]:
        """Indices of ``player``'s pure best responses to the others' mixtures (ties within ``tol``)."""
        v = self.deviation_payoffs(profile, player)
        t = self.tolerances[self.player_index(player)] if tol is None else tol
        return tuple(int(k) for k in np.flatnonzero(v >= v.max() - t))

    # ----------------------------------------------------------------- structure
    def is_constant_sum(self, tol: float = 0.0) -> bool:
        """Whether payoffs sum to the same constant at every profile (exactly, or within ``tol``)."""
        if self._exact is not None and tol == 0.0:
            total = self._exact.sum(axis=0)
            first = total.flat[0]
            return all(t == first for t in total.flat)
        total = self._payoffs.sum(axis=0)
        return bool(np.ptp(total) <= tol)

    def is_zero_sum(self, tol: float = 0.0) -> bool:
        """Whether payoffs sum to zero at every profile (exactly, or within ``tol``)."""
        if self._exact is not None and tol == 0.0:
            return all(t == 0 for t in self._exact.sum(axis=0).flat)
        return bool(np.all(np.abs(self._payoffs.sum(axis=0)) <= tol))

    def is_symmetric(self, tol: float = 0.0) -> bool:
        """Whether the game is symmetric: ``u_i(a) = u_{pi(i)}(a o pi^{-1})`` for every permutation ``pi``.

        For two players this is ``A = B^T``.  Checked on the adjacent transpositions, which
        generate the symmetric group.
        """
        n = self.n_players
        if len(set(self.shape)) != 1:
            return False
        tensor = self._exact if (self._exact is not None and tol == 0.0) else self._payoffs
        for t in range(n - 1):
            perm = list(range(n))
            perm[t], perm[t + 1] = perm[t + 1], perm[t]
            for i in range(n):
                permuted = np.transpose(tensor[perm[i]], axes=perm)
                if tensor.dtype == object:
                    if not np.all(permuted == tensor[i]):
                        return False
                elif not np.all(np.abs(permuted - tensor[i]) <= tol):
                    return False
        return True

    # ----------------------------------------------------------------- dominance
    def dominated_strategies(self, player: int | str, *, strict: bool = True, mixed: bool = False,
                             tol: float | None = None) -> tuple[int, ...]:
        """Strategies of ``player`` dominated by another pure strategy (or, with ``mixed``, a mixture).

        ``a`` is strictly dominated by ``b`` if ``u_i(b, s) > u_i(a, s)`` for every ``s`` of the
        others; weakly if ``>=`` everywhere and ``>`` somewhere.  Mixed dominance is decided by a
        linear program (Fudenberg and Tirole 1991, sec. 2.1).
        """
        i = self.player_index(player)
        t = self.tolerances[i] if tol is None else tol
        m = np.moveaxis(self._payoffs[i], i, 0).reshape(self.shape[i], -1)
        diff = m[:, None, :] - m[None, :, :]          # diff[b, a, s] = u(b, s) - u(a, s)
        strictly_better = np.all(diff > t, axis=2)
        dom = strictly_better if strict else np.all(diff >= -t, axis=2) & np.any(diff > t, axis=2)
        np.fill_diagonal(dom, False)
        dominated = set(np.flatnonzero(dom.any(axis=0)).tolist())
        if mixed and m.shape[0] > 2:
            for a in range(m.shape[0]):
                if a not in dominated and mixed_dominated(m, a, strict, t):
                    dominated.add(a)
        return tuple(sorted(dominated))

    def eliminate_dominated(self, *, strict: bool = True, mixed: bool = False,
                            tol: float | None = None) -> tuple[Game, tuple[tuple[int, ...], ...]]:
        """Iterated elimination of dominated strategies.

        Returns the reduced game and, for each player, the indices (in this game) of the strategies
        that survive.  Each round removes every dominated strategy of every player at once.
        Strict elimination keeps every equilibrium; weak elimination may lose some.
        """
        kept = [tuple(range(s)) for s in self.shape]
        game: Game = self
        while True:
            removed = False
            new_kept = []
            for i in range(self.n_players):
                dom = set(game.dominated_strategies(i, strict=strict, mixed=mixed, tol=tol))
                if dom and len(dom) < game.shape[i]:
                    removed = True
                new_kept.append(tuple(k for k in range(game.shape[i]) if k not in dom) or tuple(range(game.shape[i])))
            if not removed:
                return game, tuple(kept)
            kept = [tuple(kept[i][k] for k in new_kept[i]) for i in range(self.n_players)]
            game = game.restrict(new_kept)

    def restrict(self, strategies: Sequence[Sequence[int]]) -> Game:
        """The subgame in which each player ``i`` may only use ``strategies[i]`` (indices or names)."""
        if len(strategies) != self.n_players:
            raise GameError(f"restrict() needs one list of strategies per player ({self.n_players})")
        idx = [tuple(self.strategy_index(i, k) for k in strats) for i, strats in enumerate(strategies)]
        if any(len(x) == 0 for x in idx):
            raise GameError("restrict() would leave a player with no strategy")
        sel = np.ix_(range(self.n_players), *idx)
        src = self._exact if self._exact is not None else self._payoffs
        return Game(src[sel], self._players,
                    tuple(tuple(self._strategies[i][k] for k in idx[i]) for i in range(self.n_players)))

    def permute(self, permutations: Sequence[Sequence[int]]) -> Game:
        """The same game with each player's strategies reordered: new strategy ``k`` is old ``perm[k]``."""
        return self.restrict(permutations)

    # ----------------------------------------------------------------- dunder
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        if self._payoffs.shape != other._payoffs.shape or self._players != other._players \
                or self._strategies != other._strategies:
            return False
        if self._exact is not None and other._exact is not None:
            return bool(np.all(self._exact == other._exact))
        return bool(np.array_equal(self._payoffs, other._payoffs))

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash((self._payoffs.shape, self._payoffs.tobytes(),
                                                    self._players, self._strategies)))
        return self._hash

    def __repr__(self) -> str:
        dims = "x".join(str(s) for s in self.shape)
        kind = "exact" if self.is_exact else "float"
        return f"<Game {dims} players={list(self._players)} ({kind})>"

    def table(self) -> str:
        """The payoff table as text: one row per pure profile, one column per player."""
        src = self._exact if self._exact is not None else self._payoffs
        header = [*self._players, *(f"u({p})" for p in self._players)]
        rows = []
        for prof in itertools.product(*(range(s) for s in self.shape)):
            rows.append([self._strategies[i][k] for i, k in enumerate(prof)]
                        + [format_number(src[(i, *prof)]) for i in range(self.n_players)])
        widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(header)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
        lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)) for r in rows]
        return "\n".join(lines)
