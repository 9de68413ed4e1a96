"""What a user names on the command line: a shipped game, a ``.py`` model, or a game file.

:func:`open_source` resolves one argument:

* a path ending in ``.nfg``, ``.efg`` or ``.json`` is read as a game file (plain data: nothing in it
  is executed);
* a path ending in ``.py`` (or containing a path separator) is loaded as a game module by
  :func:`bargain.model.loader.load_game` - Python code runs only when named this explicitly;
* ``-`` reads a game file from standard input (its format told by its first token);
* anything else is the name of a shipped game (``bargain list``).

The result, a :class:`GameSource`, gives the game at chosen parameter values, so every command
handles models and files the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from bargain.errors import GameError, did_you_mean
from bargain.model.game import Game
from bargain.model.numbers import check_float_range, parse_exact

__all__ = ["FILE_SUFFIXES", "GameSource", "open_source", "open_text", "parse_assignments", "parse_value"]

FILE_SUFFIXES = (".nfg", ".efg", ".json")


@dataclass
class GameSource:
    """A game the user named: a parametric model, or a fixed game read from a file."""

    label: str
    model: Any = None                       # bargain.model.parameters.Model, for shipped games and .py files
    game: Game | None = None                # for .nfg / .json files and the normal form of .efg files
    tree: Any = None                        # the ExtensiveGame of an .efg file
    title: str = ""
    description: str = ""
    file_format: str = ""                   # "nfg", "efg", "json" or "" for models
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def is_model(self) -> bool:
        return self.model is not None

    @property
    def parameters(self) -> dict[str, Any]:
        return self.model.parameters if self.model is not None else {}

    @property
    def players(self) -> tuple[str, ...]:
        return self.model.players if self.model is not None else self.normal_form().players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self.model.strategies if self.model is not None else self.normal_form().strategies

    def require_model(self, what: str) -> Any:
        """The model, or a GameError saying ``what`` needs named parameters."""
        if self.model is None:
            raise GameError(f"{what} needs a game with named parameters, but {self.label!r} is a fixed game from a "
                            f"{self.file_format or 'game'} file; use a shipped game (bargain list) or a .py model")
        return self.model

    def normal_form(self) -> Game:
        """The normal form: a file's game, a model's game at its defaults, or a tree's reduced normal form
        (built on first use, after its size is checked, so a long tree fails at once and names the fix)."""
        if self.game is None:
            if self.tree is not None:
                self.game = _reduced_normal_form(self.tree, self.label)
                return self.game
            return self.model.game()
        return self.game

    def game_at(self, values: dict[str, Any] | None = None, *, exact: bool = False) -> Game:
        """The game at ``values`` (parameter name -> number); defaults fill the rest.

        For a model with ``exact=True`` the payoffs are rational when the model allows it (else a
        GameError from the model says why).  A file's game is fixed: ``values`` must be empty.
        """
        values = values or {}
        if self.model is None:
            if values:
                raise GameError(f"--set {next(iter(values))}=... does not apply: {self.label!r} is a fixed game from a "
                                f"{self.file_format} file with no parameters")
            game = self.normal_form()
            return game.to_exact() if exact else game
        return self.model.game(exact=exact, **values)


def parse_value(text: str, what: str) -> Fraction | float:
    """A number typed by the user: ``0.8``, ``4/5`` or ``1e-3`` (kept exact), or ``inf``.

    Digits and exponents are bounded before the exact value is built (``1e99999999`` is refused at
    once, see :func:`bargain.model.numbers.parse_exact`), and a value beyond the float range
    (``1e309``) is refused with the reason.
    """
    t = text.strip()
    if t.lower().lstrip("+-") in ("inf", "infinity"):
        return float(t)
    if t.lower().lstrip("+-") == "nan":
        raise GameError(f"{what}: NaN is not a value; give a number")
    try:
        value = Fraction(parse_exact(t))
        check_float_range(value, "the value")
    except GameError as exc:
        raise GameError(f"{what}: {exc}") from None
    return value


def parse_assignments(items: tuple[str, ...] | list[str], valid: Any = None) -> dict[str, Fraction | float]:
    """``["a=1", "b=0.5"]`` -> ``{"a": 1, "b": 1/2}``; GameError for a malformed item or unknown name."""
    out: dict[str, Fraction | float] = {}
    for item in items:
        if "=" not in item:
            raise GameError(f"--set {item!r} is malformed: write --set name=value "
                            f"(e.g. --set {item.strip() or 'x'}=0.5)")
        name, _, value = item.partition("=")
        name = name.strip()
        if not name.isidentifier():
            raise GameError(f"--set {item!r}: {name!r} is not a parameter name; write --set name=value")
        if not value.strip():
            raise GameError(f"--set {item!r} has no value after '='; write --set {name}=value")
        if valid is not None and name not in valid:
            raise GameError(f"--set {item!r}: no parameter {name!r}{did_you_mean(name, valid)}; parameters are "
                            f"{', '.join(valid) or 'none'}")
        if name in out:
            raise GameError(f"--set gives {name!r} twice; give each parameter once")
        out[name] = parse_value(value, f"--set {item!r}")
    return out


def open_source(arg: str | Path) -> GameSource:
    """Resolve a GAME argument (see module docstring)."""
    text = str(arg).strip()
    if not text:
        raise GameError("no game given: name a shipped game (bargain list) or a .nfg, .efg, .json or .py file")
    if text == "-":
        from bargain.io.files import read_stdin

        return open_text(read_stdin(), "<stdin>")
    suffix = Path(text).suffix.lower()
    if suffix in FILE_SUFFIXES:
        return _open_file(Path(text), suffix[1:])
    if suffix and suffix != ".py":
        raise GameError(f"cannot tell the format of {text!r} from its suffix {suffix!r}: game files end in "
                        f"{', '.join(FILE_SUFFIXES)} (Gambit strategic, Gambit extensive, bargain JSON), models in "
                        ".py; shipped games are named without a suffix (bargain list)")
    from bargain.model.loader import load_game

    model = load_game(text)
    return GameSource(label=text, model=model, title=model.title, description=model.description)


def open_text(content: str, label: str = "<string>") -> GameSource:
    """A game file's content (read from standard input, say), its format told by its first token:
    ``NFG`` (Gambit strategic form), ``EFG`` (Gambit extensive form) or ``{`` (bargain JSON).
    A leading UTF-8 byte-order mark is ignored, as it is when a file is read from a path."""
    content = content.removeprefix("\ufeff")
    head = content.lstrip(" \t\r\n")
    if head.startswith("NFG"):
        from bargain.io.nfg import parse_nfg

        f = parse_nfg(content, label)
        return GameSource(label=label, game=f.game, title=f.title, description=f.comment, file_format="nfg")
    if head.startswith("EFG"):
        from bargain.io.efg import parse_efg

        tree = parse_efg(content, label)
        return GameSource(label=label, tree=tree.to_extensive(), title=tree.title, description=tree.comment,
                          file_format="efg")
    if head.startswith("{"):
        from bargain.io.jsonfmt import parse_json_game

        return _json_source(parse_json_game(content, label), label)
    if not head:
        raise GameError(f"{label} is empty: pipe in a .nfg, .efg or JSON game")
    raise GameError(f"{label} is not a game file: a Gambit file starts with NFG or EFG, a JSON game with '{{'")


def _open_file(path: Path, kind: str) -> GameSource:
    if kind == "nfg":
        from bargain.io.nfg import read_nfg_file

        f = read_nfg_file(path)
        return GameSource(label=str(path), game=f.game, title=f.title, description=f.comment, file_format="nfg",
                          meta={"nfg_version": f.version})
    if kind == "json":
        from bargain.io.jsonfmt import read_json_game

        return _json_source(read_json_game(path), str(path))
    from bargain.io.efg import read_efg_file

    e = read_efg_file(path)
    return GameSource(label=str(path), tree=e.game, title=e.title, description=e.comment, file_format="efg")


def _json_source(j: Any, label: str) -> GameSource:
    """A JSON game file: a normal-form game, or a Bayesian game (a tree, its normal form built on first use)."""
    from bargain.model.extensive import ExtensiveGame

    if isinstance(j.game, ExtensiveGame):
        return GameSource(label=label, tree=j.game, title=j.title, description=j.description, file_format="json")
    return GameSource(label=label, game=j.game, title=j.title, description=j.description, file_format="json")


def _reduced_normal_form(tree: Any, label: str) -> Game:
    """``tree.reduced_normal_form()``, refused at once when it would exceed the game size limits.

    The number of reduced strategies is counted first (a product formula over the tree, cheap
    under perfect recall), so a 3,000-move centipede is refused in seconds instead of enumerating
    its plans for minutes.
    """
    from bargain.model.scale import check_game_size

    count = getattr(tree, "_count_plans", None)
    if count is not None and tree.has_perfect_recall:
        try:
            check_game_size([count(i) for i in range(tree.n_players)], f"the reduced normal form of {label}")
        except GameError as exc:
            raise GameError(f"{exc}; a game tree this large is solved on the tree: use 'bargain solve FILE --spe' "
                            "(subgame-perfect equilibria by backward induction)") from None
    return tree.reduced_normal_form()
