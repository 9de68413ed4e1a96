"""Mutation fuzzers over every reader: ``.nfg``, ``.efg``, JSON game files and ``--set`` values.

Each example mutates a valid seed (deletes, duplicates or inserts spans, swaps a number for a
hostile one such as ``1e99999999`` or a 400-digit integer, splices in braces, quotes, a byte-order
mark or a terminal escape) and runs ``bargain solve`` on it, from a file or from standard input,
sometimes with ``--output`` onto an existing file.  See :mod:`harness` for what every outcome must
satisfy (issue 14: exit 0 with verified equilibria, or one line and exit 2; no traceback, no hang,
no file touched on failure).
"""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from harness import FUZZ_SETTINGS, assert_verified, check_outcome, run, untouched

NFG_PAYOFF = 'NFG 1 R "Bach or Stravinsky" { "Her" "Him" } { 2 2 }\n""\n2 1 0 0 0 0 1 2\n'
NFG_OUTCOME = ('NFG 1 R "three" { "A" "B" "C" } { { "a1" "a2" } { "b1" "b2" } { "c1" "c2" } }\n""\n'
               '{ { "o1" 1, 0, 2 } { "o2" 0, 3, 1/2 } { "o3" 2.5 1 0 } }\n1 2 3 0 2 1 3 3\n')
NFG_3X3 = 'NFG 1 R "rps" { "R" "C" } { 3 3 } ""\n0 0 -1 1 1 -1 1 -1 0 0 -1 1 -1 1 1 -1 0 0\n'
EFG = ('EFG 2 R "entry" { "Entrant" "Incumbent" }\n""\n'
       'p "" 1 1 "enter?" { "In" "Out" } 0\n'
       'p "" 2 1 "fight?" { "Fight" "Accommodate" } 0\n'
       't "" 1 "ff" { -1, -1 }\n'
       't "" 2 "aa" { 1, 1 }\n'
       't "" 3 "out" { 0, 2 }\n')
EFG_CHANCE = ('EFG 2 R "chance" { "P" "Q" } ""\n'
              'c "" 1 "nature" { "G" 1/3 "B" 2/3 } 0\n'
              'p "" 1 1 "i" { "H" "L" } 0\nt "" 1 "" { 1 0 }\nt "" 2 "" { 0 1 }\n'
              'p "" 2 1 "j" { "h" "l" } 0\nt "" 3 "" { 2 0 }\nt "" 4 "" { 0 2 }\n')
JSON = ('{"format": "bargain.game", "version": 1, "title": "pd", "players": ["Row", "Col"],\n'
        ' "strategies": [["C", "D"], ["C", "D"]],\n'
        ' "payoffs": [[[3, 0], [5, 1]], [[3, 5], [0, "1/2"]]]}\n')
JSON_FLOAT = ('{"format": "bargain.game", "version": 1, "arithmetic": "float", "players": ["A", "B", "C"],\n'
              ' "strategies": [["x", "y"], ["x", "y"], ["x", "y"]],\n'
              ' "payoffs": [[[[1, 0], [0, 2]], [[0, 1.5], [1, 0]]], [[[0, 1], [1, 0]], [[2, 0], [0, 1]]],'
              ' [[[1, 1], [0, 0]], [[0, 0.25], [1, 0]]]]}\n')

HOSTILE_NUMBERS = ["1e99999999", "-1e99999999", "1e309", "-1e309", "9" * 400, "1e-400", "0/0", "1/0",
                   "999999999999", "1e308", "-1.7e308", "0.1", "3/4", "-0", "1_000", "٣", "NaN", "inf", "+1e+5",
                   "1" * 5000, "2e-99999999", ".5", "5.", "1e", "--1", "0x10"]
SPLICES = ["{", "}", "[", "]", '"', "\\", ",", "\ufeff", "\x00", "\x1b]0;owned\x07", "\n\\input{/etc/passwd}\n",
           "{ 999999999999 }", "{ 100000 100000 }", " " + '"P" ' * 40, "[" * 3000, '"\\"', "\r\n", "é", "\ud7ff",
           "0 " * 50, "}" * 5, "t \"\" 0", "p \"\" 1 1", "c \"\" 1 \"n\" { \"a\" 1/2 \"b\" 1/2 } 0"]
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["number", "number", "splice", "delete", "duplicate", "truncate"]))
        if op == "number" and _NUMBER.search(text):
            spans = [m.span() for m in _NUMBER.finditer(text)]
            a, b = draw(st.sampled_from(spans))
            new = draw(st.one_of(st.sampled_from(HOSTILE_NUMBERS),
                                 st.integers(-10**6, 10**6).map(str),
                                 st.fractions(max_denominator=1000).map(str),
                                 st.floats(allow_nan=False, allow_infinity=False).map(repr)))
            text = text[:a] + new + text[b:]
        elif op == "splice":
            k = draw(st.integers(0, len(text)))
            text = text[:k] + draw(st.sampled_from(SPLICES)) + text[k:]
        elif op == "delete" and text:
            a = draw(st.integers(0, len(text) - 1))
            text = text[:a] + text[a + draw(st.integers(1, 12)):]
        elif op == "duplicate" and text:
            a = draw(st.integers(0, len(text) - 1))
            b = min(len(text), a + draw(st.integers(1, 30)))
            text = text[:b] + text[a:b] + text[b:]
        elif op == "truncate":
            text = text[:draw(st.integers(0, len(text)))]
    return text


def _fuzz_file(tmp_path: Path, text: str, suffix: str, how: str, stability: bool) -> None:
    out = tmp_path / "out" / "result.json"
    out.parent.mkdir(exist_ok=True)
    sentinel = b"previous results, must survive a failure\n"
    out.write_bytes(sentinel)
    args = ["solve", "--format", "json", "--output", str(out)]
    if not stability:
        args.append("--no-stability")
    data = text.encode("utf-8", "surrogatepass")
    if how == "stdin":
        result = run([*args, "-"], stdin=data)
    else:
        game_file = tmp_path / f"game{suffix}"
        game_file.write_bytes(data)
        result = run([*args, str(game_file)])
    report = check_outcome(result, f"{how} {text!r}")
    if result.exit_code == 2:
        untouched(out, sentinel)
        return
    import json

    report = json.loads(out.read_text())
    from bargain.io.sources import open_text

    game = open_text(text.encode("utf-8", "surrogatepass").decode("utf-8-sig", "replace")).normal_form()
    assert_verified(np.asarray(game.payoffs, dtype=float), report, f"{how} {text!r}")


@FUZZ_SETTINGS
@given(text=mutated([NFG_PAYOFF, NFG_OUTCOME, NFG_3X3]), how=st.sampled_from(["file", "stdin"]),
       stability=st.booleans())
def test_fuzz_nfg(tmp_path_factory, text: str, how: str, stability: bool) -> None:
    _fuzz_file(tmp_path_factory.mktemp("nfg"), text, ".nfg", how, stability)


@FUZZ_SETTINGS
@given(text=mutated([EFG, EFG_CHANCE]), how=st.sampled_from(["file", "stdin"]), stability=st.booleans())
def test_fuzz_efg(tmp_path_factory, text: str, how: str, stability: bool) -> None:
    _fuzz_file(tmp_path_factory.mktemp("efg"), text, ".efg", how, stability)


@FUZZ_SETTINGS
@given(text=mutated([JSON, JSON_FLOAT]), how=st.sampled_from(["file", "stdin"]), stability=st.booleans())
def test_fuzz_json(tmp_path_factory, text: str, how: str, stability: bool) -> None:
    _fuzz_file(tmp_path_factory.mktemp("json"), text, ".json", how, stability)


SET_VALUES = st.one_of(
    st.sampled_from([*HOSTILE_NUMBERS, "1.00000000000000001", "-1e-400", "0.5", "1/3", "", "=", " 0.3 ", "1e-3"]),
    st.fractions(min_value=-2, max_value=2, max_denominator=10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12),
    st.from_regex(r"[-+]?\d{1,30}(\.\d{0,30})?([eE][-+]?\d{1,12})?", fullmatch=True),
)


@FUZZ_SETTINGS
@given(name=st.sampled_from(["refugee_risk", "lifeline_value", "squeeze_intensity", "refugee_rsk", "", "x y"]),
       value=SET_VALUES, exact=st.booleans())
def test_fuzz_set_values(name: str, value: str, exact: bool) -> None:
    args = ["solve", "buffer_state", "--set", f"{name}={value}", "--format", "json", "--no-stability"]
    if exact:
        args.append("--exact")
    result = run(args)
    report = check_outcome(result, f"--set {name}={value!r}")
    if result.exit_code == 0:
        import bargain as bg
        from bargain.io.sources import parse_value
        from bargain.model.numbers import to_fraction

        x = parse_value(value, "fuzz")
        model = bg.load_game("buffer_state")
        prm = model.parameters[name]
        assert to_fraction(prm.low) <= Fraction(x) <= to_fraction(prm.high), f"{value!r} passed {prm.bounds}"
        assert_verified(model.payoffs(**{name: float(x)}), report, f"--set {name}={value!r}")
