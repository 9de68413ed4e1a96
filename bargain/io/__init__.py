"""Layer 4, file formats and renderers: Gambit ``.nfg``/``.efg``, the JSON game format, LaTeX and CSV.

:func:`read_game` and :func:`write_game` pick the format from the file's suffix:

=========  ===========================================  =========================
suffix     format                                       module
=========  ===========================================  =========================
``.nfg``   Gambit strategic form (payoff or outcomes)   :mod:`bargain.io.nfg`
``.efg``   Gambit extensive form                        :mod:`bargain.io.efg`
``.json``  bargain JSON game (schema in the package)    :mod:`bargain.io.jsonfmt`,
           or a Bayesian game's type-dependent tables   :mod:`bargain.io.bayesian_json`
=========  ===========================================  =========================

No format executes code.  Results are rendered as table/JSON/CSV/LaTeX by :mod:`bargain.io.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bargain.errors import GameError

__all__ = ["GAME_SUFFIXES", "load_game", "read_game", "write_game"]

GAME_SUFFIXES = (".nfg", ".efg", ".json")


def _suffix(path: str | Path, what: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in GAME_SUFFIXES:
        raise GameError(f"cannot tell the format of {what} {str(path)!r} from its suffix {suffix or '(none)'!r}: "
                        f"use {', '.join(GAME_SUFFIXES)}")
    return suffix


def load_game(name_or_path: str | Path | Any) -> Any:
    """A shipped game by name, a ``.py`` game module, or a ``.nfg``/``.efg``/``.json`` game file.

    Parameters
    ----------
    name_or_path : str, pathlib.Path or Model
        A shipped game's name (see :func:`bargain.list_games`), the path of a ``.py`` file that
        defines ``model``, or the path of a game file; a :class:`~bargain.Model` is returned as is.

    Returns
    -------
    Model, Game or ExtensiveGame
        The :class:`~bargain.Model` of a shipped game or ``.py`` file (payoffs as functions of its
        parameters), else the fixed game a file holds: a :class:`~bargain.Game` from ``.nfg`` or
        ``.json``, an :class:`~bargain.ExtensiveGame` from ``.efg``.

    Raises
    ------
    GameError
        For an unknown name, a missing or unreadable file, or a file that does not parse.
    """
    from bargain.model.loader import load_game as load_model

    if isinstance(name_or_path, str | Path) and Path(str(name_or_path).strip()).suffix.lower() in GAME_SUFFIXES:
        return read_game(Path(str(name_or_path).strip()).expanduser())
    return load_model(name_or_path)


def read_game(path: str | Path) -> Any:
    """The game in a ``.nfg``, ``.json`` or ``.efg`` file, by its suffix.

    Parameters
    ----------
    path : str or pathlib.Path
        The file; no format executes code.

    Returns
    -------
    Game or ExtensiveGame
        A :class:`~bargain.Game` from ``.nfg`` or ``.json``; an :class:`~bargain.ExtensiveGame`
        from ``.efg``; a :class:`~bargain.BayesianGame` from a ``.json`` file of type ``"bayesian"``.

    Raises
    ------
    GameError
        If the suffix is not one of :data:`GAME_SUFFIXES`, or the file cannot be read or parsed.
    """
    suffix = _suffix(path, "game file")
    if suffix == ".nfg":
        from bargain.io.nfg import read_nfg

        return read_nfg(path)
    if suffix == ".json":
        from bargain.io.jsonfmt import read_json_game

        return read_json_game(path).game
    from bargain.io.efg import read_efg

    return read_efg(path)


def write_game(game: Any, path: str | Path, title: str = "", comment: str = "", **options: Any) -> None:
    """Write ``game`` atomically in the format of ``path``'s suffix (``outcomes=True`` for outcome-version .nfg).

    A :class:`~bargain.Game` goes to ``.nfg`` or ``.json``; an extensive game (an ``ExtensiveGame``
    or a parsed :class:`~bargain.io.efg.EfgTree`) goes to ``.efg``, or to ``.nfg``/``.json`` as its
    reduced normal form.

    Parameters
    ----------
    game : Game or ExtensiveGame or EfgTree
        The game to write.
    path : str or Path
        The file; its suffix (``.nfg``, ``.efg`` or ``.json``) picks the format.
    title : str, default ''
        The game's title in the file (default the game's own).
    comment : str, default ''
        A comment stored in the file.
    **options
        Format options, e.g. ``outcomes=True`` for the outcome version of ``.nfg``.

    Returns
    -------
    None
        The file is written (atomically: a partial file never replaces an old one).

    Raises
    ------
    GameError
        For a suffix that names no format, a normal-form game written as ``.efg``, or an object that
        is not a game.
    """
    from bargain.io.efg import EfgTree
    from bargain.model.extensive import ExtensiveGame
    from bargain.model.game import Game

    suffix = _suffix(path, "output file")
    from bargain.model.bayesian import BayesianGame

    if suffix == ".json" and isinstance(game, BayesianGame):      # type-dependent payoff tables
        from bargain.io.bayesian_json import format_bayesian_game
        from bargain.io.files import atomic_write

        atomic_write(path, format_bayesian_game(game, title, comment))
        return
    is_tree = isinstance(game, EfgTree | ExtensiveGame)       # Bayesian and signalling games are trees too
    if suffix == ".efg":
        if not is_tree:
            raise GameError("only an extensive game (a tree, e.g. read from an .efg file) can be written as .efg; "
                            "write a normal-form game as .nfg or .json")
        from bargain.io.efg import write_efg

        write_efg(game, path, title or None, comment or None)
        return
    if is_tree:
        game = (game.to_extensive() if isinstance(game, EfgTree) else game).reduced_normal_form()
    if not isinstance(game, Game):
        raise GameError(f"cannot write a {type(game).__name__} as a game file")
    if suffix == ".nfg":
        from bargain.io.nfg import write_nfg

        write_nfg(game, path, title, comment, **options)
    else:
        from bargain.io.jsonfmt import write_json_game

        write_json_game(game, path, title, comment)
