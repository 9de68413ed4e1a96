"""Rich display: HTML, LaTeX and pandas frames of results, with clean numbers (no rounding noise)."""

from __future__ import annotations

import re
import sys
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.io.display import clean, html, report
from bargain.io.render import Report, Table, render
from tests.examples import inspection_game

NOISE = re.compile(r"e-1[0-9]|-0(?![.\d/])|0\.999999|0\.0000000")


def pennies() -> bg.Game:
    return bg.Game.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


@pytest.mark.parametrize("x, expected", [
    (-2.66454e-16, 0), (-0.0, 0), (2 - 1e-13, 2), (1 / 3 + 1e-14, Fraction(1, 3)), (0.7999999999999999, 0.8),
    (Fraction(-299, 50), -5.98), (Fraction(2, 7), Fraction(2, 7)), (0.123456789, 0.123456789),
])
def test_clean_numbers(x, expected):
    out = clean(x)
    assert out == expected and type(out) is type(expected)


def test_game_html_has_no_rounding_noise():
    g = bg.Game.from_matrices([[1 / 3 + 1e-14, -2.66454e-16], [-0.0, 2 - 1e-13]], [[0.1 + 0.2, 1.0], [0.0, 0.5]])
    text = g._repr_html_()
    assert ">1/3, 0.3<" in text and ">0, 1<" in text and ">0, 0<" in text and ">2, 0.5<" in text
    assert not NOISE.search(text), text


def test_equilibria_html_and_latex_match_the_hand_solution():
    """Matching pennies: the unique equilibrium is 1/2-1/2 for both, value 0 (von Neumann 1928)."""
    eqs = bg.solve(pennies())
    h = eqs._repr_html_()
    assert h.count("<tr>") == 2
    assert "S1 0.5, S2 0.5" in h              # a terminating fraction prints as its decimal
    tex = eqs._repr_latex_()
    assert r"\begin{tabular}" in tex and "S1 $0.5$, S2 $0.5$" in tex and "-0" not in tex


def test_float_equilibria_print_clean():
    """A float solve of the inspection game: P(inspect) = gain/(gain+penalty) = 1/3 exactly, printed 1/3."""
    g = inspection_game().game(exact=False)
    eqs = bg.solve(g, exact=False)
    text = html(eqs)
    assert "Inspect 1/3, Skip 2/3" in text and "Violate 0.25, Comply 0.75" in text
    assert not NOISE.search(text), text


def test_sweep_prints_a_summary_not_arrays():
    s = bg.sweep(inspection_game(), "penalty", n=11)
    text = repr(s)
    assert "array(" not in text and "nan" not in text
    assert "Sweep of inspection: penalty from 0.5 to 10 (11 points)" in text
    assert "Inspector:Inspect+Skip | Target:Violate+Comply" in text
    assert "<table" in s._repr_html_()


def test_thresholds_html_gives_the_exact_value():
    """Inspection game, harm varied: inspecting is a best response iff cost <= harm * P(violate)...
    with the defaults (cost 1, gain 1, penalty 2) the target violates with probability cost/harm, and
    the mixed equilibrium needs harm >= cost, so no threshold inside [3.5, 10]; vary cost instead:
    the pure (Skip, Violate) regime starts where cost = harm = 4."""
    thr = bg.thresholds(inspection_game(), "cost")
    text = html(thr)
    assert "<table" in text and "Thresholds of cost" in text
    if len(thr):
        assert not NOISE.search(text)


def test_stability_and_bargaining_tables():
    g = pennies()
    rep = bg.stability(g, bg.solve(g)[0])
    assert "robustness radius" in rep._repr_html_()
    sol = bg.rubinstein(Fraction(9, 10), Fraction(4, 5))
    text = sol._repr_html_()
    # Rubinstein (1982): player 1 gets (1 - d2) / (1 - d1 d2) = (1/5) / (7/25) = 5/7
    assert "5/7" in text and "2/7" in text


def test_to_frame_and_a_clear_error_without_pandas(monkeypatch):
    pd = pytest.importorskip("pandas")
    frame = bg.solve(pennies()).to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["#", "P1", "P2", "u(P1)", "u(P2)"]
    assert frame.iloc[0]["u(P1)"] == 0
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        bg.solve(pennies()).to_frame()


def test_html_renderer_escapes_and_aligns():
    r = Report({}, [Table(["name", "x"], [["<b>&", 1.5], ["y", np.float64(-0.0)]], title="a < b", notes=["n"])],
               ["pre"])
    text = render(r, "html")
    assert "&lt;b&gt;&amp;" in text and "<caption>a &lt; b</caption>" in text and "<p>pre</p>" in text
    assert 'style="text-align:right">1.5<' in text and "note: n" in text


def test_other_objects_are_refused_with_one_error():
    with pytest.raises(bg.GameError, match="no rich display"):
        report(object())
