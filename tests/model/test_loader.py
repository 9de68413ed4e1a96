"""load_game and list_games: shipped games by name, user files by path, and every error path."""

from __future__ import annotations

from pathlib import Path

import pytest

import bargain as bg
from bargain import GameError, Model
from bargain.model.loader import games_folder

USER_GAME = '''
from bargain import Model, Parameter

stake = Parameter("stake", 1.0, (0.0, 5.0), unit="utils", meaning="what is at stake", source="test")

def payoffs(p):
    return {("Left", "Left"): (p.stake, 0), ("Left", "Right"): (0, 1),
            ("Right", "Left"): (0, 1), ("Right", "Right"): (1, 0)}

model = Model("user_game", [stake], payoffs, players=("A", "B"),
              strategies=(("Left", "Right"), ("Left", "Right")))
'''


def test_list_games_names_shipped_modules() -> None:
    names = bg.list_games()
    assert names == sorted(names)
    assert not any(n.startswith("_") for n in names)
    folder = games_folder()
    assert folder is not None and folder.name in ("games", "_games")
    for name in names:
        assert (folder / f"{name}.py").exists()


def test_load_user_file_by_path(tmp_path: Path) -> None:
    f = tmp_path / "my_game.py"
    f.write_text(USER_GAME)
    for arg in (str(f), f):
        m = bg.load_game(arg)
        assert isinstance(m, Model) and m.name == "user_game"
        assert m.game(stake=3).payoffs[0, 0, 0] == 3.0


def test_home_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "mine.py").write_text(USER_GAME)
    assert bg.load_game("~/mine.py").name == "user_game"


def test_edited_file_reloads(tmp_path: Path) -> None:
    f = tmp_path / "edit_me.py"
    f.write_text(USER_GAME)
    assert bg.load_game(f).game().payoffs[0, 0, 0] == 1.0
    f.write_text(USER_GAME.replace('(p.stake, 0)', '(2 * p.stake, 0)'))
    assert bg.load_game(f).game().payoffs[0, 0, 0] == 2.0


def test_file_may_import_a_helper_beside_it(tmp_path: Path) -> None:
    (tmp_path / "my_params_helper_x.py").write_text(
        "from bargain import Parameter\n"
        "STAKE = Parameter('stake', 2.0, (0.0, 5.0), unit='u', meaning='m', source='s')\n")
    (tmp_path / "uses_helper.py").write_text(
        USER_GAME.replace('stake = Parameter("stake", 1.0, (0.0, 5.0), unit="utils", meaning="what is at stake", '
                          'source="test")', "from my_params_helper_x import STAKE as stake"))
    m = bg.load_game(tmp_path / "uses_helper.py")
    assert m.defaults == {"stake": 2.0}
    assert str(tmp_path) not in __import__("sys").path


def test_two_files_with_the_same_name_do_not_collide(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "game.py").write_text(USER_GAME)
    (tmp_path / "b" / "game.py").write_text(USER_GAME.replace('"user_game"', '"other_game"'))
    assert bg.load_game(tmp_path / "a" / "game.py").name == "user_game"
    assert bg.load_game(tmp_path / "b" / "game.py").name == "other_game"


def test_model_passes_through() -> None:
    m = Model("x", [], lambda p: {(0,): (1,)}, players=("A",), strategies=(("a",),))
    assert bg.load_game(m) is m


def test_unknown_name_suggests() -> None:
    names = bg.list_games()
    if names:
        typo = names[0][:-1] + ("x" if names[0][-1] != "x" else "y")
        with pytest.raises(GameError, match="did you mean"):
            bg.load_game(typo)
    with pytest.raises(GameError, match=r"unknown game 'no_such_game_here'.*shipped games are"):
        bg.load_game("no_such_game_here")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GameError, match="no such file"):
        bg.load_game(str(tmp_path / "absent.py"))


def test_not_a_py_file(tmp_path: Path) -> None:
    f = tmp_path / "game.txt"
    f.write_text(USER_GAME)
    with pytest.raises(GameError, match=r"not a \.py file.*must define a module-level `model"):
        bg.load_game(f)
    with pytest.raises(GameError, match=r"not a \.py file"):
        bg.load_game(tmp_path)


def test_file_that_fails_to_import(tmp_path: Path) -> None:
    f = tmp_path / "broken.py"
    f.write_text("import numpy as np\nx = 1 / 0\n")
    with pytest.raises(GameError, match=r"broken\.py.*failed to import \(ZeroDivisionError"):
        bg.load_game(f)
    f.write_text("def oops(:\n")
    with pytest.raises(GameError, match="SyntaxError"):
        bg.load_game(f)


def test_file_whose_model_is_invalid(tmp_path: Path) -> None:
    f = tmp_path / "bad_param.py"
    f.write_text("from bargain import Parameter\np = Parameter('x', 5, (0, 1))\n")
    with pytest.raises(GameError, match=r"bad_param\.py.*failed to load.*outside its bounds"):
        bg.load_game(f)


def test_file_without_model(tmp_path: Path) -> None:
    f = tmp_path / "empty.py"
    f.write_text("x = 1\n")
    with pytest.raises(GameError, match=r"defines no `model`; a game module must define"):
        bg.load_game(f)
    f.write_text("model = 42\n")
    with pytest.raises(GameError, match=r"defines `model` as a int, not a bargain\.Model"):
        bg.load_game(f)


def test_bad_argument_type() -> None:
    with pytest.raises(GameError, match="takes a game name or a file path"):
        bg.load_game(3)  # type: ignore[arg-type]
