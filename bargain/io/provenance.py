"""Where a result came from, so that it can be reproduced from its own JSON.

Every JSON result of the command line carries a ``provenance`` record:

* ``game`` - the shipped game's name, or the file the game came from (a ``.py`` model or a
  ``.nfg``/``.efg``/``.json`` file), with the SHA-256 of that file's bytes (for a shipped game, of
  its module), so that a later run can tell whether it still reads the same game;
* ``values`` - the value of *every* parameter (the ones set on the command line and the defaults
  of the others; exact values as ``"p/q"`` strings);
* ``command``, ``method`` and ``options`` - what was run, with its tolerance, seed and switches;
* ``bargain`` - the version that computed it.

:func:`read_provenance` reads the record back from a result file and checks it, for
``bargain solve --from result.json``.

References
----------
Sandve, G. K., Nekrutenko, A., Taylor, J. and Hovig, E. (2013). "Ten simple rules for
reproducible computational research", *PLoS Computational Biology* 9(10), e1003285 (rules 1, 4
and 6: record how every result was produced, the exact versions, and the inputs); FIPS 180-4
(SHA-256).
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from bargain.errors import GameError
from bargain.model.numbers import format_number

__all__ = ["all_values", "check_same_game", "file_sha256", "game_record", "provenance", "read_provenance"]

FORMAT = "bargain.provenance"


def file_sha256(path: str | Path) -> str | None:
    """The SHA-256 of a file's bytes as hex, or None if it cannot be read.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    str or None
        64 hex digits.
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def game_record(src: Any) -> dict[str, Any]:
    """Name or file of the game a :class:`~bargain.io.sources.GameSource` holds, with its hash.

    Parameters
    ----------
    src : GameSource
        The opened GAME argument.

    Returns
    -------
    dict
        ``{"name", "file", "format", "sha256"}``; ``name`` is set for a shipped game, ``file`` for
        a file named on the command line (None for standard input).
    """
    label = src.label
    if src.is_model:
        from bargain.model.loader import defining_module

        module = defining_module(src.model)
        path = getattr(module, "__file__", None)
        shipped = not (label.endswith(".py") or "/" in label or "\\" in label)
        return {"name": label if shipped else None, "file": None if shipped else str(Path(label).resolve()),
                "format": "py", "sha256": file_sha256(path) if path else None}
    on_disk = label != "<stdin>" and Path(label).is_file()
    return {"name": None, "file": str(Path(label).resolve()) if on_disk else None,
            "format": src.file_format, "sha256": file_sha256(label) if on_disk else None}


def _value(x: Any) -> Any:
    if isinstance(x, Fraction):
        return format_number(x)
    if isinstance(x, int | float):
        return x
    return float(x)


def all_values(src: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Every parameter's value: those in ``values``, and the defaults of the rest (model order).

    Parameters
    ----------
    src : GameSource
        The opened GAME argument.
    values : dict
        The values set on the command line.

    Returns
    -------
    dict
        ``{name: value}`` for every parameter (empty for a fixed game).
    """
    if not src.is_model:
        return {}
    return {name: values.get(name, prm.default) for name, prm in src.model.parameters.items()}


def provenance(src: Any, values: dict[str, Any], command: str, method: str | None = None,
               **options: Any) -> dict[str, Any]:
    """The provenance record of a result (see the module docstring).

    Parameters
    ----------
    src : GameSource
        The opened GAME argument.
    values : dict
        Parameter values set on the command line (the others are recorded at their defaults).
    command : str
        The command (``"solve"``, ``"thresholds"`` ...).
    method : str, optional
        The method that ran.
    **options
        Its options (``tol``, ``seed``, ``exact`` ...), JSON-ready.

    Returns
    -------
    dict
        The record.
    """
    from bargain import __version__

    return {"format": FORMAT, "bargain": __version__, "command": command, "game": game_record(src),
            "values": {k: _value(v) for k, v in all_values(src, values).items()},
            "set": sorted(values), "method": method, "options": dict(options)}


def read_provenance(path: str | Path) -> dict[str, Any]:
    """The provenance record of a JSON result file, checked.

    Parameters
    ----------
    path : str or Path
        A file written by ``bargain ... --format json``.

    Returns
    -------
    dict
        Its ``provenance`` record.

    Raises
    ------
    GameError
        If the file is not a JSON result with a provenance record, or if the game file it names
        has changed since (its SHA-256 differs).
    """
    from bargain.io.files import read_text

    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GameError(f"--from {str(path)!r} is not JSON (line {exc.lineno}): give a file written by "
                        "'bargain solve ... --format json'") from None
    rec = data.get("provenance") if isinstance(data, dict) else None
    if not isinstance(rec, dict) or rec.get("format") != FORMAT or not isinstance(rec.get("game"), dict):
        raise GameError(f"--from {str(path)!r} has no provenance record: give a file written by "
                        "'bargain solve ... --format json'")
    game = rec["game"]
    if not (game.get("name") or game.get("file")):
        raise GameError(f"--from {str(path)!r}: the result was computed from standard input, which cannot be read "
                        "again; save the game to a file and solve that")
    return rec


def check_same_game(record: dict[str, Any], src: Any, path: str | Path) -> None:
    """Raise unless ``src`` is byte for byte the game ``record`` was computed from.

    Parameters
    ----------
    record : dict
        A provenance record (:func:`read_provenance`).
    src : GameSource
        The game opened again from the record's name or file.
    path : str or Path
        The result file (for the message).

    Raises
    ------
    GameError
        If the game's file (or shipped module) has a different SHA-256 now.
    """
    then = record["game"].get("sha256")
    now = game_record(src).get("sha256")
    if then and now != then:
        what = record["game"].get("name") or record["game"].get("file")
        raise GameError(f"--from {str(path)!r}: the game {what!r} has changed since the result was written "
                        f"(SHA-256 {str(now)[:12]}... is not {then[:12]}...); it cannot be reproduced")
