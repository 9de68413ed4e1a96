"""Alternating offers: Rubinstein's closed form, finite horizon, breakdown, outside options, the Nash
limit (Binmore, Rubinstein and Wolinsky 1986) and the n-player stationary equilibrium."""

from __future__ import annotations

import json
from fractions import Fraction as Fr

import numpy as np
import pytest

from bargain import GameError
from bargain.analysis.bargaining import (
    Frontier,
    Polytope,
    finite_horizon,
    n_player_stationary,
    nash_solution,
    nash_weights_limit,
    rubinstein,
)


def test_closed_form_ten_nineteenths():
    r = rubinstein(Fr(9, 10), Fr(9, 10))
    assert r.agreement == (Fr(10, 19), Fr(9, 19))
    assert r.offers[1] == (Fr(9, 19), Fr(10, 19))
    assert rubinstein(0.9, 0.9).shares == pytest.approx([10 / 19, 9 / 19], abs=1e-15)
    assert rubinstein(0.9, 0.9, exact=True).agreement[0] == Fr(10, 19)
    data = json.loads(json.dumps(r.to_dict()))
    assert data["agreement"]["P1"] == "10/19"
    assert "agreement P1=10/19" in repr(r)


@pytest.mark.parametrize("d1, d2", [(Fr(1, 2), Fr(9, 10)), (Fr(99, 100), Fr(1, 3)), (Fr(3, 4), Fr(3, 4))])
def test_closed_form_general(d1, d2):
    assert rubinstein(d1, d2).agreement[0] == (1 - d2) / (1 - d1 * d2)


def test_finite_horizon_converges_to_rubinstein():
    shares = finite_horizon(Fr(9, 10), Fr(9, 10), 6)
    # T=1: 1; T=2: 1 - 9/10; T=3: 1 - 9/10 (1 - 9/10) ...
    assert list(shares[:3]) == [1, Fr(1, 10), Fr(91, 100)]
    long = finite_horizon(0.9, 0.8, 400)
    assert long[-1] == pytest.approx((1 - 0.8) / (1 - 0.72), abs=1e-15)
    # odd and even horizons bracket the limit and approach it geometrically
    gaps = np.abs(finite_horizon(0.9, 0.8, 60) - (1 - 0.8) / (1 - 0.72))
    assert np.all(np.diff(gaps[::2]) < 0)
    # vectorised over discount factors
    grid = np.linspace(0.1, 0.95, 50)
    out = finite_horizon(grid, 0.9, 600)
    assert out.shape == (600, 50)
    assert out[-1] == pytest.approx((1 - 0.9) / (1 - grid * 0.9), abs=1e-12)


def test_breakdown_risk_equals_common_discounting():
    r = rubinstein(1, 1, breakdown=Fr(1, 10))
    assert r.agreement == (Fr(10, 19), Fr(9, 19))
    both = rubinstein(Fr(9, 10), Fr(9, 10), breakdown=Fr(1, 2))
    q = Fr(9, 20)
    assert both.agreement[0] == (1 - q) / (1 - q * q)


def test_outside_options_only_binding_ones_matter():
    base = rubinstein(Fr(9, 10), Fr(9, 10))
    slack = rubinstein(Fr(9, 10), Fr(9, 10), outside_options=(0, Fr(2, 5)))  # 2/5 < 9/19: irrelevant
    assert slack.agreement == base.agreement and slack.binding == (False, False)
    bind = rubinstein(Fr(9, 10), Fr(9, 10), outside_options=(0, Fr(1, 2)))   # 1/2 > 9/19: binds
    assert bind.agreement == (Fr(1, 2), Fr(1, 2)) and bind.binding == (False, True)
    # player 1's option binds when player 2 proposes: y1 = o1 = 3/5 > 9/10 x1
    b1 = rubinstein(Fr(9, 10), Fr(9, 10), outside_options=(Fr(3, 5), 0))
    assert b1.offers[1][0] == Fr(3, 5) and b1.binding == (True, False)
    assert b1.agreement == (1 - Fr(9, 10) * Fr(2, 5), Fr(9, 10) * Fr(2, 5))


def test_general_frontier_polytope_and_smooth():
    pie = Polytope([[0, 1], [1, 0], [0, 0]])
    assert rubinstein(Fr(9, 10), Fr(4, 5), feasible=pie).agreement == rubinstein(Fr(9, 10), Fr(4, 5)).agreement
    kinked = Polytope([[0, 0], [1, 0], [0, 1], [Fr(3, 4), Fr(3, 4)]])
    r = rubinstein(Fr(99, 100), Fr(99, 100), feasible=kinked)
    assert r.agreement == (Fr(100, 133), Fr(99, 133))
    assert kinked.contains(r.agreement) and kinked.pareto_optimal(r.agreement)
    # stationarity: x2 = q2 y2 and y1 = q1 x1
    assert r.offers[0][1] == Fr(99, 100) * r.offers[1][1]
    assert r.offers[1][0] == Fr(99, 100) * r.offers[0][0]
    fr = Frontier(lambda x: np.sqrt(1 - x), (0, 1))
    s = rubinstein(0.9, 0.9, feasible=fr)
    x, y = s.offers
    assert x[1] == pytest.approx(0.9 * y[1], abs=1e-13)
    assert y[0] == pytest.approx(0.9 * x[0], abs=1e-13)


def test_limit_is_asymmetric_nash():
    """BRW (1986): as the period shrinks, the SPE tends to the Nash solution with weights 1/r_i."""
    fr = Frontier(lambda x: np.sqrt(1 - x), (0, 1))
    target = nash_solution(fr, weights=nash_weights_limit([1, 2])).payoffs
    assert target[0] == pytest.approx(0.8, abs=1e-10)          # w = (2/3, 1/3): x = 2 w1 / (2 w1 + w2) ... = 4/5
    errs = [np.abs(rubinstein(rates=(1, 2), period=dt, feasible=fr).shares - target).max()
            for dt in (0.1, 0.01, 0.001)]
    assert errs[0] > errs[1] > errs[2] and errs[2] < 1e-3
    # unit pie: x -> r2 / (r1 + r2)
    assert rubinstein(rates=(1, 3), period=1e-6).shares[0] == pytest.approx(0.75, abs=1e-5)


def test_n_player_stationary():
    V = n_player_stationary([Fr(9, 10)] * 3)
    d = Fr(9, 10)
    assert V[0, 0] == (1 - d) / (1 - d**3) == Fr(100, 271)
    assert list(V[0]) == [Fr(100, 271), Fr(90, 271), Fr(81, 271)]
    assert all(sum(row) == 1 for row in V)
    # heterogeneous: responders get exactly their discounted value as the next proposal's share
    ds = [Fr(1, 2), Fr(2, 3), Fr(9, 10), Fr(4, 5)]
    V = n_player_stationary(ds)
    n = len(ds)
    for k in range(n):
        assert sum(V[k]) == 1
        for j in range(n):
            if j != k:
                assert V[k, j] == ds[j] * V[(k + 1) % n, j]
    # two players reduce to Rubinstein
    assert n_player_stationary([Fr(9, 10), Fr(4, 5)])[0, 0] == rubinstein(Fr(9, 10), Fr(4, 5)).agreement[0]


@pytest.mark.parametrize("kwargs, match", [
    (dict(delta=1.2, delta2=0.9), "outside \\(0, 1\\)"),
    (dict(delta=0, delta2=0.9), "outside \\(0, 1\\)"),
    (dict(delta=1, delta2=1), "outside \\(0, 1\\)"),
    (dict(delta=0.9, delta2=0.9, breakdown=1), "breakdown probability"),
    (dict(delta=0.9, delta2=0.9, outside_options=(0.6, 0.5)), "no gains from agreement"),
    (dict(delta=0.9, delta2=0.9, outside_options=(-0.1, 0)), ">= 0"),
    (dict(delta=0.9, delta2=0.9, feasible=[[0, 0, 0], [1, 0, 0], [0, 1, 1]]), "2-player"),
    (dict(delta=0.9, delta2=0.9, feasible=[[0, 0], [1, 0], [0, 1]], disagreement=[1, 1]), "nothing to bargain"),
    (dict(), "give the discount factors"),
])
def test_bad_inputs(kwargs, match):
    with pytest.raises(GameError, match=match):
        rubinstein(**kwargs)


def test_bad_finite_and_n_player_inputs():
    with pytest.raises(GameError, match="horizon"):
        finite_horizon(0.9, 0.9, 0)
    with pytest.raises(GameError, match="\\(0, 1\\)"):
        finite_horizon(np.array([0.5, 1.5]), 0.9, 10)
    with pytest.raises(GameError, match="outside \\(0, 1\\)"):
        n_player_stationary([0.9, 1.0, 0.5])
    with pytest.raises(GameError, match="positive"):
        nash_weights_limit([1, 0])


@pytest.mark.parametrize("opts", [(0, 0), (Fr(1, 2), 0), (0, Fr(2)), (Fr(5, 2), Fr(1, 2)), (Fr(1, 10), Fr(1))])
@pytest.mark.parametrize("deltas", [(Fr(9, 10), Fr(4, 5)), (Fr(1, 2), Fr(99, 100))])
def test_exact_piecewise_polytope_matches_root_finder(opts, deltas):
    """The exact solve on a polygonal frontier agrees with Brent's method on the same frontier as a function."""
    S = Polytope([[0, 0], [4, 0], [0, 3], [3, 2], [1, Fr(5, 2)]])
    xs, ys = zip(*[(float(u), float(v)) for u, v in S.frontier()], strict=True)
    fr = Frontier(lambda x: np.interp(x, xs, ys), (0, 4))
    exact = rubinstein(*deltas, feasible=S, outside_options=opts)
    approx = rubinstein(*map(float, deltas), feasible=fr, outside_options=[float(o) for o in opts])
    assert exact.exact and all(isinstance(v, Fr) for v in exact.agreement)
    assert exact.shares == pytest.approx(approx.shares, abs=1e-12)
    assert exact.binding == approx.binding
    assert S.pareto_optimal(exact.agreement)
