"""Smooth feasible sets: a Pareto frontier ``u_n = f(u_1, ..., u_{n-1})`` with free disposal below it.

Solutions on a frontier are numerical (to ~1e-12); see :mod:`bargain.analysis.bargaining.smooth`.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bargain.analysis.bargaining.feasible import FeasibleSet, player_names
from bargain.errors import GameError

__all__ = ["Frontier"]


class Frontier(FeasibleSet):
    """A smooth Pareto frontier ``u_n = f(u_1, ..., u_{n-1})`` over a box, with free disposal below it.

    ``S = {u : lo_i <= u_i <= hi_i (i < n), u_n <= f(u_1..u_{n-1})}`` together with every point
    below one of these.  ``f`` must be vectorised (numpy), decreasing in each argument (it is a
    Pareto frontier) and concave (so that ``S`` is convex); both are checked on a grid.

    Example: splitting a unit with ``u1 = x``, ``u2 = sqrt(1 - x)`` is
    ``Frontier(lambda x: np.sqrt(1 - x), (0, 1))``.

    Parameters
    ----------
    f : Callable[..., Any]
        ``f(u1, ..., u_{n-1}) -> u_n``, called with float arrays.
    bounds : Any
        ``[(lo_1, hi_1), ..., (lo_{n-1}, hi_{n-1})]`` (a single pair for two players).
    gradient : Callable[..., Any] | None, optional
        optional ``grad(u1, ..., u_{n-1}) -> sequence of partial derivatives``; without it
        derivatives are 4th-order finite differences.
    players : sequence of str, optional
        The players' names.

    Raises
    ------
    GameError
        For an ``f`` that is not callable, not finite, increasing or not concave on the box, or
        bounds that are not finite ``(low, high)`` pairs with ``low < high``.
    """

    exact = False

    def __init__(self, f: Callable[..., Any], bounds: Any, players: Sequence[str] | None = None,
                 gradient: Callable[..., Any] | None = None) -> None:
        if not callable(f):
            raise GameError("the frontier must be a function f(u1, ..., u_{n-1}) -> u_n")
        b = np.asarray(bounds, dtype=float)
        if b.shape == (2,):
            b = b.reshape(1, 2)
        if b.ndim != 2 or b.shape[1] != 2 or b.shape[0] < 1:
            raise GameError(f"bounds must be one (low, high) pair per player but the last; got shape {b.shape}")
        if not np.all(np.isfinite(b)) or np.any(b[:, 0] >= b[:, 1]):
            raise GameError(f"bounds {b.tolist()} must be finite with low < high for each player")
        self.f = f
        self.gradient_function = gradient
        self.lo, self.hi = b[:, 0].copy(), b[:, 1].copy()
        self.players = player_names(players, b.shape[0] + 1)
        self._check_shape()

    @property
    def k(self) -> int:
        """Number of free coordinates (players minus one)."""
        return len(self.lo)

    def value(self, x: Any) -> np.ndarray:
        """``f`` at points ``x`` of shape ``(..., n-1)`` (clipped into the box: free disposal)."""
        x = np.clip(np.asarray(x, dtype=float), self.lo, self.hi)
        with np.errstate(all="ignore"):
            out = np.asarray(self.f(*np.moveaxis(x, -1, 0)), dtype=float)
        return np.broadcast_to(out, x.shape[:-1]).copy()

    def _check_shape(self) -> None:
        g = np.linspace(0.0, 1.0, 41 if self.k == 1 else (13 if self.k == 2 else 5))
        axes = [self.lo[i] + g * (self.hi[i] - self.lo[i]) for i in range(self.k)]
        grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, self.k)
        vals = self.value(grid)
        if not np.all(np.isfinite(vals)):
            bad = grid[np.flatnonzero(~np.isfinite(vals))[0]]
            raise GameError(f"the frontier function is not finite at {bad.tolist()}; it must be defined on the "
                            "whole box given by bounds")
        shape = (len(g),) * self.k
        v = vals.reshape(shape)
        scale = max(1.0, float(np.abs(v).max()))
        for ax in range(self.k):
            if np.any(np.diff(v, axis=ax) > 1e-9 * scale):
                raise GameError(f"the frontier must be non-increasing in the payoff of {self.players[ax]} (it is a "
                                "Pareto frontier: more for one player means less for the others)")
        # midpoint concavity along each axis and the diagonal
        for ax in range(self.k):
            sl = [slice(None)] * self.k
            a = [slice(None)] * self.k
            c = [slice(None)] * self.k
            a[ax], sl[ax], c[ax] = slice(0, -2), slice(1, -1), slice(2, None)
            if np.any(v[tuple(sl)] < (v[tuple(a)] + v[tuple(c)]) / 2 - 1e-9 * scale):
                raise GameError("the frontier must be concave (the feasible set must be convex); check f")

    def partials(self, x: np.ndarray) -> np.ndarray:
        """Partial derivatives of ``f`` at one point ``x`` (length n-1)."""
        x = np.asarray(x, dtype=float)
        if self.gradient_function is not None:
            return np.asarray(self.gradient_function(*x), dtype=float).reshape(self.k)
        out = np.empty(self.k)
        for i in range(self.k):
            out[i] = _derivative(lambda s, i=i: self.value(_with(x, i, s)), float(x[i]), self.lo[i], self.hi[i])
        return out

    def __repr__(self) -> str:
        return f"<Frontier players={list(self.players)} bounds={np.c_[self.lo, self.hi].tolist()}>"


def _with(x: np.ndarray, i: int, s: Any) -> np.ndarray:
    s = np.asarray(s, dtype=float)
    out = np.broadcast_to(x, (*s.shape, len(x))).copy()
    out[..., i] = s
    return out


def _derivative(g: Callable[[np.ndarray], np.ndarray], x: float, lo: float, hi: float) -> float:
    """4th-order finite difference of a scalar function inside ``[lo, hi]`` (one-sided near the ends)."""
    h = 1e-3 * (hi - lo)
    if x - 2 * h >= lo and x + 2 * h <= hi:
        s = x + h * np.array([-2.0, -1.0, 1.0, 2.0])
        v = g(s)
        return float((v[0] - 8 * v[1] + 8 * v[2] - v[3]) / (12 * h))
    sign = 1.0 if x + 4 * h <= hi else -1.0
    s = x + sign * h * np.arange(5.0)
    v = g(s)
    return float(sign * (-25 * v[0] + 48 * v[1] - 36 * v[2] + 16 * v[3] - 3 * v[4]) / (12 * h))
