"""Issue item 1: a bare game name loads a shipped game only, never code from the current folder.

Each test runs a fresh interpreter in a folder that holds a hostile ``games`` package (its
modules create a marker file when imported): a bare name must neither import it nor list it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import bargain

ROOT = Path(bargain.__file__).resolve().parent.parent


def _hostile_folder(tmp_path: Path) -> Path:
    games = tmp_path / "games"
    games.mkdir()
    for name in ("__init__", "pwn", "buffer_state", "_shared"):
        (games / f"{name}.py").write_text(
            f"open({str(tmp_path / ('ran_' + name))!r}, 'w').close()\n"
            "from bargain import Model\n"
            "model = Model('pwned', [], lambda p: {(0,): (1,)}, players=('A',), strategies=(('a',),))\n")
    return tmp_path


def _run(cwd: Path, *args: str, pythonpath: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_cli_bare_name_never_runs_the_current_folder(tmp_path: Path) -> None:
    here = _hostile_folder(tmp_path)
    bad = _run(here, "-m", "bargain", "solve", "pwn")
    assert bad.returncode == 2
    assert "unknown game 'pwn'" in bad.stderr and "buffer_state" in bad.stderr
    good = _run(here, "-m", "bargain", "show", "buffer_state", "--format", "json")
    assert good.returncode == 0, good.stderr
    assert "pwned" not in good.stdout and "China" in good.stdout
    assert not list(here.glob("ran_*")), "a module of the current folder's games package was imported"


def test_api_bare_name_never_runs_the_current_folder(tmp_path: Path) -> None:
    here = _hostile_folder(tmp_path)
    code = ("import bargain as bg\n"
            "print(bg.list_games())\n"
            "print(bg.load_game('buffer_state').name)\n"
            "try:\n    bg.load_game('pwn')\nexcept bg.GameError as e:\n    print('refused', e)\n")
    out = _run(here, "-c", code)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "pwn" not in lines[0] and "buffer_state" in lines[0]
    assert lines[1] == "buffer_state"
    assert lines[2].startswith("refused unknown game 'pwn'")
    assert not list(here.glob("ran_*"))


def test_explicit_path_still_runs_the_named_file(tmp_path: Path) -> None:
    here = _hostile_folder(tmp_path)
    out = _run(here, "-c", "import bargain as bg; print(bg.load_game('games/pwn.py').name)")
    assert out.stdout.strip() == "pwned"
    assert [p.name for p in here.glob("ran_*")] == ["ran_pwn"]


def test_wheel_layout_ships_games_as_bargain_data(tmp_path: Path) -> None:
    """The layout a wheel installs (``force-include`` games -> bargain/_games) loads without ``games/``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["bargain"]
    assert wheel["force-include"] == {"games": "bargain/_games"}
    site = tmp_path / "site"
    shutil.copytree(ROOT / "bargain", site / "bargain", ignore=shutil.ignore_patterns("__pycache__", "_games"))
    shutil.copytree(ROOT / "games", site / "bargain" / "_games", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "cwd").mkdir()
    here = _hostile_folder(tmp_path / "cwd")
    code = ("import bargain as bg, bargain.model.loader as L, sys\n"
            "print(L.games_folder())\n"
            "m = bg.load_game('sanctions_triangle'); print(m.name)\n"
            "print(sorted(k for k in sys.modules if k == 'games' or k.startswith('games.')))\n")
    out = _run(here, "-c", code, pythonpath=site)
    assert out.returncode == 0, out.stderr
    folder, _name, imported = out.stdout.splitlines()
    assert Path(folder) == (site / "bargain" / "_games").resolve()
    assert imported == "[]"
    assert not list(here.glob("ran_*"))


@pytest.mark.parametrize("name", ["os", "sys", "../games/pwn", "__init__", "_shared", "buffer_state.py.bak"])
def test_names_that_are_not_shipped_games_are_refused(name: str) -> None:
    with pytest.raises(bargain.GameError):
        bargain.load_game(name)


@pytest.mark.parametrize("arg", ["~nosuchuser_bargain/x.py", "/" + "d" * 6000 + "/x.py", "x" * 300 + ".py",
                                 "bad\0name.py"])
def test_impossible_paths_are_one_error(arg: str) -> None:
    with pytest.raises(bargain.GameError) as info:
        bargain.load_game(arg)
    assert len(str(info.value)) < 400 and "\n" not in str(info.value)
