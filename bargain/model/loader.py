"""Find parametric models: the shipped games by name, or a user's ``.py`` file by path.

The contract a game module meets (shipped or user-written): it is plain Python that defines a
module-level ``model``, an instance of :class:`~bargain.model.parameters.Model`.  A shipped game
``games/<name>.py`` loads as ``load_game("<name>")``; any other file loads only by an explicit path
(``load_game("path/to/my_game.py")``), so a name can never run an unexpected file.
Modules whose names start with ``_`` (such as ``games/_shared.py``) are helpers, not games.

Security model.  The shipped games are data of *bargain*: a wheel installs the repository's
``games/`` folder as ``bargain/_games/``, and a source checkout or editable install reads the
``games/`` folder beside the ``bargain`` package.  They are loaded *by file path* from that one
folder, under the private package name ``bargain._games`` (so ``from ._shared import X`` in a game
module resolves inside the same folder).  Nothing is looked up on ``sys.path``: a ``games``
package in the current folder, or any other installed package of that name, is never imported
for a bare name.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import inspect
import sys
import types
import weakref
from pathlib import Path
from typing import Any

import bargain
from bargain.errors import GameError, did_you_mean
from bargain.model.parameters import Model

__all__ = ["GAMES_PACKAGE", "defining_module", "game_module", "games_folder", "list_games", "load_game",
           "model_card"]

#: The private package name the shipped game modules are loaded under.
GAMES_PACKAGE = "bargain._games"

#: The module each loaded model came from (weak keys: a model no one holds is forgotten).
_MODULES: weakref.WeakKeyDictionary[Model, types.ModuleType] = weakref.WeakKeyDictionary()

_CONTRACT = ("a game module must define a module-level `model = bargain.Model(...)` "
             "(see the README section 'The games')")


def games_folder() -> Path | None:
    """The folder of the shipped game modules, or None if this installation has none.

    An installed wheel carries them as ``bargain/_games/``; a source checkout (and an editable
    install, which imports ``bargain`` from the checkout) has them in ``games/`` beside the
    ``bargain`` package, recognised by the ``pyproject.toml`` next to it.
    """
    package_dir = Path(bargain.__file__).resolve().parent
    installed = package_dir / "_games"
    if (installed / "__init__.py").is_file():
        return installed
    root = package_dir.parent
    source = root / "games"
    if (root / "pyproject.toml").is_file() and (source / "__init__.py").is_file():
        return source
    return None


def list_games() -> list[str]:
    """Names of the shipped games (``.py`` modules of the games folder not starting with ``_``), sorted.

    Returns
    -------
    list of str
        The names, sorted; each loads with :func:`bargain.load_game`.
    """
    folder = games_folder()
    if folder is None:
        return []
    return sorted(f.stem for f in folder.glob("*.py") if not f.stem.startswith("_") and f.stem.isidentifier())


def _games_package(folder: Path) -> types.ModuleType:
    """The private package ``bargain._games`` rooted at ``folder`` (created once; no code runs)."""
    package = sys.modules.get(GAMES_PACKAGE)
    if package is not None and list(getattr(package, "__path__", ())) == [str(folder)]:
        return package
    spec = importlib.machinery.ModuleSpec(GAMES_PACKAGE, None, is_package=True)
    spec.submodule_search_locations = [str(folder)]
    package = importlib.util.module_from_spec(spec)
    package.__file__ = str(folder / "__init__.py")
    # drop stale submodules of another folder (e.g. a test that built a second installation)
    for name in [m for m in sys.modules if m.startswith(GAMES_PACKAGE + ".")]:
        del sys.modules[name]
    sys.modules[GAMES_PACKAGE] = package
    return package


def game_module(name: str) -> types.ModuleType:
    """The module of the shipped game ``name``, loaded by file path from :func:`games_folder`.

    Raises
    ------
    GameError
        If ``name`` is not a shipped game (the message lists them), or the module fails to import.
    """
    names = list_games()
    if name not in names:
        raise GameError(f"unknown game {name!r}{did_you_mean(name, names)}; shipped games are {names} "
                        "(or give the path of a .py file that defines `model`)")
    folder = games_folder()
    assert folder is not None           # names is non-empty
    _games_package(folder)
    mod_name = f"{GAMES_PACKAGE}.{name}"
    module = sys.modules.get(mod_name)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(mod_name, folder / f"{name}.py")
    if spec is None or spec.loader is None:     # pragma: no cover - a .py file always has a spec
        raise GameError(f"shipped game {name!r} cannot be loaded from {folder}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except GameError:
        sys.modules.pop(mod_name, None)
        raise
    except Exception as exc:  # a broken shipped game is a bug, but say which one
        sys.modules.pop(mod_name, None)
        raise GameError(f"shipped game {name!r} failed to import ({type(exc).__name__}: {exc})") from exc
    return module


def _model_of(module: Any, where: str) -> Model:
    model = getattr(module, "model", None)
    if model is None:
        raise GameError(f"{where} defines no `model`; {_CONTRACT}")
    if not isinstance(model, Model):
        raise GameError(f"{where} defines `model` as a {type(model).__name__}, not a bargain.Model; {_CONTRACT}")
    _MODULES[model] = module
    return model


def defining_module(model: Model) -> types.ModuleType | None:
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


def _expand(path: Path) -> Path:
    try:
        return path.expanduser()
    except RuntimeError:
        user = str(path).split("/", 1)[0]
        raise GameError(f"cannot expand {user!r} in {_shown(path)}: there is no such user; give the path without "
                        "'~user'") from None


def _shown(path: Path | str) -> str:
    text = str(path)
    return repr(text) if len(text) <= 200 else repr(text[:80] + "..." + text[-60:]) + f" ({len(text)} characters)"


def _load_path(path: Path) -> Model:
    try:
        exists = path.exists()
    except (OSError, ValueError) as exc:      # a name too long, a NUL byte, a permission problem
        raise GameError(f"cannot read {_shown(path)}: {getattr(exc, 'strerror', None) or exc}; check the "
                        "path") from None
    if not exists:
        raise GameError(f"no such file {_shown(path)}: give the path of a .py file that defines a model, "
                        f"or a shipped game name ({', '.join(list_games())})")
    if path.is_dir() or path.suffix != ".py":
        raise GameError(f"{_shown(path)} is not a .py file; {_CONTRACT}")
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
        return _load_path(_expand(name_or_path))
    if not isinstance(name_or_path, str):
        raise GameError(f"load_game() takes a game name or a file path, got {type(name_or_path).__name__}")
    text = name_or_path.strip()
    if text.endswith(".py") or "/" in text or "\\" in text or text.startswith("~"):
        return _load_path(_expand(Path(text)))
    module = game_module(text)
    return _model_of(module, f"shipped game {text!r}")


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

