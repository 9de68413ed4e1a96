"""Bayesian games in the JSON format: type-dependent payoff tables, round trip, and bad files."""

from __future__ import annotations

import json
from fractions import Fraction as F  # noqa: N817

import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.errors import GameError
from bargain.io.bayesian_json import format_bayesian_game
from bargain.io.jsonfmt import parse_json_game

#: Entry against an incumbent whose cost is high (1/3) or low (2/3): building pays only when low.
DOC = {
    "format": "bargain.game", "version": 1, "type": "bayesian", "title": "Entry with a private cost",
    "players": ["Inc", "Ent"],
    "types": {"Inc": ["high", "low"]},
    "prior": {"Inc": {"high": "1/3", "low": "2/3"}},
    "actions": {"Inc": ["Build", "Stay"], "Ent": ["Enter", "Out"]},
    "payoffs": [
        {"types": ["high", "-"], "actions": ["Build", "Enter"], "payoffs": [0, -1]},
        {"types": ["high", "-"], "actions": ["Build", "Out"], "payoffs": [2, 0]},
        {"types": ["high", "-"], "actions": ["Stay", "Enter"], "payoffs": [2, 1]},
        {"types": ["high", "-"], "actions": ["Stay", "Out"], "payoffs": [3, 0]},
        {"types": {"Inc": "low"}, "actions": {"Inc": "Build", "Ent": "Enter"}, "payoffs": [3, -1]},
        {"types": ["low", "-"], "actions": ["Build", "Out"], "payoffs": [5, 0]},
        {"types": ["low", "-"], "actions": ["Stay", "Enter"], "payoffs": [2, 1]},
        {"types": ["low", "-"], "actions": ["Stay", "Out"], "payoffs": [3, 0]},
    ],
}


def _table_game() -> bg.BayesianGame:
    """The same game built in Python from a table keyed by (type profile, action profile)."""
    rows = {(tuple(e["types"]) if isinstance(e["types"], list) else (e["types"]["Inc"], "-"),
             tuple(e["actions"]) if isinstance(e["actions"], list) else (e["actions"]["Inc"], e["actions"]["Ent"])):
            tuple(e["payoffs"]) for e in DOC["payoffs"]}
    return bg.BayesianGame(types={"Inc": ["high", "low"], "Ent": ["-"]},
                           prior={"Inc": {"high": F(1, 3), "low": F(2, 3)}},
                           actions={"Inc": ["Build", "Stay"], "Ent": ["Enter", "Out"]}, payoffs=rows)


def test_reads_the_type_dependent_tables():
    g = parse_json_game(json.dumps(DOC), "entry.json").game
    assert isinstance(g, bg.BayesianGame) and g.is_exact
    assert g.marginal("Inc") == {"high": F(1, 3), "low": F(2, 3)}
    ref = _table_game()
    assert g.exact_leaf_payoffs.tolist() == ref.exact_leaf_payoffs.tolist()
    # Low builds (5 > 3 against Out, 3 > 2 against Enter), high stays (Build is dominated: 0 < 2, 2 < 3);
    # the entrant then expects 2/3 * (-1) + 1/3 * 1 < 0 and stays out.  By hand: the unique equilibrium.
    eqs = bg.solve(g)
    assert len(eqs) == 1
    by_type = g.strategy_by_type(eqs[0].behaviour)
    assert by_type["Inc"]["low"]["Build"] == 1 and by_type["Inc"]["high"]["Stay"] == 1
    assert by_type["Ent"]["-"]["Out"] == 1


def test_round_trip(tmp_path):
    g = _table_game()
    path = tmp_path / "entry.json"
    bg.write_game(g, path)
    back = bg.read_game(path)
    assert isinstance(back, bg.BayesianGame)
    assert back.prior == g.prior and back.types == g.types and back.type_actions == g.type_actions
    assert back.exact_leaf_payoffs.tolist() == g.exact_leaf_payoffs.tolist()
    assert format_bayesian_game(back) == path.read_text()
    assert bg.load_game(str(path)).prior == g.prior
    # a joint prior (list form) reads to the same game
    doc = json.loads(path.read_text())
    assert doc["prior"] == [{"types": ["high", "-"], "p": "1/3"}, {"types": ["low", "-"], "p": "2/3"}]


def test_cli_solves_a_bayesian_json_file(tmp_path):
    path = tmp_path / "entry.json"
    path.write_text(json.dumps(DOC))
    res = CliRunner().invoke(cli, ["solve", str(path), "--refine", "sequential", "--quiet"])
    assert res.exit_code == 0, res.output
    assert "1 sequential equilibrium" in res.stdout


def _bad(**change) -> str:
    doc = {**DOC, **change}
    return json.dumps({k: v for k, v in doc.items() if v is not None})


BAD = [
    (_bad(prior={"Inc": {"high": "1/3", "low": "1/3"}}), "sum to 2/3"),
    (_bad(prior={"Inc": {"hgh": "1/3", "low": "2/3"}}), "did you mean 'high'"),
    (_bad(prior={"Inc": {"high": "-1/3", "low": "4/3"}}), "non-negative"),
    (_bad(prior=[{"types": ["high", "-"], "p": "1/2"}]), "sums to 1/2"),
    (_bad(prior=[{"types": ["mid", "-"], "p": 1}]), "no type 'mid'"),
    (_bad(prior="uniform"), "\"prior\" must be"),
    (_bad(types={"Incumbent": ["high"]}), "unknown player 'Incumbent'"),
    (_bad(types={"Inc": []}), "non-empty list of distinct names"),
    (_bad(actions={"Inc": ["Build", "Stay"]}), "none given for 'Ent'"),
    (_bad(actions=None), "missing key 'actions'"),
    (_bad(payoffs=DOC["payoffs"][:-1]), "no entry for types ['low', '-'] and actions ['Stay', 'Out']"),
    (_bad(payoffs=DOC["payoffs"] + DOC["payoffs"][:1]), "repeats types"),
    (_bad(payoffs=[{**DOC["payoffs"][0], "payoffs": [0]}, *DOC["payoffs"][1:]]), "must list 2 numbers"),
    (_bad(payoffs=[{**DOC["payoffs"][0], "payoffs": [0, "x"]}, *DOC["payoffs"][1:]]), "not a number"),
    (_bad(payoffs=[{**DOC["payoffs"][0], "actions": ["Build", "Fight"]}, *DOC["payoffs"][1:]]), "no action 'Fight'"),
    (_bad(payoffs=[{**DOC["payoffs"][0], "action": ["Build", "Enter"]}, *DOC["payoffs"][1:]]), "exactly the keys"),
    (_bad(payoffs={"a": 1}), "must be a list"),
    (_bad(strategies=[["a"]]), "unknown key 'strategies'"),
    (_bad(version=2), "\"version\": 1"),
    (_bad(type="signalling"), "unsupported game type 'signalling'"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_bad_bayesian_files_give_one_line_errors(text, message, tmp_path):
    with pytest.raises(GameError) as info:
        parse_json_game(text, "bad.json")
    assert message in str(info.value) and "\n" not in str(info.value)
    path = tmp_path / "bad.json"
    path.write_text(text)
    res = CliRunner().invoke(cli, ["solve", str(path), "--quiet"])
    assert res.exit_code == 2 and "Traceback" not in res.output and res.output.count("\n") == 1
