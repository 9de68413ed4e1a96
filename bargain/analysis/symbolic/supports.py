"""Equilibria on one support profile, in closed form in the parameters.

On a support profile ``S = (S_1, ..., S_n)`` a Nash equilibrium makes every player ``i`` indifferent
among the strategies of ``S_i`` (Nash 1951); with the probabilities summing to one that is a
system of ``sum_i (|S_i| - 1)`` *indifference equations*, multilinear in the mixtures.

* **At most two players mix** (every two-player support, and n-player supports where the others
  play pure): each mixer's equations are linear in the *other* mixer's probabilities, so each
  mixture solves a square linear system ``M x = e`` whose entries are payoff expressions.  By
  Cramer's rule every probability is ``det(M_k) / det(M)``, a rational function of the
  parameters (the textbook 2x2 formulas, e.g. Osborne 2004, *An Introduction to Game Theory*,
  sec. 4.3; von Stengel 2002, "Computing equilibria for two-person games", Handbook of Game
  Theory 3, sec. 2).  Supports of unequal sizes, and supports where one player mixes alone,
  carry equilibria only on a lower-dimensional set of parameters (or on a continuum for every
  parameter value when ``det(M)`` vanishes identically); they have no full-dimensional regime
  and are skipped with a note.
* **Three or more players mix**: the system is polynomial.  It is returned as is, with a
  lexicographic Groebner basis (Buchberger 1965; Cox, Little and O'Shea 2015, *Ideals,
  Varieties, and Algorithms*, ch. 2-3) whose last element is the *defining polynomial* of one
  probability (for 2x2x2 games a quadratic: McKelvey and McLennan 1997, "The maximal number of
  regular totally mixed Nash equilibria", JET 72), and its solutions where sympy finds them in
  radicals.  Groebner bases over the field of rational functions in many parameters grow fast;
  past :data:`GROEBNER_MAX_PARAMETERS` parameters in the system it is not attempted (said so),
  except where exactly three players mix two strategies each: that system is solved by elimination
  to its quadratic defining polynomial in any number of parameters (:mod:`.three_binary`).

Every solution comes with the *conditions* of its regime: each probability on the support
positive, and no strategy off the support better (``v_i - v_i(k) >= 0``).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy as sp
from sympy.polys.rings import ring

from bargain.analysis.symbolic.algebra import det
from bargain.analysis.symbolic.records import Condition, SupportSolution, Unsolved
from bargain.analysis.symbolic.three_binary import solve_three_binary
from bargain.model.game import contract
from bargain.solvers.polynomial.support import Support, indifference_coefficients, mixing_players, subsets

__all__ = ["GROEBNER_MAX_PARAMETERS", "Condition", "SupportSolution", "Unsolved", "all_supports", "solve_support"]

#: Largest number of distinct parameters in a polynomial system for which a Groebner basis is attempted.
GROEBNER_MAX_PARAMETERS = 3


def all_supports(shape: tuple[int, ...]) -> list[Support]:
    """Every support profile of a game of this shape, pure profiles first, then by total size."""
    profs = list(itertools.product(*(subsets(s) for s in shape)))
    return sorted(profs, key=lambda p: (sum(len(s) for s in p), p))


def solve_support(U: np.ndarray, support: Support, symbolic: np.ndarray | None = None,
                  point: dict[sp.Symbol, float] | None = None) -> list[SupportSolution] | Unsolved | None:
    """The equilibria on ``support`` of a game with payoffs ``U`` in the parameters.

    Parameters
    ----------
    U : numpy.ndarray
        Object array ``(n, s_1, ..., s_n)`` of ring elements (see :mod:`.algebra`).
    support : tuple of tuples
        The support profile.
    symbolic : numpy.ndarray, optional
        The same payoffs as sympy expressions (needed when three or more players mix).
    point : dict, optional
        Float values of the parameters (the defaults): where an elimination has a choice of order,
        the one whose denominators stay farthest from zero there is taken.

    Returns
    -------
    list of SupportSolution, or Unsolved, or None
        The closed-form solutions; :class:`Unsolved` with the reason (and the polynomial system)
        when they are not found; None when the support carries no equilibrium on a
        full-dimensional set of parameters (see the module docstring).
    """
    mixers = mixing_players(support)
    if len(mixers) == 1:
        return None
    if len(mixers) <= 2:
        return _solve_linear(U, support, mixers)
    return _solve_polynomial(U, support, mixers, symbolic, point)


def _conditions(U: np.ndarray, support: Support, profile: list[np.ndarray], dens: dict[int, Any],
                one: Any) -> tuple[list[tuple[Any, Any]], list[Condition]]:
    """Expected payoffs and the regime's inequalities; ``profile`` holds numerators over ``dens``."""
    values, conds = [], []
    for i, s_i in enumerate(support):
        den = one
        for j, d in dens.items():
            if j != i:
                den = den * d
        others = profile[:i] + profile[i + 1:]
        # only the first strategy on the support (every one there pays the same) and those off it
        dev = {k: _expect(np.take(U[i], k, axis=i), others, one) for k in range(U.shape[1 + i])
               if k == s_i[0] or k not in s_i}
        values.append((dev[s_i[0]], den))
        if len(s_i) > 1:
            conds += [Condition(profile[i][k], dens[i], True, "prob", i, k) for k in s_i]
        for k in range(U.shape[1 + i]):
            if k not in s_i:
                conds.append(Condition(dev[s_i[0]] - dev[k], den, False, "br", i, k))
    return values, conds


def _expect(u: np.ndarray, profile: list[np.ndarray], one: Any) -> Any:
    """``u`` (one axis per player in ``profile``) contracted with every mixture of ``profile``, skipping
    the strategies played with probability 0 and the products by 1: the pure players only select a
    slice, and the only products left are those of the mixers' numerators."""
    out = u
    for j in range(len(profile) - 1, -1, -1):
        acc = None
        for e, x in enumerate(profile[j]):
            if x == 0:
                continue
            part = np.take(out, e, axis=j)
            part = part if x == one else part * x
            acc = part if acc is None else acc + part
        out = acc
    return out[()] if isinstance(out, np.ndarray) else out


def _solve_linear(U: np.ndarray, support: Support, mixers: tuple[int, ...]) -> list[SupportSolution] | None:
    shape = U.shape[1:]
    one = U.flat[0].ring.one if hasattr(U.flat[0], "ring") else sp.Integer(1)
    profile = []
    for s, s_i in zip(shape, support, strict=True):
        x = np.array([one * 0] * s, dtype=object)
        if len(s_i) == 1:
            x[s_i[0]] = one
        profile.append(x)
    dens: dict[int, Any] = {}
    if mixers:
        i, j = mixers
        if len(support[i]) != len(support[j]):
            return None
        for me, other in ((i, j), (j, i)):
            # me's indifference equations fix the other mixer's probabilities (Cramer's rule)
            C = indifference_coefficients(U, support, me)
            m = len(support[other])
            rows = [list(C[r]) for r in range(m - 1)] + [[one] * m]
            D = det(rows)
            if D == 0:
                return None
            dens[other] = D
            for col, k in enumerate(support[other]):
                Mk = [[(one if r == m - 1 else one * 0) if c == col else rows[r][c] for c in range(m)]
                      for r in range(m)]
                profile[other][k] = det(Mk)
    values, conds = _conditions(U, support, profile, dens, one)
    prof = [[(x, dens.get(i, one)) for x in vec] for i, vec in enumerate(profile)]
    return [SupportSolution(support, prof, values, conds, "linear")]


def _ring_system(U: np.ndarray, support: Support, mixers: tuple[int, ...]
                 ) -> tuple[list[Any], list[sp.Symbol], set[sp.Symbol]]:
    """The indifference equations, their unknowns and the parameters they involve, computed in the ring
    ``Q[parameters, unknowns]`` (sparse products: sympy's ``expand`` of the same contraction takes
    seconds on a game in many parameters).  The unknown of a mixer is the probability of each strategy
    of its support but the last."""
    R = U.flat[0].ring
    unknowns = [sp.Symbol(f"x{i}_{k}", real=True) for i in mixers for k in support[i][:-1]]
    R2, *_ = ring(list(R.symbols) + unknowns, sp.QQ)
    pad = (0,) * len(unknowns)
    lifted = np.empty(U.shape, dtype=object)
    for idx, p in np.ndenumerate(U):
        lifted[idx] = R2.from_dict({m + pad: c for m, c in p.items()}) if p else R2.zero
    gens = iter(R2.gens[R.ngens:])
    profile = []
    for s, s_i in enumerate(support):
        x = np.array([R2.zero] * U.shape[1 + s], dtype=object)
        if len(s_i) == 1:
            x[s_i[0]] = R2.one
        else:
            free = [next(gens) for _ in s_i[:-1]]
            for g, k in zip(free, s_i[:-1], strict=True):
                x[k] = g
            x[s_i[-1]] = R2.one - sum(free, R2.zero)
        profile.append(x)
    system = []
    for i in mixers:
        dev = contract(lifted[i], profile, [i])
        system += [dev[k] - dev[support[i][0]] for k in support[i][1:]]
    params = {R.symbols[v] for v in range(R.ngens) if any(e.degree(v) > 0 for e in system)}
    return system, unknowns, params


def _too_many(support: Support, system: list[sp.Expr], unknowns: list[sp.Symbol], params: set[sp.Symbol],
              why: str = "") -> Unsolved:
    return Unsolved(support, f"{why}{len(unknowns)} unknowns in {len(params)} parameters: a Groebner basis over "
                    f"rational functions in more than {GROEBNER_MAX_PARAMETERS} parameters is not attempted",
                    system, tuple(unknowns))


def _solve_polynomial(U: np.ndarray, support: Support, mixers: tuple[int, ...], symbolic: np.ndarray | None = None,
                      point: dict[sp.Symbol, float] | None = None) -> list[SupportSolution] | Unsolved:
    system: list[sp.Expr] = []
    if hasattr(U.flat[0], "ring"):
        polys, unknowns, params = _ring_system(U, support, mixers)
        system = [e.as_expr() for e in polys]
        if len(params) > GROEBNER_MAX_PARAMETERS:
            if len(mixers) == 3 and all(len(support[i]) == 2 for i in mixers):
                sym = symbolic if symbolic is not None else np.vectorize(lambda p: p.as_expr(), otypes=[object])(U)
                solved = solve_three_binary(polys, U, sym, support, mixers, system, unknowns, point)
                if solved is not None:
                    return solved
                return _too_many(support, system, unknowns, params, "three players mix two strategies each, but "
                                 "no elimination order applies (a mixer's equation factors: at one probability of "
                                 "another mixer it holds whatever the third plays); ")
            return _too_many(support, system, unknowns, params)
        U = symbolic if symbolic is not None else np.vectorize(lambda p: p.as_expr(), otypes=[object])(U)
    shape = U.shape[1:]
    profile = []
    for s, s_i in zip(shape, support, strict=True):
        x = np.array([sp.Integer(0)] * s, dtype=object)
        if len(s_i) == 1:
            x[s_i[0]] = sp.Integer(1)
        profile.append(x)
    unknowns: list[sp.Symbol] = []
    for i in mixers:
        free = [sp.Symbol(f"x{i}_{k}", real=True) for k in support[i][:-1]]
        unknowns += free
        for sym, k in zip(free, support[i][:-1], strict=True):
            profile[i][k] = sym
        profile[i][support[i][-1]] = 1 - sum(free)
    if not system:                  # payoffs given as expressions: the same system by sympy's expand
        for i in mixers:
            dev = contract(U[i], profile, [i])
            system += [sp.expand(dev[k] - dev[support[i][0]]) for k in support[i][1:]]
        params = set().union(*(e.free_symbols for e in system)) - set(unknowns)
        if len(params) > GROEBNER_MAX_PARAMETERS:
            return _too_many(support, system, unknowns, params)
    G = sp.groebner(system, *unknowns, order="lex")
    basis = list(G.exprs)
    if basis == [1]:
        return Unsolved(support, "the indifference equations have no solution for generic parameter values",
                        system, tuple(unknowns), basis)
    if not G.is_zero_dimensional:
        return Unsolved(support, "the indifference equations have a continuum of solutions", system,
                        tuple(unknowns), basis)
    try:
        sols = sp.solve(basis, unknowns, dict=True)
    except NotImplementedError:
        sols = []
    out = []
    one = sp.Integer(1)
    # a quadratic defining polynomial: its solutions are real where its discriminant is positive
    last = basis[-1]
    fold = []
    if last.free_symbols & set(unknowns) == {unknowns[-1]} and sp.degree(last, unknowns[-1]) == 2:
        fold = [Condition(sp.factor(sp.discriminant(last, unknowns[-1])), one, True, "real", -1, -1)]
    for b, sol in enumerate(s for s in sols if set(s) == set(unknowns)):
        prof = [np.array([sp.sympify(x).xreplace(sol) for x in vec], dtype=object) for vec in profile]
        values, conds = _conditions(U, support, prof, {i: one for i in mixers}, one)
        conds = fold + conds
        out.append(SupportSolution(support, [[(x, one) for x in vec] for vec in prof], values, conds,
                                   "polynomial", system, tuple(unknowns), basis, b))
    if not out:
        return Unsolved(support, "sympy finds no solution in radicals of the Groebner basis", system,
                        tuple(unknowns), basis)
    return out

