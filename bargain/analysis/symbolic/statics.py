"""Comparative statics in closed form: the sign of d(probability or payoff)/d(parameter) on each regime.

On a regime the equilibrium is a rational function ``N / D`` of the parameters, so its derivative
is ``(N' D - N D') / D^2`` (Fudenberg and Tirole 1991, *Game Theory*, sec. 12.1, on comparative
statics of a regular equilibrium; the implicit-function form is in
:mod:`bargain.analysis.derivatives`).  ``D^2 > 0`` where the formula is defined, so the sign is
that of the numerator ``N' D - N D'``, decided

* **symbolically** when it is identically zero, or its sign on the whole parameter box is proven
  by :func:`~.algebra.box_sign`, or it is, up to a positive constant, a product of the regime's
  own inequalities and such proven factors;
* else **numerically**: its sign at every sample point of the regime (``"numeric"``), or
  ``"changes sign"`` when the samples disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import box_sign, quotient, split_factors
from bargain.analysis.symbolic.report import EquilibriumFormula, SymbolicSolution
from bargain.errors import GameError, did_you_mean

__all__ = ["Static", "comparative_statics"]


@dataclass
class Static:
    """The sign of one derivative on one regime.

    Parameters
    ----------
    quantity : str
        ``"P(player:strategy)"`` or ``"u(player)"``.
    parameter : str
        The parameter differentiated against.
    regime : int
        Index of the regime in the formula's ``regimes``.
    derivative : sympy.Expr
        The derivative as an expression.
    sign : str
        ``"+"``, ``"-"``, ``"0"`` or ``"changes sign"``.
    how : str
        ``"symbolic"`` or ``"numeric (N points)"``.
    """

    quantity: str
    parameter: str
    regime: int
    derivative: sp.Expr
    sign: str
    how: str

    def to_dict(self) -> dict[str, Any]:
        return {"quantity": self.quantity, "parameter": self.parameter, "regime": self.regime + 1,
                "derivative": sp.sstr(self.derivative), "sign": self.sign, "how": self.how}


def comparative_statics(solution: SymbolicSolution, formula: EquilibriumFormula | int | str,
                        parameter: str | None = None, *, expressions: bool = False) -> list[Static]:
    """Signs of the derivatives of one formula's probabilities and payoffs, regime by regime.

    Parameters
    ----------
    solution : SymbolicSolution
        The output of :func:`~.solve.formulas`.
    formula : EquilibriumFormula, int or str
        The formula, its index in ``solution`` or its support label.
    parameter : str, optional
        Only this parameter (default: every parameter).
    expressions : bool
        Also build each derivative as a readable expression (slower).

    Returns
    -------
    list of Static
        One per quantity, parameter and regime.

    Raises
    ------
    GameError
        For an unknown parameter, or a formula that is not a rational function (polynomial case).

    References
    ----------
    Samuelson, P. A. (1947). *Foundations of Economic Analysis*. Harvard University Press, ch. 3.
    Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed. Springer.
    """
    sg = solution.game
    f = formula if isinstance(formula, EquilibriumFormula) else (
        solution[formula] if isinstance(formula, int) else solution.find(formula))
    if f.solution.method != "linear":
        raise GameError("comparative statics in closed form need a rational formula (at most two players mixing)")
    names = list(sg.symbols)
    if parameter is not None and parameter not in names:
        raise GameError(f"no parameter {parameter!r}{did_you_mean(parameter, names)}; parameters are {names}")
    wanted = [parameter] if parameter else names
    quantities: list[tuple[str, Any, Any]] = []
    for i, s_i in enumerate(f.support):
        if len(s_i) > 1:
            quantities += [(f"P({sg.players[i]}:{sg.strategies[i][k]})", *f.solution.profile[i][k]) for k in s_i]
    quantities += [(f"u({p})", *f.solution.values[i]) for i, p in enumerate(sg.players)]
    smp = solution.samples
    out = []
    for name in wanted:
        v = names.index(name)
        for label, num, den in quantities:
            gen = num.ring.gens[v]
            dnum = num.diff(gen) * den - num * den.diff(gen)
            deriv = quotient(dnum, den * den, solution.candidates) if expressions else sp.Integer(0)
            for r, reg in enumerate(f.regimes):
                sign, how = _sign(dnum, reg.region, smp, solution.candidates)
                out.append(Static(label, name, r, deriv, sign, how))
    return out


def _sign(p: Any, region: Any, smp: Any, candidates: Any) -> tuple[str, str]:
    if p == 0:
        return "0", "symbolic"
    if p.is_ground:
        return ("+" if p.LC > 0 else "-"), "symbolic"
    # a product of factors whose signs are known: proven on the box, or fixed by the regime
    c, facs = split_factors(p, candidates)
    total = 1 if c > 0 else -1
    known = {}
    for q in region.inequalities:
        if hasattr(q.poly, "ring"):
            cq, fq = split_factors(q.poly, candidates)
            if len(fq) == 1 and fq[0][1] == 1:
                known[fq[0][0]] = q.sign * (1 if cq > 0 else -1)
    for f, e in facs:
        if e % 2 == 0:
            continue
        s = known.get(f) or box_sign(f, smp.box_low, smp.box_high)
        if s not in (1, -1):
            total = 0
            break
        total *= s
    if total:
        return ("+" if total > 0 else "-"), "symbolic"
    vals = smp(p)[region.members]
    scale = max(1e-300, float(np.max(np.abs(vals)))) if vals.size else 1.0
    pos, neg = np.any(vals > 1e-12 * scale), np.any(vals < -1e-12 * scale)
    how = f"numeric ({vals.size} points)"
    if pos and neg:
        return "changes sign", how
    return ("+" if pos else "-" if neg else "0"), how
