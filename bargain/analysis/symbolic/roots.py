"""Building blocks of thresholds as expressions: the :class:`ThresholdFormula` record, and the roots in
one parameter of a polynomial condition, as floats at a point and as expressions in the other
parameters (degree one: ``k* = -q0 / q1``; degree two: the quadratic formula; degree three or more,
where no formula in radicals exists in general (Abel-Ruffini): :class:`RealRoot`, the ``k``-th real
root of the polynomial, which becomes an exact algebraic number (sympy's ``CRootOf``, found by real
root isolation) once the other parameters are numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import coefficients_in, pretty, quotient

__all__ = ["PointEval", "RealRoot", "exact_at", "exact_value", "ThresholdFormula", "real_roots", "root_expressions"]


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
    exact : sympy.Rational, sympy.CRootOf or None
        The same value exactly, when it is rational or a real root of a polynomial of degree three or
        more (:func:`exact_value`).
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
        at = f" = {sp.sstr(self.exact)}" if self.exact is not None and self.exact != self.expression else ""
        return f"{self.parameter} = {sp.sstr(self.expression)}  ({self.value:.12g}{at} at the point)"

    @property
    def latex(self) -> str:
        names = self.latex_names
        sym = next((s for s in names if s.name == self.parameter), sp.Symbol(self.parameter))
        out = f"{names.get(sym, self.parameter)} = {sp.latex(self.expression, symbol_names=names)}"
        if self.exact is not None and self.exact != self.expression:
            out += f" = {sp.latex(self.exact)}"
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "expression": sp.sstr(self.expression), "latex": self.latex,
                "value": self.value, "exact": None if self.exact is None else sp.sstr(self.exact),
                "support": self.support, "binding": self.binding}


class RealRoot(sp.Function):
    """``RealRoot(P, x, k)``: the ``k``-th smallest real root (``k`` from 0) of the polynomial ``P`` in ``x``.

    The coefficients of ``P`` are expressions in other parameters.  Once they are numbers (rational),
    the function evaluates to the exact algebraic number ``CRootOf(P, k)`` (real roots come first in
    sympy's indexing, in increasing order), which ``float`` evaluates to any precision; an index past
    the real roots gives a non-real ``CRootOf``, and one past the degree (leading coefficients that
    vanish at that point) ``nan`` (callers skip both).

    References
    ----------
    Collins, G. E. and Akritas, A. G. (1976). Polynomial real root isolation using Descartes' rule of
    signs. *Proceedings of the 1976 ACM Symposium on Symbolic and Algebraic Computation*, 272-275 (the
    isolation behind sympy's ``CRootOf``).
    """

    nargs = 3

    @classmethod
    def eval(cls, p: sp.Expr, x: sp.Symbol, k: sp.Integer) -> sp.Expr | None:
        if not p.free_symbols <= {x} or x not in p.free_symbols:
            return None
        poly = sp.Poly(p, x)
        if not poly.domain.is_QQ and not poly.domain.is_ZZ:
            return None
        if int(k) >= poly.degree():         # the leading coefficients vanish here: fewer roots
            return sp.nan
        return sp.CRootOf(poly, int(k))

    def _sympystr(self, printer: Any) -> str:
        p, x, k = self.args
        return f"root #{int(k) + 1} in {printer._print(x)} of ({printer._print(p)} = 0)"

    def _latex(self, printer: Any) -> str:
        p, x, k = self.args
        return (rf"\operatorname{{root}}_{{{int(k) + 1}}}\left[{printer._print(p)} = 0\right]_{{{printer._print(x)}}}")


def exact_at(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr], solved_for: sp.Symbol) -> sp.Expr:
    """A threshold expression for ``solved_for`` at the exact ``point`` of the other parameters (a
    :class:`RealRoot` keeps its own variable unsubstituted, and becomes a ``CRootOf``)."""
    return sp.sympify(sp.sympify(expr).xreplace({s: v for s, v in point.items() if s != solved_for}))


def exact_value(value: sp.Expr) -> sp.Expr | None:
    """``value`` when it is exact in a form worth printing (a rational, or an isolated real root of a
    polynomial, ``CRootOf``), else None (a radical is shown through its expression)."""
    return value if value.is_Rational or isinstance(value, sp.CRootOf) else None


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
        Empty when ``p`` has no real root there (degree three or more: the real eigenvalues of the
        companion matrix, ``numpy.roots``).
    """
    co = coefficients_in(p, v)
    c = [ev(co[e]) if e in co else 0.0 for e in range(max(co) + 1)]
    scale = max(abs(t) for t in c)
    while len(c) > 1 and abs(c[-1]) <= 1e-14 * scale:      # a leading coefficient vanishing at the point
        c.pop()
    deg = len(c) - 1
    if deg == 1:
        return [-c[0] / c[1]]
    if deg == 2:
        disc = c[1] ** 2 - 4 * c[2] * c[0]
        if disc < -1e-12 * max(1.0, c[1] ** 2):
            return []
        r = np.sqrt(max(disc, 0.0))
        return [(-c[1] + r) / (2 * c[2]), (-c[1] - r) / (2 * c[2])]
    if deg >= 3:
        z = np.roots(c[::-1])
        return [float(t.real) for t in z if abs(t.imag) <= 1e-9 * max(1.0, abs(t))]
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
        ``-q0 / q1`` (degree one), the two roots by the quadratic formula (degree two), or
        ``RealRoot(P, x, k)`` for every ``k`` below the degree (degree three or more; the caller
        keeps the one that is real and matches, at its point).

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
    x = p.ring.symbols[v]
    poly = sp.Add(*(pretty(c, candidates) * x ** e for e, c in co.items()))
    return [RealRoot(poly, x, k) for k in range(deg)]
