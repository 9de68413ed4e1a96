"""Shared pieces of the batch method: tolerances, the candidate list, and small feasibility tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bargain.linalg.batched import lstsq, rhs_last

__all__ = ["MARGIN", "REL_TOL", "Candidates", "embed", "overdetermined_feasible"]

#: A candidate whose support probabilities or best-response slacks (payoffs scaled to [0, 1])
#: are below this is too close to a threshold to be decided by the fast method.
MARGIN = 1e-7
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


