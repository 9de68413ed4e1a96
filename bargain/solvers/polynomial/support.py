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
from typing import Any

import numpy as np

__all__ = ["Support", "subsets", "support_profiles", "mixing_players", "indifference_coefficients",
           "support_label"]

Support = tuple[tuple[int, ...], ...]


def subsets(n: int) -> list[tuple[int, ...]]:
    """Nonempty subsets of ``range(n)`` by size, then lexicographically."""
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def support_label(game: Any, support: Support) -> str:
    """``support`` in words, e.g. ``(P1: A, B; P2: C; P3: A)``.

    Parameters
    ----------
    game : Game
        The game (its player and strategy names).
    support : tuple of tuple of int
        Per player, the indices of the strategies used.

    Returns
    -------
    str
        The label.
    """
    return "(" + "; ".join(f"{game.players[i]}: {', '.join(game.strategies[i][k] for k in s)}"
                           for i, s in enumerate(support)) + ")"


def mixing_players(support: Support) -> tuple[int, ...]:
    """Players who use more than one strategy."""
    return tuple(i for i, s in enumerate(support) if len(s) > 1)


def support_profiles(payoffs: np.ndarray, tol: float, *, prune: bool = True,
                     include_pure: bool = False) -> tuple[list[Support], int]:
    """Support profiles in Porter-Nudelman-Shoham order, without conditionally dominated ones.

    Returns the kept profiles and the number pruned.  Pure profiles (every support a singleton)
    are left out unless ``include_pure``: they are found by one vectorised test elsewhere.  The
    dominance test is the weak one of :class:`~bargain.model.dominance.ConditionalDominance`
    (``strict=False``), evaluated for every profile of the others' supports at once
    (:func:`_dominated_bits`), and the profiles are filtered as one array operation.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(n, s_1, ..., s_n)``.
    tol : float
        The margin a strategy must exceed to beat another.
    prune : bool, default True
        Drop profiles with a conditionally dominated strategy.
    include_pure : bool, default False
        Keep the pure profiles.

    Returns
    -------
    tuple
        The kept support profiles (in order) and how many were pruned.

    References
    ----------
    Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
    equilibrium. *Games and Economic Behavior* 63(2), 642-662, sec. 3.
    """
    shape = payoffs.shape[1:]
    n = len(shape)
    per_player = [subsets(s) for s in shape]
    counts = [len(p) for p in per_player]
    ids = np.indices(counts).reshape(n, -1)                   # ids[i, c]: player i's subset in profile c
    sizes = np.stack([np.array([len(x) for x in per_player[i]])[ids[i]] for i in range(n)])
    keep = np.ones(ids.shape[1], dtype=bool)
    if not include_pure:
        keep &= ~np.all(sizes == 1, axis=0)
    candidates = int(keep.sum())
    if prune:
        for i in range(n):
            own_bits = np.array([sum(1 << k for k in x) for x in per_player[i]], dtype=np.int64)
            table = _dominated_bits(payoffs, tol, i, per_player)      # by the others' subsets, C order
            others = [j for j in range(n) if j != i]
            flat = np.ravel_multi_index(tuple(ids[j] for j in others), [counts[j] for j in others]) if others \
                else np.zeros(ids.shape[1], dtype=int)
            keep &= (table[flat] & own_bits[ids[i]]) == 0
    kept = np.flatnonzero(keep)
    total, spread = sizes[:, kept].sum(axis=0), np.ptp(sizes[:, kept], axis=0)
    kept = kept[np.lexsort((spread, total))]                   # stable: ties stay in product order
    out = [tuple(per_player[i][int(ids[i, c])] for i in range(n)) for c in kept]
    return out, candidates - len(out)


def _dominated_bits(payoffs: np.ndarray, tol: float, i: int, per_player: list[list[tuple[int, ...]]]) -> np.ndarray:
    """Player ``i``'s conditionally dominated strategies as bit masks, for every profile of the others'
    supports (C order over their subset lists).

    Strategy ``k`` is dominated given ``S_-i`` when some ``k'`` is never worse by more than ``tol`` and
    somewhere better by more than ``tol`` against the pure profiles of ``S_-i`` (the weak test of
    :class:`~bargain.model.dominance.ConditionalDominance`; Porter, Nudelman and Shoham 2008, sec. 3).
    The membership of each pure profile ``r`` in each ``S_-i`` is an outer product of the others' subset
    indicators, so "never worse on ``S_-i``" and "better somewhere" are two integer matrix products.
    """
    s = payoffs.shape[1 + i]
    own = np.moveaxis(payoffs[i], i, 0).reshape(s, -1)
    diff = own[:, None, :] - own[None, :, :]                 # diff[k', k, r] = u(k', r) - u(k, r)
    worse = (diff < -tol).reshape(s * s, -1).astype(np.int64)
    better = (diff > tol).reshape(s * s, -1).astype(np.int64)
    member = np.ones((1, 1), dtype=np.int64)                   # (profiles of S_-i so far, pure profiles r)
    for j in range(len(per_player)):
        if j == i:
            continue
        ind = np.zeros((len(per_player[j]), payoffs.shape[1 + j]), dtype=np.int64)
        for a, x in enumerate(per_player[j]):
            ind[a, list(x)] = 1
        member = (member[:, None, :, None] * ind[None, :, None, :]).reshape(member.shape[0] * ind.shape[0], -1)
    beats = ((member @ worse.T) == 0) & ((member @ better.T) > 0)   # (profiles, k' * s + k)
    dominated = beats.reshape(-1, s, s).any(axis=1)                # (profiles, k)
    return dominated.astype(np.int64) @ (np.int64(1) << np.arange(s, dtype=np.int64))


def indifference_coefficients(payoffs: np.ndarray, support: Support, player: int) -> np.ndarray:
    """Coefficients of ``player``'s indifference equations on ``support``.

    Shape ``(d_i, *[|S_j| for mixing j != i])``: equation ``k`` says strategy ``S_i[k + 1]`` earns
    what ``S_i[0]`` earns, ``sum_a C[k, a] prod_j x_j[a_j] = 0``, with the pure players' strategies
    substituted.  Works on float and on object (Fraction) arrays.
    """
    n = payoffs.shape[0]
    # the pure players' strategies by basic indexing (their axes drop out), then the kept axes one by one
    kept = [j for j in range(n) if j == player or len(support[j]) > 1]
    sub = payoffs[player][tuple(slice(None) if j in kept else support[j][0] for j in range(n))]
    for axis, j in enumerate(kept):
        sub = sub.take(support[j], axis=axis)
    own_axis = kept.index(player)
    if own_axis:
        sub = sub.transpose((own_axis, *(k for k in range(len(kept)) if k != own_axis)))
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
