"""Closed forms for the supports on which the binary third player mixes, for a whole batch at once.

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
* ``|Si| = |Sj| = 1``: ``c`` can mix only if ``D_ij = 0``, a degenerate point.

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

from bargain.linalg.batched import ZERO
from bargain.solvers.batch.closed import _gather, _pairs
from bargain.solvers.batch.common import MARGIN

__all__ = ["CLOSED_SIZES", "mixed_candidates"]

#: Support sizes ``(|Si|, |Sj|)`` with ``c`` mixing that :func:`mixed_candidates` solves.
CLOSED_SIZES = frozenset({(1, 1), (2, 1), (1, 2), (2, 2)})
#: Below this a denominator or a condition's coefficients count as zero (payoffs scaled to [0, 1]):
#: conservative, so that every nearly degenerate point goes to the general loop.
SMALL = 1e-9
#: Root interval (a root just outside [0, 1] is a threshold for the verification to flag).
LO, HI = -1e-7, 1.0 + 1e-7


def _linear_root(alpha: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Root of ``alpha + beta t`` (NaN where ``beta`` vanishes) and where it vanishes identically."""
    flat = np.abs(beta) <= SMALL
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(flat, np.nan, -alpha / np.where(flat, 1.0, beta))
    return t, flat & (np.abs(alpha) <= SMALL)


def _in_range(t: np.ndarray) -> np.ndarray:
    return np.isfinite(t) & (t >= LO) & (t <= HI)


def _square2(A0, A1, Bo0, Bo1, Dt, sa, sb):
    """``|Si| = |Sj| = 2``: candidates ``(iI, iJ, b, x, y, t)`` and the suspect points."""
    B = Dt.shape[-1]
    Si, Sj = _pairs(sa, sb, 2)
    a0, a1 = _gather(A0, Si, Sj), _gather(A1, Si, Sj)                  # (2, 2, nI, nJ, B)
    b0 = np.swapaxes(_gather(Bo0, Sj, Si), 2, 3)                        # b's rows Sj x cols Si, pairs (nI, nJ)
    b1 = np.swapaxes(_gather(Bo1, Sj, Si), 2, 3)
    d = _gather(Dt, Si, Sj)
    # Cramer numerators, constant and slope in t: N_y = (m11 - m01, m00 - m10) of a's matrix, N_x of b's.
    ny = [(a0[1, 1] - a0[0, 1], (a1[1, 1] - a0[1, 1]) - (a1[0, 1] - a0[0, 1])),
          (a0[0, 0] - a0[1, 0], (a1[0, 0] - a0[0, 0]) - (a1[1, 0] - a0[1, 0]))]
    nx = [(b0[1, 1] - b0[0, 1], (b1[1, 1] - b0[1, 1]) - (b1[0, 1] - b0[0, 1])),
          (b0[0, 0] - b0[1, 0], (b1[0, 0] - b0[0, 0]) - (b1[1, 0] - b0[1, 0]))]
    c0 = c1 = c2 = 0.0
    for i in range(2):
        for j in range(2):
            (u, v), (p, q) = nx[i], ny[j]
            c0 = c0 + d[i, j] * u * p
            c1 = c1 + d[i, j] * (u * q + v * p)
            c2 = c2 + d[i, j] * v * q
    scale = np.maximum(np.maximum(np.abs(c0), np.abs(c1)), np.abs(c2))
    suspect = scale < ZERO                                                # vanishes identically
    quad = np.abs(c2) > 1e-11 * scale
    disc = c1 * c1 - 4.0 * c2 * c0
    with np.errstate(divide="ignore", invalid="ignore"):
        vertex = -c1 / (2.0 * c2)
        gap = np.sqrt(np.abs(disc)) / np.abs(c2)
        suspect |= quad & (gap < 1e-5) & (vertex >= LO - 1e-4) & (vertex <= HI + 1e-4)   # (near) double root
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        qq = -0.5 * (c1 + np.copysign(sq, c1))                           # stable quadratic formula
        roots = (np.where(quad, qq / c2, -c0 / c1), np.where(quad, c0 / qq, np.nan))
    out = []
    for t in roots:
        valid = _in_range(t) & ~suspect
        tt = np.where(valid, t, 0.0)
        Ny = [p + q * tt for p, q in ny]
        Nx = [u + v * tt for u, v in nx]
        sy, sx = Ny[0] + Ny[1], Nx[0] + Nx[1]
        sing = (np.abs(sy) <= SMALL) | (np.abs(sx) <= SMALL)
        suspect |= valid & sing
        ok = valid & ~sing
        with np.errstate(divide="ignore", invalid="ignore"):
            y = [w / sy for w in Ny]
            x = [w / sx for w in Nx]
        for w in (*x, *y):
            ok &= w >= -MARGIN
        iI, iJ, b = np.nonzero(ok)
        xf, yf = np.zeros((b.size, sa)), np.zeros((b.size, sb))
        np.put_along_axis(xf, Si[iI], np.stack([w[iI, iJ, b] for w in x], axis=1), axis=1)
        np.put_along_axis(yf, Sj[iJ], np.stack([w[iI, iJ, b] for w in y], axis=1), axis=1)
        out.append((b, xf, yf, tt[iI, iJ, b]))
    return out, suspect.reshape(-1, B).any(axis=0)


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


def mixed_candidates(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidates on every support of the sizes in :data:`CLOSED_SIZES` on which ``c`` mixes.

    Parameters
    ----------
    U : ndarray, shape (B, 3, sa, sb, 2)
        Normalised payoffs (each player's in [0, 1]), ``c`` the last player.

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
    A0, A1 = (np.ascontiguousarray(np.moveaxis(U[:, 0, :, :, k], 0, -1)) for k in (0, 1))        # (sa, sb, B)
    Bo0, Bo1 = (np.ascontiguousarray(np.moveaxis(U[:, 1, :, :, k], 0, -1).swapaxes(0, 1)) for k in (0, 1))
    Dt = np.ascontiguousarray(np.moveaxis(U[:, 2, :, :, 1] - U[:, 2, :, :, 0], 0, -1))
    suspect = (np.abs(Dt) <= 10 * ZERO).reshape(-1, B).any(axis=0)   # |Si| = |Sj| = 1: c indifferent
    found = []
    if sa >= 2:
        (b, x, y, t), sus = _mix_against_pure(A0, A1, Dt, sa, sb)
        found.append((b, x, y, t))
        suspect |= sus
    if sb >= 2:
        (b, y, x, t), sus = _mix_against_pure(Bo0, Bo1, np.ascontiguousarray(Dt.swapaxes(0, 1)), sb, sa)
        found.append((b, x, y, t))
        suspect |= sus
    if sa >= 2 and sb >= 2:
        sq, sus = _square2(A0, A1, Bo0, Bo1, Dt, sa, sb)
        found += sq
        suspect |= sus
    rows = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.intp)
    x = np.concatenate([f[1] for f in found]) if found else np.zeros((0, sa))
    y = np.concatenate([f[2] for f in found]) if found else np.zeros((0, sb))
    t = np.concatenate([f[3] for f in found]) if found else np.zeros(0)
    return rows, x, y, np.stack([1.0 - t, t], axis=1), suspect
