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

__all__ = ["PRIME", "ModularImage", "multiplicity_bounds", "zero_of"]

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

    def at(self, points: np.ndarray) -> np.ndarray:
        """The values modulo the prime at each row of ``points`` (shape ``(m, ngens)``, residues)."""
        return self.terms_at(points).sum(axis=0) % PRIME

    def terms_at(self, points: np.ndarray) -> np.ndarray:
        """Each term's value modulo the prime at each point: shape ``(terms, m)``."""
        points = np.asarray(points, dtype=np.int64).reshape(-1, self.ngens)
        val = np.repeat(self.coeffs[:, None], points.shape[0], axis=1)
        for v in range(self.ngens):
            col = self.exps[:, v]
            top = int(col.max()) if col.size else 0
            if top == 0:
                continue
            table = np.ones((top + 1, points.shape[0]), dtype=np.int64)
            for e in range(1, top + 1):
                table[e] = table[e - 1] * points[:, v] % PRIME
            val = val * table[col] % PRIME
        return val


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


def zero_of(f: PolyElement, seed: int = 0) -> tuple[list[int], int] | None:
    """A zero of ``f`` modulo the prime, with all but one coordinate random (None if none is found).

    Parameters
    ----------
    f : PolyElement
        A nonzero polynomial with rational coefficients.
    seed : int
        Seed of the random coordinates (the result is reproducible).

    Returns
    -------
    tuple or None
        One residue per generator of ``f``'s ring, where ``f`` (made a primitive integer
        polynomial) vanishes modulo the prime, and the variable ``v`` solved for (``f`` is of
        degree one in it and its coefficient is not zero there); None when ``f`` is of degree two
        or more in every variable or no zero was found in three tries.
    """
    degs = f.degrees()
    v = next((k for k, d in enumerate(degs) if d == 1), None)
    if v is None:
        return None
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
        point = [rng.randrange(1, PRIME) for _ in range(len(degs))]
        a1, a0 = _eval(f1, point), _eval(f0, point)
        if a1 is None or a0 is None:
            return None
        if a1 == 0:
            continue
        point[v] = -a0 * pow(a1, -1, PRIME) % PRIME
        return point, v
    return None


def multiplicity_bounds(p: PolyElement, zeros: list[tuple[list[int], int] | None]) -> list[int | None]:
    """For each candidate divisor ``f``, given by a zero of it (:func:`zero_of`), a proven bound on the
    power of ``f`` that divides ``p``.

    ``p`` nonzero at a zero of ``f`` (modulo the prime): ``f`` does not divide ``p``, bound 0.  ``p``
    zero there but not its derivative in the variable ``f`` was solved for (whose coefficient in ``f``
    is nonzero there): ``f^2`` does not divide ``p``, since ``p = f^2 h`` makes ``dp/dx_v = f (2 f_v h +
    f h_v)`` vanish wherever ``f`` does; bound 1.  Otherwise no bound (None).

    Parameters
    ----------
    p : PolyElement
        The candidate multiple.
    zeros : list
        For each candidate, a zero modulo the prime and its variable, or None (then no bound).

    Returns
    -------
    list of int or None
        0: that candidate does not divide ``p`` (nor any divisor of ``p``); 1: its square does not;
        None: no bound (divide exactly to know).

    References
    ----------
    Schwartz, J. T. (1980). Fast probabilistic algorithms for verification of polynomial identities.
    *Journal of the ACM* 27(4), 701-717.
    Zippel, R. (1979). Probabilistic algorithms for sparse polynomials. *EUROSAM '79*, LNCS 72, 216-226.
    """
    out: list[int | None] = [None] * len(zeros)
    live = [k for k, z in enumerate(zeros) if z is not None]
    if not live or not p:
        return out
    image = ModularImage(p)
    if not image.valid:
        return out
    terms = image.terms_at(np.array([zeros[k][0] for k in live], dtype=np.int64))
    values = terms.sum(axis=0) % PRIME
    for col, (k, val) in enumerate(zip(live, values, strict=True)):
        point, v = zeros[k]
        if val != 0:
            out[k] = 0
        elif point[v] != 0 and int((image.exps[:, v] * terms[:, col]).sum() % PRIME) != 0:
            out[k] = 1          # x_v * dp/dx_v at the point (the sum of e_v * each term) is not zero
    return out
