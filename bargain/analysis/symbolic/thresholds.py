"""Thresholds as expressions: where a regime ends, solved for one parameter.

A regime of an equilibrium ends where one of its conditions binds (:mod:`.regions`): a
probability reaches 0 or a strategy off the support becomes a best response.  The binding
condition is a polynomial ``q(theta) = 0``; where ``q`` is of degree one in a parameter ``k``,
``q = q1 k + q0``, the threshold is ``k* = -q0 / q1``, a formula in the other parameters (degree
two: the quadratic formula).  Evaluated with the other parameters at their defaults (exactly, as
rationals), it is the critical value :func:`bargain.thresholds` finds numerically along the line
through the defaults (Fudenberg and Tirole 1991, *Game Theory*, sec. 1.2, on comparative statics
across regimes).  Only roots inside the parameter's bounds at which every other condition of the
regime holds (the point is on the regime's boundary) are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import coefficients_in, pretty, quotient
from bargain.analysis.symbolic.report import SymbolicSolution, binding_text
from bargain.errors import GameError, did_you_mean

__all__ = ["ThresholdFormula", "threshold_formulas"]


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


def threshold_formulas(solution: SymbolicSolution, parameter: str | None = None,
                       at: dict[str, float] | None = None, tol: float = 1e-9) -> list[ThresholdFormula]:
    """Every threshold of every verified regime, as an expression, with its value at a point.

    Parameters
    ----------
    solution : SymbolicSolution
        The output of :func:`~.solve.formulas`.
    parameter : str, optional
        Only thresholds of this parameter (default: every parameter).
    at : dict, optional
        The point for the other parameters (default: their defaults).
    tol : float
        Slack allowed on the regime's other conditions at the threshold point.

    Returns
    -------
    list of ThresholdFormula
        Sorted by parameter, then value; duplicates (same parameter, value, support and binding)
        appear once.

    Raises
    ------
    GameError
        For an unknown parameter name.
    """
    sg = solution.game
    names = list(sg.symbols)
    if parameter is not None and parameter not in sg.symbols:
        raise GameError(f"no parameter {parameter!r}{did_you_mean(parameter, names)}; parameters are {names}")
    point = {k: sg.parameters[k].default for k in names}
    point.update(at or {})
    exact_point = {sg.symbols[k]: sp.Rational(repr(float(v))) for k, v in point.items()}
    wanted = [parameter] if parameter else names
    out: dict[tuple, ThresholdFormula] = {}
    ev = _PointEval(names, point)
    for formula in solution.formulas:
        if formula.solution.method != "linear":
            for t in _fold_thresholds(formula, wanted, point, exact_point):
                out.setdefault((t.parameter, round(t.value, 12), t.support, t.binding), t)
            continue
        conds = formula.solution.conditions
        for c in conds:
            if c.num == 0 or c.num.is_ground:
                continue
            for name in wanted:
                v = names.index(name)
                prm = sg.parameters[name]
                for root in _roots(c.num, v, ev):
                    # cheap float screening first: inside the bounds, on the regime's boundary
                    if not prm.low - 1e-9 <= root <= prm.high + 1e-9:
                        continue
                    if not _on_boundary(conds, c, _PointEval(names, {**point, name: root}), tol):
                        continue
                    for expr in _root_expressions(c.num, v, solution.candidates):
                        exact = sp.sympify(expr.xreplace(exact_point))
                        if not (exact.is_number and exact.is_finite and exact.is_real):
                            continue
                        value = float(exact)
                        if abs(value - root) > 1e-6 * max(1.0, abs(root)):
                            continue
                        key = (name, round(value, 12), formula.label, binding_text(sg, c))
                        out.setdefault(key, ThresholdFormula(name, expr, value, exact if exact.is_Rational else None,
                                                             formula.label, binding_text(sg, c), sg.latex_names))
    return sorted(out.values(), key=lambda t: (names.index(t.parameter), t.value, t.support, t.binding))


def _fold_thresholds(formula: Any, wanted: list[str], point: dict[str, float],
                     exact_point: dict[sp.Symbol, sp.Expr]) -> list[ThresholdFormula]:
    """Where the discriminant of a quadratic defining polynomial vanishes (a fold: two equilibria meet)."""
    sg = formula.game
    out = []
    for c in formula.solution.conditions:
        if c.kind != "real":
            continue
        for name in wanted:
            sym = sg.symbols[name]
            if sym not in c.num.free_symbols:
                continue
            for expr in sp.solve(c.num, sym):
                exact = sp.sympify(sp.sympify(expr).xreplace(exact_point))
                if not (exact.is_number and exact.is_real and exact.is_finite):
                    continue
                value = float(exact)
                prm = sg.parameters[name]
                if prm.low - 1e-12 <= value <= prm.high + 1e-12:
                    out.append(ThresholdFormula(name, expr, value, exact if exact.is_Rational else None, formula.label,
                                                binding_text(sg, c), sg.latex_names))
    return out


class _PointEval:
    """Float values of ring elements at the point with generator ``v`` left free (its coefficients)."""

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


def _roots(p: Any, v: int, ev: _PointEval) -> list[float]:
    """Real roots in generator ``v`` of ``p`` with the others at the point (degree one or two), floats."""
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


def _root_expressions(p: Any, v: int, candidates: Any) -> list[sp.Expr]:
    """The roots of ``p`` in generator ``v`` as expressions in the others (degree one or two), else none."""
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


def _on_boundary(conds: list[Any], binding: Any, ev: _PointEval, tol: float) -> bool:
    """Do the regime's other conditions hold (to ``tol``, relative) at the point of ``ev``?"""
    for c in conds:
        if c is binding:
            continue
        num, den = ev(c.num), ev(c.den)
        if den == 0:
            return False
        scale = max(1.0, max(abs(float(x)) for x in c.num.coeffs()) if not c.num.is_ground else 1.0)
        if num / den < -tol * scale:
            return False
    return True
