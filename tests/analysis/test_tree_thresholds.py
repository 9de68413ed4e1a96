"""Thresholds of a tree's subgame-perfect equilibrium, against oracles that do not share its code.

* ``games.regional.thresholds()`` solves the regional game's three switches by hand-chosen
  subgame-perfect gains, each linear in one parameter (exact Fractions);
* backward induction on the exact (Fraction) tree just below and just above every event
  (:func:`bargain.solvers.backward_induction.backward_induction`, one tree at a time, not the
  batched pass the thresholds use);
* a brute-force fine grid of single-tree solves;
* small trees whose thresholds are known by hand: ``t = 2`` (affine) and ``t = sqrt(1/2)`` (a
  chance probability ``t^2``, so no Fraction).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.thresholds import choose_concept, thresholds
from bargain.model.extensive import Chance, Decision, ExtensiveModel, Terminal
from bargain.solvers.backward_induction import backward_induction
from games import regional

REGIONAL = bg.load_game("regional")
CRISIS = bg.load_game("sequential_crisis")


def _plan(model, exact: bool = True, **values):
    """The unique SPE's move at every information set of the tree at ``values`` (exact arithmetic)."""
    spe = backward_induction(model.tree(exact=exact, **values), exact=exact)
    assert len(spe) == 1, values
    return {h.label: spe[0].behaviour.action(h.label) for h in model.reference_tree.infosets}


@pytest.mark.parametrize("values", [{}, {"status_cost": 12, "rok_status_cost": 4, "strike_success": 0.5}])
def test_regional_thresholds_equal_the_games_own_exact_thresholds(values):
    oracle = regional.thresholds(**values)
    fixed = {k: float(v) for k, v in values.items()}
    hazard = thresholds(REGIONAL, "breakout_hazard", fixed=fixed)
    assert hazard.concept == "subgame-perfect" and hazard.values == [oracle["hazard_star"]]
    assert all(isinstance(v, Fraction) for v in hazard.values)
    (ev,) = hazard
    assert ev.method == "closed form" and ev.why == ("US at root: Sanction -> Talk (on the path)",)
    assert ev.disappears == ("US:Sanction, China:Optics, DPRK:Test",) and ev.appears == ("US:Talk, DPRK:Freeze",)
    seoul = thresholds(REGIONAL, "seoul_exposure", fixed=fixed)
    assert seoul.values == [oracle["seoul_star"]]
    assert "ROK at Strike: Consent -> Veto (on the path)" in seoul[0].why
    # the strike beats talks below strike_cost_star only where South Korea consents (no sea of fire)
    strike = thresholds(REGIONAL, "strike_cost", fixed={**fixed, "seoul_exposure": 0.0})
    assert strike.values == [regional.thresholds(**values, seoul_exposure=0)["strike_cost_star"]]
    assert not len(thresholds(REGIONAL, "strike_cost", fixed=fixed))        # vetoed: the strike never matters


def _check_event(model, name, ev, spread):
    """The moves just below and above ``ev`` (exact trees) are the switches it names, and an exact value
    is a tie of the two moves there."""
    v = ev.exact if ev.exact is not None else Fraction(ev.value)
    below, above = _plan(model, **{name: v - spread}), _plan(model, **{name: v + spread})
    switched = {s.infoset: (s.before, s.after) for s in ev.crossings}
    assert {h for h in below if below[h] != above[h]} == set(switched), (name, ev.value)
    for h, (a, b) in switched.items():
        assert (below[h], above[h]) == (a, b)
    if ev.exact is not None:
        at = backward_induction(model.tree(exact=True, **{name: ev.exact}), exact=True)
        assert len(at) >= 2                                       # several SPE exactly at the threshold
        for h, (a, b) in switched.items():
            assert {e.behaviour.action(h) for e in at} >= {a, b}


@pytest.mark.parametrize("name", ["refugee_risk", "russia_substitution", "sanction_reach", "optics_share"])
def test_sequential_crisis_events_are_switches_of_exact_backward_induction(name):
    th = thresholds(CRISIS, name)
    assert len(th) >= 2 and th.concept == "subgame-perfect" and not th.dropped
    lo, hi = CRISIS.parameter(name).bounds
    for ev in th:
        # an exact value to the tie itself; a root of Brent's method to 1e-13, probed 1e-11 away
        _check_event(CRISIS, name, ev, Fraction(1, 10**9) if ev.exact is not None else Fraction(1, 10**11))
        assert lo < ev.value < hi
        if ev.method == "closed form":
            assert ev.exact is not None
    assert any(ev.method == "root-finding" and ev.exact is None for ev in th) is (name in ("russia_substitution",
                                                                                          "sanction_reach"))


@pytest.mark.parametrize("name", ["illicit_leakage", "deterrent_value"])
def test_sequential_crisis_events_match_a_brute_force_grid(name):
    """Single-tree solves on a fine grid: every change of plan between two points brackets an event,
    and every event lies in such a bracket."""
    lo, hi = CRISIS.parameter(name).bounds
    grid = lo + (hi - lo) * (np.arange(241) + 1 / math.pi) / 241          # off the (rational) thresholds
    plans = [_plan(CRISIS, exact=False, **{name: float(x)}) for x in grid]
    changes = [(grid[k], grid[k + 1]) for k in range(len(grid) - 1) if plans[k] != plans[k + 1]]
    values = [ev.value for ev in thresholds(CRISIS, name, n=31)]       # a coarser grid than the oracle's
    assert len(values) == len(changes)
    for v, (a, b) in zip(values, changes, strict=True):
        assert a < v < b


def _tie_tree(p):
    """A chooses L (t, 0) or R; after R, B is indifferent between l and r (both pay A 2)."""
    return Decision("A", {"L": Terminal(p.t, 0), "R": Decision("B", {"l": Terminal(2, 1), "r": Terminal(2, 1)})})


def _quadratic_tree(p):
    """A gets 1 with probability t^2 after L, 1/2 for sure after R: switches at t = sqrt(1/2)."""
    return Decision("A", {"R": Terminal(0.5, 0), "L": Chance({"win": (p.t * p.t, Terminal(1, 0)),
                                                              "lose": (1 - p.t * p.t, Terminal(0, 0))})})


def _model(name, fn, high):
    return ExtensiveModel(name, [bg.Parameter("t", 0.5, (0.0, high), unit="utils", meaning="t", source="test")],
                          fn, players=("A", "B"))


def test_a_tie_over_an_interval_is_reported_not_hidden():
    th = thresholds(_model("tie", _tie_tree, 4.0), "t", n=41)
    (ev,) = th
    assert ev.exact == 2 and ev.method == "closed form" and ev.why == ("A at root: R -> L (on the path)",)
    assert ev.before == ("A:R, B:l", "A:R, B:r")                   # both SPE below, not the first one only
    assert ev.after == ("A:L",)
    (note,) = th.notes
    assert "B at R is indifferent between l and r" in note and "[0, 4]" in note
    assert "indifferent" in th.table() and th.to_dict()["notes"] == [note]


def test_a_gap_that_is_not_affine_is_found_by_brent_to_1e_13():
    (ev,) = thresholds(_model("quad", _quadratic_tree, 1.0), "t", n=21)
    assert ev.exact is None and ev.method == "root-finding"
    assert abs(ev.value - math.sqrt(0.5)) <= 1e-13
    assert ev.why == ("A at root: R -> L (on the path)",)


def test_concepts_and_refusals():
    signalling = bg.load_game("will_or_capacity")                  # a tree with imperfect information
    concept, note = choose_concept(signalling)
    assert concept == "nash" and "imperfect information" in note and "mixed" in note
    with pytest.raises(bg.GameError, match="perfect information"):
        thresholds(signalling, "wartime_resolve" if "wartime_resolve" in signalling.parameters
                   else next(iter(signalling.parameters)), concept="subgame-perfect")
    with pytest.raises(bg.GameError, match="unknown equilibrium concept"):
        thresholds(CRISIS, "refugee_risk", concept="perfect")
    with pytest.raises(bg.GameError, match="need a game tree"):
        thresholds(bg.load_game("sanctions_triangle"), "refugee_risk", concept="spe")
    with pytest.raises(bg.GameError, match="62 strategies"):                 # the reduced normal form: too big
        thresholds(CRISIS, "refugee_risk", n=5, concept="nash")
    assert choose_concept(CRISIS) == ("subgame-perfect", None)


def test_an_end_of_the_range_is_dropped_with_a_note():
    th = thresholds(_model("tie", _tie_tree, 2.0), "t", n=11)        # the switch at t = 2 is the upper bound
    assert not len(th) and th.dropped and "end of the range" in th.dropped[0]
