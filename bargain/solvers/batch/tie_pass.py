"""The second pass of the batch method at points with payoff ties: the tie sets in closed form, the rest re-solved.

At a point the first pass is unsure of, the commonest cause is a payoff tie: a player with tied best replies
against a pure profile of the others, and a connected set of equilibria on which that player mixes.
:func:`resolve_ties` computes those sets exactly for every such point
(:func:`~bargain.solvers.batch.ties.one_mixer_sets`), re-solves every other support profile with the
shape's own support enumeration, and decides each point where nothing else is in doubt (Porter, Nudelman
and Shoham 2008 for the enumeration; McKelvey and McLennan 1996, sec. 6, for the sets).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash equilibrium.
*Games and Economic Behavior* 63, 642-662.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bargain.solvers.batch import handover as why
from bargain.solvers.batch.common import near_copies
from bargain.solvers.batch.ties import TieSets, indifferent_slice, matched, one_mixer_sets

__all__ = ["index_fails", "resolve_ties"]

#: Equilibria of one point closer than this (max-norm) are one (the tolerance at which the engine merges them).
SAME_EQ = 1e-7


def resolve_ties(P: np.ndarray, points: np.ndarray, solver: Callable[[np.ndarray], tuple[np.ndarray, ...]],
                  doubt: Callable[[np.ndarray], np.ndarray] = indifferent_slice,
                  reasons: np.ndarray | None = None, untied: bool = False) -> tuple[np.ndarray, ...]:
    """Decides in batch the ``points`` (a mask) whose only doubt may be payoff ties of one player.

    At the points where :func:`~bargain.solvers.batch.ties.one_mixer_sets` finds a tie and is sure of
    it (with ``untied`` also where it is sure there is none), and ``doubt`` finds nothing, ``solver``
    (normalised games in the
    players' order -> rows, profiles, statuses, unsure mask) solves every other support profile.
    A candidate too close to a threshold to call is accepted when it is an extreme point of a tie set
    (its tie is exact); else the point stays unsure.

    Parameters
    ----------
    P : ndarray
        The chunk's normalised games, players in their own order.
    points : ndarray of bool
        The points the first pass is unsure of.
    solver : callable
        The shape's support enumeration without the one-mixer profiles.
    doubt : callable
        Normalised games -> the points to leave to the full solver whatever else holds (default
        :func:`~bargain.solvers.batch.ties.indifferent_slice`).
    reasons : ndarray of int, optional
        Per point of ``P``: why it is left to the full solver (:mod:`~bargain.solvers.batch.handover`
        codes, updated in place for the ``points`` left unsure here); a solver whose extra returns hold a
        second item gives its unsure points' reasons there, as ``(code, mask)`` pairs in order.
    untied : bool, default False
        Also re-solve the points with no one-mixer tie (no such set: the solver's supports are all the others).

    Returns
    -------
    rows, profiles, sure, continuum
        The equilibria found at the points now decided (candidates and extreme points of tie sets,
        possibly twice: the assembly merges them), those points and whether each has a connected set.
    """
    S = int(sum(P.shape[2:]))
    none = np.zeros(0, np.intp)
    idx = np.flatnonzero(points)
    if idx.size:
        flagged = doubt(P[idx])            # the cheaper test first
        why.mark(reasons, idx[flagged], why.SLICE)
        idx = idx[~flagged]
    if idx.size == 0:
        return none, np.zeros((0, S)), none, np.zeros(0, bool)
    sets = one_mixer_sets(P[idx])
    tried = sets.tied | untied
    trial = ~sets.unsure & tried
    why.mark(reasons, idx[~tried], why.NO_TIE)
    why.mark(reasons, idx[sets.unsure], why.ONE_MIXER)
    if not trial.any():
        return none, np.zeros((0, S)), none, np.zeros(0, bool)
    sub = idx[trial]
    pos = np.full(idx.size, -1)
    pos[trial] = np.arange(sub.size)
    v_rows = pos[sets.rows]
    keep = v_rows >= 0
    v_rows, v_prof = v_rows[keep], sets.profiles[keep]
    rows, prof, status, unsure, *more = solver(P[sub])
    if reasons is not None:
        for code, part in more[1] if len(more) > 1 else ():
            why.mark(reasons, sub[part], code)
        why.mark(reasons, sub[unsure], why.LOOP)
    cont = sets.continuum[trial]
    if more:                                   # the solver's own sets (two mixers): listed as the tie sets are
        v_rows, v_prof = np.concatenate([v_rows, more[0].rows]), np.concatenate([v_prof, more[0].profiles])
        cont = cont | more[0].continuum
    on_set = matched(rows, prof, TieSets(v_rows, v_prof, sets.tied, sets.continuum, sets.unsure))
    unsure[rows[(status < 0) & ~on_set]] = True
    why.mark(reasons, sub[unsure], why.THRESHOLD)
    good = (status > 0) & ~unsure[rows] & ~on_set          # a candidate on a tie set: its exact extreme point
    unsure |= near_copies(rows[good], prof[good], sub.size)   # an irregular equilibrium computed to a few digits
    why.mark(reasons, sub[unsure], why.NEAR_COPIES)
    good &= ~unsure[rows]
    v_good = ~unsure[v_rows]
    # finitely many equilibria, all regular: the full solver checks their index sum (and re-solves if it fails)
    unsure |= index_fails(P[sub], np.concatenate([rows[good], v_rows[v_good]]),
                          np.concatenate([prof[good], v_prof[v_good]]), ~unsure & ~cont)
    why.mark(reasons, sub[unsure], why.INDEX)
    good &= ~unsure[rows]
    v_good &= ~unsure[v_rows]
    sure = np.flatnonzero(~unsure)
    return (np.concatenate([sub[rows[good]], sub[v_rows[v_good]]]), np.concatenate([prof[good], v_prof[v_good]]),
            sub[sure], cont[sure])


def index_fails(P: np.ndarray, rows: np.ndarray, profiles: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Per point of ``points`` (a mask): are its equilibria all regular with indices that do not sum to +1?

    The full solver backs a finite answer by the index theorem when every equilibrium is regular (Shapley
    1974; Gul, Pearce and Stacchetti 1993): a sum other than +1 means an equilibrium is missing, and it
    re-solves and calls the answer incomplete.  Such points are left to it.  Each point's equilibria are
    merged (within :data:`SAME_EQ`) and indexed by :func:`~bargain.solvers.completeness.equilibrium_index`.

    Parameters
    ----------
    P : ndarray, shape (B, n, s_1, ..., s_n)
        The games.
    rows : ndarray of int
        The point of each equilibrium (possibly listed twice).
    profiles : ndarray, shape (E, sum(s))
        The equilibria, player after player.
    points : ndarray of bool
        The points to check.

    Returns
    -------
    ndarray of bool
        True where the index check applies and fails.

    References
    ----------
    Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical Programming Study* 1, 175-189.
    Gul, F., Pearce, D. and Stacchetti, E. (1993). A bound on the proportion of pure strategy equilibria in
    generic games. *Mathematics of Operations Research* 18, 548-552.
    """
    from bargain.model.game import Game
    from bargain.solvers.completeness import equilibrium_index

    out = np.zeros(P.shape[0], bool)
    cuts = np.cumsum(P.shape[2:])[:-1]
    for b in np.flatnonzero(points):
        found: list[np.ndarray] = []
        for v in profiles[rows == b]:
            if not any(np.max(np.abs(v - w)) <= SAME_EQ for w in found):
                found.append(v)
        game = Game(P[b])
        signs = [equilibrium_index(game, np.split(v, cuts)) for v in found]
        out[b] = any(k is None for k in signs) or sum(signs) != 1
    return out
