"""The index check of n-player trees on the agent normal form (issue 13: "complete" needs evidence).

Oracles: the agent normal form built here as a table (one player per information set, its owner's
payoff, Selten 1975) and judged by :func:`bargain.solvers.completeness.equilibrium_index`; Gambit's
g3 in both its published forms (``g3.nfg``, copied beside the trees, is the table of the tree
``g3.efg``, whose four players move once each without seeing each other); the index theorem itself
(indices sum to +1 when every equilibrium is regular; a list with one removed does not).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path

import numpy as np
import pytest

import bargain as bg
from bargain.io.efg import read_efg
from bargain.model.extensive import BehaviourProfile, Chance, Decision, ExtensiveGame, Terminal
from bargain.model.game import Game
from bargain.solvers.completeness import equilibrium_index
from bargain.solvers.result import Equilibria
from bargain.solvers.tree_polynomial import tree_enumpoly_solve
from bargain.solvers.tree_polynomial.agent_index import (
    agent_index,
    agent_index_evidence,
    agent_index_sum,
    certify_tree_by_index,
    reaches_every_set,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def agent_normal_form(tree: ExtensiveGame) -> Game:
    """The agent normal form as a table: agent ``h`` plays the actions of set ``h`` for its owner."""
    sets = tree.infosets
    shape = tuple(h.num_actions for h in sets)
    pay = np.zeros((len(sets), *shape))
    for cell in product(*(range(k) for k in shape)):
        u = BehaviourProfile.pure(tree, list(cell)).payoffs()
        pay[(slice(None), *cell)] = [u[h.player] for h in sets]
    return Game(pay, tuple(h.label for h in sets), tuple(h.actions for h in sets))


def chance_tree(seed: int) -> ExtensiveGame:
    """Chance picks a state; players 1 and 3 see it, player 2 sees nothing (not even player 1's move).

    Every set is reached under every profile (chance reaches both states, and each set collects the
    nodes after every earlier move).  Payoffs random integers (generic).
    """
    rng = np.random.default_rng(seed)

    def leaf() -> Terminal:
        return Terminal(*(int(v) for v in rng.integers(-9, 10, 3)))

    def after(state: str) -> Decision:
        p3 = {a: Decision("P3", {"l": leaf(), "r": leaf()}, infoset=f"3{state}") for a in ("x", "y")}
        return Decision("P2", p3, infoset="2")

    states = {s: (Fraction(p), Decision("P1", {m: after(s) for m in ("U", "D")}, infoset=f"1{s}"))
              for s, p in (("a", Fraction(1, 3)), ("b", Fraction(2, 3)))}
    return ExtensiveGame(Chance(states), players=("P1", "P2", "P3"), title=f"chance tree {seed}")


def test_g3_is_complete_by_the_index_with_g3_nfgs_equilibria_and_indices() -> None:
    tree = read_efg(DATA / "g3.efg")
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete and res.evidence.kind == "index" and res.evidence.passed and res.evidence.index_sum == 1
    assert "agent normal form" in res.evidence.detail
    table = agent_normal_form(tree)
    nfg = bg.load_game(DATA / "g3.nfg")
    assert np.array_equal(table.payoffs, nfg.payoffs)           # one set per player: the tree IS g3.nfg
    theirs = bg.solve(nfg, "polynomial")
    assert theirs.complete and theirs.evidence.kind == "index" and len(theirs) == len(res) == 5
    for eq in res:
        rows = [np.asarray(r, dtype=float) for r in eq.behaviour.probabilities]
        same = [e for e in theirs if max(np.abs(a - b).max() for a, b in zip(rows, e.profile, strict=True)) < 1e-7]
        assert len(same) == 1
        assert agent_index(tree, rows) == equilibrium_index(nfg, same[0].profile) is not None


@pytest.mark.parametrize("name", ["2x2x2", "g1", "g2", "g3"])
def test_indices_from_the_tree_are_those_of_the_table(name: str) -> None:
    tree = read_efg(DATA / f"{name}.efg")
    res = tree_enumpoly_solve(tree, exact=True)
    table = agent_normal_form(tree)
    assert reaches_every_set(tree)
    for eq in res:
        rows = eq.behaviour.probabilities
        assert agent_index(tree, rows) == equilibrium_index(table, [np.asarray(r, dtype=float) for r in rows])
    assert agent_index_sum(tree, list(res)) == (1, 0)


@pytest.mark.parametrize("seed", [0, 1, 10, 11])
def test_chance_trees_indices_match_the_table_and_sum_to_one(seed: int) -> None:
    # generic payoffs: 3 or 5 regular equilibria; some supports need a second route, which the check replaces
    tree = chance_tree(seed)
    assert reaches_every_set(tree)
    res = tree_enumpoly_solve(tree, exact=True)
    table = agent_normal_form(tree)
    signs = [agent_index(tree, e.behaviour.probabilities) for e in res]
    assert signs == [equilibrium_index(table, [np.asarray(r, dtype=float) for r in e.behaviour.probabilities])
                     for e in res]
    assert None not in signs and sum(signs) == 1 and len(res) >= 3 and not res.continua
    assert res.complete and res.evidence.kind == "index" and res.evidence.passed


def test_a_set_the_owner_can_avoid_gets_no_index_evidence() -> None:
    # player 1 moves twice; Out at the first set avoids the second, so the agent normal form has
    # equilibria the tree has not (the second agent is free when never reached): no index evidence
    inner = Decision("P1", {"l": Terminal(3, 0, 1), "r": Terminal(0, 2, 0)}, infoset="1b")
    mid = Decision("P2", {"x": inner, "y": Terminal(1, 3, 2)}, infoset="2")
    top = Decision("P3", {"s": Decision("P1", {"Out": Terminal(2, 1, 0), "In": mid}, infoset="1a"),
                          "t": Terminal(1, 1, 1)}, infoset="3")
    tree = ExtensiveGame(top, players=("P1", "P2", "P3"))
    assert not reaches_every_set(tree)
    res = tree_enumpoly_solve(tree, exact=True)
    assert agent_index_evidence(res) is None and res.evidence.kind != "index"
    # another player's move avoiding a set is caught too
    other = ExtensiveGame(Decision("P2", {"x": Decision("P1", {"a": Terminal(1, 0), "b": Terminal(0, 1)}, infoset="1"),
                                          "y": Terminal(0, 0)}, infoset="2"), players=("P1", "P2"))
    assert not reaches_every_set(other)
    # sets behind both branches of a chance node, and behind every move, are always reached
    assert reaches_every_set(chance_tree(0))


def test_a_removed_equilibrium_fails_the_index_check_and_a_second_route_repairs_it() -> None:
    tree = read_efg(DATA / "g3.efg")
    full = tree_enumpoly_solve(tree, exact=True)
    for k in range(len(full)):
        kept = [e for j, e in enumerate(full) if j != k]
        short = Equilibria(tree, kept, full.method, complete=True)
        out = certify_tree_by_index(short, "claimed")
        assert not out.complete and out.evidence.kind == "index" and not out.evidence.passed
        assert out.evidence.index_sum in (0, 2) and "index check failed" in out.notes[-1]
        fixed = certify_tree_by_index(short, "claimed", lambda: list(full), "a second route")
        assert fixed.complete and fixed.evidence.kind == "index" and len(fixed) == len(full)
        assert any("found 1 equilibrium the solver missed" in n for n in fixed.notes)


def test_a_second_route_that_finds_nothing_leaves_a_failed_check_failed() -> None:
    tree = chance_tree(1)
    full = tree_enumpoly_solve(tree, exact=True)
    total, irregular = agent_index_sum(tree, list(full))
    assert total == 1 and irregular == 0 and len(full) >= 2
    short = Equilibria(tree, list(full)[1:], full.method, complete=True)
    out = certify_tree_by_index(short, "claimed", lambda: list(short), "a second route")
    assert not out.complete and not out.evidence.passed and len(out) == len(full) - 1


def test_irregular_equilibria_leave_the_claim_to_the_enumeration() -> None:
    # jury_un's pure equilibria where no juror is ever pivotal are not regular (each is indifferent):
    # the index theorem says nothing, and the claim rests on the enumeration
    tree = read_efg(DATA / "jury_un.efg")
    assert reaches_every_set(tree)
    res = tree_enumpoly_solve(tree, exact=True)
    total, irregular = agent_index_sum(tree, list(res))
    assert total is None and irregular >= 20 and agent_index_evidence(res) is None
    # its one support left to the homotopy (the full one) is decided by the exact Groebner basis when
    # paths fail: no system was settled with probability one, so no second route is needed
    assert res.complete and res.evidence.kind == "enumeration" and "homotopy re-tracked" not in res.evidence.detail


def test_the_check_stands_aside_beyond_its_bounds(monkeypatch) -> None:
    from bargain.solvers.tree_polynomial import agent_index as module

    res = tree_enumpoly_solve(read_efg(DATA / "g3.efg"), exact=True)
    assert agent_index_evidence(res) is not None
    monkeypatch.setattr(module, "MAX_TERMS", 10)
    assert agent_index_evidence(res) is None
    monkeypatch.setattr(module, "MAX_TERMS", 10**9)
    monkeypatch.setattr(module, "MAX_ACTIONS", 7)       # g3 has 8 actions
    assert agent_index_evidence(res) is None
