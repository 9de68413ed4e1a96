"""Gambit's published trees (when ``GAMBIT_GAMES`` names their folder): the sequence form holds
every equilibrium pygambit's ``lcp_solve`` finds, on every two-player tree with perfect recall of at most
17 sequences per player (the larger ones take minutes on a busy machine)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bargain as bg
from bargain.io.efg import read_efg
from bargain.solvers.sequence_form import sequence_form

from .oracle import gambit_behaviour, in_equilibrium_set, plans_of

FOLDER = Path(os.environ.get("GAMBIT_GAMES", "gambit-games-not-given"))
FILES = sorted(FOLDER.glob("*.efg")) if FOLDER.is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not FILES, reason="set GAMBIT_GAMES to the folder of Gambit's .efg files")
def test_two_player_trees_hold_gambits_equilibria():
    gbt = pytest.importorskip("pygambit")
    checked = 0
    for path in FILES:
        tree = read_efg(path)
        if tree.n_players != 2 or not tree.has_perfect_recall:
            continue
        sf = sequence_form(tree)
        if max(sf.num_sequences) > 17:
            continue
        eqs = bg.solve(tree)
        assert eqs.method == "seqform-enum" and eqs.complete, path.name
        try:
            ggame = gbt.read_efg(str(path))
        except ValueError:          # pygambit 16.7 refuses a few of its own files (duplicate labels)
            continue
        for profile in gbt.nash.lcp_solve(ggame, rational=True).equilibria:
            assert in_equilibrium_set(eqs, plans_of(sf, gambit_behaviour(tree, ggame, profile))), path.name
        checked += 1
    assert checked >= 1
