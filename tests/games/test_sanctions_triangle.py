"""The flagship sanctions triangle: the article's prediction at the defaults, and where it breaks."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.loader import game_module
from bargain.solvers.registry import choose_method, get_solver
from bargain.testing import assert_equilibria_equal

# the modules load_game() reads (by file path, under bargain._games), not second copies from sys.path
sanctions_triangle = game_module("sanctions_triangle")
_shared = importlib.import_module("bargain._games._shared")
SHARED_PARAMETERS, lifeline_cut = _shared.SHARED_PARAMETERS, _shared.lifeline_cut

MODEL = bg.load_game("sanctions_triangle")

#: For each parameter, a value inside its bounds at which the equilibrium set differs from the
#: defaults, and what the pure equilibria are there (the story the threshold tells).
THRESHOLDS = {
    # a larger buffer value or refugee risk/cost: China drops even the optics
    "buffer_value": (20.0, {("Sanction", "Lax", "Test")}),
    "refugee_risk": (0.95, {("Sanction", "Lax", "Test")}),
    "refugee_cost": (25.0, {("Sanction", "Lax", "Test")}),
    "border_trade": (3.5, {("Sanction", "Lax", "Test")}),
    "cooperation_value": (2.0, {("Sanction", "Lax", "Test")}),
    "taiwan_linkage": (3.0, {("Sanction", "Lax", "Test")}),
    "sanction_cost": (0.5, {("Sanction", "Lax", "Test")}),
    "optics_share": (0.4, {("Sanction", "Lax", "Test")}),
    "optics_credit": (0.3, {("Sanction", "Lax", "Test")}),
    # weaker outside options for Pyongyang, or a bigger lifeline: a second, coercive equilibrium appears
    # in which China enforces and North Korea freezes
    "russia_substitution": (0.1, {("Sanction", "Optics", "Test"), ("Status quo", "Enforce", "Freeze")}),
    "illicit_leakage": (0.25, {("Sanction", "Optics", "Test"), ("Status quo", "Enforce", "Freeze")}),
    "lifeline_value": (10.0, {("Sanction", "Optics", "Test"), ("Status quo", "Enforce", "Freeze")}),
    "deterrent_value": (3.0, {("Sanction", "Optics", "Test"), ("Status quo", "Enforce", "Freeze")}),
    # sanctions not worth their cost to the US: only mixed equilibria remain
    "icbm_cost": (5.0, set()),
    "sanction_reach": (0.25, set()),
    "sanction_backlash": (2.0, set()),
    # a cheap linkage concession: the US engages Beijing instead
    "concession_cost": (0.4, {("Engage", "Optics", "Test")}),
}


def test_metadata_and_sources() -> None:
    assert MODEL is sanctions_triangle.model
    assert MODEL.players == ("US", "China", "DPRK") and MODEL.shape == (3, 3, 2)
    assert set(MODEL.parameters) == set(THRESHOLDS)
    for prm in MODEL.parameters.values():
        assert prm.meaning and prm.source and prm.unit
    # the parameters shared with sequential_crisis are the very same objects
    for prm in SHARED_PARAMETERS:
        assert MODEL.parameters[prm.name] is prm


def test_defaults_reproduce_the_article(eqset, pure) -> None:
    """US sanctions Chinese firms, China enforces for optics then eases, North Korea keeps testing."""
    game = MODEL.game()
    assert pure(game) == {("Sanction", "Optics", "Test")}
    eqs = eqset(game)
    assert len(eqs) == 1
    (us, china, dprk), = eqs
    assert dprk == (1.0, 0.0)                    # DPRK tests
    assert china[0] == 0.0                       # China does not enforce in earnest
    assert us == (1.0, 0.0, 0.0)


def test_defaults_are_the_unique_equilibrium_per_gambit() -> None:
    """Gambit's complete polynomial enumeration finds the same single equilibrium."""
    gbt = pytest.importorskip("pygambit")
    g = MODEL.game()
    res = gbt.nash.enumpoly_solve(gbt.Game.from_arrays(*g.payoffs))
    profiles = {tuple(tuple(round(float(eq[s]), 6) for s in pl.strategies) for pl in res.game.players)
                for eq in res.equilibria}
    assert profiles == {((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (1.0, 0.0))}


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_every_parameter_has_a_threshold_inside_its_bounds(name: str, assert_threshold) -> None:
    assert_threshold(MODEL, name, *THRESHOLDS[name])


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_thresholds_agree_with_gambit(name: str, eqset) -> None:
    """At every threshold point the equilibria (all of them, by bargain's complete 3-player solver) match
    Gambit's complete polynomial enumeration; the pure ones are the table's."""
    gbt = pytest.importorskip("pygambit")
    value, expected_pure = THRESHOLDS[name]
    g = MODEL.game(**{name: value})
    res = gbt.nash.enumpoly_solve(gbt.Game.from_arrays(*g.payoffs))
    theirs = {tuple(tuple(round(float(eq[s]), 6) for s in pl.strategies) for pl in res.game.players)
              for eq in res.equilibria}
    theirs_pure = {prof for prof in theirs if all(max(x) == 1.0 for x in prof)}
    assert {tuple(g.strategies[i][int(np.argmax(x))] for i, x in enumerate(prof)) for prof in theirs_pure} \
        == expected_pure
    assert get_solver(choose_method(g)).complete
    assert_equilibria_equal(eqset(g), theirs, tol=1e-5, game=g)


def test_payoff_formulas_by_hand() -> None:
    """Spot-check the table against the formulas in the module docstring, at the defaults."""
    g = MODEL.game()
    u = g.payoffs
    # (Sanction, Optics, Test): cut = 0.7 * 0.6 * (0.2 + 0.5 * 0.8) = 0.252
    cut = 0.7 * 0.6 * (0.2 + 0.5 * 0.8)
    assert u[2, 0, 1, 0] == pytest.approx(4 - 8 * cut)                                    # DPRK
    assert u[1, 0, 1, 0] == pytest.approx(0.6 * (3 - 2) - 2 * 0.8 - (2 * 0.2 + 0.5 * cut * 16))  # China
    assert u[0, 0, 1, 0] == pytest.approx(-1 - 10 * (1 - cut))                           # US
    # (Engage, Enforce, Freeze): trust restored, no squeeze; the US pays the concession, regains trust
    assert u[1, 1, 0, 1] == pytest.approx(3.0)
    assert u[0, 1, 0, 1] == pytest.approx(2 * 1 - 2.5)
    assert u[2, 1, 0, 1] == 0.0


def test_exact_game_matches_float_game() -> None:
    exact = MODEL.game(exact=True, refugee_risk=Fraction(1, 3))
    assert exact.is_exact
    np.testing.assert_allclose(exact.payoffs, MODEL.game(refugee_risk=1 / 3).payoffs, rtol=1e-12, atol=1e-12)
    eq, = bg.solve(MODEL.game(exact=True), method="pure")
    assert eq.is_exact and eq.exact_payoffs[2] == Fraction(4) - 8 * Fraction(252, 1000)


def test_lifeline_cut_formula() -> None:
    assert lifeline_cut(1, 0, 0) == 1
    assert lifeline_cut(0, 0.5, 0.5, us_reach=1.0) == pytest.approx(0.25)
    assert lifeline_cut(Fraction(1, 5), Fraction(3, 10), Fraction(2, 5), Fraction(1, 2)) == Fraction(63, 250)
    e = np.linspace(0, 1, 5)
    np.testing.assert_allclose(lifeline_cut(e, 0.3, 0.4), 0.42 * e)


def test_sweep_shows_where_china_stops_the_optics() -> None:
    """A 10,000-point sweep of the buffer value: the pure equilibrium flips from Optics to Lax once."""
    from bargain.solvers.pure import pure_equilibrium_mask

    b = np.linspace(0, 30, 10_000)
    mask = pure_equilibrium_mask(MODEL.payoffs(buffer_value=b))       # (10000, 3, 3, 2)
    optics = mask[:, 0, 1, 0]
    lax = mask[:, 0, 2, 0]
    assert optics[0] and lax[-1] and not lax[0] and not optics[-1]
    assert np.count_nonzero(np.diff(optics.astype(int))) == 1
    # The flip is where China is indifferent under (Sanction, ., Test):
    # -1.4 - 0.252 X = -2 - 0.21 X  with  X = refugee_risk * (refugee_cost + buffer_value)
    flip = b[np.argmax(~optics)]
    assert flip == pytest.approx(0.6 / 0.042 / 0.5 - 10, abs=0.01)
