"""Exact and floating-point numbers: conversion and display.

*bargain* keeps payoffs in two forms.  Every game has a float array for fast numerics; a game
whose payoffs are all rational (Python ``int``, ``fractions.Fraction`` or numpy integers) also
keeps an object array of ``Fraction``, and the two-player solvers then return exact rational
equilibria ("rational payoffs give rational equilibria": a mixed equilibrium solves a linear
system with rational coefficients, so its probabilities are rational).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction
from numbers import Integral, Rational
from typing import Any

import numpy as np

from bargain.errors import GameError

__all__ = [
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "check_float_range",
    "is_number",
    "parse_exact",
    "is_rational_scalar",
    "is_exact_input",
    "to_fraction",
    "to_fraction_array",
    "format_number",
    "ExactValue",
    "contract",
]


#: Most digits a typed number may have (in its integer and fraction parts, or in p and q of ``p/q``).
MAX_DIGITS = 1000
#: Largest decimal exponent a typed number may have (``1e1000``; ``1e-1000``).  A bigger one would
#: make the exact value a number of astronomical size (``1e99999999`` needs 10^(10^8)).
MAX_EXPONENT = 1000

_DECIMAL_RE = re.compile(r"([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?")
_RATIO_RE = re.compile(r"([-+]?\d+)/(\d+)")


def parse_exact(text: str) -> int | Fraction:
    """The exact value of a typed number: ``3``, ``-0.25``, ``1.5e-3``, ``3/4`` (``0.1`` is ``1/10``).

    Digits and exponents are bounded (:data:`MAX_DIGITS`, :data:`MAX_EXPONENT`) *before* the exact
    value is built, so a tiny input such as ``1e99999999`` is refused at once instead of building
    a number with a hundred million digits.

    Parameters
    ----------
    text:
        The number as typed (surrounding whitespace is ignored).

    Returns
    -------
    int | Fraction
        An ``int`` when the value is integral, else a ``Fraction``.

    Raises
    ------
    GameError
        If ``text`` is not a number, divides by zero, or exceeds the digit or exponent bounds.
    """
    t = text.strip()
    ratio = _RATIO_RE.fullmatch(t)
    if ratio:
        p, q = ratio.groups()
        if len(p.lstrip("+-")) > MAX_DIGITS or len(q) > MAX_DIGITS:
            raise GameError(f"the number {_short(t)} has more than {MAX_DIGITS} digits; bargain reads numbers of at "
                            f"most {MAX_DIGITS} digits")
        if int(q) == 0:
            raise GameError(f"the number {_short(t)} divides by zero")
        value = Fraction(int(p), int(q))
        return int(value) if value.denominator == 1 else value
    m = _DECIMAL_RE.fullmatch(t)
    if m is None or not (m.group(2) or m.group(3)):
        raise GameError(f"{_short(t)} is not a number; use an integer, a decimal such as -1.5e3, or p/q")
    sign, whole, frac, exp = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    if len(whole) + len(frac) > MAX_DIGITS:
        raise GameError(f"the number {_short(t)} has more than {MAX_DIGITS} digits; bargain reads numbers of at most "
                        f"{MAX_DIGITS} digits")
    mantissa = int(whole + frac or "0")
    exponent = 0
    if exp is not None:
        if len(exp.lstrip("+-").lstrip("0")) > 6 or abs(int(exp)) > MAX_EXPONENT:
            if mantissa == 0:
                return 0
            raise GameError(f"the number {_short(t)} has an exponent beyond ±{MAX_EXPONENT}; bargain reads exponents "
                            f"up to ±{MAX_EXPONENT} (and keeps a float copy, so payoffs must stay within ±1.8e308)")
        exponent = int(exp)
    scale = exponent - len(frac)
    value = mantissa * 10 ** scale if scale >= 0 else Fraction(mantissa, 10 ** -scale)
    if sign == "-":
        value = -value
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return value


def _short(text: str, limit: int = 40) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit - 10] + "..." + text[-7:]) + f" ({len(text)} chars)"


def check_float_range(x: Any, what: str = "the value") -> float:
    """``float(x)``, or :class:`GameError` if ``x`` is beyond the floating-point range (about ±1.8e308)."""
    try:
        return float(x)
    except OverflowError:
        f = Fraction(x)
        digits = round((abs(f.numerator).bit_length() - f.denominator.bit_length()) * math.log10(2))
        raise GameError(f"{what} is about 10^{digits}, beyond the floating-point range (about ±1.8e308): bargain "
                        "keeps a float copy of every number, so rescale it") from None


def is_number(x: Any) -> bool:
    """Whether ``float(x)`` works (ints, floats, Fractions, numeric strings, numpy scalars)."""
    try:
        float(x)
    except (TypeError, ValueError, OverflowError):
        return False
    return True


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
    if all(type(x) is Fraction for x in a.flat):
        return a.copy()                  # Fractions already (a normalised exact game): nothing to convert
    out = np.empty(a.shape, dtype=object)
    for idx, x in np.ndenumerate(a):
        out[idx] = to_fraction(x)
    return out


def is_distribution(v: Any) -> bool:
    """Whether the Fractions ``v`` are nonnegative and sum exactly to one (checked on integers, no Fraction sum)."""
    den = math.lcm(*(t.denominator for t in v))
    return all(t.numerator >= 0 for t in v) and sum(t.numerator * (den // t.denominator) for t in v) == den


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


class ExactValue(Fraction):
    """A proven exact value: a ``Fraction`` that reads ``1/6`` and formats like a float when asked.

    ``repr`` gives ``1/6`` (so a list of them prints ``[1/6, 7/12]``), and a format spec formats
    the float (``f"{x:.4f}"`` gives ``0.1667``; ``Fraction.__format__`` only exists from Python
    3.12); arithmetic gives plain ``Fraction`` results.
    """

    def __repr__(self) -> str:
        return format_number(Fraction(self))

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(float(self), spec)


def contract(u: np.ndarray, profile: Sequence[np.ndarray], keep: Sequence[int]) -> np.ndarray:
    """Contract the strategy axes of ``u`` (shape ``(s_1, ..., s_n)``) with ``profile[j]`` for every ``j`` not kept.

    ``contract(u_i, x, [i])`` is ``v_i(.; x_{-i})``, the payoff of each pure strategy of ``i``;
    ``contract(u_i, x, [i, j])[k, l]`` is ``i``'s payoff from ``(k, l)`` with the others mixing.  The
    kept axes come out in the order given.  No validation (Newton iterates may leave the simplex)
    and works on object arrays of Fractions.  For batched profiles see
    :func:`bargain.solvers.dynamics.deviation_payoffs`.
    """
    out = u
    # Contract from the last axis down so the remaining axis indices stay valid.
    for j in range(len(profile) - 1, -1, -1):
        if j not in keep:
            out = np.tensordot(out, profile[j], axes=([j], [0]))
    order = sorted(keep)
    return out if list(keep) == order else np.transpose(out, [order.index(k) for k in keep])
