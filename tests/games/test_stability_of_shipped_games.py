"""bargain.testing on every shipped game: the default equilibria verify, hold near the defaults,
and the assertion names the break where the article's prediction fails."""

import pytest

import bargain as bg
from bargain.testing import assert_equilibria_equal, assert_equilibrium, assert_stable

# (game, solver method, parameter, a window around the default where the equilibrium holds)
CASES = [
    ("sanctions_triangle", "auto", "refugee_risk", (0.2, 0.8)),
    ("buffer_state", "auto", "collapse_cost", (10.0, 24.0)),
    ("russia_channel", "auto", "russia_trade_gain", None),
    ("linkage_bargain", "auto", "collapse_cost", None),
    ("sequential_crisis", "pure", "icbm_cost", None),
]


@pytest.mark.parametrize(("name", "method", "param", "window"), CASES, ids=[c[0] for c in CASES])
def test_default_equilibria_verify_and_hold_near_the_defaults(name, method, param, window):
    model = bg.load_game(name)
    game = model.game()
    eqs = bg.solve(game, method=method)
    assert len(eqs) >= 1
    for eq in eqs:
        assert_equilibrium(game, eq)
    assert_equilibria_equal(eqs, bg.solve(game, method=method))          # deterministic
    p = model.parameter(param)
    lo, hi = window if window else (p.default * 0.9, min(p.high, p.default * 1.1))
    assert_stable(model, eqs[0], over={param: (lo, hi)}, points=9, method=method)


def test_the_triangle_prediction_breaks_where_the_thresholds_say():
    model = bg.load_game("sanctions_triangle")
    eq = bg.solve(model.game())[0]
    # China drops the optics for Lax where 0.6 (c - 1.5) - 0.388 = 0 (c = 161/75) and where
    # 0.6 (2.5 - t) - 0.388 = 0 (t = 139/75): the thresholds of the closed form
    with pytest.raises(AssertionError, match=r"breaks at cooperation_value = 2\.146666"):
        assert_stable(model, eq, over={"cooperation_value": (1.0, 3.0)}, points=11)
    with pytest.raises(AssertionError, match=r"breaks at taiwan_linkage = 1\.853333"):
        assert_stable(model, eq, over={"taiwan_linkage": (1.0, 3.0)}, points=11)
