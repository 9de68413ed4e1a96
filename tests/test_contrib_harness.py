"""The contrib-games harness's agreement check for trees (benchmarks/contrib_games.py).

A Gambit equilibrium of a tree agrees when its realisation plans are those of one of bargain's, or, for
a two-player tree, lie in one of the maximal Nash subsets bargain lists; anything else is a miss.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bargain.cli import cli
from benchmarks.contrib_games import _gambit_one, agreement

E18 = str(Path(__file__).parent / "data" / "gambit_trees" / "e18.efg")


@pytest.fixture(scope="module")
def ours() -> dict:
    out = CliRunner().invoke(cli, ["solve", E18, "--format", "json", "--no-stability", "--quiet"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_gambit_point_inside_a_nash_subset_agrees(ours: dict) -> None:
    pytest.importorskip("pygambit")
    theirs = _gambit_one(E18, "enummixed")
    assert len(theirs["equilibria"]) == 6 and len(ours["equilibria"]) == 5
    assert agreement(ours, theirs, E18) == "ok (plans, 1 in Nash subsets)"
    assert agreement(ours, theirs) == "MISS 1 payoffs"      # without the tree, payoffs only


def test_point_outside_every_nash_subset_is_a_miss(ours: dict) -> None:
    # Player 1 mixes m1/m2 at both types while Player 2 always plays a1: realisation plans of no subset.
    fake = {"equilibria": [{"profile": [[0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0]], "payoffs": [123.0, 45.0]}]}
    assert agreement(ours, fake, E18) == "MISS 1 plans"


def test_same_payoffs_different_plans_is_a_miss(ours: dict) -> None:
    # An equilibrium's payoffs with another profile's plans: the payoff check alone would accept it.
    pytest.importorskip("pygambit")
    real = _gambit_one(E18, "enummixed")["equilibria"][0]
    fake = {"equilibria": [{"profile": [[0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0]], "payoffs": real["payoffs"]}]}
    assert agreement(ours, fake) == "ok (payoffs)"
    assert agreement(ours, fake, E18) == "MISS 1 plans"
