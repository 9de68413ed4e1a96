"""The totally mixed equilibria of a batch of 3x3x3 games, by the certified resultant of the general route.

Players ``a, b, c`` mix ``x, y, z`` over all three strategies; each player's indifference between a
strategy and their first is a bilinear form in the others' mixtures.  The batch of these systems is
handed to :func:`~bargain.solvers.polynomial.resultant.solve_333`, the routine the general route and
the single-game one pass use: a degree-16 resultant in one coordinate, complex Newton polishing of
every root, and a count - a system is trusted only when it yields exactly 10 distinct regular complex
solutions, McKelvey and McLennan's (1997) bound, so no real one can be missing (rounding that turns
two nearby real roots into a complex pair, or loses one, breaks the count).  Systems that fail the
count are retried with its better conditioned matrix-pencil roots, and those that fail again are
*unsure* and go to the full solver, as are systems with a solution within ``EDGE`` of the simplex's
boundary.

References
----------
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
*Journal of Economic Theory* 72, 411-425.
"""

from __future__ import annotations

import numpy as np

from bargain.solvers.batch.common import MARGIN
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.one_pass import EDGE
from bargain.solvers.polynomial.resultant import solve_333

__all__ = ["totally_mixed_3x3x3"]


def _forms(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each player's indifference coefficients in the other two mixtures, ``(B, 2, 3, 3)`` each: ``a``'s in
    ``(y, z)``, ``b``'s in ``(x, z)``, ``c``'s in ``(x, y)`` (strategy ``s`` against the first)."""
    Da = U[:, 0, 1:] - U[:, 0, :1]                                    # (B, i=1..2, j, k)
    Gb = U[:, 1, :, 1:, :] - U[:, 1, :, :1, :]                       # (B, i, j=1..2, k)
    Hc = U[:, 2, :, :, 1:] - U[:, 2, :, :, :1]                       # (B, i, j, k=1..2)
    return Da, np.moveaxis(Gb, 2, 1), np.moveaxis(Hc, 3, 1)


def _solve(forms: tuple[np.ndarray, ...], pencil: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    system, blocks, fallback = solve_333(MultilinearBatch((3, 3, 3), forms), pencil=pencil)
    X = np.concatenate([np.asarray(b).real for b in blocks], axis=1) if len(system) else np.zeros((0, 9))
    return np.asarray(system, np.intp), X, np.asarray(fallback, bool)


def totally_mixed_3x3x3(U: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The totally mixed equilibrium candidates of a batch of 3x3x3 games.

    Parameters
    ----------
    U : ndarray, shape (B, 3, 3, 3, 3)
        Normalised payoffs (each player's in [0, 1]).

    Returns
    -------
    rows, profiles, unsure
        The game of each candidate, its profile ``(C, 9)`` (player after player, every probability
        above ``-MARGIN``; not yet verified) and the per-point mask of points whose totally mixed
        equilibria were not certified (see the module docstring).

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. *Journal of Economic Theory* 72, 411-425.
    """
    forms = _forms(U)
    rows, X, unsure = _solve(forms, pencil=False)
    retry = np.flatnonzero(unsure)
    if retry.size:
        r2, X2, u2 = _solve(tuple(f[retry] for f in forms), pencil=True)
        keep = ~unsure[rows]
        rows, X = np.concatenate([rows[keep], retry[r2]]), np.concatenate([X[keep], X2])
        unsure[retry] = u2
    unsure[rows[np.any(np.abs(X) <= EDGE, axis=1)]] = True
    inside = np.all(X >= -MARGIN, axis=1) & ~unsure[rows]
    order = np.argsort(rows[inside], kind="stable")
    return rows[inside][order], X[inside][order], unsure
