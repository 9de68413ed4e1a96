"""Extensive-form games: trees of decision, chance and terminal nodes.

A finite extensive-form game (Kuhn 1953; Osborne and Rubinstein 1994, ch. 6 and 11) is a rooted
tree whose non-terminal nodes belong either to a player or to chance.  A player's decision nodes
are partitioned into *information sets*: the nodes the player cannot tell apart, which therefore
carry the same actions.  Chance nodes carry probabilities; terminal nodes carry one payoff per
player.  The game has *perfect information* when every information set is a single node, and
*perfect recall* when no player forgets what they knew or did: any two nodes ``x, x'`` of one of
player ``i``'s information sets are preceded by the same sequence of ``i``'s own information sets
and actions (Kuhn 1953; Selten 1975).

Writing a tree
--------------
Nest three constructors; the tree reads top-down like the story it tells::

    from bargain import ExtensiveGame
    from bargain.model.extensive import Chance, Decision, Terminal

    entry = ExtensiveGame(
        Decision("Entrant", {
            "Out": Terminal(0, 2),
            "In": Decision("Incumbent", {"Fight": Terminal(-1, -1), "Accommodate": Terminal(1, 1)}),
        }),
        players=("Entrant", "Incumbent"),
    )

``Terminal`` takes one payoff per player (in ``players`` order), a list of them, or a dict
``{player: payoff}``.  ``Chance({"Collapse": (p, subtree), "Holds": (1 - p, subtree)})`` is a move
of nature.  Decision nodes that share ``infoset="label"`` form one information set (same player,
same action labels); without it every decision node is its own information set.  Node names are
their paths of action labels from the root (``"In/Fight"``; the root is ``"root"``), and every
error about a bad tree names the node.  Inside a parametric model the payoffs and probabilities
may be numpy expressions of the parameters: see :class:`ExtensiveModel`.

What a tree gives
-----------------
* :meth:`ExtensiveGame.reduced_normal_form` -- the *reduced* strategic form: a player's strategies
  are *plans*, which name an action only at the information sets the plan itself does not rule
  out (Osborne and Rubinstein 1994, sec. 6.1 and ch. 11); payoffs are expected over chance.
  Every normal-form solver and analysis then applies.
* Behaviour strategies (:class:`BehaviourProfile`) and Kuhn's map between mixed and behaviour
  strategies (:meth:`ExtensiveGame.behaviour_from_mixed`, :meth:`ExtensiveGame.mixed_from_behaviour`):
  with perfect recall every mixed strategy has a realisation-equivalent behaviour strategy and
  vice versa (Kuhn 1953; Osborne and Rubinstein 1994, ch. 11).
* :meth:`ExtensiveGame.subgame_roots` -- the nodes where a proper subgame starts (a singleton
  information set whose subtree no information set leaves), for subgame-perfect equilibrium
  (Selten 1965), computed by :mod:`bargain.solvers.spe`.
"""


from bargain.model.extensive.behaviour import BehaviourProfile
from bargain.model.extensive.game import ExtensiveGame
from bargain.model.extensive.nodes import (
    MAX_NORMAL_FORM_CELLS,
    MAX_REDUCED_STRATEGIES,
    Chance,
    Decision,
    InformationSet,
    Terminal,
)
from bargain.model.extensive.parametric import ExtensiveModel

__all__ = [
    "MAX_NORMAL_FORM_CELLS",
    "MAX_REDUCED_STRATEGIES",
    "BehaviourProfile",
    "Chance",
    "Decision",
    "ExtensiveGame",
    "ExtensiveModel",
    "InformationSet",
    "Terminal",
]
