"""Exact numbers: conversion, display, the shared rational linear solver and the payoff contraction."""

from fractions import Fraction

import numpy as np

from bargain.linalg.exact import solve_rational
from bargain.model.game import contract
from bargain.model.numbers import format_number, to_fraction


def test_to_fraction_and_format():
    assert to_fraction(0.1) == Fraction(1, 10)
    assert type(to_fraction(np.int64(3)).numerator) is int
    assert format_number(Fraction(3, 5)) == "3/5" and format_number(Fraction(4, 2)) == "2"


def test_solve_rational_square_tall_singular_inconsistent():
    assert solve_rational([[2, 1], [1, 3]], [3, 5]) == [Fraction(4, 5), Fraction(7, 5)]
    assert solve_rational([[1, 0], [0, 1], [1, 1]], [1, 2, 3]) == [1, 2]          # tall, consistent
    assert solve_rational([[1, 0], [0, 1], [1, 1]], [1, 2, 4]) is None            # tall, inconsistent
    assert solve_rational([[1, 2], [2, 4]], [1, 2]) is None                       # a free variable
    assert solve_rational([], []) is None


def test_contract_keeps_axes_in_the_order_given():
    rng = np.random.default_rng(0)
    u = rng.normal(size=(2, 3, 4))
    prof = [rng.dirichlet(np.ones(s)) for s in u.shape]
    assert np.allclose(contract(u, prof, [1]), np.einsum("abc,a,c->b", u, prof[0], prof[2]))
    assert np.allclose(contract(u, prof, [2, 0]), np.einsum("abc,b->ca", u, prof[1]))
    exact = np.array([[Fraction(1, 2), 1], [2, Fraction(1, 3)]], dtype=object)
    half = np.array([Fraction(1, 2), Fraction(1, 2)], dtype=object)
    assert list(contract(exact, [half, half], [0])) == [Fraction(3, 4), Fraction(7, 6)]


def test_exact_rank_and_nullspace_of_integer_rows_stay_rational():
    """Integer rows are eliminated in Fractions: with Python's true division they left the rationals
    (rank 1 for a matrix of determinant -1, rank 3 for one whose third row is the mean of the others)."""
    from fractions import Fraction

    from bargain.linalg.exact import nullspace, rank

    assert rank([[10**17 + 1, 10**17], [10**17, 10**17 - 1]], True) == 2
    rows = [[3, 1, 2], [1, 3, 2], [2, 2, 2]]
    assert rank(rows, True) == 2
    assert nullspace(rows, 3, True) == [[Fraction(-1, 2), Fraction(-1, 2), Fraction(1)]]
