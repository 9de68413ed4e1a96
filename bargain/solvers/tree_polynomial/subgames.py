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

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
*Z. ges. Staatswiss.* 121.  Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*,
MIT Press, sec. 6.2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from bargain.model.extensive import ExtensiveGame
from bargain.model.extensive.nodes import DECISION, TERMINAL

__all__ = ["SubgameFilter", "admitted", "subgame_filters"]


class SubgameFilter(NamedTuple):
    """A solved proper subgame: its root node, the tree's information sets in the subgame's order,
    and the supports (in that order) on which the subgame has equilibria."""

    root: int
    sets: tuple[int, ...]
    alive: frozenset[tuple[tuple[int, ...], ...]]


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


def subgame_filters(tree: ExtensiveGame, alive_of: Callable[[ExtensiveGame], set | None]) -> list[SubgameFilter]:
    """Solve each maximal proper subgame of ``tree`` and record where its equilibria live.

    Parameters
    ----------
    tree : ExtensiveGame
        The tree.
    alive_of : callable
        ``alive_of(subgame)``: the supports of the subgame that hold an equilibrium, or None when its
        enumeration is not complete (then that subgame gives no filter).

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
        alive = alive_of(sub)
        if alive is not None:
            out.append(SubgameFilter(r, sets, frozenset(alive)))
    return out


def admitted(filters: list[SubgameFilter], support: tuple[tuple[int, ...], ...], reached: np.ndarray) -> bool:
    """Whether ``support`` may hold an equilibrium: its restriction to every solved subgame it
    reaches is a support on which that subgame has one."""
    return all(not reached[f.root] or tuple(support[h] for h in f.sets) in f.alive for f in filters)
