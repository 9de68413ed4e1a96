"""The path of play of a behaviour profile on a game tree: the nodes it reaches and what happens there.

Shared by the result types of subgame-perfect equilibria (:mod:`bargain.solvers.spe_result`) and of
Nash equilibria of trees (:class:`bargain.solvers.result.Equilibrium` with a ``behaviour``).  The
reach probability of a node is the product of the move and chance probabilities on its path
(Kuhn 1953; Osborne and Rubinstein 1994, *A Course in Game Theory*, ch. 11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.numbers import format_number

__all__ = ["PathStep", "path_of_play", "play_dict"]


@dataclass(frozen=True)
class PathStep:
    """One node on the equilibrium path: where, who moves, and what happens there.

    ``choices`` maps each action (or chance outcome) taken with positive probability to that
    probability; ``reach`` is the probability that play gets to this node.
    """

    node: str
    mover: str
    choices: dict[str, Any]
    reach: Any

    def __str__(self) -> str:
        what = ", ".join(a if len(self.choices) == 1 and self.mover != "chance" else f"{a} ({format_number(p)})"
                         for a, p in self.choices.items())
        return f"{self.mover} at {self.node}: {what}"


def path_of_play(tree: ExtensiveGame, behaviour: BehaviourProfile, *, exact: bool = False) -> tuple[PathStep, ...]:
    """The nodes a behaviour profile reaches with positive probability, in preorder, with what
    happens at each (the moves taken, chance outcomes, and the probability of getting there).

    Parameters
    ----------
    tree: the game.
    behaviour: a behaviour profile of ``tree``.
    exact: use Fractions (needs an exact tree and an exact profile; falls back to floats otherwise).

    Returns
    -------
    One :class:`PathStep` per decision or chance node reached.
    """
    g = tree
    exact = exact and behaviour.is_exact and g.is_exact
    reach = behaviour.reach_probabilities(exact=exact)
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    assert src is not None
    steps = []
    for x in range(g.num_nodes):
        if reach[x] == 0 or g.node_kind(x) == "terminal":
            continue
        kids = g.children(x)
        if g.node_kind(x) == "chance":
            probs = g.chance_probabilities(x, exact=exact)
            mover = "chance"
        else:
            h = g.node_infoset(x)
            assert h is not None
            probs = src[h.index]
            mover = g.players[h.player]
        choices = {g.action_label(c): p for c, p in zip(kids, probs, strict=True) if p != 0}
        steps.append(PathStep(g.node_name(x), mover, choices, reach[x]))
    return tuple(steps)


def _number(x: Any) -> Any:
    return format_number(x) if isinstance(x, Fraction) else float(x)


def play_dict(behaviour: BehaviourProfile, path: Sequence[PathStep], players: Sequence[str],
              payoffs: Sequence[Any]) -> dict[str, Any]:
    """The JSON-ready part shared by every behaviour equilibrium of a tree: behaviour, path, payoffs.

    Parameters
    ----------
    behaviour : BehaviourProfile
        The move probabilities at every information set.
    path : sequence of PathStep
        The path of play (:func:`path_of_play`).
    players : sequence of str
        The players' names.
    payoffs : sequence of number
        Each player's expected payoff (Fractions are written as ``"p/q"``).

    Returns
    -------
    dict
        ``{"behaviour": ..., "path": [...], "payoffs": {player: value}}``.
    """
    return {
        "behaviour": behaviour.to_dict(),
        "path": [{"node": s.node, "mover": s.mover, "choices": {a: _number(p) for a, p in s.choices.items()}}
                 for s in path],
        "payoffs": {p: _number(v) for p, v in zip(players, payoffs, strict=True)},
    }
