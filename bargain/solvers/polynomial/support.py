"""Support profiles for n-player support enumeration: order, pruning and indifference systems.

A mixed profile with supports ``(S_1, ..., S_n)`` is a Nash equilibrium iff every strategy in
``S_i`` earns player ``i`` the same payoff against the others' mixtures, no strategy outside
``S_i`` earns more, and the probabilities are positive on ``S_i`` (Nash 1951).  The equalities
are ``d_i = |S_i| - 1`` *indifference equations* per player, multilinear in the other players'
mixtures.  This module

* lists the support profiles in the order of Porter, Nudelman and Shoham (2008, "Simple search
  methods for finding a Nash equilibrium", Games Econ. Behav. 63): by total size, then balance;
* prunes a profile when one of its strategies is *conditionally dominated* given the others'
  supports (PNS 2008, sec. 3).  Because the others use *every* strategy of their supports with
  positive probability, weak dominance with one strict inequality is enough: a strategy that is
  never better than ``a`` against the pure profiles of ``S_-i`` and worse against one of them earns
  strictly less than ``a`` against every fully mixed profile on ``S_-i``.  In degenerate games
  (coordination games, trees) this removes the many supports whose indifference systems have no
  positive solution but positive-dimensional sets elsewhere, which a polynomial solver cannot
  dismiss cheaply;
* builds the coefficient tensors of the indifference equations with the pure players folded in.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from bargain.model.dominance import ConditionalDominance

__all__ = ["Support", "subsets", "support_profiles", "mixing_players", "indifference_coefficients"]

Support = tuple[tuple[int, ...], ...]


def subsets(n: int) -> list[tuple[int, ...]]:
    """Nonempty subsets of ``range(n)`` by size, then lexicographically."""
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def mixing_players(support: Support) -> tuple[int, ...]:
    """Players who use more than one strategy."""
    return tuple(i for i, s in enumerate(support) if len(s) > 1)


def support_profiles(payoffs: np.ndarray, tol: float, *, prune: bool = True,
                     include_pure: bool = False) -> tuple[list[Support], int]:
    """Support profiles in Porter-Nudelman-Shoham order, without conditionally dominated ones.

    Returns the kept profiles and the number pruned.  Pure profiles (every support a singleton)
    are left out unless ``include_pure``: they are found by one vectorised test elsewhere.
    """
    shape = payoffs.shape[1:]
    n = len(shape)
    per_player = [subsets(s) for s in shape]
    dom = ConditionalDominance(payoffs[None], tol, strict=False)
    kept: list[Support] = []
    pruned = 0
    for prof in itertools.product(*per_player):
        if not include_pure and all(len(s) == 1 for s in prof):
            continue
        if prune:
            bad = False
            for i in range(n):
                others = prof[:i] + prof[i + 1:]
                if dom.mask(i, others)[0, list(prof[i])].any():
                    bad = True
                    break
            if bad:
                pruned += 1
                continue
        kept.append(prof)
    sizes = np.array([[len(s) for s in prof] for prof in kept]) if kept else np.zeros((0, n))
    order = sorted(range(len(kept)), key=lambda k: (int(sizes[k].sum()), int(sizes[k].max() - sizes[k].min())))
    return [kept[k] for k in order], pruned


def indifference_coefficients(payoffs: np.ndarray, support: Support, player: int) -> np.ndarray:
    """Coefficients of ``player``'s indifference equations on ``support``.

    Shape ``(d_i, *[|S_j| for mixing j != i])``: equation ``k`` says strategy ``S_i[k + 1]`` earns
    what ``S_i[0]`` earns, ``sum_a C[k, a] prod_j x_j[a_j] = 0``, with the pure players' strategies
    substituted.  Works on float and on object (Fraction) arrays.
    """
    n = payoffs.shape[0]
    sub = payoffs[player][np.ix_(*[list(s) for s in support])]
    # drop the axes of pure players (length 1) except the player's own
    index = tuple(slice(None) if (j == player or len(support[j]) > 1) else 0 for j in range(n))
    sub = sub[index]
    own_axis = sum(1 for j in range(player) if len(support[j]) > 1)
    sub = np.moveaxis(sub, own_axis, 0)
    return sub[1:] - sub[:1]


def deviation_rows(payoffs: np.ndarray, support: Support, player: int, mixer: int,
                   strategies: Sequence[int] | None = None) -> np.ndarray:
    """Player ``player``'s payoff to each of ``strategies`` (default all) as a linear function of the
    single mixing player ``mixer``'s mixture on ``S_mixer``, every other player pure on ``support``.

    Shape ``(len(strategies), |S_mixer|)``.
    """
    n = payoffs.shape[0]
    strategies = range(payoffs.shape[1 + player]) if strategies is None else strategies
    idx = []
    for j in range(n):
        if j == player:
            idx.append(list(strategies))
        elif j == mixer:
            idx.append(list(support[j]))
        else:
            idx.append([support[j][0]])
    sub = payoffs[player][np.ix_(*idx)]
    keep = tuple(slice(None) if j in (player, mixer) else 0 for j in range(n))
    sub = sub[keep]
    return sub if player < mixer else sub.T
