"""China and North Korea alone: the buffer outweighs the squeeze, until the thresholds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg

MODEL = bg.load_game("buffer_state")
SUSTAIN_PROVOKE = {("Sustain", "Provoke")}
SQUEEZE_PROVOKE = {("Squeeze", "Provoke")}
COERCION = {("Sustain", "Provoke"), ("Squeeze", "Restrain")}

#: parameter -> (value inside the bounds where the equilibrium set differs, pure equilibria there)
THRESHOLDS = {
    # collapse is cheaper or less likely, or the squeeze milder: China squeezes (and North Korea still provokes)
    "buffer_value": (3.0, SQUEEZE_PROVOKE),
    "refugee_risk": (0.4, SQUEEZE_PROVOKE),
    "refugee_cost": (7.0, SQUEEZE_PROVOKE),
    "border_trade": (1.2, SQUEEZE_PROVOKE),
    "cooperation_value": (3.5, SQUEEZE_PROVOKE),
    "squeeze_intensity": (0.5, SQUEEZE_PROVOKE),
    # Russia and the smugglers make a squeeze safer for China (less collapse risk), so it squeezes
    "russia_substitution": (0.45, SQUEEZE_PROVOKE),
    "illicit_leakage": (0.5, SQUEEZE_PROVOKE),
    # a squeeze that bites harder than the deterrent is worth: coercion becomes an equilibrium
    "lifeline_value": (17.0, COERCION),
    "deterrent_value": (1.5, COERCION),
}


def test_defaults_reproduce_the_article(eqset, pure) -> None:
    """China keeps North Korea afloat; North Korea keeps provoking."""
    game = MODEL.game()
    assert pure(game) == SUSTAIN_PROVOKE
    assert eqset(game) == {((0.0, 1.0), (1.0, 0.0))}


def test_parameters() -> None:
    assert set(MODEL.parameters) == set(THRESHOLDS)
    assert MODEL.players == ("China", "DPRK") and MODEL.shape == (2, 2)


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_every_parameter_has_a_threshold_inside_its_bounds(name: str, assert_threshold) -> None:
    assert_threshold(MODEL, name, *THRESHOLDS[name])


def test_collapse_risk_rises_with_the_squeeze() -> None:
    """China's expected collapse loss at (Squeeze, Provoke) grows with the squeeze intensity."""
    s = np.linspace(0, 1, 101)
    u = MODEL.payoffs(squeeze_intensity=s, border_trade=0.0, cooperation_value=0.0)
    loss = -u[:, 0, 0, 0]                         # China's payoff at (Squeeze, Provoke)
    assert loss[0] == 0.0 and np.all(np.diff(loss) > 0)
    np.testing.assert_allclose(loss, 0.5 * 0.42 * s * 16)


def test_mixed_equilibrium_in_closed_form(eqset) -> None:
    """With a biting lifeline the mixed equilibrium makes each side indifferent (exact rationals):
    q(Squeeze) = D / (V cut),  p(Provoke) = C / (C - Q),  Q = China's payoff at (Squeeze, Provoke)."""
    game = MODEL.game(exact=True, lifeline_value=17)
    eqs = bg.solve(game)
    mixed = [eq for eq in eqs if not eq.is_pure]
    assert len(eqs) == 3 and len(mixed) == 1
    cut = Fraction(7, 10) * Fraction(6, 10) * Fraction(6, 10)
    q = Fraction(4) / (17 * cut)
    big_q = 3 - 2 * Fraction(6, 10) - Fraction(1, 2) * cut * 16
    p = Fraction(3) / (3 - big_q)
    assert mixed[0].exact_profile == ((q, 1 - q), (p, 1 - p))
