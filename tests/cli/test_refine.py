"""``bargain solve TREE --refine ...``: Selten's horse from an .efg file (values worked out by hand)."""

from __future__ import annotations

import json

from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.model.extensive import Decision, Terminal


def _horse(tmp_path) -> str:
    t = bg.ExtensiveGame(
        Decision("1", {"C": Decision("2", {"c": Terminal(1, 1, 1),
                                           "d": Decision("3", {"L": Terminal(4, 4, 0), "R": Terminal(1, 1, 1)},
                                                         infoset="I3")}),
                       "D": Decision("3", {"L": Terminal(3, 3, 2), "R": Terminal(0, 0, 0)}, infoset="I3")}),
        players=("1", "2", "3"), title="horse")
    path = tmp_path / "horse.efg"
    bg.write_game(t, path)
    return str(path)


def test_refine_sequential_table_and_json(tmp_path):
    path = _horse(tmp_path)
    res = CliRunner().invoke(cli, ["solve", path, "--refine", "sequential", "--quiet"])
    assert res.exit_code == 0, res.output
    assert "3 sequential equilibria" in res.stdout and "no admissible belief makes c" in res.stdout
    res = CliRunner().invoke(cli, ["solve", path, "--refine", "sequential", "--format", "json", "--quiet"])
    data = json.loads(res.stdout)
    assert len(data["equilibria"]) == 3 and len(data["rejected"]) == 3
    pure = [e for e in data["equilibria"] if e["belief_sets"].get("I3")]
    assert [[v["D"] for v in e["belief_sets"]["I3"]] for e in pure] == [["0", "1/3"]]


def test_refine_intuitive_on_a_plain_tree_is_one_line_error(tmp_path):
    res = CliRunner().invoke(cli, ["solve", _horse(tmp_path), "--refine", "intuitive", "--quiet"])
    assert res.exit_code == 2 and "applies to signalling games" in res.output


def test_refine_perfect_and_quasi_perfect(tmp_path):
    res = CliRunner().invoke(cli, ["solve", _horse(tmp_path), "--refine", "perfect", "--quiet", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["refinement"] == "perfect" and len(data["equilibria"]) == 1
    assert data["equilibria"][0]["behaviour"]["2@C"]["probabilities"] == {"c": "0", "d": "1"}
    assert all(not r["satisfied"] for r in data["rejected"])
    res = CliRunner().invoke(cli, ["solve", _horse(tmp_path), "--refine", "quasi-perfect", "--quiet"])
    assert res.exit_code == 2 and "two-player trees" in res.output and "Traceback" not in res.output
