"""Roots of a polynomial condition in one parameter: degrees one and two in radicals, three and more as an
isolated real root (RealRoot -> CRootOf), checked against numpy's roots and exact substitution."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from bargain.analysis.symbolic.algebra import make_ring, to_ring
from bargain.analysis.symbolic.roots import PointEval, RealRoot, exact_at, exact_value, real_roots, root_expressions


@pytest.fixture
def ring():
    a, x = sp.symbols("a x")
    return a, x, make_ring([a, x])


def _roots_at(R, expr, a, x, value):
    p = to_ring(R, expr, "test")
    exprs = root_expressions(p, 1, [])
    floats = real_roots(p, 1, PointEval(["a", "x"], {"a": value, "x": 0.0}))
    exact = [e for e in (exact_at(e, {a: sp.Rational(value), x: sp.Rational(7)}, x) for e in exprs)
             if e.is_number and e.is_real and e.is_finite]
    return exprs, sorted(floats), sorted(exact, key=float)


def test_a_cubic_gives_its_real_roots_exactly(ring):
    a, x, R = ring
    exprs, floats, exact = _roots_at(R, x**3 - a * x - 1, a, x, 3)
    assert all(isinstance(e, RealRoot) for e in exprs)
    want = sorted(r.real for r in np.roots([1, 0, -3, -1]) if abs(r.imag) < 1e-12)
    assert len(floats) == len(exact) == 3
    assert np.allclose(floats, want, atol=1e-12) and np.allclose([float(e) for e in exact], want, atol=1e-15)
    assert all(isinstance(exact_value(e), sp.CRootOf) for e in exact)
    for e in exact:                                   # exact: the polynomial vanishes at it to 50 digits
        assert abs(float((e**3 - 3 * e - 1).evalf(50))) < 1e-40


def test_a_cubic_with_one_real_root(ring):
    a, x, R = ring
    _, floats, exact = _roots_at(R, x**3 + a * x + 1, a, x, 1)
    assert len(floats) == len(exact) == 1 and abs(float(exact[0]) - floats[0]) < 1e-12


def test_a_leading_coefficient_vanishing_at_the_point_lowers_the_degree(ring):
    """(a - 2) x^3 + x^2 - 4 at a = 2 is x^2 - 4: roots -2 and 2, no spurious root from the vanished cubic term."""
    a, x, R = ring
    _, floats, exact = _roots_at(R, (a - 2) * x**3 + x**2 - 4, a, x, 2)
    assert np.allclose(floats, [-2, 2]) and [float(e) for e in exact] == [-2.0, 2.0]


def test_linear_and_quadratic_stay_in_radicals(ring):
    a, x, R = ring
    exprs, floats, _ = _roots_at(R, a * x - 1, a, x, 4)
    assert exprs == [1 / a] and floats == [0.25]
    exprs, _, exact = _roots_at(R, x**2 - a, a, x, 2)
    assert not any(isinstance(e, RealRoot) for e in exprs) and sorted(float(e) for e in exact) == [-2**0.5, 2**0.5]
    assert exact_value(exact[0]) is None          # a radical: shown through its expression, not as a CRootOf
