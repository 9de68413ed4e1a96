"""Is a Nash equilibrium of a tree normal-form perfect?  Exact certificates either way.

Normal-form perfection is a property of the mixed profile ``σ`` of the reduced normal form.
Selten (1975) and Myerson (1978): ``σ`` is perfect iff it is the limit of completely mixed
profiles ``σ^k`` with every ``σ_i`` a best response to every ``σ^k_{-i}``.  Three tests, each
giving a proof or nothing:

* **dominated** (a proof of *not* perfect, any number of players): a perfect ``σ_i`` is not
  weakly dominated by another mixed strategy (van Damme 1991, thm. 2.2.5).  An LP finds the
  dominating mixture ``z`` maximising the total gain over the opponents' pure profiles; its
  rational reconstruction is checked exactly (``z`` does at least as well everywhere, better
  somewhere);
* **best response to a completely mixed opponent** (a proof of perfect, two players): for
  bimatrix games perfection is admissibility, and ``σ_i`` is undominated iff it is a best
  response to a completely mixed strategy of the opponent (van Damme 1991, thm. 3.2.2); an LP
  finds such a strategy with the largest least probability, checked exactly;
* **uniform trembles** (a proof of perfect, any number of players): ``σ^ε = (1 - ε) σ + ε u``
  with ``u`` uniform; each player's expected payoff of each pure strategy is a polynomial in
  ``ε`` and ``σ_i`` must use only strategies that are lexicographically best, which makes ``σ_i``
  a best response to ``σ^ε_{-i}`` for every small ``ε > 0``.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. *IJGT* 4, 25-55.  Myerson, R. B. (1978). Refinements of the Nash equilibrium concept.
*IJGT* 7, 73-80.  van Damme, E. (1991). *Stability and Perfection of Nash Equilibria*, 2nd ed.,
thms. 2.2.5 and 3.2.2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.model.game import Game

__all__ = ["PerfectionVerdict", "normal_form_perfection"]

#: Largest denominator tried when rebuilding an LP solution exactly.
MAX_DENOMINATOR = 10**6


@dataclass(frozen=True)
class PerfectionVerdict:
    """Whether a profile is normal-form perfect: True, False, or None (undecided), and why."""

    perfect: bool | None
    reason: str

    def __bool__(self) -> bool:
        return bool(self.perfect)


def _own_matrix(game: Game, i: int) -> np.ndarray:
    """Player ``i``'s exact payoffs with rows = own strategies, columns = opponents' pure profiles."""
    U = np.moveaxis(np.asarray(game.exact_payoffs[i], dtype=object), i, 0)
    return U.reshape(U.shape[0], -1)


def _rational(v: Sequence[float]) -> list[Fraction]:
    q = [Fraction(max(float(x), 0.0)).limit_denominator(MAX_DENOMINATOR) for x in v]
    s = sum(q)
    return [x / s for x in q] if s > 0 else q


def dominating_mixture(M: np.ndarray, x: Sequence[Fraction]) -> list[Fraction] | None:
    """An exact mixed strategy that weakly dominates ``x`` (rows of ``M`` own strategies), or None."""
    from scipy.optimize import linprog

    k = M.shape[0]
    Mf = M.astype(float)
    target = np.array([sum(x[r] * M[r, c] for r in range(k)) for c in range(M.shape[1])], dtype=object)
    res = linprog(-Mf.sum(axis=1), A_ub=-Mf.T, b_ub=-target.astype(float), A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    if res.status != 0 or -res.fun - float(target.sum()) <= 1e-9:
        return None
    z = _rational(res.x)
    gain = [sum(z[r] * M[r, c] for r in range(k)) - target[c] for c in range(M.shape[1])]
    return z if min(gain) >= 0 and max(gain) > 0 else None


def completely_mixed_belief(M: np.ndarray, support: Sequence[int]) -> list[Fraction] | None:
    """An exact completely mixed opponent strategy against which every row in ``support`` is best."""
    from scipy.optimize import linprog

    k, c = M.shape
    Mf = M.astype(float)
    rows, rhs = [], []
    for s in support:                                 # (M y)_r - (M y)_s <= 0 for every r
        for r in range(k):
            if r != s:
                rows.append(np.append(Mf[r] - Mf[s], 0.0))
                rhs.append(0.0)
    for j in range(c):                                # t - y_j <= 0
        row = np.zeros(c + 1)
        row[j], row[c] = -1.0, 1.0
        rows.append(row)
        rhs.append(0.0)
    obj = np.zeros(c + 1)
    obj[c] = -1.0
    res = linprog(obj, A_ub=np.array(rows) if rows else None, b_ub=rhs or None,
                  A_eq=np.append(np.ones(c), 0.0)[None, :], b_eq=[1.0], bounds=[(0, None)] * (c + 1), method="highs")
    if res.status != 0 or res.x[c] <= 1e-9:
        return None
    y = _rational(res.x[:c])
    if min(y) <= 0:
        return None
    val = [sum(M[r, j] * y[j] for j in range(c)) for r in range(k)]
    top = max(val)
    return y if all(val[s] == top for s in support) else None


def _tremble_polys(game: Game, prof: Sequence[Sequence[Fraction]], i: int) -> np.ndarray:
    """Player ``i``'s payoff of each pure strategy against ``(1 - ε) σ_{-i} + ε u`` as polynomials
    (rows: strategies, columns: coefficients of ε^0, ε^1, ...)."""
    P = np.asarray(game.exact_payoffs[i], dtype=object)[..., None]
    axis = 0
    for j in range(game.n_players):
        if j == i:
            axis += 1
            continue
        k = len(prof[j])
        a = np.array(list(prof[j]), dtype=object)
        b = np.array([Fraction(1, k) - p for p in prof[j]], dtype=object)
        P = np.moveaxis(P, axis, -1)                 # (..., degree, strategies of j)
        c0 = P.dot(a)
        c1 = P.dot(b)
        out = np.zeros((*c0.shape[:-1], c0.shape[-1] + 1), dtype=object)
        out[:] = Fraction(0)
        out[..., :-1] += c0
        out[..., 1:] += c1
        P = out
    return P


def _uniform_witness(game: Game, prof: Sequence[Sequence[Fraction]]) -> bool:
    for i in range(game.n_players):
        P = _tremble_polys(game, prof, i)
        rows = [tuple(P[s]) for s in range(P.shape[0])]
        best = max(rows)                              # lexicographic: the best for all small ε
        if any(prof[i][s] != 0 and rows[s] != best for s in range(len(rows))):
            return False
    return True


def normal_form_perfection(game: Game, profile: Sequence[Sequence[Any]]) -> PerfectionVerdict:
    """Decide whether the exact Nash equilibrium ``profile`` of ``game`` is (normal-form) perfect.

    Parameters
    ----------
    game: an exact normal-form game (the reduced normal form of a tree, say).
    profile: an exact Nash equilibrium (one Fraction vector per player).

    Returns
    -------
    :class:`PerfectionVerdict`: ``perfect`` True with the certificate used, False naming the
    dominated player, or None when neither certificate was found (three or more players).
    """
    prof = [[Fraction(v) for v in x] for x in profile]
    for i in range(game.n_players):
        M = _own_matrix(game, i)
        z = dominating_mixture(M, prof[i])
        if z is not None:
            labels = game.strategies[i]
            dom = ", ".join(f"{labels[r]}={z[r]}" for r in range(len(z)) if z[r])
            return PerfectionVerdict(False, f"{game.players[i]}'s strategy is weakly dominated by {dom}, so it is not "
                                            "a best response to any completely mixed profile")
    if _uniform_witness(game, prof):
        return PerfectionVerdict(True, "a best response of every player to the uniform trembles (1-ε)σ + ε·uniform "
                                       "for all small ε")
    if game.n_players == 2:
        for i in range(2):
            M = _own_matrix(game, i)
            if completely_mixed_belief(M, [s for s, p in enumerate(prof[i]) if p]) is None:
                return PerfectionVerdict(None, f"no exact completely mixed belief found for {game.players[i]}")
        return PerfectionVerdict(True, "each strategy is a best response to an exact completely mixed strategy of the "
                                       "other player (van Damme 1991, thm. 3.2.2)")
    return PerfectionVerdict(None, "undominated, but uniform trembles do not support it; perfection is not decided "
                                   "for three or more players")
