"""Issue items 8, 9, 12-15 below the command line: numbers beyond range, huge exponents and sizes, a BOM
on standard input, complex payoffs, exact bounds, and ``solve()`` arguments.

Each hostile input must give one :class:`GameError` quickly (the CLI turns it into one line and exit
2), never an OverflowError, MemoryError, RecursionError, a numpy error or a hang.
"""

from __future__ import annotations

import io
import json
import time
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain import GameError
from bargain.io.jsonfmt import parse_json_game
from bargain.io.nfg import parse_nfg
from bargain.io.sources import open_source, parse_assignments, parse_value
from bargain.model.numbers import MAX_EXPONENT, parse_exact
from bargain.model.scale import MAX_PAYOFF_ENTRIES, MAX_PLAYERS, check_game_size


def _nfg(payoffs: str, counts: str = "2 2", players: str = '"A" "B"') -> str:
    return f'NFG 1 R "t" {{ {players} }} {{ {counts} }} ""\n{payoffs}\n'


def _json(payoff: str, depth_players: int = 1) -> str:
    return ('{"format": "bargain.game", "version": 1, "players": ["A"], "strategies": [["a", "b"]], '
            f'"payoffs": [[{payoff}, 1]]}}')


# ------------------------------------------------------------------ item 14: exponents and digits
@pytest.mark.parametrize("text", ["1e99999999", "-7.5e-99999999", "1e1001", "3e+0000000000000000000000099999"])
def test_huge_exponents_are_refused_at_once(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(GameError, match="exponent beyond"):
        parse_exact(text)
    for read in (lambda: parse_nfg(_nfg(f"{text} 0 0 0 0 0 0 0")),
                 lambda: parse_json_game(_json(text)),
                 lambda: parse_json_game(_json(json.dumps(text))),
                 lambda: parse_value(text, "--set x")):
        with pytest.raises(GameError):
            read()
    assert time.perf_counter() - start < 2.0


def test_bounded_numbers_are_still_exact() -> None:
    assert parse_exact("0.1") == Fraction(1, 10)
    assert parse_exact("-2.5e-3") == Fraction(-1, 400)
    assert parse_exact(f"1e{MAX_EXPONENT}") == 10 ** MAX_EXPONENT
    assert parse_exact("3/4") == Fraction(3, 4) and parse_exact("8/4") == 2
    assert parse_exact("0e99999999") == 0           # zero whatever the exponent
    assert isinstance(parse_exact("12"), int)
    with pytest.raises(GameError, match="divides by zero"):
        parse_exact("1/0")
    with pytest.raises(GameError, match="more than"):
        parse_exact("1" * 1001)


# ------------------------------------------------------------------ item 8: beyond the float range
@pytest.mark.parametrize("text", ["1e309", "-1e309", "9" * 400, "1" * 400 + "/3"])
def test_numbers_beyond_float_range_are_one_clear_error(text: str) -> None:
    with pytest.raises(GameError, match="floating-point range"):
        parse_nfg(_nfg(f"{text} 0 0 0 0 0 0 0"))
    with pytest.raises(GameError, match="floating-point range"):
        parse_json_game(_json(json.dumps(text)))
    if "/" not in text:
        with pytest.raises(GameError, match="floating-point range"):
            parse_json_game(_json(text))
    with pytest.raises(GameError, match="floating-point range"):
        parse_value(text, "--set x")
    with pytest.raises(GameError, match="floating-point range"):
        bg.Game(np.array([[[parse_exact(text), 0]], [[0, 0]]], dtype=object))


def test_set_and_range_values_beyond_float_range() -> None:
    with pytest.raises(GameError, match=r"--set 'refugee_risk=1e309'.*floating-point range"):
        parse_assignments(["refugee_risk=1e309"])
    model = bg.load_game("buffer_state")
    with pytest.raises(GameError, match="floating-point range"):
        model.game(refugee_risk=10 ** 400)


def test_json_5000_digit_integer_and_deep_nesting() -> None:
    with pytest.raises(GameError, match="digits"):
        parse_json_game(_json("9" * 5000))
    with pytest.raises(GameError, match="nested too deeply"):
        parse_json_game("[" * 100_000)


# ------------------------------------------------------------------ items 9 and 15: sizes
@pytest.mark.parametrize("players", [25, 33, 40, 63, 64, 70])
def test_many_players_refused_before_allocation(players: int) -> None:
    names = " ".join(f'"P{k}"' for k in range(players))
    counts = " ".join(["2"] * players)
    start = time.perf_counter()
    with pytest.raises(GameError, match=r"MAX_PLAYERS|MAX_PAYOFF_ENTRIES") as info:
        parse_nfg(_nfg("0", counts=counts, players=names))
    assert time.perf_counter() - start < 1.0
    assert " 0 profiles" not in str(info.value)


@pytest.mark.parametrize("counts", ["999999999999", "100000 100000", "3000 3000"])
def test_huge_strategy_counts_refused_before_allocation(counts: str) -> None:
    n = len(counts.split())
    names = " ".join(f'"P{k}"' for k in range(n))
    start = time.perf_counter()
    with pytest.raises(GameError, match=r"too large.*MAX_PAYOFF_ENTRIES"):
        parse_nfg(_nfg("0", counts=counts, players=names))
    assert time.perf_counter() - start < 1.0


def test_size_check_is_exact_arithmetic() -> None:
    check_game_size([2] * 16)                                     # 16 x 2^16 = 1,048,576 payoffs
    with pytest.raises(GameError, match=r"262,144 profiles \(2 x 2 x 2 x 2 x \.\.\.\) x 18 players = 4,718,592"):
        check_game_size([2] * 18)
    with pytest.raises(GameError, match="MAX_PLAYERS"):
        check_game_size([1] * (MAX_PLAYERS + 1))
    with pytest.raises(GameError, match="about 10\\^"):
        check_game_size([10 ** 30, 10 ** 30])
    assert MAX_PAYOFF_ENTRIES >= 200 * 200 * 2                    # a 200x200 game is readable


def test_game_refuses_too_many_dimensions() -> None:
    with pytest.raises(GameError, match="MAX_PLAYERS"):
        bg.Game(np.zeros((40,) + (1,) * 40))


# ------------------------------------------------------------------ item 12: Python API
def test_complex_payoffs_are_refused() -> None:
    with pytest.raises(GameError, match="complex"):
        bg.Game(np.array([[[1 + 2j, 0]], [[0, 0]]]))
    with pytest.raises(GameError, match="complex"):
        bg.Game.from_matrices([[1, 2j]], [[0, 0]])
    with pytest.raises(GameError, match="complex"):
        bg.Game(np.array([[[1j, 0]], [[0, 0]]], dtype=object))


def test_solve_method_and_tol_arguments() -> None:
    g = bg.Game.from_matrices([[1, -1], [-1, 1]])
    with pytest.raises(GameError, match="method must be a name"):
        bg.solve(g, method=None)  # type: ignore[arg-type]
    for bad in (-1, 0, float("nan"), float("inf"), "1e-9", True):
        with pytest.raises(GameError, match="tol must be a positive finite number"):
            bg.solve(g, tol=bad)  # type: ignore[arg-type]
    assert len(bg.solve(g, tol=1e-6)) == 1


@pytest.mark.parametrize("value", ["1.00000000000000001", "-1e-400", "1+1/10**30"])
def test_exact_values_cannot_slip_past_bounds(value: str) -> None:
    model = bg.load_game("buffer_state")
    assert model.parameters["refugee_risk"].bounds == (0.0, 1.0)
    x = 1 + Fraction(1, 10 ** 30) if "**" in value else parse_value(value, "--set refugee_risk")
    with pytest.raises(GameError, match="outside its bounds"):
        model.game(exact=True, refugee_risk=x)
    with pytest.raises(GameError, match="outside its bounds"):
        model.game(refugee_risk=x)
    assert model.game(exact=True, refugee_risk=Fraction(1, 10)).is_exact     # a bound of 0.1 means 1/10 exactly


# ------------------------------------------------------------------ item 13: BOM on standard input
def test_bom_on_stdin_is_read_like_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    text = _nfg("1 1 0 0 0 0 1 1")
    path = tmp_path / "bom.nfg"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    from_file = open_source(str(path)).normal_form()

    class Stdin:
        buffer = io.BytesIO(b"\xef\xbb\xbf" + text.encode())

    monkeypatch.setattr("sys.stdin", Stdin())
    from_stdin = open_source("-").normal_form()
    assert np.array_equal(from_file.payoffs, from_stdin.payoffs)


def test_binary_stdin_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"NFG 1 R \xff\xfe")

    monkeypatch.setattr("sys.stdin", Stdin())
    with pytest.raises(GameError, match="not UTF-8"):
        open_source("-")
