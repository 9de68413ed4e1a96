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

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.game import RELATIVE_TOLERANCE, Game
from bargain.model.numbers import format_number, is_rational_scalar, to_fraction
from bargain.model.parameters import Model, Values

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
    """A chance node: ``{outcome: (probability, subtree)}``; probabilities are non-negative and sum to 1."""

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


def _path_name(path: tuple[str, ...]) -> str:
    return "/".join(path) if path else ROOT_NAME


def _edges(node: Any, path: tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    """``(label, probability or None, child)`` of a builder node, validating the container."""
    where = _path_name(path)
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


def _walk(root: Any) -> tuple[list[tuple[Any, int, int, tuple[str, ...], Any]], list[tuple[str, ...]]]:
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
        edges = _edges(node, path)
        labels.append(tuple(e[0] for e in edges))
        for k in range(len(edges) - 1, -1, -1):
            label, prob, child = edges[k]
            stack.append((child, me, k, (*path, label), prob))
    return out, labels


def _is_exact_number(x: Any) -> bool:
    return is_rational_scalar(x) or (isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iu")


# --------------------------------------------------------------------------- information sets
@dataclass(frozen=True)
class InformationSet:
    """One information set: its index, label, player (index), action labels and nodes (ids)."""

    index: int
    label: str
    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]

    @property
    def num_actions(self) -> int:
        return len(self.actions)


# --------------------------------------------------------------------------- the game
class ExtensiveGame:
    """A finite extensive-form game (immutable), validated on construction.

    Parameters
    ----------
    root: the root node, built from :class:`Decision`, :class:`Chance` and :class:`Terminal`.
    players: player names; terminal payoffs are in this order.
    title: a human-readable name.

    Nodes are numbered in preorder (the root is 0; a node's subtree is the id range
    ``[node, subtree_end(node))``).  Raises :class:`GameError` naming the node for an unknown
    player, a payoff vector of the wrong length, a non-finite payoff, chance probabilities that
    are negative or do not sum to 1, or an information set whose nodes disagree on player or
    actions.  Perfect recall is checked and reported (:attr:`has_perfect_recall`,
    :attr:`perfect_recall_violations`); methods that need it raise :class:`GameError`.
    """

    def __init__(self, root: Node, players: Sequence[str], title: str = "") -> None:
        with paused_gc():
            self._build(root, players, title)

    def _build(self, root: Node, players: Sequence[str], title: str) -> None:
        if isinstance(players, str) or not isinstance(players, Sequence) or not players:
            raise GameError(f"players must be a non-empty sequence of names, got {players!r}")
        self._players = tuple(str(p) for p in players)
        if len(set(self._players)) != len(self._players):
            raise GameError(f"players {list(self._players)} has duplicate names: each player needs a unique name")
        self._title = str(title)
        n = len(self._players)
        walk, action_labels = _walk(root)
        N = len(walk)
        self._num_nodes = N
        kind = np.zeros(N, dtype=np.int8)
        parent = np.full(N, -1, dtype=np.int64)
        edge = np.full(N, -1, dtype=np.int64)
        player = np.full(N, -1, dtype=np.int64)
        infoset = np.full(N, -1, dtype=np.int64)
        children: list[list[int]] = [[] for _ in range(N)]
        paths: list[tuple[str, ...]] = []
        node_labels: list[str | None] = []
        infoset_index: dict[str, int] = {}
        infoset_data: list[dict[str, Any]] = []
        chance_nodes: list[int] = []
        chance_raw: dict[int, list[Any]] = {}
        leaves: list[int] = []
        leaf_raw: list[tuple[Any, ...]] = []
        leaf_labels: list[str | None] = []
        for nid, (node, par, k, path, prob) in enumerate(walk):
            paths.append(path)
            node_labels.append(getattr(node, "label", None))
            parent[nid], edge[nid] = par, k
            if par >= 0:
                children[par].append(nid)
                if kind[par] == CHANCE:
                    chance_raw[par].append(prob)
            where = _path_name(path)
            if isinstance(node, Terminal):
                kind[nid] = TERMINAL
                leaves.append(nid)
                leaf_raw.append(self._leaf_payoffs(node, where))
                leaf_labels.append(node.label)
            elif isinstance(node, Chance):
                kind[nid] = CHANCE
                chance_nodes.append(nid)
                chance_raw[nid] = []
            else:
                kind[nid] = DECISION
                p = self._player_of(node.player, where)
                player[nid] = p
                actions = action_labels[nid]
                label = str(node.infoset) if node.infoset is not None else f"{self._players[p]}@{where}"
                if label in infoset_index:
                    data = infoset_data[infoset_index[label]]
                    first = _path_name(paths[data["nodes"][0]])
                    if data["player"] != p:
                        raise GameError(f"information set {label!r} has node {first!r} of "
                                        f"{self._players[data['player']]} and node {where!r} of "
                                        f"{self._players[p]}: all nodes of an information set belong to one player")
                    if data["actions"] != actions:
                        raise GameError(f"information set {label!r}: node {first!r} has actions "
                                        f"{list(data['actions'])} but node {where!r} has {list(actions)}; nodes "
                                        "of one information set must have the same actions, in the same order")
                    data["nodes"].append(nid)
                else:
                    infoset_index[label] = len(infoset_data)
                    infoset_data.append({"label": label, "player": p, "actions": actions, "nodes": [nid]})
                infoset[nid] = infoset_index[label]
        self._kind, self._parent, self._edge = kind, parent, edge
        self._player, self._infoset = player, infoset
        self._children = tuple(tuple(c) for c in children)
        self._paths = tuple(paths)
        self._node_labels = tuple(node_labels)
        self._infosets = tuple(InformationSet(k, d["label"], d["player"], d["actions"], tuple(d["nodes"]))
                               for k, d in enumerate(infoset_data))
        self._infoset_index = infoset_index
        self._leaves = np.array(leaves, dtype=np.int64)
        self._leaf_labels = tuple(leaf_labels)
        self._leaf_of = {z: k for k, z in enumerate(leaves)}
        self._chance_nodes = tuple(chance_nodes)
        # subtree ends: preorder numbering makes each subtree a contiguous id range
        end = np.arange(1, N + 1, dtype=np.int64)
        for nid in range(N - 1, 0, -1):
            end[parent[nid]] = max(end[parent[nid]], end[nid])
        self._end = end
        self._check_numbers(leaf_raw, chance_raw, n)
        self._recall_violations = self._perfect_recall_violations()
        self._subgame_roots: tuple[int, ...] | None = None
        self._plans: dict[int, tuple[dict[int, int], ...]] = {}
        self._nf_cache: dict[bool, Game] = {}

    # ----------------------------------------------------------------- construction helpers
    def _player_of(self, who: Any, where: str) -> int:
        if isinstance(who, str):
            if who not in self._players:
                raise GameError(f"decision node {where!r} belongs to unknown player {who!r}"
                                f"{did_you_mean(who, self._players)}; players are {list(self._players)}")
            return self._players.index(who)
        if isinstance(who, int | np.integer) and not isinstance(who, bool) and 0 <= int(who) < len(self._players):
            return int(who)
        raise GameError(f"decision node {where!r}: player {who!r} is neither a player name nor an index "
                        f"0..{len(self._players) - 1}")

    def _leaf_payoffs(self, node: Terminal, where: str) -> tuple[Any, ...]:
        pay = node.payoffs
        if isinstance(pay, Mapping):
            unknown = [k for k in pay if k not in self._players]
            if unknown:
                raise GameError(f"terminal node {where!r} gives a payoff to unknown player {unknown[0]!r}"
                                f"{did_you_mean(str(unknown[0]), self._players)}; players are {list(self._players)}")
            missing = [p for p in self._players if p not in pay]
            if missing:
                raise GameError(f"terminal node {where!r} has no payoff for {missing}: give one per player")
            return tuple(pay[p] for p in self._players)
        if len(pay) != len(self._players):
            raise GameError(f"terminal node {where!r} has {len(pay)} payoff(s) but there are "
                            f"{len(self._players)} players {list(self._players)}: give one payoff per player")
        return tuple(pay)

    def _check_numbers(self, leaf_raw: list[tuple[Any, ...]], chance_raw: dict[int, list[Any]], n: int) -> None:
        exact = all(_is_exact_number(x) for row in leaf_raw for x in row) and \
            all(_is_exact_number(x) for probs in chance_raw.values() for x in probs)
        Z = len(leaf_raw)
        flt = np.empty((Z, n), dtype=float)
        for z, row in enumerate(leaf_raw):
            for i, x in enumerate(row):
                try:
                    v = float(x)
                except (TypeError, ValueError):
                    raise GameError(f"terminal node {self.node_name(int(self._leaves[z]))!r}: payoff of "
                                    f"{self._players[i]} is {x!r}, not a number") from None
                if not math.isfinite(v):
                    raise GameError(f"terminal node {self.node_name(int(self._leaves[z]))!r}: payoff of "
                                    f"{self._players[i]} is {v}; payoffs must be finite numbers")
                flt[z, i] = v
        flt.flags.writeable = False
        self._leaf_payoffs_float = flt
        self._leaf_payoffs_exact: np.ndarray | None = None
        if exact:
            ex = np.empty((Z, n), dtype=object)
            for z, row in enumerate(leaf_raw):
                for i, x in enumerate(row):
                    ex[z, i] = to_fraction(x.item() if isinstance(x, np.ndarray) else x)
            ex.flags.writeable = False
            self._leaf_payoffs_exact = ex
        probs_f: dict[int, np.ndarray] = {}
        probs_q: dict[int, tuple[Fraction, ...]] = {}
        for c, raw in chance_raw.items():
            where = self.node_name(c)
            labels = [self.action_label(ch) for ch in self._children[c]]
            vals = []
            for lab, x in zip(labels, raw, strict=True):
                try:
                    v = float(x)
                except (TypeError, ValueError):
                    raise GameError(f"chance node {where!r}: probability of {lab!r} is {x!r}, not a number") from None
                if not math.isfinite(v) or v < 0:
                    raise GameError(f"chance node {where!r}: probability of {lab!r} is {v}; probabilities must "
                                    "be finite and non-negative")
                vals.append(v)
            if exact:
                q = tuple(to_fraction(x.item() if isinstance(x, np.ndarray) else x) for x in raw)
                if sum(q) != 1:
                    shown = dict(zip(labels, map(format_number, q), strict=True))
                    raise GameError(f"chance node {where!r}: probabilities {shown} "
                                    f"sum to {format_number(sum(q))}, not 1; make them add up to one")
                probs_q[c] = q
            elif abs(sum(vals) - 1.0) > 1e-9 * len(vals):
                raise GameError(f"chance node {where!r}: probabilities {dict(zip(labels, vals, strict=True))} sum to "
                                f"{sum(vals):.12g}, not 1; make them add up to one")
            arr = np.array(vals)
            arr.flags.writeable = False
            probs_f[c] = arr
        self._chance_float = probs_f
        self._chance_exact = probs_q if exact else None
        self._exact = exact

    # ----------------------------------------------------------------- basic properties
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def title(self) -> str:
        return self._title

    @property
    def num_nodes(self) -> int:
        return self._num_nodes

    @property
    def is_exact(self) -> bool:
        """True when every payoff and chance probability is rational (int or Fraction)."""
        return self._exact

    @property
    def infosets(self) -> tuple[InformationSet, ...]:
        """All information sets, in preorder of their first node."""
        return self._infosets

    def player_infosets(self, player: int | str) -> tuple[InformationSet, ...]:
        """The information sets of one player, in preorder."""
        i = self.player_index(player)
        return tuple(h for h in self._infosets if h.player == i)

    @property
    def leaves(self) -> np.ndarray:
        """Ids of the terminal nodes, in preorder (read-only)."""
        v = self._leaves.view()
        v.flags.writeable = False
        return v

    @property
    def leaf_payoffs(self) -> np.ndarray:
        """Float payoffs at the leaves: shape ``(num_leaves, n_players)``."""
        return self._leaf_payoffs_float

    @property
    def exact_leaf_payoffs(self) -> np.ndarray | None:
        """Fraction payoffs at the leaves when the game is exact, else None."""
        return self._leaf_payoffs_exact

    @property
    def chance_nodes(self) -> tuple[int, ...]:
        return self._chance_nodes

    def chance_probabilities(self, node: int, *, exact: bool = False) -> Any:
        """Probabilities of a chance node's outcomes (float array, or Fractions with ``exact``)."""
        if node not in self._chance_float:
            raise GameError(f"node {self.node_name(node)!r} is not a chance node")
        if exact:
            if self._chance_exact is None:
                raise GameError("exact probabilities need an exact tree (int or Fraction probabilities and payoffs)")
            return self._chance_exact[node]
        return self._chance_float[node]

    @property
    def tolerance(self) -> float:
        """Absolute payoff tolerance: ``1e-9`` times the range of the leaf payoffs (1e-9 if constant)."""
        rng = float(np.ptp(self._leaf_payoffs_float)) if self._leaf_payoffs_float.size else 0.0
        return RELATIVE_TOLERANCE * (rng if rng > 0 else 1.0)

    @property
    def has_perfect_information(self) -> bool:
        """True when every information set is a single node."""
        return all(len(h.nodes) == 1 for h in self._infosets)

    @property
    def has_perfect_recall(self) -> bool:
        return not self._recall_violations

    @property
    def perfect_recall_violations(self) -> tuple[str, ...]:
        """One sentence per information set where a player forgets what they knew or did."""
        return self._recall_violations

    def check_perfect_recall(self, what: str = "this operation") -> None:
        """Raise :class:`GameError` naming the first violation if the game lacks perfect recall."""
        if self._recall_violations:
            raise GameError(f"{what} needs perfect recall, which this tree lacks: {self._recall_violations[0]}")

    # ----------------------------------------------------------------- nodes
    def player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            if player not in self._players:
                raise GameError(f"unknown player {player!r}{did_you_mean(player, self._players)}; "
                                f"players are {list(self._players)}")
            return self._players.index(player)
        p = int(player)
        if not 0 <= p < self.n_players:
            raise GameError(f"player index {p} out of range 0..{self.n_players - 1}")
        return p

    def node_name(self, node: int) -> str:
        """The node's path of action labels from the root (``"root"`` for the root)."""
        return _path_name(self._paths[node])

    def node_path(self, node: int) -> tuple[str, ...]:
        return self._paths[node]

    def node_kind(self, node: int) -> str:
        """``"decision"``, ``"chance"`` or ``"terminal"``."""
        return ("terminal", "decision", "chance")[int(self._kind[node])]

    def node_player(self, node: int) -> int | None:
        """Index of the player who moves at ``node`` (None at chance and terminal nodes)."""
        p = int(self._player[node])
        return None if p < 0 else p

    def node_infoset(self, node: int) -> InformationSet | None:
        k = int(self._infoset[node])
        return None if k < 0 else self._infosets[k]

    def children(self, node: int) -> tuple[int, ...]:
        return self._children[node]

    def parent(self, node: int) -> int | None:
        p = int(self._parent[node])
        return None if p < 0 else p

    def action_label(self, node: int) -> str:
        """The label of the action (or chance outcome) that leads to ``node``."""
        if node == 0:
            raise GameError("the root is not reached by an action")
        return self._paths[node][-1]

    def subtree_end(self, node: int) -> int:
        """One past the last node id of ``node``'s subtree."""
        return int(self._end[node])

    def find_node(self, name: str | Sequence[str]) -> int:
        """The id of the node named by its path (``"In/Fight"``, ``("In", "Fight")`` or ``"root"``)."""
        path = tuple(name.split("/")) if isinstance(name, str) and name != ROOT_NAME else \
            (() if name == ROOT_NAME else tuple(name))
        node = 0
        for step in path:
            labels = [self._paths[c][-1] for c in self._children[node]]
            if step not in labels:
                raise GameError(f"node {self.node_name(node)!r} has no action {step!r}"
                                f"{did_you_mean(step, labels)}; its actions are {labels}")
            node = self._children[node][labels.index(step)]
        return node

    def infoset(self, label: str | int) -> InformationSet:
        """An information set by label (or index)."""
        if isinstance(label, int | np.integer):
            return self._infosets[int(label)]
        if label not in self._infoset_index:
            names = list(self._infoset_index)
            raise GameError(f"no information set {label!r}{did_you_mean(label, names)}; information sets are {names}")
        return self._infosets[self._infoset_index[label]]

    # ----------------------------------------------------------------- structure
    def _own_history(self, node: int, i: int) -> tuple[tuple[int, int], ...]:
        """``(infoset, action)`` pairs of player ``i`` on the path from the root to ``node`` (excluded)."""
        hist = []
        cur = node
        while cur > 0:
            par = int(self._parent[cur])
            if self._player[par] == i:
                hist.append((int(self._infoset[par]), int(self._edge[cur])))
            cur = par
        return tuple(reversed(hist))

    def _perfect_recall_violations(self) -> tuple[str, ...]:
        out = []
        for h in self._infosets:
            if len(h.nodes) == 1:
                continue          # a single node cannot be confused with another, nor precede itself
            hists = [self._own_history(x, h.player) for x in h.nodes]
            who = self._players[h.player]
            absent = next((x for x, hist in zip(h.nodes, hists, strict=True) if any(k == h.index for k, _ in hist)),
                          None)
            if absent is not None:
                out.append(f"information set {h.label!r} of {who} contains node {self.node_name(absent)!r} and one "
                           f"of its ancestors ({who} is absent-minded)")
                continue
            for x, hist in zip(h.nodes[1:], hists[1:], strict=True):
                if hist != hists[0]:
                    out.append(f"information set {h.label!r} of {who}: node {self.node_name(h.nodes[0])!r} is "
                               f"reached after {self._describe_history(hists[0])} but node {self.node_name(x)!r} "
                               f"after {self._describe_history(hist)}, so {who} forgets what they knew or did")
                    break
        return tuple(out)

    def _describe_history(self, hist: tuple[tuple[int, int], ...]) -> str:
        if not hist:
            return "no earlier move of theirs"
        return "[" + ", ".join(f"{self._infosets[k].actions[a]} at {self._infosets[k].label!r}" for k, a in hist) + "]"

    def subgame_roots(self) -> tuple[int, ...]:
        """Nodes where a subgame starts (the root first, then in preorder).

        A non-terminal node ``x`` roots a subgame when its information set is ``{x}`` and every
        information set with a node in ``x``'s subtree lies entirely inside it (Selten 1965).
        """
        if self._subgame_roots is None:
            N = self._num_nodes
            lo = np.arange(N, dtype=np.int64)
            hi = np.arange(N, dtype=np.int64)
            for h in self._infosets:
                a, b = min(h.nodes), max(h.nodes)
                for x in h.nodes:
                    lo[x], hi[x] = a, b
            for x in range(N - 1, 0, -1):
                p = self._parent[x]
                lo[p] = min(lo[p], lo[x])
                hi[p] = max(hi[p], hi[x])
            roots = []
            for x in range(N):
                if self._kind[x] == TERMINAL:
                    continue
                if self._kind[x] == DECISION and len(self._infosets[self._infoset[x]].nodes) != 1:
                    continue
                if lo[x] >= x and hi[x] < self._end[x]:
                    roots.append(x)
            self._subgame_roots = tuple(roots)
        return self._subgame_roots

    # ----------------------------------------------------------------- reduced strategies
    def reduced_strategies(self, player: int | str) -> tuple[dict[int, int], ...]:
        """The player's reduced pure strategies (plans): dicts ``{infoset index: action index}``.

        A plan assigns an action exactly at the information sets it does not itself rule out: an
        information set is assigned when one of its nodes is reached by a path whose earlier
        moves of this player all follow the plan (Osborne and Rubinstein 1994, sec. 6.1).  Plans
        are in lexicographic order of actions (first action first).  A player with no move has
        one empty plan.
        """
        i = self.player_index(player)
        if i not in self._plans:
            self._plans[i] = self._enumerate_plans(i)
        return self._plans[i]

    def _count_plans(self, i: int) -> int:
        """The number of plans of player ``i`` under perfect recall (forest product formula)."""
        own = [h for h in self._infosets if h.player == i]
        parent_key: dict[int, tuple[int, int] | None] = {}
        for h in own:
            hist = self._own_history(h.nodes[0], i)
            parent_key[h.index] = hist[-1] if hist else None
        kids: dict[tuple[int, int] | None, list[int]] = {}
        for h in own:
            kids.setdefault(parent_key[h.index], []).append(h.index)
        count: dict[int, int] = {}
        for h in reversed(own):
            count[h.index] = sum(int(np.prod([count[j] for j in kids.get((h.index, a), [])], dtype=object))
                                 for a in range(h.num_actions))
        return int(np.prod([count[j] for j in kids.get(None, [])], dtype=object))

    def _enumerate_plans(self, i: int) -> tuple[dict[int, int], ...]:
        own_nodes = [x for h in self._infosets if h.player == i for x in h.nodes]
        own_nodes.sort()
        if self.has_perfect_recall:
            total = self._count_plans(i)
        else:
            total = int(np.prod([h.num_actions for h in self._infosets if h.player == i], dtype=object))
        if total > MAX_REDUCED_STRATEGIES:
            raise GameError(f"{self._players[i]} has {total} reduced strategies (limit {MAX_REDUCED_STRATEGIES}): the "
                            "reduced normal form of this tree is too large; use subgame-perfect solving "
                            "(bargain.solvers.spe) or backward induction, which work on the tree")
        prereq = [(x, int(self._infoset[x]), self._own_history(x, i)) for x in own_nodes]
        plans: list[dict[int, int]] = []
        stack: list[dict[int, int]] = [{}]
        while stack:
            assign = stack.pop()
            cand = next((k for _, k, pre in prereq
                         if k not in assign and all(assign.get(j) == a for j, a in pre)), None)
            if cand is None:
                plans.append(assign)
                if len(plans) > MAX_REDUCED_STRATEGIES:
                    raise GameError(f"{self._players[i]} has more than {MAX_REDUCED_STRATEGIES} reduced strategies")
                continue
            for a in range(self._infosets[cand].num_actions - 1, -1, -1):
                stack.append({**assign, cand: a})
        return tuple(plans)

    def plan_label(self, player: int | str, plan: Mapping[int, int]) -> str:
        """A plan as text: the actions at the player's information sets in order, ``*`` where the
        plan rules the set out (``Pass/Take/*``); a single action when the player has one set."""
        i = self.player_index(player)
        own = [h for h in self._infosets if h.player == i]
        if not own:
            return "(no move)"
        parts = [h.actions[plan[h.index]] if h.index in plan else "*" for h in own]
        return "/".join(parts)

    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """The labels of every player's reduced strategies (the reduced normal form's strategy names)."""
        return tuple(tuple(self.plan_label(i, p) for p in self.reduced_strategies(i)) for i in range(self.n_players))

    # ----------------------------------------------------------------- reduced normal form
    def _consistency(self, i: int) -> np.ndarray:
        """``C[s, z]``: whether plan ``s`` of player ``i`` takes every move of ``i`` on the path to leaf ``z``."""
        plans = self.reduced_strategies(i)
        leaf_hist = [self._own_history(int(z), i) for z in self._leaves]
        C = np.zeros((len(plans), len(leaf_hist)), dtype=bool)
        for s, plan in enumerate(plans):
            for z, hist in enumerate(leaf_hist):
                C[s, z] = all(plan.get(k) == a for k, a in hist)
        return C

    def normal_form_map(self) -> np.ndarray:
        """The 0/1 matrix ``M[profile, leaf]``: which leaves a reduced pure profile can reach.

        Profiles are flattened in C order over ``(s_1, ..., s_n)``.  The reduced normal form is
        linear in the leaf payoffs: ``U[k, profile] = sum_z M[profile, z] w(z) u_k(z)``, where
        ``w(z)`` is the product of the chance probabilities on the path to ``z``.
        """
        Cs = [self._consistency(i) for i in range(self.n_players)]
        shape = tuple(c.shape[0] for c in Cs)
        Z = len(self._leaves)
        cells = int(np.prod(shape, dtype=object)) * Z
        if cells > MAX_NORMAL_FORM_CELLS:
            raise GameError(f"the reduced normal form would need {cells} profile-leaf cells (limit "
                            f"{MAX_NORMAL_FORM_CELLS}, strategies {shape}); solve the tree by subgame perfection "
                            "(bargain.solvers.spe) instead")
        M = np.ones((*shape, Z), dtype=bool)
        for i, C in enumerate(Cs):
            idx = [None] * self.n_players
            idx[i] = slice(None)
            M &= C[(*idx, slice(None))]
        return M.reshape(-1, Z)

    def leaf_weights(self, *, exact: bool = False) -> np.ndarray:
        """``w(z)``: product of the chance probabilities on the path to each leaf."""
        w = np.empty(len(self._leaves), dtype=object if exact else float)
        for z, leaf in enumerate(self._leaves):
            acc: Any = Fraction(1) if exact else 1.0
            cur = int(leaf)
            while cur > 0:
                par = int(self._parent[cur])
                if self._kind[par] == CHANCE:
                    probs = self.chance_probabilities(par, exact=exact)
                    acc = acc * probs[int(self._edge[cur])]
                cur = par
            w[z] = acc
        return w

    def reduced_normal_form(self, *, exact: bool | None = None) -> Game:
        """The reduced strategic form: plans as strategies, payoffs expected over chance.

        ``exact=None`` keeps the tree's arithmetic (exact for rational trees).  Strategy labels
        come from :meth:`plan_label`; strategy ``k`` of player ``i`` is ``reduced_strategies(i)[k]``.
        """
        use_exact = self._exact if exact is None else bool(exact)
        if use_exact and not self._exact:
            raise GameError("exact=True needs an exact tree (int or Fraction payoffs and probabilities)")
        if use_exact not in self._nf_cache:
            M = self.normal_form_map()
            w = self.leaf_weights(exact=use_exact)
            if use_exact:
                flat = _exact_matmul(M, self._leaf_payoffs_exact * w[:, None])
            else:
                flat = M.astype(float) @ (self._leaf_payoffs_float * w[:, None])
            shape = tuple(len(self.reduced_strategies(i)) for i in range(self.n_players))
            pay = np.moveaxis(flat, -1, 0).reshape(self.n_players, *shape)
            self._nf_cache[use_exact] = Game(pay, self._players, self.strategy_labels())
        return self._nf_cache[use_exact]

    # ----------------------------------------------------------------- behaviour strategies
    def behaviour(self, spec: Mapping[str, Any] | None = None, *, default: str = "error") -> BehaviourProfile:
        """A behaviour profile from ``{infoset label: action label | probabilities | {action: p}}``.

        Information sets left out take the uniform distribution with ``default="uniform"``;
        with ``default="error"`` (the default) every information set must be given.
        """
        spec = dict(spec or {})
        for key in spec:
            self.infoset(key)          # raises with a suggestion for an unknown label
        probs = []
        exact_ok = True
        for h in self._infosets:
            if h.label not in spec:
                if default != "uniform":
                    raise GameError(f"no behaviour given at information set {h.label!r} of "
                                    f"{self._players[h.player]}; give every information set "
                                    "(or default='uniform')")
                probs.append(tuple(Fraction(1, h.num_actions) for _ in h.actions))
                continue
            val = spec[h.label]
            if isinstance(val, str):
                if val not in h.actions:
                    raise GameError(f"information set {h.label!r} has no action {val!r}{did_you_mean(val, h.actions)}; "
                                    f"its actions are {list(h.actions)}")
                probs.append(tuple(Fraction(int(a == val)) for a in h.actions))
                continue
            if isinstance(val, Mapping):
                bad = [a for a in val if a not in h.actions]
                if bad:
                    raise GameError(f"information set {h.label!r} has no action {bad[0]!r}"
                                    f"{did_you_mean(str(bad[0]), h.actions)}; its actions are {list(h.actions)}")
                val = [val.get(a, 0) for a in h.actions]
            vals = list(np.asarray(val, dtype=object).ravel())
            if len(vals) != h.num_actions:
                raise GameError(f"information set {h.label!r} has {h.num_actions} actions {list(h.actions)} but "
                                f"{len(vals)} probabilities were given")
            exact_ok = exact_ok and all(_is_exact_number(x) for x in vals)
            probs.append(tuple(vals))
        return BehaviourProfile.build(self, probs, exact=exact_ok)

    def pure_behaviour(self, plans: Sequence[Mapping[int, int]]) -> BehaviourProfile:
        """The behaviour profile playing each player's plan (first action where a plan is silent)."""
        return BehaviourProfile.pure(self, [plans[h.player].get(h.index, 0) for h in self._infosets])

    def _sequence_matrix(self, i: int) -> tuple[np.ndarray, list[InformationSet]]:
        """``Q[s, col]``: plan ``s`` reaches the player's set ``h`` and picks action ``a`` there
        (one column per ``(h, a)`` of player ``i``)."""
        own = [h for h in self._infosets if h.player == i]
        plans = self.reduced_strategies(i)
        cols = [(h, a) for h in own for a in range(h.num_actions)]
        pre = {h.index: self._own_history(h.nodes[0], i) for h in own}
        Q = np.zeros((len(plans), len(cols)), dtype=bool)
        for s, plan in enumerate(plans):
            for c, (h, a) in enumerate(cols):
                Q[s, c] = plan.get(h.index) == a and all(plan.get(k) == b for k, b in pre[h.index])
        return Q, own

    def behaviour_from_mixed(self, profile: Sequence[Any], *, exact: bool = False) -> BehaviourProfile:
        """Kuhn's map: the behaviour profile realisation-equivalent to a mixed profile.

        ``profile`` is a mixed profile of :meth:`reduced_normal_form` (one vector per player).
        At a set ``h`` of player ``i``, ``b(h)(a)`` is the probability of the plans that reach ``h``
        and choose ``a`` there, divided by the probability of the plans that reach ``h`` (Kuhn 1953;
        Osborne and Rubinstein 1994, ch. 11).  Where player ``i``'s own mixture never
        reaches ``h`` the ratio is undefined and the uniform distribution is used; those sets are
        listed in the result's ``undetermined``.
        Needs perfect recall.
        """
        self.check_perfect_recall("Kuhn's map from mixed to behaviour strategies")
        game = self.reduced_normal_form(exact=exact) if exact else self.reduced_normal_form(exact=False)
        prof = game.check_exact_profile(profile) if exact else game.check_profile(profile)
        probs: dict[int, tuple[Any, ...]] = {}
        undetermined = set()
        for i in range(self.n_players):
            Q, own = self._sequence_matrix(i)
            x = np.asarray(prof[i], dtype=object if exact else float)
            real = x @ Q.astype(object if exact else float) if Q.size else np.zeros(0)
            c = 0
            for h in own:
                r = real[c:c + h.num_actions]
                c += h.num_actions
                tot = sum(r)
                if (tot == 0) if exact else (tot <= 1e-15):
                    undetermined.add(h.index)
                    probs[h.index] = tuple((Fraction(1, h.num_actions) if exact else 1.0 / h.num_actions)
                                           for _ in range(h.num_actions))
                else:
                    probs[h.index] = tuple(v / tot for v in r)
        b = BehaviourProfile.build(self, [probs[h.index] for h in self._infosets], exact=exact)
        b.undetermined = frozenset(undetermined)
        return b

    def mixed_from_behaviour(self, behaviour: BehaviourProfile, *, exact: bool | None = None) -> tuple[np.ndarray, ...]:
        """A mixed profile of the reduced normal form realisation-equivalent to ``behaviour``.

        Plan ``s`` gets probability ``prod_{h assigned by s} b(h)(s(h))`` (Kuhn 1953).  Float
        arrays, or object arrays of Fractions when ``exact`` (default: when ``behaviour`` is exact).
        """
        use_exact = behaviour.is_exact if exact is None else exact
        src = behaviour.exact_probabilities if use_exact else behaviour.probabilities
        if src is None:
            raise GameError("exact=True needs an exact behaviour profile")
        out = []
        for i in range(self.n_players):
            x = []
            for plan in self.reduced_strategies(i):
                p: Any = Fraction(1) if use_exact else 1.0
                for k, a in plan.items():
                    p = p * src[k][a]
                x.append(p)
            out.append(np.array(x, dtype=object if use_exact else float))
        return tuple(out)

    # ----------------------------------------------------------------- subtrees and display
    def to_builder(self, node: int = 0, replace: Mapping[int, Sequence[Any]] | None = None) -> Node:
        """The subtree at ``node`` as builder nodes (information set labels kept), with the
        subtrees at the nodes of ``replace`` cut off and replaced by terminal payoffs."""
        replace = replace or {}
        end = int(self._end[node])
        built: dict[int, Node] = {}
        for x in range(end - 1, node - 1, -1):
            if x in replace:
                built[x] = Terminal(tuple(replace[x]))
                continue
            if self._kind[x] == TERMINAL:
                src = self._leaf_payoffs_exact if self._exact else self._leaf_payoffs_float
                built[x] = Terminal(tuple(src[self._leaf_of[x]]), label=self._node_labels[x])
            elif self._kind[x] == CHANCE:
                probs = self._chance_exact[x] if self._chance_exact is not None else self._chance_float[x]
                built[x] = Chance({self.action_label(c): (probs[k], built[c])
                                   for k, c in enumerate(self._children[x])},
                                  label=self._node_labels[x])
            else:
                h = self._infosets[self._infoset[x]]
                built[x] = Decision(self._players[h.player], {self.action_label(c): built[c]
                                                              for c in self._children[x]},
                                    infoset=h.label, label=self._node_labels[x])
            for c in self._children[x]:
                built.pop(c, None)
        return built[node]

    def subgame(self, node: int, replace: Mapping[int, Sequence[Any]] | None = None) -> ExtensiveGame:
        """The subgame rooted at ``node`` (which must be a subgame root), optionally with the
        subgames at the nodes of ``replace`` folded into terminal payoffs."""
        if node not in self.subgame_roots():
            raise GameError(f"node {self.node_name(node)!r} does not start a subgame: an information set "
                            "crosses its subtree's boundary (or it is a terminal node)")
        return ExtensiveGame(self.to_builder(node, replace), self._players, self._title)

    def describe(self, digits: int = 6) -> str:
        """The tree as indented text: one line per node with the mover, probabilities and payoffs."""
        src = self._leaf_payoffs_exact if self._exact else self._leaf_payoffs_float
        lines = [f"{self._title or 'extensive game'}: players {', '.join(self._players)}"]
        for x in range(self._num_nodes):
            depth = len(self._paths[x])
            head = "  " * depth + (self.action_label(x) if x else ROOT_NAME)
            if x and self._kind[self._parent[x]] == CHANCE:
                par = int(self._parent[x])
                probs = self._chance_exact[par] if self._chance_exact is not None else self._chance_float[par]
                head += f" (p={format_number(probs[int(self._edge[x])], digits)})"
            if self._kind[x] == TERMINAL:
                pay = ", ".join(f"{p}={format_number(v, digits)}"
                                for p, v in zip(self._players, src[self._leaf_of[x]], strict=True))
                lines.append(f"{head}: {pay}")
            elif self._kind[x] == CHANCE:
                lines.append(f"{head}: chance")
            else:
                h = self._infosets[self._infoset[x]]
                tag = f" [{h.label}]" if len(h.nodes) > 1 else ""
                lines.append(f"{head}: {self._players[h.player]} moves{tag}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        info = "perfect information" if self.has_perfect_information else f"{len(self._infosets)} information sets"
        return (f"<ExtensiveGame {self._title + ' ' if self._title else ''}players={list(self._players)} "
                f"nodes={self._num_nodes} leaves={len(self._leaves)} ({info})>")


def _exact_matmul(M: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``M @ v`` for a 0/1 matrix ``M`` and Fractions ``v``: scaled to integers by the common
    denominator so the product runs in int64 when it cannot overflow."""
    den = 1
    for x in v.flat:
        den = den * x.denominator // math.gcd(den, x.denominator)
    ints = np.array([[int(x * den) for x in row] for row in v], dtype=object).reshape(v.shape)
    biggest = max((abs(int(x)) for x in ints.flat), default=0)
    if biggest * max(M.shape[1], 1) < 2**62:
        prod = (M.astype(np.int64) @ ints.astype(np.int64)).astype(object)
    else:
        prod = M.astype(object) @ ints if M.size else np.zeros((M.shape[0], v.shape[1]), dtype=object)
    out = np.empty(prod.shape, dtype=object)
    for idx, x in np.ndenumerate(prod):
        out[idx] = Fraction(int(x), den)
    return out


# --------------------------------------------------------------------------- behaviour profiles
class BehaviourProfile:
    """A behaviour profile: one probability vector over actions at every information set.

    ``probabilities[k]`` is the float vector at ``game.infosets[k]``; ``exact_probabilities`` the
    Fractions when every probability is rational.  Built by :meth:`ExtensiveGame.behaviour`,
    :meth:`ExtensiveGame.pure_behaviour` or :meth:`ExtensiveGame.behaviour_from_mixed`.
    """

    __slots__ = ("exact_probabilities", "game", "probabilities", "undetermined")

    def __init__(self, game: ExtensiveGame, probabilities: tuple[np.ndarray, ...],
                 exact_probabilities: tuple[tuple[Fraction, ...], ...] | None,
                 undetermined: frozenset[int] = frozenset()) -> None:
        self.game = game
        self.probabilities = probabilities
        self.exact_probabilities = exact_probabilities
        #: indices of information sets the profile's own mixture never reaches (from Kuhn's map):
        #: the behaviour there is a placeholder (uniform).
        self.undetermined = undetermined

    @classmethod
    def build(cls, game: ExtensiveGame, probs: Sequence[Sequence[Any]], *, exact: bool) -> BehaviourProfile:
        """Validate per-information-set probability vectors (non-negative, summing to 1)."""
        flt = []
        exq: list[tuple[Fraction, ...]] | None = [] if exact else None
        for h, vals in zip(game.infosets, probs, strict=True):
            try:
                v = np.array([float(x) for x in vals], dtype=float)
            except (TypeError, ValueError):
                raise GameError(f"behaviour at information set {h.label!r} is not a vector of numbers: {vals!r}") \
                    from None
            if not np.all(np.isfinite(v)) or np.any(v < -1e-12) or abs(v.sum() - 1) > 1e-9 * len(v):
                raise GameError(f"behaviour at information set {h.label!r} is {v.tolist()}: probabilities must be "
                                "non-negative and sum to 1")
            v = np.clip(v, 0.0, None)
            v = v / v.sum()
            v.flags.writeable = False
            flt.append(v)
            if exq is not None:
                q = tuple(to_fraction(x) for x in vals)
                if sum(q) != 1 or any(t < 0 for t in q):
                    exq = None
                else:
                    exq.append(q)
        return cls(game, tuple(flt), tuple(exq) if exq is not None else None)

    @classmethod
    def pure(cls, game: ExtensiveGame, actions: Sequence[int]) -> BehaviourProfile:
        """The pure profile taking action ``actions[k]`` (an index) at information set ``k``."""
        one, zero = Fraction(1), Fraction(0)
        flt, exq = [], []
        for h, a in zip(game.infosets, actions, strict=True):
            if not 0 <= a < h.num_actions:
                raise GameError(f"information set {h.label!r} has no action number {a}")
            v = np.zeros(h.num_actions)
            v[a] = 1.0
            v.flags.writeable = False
            flt.append(v)
            exq.append(tuple(one if k == a else zero for k in range(h.num_actions)))
        return cls(game, tuple(flt), tuple(exq))

    @property
    def is_exact(self) -> bool:
        return self.exact_probabilities is not None

    @property
    def is_pure(self) -> bool:
        return all(np.count_nonzero(v) == 1 for v in self.probabilities)

    def action_probabilities(self, infoset: str | int) -> dict[str, float]:
        h = self.game.infoset(infoset)
        return dict(zip(h.actions, (float(x) for x in self.probabilities[h.index]), strict=True))

    def action(self, infoset: str | int) -> str:
        """The action taken at a set where the behaviour is pure (GameError if it mixes)."""
        h = self.game.infoset(infoset)
        v = self.probabilities[h.index]
        if np.count_nonzero(v) != 1:
            raise GameError(f"the behaviour mixes at information set {h.label!r}: {self.action_probabilities(h.index)}")
        return h.actions[int(np.argmax(v))]

    def plans(self) -> tuple[dict[int, int], ...]:
        """Each player's pure plan restricted to the sets it reaches (needs a pure profile)."""
        if not self.is_pure:
            raise GameError("plans() needs a pure behaviour profile")
        g = self.game
        out: list[dict[int, int]] = [{} for _ in range(g.n_players)]
        for i in range(g.n_players):
            plan = {h.index: int(np.argmax(self.probabilities[h.index])) for h in g.infosets if h.player == i}
            reach = g.reduced_strategies(i)
            match = [p for p in reach if all(plan[k] == a for k, a in p.items())]
            out[i] = match[0]
        return tuple(out)

    def reach_probabilities(self, *, exact: bool = False, root: int = 0) -> np.ndarray:
        """Probability of reaching each node of ``root``'s subtree from ``root`` (0 outside it)."""
        g = self.game
        if exact and (self.exact_probabilities is None or not g.is_exact):
            raise GameError("exact reach probabilities need an exact tree and an exact behaviour profile")
        src = self.exact_probabilities if exact else self.probabilities
        reach = np.zeros(g.num_nodes, dtype=object if exact else float)
        reach[root] = Fraction(1) if exact else 1.0
        end = g.subtree_end(root)
        kind, parent, edge, infoset = g._kind, g._parent, g._edge, g._infoset
        for x in range(root + 1, end):
            par = int(parent[x])
            if kind[par] == CHANCE:
                p = g.chance_probabilities(par, exact=exact)[int(edge[x])]
            else:
                p = src[int(infoset[par])][int(edge[x])]
            reach[x] = reach[par] * p
        return reach

    def payoffs(self, *, exact: bool = False, root: int = 0) -> np.ndarray:
        """Expected payoff of each player (in the subgame at ``root``)."""
        g = self.game
        reach = self.reach_probabilities(exact=exact, root=root)
        pay = g.exact_leaf_payoffs if exact else g.leaf_payoffs
        r = reach[g.leaves]
        return r @ pay

    def describe(self, digits: int = 6) -> str:
        """One line per information set: who moves where, and what they do."""
        g = self.game
        lines = []
        for h in g.infosets:
            src = self.exact_probabilities[h.index] if self.exact_probabilities is not None \
                else self.probabilities[h.index]
            used = [(a, p) for a, p in zip(h.actions, src, strict=True) if p != 0]
            what = used[0][0] if len(used) == 1 else ", ".join(f"{a}={format_number(p, digits)}" for a, p in used)
            names = [g.node_name(x) for x in h.nodes]
            where = names[0] if len(names) == 1 else "{" + ", ".join(names) + "}"
            lines.append(f"{g.players[h.player]} at {where}: {what}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        out: dict[str, Any] = {}
        for h in g.infosets:
            src = self.exact_probabilities[h.index] if self.exact_probabilities is not None \
                else self.probabilities[h.index]
            out[h.label] = {"player": g.players[h.player], "nodes": [g.node_name(x) for x in h.nodes],
                            "probabilities": {a: (format_number(p) if self.is_exact else float(p))
                                              for a, p in zip(h.actions, src, strict=True)}}
        return out

    def __repr__(self) -> str:
        return "BehaviourProfile(" + "; ".join(self.describe().splitlines()) + ")"


# --------------------------------------------------------------------------- parametric trees
def _raw_numbers(root: Any) -> tuple[list[tuple[int, ...]], list[Any], list[list[Any]], list[tuple[str, ...]]]:
    """Structure and raw numbers of a builder tree: per node its child ids, the leaf payoff
    tuples and the chance probability lists (arrays allowed), and the paths."""
    walk, _ = _walk(root)
    kids: list[list[int]] = [[] for _ in walk]
    leaves, chance = [], []
    chance_of: dict[int, list[Any]] = {}
    paths = []
    for nid, (node, par, _k, path, prob) in enumerate(walk):
        paths.append(path)
        if par >= 0:
            kids[par].append(nid)
            if par in chance_of:
                chance_of[par].append(prob)
        if isinstance(node, Terminal):
            leaves.append(node.payoffs)
        elif isinstance(node, Chance):
            chance_of[nid] = []
            chance.append(chance_of[nid])
    return [tuple(k) for k in kids], leaves, chance, paths


class ExtensiveModel(Model):
    """A parametric game tree: a :class:`~bargain.model.parameters.Model` whose normal form is the
    reduced normal form of a tree whose payoffs and chance probabilities are parameters.

    Parameters
    ----------
    name, parameters, players, title, description, references: as for ``Model``.
    tree_function: ``f(p) -> root node`` building the tree from parameter values ``p`` (``p.name``)
        with :class:`Decision`, :class:`Chance` and :class:`Terminal`, using numpy arithmetic only,
        so the same function builds one tree (scalars) or a batch of trees (arrays).  The tree's
        shape (nodes, players, information sets, actions) must not depend on the values.

    ``model.tree(**values)`` is the :class:`ExtensiveGame`; ``model.game(**values)`` its reduced
    normal form; ``model.payoffs(**values)`` the batch of reduced normal forms, computed in one
    array operation: the reduced normal form is linear in the leaf payoffs with weights that are
    products of chance probabilities, ``U[k, s] = sum_z M[s, z] w(z) u_k(z)``
    (:meth:`ExtensiveGame.normal_form_map`), and ``M`` is computed once.
    """

    def __init__(self, name: str, parameters: Sequence[Any], tree_function: Callable[[Any], Node], *,
                 players: Sequence[str], title: str = "", description: str = "",
                 references: Sequence[str] = ()) -> None:
        self._tree_function = tree_function
        self._tree_players = tuple(str(p) for p in players)
        defaults = {prm.name: np.asarray(float(prm.default)) for prm in parameters}
        reference = ExtensiveGame(tree_function(Values(defaults)), self._tree_players, title or name)
        super().__init__(name, parameters, players=players, strategies=reference.strategy_labels(),
                         title=title, description=description, references=references)
        self._reference = reference
        self._map_t = np.ascontiguousarray(reference.normal_form_map().astype(float).T)
        # leaf -> chance edges on its path, as (chance node position, outcome index), padded
        pos = {c: k for k, c in enumerate(reference.chance_nodes)}
        offsets = np.cumsum([0] + [len(reference.children(c)) for c in reference.chance_nodes])
        edges = []
        for z in reference.leaves:
            e, cur = [], int(z)
            while cur > 0:
                par = reference.parent(cur)
                if reference.node_kind(par) == "chance":
                    e.append(int(offsets[pos[par]]) + reference.children(par).index(cur))
                cur = par
            edges.append(e)
        depth = max((len(e) for e in edges), default=0)
        one = int(offsets[-1])            # index of an extra column of ones
        self._edge_index = np.array([e + [one] * (depth - len(e)) for e in edges], dtype=np.int64).reshape(
            len(edges), depth)

    @property
    def reference_tree(self) -> ExtensiveGame:
        """The tree at the default parameter values."""
        return self._reference

    def tree(self, *, exact: bool = False, **values: Any) -> ExtensiveGame:
        """The game tree at one parameter point (unspecified parameters take their defaults).

        With ``exact=True`` the tree is built from Fractions (read by their decimal repr), so a
        tree function made of ``+ - * /`` gives an exact tree with rational equilibria.
        """
        checked = self.validate(**values)
        for k, v in checked.items():
            if v.size != 1:
                raise GameError(f"tree() takes one value per parameter but {k!r} has shape {v.shape}")
        if exact:
            p = Values({k: to_fraction(float(v)) for k, v in checked.items()}, (), exact=True)
        else:
            p = Values({k: v.reshape(()) for k, v in checked.items()})
        tree = ExtensiveGame(self._tree_function(p), self._tree_players, self.title)
        self._check_structure(tree)
        return tree

    def _check_structure(self, tree: ExtensiveGame) -> None:
        ref = self._reference
        if tree.num_nodes != ref.num_nodes or any(tree.node_path(x) != ref.node_path(x) for x in range(ref.num_nodes)):
            raise GameError(f"model {self.name!r}: the tree's shape changes with the parameter values; a tree "
                            "model must keep the same nodes and actions and let only payoffs and probabilities vary")

    def leaf_values(self, **values: Any) -> tuple[np.ndarray, list[np.ndarray]]:
        """Leaf payoffs and chance probabilities of a batch of trees, as arrays.

        Returns ``(u, probs)``: ``u`` of shape ``batch_shape + (num_leaves, n_players)`` (leaves in
        the preorder of :attr:`reference_tree`), and for each chance node of the reference tree
        (in preorder) an array ``batch_shape + (num_outcomes,)``.  Vectorised solvers (e.g.
        :func:`bargain.solvers.backward_induction.backward_induction_batch`) start from these.
        """
        checked = self.validate(**values)
        batch = self._broadcast_shape(checked)
        p = Values({k: np.broadcast_to(v, batch) for k, v in checked.items()}, batch)
        u, P = self._leaf_arrays(p)
        probs, start = [], 0
        for c in self._reference.chance_nodes:
            k = len(self._reference.children(c))
            probs.append(P[..., start:start + k])
            start += k
        return u, probs

    def _leaf_arrays(self, p: Any) -> tuple[np.ndarray, np.ndarray]:
        """``u`` (batch, leaves, players) and every chance probability as columns of ``P`` (plus a
        last column of ones), checked: probabilities non-negative and summing to 1 per node."""
        ref = self._reference
        batch = p.batch_shape
        _kids, leaves, chance, paths = _raw_numbers(self._tree_function(p))
        if len(paths) != ref.num_nodes or any(paths[x] != ref.node_path(x) for x in range(ref.num_nodes)):
            raise GameError(f"model {self.name!r}: the tree's shape changes with the parameter values")
        n = self.n_players
        Z = len(leaves)
        u = np.empty((*batch, Z, n), dtype=float)
        for z, pay in enumerate(leaves):
            vals = [pay[pl] for pl in self._tree_players] if isinstance(pay, Mapping) else list(pay)
            for i, v in enumerate(vals):
                u[..., z, i] = v
        cols = [np.broadcast_to(np.asarray(q, dtype=float), batch) for probs in chance for q in probs]
        P = np.stack([*cols, np.ones(batch)], axis=-1) if cols else np.ones((*batch, 1))
        start = 0
        for c, probs in zip(ref.chance_nodes, chance, strict=True):
            block = P[..., start:start + len(probs)]
            start += len(probs)
            if np.any(block < 0) or np.any(np.abs(block.sum(axis=-1) - 1.0) > 1e-9 * len(probs)):
                raise GameError(f"model {self.name!r}: at chance node {ref.node_name(c)!r} the probabilities are "
                                "negative or do not sum to 1 for some parameter values; check the probability "
                                "formulas")
        return u, P

    def compute(self, p: Any) -> Any:
        if p.exact:
            tree = ExtensiveGame(self._tree_function(p), self._tree_players, self.title)
            self._check_structure(tree)
            return tree.reduced_normal_form(exact=tree.is_exact).exact_payoffs \
                if tree.is_exact else tree.reduced_normal_form().payoffs
        u, P = self._leaf_arrays(p)
        batch, n, Z = p.batch_shape, self.n_players, u.shape[-2]
        w = np.prod(P[..., self._edge_index], axis=-1) if self._edge_index.shape[1] else np.ones((*batch, Z))
        flat = np.swapaxes(w[..., None] * u, -1, -2) @ self._map_t     # (..., n, Z) @ (Z, profiles)
        return flat.reshape(*batch, n, *self.shape)
