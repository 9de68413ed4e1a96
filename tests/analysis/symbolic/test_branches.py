"""Payoffs that compare parameters: split into the sides of each comparison, each side solved, the regimes
carrying their side's inequality (a small game worked by hand, the refusals, and linkage_bargain's branches)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import bargain as bg
from bargain import Model, Parameter
from games._shared import indicator


def _bet() -> Model:
    """Row takes Safe (pays ``r``) or Bet, which pays ``b`` only if ``b`` reaches the bar ``t`` (else 0); Column
    has one move.  By hand: Bet is the equilibrium iff ``b >= t`` and ``b >= r``; Safe iff ``b < t`` or ``r >= b``."""
    prms = [Parameter("r", 0.5, (0.1, 1.0)), Parameter("b", 0.6, (0.0, 1.0)), Parameter("t", 0.4, (0.0, 1.0))]

    def payoffs(p):
        return {("Safe", "Wait"): (p.r, 0), ("Bet", "Wait"): (p.b * indicator(p.b >= p.t), 0)}

    return Model("bet", prms, payoffs, players=("Row", "Column"), strategies=(("Safe", "Bet"), ("Wait",)))


def test_indicator_is_one_times_the_comparison_on_numbers():
    x = np.array([0.1, 0.5, 0.9])
    assert np.array_equal(indicator(x <= 0.5), 1 * (x <= 0.5))
    assert indicator(0.2 <= 0.3) == 1 and indicator(0.4 <= 0.3) == 0
    a, b = sp.symbols("a b", real=True)
    assert indicator(a <= b) == sp.Piecewise((1, a <= b), (0, True))


def test_a_branching_game_worked_by_hand():
    model = _bet()
    sol = bg.symbolic.formulas(model)
    assert not sol.unverified and any("sides of the comparisons" in n for n in sol.notes)
    r, b, t = (sol.game.symbols[n] for n in "rbt")
    bet = [f for f in sol if f.label == "Row:Bet | Column:Wait"]
    safe = [f for f in sol if f.label == "Row:Safe | Column:Wait"]
    assert len(bet) == 1 and len(safe) == 2              # Safe on both sides of b >= t, Bet on one
    assert sp.simplify(bet[0].payoff("Row") - b) == 0
    rng = np.random.default_rng(4)
    for _ in range(60):
        pt = {r: 0.1 + 0.9 * rng.random(), b: rng.random(), t: rng.random()}

        def holds(formulas, pt=pt):
            return any(all(bool(q.relation.xreplace(pt)) for q in reg.inequalities) for f in formulas
                       for reg in f.regimes)

        assert holds(bet) == (pt[b] >= pt[t] and pt[b] >= pt[r])
        assert holds(safe) == (pt[b] < pt[t] or pt[r] >= pt[b])


def test_every_regime_names_its_side_of_the_comparison():
    sol = bg.symbolic.formulas(_bet())
    for f in sol:
        bindings = [q.binding for reg in f.regimes for q in reg.inequalities]
        assert any("the payoffs switch: " in x for x in bindings), f.label


def test_an_equality_of_parameters_is_refused():
    prms = [Parameter("a", 0.5, (0.0, 1.0))]

    def payoffs(p):
        return {("X", "Y"): (sp.Piecewise((1, sp.Eq(p.a, 1 / 2)), (0, True)), 0), ("Z", "Y"): (p.a, 0)}

    model = Model("eq", prms, payoffs, players=("A", "B"), strategies=(("X", "Z"), ("Y",)))
    with pytest.raises(bg.GameError, match="equality of parameters"):
        bg.symbolic.formulas(model)


@pytest.mark.slow
def test_linkage_bargain_regimes_lie_on_one_side_of_each_comparison():
    """linkage_bargain's North Korea tests iff the cut is within its resolve: each regime's side of the four
    comparisons (one per cut of the stances and postures) decides, at random points of it, whether a standing North
    Korea tests -- checked against the model's own payoffs, not the formulas."""
    model = bg.load_game("linkage_bargain")
    sol = bg.symbolic.formulas(model)
    assert not sol.unverified and len(sol) > 0
    rng = np.random.default_rng(8)
    names = list(sol.game.symbols)
    checked = 0
    for f in sol:
        for reg in f.regimes:
            members = reg.region.members
            k = int(members[rng.integers(members.size)])
            point = sol.samples.point(k)
            game = model.game(**point)
            prof = f.evaluate(**point)
            sub = {sol.game.symbols[n]: point[n] for n in names}
            assert all(bool(q.relation.xreplace(sub)) for q in reg.inequalities)
            # the formula's payoffs are the numeric game's expected payoffs at the formula's profile there
            for i in range(game.n_players):
                want = float(np.einsum("ab,a,b->", game.payoffs[i], *prof))
                assert abs(float(f.payoff(i).xreplace(sub)) - want) <= 1e-9 * max(1.0, abs(want))
            checked += 1
    assert checked == sol.n_regimes
