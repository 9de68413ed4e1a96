"""``bargain solve --symbolic`` and ``bargain thresholds --symbolic`` through CliRunner."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.io.nfg import format_nfg

HAWK_DOVE = '''
from bargain import Model, Parameter

V = Parameter("V", 2.0, (0.5, 10.0))
C = Parameter("C", 4.0, (0.5, 10.0))


def payoffs(p):
    return {("Hawk", "Hawk"): ((p.V - p.C) / 2, (p.V - p.C) / 2), ("Hawk", "Dove"): (p.V, 0),
            ("Dove", "Hawk"): (0, p.V), ("Dove", "Dove"): (p.V / 2, p.V / 2)}


model = Model("hawk_dove", [V, C], payoffs, players=("Row", "Column"), strategies=(("Hawk", "Dove"), ("Hawk", "Dove")))
'''


@pytest.fixture
def hawk(tmp_path) -> str:
    path = tmp_path / "hawk_dove.py"
    path.write_text(HAWK_DOVE)
    return str(path)


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_solve_symbolic_json_and_latex(hawk):
    res = _run("solve", hawk, "--symbolic", "-f", "json", "-q")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    mixed = next(f for f in data["formulas"] if f["label"] == "Row:Hawk+Dove | Column:Hawk+Dove")
    assert sp.simplify(sp.sympify(mixed["probabilities"]["P(Row:Hawk)"]) - sp.sympify("V/C")) == 0
    assert mixed["regimes"][0]["inequalities"][0]["inequality"] in ("V < C", "C > V")
    res = _run("solve", hawk, "--symbolic", "-f", "latex", "-q")
    assert res.exit_code == 0 and r"\frac{V}{C}" in res.stdout and r"\begin{aligned}" in res.stdout
    res = _run("solve", hawk, "--symbolic", "--set", "C=4", "-q")      # C fixed: formulas in V alone
    assert res.exit_code == 0 and "V/4" in res.stdout


def test_thresholds_symbolic(hawk):
    res = _run("thresholds", hawk, "--symbolic", "-p", "V", "-f", "json", "-q")
    assert res.exit_code == 0, res.output
    items = json.loads(res.stdout)["thresholds"]
    assert items and {t["expression"] for t in items} == {"C"} and {t["exact"] for t in items} == {"4"}
    res = _run("thresholds", hawk, "--symbolic", "-p", "V", "-f", "latex", "-q")
    assert res.exit_code == 0 and "V &= C = 4" in res.stdout


def test_symbolic_needs_a_model(tmp_path):
    g = bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    path = tmp_path / "bos.nfg"
    path.write_text(format_nfg(g, "BoS"))
    res = _run("solve", path, "--symbolic")
    assert res.exit_code == 2 and res.stderr.startswith("error: ") and res.stderr.count("\n") == 1
    assert "--symbolic needs a parametric model" in res.stderr


def test_thresholds_symbolic_of_a_tree_give_its_off_path_switches():
    """russia_channel: after Russia expands (off the path), North Korea freezes once china_enforcement passes
    deterrent_value / (lifeline_value (1 - russia_substitution)) = 10/21 (by hand: 6 / (18 * 0.7))."""
    res = _run("thresholds", "russia_channel", "--symbolic", "-p", "china_enforcement", "-f", "json", "-q")
    assert res.exit_code == 0, res.output
    items = json.loads(res.stdout)["thresholds"]
    off = [t for t in items if t["support"] == "subgame-perfect" and "off the path" in t["binding"]]
    assert [t["exact"] for t in off] == ["10/21"] and "DPRK at Expand: Test -> Freeze" in off[0]["binding"]


@pytest.mark.slow
def test_solve_symbolic_of_a_game_that_compares_parameters():
    """linkage_bargain's payoffs compare the cut with North Korea's resolve: every regime is printed as inequalities,
    most with their side of the comparisons (one the regime's other inequalities imply is dropped as redundant)."""
    res = _run("solve", "linkage_bargain", "--symbolic", "-f", "json", "-q")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["formulas"] and not data.get("unverified")
    regimes = [reg for f in data["formulas"] for reg in f["regimes"]]
    assert all(reg["inequalities"] and reg["verified"] for reg in regimes)
    sides = [any(q["binding"].startswith("the payoffs switch: ") for q in reg["inequalities"]) for reg in regimes]
    assert sum(sides) > len(regimes) / 2
