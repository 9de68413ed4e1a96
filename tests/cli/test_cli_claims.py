"""`bargain show` prints a game's model card; `bargain claims` checks the article's claims."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from bargain.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_show_prints_the_model_card():
    res = _run("show", "sequential_crisis")
    assert res.exit_code == 0
    for words in ("Model card", "Timing", "Who pays what, and when", "What the model leaves out",
                  "after every stance"):
        assert words in res.output
    data = json.loads(_run("show", "buffer_state", "-f", "json").output)
    assert "Model card" in data["card"] and "leaves out" in data["card"]


def test_claims_in_every_format():
    args = ("claims", "russia_channel", "--samples", "200", "-p", "china_enforcement", "-n", "21", "-q")
    table = _run(*args)
    assert table.exit_code == 0
    assert "full_enforcement_works" in table.output and "subgame perfect" in table.output
    data = json.loads(_run(*args, "-f", "json").output)
    first = data["claims"][0]
    assert first["id"] == "full_enforcement_works" and first["at_defaults"] is True
    assert 0 <= first["robustness"] <= 1 and first["samples"] == 200
    # North Korea freezes against full Chinese enforcement while China's cut stays above D / L = 1/3
    (lo, hi), = first["regions"]["china_enforcement"]
    assert hi == 1.0 and abs(lo - 1 / 3) < 1e-9
    rows = list(csv.reader(io.StringIO(_run(*args, "-f", "csv").output)))
    assert any("full_enforcement_works" in r for r in rows)
    assert "\\begin{tabular}" in _run(*args, "-f", "latex").output


def test_claims_bad_input_is_one_line_and_exit_2():
    res = CliRunner().invoke(cli, ["claims", "russia_channel", "-p", "nope"])
    assert res.exit_code == 2 and "no parameter 'nope'" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["claims", "russia_channel", "--samples", "1"])
    assert res.exit_code == 2
