"""Gambit strategic-form files (``.nfg``), read and written without pygambit.

Two versions of the format exist (Gambit manual, "The strategic game (.nfg) file format",
payoff and outcome versions), and both are read:

* **payoff version**::

      NFG 1 R "Title" { "Player 1" "Player 2" } { 3 2 }    (or nested strategy labels)
      "optional comment"
      1 1  0 2  0 2  1 1  0 3  2 0

  the payoffs of every player at each pure profile, profiles in the order where player 1's
  strategy changes fastest (counting with player 1 as the least significant digit);

* **outcome version**::

      NFG 1 R "Title" { "Player 1" "Player 2" } { { "1" "2" "3" } { "1" "2" } }
      "optional comment"
      { { "outcome" 1, 1 } { "" 0, 2 } ... }
      1 2 3 4 5 6

  a list of labelled outcomes (payoff vectors, commas optional) and then one outcome number per
  profile in the same order; outcome ``0`` is the null outcome (every payoff 0).

Numbers are exact (``0.1`` is ``1/10``), so a game read from a file is an exact :class:`Game`.
Empty or repeated player and strategy labels are renamed as Gambit 16.7 renames them
(``""`` -> ``"_1"``, ``"x", "x"`` -> ``"x_1", "x_2"``), so both programs see the same names.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from bargain.errors import GameError
from bargain.io.lexer import (
    EOF,
    LBRACE,
    NUMBER,
    RBRACE,
    SYMBOL,
    TEXT,
    TokenStream,
    format_gambit_number,
    normalize_labels,
    quote,
)
from bargain.model.game import Game
from bargain.model.scale import MAX_PLAYERS, check_game_size

__all__ = ["NfgFile", "format_nfg", "parse_nfg", "read_nfg", "write_nfg"]


@dataclass(frozen=True)
class NfgFile:
    """A parsed ``.nfg`` file: the game plus what the file says about it."""

    game: Game
    title: str = ""
    comment: str = ""
    version: str = "payoff"                     # "payoff" or "outcome"
    outcome_labels: tuple[str, ...] = field(default=())


def parse_nfg(text: str, source: str = "<string>") -> NfgFile:
    """Parse the text of a ``.nfg`` file (payoff or outcome version)."""
    ts = TokenStream(text, source)
    head = ts.current
    if head.kind == EOF:
        raise ts.error("the file is empty: a Gambit file starts with 'NFG'")
    if head.kind != SYMBOL or head.text != "NFG":
        raise ts.error(f"expected the file to start with 'NFG', found {head.describe()}: this is not a Gambit "
                       "strategic-form (.nfg) file")
    ts.next()
    ver = ts.current
    if ver.kind != NUMBER or ver.text != "1":
        raise ts.error(f"unsupported .nfg version {ver.describe()}: only version 1 ('NFG 1 R') exists")
    ts.next()
    kind = ts.current
    if kind.kind != SYMBOL or kind.text not in ("R", "D"):
        raise ts.error(f"expected the data type 'R' after 'NFG 1', found {kind.describe()}")
    ts.next()
    title = ts.expect(TEXT, "the game title in double quotes").text

    ts.expect(LBRACE, "'{' opening the list of players")
    players: list[str] = []
    while ts.current.kind == TEXT:
        players.append(ts.next().text)
    ts.expect(RBRACE, "'}' closing the list of players", "player names must be in double quotes")
    if not players:
        raise ts.error("the game has no players: list at least one name, e.g. { \"Player 1\" \"Player 2\" }")
    n = len(players)
    if n > MAX_PLAYERS:
        raise ts.error(f"the file names {n} players; bargain handles at most {MAX_PLAYERS} (MAX_PLAYERS)")

    ts.expect(LBRACE, "'{' opening the strategy counts or strategy labels")
    strategies: list[list[str]] = []
    counts: list[int] = []
    if ts.current.kind == LBRACE:
        for i in range(n):
            ts.expect(LBRACE, f"'{{' opening the strategy labels of player {i + 1} ({players[i]!r})",
                      f"the file names {n} players, so it needs {n} strategy lists")
            labels = []
            while ts.current.kind == TEXT:
                labels.append(ts.next().text)
            ts.expect(RBRACE, f"'}}' closing the strategy labels of player {i + 1}",
                      "strategy labels must be in double quotes")
            if not labels:
                raise ts.error(f"player {i + 1} ({players[i]!r}) has no strategies: every player needs at least one")
            strategies.append(labels)
    else:
        for i in range(n):
            tok = ts.current
            if tok.kind == RBRACE:
                raise ts.error(f"the strategy counts list {len(counts)} number(s) but the file names {n} "
                               "players: give one count per player")
            counts.append(ts.integer(f"the number of strategies of player {i + 1}", minimum=1))
    ts.expect(RBRACE, "'}' closing the strategy list",
              f"the file names {n} players, so the list must have exactly {n} entries")
    check_game_size(counts or [len(s) for s in strategies], source)      # before anything that size is built
    strategies += [[str(k + 1) for k in range(count)] for count in counts]

    comment = ts.next().text if ts.current.kind == TEXT else ""
    shape = tuple(len(s) for s in strategies)
    n_profiles = math.prod(shape)

    outcome_labels: tuple[str, ...] = ()
    if ts.current.kind == LBRACE:
        version = "outcome"
        outcomes, raw_labels = _read_outcomes(ts, players)
        outcome_labels = tuple(normalize_labels(raw_labels))
        table = np.empty((len(outcomes) + 1, n), dtype=object)      # row 0: the null outcome
        table[0] = 0
        for j, pays in enumerate(outcomes):
            table[j + 1] = pays
        index = np.empty(n_profiles, dtype=np.int64)
        toks, pos = ts.tokens, ts.pos
        for k in range(n_profiles):
            tok = toks[pos]
            if tok.kind == NUMBER and tok.text.isdigit() and int(tok.text) <= len(outcomes):
                index[k] = int(tok.text)
                pos += 1
                continue
            ts.pos = pos
            if tok.kind == EOF:
                raise ts.error(f"the file ends after {k} of {n_profiles} outcome numbers: the file is truncated or "
                               f"the strategy counts {list(shape)} are wrong")
            idx = ts.integer(f"outcome number for profile {k + 1}", minimum=0)
            raise ts.error(f"outcome number {idx} does not exist: the file defines {len(outcomes)} outcomes "
                           f"(1..{len(outcomes)}; 0 is the null outcome)", tok)
        ts.pos = pos
        flat = table[index]
    else:
        version = "payoff"
        needed = n_profiles * n
        start = ts.pos

        def describe(k: int) -> str:
            if ts.current.kind == EOF:
                got = sum(1 for t in ts.tokens[start:ts.pos] if t.kind == NUMBER)
                raise ts.error(f"the file ends after {got} of {needed} payoffs ({n_profiles} profiles x {n} "
                               f"players): the file is truncated or the strategy counts {list(shape)} are wrong")
            return f"payoff {k + 1} (player {k % n + 1} at profile {k // n + 1})"

        flat = np.empty(needed, dtype=object)
        flat[:] = ts.numbers(needed, describe)
        flat = flat.reshape(n_profiles, n)
    if ts.current.kind != EOF:
        raise ts.error(f"unexpected {ts.current.describe()} after the {n_profiles} profiles the strategy counts "
                       f"{list(shape)} call for: the file has too many entries or the counts are wrong")

    payoffs = np.empty((n, *shape), dtype=object)
    for i in range(n):
        payoffs[i] = flat[:, i].reshape(shape, order="F")
    game = Game(payoffs, players=normalize_labels(players), strategies=[normalize_labels(s) for s in strategies])
    return NfgFile(game, title, comment, version, outcome_labels)


def _read_outcomes(ts: TokenStream, players: list[str]) -> tuple[list[list[int | Fraction]], list[str]]:
    n = len(players)
    ts.expect(LBRACE, "'{' opening the outcome list")
    outcomes: list[list[int | Fraction]] = []
    labels: list[str] = []
    while ts.current.kind == LBRACE:
        ts.next()
        k = len(outcomes) + 1
        labels.append(ts.expect(TEXT, f"the label of outcome {k} in double quotes (\"\" for none)").text)
        def describe(i: int, k: int = k) -> str:
            if ts.current.kind == RBRACE:
                raise ts.error(f"outcome {k} has {i} payoff(s) but the game has {n} players: give one payoff each")
            return f"payoff of player {i + 1} in outcome {k}"

        pays = ts.numbers(n, describe)
        if ts.current.kind != RBRACE:
            raise ts.error(f"outcome {k} has more than {n} payoffs (found {ts.current.describe()}): the game has "
                           f"{n} players, give one payoff each")
        ts.next()
        outcomes.append(pays)
    ts.expect(RBRACE, "'}' closing the outcome list", "each outcome is written { \"label\" payoff1 payoff2 ... }")
    return outcomes, labels


def read_nfg(path: str | Path) -> Game:
    """The game in a ``.nfg`` file (payoff or outcome version)."""
    return read_nfg_file(path).game


def read_nfg_file(path: str | Path) -> NfgFile:
    """The game in a ``.nfg`` file with its title, comment and outcome labels."""
    from bargain.io.files import read_text

    p = Path(path)
    return parse_nfg(read_text(p), str(p))


def format_nfg(game: Game, title: str = "", comment: str = "", *, outcomes: bool = False) -> str:
    """The ``.nfg`` text of ``game``: payoff version, or with ``outcomes=True`` the outcome version.

    The outcome version lists each distinct payoff vector once (labelled by the first profile
    that has it) and refers to it by number; pygambit writes this version.  Exact games are
    written with rationals (``3/4``), float games with their shortest decimal form.
    """
    src = game.exact_payoffs if game.is_exact else game.payoffs
    n = game.n_players
    lines = [f"NFG 1 R {quote(title)} {{ {' '.join(quote(p) for p in game.players)} }}", ""]
    lines.append("{ " + "\n".join("{ " + " ".join(quote(s) for s in strats) + " }" for strats in game.strategies)
                 + "\n}")
    lines.append(quote(comment))
    lines.append("")
    # profiles in Gambit order: player 1's strategy changes fastest
    flat = np.stack([np.asarray(src[i]).reshape(-1, order="F") for i in range(n)], axis=1)
    if not outcomes:
        lines += [" ".join(format_gambit_number(x) for x in row) for row in flat]
        return "\n".join(lines) + "\n"
    index: dict[tuple[str, ...], int] = {}
    labels: list[str] = []
    order = []
    profiles = itertools.product(*(range(s) for s in reversed(game.shape)))
    for row, prof in zip(flat, profiles, strict=True):
        key = tuple(format_gambit_number(x) for x in row)
        if key not in index:
            index[key] = len(index) + 1
            labels.append(",".join(game.strategies[i][k] for i, k in enumerate(reversed(prof))))
        order.append(index[key])
    lines.append("{")
    lines += [f"{{ {quote(lab)} {', '.join(key)} }}" for lab, key in zip(labels, index, strict=True)]
    lines.append("}")
    lines.append(" ".join(str(k) for k in order))
    return "\n".join(lines) + "\n"


def write_nfg(game: Game, path: str | Path, title: str = "", comment: str = "", *, outcomes: bool = False) -> None:
    """Write ``game`` to a ``.nfg`` file atomically (see :func:`format_nfg`)."""
    from bargain.io.files import atomic_write

    if not isinstance(game, Game):
        raise GameError(f"only a normal-form Game can be written as .nfg, not {type(game).__name__}")
    atomic_write(path, format_nfg(game, title, comment, outcomes=outcomes))
