"""Exact algebraic vertices of the Abreu-Sannikov polygon: the paper's example at δ = 3/10, whose
vertices are irrational (cubic), against quantecon's published vertices, exact polynomial
identities, and a perturbation that the exact fixed-point check must reject."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.repeated._numberfield import Alg, NumberField
from bargain.analysis.repeated._stage import stage
from bargain.analysis.repeated.abreu_sannikov import as_operator
from bargain.errors import GameError
from tests.examples import AS_A, AS_B, AS_VERTICES

rp = bg.repeated



@pytest.fixture(scope="module")
def example():
    g = bg.Game.from_matrices(AS_A, AS_B)
    return g, rp.spe_payoffs_algebraic(g, Fraction(3, 10))


def test_irrational_vertices_are_certified_exactly(example):
    g, s = example
    assert not rp.spe_payoffs(g, Fraction(3, 10)).exact          # the rational certifier cannot
    assert s.exact and s.n_vertices == 6 and "exact algebraic" in s.notes[0]
    coords = [x for v in s.vertices for x in v]
    assert sum(isinstance(x, Alg) and not x.is_rational() for x in coords) >= 6
    # the rational coordinates come out exactly: 14/5 (= (1-δ)·4), 91/10 and the threat point's 0
    assert {Fraction(14, 5), Fraction(91, 10), Fraction(0)} <= {x for x in coords if not isinstance(x, Alg)}
    ours = np.array([[float(x) for x in v] for v in s.vertices])
    d = np.linalg.norm(ours[:, None, :] - AS_VERTICES[None, :, :], axis=2)
    assert d.min(axis=1).max() < 1e-7 and d.min(axis=0).max() < 1e-7


def test_threat_point_is_a_root_of_its_cubic(example):
    _, s = example
    x = s.threat[0]                                   # player 1's harshest punishment, 1.12568...
    assert isinstance(x, Alg) and abs(float(x) - 1.1256823955048786) < 1e-13
    # an integer cubic with root x, found to 80 digits, holds exactly in the number field
    assert -3495 * x * x * x + 79764 * x * x - 201281 * x + 130490 == 0
    assert -3495 * x * x * x + 79764 * x * x - 201281 * x + 130491 != 0


def test_a_perturbed_polygon_is_not_a_fixed_point(example):
    g, s = example
    P = list(s.vertices)
    k = next(r for r, v in enumerate(P) if isinstance(v[0], Alg) and not v[0].is_rational())
    P[k] = (P[k][0] + Fraction(1, 10**40), P[k][1])
    assert as_operator(P, stage(g, True), Fraction(3, 10)) != P
    assert as_operator(list(s.vertices), stage(g, True), Fraction(3, 10)) == list(s.vertices)


def test_number_field_arithmetic_and_order():
    # Q(sqrt 2): θ in [1, 2] is the root of t^2 - 2
    K = NumberField([-2, 0, 1], Fraction(1), Fraction(2))
    t = K.theta()
    assert t * t == 2 and (1 + t) * (t - 1) == 1 and 1 / (1 + t) == t - 1
    assert Fraction(141, 100) < t < Fraction(142, 100) and -t < 0 and abs(-t) == t
    assert sorted([t, Fraction(3, 2), Fraction(7, 5)]) == [Fraction(7, 5), t, Fraction(3, 2)]
    assert abs(float(t) - 2 ** 0.5) < 1e-15


def test_rational_polygons_pass_through_and_bad_input():
    g = bg.Game.from_matrices([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    s = rp.spe_payoffs_algebraic(g, Fraction(9, 10))
    assert s.exact and set(s.vertices) == {(3, 3), (Fraction(39, 4), 3), (9, 9), (3, Fraction(39, 4))}
    with pytest.raises(GameError):
        rp.spe_payoffs_algebraic(bg.Game.from_matrices([[np.pi, 1], [10, 3]], [[9, 10], [1, 3]]), 0.9)
