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
