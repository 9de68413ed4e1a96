"""Tornado analysis: rank parameters by how far they move an equilibrium outcome across their bounds.

One-at-a-time sensitivity (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, sec.
1.2; the "tornado diagram" of decision analysis, Howard 1988): each parameter in turn sweeps its
range while the others stay at their base values, and the outcome's range over that sweep is a
bar; bars sorted by length make the tornado.  All sweeps are one batch of payoff tensors and one
call of the batch solver.

With several equilibria the outcome needs a rule (``reduce``):

* ``"tracked"`` (default): follow the equilibrium chosen at the base point (``equilibrium``, an
  index into the base point's sorted equilibria) along each sweep as a continuous branch; where
  it ceases to exist the outcome is undefined and the bar stops (``ends`` records where);
* ``"mean"``, ``"min"``, ``"max"``: over all equilibria at each point.

Rounding noise is not ranked: one noise floor (:mod:`bargain.analysis.noise`, 1e-9 times the
payoff range of the swept games, or 1e-9 for a probability) decides when an outcome is 0 and when a
swing is none; parameters whose swing is within it are left out (``Tornado.dropped``) and named in
``notes``, here and nowhere else (the command line and the plots show what is returned).  Without
an outcome the first player's payoff is measured, unless it is constant (the violator's payoff in
a mixed inspection equilibrium is 0 whatever the parameters): then the first outcome that varies.

References
----------
Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*, Wiley, sec. 1.2.
Howard, R. A. (1988). "Decision analysis: practice and promise", *Management Science* 34(6),
679-695.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.analysis.noise import denoise, noise_floor, payoff_scale
from bargain.analysis.sweep import outcome_values, track
from bargain.errors import GameError
from bargain.solvers.batch import BatchEquilibria, solve_batch

__all__ = ["Tornado", "tornado", "describe_outcome"]

REDUCERS = ("tracked", "mean", "min", "max")


def describe_outcome(outcome: Any) -> str:
    """A readable name for an outcome spec: ``P(China plays Enforce)``, ``payoff of US`` ..."""
    if callable(outcome):
        return getattr(outcome, "__name__", "outcome")
    who, what = outcome
    return f"payoff of {what}" if who == "payoff" else f"P({who} plays {what})"


@dataclass
class Tornado:
    """Per parameter, the range of an outcome as the parameter sweeps its bounds (sorted by swing).

    Attributes
    ----------
    parameters: names, largest swing first.
    outcome: what was measured (text).
    base: the outcome at the base point (all parameters at their base values).
    low, high: each parameter's swept range.
    at_low, at_high: the outcome at the two ends (NaN if the tracked equilibrium is gone there).
    minimum, maximum: the outcome's range over the sweep; ``argmin``/``argmax`` where it is reached.
    swing: ``maximum - minimum`` (the bar length).
    ends: for ``reduce="tracked"``, the interval on which the tracked equilibrium exists.
    values: the parameter grids; ``curves``: the outcome along each grid (for plots).
    spec: the outcome measured, as given (or as chosen when none was given).
    scale, noise_floor: the outcome's scale (payoff range of the swept games, or 1 for a
        probability) and ``1e-9 x scale`` (:mod:`bargain.analysis.noise`): values within it are 0.
    negligible: parameters whose swing is within the noise floor, left out of the ranking (also
        when the followed equilibrium ends inside the range: the note says where it exists);
        ``dropped`` is the same tuple.
    notes: what was left out or chosen, in words.
    """

    model: str
    outcome: str
    reduce: str
    base: float
    base_values: dict[str, float]
    parameters: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray
    at_low: np.ndarray
    at_high: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    argmin: np.ndarray
    argmax: np.ndarray
    swing: np.ndarray
    ends: list[tuple[float, float]]
    values: list[np.ndarray]
    curves: list[np.ndarray]
    spec: Any = None
    scale: float = 1.0
    noise_floor: float = 0.0
    negligible: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def dropped(self) -> tuple[str, ...]:
        """The parameters left out of the ranking because their swing is within the noise floor."""
        return self.negligible

    def table(self, digits: int = 4) -> str:
        header = ["parameter", "range", "outcome at low", "outcome at high", "min", "max", "swing"]

        def f(x: float) -> str:
            return "-" if not np.isfinite(x) else f"{x:.{digits}g}"

        rows = [[p, f"[{self.low[k]:g}, {self.high[k]:g}]", f(self.at_low[k]), f(self.at_high[k]),
                 f(self.minimum[k]), f(self.maximum[k]), f(self.swing[k])] for k, p in enumerate(self.parameters)]
        widths = [max(len(h), *(len(r[c]) for r in rows)) if rows else len(h) for c, h in enumerate(header)]
        lines = [f"tornado of {self.outcome} in {self.model} (base {f(self.base)}, reduce={self.reduce})"]
        lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)) for r in rows]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        def clean(a: Any) -> Any:
            arr = np.asarray(a, dtype=float)
            return [None if not np.isfinite(v) else float(v) for v in arr.ravel()]

        return {
            "model": self.model, "outcome": self.outcome, "reduce": self.reduce,
            "base": None if not np.isfinite(self.base) else self.base, "base_values": dict(self.base_values),
            "parameters": list(self.parameters), "low": clean(self.low), "high": clean(self.high),
            "at_low": clean(self.at_low), "at_high": clean(self.at_high), "minimum": clean(self.minimum),
            "maximum": clean(self.maximum), "argmin": clean(self.argmin), "argmax": clean(self.argmax),
            "swing": clean(self.swing), "ends": [list(e) for e in self.ends],
            "values": [clean(v) for v in self.values], "curves": [clean(c) for c in self.curves],
            "scale": self.scale, "noise_floor": self.noise_floor, "negligible": list(self.negligible),
            "notes": list(self.notes),
        }


def _slice(res: BatchEquilibria, sl: slice) -> BatchEquilibria:
    return BatchEquilibria(shape=res.shape, profiles=res.profiles[sl], payoffs=res.payoffs[sl],
                           supports=res.supports[sl], count=res.count[sl], fallback=res.fallback[sl],
                           continuum=res.continuum[sl], complete=res.complete[sl], method=res.method)


def _solve(model: Any, payoffs: np.ndarray, method: str, progress: bool) -> BatchEquilibria:
    """The batch solve of every parameter's sweep, with a tqdm bar over the points if ``progress``."""
    kwargs: dict[str, Any] = dict(n_players=model.n_players, method=method, players=model.players,
                                  strategies=model.strategies)
    if not progress:
        return solve_batch(payoffs, **kwargs)
    from bargain.solvers.progress import progress_bar

    total = int(np.prod(payoffs.shape[:payoffs.ndim - model.n_players - 1]))
    with progress_bar(total, f"tornado {model.name}", "pt", leave=False) as bar:
        return solve_batch(payoffs, progress=bar.update, **kwargs)


def tornado(
    model: Any,
    outcome: Any = None,
    *,
    parameters: Sequence[str] | None = None,
    n: int = 41,
    fixed: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    reduce: str = "tracked",
    equilibrium: int = 0,
    method: str = "auto",
    progress: bool = False,
) -> Tornado:
    """Rank ``parameters`` (default: all with finite bounds) by the swing of ``outcome``.

    Parameters
    ----------
    outcome : Any, optional
        ``(player, strategy)`` (probability of playing it), ``("payoff", player)``, or a
        function ``f(profiles, payoffs)`` of the arrays (see :func:`~bargain.analysis.sweep.outcome_values`).
        None: the first player's payoff, or, if that does not vary, the first outcome that does
        (each player's payoff, then each strategy's probability); ``notes`` says which.
    n : int, default 41
        grid points per parameter (the base value is always added).
    fixed : Mapping[str, float] | None, optional
        base values of parameters (others at their defaults); fixed parameters are not swept.
    bounds : Mapping[str, tuple[float, float]] | None, optional
        optional narrower ranges ``{name: (low, high)}`` (default: each parameter's bounds).
    reduce : str, default 'tracked'
        ``"tracked"``, ``"mean"``, ``"min"`` or ``"max"`` (see module docstring).
    equilibrium : int, default 0
        with ``"tracked"``, which base-point equilibrium to follow (sorted order).
    progress : bool, default False
        show a tqdm progress bar over the grid points as they are solved (the batch solve is
        where the time goes: one point per parameter value, ``n + 1`` per parameter).
    model : Model
        A :class:`bargain.Model` (a game with named parameters).
    parameters : sequence of str, optional
        The parameters to vary (default: every parameter with finite bounds).
    method : str, default 'auto'
        The full solver (a :func:`bargain.solve` method) for the points the batch engine leaves to it.

    Returns
    -------
    Tornado
        One bar per parameter, sorted by swing: the outcome at the low and high ends and its
        range over the parameter's interval, with notes on the outcome chosen.

    Raises
    ------
    GameError
        For an unknown ``reduce`` or parameter, a parameter with infinite bounds and no ``bounds``,
        nothing to vary, or an ``equilibrium`` index the base point does not have.

    References
    ----------
    Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*, Wiley, sec. 1.2.
    Howard, R. A. (1988). "Decision analysis: practice and promise", *Management Science* 34(6),
    679-695.
    """
    if reduce not in REDUCERS:
        raise GameError(f"reduce={reduce!r} is not one of {list(REDUCERS)}")
    fixed = dict(fixed or {})
    base_vals = {k: float(v) for k, v in model.validate(**fixed).items()}
    names = [p for p, prm in model.parameters.items()
             if p not in fixed and np.isfinite(prm.low) and np.isfinite(prm.high) and prm.low < prm.high] \
        if parameters is None else list(parameters)
    for p in names:
        if p not in model.parameters:
            from bargain.errors import did_you_mean

            raise GameError(f"model {model.name!r} has no parameter {p!r}{did_you_mean(p, model.parameters)}")
    if not names:
        raise GameError("no parameter to vary: every parameter is fixed or has infinite bounds")
    bounds = dict(bounds or {})
    grids = []
    for p in names:
        lo, hi = bounds.get(p, model.parameters[p].bounds)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            raise GameError(f"parameter {p!r} has infinite bounds; give bounds={{{p!r}: (low, high)}}")
        grid = np.union1d(np.linspace(lo, hi, int(n)), [base_vals[p]])
        model.parameters[p].check(grid)
        grids.append(grid)
    sizes = [len(g) for g in grids]
    total = sum(sizes)
    arrays = {k: np.full(total, v) for k, v in base_vals.items()}
    o = 0
    for p, g in zip(names, grids, strict=True):
        arrays[p][o:o + len(g)] = g
        o += len(g)
    payoffs = model.payoffs(**arrays)
    res = _solve(model, payoffs, method, progress)
    base_index = int(np.searchsorted(grids[0], base_vals[names[0]]))
    base_count = int(res.count[base_index])
    if reduce == "tracked" and not 0 <= equilibrium < max(base_count, 1):
        raise GameError(f"equilibrium={equilibrium} but the base point has {base_count} equilibria "
                        f"(indices 0..{base_count - 1})")
    branches = []
    o = 0
    for g in grids:
        branches.append(track(_slice(res, slice(o, o + len(g))))[0] if reduce == "tracked" else None)
        o += len(g)
    pay_scale = payoff_scale(payoffs)
    notes: list[str] = []
    candidates = [outcome] if outcome is not None else _candidates(model)
    for k, spec in enumerate(candidates):
        scale = 1.0 if _is_probability(spec) else pay_scale
        curves, ends, base = _curves(res, model, spec, names, grids, base_vals, branches, reduce, equilibrium)
        curves = [denoise(c, scale) for c in curves]
        swing = np.array([np.nanmax(c) - np.nanmin(c) if np.any(np.isfinite(c)) else np.nan for c in curves])
        if outcome is not None or np.any(swing > noise_floor(scale)):
            break
        if k == 0:
            notes.append(f"{describe_outcome(spec)} does not vary with any parameter (its swing is below the noise "
                         f"floor {noise_floor(scale):.1e}); measuring the first outcome that does")
    else:
        notes[-1:] = [f"no outcome varies: every payoff and every probability stays within the noise floor "
                      f"({noise_floor(pay_scale):.1e} for payoffs) as each parameter sweeps its range"]
        spec = candidates[0]
        scale = 1.0 if _is_probability(spec) else pay_scale
        curves, ends, base = _curves(res, model, spec, names, grids, base_vals, branches, reduce, equilibrium)
        curves = [denoise(c, scale) for c in curves]
    floor = noise_floor(scale)
    finite = [np.any(np.isfinite(c)) for c in curves]
    mins = np.array([np.nanmin(c) if f else np.nan for c, f in zip(curves, finite, strict=True)])
    maxs = np.array([np.nanmax(c) if f else np.nan for c, f in zip(curves, finite, strict=True)])
    argmin = np.array([g[np.nanargmin(c)] if f else np.nan for g, c, f in zip(grids, curves, finite, strict=True)])
    argmax = np.array([g[np.nanargmax(c)] if f else np.nan for g, c, f in zip(grids, curves, finite, strict=True)])
    swing = maxs - mins
    # A flat bar is no bar: it is left out of the ranking (the one place that decides it), and named in a
    # note, with where the followed equilibrium exists when it ends inside the range.
    flat = [k for k, sw in enumerate(swing) if np.isfinite(sw) and sw <= floor]
    negligible = tuple(names[k] for k in flat)
    order = np.argsort(-np.nan_to_num(swing, nan=-1.0), kind="stable")
    pick = [int(i) for i in order if int(i) not in flat]
    where = [names[k] + ("" if ends[k] == (float(grids[k][0]), float(grids[k][-1])) else
                         f" (the followed equilibrium exists only on [{ends[k][0]:g}, {ends[k][1]:g}])") for k in flat]
    if flat:
        notes.append(f"{len(flat)} parameter(s) move {describe_outcome(spec)} by no more than the noise floor "
                     f"{floor:.1e} and are left out: {', '.join(where)}"
                     + ("" if pick else "; no parameter moves it more"))
    return Tornado(
        model=model.name, outcome=describe_outcome(spec), reduce=reduce, base=float(denoise(base, scale)),
        base_values=base_vals, parameters=tuple(names[i] for i in pick),
        low=np.array([grids[i][0] for i in pick]), high=np.array([grids[i][-1] for i in pick]),
        at_low=np.array([curves[i][0] for i in pick]), at_high=np.array([curves[i][-1] for i in pick]),
        minimum=mins[pick], maximum=maxs[pick], argmin=argmin[pick], argmax=argmax[pick], swing=swing[pick],
        ends=[ends[i] for i in pick], values=[grids[i] for i in pick], curves=[curves[i] for i in pick],
        spec=spec, scale=scale, noise_floor=floor, negligible=negligible, notes=tuple(notes),
    )


def _is_probability(spec: Any) -> bool:
    return not callable(spec) and spec[0] != "payoff"


def _candidates(model: Any) -> list[Any]:
    """Outcomes tried in turn when none is given: each player's payoff, then each probability."""
    out: list[Any] = [("payoff", p) for p in model.players]
    out += [(p, s) for p, strats in zip(model.players, model.strategies, strict=True) for s in strats]
    return out


def _curves(res: BatchEquilibria, model: Any, spec: Any, names: Sequence[str], grids: Sequence[np.ndarray],
            base_vals: Mapping[str, float], branches: Sequence[Any], reduce: str,
            equilibrium: int) -> tuple[list[np.ndarray], list[tuple[float, float]], float]:
    """The outcome ``spec`` along each parameter's sweep, where each sweep's branch exists."""
    vals = outcome_values(res, model.players, model.strategies, spec)     # (total, K)
    curves, ends = [], []
    base = np.nan
    o = 0
    for p, g, br in zip(names, grids, branches, strict=True):
        sl = slice(o, o + len(g))
        o += len(g)
        bi = int(np.searchsorted(g, base_vals[p]))
        if reduce == "tracked":
            b = br[bi, equilibrium]
            curve = np.full(len(g), np.nan)
            ii, ee = np.nonzero(br == b)
            curve[ii] = vals[sl][ii, ee]
            alive = np.flatnonzero(~np.isnan(curve))
            ends.append((float(g[alive[0]]), float(g[alive[-1]])))
        else:
            v = vals[sl]
            with np.errstate(all="ignore"):
                curve = {"mean": np.nanmean, "min": np.nanmin, "max": np.nanmax}[reduce](v, axis=1) \
                    if v.shape[1] else np.full(len(g), np.nan)
            ends.append((float(g[0]), float(g[-1])))
        base = float(curve[bi])
        curves.append(curve)
    return curves, ends, base
