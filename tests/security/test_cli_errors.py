"""Issue items 4 and 10 at the command line: impossible paths and hostile labels give one line,
exit 2; a device given to --output stays a device."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from bargain.cli import cli

NFG = 'NFG 1 R "t" { "A" "B" } { 2 2 } ""\n1 1 0 0 0 0 1 1\n'


def _one_line_exit_2(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("target", ["/proc/bargain.json", "/sys/bargain.json", "n" * 300 + ".json",
                                    "/" + "d" * 6000 + "/x.json", "~nosuchuser_bargain/x.json", "/dev/full"])
def test_impossible_output_paths(tmp_path: Path, target: str) -> None:
    game = tmp_path / "g.nfg"
    game.write_text(NFG)
    os.chdir(tmp_path)
    _one_line_exit_2(CliRunner().invoke(cli, ["solve", str(game), "-o", target]))


@pytest.mark.parametrize("arg", ["~nosuchuser_bargain/x.py", "/" + "d" * 6000 + ".nfg", "x" * 300 + ".py"])
def test_impossible_game_paths(arg: str) -> None:
    _one_line_exit_2(CliRunner().invoke(cli, ["solve", arg]))


def test_output_to_dev_null_keeps_the_device(tmp_path: Path) -> None:
    game = tmp_path / "g.nfg"
    game.write_text(NFG)
    result = CliRunner().invoke(cli, ["solve", str(game), "-o", "/dev/null"])
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_error_messages_do_not_carry_terminal_escapes(tmp_path: Path) -> None:
    game = tmp_path / "g.nfg"
    game.write_text('NFG 1 R "t" { "A\x1b]0;owned\x07" "B" } { 2 2 } ""\n1 1 0 0 0 0 1 1 9\n')
    line = _one_line_exit_2(CliRunner().invoke(cli, ["solve", str(game)]))
    assert "\x1b" not in line and "\x07" not in line
