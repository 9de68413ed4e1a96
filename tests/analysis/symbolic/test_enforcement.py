"""enforcement_cycle in closed form: its punishment length (an integer ceiling of a logarithm) is no expression,
so it is solved through its module's stand-in, with x = 1 - delta^T a parameter; its payoffs are rational."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import bargain as bg
from bargain.analysis.symbolic.roots import RealRoot
from bargain.analysis.thresholds import all_thresholds
from bargain.model.loader import defining_module
from tests.analysis.symbolic.regime_checks import equilibria_in_their_regimes, random_points

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def solved():
    model = bg.load_game("enforcement_cycle")
    return model, defining_module(model), bg.symbolic.formulas(model)


def test_the_construct_is_named_and_the_stand_in_solved(solved):
    _, module, sol = solved
    assert sol.game.name == module.SYMBOLIC.name and "punishment" in sol.game.symbols
    note = sol.notes[0]
    assert "cannot be traced symbolically" in note and "ceiling of a logarithm" in note
    assert "punishment" in note and "free symbol" in note
    assert any("rational in the parameters" in n for n in sol.notes)
    assert len(sol) >= 3 and not sol.unverified
    assert all(f.verified for f in sol)


def test_the_stand_in_is_the_model_where_x_is_the_models_punishment(solved):
    """At the defaults (no trigger deters: T infinite, x = 1) and at delta = 0.97 (T finite), the stand-in with
    x = 1 - delta^T from the model's own punishment_length is the model's game."""
    model, module, _ = solved
    for values in ({}, {"delta": 0.97}):
        p = module._point(values)
        t = module.punishment_length(p)
        x = 1.0 if t == math.inf else 1 - p.delta ** int(t)
        assert np.allclose(module.SYMBOLIC.game(**values, punishment=x).payoffs, model.game(**values).payoffs,
                           rtol=0, atol=1e-12)
    assert module.cycle(delta=0.97)["sustained"]


def test_equilibria_at_random_points_have_their_formula(solved):
    """Independent of the built-in check: bg.solve's equilibria of the stand-in at random points of its box each
    have a verified formula on their support whose regime holds there."""
    _, module, sol = solved
    points = random_points(module.SYMBOLIC, 5, seed=3)
    assert equilibria_in_their_regimes(module.SYMBOLIC, sol, points, lambda eq: False) >= 6


def test_hand_checked_stage_equilibrium_payoff(solved):
    """By hand (model card): in (Always punish, Ease) every round is the stage's (Punish, Ease): China pays the
    designations, sanction_cost, and the collapse risk of the cut the designations alone make, refugee_risk *
    sanction_reach * (1 - illicit_leakage) with illicit_leakage fixed at 0.4, times collapse_cost."""
    _, _, sol = solved
    s = sol.game.symbols
    f = sol.find("US:Always punish | China:Ease")
    want = -s["sanction_cost"] - s["refugee_risk"] * s["sanction_reach"] * sp.Rational(3, 5) * s["collapse_cost"]
    assert sp.simplify(f.payoffs[1] - want) == 0


def test_delta_star_is_a_root_of_the_quartic_where_china_stops_easing(solved):
    """The patience at which the trigger equilibria appear (delta* ~ 0.9308, the least delta at which even a
    punishment for ever deters) is where a best-response condition of the stand-in, of degree 4 in delta, binds:
    a root of a polynomial with no formula in radicals used, given exactly as an isolated real root (CRootOf) at
    the defaults.  It matches the module's own bisection on the model and bg.thresholds to 1e-12."""
    model, module, sol = solved
    got = bg.symbolic.thresholds(sol, "delta")
    assert got, "no closed-form threshold in delta"
    numeric = [t.value for t in all_thresholds(model, fixed=None)["delta"]]
    assert len(numeric) == 1
    close = [t for t in got if abs(t.value - numeric[0]) <= 1e-12]
    assert close and abs(close[0].value - module.thresholds()["delta_star"]) <= 1e-9
    t = close[0]
    assert isinstance(t.expression, RealRoot) and isinstance(t.exact, sp.CRootOf)
    poly, x, _ = t.expression.args
    assert x == sol.game.symbols["delta"] and sp.Poly(poly, x).degree() == 4
    at = {s: sp.Rational(repr(float(p.default))) for n, p in sol.game.parameters.items()
          if (s := sol.game.symbols[n]) != x}
    assert abs(float(poly.xreplace(at).subs(x, t.exact).evalf(50))) < 1e-30
    assert "root #" in t.text and r"\operatorname{root}" in t.latex
