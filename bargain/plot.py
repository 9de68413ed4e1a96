"""Figures a reader takes in at a glance: sweeps with their thresholds, regime maps, tornado charts,
QRE paths and bargaining sets.

Every function returns a :class:`matplotlib.figure.Figure` built without :mod:`matplotlib.pyplot`,
so it works on any backend (headless servers use Agg, notebooks display the figure) and never
changes global state.  :func:`save_figure` writes PNG, SVG or PDF (chosen by the file's suffix)
atomically.  Titles name the model and what varies; axis labels carry the parameter's unit;
legends say which line is which.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from bargain.errors import GameError
from bargain.model.numbers import format_number

__all__ = ["FIGURE_FORMATS", "plot_bargaining", "plot_critical_delta", "plot_qre_path", "plot_regimes", "plot_spe_set",
           "plot_sweep", "plot_tornado", "save_figure", "tree"]

#: File suffixes :func:`save_figure` writes.
FIGURE_FORMATS = (".png", ".svg", ".pdf")
_LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 3)))


def save_figure(fig: Figure, path: str | Path, dpi: int = 150) -> None:
    """Write ``fig`` to ``path`` (``.png``, ``.svg`` or ``.pdf``) atomically."""
    from bargain.io.files import atomic_write, check_writable

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in FIGURE_FORMATS:
        raise GameError(f"cannot save a figure as {str(p)!r}: use a file name ending in "
                        f"{', '.join(FIGURE_FORMATS)}")
    check_writable(p)
    buf = io.BytesIO()
    fig.savefig(buf, format=suffix[1:], dpi=dpi, bbox_inches="tight")
    atomic_write(p, buf.getvalue())


def _axis_label(model: Any, name: str) -> str:
    """``refugee_risk (probability)``: the parameter with its unit, when the model says it."""
    try:
        unit = model.parameter(name).unit if model is not None else ""
    except (GameError, AttributeError):
        unit = ""
    return f"{name} ({unit})" if unit else name


def _mark_thresholds(axes: Sequence[Any], values: Sequence[float], label_axis: Any) -> None:
    shown: list[float] = []
    for v in sorted(values):
        if shown and abs(v - shown[-1]) < 1e-9 * max(1.0, abs(v)):
            continue            # an equilibrium vanishing and another appearing at one value: one line
        shown.append(v)
        for ax in axes:
            ax.axvline(v, color="0.55", linestyle="-", linewidth=1.0, alpha=0.8, zorder=1)
        label_axis.annotate(f"{v:.4g}", xy=(v, 1.0), xycoords=("data", "axes fraction"), xytext=(2, 2),
                            textcoords="offset points", fontsize=8, color="0.25", ha="left", va="bottom")


def plot_sweep(sweep: Any, thresholds: Any = None, *, model: Any = None, what: str = "probabilities",
               title: str | None = None) -> Figure:
    """Equilibrium branches along a 1-D sweep, with the thresholds marked.

    Parameters
    ----------
    sweep: a 1-D :class:`~bargain.analysis.sweep.Sweep` (tracked branches).
    thresholds: critical values to mark: a :class:`~bargain.analysis.thresholds.Thresholds`, a
        sequence of them, or plain numbers.
    model: the :class:`~bargain.Model`, for the parameter's unit on the x axis.
    what: ``"probabilities"`` - one panel per player, the probability of each strategy (colour)
        on each branch (line style); or ``"payoffs"`` - one panel, each player's expected payoff.
    """
    if sweep.tracks is None or len(sweep.axes) != 1:
        raise GameError("plot_sweep needs a 1-D sweep with tracked branches (sweep(model, 'name'))")
    if what not in ("probabilities", "payoffs"):
        raise GameError(f"what must be 'probabilities' or 'payoffs', not {what!r}")
    xs = sweep.axes[0]
    name = sweep.parameters[0]
    labels = sweep.branch_labels()
    n_panels = len(sweep.players) if what == "probabilities" else 1
    fig = Figure(figsize=(8.0, 1.0 + 2.3 * n_panels), layout="constrained")
    axes = fig.subplots(n_panels, 1, sharex=True, squeeze=False)[:, 0]
    colors = [f"C{k}" for k in range(10)]
    branch_handles = []
    if what == "probabilities":
        offset = 0
        for i, (player, strats) in enumerate(zip(sweep.players, sweep.strategies, strict=True)):
            ax = axes[i]
            for k in range(len(strats)):
                for b in range(sweep.n_branches):
                    ys = sweep.tracks[b, :, offset + k]
                    if np.all(np.isnan(ys)) or (np.nanmax(ys) <= 1e-9 and len(strats) > 1):
                        continue
                    ax.plot(xs, ys, color=colors[k % 10], linestyle=_LINESTYLES[b % len(_LINESTYLES)],
                            linewidth=2.0 if b == 0 else 1.6)
            # one legend entry per strategy, in the player's order, whether or not it is ever played
            handles = [Line2D([], [], color=colors[k % 10], linewidth=2.0, label=strat)
                       for k, strat in enumerate(strats)]
            ax.set_ylabel(f"P({player} plays)")
            ax.set_ylim(-0.04, 1.04)
            ax.legend(handles=handles, title=player, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8,
                      title_fontsize=9, frameon=False)
            ax.grid(True, alpha=0.25)
            offset += len(strats)
    else:
        ax = axes[0]
        for i, player in enumerate(sweep.players):
            for b in range(sweep.n_branches):
                ax.plot(xs, sweep.track_payoffs[b, :, i], color=colors[i % 10],
                        linestyle=_LINESTYLES[b % len(_LINESTYLES)], linewidth=1.8,
                        label=player if b == 0 else None)
        unit = ""
        if model is not None:
            units = {p.unit for p in model.parameters.values() if p.unit and p.unit not in ("probability", "share")}
            unit = f" ({units.pop()})" if len(units) == 1 else ""
        ax.set_ylabel(f"expected payoff{unit}")
        ax.legend(title="player", loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
        ax.grid(True, alpha=0.25)
    for b, lab in enumerate(labels):
        (h,) = axes[-1].plot([], [], color="0.2", linestyle=_LINESTYLES[b % len(_LINESTYLES)],
                             label=textwrap.shorten(lab, 70))
        branch_handles.append(h)
    values: list[float] = []
    if thresholds is not None:
        items = thresholds if isinstance(thresholds, Sequence) else [thresholds]
        for t in items:
            if hasattr(t, "value"):
                values.append(float(t.value))
            elif isinstance(t, Sequence) or hasattr(t, "__iter__"):
                values += [float(getattr(x, "value", x)) for x in t]
            else:
                values.append(float(t))
    _mark_thresholds(axes, values, axes[0])
    if values:
        (h,) = axes[-1].plot([], [], color="0.55", linewidth=1.0, label="threshold (value on top)")
        branch_handles.append(h)
    if branch_handles:
        fig.legend(handles=branch_handles, title="equilibrium branch (its support inside its interval)",
                   loc="outside lower center", fontsize=8, title_fontsize=9, frameon=False, ncols=1)
    axes[-1].set_xlabel(_axis_label(model, name))
    axes[-1].set_xlim(float(xs[0]), float(xs[-1]))
    fig.suptitle(title or f"{sweep.model}: equilibria as {name} varies", fontsize=11)
    return fig


def plot_regimes(sweep: Any, *, model: Any = None, title: str | None = None) -> Figure:
    """A regime map: the grid of a 2-D sweep coloured by its set of equilibria (their supports)."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    if len(sweep.axes) != 2:
        raise GameError("plot_regimes needs a 2-D sweep: sweep(model, ['x', 'y'])")
    sig = sweep.signatures()
    names, codes = np.unique(sig.astype(str), return_inverse=True)
    codes = codes.reshape(sig.shape)
    # order regimes by area, largest first, so the legend reads from the dominant regime down
    area = np.bincount(codes.ravel(), minlength=len(names))
    order = np.argsort(-area, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    codes = rank[codes]
    names = names[order]
    area = area[order]
    palette = [f"C{k}" for k in range(10)] + ["#bcbd22", "#17becf", "#7f7f7f", "#aec7e8", "#ffbb78"]
    if len(names) > len(palette):
        raise GameError(f"the map has {len(names)} regimes, more than {len(palette)} colours: sweep a smaller range")
    cmap = ListedColormap(palette[:len(names)])
    norm = BoundaryNorm(np.arange(len(names) + 1) - 0.5, len(names))
    x, y = sweep.axes
    fig = Figure(figsize=(8.0, 5.0 + 0.28 * len(names)), layout="constrained")
    ax = fig.subplots()
    ax.pcolormesh(_edges(x), _edges(y), codes.T, cmap=cmap, norm=norm, shading="flat")
    ax.set_xlabel(_axis_label(model, sweep.parameters[0]))
    ax.set_ylabel(_axis_label(model, sweep.parameters[1]))
    total = codes.size
    handles = [Patch(facecolor=palette[k], edgecolor="0.3",
                     label=f"{textwrap.shorten(str(nm), 95)}  ({100 * area[k] / total:.0f}%)")
               for k, nm in enumerate(names)]
    fig.legend(handles=handles, title="equilibria (supports) in each region", loc="outside lower center",
               fontsize=8, title_fontsize=9, frameon=False)
    fig.suptitle(title or f"{sweep.model}: equilibrium regimes over {sweep.parameters[0]} and {sweep.parameters[1]}",
                 fontsize=11)
    return fig


def _edges(v: np.ndarray) -> np.ndarray:
    """Cell edges around grid points (midpoints between them, half a step beyond the ends)."""
    v = np.asarray(v, dtype=float)
    if v.size == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


_SOLUTION_NAMES = {"nash": "Nash", "ks": "Kalai-Smorodinsky", "kalai-smorodinsky": "Kalai-Smorodinsky",
                   "egalitarian": "egalitarian", "utilitarian": "utilitarian", "rubinstein": "Rubinstein"}
_MARKERS = ("o", "s", "D", "^", "v", "P", "X")


def plot_bargaining(feasible: Any, solutions: Sequence[Any] = (), *, disagreement: Sequence[Any] | None = None,
                    names: Sequence[str] | None = None, model: Any = None, title: str | None = None) -> Figure:
    """A two-player bargaining problem: the feasible set, its Pareto frontier, the disagreement point
    and the agreements the solutions pick.

    Parameters
    ----------
    feasible: a :class:`~bargain.analysis.bargaining.Polytope` (or an ``(m, 2)`` array of outcomes).
    solutions: :class:`~bargain.analysis.bargaining.BargainingSolution` or Rubinstein
        ``AlternatingOffers`` results; each is marked and named in the legend.
    disagreement: the disagreement point (default: that of the first solution).
    names: legend names of the solutions (default: their own).
    model: the model, for the payoff unit on the axes.
    """
    from scipy.spatial import ConvexHull, QhullError

    from bargain.analysis.bargaining import as_feasible_set

    S = as_feasible_set(feasible)
    if S.n_players != 2:
        raise GameError(f"plot_bargaining draws two-player problems; this one has {S.n_players} players")
    pts = np.asarray(S.points, dtype=float)
    players = tuple(S.players)
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    ax = fig.subplots()
    try:
        hull = pts[ConvexHull(pts).vertices]
        ax.fill(hull[:, 0], hull[:, 1], color="C0", alpha=0.15, label="feasible agreements (lotteries)")
    except (QhullError, ValueError):   # a segment or a point
        ax.plot(pts[:, 0], pts[:, 1], color="C0", alpha=0.4, label="feasible agreements")
    ax.scatter(pts[:, 0], pts[:, 1], s=10, color="C0", alpha=0.5, zorder=2)
    front = np.array([[float(x) for x in v] for v in S.frontier()]) if hasattr(S, "frontier") else None
    if front is not None and len(front):
        ax.plot(front[:, 0], front[:, 1], color="C0", linewidth=2.5, label="Pareto frontier", zorder=3)
    d = None
    if disagreement is not None:
        d = np.array([float(x) for x in disagreement])
    elif solutions:
        d = np.array([float(x) for x in solutions[0].disagreement])
    if d is not None:
        ax.scatter([d[0]], [d[1]], marker="x", s=90, color="k", zorder=5, label="disagreement point")
    for k, r in enumerate(solutions):
        agreed = np.array([float(x) for x in (r.agreement if hasattr(r, "agreement") else r.payoffs)])
        kind = getattr(r, "solution", "rubinstein")
        key = names[k] if names is not None else kind
        label = _SOLUTION_NAMES.get(key, key)
        ax.scatter([agreed[0]], [agreed[1]], marker=_MARKERS[k % len(_MARKERS)], s=80, color=f"C{k + 1}",
                   edgecolor="k", zorder=6, label=f"{label}: ({agreed[0]:.4g}, {agreed[1]:.4g})")
        if d is not None and getattr(r, "ideal", None) is not None and kind in ("ks", "kalai-smorodinsky"):
            ideal = np.array([float(x) for x in r.ideal])
            ax.plot([d[0], ideal[0]], [d[1], ideal[1]], color=f"C{k + 1}", linestyle="--", linewidth=1.0,
                    label="Kalai-Smorodinsky ray to the ideal point")
            ax.scatter([ideal[0]], [ideal[1]], marker="*", s=90, color=f"C{k + 1}", zorder=6, label="ideal point")
    unit = ""
    if model is not None:
        units = {p.unit for p in model.parameters.values() if p.unit and p.unit not in ("probability", "share")}
        unit = f" ({units.pop()})" if len(units) == 1 else ""
    ax.set_xlabel(f"payoff of {players[0]}{unit}")
    ax.set_ylabel(f"payoff of {players[1]}{unit}")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="best", fontsize=8, framealpha=0.9)
    fig.suptitle(title or f"Bargaining between {players[0]} and {players[1]}", fontsize=11)
    return fig


def plot_tornado(result: Any, *, model: Any = None, top: int | None = 15, title: str | None = None) -> Figure:
    """A tornado chart: one horizontal bar per parameter spanning the outcome's range as that parameter
    sweeps its bounds (largest swing on top), the outcome at the low and high bound marked, and the
    base value as a vertical line.

    ``result`` is a :class:`~bargain.analysis.tornado.Tornado`; ``top`` keeps the largest bars.
    """
    k = len(result.parameters) if top is None else min(int(top), len(result.parameters))
    order = list(range(k))[::-1]              # largest swing at the top
    fig = Figure(figsize=(8.0, 1.6 + 0.42 * k), layout="constrained")
    ax = fig.subplots()
    ys = np.arange(k)
    for y, idx in zip(ys, order, strict=True):
        lo, hi = result.minimum[idx], result.maximum[idx]
        if np.isfinite(lo) and np.isfinite(hi):
            ax.barh(y, max(hi - lo, 1e-12), left=lo, height=0.6, color="C0", alpha=0.55, edgecolor="C0")
        if np.isfinite(result.at_low[idx]):
            ax.plot(result.at_low[idx], y, marker="<", color="C3", markersize=8, linestyle="none")
        if np.isfinite(result.at_high[idx]):
            ax.plot(result.at_high[idx], y, marker=">", color="C2", markersize=8, linestyle="none")
    if np.isfinite(result.base):
        ax.axvline(result.base, color="0.2", linewidth=1.2)
    labels = []
    for idx in order:
        p = result.parameters[idx]
        unit = ""
        if model is not None:
            try:
                unit = model.parameter(p).unit
            except (GameError, AttributeError):
                unit = ""
        labels.append(f"{p} [{result.low[idx]:g}, {result.high[idx]:g}]" + (f" {unit}" if unit else ""))
    ax.set_yticks(ys, labels, fontsize=8)
    ax.margins(x=0.04)                       # keep end markers at the axis limits (e.g. at 0) visible
    ax.set_xlabel(result.outcome)
    ax.grid(True, axis="x", alpha=0.25)
    handles = [Patch(facecolor="C0", alpha=0.55, label="range of the outcome over the parameter's sweep"),
               Line2D([], [], marker="<", color="C3", linestyle="none", label="at the low bound"),
               Line2D([], [], marker=">", color="C2", linestyle="none", label="at the high bound"),
               Line2D([], [], color="0.2", label=f"base value ({result.base:.4g})")]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    fig.suptitle(title or f"{result.model}: what moves {result.outcome} most", fontsize=11)
    return fig


def plot_qre_path(path: Any, *, name: str = "", title: str | None = None) -> Figure:
    """The logit QRE path: each player's strategy probabilities against the precision ``lambda``.

    ``path`` is a :class:`~bargain.solvers.qre.QREPath`.  The ``lambda`` axis is linear up to 1 and
    logarithmic beyond (the path's interesting part is usually at small ``lambda``, its end far out);
    turning points and bifurcations of the path are marked.
    """
    game = path.game
    lam = np.asarray(path.lam, dtype=float)
    n = game.n_players
    fig = Figure(figsize=(8.0, 1.2 + 2.2 * n), layout="constrained")
    axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    for i, ax in enumerate(axes):
        probs = np.asarray(path.profiles[i], dtype=float)
        for k, strat in enumerate(game.strategies[i]):
            ax.plot(lam, probs[:, k], color=f"C{k % 10}", linewidth=1.8, label=strat)
        for idx in path.turning_points:
            ax.plot([lam[idx]] * len(probs[idx]), probs[idx], marker="o", color="k", markersize=4, linestyle="none")
        for idx in path.bifurcations:
            ax.axvline(lam[idx], color="C3", linestyle=":", linewidth=1.0)
        ax.set_ylabel(f"P({game.players[i]} plays)")
        ax.set_ylim(-0.04, 1.04)
        ax.grid(True, alpha=0.25)
        ax.legend(title=game.players[i], loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8,
                  title_fontsize=9, frameon=False)
    axes[-1].set_xscale("symlog", linthresh=1.0)
    axes[-1].set_xlim(0, max(float(lam[-1]), 1.0))
    axes[-1].set_xlabel("precision lambda (1 / payoff units; linear to 1, then logarithmic)")
    events = []
    if path.turning_points:
        events.append(f"{len(path.turning_points)} turning point(s) (dots)")
    if path.bifurcations:
        events.append(f"{len(path.bifurcations)} bifurcation(s) (dotted)")
    # "converged" only says the stopping rule (regret or lambda_max) was met: a path stopped at a small
    # lambda_max ends far from any Nash equilibrium, so the title says so only when the end regret is tiny
    regret = float(game.regret(path.final))
    end = ("did not converge" if not path.converged
           else "converged to a Nash equilibrium" if regret <= 1e-6 * (float(np.ptp(game.payoffs)) or 1.0)
           else f"stopped at lambda = {lam[-1]:.3g}, regret {regret:.2g}")
    of = f" of {name}" if name else ""
    fig.suptitle(title or f"Logit QRE path{of} ({end}{'; ' + ', '.join(events) if events else ''})", fontsize=11)
    return fig


def plot_spe_set(payoff_sets: Any, *, feasible: Sequence[Sequence[Any]] | None = None,
                 stage_payoffs: Sequence[Sequence[Any]] | None = None, minmax: Sequence[Any] | None = None,
                 title: str | None = None) -> Figure:
    """Subgame-perfect payoff sets of a repeated two-player game drawn over its feasible set.

    Parameters
    ----------
    payoff_sets: one :class:`~bargain.analysis.repeated.PayoffSet` or a sequence of them (e.g. the
        Abreu–Sannikov polygon with its outer and inner approximations, or one set per δ).
    feasible: vertices of the feasible, individually rational set
        (:func:`bargain.analysis.repeated.feasible_ir_set`), shaded underneath.
    stage_payoffs: the stage game's pure payoff vectors, marked as points.
    minmax: each player's minmax value, drawn as dotted lines.
    """
    sets = [payoff_sets] if hasattr(payoff_sets, "vertices") else list(payoff_sets)
    if not sets:
        raise GameError("plot_spe_set needs at least one payoff set")
    players = tuple(sets[0].players)
    if len(players) != 2:
        raise GameError("plot_spe_set draws two-player payoff sets")
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    ax = fig.subplots()
    if feasible is not None and len(feasible):
        F = np.array([[float(x) for x in v] for v in feasible])
        ax.fill(F[:, 0], F[:, 1], color="0.85", label="feasible and individually rational")
    if stage_payoffs is not None:
        S = np.array([[float(x) for x in v] for v in stage_payoffs])
        ax.scatter(S[:, 0], S[:, 1], s=14, color="0.3", zorder=4, label="stage payoffs")
    if minmax is not None:
        ax.axvline(float(minmax[0]), color="0.4", linestyle=":", linewidth=1.0)
        ax.axhline(float(minmax[1]), color="0.4", linestyle=":", linewidth=1.0, label="minmax values")
    for k, s in enumerate(sets):
        V = s.array
        label = f"{s.method}, δ = {format_number(s.delta, 4)} ({len(V)} vertices{', exact' if s.exact else ''})"
        if len(V) == 0:
            continue
        closed = np.vstack([V, V[:1]])
        ax.plot(closed[:, 0], closed[:, 1], color=f"C{k}", linestyle=_LINESTYLES[k % len(_LINESTYLES)],
                linewidth=2.0, label=label, zorder=5)
        if len(V) >= 3:
            ax.fill(V[:, 0], V[:, 1], color=f"C{k}", alpha=0.12)
        ax.scatter(V[:, 0], V[:, 1], s=18, color=f"C{k}", zorder=6)
    ax.set_xlabel(f"payoff of {players[0]} (normalised discounted)")
    ax.set_ylabel(f"payoff of {players[1]} (normalised discounted)")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="best", fontsize=8, framealpha=0.9)
    fig.suptitle(title or f"Subgame-perfect payoffs of the repeated game between {players[0]} and {players[1]}",
                 fontsize=11)
    return fig


def plot_critical_delta(curves: Any, *, model: Any = None, delta: float | None = None,
                        title: str | None = None) -> Figure:
    """The critical discount factor δ* of a target against a parameter (one line per curve).

    Parameters
    ----------
    curves: one :class:`~bargain.analysis.repeated.DeltaCurve` or several over the same parameter.
    model: the model, for the parameter's unit on the x axis.
    delta: a discount factor to draw as a horizontal line: cooperation is self-enforcing where the
        curve lies below it.
    """
    cs = [curves] if hasattr(curves, "delta") and hasattr(curves, "parameter") else list(curves)
    if not cs:
        raise GameError("plot_critical_delta needs at least one curve")
    fig = Figure(figsize=(7.5, 4.5), layout="constrained")
    ax = fig.subplots()
    for k, c in enumerate(cs):
        ax.plot(c.values, c.delta, color=f"C{k}", linestyle=_LINESTYLES[k % len(_LINESTYLES)], linewidth=2.0,
                label=f"{c.method}: {c.target}")
        never = ~np.isfinite(c.delta)
        if never.any():
            ax.scatter(c.values[never], np.ones(int(never.sum())), marker="|", color=f"C{k}", alpha=0.6)
    if delta is not None:
        ax.axhline(float(delta), color="k", linestyle=":", linewidth=1.0, label=f"δ = {float(delta):.3g}")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(_axis_label(model, cs[0].parameter))
    ax.set_ylabel("critical discount factor δ*")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="best", fontsize=8, framealpha=0.9)
    fig.suptitle(title or f"When cooperation sustains itself in {cs[0].model} (ticks at 1: never)", fontsize=11)
    return fig


def tree(game: Any, equilibrium: Any = None, **options: Any) -> Figure:
    """Draw a game tree, with an equilibrium's moves highlighted: see :func:`bargain.plot_tree.plot_tree`."""
    from bargain.plot_tree import plot_tree

    return plot_tree(game, equilibrium, **options)
