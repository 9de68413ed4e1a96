"""The extensive-form game: a validated tree with its information sets, subgames and display.

The reduced strategic form is computed by :class:`~bargain.model.extensive.strategies.ReducedForm`
and behaviour strategies by :class:`~bargain.model.extensive.behaviour.BehaviourMethods`, both
mixed into :class:`ExtensiveGame`.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games* II, 193-216.  Selten, R. (1975). Reexamination of the perfectness concept for
equilibrium points in extensive games. *Int. J. Game Theory* 4, 25-55.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.extensive.behaviour import BehaviourMethods
from bargain.model.extensive.nodes import (
    CHANCE,
    DECISION,
    ROOT_NAME,
    TERMINAL,
    Chance,
    Decision,
    InformationSet,
    Node,
    Terminal,
    is_exact_number,
    path_name,
    paused_gc,
    walk_tree,
)
from bargain.model.extensive.strategies import ReducedForm
from bargain.model.game import RELATIVE_TOLERANCE, Game
from bargain.model.labels import player_position
from bargain.model.numbers import format_number, to_fraction

__all__ = ["ExtensiveGame"]


# --------------------------------------------------------------------------- the game
class ExtensiveGame(ReducedForm, BehaviourMethods):
    """A finite extensive-form game (immutable), validated on construction.

    Nodes are numbered in preorder (the root is 0; a node's subtree is the id range
    ``[node, subtree_end(node))``).  Raises :class:`GameError` naming the node for an unknown
    player, a payoff vector of the wrong length, a non-finite payoff, chance probabilities that
    are negative or do not sum to 1, or an information set whose nodes disagree on player or
    actions.  Perfect recall is checked and reported (:attr:`has_perfect_recall`,
    :attr:`perfect_recall_violations`); methods that need it raise :class:`GameError`.

    Parameters
    ----------
    root : Node
        the root node, built from :class:`Decision`, :class:`Chance` and :class:`Terminal`.
    players : Sequence[str]
        player names; terminal payoffs are in this order.
    title : str, default ''
        a human-readable name.
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
        walk, action_labels = walk_tree(root)
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
            where = path_name(path)
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
                    first = path_name(paths[data["nodes"][0]])
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
        self._sequence_form: Any = None      # built once by bargain.solvers.sequence_form.sequence_form

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
        exact = all(is_exact_number(x) for row in leaf_raw for x in row) and \
            all(is_exact_number(x) for probs in chance_raw.values() for x in probs)
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
        """Index of a player given by index or name."""
        return player_position(self._players, player)

    def node_name(self, node: int) -> str:
        """The node's path of action labels from the root (``"root"`` for the root)."""
        return path_name(self._paths[node])

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


