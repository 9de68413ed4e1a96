"""Proper subgames as a filter on behaviour supports.

If a behaviour profile is a Nash equilibrium of a tree and reaches a proper subgame with positive
probability, its restriction to the subgame is a Nash equilibrium of the subgame: a profitable
deviation inside the subgame would be profitable in the whole game, weighted by the positive
probability of reaching it (Selten 1965; Osborne and Rubinstein 1994, sec. 6.2).  So a support
that reaches a subgame holds an equilibrium only if its restriction to the subgame is the exact
support of some equilibrium of the subgame.  :func:`subgame_filters` solves each maximal proper
subgame once (completely, by the same enumeration; a subgame whose answer is not complete gives
no filter) and records the supports on which its equilibria live; :func:`admitted` then rejects
supports of the whole tree whose restriction is not among them, before their systems are built.
Two-stage games such as Gambit's ``2s2x2x2`` lose most of their three-mixer supports this way.

The subgame's answer also says *which* equilibria live on each support (``points``) and on which
supports they form a continuum (``flat``): where a support's equilibria are isolated, a support of
the whole tree that reaches the subgame with that restriction plays one of them there, and
:mod:`.reduction` fixes the subgame's behaviour to each in turn instead of solving for it.

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
*Z. ges. Staatswiss.* 121.  Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*,
MIT Press, sec. 6.2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from bargain.model.extensive import ExtensiveGame
from bargain.model.extensive.nodes import DECISION, TERMINAL

__all__ = ["SubgameAnswer", "SubgameFilter", "admitted", "subgame_filters"]

Support = tuple[tuple[int, ...], ...]


class SubgameAnswer(NamedTuple):
    """What a complete solve of a subgame says about its supports (all in the subgame's set order).

    Attributes
    ----------
    alive : set
        The supports on which the subgame has an equilibrium.
    points : dict
        Per support, the behaviour rows (``{set: row}`` over the sets the support reaches) of the
        equilibria found on it, without repeats.
    flat : set
        The supports whose equilibria form a continuum (their points are not all of them).
    """

    alive: set[Support]
    points: dict[Support, list[dict[int, Any]]]
    flat: set[Support]


class SubgameFilter(NamedTuple):
    """A solved proper subgame: its root node, the tree's information sets in the subgame's order,
    the supports (in that order) on which the subgame has equilibria, the equilibria's behaviour per
    support (keyed by the subgame's sets) and the supports holding a continuum."""

    root: int
    sets: tuple[int, ...]
    alive: frozenset[Support]
    points: dict[Support, list[dict[int, Any]]]
    flat: frozenset[Support]


def _set_map(tree: ExtensiveGame, sub: ExtensiveGame, root: int) -> tuple[int, ...] | None:
    """The tree's set of each of the subgame's sets (the subgame keeps the preorder of the subtree),
    or None if the node structure does not match."""
    if sub.num_nodes != tree.subtree_end(root) - root:
        return None
    out: dict[int, int] = {}
    for y in range(sub.num_nodes):
        x = root + y
        if sub._kind[y] != tree._kind[x] or len(sub.children(y)) != len(tree.children(x)):
            return None
        if sub._kind[y] == DECISION:
            h, g = int(sub._infoset[y]), int(tree._infoset[x])
            if out.setdefault(h, g) != g:
                return None
    if sorted(out) != list(range(len(sub.infosets))):
        return None
    return tuple(out[h] for h in range(len(sub.infosets)))


def subgame_filters(tree: ExtensiveGame, alive_of: Callable[[ExtensiveGame], SubgameAnswer | None]
                    ) -> list[SubgameFilter]:
    """Solve each maximal proper subgame of ``tree`` and record where its equilibria live.

    Parameters
    ----------
    tree : ExtensiveGame
        The tree.
    alive_of : callable
        ``alive_of(subgame)``: the :class:`SubgameAnswer` of a complete solve of the subgame, or None
        when its enumeration is not complete (then that subgame gives no filter).

    Returns
    -------
    list of SubgameFilter
        One per maximal proper subgame that could be solved completely.

    References
    ----------
    Selten (1965); Osborne and Rubinstein (1994), sec. 6.2.
    """
    roots = [r for r in tree.subgame_roots() if r != 0 and tree._kind[r] != TERMINAL]
    out: list[SubgameFilter] = []
    covered_to = -1
    for r in roots:                           # preorder: a subgame inside a kept one comes after it
        if r < covered_to:
            continue
        covered_to = tree.subtree_end(r)
        if not any(tree._kind[x] == DECISION for x in range(r, covered_to)):
            continue
        sub = tree.subgame(r)
        sets = _set_map(tree, sub, r)
        if sets is None:
            continue
        answer = alive_of(sub)
        if answer is not None:
            out.append(SubgameFilter(r, sets, frozenset(answer.alive), answer.points, frozenset(answer.flat)))
    return out


def admitted(filters: list[SubgameFilter], support: tuple[tuple[int, ...], ...], reached: np.ndarray) -> bool:
    """Whether ``support`` may hold an equilibrium: its restriction to every solved subgame it
    reaches is a support on which that subgame has one."""
    return all(not reached[f.root] or tuple(support[h] for h in f.sets) in f.alive for f in filters)
