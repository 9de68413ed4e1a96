"""Exact real algebraic numbers in one number field ``Q(θ)``, with exact order (for the repeated-game certifier).

An element is a polynomial in ``θ`` of degree below ``deg p`` with Fraction coefficients, ``p``
the (irreducible) minimal polynomial of the real number ``θ``; ``θ`` itself is pinned by a
rational isolating interval.  Arithmetic is polynomial arithmetic modulo ``p`` (division by the
extended Euclidean algorithm), so equality is exact: an element is zero iff its coefficients
are.  The sign of a nonzero element is decided by exact interval arithmetic on Fractions over
the isolating interval, bisected (by the sign of ``p`` at the midpoint) until the interval
excludes zero, so comparisons are exact too.  Elements mix with ints, Fractions and floats
(a float is read as the rational it is), which lets the exact polygon code of
:mod:`._geometry` and :mod:`.abreu_sannikov` run on them unchanged.

References
----------
Cohen, H. (1993). *A Course in Computational Algebraic Number Theory*. Springer, sec. 4.2
(arithmetic in ``Q[x]/(p)``).
Collins, G. E. and Akritas, A. G. (1976). Polynomial real root isolation using Descartes' rule
of signs. *Proc. ACM SYMSAC*, 272-275 (isolating intervals, as sympy computes them).
Moore, R. E. (1966). *Interval Analysis*. Prentice-Hall (interval evaluation of polynomials).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = ["NumberField", "Alg"]


def _trim(c: list[Fraction]) -> list[Fraction]:
    while c and c[-1] == 0:
        c.pop()
    return c


def _polymod(a: list[Fraction], p: list[Fraction]) -> list[Fraction]:
    a = _trim(list(a))
    d = len(p) - 1
    while len(a) > d:
        f = a[-1] / p[-1]
        s = len(a) - 1 - d
        for k in range(d + 1):
            a[s + k] -= f * p[k]
        a = _trim(a)
    return a


def _polymul(a: Sequence[Fraction], b: Sequence[Fraction]) -> list[Fraction]:
    out = [Fraction(0)] * max(0, len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _polydivmod(a: list[Fraction], b: list[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    a = _trim(list(a))
    q = [Fraction(0)] * max(1, len(a) - len(b) + 1)
    while len(a) >= len(b) and a:
        f = a[-1] / b[-1]
        s = len(a) - len(b)
        q[s] = f
        for k in range(len(b)):
            a[s + k] -= f * b[k]
        a = _trim(a)
    return _trim(q), a


def _polysub(a: Sequence[Fraction], b: Sequence[Fraction]) -> list[Fraction]:
    n = max(len(a), len(b))
    return _trim([(a[k] if k < len(a) else 0) - (b[k] if k < len(b) else 0) for k in range(n)])


class NumberField:
    """``Q(θ)`` for a real root ``θ`` of the irreducible ``p`` (ascending Fraction coefficients) in ``[lo, hi]``.

    Parameters
    ----------
    p : sequence of Fraction
        Ascending coefficients of the minimal polynomial of ``θ`` (irreducible over Q).
    lo, hi : Fraction
        An interval holding ``θ`` and no other root of ``p`` (``p(lo) p(hi) < 0``).
    """

    def __init__(self, p: Sequence[Any], lo: Fraction, hi: Fraction) -> None:
        self.p = [Fraction(x) for x in p]
        self.degree = len(self.p) - 1
        self.lo, self.hi = Fraction(lo), Fraction(hi)
        if self._p_at(self.lo) * self._p_at(self.hi) >= 0:
            raise ValueError("the interval does not isolate a simple root of p")

    def _p_at(self, x: Fraction) -> Fraction:
        acc = Fraction(0)
        for c in reversed(self.p):
            acc = acc * x + c
        return acc

    def refine(self) -> None:
        """Halve the isolating interval (exactly)."""
        mid = (self.lo + self.hi) / 2
        pm = self._p_at(mid)
        if pm == 0:        # pragma: no cover - p is irreducible of degree >= 2: no rational root
            self.lo = self.hi = mid
        elif (pm > 0) == (self._p_at(self.lo) > 0):
            self.lo = mid
        else:
            self.hi = mid

    def theta(self) -> Alg:
        return Alg(self, [Fraction(0), Fraction(1)])

    def element(self, coeffs: Sequence[Any]) -> Alg:
        """The element ``sum c_k θ^k``."""
        return Alg(self, [Fraction(c) for c in coeffs])


class Alg:
    """An element of a :class:`NumberField`: exact arithmetic and exact comparisons."""

    __slots__ = ("c", "field")

    def __init__(self, field: NumberField, coeffs: Sequence[Fraction]) -> None:
        self.field = field
        self.c = tuple(_polymod(list(coeffs), field.p))

    # -- conversion ----------------------------------------------------------------------------
    def _lift(self, other: Any) -> Alg | None:
        if isinstance(other, Alg):
            return other if other.field is self.field else None
        if isinstance(other, int | Fraction):
            return Alg(self.field, [Fraction(other)])
        if isinstance(other, float):
            return Alg(self.field, [Fraction(other)])
        try:
            return Alg(self.field, [Fraction(other)])       # numpy scalars
        except (TypeError, ValueError):
            return None

    def is_rational(self) -> bool:
        return len(self.c) <= 1

    def _interval(self) -> tuple[Fraction, Fraction]:
        """Exact enclosure of the value over the current isolating interval (Horner, interval arithmetic)."""
        lo, hi = self.field.lo, self.field.hi
        a = b = Fraction(0)
        for coef in reversed(self.c):
            prods = (a * lo, a * hi, b * lo, b * hi)
            a, b = min(prods) + coef, max(prods) + coef
        return a, b

    def sign(self) -> int:
        """-1, 0 or 1, exactly."""
        if not self.c:
            return 0
        if len(self.c) == 1:
            return 1 if self.c[0] > 0 else -1
        for _ in range(4000):
            a, b = self._interval()
            if a > 0:
                return 1
            if b < 0:
                return -1
            self.field.refine()
        raise ArithmeticError("could not separate a nonzero algebraic number from 0")  # pragma: no cover

    def __float__(self) -> float:
        while True:
            a, b = self._interval()
            if b - a <= abs(a + b) * 1e-17 + Fraction(1, 10**300):
                return float((a + b) / 2)
            self.field.refine()

    # -- arithmetic ----------------------------------------------------------------------------
    def __add__(self, other: Any) -> Alg:
        o = self._lift(other)
        if o is None:
            return NotImplemented
        n = max(len(self.c), len(o.c))
        return Alg(self.field, [(self.c[k] if k < len(self.c) else 0) + (o.c[k] if k < len(o.c) else 0)
                                for k in range(n)])

    __radd__ = __add__

    def __neg__(self) -> Alg:
        return Alg(self.field, [-x for x in self.c])

    def __sub__(self, other: Any) -> Alg:
        o = self._lift(other)
        return NotImplemented if o is None else self + (-o)

    def __rsub__(self, other: Any) -> Alg:
        o = self._lift(other)
        return NotImplemented if o is None else o + (-self)

    def __mul__(self, other: Any) -> Alg:
        o = self._lift(other)
        if o is None:
            return NotImplemented
        return Alg(self.field, _polymul(self.c, o.c))

    __rmul__ = __mul__

    def inverse(self) -> Alg:
        """``1 / self`` by the extended Euclidean algorithm in ``Q[x]`` (p irreducible)."""
        if not self.c:
            raise ZeroDivisionError("division by an algebraic zero")
        r0, r1 = list(self.field.p), list(self.c)
        s0, s1 = [], [Fraction(1)]
        while r1:
            q, r = _polydivmod(r0, r1)
            r0, r1 = r1, r
            s0, s1 = s1, _polysub(s0, _polymul(q, s1))
        # r0 is a nonzero constant (gcd of an irreducible p and a nonzero lower-degree element)
        return Alg(self.field, [x / r0[0] for x in s0])

    def __truediv__(self, other: Any) -> Alg:
        o = self._lift(other)
        return NotImplemented if o is None else self * o.inverse()

    def __rtruediv__(self, other: Any) -> Alg:
        o = self._lift(other)
        return NotImplemented if o is None else o * self.inverse()

    def __abs__(self) -> Alg:
        return -self if self.sign() < 0 else self

    # -- order -----------------------------------------------------------------------------------
    def _cmp(self, other: Any) -> int | None:
        o = self._lift(other)
        return None if o is None else (self - o).sign()

    def __eq__(self, other: object) -> bool:
        o = self._lift(other)
        return o is not None and self.c == o.c

    def __hash__(self) -> int:
        return hash(self.c[0] if self.c else Fraction(0)) if self.is_rational() else hash(self.c)

    def __lt__(self, other: Any) -> bool:
        k = self._cmp(other)
        return NotImplemented if k is None else k < 0

    def __le__(self, other: Any) -> bool:
        k = self._cmp(other)
        return NotImplemented if k is None else k <= 0

    def __gt__(self, other: Any) -> bool:
        k = self._cmp(other)
        return NotImplemented if k is None else k > 0

    def __ge__(self, other: Any) -> bool:
        k = self._cmp(other)
        return NotImplemented if k is None else k >= 0

    def __repr__(self) -> str:
        return f"{float(self):.12g}" if not self.is_rational() else str(self.c[0] if self.c else 0)
