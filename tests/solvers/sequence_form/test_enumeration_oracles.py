"""Vertex enumeration of the sequence form against pygambit's ``enummixed`` on the reduced normal
form (degenerate random trees: payoffs drawn from a few integers), and the limit of the agent-form
logit path checked by pygambit's regret."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.io.efg import write_efg
from bargain.model.extensive import Chance, Decision, ExtensiveGame, Terminal
from bargain.solvers.sequence_form import sequence_form

from .oracle import gambit_behaviour, in_equilibrium_set, plans_of

gbt = pytest.importorskip("pygambit")


def signalling_tree(seed: int, values: int = 3, players: int = 2) -> ExtensiveGame:
    """Chance picks a type; player 1 sees it and sends one of two signals; player 2 sees the signal
    and answers; player 1 then moves again seeing everything (two-round, integer payoffs)."""
    rng = np.random.default_rng(seed)

    def leaf() -> Terminal:
        return Terminal(*(int(v) for v in rng.integers(0, values, players)))

    types = {}
    for t in ("a", "b"):
        sig = {}
        for s in ("s", "r"):
            ans = {}
            for a in ("x", "y"):
                last = Decision("P1", {"u": leaf(), "d": leaf()}, infoset=f"1{t}{s}{a}")
                ans[a] = last if a == "x" else leaf()
            sig[s] = Decision("P2", ans, infoset=f"2{s}")
        types[t] = (Fraction(1, 3) if t == "a" else Fraction(2, 3), Decision("P1", sig, infoset=f"1{t}"))
    names = ("P1", "P2", "P3")[:players]
    return ExtensiveGame(Chance(types), players=names, title=f"signalling {seed}")


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_enumeration_holds_every_extreme_equilibrium_of_enummixed(seed, tmp_path):
    tree = signalling_tree(seed)
    eqs = bg.solve(tree, method="seqform-enum")
    assert eqs.complete
    path = tmp_path / "t.efg"
    write_efg(tree, path)
    ggame = gbt.read_efg(str(path))
    sf = sequence_form(tree)
    gambit = gbt.nash.enummixed_solve(ggame, rational=True).equilibria
    assert gambit
    for profile in gambit:
        b = gambit_behaviour(tree, ggame, profile.as_behavior())
        assert in_equilibrium_set(eqs, plans_of(sf, b)), seed
    # every extreme equilibrium we report is an equilibrium of Gambit's game too
    for e in eqs:
        assert e.regret == 0.0


@pytest.mark.parametrize("players", [2, 3])
def test_agent_qre_limit_is_an_equilibrium_gambit_confirms(players, tmp_path):
    tree = signalling_tree(3, values=7, players=players)
    ours = bg.solve(tree, method="agent-qre")
    assert len(ours) == 1
    path = tmp_path / "t.efg"
    write_efg(tree, path)
    ggame = gbt.read_efg(str(path))
    b = ours[0].behaviour
    profile = ggame.mixed_behavior_profile()
    for h, gset in zip(tree.infosets, _gambit_sets(tree, ggame), strict=True):
        for a, gaction in enumerate(gset.actions):
            profile[gaction] = float(b.probabilities[h.index][a])
    assert float(profile.max_regret()) < 1e-7


def _gambit_sets(tree, ggame):
    """Gambit's information sets in the order of ours (matched through the nodes, numbered alike)."""
    out = [None] * len(tree.infosets)
    for k, gnode in enumerate(ggame.nodes):
        if tree.node_kind(k) == "decision":
            out[tree.node_infoset(k).index] = gnode.infoset
    return out
