"""Bargaining solutions on a smooth frontier ``u_n = f(u_1, ..., u_{n-1})`` (numerical, ~1e-12).

* Ideal point: ``a_n = f(x_0)`` with ``x_0 = max(d, lo)`` coordinatewise, and for ``i < n`` the
  largest ``u_i`` with ``f >= d_n`` when the others are at ``x_0`` (``f`` is decreasing, so that
  is the best case for player ``i``): one bracketed root each.
* Kalai–Smorodinsky and egalitarian: the root in ``t`` of ``d_n + t r_n = f(d_{<n} + t r_{<n})``
  (Brent's method; the left side increases and the right side decreases in ``t``).
* Nash: two players solve the first-order condition
  ``w_1 / (x - d_1) + w_2 f'(x) / (f(x) - d_2) = 0`` (decreasing in ``x`` because the log Nash
  product is concave) by Brent's method; more players maximise the log Nash product with
  L-BFGS-B and polish the first-order conditions with a Newton-type root finder.
* Utilitarian: ``w_i + w_n df/du_i = 0`` likewise.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq, minimize

from bargain.analysis.bargaining.frontier import Frontier
from bargain.errors import GameError

__all__ = ["has_strict_gain", "ideal_frontier", "nash_frontier", "ray_frontier", "utilitarian_frontier"]

_XTOL = 1e-15


def _x0(S: Frontier, d: np.ndarray) -> np.ndarray:
    return np.maximum(d[:-1], S.lo)


def has_strict_gain(S: Frontier, d: np.ndarray) -> bool:
    """Whether some point of ``S`` gives every player strictly more than ``d``."""
    x0 = _x0(S, d)
    if np.any(d[:-1] >= S.hi):
        return False
    return bool(S.value(x0) > d[-1])


def ideal_frontier(S: Frontier, d: np.ndarray) -> np.ndarray:
    """The ideal point: each player's best payoff among points giving everyone at least ``d``."""
    x0 = _x0(S, d)
    a = np.empty(S.n_players)
    a[-1] = float(S.value(x0))
    for i in range(S.k):
        def g(s: float, i: int = i) -> float:
            x = x0.copy()
            x[i] = s
            return float(S.value(x)) - d[-1]

        a[i] = S.hi[i] if g(S.hi[i]) >= 0 else brentq(g, x0[i], S.hi[i], xtol=_XTOL, rtol=4 * np.finfo(float).eps)
    return a


def ray_frontier(S: Frontier, d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """The furthest point ``d + t r`` of ``S`` (``r > 0``), lifted to the frontier if it leaves through the box."""
    r = np.asarray(r, dtype=float)
    with np.errstate(divide="ignore"):
        t_box = float(np.min(np.where(r[:-1] > 0, (S.hi - d[:-1]) / r[:-1], np.inf)))

    def g(t: float) -> float:
        p = d + t * r
        return p[-1] - float(S.value(p[:-1]))

    if not np.isfinite(t_box):  # pragma: no cover - r has positive entries for i < n
        raise GameError("the direction must increase some player's payoff")
    if g(t_box) <= 0:
        p = d + t_box * r
        p[-1] = float(S.value(p[:-1]))
        return p
    t = brentq(g, 0.0, t_box, xtol=_XTOL, rtol=4 * np.finfo(float).eps)
    p = d + t * r
    p[-1] = float(S.value(p[:-1]))
    return p


def _box(S: Frontier, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = ideal_frontier(S, d)
    return _x0(S, d), np.minimum(a[:-1], S.hi)


def nash_frontier(S: Frontier, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Maximiser of ``sum_i w_i log(u_i - d_i)`` on the frontier."""
    lo, hi = _box(S, d)
    if S.k == 1:
        x = _nash_1d(S, d, w, float(lo[0]), float(hi[0]))
        return np.array([x, float(S.value(np.array([x])))])
    return _nash_nd(S, d, w, lo, hi)


def _nash_1d(S: Frontier, d: np.ndarray, w: np.ndarray, lo: float, hi: float) -> float:
    span = hi - lo

    def phi(x: float) -> float:
        fx = float(S.value(np.array([x])))
        return w[0] / (x - d[0]) + w[1] * float(S.partials(np.array([x]))[0]) / (fx - d[1])

    left = lo if lo > d[0] else lo + 1e-13 * max(1.0, span)
    right = hi if float(S.value(np.array([hi]))) > d[1] else hi - 1e-13 * max(1.0, span)
    pl, pr = phi(left), phi(right)
    if pl <= 0:
        return left
    if pr >= 0:
        return right
    return brentq(phi, left, right, xtol=_XTOL, rtol=4 * np.finfo(float).eps, maxiter=500)


def _objective(S: Frontier, d: np.ndarray, w: np.ndarray):
    def f(x: np.ndarray) -> float:
        g = np.r_[x - d[:-1], float(S.value(x)) - d[-1]]
        if np.any(g <= 0):
            return np.inf
        return -float(w @ np.log(g))

    def grad(x: np.ndarray) -> np.ndarray:
        g = np.r_[x - d[:-1], float(S.value(x)) - d[-1]]
        return -(w[:-1] / g[:-1] + w[-1] * S.partials(x) / g[-1])

    return f, grad


def _newton_box(f, grad, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Minimise a smooth convex ``f`` over a box by projected damped Newton (finite-difference Hessian)."""
    k = len(x)
    for _ in range(200):
        g = grad(x)
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        H = np.empty((k, k))
        for j in range(k):
            e = np.zeros(k)
            e[j] = h[j]
            H[:, j] = (grad(np.clip(x + e, lo, hi)) - grad(np.clip(x - e, lo, hi))) / (
                np.clip(x + e, lo, hi)[j] - np.clip(x - e, lo, hi)[j])
        H = (H + H.T) / 2
        try:
            step = -np.linalg.solve(H, g)
            if g @ step >= 0:
                raise np.linalg.LinAlgError
        except np.linalg.LinAlgError:
            step = -g * 1e-3 * float(np.max(hi - lo)) / max(1e-300, float(np.linalg.norm(g)))
        f0, alpha, gnorm = f(x), 1.0, float(np.linalg.norm(g))
        while alpha > 1e-14:
            trial = np.clip(x + alpha * step, lo, hi)
            ft = f(trial)
            # descent, or near the optimum (f flat to rounding) a step that shrinks the gradient
            if ft < f0 or (np.isfinite(ft) and ft <= f0 + 1e-12 * (1 + abs(f0))
                           and float(np.linalg.norm(grad(trial))) < gnorm):
                break
            alpha /= 2
        else:
            break
        moved = trial - x
        x = trial
        if np.linalg.norm(moved) <= 1e-15 * (1 + np.linalg.norm(x)):
            break
    return x


def _nash_nd(S: Frontier, d: np.ndarray, w: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    ks = ray_frontier(S, d, ideal_frontier(S, d) - d)
    f, grad = _objective(S, d, w)
    eps = 1e-12 * np.maximum(1.0, hi - lo)
    x = _newton_box(f, grad, np.clip(ks[:-1], lo + eps, hi), lo + eps, hi)
    return np.r_[x, float(S.value(x))]


def utilitarian_frontier(S: Frontier, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Maximiser of ``sum_i w_i u_i`` on the frontier among points giving everyone at least ``d``."""
    lo, hi = _box(S, d)
    if S.k == 1:
        def dphi(x: float) -> float:
            return w[0] + w[1] * float(S.partials(np.array([x]))[0])

        a, b = float(lo[0]), float(hi[0])
        if dphi(a) <= 0:
            x = a
        elif dphi(b) >= 0:
            x = b
        else:
            x = brentq(dphi, a, b, xtol=_XTOL, rtol=4 * np.finfo(float).eps)
        return np.array([x, float(S.value(np.array([x])))])

    def f(x: np.ndarray) -> float:
        return -float(w[:-1] @ x + w[-1] * S.value(x))

    def grad(x: np.ndarray) -> np.ndarray:
        return -(w[:-1] + w[-1] * S.partials(x))

    cons = [{"type": "ineq", "fun": lambda x: float(S.value(x)) - d[-1]}]
    res = minimize(f, (lo + hi) / 2, jac=grad, method="SLSQP", bounds=list(zip(lo, hi, strict=True)),
                   constraints=cons, options={"ftol": 1e-15, "maxiter": 500})
    x = res.x
    if float(S.value(x)) > d[-1] + 1e-9:   # the floor on u_n is slack: polish by Newton
        x = _newton_box(f, grad, x, lo, hi)
    return np.r_[x, float(S.value(x))]
