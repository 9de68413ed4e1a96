"""``bargain solve``: every equilibrium of a game (``--spe`` for the subgame-perfect ones of a tree)."""

from __future__ import annotations

from typing import Any

import click

from bargain.analysis.noise import payoff_scale
from bargain.cli import _common as common
from bargain.cli._common import (
    check_plot_path,
    emit,
    open_game,
    output_options,
    parameter_values,
    profile_cell,
    save_plot,
    set_option,
)
from bargain.cli.refine import REFINE_CHOICES, solve_refined
from bargain.cli.stability import stability_reports
from bargain.cli.symbolic import solve_symbolic
from bargain.errors import GameError
from bargain.io.render import Mixture, Report, Table, format_cell

# --------------------------------------------------------------------------- solve
#: The commands whose results ``solve --from`` reproduces.
REPLAYED = ("solve", "solve --spe", "solve --refine", "solve --symbolic")


def _replay(from_path: str, game: str | None, assignments: tuple[str, ...], method: str, exact: bool,
            spe: bool, refine: str | None, symbolic: bool) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """``--from result.json``: the game, every parameter value, and the method and switches the result records.

    Returns the game source, the parameter values to set, and ``{"method", "exact", "stability", "spe",
    "refine", "symbolic"}`` as the result was computed.
    """
    from bargain.io.provenance import check_same_game, read_provenance
    from bargain.io.sources import open_source, parse_value

    if game is not None or assignments or method != "auto" or exact or spe or refine or symbolic:
        raise GameError("--from replays a result as it was computed: give no GAME, --set, --method, --exact, --spe, "
                        "--refine or --symbolic with it")
    rec = read_provenance(from_path)
    command = rec.get("command")
    if command not in REPLAYED:
        raise GameError(f"--from {from_path!r} is a result of 'bargain {command}', not of 'bargain solve'")
    src = open_source(rec["game"].get("name") or rec["game"]["file"])
    check_same_game(rec, src, from_path)
    recorded = {k: v if isinstance(v, int | float) else parse_value(str(v), f"--from {from_path!r}: value of {k!r}")
                for k, v in (rec.get("values") or {}).items()}
    if recorded and not src.is_model:
        raise GameError(f"--from {from_path!r} records parameter values, but {src.label!r} has no parameters")
    # the values set then, and any default that differs from the one recorded
    values = {k: v for k, v in recorded.items()
              if k in (rec.get("set") or ()) or k not in src.parameters or src.parameters[k].default != v}
    if src.is_model:
        src.model.validate(**values)
    opts = rec.get("options") or {}
    refine_kind = opts.get("refine") if command == "solve --refine" else None
    if command == "solve --refine" and refine_kind not in REFINE_CHOICES:
        raise GameError(f"--from {from_path!r}: the refinement it records ({refine_kind!r}) is not one of "
                        f"{', '.join(REFINE_CHOICES)}")
    return src, values, {"method": opts.get("requested") or rec.get("method") or "auto",   # "auto" again: its note
                         "exact": bool(opts.get("exact")), "stability": bool(opts.get("stability", True)),
                         "spe": command == "solve --spe", "refine": refine_kind,
                         "symbolic": command == "solve --symbolic"}


@click.command()
@click.argument("game", required=False, shell_complete=common.complete_game)
@set_option
@click.option("--method", "-m", default="auto", show_default=True, metavar="METHOD",
              help="Solver: auto, or one listed by 'bargain solve --methods' (enumeration, polynomial, "
                   "lemke-howson, lp, qre, pure).")
@click.option("--exact", is_flag=True, help="Exact rational arithmetic (rational payoffs give rational equilibria).")
@click.option("--methods", is_flag=True, help="List the solvers and exit.")
@click.option("--stability/--no-stability", "with_stability", default=True, show_default=True,
              help="Flag each equilibrium as strict/regular, with its index and robustness radius "
                   "(see 'bargain stability').")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), callback=check_plot_path,
              help="With --method qre: draw the logit QRE path to FILE (.png, .svg or .pdf).")
@click.option("--spe", is_flag=True,
              help="For a game tree (.efg file or tree model): its subgame-perfect equilibria, with the path "
                   "of play and every player's plan.")
@click.option("--refine", type=click.Choice(REFINE_CHOICES), default=None,
              help="For a game tree: only the sequential, perfect Bayesian, normal-form perfect or (two players) "
                   "quasi-perfect equilibria, with beliefs at every information set (the rejected Nash equilibria are "
                   "listed with the reason); for a signalling "
                   "game also the intuitive criterion or D1; qre-limit: every equilibrium with the refinements "
                   "it meets, and the limit of the agent logit QRE as the selection.")
@click.option("--symbolic", is_flag=True,
              help="Every equilibrium as formulas in the model's parameters, with the regions where each holds "
                   "(--set fixes parameters; needs sympy).")
@click.option("--from", "from_path", type=click.Path(dir_okay=False), metavar="RESULT.json",
              help="Reproduce a result: solve the game it records (checked by SHA-256) at every parameter value, "
                   "with the method and options it records.")
@output_options
def solve(game: str | None, assignments: tuple[str, ...], method: str, exact: bool, methods: bool,
          with_stability: bool, plot_path: str | None, spe: bool, refine: str | None, symbolic: bool,
          from_path: str | None, fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """Every equilibrium of GAME: strategies, payoffs, supports, stability and the method used.

    \b
    GAME is a shipped game (see 'bargain list'), a .py file defining `model`,
    or a .nfg, .efg or .json game file (their numbers are exact).
    'bargain solve --from result.json' solves again what a JSON result records.
    """
    from bargain.solvers.registry import available_solvers, get_solver, method_choice
    from bargain.solvers.registry import solve as solve_game
    from bargain.solvers.sequence_form.methods import choose_tree_method

    if methods:
        rows = [[n, i.players, i.complete, i.exact, i.description] for n, i in sorted(available_solvers().items())]
        emit(Report([{"name": r[0], "players": r[1], "complete": r[2], "exact": r[3], "description": r[4]}
                      for r in rows],
                     [Table(["method", "players", "complete", "exact", "description"], rows, title="Solvers")]),
             fmt, output, quiet, digits)
        return
    if from_path is not None:
        src, values, how = _replay(from_path, game, assignments, method, exact, spe, refine, symbolic)
        method, exact, with_stability = how["method"], how["exact"], how["stability"]
        spe, refine, symbolic = how["spe"], how["refine"], how["symbolic"]
    elif game is None:
        raise GameError("missing argument GAME: give a shipped game, a .py file or a game file "
                        "(or --methods to list the solvers, or --from RESULT.json to reproduce a result)")
    else:
        src = open_game(game)
        values = parameter_values(src, assignments)
    if spe:
        _solve_spe(src, values, exact, fmt, output, digits, quiet)
        return
    if refine:
        solve_refined(src, values, exact, refine, fmt, output, digits, quiet)
        return
    if symbolic:
        solve_symbolic(src, values, fmt, output, digits, quiet)
        return
    tree = _tree_of(src, values, exact)
    runs = choose_tree_method(tree)[0] if tree is not None and tree.has_perfect_recall and method == "auto" \
        and not plot_path else method      # the tree method auto runs
    if tree is not None and tree.has_perfect_recall and (
            (method == "auto" and not plot_path and runs != "normal-form")
            or (method != "auto" and get_solver(method).tree)):
        _solve_tree(src, tree, values, method, runs, exact, with_stability, fmt, output, digits, quiet)
        return
    g = src.game_at(values, exact=exact)
    choice = method_choice(g) if method == "auto" else None
    chosen = choice.name if choice is not None else method
    if plot_path and chosen != "qre":
        raise GameError(f"--plot draws the logit QRE path: use it with --method qre (the method here is {chosen!r})")
    use_exact: bool | None = True if exact else None
    if method == "auto" and not available_solvers()[chosen].complete:
        # say so at once, before the long work starts; floats keep the incomplete method affordable
        use_exact = bool(exact)
        if not quiet:
            click.echo(f"note: no complete method is affordable for this {'x'.join(map(str, g.shape))} game "
                       f"({choice.reason}); running {chosen} in "
                       f"{'exact' if exact else 'floating-point'} arithmetic, which finds some equilibria but not "
                       "necessarily all; choose another with --method (bargain solve --methods)", err=True)
    with common.Status(f"solving {src.label} ({'x'.join(map(str, g.shape))}, method {chosen})", quiet) as status:
        eqs = solve_game(g, method, exact=use_exact, **status.options_for(get_solver(chosen).func))
    path = None
    if plot_path:
        from bargain.plot import plot_qre_path
        from bargain.solvers.qre import qre_path

        with common.Status(f"tracing the QRE path of {src.label}", quiet):
            path = qre_path(g.to_float())
        save_plot(plot_qre_path(path, name=src.title or src.label), plot_path, quiet)
    reports = stability_reports(g, eqs, quiet) if with_stability else None
    columns = ["#", *g.players, *(f"u({p})" for p in g.players)]
    scale = payoff_scale(g.payoffs)
    rows = []
    for k, eq in enumerate(eqs):
        shared = eq.component is not None and not eqs.components[eq.component].is_isolated
        row: list[Any] = [f"{k + 1} (c{eq.component + 1})" if shared else k + 1]
        row += [profile_cell(g, eq, i, digits) for i in range(g.n_players)]
        pays = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        row += list(pays)
        rows.append(row)
    data = {"game": src.label, "title": src.title, **eqs.to_dict(),
            **common.record(src, values, "solve", chosen, requested=method, exact=exact, stability=with_stability,
                            tol=float(g.tolerance), seed=None)}
    for d, row in zip(data["equilibria"], rows, strict=True):
        d["shown"] = {"profile": [format_cell(c, digits, scale) for c in row[1:1 + g.n_players]],
                      "payoffs": [format_cell(c, digits, scale) for c in row[1 + g.n_players:]]}
    if path is not None and hasattr(path, "to_dict"):
        data["qre_path"] = path.to_dict()
    if reports is not None:
        columns += ["strict", "regular", "index", "radius"]
        for row, rep, d in zip(rows, reports, data["equilibria"], strict=True):
            row += [None] * 4 if rep is None else [rep.strict, rep.regular, rep.index, rep.robustness_radius]
            d["stability"] = None if rep is None else rep.to_dict()
    notes = []
    for comp in eqs.components:
        if not comp.is_isolated:
            notes.append(f"component c{comp.index + 1} is a connected set of equilibria spanned by "
                         + ", ".join(f"#{k + 1}" for k in comp.equilibria))
    notes += eqs.continuum_lines()
    notes += list(eqs.notes)
    n = len(eqs)
    title = (f"{n} equilibri{'um' if n == 1 else 'a'} of {src.title or src.label}; method {eqs.method} "
             f"({eqs.completeness})")
    preface = []
    if values:
        preface.append("at " + ", ".join(f"{k} = {v}" for k, v in values.items()))
    emit(Report(data, [Table(columns, rows, title=title, notes=notes, scale=scale)], preface), fmt, output, quiet,
         digits)


def _solve_spe(src: Any, values: dict[str, Any], exact: bool, fmt: str, output: str | None, digits: int,
               quiet: bool) -> None:
    """``solve --spe``: the subgame-perfect equilibria of a game tree."""
    from bargain.solvers.spe import subgame_perfect_equilibria

    tree = _tree_of(src, values, exact)
    if tree is None:
        raise GameError(f"--spe needs a game tree, but {src.label!r} is a normal-form game: give an .efg file or a "
                        "tree model (bargain show says whether a game has a tree)")
    with common.Status(f"solving the game tree of {src.label} ({tree.num_nodes} nodes)", quiet):
        eqs = subgame_perfect_equilibria(tree, exact=True if exact else None)
    rows = []
    for k, eq in enumerate(eqs):
        path = " -> ".join(str(step) for step in eq.path) or "(no moves)"
        plans = []
        for p in tree.players:
            plan = eq.plan(p)
            plans.append("; ".join(f"{h}: {a if isinstance(a, str) else Mixture(tuple(a.items())).text(digits)}"
                                   for h, a in plan.items()) or "(no move)")
        pays = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        rows.append([k + 1, path, *plans, *pays])
    n = len(eqs)
    title = (f"{n} subgame-perfect equilibri{'um' if n == 1 else 'a'} of {src.title or src.label}; method "
             f"{eqs.method} ({'complete' if eqs.complete else 'not guaranteed complete'})")
    notes = ([f"{eqs.count} in all; the first {n} are listed"] if eqs.count > n else []) + list(eqs.notes)
    emit(Report({"game": src.label, "title": src.title, **eqs.to_dict(),
                 **common.record(src, values, "solve --spe", eqs.method, exact=exact, seed=None)},
                [Table(["#", "path of play", *(f"plan of {p}" for p in tree.players),
                        *(f"u({p})" for p in tree.players)], rows, title=title, notes=notes)]),
         fmt, output, quiet, digits)


def _tree_of(src: Any, values: dict[str, Any], exact: bool) -> Any:
    """The game tree behind ``src`` (an .efg file or a tree model), or None for a normal-form game."""
    tree = src.tree
    if tree is None and src.is_model and callable(getattr(src.model, "tree", None)):
        tree = src.model.tree(exact=exact, **values) if exact else src.model.tree(**values)
    return tree


def _solve_tree(src: Any, tree: Any, values: dict[str, Any], method: str, runs: str, exact: bool,
                with_stability: bool, fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """``solve`` on a game tree: Nash equilibria in behaviour strategies by the sequence form.

    ``runs`` is the tree method that will run (the one ``auto`` chooses, else ``method``).
    """
    from bargain.solvers.registry import get_solver
    from bargain.solvers.registry import solve as solve_game

    # auto passes the options on only to the tree method it chooses: look that method up
    with common.Status(f"solving the game tree of {src.label} ({tree.num_nodes} nodes, method {method})",
                       quiet) as status:
        options = status.options_for(get_solver(runs).func) if runs != "normal-form" else {}
        eqs = solve_game(tree, method, exact=True if exact else None, **options)
    rows = []
    for k, eq in enumerate(eqs):
        shared = eq.component is not None and not eqs.components[eq.component].is_isolated
        path = " -> ".join(str(step) for step in eq.path) or "(no moves)"
        moves = []
        for i in range(tree.n_players):
            parts = []
            for h in tree.player_infosets(i):
                probs = {a: p for a, p in eq.behaviour.action_probabilities(h.index).items() if p > 0}
                src_q = eq.behaviour.exact_probabilities
                if src_q is not None:
                    probs = {a: q for a, q in zip(h.actions, src_q[h.index], strict=True) if q != 0}
                what = next(iter(probs)) if len(probs) == 1 else Mixture(tuple(probs.items())).text(digits)
                parts.append(f"{h.label}: {what}")
            moves.append("; ".join(parts) or "(no move)")
        pays = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        rows.append([f"{k + 1} (c{eq.component + 1})" if shared else k + 1, path, *moves, *pays])
    notes = [f"component c{c.index + 1} is a connected set of equilibria spanned by "
             + ", ".join(f"#{k + 1}" for k in c.equilibria) for c in eqs.components if not c.is_isolated]
    notes += eqs.continuum_lines()
    notes += list(eqs.notes)
    n = len(eqs)
    title = (f"{n} equilibri{'um' if n == 1 else 'a'} of {src.title or src.label} in behaviour strategies; method "
             f"{eqs.method} ({eqs.completeness})")
    emit(Report({"game": src.label, "title": src.title, **eqs.to_dict(),
                 **common.record(src, values, "solve", eqs.method, requested=method, exact=exact,
                                 stability=with_stability, seed=None)},
                [Table(["#", "path of play", *(f"moves of {p}" for p in tree.players),
                        *(f"u({p})" for p in tree.players)], rows, title=title, notes=notes)]),
         fmt, output, quiet, digits)
