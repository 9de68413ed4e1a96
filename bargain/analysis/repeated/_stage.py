"""The stage game as the repeated-game algorithms see it: payoff arrays, best deviations, stage Nash.

Every algorithm in :mod:`bargain.analysis.repeated` starts from the same few arrays of the stage
game ``G``: ``u[i][a]`` (player ``i``'s payoff at pure profile ``a``), the best one-shot deviation
payoff ``d[i][a] = max_{b_i} u[i][b_i, a_-i]`` (Fudenberg and Tirole 1991, sec. 5.1), and the stage
game's Nash equilibria (the punishments of Nash reversion).  :func:`stage` builds them once, in
Fractions when the payoffs are rational, and :func:`as_game` accepts a ``Game`` or a ``Model``
with parameter values.

References
----------
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 5.
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford UP, ch. 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.game import Game
from bargain.model.numbers import to_fraction

__all__ = ["Stage", "as_game", "stage", "check_delta", "profile_index", "best_deviation"]


def as_game(game: Any, values: Mapping[str, Any] | None = None, *, exact: bool | None = None) -> Game:
    """A stage :class:`Game` from a ``Game``, or from a ``Model`` at ``values`` (defaults elsewhere)."""
    if isinstance(game, Game):
        if values:
            raise GameError("parameter values were given but the stage game is a Game, not a Model; "
                            "pass the Model (bg.load_game(name)) to set parameters")
        g = game
    elif hasattr(game, "parameters") and hasattr(game, "game"):
        g = game.game(exact=bool(exact), **dict(values or {}))
    else:
        raise GameError(f"a repeated game needs a bargain.Game or Model as its stage game, got "
                        f"{type(game).__name__}")
    if exact is True:
        return g.to_exact()
    if exact is False:
        return g.to_float()
    return g


def check_delta(delta: Any, *, allow_one: bool = False) -> Any:
    """The discount factor as a Fraction (rational input) or float, checked to lie in (0, 1)."""
    try:
        d = to_fraction(delta) if not isinstance(delta, float) else delta
    except (TypeError, ValueError):
        raise GameError(f"discount factor {delta!r} is not a number; give one in (0, 1), e.g. 0.9") from None
    if not (0 < d < 1 or (allow_one and d == 1)):
        raise GameError(f"discount factor {delta!r} is outside (0, 1); give a number strictly between 0 and 1")
    return d


def best_deviation(u: np.ndarray) -> np.ndarray:
    """``d[i][a] = max_{b_i} u[i][b_i, a_-i]``, shape like ``u`` (``(n, s_1, ..., s_n)``, any dtype)."""
    d = np.empty_like(u)
    for i in range(u.shape[0]):
        d[i] = u[i].max(axis=i, keepdims=True)          # broadcast along player i's own strategies
    return d


@dataclass(frozen=True)
class Stage:
    """The arrays of one stage game.

    Attributes
    ----------
    game: the stage game.
    exact: True when ``u`` holds Fractions.
    u: payoffs ``(n, s_1, ..., s_n)`` (object array of Fractions when exact, else float).
    d: best deviation payoffs, same shape.
    """

    game: Game
    exact: bool
    u: np.ndarray
    d: np.ndarray

    @property
    def n(self) -> int:
        return self.game.n_players

    @property
    def shape(self) -> tuple[int, ...]:
        return self.game.shape

    def num(self, x: Any) -> Any:
        """``x`` in this stage's arithmetic (Fraction or float)."""
        return to_fraction(x) if self.exact else float(x)

    def payoff(self, a: tuple[int, ...]) -> tuple[Any, ...]:
        return tuple(self.u[(i, *a)] for i in range(self.n))

    def deviation(self, a: tuple[int, ...]) -> tuple[Any, ...]:
        return tuple(self.d[(i, *a)] for i in range(self.n))

    def profiles(self) -> list[tuple[int, ...]]:
        return [tuple(int(k) for k in a) for a in np.ndindex(*self.shape)]

    def label(self, a: Sequence[int]) -> str:
        return "(" + ", ".join(self.game.strategies[i][k] for i, k in enumerate(a)) + ")"

    def nash(self) -> list[tuple[str, tuple[Any, ...]]]:
        """The stage game's Nash equilibria as ``(label, payoffs)``, exact when the game is.

        Uses :func:`bargain.solve` (complete for two players; for more players every equilibrium
        the polynomial method finds).
        """
        from bargain.solvers.registry import solve

        out = []
        for eq in solve(self.game, exact=self.exact):
            pay = eq.exact_payoffs if (self.exact and eq.exact_payoffs is not None) else tuple(
                float(x) for x in eq.payoffs)
            if eq.is_pure:
                lab = self.label([s[0] for s in eq.support])
            else:
                lab = "mixed " + "; ".join(
                    self.game.players[i] + ":" + "+".join(self.game.strategies[i][k] for k in s)
                    for i, s in enumerate(eq.support))
            out.append((lab, tuple(pay)))
        return out


def stage(game: Game, exact: bool | None = None) -> Stage:
    """The :class:`Stage` arrays of ``game`` (exact when its payoffs are rational, unless ``exact=False``)."""
    use_exact = game.is_exact if exact is None else bool(exact)
    g = game.to_exact() if use_exact else game
    u = g.exact_payoffs if use_exact else np.asarray(g.payoffs, dtype=float)
    return Stage(g, use_exact, u, best_deviation(u))


def profile_index(game: Game, profile: Sequence[int | str]) -> tuple[int, ...]:
    """A pure profile given by strategy names or indices, as a tuple of indices (checked)."""
    if isinstance(profile, str) or len(profile) != game.n_players:
        raise GameError(f"a pure profile needs one strategy per player ({game.n_players}), got {profile!r}; "
                        f"e.g. {tuple(s[0] for s in game.strategies)!r}")
    return tuple(game.strategy_index(i, s) for i, s in enumerate(profile))


def frac_or_float(x: Any, exact: bool) -> Any:
    """A Fraction (exact) or float copy of ``x``."""
    return to_fraction(x) if exact else float(x)


ZERO = Fraction(0)
