"""Beliefs at information sets: Bayes' rule on the path, consistency (Kreps–Wilson) off it.

A *system of beliefs* ``μ`` gives every information set ``h`` a distribution over its nodes.
Where the behaviour profile ``b`` reaches ``h`` with positive probability, ``μ`` must follow
Bayes' rule: ``μ(x) = P_b(x) / P_b(h)``.  Off the path, an assessment ``(b, μ)`` is
*consistent* when it is the limit of ``(b_n, μ_n)`` with ``b_n`` totally mixed and ``μ_n`` given
by Bayes' rule (Kreps and Wilson 1982).  Kreps and Wilson's Lemma A1 makes this checkable: write
each action's probability along the sequence as ``b_n(a) ≈ β(a) ε_n^κ(a)`` with ``κ(a) = 0``
exactly when ``b(a) > 0`` (then ``β(a) = b(a)``).  A node ``x`` then has weight
``c(x) · Π_{a ∈ Z(x)} β(a) · ε^{K(x)}``, where ``Z(x)`` lists the zero-probability actions on
its path, ``K(x) = Σ_{a ∈ Z(x)} κ(a)`` and ``c(x)`` is the product of the positive
probabilities (chance included).  So ``(b, μ)`` is consistent iff there are ``κ > 0`` and
``β > 0`` on the zero-probability actions such that, at every information set, ``μ`` is
supported on the nodes of least ``K`` and there ``μ(x) ∝ c(x) Π β``.  With ``y = log β`` that is
one linear program in ``κ`` (the supports) and one linear system in ``y`` (the ratios), which
:func:`is_consistent` solves.

Two consequences bound the search for off-path beliefs (:func:`belief_constraints`): a node
whose ``Z`` strictly contains that of another node of the set gets belief 0, and two nodes with
the same ``Z`` keep the ratio ``c(x) : c(y)``.

References
----------
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894 (Lemma A1).
Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 8.3.  Osborne, M. J. and Rubinstein, A.
(1994). *A Course in Game Theory*, ch. 12.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.model.extensive import BehaviourProfile

__all__ = ["TrembleStructure", "bayes_beliefs", "belief_constraints", "is_consistent", "tremble_structure"]


@dataclass(frozen=True)
class TrembleStructure:
    """Per node: ``weight`` ``c(x)`` (positive probabilities on its path, chance included) and
    ``zeros`` ``Z(x)``, the zero-probability actions ``(information set, action)`` on its path."""

    weight: tuple[Any, ...]
    zeros: tuple[frozenset[tuple[int, int]], ...]


def tremble_structure(behaviour: BehaviourProfile, *, exact: bool = False) -> TrembleStructure:
    """``c(x)`` and ``Z(x)`` for every node of the tree (one preorder pass).

    Parameters
    ----------
    behaviour: the behaviour profile ``b``.
    exact: Fractions (needs an exact tree and profile).

    Returns
    -------
    The :class:`TrembleStructure`.
    """
    g = behaviour.game
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    weight: list[Any] = [Fraction(1) if exact else 1.0] * g.num_nodes
    zeros: list[frozenset[tuple[int, int]]] = [frozenset()] * g.num_nodes
    for x in range(1, g.num_nodes):
        par = g.parent(x)
        k = g.children(par).index(x)
        if g.node_kind(par) == "chance":
            p = g.chance_probabilities(par, exact=exact)[k]
            weight[x], zeros[x] = weight[par] * p, zeros[par]
            continue
        h = g.node_infoset(par).index
        p = src[h][k]
        if p > 0:
            weight[x], zeros[x] = weight[par] * p, zeros[par]
        else:
            weight[x], zeros[x] = weight[par], zeros[par] | {(h, k)}
    return TrembleStructure(tuple(weight), tuple(zeros))


def bayes_beliefs(behaviour: BehaviourProfile, *, exact: bool = False, root: int = 0) -> dict[int, tuple[Any, ...]]:
    """Beliefs by Bayes' rule at every information set reached with positive probability.

    Parameters
    ----------
    behaviour: the behaviour profile.
    exact: Fractions (needs an exact tree and profile).
    root: compute reach probabilities from this node (a subgame root) instead of the root.

    Returns
    -------
    ``{information set index: beliefs over its nodes}`` for the sets reached from ``root``.
    """
    g = behaviour.game
    reach = behaviour.reach_probabilities(exact=exact, root=root)
    out = {}
    for h in g.infosets:
        r = [reach[x] for x in h.nodes]
        tot = sum(r)
        if tot > 0:
            out[h.index] = tuple(v / tot for v in r)
    return out


def belief_constraints(tremble: TrembleStructure,
                       nodes: Sequence[int]) -> tuple[list[int], list[tuple[int, int, Any, Any]]]:
    """What consistency forces at an information set before any choice of trembles.

    Parameters
    ----------
    tremble: from :func:`tremble_structure`.
    nodes: the nodes of the information set.

    Returns
    -------
    ``(free, ratios)``: the positions (into ``nodes``) that may get positive belief (``Z`` not a
    strict superset of another node's), and ``(i, j, c_i, c_j)`` meaning ``μ_i c_j = μ_j c_i``
    for free nodes with equal ``Z`` (a chain per class, so the equations are independent).
    """
    Z = [tremble.zeros[x] for x in nodes]
    free = [i for i in range(len(nodes)) if not any(Z[j] < Z[i] for j in range(len(nodes)))]
    ratios = []
    first: dict[frozenset[tuple[int, int]], int] = {}
    for i in free:
        if Z[i] in first:
            j = first[Z[i]]
            ratios.append((j, i, tremble.weight[nodes[j]], tremble.weight[nodes[i]]))
            first[Z[i]] = i
        else:
            first[Z[i]] = i
    return free, ratios


def is_consistent(behaviour: BehaviourProfile, beliefs: Mapping[int, Sequence[Any]], *,
                  tol: float = 1e-9) -> bool:
    """Whether ``(behaviour, beliefs)`` is a consistent assessment (Kreps and Wilson 1982, Lemma A1).

    Parameters
    ----------
    behaviour: the behaviour profile ``b``.
    beliefs: ``{information set index: beliefs over its nodes}`` for every information set.
    tol: tolerance on beliefs and on the linear system's residual.

    Returns
    -------
    True iff there are orders ``κ > 0`` (a linear program) and log-weights ``y`` (a linear system)
    on the zero-probability actions that generate ``beliefs`` (see the module docstring).
    """
    from scipy.optimize import linprog

    g = behaviour.game
    tr = tremble_structure(behaviour)
    acts = sorted({a for z in tr.zeros for a in z})
    col = {a: k for k, a in enumerate(acts)}
    n = len(acts)

    def zvec(x: int) -> np.ndarray:
        v = np.zeros(n)
        for a in tr.zeros[x]:
            v[col[a]] = 1.0
        return v

    eq_k, ub_k, eq_y, rhs_y = [], [], [], []
    for h in g.infosets:
        mu = [float(v) for v in beliefs[h.index]]
        sup = [x for x, m in zip(h.nodes, mu, strict=True) if m > tol]
        if not sup:
            return False
        x0 = sup[0]
        m0 = mu[h.nodes.index(x0)]
        for x, m in zip(h.nodes, mu, strict=True):
            if x == x0:
                continue
            d = zvec(x) - zvec(x0)
            if m > tol:
                eq_k.append(d)
                eq_y.append(d)
                rhs_y.append(np.log(m / tr.weight[x]) - np.log(m0 / tr.weight[x0]) if tr.weight[x] > 0 else np.inf)
            else:
                ub_k.append(-d)          # K(x) >= K(x0) + 1  <=>  -(z_x - z_x0) . κ <= -1
    if any(not np.isfinite(r) for r in rhs_y):
        return False
    if n == 0:
        return not ub_k and all(abs(r) <= 1e-7 for r in rhs_y)
    if ub_k or eq_k:
        res = linprog(np.zeros(n), A_ub=np.array(ub_k) if ub_k else None, b_ub=-np.ones(len(ub_k)) if ub_k else None,
                      A_eq=np.array(eq_k) if eq_k else None, b_eq=np.zeros(len(eq_k)) if eq_k else None,
                      bounds=(1, None), method="highs")
        if res.status != 0:
            return False
    if eq_y:
        M, r = np.array(eq_y), np.array(rhs_y)
        y, *_ = np.linalg.lstsq(M, r, rcond=None)
        if np.max(np.abs(M @ y - r)) > 1e-7:
            return False
    return True
