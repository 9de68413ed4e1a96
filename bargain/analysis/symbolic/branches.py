"""Payoffs that compare parameters: one branch of the parameter box per side of each comparison.

A payoff helper may branch on the parameters: North Korea tests iff the share of its lifeline cut is
within its resolve, ``indicator(cut <= resolve)``, which a traced model returns as
``Piecewise((1, cut <= resolve), (0, True))``.  Such a payoff is a polynomial on each side of each
comparison.  :func:`split_branches` collects the comparisons ``g_k(theta) >= 0`` (or ``> 0``) in
the traced payoffs, finds the truth patterns that occur in the parameter box (on the fixed sample
of :class:`~.regions.Samples`, as the regimes are found; a pattern no interior sample reaches has
no regime), and gives, per pattern, the polynomial payoffs with every ``Piecewise`` resolved and
the pattern's inequalities as regime conditions of kind ``"branch"``.  Solving each branch's game
and adding its conditions to every solution's conditions gives the regimes of the branching game:
the parameter space is partitioned by the comparisons first, then by the equilibria's own
conditions (the cell decomposition of a piecewise-polynomial function, as in cylindrical algebraic
decomposition: Collins 1975, "Quantifier elimination for real closed fields by cylindrical algebraic
decomposition", LNCS 33; here only the cells the comparisons themselves cut).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from sympy.polys.rings import PolyElement, PolyRing

from bargain.analysis.symbolic.algebra import to_ring
from bargain.analysis.symbolic.supports import Condition
from bargain.errors import GameError

__all__ = ["Branch", "Comparison", "comparisons", "split_branches"]


@dataclass(frozen=True)
class Comparison:
    """One comparison of parameters in the payoffs: it holds iff ``poly > 0`` (``strict``) or ``poly >= 0``.

    Attributes
    ----------
    relation : sympy.Rel
        The comparison as traced (``resolve >= cut``).
    poly : PolyElement
        ``lhs - rhs`` (for ``>``, ``>=``; ``rhs - lhs`` for ``<``, ``<=``) times its denominator squared.
    strict : bool
        Whether equality is excluded.
    """

    relation: sp.Rel
    poly: PolyElement
    strict: bool

    @property
    def text(self) -> str:
        return sp.sstr(self.relation)


@dataclass
class Branch:
    """The game on one side of every comparison.

    Attributes
    ----------
    truth : tuple of bool
        Whether each comparison holds on the branch.
    payoffs : numpy.ndarray
        Object array of sympy expressions, every ``Piecewise`` resolved.
    conditions : list of Condition
        The branch's inequalities (kind ``"branch"``; ``strategy`` is the comparison's index).
    """

    truth: tuple[bool, ...]
    payoffs: np.ndarray
    conditions: list[Condition]


def comparisons(payoffs: np.ndarray, R: PolyRing) -> list[Comparison]:
    """Every comparison of parameters in the ``Piecewise`` conditions of ``payoffs``.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Object array of sympy expressions.
    R : PolyRing
        The polynomial ring of the parameters.

    Returns
    -------
    list of Comparison
        In a fixed order (by their text); empty when no payoff branches.

    Raises
    ------
    GameError
        For an equality or inequality test (``==``, ``!=``), which holds on no full-dimensional region
        on one side, or a comparison that is not polynomial in the parameters over a denominator.
    """
    rels: set[sp.Rel] = set()
    for e in payoffs.flat:
        for pw in e.atoms(sp.Piecewise):
            for _, cond in pw.args:
                rels |= cond.atoms(sp.Rel)
    out = []
    for rel in sorted(rels, key=sp.sstr):
        if isinstance(rel, (sp.Eq, sp.Ne)):
            raise GameError(f"the payoffs test {sp.sstr(rel)}: an equality of parameters cannot be split into "
                            "regions; compare with <, <=, > or >=")
        g = rel.lhs - rel.rhs if isinstance(rel, (sp.Gt, sp.Ge)) else rel.rhs - rel.lhs
        num, den = sp.fraction(sp.together(g))
        poly = to_ring(R, sp.expand(num * den), f"the comparison {sp.sstr(rel)}")
        out.append(Comparison(rel, poly, isinstance(rel, (sp.Gt, sp.Lt))))
    return out


def split_branches(payoffs: np.ndarray, R: PolyRing, samples: Any) -> list[Branch]:
    """The branches of a game whose payoffs compare parameters, one per truth pattern in the box.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Object array of sympy expressions (the traced payoffs, ``Piecewise`` where they branch).
    R : PolyRing
        The polynomial ring of the parameters.
    samples : Samples
        The sample of the parameter box on which the patterns are found.

    Returns
    -------
    list of Branch
        A single branch without conditions when no payoff branches; else one per truth pattern some
        sample reaches strictly inside (every comparison's polynomial nonzero there), in a fixed order.

    Raises
    ------
    GameError
        As :func:`comparisons`, or if a payoff is still not a polynomial on a branch.

    References
    ----------
    Collins, G. E. (1975). Quantifier elimination for real closed fields by cylindrical algebraic
    decomposition. *Automata Theory and Formal Languages*, LNCS 33, 134-183.
    """
    comps = comparisons(payoffs, R)
    if not comps:
        return [Branch((), payoffs, [])]
    vals = np.stack([samples(c.poly) for c in comps], axis=1)
    scale = np.maximum(1.0, np.nanmax(np.abs(vals), axis=0))
    interior = np.all(np.abs(vals) > 1e-9 * scale, axis=1)
    truth = vals > 0                        # strictly inside, strict and weak comparisons agree
    out = []
    for pattern in np.unique(truth[interior], axis=0)[::-1]:
        sub = {c.relation: sp.true if t else sp.false for c, t in zip(comps, pattern, strict=True)}
        resolved = np.empty(payoffs.shape, dtype=object)
        for idx, e in np.ndenumerate(payoffs):
            r = sp.expand(e.xreplace(sub))
            if r.has(sp.Piecewise):
                raise GameError(f"a payoff branches on a condition that is not a comparison of parameters: {r}")
            resolved[idx] = r
        conds = [Condition(c.poly if t else -c.poly, R.one, c.strict if t else not c.strict, "branch", -1, k,
                           f"{c.text} {'stops' if t else 'starts'} holding")
                 for k, (c, t) in enumerate(zip(comps, pattern, strict=True))]
        out.append(Branch(tuple(bool(t) for t in pattern), resolved, conds))
    return out
