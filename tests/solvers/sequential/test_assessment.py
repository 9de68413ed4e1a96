"""Assessments on game trees: Selten's horse (Selten 1975; Kreps and Wilson 1982), values by hand."""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.extensive import Chance, Decision, Terminal
from bargain.solvers.sequential.beliefs import bayes_beliefs, is_consistent


def horse() -> bg.ExtensiveGame:
    """Player 1: C or D; after C player 2: c (end) or d; player 3 moves at {C/d, D} not knowing which."""
    return bg.ExtensiveGame(
        Decision("1", {"C": Decision("2", {"c": Terminal(1, 1, 1),
                                           "d": Decision("3", {"L": Terminal(4, 4, 0), "R": Terminal(1, 1, 1)},
                                                         infoset="I3")}),
                       "D": Decision("3", {"L": Terminal(3, 3, 2), "R": Terminal(0, 0, 0)}, infoset="I3")}),
        players=("1", "2", "3"), title="Selten's horse")


def test_selten_horse_sequential_equilibrium_and_its_beliefs():
    res = bg.sequential_equilibria(horse())
    g = res.game
    kept = {(a.behaviour.action("1@root"), a.behaviour.action("I3")) for a in res}
    # every sequential equilibrium has 1 playing C and 3 playing R (2 indifferent between c and d)
    assert kept == {("C", "R")}
    pure_c = [a for a in res if a.behaviour.is_pure and a.behaviour.action("2@C") == "c"]
    assert len(pure_c) == 1
    a = pure_c[0]
    assert a.satisfied and a.exact and "I3" not in a.on_path
    # off the path, R is optimal for 3 iff 2 mu(D) <= 1 - mu(D): mu(D) in [0, 1/3]
    assert a.belief_range("I3", "D") == (F(0), F(1, 3))
    assert a.belief_range("I3", "C/d") == (F(2, 3), F(1))
    mu = a.beliefs["I3"]
    assert 0 <= mu["D"] <= F(1, 3) and mu["D"] + mu["C/d"] == 1
    # the chosen beliefs are consistent (Kreps-Wilson) and a belief above 1/3 would not support R
    beh = a.behaviour
    k = g.infoset("I3").index
    assert is_consistent(beh, {**bayes_beliefs(beh, exact=True), k: (mu["C/d"], mu["D"]),
                               g.infoset("2@C").index: (F(1),)})


def test_selten_horse_nash_equilibrium_that_is_not_sequential_is_flagged():
    res = bg.sequential_equilibria(horse())
    flagged = [a for a in res.rejected if a.behaviour.is_pure]
    assert len(flagged) == 1
    a = flagged[0]
    assert (a.behaviour.action("1@root"), a.behaviour.action("2@C"), a.behaviour.action("I3")) == ("D", "c", "L")
    assert not a.satisfied
    # 2's node is off the path; given L, d gives 4 > 1
    assert any("2@C" in r and "c optimal" in r for r in a.reasons)
    assert a.beliefs["I3"] == {"C/d": 0, "D": 1}          # Bayes on the path
    # with refinement=None the same equilibrium is kept and marked
    everything = bg.sequential_equilibria(horse(), refinement=None)
    assert len(everything) == len(res) + len(res.rejected)
    assert sum(not x.satisfied for x in everything) == len(res.rejected)
    assert "rejected" in res.table() and res.to_dict()["rejected"][0]["satisfied"] is False


def test_consistency_is_more_than_any_belief():
    """A deviation followed by chance: consistency fixes the ratio of the two nodes it leads to at the
    chance odds; a weak PBE (no subgame here, the set J spans both deviations) may believe anything."""
    def J(a: tuple, b: tuple) -> Decision:
        return Decision("2", {"a": Terminal(*a), "b": Terminal(*b)}, infoset="J")

    tree = bg.ExtensiveGame(
        Decision("1", {"Out": Terminal(1, 0),
                       "A": Chance({"h": (F(1, 4), J((0, 1), (0, 0))), "t": (F(3, 4), J((0, 0), (0, 3)))}),
                       "B": J((0, 0), (0, 1))}),
        players=("1", "2"))
    b = tree.behaviour({"1@root": "Out", "J": "a"})
    # a is optimal iff mu(A/h) >= 3 mu(A/t) + mu(B); consistency forces mu(A/h) : mu(A/t) = 1 : 3
    seq = bg.assess(b, "sequential")
    assert not seq.satisfied and seq.beliefs["J"] is None
    pbe = bg.assess(b, "pbe")
    assert pbe.satisfied
    mu = pbe.beliefs["J"]
    assert mu["A/h"] >= 3 * mu["A/t"] + mu["B"]
    assert pbe.belief_range("J", "A/h") == (F(1, 2), F(1))         # vertices (1,0,0), (3/4,1/4,0), (1/2,0,1/2)
    assert pbe.belief_range("J", "B") == (F(0), F(1, 2))
    b2 = tree.behaviour({"1@root": "Out", "J": "b"})
    s2 = bg.assess(b2, "sequential")
    assert s2.satisfied
    mu = s2.beliefs["J"]
    assert mu["A/t"] == 3 * mu["A/h"]
    with pytest.raises(GameError, match="unknown refinement"):
        bg.assess(b2, "perfect-ish")
