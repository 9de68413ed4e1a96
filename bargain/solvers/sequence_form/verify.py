"""The verification gate for equilibria of game trees in behaviour strategies.

A behaviour profile ``b`` of a perfect-recall tree is a Nash equilibrium iff no player has a
better plan against the others' behaviour.  Each player's best-response value is computed on the
tree itself, by backward induction over that player's information sets (perfect recall makes
them a forest; :func:`~bargain.solvers.spe_result.best_response_gain`), independently of the
sequence-form matrices the solvers use.  The largest gain is the profile's *regret*; it must be
at most the tolerance (exactly zero when the tree and the profile are rational), else
:class:`~bargain.errors.VerificationError` is raised.  Every equilibrium the sequence-form
solvers return passes through :func:`make_behaviour_equilibrium`.

In exact arithmetic the same backward induction runs on integers (:func:`exact_regrets`): every
probability is written over one common denominator ``D`` and every payoff over one denominator
``P``, so a node's reach is an integer over ``D`` to its depth, each leaf is scaled to the deepest
depth, and the values are compared exactly without a gcd per operation (Fraction arithmetic is
several times slower); all players in one pass over the tree.

References
----------
Kuhn (1953), "Extensive games and the problem of information", Contributions to the Theory of
Games II; Osborne and Rubinstein (1994), *A Course in Game Theory*, ch. 11.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import VerificationError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import CHANCE, DECISION, TERMINAL
from bargain.model.numbers import format_number
from bargain.solvers.result import Equilibrium, support_of
from bargain.solvers.sequence_form.sequences import SequenceForm

__all__ = ["behaviour_equilibrium", "behaviour_regret", "exact_regrets", "make_behaviour_equilibrium"]


class _Walk:
    """Per tree, what the integer backward induction needs: the nodes in preorder with their parent,
    the move into them (``("c", p)`` chance with probability ``p``, or ``(set, action, player)``),
    each player's last own move before each leaf, each player's sets in preorder and the sets each
    own move (or the root, key None) leads to next, the leaves' depths and integer payoffs."""

    def __init__(self, tree: ExtensiveGame) -> None:
        kind, parent, edge, infoset, player = tree._kind, tree._parent, tree._edge, tree._infoset, tree._player
        n, m = tree.num_nodes, tree.n_players
        self.n_players = m
        #: (node, parent, chance probability or action, set (-1: chance), player)
        self.moves: list[tuple[int, int, Any, int, int]] = []
        self.depth = [0] * n
        last: list[list[Any]] = [[None] * m for _ in range(n)]
        self.kids: list[dict[Any, list[int]]] = [{} for _ in range(m)]
        self.own_sets: list[list[int]] = [[] for _ in range(m)]
        seen: set[int] = set()
        self.leaves: list[tuple[int, list[Any]]] = []            # (node, each player's last own move)
        leaf_of = {int(z): k for k, z in enumerate(tree.leaves)}
        rows = [list(tree.exact_leaf_payoffs[leaf_of[int(z)]]) for z in tree.leaves]
        self.den = math.lcm(*(Fraction(v).denominator for r in rows for v in r)) if rows else 1
        self.payoff: dict[int, list[int]] = {int(z): [int(Fraction(v) * self.den) for v in r]
                                            for z, r in zip(tree.leaves, rows, strict=True)}
        for x in range(n):
            if x:
                par, k = int(parent[x]), int(edge[x])
                self.depth[x] = self.depth[par] + 1
                if kind[par] == CHANCE:
                    self.moves.append((x, par, Fraction(tree.chance_probabilities(par, exact=True)[k]), -1, -1))
                    last[x] = last[par]
                else:
                    h, i = int(infoset[par]), int(player[par])
                    self.moves.append((x, par, k, h, i))
                    last[x] = list(last[par])
                    last[x][i] = (h, k)
            if kind[x] == TERMINAL:
                self.leaves.append((x, last[x]))
            elif kind[x] == DECISION:
                h, i = int(infoset[x]), int(player[x])
                if h not in seen:
                    seen.add(h)
                    self.own_sets[i].append(h)
                    self.kids[i].setdefault(last[x][i], []).append(h)
        self.deepest = max(self.depth, default=0)
        self.chance_den = math.lcm(1, *(Fraction(p).denominator for _, _, p, h, _ in self.moves if h < 0))


@functools.lru_cache(maxsize=8)
def _walk(tree: ExtensiveGame) -> _Walk:
    return _Walk(tree)


def exact_regrets(tree: ExtensiveGame, probs: Sequence[Sequence[Any]]) -> tuple[list[Fraction], list[Fraction]]:
    """Every player's exact gain from a best response, and their payoffs, at a rational behaviour profile.

    Parameters
    ----------
    tree : ExtensiveGame
        An exact perfect-recall tree.
    probs : sequence of sequences of Fraction
        The behaviour at every information set.

    Returns
    -------
    (list of Fraction, list of Fraction)
        ``gains[i]`` (best-response value minus value) and ``payoffs[i]``.

    References
    ----------
    Kuhn (1953); Osborne and Rubinstein (1994), ch. 11 (best responses by backward induction over a
    player's information sets, a forest under perfect recall).
    """
    w = _walk(tree)
    m = w.n_players
    rows = [[p if type(p) is Fraction else Fraction(p) for p in row] for row in probs]
    D = math.lcm(w.chance_den, *(p.denominator for row in rows for p in row))
    num = [[p.numerator * (D // p.denominator) for p in row] for row in rows]
    n = len(w.depth)
    full = [0] * n
    full[0] = 1
    reach = [[1] * m] + [[]] * (n - 1)         # reach[x][i]: chance and the others' moves only
    for x, par, p, h, i in w.moves:
        if h < 0:
            f = p.numerator * (D // p.denominator)
            full[x] = full[par] * f
            reach[x] = [r * f for r in reach[par]]
        else:
            f = num[h][p]
            full[x] = full[par] * f
            reach[x] = [r * (D if j == i else f) for j, r in enumerate(reach[par])]
    W: list[dict[Any, int]] = [{} for _ in range(m)]
    actual = [0] * m
    for z, last in w.leaves:
        scale = D ** (w.deepest - w.depth[z])
        u = w.payoff[z]
        for i in range(m):
            v = u[i] * scale
            W[i][last[i]] = W[i].get(last[i], 0) + reach[z][i] * v
            actual[i] += full[z] * v
    total = D ** w.deepest * w.den
    gains, pays = [], []
    for i in range(m):
        V: dict[int, int] = {}
        kids, Wi = w.kids[i], W[i]
        for h in reversed(w.own_sets[i]):
            V[h] = max(Wi.get((h, a), 0) + sum(V[g] for g in kids.get((h, a), ()))
                       for a in range(len(probs[h])))
        best = Wi.get(None, 0) + sum(V[g] for g in kids.get(None, ()))
        gains.append(Fraction(best - actual[i], total))
        pays.append(Fraction(actual[i], total))
    return gains, pays


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
    if exact:
        gains = exact_regrets(tree, src)[0]
    else:
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
    return behaviour_equilibrium(sf, sf.behaviour_from_plans(plans, exact=exact), method, exact=exact, tol=tol,
                                 component=component)


def behaviour_equilibrium(sf: SequenceForm, b: BehaviourProfile, method: str, *, exact: bool = False,
                          tol: float | None = None, component: int | None = None) -> Equilibrium:
    """Verify a behaviour profile on the tree and wrap it as an :class:`Equilibrium` (the gate of
    :func:`make_behaviour_equilibrium`, for callers that hold the behaviour rather than plans).

    Parameters
    ----------
    sf : SequenceForm
        The sequence form of the tree.
    b : BehaviourProfile
        The behaviour (exact probabilities when ``exact``).
    method : str
        The solver's name.
    exact : bool
        Verify in exact arithmetic (regret exactly 0).
    tol : float, optional
        Regret tolerance in float mode (default ``tree.tolerance``).
    component : int, optional
        Index of the component of the equilibrium set, where known.

    Returns
    -------
    Equilibrium
        The verified equilibrium: ``behaviour`` is ``b``, ``profile`` its realisation plans.

    Raises
    ------
    VerificationError
        If some player gains more than the tolerance by deviating (a solver bug).

    References
    ----------
    Kuhn (1953); Osborne and Rubinstein (1994), ch. 11.
    """
    tree = sf.game
    if exact:
        if b.exact_probabilities is None:
            raise VerificationError("exact verification needs an exact behaviour profile")
        gains, pays = exact_regrets(tree, b.exact_probabilities)
        who = max(range(len(gains)), key=lambda i: gains[i])
        regret = gains[who]
    else:
        regret, who = behaviour_regret(tree, b)
    t = 0 if exact else (tree.tolerance if tol is None else tol)
    if regret > t:
        raise VerificationError(f"{method} produced a non-equilibrium: {tree.players[who]} gains "
                                f"{format_number(regret)} by deviating (tolerance {format_number(t)})")
    plans_out = [sf.plan_from_behaviour(b, i, exact=exact) for i in range(tree.n_players)]
    if exact:       # Fractions: numerator / denominator is float(v) without the generic conversion
        return Equilibrium(
            game=tree, profile=tuple(np.array([v.numerator / v.denominator for v in x]) for x in plans_out),
            payoffs=np.array([v.numerator / v.denominator for v in pays]),
            support=tuple(tuple(k for k, v in enumerate(x) if v.numerator) for x in plans_out),
            regret=0.0, method=method, component=component,
            exact_profile=tuple(tuple(x) for x in plans_out), exact_payoffs=tuple(pays), behaviour=b)
    return Equilibrium(game=tree, profile=tuple(plans_out), payoffs=np.asarray(b.payoffs(), dtype=float),
                       support=support_of(plans_out), regret=max(float(regret), 0.0), method=method,
                       component=component, behaviour=b)
