"""Find parametric models: the shipped games by name, or a user's ``.py`` file by path.

The contract a game module meets (shipped or user-written): it is plain Python that defines a
module-level ``model``, an instance of :class:`~bargain.model.parameters.Model`.  A shipped game
``games/<name>.py`` loads as ``load_game("<name>")``; any other file loads only by an explicit path
(``load_game("path/to/my_game.py")``), so a name can never run an unexpected file.
Modules whose names start with ``_`` (such as ``games/_shared.py``) are helpers, not games.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import pkgutil
import sys
import weakref
from pathlib import Path
from types import ModuleType
from typing import Any

from bargain.errors import GameError, did_you_mean
from bargain.model.parameters import Model

__all__ = ["GAMES_PACKAGE", "defining_module", "list_games", "load_game", "model_card"]

#: The package holding the shipped games.
GAMES_PACKAGE = "games"

#: The module each loaded model came from (weak keys: a model no one holds is forgotten).
_MODULES: weakref.WeakKeyDictionary[Model, ModuleType] = weakref.WeakKeyDictionary()

_CONTRACT = ("a game module must define a module-level `model = bargain.Model(...)` "
             "(see the README section 'The games')")


def list_games() -> list[str]:
    """Names of the shipped games (modules of the ``games`` package not starting with ``_``), sorted."""
    try:
        package = importlib.import_module(GAMES_PACKAGE)
    except ModuleNotFoundError:
        return []
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                  if not m.name.startswith("_") and not m.ispkg)


def _model_of(module: Any, where: str) -> Model:
    model = getattr(module, "model", None)
    if model is None:
        raise GameError(f"{where} defines no `model`; {_CONTRACT}")
    if not isinstance(model, Model):
        raise GameError(f"{where} defines `model` as a {type(model).__name__}, not a bargain.Model; {_CONTRACT}")
    _MODULES[model] = module
    return model


def defining_module(model: Model) -> ModuleType | None:
    """The game module that :func:`load_game` loaded ``model`` from, or None.

    A game module may define more than its model (e.g. ``utility_possibility_set`` and
    ``disagreement_point`` for bargaining, see :mod:`bargain.analysis.bargaining.declared`).

    Parameters
    ----------
    model : Model
        A model returned by :func:`load_game`.

    Returns
    -------
    types.ModuleType or None
        The module, or None for a model built in code rather than loaded from a game module.
    """
    return _MODULES.get(model)


def _load_path(path: Path) -> Model:
    if not path.exists():
        raise GameError(f"no such file {str(path)!r}: give the path of a .py file that defines a model, "
                        f"or a shipped game name ({', '.join(list_games())})")
    if path.is_dir() or path.suffix != ".py":
        raise GameError(f"{str(path)!r} is not a .py file; {_CONTRACT}")
    resolved = path.resolve()
    # A unique, stable module name per file, so two files called game.py do not collide.
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:12]
    mod_name = f"_bargain_user_game_{resolved.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(mod_name, resolved)
    if spec is None or spec.loader is None:
        raise GameError(f"{str(path)!r} cannot be imported as a Python module; {_CONTRACT}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    folder = str(resolved.parent)
    sys.path.insert(0, folder)          # so the file may import helper modules beside it
    try:
        # compile the source afresh (no cached bytecode): a file edited and reloaded is always read anew
        source = resolved.read_text(encoding="utf-8")
        exec(compile(source, str(resolved), "exec"), module.__dict__)  # the user named this file explicitly
    except GameError as exc:
        sys.modules.pop(mod_name, None)
        raise GameError(f"{str(path)!r} failed to load: {exc}") from None
    except Exception as exc:
        sys.modules.pop(mod_name, None)
        raise GameError(f"{str(path)!r} failed to import ({type(exc).__name__}: {exc}); fix the file — "
                        f"{_CONTRACT}") from None
    finally:
        if folder in sys.path:
            sys.path.remove(folder)
    return _model_of(module, repr(str(path)))


def load_game(name_or_path: str | Path | Model) -> Model:
    """The model of a shipped game (by name) or of a user's ``.py`` file (by path).

    A string containing a path separator or ending in ``.py`` (or any :class:`~pathlib.Path`) is a
    file; anything else is the name of a shipped game, see :func:`list_games`.  A :class:`Model`
    is returned unchanged.  Errors (unknown name, missing file, a file that fails to import or
    defines no ``model``) raise :class:`GameError` saying what a module must define.
    """
    if isinstance(name_or_path, Model):
        return name_or_path
    if isinstance(name_or_path, Path):
        return _load_path(name_or_path.expanduser())
    if not isinstance(name_or_path, str):
        raise GameError(f"load_game() takes a game name or a file path, got {type(name_or_path).__name__}")
    text = name_or_path.strip()
    if text.endswith(".py") or "/" in text or "\\" in text or text.startswith("~"):
        return _load_path(Path(text).expanduser())
    names = list_games()
    if text not in names:
        raise GameError(f"unknown game {text!r}{did_you_mean(text, names)}; shipped games are {names} "
                        "(or give the path of a .py file that defines `model`)")
    try:
        module = importlib.import_module(f"{GAMES_PACKAGE}.{text}")
    except GameError:
        raise
    except Exception as exc:  # a broken shipped game is a bug, but say which one
        raise GameError(f"shipped game {text!r} failed to import ({type(exc).__name__}: {exc})") from exc
    return _model_of(module, f"game module {GAMES_PACKAGE}.{text}")


def model_card(model: Model) -> str:
    """The model card of ``model``: the docstring of the game module it was loaded from, cleaned of
    its indentation ("" for a model built in code, or a module without a docstring).

    Parameters
    ----------
    model : Model
        A model returned by :func:`load_game`.

    Returns
    -------
    str
        The card.
    """
    module = defining_module(model)
    doc = getattr(module, "__doc__", None) if module is not None else None
    return inspect.cleandoc(doc) if doc else ""

