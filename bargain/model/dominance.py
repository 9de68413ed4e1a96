"""Dominance by a mixture of strategies, decided by a linear program.

A pure strategy ``a`` is strictly dominated by a mixed strategy ``sigma`` of the others if
``sigma . u(., s) > u(a, s)`` for every profile ``s`` of the opponents; weakly if ``>=`` everywhere
and ``>`` somewhere (Fudenberg and Tirole 1991, sec. 2.1).  :meth:`bargain.model.game.Game.dominated_strategies`
uses this for ``mixed=True``.

References
----------
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press.
"""

from __future__ import annotations

import numpy as np

__all__ = ["mixed_dominated"]


def mixed_dominated(m: np.ndarray, a: int, strict: bool, tol: float) -> bool:
    """Whether row ``a`` of ``m`` is dominated by a mixture of the other rows (linear program).

    Parameters
    ----------
    m:
        One row per own strategy, one column per profile of the opponents (a player's payoffs).
    a:
        The row to test.
    strict:
        Strict dominance (a positive margin against every column) or weak dominance.
    tol:
        The margin a dominance must exceed.

    Returns
    -------
    bool
        Whether some mixture of the other rows dominates row ``a``.
    """
    from scipy.optimize import linprog

    others = [b for b in range(m.shape[0]) if b != a]
    k, s = len(others), m.shape[1]
    mo = m[others]
    if strict:
        # max eps  s.t.  sigma @ mo >= m[a] + eps,  sum sigma = 1, sigma >= 0
        c = np.zeros(k + 1)
        c[-1] = -1.0
        a_ub = np.hstack([-mo.T, np.ones((s, 1))])
        res = linprog(c, A_ub=a_ub, b_ub=-m[a], A_eq=[[1.0] * k + [0.0]], b_eq=[1.0],
                      bounds=[(0, None)] * k + [(None, None)], method="highs")
        return bool(res.status == 0 and -res.fun > tol)
    # weak: max sum(sigma @ mo - m[a])  s.t.  sigma @ mo >= m[a], sum sigma = 1
    res = linprog(-mo.sum(axis=1), A_ub=-mo.T, b_ub=-m[a], A_eq=[[1.0] * k], b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    return bool(res.status == 0 and (-res.fun - m[a].sum()) > tol)
