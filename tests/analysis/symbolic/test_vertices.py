"""Thresholds of a degenerate two-player game from its extreme equilibria, worked out by hand.

The game (Row's payoff first)::

             L             R
    T     (1, 1)      (a^2, 1)
    B     (0, 0)      (b, 1)

Column is indifferent between L and R when Row plays T, so the game is degenerate: against T every
mixture of Column is a best response, and T is Row's best response to ``y = P(L)`` iff
``y + (1 - y) a^2 >= b (1 - y)``, i.e. ``y >= y* = (b - a^2) / (1 + b - a^2)``.  While ``a^2 < b``
the equilibria are the component ``{T} x [y*, 1]`` (extreme points ``(T, L)`` and ``(T, y*)``) and
the pure ``(B, R)`` (Column's best response to B is R; Row's to R is B iff ``a^2 <= b``).  As
``a^2`` rises to ``b`` the vertex ``y*`` moves down to 0: it meets ``(T, R)`` and ``(B, R)``
disappears; above, T is strictly dominant and the component is all of ``{T} x [0, 1]``.  So along
``a`` (b = 2) the threshold is ``a = sqrt(2)``, a quadratic surd, and along ``b`` (a = 1) it is
``b = 1``; at both, ``P(Column:L)`` of the moving vertex reaches 0.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

import bargain as bg
from bargain.analysis.symbolic.vertex_thresholds import locate_events, vertex_threshold_formulas
from bargain.analysis.symbolic.vertices import VertexRegimes, between
from bargain.analysis.thresholds import thresholds


def moving_vertex() -> bg.Model:
    return bg.Model(
        "moving_vertex", [bg.Parameter("a", 1.0, (0.0, 1.8)), bg.Parameter("b", 2.0, (0.5, 3.0))],
        lambda p: {("T", "L"): (1, 1), ("T", "R"): (p.a * p.a, 1), ("B", "L"): (0, 0), ("B", "R"): (p.b, 1)},
        players=("Row", "Column"), strategies=(("T", "B"), ("L", "R")))


def test_the_moving_vertex_is_the_hand_formula():
    model = moving_vertex()
    vr = VertexRegimes(model, "a")
    pairs = vr.extreme_labels(Fraction(1))
    # (T, L), (T, y*), (B, R): Column's vertex y* leaves nothing unused and makes both of Row's strategies best
    assert len(pairs) == 3
    key = (1, frozenset(), frozenset({0, 1}))
    assert key in {k for pair in pairs for k in pair}
    a = vr.symbol
    y_star = vr.vertices[key].probabilities()
    assert sp.simplify(y_star[0] - (2 - a**2) / (3 - a**2)) == 0
    assert sp.simplify(y_star[1] - 1 / (3 - a**2)) == 0
    assert len(vr.extreme_labels(Fraction(3, 2))) == 2         # above sqrt(2): (T, L) and (T, R)


def test_scan_finds_sqrt2_and_nothing_else():
    vr = VertexRegimes(moving_vertex(), "a")
    changes = vr.scan(Fraction(0), Fraction(9, 5), [Fraction(k, 10) for k in range(1, 18)])
    assert len(changes) == 1
    root, before, after = changes[0]
    assert root.expr == sp.sqrt(2)
    assert len(before) == 3 and len(after) == 2
    kinds = {(c.kind, c.player, c.strategy) for _key, c in vr.binding(root, before, after)}
    assert ("prob", 1, 0) in kinds                             # P(Column:L) of y* reaches 0


@pytest.mark.parametrize(("name", "want"), [("a", sp.sqrt(2)), ("b", sp.Integer(1))])
def test_numeric_thresholds_get_the_hand_closed_forms(name, want):
    """One event each, closed to the hand formula.  Along ``a`` the grid bracket around sqrt(2) also shows the
    change (a grid point's branch end is degenerate); it is the located event, reported once, with a note."""
    model = moving_vertex()
    th = thresholds(model, name)
    events = list(th)
    assert len(events) == 1
    assert (name == "a") == any("is the one located at 1.41421356237" in d for d in th.dropped)
    for le in locate_events(model, name, events):
        assert le.formula is not None, le.reason
        assert le.formula.expression == want
        if le.located:
            assert abs(le.formula.value - le.event.value) <= 1e-12 * max(1.0, abs(le.event.value))
        else:
            lo, hi = le.event.bracket
            assert le.candidates == 1 and lo < le.formula.value < hi
        assert "P(Column:L) reaches 0" in le.formula.binding


def test_formulas_of_every_parameter_and_their_output():
    found, notes = vertex_threshold_formulas(moving_vertex())
    assert notes == []
    assert [(f.parameter, f.expression) for f in found] == [("a", sp.sqrt(2)), ("b", 1)]
    assert found[0].latex == r"a = \sqrt{2}"
    assert found[1].exact == 1 and found[1].to_dict()["exact"] == "1"


def test_between_is_short_and_strictly_inside():
    c = between(Fraction(1, 3), Fraction(1, 2))
    assert Fraction(1, 3) + Fraction(1, 24) < c < Fraction(1, 2) - Fraction(1, 24) and c.denominator <= 10
    a, b = Fraction(14142135623730950, 10**16), Fraction(14142135623730951, 10**16)
    assert a < between(a, b) < b


def test_one_elimination_gives_cramers_numerators():
    """``_cramer`` (one fraction-free elimination, back substitution) equals Cramer's rule with sympy's
    determinants, up to one common sign, on a system whose first pivot vanishes (a row swap)."""
    from sympy.polys.rings import ring

    from bargain.analysis.symbolic.vertices import _cramer

    R, t = ring("t", sp.QQ)
    rows = [[R.zero, 1 + t, R(2), R.one], [t**2, R(3), t - 1, R.zero], [R.one, t, 5 * t, R(2)]]
    nums, den = _cramer(rows)
    M = sp.Matrix([[e.as_expr() for e in r[:-1]] for r in rows])
    b = sp.Matrix([r[-1].as_expr() for r in rows])
    D = sp.expand(M.det())
    sign = 1 if sp.expand(den.as_expr() - D) == 0 else -1
    assert sp.expand(den.as_expr() - sign * D) == 0
    for c, n in enumerate(nums):
        Mc = M.copy()
        Mc[:, c] = b
        assert sp.expand(n.as_expr() - sign * Mc.det()) == 0


def test_exact_extreme_pairs_are_the_exact_enumeration():
    """The bare pairs are the extreme equilibria enumeration_solve(exact=True) returns, on a degenerate game."""
    from bargain.solvers.enumeration import enumeration_solve, exact_extreme_pairs

    g = moving_vertex().game(exact=True, a=Fraction(1), b=Fraction(2))
    pairs, failed = exact_extreme_pairs(g)
    want = {(tuple(e.exact_profile[0]), tuple(e.exact_profile[1])) for e in enumeration_solve(g, exact=True)}
    assert failed == 0 and len(pairs) == len(want) == 3        # (T, L), (T, P(L) = 1/2), (B, R)
    assert {(tuple(x), tuple(y)) for x, y in pairs} == want
