""".efg files: the parser, the writer, ExtensiveGame conversion, errors, and round trips with pygambit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from bargain.errors import GameError
from bargain.io.efg import (
    EfgInfoset,
    EfgNode,
    EfgOutcome,
    EfgTree,
    format_efg,
    parse_efg,
    read_efg,
    read_efg_file,
    write_efg,
)

# A two-stage Bayesian game in the style of Gambit's bayes2a.efg, written by hand: a comment,
# quoted labels with escaped quotes, information sets declared once and then referenced by number
# (or re-declared identically), outcomes referenced by number, an outcome on an interior node, commas
# and decimals.
HAND = r'''EFG 2 R "A \"Bayesian\" test" { "Row" "Col" }
"a comment { with braces } and 1 2 3"

c "nature" 1 "types" { "G" 0.25 "B" 3/4 } 1 "entry fee" { -1, 0 }
p "" 1 1 "row info" { "H" "L" } 0
p "" 2 1 "col \"info\"" { "h" "l" } 0
t "" 2 "hh" { 10, 2 }
t "" 3 "hl" { 0 10 }
p "" 2 1 "col \"info\"" { "h" "l" } 0
t "" 2
t "" 4 "ll" { 4, 0 }
p "second" 1 2 "row info 2" { "H" "L" } 0
p "" 2 1 0
t "" 2
t "" 3
p "" 2 1 0
t "leaf" 0
t "" 4
'''


def test_parse_hand_written_file():
    tree = parse_efg(HAND)
    assert tree.title == 'A "Bayesian" test' and tree.comment == "a comment { with braces } and 1 2 3"
    assert tree.players == ("Row", "Col")
    root = tree.root
    assert root.label == "nature" and root.infoset.player == 0
    assert root.infoset.probs == (Fraction(1, 4), Fraction(3, 4))
    assert root.outcome.payoffs == (-1, 0)
    col = tree.infosets(2)
    assert len(col) == 1 and col[0].label == 'col "info"' and col[0].actions == ("h", "l")
    assert [s.label for s in tree.infosets(1)] == ["row info", "row info 2"]
    leaves = [n for n in tree.nodes() if n.is_terminal]
    assert len(leaves) == 8
    assert [None if n.outcome is None else n.outcome.label for n in leaves] == \
        ["hh", "hl", "hh", "ll", "hh", "hl", None, "ll"]
    assert leaves[0].outcome is leaves[2].outcome            # one outcome, referenced twice
    assert format_efg(parse_efg(format_efg(tree))) == format_efg(tree)


def test_to_extensive_adds_interior_outcomes_and_solves():
    game = read_efg_from_text(HAND)
    assert game.players == ("Row", "Col") and game.is_exact
    # every leaf pays the entry fee of the root outcome on top of its own
    pays = {tuple(game.node_path(int(z))): tuple(game.exact_leaf_payoffs[k])
            for k, z in enumerate(game.leaves)}
    assert pays[("G", "H", "h")] == (9, 2)
    assert pays[("B", "L", "h")] == (-1, 0)     # null outcome at the leaf: only the fee
    nf = game.reduced_normal_form()
    assert nf.shape == (4, 2) and nf.is_exact
    # Row plays H/H (H at both types), Col plays h: 1/4 * (10-1) + 3/4 * (10-1) = 9
    assert nf.exact_payoffs[0, 0, 0] == 9


def read_efg_from_text(text):
    return parse_efg(text).to_extensive()


def test_extensive_round_trip(tmp_path):
    game = read_efg_from_text(HAND)
    path = tmp_path / "g.efg"
    write_efg(game, path)
    back = read_efg(path)
    assert back.reduced_normal_form() == game.reduced_normal_form()
    assert [h.actions for h in back.infosets] == [h.actions for h in game.infosets]
    assert read_efg_file(path).title == game.title


def test_repeated_node_labels_made_unique_for_gambit():
    text = 'EFG 2 R "" { "a" } p "x" 1 1 "i" { "l" "r" } 0 t "x" 0 t "x_1" 0'
    tree = parse_efg(text)                           # we read it (Gambit 16.7 would not) ...
    assert [n.label for n in tree.nodes()] == ["x", "x", "x_1"]
    again = parse_efg(format_efg(tree))              # ... and write labels Gambit accepts
    assert [n.label for n in again.nodes()] == ["x_2", "x_3", "x_1"]


def test_float_chance_probabilities_written_exactly():
    from bargain.model.extensive import Chance, ExtensiveGame, Terminal

    third = 1 / 3
    game = ExtensiveGame(Chance({"a": (third, Terminal(1.5)), "b": (third, Terminal(0.1)),
                                 "c": (third, Terminal(2))}), players=("P",))
    tree = parse_efg(format_efg(game))
    assert sum(tree.root.infoset.probs) == 1
    assert tree.root.children[1].outcome.payoffs == (Fraction(1, 10),)


BAD = [
    ("", "the file is empty"),
    ('NFG 1 R "x" { "a" } { 1 } 1', "not a Gambit extensive-form"),
    ('EFG 3 R "x" { "a" }', "version"),
    ('EFG 2 R "x" { "a" } ""', "has no nodes"),
    ('EFG 2 R "x" { "a" } p "" 1 1 "i" { "x" "y" } 0 t "" 0', "ends before the tree is complete"),
    ('EFG 2 R "x" { "a" } p "" 1 1 0', "used before it is declared"),
    ('EFG 2 R "x" { "a" } p "" 2 1 "i" { "x" } 0 t "" 0', "player number 2 does not exist"),
    ('EFG 2 R "x" { "a" } p "" 1 1 "i" { "x" "y" } 0 p "" 1 1 "i" { "x" "z" } 0 t "" 0 t "" 0 t "" 0',
     "declared again differently"),
    ('EFG 2 R "x" { "a" } c "" 1 "" { "x" 1/2 "y" 1/3 } 0 t "" 0 t "" 0', "sum to 5/6, not 1"),
    ('EFG 2 R "x" { "a" } c "" 1 "" { "x" 3/2 "y" -1/2 } 0 t "" 0 t "" 0', "negative probability"),
    ('EFG 2 R "x" { "a" } t "" 1', "outcome 1 is used before it is declared"),
    ('EFG 2 R "x" { "a" } t "" 0 "o" { 1 }', "outcome 0 is the null outcome"),
    ('EFG 2 R "x" { "a" "b" } t "" 1 "o" { 1 }', "has 1 payoff(s) but the game has 2 players"),
    ('EFG 2 R "x" { "a" } t "" 1 "o" { 1 2 }', "more than 1 payoffs"),
    ('EFG 2 R "x" { "a" } t "" 1 "o" { one }', "'one' is not a number"),
    ('EFG 2 R "x" { "a" } p "" 1 1 "i" { "x" } 1 "o" { 1 } t "" 1 "o" { 2 }', "declared again with a different"),
    ('EFG 2 R "x" { "a" } t "" 0 t "" 0', "after the last node"),
    ('EFG 2 R "x" { "a" } q "" 0', "expected a node type c (chance), p (player) or t (terminal)"),
    ('EFG 2 R "x" { "a" } p "" 1 1 "i" { } 0', "has no actions"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_malformed(text, message):
    with pytest.raises(GameError) as info:
        parse_efg(text, "bad.efg")
    assert str(info.value).startswith("bad.efg: line ")
    assert message in str(info.value)


# ----------------------------------------------------------------- random trees
def random_tree(rng: np.random.Generator, n_players: int, max_depth: int = 4) -> EfgTree:
    """A random tree with shared information sets, shared and interior outcomes, chance nodes and
    awkward labels (already normalized: unique non-empty action and outcome labels)."""
    players = tuple(f'Pl "{i}"' if i == 0 else f"P{i}" for i in range(n_players))
    infosets: dict[tuple[int, int, int], list[EfgInfoset]] = {}
    outcomes: list[EfgOutcome] = []
    counter = [0]

    def outcome() -> EfgOutcome:
        if outcomes and rng.random() < 0.3:
            return outcomes[int(rng.integers(len(outcomes)))]
        counter[0] += 1
        pays = tuple(Fraction(int(rng.integers(-20, 21)), int(rng.choice([1, 2, 3, 4, 10]))) for _ in players)
        o = EfgOutcome(0, f'o "{counter[0]}"' if counter[0] % 3 == 0 else f"o{counter[0]}", pays)
        outcomes.append(o)
        return o

    def build(depth: int) -> EfgNode:
        counter[0] += 1
        label = ["", f"n{counter[0]}", f'a "q{counter[0]}"'][int(rng.integers(3))]   # Gambit: unique or empty
        if depth >= max_depth or (depth > 0 and rng.random() < 0.3):
            return EfgNode(label, None, None if rng.random() < 0.1 else outcome())
        k = int(rng.integers(1, 4))
        if rng.random() < 0.2:
            raw = rng.integers(0, 5, size=k) + (np.arange(k) == 0)
            probs = tuple(Fraction(int(x), int(raw.sum())) for x in raw)
            s = EfgInfoset(0, 0, "", tuple(f"c{j}" for j in range(k)), probs)
        else:
            p = int(rng.integers(1, n_players + 1))
            pool = infosets.setdefault((p, depth, k), [])
            if pool and rng.random() < 0.5:
                s = pool[int(rng.integers(len(pool)))]
            else:
                s = EfgInfoset(p, 0, f"i{p}.{depth}.{k}.{len(pool)}", tuple(f"a{j}" for j in range(k)))
                pool.append(s)
        node = EfgNode(label, s, outcome() if rng.random() < 0.2 else None)
        node.children = [build(depth + 1) for _ in range(k)]
        return node

    return EfgTree(players, build(0), f"random {rng.integers(100)}", "comment")


def assert_same_tree(a: EfgTree, b: EfgTree) -> None:
    assert a.players == b.players
    na, nb = a.nodes(), b.nodes()
    assert len(na) == len(nb)
    sets: dict[int, int] = {}
    outs: dict[int, int] = {}
    for x, y in zip(na, nb, strict=True):
        assert x.label == y.label
        assert (x.infoset is None) == (y.infoset is None)
        if x.infoset is not None:
            assert (x.infoset.player, x.infoset.actions, x.infoset.probs) == \
                (y.infoset.player, y.infoset.actions, y.infoset.probs)
            if x.infoset.player:
                assert x.infoset.label == y.infoset.label
                assert sets.setdefault(id(x.infoset), id(y.infoset)) == id(y.infoset)   # same partition
        assert (x.outcome is None) == (y.outcome is None)
        if x.outcome is not None:
            assert (x.outcome.label, x.outcome.payoffs) == (y.outcome.label, y.outcome.payoffs)
            assert outs.setdefault(id(x.outcome), id(y.outcome)) == id(y.outcome)


def test_random_round_trips_ours():
    rng = np.random.default_rng(1)
    for k in range(30):
        tree = random_tree(rng, 1 + k % 3)
        back = parse_efg(format_efg(tree))
        assert_same_tree(tree, back)
        assert (back.title, back.comment) == (tree.title, tree.comment)


# ----------------------------------------------------------------- pygambit cross-checks
@pytest.fixture
def gbt():
    """pygambit, the reference implementation (only these cross-checks skip without it)."""
    return pytest.importorskip("pygambit")


def from_pygambit(g) -> EfgTree:
    """An EfgTree mirroring a pygambit tree, built through pygambit's object API (not its writer)."""
    players = tuple(p.label for p in g.players)
    index = {p.label: k + 1 for k, p in enumerate(g.players)}
    sets: dict[tuple[str, int], EfgInfoset] = {}
    outs: dict[str, EfgOutcome] = {}

    def conv(node) -> EfgNode:
        out = EfgNode(node.label)
        o = _pygambit_outcome(node)
        if o is not None:
            key = o.label
            if key not in outs:
                outs[key] = EfgOutcome(0, o.label, tuple(Fraction(str(o[p])) for p in g.players))
            out.outcome = outs[key]
        if not node.is_terminal:
            h = node.infoset
            chance = h.player.is_chance
            key = ("" if chance else h.player.label, h.number)
            if key not in sets:
                acts = tuple(a.label for a in h.actions)
                probs = tuple(Fraction(str(a.prob)) for a in h.actions) if chance else None
                sets[key] = EfgInfoset(0 if chance else index[h.player.label], h.number + 1, h.label, acts, probs)
            out.infoset = sets[key]
            out.children = [conv(c) for c in node.children]
        return out

    return EfgTree(players, conv(g.root), g.title, g.description)


def _pygambit_outcome(node):
    """The node's outcome, or None (pygambit returns a proxy that raises when there is none)."""
    o = node.outcome
    try:
        _ = o.label
    except AttributeError:
        return None
    return o


def _chance_labels(tree: EfgTree) -> EfgTree:
    for s in tree.infosets(0):
        s.label = "chance"
    return tree


def test_pygambit_reads_what_we_write(tmp_path, gbt):
    rng = np.random.default_rng(2)
    for k in range(25):
        tree = random_tree(rng, 1 + k % 3)
        path = tmp_path / f"t{k}.efg"
        write_efg(tree, path)
        g = gbt.read_efg(str(path))
        assert g.title == tree.title and g.description == tree.comment
        assert_same_tree(tree, from_pygambit(g))


def test_we_read_what_pygambit_writes(tmp_path, gbt):
    rng = np.random.default_rng(3)
    for k in range(25):
        tree = random_tree(rng, 1 + k % 3)
        path = tmp_path / f"t{k}.efg"
        write_efg(tree, path)
        g = gbt.read_efg(str(path))
        text = g.to_efg()
        ours = _chance_labels(parse_efg(text))
        assert_same_tree(from_pygambit(g), ours)


def test_we_read_a_tree_built_with_the_pygambit_api(gbt):
    g = gbt.Game.new_tree(players=["Sender", 'The "Receiver"'], title="signalling")
    g.append_move(g.root, g.players.chance, ["good", "bad"])
    g.set_chance_probs(g.root.infoset, [Fraction(1, 3), Fraction(2, 3)])
    for t in g.root.children:
        g.append_move(t, "Sender", ["up", "down"])
    g.append_move([t.children["up"] for t in g.root.children], 'The "Receiver"', ["yes", "no"])
    g.append_move([t.children["down"] for t in g.root.children], 'The "Receiver"', ["yes", "no"])
    win = g.add_outcome("win", [3, Fraction(1, 2)])
    lose = g.add_outcome("lose", [-1, 0])
    for leaf in [n for n in g.nodes if n.is_terminal]:
        g.set_outcome(leaf, win if leaf.prior_action.label == "yes" else lose)
    g.set_outcome(g.root.children["good"], g.add_outcome("bonus", [1, 1]))
    ours = _chance_labels(parse_efg(g.to_efg()))
    assert_same_tree(from_pygambit(g), ours)
    ext = ours.to_extensive()
    assert not ext.has_perfect_information and ext.has_perfect_recall
    # Receiver information sets: one per Sender action, each with both types
    assert [len(h.nodes) for h in ext.player_infosets(1)] == [2, 2]
