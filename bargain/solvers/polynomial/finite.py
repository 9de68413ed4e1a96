"""An exact proof that a (3, 3, 3) support system has finitely many solutions: line resultants.

:func:`~bargain.solvers.polynomial.resultant.solve_333` accepts a support on which three players each
mix over three strategies only when Newton's method confirms 10 distinct nonsingular solutions: the
multihomogeneous Bezout number of the system in ``P^2 x P^2 x P^2``.  A count is not a proof by
itself: a degenerate game may add a positive-dimensional set of solutions, which the intersection
count need not see.  When the solution set ``V`` is *finite*, though, the multihomogeneous Bezout
theorem says its points counted with multiplicity are exactly 10, so the 10 nonsingular ones found
are all of it.  This module proves finiteness in exact rational arithmetic.

Hide block ``h`` (the mixture ``x_h``; the other two blocks are ``a`` and ``b``).  Player ``a``'s
two equations read ``M_a(x_h) x_b = 0`` with ``M_a`` of size 2x3 and linear in ``x_h``, so where
``M_a`` has rank two ``x_b`` is proportional to ``y_b(x_h)``, the cross product of its rows
(quadratic in ``x_h``); likewise ``x_a ~ y_a(x_h)`` from player ``b``'s equations.  Player ``h``'s
two equations give the plane quartics ``F_k(x_h) = y_a(x_h)^T C_k y_b(x_h)``.  Every solution has
``F_0(x_h) = F_1(x_h) = 0``: where both ranks are two by the above, and where one drops the cross
product vanishes.  If the two quartics have no common component they meet in at most 16 points
(Bezout's theorem in the plane), so the projection of ``V`` to ``x_h`` is finite.  A common
component is a curve, and every line of the plane meets it: so one line ``x_h = s P + t Q`` on
which the two binary quartics ``F_k(s P + t Q)`` have a nonzero resultant (the determinant of their
8x8 Sylvester matrix, exact: no common zero on the line) proves that there is none.  Doing this
for each of the three blocks makes every projection of ``V`` finite, hence ``V``.

A line through one of the (at most 16) common points makes its resultant vanish; the next line is
tried.  When every line fails (a common component, or bad luck) the support is not proven finite
and the completeness check re-solves it by an independent route, as before.

References
----------
Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed., Springer,
ch. 3, sec. 6 (resultants and common factors) and ch. 8, sec. 7 (Bezout's theorem).
Fulton, W. (1998). *Intersection Theory*, 2nd ed., Springer, prop. 7.1 and ex. 8.4.6 (a proper
intersection of divisors on a product of projective spaces: the points, with multiplicity, number
the Bezout number).  Morgan, A. and Sommese, A. (1987). A homotopy for solving general polynomial
systems that respects m-homogeneous structures. *Appl. Math. Comput.* 24.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.linalg.exact import poly_mul, rank
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.support import indifference_coefficients, mixing_players
from bargain.solvers.polynomial.univariate import block_coefficients

__all__ = ["finite_333", "support_system"]

#: Lines ``x_h = s P + t Q`` tried per hidden block (integer points in general position).
LINES = (((1, 2, 3), (3, -1, 2)), ((2, -3, 5), (1, 4, -1)), ((5, 1, -2), (-1, 3, 4)))

Poly = list[int]


def _integers(c: np.ndarray) -> np.ndarray:
    """A player's equations (rationals) times the lcm of their denominators: the same solutions."""
    q = [Fraction(x) for x in c.flat]
    scale = math.lcm(*(x.denominator for x in q))
    return np.array([x.numerator * (scale // x.denominator) for x in q], dtype=object).reshape(c.shape)


def _add(p: Poly, q: Poly) -> Poly:
    n = max(len(p), len(q))
    return [(p[k] if k < len(p) else 0) + (q[k] if k < len(q) else 0) for k in range(n)]


def _kernel_on_line(t: np.ndarray, p: tuple[int, ...], q: tuple[int, ...]) -> list[Poly]:
    """The cross product of the two rows ``t[k] @ x`` (``t`` of shape ``(2, 3, 3)``, axes (equation,
    solved block, hidden block)) at ``x = s p + t q``: three binary quadratics (coefficients of ``t^j``)."""
    rows = [[[int(np.dot(t[k, i], p)), int(np.dot(t[k, i], q))] for i in range(3)] for k in range(2)]
    r, w = rows
    return [_add(poly_mul(r[(i + 1) % 3], w[(i + 2) % 3]), [-c for c in poly_mul(r[(i + 2) % 3], w[(i + 1) % 3])])
            for i in range(3)]


def _sylvester(f: Poly, g: Poly) -> list[list[int]]:
    """The 8x8 Sylvester matrix of two binary forms of formal degree 4 (zero leading terms included, so
    that it is singular exactly when the forms share a zero on the projective line)."""
    fh, gh = f[::-1], g[::-1]
    return [[0] * i + fh + [0] * (3 - i) for i in range(4)] + [[0] * i + gh + [0] * (3 - i) for i in range(4)]


def _finite_projection(ta: np.ndarray, tb: np.ndarray, th: np.ndarray) -> bool:
    """Whether some line shows that the two quartics of the hidden block have no common component."""
    for p, q in LINES:
        yb = _kernel_on_line(ta, p, q)
        ya = _kernel_on_line(tb, p, q)
        f = []
        for k in range(2):
            acc: Poly = [0] * 5
            for i in range(3):
                for j in range(3):
                    if th[k, i, j]:
                        acc = _add(acc, [int(th[k, i, j]) * c for c in poly_mul(ya[i], yb[j])])
            f.append((acc + [0] * 5)[:5])
        if rank(_sylvester(*f), exact=True) == 8:
            return True
    return False


def finite_333(coeffs: tuple[np.ndarray, np.ndarray, np.ndarray]) -> bool:
    """Whether the (3, 3, 3) support system with exact coefficients ``coeffs`` has finitely many solutions.

    Parameters
    ----------
    coeffs : tuple of three numpy.ndarray
        Each block's two equations as rationals (ints or Fractions, object arrays), shape ``(2, 3, 3)``
        with the other blocks' axes in increasing order, as in
        :class:`~bargain.solvers.polynomial.homotopy.MultilinearBatch` (one system).

    Returns
    -------
    bool
        True when proven (exactly) that the solution set in ``P^2 x P^2 x P^2`` is finite; False when
        not proven (a common component of the eliminated curves, or every line tried met them).

    References
    ----------
    Cox, Little and O'Shea (2015), ch. 3, sec. 6 and ch. 8, sec. 7; Fulton (1998), prop. 7.1.
    """
    batch = MultilinearBatch((3, 3, 3), tuple(_integers(np.asarray(c, dtype=object))[None] for c in coeffs))
    for h in range(3):
        a, b = (j for j in range(3) if j != h)
        ta = block_coefficients(batch, a, (b, h))[0]      # player a's equations: solved for x_b
        tb = block_coefficients(batch, b, (a, h))[0]      # player b's equations: solved for x_a
        th = block_coefficients(batch, h, (a, b))[0]      # player h's equations in (x_a, x_b)
        if not _finite_projection(ta, tb, th):
            return False
    return True


def support_system(col: Any, support: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, ...]:
    """The indifference equations of a support of ``col.reduced`` on which three players mix, in exact
    rationals: those of the exact game, or of the floats as stored (each float is a rational).

    Parameters
    ----------
    col : Collector
        The solver's state (its reduced game).
    support : tuple of tuple of int
        The support (strategies of the reduced game).

    Returns
    -------
    tuple of numpy.ndarray
        Each mixing player's equations (object arrays), as :func:`finite_333` takes them.
    """
    E = col.exact_payoffs if col.exact_payoffs is not None else col.reduced.exact_payoffs
    if E is None:
        E = np.vectorize(Fraction, otypes=[object])(col.payoffs)
    return tuple(indifference_coefficients(E, support, i) for i in mixing_players(support))
