"""North Korea's outside option: Russia fills the gap China's enforcement leaves."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg

MODEL = bg.load_game("russia_channel")
FREEZE = {("Freeze", "Expand")}

#: parameter -> (value inside the bounds where the equilibrium set differs, pure equilibria there)
THRESHOLDS = {
    # little Chinese enforcement leaves Russia little trade to capture: it holds back, Pyongyang tests
    "china_enforcement": (0.4, {("Test", "Hold back")}),
    # a thinner outside option: even with Russia expanding the squeeze bites and North Korea freezes
    "russia_substitution": (0.1, FREEZE),
    "illicit_leakage": (0.25, FREEZE),
    "lifeline_value": (10.0, FREEZE),
    "deterrent_value": (3.0, FREEZE),
    # Russia not keen to prop up a tester: only a mixed equilibrium (the chase of Test and Hold back)
    "russia_trade_gain": (1.2, set()),
    "russia_isolation_cost": (3.5, set()),
}


def test_defaults_reproduce_the_article(eqset, pure) -> None:
    """Even with full Chinese enforcement, Russia expands and North Korea keeps testing."""
    game = MODEL.game()
    assert MODEL.defaults["china_enforcement"] == 1.0
    assert pure(game) == {("Test", "Expand")}
    assert eqset(game) == {((1.0, 0.0), (1.0, 0.0))}


def test_parameters() -> None:
    assert set(MODEL.parameters) == set(THRESHOLDS)


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_every_parameter_has_a_threshold_inside_its_bounds(name: str, assert_threshold) -> None:
    assert_threshold(MODEL, name, *THRESHOLDS[name])


def test_russian_trade_blunts_enforcement() -> None:
    """North Korea's payoff from testing rises with Russian substitution (Expand column)."""
    rho = np.linspace(0, 1, 51)
    u = MODEL.payoffs(russia_substitution=rho)
    test_expand = u[:, 0, 0, 0]
    assert np.all(np.diff(test_expand) > 0)
    np.testing.assert_allclose(test_expand, 4 - 8 * (1 - rho) * 0.6)
    # without Russia (Hold back) the substitution is irrelevant
    np.testing.assert_allclose(u[:, 0, 0, 1], 4 - 8 * 0.6)


def test_mixed_equilibrium_in_closed_form() -> None:
    """When Russia holds back from a tester: DPRK tests with probability gain/cost, exactly."""
    game = MODEL.game(exact=True, russia_trade_gain=Fraction(6, 5))
    eq, = bg.solve(game)
    x = Fraction(6, 5) / Fraction(3, 2)                   # Russia indifferent: G e = I x
    # DPRK indifferent: D = V e (1 - lam) (1 - rho y)  =>  y = (1 - D / (V (1 - lam))) / rho
    y = (1 - Fraction(4) / (8 * Fraction(3, 5))) / Fraction(3, 10)
    assert eq.exact_profile == ((x, 1 - x), (y, 1 - y))
