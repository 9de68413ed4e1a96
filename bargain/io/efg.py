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

:func:`parse_efg` builds an :class:`EfgTree`, a plain tree that mirrors the file (information-set
numbers, outcomes on interior nodes, labels); :meth:`EfgTree.to_extensive` turns it into the
library's :class:`~bargain.model.extensive.ExtensiveGame` (whose reduced normal form every solver
takes), and :func:`format_efg` writes either back.  Action and outcome labels are made unique and
non-empty as Gambit 16.7 does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

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

__all__ = ["EfgFile", "EfgInfoset", "EfgNode", "EfgOutcome", "EfgTree", "format_efg", "parse_efg", "read_efg",
           "read_efg_file", "write_efg"]


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

    def to_extensive(self) -> Any:
        """This tree as an :class:`~bargain.model.extensive.ExtensiveGame`.

        Payoffs of outcomes on interior nodes are added into the leaves below them (the file's
        meaning: payoffs along a path add up).  A player's information set keeps its label when
        that label is non-empty and unique; otherwise a single-node set gets ExtensiveGame's name
        (``"<player>@<path>"``) and a larger one ``"<player>:<number>"``; node labels
        are kept, and a leaf is labelled by its outcome's label (or, without one, its node label).
        """
        from bargain.model.extensive import Chance, Decision, ExtensiveGame, Terminal

        n = len(self.players)
        sets = [s for i in range(1, n + 1) for s in self.infosets(i)]
        counts = Counter(s.label for s in sets)
        members = Counter(id(node.infoset) for node in self.nodes() if node.infoset is not None)
        # the file's label when it is unique; an unlabelled single-node set is named by ExtensiveGame
        # ("Player@path"); an unlabelled set of several nodes is "Player:number"
        names: dict[int, str | None] = {
            id(s): s.label if s.label and counts[s.label] == 1
            else (None if members[id(s)] == 1 and not s.label else f"{self.players[s.player - 1]}:{s.number}")
            for s in sets}
        # post-order over (node, payoffs accumulated above it)
        zero = tuple(Fraction(0) for _ in range(n))
        built: dict[int, Any] = {}
        stack: list[tuple[EfgNode, tuple[Fraction, ...], bool]] = [(self.root, zero, False)]
        while stack:
            node, acc, done = stack.pop()
            here = acc if node.outcome is None else tuple(a + b for a, b in zip(acc, node.outcome.payoffs,
                                                                                strict=True))
            s = node.infoset
            if s is None:
                label = (node.outcome.label if node.outcome else "") or node.label
                built[id(node)] = Terminal(here, label=label or None)
                continue
            if not done:
                stack.append((node, acc, True))
                stack += [(c, here, False) for c in reversed(node.children)]
                continue
            kids = [built.pop(id(c)) for c in node.children]
            if s.player == 0:
                assert s.probs is not None
                built[id(node)] = Chance({a: (q, k) for a, q, k in zip(s.actions, s.probs, kids, strict=True)},
                                         label=node.label or None)
            else:
                built[id(node)] = Decision(self.players[s.player - 1], dict(zip(s.actions, kids, strict=True)),
                                           infoset=names[id(s)], label=node.label or None)
        return ExtensiveGame(built[id(self.root)], self.players, self.title)

    @classmethod
    def from_extensive(cls, game: Any, comment: str = "") -> EfgTree:
        """The tree of an :class:`~bargain.model.extensive.ExtensiveGame`: each leaf gets its own
        outcome (labelled by the leaf's label), each chance node its own information set, and float
        chance probabilities become exact decimals summing to one."""
        from bargain.model.extensive import Chance, Decision, Terminal

        players = tuple(game.players)
        infosets: dict[str, EfgInfoset] = {}
        numbers: Counter[int] = Counter()
        chance_count = 0
        root = EfgNode()
        stack: list[tuple[Any, EfgNode]] = [(game.to_builder(), root)]
        while stack:
            b, node = stack.pop()
            label = getattr(b, "label", None) or ""
            if isinstance(b, Terminal):
                pays = tuple(x if isinstance(x, Fraction) else float(x) for x in b.payoffs)
                node.outcome = EfgOutcome(0, label, pays)  # type: ignore[arg-type]
                continue
            node.label = label
            if isinstance(b, Chance):
                items = list(b.outcomes.items())
                chance_count += 1
                probs = _exact_distribution([v[0] for _, v in items])
                node.infoset = EfgInfoset(0, chance_count, "", tuple(a for a, _ in items), probs)  # type: ignore[arg-type]
                subtrees = [v[1] for _, v in items]
            else:
                assert isinstance(b, Decision)
                items = list(b.actions.items())
                p = players.index(b.player) + 1 if isinstance(b.player, str) else int(b.player) + 1
                key = str(b.infoset)
                if key not in infosets:
                    numbers[p] += 1
                    infosets[key] = EfgInfoset(p, numbers[p], key, tuple(a for a, _ in items))
                node.infoset = infosets[key]
                subtrees = [v for _, v in items]
            node.children = [EfgNode() for _ in subtrees]
            stack += list(zip(subtrees, node.children, strict=True))
        return cls(players, root, game.title, comment)


@dataclass(frozen=True)
class EfgFile:
    """A parsed ``.efg`` file: the tree as written (``tree``), plus title and comment."""

    tree: EfgTree
    title: str = ""
    comment: str = ""

    @property
    def game(self) -> Any:
        """The :class:`~bargain.model.extensive.ExtensiveGame`."""
        return self.tree.to_extensive()


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


def _exact_distribution(probs: list[Any]) -> tuple[Fraction, ...]:
    """Chance probabilities as Fractions summing to exactly 1 (as Gambit requires).

    Floats are read by their shortest decimal repr; if those decimals do not add up to one (e.g.
    three times 0.3333333333333333) the last probability takes up the rounding.
    """
    q = [x if isinstance(x, Fraction) else Fraction(repr(float(x))) for x in probs]
    if sum(q) != 1:
        q[-1] = 1 - sum(q[:-1])
        if q[-1] < 0:
            raise GameError(f"chance probabilities {[float(x) for x in probs]} do not sum to 1")
    return tuple(q)


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


def read_efg(path: str | Path) -> Any:
    """The :class:`~bargain.model.extensive.ExtensiveGame` in an ``.efg`` file."""
    return read_efg_file(path).game


def format_efg(tree: Any, title: str | None = None, comment: str | None = None) -> str:
    """The ``.efg`` text of ``tree`` (an :class:`EfgTree` or an ``ExtensiveGame``): every information
    set and outcome declared in full at its first use.

    Information sets are numbered per player and outcomes globally, in order of first appearance.
    Repeated non-empty labels of nodes, and of one player's information sets, are made unique
    (``x`` -> ``x_1``, ``x_2``), since Gambit 16.7 refuses files where they repeat.
    """
    if not isinstance(tree, EfgTree):
        from bargain.model.extensive import ExtensiveGame

        if not isinstance(tree, ExtensiveGame):
            raise GameError(f"only an extensive game can be written as .efg, not a {type(tree).__name__}")
        tree = EfgTree.from_extensive(tree)
    n = len(tree.players)
    lines = [f"EFG 2 R {quote(tree.title if title is None else title)} "
             f"{{ {' '.join(quote(p) for p in tree.players)} }}",
             quote(tree.comment if comment is None else comment), ""]
    inums: dict[int, int] = {}
    per_player: dict[int, int] = {}
    onums: dict[int, int] = {}
    nodes = tree.nodes()
    node_labels = _unique_node_labels([node.label for node in nodes])
    set_labels: dict[int, str] = {}
    for player in range(n + 1):
        sets = tree.infosets(player)
        set_labels.update(zip(map(id, sets), _unique_node_labels([h.label for h in sets]), strict=True))
    for node, node_label in zip(nodes, node_labels, strict=True):
        parts = []
        s = node.infoset
        if s is None:
            parts += ["t", quote(node_label)]
        else:
            parts += ["c" if s.player == 0 else "p", quote(node_label)]
            if s.player:
                parts.append(str(s.player))
            if id(s) in inums:
                parts.append(str(inums[id(s)]))
            else:
                per_player[s.player] = per_player.get(s.player, 0) + 1
                inums[id(s)] = per_player[s.player]
                parts += [str(inums[id(s)]), quote(set_labels[id(s)])]
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


def _unique_node_labels(labels: list[str]) -> list[str]:
    """Gambit 16.7 rejects a file in which two nodes (or two information sets of one player) share a
    non-empty label: repeated labels become ``label_1``, ``label_2`` ... (empty labels may repeat)."""
    return normalize_labels(labels, rename_empty=False)


def write_efg(tree: Any, path: str | Path, title: str | None = None, comment: str | None = None) -> None:
    """Write ``tree`` to an ``.efg`` file atomically."""
    from bargain.io.files import atomic_write

    atomic_write(path, format_efg(tree, title, comment))
