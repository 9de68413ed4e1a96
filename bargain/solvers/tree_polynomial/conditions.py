"""The defining conditions of a set of free behaviour, written out for people.

A set of equilibria that conditions bilinear in two players' free behaviour cut (not a polytope, so
no finite list of extreme points describes it; :mod:`.extension`) is reported by its defining
conditions: polynomials in the realisation probabilities ``x(a@h)`` of the free sequences (von
Stengel 1996), each ``p(z) <= 0`` or ``p(z) = 0``.  Each condition is scaled to coprime integer
coefficients (exact) or to a largest coefficient of 1 (floating point), written with its constant on
the right and with ``>=`` when every coefficient is negative, and listed once.

References
----------
von Stengel, B. (1996). Efficient computation of behavior strategies. *GEB* 14, 220-246.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

__all__ = ["describe_conditions"]

Poly = dict[tuple[int, ...], Any]


def describe_conditions(ineq: list[Poly], eq: list[Poly], names: list[str]) -> str:
    """The set ``{z : p(z) <= 0 for p in ineq, p(z) = 0 for p in eq}`` written out.

    Parameters
    ----------
    ineq, eq : list of dict
        Polynomials ``{monomial (tuple of variable indices): coefficient}``.
    names : list of str
        The name of each variable.

    Returns
    -------
    str
        ``"{x(A@h), ... : condition; condition; ...}"``; conditions without a variable are left out.
    """
    parts: list[str] = []
    for relation, polys in (("<=", ineq), ("=", eq)):
        for q in polys:
            text = _condition(q, relation, names)
            if text is not None and text not in parts:
                parts.append(text)
    return "{" + ", ".join(names) + " : " + "; ".join(parts) + "}"


def _scaled(q: Poly) -> Poly:
    """``q`` divided by a positive number: to coprime integers when its coefficients are rational."""
    values = [v for v in q.values() if v != 0]
    if all(isinstance(v, (int, Fraction)) for v in values):
        fr = [Fraction(v) for v in values]
        den = math.lcm(*(f.denominator for f in fr))
        g = math.gcd(*(int(f * den) for f in fr)) or 1
        return {m: Fraction(v) * den / g for m, v in q.items()}
    top = max((abs(float(v)) for m, v in q.items() if m), default=1.0) or 1.0
    return {m: float(v) / top for m, v in q.items()}


def _number(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else str(v)
    return str(v) if isinstance(v, int) else f"{float(v):.6g}"


def _condition(q: Poly, relation: str, names: list[str]) -> str | None:
    """``q(z) <relation> 0`` as ``terms <relation> constant``; None when it has no variable."""
    q = _scaled(q)
    terms = [(m, v) for m, v in sorted(q.items(), key=lambda kv: (len(kv[0]), kv[0])) if m and v != 0]
    if not terms:
        return None
    const = -q.get((), 0)
    if all(v < 0 for _, v in terms):          # -x <= c  reads better as  x >= -c
        terms = [(m, -v) for m, v in terms]
        const = -const
        relation = {"<=": ">=", "=": "="}[relation]
    out = ""
    for m, v in terms:
        mono = "*".join(names[c] for c in m)
        mag = -v if v < 0 else v
        coef = "" if mag == 1 else f"{_number(mag)}*"
        out += (" - " if v < 0 else " + ") if out else ("-" if v < 0 else "")
        out += coef + mono
    return f"{out} {relation} {_number(const + 0)}"
