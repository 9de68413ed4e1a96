"""The bargain as parameters move: vectorised two-player solutions over a batch of problems.

For a batch of two-player problems ``(conv P_b, d_b)`` (``P_b`` an ``(m, 2)`` array of payoff
vectors, e.g. a model's package utilities at ``N`` parameter values) every solution is computed
for the whole batch in array operations, without a Python loop over parameter values.  The
method: every edge of the convex hull of ``P`` is a segment between two of its points, and every
segment between two points lies in the hull, so the optimum over the hull equals the best of the
optima over all ``m (m + 1) / 2`` segments ``u(t) = A + t (B - A)``, each in closed form:

* Nash: ``w_1 log(a_1 + b_1 t) + w_2 log(a_2 + b_2 t)`` with ``a = A - d``, ``b = B - A`` is
  concave; its stationary point is ``t* = -(w_1 b_1 a_2 + w_2 b_2 a_1) / ((w_1 + w_2) b_1 b_2)``,
  clipped to ``[0, 1]``.
* Egalitarian / Kalai–Smorodinsky: the furthest intersection of the ray ``d + s r`` with a
  segment (a 2x2 linear system per segment); the ideal point for KS is the largest ``u_i`` on a
  segment while the other player keeps ``u_j >= d_j``.
* Utilitarian: the best of the segments' end points and their crossings of ``u_j = d_j``.

As in :mod:`~bargain.analysis.bargaining.solutions`, a ray point that is only weakly Pareto
optimal is replaced by the dominating point with the largest total payoff, and utilitarian ties
go to the largest smallest gain, so batch and scalar answers agree.
:func:`bargain_sensitivity` sweeps each parameter over its range with the others at their
defaults and summarises how far each player's agreed payoff moves (a tornado of the bargain).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.analysis.bargaining.result import jsonable
from bargain.errors import GameError

__all__ = ["BargainSweep", "bargain_sensitivity", "batch_solution", "sweep_bargain"]

_TINY = 1e-12


def _pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(m)
    return i, j


def batch_solution(points: np.ndarray, d: np.ndarray, solution: str = "nash",
                   weights: Sequence[float] | None = None) -> np.ndarray:
    """Agreed payoffs ``(N, 2)`` for a batch of problems: ``points (N, m, 2)``, ``d (N, 2)``.

    Rows with no point strictly better than ``d`` for both players are NaN.

    Parameters
    ----------
    points : ndarray
        Feasible payoff vectors, shape ``(N, m, 2)``.
    d : ndarray
        Disagreement points, shape ``(N, 2)``.
    solution : str, default 'nash'
        ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    weights : sequence of two floats, optional
        Bargaining or utility weights (default equal).

    Returns
    -------
    ndarray
        The agreed payoffs, shape ``(N, 2)``.

    Raises
    ------
    GameError
        For points of the wrong shape, non-finite values, invalid weights or an unknown solution.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    *Econometrica* 43(3), 513-518.
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    P = np.asarray(points, dtype=float)
    D = np.asarray(d, dtype=float)
    if P.ndim != 3 or P.shape[-1] != 2:
        raise GameError(f"points must have shape (batch, m, 2) for two players; got {P.shape}")
    D = np.broadcast_to(D, (P.shape[0], 2))
    if not (np.all(np.isfinite(P)) and np.all(np.isfinite(D))):
        raise GameError("payoffs and disagreement points must be finite")
    w = np.ones(2) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (2,) or np.any(w <= 0):
        raise GameError("weights must be two positive numbers")
    scale = max(1.0, float(np.abs(P).max()))
    P = P[:, _undominated(P)]
    first, second = _pairs(P.shape[1])
    A, B = P[:, first], P[:, second]              # (N, K, 2)
    a = A - D[:, None, :]
    b = B - A
    key = solution.strip().lower().replace("_", "-")
    key = {"ks": "kalai-smorodinsky"}.get(key, key)
    if key == "nash":
        u = _nash(a, b, w)
    elif key == "egalitarian":
        u = _refine(a, b, _ray(a, b, np.broadcast_to(w, D.shape)))
    elif key == "kalai-smorodinsky":
        ideal = _ideal(a, b)
        u = _refine(a, b, _ray(a, b, ideal))
    elif key == "utilitarian":
        u = _utilitarian(a, b, w)
    else:
        raise GameError(f"unknown bargaining solution {solution!r}; choose nash, kalai-smorodinsky, egalitarian or "
                        "utilitarian")
    gain_possible = _gain_possible(a, b, scale)
    u = np.where(gain_possible[:, None], u, np.nan)
    return u + D


def _undominated(P: np.ndarray) -> np.ndarray:
    """Indices of points not weakly dominated by another point in every problem of the batch.

    A dominated point is on no Pareto optimal face, and every solution here is Pareto optimal and
    depends on the set only through its free-disposal hull, so dropping it changes nothing.
    """
    m = P.shape[1]
    ge = np.ones((m, m), dtype=bool)                                     # ge[l, k]: l >= k everywhere
    step = max(1, 20_000_000 // max(1, m * m * P.shape[2]))
    for lo in range(0, P.shape[0], step):
        chunk = P[lo:lo + step]
        ge &= np.all(chunk[:, :, None, :] >= chunk[:, None, :, :], axis=(0, 3))
    eq = ge & ge.T
    dominated = np.zeros(m, dtype=bool)
    for k in range(m):
        by = ge[:, k].copy()
        by[k] = False
        # a strictly dominating point, or an identical earlier one (keep the first of duplicates)
        strict = by & ~eq[:, k]
        dup = eq[:, k] & (np.arange(m) < k)
        dominated[k] = bool(strict.any() or dup.any())
    return np.flatnonzero(~dominated)


def _at(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    return a + t[..., None] * b


def _nash(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ts = -(w[0] * b[..., 0] * a[..., 1] + w[1] * b[..., 1] * a[..., 0]) / ((w[0] + w[1]) * b[..., 0] * b[..., 1])
    ts = np.where(np.isfinite(ts), np.clip(ts, 0.0, 1.0), 0.0)
    best_val = np.full(a.shape[0], -np.inf)
    best_u = np.full((a.shape[0], 2), np.nan)
    for t in (np.zeros_like(ts), np.ones_like(ts), ts):
        g = _at(a, b, t)
        with np.errstate(divide="ignore", invalid="ignore"):
            val = np.where(np.all(g > 0, axis=-1), w[0] * np.log(g[..., 0]) + w[1] * np.log(g[..., 1]), -np.inf)
        k = np.argmax(val, axis=1)
        v = val[np.arange(len(k)), k]
        better = v > best_val
        best_val = np.where(better, v, best_val)
        best_u = np.where(better[:, None], g[np.arange(len(k)), k], best_u)
    return best_u


def _ray(a: np.ndarray, b: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Largest ``s`` with some segment point ``g >= s r`` (free disposal), as the gain vector ``s r``.

    On a segment ``min_i (a_i + t b_i) / r_i`` is concave and piecewise linear in ``t``: its
    maximum is at an end or where the two ratios cross.
    """
    r = np.asarray(r, dtype=float)
    rr = r[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        tc = (a[..., 1] * rr[..., 0] - a[..., 0] * rr[..., 1]) / (b[..., 0] * rr[..., 1] - b[..., 1] * rr[..., 0])
    tc = np.where(np.isfinite(tc) & (tc >= 0) & (tc <= 1), tc, 0.0)
    best = np.full(a.shape[0], -np.inf)
    for t in (np.zeros(a.shape[:2]), np.ones(a.shape[:2]), tc):
        g = _at(a, b, t)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(rr > 0, g / rr, np.where(g >= 0, np.inf, -np.inf))
        best = np.maximum(best, ratio.min(axis=-1).max(axis=1))
    return best[:, None] * r


def _ideal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each player's largest gain on any segment while the other gains at least 0."""
    out = np.empty((a.shape[0], 2))
    for i in range(2):
        j = 1 - i
        cands = []
        for t in (np.zeros(a.shape[:2]), np.ones(a.shape[:2])):
            g = _at(a, b, t)
            cands.append(np.where(g[..., j] >= -_TINY, g[..., i], -np.inf))
        with np.errstate(divide="ignore", invalid="ignore"):
            tc = -a[..., j] / b[..., j]
        ok = np.isfinite(tc) & (tc >= 0) & (tc <= 1)
        g = _at(a, b, np.where(ok, tc, 0.0))
        cands.append(np.where(ok, g[..., i], -np.inf))
        out[:, i] = np.max(np.stack(cands), axis=(0, 2))
    return out


def _utilitarian(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Max ``w . g`` over segment points with ``g >= 0``; ties broken by the largest smallest gain."""
    ts = [np.zeros(a.shape[:2]), np.ones(a.shape[:2])]
    with np.errstate(divide="ignore", invalid="ignore"):
        for tc in (-a[..., 0] / b[..., 0], -a[..., 1] / b[..., 1], (a[..., 1] - a[..., 0]) / (b[..., 0] - b[..., 1])):
            ts.append(np.where(np.isfinite(tc) & (tc >= 0) & (tc <= 1), tc, 0.0))
    G = np.stack([_at(a, b, t) for t in ts], axis=1).reshape(a.shape[0], -1, 2)     # (N, C, 2)
    with np.errstate(invalid="ignore"):
        feasible = np.all(G + _TINY * (1 + np.abs(G)) >= 0, axis=-1)
        val = np.where(feasible, G @ w, -np.inf)
        top = val.max(axis=1, keepdims=True)
        near = feasible & (val >= top - 1e-12 * (1 + np.abs(top)))
        score = np.where(near, G.min(axis=-1), -np.inf)
    k = np.argmax(score, axis=1)
    return G[np.arange(len(k)), k]


def _refine(a: np.ndarray, b: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The point with the largest total gain among those dominating the gains ``p`` (Pareto refinement)."""
    with np.errstate(invalid="ignore"):
        shifted = a - p[:, None, :]
        return p + _utilitarian(shifted, b, np.ones(2))


def _gain_possible(a: np.ndarray, b: np.ndarray, scale: float) -> np.ndarray:
    """Whether some point gives both players a strictly positive gain (the egalitarian ray leaves 0)."""
    eg = _ray(a, b, np.ones((a.shape[0], 2)))
    return eg[:, 0] > 1e-12 * scale


@dataclass(frozen=True, eq=False)
class BargainSweep:
    """Agreed payoffs as one parameter moves: ``payoffs[k]`` at ``values[k]`` (NaN: no deal possible).

    Parameters
    ----------
    parameter : str
        The parameter moved.
    values : ndarray
        Its values, shape ``(N,)``.
    payoffs : ndarray
        The agreed payoffs, shape ``(N, 2)`` (NaN: no deal possible).
    disagreement : ndarray
        The disagreement points, shape ``(N, 2)``.
    solution : str
        The bargaining solution.
    players : tuple of str
        The players' names.
    """

    parameter: str
    values: np.ndarray
    payoffs: np.ndarray
    disagreement: np.ndarray
    solution: str
    players: tuple[str, ...]

    @property
    def gains(self) -> np.ndarray:
        return self.payoffs - self.disagreement

    def to_dict(self) -> dict[str, Any]:
        return jsonable({"parameter": self.parameter, "solution": self.solution, "players": list(self.players),
                         "values": self.values, "payoffs": self.payoffs, "disagreement": self.disagreement})

    def __repr__(self) -> str:
        lo, hi = self.values[0], self.values[-1]
        parts = []
        for i, p in enumerate(self.players):
            col = self.payoffs[:, i]
            if np.all(np.isnan(col)):
                parts.append(f"{p}: no deal")
            else:
                parts.append(f"{p} {np.nanmin(col):.4g}..{np.nanmax(col):.4g}")
        return (f"BargainSweep({self.solution} over {self.parameter} in [{lo:g}, {hi:g}], {len(self.values)} points: "
                + "; ".join(parts) + ")")


def sweep_bargain(points: Callable[..., Any], disagreement: Callable[..., Any], parameter: str,
                  values: Sequence[float], *, solution: str = "nash", weights: Sequence[float] | None = None,
                  fixed: Mapping[str, Any] | None = None, players: Sequence[str] = ("P1", "P2")) -> BargainSweep:
    """The bargain at every value of one parameter, in one batch.

    ``points(**params)`` returns the feasible payoff vectors, shape ``(N, m, 2)`` when
    ``params[parameter]`` has shape ``(N, 1)``; ``disagreement(**params)`` returns ``(N, 2)`` (or
    ``(N, 1, 2)``).  ``fixed`` gives the other parameters.

    Parameters
    ----------
    points : callable
        ``points(**params)`` -> feasible payoff vectors, shape ``(N, m, 2)``.
    disagreement : callable
        ``disagreement(**params)`` -> ``(N, 2)`` (or ``(N, 1, 2)``).
    parameter : str
        The parameter moved.
    values : sequence of float
        Its values.
    solution : str, default 'nash'
        ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    weights : sequence of two floats, optional
        Bargaining or utility weights (default equal).
    fixed : mapping of str to number, optional
        The other parameters.
    players : sequence of str, default ('P1', 'P2')
        The players' names.

    Returns
    -------
    BargainSweep
        The agreed payoffs at every value.

    Raises
    ------
    GameError
        For no values (and as :func:`batch_solution`).

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    *Econometrica* 43(3), 513-518.
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    vals = np.asarray(values, dtype=float).ravel()
    if vals.size == 0:
        raise GameError("give at least one parameter value to sweep")
    params = dict(fixed or {})
    params[parameter] = vals[:, None]
    P = np.asarray(points(**params), dtype=float)
    P = np.broadcast_to(P, (vals.size, *P.shape[-2:])) if P.ndim == 2 else P
    D = np.asarray(disagreement(**params), dtype=float).reshape(-1, 2)
    D = np.broadcast_to(D, (vals.size, 2))
    u = batch_solution(P, D, solution, weights)
    return BargainSweep(parameter, vals, u, np.array(D), solution, tuple(players))


def bargain_sensitivity(points: Callable[..., Any], disagreement: Callable[..., Any],
                        ranges: Mapping[str, tuple[float, float]], defaults: Mapping[str, float], *,
                        n: int = 101, solution: str = "nash", weights: Sequence[float] | None = None,
                        players: Sequence[str] = ("P1", "P2")) -> dict[str, BargainSweep]:
    """Sweep each parameter over its range (the others at ``defaults``): a tornado of the bargain.

    Returns ``{name: BargainSweep}``; the swing of player ``i`` is
    ``nanmax - nanmin`` of ``sweep.payoffs[:, i]``.

    Parameters
    ----------
    points : callable
        ``points(**params)`` -> feasible payoff vectors, as for :func:`sweep_bargain`.
    disagreement : callable
        ``disagreement(**params)``, as for :func:`sweep_bargain`.
    ranges : mapping of str to (float, float)
        Each parameter's range.
    defaults : mapping of str to float
        Each parameter's base value.
    n : int, default 101
        Values per parameter.
    solution : str, default 'nash'
        ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    weights : sequence of two floats, optional
        Bargaining or utility weights (default equal).
    players : sequence of str, default ('P1', 'P2')
        The players' names.

    Returns
    -------
    dict of str to BargainSweep
        One sweep per parameter.

    References
    ----------
    Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, sec. 1.2.
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    """
    out = {}
    for name, (lo, hi) in ranges.items():
        fixed = {k: v for k, v in defaults.items() if k != name}
        out[name] = sweep_bargain(points, disagreement, name, np.linspace(lo, hi, int(n)), solution=solution,
                                  weights=weights, fixed=fixed, players=players)
    return dict(sorted(out.items(), key=lambda kv: -float(np.nan_to_num(
        np.nanmax(kv[1].payoffs, axis=0) - np.nanmin(kv[1].payoffs, axis=0)).max()) if np.any(
        np.isfinite(kv[1].payoffs)) else 0.0))
