"""China and North Korea alone: the collapse risk outweighs a real squeeze, until the thresholds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg

MODEL = bg.load_game("buffer_state")

# parameter -> (a value inside its bounds, information set whose SPE action changes, new action)
THRESHOLDS = {
    # collapse dearer or likelier, credit smaller, optics dearer: China sustains
    "collapse_cost": (25.8, "China@root", "Sustain"),
    "refugee_risk": (0.805, "China@root", "Sustain"),
    "cooperation_value": (1.85, "China@root", "Sustain"),
    "optics_share": (0.3225, "China@root", "Sustain"),
    "optics_credit": (0.3725, "China@root", "Sustain"),
    # a milder squeeze, a bigger Russian lifeline, a smaller stake: a squeeze would not stop the tests
    "squeeze_intensity": (0.475, "DPRK@Squeeze/Holds", "Provoke"),
    "russia_substitution": (0.61, "DPRK@Squeeze/Holds", "Provoke"),
    "lifeline_value": (6.675, "DPRK@Squeeze/Holds", "Provoke"),
    # a North Korea that wants the deterrent little restrains itself even against optics
    "deterrent_value": (1.65, "DPRK@Optics/Holds", "Restrain"),
}


def test_parameters_and_shape() -> None:
    assert set(MODEL.parameters) == set(THRESHOLDS)
    assert MODEL.players == ("China", "DPRK") and MODEL.shape == (3, 8)
    assert MODEL.strategies[0] == ("Squeeze", "Optics", "Sustain")


def test_defaults_reproduce_the_article() -> None:
    """China enforces for optics; North Korea provokes -- and would restrain itself if squeezed."""
    (spe,) = bg.subgame_perfect_equilibria(MODEL.tree(exact=True))
    assert spe.plan("China") == {"China@root": "Optics"}
    assert spe.plan("DPRK") == {"DPRK@Squeeze/Holds": "Restrain", "DPRK@Optics/Holds": "Provoke",
                                "DPRK@Sustain": "Provoke"}
    # by hand: optics cuts 0.2 * 0.7 = 7/50 of the lifeline, collapses with probability 7/100
    q, cut = Fraction(7, 100), Fraction(7, 50)
    china = Fraction(3, 5) * 3 - q * 16
    dprk = -q * 12 + (1 - q) * (4 - 12 * cut)
    assert spe.exact_payoffs == (china, dprk)


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_each_parameter_changes_the_spe_inside_its_bounds(name: str, assert_spe_threshold) -> None:
    assert_spe_threshold(MODEL, name, *THRESHOLDS[name])


def test_collapse_risk_rises_with_the_squeeze() -> None:
    """China's expected loss from a squeeze grows with its intensity (one batch of trees)."""
    s = np.linspace(0, 1, 101)
    _, probs = MODEL.leaf_values(squeeze_intensity=s, cooperation_value=0.0)
    collapse = probs[0][:, 0]                     # the first chance node follows the squeeze
    np.testing.assert_allclose(collapse, 0.5 * 0.7 * s)
    assert np.all(np.diff(collapse) > 0)


@pytest.mark.parametrize("values", [{}, {"lifeline_value": 6.675}, {"collapse_cost": 25.8}])
def test_reduced_normal_form_matches_gambit(values) -> None:
    """Every equilibrium of the reduced normal form, exactly, against Gambit's enumeration."""
    gbt = pytest.importorskip("pygambit")
    g = MODEL.game(exact=True, **values)
    res = gbt.nash.enummixed_solve(gbt.Game.from_arrays(*g.exact_payoffs), rational=True)
    theirs = {tuple(tuple(Fraction(str(eq[s])) for s in pl.strategies) for pl in res.game.players)
              for eq in res.equilibria}
    ours = {eq.exact_profile for eq in bg.solve(g)}
    assert ours == theirs
    # the subgame-perfect profile is among them
    (spe,) = bg.subgame_perfect_equilibria(MODEL.tree(exact=True, **values))
    assert spe.normal_form_equilibrium().exact_profile in theirs
