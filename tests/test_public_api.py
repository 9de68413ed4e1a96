"""``import bargain as bg``: the names a user needs, and load_game on every kind of game source."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg


def test_load_game_reads_nfg_json_and_efg_files(tmp_path):
    g = bg.Game.from_matrices([[3, 0], [5, Fraction(1, 3)]], [[3, 5], [0, 1]])
    for suffix in ("nfg", "json"):
        path = tmp_path / f"pd.{suffix}"
        bg.write_game(g, path)
        for arg in (path, str(path)):
            back = bg.load_game(arg)
            assert isinstance(back, bg.Game)
            assert back.is_exact and np.array_equal(back.exact_payoffs, g.exact_payoffs)
    from bargain.model.extensive import Decision, Terminal

    tree = bg.ExtensiveGame(Decision("A", {"L": Terminal(1, 2), "R": Decision("B", {"l": Terminal(0, 0),
                                                                                     "r": Terminal(2, 1)})}),
                            players=("A", "B"))
    bg.write_game(tree, tmp_path / "t.efg")
    back = bg.load_game(tmp_path / "t.efg")
    assert isinstance(back, bg.ExtensiveGame)
    assert back.reduced_normal_form().shape == tree.reduced_normal_form().shape == (2, 2)


def test_load_game_by_name_and_bad_input():
    assert isinstance(bg.load_game("sanctions_triangle"), bg.Model)
    with pytest.raises(bg.GameError):
        bg.load_game("no_such_file.nfg")
    with pytest.raises(bg.GameError):
        bg.load_game("no_such_game")


def test_the_analysis_and_bargaining_names_are_the_library_functions():
    from bargain.analysis.bargaining.alternating import rubinstein
    from bargain.analysis.montecarlo import monte_carlo
    from bargain.analysis.stability import stability
    from bargain.analysis.sweep import sweep

    assert bg.sweep is sweep and bg.monte_carlo is monte_carlo and bg.stability is stability
    assert bg.rubinstein is rubinstein
    assert bg.plot.__name__ == "bargain.plot" and bg.testing.__name__ == "bargain.testing"
