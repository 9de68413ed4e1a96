"""Normal-form perfect and quasi-perfect equilibria: textbook games with the answers derived by hand.

Oracles: van Damme (1991, thm. 3.2.2; a two-player equilibrium is perfect iff both strategies are
undominated), checked with the float LP of :func:`bargain.analysis.stability.is_perfect` on the
reduced normal form; sequentiality of every quasi-perfect limit by the Kreps-Wilson assessment code.
"""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.stability import is_perfect
from bargain.errors import GameError
from bargain.model.extensive import Decision, Terminal
from bargain.solvers.sequence_form.perturbed import perturbed_equilibria


def horse() -> bg.ExtensiveGame:
    """Selten's horse with the payoffs of the sequential tests."""
    return bg.ExtensiveGame(
        Decision("1", {"C": Decision("2", {"c": Terminal(1, 1, 1),
                                           "d": Decision("3", {"L": Terminal(4, 4, 0), "R": Terminal(1, 1, 1)},
                                                         infoset="I3")}),
                       "D": Decision("3", {"L": Terminal(3, 3, 2), "R": Terminal(0, 0, 0)}, infoset="I3")}),
        players=("1", "2", "3"), title="Selten's horse")


def entry() -> bg.ExtensiveGame:
    """Entry deterrence: Out (0, 2); In then Fight (-1, -1) or Accommodate (1, 1)."""
    return bg.ExtensiveGame(Decision("E", {"Out": Terminal(0, 2),
                                           "In": Decision("I", {"Fight": Terminal(-1, -1), "Acc": Terminal(1, 1)})}),
                            players=("E", "I"))


def out_or_subgame() -> bg.ExtensiveGame:
    """1 takes Out (5/2, 2) or enters a simultaneous subgame: 1 picks a/b, 2 picks l/r without seeing it.

    In the subgame a strictly dominates b for 1 (3 > 0, 2 > 1), and 2's best reply to a is l, so the
    only subgame-perfect equilibrium is (In, a, l).  (Out, r) is Nash (In gives at most 2 < 5/2)
    and normal-form perfect: in the reduced normal form (Out | In-a | In-b against l | r), Out is
    undominated (In-a gives 3 > 5/2 against l but 2 < 5/2 against r; every mixture of In-a and
    In-b gives at most 2 against r) and r is undominated (r beats l against In-b).  It is not
    sequential, so not quasi-perfect.
    """
    sub = {"a": Decision("2", {"l": Terminal(3, 1), "r": Terminal(2, 0)}, infoset="J"),
           "b": Decision("2", {"l": Terminal(0, 0), "r": Terminal(1, 1)}, infoset="J")}
    return bg.ExtensiveGame(Decision("1", {"Out": Terminal(F(5, 2), 2), "In": Decision("1", sub, infoset="K")}),
                            players=("1", "2"))


def _moves(a, *sets):
    return tuple(a.behaviour.action(h) if a.behaviour.is_pure else None for h in sets)


def _oracle_perfect(tree, behaviour) -> bool:
    mixed = tree.mixed_from_behaviour(behaviour, exact=True)
    return is_perfect(tree.reduced_normal_form(exact=False), tuple(np.array([float(v) for v in m]) for m in mixed))


def test_selten_horse_perfect_equilibrium():
    """Any tremble of 3 to L makes d strictly better than c for 2 (4 P(L) + P(R) > 1), so 2 plays d;
    then 3's set is reached through C/d with probability ~1 and R is best; 1 plays C.  c is weakly
    dominated by d, so every equilibrium where 2 gives c positive weight is not perfect."""
    res = bg.sequential_equilibria(horse(), refinement="perfect")
    assert [_moves(a, "1@root", "2@C", "I3") for a in res] == [("C", "d", "R")]
    assert res[0].satisfied and res[0].refinement == "perfect"
    assert res.rejected and all(not a.satisfied for a in res.rejected)
    assert all("weakly dominated" in a.reasons[0] for a in res.rejected)
    assert ("C", "c", "R") in [_moves(a, "1@root", "2@C", "I3") for a in res.rejected]
    assert ("D", "c", "L") in [_moves(a, "1@root", "2@C", "I3") for a in res.rejected]


def test_nash_equilibrium_that_is_not_normal_form_perfect():
    """(Out, Fight) is Nash (Out's 0 beats In-Fight's -1) but Fight is weakly dominated by Acc."""
    tree = entry()
    nash = bg.solve(tree)
    assert {(e.behaviour.action("E@root"), e.behaviour.action("I@In")) for e in nash if e.is_pure} >= {
        ("Out", "Fight"), ("In", "Acc")}
    res = bg.sequential_equilibria(tree, refinement="perfect")
    assert [_moves(a, "E@root", "I@In") for a in res] == [("In", "Acc")]
    assert all("Acc" in a.reasons[0] and "weakly dominated" in a.reasons[0] for a in res.rejected)
    assert any(_moves(a, "E@root", "I@In") == ("Out", "Fight") for a in res.rejected)
    for a in res:
        assert _oracle_perfect(tree, a.behaviour)
    for a in res.rejected:
        assert not _oracle_perfect(tree, a.behaviour)
    lim = perturbed_equilibria(tree, "perfect")
    assert [(e.behaviour.action("E@root"), e.behaviour.action("I@In")) for e in lim] == [("In", "Acc")]
    assert lim[0].exact_payoffs == (1, 1)


def test_quasi_perfect_is_finer_than_normal_form_perfect():
    tree = out_or_subgame()
    perfect = bg.sequential_equilibria(tree, refinement="perfect")
    qp = bg.sequential_equilibria(tree, refinement="quasi-perfect")
    # all three extreme Nash equilibria are normal-form perfect (checked against the LP oracle) ...
    assert len(perfect) == 3 and not perfect.rejected
    assert all(_oracle_perfect(tree, a.behaviour) for a in perfect)
    assert ("Out", "a", "r") in [_moves(a, "1@root", "K", "J") for a in perfect]
    # ... but only (In, a, l) is quasi-perfect; the Out equilibria have no sequential assessment
    assert [_moves(a, "1@root", "K", "J") for a in qp] == [("In", "a", "l")]
    assert qp[0].beliefs["J"] == {"In/a": 1, "In/b": 0}
    assert len(qp.rejected) == 2 and all("no sequential assessment" in a.reasons[0] for a in qp.rejected)


def test_quasi_perfect_limit_is_sequential_with_limit_beliefs_off_the_path():
    """The limit beliefs at an unreached set come from the ε^|σ| trembles.

    1: Out (1, 1), or L or R into 2's set {L, R}; 2: x or y.  Payoffs L-x (0, 2), L-y (0, 0), R-x (0, 0),
    R-y (0, 1).  Out is the unique best for 1; 2's set is off the path, and with 1's trembles L and
    R both of order ε the limit belief is 1/2 : 1/2, so x (2 * 1/2 > 1 * 1/2) is the quasi-perfect reply.
    """
    tree = bg.ExtensiveGame(
        Decision("1", {"Out": Terminal(1, 1),
                       "L": Decision("2", {"x": Terminal(0, 2), "y": Terminal(0, 0)}, infoset="S"),
                       "R": Decision("2", {"x": Terminal(0, 0), "y": Terminal(0, 1)}, infoset="S")}),
        players=("1", "2"))
    qp = bg.sequential_equilibria(tree, refinement="quasi-perfect")
    assert [_moves(a, "1@root", "S") for a in qp] == [("Out", "x")]
    assert qp[0].beliefs["S"] == {"L": F(1, 2), "R": F(1, 2)}
    assert bg.assess(qp[0].behaviour, "sequential").satisfied


def test_quasi_perfect_needs_two_players_and_rational_payoffs():
    with pytest.raises(GameError, match="two-player trees"):
        bg.sequential_equilibria(horse(), refinement="quasi-perfect")
    with pytest.raises(GameError, match="two-player tree"):
        perturbed_equilibria(horse(), "quasi-perfect")
    floats = bg.ExtensiveGame(Decision("1", {"a": Terminal(0.5, 1.0), "b": Terminal(0.25, 0.0)}), players=("1", "2"))
    with pytest.raises(GameError, match="exact arithmetic"):
        bg.sequential_equilibria(floats, refinement="perfect")
    with pytest.raises(GameError, match="unknown refinement"):
        bg.sequential_equilibria(entry(), refinement="proper")


def test_kuhn_poker_quasi_perfect_value():
    """Kuhn poker: every equilibrium has value -1/18 for player 1; the quasi-perfect limit too."""
    from tests.solvers.sequence_form.trees import kuhn_poker

    res = perturbed_equilibria(kuhn_poker(), "quasi-perfect", starts=1)
    assert res[0].exact_payoffs[0] == F(-1, 18)
    assert bg.assess(res[0].behaviour, "sequential").satisfied
