"""Exact and floating-point numbers: conversion and display.

*bargain* keeps payoffs in two forms.  Every game has a float array for fast numerics; a game
whose payoffs are all rational (Python ``int``, ``fractions.Fraction`` or numpy integers) also
keeps an object array of ``Fraction``, and the two-player solvers then return exact rational
equilibria ("rational payoffs give rational equilibria": a mixed equilibrium solves a linear
system with rational coefficients, so its probabilities are rational).
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Rational
from typing import Any

import numpy as np

__all__ = [
    "is_rational_scalar",
    "is_exact_input",
    "to_fraction",
    "to_fraction_array",
    "format_number",
]


def is_rational_scalar(x: Any) -> bool:
    """True for ints, numpy integers and Fractions (not bools, not floats)."""
    if isinstance(x, bool | np.bool_):
        return False
    return isinstance(x, Rational | np.integer)


def is_exact_input(arr: np.ndarray) -> bool:
    """True when every entry of ``arr`` is rational (integer dtype or object array of rationals)."""
    if arr.dtype.kind in "iu":
        return True
    if arr.dtype == object:
        return all(is_rational_scalar(x) for x in arr.flat)
    return False


def to_fraction(x: Any) -> Fraction:
    """Convert a number to a Fraction; floats by their shortest decimal repr (0.1 -> 1/10).

    Converting a float by its decimal repr is what a user who typed ``0.1`` means; the binary value
    ``Fraction(0.1)`` = 3602879701896397/36028797018963968 never is.
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, Integral | np.integer):
        return Fraction(int(x))          # plain int parts: numpy integers in a Fraction break hashing
    if isinstance(x, Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    xf = float(x)
    if not math.isfinite(xf):
        raise ValueError(f"{x!r} is not a finite number")
    return Fraction(repr(xf))


def to_fraction_array(arr: Any) -> np.ndarray:
    """An object array of Fractions with the shape of ``arr``."""
    a = np.asarray(arr, dtype=object)
    out = np.empty(a.shape, dtype=object)
    for idx, x in np.ndenumerate(a):
        out[idx] = to_fraction(x)
    return out


def format_number(x: Any, digits: int = 6) -> str:
    """``3/5`` for a Fraction, ``2`` for an integral Fraction, ``0.333333`` (``digits`` significant) for a float."""
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if is_rational_scalar(x):
        return str(int(x))
    xf = float(x)
    if xf == 0.0:
        return "0"
    return f"{xf:.{digits}g}"
