"""``agent-logit`` (the limit of the agent logit QRE on the tree) and ``auto``'s use of it for trees that
no complete route can solve: too many behaviour supports and a reduced normal form past the size limit
(Gambit's chain store with three entrants, ``cs.efg``: 16384 x 2 x 8 x 512 reduced strategies).
Checked against Gambit's ``logit_solve`` on the tree, which traces the same path."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.errors import GameError
from bargain.io import read_game
from bargain.solvers.sequence_form import methods
from bargain.solvers.sequential.qre_limit import qre_limit

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def test_auto_takes_the_agent_logit_route_only_when_nothing_complete_fits(monkeypatch):
    tree = read_game(DATA / "my_3-4.efg")
    assert methods.choose_tree_method(tree)[0] != "agent-logit"
    monkeypatch.setattr(methods, "AUTO_MAX_SUPPORTS", 0)
    monkeypatch.setattr(methods, "MAX_PAYOFF_ENTRIES", 1)
    name, why = methods.choose_tree_method(tree)
    assert name == "agent-logit" and "NOT complete" in why
    eqs = bg.solve(tree)
    assert eqs.method == "agent-logit" and not eqs.complete and len(eqs) == 1
    assert eqs.notes[0] == f"auto: {why}"
    assert eqs[0].regret <= tree.tolerance
    limit = qre_limit(tree)
    assert [list(map(float, p)) for p in eqs[0].behaviour.probabilities] == \
        [list(map(float, p)) for p in limit.behaviour.probabilities]


def test_agent_logit_is_for_trees():
    with pytest.raises(GameError, match="solves game trees"):
        bg.solve(bg.Game(np.eye(2)[None].repeat(2, axis=0)), method="agent-logit")


def _gambit_path(node) -> str:
    out = []
    while node.parent is not None:
        out.append(node.prior_action.label)
        node = node.parent
    return "/".join(reversed(out))


@pytest.mark.slow
def test_chain_store_gets_one_verified_equilibrium_and_gambits_logit_limit():
    path = str(DATA / "cs.efg")
    out = CliRunner().invoke(cli, ["solve", path, "--format", "json", "--no-stability", "--quiet"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["method"] == "agent-logit" and data["complete"] is False and len(data["equilibria"]) == 1
    assert "16384 x 2 x 8 x 512" in data["notes"][0] and "NOT complete" in data["notes"][0]
    gbt = pytest.importorskip("pygambit")
    game = gbt.read_efg(path)
    theirs = gbt.nash.logit_solve(game, use_strategic=False).equilibria[0]
    tree = read_game(path)
    where = {tree.node_name(x): h for h in tree.infosets for x in h.nodes}
    behaviour = data["equilibria"][0]["behaviour"]
    for info in game.infosets:
        h = where[_gambit_path(next(iter(info.members)))]
        ours = behaviour[h.label]["probabilities"]
        for action, name in zip(info.actions, h.actions, strict=True):
            assert abs(float(theirs[action]) - float(Fraction(ours[name]))) <= 1e-5
