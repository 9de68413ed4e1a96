"""Support systems whose indifference equations decouple: solved one mixer at a time.

On a support where three or more players mix, player ``j``'s indifference equations are multilinear in
the other mixers' mixtures.  In modelled games a payoff often does not depend on some opponent at all (in
``sanctions_triangle`` North Korea's payoff is the same whatever the United States does once China's policy
is fixed, and China's gain from one policy over another may not depend on North Korea).  An equation that
involves a single other mixer ``i`` is *linear* in ``x_i``.  The whole system is then often singular for
the elimination and the homotopy (an over-determined block beside an under-determined one), although it is
easy: this module propagates.

1. Every equation involving only mixers already solved is a constant: nonzero rules the support out.
2. The equations involving one unsolved mixer ``i`` (besides solved ones), with ``sum(x_i) = 1``, are a
   linear system: inconsistent rules the support out; a unique solution with a zero or negative entry rules
   it out (its equilibria, if any, lie on a smaller support, which is enumerated too); a unique positive
   solution solves ``x_i``.
3. Repeat until nothing changes.  When every mixer is solved, the support has exactly one solution, which is
   verified as any candidate.

The support is *decided* (a deterministic computation that finds every solution) when it is ruled out or
fully solved; otherwise the usual routes take it.  Exact games are decided in exact arithmetic.  In floats a
value is zero below ``ZERO * tol`` and nonzero above ``MARGIN * tol``; anything between leaves the support
to the usual routes.  An equation whose coefficients along a mixer's axis differ by at most ``FLAT * tol``
(equal payoffs up to rounding) is taken not to depend on that mixer; the error this makes in the equation,
at most ``FLAT * tol`` at any mixture, is below the zero test's threshold.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from bargain.linalg.exact import rank, solve_rational
from bargain.solvers.polynomial.support import Support, indifference_coefficients

__all__ = ["decide_decoupled", "may_decouple"]

#: Float zero test: at most this many times the tolerance (rounding of a consistent system is ~1e-15).
ZERO = 1e-3
#: Float coefficients equal to within this many times the tolerance are equal payoffs up to rounding.
FLAT = 1e-4
#: Float nonzero test: more than this many times the tolerance.
MARGIN = 1e3
#: A float block is singular (its solution not unique) at a relative smallest singular value up to this,
#: nonsingular above ``CONDITIONED``, and left undecided between.
SINGULAR, CONDITIONED = 1e-9, 1e-6
#: A float probability is positive above this, negative below minus this, undecided between.
PROBABILITY = 1e-7


class _UndecidedError(Exception):
    """A float value between the zero and the nonzero thresholds: leave the support to the usual routes."""


def may_decouple(coeffs: tuple[np.ndarray, ...], tol: float) -> np.ndarray:
    """Which supports of a stacked group have an equation that depends on fewer than all the other mixers
    (in floats, to within ``FLAT * tol``): the only ones :func:`decide_decoupled` can decide.

    Parameters
    ----------
    coeffs : tuple of ndarray
        Per mixer, its equations' coefficients for every support of the group, shape
        ``(B, d_j, *[s_i for the other mixers i])`` (:class:`~bargain.solvers.polynomial.homotopy.MultilinearBatch`).
    tol : float
        The regret tolerance.

    Returns
    -------
    ndarray of bool, shape (B,)
        True where some equation may decouple (a superset: exact games are decided exactly afterwards).
    """
    B = coeffs[0].shape[0]
    out = np.zeros(B, bool)
    for C in coeffs:
        C = np.asarray(C, dtype=float)
        axes = tuple(range(2, C.ndim))
        deps = np.zeros(C.shape[:2], int)
        for a in axes:
            spread = np.abs(C - np.take(C, [0], axis=a)).max(axis=axes)
            deps += spread > FLAT * tol
        out |= np.any(deps < len(axes), axis=1)
    return out


def decide_decoupled(col: Any, support: Support, mix: tuple[int, ...]) -> bool:
    """Decide ``support`` by propagation through its decoupled equations, if it can be.

    Parameters
    ----------
    col : Collector
        The solver's collector (its reduced game's payoffs, exactness and tolerance); the support's one
        solution, when there is one, is offered to it as a candidate.
    support : Support
        Per player, the strategies (of the reduced game) in the support.
    mix : tuple of int
        The mixing players (two or more strategies each).

    Returns
    -------
    bool
        True when the support is decided: ruled out, or its unique solution found and offered to ``col``.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
    Computational Economics* 1, ch. 2, sec. 6 (support enumeration); Duff, I. S., Erisman, A. M. and
    Reid, J. K. (1986). *Direct Methods for Sparse Matrices*, ch. 6 (block triangular form: solving a
    system block by block in dependency order).
    """
    exact = col.exact
    payoffs = col.exact_payoffs if exact else col.payoffs
    try:
        known = _propagate(_equations(payoffs, support, mix, exact, col.tol), mix, exact, col.tol)
    except _UndecidedError:
        return False
    if known is None:
        return True                                  # ruled out
    if len(known) < len(mix):
        return False
    floats = {i: np.array([float(v) for v in x]) for i, x in known.items()}
    exact_profile = col.exact_profile(support, {i: list(x) for i, x in known.items()}) if exact else None
    col.add(col.full_profile(support, floats), exact_profile=exact_profile)
    return True


def _equations(payoffs: np.ndarray, support: Support, mix: tuple[int, ...], exact: bool,
               tol: float) -> list[tuple[np.ndarray, list[int], frozenset[int]]]:
    """Each indifference equation as (coefficient tensor over its mixers' axes, those mixers, the mixers it
    actually depends on: in floats, coefficients that differ by at most ``FLAT * tol`` along a mixer's axis,
    rounding of equal payoffs, do not depend on it)."""
    out = []
    for j in mix:
        C = indifference_coefficients(payoffs, support, j)
        others = [i for i in mix if i != j]
        for row in C:
            deps = frozenset(i for a, i in enumerate(others) if not _constant_along(row, a, exact, tol))
            out.append((row, others, deps))
    return out


def _constant_along(T: np.ndarray, axis: int, exact: bool, tol: float) -> bool:
    diff = T - np.take(T, [0], axis=axis)
    return not np.any(diff != 0) if exact else bool(np.max(np.abs(diff)) <= FLAT * tol)


def _reduce(T: np.ndarray, axes: list[int], known: dict[int, Any], keep: int | None) -> Any:
    """``T`` with every known mixer's axis contracted with its mixture and every other axis but ``keep``'s
    at its first index (the equation does not depend on it): a vector over ``keep``'s strategies, or a
    number when ``keep`` is None."""
    for a in reversed(range(len(axes))):
        i = axes[a]
        if i == keep:
            continue
        T = np.tensordot(T, np.asarray(known[i]), axes=([a], [0])) if i in known else np.take(T, 0, axis=a)
    return T


def _propagate(eqs: list, mix: tuple[int, ...], exact: bool, tol: float) -> dict[int, Any] | None:
    """The mixtures solved by propagation (a dict, possibly partial), or None when the support is ruled out."""
    known: dict[int, Any] = {}
    done = [False] * len(eqs)
    changed = True
    while changed:
        changed = False
        rows: dict[int, list] = {}
        for e, (T, axes, deps) in enumerate(eqs):
            if done[e]:
                continue
            free = deps - known.keys()
            if not free:
                done[e] = True
                if not _is_zero(_reduce(T, axes, known, None), exact, tol):
                    return None
            elif len(free) == 1:
                (i,) = free
                rows.setdefault(i, []).append((e, _reduce(T, axes, known, i)))
        for i, block in rows.items():
            solved = (_solve_exact if exact else _solve_float)(np.array([r for _, r in block]), tol)
            if solved is False:
                return None
            if solved is not None:
                known[i] = solved
                for e, _ in block:
                    done[e] = True
                changed = True
    return known


def _is_zero(v: Any, exact: bool, tol: float) -> bool:
    if exact:
        return v == 0
    if abs(float(v)) <= ZERO * tol:
        return True
    if abs(float(v)) > MARGIN * tol:
        return False
    raise _UndecidedError


def _solve_float(M: np.ndarray, tol: float) -> np.ndarray | bool | None:
    """``M x = 0, sum(x) = 1`` in floats: False when it has no solution with every entry positive, the
    solution when it is unique and positive, None when not unique."""
    m = M.shape[1]
    A = np.vstack([M.astype(float), np.ones(m)])
    b = np.zeros(A.shape[0])
    b[-1] = 1.0
    x, _, rank, sv = np.linalg.lstsq(A, b, rcond=None)
    r = A @ x - b
    # x minimises the 2-norm of the residual, so every x leaves some row at least this far from zero
    if np.linalg.norm(r) / np.sqrt(A.shape[0]) > MARGIN * tol:
        return False
    regular = rank == m and sv[-1] > CONDITIONED * sv[0]
    if regular and x.min() < -PROBABILITY:
        return False                  # the only solution there can be has a negative entry
    if np.max(np.abs(r)) > ZERO * tol * max(1.0, float(np.max(np.abs(x)))):
        raise _UndecidedError
    if rank < m or sv[-1] <= SINGULAR * sv[0]:
        return None
    if not regular or x.min() <= PROBABILITY:
        raise _UndecidedError
    return x


def _solve_exact(M: np.ndarray, tol: float) -> list[Fraction] | bool | None:
    """``M x = 0, sum(x) = 1`` in exact arithmetic (ranks of the system and its augmented matrix, then the
    unique solution, :mod:`bargain.linalg.exact`): False when it has no solution with every entry positive,
    the solution when it is unique and positive, None when not unique."""
    m = M.shape[1]
    A = [[Fraction(v) for v in r] for r in M.tolist()] + [[Fraction(1)] * m]
    b = [Fraction(0)] * M.shape[0] + [Fraction(1)]
    full = rank(A, exact=True)
    if rank([[*r, v] for r, v in zip(A, b, strict=True)], exact=True) > full:
        return False                                  # inconsistent
    if full < m:
        return None
    x = solve_rational(A, b)
    return x if min(x) > 0 else False
