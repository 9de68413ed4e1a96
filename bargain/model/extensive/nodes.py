"""Building blocks of a game tree: terminal, decision and chance nodes, and information sets.

:class:`Terminal`, :class:`Decision` and :class:`Chance` are the constructors a user nests to write
a tree (see :mod:`bargain.model.extensive`); :func:`walk` flattens such a tree, depth first, into
the arrays :class:`~bargain.model.extensive.game.ExtensiveGame` is built from.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games* II, 193-216.  Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.numbers import is_rational_scalar

#: Largest number of reduced strategies (plans) enumerated for one player.
MAX_REDUCED_STRATEGIES = 100_000
#: Largest (number of reduced profiles) x (number of leaves) for the reduced normal form.
MAX_NORMAL_FORM_CELLS = 50_000_000
#: Largest number of nodes in a tree (guards against a cyclic structure built by mutation).
MAX_NODES = 5_000_000

TERMINAL, DECISION, CHANCE = 0, 1, 2
ROOT_NAME = "root"


# --------------------------------------------------------------------------- builder nodes
class Terminal:
    """A terminal node: one payoff per player.

    ``Terminal(3, 1)``, ``Terminal([3, 1])`` and ``Terminal({"US": 3, "China": 1})`` are the same
    leaf of a two-player tree whose players are ``("US", "China")``.  ``label`` names the outcome.

    Parameters
    ----------
    *payoffs : numbers, a sequence or a mapping
        One payoff per player: as arguments, one sequence, or ``{player: payoff}``.
    label : str, optional
        The outcome's name.
    """

    __slots__ = ("label", "payoffs")

    def __init__(self, *payoffs: Any, label: str | None = None) -> None:
        if len(payoffs) == 1 and isinstance(payoffs[0], Mapping | list | tuple):
            payoffs = payoffs[0] if isinstance(payoffs[0], Mapping) else tuple(payoffs[0])
        self.payoffs = payoffs
        self.label = label

    def __repr__(self) -> str:
        return f"Terminal({self.payoffs!r})"


class Decision:
    """A decision node of ``player`` with labelled actions ``{action: subtree}``.

    Nodes given the same ``infoset`` label form one information set: they must belong to the
    same player and carry the same action labels.  Without ``infoset`` the node is alone in its
    information set (perfect information at this node).

    Parameters
    ----------
    player : str or int
        The player who moves (a name, or an index into the tree's players).
    actions : mapping or sequence
        ``{action: subtree}``, or a sequence of ``(action, subtree)`` pairs.
    infoset : str, optional
        The information set's label; nodes sharing it form one information set.
    label : str, optional
        A name for the node.
    """

    __slots__ = ("actions", "infoset", "label", "player")

    def __init__(self, player: str | int, actions: Mapping[str, Any] | Sequence[tuple[str, Any]],
                 infoset: str | None = None, label: str | None = None) -> None:
        self.player = player
        self.actions = actions
        self.infoset = infoset
        self.label = label

    def __repr__(self) -> str:
        acts = list(self.actions) if isinstance(self.actions, Mapping) else [a for a, _ in self.actions]
        return f"Decision({self.player!r}, actions={acts})"


class Chance:
    """A chance node: ``{outcome: (probability, subtree)}``; probabilities are non-negative and sum to 1.

    Parameters
    ----------
    outcomes : mapping or sequence
        ``{outcome: (probability, subtree)}``, or a sequence of ``(outcome, probability, subtree)``.
    label : str, optional
        A name for the node.
    """

    __slots__ = ("label", "outcomes")

    def __init__(self, outcomes: Mapping[str, tuple[Any, Any]] | Sequence[tuple[str, Any, Any]],
                 label: str | None = None) -> None:
        self.outcomes = outcomes
        self.label = label

    def __repr__(self) -> str:
        return f"Chance({list(self.outcomes) if isinstance(self.outcomes, Mapping) else self.outcomes!r})"


Node = Terminal | Decision | Chance


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built or solved.

    A tree holds one small tuple per node; with the collector on, every few hundred allocations
    it scans all of them again, which makes building and solving large trees superlinear in the
    number of nodes.  The structures made here hold no reference cycles, so nothing is lost.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def path_name(path: tuple[str, ...]) -> str:
    return "/".join(path) if path else ROOT_NAME


def node_edges(node: Any, path: tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    """``(label, probability or None, child)`` of a builder node, validating the container."""
    where = path_name(path)
    if isinstance(node, Decision):
        acts = node.actions
        items = list(acts.items()) if isinstance(acts, Mapping) else list(acts)
        if not items:
            raise GameError(f"decision node {where!r} of {node.player!r} has no actions: give at least one "
                            "{action: subtree}")
        out = []
        for item in items:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise GameError(f"decision node {where!r}: actions must be a dict {{action: subtree}} or "
                                f"(action, subtree) pairs, got {item!r}")
            out.append((item[0], None, item[1]))
    elif isinstance(node, Chance):
        outs = node.outcomes
        items = [(k, *v) if isinstance(v, tuple) else (k, v) for k, v in outs.items()] \
            if isinstance(outs, Mapping) else list(outs)
        if not items:
            raise GameError(f"chance node {where!r} has no outcomes: give {{outcome: (probability, subtree)}}")
        out = []
        for item in items:
            if not (isinstance(item, tuple) and len(item) == 3):
                raise GameError(f"chance node {where!r}: each outcome must be (probability, subtree), "
                                f"got {item[1:] if isinstance(item, tuple) else item!r} for "
                                f"{item[0] if isinstance(item, tuple) else '?'!r}")
            out.append(item)
    else:
        raise GameError(f"node {where!r} is {type(node).__name__} {node!r}; a tree is built from Decision, "
                        "Chance and Terminal nodes")
    labels = [str(e[0]) for e in out]
    for lab, e in zip(labels, out, strict=True):
        if not isinstance(e[0], str) or not lab:
            raise GameError(f"node {where!r}: action/outcome labels must be non-empty strings, got {e[0]!r}")
    if len(set(labels)) != len(labels):
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        raise GameError(f"node {where!r} has duplicate action labels {dupes}: each must be unique")
    return out


def walk_tree(root: Any) -> tuple[list[tuple[Any, int, int, tuple[str, ...], Any]], list[tuple[str, ...]]]:
    """Preorder list of ``(builder node, parent id, edge index, path, edge probability)``, and
    the action labels of every node (empty for terminal nodes)."""
    out: list[tuple[Any, int, int, tuple[str, ...], Any]] = []
    labels: list[tuple[str, ...]] = []
    stack: list[tuple[Any, int, int, tuple[str, ...], Any]] = [(root, -1, -1, (), None)]
    while stack:
        item = stack.pop()
        node, path = item[0], item[3]
        me = len(out)
        out.append(item)
        if len(out) > MAX_NODES:
            raise GameError(f"the tree has more than {MAX_NODES} nodes (or a subtree contains itself): "
                            "check that no node is its own descendant")
        if isinstance(node, Terminal):
            labels.append(())
            continue
        edges = node_edges(node, path)
        labels.append(tuple(e[0] for e in edges))
        for k in range(len(edges) - 1, -1, -1):
            label, prob, child = edges[k]
            stack.append((child, me, k, (*path, label), prob))
    return out, labels


def is_exact_number(x: Any) -> bool:
    return is_rational_scalar(x) or (isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iu")


# --------------------------------------------------------------------------- information sets
@dataclass(frozen=True)
class InformationSet:
    """One information set: its index, label, player (index), action labels and nodes (ids).

    Parameters
    ----------
    index : int
        Its position in ``ExtensiveGame.infosets``.
    label : str
        Its label.
    player : int
        The index of the player who moves there.
    actions : tuple of str
        The action labels.
    nodes : tuple of int
        The ids of its nodes.
    """

    index: int
    label: str
    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]

    @property
    def num_actions(self) -> int:
        return len(self.actions)


