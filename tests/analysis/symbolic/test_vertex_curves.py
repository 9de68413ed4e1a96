"""Thresholds of a degenerate game as functions of a second parameter, against formulas worked out by hand.

The moving-vertex game of ``test_vertices`` (Row's payoff first)::

             L             R
    T     (1, 1)      (a^2, 1)
    B     (0, 0)      (b, 1)

has one event: Column's vertex ``y* = (b - a^2) / (1 + b - a^2)`` reaches 0 where ``a^2 = b``.  So
``a* = sqrt(b)`` and ``b* = a^2``, with ``F = a^2 - b``.  With ``a`` in ``(0, 1.6)`` and ``b`` in
``(0.5, 3)``: ``a* = sqrt(b)`` holds for ``1/2 < b < 64/25`` (above, ``a*`` would pass ``a``'s bound 1.6),
and ``b* = a^2`` for ``sqrt(2)/2 < a < 1.6`` (below, ``b*`` would pass ``b``'s bound 1/2).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner

import bargain as bg
from bargain.analysis.symbolic.vertex_curves import threshold_curves, vertex_threshold_curves
from bargain.analysis.symbolic.vertex_general import general_threshold, vertex_threshold_formulas_general
from bargain.analysis.symbolic.vertex_thresholds import locate_events
from bargain.analysis.symbolic.vertices import ParametricPayoffs, VertexRegimes
from bargain.analysis.thresholds import thresholds
from bargain.cli import cli
from bargain.errors import GameError


def moving_vertex() -> bg.Model:
    return bg.Model(
        "moving_vertex", [bg.Parameter("a", 1.0, (0.0, 1.6)), bg.Parameter("b", 2.0, (0.5, 3.0))],
        lambda p: {("T", "L"): (1, 1), ("T", "R"): (p.a * p.a, 1), ("B", "L"): (0, 0), ("B", "R"): (p.b, 1)},
        players=("Row", "Column"), strategies=(("T", "B"), ("L", "R")))


def _sym(curve, name):
    return next(s for s in curve.polynomial.free_symbols if s.name == name)


def test_a_star_is_sqrt_b_on_the_hand_interval():
    curves, notes = vertex_threshold_curves(moving_vertex(), "a", "b")
    assert notes == []
    assert len(curves) == 1
    c = curves[0]
    b = _sym(c, "b")
    assert c.expression == sp.sqrt(b)
    assert sp.expand(c.polynomial - (_sym(c, "a") ** 2 - b)) == 0
    assert c.low.exact == sp.Rational(1, 2) and c.low.bracket is None and "b reaches its bound" in c.low.why
    assert c.high.exact == sp.Rational(64, 25) and c.high.bracket is None and "a reaches its bound 1.6" in c.high.why
    assert len(c.checks) == 3
    for q, f, numeric in c.checks:
        assert 0.5 < q < 2.56 and abs(f - np.sqrt(q)) < 1e-12
        assert numeric is None or abs(numeric - f) <= 1e-9
    assert abs(c(2.25) - 1.5) < 1e-15
    assert r"\sqrt{b}" in c.latex and r"\frac{64}{25}" in c.latex
    d = c.to_dict()
    assert d["low"]["exact"] == "1/2" and d["high"]["exact"] == "64/25" and d["in_terms_of"] == "b"


def test_b_star_is_a_squared_with_a_surd_end():
    (c,), _ = vertex_threshold_curves(moving_vertex(), "b", "a")
    assert c.expression == _sym(c, "a") ** 2
    assert c.low.exact == sp.sqrt(2) / 2 and "b reaches its bound 0.5" in c.low.why
    assert c.high.exact == sp.Rational(8, 5) and "a reaches its bound" in c.high.why
    assert "sqrt(2)/2 (= 0.707106781187) < a < 8/5" in c.text


def test_bad_parameters_are_refused():
    model = moving_vertex()
    with pytest.raises(GameError, match="no parameter 'c'"):
        vertex_threshold_curves(model, "a", "c")
    with pytest.raises(GameError, match="in terms of 'a' itself"):
        vertex_threshold_curves(model, "a", "a")
    with pytest.raises(GameError, match="is fixed"):
        vertex_threshold_curves(model, "a", "b", at={"b": 2.0})
    with pytest.raises(GameError, match="already formulas in every parameter"):
        bg.symbolic.thresholds(model, "a", in_terms_of="b")       # a 2x2 game is solved on every support


def test_capture_in_terms_of_refugee_risk_is_the_hand_formula():
    """capture* = 12(63r - 25)(144r + 25) / (650304r^2 + 474900r + 71875), derived by hand (r = refugee_risk); it
    holds from r = 25/63 (capture* = 0) up to where P(China:Lax/Lax) of a vertex at the event reaches 0 on the
    curve (r = 0.6184514...).  Just past that end the numeric finder still sees an event at the formula's value,
    but a different one: the conditions it reports there change (an independent check of the end)."""
    model = bg.load_game("will_or_capacity")
    pp = ParametricPayoffs(model)
    events = [e for e in thresholds(model, "capture") if abs(e.value - 7566 / 471901) < 1e-9]
    vr = VertexRegimes(model, "capture", payoffs=pp)
    (c,), notes = threshold_curves(model, "capture", "refugee_risk", locate_events(model, "capture", events,
                                                                                   regimes=vr), vr, pp)
    assert notes == []
    r = _sym(c, "refugee_risk")
    want = 12 * (63 * r - 25) * (144 * r + 25) / (650304 * r**2 + 474900 * r + 71875)
    assert sp.cancel(c.expression - want) == 0
    assert c.exact == sp.Rational(7566, 471901) and c.default == 0.5
    assert c.low.exact == sp.Rational(25, 63) and "capture reaches its bound 0" in c.low.why
    assert c.high.bracket is None and abs(c.high.value - 0.618451415783) < 1e-11
    assert "P(China:Lax/Lax) reaches 0" in c.high.why
    assert all(n is not None and abs(n - f) <= 1e-9 for _q, f, n in c.checks)
    kinds = []
    for q in (c.high.value - 2e-3, c.high.value + 2e-3):
        v = c(q)
        found = [e for e in thresholds(model, "capture", np.linspace(v - 1e-3, v + 1e-3, 7), fixed={"refugee_risk": q})
                 if abs(e.value - v) < 1e-9]
        assert len(found) == 1
        kinds.append(set(found[0].binding.split("; ")))
    assert kinds[0] != kinds[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--in-terms-of", "refugee_rsk"], "no parameter 'refugee_rsk'"),
    (["-p", "capture", "--in-terms-of", "capture"], "also a --param"),
    (["--in-terms-of", "capture", "--set", "capture=0.5"], "conflicts with --in-terms-of"),
])
def test_cli_refuses_bad_input_in_one_line(args, message):
    res = CliRunner().invoke(cli, ["thresholds", "will_or_capacity", "--symbolic", *args])
    assert res.exit_code == 2
    assert message in res.output and len(res.output.strip().splitlines()) == 1


def test_cli_in_terms_of_needs_symbolic():
    res = CliRunner().invoke(cli, ["thresholds", "will_or_capacity", "--in-terms-of", "capture"])
    assert res.exit_code == 2 and "--in-terms-of needs --symbolic" in res.output


def test_in_every_parameter_the_moving_vertex_gives_sqrt_b():
    (f,), notes = vertex_threshold_formulas_general(moving_vertex(), "a")
    assert notes == []
    assert f.expression == sp.sqrt(next(s for s in f.expression.free_symbols if s.name == "b"))
    assert abs(f.value - 2 ** 0.5) < 1e-15 and "checked at 3 random points" in f.binding


def test_capture_in_every_parameter_reduces_to_the_hand_formula():
    """The formula in all 19 parameters, the others at their defaults but refugee_risk, is the hand formula."""
    model = bg.load_game("will_or_capacity")
    pp = ParametricPayoffs(model)
    events = [e for e in thresholds(model, "capture") if abs(e.value - 7566 / 471901) < 1e-9]
    vr = VertexRegimes(model, "capture", payoffs=pp)
    (le,) = locate_events(model, "capture", events, regimes=vr)
    f, why = general_threshold(model, pp, vr, le)
    assert f is not None, why
    syms = {s.name: s for s in f.expression.free_symbols}
    assert len(syms) > 10
    r = syms.pop("refugee_risk")
    point = {s: sp.Rational(repr(float(model.parameters[n].default))) for n, s in syms.items()}
    want = 12 * (63 * r - 25) * (144 * r + 25) / (650304 * r**2 + 474900 * r + 71875)
    assert sp.cancel(f.expression.xreplace(point) - want) == 0
    assert f.exact == sp.Rational(7566, 471901)


def test_cli_json_has_the_formula_its_interval_and_checks():
    res = CliRunner().invoke(cli, ["thresholds", "will_or_capacity", "--symbolic", "-p", "refugee_risk",
                                   "--in-terms-of", "capture", "--format", "json", "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["in_terms_of"] == "capture"
    rows = {t["exact"]: t for t in data["thresholds"]}
    flat = rows["25/48"]                                    # refugee_risk* = 25/48 whatever capture is, up to 5/6
    assert flat["expression"] == "25/48" and flat["high"]["exact"] == "5/6" and flat["low"]["exact"] == "0"
    assert all(len(t["checks"]) == 3 for t in data["thresholds"])
