"""SPE payoffs without public correlation: an exact inner approximation by finite self-generating sets.

Without a public randomisation device the set of pure-strategy SPE payoffs need not be convex, and
the Abreu–Sannikov polygon (which assumes the device) is only an outer bound.  The APS operator
still applies to *finite* sets of continuation payoffs: if every point of a finite set ``Z`` is a
pure-strategy SPE payoff without correlation, so is every

    (1 - δ) u(a) + δ z,   z in Z,   z_i >= w_i + (1 - δ)/δ (d_i(a) - u_i(a)),

with ``w_i`` the lowest payoff of player ``i`` in ``Z`` (a harsher punishment is only better).
Starting from the stage game's pure Nash payoffs, the values along the punishment paths of the
least simple penal code of :mod:`.punishments` (each verified subgame perfect), and the
profiles that these punishments sustain when played for ever, :func:`spe_payoffs_no_correlation` grows ``Z``
this way in exact arithmetic (keeping the hull's vertices and each player's worst point, every
one a certified SPE payoff), and reports the convex hull of ``Z``: an inner approximation of the
hull of the SPE payoffs without correlation.

References
----------
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063.
Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. *Theoretical Economics* 9, 313-338, sec. 6 (on public randomisation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bargain.analysis.repeated._geometry import hull
from bargain.analysis.repeated._stage import as_game, check_delta, stage
from bargain.analysis.repeated.abreu_sannikov import _profiles
from bargain.analysis.repeated.result import PayoffSet
from bargain.errors import GameError

__all__ = ["spe_payoffs_no_correlation"]


def spe_payoffs_no_correlation(game: Any, delta: Any, *, max_iter: int = 25, max_points: int = 100,
                               values: Mapping[str, Any] | None = None, exact: bool | None = None) -> PayoffSet:
    """An inner approximation of the pure-strategy SPE payoffs without public correlation (two players).

    Parameters
    ----------
    game : Any
        Two-player stage game (a Game, or a Model at ``values``).
    delta : Any
        Discount factor in (0, 1); rational δ and payoffs keep every point exact.
    max_iter : int, default 25
        Most growth steps.
    max_points : int, default 100
        Most points kept between steps (hull vertices and each player's worst point first).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when the payoffs are rational.

    Returns
    -------
    PayoffSet
        ``method="no-correlation-inner"``, ``public_correlation=False``: the hull of finitely many
        certified SPE payoffs (each reached by a pure path with no randomisation).  Empty when the
        stage game has no pure equilibrium to start from.

    Raises
    ------
    GameError
        For games with other than two players.

    References
    ----------
    Abreu, Pearce and Stacchetti (1990).
    """
    g = as_game(game, values)
    if g.n_players != 2:
        raise GameError("spe_payoffs_no_correlation is for two-player games")
    dq = check_delta(delta)
    st = stage(g, exact)
    d = dq if st.exact else float(dq)
    data = _profiles(st, d)
    nash = [u for (u, gn) in data if gn[0] == 0 and gn[1] == 0]          # pure stage equilibria
    seeds = set(nash) | _code_values(st, g, dq, d)
    if not seeds:
        return PayoffSet("no-correlation-inner", dq, (), st.exact, (), 0, 0.0, False, g.players,
                         ("no pure stage equilibrium or simple penal code to grow from",))
    # seed: the stage equilibria, the penal code's path values, and every profile they sustain for ever
    w0 = (min(u[0] for u in seeds), min(u[1] for u in seeds))
    Z = seeds | {u for (u, gn) in data if u[0] >= w0[0] + gn[0] and u[1] >= w0[1] + gn[1]}
    it, H = 0, hull(list(Z))
    for _ in range(max_iter):
        it += 1
        w = (min(z[0] for z in Z), min(z[1] for z in Z))
        new = set()
        for u, gn in data:
            T = (w[0] + gn[0], w[1] + gn[1])
            for z in Z:
                if z[0] >= T[0] and z[1] >= T[1]:
                    new.add(((1 - d) * u[0] + d * z[0], (1 - d) * u[1] + d * z[1]))
        Z2 = Z | new
        H2 = hull(list(Z2))
        if H2 == H and min(z[0] for z in Z2) == w[0] and min(z[1] for z in Z2) == w[1]:
            break
        keep = set(H2) | {min(Z2, key=lambda z: (z[0], z[1])), min(Z2, key=lambda z: (z[1], z[0]))}
        rest = sorted(Z2 - keep, key=lambda z: -(z[0] + z[1]))
        Z = keep | set(rest[: max(0, max_points - len(keep))])
        H = H2
    threat = (min(z[0] for z in Z), min(z[1] for z in Z))
    return PayoffSet("no-correlation-inner", dq, tuple(H), st.exact, threat, it, 0.0, False, g.players,
                     (f"{len(Z)} certified SPE payoffs without correlation; the hull of the set is shown",))


def _code_values(st: Any, g: Any, dq: Any, d: Any) -> set[tuple[Any, Any]]:
    """The payoffs along the punishment paths of the least simple penal code (each an SPE payoff)."""
    from bargain.analysis.repeated.punishments import lowest_spe_payoffs

    pc = lowest_spe_payoffs(g, dq, exact=st.exact)
    out: set[tuple[Any, Any]] = set()
    for stick, T, carrot in pc.codes or ():
        for k in range(T + 1):          # k stick periods left
            x = d ** k
            out.add(tuple((1 - x) * st.u[(i, *stick)] + x * st.u[(i, *carrot)] for i in range(2)))
    return out
