"""Two-mixer supports the batch loop cannot decide, solved point by point by the full solver's own routine.

At a tied point of a three-player game, a support on which two players mix and the third plays pure can carry a
set of equilibria the batch closed forms do not compute: one mixer over three strategies whose over-determined
indifference pins the other's mixture (a segment of the first one's mixtures), or both over three.  The full
solver computes such a set exactly (:func:`bargain.solvers.polynomial.low_dim.linear_support`: each mixture's
polytope, one substituted into the pure player's bilinear constraints, its vertices enumerated; McKelvey and
McLennan 1996, sec. 6; Ziegler 1995, ch. 1).  :func:`deferred_sets` runs that routine on just those supports, on
the game the full solver builds (:meth:`Game.normalised`, strictly dominated strategies removed, the support kept
only if its conditional-dominance pruning keeps it: Porter, Nudelman and Shoham 2008), so its extreme points and
its continuum flag are the full solver's; a point where the routine is not sure of its answer (a set cut by a
bilinear condition, an undecided polytope) stays with the full solver.  This costs one small support solve per
point and support instead of the point's whole solve.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of Computational
Economics* I, sec. 6.
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash equilibrium. *Games and
Economic Behavior* 63, 642-662.
Ziegler, G. M. (1995). *Lectures on Polytopes*, Springer, ch. 1.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from bargain.solvers.batch.common import NEAR

__all__ = ["APART", "deferred_sets"]

#: A candidate and an equilibrium found here closer than this are one (a vertex relaxed as the full solver
#: relaxes it lies about 1e-9 from the exact one); farther, up to ``NEAR``, the point is left to the full solver.
APART = 1e-8


def deferred_sets(P: np.ndarray, perm: tuple[int, ...], deferred: list, points: np.ndarray,
                  doubt: np.ndarray | None = None, candidates: tuple[np.ndarray, np.ndarray] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The equilibria of the ``deferred`` two-mixer supports at the ``points`` (a mask), as the full solver finds them.

    Parameters
    ----------
    P : ndarray, shape (B, 3, s_1, s_2, s_3)
        Normalised games, players in their own order.
    perm : tuple of int
        The players' order in the supports of ``deferred`` (``perm[i]`` is the player at position ``i``).
    deferred : list
        ``(games, support)`` pairs from the batch loop (:func:`~bargain.solvers.batch.supports.tied_chunk`).
    points : ndarray of bool
        The games to solve them at (elsewhere they are ignored: those games are unsure already).
    doubt : ndarray of bool, optional
        Games with deferred supports to leave to the full solver without solving them (a root of another support
        at the edge of its support, computed to a few digits only, may differ from the full solver's by more than
        the tolerance at which equilibria are merged).
    candidates : tuple of ndarray, optional
        ``(rows, profiles)``: the other supports' candidates; a game where one lies near an equilibrium found
        here (apart by more than :data:`APART`, at most :data:`~bargain.solvers.batch.common.NEAR`) is left to
        the full solver (one irregular equilibrium, or one the two compute apart by more than the tolerance of
        a comparison).

    Returns
    -------
    rows, profiles, continuum, unsure
        The equilibria found (points and profiles, player after player), and per point whether the supports
        carry a set of positive dimension and whether the routine left a support undecided.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
    Computational Economics* I, sec. 6.
    """
    from bargain.model.game import Game
    from bargain.solvers.polynomial.low_dim import linear_support
    from bargain.solvers.polynomial.solver import _prepare
    from bargain.solvers.polynomial.support import mixing_players, support_profiles

    B, S = P.shape[0], int(sum(P.shape[2:]))
    by_point: dict[int, list[tuple[tuple[int, ...], ...]]] = defaultdict(list)
    for games, support in deferred:
        own = [()] * 3
        for i, T in enumerate(support):
            own[perm[i]] = tuple(int(k) for k in T)
        for b in games[points[games]]:
            by_point[int(b)].append(tuple(own))
    continuum, unsure = np.zeros(B, bool), np.zeros(B, bool)
    if doubt is not None:
        unsure[[b for b in by_point if doubt[b]]] = True
        by_point = {b: v for b, v in by_point.items() if not doubt[b]}
    rows: list[int] = []
    profiles: list[np.ndarray] = []
    for b, supports in by_point.items():
        game = Game(P[b])
        col = _prepare(game.normalised(), False, None, game)          # as the full solver prepares it
        kept = [set(k) for k in col.kept]
        allowed = set(support_profiles(col.reduced.payoffs, col.tol)[0])
        for support in dict.fromkeys(supports):
            if not all(set(T) <= k for T, k in zip(support, kept, strict=True)):
                continue                                                # a strictly dominated strategy
            reduced = tuple(tuple(col.kept[i].index(s) for s in T) for i, T in enumerate(support))
            if reduced in allowed:
                linear_support(col, reduced, mixing_players(reduced))
        col.finish()
        if not col.complete or col.notes or col.unsettled:
            unsure[b] = True
            continue
        found = [np.concatenate(eq.profile) for eq in col.equilibria]
        if candidates is not None and found:
            near = np.abs(candidates[1][candidates[0] == b][:, None, :] - np.array(found)[None]).max(axis=2)
            if np.any((near > APART) & (near <= NEAR)):
                unsure[b] = True
                continue
        continuum[b] = bool(col.continua)
        rows += [b] * len(found)
        profiles += found
    prof = np.array(profiles, float).reshape(len(rows), S)
    return np.array(rows, np.intp), prof, continuum, unsure
