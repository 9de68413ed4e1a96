"""Closed forms for the supports (up to 3x3) on which the binary third player mixes, for a whole batch at once.

In a three-player game whose player ``c`` has two strategies, write ``c``'s mixture as
``z(t) = (1 - t, t)``; the payoff matrices of ``a`` and ``b`` are affine in ``t`` and ``c``'s
gain from its second strategy is the matrix ``D = C_1 - C_0``.  For small supports ``Si`` of
``a`` and ``Sj`` of ``b`` the indifference conditions are solved here by explicit formulas,
for every pair of supports of one size and every game of the batch in one array expression
(batch last, as in :mod:`bargain.solvers.batch.closed`; no LAPACK call, no loop over points):

* ``|Si| = |Sj| = 2``: ``a``'s indifference gives ``y = N_y(t) / s_y(t)`` with Cramer numerators
  linear in ``t`` (``N_y = (a_22 - a_12, a_11 - a_21)``), ``b``'s likewise ``x = N_x(t) / s_x(t)``,
  and ``c``'s indifference ``x^T D y = 0`` is the quadratic ``N_x(t)^T D N_y(t) = 0``, solved by the
  numerically stable quadratic formula;
* ``|Si| = 2, |Sj| = 1``: ``a``'s indifference against ``b``'s pure strategy is linear in ``t``, and
  ``c``'s indifference ``x_1 D_1j + x_2 D_2j = 0`` fixes ``x``; ``|Si| = 1, |Sj| = 2`` likewise;
* ``|Si| = |Sj| = 3``: the Cramer numerators are quadratics in ``t`` (exact from three values) and
  ``c``'s indifference is a quartic, whose real roots in [0, 1] are isolated by Bernstein
  subdivision (:func:`~bargain.linalg.batched.isolated_real_roots`) or, for the few with close roots,
  come from companion matrices (:func:`~bargain.linalg.batched.real_roots`), one call each for all
  pairs and points;
* ``|Si| = 3, |Sj| = 2``: ``a``'s over-determined indifference is consistent where the 3x3
  determinant ``det [A_{Si,Sj}(t) | 1]``, a quadratic, vanishes; then ``x`` is the cross product of
  ``b``'s and ``c``'s indifference rows, scaled to sum 1; ``|Si| = 2, |Sj| = 3`` likewise;
* ``|Si| = |Sj| = 1``: ``c`` can mix only if ``D_ij = 0``; ``|Si| = 3, |Sj| = 1`` needs two linear
  conditions on ``t`` to agree: both only at degenerate points, which are flagged.

A point is *suspect* - left to the general support loop of :mod:`bargain.solvers.batch.supports`
for these support sizes - when a condition vanishes identically (a continuum is possible), when
the quadratic has a (near) double root near ``[0, 1]``, or when ``s_x`` or ``s_y`` (nearly)
vanishes at a root.  Elsewhere these formulas give exactly the candidates of those supports;
every candidate is then verified with all others (:func:`~bargain.solvers.batch.supports.verify_candidates`).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6 (three-player games with a binary player).
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
equilibria. *Journal of Economic Theory* 72, 411-425 (the 2x2x2 quadratic).
"""

from __future__ import annotations

import numpy as np

from bargain.linalg.batched import ZERO, det_entries, isolated_real_roots, real_roots, sign_definite
from bargain.solvers.batch.closed import _gather, _ones_replaced, _pairs, _pairs_per_point, blocks
from bargain.solvers.batch.common import MARGIN

__all__ = ["CLOSED_SIZES", "MAX_CLOSED_SIDE", "mixed_candidates", "totally_mixed_2x2x2"]

#: Support sizes ``(|Si|, |Sj|)`` with ``c`` mixing that :func:`mixed_candidates` solves.
CLOSED_SIZES = frozenset({(1, 1), (2, 1), (1, 2), (2, 2), (3, 2), (2, 3), (3, 3), (3, 1), (1, 3)})
#: Largest side of ``a`` or ``b`` for which every support on which ``c`` mixes is in :data:`CLOSED_SIZES`.
MAX_CLOSED_SIDE = 3
#: Below this a denominator or a condition's coefficients count as zero (payoffs scaled to [0, 1]):
#: conservative, so that every nearly degenerate point goes to the general loop.
SMALL = 1e-9
#: Root interval (a root just outside [0, 1] is a threshold for the verification to flag).
LO, HI = -1e-7, 1.0 + 1e-7
#: How far outside the root interval :func:`~bargain.linalg.batched.real_roots` looks for near-double
#: roots (a quartic certified free of zeros on the interval widened by this skips it).
NEAR = 1e-4
#: Pieces of the Bernstein subdivision that isolates a quartic's roots, and the relative size below which
#: its Bernstein coefficients have no reliable sign (:func:`~bargain.linalg.batched.isolated_real_roots`).
PIECES, ISOLATE = 8, 1e-10


def _linear_root(alpha: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Root of ``alpha + beta t`` (NaN where ``beta`` vanishes) and where it vanishes identically."""
    flat = np.abs(beta) <= SMALL
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(flat, np.nan, -alpha / np.where(flat, 1.0, beta))
    return t, flat & (np.abs(alpha) <= SMALL)


def _in_range(t: np.ndarray) -> np.ndarray:
    return np.isfinite(t) & (t >= LO) & (t <= HI)


def _poly_at_nodes(values: list[np.ndarray]) -> list[np.ndarray]:
    """Monomial coefficients (lowest first) of the polynomial through ``values`` at ``t = 0, 1`` or ``0, 1/2, 1``."""
    if len(values) == 2:
        f0, f1 = values
        return [f0, f1 - f0]
    f0, fh, f1 = values
    c2 = 2.0 * (f1 - 2.0 * fh + f0)
    return [f0, f1 - f0 - c2, c2]


def _nodes(m: int) -> tuple[float, ...]:
    return (0.0, 1.0) if m == 2 else (0.0, 0.5, 1.0)


def _numerators(R0: np.ndarray, R1: np.ndarray, m: int) -> list[list[np.ndarray]]:
    """Cramer numerators of the owner's indifference ``R(t) w = v 1``, ``1^T w = 1`` as polynomials in ``t``.

    ``R0, R1`` (m, m, ...) the owner's payoff blocks when ``c`` plays 0 or 1; returns, for each
    unknown ``w_j``, the coefficients of ``det(R(t)`` with column ``j`` replaced by ``1)`` (degree
    ``m - 1``), exact from its values at ``m`` nodes.
    """
    vals = []
    for t in _nodes(m):
        M = [[R0[r, c] + t * (R1[r, c] - R0[r, c]) for c in range(m)] for r in range(m)]
        vals.append(_ones_replaced(M, np.ones(R0.shape[2:])))
    return [_poly_at_nodes([v[j] for v in vals]) for j in range(m)]


def _polyval(coef: list[np.ndarray], t: np.ndarray) -> np.ndarray:
    out = coef[-1]
    for c in coef[-2::-1]:
        out = out * t + c
    return out


def _quadratic_roots(c0, c1, c2) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Both real roots of ``c0 + c1 t + c2 t^2`` (NaN if absent; one root if linear) and the suspect
    cases: the polynomial vanishes identically, or has a (near) double root near [0, 1]."""
    scale = np.maximum(np.maximum(np.abs(c0), np.abs(c1)), np.abs(c2))
    suspect = scale < ZERO
    quad = np.abs(c2) > 1e-11 * scale
    disc = c1 * c1 - 4.0 * c2 * c0
    with np.errstate(divide="ignore", invalid="ignore"):
        vertex = -c1 / (2.0 * c2)
        gap = np.sqrt(np.abs(disc)) / np.abs(c2)
        suspect |= quad & (gap < 1e-5) & (vertex >= LO - 1e-4) & (vertex <= HI + 1e-4)
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        qq = -0.5 * (c1 + np.copysign(sq, c1))                           # stable quadratic formula
        roots = (np.where(quad, qq / c2, -c0 / c1), np.where(quad, c0 / qq, np.nan))
    return roots, suspect


def _nonnegative(idx: np.ndarray, sing: np.ndarray, shape: tuple[int, ...], Si: np.ndarray, Sj: np.ndarray,
                 first: list[np.ndarray], second: list[np.ndarray], size_first: int,
                 size_second: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The candidates whose support probabilities are all nonnegative (up to ``MARGIN``) and whose system
    is not singular, scattered from their supports into full strategy vectors.

    Parameters
    ----------
    idx : numpy.ndarray
        Flat indices of the candidates into an array of ``shape`` (support of each side, point).
    sing : numpy.ndarray
        Per candidate: its system is singular.
    shape : tuple of int
        Shape that ``idx`` indexes: (supports of the first side, supports of the second, points).
    Si, Sj : numpy.ndarray
        The strategies in each support of the first and of the second side.
    first, second : list of numpy.ndarray
        The probabilities of each support strategy of the two sides, per candidate.
    size_first, size_second : int
        The two sides' numbers of strategies.

    Returns
    -------
    (points, x, y, ok)
        The points of the kept candidates, their full strategy vectors, and the mask of the kept ones.
    """
    ok = ~sing
    for v in (*first, *second):
        ok &= v >= -MARGIN
    iI, iJ, b = np.unravel_index(idx[ok], shape)
    x, y = np.zeros((b.size, size_first)), np.zeros((b.size, size_second))
    np.put_along_axis(x, Si[iI], np.stack([v[ok] for v in first], axis=1), axis=1)
    np.put_along_axis(y, Sj[iJ], np.stack([v[ok] for v in second], axis=1), axis=1)
    return b, x, y, ok


def _square(A0, A1, Bo0, Bo1, Dt, sa, sb, m):
    """``|Si| = |Sj| = m`` (2 or 3): candidates ``(b, x, y, t)`` and the suspect points."""
    B = Dt.shape[-1]
    Si, Sj = _pairs(sa, sb, m)
    ny = _numerators(_gather(A0, Si, Sj), _gather(A1, Si, Sj), m)                     # (nI, nJ, B) each
    nx = _numerators(np.swapaxes(_gather(Bo0, Sj, Si), 2, 3), np.swapaxes(_gather(Bo1, Sj, Si), 2, 3), m)
    d = _gather(Dt, Si, Sj)
    deg = m - 1
    coef = [0.0] * (2 * deg + 1)                  # c's indifference N_x(t)^T D N_y(t), degree 2(m - 1)
    for i in range(m):
        for j in range(m):
            for a, u in enumerate(nx[i]):
                du = d[i, j] * u
                for b_, v in enumerate(ny[j]):
                    coef[a + b_] = coef[a + b_] + du * v
    shape = d.shape[2:]
    if m == 2:
        roots, suspect = _quadratic_roots(*coef)
        idx, ts = [], []
        for t in roots:
            valid = _in_range(t) & ~suspect
            idx.append(np.flatnonzero(valid))
            ts.append(t.ravel()[idx[-1]])
        idx, t = np.concatenate(idx), np.concatenate(ts)
    else:
        flat = np.stack([c.ravel() for c in coef], axis=1)
        # Eigenvalues only for the quartics that may vanish near [0, 1]: the others have no root there
        # and no near-double root that real_roots would flag (certified by their Bernstein form).
        # Of the rest, most have their roots isolated by Bernstein subdivision; the others (close roots) go to
        # companion matrices, which also decide the near-double roots.
        live = np.flatnonzero(~sign_definite(flat, LO - NEAR, HI + NEAR))
        iso, t_iso, resolved = isolated_real_roots(flat[live], LO, HI, pieces=PIECES, pad=NEAR, rel=ISOLATE)
        rest = live[~resolved]
        idx, t, zero, double = real_roots(flat[rest], LO, HI)
        idx, t = np.concatenate([live[iso], rest[idx]]), np.concatenate([t_iso, t])
        suspect = np.zeros(flat.shape[0], bool)
        suspect[rest] = zero | double
        suspect = suspect.reshape(shape)
    Ny = [_polyval([c.ravel()[idx] for c in w], t) for w in ny]
    Nx = [_polyval([c.ravel()[idx] for c in w], t) for w in nx]
    sy, sx = sum(Ny[1:], Ny[0]), sum(Nx[1:], Nx[0])
    sing = (np.abs(sy) <= SMALL) | (np.abs(sx) <= SMALL)
    suspect.ravel()[idx[sing]] = True
    with np.errstate(divide="ignore", invalid="ignore"):
        y = [w / sy for w in Ny]
        x = [w / sx for w in Nx]
    b, xf, yf, ok = _nonnegative(idx, sing, shape, Si, Sj, x, y, sa, sb)
    return [(b, xf, yf, t[ok])], suspect.reshape(-1, B).any(axis=0)


def _off_by_one(R0, R1, S0, S1, Dt, s_own, s_other):
    """``|S_own| = 3``, ``|S_other| = 2``, ``c`` mixing.

    The owner's indifference over three strategies over-determines the other's mixture ``w`` on two:
    it is consistent iff ``det [R_{S_own, S_other}(t) | 1] = 0``, a quadratic in ``t``; then ``w``
    solves two of its rows, and the owner's mixture ``x`` on three strategies solves the other's
    indifference ``x^T h = 0``, ``c``'s ``x^T g = 0`` (``g = D w``) and ``1^T x = 1``: ``x`` is
    ``h x g`` scaled to sum 1.  ``R`` (s_own, s_other, B) the owner's payoffs, ``S`` (s_other,
    s_own, B) the other's, ``Dt`` (s_own, s_other, B) ``c``'s gains.
    """
    B = Dt.shape[-1]
    Si, Sj = _pairs(s_own, s_other, 3)[0], _pairs(s_own, s_other, 2)[1]
    r0, r1 = _gather(R0, Si, Sj), _gather(R1, Si, Sj)                         # (3, 2, nI, nJ, B)
    o0 = np.swapaxes(_gather(S0, Sj, Si), 2, 3)                                # (2, 3, nI, nJ, B)
    o1 = np.swapaxes(_gather(S1, Sj, Si), 2, 3)
    d = _gather(Dt, Si, Sj)
    shape = d.shape[2:]
    ones = np.ones(shape)
    vals = []
    for t in (0.0, 0.5, 1.0):
        M = [[r0[r, c] + t * (r1[r, c] - r0[r, c]) for c in range(2)] + [ones] for r in range(3)]
        vals.append(det_entries(M))
    roots, suspect = _quadratic_roots(*_poly_at_nodes(vals))
    out = []
    for t in roots:
        valid = _in_range(t) & ~suspect
        idx = np.flatnonzero(valid)
        tt = t.ravel()[idx]
        R = [[(r0[r, c].ravel()[idx] + tt * (r1[r, c].ravel()[idx] - r0[r, c].ravel()[idx])) for c in range(2)]
             for r in range(3)]
        # w from the pair of the owner's rows with the best-conditioned 2x2 system
        best_s, w0 = np.zeros(idx.size), np.zeros(idx.size)
        for p, q in ((0, 1), (0, 2), (1, 2)):
            n0, n1 = R[q][1] - R[p][1], R[p][0] - R[q][0]
            s = n0 + n1
            better = np.abs(s) > np.abs(best_s)
            with np.errstate(divide="ignore", invalid="ignore"):
                w0 = np.where(better, n0 / s, w0)
            best_s = np.where(better, s, best_s)
        sing = np.abs(best_s) <= SMALL
        w = (w0, 1.0 - w0)
        Ob = [[(o0[r, c].ravel()[idx] + tt * (o1[r, c].ravel()[idx] - o0[r, c].ravel()[idx])) for c in range(3)]
             for r in range(2)]
        h = [Ob[0][i] - Ob[1][i] for i in range(3)]
        g = [d[i, 0].ravel()[idx] * w[0] + d[i, 1].ravel()[idx] * w[1] for i in range(3)]
        cross = [h[1] * g[2] - h[2] * g[1], h[2] * g[0] - h[0] * g[2], h[0] * g[1] - h[1] * g[0]]
        total = cross[0] + cross[1] + cross[2]
        sing |= np.abs(total) <= SMALL
        suspect.ravel()[idx[sing]] = True
        with np.errstate(divide="ignore", invalid="ignore"):
            x = [c / total for c in cross]
        b, own, other, ok = _nonnegative(idx, sing, shape, Si, Sj, x, w, s_own, s_other)
        out.append((b, own, other, tt[ok]))
    return out, suspect.reshape(-1, B).any(axis=0)


def _three_against_pure(R0, R1, s_own, s_other) -> np.ndarray:
    """``|S_own| = 3`` against a pure strategy, ``c`` mixing: two linear conditions on one ``t`` - a
    solution only where they are dependent (a degenerate point).  Returns the points flagged."""
    B = R0.shape[-1]
    Si, Sj = _pairs(s_own, s_other, 3)[0], _pairs(s_own, s_other, 1)[1]
    r0, r1 = _gather(R0, Si, Sj), _gather(R1, Si, Sj)                         # (3, 1, nI, nJ, B)
    g = [(r0[0, 0] - r0[k, 0], (r1[0, 0] - r0[0, 0]) - (r1[k, 0] - r0[k, 0])) for k in (1, 2)]
    dependent = np.abs(g[0][0] * g[1][1] - g[1][0] * g[0][1]) <= SMALL
    return dependent.reshape(-1, B).any(axis=0)


def _mix_against_pure(R0, R1, Dt, s_own, s_other):
    """``|S_own| = 2`` against the other's pure strategy, ``c`` mixing: the owner's mixture and ``t``.

    ``R0, R1`` (s_own, s_other, B) are the owner's payoffs when ``c`` plays 0 or 1, ``Dt``
    (s_own, s_other, B) ``c``'s gains indexed the same way.
    """
    B = Dt.shape[-1]
    Si, Sj = _pairs(s_own, s_other, 2)[0], _pairs(s_own, s_other, 1)[1]
    r0, r1, d = _gather(R0, Si, Sj), _gather(R1, Si, Sj), _gather(Dt, Si, Sj)    # (2, 1, nI, nJ, B)
    alpha = r0[0, 0] - r0[1, 0]                                        # owner's indifference: alpha + beta t = 0
    beta = (r1[0, 0] - r0[0, 0]) - (r1[1, 0] - r0[1, 0])
    t, tied = _linear_root(alpha, beta)
    x1, c_flat = _linear_root(d[1, 0], d[0, 0] - d[1, 0])             # c: x1 d_1 + (1 - x1) d_2 = 0
    valid = _in_range(t)
    suspect = tied | (valid & c_flat)
    ok = valid & np.isfinite(x1) & (x1 >= -MARGIN) & (x1 <= 1.0 + MARGIN) & ~suspect
    iI, iJ, b = np.nonzero(ok)
    own = np.zeros((b.size, s_own))
    np.put_along_axis(own, Si[iI], np.stack([x1[iI, iJ, b], 1.0 - x1[iI, iJ, b]], axis=1), axis=1)
    other = np.zeros((b.size, s_other))
    other[np.arange(b.size), Sj[iJ, 0]] = 1.0
    return (b, own, other, t[iI, iJ, b]), suspect.reshape(-1, B).any(axis=0)


def _batch_last(U: np.ndarray) -> tuple[np.ndarray, ...]:
    """``a``'s payoffs when ``c`` plays 0 and 1 (sa, sb, B), ``b``'s likewise (own strategies first,
    (sb, sa, B)) and ``c``'s gains from its second strategy (sa, sb, B), from ``U`` (B, 3, sa, sb, 2)."""
    A0, A1 = (np.ascontiguousarray(np.moveaxis(U[:, 0, :, :, k], 0, -1)) for k in (0, 1))
    Bo0, Bo1 = (np.ascontiguousarray(np.moveaxis(U[:, 1, :, :, k], 0, -1).swapaxes(0, 1)) for k in (0, 1))
    Dt = np.ascontiguousarray(np.moveaxis(U[:, 2, :, :, 1] - U[:, 2, :, :, 0], 0, -1))
    return A0, A1, Bo0, Bo1, Dt


def totally_mixed_2x2x2(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The totally mixed candidates of a batch of 2x2x2 games: the quadratic of the ``|Si| = |Sj| = 2`` case.

    Parameters
    ----------
    U : ndarray, shape (B, 3, 2, 2, 2)
        Normalised payoffs (each player's in [0, 1]).

    Returns
    -------
    rows, x, y, z, suspect
        As :func:`mixed_candidates`, for this one support profile: the candidates have nonnegative
        probabilities (up to ``MARGIN``), and ``suspect`` marks the points where the quadratic vanishes
        identically, has a (near) double root near [0, 1], or a denominator (nearly) vanishes at a root.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. *Journal of Economic Theory* 72, 411-425.
    """
    A0, A1, Bo0, Bo1, Dt = _batch_last(U)
    [(rows, x, y, t)], suspect = _square(A0, A1, Bo0, Bo1, Dt, 2, 2, 2)
    return rows, x, y, np.stack([1.0 - t, t], axis=1), suspect


def mixed_candidates(U: np.ndarray, sizes: frozenset = CLOSED_SIZES) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                           np.ndarray, np.ndarray]:
    """Candidates on every support of the sizes in :data:`CLOSED_SIZES` on which ``c`` mixes.

    Parameters
    ----------
    U : ndarray, shape (B, 3, sa, sb, 2)
        Normalised payoffs (each player's in [0, 1]), ``c`` the last player.
    sizes : frozenset of (int, int), default CLOSED_SIZES
        The support sizes ``(|Si|, |Sj|)`` to solve (a caller that has the others from another route).

    Returns
    -------
    rows, x, y, z, suspect
        The game of each candidate, the three mixtures (``(C, sa)``, ``(C, sb)``, ``(C, 2)``) and the
        per-point mask of games where these formulas may miss equilibria (degenerate or nearly so).

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    """
    B, _, sa, sb, _ = U.shape
    starts = blocks(B, _pairs_per_point(sa, sb, range(2, 4)))   # bounded working arrays (see closed.WORK)
    if len(starts) > 1:
        parts = [mixed_candidates(U[s:s + starts.step], sizes) for s in starts]
        rows = np.concatenate([p[0] + s for p, s in zip(parts, starts, strict=True)])
        return (rows, *(np.concatenate([p[k] for p in parts]) for k in (1, 2, 3, 4)))
    A0, A1, Bo0, Bo1, Dt = _batch_last(U)
    suspect = (np.abs(Dt) <= 10 * ZERO).reshape(-1, B).any(axis=0)   # |Si| = |Sj| = 1: c indifferent
    found = []
    if sa >= 2 and (2, 1) in sizes:
        (b, x, y, t), sus = _mix_against_pure(A0, A1, Dt, sa, sb)
        found.append((b, x, y, t))
        suspect |= sus
    if sb >= 2 and (1, 2) in sizes:
        (b, y, x, t), sus = _mix_against_pure(Bo0, Bo1, np.ascontiguousarray(Dt.swapaxes(0, 1)), sb, sa)
        found.append((b, x, y, t))
        suspect |= sus
    for m in (2, 3):
        if min(sa, sb) >= m and (m, m) in sizes:
            sq, sus = _square(A0, A1, Bo0, Bo1, Dt, sa, sb, m)
            found += sq
            suspect |= sus
    DtT = np.ascontiguousarray(Dt.swapaxes(0, 1))
    if sa >= 3 and sb >= 2 and (3, 2) in sizes:
        ob, sus = _off_by_one(A0, A1, Bo0, Bo1, Dt, sa, sb)
        found += ob
        suspect |= sus
    if sb >= 3 and sa >= 2 and (2, 3) in sizes:
        ob, sus = _off_by_one(Bo0, Bo1, A0, A1, DtT, sb, sa)
        found += [(b, x, y, t) for b, y, x, t in ob]
        suspect |= sus
    if sa >= 3 and (3, 1) in sizes:
        suspect |= _three_against_pure(A0, A1, sa, sb)
    if sb >= 3 and (1, 3) in sizes:
        suspect |= _three_against_pure(Bo0, Bo1, sb, sa)
    rows = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.intp)
    x = np.concatenate([f[1] for f in found]) if found else np.zeros((0, sa))
    y = np.concatenate([f[2] for f in found]) if found else np.zeros((0, sb))
    t = np.concatenate([f[3] for f in found]) if found else np.zeros(0)
    return rows, x, y, np.stack([1.0 - t, t], axis=1), suspect
