"""Equilibria on a degenerate support cut out by multilinear best-response conditions, decided exactly.

Two situations of degenerate games leave a support's equilibria as a product of polytopes cut by
conditions that are multilinear in the mixtures, a set no list of extreme points describes:

* two mixers and pure players: each mixer's indifference conditions are linear in the other's
  mixture, so the mixtures range over polytopes ``P_p``, ``P_q``, cut by the pure players'
  conditions ``x_p^T D_k x_q <= 0`` (bilinear);
* three or more mixers whose indifference equations all vanish identically (every strategy of the
  support earns the same against every profile on it): the mixtures range over their simplices,
  cut by every player's deviation conditions, multilinear in the other mixers' mixtures.

For rational payoffs this module decides such a set ``C`` exactly, in rational arithmetic.  Each
condition is classified by the mixtures it involves: none (it holds or the set is empty), one (a
linear cut of that block's polytope, whose vertices are enumerated: Ziegler 1995, Lecture 0), or
several (coupled).  ``C`` is then shown connected by a certificate that generalises the tree
solver's two (:func:`~bargain.solvers.tree_polynomial.extension._universal` and
:func:`~bargain.solvers.tree_polynomial.extension._monotone`) to any number of blocks: a vertex
``v`` of one free block's polytope such that for every condition ``g`` involving that block either
``g(v, r) <= 0`` for every vertex combination ``r`` of the other blocks, or
``g(w, r) >= g(v, r)`` for every vertex ``w`` of the block and every ``r`` (a multilinear function
is extreme at a combination of vertices, so the inequality holds on the whole product).  Along the
segment from a point ``(w, r)`` of ``C`` to ``(v, r)`` each ``g`` is affine with both ends
non-positive, so the segment stays in ``C``: every point joins the slice through ``v``.  Fixing
``v`` and repeating on the slice down to one free block (a convex polytope) proves ``C`` connected,
and empty exactly when that last slice is (Bochnak, Coste and Roy 1998, sec. 2.4: a set in which
every point is joined by a path to one connected subset is connected).

The vertices of the slices through every vertex combination of all blocks but one (the
conditions are linear there) are exact equilibria; they are recorded, and ``C`` is reported as one
connected set by its defining conditions
(:func:`~bargain.solvers.tree_polynomial.conditions.describe_conditions`) with the dimension of the
affine hull of those points.  Without a certificate nothing is claimed: the caller keeps its note
that the support was not decided.

References
----------
Ziegler, G. M. (1995). *Lectures on Polytopes*, Springer, Lecture 0 (vertices by basis enumeration).
Bochnak, J., Coste, M. and Roy, M.-F. (1998). *Real Algebraic Geometry*, Springer, sec. 2.4.
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6 (the support conditions).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.linalg.exact import independent_columns
from bargain.solvers.polynomial.collector import Collector
from bargain.solvers.polynomial.support import Support, indifference_coefficients
from bargain.solvers.sequential.polytope import vertices
from bargain.solvers.tree_polynomial.conditions import describe_conditions
from bargain.solvers.tree_polynomial.extension import _substitute, _value

__all__ = ["decide_cut"]

Poly = dict[tuple[int, ...], Any]
#: Largest number of vertex combinations the certificate and the slices may visit.
MAX_COMBINATIONS = 4096


def _conditions(E: np.ndarray, support: Support, mix: tuple[int, ...], offset: dict[int, int]) -> list[Poly]:
    """Every player's gain from each of its strategies over its first support strategy, as a multilinear
    polynomial in the mixers' probabilities (variable ``offset[j] + k`` is ``x_j[S_j[k]]``); ``<= 0`` is
    the best-response condition."""
    n = E.shape[0]
    out: list[Poly] = []
    for i in range(n):
        others = [j for j in mix if j != i]
        sub = E[i][tuple(slice(None) if (j == i or j in others) else support[j][0] for j in range(n))]
        kept = [j for j in range(n) if j == i or j in others]
        for axis, j in enumerate(kept):
            if j != i:
                sub = sub.take(support[j], axis=axis)
        sub = np.moveaxis(sub, kept.index(i), 0)
        for a in range(sub.shape[0]):
            if a == support[i][0]:
                continue
            poly: Poly = {}
            for combo in itertools.product(*(range(len(support[j])) for j in others)):
                c = Fraction(sub[(a, *combo)]) - Fraction(sub[(support[i][0], *combo)])
                if c != 0:
                    poly[tuple(offset[j] + k for j, k in zip(others, combo, strict=True))] = c
            if poly:
                out.append(poly)
    return out


def _blocks_of(poly: Poly, owner: list[int]) -> set[int]:
    """The mixers whose variables ``poly`` involves."""
    return {owner[v] for m in poly for v in m}


def _polytope(size: int, off: int, eq: list[list[Fraction]], linear: list[Poly]
              ) -> tuple[list[list[Fraction]], list[list[Fraction]], list[tuple[Fraction, ...]] | None]:
    """A block's polytope: ``x >= 0``, ``sum x = 1``, the equalities ``eq`` (right-hand side last) and the
    linear conditions (homogeneous polynomials of degree one in the block).  Returns the independent
    equalities, the inequality rows and the vertices (empty when infeasible, None when too many bases)."""
    rows = [[Fraction(1)] * size + [Fraction(1)], *eq]
    keep = independent_columns([list(c) for c in zip(*rows, strict=True)], True)
    rows = [rows[k] for k in keep]
    if len(independent_columns([list(c) for c in zip(*[r[:-1] for r in rows], strict=True)], True)) < len(rows):
        return rows, [], []
    ub = [[Fraction(p.get((off + k,), 0)) for k in range(size)] for p in linear]
    found = vertices([r[:-1] for r in rows], [r[-1] for r in rows], ub, [Fraction(0)] * len(ub), size, exact=True)
    return rows, ub, found


def _point(nz: int, parts: list[dict[int, Fraction]]) -> list[Fraction]:
    """The vector of all ``nz`` variables with the values in ``parts`` (zero elsewhere)."""
    z = [Fraction(0)] * nz
    for part in parts:
        for c, v in part.items():
            z[c] = v
    return z


def _joins(g: Poly, v: dict[int, Fraction], block: list[dict[int, Fraction]], combos: list[tuple], nz: int
           ) -> bool:
    """Whether moving the block to its vertex ``v`` keeps ``g <= 0``: ``g(v, r) <= 0`` at every vertex combination
    ``r`` of the other free blocks, or ``g(w, r) >= g(v, r)`` for every vertex ``w`` of the block and every ``r``."""
    at_v = [_value(g, _point(nz, [v, *r])) for r in combos]
    return all(x <= 0 for x in at_v) or all(
        _value(g, _point(nz, [w, *r])) >= x for w in block for r, x in zip(combos, at_v, strict=True))


def _connected(free: list[int], fixed: dict[int, Fraction], per_block: dict[int, list[dict[int, Fraction]]],
               conds: list[Poly], owner: list[int], nz: int) -> bool:
    """The certificate of the module docstring, on the slice where the variables in ``fixed`` are fixed."""
    if len(free) <= 1:
        return True
    subs = [_substitute(g, fixed) for g in conds]
    for b in free:
        rest = [per_block[c] for c in free if c != b]
        combos = list(itertools.product(*rest))
        if len(combos) * len(per_block[b]) ** 2 > MAX_COMBINATIONS:
            continue
        mine = [g for g in subs if b in _blocks_of(g, owner)]
        for v in per_block[b]:
            if all(_joins(g, v, per_block[b], combos, nz) for g in mine):
                return _connected([c for c in free if c != b], {**fixed, **v}, per_block, conds, owner, nz)
    return False


def decide_cut(col: Collector, support: Support, mix: tuple[int, ...]) -> bool:
    """Decide exactly the equilibria on a degenerate support whose mixtures range over a product of
    polytopes cut by multilinear conditions (see the module docstring).

    Parameters
    ----------
    col : Collector
        The run's collector, of an exact run (``col.exact_payoffs`` set); the exact equilibria found and
        the set itself (when more than a point) are recorded in it.
    support : tuple of tuple of int
        The support profile (strategies of the reduced game).
    mix : tuple of int
        The mixing players: two, or three or more whose indifference equations all vanish identically.

    Returns
    -------
    bool
        True when the equilibria on the support were decided and recorded; False when the support is not
        of either kind or no connectedness certificate applies (nothing is claimed).

    References
    ----------
    Bochnak, Coste and Roy (1998), *Real Algebraic Geometry*, sec. 2.4; Ziegler (1995), Lecture 0.
    """
    E = col.exact_payoffs
    if E is None or len(mix) < 2:
        return False
    sizes = [len(support[r]) for r in mix]
    offset = dict(zip(mix, np.cumsum([0, *sizes[:-1]]).tolist(), strict=True))
    nz = sum(sizes)
    owner = [r for r, s in zip(mix, sizes, strict=True) for _ in range(s)]
    eqs: dict[int, list[list[Fraction]]] = {r: [] for r in mix}
    indiff = {r: indifference_coefficients(E, support, r) for r in mix}
    if len(mix) == 2:
        for r, other in (mix, mix[::-1]):      # the other mixer's indifference is linear in x_r
            eqs[r] = [[Fraction(c) for c in row] + [Fraction(0)] for row in indiff[other]]
    elif any(np.any(c != 0) for c in indiff.values()):
        return False
    conds = _conditions(E, support, mix, offset)
    if any(not _blocks_of(g, owner) and g.get((), 0) > 0 for g in conds):
        return True                            # a deviation gains against every profile here
    conds = [g for g in conds if _blocks_of(g, owner)]
    per_block: dict[int, list[dict[int, Fraction]]] = {}
    rows: dict[int, tuple] = {}
    for r, s in zip(mix, sizes, strict=True):
        linear = [g for g in conds if _blocks_of(g, owner) == {r}]
        eq, ub, found = _polytope(s, offset[r], eqs[r], linear)
        if found is None:
            return False
        if not found:
            return True
        rows[r] = (eq, ub)
        per_block[r] = [{offset[r] + k: v for k, v in enumerate(x)} for x in found]
    if int(np.prod([len(v) for v in per_block.values()])) > MAX_COMBINATIONS:
        return False
    # a coupled condition that holds at every vertex combination holds on the whole product (multilinear)
    corners = [_point(nz, list(pick)) for pick in itertools.product(*per_block.values())]
    coupled = [g for g in conds if len(_blocks_of(g, owner)) > 1 and any(_value(g, z) > 0 for z in corners)]
    if not _connected(list(mix), {}, per_block, coupled, owner, nz):
        return False
    points = _slice_points(mix, sizes, offset, nz, per_block, rows, coupled)
    if points is None:
        return False
    if not points:
        return True
    profiles = []
    for z in points:
        exact = col.exact_profile(support, {r: z[offset[r]:offset[r] + s] for r, s in zip(mix, sizes, strict=True)})
        if not col.exact_checker.exact_nash(exact):
            return False                       # cannot happen for a correct slice; claim nothing then
        floats = [np.array([float(v) for v in blk]) for blk in exact]
        col.add(floats, exact)
        profiles.append(floats)
    vecs = np.array([[float(v) for v in z] for z in points])
    dim = int(np.linalg.matrix_rank(vecs[1:] - vecs[0], tol=1e-12)) if len(vecs) > 1 else 0
    if dim:
        col.add_continuum(support, profiles, dim, _description(col, support, mix, offset, rows, coupled, dim))
    return True


def _slice_points(mix: tuple[int, ...], sizes: list[int], offset: dict[int, int], nz: int,
                  per_block: dict[int, list[dict[int, Fraction]]], rows: dict[int, tuple], coupled: list[Poly]
                  ) -> list[tuple[Fraction, ...]] | None:
    """The vertices of the slices through every vertex combination of all blocks but one (exact)."""
    points: list[tuple[Fraction, ...]] = []
    for r, s in zip(mix, sizes, strict=True):
        eq, ub = rows[r]
        for pick in itertools.product(*(per_block[c] for c in mix if c != r)):
            fixed = {c: v for part in pick for c, v in part.items()}
            cuts = [_substitute(g, fixed) for g in coupled]
            if any(all(not m for m in g) and g.get((), 0) > 0 for g in cuts):
                continue
            extra = [[Fraction(g.get((offset[r] + k,), 0)) for k in range(s)] for g in cuts
                     if any(m for m in g)]
            consts = [-Fraction(g.get((), 0)) for g in cuts if any(m for m in g)]
            found = vertices([e[:-1] for e in eq], [e[-1] for e in eq], ub + extra,
                             [Fraction(0)] * len(ub) + consts, s, exact=True)
            if found is None:
                return None
            for x in found:
                points.append(tuple(_point(nz, [fixed, {offset[r] + k: v for k, v in enumerate(x)}])))
    return list(dict.fromkeys(points))


def _description(col: Collector, support: Support, mix: tuple[int, ...], offset: dict[int, int],
                 rows: dict[int, tuple], coupled: list[Poly], dim: int) -> str:
    """The set in words: its defining conditions over the mixtures, and the pure players' strategies."""
    g = col.game
    names = [f"x({g.players[r]}:{g.strategies[r][col.kept[r][k]]})" for r in mix for k in support[r]]
    eq: list[Poly] = []
    ineq: list[Poly] = []
    for r in mix:
        eq_rows, ub = rows[r]
        for row in eq_rows[1:]:                # the sums to one are stated in words
            eq.append({(offset[r] + a,): c for a, c in enumerate(row[:-1]) if c != 0} | (
                {(): -row[-1]} if row[-1] else {}))
        ineq += [{(offset[r] + a,): c for a, c in enumerate(row) if c != 0} for row in ub]
    pure = [f"{g.players[i]} plays {g.strategies[i][col.kept[i][support[i][0]]]}"
            for i in range(g.n_players) if i not in mix]
    who = ", ".join(g.players[r] for r in mix[:-1]) + f" and {g.players[mix[-1]]}"
    text = describe_conditions([*ineq, *coupled], eq, names)
    return (f"{who} mix over a connected set of equilibria of dimension {dim}, cut by best-response conditions "
            f"multilinear in the mixtures (each mixture sums to one): {text}"
            + (" while " + ", ".join(pure) if pure else ""))
