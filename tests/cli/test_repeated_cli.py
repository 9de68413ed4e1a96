"""``bargain repeated``: grim-trigger thresholds, minmax values and the SPE payoff set from the CLI."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli


def _pd_file(tmp_path, T: int, R: int, P: int, S: int):
    """A prisoner's dilemma as a Gambit .nfg (first player's strategy varies fastest)."""
    path = tmp_path / "pd.nfg"
    path.write_text(f'NFG 1 R "PD" {{ "Row" "Col" }} {{ {{ "C" "D" }} {{ "C" "D" }} }} ""\n'
                    f'{{ {{ "" {R}, {R} }} {{ "" {T}, {S} }} {{ "" {S}, {T} }} {{ "" {P}, {P} }} }} 1 2 3 4\n')
    return str(path)


@pytest.mark.parametrize(("T", "R", "P", "S"), [(5, 3, 1, 0), (7, 4, 2, -1), (10, 9, 0, -3)])
def test_grim_trigger_threshold_is_textbook_exact(tmp_path, T, R, P, S):
    out = CliRunner().invoke(cli, ["repeated", _pd_file(tmp_path, T, R, P, S), "--delta", "0.95",
                                   "--target", "C,C", "-f", "json"])
    assert out.exit_code == 0, out.output
    row = json.loads(out.output)["profiles"][0]
    # (T - R) / (T - P): Friedman (1971); Fudenberg and Tirole (1991), sec. 5.1.2
    assert Fraction(row["critical_delta"]) == Fraction(T - R, T - P)
    assert row["sustained"] is (Fraction(95, 100) >= Fraction(T - R, T - P))


def test_table_lists_every_profile_minmax_and_the_spe_set(tmp_path):
    out = CliRunner().invoke(cli, ["repeated", _pd_file(tmp_path, 5, 3, 1, 0), "--delta", "9/10"])
    assert out.exit_code == 0, out.output
    assert "C, C" in out.output and "D, D" in out.output and "1/2" in out.output
    assert "Minmax values" in out.output and "subgame-perfect payoff set" in out.output
    data = json.loads(CliRunner().invoke(cli, ["repeated", _pd_file(tmp_path, 5, 3, 1, 0), "--delta", "9/10",
                                               "-f", "json"]).output)
    # mutual cooperation is an extreme SPE payoff, and no SPE gives anyone less than the minmax value 1
    vertices = {tuple(Fraction(x) for x in v) for v in data["spe_payoffs"]["vertices"]}
    assert (Fraction(3), Fraction(3)) in vertices
    assert all(min(v) >= 1 for v in vertices)


def test_a_shipped_model_at_set_values(tmp_path):
    out = CliRunner().invoke(cli, ["repeated", "buffer_state", "--delta", "0.9", "-f", "json"])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)["profiles"]) == int(np.prod(bg.load_game("buffer_state").shape))


@pytest.mark.parametrize(("args", "message"), [
    (["--delta", "1"], "strictly between 0 and 1"),
    (["--delta", "x"], "not a number"),
    (["--target", "C"], "one strategy per player"),
    (["--target", "C,X"], "has no strategy 'X'"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    out = CliRunner().invoke(cli, ["repeated", _pd_file(tmp_path, 5, 3, 1, 0), *args])
    assert out.exit_code == 2
    assert message in out.output and out.output.count("\n") == 1


def test_harshest_punishments_for_two_and_three_players(tmp_path):
    # PD: the minmax 1 is the Nash payoff, so the lowest SPE payoff is 1 for both (an optimal code)
    data = json.loads(CliRunner().invoke(cli, ["repeated", _pd_file(tmp_path, 5, 3, 1, 0), "--delta", "9/10",
                                               "-f", "json"]).output)
    low = data["lowest_payoffs"]
    assert low["optimal"] and [Fraction(x) for x in low["upper"]] == [1, 1]
    # three players, hitting costs the hitter 1 and each other player 2: at δ = 1/2 both others
    # hitting for ever holds a player to the minmax -4, below the Nash payoff 0 (worked by hand)
    from bargain.io.nfg import write_nfg

    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *a)] = -2 * (sum(a) - a[i]) - a[i]
    path = tmp_path / "hit.nfg"
    write_nfg(bg.Game(u, strategies=(("N", "H"),) * 3), path)
    out = CliRunner().invoke(cli, ["repeated", str(path), "--delta", "1/2"])
    assert out.exit_code == 0, out.output
    assert "Harshest punishments" in out.output and "optimal penal code" in out.output
    data = json.loads(CliRunner().invoke(cli, ["repeated", str(path), "--delta", "1/2", "-f", "json"]).output)
    assert [Fraction(x) for x in data["lowest_payoffs"]["upper"]] == [-4, -4, -4]
