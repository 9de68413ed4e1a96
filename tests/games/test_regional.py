"""regional (Seoul as hostage): the US options by hand, the exact thresholds by hand, backward
induction over a batch on either side of them, and Gambit on the written tree."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.claims import Evidence
from bargain.model.loader import game_module
from bargain.solvers.backward_induction import backward_induction_batch

F = Fraction
rg = game_module("regional")
MODEL = bg.load_game("regional")
D = {k: F(str(p.default)) for k, p in MODEL.parameters.items()}


def _sanction_value_by_hand(d: dict, h: Fraction) -> Fraction:
    """The US value of Sanction: China shows optics, a standing North Korea tests, the window may close.

    As in ``sequential_crisis``: cut = (1 - l)((1 - s) w + r (1 - w)), collapse q = rho cut, the US
    pays beta + gamma (tau + psi) at once (psi = sanction_trust, held at 1/2), K_U on collapse,
    I (1 - cut) on a test, and N if the window closes."""
    w = d["optics_share"]
    cut = (1 - d["illicit_leakage"]) * ((1 - d["russia_substitution"]) * w + d["sanction_reach"] * (1 - w))
    q = d["refugee_risk"] * cut
    now = -d["sanction_backlash"] - d["optics_credit"] * (d["taiwan_linkage"] + F(1, 2))
    return q * (now - d["us_collapse_cost"]) + (1 - q) * (now - d["icbm_cost"] * (1 - cut) - h * d["status_cost"])


def test_shape_players_and_shared_parameters():
    _shared = importlib.import_module("bargain._games._shared")
    assert MODEL.players == ("US", "China", "DPRK", "ROK") and MODEL.shape == (3, 3, 64, 2)
    assert MODEL.strategies[0] == ("Sanction", "Talk", "Strike") and MODEL.strategies[3] == ("Consent", "Veto")
    for name, prm in MODEL.parameters.items():
        if hasattr(_shared, name.upper()):
            assert getattr(_shared, name.upper()) is prm          # the very objects of the other games
    assert "sanction_trust" not in MODEL.parameters and "concession_cost" not in MODEL.parameters
    tree = MODEL.tree()
    assert tree.has_perfect_information
    # three collapse lotteries, one strike lottery, a window after each of the six tests
    assert len(tree.chance_nodes) == 3 + 1 + 6


def test_defaults_by_hand():
    """Talk -> Freeze is the unique SPE path; each US option's value computed by hand."""
    eqs = bg.subgame_perfect_equilibria(MODEL.tree(exact=True))
    assert eqs.complete and len(eqs) == 1
    (spe,) = eqs
    assert spe.plan("US") == {"US@root": "Talk"} and spe.plan("ROK") == {"ROK@Strike": "Veto"}
    assert spe.plan("China") == {"China@Sanction": "Optics"}
    assert [str(s) for s in spe.path] == ["US at root: Talk", "DPRK at Talk: Freeze"]
    # Talk: recognition (5) against testing on (4); the US and Seoul concede the status
    assert spe.exact_payoffs == (-10, 0, 5, -5)
    tree = MODEL.tree(exact=True)
    h, n, sigma, k = F(1, 2), F(10), F(3, 5), F(5)
    # Strike with consent: war cost 3, and if the programme survives (2/5) it tests: I + h N = 15
    assert rg._value(tree, "Strike/Consent", 0) == -3 - (1 - sigma) * (10 + h * n) == -9
    # South Korea: the sea of fire (10) and the status if the surviving programme completes, or the status risk
    assert rg._value(tree, "Strike/Consent", 3) == -10 - (1 - sigma) * h * k
    assert rg._value(tree, "Strike/Veto", 3) == -h * k
    assert rg._value(tree, "Sanction", 0) == _sanction_value_by_hand(D, h)
    assert float(_sanction_value_by_hand(D, h)) == pytest.approx(-12.77888)
    # the order the game turns on: Strike (if consented) > Talk > Sanction
    assert -9 > -10 > _sanction_value_by_hand(D, h)


def test_thresholds_by_hand():
    t = rg.thresholds()
    a = _sanction_value_by_hand(D, F(0))
    w = D["optics_share"]
    cut = (1 - D["illicit_leakage"]) * ((1 - D["russia_substitution"]) * w + D["sanction_reach"] * (1 - w))
    q = D["refugee_risk"] * cut
    n = D["status_cost"]
    # Sanction(h) = a - (1 - q) h N against Talk = -N
    assert t["hazard_star"] == (a + n) / ((1 - q) * n) == F(19139, 107750)
    # consent iff F < pi h K_R
    assert t["seoul_star"] == D["strike_success"] * D["breakout_hazard"] * D["rok_status_cost"] == F(3, 2)
    # strike (consented) beats talk iff W < N - (1 - pi)(I + h N)
    assert t["strike_cost_star"] == n - (1 - D["strike_success"]) * (D["icbm_cost"] + D["breakout_hazard"] * n) == 4
    # the thresholds move with the other parameters as the algebra says
    assert rg.thresholds(rok_status_cost=10)["seoul_star"] == 3


def test_spe_on_either_side_of_the_thresholds():
    """Backward induction over a batch: the US sanctions below hazard_star, South Korea consents
    below seoul_star, and then the US strikes exactly while strike_cost < strike_cost_star."""
    t = {k: float(v) for k, v in rg.thresholds().items()}
    eps = 1e-6
    res = backward_induction_batch(MODEL, breakout_hazard=np.array([0.0, t["hazard_star"] - eps,
                                                                    t["hazard_star"] + eps, 1.0]))
    assert list(res.action("US@root")) == ["Sanction", "Sanction", "Talk", "Talk"]
    res = backward_induction_batch(MODEL, seoul_exposure=np.array([0.0, t["seoul_star"] - eps, t["seoul_star"] + eps]))
    assert list(res.action("ROK@Strike")) == ["Consent", "Consent", "Veto"]
    assert list(res.action("US@root")) == ["Strike", "Strike", "Talk"]
    w = t["strike_cost_star"]
    res = backward_induction_batch(MODEL, seoul_exposure=np.zeros(2), strike_cost=np.array([w - eps, w + eps]))
    assert list(res.action("US@root")) == ["Strike", "Talk"]
    # recognition must beat testing on: North Korea freezes for it iff recognition_value > deterrent_value
    res = backward_induction_batch(MODEL, recognition_value=np.array([3.9, 4.1]))
    assert list(res.action("DPRK@Talk")) == ["Test", "Freeze"]
    assert list(res.action("US@root")) == ["Sanction", "Talk"]


def test_claims_at_the_defaults_and_where_they_break():
    by = {c.id: c for c in rg.CLAIMS}
    ev = Evidence(MODEL, {})
    assert all(bool(c.predicate(ev)) for c in rg.CLAIMS)
    slow = Evidence(MODEL, {"breakout_hazard": np.array([0.1, 0.3])})
    assert list(by["headline"].predicate(slow)) == [False, True]
    safe = Evidence(MODEL, {"seoul_exposure": np.array([1.0, 2.0])})
    assert list(by["seoul_vetoes"].predicate(safe)) == [False, True]
    # a cheap squeeze (border_trade < 1.31) makes China enforce and North Korea freeze: sanctions work
    cheap = Evidence(MODEL, {"border_trade": np.array([1.0])})
    assert not by["sanctions_fail"].predicate(cheap)[0] and not by["headline"].predicate(cheap)[0]
    # a costly war (strike_cost above 4) takes the strike off the table even without the veto
    war = Evidence(MODEL, {"strike_cost": np.array([5.0])})
    assert not by["veto_removes_strike"].predicate(war)[0]


def _gambit_tree(tmp_path, gbt, name, **values):
    path = tmp_path / f"{name}.efg"
    bg.write_game(MODEL.tree(exact=True, **values), path)
    return gbt.read_efg(str(path))


def _plans(game, profile) -> tuple[str, ...]:
    """The action each player's pure strategy takes at each of its information sets, in Gambit's order."""
    out = []
    for pl in game.players:
        (s,) = [s for s in pl.strategies if profile[s] == 1]
        out += [s.action(h).label for h in pl.infosets]
    return tuple(out)


@pytest.mark.slow
def test_pure_equilibria_match_gambit_enumpure(tmp_path):
    """Gambit's enumpure on the written tree finds the same pure equilibria as our reduced normal form
    (32 at the defaults), and the SPE is among them."""
    gbt = pytest.importorskip("pygambit")
    g = _gambit_tree(tmp_path, gbt, "defaults")
    theirs = {_plans(g, eq) for eq in gbt.nash.enumpure_solve(g).equilibria}
    game = MODEL.game()
    ours = set()
    for eq in bg.solve(game, method="pure"):
        us, china, dprk, rok = (game.strategies[i][s[0]] for i, s in enumerate(eq.support))
        ours.add((us, china, *dprk.split("/"), rok))
    assert len(ours) == 32 and ours == theirs
    assert ("Talk", "Optics", "Freeze", "Test", "Test", "Freeze", "Test", "Test", "Veto") in ours


@pytest.mark.parametrize(("name", "side", "us_move"), [("breakout_hazard", -0.02, "Sanction"),
                                                        ("breakout_hazard", 0.02, "Talk"),
                                                        ("seoul_exposure", -0.1, "Strike"),
                                                        ("seoul_exposure", 0.1, "Talk")])
def test_thresholds_against_gambit_logit_limit(tmp_path, name, side, us_move):
    """Gambit's limiting logit QRE of the written tree (a sequential equilibrium) takes the US move the
    exact thresholds predict just on either side of hazard_star and seoul_star."""
    gbt = pytest.importorskip("pygambit")
    star = rg.thresholds()["hazard_star" if name == "breakout_hazard" else "seoul_star"]
    value = star + F(side).limit_denominator(100)
    g = _gambit_tree(tmp_path, gbt, f"{name}{side}", **{name: value})
    beh = gbt.nash.logit_solve(g).equilibria[0]
    root = g.root.infoset
    assert float(beh[root.actions[us_move]]) > 0.99


def test_stability_checks_on_the_reduced_normal_form():
    """bargain.testing: the pure equilibria verify and are found again; the SPE's normal form holds
    over the plausible window and breaks at hazard_star, where the US turns to sanctions."""
    from bargain.testing import assert_equilibria_equal, assert_equilibrium, assert_stable

    game = MODEL.game()
    eqs = bg.solve(game, method="pure")
    for eq in eqs:
        assert_equilibrium(game, eq)
    assert_equilibria_equal(eqs, bg.solve(game, method="pure"))
    spe = rg.subgame_perfect()[0].normal_form_equilibrium()
    assert_stable(MODEL, spe, over={"breakout_hazard": (0.3, 0.7), "seoul_exposure": (6.0, 20.0)}, points=9,
                  method="pure")
    with pytest.raises(AssertionError, match=r"breaks at breakout_hazard = 0\.177624"):
        assert_stable(MODEL, spe, over={"breakout_hazard": (0.0, 1.0)}, points=9, method="pure")
