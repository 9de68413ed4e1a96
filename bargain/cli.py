"""The ``bargain`` command line: solve, sweep and bargain from the terminal.

Every command takes ``--format table|json|csv|latex``, ``--output FILE`` (written atomically) and
``--quiet``; GAME is a shipped game name (``bargain list``), a ``.py`` file defining ``model``, or a
``.nfg``, ``.efg`` or ``.json`` game file.  Bad input (unknown game or parameter, malformed
``--set``, a value out of bounds, a malformed file, an unwritable output) prints one line on stderr
naming the problem and the fix, and exits with status 2.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click
import numpy as np
from click.shell_completion import CompletionItem

from bargain.errors import GameError
from bargain.io.render import FORMATS, Mixture, Report, Table, render

__all__ = ["cli", "main"]

EXIT_BAD_INPUT = 2


def _version() -> str:
    try:
        return version("bargain")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        from bargain import __version__

        return __version__


# --------------------------------------------------------------------------- errors
class BargainGroup(click.Group):
    """A click group that reports bad input on one line of stderr and exits with status 2."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except GameError as exc:
            _fail(str(exc))
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "bargain"
            _fail(f"{exc.format_message()} (see '{cmd} --help')")
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except BrokenPipeError:  # e.g. `bargain solve ... | head`
            sys.exit(0)
        sys.exit(rv if isinstance(rv, int) else 0)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    one_line = " ".join(message.split())
    click.echo(f"error: {one_line}", err=True)
    sys.exit(code)


# --------------------------------------------------------------------------- shared options
def _complete_game(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    items: list[CompletionItem] = []
    if "/" not in incomplete and not incomplete.startswith("."):
        try:
            from bargain.model.loader import list_games

            items += [CompletionItem(n) for n in list_games() if n.startswith(incomplete)]
        except Exception:  # completion must never fail loudly
            pass
    items.append(CompletionItem(incomplete, type="file"))
    return items


def _game_argument(ctx: click.Context) -> str | None:
    """The GAME argument while completing: parsed already, or (when click stopped at an option still
    waiting for its value) read from the words the shell passes in ``COMP_WORDS``."""
    game = ctx.params.get("game")
    if game:
        return str(game)
    words = shlex.split(os.environ.get("COMP_WORDS", ""))
    try:
        start = words.index(ctx.info_name or "") + 1
    except ValueError:
        return None
    takes_value = {name for p in ctx.command.params if isinstance(p, click.Option) and not p.is_flag
                   for name in p.opts}
    k = start
    while k < len(words):
        w = words[k]
        if w.startswith("-"):
            k += 2 if w in takes_value else 1
            continue
        return w
    return None


def _game_parameters(ctx: click.Context) -> list[str]:
    try:
        from bargain.io.sources import open_source

        game = _game_argument(ctx)
        return list(open_source(game).parameters) if game else []
    except Exception:
        return []


def _complete_param(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(n) for n in _game_parameters(ctx) if n.startswith(incomplete)]


def _complete_set(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(f"{n}=", type="plain") for n in _game_parameters(ctx) if n.startswith(incomplete)]


def _check_output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from bargain.io.files import check_writable

        check_writable(value)
    return value


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--format``, ``--output``, ``--digits`` and ``--quiet`` to a command."""

    @click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table for people, json for programs, csv for spreadsheets, latex for papers (\\input-able).")
    @click.option("--output", "-o", type=click.Path(dir_okay=False), callback=_check_output,
                  help="Write the result to FILE (atomically: all of it or nothing) instead of stdout.")
    @click.option("--digits", type=click.IntRange(1, 17), default=6, show_default=True,
                  help="Significant digits of floating-point numbers in table and latex output.")
    @click.option("--quiet", "-q", is_flag=True, help="No progress bars or messages on stderr.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def emit(report: Report, fmt: str, output: str | None, quiet: bool, digits: int = 6) -> None:
    """Print ``report`` in ``fmt``, or write it atomically to ``output``."""
    text = render(report, fmt, digits)
    if output:
        from bargain.io.files import atomic_write

        atomic_write(output, text)
        if not quiet:
            click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


#: Seconds of work before a progress bar or status line appears on stderr.
PROGRESS_DELAY = 1.0


def progress(total: int, desc: str, quiet: bool) -> Any:
    """A tqdm progress bar on stderr that appears only if the work takes more than a second."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, disable=quiet, delay=PROGRESS_DELAY, file=sys.stderr, leave=False,
                dynamic_ncols=True)


class Status:
    """A one-line status on stderr (``solving game.nfg ... 00:03``) for work that reports no progress.

    Used as ``with Status("solving X", quiet): ...``.  A timer thread waits ``PROGRESS_DELAY``
    seconds; if the work is still running it shows the line (an indeterminate tqdm bar with the
    elapsed time) and refreshes it until the work ends, successfully or not, and then clears it, so
    quick work prints nothing.  Nothing at all with ``quiet``; stdout is never touched.
    """

    def __init__(self, desc: str, quiet: bool, *, interval: float = 0.5) -> None:
        self.desc, self.quiet, self.interval = desc, quiet, interval
        self.shown = threading.Event()            # set once the line is on stderr (for tests)
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Status:
        if not self.quiet:
            self._start, self._file = time.time(), sys.stderr
            self._thread = threading.Thread(target=self._run, name="bargain-status", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def _line(self) -> str:
        """The description and the time since the work began, cut to fit one line of the terminal."""
        from tqdm import tqdm

        try:
            width = os.get_terminal_size(self._file.fileno()).columns or 80
        except (AttributeError, OSError, ValueError):      # not a terminal
            width = 80
        clock = f" ... {tqdm.format_interval(time.time() - self._start)}"
        room = max(width - 1 - len(clock), 10)
        desc = self.desc if len(self.desc) <= room else self.desc[:room - 3] + "..."
        return desc + clock

    def _run(self) -> None:
        if self._done.wait(PROGRESS_DELAY):
            return
        try:
            from tqdm.auto import tqdm

            bar = tqdm(total=None, desc=self._line(), bar_format="{desc}", file=self._file, leave=False, delay=0,
                       disable=False, dynamic_ncols=True)
        except Exception:          # a status line must never break the command
            return
        with contextlib.suppress(Exception):
            self.shown.set()
            while not self._done.wait(self.interval):
                bar.set_description_str(self._line())
        with contextlib.suppress(Exception):
            bar.close()


def _check_plot_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from bargain.io.files import check_writable
        from bargain.plot import FIGURE_FORMATS

        if Path(value).suffix.lower() not in FIGURE_FORMATS:
            raise GameError(f"--plot {value!r}: a figure file must end in {', '.join(FIGURE_FORMATS)}")
        check_writable(value)
    return value


plot_option = click.option("--plot", "plot_path", type=click.Path(dir_okay=False), callback=_check_plot_path,
                           help="Also draw the figure to FILE (.png, .svg or .pdf).")


set_option = click.option("--set", "-s", "assignments", multiple=True, metavar="NAME=VALUE",
                          shell_complete=_complete_set,
                          help="Set a parameter (repeatable), e.g. --set refugee_risk=0.8; values may be "
                               "fractions like 4/5.")
game_argument = click.argument("game", shell_complete=_complete_game)


def _open(game: str) -> Any:
    from bargain.io.sources import open_source

    return open_source(game)


def _values(source: Any, assignments: Iterable[str]) -> dict[str, Any]:
    from bargain.io.sources import parse_assignments

    items = tuple(assignments)
    if items and not source.is_model:
        raise GameError(f"--set does not apply: {source.label!r} is a fixed game from a {source.file_format} file "
                        "with no parameters")
    values = parse_assignments(items, list(source.parameters) if source.is_model else None)
    if source.is_model and values:
        source.model.validate(**values)   # names and bounds, before any work
    return values


# --------------------------------------------------------------------------- the group
@click.group(cls=BargainGroup, no_args_is_help=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(_version(), "--version", "-V", prog_name="bargain", message="%(prog)s %(version)s")
def cli() -> None:
    """Solve strategic and bargaining games, and see how the answer moves when a payoff moves.

    \b
    Start here:
      bargain list                                the shipped games
      bargain show GAME                           players, strategies, parameters, payoffs
      bargain solve GAME --set p=0.8              every equilibrium at those values
      bargain sensitivity GAME -p p --plot f.png  how they move with p, where they break
      bargain bargain GAME -S nash -S ks          deals the players could strike instead
      bargain convert game.nfg game.json          between Gambit .nfg/.efg and JSON

    GAME is a shipped game name, a .py file defining `model`, or a .nfg/.efg/.json file
    ('-' reads one from standard input).
    Every command takes --format table|json|csv|latex and --output FILE.
    Shell completion: eval "$(bargain completion bash)" (or zsh, fish).
    """
    # progress bars (tqdm, on stderr) appear only for work that takes more than a second
    os.environ.setdefault("TQDM_DELAY", "1")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``bargain`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="bargain")


# --------------------------------------------------------------------------- list
@cli.command("list")
@output_options
def list_cmd(fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """List the shipped games with a one-line description of each."""
    from bargain.model.loader import list_games, load_game

    rows, data = [], []
    for name in list_games():
        model = load_game(name)
        shape = "x".join(str(s) for s in model.shape)
        text = " ".join((model.description or model.title).split())
        desc = text.split(". ")[0].rstrip(".") + "." if text else ""      # the first sentence
        rows.append([name, ", ".join(model.players), shape, len(model.parameters), desc])
        data.append({"name": name, "title": model.title, "description": model.description,
                     "players": list(model.players), "strategies": [list(s) for s in model.strategies],
                     "parameters": list(model.parameters)})
    notes = [] if rows else ["no shipped games are installed"]
    emit(Report(data, [Table(["game", "players", "shape", "parameters", "description"], rows,
                             title="Shipped games (bargain show GAME for details)", notes=notes, wrap=100)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- show
def _payoff_tables(game: Any) -> list[Table]:
    """The payoff table: a bimatrix for two players, else one row per pure profile."""
    import itertools

    src = game.exact_payoffs if game.is_exact else game.payoffs
    if game.n_players == 2:
        from bargain.model.numbers import format_number

        rows = []
        for r, rname in enumerate(game.strategies[0]):
            rows.append([rname] + [f"{format_number(src[0, r, c])}, {format_number(src[1, r, c])}"
                                   for c in range(game.shape[1])])
        p1, p2 = game.players
        return [Table([f"{p1} \\ {p2}", *game.strategies[1]], rows,
                      title=f"Payoffs ({p1}, {p2})")]
    rows = []
    for prof in itertools.product(*(range(s) for s in game.shape)):
        rows.append([game.strategies[i][k] for i, k in enumerate(prof)]
                    + [src[(i, *prof)] for i in range(game.n_players)])
    return [Table([*game.players, *(f"u({p})" for p in game.players)], rows, title="Payoffs")]


def _game_dict(game: Any) -> dict[str, Any]:
    src = game.exact_payoffs if game.is_exact else game.payoffs
    return {"players": list(game.players), "strategies": [list(s) for s in game.strategies],
            "exact": game.is_exact, "payoffs": src.tolist()}


@cli.command()
@game_argument
@set_option
@click.option("--exact/--float", default=False, help="Evaluate a model's payoffs as exact rationals.")
@output_options
def show(game: str, assignments: tuple[str, ...], exact: bool, fmt: str, output: str | None, digits: int,
         quiet: bool) -> None:
    """Players, strategies, parameters and the payoff table of GAME.

    Parameters are listed with their value, default, bounds, unit, meaning and source; the payoff
    table is at the --set values (defaults otherwise).

    \b
    GAME is a shipped game (see 'bargain list'), a .py file defining `model`,
    or a .nfg, .efg or .json game file.
    """
    src = _open(game)
    values = _values(src, assignments)
    g = src.game_at(values, exact=exact)
    tables = [Table(["player", "strategies"], [[p, ", ".join(s)] for p, s in zip(g.players, g.strategies,
                                                                                 strict=True)], title="Players")]
    params = []
    if src.is_model:
        for name, prm in src.parameters.items():
            val = values.get(name, prm.default)
            params.append({"name": name, "value": val, "default": prm.default, "low": prm.low, "high": prm.high,
                           "unit": prm.unit, "meaning": prm.meaning, "source": prm.source})
        tables.append(Table(["parameter", "value", "default", "low", "high", "unit", "meaning"],
                            [[p["name"], p["value"], p["default"], p["low"], p["high"], p["unit"], p["meaning"]]
                             for p in params], title="Parameters"))
        if any(p["source"] for p in params):
            tables.append(Table(["parameter", "source"], [[p["name"], p["source"]] for p in params],
                                title="Sources"))
    tables += _payoff_tables(g)
    preface = [f"{src.title or src.label}" + (f" ({src.label})" if src.title and src.title != src.label else "")]
    if src.description:
        preface += textwrap.wrap(" ".join(src.description.split()), 100)
    if src.is_model and src.model.references:
        preface += textwrap.wrap("; ".join(src.model.references), 100, initial_indent="reference: ",
                                 subsequent_indent="  ")
    data = {"game": src.label, "title": src.title, "description": src.description, "parameters": params,
            "values": {p["name"]: p["value"] for p in params}, **_game_dict(g)}
    tree = src.tree
    if tree is None and src.is_model and callable(getattr(src.model, "tree", None)):
        tree = src.model.tree(**values)            # a parametric game tree (ExtensiveModel)
    if tree is not None:
        data["tree"] = {"nodes": tree.num_nodes, "perfect_information": tree.has_perfect_information,
                        "perfect_recall": tree.has_perfect_recall}
        if tree.num_nodes <= MAX_TREE_LINES:
            preface += ["", "game tree (payoffs at the leaves; the strategies below are its reduced normal form):"]
            preface += ["  " + line for line in tree.describe(digits).splitlines()[1:]]
        else:
            preface.append(f"game tree: {tree.num_nodes} nodes (too many to print); its reduced normal form follows")
    emit(Report(data, tables, preface), fmt, output, quiet, digits)


#: Largest game tree ``show`` prints node by node.
MAX_TREE_LINES = 200


# --------------------------------------------------------------------------- solve
def _profile_cell(game: Any, eq: Any, i: int, digits: int) -> Mixture:
    """Player ``i``'s strategy in ``eq``: the strategies used with their (exact, if known) probabilities."""
    src = eq.exact_profile if eq.exact_profile is not None else eq.profile
    return Mixture(tuple((game.strategies[i][k], src[i][k] if eq.exact_profile is not None else float(src[i][k]))
                         for k in eq.support[i]))


def _stability_reports(game: Any, eqs: Any, quiet: bool = True) -> list[Any]:
    """:func:`bargain.analysis.stability.stability` of each equilibrium (None where it does not apply)."""
    from bargain.analysis.stability import stability

    out = []
    with progress(len(eqs), "stability", quiet) as bar:
        for eq in eqs:
            try:
                out.append(stability(game, eq))
            except GameError:
                out.append(None)
            bar.update(1)
    return out


@cli.command()
@game_argument
@set_option
@click.option("--method", "-m", default="auto", show_default=True, metavar="METHOD",
              help="Solver: auto, or one listed by 'bargain solve --methods' (enumeration, polynomial, "
                   "lemke-howson, lp, qre, pure).")
@click.option("--exact", is_flag=True, help="Exact rational arithmetic (rational payoffs give rational equilibria).")
@click.option("--methods", is_flag=True, help="List the solvers and exit.")
@click.option("--stability/--no-stability", "with_stability", default=True, show_default=True,
              help="Flag each equilibrium as strict/regular, with its index and robustness radius "
                   "(see 'bargain stability').")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), callback=_check_plot_path,
              help="With --method qre: draw the logit QRE path to FILE (.png, .svg or .pdf).")
@click.option("--spe", is_flag=True,
              help="For a game tree (.efg file or tree model): its subgame-perfect equilibria, with the path "
                   "of play and every player's plan.")
@output_options
def solve(game: str, assignments: tuple[str, ...], method: str, exact: bool, methods: bool, with_stability: bool,
          plot_path: str | None, spe: bool, fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """Every equilibrium of GAME: strategies, payoffs, supports, stability and the method used.

    \b
    GAME is a shipped game (see 'bargain list'), a .py file defining `model`,
    or a .nfg, .efg or .json game file (their numbers are exact).
    """
    from bargain.solvers.registry import available_solvers, choose_method
    from bargain.solvers.registry import solve as solve_game

    if methods:
        rows = [[n, i.players, i.complete, i.exact, i.description] for n, i in sorted(available_solvers().items())]
        emit(Report([{"name": r[0], "players": r[1], "complete": r[2], "exact": r[3], "description": r[4]}
                      for r in rows],
                     [Table(["method", "players", "complete", "exact", "description"], rows, title="Solvers")]),
             fmt, output, quiet, digits)
        return
    src = _open(game)
    values = _values(src, assignments)
    if spe:
        _solve_spe(src, values, exact, fmt, output, digits, quiet)
        return
    g = src.game_at(values, exact=exact)
    chosen = choose_method(g) if method == "auto" else method
    if plot_path and chosen != "qre":
        raise GameError(f"--plot draws the logit QRE path: use it with --method qre (the method here is {chosen!r})")
    with Status(f"solving {src.label} ({'x'.join(map(str, g.shape))}, method {chosen})", quiet):
        eqs = solve_game(g, chosen, exact=True if exact else None)
    path = None
    if plot_path:
        from bargain.plot import plot_qre_path
        from bargain.solvers.qre import qre_path

        with Status(f"tracing the QRE path of {src.label}", quiet):
            path = qre_path(g.to_float())
        _save_plot(plot_qre_path(path, name=src.title or src.label), plot_path, quiet)
    reports = _stability_reports(g, eqs, quiet) if with_stability else None
    columns = ["#", *g.players, *(f"u({p})" for p in g.players)]
    rows = []
    for k, eq in enumerate(eqs):
        shared = eq.component is not None and not eqs.components[eq.component].is_isolated
        row: list[Any] = [f"{k + 1} (c{eq.component + 1})" if shared else k + 1]
        row += [_profile_cell(g, eq, i, digits) for i in range(g.n_players)]
        pays = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        row += list(pays)
        rows.append(row)
    data = {"game": src.label, "title": src.title, "values": values, **eqs.to_dict()}
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
    notes += [f"continuum (dimension {c.dimension}) on support {c.support}: {c.description}" for c in eqs.continua]
    notes += list(eqs.notes)
    n = len(eqs)
    title = (f"{n} equilibri{'um' if n == 1 else 'a'} of {src.title or src.label}; method {eqs.method} "
             f"({'complete' if eqs.complete else 'not guaranteed complete'})")
    preface = []
    if values:
        preface.append("at " + ", ".join(f"{k} = {v}" for k, v in values.items()))
    emit(Report(data, [Table(columns, rows, title=title, notes=notes)], preface), fmt, output, quiet, digits)


def _solve_spe(src: Any, values: dict[str, Any], exact: bool, fmt: str, output: str | None, digits: int,
               quiet: bool) -> None:
    """``solve --spe``: the subgame-perfect equilibria of a game tree."""
    from bargain.solvers.spe import subgame_perfect_equilibria

    tree = src.tree
    if tree is None and src.is_model and callable(getattr(src.model, "tree", None)):
        tree = src.model.tree(exact=exact, **values) if exact else src.model.tree(**values)
    if tree is None:
        raise GameError(f"--spe needs a game tree, but {src.label!r} is a normal-form game: give an .efg file or a "
                        "tree model (bargain show says whether a game has a tree)")
    with Status(f"solving the game tree of {src.label} ({tree.num_nodes} nodes)", quiet):
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
    emit(Report({"game": src.label, "title": src.title, "values": values, **eqs.to_dict()},
                [Table(["#", "path of play", *(f"plan of {p}" for p in tree.players),
                        *(f"u({p})" for p in tree.players)], rows, title=title, notes=notes)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- convert
@cli.command()
@click.argument("source", shell_complete=_complete_game)
@click.argument("target", type=click.Path(dir_okay=False))
@set_option
@click.option("--outcomes", is_flag=True, help="Write the outcome version of .nfg (each distinct payoff vector once).")
@click.option("--title", default=None, help="Title written into the file (default: the source's title).")
@output_options
def convert(source: str, target: str, assignments: tuple[str, ...], outcomes: bool, title: str | None, fmt: str,
            output: str | None, digits: int, quiet: bool) -> None:
    """Convert SOURCE to TARGET; the formats follow the suffixes (.nfg, .efg, .json).

    SOURCE may also be a shipped game or .py model, written at the --set values (exact
    rationals where the model allows, so a .nfg file keeps 1/3 as 1/3).  An .efg tree converts to
    .nfg/.json as its normal form.
    """
    from bargain.io import write_game
    from bargain.io.files import check_writable

    suffix = Path(target).suffix.lower()
    if suffix not in (".nfg", ".efg", ".json"):
        raise GameError(f"cannot tell the format of output {target!r} from its suffix {suffix or '(none)'!r}: use "
                        ".nfg, .efg or .json")
    check_writable(target)
    src = _open(source)
    values = _values(src, assignments)
    if suffix == ".efg":
        if src.tree is not None:
            obj: Any = src.tree
        elif src.is_model and hasattr(src.model, "tree"):
            try:
                obj = src.model.tree(exact=True, **values)      # rational leaves and probabilities where possible
            except (GameError, TypeError):
                obj = src.model.tree(**values)
        else:
            raise GameError(f"{source!r} is a normal-form game; only a game tree can be written as .efg "
                            "(write .nfg or .json instead)")
    elif src.is_model:
        try:
            obj = src.game_at(values, exact=True)
        except GameError:
            obj = src.game_at(values)
    else:
        obj = src.normal_form()
    if outcomes and suffix != ".nfg":
        raise GameError("--outcomes applies to .nfg output only")
    write_game(obj, target, title if title is not None else (src.title or ""), src.description or "",
               **({"outcomes": True} if outcomes else {}))
    g = obj.reduced_normal_form() if suffix == ".efg" else obj
    info = {"source": source, "target": target, "format": suffix[1:], "players": list(g.players),
            "shape": list(g.shape), "exact": g.is_exact}
    emit(Report(info, [Table(["source", "target", "players", "shape"],
                             [[source, target, ", ".join(g.players), "x".join(map(str, g.shape))]],
                             title="Converted")]), fmt, output, quiet, digits)


# --------------------------------------------------------------------------- analysis helpers
def _parse_range(text: str | None, prm: Any, option: str, default_n: int) -> np.ndarray | None:
    """``lo:hi:n`` (any part may be empty: ``:0.5``, ``0.2:0.8``, ``::401``) -> grid values."""
    if text is None:
        return None
    from bargain.io.sources import parse_value

    parts = text.split(":")
    if not 1 <= len(parts) <= 3 or len(parts) == 1:
        raise GameError(f"{option} {text!r} is malformed: write lo:hi or lo:hi:n (e.g. {option} 0.2:0.8:101)")
    lo = float(parse_value(parts[0], option)) if parts[0].strip() else prm.low
    hi = float(parse_value(parts[1], option)) if parts[1].strip() else prm.high
    n = default_n
    if len(parts) == 3 and parts[2].strip():
        try:
            n = int(parts[2])
        except ValueError:
            raise GameError(f"{option} {text!r}: the number of points {parts[2]!r} is not an integer") from None
    if n < 2:
        raise GameError(f"{option} {text!r}: a sweep needs at least 2 points")
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise GameError(f"{option}: parameter {prm.name!r} is unbounded; give finite ends, e.g. {option} 0:10")
    if not lo < hi:
        raise GameError(f"{option} {text!r}: the low end must be below the high end")
    prm.check(np.array([lo, hi]))
    return np.linspace(lo, hi, n)


def _float_values(values: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in values.items()}


def _save_plot(fig: Any, path: str, quiet: bool) -> None:
    from bargain.plot import save_figure

    save_figure(fig, path)
    if not quiet:
        click.echo(f"wrote {path}", err=True)



def _threshold_rows(items: Iterable[Any]) -> list[list[Any]]:
    return [[t.parameter, t.value, t.kind, t.support, t.binding, t.method] for t in items]


THRESHOLD_COLUMNS = ["parameter", "value", "kind", "equilibrium", "what happens", "method"]


# --------------------------------------------------------------------------- sensitivity
@cli.command()
@game_argument
@click.option("--param", "-p", "param", required=True, shell_complete=_complete_param, metavar="NAME",
              help="The parameter to vary.")
@click.option("--range", "-r", "range_", metavar="LO:HI[:N]",
              help="Values to sweep (default: the parameter's bounds, 201 points).")
@set_option
@click.option("--payoffs", "show_payoffs", is_flag=True, help="Plot expected payoffs instead of probabilities.")
@click.option("--grid", "show_grid", is_flag=True, help="Also list every grid point (value, branch, profile).")
@plot_option
@output_options
def sensitivity(game: str, param: str, range_: str | None, assignments: tuple[str, ...], show_payoffs: bool,
                show_grid: bool, plot_path: str | None, fmt: str, output: str | None, digits: int,
                quiet: bool) -> None:
    """How every equilibrium of GAME moves as one parameter varies, and where it breaks.

    Sweeps NAME over its range (all other parameters at their --set values or defaults), follows
    each equilibrium as a branch, and finds the exact thresholds where an equilibrium appears,
    disappears or changes support.

    \b
    Example:
      bargain sensitivity sanctions_triangle --param refugee_risk --plot risk.png
    """
    from bargain.analysis.thresholds import thresholds

    src = _open(game)
    model = src.require_model("sensitivity")
    prm = model.parameter(param)
    values = _values(src, assignments)
    if param in values:
        raise GameError(f"--set {param}=... conflicts with --param {param}: the swept parameter cannot be fixed")
    grid = _parse_range(range_, prm, "--range", 201)
    if grid is None:
        from bargain.analysis.sweep import grid_values

        grid = grid_values(model, param, 201)
    with Status(f"sensitivity {src.label}: {param} over {len(grid)} points, thresholds", quiet):
        thr = thresholds(model, param, grid, fixed=_float_values(values))
    sw = thr.sweep
    branches = []
    for b, (label, (lo, hi)) in enumerate(zip(sw.branch_labels(), sw.branch_extent(), strict=True)):
        branches.append([b + 1, lo, hi, label])
    tables = [Table(["branch", "from", "to", "equilibrium (support where it starts)"], branches,
                    title=f"Equilibrium branches as {param} goes from {grid[0]:g} to {grid[-1]:g} "
                          f"({len(grid)} points)", notes=list(sw.notes)),
              Table(THRESHOLD_COLUMNS, _threshold_rows(thr),
                    title=f"Thresholds of {param}" if len(thr) else f"No threshold of {param} in the range")]
    base = float(model.parameter(param).default)
    if grid[0] <= base <= grid[-1]:
        with Status(f"sensitivity {src.label}: derivatives at {param} = {base:g}", quiet):
            tables.append(_rates_table(model, param, {**_float_values(values), param: base}, digits))
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
    data = {"game": src.label, "parameter": param, "values": values, "thresholds": thr.to_dict(),
            "branches": [{"branch": r[0], "from": r[1], "to": r[2], "support": r[3]} for r in branches],
            "sweep": sw.to_dict()}
    if plot_path:
        from bargain.plot import plot_sweep

        _save_plot(plot_sweep(sw, thr, model=model, what="payoffs" if show_payoffs else "probabilities"),
                   plot_path, quiet)
    emit(Report(data, tables), fmt, output, quiet, digits)


def _rates_table(model: Any, param: str, point: dict[str, float], digits: int) -> Table:
    """How each equilibrium at ``point`` moves with ``param``: derivatives and elasticities (IFT)."""
    from bargain.analysis.derivatives import derivatives
    from bargain.solvers.registry import solve as solve_game

    g = model.game(**point)
    rows, notes = [], []
    for k, eq in enumerate(solve_game(g)):
        d = derivatives(model, eq, param, values=point)
        label = "; ".join(f"{p}: {_profile_cell(g, eq, i, digits).text(digits)}" for i, p in enumerate(g.players))
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
    for k, row in enumerate(rows):
        row[4:6] = [0.0 if abs(x) < 1e-10 else x for x in row[4:6]]      # finite-difference noise is zero
        if k and rows[k - 1][0] == row[0]:
            row[1] = ""                                                    # name each equilibrium once
    notes.append("elasticity: % change of the quantity per 1% change of the parameter")
    return Table(["#", "equilibrium", "quantity", "value", f"d/d {param}", "elasticity"], rows,
                 title=f"How each equilibrium moves at {param} = {point[param]:g} (implicit function theorem)",
                 notes=notes)


# --------------------------------------------------------------------------- thresholds
@cli.command("thresholds")
@game_argument
@click.option("--param", "-p", "params", multiple=True, shell_complete=_complete_param, metavar="NAME",
              help="Only these parameters (repeatable; default: every parameter with finite bounds).")
@click.option("--points", "-n", default=201, show_default=True, type=click.IntRange(3, 100_000),
              help="Grid points per parameter used to bracket the thresholds.")
@set_option
@output_options
def thresholds_cmd(game: str, params: tuple[str, ...], points: int, assignments: tuple[str, ...], fmt: str,
                   output: str | None, digits: int, quiet: bool) -> None:
    """Every critical parameter value at which the equilibria of GAME change.

    Each parameter is varied over its bounds with the others held at their --set values or
    defaults; each threshold is located to about 1e-12 and says which equilibrium appears,
    disappears or changes support, and why (a probability reaching 0, or a strategy becoming a
    best response).
    """
    from bargain.analysis.thresholds import thresholds

    src = _open(game)
    model = src.require_model("thresholds")
    values = _values(src, assignments)
    names = list(params) or [n for n, p in model.parameters.items()
                             if n not in values and np.isfinite(p.low) and np.isfinite(p.high) and p.low < p.high]
    for n in names:
        model.parameter(n)
        if n in values:
            raise GameError(f"--set {n}=... conflicts with --param {n}: a parameter cannot be both varied and fixed")
    rows, data, none = [], {}, []
    with progress(len(names), "thresholds", quiet) as bar:
        for n in names:
            thr = thresholds(model, n, n=points, fixed=_float_values(values))
            data[n] = thr.to_dict()
            rows += _threshold_rows(thr)
            if not len(thr):
                none.append(n)
            bar.update(1)
    notes = [f"no threshold in range: {', '.join(none)}"] if none else []
    at = ", ".join(f"{k}={v}" for k, v in values.items())
    emit(Report({"game": src.label, "values": values, "thresholds": data},
                [Table(THRESHOLD_COLUMNS, rows, title=f"Thresholds of {src.title or src.label}"
                       + (f" at {at}" if at else " (other parameters at their defaults)"), notes=notes)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- regimes
@cli.command()
@game_argument
@click.option("--x", "x_param", required=True, shell_complete=_complete_param, metavar="NAME",
              help="Parameter on the horizontal axis.")
@click.option("--y", "y_param", required=True, shell_complete=_complete_param, metavar="NAME",
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
      bargain regimes sanctions_triangle --x refugee_risk --y buffer_value --plot regimes.png
    """
    from bargain.analysis.sweep import grid_values, sweep

    src = _open(game)
    model = src.require_model("regimes")
    if x_param == y_param:
        raise GameError(f"--x and --y are both {x_param!r}: choose two different parameters")
    values = _values(src, assignments)
    axes = []
    for name, text, opt in ((x_param, x_range, "--x-range"), (y_param, y_range, "--y-range")):
        prm = model.parameter(name)
        if name in values:
            raise GameError(f"--set {name}=... conflicts with --x/--y {name}: a mapped parameter cannot be fixed")
        grid = _parse_range(text, prm, opt, 81)
        axes.append(grid if grid is not None else grid_values(model, name, 81))
    sw = sweep(model, {x_param: axes[0], y_param: axes[1]}, fixed=_float_values(values), progress=not quiet)
    sig = sw.signatures().astype(str)
    names, counts = np.unique(sig, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    rows = []
    X, Y = np.meshgrid(axes[0], axes[1], indexing="ij")
    for k in order:
        mask = sig == names[k]
        rows.append([str(names[k]), round(100 * counts[k] / sig.size, 1), float(X[mask].min()), float(X[mask].max()),
                     float(Y[mask].min()), float(Y[mask].max())])
    data = {"game": src.label, "x": x_param, "y": y_param, "values": values, "x_values": axes[0].tolist(),
            "y_values": axes[1].tolist(), "regimes": sig.tolist(),
            "summary": [{"equilibria": r[0], "percent": r[1], "x": [r[2], r[3]], "y": [r[4], r[5]]} for r in rows]}
    if plot_path:
        from bargain.plot import plot_regimes

        _save_plot(plot_regimes(sw, model=model), plot_path, quiet)
    emit(Report(data, [Table(["equilibria (supports)", "% of grid", f"{x_param} from", "to", f"{y_param} from",
                              "to"], rows, title=f"Regimes of {src.title or src.label} over {x_param} x {y_param} "
                                               f"({len(axes[0])} x {len(axes[1])} grid)", notes=list(sw.notes))]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- tornado
def _parse_outcome(text: str | None, g: Any) -> tuple[str, str]:
    """``China:Enforce`` -> ("China", "Enforce"); ``payoff:US`` -> ("payoff", "US")."""
    from bargain.errors import did_you_mean

    if text is None:
        return ("payoff", g.players[0])
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


@cli.command("tornado")
@game_argument
@click.option("--outcome", "-O", metavar="PLAYER:STRATEGY|payoff:PLAYER",
              help="What to measure: the probability that PLAYER plays STRATEGY, or PLAYER's expected payoff "
                   "(default: payoff of the first player).")
@click.option("--param", "-p", "params", multiple=True, shell_complete=_complete_param, metavar="NAME",
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

    src = _open(game)
    model = src.require_model("tornado")
    values = _values(src, assignments)
    spec = _parse_outcome(outcome, model.game(**values))
    for n in params:
        model.parameter(n)
        if n in values:
            raise GameError(f"--set {n}=... conflicts with --param {n}: a parameter cannot be both varied and fixed")
    t = tornado(model, spec, parameters=list(params) or None, n=points, fixed=_float_values(values), reduce=reduce,
                equilibrium=equilibrium, progress=not quiet)
    rows = [[p, float(t.low[k]), float(t.high[k]), float(t.at_low[k]), float(t.at_high[k]), float(t.minimum[k]),
             float(t.maximum[k]), float(t.swing[k])] for k, p in enumerate(t.parameters)]
    notes = []
    if reduce == "tracked":
        notes += [f"{p}: the followed equilibrium exists only on [{a:g}, {b:g}]"
                  for k, (p, (a, b)) in enumerate(zip(t.parameters, t.ends, strict=True))
                  if (a, b) != (float(t.low[k]), float(t.high[k]))]
    if plot_path:
        from bargain.plot import plot_tornado

        _save_plot(plot_tornado(t, model=model), plot_path, quiet)
    emit(Report({"game": src.label, "values": values, **t.to_dict()},
                [Table(["parameter", "low", "high", "outcome at low", "outcome at high", "min", "max", "swing"], rows,
                       title=f"Tornado of {t.outcome} in {src.title or src.label} (base {t.base:.{digits}g}, "
                             f"reduce={reduce})", notes=notes)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- montecarlo
@cli.command("montecarlo")
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
              help="Also report the mean and 90% interval of this outcome over the draws.")
@click.option("--top", default=15, show_default=True, type=click.IntRange(0, None),
              help="Rows of the most likely equilibrium sets to list (0 = all; JSON always has all).")
@set_option
@output_options
def montecarlo_cmd(game: str, samples: int, ranges: tuple[str, ...], seed: int, workers: int | None,
                   scheduler: str | None, outcome: str | None, top: int, assignments: tuple[str, ...], fmt: str,
                   output: str | None, digits: int, quiet: bool) -> None:
    """How likely each equilibrium outcome of GAME is when the parameters are uncertain.

    Every parameter not fixed by --set is drawn uniformly over its bounds (or the --vary range)
    and each draw's game is solved; the result is the probability of each set of equilibria,
    with its standard error.

    \b
    Example:
      bargain montecarlo sanctions_triangle --samples 20000 --vary refugee_risk=0.3:0.7
    """
    from bargain.analysis.montecarlo import monte_carlo

    src = _open(game)
    model = src.require_model("montecarlo")
    values = _values(src, assignments)
    dists: dict[str, tuple[float, float]] = {}
    for item in ranges:
        name, sep, rng = item.partition("=")
        name = name.strip()
        if not sep:
            raise GameError(f"--vary {item!r} is malformed: write --vary NAME=LO:HI (e.g. --vary x=0.2:0.8)")
        prm = model.parameter(name)
        if name in values:
            raise GameError(f"--vary {name} conflicts with --set {name}: a parameter is either drawn or fixed")
        grid = _parse_range(rng, prm, f"--vary {name}=", 2)
        assert grid is not None
        dists[name] = (float(grid[0]), float(grid[-1]))
    spec = _parse_outcome(outcome, model.game(**values)) if outcome else None
    mc = monte_carlo(model, samples, distributions=dists, fixed=_float_values(values), seed=seed, workers=workers,
                     scheduler=scheduler, progress=not quiet)
    keep = len(mc.outcomes) if top == 0 else min(top, len(mc.outcomes))
    rest = [] if keep == len(mc.outcomes) else [
        f"{len(mc.outcomes) - keep} less likely equilibrium sets (total probability "
        f"{float(mc.probability[keep:].sum()):.{digits}g}) not listed; --top 0 lists all"]
    keep_s = len(mc.supports) if top == 0 else min(top, len(mc.supports))
    tables = [Table(["probability", "std. error", "equilibria (supports)"],
                    [[float(p), float(se), name] for name, p, se in zip(mc.outcomes[:keep], mc.probability[:keep],
                                                                         mc.stderr[:keep], strict=True)],
                    title=f"Monte Carlo: {mc.n_samples} draws of {src.title or src.label} (seed {seed}, {mc.backend})",
                    notes=rest),
              Table(["probability", "an equilibrium with support"],
                    [[float(p), name] for name, p in zip(mc.supports[:keep_s], mc.support_probability[:keep_s],
                                                         strict=True)],
                    title="Probability that an equilibrium with each support exists",
                    notes=[] if keep_s == len(mc.supports) else [f"{len(mc.supports) - keep_s} rarer supports not "
                                                                 "listed; --top 0 lists all"])]
    data = {"game": src.label, "values": values, "seed": seed, "vary": {k: list(v) for k, v in dists.items()},
            **{k: v for k, v in mc.to_dict().items() if k not in ("samples", "labels")}}
    if spec is not None:
        from bargain.analysis.tornado import describe_outcome

        stats = mc.expected(spec)
        data["outcome"] = {"name": describe_outcome(spec), **stats}
        tables.append(Table(["outcome", "mean", "std. error", "5%", "median", "95%"],
                            [[describe_outcome(spec), stats["mean"], stats["stderr"], stats["q05"], stats["median"],
                              stats["q95"]]], title="Outcome over the draws (mean over each draw's equilibria)"))
    emit(Report(data, tables), fmt, output, quiet, digits)


# --------------------------------------------------------------------------- stability
@cli.command("stability")
@game_argument
@set_option
@click.option("--exact", is_flag=True, help="Solve with exact rational arithmetic first.")
@output_options
def stability_cmd(game: str, assignments: tuple[str, ...], exact: bool, fmt: str, output: str | None, digits: int,
                  quiet: bool) -> None:
    """How stable each equilibrium of GAME is.

    For every equilibrium: strict (unique best replies), quasi-strict, regular (isolated, moves
    smoothly with payoffs), its index, the eigenvalues of the replicator dynamics (asymptotic
    stability), trembling-hand perfection (two players), ESS (symmetric games) and the robustness
    radius: the smallest payoff perturbation (max-norm) that destroys it.
    """
    from bargain.solvers.registry import solve as solve_game

    src = _open(game)
    values = _values(src, assignments)
    g = src.game_at(values, exact=exact)
    with Status(f"solving {src.label} ({'x'.join(map(str, g.shape))})", quiet):
        eqs = solve_game(g, exact=True if exact else None)
    reports = _stability_reports(g, eqs, quiet)
    rows, data = [], []
    for k, (eq, rep) in enumerate(zip(eqs, reports, strict=True)):
        cells = [k + 1, "; ".join(f"{p}: {_profile_cell(g, eq, i, digits).text(digits)}"
                                  for i, p in enumerate(g.players))]
        if rep is None:
            rows.append([*cells] + [None] * 9)
            data.append({"equilibrium": eq.to_dict(), "stability": None})
            continue
        eig = max((e.real for e in rep.eigenvalues), default=float("nan"))
        rows.append([*cells, rep.strict, rep.quasi_strict, rep.regular, rep.index, rep.asymptotically_stable,
                     rep.perfect, rep.ess, rep.robustness_radius, float(eig)])
        data.append({"equilibrium": eq.to_dict(), "stability": rep.to_dict()})
    notes = ["radius: smallest max-norm payoff change that destroys the equilibrium (for a mixed one, its support)",
             "max Re(eig): largest real part of the replicator Jacobian's eigenvalues (< 0: asymptotically stable)"]
    notes += [f"#{k + 1}: {r.radius_method}" for k, r in enumerate(reports) if r is not None and not eqs[k].is_pure]
    emit(Report({"game": src.label, "values": values, "method": eqs.method, "complete": eqs.complete,
                 "equilibria": data},
                [Table(["#", "equilibrium", "strict", "quasi-strict", "regular", "index", "stable", "perfect", "ESS",
                        "radius", "max Re(eig)"], rows,
                       title=f"Stability of the equilibria of {src.title or src.label} (method {eqs.method})",
                       notes=notes)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- bargain
BARGAIN_SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")


def _game_module(model: Any) -> Any:
    """The module that defined ``model`` (for a bargaining set it may provide), or None."""
    for mod in list(sys.modules.values()):
        if getattr(mod, "model", None) is model:
            return mod
    return None


def _hull_points(points: np.ndarray) -> np.ndarray:
    """Indices of the points that span the convex hull (all of them if the hull is degenerate)."""
    from scipy.spatial import ConvexHull, QhullError

    if len(points) <= points.shape[1] + 1:
        return np.arange(len(points))
    try:
        return np.sort(ConvexHull(points).vertices)
    except (QhullError, ValueError):
        return np.arange(len(points))


def _parse_numbers(text: str, n: int, what: str) -> list[Any]:
    from bargain.io.sources import parse_value

    parts = [t for t in text.replace(";", ",").split(",") if t.strip()]
    if len(parts) != n:
        raise GameError(f"{what} {text!r} gives {len(parts)} number(s); give {n}, one per player, separated by commas")
    return [parse_value(t, what) for t in parts]


@cli.command("bargain")
@game_argument
@click.option("--solution", "-S", "solutions", multiple=True, type=click.Choice(BARGAIN_SOLUTIONS),
              help="Bargaining solution (repeatable; default nash): Nash, Kalai-Smorodinsky (ks), egalitarian, "
                   "utilitarian, or rubinstein alternating offers (needs --delta).")
@click.option("--disagreement", "-d", metavar="RULE|NUMBERS",
              help="The disagreement point: numbers (e.g. -5,-2), or a rule: equilibrium[:k], worst:PLAYER, "
                   "best:PLAYER, minmax, risk-dominant.  Default: the game's own disagreement point if it "
                   "defines one, else its (unique) equilibrium.")
@click.option("--weights", "-w", metavar="W1,W2,...", help="Bargaining weights (asymmetric Nash) or utility weights.")
@click.option("--delta", metavar="D1[,D2]", help="Discount factors for rubinstein (e.g. 0.9 or 0.9,0.8).")
@set_option
@plot_option
@output_options
def bargain_cmd(game: str, solutions: tuple[str, ...], disagreement: str | None, weights: str | None,
                delta: str | None, assignments: tuple[str, ...], plot_path: str | None, fmt: str,
                output: str | None, digits: int, quiet: bool) -> None:
    """What the players of GAME could agree instead of playing it.

    The feasible set is the game's own utility possibility set when its module defines
    `utility_possibility_set` (e.g. linkage_bargain), else every lottery over the game's outcomes
    (the convex hull of its payoff vectors).

    \b
    Examples:
      bargain bargain linkage_bargain --solution nash --solution ks --plot deal.png
      bargain bargain game.nfg --solution rubinstein --delta 0.9 --disagreement minmax
    """
    from bargain.analysis.bargaining import Polytope, bargain, disagreement_point, rubinstein

    src = _open(game)
    values = _values(src, assignments)
    g = src.game_at(values)
    chosen = list(dict.fromkeys(solutions or ("nash",)))
    with Status(f"bargaining over {src.label}", quiet):
        module = _game_module(src.model) if src.is_model else None
        from_module = module is not None and callable(getattr(module, "utility_possibility_set", None))
        if from_module:
            pts = np.asarray(module.utility_possibility_set(**_float_values(values)), dtype=float)
            keep = _hull_points(pts)
            feasible = Polytope(pts[keep], players=g.players, labels=[f"o{k + 1}" for k in keep])
            origin = f"utility_possibility_set of {src.label} ({len(pts)} outcomes, {len(keep)} on the hull)"
        else:
            feasible = Polytope.from_game(g)
            origin = f"lotteries over the {g.num_profiles} pure outcomes of the game"
        if disagreement is not None and any(c.isalpha() for c in disagreement.split(":")[0]):
            dp = disagreement_point(g, disagreement)
            d_values, rule = list(dp.values), dp.rule
        elif disagreement is not None:
            d_values, rule = _parse_numbers(disagreement, g.n_players, "--disagreement"), "given"
        elif from_module and callable(getattr(module, "disagreement_point", None)):
            d_values = [float(x) for x in np.asarray(module.disagreement_point(**_float_values(values)), dtype=float)]
            rule = f"disagreement_point of {src.label}"
        else:
            from bargain.solvers.registry import solve as solve_game

            eqs = solve_game(g)
            if len(eqs) > 1:
                listing = "; ".join(f"equilibrium:{k} pays ({', '.join(e.formatted_payoffs(digits))})"
                                    for k, e in enumerate(eqs))
                raise GameError(f"{src.label!r} has {len(eqs)} equilibria, so the disagreement point is ambiguous: "
                                f"choose one with --disagreement ({listing}), or worst:PLAYER, best:PLAYER, "
                                "risk-dominant, minmax, or the numbers")
            dp = disagreement_point(g, "equilibrium")
            d_values, rule = list(dp.values), dp.rule
        w = _parse_numbers(weights, g.n_players, "--weights") if weights else None
        results: list[tuple[str, Any]] = []
        for name in chosen:
            if name == "rubinstein":
                if delta is None:
                    raise GameError("--solution rubinstein needs discount factors: --delta 0.9 (or --delta 0.9,0.8)")
                ds = [t for t in delta.split(",") if t.strip()]
                if len(ds) not in (1, 2):
                    raise GameError(f"--delta {delta!r}: give one discount factor or two separated by a comma")
                from bargain.io.sources import parse_value

                pair = [parse_value(t, "--delta") for t in ds]
                if any(not 0 < float(x) < 1 for x in pair):
                    raise GameError(f"--delta {delta!r}: discount factors must lie strictly between 0 and 1")
                results.append((name, rubinstein(pair[0], pair[-1], feasible=feasible, disagreement=d_values,
                                                 players=g.players)))
            else:
                results.append((name, bargain(feasible, name, disagreement=d_values, weights=w)))
    rows, data = [], []
    for name, r in results:
        agreed = list(r.agreement) if name == "rubinstein" else list(r.exact_payoffs or r.payoffs)
        gains = [a - d if isinstance(a, Fraction) and isinstance(d, Fraction) else float(a) - float(d)
                 for a, d in zip(agreed, d_values, strict=True)]
        lottery = ""
        if not from_module and getattr(r, "lottery", None):
            top = sorted(r.lottery.items(), key=lambda kv: -float(kv[1]))[:3]
            from bargain.model.numbers import format_number

            lottery = ", ".join(f"{k} {format_number(v, digits)}" for k, v in top)
        rows.append([name, *agreed, *gains] + ([lottery] if not from_module else []))
        data.append({"solution": name, **r.to_dict()})
    columns = ["solution", *(f"u({p})" for p in g.players), *(f"gain({p})" for p in g.players)]
    if not from_module:
        columns.append("lottery over outcomes")
    preface = [f"feasible set: {origin}",
               "disagreement point: " + ", ".join(f"{p} = {float(v):.{digits}g}" for p, v in
                                                  zip(g.players, d_values, strict=True)) + f" ({rule})"]
    if plot_path:
        from bargain.plot import plot_bargaining

        _save_plot(plot_bargaining(feasible, [r for _, r in results], disagreement=d_values, model=src.model,
                                   names=[n for n, _ in results], title=f"{src.title or src.label}: bargaining"),
                   plot_path, quiet)
    emit(Report({"game": src.label, "values": values, "feasible": origin, "disagreement": d_values,
                 "disagreement_rule": rule, "solutions": data}, [Table(columns, rows, title="Agreements")], preface),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- completion
@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell-completion script for SHELL.

    \b
    Enable it with, e.g.:
      eval "$(bargain completion bash)"      # in ~/.bashrc
      eval "$(bargain completion zsh)"       # in ~/.zshrc
      bargain completion fish > ~/.config/fish/completions/bargain.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(cli, {}, "bargain", "_BARGAIN_COMPLETE").source())


if __name__ == "__main__":  # pragma: no cover
    main()
