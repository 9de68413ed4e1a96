"""Realisation plans of behaviour rows, the sets a support leaves unreached, and a fast regret.

Small helpers of the tree enumeration (:mod:`.solver`): plans from per-set action probabilities
(von Stengel 1996), rationalised floating-point behaviour, the free sequences and base plans of a
face of solutions, and the largest gain from deviating computed in floating point from the
sequence-form payoff vectors (a filter before the exact verification on the tree).

References
----------
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games Econ. Behav.* 14.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.solvers.sequence_form.sequences import SequenceForm
from bargain.solvers.tree_polynomial.supports import SupportSystem

__all__ = ["face_data", "face_free", "payoff_scale", "plans_of_rows", "rationalised", "regret", "unreached"]


def payoff_scale(tree: Any) -> float:
    """The largest absolute leaf payoff of ``tree`` (at least 1): coefficients are compared with it.

    Parameters
    ----------
    tree : ExtensiveGame
        A game tree.

    Returns
    -------
    float
        The scale.
    """
    pay = np.asarray(tree.leaf_payoffs, dtype=float)
    return max(1.0, float(np.abs(pay).max()) if pay.size else 1.0)


def regret(sf: SequenceForm, plans: list[np.ndarray]) -> float:
    """The largest gain of a player by deviating from ``plans``, in floating point (sequence-form
    payoff vectors in one numpy pass each, then :meth:`SequenceForm.best_response`)."""
    n = sf.game.n_players
    seqs = sf.leaf_sequences
    reach = [np.asarray(plans[i], dtype=float)[seqs[:, i]] for i in range(n)]
    coef = _leaf_coefficients(sf)
    worst = 0.0
    for j in range(n):
        w = coef[j]
        for i in range(n):
            if i != j:
                w = w * reach[i]
        c = np.bincount(seqs[:, j], weights=w, minlength=sf.num_sequences[j])
        worst = max(worst, float(sf.best_response(j, c)[0] - c @ np.asarray(plans[j], dtype=float)))
    return worst


@functools.lru_cache(maxsize=8)
def _leaf_coefficients(sf: SequenceForm) -> np.ndarray:
    """``w(z) u_j(z)`` per player and leaf, in floating point."""
    return (sf.leaf_weight[:, None] * np.asarray(sf.game.leaf_payoffs, dtype=float)).T.copy()


def unreached(sf: SequenceForm, system: SupportSystem) -> list[np.ndarray]:
    """Per player, the mask of sequences at information sets the support does not reach."""
    tree = sf.game
    free = [np.zeros(n, dtype=bool) for n in sf.num_sequences]
    for h, acts in enumerate(system.support):
        if not acts:
            first = int(sf.infoset_first[h])
            free[tree.infosets[h].player][first:first + tree.infosets[h].num_actions] = True
    return free


def plans_of_rows(sf: SequenceForm, rows: list[Any], exact: bool) -> list[np.ndarray]:
    """Every player's realisation plan of per-set action probabilities ``rows`` (None at a set: zero
    below it), in Fractions when ``exact``."""
    out = []
    for i in range(sf.game.n_players):
        x = np.zeros(sf.num_sequences[i], dtype=object if exact else float)
        if exact:
            x[:] = Fraction(0)
        x[0] = 1
        for h in sf.player_infosets[i]:      # preorder: the parent sequence is set first
            if rows[h] is None:
                continue
            first, par = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            for a, p in enumerate(rows[h]):
                x[first + a] = x[par] * p
        out.append(x)
    return out


def rationalised(probs: list[Any]) -> list[Any] | None:
    """The behaviour with every probability replaced by a nearby small-denominator fraction."""
    for bound in (10**3, 10**6):
        out: list[Any] = []
        for row in probs:
            if row is None:
                out.append(None)
                continue
            q = [Fraction(float(p)).limit_denominator(bound) for p in row]
            if sum(q) != 1 or any(v < 0 for v in q):
                break
            out.append(q)
        else:
            return out
    return None


def face_free(sf: SequenceForm, system: SupportSystem) -> list[np.ndarray]:
    """Per player, the free sequences of a support whose solutions form a face: the unreached sets'
    and the mixing players' support actions."""
    tree = sf.game
    free = unreached(sf, system)
    for h, acts in enumerate(system.support):
        i = tree.infosets[h].player
        if acts and i in system.mixing:
            first = int(sf.infoset_first[h])
            free[i][[first + a for a in acts]] = True
    return free


def face_data(sf: SequenceForm, system: SupportSystem, exact: bool) -> tuple[list[np.ndarray], dict[str, Any]]:
    """``(base, options)`` of :func:`.extension.extension_vertices` for a face: each mixer's payoff at
    its base plan and, with two mixers, each one's indifference equations (linear in the other's plan)
    as equalities (``system`` without fixed behaviour: one variable per support action but the last)."""
    conv = (lambda v: v) if exact else float
    base = [np.array([conv(v) for v in M[:, 0]], dtype=object if exact else float) for M in system.maps]
    equations = []
    if len(system.mixing) == 2:
        for q in range(2):
            j = system.mixing[1 - q]
            seqs = [0] + [int(sf.infoset_first[h]) + a for h in sf.player_infosets[j] for a in system.support[h][:-1]]
            equations += [(j, seqs, [conv(c) for c in row]) for row in system.coeffs[q]]
    return base, {"reference": {i: base[i] for i in system.mixing}, "equations": equations}
