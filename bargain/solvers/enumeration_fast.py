"""Float vertex enumeration of a two-player game in one pass: the answer of :func:`registry.solve`, built once.

:func:`bargain.solve` with ``method="enumeration"`` on a float game runs
:func:`~bargain.solvers.enumeration.enumeration_solve` on :meth:`Game.normalised`, verifies every
equilibrium there, and verifies each again on the game as given (:func:`~bargain.solvers.result.transfer`).
On small games that bookkeeping -- two games, two verifications and two :class:`Equilibrium` objects per
equilibrium, one small numpy call per system size -- costs more than the arithmetic.  This module gives
the same answer in one pass:

1. each player's payoffs mapped onto ``[0, 1]`` (:func:`~bargain.model.scale.normalise_per_player`, as
   :meth:`Game.normalised` does), strictly dominated strategies removed and the rest mapped to ``[1, 2]``
   (:func:`~bargain.solvers.enumeration.reduced_positive`);
2. on a game with at most :data:`~bargain.solvers._polytope.BASIS_ENUMERATION_MAX` bases, the vertices
   of the smaller best-response polytope ``P`` by basis enumeration, and each vertex's partner in ``Q``
   from *one* stacked solve: the ``n`` inequalities of ``Q`` named by the labels the vertex lacks
   (von Stengel 2002, sec. 3.4); if a vertex of ``P`` is degenerate or a system singular,
   :func:`~bargain.solvers.enumeration.extreme_pairs` runs instead, as it does on larger games;
3. when the completely labelled pairs form a matching (every equilibrium isolated), every candidate is
   checked as ``enumeration_solve`` and ``transfer`` check it -- on the normalised game against its
   tolerance, then on the game as given against twice each player's own tolerance -- but for all
   candidates at once (regrets ``max(A y) - x A y`` of the stacked profiles), and each
   :class:`~bargain.solvers.result.Equilibrium` is built once.  Otherwise (degenerate games: components,
   Nash subsets) the pairs already found are handed to the general route.

The equilibria, their order, components, notes and completeness claim are those of the general route.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759.
Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

import math

import numpy as np

from bargain.linalg.batched import solve_square_systems
from bargain.model.game import Game
from bargain.model.scale import normalise_per_player, player_tolerances
from bargain.solvers._polytope import BASIS_ENUMERATION_MAX, LABEL_TOLERANCE, basis_enumeration, unique_rows
from bargain.solvers.enumeration import (
    METHOD,
    equilibria_from_pairs,
    oriented_pairs,
    reduced_positive,
)
from bargain.solvers.result import SUPPORT_TOLERANCE, Component, Equilibria, Equilibrium, transfer

__all__ = ["one_pass_enumeration", "simple_pairs"]


def simple_pairs(A: np.ndarray, B: np.ndarray, tol: float = LABEL_TOLERANCE,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Completely labelled vertex pairs of a game whose polytope ``P`` is simple; None otherwise.

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive ``m x n`` payoff matrices (entries in ``[1, 2]``), ``m <= n``.
    tol : float
        Slack at or below which an inequality is tight.

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(X, LX, Y, LY)``, one row per pair: the vertex ``x`` of ``P`` and its labels (``x_i = 0``
        for ``i < m``, then ``(B^T x)_j = 1``), the vertex ``y`` of ``Q`` and its labels (``(A y)_i = 1``,
        then ``y_j = 0``).  None when a vertex of ``P`` has more than ``m`` labels, a partner system
        is singular or two vertices share a partner: then the general route must decide.

    References
    ----------
    von Stengel (2002), sec. 3.4; Avis et al. (2010), sec. 3.
    """
    m, n = A.shape
    X, LX = basis_enumeration(B.T, tol)
    if not np.all(np.count_nonzero(LX, axis=1) == m):
        return None
    HQ = np.vstack([A, -np.eye(n)])                    # Q's inequalities in label order
    hq = np.concatenate([np.ones(m), np.zeros(n)])
    missing = np.nonzero(~LX)[1].reshape(len(X), n)    # a simple vertex lacks exactly n labels
    Y, ok = solve_square_systems(HQ[missing], hq[missing])
    if not ok.all():
        return None
    slack = hq[None, :] - Y @ HQ.T
    feasible = np.all(slack >= -tol, axis=1)
    LY = np.abs(slack[feasible]) <= tol
    if len(LY) > 1 and len(unique_rows(LY)[0]) < len(LY):
        return None
    return X[feasible], LX[feasible], Y[feasible], LY


def one_pass_enumeration(game: Game) -> Equilibria:
    """``transfer(enumeration_solve(game.normalised()), game)`` for a float two-player game, in one pass.

    Parameters
    ----------
    game : Game
        A two-player game with float payoffs.

    Returns
    -------
    Equilibria
        The verified equilibria of ``game`` with their components and notes, as the general route
        gives them (not yet certified: :func:`registry.certify_result` does that).

    Raises
    ------
    VerificationError
        If a profile is not an equilibrium (a solver bug; raised by the general route).

    References
    ----------
    von Stengel (2002); Avis et al. (2010).
    """
    norm, _, spread = normalise_per_player(game.payoffs, 2)
    # Every player's normalised payoffs span exactly [0, 1] (all 0 if constant): magnitude = range = 1 (or 0).
    unit = (spread > 0).astype(float)
    tol_n = float(np.max(player_tolerances(unit, unit)))
    rows, cols, A, B = reduced_positive(norm[0], norm[1], tol_n)
    m, n = A.shape
    found = None
    if math.comb(m + n, min(m, n)) <= BASIS_ENUMERATION_MAX:
        found = simple_pairs(A, B) if m <= n else simple_pairs(B.T, A.T)
    if found is not None:
        X, LX, Y, LY = found
        if m <= n:     # unused strategies: label x_i = 0 in P, y_j = 0 in Q
            xs, ys = np.where(LX[:, :m], 0.0, X), np.where(LY[:, m:], 0.0, Y)
        else:          # the transposed game's P holds y, its Q holds x
            xs, ys = np.where(LY[:, n:], 0.0, Y), np.where(LX[:, :n], 0.0, X)
    else:
        pairs = oriented_pairs(A, B)
        if pairs.Q_all is not None or len({a for a, _ in pairs.edges}) < len(pairs.edges) \
                or len({b for _, b in pairs.edges}) < len(pairs.edges):
            general = equilibria_from_pairs(game.normalised(), rows, cols, A, B, pairs, exact=False, tol=tol_n)
            return transfer(general, game)
        ia = np.array([a for a, _ in pairs.edges], dtype=np.intp)
        ib = np.array([b for _, b in pairs.edges], dtype=np.intp)
        xs = np.where(pairs.LX[ia, :m], 0.0, pairs.X[ia])
        ys = np.where(pairs.LY[ib, m:], 0.0, pairs.Y[ib])
    eqs = _verified(game, spread, tol_n, rows, cols, xs, ys)
    if eqs is None:     # a check failed: let the general route say which (it raises)
        pairs = oriented_pairs(A, B)
        return transfer(equilibria_from_pairs(game.normalised(), rows, cols, A, B, pairs, exact=False, tol=tol_n),
                        game)
    m0, n0 = game.shape
    notes = []
    if len(rows) < m0 or len(cols) < n0:
        gone = [game.strategies[0][k] for k in sorted(set(range(m0)) - set(rows.tolist()))] + \
               [game.strategies[1][k] for k in sorted(set(range(n0)) - set(cols.tolist()))]
        notes.append(f"strictly dominated strategies removed first (never played in equilibrium): {', '.join(gone)}")
    components = [Component(k, (k,), ((k,),)) for k in range(len(eqs))]
    return Equilibria(game, eqs, METHOD, complete=True, components=components, notes=notes)


def _clean(P: np.ndarray) -> np.ndarray | None:
    """:func:`result._clean_float_profile` for a stack of one player's strategies; None if one is malformed."""
    s = P.shape[1]
    if not (np.all(np.abs(P.sum(axis=1) - 1.0) <= 1e-7 * s) and P.min(initial=0.0) >= -1e-7):
        return None
    P = P.copy()
    P[P <= SUPPORT_TOLERANCE] = 0.0
    return P / P.sum(axis=1, keepdims=True)


def _verified(game: Game, spread: np.ndarray, tol_n: float, rows: np.ndarray, cols: np.ndarray,
              xs: np.ndarray, ys: np.ndarray) -> list[Equilibrium] | None:
    """The equilibria from the vertex pairs ``(xs, ys)``, in the general route's order; None if a check fails.

    Each profile is cleaned as :func:`~bargain.solvers.result.make_equilibrium` cleans it, and its
    regrets, computed once on ``game`` (each player's payoffs divided by their largest absolute
    payoff, as there), are checked against both bounds of the general route: ``tol_n`` on the
    normalised game (where player ``i``'s regret is theirs here divided by their range, ``spread[i]``
    in these units) and twice each player's tolerance on ``game`` (:func:`~bargain.solvers.result.transfer`).
    """
    m0, n0 = game.shape
    E = len(xs)
    xf, yf = np.zeros((E, m0)), np.zeros((E, n0))
    xf[:, rows] = np.clip(xs / xs.sum(axis=1, keepdims=True), 0.0, None)
    yf[:, cols] = np.clip(ys / ys.sum(axis=1, keepdims=True), 0.0, None)
    # Descending lexicographic in (x, y), keys rounded as the general route rounds them.
    keys = -np.round(np.concatenate([xf, yf], axis=1), 9)
    order = np.lexsort(keys.T[::-1])
    X, Y = _clean(xf[order]), _clean(yf[order])
    if X is None or Y is None:
        return None
    mag = game.payoff_magnitudes
    scale = np.where(mag > 0, mag, 1.0)
    dev_a, dev_b = Y @ (game.payoffs[0] / scale[0]).T, X @ (game.payoffs[1] / scale[1])
    pay = np.stack([np.sum(X * dev_a, axis=1), np.sum(Y * dev_b, axis=1)], axis=1)
    reg = np.stack([dev_a.max(axis=1), dev_b.max(axis=1)], axis=1) - pay
    if not (np.all(reg <= tol_n * np.where(spread > 0, spread, np.inf)) and np.all(reg * scale <= 2 * game.tolerances)):
        return None
    pay *= scale
    pay[np.abs(pay) <= 1e-12 * mag] = 0.0
    regret = (reg * scale).max(axis=1).tolist()
    sx, sy = (X > SUPPORT_TOLERANCE).tolist(), (Y > SUPPORT_TOLERANCE).tolist()
    return [Equilibrium(game=game, profile=(X[e].copy(), Y[e].copy()), payoffs=pay[e].copy(),
                        support=(tuple(k for k, u in enumerate(sx[e]) if u),
                                 tuple(k for k, u in enumerate(sy[e]) if u)),
                        regret=regret[e], method=METHOD, component=e)
            for e in range(E)]
