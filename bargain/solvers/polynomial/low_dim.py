"""Supports on which one or two players mix: the indifference equations are linear.

A unique solution is computed directly (exactly, in rationals, for exact games).  A
rank-deficient system (a degenerate game) has a polytope of solutions for each player: its
vertices are found by basis enumeration, and the set is reported as a continuum only when it is
verified (every vertex pair and the centre; see :func:`_cut_set`), with its vertices listed as
extreme equilibria.  The pure players' best-response constraints are bilinear in the two
mixtures: when one mixture is fixed (its polytope is a point) it is substituted and the other
polytope is cut by the now linear constraints before its vertices are enumerated
(:func:`_polytope_support`); otherwise, for exact payoffs, the cut set is decided exactly and reported
as one connected set by its defining conditions when a connectedness certificate applies
(:func:`~bargain.solvers.polynomial.cut_set.decide_cut`), and else the slices through every vertex, and
for two segments the meeting points of the constraint curves, are enumerated (:func:`_cut_set`).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.
Ziegler, G. M. (1995). *Lectures on Polytopes*, Springer, ch. 1 (vertices by basis enumeration).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from bargain.linalg.exact import solve_rational
from bargain.solvers.polynomial.collector import Collector, _rationalize
from bargain.solvers.polynomial.support import (
    Support,
    deviation_rows,
    indifference_coefficients,
)


# ------------------------------------------------------------------ one or two mixing players
def linear_support(col: Collector, support: Support, mix: tuple[int, ...]) -> None:
    U = col.payoffs
    t = col.tol
    if len(mix) == 1:
        p = mix[0]
        c = indifference_coefficients(U, support, p)
        if np.all(np.abs(c) <= t):
            _polytope_support(col, support, mix)
        return
    p, q = mix
    Ap = indifference_coefficients(U, support, p)       # p's equations, linear in x_q: (d_p, s_q)
    Aq = indifference_coefficients(U, support, q)       # q's equations, linear in x_p: (d_q, s_p)
    if Ap.shape[0] != Aq.shape[0]:
        # one side overdetermined: a solution needs a rank-deficient (degenerate) system
        if _consistent(Ap, t) and _consistent(Aq, t):
            _polytope_support(col, support, mix)
        return
    mq = np.vstack([Ap, np.ones(Ap.shape[1])])
    mp = np.vstack([Aq, np.ones(Aq.shape[1])])
    rhs = np.zeros(mq.shape[0])
    rhs[-1] = 1.0
    sq = np.linalg.svd(mq, compute_uv=False)
    sp = np.linalg.svd(mp, compute_uv=False)
    if sq[-1] <= 1e-10 * sq[0] or sp[-1] <= 1e-10 * sp[0]:
        _polytope_support(col, support, mix)
        return
    xq = np.linalg.solve(mq, rhs)
    xp = np.linalg.solve(mp, rhs)
    if xq.min() < -1e-9 or xp.min() < -1e-9:
        return
    profile = col.full_profile(support, {p: xp, q: xq})
    clean = col.verified(profile)
    if clean is None:
        return
    exact_profile = None
    if col.exact:
        # the float solution rounded to nearby rationals and checked exactly on integers; the exact
        # linear solve (Fractions) only when that fails
        exact_profile = _rationalize(col.game, clean, col.exact_checker) or _exact_linear(col, support, p, q)
    col.add(profile, exact_profile, clean=clean)


def _consistent(a: np.ndarray, t: float) -> bool:
    """Whether ``a x = 0, sum x = 1`` has a solution (least-squares residual within ``t``)."""
    m = np.vstack([a, np.ones(a.shape[1])])
    rhs = np.zeros(m.shape[0])
    rhs[-1] = 1.0
    x, *_ = np.linalg.lstsq(m, rhs, rcond=None)
    return bool(np.max(np.abs(m @ x - rhs)) <= max(t, 1e-9))


def _exact_linear(col: Collector, support: Support, p: int, q: int) -> tuple | None:
    E = col.exact_payoffs
    Ap = indifference_coefficients(E, support, p)
    Aq = indifference_coefficients(E, support, q)
    sol = {}
    for who, A in ((q, Ap), (p, Aq)):
        rows = [list(r) for r in A] + [[Fraction(1)] * A.shape[1]]
        rhs = [Fraction(0)] * A.shape[0] + [Fraction(1)]
        x = solve_rational(rows, rhs)
        if x is None or any(v < 0 for v in x):
            return None
        sol[who] = x
    out = col.exact_profile(support, sol)
    if not col.exact_checker.exact_nash(out):
        return None
    return out


def _vertices(a_eq: np.ndarray, b_eq: np.ndarray, a_ub: np.ndarray | None, b_ub: np.ndarray | None,
              size: int) -> list[np.ndarray] | None:
    """Vertices of ``{x >= 0 : a_eq x = b_eq, a_ub x <= b_ub}`` (None if empty).

    Two strategies: the set is an interval of ``s = x[1]``, computed directly.  More: basis
    enumeration (:func:`_basis_vertices`), which finds every vertex.
    """
    if size == 2:
        lo, hi = 0.0, 1.0
        rows = [(r, v, True) for r, v in zip(a_eq[1:], b_eq[1:], strict=True)]
        if a_ub is not None:
            rows += [(r, v, False) for r, v in zip(a_ub, b_ub, strict=True)]
        for r, v, is_eq in rows:       # r0 (1 - s) + r1 s (= or <=) v
            slope, const = r[1] - r[0], r[0] - v
            if is_eq:
                if abs(slope) <= 1e-12 * max(1.0, abs(r).max()):
                    if abs(const) > 1e-9 * max(1.0, abs(r).max()):
                        return None
                    continue
                s0 = -const / slope
                lo, hi = max(lo, s0), min(hi, s0)
            elif abs(slope) <= 1e-15:
                if const > 0:
                    return None
            elif slope > 0:
                hi = min(hi, -const / slope)
            else:
                lo = max(lo, -const / slope)
        if lo > hi + 1e-12:
            return None
        hi = max(lo, hi)
        pts = [np.array([1 - lo, lo])]
        if hi - lo > 1e-12:
            pts.append(np.array([1 - hi, hi]))
        return pts
    return _basis_vertices(a_eq, b_eq, a_ub, b_ub, size)


def _basis_vertices(a_eq: np.ndarray, b_eq: np.ndarray, a_ub: np.ndarray | None, b_ub: np.ndarray | None,
                    size: int) -> list[np.ndarray] | None:
    """Every vertex of ``{x >= 0 : a_eq x = b_eq, a_ub x <= b_ub}`` by basis enumeration.

    A vertex is the unique solution of the (independent) equalities together with
    ``size - rank(a_eq)`` tight inequalities; all such square systems are solved in one batched
    call (:func:`~bargain.linalg.batched.solve_square_systems`) and the feasible solutions kept, so the
    list is complete, degenerate vertices included (Ziegler 1995, *Lectures on Polytopes*, ch. 1).
    """
    from bargain.linalg.batched import solve_square_systems as solve_square

    _, r = np.linalg.qr(a_eq.T)
    indep = np.abs(np.diag(r)) > 1e-10 * max(1.0, float(np.abs(a_eq).max()))
    rows = np.flatnonzero(indep) if indep.size else np.zeros(0, dtype=int)
    # equalities that are combinations of the kept ones must be consistent
    x_ls, *_ = np.linalg.lstsq(a_eq, b_eq, rcond=None)
    if np.max(np.abs(a_eq @ x_ls - b_eq)) > 1e-9:
        return None
    eq_a, eq_b = a_eq[rows], b_eq[rows]
    g = [-np.eye(size)]
    h = [np.zeros(size)]
    if a_ub is not None and len(a_ub):
        g.append(a_ub)
        h.append(b_ub)
    G, H = np.vstack(g), np.concatenate(h)
    free = size - len(rows)
    picks = list(itertools.combinations(range(len(G)), free))     # [()] when the equalities fix the point
    combos = np.array(picks, dtype=np.intp).reshape(len(picks), free)
    mats = np.concatenate([np.broadcast_to(eq_a, (len(combos), *eq_a.shape)), G[combos]], axis=1)
    rhs = np.concatenate([np.broadcast_to(eq_b, (len(combos), len(eq_b))), H[combos]], axis=1)
    Z, ok = solve_square(mats, rhs)
    Z = Z[ok]
    feasible = np.all(Z @ G.T <= H + 1e-9, axis=1) & (np.max(np.abs(Z @ eq_a.T - eq_b), axis=1, initial=0.0) <= 1e-9)
    verts: list[np.ndarray] = []
    for x in Z[feasible]:
        x = np.clip(x, 0, None)
        if not any(np.max(np.abs(x - v)) <= 1e-9 for v in verts):
            verts.append(x)
    return verts or None


def _polytope_support(col: Collector, support: Support, mix: tuple[int, ...]) -> None:
    """Degenerate support with one or two mixing players: each mixture ranges over a polytope.

    With two mixers ``p`` and ``q`` and pure players, the pure players' best-response constraints
    are bilinear in the two mixtures.  When one mixer's polytope is a single point (its mixture is
    fixed by the other's indifference) it is substituted: the constraints become linear in the
    other mixture, whose polytope is cut by them and its vertices enumerated, so the set found is
    exactly the equilibria on the support (:func:`_slice`).  When both polytopes have positive
    dimension and the product is not all equilibria, :func:`_cut_set` takes over.
    """
    U = col.payoffs
    t = col.tol
    samples: dict[int, list[np.ndarray]] = {}
    cons: dict[int, tuple] = {}
    dims = 0
    if len(mix) == 1:
        p = mix[0]
        # p's own strategies outside the support earn constants against the pure opponents
        vals = U[p][tuple(slice(None) if j == p else support[j][0] for j in range(U.shape[0]))]
        if vals.max() > vals[support[p][0]] + t:
            return
    forms = _pure_forms(U, support, mix) if len(mix) == 2 else np.zeros((0, 1, 1))
    # a form that does not depend on one mixture (equal rows, or equal columns) is a linear constraint on the other
    in_q = np.all(np.abs(forms - forms[:, :1, :]) <= 1e-12 * max(1.0, float(np.abs(U).max())), axis=(1, 2))
    in_p = np.all(np.abs(forms - forms[:, :, :1]) <= 1e-12 * max(1.0, float(np.abs(U).max())), axis=(1, 2)) & ~in_q
    linear = {mix[0]: forms[in_p, :, 0], mix[-1]: forms[in_q, 0, :]} if len(mix) == 2 else {}
    forms = forms[~(in_p | in_q)]
    for p in mix:
        s_p = len(support[p])
        eq_rows = [np.ones(s_p)]
        eq_rhs = [1.0]
        ub_rows = []
        if len(mix) == 2:
            q = mix[0] if mix[1] == p else mix[1]
            for r in indifference_coefficients(U, support, q):
                eq_rows.append(r)
                eq_rhs.append(0.0)
            dev = deviation_rows(U, support, q, p)
            ub_rows.extend(dev - dev[support[q][0]])
            ub_rows.extend(linear[p])
        else:
            for j in range(U.shape[0]):
                if j == p:
                    continue
                dev = deviation_rows(U, support, j, p)
                ub_rows.extend(dev - dev[support[j][0]])
        a_eq = np.array(eq_rows)
        b_eq = np.array(eq_rhs)
        a_ub = np.array(ub_rows).reshape(len(ub_rows), s_p)
        cons[p] = (a_eq, b_eq, a_ub)
        # relaxed by half the tolerance in floating point, not at all for exact payoffs (:func:`_slack`)
        verts = _vertices(a_eq, b_eq, a_ub if len(a_ub) else None,
                          np.full(len(a_ub), _slack(col)) if len(a_ub) else None, s_p)
        if not verts:
            return
        samples[p] = verts
    if len(forms) and any(len(samples[p]) == 1 for p in mix):
        # one mixture is fixed: the pure players' constraints are linear in the other one
        fixed, other = (mix[0], mix[1]) if len(samples[mix[0]]) == 1 else (mix[1], mix[0])
        verts = _slice(cons[other], forms if fixed == mix[0] else forms.transpose(0, 2, 1), samples[fixed][0],
                       _slack(col))
        if verts is None:
            return
        samples[other] = verts
    for p in mix:
        verts = samples[p]
        if len(verts) > 1:
            diffs = np.array(verts[1:]) - verts[0]
            dims += int(np.linalg.matrix_rank(diffs, tol=1e-9))
            samples[p] = [*verts, np.mean(verts, axis=0)]
    corners = [col.full_profile(support, dict(zip(mix, combo, strict=True)))
               for combo in itertools.product(*(samples[p][:-1] if len(samples[p]) > 1 else samples[p]
                                                  for p in mix))]
    centre = col.full_profile(support, {p: samples[p][-1] for p in mix})
    if dims == 0:
        for prof in corners:
            col.add(prof)
        return
    if not all(col.verified(prof) is not None for prof in [*corners, centre]):
        if len(mix) == 2:
            _cut_set(col, support, mix, samples, corners, cons, forms)
        else:
            _undecided_polytope(col, support, corners)
        return
    # every corner and the centre verify: by bilinearity the whole product of polytopes is equilibria;
    # its corners are extreme equilibria and are listed as such
    for prof in corners:
        col.add(prof)
    profiles = [*corners, centre]
    g = col.game
    parts = []
    for p in mix:
        names = [g.strategies[p][col.kept[p][k]] for k in support[p]]
        verts = samples[p][:-1] if len(samples[p]) > 1 else samples[p]
        if len(verts) == 1:
            parts.append(f"{g.players[p]} plays " + ", ".join(f"{nm}={x:.6g}" for nm, x in zip(names, verts[0],
                                                                                             strict=True)))
        elif len(names) == 2:
            lo, hi = sorted((verts[0][0], verts[1][0]))
            parts.append(f"{g.players[p]} plays {names[0]} with any probability in [{lo:.6g}, {hi:.6g}] "
                         f"(else {names[1]})")
        else:
            vs = "; ".join("(" + ", ".join(f"{x:.4g}" for x in v) + ")" for v in verts)
            parts.append(f"{g.players[p]} mixes over {', '.join(names)} anywhere in the convex hull of {vs}")
    fixed = [f"{g.players[i]} plays {g.strategies[i][col.kept[i][support[i][0]]]}"
             for i in range(g.n_players) if i not in mix]
    desc = "; ".join(parts) + (" while " + ", ".join(fixed) if fixed else "")
    col.add_continuum(support, profiles, dims, desc)


def _undecided_polytope(col: Collector, support: Support, corners: list[list[np.ndarray]]) -> None:
    """One mixer whose polytope's vertices do not all verify: keep those that do, and say the support is undecided.

    With one mixer every best-response constraint is linear in its mixture, so the equilibria on the
    support are that polytope; a vertex failing verification comes from the relaxed floating-point
    enumeration (near-duplicate vertices a rounding apart), and the set is not claimed.
    """
    for prof in corners:
        col.add(prof)
    col.complete = False
    col.notes.append(f"support {col.label(support)}: one player mixes over a polytope of equilibria whose "
                     "vertices did not all verify in floating point; the vertices that did are listed, and "
                     "the set was not decided")


def _slack(col: Collector) -> float:
    """How far a vertex may sit outside the constraints: half the tolerance in floating point (a vertex on the
    relaxed boundary then verifies with room to spare), none for exact payoffs, whose vertices must be the
    exact ones (a relaxed vertex of an exact game carried a 1e-9 probability into the printed answer)."""
    return 0.0 if col.exact else col.tol / 2


def _pure_forms(U: np.ndarray, support: Support, mix: tuple[int, ...]) -> np.ndarray:
    """The pure players' best-response constraints as bilinear forms in the two mixtures.

    Returns ``D`` of shape ``(k, |S_p|, |S_q|)`` for ``(p, q) = mix``: a profile on ``support`` meets
    every pure player's constraint iff ``x_p^T D[k] x_q <= 0`` for every ``k`` (one form per pure
    player and strategy: its payoff there minus its payoff from its support strategy).
    """
    n = U.shape[0]
    p, q = mix
    forms = []
    for r in range(n):
        if r in mix:
            continue
        idx = []
        for j in range(n):
            if j == r:
                idx.append(list(range(U.shape[1 + r])))
            elif j in mix:
                idx.append(list(support[j]))
            else:
                idx.append([support[j][0]])
        sub = U[r][np.ix_(*idx)]
        sub = sub[tuple(slice(None) if (j == r or j in mix) else 0 for j in range(n))]
        sub = np.moveaxis(sub, [sorted((r, p, q)).index(a) for a in (r, p, q)], [0, 1, 2])
        forms.append(sub - sub[support[r][0]])
    return np.concatenate(forms) if forms else np.zeros((0, len(support[p]), len(support[q])))


def _slice(cons: tuple[np.ndarray, np.ndarray, np.ndarray], forms: np.ndarray, x: np.ndarray,
           t: float) -> list[np.ndarray] | None:
    """Vertices of one mixer's polytope ``cons`` cut by the bilinear ``forms`` with the other mixture fixed at ``x``.

    ``forms`` has shape ``(k, len(x), size)``; with ``x`` substituted each form is a linear inequality.
    """
    a_eq, b_eq, a_ub = cons
    a_ub = np.vstack([a_ub, np.einsum("a,kab->kb", x, forms)])
    return _vertices(a_eq, b_eq, a_ub, np.full(len(a_ub), t), a_eq.shape[1])


def _curve_meets(forms: np.ndarray, seg_p: list[np.ndarray], seg_q: list[np.ndarray]) -> list[tuple]:
    """Points of the square ``s, u in [0, 1]`` where two of the constraint curves meet, both mixtures on segments.

    With ``x = x0 + s (x1 - x0)`` and ``y = y0 + u (y1 - y0)`` a form is ``a + b s + c u + d s u``; two of
    them vanish together where the resultant in ``u``, a quadratic in ``s``, does (an isolated point
    of a cut set is such a meeting point when it is not on an edge of the square).
    """
    x0, dx = seg_p[0], seg_p[1] - seg_p[0]
    y0, dy = seg_q[0], seg_q[1] - seg_q[0]
    coef = np.array([[np.einsum("a,kab,b->k", a, forms, b) for b in (y0, dy)] for a in (x0, dx)])  # (2, 2, k)
    out = []
    for k, k2 in itertools.combinations(range(forms.shape[0]), 2):
        (a, c), (b, d) = coef[:, :, k]
        (a2, c2), (b2, d2) = coef[:, :, k2]
        # (a + b s)(c2 + d2 s) - (a2 + b2 s)(c + d s) = 0
        poly = np.array([b * d2 - b2 * d, a * d2 + b * c2 - a2 * d - b2 * c, a * c2 - a2 * c])
        if np.max(np.abs(poly)) <= 1e-12:
            continue
        for root in np.roots(np.trim_zeros(poly, "f")):
            if abs(root.imag) > 1e-9 or not -1e-9 <= root.real <= 1 + 1e-9:
                continue
            sv = float(np.clip(root.real, 0.0, 1.0))
            den = c + d * sv if abs(c + d * sv) >= abs(c2 + d2 * sv) else c2 + d2 * sv
            num = (a + b * sv) if den == c + d * sv else (a2 + b2 * sv)
            if abs(den) <= 1e-12:
                continue
            uv = -num / den
            if -1e-9 <= uv <= 1 + 1e-9:
                out.append((x0 + sv * dx, y0 + float(np.clip(uv, 0.0, 1.0)) * dy))
    return out


def _cut_set(col: Collector, support: Support, mix: tuple[int, ...], samples: dict[int, list[np.ndarray]],
             corners: list[list[np.ndarray]], cons: dict[int, tuple], forms: np.ndarray) -> None:
    """Two mixers whose product of polytopes is *not* all equilibria: no continuum is claimed.

    With pure players the equilibria on the support are cut out of the product by the pure
    players' best-response constraints, which are bilinear in the two mixtures (a bilinear form is
    largest at a pair of vertices, so when every corner and the centre verify the whole product
    does, and otherwise it does not).  Candidates: the corners; the vertices of every slice through
    a vertex of one mixer's polytope (:func:`_slice`, linear); and, when both polytopes are
    segments, the points where two constraint curves meet (:func:`_curve_meets`).  For two
    segments every connected piece of the cut set contains a candidate (its boundary is made of
    the square's edges and of constraint curves, none of them closed), so every isolated
    equilibrium is found.  For exact payoffs the set is first decided exactly
    (:func:`~bargain.solvers.polynomial.cut_set.decide_cut`: one connected set, with its exact vertices
    of slices and its defining conditions); only when no connectedness certificate applies does the
    rest run.  Interior points that verify mean a set whose extreme points this route
    does not compute, and the answer says so; so does a cut of polytopes of higher dimension.
    """
    for prof in corners:
        col.add(prof)
    if col.exact:
        from bargain.solvers.polynomial.cut_set import decide_cut

        if decide_cut(col, support, mix):
            return
    p, q = mix
    verts = {r: samples[r][:-1] if len(samples[r]) > 1 else samples[r] for r in mix}
    if len(forms) and len(verts[p]) > 1 and len(verts[q]) > 1:
        for fixed, other, f in ((p, q, forms), (q, p, forms.transpose(0, 2, 1))):
            for v in verts[fixed]:
                for w in _slice(cons[other], f, v, _slack(col)) or []:
                    col.add(col.full_profile(support, {fixed: v, other: w}))
        segments = len(verts[p]) == 2 and len(verts[q]) == 2
        if segments:
            for x, y in _curve_meets(forms, verts[p], verts[q]):
                col.add(col.full_profile(support, {p: x, q: y}))
        elif col.complete:
            col.complete = False
            col.notes.append(f"support {col.label(support)}: the pure players' best-response constraints (bilinear "
                             "in the two mixtures) cut polytopes of dimension above one; equilibria found on slices "
                             "through their vertices only")
            return
    rng = np.random.default_rng(len(col.notes) + 11)
    full = [[col.kept[i][k] for k in support[i]] for i in range(len(support))]
    for _ in range(16):
        w = {r: rng.dirichlet(np.ones(len(samples[r]) - 1)) @ np.array(samples[r][:-1])
             if len(samples[r]) > 1 else samples[r][0] for r in mix}
        prof = col.full_profile(support, w)
        if col.verified(prof) is not None and all(np.all(x[f] > 1e-9) for x, f in zip(prof, full, strict=True)):
            col.complete = False
            col.notes.append(f"support {col.label(support)}: a set of equilibria bounded by the pure players' "
                             "best-response constraints (bilinear in the two mixtures); its extreme points were not "
                             "computed")
            return
