"""The flagship sanctions triangle: the article's prediction at the defaults, and where it breaks."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.loader import game_module
from bargain.solvers.batch import solve_batch
from bargain.solvers.registry import choose_method, get_solver

# the modules load_game() reads (by file path, under bargain._games), not second copies from sys.path
sanctions_triangle = game_module("sanctions_triangle")
_shared = importlib.import_module("bargain._games._shared")
SHARED_PARAMETERS, lifeline_cut = _shared.SHARED_PARAMETERS, _shared.lifeline_cut

MODEL = bg.load_game("sanctions_triangle")
LAX = {("Sanction", "Lax", "Test")}
NO_SANCTION = {("Status quo", "Optics", "Test")}

#: For each parameter whose move leaves a pure equilibrium: a value inside its bounds where the
#: equilibrium set differs from the defaults', and the pure equilibria there.
THRESHOLDS = {
    # China's credit shrinks, or its cost of enforcing grows: China drops even the optics
    "border_trade": (5.125, LAX),
    "cooperation_value": (2.125, LAX),
    "taiwan_linkage": (1.875, LAX),
    "sanction_trust": (1.375, LAX),
    "optics_share": (0.475, LAX),
    "optics_credit": (0.25, LAX),
    # sanctions on Chinese firms not worth their cost to the US
    "illicit_leakage": (0.7875, NO_SANCTION),
    "icbm_cost": (5.25, NO_SANCTION),
    "us_collapse_cost": (18.375, NO_SANCTION),
    "sanction_reach": (0.15, NO_SANCTION),
    "sanction_backlash": (1.75, NO_SANCTION),
    # North Korea wants the deterrent little: it freezes even against optics (and the US saves the sanctions)
    "deterrent_value": (1.0, {("Status quo", "Optics", "Freeze")}),
    # a cheap linkage concession: the US holds the arms sale instead
    "concession_cost": (0.5, {("Engage", "Optics", "Test")}),
}

#: Parameters whose move leaves only mixed equilibria: a value where that happens.
MIXED_ONLY = {"collapse_cost": 2.7, "refugee_risk": 0.085, "sanction_cost": 3.2, "russia_substitution": 0.55,
              "lifeline_value": 14.55}


def test_metadata_and_shared_parameters() -> None:
    assert MODEL is sanctions_triangle.model
    assert MODEL.players == ("US", "China", "DPRK") and MODEL.shape == (3, 3, 2)
    assert set(MODEL.parameters) == set(THRESHOLDS) | set(MIXED_ONLY)
    for prm in SHARED_PARAMETERS:
        assert MODEL.parameters[prm.name] is prm
        assert prm.plausible is not None and prm.low <= prm.plausible[0] <= prm.default <= prm.plausible[1] <= prm.high
        assert "Plausible range" in prm.source


def test_defaults_reproduce_the_article(eqset, pure) -> None:
    """US sanctions Chinese firms, China enforces for optics then eases, North Korea keeps testing."""
    game = MODEL.game()
    assert pure(game) == {("Sanction", "Optics", "Test")}
    eqs = eqset(game)
    assert eqs == {((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (1.0, 0.0))}


def test_defaults_are_the_unique_equilibrium_per_gambit() -> None:
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
    """At every threshold point the equilibria match Gambit's polynomial enumeration."""
    gbt = pytest.importorskip("pygambit")
    value, expected_pure = THRESHOLDS[name]
    g = MODEL.game(**{name: value})
    res = gbt.nash.enumpoly_solve(gbt.Game.from_arrays(*g.payoffs))
    theirs = {tuple(tuple(round(float(eq[s]), 6) for s in pl.strategies) for pl in res.game.players)
              for eq in res.equilibria}
    theirs_pure = {prof for prof in theirs if all(max(x) == 1.0 for x in prof)}
    assert {tuple(g.strategies[i][int(np.argmax(x))] for i, x in enumerate(prof)) for prof in theirs_pure} \
        == expected_pure
    ours = eqset(g)
    if get_solver(choose_method(g)).complete:
        assert _close_sets(ours, theirs)
    else:
        assert ours == theirs_pure


@pytest.mark.parametrize("name", list(MIXED_ONLY))
def test_mixed_only_moves_agree_with_gambits_logit_limit(name: str) -> None:
    """Where a move leaves no pure equilibrium, the batch engine's equilibrium verifies (zero regret)
    and is the limit Gambit's logit tracer reaches (an independent route to it)."""
    gbt = pytest.importorskip("pygambit")
    value = MIXED_ONLY[name]
    g = MODEL.game(**{name: value})
    assert not bg.solve(g, method="pure")
    res = solve_batch(MODEL.payoffs(**{name: [value]}), n_players=3)
    ours = res.equilibria_at(0)
    assert ours and all(g.is_nash(eq, tol=1e-7) for eq in ours)
    logit = gbt.nash.logit_solve(gbt.Game.from_arrays(*g.payoffs))
    theirs = [tuple(np.array([float(eq[s]) for s in pl.strategies]) for pl in logit.game.players)
              for eq in logit.equilibria]
    assert any(all(np.allclose(a, b, atol=1e-4) for a, b in zip(eq, theirs[0], strict=True)) for eq in ours)


def _close_sets(a, b, tol: float = 1e-5) -> bool:
    def close(x, y):
        return all(np.allclose(p, q, atol=tol) for p, q in zip(x, y, strict=True))
    return len(a) == len(b) and all(any(close(x, y) for y in b) for x in a)


def test_payoff_formulas_by_hand() -> None:
    """(Sanction, Optics, Test) against the timing of the model card, at the defaults."""
    u = MODEL.game().payoffs
    # cut = (1 - 0.4) * ((1 - 0.3) * 0.2 + 0.4 * 0.8) = 0.276; collapse probability q = 0.5 * cut
    cut = 0.6 * (0.7 * 0.2 + 0.4 * 0.8)
    q = 0.5 * cut
    assert u[2, 0, 1, 0] == pytest.approx(q * -12 + (1 - q) * (4 - 12 * cut))                          # DPRK
    assert u[1, 0, 1, 0] == pytest.approx(0.6 * (3 - 1 - 0.5) - 2.5 * 0.2 - 2 * 0.8 - q * 16)           # China
    assert u[0, 0, 1, 0] == pytest.approx(-0.5 - 0.6 * (1 + 0.5) - q * 6 - (1 - q) * 10 * (1 - cut))   # US
    # (Engage, Enforce, Freeze): the sale held, the sanctions kept; China enforces fully, no designations bite
    cut_e, = [0.6 * 0.7]
    assert u[1, 1, 0, 1] == pytest.approx(3 - 0.5 - 2.5 - 0.5 * cut_e * 16)
    assert u[0, 1, 0, 1] == pytest.approx(-2.5 - 0.5 - 0.5 - 0.5 * cut_e * 6)


def test_exact_game_matches_float_game() -> None:
    exact = MODEL.game(exact=True, refugee_risk=Fraction(1, 3))
    assert exact.is_exact
    np.testing.assert_allclose(exact.payoffs, MODEL.game(refugee_risk=1 / 3).payoffs, rtol=1e-12, atol=1e-12)
    eq, = bg.solve(MODEL.game(exact=True), method="pure")
    cut = Fraction(3, 5) * (Fraction(7, 10) * Fraction(1, 5) + Fraction(2, 5) * Fraction(4, 5))
    q = cut / 2
    assert eq.is_exact and eq.exact_payoffs[2] == -12 * q + (1 - q) * (4 - 12 * cut)


def test_lifeline_cut_formula() -> None:
    assert lifeline_cut(1, 0, 0) == 1
    assert lifeline_cut(0, 0.5, 0.5, us_reach=1.0) == pytest.approx(0.5)       # Russia replaces only China's cut
    assert lifeline_cut(1, 0.5, 0.5, us_reach=1.0) == pytest.approx(0.25)
    assert lifeline_cut(Fraction(1, 5), Fraction(3, 10), Fraction(2, 5), Fraction(2, 5)) == Fraction(69, 250)
    e = np.linspace(0, 1, 5)
    np.testing.assert_allclose(lifeline_cut(e, 0.3, 0.4), 0.42 * e)


def test_sweep_shows_where_china_stops_the_optics() -> None:
    """A 10,000-point sweep of the Taiwan linkage: the pure equilibrium flips from Optics to Lax once,
    where China is indifferent against US sanctions: 0.6 (2.5 - t) - 0.1 - 16 * 0.018 = 0, t = 139/75."""
    from bargain.solvers.pure import pure_equilibrium_mask

    t = np.linspace(0, 10, 10_000)
    mask = pure_equilibrium_mask(MODEL.payoffs(taiwan_linkage=t), n_players=3)
    optics, lax = mask[:, 0, 1, 0], mask[:, 0, 2, 0]
    assert optics[0] and lax[-1] and not lax[0] and not optics[-1]
    assert np.count_nonzero(np.diff(optics.astype(int))) == 1
    assert t[np.argmax(~optics)] == pytest.approx(139 / 75, abs=1e-3)


def test_tree_has_the_same_timing_and_payoffs() -> None:
    """TREE is the triangle with every move seen: its leaves, weighted by the collapse lottery, give
    the normal form's cells."""
    tree = sanctions_triangle.TREE.tree()
    g = MODEL.game()
    for i, us in enumerate(g.strategies[0]):
        for j, china in enumerate(g.strategies[1]):
            node = tree.find_node(f"{us}/{china}")
            q = tree.chance_probabilities(node)
            leaves = list(tree.leaves)
            collapse = tree.leaf_payoffs[leaves.index(tree.children(node)[0])]
            for k, dprk in enumerate(g.strategies[2]):
                hold = tree.leaf_payoffs[leaves.index(tree.find_node(f"{us}/{china}/Holds/{dprk}"))]
                np.testing.assert_allclose(g.payoffs[:, i, j, k], q[0] * collapse + q[1] * hold, atol=1e-12)
