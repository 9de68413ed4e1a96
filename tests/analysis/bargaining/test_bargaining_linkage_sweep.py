"""Issue linkage on the US-China package game (games/linkage_bargain.py), the concession the US must
make for China to enforce, and vectorised sweeps of the bargain checked against the scalar solvers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bargain import GameError, solve
from bargain.analysis.bargaining import (
    Issue,
    Polytope,
    bargain_sensitivity,
    batch_solution,
    egalitarian,
    kalai_smorodinsky,
    link_issues,
    nash_solution,
    required_concession,
    sweep_bargain,
    utilitarian,
    variable_threat,
)
from bargain.model.loader import game_module

lb = game_module("linkage_bargain")

ISSUES = (Issue("arms", np.linspace(0, 1, 5), "share of the Taiwan arms package that goes ahead"),
          Issue("sanctions", (0.0, 0.5, 1.0), "intensity of US sanctions on Chinese firms"),
          Issue("enforcement", np.linspace(0, 1, 5), "depth of China's enforcement on North Korea"))


def _utility(arms, sanctions, enforcement):
    # packages as China would carry them out (the linkage game's incentive constraint)
    return np.stack(np.broadcast_arrays(lb.us_utility(arms, sanctions, enforcement),
                                        lb.china_utility(arms, sanctions, enforcement)))


def _points(**p):
    return lb.utility_possibility_set(3, **p)


def test_linkage_game_end_to_end():
    # the disagreement point is the equilibrium of the no-deal game
    eqs = solve(lb.model.game())
    assert len(eqs) == 1
    d = lb.disagreement_point()
    assert eqs[0].payoffs == pytest.approx(d)
    res = link_issues(ISSUES, _utility, d, players=("US", "China"),
                      status_quo={"arms": 1.0, "sanctions": 1.0, "enforcement": lb.model.defaults["optics_share"]})
    sol = res.solution
    assert np.all(sol.payoffs > d)                            # both gain from the package
    assert sol.feasible.pareto_optimal(sol.payoffs)
    lot = sol.lottery
    assert sum(lot.values()) == pytest.approx(1)
    # the best single package holds the arms sale and keeps the sanctions on Chinese firms: there China
    # enforces fully of its own accord (enforcement cannot be promised, only induced)
    assert res.best_pure.levels["arms"] == 0.0 and res.best_pure.levels["sanctions"] == 1.0
    assert lb.carried_out(0.0, 1.0) == 1.0
    assert np.prod(np.array(res.best_pure.payoffs) - d) <= np.prod(sol.gains) + 1e-12
    # the deal puts most weight on that package
    assert lot["arms=0, sanctions=1, enforcement=0"] > 0.5
    # a promise of enforcement alone buys nothing (China would not keep it); the arms sale alone does
    assert res.separate["enforcement"] is None and res.linkage_gain["enforcement"] == np.inf
    assert res.separate["arms"] is not None
    us = [p.payoffs[0] for p in res.frontier]
    china = [p.payoffs[1] for p in res.frontier]
    assert us == sorted(us) and china == sorted(china, reverse=True)     # a frontier: one's gain, the other's loss
    text = repr(res)
    assert "Linked bargain over arms, sanctions, enforcement" in text and "enforcement alone" in text
    assert res.to_dict()["solution"]["solution"] == "nash"


def test_linkage_matches_direct_polytope_solution():
    res = link_issues(ISSUES, _utility, lb.disagreement_point())
    combos = np.array(list(itertools.product(*(i.levels for i in ISSUES))))
    U = _utility(combos[:, 0], combos[:, 1], combos[:, 2])
    direct = nash_solution(Polytope(U.T), lb.disagreement_point())
    assert res.solution.payoffs == pytest.approx(direct.payoffs, abs=1e-12)
    # the frontier packages are exactly the Pareto optimal package utilities
    front = {p.payoffs for p in res.frontier}
    S = Polytope(U.T)
    assert front == {tuple(u) for u in U.T if S.pareto_optimal(u)}


def test_variable_threats_in_the_linkage_game():
    t = variable_threat(lb.model.game(exact=True))
    assert t.exact and t.threats[0][0] == 1 and t.threats[1][1] == 1          # Pressure vs Optics
    assert "US threatens: Pressure=1" in repr(t) and "China threatens: Optics=1" in repr(t)
    assert t.to_dict()["threats"]["China"]["Optics"] == "1"
    # the optimal threats are the no-deal equilibrium itself: the threat point is the disagreement point
    assert [float(x) for x in t.threat_point] == pytest.approx(list(lb.disagreement_point()))


def test_required_concession_closed_form():
    """A verified deal with full enforcement: no designation bites, the sanctions only cost trust, so the
    US drops them and concedes on arms: China accepts iff coop - tl*arms - border - rr*cut*C >= d_China."""
    bv = np.linspace(0, 40, 7)[:, None]
    rr = np.linspace(0, 1, 5)[None, :]
    out = required_concession(
        lambda arms, sanctions, enforcement, **p: lb.us_utility(arms, sanctions, enforcement, verified=True, **p),
        lambda arms, sanctions, enforcement, **p: lb.china_utility(arms, sanctions, enforcement, verified=True, **p),
        lambda **p: lb.disagreement_point(**p)[..., 1],
        concession="arms", fixed={"enforcement": 1.0}, free={"sanctions": (0.0, 0.5, 1.0)},
        parameters={"collapse_cost": bv, "refugee_risk": rr})
    p = lb.model.defaults
    cut = (1 - p["russia_substitution"]) * (1 - p["illicit_leakage"])
    d_china = lb.disagreement_point(collapse_cost=bv, refugee_risk=rr)[..., 1]
    arms_max = (p["cooperation_value"] - p["border_trade"] - rr * cut * bv - d_china) / p["taiwan_linkage"]
    expected = np.where(arms_max >= 1, 0.0, np.where(arms_max >= 0, 1 - arms_max, np.nan))
    np.testing.assert_allclose(out["concession"], expected, atol=1e-12)
    assert np.all(out["free:sanctions"][np.isfinite(expected)] == 0)
    # the concession grows with the buffer value and the refugee risk, and China is held to d exactly
    c = out["concession"]
    assert np.all(np.diff(np.nan_to_num(c, nan=2.0), axis=0) >= 0)
    assert np.all(np.diff(np.nan_to_num(c, nan=2.0), axis=1) >= 0)
    inner = (c > 0) & np.isfinite(c)
    np.testing.assert_allclose(out["receiver_payoff"][inner], np.broadcast_to(d_china, c.shape)[inner], atol=1e-12)


def test_required_concession_nonaffine_grid_search():
    # receiver utility quadratic in the concession level: accept iff (1 - x)^2 >= 1/4 -> x <= 1/2
    out = required_concession(lambda x, **p: -x * 0 + x, lambda x, **p: (1 - x) ** 2 + 0 * x,
                              lambda **p: np.array(0.25), concession="x", fixed={}, resolution=100001)
    assert float(out["concession"]) == pytest.approx(0.5, abs=1e-5)
    with pytest.raises(GameError, match="must differ"):
        required_concession(lambda x: x, lambda x: x, lambda: 0.0, concession="x", fixed={}, start=0,
                            concede_towards=0)


@pytest.mark.parametrize("name, fn", [("nash", nash_solution), ("ks", kalai_smorodinsky),
                                      ("egalitarian", egalitarian), ("utilitarian", utilitarian)])
def test_batch_matches_scalar(name, fn):
    rng = np.random.default_rng(11)
    P = rng.integers(-5, 6, size=(60, 6, 2)).astype(float)
    D = P.min(axis=1) - rng.integers(0, 3, size=(60, 2))
    U = batch_solution(P, D, name)
    for k in range(60):
        try:
            ref = fn(P[k], D[k]).payoffs
        except GameError:
            assert np.all(np.isnan(U[k]))
            continue
        assert U[k] == pytest.approx(ref, abs=1e-10)


def test_batch_nothing_to_bargain_and_bad_input():
    P = np.array([[[0.0, 1.0], [1.0, 0.0]]])
    assert np.all(np.isnan(batch_solution(P, [[1.0, 1.0]])))
    with pytest.raises(GameError, match="shape"):
        batch_solution(np.zeros((2, 3, 3)), np.zeros((2, 3)))
    with pytest.raises(GameError, match="unknown bargaining solution"):
        batch_solution(P, [[0.0, 0.0]], "kalai")
    with pytest.raises(GameError, match="positive"):
        batch_solution(P, [[0.0, 0.0]], weights=[1, -1])


def test_sweep_and_sensitivity_of_the_linkage_bargain():
    values = np.linspace(0, 30, 31)
    sw = sweep_bargain(_points, lambda **p: lb.disagreement_point(**p), "collapse_cost", values,
                       players=("US", "China"))
    assert sw.payoffs.shape == (31, 2)
    for k in (0, 10, 30):
        ref = nash_solution(_points(collapse_cost=values[k]), lb.disagreement_point(collapse_cost=values[k]))
        assert sw.payoffs[k] == pytest.approx(ref.payoffs, abs=1e-10)
    assert "collapse_cost" in repr(sw) and sw.to_dict()["parameter"] == "collapse_cost"
    ranges = {k: lb.model.parameters[k].bounds for k in ("collapse_cost", "refugee_risk", "taiwan_linkage")}
    sens = bargain_sensitivity(_points, lambda **p: lb.disagreement_point(**p), ranges, lb.model.defaults, n=11,
                               players=("US", "China"))
    assert set(sens) == set(ranges)
    swings = [float(np.nanmax(np.nanmax(s.payoffs, 0) - np.nanmin(s.payoffs, 0))) for s in sens.values()]
    assert swings == sorted(swings, reverse=True)


def test_results_are_strict_json():
    import json

    from bargain.analysis.bargaining import rubinstein

    sw = sweep_bargain(_points, lambda **p: lb.disagreement_point(**p), "collapse_cost", np.array([0.0, 30.0]))
    res = link_issues(ISSUES, _utility, lb.disagreement_point())
    for obj in (sw, res, res.solution, rubinstein(0.9, 0.8), variable_threat(lb.model.game(exact=True))):
        json.dumps(obj.to_dict(), allow_nan=False)
    nan_sweep = sweep_bargain(lambda **p: np.array([[[0.0, 1.0], [1.0, 0.0]]]), lambda **p: np.array([2.0, 2.0]),
                              "x", [1.0])
    assert json.loads(json.dumps(nan_sweep.to_dict(), allow_nan=False))["payoffs"] == [[None, None]]
