"""Three players mixing two strategies each, in more parameters than a Groebner basis is attempted in: solved by
elimination to the quadratic defining polynomial.  McKelvey and McLennan's 2x2x2 game (two totally mixed
equilibria) with four payoffs moved by parameters: both interior equilibria in closed form, their regimes, and
bg.solve's interior equilibria at random points of the box reproduced by the formulas to 1e-9."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import bargain as bg
from bargain.analysis.symbolic.supports import GROEBNER_MAX_PARAMETERS
from tests.analysis.symbolic.regime_checks import random_points

#: McKelvey and McLennan (1997): payoffs of the three players at the four profiles where they are not zero.
CELLS = {(0, 0, 0): (9, 8, 12), (1, 1, 0): (9, 8, 2), (1, 0, 1): (3, 4, 6), (0, 1, 1): (3, 4, 6)}
#: The payoffs moved by a parameter: (player, profile, parameter).
MOVED = ((0, (0, 0, 0), "a"), (1, (1, 1, 0), "b"), (2, (1, 0, 1), "c"), (0, (0, 1, 1), "d"))


def _model() -> bg.Model:
    # defaults off zero: at McKelvey and McLennan's own payoffs (all four zero) every elimination order meets a
    # 0/0 at an equilibrium (a measure-zero coincidence of that game), so no closed form is evaluable there
    prms = [bg.Parameter(n, v, (-0.5, 0.5)) for n, v in zip("abcd", (0.1, 0.05, -0.05, 0.02), strict=True)]
    labels = (("T", "B"), ("L", "R"), ("W", "E"))

    def payoffs(p):
        out = {}
        for prof in np.ndindex(2, 2, 2):
            u = list(CELLS.get(prof, (0, 0, 0)))
            for i, cell, name in MOVED:
                if cell == prof:
                    u[i] = u[i] + getattr(p, name)
            out[tuple(labels[i][k] for i, k in enumerate(prof))] = tuple(u)
        return out

    return bg.Model("mm_moved", prms, payoffs, players=("P1", "P2", "P3"), strategies=labels)


@pytest.fixture(scope="module")
def solved():
    model = _model()
    return model, bg.symbolic.formulas(model)


def test_the_all_mixed_support_is_solved_in_closed_form(solved):
    _, sol = solved
    assert len(sol.game.symbols) > GROEBNER_MAX_PARAMETERS
    mixed = [f for f in sol if all(len(s) == 2 for s in f.support)]
    assert len(mixed) == 2 and all(f.solution.method == "polynomial" and f.verified for f in mixed)
    assert not [u for u in sol.unsolved if all(len(s) == 2 for s in u.support)]
    # at the defaults the two formulas are the game's two totally mixed equilibria
    want = sorted(tuple(np.round(eq.profile[0], 9)) for eq in bg.solve(_model().game())
                  if all(len(s) == 2 for s in eq.support))
    got = sorted(tuple(np.round(f.evaluate()[0], 9)) for f in mixed)
    assert len(want) == 2 and np.allclose(got, want, atol=1e-9)
    # the two are the roots of one quadratic: real where its discriminant is positive (a condition of each)
    assert all(any(c.kind == "real" for c in f.solution.conditions) for f in mixed)
    assert mixed[0].solution.conditions[0].num == mixed[1].solution.conditions[0].num


def test_interior_equilibria_at_random_points_match_a_formula(solved):
    """Independent of the built-in check: every totally mixed equilibrium bg.solve finds at random points of the
    box is a formula's value there (to 1e-9), with that formula's regime holding."""
    model, sol = solved
    mixed = [f for f in sol if all(len(s) == 2 for s in f.support)]
    checked = 0
    for point in random_points(model, 12, seed=4):
        sub = {sol.game.symbols[n]: sp.Rational(repr(v)) for n, v in point.items()}
        for eq in bg.solve(model.game(**point)):
            if not all(len(s) == 2 for s in eq.support):
                continue
            hits = [f for f in mixed if np.allclose(np.concatenate(f.evaluate(**point)),
                                                    np.concatenate(eq.profile), atol=1e-9)]
            assert len(hits) == 1
            assert any(all(bool(q.relation.xreplace(sub)) for q in r.inequalities) for r in hits[0].regimes)
            checked += 1
    assert checked >= 20


def test_an_order_whose_quotient_shares_its_root_is_not_used():
    """Mixer 1's equation (u_2 - 1/2)(1 + u_0) = 0 holds for every u_0 at u_2 = 1/2: eliminating u_0 through it
    (target u_2), or u_2 through it (target u_0), would lose those solutions: both orders are refused; target u_1
    (u_0 from mixer 2's equation, u_2 from mixer 0's) remains."""
    from bargain.analysis.symbolic.algebra import make_ring
    from bargain.analysis.symbolic.three_binary import _eliminate

    a = sp.Symbol("a")
    R = make_ring([a])
    half = R(sp.Rational(1, 2))
    co = [{(0, 0, 0): R.one, (0, 1, 0): R(a), (0, 0, 1): 2 * R.one, (0, 1, 1): R.one},
          {(0, 0, 0): -half, (1, 0, 0): -half, (0, 0, 1): R.one, (1, 0, 1): R.one},
          {(0, 0, 0): R.one, (1, 0, 0): R(a), (0, 1, 0): 3 * R.one, (1, 1, 0): R.one}]
    assert _eliminate(co, 2, R.zero) is None and _eliminate(co, 0, R.zero) is None
    assert _eliminate(co, 1, R.zero) is not None


def test_long_coefficients_are_not_eliminated(monkeypatch):
    """Past the coefficient length the elimination's products would take minutes (sanctions_triangle's systems
    have coefficients of up to 63 terms): the support is reported without a closed form, with the reason."""
    import bargain.analysis.symbolic.three_binary as three_binary

    monkeypatch.setattr(three_binary, "MAX_COEFFICIENT_TERMS", 1)
    sol = bg.symbolic.formulas(_model())
    assert not [f for f in sol if all(len(s) == 2 for s in f.support)]
    (u,) = [u for u in sol.unsolved if all(len(s) == 2 for s in u.support)]
    assert "limit 1" in u.reason and "not attempted" in u.reason and len(u.system) == 3
