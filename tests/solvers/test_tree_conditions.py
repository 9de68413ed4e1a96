"""The defining conditions of a set of free behaviour as printed (tree_polynomial.conditions), and the
continua of a tree answer in its text and JSON output."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import bargain as bg
from bargain.io import read_game
from bargain.solvers.tree_polynomial.conditions import describe_conditions

F = Fraction
NAMES = ["x(a)", "x(b)"]


def test_conditions_are_scaled_flipped_and_listed_once():
    ineq = [{(0,): F(-4)}, {(0,): F(-1)}, {(): F(-2), (0,): F(2), (1,): F(4)}, {(): F(3, 2), (0, 1): F(-3)},
            {(): F(5)}]
    eq = [{(): F(1), (1,): F(-1, 2)}]
    text = describe_conditions(ineq, eq, NAMES)
    assert text == ("{x(a), x(b) : x(a) >= 0; x(a) + 2*x(b) <= 1; 2*x(a)*x(b) >= 1; "
                    "x(b) = 2}")


def test_float_conditions_are_scaled_to_a_largest_coefficient_of_one():
    text = describe_conditions([{(): -1.0, (0,): 4.0, (1,): -2.0}], [], NAMES)
    assert text == "{x(a), x(b) : x(a) - 0.5*x(b) <= 0.25}"


def test_tree_continua_are_printed_and_serialised():
    tree = read_game(Path(__file__).resolve().parents[1] / "data" / "gambit_trees" / "e05.efg")
    eqs = bg.solve(tree)
    assert len(eqs.continua) == 1
    data = eqs.to_dict()["continua"]
    assert len(data) == 1 and data[0]["description"] == eqs.continua[0].description
    members = [k for k, e in enumerate(eqs) if any(e is x for x in eqs.continua[0].samples)]
    assert data[0]["equilibria"] == members and len(members) >= 2
    assert f"continuum (dimension {eqs.continua[0].dimension}) spanned by" in eqs.table()
