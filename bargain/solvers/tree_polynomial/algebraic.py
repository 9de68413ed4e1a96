"""Exact solutions of a support system by a Gröbner basis, saturated off the support's boundary.

The homotopy of :mod:`bargain.solvers.polynomial.homotopy` finds every *isolated* solution of a
support system with probability one, but it cannot say more when a path fails or ends at a
singular point: the system may have positive-dimensional solution sets, and on trees it usually
has them where some sequence of the support has probability zero (a player who never reaches a
set is indifferent there, so whole families of spurious solutions appear).  Those sets are not
equilibria with this support, which needs every support sequence to have positive probability.

This module decides such a system exactly.  With ``x_s(v)`` the affine expressions of the support
sequences' probabilities in the free variables, it computes a lexicographic Gröbner basis of the
*saturation* ``I : (prod_s x_s)^inf`` of the system's ideal ``I``, by the Rabinowitsch trick: one
more variable ``t`` and the equation ``t prod_s x_s - 1 = 0`` (Cox, Little and O'Shea 2015, ch. 4,
sec. 4).  Its complex solutions are exactly the solutions of the system at which no support
sequence has probability zero, so

* a basis ``{1}`` proves that no equilibrium has this support;
* a zero-dimensional basis gives every such solution: rational ones exactly, irrational real ones
  in floating point (from the triangular lexicographic basis);
* a positive-dimensional basis means a genuine continuum of solutions off the boundary, which this
  module does not describe (the caller marks its answer not complete).

It needs sympy (the ``symbolic`` extra); without it the caller keeps its incomplete answer.

References
----------
Cox, D. A., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed.,
Springer, ch. 2 (Buchberger's algorithm, lexicographic bases and elimination) and ch. 4, sec. 4
(saturation).  Sturmfels, B. (2002). *Solving Systems of Polynomial Equations*, ch. 6 (Nash
equilibria as solutions of multilinear systems).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from bargain.solvers.tree_polynomial.supports import SupportSystem

__all__ = ["saturated_solutions"]


def _rational(c: Any) -> Any:
    import sympy as sp

    c = Fraction(c)
    return sp.Rational(c.numerator, c.denominator)


def saturated_solutions(system: SupportSystem) -> list[dict[int, list[Any]]] | None:
    """Every solution of an exact support system at which every support sequence is nonzero.

    Parameters
    ----------
    system : SupportSystem
        A support system built in Fractions (``exact=True``).

    Returns
    -------
    list of dict or None
        The real solutions, each ``{player: free values}`` (Fractions where rational, else floats);
        an empty list when there are none; None when the saturated system has a positive-dimensional
        solution set or sympy is not installed.

    References
    ----------
    Cox, Little and O'Shea (2015), ch. 2 and ch. 4, sec. 4.
    """
    try:
        import sympy as sp
    except ImportError:          # pragma: no cover - the symbolic extra is not installed
        return None
    vs = {i: list(sp.symbols(f"v{i}_1:{system.degrees[i] + 1}")) for i in system.mixing}
    ys = {i: [sp.Integer(1), *vs[i]] for i in system.mixing}
    eqs = []
    for q, i in enumerate(system.mixing):
        others = [j for j in system.mixing if j != i]
        C = system.coeffs[q]
        for k in range(C.shape[0]):
            expr = sp.Integer(0)
            for idx in zip(*np.nonzero(C[k] != 0), strict=True):
                term = _rational(C[(k, *idx)])
                for j, a in zip(others, idx, strict=True):
                    term *= ys[j][int(a)]
                expr += term
            eqs.append(sp.expand(expr))
    prod = sp.Integer(1)
    for i in system.mixing:
        for row in system.maps[i]:
            if any(c != 0 for c in row):
                prod *= sum((_rational(c) * ys[i][k] for k, c in enumerate(row) if c != 0), sp.Integer(0))
    t = sp.Symbol("t")
    vars_ = [v for i in system.mixing for v in vs[i]]
    basis = sp.groebner([*eqs, sp.expand(t * prod - 1)], t, *vars_, order="lex")
    if list(basis.exprs) == [1]:
        return []
    if not basis.is_zero_dimensional:
        return None
    out = []
    for sol in sp.solve(list(basis.exprs), [t, *vars_], dict=True):
        vals = [sol.get(v) for v in vars_]
        if any(v is None for v in vals):
            return None          # not triangular enough for sympy's solver: treat as undecided
        nums = [complex(sp.N(v, 30)) for v in vals]
        if any(abs(z.imag) > 1e-12 * max(1.0, abs(z.real)) for z in nums):
            continue
        exact = all(v.is_rational for v in vals)
        row = [Fraction(int(v.p), int(v.q)) if exact else z.real for v, z in zip(vals, nums, strict=True)]
        free, k = {}, 0
        for i in system.mixing:
            free[i] = row[k:k + system.degrees[i]]
            k += system.degrees[i]
        out.append(free)
    return out
