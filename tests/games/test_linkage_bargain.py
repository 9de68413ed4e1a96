"""Linkage bargaining: the no-deal game, and the package utilities the bargaining solutions use."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.loader import game_module

lb = game_module("linkage_bargain")

MODEL = bg.load_game("linkage_bargain")
LAX = {("Pressure", "Lax")}
SANCTIONS_OFF = {("Sanctions off", "Optics")}

#: parameter -> (value inside the bounds where the equilibrium set differs, pure equilibria there)
THRESHOLDS = {
    "border_trade": (5.125, LAX),
    "cooperation_value": (2.125, LAX),
    "taiwan_linkage": (1.875, LAX),
    "sanction_trust": (1.375, LAX),
    "optics_share": (0.475, LAX),
    "optics_credit": (0.25, LAX),
    # leakier sanctions, a cheaper ICBM threat, a dearer collapse, costlier sanctions, a North Korea that
    # freezes against any optics: the sanctions are not worth their cost to the US
    "illicit_leakage": (0.7875, SANCTIONS_OFF),
    "icbm_cost": (5.25, SANCTIONS_OFF),
    "us_collapse_cost": (18.375, SANCTIONS_OFF),
    "sanction_reach": (0.15, SANCTIONS_OFF),
    "sanction_backlash": (1.75, SANCTIONS_OFF),
    "resolve": (0.075, SANCTIONS_OFF),
    # the arms sale worth little to the US: it holds the sale (China still only enforces for optics)
    "concession_cost": (0.5, {("Arms hold", "Optics")}),
}

#: Parameters whose move leaves only mixed equilibria: a value where that happens.
MIXED_ONLY = {"collapse_cost": 2.7, "refugee_risk": 0.085, "sanction_cost": 3.2, "russia_substitution": 0.55}


def test_no_deal_equilibrium_is_the_status_quo(eqset, pure) -> None:
    game = MODEL.game()
    assert MODEL.strategies == (("Pressure", "Arms hold", "Sanctions off", "Grand bargain"),
                                ("Enforce", "Optics", "Lax"))
    assert pure(game) == {("Pressure", "Optics")}
    assert eqset(game) == {((1.0, 0.0, 0.0, 0.0), (0.0, 1.0, 0.0))}


def test_parameters() -> None:
    assert set(MODEL.parameters) == set(THRESHOLDS) | set(MIXED_ONLY)


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_every_parameter_has_a_threshold_inside_its_bounds(name: str, assert_threshold) -> None:
    assert_threshold(MODEL, name, *THRESHOLDS[name])


def test_matches_gambit() -> None:
    gbt = pytest.importorskip("pygambit")
    for values in ({}, {"icbm_cost": 5}, {"concession_cost": Fraction(1, 2)}, {"collapse_cost": Fraction(27, 10)}):
        g = MODEL.game(exact=True, **values)
        res = gbt.nash.enummixed_solve(gbt.Game.from_arrays(*g.exact_payoffs), rational=True)
        theirs = {tuple(tuple(Fraction(str(eq[s])) for s in pl.strategies) for pl in res.game.players)
                  for eq in res.equilibria}
        assert {eq.exact_profile for eq in bg.solve(g)} == theirs


def test_package_utilities_reproduce_the_normal_form() -> None:
    """Each corner posture against each stance is one verified package (with optics' credit)."""
    g = MODEL.game(icbm_cost=12.0, taiwan_linkage=1.5)
    stance = {"Enforce": (1.0, 1.0), "Optics": (0.2, 0.6), "Lax": (0.0, 0.0)}
    for i, (arms, sanctions) in enumerate(lb.POSTURES.values()):
        for j, name in enumerate(lb.STANCES):
            e, c = stance[name]
            kw = {"icbm_cost": 12.0, "taiwan_linkage": 1.5, "verified": True}
            assert lb.us_utility(arms, sanctions, e, c, **kw) == pytest.approx(g.payoffs[0, i, j])
            assert lb.china_utility(arms, sanctions, e, c, **kw) == pytest.approx(g.payoffs[1, i, j])


def test_utilities_by_hand() -> None:
    # arms held, sanctions on, full (verified) enforcement: cut = 0.6 * 0.7 = 0.42 > resolve 1/3, North Korea
    # freezes; collapse with probability 0.21
    q = 0.5 * 0.42
    assert lb.us_utility(0, 1, 1, verified=True) == pytest.approx(-2.5 - 0.5 - 0.5 - q * 6)
    assert lb.china_utility(0, 1, 1, verified=True) == pytest.approx(3 - 0.5 - 2.5 - q * 16)
    # disagreement: (Pressure, Optics); cut = 0.6 (0.7 * 0.2 + 0.4 * 0.8) = 0.276 < 1/3: North Korea tests
    cut = 0.276
    q = 0.5 * cut
    d = lb.disagreement_point()
    assert d == pytest.approx([-0.5 - 0.6 * 1.5 - q * 6 - (1 - q) * 10 * (1 - cut),
                               0.6 * 1.5 - 2.5 * 0.2 - 2 * 0.8 - q * 16])


def test_disagreement_point_is_the_no_deal_equilibrium_payoff() -> None:
    eq, = bg.solve(MODEL.game())
    np.testing.assert_allclose(lb.disagreement_point(), eq.payoffs)


def test_china_carries_out_all_or_nothing() -> None:
    """China's utility is affine in its enforcement (credit = what it really enforces), so on its own
    it enforces fully or not at all -- fully only where US sanctions make the trade it leaves open dear."""
    a, s, e = lb.package_grid(5)
    done = lb.carried_out(a, s, e)
    assert set(np.unique(done)) <= {0.0, 1.0}
    gain = lb.china_utility(a, s, 1, verified=True) - lb.china_utility(a, s, 0, verified=True)
    np.testing.assert_array_equal(done, (gain > 0).astype(float))
    assert lb.carried_out(0, 1) == 1 and lb.carried_out(0, 0) == 0 and lb.carried_out(1, 1) == 0
    assert lb.self_enforcing(0, 1, 1) and not lb.self_enforcing(0, 0, 1)
    # an unverified promise is worth what China does: the promised enforcement is replaced
    assert lb.us_utility(0, 0, 1) == pytest.approx(lb.us_utility(0, 0, 0, verified=True))


def test_a_self_enforcing_deal_beats_no_deal() -> None:
    """Some package China would carry out on its own gives both sides more than the disagreement point,
    and the Nash product (Nash 1950) over them peaks where the US holds the arms sale, keeps sanctions on
    Chinese firms, and China enforces fully of its own accord."""
    ups = lb.utility_possibility_set(n=11)
    assert ups.shape == (11 ** 3, 2)
    d = lb.disagreement_point()
    better = np.all(ups > d, axis=1)
    assert better.any()
    a, s, e = lb.package_grid(11)
    done = lb.carried_out(a, s, e)
    best = np.argmax(np.where(better, np.prod(ups - d, axis=1), -np.inf))
    assert a[best] == 0 and s[best] > 0.5 and done[best] == 1


def test_broadcasts_over_parameters_and_packages() -> None:
    k = np.linspace(0, 30, 7)
    d = lb.disagreement_point(icbm_cost=k)
    assert d.shape == (7, 2)
    u = lb.us_utility(np.linspace(0, 1, 5)[:, None], 1, 1, icbm_cost=k[None, :])
    assert u.shape == (5, 7)
    arms = np.linspace(0, 1, 5)
    # icbm_cost 0, arms on a line, sanctions on, enforcement 1 where China carries it out, else 0
    done = lb.carried_out(arms, 1)
    q = 0.5 * 0.6 * (0.7 * done + 0.4 * (1 - done))
    np.testing.assert_allclose(u[:, 0], -2.5 * (1 - arms) - 0.5 - done * (1.0 * arms + 0.5) - q * 6)


def test_bad_inputs() -> None:
    with pytest.raises(bg.GameError, match="'arms' must lie in"):
        lb.us_utility(1.5, 0, 0)
    with pytest.raises(bg.GameError, match="did you mean"):
        lb.china_utility(0, 0, 1, icbm_costs=3)
    with pytest.raises(bg.GameError, match="outside its bounds"):
        lb.disagreement_point(taiwan_linkage=-1)
    with pytest.raises(bg.GameError, match="n >= 2"):
        lb.package_grid(1)


def test_possibility_set_broadcasts_a_parameter_that_moves_one_side_only():
    import numpy as np

    lb = game_module("linkage_bargain")

    pts = lb.utility_possibility_set(n=3, us_collapse_cost=np.array([[1.0], [2.0]]))
    assert pts.shape == (2, 27, 2)
    assert np.allclose(pts[0, :, 1], pts[1, :, 1])          # China does not care what collapse costs the US
