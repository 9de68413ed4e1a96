"""The JSON Schemas of Bayesian game files and of refined equilibria: what the tool writes validates,
and documents that break the rules do not (so the schemas are not vacuous)."""

from __future__ import annotations

import copy
import json
from fractions import Fraction as F  # noqa: N817

import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.io.assessments import refine_schema
from bargain.io.bayesian_json import format_bayesian_game
from bargain.io.jsonfmt import parse_json_game, schema
from bargain.solvers.sequential.selection import refinement_table
from tests.io.test_bayesian_json import DOC
from tests.solvers.sequential.test_assessment import horse
from tests.solvers.sequential.test_signalling import beer_quiche, spence

jsonschema = pytest.importorskip("jsonschema")


def _validate(doc, which=None) -> None:
    jsonschema.Draft202012Validator(which or refine_schema()).validate(doc)


def _cli_json(*args: str) -> dict:
    res = CliRunner().invoke(cli, ["solve", *args, "--format", "json", "--quiet"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_the_schemas_are_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(refine_schema())
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("refine", ["sequential", "pbe", "perfect"])
def test_refine_output_on_a_tree_validates(refine, tmp_path):
    path = tmp_path / "horse.efg"
    bg.write_game(horse(), path)
    data = _cli_json(str(path), "--refine", refine)
    _validate(data)
    assert data["refinement"] == refine and data["equilibria"]


def test_quasi_perfect_output_on_beer_quiche_validates(tmp_path):
    path = tmp_path / "bq.efg"
    bg.write_game(beer_quiche(), path)
    data = _cli_json(str(path), "--refine", "quasi-perfect")
    _validate(data)
    assert data["equilibria"] and all(e["satisfied"] for e in data["equilibria"])


def test_refine_output_on_a_bayesian_json_game_validates(tmp_path):
    path = tmp_path / "entry.json"
    path.write_text(json.dumps(DOC))
    data = _cli_json(str(path), "--refine", "sequential")
    _validate(data)
    assert len(data["equilibria"]) == 1


@pytest.mark.parametrize("refine", ["intuitive", "d1"])
def test_signalling_criteria_output_validates(refine):
    data = _cli_json("will_or_capacity", "--refine", refine)
    _validate(data)
    assert data["equilibria"] and all(refine in e for e in data["equilibria"])


def test_python_results_validate_exact_and_float():
    _validate(bg.solve_signalling(spence()).to_dict())                       # exact strings
    _validate(bg.solve_signalling(beer_quiche()).to_dict())
    _validate(bg.sequential_equilibria(horse(), None).to_dict())
    table = refinement_table(beer_quiche())
    _validate(table.to_dict())
    assert sum(r["meets"]["qre-limit"] for r in table.to_dict()["equilibria"]) == 1


def test_schema_rejects_broken_refine_documents(tmp_path):
    good = bg.sequential_equilibria(horse()).to_dict()
    _validate(good)
    bad = []
    d = copy.deepcopy(good)
    d["equilibria"][0]["satisfied"] = "yes"                                     # not a boolean
    bad.append(d)
    d = copy.deepcopy(good)
    d["equilibria"][0]["beliefs"]["I3"]["D"] = "one third"                      # not a number
    bad.append(d)
    d = copy.deepcopy(good)
    d["equilibria"][0]["extra"] = 1                                             # unknown key
    bad.append(d)
    d = copy.deepcopy(good)
    del d["rejected"]                                                           # missing key
    bad.append(d)
    d = copy.deepcopy(good)
    d["refinement"] = "proper"                                                  # unknown refinement
    bad.append(d)
    t = refinement_table(beer_quiche()).to_dict()
    t["equilibria"][0]["meets"]["proper"] = True                                # unknown refinement column
    bad.append(t)
    for doc in bad:
        with pytest.raises(jsonschema.ValidationError):
            _validate(doc)


def test_bayesian_game_files_validate_against_the_game_schema():
    jsonschema.validate(DOC, schema())
    written = json.loads(format_bayesian_game(parse_json_game(json.dumps(DOC), "entry.json").game))
    jsonschema.validate(written, schema())                                     # the joint prior as a list
    typed = bg.BayesianGame(types={"A": ["x", "y"], "B": ["-"]}, prior={"A": {"x": F(1, 4), "y": F(3, 4)}},
                            actions={"A": ["u", "d"], "B": ["l", "r"]},
                            payoffs=lambda t, a: (int(a["A"] == "u") + int(t["A"] == "x"), int(a["B"] == "l")))
    jsonschema.validate(json.loads(format_bayesian_game(typed)), schema())
    for broken in ({**DOC, "strategies": [["a"]]},                              # a normal-form key
                   {**DOC, "prior": {"Inc": {"high": "a third"}}},
                   {**DOC, "payoffs": [{"types": ["high", "-"], "actions": ["Build", "Enter"]}]},
                   {k: v for k, v in DOC.items() if k != "actions"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema())
        with pytest.raises(bg.GameError):                                      # and the reader agrees
            parse_json_game(json.dumps(broken), "bad.json")


def test_refine_qre_limit_cli_table_and_json(tmp_path):
    path = tmp_path / "bq.efg"
    bg.write_game(beer_quiche(), path)
    res = CliRunner().invoke(cli, ["solve", str(path), "--refine", "qre-limit", "--quiet"])
    assert res.exit_code == 0, res.output
    assert "qre-limit" in res.stdout and "limit of the agent logit QRE" in res.stdout
    data = _cli_json(str(path), "--refine", "qre-limit")
    _validate(data)
    picked = [e for e in data["equilibria"] if e["meets"]["qre-limit"]]
    assert len(picked) == 1                            # pooling on beer, the quiche eater believed weak
    assert picked[0]["behaviour"]["Sender:weak"]["probabilities"] == {"beer": "1", "quiche": "0"}
    assert picked[0]["beliefs"]["Receiver:quiche"] == {"weak/quiche": "1", "strong/quiche": "0"}
    assert data["selected"]["converged"] and data["game"] == str(path)


def test_refine_qre_limit_on_a_normal_form_game_is_one_line(tmp_path):
    path = tmp_path / "mp.nfg"
    bg.write_game(bg.Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]), path)
    res = CliRunner().invoke(cli, ["solve", str(path), "--refine", "qre-limit", "--quiet"])
    assert res.exit_code == 2 and "needs a game tree" in res.output and "Traceback" not in res.output
