"""Bayesian and signalling games as trees: structure, the prior, strategies by type, and the Nash
equilibria checked against Gambit's on an independently built tree."""

from __future__ import annotations

import itertools
from fractions import Fraction as F  # noqa: N817

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.bayesian import type_partition

gbt = pytest.importorskip("pygambit")

TYPES = {"A": ["x", "y"], "B": ["u", "v"]}
PRIOR = {"A": {"x": F(1, 3), "y": F(2, 3)}, "B": {"u": F(1, 2), "v": F(1, 2)}}
ACTIONS = {"A": ["T", "M"], "B": ["L", "R"]}


def _table(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    return {(tp, ap): tuple(int(v) for v in rng.integers(-5, 6, size=2))
            for tp in itertools.product("xy", "uv") for ap in itertools.product("TM", "LR")}


def test_harsanyi_tree_structure_and_prior():
    tab = _table(0)
    g = bg.BayesianGame(TYPES, PRIOR, ACTIONS, tab)
    assert isinstance(g, bg.ExtensiveGame) and g.is_exact
    # chance at the root over the four type profiles, with the product prior
    assert g.chance_probabilities(0, exact=True) == (F(1, 6), F(1, 6), F(1, 3), F(1, 3))
    assert [g.action_label(c) for c in g.children(0)] == ["x,u", "x,v", "y,u", "y,v"]
    # a player's information sets are their types: A of type x cannot tell B's type
    assert [g.node_name(x) for x in g.type_infoset("A", "x").nodes] == ["x,u", "x,v"]
    assert len(g.type_infoset("B", "u").nodes) == 4            # (x or y) x (T or M)
    assert g.marginal("A") == {"x": F(1, 3), "y": F(2, 3)}
    leaf = g.find_node("y,v/M/L")
    assert tuple(g.exact_leaf_payoffs[list(g.leaves).index(leaf)]) == tab[(("y", "v"), ("M", "L"))]
    # a joint prior written out gives the same tree
    joint = {(a, b): PRIOR["A"][a] * PRIOR["B"][b] for a in "xy" for b in "uv"}
    g2 = bg.BayesianGame(TYPES, joint, ACTIONS, tab)
    assert g2.describe() == g.describe()


def test_bad_input_is_one_game_error():
    tab = _table(0)
    with pytest.raises(GameError, match="sum to 4/3"):
        bg.BayesianGame(TYPES, {"A": {"x": F(2, 3), "y": F(2, 3)}, "B": {"u": 1, "v": 0}}, ACTIONS, tab)
    with pytest.raises(GameError, match="has no type 'z'"):
        bg.BayesianGame(TYPES, {"A": {"z": 1}, "B": {"u": 1}}, ACTIONS, tab)
    with pytest.raises(GameError, match=r"no payoff for 'B'|2 players"):
        bg.BayesianGame(TYPES, PRIOR, ACTIONS, lambda t, a: (1,))
    with pytest.raises(GameError, match="actions: none given for 'B'"):
        bg.BayesianGame(TYPES, PRIOR, {"A": ["T"]}, tab)


def _gambit_tree(tab: dict) -> gbt.Game:
    """The same Bayesian game built directly in Gambit (independent of our tree builder)."""
    g = gbt.Game.new_tree(players=["A", "B"])
    profiles = list(itertools.product("xy", "uv"))
    g.append_move(g.root, g.players.chance, [f"{a},{b}" for a, b in profiles])
    g.set_chance_probs(g.root.infoset, [PRIOR["A"][a] * PRIOR["B"][b] for a, b in profiles])
    a_sets, b_sets = {}, {}
    for ta, tb in profiles:
        node = g.root.children[f"{ta},{tb}"]
        if ta in a_sets:
            g.append_infoset(node, a_sets[ta])
        else:
            g.append_move(node, "A", ACTIONS["A"])
            a_sets[ta] = node.infoset
        for aa in ACTIONS["A"]:
            child = node.children[aa]
            if tb in b_sets:
                g.append_infoset(child, b_sets[tb])
            else:
                g.append_move(child, "B", ACTIONS["B"])
                b_sets[tb] = child.infoset
            for ab in ACTIONS["B"]:
                g.set_outcome(child.children[ab], g.add_outcome(f"{ta}{tb}{aa}{ab}", list(tab[((ta, tb), (aa, ab))])))
    return g, a_sets, b_sets


@pytest.mark.parametrize("seed", range(4))
def test_bayes_nash_equilibria_by_type_match_gambit(seed):
    tab = _table(seed)
    g = bg.BayesianGame(TYPES, PRIOR, ACTIONS, tab)
    ours = set()
    for e in bg.solve(g.reduced_normal_form(exact=True), exact=True):
        b = g.behaviour_from_mixed(e.exact_profile, exact=True)
        by = g.strategy_by_type(b)
        ours.add(tuple(by[p][t][a] for p in "AB" for t in TYPES[p] for a in ACTIONS[p]))
    gg, a_sets, b_sets = _gambit_tree(tab)
    theirs = set()
    for eq in gbt.nash.enummixed_solve(gg, rational=True).equilibria:
        beh = eq.as_behavior()
        sets = {"A": a_sets, "B": b_sets}
        theirs.add(tuple(F(beh[act]) for p in "AB" for t in TYPES[p] for act in sets[p][t].actions))
    assert ours == theirs


def test_type_partition_pooling_separating_semi():
    part = type_partition({"a": (1, 0, 0), "b": (1, 0, 0), "c": (0, 1, 0), "d": (0, F(1, 2), F(1, 2))})
    assert part.pooling == (("a", "b"),)
    assert part.separating == ()
    assert set(part.semi_separating) == {"c", "d"}
    assert type_partition({"a": (1, 0), "b": (0, 1)}).kind == "separating"
    assert type_partition({"a": (1, 0), "b": (1, 0)}).kind == "pooling"


def test_bayesian_model_batches_payoffs_over_a_parameter():
    p = bg.Parameter("bonus", 1.0, (0.0, 10.0), meaning="payoff to A of type x for T")

    def pay(v, t, a):
        base = _table(1)[(tuple(t.values()), tuple(a.values()))]
        return (base[0] + (v.bonus if (t["A"], a["A"]) == ("x", "T") else 0), base[1])

    m = bg.BayesianModel("bm", [p], types=TYPES, prior=PRIOR, actions=ACTIONS, payoffs=pay)
    tree = m.tree(exact=True, bonus=F(3))
    assert isinstance(tree, bg.BayesianGame) and tree.is_exact
    batch = m.payoffs(bonus=np.array([0.0, 3.0]))
    # one reduced normal form per value; the one at 3 equals the tree's
    assert np.allclose(batch[1], tree.reduced_normal_form().payoffs)
    assert not np.allclose(batch[0], batch[1])


def test_signalling_game_tree_and_arrays():
    g = bg.SignallingGame(["weak", "strong"], {"weak": F(1, 10), "strong": F(9, 10)}, ["beer", "quiche"],
                          ["duel", "not"], lambda t, m, r: (((t == "strong") == (m == "beer")) + 2 * (r == "not"),
                                                            int((r == "duel") == (t == "weak"))))
    assert len(g.receiver_infoset("beer").nodes) == 2 and len(g.sender_infoset("weak").nodes) == 1
    uS, _ = g.payoff_arrays(exact=True)
    assert uS[1, 0, 1] == 3 and uS[0, 0, 0] == 0
    with pytest.raises(GameError, match="give \\(sender, receiver\\)"):
        bg.SignallingGame(["a"], [1], ["m"], ["r"], lambda t, m, r: (1, 2, 3))
