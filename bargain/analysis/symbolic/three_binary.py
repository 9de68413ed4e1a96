"""Three players mixing two strategies each, in closed form in any number of parameters.

On such a support each mixer has one indifference equation, bilinear in the other two mixers'
probabilities.  With ``u_t`` one mixer's probability (the *target*), the equations of the other two
give their probabilities as quotients linear in ``u_t``, ``u_a = -N_a(u_t) / D_a(u_t)``; the target's
own equation times both denominators is a quadratic ``Q(u_t) = 0``, the defining polynomial of the
support (McKelvey and McLennan 1997: a 2x2x2 game has at most two totally mixed equilibria), solved
by the quadratic formula and real where its discriminant is positive.  No Groebner basis is needed,
so the number of parameters does not matter.  Of the three choices of target the one whose
denominators stay farthest from zero at the defaults' solutions is taken: where a denominator and
its numerator vanish together a quotient is 0/0 although another order gives the equilibrium (at
McKelvey and McLennan's own payoffs every order meets such a point, a coincidence of that game).

The regime conditions (the probabilities in (0, 1), no pure strategy off the support better) are
:class:`~.sampled.SampledExpression` s: their values on the parameter sample come from the values
of the polynomials ``Q``, ``N_a``, ``D_a`` and of the payoffs, by array operations, and their sympy
form is built only when a formula is shown.

References
----------
McKelvey, R. D. and McLennan, A. (1997). "The maximal number of regular totally mixed Nash
equilibria", *Journal of Economic Theory* 72(2), 411-425.
Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed., Springer,
ch. 3 (elimination by resultants).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.records import Condition, SupportSolution, Unsolved
from bargain.analysis.symbolic.roots import PointEval
from bargain.analysis.symbolic.sampled import SampledExpression
from bargain.solvers.polynomial.support import Support

__all__ = ["MAX_COEFFICIENT_TERMS", "solve_three_binary"]

#: Largest number of terms of a coefficient of the bilinear equations for which the elimination is attempted (the
#: quadratic's coefficients are products of three of them, its discriminant a product of two of those).
MAX_COEFFICIENT_TERMS = 16
#: One elimination order: the target, the coefficients of ``Q`` and ``{a: (N_a, D_a)}``, each linear in the target.
Elimination = tuple[int, list[Any], dict[int, tuple[list[Any], list[Any]]]]


def solve_three_binary(polys: list[Any], U: np.ndarray, U_expr: np.ndarray, support: Support,
                       mixers: tuple[int, ...], system: list[sp.Expr], unknowns: list[sp.Symbol],
                       point: dict[sp.Symbol, float] | None = None) -> list[SupportSolution] | Unsolved | None:
    """The equilibria on a support where exactly three players mix two strategies each.

    Parameters
    ----------
    polys : list of PolyElement
        The three indifference equations in ``Q[parameters, u_0, u_1, u_2]``, in the order of
        ``mixers``; ``u_j`` is the probability of the first strategy of mixer ``j``'s support.
    U : numpy.ndarray
        The payoffs, ring elements in the parameters, shape ``(n, s_1, ..., s_n)``.
    U_expr : numpy.ndarray
        The same payoffs as sympy expressions (for display).
    support, mixers : the support profile and its three mixers.
    system, unknowns : the equations as expressions and the unknowns' symbols (kept with the solution).
    point : dict, optional
        Float values of the parameters (the defaults) for the choice of target.

    Returns
    -------
    list of SupportSolution, Unsolved or None
        One solution per root of ``Q`` (method ``"polynomial"``); :class:`Unsolved` for a continuum,
        no solution at generic parameters, or coefficients longer than :data:`MAX_COEFFICIENT_TERMS`;
        None when no order eliminates (an equation that fixes
        no other probability, or whose quotient's numerator and denominator share their root, where
        the quotient would lose solutions).

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
    *Journal of Economic Theory* 72(2), 411-425.
    """
    R = U.flat[0].ring
    co = _bilinear_coefficients(polys, R)
    if co is None:
        return None
    longest = max(len(c) for eq in co for c in eq.values())
    if longest > MAX_COEFFICIENT_TERMS:
        return Unsolved(support, f"three players mix two strategies each, but the elimination's coefficients have up "
                        f"to {longest} terms (limit {MAX_COEFFICIENT_TERMS}): its products of three and the "
                        f"discriminant (up to {float(longest) ** 6:.2g} products before cancellation) are not "
                        "attempted", system, tuple(unknowns))
    targets = [t for t in (2, 0, 1) if _eliminate(co, t, R.zero) is not None]
    if not targets:
        return None
    if point is not None:       # the choice in floats at the point; the elimination in the ring once
        at = PointEval([str(g) for g in R.symbols], {str(g): float(point.get(g, 0.0)) for g in R.symbols})
        floats = [{k: at(v) for k, v in c.items()} for c in co]
        targets.sort(key=lambda t: -_conditioning(_eliminate(floats, t, 0.0)))
    elim = _eliminate(co, targets[0], R.zero)
    assert elim is not None
    q = elim[1]
    if not any(q):
        return Unsolved(support, "the indifference equations have a continuum of solutions", system, tuple(unknowns))
    if q[2] == 0 and q[1] == 0:
        return Unsolved(support, "the indifference equations have no solution for generic parameter values",
                        system, tuple(unknowns))
    one = sp.Integer(1)
    fold = [Condition(q[1] ** 2 - 4 * q[2] * q[0], one, True, "real", -1, -1)] if q[2] != 0 else []
    branches = (1, -1) if q[2] != 0 else (0,)
    return [_solution(elim, sign, b, U, U_expr, support, mixers, fold, system, unknowns)
            for b, sign in enumerate(branches)]


def _bilinear_coefficients(polys: list[Any], R: Any) -> list[dict[tuple[int, ...], Any]] | None:
    """Each equation's coefficients by monomial of the unknowns (exponents of ``u_0, u_1, u_2``), as
    polynomials in the parameters; None unless equation ``j`` is free of ``u_j`` and multilinear."""
    n = R.ngens
    out = []
    for j, E in enumerate(polys):
        parts: dict[tuple[int, ...], dict] = {}
        for monom, c in E.items():
            unk = tuple(monom[n:])
            if unk[j] or max(unk) > 1:
                return None
            parts.setdefault(unk, {})[monom[:n]] = c
        out.append({k: R.from_dict(d) for k, d in parts.items()})
    return out


def _mono(*ones: int) -> tuple[int, ...]:
    """The exponents of ``(u_0, u_1, u_2)`` in the product of the unknowns ``ones``."""
    return tuple(1 if k in ones else 0 for k in range(3))


def _linear_product(p: list[Any], q: list[Any]) -> list[Any]:
    """``(p0 + p1 t)(q0 + q1 t)`` as coefficients ``[c0, c1, c2]``."""
    return [p[0] * q[0], p[0] * q[1] + p[1] * q[0], p[1] * q[1]]


def _eliminate(co: list[dict[tuple[int, ...], Any]], t: int, z: Any) -> Elimination | None:
    """Target ``u_t``: each other ``u_x`` as ``-N_x(u_t) / D_x(u_t)`` from the equation of the third mixer
    (bilinear in ``u_x`` and ``u_t``), and the target's quadratic ``Q`` from its own equation.  The
    coefficients are polynomials (``z`` the ring's zero) or their floats at a point (``z = 0.0``)."""
    a, b = (k for k in range(3) if k != t)
    quotients = {}
    for x, eq in ((a, b), (b, a)):
        c = co[eq]
        N = [c.get(_mono(), z), c.get(_mono(t), z)]
        D = [c.get(_mono(x), z), c.get(_mono(x, t), z)]
        if not any(D):
            return None
        if not isinstance(z, float) and N[0] * D[1] - N[1] * D[0] == 0:
            # N and D share their root: at that u_t the equation holds for every u_x, which the
            # quotient would lose (and the proportional case leaves u_x constant): not this order
            return None
        quotients[x] = (N, D)
    c = co[t]
    (Na, Da), (Nb, Db) = quotients[a], quotients[b]
    terms = [(c.get(_mono(), z), _linear_product(Da, Db)), (-c.get(_mono(a), z), _linear_product(Na, Db)),
             (-c.get(_mono(b), z), _linear_product(Nb, Da)), (c.get(_mono(a, b), z), _linear_product(Na, Nb))]
    return t, [sum((k * p[e] for k, p in terms), z) for e in range(3)], quotients


def _conditioning(elim: Elimination | None) -> float:
    """The least relative size of the quotients' denominators at the real roots of ``Q`` (an elimination in
    floats at a point; -1 where it does not eliminate there)."""
    if elim is None:
        return -1.0
    _, coef, quotients = elim
    coef = list(coef)
    while len(coef) > 1 and coef[-1] == 0:
        coef.pop()
    if len(coef) < 2:
        return 0.0
    worst = np.inf
    for r in np.roots(coef[::-1]):
        if abs(r.imag) > 1e-9 * max(1.0, abs(r)):
            continue
        for _, (d0, d1) in quotients.values():
            worst = min(worst, abs(d0 + d1 * r.real) / max(abs(d0), abs(d1), 1e-300))
    return float(worst)


def _solution(elim: Elimination, sign: int, branch: int, U: np.ndarray, U_expr: np.ndarray, support: Support,
              mixers: tuple[int, ...], fold: list[Condition], system: list[sp.Expr],
              unknowns: list[sp.Symbol]) -> SupportSolution:
    """The solution on one root of ``Q`` (``sign`` of the square root; 0: ``Q`` is linear)."""
    t, q, quotients = elim
    one, zero = sp.Integer(1), sp.Integer(0)
    # the key of this solution's mixtures in the sample's store: an object of its own, alive as long as the
    # store holds it (an id() could be reused by another support's solution once this one is dropped)
    key = ("three_binary", object())
    n_players = U.shape[0]
    shape = U.shape[1:]

    def probabilities(smp: Any) -> list[np.ndarray]:
        """Every player's mixture at every sample point, shape ``(samples, s_i)``."""
        q0, q1, q2 = (smp(c) for c in q)
        with np.errstate(all="ignore"):
            if sign:
                disc = q1 * q1 - 4 * q2 * q0
                r = (-q1 + sign * np.sqrt(np.where(disc >= 0, disc, np.nan))) / (2 * q2)
            else:
                r = -q0 / q1
            u = {t: r}
            for a, (N, D) in quotients.items():
                u[a] = -(smp(N[0]) + smp(N[1]) * r) / (smp(D[0]) + smp(D[1]) * r)
        out = []
        for i, s_i in enumerate(support):
            P = np.zeros((smp.size, shape[i]))
            if i in mixers:
                P[:, s_i[0]], P[:, s_i[1]] = u[mixers.index(i)], 1 - u[mixers.index(i)]
            else:
                P[:, s_i[0]] = 1.0
            out.append(P)
        return out

    def deviations(smp: Any, i: int) -> np.ndarray:
        """Player ``i``'s expected payoff of each own strategy against the others' mixtures, ``(samples, s_i)``
        (computed once per sample: the payoff and every best-response condition of ``i`` read it)."""
        def compute() -> np.ndarray:
            P = _cached(smp, key, lambda: probabilities(smp))
            vals = np.stack([smp(u) for u in U[i].flat], axis=-1).reshape(smp.size, *shape)
            for j in range(n_players):
                if j != i:
                    vals = _contract(vals, P[j], 1 + j)
            return vals.reshape(smp.size, shape[i])

        return _cached(smp, (*key, i), compute)

    # sympy forms, built only when shown
    def root_expr() -> sp.Expr:
        q0, q1, q2 = (c.as_expr() for c in q)
        return (-q1 + sign * sp.sqrt(q1 ** 2 - 4 * q2 * q0)) / (2 * q2) if sign else -q0 / q1

    def u_expr(j: int) -> sp.Expr:
        r = root_expr()
        if j == t:
            return r
        N, D = quotients[j]
        return -(N[0].as_expr() + N[1].as_expr() * r) / (D[0].as_expr() + D[1].as_expr() * r)

    def prob(i: int, k: int) -> SampledExpression:
        j = mixers.index(i)
        first = k == support[i][0]
        return SampledExpression(
            lambda smp: _cached(smp, key, lambda: probabilities(smp))[i][:, k],
            lambda: u_expr(j) if first else 1 - u_expr(j))

    def expected(i: int, k: int, against: int | None = None) -> sp.Expr:
        """``sum_a prod_j P(a_j) (u_i(k, a) - u_i(against, a))`` over the others' support profiles."""
        others = [support[j] if j != i else (k,) for j in range(n_players)]
        terms = []
        for prof in itertools.product(*others):
            w = sp.Mul(*(u_expr(mixers.index(j)) if a == support[j][0] else 1 - u_expr(mixers.index(j))
                         for j, a in enumerate(prof) if j != i and j in mixers))
            gain = U_expr[(i, *prof)] - (U_expr[(i, *prof[:i], against, *prof[i + 1:])] if against is not None else 0)
            terms.append(w * gain)
        return sp.Add(*terms)

    profile: list[list[tuple[Any, Any]]] = []
    for i, s_i in enumerate(support):
        row: list[tuple[Any, Any]] = [(zero, one)] * shape[i]
        for k in s_i:
            row[k] = (prob(i, k), one) if i in mixers else (one, one)
        profile.append(row)
    values, conds = [], list(fold)
    for i, s_i in enumerate(support):
        s0 = s_i[0]
        values.append((SampledExpression(lambda smp, i=i, s0=s0: deviations(smp, i)[:, s0],
                                         lambda i=i, s0=s0: expected(i, s0)), one))
        if i in mixers:
            conds += [Condition(profile[i][k][0], one, True, "prob", i, k) for k in s_i]
        for k in range(shape[i]):
            if k not in s_i:
                gap = SampledExpression(lambda smp, i=i, s0=s0, k=k: (lambda d: d[:, s0] - d[:, k])(deviations(smp, i)),
                                        lambda i=i, s0=s0, k=k: expected(i, s0, against=k))
                conds.append(Condition(gap, one, False, "br", i, k))
    return SupportSolution(support, profile, values, conds, "polynomial", system, tuple(unknowns), None, branch)


def _contract(vals: np.ndarray, P: np.ndarray, axis: int) -> np.ndarray:
    """Sum ``vals`` (``(samples, ...)``) against the per-sample mixture ``P`` (``(samples, s)``) over ``axis``,
    keeping the axis (length 1)."""
    shape = [P.shape[0]] + [1] * (vals.ndim - 1)
    shape[axis] = P.shape[1]
    with np.errstate(invalid="ignore"):         # nan where the root is not real
        return np.sum(vals * P.reshape(shape), axis=axis, keepdims=True)


def _cached(smp: Any, key: Any, compute: Any) -> Any:
    """``compute()`` once per sample (kept on it)."""
    store = smp.__dict__.setdefault("_derived", {})
    if key not in store:
        store[key] = compute()
    return store[key]
