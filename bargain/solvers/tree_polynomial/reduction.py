"""Supports that reach a solved subgame: the subgame's behaviour fixed to each of its equilibria.

If a behaviour profile is a Nash equilibrium and reaches a proper subgame with positive
probability, its restriction there is an equilibrium of the subgame (Selten 1965), with exactly the
restriction of the profile's support.  Where the subgame's equilibria on that support are isolated
points (:class:`.subgames.SubgameAnswer`: found completely, no continuum), the profile plays one of
them there.  So instead of solving the whole support system, whose variables include the
subgame's sequences, the behaviour at the subgame's sets is fixed to each of those points in turn
(:func:`.supports.support_system` with ``fixed``): every player's plan stays affine in the
remaining variables, and its equations are the derivatives of its payoff along them.

Why nothing is lost: at a point ``β`` of the subgame, each player's derivative along a subgame
variable is the subgame's indifference condition times the positive probability of reaching the
subgame, zero; so the derivative along a remaining variable (its partial plus ``β`` times the
subgame partials) equals the partial of the whole system.  The reduced system's solutions with
that subgame behaviour are exactly the whole system's.  A two-stage game's three-mixer support
(three players mixing in both stages) becomes a system in the first-stage variables only, solved
by elimination instead of the homotopy.  Where a reduced system is degenerate (a face of
solutions), the caller solves the whole system instead.

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
*Z. ges. Staatswiss.* 121.  Kuhn, H. W. (1953). Extensive games and the problem of information.
*Contributions to the Theory of Games* II.  McKelvey, R. D. and McLennan, A. (1996). Computation of
equilibria in finite games. *Handbook of Computational Economics* I, sec. 6.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.solvers.sequence_form.sequences import SequenceForm
from bargain.solvers.tree_polynomial.subgames import SubgameFilter
from bargain.solvers.tree_polynomial.supports import BehaviourSupport, SupportSystem, linear_solution, support_system

__all__ = ["MAX_FIXINGS", "reduced_systems", "subgame_points"]

#: Largest number of combinations of subgame equilibria a support is solved for (else: whole system).
MAX_FIXINGS = 64

Fixing = tuple[dict[int, Any], dict[int, Any] | None]


def subgame_points(filters: list[SubgameFilter], support: BehaviourSupport, reached: np.ndarray) -> list[Fixing]:
    """The fixings of the subgames ``support`` reaches whose equilibria on its restriction are isolated.

    Parameters
    ----------
    filters : list of SubgameFilter
        The solved proper subgames (:func:`.subgames.subgame_filters`).
    support : BehaviourSupport
        A support of the whole tree (admitted by the filters).
    reached : numpy.ndarray
        Its reached-node mask.

    Returns
    -------
    list of (dict, dict or None)
        One per combination of the subgames' equilibria: ``{tree set: behaviour row}`` in floats,
        and in Fractions when every row is rational (else None).  Empty when no reached subgame
        qualifies or there are more than :data:`MAX_FIXINGS` combinations.
    """
    options: list[list[dict[int, Any]]] = []
    for f in filters:
        if not reached[f.root]:
            continue
        sub = tuple(support[h] for h in f.sets)
        if sub in f.flat or not f.points.get(sub):
            continue
        options.append([{f.sets[h]: row for h, row in rows.items()} for rows in f.points[sub]])
    if not options or int(np.prod([len(o) for o in options])) > MAX_FIXINGS:
        return []
    out: list[Fixing] = []
    for pick in itertools.product(*options):
        rows = {h: row for part in pick for h, row in part.items()}
        rough = {h: [float(v) for v in row] for h, row in rows.items()}
        rational = all(isinstance(v, (int, Fraction)) for row in rows.values() for v in row)
        out.append((rough, {h: [Fraction(v) for v in row] for h, row in rows.items()} if rational else None))
    return out


def reduced_systems(sf: SequenceForm, support: BehaviourSupport, reached: np.ndarray, fixings: list[Fixing],
                    exact: bool, scale: float) -> list[tuple[SupportSystem, Callable[[], SupportSystem] | None]] | None:
    """The support's systems with the subgames' behaviour fixed, one per fixing, or None when one of
    them is degenerate (one mixer indifferent everywhere, or two mixers with a null space of dimension
    two or more): then the caller solves the whole system.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    support : BehaviourSupport
        The support.
    reached : numpy.ndarray
        Its reached-node mask.
    fixings : list
        From :func:`subgame_points`.
    exact : bool
        Whether the run is exact: each system then comes with a builder of its Fraction version
        (when the fixing is rational).
    scale : float
        The largest absolute payoff (coefficients below ``1e-10 * scale`` count as zero).

    Returns
    -------
    list of (SupportSystem, callable or None), or None
        The floating-point systems and their exact builders.
    """
    out: list[tuple[SupportSystem, Callable[[], SupportSystem] | None]] = []
    for rough, rational in fixings:
        system = support_system(sf, support, reached, fixed=rough)
        if len(system.mixing) == 1 and float(np.abs(np.asarray(system.coeffs[0], dtype=float)).max()) <= 1e-10 * scale:
            return None
        if len(system.mixing) == 2 and linear_solution(system, exact=False) == "degenerate":
            return None
        build = None
        if exact and rational is not None:
            def build(fx: dict[int, Any] = rational) -> SupportSystem:
                return support_system(sf, support, reached, exact=True, fixed=fx)
        out.append((system, build))
    return out
