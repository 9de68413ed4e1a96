"""The JSON game format: round trips, the schema, exactness and every malformed input."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.io.jsonfmt import format_json_game, parse_json_game, read_json_game, schema, write_json_game


@pytest.fixture
def jsonschema():
    """jsonschema validates our files against the published schema (only these checks skip without it)."""
    return pytest.importorskip("jsonschema")

PD = {
    "format": "bargain.game", "version": 1, "title": "Prisoner's Dilemma",
    "players": ["Row", "Col"], "strategies": [["C", "D"], ["C", "D"]],
    "payoffs": [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
}


def test_reads_the_documented_example(jsonschema):
    j = parse_json_game(json.dumps(PD))
    assert j.title == "Prisoner's Dilemma"
    assert j.game == bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
                                           strategies=(("C", "D"), ("C", "D")))
    assert j.game.is_exact
    jsonschema.validate(PD, schema())


def test_decimals_are_exact_by_default_and_float_on_request(jsonschema):
    doc = {**PD, "payoffs": [[[0.1, "1/3"], [5, 1]], [[3, 5], [0, "-2.5e-1"]]]}
    g = parse_json_game(json.dumps(doc)).game
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 10)
    assert g.exact_payoffs[0, 0, 1] == Fraction(1, 3)
    assert g.exact_payoffs[1, 1, 1] == Fraction(-1, 4)
    flt = parse_json_game(json.dumps({**doc, "arithmetic": "float"})).game
    assert not flt.is_exact and flt.payoffs[0, 0, 0] == 0.1
    jsonschema.validate(doc, schema())


@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (2, 2, 3), (1, 2, 2, 2)])
def test_round_trip_and_schema(shape, tmp_path, jsonschema):
    rng = np.random.default_rng(3)
    n = len(shape)
    exact = np.empty((n, *shape), dtype=object)
    for idx in np.ndindex(*exact.shape):
        exact[idx] = Fraction(int(rng.integers(-9, 10)), int(rng.integers(1, 5)))
    for g in (bg.Game(exact, players=[f'P "{i}" é' for i in range(n)]), bg.Game(rng.normal(size=(n, *shape)))):
        text = format_json_game(g, title="t", description="d")
        jsonschema.validate(json.loads(text), schema())
        back = parse_json_game(text)
        assert back.game == g and back.game.is_exact == g.is_exact
        assert back.game.players == g.players and back.game.strategies == g.strategies
        assert (back.title, back.description) == ("t", "d")
        path = tmp_path / "g.json"
        write_json_game(g, path)
        assert read_json_game(path).game == g


BAD = [
    ("[1, 2]", "must be a JSON object"),
    ("{", "not valid JSON"),
    (json.dumps({**PD, "payofs": 1}), "unknown key 'payofs' (did you mean 'payoffs'"),
    (json.dumps({**PD, "format": "x"}), "\"format\" must be 'bargain.game'"),
    (json.dumps({**PD, "version": 2}), "unsupported version 2"),
    (json.dumps({**PD, "type": "extensive"}), "unsupported game type"),
    (json.dumps({**PD, "arithmetic": "fuzzy"}), "\"arithmetic\" must be"),
    (json.dumps({k: v for k, v in PD.items() if k != "payoffs"}), "missing key 'payoffs'"),
    (json.dumps({**PD, "players": []}), "non-empty list of names"),
    (json.dumps({**PD, "strategies": [["C", "D"]]}), "list of 2 non-empty lists"),
    (json.dumps({**PD, "payoffs": [[[3, 0], [5, 1]]]}), "payoffs has 1 entries but there are 2 players"),
    (json.dumps({**PD, "payoffs": [[[3, 0], [5]], [[3, 5], [0, 1]]]}), "payoffs[0][1] has 1 entries"),
    (json.dumps({**PD, "payoffs": [[[3, "x"], [5, 1]], [[3, 5], [0, 1]]]}), "payoffs[0][0][1] is the string 'x'"),
    (json.dumps({**PD, "payoffs": [[[3, None], [5, 1]], [[3, 5], [0, 1]]]}), "is null, not a number"),
    (json.dumps({**PD, "payoffs": [[[3, True], [5, 1]], [[3, 5], [0, 1]]]}), "is true, not a number"),
    (json.dumps({**PD, "payoffs": [[3, [5, 1]], [[3, 5], [0, 1]]]}), "payoffs[0][0] should be a list"),
    ('{"format": "bargain.game", "version": 1, "players": ["a"], "strategies": [["x"]], "payoffs": [[NaN]]}',
     "NaN is not allowed"),
    (json.dumps({**PD, "title": 3}), "'title' must be a string"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_malformed(text, message):
    with pytest.raises(GameError) as info:
        parse_json_game(text, "bad.json")
    assert message in str(info.value)


def test_schema_rejects_what_the_reader_rejects(jsonschema):
    for doc in ({**PD, "payofs": 1}, {**PD, "version": 2}, {**PD, "payoffs": [[[3, "x"], [5, 1]], [[3, 5], [0, 1]]]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema())


def test_reading_never_executes_code(tmp_path):
    marker = tmp_path / "pwned"
    doc = {**PD, "title": f"__import__('os').system('touch {marker}')"}
    g = parse_json_game(json.dumps(doc))
    assert g.title.startswith("__import__") and not marker.exists()
