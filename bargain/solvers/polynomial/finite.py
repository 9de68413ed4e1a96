"""An exact proof that a support system has finitely many solutions: resultants on a line or a curve.

:func:`~bargain.solvers.polynomial.resultant.solve_333` accepts a support on which three players each
mix over three strategies only when Newton's method confirms 10 distinct nonsingular solutions: the
multihomogeneous Bezout number of the system in ``P^2 x P^2 x P^2``;
:func:`~bargain.solvers.polynomial.resultant.solve_2222` accepts one on which four players each mix over
two strategies only with 9 (the Bezout number in ``(P^1)^4``).  A count is not a proof by itself: a
degenerate game may add a positive-dimensional set of solutions, which the intersection count need not
see.  When the solution set ``V`` is *finite*, though, the intersection is proper and the
multihomogeneous Bezout theorem says its points counted with multiplicity (each at least one) are
exactly the Bezout number, so the nonsingular ones found are all of it.  This module proves
finiteness in exact integer arithmetic.  ``V`` lies in a product of projective spaces, so it is
finite as soon as its projections to a set of factors covering every factor are: ``V`` lies in the
product of those finite projections.

(3, 3, 3).  Hide block ``h`` (the mixture ``x_h``; the other two blocks are ``a`` and ``b``).  Player
``a``'s two equations read ``M_a(x_h) x_b = 0`` with ``M_a`` of size 2x3 and linear in ``x_h``, so
where ``M_a`` has rank two ``x_b`` is proportional to ``y_b(x_h)``, the cross product of its rows
(quadratic in ``x_h``); likewise ``x_a ~ y_a(x_h)`` from player ``b``'s equations.  Player ``h``'s
two equations give the plane quartics ``F_k(x_h) = y_a(x_h)^T C_k y_b(x_h)``.  Every solution has
``F_0(x_h) = F_1(x_h) = 0``: where both ranks are two by the above, and where one drops the cross
product vanishes.  If the two quartics have no common component they meet in at most 16 points
(Bezout's theorem in the plane), so the projection of ``V`` to ``x_h`` is finite.  A common
component is a curve, and every line of the plane meets it: so one line ``x_h = s P + t Q`` on
which the two binary quartics ``F_k(s P + t Q)`` have a nonzero resultant (the determinant of their
8x8 Sylvester matrix, exact: no common zero on the line) proves that there is none.  Doing this
for each of the three blocks makes every projection of ``V`` finite, hence ``V``.

(2, 2, 2, 2).  Hide the pair of blocks ``(a, b)`` (the other pair is ``(c, d)``).  Player ``c``'s one
equation reads ``r_c(x_a, x_b) . x_d = 0`` with ``r_c`` bilinear, so where ``r_c`` does not vanish
``x_d`` is proportional to ``y_d = (r_c[1], -r_c[0])``; likewise ``x_c ~ y_c`` from player ``d``'s
equation.  Players ``a`` and ``b`` give ``F_a = C_a(x_b, y_c, y_d)`` and ``F_b = C_b(x_a, y_c, y_d)``,
forms of bidegree (2, 3) and (3, 2) on ``P^1 x P^1``, and every solution has ``F_a = F_b = 0`` (where
a kernel formula vanishes both do).  Two curves on ``P^1 x P^1`` without a common component meet in
finitely many points (13 at most: the bidegrees' intersection number), and a common component is the
zero set of a bihomogeneous form of some bidegree ``(p, q) != (0, 0)``.  On the graph ``G`` of an
invertible linear map, ``x_a = s P + t Q``, ``x_b = s P' + t Q'`` (a (1, 1) curve), such a form is a
binary form of degree ``p + q > 0``, so it vanishes somewhere on ``G``: a common component meets
every such graph.  So a graph on which the binary quintics ``F_a``, ``F_b`` have a nonzero resultant
(the determinant of their 10x10 Sylvester matrix, exact) proves the projection of ``V`` to
``(x_a, x_b)`` finite.  Doing this for the pairs (1, 2) and (3, 4) makes ``V`` finite.

A line or graph through one of the (finitely many) common points makes its resultant vanish; the
next one is tried.  When every one fails (a common component, or bad luck) the support is not proven
finite and the completeness check re-solves it by an independent route, as before.

References
----------
Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed., Springer,
ch. 3, sec. 6 (resultants and common factors) and ch. 8, sec. 7 (Bezout's theorem).
Hartshorne, R. (1977). *Algebraic Geometry*, Springer, ex. II.6.6.1 (a curve on ``P^1 x P^1`` is the
zero set of one bihomogeneous form of some bidegree) and sec. V.1 with ex. V.1.4.3 (curves without a
common component meet in finitely many points, of types (p, q), (p', q') in ``p q' + p' q``).
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

from bargain.linalg.exact import poly_mul, solve_exact
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.support import indifference_coefficients, mixing_players
from bargain.solvers.polynomial.univariate import block_coefficients

__all__ = ["finite_333", "finite_2222", "proven_finite", "support_system"]

#: Lines ``x_h = s P + t Q`` tried per hidden block (integer points in general position).
LINES = (((1, 2, 3), (3, -1, 2)), ((2, -3, 5), (1, 4, -1)), ((5, 1, -2), (-1, 3, 4)))
#: Graphs ``x_a = s P + t Q``, ``x_b = s P' + t Q'`` tried per hidden pair of (2, 2, 2, 2) blocks: each
#: ``((P, Q), (P', Q'))`` with both 2x2 matrices invertible, so the graph is an irreducible (1, 1) curve.
GRAPHS = ((((1, 2), (3, -1)), ((2, -1), (1, 3))), (((3, 1), (-2, 5)), ((1, 4), (3, -2))),
          (((2, 5), (1, -3)), ((4, 1), (-1, 2))))

Poly = list[int]


def _integers(c: np.ndarray) -> np.ndarray:
    """A player's equations (rationals) times the lcm of their denominators: the same solutions."""
    q = [Fraction(x) for x in c.flat]
    scale = math.lcm(*(x.denominator for x in q))
    return np.array([x.numerator * (scale // x.denominator) for x in q], dtype=object).reshape(c.shape)


def _add(p: Poly, q: Poly) -> Poly:
    n = max(len(p), len(q))
    return [(p[k] if k < len(p) else 0) + (q[k] if k < len(q) else 0) for k in range(n)]


def _scale(p: Poly, c: int) -> Poly:
    return [c * x for x in p]


def _form(t: np.ndarray, vectors: list[list[Poly]], length: int) -> Poly:
    """The multilinear form ``sum t[i, j, ...] u_i v_j ...`` at vectors of binary forms (coefficients of
    ``t^k``), padded to ``length`` coefficients (its formal degree plus one)."""
    acc: Poly = [0] * length
    for idx in zip(*np.nonzero(t), strict=True):
        term: Poly = [int(t[idx])]
        for v, k in zip(vectors, idx, strict=True):
            term = poly_mul(term, v[k])
        acc = _add(acc, term)
    return (acc + [0] * length)[:length]


def _line(p: tuple[int, ...], q: tuple[int, ...]) -> list[Poly]:
    """The point ``s p + t q`` as a vector of binary linear forms."""
    return [[a, b] for a, b in zip(p, q, strict=True)]


def _cross(r: list[Poly], w: list[Poly]) -> list[Poly]:
    """The cross product of two vectors of three binary forms."""
    return [_add(poly_mul(r[(i + 1) % 3], w[(i + 2) % 3]), _scale(poly_mul(r[(i + 2) % 3], w[(i + 1) % 3]), -1))
            for i in range(3)]


def _kernel_on_line(t: np.ndarray, p: tuple[int, ...], q: tuple[int, ...]) -> list[Poly]:
    """The cross product of the two rows ``t[k] @ x`` (``t`` of shape ``(2, 3, 3)``, axes (equation,
    solved block, hidden block)) at ``x = s p + t q``: three binary quadratics (coefficients of ``t^j``)."""
    x = _line(p, q)
    r, w = ([_form(t[k, i], [x], 2) for i in range(3)] for k in range(2))
    return _cross(r, w)


def _sylvester(f: Poly, g: Poly) -> list[list[int]]:
    """The Sylvester matrix of two binary forms of the same formal degree ``d = len(f) - 1`` (zero leading
    terms included, so that it is singular exactly when the forms share a zero on the projective line)."""
    d = len(f) - 1
    fh, gh = f[::-1], g[::-1]
    return ([[0] * i + fh + [0] * (d - 1 - i) for i in range(d)]
            + [[0] * i + gh + [0] * (d - 1 - i) for i in range(d)])


def _coprime(f: Poly, g: Poly) -> bool:
    """Whether two binary forms of the same formal degree have no common zero on ``P^1``: whether their
    integer Sylvester matrix is nonsingular, by fraction-free (Bareiss) elimination (exact; a row
    reduction of integers by ``/`` would round in floats)."""
    n = 2 * (len(f) - 1)
    return solve_exact([[*row, 0] for row in _sylvester(f, g)], n) is not None


def _finite_projection(ta: np.ndarray, tb: np.ndarray, th: np.ndarray) -> bool:
    """Whether some line shows that the two quartics of the hidden block have no common component."""
    for p, q in LINES:
        yb = _kernel_on_line(ta, p, q)
        ya = _kernel_on_line(tb, p, q)
        if _coprime(*(_form(th[k], [ya, yb], 5) for k in range(2))):
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


def _pair_projection(batch: MultilinearBatch, a: int, b: int) -> bool:
    """Whether some (1, 1) graph shows that the projection of the (2, 2, 2, 2) solution set to the blocks
    ``(a, b)`` is finite (the two eliminated curves have no common component; see the module docstring)."""
    c, d = (j for j in range(4) if j not in (a, b))
    tc = block_coefficients(batch, c, (d, a, b))[0, 0]     # player c's equation: r_c(x_a, x_b) . x_d
    td = block_coefficients(batch, d, (c, a, b))[0, 0]     # player d's equation: r_d(x_a, x_b) . x_c
    ta = block_coefficients(batch, a, (b, c, d))[0, 0]
    tb = block_coefficients(batch, b, (a, c, d))[0, 0]
    for (p, q), (pp, qq) in GRAPHS:
        xa, xb = _line(p, q), _line(pp, qq)
        rc = [_form(tc[i], [xa, xb], 3) for i in range(2)]
        rd = [_form(td[i], [xa, xb], 3) for i in range(2)]
        yd, yc = [rc[1], _scale(rc[0], -1)], [rd[1], _scale(rd[0], -1)]
        if _coprime(_form(ta, [xb, yc, yd], 6), _form(tb, [xa, yc, yd], 6)):
            return True
    return False


def finite_2222(coeffs: tuple[np.ndarray, ...]) -> bool:
    """Whether the (2, 2, 2, 2) support system with exact coefficients ``coeffs`` has finitely many solutions.

    Parameters
    ----------
    coeffs : tuple of four numpy.ndarray
        Each block's one equation as rationals (ints or Fractions, object arrays), shape ``(1, 2, 2, 2)``
        with the other blocks' axes in increasing order, as in
        :class:`~bargain.solvers.polynomial.homotopy.MultilinearBatch` (one system).

    Returns
    -------
    bool
        True when proven (exactly) that the solution set in ``(P^1)^4`` is finite (its projections to
        blocks (1, 2) and to blocks (3, 4) are); False when not proven (the eliminated curves of a pair
        share a component, or every graph tried met a common point).

    References
    ----------
    Cox, Little and O'Shea (2015), ch. 3, sec. 6; Hartshorne (1977), ex. II.6.6.1 and sec. V.1;
    Fulton (1998), prop. 7.1.
    """
    batch = MultilinearBatch((2, 2, 2, 2), tuple(_integers(np.asarray(c, dtype=object))[None] for c in coeffs))
    return _pair_projection(batch, 0, 1) and _pair_projection(batch, 2, 3)


#: The finiteness proofs by support shape (sizes of the mixing players' supports, in player order).
PROOFS = {(3, 3, 3): "finite_333", (2, 2, 2, 2): "finite_2222"}


def proven_finite(coeffs: tuple[np.ndarray, ...]) -> bool:
    """Whether the support system ``coeffs`` (as :func:`support_system` gives it) is proven to have
    finitely many solutions, by the proof for its shape (:data:`PROOFS`); False for any other shape.

    Parameters
    ----------
    coeffs : tuple of numpy.ndarray
        Each mixing player's equations (exact), as :func:`finite_333` and :func:`finite_2222` take them.

    Returns
    -------
    bool
        True when the solution set is proven finite.

    References
    ----------
    See :func:`finite_333` and :func:`finite_2222`.
    """
    shape = tuple(c.shape[0] + 1 for c in coeffs)
    name = PROOFS.get(shape)
    return name is not None and globals()[name](coeffs)


def support_system(col: Any, support: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, ...]:
    """The indifference equations of a support of ``col.reduced`` on which three or more players mix, in
    exact rationals: those of the exact game, or of the floats as stored (each float is a rational).

    Parameters
    ----------
    col : Collector
        The solver's state (its reduced game).
    support : tuple of tuple of int
        The support (strategies of the reduced game).

    Returns
    -------
    tuple of numpy.ndarray
        Each mixing player's equations (object arrays), as :func:`proven_finite` takes them.
    """
    E = col.exact_payoffs if col.exact_payoffs is not None else col.reduced.exact_payoffs
    if E is None:
        E = np.vectorize(Fraction, otypes=[object])(col.payoffs)
    return tuple(indifference_coefficients(E, support, i) for i in mixing_players(support))
