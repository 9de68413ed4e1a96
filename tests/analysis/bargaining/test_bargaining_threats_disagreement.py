"""Disagreement points (equilibria, minmax, risk dominance) and Nash's variable-threat game (Nash 1953)."""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
import pytest

from bargain import Game, GameError
from bargain.analysis.bargaining import (
    Polytope,
    disagreement_point,
    minmax_values,
    nash_solution,
    risk_dominant,
    variable_threat,
)
from bargain.analysis.bargaining.threats import degenerate_agreement

STAG = Game.from_matrices([[4, 0], [3, 3]], [[4, 3], [0, 3]], players=("A", "B"),
                          strategies=(("Stag", "Hare"), ("Stag", "Hare")))


def test_minmax_values():
    pennies = Game.from_matrices([[1, -1], [-1, 1]])
    assert minmax_values(pennies) == (0, 0)
    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert minmax_values(pd) == (1, 1)
    bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert minmax_values(bos) == (Fr(2, 3), Fr(2, 3))       # the opponent mixes 1/3 : 2/3
    assert minmax_values(bos.to_float()) == pytest.approx((2 / 3, 2 / 3))
    dp = disagreement_point(bos, "minmax")
    assert dp.values == (Fr(2, 3), Fr(2, 3)) and "minmax" in dp.rule


def test_three_player_minmax_is_correlated():
    rng = np.random.default_rng(3)
    g = Game(rng.integers(-3, 4, size=(3, 2, 2, 2)))
    mm = minmax_values(g)
    pure_mm = [min(np.moveaxis(g.exact_payoffs[i], i, 0).reshape(2, -1).max(axis=0)) for i in range(3)]
    assert all(m <= p for m, p in zip(mm, pure_mm, strict=True))
    assert "correlated" in disagreement_point(g, "minmax").rule


def test_risk_dominance_stag_hunt():
    eq = risk_dominant(STAG)
    assert eq.support == ((1,), (1,))          # Hare/Hare: losses 3*3 > 1*1
    dp = disagreement_point(STAG, "risk-dominant")
    assert dp.values == (3, 3)


def test_equilibrium_rules():
    with pytest.raises(GameError, match="3 equilibria"):
        disagreement_point(STAG)
    eqs = sorted(disagreement_point(STAG, k).values for k in range(3))
    assert eqs[0] == (3, 3) and eqs[-1] == (4, 4)
    assert disagreement_point(STAG, "worst:A").values == (3, 3)
    assert disagreement_point(STAG, "best", player="B").values == (4, 4)
    assert disagreement_point(STAG, [1, 2]).values == (1, 2)
    with pytest.raises(GameError, match="out of range"):
        disagreement_point(STAG, 7)
    with pytest.raises(GameError, match=r"unknown disagreement rule 'minimax'.*did you mean 'minmax'"):
        disagreement_point(STAG, "minimax")
    with pytest.raises(GameError, match="needs a player"):
        disagreement_point(STAG, "worst")
    with pytest.raises(GameError, match="unknown player"):
        disagreement_point(STAG, "worst:C")
    with pytest.raises(GameError, match="no pure equilibrium"):
        risk_dominant(Game.from_matrices([[1, -1], [-1, 1]]))


def test_disagreement_shapes_the_deal():
    bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("US", "China"))
    # the worst equilibrium for either side is the mixed one, (2/3, 2/3) = the minmax point
    for rule in ("minmax", "worst:US", "worst:China"):
        sol = nash_solution(bos, rule)
        assert sol.exact_disagreement == (Fr(2, 3), Fr(2, 3))
        assert sol.exact_payoffs == (Fr(3, 2), Fr(3, 2))
    asym = nash_solution(bos, [0, Fr(1, 2)])                 # a better fallback for China moves the deal
    assert asym.exact_payoffs[1] > Fr(3, 2)
    # the equilibrium best for the US, (2, 1), is already Pareto optimal: nothing to bargain over
    with pytest.raises(GameError, match="nothing to bargain"):
        nash_solution(bos, "best:US")


def _n1(S, A, B, x, y):
    d = (x @ A @ y, x @ B @ y)
    res = S.improvement(d)
    if res[0] > 1e-12:
        return nash_solution(S, d).payoffs[0]
    return float(degenerate_agreement(S, d)[0][0])


def test_variable_threat_symmetric_example():
    """Battle of the sexes with costly miscoordination: edge (2,1)-(1,2), zero-sum game A - B."""
    g = Game.from_matrices([[2, -1], [-1, 1]], [[1, -1], [-1, 2]])
    t = variable_threat(g)
    assert t.agreement.exact_payoffs == (Fr(3, 2), Fr(3, 2))
    assert t.threats == ((1, 0), (0, 1)) and t.threat_point == (-1, -1)
    # rescaling player 1's utility by 2 rescales the solution (Nash's threat solution is scale covariant)
    t2 = variable_threat(Game.from_matrices([[4, -2], [-2, 2]], [[1, -1], [-1, 2]]))
    assert t2.agreement.exact_payoffs == (3, Fr(3, 2))
    assert "threat point" in repr(t) and t.to_dict()["agreement"]["exact_payoffs"] == {"P1": "3/2", "P2": "3/2"}


@pytest.mark.parametrize("seed", range(6))
def test_variable_threat_is_a_saddle_point(seed):
    """No unilateral change of threat (pure or mixed) moves N_1 in the deviator's favour."""
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-5, 6, (3, 3)), rng.integers(-5, 6, (3, 3))
    g = Game.from_matrices(A, B)
    try:
        t = variable_threat(g)
    except GameError as exc:
        assert "single Pareto optimal outcome" in str(exc)
        return
    S = Polytope.from_game(g.to_float())
    x, y = (np.array([float(v) for v in s]) for s in t.threats)
    star = t.payoffs[0]
    assert _n1(S, A, B, x, y) == pytest.approx(star, abs=1e-9)
    for yy in [*np.eye(3), *rng.dirichlet(np.ones(3), 8)]:
        assert _n1(S, A, B, x, yy) >= star - 1e-9
    for xx in [*np.eye(3), *rng.dirichlet(np.ones(3), 8)]:
        assert _n1(S, A, B, xx, y) <= star + 1e-9
    assert t.exact and S.pareto_optimal(t.payoffs)


def test_variable_threat_bad_input():
    with pytest.raises(GameError, match="2 players"):
        variable_threat(Game(np.zeros((3, 2, 2, 2), dtype=int)))
    with pytest.raises(GameError, match=r"needs a bargain\.Game"):
        variable_threat([[1, 2], [3, 4]])
