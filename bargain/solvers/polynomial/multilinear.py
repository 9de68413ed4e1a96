"""Supports on which three or more players mix: univariate elimination, resultants, homotopy.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.  Morgan, A. and Sommese, A. (1987). A homotopy for solving
general polynomial systems that respects m-homogeneous structures. *Appl. Math. Comput.* 24.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.solvers.polynomial.collector import SEED, Collector
from bargain.solvers.polynomial.decoupled import decide_decoupled, may_decouple
from bargain.solvers.polynomial.homotopy import (
    HomotopyResult,
    MultilinearBatch,
    _solve,
    bezout_number,
    evaluate,
    jacobian,
    permuted_batch,
    track_paths,
    track_paths_many,
)
from bargain.solvers.polynomial.resultant import solve_333, solve_334, solve_344, solve_2222
from bargain.solvers.polynomial.support import (
    Support,
    indifference_coefficients,
)
from bargain.solvers.polynomial.univariate import curve_points, hidden_block, solve_three_block


# ------------------------------------------------------------------ three or more mixing players
def _batch_for(col: Collector, supports: list[Support], mix: tuple[int, ...]) -> MultilinearBatch:
    sizes = tuple(len(supports[0][i]) for i in mix)
    coeffs = tuple(np.stack([indifference_coefficients(col.payoffs, s, i) for s in supports]) for i in mix)
    return MultilinearBatch(sizes, coeffs)


def _polish(coeffs: tuple[np.ndarray, ...], blocks: list[np.ndarray], iters: int = 3) -> list[np.ndarray]:
    """Newton's method on the real affine system (indifference equations, sums equal one)."""
    blocks = [b.astype(float).copy() for b in blocks]
    sizes = [b.shape[1] for b in blocks]
    offs = np.cumsum((0, *sizes))
    K = blocks[0].shape[0]
    for _ in range(iters):
        F = evaluate(coeffs, blocks)
        J = jacobian(coeffs, blocks)
        sums = np.stack([b.sum(axis=1) - 1.0 for b in blocks], axis=1)
        srows = np.zeros((K, len(blocks), offs[-1]))
        for j in range(len(blocks)):
            srows[:, j, offs[j]:offs[j + 1]] = 1.0
        H = np.concatenate([F, sums], axis=1)
        HJ = np.concatenate([J, srows], axis=1)
        dlt, good = _solve(HJ, -H)
        dlt = np.where((good & np.all(np.isfinite(dlt), axis=1))[:, None], dlt, 0.0)
        if not np.any(dlt):
            break
        blocks = [b + dlt[:, offs[j]:offs[j + 1]] for j, b in enumerate(blocks)]
    return blocks


def _add_candidates(col: Collector, supports: list[Support], mix: tuple[int, ...], batch: MultilinearBatch,
                    system: np.ndarray, blocks: list[np.ndarray], algebraic_for=None) -> None:
    if system.size == 0:
        return
    coeffs = tuple(c[system] for c in batch.coeffs)
    blocks = _polish(coeffs, blocks)
    for k, b in enumerate(system):
        support = supports[b]
        profile = col.full_profile(support, {i: blocks[j][k] for j, i in enumerate(mix)})
        clean = col.verified(profile)
        if clean is None:
            continue
        alg = (lambda s=support, p=profile: algebraic_for(s, p)) if (algebraic_for is not None and col.exact) \
            else None
        col.add(profile, algebraic=alg, clean=clean)


def polynomial_group(col: Collector, supports: list[Support], mix: tuple[int, ...], seed: int) -> None:
    """Solve a group of supports of one shape on which three or more players mix, by elimination where it
    applies (else the homotopy), recording in ``col`` which were solved by a deterministic computation that
    finds all their solutions (:meth:`Collector.settle`) and which need a second route (``col.unsettled``):

    * the univariate elimination (:func:`~bargain.solvers.polynomial.univariate.solve_three_block`) of a
      support whose polynomial does not vanish identically and whose special fibres are points: every
      solution projects to a root, and every root's fibre is solved;
    * the (3, 3, 3) and (2, 2, 2, 2) resultants, when they confirmed 10 (respectively 9) distinct nonsingular
      solutions (the Bezout number) and the solution set is proven finite in exact arithmetic
      (:func:`~bargain.solvers.polynomial.finite.proven_finite`): then those are every solution (a count
      alone does not exclude a positive-dimensional set).  The proof is run by :meth:`Collector.recheck`
      (``col.unproven`` until then), only when the completeness check needs it.

    Everything else (curves of solutions, systems the resultants reject, and the homotopy) is left for the
    second route.
    """
    supports, batch = _undecided(col, supports, mix)
    if not supports:
        return
    degrees = batch.degrees
    if len(mix) == 3 and hidden_block(degrees) is not None:
        res = solve_three_block(batch)
        _add_candidates(col, supports, mix, batch, res.system, res.blocks,
                        algebraic_for=lambda s, p: algebraic(col, s, mix) if degrees == (1, 1, 1) else None)
        col.settle("univariate elimination", len(supports) - int(res.degenerate.sum()))
        for b in np.flatnonzero(res.degenerate):
            col.unsettled.append(supports[b])
            if res.vanishing[b]:
                _curve_continuum(col, supports[b], mix, batch, int(b))
            else:
                _homotopy_supports(col, [supports[b]], mix, seed)
        return
    if bezout_number(degrees) == 0:
        return
    if batch.sizes in ((3, 3, 3), (2, 2, 2, 2)):
        system, blocks, fallback = (solve_333 if len(batch.sizes) == 3 else solve_2222)(batch)
        _add_candidates(col, supports, mix, batch, system, blocks)
        counted = [supports[b] for b in np.flatnonzero(~fallback)]
        rest = [supports[b] for b in np.flatnonzero(fallback)]
        if rest and len(batch.sizes) == 3:      # retry with the better conditioned eigenvalue route
            retry = _batch_for(col, rest, mix)
            system, blocks, fallback = solve_333(retry, pencil=True)
            _add_candidates(col, rest, mix, retry, system, blocks)
            counted += [rest[b] for b in np.flatnonzero(~fallback)]
            rest = [rest[b] for b in np.flatnonzero(fallback)]
        col.unproven.extend(counted)
        col.unsettled.extend(rest)
        if rest:
            _homotopy_supports(col, rest, mix, seed)
        return
    col.unsettled.extend(supports)
    _homotopy_supports(col, supports, mix, seed)


def _undecided(col: Collector, supports: list[Support], mix: tuple[int, ...]) -> tuple[list[Support],
                                                                                  MultilinearBatch]:
    """The supports left to solve, and their systems, after those decided directly: a support whose equations
    decouple, solved one mixer at a time (:func:`~bargain.solvers.polynomial.decoupled.decide_decoupled`;
    only supports that :func:`~bargain.solvers.polynomial.decoupled.may_decouple` flags are tried); in an
    exact game, where every indifference equation vanishes identically the equilibria are the product of the
    mixers' simplices cut by multilinear best-response conditions, decided by
    :func:`~bargain.solvers.polynomial.cut_set.decide_cut`.  A coefficient is a difference of two payoffs, so an
    exact one is zero only where the float one is (floats of equal rationals are equal): the exact coefficients
    are computed only for supports whose float coefficients all vanish."""
    from bargain.solvers.polynomial.cut_set import decide_cut

    batch = _batch_for(col, supports, mix)
    flagged = may_decouple(batch.coeffs, col.tol)
    keep = []
    for b, S in enumerate(supports):
        if flagged[b] and decide_decoupled(col, S, mix):
            col.settle("solving decoupled equations one mixer at a time")
        elif col.exact and not any(np.any(c[b] != 0) for c in batch.coeffs) \
                and all(not np.any(indifference_coefficients(col.exact_payoffs, S, i) != 0) for i in mix) \
                and decide_cut(col, S, mix):
            col.settle("exact decision of a cut product of simplices")
        else:
            keep.append(b)
    if len(keep) < len(supports):
        batch = MultilinearBatch(batch.sizes, tuple(c[keep] for c in batch.coeffs))
    return [supports[b] for b in keep], batch


def homotopy_route(col: Collector, supports: list[Support], mix: tuple[int, ...],
                   first_order: Sequence[int] | None = None) -> bool:
    """Whether :func:`polynomial_group` would send this whole group straight to the homotopy, or, in a second
    route on the game with its players in ``first_order`` (player ``k`` here is player ``first_order[k]`` of
    the game the first route solved), should: where the hidden-variable elimination would hide the same
    player's mixture as the first route did (a support shape with one choice of hidden block), it would repeat
    that computation, special fibres and all, and be no independent evidence."""
    degrees = tuple(len(supports[0][i]) - 1 for i in mix)
    if len(mix) == 3 and (hidden := hidden_block(degrees)) is not None:
        return first_order is not None and _same_hidden(degrees, mix, hidden[0], first_order)
    return bezout_number(degrees) > 0 and tuple(d + 1 for d in degrees) not in ((3, 3, 3), (2, 2, 2, 2))


def _same_hidden(degrees: tuple[int, ...], mix: tuple[int, ...], hidden: int, first_order: Sequence[int]) -> bool:
    """Whether the first route, solving the same support with the players in their original order, hid the
    mixture of the same player as ``hidden`` (a position in ``mix``) does here."""
    original = [first_order[k] for k in mix]
    by_original = sorted(range(len(mix)), key=lambda j: original[j])
    first = hidden_block(tuple(degrees[j] for j in by_original))
    return first is not None and original[by_original[first[0]]] == original[hidden]


def _curve_continuum(col: Collector, support: Support, mix: tuple[int, ...], batch: MultilinearBatch,
                     b: int) -> None:
    """Support whose univariate polynomial vanishes identically: sample the curve of solutions."""
    h = hidden_block(batch.degrees)[0]  # type: ignore[index]

    def check(lam: np.ndarray) -> tuple[np.ndarray, list[list[np.ndarray] | None]]:
        blocks, ok = curve_points(batch, b, lam)
        good = ok.copy()
        for blk in blocks:
            good &= np.all(blk >= -1e-12, axis=1)
        profs: list[list[np.ndarray] | None] = []
        for k in range(lam.size):
            prof = col.full_profile(support, {i: blocks[j][k] for j, i in enumerate(mix)}) if good[k] else None
            if prof is not None and col.verified(prof) is None:
                good[k] = False
                prof = None
            profs.append(prof)
        return good, profs

    grid = np.linspace(0.0, 1.0, 129)
    good, _ = check(grid)

    def edge(inside: float, outside: float) -> float:
        for _ in range(40):
            mid = 0.5 * (inside + outside)
            if check(np.array([mid]))[0][0]:
                inside = mid
            else:
                outside = mid
        return inside

    k = 0
    g = col.game
    var = f"P({g.players[mix[h]]} plays {g.strategies[mix[h]][col.kept[mix[h]][support[mix[h]][1]]]})"
    while k < grid.size:
        if not good[k]:
            k += 1
            continue
        start = k
        while k + 1 < grid.size and good[k + 1]:
            k += 1
        lo = grid[start] if start == 0 else edge(grid[start], grid[start - 1])
        hi = grid[k] if k == grid.size - 1 else edge(grid[k], grid[k + 1])
        lams = np.linspace(lo, hi, 7) if hi - lo > 1e-9 else np.array([lo])
        ok, profs = check(lams)
        chosen = [p for p, o in zip(profs, ok, strict=True) if o and p is not None]
        if len(lams) == 1 or len(chosen) < 2:
            for p in chosen:
                col.add(p)
        else:
            col.add_continuum(support, chosen, 1,
                              f"{', '.join(g.players[i] for i in mix)} all mix along a curve of equilibria: "
                              f"{var} = r for every r in [{lo:.6g}, {hi:.6g}], the other mixtures being rational "
                              f"functions of r (the support's indifference equations are dependent)")
        k += 1


def _homotopy_supports(col: Collector, supports: list[Support], mix: tuple[int, ...], seed: int) -> None:
    batch = _batch_for(col, supports, mix)
    if bezout_number(batch.degrees) == 0:
        col.notes.append(f"support {_label(col, supports[0])} has a degenerate indifference system with no "
                         "regular solutions; equilibria on a continuum there may be missing")
        col.complete = False
        return
    _homotopy_results(col, supports, mix, batch, track_paths(batch, seed=seed), seed)


def homotopy_groups(col: Collector, groups: list[tuple[list[Support], tuple[int, ...]]], seed: int) -> None:
    """Homotopy for several support groups at once: groups whose shapes are permutations of each other
    (``(3, 4, 4)``, ``(4, 3, 4)``, ``(4, 4, 3)``) are tracked as one array (:func:`track_paths_many`).
    Shapes ``(3, 3, 4)`` and ``(3, 4, 4)`` (in any order) first try the resultant routes
    (:func:`~bargain.solvers.polynomial.resultant.solve_334`,
    :func:`~bargain.solvers.polynomial.resultant.solve_344`).  Every support here is left for the second
    route (``col.unsettled``): their resultants' counts alone do not exclude positive-dimensional sets."""
    todo = []
    for sups, mix in groups:
        sups, batch = _undecided(col, sups, mix)
        if not sups:
            continue
        col.unsettled.extend(sups)
        shape = tuple(sorted(batch.sizes))
        if shape not in ((3, 3, 4), (3, 4, 4)):
            todo.append((sups, mix, batch))
            continue
        # three mixing players over (3, 3, 4) or (3, 4, 4) strategies: the resultant route, in that block
        # order ((3, 4, 4) in two charts); the supports it cannot certify go to the homotopy
        perm = tuple(int(q) for q in np.argsort(batch.sizes, kind="stable"))
        inv = np.argsort(perm)
        rest = sups
        chain = ((solve_334, lambda b: solve_334(b, pencil=True)) if shape == (3, 3, 4)
                 else (solve_344, lambda b: solve_344(b, theta=2.1)))
        for solver in chain:
            system, blocks, fallback = solver(permuted_batch(batch, perm))
            _add_candidates(col, rest, mix, batch, system, [blocks[inv[j]] for j in range(len(perm))])
            keep = np.flatnonzero(fallback)
            rest = [rest[b] for b in keep]
            batch = MultilinearBatch(batch.sizes, tuple(c[keep] for c in batch.coeffs))
            if not rest:
                break
        if rest:
            todo.append((rest, mix, batch))
    if not todo:
        return
    results = track_paths_many([batch for _, _, batch in todo], seed=seed)
    for (sups, mix, batch), res in zip(todo, results, strict=True):
        _homotopy_results(col, sups, mix, batch, res, seed)


def _homotopy_results(col: Collector, supports: list[Support], mix: tuple[int, ...], batch: MultilinearBatch,
                      res: HomotopyResult, seed: int) -> None:
    B, R, _ = res.y.shape
    sizes = batch.sizes
    offs = np.cumsum((0, *sizes))
    sys_idx, blocks_list, singular = [], [[] for _ in sizes], []
    retry = []
    for b in range(B):
        if not res.ok[b].all():
            retry.append(b)
        for r in range(R):
            y = res.y[b, r]
            xs = []
            real = True
            for j in range(len(sizes)):
                blk = y[offs[j]:offs[j + 1]]
                s = blk.sum()
                if abs(s) < 1e-12:
                    real = False
                    break
                x = blk / s
                if np.max(np.abs(x.imag)) > 1e-6 or x.real.min() < -1e-7:
                    real = False
                    if not res.regular[b, r] and res.ok[b, r] and np.max(np.abs(x.imag)) > 1e-6:
                        singular.append((b, None))
                    break
                xs.append(x.real)
            if not real:
                continue
            if res.regular[b, r] and res.ok[b, r]:
                sys_idx.append(b)
                for j in range(len(sizes)):
                    blocks_list[j].append(xs[j])
            else:
                singular.append((b, xs))
    if sys_idx:
        _add_candidates(col, supports, mix, batch, np.array(sys_idx), [np.array(x) for x in blocks_list])
    flagged = set()
    for b, xs in singular:
        if xs is None:
            flagged.add(b)
            continue
        if not _trace_continuum(col, supports[b], mix, batch, b, xs):
            flagged.add(b)
    if retry and seed == SEED:
        _homotopy_supports(col, [supports[b] for b in retry], mix, seed + 1)
    elif retry:
        flagged.update(retry)
    for b in sorted(flagged):
        col.complete = False
        col.notes.append(f"support {_label(col, supports[b])}: the indifference equations have a singular or "
                         "positive-dimensional solution set that could not be fully resolved; equilibria there "
                         "may be missing")


def _label(col: Collector, support: Support) -> str:
    return col.label(support)


def _affine_system(coeffs: tuple[np.ndarray, ...], x: np.ndarray, sizes: tuple[int, ...]):
    offs = np.cumsum((0, *sizes))
    blocks = [x[None, offs[j]:offs[j + 1]] for j in range(len(sizes))]
    F = evaluate(coeffs, blocks)[0]
    J = jacobian(coeffs, blocks)[0]
    srows = np.zeros((len(sizes), offs[-1]))
    for j in range(len(sizes)):
        srows[j, offs[j]:offs[j + 1]] = 1.0
    sums = np.array([b.sum() - 1.0 for b in blocks])
    return np.concatenate([F, sums]), np.vstack([J, srows])


def _project(coeffs, x: np.ndarray, sizes) -> np.ndarray | None:
    """Gauss-Newton (minimum-norm steps) back onto the solution set."""
    for _ in range(30):
        F, J = _affine_system(coeffs, x, sizes)
        if np.max(np.abs(F)) < 1e-14:
            return x
        x = x - np.linalg.pinv(J, rcond=1e-10) @ F
    F, _ = _affine_system(coeffs, x, sizes)
    return x if np.max(np.abs(F)) < 1e-11 else None


def _trace_continuum(col: Collector, support: Support, mix, batch: MultilinearBatch, b: int,
                     xs: list[np.ndarray]) -> bool:
    """From a singular real root, walk along the solution set; record a continuum if there is one."""
    sizes = batch.sizes
    coeffs = tuple(c[b:b + 1] for c in batch.coeffs)
    x0 = np.concatenate(xs)
    x0 = _project(coeffs, x0, sizes)
    if x0 is None:
        return False
    offs = np.cumsum((0, *sizes))

    def profile_of(x):
        return col.full_profile(support, {i: x[offs[j]:offs[j + 1]] for j, i in enumerate(mix)})

    _, J = _affine_system(coeffs, x0, sizes)
    _, s, vh = np.linalg.svd(J)
    null = vh[s <= 1e-8 * s[0]] if s.size else vh
    if len(null) == 0:
        col.add(profile_of(x0))
        return True
    walked = [x0]
    for v in null[:2]:
        for sgn in (1.0, -1.0):
            x, direction = x0, sgn * v
            for _ in range(25):
                nxt = _project(coeffs, x + 0.02 * direction, sizes)
                if nxt is None or np.linalg.norm(nxt - x) < 1e-4 or nxt.min() < -1e-9:
                    break
                if col.verified(profile_of(nxt)) is None:
                    break
                direction = (nxt - x) / np.linalg.norm(nxt - x)
                x = nxt
                walked.append(x)
    if len(walked) < 2:
        col.add(profile_of(x0))
        return True
    g = col.game
    names = ", ".join(g.players[i] for i in mix)
    desc = (f"{names} mix on this support along a {len(null)}-dimensional set of equilibria; the samples were "
            f"traced numerically from a singular root")
    col.add_continuum(support, [profile_of(x) for x in walked], len(null), desc)
    return True


def algebraic(col: Collector, support: Support, mix: tuple[int, ...]) -> dict[str, Any] | None:
    """Exact quadratic for a support on which three players each mix over two strategies."""
    E = col.exact_payoffs
    if E is None:
        return None
    h, a, b = mix[2], mix[0], mix[1]
    # x_h = (1 - r, r); player a's equation is linear in x_b with coefficients affine in r, etc.
    Ca = indifference_coefficients(E, support, a)[0]     # axes (others in order) -> (b, h)
    Cb = indifference_coefficients(E, support, b)[0]     # (a, h)
    Ch = indifference_coefficients(E, support, h)[0]     # (a, b)

    def lin(row):  # row over (x, h) -> coefficient of x component as (c0, c1) with value c0 + c1 r
        return [(row[k][0], row[k][1] - row[k][0]) for k in range(2)]

    ma = lin(Ca)   # player a: sum_k ma[k](r) x_b[k] = 0  -> x_b = (ma[1], -ma[0])
    mb = lin(Cb)   # player b: x_a = (mb[1], -mb[0])

    def mul(p, q):
        return (p[0] * q[0], p[0] * q[1] + p[1] * q[0], p[1] * q[1])

    xb = [ma[1], (-ma[0][0], -ma[0][1])]
    xa = [mb[1], (-mb[0][0], -mb[0][1])]
    poly = [Fraction(0)] * 3
    for i in range(2):
        for j in range(2):
            term = mul(xa[i], xb[j])
            for k in range(3):
                poly[k] += Ch[i][j] * term[k]
    c0, c1, c2 = poly
    if c2 == 0:
        return None
    disc = c1 * c1 - 4 * c2 * c0
    if disc <= 0:
        return None
    # integer primitive form
    import math
    den = math.lcm(c0.denominator, c1.denominator, c2.denominator)
    ints = [int(c * den) for c in (c0, c1, c2)]
    gcd = math.gcd(*ints) or 1
    i0, i1, i2 = (v // gcd for v in ints)
    if i2 < 0:
        i0, i1, i2 = -i0, -i1, -i2
    d_int = i1 * i1 - 4 * i2 * i0
    root = math.isqrt(d_int)
    if root * root == d_int:
        return None   # rational after all
    g = col.game
    var = f"P({g.players[h]} plays {g.strategies[h][col.kept[h][support[h][1]]]})"
    return {
        "variable": var,
        "minimal_polynomial": f"{i2}*r^2 + {i1}*r + {i0}",
        "closed_form": f"r = ({-i1} ± sqrt({d_int})) / {2 * i2}",
        "note": "the other probabilities are rational functions of r",
    }


