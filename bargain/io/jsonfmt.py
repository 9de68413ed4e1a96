"""The *bargain* JSON game format: plain data that never executes code.

A file looks like::

    {
      "format": "bargain.game",
      "version": 1,
      "title": "Prisoner's Dilemma",
      "players": ["Row", "Col"],
      "strategies": [["Cooperate", "Defect"], ["Cooperate", "Defect"]],
      "payoffs": [[[3, 0], [5, 1]],
                  [[3, 5], [0, 1]]]
    }

``payoffs`` has shape ``(n_players, s_1, ..., s_n)``: ``payoffs[i][a_1]...[a_n]`` is player ``i``'s
payoff when each player ``j`` plays strategy ``a_j`` (0-based, in the order of ``strategies``).
Payoffs are JSON numbers or strings holding exact numbers (``"3/4"``, ``"0.1"``).  By default
(``"arithmetic": "exact"``) every payoff is exact: ``0.1`` means ``1/10``, as in Gambit files, and
solvers return rational equilibria; ``"arithmetic": "float"`` keeps IEEE doubles.  Optional keys:
``title``, ``description``, ``type`` (``"normal"``, or ``"bayesian"`` for a Bayesian game given
by type-dependent payoff tables: :mod:`bargain.io.bayesian_json`).  The JSON Schema is ``game.schema.json``
beside this module (:func:`schema`); :func:`parse_json_game` checks the same rules itself and
names the offending key in its error, so no schema library is needed at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.game import Game
from bargain.model.numbers import check_float_range, format_number, parse_exact
from bargain.model.scale import check_game_size

__all__ = ["JsonGame", "format_json_game", "parse_json_game", "read_json_game", "schema", "write_json_game"]

FORMAT_NAME = "bargain.game"
FORMAT_VERSION = 1
_KEYS = ("$schema", "format", "version", "type", "title", "description", "arithmetic", "players", "strategies",
         "payoffs")


@dataclass(frozen=True)
class JsonGame:
    """A parsed JSON game file: the game (a BayesianGame for ``"type": "bayesian"``), title and description."""

    game: Any
    title: str = ""
    description: str = ""


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the game format."""
    return json.loads(resources.files("bargain.io").joinpath("game.schema.json").read_text(encoding="utf-8"))


def _number(x: Any, where: str, exact: bool, source: str) -> Any:
    if isinstance(x, bool) or not isinstance(x, int | float | str | Fraction):
        raise GameError(f"{source}: payoff at {where} is {json.dumps(x)}, not a number: give a number or a string "
                        "such as \"3/4\"")
    if isinstance(x, str):
        try:
            v = parse_exact(x)
        except GameError as exc:
            raise GameError(f"{source}: payoff at {where} is the string {x[:40]!r}, which is not a number I can read "
                            f"({exc}): use e.g. 2, -1.5 or \"3/4\"") from None
    elif isinstance(x, float) and not np.isfinite(x):
        raise GameError(f"{source}: payoff at {where} is {x}; payoffs must be finite")
    else:
        v = x if isinstance(x, Fraction | int) else Fraction(repr(x))
    try:
        f = check_float_range(v, "the value")
    except GameError as exc:
        raise GameError(f"{source}: payoff at {where}: {exc}") from None
    return v if exact else f


def _json_number(text: str) -> int | Fraction:
    """A JSON number literal, exactly, with digits and exponent bounded (see :func:`parse_exact`)."""
    return parse_exact(text)


def parse_json_game(text: str, source: str = "<string>") -> JsonGame:
    """Parse a JSON game file's text; :class:`GameError` names anything malformed."""
    try:
        # Decimals are kept as their exact text: 0.1 is 1/10, not the nearest double.
        doc = json.loads(text, parse_float=_json_number, parse_int=_json_number, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise GameError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); check the "
                        "file is complete and well-formed") from None
    except RecursionError:
        raise GameError(f"{source}: the JSON is nested too deeply to be a game file (a game's payoffs nest one "
                        "level per player)") from None
    except GameError as exc:
        raise GameError(f"{source}: {exc}") from None
    if not isinstance(doc, dict):
        raise GameError(f"{source}: a game file must be a JSON object with keys format, version, players, "
                        f"strategies and payoffs, not a {type(doc).__name__}")
    if doc.get("type") == "bayesian":
        if doc.get("format") != FORMAT_NAME or doc.get("version") != FORMAT_VERSION:
            raise GameError(f"{source}: a Bayesian game file needs \"format\": {FORMAT_NAME!r} and \"version\": "
                            f"{FORMAT_VERSION}")
        from bargain.io.bayesian_json import parse_bayesian_doc

        return JsonGame(parse_bayesian_doc(doc, source, _number), doc.get("title", ""), doc.get("description", ""))
    if doc.get("type", "normal") != "normal":
        raise GameError(f"{source}: unsupported game type {doc.get('type')!r}; version 1 holds \"normal\" and "
                        "\"bayesian\" games (use a .efg file for other extensive games)")
    for key in doc:
        if key not in _KEYS:
            raise GameError(f"{source}: unknown key {key!r}{did_you_mean(key, _KEYS)}; allowed keys are "
                            f"{', '.join(_KEYS[1:])}")
    if doc.get("format") != FORMAT_NAME:
        raise GameError(f"{source}: \"format\" must be {FORMAT_NAME!r} (found {doc.get('format')!r}): is this a "
                        "bargain game file?")
    if doc.get("version") != FORMAT_VERSION:
        raise GameError(f"{source}: unsupported version {doc.get('version')!r}; this bargain reads version "
                        f"{FORMAT_VERSION}")
    arithmetic = doc.get("arithmetic", "exact")
    if arithmetic not in ("exact", "float"):
        raise GameError(f"{source}: \"arithmetic\" must be \"exact\" or \"float\", not {arithmetic!r}")
    for key in ("title", "description"):
        if not isinstance(doc.get(key, ""), str):
            raise GameError(f"{source}: {key!r} must be a string")
    for key in ("players", "strategies", "payoffs"):
        if key not in doc:
            raise GameError(f"{source}: missing key {key!r}; a game file needs players, strategies and payoffs")
    players = doc["players"]
    if not isinstance(players, list) or not players or not all(isinstance(p, str) and p for p in players):
        raise GameError(f"{source}: \"players\" must be a non-empty list of names (strings)")
    strategies = doc["strategies"]
    if (not isinstance(strategies, list) or len(strategies) != len(players)
            or not all(isinstance(s, list) and s and all(isinstance(x, str) and x for x in s) for s in strategies)):
        raise GameError(f"{source}: \"strategies\" must be a list of {len(players)} non-empty lists of names, one "
                        "per player")
    shape = (len(players), *(len(s) for s in strategies))
    check_game_size(shape[1:], source)
    exact = arithmetic == "exact"
    flat: list[Any] = []
    _flatten(doc["payoffs"], shape, (), flat, exact, source)
    arr = np.empty(len(flat), dtype=object)
    arr[:] = flat
    payoffs = arr.reshape(shape)
    if not exact:
        payoffs = payoffs.astype(float)
    game = Game(payoffs, players=players, strategies=strategies)
    return JsonGame(game, doc.get("title", ""), doc.get("description", ""))


def _reject_constant(name: str) -> Any:
    raise GameError(f"payoff {name} is not allowed in a game file: payoffs must be finite numbers")


def _flatten(node: Any, shape: tuple[int, ...], index: tuple[int, ...], out: list[Any], exact: bool,
             source: str) -> None:
    depth = len(index)
    where = "payoffs" + "".join(f"[{k}]" for k in index)
    if depth == len(shape):
        out.append(_number(node, where, exact, source))
        return
    if not isinstance(node, list):
        raise GameError(f"{source}: {where} should be a list of {shape[depth]} entries but is "
                        f"{json.dumps(_plain(node))}: payoffs must have shape {list(shape)} "
                        "(players, then one axis per player's strategies)")
    if len(node) != shape[depth]:
        what = "players" if depth == 0 else f"strategies of player {depth}"
        raise GameError(f"{source}: {where} has {len(node)} entries but there are {shape[depth]} {what}: payoffs "
                        f"must have shape {list(shape)}")
    for k, child in enumerate(node):
        _flatten(child, shape, (*index, k), out, exact, source)


def _plain(x: Any) -> Any:
    if isinstance(x, Fraction):
        return float(x)
    if isinstance(x, list):
        return [_plain(v) for v in x[:3]]
    return x


def read_json_game(path: str | Path) -> JsonGame:
    """The game in a JSON game file, with its title and description."""
    from bargain.io.files import read_text

    return parse_json_game(read_text(path), str(path))


def _payoff_value(x: Any) -> Any:
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else format_number(x)
    return float(x)


def format_json_game(game: Game, title: str = "", description: str = "") -> str:
    """The JSON text of ``game``: integers stay integers, other rationals become ``"p/q"`` strings."""
    if not isinstance(game, Game):
        raise GameError(f"only a normal-form Game can be written as a JSON game file, not {type(game).__name__}")
    src = game.exact_payoffs if game.is_exact else game.payoffs
    payoffs = np.vectorize(_payoff_value, otypes=[object])(src).tolist()
    doc: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "type": "normal"}
    if title:
        doc["title"] = title
    if description:
        doc["description"] = description
    doc["arithmetic"] = "exact" if game.is_exact else "float"
    compact = {"players": list(game.players), "strategies": [list(s) for s in game.strategies], "payoffs": payoffs}
    text = json.dumps({**doc, **dict.fromkeys(compact)}, indent=2, ensure_ascii=False)
    # short lists on one line each, so a 3x3 game reads like its matrix
    for key, value in compact.items():
        text = text.replace(f'\n  "{key}": null', f'\n  "{key}": ' + _dump_nested(value, 2), 1)
    return text + "\n"


def _dump_nested(x: Any, indent: int) -> str:
    if not any(isinstance(v, list) for v in x):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in x) + "]"
    pad = " " * (indent + 2)
    return "[\n" + ",\n".join(pad + _dump_nested(v, indent + 2) for v in x) + "\n" + " " * indent + "]"


def write_json_game(game: Game, path: str | Path, title: str = "", description: str = "") -> None:
    """Write ``game`` to a JSON game file atomically."""
    from bargain.io.files import atomic_write

    atomic_write(path, format_json_game(game, title, description))
