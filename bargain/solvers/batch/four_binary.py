"""Every equilibrium of a batch of 2x2x2x2 games (four players, two strategies each) at once.

Write ``x_i`` for player ``i``'s probability of their first strategy and ``D_i = u_i(first, x_-i) -
u_i(second, x_-i)`` for their gain from it, multilinear in the other three: eight monomial
coefficients per player and point, computed for the whole batch at once (McKelvey and McLennan
1996, sec. 6).  A profile is an equilibrium iff every mixing player has ``D_i = 0`` and every pure
player plays a best reply.  The 81 support profiles, each solved for every point in one array
expression (no loop over points):

* no mixer: the 16 pure profiles, by the signs of the payoff differences;
* one mixer: only where ``D_i`` vanishes at the others' pure profile, a payoff tie: such points
  (any payoff difference within ``MARGIN`` of zero) are left to the full solver;
* two mixers ``i, j`` against pure ``k, l``: ``D_i`` is linear in ``x_j`` and ``D_j`` in ``x_i``,
  one root each (24 cases);
* three mixers against a pure fourth: the 2x2x2 quadratic of the three mixers' game at the fourth's
  strategy (:func:`~bargain.solvers.batch.mixed_closed.totally_mixed_2x2x2`, 8 cases);
* four mixers: write ``p, q, r, s`` for ``x_1 .. x_4``.  ``D_1 = A_1(r, s) + B_1(r, s) q`` and
  ``D_2 = A_2(r, s) + B_2(r, s) p`` with ``A, B`` bilinear, so ``q = -A_1 / B_1`` and ``p = -A_2 /
  B_2``; substituted into ``D_3 = a_3 + b_3 p + c_3 q + e_3 p q`` (coefficients linear in ``s``) and
  ``D_4`` (linear in ``r``) and multiplied by ``B_1 B_2`` they give ``F(r, s)`` (degree 2 in ``r``)
  and ``G(r, s)`` (degree 3).  Their Sylvester resultant in ``r``, a 5x5 determinant of degree 13
  in ``s``, has the extraneous factors ``Res_r(A_1, B_1) Res_r(A_2, B_2)`` (quadratics: where
  ``A_1 = B_1 = 0`` every term of ``F`` and ``G`` vanishes); the quotient ``T(s)`` has degree 9,
  the number of derangements of four players that bounds the totally mixed equilibria (McKelvey
  and McLennan 1997).  ``T`` is evaluated at 12 points of the circle ``|s - 1/2| = 1`` (stacked
  determinants) and its coefficients read off by one FFT, which interpolates on the unit circle
  without loss of conditioning; its top two coefficients must vanish, which checks the division.
  Its real roots in [0, 1] are isolated by subdividing the interval and counting the sign changes of
  ``T``'s Bernstein coefficients on each piece (:func:`~bargain.linalg.batched.isolated_real_roots`:
  at most one, then found by bisection and Newton's method) for about nine points in ten; at the
  others they are the eigenvalues of companion matrices (:func:`~bargain.linalg.batched.real_roots`).  Over each
  root ``r`` is the root of ``F(., s)`` at which the four equations are nearest to hold, ``q`` and
  ``p`` follow, and Newton's method on ``D_1 = .. = D_4 = 0`` polishes the profile (batched 4x4
  solves).  Resultants and hidden variables: Cox, Little and O'Shea (2005), ch. 3.

Every candidate is then verified in one vectorised pass
(:func:`~bargain.solvers.batch.common.candidate_statuses`).  A point is *unsure*, and left to the
full solver, where a payoff difference is within ``MARGIN`` of zero, the 2x2x2 quadratic of a
three-mixer case is suspect, the resultant nearly vanishes at every node or its division is not exact
(an extraneous factor near the circle), ``T`` vanishes identically or has a (near) double root near
[0, 1], Newton's method does not settle or meets a (nearly) singular Jacobian, two roots polish onto
one profile, or a candidate is within ``MARGIN`` of a threshold.  Elsewhere the game is
nondegenerate and the enumeration is complete.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
*Journal of Economic Theory* 72, 411-425.
Cox, D., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., Springer, ch. 3.
Trefethen, L. N. (2013). *Approximation Theory and Approximation Practice*, SIAM, ch. 18.
"""

from __future__ import annotations

import itertools

import numpy as np

from bargain.linalg.batched import isolated_real_roots, real_roots
from bargain.solvers.batch.closed import BLOCK
from bargain.solvers.batch.common import MARGIN, candidate_statuses
from bargain.solvers.batch.mixed_closed import totally_mixed_2x2x2
from bargain.solvers.batch.ties import TIE

__all__ = ["SHAPE", "four_binary_chunk", "four_binary_tied"]

#: The game shape this module solves.
SHAPE = (2, 2, 2, 2)
#: Each player's opponents, in player order.
OTHERS = tuple(tuple(j for j in range(4) if j != i) for i in range(4))
#: Points on the circle ``|s - 1/2| = 1`` at which ``T`` is evaluated (FFT interpolation), and its degree.
NODES, DEGREE = 12, 9
NODE_S = 0.5 + np.exp(2j * np.pi * np.arange(NODES) / NODES)
#: Relative size of ``T``'s top coefficients (and of the imaginary parts) above which its division by the
#: extraneous factors is not exact to the precision needed (an extraneous root near the circle).
INEXACT = 1e-8
#: Determinant of the Sylvester matrix, relative to the Hadamard bound of its rows, below which the
#: resultant counts as vanishing at a node.
VANISH = 1e-12
#: Root interval in ``s`` (a root just outside [0, 1] is a threshold the verification flags), and how far
#: beyond it the Bernstein certificate must hold for the eigenvalues to be skipped.
LO, HI, NEAR = -1e-7, 1.0 + 1e-7, 1e-4
#: Bernstein coefficients below this times ``T``'s largest coefficient have no sign reliable enough to
#: isolate roots by (:func:`~bargain.linalg.batched.isolated_real_roots`; the conversion's rounding is
#: about 1e-13 of it).
ISOLATE = 1e-10
#: Newton steps on the four equations, and the residual and last step it must reach (relative to
#: ``(1 + max |x|)^3`` and ``1 + max |x|``: solutions far outside the unit cube have large terms).
NEWTON, RESIDUAL, STEP = 3, 1e-11, 1e-10
#: Smallest ``|det J|`` of the four equations' Jacobian at a totally mixed solution (else nearly singular).
SINGULAR = 1e-10
#: Two solutions closer than this at one point are one solution found twice (a double root).
CLOSE = 1e-6
#: Over a cluster of roots of ``T`` (see :func:`_four_mixers`): how far apart the solutions must be and
#: how regular their Jacobians.
CLUSTER_APART, CLUSTER_SINGULAR = 1e-3, 1e-6


def _own_first(U: np.ndarray) -> list[np.ndarray]:
    """Per player ``i``: ``(B, 2, 8)`` payoffs, own strategy first, then the opponents' pure profiles
    (lexicographic in player order, 0 = first strategy)."""
    B = U.shape[0]
    return [np.moveaxis(U[:, i], 1 + i, 1).reshape(B, 2, 8) for i in range(4)]


def _monomials(Dd: np.ndarray) -> np.ndarray:
    """``(4, 8, B)``: ``D_i = sum m[i, 4a + 2b + c] u^a v^b w^c`` (``u, v, w`` the opponents' ``x``) from
    the payoff differences ``Dd`` (4, 8, B) at the opponents' pure profiles."""
    m = Dd.copy()
    for bit in (4, 2, 1):                 # along each opponent: constant D(second), slope D(first) - D(second)
        for k in range(8):
            if not k & bit:
                first, second = m[:, k].copy(), m[:, k | bit].copy()
                m[:, k], m[:, k | bit] = second, first - second
    return m


def _delta(m: np.ndarray, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, ...]:
    """``D`` and its gradient in ``(u, v, w)`` from the monomials ``m`` (8, C), elementwise."""
    du = m[4] + m[5] * w + m[6] * v + m[7] * v * w
    dv = m[2] + m[3] * w + m[6] * u + m[7] * u * w
    dw = m[1] + m[3] * v + m[5] * u + m[7] * u * v
    return m[0] + m[1] * w + m[2] * v + m[3] * v * w + u * du, du, dv, dw


def _deltas(M: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(4, C)``: every player's ``D`` at the profiles ``X`` (4, C), monomials ``M`` (4, 8, C)."""
    return np.stack([_delta(M[i], *(X[j] for j in OTHERS[i]))[0] for i in range(4)])


def _rank(s: tuple[int, ...], i: int) -> int:
    """Position of the opponents' part of the pure profile ``s`` in player ``i``'s payoff differences."""
    t = [s[j] for j in OTHERS[i]]
    return 4 * t[0] + 2 * t[1] + t[2]


def _pure(Dd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pure profiles where every player's strategy is a best reply up to ``2 MARGIN`` (``Dd`` (4, 8, B)
    the payoff differences); the verification decides."""
    rows, X = [], []
    for s in itertools.product((0, 1), repeat=4):
        ok = np.ones(Dd.shape[-1], bool)
        for i in range(4):
            d = Dd[i, _rank(s, i)]
            ok &= (d if s[i] == 0 else -d) >= -2 * MARGIN
        b = np.flatnonzero(ok)
        rows.append(b)
        X.append(np.broadcast_to(np.array([1.0 - v for v in s])[:, None], (4, b.size)))
    return np.concatenate(rows), np.concatenate(X, axis=1)


def _two_mixers(Dd: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Players ``i < j`` mixing against the pure others: ``D_i = d_0 + x_j (d_1 - d_0)`` with ``d_1, d_0``
    the differences at ``j``'s first and second strategy, one root each (24 cases).  Also returns the
    points where some such ``D_i`` (nearly) vanishes at both ends: ``i`` is then indifferent along
    the whole edge, and the pair may carry a connected set of equilibria."""
    rows, X = [], []
    B = Dd.shape[-1]
    flat = np.zeros(B, bool)
    for i, j in itertools.combinations(range(4), 2):
        for s in itertools.product((0, 1), repeat=4):
            if s[i] or s[j]:
                continue
            x = np.empty((4, B))
            for k in range(4):
                x[k] = 1.0 - s[k]
            for own, other in ((i, j), (j, i)):
                t1, t0 = list(s), list(s)
                t0[other] = 1
                d1, d0 = Dd[own, _rank(tuple(t1), own)], Dd[own, _rank(tuple(t0), own)]
                flat |= (np.abs(d0) <= MARGIN) & (np.abs(d1) <= MARGIN)
                with np.errstate(divide="ignore", invalid="ignore"):
                    x[other] = d0 / (d0 - d1)
            ok = np.all((x >= -MARGIN) & (x <= 1.0 + MARGIN), axis=0)      # (NaN fails)
            b = np.flatnonzero(ok)
            rows.append(b)
            X.append(x[:, b])
    return np.concatenate(rows), np.concatenate(X, axis=1), flat


def _three_mixers(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three mixers against the fourth's pure strategy: the 2x2x2 closed form of their game, for the
    8 cases stacked along the batch; returns the candidates and the suspect points."""
    B = U.shape[0]
    cases = [(ell, s) for ell in range(4) for s in (0, 1)]
    U3 = np.concatenate([np.take(U[:, list(OTHERS[ell])], s, axis=2 + ell) for ell, s in cases])
    rows, x, y, z, suspect = totally_mixed_2x2x2(U3)
    case, b = np.divmod(rows, B)
    X = np.empty((4, rows.size))
    for c, (ell, s) in enumerate(cases):
        sel = case == c
        mix = OTHERS[ell]
        X[mix[0], sel], X[mix[1], sel], X[mix[2], sel] = x[sel, 0], y[sel, 0], z[sel, 0]
        X[ell, sel] = 1.0 - s
    return b, X, suspect.reshape(len(cases), B).any(axis=0)


def _mul(a: tuple, b: tuple) -> tuple:
    """The product of two linear polynomials in ``r`` given as (constant, slope): (constant, linear, quadratic)."""
    return a[0] * b[0], a[0] * b[1] + a[1] * b[0], a[1] * b[1]


def _in_r(M: np.ndarray, s: np.ndarray) -> tuple:
    """At given ``s`` (broadcast against the points of ``M`` (4, 8, B)): ``A_1, B_1, A_2, B_2`` as (constant,
    slope) in ``r``, the products ``B_1 B_2, A_2 B_1, A_1 B_2, A_1 A_2`` as quadratics in ``r``, and the
    coefficients of ``F`` in ``r`` (lowest first)."""
    m1, m2, m3 = M[0], M[1], M[2]
    A1, B1 = (m1[0] + m1[1] * s, m1[2] + m1[3] * s), (m1[4] + m1[5] * s, m1[6] + m1[7] * s)
    A2, B2 = (m2[0] + m2[1] * s, m2[2] + m2[3] * s), (m2[4] + m2[5] * s, m2[6] + m2[7] * s)
    P = (_mul(B1, B2), _mul(A2, B1), _mul(A1, B2), _mul(A1, A2))            # times a, -b, -c, e in F, G
    w3 = (m3[0] + m3[1] * s, -(m3[4] + m3[5] * s), -(m3[2] + m3[3] * s), m3[6] + m3[7] * s)
    f = [sum(w * p[d] for w, p in zip(w3, P, strict=True)) for d in range(3)]
    return A1, B1, A2, B2, P, f


def _resultant(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``T(s)``'s coefficients in ``t = s - 1/2`` (B, 10), scaled to largest 1, and the points where it
    cannot be trusted (the resultant vanishes at every node, or the division is not exact)."""
    B = M.shape[-1]
    m4 = M[3]
    A1, B1, A2, B2, P, f = _in_r(M, NODE_S[:, None])                   # (nodes, B) each
    # D_4's coefficients are linear in r (constant, slope), not in s
    w4 = ((m4[0], m4[1]), (-m4[4], -m4[5]), (-m4[2], -m4[3]), (m4[6], m4[7]))
    g = [np.zeros((NODES, B), complex) for _ in range(4)]
    for (k0, k1), p in zip(w4, P, strict=True):
        for d in range(3):
            g[d] += k0 * p[d]
            g[d + 1] += k1 * p[d]
    syl = np.zeros((NODES, B, 5, 5), complex)
    for row in range(3):                                      # F, highest degree first, shifted
        for d in range(3):
            syl[:, :, row, row + 2 - d] = f[d]
    for row in range(2):
        for d in range(4):
            syl[:, :, 3 + row, row + 3 - d] = g[d]
    det = np.linalg.det(syl)
    # Hadamard's bound: the product of the row norms, three rows of F's coefficients and two of G's
    bound = (sum(np.abs(c) ** 2 for c in f) ** 1.5) * sum(np.abs(c) ** 2 for c in g)
    spurious = (A1[0] * B1[1] - A1[1] * B1[0]) * (A2[0] * B2[1] - A2[1] * B2[0])
    vanish = np.all(np.abs(det) <= VANISH * bound, axis=0)
    with np.errstate(all="ignore"):
        tau = np.fft.fft(det / spurious, axis=0) / NODES                  # (nodes, B), lowest first
    size = np.max(np.abs(tau), axis=0)
    with np.errstate(all="ignore"):      # size 0 or not finite (a constant player): flagged bad just below
        rel = np.abs(tau) / size
        imag = np.max(np.abs(tau[:DEGREE + 1].imag) / size, axis=0)
    bad = vanish | ~np.isfinite(size) | ~(size > 0)
    bad |= ~(np.max(rel[DEGREE + 1:], axis=0) <= INEXACT) | ~(imag <= INEXACT)
    coef = np.where(bad[:, None], 0.0, (tau[:DEGREE + 1].real / np.where(bad, 1.0, size)).T)
    return coef, bad


def _back_substitute(M: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``(4, C)`` profiles over the roots ``s`` (monomials ``M`` (4, 8, C) at their points): ``r`` the
    root of ``F(., s)`` at which the four equations are nearest to hold, ``q = -A_1 / B_1``,
    ``p = -A_2 / B_2`` (NaN where that fails)."""
    A1, B1, A2, B2, _, (f0, f1, f2) = _in_r(M, s)
    with np.errstate(all="ignore"):
        disc = f1 * f1 - 4.0 * f2 * f0
        qq = -0.5 * (f1 + np.copysign(np.sqrt(np.maximum(disc, 0.0)), f1))       # stable quadratic formula
        quad = np.abs(f2) > 1e-13 * np.maximum(np.abs(f1), np.abs(f0))
        roots = (np.where(quad, qq / f2, -f0 / f1), np.where(quad, f0 / qq, np.nan))
        best, out = np.full(s.size, np.inf), np.full((4, s.size), np.nan)
        for r in roots:
            X = np.stack([-(A2[0] + A2[1] * r) / (B2[0] + B2[1] * r), -(A1[0] + A1[1] * r) / (B1[0] + B1[1] * r),
                          r, s])
            res = np.max(np.abs(_deltas(M, X)), axis=0)
            better = res < best                                               # (NaN never is)
            out[:, better], best[better] = X[:, better], res[better]
    return out


def _newton(M: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Newton's method on ``D_1 = .. = D_4 = 0`` from the profiles ``X`` (4, C), batched 4x4 solves;
    returns the profiles, where it failed (no convergence, a (nearly) singular Jacobian) and the
    Jacobians' determinants at the last step."""
    C = X.shape[1]
    J = np.zeros((C, 4, 4))
    f = np.empty((C, 4))
    step = np.full((4, C), np.inf)
    good = np.all(np.isfinite(X), axis=0)
    X = np.where(good, X, 0.5)
    with np.errstate(all="ignore"):
        for _ in range(NEWTON):
            for i in range(4):
                d, *grad = _delta(M[i], *(X[j] for j in OTHERS[i]))
                f[:, i] = d
                for j, gj in zip(OTHERS[i], grad, strict=True):
                    J[:, i, j] = gj
            det = np.linalg.det(J)
            regular = np.abs(det) > SINGULAR
            Js = np.where(regular[:, None, None], J, np.eye(4))
            step = np.linalg.solve(Js, -f[:, :, None])[:, :, 0].T
            X = X + step
        # relative to the size of the terms of D (trilinear) at solutions outside the unit cube
        size = 1.0 + np.max(np.abs(X), axis=0)
        residual = np.max(np.abs(_deltas(M, X)), axis=0)
        failed = ~good | ~regular | ~(residual <= RESIDUAL * size ** 3) | ~(np.max(np.abs(step), axis=0) <= STEP * size)
    return X, failed, det


def _exactly_real(coef: np.ndarray) -> bool:
    """Whether every root of the polynomial ``coef`` (lowest first) near the root interval that is near the
    real axis is real: a cluster of distinct real roots rather than a (split) double or a complex pair."""
    r = np.roots(coef[::-1])
    near = (np.abs(r.imag) <= 1e-4) & (r.real >= LO - 0.5 - NEAR) & (r.real <= HI - 0.5 + NEAR)
    return bool(np.all(r[near].imag == 0.0))


def _four_mixers(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The totally mixed candidates (see the module docstring) and the points where they are in doubt.

    Two real roots of ``T`` closer than :func:`~bargain.linalg.batched.real_roots` resolves are either a
    (nearly) double root - a degenerate point - or two solutions whose ``s`` nearly coincide.  The latter
    (rare: about one random point in a thousand) are kept when the roots there are exactly real and the
    polished solutions are far apart (:data:`CLUSTER_APART`) with regular Jacobians
    (:data:`CLUSTER_SINGULAR`); every other such point is unsure.
    """
    coef, unsure = _resultant(M)
    sure = np.flatnonzero(~unsure)
    # most roots by Bernstein subdivision; the polynomials it does not resolve by their companion matrices
    isolated, t_isolated, resolved = isolated_real_roots(coef[sure], LO - 0.5, HI - 0.5, pad=NEAR, rel=ISOLATE)
    live = sure[~resolved]
    idx, t, zero, double = real_roots(coef[live], LO - 0.5, HI - 0.5)
    unsure[live[zero]] = True
    cluster = np.zeros(unsure.size, bool)
    for b in live[double & ~zero]:                         # rare: one call each
        cluster[b] = _exactly_real(coef[b])
        unsure[b] |= not cluster[b]
    rows = np.concatenate([sure[isolated], live[idx]])
    s = np.concatenate([t_isolated, t]) + 0.5
    keep = ~unsure[rows]
    rows, s = rows[keep], s[keep]
    Mr = M[:, :, rows]
    X, failed, det = _newton(Mr, _back_substitute(Mr, s))
    strict = cluster[rows]
    failed |= strict & ~(np.abs(det) > CLUSTER_SINGULAR)
    unsure[rows[failed]] = True
    # two roots polished onto one profile: a double root or a lost solution
    order = np.argsort(rows, kind="stable")
    rows, X, strict = rows[order], X[:, order], strict[order]
    for gap in range(1, DEGREE):
        same = rows[gap:] == rows[:-gap]
        same &= np.max(np.abs(X[:, gap:] - X[:, :-gap]), axis=0) < np.where(strict[gap:], CLUSTER_APART, CLOSE)
        unsure[rows[gap:][same]] = True
    inside = np.all((X >= -MARGIN) & (X <= 1.0 + MARGIN), axis=0) & ~unsure[rows]
    return rows[inside], X[:, inside], unsure


def _payoff_vectors(E: list[np.ndarray], rows: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(8, C)``: each player's payoff from each own strategy against the others' mixtures ``X`` (4, C)."""
    C = rows.size
    V = np.empty((8, C))
    for i in range(4):
        a, b, c = (np.stack([X[j], 1.0 - X[j]]) for j in OTHERS[i])
        w = (a[:, None, None] * b[None, :, None] * c[None, None, :]).reshape(8, C)
        Ei = E[i][rows]                                                     # (C, 2, 8)
        V[2 * i] = np.einsum("co,oc->c", Ei[:, 0], w)
        V[2 * i + 1] = np.einsum("co,oc->c", Ei[:, 1], w)
    return V


def four_binary_chunk(U: np.ndarray, skip_one_mixer: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                            np.ndarray]:
    """Every equilibrium of a chunk of normalised 2x2x2x2 games, verified, and the points left unsure.

    Parameters
    ----------
    U : ndarray, shape (B, 4, 2, 2, 2, 2)
        Each player's payoffs scaled to [0, 1].
    skip_one_mixer : bool, default False
        For points with payoff ties whose one-mixer sets are known
        (:func:`~bargain.solvers.batch.ties.one_mixer_sets`): an exact tie then makes a point unsure
        only where it can matter to the profiles on which two players mix (see :func:`_two_mixers`).

    Returns
    -------
    rows, profiles, status, unsure
        The game of each candidate, its profile ``(C, 8)`` (player after player, clipped and scaled to
        sum 1), its verification status (1 an equilibrium, 0 not one, -1 too close to a threshold to
        call: see :func:`~bargain.solvers.batch.common.candidate_statuses`) and the per-point mask of
        points the method is unsure of (degenerate or nearly so; candidates with status -1 make their
        point unsure too).  At the other points the equilibria of status 1 are all the equilibria.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    """
    B = U.shape[0]
    if B > BLOCK:          # bounded working arrays: fresh pages cost more than the arithmetic (see closed.BLOCK)
        parts = [four_binary_chunk(U[start:start + BLOCK], skip_one_mixer) for start in range(0, B, BLOCK)]
        return (np.concatenate([p[0] + start for p, start in zip(parts, range(0, B, BLOCK), strict=True)]),
                *(np.concatenate([p[k] for p in parts]) for k in (1, 2, 3)))
    E = _own_first(U)
    Dd = np.stack([np.moveaxis(e[:, 0] - e[:, 1], 0, -1) for e in E])     # (4, 8, B)
    M = _monomials(Dd)
    near = np.abs(Dd) <= MARGIN                                             # ties: one mixer possible
    if skip_one_mixer:
        near &= np.abs(Dd) > TIE
    unsure = np.any(near, axis=(0, 1))
    b2, X2, flat = _two_mixers(Dd)
    unsure |= flat
    found = [_pure(Dd), (b2, X2)]
    b3, X3, sus3 = _three_mixers(U)
    found.append((b3, X3))
    b4, X4, sus4 = _four_mixers(M)
    found.append((b4, X4))
    unsure |= sus3 | sus4
    rows = np.concatenate([f[0] for f in found])
    X = np.concatenate([f[1] for f in found], axis=1)
    # players at a pure strategy: a best reply up to 2 MARGIN, or no equilibrium (the verification agrees)
    D = _deltas(M[:, :, rows], X)
    ok = np.all(((X != 1.0) | (D >= -2 * MARGIN)) & ((X != 0.0) | (D <= 2 * MARGIN)), axis=0)
    rows, X = rows[ok], X[:, ok]
    W = np.empty((8, rows.size))
    W[0::2], W[1::2] = X, 1.0 - X
    status = candidate_statuses(_payoff_vectors(E, rows, X), W, ((0, 2), (2, 4), (4, 6), (6, 8)))
    unsure[rows[status < 0]] = True
    return rows, np.ascontiguousarray(W.T), status, unsure


def four_binary_tied(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`four_binary_chunk` with ``skip_one_mixer`` for points with payoff ties, run only where the
    cheap tests (a near tie, a two-mixer edge along which a player is indifferent, a suspect three-mixer
    quadratic) leave the point open; the others are unsure at once.

    Parameters
    ----------
    U : ndarray, shape (B, 4, 2, 2, 2, 2)
        Each player's payoffs scaled to [0, 1].

    Returns
    -------
    rows, profiles, status, unsure
        As :func:`four_binary_chunk`.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    """
    E = _own_first(U)
    Dd = np.stack([np.moveaxis(e[:, 0] - e[:, 1], 0, -1) for e in E])
    near = (np.abs(Dd) <= MARGIN) & (np.abs(Dd) > TIE)
    doubt = np.any(near, axis=(0, 1)) | _two_mixers(Dd)[2]
    live = np.flatnonzero(~doubt)
    if live.size:
        doubt[live] |= _three_mixers(U[live])[2]
        live = np.flatnonzero(~doubt)
    if live.size == 0:
        return live, np.zeros((0, 8)), np.zeros(0, int), doubt
    rows, prof, status, unsure = four_binary_chunk(U[live], skip_one_mixer=True)
    doubt[live] = unsure
    return live[rows], prof, status, doubt
