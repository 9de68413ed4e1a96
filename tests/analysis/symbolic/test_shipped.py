"""The shipped parametric games in closed form: regimes as inequalities, thresholds against the numeric ones."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.thresholds import all_thresholds

#: The shipped normal forms whose payoffs are arithmetic in the parameters.  buffer_state and russia_channel are
#: game trees, and linkage_bargain's North Korea answers by a comparison (tests iff the cut is within its
#: resolve): the symbolic tracer refuses them with one clear error (tested below).
GAMES = ("sanctions_triangle",)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=GAMES)
def shipped(request):
    model = bg.load_game(request.param)
    return model, bg.symbolic.formulas(model)


def test_every_regime_is_printed_as_inequalities(shipped):
    _, sol = shipped
    assert len(sol) > 0 and not sol.unverified
    text = sol.text()
    for f in sol:
        assert f.verified and f.regimes
        for reg in f.regimes:
            assert reg.verified and reg.checked > 0 and reg.max_error <= 1e-9
            for q in reg.inequalities:
                assert q.rel in (">", ">=", "<", "<=") and q.text in text
                assert q.relation.free_symbols <= set(sol.game.symbols.values())
    latex = sol.latex()
    assert r"\frac" in latex and r"\mathit{" in latex


def test_numeric_equilibria_at_the_defaults_have_their_formula(shipped):
    model, sol = shipped
    for eq in bg.solve(model.game()):
        if sum(len(s) > 1 for s in eq.support) > 2:
            continue                   # three players mixing: no closed form in this many parameters
        f = eq.formula(sol)
        assert f.support == tuple(eq.support)
        assert all(np.allclose(a, b, atol=1e-12) for a, b in zip(f.evaluate(), eq.profile, strict=True))


def test_every_numeric_threshold_matches_a_closed_form(shipped):
    """Each threshold bg.thresholds reports at the defaults equals a closed form evaluated there, to 1e-12
    (relative to max(1, |value|)).  Brent's root-finding on a support where three players mix is itself
    only accurate to a few 1e-12 (its Newton solves), so those get 2e-12.  Once an xfail: the threshold at
    sanction_trust = 1823/750, where (Status quo, Optics, Test) and a mixed US:Sanction+Status quo |
    China:Optics+Lax equilibrium appear together, is now found both ways."""
    model, sol = shipped
    symbolic = bg.symbolic.thresholds(sol)
    numeric = all_thresholds(model)
    assert numeric
    for name, thr in numeric.items():
        for t in thr:
            three = t.support.count("+") >= 3
            tol = (2e-12 if three and t.method == "root-finding" else 1e-12) * max(1.0, abs(t.value))
            close = [s for s in symbolic if s.parameter == name and abs(s.value - t.value) <= tol]
            assert close, (name, t.value, t.support, t.binding)
            if t.exact is not None:
                assert any(s.exact is not None and abs(float(s.exact) - float(t.exact)) == 0 for s in close)


@pytest.mark.parametrize("name", ["buffer_state", "russia_channel", "linkage_bargain"])
def test_untraceable_shipped_games_say_why(name):
    with pytest.raises(bg.GameError, match="cannot be traced symbolically"):
        bg.symbolic.formulas(bg.load_game(name))
