"""Every equilibrium of a small n-player game: polynomial support enumeration.

Method
------
For every support profile ``S = (S_1, ..., S_n)`` (Porter-Nudelman-Shoham order, pruned by
conditional strict dominance; :mod:`bargain.solvers.poly_support`) the equilibria with exactly
those supports are the solutions of player ``i``'s ``d_i = |S_i| - 1`` indifference equations,
multilinear in the other players' mixtures, that are positive on ``S`` and against which no
strategy outside ``S_i`` is better (McKelvey and McLennan 1996, "Computation of equilibria in
finite games", *Handbook of Computational Economics* I, sec. 6; Gambit's ``enumpoly``).  Strictly
dominated strategies are removed first (iterated strict dominance keeps every equilibrium).  The
system of a support is solved *completely*, by the algebra that fits its size:

* no mixing player: all pure equilibria in one vectorised test (:mod:`bargain.solvers.pure`);
* one or two mixing players: the equations are *linear* (each mixing player's equations involve
  only the other one's mixture).  A unique solution is computed directly (exactly, in rationals,
  for exact games).  A rank-deficient system (a degenerate game) has a polytope of solutions for
  each player: its vertices are found by linear programming and the set is reported as a
  :class:`~bargain.solvers.result.Continuum` (or as an equilibrium if it is one point);
* three mixing players, one of them over two strategies: hidden-variable elimination gives one
  univariate polynomial per support whose degree is the multihomogeneous Bezout number;
  all supports of the same shape are solved in one batched eigenvalue computation
  (:mod:`bargain.solvers.poly_univariate`);
* three mixing players each over three strategies: two plane quartics whose 8x8 Sylvester
  resultant is a degree-16 polynomial, accepted only when Newton polishing confirms exactly the
  10 solutions of the Bezout count (:mod:`bargain.solvers.poly_resultant`);
* three mixing players, two over three strategies and one over four: a cubic and a sextic plane
  curve whose 9x9 Sylvester resultant has degree 18, accepted only when Newton polishing confirms
  exactly the 12 solutions of the Bezout count (:func:`~bargain.solvers.poly_resultant.solve_334`);
* every other support (three players mixing over three or more strategies and at least two over
  four, four or more mixing players, and any support the fast routes reject): a
  multihomogeneous homotopy with the gamma trick, all paths of all supports whose shapes agree up
  to the order of the players tracked as one numpy array (:mod:`bargain.solvers.poly_homotopy`).

Every real root in the product of simplices is polished by Newton's method and *verified* in the
original game (regret at most the tolerance, which also checks the strategies outside the
support) by :func:`~bargain.solvers.result.make_equilibrium`.  For exact games a root whose
probabilities are rational is returned exactly (the rational candidate is verified with zero
exact regret); an irrational equilibrium of a support where each of three players mixes over two
strategies comes with its minimal polynomial and closed form (``Equilibrium.algebraic``).

What is complete
----------------
* Pure equilibria and equilibria in which at most two players mix: always, degenerate games
  included (continua are reported with their vertices as samples).
* Equilibria in which three or more players mix: every equilibrium that is an *isolated* solution
  of its support's indifference equations is found.  The univariate route is exact algebra
  (up to floating-point root finding, then Newton polishing); the homotopy route finds every
  isolated solution with probability one over its random start system (Morgan and Sommese 1987).
  Payoffs in general position (e.g. any random float game) have only isolated solutions.
* Positive-dimensional solution sets with three or more mixing players (degenerate games only)
  are traced and reported as continua when a path ends on them at a real point.  When the
  solver meets such a set only at complex points, or a path fails, the result says so in
  ``notes`` and ``complete`` is False.  Support shapes whose multihomogeneous Bezout number is
  zero (a player mixing over more strategies than the other mixing players together, plus one)
  have no solutions unless the game is degenerate; they are skipped, and a game with payoff ties
  gets a note saying so.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.game import Game
from bargain.model.numbers import solve_rational
from bargain.solvers.poly_homotopy import (
    HomotopyResult,
    MultilinearBatch,
    _solve,
    bezout_number,
    evaluate,
    jacobian,
    permuted_batch,
    solve_batch,
    solve_batches,
)
from bargain.solvers.poly_resultant import solve_333, solve_334, solve_344, solve_2222
from bargain.solvers.poly_support import (
    Support,
    deviation_rows,
    indifference_coefficients,
    mixing_players,
    support_profiles,
)
from bargain.solvers.poly_univariate import curve_points, hidden_block, solve_three_block
from bargain.solvers.pure import pure_equilibrium_mask
from bargain.solvers.registry import register
from bargain.solvers.result import Continuum, Equilibria, Equilibrium, make_equilibrium

__all__ = ["polynomial_equilibria", "solve_support", "SupportSolution"]

METHOD = "polynomial"
#: Two profiles closer than this (max abs difference) are the same equilibrium.
SAME = 1e-7
#: Default seed of the random start systems (results are reproducible).
SEED = 20260101


class SupportSolution:
    """What one support profile contributes: equilibria, continua, and whether it is complete."""

    def __init__(self, equilibria: list[Equilibrium], continua: list[Continuum], complete: bool,
                 notes: list[str]) -> None:
        self.equilibria = equilibria
        self.continua = continua
        self.complete = complete
        self.notes = notes

    def __repr__(self) -> str:
        return (f"SupportSolution({len(self.equilibria)} equilibria, {len(self.continua)} continua, "
                f"complete={self.complete})")


class _Collector:
    """Turns candidate roots of a reduced game into verified equilibria of the original game."""

    def __init__(self, game: Game, reduced: Game, kept: tuple[tuple[int, ...], ...], exact: bool,
                 tol: float) -> None:
        self.game = game
        self.reduced = reduced
        self.kept = kept
        self.exact = exact
        self.tol = tol
        self.vectors: list[np.ndarray] = []
        self.equilibria: list[Equilibrium] = []
        self.continua: list[Continuum] = []
        self.notes: list[str] = []
        self.complete = True
        self.payoffs = reduced.payoffs
        self.exact_payoffs = reduced.exact_payoffs if exact else None

    # -------------------------------------------------------------- profiles
    def full_profile(self, support: Support, blocks: dict[int, np.ndarray]) -> list[np.ndarray]:
        """Profile of the original game from the mixing players' mixtures on ``support``."""
        out = []
        for i, s in enumerate(self.game.shape):
            v = np.zeros(s)
            idx = [self.kept[i][k] for k in support[i]]
            v[idx] = blocks.get(i, 1.0)
            out.append(v)
        return out

    def verified(self, profile: list[np.ndarray]) -> list[np.ndarray] | None:
        """The cleaned profile if it is an equilibrium of the original game, else None."""
        clean = []
        for v in profile:
            if not np.all(np.isfinite(v)) or v.min() < -1e-7:
                return None
            w = np.where(v < 1e-12, 0.0, v)
            w = w / w.sum()
            clean.append(w)
        if float(self.game.regret(clean)) > self.tol:
            return None
        return clean

    def known(self, profile: list[np.ndarray]) -> bool:
        vec = np.concatenate(profile)
        return any(np.max(np.abs(vec - v)) <= SAME for v in self.vectors)

    def add(self, profile: list[np.ndarray], exact_profile: Any = None,
            algebraic: dict[str, Any] | None = None) -> bool:
        """Verify and record one candidate; returns whether it was a new equilibrium."""
        clean = self.verified(profile)
        if clean is None or self.known(clean):
            return False
        eq = None
        if self.exact:
            q = exact_profile if exact_profile is not None else _rationalize(self.game, clean)
            if q is not None:
                eq = make_equilibrium(self.game, q, METHOD, exact=True)
        if eq is None:
            eq = make_equilibrium(self.game, clean, METHOD, tol=self.tol, algebraic=algebraic)
        self.vectors.append(np.concatenate(clean))
        self.equilibria.append(eq)
        return True

    def add_continuum(self, support: Support, profiles: list[list[np.ndarray]], dimension: int,
                      description: str) -> bool:
        samples: list[Equilibrium] = []
        seen: list[np.ndarray] = []
        for prof in profiles:
            clean = self.verified(prof)
            if clean is None:
                continue
            vec = np.concatenate(clean)
            if any(np.max(np.abs(vec - s)) <= SAME for s in seen):
                continue
            seen.append(vec)
            samples.append(make_equilibrium(self.game, clean, METHOD, tol=self.tol))
        if len(samples) < 2:
            for s in samples:
                self.add(list(s.profile))
            return False
        # the support the samples actually use (a degenerate system may pin a player to a pure strategy)
        orig_support = tuple(tuple(sorted({k for e in samples for k in e.support[i]}))
                             for i in range(self.game.n_players))
        for other in self.continua:
            if other.support == orig_support and all(
                    _all_best(self.game, e.profile, orig_support, self.tol) for e in samples):
                if len(other.samples) >= len(samples):
                    return True
                self.continua.remove(other)
                break
        self.continua.append(Continuum(orig_support, dimension, tuple(samples), description))
        return True

    def finish(self) -> None:
        """Drop continua lying in the closure of a continuum on a larger support."""
        keep = []
        for c in self.continua:
            covered = False
            for other in self.continua:
                if other is c or other.support == c.support:
                    continue
                if all(set(a) <= set(b) for a, b in zip(c.support, other.support, strict=True)) \
                        and all(_all_best(self.game, s.profile, other.support, self.tol) for s in c.samples):
                    covered = True
                    break
            if not covered:
                keep.append(c)
        self.continua = keep


def _all_best(game: Game, profile: tuple[np.ndarray, ...], support: Support, tol: float) -> bool:
    """Whether every strategy of ``support`` is a best response at ``profile``."""
    for i, s in enumerate(support):
        v = game.deviation_payoffs(profile, i)
        if np.any(v[list(s)] < v.max() - tol):
            return False
    return True


def _rationalize(game: Game, profile: list[np.ndarray]) -> tuple[tuple[Fraction, ...], ...] | None:
    """A rational profile near ``profile`` that is an exact equilibrium, or None."""
    for bound in (10**3, 10**6, 10**9):
        q = []
        for v in profile:
            fr = [Fraction(float(p)).limit_denominator(bound) for p in v]
            if sum(fr) != 1:
                break
            q.append(tuple(fr))
        else:
            if all(r == 0 for r in game.regrets(q, exact=True)):
                return tuple(q)
    return None


# ------------------------------------------------------------------ one or two mixing players
def _linear_support(col: _Collector, support: Support, mix: tuple[int, ...]) -> None:
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
    if col.verified(profile) is None:
        return
    exact_profile = None
    if col.exact:
        exact_profile = _exact_linear(col, support, p, q)
    col.add(profile, exact_profile)


def _consistent(a: np.ndarray, t: float) -> bool:
    """Whether ``a x = 0, sum x = 1`` has a solution (least-squares residual within ``t``)."""
    m = np.vstack([a, np.ones(a.shape[1])])
    rhs = np.zeros(m.shape[0])
    rhs[-1] = 1.0
    x, *_ = np.linalg.lstsq(m, rhs, rcond=None)
    return bool(np.max(np.abs(m @ x - rhs)) <= max(t, 1e-9))


def _exact_linear(col: _Collector, support: Support, p: int, q: int) -> tuple | None:
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
    out = []
    for i, s in enumerate(col.game.shape):
        v = [Fraction(0)] * s
        for k, idx in enumerate(support[i]):
            v[col.kept[i][idx]] = sol[i][k] if i in sol else Fraction(1)
        out.append(tuple(v))
    if any(r != 0 for r in col.game.regrets(out, exact=True)):
        return None
    return tuple(out)


def _vertices(a_eq: np.ndarray, b_eq: np.ndarray, a_ub: np.ndarray | None, b_ub: np.ndarray | None,
              size: int) -> list[np.ndarray] | None:
    """Vertices of ``{x >= 0 : a_eq x = b_eq, a_ub x <= b_ub}`` (None if empty).

    Two strategies: the set is an interval of ``s = x[1]``, computed directly.  More: vertices
    are found by linear programs in the coordinate directions and two random ones.
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
    from scipy.optimize import linprog

    rng = np.random.default_rng(7)
    objectives = [np.eye(size)[k] * sgn for k in range(size) for sgn in (1.0, -1.0)]
    objectives += [rng.standard_normal(size) for _ in range(2)]
    verts: list[np.ndarray] = []
    for c in objectives:
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * size, method="highs")
        if res.status == 2:          # infeasible: no equilibrium on this support
            return None
        if res.status != 0:
            continue
        x = np.clip(res.x, 0, None)
        if not any(np.max(np.abs(x - v)) <= 1e-9 for v in verts):
            verts.append(x)
    return verts or None


def _polytope_support(col: _Collector, support: Support, mix: tuple[int, ...]) -> None:
    """Degenerate support with one or two mixing players: each mixture ranges over a polytope."""
    U = col.payoffs
    t = col.tol
    samples: dict[int, list[np.ndarray]] = {}
    dims = 0
    if len(mix) == 1:
        p = mix[0]
        # p's own strategies outside the support earn constants against the pure opponents
        vals = U[p][tuple(slice(None) if j == p else support[j][0] for j in range(U.shape[0]))]
        if vals.max() > vals[support[p][0]] + t:
            return
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
        else:
            for j in range(U.shape[0]):
                if j == p:
                    continue
                dev = deviation_rows(U, support, j, p)
                ub_rows.extend(dev - dev[support[j][0]])
        a_eq = np.array(eq_rows)
        b_eq = np.array(eq_rhs)
        a_ub = np.array(ub_rows) if ub_rows else None
        b_ub = np.full(len(ub_rows), t) if ub_rows else None
        verts = _vertices(a_eq, b_eq, a_ub, b_ub, s_p)
        if verts is None:
            return
        if not verts:
            return
        if len(verts) > 1:
            diffs = np.array(verts[1:]) - verts[0]
            dims += int(np.linalg.matrix_rank(diffs, tol=1e-9))
        samples[p] = [*verts, np.mean(verts, axis=0)] if len(verts) > 1 else verts
    profiles = [col.full_profile(support, dict(zip(mix, combo, strict=True)))
                for combo in itertools.product(*(samples[p] for p in mix))]
    if dims == 0:
        for prof in profiles:
            col.add(prof)
        return
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
    if len(mix) == 2 and g.n_players > 2:
        desc += " (as far as the pure players still best respond)"
    col.add_continuum(support, profiles, dims, desc)


# ------------------------------------------------------------------ three or more mixing players
def _batch_for(col: _Collector, supports: list[Support], mix: tuple[int, ...]) -> MultilinearBatch:
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


def _add_candidates(col: _Collector, supports: list[Support], mix: tuple[int, ...], batch: MultilinearBatch,
                    system: np.ndarray, blocks: list[np.ndarray], algebraic_for=None) -> None:
    if system.size == 0:
        return
    coeffs = tuple(c[system] for c in batch.coeffs)
    blocks = _polish(coeffs, blocks)
    for k, b in enumerate(system):
        support = supports[b]
        profile = col.full_profile(support, {i: blocks[j][k] for j, i in enumerate(mix)})
        if col.verified(profile) is None:
            continue
        alg = algebraic_for(support, profile) if (algebraic_for is not None and col.exact) else None
        col.add(profile, algebraic=alg)


def _polynomial_group(col: _Collector, supports: list[Support], mix: tuple[int, ...], seed: int) -> None:
    batch = _batch_for(col, supports, mix)
    degrees = batch.degrees
    if len(mix) == 3 and hidden_block(degrees) is not None:
        res = solve_three_block(batch)
        _add_candidates(col, supports, mix, batch, res.system, res.blocks,
                        algebraic_for=lambda s, p: _algebraic(col, s, mix) if degrees == (1, 1, 1) else None)
        for b in np.flatnonzero(res.degenerate):
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
        rest = [supports[b] for b in np.flatnonzero(fallback)]
        if rest and len(batch.sizes) == 3:      # retry with the better conditioned eigenvalue route
            retry = _batch_for(col, rest, mix)
            system, blocks, fallback = solve_333(retry, pencil=True)
            _add_candidates(col, rest, mix, retry, system, blocks)
            rest = [rest[b] for b in np.flatnonzero(fallback)]
        if rest:
            _homotopy_supports(col, rest, mix, seed)
        return
    _homotopy_supports(col, supports, mix, seed)


def _homotopy_route(col: _Collector, supports: list[Support], mix: tuple[int, ...]) -> bool:
    """Whether :func:`_polynomial_group` would send this whole group straight to the homotopy."""
    degrees = tuple(len(supports[0][i]) - 1 for i in mix)
    if len(mix) == 3 and hidden_block(degrees) is not None:
        return False
    return bezout_number(degrees) > 0 and tuple(d + 1 for d in degrees) not in ((3, 3, 3), (2, 2, 2, 2))


def _curve_continuum(col: _Collector, support: Support, mix: tuple[int, ...], batch: MultilinearBatch,
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


def _homotopy_supports(col: _Collector, supports: list[Support], mix: tuple[int, ...], seed: int) -> None:
    batch = _batch_for(col, supports, mix)
    if bezout_number(batch.degrees) == 0:
        col.notes.append(f"support {_label(col, supports[0])} has a degenerate indifference system with no "
                         "regular solutions; equilibria on a continuum there may be missing")
        col.complete = False
        return
    _homotopy_results(col, supports, mix, batch, solve_batch(batch, seed=seed), seed)


def _homotopy_groups(col: _Collector, groups: list[tuple[list[Support], tuple[int, ...]]], seed: int) -> None:
    """Homotopy for several support groups at once: groups whose shapes are permutations of each other
    (``(3, 4, 4)``, ``(4, 3, 4)``, ``(4, 4, 3)``) are tracked as one array (:func:`solve_batches`).
    Shapes ``(3, 3, 4)`` and ``(3, 4, 4)`` (in any order) first try the resultant routes
    (:func:`~bargain.solvers.poly_resultant.solve_334`, :func:`~bargain.solvers.poly_resultant.solve_344`)."""
    todo = []
    for sups, mix in groups:
        batch = _batch_for(col, sups, mix)
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
    results = solve_batches([batch for _, _, batch in todo], seed=seed)
    for (sups, mix, batch), res in zip(todo, results, strict=True):
        _homotopy_results(col, sups, mix, batch, res, seed)


def _homotopy_results(col: _Collector, supports: list[Support], mix: tuple[int, ...], batch: MultilinearBatch,
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


def _label(col: _Collector, support: Support) -> str:
    g = col.game
    return "(" + "; ".join(f"{g.players[i]}: {', '.join(g.strategies[i][col.kept[i][k]] for k in s)}"
                           for i, s in enumerate(support)) + ")"


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


def _trace_continuum(col: _Collector, support: Support, mix, batch: MultilinearBatch, b: int,
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


def _algebraic(col: _Collector, support: Support, mix: tuple[int, ...]) -> dict[str, Any] | None:
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


# ------------------------------------------------------------------ public entry points
def _prepare(game: Game, exact: bool, tol: float | None) -> _Collector:
    if not isinstance(game, Game):
        raise GameError(f"the polynomial solver needs a bargain.Game, got {type(game).__name__}")
    t = game.tolerance if tol is None else float(tol)
    if not t > 0:
        raise GameError(f"tol must be a positive number, got {tol!r}")
    if exact and not game.is_exact:
        game = game.to_exact()
    reduced, kept = game.eliminate_dominated(strict=True, tol=t)
    return _Collector(game, reduced, kept, exact, t)


def _solve_supports(col: _Collector, supports: list[Support], seed: int) -> None:
    groups: dict[tuple, list[Support]] = defaultdict(list)
    for S in supports:
        mix = mixing_players(S)
        if len(mix) == 0:
            col.add(col.full_profile(S, {}))
        elif len(mix) <= 2:
            _linear_support(col, S, mix)
        else:
            groups[(mix, tuple(len(S[i]) for i in mix))].append(S)
    homotopy = []
    for (mix, _), sups in groups.items():
        if _homotopy_route(col, sups, mix):
            homotopy.append((sups, mix))
        else:
            _polynomial_group(col, sups, mix, seed)
    if homotopy:
        _homotopy_groups(col, homotopy, seed)


@register("polynomial", players="n", complete=True, exact=True, aliases=("enumpoly",),
          description="all equilibria of small n-player games: support enumeration with polynomial "
                      "(univariate elimination / homotopy) solving; complete for isolated equilibria")
def polynomial_equilibria(game: Game, *, exact: bool = False, tol: float | None = None, prune: bool = True,
                          seed: int = SEED, closed_form: bool = True) -> Equilibria:
    """Every Nash equilibrium of ``game`` by polynomial support enumeration (see the module docstring).

    ``exact`` returns rational equilibria exactly where they are rational; ``tol`` is the regret
    tolerance (default ``game.tolerance``); ``prune`` applies conditional dominance; ``seed`` fixes
    the random start systems; ``closed_form`` solves nondegenerate 2x2x2 games by the closed form
    of :mod:`bargain.solvers.poly_2x2x2` (same equilibria, less overhead).
    """
    if closed_form and isinstance(game, Game) and game.shape == (2, 2, 2):
        fast = _closed_form_2x2x2(game, exact, tol)
        if fast is not None:
            return fast
    col = _prepare(game, exact, tol)
    reduced = col.reduced
    src = reduced.exact_payoffs if col.exact else reduced.payoffs
    mask = pure_equilibrium_mask(src, 0.0 if col.exact else col.tol)
    for prof in np.argwhere(mask):
        col.add(col.full_profile(tuple((int(k),) for k in prof), {}))
    supports, pruned = support_profiles(reduced.payoffs, col.tol, prune=prune)
    _solve_supports(col, supports, seed)
    col.finish()
    removed = sum(a - b for a, b in zip(game.shape, reduced.shape, strict=True))
    notes = [f"support enumeration over {len(supports)} mixed support profiles ({pruned} pruned by conditional "
             f"dominance" + (f", {removed} strictly dominated strategies removed first" if removed else "") + ")"]
    if col.complete:
        notes.append("complete: every equilibrium that is an isolated solution of its support's indifference "
                     "equations (with probability one for the homotopy route), and all equilibria where at most "
                     "two players mix")
        if _has_ties(reduced):
            notes.append("the game has payoff ties (degenerate): continua on which three or more players mix are "
                         "reported when the solver meets them at a real point")
    notes.extend(col.notes)
    eqs = sorted(col.equilibria, key=lambda e: (sum(len(s) for s in e.support),
                                                tuple(-float(p) for x in e.profile for p in x)))
    return Equilibria(col.game, eqs, METHOD, complete=col.complete, continua=col.continua, notes=notes)


def _closed_form_2x2x2(game: Game, exact: bool, tol: float | None) -> Equilibria | None:
    from bargain.solvers.poly_2x2x2 import solve_2x2x2_batch

    t = game.tolerance if tol is None else float(tol)
    if not t > 0:
        raise GameError(f"tol must be a positive number, got {tol!r}")
    out = solve_2x2x2_batch(game.payoffs[None], tol=t, fallback=False)
    if out.degenerate[0]:
        return None
    g = game.to_exact() if exact and not game.is_exact else game
    col = _Collector(g, g, ((0, 1), (0, 1), (0, 1)), exact, t)
    full = ((0, 1), (0, 1), (0, 1))
    for prof in out.equilibria(0):
        mixed = bool(np.all((prof[:, 0] > 0) & (prof[:, 0] < 1)))
        col.add(list(prof), algebraic=_algebraic(col, full, (0, 1, 2)) if (exact and mixed) else None)
    eqs = sorted(col.equilibria, key=lambda e: (sum(len(s) for s in e.support),
                                                tuple(-float(p) for x in e.profile for p in x)))
    notes = ["2x2x2 closed form (pure corners, two-mixer linear cases, the totally mixed quadratic); the game is "
             "nondegenerate, so this is every equilibrium"]
    return Equilibria(g, eqs, METHOD, complete=True, notes=notes)


def _has_ties(game: Game) -> bool:
    """Whether some player gets equal payoffs from two strategies against a pure profile of the others."""
    U = game.payoffs
    for i in range(game.n_players):
        m = np.sort(np.moveaxis(U[i], i, 0), axis=0)
        if m.shape[0] > 1 and np.any(np.diff(m, axis=0) <= game.tolerance):
            return True
    return False


def solve_support(game: Game, support: Any, *, exact: bool = False, tol: float | None = None,
                  seed: int = SEED) -> SupportSolution:
    """The equilibria whose supports are *exactly or within* ``support``, found from that support's system.

    ``support`` gives, per player, the strategies (indices or names) used.  Returns the verified
    equilibria (support contained in ``support``; usually exactly it), any continuum, and whether
    the solution is complete.  No dominance pruning is applied.
    """
    if not isinstance(game, Game):
        raise GameError(f"solve_support() needs a bargain.Game, got {type(game).__name__}")
    try:
        items = list(support)
    except TypeError:
        raise GameError("support must be a sequence with one list of strategies per player") from None
    if len(items) != game.n_players:
        raise GameError(f"support has {len(items)} entries but the game has {game.n_players} players: give one "
                        "list of strategies per player")
    sup = []
    for i, s in enumerate(items):
        if isinstance(s, int | str):
            s = [s]
        idx = tuple(sorted({game.strategy_index(i, k) for k in s}))
        if not idx:
            raise GameError(f"support of {game.players[i]} is empty: every player uses at least one strategy")
        sup.append(idx)
    t = game.tolerance if tol is None else float(tol)
    g = game.to_exact() if exact and not game.is_exact else game
    col = _Collector(g, g, tuple(tuple(range(s)) for s in g.shape), exact, t)
    _solve_supports(col, [tuple(sup)], seed)
    col.finish()
    return SupportSolution(col.equilibria, col.continua, col.complete, col.notes)
