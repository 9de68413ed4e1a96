"""δ* as a function of a model's parameters, batched, and where it crosses a given discount factor.

:func:`critical_delta_sweep` evaluates the model's payoffs along a parameter grid in one array
operation (:meth:`bargain.Model.payoffs`) and computes the critical discount factor of a pure
target at every point without a Python loop over points: the grim-trigger threshold

    δ*_i(θ) = g_i(θ) / (g_i(θ) + u_i(a; θ) - w_i(θ)),   g_i = d_i(a) - u_i(a),

with ``w_i`` the worst pure stage equilibrium for ``i`` (or a named one) at each θ, or the best
common one-period stick (Abreu 1986) over all profiles.  :func:`delta_threshold` finds the
parameter values where ``δ*(θ)`` crosses a given δ, i.e. where cooperation at that δ starts or
stops sustaining itself (Brent's method on the pointwise curve).  ``bg.sweep`` and
``bg.thresholds`` follow equilibria of the stage game, not δ*; these two functions are their
repeated-game counterparts.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
Studies* 38, 1-12.
Abreu, D. (1986). Extremal equilibria of oligopolistic supergames. *Journal of Economic Theory*
39, 191-225.
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*. Prentice-Hall, ch. 4.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bargain.analysis.repeated._stage import profile_index
from bargain.analysis.repeated.result import DeltaCurve
from bargain.errors import GameError

__all__ = ["critical_delta_sweep", "delta_threshold", "critical_delta_batch"]


def _thresholds(gain: np.ndarray, surplus: np.ndarray) -> np.ndarray:
    """Vectorised ``δ (gain + surplus) >= gain`` thresholds: NaN where no δ < 1 works."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(gain <= 0, np.where(surplus >= 0, 0.0, np.nan),
                     np.where(surplus > 0, gain / (gain + surplus), np.nan))
    return t


def critical_delta_batch(P: np.ndarray, target: Sequence[int], *, method: str = "grim",
                         punishment: Any = "worst") -> tuple[np.ndarray, np.ndarray]:
    """δ* of a pure target for a batch of payoff tensors ``P`` of shape ``(N, n, s_1, ..., s_n)``.

    Returns ``(delta, per_player)`` with shapes ``(N,)`` and ``(N, n)``; NaN where the target cannot
    be sustained (or, for ``"grim"``, where the punishment is not a pure stage equilibrium).
    """
    from bargain.solvers.pure import pure_equilibrium_mask

    P = np.asarray(P, dtype=float)
    N, n = P.shape[0], P.shape[1]
    a = tuple(int(x) for x in target)
    u = np.stack([P[(slice(None), i, *a)] for i in range(n)], axis=1)                     # (N, n)
    d = np.stack([P[(slice(None), i, *a[:i], slice(None), *a[i + 1:])].max(axis=1) for i in range(n)], axis=1)
    gain = d - u
    if method == "grim":
        mask = pure_equilibrium_mask(P, 1e-12, n_players=n)                                          # (N, *shape)
        if isinstance(punishment, str) and punishment == "worst":
            w = np.stack([np.where(mask, P[:, i], np.inf).reshape(N, -1).min(axis=1) for i in range(n)], axis=1)
            w[~np.isfinite(w)] = np.nan
        else:
            e = tuple(int(x) for x in punishment)
            w = np.stack([P[(slice(None), i, *e)] for i in range(n)], axis=1)
            w[~mask[(slice(None), *e)]] = np.nan
        per = _thresholds(gain, u - w)
        per[np.isnan(w)] = np.nan
    elif method == "stick-carrot":
        flat = P.reshape(N, n, -1)                                                      # (N, n, K)
        D = np.stack([np.broadcast_to(P[:, i].max(axis=1 + i, keepdims=True), (N, *P.shape[2:])).reshape(N, -1)
                      for i in range(n)], axis=1)                                     # best deviation at each stick
        R = np.maximum(gain[..., None], D - flat)                                       # (N, n, K)
        L = u[..., None] - flat
        with np.errstate(divide="ignore", invalid="ignore"):
            T = np.where(R <= 0, np.where(L >= 0, 0.0, np.inf), np.where(L > R, R / L, np.inf))
        best = np.argmin(T.max(axis=1), axis=1)                                          # best common stick
        per = np.take_along_axis(T, best[:, None, None], axis=2)[..., 0]
        per[~np.isfinite(per)] = np.nan
    else:
        raise GameError(f"unknown method {method!r}: use 'grim' or 'stick-carrot'")
    delta = np.where(np.isnan(per).any(axis=1), np.nan, np.nanmax(np.where(np.isnan(per), -1.0, per), axis=1))
    return delta, per


def _grid(model: Any, parameter: str, values: Any, n: int) -> np.ndarray:
    from bargain.analysis.sweep import grid_values

    if values is None:
        return grid_values(model, parameter, n)
    v = np.atleast_1d(np.asarray(values, dtype=float))
    if v.ndim != 1 or v.size == 0:
        raise GameError(f"values for {parameter!r} must be a non-empty 1-D array")
    return v


def critical_delta_sweep(model: Any, parameter: str, values: Any = None, *, target: Sequence[int | str],
                         method: str = "grim", punishment: Any = "worst", n: int = 201,
                         fixed: Mapping[str, Any] | None = None) -> DeltaCurve:
    """δ* of a pure target along one parameter of a model, in one batched evaluation.

    Parameters
    ----------
    model : Any
        A :class:`~bargain.model.parameters.Model`.
    parameter : str
        The parameter to vary.
    values : Any, optional
        Its values (default: ``n`` points across its bounds).
    target : Sequence[int | str]
        The pure profile to sustain (strategy names or indices).
    method : str, default 'grim'
        ``"grim"`` (Nash reversion to the worst pure stage equilibrium, or to ``punishment``) or
        ``"stick-carrot"`` (best common one-period stick).
    fixed : Mapping[str, Any] | None, optional
        Values of other parameters (defaults elsewhere).
    punishment : str, int or profile, default 'worst'
        The stage equilibrium reverted to: ``"worst"`` (each player's worst), an index into the
        stage equilibria, or a pure profile.
    n : int
        Grid points across the parameter's bounds when no values are given.

    Returns
    -------
    DeltaCurve
        NaN where the target is not sustainable for any δ < 1 (or no pure stage equilibrium
        exists to revert to; use :func:`.grim.grim_trigger` there for mixed punishments).

    Raises
    ------
    GameError
        For a Game instead of a Model, an unknown parameter or a malformed profile.

    References
    ----------
    Friedman (1971); Abreu (1986).
    """
    if not (hasattr(model, "parameters") and hasattr(model, "payoffs")):
        raise GameError("critical_delta_sweep needs a Model (bg.load_game(name)); for one Game use grim_trigger")
    model.parameter(parameter)
    fixed = dict(fixed or {})
    xs = _grid(model, parameter, values, n)
    g0 = model.game(**fixed)
    a = profile_index(g0, target)
    pun = punishment if (isinstance(punishment, str) and punishment == "worst") else profile_index(g0, punishment)
    P = model.payoffs(**{**fixed, parameter: xs})
    delta, per = critical_delta_batch(P, a, method=method, punishment=pun)
    label = "(" + ", ".join(g0.strategies[i][k] for i, k in enumerate(a)) + ")"
    return DeltaCurve(model.name, parameter, xs, delta, per, label, method,
                      {k: float(v) for k, v in fixed.items()})


def delta_threshold(model: Any, parameter: str, *, target: Sequence[int | str], delta: float, method: str = "grim",
                    punishment: Any = "worst", n: int = 401, fixed: Mapping[str, Any] | None = None
                    ) -> list[tuple[float, str]]:
    """Parameter values where ``δ*(θ)`` crosses ``delta``: where cooperation at ``delta`` starts or stops.

    Parameters
    ----------
    model : Model
        A :class:`bargain.Model` (a game with named parameters).
    delta : number
        The common discount factor, in (0, 1).
    punishment : str, int or profile, default 'worst'
        The stage equilibrium reverted to: ``"worst"`` (each player's worst), an index into the
        stage equilibria, or a pure profile.
    n : int
        Grid points across the parameter's bounds when no values are given.
    fixed : mapping of str to number, optional
        Values of the other parameters (the rest take their defaults).
    parameter : str
        The parameter to vary.
    target : sequence of int or str
        The pure profile to sustain (strategy names or indices).
    method : str, default 'grim'
        ``"grim"`` or ``"stick-carrot"`` (as for :func:`critical_delta_sweep`).

    Returns
    -------
    list of (value, what)
        ``what`` is ``"starts"`` (sustained just above the value, as the parameter grows) or
        ``"stops"``; found on an ``n``-point grid over the parameter's bounds and refined by
        Brent's method (or bisection where δ* jumps, e.g. where the punishment equilibrium
        disappears).

    References
    ----------
    Brent (1973), ch. 4.
    """
    from scipy.optimize import brentq

    curve = critical_delta_sweep(model, parameter, None, target=target, method=method, punishment=punishment,
                                 n=n, fixed=fixed)
    fixed = dict(fixed or {})
    g0 = model.game(**fixed)
    a = profile_index(g0, target)
    pun = punishment if (isinstance(punishment, str) and punishment == "worst") else profile_index(g0, punishment)

    def dstar(x: float) -> float:
        P = model.payoffs(**{**fixed, parameter: np.array([x])})
        return float(critical_delta_batch(P, a, method=method, punishment=pun)[0][0])

    def sustained(x: float) -> bool:
        v = dstar(x)
        return bool(np.isfinite(v) and v <= delta)

    xs, ds = curve.values, curve.delta
    ok = np.isfinite(ds) & (ds <= delta)
    out = []
    for k in np.flatnonzero(ok[1:] != ok[:-1]):
        lo, hi = float(xs[k]), float(xs[k + 1])
        if np.isfinite(ds[k]) and np.isfinite(ds[k + 1]):
            x = brentq(lambda t: dstar(t) - delta, lo, hi, xtol=1e-12)
        else:
            s_lo = sustained(lo)
            for _ in range(60):
                mid = 0.5 * (lo + hi)
                if sustained(mid) == s_lo:
                    lo = mid
                else:
                    hi = mid
            x = 0.5 * (lo + hi)
        out.append((float(x), "starts" if ok[k + 1] else "stops"))
    return out
