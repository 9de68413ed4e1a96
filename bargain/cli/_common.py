"""What every command shares: options, argument completion, output, progress and status lines, errors.

Every command takes ``--format table|json|csv|latex``, ``--output FILE`` (written atomically) and
``--quiet``; GAME is a shipped game name (``bargain list``), a ``.py`` file defining ``model``, or a
``.nfg``, ``.efg`` or ``.json`` game file.  Bad input prints one line on stderr naming the problem
and the fix, and exits with status 2 (:class:`BargainGroup`).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import shlex
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click
import numpy as np
from click.shell_completion import CompletionItem

from bargain.errors import GameError, VerificationError
from bargain.io.render import FORMATS, LatexOptions, Mixture, Report, render

EXIT_BAD_INPUT = 2
#: Exit status after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: Set by :func:`bargain.cli.main` (the console script): only a real process may end itself with ``os._exit``.
OWN_PROCESS = False


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
        except VerificationError as exc:   # a solver bug, reported on one line, not as a traceback
            _fail(f"{exc} (a solver bug: please report it with the game file)", 1)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "bargain"
            _fail(f"{exc.format_message()} (see '{cmd} --help')")
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.Abort:           # Ctrl-C (click turns KeyboardInterrupt into Abort)
            _abort()
        except BrokenPipeError:  # e.g. `bargain solve ... | head`
            sys.exit(0)
        except (OSError, MemoryError, RecursionError, OverflowError) as exc:   # the machine's limits, not bugs
            _fail(f"{type(exc).__name__}: {exc}")
        sys.exit(rv if isinstance(rv, int) else 0)


def _abort() -> None:
    """Ctrl-C: say so and exit at once (status 130), whatever is still running.

    A second Ctrl-C is ignored from here on (no traceback), and the console script ends with
    ``os._exit``: a normal exit would first join worker pools and threads that are still busy (the
    solver's workers were already told to stop), which can take minutes.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        click.echo("aborted", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
    if OWN_PROCESS:
        os._exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_INTERRUPTED)      # in-process callers (tests, notebooks) keep their interpreter


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    from bargain.io.render import visible

    one_line = visible(" ".join(message.split()))      # a label's terminal escapes are shown, not obeyed
    click.echo(f"error: {one_line}", err=True)
    sys.exit(code)


# --------------------------------------------------------------------------- shared options
def complete_game(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
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
    """Parameter names of the GAME being completed, without running any code the user named.

    A shipped game is loaded (it is bargain's own code); a data file has no parameters; a ``.py``
    file is only *read*: the names are the string literals that open its ``Parameter(...)`` calls.
    Completion runs before the user presses Enter, so it must never import their file.
    """
    try:
        game = _game_argument(ctx)
        if not game or game == "-":
            return []
        from bargain.io.sources import FILE_SUFFIXES

        if game.lower().endswith(FILE_SUFFIXES):
            return []
        if game.endswith(".py") or "/" in game or "\\" in game or game.startswith("~"):
            return _parameters_declared_in(Path(game).expanduser())
        from bargain.model.loader import list_games, load_game

        return list(load_game(game).parameters) if game in list_games() else []
    except Exception:  # completion must never fail loudly
        return []


def _parameters_declared_in(path: Path) -> list[str]:
    """The names in ``Parameter("name", ...)`` calls of a Python file, found by parsing it (never run)."""
    import ast

    if path.suffix != ".py" or not path.is_file() or path.stat().st_size > 1_000_000:
        return []
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == "Parameter" and node.args[0].value not in names:
                names.append(node.args[0].value)
    return names


def complete_param(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(n) for n in _game_parameters(ctx) if n.startswith(incomplete)]


def _complete_set(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(f"{n}=", type="plain") for n in _game_parameters(ctx) if n.startswith(incomplete)]


def _check_output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from bargain.io.files import check_writable

        check_writable(value)
    return value


#: Key of the LaTeX options (``--caption``, ``--label``, ``--table``) in the click context's ``meta``.
LATEX_META = "bargain.latex"


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--format``, ``--output``, ``--digits``, ``--quiet`` and the LaTeX options to a command.

    ``--caption``, ``--label`` and ``--table`` are kept in the click context (:data:`LATEX_META`)
    for :func:`emit`, so commands need not pass them along.
    """

    @click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table for people, json for programs, csv for spreadsheets, latex for papers (\\input-able).")
    @click.option("--output", "-o", type=click.Path(dir_okay=False), callback=_check_output,
                  help="Write the result to FILE (atomically: all of it or nothing) instead of stdout.")
    @click.option("--digits", type=click.IntRange(1, 17), default=6, show_default=True,
                  help="Significant digits of floating-point numbers in table and latex output.")
    @click.option("--quiet", "-q", is_flag=True, help="No progress bars or messages on stderr.")
    @click.option("--caption", metavar="TEXT", help="LaTeX: \\caption of the table (wraps it in a table float).")
    @click.option("--label", metavar="KEY", help="LaTeX: \\label of the table (wraps it in a table float).")
    @click.option("--table", "float_env", is_flag=True,
                  help="LaTeX: wrap each tabular in a table float (default: a bare tabular to \\input).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        opts = LatexOptions(kwargs.pop("caption", None), kwargs.pop("label", None), kwargs.pop("float_env", False))
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.meta[LATEX_META] = opts
        return func(*args, **kwargs)

    return wrapper


def emit(report: Report, fmt: str, output: str | None, quiet: bool, digits: int = 6) -> None:
    """Print ``report`` in ``fmt``, or write it atomically to ``output``."""
    ctx = click.get_current_context(silent=True)
    text = render(report, fmt, digits, latex=ctx.meta.get(LATEX_META) if ctx is not None else None)
    emit_text(text, output, quiet)


def emit_text(text: str, output: str | None, quiet: bool) -> None:
    """Print rendered ``text``, or write it atomically to ``output`` (saying so unless ``quiet``)."""
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
    """A tqdm progress bar on stderr that appears only if the work takes more than a second (the
    library's bar, whose delay the command group sets to :data:`PROGRESS_DELAY`)."""
    from bargain.solvers.progress import progress_bar

    return progress_bar(total, desc, "it", leave=False, disable=quiet)


class Status:
    """A one-line status on stderr (``solving game.nfg ... 00:03``) for work that reports no progress.

    Used as ``with Status("solving X", quiet): ...``.  A timer thread waits ``PROGRESS_DELAY``
    seconds; if the work is still running it shows the line (an indeterminate tqdm bar with the
    elapsed time) and refreshes it until the work ends, successfully or not, and then clears it, so
    quick work prints nothing.  Nothing at all with ``quiet``; stdout is never touched.
    """

    def __init__(self, desc: str, quiet: bool, *, interval: float = 0.5) -> None:
        self.desc, self.quiet, self.interval = desc, quiet, interval
        self.fraction: tuple[int, int] | None = None     # (done, total) when the work reports it
        self.shown = threading.Event()            # set once the line is on stderr (for tests)
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Status:
        if not self.quiet:
            self._start, self._file = time.time(), sys.stderr
            self._thread = threading.Thread(target=self._run, name="bargain-status", daemon=True)
            self._thread.start()
        return self

    def advance(self, done: int, total: int) -> None:
        """Report progress: ``done`` of ``total`` steps (shown as a fraction with an estimate of the time left)."""
        self.fraction = (int(done), int(total))

    def options_for(self, func: Callable[..., Any]) -> dict[str, Any]:
        """``{"progress": self.advance}`` if the solver function ``func`` takes a ``progress`` keyword, else ``{}``.

        Parameters
        ----------
        func : callable
            A registered solver function.

        Returns
        -------
        dict
            The keyword options to pass to ``func`` (nothing with ``quiet``: no line is shown).
        """
        if self.quiet:
            return {}
        try:
            params = inspect.signature(func).parameters
        except (TypeError, ValueError):
            return {}
        return {"progress": self.advance} if "progress" in params else {}

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
        elapsed = time.time() - self._start
        clock = f" ... {tqdm.format_interval(elapsed)}"
        if self.fraction is not None and self.fraction[0] > 0:
            done, total = self.fraction
            left = elapsed * (total - done) / done
            clock = f" {done}/{total} ... {tqdm.format_interval(elapsed)}, about {tqdm.format_interval(left)} left"
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


def check_plot_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from bargain.io.files import check_writable
        from bargain.plot import FIGURE_FORMATS

        if Path(value).suffix.lower() not in FIGURE_FORMATS:
            raise GameError(f"--plot {value!r}: a figure file must end in {', '.join(FIGURE_FORMATS)}")
        check_writable(value)
    return value


plot_option = click.option("--plot", "plot_path", type=click.Path(dir_okay=False), callback=check_plot_path,
                           help="Also draw the figure to FILE (.png, .svg or .pdf).")


set_option = click.option("--set", "-s", "assignments", multiple=True, metavar="NAME=VALUE",
                          shell_complete=_complete_set,
                          help="Set a parameter (repeatable), e.g. --set refugee_risk=0.8; values may be "
                               "fractions like 4/5.")
game_argument = click.argument("game", shell_complete=complete_game)


def open_game(game: str) -> Any:
    from bargain.io.sources import open_source

    return open_source(game)


def parameter_values(source: Any, assignments: Iterable[str]) -> dict[str, Any]:
    from bargain.io.sources import parse_assignments

    items = tuple(assignments)
    if items and not source.is_model:
        raise GameError(f"--set does not apply: {source.label!r} is a fixed game from a {source.file_format} file "
                        "with no parameters")
    values = parse_assignments(items, list(source.parameters) if source.is_model else None)
    if source.is_model and values:
        source.model.validate(**values)   # names and bounds, before any work
    return values


# --------------------------------------------------------------------------- analysis helpers
def parse_range(text: str | None, prm: Any, option: str, default_n: int) -> np.ndarray | None:
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


def record(src: Any, values: dict[str, Any], command: str, method: str | None = None,
           **options: Any) -> dict[str, Any]:
    """``{"values": every parameter's value, "provenance": ...}`` for a command's JSON result.

    See :mod:`bargain.io.provenance`: the game (name or file, with its SHA-256), every parameter's
    value, the command, method and options, and bargain's version.
    """
    from bargain.io.provenance import all_values, provenance

    return {"values": all_values(src, values), "provenance": provenance(src, values, command, method, **options)}


def float_values(values: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in values.items()}


def save_plot(fig: Any, path: str, quiet: bool) -> None:
    from bargain.plot import save_figure

    save_figure(fig, path)
    if not quiet:
        click.echo(f"wrote {path}", err=True)


def profile_cell(game: Any, eq: Any, i: int, digits: int) -> Mixture:
    """Player ``i``'s strategy in ``eq``: the strategies used with their (exact, if known) probabilities."""
    src = eq.exact_profile if eq.exact_profile is not None else eq.profile
    return Mixture(tuple((game.strategies[i][k], src[i][k] if eq.exact_profile is not None else float(src[i][k]))
                         for k in eq.support[i]))
