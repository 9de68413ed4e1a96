"""A point in every connected component of a plane set cut by bilinear conditions.

Behaviour left free by a support solution (:mod:`.extension`) is cut by the deviation conditions
of the other players.  When those conditions couple exactly two free probabilities ``u`` and ``w``
(two players with one free variable each, the usual case when a third player's deviation reaches
sets the play does not reach), the set is

    S = {(u, w) in [u0, u1] x [w0, w1] : g_k(u, w) = a_k + b_k u + c_k w + d_k u w <= 0},

a plane set bounded by arcs of hyperbolas: not convex and not a polytope, so it has no finite list
of extreme points.  :func:`plane_points` lists finitely many points of ``S`` that meet *every*
connected component of it.

Proof.  A component ``C`` of ``S`` is compact; let ``p = (u*, w*)`` be its lexicographic minimum
(least ``u``, then least ``w``).  The slice of ``S`` at ``u = u*`` is an interval (every ``g_k`` is
affine in ``w`` there), so it lies in ``C`` and ``w*`` is its lower end.  Then one of:

1. ``u* = u0``, ``w* = w0`` or ``w* = w1``: ``C`` contains the slice of ``S`` through that edge of
   the box, an interval whose end points are listed (``box`` slices);
2. two conditions are tight at ``p``: ``p`` is a common point of two of the curves ``g_j = 0``,
   ``g_k = 0``, the roots of one quadratic (listed, exactly where rational, else in floating
   point).  If that quadratic vanishes identically the two curves share a component, a line met
   by case 3;
3. one condition ``g`` is tight: if ``dg/dw = c + d u* != 0`` the curve ``g = 0`` is a graph
   ``w = phi(u)`` near ``p``, and ``(u* - e, phi(u* - e))`` is in ``S`` and in ``C`` for small ``e``,
   against the choice of ``p``; so ``c + d u* = 0`` (or ``c = d = 0`` and ``u* = -a / b``): ``u*`` is
   one of finitely many *critical* values, and ``C`` contains the slice there, an interval whose
   end points are listed.  The same holds with ``u`` and ``w`` swapped.

So every component holds a listed point (and every listed point is in ``S``).  Gambit's enumpoly
lists only isolated solutions of support systems; such a set contributes none of those except its
isolated points, which are listed as well (an isolated point is its own component).

References
----------
Basu, S., Pollack, R. and Roy, M.-F. (2006). *Algorithms in Real Algebraic Geometry*, 2nd ed.,
Springer, ch. 11 (a point in every connected component via critical points of a projection).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

__all__ = ["plane_points"]

#: One condition ``a + b u + c w + d u w <= 0`` as ``(a, b, c, d)``.
Bilinear = tuple[Any, Any, Any, Any]


def _interval(conds: list[Bilinear], fixed: Any, lo: Any, hi: Any, first: bool, exact: bool
              ) -> tuple[Any, Any] | None:
    """The interval of the other variable when ``u`` (``first``) or ``w`` is fixed at ``fixed``."""
    tol = 0 if exact else 1e-12
    for a, b, c, d in conds:
        const, slope = (a + b * fixed, c + d * fixed) if first else (a + c * fixed, b + d * fixed)
        if slope == 0 or (not exact and abs(slope) <= tol):
            if const > tol:
                return None
        elif slope > 0:
            hi = min(hi, -const / slope)
        else:
            lo = max(lo, -const / slope)
    return (lo, hi) if lo <= hi + tol else None


def _sqrt(q: Fraction) -> Fraction | None:
    """The rational square root of ``q >= 0``, or None."""
    n, d = math.isqrt(q.numerator), math.isqrt(q.denominator)
    return Fraction(n, d) if n * n == q.numerator and d * d == q.denominator else None


def _crossings(g: Bilinear, h: Bilinear, exact: bool) -> list[tuple[Any, Any, bool]]:
    """Common points of ``g = 0`` and ``h = 0``: ``(u, w, exact)``; none if the resultant vanishes."""
    a1, b1, c1, d1 = g
    a2, b2, c2, d2 = h
    # w (c1 + d1 u) = -(a1 + b1 u); put into h times (c1 + d1 u): A u^2 + B u + C = 0
    A = b2 * d1 - d2 * b1
    B = a2 * d1 + b2 * c1 - c2 * b1 - d2 * a1
    C = a2 * c1 - c2 * a1
    roots: list[tuple[Any, bool]] = []
    if A == 0:
        if B != 0:
            roots.append((-C / B, exact))
    else:
        disc = B * B - 4 * A * C
        if disc >= 0:
            r = _sqrt(Fraction(disc)) if exact else None
            if r is not None:
                roots += [((-B + r) / (2 * A), True), ((-B - r) / (2 * A), True)]
            else:
                s = math.sqrt(float(disc))
                roots += [((-float(B) + s) / (2 * float(A)), False), ((-float(B) - s) / (2 * float(A)), False)]
    out = []
    for u, ok in roots:
        for a, b, c, d in (g, h):
            den = c + d * u if ok else float(c) + float(d) * u
            if den != 0 and (ok or abs(den) > 1e-12):
                w = -(a + b * u) / den if ok else -(float(a) + float(b) * u) / den
                out.append((u, w, ok))
                break
    return out


def plane_points(conds: list[Bilinear], box: tuple[Any, Any, Any, Any], exact: bool
                 ) -> list[tuple[Any, Any, bool]]:
    """Points of ``S`` (module docstring) meeting each of its connected components.

    Parameters
    ----------
    conds : list of tuple
        The conditions ``(a, b, c, d)``: ``a + b u + c w + d u w <= 0``.
    box : tuple
        ``(u0, u1, w0, w1)``.
    exact : bool
        Fractions in ``conds`` and ``box``.

    Returns
    -------
    list of tuple
        ``(u, w, exact)`` triples: the end points of the slices through the box's edges and through
        the critical values, and the common points of two curves inside ``S`` (floating point where
        irrational; ``exact`` False then).

    References
    ----------
    Basu, Pollack and Roy (2006), ch. 11.
    """
    u0, u1, w0, w1 = box
    tol = 0 if exact else 1e-9
    cuts_u, cuts_w = {u0, u1}, {w0, w1}
    for a, b, c, d in conds:
        if d != 0:
            cuts_u.add(-c / d)
            cuts_w.add(-b / d)
        elif c == 0 and b != 0:
            cuts_u.add(-a / b)
        elif b == 0 and c != 0:
            cuts_w.add(-a / c)
    out: list[tuple[Any, Any, bool]] = []
    for u in cuts_u:
        if u0 <= u <= u1:
            span = _interval(conds, u, w0, w1, True, exact)
            if span is not None:
                out += [(u, span[0], exact), (u, span[1], exact)]
    for w in cuts_w:
        if w0 <= w <= w1:
            span = _interval(conds, w, u0, u1, False, exact)
            if span is not None:
                out += [(span[0], w, exact), (span[1], w, exact)]
    for j in range(len(conds)):
        for k in range(j + 1, len(conds)):
            for u, w, ok in _crossings(conds[j], conds[k], exact):
                fu, fw = (u, w) if ok else (float(u), float(w))
                slack = tol if ok else 1e-9
                if not (u0 - slack <= fu <= u1 + slack and w0 - slack <= fw <= w1 + slack):
                    continue
                if all((a + b * fu + c * fw + d * fu * fw) <= slack if ok else
                       float(a) + float(b) * fu + float(c) * fw + float(d) * fu * fw <= slack
                       for a, b, c, d in conds):
                    out.append((u, w, ok))
    seen, unique = set(), []
    for u, w, ok in out:
        key = (round(float(u), 12), round(float(w), 12))
        if key not in seen:
            seen.add(key)
            unique.append((u, w, ok))
    return unique
