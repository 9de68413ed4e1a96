"""Every equilibrium of a batch of 3x3x3 games (three players, three strategies each) at once.

The 343 support profiles fall into four families, each solved for the whole chunk in array
operations (no loop over points), the first three by the closed forms of the three-player engine
applied with each player in turn as the third player ``c`` (the games' axes permuted):

* ``c`` plays a pure strategy ``k``: the 3x3 game of ``a`` and ``b`` at ``k``, every equal-size
  support in closed form (:func:`~bargain.solvers.batch.closed.two_player_candidates`; 3 players x
  3 strategies);
* ``c`` mixes over a pair ``P`` of its strategies: the 3x3x2 game with ``c`` restricted to ``P``,
  every support of ``a`` and ``b`` on which ``c`` mixes in closed form
  (:func:`~bargain.solvers.batch.mixed_closed.mixed_candidates`; 3 players x 3 pairs);
* every player mixes over all three strategies: a degree-10 eliminant per point whose ten roots are all
  polished on the equations and counted, with the general route's resultant where that count fails
  (:mod:`bargain.solvers.batch.ternary_resultant`).

A profile in which some player's support has one or two strategies is an equilibrium of the game in
which that player is restricted to them, so the first two families cover every profile but the
totally mixed ones; the same candidate found twice is merged by the engine.  Every candidate is then
verified in the full game in one vectorised pass
(:func:`~bargain.solvers.batch.supports.verify_candidates`).  A point is *unsure*, and left to the full
solver, where the general support loop of the three-player engine, run on the restricted games of the
points a closed form calls suspect (degenerate or nearly so: a singular or consistent over-determined
support system, a near-double root), is unsure, where the resultant is unsure, or where a
candidate is within ``MARGIN`` of a threshold.  Elsewhere the game is nondegenerate and the
enumeration is complete.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63, 642-662.
"""

from __future__ import annotations

import itertools

import numpy as np

from bargain.solvers.batch.closed import two_player_candidates
from bargain.solvers.batch.common import MARGIN, Candidates
from bargain.solvers.batch.mixed_closed import CLOSED_SIZES, mixed_candidates
from bargain.solvers.batch.supports import _general_chunk, verify_candidates
from bargain.solvers.batch.ternary_resultant import totally_mixed_3x3x3

__all__ = ["SHAPE", "three_ternary_chunk"]

#: The game shape this module solves.
SHAPE = (3, 3, 3)
#: Each player's pairs of strategies.
PAIRS = tuple(itertools.combinations(range(3), 2))
#: Rounding allowance of the early test :func:`_c_may_stay` against the verification's own sums.
SLACK = 1e-12


def _with_last(U: np.ndarray, p: int) -> tuple[tuple[int, ...], np.ndarray]:
    """The games with player ``p`` moved to the last place (payoff and strategy axes), and the order."""
    perm = tuple([q for q in range(3) if q != p] + [p])
    return perm, np.transpose(U[:, list(perm)], (0, 1, *(2 + q for q in perm)))


def _add(cands: Candidates, perm: tuple[int, ...], rows: np.ndarray, mixtures: tuple[np.ndarray, ...]) -> None:
    """Adds candidates whose mixtures are in the players' order ``perm``, in the original order."""
    blocks = dict(zip(perm, mixtures, strict=True))
    cands.add(rows, blocks[0], blocks[1], blocks[2])


def _c_may_stay(V: np.ndarray, rows: np.ndarray, x: np.ndarray, y: np.ndarray, support: tuple[int, ...]) -> np.ndarray:
    """Per candidate: is no strategy of ``c`` better than its best on ``support`` by more than ``MARGIN``?

    A candidate that fails has a regret above ``MARGIN`` (``c``'s payoff is at most its best on the
    support), so the verification would reject it (status 0); dropping it first saves its verification.
    ``V`` are the games with ``c`` last, ``x, y`` the other two's mixtures.
    """
    vc = np.zeros((3, rows.size))
    for i in range(3):
        for j in range(3):
            w = x[:, i] * y[:, j]
            for k in range(3):
                vc[k] += V[rows, 2, i, j, k] * w
    with np.errstate(invalid="ignore"):
        return ~(vc.max(axis=0) - vc[list(support)].max(axis=0) > MARGIN + SLACK)


def _mixed_sizes(perm: tuple[int, ...]) -> frozenset:
    """The supports ``(|Si|, |Sj|)`` the pass with ``c = perm[2]`` mixing over a pair solves in closed form:
    each profile once over the passes.  Two players on two strategies and one pure are the pure player's
    pass's 2x2 supports; every player on two strategies is the last player's pass; a player on three and
    two on two are the pass of the later of those two."""
    c = perm[2]
    sizes = set(CLOSED_SIZES) - {(2, 1), (1, 2)}
    if c != 2:
        sizes.discard((2, 2))
    if perm[1] > c:                    # (3, 2): the other player on two strategies is perm[1]
        sizes.discard((3, 2))
    if perm[0] > c:
        sizes.discard((2, 3))
    return frozenset(sizes)


def _lower_supports(U: np.ndarray, cands: Candidates) -> np.ndarray:
    """Adds the candidates of every profile with a support of one or two strategies; returns the unsure points.

    Where a closed form calls a point suspect, its candidates are dropped and the point's restricted
    3x3x2 games go through the general support loop of the three-player engine instead
    (:func:`_general_lower`), as :func:`~bargain.solvers.batch.supports.fast_chunk` does for 3x3x2 games.
    """
    suspect = np.zeros(U.shape[0], bool)
    found = Candidates()
    for p in range(3):
        perm, V = _with_last(U, p)
        for k in range(3):
            rows, x, y, sus = two_player_candidates(V[:, 0, :, :, k], np.swapaxes(V[:, 1, :, :, k], 1, 2),
                                                    pure=p == 0)
            keep = _c_may_stay(V, rows, x, y, (k,))
            rows, x, y = rows[keep], x[keep], y[keep]
            z = np.zeros((rows.size, 3))
            z[:, k] = 1.0
            _add(found, perm, rows, (x, y, z))
            suspect |= sus
        for pair in PAIRS:
            rows, x, y, z2, sus = mixed_candidates(np.ascontiguousarray(V[..., list(pair)]), _mixed_sizes(perm))
            keep = _c_may_stay(V, rows, x, y, pair)
            rows, x, y, z2 = rows[keep], x[keep], y[keep], z2[keep]
            z = np.zeros((rows.size, 3))
            z[:, list(pair)] = z2
            _add(found, perm, rows, (x, y, z))
            suspect |= sus
    for rows, x, y, z in zip(found.rows, found.x, found.y, found.z, strict=True):
        cands.add_unless(rows, x, y, z, suspect)
    return _general_lower(U, np.flatnonzero(suspect), cands)


def _general_lower(U: np.ndarray, points: np.ndarray, cands: Candidates, skip_one_mixer: bool = False,
                   unsure: np.ndarray | None = None) -> np.ndarray:
    """The general support loop on every restricted 3x3x2 game (each player in turn on each pair of its
    strategies) of the games ``points``: adds their candidates, returns the per-point unsure mask
    (``skip_one_mixer``: leave out the supports on which one player alone mixes).  A point found unsure
    (here or before: ``unsure``, updated in place) is not solved further: the caller keeps nothing of it."""
    unsure = np.zeros(U.shape[0], bool) if unsure is None else unsure
    for p in range(3):
        for pair in PAIRS:
            live = points[~unsure[points]]
            if live.size == 0:
                return unsure
            perm, V = _with_last(U[live], p)
            sub, sub_unsure = _general_chunk(np.ascontiguousarray(V[..., list(pair)]), np.ones(live.size, bool),
                                             skip_one_mixer=skip_one_mixer)
            unsure[live[sub_unsure]] = True
            for rows, x, y, z2 in zip(sub.rows, sub.x, sub.y, sub.z, strict=True):
                z = np.zeros((rows.size, 3))
                z[:, list(pair)] = z2
                _add(cands, perm, live[rows], (x, y, z))
    return unsure


def three_ternary_chunk(U: np.ndarray, skip_one_mixer: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                              np.ndarray]:
    """Every equilibrium of a chunk of normalised 3x3x3 games, verified, and the points left unsure.

    Parameters
    ----------
    U : ndarray, shape (B, 3, 3, 3, 3)
        Each player's payoffs scaled to [0, 1].
    skip_one_mixer : bool, default False
        Leave out the support profiles on which one player alone mixes (for points with payoff ties,
        whose sets of that kind :func:`~bargain.solvers.batch.ties.one_mixer_sets` gives): every
        other profile with a support of one or two strategies then goes through the general loop.

    Returns
    -------
    rows, profiles, status, unsure
        The game of each candidate, its profile ``(C, 9)`` (player after player, clipped and scaled to
        sum 1), its verification status (1 an equilibrium, 0 not one, -1 too close to a threshold to
        call: see :func:`~bargain.solvers.batch.common.candidate_statuses`) and the per-point mask of
        points the method is unsure of.  At the other points the equilibria of status 1 are all the
        equilibria.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    """
    cands = Candidates()
    if skip_one_mixer:
        # the resultant first: the points it leaves unsure skip the (costlier) general loop
        rows, X, unsure = totally_mixed_3x3x3(U)
        _general_lower(U, np.arange(U.shape[0]), cands, skip_one_mixer=True, unsure=unsure)
    else:
        unsure = _lower_supports(U, cands)
        rows, X, sus = totally_mixed_3x3x3(U)
        unsure |= sus
    cands.add(rows, X[:, :3], X[:, 3:6], X[:, 6:])
    rows, x, y, z, status = verify_candidates(U, cands)
    unsure[rows[status < 0]] = True
    return rows, np.concatenate([x, y, z], axis=1), status, unsure
