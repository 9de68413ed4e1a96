"""Building blocks of thresholds as expressions: the :class:`ThresholdFormula` record, and the roots in
one parameter of a polynomial condition, as floats at a point and as expressions in the other
parameters (degree one: ``k* = -q0 / q1``; degree two: the quadratic formula).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import coefficients_in, pretty, quotient

__all__ = ["PointEval", "ThresholdFormula", "real_roots", "root_expressions"]


@dataclass
class ThresholdFormula:
    """``parameter = expression`` where an equilibrium's regime ends.

    Parameters
    ----------
    parameter : str
        The parameter solved for.
    expression : sympy.Expr
        The threshold in the other parameters.
    value : float
        Its value with the other parameters at the point (the defaults unless given).
    exact : sympy.Rational or None
        The same value exactly, when it is rational.
    support : str
        The equilibrium's support label.
    binding : str
        What happens there (``"P(US:Engage) reaches 0"``, ``"China:Lax becomes a best response"``).
    latex_names : dict of sympy.Symbol to str
        How each parameter symbol is written in LaTeX.
    """

    parameter: str
    expression: sp.Expr
    value: float
    exact: sp.Expr | None
    support: str
    binding: str
    latex_names: dict[sp.Symbol, str]

    @property
    def text(self) -> str:
        at = f" = {sp.sstr(self.exact)}" if self.exact is not None and self.exact.is_Rational else ""
        return f"{self.parameter} = {sp.sstr(self.expression)}  ({self.value:.12g}{at} at the point)"

    @property
    def latex(self) -> str:
        names = self.latex_names
        sym = next((s for s in names if s.name == self.parameter), sp.Symbol(self.parameter))
        out = f"{names.get(sym, self.parameter)} = {sp.latex(self.expression, symbol_names=names)}"
        if self.exact is not None:
            out += f" = {sp.latex(self.exact)}"
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "expression": sp.sstr(self.expression), "latex": self.latex,
                "value": self.value, "exact": None if self.exact is None else sp.sstr(self.exact),
                "support": self.support, "binding": self.binding}


class PointEval:
    """Float values of ring elements at one point of the parameters, each computed once.

    Parameters
    ----------
    names : list of str
        The parameters, in the order of the ring's generators.
    point : dict
        A float value for each of them.
    """

    def __init__(self, names: list[str], point: dict[str, float]) -> None:
        self.x = [float(point[k]) for k in names] or [0.0]
        self.cache: dict[Any, float] = {}

    def __call__(self, p: Any) -> float:
        hit = self.cache.get(p)
        if hit is None:
            x = self.x
            hit = 0.0
            for monom, c in p.terms():
                t = float(c)
                for xv, e in zip(x, monom, strict=True):
                    if e:
                        t *= xv ** e
                hit += t
            self.cache[p] = hit
        return hit


def real_roots(p: Any, v: int, ev: PointEval) -> list[float]:
    """Real roots in generator ``v`` of ``p`` with the others at the point (degree one or two), floats.

    Parameters
    ----------
    p : PolyElement
        The polynomial.
    v : int
        Index of the generator solved for.
    ev : PointEval
        The values of the other generators.

    Returns
    -------
    list of float
        Empty when ``p`` is of degree three or more in ``v``, or has no real root there.
    """
    co = coefficients_in(p, v)
    deg = max(co)
    c = [ev(co[e]) if e in co else 0.0 for e in range(deg + 1)]
    if deg == 1:
        return [-c[0] / c[1]] if c[1] != 0 else []
    if deg == 2 and c[2] != 0:
        disc = c[1] ** 2 - 4 * c[2] * c[0]
        if disc < -1e-12 * max(1.0, c[1] ** 2):
            return []
        r = np.sqrt(max(disc, 0.0))
        return [(-c[1] + r) / (2 * c[2]), (-c[1] - r) / (2 * c[2])]
    return []


def root_expressions(p: Any, v: int, candidates: Any) -> list[sp.Expr]:
    """The roots of ``p`` in generator ``v`` as expressions in the others (degree one or two), else none.

    Parameters
    ----------
    p : PolyElement
        The polynomial.
    v : int
        Index of the generator solved for.
    candidates : sequence
        Trial divisors for readable expressions (:func:`~.algebra.pretty`).

    Returns
    -------
    list of sympy.Expr
        ``-q0 / q1`` (degree one) or the two roots by the quadratic formula (degree two).

    References
    ----------
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*, MIT Press, sec. 1.2 (comparative statics
    across regimes).
    """
    co = coefficients_in(p, v)
    deg = max(co)
    zero = p.ring.zero
    if deg == 1:
        return [quotient(-co.get(0, zero), co[1], candidates)]
    if deg == 2:
        q2, q1, q0 = co[2], co.get(1, zero), co.get(0, zero)
        disc = sp.sqrt(pretty(q1 * q1 - 4 * q2 * q0, candidates))
        a, b = pretty(q2, candidates), pretty(q1, candidates)
        return [(-b + disc) / (2 * a), (-b - disc) / (2 * a)]
    return []
