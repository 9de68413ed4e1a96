"""A sound, cheap test that a polynomial does *not* divide another: evaluation at a zero, modulo a prime.

If ``f`` divides ``p`` then ``p`` vanishes wherever ``f`` does.  For ``f`` of degree one in a
variable ``x_v``, ``f = f_1 x_v + f_0``, a zero of ``f`` modulo a prime ``P`` is found by picking
the other variables at random and setting ``x_v = -f_0 / f_1 (mod P)``; if ``p`` is not zero there,
``f`` does not divide ``p``.  Reduction modulo ``P`` is a ring homomorphism on the rationals whose
denominators are prime to ``P``, and by Gauss's lemma the quotient ``q = p / f`` of such a ``p`` by a
primitive integer ``f`` has such coefficients too; so the test never rejects a true divisor.  When
the test cannot be applied (``f`` of degree two or more in every variable, or a denominator divisible
by ``P``) it says nothing, and exact division decides.  A passing test proves nothing either: the
caller divides exactly (:func:`~.algebra.exact_quotient`).  This is the evaluation-at-random-points
idea of probabilistic identity testing (Schwartz 1980, "Fast probabilistic algorithms for
verification of polynomial identities", JACM 27(4); Zippel 1979, "Probabilistic algorithms for
sparse polynomials", EUROSAM), used here one-sidedly, as a filter.

The polynomial ``p`` is reduced once (:class:`ModularImage`: exponent matrix and coefficient
residues) and evaluated with numpy at each candidate's zero, so trying dozens of candidate factors
on a polynomial of thousands of terms costs a few vectorised passes instead of as many divisions.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
from sympy.polys.rings import PolyElement

__all__ = ["PRIME", "ModularImage", "excludes_divisor"]

#: The prime modulus (2^31 - 1: products of two residues fit in int64).
PRIME = 2**31 - 1


def _residue(c: Any) -> int | None:
    """A rational ``c`` modulo :data:`PRIME`, or None when its denominator is divisible by it."""
    num, den = int(c.numerator), int(c.denominator)
    if den % PRIME == 0:
        return None
    return num * pow(den, -1, PRIME) % PRIME


class ModularImage:
    """A polynomial reduced modulo :data:`PRIME`, for fast evaluation at points modulo the prime.

    Parameters
    ----------
    p : PolyElement
        A polynomial with rational coefficients.

    Attributes
    ----------
    valid : bool
        False when some coefficient's denominator is divisible by the prime (the image is then unusable).
    """

    def __init__(self, p: PolyElement) -> None:
        terms = list(p.items())
        res = [_residue(c) for _, c in terms]
        self.valid = all(r is not None for r in res)
        self.ngens = p.ring.ngens
        self.exps = np.array([m for m, _ in terms], dtype=np.int64).reshape(len(terms), self.ngens)
        self.coeffs = np.array([r or 0 for r in res], dtype=np.int64)

    def at(self, point: list[int]) -> int:
        """The value modulo the prime at ``point`` (one residue per generator)."""
        val = self.coeffs.copy()
        for v in range(self.ngens):
            col = self.exps[:, v]
            top = int(col.max()) if col.size else 0
            if top == 0:
                continue
            table = np.empty(top + 1, dtype=np.int64)
            table[0] = 1
            for e in range(1, top + 1):
                table[e] = int(table[e - 1]) * point[v] % PRIME
            val = val * table[col] % PRIME
        return int(val.sum() % PRIME)


def _eval(terms: dict[tuple[int, ...], Any], point: list[int]) -> int | None:
    """``sum c * x^monom`` modulo the prime at ``point``; None when a denominator is divisible by it."""
    total = 0
    for monom, c in terms.items():
        r = _residue(c)
        if r is None:
            return None
        for v, e in enumerate(monom):
            if e:
                r = r * pow(point[v], e, PRIME) % PRIME
        total += r
    return total % PRIME


def _primitive_integer(f: PolyElement) -> PolyElement:
    """``f`` scaled to integer coefficients with no common factor (its divisors are unchanged)."""
    coeffs = list(f.values())
    den = math.lcm(*(int(c.denominator) for c in coeffs))
    num = math.gcd(*(int(c.numerator * den // c.denominator) for c in coeffs))
    return f * f.ring.domain(den, num)


def excludes_divisor(image: ModularImage, f: PolyElement, seed: int = 0) -> bool:
    """True when ``f`` provably does not divide the polynomial ``image`` was made from.

    Parameters
    ----------
    image : ModularImage
        The candidate multiple, reduced modulo the prime.
    f : PolyElement
        A nonzero, non-constant candidate divisor in the same ring.
    seed : int
        Seed of the random point (the result is reproducible).

    Returns
    -------
    bool
        True: ``f`` does not divide it (proven at a zero of ``f`` modulo the prime).  False: not
        excluded (it may or may not divide; divide exactly to know).

    References
    ----------
    Schwartz, J. T. (1980). Fast probabilistic algorithms for verification of polynomial identities.
    *Journal of the ACM* 27(4), 701-717.
    Zippel, R. (1979). Probabilistic algorithms for sparse polynomials. *EUROSAM '79*, LNCS 72, 216-226.
    """
    if not image.valid:
        return False
    degs = f.degrees()
    v = next((k for k, d in enumerate(degs) if d == 1), None)
    if v is None:
        return False
    g = _primitive_integer(f)
    f1: dict[tuple[int, ...], Any] = {}
    f0: dict[tuple[int, ...], Any] = {}
    for monom, c in g.items():
        if monom[v]:
            f1[(*monom[:v], 0, *monom[v + 1:])] = c
        else:
            f0[monom] = c
    rng = random.Random(seed)
    for _ in range(3):
        point = [rng.randrange(1, PRIME) for _ in range(image.ngens)]
        a1, a0 = _eval(f1, point), _eval(f0, point)
        if a1 is None or a0 is None:
            return False
        if a1 == 0:
            continue
        point[v] = -a0 * pow(a1, -1, PRIME) % PRIME
        return image.at(point) != 0
    return False
