"""Finitely repeated games: subgame-perfect payoffs by backward induction over the stage equilibria.

In the last period of a game repeated ``T`` times any SPE plays a stage Nash equilibrium.  With
``V_t`` the set of SPE payoff vectors (total discounted payoffs) of the last ``t`` periods, the
one-shot deviation principle gives the recursion

    V_1 = { u(e) : e a stage equilibrium },
    V_t = { u(a) + δ v : v in V_{t-1},  u_i(a) + δ v_i >= d_i(a) + δ min V_{t-1, i}  for all i }
          ∪ { u(e) + δ v : e a stage equilibrium, v in V_{t-1} },

(deviators get their worst continuation, itself an SPE of the rest of the game).  With a unique
stage equilibrium ``V_T`` is a single point: the equilibrium repeated (Selten's backward
induction).  With several, Benoit and Krishna (1985) show that a player's threat of a worse
equilibrium at the end can sustain non-equilibrium play early: :func:`benoit_krishna` finds the
shortest end phase of stage equilibria that sustains a target profile in every earlier period.

References
----------
Benoit, J.-P. and Krishna, V. (1985). Finitely repeated games. *Econometrica* 53, 905-922.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.3 and 4.2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bargain.analysis.repeated._geometry import hull
from bargain.analysis.repeated._stage import as_game, check_delta, profile_index, stage
from bargain.analysis.repeated.result import EndgamePlan, FiniteSPE
from bargain.errors import GameError

__all__ = ["finite_spe", "benoit_krishna"]


def finite_spe(game: Any, horizon: int, *, delta: Any = 1, max_points: int = 5000,
               values: Mapping[str, Any] | None = None, exact: bool | None = None) -> FiniteSPE:
    """Every SPE payoff vector of the game repeated ``horizon`` times (pure play before the last period).

    Parameters
    ----------
    game : Any
        The stage game (a Game, or a Model at ``values``), any number of players.
    horizon : int
        Number of periods ``T >= 1``.
    delta : Any, default 1
        Discount factor in (0, 1]; 1 (the default) sums payoffs undiscounted.
    max_points : int, default 5000
        Cap on the payoff vectors kept per step; beyond it the extreme points and each player's
        worst vector are kept (``truncated=True``: the answer is then a subset of the SPE payoffs).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when the payoffs are rational.

    Returns
    -------
    FiniteSPE
        Exact (Fractions) for rational payoffs and δ.

    Raises
    ------
    GameError
        For a horizon below 1 or δ outside (0, 1].

    References
    ----------
    Benoit and Krishna (1985); Fudenberg and Tirole (1991), sec. 4.2.
    """
    if int(horizon) != horizon or horizon < 1:
        raise GameError(f"horizon must be a whole number of periods >= 1, not {horizon!r}")
    g = as_game(game, values, exact=exact)
    st = stage(g, exact)
    d = st.num(check_delta(delta, allow_one=True))
    nash = sorted({tuple(v) for _, v in st.nash()})
    V = set(nash)
    truncated = False
    profiles = [(st.payoff(a), st.deviation(a)) for a in st.profiles()]
    for _ in range(int(horizon) - 1):
        worst = [min(v[i] for v in V) for i in range(st.n)]
        new = {tuple(e[i] + d * v[i] for i in range(st.n)) for e in nash for v in V}
        for u, dv in profiles:
            for v in V:
                if all(u[i] + d * v[i] >= dv[i] + d * worst[i] for i in range(st.n)):
                    new.add(tuple(u[i] + d * v[i] for i in range(st.n)))
        if len(new) > max_points:
            truncated = True
            new = _prune(new, st.n, max_points)
        V = new
    return FiniteSPE(int(horizon), d, tuple(sorted(V)), tuple(nash), st.exact, truncated)


def _prune(points: set[tuple[Any, ...]], n: int, cap: int) -> set[tuple[Any, ...]]:
    """Keep each player's worst point, the extreme points (two players) and the best-total rest."""
    keep = {min(points, key=lambda v, i=i: v[i]) for i in range(n)}
    if n == 2:
        keep |= set(hull(list(points)))
    rest = sorted(points - keep, key=lambda v: -sum(v))
    return keep | set(rest[: max(0, cap - len(keep))])


def benoit_krishna(game: Any, target: Sequence[int | str], *, delta: Any = 1,
                   values: Mapping[str, Any] | None = None, exact: bool | None = None,
                   max_periods: int = 10_000) -> EndgamePlan:
    """The shortest end phase of stage equilibria that sustains ``target`` in every earlier period.

    A deviation by ``i`` switches play to ``i``'s worst stage equilibrium for the rest of the game;
    on the path the end phase plays one stage equilibrium ``r`` (chosen to make the phase
    shortest).  At the last target period the deviation gain ``d_i(a) - u_i(a)`` must not exceed
    ``sum_{s=1..k} δ^s (u_i(r) - u_i(e^i))``; earlier periods are easier as long as the target gives
    each player at least their punishment payoff, which is required.

    Parameters
    ----------
    target : Sequence[int | str]
        The pure profile to play before the end phase.
    delta : Any, default 1
        Discount factor in (0, 1]; 1 (default) for undiscounted sums.
    game : Game or Model
        The (stage) game: a :class:`Game`, or a :class:`Model` at ``values``.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when the payoffs are rational.
    max_periods : int, default 10000
        The longest end phase tried before giving up (then ``feasible`` is False).

    Returns
    -------
    EndgamePlan
        ``reward_periods = k``: the plan works for every horizon ``T >= k`` (target for ``T - k``
        periods), so average payoffs approach ``u(target)`` as ``T`` grows.

    References
    ----------
    Benoit and Krishna (1985), Theorem 3.7 and its construction.
    """
    g = as_game(game, values, exact=exact)
    st = stage(g, exact)
    a = profile_index(g, target)
    d = st.num(check_delta(delta, allow_one=True))
    nash = st.nash()
    u, dv = st.payoff(a), st.deviation(a)
    gains = [dv[i] - u[i] for i in range(st.n)]
    pun = [min(range(len(nash)), key=lambda k, i=i: nash[k][1][i]) for i in range(st.n)]
    worst = [nash[pun[i]][1][i] for i in range(st.n)]
    labels = tuple(nash[pun[i]][0] for i in range(st.n))
    if any(u[i] < worst[i] for i in range(st.n) if gains[i] > 0):
        return EndgamePlan(st.label(a), None, labels, None, False, d)
    best: tuple[int, int] | None = None
    for r, (_, ur) in enumerate(nash):
        need = 0
        for i in range(st.n):
            if gains[i] <= 0:
                continue
            margin = ur[i] - worst[i]
            if margin <= 0:
                need = None
                break
            k, total, disc = 0, 0 * margin, 1 + 0 * margin
            while total < gains[i] and k < max_periods:
                k += 1
                disc = disc * d
                total += disc * margin
            if total < gains[i]:
                need = None
                break
            need = max(need, k)
        if need is not None and (best is None or need < best[0]):
            best = (need, r)
    if best is None:
        return EndgamePlan(st.label(a), None, labels, None, False, d)
    return EndgamePlan(st.label(a), nash[best[1]][0], labels, best[0], True, d)
