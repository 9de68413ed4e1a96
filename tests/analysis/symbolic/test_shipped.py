"""The shipped parametric games in closed form: regimes as inequalities, thresholds against the numeric ones."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import bargain as bg
from bargain.analysis.symbolic.report import support_text
from bargain.analysis.thresholds import all_thresholds
from tests.analysis.symbolic.regime_checks import (
    assert_regimes_verified_and_printed,
    equilibria_in_their_regimes,
    random_points,
)

#: The shipped normal forms whose payoffs are traced in the parameters.  linkage_bargain's North Korea answers by a
#: comparison (it tests iff the cut is within its resolve): its payoffs are split into the sides of the comparisons
#: (see test_branches.py).  The shipped trees buffer_state and russia_channel are tested in test_trees.py.
GAMES = ("sanctions_triangle", "linkage_bargain")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=GAMES)
def shipped(request):
    model = bg.load_game(request.param)
    return model, bg.symbolic.formulas(model)


def test_every_regime_is_printed_as_inequalities(shipped):
    _, sol = shipped
    assert_regimes_verified_and_printed(sol)
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


#: The regimes of sanctions_triangle as computed before the symbolic solver was made faster (support labels, the
#: probabilities, each regime's inequalities with what binds; a long text by its sha256).
REGIMES_FIXTURE = Path(__file__).parents[2] / "data" / "sanctions_triangle_regimes.json"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:24]


def _digest(sol) -> dict:
    """What the fixture records, read off a solution (the texts ``to_dict`` gives)."""
    g = sol.game
    return {"game": g.name,
            "formulas": [{"label": f.label, "method": f.solution.method,
                          "probabilities": {name: _short(sp.sstr(e)) for name, e in f._prob_lines()},
                          "regimes": [[[q.binding, _short(q.text)] for q in r.inequalities] for r in f.regimes]}
                         for f in sol],
            "unverified": [f.label for f in sol.unverified],
            "unsolved": [support_text(g, u.support) for u in sol.unsolved]}


def test_regimes_are_those_found_before_the_speed_up(shipped):
    """Pruning and caching in the solver must not drop, add or rewrite a regime: every formula, regime and
    inequality text of sanctions_triangle is the one recorded from the slower solver."""
    model, sol = shipped
    if model.name != "sanctions_triangle":
        pytest.skip("the recorded regimes are sanctions_triangle's")
    now = _digest(sol)
    before = json.loads(REGIMES_FIXTURE.read_text())
    assert [f["label"] for f in now["formulas"]] == [f["label"] for f in before["formulas"]]
    assert now["unsolved"] == before["unsolved"] and now["unverified"] == before["unverified"] == []
    for a, b in zip(now["formulas"], before["formulas"], strict=True):
        assert a == b, a["label"]
    assert sol.n_regimes == 33 and sol.supports_tried == 7 * 7 * 3


def test_every_equilibrium_at_random_points_of_the_box_has_its_regime(shipped):
    """An independent sweep: at random points of the parameter box, every equilibrium the numeric solver finds
    with at most two players mixing is reproduced by a verified formula on its support (to 1e-9) whose regime
    inequalities hold there."""
    model, sol = shipped
    points = random_points(model, 6, seed=7, defaults=False)
    assert equilibria_in_their_regimes(model, sol, points, lambda eq: sum(len(s) > 1 for s in eq.support) > 2) >= 6


def test_long_payoffs_and_conditions_are_the_numeric_expectations(shipped):
    """Where a payoff or best-response condition is too long to show expanded, it is shown as an expectation over
    the support; at a sample point inside each regime each such expression (and every payoff) equals what the
    numeric game gives for the formula's profile there: the expected payoff, or the expected gain of the support
    over the strategy off it."""
    model, sol = shipped
    g = sol.game
    checked = 0
    for f in sol:
        # a sample point inside each regime (where the payoffs compare parameters, a formula holds on its side only)
        for reg in f.regimes:
            point = sol.samples.point(int(reg.region.members[-1]))
            game = model.game(**point)
            sub = {g.symbols[n]: v for n, v in point.items()}
            prof = f.evaluate(**point)
            for i in range(g.n_players):
                dev = game.payoffs[i]
                for j in reversed(range(g.n_players)):
                    if j != i:
                        dev = np.tensordot(dev, prof[j], axes=([j], [0]))
                want = dev[f.support[i][0]]
                assert abs(float(f.payoffs[i].xreplace(sub)) - want) <= 1e-9 * max(1.0, abs(want)), f.label
                for q in reg.inequalities:
                    if not q.expectation or not q.binding.startswith(f"{g.players[i]}:"):
                        continue
                    k = g.strategies[i].index(q.binding.split(":", 1)[1].split(" becomes")[0])
                    gap = float(q.lhs.xreplace(sub))
                    assert abs(gap - (want - dev[k])) <= 1e-9 * max(1.0, abs(want)), (f.label, q.binding)
                    checked += 1
    assert model.name != "sanctions_triangle" or checked > 0
