"""Cross-checks against pygambit: its behaviour profiles as our realisation plans, and membership
of a plan profile in the convex hull of a maximal Nash subset."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

from bargain.model.extensive import BehaviourProfile


def gambit_behaviour(tree, ggame, profile) -> BehaviourProfile:
    """A pygambit MixedBehaviorProfile as our behaviour profile (same tree, read from the same file:
    both number the nodes in prefix order, so node k of one is node k of the other)."""
    probs = [None] * len(tree.infosets)
    for k, gnode in enumerate(ggame.nodes):
        if tree.node_kind(k) != "decision":
            continue
        inf = gnode.infoset
        h = tree.node_infoset(k)
        vals = [Fraction(str(profile[a])) for a in inf.actions]
        tot = sum(vals)
        probs[h.index] = tuple(v / tot for v in vals) if tot else tuple(Fraction(1, len(vals)) for _ in vals)
    return BehaviourProfile.build(tree, probs, exact=True)


def plans_of(sf, behaviour) -> list[np.ndarray]:
    return [np.array([float(v) for v in sf.plan_from_behaviour(behaviour, i, exact=True)])
            for i in range(sf.game.n_players)]


def in_hull(points: list[np.ndarray], target: np.ndarray, tol: float = 1e-7) -> bool:
    """Whether ``target`` is a convex combination of ``points`` (LP feasibility)."""
    P = np.array(points, dtype=float)
    k = len(P)
    a_eq = np.vstack([P.T, np.ones((1, k))])
    b_eq = np.concatenate([target, [1.0]])
    res = linprog(np.zeros(k), A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * k, method="highs")
    if res.status != 0:
        return False
    return float(np.abs(a_eq @ res.x - b_eq).max()) <= tol


def in_equilibrium_set(eqs, plans: list[np.ndarray]) -> bool:
    """Whether a plan profile lies in a maximal Nash subset conv(X) x conv(Y) of ``eqs``."""
    for comp in eqs.components:
        for subset in comp.nash_subsets:
            xs = [eqs[k].profile[0] for k in subset]
            ys = [eqs[k].profile[1] for k in subset]
            if in_hull(xs, plans[0]) and in_hull(ys, plans[1]):
                return True
    return False
