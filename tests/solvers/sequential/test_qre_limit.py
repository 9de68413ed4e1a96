"""The agent logit QRE limit as a selection, and the refinements each equilibrium meets.

Oracles: pygambit's ``logit_solve`` on the same .efg (the end of its agent QRE path, and its
beliefs there); pygambit's conditional action values, which must satisfy the logit equations at
every point of our path; McKelvey and Palfrey (1998), who report that the agent QRE in beer-quiche
converges to the pooling-on-beer equilibrium; the refinement verdicts worked out by hand below.
"""

from __future__ import annotations

import os
from fractions import Fraction as F  # noqa: N817
from pathlib import Path

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.extensive import Decision, Terminal
from bargain.solvers.sequential.qre_limit import agent_logit_path, qre_limit
from bargain.solvers.sequential.selection import REFINEMENT_COLUMNS, refinement_table
from tests.solvers.sequential.test_assessment import horse
from tests.solvers.sequential.test_signalling import beer_quiche, limit_pricing

GAMES = {"horse": horse, "beer-quiche": beer_quiche, "limit pricing": limit_pricing}


def _gambit_limit(tree, tmp_path):
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / "game.efg"
    bg.write_game(tree, path)
    g = gbt.read_efg(str(path))
    return g, gbt.nash.logit_solve(g).equilibria[0]


@pytest.mark.parametrize("name", list(GAMES))
def test_limit_is_gambits_logit_limit_with_its_beliefs(name, tmp_path):
    tree = GAMES[name]()
    g, eq = _gambit_limit(tree, tmp_path)
    lim = qre_limit(tree)
    assert lim.exact and lim.converged and lim.assessment.satisfied
    for h in g.infosets:
        ours = lim.behaviour.action_probabilities(h.label)
        for a in h.actions:
            assert abs(ours[a.label] - float(eq[a])) < 1e-6, (h.label, a.label)
        for x in h.members:                          # Gambit's beliefs at the end of its path
            theirs = float(eq.belief(x))
            node = next(n for n in tree.infoset(h.label).nodes if tree.node_kind(n) == "decision"
                        and _same_node(tree, n, x))
            assert abs(float(lim.assessment.beliefs[h.label][tree.node_name(node)]) - theirs) < 1e-6


def _same_node(tree, n, x) -> bool:
    """Our node ``n`` and Gambit's node ``x`` have the same path of action labels from the root."""
    labels = []
    while x.parent is not None:
        labels.append(x.prior_action.label)
        x = x.parent
    ours = []
    while n != 0:
        p = tree.parent(n)
        ours.append(tree.action_label(n))
        n = p
    return labels == ours


@pytest.mark.parametrize("name", ["horse", "beer-quiche"])
def test_every_path_point_solves_the_logit_equations_with_gambits_values(name, tmp_path):
    tree = GAMES[name]()
    g, _ = _gambit_limit(tree, tmp_path)
    path = agent_logit_path(tree)
    assert path.converged and path.lam[0] == 0 and path.lam[-1] > 10
    for k in range(1, len(path), 2):
        prof = g.mixed_behavior_profile()
        b = path.profile(k)
        for h in g.infosets:
            for a, x in zip(h.actions, b.probabilities[tree.infoset(h.label).index], strict=True):
                prof[a] = float(x)
        for h in g.infosets:                           # b(h, a) proportional to exp(lambda * v(h, a))
            v = np.array([float(prof.action_value(a)) for a in h.actions])
            q = np.exp(path.lam[k] * (v - v.max()))
            assert np.allclose(q / q.sum(), [float(prof[a]) for a in h.actions], atol=1e-9)


def test_horse_limit_and_refinements():
    table = refinement_table(horse())
    lim = table.selected
    # the limit: 1 plays C, 3 plays R, and 2 -- indifferent at the limit -- mixes 1/2 : 1/2 (the logit
    # value of d exceeds c's by 3 P(L), which vanishes faster than 1/lambda); 3's beliefs: C/d for sure
    assert (lim.behaviour.action("1@root"), lim.behaviour.action("I3")) == ("C", "R")
    assert lim.behaviour.exact_probabilities[1] == (F(1, 2), F(1, 2))
    assert lim.assessment.beliefs["I3"] == {"C/d": 1, "D": 0}
    rows = {tuple(tuple(v) for v in r.assessment.behaviour.exact_probabilities): r.meets for r in table}
    cRR = ((1, 0), (1, 0), (0, 1))
    dRR = ((1, 0), (0, 1), (0, 1))
    DcL = ((0, 1), (1, 0), (1, 0))
    # (C, d, R) is the perfect equilibrium: d weakly dominates c for 2 (4 or 1 against 1 after C)
    assert rows[dRR] == {"sequential": True, "perfect": True, "quasi-perfect": None, "intuitive": None,
                         "qre-limit": False}
    assert rows[cRR]["sequential"] and rows[cRR]["perfect"] is False
    # (D, c, L): Nash, not sequential (2 would play d against L), not perfect, not the selection
    assert rows[DcL] == {"sequential": False, "perfect": False, "quasi-perfect": None, "intuitive": None,
                         "qre-limit": False}
    assert [r.meets["qre-limit"] for r in table].count(True) == 1
    assert any("two-player trees only" in n for n in table.notes)


def test_beer_quiche_limit_is_the_intuitive_pooling_on_beer():
    table = refinement_table(beer_quiche())
    lim = table.selected
    assert {lim.behaviour.action(h) for h in ("Sender:weak", "Sender:strong")} == {"beer"}
    assert lim.behaviour.action("Receiver:beer") == "not" and lim.behaviour.action("Receiver:quiche") == "duel"
    # on the path Bayes gives the prior; off the path the QRE's beliefs put the quiche eater at weak
    assert lim.assessment.beliefs["Receiver:beer"] == {"weak/beer": F(1, 10), "strong/beer": F(9, 10)}
    assert lim.assessment.beliefs["Receiver:quiche"] == {"weak/quiche": 1, "strong/quiche": 0}
    selected = [r for r in table if r.meets["qre-limit"]]
    assert len(selected) == 1
    assert selected[0].meets == {"sequential": True, "perfect": True, "quasi-perfect": None, "intuitive": True,
                                 "qre-limit": True}
    quiche = [r for r in table if r.assessment.behaviour.action("Sender:weak") == "quiche"]
    assert quiche and all(r.meets["intuitive"] is False and r.meets["sequential"] for r in quiche)
    assert table.meeting("quasi-perfect") and all(r.meets["perfect"] for r in table.meeting("quasi-perfect"))
    data = table.to_dict()
    assert data["refinements"] == list(REFINEMENT_COLUMNS) and len(data["equilibria"]) == len(table)


def test_limit_of_a_float_tree_and_errors():
    tree = bg.ExtensiveGame(
        Decision("1", {"C": Decision("2", {"c": Terminal(1.0, 1.0, 1.0),
                                           "d": Decision("3", {"L": Terminal(4.0, 4.0, 0.0),
                                                               "R": Terminal(1.0, 1.0, 1.0)}, infoset="I3")}),
                       "D": Decision("3", {"L": Terminal(3.0, 3.0, 2.1), "R": Terminal(0.0, 0.0, 0.0)},
                                     infoset="I3")}), players=("1", "2", "3"))
    assert not tree.is_exact
    lim = qre_limit(tree)
    assert not lim.exact and lim.assessment.satisfied and "floating-point end point" in " ".join(lim.notes)
    assert (lim.behaviour.action("1@root"), lim.behaviour.action("I3")) == ("C", "R")
    table = refinement_table(tree)
    assert all(r.meets["perfect"] is None for r in table) and any("rational payoffs" in n for n in table.notes)
    with pytest.raises(GameError):
        qre_limit(bg.Game([[[1, 0], [0, 1]], [[0, 1], [1, 0]]]))          # a normal-form game
    with pytest.raises(GameError):
        agent_logit_path(tree, lambda_max=-1)
    with pytest.raises(GameError):
        refinement_table(horse()).meeting("proper")


GAMBIT_GAMES = Path(os.environ.get("GAMBIT_GAMES", "gambit-games-not-given"))


@pytest.mark.skipif(not GAMBIT_GAMES.is_dir(), reason="set GAMBIT_GAMES to the folder of Gambit's .efg files")
@pytest.mark.parametrize("name", ["cent2.efg", "cent3.efg", "bayes1a.efg", "bhg1.efg"])
def test_gambit_corpus_trees_reach_gambits_outcome_and_verify_exactly(name):
    """Centipedes with altruists (McKelvey and Palfrey 1992) and small Bayesian games: the outcome of our
    limit is the one pygambit's logit_solve ends at, and the limit verifies exactly (on cent3 only once
    read within 1e-5: its mixed limit converges like 1/lambda)."""
    gbt = pytest.importorskip("pygambit")
    path = GAMBIT_GAMES / name
    src = bg.read_game(path)
    tree = getattr(src, "game", src)
    lim = qre_limit(tree)
    assert lim.exact and lim.assessment.satisfied
    gg = gbt.read_efg(str(path))
    eq = gbt.nash.logit_solve(gg).equilibria[0]

    def leaves(n):
        return [n] if not n.children else [z for c in n.children for z in leaves(c)]

    theirs = [float(eq.realiz_prob(z)) for z in leaves(gg.root)]
    reach = lim.behaviour.reach_probabilities(exact=True)
    assert np.allclose([float(reach[z]) for z in tree.leaves], theirs, atol=1e-5)
