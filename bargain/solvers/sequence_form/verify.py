"""The verification gate for equilibria of game trees in behaviour strategies.

A behaviour profile ``b`` of a perfect-recall tree is a Nash equilibrium iff no player has a
better plan against the others' behaviour.  Each player's best-response value is computed on the
tree itself, by backward induction over that player's information sets (perfect recall makes
them a forest; :func:`~bargain.solvers.spe_result.best_response_gain`), independently of the
sequence-form matrices the solvers use.  The largest gain is the profile's *regret*; it must be
at most the tolerance (exactly zero when the tree and the profile are rational), else
:class:`~bargain.errors.VerificationError` is raised.  Every equilibrium the sequence-form
solvers return passes through :func:`make_behaviour_equilibrium`.

References
----------
Kuhn (1953), "Extensive games and the problem of information", Contributions to the Theory of
Games II; Osborne and Rubinstein (1994), *A Course in Game Theory*, ch. 11.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bargain.errors import VerificationError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.numbers import format_number
from bargain.solvers.result import Equilibrium, support_of
from bargain.solvers.sequence_form.sequences import SequenceForm

__all__ = ["behaviour_regret", "make_behaviour_equilibrium"]


def behaviour_regret(tree: ExtensiveGame, behaviour: BehaviourProfile, *, exact: bool = False) -> tuple[Any, int]:
    """The largest gain any player has from deviating, and that player.

    Parameters
    ----------
    tree: a perfect-recall tree.
    behaviour: a behaviour profile of ``tree``.
    exact: compute in Fractions (needs an exact tree and an exact profile).

    Returns
    -------
    ``(regret, player)``: a Fraction when ``exact``, else a float.
    """
    from bargain.solvers.spe_result import best_response_gain

    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    if src is None:
        raise VerificationError("exact verification needs an exact behaviour profile")
    gains = [best_response_gain(tree, src, exact, 0, i) for i in range(tree.n_players)]
    k = max(range(len(gains)), key=lambda i: gains[i])
    return gains[k], k


def make_behaviour_equilibrium(sf: SequenceForm, plans: Sequence[Sequence[Any]], method: str, *,
                               exact: bool = False, tol: float | None = None,
                               component: int | None = None) -> Equilibrium:
    """Verify a profile of realisation plans on the tree and wrap it as an :class:`Equilibrium`.

    Parameters
    ----------
    sf: the sequence form of the tree.
    plans: one realisation plan per player (Fractions when ``exact``).
    method: the solver's name.
    exact: verify in exact arithmetic (regret exactly 0).
    tol: regret tolerance in float mode (default ``tree.tolerance``).
    component: index of the component of the equilibrium set, where known.

    Returns
    -------
    The verified equilibrium: ``behaviour`` holds the behaviour profile, ``profile`` the plans.

    Raises
    ------
    VerificationError
        If some player gains more than the tolerance by deviating (a solver bug).
    """
    tree = sf.game
    b = sf.behaviour_from_plans(plans, exact=exact)
    regret, who = behaviour_regret(tree, b, exact=exact)
    t = 0 if exact else (tree.tolerance if tol is None else tol)
    if regret > t:
        raise VerificationError(f"{method} produced a non-equilibrium: {tree.players[who]} gains "
                                f"{format_number(regret)} by deviating (tolerance {format_number(t)})")
    plans_out = [sf.plan_from_behaviour(b, i, exact=exact) for i in range(tree.n_players)]
    if exact:
        pays = tuple(b.payoffs(exact=True))
        return Equilibrium(
            game=tree, profile=tuple(np.array([float(v) for v in x]) for x in plans_out),
            payoffs=np.array([float(v) for v in pays]),
            support=tuple(tuple(k for k, v in enumerate(x) if v != 0) for x in plans_out),
            regret=0.0, method=method, component=component,
            exact_profile=tuple(tuple(x) for x in plans_out), exact_payoffs=pays, behaviour=b)
    return Equilibrium(game=tree, profile=tuple(plans_out), payoffs=np.asarray(b.payoffs(), dtype=float),
                       support=support_of(plans_out), regret=max(float(regret), 0.0), method=method,
                       component=component, behaviour=b)
