"""Subgame-perfect equilibria of game trees: the verified result objects.

A behaviour profile ``b`` of an extensive game is a *subgame-perfect equilibrium* (SPE) when it
induces a Nash equilibrium in every subgame (Selten 1965, 1975; Osborne and Rubinstein 1994,
ch. 6).  :func:`verify_subgame_perfect` is the verification gate every SPE passes before a
solver returns it, as :func:`~bargain.solvers.result.make_equilibrium` is for normal-form games:

* with perfect information it checks the *one-shot deviation property*: at every decision node
  the mover's chosen actions are optimal given the continuation values, which for finite trees
  is equivalent to subgame perfection (the one-deviation property; Osborne and Rubinstein 1994,
  ch. 6);
* otherwise, in every subgame and for every player, it computes the best-response value against
  the others' behaviour by dynamic programming over the player's information sets (valid under
  perfect recall) and compares it with the value the profile gives.

The largest gain found is the profile's *regret*; it must be at most the tolerance (exactly 0 for
exact profiles), else :class:`~bargain.errors.VerificationError` is raised.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, VerificationError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import CHANCE, DECISION, TERMINAL
from bargain.model.numbers import format_number
from bargain.solvers.item_sequence import ItemSequence
from bargain.solvers.result import Equilibrium, make_equilibrium
from bargain.solvers.tree_path import PathStep, path_of_play, play_dict

__all__ = ["SubgamePerfectEquilibrium", "SubgamePerfectEquilibria", "verify_subgame_perfect", "PathStep",
           "path_of_play", "best_response_gain", "node_values"]


@dataclass(frozen=True, eq=False)
class SubgamePerfectEquilibrium:
    """A verified subgame-perfect equilibrium of an :class:`~bargain.model.extensive.ExtensiveGame`.

    Attributes
    ----------
    tree: the game.
    behaviour: the behaviour profile (a distribution over actions at every information set).
    payoffs: expected payoff of each player (float); ``exact_payoffs`` Fractions when exact.
    regret: the largest gain any player has from deviating in any subgame (verified).
    method: the solver that found it.
    free: labels of information sets where any behaviour would do: the mover's own plan rules
        them out and they start no subgame, so every action there is part of an SPE with the
        same outcome (the reported behaviour there is uniform).
    """

    tree: ExtensiveGame = field(repr=False)
    behaviour: BehaviourProfile
    payoffs: np.ndarray
    regret: float
    method: str
    exact_payoffs: tuple[Fraction, ...] | None = None
    free: tuple[str, ...] = ()

    @property
    def is_exact(self) -> bool:
        return self.exact_payoffs is not None

    @property
    def is_pure(self) -> bool:
        return self.behaviour.is_pure

    def plan(self, player: int | str) -> dict[str, Any]:
        """The player's plan at every one of their information sets: ``{label: action}`` where
        the behaviour is pure there, ``{label: {action: probability}}`` where it mixes."""
        i = self.tree.player_index(player)
        out: dict[str, Any] = {}
        for h in self.tree.player_infosets(i):
            probs = self.behaviour.action_probabilities(h.index)
            used = {a: p for a, p in probs.items() if p > 0}
            out[h.label] = next(iter(used)) if len(used) == 1 else used
        return out

    def action_at(self, node: str | int) -> str:
        """The action played at a decision node (by path name or id); GameError if it mixes."""
        nid = self.tree.find_node(node) if isinstance(node, str) else int(node)
        h = self.tree.node_infoset(nid)
        if h is None:
            raise GameError(f"node {self.tree.node_name(nid)!r} is not a decision node")
        return self.behaviour.action(h.index)

    @property
    def path(self) -> tuple[PathStep, ...]:
        """The nodes reached with positive probability, in preorder, with what happens at each."""
        return path_of_play(self.tree, self.behaviour, exact=self.is_exact)

    @property
    def outcome(self) -> dict[str, Any]:
        """Probability of each terminal node reached (by path name)."""
        g = self.tree
        exact = self.is_exact and self.behaviour.is_exact and g.is_exact
        reach = self.behaviour.reach_probabilities(exact=exact)
        return {g.node_name(int(z)): reach[int(z)] for z in g.leaves if reach[int(z)] != 0}

    def normal_form_equilibrium(self) -> Equilibrium:
        """The realisation-equivalent mixed profile of the reduced normal form, verified there as
        a Nash equilibrium by :func:`~bargain.solvers.result.make_equilibrium` (Kuhn 1953)."""
        g = self.tree
        exact = self.is_exact and self.behaviour.is_exact and g.is_exact
        game = g.reduced_normal_form(exact=exact)
        return make_equilibrium(game, g.mixed_from_behaviour(self.behaviour, exact=exact), self.method, exact=exact)

    def describe(self, digits: int = 6) -> str:
        """The path of play, each player's plan at every node, and the payoffs."""
        g = self.tree
        pays = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        lines = ["path: " + " -> ".join(str(s) for s in self.path) if self.path else "path: (no moves)"]
        lines.append("plans:")
        free = set(self.free)
        for line, h in zip(self.behaviour.describe(digits).splitlines(), g.infosets, strict=True):
            lines.append(f"  {line}" + ("  (any action: ruled out by their own plan)" if h.label in free else ""))
        lines.append("payoffs: " + ", ".join(f"{p}={format_number(v, digits)}"
                                            for p, v in zip(g.players, pays, strict=True)))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        g = self.tree
        pays = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        return {
            **play_dict(self.behaviour, self.path, g.players, pays),
            "regret": float(self.regret),
            "method": self.method,
            "exact": self.is_exact,
            "free": list(self.free),
        }

    def __repr__(self) -> str:
        pays = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        path = "; ".join(str(s) for s in self.path)
        return f"SubgamePerfectEquilibrium({path}; payoffs=({', '.join(format_number(v) for v in pays)}))"


class SubgamePerfectEquilibria(ItemSequence[SubgamePerfectEquilibrium]):
    """The subgame-perfect equilibria a solver found, with what is known about the set.

    ``complete`` says whether every SPE of the kind the method enumerates is listed; ``count``
    is the total number when the method counted more than it listed; ``notes`` carry caveats.
    """

    def __init__(self, tree: ExtensiveGame, items: Sequence[SubgamePerfectEquilibrium], method: str,
                 complete: bool, notes: Sequence[str] = (), count: int | None = None) -> None:
        self.tree = tree
        self._items = tuple(items)
        self.method = method
        self.complete = complete
        self.notes = tuple(notes)
        self.count = len(self._items) if count is None else count

    def table(self, digits: int = 6) -> str:
        """One block per equilibrium: path, plans and payoffs."""
        n = len(self)
        head = (f"{n} subgame-perfect equilibri{'um' if n == 1 else 'a'} of {self.tree!r}; method={self.method} "
                f"({'complete' if self.complete else 'not guaranteed complete'})")
        if self.count > n:
            head += f"; {self.count} in all, first {n} listed"
        blocks = [head]
        for k, eq in enumerate(self._items):
            blocks.append(f"#{k + 1}\n" + "\n".join("  " + line for line in eq.describe(digits).splitlines()))
        blocks += [f"note: {note}" for note in self.notes]
        return "\n".join(blocks)

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.tree.players), "method": self.method, "complete": self.complete,
                "count": self.count, "equilibria": [e.to_dict() for e in self._items], "notes": list(self.notes)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        return self.table()


# --------------------------------------------------------------------------- verification
def _values(tree: ExtensiveGame, src: Sequence[Sequence[Any]], exact: bool) -> list[Any]:
    """Expected payoff vector of every node's subtree under behaviour ``src`` (bottom-up)."""
    pay = tree.exact_leaf_payoffs if exact else tree.leaf_payoffs
    kind, infoset = tree._kind, tree._infoset
    leaf_of = {int(z): k for k, z in enumerate(tree.leaves)}
    vals: list[Any] = [None] * tree.num_nodes
    for x in range(tree.num_nodes - 1, -1, -1):
        if kind[x] == TERMINAL:
            vals[x] = pay[leaf_of[x]]
            continue
        probs = tree.chance_probabilities(x, exact=exact) if kind[x] == CHANCE else src[int(infoset[x])]
        acc = None
        for c, p in zip(tree.children(x), probs, strict=True):
            if p != 0:
                acc = vals[c] * p if acc is None else acc + vals[c] * p
        vals[x] = acc
    return vals


def node_values(tree: ExtensiveGame, behaviour: BehaviourProfile, *, exact: bool = False) -> list[Any]:
    """The expected payoff vector of every node's subtree under ``behaviour`` (node ids in preorder).

    Parameters
    ----------
    tree : ExtensiveGame
        The game.
    behaviour : BehaviourProfile
        A behaviour profile of ``tree`` (exact for ``exact=True``).
    exact : bool, default False
        Fractions (needs an exact tree and profile).

    Returns
    -------
    list
        Per node, a numpy vector of the players' payoffs (object dtype of Fractions when exact).

    References
    ----------
    Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the
    Theory of Games* II, 193-216 (the value of a subtree under a behaviour profile).
    """
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    assert src is not None
    return _values(tree, src, exact)


def _one_shot_regret(tree: ExtensiveGame, src: Sequence[Sequence[Any]], exact: bool) -> tuple[Any, str]:
    vals = _values(tree, src, exact)
    worst: Any = 0
    where = ""
    for x in range(tree.num_nodes):
        if tree._kind[x] != DECISION:
            continue
        i = int(tree._player[x])
        gain = max(vals[c][i] for c in tree.children(x)) - vals[x][i]
        if gain > worst:
            worst, where = gain, tree.node_name(x)
    return worst, where


def best_response_gain(tree: ExtensiveGame, src: Sequence[Sequence[Any]], exact: bool, root: int,
                        i: int) -> Any:
    """Player ``i``'s best-response value minus their value, in the subgame at ``root``.

    Reach probabilities ``q`` count only chance and the other players' moves; a leaf's value
    is credited to the last move ``(h, a)`` of player ``i`` before it, and
    ``V(h) = max_a [W(h, a) + sum of V(h') over the sets h' that (h, a) leads to]``
    (dynamic programming over ``i``'s information sets; needs perfect recall).
    """
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    end = tree.subtree_end(root)
    kind, parent, edge, infoset, player = tree._kind, tree._parent, tree._edge, tree._infoset, tree._player
    pay = tree.exact_leaf_payoffs if exact else tree.leaf_payoffs
    leaf_of = {int(z): k for k, z in enumerate(tree.leaves)}
    q = {root: one}
    full = {root: one}
    last: dict[int, Any] = {root: None}
    W: dict[Any, Any] = {}
    kids: dict[Any, list[int]] = {}
    own_sets: list[int] = []
    seen_sets: set[int] = set()
    actual = zero
    for x in range(root, end):
        if x != root:
            par = int(parent[x])
            k = int(edge[x])
            if kind[par] == CHANCE:
                p = tree.chance_probabilities(par, exact=exact)[k]
                q[x] = q[par] * p
                last[x] = last[par]
            else:
                p = src[int(infoset[par])][k]
                if int(player[par]) == i:
                    q[x] = q[par]
                    last[x] = (int(infoset[par]), k)
                else:
                    q[x] = q[par] * p
                    last[x] = last[par]
            full[x] = full[par] * p
        if kind[x] == TERMINAL:
            u = pay[leaf_of[x]][i]
            W[last[x]] = W.get(last[x], zero) + q[x] * u
            actual = actual + full[x] * u
        elif kind[x] == DECISION and int(player[x]) == i:
            h = int(infoset[x])
            if h not in seen_sets:
                seen_sets.add(h)
                own_sets.append(h)
                kids.setdefault(last[x], []).append(h)
    V: dict[int, Any] = {}
    for h in reversed(own_sets):
        n_act = tree.infosets[h].num_actions
        V[h] = max(W.get((h, a), zero) + sum((V[j] for j in kids.get((h, a), [])), zero) for a in range(n_act))
    best = W.get(None, zero) + sum((V[j] for j in kids.get(None, [])), zero)
    return best - actual


def verify_subgame_perfect(tree: ExtensiveGame, behaviour: BehaviourProfile, method: str, *,
                           exact: bool = False, tol: float | None = None) -> float:
    """Check that ``behaviour`` is a subgame-perfect equilibrium of ``tree``; return its regret.

    Raises :class:`VerificationError` if some player gains more than ``tol`` (default
    ``tree.tolerance``; exactly 0 with ``exact``) by deviating in some subgame.
    """
    if exact and not (tree.is_exact and behaviour.is_exact):
        raise VerificationError(f"{method}: exact verification needs an exact tree and exact behaviour")
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    assert src is not None
    t = 0 if exact else (tree.tolerance if tol is None else tol)
    if tree.has_perfect_information:
        gain, where = _one_shot_regret(tree, src, exact)
        if gain > t:
            raise VerificationError(f"{method} produced a profile that is not subgame perfect: the mover at "
                                    f"{where!r} gains {format_number(gain)} by another action")
        return float(gain)
    tree.check_perfect_recall("verifying subgame perfection")
    worst: Any = 0
    for r in tree.subgame_roots():
        for i in range(tree.n_players):
            gain = best_response_gain(tree, src, exact, r, i)
            if gain > t:
                raise VerificationError(f"{method} produced a profile that is not subgame perfect: in the subgame at "
                                        f"{tree.node_name(r)!r}, {tree.players[i]} gains {format_number(gain)} by "
                                        "deviating")
            worst = max(worst, gain)
    return float(worst)


def make_spe(tree: ExtensiveGame, behaviour: BehaviourProfile, method: str, *, exact: bool = False,
             tol: float | None = None, free: Sequence[str] = ()) -> SubgamePerfectEquilibrium:
    """Verify ``behaviour`` (see :func:`verify_subgame_perfect`) and wrap it as a result."""
    regret = verify_subgame_perfect(tree, behaviour, method, exact=exact, tol=tol)
    if exact:
        pays_q = behaviour.payoffs(exact=True)
        return SubgamePerfectEquilibrium(tree, behaviour, np.array([float(v) for v in pays_q]), 0.0, method,
                                         exact_payoffs=tuple(pays_q), free=tuple(free))
    return SubgamePerfectEquilibrium(tree, behaviour, behaviour.payoffs(), regret, method, free=tuple(free))
