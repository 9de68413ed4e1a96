"""Threshold events that are algebraic but not rational show their exact expression in every format.

The fixture game is solved by hand: Column's Left is strictly dominant (bonus > 0), and Row's Up pays
theta^2 - theta - 1 against it (Down pays 0), so Up becomes Row's best response where
theta^2 - theta - 1 = 0, at the golden ratio (1 + sqrt 5)/2 = 1.6180339887..., which no Fraction
equals.
"""

from __future__ import annotations

import json
import math
import re

import pytest
import sympy as sp
from click.testing import CliRunner

from bargain.cli import cli

GOLDEN = '''
from bargain.model.parameters import Model, Parameter

parameters = [Parameter("theta", 1, (0, 3)), Parameter("bonus", 1, (0, 2))]


def payoffs(p):
    return {("Up", "Left"): (p.theta ** 2 - p.theta - 1, p.bonus), ("Up", "Right"): (0, 0),
            ("Down", "Left"): (0, p.bonus), ("Down", "Right"): (0, 0)}


model = Model("golden", parameters, payoffs, players=("Row", "Column"),
              strategies=(("Up", "Down"), ("Left", "Right")))
'''
PHI = (1 + math.sqrt(5)) / 2


@pytest.fixture
def golden(tmp_path):
    path = tmp_path / "golden.py"
    path.write_text(GOLDEN)
    return str(path)


def run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_irrational_threshold_has_its_exact_expression_in_json_table_and_latex(golden):
    data = json.loads(run("thresholds", golden, "-p", "theta", "-n", "31", "-f", "json"))
    (ev,) = data["thresholds"]["theta"]["thresholds"]
    assert ev["exact"] is None and ev["value"] == pytest.approx(PHI, abs=1e-11)   # the numeric route: a float
    assert sp.simplify(sp.sympify(ev["expression"]) - (1 + sp.sqrt(5)) / 2) == 0   # the hand-computed root
    assert float(sp.sympify(ev["expression"])) == pytest.approx(ev["value"], rel=1e-12)
    assert r"\sqrt{5}" in ev["latex"]
    assert data["provenance"]["options"]["exact_budget"] == 60
    text = run("thresholds", golden, "-p", "theta", "-n", "31")
    row = next(ln for ln in text.splitlines() if ln.startswith("theta"))
    assert ev["expression"] in row and "1.61803" in row
    latex = run("thresholds", golden, "-p", "theta", "-n", "31", "-f", "latex")
    assert re.search(r"\$\\frac\{1 \+ \\sqrt\{5\}\}\{2\}\$ & \$1\.61803\$", latex), latex


def test_exact_expression_skipped_with_a_note(golden):
    text = run("thresholds", golden, "-p", "theta", "-n", "31", "--exact-budget", "0")
    assert "sqrt" not in text and "no exact expression sought for theta = 1.61803 (--exact-budget 0)" in text
    text = run("thresholds", golden, "-p", "theta", "-n", "31", "--exact-budget", "0.001")
    assert "sqrt" not in text and "took longer than the budget of 0.001 s" in text


def test_rational_thresholds_need_no_symbolic_route(tmp_path):
    """The inspection game's event at cost = 5 is a Fraction: no expression, no note, no child process."""
    from pathlib import Path

    inspection = Path(__file__).resolve().parent.parent / "fixtures" / "inspection.py"
    data = json.loads(run("thresholds", inspection, "-p", "cost", "-n", "21", "-f", "json"))
    (ev,) = data["thresholds"]["cost"]["thresholds"]
    assert ev["exact"] == "5" and "expression" not in ev


def test_sensitivity_shows_the_same_expression(golden):
    data = json.loads(run("sensitivity", golden, "-p", "theta", "-r", "0:3:31", "-f", "json"))
    (ev,) = data["thresholds"]["thresholds"]
    assert sp.simplify(sp.sympify(ev["expression"]) - (1 + sp.sqrt(5)) / 2) == 0


@pytest.mark.slow
def test_a_game_too_large_for_formulas_gets_its_exact_values_from_the_extreme_equilibria():
    """will_or_capacity is refused by the symbolic support solver (its 9x8 ex-ante form has 1.3e5 support
    profiles): its irrational thresholds come exactly from its extreme equilibria instead, and the numeric table
    shows them (border_trade's second event is a quadratic surd, the numeric value within 1e-12 of it).  A
    rational one is proven by the numeric route itself: capture's first event is 7566/471901, a Fraction, with no
    expression sought."""
    data = json.loads(run("thresholds", "will_or_capacity", "-p", "border_trade", "-f", "json"))
    second = data["thresholds"]["border_trade"]["thresholds"][1]
    want = (-59255 + sp.sqrt(3739485009)) / 3200
    assert second["exact"] is None and sp.simplify(sp.sympify(second["expression"]) - want) == 0
    assert abs(second["value"] - float(want)) <= 1e-12
    data = json.loads(run("thresholds", "will_or_capacity", "-p", "capture", "-f", "json"))
    first = data["thresholds"]["capture"]["thresholds"][0]
    assert first["exact"] == "7566/471901" and "expression" not in first
