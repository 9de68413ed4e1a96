"""Implicit-function-theorem derivatives against closed forms and finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from bargain import solve
from bargain.analysis.derivatives import derivatives, payoff_derivative
from bargain.errors import GameError
from bargain.solvers.batch import solve_batch
from tests.examples import affine_model, battle_of_sexes, chicken, inspection_game


def test_tsebelis_penalty_does_not_move_violation():
    m = inspection_game()
    eq = solve(m.game(penalty=3.0))[0]
    d = derivatives(m, eq, values={"penalty": 3.0})
    assert d.regular
    # the target's violation probability cost/harm: derivative exactly 0 in the penalty
    assert d.d_probability("Target", "Violate")["penalty"] == 0.0
    # the inspector's probability gain/(gain+penalty): -gain/(gain+penalty)^2
    assert d.d_probability("Inspector", "Inspect")["penalty"] == pytest.approx(-1.0 / 16.0, abs=1e-10)
    assert d.d_probability("Target", "Violate")["cost"] == pytest.approx(1.0 / 4.0, abs=1e-10)
    assert d.d_probability("Target", "Violate")["harm"] == pytest.approx(-1.0 / 16.0, abs=1e-10)
    # the inspector's payoff is -cost: d/d cost = -1; elasticity of P(Violate) in cost is 1
    assert d.d_payoffs[d.parameters.index("cost"), 0] == pytest.approx(-1.0, abs=1e-10)
    c = d.strategies[1].index("Violate") + 2
    assert d.elasticity_profile[d.parameters.index("cost"), c] == pytest.approx(1.0, abs=1e-9)


def test_chicken_and_bos_by_hand():
    m = chicken()
    mixed = next(e for e in solve(m.game(crash=2.5)) if not e.is_pure)
    d = derivatives(m, mixed, "crash", values={"crash": 2.5})
    assert d.d_probability("Row", "Straight")["crash"] == pytest.approx(-1.0 / 2.5**2, abs=1e-10)
    b = battle_of_sexes()
    mixed = next(e for e in solve(b.game(a=3.0)) if not e.is_pure)
    d = derivatives(b, mixed, values={"a": 3.0})
    assert d.d_probability("Row", "Opera")["a"] == pytest.approx(1.0 / 16.0, abs=1e-10)     # d a/(1+a)
    assert d.d_probability("Column", "Opera")["a"] == pytest.approx(-1.0 / 16.0, abs=1e-10)  # d 1/(1+a)
    # a strict pure equilibrium does not move at all
    pure = next(e for e in solve(b.game(a=3.0)) if e.is_pure)
    dp = derivatives(b, pure, values={"a": 3.0})
    assert dp.regular and np.all(dp.d_profile == 0.0)


@pytest.mark.parametrize("shape, seed", [((3, 3), 0), ((2, 2, 2), 1), ((3, 3, 2), 2)])
def test_against_finite_differences(shape, seed):
    m = affine_model(shape, n_params=2, seed=seed)
    base = m.payoffs()
    res = solve_batch(base[None], n_players=len(shape))
    h = 1e-6
    plus = solve_batch(m.payoffs(t0=0.5 + h)[None], n_players=len(shape))
    minus = solve_batch(m.payoffs(t0=0.5 - h)[None], n_players=len(shape))
    for prof in res.equilibria_at(0):
        flat = np.concatenate(prof)
        d = derivatives(m, prof, "t0")
        assert d.regular

        def nearest(r, flat=flat):
            cands = [np.concatenate(q) for q in r.equilibria_at(0)]
            return min(cands, key=lambda q: np.abs(q - flat).max())
        fd = (nearest(plus) - nearest(minus)) / (2 * h)
        assert np.allclose(d.d_profile[0], fd, atol=1e-6)


def test_payoff_derivative_one_sided_at_bounds():
    m = affine_model((2, 2), n_params=1, seed=3)
    slope = m.payoffs(t0=1.0) - m.payoffs(t0=0.0)
    for t in (0.0, 0.5, 1.0):
        assert np.allclose(payoff_derivative(m, {"t0": t}, "t0"), slope, atol=1e-9)


def test_nonregular_and_bad_input():
    m = chicken()
    with pytest.raises(GameError, match="not an equilibrium"):
        derivatives(m, ([1.0, 0.0], [1.0, 0.0]))
    with pytest.raises(GameError, match="no parameter"):
        derivatives(m, ([0.0, 1.0], [1.0, 0.0]), "crsh")
    # at crash = 1 the pure profile (Straight, Straight) ties with Swerve: not regular
    d = derivatives(m, ([0.0, 1.0], [0.0, 1.0]), values={"crash": 1.0})
    assert not d.regular and np.isnan(d.d_profile).all()
    assert "not regular" in d.table()


def test_polished_newton_moves_with_payoffs_below_its_tolerance():
    """A warm start already within Newton's tolerance is returned unchanged unless polished: followed along a
    parameter, the solution stands still and a root finder on it stops at a step (will_or_capacity's capture
    threshold was 2.4e-12 off that way).  Polished, it solves the changed game to rounding."""
    from bargain.analysis.derivatives import newton_support, support_residual

    # battle of the sexes: row mixes (2/3, 1/3), column (1/3, 2/3), both values 2/3
    U = np.array([[[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]])
    support = ((0, 1), (0, 1))
    w0 = np.array([2 / 3, 1 / 3, 2 / 3, 1 / 3, 2 / 3, 2 / 3])
    d = 3e-13                                         # the row player's residual y0 * d is under 1e-13 * range
    U2 = U.copy()
    U2[0, 0, 0] += d
    plain = newton_support(U2, support, w0)
    polished = newton_support(U2, support, w0, polish=True)
    assert plain is not None and polished is not None
    assert np.array_equal(plain, w0)                  # stood still
    y0 = 1 / (3 + d)                                  # column's probability of its first strategy, exactly
    assert abs(polished[3] - y0) <= 2e-16 and abs(plain[3] - y0) > 3e-14
    assert np.max(np.abs(support_residual(U2, support, polished))) <= 4 * np.finfo(float).eps
