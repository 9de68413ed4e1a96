"""North Korea's outside option: Russia fills the gap China's enforcement leaves -- when it pays."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg

MODEL = bg.load_game("russia_channel")

# parameter -> (a value inside its bounds, information set whose SPE action changes, new action)
THRESHOLDS = {
    # less enforcement, a bigger Russian share, a smaller lifeline, a stronger will: a Russian-backed
    # North Korea would test
    "china_enforcement": (0.475, "DPRK@Expand", "Test"),
    "lifeline_value": (9.45, "DPRK@Expand", "Test"),
    "deterrent_value": (5.05, "DPRK@Expand", "Test"),
    # Russia replaces enough that North Korea tests and the trade it takes over pays for its isolation
    "russia_substitution": (0.445, "Russia@root", "Expand"),
}


def test_parameters_and_shape() -> None:
    assert set(MODEL.parameters) == set(THRESHOLDS) | {"russia_trade_gain", "russia_isolation_cost"}
    assert MODEL.players == ("DPRK", "Russia") and MODEL.shape == (4, 2)


def test_defaults_full_enforcement_works() -> None:
    """China enforcing fully: Russia holds back (it would fill no gap worth its isolation) and
    North Korea freezes -- it would freeze even with Russia expanding."""
    (spe,) = bg.subgame_perfect_equilibria(MODEL.tree(exact=True))
    assert spe.plan("Russia") == {"Russia@root": "Hold back"}
    assert spe.plan("DPRK") == {"DPRK@Expand": "Freeze", "DPRK@Hold back": "Freeze"}
    assert spe.exact_payoffs == (0, 0)


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_each_parameter_changes_the_spe_inside_its_bounds(name: str, assert_spe_threshold) -> None:
    assert_spe_threshold(MODEL, name, *THRESHOLDS[name])


def test_payoffs_by_hand() -> None:
    """Russia pays its isolation at once and earns only the trade it takes over from a tester."""
    tree = MODEL.tree(exact=True, russia_substitution=Fraction(1, 2))
    leaf = {tree.node_name(z): tree.exact_leaf_payoffs[k] for k, z in enumerate(tree.leaves)}
    e, rho = Fraction(3, 5), Fraction(1, 2)
    assert tuple(leaf["Expand/Test"]) == (4 - 12 * e * (1 - rho), 5 * e * rho - 1)
    assert tuple(leaf["Expand/Freeze"]) == (0, -1)
    assert tuple(leaf["Hold back/Test"]) == (4 - 12 * e, 0)
    assert tuple(leaf["Hold back/Freeze"]) == (0, 0)


def test_russian_trade_blunts_enforcement() -> None:
    """North Korea's payoff from testing after Russia expands rises with Russian substitution."""
    rho = np.linspace(0, 1, 51)
    u, _ = MODEL.leaf_values(russia_substitution=rho)
    test_expand = u[:, 0, 0]                      # leaf Expand/Test, DPRK
    np.testing.assert_allclose(test_expand, 4 - 12 * 0.6 * (1 - rho))
    np.testing.assert_allclose(u[:, 2, 0], 4 - 12 * 0.6)       # Hold back/Test: Russia irrelevant


@pytest.mark.parametrize("values", [{}, {"russia_substitution": 0.445}, {"china_enforcement": 0.475}])
def test_reduced_normal_form_matches_gambit(values) -> None:
    gbt = pytest.importorskip("pygambit")
    g = MODEL.game(exact=True, **values)
    res = gbt.nash.enummixed_solve(gbt.Game.from_arrays(*g.exact_payoffs), rational=True)
    theirs = {tuple(tuple(Fraction(str(eq[s])) for s in pl.strategies) for pl in res.game.players)
              for eq in res.equilibria}
    assert {eq.exact_profile for eq in bg.solve(g)} == theirs
    (spe,) = bg.subgame_perfect_equilibria(MODEL.tree(exact=True, **values))
    assert spe.normal_form_equilibrium().exact_profile in theirs
