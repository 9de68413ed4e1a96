"""Behaviour left free by a support solution: the polytope of choices that keep it an equilibrium.

A solution of a support system fixes the realisation plans on the part of the tree the support
reaches.  Two kinds of sequence are still free:

* sequences at information sets the support does not reach -- the behaviour there earns its owner
  nothing (the play never gets there) but can deter the *other* players' deviations that would
  get there;
* on a degenerate support whose mixing player ``i`` is indifferent on a whole face (the
  indifference equations vanish identically), ``i``'s support sequences at the reached sets.

Write ``z`` for the free probabilities: at a set with free sequences every free action but the
last gets a variable and the last one the rest of its parent's probability, as in the support
systems, so each player's realisation plan is affine in its own part of ``z`` (von Stengel 1996)
and ``z`` is cut only by non-negativity.  On a face, the mixers' indifference equations (linear in
the other mixer's plan) are added as equalities and each mixer's payoff is taken at one plan of
its face.  The profile is an equilibrium exactly when no player ``k`` gains by a pure plan ``p``:
``u_k(p, x_-k) <= u_k(x)``, one condition per player and pure plan, each a polynomial in ``z``
multilinear in the players' blocks, computed exactly (integers over common denominators).

* All conditions linear (the usual case: the products of two players' free variables cancel):
  the equilibria with the given fixed part form a polytope.  Its vertices are enumerated exactly
  (:func:`bargain.solvers.sequential.polytope.vertices`: every square system of tight
  inequalities, Schrijver 1986, sec. 8.5); they are the extreme equilibria of that piece of the
  equilibrium set, and every point of it is an equilibrium (convex in realisation plans, so in one
  connected component).
* Some condition bilinear: each player's own conditions give a polytope, and the set lies in
  their product.  A multilinear function on a product of polytopes is largest at a combination
  of vertices, so when every combination satisfies the bilinear conditions the set *is* the
  product and its vertices are the combinations.  Otherwise the conditions cut the product and
  the set is not convex (no finite list of extreme points).  Where the conditions couple two
  players, points meeting *every connected component* are listed: the vertices of the slices
  through each player's own vertices when one player has a vertex that satisfies the conditions
  against all of the other's, or one that every condition prefers to the player's other vertices
  (every point then joins that slice by a segment inside the set: it is connected), or
  the points of :func:`.bilinear.plane_points` when the two have one free probability each.
  Otherwise the slices' vertices are returned with a reason, and the caller marks its answer
  not complete.

A player with more than :data:`MAX_PLANS` pure plans, or a polytope with too many candidate
vertices, also ends in a reason instead of a list.

References
----------
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games Econ. Behav.* 14.
Koller, D., Megiddo, N. and von Stengel, B. (1996). Efficient computation of equilibria for
extensive two-person games. *Games Econ. Behav.* 14.  Schrijver, A. (1986). *Theory of Linear and
Integer Programming*, sec. 8.5.  McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria
in finite games. *Handbook of Computational Economics* I, sec. 6 (behaviour off the path).
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from bargain.errors import GameError
from bargain.linalg.exact import independent_columns
from bargain.solvers.sequence_form.sequences import SequenceForm
from bargain.solvers.sequential.polytope import vertices
from bargain.solvers.tree_polynomial.bilinear import plane_points
from bargain.solvers.tree_polynomial.conditions import describe_conditions

__all__ = ["MAX_COMBINATIONS", "MAX_PLANS", "Extension", "extension_vertices"]

#: Largest number of pure plans of one player whose deviations are written out as inequalities.
MAX_PLANS = 20_000
#: Largest number of combinations of the players' own vertices checked against bilinear conditions.
MAX_COMBINATIONS = 20_000


class Extension(NamedTuple):
    """What :func:`extension_vertices` found.

    Attributes
    ----------
    vertices : list of list of numpy.ndarray
        The vertices found, each a list of realisation plans (one per player).
    reason : str or None
        None when they are all the vertices of the set, else why the list may be incomplete.
    checked : bool
        Whether the vertices satisfy the equilibrium conditions (False when nothing was free: the
        fixed profile is returned unchecked, for the caller to verify).
    conditions : str or None
        For a ``curved`` set: its defining conditions, written out
        (:func:`.conditions.describe_conditions`).
    curved : bool
        True when the set is cut by conditions bilinear in two players' free behaviour and the points
        meet every connected component of it (they are not the vertices of a polytope): a vertex of
        one player's polytope that satisfies the conditions against all of the other's
        (:func:`_universal`), or two free probabilities (:func:`.bilinear.plane_points`; floating
        point where irrational).
    """

    vertices: list[list[np.ndarray]]
    reason: str | None
    checked: bool = True
    curved: bool = False
    conditions: str | None = None


def _affine_plans(sf: SequenceForm, base: list[np.ndarray], free: list[np.ndarray], exact: bool
                  ) -> tuple[list[np.ndarray], int, list[str]]:
    """Every player's plan as an affine map of ``z``: ``X[k] @ (1, z)``, shape ``(#seq_k, 1 + nz)``;
    with ``nz`` and each variable's name, ``x(a@h)``: the realisation probability of its sequence.

    At a set with free sequences every free action but the last gets a variable and the last one
    the rest of the parent's probability, as in :func:`.supports.support_system` (so the sequence-form
    equalities hold identically and ``z`` has no equality constraints).  A set below a sequence
    fixed at zero stays at zero (its owner never gets there) and gets no variable.
    """
    tree = sf.game
    zero = Fraction(0) if exact else 0.0
    plan: list[list[tuple[int, int, int, list[int]]]] = []  # per player: (first, width, parent, free actions)
    nz = 0
    for k in range(tree.n_players):
        mask = np.asarray(free[k], dtype=bool)
        dead = np.zeros(sf.num_sequences[k], dtype=bool)    # fixed at zero, or below such a sequence
        dead[1:] = ~mask[1:] & np.array([v == 0 for v in base[k][1:]], dtype=bool)
        sets = []
        for h in sf.player_infosets[k]:                     # preorder: the parent is settled first
            first, par = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            width = tree.infosets[h].num_actions
            if dead[par]:
                dead[first:first + width] = True
                continue
            acts = [a for a in range(width) if mask[first + a]]
            if acts:
                sets.append((first, width, par, acts))
                nz += len(acts) - 1
        plan.append(sets)
    X = []
    names: list[str] = []
    var = 1
    for k in range(tree.n_players):
        M = np.full((sf.num_sequences[k], 1 + nz), zero, dtype=object if exact else float)
        M[0, 0] = 1
        for s in range(1, sf.num_sequences[k]):
            if not free[k][s] and base[k][s] != 0:
                M[s, 0] = Fraction(base[k][s]) if exact else float(base[k][s])
        for first, width, par, acts in plan[k]:
            rest = M[par] - M[first:first + width].sum(axis=0)
            for a in acts[:-1]:
                M[first + a, var] = 1
                rest[var] -= 1
                names.append(f"x({sf.sequence_label(k, first + a)})")
                var += 1
            M[first + acts[-1]] = rest
        X.append(M)
    return X, nz, names


Poly = dict[tuple[int, ...], Any]


def _poly(row: np.ndarray) -> Poly:
    """An affine row ``(c_0, c_1, ...)`` as a polynomial ``{monomial: coefficient}``."""
    return {(() if v == 0 else (v - 1,)): c for v, c in enumerate(row) if c != 0}


def _times(p: Poly, q: Poly) -> Poly:
    """The product of two polynomials in disjoint variables."""
    out: Poly = {}
    for m, a in p.items():
        for n, b in q.items():
            key = tuple(sorted(m + n))
            out[key] = out.get(key, 0) + a * b
    return out


def _integral(values: list[Any]) -> tuple[list[int], int]:
    """Fractions as integers over one common denominator: ``(numerators, denominator)``."""
    den = math.lcm(*(Fraction(v).denominator for v in values)) if values else 1
    return [Fraction(v).numerator * (den // Fraction(v).denominator) for v in values], den


def _scaled(polys: list[Poly]) -> tuple[list[Poly], int]:
    """Polynomials with Fraction coefficients as integer ones over one common denominator."""
    flat = [v for p in polys for v in p.values()]
    ints, den = _integral(flat)
    it = iter(ints)
    return [{m: next(it) for m in p} for p in polys], den


@functools.lru_cache(maxsize=8)
def _leaf_coefficients(sf: SequenceForm) -> tuple[tuple[list[int], int], ...]:
    """Per player, ``w(z) u(z)`` at every leaf as integers over a common denominator (exact trees)."""
    tree = sf.game
    return tuple(_integral([w * u[k] for w, u in zip(sf.exact_leaf_weight, tree.exact_leaf_payoffs, strict=True)])
                 for k in range(tree.n_players))


def _payoffs(sf: SequenceForm, polys: list[list[Poly]], k: int, exact: bool,
             own: np.ndarray | None = None, scaled: list[tuple[list[Poly], int]] | None = None
             ) -> tuple[list[Poly], Poly]:
    """Player ``k``'s payoffs as polynomials in ``z``: what each own sequence earns against the others'
    plans, and the payoff at the profile (with ``own`` in place of ``k``'s plan when given);
    ``polys[j][s]`` is player ``j``'s plan at sequence ``s`` as a polynomial.  Exact runs multiply
    integers over common denominators (``scaled``: :func:`_scaled` of each player's ``polys``;
    Fraction products are several times slower)."""
    tree = sf.game
    seqs = sf.leaf_sequences
    others = [j for j in range(tree.n_players) if j != k]
    if exact:
        coef, den = _leaf_coefficients(sf)[k]
        scaled = scaled or [_scaled(p) for p in polys]
        work = [p for p, _ in scaled]
        for j in others:
            den *= scaled[j][1]
    else:
        coef = list(np.asarray(sf.leaf_weight, dtype=float) * np.asarray(tree.leaf_payoffs, dtype=float)[:, k])
        work, den = polys, 1
    per_seq: list[Poly] = [{} for _ in range(sf.num_sequences[k])]
    for z in range(len(seqs)):
        c = coef[z]
        if c == 0 or any(not work[j][seqs[z, j]] for j in others):
            continue
        term: Poly = {(): c}
        for j in others:
            term = _times(term, work[j][seqs[z, j]])
        into = per_seq[int(seqs[z, k])]
        for m, v in term.items():
            into[m] = into.get(m, 0) + v
    if exact:
        per_seq = [{m: Fraction(v, den) for m, v in p.items() if v != 0} for p in per_seq]
    total: Poly = {}
    for s_, p in enumerate(per_seq):
        if not p:
            continue
        factor = polys[k][s_] if own is None else ({(): own[s_]} if own[s_] != 0 else {})
        for m, v in _times(p, factor).items():
            total[m] = total.get(m, 0) + v
    return per_seq, total


def _row(poly: Poly, nz: int, exact: bool) -> list[Any]:
    """A linear polynomial as ``[c_0, c_1, ..., c_nz]``."""
    out: list[Any] = [Fraction(0) if exact else 0.0] * (nz + 1)
    for m, v in poly.items():
        out[0 if not m else m[0] + 1] += v
    return out


def _polytope(ineq: list[list[Any]], eq: list[list[Any]], cols: list[int], exact: bool
              ) -> list[tuple[Any, ...]] | None:
    """Vertices of ``{z[cols] >= 0 : r . (1, z) <= 0 (ineq), r . (1, z) = 0 (eq)}`` (rows over all of
    ``z``, using only ``cols``); independent equalities are picked first.  None if too many."""
    A_eq = [[r[1 + c] for c in cols] + [-r[0]] for r in eq]
    if A_eq:
        keep = [k for k in independent_columns([list(x) for x in zip(*A_eq, strict=True)], exact)]
        A_eq = [A_eq[k] for k in keep]
        if A_eq and len(independent_columns([list(x) for x in zip(*[r[:-1] for r in A_eq], strict=True)]
                                            if cols else [[0] * len(A_eq)], exact)) < len(A_eq):
            return []                                  # inconsistent equalities
    return vertices([r[:-1] for r in A_eq], [r[-1] for r in A_eq], [[r[1 + c] for c in cols] for r in ineq],
                    [-r[0] for r in ineq], len(cols), exact=exact)


def extension_vertices(sf: SequenceForm, base: list[np.ndarray], free: list[np.ndarray], *, exact: bool,
                       tol: float, reference: dict[int, np.ndarray] | None = None,
                       equations: list[tuple[int, list[int], list[Any]]] | None = None
                       ) -> Extension:
    """Every vertex of the set of equilibria that agree with ``base`` on the fixed sequences.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    base : list of numpy.ndarray
        One realisation-plan vector per player; its entries at fixed sequences are kept (those at
        free ones are ignored).  Fractions when ``exact``.
    free : list of numpy.ndarray
        One boolean mask per player: the sequences left free.  Free sequences must be whole
        information sets' sequences or, at a set, a subset whose complement is fixed at zero.
    exact : bool
        Rational arithmetic (needs an exact tree and Fraction ``base``).
    tol : float
        Payoff tolerance in floating point (exact runs use none).
    reference : dict, optional
        ``{player: plan}``: that player's equilibrium payoff is evaluated at this plan instead of
        its own free plan -- valid with ``equations`` that make the player indifferent on its face.
    equations : list, optional
        Extra equalities ``sum_s c_s x_j(s) = 0``, each ``(j, sequences, coefficients)``.

    Returns
    -------
    Extension
        The vertices found; ``reason`` is None when they are all the vertices of the set (a
        polytope, or a product of polytopes), else a sentence saying why the list may be incomplete.

    References
    ----------
    von Stengel (1996), GEB 14; Schrijver (1986), sec. 8.5.
    """
    tree = sf.game
    X, nz, names = _affine_plans(sf, base, free, exact)
    if nz == 0:          # nothing is free: the caller's verification decides
        return Extension([[M[:, 0].copy() for M in X]], None, checked=False)
    slack = 0 if exact else tol / 2      # half: a vertex on the relaxed boundary verifies with room to spare
    eps = 0 if exact else 1e-12 * max(1.0, float(np.abs(np.asarray(tree.leaf_payoffs, dtype=float)).max()))
    ineq: list[Poly] = []                  # each p(z) <= 0
    for M in X:                  # the last free action of a set: the rest of its parent's probability
        for r in M:
            nonzero = [v for v in r[1:] if v != 0]
            if nonzero and not (r[0] == 0 and len(nonzero) == 1 and nonzero[0] == 1):
                ineq.append({m: -v for m, v in _poly(r).items()})
    eq: list[Poly] = []
    for j, seqs, coefs in equations or ():
        total: Poly = {}
        for s_, c in zip(seqs, coefs, strict=True):
            for m, v in _poly(X[j][s_]).items():
                total[m] = total.get(m, 0) + c * v
        eq.append({m: v for m, v in total.items() if abs(v) > eps})
    seen: set[tuple[Any, ...]] = set()
    polys = [[_poly(r) for r in M] for M in X]
    scaled = [_scaled(p) for p in polys] if exact else None
    for k in range(tree.n_players):
        dev, value = _payoffs(sf, polys, k, exact, (reference or {}).get(k), scaled)
        monos = sorted({(), *(m for p in dev for m in p), *value}, key=lambda m: (len(m), m))
        col = {m: c for c, m in enumerate(monos)}
        A = np.zeros((sf.num_sequences[k], len(monos)), dtype=object if exact else float)
        if exact:
            A[:] = Fraction(0)
        for s_, p in enumerate(dev):
            for m, v in p.items():
                A[s_, col[m]] += v
        U = np.zeros(len(monos), dtype=object if exact else float)
        for m, v in value.items():
            U[col[m]] += v
        if len(monos) == 1:
            if sf.best_response(k, list(A[:, 0]))[0] > U[0] + slack:
                return Extension([], None)
            continue
        try:
            if tree._count_plans(k) > MAX_PLANS:
                raise GameError("too many plans")
            plans = tree.reduced_strategies(k)
        except GameError:
            return Extension([], f"{tree.players[k]} has more than {MAX_PLANS} pure plans to write the deviation "
                                 "conditions with")
        for plan in plans:
            seq = [0] + [int(sf.infoset_first[h]) + a for h, a in plan.items()]
            r = A[seq].sum(axis=0) - U
            r[0] -= slack
            poly = {m: r[c] for m, c in col.items() if abs(r[c]) > eps}
            if all(not m for m in poly):
                if poly.get((), 0) > 0:
                    return Extension([], None)
                continue
            key = tuple(sorted(poly.items())) if exact else tuple(sorted((m, round(float(v), 12))
                                                                        for m, v in poly.items()))
            if key not in seen:
                seen.add(key)
                ineq.append(poly)
    found = _enumerate(X, nz, ineq, eq, exact)
    if not found.curved:
        return found
    nonneg = [{m: -v for m, v in _poly(r).items()} for M in X for r in M[1:]]     # -x(s) <= 0
    return found._replace(conditions=describe_conditions([*nonneg, *ineq], eq, names))


def _plans_at(X: list[np.ndarray], z: list[Any], exact: bool) -> list[np.ndarray]:
    y = np.array([Fraction(1) if exact else 1.0, *z], dtype=object if exact else float)
    return [M @ y for M in X]


def _enumerate(X: list[np.ndarray], nz: int, ineq: list[Poly], eq: list[Poly], exact: bool
               ) -> Extension:
    """Vertices of ``{z >= 0 : ineq <= 0, eq = 0}``: one polytope when every condition is linear; else
    the product of the players' own polytopes (the conditions in one player's variables), which is
    the whole set when every multilinear condition holds at every combination of vertices (a
    multilinear function on a product of polytopes is largest at such a combination)."""
    linear = all(len(m) <= 1 for p in [*ineq, *eq] for m in p)
    if linear:
        found = _polytope([_row(p, nz, exact) for p in ineq], [_row(p, nz, exact) for p in eq], list(range(nz)), exact)
        if found is None:
            return Extension([], f"the polytope of free behaviour ({nz} variables, {len(ineq)} inequalities) has "
                                 "too many candidate vertices to try")
        return Extension([_plans_at(X, list(z), exact) for z in found], None)
    owner = [next(k for k, M in enumerate(X) if np.any(M[:, c + 1] != 0)) for c in range(nz)]
    blocks = sorted(set(owner))
    per_block: list[list[tuple[Any, ...]]] = []
    coupled_ineq = [p for p in ineq if len({owner[v] for m in p for v in m}) > 1]
    coupled_eq = [p for p in eq if len({owner[v] for m in p for v in m}) > 1]
    for b in blocks:
        cols = [c for c in range(nz) if owner[c] == b]
        mine = [p for p in ineq if p not in coupled_ineq and all(owner[v] == b for m in p for v in m)]
        mine_eq = [p for p in eq if p not in coupled_eq and all(owner[v] == b for m in p for v in m)]
        found = _polytope([_row(p, nz, exact) for p in mine], [_row(p, nz, exact) for p in mine_eq], cols, exact)
        if found is None:
            return Extension([], "a player's polytope of free behaviour has too many candidate vertices to try")
        if not found:
            return Extension([], None)
        per_block.append([dict(zip(cols, z, strict=True)) for z in found])
    combos = int(np.prod([len(v) for v in per_block]))
    if combos > MAX_COMBINATIONS:
        return Extension([], f"{combos} combinations of the players' free-behaviour vertices, more than "
                             f"{MAX_COMBINATIONS}")
    out, cut = [], False
    holds = np.zeros([len(v) for v in per_block], dtype=bool)
    for index in itertools.product(*[range(len(v)) for v in per_block]):
        z: list[Any] = [Fraction(0) if exact else 0.0] * nz
        for q, k in enumerate(index):
            for c, v in per_block[q][k].items():
                z[c] = v
        ok = all(_value(p, z) <= (0 if exact else 1e-9) for p in coupled_ineq) and \
            all(abs(_value(p, z)) <= (0 if exact else 1e-9) for p in coupled_eq)
        if ok:
            out.append(_plans_at(X, z, exact))
            holds[index] = True
        else:
            cut = True
    if cut and not coupled_eq:
        coupled = sorted({blocks.index(owner[v]) for p in coupled_ineq for m in p for v in m})
        if len(coupled) == 2 and (_universal(holds, coupled) or _monotone(per_block, coupled, coupled_ineq, nz, exact)):
            more, whole = _slices(X, nz, blocks, per_block, owner,
                                  [p for p in ineq if p not in coupled_ineq] + coupled_ineq, eq, exact)
            if whole:
                return Extension(out + more, None, curved=True)
        plane = _plane(X, nz, blocks, per_block, owner, coupled_ineq, exact)
        if plane is not None:
            return Extension(plane, None, curved=True)
    if cut:
        out += _slices(X, nz, blocks, per_block, owner, [p for p in ineq if p not in coupled_ineq] + coupled_ineq,
                       eq, exact)[0]
        return Extension(out, "conditions bilinear in two players' free behaviour cut the product of their "
                              "polytopes; the vertices of its slices through the players' own vertices are listed, "
                              "other extreme points of the cut set may not be")
    return Extension(out, None)


def _universal(holds: np.ndarray, coupled: list[int]) -> bool:
    """Whether one of the two coupled blocks has a vertex ``v`` at which the coupled conditions hold
    against every vertex of the other block (for every choice of the uncoupled blocks' vertices).

    The conditions are affine in each block, so they then hold at ``(v, q)`` for every ``q`` of the
    other block's polytope, and at every point of the segment from ``(p, q)`` to ``(v, q)`` when they
    hold at ``(p, q)``: every connected component of the cut set meets the slice through ``v``, a
    polytope whose vertices :func:`_slices` lists.  (Conditions homogeneous in one block, as when a
    third player's deviation pays only if both others act, have ``v = 0``.)"""
    a, b = coupled
    others = tuple(q for q in range(holds.ndim) if q not in coupled)
    table = holds.all(axis=others) if others else holds
    if a > b:
        table = table.T
    return bool(table.all(axis=1).any() or table.all(axis=0).any())


def _monotone(per_block: list[list[dict[int, Any]]], coupled: list[int], conds: list[Poly], nz: int,
              exact: bool) -> bool:
    """Whether one of the two coupled blocks has a vertex ``v`` that every coupled condition prefers:
    ``g(p, q) >= g(p, v)`` for every vertex ``p`` of the other block, ``q`` of its own, and condition ``g``.

    ``g(y, w) - g(y, v)`` is affine in each block, so it is then non-negative on the whole product of
    the two polytopes (a multilinear function is least at a combination of vertices), and along the
    segment from a point ``(y, w)`` of the cut set to ``(y, v)`` every ``g`` is affine with
    ``g(y, v) <= g(y, w) <= 0``: the segment stays in the set (the blocks' own conditions hold on it by
    convexity).  So every point joins the slice through ``v`` -- a polytope, whose vertices
    :func:`_slices` lists -- and the set is connected.  (So it is when each condition is monotone in
    one player's single free probability in the same direction, as when a third player's deviation
    pays less the more that player plays one action.)"""
    tol = 0 if exact else 1e-9

    def at(*parts: dict[int, Any]) -> list[Any]:
        z: list[Any] = [Fraction(0) if exact else 0.0] * nz
        for part in parts:
            for c, x in part.items():
                z[c] = x
        return z

    for mover, other in (coupled, coupled[::-1]):
        for v in per_block[mover]:
            if all(_value(g, at(p, q)) >= _value(g, at(p, v)) - tol
                   for p in per_block[other] for q in per_block[mover] for g in conds):
                return True
    return False


def _plane(X: list[np.ndarray], nz: int, blocks: list[int], per_block: list[list[dict[int, Any]]],
           owner: list[int], coupled: list[Poly], exact: bool) -> list[list[np.ndarray]] | None:
    """When the coupled conditions involve exactly two free probabilities (two players with one free
    variable each), the points of :func:`.bilinear.plane_points` times the other players' own vertices;
    None otherwise."""
    cols = sorted({v for p in coupled for m in p for v in m})
    if len(cols) != 2 or len({owner[c] for c in cols}) != 2 or \
            any(sum(owner[c] == owner[v] for c in range(nz)) != 1 for v in cols):
        return None
    cu, cw = cols
    conds = [(p.get((), 0), p.get((cu,), 0), p.get((cw,), 0), p.get((cu, cw), 0)) for p in coupled]
    span = []
    for c in cols:
        vals = [part[c] for part in per_block[blocks.index(owner[c])]]
        span += [min(vals), max(vals)]
    points = plane_points(conds, (span[0], span[1], span[2], span[3]), exact)
    rest = [per_block[q] for q, b in enumerate(blocks) if b not in (owner[cu], owner[cw])]
    if int(np.prod([len(v) for v in rest])) * max(len(points), 1) > MAX_COMBINATIONS:
        return None
    rough = [M.astype(float) for M in X] if exact else X
    out = []
    for u, w, ok in points:
        for pick in itertools.product(*rest):
            z: list[Any] = [Fraction(0) if ok and exact else 0.0] * nz
            for part in pick:
                for c, v in part.items():
                    z[c] = v if ok and exact else float(v)
            z[cu], z[cw] = u, w
            out.append(_plans_at(X, z, True) if ok and exact else _plans_at(rough, [float(v) for v in z], False))
    return out


def _slices(X: list[np.ndarray], nz: int, blocks: list[int], per_block: list[list[dict[int, Any]]],
            owner: list[int], ineq: list[Poly], eq: list[Poly], exact: bool
            ) -> tuple[list[list[np.ndarray]], bool]:
    """With every player but one at a vertex of its own polytope the conditions are linear in the
    remaining player's free behaviour: the vertices of each such slice (all equilibria), and whether
    every slice was enumerated (False when one had too many candidate vertices or combinations)."""
    out = []
    whole = True
    for q, b in enumerate(blocks):
        cols = [c for c in range(nz) if owner[c] == b]
        rest = per_block[:q] + per_block[q + 1:]
        if int(np.prod([len(v) for v in rest])) > MAX_COMBINATIONS:
            whole = False
            continue
        for pick in itertools.product(*rest):
            fixed = {c: v for part in pick for c, v in part.items()}
            found = _polytope([_row(_substitute(p, fixed), nz, exact) for p in ineq],
                              [_row(_substitute(p, fixed), nz, exact) for p in eq], cols, exact)
            whole = whole and found is not None
            for zb in found or ():
                z: list[Any] = [Fraction(0) if exact else 0.0] * nz
                for c, v in [*fixed.items(), *zip(cols, zb, strict=True)]:
                    z[c] = v
                out.append(_plans_at(X, z, exact))
    return out, whole


def _substitute(poly: Poly, fixed: dict[int, Any]) -> Poly:
    """``poly`` with the variables in ``fixed`` replaced by their values."""
    out: Poly = {}
    for m, v in poly.items():
        keep = []
        for c in m:
            if c in fixed:
                v = v * fixed[c]
            else:
                keep.append(c)
        out[tuple(keep)] = out.get(tuple(keep), 0) + v
    return out


def _value(poly: Poly, z: list[Any]) -> Any:
    """A polynomial at ``z``."""
    total = 0
    for m, v in poly.items():
        for c in m:
            v = v * z[c]
        total += v
    return total
