"""The ``bargain`` command line: solve, sweep and bargain from the terminal.

The group and its entry point live here; the shared options, output and progress in
:mod:`._common`; the commands, one module per family, in :mod:`.files` (list, show, convert),
:mod:`.solve`, :mod:`.analysis` (sensitivity, thresholds, regimes, tornado, montecarlo),
:mod:`.stability`, :mod:`.bargaining`, :mod:`.repeated` and :mod:`.claims`.  Each command parses its
arguments, calls the library and renders the result; no command holds game-theoretic logic.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from bargain.cli import _common, analysis, bargaining, claims, files, repeated, solve, stability
from bargain.cli._common import BargainGroup, _version

__all__ = ["cli", "main"]


# --------------------------------------------------------------------------- the group
@click.group(cls=BargainGroup, no_args_is_help=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(_version(), "--version", "-V", prog_name="bargain", message="%(prog)s %(version)s")
def cli() -> None:
    """Solve strategic and bargaining games, and see how the answer moves when a payoff moves.

    \b
    Start here:
      bargain list                                the shipped games
      bargain show GAME                           model card, players, strategies, parameters, payoffs
      bargain claims GAME                         the article's claims: at the defaults, where, how robust
      bargain solve GAME --set p=0.8              every equilibrium at those values
      bargain sensitivity GAME -p p --plot f.png  how they move with p, where they break
      bargain bargain GAME -S nash -S ks          deals the players could strike instead
      bargain convert game.nfg game.json          between Gambit .nfg/.efg and JSON

    GAME is a shipped game name, a .py file defining `model`, or a .nfg/.efg/.json file
    ('-' reads one from standard input).
    Every command takes --format table|json|csv|latex and --output FILE.
    Shell completion: eval "$(bargain completion bash)" (or zsh, fish).
    """
    # progress bars (tqdm, on stderr) appear only for work that takes more than a second; the
    # setting is the command's, so it is undone when the command ends (a library call made later in
    # the same process, as in a test or a notebook, shows its bars as it asked)
    from bargain.solvers import progress as library_progress

    before = library_progress.BAR_DELAY
    library_progress.BAR_DELAY = _common.PROGRESS_DELAY
    click.get_current_context().call_on_close(lambda: setattr(library_progress, "BAR_DELAY", before))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``bargain`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The command-line arguments (default ``sys.argv[1:]``).
    """
    _common.OWN_PROCESS = True       # Ctrl-C may end this process at once (see _common._abort)
    cli.main(args=list(argv) if argv is not None else None, prog_name="bargain")

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


for _command in (files.list_cmd, files.show, files.convert, solve.solve, analysis.sensitivity,
                 analysis.thresholds_cmd, analysis.regimes, analysis.tornado_cmd, analysis.montecarlo_cmd,
                 stability.stability_cmd, bargaining.bargain_cmd, repeated.repeated_cmd, claims.claims_cmd):
    cli.add_command(_command)
