"""Gambit extensive-form files (``.efg``), read and written without pygambit.

The format (Gambit manual, "The extensive game (.efg) file format")::

    EFG 2 R "Title" { "Player 1" "Player 2" }
    "optional comment"
    c "root" 1 "chance" { "Good" 1/2 "Bad" 1/2 } 0
    p "" 1 1 "info set" { "Up" "Down" } 1 "o1" { 1, -1 }
    t "" 2 "o2" { 3 0 }
    t "" 2
    ...

lists the nodes in prefix (depth-first) order.  A chance node ``c`` gives an information-set
number, then (at its first appearance) the set's label and its actions with probabilities; a
personal node ``p`` gives its player (1-based) and information-set number, then (at first
appearance) the label and action names; a terminal node ``t`` gives only an outcome.  Every node
ends with an outcome number (``0`` = none) followed, at the outcome's first appearance, by its label
and one payoff per player.  Later appearances may repeat a declaration, which must then match.
Payoffs of the outcomes met along a path add up (outcomes may sit on interior nodes).  Numbers are
exact, so ``0.1`` is ``1/10``.

:func:`parse_efg` builds an :class:`EfgTree`, a plain tree that mirrors the file;
:func:`format_efg` writes one back.  :meth:`EfgTree.normal_form` is the strategic form (one pure
strategy per choice of an action at each of the player's information sets; expected payoffs
over chance), as in Kuhn (1953).  Labels are made unique and non-empty as Gambit 16.7 does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from bargain.errors import GameError
from bargain.io.lexer import (
    COMMA,
    EOF,
    LBRACE,
    NUMBER,
    RBRACE,
    SYMBOL,
    TEXT,
    TokenStream,
    format_gambit_number,
    normalize_labels,
    quote,
)
from bargain.model.game import Game

__all__ = ["EfgFile", "EfgInfoset", "EfgNode", "EfgOutcome", "EfgTree", "format_efg", "parse_efg", "read_efg",
           "read_efg_file", "write_efg"]

#: Largest strategic form :meth:`EfgTree.normal_form` tabulates.
MAX_NORMAL_FORM_PROFILES = 200_000


@dataclass
class EfgInfoset:
    """An information set: ``player`` 0 is chance (then ``probs`` holds the action probabilities)."""

    player: int
    number: int
    label: str
    actions: tuple[str, ...]
    probs: tuple[Fraction, ...] | None = None


@dataclass
class EfgOutcome:
    number: int
    label: str
    payoffs: tuple[Fraction, ...]


@dataclass
class EfgNode:
    """A node: ``infoset`` is None at a terminal node; ``outcome`` is None when it has none."""

    label: str = ""
    infoset: EfgInfoset | None = None
    outcome: EfgOutcome | None = None
    children: list[EfgNode] = field(default_factory=list)

    @property
    def is_terminal(self) -> bool:
        return self.infoset is None


@dataclass
class EfgTree:
    """A game tree as an ``.efg`` file describes it."""

    players: tuple[str, ...]
    root: EfgNode
    title: str = ""
    comment: str = ""

    def nodes(self) -> list[EfgNode]:
        """All nodes in prefix order."""
        out: list[EfgNode] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def infosets(self, player: int) -> list[EfgInfoset]:
        """The information sets of ``player`` (1-based; 0 = chance) in order of first appearance."""
        seen: dict[int, EfgInfoset] = {}
        for node in self.nodes():
            if node.infoset is not None and node.infoset.player == player:
                seen.setdefault(id(node.infoset), node.infoset)
        return list(seen.values())

    def outcomes(self) -> list[EfgOutcome]:
        seen: dict[int, EfgOutcome] = {}
        for node in self.nodes():
            if node.outcome is not None:
                seen.setdefault(id(node.outcome), node.outcome)
        return list(seen.values())

    def normal_form(self) -> Game:
        """The strategic form: a pure strategy picks one action at each of the player's information sets.

        Strategy labels join the chosen action labels with ``/`` in the order of the player's
        information sets (``"-"`` for a player with none).  Expected payoffs average over chance
        with the exact probabilities, so the game is exact.
        """
        n = len(self.players)
        infosets = [self.infosets(i + 1) for i in range(n)]
        choices = [list(itertools.product(*(range(len(s.actions)) for s in sets))) for sets in infosets]
        labels = [["/".join(s.actions[a] for s, a in zip(sets, ch, strict=True)) or "-" for ch in chs]
                  for sets, chs in zip(infosets, choices, strict=True)]
        index = [{id(s): k for k, s in enumerate(sets)} for sets in infosets]
        shape = tuple(len(c) for c in choices)
        if int(np.prod(shape, dtype=float)) > MAX_NORMAL_FORM_PROFILES:
            raise GameError(f"the normal form of this tree has {' x '.join(map(str, shape))} pure profiles, more "
                            f"than {MAX_NORMAL_FORM_PROFILES:,}: too large to tabulate; solve a smaller tree")
        payoffs = np.empty((n, *shape), dtype=object)
        for prof in itertools.product(*(range(s) for s in shape)):
            plan = [choices[i][prof[i]] for i in range(n)]
            total = [Fraction(0)] * n
            stack: list[tuple[EfgNode, Fraction]] = [(self.root, Fraction(1))]
            while stack:
                node, prob = stack.pop()
                if node.outcome is not None:
                    for i in range(n):
                        total[i] += prob * node.outcome.payoffs[i]
                s = node.infoset
                if s is None:
                    continue
                if s.player == 0:
                    assert s.probs is not None
                    stack += [(c, prob * q) for c, q in zip(node.children, s.probs, strict=True) if q]
                else:
                    a = plan[s.player - 1][index[s.player - 1][id(s)]]
                    stack.append((node.children[a], prob))
            for i in range(n):
                payoffs[(i, *prof)] = total[i]
        return Game(payoffs, self.players, [normalize_labels(lab) if len(set(lab)) < len(lab) else lab
                                            for lab in labels])


@dataclass(frozen=True)
class EfgFile:
    """A parsed ``.efg`` file: the tree (``game``), plus title and comment."""

    game: EfgTree
    title: str = ""
    comment: str = ""

    def normal_form(self) -> Game:
        return self.game.normal_form()


def parse_efg(text: str, source: str = "<string>") -> EfgTree:
    """Parse the text of an ``.efg`` file into an :class:`EfgTree`."""
    ts = TokenStream(text, source)
    head = ts.current
    if head.kind == EOF:
        raise ts.error("the file is empty: a Gambit file starts with 'EFG'")
    if head.kind != SYMBOL or head.text != "EFG":
        raise ts.error(f"expected the file to start with 'EFG', found {head.describe()}: this is not a Gambit "
                       "extensive-form (.efg) file")
    ts.next()
    if ts.current.kind != NUMBER or ts.current.text != "2":
        raise ts.error(f"unsupported .efg version {ts.current.describe()}: only version 2 ('EFG 2 R') is read")
    ts.next()
    if ts.current.kind != SYMBOL or ts.current.text not in ("R", "D"):
        raise ts.error(f"expected the data type 'R' after 'EFG 2', found {ts.current.describe()}")
    ts.next()
    title = ts.expect(TEXT, "the game title in double quotes").text
    ts.expect(LBRACE, "'{' opening the list of players")
    players: list[str] = []
    while ts.current.kind == TEXT:
        players.append(ts.next().text)
    ts.expect(RBRACE, "'}' closing the list of players", "player names must be in double quotes")
    if not players:
        raise ts.error("the game has no players: list at least one name in { }")
    comment = ts.next().text if ts.current.kind == TEXT else ""
    parser = _TreeParser(ts, len(players))
    if ts.current.kind == EOF:
        raise ts.error("the file has no nodes: after the header comes the root node (c, p or t)")
    root = parser.node()
    if ts.current.kind != EOF:
        raise ts.error(f"unexpected {ts.current.describe()} after the last node of the tree: every node's children "
                       "are already complete, so the file has extra entries")
    tree = EfgTree(tuple(normalize_labels(players)), root, title, comment)
    _normalize_tree_labels(tree)
    return tree


class _TreeParser:
    def __init__(self, ts: TokenStream, n_players: int) -> None:
        self.ts = ts
        self.n = n_players
        self.infosets: dict[tuple[int, int], EfgInfoset] = {}
        self.outcomes: dict[int, EfgOutcome] = {}

    def node(self) -> EfgNode:
        # iterative prefix-order parse (trees may be deeper than Python's recursion limit)
        root = self._one()
        stack = [(root, 0)]
        while stack:
            node, k = stack.pop()
            if k < len(node.children):
                stack.append((node, k + 1))
                child = self._one()
                node.children[k] = child
                stack.append((child, 0))
        return root

    def _one(self) -> EfgNode:
        ts = self.ts
        tok = ts.current
        if tok.kind == EOF:
            raise ts.error("the file ends before the tree is complete (a node's children are missing): is it "
                           "truncated?")
        if tok.kind != SYMBOL or tok.text not in ("c", "p", "t"):
            raise ts.error(f"expected a node type c (chance), p (player) or t (terminal), found {tok.describe()}")
        ts.next()
        label = ts.expect(TEXT, "the node label in double quotes (\"\" for none)").text
        node = EfgNode(label)
        if tok.text == "t":
            node.outcome = self._outcome()
            return node
        player = 0
        if tok.text == "p":
            ptok = ts.current
            player = ts.integer("the player number", minimum=1)
            if player > self.n:
                raise ts.error(f"player number {player} does not exist: the game has {self.n} players", ptok)
        itok = ts.current
        number = ts.integer("the information set number", minimum=1)
        key = (player, number)
        existing = self.infosets.get(key)
        if ts.current.kind == TEXT:
            ilabel = ts.next().text
            ts.expect(LBRACE, "'{' opening the list of actions")
            actions: list[str] = []
            probs: list[Fraction] = []
            while ts.current.kind == TEXT:
                actions.append(ts.next().text)
                if player == 0:
                    probs.append(ts.number(f"the probability of chance action {actions[-1]!r}"))
                    ts.accept(COMMA)
            ts.expect(RBRACE, "'}' closing the list of actions", "action names must be in double quotes")
            if not actions:
                raise ts.error(f"information set {number} has no actions: a non-terminal node needs at least one", itok)
            if player == 0:
                if any(q < 0 for q in probs):
                    raise ts.error(f"chance information set {number} has a negative probability", itok)
                if sum(probs) != 1:
                    raise ts.error(f"the probabilities of chance information set {number} sum to "
                                   f"{format_gambit_number(sum(probs))}, not 1: they must sum to exactly one", itok)
            infoset = EfgInfoset(player, number, ilabel, tuple(actions), tuple(probs) if player == 0 else None)
            if existing is None:
                self.infosets[key] = infoset
            else:
                if (existing.label, existing.actions, existing.probs) != (ilabel, infoset.actions, infoset.probs):
                    who = "chance" if player == 0 else f"player {player}"
                    raise ts.error(f"information set {number} of {who} is declared again differently (label, actions "
                                   "or probabilities differ): a repeated declaration must match the first", itok)
                infoset = existing
        elif existing is None:
            who = "chance" if player == 0 else f"player {player}"
            raise ts.error(f"information set {number} of {who} is used before it is declared: its first "
                           "appearance must give its label and actions", itok)
        else:
            infoset = existing
        node.infoset = infoset
        node.outcome = self._outcome()
        node.children = [EfgNode() for _ in infoset.actions]
        return node

    def _outcome(self) -> EfgOutcome | None:
        ts = self.ts
        otok = ts.current
        number = ts.integer("the outcome number (0 for none)", minimum=0)
        if ts.current.kind == TEXT:
            if number == 0:
                raise ts.error("outcome 0 is the null outcome and cannot have a label or payoffs", otok)
            label = ts.next().text
            ts.expect(LBRACE, f"'{{' opening the payoffs of outcome {number}")
            pays = []
            for i in range(self.n):
                if ts.current.kind == RBRACE:
                    raise ts.error(f"outcome {number} has {i} payoff(s) but the game has {self.n} players: give one "
                                   "payoff each")
                pays.append(ts.number(f"payoff of player {i + 1} in outcome {number}"))
                ts.accept(COMMA)
            if ts.current.kind != RBRACE:
                raise ts.error(f"outcome {number} has more than {self.n} payoffs (found {ts.current.describe()}): "
                               f"the game has {self.n} players")
            ts.next()
            out = EfgOutcome(number, label, tuple(pays))
            prev = self.outcomes.get(number)
            if prev is None:
                self.outcomes[number] = out
                return out
            if (prev.label, prev.payoffs) != (out.label, out.payoffs):
                raise ts.error(f"outcome {number} is declared again with a different label or payoffs: a repeated "
                               "declaration must match the first", otok)
            return prev
        if number == 0:
            return None
        if number not in self.outcomes:
            raise ts.error(f"outcome {number} is used before it is declared: its first appearance must give its "
                           "label and payoffs", otok)
        return self.outcomes[number]


def _normalize_tree_labels(tree: EfgTree) -> None:
    for player in range(len(tree.players) + 1):
        for s in tree.infosets(player):
            s.actions = tuple(normalize_labels(s.actions))
    outs = tree.outcomes()
    for o, lab in zip(outs, normalize_labels(o.label for o in outs), strict=True):
        o.label = lab


def read_efg_file(path: str | Path) -> EfgFile:
    """The tree in an ``.efg`` file, with its title and comment."""
    from bargain.io.files import read_text

    tree = parse_efg(read_text(path), str(path))
    return EfgFile(tree, tree.title, tree.comment)


def read_efg(path: str | Path) -> EfgTree:
    """The tree in an ``.efg`` file."""
    return read_efg_file(path).game


def format_efg(tree: EfgTree, title: str | None = None, comment: str | None = None) -> str:
    """The ``.efg`` text of ``tree``: every information set and outcome declared in full at its first use.

    Information sets are numbered per player and outcomes globally, in order of first appearance.
    """
    n = len(tree.players)
    lines = [f"EFG 2 R {quote(tree.title if title is None else title)} "
             f"{{ {' '.join(quote(p) for p in tree.players)} }}",
             quote(tree.comment if comment is None else comment), ""]
    inums: dict[int, int] = {}
    per_player: dict[int, int] = {}
    onums: dict[int, int] = {}
    for node in tree.nodes():
        parts = []
        s = node.infoset
        if s is None:
            parts += ["t", quote(node.label)]
        else:
            parts += ["c" if s.player == 0 else "p", quote(node.label)]
            if s.player:
                parts.append(str(s.player))
            if id(s) in inums:
                parts.append(str(inums[id(s)]))
            else:
                per_player[s.player] = per_player.get(s.player, 0) + 1
                inums[id(s)] = per_player[s.player]
                parts += [str(inums[id(s)]), quote(s.label)]
                if s.player == 0:
                    assert s.probs is not None
                    parts.append("{ " + " ".join(f"{quote(a)} {format_gambit_number(q)}"
                                                 for a, q in zip(s.actions, s.probs, strict=True)) + " }")
                else:
                    parts.append("{ " + " ".join(quote(a) for a in s.actions) + " }")
        o = node.outcome
        if o is None:
            parts.append("0")
        elif id(o) in onums:
            parts.append(str(onums[id(o)]))
        else:
            onums[id(o)] = len(onums) + 1
            if len(o.payoffs) != n:
                raise GameError(f"outcome {o.label!r} has {len(o.payoffs)} payoffs but the game has {n} players")
            parts += [str(onums[id(o)]), quote(o.label),
                      "{ " + ", ".join(format_gambit_number(x) for x in o.payoffs) + " }"]
        lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


def write_efg(tree: EfgTree, path: str | Path, title: str | None = None, comment: str | None = None) -> None:
    """Write ``tree`` to an ``.efg`` file atomically."""
    from bargain.io.files import atomic_write

    atomic_write(path, format_efg(tree, title, comment))
