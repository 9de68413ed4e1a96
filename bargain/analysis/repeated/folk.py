"""Minmax values, the feasible and individually rational set, and the folk theorem as δ → 1.

Player ``i``'s minmax value is the least payoff the others can hold them to when ``i`` best
responds: ``min_{a_-i} max_{a_i} u_i(a_i, a_-i)`` with the others using pure actions (the *pure*
minmax, the bound for pure-strategy equilibria such as those of Abreu and Sannikov), or mixing
(the *mixed* minmax, a linear program; scipy's HiGHS in floats, an exact simplex for rational
payoffs).  No subgame-perfect payoff gives a player less than their minmax value, and the folk
theorem (Fudenberg and Maskin 1986; for two players no dimensionality condition is needed)
says every feasible payoff strictly above it is an SPE payoff for δ close enough to 1.
:func:`folk_theorem_check` measures that: the Hausdorff distance between the SPE payoff set
(Abreu–Sannikov, pure actions, public correlation) and the feasible set above the pure minmax,
along a sequence of discount factors.

References
----------
Fudenberg, D. and Maskin, E. (1986). The folk theorem in repeated games with discounting or
with incomplete information. *Econometrica* 54, 533-554.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.1.
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford UP, sec. 2.7.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.repeated._geometry import clip, hausdorff, hull_exact
from bargain.analysis.repeated._stage import as_game, check_delta, stage
from bargain.analysis.repeated.result import FolkCheck, MinmaxValues
from bargain.errors import GameError

__all__ = ["minmax", "feasible_ir_set", "folk_theorem_check"]


def _pure_minmax(st: Any) -> tuple[list[Any], list[str]]:
    values, who = [], []
    for i in range(st.n):
        best = st.u[i].max(axis=i)                       # over own action; axes are the others' actions
        flat = best.ravel()
        k = min(range(len(flat)), key=lambda r: flat[r])
        values.append(flat[k])
        others = [j for j in range(st.n) if j != i]
        idx = np.unravel_index(k, best.shape)
        who.append(", ".join(f"{st.game.players[j]}:{st.game.strategies[j][int(x)]}"
                             for j, x in zip(others, idx, strict=True)))
    return values, who


def minmax(game: Any, *, values: Mapping[str, Any] | None = None, exact: bool | None = None) -> MinmaxValues:
    """Pure and mixed minmax values of every player.

    Parameters
    ----------
    game : Any
        The stage game (a Game, or a Model at ``values``).
    exact : bool | None, optional
        Rational arithmetic (default: when the payoffs are rational).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    MinmaxValues
        ``pure`` and ``mixed`` per player (for three or more players the mixed value is the
        correlated punishment's, a lower bound on the independent one), and the punishers'
        pure profile.

    References
    ----------
    Fudenberg and Tirole (1991), sec. 5.1.1.
    """
    from bargain.analysis.bargaining.disagreement import minmax_values

    g = as_game(game, values, exact=exact)
    st = stage(g, exact)
    pure, who = _pure_minmax(st)
    mixed = minmax_values(st.game, exact=st.exact)
    return MinmaxValues(g.players, tuple(pure), tuple(mixed), tuple(who), st.exact)


def feasible_ir_set(game: Any, *, kind: str = "pure", values: Mapping[str, Any] | None = None,
                    exact: bool | None = None) -> tuple[tuple[Any, ...], ...]:
    """Vertices of the feasible payoffs at least each player's minmax value (two players).

    Parameters
    ----------
    kind : str, default 'pure'
        ``"pure"`` or ``"mixed"`` minmax as the individual-rationality bound.
    game : Game or Model
        The (stage) game: a :class:`Game`, or a :class:`Model` at ``values``.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when the payoffs are rational.

    Returns
    -------
    tuple
        Counter-clockwise vertices (Fractions when exact); empty when the set is empty.

    Raises
    ------
    GameError
        For games with other than two players, or an unknown ``kind``.

    References
    ----------
    Fudenberg and Maskin (1986); Fudenberg and Tirole (1991), sec. 5.1.1.
    """
    g = as_game(game, values, exact=exact)
    if g.n_players != 2:
        raise GameError("feasible_ir_set draws the two-player set; for more players use "
                        "bargain.analysis.bargaining.Polytope.from_game with the minmax values")
    if kind not in ("pure", "mixed"):
        raise GameError(f"kind must be 'pure' or 'mixed', not {kind!r}")
    st = stage(g, exact)
    mm = minmax(g, exact=st.exact)
    bound = mm.pure if kind == "pure" else mm.mixed
    pts = [st.payoff(a) for a in st.profiles()]
    if st.exact:
        poly = hull_exact(pts)
    else:
        from bargain.analysis.repeated._geometry import hull_float

        poly = [tuple(v) for v in hull_float(np.array(pts, dtype=float), 1e-13)]
    poly = _clip_ir(poly, bound)
    return tuple(tuple(v) for v in poly)


def _clip_ir(poly: list[tuple[Any, ...]], bound: Sequence[Any]) -> list[tuple[Any, ...]]:
    one = type(bound[0])(1) if isinstance(bound[0], Fraction) else 1.0
    if len(poly) <= 2:
        return [p for p in poly if p[0] >= bound[0] and p[1] >= bound[1]]
    out = clip(poly, (-one, 0 * one), -bound[0])
    return clip(out, (0 * one, -one), -bound[1]) if len(out) >= 3 else [
        p for p in out if p[1] >= bound[1]]


def folk_theorem_check(game: Any, deltas: Sequence[Any] = (Fraction(1, 2), Fraction(3, 4), Fraction(9, 10),
                                                           Fraction(19, 20), Fraction(99, 100)),
                       *, tol: float = 1e-6, values: Mapping[str, Any] | None = None) -> FolkCheck:
    """Distance from the SPE payoff set to the feasible set above the pure minmax, as δ grows.

    Parameters
    ----------
    deltas : Sequence[Any], optional
        Increasing discount factors in (0, 1).
    tol : float, default 1e-06
        Distance at which the SPE set is taken to have reached the target.
    game : Game or Model
        The (stage) game: a :class:`Game`, or a :class:`Model` at ``values``.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    FolkCheck
        The distance from the SPE payoff set to the target set at each δ, and the first δ within
        ``tol``.

    References
    ----------
    Fudenberg and Maskin (1986); Abreu and Sannikov (2014) for the SPE sets.
    """
    from bargain.analysis.repeated.abreu_sannikov import spe_payoffs

    g = as_game(game, values)
    target = feasible_ir_set(g, kind="pure")
    tarr = np.array([[float(x) for x in v] for v in target]).reshape(-1, 2)
    ds, dist = [], []
    for d in deltas:
        dq = check_delta(d)
        s = spe_payoffs(g, dq, exact=False)
        ds.append(dq)
        dist.append(float("inf") if s.empty else hausdorff(s.array, tarr))
    reached = next((d for d, x in zip(ds, dist, strict=True) if x <= tol), None)
    return FolkCheck(tuple(ds), tuple(dist), target, reached, tol)


