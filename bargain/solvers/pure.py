"""All pure-strategy Nash equilibria of an n-player game, vectorised over the payoff tensor.

A pure profile ``a`` is an equilibrium iff for every player ``i``,
``u_i(a) = max_k u_i(k, a_{-i})``.  The maximum over player ``i``'s own axis of ``payoffs[i]``
is one numpy reduction, so the whole test is ``n`` reductions and comparisons over the tensor,
with no Python loop over profiles (Osborne and Rubinstein 1994, def. 14.1).
"""

from __future__ import annotations

import numpy as np

from bargain.model.game import Game
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria, make_equilibrium

__all__ = ["pure_solve", "pure_equilibrium_mask"]


def pure_equilibrium_mask(payoffs: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Boolean array over pure profiles (shape ``(..., s_1, ..., s_n)``): True where no player gains.

    ``payoffs`` may carry leading batch axes: shape ``(..., n, s_1, ..., s_n)``.  Works on float
    arrays (with ``tol``) and on object arrays of Fractions (exactly).
    """
    ndim_strat = None
    # Find the player axis: the one whose length equals the number of strategy axes after it.
    for lead in range(payoffs.ndim):
        if payoffs.shape[lead] == payoffs.ndim - lead - 1:
            ndim_strat = payoffs.ndim - lead - 1
            break
    if ndim_strat is None:
        raise ValueError(f"payoff array of shape {payoffs.shape} has no (n, s_1, ..., s_n) tail")
    lead = payoffs.ndim - ndim_strat - 1
    mask = None
    for i in range(ndim_strat):
        u = payoffs[(slice(None),) * lead + (i,)]
        axis = lead + i
        best = u.max(axis=axis, keepdims=True)
        ok = (u >= best) if payoffs.dtype == object else (u >= best - tol)
        mask = ok if mask is None else (mask & ok)
    return np.asarray(mask, dtype=bool)


@register("pure", players="n", complete=True, exact=True,
          description="all pure-strategy equilibria (vectorised; complete for pure equilibria only)")
def pure_solve(game: Game, *, exact: bool = False, tol: float | None = None) -> Equilibria:
    """Every pure-strategy equilibrium of ``game``, in lexicographic order of profiles."""
    t = game.tolerance if tol is None else tol
    src = game.exact_payoffs if exact else game.payoffs
    mask = pure_equilibrium_mask(src, 0.0 if exact else t)
    eqs = []
    for prof in np.argwhere(mask):
        profile = [np.eye(s, dtype=int)[k] for s, k in zip(game.shape, prof, strict=True)]
        eqs.append(make_equilibrium(game, profile, "pure", exact=exact, tol=t))
    mixed_possible = any(s > 1 for s in game.shape)
    notes = ["pure-strategy equilibria only: mixed equilibria are not searched"] if mixed_possible else []
    return Equilibria(game, eqs, "pure", complete=not mixed_possible, notes=notes)
