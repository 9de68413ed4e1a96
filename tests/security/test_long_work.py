"""Issue item 16: a long tree or a big game says at once what is affordable, and long work shows a
fraction and an estimate of the time left."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import bargain.model.scale as scale_module
from bargain.cli import cli
from bargain.cli._common import Status
from bargain.io.nfg import format_nfg
from bargain.model.game import Game


def _centipede(moves: int) -> str:
    lines = ['EFG 2 R "centipede" { "1" "2" }', '""']
    for k in range(moves):
        pl = k % 2 + 1
        lines.append(f'p "" {pl} {k // 2 + 1} "" {{ "T" "C" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k + 2}, {k} }}' if pl == 1 else f't "" {k + 1} "" {{ {k}, {k + 3} }}')
    lines.append(f't "" {moves + 1} "" {{ {moves + 1}, {moves + 1} }}')
    return "\n".join(lines) + "\n"


def test_long_tree_is_refused_at_once_before_enumerating_plans(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "centipede.efg"
    f.write_text(_centipede(300))                    # 151 plans each: 45,602 payoffs
    monkeypatch.setattr(scale_module, "MAX_PAYOFF_ENTRIES", 10_000)
    from bargain.model.extensive import ExtensiveGame

    def never(*_: object) -> None:
        raise AssertionError("the plans were enumerated before the size was checked")

    monkeypatch.setattr(ExtensiveGame, "_enumerate_plans", never)
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["show", str(f)])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "151 x 151" in line and "--spe" in line and len(line.splitlines()) == 1
    assert time.perf_counter() - start < 10
    spe = CliRunner().invoke(cli, ["solve", str(f), "--spe", "--format", "json"])
    assert spe.exit_code == 0, spe.stderr         # the tree itself is still solved


def test_big_game_says_no_complete_answer_is_affordable(tmp_path: Path) -> None:
    # beyond auto's vertex-enumeration limit (48 strategies and 1e5 McMullen vertices on the smaller
    # side; a 20x20 is within it since the completeness work and is enumerated)
    rng = np.random.default_rng(16)
    g = Game.from_matrices(rng.integers(0, 100, (25, 25)), rng.integers(0, 100, (25, 25)))
    f = tmp_path / "big.nfg"
    f.write_text(format_nfg(g))
    result = CliRunner().invoke(cli, ["solve", str(f), "--no-stability", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("note: no complete method is affordable for this 25x25 game")
    assert "--method" in first and "lemke-howson" in first
    quiet = CliRunner().invoke(cli, ["solve", str(f), "--no-stability", "-q"])
    assert quiet.stderr == ""


def test_status_line_shows_a_fraction_and_the_time_left() -> None:
    status = Status("solving x", quiet=False)
    status._start, status._file = time.time() - 10, None
    status.advance(5, 20)
    line = status._line()
    assert "5/20" in line and "left" in line
