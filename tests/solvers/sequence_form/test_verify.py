"""The exact regret on the tree in integers (``exact_regrets``) against two independent computations:
the Fraction backward induction of :func:`bargain.solvers.spe_result.best_response_gain` and the
expected payoffs of :meth:`BehaviourProfile.payoffs`, on Kuhn poker (chance with 1/3s), Gambit's
published n-player trees and a tree solved by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bargain.io.efg import read_efg
from bargain.model.extensive import BehaviourProfile, Decision, ExtensiveGame, Terminal
from bargain.solvers.sequence_form.verify import exact_regrets
from bargain.solvers.spe_result import best_response_gain

from .trees import kuhn_poker

DATA = Path(__file__).resolve().parents[2] / "data" / "gambit_trees"


def _random_rows(tree: ExtensiveGame, rng: np.random.Generator) -> list[tuple[Fraction, ...]]:
    rows = []
    for h in tree.infosets:
        w = [int(k) for k in rng.integers(0, 6, size=h.num_actions)]
        if sum(w) == 0:
            w[int(rng.integers(h.num_actions))] = 1
        rows.append(tuple(Fraction(v, sum(w)) for v in w))
    return rows


@pytest.mark.parametrize("name", ["kuhn", "2x2x2", "2s2x2x2", "e08", "g3", "condjury"])
def test_exact_regrets_agree_with_the_fraction_backward_induction(name):
    tree = kuhn_poker() if name == "kuhn" else read_efg(DATA / f"{name}.efg")
    rng = np.random.default_rng(7)
    for _ in range(4):
        rows = _random_rows(tree, rng)
        gains, pays = exact_regrets(tree, rows)
        assert gains == [best_response_gain(tree, rows, True, 0, i) for i in range(tree.n_players)]
        assert pays == list(BehaviourProfile.build(tree, rows, exact=True).payoffs(exact=True))
        assert all(isinstance(g, Fraction) and g >= 0 for g in gains)


def test_exact_regrets_by_hand():
    # player 1 chooses Out (payoff 1 each) or In; after In player 2 chooses l (3, 1) or r (0, 2).
    # With player 1 In and player 2 at l with probability 1/3: player 1 earns 1 (= 3 * 1/3), which
    # equals Out, so no gain; player 2 earns 1/3 + 4/3 = 5/3 and could earn 2 at r: gain 1/3.
    tree = ExtensiveGame(Decision("P1", {"Out": Terminal(1, 1),
                                         "In": Decision("P2", {"l": Terminal(3, 1), "r": Terminal(0, 2)})}),
                         players=("P1", "P2"))
    third = Fraction(1, 3)
    gains, pays = exact_regrets(tree, [(Fraction(0), Fraction(1)), (third, 1 - third)])
    assert gains == [0, third] and pays == [1, Fraction(5, 3)]


@pytest.mark.parametrize("name", ["2x2x2", "g3", "my_3-4"])
def test_the_gate_of_rows_agrees_with_the_gate_of_their_plans(name):
    # behaviour_equilibrium (rows the caller holds) and make_behaviour_equilibrium (plans) verify and
    # return the same thing, and both reject the same non-equilibria
    from bargain.errors import VerificationError
    from bargain.solvers.sequence_form import sequence_form
    from bargain.solvers.sequence_form.verify import behaviour_equilibrium, make_behaviour_equilibrium
    from bargain.solvers.tree_polynomial import tree_enumpoly_solve

    tree = read_efg(DATA / f"{name}.efg")
    sf = sequence_form(tree)
    rng = np.random.default_rng(8)
    solved = [e.behaviour.exact_probabilities for e in tree_enumpoly_solve(tree, exact=True)
              if e.behaviour.exact_probabilities is not None]
    assert solved
    for rows in [*solved, *(_random_rows(tree, rng) for _ in range(6))]:
        b = sf.behaviour_of_rows(rows)
        plans = [sf.plan_from_behaviour(b, i, exact=True) for i in range(tree.n_players)]
        if max(exact_regrets(tree, rows)[0]) > 0:
            with pytest.raises(VerificationError):
                behaviour_equilibrium(sf, b, "x", exact=True)
            with pytest.raises(VerificationError):
                make_behaviour_equilibrium(sf, plans, "x", exact=True)
            continue
        one, two = behaviour_equilibrium(sf, b, "x", exact=True), make_behaviour_equilibrium(sf, plans, "x", exact=True)
        assert one.exact_profile == two.exact_profile and one.exact_payoffs == two.exact_payoffs
        assert np.array_equal(np.concatenate(one.profile), np.concatenate(two.profile)) and one.support == two.support


def test_rows_that_are_not_behaviour_are_refused():
    from bargain.errors import GameError
    from bargain.solvers.sequence_form import sequence_form

    tree = read_efg(DATA / "2x2x2.efg")
    sf = sequence_form(tree)
    good = [(Fraction(1, 2), Fraction(1, 2))] * len(tree.infosets)
    assert sf.behaviour_of_rows(good).probabilities[0].tolist() == [0.5, 0.5]
    for bad in ((Fraction(1, 2), Fraction(1, 3)), (Fraction(3, 2), Fraction(-1, 2)), (Fraction(1),)):
        with pytest.raises(GameError):
            sf.behaviour_of_rows([bad, *good[1:]])
    with pytest.raises(GameError):
        sf.behaviour_of_rows([None, *good[1:]])
