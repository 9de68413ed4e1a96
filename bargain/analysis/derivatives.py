"""Comparative statics of an equilibrium: its derivatives with respect to each parameter.

On a fixed support profile ``S = (S_1, ..., S_n)`` an equilibrium ``x`` with values ``v`` solves
the *indifference system*

    F_ik(x, v; theta) = v_i(k; x_{-i}) - v_i = 0      for every player i and k in S_i,
    F_i0(x, v; theta) = sum_{k in S_i} x_i(k) - 1 = 0,

``sum_i (|S_i| + 1)`` equations in as many unknowns.  The equilibrium is *regular* (Harsanyi
1973; van Damme 1991, *Stability and Perfection of Nash Equilibria*, def. 2.5.1) when strategies
outside the support are strictly worse and the Jacobian ``J = dF/d(x, v)`` is invertible; then by
the implicit function theorem the equilibrium moves smoothly with ``theta`` on the same support,
with

    d(x, v)/d theta = -J^{-1} dF/d theta,

where ``dF_ik/d theta = v_i^{du/d theta}(k; x_{-i})`` is the deviation payoff computed with the
derivative of the payoff tensor.  At the equilibrium a player's expected payoff equals ``v_i``,
so ``d u_i / d theta = d v_i / d theta``.  The *elasticity* of a quantity ``q`` is
``(dq/d theta) (theta / q)``: the percentage change of ``q`` per percent change of ``theta``.

The blocks of ``J`` are ``dv_i(k)/dx_j(l) = u_i(k, l, x_{-ij})`` (pairwise payoffs).  The payoff
derivative ``du/d theta`` comes from the model by a central difference with one Richardson
extrapolation (error ``O(h^4)``, about 1e-12 for smooth payoffs; exact for affine ones up to
rounding), one-sided at a bound.  Values and derivatives below the noise floor
(:mod:`bargain.analysis.noise`: 1e-9 times the payoff range, spread over the parameter's range for
a derivative) are exactly 0, and an elasticity of a quantity that is 0 is undefined (NaN).

The same system, solved by Newton's method, follows an equilibrium to a nearby parameter value
(:func:`newton_support`), which is how :mod:`bargain.analysis.thresholds` finds where it stops.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.analysis.noise import denoise, derivative_floor, payoff_scale
from bargain.errors import GameError
from bargain.model.game import contract

__all__ = [
    "Derivatives",
    "derivatives",
    "newton_support",
    "payoff_derivative",
    "support_jacobian",
    "support_residual",
]

Support = tuple[tuple[int, ...], ...]


# --------------------------------------------------------------------------- the indifference system
def _layout(support: Support) -> list[tuple[np.ndarray, int]]:
    """For each player: indices of its probabilities in the unknown vector and of its value ``v_i``."""
    out, o = [], 0
    for s in support:
        out.append((np.arange(o, o + len(s)), o + len(s)))
        o += len(s) + 1
    return out


def pack(profile: Sequence[np.ndarray], values: Sequence[float], support: Support) -> np.ndarray:
    """The unknown vector ``(x_1|S_1, v_1, ..., x_n|S_n, v_n)``."""
    parts = []
    for x, v, s in zip(profile, values, support, strict=True):
        parts.append(np.asarray(x, float)[list(s)])
        parts.append([float(v)])
    return np.concatenate(parts)


def unpack(w: np.ndarray, support: Support, shape: Sequence[int]) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """``(profile, values)`` from the unknown vector (zeros off the support)."""
    prof, vals = [], []
    for (idx, vi), s, size in zip(_layout(support), support, shape, strict=True):
        x = np.zeros(size)
        x[list(s)] = w[idx]
        prof.append(x)
        vals.append(w[vi])
    return tuple(prof), np.array(vals)


def support_residual(U: np.ndarray, support: Support, w: np.ndarray) -> np.ndarray:
    """``F(w)`` of the indifference system of ``support`` for the payoff tensor ``U``."""
    prof, vals = unpack(w, support, U.shape[1:])
    F = []
    for i, s in enumerate(support):
        dev = contract(U[i], prof, [i])
        F.extend(dev[list(s)] - vals[i])
        F.append(prof[i].sum() - 1.0)
    return np.array(F)


def support_jacobian(U: np.ndarray, support: Support, w: np.ndarray) -> np.ndarray:
    """``J = dF/dw`` of the indifference system (pairwise-payoff blocks, -1 for the values)."""
    n = U.shape[0]
    prof, _ = unpack(w, support, U.shape[1:])
    lay = _layout(support)
    size = sum(len(s) + 1 for s in support)
    J = np.zeros((size, size))
    for i in range(n):
        rows, vi = lay[i]
        for j in range(n):
            if j == i:
                continue
            # pairwise[k, l] = u_i(k, l, x_{-ij}); contract the other players.
            pw = contract(U[i], prof, [i, j])
            cols = lay[j][0]
            J[np.ix_(rows, cols)] = pw[np.ix_(list(support[i]), list(support[j]))]
        J[rows, vi] = -1.0
        J[vi, rows] = 1.0
    return J


def newton_support(U: np.ndarray, support: Support, w0: np.ndarray, *, tol: float = 1e-13,
                   maxiter: int = 25, polish: bool = False) -> np.ndarray | None:
    """Solve the indifference system of ``support`` by Newton's method from ``w0``.

    Returns the solution, or None if the iteration fails (singular Jacobian or no convergence):
    near a fold the system has no real solution nearby.

    With ``polish``, the iteration goes on past ``tol`` while each step lowers the residual (at most
    ``POLISH_STEPS`` steps, at least one): the solution is then accurate to rounding, and moves with
    the payoffs however little they change.  Without it, a warm start whose residual is already under
    ``tol`` is returned unchanged, so the solution stands still over a small stretch of the parameter
    (about ``tol`` times the payoff range, divided by the rate at which the residual grows) and jumps at
    its end: a function of it is a staircase, and a root finder on it stops at a step, up to
    ``cond(J) * tol`` away from the true root (Dennis and Schnabel 1996, *Numerical Methods for
    Unconstrained Optimization and Nonlinear Equations*, sec. 5.2: Newton's method converges
    quadratically near a regular root, so one or two more steps reach rounding).
    """
    w = np.array(w0, float)
    scale = max(float(np.ptp(U)), 1e-300)
    for _ in range(maxiter):
        F = support_residual(U, support, w)
        if np.max(np.abs(F)) <= tol * scale:
            return _polished(U, support, w, F) if polish else w
        try:
            step = np.linalg.solve(support_jacobian(U, support, w), F)
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(step)):
            return None
        w = w - step
    F = support_residual(U, support, w)
    if np.max(np.abs(F)) > 1e3 * tol * scale:
        return None
    return _polished(U, support, w, F) if polish else w


#: Newton steps at most taken past the tolerance by ``newton_support(..., polish=True)``.
POLISH_STEPS = 3


def _polished(U: np.ndarray, support: Support, w: np.ndarray, F: np.ndarray) -> np.ndarray:
    """Newton steps from a converged ``w`` (residual ``F``) while the residual falls."""
    best, res = w, float(np.max(np.abs(F)))
    for _ in range(POLISH_STEPS):
        if res == 0.0:
            break
        try:
            step = np.linalg.solve(support_jacobian(U, support, best), F)
        except np.linalg.LinAlgError:
            break
        cand = best - step
        F_c = support_residual(U, support, cand)
        res_c = float(np.max(np.abs(F_c)))
        if not (np.all(np.isfinite(cand)) and res_c < res):
            break
        best, res, F = cand, res_c, F_c
    return best


def margins(U: np.ndarray, support: Support, w: np.ndarray,
            ignore: frozenset[str] = frozenset()) -> tuple[float, str]:
    """How far the support solution ``w`` is from failing to be an equilibrium, and what binds.

    The smallest of: every probability on the support, and every outside strategy's shortfall
    ``v_i - v_i(k)`` divided by the payoff range.  Positive: an equilibrium on this support;
    zero: at a threshold; negative: not an equilibrium (a probability or a deviation gain
    crossed zero).  Returns the value and a description of the binding constraint.  Deviations
    named in ``ignore`` (``"br:i:k"``) are skipped: strategies tied with the support all along a
    stretch of the parameter (a payoff-equivalent plan) are never what breaks it.
    """
    prof, vals = unpack(w, support, U.shape[1:])
    scale = max(float(np.ptp(U)), 1e-300)
    best, what = np.inf, ""
    for i, s in enumerate(support):
        for k in s:
            if prof[i][k] < best:
                best, what = float(prof[i][k]), f"prob:{i}:{k}"
        dev = contract(U[i], prof, [i])
        for k in range(U.shape[1 + i]):
            if k in s:
                continue
            slack = float(vals[i] - dev[k]) / scale
            if slack < best and f"br:{i}:{k}" not in ignore:
                best, what = slack, f"br:{i}:{k}"
    return best, what


# --------------------------------------------------------------------------- payoff derivatives
def payoff_derivative(model: Any, values: Mapping[str, float], name: str, *, h: float | None = None) -> np.ndarray:
    """``du/d theta_name`` at ``values``: a central difference with Richardson extrapolation.

    One-sided (second order, smaller step) when the central stencil would leave the bounds.
    """
    prm = model.parameters[name]
    x = float(values[name])
    lo, hi = prm.bounds
    step = h if h is not None else 1e-3 * max(1.0, abs(x))

    def U(t: float) -> np.ndarray:
        return model.payoffs(**{**values, name: t})

    if x - step >= lo and x + step <= hi:
        def central(s: float) -> np.ndarray:
            return (U(x + s) - U(x - s)) / (2 * s)
        return (4 * central(step / 2) - central(step)) / 3
    s = (h if h is not None else 1e-5 * max(1.0, abs(x)))
    if x + 2 * s <= hi:
        return (-3 * U(x) + 4 * U(x + s) - U(x + 2 * s)) / (2 * s)
    if x - 2 * s >= lo:
        return (3 * U(x) - 4 * U(x - s) + U(x - 2 * s)) / (2 * s)
    raise GameError(f"parameter {name!r} has bounds too narrow ({lo}, {hi}) to differentiate")


# --------------------------------------------------------------------------- public API
@dataclass
class Derivatives:
    """Derivatives of one equilibrium with respect to parameters.

    Attributes
    ----------
    parameters: names, one row of each array per parameter.
    values: the parameter point.
    profile: the equilibrium profile, players' strategies concatenated ``(S,)``.
    payoffs: expected payoffs ``(n,)``.
    d_profile: ``(P, S)`` d probability / d parameter (zero off the support).
    d_payoffs: ``(P, n)`` d expected payoff / d parameter.
    elasticity_profile, elasticity_payoffs: the same as elasticities (NaN where the base is 0).
    regular: whether the equilibrium is regular (if not, the arrays are NaN).
    condition: condition number of the indifference Jacobian.
    """

    parameters: tuple[str, ...]
    values: dict[str, float]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    profile: np.ndarray
    payoffs: np.ndarray
    d_profile: np.ndarray
    d_payoffs: np.ndarray
    elasticity_profile: np.ndarray
    elasticity_payoffs: np.ndarray
    regular: bool
    condition: float

    def d_probability(self, player: int | str, strategy: int | str) -> dict[str, float]:
        """``{parameter: d P(player plays strategy) / d parameter}``."""
        from bargain.analysis.sweep import _index

        i = _index(self.players, player, "player")
        k = _index(self.strategies[i], strategy, f"strategy of {self.players[i]}")
        c = sum(len(s) for s in self.strategies[:i]) + k
        return {p: float(self.d_profile[r, c]) for r, p in enumerate(self.parameters)}

    def table(self, digits: int = 6) -> str:
        """One row per parameter: derivative of each used strategy's probability and each payoff."""
        cols, o = [], 0
        for i, strats in enumerate(self.strategies):
            for k, s in enumerate(strats):
                if self.profile[o + k] > 1e-9:
                    cols.append((f"d P({self.players[i]}:{s})", o + k, "p"))
            o += len(strats)
        cols += [(f"d u({p})", i, "u") for i, p in enumerate(self.players)]
        header = ["parameter", *(c[0] for c in cols)]
        rows = []
        for r, p in enumerate(self.parameters):
            vals = [self.d_profile[r, c] if kind == "p" else self.d_payoffs[r, c] for _, c, kind in cols]
            rows.append([p, *(f"{v:.{digits}g}" for v in vals)])
        widths = [max(len(h), *(len(row[c]) for row in rows)) for c, h in enumerate(header)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
        lines += ["  ".join(x.ljust(w) for x, w in zip(row, widths, strict=True)) for row in rows]
        if not self.regular:
            lines.append("note: the equilibrium is not regular; its derivatives are not defined")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        from bargain.solvers.batch import nan_to_none

        return {
            "parameters": list(self.parameters), "values": dict(self.values),
            "players": list(self.players), "strategies": [list(s) for s in self.strategies],
            "profile": self.profile.tolist(), "payoffs": self.payoffs.tolist(),
            "d_profile": nan_to_none(self.d_profile), "d_payoffs": nan_to_none(self.d_payoffs),
            "elasticity_profile": nan_to_none(self.elasticity_profile),
            "elasticity_payoffs": nan_to_none(self.elasticity_payoffs),
            "regular": self.regular, "condition": self.condition,
        }


def _as_profile(equilibrium: Any, shape: Sequence[int]) -> tuple[np.ndarray, ...]:
    prof = getattr(equilibrium, "profile", equilibrium)
    if isinstance(prof, np.ndarray) and prof.ndim == 1 and prof.size == sum(shape):
        return tuple(np.split(prof.astype(float), np.cumsum(shape)[:-1]))
    try:
        out = tuple(np.asarray(x, float) for x in prof)
    except TypeError:
        raise GameError("equilibrium must be an Equilibrium, a tuple of per-player probability vectors, "
                        "or one concatenated vector") from None
    if len(out) != len(shape) or any(x.shape != (s,) for x, s in zip(out, shape, strict=False)):
        raise GameError(f"profile does not fit a game of shape {tuple(shape)}")
    return out


def derivatives(
    model: Any,
    equilibrium: Any,
    parameters: str | Sequence[str] | None = None,
    *,
    values: Mapping[str, float] | None = None,
) -> Derivatives:
    """``d(equilibrium)/d(parameter)`` by the implicit function theorem (see module docstring).

    A non-regular equilibrium (a strategy off the support ties, or a singular Jacobian) gets NaN
    derivatives and ``regular=False``: it sits at a threshold where one-sided derivatives differ.

    Parameters
    ----------
    model : Any
        a :class:`bargain.Model`.
    equilibrium : Any
        an :class:`~bargain.solvers.result.Equilibrium` of ``model.game(**values)`` (or
        its profile).
    parameters : str | Sequence[str] | None, optional
        one name or several (default: all).
    values : Mapping[str, float] | None, optional
        the parameter point (default: the model's defaults).

    Returns
    -------
    Derivatives
        The derivative of every probability and payoff with respect to each parameter (NaN, with
        ``regular=False``, at a non-regular equilibrium).

    Raises
    ------
    GameError
        If the profile is not an equilibrium at the parameter point.

    References
    ----------
    van Damme, E. (1991). *Stability and Perfection of Nash Equilibria*, 2nd ed. Springer, ch. 2.
    Harsanyi, J. C. (1973). Oddness of the number of equilibrium points. *IJGT* 2, 235-250.
    """
    names = tuple(model.parameters) if parameters is None else (
        (parameters,) if isinstance(parameters, str) else tuple(parameters))
    for p in names:
        if p not in model.parameters:
            from bargain.errors import did_you_mean

            raise GameError(f"model {model.name!r} has no parameter {p!r}{did_you_mean(p, model.parameters)}")
    checked = model.validate(**dict(values or {}))
    point = {k: float(v) for k, v in checked.items()}
    game = model.game(**point)
    U = game.payoffs
    shape = game.shape
    prof = game.check_profile(_as_profile(equilibrium, shape))
    if game.regret(prof) > max(game.tolerance, 1e-7 * max(float(np.ptp(U)), 1.0)):
        raise GameError(f"the profile is not an equilibrium of {model.name!r} at these values "
                        f"(regret {game.regret(prof):.3g}); solve the game at the same values first")
    support: Support = tuple(tuple(int(k) for k in np.flatnonzero(x > 1e-9)) for x in prof)
    vals = game.expected_payoffs(prof)
    w = pack(prof, vals, support)
    refined = newton_support(U, support, w)
    if refined is not None and np.max(np.abs(refined - w)) < 1e-6:
        w = refined
        prof, vals = unpack(w, support, shape)
    J = support_jacobian(U, support, w)
    cond = float(np.linalg.cond(J))
    margin, _ = margins(U, support, w)
    regular = bool(np.isfinite(cond) and cond < 1e12 and margin > 1e-9)
    S = int(sum(shape))
    flat = np.concatenate(prof)
    d_prof = np.full((len(names), S), np.nan)
    d_pay = np.full((len(names), len(shape)), np.nan)
    if regular:
        lay = _layout(support)
        offs = np.concatenate([[0], np.cumsum(shape)[:-1]])
        for r, name in enumerate(names):
            dU = payoff_derivative(model, point, name)
            dF = np.zeros(J.shape[0])
            for i, s in enumerate(support):
                dev = contract(dU[i], prof, [i])
                dF[lay[i][0]] = dev[list(s)]
            dw = -np.linalg.solve(J, dF)
            d_prof[r] = 0.0
            for i, s in enumerate(support):
                # a pure strategy's probability is 1 on the whole branch: its derivative is exactly 0
                d_prof[r, offs[i] + np.array(s)] = dw[lay[i][0]] if len(s) > 1 else 0.0
                d_pay[r, i] = dw[lay[i][1]]
    # one noise floor (bargain.analysis.noise): payoffs on the game's payoff scale, probabilities on
    # 1; a derivative is 0 when it moves its quantity by less than that floor over the whole range
    scale = payoff_scale(U)
    vals = denoise(vals, scale)
    flat = denoise(flat, 1.0)
    for r, name in enumerate(names):
        lo, hi = model.parameters[name].bounds
        span = hi - lo if np.isfinite(hi - lo) and hi > lo else max(1.0, abs(point[name]))
        d_prof[r] = denoise(d_prof[r], floor=derivative_floor(1.0, span))
        d_pay[r] = denoise(d_pay[r], floor=derivative_floor(scale, span))
    theta = np.array([point[p] for p in names])[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        el_prof = np.where(flat[None, :] > 0, d_prof * theta / flat[None, :], np.nan)
        el_pay = np.where(np.asarray(vals)[None, :] != 0, d_pay * theta / vals[None, :], np.nan)
    return Derivatives(
        parameters=names, values=point, players=tuple(model.players),
        strategies=tuple(tuple(s) for s in model.strategies), profile=flat, payoffs=np.asarray(vals, float),
        d_profile=d_prof, d_payoffs=d_pay, elasticity_profile=el_prof, elasticity_payoffs=el_pay,
        regular=regular, condition=cond,
    )
