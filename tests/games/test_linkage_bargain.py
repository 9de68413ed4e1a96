"""Linkage bargaining: the no-deal game, and the package utilities the bargaining solutions use."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from games import linkage_bargain as lb

MODEL = bg.load_game("linkage_bargain")
LAX = {("Pressure", "Lax")}

#: parameter -> (value inside the bounds where the equilibrium set differs, pure equilibria there)
THRESHOLDS = {
    "buffer_value": (20.0, LAX),
    "refugee_risk": (0.95, LAX),
    "refugee_cost": (25.0, LAX),
    "border_trade": (3.5, LAX),
    "cooperation_value": (2.0, LAX),
    "taiwan_linkage": (3.0, LAX),
    "sanction_cost": (0.5, LAX),
    "optics_share": (0.4, LAX),
    "optics_credit": (0.3, LAX),
    # leakier sanctions, or a cheaper ICBM threat: pressure is not worth its backlash; only mixed equilibria
    "russia_substitution": (0.65, set()),
    "illicit_leakage": (0.7, set()),
    "icbm_cost": (5.0, set()),
    "sanction_reach": (0.25, set()),
    "sanction_backlash": (2.0, set()),
    # the arms sale worth little to the US: it holds the sale (China still only enforces for optics)
    "concession_cost": (1.0, {("Arms hold", "Optics")}),
}


def test_no_deal_equilibrium_is_the_status_quo(eqset, pure) -> None:
    game = MODEL.game()
    assert MODEL.strategies == (("Pressure", "Arms hold", "Sanctions off", "Grand bargain"),
                                ("Enforce", "Optics", "Lax"))
    assert pure(game) == {("Pressure", "Optics")}
    assert eqset(game) == {((1.0, 0.0, 0.0, 0.0), (0.0, 1.0, 0.0))}


def test_parameters() -> None:
    assert set(MODEL.parameters) == set(THRESHOLDS)


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_every_parameter_has_a_threshold_inside_its_bounds(name: str, assert_threshold) -> None:
    assert_threshold(MODEL, name, *THRESHOLDS[name])


def test_package_utilities_reproduce_the_normal_form() -> None:
    """Each corner posture against each stance is one package (with optics' credit)."""
    g = MODEL.game(icbm_cost=12.0, taiwan_linkage=1.5)
    opt = (0.2, 0.6)
    stance = {"Enforce": (1.0, 1.0), "Optics": opt, "Lax": (0.0, 0.0)}
    for i, (arms, sanctions) in enumerate(lb.POSTURES.values()):
        for j, name in enumerate(lb.STANCES):
            e, c = stance[name]
            assert lb.us_utility(arms, sanctions, e, c, icbm_cost=12.0, taiwan_linkage=1.5) == pytest.approx(
                g.payoffs[0, i, j])
            assert lb.china_utility(arms, sanctions, e, c, icbm_cost=12.0, taiwan_linkage=1.5) == pytest.approx(
                g.payoffs[1, i, j])


def test_utilities_by_hand() -> None:
    # the grand bargain: sale held, no sanctions, full (verified) enforcement; cut = 0.7 * 0.6 = 0.42
    assert lb.us_utility(0, 0, 1) == pytest.approx(-10 * (1 - 0.42) + 2 * 1)
    assert lb.china_utility(0, 0, 1) == pytest.approx(3 - 2 - 0.5 * 0.42 * 16)
    # disagreement: (Pressure, Optics)
    d = lb.disagreement_point()
    cut = 0.42 * (0.2 + 0.5 * 0.8)
    assert d == pytest.approx([-10 * (1 - cut) + 2.5 - 1, 0.6 * (3 - 2) - 2 * 0.8 - 2 * 0.2 - 0.5 * cut * 16])


def test_disagreement_point_is_the_no_deal_equilibrium_payoff() -> None:
    eq, = bg.solve(MODEL.game())
    np.testing.assert_allclose(lb.disagreement_point(), eq.payoffs)


def test_a_linkage_deal_beats_no_deal() -> None:
    """Some package gives both sides more than the disagreement point (gains from linkage); each such
    package has the US give way on a linked issue (arms or sanctions) for real enforcement, and the
    Nash product (Nash 1950) over the grid peaks at the grand bargain."""
    ups = lb.utility_possibility_set(n=11)
    assert ups.shape == (11 ** 3, 2)
    d = lb.disagreement_point()
    better = np.all(ups > d, axis=1)
    assert better.any()
    a, s, e = lb.package_grid(11)
    assert np.all((a[better] < 1) | (s[better] < 1))
    assert np.all(e[better] > 0.2)
    best = np.argmax(np.where(better, np.prod(ups - d, axis=1), -np.inf))
    assert (a[best], s[best], e[best]) == (0.0, 0.0, 1.0)


def test_broadcasts_over_parameters_and_packages() -> None:
    k = np.linspace(0, 30, 7)
    d = lb.disagreement_point(icbm_cost=k)
    assert d.shape == (7, 2)
    u = lb.us_utility(np.linspace(0, 1, 5)[:, None], 1, 1, icbm_cost=k[None, :])
    assert u.shape == (5, 7)
    arms = np.linspace(0, 1, 5)
    np.testing.assert_allclose(u[:, 0], 2.5 * arms - 1 + 2 * (1 - arms))   # icbm_cost 0: arms, backlash, trust


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

    from games import linkage_bargain as lb

    pts = lb.utility_possibility_set(n=3, buffer_value=np.array([[1.0], [2.0]]))
    assert pts.shape == (2, 27, 2)
    assert np.allclose(pts[0, :, 0], pts[1, :, 0])          # the US does not care about the buffer
