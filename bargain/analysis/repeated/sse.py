"""Strongly symmetric equilibrium payoffs under imperfect public monitoring (Abreu, Pearce and Stacchetti).

In a symmetric stage game with a public signal, a *strongly symmetric* equilibrium has every
player take the same action after every public history, so its continuation values are one
number per signal and the equilibrium payoffs form an interval ``[v_low, v_high]``.  APS (1986,
1990) show the interval is the largest fixed point of the operator

    B([lo, hi]) = [ min, max ] over symmetric actions a and continuations w(y) in [lo, hi] of
                  (1 - δ) u(a) + δ sum_y π(y | a) w(y)
                  subject to, for every deviation b of one player,
                  (1 - δ) u(a) + δ sum_y π(y | a) w(y) >= (1 - δ) u(b, a_-1) + δ sum_y π(y | b, a_-1) w(y),

each bound a small linear program in ``w`` (solved by enumerating its vertices; scipy's HiGHS
beyond six signals); the optimal ``w`` is bang-bang, taking
the values ``lo`` and ``hi`` only, except where an incentive constraint binds.  Iterating from the
range of stage payoffs decreases to the set.  Written for the two- and three-action games of the
cartel literature; any number of actions works.

References
----------
Abreu, D., Pearce, D. and Stacchetti, E. (1986). Optimal cartel equilibria with imperfect
monitoring. *Journal of Economic Theory* 39, 251-269.
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from bargain.analysis.repeated._stage import as_game, check_delta
from bargain.analysis.repeated.result import SSEBounds
from bargain.analysis.repeated.trigger import check_signal
from bargain.errors import GameError

__all__ = ["sse_bounds"]


def _symmetric_rows(g: Any, sig: np.ndarray) -> list[tuple[float, np.ndarray, list[tuple[float, np.ndarray]]]]:
    """Per symmetric action ``a``: player 1's payoff, the signal row, and each deviation's payoff and row."""
    k = g.shape[0]
    if len(set(g.shape)) != 1 or not g.is_symmetric(tol=1e-12):
        raise GameError("strongly symmetric equilibria need a symmetric stage game (same strategies, payoffs "
                        "invariant under permuting the players)")
    u = np.asarray(g.payoffs, dtype=float)
    out = []
    for a in range(k):
        prof = (a,) * g.n_players
        devs = []
        for b in range(k):
            if b != a:
                dp = (b,) + (a,) * (g.n_players - 1)
                devs.append((float(u[(0, *dp)]), sig[dp]))
        out.append((float(u[(0, *prof)]), sig[prof], devs))
    return out


def _small_lp(c: np.ndarray, A: np.ndarray, b: np.ndarray, lo: float, hi: float) -> np.ndarray | None:
    """Maximise ``c.w`` over ``{A w <= b, lo <= w <= hi}`` by enumerating vertices (few variables).

    Every basic solution sets ``S`` of the constraints to equality; all are solved in one batched
    call and the best feasible one returned (None when the set is empty).
    """
    import itertools

    S = len(c)
    rows = np.vstack([A.reshape(-1, S), np.eye(S), -np.eye(S)])
    rhs = np.concatenate([b, np.full(S, hi), np.full(S, -lo)])
    combos = np.array(list(itertools.combinations(range(len(rows)), S)))
    M = rows[combos]
    ok = np.abs(np.linalg.det(M)) > 1e-12
    if not ok.any():
        return None
    W = np.linalg.solve(M[ok], rhs[combos[ok]][..., None])[..., 0]
    slack = rhs + 1e-9 * (1 + np.abs(rhs)) - W @ rows.T
    feas = np.all(slack >= 0, axis=1)
    if not feas.any():
        return None
    W = W[feas]
    return W[np.argmax(W @ c)]


def _bound(rows: list, dl: float, lo: float, hi: float, sense: int) -> tuple[float, int, np.ndarray] | None:
    """Best (sense=+1: max, -1: min) value over actions, with the action and continuation used."""
    best = None
    for a, (ua, pa, devs) in enumerate(rows):
        S = len(pa)
        # IC: (1-δ)(ub - ua) + δ (pb - pa).w <= 0
        A = np.array([dl * (pb - pa) for _, pb in devs]).reshape(-1, S)
        b = np.array([(1 - dl) * (ua - ub) for ub, _ in devs])
        if S <= 6:
            x = _small_lp(sense * pa, A, b, lo, hi)
        else:
            from scipy.optimize import linprog

            r = linprog(-sense * pa, A_ub=A if len(devs) else None, b_ub=b if len(devs) else None,
                        bounds=[(lo, hi)] * S, method="highs")
            x = r.x if r.status == 0 else None
        if x is None:
            continue
        v = (1 - dl) * ua + dl * float(pa @ x)
        if best is None or sense * v > sense * best[0]:
            best = (v, a, x)
    return best


def sse_bounds(game: Any, signal: Any, delta: Any, *, tol: float = 1e-12, max_iter: int = 100_000,
               values: Mapping[str, Any] | None = None) -> SSEBounds:
    """The interval of pure strongly symmetric equilibrium payoffs with a public signal.

    Parameters
    ----------
    game : Any
        Symmetric stage game (a Game, or a Model at ``values``).
    signal : Any
        Signal probabilities, shape ``(*game.shape, n_signals)``.
    delta : Any
        Discount factor in (0, 1).
    tol : float, default 1e-12
        Stop when neither bound moves by more than ``tol`` times the payoff scale.
    max_iter : int
        The most iterations of the set operator before it stops with a note.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    SSEBounds
        ``[low, high]`` and the first-period actions of the extreme equilibria; empty when no
        strongly symmetric equilibrium exists.

    Raises
    ------
    GameError
        For a non-symmetric game or a malformed signal.

    References
    ----------
    Abreu, Pearce and Stacchetti (1986), Theorems 1-2; (1990), Theorem 6.
    """
    g = as_game(game, values)
    dl = float(check_delta(delta))
    sig = check_signal(g, signal)
    rows = _symmetric_rows(g, sig)
    u = np.asarray(g.payoffs, dtype=float)
    lo, hi = float(u.min()), float(u.max())
    scale = max(1.0, float(np.abs(u).max()))
    names = g.strategies[0]
    for it in range(1, max_iter + 1):
        top = _bound(rows, dl, lo, hi, +1)
        bot = _bound(rows, dl, lo, hi, -1)
        if top is None or bot is None:
            return SSEBounds(dl, None, None, None, None, it)
        moved = max(abs(top[0] - hi), abs(bot[0] - lo))
        lo, hi = bot[0], top[0]
        if moved <= tol * scale:
            break
    return SSEBounds(dl, lo, hi, names[top[1]], names[bot[1]], it, tuple(float(x) for x in top[2]),
                     tuple(float(x) for x in bot[2]))
