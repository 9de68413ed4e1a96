"""Tracing errors, LaTeX and JSON output, and the Equilibrium.formula hook."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

import bargain as bg
from bargain.analysis.symbolic import latex_name, symbolic_game


def _branching_model():
    def payoffs(p):
        return {("A", "A"): (np.maximum(p.x, 0), 0), ("A", "B"): (0, 1), ("B", "A"): (0, 1), ("B", "B"): (1, 0)}

    return bg.Model("branchy", [bg.Parameter("x", 1.0, (-1.0, 2.0))], payoffs, players=("R", "C"),
                    strategies=(("A", "B"), ("A", "B")))


def test_untraceable_model_gets_one_clear_error_and_numeric_tools_still_work():
    model = _branching_model()
    with pytest.raises(bg.GameError, match=r"cannot be traced symbolically.*np\.maximum"):
        bg.symbolic.formulas(model)
    assert len(bg.solve(model.game(x=0.5))) >= 1          # the numeric side is untouched


def test_rational_payoff_is_solved_and_a_pole_in_the_box_refused():
    """By hand: R plays A (paying 1/x) iff 1/x >= 1, i.e. x <= 1, and earns 1/x there.  With x in (-1, 2) the
    payoff 1/x has a pole inside the box: refused, naming it; a payoff that is no quotient of polynomials too."""
    model = bg.Model("ratio", [bg.Parameter("x", 0.8, (0.5, 2.0))],
                     lambda p: {("A",): (1 / p.x,), ("B",): (1,)}, players=("R",), strategies=(("A", "B"),))
    sol = bg.symbolic.formulas(model)
    x = sol.game.symbols["x"]
    a = sol.find("R:A")
    assert sp.simplify(a.payoffs[0] - 1 / x) == 0
    assert [str(q.relation) for r in a.regimes for q in r.inequalities] == ["x <= 1"]
    assert any("rational" in n for n in sol.notes)
    pole = bg.Model("pole", [bg.Parameter("x", 0.8, (-1.0, 2.0))],
                    lambda p: {("A",): (1 / p.x,), ("B",): (1,)}, players=("R",), strategies=(("A", "B"),))
    with pytest.raises(bg.GameError, match="pole"):
        bg.symbolic.formulas(pole)
    root = bg.Model("root", [bg.Parameter("x", 0.8, (0.5, 2.0))],
                    lambda p: {("A",): (sp.sqrt(p.x),), ("B",): (1,)}, players=("R",), strategies=(("A", "B"),))
    with pytest.raises(bg.GameError, match="not a polynomial"):
        bg.symbolic.formulas(root)


def test_latex_names():
    assert latex_name("g") == "g"
    assert latex_name("delta") == r"\delta"
    assert latex_name("k_0") == "k_{0}"
    assert latex_name("refugee_risk") == r"\mathit{refugee\_risk}"


def test_traced_payoffs_are_exact():
    sg = symbolic_game(bg.load_game("sanctions_triangle"))
    u = sg.payoffs[0, 2, 2, 0]         # US at (Status quo, Lax, Test): nothing cut, -icbm_cost less the trust term 0
    assert u == -sg.symbols["icbm_cost"]
    assert all(not e.atoms(sp.Float) for e in sg.payoffs.flat)


def test_latex_json_and_hook(textbook):
    model = textbook.hawk_dove()
    sol = bg.symbolic.formulas(model)
    mixed = sol.find("Row:Hawk+Dove | Column:Hawk+Dove")
    assert r"\frac{V}{C}" in mixed.latex() and mixed._repr_latex_().startswith("$$")
    assert r"\frac{V}{C}" in sol._repr_latex_()
    data = json.loads(sol.to_json())
    entry = next(f for f in data["formulas"] if f["label"] == mixed.label)
    assert sp.simplify(sp.sympify(entry["probabilities"]["P(Row:Hawk)"]) - sp.sympify("V/C")) == 0
    assert entry["regimes"][0]["verified"]
    eqs = bg.solve(model.game(V=1, C=3))
    found = eqs.formulas(model, V=1, C=3)
    assert {f.label for f in found} == {e.label for e in sol if e.label != "Row:Hawk | Column:Hawk"}
    with pytest.raises(bg.GameError, match="no verified closed form"):
        next(e for e in eqs if not e.is_pure).formula(model, V=2, C=3)   # not the game it came from
