"""Where the full solver's elimination leaves a three-mixer support system unsolved, for a whole batch.

At a tied point of a three-player game the batch method (:mod:`bargain.solvers.batch.engine`) answers
only where its answer is the full solver's, completeness flag included.  The full solver
(:func:`bargain.solvers.polynomial.solver.polynomial_solve`) solves every support system on which all
three players mix by hidden-variable elimination (:func:`~bargain.solvers.polynomial.univariate.solve_three_block`):
one player's mixture ``(1 - lam, lam)`` is hidden, the others' mixtures are kernels of matrices linear
in ``lam``, and the solutions are the roots of one univariate polynomial (McKelvey and McLennan 1996,
sec. 6; Cox, Little and O'Shea 2005, ch. 3).  Where that polynomial vanishes identically or a special
fibre is positive-dimensional (a player indifferent on a whole slice of the others' mixtures) the system
is *degenerate*: the full solver leaves it to a second route, and its answer is then called complete
only if the index check passes.  :func:`elimination_degenerate` runs that same elimination, on the same
support systems, for every point of a batch at once (one call per shape of support), and marks the
points where some system is degenerate; those stay with the full solver.  Every three-mixer support is
tested but those the full solver's dominance test certainly prunes (:func:`_live`), so a point marked here
may still be one it settles: the test errs towards the full solver.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.
Cox, D. A., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., Springer, ch. 3.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from bargain.model.dominance import ConditionalDominance
from bargain.solvers.batch.common import MARGIN, NEAR, TIE
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.univariate import hidden_block, solve_three_block

__all__ = ["elimination_degenerate", "elimination_doubt", "has_ties", "three_mixers"]

#: A probability of an eliminated solution within this of zero is zero (the full solver's verification drops
#: such rounding mass; values between this and ``MARGIN`` are left for the verification to call doubtful).
ZERO_P = 1e-10


def _mixed_supports(shape: tuple[int, ...]) -> dict[tuple[int, ...], list[tuple[tuple[int, ...], ...]]]:
    """Every support profile on which all players mix (two or more strategies each), grouped by sizes."""
    own = [[S for k in range(2, s + 1) for S in itertools.combinations(range(s), k)] for s in shape]
    groups: dict[tuple[int, ...], list[tuple[tuple[int, ...], ...]]] = {}
    for support in itertools.product(*own):
        groups.setdefault(tuple(len(S) for S in support), []).append(support)
    return groups


def _coefficients(U: np.ndarray, support: tuple[tuple[int, ...], ...], i: int) -> np.ndarray:
    """``(B, d_i, *[|S_j| for j != i])``: player ``i``'s indifference equations on ``support`` (every player
    mixing), as :func:`~bargain.solvers.polynomial.support.indifference_coefficients` gives them for one
    game: equation ``k`` says ``S_i[k + 1]`` earns what ``S_i[0]`` earns."""
    sub = U[:, i]
    for j, S in enumerate(support):
        sub = np.take(sub, S, axis=1 + j)
    sub = np.moveaxis(sub, 1 + i, 1)
    return sub[:, 1:] - sub[:, :1]


def elimination_degenerate(U: np.ndarray) -> np.ndarray:
    """Per point: does the full solver's univariate elimination fail on some support where all three mix?

    Parameters
    ----------
    U : ndarray, shape (B, 3, s_1, s_2, s_3)
        Three-player games (payoffs scaled per player; the elimination scales each equation itself).

    Returns
    -------
    ndarray of bool
        True where some support system on which every player mixes is degenerate for
        :func:`~bargain.solvers.polynomial.univariate.solve_three_block` (or has no hidden block):
        the full solver would leave it to a second route.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
    Computational Economics* I, sec. 6.
    """
    return three_mixers(U)[0]


def _live(cond: ConditionalDominance, supports: list[tuple[tuple[int, ...], ...]]) -> np.ndarray:
    """``(B, len(supports))``: no strategy of the support is conditionally dominated given the others'
    supports, by the weak test the full solver prunes support profiles with
    (:func:`~bargain.solvers.polynomial.support.support_profiles`: never worse, better somewhere; valid
    because every player mixes over all of the support).  ``cond`` is built with ``tol = TIE`` and
    ``better_tol = MARGIN`` around the full solver's margin (1e-9 on payoffs scaled to [0, 1]), so a support
    pruned here is pruned there; such supports carry no equilibrium."""
    cols = []
    for S in supports:
        ok = np.ones(cond.bits(0, S[1:]).shape, bool)
        for i, own in enumerate(S):
            ok &= (cond.bits(i, S[:i] + S[i + 1:]) & sum(1 << k for k in own)) == 0
        cols.append(ok)
    return np.stack(cols, axis=1)


def three_mixers(U: np.ndarray, edges: bool = False) -> tuple[np.ndarray, ...]:
    """The full solver's elimination of every support on which all three players mix, for a whole batch.

    Parameters
    ----------
    U : ndarray, shape (B, 3, s_1, s_2, s_3)
        Three-player games (payoffs scaled per player; the elimination scales each equation itself).
    edges : bool, default False
        Also return, per point, whether some solution has a probability of its support within
        :data:`~bargain.solvers.batch.common.NEAR` of zero but not within :data:`ZERO_P`: a root next to the
        edge of its support, where roots of the system may meet and are then computed to a few digits only.

    Returns
    -------
    degenerate, rows, profiles[, edge]
        Per point, whether some such system (of a support that can carry an equilibrium: :func:`_live`) is
        degenerate (see :func:`elimination_degenerate`); and the
        solutions of the others in the product of simplices (not yet verified): their points and their
        profiles ``(C, s_1 + s_2 + s_3)``, player after player, probabilities within :data:`ZERO_P` of zero
        set to zero (the full solver's verification drops them likewise); with ``edges``, the per-point flags.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
    Computational Economics* I, sec. 6.
    """
    B, n = U.shape[0], U.shape[1]
    shape = tuple(U.shape[2:])
    offsets = np.concatenate([[0], np.cumsum(shape)[:-1]]).astype(int)
    out, edge = np.zeros(B, bool), np.zeros(B, bool)
    rows_out: list[np.ndarray] = [np.zeros(0, np.intp)]
    prof_out: list[np.ndarray] = [np.zeros((0, int(sum(shape))))]
    if B == 0 or n != 3:
        return ((out if n == 3 else np.ones(B, bool)), rows_out[0], prof_out[0]) + ((edge,) if edges else ())
    cond = ConditionalDominance(U, TIE, strict=False, better_tol=MARGIN)
    for sizes, supports in _mixed_supports(shape).items():
        if hidden_block(tuple(s - 1 for s in sizes)) is None:
            out |= _live(cond, supports).any(axis=1)
            continue
        # systems point after point, the supports of one point together
        coeffs = tuple(np.stack([_coefficients(U, S, i) for S in supports], axis=1).reshape(
            (B * len(supports), sizes[i] - 1, *(sizes[j] for j in range(n) if j != i))) for i in range(n))
        res = solve_three_block(MultilinearBatch(sizes, coeffs))
        out |= (res.degenerate.reshape(B, len(supports)) & _live(cond, supports)).any(axis=1)
        point, which = np.divmod(res.system, len(supports))
        prof = np.zeros((point.size, int(sum(shape))))
        for i in range(n):
            cols = offsets[i] + np.array([supports[w][i] for w in which], np.intp).reshape(point.size, sizes[i])
            np.put_along_axis(prof, cols, np.where(np.abs(res.blocks[i]) <= ZERO_P, 0.0, res.blocks[i]), axis=1)
            tiny = np.abs(res.blocks[i])
            edge[point[np.any((tiny > ZERO_P) & (tiny <= NEAR), axis=1)]] = True
        rows_out.append(point)
        prof_out.append(prof)
    return (out, np.concatenate(rows_out), np.concatenate(prof_out)) + ((edge,) if edges else ())


def has_ties(U: np.ndarray) -> np.ndarray:
    """Per point: does some player get equal payoffs (within :data:`~bargain.solvers.batch.common.TIE`) from two
    strategies against one pure profile of the others?

    Parameters
    ----------
    U : ndarray, shape (B, n, s_1, ..., s_n)
        Each player's payoffs scaled to [0, 1].

    Returns
    -------
    ndarray of bool
        True where some player has a payoff tie.
    """
    B, n = U.shape[0], U.shape[1]
    out = np.zeros(B, bool)
    for i in range(n):
        own = np.moveaxis(U[:, i], 1 + i, 1).reshape(B, U.shape[2 + i], -1)
        for a, a2 in itertools.combinations(range(own.shape[1]), 2):
            out |= np.any(np.abs(own[:, a] - own[:, a2]) <= TIE, axis=1)
    return out


def elimination_doubt(U: np.ndarray, points: np.ndarray, screen: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """:func:`elimination_degenerate` at the ``points`` (a mask) that ``screen`` (a cheaper necessary-looking
    test, such as a player indifferent on an interior slice) flags; False elsewhere.

    Parameters
    ----------
    U : ndarray, shape (B, 3, s_1, s_2, s_3)
        Each player's payoffs scaled to [0, 1].
    points : ndarray of bool
        The points to test.
    screen : callable
        Games -> the points worth the elimination.

    Returns
    -------
    ndarray of bool
        True where the full solver's elimination would leave a three-mixer support to a second route.
    """
    out = np.zeros(U.shape[0], bool)
    idx = np.flatnonzero(points)
    if idx.size:
        idx = idx[screen(U[idx])]
    if idx.size:
        out[idx] = elimination_degenerate(U[idx])
    return out
