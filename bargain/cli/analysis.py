"""The sensitivity commands: ``sensitivity``, ``thresholds``, ``regimes``, ``tornado`` and ``montecarlo``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click
import numpy as np

from bargain.cli import _common as common
from bargain.cli._common import (
    complete_param,
    emit,
    float_values,
    game_argument,
    open_game,
    output_options,
    parameter_values,
    parse_range,
    plot_option,
    profile_cell,
    save_plot,
    set_option,
)
from bargain.errors import GameError
from bargain.io.render import Approx, Report, Symbol, Table, format_cell


def _threshold_rows(items: Iterable[Any], exact: Any = None) -> list[list[Any]]:
    """One row per event: the exact value where known (a Fraction, or an expression from ``exact``,
    :class:`~bargain.cli.exact_values.ExactExpressions`), its decimal, and the change."""
    found = exact.found if exact is not None else {}
    return [[Symbol(t.parameter), found.get((t.parameter, k), t.best), Approx(t.value), "; ".join(t.disappears) or "-",
             "; ".join(t.appears) or "-", t.binding, t.method] for k, t in enumerate(items)]


def _add_expressions(data: dict[str, Any], exact: Any) -> None:
    """Put each exact expression beside its event in the JSON (``expression`` and ``latex``, strings)."""
    for (name, k), e in exact.found.items():
        data[name]["thresholds"][k].update(expression=e.text, latex=e.latex)


exact_budget_option = click.option(
    "--exact-budget", "exact_budget", type=click.FloatRange(0, None), default=60.0, show_default=True,
    metavar="SECONDS", help="Seconds the symbolic engine may spend finding exact expressions (such as "
                            "(a + sqrt(b))/c) for thresholds that are not fractions; 0 skips it.")


THRESHOLD_COLUMNS = ["parameter", "value", "decimal", "disappears", "appears", "why", "method"]


# --------------------------------------------------------------------------- sensitivity
@click.command()
@game_argument
@click.option("--param", "-p", "param", required=True, shell_complete=complete_param, metavar="NAME",
              help="The parameter to vary.")
@click.option("--range", "-r", "range_", metavar="LO:HI[:N]",
              help="Values to sweep (default: the parameter's bounds, 201 points).")
@set_option
@click.option("--payoffs", "show_payoffs", is_flag=True, help="Plot expected payoffs instead of probabilities.")
@click.option("--grid", "show_grid", is_flag=True, help="Also list every grid point (value, branch, profile).")
@exact_budget_option
@plot_option
@output_options
def sensitivity(game: str, param: str, range_: str | None, assignments: tuple[str, ...], show_payoffs: bool,
                show_grid: bool, exact_budget: float, plot_path: str | None, fmt: str, output: str | None,
                digits: int, quiet: bool) -> None:
    """How every equilibrium of GAME moves as one parameter varies, and where it breaks.

    Sweeps NAME over its range (all other parameters at their --set values or defaults), follows
    each equilibrium as a branch, and finds the exact thresholds where an equilibrium appears,
    disappears or changes support.

    \b
    Example:
      bargain sensitivity sanctions_triangle --param refugee_risk --plot risk.png
    """
    from bargain.analysis.thresholds import XTOL, thresholds

    src = open_game(game)
    model = src.require_model("sensitivity")
    prm = model.parameter(param)
    values = parameter_values(src, assignments)
    if param in values:
        raise GameError(f"--set {param}=... conflicts with --param {param}: the swept parameter cannot be fixed")
    grid = parse_range(range_, prm, "--range", 201)
    if grid is None:
        from bargain.analysis.sweep import grid_values

        grid = grid_values(model, param, 201)
    from bargain.cli.exact_values import exact_expressions
    from bargain.io.provenance import all_values

    with common.Status(f"sensitivity {src.label}: {param} over {len(grid)} points, thresholds", quiet):
        thr = thresholds(model, param, grid, fixed=float_values(values), concept="nash")      # along the sweep
    with common.Status(f"sensitivity {src.label}: exact expressions", quiet):
        exact = exact_expressions(src.label, {param: list(thr)}, all_values(src, values), exact_budget)
    sw = thr.sweep
    branches = []
    for b, (label, (lo, hi)) in enumerate(zip(sw.branch_labels(), sw.branch_extent(), strict=True)):
        branches.append([b + 1, lo, hi, label])
    tables = [Table(["branch", "from", "to", "equilibrium (support inside the interval)"], branches,
                    title=f"Equilibrium branches as {param} goes from {grid[0]:g} to {grid[-1]:g} "
                          f"({len(grid)} points)", notes=list(sw.notes)),
              Table(THRESHOLD_COLUMNS, _threshold_rows(thr, exact),
                    title=f"Thresholds of {param}" if len(thr) else f"No threshold of {param} in the range",
                    notes=list(thr.dropped) + exact.notes)]
    base = float(model.parameter(param).default)
    if grid[0] <= base <= grid[-1]:
        with common.Status(f"sensitivity {src.label}: derivatives at {param} = {base:g}", quiet):
            tables.append(_rates_table(model, param, {**float_values(values), param: base}, digits))
    if show_grid:
        cols = [param, "branch"] + [f"P({p}:{s})" for p, st in zip(sw.players, sw.strategies, strict=True)
                                    for s in st] + [f"u({p})" for p in sw.players]
        rows = []
        assert sw.tracks is not None and sw.track_payoffs is not None
        for k, x in enumerate(sw.axes[0]):
            for b in range(sw.n_branches):
                if np.isnan(sw.tracks[b, k, 0]):
                    continue
                rows.append([float(x), b + 1, *map(float, sw.tracks[b, k]), *map(float, sw.track_payoffs[b, k])])
        tables.append(Table(cols, rows, title="Equilibria at each grid point"))
    thr_data = {param: thr.to_dict()}
    _add_expressions(thr_data, exact)
    data = {"game": src.label, "parameter": param, **common.record(src, values, "sensitivity", "auto", grid=[
                float(grid[0]), float(grid[-1]), len(grid)], tol=XTOL, exact_budget=exact_budget, seed=None),
            "thresholds": thr_data[param],
            "branches": [{"branch": r[0], "from": r[1], "to": r[2], "support": r[3]} for r in branches],
            "sweep": sw.to_dict()}
    if plot_path:
        from bargain.plot import plot_sweep

        save_plot(plot_sweep(sw, thr, model=model, what="payoffs" if show_payoffs else "probabilities"),
                   plot_path, quiet)
    emit(Report(data, tables), fmt, output, quiet, digits)


def _rates_table(model: Any, param: str, point: dict[str, float], digits: int) -> Table:
    """How each equilibrium at ``point`` moves with ``param``: derivatives and elasticities (IFT)."""
    from bargain.analysis.derivatives import derivatives
    from bargain.analysis.noise import payoff_scale
    from bargain.solvers.registry import solve as solve_game

    g = model.game(**point)
    rows, notes = [], []
    for k, eq in enumerate(solve_game(g)):
        d = derivatives(model, eq, param, values=point)
        label = "; ".join(f"{p}: {profile_cell(g, eq, i, digits).text(digits)}" for i, p in enumerate(g.players))
        if not d.regular:
            notes.append(f"equilibrium {k + 1} is not regular at {param} = {point[param]:g}: it sits at a threshold")
            continue
        o = 0
        for i, (p, strats) in enumerate(zip(g.players, g.strategies, strict=True)):
            if len(eq.support[i]) > 1:
                for j in eq.support[i]:
                    rows.append([k + 1, label, f"P({p}:{strats[j]})", float(d.profile[o + j]),
                                 float(d.d_profile[0, o + j]), float(d.elasticity_profile[0, o + j])])
            o += len(strats)
        for i, p in enumerate(g.players):
            rows.append([k + 1, label, f"u({p})", float(d.payoffs[i]), float(d.d_payoffs[0, i]),
                         float(d.elasticity_payoffs[0, i])])
    undefined = False
    for k, row in enumerate(rows):
        if not np.isfinite(row[5]):
            row[5], undefined = None, True                                 # the quantity is 0
        if k and rows[k - 1][0] == row[0]:
            row[1] = ""                                                    # name each equilibrium once
    notes.append("elasticity: % change of the quantity per 1% change of the parameter"
                 + ("; blank where the quantity is 0" if undefined else ""))
    return Table(["#", "equilibrium", "quantity", "value", f"d/d {param}", "elasticity"], rows,
                 title=f"How each equilibrium moves at {param} = {point[param]:g} (implicit function theorem)",
                 notes=notes, scale=payoff_scale(g.payoffs))


# --------------------------------------------------------------------------- thresholds
@click.command("thresholds")
@game_argument
@click.option("--param", "-p", "params", multiple=True, shell_complete=complete_param, metavar="NAME",
              help="Only these parameters (repeatable; default: every parameter with finite bounds).")
@click.option("--points", "-n", default=201, show_default=True, type=click.IntRange(3, 100_000),
              help="Grid points per parameter used to bracket the thresholds.")
@set_option
@click.option("--symbolic", is_flag=True,
              help="Each threshold as a formula in the other parameters (its value at the --set values or "
                   "defaults beside it); needs sympy.")
@click.option("--in-terms-of", "in_terms_of", default=None, shell_complete=complete_param, metavar="NAME",
              help="With --symbolic, for a game closed from its extreme equilibria (a signalling game's ex-ante "
                   "form): each threshold as a function of this parameter, the others at their --set values or "
                   "defaults, with the interval on which it holds, cross-checked at random points; 'all': in every "
                   "parameter, where the algebra stays small.")
@click.option("--concept", type=click.Choice(["auto", "nash", "subgame-perfect"]), default="auto", show_default=True,
              help="The equilibria followed: auto is the subgame-perfect equilibrium of a game tree with perfect "
                   "information (backward induction on the tree) and the Nash equilibria otherwise; nash asks for "
                   "the Nash equilibria of a tree's reduced normal form.")
@exact_budget_option
@output_options
def thresholds_cmd(game: str, params: tuple[str, ...], points: int, assignments: tuple[str, ...], symbolic: bool,
                   in_terms_of: str | None, concept: str, exact_budget: float, fmt: str, output: str | None,
                   digits: int, quiet: bool) -> None:
    """Every critical parameter value at which the equilibria of GAME change.

    Each parameter is varied over its bounds with the others held at their --set values or
    defaults; each threshold is located to about 1e-12 and says which equilibrium appears,
    disappears or changes support, and why (a probability reaching 0, or a strategy becoming a
    best response).  Its value is exact where it is known: a fraction, or, where it is algebraic
    but not rational, an expression such as (279 - sqrt(67841))/120 from the symbolic engine
    (within --exact-budget seconds; skipped events are named in a note).  For a game tree with
    perfect information each threshold is where a mover's subgame-perfect move switches (who, at
    which node, from which move to which, and the path before and after).
    """
    from bargain.analysis.thresholds import XTOL, choose_concept, thresholds

    src = open_game(game)
    model = src.require_model("thresholds")
    values = parameter_values(src, assignments)
    names = list(params) or [n for n, p in model.parameters.items() if n not in values and n != in_terms_of
                             and np.isfinite(p.low) and np.isfinite(p.high) and p.low < p.high]
    for n in names:
        model.parameter(n)
        if n in values:
            raise GameError(f"--set {n}=... conflicts with --param {n}: a parameter cannot be both varied and fixed")
    if in_terms_of is not None:
        if not symbolic:
            raise GameError("--in-terms-of needs --symbolic: it writes each threshold as a formula")
        if in_terms_of != "all":
            model.parameter(in_terms_of)
        if in_terms_of in names:
            raise GameError(f"--in-terms-of {in_terms_of} is also a --param: a threshold cannot be written in terms "
                            "of its own parameter")
        if in_terms_of in values:
            raise GameError(f"--set {in_terms_of}=... conflicts with --in-terms-of {in_terms_of}: a parameter cannot "
                            "be both fixed and free")
    if symbolic:
        from bargain.cli.symbolic import thresholds_symbolic

        thresholds_symbolic(src, names, values, fmt, output, digits, quiet, in_terms_of)
        return
    from bargain.cli.exact_values import exact_expressions
    from bargain.io.provenance import all_values

    spe = choose_concept(model, concept)[0] == "subgame-perfect"
    results, data, none, dropped, caveats = {}, {}, [], [], []
    with common.progress(len(names), "thresholds", quiet) as bar:
        for n in names:
            thr = results[n] = thresholds(model, n, n=points, fixed=float_values(values), concept=concept)
            data[n] = thr.to_dict()
            dropped += thr.dropped
            caveats += [c for c in thr.notes if c not in caveats]
            if not len(thr):
                none.append(n)
            bar.update(1)
    with common.Status(f"thresholds {src.label}: exact expressions", quiet):
        # the symbolic engine traces normal forms; a tree's switches without a Fraction are roots of a non-affine gap
        exact = exact_expressions(src.label, {n: list(t) for n, t in results.items() if not spe},
                                  all_values(src, values), exact_budget)
    _add_expressions(data, exact)
    rows = [row for n in names for row in _threshold_rows(results[n], exact)]
    notes = [f"no threshold in range: {', '.join(none)}"] if none else []
    notes += [f"not an event: {d}" for d in dropped] + caveats + exact.notes
    inexact = [f"{n} = {e.value:.6g}" for n in names for e in results[n] if spe and e.exact is None]
    if inexact:
        notes.append(f"located by Brent's method to 1e-13, no exact value (the gap between the two moves is not "
                     f"affine in the parameter): {', '.join(inexact)}")
    at = ", ".join(f"{k}={v}" for k, v in values.items())
    kind = "Subgame-perfect thresholds" if spe else "Thresholds"
    emit(Report({"game": src.label, **common.record(src, values, "thresholds", "backward-induction" if spe else "auto",
                                                    points=points, tol=XTOL, exact_budget=exact_budget, seed=None,
                                                    concept="subgame-perfect" if spe else "nash"),
                 "thresholds": data},
                [Table(THRESHOLD_COLUMNS, rows, title=f"{kind} of {src.title or src.label}"
                       + (f" at {at}" if at else " (other parameters at their defaults)"), notes=notes)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- regimes
@click.command()
@game_argument
@click.option("--x", "x_param", required=True, shell_complete=complete_param, metavar="NAME",
              help="Parameter on the horizontal axis.")
@click.option("--y", "y_param", required=True, shell_complete=complete_param, metavar="NAME",
              help="Parameter on the vertical axis.")
@click.option("--x-range", metavar="LO:HI[:N]", help="Values of --x (default: its bounds, 81 points).")
@click.option("--y-range", metavar="LO:HI[:N]", help="Values of --y (default: its bounds, 81 points).")
@set_option
@plot_option
@output_options
def regimes(game: str, x_param: str, y_param: str, x_range: str | None, y_range: str | None,
            assignments: tuple[str, ...], plot_path: str | None, fmt: str, output: str | None, digits: int,
            quiet: bool) -> None:
    """A regime map: which equilibria GAME has over a grid of two parameters.

    \b
    Example:
      bargain regimes sanctions_triangle --x refugee_risk --y taiwan_linkage --plot regimes.png
    """
    from bargain.analysis.sweep import grid_values, sweep

    src = open_game(game)
    model = src.require_model("regimes")
    if x_param == y_param:
        raise GameError(f"--x and --y are both {x_param!r}: choose two different parameters")
    values = parameter_values(src, assignments)
    axes = []
    for name, text, opt in ((x_param, x_range, "--x-range"), (y_param, y_range, "--y-range")):
        prm = model.parameter(name)
        if name in values:
            raise GameError(f"--set {name}=... conflicts with --x/--y {name}: a mapped parameter cannot be fixed")
        grid = parse_range(text, prm, opt, 81)
        axes.append(grid if grid is not None else grid_values(model, name, 81))
    sw = sweep(model, {x_param: axes[0], y_param: axes[1]}, fixed=float_values(values), progress=not quiet)
    sig = sw.signatures().astype(str)
    names, counts = np.unique(sig, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    rows = []
    X, Y = np.meshgrid(axes[0], axes[1], indexing="ij")
    for k in order:
        mask = sig == names[k]
        rows.append([str(names[k]), round(100 * counts[k] / sig.size, 1), float(X[mask].min()), float(X[mask].max()),
                     float(Y[mask].min()), float(Y[mask].max())])
    data = {"game": src.label, "x": x_param, "y": y_param,
            **common.record(src, values, "regimes", "auto", seed=None), "x_values": axes[0].tolist(),
            "y_values": axes[1].tolist(), "regimes": sig.tolist(),
            "summary": [{"equilibria": r[0], "percent": r[1], "x": [r[2], r[3]], "y": [r[4], r[5]]} for r in rows]}
    if plot_path:
        from bargain.plot import plot_regimes

        save_plot(plot_regimes(sw, model=model), plot_path, quiet)
    emit(Report(data, [Table(["equilibria (supports)", "% of grid", f"{x_param} from", "to", f"{y_param} from",
                              "to"], rows, title=f"Regimes of {src.title or src.label} over {x_param} x {y_param} "
                                               f"({len(axes[0])} x {len(axes[1])} grid)", notes=list(sw.notes))]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- tornado
def _parse_outcome(text: str | None, g: Any) -> tuple[str, str] | None:
    """``China:Enforce`` -> ("China", "Enforce"); ``payoff:US`` -> ("payoff", "US")."""
    from bargain.errors import did_you_mean

    if text is None:
        return None
    who, sep, what = text.partition(":")
    who, what = who.strip(), what.strip()
    if not sep or not who or not what:
        raise GameError(f"--outcome {text!r} is malformed: write PLAYER:STRATEGY (the probability it is played, "
                        f"e.g. {g.players[0]}:{g.strategies[0][0]}) or payoff:PLAYER (e.g. payoff:{g.players[0]})")
    if who == "payoff":
        g.player_index(what)
        return ("payoff", what)
    if who not in g.players:
        raise GameError(f"--outcome {text!r}: unknown player {who!r}{did_you_mean(who, g.players)}; players are "
                        f"{', '.join(g.players)} (or write payoff:PLAYER)")
    g.strategy_index(who, what)
    return (who, what)


@click.command("tornado")
@game_argument
@click.option("--outcome", "-O", metavar="PLAYER:STRATEGY|payoff:PLAYER",
              help="What to measure: the probability that PLAYER plays STRATEGY, or PLAYER's expected payoff "
                   "(default: payoff of the first player, or the first outcome that varies if that one is constant).")
@click.option("--param", "-p", "params", multiple=True, shell_complete=complete_param, metavar="NAME",
              help="Only these parameters (repeatable; default: all with finite bounds).")
@click.option("--points", "-n", default=41, show_default=True, type=click.IntRange(2, 100_000),
              help="Grid points per parameter.")
@click.option("--reduce", type=click.Choice(["tracked", "mean", "min", "max"]), default="tracked",
              show_default=True, help="With several equilibria: follow one from the base point (tracked), or take "
                                      "the mean/min/max over all of them.")
@click.option("--equilibrium", "-e", default=0, show_default=True, type=click.IntRange(0, None),
              help="With --reduce tracked: which equilibrium at the base point to follow (0 = first).")
@set_option
@plot_option
@output_options
def tornado_cmd(game: str, outcome: str | None, params: tuple[str, ...], points: int, reduce: str, equilibrium: int,
                assignments: tuple[str, ...], plot_path: str | None, fmt: str, output: str | None, digits: int,
                quiet: bool) -> None:
    """Rank the parameters of GAME by how far each moves an equilibrium outcome.

    Each parameter sweeps its whole range with the others at their --set values or defaults;
    the bar is the range of the outcome over that sweep (a tornado diagram, largest swing first).

    \b
    Example:
      bargain tornado sanctions_triangle --outcome China:Enforce --plot tornado.png
    """
    from bargain.analysis.tornado import tornado

    src = open_game(game)
    model = src.require_model("tornado")
    values = parameter_values(src, assignments)
    spec = _parse_outcome(outcome, model.game(**values))
    for n in params:
        model.parameter(n)
        if n in values:
            raise GameError(f"--set {n}=... conflicts with --param {n}: a parameter cannot be both varied and fixed")
    t = tornado(model, spec, parameters=list(params) or None, n=points, fixed=float_values(values),
                reduce=reduce, equilibrium=equilibrium, progress=not quiet)
    rows = [[Symbol(p), float(t.low[k]), float(t.high[k]), float(t.at_low[k]), float(t.at_high[k]),
             float(t.minimum[k]), float(t.maximum[k]), float(t.swing[k])] for k, p in enumerate(t.parameters)]
    notes = list(t.notes)
    if reduce == "tracked":
        notes += [f"{p}: the followed equilibrium exists only on [{a:g}, {b:g}]"
                  for k, (p, (a, b)) in enumerate(zip(t.parameters, t.ends, strict=True))
                  if (a, b) != (float(t.low[k]), float(t.high[k]))]
    if plot_path:
        from bargain.plot import plot_tornado

        save_plot(plot_tornado(t, model=model), plot_path, quiet)
    result = t.to_dict()
    result["grids"] = result.pop("values")
    emit(Report({"game": src.label, **result, **common.record(src, values, "tornado", "auto", outcome=t.outcome,
                                                             points=points, reduce=reduce, equilibrium=equilibrium,
                                                             noise_floor=t.noise_floor, seed=None)},
                [Table(["parameter", "low", "high", "outcome at low", "outcome at high", "min", "max", "swing"], rows,
                       title=f"Tornado of {t.outcome} in {src.title or src.label} (base "
                             f"{format_cell(t.base, digits, t.scale)}, reduce={reduce})", notes=notes,
                       scale=t.scale)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- montecarlo
@click.command("montecarlo")
@game_argument
@click.option("--samples", "-N", default=10_000, show_default=True, type=click.IntRange(1, None),
              help="Number of parameter draws.")
@click.option("--vary", "ranges", multiple=True, metavar="NAME=LO:HI",
              help="Draw NAME uniformly from [LO, HI] instead of its whole range (repeatable).")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the draws (same seed, same answer).")
@click.option("--workers", type=click.IntRange(1, None), help="Local processes (default: all cores).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Solve on a Dask cluster, e.g. tcp://host:8786 (needs dask[distributed]).")
@click.option("--outcome", "-O", metavar="PLAYER:STRATEGY|payoff:PLAYER",
              help="Also report the mean and 90% interval of this outcome over the draws (keeps every draw "
                   "in memory; without it only counters are kept).")
@click.option("--top", default=5, show_default=True, type=click.IntRange(0, None),
              help="Rows of the most likely equilibrium sets to list before an 'other' row (0 = all; JSON "
                   "always has all).")
@click.option("--full", is_flag=True, help="List every equilibrium set and support (the same as --top 0).")
@set_option
@output_options
def montecarlo_cmd(game: str, samples: int, ranges: tuple[str, ...], seed: int, workers: int | None,
                   scheduler: str | None, outcome: str | None, top: int, full: bool, assignments: tuple[str, ...],
                   fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """How likely each equilibrium outcome of GAME is when the parameters are uncertain.

    Every parameter not fixed by --set is drawn uniformly over its bounds (or the --vary range)
    and each draw's game is solved; the result is the probability of each set of equilibria,
    with its standard error.

    \b
    Example:
      bargain montecarlo sanctions_triangle --samples 20000 --vary refugee_risk=0.3:0.7
    """
    from bargain.analysis.montecarlo import monte_carlo

    src = open_game(game)
    model = src.require_model("montecarlo")
    values = parameter_values(src, assignments)
    dists: dict[str, tuple[float, float]] = {}
    for item in ranges:
        name, sep, rng = item.partition("=")
        name = name.strip()
        if not sep:
            raise GameError(f"--vary {item!r} is malformed: write --vary NAME=LO:HI (e.g. --vary x=0.2:0.8)")
        prm = model.parameter(name)
        if name in values:
            raise GameError(f"--vary {name} conflicts with --set {name}: a parameter is either drawn or fixed")
        grid = parse_range(rng, prm, f"--vary {name}=", 2)
        assert grid is not None
        dists[name] = (float(grid[0]), float(grid[-1]))
    spec = _parse_outcome(outcome, model.game(**values)) if outcome else None
    mc = monte_carlo(model, samples, distributions=dists, fixed=float_values(values), seed=seed, workers=workers,
                     scheduler=scheduler, progress=not quiet, keep_draws=spec is not None)
    top = 0 if full else top
    keep = len(mc.outcomes) if top == 0 else min(top, len(mc.outcomes))
    rest = [] if keep == len(mc.outcomes) else ["other: the less likely equilibrium sets together; --full lists all"]
    keep_s = len(mc.supports) if top == 0 else min(top, len(mc.supports))
    played = [[pl, st, p, se] for pl, st, p, se in mc.strategy_probability()]
    ref_rows = []
    if mc.reference is not None:
        ex, sex, only, seo = mc.reference_probability(mc.reference)
        ref_rows = [[f"an equilibrium {mc.reference}", ex, sex], [f"the only equilibrium {mc.reference}", only, seo]]
    tables = [Table(["player", "strategy", "P(played)", "std. error"], played,
                    title=f"Monte Carlo: {mc.n_samples} draws of {src.title or src.label} (seed {seed}, {mc.backend})",
                    notes=["P(played): the share of draws with an equilibrium that uses the strategy"]),
              Table(["outcome at the defaults", "probability", "std. error"], ref_rows,
                    title="The outcome at the parameters' defaults (the article's, for the shipped games)"),
              Table(["probability", "std. error", "equilibria (supports)"],
                    [[p, se, name] for p, se, name in mc.summary_rows(top)],
                    title="Most likely equilibrium sets", notes=rest),
              Table(["probability", "an equilibrium with support"],
                    [[float(p), name] for name, p in zip(mc.supports[:keep_s], mc.support_probability[:keep_s],
                                                         strict=True)],
                    title="Probability that an equilibrium with each support exists",
                    notes=[] if keep_s == len(mc.supports) else [f"{len(mc.supports) - keep_s} rarer supports not "
                                                                 "listed; --full lists all"])]
    data = {"game": src.label, **common.record(src, values, "montecarlo", "auto", samples=samples, seed=seed,
                                               vary={k: list(v) for k, v in dists.items()}),
            "seed": seed, "vary": {k: list(v) for k, v in dists.items()},
            **{k: v for k, v in mc.to_dict().items() if k not in ("samples", "labels")}}
    if spec is not None:
        from bargain.analysis.tornado import describe_outcome

        stats = mc.expected(spec)
        data["outcome"] = {"name": describe_outcome(spec), **stats}
        tables.append(Table(["outcome", "mean", "std. error", "5%", "median", "95%"],
                            [[describe_outcome(spec), stats["mean"], stats["stderr"], stats["q05"], stats["median"],
                              stats["q95"]]], title="Outcome over the draws (mean over each draw's equilibria)"))
    emit(Report(data, tables), fmt, output, quiet, digits)
