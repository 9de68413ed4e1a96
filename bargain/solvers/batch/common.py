"""Shared pieces of the batch method: tolerances, the candidate list, and small feasibility tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bargain.linalg.batched import lstsq, rhs_last
from bargain.solvers.polynomial.collector import SAME

__all__ = ["MARGIN", "MERGE", "NEAR", "REL_TOL", "TIE", "Candidates", "candidate_statuses", "copies", "embed",
           "near_copies", "overdetermined_feasible"]

#: A candidate whose support probabilities or best-response slacks (payoffs scaled to [0, 1])
#: are below this is too close to a threshold to be decided by the fast method.
MARGIN = 1e-7
#: Payoff gaps (payoffs scaled to [0, 1]) at or below this are exact ties: integer or rational payoffs
#: scaled by the same range tie to the last bit; gaps in ``(TIE, MARGIN]`` are too close to call.
TIE = 1e-12
#: Relative verification tolerance (the same as ``Game.tolerance``: 1e-9 x payoff range).
REL_TOL = 1e-9


@dataclass
class Candidates:
    """Candidate equilibria found so far: batch rows and the three players' mixtures."""

    rows: list[np.ndarray] = field(default_factory=list)
    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    z: list[np.ndarray] = field(default_factory=list)

    def add(self, rows: np.ndarray, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> None:
        if rows.size:
            self.rows.append(rows)
            self.x.append(x)
            self.y.append(y)
            self.z.append(z)

    def add_unless(self, rows: np.ndarray, x: np.ndarray, y: np.ndarray, z: np.ndarray, drop: np.ndarray) -> None:
        """Add the candidates whose game is not flagged in ``drop`` (a per-game mask); no copy when none is."""
        keep = ~drop[rows]
        if keep.all():
            self.add(rows, x, y, z)
        else:
            self.add(rows[keep], x[keep], y[keep], z[keep])


def embed(w: np.ndarray, idx: tuple[int, ...], size: int) -> np.ndarray:
    out = np.zeros((w.shape[0], size))
    out[:, list(idx)] = w[:, :len(idx)]
    return out


def overdetermined_feasible(M: np.ndarray, n_prob: int) -> np.ndarray:
    """Per row: does the over-determined ``M w = e_last`` have an (almost) nonnegative solution?"""
    B = M.shape[0]
    if B == 0:
        return np.zeros(0, bool)
    if n_prob == 1:
        # One (pure) strategy on the small side: the system says the big side's payoffs against
        # it are all equal - a tie.
        col = M[:, :-1, 0]
        return np.ptp(col, axis=1) <= 1e-7
    w, res = lstsq(M, rhs_last(B, M.shape[1]))
    return (res <= 1e-7) & np.all(w[:, :n_prob] >= -MARGIN, axis=1)




def candidate_statuses(V: np.ndarray, W: np.ndarray, blocks: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Verification statuses of candidates from their payoff vectors, every candidate at once.

    Parameters
    ----------
    V : ndarray, shape (S, C)
        Each strategy's payoff (payoffs scaled to [0, 1] per player) against the others' mixtures,
        player after player, one column per candidate.
    W : ndarray, shape (S, C)
        The candidates' probabilities in the same layout; clipped at 0 and scaled to sum 1 per player
        in place.
    blocks : tuple of (int, int)
        Each player's rows ``[a, b)`` of ``V`` and ``W``.

    Returns
    -------
    ndarray of int, shape (C,)
        1 = an equilibrium robustly, 0 = not an equilibrium (a probability below ``-MARGIN`` or a
        regret above ``MARGIN``), -1 = too close to a threshold to call: a probability within
        ``MARGIN`` of zero that is not exactly zero, an unused strategy paying within ``MARGIN`` of
        the least-paid used one, or a regret above the verification tolerance but within ``MARGIN``.
        The regret is the best payoff minus the mixture's (Nash 1951).

    References
    ----------
    Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54, 286-295.
    """
    C = W.shape[1]
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        Wp = np.clip(W, 0, None)
        sane = (W > -MARGIN).all(axis=0)               # no probability clearly negative (NaN fails)
        used = W > MARGIN
        # a probability next to 0: neither clearly used nor exactly zero
        near = ((W > -MARGIN) & ~used & (W != 0)).any(axis=0)
        regret = np.zeros(C)
        best, acc, tmp = np.empty(C), np.empty(C), np.empty(C)
        for a, b in blocks:
            np.copyto(best, V[a])
            np.multiply(Wp[a], V[a], out=acc)
            for i in range(a + 1, b):
                np.maximum(best, V[i], out=best)
                acc += np.multiply(Wp[i], V[i], out=tmp)
            best -= acc
            np.maximum(regret, best, out=regret)
            # an outside (unused, exactly zero) strategy paying within MARGIN of the least-paid used one
            vin = np.full(C, np.inf)
            for i in range(a, b):
                np.minimum(vin, np.where(used[i], V[i], np.inf), out=vin)
            for i in range(a, b):
                near |= (np.subtract(vin, V[i], out=tmp) < MARGIN) & ~used[i] & (W[i] == 0)
            s = Wp[a].copy()
            for i in range(a + 1, b):
                s += Wp[i]
            Wp[a:b] /= s
        ok = sane & (regret <= MARGIN)                  # (a NaN regret fails)
        near |= regret > REL_TOL * 0.5
    W[:] = Wp
    return np.where(ok, np.where(near, -1, 1), 0)


#: Two candidates of one point farther apart than this (max-norm) but within :data:`NEAR` are one equilibrium
#: computed to a few digits only (an irregular one, where roots of its system meet): too close to call.  Copies
#: of one regular equilibrium from two supports agree to rounding.
MERGE = 1e-10
NEAR = 1e-6


def near_copies(rows: np.ndarray, profiles: np.ndarray, total: int) -> np.ndarray:
    """Per point: are two of its candidates near copies of one (apart by more than :data:`MERGE`, at most
    :data:`NEAR`)?

    Parameters
    ----------
    rows : ndarray of int
        The point of each equilibrium.
    profiles : ndarray, shape (C, S)
        The equilibria, player after player.
    total : int
        The number of points.

    Returns
    -------
    ndarray of bool
        True where some pair is a near copy: the engine leaves such points to the full solver (used on the
        first pass's candidates; the tie sets' extreme points are relaxed as the full solver relaxes them and
        may lie farther than :data:`MERGE` from a candidate at the same point).
    """
    out = np.zeros(total, bool)
    if rows.size < 2:
        return out
    order = np.argsort(rows, kind="stable")
    r, q = rows[order], profiles[order]
    for d in range(1, int(np.bincount(r, minlength=total).max())):
        same = r[d:] == r[:-d]
        if not same.any():
            break
        dist = np.max(np.abs(q[d:] - q[:-d]), axis=1)
        out[r[d:][same & (dist > MERGE) & (dist <= NEAR)]] = True
    return out


def copies(rows: np.ndarray, PT: np.ndarray) -> np.ndarray:
    """Which equilibria repeat another of the same point: within :data:`SAME` (max-norm), the full solver's
    merging distance (:meth:`~bargain.solvers.polynomial.collector.Collector.known`), compared over every pair
    of a point's equilibria (a near copy need not be next to its twin in any sort order).

    Of two copies the later (in the given order) is dropped.

    Parameters
    ----------
    rows : ndarray of int
        The point of each equilibrium, sorted (each point's equilibria contiguous).
    PT : ndarray, shape (S, C)
        The equilibria, one per column, player after player down the rows.

    Returns
    -------
    ndarray of bool
        Shape ``(C,)``: True for each equilibrium to drop.
    """
    drop = np.zeros(rows.size, bool)
    for d in range(1, int(np.bincount(rows).max()) if rows.size else 0):
        same = rows[d:] == rows[:-d]
        if not same.any():
            break
        close = same & (np.max(np.abs(PT[:, d:] - PT[:, :-d]), axis=0) <= SAME)
        drop[d:] |= close                                    # the later of two copies goes
    return drop
