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


def pure_equilibrium_mask(payoffs: np.ndarray, tol: float = 0.0, *, n_players: int | None = None) -> np.ndarray:
    """Boolean array over pure profiles: True where no player gains by a unilateral deviation.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(..., n, s_1, ..., s_n)``: optional leading batch axes, then the player axis, then one
        strategy axis per player.  Float arrays are compared with ``tol``; object arrays of Fractions
        exactly.
    tol : float
        A deviation gains only if it beats the profile by more than ``tol`` (floats only).
    n_players : int, optional
        The number of players.  Give it whenever payoffs carry batch axes: the layout is otherwise
        read off the shape, which is ambiguous when a batch or strategy axis happens to have the
        length of the axes after it (a batch of 5 four-player games, ``(5, 4, s1, s2, s3, s4)``);
        an ambiguous shape raises rather than guessing.

    Returns
    -------
    numpy.ndarray
        Booleans of shape ``(..., s_1, ..., s_n)``.

    Raises
    ------
    ValueError
        If the shape has no ``(n, s_1, ..., s_n)`` tail, or several, and ``n_players`` is not given.

    References
    ----------
    Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286-295.
    """
    if n_players is not None:
        if payoffs.ndim < n_players + 1 or payoffs.shape[payoffs.ndim - n_players - 1] != n_players:
            raise ValueError(f"payoff array of shape {payoffs.shape} has no ({n_players}, s_1, ..., "
                             f"s_{n_players}) tail")
        ndim_strat = n_players
    else:
        # the player axis is one whose length equals the number of strategy axes after it
        tails = [payoffs.ndim - lead - 1 for lead in range(payoffs.ndim)
                 if payoffs.shape[lead] == payoffs.ndim - lead - 1]
        if not tails:
            raise ValueError(f"payoff array of shape {payoffs.shape} has no (n, s_1, ..., s_n) tail")
        if len(tails) > 1:
            raise ValueError(f"payoff array of shape {payoffs.shape} could hold {sorted(tails)} players: "
                             "pass n_players")
        ndim_strat = tails[0]
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
    mask = pure_equilibrium_mask(src, 0.0 if exact else t, n_players=game.n_players)
    eqs = []
    for prof in np.argwhere(mask):
        profile = [np.eye(s, dtype=int)[k] for s, k in zip(game.shape, prof, strict=True)]
        eqs.append(make_equilibrium(game, profile, "pure", exact=exact, tol=t))
    mixed_possible = any(s > 1 for s in game.shape)
    notes = ["pure-strategy equilibria only: mixed equilibria are not searched"] if mixed_possible else []
    return Equilibria(game, eqs, "pure", complete=not mixed_possible, notes=notes)
