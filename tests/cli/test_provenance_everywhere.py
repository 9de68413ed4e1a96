"""Every JSON result carries the provenance record, and ``solve --from`` reproduces the tree, refined and
symbolic solves as well as the plain one.

The record is checked against outside facts: the SHA-256 of the game file computed here with hashlib,
the parameter list of the game as written in the fixture, and the installed package's version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.model.extensive import Decision, Terminal

GAME = '''
from bargain.model.parameters import Model, Parameter

parameters = [Parameter("theta", 1, (0, 3)), Parameter("bonus", 1, (0, 2))]


def payoffs(p):
    return {("Up", "Left"): (p.theta - 2, p.bonus), ("Up", "Right"): (0, 0),
            ("Down", "Left"): (0, p.bonus), ("Down", "Right"): (0, 0)}


model = Model("small", parameters, payoffs, players=("Row", "Column"),
              strategies=(("Up", "Down"), ("Left", "Right")))
'''


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    model = tmp_path / "small.py"
    model.write_text(GAME)
    # the entry game: Entrant stays Out (0, 2) or goes In; the Incumbent Fights (-1, -1) or Accommodates (1, 1)
    entry = bg.ExtensiveGame(Decision("Entrant", {"Out": Terminal(0, 2),
                                                  "In": Decision("Incumbent", {"Fight": Terminal(-1, -1),
                                                                               "Accommodate": Terminal(1, 1)})}),
                             players=("Entrant", "Incumbent"), title="entry")
    tree = tmp_path / "entry.efg"
    bg.write_game(entry, tree)
    return {"model": model, "tree": tree}


def run(*args: object) -> dict:
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["-q", "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def check(data: dict, command: str, path: Path, parameters: set[str]) -> dict:
    prov = data["provenance"]
    assert prov["format"] == "bargain.provenance" and prov["command"] == command and prov["bargain"] == bg.__version__
    assert prov["game"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert prov["game"]["file"] == str(path.resolve())
    assert set(prov["values"]) == parameters and set(data["values"]) == parameters
    assert prov["method"] and "seed" in prov["options"]
    return prov


def test_every_command_records_its_provenance(files):
    model, tree, both = files["model"], files["tree"], {"theta", "bonus"}
    cases = [
        (["solve", tree, "-m", "seqform-enum"], "solve", tree, set()),
        (["solve", tree, "--spe"], "solve --spe", tree, set()),
        (["solve", tree, "--refine", "sequential"], "solve --refine", tree, set()),
        (["solve", model, "--symbolic"], "solve --symbolic", model, both),
        (["thresholds", model, "--symbolic"], "thresholds --symbolic", model, both),
        (["thresholds", model, "-p", "theta", "-n", "21"], "thresholds", model, both),
        (["tornado", model, "-n", "5"], "tornado", model, both),
        (["stability", model], "stability", model, both),
        (["bargain", model, "--disagreement", "-1,-1"], "bargain", model, both),
        (["repeated", model, "--set", "theta=3"], "repeated", model, both),
    ]
    for args, command, path, params in cases:
        prov = check(run(*args), command, path, params)
        if params:
            assert prov["values"]["bonus"] == 1
    assert run("repeated", model, "--set", "theta=5/2")["provenance"]["values"]["theta"] == "5/2"


@pytest.mark.parametrize("args", [["tree", "-m", "seqform-enum"], ["tree", "--spe"],
                                  ["tree", "--refine", "sequential"], ["model", "--symbolic", "--set", "bonus=1/2"]])
def test_solve_from_reproduces_tree_refined_and_symbolic_results(files, tmp_path, args):
    first = run("solve", files[args[0]], *args[1:])
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(first))
    again = run("solve", "--from", saved)
    first.pop("seconds", None), again.pop("seconds", None)          # the symbolic engine's wall time
    assert again == first
    if args[0] == "tree" and args[1] == "-m":                       # the entry game's two Nash equilibria
        assert len(first["equilibria"]) >= 2
    if "--symbolic" in args:
        assert first["provenance"]["set"] == ["bonus"] and first["provenance"]["values"]["bonus"] == "1/2"
