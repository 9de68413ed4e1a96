"""Grim trigger: the critical discount factor of a target path sustained by Nash reversion.

Play the target path; if anyone deviates, play a stage-game Nash equilibrium for ever (Friedman
1971).  Reverting to a stage equilibrium is subgame perfect whatever δ, so the path is an SPE
outcome iff no one-shot deviation from it pays (see :mod:`._paths`).  With ``punishment="worst"``
each deviator is punished by the stage equilibrium worst for them (player-specific Nash
reversion, still subgame perfect); an index or a pure profile picks one equilibrium for all.

For the prisoner's dilemma with payoffs ``T > R > P > S`` and target (C, C) this gives the
textbook ``δ* = (T - R) / (T - P)``, exactly.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
Studies* 38, 1-12.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bargain.analysis.repeated._paths import parse_target, path_thresholds
from bargain.analysis.repeated._stage import Stage, as_game, profile_index, stage
from bargain.analysis.repeated.result import CriticalDelta
from bargain.errors import GameError

__all__ = ["grim_trigger", "nash_punishments"]


def nash_punishments(st: Stage, punishment: Any = "worst") -> tuple[list[Any], list[str]]:
    """Each player's value after a deviation under Nash reversion, and the equilibrium used.

    ``punishment``: ``"worst"`` (per player, the stage equilibrium worst for them), an index
    into the stage equilibria (as :func:`bargain.solve` lists them), or a pure profile.

    Parameters
    ----------
    punishment : str, int or profile, default 'worst'
        The stage equilibrium reverted to: ``"worst"`` (each player's worst), an index into the
        stage equilibria, or a pure profile.
    st : Stage
        The stage game's payoff and deviation arrays.

    Returns
    -------
    values : list
        Each player's continuation value after their own deviation.
    used : list of str
        The stage equilibrium punishing each player, in words.

    Raises
    ------
    GameError
        If the index is out of range or the profile is not a stage equilibrium.

    References
    ----------
    Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
    Studies* 38, 1-12.
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.2.
    """
    nash = st.nash()
    if not nash:   # pragma: no cover - every finite game has an equilibrium
        raise GameError("the stage game has no Nash equilibrium to revert to")
    if isinstance(punishment, str) and punishment == "worst":
        picks = [min(range(len(nash)), key=lambda k, i=i: nash[k][1][i]) for i in range(st.n)]
    elif isinstance(punishment, int):
        if not 0 <= punishment < len(nash):
            raise GameError(f"punishment index {punishment} out of range: the stage game has {len(nash)} "
                            f"equilibria ({'; '.join(lab for lab, _ in nash)})")
        picks = [punishment] * st.n
    else:
        a = profile_index(st.game, punishment)
        lab = st.label(a)
        match = [k for k, (lb, _) in enumerate(nash) if lb == lab]
        if not match:
            raise GameError(f"punishment {lab} is not a stage Nash equilibrium; the equilibria are "
                            f"{'; '.join(lb for lb, _ in nash)}")
        picks = [match[0]] * st.n
    return [nash[picks[i]][1][i] for i in range(st.n)], [nash[picks[i]][0] for i in range(st.n)]


def grim_trigger(game: Any, target: Any, *, punishment: Any = "worst", values: Mapping[str, Any] | None = None,
                 exact: bool | None = None) -> CriticalDelta:
    """The least δ at which ``target`` is sustained by grim trigger (Nash reversion).

    Parameters
    ----------
    game : Any
        The stage game: a :class:`~bargain.model.game.Game`, or a :class:`~bargain.model.parameters.Model`
        evaluated at ``values``.
    target : Any
        A pure profile (strategy names or indices), a ``{profile: probability}`` lottery drawn by a
        public device each period, or a list of profiles played in turn (a cycle).
    punishment : Any, default 'worst'
        ``"worst"`` (each deviator gets their worst stage equilibrium), an equilibrium index, or a
        pure stage-equilibrium profile.
    values : Mapping[str, Any] | None, optional
        Parameter values when ``game`` is a Model.
    exact : bool | None, optional
        Rational arithmetic (default: when the payoffs are rational).

    Returns
    -------
    CriticalDelta
        ``delta`` is exact (a Fraction) for pure and correlated targets with rational payoffs, and
        for cycles whose threshold is a rational root; ``None`` when no δ < 1 sustains the target.

    References
    ----------
    Friedman (1971); Fudenberg and Tirole (1991), sec. 5.1.2.
    """
    g = as_game(game, values, exact=exact)
    st = stage(g, exact)
    tgt = parse_target(st, target)
    w, labels = nash_punishments(st, punishment)
    per, ex = path_thresholds(st, tgt, w)
    return summarise("grim trigger", st, tgt.label, per, ex,
                     tuple(f"{p}: revert to {lab}" for p, lab in zip(g.players, labels, strict=True)))


def summarise(method: str, st: Stage, label: str, per: list[Any], exact: bool, punishment: tuple[str, ...],
              bracket: tuple[Any, Any] | None = None, notes: tuple[str, ...] = ()) -> CriticalDelta:
    """A :class:`CriticalDelta` from per-player thresholds (None anywhere: never sustained)."""
    players = st.game.players
    if any(x is None for x in per):
        delta, binding = None, players[next(i for i, x in enumerate(per) if x is None)]
    else:
        k = max(range(len(per)), key=lambda i: per[i])
        delta, binding = per[k], players[k]
    return CriticalDelta(method, label, delta, exact, tuple(per), players, punishment, binding, bracket, notes)
