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

Where the payoffs compare parameters (:mod:`.branches`), a regime also ends where a comparison
flips (binding ``"the payoffs switch: ..."``).  For a game tree of perfect information the
subgame-perfect switches -- on the equilibrium path or off it -- are added, each the root of the
gap of two moves at a node (:mod:`.switches`), as :func:`bargain.thresholds` reports them.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from bargain.analysis.symbolic.report import SymbolicSolution, binding_text
from bargain.analysis.symbolic.roots import (
    PointEval,
    RealRoot,
    ThresholdFormula,
    exact_at,
    exact_value,
    real_roots,
    root_expressions,
)
from bargain.analysis.symbolic.switches import spe_switch_formulas
from bargain.errors import GameError, did_you_mean

__all__ = ["ThresholdFormula", "threshold_formulas"]


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
    ev = PointEval(names, point)
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
                for root in real_roots(c.num, v, ev):
                    # cheap float screening first: inside the bounds, on the regime's boundary
                    if not prm.low - 1e-9 <= root <= prm.high + 1e-9:
                        continue
                    if not _on_boundary(conds, c, PointEval(names, {**point, name: root}), tol):
                        continue
                    for expr in root_expressions(c.num, v, solution.candidates):
                        exact = exact_at(expr, exact_point, sg.symbols[name])
                        if not (exact.is_number and exact.is_finite and exact.is_real):
                            continue
                        value = float(exact)
                        if abs(value - root) > 1e-6 * max(1.0, abs(root)):
                            continue
                        key = (name, round(value, 12), formula.label, binding_text(sg, c))
                        out.setdefault(key, ThresholdFormula(name, expr, value, exact_value(exact),
                                                             formula.label, binding_text(sg, c), sg.latex_names))
    # a tree's subgame-perfect switches, on the equilibrium path or off it: where two moves at a node tie
    for t in spe_switch_formulas(sg, wanted, point, exact_point, solution.candidates):
        out.setdefault((t.parameter, round(t.value, 12), t.support, t.binding), t)
    return sorted(out.values(), key=lambda t: (names.index(t.parameter), t.value, t.support, t.binding))


def _fold_thresholds(formula: Any, wanted: list[str], point: dict[str, float],
                     exact_point: dict[sp.Symbol, sp.Expr]) -> list[ThresholdFormula]:
    """Where the discriminant of a quadratic defining polynomial vanishes (a fold: two equilibria meet)."""
    sg = formula.game
    out = []
    for c in formula.solution.conditions:
        if c.kind != "real":
            continue
        num = c.num.as_expr() if hasattr(c.num, "ring") else c.num
        for name in wanted:
            sym = sg.symbols[name]
            if sym not in num.free_symbols:
                continue
            degree = sp.degree(num, sym)
            # degree three or more: no formula in radicals is attempted; the k-th real root instead
            roots = sp.solve(num, sym) if degree <= 2 else [RealRoot(num, sym, k) for k in range(degree)]
            for expr in roots:
                exact = exact_at(expr, exact_point, sym)
                if not (exact.is_number and exact.is_real and exact.is_finite):
                    continue
                value = float(exact)
                prm = sg.parameters[name]
                if prm.low - 1e-12 <= value <= prm.high + 1e-12:
                    out.append(ThresholdFormula(name, expr, value, exact_value(exact), formula.label,
                                                binding_text(sg, c), sg.latex_names))
    return out


def _on_boundary(conds: list[Any], binding: Any, ev: PointEval, tol: float) -> bool:
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
